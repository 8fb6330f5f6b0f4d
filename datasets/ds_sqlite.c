/*
 * ds_sqlite.c - SQLite databases ("sqlite"): the table holding the most
 * values (sqlite:table=NAME another, views too) read as its CSV export would
 * be, through the CSV reader (ds_sheet.h), so its header, types, label
 * column and long-table handling are the CSV reader's.
 *
 * Monitoring agents, CI systems and desktop tools keep their records in
 * SQLite; an operator should not need the sqlite3 shell to look at them.
 *
 * A local file is opened by its path, read-only, so that SQLite's locks
 * give a consistent snapshot while another program writes it and its
 * write-ahead log (`-wal`, the newest commits) is read too. Anything else
 * (a compressed file, an archive's member, a download) is read from the
 * bytes in memory.
 *
 * A database is untrusted input: defensive mode and untrusted schema, no
 * views run unless named, row counts only over tables, and the text's
 * growth checked against the memory limit, so a hostile file is refused
 * by name instead of run.
 */
#include <config.h>

#include "ds_csv.h"
#include "ds_sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdint.h>
#include <sys/stat.h>

#include "ll_limits.h"

#define MAGIC "SQLite format 3"

#ifdef HAVE_SQLITE
#include <sqlite3.h>

/* How long to wait for a writer's lock before naming it. */
#define BUSY_MS 5000
/* Blobs longer than this are shown by their size, not their bytes. */
#define BLOB_HEX_MAX 256
/* The text's size is measured against the memory limit this often. */
#define CHECK_ROWS 65536

struct tables {
	char **names;
	long long *rows; /* -1: a view (not counted) or a table SQLite cannot read */
	int *cols;
	char **why;      /* why it cannot be read, or NULL */
	size_t n, cap;
};

static void tables_free(struct tables *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->names[i]);
		free(t->why[i]);
	}
	free(t->names);
	free(t->rows);
	free(t->cols);
	free(t->why);
}

static int oom(const char *path, struct ll_err *err)
{
	return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
}

/* "name" with its quotes doubled, for SQL text. */
static char *quoted(const char *name)
{
	size_t n = strlen(name), q = 0;
	for (size_t i = 0; i < n; i++)
		q += name[i] == '"';
	char *s = malloc(n + q + 3);
	if (!s)
		return NULL;
	char *o = s;
	*o++ = '"';
	for (size_t i = 0; i < n; i++) {
		if (name[i] == '"')
			*o++ = '"';
		*o++ = name[i];
	}
	*o++ = '"';
	*o = 0;
	return s;
}

/* 1 when path is a regular file on disk whose first bytes are a
 * database's (not a compressed or converted copy of one). */
