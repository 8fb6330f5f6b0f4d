/*
 * cli_info_fleet.c - the per-file part of `loglab info DIR` (or a glob):
 * one line per file of the fleet - host, rows, rows labelled (each file's
 * own journal replayed, else the labels its lines carry), format, lines
 * that did not fit, time range - and
 * a total line; the same as JSON.
 *
 * Figures come from the fleet's own per-file counters (ds_fleet.h), final
 * once the merge is complete, so they add up to the dataset's rows. A
 * fleet of tables (ds_fleet_tables.h) has no rotation chains and no lines
 * that do not fit: its lines give file, host, rows, labelled, format and
 * the range of the file's time column.
 */
#include "cli.h"
#include "ds_dataset.h"
#include "ds_fleet.h"
#include "ds_fleet_tables.h"
#include "ll_labels.h"
#include "ll_time.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* [*lo, *hi] grown to hold [a, b] (NaN: no stamp). */
static void widen(double *lo, double *hi, double a, double b)
{
	if (!isnan(a) && (isnan(*lo) || a < *lo))
		*lo = a;
	if (!isnan(b) && (isnan(*hi) || b > *hi))
		*hi = b;
}

/* The time range of every file with stamps. */
static void fleet_range(struct ds_fleet *f, double *lo, double *hi)
{
	*lo = *hi = NAN;
	for (size_t i = 0; i < ds_fleet_nfiles(f); i++) {
		double a, b;
		ds_fleet_file_time_range(f, i, &a, &b);
		widen(lo, hi, a, b);
	}
}

/* Rows labelled per file (calloc'd; NULL without memory): the journals'
 * labels, else the lines' own labels the merge counted - so the column
 * adds up to the "labels:" line's labelled rows either way. */
static size_t *labelled_per_file(struct ds_dataset *ds, const struct ll_labels *l)
{
	size_t nf = ds_dataset_nfiles(ds);
	size_t *c = calloc(nf ? nf : 1, sizeof *c);
	struct ds_fleet *fleet = ds_dataset_fleet(ds);
	if (c && !l && fleet) {
		for (size_t i = 0; i < nf && i < ds_fleet_nfiles(fleet); i++)
			c[i] = ds_fleet_file_labelled(fleet, i);
		return c;
	}
	for (size_t r = 0; c && l && r < ll_labels_nrows(l); r++) {
		size_t f = ds_dataset_row_file(ds, r);
		if (f < nf && ll_labels_get(l, r) >= 0)
			c[f]++;
	}
	return c;
}

static void range_text(double a, double b, char *buf, size_t cap)
{
	if (isnan(a)) {
		snprintf(buf, cap, "no timestamps");
		return;
	}
	char x[40], y[40];
	ll_time_format(a, x, sizeof x);
	ll_time_format(b, y, sizeof y);
	snprintf(buf, cap, "%s .. %s", x, y);
}

/* The time range of every file of a fleet of tables. */
static void tables_range(const struct ds_fleet_tables *tf, double *lo, double *hi)
{
	*lo = *hi = NAN;
	for (size_t i = 0; i < ds_fleet_tables_nfiles(tf); i++) {
		double a, b;
		ds_fleet_tables_file_time_range(tf, i, &a, &b);
		widen(lo, hi, a, b);
	}
}

/* Rows labelled per file: the journals' labels, else the files' own (a
 * loaded table answers at once, unlike a fleet of logs' lazy rows). */
static size_t *tables_labelled(struct ds_dataset *ds, const struct ll_labels *labels)
{
	if (labels)
		return labelled_per_file(ds, labels);
	size_t nf = ds_dataset_nfiles(ds);
	size_t *c = calloc(nf ? nf : 1, sizeof *c);
	for (size_t r = 0; c && r < ds_dataset_nrows(ds); r++) {
		size_t f = ds_dataset_row_file(ds, r);
		if (f < nf && ds_dataset_label(ds, r) >= 0)
			c[f]++;
	}
	return c;
}

static void tables_text(struct ds_dataset *ds, const struct ds_fleet_tables *tf, const struct ll_labels *labels)
{
	size_t *lab = tables_labelled(ds, labels), nlab = 0, rows = 0;
	size_t n = ds_fleet_tables_nfiles(tf), namew = 5, hostw = 4;
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(cli_safe(ds_fleet_tables_file_name(tf, i)));
		namew = k > namew ? k : namew;
		k = strlen(cli_safe(ds_fleet_tables_file_host(tf, i)));
		hostw = k > hostw ? k : hostw;
	}
	printf("files:    %zu table%s, %zu host%s, rows %s\n", n, n == 1 ? "" : "s", ds_fleet_tables_nhosts(tf),
	       ds_fleet_tables_nhosts(tf) == 1 ? "" : "s",
	       ds_fleet_tables_timed(tf) ? "merged by time" : "in file order");
	printf("  %-*s  %-*s  %10s  %10s  %-10s  %s\n", (int)namew, "file", (int)hostw, "host", "rows", "labelled",
	       "format", "time");
	char range[96];
	double a, b;
	for (size_t i = 0; i < n; i++) {
		ds_fleet_tables_file_time_range(tf, i, &a, &b);
		range_text(a, b, range, sizeof range);
		size_t fr = ds_fleet_tables_file_rows(tf, i);
		rows += fr;
		nlab += lab ? lab[i] : 0;
		printf("  %-*s  %-*s  %10zu  %10zu  %-10s  %s\n", (int)namew, cli_safe(ds_fleet_tables_file_name(tf, i)),
		       (int)hostw, cli_safe(ds_fleet_tables_file_host(tf, i)), fr, lab ? lab[i] : 0,
		       ds_fleet_tables_file_reader(tf, i)->name, range);
	}
	tables_range(tf, &a, &b);
	range_text(a, b, range, sizeof range);
	printf("  %-*s  %-*s  %10zu  %10zu  %-10s  %s\n", (int)namew, "total", (int)hostw, "", rows, nlab, "", range);
	free(lab);
}

