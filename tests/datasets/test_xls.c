/*
 * test_xls.c - legacy Excel workbooks (.xls, ds_xls.c over ds_cfb.c) and
 * binary ones (.xlsb, ds_xlsb.c) read as tables: workbooks written here
 * record by record (xls_build.h) with shared strings split across
 * CONTINUE records (the compression changing at the split, rich-text runs
 * and a phonetic block), RK and MULRK numbers, formulas and their cached
 * values, dates by built-in and custom formats, the 1904 calendar, several
 * sheets, an embedded chart, BIFF5's code-page strings; and damaged or
 * hostile compound files (cyclic chains, sectors out of range, huge
 * sizes, truncation, records running past their stream), which must be
 * refused with the file and the problem named.
 */
#include "harness.h"

#include "cell_at.h"
#include "reader_test.h"
#include "xls_build.h"

#include "ds_binary.h"
#include "ds_cfb.h"
#include "ds_dataset.h"
#include "ds_xls.h"

#include <math.h>
#include <stdio.h>

static char dir[256];

enum { BOF = 0x0809, EOF_ = 0x000A, SST = 0x00FC, CONT = 0x003C, LABELSST = 0x00FD, NUMBER = 0x0203, RK = 0x027E,
       MULRK = 0x00BD, LABEL = 0x0204, RSTRING = 0x00D6, BOOLERR = 0x0205, FORMULA = 0x0006, STRING = 0x0207,
       BLANK = 0x0201, MULBLANK = 0x00BE, XF = 0x00E0, FORMAT = 0x041E, BOUNDSHEET = 0x0085, DATEMODE = 0x0022,
       FILEPASS = 0x002F, CODEPAGE = 0x0042 };

static void bof(struct xb *s, unsigned vers, unsigned dt)
{
	struct xb r = {0};
	xb_le(&r, vers, 2);
	xb_le(&r, dt, 2);
	xb_zero(&r, vers >= 0x0600 ? 12 : 4);
	biff_of(s, BOF, &r);
	free(r.p);
}

static void number(struct xb *s, unsigned row, unsigned col, unsigned xf, double v)
{
	struct xb r = {0};
	cell_head(&r, row, col, xf);
	xb_f64(&r, v);
	biff_of(s, NUMBER, &r);
	free(r.p);
}

static void labelsst(struct xb *s, unsigned row, unsigned col, uint32_t i)
{
	struct xb r = {0};
	cell_head(&r, row, col, 0);
	xb_le(&r, i, 4);
	biff_of(s, LABELSST, &r);
	free(r.p);
}

/* A FORMULA record with its cached value: a number, or (type >= 0) a
 * string (0, its STRING next), a boolean (1) or an error (2). */
static void formula(struct xb *s, unsigned row, unsigned col, unsigned xf, double num, int type, int val)
{
	struct xb r = {0};
	cell_head(&r, row, col, xf);
	if (type < 0) {
		xb_f64(&r, num);
	} else {
		xb_le(&r, (unsigned)type, 1);
		xb_le(&r, 0, 1);
		xb_le(&r, (unsigned)val, 1);
		xb_zero(&r, 3);
		xb_le(&r, 0xFFFF, 2);
	}
	xb_le(&r, 0, 2);       /* flags */
	xb_le(&r, 0, 4);       /* chn */
	xb_le(&r, 3, 2);       /* the formula's tokens: 3 bytes */
	xb_put(&r, "\x1E\x01\x00", 3); /* PtgInt 1 */
	biff_of(s, FORMULA, &r);
	free(r.p);
}

/* The strings of the shared string table, the 8th split across a
 * CONTINUE inside its characters (compressed before, UTF-16 after), the
 * 9th a rich string with a phonetic block whose runs a CONTINUE splits. */
static const char *const sst_text[] = {"time", "host", "cpu", "mem", "label", "at", "ok", "alpha-\xCE\xB2" "eta",
				       "rich text", "fault", "normal", "a, \"b\""};

