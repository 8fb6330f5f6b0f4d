/*
 * test_csv_units.c - what sits around a table's header in files written by
 * instruments, loggers and report tools: a preamble of other widths above
 * it (a title line, a data logger's station line), rows of units or
 * sampling under it (ds_csv_units_rows), detected and read as the table
 * they frame; and the look-alikes that stay as they were (prose with
 * separators under a title, a first row of text that is data).
 */
#include "harness.h"

#include "ds_csv.h"
#include "ds_line_map.h"
#include "ds_reader.h"
#include "reader_test.h"

#include <math.h>
#include <stdio.h>

static char dir[256];

static size_t units_of(const char *text, size_t *line, char *what)
{
	/* the header is the first line: the rows start after it */
	const char *nl = strchr(text, '\n');
	size_t pos = nl ? (size_t)(nl - text) + 1 : strlen(text), bpos;
	size_t ncols = 1;
	for (const char *p = text; p < nl; p++)
		ncols += *p == ',';
	return ds_csv_units_rows(text, strlen(text), ',', pos, 2, ncols, 2024, NULL, &bpos, line, what, 64);
}

static void test_units_rows(void)
{
	size_t line;
	char what[64];
	CHECK_INT(units_of("time,cpu,mem\nISO8601,%,MB\n2024-01-01 00:00:00,1.5,300\n2024-01-01 00:00:10,2.5,310\n",
			   &line, what), 1);
	CHECK(line == 3 && strcmp(what, "line 2") == 0);
	/* a units row and a sampling row with empty cells */
	CHECK_INT(units_of("TIMESTAMP,RECORD,BattV\nTS,RN,Volts\n,,Smp\n2024-01-01 00:00:00,0,12.5\n2024-01-01 00:01:00,1,"
			   "12.4\n",
			   &line, what), 2);
	CHECK(line == 4 && strcmp(what, "lines 2-3") == 0);
	/* data, not units: a row with a time, a row of text over text
	 * columns, a row whose value columns are empty, a row with a number */
	CHECK_INT(units_of("time,cpu\n2024-01-01,x\n2024-01-02,1\n2024-01-03,2\n", &line, what), 0);
	CHECK_INT(units_of("host,os\nweb1,linux\nweb2,bsd\nweb3,linux\n", &line, what), 0);
	CHECK_INT(units_of("host,cpu,mem\nweb1,,\nweb2,1,2\nweb3,3,4\n", &line, what), 0);
	CHECK_INT(units_of("host,cpu,mem\nweb1,%,5\nweb2,1,2\nweb3,3,4\n", &line, what), 0);
	/* one row below is too little to judge */
	CHECK_INT(units_of("time,cpu\nISO,%\n2024-01-01,1\n", &line, what), 0);
	/* at most three */
	CHECK_INT(units_of("a,b\nu,v\nw,x\ny,z\nq,r\n1,2\n3,4\n", &line, what), 0);
	/* a text made from a file (records of "Key: value" lines): the
	 * lines named are the file's, through the map */
	const char *made = "Job,Duration\nunits,s\nb1,12\nb2,14\nb3,15\n";
	struct ds_line_map map = {0};
	ds_line_map_add(&map, "\n", 1, 1);
	ds_line_map_add(&map, "\n", 1, 3);
	ds_line_map_add(&map, "\n\n\n", 3, 7);
	size_t bpos;
	CHECK_INT(ds_csv_units_rows(made, strlen(made), ',', 13, 2, 2, 2024, &map, &bpos, &line, what, 64), 1);
	CHECK(line == 3 && strcmp(what, "line 3") == 0);
	ds_line_map_free(&map);
}

static struct ll_table *load(const char *name, const char *text, const char *format)
{
	return rt_load_text(dir, name, text, format);
}

static int col_type(const struct ll_table *t, const char *name)
{
	long c = ll_table_find_column(t, name);
	return c >= 0 ? (int)ll_table_col_type(t, (size_t)c) : -1;
}

static void test_detected(void)
{
	/* a data logger's file: a wider station line, the header, units and sampling rows */
	struct ll_table *t = load("logger.dat",
				  "\"TOA5\",\"CR1000\",\"CR1000\",\"1234\",\"CR1000.Std.32\",\"CPU:prog.CR1\",\"5678\",\"T1\"\n"
				  "\"TIMESTAMP\",\"RECORD\",\"BattV\",\"PTemp_C\"\n\"TS\",\"RN\",\"Volts\",\"Deg C\"\n"
				  "\"\",\"\",\"Smp\",\"Smp\"\n\"2024-01-01 00:00:00\",0,12.5,21.3\n\"2024-01-01 00:01:00\",1,12.4,21.4\n"
				  "\"2024-01-01 00:02:00\",2,12.4,21.6\n",
				  NULL);
	if (t) {
		CHECK_STR(ll_table_meta(t, "format"), "csv");
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(col_type(t, "TIMESTAMP"), LL_COL_TIME);
		CHECK_INT(col_type(t, "BattV"), LL_COL_NUM);
		CHECK(ll_test_has_note(t, "the 1 line above the header (line 2) does not have the table's 4 fields"));
		CHECK(ll_test_has_note(t, "the 2 lines under the header (lines 3-4) hold no number or time"));
	}
	ll_table_free(t);
	/* a report's title line above the header */
	t = load("report.csv", "Report generated 2024-01-01 by tool\ntime,cpu,mem\n2024-01-01 00:00:00,1.5,300\n"
			       "2024-01-01 00:00:10,2.5,310\n",
		 NULL);
	if (t) {
		CHECK_STR(ll_table_meta(t, "format"), "csv");
		CHECK(ll_table_nrows(t) == 2 && col_type(t, "cpu") == LL_COL_NUM);
	}
	ll_table_free(t);
	/* a units row alone */
	t = load("units.csv", "time,cpu,mem\nISO8601,%,MB\n2024-01-01 00:00:00,1.5,300\n2024-01-01 00:00:10,2.5,310\n",
		 NULL);
	if (t) {
		CHECK(ll_table_nrows(t) == 2 && col_type(t, "mem") == LL_COL_NUM && col_type(t, "time") == LL_COL_TIME);
		CHECK(ll_test_has_note(t, "the line under the header (line 2) holds no number or time"));
	}
	ll_table_free(t);
	/* prose with a separator under a title is no table */
	t = load("prose.txt", ".. public domain\n   more words here\n\n.. |Aacute| unicode:: U+000C1 .. LATIN A WITH ACUTE\n"
			      ".. |aacute| unicode:: U+000E1 .. LATIN a WITH ACUTE\n.. |Acirc| unicode:: U+000C2 .. LATIN A "
			      "WITH CIRCUMFLEX\n.. |acirc| unicode:: U+000E2 .. LATIN a WITH CIRCUMFLEX\n",
		 NULL);
	if (t)
		CHECK(strcmp(ll_table_meta(t, "format"), "csv") != 0);
	ll_table_free(t);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "csv_units");
	test_units_rows();
	test_detected();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
