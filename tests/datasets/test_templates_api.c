/*
 * test_templates_api.c - a dataset's log templates (ds_templates.h) on
 * small files: the column mined (a log's message field, none for a
 * table), rows of one shape sharing a template whose text has the
 * variables as <*> (adjacent ones as one), the same ids from a second mining (determinism), a
 * table mined by its row text, progress reports and cancelling, an
 * empty file, and a fleet mined by its messages. test_tpl.c tests the miner itself.
 */
#include "harness.h"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ds_dataset.h"
#include "ds_templates.h"

static char dir[256];

static const char *put(const char *name, const char *text)
{
	return ll_test_put(dir, name, text);
}

static struct ds_dataset *open_ds(const char *path)
{
	struct ds_dataset *ds;
	struct ll_err err;
	if (ds_dataset_open(&ds, path, NULL, &err) != LL_OK) {
		fprintf(stderr, "%s\n", err.msg);
		return NULL;
	}
	for (int i = 0; i < 20000 && !ds_dataset_complete(ds); i++) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	return ds;
}

static size_t calls, last_done, last_total;
static int progress(void *ctx, size_t done, size_t total)
{
	calls++;
	last_done = done;
	last_total = total;
	return ctx != NULL; /* a context asks to cancel */
}

static void test_log(void)
{
	char text[8192];
	size_t n = 0;
	for (int i = 0; i < 40; i++) {
		if (i % 2)
			n += (size_t)snprintf(text + n, sizeof text - n,
					      "Mar  2 06:%02d:10 node07 kernel: Out of memory: Killed process %d (java%d)\n",
					      i, 1000 + i * 37, i);
		else
			n += (size_t)snprintf(text + n, sizeof text - n,
					      "Mar  2 06:%02d:11 node07 sshd[%d]: Accepted publickey for user%d port %d\n", i,
					      200 + i, i % 3, 40000 + i);
	}
	struct ds_dataset *ds = open_ds(put("kern.log", text));
	if (!ds)
		return;
	int col = ds_templates_text_column(ds);
	CHECK(col > 0);
	CHECK_STR(ds_dataset_col_name(ds, (size_t)col), "message");
	struct ds_templates *t = NULL, *u = NULL;
	struct ll_err err;
	calls = 0;
	CHECK_INT(ds_templates_mine(ds, NULL, &t, progress, NULL, &err), LL_OK);
	if (t) {
		CHECK_INT(t->nrows, 40);
		CHECK(calls >= 1 && last_done == 40 && last_total == 40);
		CHECK(t->ids[1] == t->ids[3] && t->ids[0] == t->ids[2] && t->ids[0] != t->ids[1]);
		int same = 1;
		for (size_t i = 2; i < 40; i++)
			same &= t->ids[i] == t->ids[i % 2];
		CHECK(same);
		CHECK_INT(ll_tpl_count(t->tpl), 2);
		char buf[256];
		ll_tpl_text(t->tpl, t->ids[1], buf, sizeof buf);
		CHECK_STR(buf, "Out of memory: Killed process <*>"); /* adjacent variables are one */
		/* the same ids again */
		CHECK_INT(ds_templates_mine(ds, NULL, &u, NULL, NULL, &err), LL_OK);
		if (u)
			CHECK(memcmp(t->ids, u->ids, 40 * sizeof *t->ids) == 0);
		ds_templates_free(u);
	}
	ds_templates_free(t);
	/* cancelled by the progress callback */
	t = (struct ds_templates *)&err;
	int cancel = 1;
	CHECK_INT(ds_templates_mine(ds, NULL, &t, progress, &cancel, &err), LL_ECANCEL);
	CHECK(t == NULL);
	ds_templates_free(NULL);
	ds_dataset_close(ds);
}

static void test_table(void)
{
	/* a column named as a message is what is mined: a stream or host
	 * beside it does not split a template */
	struct ds_dataset *ds = open_ds(put("t.csv", "id,stream,msg\n1,stdout,job 17 failed\n2,stderr,job 23 failed\n"
						     "3,stdout,all fine here\n"));
	if (!ds)
		return;
	CHECK_INT(ds_templates_text_column(ds), 2);
	struct ds_templates *t = NULL;
	struct ll_err err;
	CHECK_INT(ds_templates_mine(ds, NULL, &t, NULL, NULL, &err), LL_OK);
	if (t) {
		CHECK_INT(t->nrows, 3);
		CHECK(t->ids[0] == t->ids[1] && t->ids[0] != t->ids[2]);
		char buf[256];
		ll_tpl_text(t->tpl, t->ids[0], buf, sizeof buf);
		CHECK_STR(buf, "job <*> failed");
		ds_templates_free(t);
	}
	ds_dataset_close(ds);
	/* no such column: the cells joined */
	ds = open_ds(put("u.csv", "id,what\n1,job 17 failed\n2,job 23 failed\n3,all fine here\n"));
	if (!ds)
		return;
	CHECK_INT(ds_templates_text_column(ds), -1);
	CHECK_INT(ds_templates_mine(ds, NULL, &t, NULL, NULL, &err), LL_OK);
	if (t) {
		char buf[256];
		ll_tpl_text(t->tpl, t->ids[0], buf, sizeof buf);
		CHECK_STR(buf, "<*> job <*> failed");
		ds_templates_free(t);
	}
	ds_dataset_close(ds);

	ds = open_ds(put("empty.log", ""));
	if (!ds)
		return;
	CHECK_INT(ds_templates_mine(ds, NULL, &t, NULL, NULL, &err), LL_OK);
	if (t) {
		CHECK_INT(t->nrows, 0);
		CHECK_INT(ll_tpl_count(t->tpl), 0);
		ds_templates_free(t);
	}
	ds_dataset_close(ds);
}

/* A fleet's rows are no spans, but they are mined by their message too:
 * the same template text as each file alone, no host or stamp in it. */
static void test_fleet(void)
{
	char sub[300], name[32];
	snprintf(sub, sizeof sub, "%s/fleet", dir);
	CHECK(mkdir(sub, 0700) == 0);
	for (int f = 0; f < 2; f++) {
		char text[4096];
		size_t n = 0;
		for (int i = 0; i < 20; i++)
			n += (size_t)snprintf(text + n, sizeof text - n,
					      "Mar  2 06:%02d:%02d node%02d kernel: Out of memory: Killed process %d (java)\n", i,
					      f * 30, f + 1, 1000 + i * 37);
		snprintf(name, sizeof name, "fleet/kern%d.log", f);
		put(name, text);
	}
	struct ds_dataset *ds = open_ds(sub);
	if (!ds)
		return;
	CHECK(ds_dataset_is_fleet(ds));
	struct ds_templates *t = NULL;
	struct ll_err err;
	CHECK_INT(ds_templates_mine(ds, NULL, &t, NULL, NULL, &err), LL_OK);
	if (t) {
		CHECK_INT(t->nrows, 40);
		CHECK_INT(ll_tpl_count(t->tpl), 1);
		char buf[256];
		ll_tpl_text(t->tpl, 0, buf, sizeof buf);
		CHECK_STR(buf, "Out of memory: Killed process <*> (java)");
		ds_templates_free(t);
	}
	ds_dataset_close(ds);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "templates-api");
	test_log();
	test_table();
	test_fleet();
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	TEST_MAIN_END();
}
