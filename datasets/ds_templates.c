/*
 * ds_templates.c - mining a dataset's rows into templates.
 *
 * Rows of a text column are handed to the miner as spans (safe from
 * several threads), so a large log is mined on every core: a large plain
 * log's lines read with pread into a window per thread (ds_window.h), else
 * the dataset's own memory (ds_dataset_text_span). Mining waits for the
 * rows, not for the label counts. A table's whole-row text has to be
 * formatted first and is mined one row at a time, and so are a fleet's
 * message cells (its rows are no spans threads may share).
 */
#include "ds_templates.h"

#include <stdlib.h>
#include <time.h>

#include "ds_window.h"
#include "ll_recipe.h"

int ds_templates_text_column(const struct ds_dataset *ds)
{
	const struct ds_reader *r = ds_dataset_reader(ds);
	if (!r->line || !ds_dataset_is_lines(ds)) {
		/* a table's message column (JSON logs' "msg"), as a feature set
		 * takes it: the whole row would split a template by its stream
		 * or host; else the row */
		const struct ll_table *t = ds_dataset_table(ds);
		long col = t ? ll_recipe_named_message_column(t, ll_table_label_source(t)) : -1;
		return col >= 0 && (size_t)col < ds_dataset_ncols(ds) ? (int)col : -1;
	}
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

/* A large plain log's rows are read through a window per mining thread
 * (pread, not the mapping: ds_window.h); tables, logs held in memory and
 * a window that cannot read are read in place. */
struct span_ctx {
	const struct ds_dataset *ds;
	size_t col;
	int windows; /* 1: try a window per worker */
	struct ds_window *w[LL_TPL_MAX_THREADS];
	char failed[LL_TPL_MAX_THREADS];
};

static int row_span(void *ctx, int worker, size_t i, const char **s, size_t *len)
{
	struct span_ctx *c = ctx;
	if (c->windows && !c->w[worker] && !c->failed[worker]) {
		c->w[worker] = ds_window_open(ds_dataset_source(c->ds), ds_dataset_lineindex(c->ds));
		c->failed[worker] = !c->w[worker];
	}
	const char *line;
	size_t n;
	int ok = c->w[worker] && ds_window_line(c->w[worker], i, &line, &n) ?
			 ds_dataset_line_span(c->ds, line, n, c->col, s, len) :
			 ds_dataset_text_span(c->ds, i, c->col, s, len);
	if (!ok) {
		*s = NULL;
		*len = 0;
	}
	return 0;
}

/* Each row's text column (col >= 0) or whole-row text, one at a time:
 * the rows of a fleet, whose lines are split with each file's own format,
 * mine their message cells as a single log mines its message spans (and
 * as the TUI's labels view mines every dataset). */
static int mine_rows(struct ds_dataset *ds, int col, struct ds_templates *t, int (*progress)(void *, size_t, size_t),
		     void *ctx, struct ll_err *err)
{
	size_t cap = 8192;
	char *buf = malloc(cap);
	if (!buf)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory mining templates", ds_dataset_path(ds));
	int rc = LL_OK;
	for (size_t i = 0; i < t->nrows && rc == LL_OK; i++) {
		/* the miner looks at a bounded prefix of a line; so does this buffer */
		size_t n = col >= 0 ? ds_dataset_cell(ds, i, (size_t)col, buf, cap) : ds_dataset_row_text(ds, i, buf, cap);
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
		sc->windows = ds_dataset_lineindex(ds) && ds_dataset_source(ds);
		/* the label counter splits every line too: it waits for mining,
		 * rather than take a core from it */
		ds_dataset_hold_counting(ds, 1);
		rc = ll_tpl_mine(t->tpl, t->nrows, row_span, sc, t->ids, progress, ctx, err);
		ds_dataset_hold_counting(ds, 0);
		for (int k = 0; k < LL_TPL_MAX_THREADS; k++)
			ds_window_close(sc->w[k]);
		free(sc);
		if (rc != LL_OK && rc != LL_ECANCEL)
			rc = ll_err_set(err, rc, "%s: %s", ds_dataset_path(ds), err->msg);
	} else {
		rc = mine_rows(ds, col, t, progress, ctx, err);
	}
	if (rc != LL_OK) {
		ds_templates_free(t);
		return rc;
	}
	*out = t;
	return LL_OK;
}
