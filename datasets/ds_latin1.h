/*
 * ds_latin1.h - text written in a Western single-byte encoding (ISO 8859-1,
 * or Windows-1252, its superset that Windows tools write) read as UTF-8.
 *
 * Old syslog daemons, Windows exports and French or German applications
 * write "é" as the single byte 0xE9, which is not UTF-8: shown raw it
 * is an escape (\xE9) and no word holding it matches a search. ds_source
 * converts such a file when its start reads as one (ds_latin1_sniff);
 * a UTF-8 file, even one with a few stray bytes, is left byte for byte.
 *
 * Bytes 0xA0 to 0xFF are the code points of the same number in both
 * encodings; 0x80 to 0x9F are Windows-1252's typographic characters
 * (quotes, dashes, the euro sign), the five it leaves undefined the C1
 * control of the same number, as browsers read a page labelled Latin-1.
 */
#ifndef DS_LATIN1_H
#define DS_LATIN1_H

#include <stddef.h>

/* Bytes of a file's start the sniff looks at. */
#define DS_LATIN1_SAMPLE 65536
/* A start of plain ASCII says nothing: the sniff then looks at the sample
 * from the line of the first byte of 0x80 or above within this many. */
#define DS_LATIN1_SCAN ((size_t)4 << 20)

/* 1 when data[0, n) (a file's start; only its first DS_LATIN1_SAMPLE
 * bytes are read, or when those are ASCII the DS_LATIN1_SAMPLE from the
 * line of the first other byte within DS_LATIN1_SCAN, as an English log
 * whose first accented name comes late; a UTF-8 sequence cut by the end
 * of those is not held against it) reads as Windows-1252 text and not as
 * UTF-8: it has
 * bytes of 0x80 and above that are no UTF-8 sequence, two or more (one
 * alone is as likely a damaged byte), at least ten for each well-formed
 * multi-byte sequence (a few such pairs happen by chance
 * in Western text; a UTF-8 file with a stray byte has more sequences than
 * stray bytes); no NUL and few control bytes (ds_looks_like_text); at
 * most a quarter of its bytes high; and at least three in four of them
 * alone or in pairs between ASCII bytes, as accents in Western words
 * are (a run of three or more is a word of another script: Cyrillic in
 * KOI8-R or Windows-1251, Chinese or Japanese in a double-byte encoding,
 * which a Latin-1 reading would only turn into wrong letters). */
int ds_latin1_sniff(const char *data, size_t n);

/* 1 when data[0, n) holds a byte of 0x80 or above. */
int ds_latin1_any_high(const char *data, size_t n);

/* Bytes the UTF-8 form of in[0, n) takes; *high (may be NULL) gets the
 * number of bytes of 0x80 and above, each one character converted. */
size_t ds_latin1_utf8_len(const char *in, size_t n, size_t *high);

/* Writes the UTF-8 form of in[0, n) to out (ds_latin1_utf8_len bytes, no
 * NUL added); returns the bytes written. ASCII bytes are copied as they
 * are, so line ends and escape codes stay where they were. */
size_t ds_latin1_to_utf8(const char *in, size_t n, char *out);

/* The inverse, in place: every character ds_latin1_to_utf8 writes becomes
 * its byte again, anything else stays; returns the new length. Label
 * journals hash a line's bytes as the file has them (ll_journal.h), so a
 * converted file's labels land on its lines as before it was converted. */
size_t ds_latin1_from_utf8(char *s, size_t n);

#endif
