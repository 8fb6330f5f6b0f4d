/*
 * test_pattern.c - views/view_pattern.c: a plain pattern (words, or words
 * joined by '|') found by a byte search gives the matches glibc's regexec
 * gives for it, leftmost and longest (random lines and patterns over a
 * small alphabet of both cases, every window of from and to, smart case
 * both ways), a regex's run that every match must hold never hides a
 * match (random regexes of operators and runs; GNU's anchors and
 * characters of several bytes before a quantifier), the characters the
 * locale folds to ASCII letters ('ı' to 'i') and its capitals for smart
 * case, a pattern with an
 * operator is the regex
 * ('^' only at the line's start, '$' only at its end, whatever the
 * window), a non-ASCII pattern without capitals stays with the regex
 * (letters fold by the locale), and a bad regex is refused by name.
 */
#include "harness.h"

#include "view_pattern.h"

#include <locale.h>

/* The first match of re in s[from, to) by regexec on a copy, as the
 * reference: 1 with [*so, *eo). */
static int reference(const regex_t *re, const char *s, size_t len, size_t from, size_t to, size_t *so, size_t *eo)
{
	char *part = strndup(s + from, to - from);
	regmatch_t m;
	int hit = regexec(re, part, 1, &m, (from > 0 ? REG_NOTBOL : 0) | (to < len ? REG_NOTEOL : 0)) == 0;
	free(part);
	if (hit) {
		*so = from + (size_t)m.rm_so;
		*eo = from + (size_t)m.rm_eo;
	}
	return hit;
}

static void test_plain_equals_regex(void)
{
	uint64_t seed = 0x9e3779b97f4a7c15u;
	const char alphabet[] = "aAbB xX-", pat_alphabet[] = "aAbB xX-|";
	char line[64], pat[8], msg[256];
	size_t differ = 0, tried = 0, plain = 0, alternatives = 0;
	for (int round = 0; round < 3000; round++) {
		size_t len = ll_test_xorshift(&seed) % 40, plen = 1 + ll_test_xorshift(&seed) % 5;
		for (size_t i = 0; i < len; i++)
			line[i] = alphabet[ll_test_xorshift(&seed) % (sizeof alphabet - 1)];
		line[len] = '\0';
		/* '|' too: words joined by it are plain, an empty one is not */
		for (size_t i = 0; i < plen; i++)
			pat[i] = pat_alphabet[ll_test_xorshift(&seed) % (sizeof pat_alphabet - 1)];
		pat[plen] = '\0';
		struct view_pattern p;
		if (view_pattern_compile(&p, pat, msg, sizeof msg) != 0)
			continue; /* glibc refuses some empty alternatives: so do we */
		plain += p.plain;
		alternatives += p.plain && p.nalt > 1;
		regex_t re;
		int capital = 0;
		for (size_t i = 0; i < plen; i++)
			capital |= pat[i] >= 'A' && pat[i] <= 'Z';
		regcomp(&re, pat, REG_EXTENDED | (capital ? 0 : REG_ICASE));
		for (size_t from = 0; from <= len; from += 3)
			for (size_t to = from; to <= len; to += 5) {
				size_t a = 0, b = 0, c = 0, d = 0;
				int x = view_pattern_find(&p, line, len, from, to, &a, &b);
				int y = reference(&re, line, len, from, to, &c, &d);
				int z = view_pattern_find(&p, line, len, from, to, NULL, NULL);
				tried++;
				if (x != y || x != z || (x && (a != c || b != d)))
					differ++;
			}
		regfree(&re);
		view_pattern_free(&p);
	}
	CHECK_INT(differ, 0);
	CHECK(tried > 10000);
	CHECK(plain > 1000);
	CHECK(alternatives > 200);
}

/* Regexes of operators and plain runs at random: the run every match must
 * hold (view_pattern's must) never hides a match regexec finds. */
