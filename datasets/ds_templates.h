/*
 * ds_templates.h - log templates of a dataset: every row's message mined
 * with the template miner (core/ll_tpl.h), so rows can be grouped, counted
 * and labelled by template.
 *
 * The text mined is the format's message field for log formats (the part
 * after the timestamp/host/level header, which the reader or the inferred
 * header cut off) and the whole row text for tables. Mining is
 * deterministic: the same dataset and configuration give the same template
 * ids, run after run and whatever the number of threads, so ids printed by
 * one command can be used by the next.
 */
#ifndef DS_TEMPLATES_H
#define DS_TEMPLATES_H

#include <stddef.h>

#include "ds_dataset.h"
#include "ll_err.h"
#include "ll_tpl.h"

struct ds_templates {
	struct ll_tpl *tpl;
	long *ids;     /* template id of each row */
	size_t nrows;
};

/* Column whose text is mined, or -1 for the whole row text: a line
 * format's message, a table's column named as a message
 * (ll_recipe_named_message_column), else the row. */
int ds_templates_text_column(const struct ds_dataset *ds);

/* Mines every row (waiting for the row count to be complete), on all cores
 * when the rows can be read in parallel (a text column). cfg NULL means
 * ll_tpl_config_default. progress (optional) is called now and then with
 * rows done; a non-zero return cancels with LL_ECANCEL. */
int ds_templates_mine(struct ds_dataset *ds, const struct ll_tpl_config *cfg, struct ds_templates **out,
		      int (*progress)(void *ctx, size_t done, size_t total), void *ctx, struct ll_err *err);
void ds_templates_free(struct ds_templates *t);

#endif
