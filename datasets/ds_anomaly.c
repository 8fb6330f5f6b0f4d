/*
 * ds_anomaly.c - reading a detector run's evaluation for the anomaly view
 * (ds_anomaly.h).
 */
#include "ds_anomaly.h"
#include "ds_dirswap.h"

#include "ds_runs.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void ds_anomaly_free(struct ds_anomaly *a)
{
	free(a->eval_dir);
	free(a->dataset);
	free(a->detector);
	free(a->score);
	free(a->label);
	for (size_t s = 0; s < a->nsegs; s++) {
		free(a->segs[s].labelled);
		for (size_t i = 0; i < a->segs[s].nranked; i++)
			free(a->segs[s].names[i]);
	}
	free(a->segs);
	memset(a, 0, sizeof *a);
}

/* The newest (by mtime of scores.tsv) eval-* folder of dir, or NULL. */
static char *newest_eval(const char *dir)
{
	char p[4096];
	snprintf(p, sizeof p, "%s/scores.tsv", dir);
	struct stat st;
	if (stat(p, &st) == 0)
		return strdup(dir);
	ds_dir_recover_in(dir); /* an eval killed midway on a file system without exchange */
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char *best = NULL;
	double bt = -1;
	struct dirent *e;
	while ((e = readdir(d))) {
		/* an eval being written or replaced (ds_dirswap.h) is none yet */
		if (strncmp(e->d_name, "eval-", 5) != 0 || strstr(e->d_name, ".part-") || strstr(e->d_name, ".old-"))
			continue;
		snprintf(p, sizeof p, "%s/%s/scores.tsv", dir, e->d_name);
		if (stat(p, &st) != 0)
			continue;
		double t = (double)st.st_mtim.tv_sec + st.st_mtim.tv_nsec * 1e-9;
		if (t > bt) {
			snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
			char *c = strdup(p);
			if (c) {
				free(best);
				best = c;
				bt = t;
			}
		}
	}
	closedir(d);
	return best;
}

static double num(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return strdup(cJSON_IsString(v) ? v->valuestring : "");
}

static int read_segments(const cJSON *m, struct ds_anomaly *a, struct ll_err *err)
{
	const cJSON *sd = cJSON_GetObjectItemCaseSensitive(m, "segment_dims");
	size_t ns = cJSON_IsArray(sd) ? (size_t)cJSON_GetArraySize(sd) : 0;
	if (!ns)
		return LL_OK;
	if (!(a->segs = calloc(ns, sizeof *a->segs)))
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	for (const cJSON *e = sd->child; e; e = e->next) {
		struct ds_anomaly_segment *s = &a->segs[a->nsegs];
		double st = num(e, "start"), en = num(e, "end");
		if (!(st >= 0) || !(en >= st) || en >= (double)a->n)
			continue; /* a segment outside the series is not drawn */
		s->start = (size_t)st;
		s->end = (size_t)en;
		const cJSON *ld = cJSON_GetObjectItemCaseSensitive(e, "labelled_dims");
		size_t nl = cJSON_IsArray(ld) ? (size_t)cJSON_GetArraySize(ld) : 0;
		if (nl && !(s->labelled = malloc(nl * sizeof *s->labelled)))
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		for (const cJSON *d = nl ? ld->child : NULL; d; d = d->next)
			if (cJSON_IsNumber(d))
				s->labelled[s->nlabelled++] = (int)d->valuedouble;
		const cJSON *rd = cJSON_GetObjectItemCaseSensitive(e, "ranked_dims");
		for (const cJSON *d = cJSON_IsArray(rd) ? rd->child : NULL; d && s->nranked < DS_ANOMALY_TOP; d = d->next) {
			double dim = num(d, "dim");
			if (!(dim >= 1))
				continue;
			s->ranked[s->nranked] = (int)dim;
			s->contribution[s->nranked] = num(d, "contribution");
			const cJSON *nm = cJSON_GetObjectItemCaseSensitive(d, "name");
			if (cJSON_IsString(nm) && !(s->names[s->nranked] = strdup(nm->valuestring)))
				return ll_err_set(err, LL_ENOMEM, "out of memory");
			s->nranked++;
		}
		a->nsegs++;
	}
	return LL_OK;
}

int ds_anomaly_read(const char *run_dir, struct ds_anomaly *out, struct ll_err *err)
{
	memset(out, 0, sizeof *out);
	out->eval_dir = newest_eval(run_dir);
	if (!out->eval_dir) {
		const char *slash = strrchr(run_dir, '/');
		return ll_err_set(err, LL_EUSAGE, "run %s has no evaluation yet: loglab eval %s TEST_DATASET",
				  slash ? slash + 1 : run_dir, slash ? slash + 1 : run_dir);
	}
	char p[4096];
	snprintf(p, sizeof p, "%s/metrics.json", out->eval_dir);
	void *mj = NULL;
	int rc = ds_read_json(p, &mj, err);
	if (rc)
		goto fail;
	cJSON *m = mj;
	out->dataset = str(m, "dataset");
	out->detector = str(m, "detector");
	out->threshold = num(m, "threshold");
	out->best_point_adjusted_f1 = num(m, "best_point_adjusted_f1");
	out->point_adjusted_f1 = num(m, "point_adjusted_f1");
	out->auroc = num(m, "auroc");
	out->hitrate_150 = num(m, "hitrate_150");
	double steps = num(m, "steps");
	if (!out->dataset || !out->detector) {
		cJSON_Delete(m);
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto fail;
	}
	if (!(steps >= 1) || steps > 1e10) {
		cJSON_Delete(m);
		rc = ll_err_set(err, LL_EDATA, "%s: no \"steps\"", p);
		goto fail;
	}
	out->n = (size_t)steps;
	out->score = malloc(out->n * sizeof *out->score);
	out->label = malloc(out->n * sizeof *out->label);
	if (!out->score || !out->label) {
		cJSON_Delete(m);
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto fail;
	}
	rc = read_segments(m, out, err);
	cJSON_Delete(m);
	if (rc)
		goto fail;
	snprintf(p, sizeof p, "%s/scores.tsv", out->eval_dir);
	FILE *f = fopen(p, "r");
	if (!f) {
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot open it", p);
		goto fail;
	}
	char line[256];
	size_t lineno = 0, got = 0;
	while (fgets(line, sizeof line, f)) {
		if (++lineno == 1)
			continue; /* the header */
		unsigned long step;
		int lab, alarm;
		double raw, sc;
		if (sscanf(line, "%lu\t%d\t%lf\t%lf\t%d", &step, &lab, &raw, &sc, &alarm) != 5 || step != got ||
		    got >= out->n) {
			fclose(f);
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: not a row of step, label, raw, score, alarm (step %zu)", p,
					lineno, got);
			goto fail;
		}
		out->score[got] = sc;
		out->label[got] = lab;
		got++;
	}
	fclose(f);
	if (got != out->n) {
		rc = ll_err_set(err, LL_EDATA, "%s: %zu rows, metrics.json says %zu steps", p, got, out->n);
		goto fail;
	}
	return LL_OK;
fail:
	ds_anomaly_free(out);
	return rc;
}
