/*
 * test_pdh.c - Windows performance logs' header (ds_pdh.h): the declaration
 * cell in its quoted and bare forms, CSV and TSV, positive, zero and
 * negative biases, and what is no declaration; typeperf's closing row of
 * blanks; and a time column shifted to UTC with its note.
 */
#include "harness.h"

#include "ds_pdh.h"

#include <math.h>
#include <string.h>

static void test_detect(void)
{
	struct ds_pdh p;
	const char *pst = "\"(PDH-CSV 4.0) (Pacific Standard Time)(480)\",\"\\\\WEB01\\Memory\\Available MBytes\"\r\n";
	CHECK_INT(ds_pdh_detect(pst, strlen(pst), &p), 1);
	CHECK_STR(p.zone, "Pacific Standard Time");
	CHECK_INT(p.bias, 480);
	CHECK_STR(p.cell, "(PDH-CSV 4.0) (Pacific Standard Time)(480)");
	const char *india = "\xEF\xBB\xBF\"(PDH-TSV 4.0) (India Standard Time)(-330)\"\t\"x\"\n";
	CHECK_INT(ds_pdh_detect(india, strlen(india), &p), 1);
	CHECK_STR(p.zone, "India Standard Time");
	CHECK_INT(p.bias, -330);
	const char *bare = "(PDH-CSV 4.0) (Coordinated Universal Time)(0),x\n";
	CHECK_INT(ds_pdh_detect(bare, strlen(bare), &p), 1);
	CHECK_INT(p.bias, 0);
	const char *alone = "\"(PDH-CSV 4.0) (Tokyo Standard Time)(-540)\"";
	CHECK_INT(ds_pdh_detect(alone, strlen(alone), &p), 1);
	CHECK_INT(p.bias, -540);
	/* what is no declaration */
	const char *no[] = {
	    "\"Sample Time\",\"x\"\n",
	    "\"(PDH-CSV 4.0) (Pacific Standard Time)(48x)\",\"x\"\n",
	    "\"(PDH-CSV 4.0) (Pacific Standard Time)()\",\"x\"\n",
	    "\"(PDH-CSV 4.0) ()(480)\",\"x\"\n",
	    "\"(PDH-CSV 4.0) (Pacific Standard Time)(9999)\",\"x\"\n",
	    "\"(PDH-CSV 4.0) (Pacific Standard Time)(480)x\",\"x\"\n",
	    "\"(PDH-CSV 4.0) (Pacific Standard Time)(480),\"x\"\n",
	    "\"(PDH-CSV 3.0) (Pacific Standard Time)(480)\",\"x\"\n",
	    "x\n\"(PDH-CSV 4.0) (Pacific Standard Time)(480)\",\"x\"\n",
	    "\"(PDH-CSV 4.0) (Pacific",
	    "",
	};
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		CHECK_INT(ds_pdh_detect(no[i], strlen(no[i]), &p), 0);
}

static void test_blank_tail(void)
{
	const char *typeperf = "\"h\",\"a\"\r\n\"12/07/2026 04:10:00.137\",\"5\"\r\n\" \",\" \"\r\n";
	size_t at = ds_pdh_blank_tail(typeperf, strlen(typeperf), ',');
	CHECK_INT((long)at, (long)(strstr(typeperf, "\" \"") - typeperf));
	const char *tsv = "h\ta\n1\t2\n\" \"\t\" \"";
	CHECK_INT((long)ds_pdh_blank_tail(tsv, strlen(tsv), '\t'), (long)(strlen(tsv) - 7));
	/* a data row last, a header alone, a last cell with text, no separator */
	const char *no[] = {"h,a\n1,2\n", "\" \",\" \"\n", "h,a\n1,2\n\" \",\"x\"\n", "h,a\n1,2\n\" \"\n", ""};
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		CHECK_INT((long)ds_pdh_blank_tail(no[i], strlen(no[i]), ','), 0);
}

static void test_to_utc(void)
{
	struct ll_table *t = ll_table_new();
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_INT(ll_table_add_column(t, "time", LL_COL_TIME), 0);
	CHECK_INT(ll_table_add_column(t, "x", LL_COL_NUM), 1);
	for (int r = 0; r < 3; r++) {
		CHECK(ll_table_append_row(t) == r);
		ll_table_set_num(t, (size_t)r, 0, r == 1 ? NAN : 1000.0 * r);
		ll_table_set_num(t, (size_t)r, 1, 7);
	}
	struct ds_pdh p = {"India Standard Time", -330, "(PDH-CSV 4.0) (India Standard Time)(-330)"};
	struct ll_err err = {0};
	CHECK_INT(ds_pdh_to_utc(t, 0, &p, "p.csv", &err), LL_OK);
	CHECK_NEAR(ll_table_num(t, 0, 0), -19800.0, 1e-9);
	CHECK(isnan(ll_table_num(t, 1, 0)));
	CHECK_NEAR(ll_table_num(t, 2, 0), 2000.0 - 19800.0, 1e-9);
	CHECK_NEAR(ll_table_num(t, 0, 1), 7.0, 1e-9);
	CHECK_INT((long)ll_table_nnotes(t), 1);
	const char *note = ll_table_note_text(t, 0);
	CHECK(note && strstr(note, "p.csv: times are shown in UTC") && strstr(note, "'India Standard Time', bias -330 minutes (UTC+05:30)") &&
	      strstr(note, "summer time within the log is not known"));
	/* a column of no times keeps its values, and its note says why */
	CHECK_INT(ds_pdh_to_utc(t, 1, &p, "p.csv", &err), LL_OK);
	CHECK_NEAR(ll_table_num(t, 0, 1), 7.0, 1e-9);
	CHECK_INT((long)ll_table_nnotes(t), 2);
	note = ll_table_note_text(t, 1);
	CHECK(note && strstr(note, "is named 'x'; its cells are no times"));
	CHECK_INT(ds_pdh_to_utc(t, 5, &p, "p.csv", &err), LL_OK);
	CHECK_INT((long)ll_table_nnotes(t), 2);
	ll_table_free(t);
}

int main(void)
{
	test_detect();
	test_blank_tail();
	test_to_utc();
	TEST_MAIN_END();
}
