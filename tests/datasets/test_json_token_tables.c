/*
 * test_json_token_tables.c - tables of names and rows found among a
 * document's tokens (ds_json_token_tables.h): what is vouched for and
 * what is left to the tree, token by token; then JSON Lines of documents
 * holding tables (InfluxDB's chunked answers and their neighbours) read
 * through the tokens by the JSON reader, held to its reference reading
 * (cJSON trees): the same table, notes and errors, for every rule that
 * sends a document to the tree, and for chunks mutated at random.
 */
#include "harness.h"
#include "ds_json_scan.h"
#include "ds_json_token_tables.h"

#include <stdlib.h>

static char dir[256];

static const char *format = "jsonl";

#include "json_both_ways.h"

/* The tokens of text, scanned whole into *toks (grown); their count. */
static size_t tokens(struct ds_json_scan *s, const char *text, struct ds_json_scan_tok **toks, size_t *cap)
{
	ds_json_scan_start(s, text, strlen(text), 1);
	for (size_t n = 0;; n++) {
		if (n == *cap) {
			*cap = *cap ? 2 * *cap : 64;
			*toks = realloc(*toks, *cap * sizeof **toks);
		}
		enum ds_json_tok k = ds_json_scan_next(s, &(*toks)[n]);
		if (k == DS_JSON_END || k == DS_JSON_ERROR)
			return n;
	}
}

struct expect {
	const char *text;
	int answer;
	size_t tables, records, all, in_tables;
};

