/*
 * ds_templates.c - mining a dataset's rows into templates.
 */
#include "ds_templates.h"

#include <stdlib.h>
#include <time.h>

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
	ll_drain_free(t->drain);
	free(t->ids);
	free(t);
}

int ds_templates_mine(struct ds_dataset *ds, const struct ll_drain_config *cfg, struct ds_templates **out,
		      int (*progress)(void *ctx, size_t done, size_t total), void *ctx, struct ll_err *err)
{
	*out = NULL;
	while (!ds_dataset_complete(ds)) {
		struct timespec ts = {0, 2 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	struct ll_drain_config def;
	if (!cfg) {
		ll_drain_config_default(&def);
		cfg = &def;
	}
	struct ds_templates *t = calloc(1, sizeof *t);
	if (!t)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int rc = ll_drain_new(cfg, &t->drain, err);
	if (rc != LL_OK) {
		free(t);
		return rc;
	}
	t->nrows = ds_dataset_nrows(ds);
	t->ids = malloc((t->nrows ? t->nrows : 1) * sizeof *t->ids);
	size_t cap = 8192;
	char *buf = malloc(cap);
	if (!t->ids || !buf) {
		free(buf);
		ds_templates_free(t);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory mining templates", ds_dataset_path(ds));
	}
	int col = ds_templates_text_column(ds);
	for (size_t i = 0; i < t->nrows; i++) {
		/* The miner looks at a bounded prefix of a line; so does this buffer. */
		size_t n = col >= 0 ? ds_dataset_cell(ds, i, (size_t)col, buf, cap)
				    : ds_dataset_row_text(ds, i, buf, cap);
		if (n >= cap)
			n = cap - 1;
		rc = ll_drain_add(t->drain, buf, n, &t->ids[i]);
		if (rc != LL_OK) {
			ll_err_set(err, rc, "%s: line %zu: template mining failed (%s)", ds_dataset_path(ds), i + 1,
				   ll_status_name(rc));
			break;
		}
		if (progress && (i & 0xffff) == 0 && progress(ctx, i, t->nrows)) {
			rc = ll_err_set(err, LL_ECANCEL, "template mining cancelled");
			break;
		}
	}
	free(buf);
	if (rc != LL_OK) {
		ds_templates_free(t);
		return rc;
	}
	*out = t;
	return LL_OK;
}
