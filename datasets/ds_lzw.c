/*
 * ds_lzw.c - Unix compress (.Z) decoding (see ds_lzw.h).
 *
 * The layout, as compress writes it: a 3-byte header (1F 9D, then the
 * maximum code width in the low 5 bits and block mode in bit 7), then codes
 * packed least significant bit first. Codes are written in groups of eight
 * (n_bits bytes); when the width grows, or after a CLEAR, the rest of the
 * current group is padding, so the reader skips to the group's end.
 */
#include "ds_lzw.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_BITS 9
#define MAX_BITS 16
#define CLEAR 256
#define TABLE (1u << MAX_BITS)
/* A string is at most one byte longer than the table has entries. */
#define STACK (TABLE + 8)

struct ds_lzw {
	int header;            /* the 3 header bytes were read */
	unsigned max_bits, block;
	unsigned bit;          /* bits of in[0] already taken by earlier codes */
	unsigned n_bits;       /* the width of the next code */
	unsigned in_group;     /* codes read since the width last changed */
	uint32_t max_code;     /* the code past which the width grows */
	uint32_t table_end;    /* 1 << max_bits: no entry is made there */
	uint32_t next;         /* the next entry to make */
	int32_t prev;          /* the previous code, -1 before the first */
	unsigned char last;    /* the first byte of the previous code's string */
	size_t top;            /* stack[top, STACK) is decoded and not yet given out */
	const char *why;
	uint16_t prefix[TABLE];
	unsigned char suffix[TABLE];
	unsigned char stack[STACK];
};

int ds_lzw_sniff(const unsigned char *b, size_t n)
{
	return n >= 3 && b[0] == 0x1F && b[1] == 0x9D && (b[2] & 0x1F) >= FIRST_BITS && (b[2] & 0x1F) <= MAX_BITS &&
	       (b[2] & 0x60) == 0;
}

struct ds_lzw *ds_lzw_new(void)
{
	struct ds_lzw *z = malloc(sizeof *z);
	if (!z)
		return NULL;
	z->header = 0;
	z->bit = 0;
	z->top = STACK;
	z->why = "";
	return z;
}

void ds_lzw_free(struct ds_lzw *z)
{
	free(z);
}

const char *ds_lzw_why(const struct ds_lzw *z)
{
	return z->why;
}

/* Sets the width to w and the code past which it grows again: the last
 * width holds until the table is full. The first width grows once its
 * codes are used up even when it is the last (compress -b9 writes 10-bit
 * codes once its 512 entries are made, and so its readers expect). */
static void set_width(struct ds_lzw *z, unsigned w)
{
	z->n_bits = w;
	z->in_group = 0;
	z->max_code = w > FIRST_BITS && w >= z->max_bits ? z->table_end : (1u << w) - 1;
}

static enum ds_lzw_status fail(struct ds_lzw *z, const char *why)
{
	z->why = why;
	return DS_LZW_CORRUPT;
}

enum ds_lzw_status ds_lzw_run(struct ds_lzw *z, const unsigned char *in, size_t n, size_t *used, unsigned char *out,
			      size_t cap, size_t *made)
{
	size_t p = 0; /* in[p] holds the next code's first bit, at z->bit */
	*used = *made = 0;
	if (!z->header) {
		if (n < 3)
			return DS_LZW_TRUNCATED;
		if (!ds_lzw_sniff(in, n))
			return fail(z, "not compress data");
		z->max_bits = in[2] & 0x1F;
		z->block = (in[2] & 0x80) != 0;
		z->table_end = 1u << z->max_bits;
		z->next = z->block ? CLEAR + 1 : CLEAR;
		z->prev = -1;
		set_width(z, FIRST_BITS);
		z->header = 1;
		p = 3;
	}
	for (;;) {
		size_t pending = STACK - z->top, room = cap - *made;
		size_t give = pending < room ? pending : room;
		if (give)
			memcpy(out + *made, z->stack + z->top, give);
		z->top += give;
		*made += give;
		if (z->top < STACK || *made == cap) {
			*used = p;
			return DS_LZW_OK;
		}
		size_t avail = (n - p) * 8 - (p < n ? z->bit : 0);
		if (z->next > z->max_code) {
			/* the width grows: the rest of this group is padding */
			size_t skip = (size_t)((8 - z->in_group % 8) % 8) * z->n_bits;
			if (skip > avail) /* padding the encoder did not write, at the end */
				goto end;
			size_t bits = z->bit + skip;
			p += bits / 8;
			z->bit = (unsigned)(bits % 8);
			set_width(z, z->n_bits + 1);
			continue;
		}
		if (avail < z->n_bits) {
			/* compress pads its last code to a byte: a byte or more of
			 * a code left means the file was cut */
			if (avail >= 8) {
				*used = p;
				return DS_LZW_TRUNCATED;
			}
			goto end;
		}
		/* a code spans at most 3 bytes (16 bits from any bit offset) */
		uint32_t w = in[p];
		if (p + 1 < n)
			w |= (uint32_t)in[p + 1] << 8;
		if (p + 2 < n)
			w |= (uint32_t)in[p + 2] << 16;
		uint32_t code = (w >> z->bit) & ((1u << z->n_bits) - 1);
		size_t at = p, bits = z->bit + z->n_bits;
		p += bits / 8;
		z->bit = (unsigned)(bits % 8);
		z->in_group++;
		if (z->prev < 0) {
			if (code >= CLEAR) {
				*used = at;
				return fail(z, "the first code is not a byte");
			}
			z->prev = (int32_t)code;
			z->last = (unsigned char)code;
			z->stack[--z->top] = (unsigned char)code;
			continue;
		}
		if (z->block && code == CLEAR) {
			size_t skip = (size_t)((8 - z->in_group % 8) % 8) * z->n_bits;
			avail = (n - p) * 8 - (p < n ? z->bit : 0);
			if (skip > avail)
				goto end;
			bits = z->bit + skip;
			p += bits / 8;
			z->bit = (unsigned)(bits % 8);
			/* the code after a CLEAR makes the entry at CLEAR itself,
			 * which no code can name: the next real one is CLEAR + 1 */
			z->next = CLEAR;
			set_width(z, FIRST_BITS);
			continue;
		}
		uint32_t c = code;
		if (c >= z->next) {
			/* a code made by the step that names it: the previous
			 * string and its own first byte */
			if (c > z->next) {
				*used = at;
				return fail(z, "a code past the table's end");
			}
			z->stack[--z->top] = z->last;
			c = (uint32_t)z->prev;
		}
		while (c >= CLEAR) {
			if (z->top == 0) {
				*used = at;
				return fail(z, "a string longer than the table");
			}
			z->stack[--z->top] = z->suffix[c];
			c = z->prefix[c];
		}
		if (z->top == 0) {
			*used = at;
			return fail(z, "a string longer than the table");
		}
		z->last = (unsigned char)c;
		z->stack[--z->top] = z->last;
		if (z->next < z->table_end) {
			z->prefix[z->next] = (uint16_t)z->prev;
			z->suffix[z->next] = z->last;
			z->next++;
		}
		z->prev = (int32_t)code;
	}
end:
	*used = n;
	z->bit = 0;
	return DS_LZW_END;
}
