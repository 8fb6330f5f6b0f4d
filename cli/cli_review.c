/*
 * cli_review.c - `loglab review RUN`: the review queue. Lines the dataset
 * labels ordinary but the run scores as root cause (root-cause score at or
 * above a threshold), highest score first, grouped by log template with
 * counts, each with the lines around it. Training lines are ranked by
 * their out-of-fold score when the run cross-fitted (predictions.tsv's
 * review column, ll_crossfit.h): the run's own model learned their labels.
 *
 * `--confirm ROW...` relabels rows through the label journal (source
 * "review"), so the browser, `loglab label` and later runs see it;
 * `--dismiss ROW...` keeps them as they are. Both decisions are kept in
 * DATA.review beside the dataset (not in the run), one line per decision:
 *   TIME<TAB>USER<TAB>ROW<TAB>HASH<TAB>confirm|dismiss<TAB>RUN<TAB>CLASS
 * keyed by row and content hash, so a dismissed line is never asked again,
 * even by later runs, unless the line itself changes.
 */
#include "cli.h"
#include "ds_dataset.h"
#include "ds_labels.h"
#include "ds_predictions.h"
#include "ds_review.h"
#include "ds_rowlabels.h"
#include "ds_runs.h"
#include "ds_workspace.h"
#include "ll_journal.h"
#include "ll_labels.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static void review_usage(FILE *out)
{
	fprintf(out,
		"Usage: loglab review RUN [--workspace DIR] [--top N] [--threshold T] [--context N] [--json]\n"
		"       loglab review RUN --confirm ROW... [--class NAME]\n"
		"       loglab review RUN --dismiss ROW...\n"
		"       loglab review RUN --confirm|--dismiss --template ID\n"
		"\n"
		"Prints the review queue of run RUN: lines its dataset labels ordinary that\n"
		"the run scores as root cause, highest score first, grouped by log template\n"
		"with counts, each with its context. --confirm relabels the rows given\n"
		"(1-based, as printed) through the label journal with source \"review\";\n"
		"--dismiss keeps their label. Decisions are kept in DATA.review beside the\n"
		"dataset, so a dismissed line is not asked again, even by later runs.\n"
		"The text (and the TUI's review view) groups lines by template, groups in\n"
		"order of their best score; --json lists the same lines as \"items\" by score\n"
		"alone (its \"groups\" give the grouping), so both start with the same line.\n"
		"When the run's samples group rows (down-sampled, windows), a line is its\n"
		"sample's first row; samples the run labelled root cause itself are not\n"
		"queued, and --confirm relabels the rows given only.\n"
		"\n"
		"  -w, --workspace DIR  the workspace folder (default .)\n"
		"  -n, --top N          the N highest-scoring lines (default 50; 0 = all)\n"
		"  -t, --threshold T    lowest root-cause score queued (default 0.5)\n"
		"  -C, --context N      lines of context before and after (default 1)\n"
		"      --confirm ROW... relabel these rows (rows follow as arguments)\n"
		"      --dismiss ROW... keep these rows' labels and stop asking\n"
		"      --template ID    with --confirm or --dismiss instead of rows: every line of\n"
		"                       the queue (at --threshold) in log template ID, as printed\n"
		"      --class NAME     class given by --confirm (default: the dataset's root-cause\n"
		"                       class - the run's prediction when it is one, else the\n"
		"                       only one; with several, --class must say which); one\n"
		"                       the dataset has, else refused with the closest\n"
		"      --new-class      let --class create NAME\n"
		"      --json           print JSON\n"
		"  -h, --help           show this help\n"
		"\n"
		"Exit codes: 0 ok, 1 usage error, 2 data error, 3 I/O error.\n");
}

/* A line of the queue: in the dataset, scored at or above thr, labelled
 * ordinary now (or unlabelled, when the recipe counts those ordinary), a
 * sample the run itself did not label root cause when its samples group
 * rows (ds_pred_label_suspect, the TUI's rule too), and not decided yet. */
