/*
 * test_json_scan.c - the pull scanner of JSON values (ds_json_scan.h):
 * the grammar token by token, every escape, numbers as cJSON reads them,
 * the nesting limit, and malformed input (truncated, bad escapes, binary
 * junk, huge strings) refused with the line and the cause; then JSON
 * Lines records read through the scanner by the JSON reader held to its
 * reference reading (cJSON trees), records the scanner leaves to cJSON
 * among them.
 */
#include "harness.h"
#include "ds_json_scan.h"

#include <math.h>
#include <stdlib.h>

static char dir[256];

static const char *format = "jsonl";

#include "json_both_ways.h"

/* The kinds of every token of text, one letter each ({ } [ ] k s n t f z),
 * into out; the last token's kind is returned (END or ERROR). */
static enum ds_json_tok kinds(struct ds_json_scan *s, const char *text, size_t len, char *out, size_t cap)
{
	static const char letter[] = {[DS_JSON_OBJECT] = '{', [DS_JSON_OBJECT_END] = '}', [DS_JSON_ARRAY] = '[',
				      [DS_JSON_ARRAY_END] = ']', [DS_JSON_KEY] = 'k',	   [DS_JSON_STRING] = 's',
				      [DS_JSON_NUMBER] = 'n', [DS_JSON_TRUE] = 't',	   [DS_JSON_FALSE] = 'f',
				      [DS_JSON_NULL] = 'z'};
	struct ds_json_scan_tok t;
	size_t o = 0;
	ds_json_scan_start(s, text, len, 1);
	for (;;) {
		enum ds_json_tok k = ds_json_scan_next(s, &t);
		if (k == DS_JSON_END || k == DS_JSON_ERROR) {
			out[o] = '\0';
			return k;
		}
		if (o + 1 < cap)
			out[o++] = letter[k];
	}
}

/* The error text gives for a text that must fail; NULL (and a failed
 * check) when it scans. */
static const char *error_of(struct ds_json_scan *s, const char *text, size_t len)
{
	char k[256];
	enum ds_json_tok last = kinds(s, text, len, k, sizeof k);
	CHECK_INT(last, DS_JSON_ERROR);
	if (last != DS_JSON_ERROR)
		return NULL;
	return ds_json_scan_error(s, NULL);
}

static void expect_error(struct ds_json_scan *s, const char *text, size_t len, const char *want)
{
	const char *e = error_of(s, text, len);
	if (e && !strstr(e, want))
		fprintf(stderr, "`%.*s`: `%s` lacks `%s`\n", (int)(len < 60 ? len : 60), text, e, want);
	CHECK(e && strstr(e, want));
}

/* A text that must fail (len 0: its strlen) and a part of its message. */
struct bad_text {
	const char *text;
	size_t len;
	const char *want;
};

static void expect_errors(const struct bad_text *b, size_t n)
{
	struct ds_json_scan s;
	ds_json_scan_init(&s);
	for (size_t i = 0; i < n; i++)
		expect_error(&s, b[i].text, b[i].len ? b[i].len : strlen(b[i].text), b[i].want);
	ds_json_scan_free(&s);
}