static void test_find(void)
{
	static const struct expect cases[] = {
		/* InfluxDB: two series, the statement's id and the flag outside */
		{"{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"cpu\",\"tags\":{\"host\":\"a\"},"
		 "\"columns\":[\"time\",\"v\"],\"values\":[[\"2024-05-01T00:00:00Z\",1],[\"2024-05-01T00:00:10Z\",2]]},"
		 "{\"name\":\"cpu\",\"tags\":{\"host\":\"b\"},\"columns\":[\"time\",\"v\"],\"values\":[[\"2024-05-01T00:00:00Z\",3]]}],"
		 "\"partial\":true}]}",
		 DS_JSON_TT_TABLES, 2, 3, 16, 14},
		/* the document itself a table; rows before names */
		{"{\"values\":[[1,2],[3,4],[5,6]],\"columns\":[\"a\",\"b\"],\"n\":null}", DS_JSON_TT_TABLES, 1, 3, 9, 9},
		/* no table */
		{"{\"a\":[1,2,3],\"b\":{\"c\":[[1],[2]]}}", DS_JSON_TT_NOT_VOUCHED, 0, 0, 0, 0},
		/* the table holds less than half the values */
		{"{\"t\":{\"columns\":[\"a\"],\"values\":[[1]]},\"x\":[1,2,3,4,5,6]}", DS_JSON_TT_NOT_VOUCHED, 0, 0, 0, 0},
		/* names as objects (ClickHouse's meta): left to the tree */
		{"{\"meta\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"data\":[[1,2],[3,4]]}", DS_JSON_TT_NOT_VOUCHED, 0, 0, 0,
		 0},
		/* a list of one value per row (pandas' index) */
		{"{\"columns\":[\"a\"],\"index\":[0,1],\"data\":[[1],[2]]}", DS_JSON_TT_NOT_VOUCHED, 0, 0, 0, 0},
		/* a member named like a column */
		{"{\"columns\":[\"a\",\"name\"],\"name\":\"x\",\"values\":[[1,2],[3,4]]}", DS_JSON_TT_NOT_VOUCHED, 0, 0, 0,
		 0},
		/* a member object holding a list */
		{"{\"tags\":{\"h\":[1]},\"columns\":[\"a\"],\"values\":[[1],[2],[3]]}", DS_JSON_TT_NOT_VOUCHED, 0, 0, 0, 0},
		/* a member object of values keyed by times: a series */
		{"{\"tags\":{\"2024-05-01T00:00:00Z\":1},\"columns\":[\"a\"],\"values\":[[1],[2],[3]]}",
		 DS_JSON_TT_NOT_VOUCHED, 0, 0, 0, 0},
		/* a member given twice */
		{"{\"name\":\"a\",\"name\":\"b\",\"columns\":[\"a\"],\"values\":[[1],[2],[3]]}", DS_JSON_TT_NOT_VOUCHED, 0,
		 0, 0, 0},
		/* a row holding an object */
		{"{\"columns\":[\"a\",\"b\"],\"values\":[[1,{\"x\":1}],[3,4]]}", DS_JSON_TT_NOT_VOUCHED, 0, 0, 0, 0},
		/* rows of other widths: no table */
		{"{\"columns\":[\"a\",\"b\"],\"values\":[[1,2],[3]]}", DS_JSON_TT_NOT_VOUCHED, 0, 0, 0, 0},
		/* names repeated: no table */
		{"{\"columns\":[\"a\",\"a\"],\"values\":[[1,2],[3,4]]}", DS_JSON_TT_NOT_VOUCHED, 0, 0, 0, 0},
		/* a table deeper than four levels is not looked for */
		{"{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"columns\":[\"x\"],\"values\":[[1],[2]]}}}}}}", DS_JSON_TT_NOT_VOUCHED,
		 0, 0, 0, 0},
		/* four levels down is */
		{"{\"a\":{\"b\":{\"c\":{\"d\":{\"columns\":[\"x\"],\"values\":[[1],[2]]}}}}}", DS_JSON_TT_TABLES, 1, 2, 3,
		 3},
		/* empty containers count no values */
		{"{\"e\":{},\"l\":[],\"columns\":[\"x\"],\"values\":[[1],[2]]}", DS_JSON_TT_NOT_VOUCHED, 0, 0, 0, 0},
		{"{\"e\":{},\"columns\":[\"x\"],\"values\":[[1],[2]]}", DS_JSON_TT_TABLES, 1, 2, 3, 3},
	};
	struct ds_json_scan s;
	struct ds_json_token_tables tt;
	struct ds_json_scan_tok *toks = NULL;
	size_t cap = 0;
	ds_json_scan_init(&s);
	ds_json_token_tables_init(&tt);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const struct expect *e = &cases[i];
		size_t n = tokens(&s, e->text, &toks, &cap);
		int a = ds_json_token_tables_find(&tt, &s, toks, n);
		if (a != e->answer)
			fprintf(stderr, "case %zu: answer %d, wanted %d\n", i, a, e->answer);
		CHECK_INT(a, e->answer);
		if (a != DS_JSON_TT_TABLES || e->answer != DS_JSON_TT_TABLES)
			continue;
		CHECK_INT(tt.n, e->tables);
		CHECK_INT(tt.records, e->records);
		CHECK_INT(tt.all, e->all);
		CHECK_INT(tt.in_tables, e->in_tables);
	}
	/* the first case's tables: their tokens, and the walk helpers */
	size_t n = tokens(&s, cases[0].text, &toks, &cap);
	CHECK_INT(ds_json_token_tables_find(&tt, &s, toks, n), DS_JSON_TT_TABLES);
	const struct ds_json_token_table *t = &tt.t[0];
	CHECK_INT(toks[t->obj].kind, DS_JSON_OBJECT);
	CHECK_STR(ds_json_scan_text(&s, &toks[t->names - 1]), "columns");
	CHECK_STR(ds_json_scan_text(&s, &toks[t->rows - 1]), "values");
	CHECK_INT(t->nrows, 2);
	CHECK_INT(t->width, 2);
	CHECK_INT(tt.t[1].nrows, 1);
	size_t m = ds_json_token_first(toks, t->obj);
	CHECK_STR(ds_json_scan_text(&s, &toks[m - 1]), "name");
	m = ds_json_token_after(&tt, toks, m);
	CHECK_STR(ds_json_scan_text(&s, &toks[m - 1]), "tags");
	m = ds_json_token_after(&tt, toks, m);
	CHECK_STR(ds_json_scan_text(&s, &toks[m - 1]), "columns");
	m = ds_json_token_after(&tt, toks, ds_json_token_after(&tt, toks, m));
	CHECK(ds_json_token_is_close(&toks[m]));
	size_t r = ds_json_token_first(toks, t->rows);
	CHECK_INT(toks[r].kind, DS_JSON_ARRAY);
	CHECK_INT(toks[ds_json_token_first(toks, r)].kind, DS_JSON_STRING);
	r = ds_json_token_after(&tt, toks, ds_json_token_after(&tt, toks, r));
	CHECK(ds_json_token_is_close(&toks[r]));
	/* an empty object: its first child is its close */
	n = tokens(&s, "{}", &toks, &cap);
	CHECK(ds_json_token_is_close(&toks[ds_json_token_first(toks, 0)]));
	CHECK_INT(ds_json_token_tables_find(&tt, &s, toks, n), DS_JSON_TT_NOT_VOUCHED);
	free(toks);
	ds_json_token_tables_free(&tt);
	ds_json_scan_free(&s);
}