static void add_range(cJSON *o, double a, double b)
{
	if (isnan(a))
		return;
	char x[40], y[40];
	ll_time_format(a, x, sizeof x);
	ll_time_format(b, y, sizeof y);
	cJSON_AddStringToObject(o, "time_min", x);
	cJSON_AddStringToObject(o, "time_max", y);
}

static cJSON *tables_json(struct ds_dataset *ds, const struct ds_fleet_tables *tf, const struct ll_labels *labels)
{
	size_t *lab = tables_labelled(ds, labels), rows = 0;
	cJSON *o = cJSON_CreateObject();
	cJSON *files = cJSON_AddArrayToObject(o, "files");
	double a, b;
	for (size_t i = 0; i < ds_fleet_tables_nfiles(tf); i++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "name", ds_fleet_tables_file_name(tf, i));
		cJSON_AddStringToObject(e, "path", ds_fleet_tables_file_path(tf, i));
		cJSON_AddStringToObject(e, "host", ds_fleet_tables_file_host(tf, i));
		cJSON_AddNumberToObject(e, "rows", (double)ds_fleet_tables_file_rows(tf, i));
		cJSON_AddNumberToObject(e, "labelled", lab ? (double)lab[i] : 0.0);
		cJSON_AddStringToObject(e, "format", ds_fleet_tables_file_reader(tf, i)->name);
		ds_fleet_tables_file_time_range(tf, i, &a, &b);
		add_range(e, a, b);
		rows += ds_fleet_tables_file_rows(tf, i);
		cJSON_AddItemToArray(files, e);
	}
	free(lab);
	cJSON *total = cJSON_AddObjectToObject(o, "total");
	cJSON_AddNumberToObject(total, "files", (double)ds_fleet_tables_nfiles(tf));
	cJSON_AddNumberToObject(total, "hosts", (double)ds_fleet_tables_nhosts(tf));
	cJSON_AddNumberToObject(total, "rows", (double)rows);
	cJSON_AddBoolToObject(total, "merged_by_time", ds_fleet_tables_timed(tf) != 0);
	tables_range(tf, &a, &b);
	add_range(total, a, b);
	return o;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Distinct strings of v[0..n) (sorted in place). */
static size_t distinct(const char **v, size_t n)
{
	qsort(v, n, sizeof *v, by_text);
	size_t d = n > 0;
	for (size_t i = 1; i < n; i++)
		d += strcmp(v[i], v[i - 1]) != 0;
	return d;
}

/* 1 when the hosts the files' lines name tell the files apart at least as
 * well as their paths do: as many distinct names or more (a folder per
 * run holding each node's log names fewer machines than its lines; files
 * that all say localhost name fewer than their paths, and keep those). */
static int line_hosts_apart(const struct ds_fleet *f)
{
	size_t n = ds_fleet_nfiles(f), k = 0;
	const char **lines = malloc((n ? n : 1) * sizeof *lines), **paths = malloc((n ? n : 1) * sizeof *paths);
	int apart = 0;
	if (lines && paths) {
		for (size_t i = 0; i < n; i++)
			if (ds_fleet_file_line_host(f, i)) {
				lines[k] = ds_fleet_file_line_host(f, i);
				paths[k++] = ds_fleet_file_host(f, i);
			}
		apart = k > 0 && distinct(lines, k) >= distinct(paths, k);
	}
	free(lines);
	free(paths);
	return apart;
}

/* The host the files table shows for file i: the one its lines name, when
 * they name one and those names tell the files apart (a folder per run
 * holding each node's log: the folder is no machine), else its path's. */
static const char *shown_host(const struct ds_fleet *f, size_t i, int apart)
{
	const char *h = apart ? ds_fleet_file_line_host(f, i) : NULL;
	return h ? h : ds_fleet_file_host(f, i);
}

