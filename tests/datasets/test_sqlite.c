/*
 * test_sqlite.c - SQLite databases read as tables (ds_sqlite.c): the
 * table with the most rows, another table or a view by name, values of
 * every storage class, a database compressed or mid-write (its write-ahead
 * log, a writer committing while it is read), and damaged or hostile ones.
 * The table read by default holds the most values, not the most rows (a
 * table linking two others' keys has more rows than either). The
 * databases are made here with the SQLite library itself.
 */
#include "harness.h"

#include "cell_at.h"

#include "ds_reader.h"

#include <config.h>

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef HAVE_SQLITE
#include <sqlite3.h>
#include <zlib.h>

static char dir[256];

static const char *db_path(const char *name)
{
	static char paths[8][512];
	static int next;
	char *p = paths[next++ % 8];
	snprintf(p, sizeof paths[0], "%s/%s", dir, name);
	return p;
}

/* A new database at dir/name made by sql; its path. */
static const char *make_db(const char *name, const char *sql)
{
	const char *path = db_path(name);
	unlink(path);
	sqlite3 *db = NULL;
	char *msg = NULL;
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fprintf(stderr, "%s: %s\n", name, msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(db);
	return path;
}

static struct ll_table *load(const char *path, const char *format, struct ll_err *err, int *rc)
{
	struct ds_open_opts o = {.format = format, .default_year = 2024};
	struct ll_table *t = NULL;
	*rc = ds_load(path, &o, &t, NULL, err);
	return t;
}

static void fails(const char *path, const char *format, int code, const char *want)
{
	struct ll_err err;
	int rc;
	struct ll_table *t = load(path, format, &err, &rc);
	CHECK_INT(rc, code);
	if (rc != LL_OK && !strstr(err.msg, want))
		fprintf(stderr, "%s: `%s` lacks `%s`\n", path, err.msg, want);
	CHECK(rc != LL_OK && strstr(err.msg, want) != NULL);
	ll_table_free(t);
}

#define EVENTS                                                                                                    \
	"create table settings(k text, v text); insert into settings values ('schema', '4');"                     \
	"create table events(ts text, host text, cpu real, n integer, msg text, raw blob, cls text);"              \
	"insert into events values ('2024-03-01 10:00:00', 'web-1', 0.1, 7, 'started, \"ok\"', x'00ff10', 'normal');" \
	"insert into events values ('2024-03-01 10:00:10', 'web-2', 12.5, null, 'disk error', null, 'fault');"     \
	"insert into events values ('2024-03-01 10:00:20', 'web-1', 1e-7, -3, 'a' || char(0) || 'b', "            \
	"randomblob(300), 'normal');"                                                                              \
	"create view faults as select ts, msg from events where cls = 'fault';"                                    \
	"create table tags(event integer, tag integer); insert into tags values (1, 1), (1, 2), (2, 1), (3, 3);"

static void test_records(void)
{
	const char *path = make_db("events.db", EVENTS);
	struct ll_err err;
	int rc;
	struct ll_table *t = load(path, NULL, &err, &rc);
	if (rc != LL_OK)
		fprintf(stderr, "events.db: %s\n", err.msg);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_STR(ll_table_meta(t, "format"), "sqlite");
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_col_type(t, (size_t)ll_table_find_column(t, "ts")), LL_COL_TIME);
		CHECK(num_at(t, 0, "ts") == 1709287200 && num_at(t, 2, "ts") == 1709287220);
		CHECK(num_at(t, 0, "cpu") == 0.1 && num_at(t, 1, "cpu") == 12.5 && num_at(t, 2, "cpu") == 1e-7);
		CHECK(num_at(t, 0, "n") == 7 && isnan(num_at(t, 1, "n")) && num_at(t, 2, "n") == -3);
		CHECK_STR(text_at(t, 0, "msg"), "started, \"ok\"");
		CHECK_STR(text_at(t, 2, "msg"), "a b"); /* a NUL kept by SQLite */
		CHECK_STR(text_at(t, 0, "raw"), "00ff10");
		CHECK_STR(text_at(t, 2, "raw"), "(300 bytes)");
		CHECK(ll_test_has_note(t, "table 'events' of 4 (3 rows); not read: settings (1 row), faults (a view), tags (4 rows) "
					  "(--format sqlite:table=NAME reads another)"));
	}
	ll_table_free(t);
	/* a label column, as a CSV export's */
	t = load(path, "sqlite:label=cls", &err, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK(t && ll_table_nclasses(t) == 2);
	ll_table_free(t);
	/* a table or a view by name, exactly or ignoring case */
	t = load(path, "sqlite:table=SETTINGS", &err, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK(t && ll_table_nrows(t) == 1 && num_at(t, 0, "v") == 4);
	ll_table_free(t);
	t = load(path, "sqlite:table=faults", &err, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK(t && ll_table_nrows(t) == 1);
	if (t)
		CHECK_STR(text_at(t, 0, "msg"), "disk error");
	ll_table_free(t);
	fails(path, "sqlite:table=nope", LL_EDATA, "no table or view 'nope' (it has: settings, events, faults, tags)");
	/* one column: an empty cell is a row, a '#' no comment, ';' no separator */
	path = make_db("one.db", "create table t(v text); insert into t values ('a'), (null), (''), ('# not a comment'), "
				 "('x;y;z');");
	t = load(path, NULL, &err, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK(t && ll_table_nrows(t) == 5 && ll_table_ncols(t) == 1);
	if (t && ll_table_nrows(t) == 5) {
		CHECK_STR(text_at(t, 3, "v"), "# not a comment");
		CHECK_STR(text_at(t, 4, "v"), "x;y;z");
	}
	ll_table_free(t);
}

/* The database's bytes gzipped: read from memory, not from its path. */
static void test_compressed(void)
{
	const char *path = make_db("z.db", EVENTS);
	FILE *f = fopen(path, "rb");
	char buf[1 << 16];
	size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
	if (f)
		fclose(f);
	const char *gz = db_path("z.db.gz");
	gzFile g = gzopen(gz, "wb");
	CHECK(g && n > 0 && gzwrite(g, buf, (unsigned)n) == (int)n);
	if (g)
		gzclose(g);
	struct ll_err err;
	int rc;
	struct ll_table *t = load(gz, NULL, &err, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK(t && ll_table_nrows(t) == 3 && strcmp(ll_table_meta(t, "format"), "sqlite") == 0);
	ll_table_free(t);
}

/* Commits still in the write-ahead log, a writer's connection open: the
 * reader sees them. */
static void test_wal(void)
{
	const char *path = make_db("wal.db", "pragma journal_mode=wal; create table m(ts integer, v real);");
	sqlite3 *w = NULL;
	CHECK_INT(sqlite3_open(path, &w), SQLITE_OK);
	sqlite3_exec(w, "pragma wal_autocheckpoint=0; insert into m values (1, 0.5), (2, 1.5), (3, 2.5);", NULL, NULL,
		     NULL);
	char wal[600];
	snprintf(wal, sizeof wal, "%s-wal", path);
	CHECK(access(wal, F_OK) == 0);
	struct ll_err err;
	int rc;
	struct ll_table *t = load(path, NULL, &err, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK(t && ll_table_nrows(t) == 3 && num_at(t, 2, "v") == 2.5);
	ll_table_free(t);
	sqlite3_close(w);
}

/* A writer commits ten rows at a time while the database is read: every
 * read is a snapshot between two commits, never a torn one. */
static void test_concurrent_writer(void)
{
	const char *path = make_db("busy.db", "create table m(i integer, msg text);");
	pid_t pid = fork();
	if (pid == 0) {
		sqlite3 *w = NULL;
		if (sqlite3_open(path, &w) != SQLITE_OK)
			_exit(1);
		sqlite3_busy_timeout(w, 5000);
		/* the snapshots are the point, not the disk */
		sqlite3_exec(w, "pragma synchronous = off", NULL, NULL, NULL);
		alarm(20);
		for (int i = 0;; i += 10) {
			char sql[160];
			snprintf(sql, sizeof sql,
				 "begin immediate; insert into m select %d + value, 'line ' || value from "
				 "generate_series(0, 9); commit;",
				 i);
			if (sqlite3_exec(w, sql, NULL, NULL, NULL) != SQLITE_OK) {
				/* no generate_series: ten inserts */
				sqlite3_exec(w, "rollback", NULL, NULL, NULL);
				sqlite3_exec(w, "begin immediate", NULL, NULL, NULL);
				for (int k = 0; k < 10; k++) {
					snprintf(sql, sizeof sql, "insert into m values (%d, 'line %d')", i + k, i + k);
					sqlite3_exec(w, sql, NULL, NULL, NULL);
				}
				sqlite3_exec(w, "commit", NULL, NULL, NULL);
			}
		}
	}
	CHECK(pid > 0);
	int torn = 0, failed = 0;
	size_t most = 0;
	for (int k = 0; k < 25; k++) {
		struct ll_err err;
		int rc;
		usleep(20000);
		struct ll_table *t = load(path, NULL, &err, &rc);
		/* an empty table before the first commit is refused by name */
		if (rc != LL_OK && !strstr(err.msg, "hold no rows")) {
			fprintf(stderr, "busy.db: %s\n", err.msg);
			failed++;
		}
		if (t) {
			torn += ll_table_nrows(t) % 10 != 0;
			most = ll_table_nrows(t) > most ? ll_table_nrows(t) : most;
		}
		ll_table_free(t);
	}
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	CHECK_INT(failed, 0);
	CHECK_INT(torn, 0);
	CHECK(most >= 10);
}

static void test_damaged(void)
{
	const char *path = make_db("whole.db", EVENTS);
	FILE *f = fopen(path, "rb");
	char buf[1 << 16];
	size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
	if (f)
		fclose(f);
	CHECK(n > 8192);
	/* the last pages gone */
	ll_test_put_bytes(dir, "cut.db", buf, 4096 + 100);
	fails(db_path("cut.db"), NULL, LL_EDATA, "a damaged database");
	static const char junk[] = "SQLite format 3\0 but then nothing of a database at all";
	ll_test_put_bytes(dir, "junk.db", junk, sizeof junk - 1);
	fails(db_path("junk.db"), NULL, LL_EDATA, "not an SQLite database, or an encrypted one");
	fails(make_db("none.db", "pragma user_version = 7;"), NULL, LL_EDATA, "an SQLite database without tables");
	fails(make_db("empty.db", "create table a(x); create table b(y);"), NULL, LL_EDATA,
	      "the database's tables hold no rows: a (0 rows), b (0 rows)");
	/* a virtual table of a module this SQLite lacks: listed, not read */
	path = make_db("vt.db", "create table t(x); insert into t values (1); pragma writable_schema = on;"
				"insert into sqlite_master values ('table', 'vt', 'vt', 0, "
				"'CREATE VIRTUAL TABLE vt USING nosuchmodule(a)');");
	struct ll_err err;
	int rc;
	struct ll_table *t = load(path, NULL, &err, &rc);
	if (rc != LL_OK)
		fprintf(stderr, "vt.db: %s\n", err.msg);
	CHECK_INT(rc, LL_OK);
	CHECK(t && ll_table_nrows(t) == 1 && ll_test_has_note(t, "vt (no such module: nosuchmodule)"));
	ll_table_free(t);
	fails(path, "sqlite:table=vt", LL_EDATA, "table 'vt' cannot be read: no such module: nosuchmodule");
	/* a view without end is stopped by the memory limit, not run forever */
	path = make_db("endless.db", "create table t(x); insert into t values (1); create view forever as with "
				     "recursive c(x) as (select 1 union all select x + 1 from c) select x from c;");
	setenv("LOGLAB_MEMORY_MAX", "1M", 1);
	fails(path, "sqlite:table=forever", LL_EDATA, "table 'forever' (65536 rows read so far) needs");
	unsetenv("LOGLAB_MEMORY_MAX");
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "sqlite");
	test_records();
	test_compressed();
	test_wal();
	test_concurrent_writer();
	test_damaged();
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}

#else

int main(void)
{
	return 77; /* built without libsqlite3 */
}

#endif
