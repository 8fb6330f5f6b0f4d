/*
 * textcell.h - how the bytes of a line become screen cells.
 *
 * Log files hold anything: valid UTF-8 with wide (CJK) characters and
 * combining marks, tabs, stray control bytes, invalid UTF-8. This module
 * turns bytes into glyphs a terminal can show safely: printable characters
 * as themselves (with their wcwidth), tabs as spaces to the next multiple
 * of 8, and every control byte, invalid sequence or unprintable character
 * as a visible escape "\xNN" (one per byte), so a line never moves the
 * cursor, rings the bell or changes the terminal's state. A line break,
 * which only a value can hold (a quoted CSV cell, a JSON string), is one
 * marked glyph for LF or CRLF: U+21B5 where UTF-8 shows, "\n" elsewhere.
 *
 * No curses here: the module is tested on its own (tests/tui/test_textcell).
 */
#ifndef TUI_TEXTCELL_H
#define TUI_TEXTCELL_H

#include <stddef.h>
#include <wchar.h>

/* Longest glyph text: a tab expands to at most 8 spaces. */
#define TC_GLYPH_MAX 9
#define TC_TAB 8

struct tc_glyph {
	wchar_t wc[TC_GLYPH_MAX]; /* NUL-terminated text to draw */
	int width;                /* display columns (0 never happens) */
	int escaped;              /* 1 when shown as an escape ("\xNN", a line break's mark) */
	int spaces;               /* 1 for an expanded tab */
	size_t off, len;          /* the source bytes this glyph stands for */
};

/* 1 when the current LC_CTYPE is UTF-8, so characters beyond ASCII can be
 * shown; in other locales every byte >= 0x80 is escaped. */
int tc_locale_utf8(void);

/* Length (1..4) of the valid UTF-8 sequence at s[0..n) and its code point
 * in *cp, or 0 when the bytes there are not valid UTF-8 (overlong forms,
 * surrogates and code points above U+10FFFF are invalid). The one decoder
 * of the TUI: screen text and key scripts agree on what is valid. */
int tc_utf8_decode(const char *s, size_t n, unsigned *cp);

/* Encodes code point c (at most U+10FFFF) as UTF-8 into out; returns the
 * number of bytes written (1..4), no NUL. */
int tc_utf8_encode(unsigned c, char out[4]);

/* Decodes the glyph starting at *pos in s[0..n) and advances *pos past it
 * (and past any combining marks that follow a printable base character).
 * col is the display column where the glyph starts (for tab stops).
 * Returns 0 at the end of the text. */
int tc_next(const char *s, size_t n, size_t *pos, size_t col, int utf8, struct tc_glyph *g);

/* Display width of the whole text, as tc_next would lay it out. */
size_t tc_width(const char *s, size_t n, int utf8);

/* The text as it is shown, in UTF-8, into buf (NUL-terminated, truncated
 * to cap); returns the full length wanted. For tests and for dumps. */
size_t tc_render(const char *s, size_t n, int utf8, char *buf, size_t cap);

#endif
