/*
 * test_csv_api.c - the CSV family's building blocks (ds_csv.h) one by one:
 * the RFC 4180 tokenizer on quoted, doubled-quote, multi-line, CRLF and
 * unclosed fields, trailing delimiters, line mode and line numbers; blank
 * records; delimiter detection; missing cells; type evidence and inference;
 * the order of numeric dates; layouts (names trimmed, made unique, label
 * and named columns); filling a table with demotion, short rows, long rows
 * and notes; the path helpers; and the generic loader on a BOM file, a
 * header-less file, blank files and forced text. test_csv.c covers the readers on whole files.
 */
#include "harness.h"

#include <unistd.h>

#include "ds_csv.h"
#include "ds_units.h"
#include "ds_source.h"
#include "ll_strbuf.h"
#include "ll_table.h"

static char dir[256];

/* The fields of the next record joined by '|', or "END" / "ERR". */
static const char *next(struct ds_csv_tok *tk, struct ll_err *err)
{
	static char out[512];
	int rc = ds_csv_next(tk, "t.csv", err);
	if (rc == 0)
		return "END";
	if (rc < 0)
		return "ERR";
	size_t at = 0;
	out[0] = '\0';
	for (size_t k = 0; k < tk->nf && at < sizeof out; k++)
		at += (size_t)snprintf(out + at, sizeof out - at, "%s%.*s", k ? "|" : "", (int)tk->f[k].len, tk->f[k].p);
	return out;
}

static void test_tokenizer(void)
{
	struct ds_csv_tok tk;
	struct ll_err err;
	const char *d = "a,\"b,c\",\"say \"\"hi\"\"\"\r\n"
			"\"two\nlines\",x\n"
			"\n"
			"last,\r\n"
			"1,2,";
	ds_csv_tok_init(&tk, d, strlen(d), 0, 1, ',', 0);
	CHECK_STR(next(&tk, &err), "a|b,c|say \"hi\"");
	CHECK_INT(tk.rec_line, 1);
	CHECK(tk.nf == 3 && !tk.f[0].quoted && tk.f[1].quoted);
	CHECK_STR(next(&tk, &err), "two\nlines|x");
	CHECK_INT(tk.rec_line, 2);
	CHECK_INT(tk.line, 4); /* the quoted newline counted */
	CHECK_STR(next(&tk, &err), "");
	CHECK_INT(ds_csv_blank(&tk), 1);
	CHECK_STR(next(&tk, &err), "last|"); /* CR of CRLF dropped, empty last field */
	CHECK_INT(ds_csv_blank(&tk), 0);
	CHECK_STR(next(&tk, &err), "1|2|"); /* trailing delimiter at the end of the data */
	CHECK_INT(tk.nf, 3);
	CHECK_STR(next(&tk, &err), "END");
	CHECK_STR(next(&tk, &err), "END");
	ds_csv_tok_free(&tk);
	ds_csv_tok_free(&tk); /* twice is harmless */

	/* an empty quoted field is not a blank record */
	ds_csv_tok_init(&tk, "\"\"\n", 3, 0, 1, ',', 0);
	CHECK_STR(next(&tk, &err), "");
	CHECK_INT(ds_csv_blank(&tk), 0);
	ds_csv_tok_free(&tk);

	/* a quote never closed is a character: its cell runs to the
	 * delimiter or line end, the lines after it are records again, and
	 * the first such line is kept */
	d = "a,b\nc,\"open,x\r\nstill\nopen";
	ds_csv_tok_init(&tk, d, strlen(d), 0, 1, ',', 0);
	CHECK_STR(next(&tk, &err), "a|b");
	CHECK_STR(next(&tk, &err), "c|\"open|x");
	CHECK_INT(tk.rec_line, 2);
	CHECK_STR(next(&tk, &err), "still");
	CHECK_INT(tk.rec_line, 3);
	CHECK_STR(next(&tk, &err), "open");
	CHECK_STR(next(&tk, &err), "END");
	CHECK_INT(tk.nopen_lit, 1);
	CHECK_INT(tk.open_lit_line, 2);
	ds_csv_tok_free(&tk);
	/* a doubled quote copied into the scratch before the end is undone */
	d = "k,\"a\"\"b\n";
	ds_csv_tok_init(&tk, d, strlen(d), 0, 1, ',', 0);
	CHECK_STR(next(&tk, &err), "k|\"a\"\"b");
	ds_csv_tok_free(&tk);

	/* line mode: a newline ends the record even inside quotes (counted) */
	d = "1;\"open\r\n2;\"x\"\n";
	ds_csv_tok_init(&tk, d, strlen(d), 0, 1, ';', 1);
	CHECK_STR(next(&tk, &err), "1|open");
	CHECK_STR(next(&tk, &err), "2|x");
	CHECK_INT(tk.nopen_eol, 1);
	CHECK_INT(tk.open_eol_line, 1);
	CHECK_STR(next(&tk, &err), "END");
	ds_csv_tok_free(&tk);

	/* text after a closing quote is kept and counted */
	d = "\"ab\"cd,e\n\"x\"\"y\"z,1\n";
	ds_csv_tok_init(&tk, d, strlen(d), 0, 1, ',', 0);
	CHECK_STR(next(&tk, &err), "abcd|e");
	CHECK_STR(next(&tk, &err), "x\"yz|1");
	CHECK_INT(tk.nstray, 2);
	CHECK_INT(tk.stray_line, 1);
	ds_csv_tok_free(&tk);

	/* starting mid-buffer with a line number; delimiter 0 means ',' */
	d = "skip me\nu,v\n";
	ds_csv_tok_init(&tk, d, strlen(d), 8, 2, 0, 0);
	CHECK(tk.delim == ',');
	CHECK_STR(next(&tk, &err), "u|v");
	CHECK_INT(tk.rec_line, 2);
	ds_csv_tok_free(&tk);
	/* no data at all */
	ds_csv_tok_init(&tk, NULL, 5, 0, 0, '\t', 0);
	CHECK_INT(tk.line, 1);
	CHECK_STR(next(&tk, &err), "END");
	ds_csv_tok_free(&tk);

	/* more than DS_CSV_MAX_FIELDS fields: refused */
	size_t n = DS_CSV_MAX_FIELDS + 5;
	char *wide = malloc(n + 1);
	memset(wide, ',', n);
	wide[n] = '\n';
	ds_csv_tok_init(&tk, wide, n + 1, 0, 1, ',', 0);
	ll_err_clear(&err);
	CHECK_INT(ds_csv_next(&tk, "wide.csv", &err), LL_EDATA);
	CHECK(strstr(err.msg, "wide.csv") == err.msg);
	ds_csv_tok_free(&tk);
	free(wide);
}