static int local_database(const char *path)
{
	struct stat st;
	if (!path || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	char head[sizeof MAGIC];
	size_t got = fread(head, 1, sizeof head, f);
	fclose(f);
	return got == sizeof head && memcmp(head, MAGIC, sizeof MAGIC) == 0;
}

static int db_error(const char *path, sqlite3 *db, const char *doing, struct ll_err *err)
{
	int code = db ? sqlite3_errcode(db) : SQLITE_NOMEM;
	const char *msg = db ? sqlite3_errmsg(db) : "out of memory";
	if (code == SQLITE_NOMEM)
		return oom(path, err);
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return ll_err_set(err, LL_EIO, "%s: %s: the database stayed locked by another program for %d s (%s)", path,
				  doing, BUSY_MS / 1000, msg);
	if (code == SQLITE_NOTADB)
		return ll_err_set(err, LL_EDATA, "%s: not an SQLite database, or an encrypted one (%s)", path, msg);
	if (code == SQLITE_CORRUPT)
		return ll_err_set(err, LL_EDATA, "%s: %s: a damaged database (%s); sqlite3 %s .recover may save its rows",
				  path, doing, msg, path);
	if (code == SQLITE_CANTOPEN || code == SQLITE_IOERR || code == SQLITE_PERM)
		return ll_err_set(err, LL_EIO, "%s: %s: %s", path, doing, msg);
	return ll_err_set(err, LL_EDATA, "%s: %s: %s", path, doing, msg);
}

static int open_db(const struct ds_source *src, sqlite3 **db, struct ll_err *err)
{
	*db = NULL;
	int rc;
	if (local_database(src->path)) {
		rc = sqlite3_open_v2(src->path, db, SQLITE_OPEN_READONLY, NULL);
	} else {
		rc = sqlite3_open_v2(":memory:", db, SQLITE_OPEN_READWRITE, NULL);
		/* read-only: SQLite never writes to the bytes it is given */
		if (rc == SQLITE_OK)
			rc = sqlite3_deserialize(*db, "main", (unsigned char *)(uintptr_t)src->data,
						 (sqlite3_int64)src->size, (sqlite3_int64)src->size,
						 SQLITE_DESERIALIZE_READONLY);
	}
	if (rc != SQLITE_OK) {
		int r = db_error(src->path, *db, "opening it", err);
		sqlite3_close(*db);
		*db = NULL;
		return r;
	}
	sqlite3_busy_timeout(*db, BUSY_MS);
	sqlite3_db_config(*db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(*db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	return LL_OK;
}

static int add_table(struct tables *t, const char *name, long long rows, const char *why)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		char **names = realloc(t->names, cap * sizeof *names);
		if (names)
			t->names = names;
		long long *r = realloc(t->rows, cap * sizeof *r);
		if (r)
			t->rows = r;
		char **w = realloc(t->why, cap * sizeof *w);
		if (w)
			t->why = w;
		int *c = realloc(t->cols, cap * sizeof *c);
		if (c)
			t->cols = c;
		if (!names || !r || !w || !c)
			return 0;
		t->cap = cap;
	}
	t->names[t->n] = strdup(name);
	t->why[t->n] = why ? strdup(why) : NULL;
	t->rows[t->n] = rows;
	t->cols[t->n] = 0;
	if (!t->names[t->n] || (why && !t->why[t->n])) {
		free(t->names[t->n]);
		free(t->why[t->n]);
		return 0;
	}
	t->n++;
	return 1;
}

/* Rows and columns of table name, or rows -1 with *why when SQLite cannot
 * read it (a virtual table of a module this SQLite lacks). LL_OK unless
 * the database itself fails. */
static int count_rows(const char *path, sqlite3 *db, const char *name, long long *rows, int *cols, char *why,
		      size_t cap, struct ll_err *err)
{
	*rows = -1;
	*cols = 0;
	why[0] = 0;
	char *q = quoted(name);
	char *sql = q ? sqlite3_mprintf("SELECT * FROM %s", q) : NULL;
	char *count = q ? sqlite3_mprintf("SELECT count(*) FROM %s", q) : NULL;
	free(q);
	if (!sql || !count) {
		sqlite3_free(sql);
		sqlite3_free(count);
		return oom(path, err);
	}
	sqlite3_stmt *st = NULL;
	/* prepared, never stepped: its columns */
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc == SQLITE_OK)
		*cols = sqlite3_column_count(st);
	sqlite3_finalize(st);
	st = NULL;
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, count, -1, &st, NULL);
	sqlite3_free(count);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		*rows = sqlite3_column_int64(st, 0);
	int r = LL_OK;
	if (rc != SQLITE_ROW) {
		int code = sqlite3_errcode(db);
		if (code == SQLITE_ERROR)
			snprintf(why, cap, "%s", sqlite3_errmsg(db));
		else
			r = db_error(path, db, "counting rows", err);
	}
	sqlite3_finalize(st);
	return r;
}