static int queued(const struct ds_pred_row *c, size_t nrows, double thr, const struct ds_run *run,
		  struct ll_labels *l, struct ds_dataset *ds, const struct ds_review *dec)
{
	if (c->row >= nrows || !(c->review >= thr))
		return 0;
	int lab = ll_labels_get(l, c->row);
	if (!ds_pred_label_suspect(&run->recipe, lab < 0 ? NULL : ll_labels_class_name(l, (size_t)lab), c->truth))
		return 0;
	return !ds_review_decided(dec, c->row, ds_labels_row_hash(ds, c->row));
}

/* Which file gave the rows their labels and what the journal changed of
 * them: a queue of a dataset with a label file is judged by both. */
static void print_label_source(const struct ds_dataset *ds, const struct ll_labels *l, const char *journal)
{
	char desc[1024];
	ds_rowlabels_describe(ds, l, journal, desc, sizeof desc);
	if (desc[0])
		printf("%s\n", cli_safe(desc));
}

static int by_score(const void *a, const void *b)
{
	const struct ds_pred_row *x = a, *y = b;
	if (x->review != y->review)
		return x->review < y->review ? 1 : -1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static char *row_text(struct ds_dataset *ds, size_t row)
{
	size_t n = ds_dataset_row_text(ds, row, NULL, 0);
	char *b = malloc(n + 1);
	if (b)
		ds_dataset_row_text(ds, row, b, n + 1);
	return b;
}

static int parse_row(const char *s, size_t nrows, size_t *row)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s || *end || errno || v == 0 || v > nrows)
		return -1;
	*row = (size_t)v - 1;
	return 0;
}

/* The class --confirm gives row when --class is not said: the run's
 * prediction if it is a root-cause class of the dataset, else its only
 * one; LL_EUSAGE naming them when it has several. *name points into l or
 * cand, valid while they are. */
static int root_cause_class(const struct ds_run *run, const struct ll_labels *l, const struct ds_pred_row *cand, size_t ncand,
			    size_t row, const char **name, struct ll_err *err)
{
	const char *pred = NULL;
	for (size_t k = 0; !pred && k < ncand; k++)
		if (cand[k].row == row)
			pred = cand[k].pred;
	size_t nc = ll_labels_nclasses(l);
	const char **names = malloc((nc ? nc : 1) * sizeof *names);
	if (!names)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	for (size_t c = 0; c < nc; c++)
		names[c] = ll_labels_class_name(l, c);
	size_t n = ll_recipe_root_cause_class(&run->recipe, pred, names, nc, name);
	int rc = LL_OK;
	if (n > 1) {
		char list[512] = "";
		for (size_t c = 0; c < nc; c++)
			if (!ll_recipe_is_ordinary(&run->recipe, names[c]) && strlen(list) + strlen(names[c]) + 3 < sizeof list)
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? ", " : "", names[c]);
		rc = ll_err_set(err, LL_EUSAGE, "row %zu: the dataset has %zu root-cause classes (%s): say which with --class",
				row + 1, n, list);
	}
	free(names);
	return rc;
}

/* --confirm: a class typed with --class must exist (or --new-class); the
 * classes given[] (--class, or each row's root-cause class, resolved
 * before anything is relabelled) are applied as one journal action per
 * class, rows of one class together. */
