/*
 * view_pattern.c - regex or byte search (see view_pattern.h).
 */
#include "view_pattern.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Characters with a meaning in an extended regex. */
static int has_operator(const char *pat)
{
	return strpbrk(pat, ".[]()*+?{}|^$\\") != NULL;
}

int view_pattern_compile(struct view_pattern *p, const char *pat, char *msg, size_t cap)
{
	memset(p, 0, sizeof *p);
	int ascii = 1, capital = 0;
	for (const char *c = pat; *c; c++) {
		capital |= isupper((unsigned char)*c) != 0;
		ascii &= (unsigned char)*c < 0x80;
	}
	p->icase = !capital;
	int rc = regcomp(&p->re, pat, REG_EXTENDED | (p->icase ? REG_ICASE : 0));
	if (rc != 0) {
		char why[256];
		regerror(rc, &p->re, why, sizeof why);
		snprintf(msg, cap, "bad regex '%s': %s", pat, why);
		regfree(&p->re);
		return -1;
	}
	if (*pat && !has_operator(pat) && (ascii || !p->icase) && (p->text = strdup(pat)) != NULL) {
		p->plain = 1;
		p->len = strlen(pat);
		if (p->icase)
			for (size_t i = 0; i < p->len; i++)
				p->text[i] = (char)tolower((unsigned char)p->text[i]);
	}
	return 0;
}

void view_pattern_free(struct view_pattern *p)
{
	regfree(&p->re);
	free(p->text);
	memset(p, 0, sizeof *p);
}

/* ASCII case-insensitive memmem of the lowercase needle t (n > 0). */
static const char *find_nocase(const char *s, size_t len, const char *t, size_t n)
{
	if (n > len)
		return NULL;
	int lo = (unsigned char)t[0], up = toupper(lo);
	const char *end = s + len - n + 1;
	for (const char *q = s; q < end;) {
		/* the first byte: whichever case comes first */
		const char *a = memchr(q, lo, (size_t)(end - q));
		const char *b = up != lo ? memchr(q, up, (size_t)((a ? a : end) - q)) : NULL;
		const char *at = b ? b : a;
		if (!at)
			return NULL;
		size_t i = 1;
		while (i < n && tolower((unsigned char)at[i]) == (unsigned char)t[i])
			i++;
		if (i == n)
			return at;
		q = at + 1;
	}
	return NULL;
}

int view_pattern_find(const struct view_pattern *p, const char *s, size_t len, size_t from, size_t to, size_t *so,
		      size_t *eo)
{
	if (to > len)
		to = len;
	if (from > to)
		return 0;
	if (p->plain) {
		const char *at = p->icase ? find_nocase(s + from, to - from, p->text, p->len)
					  : memmem(s + from, to - from, p->text, p->len);
		if (!at)
			return 0;
		if (so) {
			*so = (size_t)(at - s);
			*eo = *so + p->len;
		}
		return 1;
	}
	regmatch_t m;
	size_t nmatch = so ? 1 : 0; /* positions cost the matcher more */
#ifdef REG_STARTEND
	/* glibc reads the bytes before rm_so for \b, and NOTBOL keeps '^' at
	 * the line's start, NOTEOL '$' at its end */
	m.rm_so = (regoff_t)from;
	m.rm_eo = (regoff_t)to;
	int flags = REG_STARTEND | (from > 0 ? REG_NOTBOL : 0) | (to < len ? REG_NOTEOL : 0);
	if (regexec(&p->re, s, nmatch, &m, flags) != 0)
		return 0;
	if (so) {
		if (m.rm_so < 0)
			return 0;
		*so = (size_t)m.rm_so;
		*eo = (size_t)m.rm_eo;
	}
	return 1;
#else
	/* without REG_STARTEND, a NUL-terminated copy of the part */
	char *part = strndup(s + from, to - from);
	if (!part)
		return 0;
	int hit = regexec(&p->re, part, nmatch, &m, (from > 0 ? REG_NOTBOL : 0) | (to < len ? REG_NOTEOL : 0)) == 0;
	free(part);
	if (!hit || (so && m.rm_so < 0))
		return 0;
	if (so) {
		*so = from + (size_t)m.rm_so;
		*eo = from + (size_t)m.rm_eo;
	}
	return 1;
#endif
}
