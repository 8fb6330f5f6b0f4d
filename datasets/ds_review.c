/*
 * ds_review.c - reader and writer of DATA.review, the review-decision
 * store (format in ds_review.h). Appends go to the file under its lock in
 * one write and an fdatasync, so a decision survives a crash right after
 * it is taken and two reviewers never interleave; the whole-file save is
 * for rewriting a store atomically.
 */
#include "ds_review.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ds_fleet.h"
#include "ds_labels.h"
#include "ds_remote.h"
#include "ds_runs.h"
#include "ll_fileio.h"
#include "ll_journal.h"

#define REVIEW_PREFIX "# loglab review decisions v"
#define REVIEW_HEADER REVIEW_PREFIX "2: time user row hash decision run class crc\n"
#define LOCK_TIMEOUT_MS 15000

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

static int add_warning(struct ds_review *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int add_warning(struct ds_review *s, const char *fmt, ...)
{
	char msg[LL_ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	char **w = realloc(s->warnings, (s->nwarnings + 1) * sizeof *w);
	if (!w)
		return LL_ENOMEM;
	s->warnings = w;
	if (!(w[s->nwarnings] = strdup(msg)))
		return LL_ENOMEM;
	s->nwarnings++;
	return LL_OK;
}

/* Parses one data line (modified in place) into s. A line that is no
 * decision gets its reason in *why (nothing added). version 2 lines end in
 * their CRC; version 1 lines have none. */
static int parse_line(struct ds_review *s, char *line, int version, const char **why, char *whybuf, size_t cap)
{
	size_t len = strlen(line), tabs = 0;
	for (size_t i = 0; i < len; i++)
		tabs += line[i] == '\t';
	if (tabs == 7) {
		/* eight fields: the last is the CRC of the line before it */
		char *end;
		unsigned long crc = strtoul(line + len - 8, &end, 16);
		if (len < 9 || line[len - 9] != '\t' || end != line + len || ll_crc32(line, len - 8) != (uint32_t)crc) {
			*why = "checksum mismatch";
			return LL_EDATA;
		}
		line[len - 9] = '\0';
	} else if (version >= 2) {
		*why = tabs < 7 ? "no checksum (a torn or cut line)" : "more than 8 tab-separated fields";
		return LL_EDATA;
	}
	char *f[7] = {0};
	int nf = 0;
	for (char *p = line;;) {
		if (nf == 7) {
			*why = "more than 7 tab-separated fields";
			return LL_EDATA;
		}
		f[nf++] = p;
		char *tab = strchr(p, '\t');
		if (!tab)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	if (nf < 5) {
		snprintf(whybuf, cap, "expected TIME USER ROW HASH DECISION [RUN [CLASS]], got %d field%s", nf,
			 nf == 1 ? "" : "s");
		*why = whybuf;
		return LL_EDATA;
	}
	char *end;
	errno = 0;
	unsigned long long row = strtoull(f[2], &end, 10);
	if (!*f[2] || *end || f[2][0] == '-' || errno || row == 0 || row > SIZE_MAX) {
		snprintf(whybuf, cap, "row '%.40s' is not a 1-based row number", f[2]);
		*why = whybuf;
		return LL_EDATA;
	}
	errno = 0;
	unsigned long h = strtoul(f[3], &end, 16);
	if (!*f[3] || *end || f[3][0] == '-' || errno || h > UINT32_MAX) {
		snprintf(whybuf, cap, "hash '%.40s' is not 8 hex digits", f[3]);
		*why = whybuf;
		return LL_EDATA;
	}
	int confirm;
	if (strcmp(f[4], "confirm") == 0) {
		confirm = 1;
	} else if (strcmp(f[4], "dismiss") == 0) {
		confirm = 0;
	} else {
		snprintf(whybuf, cap, "decision '%.40s' is neither confirm nor dismiss", f[4]);
		*why = whybuf;
		return LL_EDATA;
	}
	if (store_add(s, f[0], f[1], (size_t)row - 1, (uint32_t)h, confirm, f[5], f[6]) != LL_OK)
		return LL_ENOMEM;
	return LL_OK;
}

/* Loads the text of a store into s, skipping (and noting) what is no decision. */
static int load_text(struct ds_review *s, char *text, size_t len, struct ll_err *err)
{
	size_t lineno = 0;
	int version = strncmp(text, REVIEW_PREFIX, strlen(REVIEW_PREFIX)) == 0 ? atoi(text + strlen(REVIEW_PREFIX)) : 1;
	for (char *line = text; line && line < text + len;) {
		char *nl = memchr(line, '\n', (size_t)(text + len - line));
		if (nl)
			*nl = '\0';
		lineno++;
		size_t ll = strlen(line);
		if (ll && line[ll - 1] == '\r')
			line[--ll] = '\0';
		const char *why = NULL;
		char whybuf[160];
		int rc = LL_OK;
		/* comments and blank lines carry no decision */
		if (line[0] == '#' || line[0] == '\0')
			;
		else if (!nl)
			why = "torn last line (its writer stopped mid-write)";
		else
			rc = parse_line(s, line, version, &why, whybuf, sizeof whybuf);
		if (rc == LL_ENOMEM)
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		if (why && add_warning(s, "%s:%zu: skipped damaged review decision: %s", s->path, lineno, why) != LL_OK)
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		line = nl ? nl + 1 : NULL;
	}
	return LL_OK;
}

static struct ds_review *store_new(const char *path)
{
	struct ds_review *s = calloc(1, sizeof *s);
	if (s && !(s->path = strdup(path))) {
		free(s);
		s = NULL;
	}
	return s;
}

int ds_review_load_file(const char *path, struct ds_review **out, struct ll_err *err)
{
	*out = NULL;
	struct ds_review *s = store_new(path);
	if (!s)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
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
	int rc = text ? load_text(s, text, len, err) : LL_OK;
	free(text);
	if (rc != LL_OK) {
		ds_review_free(s);
		return rc;
	}
	*out = s;
	return LL_OK;
}

/* A glob or several joined specs name no file to sit beside, and the
 * pattern itself is not a path that exists. The store goes in the deepest
 * folder every spec starts with (so it travels with the data on a shared
 * file system), hidden so no fleet ever takes it for a member, named from
 * the whole spec so two fleets of one folder keep apart. */
static char *fleet_store_path(const char *spec)
{
	size_t n = strlen(spec), lit = strcspn(spec, "*?[\n");
	size_t dir = 0; /* bytes of the common literal folder, with its '/' */
	for (size_t i = 0; i < lit; i++)
		if (spec[i] == '/')
			dir = i + 1;
	/* with several specs, the folder must prefix every one of them */
	for (const char *p = strchr(spec, '\n'); p && dir; p = strchr(p + 1, '\n'))
		while (dir && strncmp(p + 1, spec, dir) != 0) {
			size_t k = dir - 1;
			while (k && spec[k - 1] != '/')
				k--;
			dir = k;
		}
	const size_t keep = 160; /* of the rest, before a hash of it all */
	size_t cap = dir + keep + 48;
	char *out = malloc(cap);
	if (!out)
		return NULL;
	size_t used = dir;
	memcpy(out, spec, dir);
	out[used++] = '.';
	size_t rest = n - dir;
	for (size_t i = 0; i < rest && i < keep; i++) {
		char c = spec[dir + i];
		out[used++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
					      c == '.' || c == '-'
				      ? c
				      : '_';
	}
	/* FNV-1a of the whole spec: sanitised names of different specs may meet */
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)spec[i]) * 16777619u;
	snprintf(out + used, cap - used, "-%08x.review", (unsigned)h);
	return out;
}

char *ds_review_path(const char *dataset_path)
{
	if (ds_is_url(dataset_path)) {
		/* beside the URL's label journal, in the user's data folder */
		char *lab = ds_labels_default_path(dataset_path);
		size_t n = lab ? strlen(lab) : 0;
		if (!lab || n < sizeof ".labels" - 1)
			return lab;
		char *p = realloc(lab, n + 2);
		if (!p) {
			free(lab);
			return NULL;
		}
		memcpy(p + n - (sizeof ".labels" - 1), ".review", sizeof ".review");
		return p;
	}
	struct stat st;
	if (ds_fleet_is_spec(dataset_path) && stat(dataset_path, &st) != 0)
		return fleet_store_path(dataset_path);
	size_t n = strlen(dataset_path) + 8;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s.review", dataset_path);
	return p;
}

int ds_review_load(const char *dataset_path, struct ds_review **out, struct ll_err *err)
{
	char *p = ds_review_path(dataset_path);
	if (!p) {
		*out = NULL;
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
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
	for (size_t i = 0; i < s->nwarnings; i++)
		free(s->warnings[i]);
	free(s->warnings);
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

/* One decision as a version 2 line, CRC included; -1 without memory. */
static int print_entry(FILE *f, const struct ds_review_entry *e)
{
	char *line;
	int n = asprintf(&line, "%s\t%s\t%zu\t%08x\t%s\t%s\t%s\t", e->time, e->user, e->row + 1, (unsigned)e->hash,
			 e->confirm ? "confirm" : "dismiss", e->run, e->cls);
	if (n < 0)
		return -1;
	fprintf(f, "%s%08x\n", line, ll_crc32(line, (size_t)n));
	free(line);
	return 0;
}

/* Entries e[0, n) as version 2 text; caller frees. */
static char *store_text(const struct ds_review_entry *e, size_t n, size_t *len, int header)
{
	char *buf = NULL;
	FILE *m = open_memstream(&buf, len);
	if (!m)
		return NULL;
	if (header)
		fputs(REVIEW_HEADER, m);
	int bad = 0;
	for (size_t i = 0; i < n; i++)
		bad |= print_entry(m, &e[i]);
	if (fclose(m) != 0 || bad) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Under the lock: a header for a new file, version 1 converted. */
static int prepare_locked(struct ds_review *s, int *fd, struct ll_err *err)
{
	char head[64] = "";
	ssize_t got = pread(*fd, head, sizeof head - 1, 0);
	if (got < 0)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot read", s->path);
	head[got] = '\0';
	if (got == 0) {
		off_t end;
		if (ll_append_durable(*fd, REVIEW_HEADER, strlen(REVIEW_HEADER), &end) != 0)
			return ll_err_errno(err, LL_EIO, errno, "%s: write failed", s->path);
		return LL_OK;
	}
	if (strncmp(head, REVIEW_PREFIX, strlen(REVIEW_PREFIX)) == 0 && atoi(head + strlen(REVIEW_PREFIX)) >= 2)
		return LL_OK;
	/* version 1: reread under the lock, rewrite with checksums */
	struct ds_review *now = NULL;
	int rc = ds_review_load_file(s->path, &now, err);
	if (rc != LL_OK)
		return rc;
	size_t len = 0;
	char *text = store_text(now->e, now->n, &len, 1);
	ds_review_free(now);
	if (!text)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int nfd;
	rc = ll_replace_locked(s->path, text, len, &nfd, err);
	free(text);
	if (rc == LL_OK) {
		close(*fd);
		*fd = nfd;
	}
	return rc;
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
	size_t len = 0;
	char *text = store_text(s->e + first, s->n - first, &len, 0);
	int fd = -1, rc = text ? LL_OK : ll_err_set(err, LL_ENOMEM, "out of memory");
	if (rc == LL_OK)
		rc = ll_lock_file(&fd, s->path, O_RDWR | O_APPEND | O_CREAT, LOCK_TIMEOUT_MS, NULL, err);
	if (rc == LL_OK)
		rc = prepare_locked(s, &fd, err);
	off_t end;
	if (rc == LL_OK && ll_append_durable(fd, text, len, &end) != 0)
		rc = ll_err_errno(err, LL_EIO, errno, "%s: write failed", s->path);
	if (fd >= 0) {
		ll_unlock_file(fd);
		close(fd);
	}
	free(text);
	if (rc != LL_OK)
		while (s->n > first)
			entry_free(&s->e[--s->n]);
	return rc;
}

int ds_review_save(const struct ds_review *s, struct ll_err *err)
{
	size_t len = 0;
	char *buf = store_text(s->e, s->n, &len, 1);
	if (!buf)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int rc = ds_write_text(s->path, buf, len, err);
	free(buf);
	return rc;
}