/* Random bytes of the characters that matter (quotes, delimiters, CR,
 * LF): the tokenizer always ends, every field lies inside the data or its
 * scratch copy, records start on non-decreasing lines, and an error is
 * only ever the unclosed quote. */
static void test_random_records(void)
{
	static const char alphabet[] = "\",;\r\nab1 ";
	uint64_t st = 777;
	int bad = 0;
	for (int k = 0; k < 3000; k++) {
		size_t n = (size_t)(ll_test_xorshift(&st) % 60);
		char *d = malloc(n ? n : 1);
		for (size_t i = 0; i < n; i++)
			d[i] = alphabet[ll_test_xorshift(&st) % (sizeof alphabet - 1)];
		for (int mode = 0; mode <= 1; mode++) {
			struct ds_csv_tok tk;
			struct ll_err err;
			ds_csv_tok_init(&tk, d, n, 0, 1, k % 2 ? ';' : ',', mode);
			int rc, recs = 0;
			size_t last_line = 0;
			while ((rc = ds_csv_next(&tk, "r.csv", &err)) == 1 && recs++ <= (int)n + 1) {
				bad += tk.rec_line < last_line || tk.nf == 0;
				last_line = tk.rec_line;
				for (size_t f = 0; f < tk.nf; f++) {
					const char *p = tk.f[f].p;
					int in_data = p >= d && p + tk.f[f].len <= d + n;
					int in_scratch = tk.scratch && p >= tk.scratch && p + tk.f[f].len <= tk.scratch + tk.slen;
					bad += !(in_data || in_scratch || tk.f[f].len == 0);
				}
			}
			bad += recs > (int)n + 1; /* always ends */
			bad += rc < 0; /* an open quote is a character, never an error */
			ds_csv_tok_free(&tk);
		}
		free(d);
	}
	CHECK_INT(bad, 0);
}

static void test_detect_delim(void)
{
	size_t nf = 99;
	const char *c = "a,b,c\n1,2,3\n4,5,6\n";
	CHECK(ds_csv_detect_delim(c, strlen(c), &nf) == ',');
	CHECK_INT(nf, 3);
	const char *s = "a;b\n1,5;2,5\n3,0;4,0\n"; /* decimal commas inside */
	CHECK(ds_csv_detect_delim(s, strlen(s), &nf) == ';');
	CHECK_INT(nf, 2);
	const char *t = "x\ty\tz\n\"a\tb\"\t1\t2\n";
	CHECK(ds_csv_detect_delim(t, strlen(t), &nf) == '\t');
	CHECK_INT(nf, 3);
	const char *p = "a|b\n1|2\n";
	CHECK(ds_csv_detect_delim(p, strlen(p), NULL) == '|');
	/* a quoted delimiter does not count */
	const char *q = "\"a,b\";c\n\"d,e\";f\n";
	CHECK(ds_csv_detect_delim(q, strlen(q), &nf) == ';');
	/* one column, prose, nothing */
	CHECK(ds_csv_detect_delim("x\n1\n2\n", 6, &nf) == 0);
	CHECK_INT(nf, 0);
	const char *prose = "Hello, world.\nNo commas here\nnor here\nor here\n";
	CHECK(ds_csv_detect_delim(prose, strlen(prose), &nf) == 0);
	CHECK(ds_csv_detect_delim("", 0, &nf) == 0);
	/* a legend of tab lines above a comma table: the rows the window
	 * ends with say the delimiter, though the legend's lines are more */
	{
		char legend[4096];
		size_t at = 0;
		at += (size_t)snprintf(legend + at, sizeof legend - at, "\t\tActivity Log\n\nEvent ID  Meaning\n");
		for (int i = 0; i < 20; i++)
			at += (size_t)snprintf(legend + at, sizeof legend - at, "%02d\tevent %d\n", i, i);
		at += (size_t)snprintf(legend + at, sizeof legend - at, "ID,Date,Time,Description\n");
		for (int i = 0; i < 17; i++)
			at += (size_t)snprintf(legend + at, sizeof legend - at, "11,09/21/21,10:00:%02d,Renew\n", i);
		CHECK(ds_csv_detect_delim(legend, at, &nf) == ',');
		CHECK_INT(nf, 4);
	}
	/* a last line cut by the window is not counted */
	const char *cut = "a,b\n1,2\n3,4\n5;6;7;8;9";
	CHECK(ds_csv_detect_delim(cut, strlen(cut), &nf) == ',');
	CHECK_INT(nf, 2);
	/* quoted cells holding line breaks (LF or CRLF): counted by record,
	 * so the rows agree however many lines their cells run to */
	const char *breaks = "host,note,load\nweb1,\"first\nsecond\",1.5\nweb2,\"a\r\nb\r\nc\",2.5\n";
	CHECK(ds_csv_detect_delim(breaks, strlen(breaks), &nf) == ',');
	CHECK_INT(nf, 3);
	/* cells of many lines: a record may run to RECORD_LINES_MAX lines, and
	 * the window may cut one, which then says nothing */
	{
		size_t cap = 70000, at = 0;
		char *big = malloc(cap);
		if (!big)
			abort();
		at += (size_t)snprintf(big + at, cap - at, "id,abstract,score\n");
		for (int r = 0; at + 2400 < cap; r++) {
			at += (size_t)snprintf(big + at, cap - at, "%d,\"", r);
			for (int k = 0; k < 100; k++)
				at += (size_t)snprintf(big + at, cap - at, "%s%.20s", k ? "\n" : "", "words, of the cell and more");
			at += (size_t)snprintf(big + at, cap - at, "\",%d\n", r);
		}
		CHECK(ds_csv_detect_delim(big, at > 65536 ? 65536 : at, &nf) == ',');
		CHECK_INT(nf, 3);
		free(big);
	}
	/* a cell of 40 lines, each with a comma of its own: one record */
	{
		char text[4096];
		size_t at = (size_t)snprintf(text, sizeof text, "id;note;score\n");
		for (int r = 0; r < 3; r++) {
			at += (size_t)snprintf(text + at, sizeof text - at, "%d;\"", r);
			for (int k = 0; k < 40; k++)
				at += (size_t)snprintf(text + at, sizeof text - at, "%sa;b", k ? "\n" : "");
			at += (size_t)snprintf(text + at, sizeof text - at, "\";%d\n", r);
		}
		CHECK(ds_csv_detect_delim(text, at, &nf) == ';');
		CHECK_INT(nf, 3);
	}
	/* a quote inside a word (an inch mark) opens no cell: each line counts
	 * alone, the others' delimiters outside it */
	const char *inch = "item,size,price\ndisk,3.5\" drive,10\nfan,80 mm,4\nlid,n/a,1\ncap,2,2\n";
	CHECK(ds_csv_detect_delim(inch, strlen(inch), &nf) == ',');
	CHECK_INT(nf, 3);
	/* a stray quote in a text line is no cell: the lines count alone */
	const char *stray = "a;b\n1;\"2\n3;4\n5;6\n7;8\n9;10\n";
	CHECK(ds_csv_detect_delim(stray, strlen(stray), &nf) == ';');
	CHECK_INT(nf, 2);
}

