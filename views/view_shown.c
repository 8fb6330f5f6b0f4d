/*
 * view_shown.c - a name from the data (a class, a label) as a view prints
 * it (view.h: view_shown).
 *
 * Class names come from label cells and label files, so they may hold a
 * tab or a newline ("a<TAB>b" in a quoted CSV cell). Drawn raw, the tab
 * widens a name past its column and the newline (drawn as a glyph, or
 * breaking a formatted report over two lines) hides what the name is. The
 * views print such names escaped as the CLI does (ll_escape: \t, \n, \r,
 * \xNN), so a row's layout holds and the name reads as it is written in
 * predictions.tsv. Lookups keep using the names themselves.
 */
#include "view.h"

#include "ll_err.h"

#include <string.h>

const char *view_shown(const char *s)
{
	if (!s)
		return "";
	size_t n = strlen(s);
	/* a name with nothing to escape is shown as it is (the common case) */
	int plain = 1;
	for (size_t i = 0; i < n && plain; i++) {
		unsigned char c = (unsigned char)s[i];
		plain = c >= 0x20 && c != 0x7f && c != 0xc2;
	}
	if (plain)
		return s;
	return ll_escaped_ring(s, n);
}