/* both_ways() of text[0..len) as STEMi.jsonl, whatever it reads as. */
static void read_both_ways(const char *stem, int i, const char *text, size_t len)
{
	char name[64];
	snprintf(name, sizeof name, "%s%d.jsonl", stem, i);
	int rc;
	struct ll_err err;
	ll_table_free(both_ways(name, text, len, &rc, &err));
}

/* A chunk of an InfluxDB answer a line: series of two hosts, rows from
 * row on, with what variant asks for (each a rule that may send the line
 * to the tree) into buf. */
static size_t chunk(char *buf, size_t cap, int row, int variant)
{
	size_t o = 0;
	o += (size_t)snprintf(buf + o, cap - o, "{\"results\":[{\"statement_id\":0,\"series\":[");
	for (int h = 0; h < 2; h++) {
		const char *tags = variant == 1	  ? "{\"host\":\"h%d\",\"stringValue\":\"x\"}"
				   : variant == 2 ? "{\"host\":\" {\\\"a\\\":1}\"}"
				   : variant == 3 ? "{\"host\":\"h%d\",\"k\":[1]}"
				   : variant == 4 ? "{\"2024-05-01T00:00:00Z\":%d}"
						  : "{\"host\":\"h%d\"}";
		o += (size_t)snprintf(buf + o, cap - o, "%s{\"name\":\"cpu\",\"tags\":", h ? "," : "");
		o += (size_t)snprintf(buf + o, cap - o, tags, h);
		o += (size_t)snprintf(buf + o, cap - o, ",\"columns\":[\"time\",\"%s\",\"v\"]",
				      variant == 5 ? "label" : variant == 6 ? "name" : "u");
		if (variant == 7)
			o += (size_t)snprintf(buf + o, cap - o, ",\"class\":\"c%d\"", h);
		o += (size_t)snprintf(buf + o, cap - o, ",\"values\":[");
		for (int r = 0; r < 3; r++) {
			int i = row + r;
			o += (size_t)snprintf(buf + o, cap - o, "%s[\"2024-05-01T%02d:%02d:%02dZ\",", r ? "," : "", i / 3600 % 24,
					      i / 60 % 60, i % 60);
			if (variant == 5)
				o += (size_t)snprintf(buf + o, cap - o, "\"%s\"", (i + h) % 3 ? "ok" : "bad");
			else if (variant == 8)
				o += (size_t)snprintf(buf + o, cap - o, "%s",
						      "1.00000000000000000000000000000000000000000000000000000000000000001");
			else if (variant == 9)
				o += (size_t)snprintf(buf + o, cap - o, "\"{\\\"k\\\":%d}\"", i);
			else if (variant == 10)
				o += (size_t)snprintf(buf + o, cap - o, "{\"intValue\":\"%d\"}", i);
			else
				o += (size_t)snprintf(buf + o, cap - o, "%d.%d", i % 97, h);
			o += (size_t)snprintf(buf + o, cap - o, ",%s]", variant == 11 && i == 4 ? "1e999" : "null");
		}
		o += (size_t)snprintf(buf + o, cap - o, "]}");
	}
	o += (size_t)snprintf(buf + o, cap - o, "],\"partial\":true}]}\n");
	return o;
}

