/*
 * test_hand_tables.c - tables as journalists and analysts write them, by
 * hand or with spreadsheets, survey sites and pandas (bench/UNSEEN_TABLES.md,
 * "Tables written by hand and by many tools"): a text index under an empty
 * header, a "y" of coordinates, dashes and spreadsheet errors for missing
 * numbers, amounts of money, unpadded dates, a survey's two-line header,
 * CR line ends with an LF appended, an index's empty name over rows a field
 * wider, names that are numbers (column positions, years), a question's
 * text that tells no entity of a long table apart, a hierarchy's rows of
 * words that are no dstat header, and lines ending in a separator and a
 * blank.
 */
#include "harness.h"
#include "table_load.h"

#include <math.h>
#include <string.h>

#include "ds_csv.h"
#include "ds_source.h"

static char dir[512];

static int noted(const struct ll_table *t, const char *part)
{
	for (size_t i = 0; i < ll_table_nnotes(t); i++)
		if (strstr(ll_table_note_text(t, i), part))
			return 1;
	return 0;
}

static int type_of(const struct ll_table *t, const char *name)
{
	int c = col(t, name);
	return c < 0 ? -1 : (int)ll_table_col_type(t, (size_t)c);
}

/* pandas' to_csv of points indexed by a text of two words: a table, not
 * lines (the empty first name is a header's), and "y" beside "x" holds
 * coordinates, not classes. */
static void test_text_index(void)
{
	const char *format;
	struct ll_table *t = load_text(dir, "pts.csv",
				       ",x,y,z\nItem 2,-2.04,-7.33,-2.13\nItem 7,1.74,16.71,9.32\nItem 1,-8.54,6.58,12.3\n"
				       "Item 3,-9.25,-14.81,-4.76\nItem 5,4.31,-6.81,-1.79\n",
				       NULL, 0, &format);
	CHECK_STR(format, "csv");
	CHECK_INT(ll_table_nrows(t), 5);
	CHECK_INT(ll_table_ncols(t), 4);
	CHECK_INT(type_of(t, "y"), LL_COL_NUM);
	CHECK_INT(ll_table_nclasses(t), 0);
	CHECK_INT(ll_table_label_source(t), -1);
	CHECK(noted(t, "column 'y' holds numbers with fractions"));
	ll_table_free(t);
	/* a "y" of whole numbers is still the classes (sklearn's target) */
	t = load_text(dir, "cls.csv", "a,b,y\n0.5,1,0\n0.7,2,1\n0.1,3,0\n", NULL, 0, &format);
	CHECK_INT(ll_table_nclasses(t), 2);
	CHECK(!noted(t, "holds numbers with fractions"));
	ll_table_free(t);
}

/* Dashes and a spreadsheet's error values where a number has none. */
static void test_missing_marks(void)
{
	const char *format;
	struct ll_table *t = load_text(dir, "odds.tsv",
				       "team\todds\tshare\nA\t1.45\t0.5\nB\t--\t#N/A\nC\t245.9\t0.25\nD\t\xE2\x80\x94\t#DIV/0!\n"
				       "E\t12.5\t0.125\nF\t---\t0.75\n",
				       NULL, 0, &format);
	CHECK_STR(format, "csv");
	CHECK_INT(type_of(t, "odds"), LL_COL_NUM);
	CHECK_INT(type_of(t, "share"), LL_COL_NUM);
	int odds = col(t, "odds"), share = col(t, "share");
	CHECK(isnan(ll_table_num(t, 1, (size_t)odds)));
	CHECK(isnan(ll_table_num(t, 3, (size_t)odds)));
	CHECK(isnan(ll_table_num(t, 5, (size_t)odds)));
	CHECK(isnan(ll_table_num(t, 1, (size_t)share)));
	CHECK(isnan(ll_table_num(t, 3, (size_t)share)));
	CHECK(fabs(ll_table_num(t, 2, (size_t)odds) - 245.9) < 1e-9);
	ll_table_free(t);
	/* four dashes are no missing mark: text */
	t = load_text(dir, "dash4.csv", "a,b\n1,x\n----,y\n3,z\n", NULL, 0, &format);
	CHECK_INT(type_of(t, "a"), LL_COL_TEXT);
	ll_table_free(t);
}

