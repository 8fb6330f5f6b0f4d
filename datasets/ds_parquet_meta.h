/*
 * ds_parquet_meta.h - a Parquet file's footer (FileMetaData) read into
 * plain structs: the schema flattened to its leaf columns and the row
 * groups' column chunks, as ds_parquet.c needs them to read the pages.
 *
 * A file is "PAR1", column chunks of pages, the footer (Thrift compact),
 * its length (4 bytes little-endian) and "PAR1" again. Leaves under a
 * group are named with the group's path ("a.b"). A leaf under repeated
 * fields (lists, a map's keys or values, a repeated group's members) has
 * max_rep of them: a cell holds its values as JSON arrays nested as deep,
 * and a list's element is named by its list ("a", not "a.list.element").
 * A leaf under more than PQ_MAX_REP repeated fields is marked nested: the
 * reader leaves it out and names it.
 */
#ifndef DS_PARQUET_META_H
#define DS_PARQUET_META_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"

/* Physical types (parquet.thrift Type). */
enum pq_type { PQ_BOOLEAN, PQ_INT32, PQ_INT64, PQ_INT96, PQ_FLOAT, PQ_DOUBLE, PQ_BYTE_ARRAY, PQ_FIXED };

/* What a leaf's values mean, from its logical or converted type. */
enum pq_kind {
	PQ_K_PLAIN = 0,   /* the physical type as it is */
	PQ_K_STRING,      /* text (STRING, UTF8, ENUM, JSON) */
	PQ_K_UNSIGNED,    /* an unsigned integer */
	PQ_K_DATE,        /* days since 1970-01-01 */
	PQ_K_TIME,        /* time of day in unit */
	PQ_K_TIMESTAMP,   /* time since the epoch in unit */
	PQ_K_DECIMAL,     /* an integer scaled by 10^-scale */
	PQ_K_FLOAT16,     /* IEEE half precision, 2 bytes */
	PQ_K_UUID,        /* 16 bytes */
	PQ_K_INTERVAL     /* 12 bytes: months, days, milliseconds */
};

/* Lists nested deeper than this are left out. */
#define PQ_MAX_REP 8

/* Time units, as multiples of a second's fraction. */
enum pq_unit { PQ_MILLIS = 3, PQ_MICROS = 6, PQ_NANOS = 9 };

struct pq_column {
	char *name;           /* the dotted path */
	int type;             /* enum pq_type */
	int32_t type_length;  /* FIXED's width */
	int kind;             /* enum pq_kind */
	int unit;             /* enum pq_unit for TIME and TIMESTAMP */
	int utc;              /* a TIMESTAMP adjusted to UTC */
	int32_t scale;        /* DECIMAL */
	int max_def;          /* definition level of a present value */
	int max_rep;          /* repeated fields on its path */
	/* the definition level at which the list of repetition level j + 1
	 * has an element (present or null): one less, the list is there but
	 * empty; lower, it is null */
	int rep_def[PQ_MAX_REP];
	int nested;           /* under more than PQ_MAX_REP repeated fields: left out */
};

/* One column chunk of a row group. */
struct pq_chunk {
	int type;              /* as the chunk says (checked against the schema) */
	int codec;             /* CompressionCodec */
	int64_t num_values;
	int64_t data_page_offset, dictionary_page_offset; /* -1: none */
	int64_t total_compressed_size;
	int has_meta;          /* the chunk carried its ColumnMetaData */
	int external;          /* its data lives in another file (file_path) */
};

struct pq_group {
	int64_t num_rows;
	struct pq_chunk *chunks; /* one per leaf column, in schema order */
	size_t nchunks;
};

struct pq_meta {
	struct pq_column *cols;
	size_t ncols;
	struct pq_group *groups;
	size_t ngroups;
	int64_t num_rows;
	int encrypted;  /* the footer says its columns are encrypted */
};

/* Reads the footer of the file data[0, size): LL_EDATA naming path and the
 * problem when it is not a Parquet file, is truncated, encrypted ("an
 * encrypted Parquet file") or its footer does not decode. */
int ds_parquet_meta_read(const char *path, const unsigned char *data, size_t size, struct pq_meta *m,
			 struct ll_err *err);

void ds_parquet_meta_free(struct pq_meta *m);

/* The name of a CompressionCodec value ("SNAPPY", ...). */
const char *ds_parquet_codec_name(int codec);

#endif
