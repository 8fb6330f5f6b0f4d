/*
 * ds_parquet.c - Apache Parquet files read as tables.
 *
 * The footer (ds_parquet_meta.h) gives the schema and the row groups; each
 * row group's column chunks are read into cells (ds_parquet_page.h) and
 * written out as rows of CSV text, which the CSV reader loads, so a
 * Parquet file gets the header, type detection, label column
 * ("parquet:label=COL") and long-table handling its CSV export would, as
 * a workbook's sheet does (ds_sheet.h). A list's (or a map's keys' or
 * values') cell is a JSON array of its values, lists of lists nested
 * arrays; columns under lists nested deeper than PQ_MAX_REP are left out
 * and named in a note; a column that cannot be
 * read (a codec this build lacks, damaged pages) fails the file with its
 * name, row group and problem.
 */
#include "ds_parquet.h"
#include "ds_csv.h"
#include "ds_parquet_meta.h"
#include "ds_parquet_page.h"
#include "ds_sheet.h"
#include "ll_limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes a cell costs on its way to the table: its text in the CSV, then
 * the table's cell (as ds_sheet_size_check counts). */
#define CELL_COST 16.0

struct reading {
	const char *path;
	const unsigned char *data;
	size_t size;
	struct pq_meta m;
	size_t *shown;  /* the columns read, by index in m.cols */
	size_t nshown;
	struct pq_cells *cells;
	struct ds_text csv;
};

static int oom(const struct reading *r, struct ll_err *err)
{
	return ll_err_set(err, LL_ENOMEM, "%s: out of memory", r->path);
}

static int put_header(struct reading *r)
{
	for (size_t j = 0; j < r->nshown; j++) {
		const char *name = r->m.cols[r->shown[j]].name;
		if ((j && !ds_text_put(&r->csv, ",", 1)) || !ds_text_cell(&r->csv, name, strlen(name), j == 0, 0))
			return 0;
	}
	return ds_text_put(&r->csv, "\n", 1);
}

/* Row group g's cells as CSV rows. */
static int put_group(struct reading *r, size_t g, size_t rows, struct ll_err *err)
{
	struct pq_where w = {.path = r->path, .group = g};
	for (size_t j = 0; j < r->nshown; j++) {
		size_t c = r->shown[j];
		int rc = ds_parquet_chunk_read(&w, r->data, r->size, &r->m.cols[c], &r->m.groups[g].chunks[c], rows,
					       &r->cells[j], err);
		if (rc != LL_OK)
			return rc;
	}
	for (size_t i = 0; i < rows; i++) {
		int blank = 1;
		for (size_t j = 0; j < r->nshown && blank; j++) {
			size_t len;
			ds_pq_cell(&r->cells[j], i, &len);
			blank = !len;
		}
		for (size_t j = 0; j < r->nshown; j++) {
			size_t len;
			const char *s = ds_pq_cell(&r->cells[j], i, &len);
			if ((j && !ds_text_put(&r->csv, ",", 1)) || !ds_text_cell(&r->csv, s, len, j == 0, blank && j == 0))
				return oom(r, err);
		}
		if (!ds_text_put(&r->csv, "\n", 1))
			return oom(r, err);
	}
	return LL_OK;
}

/* The names of the columns left out (under lists nested too deep), into buf. */
static size_t left_out_names(const struct pq_meta *m, char *buf, size_t cap)
{
	size_t n = 0, o = 0;
	buf[0] = 0;
	for (size_t i = 0; i < m->ncols; i++) {
		if (!m->cols[i].nested)
			continue;
		if (o + 8 < cap) {
			int w = snprintf(buf + o, cap - o, "%s'%s'", n ? ", " : "", m->cols[i].name);
			o = w < 0 ? o : o + (size_t)w < cap ? o + (size_t)w : cap - 1;
		}
		n++;
	}
	if (o + 1 >= cap && cap > 4)
		memcpy(buf + cap - 4, "...", 4);
	return n;
}

