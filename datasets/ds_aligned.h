/*
 * ds_aligned.h - private interface of the reader of tables aligned with
 * blanks (ds_aligned.c): a line cut into cells, each a word, a number, a
 * lone "-" or a stamp (ds_aligned_cells.c).
 */
#ifndef DS_ALIGNED_H
#define DS_ALIGNED_H

#include <stddef.h>

#define MAX_TOKS 512
/* tokenize's merge: 0 none, 1 stamps of several tokens made one, and
 * MERGE_WIDE: a token goes on over single spaces (a header whose names
 * have a blank inside, "KB/s in  KB/s out", cut at wider gaps) */
#define MERGE_WIDE 2

enum kind { K_WORD, K_NUM, K_DASH, K_STAMP };

struct tok {
	size_t off, len; /* in the data */
	char kind;
	char has_date, has_clock;
	char joined; /* a stamp of several tokens */
};

/* Separators between cells: blanks, and '|' that terminal tables draw
 * between groups of columns. */
int dsa_is_blank(char c);
/* The value of n digits (the caller checked them; n <= 4). */
int dsa_small_int(const char *s, size_t n);
/* A clock "H:MM", "HH:MM:SS" or "HH:MM:SS.fff" into seconds of the day. */
int dsa_parse_clock(const char *s, size_t n, double *sod);
/* A date "yyyy-MM-dd", "yyyy/MM/dd", "MM/dd/yy[yy]" (day first when the
 * first field is above 12) or "dd.MM.yyyy" into its civil fields. */
int dsa_parse_date(const char *s, size_t n, int *y, int *m, int *d);
/* The parts of a stamp cell (one or more tokens: "12/03/2026 09:54:09
 * PM"): *date_epoch the midnight of its date or NAN, *sod its seconds of
 * day (AM/PM applied) or NAN; *absolute set for a whole ISO stamp. */
void dsa_stamp_parts(const char *s, size_t n, double *date_epoch, double *sod, double *absolute);
/* Cuts the line d[off, off + len) into tokens (merge above); returns their
 * count, or MAX_TOKS + 1 when there are more. *comment: the line began
 * with '#' (skipped). */
size_t dsa_tokenize(const char *d, size_t off, size_t len, struct tok *t, int *comment, int merge);
/* A line of names: two words or more, no numbers (a stamp may come first). */
int dsa_is_header(const struct tok *t, size_t nt);
/* Cells that are numbers, stamps or "-". */
size_t dsa_numish(const struct tok *t, size_t nt);
/* A row: a number at least, and two in five cells numbers or stamps. */
int dsa_is_row(const struct tok *t, size_t nt);

#endif
