/*
 * test_latin1.c - datasets/ds_latin1.c and its use by ds_source_open: which
 * starts read as Latin-1 / Windows-1252 (French and German words, Windows
 * quotes, a chance UTF-8 pair among many accents) and which do not (ASCII,
 * UTF-8, UTF-8 with a few stray bytes, Cyrillic in Windows-1251, a NUL, a
 * UTF-8 character cut by the end of the sample); the conversion of every
 * byte, and back; and files opened: converted with a note, lines kept in number,
 * escape codes removed too; UTF-8 files byte for byte and still mapped; a UTF-8 byte
 * order mark keeps stray bytes as they are.
 */
#include "harness.h"

#include "ds_latin1.h"
#include "ds_source.h"

#include <unistd.h>

static char tmpdir[512];

static const char *put(const char *name, const void *content, size_t len)
{
	return ll_test_put_bytes(tmpdir, name, content, len);
}

/* A syslog-like file of n lines, each "... PREFIX<i> WORD", so the lines
 * differ and the sample is as long as a real file's. */
/* a[0, na) then b[0, nb) in one new buffer */
static char *joined(const char *a, size_t na, const char *b, size_t nb)
{
	char *s = malloc(na + nb);
	if (!s)
		exit(99);
	memcpy(s, a, na);
	memcpy(s + na, b, nb);
	return s;
}

static char *lines_of(const char *word, size_t n, size_t *len)
{
	size_t cap = n * (strlen(word) + 64) + 1, o = 0;
	char *s = malloc(cap);
	if (!s)
		exit(99);
	for (size_t i = 0; i < n; i++)
		o += (size_t)snprintf(s + o, cap - o, "Mar  2 06:%02zu:%02zu node07 app[%zu]: %s\n", i / 60 % 60, i % 60,
				      100 + i, word);
	*len = o;
	return s;
}

/* The sniff of head[0, nhead) followed by nlines lines of word. */
static int sniff_after(const char *head, size_t nhead, const char *word, size_t nlines)
{
	size_t n;
	char *tail = lines_of(word, nlines, &n);
	char *all = joined(head, nhead, tail, n);
	int r = ds_latin1_sniff(all, nhead + n);
	free(all);
	free(tail);
	return r;
}

