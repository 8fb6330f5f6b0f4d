/*
 * xls_dump.c - prints the CSV text the .xls or .xlsb reader writes for a
 * sheet (ds_xls_csv, ds_xlsb_csv), for the corpus comparison with xlrd
 * (test_xls_corpus.sh, xls_compare.py). Usage: xls_dump FILE [SHEET];
 * the sheet's name goes to stderr, an error too (exit 2).
 */
#include "ds_cfb.h"
#include "ds_xls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: xls_dump FILE [SHEET]\n");
		return 1;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 3;
	}
	size_t cap = 1 << 16, n = 0;
	unsigned char *data = malloc(cap);
	for (size_t got; data && (got = fread(data + n, 1, cap - n, f)) > 0;) {
		n += got;
		if (n == cap) {
			unsigned char *grown = realloc(data, cap *= 2);
			if (!grown) {
				free(data);
				data = NULL;
			}
			data = grown;
		}
	}
	fclose(f);
	if (!data)
		return 3;
	struct ds_text csv = {0};
	struct ll_err err;
	char name[256];
	int rc = ds_cfb_is(data, n) ? ds_xls_csv(argv[1], data, n, argc > 2 ? argv[2] : NULL, &csv, name, sizeof name, &err)
				    : ds_xlsb_csv(argv[1], data, n, argc > 2 ? argv[2] : NULL, &csv, name, sizeof name, &err);
	if (rc != LL_OK)
		fprintf(stderr, "%s\n", err.msg);
	else {
		fprintf(stderr, "sheet: %s\n", name);
		fwrite(csv.p ? csv.p : "", 1, csv.n, stdout);
	}
	free(csv.p);
	free(data);
	return rc == LL_OK ? 0 : 2;
}