static void sst(struct xb *s)
{
	struct xb r = {0};
	xb_le(&r, 20, 4);
	xb_le(&r, 12, 4);
	for (int i = 0; i < 7; i++)
		ustr(&r, sst_text[i]);
	xb_le(&r, 10, 2); /* "alpha-βeta": 6 compressed, then in the CONTINUE */
	xb_le(&r, 0, 1);
	xb_put(&r, "alpha-", 6);
	biff_of(s, SST, &r);
	xb_le(&r, 1, 1); /* the flags again: 16-bit characters now */
	const uint16_t beta[] = {0x03B2, 'e', 't', 'a'};
	for (int i = 0; i < 4; i++)
		xb_le(&r, beta[i], 2);
	xb_le(&r, 9, 2); /* "rich text": 2 runs, a 6-byte phonetic block */
	xb_le(&r, 0x0C, 1);
	xb_le(&r, 2, 2);
	xb_le(&r, 6, 4);
	xb_put(&r, "rich text", 9);
	xb_le(&r, 0x00010000, 4); /* the first run */
	biff_of(s, CONT, &r);
	xb_le(&r, 0x00020005, 4); /* the second, after the split: no flags byte */
	xb_put(&r, "\x01\x00\x02\x00\x00\x00", 6);
	for (int i = 9; i < 12; i++)
		ustr(&r, sst_text[i]);
	biff_of(s, CONT, &r);
	free(r.p);
}

/* A BIFF8 workbook stream: sheets "Empty" (a blank cell only), "Jobs",
 * a chart sheet and "Notes"; date1904 the calendar; encrypted a FILEPASS;
 * past_end a last record longer than the stream. */
static void book8(struct xb *s, int date1904, int encrypted, int past_end)
{
	struct xb r = {0};
	bof(s, 0x0600, 0x0005);
	if (encrypted) {
		xb_zero(&r, 6);
		biff_of(s, FILEPASS, &r);
	}
	xb_le(&r, 1200, 2);
	biff_of(s, CODEPAGE, &r);
	xb_le(&r, date1904 ? 1 : 0, 2);
	biff_of(s, DATEMODE, &r);
	xb_le(&r, 164, 2);
	ustr(&r, "yyyy-mm-dd hh:mm");
	biff_of(s, FORMAT, &r);
	xb_le(&r, 165, 2);
	ustr(&r, "0.0\" d\"");
	biff_of(s, FORMAT, &r);
	const unsigned fmts[] = {0, 14, 164, 165};
	for (int i = 0; i < 4; i++) {
		xb_le(&r, 0, 2);
		xb_le(&r, fmts[i], 2);
		xb_zero(&r, 16);
		biff_of(s, XF, &r);
	}
	const char *names[] = {"Empty", "Jobs", "Chart1", "Notes"};
	size_t at[4];
	for (int i = 0; i < 4; i++) {
		at[i] = s->n + 4;
		xb_le(&r, 0, 4);
		xb_le(&r, 0, 1);
		xb_le(&r, i == 2 ? 2 : 0, 1); /* a chart sheet */
		xb_le(&r, strlen(names[i]), 1);
		xb_le(&r, 0, 1);
		xb_put(&r, names[i], strlen(names[i]));
		biff_of(s, BOUNDSHEET, &r);
	}
	sst(s);
	/* a drawing group's record: 4000 bytes the reader passes over, which
	 * put the stream in the FAT's sectors */
	xb_zero(&r, 4000);
	biff_of(s, 0x00EB, &r);
	biff(s, EOF_, NULL, 0);

	xb_set32(s, at[0], (uint32_t)s->n);
	bof(s, 0x0600, 0x0010);
	cell_head(&r, 0, 0, 1);
	biff_of(s, BLANK, &r);
	cell_head(&r, 1, 0, 1);
	xb_le(&r, 1, 2);
	xb_le(&r, 2, 2);
	biff_of(s, MULBLANK, &r);
	biff(s, EOF_, NULL, 0);

	xb_set32(s, at[1], (uint32_t)s->n);
	bof(s, 0x0600, 0x0010);
	for (unsigned c = 0; c < 7; c++)
		labelsst(s, 0, c, c);
	/* row 1 in order */
	number(s, 1, 0, 1, 45292);
	labelsst(s, 1, 1, 7);
	xb_le(&r, 1, 2); /* MULRK: row, first column, (xf, rk) each, last column: cpu 15, mem 250 / 100 */
	xb_le(&r, 2, 2);
	xb_le(&r, 0, 2);
	xb_le(&r, rk_int(15), 4);
	xb_le(&r, 0, 2);
	xb_le(&r, rk_int(250) | 1, 4);
	xb_le(&r, 3, 2);
	biff_of(s, MULRK, &r);
	cell_head(&r, 1, 4, 0);
	ustr(&r, "fault");
	biff_of(s, LABEL, &r);
	formula(s, 1, 5, 2, 45292.5, -1, 0);
	cell_head(&r, 1, 6, 0);
	xb_le(&r, 1, 1);
	xb_le(&r, 0, 1);
	biff_of(s, BOOLERR, &r);
	/* an embedded chart's substream: its cells are not the sheet's */
	bof(s, 0x0600, 0x0020);
	number(s, 0, 0, 0, 999);
	biff(s, EOF_, NULL, 0);
	/* row 2 out of order; a double RK, a negative integer one */
	formula(s, 2, 6, 0, 0, 1, 0);
	formula(s, 2, 4, 0, 0, 0, 0);
	xb_zero(&r, 10); /* a shared formula's record between the formula and its STRING */
	biff_of(s, 0x04BC, &r);
	ustr(&r, "normal");
	biff_of(s, STRING, &r);
	number(s, 2, 0, 1, 45293);
	labelsst(s, 2, 1, 8);
	cell_head(&r, 2, 2, 0);
	xb_le(&r, 0x3FF80000u, 4); /* 1.5 */
	biff_of(s, RK, &r);
	cell_head(&r, 2, 3, 0);
	xb_le(&r, rk_int(-3), 4);
	biff_of(s, RK, &r);
	/* row 4 (row 3 has no cell): a number under a format with a quoted d,
	 * rich text, an error */
	number(s, 4, 0, 1, 45294.0);
	labelsst(s, 4, 1, 11);
	number(s, 4, 2, 3, 2.5);
	cell_head(&r, 4, 4, 0);
	ustr(&r, "normal");
	xb_le(&r, 1, 2);
	xb_le(&r, 0, 4);
	biff_of(s, RSTRING, &r);
	cell_head(&r, 4, 6, 0);
	xb_le(&r, 7, 1);
	xb_le(&r, 1, 1);
	biff_of(s, BOOLERR, &r);
	biff(s, EOF_, NULL, 0);

	xb_set32(s, at[2], (uint32_t)s->n);
	bof(s, 0x0600, 0x0020);
	biff(s, EOF_, NULL, 0);

	xb_set32(s, at[3], (uint32_t)s->n);
	bof(s, 0x0600, 0x0010);
	labelsst(s, 0, 0, 1);
	number(s, 1, 0, 0, 7);
	if (past_end) {
		xb_le(s, NUMBER, 2);
		xb_le(s, 200, 2);
		xb_zero(s, 20);
	} else {
		biff(s, EOF_, NULL, 0);
	}
	free(r.p);
}

