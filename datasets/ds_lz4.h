/*
 * ds_lz4.h - the decoder of lz4 files for ds_codec.h, through liblz4: the
 * frame format (what `lz4` writes), frames one after another, skippable
 * frames (metadata some tools put in front) and the legacy format of
 * `lz4 -l` (the Linux kernel's), mixed in one file as the lz4 tool reads
 * them. A block is at most 4 MiB (8 MiB in the legacy format), so the
 * decoder's memory is bounded by the format, unlike xz's.
 *
 * The magic bytes are known in every build; the decoder only when
 * configure found liblz4 (HAVE_LZ4).
 */
#ifndef DS_LZ4_H
#define DS_LZ4_H

#include <stddef.h>

/* 1 when b[0, n) begins an lz4 frame, a skippable frame or a legacy
 * stream. */
int ds_lz4_sniff(const unsigned char *b, size_t n);

enum ds_lz4_status {
	DS_LZ4_OK,        /* out is full, or input is wanted: call again */
	DS_LZ4_END,       /* the last frame ended; only zero padding, if anything, followed */
	DS_LZ4_TRUNCATED, /* the input ends inside a frame or block */
	DS_LZ4_CORRUPT,   /* see ds_lz4_why, and *used: where the bad bytes begin */
	DS_LZ4_NOMEM
};

struct ds_lz4;

/* NULL when this build has no liblz4, or memory is short. */
struct ds_lz4 *ds_lz4_new(void);
void ds_lz4_free(struct ds_lz4 *z);

/* Decodes from in[0, n), the rest of the input (all of it), into
 * out[0, cap); *used and *made get the bytes taken and written. On
 * DS_LZ4_CORRUPT, *used is the offset where the bytes found bad begin, and
 * ds_lz4_span how many of them liblz4 was given (it says no closer). */
enum ds_lz4_status ds_lz4_run(struct ds_lz4 *z, const unsigned char *in, size_t n, size_t *used, unsigned char *out,
			      size_t cap, size_t *made);

const char *ds_lz4_why(const struct ds_lz4 *z);
size_t ds_lz4_span(const struct ds_lz4 *z);

#endif
