/*
 * test_ods.c - OpenDocument spreadsheets read as tables (ds_ods.c):
 * spreadsheets written as LibreOffice writes them (a stored mimetype,
 * content.xml of sheets), with typed cells (floats, dates, times of day,
 * booleans, errors), paragraphs and runs of blanks, comments, runs of
 * repeated cells and rows, a sheet by name, and damaged ones.
 */
#include "harness.h"

#include "cell_at.h"

#include "ds_reader.h"
#include "zip_build.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static char dir[256];

#define HEAD                                                                                                       \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content "                                       \
	"xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "                                       \
	"xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "                                         \
	"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "                                           \
	"xmlns:calcext=\"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0\"><office:body>"     \
	"<office:spreadsheet>"
#define TAIL "</office:spreadsheet></office:body></office:document-content>"
#define S(t) "<table:table-cell office:value-type=\"string\" calcext:value-type=\"string\"><text:p>" t "</text:p></table:table-cell>"
#define F(v) "<table:table-cell office:value-type=\"float\" office:value=\"" v "\"><text:p>" v "</text:p></table:table-cell>"
#define EMPTY_TO_END "<table:table-cell table:number-columns-repeated=\"1018\"/>"

/* a header, typed cells, a two-paragraph text with blanks and a comment,
 * an error, a repeated cell and a repeated row, a sheet's empty remainder */
static const char *const jobs =
	"<table:table table:name=\"Jobs &amp; hosts\"><table:table-column table:number-columns-repeated=\"6\"/>"
	"<table:table-row>" S("time") S("host") S("cpu") S("at") S("ok") S("label") EMPTY_TO_END "</table:table-row>"
	"<table:table-row><table:table-cell office:value-type=\"date\" office:date-value=\"2024-01-01T12:00:00\">"
	"<text:p>01/01/24 12:00</text:p></table:table-cell>" S("a, &quot;b&quot;") F("1.5")
	"<table:table-cell office:value-type=\"time\" office:time-value=\"PT18H30M05S\"><text:p>x</text:p></table:table-cell>"
	"<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\"><text:p>TRUE</text:p>"
	"</table:table-cell>" S("normal") EMPTY_TO_END "</table:table-row>"
	"<table:table-row><table:table-cell office:value-type=\"date\" office:date-value=\"2024-01-02\"><text:p>x</text:p>"
	"</table:table-cell><table:table-cell office:value-type=\"string\"><text:p>two<text:s text:c=\"2\"/>blanks"
	"</text:p><text:p>line<text:span> two</text:span></text:p><office:annotation><text:p>a comment</text:p>"
	"</office:annotation></table:table-cell><table:table-cell office:value-type=\"string\" "
	"calcext:value-type=\"error\"><text:p>#DIV/0!</text:p></table:table-cell><table:table-cell/>"
	"<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"false\"><text:p>F</text:p>"
	"</table:table-cell>" S("fault") EMPTY_TO_END "</table:table-row>"
	"<table:table-row table:number-rows-repeated=\"3\"><table:table-cell office:value-type=\"date\" "
	"office:date-value=\"2024-01-03\"><text:p>x</text:p></table:table-cell>" S("r")
	"<table:table-cell office:value-type=\"float\" office:value=\"7\" table:number-columns-repeated=\"2\">"
	"<text:p>7</text:p></table:table-cell>" EMPTY_TO_END "</table:table-row>"
	"<table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell table:number-columns-repeated=\"1024\"/>"
	"</table:table-row></table:table>";

static const char *const notes = "<table:table table:name=\"Notes\"><table:table-row>" S("k") S("v")
				 "</table:table-row><table:table-row>" F("1") S("x") "</table:table-row></table:table>";

