/*
 * ds_thrift.h - Apache Thrift's compact protocol, read from a buffer: the
 * encoding of Parquet's footer (FileMetaData) and page headers.
 *
 * A reader walks a struct field by field: ds_thrift_field gives the next
 * field's id and type, the caller reads the values it knows and skips the
 * rest with ds_thrift_skip (generically, so fields a newer writer adds are
 * passed over). Every length is checked against the buffer and nesting is
 * bounded, so a damaged or hostile buffer ends in an error (t->bad set and
 * a short reason in t->why), never a read past its end or a deep
 * recursion. Once bad, every call fails.
 */
#ifndef DS_THRIFT_H
#define DS_THRIFT_H

#include <stddef.h>
#include <stdint.h>

/* The compact protocol's type codes. */
enum ds_thrift_type {
	DS_T_STOP = 0,
	DS_T_TRUE = 1,
	DS_T_FALSE = 2,
	DS_T_BYTE = 3,
	DS_T_I16 = 4,
	DS_T_I32 = 5,
	DS_T_I64 = 6,
	DS_T_DOUBLE = 7,
	DS_T_BINARY = 8,
	DS_T_LIST = 9,
	DS_T_SET = 10,
	DS_T_MAP = 11,
	DS_T_STRUCT = 12
};

/* Structs nested deeper than this are refused (Parquet's go 6 deep). */
#define DS_THRIFT_MAX_DEPTH 32

struct ds_thrift {
	const unsigned char *p;
	size_t n, at;
	int depth;
	int bad;
	const char *why; /* set with bad: what was wrong */
	/* the last field id of each open struct (ids are sent as deltas) */
	int16_t last[DS_THRIFT_MAX_DEPTH + 1];
	int bool_value; /* a bool field's value travels in its type */
};

void ds_thrift_init(struct ds_thrift *t, const void *p, size_t n);

/* Enters a struct (the top-level one too); 0 when too deep or bad. */
int ds_thrift_begin(struct ds_thrift *t);
/* Leaves the struct entered last, after its stop field was read. */
void ds_thrift_end(struct ds_thrift *t);

/* The next field of the open struct: 1 with *id and *type, 0 at its stop
 * field (then call ds_thrift_end), -1 when bad. */
int ds_thrift_field(struct ds_thrift *t, int *id, int *type);

/* Values of a field (or list element) of the given type; 0 when bad or
 * the type does not fit. Integers of any width read into int64_t. */
int ds_thrift_int(struct ds_thrift *t, int type, int64_t *v);
int ds_thrift_bool(struct ds_thrift *t, int type, int in_list, int *v);
int ds_thrift_double(struct ds_thrift *t, int type, double *v);
/* A binary or string: a pointer into the buffer and its length. */
int ds_thrift_binary(struct ds_thrift *t, int type, const unsigned char **s, size_t *n);
/* A list or set's header: its element type and count (the count is at
 * most the bytes left, as every element takes one at least, except bools
 * and empty structs, which take one too). */
int ds_thrift_list(struct ds_thrift *t, int type, int *elem, size_t *count);

/* Skips a value of the type (a whole struct, list or map). */
int ds_thrift_skip(struct ds_thrift *t, int type, int in_list);

/* 1 when t went bad; sets the reason when not yet set. */
int ds_thrift_fail(struct ds_thrift *t, const char *why);

#endif
