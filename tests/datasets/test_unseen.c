/*
 * tests/datasets/test_unseen.c - logs and tables loglab has no reader for,
 * generated (tests/gen_shapes.h; no copied data):
 *
 *   - every log shape opens as a log (lines that begin with '[' are no JSON,
 *     messages with commas or pipes are no CSV), every line a row; the
 *     header inferred is the one expected, its time column reads the first
 *     stamp, and templates group the lines by the statements they were
 *     made from;
 *   - a user's header pattern splits lines into the columns it names;
 *   - tables: a shape line "N,M,class..." above the data, a UTF-8 byte
 *     order mark, CR-only line ends;
 *   - a property: random text files of every kind of line (brackets,
 *     braces, commas, pipes, tabs, CR/LF/CRLF ends, a BOM) always open, with
 *     one row per line, and are never refused.
 */
#include "ds_dataset.h"
#include "ds_reader.h"
#include "ds_templates.h"
#include "gen_shapes.h"
#include "harness.h"
#include "header_base.h"
#include "ll_time.h"

#include <stdint.h>
#include <unistd.h>

static char tmpdir[256];

static const char *write_tmp(const char *name, const char *data, size_t n)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	CHECK(f != NULL);
	if (f) {
		CHECK(fwrite(data, 1, n, f) == n);
		fclose(f);
	}
	return path;
}

static struct ll_table *load(const char *path, const char *format, const char *header, const struct ds_reader **used,
			     int *rc)
{
	struct ds_open_opts o = {.format = format, .header = header, .default_year = 2017};
	struct ll_table *t = NULL;
	struct ll_err err;
	*rc = ds_load(path, &o, &t, used, &err);
	if (*rc != LL_OK)
		fprintf(stderr, "%s\n", err.msg);
	return t;
}

static size_t count_lines(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] == '\n';
	return k + (n && s[n - 1] != '\n');
}

/* Grouping accuracy of pred against truth (as in bench_templates). */
static double grouping(const long *pred, const int *truth, size_t n)
{
	size_t right = 0;
	for (size_t i = 0; i < n; i++) {
		int ok = 1;
		for (size_t j = 0; j < n && ok; j++)
			ok = (pred[j] == pred[i]) == (truth[j] == truth[i]);
		right += ok;
	}
	return n ? (double)right / (double)n : 0;
}

static void test_shapes(void)
{
	for (int s = 0; s < GEN_NSHAPES; s++) {
		const struct gen_shape_info *info = gen_shape_info((enum gen_shape)s);
		/* 300 lines under valgrind (LL_VALGRIND), where the 600 took 17 s of
		 * CPU, nearly all in the two loads: every shape's header is still
		 * inferred and its messages mined. How well they group depends on
		 * the lines alone, not the build: asserted on the 600 of the
		 * release and ASan runs (at 300, the two-writer shape groups 78%) */
		int vg = getenv("LL_VALGRIND") != NULL;
		size_t size, n = vg ? 300 : 600;
		int *ev;
		char *log = gen_shape_log((enum gen_shape)s, n, 7, &size, &ev);
		CHECK(log != NULL);
		if (!log)
			continue;
		char name[64];
		snprintf(name, sizeof name, "%s.log", info->name);
		const char *path = write_tmp(name, log, size);
		const struct ds_reader *r = NULL;
		int rc;
		/* detection: a log, every line a row */
		struct ll_table *t = load(path, NULL, NULL, &r, &rc);
		CHECK_INT(rc, LL_OK);
		CHECK(r && r->line != NULL);
		if (r && !r->line)
			fprintf(stderr, "%s: read as %s\n", info->name, r->name);
		CHECK(t && ll_table_nrows(t) == n);
		ll_table_free(t);
		/* the inferred header, as an unseen system gets it */
		t = load(path, "log", NULL, &r, &rc);
		CHECK_INT(rc, LL_OK);
		if (!t || !r) {
			free(log);
			free(ev);
			continue;
		}
		CHECK_STR(header_base(r->line->header), info->header);
		CHECK_INT(ll_table_nrows(t), n);
		/* stack traces do not fit the header; clocks without a date are
		 * said to be so */
		int undated = ll_test_has_note(t, "times of day without any date");
		CHECK_INT(undated, info->time && strncmp(info->time, "1970-01-01", 10) == 0);
		/* logfmt's duration=12ms and elapsed=1.5s are seconds, noted */
		int units = ll_test_has_note(t, "read as duration: seconds, from values with units");
		CHECK_INT(units, s == GEN_LOGFMT);
		if (s == GEN_LOGFMT) {
			int dc = ll_table_find_column(t, "duration");
			CHECK(dc >= 0 && ll_table_col_type(t, (size_t)dc) == LL_COL_NUM);
		}
		CHECK_INT(ll_table_nnotes(t) - (size_t)undated - (size_t)units, s == GEN_JAVA || s == GEN_ELASTIC);
		int tc = ll_table_find_column(t, "time");
		if (!info->time) {
			/* seconds since boot are a clock of their own: no wall
			 * time is made up from them */
			CHECK(tc < 0);
			int uc = ll_table_find_column(t, "uptime");
			CHECK(uc >= 0 && ll_table_col_type(t, (size_t)uc) == LL_COL_NUM);
			size_t back = 0;
			for (size_t i = 1; uc >= 0 && i < n; i++)
				back += ll_table_num(t, i, (size_t)uc) < ll_table_num(t, i - 1, (size_t)uc);
			CHECK(uc >= 0 && ll_table_num(t, 0, (size_t)uc) < 1.0 && back == 0);
		} else {
			CHECK(tc >= 0 && ll_table_col_type(t, (size_t)tc) == LL_COL_TIME);
		}
		if (tc >= 0 && info->time && info->time[0]) {
			char buf[64];
			ll_time_format(ll_table_num(t, 0, (size_t)tc), buf, sizeof buf);
			CHECK_STR(buf, info->time);
			/* the generator's clock only moves forward: a stamp read
			 * wrongly (11 ms taken as 0.11 s) goes back in time */
			size_t back = 0;
			for (size_t i = 1; i < n; i++) {
				double a = ll_table_num(t, i - 1, (size_t)tc), b = ll_table_num(t, i, (size_t)tc);
				/* a writer without milliseconds is behind by a fraction */
				if (s == GEN_TWOSHAPE) {
					a = (double)(long)a;
					b = (double)(long)b;
				}
				back += a == a && b == b && b < a;
			}
			if (back)
				fprintf(stderr, "%s: %zu stamps earlier than the line before\n", info->name, back);
			CHECK_INT(back, 0);
		}
		/* templates of the message field against the statements */
		int mc = ll_table_find_column(t, "message");
		CHECK(mc >= 0);
		const char **text = malloc(n * sizeof *text);
		size_t *len = malloc(n * sizeof *len);
		long *ids = malloc(n * sizeof *ids);
		for (size_t i = 0; mc >= 0 && i < n; i++) {
			text[i] = ll_table_text(t, i, (size_t)mc);
			len[i] = strlen(text[i]);
		}
		struct ll_tpl_config c;
		ll_tpl_config_default(&c);
		struct ll_tpl *tp;
		struct ll_err err;
		CHECK_INT(ll_tpl_new(&c, &tp, &err), LL_OK);
		if (mc >= 0 && ll_tpl_mine_array(tp, n, text, len, ids, &err) == LL_OK) {
			double ga = grouping(ids, ev, n);
			if (ga < 0.9)
				fprintf(stderr, "%s: grouping accuracy %.3f%s\n", info->name, ga,
					vg ? " (not asserted on this smaller log)" : "");
			CHECK(vg || ga >= 0.9);
		}
		ll_tpl_free(tp);
		free(text);
		free(len);
		free(ids);
		ll_table_free(t);
		free(log);
		free(ev);
	}
}

