/*
 * table_dump.c - prints the table loglab reads from a file, cell by cell,
 * for comparisons with other readers (test_tables_python.sh: files Python's
 * csv and json modules write; test_tables_pandas.sh: pandas' and numpy's).
 * Usage: table_dump FILE [SHEET] (SHEET: a workbook's sheet by name, as
 * --format xlsx:sheet=NAME reads it). Output: "FORMAT
 * name", "SHAPE rows cols", a "COL index type name" line a column, then
 * "row<TAB>col<TAB>value" a cell (text with \n, \r, \t and \\ escaped;
 * numbers and times as %.17g, NaN for none), then "NOTE text" a note.
 * An error goes to stdout as "ERROR message" (exit 2).
 * table_dump --each [--sheet=SHEET] FILE...: the same for each file in
 * turn, each after a line "FILE path", an error going on to the next file
 * (exit 2 if any failed); --sheet=SHEET reads the next file's sheet SHEET. One process for many files: under ASan each start took ~30 ms
 * of CPU, and test_logs_python.sh read 450 files. Each load is on its own
 * (nothing is shared between ds_load calls but the readers' interned
 * headers, which give a header the reader it alone gives), and LSan's
 * check at exit still sees a table any of them leaked.
 */
#include "ds_reader.h"
#include "ll_table.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void put_escaped(const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\n': fputs("\\n", stdout); break;
		case '\r': fputs("\\r", stdout); break;
		case '\t': fputs("\\t", stdout); break;
		case '\\': fputs("\\\\", stdout); break;
		default: putchar(*s);
		}
	}
}

/* Prints one file's table as the header comment says; 0 or 2 (an error,
 * printed). */
static int dump(const char *path, const char *sheet)
{
	struct ds_open_opts opts = {0};
	opts.sheet = sheet;
	struct ll_table *t = NULL;
	const struct ds_reader *used = NULL;
	struct ll_err err;
	if (ds_load(path, &opts, &t, &used, &err) != LL_OK) {
		printf("ERROR %s\n", err.msg);
		return 2;
	}
	size_t rows = ll_table_nrows(t), cols = ll_table_ncols(t);
	printf("FORMAT %s\nSHAPE %zu %zu\n", used ? used->name : "", rows, cols);
	for (size_t c = 0; c < cols; c++) {
		printf("COL %zu %d ", c, (int)ll_table_col_type(t, c));
		put_escaped(ll_table_col_name(t, c));
		putchar('\n');
	}
	for (size_t r = 0; r < rows; r++)
		for (size_t c = 0; c < cols; c++) {
			printf("%zu\t%zu\t", r, c);
			if (ll_table_col_type(t, c) == LL_COL_TEXT) {
				const char *s = ll_table_text(t, r, c);
				put_escaped(s ? s : "");
			} else {
				double v = ll_table_num(t, r, c);
				if (isnan(v))
					fputs("NaN", stdout);
				else
					printf("%.17g", v);
			}
			putchar('\n');
		}
	for (size_t k = 0; k < ll_table_nnotes(t); k++)
		printf("NOTE %s\n", ll_table_note_text(t, k));
	ll_table_free(t);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "--each") == 0) {
		int rc = 0;
		const char *sheet = NULL;
		for (int i = 2; i < argc; i++) {
			if (strncmp(argv[i], "--sheet=", 8) == 0) {
				sheet = argv[i] + 8;
				continue;
			}
			printf("FILE %s\n", argv[i]);
			if (dump(argv[i], sheet) != 0)
				rc = 2;
			sheet = NULL;
		}
		return rc;
	}
	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: table_dump FILE [SHEET] | table_dump --each [--sheet=SHEET] FILE...\n");
		return 1;
	}
	return dump(argv[1], argc == 3 ? argv[2] : NULL);
}