/* Files of chunks, each of one variant, then of lines of every variant
 * mixed (the label chosen by a line the tokens read, another by the tree),
 * pretty-printed as a stream of objects, and with a line that is no
 * document of tables among them. */
static void test_both_ways(void)
{
	size_t cap = 1 << 16;
	char *text = malloc(cap);
	for (int variant = 0; variant <= 12; variant++) {
		size_t len = 0;
		for (int line = 0; line < 10; line++) {
			int v = variant == 12 ? line % 12 : variant;
			len += chunk(text + len, cap - len, line * 3, v);
		}
		read_both_ways("chunks", variant, text, len);
	}
	/* the label as a column of the first lines, then as a member */
	size_t len = 0;
	for (int line = 0; line < 9; line++)
		len += chunk(text + len, cap - len, line * 3, line < 4 ? 5 : 7);
	ll_table_free(loads("labels.jsonl", text));
	/* a line among them holding no table: not read as documents */
	len = 0;
	for (int line = 0; line < 9; line++)
		len += chunk(text + len, cap - len, line * 3, 0);
	len += (size_t)snprintf(text + len, cap - len, "{\"time\":\"2024-05-01T01:00:00Z\",\"v\":1}\n");
	ll_table_free(loads("strays.jsonl", text));
	/* a stream of objects over several lines; a table at the top of
	 * each line, its label a column; a names list of objects */
	static const char *const others[] = {
		"{\"results\": [{\"series\": [{\"name\": \"m\", \"columns\": [\"time\", \"v\"],\n"
		"  \"values\": [[\"2024-05-01T00:00:00Z\", 1], [\"2024-05-01T00:00:10Z\", 2]]}]}]}\n"
		"{\"results\": [{\"series\": [{\"name\": \"m\", \"columns\": [\"time\", \"v\"],\n"
		"  \"values\": [[\"2024-05-01T00:00:20Z\", 3]]}]}]}\n",
		"{\"columns\":[\"a\",\"label\"],\"values\":[[1,\"x\"],[2,\"y\"]],\"src\":\"s\"}\n"
		"{\"columns\":[\"a\",\"label\"],\"values\":[[3,\"x\"]],\"src\":{\"f\":\"t\",\"g\":{\"h\":null}}}\n",
		"{\"meta\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"data\":[[1,2],[3,4]]}\n"
		"{\"meta\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"data\":[[5,6]]}\n",
	};
	loads_each("others", others, sizeof others / sizeof *others);
	/* a key given twice in a record: the same error both ways */
	static const char twice[] = "{\"columns\":[\"a\",\"b\"],\"values\":[[1,2],[3,4]],\"x\":{\"y\":1,\"y\":2}}\n"
				    "{\"columns\":[\"a\",\"b\"],\"values\":[[5,6]],\"x\":{\"y\":1}}\n";
	ll_table_free(loads("twice.jsonl", twice));
	/* a number beyond a double in a row: the same error both ways */
	len = 0;
	for (int line = 0; line < 4; line++)
		len += chunk(text + len, cap - len, line * 3, line == 1 ? 11 : 0);
	fails("huge.jsonl", text, len, ":2: \"v\": a number beyond the range of a double");
	free(text);
}

/* Chunks with a byte changed, cut short or a stretch repeated here and
 * there: whatever each line reads as, both ways alike. */
