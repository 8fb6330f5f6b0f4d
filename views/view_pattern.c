/*
 * view_pattern.c - regex or byte search (see view_pattern.h).
 */
#include "view_pattern.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Characters with a meaning in an extended regex, '|' aside. */
static int has_operator(const char *pat)
{
	return strpbrk(pat, ".[]()*+?{}^$\\") != NULL;
}

/* Words joined by '|' ("error|fail|denied"), none of them empty. */
static int plain_alternatives(const char *pat)
{
	if (!*pat || has_operator(pat) || pat[0] == '|' || pat[strlen(pat) - 1] == '|')
		return 0;
	return strstr(pat, "||") == NULL;
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
	if (plain_alternatives(pat) && (ascii || !p->icase) && (p->text = strdup(pat)) != NULL) {
		p->plain = 1;
		p->len = strlen(pat);
		p->nalt = 1;
		for (size_t i = 0; i < p->len; i++) {
			if (p->text[i] == '|') {
				p->text[i] = '\0';
				p->nalt++;
			} else if (p->icase) {
				p->text[i] = (char)tolower((unsigned char)p->text[i]);
			}
		}
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
		/* the leftmost match, the longest there, as the regex's */
		const char *best = NULL;
		size_t best_len = 0;
		const char *alt = p->text;
		for (size_t k = 0; k < p->nalt; k++) {
			size_t n = strlen(alt);
			const char *end = best ? best + n : s + to; /* past best: not leftmost */
			size_t room = end > s + to ? to - from : (size_t)(end - (s + from));
			const char *at = p->icase ? find_nocase(s + from, room, alt, n) : memmem(s + from, room, alt, n);
			if (at && (!best || at < best || (at == best && n > best_len))) {
				best = at;
				best_len = n;
				if (!so)
					return 1;
			}
			alt += n + 1;
		}
		if (!best)
			return 0;
		*so = (size_t)(best - s);
		*eo = *so + best_len;
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