static int confirm_rows(struct ll_labels *l, const size_t *rows, size_t nr, const char *cls, int new_class,
			const char *const *given, long *changed, struct ll_err *err)
{
	if (cls && !new_class && !ll_labels_class_known(l, cls)) {
		char why[LL_ERR_MSG_MAX / 2];
		ll_labels_unknown_class_text(l, cls, why, sizeof why);
		return ll_err_set(err, LL_EUSAGE, "the dataset has %s; --new-class creates it", why);
	}
	int rc = ll_labels_make_writable(l, err);
	size_t *group = malloc((nr ? nr : 1) * sizeof *group);
	char *done = calloc(nr ? nr : 1, 1);
	if (rc == LL_OK && (!group || !done))
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	for (size_t i = 0; rc == LL_OK && i < nr; i++) {
		if (done[i])
			continue;
		const char *name = given[i];
		size_t n = 0;
		for (size_t j = i; j < nr; j++)
			if (!done[j] && strcmp(given[j], name) == 0) {
				group[n++] = rows[j];
				done[j] = 1;
			}
		int id = ll_labels_class_id(l, name);
		long ch = id < 0 ? ll_err_set(err, LL_ENOMEM, "out of memory") : ll_labels_apply(l, group, n, id, "review", err);
		if (ch < 0)
			rc = (int)ch;
		else
			*changed += ch;
	}
	free(group);
	free(done);
	return rc;
}

