/*
 * tui_escseq.c - the keys of escape sequences the terminfo entry does not
 * list.
 *
 * ncurses turns a key's sequence into KEY_* only when $TERM's entry names
 * it. TERM=xterm-256color inside tmux or screen (a common set-up) lists
 * Home and End as ESC O H and ESC O F, while tmux sends ESC [ 1 ~ and
 * ESC [ 4 ~: ncurses then handed over ESC, '[', '1', '~' as four keys, and
 * '1' labelled the line as class 1. The loop reads such a sequence whole
 * (tui_term.c) and asks here which key it is: the usual VT/xterm ones are
 * mapped, whatever else (focus reports, modified keys nobody binds) is
 * dropped rather than typed.
 */
#include "tui_request.h"

#include <curses.h>

#include <stdlib.h>

/* ESC [ n ~ : n's key, 0 when none */
static int tilde_key(int n)
{
	switch (n) {
	case 1: case 7: return TUI_KEY_FN(KEY_HOME);
	case 4: case 8: return TUI_KEY_FN(KEY_END);
	case 2: return TUI_KEY_FN(KEY_IC);
	case 3: return TUI_KEY_FN(KEY_DC);
	case 5: return TUI_KEY_FN(KEY_PPAGE);
	case 6: return TUI_KEY_FN(KEY_NPAGE);
	case 11: case 12: case 13: case 14: case 15: return TUI_KEY_FN(KEY_F(n - 10));
	case 17: case 18: case 19: case 20: case 21: return TUI_KEY_FN(KEY_F(n - 11));
	case 23: case 24: return TUI_KEY_FN(KEY_F(n - 12));
	default: return 0;
	}
}

/* A final letter's key (CSI or SS3 alike), 0 when none. */
static int letter_key(int c)
{
	switch (c) {
	case 'A': return TUI_KEY_FN(KEY_UP);
	case 'B': return TUI_KEY_FN(KEY_DOWN);
	case 'C': return TUI_KEY_FN(KEY_RIGHT);
	case 'D': return TUI_KEY_FN(KEY_LEFT);
	case 'H': return TUI_KEY_FN(KEY_HOME);
	case 'F': return TUI_KEY_FN(KEY_END);
	case 'P': case 'Q': case 'R': case 'S': return TUI_KEY_FN(KEY_F(c - 'P' + 1));
	case 'Z': return TUI_KEY_FN(KEY_BTAB);
	default: return 0;
	}
}

int tui_escseq_complete(const int *seq, size_t n)
{
	if (n < 2)
		return 0;
	if (seq[0] == 'O')
		return 1;
	/* CSI: parameter and intermediate bytes, then one final byte */
	int last = seq[n - 1];
	return n >= 2 && last >= 0x40 && last <= 0x7e;
}

int tui_escseq_key(const int *seq, size_t n)
{
	if (n < 2 || !tui_escseq_complete(seq, n))
		return 0;
	if (seq[0] == 'O')
		return n == 2 ? letter_key(seq[1]) : 0;
	if (seq[0] != '[')
		return 0;
	int final = seq[n - 1];
	/* the first parameter; a modifier after ';' (Ctrl, Shift) is
	 * ignored: Ctrl-Home is taken as Home rather than dropped */
	int first = 0, digits = 0;
	for (size_t i = 1; i + 1 < n && seq[i] >= '0' && seq[i] <= '9' && digits < 4; i++, digits++)
		first = first * 10 + (seq[i] - '0');
	for (size_t i = 1; i + 1 < n; i++)
		if (!(seq[i] >= '0' && seq[i] <= '9') && seq[i] != ';')
			return 0; /* private (<, ?, >) or intermediate bytes: a report, no key */
	if (final == '~')
		return tilde_key(first);
	return letter_key(final);
}