/* Amounts of money as spreadsheets format them. */
static void test_money(void)
{
	const char *format;
	struct ll_table *t = load_text(dir, "money.csv",
				       "name,amount\na,\"$4,000 \"\nb,-$5.50\nc,$-5.50\nd,\"\xE2\x82\xAC 1,200\"\ne,\xC2\xA3" "3\n"
				       "f,\"$1,000,000\"\n",
				       NULL, 0, &format);
	CHECK_INT(type_of(t, "amount"), LL_COL_NUM);
	int a = col(t, "amount");
	static const double want[] = {4000, -5.5, -5.5, 1200, 3, 1e6};
	for (size_t r = 0; r < 6; r++)
		CHECK(fabs(ll_table_num(t, r, (size_t)a) - want[r]) < 1e-9);
	CHECK(noted(t, "a currency sign dropped"));
	ll_table_free(t);
	/* a sign alone, or a word after it, is text */
	t = load_text(dir, "words.csv", "name,price\na,$\nb,$abc\nc,$5\n", NULL, 0, &format);
	CHECK_INT(type_of(t, "price"), LL_COL_TEXT);
	ll_table_free(t);
}

/* Dates with a one-digit month or day, and US short dates of two-digit
 * years under a name that says nothing. */
static void test_dates(void)
{
	double v, w;
	CHECK(ds_csv_cell_time("2014-7-1", 8, 0, &v));
	CHECK(ds_csv_cell_time("2014-07-01", 10, 0, &w));
	CHECK(v == w);
	CHECK(ds_csv_cell_time("2014-12-1T10:00:00Z", 19, 0, &v));
	CHECK(!ds_csv_cell_time("2014-13-1", 9, 0, &v));
	CHECK(!ds_csv_cell_time("2014-1-", 7, 0, &v));
	CHECK(!ds_csv_cell_time("2014-123-1", 10, 0, &v));
	const char *format;
	struct ll_table *t = load_text(dir, "wx.csv", "date,temp\n2014-7-1,5\n2014-7-2,6\n2014-7-10,7\n2014-12-1,8\n", NULL,
				       0, &format);
	CHECK_INT(type_of(t, "date"), LL_COL_TIME);
	ll_table_free(t);
	char text[4096];
	size_t at = (size_t)snprintf(text, sizeof text, "Show,n\n");
	for (int i = 0; i < 24; i++)
		at += (size_t)snprintf(text + at, sizeof text - at, "%d/%d/%02d,%d\n", i % 12 + 1, (i * 7) % 28 + 1,
				       (99 + i) % 100, i);
	t = load_text(dir, "show.csv", text, NULL, 0, &format);
	CHECK_INT(type_of(t, "Show"), LL_COL_TIME);
	ll_table_free(t);
	/* a few such cells, or none with a field past 12, stay text */
	t = load_text(dir, "few.csv", "Show,n\n1/13/99,1\n2/5/00,2\n3/1/15,3\n", NULL, 0, &format);
	CHECK_INT(type_of(t, "Show"), LL_COL_TEXT);
	ll_table_free(t);
	at = (size_t)snprintf(text, sizeof text, "ratio,n\n");
	for (int i = 0; i < 24; i++)
		at += (size_t)snprintf(text + at, sizeof text - at, "%d/%d/%02d,%d\n", i % 12 + 1, i % 9 + 1, 10 + i, i);
	t = load_text(dir, "ratio.csv", text, NULL, 0, &format);
	CHECK_INT(type_of(t, "ratio"), LL_COL_TEXT);
	ll_table_free(t);
}

/* A survey site's export: questions over their answers' columns, empty
 * where one question spans several, the same answer under two questions;
 * and a table of counts whose groups start after two unnamed columns. */
static void test_survey_header(void)
{
	const char *format;
	struct ll_table *t = load_text(dir, "survey.csv",
				       "RespondentID,Have you seen it?,Which did you like? Select all.,,\n"
				       ",Response,First,Second,Other (please specify)\n"
				       "101,Yes,First,,a long answer with words\n102,No,,Second,\n"
				       "103,Yes,First,Second,more words in a free text\n104,Yes,,,\n",
				       NULL, 0, &format);
	CHECK_STR(format, "csv");
	CHECK_INT(ll_table_nrows(t), 4);
	CHECK_INT(ll_table_ncols(t), 5);
	CHECK_INT(type_of(t, "RespondentID"), LL_COL_NUM);
	CHECK(ll_table_find_column(t, "Which did you like? Select all..Second") >= 0);
	CHECK(noted(t, "the header is two lines"));
	ll_table_free(t);
	t = load_text(dir, "fans.csv",
		      ",,North,,South,\nTeam,Total,Red,Blue,Red,Blue\nAnts,10,2,3,4,1\nBees,12,5,1,3,3\nCats,9,1,1,5,2\n", NULL,
		      0, &format);
	CHECK_STR(format, "csv");
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK(ll_table_find_column(t, "Team") >= 0);
	CHECK(ll_table_find_column(t, "North.Red") >= 0);
	CHECK(ll_table_find_column(t, "South.Red") >= 0);
	CHECK_INT(type_of(t, "South.Blue"), LL_COL_NUM);
	ll_table_free(t);
	/* a group over percentages: numbers as people write them say the
	 * line under the groups is names */
	t = load_text(dir, "share.csv", ",Share of searches,,\nArea,NFL,NBA,Vote%\nAbilene TX,45%,21%,79.13%\n"
		      "Albany GA,32%,30%,59.12%\nAlbany NY,40%,20%,44.11%\n",
		      NULL, 0, &format);
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK_INT(type_of(t, "Share of searches.NBA"), LL_COL_NUM);
	ll_table_free(t);
}

