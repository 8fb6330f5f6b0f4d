/*
 * test_xlsx.c - Excel workbooks read as tables (ds_xlsx.c), the XML
 * scanner under them (ds_xml.h) and a zip member read into memory
 * (ds_zip_read): workbooks written part by part as Excel and openpyxl
 * write them, with shared and inline strings, date styles built in and
 * custom, the 1904 calendar, gaps, booleans and errors; and damaged ones.
 */
#include "harness.h"

#include "cell_at.h"

#include "ds_archive.h"
#include "ds_dataset.h"
#include "ds_fleet_tables.h"
#include "ds_opc.h"
#include "ds_reader.h"
#include "ds_xml.h"
#include "ds_zip.h"
#include "zip_build.h"

#include <math.h>
#include <stdio.h>

static char dir[256];

#define WB_HEAD                                                                                                    \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook "                               \
	"xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "                                     \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
#define RELS                                                                                                       \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"                   \
	"<Relationship Id=\"rId1\" Type=\"worksheet\" Target=\"worksheets/sheet1.xml\"/>"                          \
	"<Relationship Id=\"rId2\" Type=\"worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/></Relationships>"
#define CONTENT_TYPES                                                                                              \
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override "                  \
	"PartName=\"/xl/workbook.xml\" ContentType=\"application/"                                                 \
	"vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>"

/* Writes a workbook of the parts (NULL parts left out) to dir/name; the
 * content types come first unless openpyxl_order. */
static const char *workbook(const char *name, const char *wb, const char *strings, const char *styles,
			    const char *sheet1, const char *sheet2, int openpyxl_order)
{
	struct zent e[8];
	size_t n = 0;
	if (!openpyxl_order)
		e[n++] = (struct zent){"[Content_Types].xml", CONTENT_TYPES, 0, 0, 0, 0};
	else
		e[n++] = (struct zent){"docProps/app.xml", "<Properties/>", 1, 0, 0, 0};
	if (wb)
		e[n++] = (struct zent){"xl/workbook.xml", wb, 1, 0, 0, 0};
	e[n++] = (struct zent){"xl/_rels/workbook.xml.rels", RELS, 1, 0, 0, 0};
	if (strings)
		e[n++] = (struct zent){"xl/sharedStrings.xml", strings, 1, 0, 0, 0};
	if (styles)
		e[n++] = (struct zent){"xl/styles.xml", styles, 0, 0, 0, 0};
	if (sheet1)
		e[n++] = (struct zent){"xl/worksheets/sheet1.xml", sheet1, 1, 0, 0, 0};
	if (sheet2)
		e[n++] = (struct zent){"xl/worksheets/sheet2.xml", sheet2, 1, 0, 0, 0};
	if (openpyxl_order)
		e[n++] = (struct zent){"[Content_Types].xml", CONTENT_TYPES, 1, 0, 0, 0};
	struct buf b = {0};
	zip_of(&b, e, n);
	const char *path = ll_test_put_bytes(dir, name, b.p, b.n);
	free(b.p);
	return path;
}

static const char *const two_sheets = WB_HEAD "<workbookPr/><sheets><sheet name=\"Jobs &amp; hosts\" sheetId=\"1\" "
					  "r:id=\"rId1\"/><sheet name=\"Notes\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";

/* shared strings: plain, with a comma and quotes, rich text runs with a
 * phonetic guide left out, an escaped CR, an entity */
static const char *const strings =
	"<sst xmlns=\"x\"><si><t>time</t></si><si><t>host</t></si><si><t>label</t></si><si><t>a, \"b\"</t></si>"
	"<si><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r><rPh><t>ruby</t></rPh></si>"
	"<si><t>line_x000D_two</t></si><si><t>fault &amp; more</t></si><si><t>normal</t></si></sst>";

/* style 0 general, 1 built-in date and time (22), 2 custom date (164), 3
 * built-in time of day (21), 4 a custom number with a quoted "d" */
static const char *const styles =
	"<styleSheet><numFmts count=\"3\"><numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd;@\"/>"
	"<numFmt numFmtId=\"165\" formatCode=\"0.0&quot; days&quot;\"/><numFmt numFmtId=\"166\" "
	"formatCode=\"[hh]:mm:ss\"/></numFmts><cellStyleXfs count=\"1\"><xf "
	"numFmtId=\"14\"/></cellStyleXfs><cellXfs count=\"6\"><xf numFmtId=\"0\"/><xf numFmtId=\"22\" "
	"applyNumberFormat=\"1\"/><xf numFmtId=\"164\"/><xf numFmtId=\"21\"/><xf numFmtId=\"165\"/>"
	"<xf numFmtId=\"166\"/></cellXfs></styleSheet>";