static void test_mutations(void)
{
	size_t cap = 1 << 16;
	char *text = malloc(cap), *line = malloc(4096);
	uint64_t rng = 0x9e3779b97f4a7c15ULL;
	static const char bytes[] = "{}[],:\"\\ 0-e.atn\x01\xc3";
	/* a quarter of the files in a slow build (valgrind, sanitizers): the
	 * release suite runs them all */
	int files = ll_test_slow_build() ? 100 : 400;
	for (int file = 0; file < files; file++) {
		size_t len = 0;
		for (int l = 0; l < 10; l++) {
			int variant = (int)(ll_test_xorshift(&rng) % 24);
			size_t n = chunk(line, 4096, l * 3, variant < 12 ? variant : 0);
			if (ll_test_xorshift(&rng) % 3 == 0) {
				size_t pos = ll_test_xorshift(&rng) % (n - 1);
				switch (ll_test_xorshift(&rng) % 3) {
				case 0:
					line[pos] = bytes[ll_test_xorshift(&rng) % (sizeof bytes - 1)];
					break;
				case 1:
					n = pos + 1;
					line[pos] = '\n';
					break;
				default: {
					size_t k = 1 + ll_test_xorshift(&rng) % 12;
					if (pos + k > n - 1)
						k = n - 1 - pos;
					memmove(line + pos + k, line + pos, n - pos);
					n += k;
				}
				}
			}
			memcpy(text + len, line, n);
			len += n;
		}
		read_both_ways("mutated", file, text, len);
	}
	free(line);
	free(text);
}

/* Random text appended to a buffer of cap bytes. */
struct gen {
	char *buf;
	size_t len, cap;
	uint64_t rng;
	unsigned odd; /* one value in odd is one a rule looks at */
};

static unsigned pick(struct gen *g, unsigned n)
{
	return (unsigned)(ll_test_xorshift(&g->rng) % n);
}

static void put(struct gen *g, const char *s)
{
	size_t n = strlen(s);
	if (g->len + n < g->cap) {
		memcpy(g->buf + g->len, s, n);
		g->len += n;
	}
}

/* A name: mostly plain, now and then one a rule looks at. */
static void gen_name(struct gen *g, int i)
{
	static const char *const odd[] = {"label", "class", "stringValue", "intValue", "key", "value", "name",
					  "2024-05-01T00:00:00Z", "a.b", "caf\u00e9", "q\"t", "", "time"};
	char b[32];
	if (pick(g, g->odd) == 0) {
		put(g, "\"");
		put(g, odd[pick(g, sizeof odd / sizeof *odd)]);
		put(g, "\"");
		return;
	}
	snprintf(b, sizeof b, "\"c%d\"", i);
	put(g, b);
}

/* A scalar of any kind, now and then one a rule looks at. */
static void gen_scalar(struct gen *g)
{
	static const char *const odd[] = {"null", "true", "false", "-0", "1e999", "0.1", "\" {\\\"a\\\":1}\"",
					  "\"2024-05-01T10:00:00.250Z\"", "\"n/a\"", "\"0.25\"", "\"\\u0000x\"",
					  "\"\\ud83d\\ude00\"", "12345678901234567890123456789012345678901234567890123456789012345",
					  "\"250ms\"", "1700000000", "\"x\ty\""};
	char b[48];
	if (pick(g, g->odd) == 0) {
		put(g, odd[pick(g, sizeof odd / sizeof *odd)]);
		return;
	}
	switch (pick(g, 3)) {
	case 0:
		snprintf(b, sizeof b, "\"w%u\"", pick(g, 5));
		break;
	default:
		snprintf(b, sizeof b, "%u.%u", pick(g, 1000), pick(g, 100));
	}
	put(g, b);
}

/* A value beside a table's rows: a scalar, an object (maybe of objects,
 * maybe holding a list), a list of one value per row or of anything. */
static void gen_member(struct gen *g, int rows, int depth)
{
	unsigned k = pick(g, 3);
	if (k < 2 || depth > 2) {
		gen_scalar(g);
	} else if (pick(g, g->odd) != 0) {
		put(g, "{");
		int n = (int)pick(g, 4);
		for (int i = 0; i < n; i++) {
			put(g, i ? "," : "");
			gen_name(g, i);
			put(g, ":");
			gen_member(g, rows, depth + 1);
		}
		put(g, "}");
	} else {
		put(g, "[");
		int n = pick(g, 2) ? rows : (int)pick(g, 3);
		for (int i = 0; i < n; i++) {
			put(g, i ? "," : "");
			gen_scalar(g);
		}
		put(g, "]");
	}
}