static const char *write_cfb(const char *name, const char *stream_name, const struct xb *s)
{
	struct xb f = {0};
	cfb_of(&f, stream_name, s->p, s->n);
	const char *path = ll_test_put_bytes(dir, name, f.p, f.n);
	free(f.p);
	return path;
}

static struct ll_table *load_as(const char *path, const char *format, struct ll_err *err, int *rc)
{
	struct ds_open_opts o = {.format = format, .default_year = 2024};
	struct ll_table *t = NULL;
	*rc = ds_load(path, &o, &t, NULL, err);
	return t;
}

static void test_biff8(void)
{
	struct xb s = {0};
	book8(&s, 0, 0, 0);
	CHECK(s.n >= 4096); /* in the FAT's sectors */
	struct ll_err err;
	int rc;
	/* detected by its content whatever its name */
	struct ll_table *t = load_as(write_cfb("report.dat", "Workbook", &s), NULL, &err, &rc);
	if (rc != LL_OK)
		fprintf(stderr, "report.dat: %s\n", err.msg);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_STR(ll_table_meta(t, "format"), "xls");
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_col_type(t, (size_t)ll_table_find_column(t, "time")), LL_COL_TIME);
		CHECK(num_at(t, 0, "time") == 1704067200); /* 2024-01-01 */
		CHECK(num_at(t, 2, "time") == 1704240000); /* 2024-01-03 */
		CHECK_STR(text_at(t, 0, "host"), "alpha-\xCE\xB2" "eta");
		CHECK_STR(text_at(t, 1, "host"), "rich text");
		CHECK_STR(text_at(t, 2, "host"), "a, \"b\"");
		CHECK(num_at(t, 0, "cpu") == 15 && num_at(t, 1, "cpu") == 1.5 && num_at(t, 2, "cpu") == 2.5);
		CHECK(num_at(t, 0, "mem") == 2.5 && num_at(t, 1, "mem") == -3 && isnan(num_at(t, 2, "mem")));
		CHECK_INT(ll_table_nclasses(t), 2); /* the label column: fault, normal */
		CHECK(num_at(t, 0, "at") == 1704110400); /* 2024-01-01 12:00 by the custom format */
		CHECK_STR(text_at(t, 0, "ok"), "true");
		CHECK_STR(text_at(t, 1, "ok"), "false");
		CHECK_STR(text_at(t, 2, "ok"), ""); /* an error is missing */
		CHECK(ll_test_has_note(t, "sheet 'Jobs' of 3"));
		CHECK(ll_test_has_note(t, "'Empty', 'Notes'"));
		CHECK(ll_test_has_note(t, "xls:sheet=NAME"));
		ll_table_free(t);
	}
	/* another sheet by name, ignoring case; a name the workbook lacks */
	t = load_as(write_cfb("jobs.xls", "Workbook", &s), "xls:sheet=notes", &err, &rc);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 1);
		CHECK(num_at(t, 0, "host") == 7);
		ll_table_free(t);
	}
	t = load_as(write_cfb("jobs.xls", "Workbook", &s), "xls:sheet=Nope", &err, &rc);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, "no sheet 'Nope'") && strstr(err.msg, "'Jobs'"));
	t = load_as(write_cfb("jobs.xls", "Workbook", &s), "xls:sheet=Empty", &err, &rc);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, "sheet 'Empty' holds no cells"));
	/* the CSV text itself: dates, numbers written short, text quoted */
	struct ds_text csv = {0};
	char name[64];
	rc = ds_xls_csv("w.xls", (const unsigned char *)NULL, 0, NULL, &csv, name, sizeof name, &err);
	CHECK_INT(rc, LL_EDATA);
	struct xb f = {0};
	cfb_of(&f, "workbook", s.p, s.n); /* stream names ignore case */
	rc = ds_xls_csv("w.xls", f.p, f.n, NULL, &csv, name, sizeof name, &err);
	CHECK_INT(rc, LL_OK);
	CHECK_STR(name, "Jobs");
	CHECK(csv.p && strstr(csv.p, "2024-01-01,alpha-\xCE\xB2" "eta,15,2.5,fault,2024-01-01 12:00:00,true\n"));
	CHECK(csv.p && strstr(csv.p, "2024-01-03,\"a, \"\"b\"\"\",2.5,,normal,,\n"));
	free(csv.p);
	free(f.p);
	free(s.p);
}

