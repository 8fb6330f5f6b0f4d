/*
 * ds_lzw.h - the decoder of Unix compress (.Z) files for ds_codec.h: LZW
 * with codes of 9 bits growing to the header's maximum (9-16), and, in
 * block mode, the CLEAR code that starts the table again.
 *
 * No library reads .Z, and the format is small and fixed since 1985, so it
 * is decoded here. The format has no end marker and no checksum: the end
 * of the input is the end of the text. A cut file is told only when it
 * leaves a whole byte or more of a code behind (compress pads its last
 * code to a byte), so a cut at a code boundary reads as a shorter text.
 */
#ifndef DS_LZW_H
#define DS_LZW_H

#include <stddef.h>

/* 1 when b[0, n) begins a .Z header (magic 1F 9D, 9-16 bit codes, the
 * flag bits compress never sets clear). */
int ds_lzw_sniff(const unsigned char *b, size_t n);

enum ds_lzw_status {
	DS_LZW_OK,        /* out is full, or input is wanted: call again */
	DS_LZW_END,       /* the input is all decoded */
	DS_LZW_TRUNCATED, /* the input ends inside a code */
	DS_LZW_CORRUPT,   /* a code no encoder makes */
	DS_LZW_NOMEM
};

struct ds_lzw;

struct ds_lzw *ds_lzw_new(void);
void ds_lzw_free(struct ds_lzw *z);

/* Decodes from in[0, n), the rest of the input (all of it: the end of the
 * data is told by it), into out[0, cap); *used and *made get the bytes
 * taken and written. On DS_LZW_CORRUPT, *used is the offset of the byte
 * holding the bad code. */
enum ds_lzw_status ds_lzw_run(struct ds_lzw *z, const unsigned char *in, size_t n, size_t *used, unsigned char *out,
			      size_t cap, size_t *made);

/* Why the last DS_LZW_CORRUPT. */
const char *ds_lzw_why(const struct ds_lzw *z);

#endif
