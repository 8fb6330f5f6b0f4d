/*
 * test_textconv.c - datasets/ds_textconv.c and a fleet reading files that
 * ds_source converts: the text made in slices equals what ds_source_open
 * makes of the whole file, at every split point and in one-byte slices
 * (a UTF-16 surrogate pair, a mark, an escape sequence, a CRLF cut);
 * plain UTF-8 needs no conversion; a fleet of a UTF-16, a Latin-1, a
 * coloured (plain and gzip'd), a CR-only and a plain file gives each
 * file's rows as the file opened alone, with ds_source's notes; a Latin-1
 * file's label hashes in the fleet are those of the file alone; the plain
 * file is followed as it grows, a converted one is not.
 */
#include "harness.h"

#include "ds_dataset.h"
#include "ds_fleet.h"
#include "ds_labels.h"
#include "ds_source.h"
#include "ds_textconv.h"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

static char tmpdir[512];

static const char *put(const char *name, const void *content, size_t len)
{
	return ll_test_put_bytes(tmpdir, name, content, len);
}

/* Text converted in the slices that cuts[0, ncuts) (ascending) make. */
static char *convert_cut(const char *in, size_t n, const size_t *cuts, size_t ncuts, size_t *outn)
{
	struct ds_textconv c;
	struct ll_err err;
	char *all = malloc(n * 3 + 16);
	size_t o = 0, at = 0;
	if (!all || ds_textconv_plan(&c, in, n, 1, &err) < 0)
		exit(99);
	for (size_t k = 0; k <= ncuts; k++) {
		size_t to = k < ncuts ? cuts[k] : n;
		const char *p;
		size_t m;
		if (ds_textconv_run(&c, in + at, to - at, k == ncuts, &p, &m, &err) != LL_OK)
			exit(99);
		if (m) /* an empty output may come with no buffer */
			memcpy(all + o, p, m);
		o += m;
		at = to;
	}
	ds_textconv_free(&c);
	*outn = o;
	return all;
}

/* data (a file's bytes) converted at every split point and in one-byte
 * slices equals ds_source's text of the whole file. */
static void check_slices(const char *name, const char *data, size_t n, int converts)
{
	struct ds_source *src;
	struct ll_err err;
	CHECK_INT(ds_source_open(&src, put(name, data, n), &err), LL_OK);
	if (!src)
		return;
	struct ds_textconv c;
	CHECK_INT(ds_textconv_plan(&c, data, n, 1, &err), converts);
	ds_textconv_free(&c);
	size_t bad = 0, m;
	for (size_t cut = 0; cut <= n; cut++) {
		char *t = convert_cut(data, n, &cut, 1, &m);
		bad += m != src->size || (m && memcmp(t, src->data, m) != 0);
		free(t);
	}
	CHECK_INT(bad, 0);
	size_t *cuts = malloc((n + 1) * sizeof *cuts);
	for (size_t k = 0; k < n; k++)
		cuts[k] = k + 1;
	char *t = convert_cut(data, n, cuts, n ? n - 1 : 0, &m);
	CHECK(m == src->size && (!m || memcmp(t, src->data, m) == 0));
	if (m != src->size || (m && memcmp(t, src->data, m) != 0))
		fprintf(stderr, "  %s: %zu bytes in slices, %zu alone\n", name, m, src->size);
	free(t);
	free(cuts);
	ds_source_close(src);
}

/* UTF-8 text as UTF-16 (le or not), with a mark when bom. */
static char *utf16_of(const char *s, int le, int bom, size_t *n)
{
	size_t len = strlen(s), o = 0;
	unsigned char *out = malloc(len * 4 + 4);
	if (bom) {
		out[o++] = le ? 0xFF : 0xFE;
		out[o++] = le ? 0xFE : 0xFF;
	}
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		unsigned long c = u[i];
		int k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		if (k > 1)
			c &= 0x3F >> (k - 1);
		for (int j = 1; j < k; j++)
			c = c << 6 | (u[i + j] & 0x3F);
		i += (size_t)k;
		unsigned units[2] = {(unsigned)c, 0};
		int nu = 1;
		if (c >= 0x10000) {
			units[0] = 0xD800 + (unsigned)((c - 0x10000) >> 10);
			units[1] = 0xDC00 + (unsigned)((c - 0x10000) & 0x3FF);
			nu = 2;
		}
		for (int j = 0; j < nu; j++) {
			out[o++] = (unsigned char)(le ? units[j] & 0xFF : units[j] >> 8);
			out[o++] = (unsigned char)(le ? units[j] >> 8 : units[j] & 0xFF);
		}
	}
	*n = o;
	return (char *)out;
}

