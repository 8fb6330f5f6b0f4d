/*
 * ll_strbuf.h - a growing, NUL-terminated string for building text of
 * unknown length (JSON edits, messages): appends never fail loudly; a
 * failed allocation sets oom and later appends do nothing, so a builder
 * checks once at the end.
 *
 * Ownership: s belongs to the buffer until the caller takes it (then the
 * caller frees it) or calls ll_strbuf_free.
 */
#ifndef LL_STRBUF_H
#define LL_STRBUF_H

#include <stddef.h>

struct ll_strbuf {
	char *s;    /* NULL until the first append */
	size_t len, cap;
	int oom;    /* an allocation failed: s holds what came before */
};

/* Appends n bytes of p (which may hold NULs). */
void ll_strbuf_add(struct ll_strbuf *b, const char *p, size_t n);
/* Appends a NUL-terminated string. */
void ll_strbuf_puts(struct ll_strbuf *b, const char *p);
/* Appends printf-style text. */
void ll_strbuf_printf(struct ll_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees s and empties the buffer. */
void ll_strbuf_free(struct ll_strbuf *b);

#endif