static void test_1904_and_mini_stream(void)
{
	/* a short workbook, in the mini stream, of the 1904 calendar */
	struct xb s = {0};
	bof(&s, 0x0600, 0x0005);
	struct xb r = {0};
	xb_le(&r, 1, 2);
	biff_of(&s, DATEMODE, &r);
	xb_le(&r, 0, 2);
	xb_le(&r, 15, 2); /* d-mmm-yy */
	xb_zero(&r, 16);
	biff_of(&s, XF, &r);
	size_t at = s.n + 4;
	xb_le(&r, 0, 6);
	xb_le(&r, 2, 1);
	xb_le(&r, 1, 1);
	xb_le(&r, 0x41, 2); /* "A" in 16-bit characters */
	xb_le(&r, 0x0394, 2); /* "Δ" */
	biff_of(&s, BOUNDSHEET, &r);
	biff(&s, EOF_, NULL, 0);
	xb_set32(&s, at, (uint32_t)s.n);
	bof(&s, 0x0600, 0x0010);
	cell_head(&r, 0, 0, 0);
	ustr(&r, "day");
	biff_of(&s, LABEL, &r);
	number(&s, 1, 0, 0, 0);
	number(&s, 2, 0, 0, 43830);
	biff(&s, EOF_, NULL, 0);
	CHECK(s.n < 4096);
	struct ll_err err;
	int rc;
	struct ll_table *t = load_as(write_cfb("days.xls", "Workbook", &s), NULL, &err, &rc);
	if (rc != LL_OK)
		fprintf(stderr, "days.xls: %s\n", err.msg);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK(num_at(t, 0, "day") == -2082844800); /* 1904-01-01 */
		CHECK(num_at(t, 1, "day") == 1704067200);  /* 2024-01-01 */
		CHECK(ll_test_has_note(t, "sheet 'A\xCE\x94'"));
		ll_table_free(t);
	}
	free(r.p);
	free(s.p);
}

