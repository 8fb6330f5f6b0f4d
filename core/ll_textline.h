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

#endif
