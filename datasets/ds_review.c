/*
 * ds_review.c - reader and writer of DATA.review, the review-decision
 * store (format in ds_review.h). Appends go straight to the file with an
 * fsync, so a decision survives a crash right after it is taken; the
 * whole-file save is for rewriting a store atomically.
 */
#include "ds_review.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ds_runs.h"
#include "ll_journal.h"

#define REVIEW_HEADER "# loglab review decisions v1: time user row hash decision run class\n"

static void entry_free(struct ds_review_entry *e)
{
	free(e->user);
	free(e->run);
	free(e->cls);
}

/* Adds an entry owning copies of user, run and cls. */
static int store_add(struct ds_review *s, const char *time, const char *user, size_t row, uint32_t hash,
		     int confirm, const char *run, const char *cls)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		struct ds_review_entry *p = realloc(s->e, cap * sizeof *p);
		if (!p)
			return LL_ENOMEM;
		s->e = p;
		s->cap = cap;
	}
	struct ds_review_entry *e = &s->e[s->n];
	memset(e, 0, sizeof *e);
	snprintf(e->time, sizeof e->time, "%s", time);
	e->row = row;
	e->hash = hash;
	e->confirm = confirm;
	e->user = strdup(user);
	e->run = strdup(run ? run : "");
	e->cls = strdup(cls ? cls : "");
	if (!e->user || !e->run || !e->cls) {
		entry_free(e);
		return LL_ENOMEM;
	}
	s->n++;
	return LL_OK;
}

/* Parses one data line (modified in place) into s; LL_EDATA when malformed. */
static int parse_line(struct ds_review *s, char *line, size_t lineno, struct ll_err *err)
{
	char *f[7] = {0};
	int nf = 0;
	for (char *p = line;;) {
		if (nf == 7)
			return ll_err_set(err, LL_EDATA, "%s:%zu: more than 7 tab-separated fields", s->path, lineno);
		f[nf++] = p;
		char *tab = strchr(p, '\t');
		if (!tab)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	if (nf < 5)
		return ll_err_set(err, LL_EDATA, "%s:%zu: expected TIME USER ROW HASH DECISION [RUN [CLASS]], got %d field%s",
				  s->path, lineno, nf, nf == 1 ? "" : "s");
	char *end;
	errno = 0;
	unsigned long long row = strtoull(f[2], &end, 10);
	if (!*f[2] || *end || f[2][0] == '-' || errno || row == 0 || row > SIZE_MAX)
		return ll_err_set(err, LL_EDATA, "%s:%zu: row '%s' is not a 1-based row number", s->path, lineno, f[2]);
	errno = 0;
	unsigned long h = strtoul(f[3], &end, 16);
	if (!*f[3] || *end || f[3][0] == '-' || errno || h > UINT32_MAX)
		return ll_err_set(err, LL_EDATA, "%s:%zu: hash '%s' is not 8 hex digits", s->path, lineno, f[3]);
	int confirm;
	if (strcmp(f[4], "confirm") == 0)
		confirm = 1;
	else if (strcmp(f[4], "dismiss") == 0)
		confirm = 0;
	else
		return ll_err_set(err, LL_EDATA, "%s:%zu: decision '%s' is neither confirm nor dismiss", s->path,
				  lineno, f[4]);
	if (store_add(s, f[0], f[1], (size_t)row - 1, (uint32_t)h, confirm, f[5], f[6]) != LL_OK)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	return LL_OK;
}

int ds_review_load_file(const char *path, struct ds_review **out, struct ll_err *err)
{
	*out = NULL;
	struct ds_review *s = calloc(1, sizeof *s);
	if (!s || !(s->path = strdup(path))) {
		free(s);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	char *text = NULL;
	size_t len = 0;
	if (access(path, F_OK) == 0) {
		int rc = ds_read_text(path, &text, &len, err);
		if (rc != LL_OK) {
			ds_review_free(s);
			return rc;
		}
	} else if (errno != ENOENT) {
		int rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot read", path);
		ds_review_free(s);
		return rc;
	}
	size_t lineno = 0;
	int rc = LL_OK;
	for (char *line = text; rc == LL_OK && line && line < text + len;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		size_t ll = strlen(line);
		if (ll && line[ll - 1] == '\r')
			line[--ll] = '\0';
		/* comments and blank lines carry no decision */
		if (line[0] != '#' && line[0] != '\0')
			rc = parse_line(s, line, lineno, err);
		line = nl ? nl + 1 : NULL;
	}
	free(text);
	if (rc != LL_OK) {
		ds_review_free(s);
		return rc;
	}
	*out = s;
	return LL_OK;
}

int ds_review_load(const char *dataset_path, struct ds_review **out, struct ll_err *err)
{
	size_t n = strlen(dataset_path) + 8;
	char *p = malloc(n);
	if (!p) {
		*out = NULL;
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	snprintf(p, n, "%s.review", dataset_path);
	int rc = ds_review_load_file(p, out, err);
	free(p);
	return rc;
}

void ds_review_free(struct ds_review *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		entry_free(&s->e[i]);
	free(s->e);
	free(s->path);
	free(s);
}

int ds_review_decided(const struct ds_review *s, size_t row, uint32_t hash)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->e[i].row == row && s->e[i].hash == hash)
			return 1;
	return 0;
}

static void print_entry(FILE *f, const struct ds_review_entry *e)
{
	fprintf(f, "%s\t%s\t%zu\t%08x\t%s\t%s\t%s\n", e->time, e->user, e->row + 1, (unsigned)e->hash,
		e->confirm ? "confirm" : "dismiss", e->run, e->cls);
}

int ds_review_append(struct ds_review *s, const size_t *rows, const uint32_t *hashes, size_t n, int confirm,
		     const char *run, const char *cls, struct ll_err *err)
{
	char ts[32];
	time_t now = time(NULL);
	struct tm tmv;
	gmtime_r(&now, &tmv);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tmv);
	size_t first = s->n;
	for (size_t i = 0; i < n; i++)
		if (store_add(s, ts, ll_journal_default_user(), rows[i], hashes[i], confirm, run, cls) != LL_OK) {
			while (s->n > first)
				entry_free(&s->e[--s->n]);
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		}
	FILE *f = fopen(s->path, "a");
	if (!f) {
		int e = errno;
		while (s->n > first)
			entry_free(&s->e[--s->n]);
		return ll_err_errno(err, LL_EIO, e, "%s: cannot write", s->path);
	}
	if (ftell(f) == 0)
		fputs(REVIEW_HEADER, f);
	for (size_t i = first; i < s->n; i++)
		print_entry(f, &s->e[i]);
	int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
	if (fclose(f) != 0 || bad)
		return ll_err_errno(err, LL_EIO, errno, "%s: write failed", s->path);
	return LL_OK;
}

int ds_review_save(const struct ds_review *s, struct ll_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	fputs(REVIEW_HEADER, m);
	for (size_t i = 0; i < s->n; i++)
		print_entry(m, &s->e[i]);
	if (fclose(m) != 0) {
		free(buf);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	int rc = ds_write_text(s->path, buf, len, err);
	free(buf);
	return rc;
}