static void test_biff5(void)
{
	/* Excel 95: the "Book" stream, strings of bytes in the code page */
	struct xb s = {0}, r = {0};
	bof(&s, 0x0500, 0x0005);
	xb_le(&r, 1252, 2);
	biff_of(&s, CODEPAGE, &r);
	size_t at = s.n + 4;
	xb_le(&r, 0, 6);
	xb_le(&r, 7, 1);
	xb_put(&r, "Donn\xE9" "es", 7);
	biff_of(&s, BOUNDSHEET, &r);
	biff(&s, EOF_, NULL, 0);
	xb_set32(&s, at, (uint32_t)s.n);
	bof(&s, 0x0500, 0x0010);
	cell_head(&r, 0, 0, 0);
	xb_le(&r, 4, 2);
	xb_put(&r, "name", 4);
	biff_of(&s, LABEL, &r);
	cell_head(&r, 0, 1, 0);
	xb_le(&r, 5, 2);
	xb_put(&r, "price", 5);
	biff_of(&s, LABEL, &r);
	cell_head(&r, 1, 0, 0);
	xb_le(&r, 5, 2);
	xb_put(&r, "caf\xE9\x80", 5);
	biff_of(&s, LABEL, &r);
	number(&s, 1, 1, 0, 2.75);
	biff(&s, EOF_, NULL, 0);
	struct ll_err err;
	int rc;
	struct ll_table *t = load_as(write_cfb("old.xls", "Book", &s), NULL, &err, &rc);
	if (rc != LL_OK)
		fprintf(stderr, "old.xls: %s\n", err.msg);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_STR(text_at(t, 0, "name"), "caf\xC3\xA9\xE2\x82\xAC");
		CHECK(num_at(t, 0, "price") == 2.75);
		CHECK(ll_test_has_note(t, "sheet 'Donn\xC3\xA9" "es'"));
		ll_table_free(t);
	}
	free(r.p);
	free(s.p);
}

/* A refusal naming the file and containing what. */
static void refused(const char *path, const char *format, const char *what)
{
	struct ll_err err;
	int rc;
	struct ll_table *t = load_as(path, format, &err, &rc);
	const char *slash = strrchr(path, '/');
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, slash ? slash + 1 : path) != NULL);
	if (!strstr(err.msg, what))
		fprintf(stderr, "%s: wanted '%s' in: %s\n", path, what, err.msg);
	CHECK(strstr(err.msg, what) != NULL);
	ll_table_free(t);
}

static void test_refusals(void)
{
	struct xb s = {0}, f = {0};
	book8(&s, 0, 1, 0);
	refused(write_cfb("locked.xls", "Workbook", &s), NULL, "encrypted (password-protected)");
	/* another OLE2 file stays refused by name */
	refused(write_cfb("letter.doc", "WordDocument", &s), NULL, "legacy Office file");
	s.n = 0;
	book8(&s, 0, 0, 1);
	refused(write_cfb("past.xls", "Workbook", &s), "xls:sheet=Notes", "runs past its stream");

	s.n = 0;
	book8(&s, 0, 0, 0);
	cfb_of(&f, "Workbook", s.p, s.n);
	size_t fat = 512, dirent1 = 1024 + 128;
	/* among logs (a fleet) a workbook is named as one, another OLE2 file as before */
	const char *kind, *how;
	CHECK(ds_binary_kind((const char *)f.p, f.n, &kind, &how) && strstr(kind, "legacy Excel workbook") &&
	      strstr(how, "--format xls"));
	struct xb doc = {0};
	cfb_of(&doc, "WordDocument", s.p, s.n);
	CHECK(ds_binary_kind((const char *)doc.p, doc.n, &kind, &how) && strstr(kind, "legacy Office file (.doc"));
	/* what a sniff of the first bytes can tell */
	CHECK_INT(ds_cfb_peek(f.p, f.n, "workbook"), 1);
	CHECK_INT(ds_cfb_peek(doc.p, doc.n, "Workbook"), 0);
	CHECK_INT(ds_cfb_peek(f.p, 1000, "Workbook"), -1); /* the directory is beyond */
	free(doc.p);
	/* a cycle in the stream's chain: sector 3 leads back to 2 */
	struct xb g = {0};
	xb_put(&g, f.p, f.n);
	xb_set32(&g, fat + 4 * 3, 2);
	refused(ll_test_put_bytes(dir, "cycle.xls", g.p, g.n), NULL, "loops");
	/* the directory's chain a loop of one */
	g.n = 0;
	xb_put(&g, f.p, f.n);
	xb_set32(&g, fat + 4 * 1, 1);
	refused(ll_test_put_bytes(dir, "dirloop.xls", g.p, g.n), "xls", "the directory's chain loops");
	/* the stream's first sector far out of the file */
	g.n = 0;
	xb_put(&g, f.p, f.n);
	xb_set32(&g, dirent1 + 0x74, 5000);
	refused(ll_test_put_bytes(dir, "range.xls", g.p, g.n), "xls", "out of range");
	/* a size of 2 GiB declared: refused before any allocation */
	g.n = 0;
	xb_put(&g, f.p, f.n);
	xb_set32(&g, dirent1 + 0x78, 0x7FFFFFF0u);
	refused(ll_test_put_bytes(dir, "huge.xls", g.p, g.n), "xls", "more than the file holds");
	/* the FAT's sector out of the file */
	g.n = 0;
	xb_put(&g, f.p, f.n);
	xb_set32(&g, 0x4C, 90000);
	refused(ll_test_put_bytes(dir, "fat.xls", g.p, g.n), "xls", "FAT sector 90000 is out of range");
	/* cut: the file ends inside the stream */
	refused(ll_test_put_bytes(dir, "cut.xls", f.p, f.n / 2), "xls", "compound file");
	refused(ll_test_put_bytes(dir, "head.xls", f.p, 300), "xls", "shorter than its 512-byte header");
	free(g.p);
	free(f.p);
	free(s.p);
}

