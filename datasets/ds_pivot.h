/*
 * ds_pivot.h - "long" tables turned wide: one row per time, one column per
 * metric and entity.
 *
 * Monitoring tools often write one row per time AND entity: sar -P ALL a
 * row per CPU, sar -n DEV one per interface, Telegraf one per measurement
 * and tag set, Prometheus-style exports "time,host,metric,value". Read as
 * they are, every later stage mixes the entities: a resampled mean of
 * %idle is the mean over the CPUs and the total, a window of rows spans
 * CPUs instead of time. An entity key is a set of columns (text, or
 * integer ids) with few values, which, with the time, tells the rows
 * apart: within one time stamp no two rows share it, and most times hold
 * most of its values. Such a table is pivoted: a row per time, and each
 * other number column becomes one column per entity, named
 * "column.entity" ("%idle.cpu0", "value.web1.load1").
 */
#ifndef DS_PIVOT_H
#define DS_PIVOT_H

#include <stddef.h>

#include "ll_err.h"
#include "ll_table.h"

/* Up to this many columns make an entity key, with at most this many
 * distinct values in all; a key the detection would need more of is no
 * entity key. */
#define DS_PIVOT_MAX_KEY_COLS 4
#define DS_PIVOT_MAX_ENTITIES 16384

/* Finds the entity key of t: 1 and the key's columns in key[0..*nkey)
 * (at most DS_PIVOT_MAX_KEY_COLS), in the table's order, when t
 * is a long table over its first time column; 0 when it is not (no time
 * column, times that do not repeat, no key that tells the rows of a time
 * apart, too sparse a grid, or a text column that names nearly every row:
 * a table of records such as jobs, not of entities sampled over time); LL_ENOMEM. Reads at most the first
 * `sample` rows (0: all). relaxed: any table whose times repeat is long
 * when a key tells the rows of a time apart (one table of several joined
 * on the time, whose repeated times the join could not keep otherwise). */
int ds_pivot_detect(const struct ll_table *t, size_t sample, int relaxed, size_t *key, size_t *nkey);

/* Whether the entities of key (ds_pivot_detect's) are the same in every
 * sample: 1 when each time of t holds each entity once, all of them (the
 * last time some: a capture cut short); 0 when entities come and go (processes starting and ending), a time holds
 * one twice, or there are fewer than two times; LL_ENOMEM. *nentities
 * gets how many entities t holds. A reader of repeated reports pivots
 * steady entities (a machine's CPUs, disks, interfaces) only: processes
 * coming and going would each make columns empty most of the time. */
int ds_pivot_steady(const struct ll_table *t, const size_t *key, size_t nkey, size_t *nentities);

/* Pivots t on the key columns: *out gets a row per distinct time (sorted,
 * rows without a time left out), the time column, then for each other
 * column in order: one column per entity with a value, or one column for
 * a column of the time, not of the entities (a host name, a report's
 * interval): one that holds one value across the entities of every time
 * and, when single is not NULL, has single[c] set. The first labelled row of a time labels its
 * row. With note, a note names the key, the entities and the row counts
 * (and rows that repeat a time and entity, the first of which is kept). */
int ds_pivot(const struct ll_table *t, const size_t *key, size_t nkey, const char *single, const char *path, int note,
	     struct ll_table **out, struct ll_err *err);

/* Detects and pivots in one step: *t is replaced by its pivot when it is a
 * long table (the old one freed), left alone otherwise. */
int ds_pivot_long(struct ll_table **t, const char *path, struct ll_err *err);

/* The user's choice: entity NULL or "" detects (ds_pivot_long), "none"
 * keeps the table as it is, else a comma-separated list of the key's
 * column names pivots on them (LL_EUSAGE naming a column t does not have).
 * For a dataset key "entity" (see bench/UNSEEN_TABLES.md). */
int ds_pivot_apply(struct ll_table **t, const char *entity, const char *path, struct ll_err *err);

/* A reader's load, then ds_pivot_apply: rc is the load's status; on a
 * failure of either *t is freed and NULL. */
int ds_pivot_loaded(int rc, struct ll_table **t, const char *entity, const char *path, struct ll_err *err);

#endif
