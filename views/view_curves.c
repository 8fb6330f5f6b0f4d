/*
 * view_curves.c - training curves of one or several runs overlaid: the
 * training loss (and the dev loss, while the series fit the chart's six)
 * above, the dev accuracy per epoch below, from each run's curves.json.
 * A run without curves (k-means, or no dev part) is named in the status.
 */
#include "view_res.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "view_chart.h"

struct curve_run {
	char id[DS_RUN_ID_MAX];
	char exp[DS_RUN_ID_MAX];
	char model[32];
	double *loss, *dev_loss, *dev_acc;
	size_t n;
	char name_loss[160], name_dev[160], name_acc[160];
};

struct curves {
	struct curve_run runs[VIEW_RES_MAX_RUNS];
	size_t nruns;
	char missing[512];
};

static double *array_of(const cJSON *o, const char *key, size_t *n)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, key);
	size_t k = cJSON_IsArray(a) ? (size_t)cJSON_GetArraySize(a) : 0;
	*n = k;
	if (!k)
		return NULL;
	double *v = malloc(k * sizeof *v);
	if (!v)
		return NULL;
	size_t i = 0;
	for (const cJSON *e = a->child; e && i < k; e = e->next)
		v[i++] = cJSON_IsNumber(e) ? e->valuedouble : NAN;
	return v;
}

static void curves_free(struct curves *c)
{
	for (size_t i = 0; i < c->nruns; i++) {
		free(c->runs[i].loss);
		free(c->runs[i].dev_loss);
		free(c->runs[i].dev_acc);
	}
	free(c);
}

static int curves_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	(void)t;
	const struct view_res_arg *a = arg;
	if (!a || a->nids < 1)
		return ll_err_set(err, LL_EUSAGE, "the curves view needs one or more runs");
	struct curves *c = calloc(1, sizeof *c);
	if (!c)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int rc = LL_OK;
	for (size_t i = 0; rc == LL_OK && i < a->nids && i < VIEW_RES_MAX_RUNS; i++) {
		char *dir = ds_run_dir(a->ws, a->ids[i]);
		if (!dir) {
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
			break;
		}
		struct ds_run_info ri;
		rc = ds_run_read(dir, &ri, err);
		if (rc != LL_OK) {
			free(dir);
			if (rc == LL_EIO)
				rc = ll_err_set(err, LL_EUSAGE, "no run \"%s\" (:runs lists them)", a->ids[i]);
			break;
		}
		size_t n = strlen(dir) + 16;
		char *p = malloc(n);
		void *j = NULL;
		struct ll_err sub;
		ll_err_clear(&sub);
		if (p)
			snprintf(p, n, "%s/curves.json", dir);
		int got = p && ds_read_json(p, &j, &sub) == LL_OK;
		free(p);
		free(dir);
		struct curve_run *cr = &c->runs[c->nruns];
		size_t n1 = 0, n2 = 0, n3 = 0;
		if (got) {
			cr->loss = array_of(j, "loss", &n1);
			cr->dev_loss = array_of(j, "dev_loss", &n2);
			cr->dev_acc = array_of(j, "dev_accuracy", &n3);
			cJSON_Delete(j);
		}
		if (!cr->loss) {
			size_t l = strlen(c->missing);
			snprintf(c->missing + l, sizeof c->missing - l, "%s%s", l ? ", " : "no curves: ", ri.id);
			free(cr->dev_loss);
			free(cr->dev_acc);
			memset(cr, 0, sizeof *cr);
			ds_run_info_free(&ri);
			continue;
		}
		cr->n = n1;
		if (n2 != n1) {
			free(cr->dev_loss);
			cr->dev_loss = NULL;
		}
		/* No dev part: the dev series are all null (NaN); leave them out. */
		int dev_any = 0;
		for (size_t e = 0; cr->dev_acc && e < n3; e++)
			dev_any |= isfinite(cr->dev_acc[e]);
		if (n3 != n1 || !dev_any) {
			free(cr->dev_acc);
			cr->dev_acc = NULL;
			free(cr->dev_loss);
			cr->dev_loss = NULL;
		}
		snprintf(cr->id, sizeof cr->id, "%s", ri.id);
		snprintf(cr->exp, sizeof cr->exp, "%s", ri.experiment ? ri.experiment : "");
		snprintf(cr->model, sizeof cr->model, "%s", ri.model ? ri.model : "?");
		ds_run_info_free(&ri);
		c->nruns++;
	}
	/* Legends name runs by experiment when that tells them apart (ids are long). */
	int unique = 1;
	for (size_t i = 0; i < c->nruns; i++)
		for (size_t j = 0; j < i; j++)
			if (!c->runs[i].exp[0] || !strcmp(c->runs[i].exp, c->runs[j].exp))
				unique = 0;
	for (size_t i = 0; i < c->nruns; i++) {
		struct curve_run *cr = &c->runs[i];
		const char *nm = unique && cr->exp[0] ? cr->exp : cr->id;
		snprintf(cr->name_loss, sizeof cr->name_loss, "%s loss", nm);
		snprintf(cr->name_dev, sizeof cr->name_dev, "%s dev loss", nm);
		snprintf(cr->name_acc, sizeof cr->name_acc, "%s", nm);
	}
	if (rc == LL_OK && !c->nruns)
		rc = ll_err_set(err, LL_EDATA, "%s (k-means runs and runs without training have none)", c->missing);
	if (rc != LL_OK) {
		curves_free(c);
		return rc;
	}
	v->state = c;
	return LL_OK;
}