/* Seeded damage to a workbook: every load a table or an error naming the
 * file, never a crash (the suite runs under ASan and valgrind). */
static void test_mutants(void)
{
	struct xb s = {0}, f = {0};
	book8(&s, 0, 0, 0);
	cfb_of(&f, "Workbook", s.p, s.n);
	CHECK_INT(rt_mutants(dir, "mx", (const char *)f.p, f.n, 60, "xls", "\xFF\xFE\x3C\x00\x0A", 7), 0);
	free(f.p);
	free(s.p);
}

/* ---- .xlsb ---- */

static void xlsb_parts(struct xb *wb, struct xb *sst, struct xb *sty, struct xb *sh1, struct xb *sh2, int date1904)
{
	struct xb r = {0};
	b12(wb, 131, NULL);
	xb_le(&r, date1904 ? 1 : 0, 4);
	xb_le(&r, 0, 4);
	wstr(&r, "");
	b12(wb, 153, &r);
	r.n = 0;
	b12(wb, 143, NULL);
	const char *ids[] = {"rId1", "rId2"}, *names[] = {"Data", "More"};
	for (int i = 0; i < 2; i++) {
		r.n = 0;
		xb_le(&r, 0, 4);
		xb_le(&r, (unsigned)i + 1, 4);
		wstr(&r, ids[i]);
		wstr(&r, names[i]);
		b12(wb, 156, &r);
	}
	b12(wb, 144, NULL);
	b12(wb, 132, NULL);

	const char *strs[] = {"time", "host", "cpu", "label", "at", "ok", "fault", "normal"};
	r.n = 0;
	xb_le(&r, 8, 4);
	xb_le(&r, 8, 4);
	b12(sst, 159, &r);
	for (int i = 0; i < 8; i++) {
		r.n = 0;
		xb_le(&r, i == 1 ? 1 : 0, 1);
		wstr(&r, strs[i]);
		if (i == 1) { /* a rich string: its runs after the text */
			xb_le(&r, 1, 4);
			xb_le(&r, 0, 4);
		}
		b12(sst, 19, &r);
	}
	b12(sst, 160, NULL);

	b12(sty, 615, NULL);
	r.n = 0;
	xb_le(&r, 164, 2);
	wstr(&r, "yyyy-mm-dd hh:mm");
	b12(sty, 44, &r);
	b12(sty, 616, NULL);
	/* a cell style's XF with a date format: not a cell's */
	b12(sty, 626, NULL);
	r.n = 0;
	xb_le(&r, 0xFFFF, 2);
	xb_le(&r, 14, 2);
	xb_zero(&r, 12);
	b12(sty, 47, &r);
	b12(sty, 627, NULL);
	b12(sty, 617, NULL);
	const unsigned fmts[] = {0, 14, 164};
	for (int i = 0; i < 3; i++) {
		r.n = 0;
		xb_le(&r, 0, 2);
		xb_le(&r, fmts[i], 2);
		xb_zero(&r, 12);
		b12(sty, 47, &r);
	}
	b12(sty, 618, NULL);

	b12(sh1, 129, NULL);
	b12(sh1, 145, NULL);
	for (uint32_t row = 0; row < 4; row++) {
		r.n = 0;
		xb_le(&r, row == 3 ? 5 : row, 4);
		xb_zero(&r, 13);
		b12(sh1, 0, &r);
		if (row == 0) {
			for (uint32_t c = 0; c < 6; c++) {
				b12_cell(&r, c, 0);
				xb_le(&r, c == 3 ? 3 : c == 4 ? 4 : c == 5 ? 5 : c, 4);
				b12(sh1, 7, &r);
			}
		} else if (row == 1) {
			b12_cell(&r, 0, 1);
			xb_f64(&r, 45292);
			b12(sh1, 5, &r);
			b12_cell(&r, 1, 0);
			wstr(&r, "inline, text");
			b12(sh1, 6, &r);
			b12_cell(&r, 2, 0);
			xb_le(&r, rk_int(15), 4);
			b12(sh1, 2, &r);
			b12_cell(&r, 3, 0);
			xb_le(&r, 6, 4);
			b12(sh1, 7, &r);
			b12_cell(&r, 4, 2);
			xb_f64(&r, 45292.5);
			xb_le(&r, 0, 2);
			b12(sh1, 9, &r);
			b12_cell(&r, 5, 0);
			xb_le(&r, 1, 1);
			b12(sh1, 4, &r);
		} else if (row == 2) {
			b12_cell(&r, 0, 1);
			xb_le(&r, rk_int(45293), 4);
			b12(sh1, 2, &r);
			b12_cell(&r, 1, 0);
			wstr(&r, "formula text");
			xb_le(&r, 0, 2);
			b12(sh1, 8, &r);
			b12_cell(&r, 2, 0);
			xb_le(&r, 0x3FF80000u | 1, 4); /* 1.5 / 100 */
			b12(sh1, 2, &r);
			b12_cell(&r, 3, 0);
			xb_le(&r, 7, 4);
			b12(sh1, 7, &r);
			b12_cell(&r, 5, 0);
			xb_le(&r, 0, 1);
			xb_le(&r, 0, 2);
			b12(sh1, 10, &r);
		} else {
			b12_cell(&r, 0, 1);
			xb_f64(&r, 45294);
			b12(sh1, 5, &r);
			b12_cell(&r, 2, 0);
			b12(sh1, 1, &r); /* blank: a style alone */
			b12_cell(&r, 3, 0);
			xb_le(&r, 6, 4);
			b12(sh1, 7, &r);
			b12_cell(&r, 5, 0);
			xb_le(&r, 0x07, 1);
			b12(sh1, 3, &r);
		}
	}
	b12(sh1, 146, NULL);
	b12(sh1, 130, NULL);

	b12(sh2, 129, NULL);
	b12(sh2, 145, NULL);
	r.n = 0;
	xb_zero(&r, 17);
	b12(sh2, 0, &r);
	b12_cell(&r, 0, 0); /* a rich string cell: flags, the text, its runs */
	xb_le(&r, 1, 1);
	wstr(&r, "note");
	xb_le(&r, 1, 4);
	xb_le(&r, 0, 4);
	b12(sh2, 62, &r);
	r.n = 0;
	xb_le(&r, 1, 4);
	xb_zero(&r, 13);
	b12(sh2, 0, &r);
	b12_cell(&r, 0, 0);
	xb_f64(&r, 0.1 + 0.2);
	b12(sh2, 5, &r);
	b12(sh2, 146, NULL);
	free(r.p);
}