static void test_slices(void)
{
	const char *text = "2024-01-01 00:00:01 INFO caf\xC3\xA9 \xF0\x9F\x98\x80 ok\r\n"
			   "2024-01-01 00:00:02 WARN \xE2\x82\xAC 5\r\n2024-01-01 00:00:03 ERROR end\r\n";
	size_t n;
	char *u = utf16_of(text, 1, 1, &n);
	check_slices("le.log", u, n, 1);
	free(u);
	u = utf16_of(text, 0, 0, &n);
	check_slices("be.log", u, n, 1);
	free(u);
	/* a lone high surrogate and an odd last byte */
	u = utf16_of("2024-01-01 00:00:01 INFO lone high here\n", 1, 1, &n);
	u[n - 2] = 0x00;
	u[n - 1] = (char)0xD8;
	u[n] = 'x';
	check_slices("lone.log", u, n + 1, 1);
	free(u);
	const char *latin = "2024-01-01 00:00:01 \033[31mWARN\033[0m caf\xE9 cr\xE8me \x80 5\r\n"
			    "2024-01-01 00:00:02 \033]0;title\007INFO na\xEFve \xE9t\xE9\r\n";
	check_slices("latin.log", latin, strlen(latin), 1);
	const char *colour = "\033[1;32m2024-01-01 00:00:01\033[0m INFO \033]8;;http://x\033\\link\033]8;;\033\\\n"
			     "\033[33m2024-01-01 00:00:02 WARN\033[0m \033[ unfinished\n\033[";
	check_slices("colour.log", colour, strlen(colour), 1);
	/* concealed text (Jenkins' console notes) goes in slices as whole */
	const char *notes = "\033[8mha:////4AbCdE=\033[0m[Pipeline] sh\n+ make\n\033[32mok\033[0m \033[8mto the end\n"
			    "\033[8mha:x\033[0mdone\n";
	check_slices("notes.log", notes, strlen(notes), 1);
	const char *cr = "2024-01-01 00:00:01 INFO one\r2024-01-01 00:00:02 INFO two\r";
	check_slices("cr.log", cr, strlen(cr), 1);
	const char *marked = "\xEF\xBB\xBF" "2024-01-01 00:00:01 INFO caf\xE9 stays\n";
	check_slices("marked.log", marked, strlen(marked), 1);
	const char *plain = "2024-01-01 00:00:01 INFO caf\xC3\xA9 \033[31m one code only\n";
	check_slices("plain.log", plain, strlen(plain), 0);
}

static void wait_fleet(struct ds_fleet *f)
{
	for (int i = 0; i < 20000 && !ds_fleet_complete(f); i++) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
}

