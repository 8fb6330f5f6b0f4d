/*
 * test_influx.c - the "influx" reader (InfluxDB line protocol): columns per
 * measurement field, tags as text, escapes, kinds, time units by magnitude,
 * detection against logs and key=value text, errors naming the line.
 */
#include "harness.h"

#include "ds_reader.h"
#include "ll_time.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[200];

static const char *put(const char *name, const char *text)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		return path;
	fputs(text, f);
	fclose(f);
	return path;
}

static int load(const char *path, struct ll_table **t, const char **used, struct ll_err *e)
{
	struct ds_open_opts o = {0};
	const struct ds_reader *r = NULL;
	int rc = ds_load(path, &o, t, &r, e);
	*used = r ? r->name : "";
	return rc;
}

static int col(const struct ll_table *t, const char *name) { return ll_table_find_column(t, name); }

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "influx");
	struct ll_table *t = NULL;
	struct ll_err e;
	const char *used;
	const char *p = put("metrics.txt",
			    "# written by telegraf\n"
			    "cpu,cpu=cpu0,host=web\\ 1 usage_idle=68.75,usage_user=25 1568760922000000000\n"
			    "mem,host=web\\ 1 used_percent=40.5,available=8000000000i,ok=true 1568760922000000000\n"
			    "\n"
			    "cpu,cpu=cpu0,host=web\\ 1 usage_idle=70,usage_user=20.5 1568760932000000000\n"
			    "log,host=web\\ 1 msg=\"disk \\\"sda\\\" full, retrying\",code=3u 1568760932\n");
	CHECK_INT(load(p, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_STR(used, "influx");
		CHECK_INT(ll_table_nrows(t), 4);
		CHECK_STR(ll_table_col_name(t, 0), "time");
		CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
		CHECK_NEAR(ll_table_num(t, 0, 0), 1568760922, 1e-6);
		CHECK_NEAR(ll_table_num(t, 3, 0), 1568760932, 1e-6); /* seconds, by magnitude */
		CHECK_STR(ll_table_text(t, 1, 1), "mem");
		CHECK_STR(ll_table_text(t, 0, (size_t)col(t, "host")), "web 1");
		CHECK_INT(ll_table_col_type(t, (size_t)col(t, "cpu.usage_idle")), LL_COL_NUM);
		CHECK_NEAR(ll_table_num(t, 2, (size_t)col(t, "cpu.usage_user")), 20.5, 0);
		CHECK(isnan(ll_table_num(t, 1, (size_t)col(t, "cpu.usage_idle"))));
		CHECK_NEAR(ll_table_num(t, 1, (size_t)col(t, "mem.available")), 8e9, 0);
		CHECK_INT(ll_table_col_type(t, (size_t)col(t, "mem.ok")), LL_COL_TEXT);
		CHECK_STR(ll_table_text(t, 3, (size_t)col(t, "log.msg")), "disk \"sda\" full, retrying");
		CHECK_NEAR(ll_table_num(t, 3, (size_t)col(t, "log.code")), 3, 0);
	}
	ll_table_free(t);
	t = NULL;
	/* a field that is a number in one point and a string in another: text */
	p = put("mixed.lp", "m v=1 1700000000\nm v=\"x\" 1700000001\nm v=2 1700000002\n");
	CHECK_INT(load(p, &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_col_type(t, (size_t)col(t, "m.v")), LL_COL_TEXT);
		CHECK_STR(ll_table_text(t, 1, (size_t)col(t, "m.v")), "x");
	}
	ll_table_free(t);
	t = NULL;
	/* a bad line among points is an error naming it */
	struct ds_open_opts o = {0};
	o.format = "influx";
	p = put("bad.lp", "m v=1 1700000000\nm v=1 1700000001\nm v=oops 1700000002\n");
	const struct ds_reader *r = NULL;
	CHECK_INT(ds_load(p, &o, &t, &r, &e), LL_EDATA);
	CHECK(strstr(e.msg, "bad.lp:3: not InfluxDB line protocol: a field value that is no number") != NULL);
	/* logs and key=value text are not points */
	p = put("kv.log", "level=info msg=hello ts=1700000000\nlevel=warn msg=bye ts=1700000001\n"
			  "level=info msg=again ts=1700000002\n");
	CHECK_INT(load(p, &t, &used, &e), LL_OK);
	CHECK(strcmp(used, "influx") != 0);
	ll_table_free(t);
	t = NULL;
	p = put("app.log", "2024-05-01 10:00:00 INFO a=1 b=2\n2024-05-01 10:00:01 INFO a=3 b=4\n");
	CHECK_INT(load(p, &t, &used, &e), LL_OK);
	CHECK(strcmp(used, "influx") != 0);
	ll_table_free(t);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	TEST_MAIN_END();
}
