/*
 * ds_linememo.c - a memo of values by a line's bytes (ds_linememo.h).
 *
 * The project's index of hashed keys (ll_slots.h) over three growing
 * arrays: the entries (where the line's copy starts, its length), the
 * copies of the lines, and the values. Two lines are the same when their
 * bytes are, the hash only narrows the search, so a collision costs a
 * comparison and never a wrong value.
 */
#include "ds_linememo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ll_err.h"
#include "ll_slots.h"

struct entry {
	size_t off, len; /* the line's copy in bytes */
};

struct ds_linememo {
	size_t value_size;
	struct ll_slots ix; /* entry numbers by the line's hash */
	struct entry *e;
	size_t ne, ecap;
	char *bytes;
	size_t nbytes, bcap;
	unsigned char *values; /* ecap * value_size */
};

struct ds_linememo *ds_linememo_new(size_t value_size)
{
	struct ds_linememo *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->value_size = value_size ? value_size : 1;
	return m;
}

void ds_linememo_free(struct ds_linememo *m)
{
	if (!m)
		return;
	ll_slots_free(&m->ix);
	free(m->e);
	free(m->bytes);
	free(m->values);
	free(m);
}

size_t ds_linememo_count(const struct ds_linememo *m)
{
	return m ? m->ne : 0;
}

/* A hash of the bytes, eight at a time: a line is looked up each time
 * it is cut into units, and ll_slots_hash's byte at a time cost more than
 * the rest of a lookup (any spread will do, the bytes are compared anyway). */
static uint32_t hash_of(const char *s, size_t n)
{
	const uint64_t k = 0x9e3779b97f4a7c15ULL;
	uint64_t h = (uint64_t)n * k;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * k;
		h ^= h >> 31;
	}
	uint64_t w = 0;
	for (size_t j = 0; i < n; i++, j += 8)
		w |= (uint64_t)(unsigned char)s[i] << j;
	h = (h ^ w) * k;
	return (uint32_t)(h ^ (h >> 29) ^ (h >> 32));
}

void *ds_linememo_slot(struct ds_linememo *m, const char *line, size_t len, int *fresh)
{
	*fresh = 0;
	if (!m || len > DS_LINEMEMO_MAX_LINE || m->ne >= UINT32_MAX - 1)
		return NULL;
	struct ll_slots_probe p = ll_slots_probe(&m->ix, hash_of(line, len));
	for (uint32_t id; (id = ll_slots_next(&m->ix, &p)) != LL_SLOTS_NONE;) {
		const struct entry *x = &m->e[id];
		if (x->len == len && memcmp(m->bytes + x->off, line, len) == 0)
			return m->values + (size_t)id * m->value_size;
	}
	/* a new line: room for its entry, its copy and its value first */
	if (m->ne == m->ecap) {
		size_t cap = m->ecap ? m->ecap * 2 : 256;
		struct entry *e = realloc(m->e, cap * sizeof *e);
		if (!e)
			return NULL;
		m->e = e;
		unsigned char *v = realloc(m->values, cap * m->value_size);
		if (!v)
			return NULL;
		m->values = v;
		m->ecap = cap;
	}
	if (m->nbytes + len > m->bcap) {
		size_t cap = m->bcap ? m->bcap : 16384;
		while (cap < m->nbytes + len)
			cap *= 2;
		char *b = realloc(m->bytes, cap);
		if (!b)
			return NULL;
		m->bytes = b;
		m->bcap = cap;
	}
	if (ll_slots_add(&m->ix, &p, (uint32_t)m->ne) != LL_OK)
		return NULL;
	if (len)
		memcpy(m->bytes + m->nbytes, line, len);
	m->e[m->ne] = (struct entry){m->nbytes, len};
	m->nbytes += len;
	*fresh = 1;
	return m->values + m->ne++ * m->value_size;
}
