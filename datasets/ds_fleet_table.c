/*
 * ds_fleet_table.c - a fleet loaded as one table, and its fingerprint
 * (see ds_fleet_table.h).
 *
 * The table is made from the dataset the browser shows (ds_dataset over
 * the fleet), cell by cell, so training sees exactly the rows, columns and
 * labels the browser and `loglab info` show: numbers and times are parsed
 * back from the cells' text (ds_dataset formats them as ll_table does, so
 * nothing is lost at the precision logs carry). Labels come from
 * ds_labels_open, which replays each file's own journal.
 */
#include "ds_fleet_table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ds_dataset.h"
#include "ds_fleet.h"
#include "ds_freshness.h"
#include "ds_labels.h"
#include "ds_sha256.h"
#include "ll_labels.h"
#include "ll_time.h"

/* The files of a spec (several joined by DS_FLEET_SPEC_SEP) in file order. */
static int find_spec(const char *spec, struct ds_fleet_list **l, struct ll_err *err)
{
	char **specs = NULL;
	size_t nspecs = 0;
	if (ds_fleet_split_specs(spec, &specs, &nspecs) != LL_OK)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int rc = ds_fleet_find((const char *const *)specs, nspecs, l, err);
	ds_fleet_specs_free(specs, nspecs);
	return rc;
}

int ds_fleet_fingerprint(const char *spec, struct ds_fingerprint *fp, struct ll_err *err)
{
	struct ds_fleet_list *l = NULL;
	int rc = find_spec(spec, &l, err);
	if (rc != LL_OK)
		return rc;
	struct ds_sha256 h;
	ds_sha256_init(&h);
	memset(fp, 0, sizeof *fp);
	for (size_t i = 0; rc == LL_OK && i < l->n; i++) {
		struct ds_fingerprint f;
		rc = ds_file_fingerprint(l->e[i].path, &f, err);
		if (rc != LL_OK)
			break;
		ds_sha256_update(&h, l->e[i].name, strlen(l->e[i].name));
		ds_sha256_update(&h, "\t", 1);
		ds_sha256_update(&h, f.sha256, strlen(f.sha256));
		ds_sha256_update(&h, "\n", 1);
		fp->size += f.size;
		if (f.mtime_ns > fp->mtime_ns)
			fp->mtime_ns = f.mtime_ns;
	}
	if (rc == LL_OK) {
		unsigned char d[DS_SHA256_LEN];
		ds_sha256_final(&h, d);
		ds_hex(d, DS_SHA256_LEN, fp->sha256);
	}
	ds_fleet_list_free(l);
	return rc;
}

/* Adds one file's journal state (name, tab, state hash) to h when the file
 * has a journal; *any says whether one did. */
static int hash_journal(struct ds_sha256 *h, const char *path, const char *name, int *any, struct ll_err *err)
{
	char *jp = ds_labels_default_path(path);
	char sha[DS_SHA_HEX];
	if (!jp)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int rc = ds_journal_state_sha(jp, sha, err);
	free(jp);
	if (rc == LL_OK && sha[0]) {
		ds_sha256_update(h, name, strlen(name));
		ds_sha256_update(h, "\t", 1);
		ds_sha256_update(h, sha, strlen(sha));
		ds_sha256_update(h, "\n", 1);
		*any = 1;
	}
	return rc;
}

static void hash_done(struct ds_sha256 *h, int any, int rc, char out[DS_SHA_HEX])
{
	out[0] = '\0';
	if (rc == LL_OK && any) {
		unsigned char d[DS_SHA256_LEN];
		ds_sha256_final(h, d);
		ds_hex(d, DS_SHA256_LEN, out);
	}
}

/* The SHA-256 over the files' journals that exist (name and state). */
static int journals_sha(struct ds_dataset *ds, char out[DS_SHA_HEX], struct ll_err *err)
{
	struct ds_sha256 h;
	ds_sha256_init(&h);
	int any = 0, rc = LL_OK;
	for (size_t i = 0; rc == LL_OK && i < ds_dataset_nfiles(ds); i++)
		rc = hash_journal(&h, ds_dataset_file_path(ds, i), ds_dataset_file_name(ds, i), &any, err);
	hash_done(&h, any, rc, out);
	return rc;
}

int ds_fleet_labels_state_sha(const char *spec, char out[DS_SHA_HEX], struct ll_err *err)
{
	struct ds_fleet_list *l = NULL;
	out[0] = '\0';
	int rc = find_spec(spec, &l, err);
	if (rc != LL_OK)
		return rc;
	struct ds_sha256 h;
	ds_sha256_init(&h);
	int any = 0;
	for (size_t i = 0; rc == LL_OK && i < l->n; i++)
		rc = hash_journal(&h, l->e[i].path, l->e[i].name, &any, err);
	hash_done(&h, any, rc, out);
	ds_fleet_list_free(l);
	return rc;
}

/* Row i's label in l, if any, onto row i of t by its class name. */
static int copy_label(const struct ll_labels *l, struct ll_table *t, size_t i)
{
	int cls = ll_labels_get(l, i);
	if (cls < 0)
		return LL_OK;
	const char *name = ll_labels_class_name(l, (size_t)cls);
	int id = ll_table_class_id(t, name, strlen(name));
	return id < 0 ? LL_ENOMEM : ll_table_set_label(t, i, id);
}

