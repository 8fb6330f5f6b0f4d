/*
 * ll_tsvesc.h - a name in a field of a tab-separated file: tab, newline,
 * carriage return and backslash written \t \n \r \\, so a class name that
 * holds them (a quoted CSV label "a<TAB>b") stays one field of one line.
 *
 * The one such escaping in loglab: the label journal (ll_journal.h) and a
 * run's predictions.tsv (datasets/ds_runs.c writes it, ds_predictions.c
 * and the results view read it) use it, so a name reads back as written.
 * A name without those four bytes is written as it is.
 */
#ifndef LL_TSVESC_H
#define LL_TSVESC_H

#include <stddef.h>

/* 1 when s holds a byte that is escaped. */
int ll_tsv_needs_escape(const char *s);
/* The length of s escaped (without the NUL). */
size_t ll_tsv_escaped_len(const char *s);
/* Writes s escaped and a NUL at out, which has ll_tsv_escaped_len(s) + 1
 * bytes; returns the length written. */
size_t ll_tsv_escape(const char *s, char *out);
/* Undoes ll_tsv_escape in place (the text only shrinks): \t, \n, \r and
 * \\. A backslash before any other byte, or at the end, is kept: the
 * escape never writes one, so it is the text's own (a file written before
 * names were escaped). */
void ll_tsv_unescape(char *s);

#endif
