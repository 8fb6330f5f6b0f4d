/*
 * test_pred_names.c - class names with a tab, a newline, a carriage
 * return or a backslash through a predictions.tsv (ll_tsvesc.h): escaped
 * as the writer (datasets/ds_runs.c) escapes them, each stays one field of
 * one line, and ds_predictions_read gives the name back as it was. Raw,
 * such a name split the header and review refused the run (the CLI side
 * is tests/cli/test_class_escape.sh).
 */
#include "harness.h"
#include "ds_predictions.h"
#include "ll_tsvesc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const names[] = {
	"normal", "a\tb", "line\nnext", "cr\rlf", "back\\slash", "\\t not a tab", "end\\", "\t\n\\\r",
};
#define NNAMES (sizeof names / sizeof names[0])

static char *escaped(const char *s)
{
	size_t n = ll_tsv_escaped_len(s);
	char *e = malloc(n + 1);
	CHECK(e != NULL);
	if (!e)
		exit(1);
	CHECK_INT(ll_tsv_escape(s, e), n);
	CHECK_INT(strlen(e), n);
	return e;
}

/* escape then unescape gives the name; the escaped text has no tab, newline or CR */
static void test_round_trip(void)
{
	for (size_t i = 0; i < NNAMES; i++) {
		char *e = escaped(names[i]);
		CHECK(strpbrk(e, "\t\n\r") == NULL);
		CHECK_INT(ll_tsv_needs_escape(names[i]), strcmp(e, names[i]) != 0);
		ll_tsv_unescape(e);
		CHECK_STR(e, names[i]);
		free(e);
	}
	/* a backslash the escape never writes (before a byte other than t, n,
	 * r or a backslash) is the name's own, as in a run's predictions.tsv
	 * written before names were escaped: kept, not dropped */
	char old[] = "back\\slash C:\\dir\\ end\\";
	ll_tsv_unescape(old);
	CHECK_STR(old, "back\\slash C:\\dir\\ end\\");
	char plain[] = "plain";
	CHECK_INT(ll_tsv_needs_escape(plain), 0);
	ll_tsv_unescape(plain);
	CHECK_STR(plain, "plain");
}

/* a file written as the run writer writes it, read back by the reader */
static void test_reader(void)
{
	char dir[256];
	ll_test_scratch_dir(dir, sizeof dir, "pred_names");
	char p[300];
	snprintf(p, sizeof p, "%s/predictions.tsv", dir);
	FILE *f = fopen(p, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs("sample\trow\tpart\ttrue\tpredicted\tscore", f);
	for (size_t c = 0; c < NNAMES; c++) {
		char *e = escaped(names[c]);
		fprintf(f, "\tp_%s", e);
		free(e);
	}
	fputs("\treview\ttemplate\n", f);
	for (size_t i = 0; i < NNAMES; i++) {
		char *t = escaped(names[(i + 1) % NNAMES]), *e = escaped(names[i]);
		fprintf(f, "%zu\t%zu\ttrain\t%s\t%s\t0.5", i + 1, i + 1, t, e);
		for (size_t c = 0; c < NNAMES; c++)
			fprintf(f, "\t%g", c == i ? 0.5 : 0.5 / (NNAMES - 1));
		fputs("\t0.25\t\n", f);
		free(t);
		free(e);
	}
	fclose(f);
	struct ds_pred_row *r = NULL;
	size_t n = 0;
	struct ll_err err;
	int rc = ds_predictions_read(p, NNAMES, &r, &n, &err);
	CHECK_INT(rc, LL_OK);
	if (rc != LL_OK)
		fprintf(stderr, "%s\n", err.msg);
	CHECK_INT(n, NNAMES);
	for (size_t i = 0; r && i < n && i < NNAMES; i++) {
		CHECK_STR(r[i].pred, names[i]);
		CHECK_INT(r[i].row, i);
		CHECK(r[i].review == 0.25);
	}
	free(r);
	ll_test_remove_dir(dir);
}

int main(void)
{
	test_round_trip();
	test_reader();
	TEST_MAIN_END();
}
