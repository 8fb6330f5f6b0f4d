/*
 * ll_tsvesc.c - names escaped for a field of a tab-separated file
 * (ll_tsvesc.h).
 */
#include "ll_tsvesc.h"

#include <string.h>

int ll_tsv_needs_escape(const char *s) { return s[strcspn(s, "\t\n\r\\")] != '\0'; }

size_t ll_tsv_escaped_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\t' || *s == '\n' || *s == '\r' || *s == '\\' ? 2 : 1;
	return n;
}

size_t ll_tsv_escape(const char *s, char *out)
{
	char *w = out;
	for (; *s; s++) {
		char e = *s == '\t' ? 't' : *s == '\n' ? 'n' : *s == '\r' ? 'r' : *s == '\\' ? '\\' : 0;
		if (e) {
			*w++ = '\\';
			*w++ = e;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
	return (size_t)(w - out);
}

void ll_tsv_unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		/* only the four escapes ll_tsv_escape writes are undone: a
		 * backslash before any other byte was never written by it, so it
		 * is the name's own (a run's predictions.tsv from before names
		 * were escaped holds back\slash raw) and is kept */
		if (*r == '\\' && (r[1] == 't' || r[1] == 'n' || r[1] == 'r' || r[1] == '\\')) {
			r++;
			*w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}