static int load_rows(struct reading *r, struct ll_err *err)
{
	const char *path = r->path;
	double rows = 0;
	for (size_t g = 0; g < r->m.ngroups; g++) {
		if (r->m.groups[g].num_rows < 0)
			return ll_err_set(err, LL_EDATA, "%s: not a readable Parquet file: row group %zu has %lld rows", path,
					  g + 1, (long long)r->m.groups[g].num_rows);
		rows += (double)r->m.groups[g].num_rows;
	}
	char what[600];
	snprintf(what, sizeof what, "%s: a Parquet table of %.0f rows x %zu columns", path, rows, r->nshown);
	int rc = ll_mem_check((rows + 1) * (double)r->nshown * CELL_COST, what, err);
	if (rc != LL_OK)
		return rc;
	if (!(r->cells = calloc(r->nshown, sizeof *r->cells)) || !put_header(r))
		return oom(r, err);
	for (size_t g = 0; rc == LL_OK && g < r->m.ngroups; g++)
		rc = put_group(r, g, (size_t)r->m.groups[g].num_rows, err);
	return rc;
}

int ds_parquet_csv(const char *path, const unsigned char *data, size_t size, struct ds_text *csv, size_t *left_out,
		   char *left, size_t cap, struct ll_err *err)
{
	struct reading r = {.path = path, .data = data, .size = size};
	int rc = ds_parquet_meta_read(path, data, size, &r.m, err);
	if (rc != LL_OK)
		return rc;
	size_t nnested = *left_out = left_out_names(&r.m, left, cap);
	if (r.m.ncols > nnested && !(r.shown = malloc((r.m.ncols - nnested) * sizeof *r.shown)))
		rc = oom(&r, err);
	for (size_t i = 0; rc == LL_OK && i < r.m.ncols; i++)
		if (!r.m.cols[i].nested)
			r.shown[r.nshown++] = i;
	if (rc == LL_OK && !r.nshown)
		rc = r.m.ncols ? ll_err_set(err, LL_EDATA,
					    "%s: a Parquet file whose columns are all under lists nested more than %d "
					    "deep (%s)",
					    path, PQ_MAX_REP, left)
			       : ll_err_set(err, LL_EDATA, "%s: a Parquet file with no columns", path);
	if (rc == LL_OK)
		rc = load_rows(&r, err);
	for (size_t j = 0; r.cells && j < r.nshown; j++)
		ds_pq_cells_free(&r.cells[j]);
	free(r.cells);
	free(r.shown);
	ds_parquet_meta_free(&r.m);
	*csv = r.csv;
	return rc;
}

static int parquet_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
			struct ll_err *err)
{
	*out = NULL;
	struct ds_text text = {0};
	char nested[400];
	size_t nnested;
	int rc = ds_parquet_csv(src->path, (const unsigned char *)src->data, src->size, &text, &nnested, nested,
				sizeof nested, err);
	if (rc == LL_OK)
		rc = ds_text_load(src, opts, "csv", text.p, text.n, 0, out, err);
	if (rc == LL_OK && nnested &&
	    ll_table_note(*out, "%s: left out %zu column%s under lists nested more than %d deep: %s",
			  src->path, nnested, nnested == 1 ? "" : "s", PQ_MAX_REP, nested) != LL_OK) {
		ll_table_free(*out);
		*out = NULL;
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	}
	free(text.p);
	return rc;
}

/* "PAR1" (or "PARE", an encrypted footer) at the start, then a page
 * header's first byte (a Thrift field header, 0x15 as writers write it: a
 * control character) or binary bytes further on, not text: a log or CSV
 * whose first word is PAR1 stays text. The end, which a sniff does not see, is checked when the
 * file is read. */
static int parquet_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	if (n < 5 || (memcmp(head, "PAR1", 4) != 0 && memcmp(head, "PARE", 4) != 0))
		return 0;
	unsigned char next = (unsigned char)head[4];
	int binary = (next < 0x20 && next != '\t' && next != '\n' && next != '\r') || memchr(head, '\0', n);
	return binary ? 100 : 0;
}

const struct ds_reader ds_parquet_reader = {
	.name = "parquet",
	.summary = "Apache Parquet file, read as its CSV export would be (a list's values as a JSON array)",
	.sniff = parquet_sniff,
	.load = parquet_load,
	.line = NULL,
};