static void test_missing(void)
{
	static const char *const yes[] = {"", " ", "\t", "NA", "nan", "NaN", "NAN", "N/A", "n/a", "null", "NULL", " NA "};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		CHECK_INT(ds_csv_is_missing(yes[i], strlen(yes[i])), 1);
	static const char *const no[] = {"0", "na", "nul", "nulls", "N/Ax", "NA1", "none", "x"};
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		CHECK_INT(ds_csv_is_missing(no[i], strlen(no[i])), 0);
	/* only the span counts, not what follows it */
	CHECK_INT(ds_csv_is_missing("NAME", 2), 1);
}

static void test_types(void)
{
	CHECK_INT(ds_csv_time_name("time"), 1);
	CHECK_INT(ds_csv_time_name("Timestamp"), 1);
	CHECK_INT(ds_csv_time_name("host/ts"), 1); /* the last path part */
	CHECK_INT(ds_csv_time_name("ts/host"), 0);
	CHECK_INT(ds_csv_time_name("times"), 0);
	CHECK_INT(ds_csv_time_name(""), 0);
	/* C's type of epoch seconds after a clock's word (smartctl's JSON) */
	CHECK_INT(ds_csv_time_name("local_time.time_t"), 1);
	CHECK_INT(ds_csv_time_name("time_t"), 1);
	CHECK_INT(ds_csv_time_name("size_t"), 0);
	CHECK_INT(ds_csv_time_name("uptime_t"), 0);

	struct ds_csv_colstat none = {.present = 0}, nums = {.present = 5, .num = 5},
			      epochs = {.present = 5, .num = 5, .time = 5}, times = {.present = 4, .time = 4},
			      mixed = {.present = 5, .num = 4}, some_time = {.present = 5, .time = 3};
	CHECK_INT(ds_csv_infer_type(&none, "x"), LL_COL_NUM);
	CHECK_INT(ds_csv_infer_type(&nums, "x"), LL_COL_NUM);
	CHECK_INT(ds_csv_infer_type(&epochs, "x"), LL_COL_NUM);     /* numbers that could be times */
	CHECK_INT(ds_csv_infer_type(&epochs, "epoch"), LL_COL_TIME); /* ... named like times */
	CHECK_INT(ds_csv_infer_type(&times, "when"), LL_COL_TIME);
	CHECK_INT(ds_csv_infer_type(&mixed, "x"), LL_COL_TEXT);
	CHECK_INT(ds_csv_infer_type(&some_time, "time"), LL_COL_TEXT);
	/* numbers with units of time and of size in one column: neither */
	struct ds_csv_colstat units = {.present = 4, .num = 4, .unit_time = 2, .unit_size = 2},
			      times_only = {.present = 4, .num = 4, .unit_time = 4};
	CHECK_INT(ds_csv_infer_type(&units, "x"), LL_COL_TEXT);
	CHECK_INT(ds_csv_infer_type(&times_only, "x"), LL_COL_NUM);

	/* sampling: blank records skipped, missing cells not present, at most max */
	struct ll_err err;
	struct ds_csv_tok tk;
	const char *d = "1,2024-01-05 10:00:00,a\n\n2,NA,b\n,2024-01-05 10:00:02,c\n4,x,d\n";
	ds_csv_tok_init(&tk, d, strlen(d), 0, 1, ',', 0);
	struct ds_csv_colstat st[3];
	memset(st, 0, sizeof st);
	CHECK_INT(ds_csv_sample(&tk, 3, st, 3, 2024, NULL, "t.csv", &err), 3);
	CHECK(st[0].present == 2 && st[0].num == 2);
	CHECK(st[1].present == 2 && st[1].time == 2 && st[1].num == 0);
	CHECK(st[2].present == 3 && st[2].num == 0);
	CHECK_INT(ds_csv_sample(&tk, 3, st, 10, 2024, NULL, "t.csv", &err), 1); /* the rest */
	CHECK_INT(st[1].present, 3);
	CHECK_INT(ds_csv_sample(&tk, 3, st, 10, 2024, NULL, "t.csv", &err), 0);
	ds_csv_tok_free(&tk);
	/* records wider than ncols are tallied up to ncols; errors pass
	 * through (a record of more than DS_CSV_MAX_FIELDS cells) */
	size_t wide = DS_CSV_MAX_FIELDS + 2;
	char *w = malloc(6 + wide + 1);
	if (w) {
		memcpy(w, "1,2,3\n", 6);
		memset(w + 6, ',', wide);
		w[6 + wide] = 0;
		ds_csv_tok_init(&tk, w, strlen(w), 0, 1, ',', 0);
		memset(st, 0, sizeof st);
		CHECK_INT(ds_csv_sample(&tk, 2, st, 10, 2024, NULL, "t.csv", &err), LL_EDATA);
		CHECK_INT(st[0].present, 1);
		ds_csv_tok_free(&tk);
		free(w);
	}
	/* a quote never closed is a cell's character, not an error */
	d = "1,2,3\n\"open";
	ds_csv_tok_init(&tk, d, strlen(d), 0, 1, ',', 0);
	memset(st, 0, sizeof st);
	CHECK_INT(ds_csv_sample(&tk, 2, st, 10, 2024, NULL, "t.csv", &err), 2);
	CHECK_INT(tk.nopen_lit, 1);
	ds_csv_tok_free(&tk);
	/* units counted: of time, of size, none for plain numbers */
	d = "12ms,512 MiB,7\n3s,2G,8\n";
	ds_csv_tok_init(&tk, d, strlen(d), 0, 1, ',', 0);
	memset(st, 0, sizeof st);
	CHECK_INT(ds_csv_sample(&tk, 3, st, 10, 2024, NULL, "t.csv", &err), 2);
	CHECK(st[0].unit_time == 2 && st[0].unit_size == 0);
	CHECK(st[1].unit_time == 0 && st[1].unit_size == 2);
	CHECK(st[2].unit_time == 0 && st[2].unit_size == 0 && st[2].num == 2);
	ds_csv_tok_free(&tk);
}