/* 60 log lines whose messages all hold two commas; returns the length. */
static size_t even_log(char *buf, size_t cap)
{
	size_t n = 0;
	for (int i = 0; i < 60; i++)
		n += (size_t)snprintf(buf + n, cap - n,
				      "2016-09-28 04:30:%02d.%03d INFO worker-%d took %d steps, %d rows, %d files\n", i, i * 7,
				      i % 4, i, 2 * i, 3 * i);
	return n;
}

/* Two writers in one file, one with years in its stamps and one without:
 * the yearless lines take the year of the dated line before them, the next
 * year once the year has turned, whatever the file's modification time. */
static void test_year_from_dated_lines(void)
{
	char buf[8192];
	size_t n = 0;
	for (int i = 0; i < 40; i++) {
		if (i < 20 || i % 2)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "2015-12-31 23:59:%02d,%03d - util.py[DEBUG]: step %d\n",
					      i, i, i);
		else
			n += (size_t)snprintf(buf + n, sizeof buf - n, "Jan  1 00:00:%02d vm-1 [APP] util.py[DEBUG]: step %d\n",
					      i, i);
	}
	int rc;
	const struct ds_reader *r;
	struct ds_open_opts o = {.format = "log", .default_year = 2021};
	struct ll_table *t = NULL;
	struct ll_err err;
	rc = ds_load(write_tmp("years.log", buf, n), &o, &t, &r, &err);
	CHECK_INT(rc, LL_OK);
	if (!t)
		return;
	CHECK(strstr(r->line->header, " || ") != NULL);
	CHECK_INT(ll_table_nnotes(t), 0);
	int tc = ll_table_find_column(t, "time");
	CHECK(tc >= 0);
	for (size_t i = 0; tc >= 0 && i < ll_table_nrows(t); i++) {
		char when[64];
		ll_time_format(ll_table_num(t, i, (size_t)tc), when, sizeof when);
		CHECK(strncmp(when, i < 20 || i % 2 ? "2015-12-31" : "2016-01-01", 10) == 0);
	}
	ll_table_free(t);
}

/* A service's klog lines ("I0120 11:42:11.676451  4787 flags.go:59] ...")
 * after the shell trace of its start script, which is most of the head:
 * a log with a timed header, not plain lines. */
static void test_klog_after_trace(void)
{
	size_t cap = 64 * 1024, n = 0;
	char *buf = malloc(cap);
	CHECK(buf != NULL);
	if (!buf)
		return;
	for (int i = 0; i < 300; i++)
		n += (size_t)snprintf(buf + n, cap - n, "+ umount /var/lib/docker/overlay2/%08x/merged/etc/hosts\n",
				      (unsigned)i * 2654435761u);
	for (int i = 0; i < 120; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%c0120 11:%02d:%02d.%06d    4787 kubelet.go:%d] probe %d failed\n",
				      i % 7 ? 'I' : 'E', 42 + i / 60, i % 60, i * 31, 100 + i % 9, i);
	int rc;
	const struct ds_reader *r;
	struct ll_table *t = load(write_tmp("kubelet.log", buf, n), NULL, NULL, &r, &rc);
	CHECK_INT(rc, LL_OK);
	if (t && r) {
		CHECK_STR(r->name, "log");
		CHECK_STR(r->line->header, "<level><time> <pid> <source>] <message>");
		int tc = ll_table_find_column(t, "time"), lc = ll_table_find_column(t, "level");
		CHECK(tc >= 0 && lc >= 0);
		if (tc >= 0 && lc >= 0) {
			CHECK(ll_table_num(t, 300, (size_t)tc) == ll_table_num(t, 300, (size_t)tc)); /* read */
			CHECK_STR(ll_table_text(t, 300, (size_t)lc), "E");
		}
	}
	ll_table_free(t);
	free(buf);
}

/* The failures that made this issue, each on generated lines. */
static void test_regressions(void)
{
	int rc;
	const struct ds_reader *r;
	/* a message with commas stays whole: not cells of a table */
	const char *cbs = "2016-09-28 04:30:30, Info                  CBS    Read out cached package applicability for "
			  "package: Package_for_KB2919355~31bf3856ad364e35~amd64~~6.3.1.14, ApplicableState: 112, "
			  "CurrentState:112\n"
			  "2016-09-28 04:30:31, Info                  CBS    Session: 30546173_4261722401 initialized by client "
			  "WindowsUpdateAgent.\n";
	struct ll_table *t = load(write_tmp("cbs2.log", cbs, strlen(cbs)), NULL, NULL, &r, &rc);
	CHECK(t && strcmp(r->name, "log") == 0);
	if (t) {
		int mc = ll_table_find_column(t, "message");
		CHECK(mc >= 0 && strstr(ll_table_text(t, 0, (size_t)mc), "ApplicableState: 112, CurrentState:112") != NULL);
		CHECK_STR(ll_table_text(t, 0, (size_t)ll_table_find_column(t, "level")), "Info");
		CHECK_STR(ll_table_text(t, 0, (size_t)ll_table_find_column(t, "component")), "CBS");
	}
	ll_table_free(t);
	/* every message with the same number of commas, the first line no
	 * header: the rows below it are the same but for their numbers */
	char even[8192];
	size_t ne = even_log(even, sizeof even);
	t = load(write_tmp("even.log", even, ne), NULL, NULL, &r, &rc);
	CHECK(t && strcmp(r->name, "log") == 0 && ll_table_nrows(t) == 60);
	if (t) {
		int mc = ll_table_find_column(t, "message");
		CHECK(mc >= 0 && strstr(ll_table_text(t, 0, (size_t)mc), "took 0 steps, 0 rows, 0 files") != NULL);
	}
	ll_table_free(t);
	/* docker compose's "service | stamp message": the first line opens
	 * with a name, its second cell with a stamp and words: no header of a
	 * table but a log whose component is the service */
	char compose[4096];
	size_t nc = 0;
	static const char *const svc[] = {"web-1   ", "db-1    ", "worker-1"};
	for (int i = 0; i < 40; i++)
		nc += (size_t)snprintf(compose + nc, sizeof compose - nc, "%s | 2024-05-01T10:00:%02d.%06dZ %s %d\n", svc[i % 3],
				       i, 1000 * i + 7, i % 2 ? "Processing job" : "GET /api/items", 100 + i);
	t = load(write_tmp("compose.log", compose, nc), NULL, NULL, &r, &rc);
	CHECK(t && strcmp(r->name, "log") == 0 && ll_table_nrows(t) == 40);
	if (t) {
		int cc = ll_table_find_column(t, "component");
		CHECK(cc >= 0 && strcmp(ll_table_text(t, 1, (size_t)cc), "db-1") == 0);
		CHECK(ll_table_find_column(t, "time") >= 0);
	}
	ll_table_free(t);
	/* pipes in the message too */
	const char *health = "20171223-22:15:29:606|Step_LSPC|30002312|onExtend:1514038530000 14 0 4\n"
			     "20171223-22:15:29:615|Step_SPUtils|30002312|setTodayTotalDetailSteps=1514038440000##7007|a|b\n"
			     "20171223-22:15:29:633|Step_LSPC|30002312|onStandStepChanged 3579\n";
	t = load(write_tmp("health2.log", health, strlen(health)), NULL, NULL, &r, &rc);
	CHECK(t && strcmp(r->name, "log") == 0);
	if (t) {
		int mc = ll_table_find_column(t, "message");
		CHECK(mc >= 0 && strcmp(ll_table_text(t, 1, (size_t)mc), "setTodayTotalDetailSteps=1514038440000##7007|a|b") == 0);
	}
	ll_table_free(t);
	/* '[' at the start of every line: a log, not malformed JSON */
	const char *apache = "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties\n"
			     "[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6\n";
	t = load(write_tmp("apache2.log", apache, strlen(apache)), NULL, NULL, &r, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK(t && strcmp(r->name, "log") == 0 && ll_table_nrows(t) == 2);
	ll_table_free(t);
	/* a user's header: its fields are the columns, named as written */
	t = load(write_tmp("apache3.log", apache, strlen(apache)), NULL, "[<Time>] [<Level>] <Content>", &r, &rc);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_STR(r->line->header, "[<Time>] [<Level>] <Content>");
		CHECK_STR(ll_table_col_name(t, 1), "Time");
		CHECK_INT(ll_table_col_type(t, 1), LL_COL_TIME);
		CHECK_STR(ll_table_text(t, 1, 2), "error");
		CHECK_STR(ll_table_text(t, 1, 3), "mod_jk child workerEnv in error state 6");
		CHECK_INT(ll_table_nnotes(t), 0);
	}
	ll_table_free(t);
	/* a pattern that does not fit: every line kept whole, one note */
	t = load(write_tmp("apache4.log", apache, strlen(apache)), NULL, "<time> | <message>", &r, &rc);
	CHECK(t && ll_table_nrows(t) == 2 && ll_table_nnotes(t) == 1);
	ll_table_free(t);
	/* a bad pattern is a usage error naming the problem */
	struct ds_open_opts o = {.header = "<time <message>"};
	struct ll_err err;
	CHECK_INT(ds_load(write_tmp("apache5.log", apache, strlen(apache)), &o, &t, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "not closed") != NULL);
	o.header = "<a><b>";
	CHECK_INT(ds_load(write_tmp("apache5.log", apache, strlen(apache)), &o, &t, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "nothing between them") != NULL);
	o.header = "[<time>] <message>";
	o.format = "csv";
	CHECK_INT(ds_load(write_tmp("apache5.log", apache, strlen(apache)), &o, &t, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "applies to the log format") != NULL);
	/* the header can travel in the format's name, as runs keep it */
	t = load(write_tmp("apache6.log", apache, strlen(apache)), "log:[<t>] [<lvl>] <msg>", NULL, &r, &rc);
	CHECK(t && strcmp(ll_table_col_name(t, 2), "lvl") == 0 && strcmp(ll_table_text(t, 0, 2), "notice") == 0);
	ll_table_free(t);
}

