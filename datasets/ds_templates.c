/*
 * ds_templates.c - mining a dataset's rows into templates.
 *
 * Rows of a text column are handed to the miner as spans of the dataset's
 * own memory (ds_dataset_text_span: no copy, safe from several threads),
 * so a large log is mined on every core; a table's whole-row text has to
 * be formatted first and is mined one row at a time.
 */
#include "ds_templates.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int ds_templates_text_column(const struct ds_dataset *ds)
{
	const struct ds_reader *r = ds_dataset_reader(ds);
	if (!r->line || !ds_dataset_is_lines(ds))
		return -1;
	/* Line tables are "line" followed by the format's fields. */
	int col = r->line->message_field + 1;
	return (size_t)col < ds_dataset_ncols(ds) ? col : -1;
}

void ds_templates_free(struct ds_templates *t)
{
	if (!t)
		return;
	ll_tpl_free(t->tpl);
	free(t->ids);
	free(t);
}

/* A large plain log's rows are read with pread into a window of its own
 * per mining thread, not through the file's mapping: on the virtual
 * machines of issue 18 the first touch of each page of a mapping costs
 * several times a copy (1 GiB touched through a fresh mapping: 0.96 s;
 * read with pread: 0.12-0.19 s), and mining reads every line once.
 * Tables, logs held in memory (gzip) and a file that is no longer the one
 * mapped are read in place. */
#define WINDOW_BYTES ((size_t)1 << 20)

struct window {
	char *buf;
	size_t cap;
	uint64_t off, len; /* bytes [off, off + len) of the data are in buf */
};

struct span_ctx {
	const struct ds_dataset *ds;
	size_t col;
	const struct ds_lineindex *ix;
	int fd;        /* -1: read in place */
	uint64_t base; /* the file offset of the data's first byte */
	uint64_t size; /* bytes of data */
	struct window w[LL_TPL_MAX_THREADS];
};

static void span_open(struct span_ctx *c)
{
	c->fd = -1;
	const struct ds_source *src = ds_dataset_source(c->ds);
	c->ix = ds_dataset_lineindex(c->ds);
	if (!c->ix || !src || !ds_source_file_offset(src, &c->base))
		return;
	int fd = open(src->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != src->file_size ||
	    (long long)st.st_mtime != src->mtime) {
		close(fd);
		return;
	}
	c->fd = fd;
	c->size = src->size;
}

static void span_close(struct span_ctx *c)
{
	if (c->fd >= 0)
		close(c->fd);
	for (int k = 0; k < LL_TPL_MAX_THREADS; k++)
		free(c->w[k].buf);
}

/* Bytes [b, e) of the data into w, from b on up to a window's worth; 0
 * when they cannot be read (then the caller reads in place). */
