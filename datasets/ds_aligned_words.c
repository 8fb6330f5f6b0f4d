/*
 * ds_aligned_words.c - tables of words whose last column is free text
 * (events, pods, containers, units): no rule of dashes and few numbers,
 * so the evidence is the header, a line of upper-case names, and rows
 * whose every cell starts at its name's screen column, the last column
 * taking the rest of the line. A log has no such header, and its lines
 * do not start a cell at each of its columns.
 */
#include "ds_aligned.h"

#include <stdint.h>

/* Screen columns of a line: a tab makes the line unreadable as columns
 * here (the callers give up), UTF-8 continuation bytes take no column
 * ("…" where a cell was cut, a unit's "●" marker). */
static int continuation(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

static int lower(char c)
{
	return c >= 'a' && c <= 'z';
}

size_t dsa_word_header(const char *s, size_t n, size_t *start, size_t *gap, size_t max)
{
	size_t nw = 0, i = 0, wide = 0, upper = 0;
	while (n && (s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	while (i < n) {
		size_t b = i;
		while (i < n && s[i] == ' ')
			i++;
		if (i == n)
			break;
		if (nw == max)
			return 0;
		start[nw] = i;
		gap[nw] = nw ? i - b : SIZE_MAX;
		wide += nw && i - b >= 2;
		size_t up = 0;
		for (; i < n && s[i] != ' '; i++) {
			unsigned char c = (unsigned char)s[i];
			/* ASCII names only, so bytes are screen columns */
			if (c < 0x21 || c > 0x7E || lower(s[i]))
				return 0;
			up += c >= 'A' && c <= 'Z';
		}
		upper += up > 0;
		nw++;
	}
	/* three names at least, each with a letter, set apart somewhere by
	 * the two blanks a lined-up table leaves */
	return nw >= 3 && upper == nw && wide ? nw : 0;
}

/* The byte of line s[0, n) at screen column col, n when the line is
 * shorter; SIZE_MAX when a tab comes first. */
static size_t byte_at(const char *s, size_t n, size_t col)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\t')
			return SIZE_MAX;
		if (continuation((unsigned char)s[i]))
			continue;
		if (c == col)
			return i;
		c++;
	}
	return n;
}

static int gap_char(char c)
{
	return c == ' ' || c == '\r';
}

/* 1 when row[0, rn) has a cell ending at screen column last (the end of
 * a name whose column starts at first), a blank after it and a blank at
 * first - 1: a cell set right under its name. */
static int ends_under(const char *row, size_t rn, size_t first, size_t last)
{
	size_t before = byte_at(row, rn, first - 1), at = byte_at(row, rn, last), after = byte_at(row, rn, last + 1);
	if (before == SIZE_MAX || at == SIZE_MAX || after == SIZE_MAX || at >= rn)
		return 0;
	return gap_char(row[before]) && !gap_char(row[at]) && (after >= rn || gap_char(row[after]));
}

size_t dsa_word_columns(const char *row, size_t rn, const size_t *start, const size_t *gap, size_t nw, size_t *col,
			size_t *right)
{
	size_t nc = 0;
	for (size_t k = 0; k < nw; k++) {
		int starts = gap[k] >= 2, set_right = 0;
		if (!starts) {
			/* a name after one blank ("ACTIVE SUB"): a column when the
			 * row has a cell start there, or a count set right end
			 * where the name ends ("RECV-Q"); else part of the name
			 * before ("LAST SEEN", "CONTAINER ID") */
			size_t at = byte_at(row, rn, start[k]), before = byte_at(row, rn, start[k] - 1);
			if (at == SIZE_MAX || before == SIZE_MAX)
				return 0;
			starts = at < rn && before < rn && gap_char(row[before]) && !gap_char(row[at]);
			/* the name's last column: before the next name's blanks */
			if (!starts && k + 1 < nw && start[k + 1] - gap[k + 1] > start[k])
				starts = set_right = ends_under(row, rn, start[k], start[k + 1] - gap[k + 1] - 1);
		}
		if (starts) {
			right[nc] = (size_t)set_right;
			col[nc++] = start[k];
		}
	}
	return nc >= 3 ? nc : 0;
}

int dsa_word_cut(const char *s, size_t n, const size_t *col, const size_t *right, size_t nc, size_t *x, size_t *y)
{
	while (n && gap_char(s[n - 1]))
		n--;
	size_t filled = 0;
	for (size_t k = 0; k < nc; k++) {
		size_t a = byte_at(s, n, col[k]);
		size_t b = k + 1 < nc ? byte_at(s, n, col[k + 1]) : n;
		if (a == SIZE_MAX || b == SIZE_MAX)
			return 0;
		/* the cell before ends before the column: a blank there */
		if (a < n && col[k] > 0) {
			size_t p = byte_at(s, n, col[k] - 1);
			if (!gap_char(s[p]) && !gap_char(s[a]))
				return 0;
		}
		size_t e = b;
		while (e > a && gap_char(s[e - 1]))
			e--;
		while (right[k] && e > a && gap_char(s[a]))
			a++;
		/* a cell starts at its name's column, or is empty */
		if (e > a && gap_char(s[a]))
			return 0;
		if (k == 0) {
			/* a marker before the first column, set apart by a
			 * blank ("● unit.service"), is left out */
			if (e == a)
				return 0;
		}
		x[k] = a < e ? a : n;
		y[k] = a < e ? e : n;
		filled += a < e;
	}
	return filled * 2 >= nc && filled >= 2;
}