static void test_tables(void)
{
	int rc;
	const struct ds_reader *r;
	/* a shape line: rows, features, class names; the target labels rows */
	char csv[4096];
	size_t used = (size_t)snprintf(csv, sizeof csv, "6,3,setosa,versicolor,virginica\n");
	for (int i = 0; i < 6; i++)
		used += (size_t)snprintf(csv + used, sizeof csv - used, "%d.1,%d.5,1.%d,%d\n", 4 + i, 3 - i % 2, i, i % 3);
	struct ll_table *t = load(write_tmp("shape.csv", csv, used), NULL, NULL, &r, &rc);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_STR(r->name, "csv");
		CHECK_INT(ll_table_nrows(t), 6);
		CHECK_INT(ll_table_ncols(t), 4);
		CHECK_STR(ll_table_col_name(t, 3), "target");
		CHECK_NEAR(ll_table_num(t, 0, 0), 4.1, 1e-9);
		CHECK_STR(ll_table_class_name(t, (size_t)ll_table_label(t, 0)), "setosa");
		CHECK_STR(ll_table_class_name(t, (size_t)ll_table_label(t, 4)), "versicolor");
		CHECK_INT(ll_table_nnotes(t), 0);
	}
	ll_table_free(t);
	/* a shape line with as many cells as the rows (two classes, three
	 * features and the target) */
	used = (size_t)snprintf(csv, sizeof csv, "8,3,benign,malignant\n");
	for (int i = 0; i < 8; i++)
		used += (size_t)snprintf(csv + used, sizeof csv - used, "%d.5,%d,%d.25,%d\n", i, 2 * i, i % 7, i % 2);
	t = load(write_tmp("shape4.csv", csv, used), NULL, NULL, &r, &rc);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_STR(r->name, "csv");
		CHECK_INT(ll_table_nrows(t), 8);
		CHECK_INT(ll_table_ncols(t), 4);
		CHECK_INT(ll_table_col_type(t, 2), LL_COL_NUM);
		CHECK_STR(ll_table_class_name(t, (size_t)ll_table_label(t, 1)), "malignant");
		CHECK_INT(ll_table_nnotes(t), 0);
	}
	ll_table_free(t);
	/* a first record like the rows under it but for numbers is a row, as
	 * detection and the reader both judge it (no row lost to the names) */
	used = (size_t)snprintf(csv, sizeof csv, "web1,up\nweb2,up\nweb3,down\n");
	t = load(write_tmp("hosts.csv", csv, used), NULL, NULL, &r, &rc);
	CHECK(t && ll_table_nrows(t) == 3 && strcmp(ll_table_text(t, 0, 0), "web1") == 0);
	ll_table_free(t);
	char even[8192];
	size_t ne = even_log(even, sizeof even);
	t = load(write_tmp("even.csv", even, ne), "csv", NULL, &r, &rc);
	CHECK(t && ll_table_nrows(t) == 60 && strcmp(ll_table_col_name(t, 0), "col1") == 0);
	ll_table_free(t);
	/* ... but a header of names over rows of numbers stays a header */
	used = (size_t)snprintf(csv, sizeof csv, "id,count,kind,state\n1,2,3,4\n5,6,7,8\n");
	t = load(write_tmp("hdr4.csv", csv, used), NULL, NULL, &r, &rc);
	CHECK(t && ll_table_nrows(t) == 2 && strcmp(ll_table_col_name(t, 2), "kind") == 0);
	ll_table_free(t);
	/* announced rows that do not match: a note */
	used = (size_t)snprintf(csv, sizeof csv, "5,3\n1,2,3\n4,5,6\n");
	t = load(write_tmp("shape2.csv", csv, used), "csv", NULL, &r, &rc);
	CHECK(t && ll_table_nrows(t) == 2 && ll_table_ncols(t) == 3 && ll_table_nnotes(t) == 1);
	ll_table_free(t);
	/* a byte order mark is not part of the first name */
	const char bom[] = "\xEF\xBB\xBFname,value\nx,1\ny,2\n";
	t = load(write_tmp("bom.csv", bom, sizeof bom - 1), NULL, NULL, &r, &rc);
	CHECK(t && strcmp(r->name, "csv") == 0 && strcmp(ll_table_col_name(t, 0), "name") == 0);
	ll_table_free(t);
	/* CR alone ends lines (classic Mac OS): three rows, as with LF or CRLF */
	const char *ends[] = {"a,b\r1,2\r3,4\r5,6\r", "a,b\n1,2\n3,4\n5,6\n", "a,b\r\n1,2\r\n3,4\r\n5,6\r\n"};
	for (int k = 0; k < 3; k++) {
		t = load(write_tmp("ends.csv", ends[k], strlen(ends[k])), NULL, NULL, &r, &rc);
		CHECK(t && strcmp(r->name, "csv") == 0 && ll_table_nrows(t) == 3 && ll_table_ncols(t) == 2);
		if (t)
			CHECK_NEAR(ll_table_num(t, 2, 1), 6, 0);
		ll_table_free(t);
	}
	/* and a log with CR ends is lines too */
	const char *crlog = "Jun 14 15:16:01 combo sshd[1]: one\rJun 14 15:16:02 combo sshd[2]: two\r";
	t = load(write_tmp("cr.log", crlog, strlen(crlog)), NULL, NULL, &r, &rc);
	CHECK(t && ll_table_nrows(t) == 2);
	ll_table_free(t);
}