static void test_sniff(void)
{
	static const struct {
		const char *text;
		size_t len; /* 0: strlen */
		int latin1;
	} cases[] = {
		{"plain ASCII text\n", 0, 0},
		{"D\xc3\xa9marrage du service r\xc3\xa9seau\n", 0, 0}, /* UTF-8 */
		{"D\xe9marrage du service r\xe9seau\n", 0, 1},         /* Latin-1 */
		{"Gr\xf6\xdf" "e \xfc" "berschritten\n", 0, 1},       /* two accents side by side */
		{"l\x92" "erreur \x93" "fatale\x94 \x80 12\n", 0, 1},  /* Windows-1252 quotes, euro */
		{"caf\xe9 \xe0 la cr\xe8me\n", 0, 1},
		/* a stray byte among UTF-8 characters: UTF-8 */
		{"r\xc3\xa9seau \xc3\xa9tat \xc3\xa0 jour \xe9t\xc3\xa9\n", 0, 0},
		/* Russian in Windows-1251: whole words of high bytes */
		{"Mar  2 06:17:28 node07 kernel: \xce\xf8\xe8\xe1\xea\xe0 \xe4\xe8\xf1\xea\xe0 sda1 at 12:00 ok\n", 0, 0},
		{"caf\xe9\0 binary\n", 13, 0},
		/* one stray byte in ASCII: a damaged byte as likely as a letter */
		{"\xc8sample\trow\tpart\n1\t1\ttrain\n2\t2\ttest\n", 0, 0},
		{"caf\xe9 au lait\n", 0, 0},
		/* mostly high bytes: not text */
		{"\xe9\xe0 \xe8\xe9 \xe0\xe9 a", 0, 0},
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		size_t n = cases[k].len ? cases[k].len : strlen(cases[k].text);
		int got = ds_latin1_sniff(cases[k].text, n);
		if (got != cases[k].latin1)
			fprintf(stderr, "sniff case %zu\n", k);
		CHECK_INT(got, cases[k].latin1);
	}
	/* One chance UTF-8 pair (Windows-1252 "\xc9\xa9", an E with acute
	 * and a copyright sign) among many accents is Latin-1 still. */
	size_t n, m;
	char *first = lines_of("\xc9\xa9 \xe9t\xe9", 1, &m);
	CHECK_INT(sniff_after(first, m, "\xe9t\xe9 \xe0 caf\xe9 r\xe9seau d\xe9j\xe0 \xe9l\xe8ve", 40), 1);
	free(first);
	char *s;
	/* A UTF-8 character cut by the sample's end is not a stray byte (here
	 * with one stray byte, too few alone); at the file's end it is. */
	s = lines_of("reseau", 2000, &n);
	CHECK(n > DS_LATIN1_SAMPLE + 10);
	s[100] = (char)0xe9;
	memcpy(s + DS_LATIN1_SAMPLE - 10, "aaaaaaaaa\xc3\xa9", 11); /* the sample's last byte starts it */
	CHECK_INT(ds_latin1_sniff(s, n), 0);
	CHECK_INT(ds_latin1_sniff(s, DS_LATIN1_SAMPLE), 1); /* a file that ends there */
	CHECK_INT(ds_latin1_sniff("caf\xe9 cr\xc3", 8), 1);
	free(s);

	/* ASCII for 100 KiB, then accents: judged from the line of the first;
	 * past DS_LATIN1_SCAN, or never, the file stays as it is */
	size_t na, nl;
	char *ascii = lines_of("plain job done on node07", 4500, &na);
	char *lat = lines_of("\xe9t\xe9 \xe0 caf\xe9 r\xe9seau", 40, &nl);
	CHECK(na > 100000 && na < DS_LATIN1_SCAN);
	char *late = joined(ascii, na, lat, nl);
	CHECK_INT(ds_latin1_any_high(late, DS_LATIN1_SAMPLE), 0);
	CHECK_INT(ds_latin1_any_high(late, na + nl), 1);
	CHECK_INT(sniff_after(ascii, na, "\xe9t\xe9 \xe0 caf\xe9 r\xe9seau", 40), 1);
	CHECK_INT(ds_latin1_sniff(late, na), 0); /* all ASCII */
	size_t nf = DS_LATIN1_SCAN + nl;
	char *far = malloc(nf);
	memset(far, 'a', DS_LATIN1_SCAN);
	for (size_t i = 79; i < DS_LATIN1_SCAN; i += 80)
		far[i] = '\n';
	memcpy(far + DS_LATIN1_SCAN, lat, nl);
	CHECK_INT(ds_latin1_sniff(far, nf), 0);
	/* UTF-8 accents late are UTF-8 */
	CHECK_INT(sniff_after(ascii, na, "\xc3\xa9t\xc3\xa9 caf\xc3\xa9", 40), 0);
	free(far);
	free(late);
	free(lat);
	free(ascii);
}

/* Decodes one UTF-8 character at s (as the converter writes them). */
static unsigned long decode(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if (s[0] < 0xE0) {
		*len = 2;
		return (unsigned long)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
	}
	*len = 3;
	return (unsigned long)(s[0] & 0x0F) << 12 | (unsigned long)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
}