/* File i of the fleet has the lines of path opened alone, row for row. */
static void check_rows_alone(struct ds_fleet *f, size_t i, const char *path)
{
	struct ds_source *src;
	struct ll_err err;
	CHECK_INT(ds_source_open(&src, path, &err), LL_OK);
	if (!src)
		return;
	size_t nrows = ds_fleet_file_rows(f, i), *rows = calloc(nrows + 1, sizeof *rows);
	CHECK_INT(ds_fleet_rows_of_file(f, i, rows, nrows), LL_OK);
	size_t pos = 0, len, k = 0, bad = 0;
	const char *line;
	while (ds_source_next_line(src->data, src->size, &pos, &line, &len)) {
		struct ds_fleet_row r;
		if (k >= nrows || !ds_fleet_row(f, rows[k], &r) || r.len != len || memcmp(r.text, line, len) != 0) {
			bad++;
			fprintf(stderr, "  %s line %zu differs\n", path, k);
		}
		k++;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(k, nrows);
	free(rows);
	ds_source_close(src);
}

static size_t file_index(struct ds_fleet *f, const char *name)
{
	for (size_t i = 0; i < ds_fleet_nfiles(f); i++)
		if (strcmp(ds_fleet_file_name(f, i), name) == 0)
			return i;
	return (size_t)-1;
}

static void test_fleet(void)
{
	char dir[600], path[700];
	snprintf(dir, sizeof dir, "%s/fleet", tmpdir);
	mkdir(dir, 0755);
	/* UTF-16 long enough to be read in several slices */
	size_t cap = 4000 * 80, o = 0;
	char *text = malloc(cap);
	for (int i = 0; i < 3000; i++)
		o += (size_t)snprintf(text + o, cap - o, "2024-01-01 00:%02d:%02d INFO wide \xE2\x82\xAC %d \xF0\x9F\x98\x80\r\n",
				      i / 60 % 60, i % 60, i);
	size_t n;
	char *u = utf16_of(text, 1, 1, &n);
	put("fleet/wide.log", u, n);
	free(u);
	free(text);
	const char *latin = "2024-01-01 00:00:02 WARN caf\xE9 cr\xE8me\n2024-01-01 00:00:06 INFO na\xEFve \xE9t\xE9\n";
	put("fleet/latin.log", latin, strlen(latin));
	const char *colour = "2024-01-01 00:00:03 \033[31mERROR\033[0m red\n2024-01-01 00:00:07 \033[32mINFO\033[0m green\n";
	put("fleet/colour.log", colour, strlen(colour));
	snprintf(path, sizeof path, "%s/zipped.log.gz", dir);
	gzFile gz = gzopen(path, "wb");
	gzputs(gz, colour);
	gzclose(gz);
	const char *cr = "2024-01-01 00:00:04 INFO one\r2024-01-01 00:00:08 INFO two\r";
	put("fleet/cr.log", cr, strlen(cr));
	const char *plain = "2024-01-01 00:00:01 INFO plain \033[1m one\n2024-01-01 00:00:05 INFO plain two\n";
	put("fleet/plain.log", plain, strlen(plain));

	struct ds_fleet *f;
	struct ll_err err;
	const char *spec = dir;
	CHECK_INT(ds_fleet_open(&f, &spec, 1, NULL, NULL, &err), LL_OK);
	if (!f)
		return;
	wait_fleet(f);
	CHECK_INT(ds_fleet_nfiles(f), 6);
	const char *names[] = {"wide.log", "latin.log", "colour.log", "zipped.log.gz", "cr.log", "plain.log"};
	for (size_t k = 0; k < 6; k++) {
		size_t i = file_index(f, names[k]);
		CHECK(i != (size_t)-1);
		if (i == (size_t)-1)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, names[k]);
		check_rows_alone(f, i, path);
		CHECK_INT(ds_fleet_file_latin1(f, i), k == 1);
	}
	CHECK_INT(ds_fleet_file_rows(f, file_index(f, "wide.log")), 3000);
	int latin_note = 0, colour_note = 0, zipped_note = 0, old = 0;
	for (size_t i = 0; i < ds_fleet_nnotes(f); i++) {
		const char *s = ds_fleet_note(f, i);
		latin_note += strcmp(s, "latin.log: not UTF-8: read as Latin-1 (Windows-1252), 5 characters converted") == 0;
		colour_note += strcmp(s, "colour.log: 4 terminal escape codes (colours, cursor moves) removed from the text") == 0;
		zipped_note += strstr(s, "zipped.log.gz: 4 terminal escape codes") != NULL;
		old += strstr(s, "left out") || strstr(s, "alone") || strstr(s, "plain.log") || strstr(s, "wide.log");
	}
	CHECK_INT(latin_note, 1);
	CHECK_INT(colour_note, 1);
	CHECK_INT(zipped_note, 1);
	CHECK_INT(old, 0);
	/* the plain file is followed as it grows; a converted one, read whole
	 * once as a compressed one is, is not */
	size_t before = ds_fleet_nrows(f);
	const char *more = "2024-01-01 00:00:09 INFO grown\n";
	snprintf(path, sizeof path, "%s/plain.log", dir);
	FILE *fp = fopen(path, "ab");
	fputs(more, fp);
	fclose(fp);
	snprintf(path, sizeof path, "%s/latin.log", dir);
	fp = fopen(path, "ab");
	fputs(more, fp);
	fclose(fp);
	CHECK_INT(ds_fleet_refresh(f), 1);
	for (int i = 0; i < 5000 && ds_fleet_nrows(f) < before + 1; i++) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	wait_fleet(f);
	CHECK_INT(ds_fleet_nrows(f), before + 1);
	CHECK_INT(ds_fleet_file_rows(f, file_index(f, "plain.log")), 3);
	CHECK_INT(ds_fleet_file_rows(f, file_index(f, "latin.log")), 2);
	ds_fleet_close(f);
}

/* The label hash of a fleet's Latin-1 row is the file alone's (its bytes). */
static void test_label_hash(void)
{
	char dir[600], path[700];
	snprintf(dir, sizeof dir, "%s/fleet", tmpdir);
	snprintf(path, sizeof path, "%s/latin.log", dir);
	struct ds_dataset *fl, *one;
	struct ll_err err;
	CHECK_INT(ds_dataset_open(&fl, dir, NULL, &err), LL_OK);
	CHECK_INT(ds_dataset_open(&one, path, NULL, &err), LL_OK);
	if (!fl || !one)
		return;
	while (!ds_dataset_complete(fl)) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	CHECK(ds_dataset_latin1(one));
	struct ds_fleet *f = ds_dataset_fleet(fl);
	size_t i = file_index(f, "latin.log"), rows[2];
	CHECK_INT(ds_fleet_rows_of_file(f, i, rows, 2), LL_OK);
	for (size_t k = 0; k < 2; k++) {
		CHECK(ds_dataset_row_latin1(fl, rows[k]));
		CHECK_INT(ds_labels_row_hash(fl, rows[k]), ds_labels_row_hash(one, k));
	}
	/* a plain file's rows hash as they read */
	size_t j = file_index(f, "plain.log"), prow;
	CHECK_INT(ds_fleet_rows_of_file(f, j, &prow, 1), LL_OK);
	CHECK(!ds_dataset_row_latin1(fl, prow));
	ds_dataset_close(one);
	ds_dataset_close(fl);
}

int main(void)
{
	ll_test_scratch_dir(tmpdir, sizeof tmpdir, "textconv");
	test_slices();
	test_fleet();
	test_label_hash();
	ll_test_remove_dir(tmpdir);
	TEST_MAIN_END();
}
