/*
 * ds_textconv.h - the conversions ds_source makes to a whole file's text
 * (UTF-16 to UTF-8, a UTF-8 mark left out, terminal escape codes removed,
 * Latin-1 to UTF-8, CR line ends to LF), decided once on the file's start
 * with ds_source's own sniffs and then applied a slice at a time, for a
 * reader that gets a file in slices (a fleet: ds_fleet_src.h). Whatever
 * splits the slices (a UTF-16 unit or surrogate pair, an escape sequence,
 * a CRLF), the text made equals what ds_source makes of the whole file.
 */
#ifndef DS_TEXTCONV_H
#define DS_TEXTCONV_H

#include <stddef.h>

#include "ll_err.h"

/* Bytes of a file's start a plan is made on: the sniffs read at most 64
 * KiB of the text each step makes, and UTF-16 halves it or removed
 * escape codes shorten it before the later steps read it. */
#define DS_TEXTCONV_SAMPLE ((size_t)256 << 10)

struct ds_textconv {
	/* the plan (ds_textconv_plan) */
	int utf16;       /* 'L', 'B' (ds_source_utf16) or 0 */
	int bom16;       /* a UTF-16 mark starts the file */
	int mark;        /* a UTF-8 mark starts the text (after UTF-16) */
	int strip;       /* terminal escape codes are removed */
	int latin1;      /* the text is Latin-1 (ds_latin1.h) */
	int cr;          /* lines end with CR alone */
	/* what was done so far */
	size_t removed;  /* escape codes removed */
	size_t concealed; /* bytes of text they concealed, removed (ds_escape_conceals) */
	size_t high;     /* Latin-1 characters converted */
	/* private: what a slice left for the next */
	size_t skip16, skip8;
	unsigned char u16[4];
	size_t nu16;
	int hidden;      /* the slice ended in concealed text */
	char *esc;       /* from an ESC whose sequence the slice's end may cut */
	size_t nesc, cesc;
	char *b1, *b2, *b3;
	size_t c1, c2, c3;
};

/* Decides, on data[0, n) (a file's first bytes as stored after
 * decompression; whole = 1 when that is all of it), what ds_source would do to the file.
 * Returns 1 when the text needs converting, 0 when it reads as it is;
 * -1 (LL_ENOMEM in err) without memory. c needs ds_textconv_free after. */
int ds_textconv_plan(struct ds_textconv *c, const char *data, size_t n, int whole, struct ll_err *err);

/* Converts the next n bytes of the file (final = 1 for its last ones):
 * *out (valid until the next call) gets *outn bytes of text. Bytes that
 * may belong with the next slice's are kept for it. */
int ds_textconv_run(struct ds_textconv *c, const char *in, size_t n, int final, const char **out, size_t *outn,
		    struct ll_err *err);

/* The notes ds_source gives for what was converted (escape codes removed,
 * Latin-1 read), "; " between, each starting with name: into buf; 0 when
 * there is none. */
size_t ds_textconv_note(const struct ds_textconv *c, const char *name, char *buf, size_t cap);

void ds_textconv_free(struct ds_textconv *c);

/* UTF-16 units at b[0, n) (le: little-endian) as UTF-8 at out (room for
 * n / 2 * 3 + 3 bytes); a lone surrogate or an odd last byte become
 * U+FFFD. Unless final, a last odd byte or a high surrogate without its
 * pair are left: *used gets the bytes read. Returns the bytes written. */
size_t ds_utf16_to_utf8(int le, const unsigned char *b, size_t n, int final, unsigned char *out, size_t *used);

#endif
