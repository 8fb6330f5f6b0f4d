/*
 * view_pattern.h - the browser's search and filter patterns.
 *
 * An extended regular expression, case-insensitive when it has no capital
 * letter (smart case), matched by glibc's regexec. A pattern with no
 * operator at all - what most searches are: a word, a message, a path,
 * or words joined by '|' - is found by a byte search instead: glibc's matcher runs at about 150 MB
 * a second on log lines case-insensitively in a UTF-8 locale, a byte
 * search at gigabytes, and a search of a large log is a pass over all of
 * it. Both find the same matches: a case-insensitive plain pattern takes
 * the byte search only when it is ASCII (other letters fold by the
 * locale's rules, which only the regex applies), and only on text without
 * the few other characters the locale folds to its letters (glibc's
 * C.UTF-8 folds 'ı' to 'i' and 'ſ' to 's': "fix" matches "fıx"). A regex that every match
 * of must hold a run of plain characters ("error.*disk": "error") is
 * tried only on lines that hold it, found by the same byte search.
 */
#ifndef VIEW_PATTERN_H
#define VIEW_PATTERN_H

#include <regex.h>
#include <stddef.h>

struct view_pattern {
	regex_t re;
	int plain;  /* no operator: found by a byte search */
	int icase;  /* no capital letter in the pattern */
	char *text; /* the plain pattern's words (lowercase when icase), each
		     * ended by a NUL: "a|b" is "a\0b\0", owned */
	size_t len, nalt;
	/* a regex: a run of plain characters every match holds ("disk" of
	 * "error.*disk"; lowercase when icase), or NULL; a window without it
	 * is passed over without the matcher */
	char *must;
	size_t must_len;
	/* icase: characters the locale folds to a letter of text or must
	 * that are no ASCII ('ı' and 'ſ' are 'i' and 's' in C.UTF-8), each
	 * NUL-ended (static); a window holding one is the regex's */
	const char *fold[8];
	size_t nfold;
};

/* Compiles pat into p; on a bad regex, -1 with the reason in msg. */
int view_pattern_compile(struct view_pattern *p, const char *pat, char *msg, size_t cap);
void view_pattern_free(struct view_pattern *p);

/* The first match in s[from, to) of a line s of len bytes (not
 * NUL-terminated; to <= len): 1 with its bytes [*so, *eo) (so and eo may
 * both be NULL: whether there is one, found faster), else 0. '^' matches
 * only at the line's start and '$' only at its end, whatever from and to
 * are. */
int view_pattern_find(const struct view_pattern *p, const char *s, size_t len, size_t from, size_t to, size_t *so,
		      size_t *eo);

#endif
