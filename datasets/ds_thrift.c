/*
 * ds_thrift.c - Thrift compact protocol reader (ds_thrift.h).
 *
 * The protocol: a field header byte holds the id delta (high nibble; 0
 * means a zigzag varint id follows) and the type (low nibble); integers
 * are zigzag varints, doubles 8 bytes little-endian, binaries a varint
 * length then the bytes; a list header holds the count (high nibble, 15
 * meaning a varint count follows) and the element type; a map a varint
 * count then one byte of key and value types.
 */
#include "ds_thrift.h"

#include <string.h>

void ds_thrift_init(struct ds_thrift *t, const void *p, size_t n)
{
	memset(t, 0, sizeof *t);
	t->p = p;
	t->n = n;
}

int ds_thrift_fail(struct ds_thrift *t, const char *why)
{
	if (!t->bad) {
		t->bad = 1;
		t->why = why;
	}
	return 0;
}

static int varint(struct ds_thrift *t, uint64_t *v)
{
	uint64_t r = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (t->at >= t->n)
			return ds_thrift_fail(t, "ends inside a number");
		unsigned char b = t->p[t->at++];
		r |= (uint64_t)(b & 0x7F) << shift;
		if (!(b & 0x80)) {
			*v = r;
			return 1;
		}
	}
	return ds_thrift_fail(t, "a number longer than 64 bits");
}

static int64_t unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

int ds_thrift_begin(struct ds_thrift *t)
{
	if (t->bad)
		return 0;
	if (t->depth >= DS_THRIFT_MAX_DEPTH)
		return ds_thrift_fail(t, "structures nested too deep");
	t->last[++t->depth] = 0;
	return 1;
}

void ds_thrift_end(struct ds_thrift *t)
{
	if (t->depth > 0)
		t->depth--;
}

int ds_thrift_field(struct ds_thrift *t, int *id, int *type)
{
	if (t->bad || t->depth < 1)
		return -1;
	if (t->at >= t->n) {
		ds_thrift_fail(t, "ends inside a structure");
		return -1;
	}
	unsigned char b = t->p[t->at++];
	*type = b & 0x0F;
	if (*type == DS_T_STOP)
		return 0;
	int delta = b >> 4;
	if (delta) {
		*id = t->last[t->depth] + delta;
	} else {
		uint64_t v;
		if (!varint(t, &v))
			return -1;
		*id = (int)unzigzag(v);
	}
	if (*type > DS_T_STRUCT) {
		ds_thrift_fail(t, "an unknown field type");
		return -1;
	}
	t->last[t->depth] = (int16_t)*id;
	if (*type == DS_T_TRUE || *type == DS_T_FALSE)
		t->bool_value = *type == DS_T_TRUE;
	return 1;
}

int ds_thrift_int(struct ds_thrift *t, int type, int64_t *v)
{
	if (t->bad)
		return 0;
	if (type == DS_T_BYTE) {
		if (t->at >= t->n)
			return ds_thrift_fail(t, "ends inside a number");
		*v = (int8_t)t->p[t->at++];
		return 1;
	}
	if (type != DS_T_I16 && type != DS_T_I32 && type != DS_T_I64)
		return ds_thrift_fail(t, "a field of an unexpected type");
	uint64_t u;
	if (!varint(t, &u))
		return 0;
	*v = unzigzag(u);
	return 1;
}

int ds_thrift_bool(struct ds_thrift *t, int type, int in_list, int *v)
{
	if (t->bad)
		return 0;
	if (in_list) {
		if (t->at >= t->n)
			return ds_thrift_fail(t, "ends inside a list");
		*v = t->p[t->at++] == DS_T_TRUE;
		return 1;
	}
	if (type != DS_T_TRUE && type != DS_T_FALSE)
		return ds_thrift_fail(t, "a field of an unexpected type");
	*v = t->bool_value;
	return 1;
}

int ds_thrift_double(struct ds_thrift *t, int type, double *v)
{
	if (t->bad)
		return 0;
	if (type != DS_T_DOUBLE)
		return ds_thrift_fail(t, "a field of an unexpected type");
	if (t->n - t->at < 8)
		return ds_thrift_fail(t, "ends inside a number");
	uint64_t u = 0;
	for (int i = 7; i >= 0; i--)
		u = u << 8 | t->p[t->at + (size_t)i];
	t->at += 8;
	memcpy(v, &u, sizeof *v);
	return 1;
}

