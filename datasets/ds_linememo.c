/*
 * ds_linememo.c - a memo of values by a line's bytes (ds_linememo.h).
 *
 * An open-addressed table of entry numbers (linear probing, at most half
 * full) over three growing arrays: the entries (hash, where the line's
 * copy starts, its length), the copies of the lines, and the values. Two
 * lines are the same when their bytes are, the hash only narrows the
 * search, so a collision costs a comparison and never a wrong value.
 */
#include "ds_linememo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	uint64_t hash;
	size_t off, len; /* the line's copy in bytes */
};

struct ds_linememo {
	size_t value_size;
	uint32_t *slot; /* entry number + 1, 0: empty */
	size_t nslot;   /* a power of two */
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
	free(m->slot);
	free(m->e);
	free(m->bytes);
	free(m->values);
	free(m);
}

size_t ds_linememo_count(const struct ds_linememo *m)
{
	return m ? m->ne : 0;
}

/* A hash of the bytes, eight at a time (the lines are short; any spread
 * will do, the bytes are compared anyway). */
static uint64_t hash_of(const char *s, size_t n)
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
	return h ^ (h >> 29);
}

/* Doubles the table (or makes the first) and puts every entry back. */
static int grow_slots(struct ds_linememo *m)
{
	size_t n = m->nslot ? m->nslot * 2 : 256;
	uint32_t *s = calloc(n, sizeof *s);
	if (!s)
		return -1;
	for (size_t k = 0; k < m->ne; k++) {
		size_t i = (size_t)m->e[k].hash & (n - 1);
		while (s[i])
			i = (i + 1) & (n - 1);
		s[i] = (uint32_t)(k + 1);
	}
	free(m->slot);
	m->slot = s;
	m->nslot = n;
	return 0;
}

void *ds_linememo_slot(struct ds_linememo *m, const char *line, size_t len, int *fresh)
{
	*fresh = 0;
	if (!m || len > DS_LINEMEMO_MAX_LINE || m->ne >= UINT32_MAX - 1)
		return NULL;
	if ((m->ne + 1) * 2 > m->nslot && grow_slots(m) != 0)
		return NULL;
	uint64_t h = hash_of(line, len);
	size_t i = (size_t)h & (m->nslot - 1);
	for (; m->slot[i]; i = (i + 1) & (m->nslot - 1)) {
		const struct entry *x = &m->e[m->slot[i] - 1];
		if (x->hash == h && x->len == len && memcmp(m->bytes + x->off, line, len) == 0)
			return m->values + (size_t)(m->slot[i] - 1) * m->value_size;
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
	if (len)
		memcpy(m->bytes + m->nbytes, line, len);
	m->e[m->ne] = (struct entry){h, m->nbytes, len};
	m->nbytes += len;
	m->slot[i] = (uint32_t)(m->ne + 1);
	*fresh = 1;
	return m->values + m->ne++ * m->value_size;
}