/* The order of a numeric date column from sampled cells: day-first when a
 * first field passes 12, month-first when a second one does or neither
 * does, none for mixed orders, other cells, or no cells. */
static char order_named(const char *cells, const char *name, int named)
{
	struct ds_csv_tok tk;
	struct ll_err err;
	struct ds_csv_colstat st;
	memset(&st, 0, sizeof st);
	ds_csv_tok_init(&tk, cells, strlen(cells), 0, 1, ',', 0);
	ds_csv_sample(&tk, 1, &st, 100, 2024, NULL, "d.csv", &err);
	ds_csv_tok_free(&tk);
	return named ? ds_csv_date_order_named(&st, name) : ds_csv_date_order(&st);
}

static char order_of(const char *cells)
{
	return order_named(cells, NULL, 0);
}

static void test_date_order(void)
{
	CHECK_INT(order_of("05/13/2024 12:00:01\n05/14/2024 12:00:02\n"), 'm');
	CHECK_INT(order_of("13-05-2024\n14-05-2024\n"), 'd');
	CHECK_INT(order_of("01/02/2024\n03/04/2024\n"), 'm'); /* both read: month-first */
	CHECK_INT(order_of("13/05/2024\n05/13/2024\n"), 0);   /* contradicting cells */
	CHECK_INT(order_of("05/13/2024\nhello\n"), 0);        /* not every cell a date */
	CHECK_INT(order_of("2024-05-13\n2024-05-14\n"), 0);   /* year first: no order to guess */
	CHECK_INT(order_of("NA\n\n"), 0);                     /* nothing present */
	CHECK_INT(order_of("05/13/2024\nNA\n-\n"), 'm');      /* missing cells do not count */
	/* a two-digit year: month, day or year first, by what every cell reads
	 * in; when several orders do, the years nearer the file's (2024) */
	CHECK_INT(order_of("03/14/24\n03/01/24\n"), 'M');
	CHECK_INT(order_of("14/03/24\n01/03/24\n"), 'D');
	CHECK_INT(order_of("24/03/14 10:00:00\n24/03/01 10:00:00\n"), 'Y');
	CHECK_INT(order_of("03/04/24\n05/06/24\n"), 'M');  /* 2024 rather than 2003 */
	CHECK_INT(order_of("12/04/05\n11/06/08\n"), 'Y');  /* 2012 rather than 2005 */
	CHECK_INT(order_of("31/04/24\n03/01/24\n"), 'Y'); /* no April 31st: day first is out */
	CHECK_INT(order_of("14/03/24\n03/14/24\n"), 0);   /* contradicting cells */
	/* small numbers in threes ("3/5/10") read as dates too; only what
	 * else says so makes them a date column: padding, a clock, dates
	 * that keep to one way over a few years, else a date's name */
	CHECK_INT(order_named("3/5/10\n2/4/12\n4/6/15\n1/4/20\n", "record", 1), 0);
	CHECK_INT(order_named("3/5/10\n3/5/10\n", NULL, 1), 0);
	CHECK_INT(order_named("3/5/10\n3/5/10\n", "Date", 1), 'M');
	CHECK_INT(order_named("3/5/10\n3/5/10\n", "Invoice Date", 1), 'M');
	CHECK_INT(order_named("3/5/10\n3/5/10\n", "created_on", 1), 'M');
	CHECK_INT(order_named("03/14/24\n03/01/24\n", "x", 1), 'M');          /* padded */
	CHECK_INT(order_named("3/14/24 9:00\n3/1/24 10:00\n", "x", 1), 'M');  /* a clock */
	CHECK_INT(order_named("3/1/24\n3/2/24\n3/9/24\n4/1/24\n", "x", 1), 'M'); /* rising */
	CHECK_INT(order_named("4/1/24\n3/9/24\n3/2/24\n3/1/24\n", "x", 1), 'M'); /* falling */
	CHECK_INT(order_named("3/1/24\n3/2/24\n3/1/24\n4/1/24\n", "x", 1), 0);   /* both ways */
	CHECK_INT(order_named("3/5/10\n2/4/12\n4/6/15\n1/4/20\n", "x", 1), 0);   /* rising over ten years */
	CHECK_INT(order_named("12/10/30\n11/12/24\n", "x", 1), 0);               /* nothing tells */
	CHECK_INT(order_named("05/13/2024\n", "x", 1), 'm'); /* four-digit years as before */
	struct ds_csv_colstat st;
	memset(&st, 0, sizeof st);
	CHECK_INT(ds_csv_date_order(&st), 0);
	st.present = st.mdy = 3;
	st.day_first = 1;
	CHECK_INT(ds_csv_date_order(&st), 'd');
	st.month_first = 1;
	CHECK_INT(ds_csv_date_order(&st), 0);
}