/* a header row, then rows with a gap at column C, a skipped row, an
 * inline string, a boolean, an error, a style-only cell */
static const char *const sheet1 =
	"<worksheet><sheetData>"
	"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"inlineStr\"><is>"
	"<t>cpu</t></is></c><c r=\"D1\" t=\"s\"><v>2</v></c><c r=\"E1\" t=\"inlineStr\"><is><t>day</t></is></c>"
	"<c r=\"F1\" t=\"inlineStr\"><is><t>at</t></is></c><c r=\"G1\" t=\"inlineStr\"><is><t>ok</t></is></c>"
	"<c r=\"H1\" t=\"inlineStr\"><is><t>span</t></is></c></row>"
	"<row r=\"2\"><c r=\"A2\" s=\"1\"><v>45292.5</v></c><c r=\"B2\" t=\"s\"><v>3</v></c><c r=\"C2\"><v>1.5</v></c>"
	"<c r=\"D2\" t=\"s\"><v>7</v></c><c r=\"E2\" s=\"2\"><v>45292</v></c><c r=\"F2\" s=\"3\"><v>0.75</v></c>"
	"<c r=\"G2\" t=\"b\"><v>1</v></c><c r=\"H2\" s=\"4\"><v>2.5</v></c></row>"
	"<row r=\"3\" spans=\"1:8\"><c r=\"A3\" s=\"1\"><v>45292.500011574</v></c><c r=\"B3\" t=\"s\"><v>4</v></c>"
	"<c r=\"C3\" s=\"0\"/><c r=\"D3\" t=\"s\"><v>6</v></c><c r=\"E3\" s=\"2\"><v>45293</v></c>"
	"<c r=\"G3\" t=\"b\"><v>0</v></c><c r=\"H3\" t=\"e\"><v>#DIV/0!</v></c></row>"
	"<row r=\"5\"><c r=\"A5\" s=\"1\"><v>45292.75</v></c><c r=\"B5\" t=\"s\"><v>5</v></c><c r=\"C5\"><f>C2*2</f>"
	"<v>3</v></c><c r=\"D5\" t=\"s\"><v>7</v></c></row>"
	"</sheetData></worksheet>";

static struct ll_table *load(const char *path, struct ll_err *err, int *rc)
{
	struct ds_open_opts o = {.format = NULL, .default_year = 2024};
	struct ll_table *t = NULL;
	*rc = ds_load(path, &o, &t, NULL, err);
	return t;
}

static void test_workbook(void)
{
	struct ll_err err;
	int rc;
	struct ll_table *t = load(workbook("jobs.xlsx", two_sheets, strings, styles, sheet1, NULL, 0), &err, &rc);
	if (rc != LL_OK)
		fprintf(stderr, "jobs.xlsx: %s\n", err.msg);
	CHECK_INT(rc, LL_OK);
	if (!t)
		return;
	CHECK_STR(ll_table_meta(t, "format"), "xlsx");
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK_INT(ll_table_col_type(t, (size_t)ll_table_find_column(t, "time")), LL_COL_TIME);
	CHECK(num_at(t, 0, "time") == 1704110400);		    /* 2024-01-01 12:00:00 */
	CHECK(fabs(num_at(t, 1, "time") - 1704110401) < 1e-6);   /* and one second */
	CHECK_STR(text_at(t, 0, "host"), "a, \"b\"");
	CHECK_STR(text_at(t, 1, "host"), "rich text");
	CHECK_STR(text_at(t, 2, "host"), "line\rtwo");
	CHECK(num_at(t, 0, "cpu") == 1.5 && isnan(num_at(t, 1, "cpu")) && num_at(t, 2, "cpu") == 3);
	CHECK_INT(ll_table_nclasses(t), 2); /* the label column */
	CHECK_INT(ll_table_col_type(t, (size_t)ll_table_find_column(t, "day")), LL_COL_TIME);
	CHECK(num_at(t, 1, "day") == 1704153600); /* 2024-01-02 */
	CHECK_STR(text_at(t, 0, "at"), "18:00:00");
	CHECK_STR(text_at(t, 0, "ok"), "true");
	CHECK_STR(text_at(t, 1, "ok"), "false");
	CHECK(num_at(t, 0, "span") == 2.5 && isnan(num_at(t, 1, "span"))); /* quoted "d" is no date; #DIV/0! missing */
	CHECK(ll_test_has_note(t, "sheet 'Jobs & hosts' of 2 (4 rows with cells); not read: 'Notes'"));
	ll_table_free(t);
}

