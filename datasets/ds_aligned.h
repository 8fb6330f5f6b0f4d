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
	char pair;   /* two numbers set apart by " / " ("12MiB / 7.6GiB") */
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
 * day (AM/PM applied) or NAN; *absolute set for a whole ISO stamp; a day
 * and month without a year take year when it is above 0. */
void dsa_stamp_parts(const char *s, size_t n, int year, double *date_epoch, double *sod, double *absolute);
/* A day and a month without a year, "dd-MM" (day first unless the second
 * field is above 12, as dstat writes its time column). */
int dsa_day_month(const char *s, size_t n, int *m, int *d);
/* A quantity whose lone 'm' is milli ("250m" of a CPU, as Kubernetes
 * writes quantities): 1 with *v set. */
int dsa_milli(const char *s, size_t n, double *v);
/* An age as Go and kubectl print one ("45s", "5m", "3h", "2d", "2d3h",
 * "1h2m3.5s", "250ms"), read as every duration is (ll_units_duration), in
 * seconds; *minutes_only 1 when its only unit is 'm', which may as well be
 * milli (its column says which). */
int dsa_age(const char *s, size_t n, double *sec, int *minutes_only);
/* A duration (ds_csv_duration), or M:SS ("10:05": minutes and seconds,
 * as process and job tables write durations under an hour; the caller
 * knows the column holds durations). *unambiguous as ds_csv_duration's,
 * and for M:SS when the minutes are no hour of a clock ("47:41"). */
int dsa_duration(const char *s, size_t n, double *sec, int *unambiguous);
/* Two numbers set apart by a blank, a slash and a blank ("12.5MiB /
 * 7.667GiB", "1.2kB / 0B", "796 KB / 64 MB"): 1 with both set. */
int dsa_pair(const char *s, size_t n, double *a, double *b);
/* The names of a column of such pairs: the sides of a name "A / B" ("MEM
 * USAGE / LIMIT": MEM USAGE and MEM LIMIT), else the halves of a word
 * "x/y" in it ("NET I/O": NET I and NET O), else the name and "NAME_2". */
void dsa_pair_names(const char *name, char *one, char *two, size_t cap);
/* A number as a table's cell may hold one: ds_csv_cell_number's, a milli
 * quantity, an age, a duration or a pair (its first). */
int dsa_number(const char *s, size_t n, double *v);
/* What a comma in a number cell s[0, n) says: 0 none (no comma, or no
 * number); 1 two whole numbers ("254,0", "1,3": a device's major and
 * minor as well as a decimal comma); 2 a decimal comma surely ("0,05",
 * "1.234,5", "12,5%"); 3 digits grouped by three ("1,234", "12,345,678"). */
int dsa_comma_kind(const char *s, size_t n);
/* The kind of a cell of a table ruled with dashes (one or more tokens). */
char dsa_classify(const char *s, size_t n);
/* A rule line: runs of '-' or '=' (two at least each, two runs at least),
 * with blanks, '+' or '|' between ("------ ----", "+----+----+"). Sets
 * the runs' columns (bytes from the line's start) in a[], b[] (max) and
 * returns their count, 0 when the line is no rule. */
size_t dsa_rule(const char *s, size_t n, size_t *a, size_t *b, size_t max);
/* Cuts the line d[off, off + len) into tokens (merge above); returns their
 * count, or MAX_TOKS + 1 when there are more. *comment: the line began
 * with '#' (skipped). */
size_t dsa_tokenize(const char *d, size_t off, size_t len, struct tok *t, int *comment, int merge);
/* A line of names: two words or more, no numbers (a stamp may come first). */
int dsa_is_header(const struct tok *t, size_t nt);
/* The same, reading the line d: a few names may be spans of time ("1m
 * 5m 15m" over load averages) among twice as many words. */
int dsa_is_header_of(const char *d, const struct tok *t, size_t nt);
/* Cells that are numbers, stamps or "-". */
size_t dsa_numish(const struct tok *t, size_t nt);
/* A row: a number at least, and two in five cells numbers or stamps. */
int dsa_is_row(const struct tok *t, size_t nt);
/* A line that is one whole stamp with a year and a clock in a form the
 * log readers know (date(1)'s "Fri Dec  4 22:45:27 UTC 2026", RFC 2822's
 * "Fri, 04 Dec 2026 22:45:27 +0000"): 1 with *t its epoch seconds. */
int dsa_stamp_line(const char *s, size_t n, double *t);
/* A line of one word that is a whole stamp with its year and a clock, in
 * any form ll_stamp knows ("2024_02_19_15_15_38", "20240219_151538"), a
 * colon after it or not: 1 and *t its time, else 0. */
int dsa_stamp_token(const char *s, size_t n, double *t);

/* A line that is a stamp glued to a label, or in brackets, and nothing
 * else: "TIME:15:15:38", "time=2024-02-19T15:15:38", "[15:15:38]", as a
 * script writes "echo TIME:$(date +%T)" above each output; the stamp a
 * clock alone or a whole one with its year (dsa_stamp_token). 1 with the
 * stamp's span in *st, *sn, else 0. */
int dsa_labelled_stamp(const char *s, size_t n, const char **st, size_t *sn);

/* A line of names for a table of words (ds_aligned_words.c): three or
 * more, ASCII, no lower-case letter, each with a capital, two blanks
 * between two of them at least. Sets each name's start (its screen
 * column) and the blanks before it (SIZE_MAX for the first), returns
 * their count or 0. */
size_t dsa_word_header(const char *s, size_t n, size_t *start, size_t *gap, size_t max);
/* The columns of such a header over its first row row[0, rn): a name
 * after two blanks starts one, a name after one blank only where the row
 * has a cell starting there, or a cell ending where the name ends, a
 * blank before the name and after the cell (a count set right under its
 * name: "PROTO RECV-Q SEND-Q" over "tcp   0   36"). Sets col[] (screen
 * columns) and right[] (1 for a column of cells set right), returns their
 * count (3 or more) or 0. */
size_t dsa_word_columns(const char *row, size_t rn, const size_t *start, const size_t *gap, size_t nw, size_t *col,
			size_t *right);
/* Cuts line s[0, n) at the screen columns col[nc]: each cell starts at
 * its column or is empty (a column set right, right[k] set: blanks may
 * come first), the cell before it ends before it, the last takes the rest
 * of the line. x[k], y[k] bytes of the cells (x == y empty); 1 when the
 * line is such a row, half its cells and the first filled. */
int dsa_word_cut(const char *s, size_t n, const size_t *col, const size_t *right, size_t nc, size_t *x, size_t *y);

#endif