static void test_grammar(void)
{
	struct ds_json_scan s;
	ds_json_scan_init(&s);
	char k[256];
	const char *doc = " {\"a\": [1, -2.5e+3, true, false, null, {}, []], \"b\": {\"c\": \"x\"}, \"\": 0}\r\n";
	CHECK_INT(kinds(&s, doc, strlen(doc), k, sizeof k), DS_JSON_END);
	CHECK_STR(k, "{k[nntfz{}[]]k{ks}kn}");
	CHECK_INT(ds_json_scan_rest(&s), strlen(doc));
	/* depths: a container's start counts those around it */
	struct ds_json_scan_tok t;
	const char *d = "{\"a\":[{\"b\":1}]}";
	ds_json_scan_start(&s, d, strlen(d), 1);
	unsigned want[] = {0, 1, 1, 2, 3, 3, 2, 1, 0};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		ds_json_scan_next(&s, &t);
		CHECK_INT(t.depth, want[i]);
	}
	CHECK_INT(ds_json_scan_next(&s, &t), DS_JSON_END);
	CHECK_INT(ds_json_scan_next(&s, &t), DS_JSON_END); /* again, the same */
	/* a bare scalar is a value too; what follows it is the caller's */
	const char *two = "7 8";
	CHECK_INT(kinds(&s, two, 3, k, sizeof k), DS_JSON_END);
	CHECK_STR(k, "n");
	CHECK_INT(ds_json_scan_rest(&s), 2);
	/* keys and strings decoded, kept until the next start */
	const char *kv = "{\"host\":\"web1\",\"n\":\"\"}";
	ds_json_scan_start(&s, kv, strlen(kv), 1);
	struct ds_json_scan_tok toks[6];
	for (int i = 0; i < 6; i++)
		ds_json_scan_next(&s, &toks[i]);
	CHECK_STR(ds_json_scan_text(&s, &toks[1]), "host");
	CHECK_STR(ds_json_scan_text(&s, &toks[2]), "web1");
	CHECK_INT(toks[2].len, 4);
	CHECK_STR(ds_json_scan_text(&s, &toks[4]), "");
	CHECK_INT(toks[5].kind, DS_JSON_OBJECT_END);
	ds_json_scan_free(&s);
}