/* openpyxl's part order; a first sheet without cells skipped and named; the
 * 1904 calendar; a sheet part given from the package root */
static void test_order_and_calendar(void)
{
	const char *wb = WB_HEAD "<workbookPr date1904=\"true\"/><sheets><sheet name=\"Empty\" sheetId=\"1\" r:id=\"rId1\"/>"
			 "<sheet name=\"S2\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";
	const char *empty = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" s=\"0\"/></row></sheetData></worksheet>";
	const char *s2 = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>when</t></is></c>"
			 "<c r=\"B1\" t=\"inlineStr\"><is><t>n</t></is></c></row><row r=\"2\"><c r=\"A2\" s=\"1\">"
			 "<v>43830</v></c><c r=\"B2\"><v>1</v></c></row><row r=\"3\"><c r=\"A3\" s=\"1\"><v>43831</v></c>"
			 "<c r=\"B3\"><v>2</v></c></row></sheetData></worksheet>";
	struct ll_err err;
	int rc;
	struct ll_table *t = load(workbook("order.xlsx", wb, NULL, styles, empty, s2, 1), &err, &rc);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_STR(ll_table_meta(t, "format"), "xlsx");
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK(num_at(t, 0, "when") == 1704067200); /* 43830 in 1904 days: 2024-01-01 */
		CHECK(ll_test_has_note(t, "sheet 'S2' of 2 (3 rows with cells); not read: 'Empty'"));
	}
	ll_table_free(t);
}

/* A sheet chosen by name (exactly, else ignoring case), with a label
 * column and an entity tag after it; a name the workbook lacks refused
 * with the names it has. */
static void test_pick_sheet(void)
{
	const char *notes = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>k</t></is></c>"
			    "<c r=\"B1\" t=\"inlineStr\"><is><t>cls</t></is></c></row><row r=\"2\"><c r=\"A2\"><v>7</v></c>"
			    "<c r=\"B2\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData></worksheet>";
	const char *path = workbook("pick.xlsx", two_sheets, strings, styles, sheet1, notes, 0);
	static const char *const formats[] = {"xlsx:sheet=Notes", "xlsx:sheet=notes", "xlsx:label=cls:sheet=Notes:entity=none"};
	for (size_t i = 0; i < 3; i++) {
		struct ds_open_opts o = {.format = formats[i], .default_year = 2024};
		struct ll_table *t = NULL;
		struct ll_err err;
		CHECK_INT(ds_load(path, &o, &t, NULL, &err), LL_OK);
		CHECK(t && ll_table_nrows(t) == 1 && num_at(t, 0, "k") == 7);
		CHECK(t && ll_test_has_note(t, "sheet 'Notes' of 2 (2 rows with cells); not read: 'Jobs & hosts'"));
		if (t && i == 2)
			CHECK(ll_table_nclasses(t) == 1 && strcmp(ll_table_class_name(t, 0), "x") == 0);
		ll_table_free(t);
	}
	struct ds_open_opts o = {.format = "xlsx:sheet=Nope", .default_year = 2024};
	struct ll_table *t = NULL;
	struct ll_err err;
	CHECK_INT(ds_load(path, &o, &t, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "no sheet 'Nope' (its sheets: 'Jobs & hosts', 'Notes')") != NULL);
	CHECK(ds_format_known("xlsx:sheet=Notes") && ds_reader_find("xlsx:sheet=Notes:entity=none") != NULL);
}

/* A folder of workbooks (and a stray binary file) is a fleet of tables:
 * the workbooks merged by time, the other file left out. */