/* Row i of ds into table row i (appended): every cell, then the label. */
static int copy_row(struct ds_dataset *ds, const struct ll_labels *l, struct ll_table *t, size_t i, char **buf,
		    size_t *cap)
{
	if (ll_table_append_row(t) < 0)
		return LL_ENOMEM;
	for (size_t c = 0; c < ds_dataset_ncols(ds); c++) {
		size_t n = ds_dataset_cell(ds, i, c, *buf, *cap);
		if (n >= *cap) {
			char *b = realloc(*buf, n + 1);
			if (!b)
				return LL_ENOMEM;
			*buf = b;
			*cap = n + 1;
			n = ds_dataset_cell(ds, i, c, *buf, *cap);
		}
		enum ll_coltype type = ds_dataset_col_type(ds, c);
		int rc;
		if (type == LL_COL_TEXT) {
			rc = ll_table_set_text(t, i, c, *buf, n);
		} else {
			double v = NAN;
			/* the parsers return 1 for a value */
			if (!n || !(type == LL_COL_TIME ? ll_time_parse(*buf, n, &v) : ll_parse_number(*buf, n, &v)))
				v = NAN;
			rc = ll_table_set_num(t, i, c, v);
		}
		if (rc != LL_OK)
			return rc;
	}
	return copy_label(l, t, i);
}

/* A fleet of tables' table with the labels l (its label source kept). */
static int copy_table(const struct ll_table *from, const struct ll_labels *l, struct ll_table *t)
{
	size_t nrows = ll_table_nrows(from), ncols = ll_table_ncols(from);
	for (size_t c = 0; c < ncols; c++)
		if (ll_table_add_column(t, ll_table_col_name(from, c), ll_table_col_type(from, c)) < 0)
			return LL_ENOMEM;
	ll_table_set_label_source(t, ll_table_label_source(from));
	if (ll_table_reserve(t, nrows) != LL_OK)
		return LL_ENOMEM;
	for (size_t i = 0; i < nrows; i++) {
		if (ll_table_append_row(t) < 0)
			return LL_ENOMEM;
		for (size_t c = 0; c < ncols; c++) {
			int rc;
			if (ll_table_col_type(from, c) != LL_COL_TEXT) {
				rc = ll_table_set_num(t, i, c, ll_table_num(from, i, c));
			} else {
				const char *s = ll_table_text(from, i, c);
				rc = *s ? ll_table_set_text(t, i, c, s, strlen(s)) : LL_OK;
			}
			if (rc != LL_OK)
				return rc;
		}
		if (copy_label(l, t, i) != LL_OK)
			return LL_ENOMEM;
	}
	return LL_OK;
}

int ds_fleet_load_table(const char *spec, const struct ds_open_opts *opts, struct ll_table **out,
			const struct ds_reader **reader, char journal_sha[DS_SHA_HEX], struct ll_err *err)
{
	*out = NULL;
	journal_sha[0] = '\0';
	struct ds_dataset *ds = NULL;
	struct ll_labels *l = NULL;
	struct ll_table *t = NULL;
	char *buf = NULL;
	size_t cap = 4096;
	int rc = ds_dataset_open(&ds, spec, opts, err);
	if (rc == LL_OK && !ds_dataset_is_fleet(ds))
		rc = ll_err_set(err, LL_EUSAGE, "%s: not a folder or a pattern of files", spec);
	if (rc == LL_OK) /* waits for the whole fleet */
		rc = ds_labels_open(ds, NULL, 0, &l, NULL, NULL, err);
	if (rc == LL_OK)
		rc = journals_sha(ds, journal_sha, err);
	if (rc == LL_OK && (!(t = ll_table_new()) || !(buf = malloc(cap))))
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	size_t nrows = rc == LL_OK ? ds_dataset_nrows(ds) : 0;
	const struct ll_table *tables = rc == LL_OK ? ds_dataset_table(ds) : NULL;
	if (tables && copy_table(tables, l, t) != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory for %zu rows", spec, nrows);
	if (tables)
		nrows = 0; /* copied */
	for (size_t c = 0; rc == LL_OK && !tables && c < ds_dataset_ncols(ds); c++)
		if (ll_table_add_column(t, ds_dataset_col_name(ds, c), ds_dataset_col_type(ds, c)) < 0)
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	if (rc == LL_OK && !tables && ll_table_reserve(t, nrows) != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory for %zu rows", spec, nrows);
	for (size_t i = 0; rc == LL_OK && i < nrows; i++)
		if (copy_row(ds, l, t, i, &buf, &cap) != LL_OK)
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory at row %zu of %zu", spec, i + 1, nrows);
	for (size_t k = 0; rc == LL_OK && k < ds_dataset_nnotes(ds); k++)
		ll_table_note(t, "%s", ds_dataset_note(ds, k));
	/* predict and review name host, file and line of a fleet's rows */
	if (rc == LL_OK && ll_table_set_meta(t, "fleet", "1") != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	if (rc == LL_OK) {
		if (reader)
			*reader = ds_dataset_reader(ds);
		*out = t;
		t = NULL;
	}
	free(buf);
	ll_table_free(t);
	ll_labels_free(l);
	ds_dataset_close(ds);
	return rc;
}