/* Every escape, surrogate pairs, \u0000 kept as written, UTF-8 passed through. */
static void test_escapes(void)
{
	struct ds_json_scan s;
	ds_json_scan_init(&s);
	struct ds_json_scan_tok t;
	static const struct {
		const char *json, *text;
		size_t len;
	} cases[] = {
		{"\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"", "\" \\ / \b \f \n \r \t", 15},
		{"\"\\u0041\\u00e9\\u20AC\"", "A\xc3\xa9\xe2\x82\xac", 6},
		{"\"\\ud83d\\ude00!\"", "\xf0\x9f\x98\x80!", 5},
		/* a lone surrogate, high or low, is U+FFFD */
		{"\"\\udc00\"", "\xef\xbf\xbd", 3},
		{"\"\\ud800x\"", "\xef\xbf\xbdx", 4},
		{"\"\\ud800\\u0041\"", "\xef\xbf\xbd" "A", 4},
		{"\"\\ud800\\ud83d\\ude00\"", "\xef\xbf\xbd\xf0\x9f\x98\x80", 7},
		{"\"a\\u0000b\"", "a\\u0000b", 8},
		{"\"caf\xc3\xa9 \xff\"", "caf\xc3\xa9 \xff", 7},
		{"\"\"", "", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		ds_json_scan_start(&s, cases[i].json, strlen(cases[i].json), 1);
		CHECK_INT(ds_json_scan_next(&s, &t), DS_JSON_STRING);
		CHECK_INT(t.len, cases[i].len);
		CHECK(memcmp(ds_json_scan_text(&s, &t), cases[i].text, cases[i].len) == 0);
		CHECK_INT(ds_json_scan_text(&s, &t)[t.len], '\0');
		CHECK_INT(ds_json_scan_next(&s, &t), DS_JSON_END);
	}
	static const struct bad_text bad_escapes[] = {
		{"\"\\x41\"", 0, "line 1, column 2: a bad escape \\x"},
		{"\"\\u12G4\"", 0, "a bad \\u escape"},
		{"\"a\tb\"", 0, "a raw control character (byte 0x09)"},
		{"\"\\u12", 0, "truncated"},
	};
	expect_errors(bad_escapes, sizeof bad_escapes / sizeof *bad_escapes);
	ds_json_scan_free(&s);
}

static void test_numbers(void)
{
	struct ds_json_scan s;
	ds_json_scan_init(&s);
	struct ds_json_scan_tok t;
	static const char *const good[] = {"0", "-0", "7", "-12.5", "1e3", "1E-3", "2.5e+10", "0.1", "123456789012345678901234567890",
					   "1e999", "4.9e-324", "0.30000000000000004"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		ds_json_scan_start(&s, good[i], strlen(good[i]), 1);
		CHECK_INT(ds_json_scan_next(&s, &t), DS_JSON_NUMBER);
		CHECK_INT(t.len, strlen(good[i]));
		double v = 0;
		CHECK_INT(ds_json_scan_number(good[i] + t.off, t.len, &v), 1);
		double want = strtod(good[i], NULL);
		CHECK(memcmp(&v, &want, sizeof v) == 0); /* strtod's bits, -0 and infinity too */
	}
	/* cJSON reads 63 bytes of a longer number: the caller is told */
	char big[80];
	memset(big, '1', 70);
	double v;
	CHECK_INT(ds_json_scan_number(big, 64, &v), 0);
	CHECK_INT(ds_json_scan_number(big, 63, &v), 1);
	static const struct bad_text bad_numbers[] = {
		{"07", 0, "a leading zero"},
		{"-", 0, "a number without digits"},
		{"1.", 0, "without digits after its decimal point"},
		{"1e+", 0, "without digits in its exponent"},
		{"[.5]", 0, "`.` where a value should start"},
		{"+1", 0, "`+` where a value should start"},
	};
	expect_errors(bad_numbers, sizeof bad_numbers / sizeof *bad_numbers);
	ds_json_scan_free(&s);
}

/* Nesting to the limit scans, one level more is refused. */
static void test_depth(void)
{
	struct ds_json_scan s;
	ds_json_scan_init(&s);
	size_t n = DS_JSON_SCAN_MAX_DEPTH + 1;
	char *deep = malloc(2 * n + 1);
	memset(deep, '[', n);
	memset(deep + n, ']', n);
	char k[4];
	CHECK_INT(kinds(&s, deep + 1, 2 * n - 2, k, sizeof k), DS_JSON_END);
	expect_error(&s, deep, 2 * n, "nested more than 512 deep");
	free(deep);
	ds_json_scan_free(&s);
}

/* Malformed values: the line and column of the fault, and why. */
static void test_malformed(void)
{
	struct ds_json_scan s;
	ds_json_scan_init(&s);
	static const char junk[] = "{\"a\": \x89PNG\r\n\x1a\n}";
	static const struct bad_text bad_values[] = {
		{"{\"a\": 1", 0, "line 1, column 8: the input ends inside an unclosed object (truncated?)"},
		{"[1, 2", 0, "inside an unclosed array"},
		{"{\"a\": \"xy", 0, "line 1, column 7: the input ends inside a string (truncated?)"},
		{"{\"a\": tru", 0, "the input ends inside `true`"},
		{"", 0, "no JSON value"},
		{"  \n ", 0, "no JSON value"},
		{"{\n\"a\": 1,\n}", 0, "line 3, column 1: `}` where a key"},
		{"{\"a\" 1}", 0, "`1` where `:` should follow a key"},
		{"{\"a\": 1 \"b\": 2}", 0, "`\"` where `,` or `}` should follow a value"},
		{"[1 2]", 0, "where `,` or `]` should follow"},
		{"[1}", 0, "where `,` or `]` should follow"},
		{"{a: 1}", 0, "`a` where a key"},
		{"[nul]", 0, "`n` where a value should start"},
		{"[1,]", 0, "`]` where a value should start"},
		{"\x00\x01{}", 4, "byte 0x00 where a value should start"},
		{junk, sizeof junk - 1, "byte 0x89 where a value should start"},
		{"{\"a\": \"x\x01y\"}", 0, "a raw control character (byte 0x01)"},
	};
	expect_errors(bad_values, sizeof bad_values / sizeof *bad_values);
	/* the line counts from where the value starts in its file */
	ds_json_scan_start(&s, "\n\n[?]", 5, 41);
	struct ds_json_scan_tok t;
	while (ds_json_scan_next(&s, &t) != DS_JSON_ERROR)
		;
	size_t at;
	CHECK(strstr(ds_json_scan_error(&s, &at), "line 43, column 2: `?`") != NULL);
	CHECK_INT(at, 3);
	ds_json_scan_free(&s);
}

/* A string of 32 MiB scans whole, with escapes spread through it; cut
 * short it is refused as truncated, not read past its end. Under valgrind
 * (LL_VALGRIND) 2 MiB, where the 32 took 3 s of the test's 8 s of CPU:
 * the same loop and the same doublings of the unescaped copy's buffer,
 * fewer of them (the scanner has no bound on a string's length to reach). */
static void test_huge(void)
{
	struct ds_json_scan s;
	ds_json_scan_init(&s);
	size_t n = (size_t)(getenv("LL_VALGRIND") ? 2 : 32) << 20;
	char *text = malloc(n + 3);
	text[0] = '"';
	for (size_t i = 1; i <= n; i++)
		text[i] = (char)('a' + i % 26);
	for (size_t i = 1000; i + 2 < n; i += 4096) {
		text[i] = '\\';
		text[i + 1] = 'n';
	}
	text[n + 1] = '"';
	struct ds_json_scan_tok t;
	ds_json_scan_start(&s, text, n + 2, 1);
	CHECK_INT(ds_json_scan_next(&s, &t), DS_JSON_STRING);
	size_t escapes = (n - 1000 - 2 + 4095) / 4096;
	CHECK_INT(t.len, n - escapes);
	CHECK_INT(ds_json_scan_text(&s, &t)[1000 - 1], '\n');
	CHECK_INT(ds_json_scan_next(&s, &t), DS_JSON_END);
	expect_error(&s, text, n + 1, "the input ends inside a string (truncated?)");
	free(text);
	ds_json_scan_free(&s);
}

/* JSON Lines records through the scanner against the reference reading:
 * every kind of value and escape, and the records the scanner hands to
 * cJSON (typed values, named lists, JSON inside a string, the label key's
 * choice, long numbers, what only cJSON takes), alone and among others. */
static void test_records(void)
{
	static const char *const texts[] = {
		"{\"ts\":\"2024-05-01T10:00:00Z\",\"host\":\"a\",\"cpu\":1.5,\"ok\":true,\"n\":null}\n"
		"{\"ts\":\"2024-05-01T10:00:01Z\",\"host\":\"b\",\"cpu\":-0,\"ok\":false,\"x\":{\"y\":[1,{\"z\":\"q\"}],\"e\":{}}}\n",
		"{\"s\":\"tab\\tnl\\nq\\\"bs\\\\sl\\/\\b\\f\\r\",\"u\":\"\\u00e9\\ud83d\\ude00\",\"z\":\"a\\u0000b\"}\n"
		"{\"s\":\"plain\",\"\\u0041key\":1}\n",
		"{\"long\":1234567890123456789012345678901234567890123456789012345678901234567890.5}\n{\"long\":2}\n",
		"{\"v\":{\"stringValue\":\"x\"},\"w\":{\"intValue\":\"5\"}}\n{\"v\":{\"stringValue\":\"y\"}}\n",
		"{\"w\":{\"intValue\":\"5\"}}\n{\"w\":{\"boolValue\":true}}\n{\"w\":{\"kvlistValue\":{\"values\":[]}}}\n",
		"{\"attrs\":[{\"key\":\"host\",\"value\":\"a\"},{\"key\":\"pod\",\"value\":\"p\"}]}\n{\"attrs\":[{\"name\":\"x\"}]}\n",
		"{\"log\":\"{\\\"level\\\":\\\"info\\\",\\\"msg\\\":\\\"hi\\\"}\\n\",\"stream\":\"stdout\"}\n"
		"{\"log\":\" {not json\",\"stream\":\"stderr\"}\n{\"a\":{\"b\":{\"c\":\"{\\\"d\\\":1}\"}}}\n",
		"{\"msg\":\"x\",\"label\":1}\n{\"msg\":\"y\",\"label\":0}\n{\"msg\":\"z\"}\n",
		"{\"msg\":\"x\",\"class\":\"bad\"}\n{\"msg\":\"y\",\"class\":null,\"label\":\"ok\"}\n",
		"{\"msg\":\"x\"}\n{\"msg\":\"y\",\"class\":\"c1\"}\n{\"msg\":\"z\",\"class\":\"c2\",\"label\":\"l\"}\n",
		"{\"msg\":\"a\",\"label\":{\"k\":1}}\n{\"msg\":\"b\",\"label\":[1]}\n",
		"{\"a\":\"raw\ttab\"}\n{\"a\":\"ok\"}\n",
		"{\"a\":07}\n{\"a\":8}\n",
		"\x0b{\"a\":1}\n{\"a\":2}\n",
		"{\"a\":1}\n{\"a\":2,\n",
		"{\"n\":\"12.5\",\"m\":\"n/a\",\"d\":\"250ms\",\"t\":\"/Date(1710408413225)/\"}\n"
		"{\"n\":\"3\",\"m\":\"7\",\"d\":\"1h2m\",\"t\":\"/Date(1710408413226)/\"}\n",
		"{\"a\": {\"b\": 1},\n \"c\": 2}\n{\"a\": {\"b\": 3}, \"c\": 4}\n",
		"{\"a\":1}{\"a\":2}\n",
		/* keys given again (later values in a_2, a.b_2), lone surrogates */
		"{\"a\":1,\"a\":2}\n{\"a\":{\"b\":1},\"a.b\":2,\"a\":3}\n",
		"{\"a\":\"\\uD800\"}\n{\"a\":\"b\\udc00\\ud83d\\ude00\"}\n",
	};
	loads_each("records", texts, sizeof texts / sizeof *texts);
	/* what the reader refuses, in the same words both ways */
	static const struct {
		const char *text, *want;
	} bad[] = {
		{"{\"label\":\"a\",\"label\":\"b\"}\n{\"label\":\"c\"}\n", "is given twice in one record"},
		{"{\"big\":1e999}\n", "a number beyond the range of a double"},
		{"{\"a\":1} junk\n{\"a\":2}\n", "more data after the value"},
		{"{\"a\":\"\\q\"}\n", "malformed JSON near byte"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char name[64];
		snprintf(name, sizeof name, "bad%zu.jsonl", i);
		fails(name, bad[i].text, strlen(bad[i].text), bad[i].want);
	}
	/* a record nested deeper than the scanner goes is cJSON's to read */
	size_t n = DS_JSON_SCAN_MAX_DEPTH + 8, len = 0;
	char *deep = malloc(4 * n + 32);
	len += (size_t)sprintf(deep, "{\"a\":");
	for (size_t i = 0; i < n; i++)
		deep[len++] = '[';
	deep[len++] = '1';
	for (size_t i = 0; i < n; i++)
		deep[len++] = ']';
	len += (size_t)sprintf(deep + len, "}\n{\"b\":2}\n");
	int rc;
	struct ll_err err;
	ll_table_free(both_ways("deep.jsonl", deep, len, &rc, &err));
	free(deep);
}

/* Valid records with bytes changed, cut or repeated at random, a few to
 * a file among valid ones: whatever the scanner refuses goes to cJSON, so
 * the table, or the error, is the reference reading's every time. */
static void test_mutations(int array)
{
	static const char *const base[] = {
		"{\"ts\":\"2024-05-01T10:00:00.125Z\",\"host\":\"web-1\",\"cpu\":12.5,\"ok\":true,\"tags\":[\"a\",\"b\"]}",
		"{\"msg\":\"tab\\there \\\"q\\\" \\u00e9\\ud83d\\ude00\",\"n\":-0.5e-3,\"x\":{\"y\":{\"z\":[1,[2,{}],null]}}}",
		"{\"level\":\"warn\",\"label\":1,\"v\":{\"stringValue\":\"s\"},\"log\":\"{\\\"a\\\":1}\"}",
		"{\"attrs\":[{\"key\":\"k\",\"value\":\"v\"}],\"e\":[],\"f\":false,\"big\":123456789012345678901234567890}",
	};
	static const char bytes[] = "\"\\{}[],:\x01\x80u0 e-.tnf\n";
	uint64_t rng = 0x9E3779B97F4A7C15u;
	char text[4096];
	format = array ? "json" : "jsonl";
	for (int file = 0; file < 150; file++) {
		size_t len = 0;
		if (array)
			text[len++] = '[';
		for (int line = 0; line < 12; line++) {
			if (array && line)
				text[len++] = ',';
			const char *rec = base[ll_test_xorshift(&rng) % (sizeof base / sizeof *base)];
			size_t n = strlen(rec), at = len;
			memcpy(text + len, rec, n);
			len += n;
			if (ll_test_xorshift(&rng) % 4 == 0) {
				size_t pos = at + ll_test_xorshift(&rng) % n;
				switch (ll_test_xorshift(&rng) % 3) {
				case 0: /* a byte changed */
					text[pos] = bytes[ll_test_xorshift(&rng) % (sizeof bytes - 1)];
					break;
				case 1: /* cut there */
					len = pos;
					break;
				default: { /* a stretch repeated */
					size_t k = 1 + ll_test_xorshift(&rng) % 12;
					if (pos + k > len)
						k = len - pos;
					memmove(text + pos + k, text + pos, len - pos);
					len += k;
				}
				}
			}
			text[len++] = '\n';
		}
		if (array)
			text[len++] = ']';
		char name[64];
		snprintf(name, sizeof name, "mutated%d.%s", file, format);
		int rc;
		struct ll_err err;
		ll_table_free(both_ways(name, text, len, &rc, &err));
	}
	format = "jsonl";
}

/* A document's list of records is read element by element through the
 * scanner too: the same records as a JSON array, and records that hold
 * a table (rows as lists in a list), which the element-wise reading
 * leaves to the whole tree. */
static void test_documents(void)
{
	format = "json";
	static const char *const texts[] = {
		"[{\"ts\":\"2024-05-01T10:00:00Z\",\"host\":\"a\",\"cpu\":1.5,\"x\":{\"y\":[1,{\"z\":\"q\"}]}},"
		" {\"ts\":\"2024-05-01T10:00:01Z\",\"host\":\"b\",\"cpu\":-0,\"ok\":false,\"s\":\"\\u00e9\\n\"}]",
		"[{\"a\":1,\"label\":\"x\"},{\"a\":2,\"label\":\"y\"},{\"a\":3}]",
		"[{\"name\":\"cpu\",\"columns\":[\"time\",\"v\"],\"values\":[[\"2024-05-01T00:00:00Z\",1],"
		"[\"2024-05-01T00:00:10Z\",2]]},{\"name\":\"mem\",\"columns\":[\"time\",\"v\"],\"values\":[[\"2024-05-01T00:00:00Z\",3]]}]",
		"[{\"a\":[[1,2],[3,4]]},{\"a\":[[5,6]]}]",
		"[{\"a\":1}, {\"a\":1e999}]",
		"[{\"a\":1,\"a\":2}]",
		"[{\"v\":{\"intValue\":\"7\"}},{\"log\":\"{\\\"k\\\":1}\"}]",
		"[{\"a\":1},\n {\"a\":07}]",
		"[{\"a\":1}, 2, \"x\"]",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		char name[64];
		snprintf(name, sizeof name, "doc%zu.json", i);
		int rc;
		struct ll_err err;
		ll_table_free(both_ways(name, texts[i], strlen(texts[i]), &rc, &err));
	}
	format = "jsonl";
}

/* Records of long strings: one a line, read within a few times their size. */
static void test_long_strings(void)
{
	size_t rows = 200, each = (size_t)64 << 10, cap = rows * (each + 64), len = 0;
	char *text = malloc(cap);
	for (size_t r = 0; r < rows; r++) {
		len += (size_t)sprintf(text + len, "{\"id\":%zu,\"body\":\"", r);
		for (size_t i = 0; i < each; i++)
			text[len++] = i % 1000 == 999 ? ' ' : (char)('a' + (r + i) % 26);
		len += (size_t)sprintf(text + len, "\\n\"}\n");
	}
	loads_within("long.jsonl", text, len, rows, 8, "JSON Lines file of long strings");
}

static void test_hex4(void)
{
	unsigned v = 7;
	CHECK_INT(ds_json_hex4("00e9", &v), 1);
	CHECK_INT(v, 0xE9);
	CHECK_INT(ds_json_hex4("D83E", &v), 1);
	CHECK_INT(v, 0xD83E);
	CHECK_INT(ds_json_hex4("dC00x", &v), 1);
	CHECK_INT(v, 0xDC00);
	CHECK_INT(ds_json_hex4("12g4", &v), 0);
	CHECK_INT(ds_json_hex4("-123", &v), 0);
}

/* n lines of JSON Lines, {"ts": .., "a": ..}, but for line first_bad + 1
 * and every every-th after the first, written by the format bad (given the
 * stamp and the index); *len gets the length (the caller frees it). */
static char *lines_with(size_t n, size_t every, size_t first_bad, const char *bad, size_t *len)
{
	size_t cap = n * 80 + 1;
	char *text = malloc(cap), *p = text;
	for (size_t i = 0; text && i < n; i++) {
		int hit = i == first_bad || (every && i % every == 0 && i);
		p += snprintf(p, cap - (size_t)(p - text), hit ? bad : "{\"ts\": %zu, \"a\": %zu.5}\n",
			      (size_t)1700000000 + i, i);
	}
	*len = text ? (size_t)(p - text) : 0;
	return text;
}

/* A record holding a number beyond a double is a bad line like one that
 * is not JSON (skipped, counted, named; refused when too many), the same
 * both ways, and leaves no column of its own; a JSON document's record
 * keeps it the document's error. */
static void test_out_of_range_lines(void)
{
	size_t len;
	/* line 2001 of 3000, with a key of its own: skipped, counted, named */
	char *text = lines_with(3000, 0, 2000, "{\"ts\": %zu, \"a\": 1e400, \"only\": %zu}\n", &len);
	CHECK(text != NULL);
	int rc = LL_EDATA;
	struct ll_err err;
	struct ll_table *t = text ? both_ways("range1.jsonl", text, len, &rc, &err) : NULL;
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2999);
		CHECK_INT(ll_table_ncols(t), 2);
		int noted = 0;
		for (size_t i = 0; i < ll_table_nnotes(t); i++)
			noted |= strstr(ll_table_note_text(t, i), "1 of 3000 lines skipped") &&
				 strstr(ll_table_note_text(t, i), ":2001: \"a\": a number beyond the range of a double");
		CHECK(noted);
	}
	ll_table_free(t);
	free(text);
	/* beside a line that is not JSON, nested, a negative one in an array */
	text = lines_with(3000, 1000, 7, "{\"ts\": %zu, \"x\": {\"y\": [1, -2E+999]}, \"b\": %zu}\n", &len);
	if (text) {
		strstr(text, "\n{\"ts\": 1700000100")[6] = ' '; /* {"ts"  1700000100: not JSON */
		t = both_ways("range2.jsonl", text, len, &rc, &err);
		CHECK_INT(rc, LL_OK);
		CHECK(t && ll_table_nrows(t) == 3000 - 4 && ll_table_ncols(t) == 2);
		ll_table_free(t);
		free(text);
	}
	/* one line in thirty: too many, refused like strays */
	text = lines_with(3000, 30, 0, "{\"ts\": %zu, \"a\": 1e999, \"i\": %zu}\n", &len);
	if (text) {
		fails("range3.jsonl", text, len, "a number beyond the range of a double (and 99 more of the 3000 lines");
		free(text);
	}
	/* the refusal names the kinds of its bad lines: numbers beyond a
	 * double only, or beside lines that are not JSON */
	if (text) {
		text = lines_with(3000, 30, 0, "{\"ts\": %zu, \"a\": 1e999, \"i\": %zu}\n", &len);
		fails("range3.jsonl", text, len, "(and 99 more of the 3000 lines hold a number beyond a double)");
		for (size_t k = 0; k < 10; k++) { /* ten lines not JSON: {"ts"  1700002801, ... */
			char at[32];
			snprintf(at, sizeof at, "\n{\"ts\": %zu,", (size_t)1700002801 + 2 * k);
			strstr(text, at)[6] = ' ';
		}
		fails("range3b.jsonl", text, len,
		      "(and 109 more of the 3000 lines are not JSON (10) or hold a number beyond a double (99))");
		free(text);
	}
	/* a stream of objects over several lines each (jq's output): the
	 * object holding one is skipped like such a line, with a note naming
	 * the line it opens on; one in thirty is refused, named as objects */
	for (int many = 0; many < 2; many++) {
		size_t cap = 3000 * 80, n = 0;
		text = malloc(cap);
		for (size_t i = 0; text && i < 3000; i++) {
			int hit = many ? i % 30 == 29 : i == 2000;
			n += (size_t)snprintf(text + n, cap - n, hit ? "{\n  \"ts\": %zu,\n  \"a\": -1E+400,\n  \"only\": 1\n}\n"
								  : "{\n  \"ts\": %zu,\n  \"a\": %zu.5\n}\n",
					      (size_t)1700000000 + i, i);
		}
		if (!text)
			continue;
		if (many) {
			fails("range6.jsonl", text, n,
			      "range6.jsonl:117: \"a\": a number beyond the range of a double (and 99 more of the 3000 "
			      "objects hold a number beyond a double)");
		} else {
			t = both_ways("range5.jsonl", text, n, &rc, &err);
			CHECK_INT(rc, LL_OK);
			if (rc != LL_OK)
				fprintf(stderr, "range5.jsonl: %s\n", err.msg);
			CHECK(t && ll_table_nrows(t) == 2999 && ll_table_ncols(t) == 2);
			int noted = 0;
			for (size_t i = 0; t && i < ll_table_nnotes(t); i++)
				noted |= strstr(ll_table_note_text(t, i), "1 of 3000 objects skipped, each a record holding") &&
					 strstr(ll_table_note_text(t, i), "range5.jsonl:8001: \"a\": a number beyond") != NULL;
			CHECK(noted);
			ll_table_free(t);
		}
		free(text);
	}
	/* a single JSON document keeps the record's error as its own */
	static const char doc[] = "[{\"a\": 1}, {\"a\": 2}, {\"a\": 1e400}, {\"a\": 4}]";
	const char *path = ll_test_put_bytes(dir, "range4.json", doc, strlen(doc));
	struct ds_open_opts o = {.format = "json"};
	CHECK_INT(ds_load(path, &o, &t, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "record 3: \"a\": a number beyond the range of a double") != NULL);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "json_scan");
	test_grammar();
	test_hex4();
	test_escapes();
	test_numbers();
	test_depth();
	test_malformed();
	test_huge();
	test_records();
	test_mutations(0);
	test_mutations(1);
	test_documents();
	test_long_strings();
	test_out_of_range_lines();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