static void test_fleet(void)
{
	char sub[300];
	snprintf(sub, sizeof sub, "%s/fleet", dir);
	CHECK(mkdir(sub, 0755) == 0);
	const char *a = workbook("fleet/a.xlsx", two_sheets, strings, styles, sheet1, NULL, 0);
	const char *b = workbook("fleet/b.xlsx", two_sheets, strings, styles, sheet1, NULL, 1);
	CHECK(a && b);
	ll_test_put_bytes(sub, "core.bin", "\x7F" "ELF\2\1\0\0", 8);
	int tables = 0;
	struct ll_err err;
	const char *spec = sub;
	CHECK_INT(ds_fleet_tables_probe(&spec, 1, NULL, &tables, &err), LL_OK);
	CHECK_INT(tables, 1);
	struct ds_dataset *ds = NULL;
	struct ds_open_opts o = {.default_year = 2024};
	CHECK_INT(ds_dataset_open(&ds, sub, &o, &err), LL_OK);
	const struct ll_table *t = ds ? ds_dataset_table(ds) : NULL;
	CHECK(t && ll_table_nrows(t) == 6 && ll_table_find_column(t, "host") >= 0);
	CHECK(t && ll_test_has_note(t, "core.bin: left out: binary data (a program"));
	ds_dataset_close(ds);
}

/* An elapsed time ([hh]:mm:ss) is a duration, hours past a day kept. */
static void test_elapsed(void)
{
	const char *one = WB_HEAD "<sheets><sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
	const char *sheet = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>took</t></is></c>"
			    "<c r=\"B1\" t=\"inlineStr\"><is><t>n</t></is></c></row><row r=\"2\"><c r=\"A2\" s=\"5\">"
			    "<v>1.5</v></c><c r=\"B2\"><v>1</v></c></row><row r=\"3\"><c r=\"A3\" s=\"5\"><v>0.0104166667</v>"
			    "</c><c r=\"B3\"><v>2</v></c></row></sheetData></worksheet>";
	struct ll_err err;
	int rc;
	struct ll_table *t = load(workbook("elapsed.xlsx", one, NULL, styles, sheet, NULL, 0), &err, &rc);
	CHECK_INT(rc, LL_OK);
	/* written "36:00:00", "0:15:00": durations the CSV reader reads as seconds */
	CHECK(t && ll_table_col_type(t, (size_t)ll_table_find_column(t, "took")) == LL_COL_NUM);
	CHECK(t && num_at(t, 0, "took") == 129600 && num_at(t, 1, "took") == 900);
	CHECK(t && ll_test_has_note(t, "column 'took' holds durations"));
	ll_table_free(t);
}

/* Packages as other writers lay them out: the workbook at the package's
 * root, named by _rels/.rels, with its parts in any order (the content
 * types last: no archive for all that); member names with Windows'
 * backslashes and a bare folder entry first. */
static void test_packages(void)
{
	const char *wb = WB_HEAD "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"r7\"/></sheets></workbook>";
	const char *sheet = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\">"
			    "<v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>5</v></c><c r=\"B2\" s=\"1\"><v>45292</v></c>"
			    "</row><row r=\"3\"><c r=\"A3\"><v>6</v></c><c r=\"B3\" s=\"1\"><v>45293</v></c></row>"
			    "</sheetData></worksheet>";
	const char *root_rels = "<Relationships><Relationship Id=\"a\" Type=\"http://schemas.openxmlformats.org/"
				"officeDocument/2006/relationships/officeDocument\" Target=\"/book/wb.xml\"/></Relationships>";
	const char *wb_rels = "<Relationships><Relationship Id=\"r7\" Type=\"x/worksheet\" Target=\"../data/s.xml\"/>"
			      "<Relationship Id=\"r8\" Type=\"x/sharedStrings\" Target=\"text.xml\"/>"
			      "<Relationship Id=\"r9\" Type=\"x/styles\" Target=\"look.xml\"/></Relationships>";
	const char *text = "<sst><si><t>n</t></si><si><t>day</t></si></sst>";
	struct zent e[] = {{"data/s.xml", sheet, 1, 0, 0, 0},     {"book/wb.xml", wb, 1, 0, 0, 0},
			   {"book/_rels/wb.xml.rels", wb_rels, 1, 0, 0, 0}, {"book/text.xml", text, 1, 0, 0, 0},
			   {"book/look.xml", styles, 1, 0, 0, 0},        {"_rels/.rels", root_rels, 1, 0, 0, 0},
			   {"[Content_Types].xml", CONTENT_TYPES, 1, 0, 0, 0}};
	struct buf b = {0};
	zip_of(&b, e, 7);
	const char *path = ll_test_put_bytes(dir, "laid_out.xlsx", b.p, b.n);
	free(b.p);
	CHECK(!ds_archive_is(path));
	struct ll_err err;
	int rc;
	struct ll_table *t = load(path, &err, &rc);
	if (rc != LL_OK)
		fprintf(stderr, "laid_out.xlsx: %s\n", err.msg);
	CHECK(rc == LL_OK && t && ll_table_nrows(t) == 2 && num_at(t, 1, "n") == 6 && num_at(t, 0, "day") == 1704067200);
	ll_table_free(t);
	/* Windows' separators, a folder entry first */
	struct zent w[] = {{"xl\\", "", 0, 0, 0, 0},
			   {"xl\\workbook.xml", two_sheets, 1, 0, 0, 0},
			   {"xl\\_rels\\workbook.xml.rels", RELS, 1, 0, 0, 0},
			   {"xl\\sharedStrings.xml", strings, 1, 0, 0, 0},
			   {"xl\\styles.xml", styles, 1, 0, 0, 0},
			   {"xl\\worksheets\\sheet1.xml", sheet1, 1, 0, 0, 0},
			   {"[Content_Types].xml", CONTENT_TYPES, 1, 0, 0, 0}};
	b = (struct buf){0};
	zip_of(&b, w, 7);
	path = ll_test_put_bytes(dir, "windows.xlsx", b.p, b.n);
	free(b.p);
	t = load(path, &err, &rc);
	CHECK(rc == LL_OK && t && ll_table_nrows(t) == 3);
	ll_table_free(t);
}