int ds_thrift_binary(struct ds_thrift *t, int type, const unsigned char **s, size_t *n)
{
	if (t->bad)
		return 0;
	if (type != DS_T_BINARY)
		return ds_thrift_fail(t, "a field of an unexpected type");
	uint64_t len;
	if (!varint(t, &len))
		return 0;
	if (len > t->n - t->at)
		return ds_thrift_fail(t, "a string longer than what is left");
	*s = t->p + t->at;
	*n = (size_t)len;
	t->at += (size_t)len;
	return 1;
}

int ds_thrift_list(struct ds_thrift *t, int type, int *elem, size_t *count)
{
	if (t->bad)
		return 0;
	if (type != DS_T_LIST && type != DS_T_SET)
		return ds_thrift_fail(t, "a field of an unexpected type");
	if (t->at >= t->n)
		return ds_thrift_fail(t, "ends inside a list");
	unsigned char b = t->p[t->at++];
	uint64_t c = b >> 4;
	if (c == 15 && !varint(t, &c))
		return 0;
	*elem = b & 0x0F;
	if (*elem == DS_T_STOP || *elem > DS_T_STRUCT)
		return ds_thrift_fail(t, "a list of an unknown type");
	/* every element takes a byte at least: a count beyond what is left
	 * is a lie, and would have callers allocate for it */
	if (c > t->n - t->at)
		return ds_thrift_fail(t, "a list longer than what is left");
	*count = (size_t)c;
	return 1;
}

int ds_thrift_skip(struct ds_thrift *t, int type, int in_list)
{
	int64_t i;
	double d;
	const unsigned char *s;
	size_t n;
	int e, v;
	switch (type) {
	case DS_T_TRUE:
	case DS_T_FALSE:
		return ds_thrift_bool(t, type, in_list, &v);
	case DS_T_BYTE:
	case DS_T_I16:
	case DS_T_I32:
	case DS_T_I64:
		return ds_thrift_int(t, type, &i);
	case DS_T_DOUBLE:
		return ds_thrift_double(t, type, &d);
	case DS_T_BINARY:
		return ds_thrift_binary(t, type, &s, &n);
	case DS_T_LIST:
	case DS_T_SET:
		if (!ds_thrift_list(t, type, &e, &n))
			return 0;
		if (t->depth >= DS_THRIFT_MAX_DEPTH)
			return ds_thrift_fail(t, "structures nested too deep");
		t->depth++;
		t->last[t->depth] = 0;
		for (size_t k = 0; k < n; k++)
			if (!ds_thrift_skip(t, e, 1))
				return 0;
		t->depth--;
		return 1;
	case DS_T_MAP: {
		uint64_t c;
		if (!varint(t, &c))
			return 0;
		if (!c)
			return 1;
		if (t->at >= t->n)
			return ds_thrift_fail(t, "ends inside a map");
		unsigned char kv = t->p[t->at++];
		if (c > t->n - t->at)
			return ds_thrift_fail(t, "a map longer than what is left");
		if (t->depth >= DS_THRIFT_MAX_DEPTH)
			return ds_thrift_fail(t, "structures nested too deep");
		t->depth++;
		t->last[t->depth] = 0;
		for (uint64_t k = 0; k < c; k++)
			if (!ds_thrift_skip(t, kv >> 4, 1) || !ds_thrift_skip(t, kv & 0x0F, 1))
				return 0;
		t->depth--;
		return 1;
	}
	case DS_T_STRUCT: {
		if (!ds_thrift_begin(t))
			return 0;
		int id, ft, r;
		while ((r = ds_thrift_field(t, &id, &ft)) == 1)
			if (!ds_thrift_skip(t, ft, 0))
				return 0;
		if (r < 0)
			return 0;
		ds_thrift_end(t);
		return 1;
	}
	default:
		return ds_thrift_fail(t, "a value of an unknown type");
	}
}
