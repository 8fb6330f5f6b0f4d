/*
 * ds_progress.c - RUN/progress.json, written by a training, read by
 * whoever follows it (see ds_progress.h).
 */
#include "ds_progress.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ds_runs.h"

static void add_num(cJSON *o, const char *k, double v)
{
	if (isfinite(v))
		cJSON_AddNumberToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

static cJSON *curve(const double *v, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; a && i < n; i++)
		cJSON_AddItemToArray(a, v && isfinite(v[i]) ? cJSON_CreateNumber(v[i]) : cJSON_CreateNull());
	return a;
}

int ds_progress_write(const char *run_dir, const struct ll_train_progress *p, int ranks,
		      const struct ds_progress_curves *c, struct ll_err *err)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	add_num(o, "epoch", p->epoch);
	add_num(o, "epochs", p->epochs);
	add_num(o, "batch", (double)p->batch);
	add_num(o, "batches", (double)p->batches);
	add_num(o, "loss", p->loss);
	add_num(o, "epoch_loss", p->epoch_loss);
	add_num(o, "dev_loss", p->dev_loss);
	add_num(o, "dev_metric", p->dev_metric);
	add_num(o, "samples_per_s", p->samples_per_s);
	add_num(o, "eta_s", p->eta_s);
	add_num(o, "epochs_done", p->epochs_done);
	add_num(o, "epoch_end", p->epoch_end);
	add_num(o, "ranks", ranks);
	cJSON *cv = cJSON_AddObjectToObject(o, "curves");
	if (cv) {
		cJSON_AddItemToObject(cv, "loss", curve(c ? c->loss : NULL, c ? c->n : 0));
		cJSON_AddItemToObject(cv, "dev_loss", curve(c ? c->dev_loss : NULL, c ? c->n : 0));
		cJSON_AddItemToObject(cv, "dev_metric", curve(c ? c->dev_metric : NULL, c ? c->n : 0));
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/progress.json", run_dir);
	int rc = ds_write_json(path, o, err);
	cJSON_Delete(o);
	return rc;
}

static double num(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static size_t read_curve(const cJSON *cv, const char *k, double *out, size_t cap)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(cv, k);
	size_t n = 0;
	for (const cJSON *e = cJSON_IsArray(a) ? a->child : NULL; e && n < cap; e = e->next, n++)
		if (out)
			out[n] = cJSON_IsNumber(e) ? e->valuedouble : NAN;
	return n;
}

int ds_progress_read(const char *run_dir, struct ll_train_progress *p, double *loss, double *dev_loss,
		     double *dev_metric, size_t cap, size_t *n, struct ll_err *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/progress.json", run_dir);
	void *j = NULL;
	int rc = ds_read_json(path, &j, err);
	if (rc)
		return rc;
	const cJSON *o = j;
	memset(p, 0, sizeof *p);
	double v;
	p->epoch = isfinite(v = num(o, "epoch")) ? (int)v : 0;
	p->epochs = isfinite(v = num(o, "epochs")) ? (int)v : 0;
	p->batch = isfinite(v = num(o, "batch")) && v > 0 ? (size_t)v : 0;
	p->batches = isfinite(v = num(o, "batches")) && v > 0 ? (size_t)v : 0;
	p->loss = num(o, "loss");
	p->epoch_loss = num(o, "epoch_loss");
	p->dev_loss = num(o, "dev_loss");
	p->dev_metric = num(o, "dev_metric");
	p->samples_per_s = num(o, "samples_per_s");
	p->eta_s = num(o, "eta_s");
	p->epochs_done = isfinite(v = num(o, "epochs_done")) ? (int)v : 0;
	p->epoch_end = num(o, "epoch_end") == 1;
	p->best_epoch = -1;
	p->best_dev_loss = NAN;
	const cJSON *cv = cJSON_GetObjectItemCaseSensitive(o, "curves");
	size_t got = read_curve(cv, "loss", loss, cap);
	read_curve(cv, "dev_loss", dev_loss, cap);
	read_curve(cv, "dev_metric", dev_metric, cap);
	if (n)
		*n = got;
	cJSON_Delete(j);
	return LL_OK;
}