static void test_required_runs(void)
{
	uint64_t seed = 0x2545f4914f6cdd1du;
	const char *pieces[] = {"ab", "ba", "aab", "bba", "x", ".", "*", "+", "?", "|", "(", ")", "[ab]", "[^a]",
				"{1,2}", "^", "$", "\\.", "\\b", "-", " ", "A", "B", "[[:alpha:]]"};
	const size_t np = sizeof pieces / sizeof *pieces;
	const char alphabet[] = "aAbB xX-.";
	char line[64], pat[64], msg[256];
	size_t differ = 0, with_must = 0, tried = 0;
	for (int round = 0; round < 4000; round++) {
		pat[0] = '\0';
		for (size_t k = 1 + ll_test_xorshift(&seed) % 6; k > 0; k--)
			strcat(pat, pieces[ll_test_xorshift(&seed) % np]);
		struct view_pattern p;
		if (view_pattern_compile(&p, pat, msg, sizeof msg) != 0)
			continue;
		with_must += p.must != NULL;
		regex_t re;
		int capital = 0;
		for (const char *c = pat; *c; c++)
			capital |= *c >= 'A' && *c <= 'Z';
		if (regcomp(&re, pat, REG_EXTENDED | (capital ? 0 : REG_ICASE)) != 0) {
			view_pattern_free(&p);
			continue;
		}
		for (int l = 0; l < 8; l++) {
			size_t len = ll_test_xorshift(&seed) % 40;
			for (size_t i = 0; i < len; i++)
				line[i] = alphabet[ll_test_xorshift(&seed) % (sizeof alphabet - 1)];
			line[len] = '\0';
			/* a line that holds the run now and then */
			if (p.must && len + p.must_len < sizeof line && (ll_test_xorshift(&seed) & 1)) {
				size_t at = ll_test_xorshift(&seed) % (len + 1);
				memmove(line + at + p.must_len, line + at, len - at + 1);
				memcpy(line + at, p.must, p.must_len);
				len += p.must_len;
			}
			size_t a = 0, b = 0, c = 0, d = 0;
			int x = view_pattern_find(&p, line, len, 0, len, &a, &b);
			int y = reference(&re, line, len, 0, len, &c, &d);
			tried++;
			if (x != y || (x && (a != c || b != d)))
				differ++;
		}
		regfree(&re);
		view_pattern_free(&p);
	}
	CHECK_INT(differ, 0);
	CHECK(with_must > 300);
	CHECK(tried > 10000);
	/* what a run is, and is not */
	struct view_pattern p;
	CHECK_INT(view_pattern_compile(&p, "error.*disk", msg, sizeof msg), 0);
	CHECK(p.must && strcmp(p.must, "error") == 0);
	view_pattern_free(&p);
	CHECK_INT(view_pattern_compile(&p, "errors?x", msg, sizeof msg), 0);
	CHECK(p.must && strcmp(p.must, "error") == 0);
	view_pattern_free(&p);
	CHECK_INT(view_pattern_compile(&p, "ab(cd|ef)|ghi", msg, sizeof msg), 0);
	CHECK(p.must == NULL);
	view_pattern_free(&p);
	CHECK_INT(view_pattern_compile(&p, "[a-z]+ \\.conf", msg, sizeof msg), 0);
	CHECK(p.must && strcmp(p.must, " .conf") == 0);
	view_pattern_free(&p);
}

/* Regexes whose run was wrong on main, each with a line the regex
 * matches: the run must not hide it. GNU's \< and \> are anchors (the run
 * of "\\<error" was "<error"), and a quantifier after a character of
 * two bytes takes both (the run of "Ab\xc3\xa9?cd" kept the first). */
static void test_runs_never_hide(void)
{
	const struct {
		const char *pat, *line;
	} cases[] = {
		{"\\<error\\>", "an error here"},
		{"\\<disk full", "disk full"},
		{"fail\\>.*now", "fail now"},
		{"\\`start", "start of it"},
		{"end\\'", "the end"},
		{"Ab\xc3\xa9?cd", "Abcd"},
		{"Ab\xc3\xa9*cd", "Abcd"},
		{"X\xe2\x82\xac{0,2}YZW", "XYZW"},
		{"\\wrror code", "error code"},
		{"err\\.or\\|x", "err.or|x"},
	};
	char msg[256];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct view_pattern p;
		regex_t re;
		CHECK_INT(view_pattern_compile(&p, cases[i].pat, msg, sizeof msg), 0);
		CHECK_INT(regcomp(&re, cases[i].pat, REG_EXTENDED | (p.icase ? REG_ICASE : 0)), 0);
		size_t n = strlen(cases[i].line), a = 0, b = 0, c = 0, d = 0;
		int want = reference(&re, cases[i].line, n, 0, n, &c, &d);
		CHECK_INT(want, 1);
		int got = view_pattern_find(&p, cases[i].line, n, 0, n, &a, &b);
		if (got != want || a != c || b != d)
			fprintf(stderr, "  pattern '%s' on '%s': %d [%zu,%zu), regexec %d [%zu,%zu) (run '%s')\n",
				cases[i].pat, cases[i].line, got, a, b, want, c, d, p.must ? p.must : "");
		CHECK(got == want && a == c && b == d);
		regfree(&re);
		view_pattern_free(&p);
	}
}

/* Letters the locale folds from characters that are no ASCII: glibc's
 * C.UTF-8 matches "fix" in "f\xc4\xb1x" ('ı') and "ssh" in "\xc5\xbfsh"
 * ('ſ') case-insensitively; the byte search and the run must agree with
 * it (on main they found nothing there). And smart case by the locale's
 * capitals: "\xc3\x89ric" ('É') is exact. */
