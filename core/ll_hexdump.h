/*
 * ll_hexdump.h - recognising a row of a hex dump in a log.
 *
 * Programs log binary bodies as `hexdump -C` or Go's hex.Dump print them
 * (client-go's "Response Body:" is followed by such rows):
 *
 *     00000000  6b 38 73 00 0a 1f 0a 13  63 6f 6f 72 64 69 6e 61  |k8s.....coordina|
 *
 * Such a row is data, not a log record: the template miner gives every
 * row one shape and header inference does not take one for a record's
 * start. No ncurses, no file formats.
 */
#ifndef LL_HEXDUMP_H
#define LL_HEXDUMP_H

#include <stddef.h>

/* 1 when s[0, n) is a hex dump row: blanks, an offset of four or more hex
 * digits (a ':' may end it), one or more pairs of hex digits, each
 * followed by a blank, then a gutter "|...|" that ends the line (trailing
 * blanks aside) and holds one character per pair, blanks included; the
 * count is what tells a dump from text that has bars. On 1, *bar_open and
 * *bar_close (either may be NULL) are the offsets of the gutter's bars;
 * else 0 and they are left alone. */
int ll_hexdump_row(const char *s, size_t n, size_t *bar_open, size_t *bar_close);

#endif
