/*
 * view_pattern.c - regex or byte search (see view_pattern.h).
 */
#include "view_pattern.h"

#include "ds_latin1.h"

#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

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

/* The characters other than ASCII that the locale's case folding makes
 * equal to an ASCII letter (glibc's regex compares case by towupper and
 * towlower): the letter and the character's bytes. Found once, from the
 * locale in force then (the TUI sets it before any search). */
#define FOLD_MAX 32
static struct {
	char letter; /* lowercase */
	char bytes[MB_LEN_MAX + 1];
} folds[FOLD_MAX];
static size_t nfolds;
static int folds_unknown; /* more than FOLD_MAX: every window is the regex's */
static pthread_once_t folds_once = PTHREAD_ONCE_INIT;

static void find_folds(void)
{
	wint_t up[26], low[26];
	for (int c = 0; c < 26; c++) {
		up[c] = towupper((wint_t)('a' + c));
		low[c] = towlower((wint_t)('A' + c));
	}
	/* a single-byte locale's upper half, or every character with a case */
	wint_t last = MB_CUR_MAX == 1 ? 0xff : 0x1ffff;
	for (wint_t w = 0x80; w <= last; w++) {
		wint_t wc = w;
		if (MB_CUR_MAX == 1 && (wc = btowc((int)w)) == WEOF)
			continue;
		wint_t wu = towupper(wc), wl = towlower(wc);
		for (int c = 0; c < 26; c++) {
			if (wu != up[c] && wl != low[c] && wc != up[c] && wc != low[c])
				continue;
			char b[MB_LEN_MAX + 1];
			mbstate_t st;
			memset(&st, 0, sizeof st);
			size_t n = MB_CUR_MAX == 1 ? (b[0] = (char)w, 1) : wcrtomb(b, (wchar_t)wc, &st);
			if (n == (size_t)-1 || n == 0)
				continue;
			if (nfolds == FOLD_MAX) {
				folds_unknown = 1;
				return;
			}
			b[n] = '\0';
			folds[nfolds].letter = (char)('a' + c);
			memcpy(folds[nfolds].bytes, b, n + 1);
			nfolds++;
		}
	}
}

/* p->fold: the folds of the letters of the n bytes of t; -1 when they are
 * too many to look for (the pattern is then the regex's alone). */
static int note_folds(struct view_pattern *p, const char *t, size_t n)
{
	pthread_once(&folds_once, find_folds);
	if (folds_unknown)
		return -1;
	for (size_t i = 0; i < nfolds; i++) {
		if (!memchr(t, folds[i].letter, n))
			continue;
		size_t k = 0;
		while (k < p->nfold && p->fold[k] != folds[i].bytes)
			k++;
		if (k < p->nfold)
			continue;
		if (p->nfold == sizeof p->fold / sizeof *p->fold)
			return -1;
		p->fold[p->nfold++] = folds[i].bytes;
	}
	return 0;
}

/* Whether s[from, to) holds a character p's letters fold from. */
static int holds_fold(const struct view_pattern *p, const char *s, size_t from, size_t to)
{
	if (!ds_latin1_any_high(s + from, to - from)) /* they are none of ASCII */
		return 0;
	for (size_t k = 0; k < p->nfold; k++) {
		/* its first byte by memchr: memmem costs more to start than a
		 * line takes to search */
		const char *f = p->fold[k], *at = s + from, *end = s + to;
		size_t n = strlen(f);
		while ((at = memchr(at, f[0], (size_t)(end - at))) != NULL) {
			if ((size_t)(end - at) >= n && memcmp(at, f, n) == 0)
				return 1;
			at++;
		}
	}
	return 0;
}

int view_pattern_compile(struct view_pattern *p, const char *pat, char *msg, size_t cap)
{
	memset(p, 0, sizeof *p);
	int ascii = 1, capital = 0;
	for (const char *c = pat; *c; c++)
		ascii &= (unsigned char)*c < 0x80;
	/* a capital by the locale: "Éric" is exact as "Eric" is */
	mbstate_t st;
	memset(&st, 0, sizeof st);
	for (size_t i = 0, n = strlen(pat), k; i < n; i += k) {
		wchar_t w;
		k = mbrtowc(&w, pat + i, n - i, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			capital |= isupper((unsigned char)pat[i]) != 0;
			memset(&st, 0, sizeof st);
			k = 1;
		} else {
			capital |= iswupper((wint_t)w) != 0;
		}
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
	if (p->icase && (p->plain || p->must) &&
	    note_folds(p, p->plain ? p->text : p->must, p->plain ? p->len : p->must_len) != 0) {
		/* folds beyond counting: the regex alone */
		free(p->text);
		free(p->must);
		p->text = p->must = NULL;
		p->plain = 0;
		p->must_len = p->len = p->nalt = 0;
		p->nfold = 0;
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
	if (p->plain && !(p->nfold && holds_fold(p, s, from, to))) {
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
	if (p->must && !(p->nfold && holds_fold(p, s, from, to)) &&
	    !(p->icase ? find_nocase(s + from, to - from, p->must, p->must_len)
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