static uint64_t rng = 0x243f6a8885a308d3ULL;

static unsigned rnd(unsigned n)
{
	return (unsigned)(ll_test_xorshift(&rng) % n);
}

/* Random text files: whatever their lines hold, they open, one row per line. */
static void test_property(void)
{
	static const char *const pieces[] = {"[",  "]",  "{",  "}",  ",",     "|",     "\t",  ";",  "=",  ":",
					     " ",  "  ", "-",  "ab", "INFO",  "Error", "2024-01-05 10:00:00", "12",
					     "x",  "/a/b", "é", "{\"a\": 1", "[Sun Dec 04 04:47:44 2005]", "\\", "'"};
	char *buf = malloc(1 << 16);
	for (int file = 0; file < 60; file++) {
		size_t n = 0, lines = 5 + rnd(60);
		int style = rnd(3); /* LF, CRLF, CR */
		if (rnd(5) == 0) {
			memcpy(buf, "\xEF\xBB\xBF", 3);
			n = 3;
		}
		const char *lead = rnd(3) == 0 ? "[" : rnd(2) ? "{" : "";
		for (size_t l = 0; l < lines; l++) {
			n += (size_t)snprintf(buf + n, 256, "%s", lead);
			size_t parts = 1 + rnd(12);
			for (size_t p = 0; p < parts; p++)
				n += (size_t)snprintf(buf + n, 256, "%s", pieces[rnd(sizeof pieces / sizeof *pieces)]);
			/* no line is blank: a row each, by any reader */
			buf[n++] = 'z';
			if (style == 0)
				buf[n++] = '\n';
			else if (style == 1) {
				buf[n++] = '\r';
				buf[n++] = '\n';
			} else {
				buf[n++] = '\r';
			}
		}
		int rc;
		const struct ds_reader *r = NULL;
		struct ll_table *t = load(write_tmp("random.txt", buf, n), NULL, NULL, &r, &rc);
		CHECK_INT(rc, LL_OK);
		CHECK(t != NULL);
		if (!t)
			continue;
		size_t want = style == 2 ? lines : count_lines(buf, n);
		if (r->line) {
			CHECK_INT(ll_table_nrows(t), want);
		} else {
			/* a table: every line a record, the first maybe its header */
			size_t rows = ll_table_nrows(t);
			CHECK(rows == want || rows + 1 == want);
		}
		ll_table_free(t);
	}
	free(buf);
}

/* A log with more stack-trace lines than header lines is still a log
 * (indented continuation lines do not count against its header). */
static void test_stack_heavy(void)
{
	char buf[8192] = "";
	for (int k = 0; k < 6; k++) {
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
			 "[2018-11-29T23:01:%02d,538][WARN ][o.e.b.Handler] [n1] uncaught exception %d\n"
			 "java.lang.IllegalArgumentException: unknown setting [path.conf]\n",
			 k, k);
		for (int f = 0; f < 5; f++)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
				 "\tat org.example.Settings.validate(Settings.java:%d)\n", 300 + f);
	}
	const struct ds_reader *r = NULL;
	int rc;
	struct ll_table *t = load(write_tmp("stacky.log", buf, strlen(buf)), NULL, NULL, &r, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK(r && strcmp(r->name, "log") == 0);
	if (t && r && r->line) {
		CHECK_STR(r->line->header, "[<time>][<level>][<context>] [<context2>] <message>");
		CHECK_INT(ll_table_nrows(t), 42);
	}
	ll_table_free(t);
}

/* A token of punctuation alone between two fields is the writer's
 * separator, a literal of the header: not a field of its own ("---" read
 * as a component), nor the start of the message (":" before the text). */
static void test_lone_punct(void)
{
	/* each separator as written, then as the header shows it ('>' quoted) */
	static const char *const seps[][4] = {
		{"---", ":", "---", ":"}, {"-->", "::", "--\\>", "::"}, {"*", "=>", "*", "=\\>"}, {"~~", "-", "~~", "-"}};
	for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
		size_t size, n = 400;
		char *log = gen_punct_log(seps[k][0], seps[k][1], n, 3 + k, &size);
		CHECK(log != NULL);
		if (!log)
			continue;
		const struct ds_reader *r = NULL;
		int rc;
		struct ll_table *t = load(write_tmp("punct.log", log, size), NULL, NULL, &r, &rc);
		CHECK_INT(rc, LL_OK);
		if (t && r && r->line) {
			char want[128];
			snprintf(want, sizeof want, "<time> <level> <pid> %s [<context>] <component> %s <message>",
				 seps[k][2], seps[k][3]);
			if (strcmp(r->line->header, want) != 0)
				fprintf(stderr, "separators %s %s: %s\n", seps[k][0], seps[k][1], r->line->header);
			CHECK_STR(r->line->header, want);
			CHECK_INT(ll_table_nrows(t), n);
			CHECK_INT(ll_table_nnotes(t), 0);
			int cc = ll_table_find_column(t, "component"), mc = ll_table_find_column(t, "message");
			CHECK(cc >= 0 && mc >= 0);
			if (cc >= 0 && mc >= 0) {
				/* the logger's name, and a message that is the text alone */
				CHECK(strncmp(ll_table_text(t, 0, (size_t)cc), "com.", 4) == 0 ||
				      strncmp(ll_table_text(t, 0, (size_t)cc), "org.", 4) == 0);
				CHECK(strncmp(ll_table_text(t, 0, (size_t)mc), seps[k][1], strlen(seps[k][1])) != 0);
			}
		}
		ll_table_free(t);
		free(log);
	}
}

/* Logs whose lines look like a named reader's at first sight are read by
 * the right one: an RFC 3339 stamp with no program after the host is no
 * syslog (containerd/CRI has its reader, MySQL 8 is a log), a zone name is no Hadoop level
 * (PostgreSQL); a bracketed field is one field, a level word or not; a
 * line that starts with a stamp is no table's header. */
/* A CI runner's log (GitHub Actions: an RFC 3339 stamp, then text) split
 * as syslog by chance ("##[endgroup]" a host; "with:" a program alone):
 * after such a stamp syslog names a host, a host name or address.
 * rsyslog's own lines stay syslog, a collector's of many nodes too. */
