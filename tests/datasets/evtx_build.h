/*
 * evtx_build.h - Windows event log files (.evtx) written byte by byte in
 * memory, for the tests of the evtx reader: the file header, 64 KiB chunks
 * with their checksums, records, and Binary XML token by token (names
 * written in the stream at their first use in a chunk and referred to by
 * offset after, template instances whose definition is written in the
 * first record that uses it, substitution values). Faults are made by the
 * tests on the bytes afterwards.
 */
#ifndef EVTX_BUILD_H
#define EVTX_BUILD_H

#include "ll_journal.h" /* ll_crc32 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EB_HEADER 4096
#define EB_CHUNK 65536

struct eb {
	unsigned char *p; /* the file */
	size_t size;
	size_t chunk;     /* the chunk being written: its offset in the file */
	size_t pos;       /* where the next byte goes, in the chunk */
	size_t rec;       /* the record being written, in the chunk */
	size_t last_rec;
	uint64_t first_id, last_id, nrec;
	char names[64][32];
	size_t name_at[64];
	size_t nnames;
	size_t nchunks;
};

static void eb_put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void eb_put64(unsigned char *p, uint64_t v)
{
	eb_put32(p, (uint32_t)v);
	eb_put32(p + 4, (uint32_t)(v >> 32));
}

static void eb_init(struct eb *b, size_t nchunks)
{
	memset(b, 0, sizeof *b);
	b->size = EB_HEADER + nchunks * EB_CHUNK;
	b->p = calloc(1, b->size);
	b->nchunks = nchunks;
}

static unsigned char *eb_c(struct eb *b)
{
	return b->p + b->chunk;
}

static void eb_u8(struct eb *b, unsigned v)
{
	eb_c(b)[b->pos++] = (unsigned char)v;
}

static void eb_u16(struct eb *b, unsigned v)
{
	eb_u8(b, v & 0xff);
	eb_u8(b, (v >> 8) & 0xff);
}

static void eb_u32(struct eb *b, uint32_t v)
{
	eb_put32(eb_c(b) + b->pos, v);
	b->pos += 4;
}

static void eb_u64(struct eb *b, uint64_t v)
{
	eb_put64(eb_c(b) + b->pos, v);
	b->pos += 8;
}

/* ASCII s as UTF-16LE, no count. */
static void eb_wide(struct eb *b, const char *s)
{
	for (; *s; s++)
		eb_u16(b, (unsigned char)*s);
}

static void eb_chunk_begin(struct eb *b, size_t index)
{
	b->chunk = EB_HEADER + index * EB_CHUNK;
	b->pos = 512;
	b->nnames = 0;
	b->nrec = 0;
	memcpy(eb_c(b), "ElfChnk", 8);
}

/* A name reference: written here the first time in the chunk (its
 * offset is then the very next byte), by offset after. */
static void eb_name(struct eb *b, const char *s)
{
	for (size_t i = 0; i < b->nnames; i++)
		if (strcmp(b->names[i], s) == 0) {
			eb_u32(b, (uint32_t)b->name_at[i]);
			return;
		}
	size_t at = b->pos + 4;
	if (b->nnames < 64) {
		strncpy(b->names[b->nnames], s, 31);
		b->name_at[b->nnames++] = at;
	}
	eb_u32(b, (uint32_t)at);
	eb_u32(b, 0);  /* the next name of its hash */
	eb_u16(b, 0);  /* hash: the reader does not use it */
	eb_u16(b, (unsigned)strlen(s));
	eb_wide(b, s);
	eb_u16(b, 0);
}

static void eb_fragment(struct eb *b)
{
	eb_u8(b, 0x0f);
	eb_u8(b, 1);
	eb_u8(b, 1);
	eb_u8(b, 0);
}

/* An element's start: dep says it carries a dependency identifier (in a
 * template definition); attrs that attributes follow. */
static void eb_open(struct eb *b, const char *name, int dep, int attrs)
{
	eb_u8(b, attrs ? 0x41 : 0x01);
	if (dep)
		eb_u16(b, 0xffff);
	eb_u32(b, 0); /* the element's size: the reader goes by tokens */
	eb_name(b, name);
	if (attrs)
		eb_u32(b, 0);
}

static void eb_attr(struct eb *b, const char *name, int more)
{
	eb_u8(b, more ? 0x46 : 0x06);
	eb_name(b, name);
}