int cli_review(int argc, char **argv)
{
	static const struct option opts[] = {{"workspace", required_argument, NULL, 'w'},
					     {"top", required_argument, NULL, 'n'},
					     {"threshold", required_argument, NULL, 't'},
					     {"context", required_argument, NULL, 'C'},
					     {"confirm", no_argument, NULL, 'c'},
					     {"dismiss", no_argument, NULL, 'd'},
					     {"class", required_argument, NULL, 'k'},
					     {"new-class", no_argument, NULL, 'K'},
					     {"template", required_argument, NULL, 'T'},
					     {"json", no_argument, NULL, 'j'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int ws_given = 0;
	const char *wsdir = ".", *cls = NULL;
	int json = 0, confirm = 0, dismiss = 0, new_class = 0, c;
	long top = 50, context = 1, tmpl = -1;
	double thr = 0.5;
	char *end;
	optind = 1;
	while ((c = getopt_long(argc, argv, "w:n:t:C:h", opts, NULL)) != -1) {
		switch (c) {
		case 'w': wsdir = optarg; ws_given = 1; break;
		case 'n':
			top = strtol(optarg, &end, 10);
			if (end == optarg || *end || top < 0) {
				fprintf(stderr, "%s review: --top wants a number >= 0\n", cli_progname);
				return 1;
			}
			break;
		case 't':
			thr = strtod(optarg, &end);
			if (end == optarg || *end || !isfinite(thr)) {
				fprintf(stderr, "%s review: --threshold wants a number\n", cli_progname);
				return 1;
			}
			break;
		case 'C':
			context = strtol(optarg, &end, 10);
			if (end == optarg || *end || context < 0 || context > 50) {
				fprintf(stderr, "%s review: --context wants 0..50\n", cli_progname);
				return 1;
			}
			break;
		case 'c': confirm = 1; break;
		case 'd': dismiss = 1; break;
		case 'k': cls = optarg; break;
		case 'K': new_class = 1; break;
		case 'T':
			tmpl = strtol(optarg, &end, 10);
			if (end == optarg || *end || tmpl < 0) {
				fprintf(stderr, "%s review: --template wants a template id (a number >= 0)\n", cli_progname);
				return 1;
			}
			break;
		case 'j': json = 1; break;
		case 'h': review_usage(stdout); return 0;
		default: review_usage(stderr); return 1;
		}
	}
	if (argc - optind < 1 || (confirm && dismiss) || (!confirm && !dismiss && argc - optind != 1) ||
	    ((confirm || dismiss) && tmpl < 0 && argc - optind < 2) || (tmpl >= 0 && argc - optind != 1) ||
	    (tmpl >= 0 && !confirm && !dismiss)) {
		fprintf(stderr,
			"%s review: expected RUN, or RUN --confirm|--dismiss ROW..., or RUN --confirm|--dismiss "
			"--template ID; see --help\n",
			cli_progname);
		return 1;
	}
	if (cls && (!*cls || strpbrk(cls, "\t\n\r"))) {
		fprintf(stderr, "%s review: a class name must be non-empty, without tabs or newlines\n", cli_progname);
		return 1;
	}
	const char *runid = argv[optind];
	struct ll_err err;
	ll_err_clear(&err);
	struct ds_workspace *ws = NULL;
	struct ds_run run;
	memset(&run, 0, sizeof run);
	struct ds_dataset *ds = NULL;
	struct ll_labels *l = NULL;
	struct ds_pred_row *cand = NULL;
	size_t ncand = 0;
	struct ds_review *dec = NULL;
	char *jp = NULL;
	size_t *rows = NULL, *tlines = NULL, *troot = NULL;
	uint32_t *hashes = NULL;
	cJSON *jo = NULL;
	char sample[4096];
	wsdir = cli_workspace_dir(wsdir, ws_given, sample, sizeof sample);
	int rc = ds_workspace_load(wsdir, &ws, &err);
	if (rc)
		return cli_fail(rc, &err);
	if ((rc = ds_run_open(ws->dir, runid, &run, &err)) != LL_OK)
		goto out;
	if (!run.dataset_path || strstr(run.dataset_path, "://")) {
		rc = ll_err_set(&err, LL_EUSAGE, "run %s: review needs a local dataset", runid);
		goto out;
	}
	struct ds_open_opts o = {0};
	o.format = run.dataset_format;
	o.labels = run.dataset_labels;
	if ((rc = ds_dataset_open(&ds, run.dataset_path, &o, &err)) != LL_OK)
		goto out;
	jp = ds_labels_default_path(run.dataset_path);
	if (!jp) {
		rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
		goto out;
	}
	/* read-only until every check passed: a refused command writes nothing */
	if ((rc = ds_labels_open(ds, jp, 0, &l, NULL, NULL, &err)) != LL_OK)
		goto out;
	size_t nrows = ll_labels_nrows(l);
	char ppath[4096];
	snprintf(ppath, sizeof ppath, "%s/predictions.tsv", run.dir);
	if ((rc = ds_predictions_read(ppath, nrows, &cand, &ncand, &err)) != LL_OK ||
	    (rc = ds_review_load(run.dataset_path, &dec, &err)) != LL_OK)
		goto out;
	for (size_t i = 0; i < dec->nwarnings; i++)
		fprintf(stderr, "%s review: warning: %s\n", cli_progname, cli_safe(dec->warnings[i]));
	/* a sample of such a run stands for more rows than the one it is
	 * traced to (its first): said wherever a line is shown or relabelled */
	int grouped = ds_pred_samples_group_rows(&run.recipe);
	if (confirm || dismiss) {
		size_t nr = tmpl >= 0 ? ncand : (size_t)(argc - optind - 1);
		if (!(rows = malloc((nr ? nr : 1) * sizeof *rows)) || !(hashes = malloc((nr ? nr : 1) * sizeof *hashes))) {
			rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
			goto out;
		}
		if (tmpl >= 0) {
			/* the template's lines of the queue, as `review RUN` lists them */
			nr = 0;
			for (size_t i = 0; i < ncand; i++)
				if (cand[i].tmpl == tmpl && queued(&cand[i], nrows, thr, &run, l, ds, dec))
					rows[nr++] = cand[i].row;
			if (!nr) {
				rc = ll_err_set(&err, LL_EUSAGE, "template %ld has no line in the queue of run %s (threshold %g)",
						tmpl, runid, thr);
				goto out;
			}
		}
		for (size_t i = 0; tmpl < 0 && i < nr; i++)
			if (parse_row(argv[optind + 1 + i], nrows, &rows[i]) != 0) {
				rc = ll_err_set(&err, LL_EUSAGE, "row '%s' is not a row of %s (1..%zu)", argv[optind + 1 + i],
						run.dataset_path, nrows);
				goto out;
			}
		long changed = 0;
		const char **given = calloc(nr, sizeof *given);
		if (!given) {
			rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
			goto out;
		}
		/* --class, else the dataset's root-cause class for the run's
		 * prediction of each row (ll_recipe.h); every row is resolved
		 * before any is relabelled, so a refusal changes nothing. */
		for (size_t i = 0; confirm && i < nr && rc == LL_OK; i++) {
			given[i] = cls;
			if (!cls)
				rc = root_cause_class(&run, l, cand, ncand, rows[i], &given[i], &err);
		}
		if (confirm && rc == LL_OK)
			rc = confirm_rows(l, rows, nr, cls, new_class, given, &changed, &err);
		for (size_t i = 0; i < nr && rc == LL_OK; i++) {
			hashes[i] = ds_labels_row_hash(ds, rows[i]);
			rc = ds_review_append(dec, &rows[i], &hashes[i], 1, confirm, runid, confirm ? given[i] : NULL, &err);
		}
		const char *as = confirm && nr ? given[0] : NULL;
		for (size_t i = 1; as && i < nr; i++)
			if (strcmp(given[i], as) != 0)
				as = NULL;
		char asbuf[320] = "";
		if (as)
			snprintf(asbuf, sizeof asbuf, " as class %s", cli_safe(as));
		if (rc == LL_OK && json)
			printf("{\"action\": \"%s\", \"rows\": %zu, \"relabelled\": %ld, \"samples_group_rows\": %s, "
			       "\"decisions\": \"%s\"}\n",
			       confirm ? "confirm" : "dismiss", nr, changed, grouped ? "true" : "false", cli_safe(dec->path));
		else if (rc == LL_OK)
			printf("%s: %zu row%s%s%s; decisions kept in %s\n%s", confirm ? "confirmed" : "dismissed", nr,
			       nr == 1 ? "" : "s", asbuf, confirm ? ", relabelled through the journal (source review)" : "",
			       cli_safe(dec->path),
			       confirm && grouped ? "the run's samples group rows: only the rows given were relabelled, "
						    "the other rows of their samples keep their labels\n"
						  : "");
		free(given);
		goto out;
	}
	/* each template's lines in the run and how many are labelled root
	 * cause now, counted before the queue is cut from cand */
	long maxt = -1;
	for (size_t i = 0; i < ncand; i++)
		if (cand[i].tmpl > maxt)
			maxt = cand[i].tmpl;
	if (!(tlines = calloc((size_t)(maxt + 2), sizeof *tlines)) || !(troot = calloc((size_t)(maxt + 2), sizeof *troot))) {
		rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < ncand; i++) {
		if (cand[i].tmpl < 0 || cand[i].row >= nrows)
			continue;
		tlines[cand[i].tmpl]++;
		int lab = ll_labels_get(l, cand[i].row);
		if (lab >= 0 && !ll_recipe_is_ordinary(&run.recipe, ll_labels_class_name(l, (size_t)lab)))
			troot[cand[i].tmpl]++;
	}
	/* the queue */
	size_t k = 0;
	for (size_t i = 0; i < ncand; i++)
		if (queued(&cand[i], nrows, thr, &run, l, ds, dec))
			cand[k++] = cand[i];
	size_t total = k;
	qsort(cand, k, sizeof *cand, by_score);
	if (top > 0 && (size_t)top < k)
		k = (size_t)top;
	/* groups by template in order of their best line */
	long *gid = malloc((k ? k : 1) * sizeof *gid);
	size_t *gcount = calloc(k ? k : 1, sizeof *gcount), ng = 0;
	if (!gid || !gcount) {
		free(gid);
		free(gcount);
		rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < k; i++) {
		size_t g = 0;
		while (g < ng && gid[g] != cand[i].tmpl)
			g++;
		if (g == ng)
			gid[ng++] = cand[i].tmpl;
		gcount[g]++;
	}
	char ttext[2048];
	if (json) {
		jo = cJSON_CreateObject();
		cJSON_AddStringToObject(jo, "run", runid);
		cJSON_AddStringToObject(jo, "dataset", run.dataset_path);
		if (ds_dataset_label_file(ds)) {
			cJSON_AddStringToObject(jo, "label_file", ds_dataset_label_file(ds));
			cJSON_AddNumberToObject(jo, "journal_overrides", (double)ll_labels_overridden(l));
		}
		cJSON_AddNumberToObject(jo, "threshold", thr);
		cJSON_AddNumberToObject(jo, "queued", (double)total);
		cJSON_AddNumberToObject(jo, "review_folds", (double)run.cfg.review_folds);
		cJSON_AddBoolToObject(jo, "samples_group_rows", grouped);
		cJSON *items = cJSON_AddArrayToObject(jo, "items");
		for (size_t i = 0; i < k; i++) {
			cJSON *it = cJSON_CreateObject();
			cJSON_AddNumberToObject(it, "row", (double)(cand[i].row + 1));
			if (ds_dataset_is_fleet(ds) && cand[i].row < nrows) {
				size_t f = ds_dataset_row_file(ds, cand[i].row);
				const char *host = ds_dataset_host_name(ds, ds_dataset_row_host(ds, cand[i].row));
				cJSON_AddStringToObject(it, "host", host ? host : "");
				cJSON_AddStringToObject(it, "file", ds_dataset_file_name(ds, f));
				cJSON_AddNumberToObject(it, "line", (double)ds_dataset_row_line(ds, cand[i].row) + 1);
			}
			cJSON_AddNumberToObject(it, "score", cand[i].review);
			if (cand[i].review != cand[i].score)
				cJSON_AddNumberToObject(it, "run_score", cand[i].score);
			cJSON_AddStringToObject(it, "part", cand[i].part);
			cJSON_AddStringToObject(it, "predicted", cand[i].pred);
			if (cand[i].tmpl >= 0)
				cJSON_AddNumberToObject(it, "template", (double)cand[i].tmpl);
			else
				cJSON_AddNullToObject(it, "template");
			char *t = row_text(ds, cand[i].row);
			cJSON_AddStringToObject(it, "text", t ? t : "");
			free(t);
			cJSON *ctx = cJSON_AddArrayToObject(it, "context");
			for (long r = (long)cand[i].row - context; r <= (long)cand[i].row + context; r++) {
				if (r < 0 || (size_t)r >= nrows || (size_t)r == cand[i].row)
					continue;
				cJSON *cl = cJSON_CreateObject();
				cJSON_AddNumberToObject(cl, "row", (double)(r + 1));
				char *ct = row_text(ds, (size_t)r);
				cJSON_AddStringToObject(cl, "text", ct ? ct : "");
				free(ct);
				cJSON_AddItemToArray(ctx, cl);
			}
			cJSON_AddItemToArray(items, it);
		}
		cJSON *groups = cJSON_AddArrayToObject(jo, "groups");
		for (size_t g = 0; g < ng; g++) {
			cJSON *go = cJSON_CreateObject();
			if (gid[g] >= 0) {
				cJSON_AddNumberToObject(go, "template", (double)gid[g]);
				if (run.fit.tpl && (size_t)gid[g] < ll_tpl_count(run.fit.tpl)) {
					ll_tpl_text(run.fit.tpl, gid[g], ttext, sizeof ttext);
					cJSON_AddStringToObject(go, "text", ttext);
				}
			} else {
				cJSON_AddNullToObject(go, "template");
			}
			cJSON_AddNumberToObject(go, "count", (double)gcount[g]);
			cJSON_AddNumberToObject(go, "template_lines", gid[g] >= 0 ? (double)tlines[gid[g]] : 0);
			cJSON_AddNumberToObject(go, "template_root_cause", gid[g] >= 0 ? (double)troot[gid[g]] : 0);
			cJSON *gr = cJSON_AddArrayToObject(go, "rows");
			for (size_t i = 0; i < k; i++)
				if (cand[i].tmpl == gid[g])
					cJSON_AddItemToArray(gr, cJSON_CreateNumber((double)(cand[i].row + 1)));
			cJSON_AddItemToArray(groups, go);
		}
		char *s = cJSON_Print(jo);
		if (s)
			puts(s);
		free(s);
	} else if (k == 0) {
		printf("review queue of %s: empty (no ordinary line scores >= %g that is not decided yet)\n",
		       cli_safe(runid), thr);
		print_label_source(ds, l, jp);
	} else {
		printf("review queue of %s: %zu lines labelled ordinary score >= %g as root cause%s\n", cli_safe(runid), total,
		       thr,
		       k < total ? " (the highest shown; --top 0 shows all)" : "");
		print_label_source(ds, l, jp);
		if (run.cfg.review_folds)
			printf("training lines are scored out of fold (%zu folds: by models that did not learn their "
			       "labels)\n",
			       run.cfg.review_folds);
		else
			printf("training lines are scored by the run's model, which learned their labels "
			       "(review_folds sets out-of-fold scores)\n");
		if (grouped)
			printf("the run's samples group rows (down-sampled or windows): a line is its sample's first row, "
			       "the sample the run labelled ordinary; --confirm relabels that row only\n");
		int any_template = 0;
		for (size_t g = 0; g < ng; g++)
			any_template |= gid[g] >= 0;
		if (!any_template)
			printf("\n");
		for (size_t g = 0; g < ng; g++) {
			if (gid[g] >= 0 && run.fit.tpl && (size_t)gid[g] < ll_tpl_count(run.fit.tpl))
				ll_tpl_text(run.fit.tpl, gid[g], ttext, sizeof ttext);
			else
				snprintf(ttext, sizeof ttext, "(no template)");
			if (gid[g] >= 0)
				printf("\ntemplate %ld: %zu line%s (%zu of its %zu labelled root cause)  %s\n", gid[g], gcount[g],
				       gcount[g] == 1 ? "" : "s", troot[gid[g]], tlines[gid[g]], cli_safe(ttext));
			else if (any_template)
				printf("\nno template: %zu line%s\n", gcount[g], gcount[g] == 1 ? "" : "s");
			/* a table's rows (no templates at all): one list, no group
			 * header ("template -1" named an id that is none) */
			for (size_t i = 0; i < k; i++) {
				if (cand[i].tmpl != gid[g])
					continue;
				for (long r = (long)cand[i].row - context; r <= (long)cand[i].row + context; r++) {
					if (r < 0 || (size_t)r >= nrows)
						continue;
					char *t = row_text(ds, (size_t)r);
					if ((size_t)r == cand[i].row && ds_dataset_is_fleet(ds)) {
						/* a fleet's line: its host, file and line in the file */
						const char *host = ds_dataset_host_name(ds, ds_dataset_row_host(ds, (size_t)r));
						printf("  > %7ld  %.4f  %-5s %s %s:%zu  %s\n", r + 1, cand[i].review,
						       cli_safe(cand[i].part), cli_safe(host ? host : "?"),
						       cli_safe(ds_dataset_file_name(ds, ds_dataset_row_file(ds, (size_t)r))),
						       ds_dataset_row_line(ds, (size_t)r) + 1, cli_safe(t));
					} else if ((size_t)r == cand[i].row)
						printf("  > %7ld  %.4f  %-5s %s\n", r + 1, cand[i].review, cli_safe(cand[i].part),
						       cli_safe(t));
					else
						printf("    %7ld                %s\n", r + 1, cli_safe(t));
					free(t);
				}
			}
		}
		printf("\nconfirm: loglab review %s --confirm ROW...   dismiss: loglab review %s --dismiss ROW...\n",
		       cli_safe(runid), cli_safe(runid));
		if (any_template)
			printf("a template's lines at once: --confirm|--dismiss --template ID\n");
	}
	free(gid);
	free(gcount);
out:
	cJSON_Delete(jo);
	free(rows);
	free(tlines);
	free(troot);
	free(cand);
	free(hashes);
	ds_review_free(dec);
	free(jp);
	ll_labels_free(l);
	ds_dataset_close(ds);
	ds_run_close(&run);
	ds_workspace_free(ws);
	if (rc)
		return cli_fail(rc, &err);
	return 0;
}