#define RELS                                                                                                       \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"                   \
	"<Relationship Id=\"rId2\" Type=\"x/worksheet\" Target=\"/xl/worksheets/sheet2.bin\"/>"                    \
	"<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"/xl/styles.bin\"/>"                              \
	"<Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.bin\"/></Relationships>"
#define ROOT_RELS                                                                                                  \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "     \
	"Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" " \
	"Target=\"xl/workbook.bin\"/></Relationships>"
#define TYPES "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"

/* An .xlsb to dir/name; cut_sheet: its first sheet's part ends inside a
 * record. types_first: the content types first (the xlsx reader then
 * claims the zip and hands it on). */
static const char *xlsb_file(const char *name, int date1904, int cut_sheet, int types_first)
{
	struct xb wb = {0}, sst = {0}, sty = {0}, sh1 = {0}, sh2 = {0};
	struct buf z = {0};
	xlsb_parts(&wb, &sst, &sty, &sh1, &sh2, date1904);
	if (cut_sheet)
		sh1.n -= 4; /* into BrtEndSheetData's header */
	struct zent e[8];
	size_t lens[8], n = 0;
	if (types_first) {
		lens[n] = strlen(TYPES);
		e[n++] = (struct zent){"[Content_Types].xml", TYPES, 0, 0, 0, 0};
		lens[n] = strlen(ROOT_RELS);
		e[n++] = (struct zent){"_rels/.rels", ROOT_RELS, 0, 0, 0, 0};
	}
	lens[n] = wb.n;
	e[n++] = (struct zent){"xl/workbook.bin", (const char *)wb.p, 0, 0, 0, 0};
	lens[n] = strlen(RELS);
	e[n++] = (struct zent){"xl/_rels/workbook.bin.rels", RELS, 0, 0, 0, 0};
	lens[n] = sst.n;
	e[n++] = (struct zent){"xl/SharedStrings.bin", (const char *)sst.p, 0, 0, 0, 0}; /* a writer's case */
	lens[n] = sty.n;
	e[n++] = (struct zent){"xl/styles.bin", (const char *)sty.p, 0, 0, 0, 0};
	lens[n] = sh1.n;
	e[n++] = (struct zent){"xl/worksheets/sheet1.bin", (const char *)sh1.p, 0, 0, 0, 0};
	lens[n] = sh2.n;
	e[n++] = (struct zent){"xl/worksheets/sheet2.bin", (const char *)sh2.p, 0, 0, 0, 0};
	zip_of_lens(&z, e, lens, n);
	const char *path = ll_test_put_bytes(dir, name, z.p, z.n);
	free(wb.p);
	free(sst.p);
	free(sty.p);
	free(sh1.p);
	free(sh2.p);
	free(z.p);
	return path;
}