/* Lines ended by CR alone (a spreadsheet's "CSV (Macintosh)"), with one
 * LF a later tool appended at the end. */
static void test_cr_lines(void)
{
	CHECK(ds_cr_only_sniff("a,b\r1,2\r3,4\n", 12));
	CHECK(ds_cr_only_sniff("a,b\r1,2\r3,4\r", 12));
	CHECK(!ds_cr_only_sniff("a,b\r\n1,2\r\n", 10)); /* CRLF */
	CHECK(!ds_cr_only_sniff("a,b\n1,2\r3,4\r", 12)); /* an LF before the end */
	CHECK(ds_cr_only_sniff("a,b\r1,2\r\n", 9));  /* the last CR then the LF */
	CHECK(!ds_cr_only_sniff("a,b\r\n", 5));	    /* one line of CRLF */
	const char *format;
	struct ll_table *t = load_text(dir, "mac.csv", "name,score\rann,1\rbob,2\rcid,3\n", NULL, 0, &format);
	CHECK_STR(format, "csv");
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK_INT(ll_table_ncols(t), 2);
	ll_table_free(t);
}

/* pandas' index under an empty name over rows one field wider than the
 * header (a time cut at its comma; such a file crashed a failed load): the
 * first column is the rows' names, as R's short header is read. */
static void test_index_short_header(void)
{
	char path[1024];
	snprintf(path, sizeof path, "%s",
		 ll_test_put(dir, "split.csv", ",time,temp\n0,2022-07-29,03:14:50,18.1\n1,2022-07-29,03:14:51,18.2\n"));
	struct ds_open_opts o = {0};
	struct ll_table *t = NULL;
	const struct ds_reader *used = NULL;
	struct ll_err err;
	int rc = ds_load(path, &o, &t, &used, &err);
	CHECK_INT(rc, LL_OK);
	if (rc == LL_OK) {
		CHECK_INT(ll_table_ncols(t), 4);
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK(ll_table_find_column(t, "row_name") == 0);
		CHECK(noted(t, "the header names 3 columns and the rows have 4"));
		ll_table_free(t);
	}
	unlink(path);
}

/* Names that are numbers: pandas' column positions, a wide table's years;
 * a matrix of whole numbers whose first row counts stays data. */
static void test_number_names(void)
{
	const char *format;
	struct ll_table *t = load_text(dir, "pos.csv", "0,1,2,classes\n1.5,2.25,3.5,a\n4.5,5.75,6.5,b\n7.5,8.25,9.5,a\n",
				       NULL, 0, &format);
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK(ll_table_find_column(t, "2") == 2);
	CHECK_INT(type_of(t, "0"), LL_COL_NUM);
	ll_table_free(t);
	t = load_text(dir, "idx.csv", ",0,1,2\n0,27.8,49.6,83.1\n1,27.7,48.5,65.2\n2,30.4,44.3,62.9\n", NULL, 0, &format);
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK(ll_table_find_column(t, "1") == 2);
	ll_table_free(t);
	t = load_text(dir, "lean.csv", "state,2018\nAlabama,R+27\nAlaska,R+15\nArizona,R+9\nDelaware,D+14\n", NULL, 0,
		      &format);
	CHECK_INT(ll_table_nrows(t), 4);
	CHECK(ll_table_find_column(t, "2018") == 1);
	ll_table_free(t);
	t = load_text(dir, "wide.csv", "country,1952,1957,1962\nA,28.8,30.3,32.0\nB,55.2,59.3,64.8\nC,43.1,45.7,48.3\n", NULL,
		      0, &format);
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK_INT(type_of(t, "1957"), LL_COL_NUM);
	ll_table_free(t);
	/* whole numbers below: the counting first row is data */
	t = load_text(dir, "mat.csv", "0,1,2,3\n1,2,3,4\n2,3,4,5\n3,4,5,6\n", NULL, 0, &format);
	CHECK_INT(ll_table_nrows(t), 4);
	ll_table_free(t);
	/* a year beside another number is no header of years */
	t = load_text(dir, "mix.csv", "Alabama,2018,5\nAlaska,R+15,x\nArizona,R+9,y\nDelaware,D+14,z\n", NULL, 0, &format);
	CHECK_INT(ll_table_nrows(t), 4);
	ll_table_free(t);
	/* years below years: a row of data */
	t = load_text(dir, "yrs.csv", "Alabama,2018\nAlaska,2017\nArizona,2016\nDelaware,2015\n", NULL, 0, &format);
	CHECK_INT(ll_table_nrows(t), 4);
	ll_table_free(t);
}