static int list_tables(const char *path, sqlite3 *db, struct tables *t, struct ll_err *err)
{
	sqlite3_stmt *st = NULL;
	/* schema order: the order they were made in */
	int rc = sqlite3_prepare_v2(db,
				    "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
				    "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
				    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_error(path, db, "reading its list of tables", err);
	int r = LL_OK;
	while (r == LL_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *type = (const char *)sqlite3_column_text(st, 1);
		if (!name || !type)
			continue;
		if (!add_table(t, name, -1, NULL))
			r = oom(path, err);
		else if (strcmp(type, "view") == 0 && !(t->why[t->n - 1] = strdup("a view")))
			r = oom(path, err);
	}
	if (r == LL_OK && rc != SQLITE_DONE)
		r = db_error(path, db, "reading its list of tables", err);
	sqlite3_finalize(st);
	for (size_t i = 0; r == LL_OK && i < t->n; i++) {
		if (t->why[i])
			continue;
		char why[256];
		r = count_rows(path, db, t->names[i], &t->rows[i], &t->cols[i], why, sizeof why, err);
		if (r == LL_OK && why[0] && !(t->why[i] = strdup(why)))
			r = oom(path, err);
	}
	return r;
}

/* The table named wanted (exactly, else ignoring case), or the table with
 * the most values, rows x columns (the first of equals): the records,
 * where the others are usually settings, versions, lookups, and tables
 * that only link two others' keys. t->n when none has rows. */
static int choose(const char *path, const struct tables *t, const char *wanted, size_t *at, struct ll_err *err)
{
	if (wanted) {
		int rc = ds_sheet_find(path, (const char *const *)t->names, t->n, wanted, at, err);
		if (rc != LL_OK) {
			/* the sheets' wording is a workbook's */
			char list[512] = "";
			size_t o = 0;
			for (size_t i = 0; i < t->n && o < sizeof list; i++) {
				int w = snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", t->names[i]);
				o += w > 0 ? (size_t)w : 0;
			}
			return ll_err_set(err, LL_EDATA, "%s: the database has no table or view '%s' (it has: %s)", path,
					  wanted, t->n ? list : "none");
		}
		return LL_OK;
	}
	*at = t->n;
	for (size_t i = 0; i < t->n; i++)
		if (t->rows[i] > 0 &&
		    (*at == t->n || (double)t->rows[i] * t->cols[i] > (double)t->rows[*at] * t->cols[*at]))
			*at = i;
	return LL_OK;
}

/* Shortest text that reads back as v. */
static int put_real(struct ds_text *out, double v)
{
	char buf[40];
	snprintf(buf, sizeof buf, "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, sizeof buf, "%.17g", v);
	return ds_text_field(out, buf, strlen(buf));
}

/* Text as a field: a NUL inside (SQLite keeps them) would end the CSV
 * reader's line, so each is a blank. */
static int put_text(struct ds_text *out, const char *s, size_t n)
{
	if (!memchr(s, 0, n))
		return ds_text_field(out, s, n);
	char *copy = malloc(n ? n : 1);
	if (!copy)
		return 0;
	for (size_t i = 0; i < n; i++)
		copy[i] = s[i] ? s[i] : ' ';
	int ok = ds_text_field(out, copy, n);
	free(copy);
	return ok;
}

static int put_blob(struct ds_text *out, const unsigned char *b, size_t n)
{
	char buf[2 * BLOB_HEX_MAX + 1];
	if (n > BLOB_HEX_MAX) {
		int w = snprintf(buf, sizeof buf, "(%zu bytes)", n);
		return ds_text_put(out, buf, (size_t)w);
	}
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		buf[2 * i] = hex[b[i] >> 4];
		buf[2 * i + 1] = hex[b[i] & 15];
	}
	return ds_text_put(out, buf, 2 * n);
}

static int put_cell(struct ds_text *out, sqlite3_stmt *st, int c)
{
	char buf[32];
	switch (sqlite3_column_type(st, c)) {
	case SQLITE_NULL:
		return 1;
	case SQLITE_INTEGER: {
		int w = snprintf(buf, sizeof buf, "%lld", (long long)sqlite3_column_int64(st, c));
		return ds_text_put(out, buf, (size_t)w);
	}
	case SQLITE_FLOAT:
		return put_real(out, sqlite3_column_double(st, c));
	case SQLITE_BLOB: {
		const void *b = sqlite3_column_blob(st, c);
		return put_blob(out, b, b ? (size_t)sqlite3_column_bytes(st, c) : 0);
	}
	default: {
		const char *s = (const char *)sqlite3_column_text(st, c);
		return !s || put_text(out, s, (size_t)sqlite3_column_bytes(st, c));
	}
	}
}

/* The table's rows as CSV text (header first) into out; *rows counts them. */
static int table_csv(const char *path, sqlite3 *db, const char *name, struct ds_text *out, size_t *rows,
		     struct ll_err *err)
{
	*rows = 0;
	char *q = quoted(name);
	char *sql = q ? sqlite3_mprintf("SELECT * FROM %s", q) : NULL;
	free(q);
	if (!sql)
		return oom(path, err);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	sqlite3_free(sql);
	char doing[300];
	snprintf(doing, sizeof doing, "reading '%s'", name);
	if (rc != SQLITE_OK)
		return db_error(path, db, doing, err);
	int r = LL_OK, ncol = sqlite3_column_count(st);
	for (int c = 0; c < ncol && r == LL_OK; c++) {
		const char *cn = sqlite3_column_name(st, c);
		if ((c && !ds_text_put(out, ",", 1)) || !ds_text_field(out, cn ? cn : "", cn ? strlen(cn) : 0))
			r = oom(path, err);
	}
	if (r == LL_OK && !ds_text_put(out, "\n", 1))
		r = oom(path, err);
	while (r == LL_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t at = out->n;
		for (int c = 0; c < ncol && r == LL_OK; c++)
			if ((c && !ds_text_put(out, ",", 1)) || !put_cell(out, st, c))
				r = oom(path, err);
		/* a row of one empty cell would be a blank line, which is no row */
		if (r == LL_OK && out->n == at && !ds_text_put(out, "\"\"", 2))
			r = oom(path, err);
		if (r == LL_OK && !ds_text_put(out, "\n", 1))
			r = oom(path, err);
		if (r == LL_OK && ++*rows % CHECK_ROWS == 0) {
			/* the text, then the table the CSV reader makes of it */
			char what[400];
			snprintf(what, sizeof what, "%s: table '%s' (%zu rows read so far)", path, name, *rows);
			r = ll_mem_check(3.0 * (double)out->n, what, err);
		}
	}
	if (r == LL_OK && rc != SQLITE_DONE)
		r = db_error(path, db, doing, err);
	sqlite3_finalize(st);
	return r;
}

/* "logs (12 rows), meta (1 row), v (a view)" of the tables but skip. */
static void others_text(const struct tables *t, size_t skip, char *buf, size_t cap)
{
	size_t o = 0;
	buf[0] = 0;
	for (size_t i = 0; i < t->n && o < cap; i++) {
		if (i == skip)
			continue;
		int w = t->why[i] ? snprintf(buf + o, cap - o, "%s%s (%s)", o ? ", " : "", t->names[i], t->why[i])
				  : snprintf(buf + o, cap - o, "%s%s (%lld row%s)", o ? ", " : "", t->names[i],
					     t->rows[i], t->rows[i] == 1 ? "" : "s");
		o += w > 0 ? (size_t)w : cap;
	}
	if (o >= cap && cap > 4)
		memcpy(buf + cap - 4, "...", 4);
}

static int none_error(const char *path, const struct tables *t, const char *wanted, struct ll_err *err)
{
	if (!t->n)
		return ll_err_set(err, LL_EDATA, "%s: an SQLite database without tables", path);
	char list[512];
	others_text(t, t->n, list, sizeof list);
	if (wanted)
		return ll_err_set(err, LL_EDATA, "%s: table '%s' holds no rows", path, wanted);
	return ll_err_set(err, LL_EDATA, "%s: the database's tables hold no rows: %s", path, list);
}

static int sqlite_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		       struct ll_err *err)
{
	*out = NULL;
	const char *wanted = opts->sheet && *opts->sheet ? opts->sheet : NULL;
	sqlite3 *db;
	int rc = open_db(src, &db, err);
	if (rc != LL_OK)
		return rc;
	struct tables t = {0};
	struct ds_text csv = {0};
	size_t at = 0, rows = 0;
	rc = list_tables(src->path, db, &t, err);
	if (rc == LL_OK)
		rc = choose(src->path, &t, wanted, &at, err);
	if (rc == LL_OK && at == t.n)
		rc = none_error(src->path, &t, NULL, err);
	if (rc == LL_OK && t.why[at] && strcmp(t.why[at], "a view") != 0)
		rc = ll_err_set(err, LL_EDATA, "%s: table '%s' cannot be read: %s", src->path, t.names[at], t.why[at]);
	if (rc == LL_OK)
		rc = table_csv(src->path, db, t.names[at], &csv, &rows, err);
	sqlite3_close(db);
	if (rc == LL_OK && !rows)
		rc = none_error(src->path, &t, t.names[at], err);
	if (rc == LL_OK)
		rc = ds_text_load(src, opts, "csv", csv.p, csv.n, 0, out, err);
	if (rc == LL_OK) {
		char others[512];
		others_text(&t, at, others, sizeof others);
		int nr = t.n > 1 ? ll_table_note(*out,
						 "%s: table '%s' of %zu (%zu row%s); not read: %s (--format sqlite:table=NAME "
						 "reads another)",
						 src->path, t.names[at], t.n, rows, rows == 1 ? "" : "s", others)
				 : ll_table_note(*out, "%s: table '%s' (%zu row%s)", src->path, t.names[at], rows,
						 rows == 1 ? "" : "s");
		if (nr != LL_OK) {
			ll_table_free(*out);
			*out = NULL;
			rc = oom(src->path, err);
		}
	}
	free(csv.p);
	tables_free(&t);
	return rc;
}

static int sqlite_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	return n >= sizeof MAGIC && memcmp(head, MAGIC, sizeof MAGIC) == 0 ? 95 : 0;
}

#else

/* Without libsqlite3 a database is named as binary data (ds_binary.c),
 * with the sqlite3 command that exports a table. */
static int sqlite_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		       struct ll_err *err)
{
	(void)opts;
	*out = NULL;
	return ll_err_set(err, LL_EDATA, "%s: an SQLite database, and this loglab was built without libsqlite3 "
			  "(libsqlite3-dev)", src->path);
}

static int sqlite_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	(void)head;
	(void)n;
	return 0;
}

#endif

const struct ds_reader ds_sqlite_reader = {
	.name = "sqlite",
	.summary = "SQLite database: the table with the most values (sqlite:table=NAME another, or a view), read as its "
		   "CSV export would be",
	.sniff = sqlite_sniff,
	.load = sqlite_load,
	.line = NULL,
};