static void test_ci_log(void)
{
	static const char gha[] = "2026-11-30T10:00:00.1234567Z ##[group]Run actions/checkout@v4\n"
				  "2026-11-30T10:00:00.2234567Z with:\n"
				  "2026-11-30T10:00:00.3234567Z   repository: org/repo\n"
				  "2026-11-30T10:00:00.4234567Z ##[endgroup]\n"
				  "2026-11-30T10:00:05.0000000Z Syncing repository: org/repo\n"
				  "2026-11-30T10:00:06.0000000Z Fetching the repository\n"
				  "2026-11-30T10:01:00.0000000Z ##[error]Process completed with exit code 1.\n";
	const struct ds_reader *r = NULL;
	int rc;
	struct ll_table *t = load(write_tmp("gha.log", gha, sizeof gha - 1), NULL, NULL, &r, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK(r && strcmp(r->name, "log") == 0);
	if (r && r->line)
		CHECK_STR(r->line->header, "<time> <message>");
	ll_table_free(t);
	static const char rs[] = "2024-01-05T10:00:00.123456+00:00 web1 sshd[123]: Accepted publickey for bob\n"
				 "2024-01-05T10:00:01.123456+00:00 web1 CRON[124]: (root) CMD (run-parts)\n"
				 "2024-01-05T10:00:02.123456+00:00 10.0.0.7 kernel: [ 12.5] eth0: link up\n"
				 "2024-01-05T10:00:03.123456+00:00 web1 sshd[125]: Disconnected from 10.0.0.9\n";
	t = load(write_tmp("rsyslog.log", rs, sizeof rs - 1), NULL, NULL, &r, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK(r && strcmp(r->name, "syslog") == 0);
	ll_table_free(t);
	/* a cluster's collector: each line another node, syslog still */
	char coll[4096] = "";
	for (int i = 0; i < 40; i++)
		snprintf(coll + strlen(coll), sizeof coll - strlen(coll),
			 "2024-01-05T10:00:%02d.5+00:00 node%04d kernel: eth0: link up\n", i, i);
	t = load(write_tmp("collector.log", coll, strlen(coll)), NULL, NULL, &r, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK(r && strcmp(r->name, "syslog") == 0);
	ll_table_free(t);
}

static void test_lookalikes(void)
{
	static const struct {
		const char *name, *line1, *line2, *header;
	} cases[] = {
	    {"cri.log", "2024-01-05T10:00:00.123456789Z stdout F connection from 10.0.0.1 closed",
	     "2024-01-05T10:00:01.223456789Z stderr F user bob logged in", "cri"},
	    {"mysql8.log", "2024-01-05T10:00:00.123456Z 0 [Note] [MY-010311] [Server] Server socket created",
	     "2024-01-05T10:00:01.123456Z 7 [System] [MY-013172] [Server] Received SHUTDOWN",
	     "<time> <pid> [<level>] [<context>] [<context2>] <message>"},
	    {"pg.log", "2024-01-05 10:00:00.123 UTC [1234] LOG:  checkpoint starting: time",
	     "2024-01-05 10:00:01.456 UTC [1240] ERROR:  relation \"t\" does not exist",
	     "<time> [<pid>] <level>: <message>"},
	    /* a program and its pid (and thread) with no colon after them is
	     * no syslog host: Unbound's log-time-ascii lines */
	    {"unbound.log", "Dec 04 23:01:49 unbound[25238:0] notice: init module 0: subnetcache",
	     "Dec 04 23:01:50 unbound[25238:1] info: start of service (unbound 1.17.1).",
	     "<time> <field2> <level>: <message>"},
	    /* a separator once a line, but the first line starts with a stamp:
	     * no table's header (etcd; Kibana's "MMM d, yyyy @ ...") */
	    {"etcd.log", "2019-10-02 02:20:17.576248 I | etcdserver: published {Name:m1} to cluster 5d3",
	     "2019-10-02 02:20:18.012345 W | rafthttp: health check for peer 4c1 could not connect: EOF",
	     "<time> <level> | <component>: <message>"},
	    {"kibana.log", "Jan 5, 2024 @ 10:00:00.123 INFO service auth responded in 12 ms",
	     "Jan 5, 2024 @ 10:00:01.456 WARN service db responded in 912 ms", "<time> <level> <message>"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		char buf[4096] = "";
		for (int i = 0; i < 8; i++)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s\n", i % 2 ? cases[k].line2 : cases[k].line1);
		const struct ds_reader *r = NULL;
		int rc;
		struct ll_table *t = load(write_tmp(cases[k].name, buf, strlen(buf)), NULL, NULL, &r, &rc);
		CHECK_INT(rc, LL_OK);
		/* a header's text, or the name of the reader (CRI has its own) */
		int own = strchr(cases[k].header, '<') == NULL;
		const char *want = own ? cases[k].header : "log";
		CHECK(r && r->line && strcmp(r->name, want) == 0);
		if (r && r->line && !own)
			CHECK_STR(r->line->header, cases[k].header);
		if (r && strcmp(r->name, want) != 0)
			fprintf(stderr, "%s: read as %s\n", cases[k].name, r->name);
		ll_table_free(t);
	}
}

/* A bracketed field whose level words are a quarter of its lines or more
 * is the level, though another word fills the rest (a server's start
 * writes "[System]" lines in a row); a bracketed thread name that is a
 * level word now and then ("[info]" among "[main]", "[pool-2]") stays a
 * context. */
static void test_level_minority(void)
{
	static const char *const sys[] = {"System", "System", "Warning", "System", "System",
					  "Note", "System", "System", "Warning", "System"};
	static const char *const thr[] = {"main", "pool-2", "info", "main", "worker-1",
					  "main", "pool-2", "notice", "worker-1", "main"};
	for (int pass = 0; pass < 2; pass++) {
		char buf[4096] = "";
		for (int i = 0; i < 10; i++)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
				 "2024-01-05T10:00:%02d.123456Z %d [%s] [MY-0100%02d] [Server] event %d happened\n", i, i % 3,
				 pass ? thr[i] : sys[i], 10 + i, i);
		const struct ds_reader *r = NULL;
		int rc;
		struct ll_table *t = load(write_tmp(pass ? "threads.log" : "levels.log", buf, strlen(buf)), NULL, NULL, &r,
					  &rc);
		CHECK_INT(rc, LL_OK);
		CHECK(r && r->line);
		if (r && r->line)
			CHECK_STR(r->line->header, pass ? "<time> <pid> [<context>] [<context2>] [<context3>] <message>"
							: "<time> <pid> [<level>] [<context>] [<context2>] <message>");
		CHECK(t && ll_table_nrows(t) == 10);
		ll_table_free(t);
	}
}

/* Yearless syslog lines that repeat their own day with its year further on
 * (a proxy's access line relayed by syslog: "Jul 30 09:03:52 host
 * haproxy[1]: ... [30/Jul/2018:09:03:52.726] ...") are in that year,
 * whatever the file's modification time; a date of another day inside the
 * message (what it talks about) says nothing of the line's year. */
static void test_year_echoed(void)
{
	for (int pass = 0; pass < 2; pass++) {
		char buf[4096] = "";
		for (int i = 0; i < 8; i++)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
				 "Jul 30 09:03:%02d web1 haproxy[123]: 10.0.0.%d:4000 [%s:09:03:%02d.726] fe be/s1 "
				 "0/0/1/0/2 200 168 - - ---- 1/1/0/0/0 0/0 \"GET /x%d HTTP/1.1\"\n",
				 i, i, pass ? "02/Jan/2016" : "30/Jul/2018", i, i);
		/* no year given: the file's own, as the command line reads it */
		struct ds_open_opts o = {0};
		const struct ds_reader *r = NULL;
		struct ll_table *t = NULL;
		struct ll_err err;
		int rc = ds_load(write_tmp(pass ? "echo_other.log" : "echo.log", buf, strlen(buf)), &o, &t, &r, &err);
		CHECK_INT(rc, LL_OK);
		CHECK(r && strcmp(r->name, "syslog") == 0);
		int tc = t ? ll_table_find_column(t, "time") : -1;
		CHECK(tc >= 0);
		for (size_t i = 0; tc >= 0 && i < ll_table_nrows(t); i++) {
			char when[64];
			ll_time_format(ll_table_num(t, i, (size_t)tc), when, sizeof when);
			if (pass)
				CHECK(strncmp(when, "2016", 4) != 0);
			else
				CHECK(strncmp(when, "2018-07-30 09:03:0", 18) == 0);
		}
		ll_table_free(t);
	}
}

/* A field that some lines write before their level and others leave out
 * (PostgreSQL's "%u@%d" in log_line_prefix: "[4983] postgres@clients LOG:"
 * beside "[4974] LOG:"): the level is a column on every line, the field
 * empty where it is missing; a user's pattern says the same with
 * "<name?>". Levels that stand in one place stay a plain header. */
static void test_optional_before_level(void)
{
	char buf[4096] = "";
	for (int i = 0; i < 12; i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "2017-07-31 13:36:%02d.585 CEST [%d] %s%s:  %s %d\n", i,
			 4970 + i % 4, i % 3 ? "postgres@clients " : "", i % 5 == 4 ? "FATAL" : "LOG",
			 i % 3 ? "duration: 3.1 ms  statement: select * from t where id =" : "checkpoint starting:", i);
	const struct ds_reader *r = NULL;
	int rc;
	struct ll_table *t = load(write_tmp("pg_opt.log", buf, strlen(buf)), NULL, NULL, &r, &rc);
	CHECK_INT(rc, LL_OK);
	if (r && r->line)
		CHECK_STR(r->line->header, "<time> [<pid>] <field3?> <level>: <message>");
	int lc = t ? ll_table_find_column(t, "level") : -1, uc = t ? ll_table_find_column(t, "field3") : -1,
	    mc = t ? ll_table_find_column(t, "message") : -1;
	CHECK(t && ll_table_nrows(t) == 12 && lc >= 0 && uc >= 0 && mc >= 0);
	if (t && lc >= 0 && uc >= 0 && mc >= 0) {
		CHECK_STR(ll_table_text(t, 0, (size_t)lc), "LOG");
		CHECK_STR(ll_table_text(t, 0, (size_t)uc), "");
		CHECK_STR(ll_table_text(t, 0, (size_t)mc), "checkpoint starting: 0");
		CHECK_STR(ll_table_text(t, 4, (size_t)lc), "FATAL");
		CHECK_STR(ll_table_text(t, 4, (size_t)uc), "postgres@clients");
		CHECK(strncmp(ll_table_text(t, 4, (size_t)mc), "duration: 3.1 ms", 16) == 0);
	}
	ll_table_free(t);
	/* the user's own pattern with an optional field */
	t = load(write_tmp("pg_opt2.log", buf, strlen(buf)), NULL, "<time> [<pid>] <user?> <level>: <message>", &r, &rc);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_INT(ll_table_nnotes(t), 0);
		CHECK_STR(ll_table_text(t, 1, (size_t)ll_table_find_column(t, "user")), "postgres@clients");
		CHECK_STR(ll_table_text(t, 3, (size_t)ll_table_find_column(t, "user")), "");
		CHECK_STR(ll_table_text(t, 3, (size_t)ll_table_find_column(t, "level")), "LOG");
	}
	ll_table_free(t);
}

/* Records set apart by rule lines (IBM MQ's error log: a stamp line with
 * a twelve-hour clock, indented details, a message, paragraphs, a "-----"
 * rule) are records though their heads are one line in ten: every line
 * takes its head's time. Without the rules, and with details that differ
 * from record to record right after the head, the same lines stay plain. */
static size_t mq_log(char *buf, size_t cap, int rules)
{
	size_t n = 0;
	for (int i = 0; i < 4; i++) {
		n += (size_t)snprintf(buf + n, cap - n,
				      "06/19/2019 %02d:45:%02d PM - Process(67%02d.1) User(mqm) Program(amqzxma0)\n"
				      "                    Host(mqhost%d) Installation(Installation1)\n"
				      "                    QMgr(QM1)\n\n"
				      "AMQ50%02dI: The queue manager task 'T%d' has started.\n\n"
				      "EXPLANATION:\nThe task manager has started the task. This task has\n"
				      "now started %d times.\nIt was not running before.\nACTION:\nNone.\n",
				      1 + i, i, i, rules ? 1 : i, 41 + i, i, i + 1);
		if (rules)
			n += (size_t)snprintf(buf + n, cap - n, "----- amqzmgr0.c : %d ------------------------------\n",
					      1234 + i);
	}
	return n;
}

static void test_ruled_records(void)
{
	char buf[8192];
	for (int rules = 1; rules >= 0; rules--) {
		size_t n = mq_log(buf, sizeof buf, rules);
		const struct ds_reader *r = NULL;
		int rc;
		struct ll_table *t = load(write_tmp(rules ? "mq.log" : "mq_norules.log", buf, n), NULL, NULL, &r, &rc);
		CHECK_INT(rc, LL_OK);
		CHECK(r != NULL);
		if (!r || !t) {
			ll_table_free(t);
			continue;
		}
		if (!rules) {
			CHECK_STR(r->name, "lines");
			ll_table_free(t);
			continue;
		}
		CHECK_STR(r->name, "log");
		if (r->line)
			CHECK_STR(r->line->header, "<time> - <message>");
		int tc = ll_table_find_column(t, "time"), mc = ll_table_find_column(t, "message");
		CHECK(tc >= 0 && mc >= 0);
		int seen = 0;
		for (size_t i = 0; tc >= 0 && mc >= 0 && i < ll_table_nrows(t); i++) {
			const char *m = ll_table_text(t, i, (size_t)mc);
			if (strcmp(m, "ACTION:") != 0)
				continue;
			/* the third record's ACTION: line: 03:45:02 PM of its head */
			char when[64];
			ll_time_format(ll_table_num(t, i, (size_t)tc), when, sizeof when);
			if (seen++ == 2)
				CHECK_STR(when, "2019-06-19 15:45:02");
		}
		CHECK_INT(seen, 4);
		ll_table_free(t);
	}
}

/* Records whose head is a time behind a few words, a small share of the
 * lines, and whose next line starts the same way each time (MySQL's slow
 * query log: "# Time:", "# User@Host:", "# Query_time:", then SQL): a log
 * of records whose every line takes its head's time. Two dated lines each
 * followed by other text stay plain lines. */
/* MySQL 5.5's error log: "yyMMdd H:mm:ss", the hour padded with a blank,
 * is the time (it was a number column, "<id> <time>", and the clock alone
 * a time in 1970). */
static void test_yymmdd_clock(void)
{
	const char *log = "130412 10:49:11 [Note] Plugin 'FEDERATED' is disabled.\n"
			  "130412 10:49:11 InnoDB: The InnoDB memory heap is disabled\n"
			  "130412 10:49:12 [Note] Server hostname (bind-address): '127.0.0.1'; port: 3306\n"
			  "130413  9:01:02 [Warning] Aborted connection 41 to db: 'x' user: 'u'\n"
			  "130413  9:01:05 [ERROR] Got error 28 from storage engine\n";
	const struct ds_reader *r = NULL;
	int rc;
	struct ll_table *t = load(write_tmp("mysql55.err", log, strlen(log)), NULL, NULL, &r, &rc);
	CHECK_INT(rc, LL_OK);
	if (r && r->line)
		CHECK_STR(r->line->header, "<time> [<level>] <message>");
	int tc = t ? ll_table_find_column(t, "time") : -1, lc = t ? ll_table_find_column(t, "level") : -1;
	CHECK(tc >= 0 && lc >= 0);
	if (tc >= 0 && lc >= 0) {
		char when[64];
		ll_time_format(ll_table_num(t, 3, (size_t)tc), when, sizeof when);
		CHECK_STR(when, "2013-04-13 09:01:02");
		CHECK_STR(ll_table_text(t, 3, (size_t)lc), "Warning");
		/* the line without a level keeps its time */
		ll_time_format(ll_table_num(t, 1, (size_t)tc), when, sizeof when);
		CHECK_STR(when, "2013-04-12 10:49:11");
	}
	ll_table_free(t);
}

static void test_keyed_records(void)
{
	char buf[8192];
	size_t n = 0;
	for (int i = 0; i < 4; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
				      "# Time: 2017-04-28T09:%02d:30.738365Z\n"
				      "# User@Host: app[app] @ apphost [10.1.1.%d]  Id: %d\n"
				      "# Query_time: %d.071491  Lock_time: 0.000212 Rows_sent: %d  Rows_examined: 1489615\n"
				      "SET timestamp=14933704%02d;\n"
				      "SELECT a, b FROM t%d\n"
				      "    WHERE c = %d\n"
				      "    ORDER BY a;\n",
				      10 + i, i, 10997316 + i, i + 1, 1000 * i, i, i, i);
	const struct ds_reader *r = NULL;
	int rc;
	struct ll_table *t = load(write_tmp("slow.log", buf, n), NULL, NULL, &r, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK(r && strcmp(r->name, "log") == 0);
	if (r && r->line)
		CHECK_STR(r->line->header, "# Time: <time> <message>");
	int tc = t ? ll_table_find_column(t, "time") : -1;
	CHECK(t && ll_table_nrows(t) == 28 && tc >= 0);
	if (t && tc >= 0) {
		/* the third record's SELECT line */
		char when[64];
		ll_time_format(ll_table_num(t, 18, (size_t)tc), when, sizeof when);
		CHECK_STR(ll_table_text(t, 18, 0), "SELECT a, b FROM t2");
		CHECK(strncmp(when, "2017-04-28 09:12:30", 19) == 0);
	}
	ll_table_free(t);
	const char *mail = "Date: 2024-03-01 10:00:00\nhello there, the plan is fine\nsee you\n"
			   "regards\nDate: 2024-03-02 11:00:00\nSubject line of another kind\nthanks\nbye\n";
	t = load(write_tmp("mail.txt", mail, strlen(mail)), NULL, NULL, &r, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK(r && strcmp(r->name, "lines") == 0);
	ll_table_free(t);
}

/* Grid and security shapes (fifth sweep): HTCondor's job event log (a
 * head, tab-indented details, "..." after each event) reads as records
 * whose details take their event's time; PBS accounting gives its record
 * type and job id as columns; slurmctld's "error:" is a level, not a
 * component; CEF over syslog is no program "CEF" but the standard's
 * columns. */
static void test_grid_shapes(void)
{
	const char *condor = "000 (1234.000.000) 11/30 10:00:01 Job submitted from host: <10.0.0.1:9618?addrs=10.0.0.1-9618>\n"
			     "...\n"
			     "001 (1234.000.000) 11/30 10:00:40 Job executing on host: <10.0.0.5:9618?addrs=10.0.0.5-9618>\n"
			     "...\n"
			     "006 (1234.000.000) 11/30 10:05:40 Image size of job updated: 123456\n"
			     "\t120  -  MemoryUsage of job (MB)\n"
			     "\t122880  -  ResidentSetSize of job (KB)\n"
			     "...\n"
			     "005 (1234.000.000) 11/30 10:20:01 Job terminated.\n"
			     "\t(1) Normal termination (return value 0)\n"
			     "\t\tUsr 0 00:10:12, Sys 0 00:00:03  -  Run Remote Usage\n"
			     "...\n";
	const struct ds_reader *r = NULL;
	int rc;
	struct ll_table *t = load(write_tmp("job.log", condor, strlen(condor)), NULL, NULL, &r, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK(r && strcmp(r->name, "log") == 0);
	if (r && r->line)
		CHECK_STR(r->line->header, "<id> (<context>) <time> <message>");
	int tc = t ? ll_table_find_column(t, "time") : -1, cc = t ? ll_table_find_column(t, "context") : -1;
	CHECK(t && ll_table_nrows(t) == 12 && tc >= 0 && cc >= 0);
	if (t && tc >= 0 && cc >= 0 && ll_table_nrows(t) == 12) {
		char when[64];
		/* the second detail of the termination event, and its "..." */
		ll_time_format(ll_table_num(t, 10, (size_t)tc), when, sizeof when);
		CHECK_STR(when, "2017-11-30 10:20:01");
		CHECK_STR(ll_table_text(t, 10, (size_t)cc), "1234.000.000");
		ll_time_format(ll_table_num(t, 3, (size_t)tc), when, sizeof when);
		CHECK_STR(when, "2017-11-30 10:00:40");
	}
	ll_table_free(t);

	const char *pbs = "11/30/2026 10:00:01;Q;1001.pbs01;queue=workq\n"
			  "11/30/2026 10:00:05;S;1001.pbs01;user=alice group=users jobname=sim queue=workq\n"
			  "11/30/2026 10:30:05;E;1001.pbs01;user=alice group=users Exit_status=0 resources_used.walltime=00:30:00\n"
			  "11/30/2026 10:31:00;Q;1002.pbs01;queue=workq\n"
			  "11/30/2026 10:31:02;S;1002.pbs01;user=bob group=users jobname=post queue=workq\n"
			  "11/30/2026 10:32:00;E;1002.pbs01;user=bob group=users Exit_status=271 resources_used.walltime=00:00:58\n";
	t = load(write_tmp("20261130", pbs, strlen(pbs)), NULL, NULL, &r, &rc);
	CHECK_INT(rc, LL_OK);
	if (r && r->line)
		CHECK_STR(header_base(r->line->header), "<time>;<field2>;<field3>;<message>");
	int fc = t ? ll_table_find_column(t, "field2") : -1, jc = t ? ll_table_find_column(t, "field3") : -1;
	CHECK(t && fc >= 0 && jc >= 0);
	if (t && fc >= 0 && jc >= 0) {
		CHECK_STR(ll_table_text(t, 5, (size_t)fc), "E");
		CHECK_STR(ll_table_text(t, 5, (size_t)jc), "1002.pbs01");
	}
	ll_table_free(t);

	const char *slurm = "[2026-11-30T10:00:01.123] _slurm_rpc_submit_batch_job: JobId=1001 InitPrio=4294901759 usec=512\n"
			    "[2026-11-30T10:00:01.456] sched: Allocate JobId=1001 NodeList=node[01-02] #CPUs=8 Partition=gpu\n"
			    "[2026-11-30T10:05:00.001] _job_complete: JobId=1001 WEXITSTATUS 0\n"
			    "[2026-11-30T10:06:12.777] error: Nodes node03 not responding\n"
			    "[2026-11-30T10:06:13.000] error: Nodes node03 not responding, setting DOWN\n"
			    "[2026-11-30T10:07:00.500] _slurm_rpc_submit_batch_job: JobId=1002 InitPrio=4294901758 usec=401\n"
			    "[2026-11-30T10:09:00.001] _job_complete: JobId=1002 done\n";
	t = load(write_tmp("slurmctld.log", slurm, strlen(slurm)), NULL, NULL, &r, &rc);
	CHECK_INT(rc, LL_OK);
	if (r && r->line)
		CHECK_STR(r->line->header, "[<time>] <level?>: <component?>: <message>");
	int lc = t ? ll_table_find_column(t, "level") : -1, pc = t ? ll_table_find_column(t, "component") : -1;
	CHECK(t && lc >= 0 && pc >= 0);
	if (t && lc >= 0 && pc >= 0) {
		size_t errors = 0;
		for (size_t i = 0; i < ll_table_nrows(t); i++)
			errors += strcmp(ll_table_text(t, i, (size_t)lc), "error") == 0;
		CHECK_INT((int)errors, 2);
		CHECK_STR(ll_table_text(t, 3, (size_t)pc), "");
		CHECK_STR(ll_table_text(t, 1, (size_t)pc), "sched");
		CHECK_STR(ll_table_text(t, 1, (size_t)lc), "");
	}
	ll_table_free(t);

	const char *cef = "Nov 30 10:15:01 fw01 CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2\n"
			  "Nov 30 10:15:07 fw01 CEF:0|Security|threatmanager|1.0|101|port scan detected|7|src=10.0.0.9 dst=2.1.2.3\n"
			  "Nov 30 10:17:42 fw02 CEF:0|Security|ids|2.3|200|login failure|5|src=10.0.1.1 suser=bob\n"
			  "Nov 30 10:19:30 fw02 CEF:0|Security|ids|2.3|201|login success|1|src=10.0.1.2 suser=alice\n";
	t = load(write_tmp("cef.log", cef, strlen(cef)), NULL, NULL, &r, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK(r && strcmp(r->name, "log") == 0);
	int nc = t ? ll_table_find_column(t, "name") : -1, sc = t ? ll_table_find_column(t, "severity") : -1,
	    hc = t ? ll_table_find_column(t, "host") : -1;
	CHECK(t && nc >= 0 && sc >= 0 && hc >= 0 && ll_table_find_column(t, "program") < 0);
	if (t && nc >= 0 && sc >= 0 && hc >= 0) {
		CHECK_STR(ll_table_text(t, 2, (size_t)nc), "login failure");
		CHECK_STR(ll_table_text(t, 2, (size_t)sc), "5");
		CHECK_STR(ll_table_text(t, 2, (size_t)hc), "fw02");
	}
	ll_table_free(t);
}

/* Levels written inside other fields, read through ds_load: Apache 2.4's
 * "[module:level]" and "[pid N:tid M]" (the pid a number column; a line
 * with a client bracket and one of 2.2's "[level]" fit the header), and
 * Rust's env_logger "[time LEVEL target]". */
static void test_levels_inside(void)
{
	const char *apache = "[Wed Nov 30 10:00:01.123456 2026] [core:error] [pid 1234:tid 140234] [client 10.0.0.1:50412] AH00124: Request exceeded the limit\n"
			     "[Wed Nov 30 10:00:02.000001 2026] [mpm_event:notice] [pid 1000:tid 140001] AH00489: configured -- resuming\n"
			     "[Wed Nov 30 10:00:05.500000 2026] [proxy:error] [pid 1235:tid 140235] (111)Connection refused: AH00957: connect failed\n"
			     "[Wed Nov 30 10:00:06.000000 2026] [ssl:warn] [pid 1000:tid 140001] AH01909: certificate does not match\n"
			     "[Wed Nov 30 10:00:07.000000 2026] [:error] [pid 1236:tid 140236] PHP Notice: Undefined index\n";
	const struct ds_reader *r = NULL;
	int rc;
	struct ll_table *t = load(write_tmp("error_log", apache, strlen(apache)), NULL, NULL, &r, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK(r && strcmp(r->name, "log") == 0);
	if (r && r->line)
		CHECK_STR(r->line->header, "[<time>] [<component?>:<level>] [pid <pid>:tid <tid>] <message>");
	int lc = t ? ll_table_find_column(t, "level") : -1, cc = t ? ll_table_find_column(t, "component") : -1,
	    pc = t ? ll_table_find_column(t, "pid") : -1, mc = t ? ll_table_find_column(t, "message") : -1;
	CHECK(t && ll_table_nrows(t) == 5 && lc >= 0 && cc >= 0 && pc >= 0 && mc >= 0);
	if (t && ll_table_nrows(t) == 5 && lc >= 0 && cc >= 0 && pc >= 0 && mc >= 0) {
		CHECK_INT(ll_table_col_type(t, (size_t)pc), LL_COL_NUM);
		CHECK_STR(ll_table_text(t, 0, (size_t)cc), "core");
		CHECK_STR(ll_table_text(t, 0, (size_t)lc), "error");
		CHECK(ll_table_num(t, 0, (size_t)pc) == 1234);
		CHECK_STR(ll_table_text(t, 0, (size_t)mc), "[client 10.0.0.1:50412] AH00124: Request exceeded the limit");
		CHECK_STR(ll_table_text(t, 3, (size_t)lc), "warn");
		CHECK_STR(ll_table_text(t, 4, (size_t)cc), "");
		CHECK_STR(ll_table_text(t, 4, (size_t)lc), "error");
	}
	ll_table_free(t);

	const char *rust = "[2026-11-13T19:50:29Z INFO  runner] core set up\n"
			   "[2026-11-13T19:50:29Z INFO  net::http] listening at 0.0.0.0:3040\n"
			   "[2026-11-13T19:50:30Z WARN  net::http] slow client 10.0.0.7\n"
			   "[2026-11-13T19:50:31Z ERROR runner] queue full, dropping 12 jobs\n";
	t = load(write_tmp("runner.log", rust, strlen(rust)), NULL, NULL, &r, &rc);
	CHECK_INT(rc, LL_OK);
	if (r && r->line)
		CHECK_STR(r->line->header, "[<time> <level> <component>] <message>");
	lc = t ? ll_table_find_column(t, "level") : -1;
	int tc = t ? ll_table_find_column(t, "time") : -1;
	CHECK(t && lc >= 0 && tc >= 0);
	if (t && lc >= 0 && tc >= 0 && ll_table_nrows(t) == 4) {
		char when[64];
		ll_time_format(ll_table_num(t, 3, (size_t)tc), when, sizeof when);
		CHECK_STR(when, "2026-11-13 19:50:31");
		CHECK_STR(ll_table_text(t, 3, (size_t)lc), "ERROR");
	}
	ll_table_free(t);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "%s/ll_test_unseen.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_shapes();
	test_regressions();
	test_year_from_dated_lines();
	test_klog_after_trace();
	test_stack_heavy();
	test_lone_punct();
	test_lookalikes();
	test_ci_log();
	test_level_minority();
	test_year_echoed();
	test_optional_before_level();
	test_ruled_records();
	test_keyed_records();
	test_yymmdd_clock();
	test_grid_shapes();
	test_levels_inside();
	test_tables();
	test_property();
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	TEST_MAIN_END();
}