static void test_layout(void)
{
	struct ds_csv_layout lay = {.path = "t.csv"};
	CHECK_INT(ds_csv_layout_init(&lay, 6), LL_OK);
	CHECK_INT(lay.label_col, -1);
	CHECK(lay.types[5] == LL_COL_NUM && lay.names[5] == NULL);
	CHECK_INT(ds_csv_layout_name(&lay, 0, "  x \t", 5), LL_OK);
	CHECK_STR(lay.names[0], "x");
	ds_csv_layout_name(&lay, 1, "x", 1);
	ds_csv_layout_name(&lay, 2, " ", 1); /* empty after trimming */
	ds_csv_layout_name(&lay, 3, "Class", 5);
	ds_csv_layout_name(&lay, 4, "x_2", 3);
	CHECK_INT(ds_csv_layout_name(&lay, 3, "CLASS", 5), LL_OK); /* replaced */
	CHECK_INT(ds_csv_layout_unique(&lay), LL_OK);
	CHECK_STR(lay.names[0], "x");
	CHECK_STR(lay.names[1], "x_2");
	CHECK_STR(lay.names[2], "col3");
	CHECK_STR(lay.names[5], "col6");
	/* every name distinct, whatever got renamed */
	int dup = 0;
	for (size_t a = 0; a < 6; a++)
		for (size_t b = a + 1; b < 6; b++)
			dup += strcmp(lay.names[a], lay.names[b]) == 0;
	CHECK_INT(dup, 0);
	CHECK_INT(ds_csv_find_label_col(&lay), 3);
	CHECK_INT(ds_csv_named_col(&lay, "class"), 3); /* case ignored as a fallback */
	CHECK_INT(ds_csv_named_col(&lay, "col6"), 5);
	CHECK_INT(ds_csv_named_col(&lay, "nothing"), -1);
	ds_csv_layout_free(&lay);
	CHECK(lay.names == NULL && lay.types == NULL);
	ds_csv_layout_free(&lay); /* twice is harmless */

	/* the exact name wins over one differing in case */
	CHECK_INT(ds_csv_layout_init(&lay, 3), LL_OK);
	ds_csv_layout_name(&lay, 0, "Y", 1);
	ds_csv_layout_name(&lay, 1, "y", 1);
	ds_csv_layout_name(&lay, 2, "label", 5);
	CHECK_INT(ds_csv_named_col(&lay, "y"), 1);
	CHECK_INT(ds_csv_named_col(&lay, "Y"), 0);
	CHECK_INT(ds_csv_find_label_col(&lay), 2); /* "label" before "y", wherever it stands */
	CHECK_INT(ds_csv_layout_unique(&lay), LL_OK);
	CHECK_STR(lay.names[0], "Y"); /* names are case-sensitive: no clash */
	ds_csv_layout_free(&lay);

	/* of two label names the first in "label", "class", "y", not the
	 * first column: x,y,z,label read as unlabelled (y held fractions) */
	CHECK_INT(ds_csv_layout_init(&lay, 4), LL_OK);
	ds_csv_layout_name(&lay, 0, "x", 1);
	ds_csv_layout_name(&lay, 1, "y", 1);
	ds_csv_layout_name(&lay, 2, "Class", 5);
	ds_csv_layout_name(&lay, 3, "label", 5);
	CHECK_INT(ds_csv_find_label_col(&lay), 3);
	ds_csv_layout_name(&lay, 3, "z", 1);
	CHECK_INT(ds_csv_find_label_col(&lay), 2);
	ds_csv_layout_name(&lay, 2, "w", 1);
	CHECK_INT(ds_csv_find_label_col(&lay), 1);
	ds_csv_layout_free(&lay);

	/* an anomaly flag is the labels when no column has a label name, and
	 * never before one that has */
	CHECK_INT(ds_csv_layout_init(&lay, 3), LL_OK);
	ds_csv_layout_name(&lay, 0, "value", 5);
	ds_csv_layout_name(&lay, 1, "Anomaly", 7);
	ds_csv_layout_name(&lay, 2, "changepoint", 11);
	CHECK_INT(ds_csv_find_label_col(&lay), 1);
	ds_csv_layout_name(&lay, 0, "is_anomaly", 10);
	CHECK_INT(ds_csv_find_label_col(&lay), 0); /* the first such column */
	ds_csv_layout_name(&lay, 2, "class", 5);
	CHECK_INT(ds_csv_find_label_col(&lay), 2);
	ds_csv_layout_free(&lay);

	/* no columns */
	CHECK_INT(ds_csv_layout_init(&lay, 0), LL_OK);
	CHECK_INT(ds_csv_layout_unique(&lay), LL_OK);
	CHECK_INT(ds_csv_find_label_col(&lay), -1);
	ds_csv_layout_free(&lay);

	/* a chain of clashes longer than a few rounds: x, x, x_2, x_2_2, ... */
	CHECK_INT(ds_csv_layout_init(&lay, 12), LL_OK);
	char chain[64] = "x";
	ds_csv_layout_name(&lay, 0, "x", 1);
	for (size_t c = 1; c < 12; c++) {
		ds_csv_layout_name(&lay, c, chain, strlen(chain));
		strcat(chain, "_2");
	}
	CHECK_INT(ds_csv_layout_unique(&lay), LL_OK);
	dup = 0;
	for (size_t a = 0; a < 12; a++)
		for (size_t b = a + 1; b < 12; b++)
			dup += strcmp(lay.names[a], lay.names[b]) == 0;
	CHECK_INT(dup, 0);
	ds_csv_layout_free(&lay);

	/* many equal names: all distinct afterwards */
	CHECK_INT(ds_csv_layout_init(&lay, 200), LL_OK);
	for (size_t c = 0; c < 200; c++)
		ds_csv_layout_name(&lay, c, c % 2 ? "v" : "v_3", c % 2 ? 1 : 3);
	CHECK_INT(ds_csv_layout_unique(&lay), LL_OK);
	dup = 0;
	for (size_t a = 0; a < 200; a++)
		for (size_t b = a + 1; b < 200; b++)
			dup += strcmp(lay.names[a], lay.names[b]) == 0;
	CHECK_INT(dup, 0);
	ds_csv_layout_free(&lay);
}