static void test_locale_folds(void)
{
	const struct {
		const char *pat, *line;
	} cases[] = {
		{"fix", "a f\xc4\xb1x b"},      {"ssh", "login \xc5\xbfsh ok"}, {"fix.*now", "f\xc4\xb1x now"},
		{"disk|fix", "f\xc4\xb1x disk"}, {"sshd\\[", "\xc5\xbfshd[1]"},  {"kernel", "\xe2\x84\xaa" "ernel"},
		{"fix", "fix and f\xc4\xb1x"},
	};
	char msg[256];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct view_pattern p;
		regex_t re;
		CHECK_INT(view_pattern_compile(&p, cases[i].pat, msg, sizeof msg), 0);
		CHECK_INT(regcomp(&re, cases[i].pat, REG_EXTENDED | REG_ICASE), 0);
		size_t n = strlen(cases[i].line), a = 0, b = 0, c = 0, d = 0;
		int want = reference(&re, cases[i].line, n, 0, n, &c, &d);
		int got = view_pattern_find(&p, cases[i].line, n, 0, n, &a, &b);
		if (got != want || a != c || b != d)
			fprintf(stderr, "  pattern '%s' on '%s': %d [%zu,%zu), regexec %d [%zu,%zu)\n", cases[i].pat,
				cases[i].line, got, a, b, want, c, d);
		CHECK(got == want && a == c && b == d);
		CHECK_INT(view_pattern_find(&p, cases[i].line, n, 0, n, NULL, NULL), want);
		regfree(&re);
		view_pattern_free(&p);
	}
	/* the byte search stays where no such character is */
	struct view_pattern p;
	CHECK_INT(view_pattern_compile(&p, "fix", msg, sizeof msg), 0);
	CHECK_INT(p.plain, 1);
	view_pattern_free(&p);
	if (MB_CUR_MAX > 1) {
		CHECK_INT(view_pattern_compile(&p, "\xc3\x89ric", msg, sizeof msg), 0);
		CHECK_INT(p.icase, 0);
		CHECK_INT(view_pattern_find(&p, "\xc3\xa9ric", 5, 0, 5, NULL, NULL), 0);
		CHECK_INT(view_pattern_find(&p, "\xc3\x89ric", 5, 0, 5, NULL, NULL), 1);
		view_pattern_free(&p);
	}
}

static void test_operators(void)
{
	struct view_pattern p;
	char msg[256];
	size_t so = 0, eo = 0;
	const char *s = "head middle tail";
	size_t n = strlen(s);
	CHECK_INT(view_pattern_compile(&p, "^head", msg, sizeof msg), 0);
	CHECK_INT(p.plain, 0);
	CHECK_INT(view_pattern_find(&p, s, n, 0, n, &so, &eo), 1);
	CHECK_INT(so, 0);
	CHECK_INT(eo, 4);
	CHECK_INT(view_pattern_find(&p, s, n, 1, n, &so, &eo), 0);
	view_pattern_free(&p);
	CHECK_INT(view_pattern_compile(&p, "tail$", msg, sizeof msg), 0);
	CHECK_INT(view_pattern_find(&p, s, n, 0, n, &so, &eo), 1);
	CHECK_INT(so, 12);
	CHECK_INT(view_pattern_find(&p, s, n, 0, n - 1, &so, &eo), 0);
	CHECK_INT(view_pattern_find(&p, "tail$ x", 7, 0, 7, &so, &eo), 0);
	view_pattern_free(&p);
	/* not NUL-terminated: nothing past len is read */
	char buf[8] = {'a', 'b', 'c', 'X', 'X', 'X', 'X', 'X'};
	CHECK_INT(view_pattern_compile(&p, "cx", msg, sizeof msg), 0);
	CHECK_INT(p.plain, 1);
	CHECK_INT(view_pattern_find(&p, buf, 3, 0, 3, &so, &eo), 0);
	CHECK_INT(view_pattern_find(&p, buf, 4, 0, 4, &so, &eo), 1);
	view_pattern_free(&p);
	/* a capital: exact case */
	CHECK_INT(view_pattern_compile(&p, "Error", msg, sizeof msg), 0);
	CHECK_INT(p.icase, 0);
	CHECK_INT(view_pattern_find(&p, "error ERROR Error", 17, 0, 17, &so, &eo), 1);
	CHECK_INT(so, 12);
	view_pattern_free(&p);
	/* a non-ASCII pattern without capitals folds by the locale: the regex */
	CHECK_INT(view_pattern_compile(&p, "r\xc3\xa9seau", msg, sizeof msg), 0);
	CHECK_INT(p.plain, 0);
	if (MB_CUR_MAX > 1)
		CHECK_INT(view_pattern_find(&p, "R\xc3\x89SEAU", 7, 0, 7, &so, &eo), 1);
	view_pattern_free(&p);
	CHECK_INT(view_pattern_compile(&p, "a(b", msg, sizeof msg), -1);
	CHECK(strstr(msg, "bad regex 'a(b'") != NULL);
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	test_plain_equals_regex();
	test_required_runs();
	test_runs_never_hide();
	test_locale_folds();
	test_operators();
	TEST_MAIN_END();
}