static void test_xlsb(void)
{
	struct ll_err err;
	int rc;
	for (int types_first = 0; types_first < 2; types_first++) {
		/* the zip detected, or claimed as an .xlsx and handed on */
		struct ll_table *t = load_as(xlsb_file("jobs.bin", 0, 0, types_first), types_first ? "xlsx" : NULL, &err, &rc);
		if (rc != LL_OK)
			fprintf(stderr, "jobs.bin: %s\n", err.msg);
		CHECK_INT(rc, LL_OK);
		if (!t)
			continue;
		CHECK_STR(ll_table_meta(t, "format"), types_first ? "xlsx" : "xlsb");
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_col_type(t, (size_t)ll_table_find_column(t, "time")), LL_COL_TIME);
		CHECK(num_at(t, 0, "time") == 1704067200 && num_at(t, 1, "time") == 1704153600);
		CHECK_STR(text_at(t, 0, "host"), "inline, text");
		CHECK_STR(text_at(t, 1, "host"), "formula text");
		CHECK_STR(text_at(t, 2, "host"), "");
		CHECK(num_at(t, 0, "cpu") == 15 && num_at(t, 1, "cpu") == 0.015 && isnan(num_at(t, 2, "cpu")));
		CHECK_INT(ll_table_nclasses(t), 2);
		CHECK(num_at(t, 0, "at") == 1704110400);
		CHECK_STR(text_at(t, 0, "ok"), "true");
		CHECK_STR(text_at(t, 1, "ok"), "false");
		CHECK_STR(text_at(t, 2, "ok"), "");
		CHECK(ll_test_has_note(t, "sheet 'Data' of 2"));
		CHECK(ll_test_has_note(t, "xlsb:sheet=NAME"));
		ll_table_free(t);
	}
	struct ds_text csv = {0};
	char name[64];
	struct ll_err e2;
	FILE *f = fopen(xlsb_file("more.xlsb", 1, 0, 0), "rb");
	unsigned char buf[8192];
	size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
	if (f)
		fclose(f);
	rc = ds_xlsb_csv("more.xlsb", buf, n, "more", &csv, name, sizeof name, &e2);
	CHECK_INT(rc, LL_OK);
	CHECK_STR(name, "More");
	CHECK_STR(csv.p ? csv.p : "", "note\n0.30000000000000004\n"); /* every digit a double needs */
	csv.n = 0;
	rc = ds_xlsb_csv("more.xlsb", buf, n, NULL, &csv, name, sizeof name, &e2);
	CHECK(rc == LL_OK && csv.p && strstr(csv.p, "2028-01-02,inline, text") == NULL &&
	      strstr(csv.p, "2028-01-02,\"inline, text\",15,fault,2028-01-02 12:00:00,true\n"));
	free(csv.p);
	refused(xlsb_file("cut.xlsb", 0, 1, 0), NULL, "runs past the part");
	refused(xlsb_file("cut.xlsb", 0, 0, 0), "xlsb:sheet=Other", "no sheet 'Other'");
	CHECK_INT(rt_mutants(dir, "mb", (const char *)buf, n, 60, "xlsb", "\x80\xFF\x07\x9C", 11), 0);
}

static void test_formats(void)
{
	/* loglab info --formats lists them */
	const struct ds_reader *x = ds_reader_find("xls"), *b = ds_reader_find("xlsb");
	CHECK(x && strstr(x->summary, ".xls") && strstr(x->summary, "xls:sheet=NAME"));
	CHECK(b && strstr(b->summary, ".xlsb") && strstr(b->summary, "xlsb:sheet=NAME"));
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "xls");
	test_formats();
	test_biff8();
	test_1904_and_mini_stream();
	test_biff5();
	test_refusals();
	test_mutants();
	test_xlsb();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