static void fails(const char *path, const char *want)
{
	struct ll_err err;
	int rc;
	struct ll_table *t = load(path, &err, &rc);
	CHECK_INT(rc, LL_EDATA);
	if (!strstr(err.msg, want))
		fprintf(stderr, "%s: `%s` lacks `%s`\n", path, err.msg, want);
	CHECK(strstr(err.msg, want) != NULL);
	ll_table_free(t);
}

static void test_damaged(void)
{
	const char *one = WB_HEAD "<sheets><sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
	fails(workbook("nowb.xlsx", NULL, NULL, NULL, sheet1, NULL, 0), "not an Excel workbook: it has no xl/workbook.xml");
	fails(workbook("nostr.xlsx", one, NULL, styles, sheet1, NULL, 0), "sheet 'A' row 1: shared string 0 of 0");
	fails(workbook("blank.xlsx", one, NULL, NULL, "<worksheet><sheetData/></worksheet>", NULL, 0),
	      "the workbook's sheets ('A') hold no cells");
	/* a stray cell far to the right widens every row: refused by the memory limit, named */
	const char *stray = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\">"
			    "<v>2</v></c></row><row r=\"3\"><c r=\"XFD3\"><v>3</v></c></row></sheetData></worksheet>";
	setenv("LOGLAB_MEMORY_MAX", "256K", 1);
	fails(workbook("stray.xlsx", one, NULL, NULL, stray, NULL, 0), "sheet 'A' (3 rows x 16384 columns, up to its cell farthest right) needs");
	unsetenv("LOGLAB_MEMORY_MAX");
	/* cut short: the zip's own message */
	const char *path = workbook("cut.xlsx", two_sheets, strings, styles, sheet1, NULL, 0);
	FILE *f = fopen(path, "r+");
	CHECK(f && fseek(f, 0, SEEK_END) == 0);
	long size = f ? ftell(f) : 0;
	if (f)
		fclose(f);
	CHECK(truncate(path, size - 30) == 0);
	fails(path, "damaged zip");
}

