/*
 * ds_json_scan.h - a pull scanner over the bytes of one JSON value.
 *
 * The JSON reader's first pass only needs each record's leaves in order
 * with the keys above them; building a cJSON tree for that (a node
 * allocated per value, a string per key) and walking it was most of its
 * time. The scanner hands out tokens instead: container starts and ends,
 * keys, strings (escapes decoded), numbers as their text, true, false and
 * null, each with the depth it stands at. Nothing is allocated per token:
 * strings are decoded into one buffer that grows once and is reused from
 * value to value.
 *
 * The grammar is RFC 8259's, exactly: blanks are space, tab, CR and LF;
 * strings hold no raw control character; escapes are \" \\ \/ \b \f \n \r
 * \t and \u with four hex digits, a surrogate only as a high one
 * followed by a low one;
 * numbers are -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?. Bytes of 0x80
 * and above pass through untouched (the reader takes text in any
 * encoding). Anything else is an error naming the line, column and cause,
 * and objects and arrays nested deeper than DS_JSON_SCAN_MAX_DEPTH are
 * one. One thing departs from decoding to the letter, to match what the
 * reader has always made of it: \u0000 is kept as its six characters
 * (a NUL would end the C string every later step takes).
 */
#ifndef DS_JSON_SCAN_H
#define DS_JSON_SCAN_H

#include <stddef.h>

/* Deeper than any record the reader flattens usefully; the tree parser
 * (cJSON, 1000 levels) takes what is deeper. */
#define DS_JSON_SCAN_MAX_DEPTH 512

enum ds_json_tok {
	DS_JSON_END,   /* the value is complete: ds_json_scan_rest() says what follows it */
	DS_JSON_ERROR, /* see ds_json_scan_error(); every later call returns it again */
	DS_JSON_OBJECT,
	DS_JSON_OBJECT_END,
	DS_JSON_ARRAY,
	DS_JSON_ARRAY_END,
	DS_JSON_KEY,
	DS_JSON_STRING,
	DS_JSON_NUMBER,
	DS_JSON_TRUE,
	DS_JSON_FALSE,
	DS_JSON_NULL,
};

/* One token. depth: the objects and arrays open around it (a container's
 * start and end count those around the container). A key's and a
 * string's decoded text is at offset off of the scanner's buffer,
 * NUL-terminated (ds_json_scan_text), and holds no NUL; a number's is
 * off..off+len of the input. */
struct ds_json_scan_tok {
	enum ds_json_tok kind;
	unsigned depth;
	size_t off, len;
	size_t at; /* where the token starts in the input */
};

struct ds_json_scan {
	const char *p;
	size_t n, i;
	size_t first_line; /* the line p[0] is on, for messages */
	unsigned depth;
	int want;          /* what may come next (ds_json_scan.c) */
	int failed;
	unsigned char open[DS_JSON_SCAN_MAX_DEPTH]; /* '{' or '[' per level */
	char *buf;         /* decoded keys and strings, each NUL-terminated */
	size_t blen, bcap;
	char err[200];     /* "line L, column C: cause" once failed */
	size_t err_at;
};

/* A scanner with nothing to scan; ds_json_scan_free releases its buffer. */
void ds_json_scan_init(struct ds_json_scan *s);
void ds_json_scan_free(struct ds_json_scan *s);

/* Starts on the value in p[0..n) (borrowed until the next start), which
 * begins on line first_line (1-based); the decoded text of the previous
 * value is dropped. Blanks before the value are skipped. */
void ds_json_scan_start(struct ds_json_scan *s, const char *p, size_t n, size_t first_line);

/* The next token into *t; its kind is also returned. After DS_JSON_END
 * or DS_JSON_ERROR the same kind comes back again. */
enum ds_json_tok ds_json_scan_next(struct ds_json_scan *s, struct ds_json_scan_tok *t);

/* The decoded text of a key or string token (NUL-terminated); valid until
 * the next ds_json_scan_start, however many tokens come between. */
static inline const char *ds_json_scan_text(const struct ds_json_scan *s, const struct ds_json_scan_tok *t)
{
	return s->buf + t->off;
}

/* After DS_JSON_END: the offset of the first byte after the value that is
 * not a blank (n when only blanks follow). */
size_t ds_json_scan_rest(const struct ds_json_scan *s);

/* After DS_JSON_ERROR: "line L, column C: cause" (the column in bytes)
 * and the offset of the byte at fault. */
const char *ds_json_scan_error(const struct ds_json_scan *s, size_t *at);

/* A number token's text p[0..n) as a double the way cJSON 1.7 reads it
 * (strtod of the text, with the locale's decimal point for '.'), without
 * strtod where the value is exact by ll_decimal_fast. 0 when the text is
 * 64 bytes or longer, which cJSON cuts at 63 before reading: the caller
 * must leave such a number to cJSON to read it the same way. */
int ds_json_scan_number(const char *p, size_t n, double *out);

/* The four hex digits at p (what follows the \u of an escape) as a UTF-16 code
 * unit into *out: 1, or 0 when one is no hex digit. The one reading of
 * escapes for the scanner and the cJSON path's mending of lone surrogates. */
int ds_json_hex4(const char *p, unsigned *out);

#endif
