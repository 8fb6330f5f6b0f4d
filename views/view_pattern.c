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

/* Keeps run[0, *len) in best when it is the longest so far; the run ends. */
static void end_run(const char *run, size_t *len, char *best, size_t *best_len)
{
	if (*len > *best_len) {
		memcpy(best, run, *len);
		*best_len = *len;
	}
	*len = 0;
}

/* The index of the ']' closing the bracket expression opened at i. */
static size_t bracket_end(const char *pat, size_t n, size_t i)
{
	size_t j = i + 1;
	if (j < n && pat[j] == '^')
		j++;
	if (j < n && pat[j] == ']')
		j++;
	while (j < n && pat[j] != ']') {
		if (pat[j] == '[' && j + 1 < n && (pat[j + 1] == ':' || pat[j + 1] == '.' || pat[j + 1] == '=')) {
			char kind = pat[j + 1];
			j += 2;
			while (j + 1 < n && !(pat[j] == kind && pat[j + 1] == ']'))
				j++;
			j++;
		}
		j++;
	}
	return j;
}

/* The index of the ')' closing the group opened at i. */
static size_t group_end(const char *pat, size_t n, size_t i)
{
	int depth = 1;
	size_t j = i + 1;
	for (; j < n && depth; j++) {
		if (pat[j] == '\\' && j + 1 < n)
			j++;
		else if (pat[j] == '[')
			j = bracket_end(pat, n, j);
		else if (pat[j] == '(')
			depth++;
		else if (pat[j] == ')')
			depth--;
	}
	return j - 1;
}

/* The longest run of plain characters every match of the ERE pat must
 * hold ("disk" of "error.*disk"), malloc'd, or NULL when none of three
 * bytes at least can be told (an alternation at the top, runs shorter).
 * Only what is certain counts: a character a quantifier follows, a
 * bracket or a group ends the run, and a backslash is a plain character
 * only before an operator's character ("\." is '.'; GNU's \w, \b, \<,
 * back references and the rest are not). */
static char *required_run(const char *pat)
{
	size_t n = strlen(pat), len = 0, best_len = 0;
	char *run = malloc(n + 1), *best = malloc(n + 1);
	int alternation = 0;
	for (size_t i = 0; run && best && i < n && !alternation; i++) {
		char c = pat[i];
		if (c == '|') { /* an alternation at the top: nothing is certain */
			alternation = 1;
			continue;
		}
		if (c == '*' || c == '+' || c == '?' || c == '{') {
			/* the character before may be absent or repeated: all its
			 * bytes, 'é' of "Café?" is two */
			while (len && ((unsigned char)run[len - 1] & 0xc0) == 0x80)
				len--;
			if (len)
				len--;
			end_run(run, &len, best, &best_len);
			while (c == '{' && i + 1 < n && pat[i] != '}')
				i++;
		} else if (c == '[' || c == '(') {
			/* a quantifier after it belongs to it */
			end_run(run, &len, best, &best_len);
			i = c == '[' ? bracket_end(pat, n, i) : group_end(pat, n, i);
		} else if (c == '.' || c == '^' || c == '$' || c == ')') {
			end_run(run, &len, best, &best_len);
		} else if (c == '\\' && (i + 1 >= n || !strchr(".[]()*+?{}^$\\|", pat[i + 1]))) {
			/* GNU's \<, \>, \` and \' are anchors as \b is: only an
			 * operator's own character is certain to be itself */
			end_run(run, &len, best, &best_len);
			i++;
			while (i + 1 < n && ((unsigned char)pat[i + 1] & 0xc0) == 0x80)
				i++;
		} else {
			run[len++] = c == '\\' ? pat[++i] : c;
		}
	}
	if (run && best)
		end_run(run, &len, best, &best_len);
	free(run);
	if (!best || best_len < 3 || alternation) {
		free(best);
		return NULL;
	}
	best[best_len] = '\0';
	return best;
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
	if (!p->plain && (p->must = required_run(pat)) != NULL) {
		p->must_len = strlen(p->must);
		/* folded by the locale, non-ASCII letters could match otherwise */
		for (size_t i = 0; i < p->must_len; i++) {
			if ((unsigned char)p->must[i] >= 0x80 && p->icase) {
				free(p->must);
				p->must = NULL;
				p->must_len = 0;
				break;
			}
			if (p->icase)
				p->must[i] = (char)tolower((unsigned char)p->must[i]);
		}
	}
	return 0;
}

void view_pattern_free(struct view_pattern *p)
{
	regfree(&p->re);
	free(p->text);
	free(p->must);
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
	/* a window without the run every match holds has none: no regexec */
	if (p->must && !(p->icase ? find_nocase(s + from, to - from, p->must, p->must_len)
				  : memmem(s + from, to - from, p->must, p->must_len)))
		return 0;
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