static void test_xml(void)
{
	const char *x = "<?xml version=\"1.0\"?><!-- a <c> in a comment --><a:row r=\"2\" x:t='a>b'>text<![CDATA[<no>]]>"
			"<c/></a:row>";
	size_t pos = 0;
	struct ds_xml_tag tag;
	CHECK(ds_xml_next(x, strlen(x), &pos, &tag) && ds_xml_is(&tag, "row") && !tag.closing && !tag.empty);
	const char *v;
	size_t vn;
	CHECK(ds_xml_attr(&tag, "t", &v, &vn) && vn == 3 && memcmp(v, "a>b", 3) == 0);
	CHECK(ds_xml_attr(&tag, "r", &v, &vn) && vn == 1 && v[0] == '2');
	CHECK(!ds_xml_attr(&tag, "s", &v, &vn));
	CHECK(ds_xml_next(x, strlen(x), &pos, &tag) && ds_xml_is(&tag, "c") && tag.empty);
	CHECK(ds_xml_next(x, strlen(x), &pos, &tag) && ds_xml_is(&tag, "row") && tag.closing);
	CHECK(!ds_xml_next(x, strlen(x), &pos, &tag));
	const char *cut = "<row r=\"1";
	pos = 0;
	CHECK(!ds_xml_next(cut, strlen(cut), &pos, &tag));
	char out[64];
	const char *enc = "a&amp;b&lt;&#233;&#x1F600;_x000A_&bogus;&#0;_x00zz_";
	size_t n = ds_xml_decode(enc, strlen(enc), out);
	CHECK(n == strlen("a&b<\xc3\xa9\xf0\x9f\x98\x80\n&bogus;_x00zz_") &&
	      memcmp(out, "a&b<\xc3\xa9\xf0\x9f\x98\x80\n&bogus;_x00zz_", n) == 0);
}

static void test_zip_read(void)
{
	struct zent e[] = {{"a.txt", "alpha", 1, 0, 0, 0}, {"b.txt", "beta", 0, 0, 0, 1}};
	struct buf b = {0};
	zip_of(&b, e, 2);
	char *out;
	size_t n;
	struct ll_err err;
	CHECK_INT(ds_zip_read("z.zip", b.p, b.n, "a.txt", &out, &n, &err), LL_OK);
	CHECK(out && n == 5 && strcmp(out, "alpha") == 0);
	free(out);
	CHECK_INT(ds_zip_read("z.zip", b.p, b.n, "c.txt", &out, &n, &err), LL_OK);
	CHECK(out == NULL);
	CHECK_INT(ds_zip_read("z.zip", b.p, b.n, "b.txt", &out, &n, &err), LL_EDATA);
	CHECK(strstr(err.msg, "b.txt fails its CRC-32 check") != NULL);
	free(b.p);
}


/* Parts named by a package's relationships: by type or by id, from the
 * root or beside the part they belong to, "../" going up, escapes read. */
static void test_opc(void)
{
	const char *rels =
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://x/officeDocument/2006/relationships/officeDocument\" "
		"Target=\"/xl/workbook.bin\"/>"
		"<Relationship Id=\"rId2\" Type=\"http://x/relationships/worksheet\" Target=\"worksheets/s&amp;1.bin\"/>"
		"<Relationship Id=\"rId3\" Type=\"http://x/relationships/styles\" Target=\"../common/styles.bin\"/>"
		"</Relationships>";
	size_t n = strlen(rels);
	int oom = 0;
	char *p = ds_opc_relation(rels, n, NULL, 0, "/officeDocument", "", &oom);
	CHECK_STR(p ? p : "(null)", "xl/workbook.bin");
	free(p);
	p = ds_opc_relation(rels, n, "rId2", 4, NULL, "xl/", &oom);
	CHECK_STR(p ? p : "(null)", "xl/worksheets/s&1.bin");
	free(p);
	p = ds_opc_relation(rels, n, NULL, 0, "/styles", "xl/book/", &oom);
	CHECK_STR(p ? p : "(null)", "xl/common/styles.bin");
	free(p);
	CHECK(ds_opc_relation(rels, n, NULL, 0, "/sharedStrings", "xl/", &oom) == NULL);
	CHECK(ds_opc_relation(rels, n, "rId9", 4, NULL, "xl/", &oom) == NULL);
	CHECK(ds_opc_relation(NULL, 0, NULL, 0, "/styles", "xl/", &oom) == NULL);
	CHECK_INT(oom, 0);
	p = ds_opc_resolve("xl/", "sharedStrings.xml", 17);
	CHECK_STR(p ? p : "(null)", "xl/sharedStrings.xml");
	free(p);
	p = ds_opc_resolve("", "../../a.xml", 11); /* above the root: the root */
	CHECK_STR(p ? p : "(null)", "a.xml");
	free(p);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "xlsx");
	test_opc();
	test_xml();
	test_zip_read();
	test_workbook();
	test_order_and_calendar();
	test_pick_sheet();
	test_packages();
	test_elapsed();
	test_fleet();
	test_damaged();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