static int fill(const struct span_ctx *c, struct window *w, uint64_t b, uint64_t e)
{
	uint64_t want = e - b > WINDOW_BYTES ? e - b : WINDOW_BYTES;
	if (want > c->size - b)
		want = c->size - b;
	if (want > w->cap) {
		char *p = realloc(w->buf, (size_t)want);
		if (!p)
			return 0;
		w->buf = p;
		w->cap = (size_t)want;
	}
	w->len = 0;
	for (uint64_t got = 0; got < want;) {
		ssize_t r = pread(c->fd, w->buf + got, (size_t)(want - got), (off_t)(c->base + b + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		got += (uint64_t)r;
	}
	w->off = b;
	w->len = want;
	return 1;
}

static int row_span(void *ctx, int worker, size_t i, const char **s, size_t *len)
{
	struct span_ctx *c = ctx;
	uint64_t b, e;
	if (c->fd >= 0 && ds_lineindex_range(c->ix, i, &b, &e) && e <= c->size) {
		struct window *w = &c->w[worker];
		if ((b >= w->off && e <= w->off + w->len) || fill(c, w, b, e)) {
			if (!ds_dataset_line_span(c->ds, w->buf + (b - w->off), (size_t)(e - b), c->col, s, len)) {
				*s = NULL;
				*len = 0;
			}
			return 0;
		}
	}
	if (!ds_dataset_text_span(c->ds, i, c->col, s, len)) {
		*s = NULL;
		*len = 0;
	}
	return 0;
}

/* The whole-row text of each row, one at a time. */
static int mine_rows(struct ds_dataset *ds, struct ds_templates *t, int (*progress)(void *, size_t, size_t),
		     void *ctx, struct ll_err *err)
{
	size_t cap = 8192;
	char *buf = malloc(cap);
	if (!buf)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory mining templates", ds_dataset_path(ds));
	int rc = LL_OK;
	for (size_t i = 0; i < t->nrows && rc == LL_OK; i++) {
		/* the miner looks at a bounded prefix of a line; so does this buffer */
		size_t n = ds_dataset_row_text(ds, i, buf, cap);
		if (n >= cap)
			n = cap - 1;
		long k = ll_tpl_add(t->tpl, buf, n);
		if (k < 0)
			rc = ll_err_set(err, LL_ENOMEM, "%s: row %zu: out of memory mining templates", ds_dataset_path(ds),
					i + 1);
		t->ids[i] = k;
		if (rc == LL_OK && progress && (i & 0xffff) == 0 && progress(ctx, i, t->nrows))
			rc = ll_err_set(err, LL_ECANCEL, "template mining cancelled");
	}
	free(buf);
	if (rc == LL_OK)
		rc = ll_tpl_finish(t->tpl, err);
	for (size_t i = 0; rc == LL_OK && i < t->nrows; i++)
		t->ids[i] = ll_tpl_template_of(t->tpl, t->ids[i]);
	return rc;
}

int ds_templates_mine(struct ds_dataset *ds, const struct ll_tpl_config *cfg, struct ds_templates **out,
		      int (*progress)(void *ctx, size_t done, size_t total), void *ctx, struct ll_err *err)
{
	*out = NULL;
	/* the rows, not the label counts: counting splits every line once more
	 * on a thread of its own, two seconds a GiB that mining need not wait for */
	while (!ds_dataset_rows_final(ds)) {
		struct timespec ts = {0, 2 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	int st = ds_dataset_status(ds, err);
	if (st != LL_OK)
		return st;
	struct ll_tpl_config def;
	if (!cfg) {
		ll_tpl_config_default(&def);
		cfg = &def;
	}
	struct ds_templates *t = calloc(1, sizeof *t);
	if (!t)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int rc = ll_tpl_new(cfg, &t->tpl, err);
	if (rc != LL_OK) {
		free(t);
		return rc;
	}
	t->nrows = ds_dataset_nrows(ds);
	t->ids = malloc((t->nrows ? t->nrows : 1) * sizeof *t->ids);
	if (!t->ids) {
		ds_templates_free(t);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory mining templates", ds_dataset_path(ds));
	}
	int col = ds_templates_text_column(ds);
	const char *probe;
	size_t plen;
	if (col >= 0 && (t->nrows == 0 || ds_dataset_text_span(ds, 0, (size_t)col, &probe, &plen))) {
		struct span_ctx *sc = calloc(1, sizeof *sc);
		if (!sc) {
			ds_templates_free(t);
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory mining templates", ds_dataset_path(ds));
		}
		sc->ds = ds;
		sc->col = (size_t)col;
		span_open(sc);
		rc = ll_tpl_mine(t->tpl, t->nrows, row_span, sc, t->ids, progress, ctx, err);
		span_close(sc);
		free(sc);
		if (rc != LL_OK && rc != LL_ECANCEL)
			rc = ll_err_set(err, rc, "%s: %s", ds_dataset_path(ds), err->msg);
	} else {
		rc = mine_rows(ds, t, progress, ctx, err);
	}
	if (rc != LL_OK) {
		ds_templates_free(t);
		return rc;
	}
	*out = t;
	return LL_OK;
}
