/*
 * ds_parquet_page.h - one column chunk of a Parquet row group read into
 * cell texts: its pages (DATA_PAGE v1 and v2, a DICTIONARY_PAGE)
 * decompressed, their definition levels and values decoded (PLAIN,
 * dictionary indices, RLE booleans, the DELTA encodings,
 * BYTE_STREAM_SPLIT), each value made text (ds_parquet_value.h), a null
 * an empty cell, a list's values a JSON array (nested for lists of lists).
 */
#ifndef DS_PARQUET_PAGE_H
#define DS_PARQUET_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "ds_parquet_meta.h"
#include "ds_sheet.h"
#include "ll_err.h"

/* Cells: cell i is text.p[i ? end[i - 1] : 0, end[i]). */
struct pq_cells {
	struct ds_text text;
	size_t *end;
	size_t n, cap;
};

void ds_pq_cells_free(struct pq_cells *c);
/* Cell i's text and length. */
const char *ds_pq_cell(const struct pq_cells *c, size_t i, size_t *len);

/* Where a chunk is read from. */
struct pq_where {
	const char *path;
	size_t group;  /* row group index, for messages */
};

/* Reads chunk ch of column col (rows rows) from file[0, size) into out
 * (emptied first): LL_OK with out->n == rows, else LL_EDATA naming path,
 * the column, the row group and the problem (LL_ENOMEM when out of
 * memory). */
int ds_parquet_chunk_read(const struct pq_where *w, const unsigned char *file, size_t size,
			  const struct pq_column *col, const struct pq_chunk *ch, size_t rows, struct pq_cells *out,
			  struct ll_err *err);

#endif
