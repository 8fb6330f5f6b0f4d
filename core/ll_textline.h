/*
 * ll_textline.h - the lines of a small text file held in memory (a run's
 * scaler.txt or imputer.txt), read one at a time into a fixed buffer.
 */
#ifndef LL_TEXTLINE_H
#define LL_TEXTLINE_H

#include <stddef.h>

/* The next line of the text at *p into buf (cap bytes), without its line
 * break (LF or CRLF), and *p moved past it: 1; 0 at the end of the text;
 * -1 when the line does not fit (*p moves past it all the same, buf is
 * left as it was): files of numbers have short lines, and a longer one is
 * malformed, not to be read in part. */
int ll_text_next_line(const char **p, char *buf, size_t cap);

/* How many lines ll_text_next_line would still return from p: what a
 * count the text declares is checked against before memory is taken for
 * it (a damaged "features 268435456" over a line or two). */
size_t ll_text_lines_left(const char *p);

#endif
