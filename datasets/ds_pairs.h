/*
 * ds_pairs.h - text columns whose every value is two quantities "A / B"
 * (a usage and its limit, bytes in and out), as docker stats writes them
 * in its JSON and its --format tables ("MemUsage": "47.31MiB / 50MiB",
 * "NetIO": "116MB / 114MB"), made two number columns, as the aligned
 * reader makes them of the same cells under "MEM USAGE / LIMIT".
 */
#ifndef DS_PAIRS_H
#define DS_PAIRS_H

#include "ll_table.h"

/* Splits every such column of t (not its label column; a table with
 * labelled segments, whose dimensions are column numbers, is left alone):
 * a text column with a value on two rows or more, every value two numbers
 * (a unit after each allowed, "12.5MiB", "796 KB") apart by " / ", or two
 * missing marks ("-- / --", a container still starting). The two columns,
 * named by dsa_pair_names ("MemUsage" and "MemUsage_2"), replace it at
 * the end of the table; a note names them. LL_OK or LL_ENOMEM. */
int ds_pairs_split(struct ll_table *t, const char *path);

/* For a reader's load: rc when it is not LL_OK, else ds_pairs_split's
 * result; the table is freed (*t NULL) on any failure, err set on one of
 * ds_pairs_split's. */
int ds_pairs_loaded(int rc, struct ll_table **t, const char *path, struct ll_err *err);

#endif