static void curves_close(struct view *v)
{
	curves_free(v->state);
}

static void curves_draw(struct view *v, struct tui *t, struct view_rect r)
{
	struct curves *c = v->state;
	struct view_chart_series loss[VIEW_CHART_MAX_SERIES], acc[VIEW_CHART_MAX_SERIES];
	size_t nl = 0, na = 0;
	/* Dev losses join while every run's pair fits in the six series. */
	int with_dev = 2 * c->nruns <= VIEW_CHART_MAX_SERIES;
	for (size_t i = 0; i < c->nruns; i++) {
		const struct curve_run *cr = &c->runs[i];
		enum tui_role role = (enum tui_role)(TUI_ROLE_LABEL_A + (int)(i % 6));
		loss[nl++] = (struct view_chart_series){.name = cr->name_loss, .y = cr->loss, .n = cr->n, .role = role};
		if (with_dev && cr->dev_loss)
			loss[nl++] = (struct view_chart_series){.name = cr->name_dev, .y = cr->dev_loss, .n = cr->n,
								 .role = role, .style = VIEW_CHART_LINE_POINTS};
		if (cr->dev_acc)
			acc[na++] = (struct view_chart_series){.name = cr->name_acc, .y = cr->dev_acc, .n = cr->n,
								.role = role};
	}
	int top = na ? r.h * 3 / 5 : r.h;
	struct view_chart ch;
	view_chart_init(&ch);
	ch.title = "loss by epoch";
	ch.x_label = "epoch";
	ch.x_first = 1;
	ch.series = loss;
	ch.nseries = nl;
	view_chart_draw(t, (struct view_rect){r.y, r.x, top, r.w}, &ch);
	if (na) {
		view_chart_init(&ch);
		ch.title = "dev accuracy by epoch";
		ch.x_label = "epoch";
		ch.x_first = 1;
		ch.y_max = 1;
		ch.series = acc;
		ch.nseries = na;
		view_chart_draw(t, (struct view_rect){r.y + top, r.x, r.h - top, r.w}, &ch);
	}
}

static void curves_status(struct view *v, struct tui *t, char *buf, size_t cap)
{
	struct curves *c = v->state;
	(void)t;
	/* each run shown by id and model, as the confusion view names its run
	 * (the legends may name them by experiment) */
	size_t used = (size_t)snprintf(buf, cap, " curves ");
	for (size_t i = 0; i < c->nruns && used < cap; i++)
		used += (size_t)snprintf(buf + used, cap - used, "%s %s %s", i ? "," : "", c->runs[i].id, c->runs[i].model);
	if (used < cap && c->missing[0])
		snprintf(buf + used, cap - used, "  %s", c->missing);
}

/* Nothing but the loop's keys: the charts fit the screen. */
static const struct view_key *const curves_keys[] = {NULL};

const struct view_ops view_curves_ops = {
	.name = "curves",
	.help = "Training curves (loss, dev loss, dev accuracy per epoch) of runs overlaid",
	.open = curves_open,
	.close = curves_close,
	.draw = curves_draw,
	.status = curves_status,
	.keys = curves_keys,
};
