/*
 * ds_run_summary.c - a k-means run's summary figures and their text (see
 * ds_run_summary.h).
 */
#include "ds_run_summary.h"

#include <math.h>
#include <stdio.h>

static double num(const cJSON *o, const char *k)
{
	const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

void ds_kmeans_summary_read(const cJSON *kmeans, struct ds_kmeans_summary *s)
{
	s->k = num(kmeans, "k");
	s->inertia = s->silhouette = NAN;
	s->purity = num(kmeans, "purity");
	s->ari = num(kmeans, "ari");
	/* the elbow holds every k tried; the chosen one's figures are the run's */
	const cJSON *el = kmeans ? cJSON_GetObjectItemCaseSensitive(kmeans, "elbow") : NULL;
	for (const cJSON *e = cJSON_IsArray(el) ? el->child : NULL; e; e = e->next) {
		if (num(e, "k") == s->k) {
			s->inertia = num(e, "inertia");
			s->silhouette = num(e, "silhouette");
		}
	}
}

int ds_kmeans_summary_text(const struct ds_kmeans_summary *s, int compact, char *buf, size_t cap)
{
	if (cap)
		buf[0] = '\0';
	size_t n = 0;
	int total = 0;
	/* appends one figure when the run has it */
	struct {
		double v;
		const char *name, *fmt;
	} f[] = {
		{s->k, "k", "%.0f"},
		{compact ? NAN : s->inertia, "inertia", "%.6g"},
		{s->silhouette, compact ? "sil" : "silhouette", "%.4f"},
		{s->purity, compact ? "pur" : "purity", "%.4f"},
		{s->ari, "ARI", "%.4f"},
	};
	for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
		if (isnan(f[i].v))
			continue;
		char num_text[64];
		snprintf(num_text, sizeof num_text, f[i].fmt, f[i].v);
		int w = snprintf(buf + n, n < cap ? cap - n : 0, "%s%s %s", total ? " " : "", f[i].name, num_text);
		if (w < 0)
			return w;
		total += w;
		n = (size_t)total < cap ? (size_t)total : cap;
	}
	if (!total)
		total = snprintf(buf, cap, "-");
	return total;
}