static struct ll_table *fill(const char *data, size_t ncols, const char *const *names, const enum ll_coltype *types,
			     int label_col, int *rc, struct ll_err *err)
{
	struct ds_csv_layout lay = {.path = "f.csv", .delim = ',', .body_pos = 0, .body_line = 1, .default_year = 2024};
	ds_csv_layout_init(&lay, ncols);
	for (size_t c = 0; c < ncols; c++) {
		ds_csv_layout_name(&lay, c, names[c], strlen(names[c]));
		lay.types[c] = types[c];
	}
	lay.label_col = label_col;
	struct ll_table *t = NULL;
	*rc = ds_csv_fill(&lay, data, strlen(data), &t, err);
	ds_csv_layout_free(&lay);
	return t;
}

static void test_fill(void)
{
	struct ll_err err;
	int rc;
	static const char *const names[] = {"n", "when", "label"};
	static const enum ll_coltype types[] = {LL_COL_NUM, LL_COL_TIME, LL_COL_TEXT};
	struct ll_table *t = fill("1.5,2024-01-05 10:00:00,ok\n\nNA,,bad\n3,2024-01-05 10:00:02\n", 3, names, types, 2,
				  &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3); /* the blank line is no row */
		CHECK_NEAR(ll_table_num(t, 0, 0), 1.5, 0);
		CHECK(isnan(ll_table_num(t, 1, 0)) && isnan(ll_table_num(t, 1, 1)));
		CHECK_NEAR(ll_table_num(t, 2, 1) - ll_table_num(t, 0, 1), 2, 1e-9);
		CHECK_STR(ll_table_class_name(t, (size_t)ll_table_label(t, 1)), "bad");
		CHECK_INT(ll_table_label(t, 2), LL_NO_LABEL); /* short row: no label */
		CHECK_INT(ll_table_nnotes(t), 2);
		if (ll_table_nnotes(t) == 2) {
			CHECK_STR(ll_table_note_text(t, 0),
				  "f.csv: 1 cell such as 'NA' (first: line 3) in column 'n' read as missing");
			CHECK_STR(ll_table_note_text(t, 1),
				  "f.csv: 1 rows have fewer than 3 fields (first: line 4); missing cells left empty");
		}
		ll_table_free(t);
	}
	/* text in a number column: the column is read again as text */
	t = fill("1,2024-01-05 10:00:00,a\n2,2024-01-05 10:00:01,b\nabc,2024-01-05 10:00:02,c\n", 3, names, types, -1,
		 &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TEXT);
		CHECK_INT(ll_table_col_type(t, 1), LL_COL_TIME);
		CHECK_STR(ll_table_text(t, 0, 0), "1");
		CHECK_STR(ll_table_text(t, 2, 0), "abc");
		CHECK_INT(ll_table_nnotes(t), 1);
		if (ll_table_nnotes(t))
			CHECK_STR(ll_table_note_text(t, 0), "f.csv: column 'n' has text from line 3 on; read as text");
		ll_table_free(t);
	}
	/* a longer row is an error naming its line */
	t = fill("1,2024-01-05 10:00:00,a\n2,2024-01-05 10:00:00,b,extra\n", 3, names, types, -1, &rc, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(t == NULL);
	CHECK(strstr(err.msg, "f.csv:2: 4 fields where the table has 3") == err.msg);
	/* an unclosed quote is a character, not an error: the row is read
	 * (its time cell, "2024 with the quote, is no time) */
	t = fill("1,\"2024", 3, names, types, -1, &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 1);
		CHECK_NEAR(ll_table_num(t, 0, 0), 1, 0);
		ll_table_free(t);
	}
	/* nothing at all: the columns and no rows */
	t = fill("", 3, names, types, -1, &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 0);
		CHECK_INT(ll_table_ncols(t), 3);
		ll_table_free(t);
	}
}

static void test_paths(void)
{
	CHECK_STR(ds_csv_basename("a/b/c.csv"), "c.csv");
	CHECK_STR(ds_csv_basename("c.csv"), "c.csv");
	CHECK_STR(ds_csv_basename("dir/"), "");
	static const char *const cases[][2] = {
		{"a/b/c.csv", "a/b"}, {"c.csv", "."}, {"/c.csv", "/"}, {"", "."}, {"dir/", "dir"}, {"/a/b", "/a"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *d = ds_csv_dirname(cases[i][0]);
		CHECK_STR(d, cases[i][1]);
		free(d);
	}
}

static struct ll_table *load(const char *name, const char *data, size_t n, int force_text, int *rc,
			     struct ll_err *err)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	fwrite(data, 1, n, f);
	fclose(f);
	struct ds_source *src;
	struct ll_table *t = NULL;
	if ((*rc = ds_source_open(&src, path, err)) != LL_OK)
		return NULL;
	struct ds_open_opts o = {.default_year = 2024};
	*rc = ds_csv_load_generic(src, &o, force_text, &t, err);
	ds_source_close(src);
	return t;
}

