/*
 * ds_xls.h - the BIFF record stream of a legacy Excel workbook (.xls), as
 * ds_xls.c reads it: records and the CONTINUE records that carry on a long
 * one, and the strings they hold (BIFF8's UTF-16 or compressed Latin-1
 * characters, whose compression may change where a CONTINUE splits them;
 * BIFF5's single bytes of the workbook's code page), as UTF-8.
 */
#ifndef DS_XLS_H
#define DS_XLS_H

#include <stddef.h>
#include <stdint.h>

#include "ds_sheet.h"

#define XLS_CONTINUE 0x003C

/* A record: its type and data, at offset at of the stream (its header's),
 * next the offset of the record after it. */
struct xls_rec {
	unsigned type;
	const unsigned char *data;
	size_t len, at, next;
};

/* The record at *pos of stream s[0, n) into r, *pos moved past it: 1, 0
 * at the stream's end (fewer than 4 bytes left), -1 when the record runs
 * past the stream. */
int xls_rec_next(const unsigned char *s, size_t n, size_t *pos, struct xls_rec *r);

/* Reading a record's data on into its CONTINUE records. */
struct xls_cur {
	const unsigned char *s; /* the stream */
	size_t n;
	const unsigned char *p; /* the segment being read: p[0, left) */
	size_t left;
	size_t next; /* the stream offset of the record after the segment */
	int biff8;
	int codepage; /* BIFF5's strings; 0 is Windows-1252 */
};

/* A cursor at record r's data, offset skip. */
void xls_cur_init(struct xls_cur *c, const unsigned char *s, size_t n, const struct xls_rec *r, size_t skip,
		  int biff8, int codepage);

/* Bytes read (or skipped: buf NULL), crossing into CONTINUE records; 0
 * when the record and its continuations end first. */
int xls_cur_bytes(struct xls_cur *c, void *buf, size_t k);

/* A string whose character count takes count_bytes (1 or 2) bytes,
 * BIFF8's with its option flags, rich-text runs and phonetic block
 * skipped, BIFF5's in the code page, appended to out as UTF-8. 1 read, 0
 * the record ended inside it, -1 out of memory. */
int xls_cur_string(struct xls_cur *c, int count_bytes, struct ds_text *out);

/* The BIFF8 characters of a string whose count and flags are read: cch
 * characters, 16-bit or compressed by flags bit 0, the flags byte read
 * again at each CONTINUE. Same returns. */
int xls_cur_chars(struct xls_cur *c, size_t cch, int flags, struct ds_text *out);

static inline unsigned xls_u16(const unsigned char *p)
{
	return (unsigned)(p[0] | p[1] << 8);
}

static inline uint32_t xls_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A little-endian IEEE double. */
double xls_f64(const unsigned char *p);

/* An RK number: an integer or a double's high 30 bits, maybe / 100. */
double xls_rk(uint32_t rk);

/* The CSV text (as the readers hand it to the CSV reader) of the sheet
 * called sheet (NULL: the first with cells) of the legacy workbook (.xls)
 * at path, mapped at map, into csv; its name into name[0, cap). For
 * tests, fuzzing and comparisons with other readers. */
int ds_xls_csv(const char *path, const unsigned char *map, size_t size, const char *sheet, struct ds_text *csv,
	       char *name, size_t cap, struct ll_err *err);

/* The same of a binary workbook (.xlsb, a zip) (ds_xlsb.c). */
int ds_xlsb_csv(const char *path, const unsigned char *map, size_t size, const char *sheet, struct ds_text *csv,
		char *name, size_t cap, struct ll_err *err);

#endif