void cli_info_fleet_text(struct ds_dataset *ds, const struct ll_labels *labels)
{
	struct ds_fleet *f = ds_dataset_fleet(ds);
	if (ds_dataset_fleet_tables(ds))
		tables_text(ds, ds_dataset_fleet_tables(ds), labels);
	if (!f)
		return;
	size_t *lab = labelled_per_file(ds, labels), nlab = 0;
	size_t n = ds_fleet_nfiles(f), namew = 5, hostw = 4, rows = 0, misfits = 0, chains = 0;
	int apart = line_hosts_apart(f);
	for (size_t i = 0; i < n; i++) {
		if (ds_fleet_file_chain(f, i) + 1 > chains)
			chains = ds_fleet_file_chain(f, i) + 1;
		size_t k = strlen(cli_safe(ds_fleet_file_name(f, i)));
		namew = k > namew ? k : namew;
		k = strlen(cli_safe(shown_host(f, i, apart)));
		hostw = k > hostw ? k : hostw;
	}
	printf("files:    %zu in %zu rotation chain%s, %zu host%s\n", n, chains, chains == 1 ? "" : "s",
	       ds_fleet_nhosts(f), ds_fleet_nhosts(f) == 1 ? "" : "s");
	printf("  %-*s  %-*s  %10s  %10s  %-10s  %8s  %s\n", (int)namew, "file", (int)hostw, "host", "rows", "labelled",
	       "format", "misfits", "time");
	for (size_t i = 0; i < n; i++) {
		double a, b;
		char range[96];
		ds_fleet_file_time_range(f, i, &a, &b);
		range_text(a, b, range, sizeof range);
		const struct ds_reader *r = ds_fleet_file_reader(f, i);
		size_t fr = ds_fleet_file_rows(f, i), fm = ds_fleet_file_misfits(f, i);
		rows += fr;
		misfits += fm;
		nlab += lab ? lab[i] : 0;
		printf("  %-*s  %-*s  %10zu  %10zu  %-10s  %8zu  %s\n", (int)namew, cli_safe(ds_fleet_file_name(f, i)),
		       (int)hostw, cli_safe(shown_host(f, i, apart)), fr, lab ? lab[i] : 0, r ? r->name : "-", fm, range);
	}
	double a, b;
	char range[96];
	fleet_range(f, &a, &b);
	range_text(a, b, range, sizeof range);
	printf("  %-*s  %-*s  %10zu  %10zu  %-10s  %8zu  %s\n", (int)namew, "total", (int)hostw, "", rows, nlab, "",
	       misfits, range);
	free(lab);
}

cJSON *cli_info_fleet_json(struct ds_dataset *ds, const struct ll_labels *labels)
{
	struct ds_fleet *f = ds_dataset_fleet(ds);
	if (ds_dataset_fleet_tables(ds))
		return tables_json(ds, ds_dataset_fleet_tables(ds), labels);
	if (!f)
		return NULL;
	size_t *lab = labelled_per_file(ds, labels);
	cJSON *o = cJSON_CreateObject();
	cJSON *files = cJSON_AddArrayToObject(o, "files");
	size_t rows = 0, misfits = 0;
	int apart = line_hosts_apart(f);
	for (size_t i = 0; i < ds_fleet_nfiles(f); i++) {
		cJSON *e = cJSON_CreateObject();
		const struct ds_reader *r = ds_fleet_file_reader(f, i);
		cJSON_AddStringToObject(e, "name", ds_fleet_file_name(f, i));
		cJSON_AddStringToObject(e, "path", ds_fleet_file_path(f, i));
		cJSON_AddStringToObject(e, "host", shown_host(f, i, apart));
		cJSON_AddNumberToObject(e, "chain", (double)ds_fleet_file_chain(f, i));
		cJSON_AddNumberToObject(e, "rows", (double)ds_fleet_file_rows(f, i));
		cJSON_AddNumberToObject(e, "labelled", lab ? (double)lab[i] : 0.0);
		cJSON_AddNumberToObject(e, "misfits", (double)ds_fleet_file_misfits(f, i));
		if (r)
			cJSON_AddStringToObject(e, "format", r->name);
		cJSON_AddBoolToObject(e, "untimed", ds_fleet_file_untimed(f, i) != 0);
		double a, b;
		ds_fleet_file_time_range(f, i, &a, &b);
		if (!isnan(a)) {
			char x[40], y[40];
			ll_time_format(a, x, sizeof x);
			ll_time_format(b, y, sizeof y);
			cJSON_AddStringToObject(e, "time_min", x);
			cJSON_AddStringToObject(e, "time_max", y);
		}
		rows += ds_fleet_file_rows(f, i);
		misfits += ds_fleet_file_misfits(f, i);
		cJSON_AddItemToArray(files, e);
	}
	free(lab);
	cJSON *total = cJSON_AddObjectToObject(o, "total");
	cJSON_AddNumberToObject(total, "files", (double)ds_fleet_nfiles(f));
	cJSON_AddNumberToObject(total, "hosts", (double)ds_fleet_nhosts(f));
	cJSON_AddNumberToObject(total, "rows", (double)rows);
	cJSON_AddNumberToObject(total, "misfits", (double)misfits);
	double a, b;
	fleet_range(f, &a, &b);
	if (!isnan(a)) {
		char x[40], y[40];
		ll_time_format(a, x, sizeof x);
		ll_time_format(b, y, sizeof y);
		cJSON_AddStringToObject(total, "time_min", x);
		cJSON_AddStringToObject(total, "time_max", y);
	}
	return o;
}