static void test_load_generic(void)
{
	struct ll_err err;
	int rc;
	const char bom[] = "\xEF\xBB\xBFid;value;label\r\n1;0,5;a\r\n2;1,5;b\r\n";
	struct ll_table *t = load("bom.csv", bom, sizeof bom - 1, 0, &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_ncols(t), 3);
		CHECK_STR(ll_table_col_name(t, 0), "id"); /* no BOM in the name */
		CHECK_INT(ll_table_col_type(t, 1), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 1, 1), 1.5, 0); /* decimal comma */
		CHECK_STR(ll_table_class_name(t, (size_t)ll_table_label(t, 0)), "a");
		ll_table_free(t);
	}
	/* forced text: every column TEXT, values as written */
	t = load("text.csv", "a,b\n1,2\n", 8, 1, &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TEXT);
		CHECK_STR(ll_table_text(t, 0, 1), "2");
		ll_table_free(t);
	}
	/* blank lines only: an empty table with a note */
	t = load("blank.csv", "\n\n\r\n", 4, 0, &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 0);
		CHECK(ll_table_nnotes(t) == 1 && strstr(ll_table_note_text(t, 0), "the file is empty"));
		ll_table_free(t);
	}
	t = load("empty.csv", "", 0, 0, &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 0);
		ll_table_free(t);
	}
	/* a multi-line quoted cell stays one cell */
	const char *ml = "id,msg\n1,\"first\nsecond\"\n2,plain\n";
	t = load("ml.csv", ml, strlen(ml), 0, &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_STR(ll_table_text(t, 0, 1), "first\nsecond");
		ll_table_free(t);
	}
	/* an unclosed quote: a character of its cell, the rows after it
	 * kept, and a note naming the file and line */
	const char *open = "id,msg\n1,ok\n2,\"never closed\n3,x\n";
	t = load("open.csv", open, strlen(open), 0, &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_STR(ll_table_text(t, 1, 1), "\"never closed");
		CHECK_STR(ll_table_text(t, 2, 1), "x");
		int noted = 0;
		for (size_t k = 0; k < ll_table_nnotes(t); k++)
			noted += strstr(ll_table_note_text(t, k), "open.csv: 1 quote opening a cell is never closed (first: line 3)") != NULL;
		CHECK_INT(noted, 1);
		ll_table_free(t);
	}
}

/* Cells that are times in the stamp forms tables write: a date of digits
 * alone is a date when it is a valid one, never an epoch past 2286. */
static void test_cell_time(void)
{
	double v = 0;
	CHECK(ds_csv_cell_time("20190418132005", 14, 1970, &v));
	CHECK_NEAR(v, 1555593605.0, 1e-6);
	CHECK(ds_csv_cell_time(" 20190418 ", 10, 1970, &v));
	CHECK_NEAR(v, 1555545600.0, 1e-6);
	CHECK(!ds_csv_cell_time("20191318132005", 14, 1970, &v)); /* month 13 */
	CHECK(!ds_csv_cell_time("12345678", 8, 1970, &v));        /* year 1234 */
	CHECK(ds_csv_cell_time("1555593605000", 13, 1970, &v));   /* epoch ms */
	CHECK_NEAR(v, 1555593605.0, 1e-6);
	CHECK(ds_csv_cell_time("18.04.2019 13:20", 16, 1970, &v));
	CHECK_NEAR(v, 1555593600.0, 1e-6);
	CHECK(ds_csv_cell_time("18.04.2019", 10, 1970, &v));
	CHECK_NEAR(v, 1555545600.0, 1e-6);
	CHECK(ds_csv_cell_time("2019/04/18 13:20", 16, 1970, &v));
	CHECK(ds_csv_time_name("clock")); /* Zabbix's history: epoch seconds */
	CHECK(ds_csv_cell_time("20190418T132005Z", 16, 1970, &v));
	CHECK_NEAR(v, 1555593605.0, 1e-6);
	/* periods of reports: their first moment */
	CHECK(ds_csv_cell_time("2024-03", 7, 1970, &v));
	CHECK_NEAR(v, 1709251200.0, 1e-6);
	CHECK(ds_csv_cell_time("2023-Q2", 7, 1970, &v));
	CHECK_NEAR(v, 1680307200.0, 1e-6);
	CHECK(ds_csv_cell_time("2024-W11-4", 10, 1970, &v));
	CHECK_NEAR(v, 1710374400.0, 1e-6);
	CHECK(ds_csv_cell_time("2009-W01", 8, 1970, &v)); /* week 1 starts in the year before */
	CHECK_NEAR(v, 1230508800.0, 1e-6);
	CHECK(ds_csv_cell_time("2020-W53", 8, 1970, &v));
	CHECK_NEAR(v, 1609113600.0, 1e-6);
	CHECK(ds_csv_cell_time("2026-W53-7", 10, 1970, &v));
	CHECK_NEAR(v, 1798934400.0, 1e-6);
	CHECK(!ds_csv_cell_time("2021-W53", 8, 1970, &v)); /* 2021 has 52 weeks */
	CHECK(!ds_csv_cell_time("2024-W00", 8, 1970, &v));
	CHECK(!ds_csv_cell_time("2024-13", 7, 1970, &v));
	CHECK(!ds_csv_cell_time("2024-Q5", 7, 1970, &v));
	CHECK(!ds_csv_cell_time("1234-05", 7, 1970, &v));
}

/* Spans as Go and kubectl write them (ll_units_duration's reading) are
 * cell numbers of two parts or more; a lone "5m" or "3d" is none, "45s"
 * one by its unit. */
