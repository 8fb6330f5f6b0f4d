/*
 * ds_predictions.c - predictions.tsv read back and checked (see
 * ds_predictions.h).
 */
#include "ds_predictions.h"
#include "ll_tsvesc.h"
#include "ds_runs.h"
#include "ll_recipe.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A whole field as an unsigned integer; 0 when it is not one. */
static int field_uint(const char *s, unsigned long long *v)
{
	char *end;
	if (!isdigit((unsigned char)s[0]))
		return 0;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return !*end && errno == 0;
}

int ds_predictions_read(const char *path, size_t nrows, struct ds_pred_row **out, size_t *n, struct ll_err *err)
{
	*out = NULL;
	*n = 0;
	char *text;
	int rc = ds_read_text(path, &text, NULL, err);
	if (rc)
		return rc;
	size_t cap = 1024, k = 0;
	struct ds_pred_row *c = malloc(cap * sizeof *c);
	if (!c) {
		free(text);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	static const char head[] = "sample\trow\tpart\ttrue\t";
	size_t lineno = 0;
	int nh = 0, review_col = -1;
	/* a field per class's probability (p_NAME) sits between score and
	 * review: as many fields as the run has classes, plus eight. A fixed
	 * 64 cut a run of 57 classes or more before its template column, and
	 * review refused its every run as "not the header of a run's
	 * predictions" */
	char **f = NULL;
	size_t fcap = 0;
	rc = LL_OK;
	for (char *line = text, *next; line && *line && rc == LL_OK; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		size_t tabs = 0;
		for (const char *p = line; (p = strchr(p, '\t')) != NULL; p++)
			tabs++;
		if (tabs >= INT_MAX - 1) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: %zu columns", path, lineno, tabs + 1);
			break;
		}
		if (tabs + 1 > fcap) {
			char **g = realloc(f, (tabs + 1) * sizeof *g);
			if (!g) {
				rc = ll_err_set(err, LL_ENOMEM, "out of memory");
				break;
			}
			f = g;
			fcap = tabs + 1;
		}
		int nf = 0;
		for (char *p = line;;) {
			f[nf++] = p;
			char *tab = strchr(p, '\t');
			if (!tab)
				break;
			*tab = '\0';
			p = tab + 1;
		}
		if (lineno == 1) {
			/* the fields were cut at tabs: compare them one by one */
			int ok = nf >= 7 && !strcmp(f[0], "sample") && !strcmp(f[1], "row") && !strcmp(f[2], "part") &&
				 !strcmp(f[3], "true") && !strcmp(f[nf - 1], "template");
			if (!ok)
				rc = ll_err_set(err, LL_EDATA,
						"%s:1: not the header of a run's predictions (%.*sPREDICTED\tscore\t...\ttemplate)",
						path, (int)sizeof head - 1, head);
			nh = nf;
			if (ok && !strcmp(f[nf - 2], "review"))
				review_col = nf - 2;
			continue;
		}
		unsigned long long sample, row;
		char *end;
		double score = 0, review = 0;
		if (nf != nh)
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: %d columns where the header has %d", path, lineno, nf, nh);
		else if (!field_uint(f[0], &sample) || sample != lineno - 1)
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: sample \"%s\" where %zu was due (a line repeated, lost or moved)",
					path, lineno, f[0], lineno - 1);
		else if (!field_uint(f[1], &row) || row < 1 || row > nrows)
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: row \"%s\" is not a row of the run's dataset (1..%zu)", path,
					lineno, f[1], nrows);
		else if (strcmp(f[2], "train") && strcmp(f[2], "dev") && strcmp(f[2], "test"))
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: part \"%s\" is not train, dev or test", path, lineno, f[2]);
		else if ((score = strtod(f[5], &end), !f[5][0] || *end || !isfinite(score)))
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: score \"%s\" is not a finite number", path, lineno, f[5]);
		else if (review_col >= 0 &&
			 (review = strtod(f[review_col], &end), !f[review_col][0] || *end || !isfinite(review)))
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: review score \"%s\" is not a finite number", path, lineno,
					f[review_col]);
		else if (f[nf - 1][0] && (!field_uint(f[nf - 1], &sample) || sample > LONG_MAX))
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: template \"%s\" is not a template id", path, lineno,
					f[nf - 1]);
		if (rc != LL_OK)
			break;
		/* class names with a tab or a newline are escaped (ll_tsvesc.h) */
		ll_tsv_unescape(f[3]);
		ll_tsv_unescape(f[4]);
		if (k == cap) {
			struct ds_pred_row *p = realloc(c, cap * 2 * sizeof *p);
			if (!p) {
				rc = ll_err_set(err, LL_ENOMEM, "out of memory");
				break;
			}
			c = p;
			cap *= 2;
		}
		c[k].row = (size_t)row - 1;
		snprintf(c[k].part, sizeof c[k].part, "%s", f[2]);
		snprintf(c[k].pred, sizeof c[k].pred, "%s", f[4]);
		size_t tl = strlen(f[3]);
		if (tl >= sizeof c[k].truth)
			tl = sizeof c[k].truth - 1;
		memcpy(c[k].truth, f[3], tl);
		c[k].truth[tl] = '\0';
		c[k].score = score;
		c[k].review = review_col >= 0 ? review : score;
		c[k].tmpl = f[nf - 1][0] ? strtol(f[nf - 1], NULL, 10) : -1;
		k++;
	}
	if (rc == LL_OK && lineno == 0)
		rc = ll_err_set(err, LL_EDATA, "%s: empty: no header and no predictions", path);
	free(f);
	free(text);
	if (rc != LL_OK) {
		free(c);
		return rc;
	}
	*out = c;
	*n = k;
	return LL_OK;
}

int ds_pred_samples_group_rows(const struct ll_recipe *rec)
{
	return rec->interval > 0 || rec->window != LL_RWIN_NONE;
}

int ds_pred_label_suspect(const struct ll_recipe *rec, const char *row_label, const char *run_label)
{
	if (!ll_recipe_label_ordinary(rec, row_label))
		return 0;
	if (!ds_pred_samples_group_rows(rec) || !run_label || !run_label[0])
		return 1;
	/* ordinary as the run's classes are (ds_ordinary_flags: a binary
	 * target's classes are "ordinary" and the root cause) */
	if (rec->target == LL_TARGET_BINARY)
		return strcmp(run_label, "ordinary") == 0;
	return ll_recipe_is_ordinary(rec, run_label);
}