/* Polls of many questions over time: the question's text, prose, tells no
 * entity apart, so the table is no long one to pivot; one of short names
 * still is. */
static void test_prose_no_entity(void)
{
	static const char *const questions[] = {
		"Do you think Congress should or should not begin proceedings on this?",
		"Would you support or oppose the proposal that the committee made last week?",
		"Based on what you know, should the house hold a vote on the matter soon?"};
	char text[16384];
	size_t at = (size_t)snprintf(text, sizeof text, "Start,Pollster,Pop,Text,Yes,No\n");
	for (int i = 0; i < 60; i++)
		at += (size_t)snprintf(text + at, sizeof text - at, "2019-%02d-%02d,Poll %d,%s,\"%s\",%d,%d\n", 1 + i / 28,
				       1 + i % 28, i % 7, i % 2 ? "rv" : "a", questions[i % 3], 40 + i % 9, 50 - i % 7);
	const char *format;
	struct ll_table *t = load_text(dir, "polls.csv", text, NULL, 0, &format);
	CHECK_INT(ll_table_nrows(t), 60);
	CHECK_INT(ll_table_ncols(t), 6);
	CHECK(!noted(t, "a long table"));
	ll_table_free(t);
	at = (size_t)snprintf(text, sizeof text, "date,candidate,pct\n");
	for (int i = 0; i < 60; i++)
		at += (size_t)snprintf(text + at, sizeof text - at, "2024-%02d-%02d,%s,%d.5\n", 1 + i / 56, 1 + (i / 2) % 28,
				       i % 2 ? "Ann Lee" : "Bob Ray", 40 + i % 9);
	t = load_text(dir, "avg.csv", text, NULL, 0, &format);
	CHECK(noted(t, "a long table"));
	CHECK(ll_table_find_column(t, "pct.Ann Lee") >= 0);
	ll_table_free(t);
}

/* A hierarchy's ids, labels and parents (what sunburst and treemap charts
 * take): a row with an empty parent over a row repeating a name is no
 * dstat group and column header pair; dstat's own still is. */
static void test_hierarchy_not_dstat(void)
{
	const char *format;
	struct ll_table *t = load_text(dir, "tree.csv",
				       "ids,labels,parents\nCoffee,Coffee Flavors,\nAromas,Aromas,Coffee\nTastes,Tastes,Coffee\n"
				       "Aromas-Sugar,Sugar Browning,Aromas\nTastes-Sour,Sour,Tastes\n",
				       NULL, 0, &format);
	CHECK_STR(format, "csv");
	CHECK_INT(ll_table_nrows(t), 5);
	ll_table_free(t);
	t = load_text(dir, "d.csv",
		      "\"system\",\"total cpu usage\",,,\"dsk/total\",\n\"time\",\"usr\",\"sys\",\"idl\",\"read\",\"writ\"\n"
		      "05-10 22:11:42,1.2,0.5,98.3,0,4096\n05-10 22:11:43,2.0,0.7,97.3,0,0\n",
		      NULL, 0, &format);
	CHECK_STR(format, "dstat");
	ll_table_free(t);
}

/* Every line ends with the separator and a blank (", "): the blank field
 * after it is no column and no error. */
static void test_trailing_blank(void)
{
	const char *format;
	struct ll_table *t = load_text(dir, "polar.csv", "r,x1,x2,\n0,1,1, \n6,0.995,0.997, \n12,0.98,0.99, \n", NULL, 0,
				       &format);
	CHECK_STR(format, "csv");
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK_INT(ll_table_ncols(t), 3);
	ll_table_free(t);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "hand_tables");
	test_text_index();
	test_missing_marks();
	test_money();
	test_dates();
	test_survey_header();
	test_cr_lines();
	test_index_short_header();
	test_number_names();
	test_prose_no_entity();
	test_hierarchy_not_dstat();
	test_trailing_blank();
	rmdir(dir);
	TEST_MAIN_END();
}