static void eb_close_start(struct eb *b)
{
	eb_u8(b, 0x02);
}

static void eb_close_empty(struct eb *b)
{
	eb_u8(b, 0x03);
}

static void eb_end(struct eb *b)
{
	eb_u8(b, 0x04);
}

/* A string value token. */
static void eb_text(struct eb *b, const char *s)
{
	eb_u8(b, 0x05);
	eb_u8(b, 0x01);
	eb_u16(b, (unsigned)strlen(s));
	eb_wide(b, s);
}

static void eb_subst(struct eb *b, unsigned id, unsigned type, int optional)
{
	eb_u8(b, optional ? 0x0e : 0x0d);
	eb_u16(b, id);
	eb_u8(b, type);
}

/* A template instance's head: the definition written here (returns the
 * offset of the definition's size, for eb_def_end) when def is 0, else a
 * reference to the definition at def. */
static size_t eb_instance(struct eb *b, size_t def, size_t *def_at)
{
	eb_u8(b, 0x0c);
	eb_u8(b, 1);
	eb_u32(b, 7); /* template id */
	if (def) {
		eb_u32(b, (uint32_t)def);
		return 0;
	}
	*def_at = b->pos + 4;
	eb_u32(b, (uint32_t)*def_at);
	eb_u32(b, 0); /* next template */
	for (int i = 0; i < 16; i++)
		eb_u8(b, (unsigned)(0x10 + i)); /* GUID */
	size_t size_at = b->pos;
	eb_u32(b, 0);
	return size_at;
}

static void eb_def_end(struct eb *b, size_t size_at)
{
	eb_put32(eb_c(b) + size_at, (uint32_t)(b->pos - size_at - 4));
}

struct eb_value {
	unsigned type;
	const void *data;
	size_t size;
};

/* The substitution values after a template instance. */
static void eb_values(struct eb *b, const struct eb_value *v, size_t n)
{
	eb_u32(b, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		eb_u16(b, (unsigned)v[i].size);
		eb_u8(b, v[i].type);
		eb_u8(b, 0);
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i].size) /* a value left out has no bytes, and may have no pointer */
			memcpy(eb_c(b) + b->pos, v[i].data, v[i].size);
		b->pos += v[i].size;
	}
}

static void eb_record_begin(struct eb *b, uint64_t id)
{
	b->rec = b->pos;
	eb_u32(b, 0x2a2a);
	eb_u32(b, 0);
	eb_u64(b, id);
	eb_u64(b, 131000000000000000ull); /* written */
	if (!b->nrec++)
		b->first_id = id;
	b->last_id = id;
}

static void eb_record_end(struct eb *b)
{
	eb_u8(b, 0x00); /* end of the fragment */
	uint32_t size = (uint32_t)(b->pos + 4 - b->rec);
	eb_u32(b, size);
	eb_put32(eb_c(b) + b->rec + 4, size);
	b->last_rec = b->rec;
}

/* The chunk's header: record numbers and ids, offsets, both checksums. */
static void eb_chunk_end(struct eb *b)
{
	unsigned char *c = eb_c(b);
	eb_put64(c + 8, b->first_id);
	eb_put64(c + 16, b->last_id);
	eb_put64(c + 24, b->first_id);
	eb_put64(c + 32, b->last_id);
	eb_put32(c + 40, 128);
	eb_put32(c + 44, (uint32_t)b->last_rec);
	eb_put32(c + 48, (uint32_t)b->pos);
	eb_put32(c + 52, ll_crc32(c + 512, b->pos - 512));
	unsigned char h[504];
	memcpy(h, c, 120);
	memcpy(h + 120, c + 128, 384);
	eb_put32(c + 124, ll_crc32(h, sizeof h));
}

static void eb_file_end(struct eb *b, uint32_t flags)
{
	unsigned char *p = b->p;
	memcpy(p, "ElfFile", 8);
	eb_put64(p + 16, b->nchunks ? b->nchunks - 1 : 0);
	eb_put32(p + 32, 128);
	p[36] = 1;
	p[38] = 3;
	p[40] = 0x00;
	p[41] = 0x10; /* 4096 */
	p[42] = (unsigned char)b->nchunks;
	eb_put32(p + 120, flags);
	eb_put32(p + 124, ll_crc32(p, 120));
}

#endif