static void test_span(void)
{
	double v = 0;
	CHECK(ds_csv_cell_number("1h2m3.5s", 8, &v));
	CHECK_NEAR(v, 3723.5, 1e-9);
	CHECK(ds_csv_cell_number(" 2d3h ", 6, &v));
	CHECK_NEAR(v, 2 * 86400 + 3 * 3600, 0);
	CHECK(ds_csv_cell_number("1s500ms", 7, &v)); /* Go reads these parts */
	CHECK_NEAR(v, 1.5, 1e-12);
	CHECK(ds_csv_cell_number("-1h2m", 5, &v));
	CHECK_NEAR(v, -3720, 0);
	CHECK(ds_csv_cell_number("45s", 3, &v));
	CHECK_NEAR(v, 45, 0);
	CHECK(!ds_csv_cell_number("5m", 2, &v));
	CHECK(!ds_csv_cell_number("3d", 2, &v));
	CHECK(!ds_csv_cell_number("2h", 2, &v));
	CHECK(!ds_csv_cell_number("3h2d", 4, &v)); /* units going up */
	CHECK(!ds_csv_cell_number("2h3h", 4, &v)); /* a unit twice */
	CHECK(!ds_csv_cell_number("1h 2m", 5, &v));
	CHECK(!ds_csv_cell_number("h", 1, &v));
	CHECK(!ds_csv_cell_number("", 0, &v));
	/* for people too (JSON's strings), a lone minute no more */
	CHECK(ds_csv_people_number("1h2m3s", 6, &v));
	CHECK_NEAR(v, 3723, 0);
	CHECK(!ds_csv_people_number("5m", 2, &v));
}

/* A cell's unit of size read as the units pass reads it (ll_units_size_unit):
 * a bare prefix as powers of 1024, KB... of 1000, KiB... of 1024; a
 * lowercase m, g, t, p is none in a cell (milli; top's scaled KiB). */
static void test_cell_sizes(void)
{
	double v = 0;
	CHECK(ds_csv_cell_number("3.4G", 4, &v));
	CHECK_NEAR(v, 3.4 * 1073741824.0, 1e-3);
	CHECK(ds_csv_cell_number("900K", 4, &v));
	CHECK_NEAR(v, 921600, 0);
	CHECK(ds_csv_cell_number("512k", 4, &v));
	CHECK_NEAR(v, 524288, 0);
	CHECK(ds_csv_cell_number("1.5 M", 5, &v));
	CHECK_NEAR(v, 1.5 * 1048576, 0);
	CHECK(ds_csv_cell_number("1.5MB", 5, &v));
	CHECK_NEAR(v, 1.5e6, 0);
	CHECK(ds_csv_cell_number("300kB", 5, &v));
	CHECK_NEAR(v, 3e5, 0);
	CHECK(ds_csv_cell_number("512 MiB", 7, &v));
	CHECK_NEAR(v, 512.0 * 1048576, 0);
	CHECK(ds_csv_cell_number("1Ki", 3, &v));
	CHECK_NEAR(v, 1024, 0);
	CHECK(ds_csv_cell_number("4064B", 5, &v));
	CHECK_NEAR(v, 4064, 0);
	CHECK(ds_csv_cell_number("1,234,567K", 10, &v));
	CHECK_NEAR(v, 1234567.0 * 1024, 0);
	CHECK(!ds_csv_cell_number("250m", 4, &v));
	CHECK(!ds_csv_cell_number("4.012g", 6, &v));
	CHECK(!ds_csv_cell_number("12kb", 4, &v));
	/* the value the units pass gives the same text */
	double u = 0;
	CHECK(ll_units_size("3.4G", 4, &u, NULL) && ds_csv_cell_number("3.4G", 4, &v) && u == v);
	CHECK(ll_units_size("300KB", 5, &u, NULL) && ds_csv_cell_number("300KB", 5, &v) && u == v);
	/* times up to a second, the micro sign in either code point */
	CHECK(ds_csv_cell_number("250ms", 5, &v));
	CHECK_NEAR(v, 0.25, 1e-12);
	CHECK(ds_csv_cell_number("850\xCE\xBCs", 6, &v));
	CHECK_NEAR(v, 850e-6, 1e-15);
	CHECK(ds_csv_cell_number("12%", 3, &v));
	CHECK_NEAR(v, 12, 0);
}

/* A cell written for the CSV loader reads back as the text it was. */
static void test_put_quoted(void)
{
	static const char *const cells[] = {"", "plain", "a \"quoted\" word", "\"", "\"\"", "x,y\nz", "end\""};
	for (size_t k = 0; k < sizeof cells / sizeof *cells; k++) {
		struct ll_strbuf b = {0};
		ds_csv_put_quoted(&b, cells[k], strlen(cells[k]));
		ll_strbuf_add(&b, "\n", 1);
		CHECK(!b.oom);
		struct ds_csv_tok tk;
		ds_csv_tok_init(&tk, b.s, b.len, 0, 1, ',', 0);
		struct ll_err err;
		CHECK_INT(ds_csv_next(&tk, "cell.csv", &err), 1);
		CHECK_INT(tk.nf, 1);
		if (tk.nf == 1) {
			CHECK_INT(tk.f[0].len, strlen(cells[k]));
			CHECK(memcmp(tk.f[0].p, cells[k], strlen(cells[k])) == 0);
		}
		ds_csv_tok_free(&tk);
		ll_strbuf_free(&b);
	}
	struct ll_strbuf b = {0};
	ds_csv_put_quoted(&b, "say \"hi\"", 8);
	CHECK_STR(b.s, "\"say \"\"hi\"\"\"");
	ll_strbuf_free(&b);
}

int main(void)
{
	test_put_quoted();
	test_span();
	test_cell_sizes();
	ll_test_scratch_dir(dir, sizeof dir, "csv-api");
	test_tokenizer();
	test_random_records();
	test_detect_delim();
	test_missing();
	test_types();
	test_date_order();
	test_cell_time();
	test_layout();
	test_fill();
	test_paths();
	test_load_generic();
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	TEST_MAIN_END();
}