/* Writes a spreadsheet of content (NULL: none) to dir/name. */
static const char *spreadsheet(const char *name, const char *content)
{
	struct zent e[3];
	size_t n = 0;
	e[n++] = (struct zent){"mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0, 0, 0, 0};
	if (content)
		e[n++] = (struct zent){"content.xml", content, 1, 0, 0, 0};
	e[n++] = (struct zent){"META-INF/manifest.xml", "<manifest/>", 1, 0, 0, 0};
	struct buf b = {0};
	zip_of(&b, e, n);
	const char *path = ll_test_put_bytes(dir, name, b.p, b.n);
	free(b.p);
	return path;
}

static struct ll_table *load(const char *path, const char *format, struct ll_err *err, int *rc)
{
	struct ds_open_opts o = {.format = format, .default_year = 2024};
	struct ll_table *t = NULL;
	*rc = ds_load(path, &o, &t, NULL, err);
	return t;
}

static char *joined(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s%s%s", a, b, c);
	return s;
}

static void test_sheet(void)
{
	char *content = joined(HEAD, jobs, notes);
	char *doc = content ? joined(content, TAIL, "") : NULL;
	const char *path = doc ? spreadsheet("jobs.ods", doc) : NULL;
	free(content);
	free(doc);
	if (!path)
		return;
	struct ll_err err;
	int rc;
	struct ll_table *t = load(path, NULL, &err, &rc);
	if (rc != LL_OK)
		fprintf(stderr, "jobs.ods: %s\n", err.msg);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_STR(ll_table_meta(t, "format"), "ods");
		CHECK_INT(ll_table_nrows(t), 5);
		CHECK_INT(ll_table_col_type(t, (size_t)ll_table_find_column(t, "time")), LL_COL_TIME);
		CHECK(num_at(t, 0, "time") == 1704110400 && num_at(t, 1, "time") == 1704153600);
		CHECK_STR(text_at(t, 0, "host"), "a, \"b\"");
		CHECK_STR(text_at(t, 1, "host"), "two  blanks\nline two");
		CHECK(num_at(t, 0, "cpu") == 1.5 && isnan(num_at(t, 1, "cpu")) && num_at(t, 2, "cpu") == 7);
		CHECK_STR(text_at(t, 0, "at"), "18:30:05");
		CHECK_STR(text_at(t, 2, "at"), "7"); /* a repeated cell fills both columns */
		CHECK_STR(text_at(t, 0, "ok"), "true");
		CHECK_STR(text_at(t, 1, "ok"), "false");
		CHECK(num_at(t, 4, "time") == 1704240000); /* the repeated row, thrice */
		CHECK_INT(ll_table_nclasses(t), 2);
		CHECK(ll_test_has_note(t, "sheet 'Jobs & hosts' of 2 (6 rows with cells); not read: 'Notes'"));
	}
	ll_table_free(t);
	t = load(path, "ods:sheet=notes", &err, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK(t && ll_table_nrows(t) == 1 && num_at(t, 0, "k") == 1);
	ll_table_free(t);
	t = load(path, "ods:sheet=Nope", &err, &rc);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, "no sheet 'Nope' (its sheets: 'Jobs & hosts', 'Notes')") != NULL);
	ll_table_free(t);
}

static void fails(const char *path, const char *want)
{
	struct ll_err err;
	int rc;
	struct ll_table *t = load(path, "ods", &err, &rc);
	CHECK_INT(rc, LL_EDATA);
	if (!strstr(err.msg, want))
		fprintf(stderr, "%s: `%s` lacks `%s`\n", path, err.msg, want);
	CHECK(strstr(err.msg, want) != NULL);
	ll_table_free(t);
}

static void test_damaged(void)
{
	fails(spreadsheet("nocontent.ods", NULL), "not an OpenDocument spreadsheet: it has no content.xml");
	fails(spreadsheet("blank.ods", HEAD "<table:table table:name=\"A\"><table:table-row table:number-rows-repeated="
					    "\"1048576\"><table:table-cell table:number-columns-repeated=\"16384\"/>"
					    "</table:table-row></table:table>" TAIL),
	      "the workbook's sheets ('A') hold no cells");
	fails(spreadsheet("nosheet.ods", HEAD TAIL), "the workbook lists no sheets");
	/* a password: the manifest says the parts are encrypted */
	struct zent e[] = {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0, 0, 0, 0},
			   {"content.xml", "\x13\x37 not xml", 0, 0, 0, 0},
			   {"META-INF/manifest.xml", "<manifest:file-entry manifest:full-path=\"content.xml\"><manifest:"
						 "encryption-data manifest:checksum-type=\"SHA1/1K\"/></manifest:file-entry>",
			    1, 0, 0, 0}};
	struct buf b = {0};
	zip_of(&b, e, 3);
	fails(ll_test_put_bytes(dir, "locked.ods", b.p, b.n), "a password-protected spreadsheet");
	free(b.p);
	/* a value repeated to the last column widens every row: the memory limit */
	setenv("LOGLAB_MEMORY_MAX", "1M", 1);
	fails(spreadsheet("wide.ods", HEAD "<table:table table:name=\"W\"><table:table-row table:number-rows-repeated="
					  "\"100\">" F("1") "<table:table-cell office:value-type=\"float\" office:value=\"2\" "
					  "table:number-columns-repeated=\"999999\"/></table:table-row></table:table>" TAIL),
	      "sheet 'W' (100 rows x 16384 columns, up to its cell farthest right) needs");
	unsetenv("LOGLAB_MEMORY_MAX");
}

/* An OpenDocument package whose compressed parts happen to hold the bytes
 * "xl/" (one pandas file in a few hundred) is no Excel workbook: read as
 * ods, not refused for lacking xl/workbook.xml. */
static void test_not_xlsx(void)
{
	const struct ds_reader *xlsx = ds_reader_find("xlsx"), *ods = ds_reader_find("ods");
	CHECK(xlsx != NULL && ods != NULL);
	if (!xlsx || !ods)
		return;
	unsigned char head[200] = {'P', 'K', 3, 4};
	head[26] = 8; /* the first member's name: "mimetype", stored */
	memcpy(head + 30, "mimetype", 8);
	memcpy(head + 38, "application/vnd.oasis.opendocument.spreadsheet", 46);
	static const char packed[] = "PK\3\4 content.xml \x9a xl/ \x07";
	memcpy(head + 120, packed, sizeof packed - 1);
	CHECK_INT(xlsx->sniff("book.ods", (const char *)head, sizeof head), 0);
	CHECK(ods->sniff("book.ods", (const char *)head, sizeof head) > 0);
	/* named .xlsx, it is still what its content says */
	CHECK_INT(xlsx->sniff("book.xlsx", (const char *)head, sizeof head), 0);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "ods");
	test_not_xlsx();
	test_sheet();
	test_damaged();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