static void test_convert(void)
{
	char in[256], out[1024];
	for (int c = 0; c < 256; c++)
		in[c] = (char)c;
	size_t high, len = ds_latin1_utf8_len(in, 256, &high);
	CHECK_INT(high, 128);
	CHECK_INT(ds_latin1_to_utf8(in, 256, out), len);
	/* every byte one character: ASCII as is, 0xA0.. the same code point,
	 * 0x80.. Windows-1252's (the undefined five: C1 controls) */
	static const unsigned long w1252[32] = {0x20AC, 0x81,   0x201A, 0x192,  0x201E, 0x2026, 0x2020, 0x2021,
						0x2C6,  0x2030, 0x160,  0x2039, 0x152,  0x8D,   0x17D,  0x8F,
						0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
						0x2DC,  0x2122, 0x161,  0x203A, 0x153,  0x9D,   0x17E,  0x178};
	size_t o = 0;
	int bad = 0;
	for (int c = 0; c < 256 && o < len; c++) {
		size_t k;
		unsigned long u = decode((const unsigned char *)out + o, &k);
		unsigned long want = c >= 0x80 && c < 0xA0 ? w1252[c - 0x80] : (unsigned long)c;
		if (u != want) {
			fprintf(stderr, "byte 0x%02x: U+%04lx, want U+%04lx\n", c, u, want);
			bad++;
		}
		o += k;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(o, len);
	/* and back, byte for byte; other characters stay as they are */
	CHECK_INT(ds_latin1_from_utf8(out, len), 256);
	CHECK(memcmp(out, in, 256) == 0);
	char other[] = "\xc4\x80 \xe6\x97\xa5 \xe2\x82\xad \xc3";
	CHECK_INT(ds_latin1_from_utf8(other, sizeof other - 1), sizeof other - 1);
	CHECK_STR(other, "\xc4\x80 \xe6\x97\xa5 \xe2\x82\xad \xc3");
	const char fr[] = "r\xe9seau \x80 \x93ok\x94\n";
	len = ds_latin1_to_utf8(fr, sizeof fr - 1, out);
	out[len] = '\0';
	CHECK_STR(out, "r\xc3\xa9seau \xe2\x82\xac \xe2\x80\x9cok\xe2\x80\x9d\n");
}

static struct ds_source *open_text(const char *name, const void *text, size_t n)
{
	struct ds_source *src = NULL;
	struct ll_err err;
	ll_err_clear(&err);
	int rc = ds_source_open(&src, put(name, text, n), &err);
	CHECK_INT(rc, LL_OK);
	if (rc != LL_OK)
		fprintf(stderr, "%s: %s\n", name, err.msg);
	return rc == LL_OK ? src : NULL;
}

static size_t count_lines(const struct ds_source *src)
{
	size_t pos = 0, len, n = 0;
	const char *line;
	while (ds_source_next_line(src->data, src->size, &pos, &line, &len))
		n++;
	return n;
}

static void test_open(void)
{
	const char latin[] = "Mar  2 06:17:28 node07 app: D\xe9marrage du service r\xe9seau\r\n"
			     "Mar  2 06:17:29 node07 app: \x1b[31mGr\xf6\xdf" "e\x1b[0m \xfc" "berschritten\n"
			     "Mar  2 06:17:30 node07 app: plain line";
	const char want[] = "Mar  2 06:17:28 node07 app: D\xc3\xa9marrage du service r\xc3\xa9seau\r\n"
			    "Mar  2 06:17:29 node07 app: Gr\xc3\xb6\xc3\x9f" "e \xc3\xbc" "berschritten\n"
			    "Mar  2 06:17:30 node07 app: plain line";
	struct ds_source *src = open_text("fr.log", latin, sizeof latin - 1);
	if (src) {
		CHECK(src->size == sizeof want - 1 && memcmp(src->data, want, src->size) == 0);
		CHECK_INT(count_lines(src), 3);
		CHECK(src->note && strstr(src->note, "fr.log: not UTF-8: read as Latin-1 (Windows-1252), 5 characters "
							"converted"));
		CHECK(src->note && strstr(src->note, "2 terminal escape codes")); /* both notes */
		uint64_t off;
		CHECK_INT(ds_source_file_offset(src, &off), 0);
		ds_source_close(src);
	}
	/* UTF-8, and UTF-8 with a stray byte: the file's own bytes, mapped */
	const char *utf8[] = {"caf\xc3\xa9 cr\xc3\xa8me \xc3\xa0 la r\xc3\xa9seau\n",
			      "caf\xc3\xa9 cr\xc3\xa8me \xc3\xa0 la r\xc3\xa9seau \xe9t\xc3\xa9\n"};
	for (size_t k = 0; k < 2; k++) {
		src = open_text("utf8.log", utf8[k], strlen(utf8[k]));
		if (!src)
			continue;
		CHECK(src->size == strlen(utf8[k]) && memcmp(src->data, utf8[k], src->size) == 0);
		CHECK(src->note == NULL);
		uint64_t off;
		CHECK_INT(ds_source_file_offset(src, &off), 1);
		ds_source_close(src);
	}
	/* marked UTF-8: its stray bytes stay */
	const char marked[] = "\xef\xbb\xbf" "caf\xe9\n";
	src = open_text("bom.log", marked, sizeof marked - 1);
	if (src) {
		CHECK(src->size == 5 && memcmp(src->data, "caf\xe9\n", 5) == 0);
		CHECK(src->note == NULL);
		ds_source_close(src);
	}
}

int main(void)
{
	ll_test_scratch_dir(tmpdir, sizeof tmpdir, "latin1");
	test_sniff();
	test_convert();
	test_open();
	ll_test_remove_dir(tmpdir);
	TEST_MAIN_END();
}
