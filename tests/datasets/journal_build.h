/*
 * journal_build.h - systemd journal files written object by object in
 * memory, for the tests of the journal reader: the regular and the compact
 * layout, DATA objects stored as given (the test compresses a payload
 * itself and names its codec), entries, and the entry array chain in
 * arrays of a chosen size with zero slots left at the end of the last, as
 * journald leaves them. Hashes are left zero: the reader does not use
 * them. Faults are made by the tests on the bytes afterwards (jb_at gives
 * an object's offset).
 */
#ifndef JOURNAL_BUILD_H
#define JOURNAL_BUILD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define JB_HEADER 272 /* systemd 254's header: every field there is */
#define JB_COMPACT (1u << 4)
#define JB_OBJ_XZ 1
#define JB_OBJ_LZ4 2
#define JB_OBJ_ZSTD 4

struct jb {
	unsigned char *p;
	size_t n, cap;
	uint32_t incompat;
	uint64_t entries[256]; /* offsets of the entries written */
	size_t nentries;
};

static void jb_room(struct jb *j, size_t n)
{
	if (j->n + n > j->cap) {
		j->cap = (j->n + n) * 2 + 4096;
		j->p = realloc(j->p, j->cap);
	}
}

static void jb_set64(struct jb *j, size_t at, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		j->p[at + (size_t)i] = (unsigned char)(v >> (8 * i));
}

static void jb_set32(struct jb *j, size_t at, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		j->p[at + (size_t)i] = (unsigned char)(v >> (8 * i));
}

/* n zero bytes at the end; their offset. */
static size_t jb_zeros(struct jb *j, size_t n)
{
	jb_room(j, n);
	memset(j->p + j->n, 0, n);
	j->n += n;
	return j->n - n;
}

/* A new file: the header, with incompat flags (JB_COMPACT for the compact
 * layout, the codecs' flags for compressed data). */
static void jb_begin(struct jb *j, uint32_t incompat)
{
	memset(j, 0, sizeof *j);
	j->incompat = incompat;
	jb_zeros(j, JB_HEADER);
	memcpy(j->p, "LPKSHHRH", 8);
	jb_set32(j, 12, incompat);
	for (int i = 0; i < 16; i++)
		j->p[72 + i] = (unsigned char)(0xA0 + i); /* seqnum_id */
	jb_set64(j, 88, JB_HEADER);
}

/* An object of type and flags with payload body[0, n) after its 16-byte
 * head, padded to 8 bytes; its offset. */
static size_t jb_object(struct jb *j, int type, int flags, const void *body, size_t n)
{
	size_t at = jb_zeros(j, (16 + n + 7) & ~(size_t)7);
	j->p[at] = (unsigned char)type;
	j->p[at + 1] = (unsigned char)flags;
	jb_set64(j, at + 8, 16 + n);
	if (n)
		memcpy(j->p + at + 16, body, n);
	return at;
}

/* A DATA object holding payload[0, n) ("FIELD=value", or its compressed
 * form with flags JB_OBJ_*); its offset. */
static size_t jb_data(struct jb *j, const void *payload, size_t n, int flags)
{
	size_t head = j->incompat & JB_COMPACT ? 56 : 48; /* hash, links, counts before the payload */
	unsigned char *body = calloc(1, head + n + 1);
	memcpy(body + head, payload, n);
	size_t at = jb_object(j, 1, flags, body, head + n);
	free(body);
	return at;
}

static size_t jb_text(struct jb *j, const char *s)
{
	return jb_data(j, s, strlen(s), 0);
}

/* An ENTRY of the DATA objects at data[0, n); its offset. */
static size_t jb_entry(struct jb *j, uint64_t seqnum, uint64_t realtime, uint64_t monotonic, const size_t *data,
		       size_t n)
{
	size_t isz = j->incompat & JB_COMPACT ? 4 : 16;
	unsigned char *body = calloc(1, 48 + n * isz);
	size_t at = jb_object(j, 3, 0, body, 48 + n * isz);
	free(body);
	jb_set64(j, at + 16, seqnum);
	jb_set64(j, at + 24, realtime);
	jb_set64(j, at + 32, monotonic);
	for (int i = 0; i < 16; i++)
		j->p[at + 40 + (size_t)i] = (unsigned char)(0xB0 + i); /* boot id */
	for (size_t i = 0; i < n; i++) {
		if (isz == 4)
			jb_set32(j, at + 64 + i * 4, (uint32_t)data[i]);
		else
			jb_set64(j, at + 64 + i * 16, data[i]);
	}
	j->entries[j->nentries++] = at;
	return at;
}

/* The chain of entry arrays of per slots each, listing every entry
 * written; the header points at its first. Returns the offset of the
 * array number k (0 the first), for tests that break it. */
static size_t jb_arrays(struct jb *j, size_t per, size_t k)
{
	size_t isz = j->incompat & JB_COMPACT ? 4 : 8, prev = 0, want = 0, idx = 0;
	for (size_t e = 0; e < j->nentries; e += per, idx++) {
		unsigned char *body = calloc(1, 8 + per * isz);
		size_t at = jb_object(j, 6, 0, body, 8 + per * isz);
		free(body);
		for (size_t i = 0; i < per && e + i < j->nentries; i++) {
			if (isz == 4)
				jb_set32(j, at + 24 + i * 4, (uint32_t)j->entries[e + i]);
			else
				jb_set64(j, at + 24 + i * 8, j->entries[e + i]);
		}
		if (prev)
			jb_set64(j, prev + 16, at);
		else
			jb_set64(j, 176, at);
		if (idx == k)
			want = at;
		prev = at;
	}
	return want;
}

/* The header's counts and sizes; state 0 offline, 1 online, 2 archived. */
static void jb_finish(struct jb *j, int state)
{
	j->p[16] = (unsigned char)state;
	jb_set64(j, 96, j->n - JB_HEADER);     /* arena_size */
	jb_set64(j, 152, j->nentries);          /* n_entries */
	if (j->nentries) {
		jb_set64(j, 168, 1);            /* head_entry_seqnum */
		jb_set64(j, 160, j->nentries); /* tail_entry_seqnum */
	}
}

#endif