/* A table of names and rows, its members in a random order. */
static void gen_table(struct gen *g)
{
	int width = 1 + (int)pick(g, 4), rows = 1 + (int)pick(g, 4), nother = (int)pick(g, 3);
	int order = (int)pick(g, 3); /* where the names and rows stand among the others */
	put(g, "{");
	int first = 1;
	for (int m = 0; m <= nother + 1; m++) {
		put(g, first ? "" : ",");
		first = 0;
		int slot = (m + order) % (nother + 2);
		if (slot == 0) {
			put(g, "\"columns\":[");
			for (int i = 0; i < width; i++) {
				put(g, i ? "," : "");
				if (pick(g, 4 * g->odd) == 0)
					put(g, "{\"name\":\"o\"}");
				else
					gen_name(g, i);
			}
			put(g, "]");
		} else if (slot == 1) {
			put(g, "\"values\":[");
			for (int r = 0; r < rows; r++) {
				put(g, r ? ",[" : "[");
				int w = pick(g, 4 * g->odd) == 0 ? width + 1 : width;
				for (int i = 0; i < w; i++) {
					put(g, i ? "," : "");
					if (pick(g, 4 * g->odd) == 0)
						put(g, "{\"x\":1}");
					else
						gen_scalar(g);
				}
				put(g, "]");
			}
			put(g, "]");
		} else {
			gen_name(g, 10 + slot);
			put(g, ":");
			gen_member(g, rows, 0);
		}
	}
	put(g, "}");
}

/* A line: tables at some depth in lists and objects, with other values
 * beside them. */
static void gen_line(struct gen *g)
{
	int depth = (int)pick(g, pick(g, g->odd) ? 4 : 6), tables = 1 + (int)pick(g, 3);
	put(g, "{");
	if (pick(g, 3) == 0) {
		put(g, "\"meta\":");
		gen_member(g, 1, 0);
		put(g, ",");
	}
	put(g, "\"results\":");
	for (int d = 0; d < depth; d++)
		put(g, d % 2 ? "{\"s\":" : "[");
	put(g, "[");
	for (int t = 0; t < tables; t++) {
		put(g, t ? "," : "");
		gen_table(g);
	}
	put(g, "]");
	for (int d = depth - 1; d >= 0; d--)
		put(g, d % 2 ? "}" : "]");
	put(g, "}\n");
}

/* Lines of random documents of tables: whatever each reads as (records,
 * one record, an error), both ways alike. */
static void test_generated(void)
{
	struct gen g = {.cap = 1 << 16, .rng = 0x2545f4914f6cdd1dULL};
	g.buf = malloc(g.cap);
	int files = ll_test_slow_build() ? 150 : 600;
	for (int file = 0; file < files; file++) {
		g.len = 0;
		g.odd = file % 2 ? 4 : 60;
		int lines = 1 + (int)pick(&g, 10);
		for (int l = 0; l < lines; l++)
			gen_line(&g);
		read_both_ways("generated", file, g.buf, g.len);
	}
	free(g.buf);
}

/* Many chunks: read within a few times their size (in a release build:
 * a sanitizer's own memory would be most of the peak). */
static void test_many(void)
{
	if (ll_test_slow_build())
		return;
	size_t cap = (size_t)8 << 20, len = 0;
	char *text = malloc(cap);
	for (int line = 0; line < 5000; line++)
		len += chunk(text + len, cap - len, line * 3, 0);
	loads_within("many.jsonl", text, len, 15000, 6, "JSON Lines file of chunked answers");
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "json_token_tables");
	test_find();
	test_both_ways();
	test_mutations();
	test_generated();
	test_many();
	if (!getenv("LL_KEEP"))
		ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
