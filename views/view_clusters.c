/*
 * view_clusters.c - a k-means run against the classes: the class x cluster
 * table where each cell shows its count, pclass (share of the class's rows
 * in that cluster) and pcluster (share of the cluster's rows in that class),
 * the cluster sizes, each centroid's strongest features, purity and ARI;
 * below, the elbow (inertia over k) and the silhouette over k.
 *
 * The table is recomputed from predictions.tsv over every labelled sample
 * (ll_contingency, as metrics.json's "contingency"); the shares come from
 * ll_contingency_shares. A centroid's strongest features are those whose
 * value differs most from the size-weighted mean of all centroids, with
 * the sign (above or below); features are named from run.json
 * "features.names" when the run recorded them, else by index. A run on log
 * lines also lists each cluster's commonest templates (metrics.json's
 * "kmeans.templates"): hashed text features have no names a reader knows,
 * the templates say what the cluster holds.
 */
#include "view_res.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ll_cluster_metrics.h"
#include "ll_kmeans.h"
#include "view_chart.h"

#define TOP_FEATURES 3
#define CCELL_W 20

struct clusters {
	struct view_res_run *run;
	char *ws;              /* for view_ops.shown_runs */
	struct view_lab *lab;
	size_t nc, k;       /* classes, clusters */
	size_t *tab, *sizes;
	double *pclass, *pcluster;
	double purity, ari;
	int has_purity;
	double *ks, *inertia, *sil;
	size_t nelbow;
	struct view_lines *cent; /* centroid lines */
	size_t col0;
	size_t vis;         /* clusters the last draw had room for */
	char title[256];
};

static void clusters_free(struct clusters *c)
{
	view_res_run_free(c->run);
	free(c->tab);
	free(c->sizes);
	free(c->pclass);
	free(c->pcluster);
	free(c->ks);
	free(c->inertia);
	free(c->sil);
	view_lines_free(c->cent);
	free(c->ws);
	free(c);
}

static void centroid_lines(struct clusters *c)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/model.llm", c->run->info.dir);
	const cJSON *fp = cJSON_GetObjectItemCaseSensitive(c->run->info.json, "featureset_fingerprint");
	struct ll_kmeans *km = NULL;
	struct ll_err err;
	ll_err_clear(&err);
	if (ll_kmeans_load(path, cJSON_IsString(fp) ? fp->valuestring : NULL, &km, &err) != LL_OK) {
		view_lines_addf(c->cent, TUI_ROLE_ERROR, "centroids: %s", err.msg);
		return;
	}
	size_t k = ll_kmeans_k(km), d = ll_kmeans_dim(km);
	const float *ce = ll_kmeans_centers(km);
	const cJSON *feat = cJSON_GetObjectItemCaseSensitive(c->run->info.json, "features");
	const cJSON *names = feat ? cJSON_GetObjectItemCaseSensitive(feat, "names") : NULL;
	double *mean = calloc(d ? d : 1, sizeof *mean);
	if (!mean) {
		ll_kmeans_free(km);
		return;
	}
	size_t tot = 0;
	for (size_t j = 0; j < k; j++)
		tot += j < c->k ? c->sizes[j] : 0;
	for (size_t j = 0; j < k; j++) {
		double w = tot ? (double)(j < c->k ? c->sizes[j] : 0) / (double)tot : 1.0 / (double)k;
		for (size_t f = 0; f < d; f++)
			mean[f] += w * ce[j * d + f];
	}
	view_lines_addf(c->cent, TUI_ROLE_HEADER, "centroids: strongest features (value, difference from the mean)");
	for (size_t j = 0; j < k; j++) {
		size_t top[TOP_FEATURES];
		size_t nt = 0;
		for (size_t f = 0; f < d; f++) {
			double dv = fabs(ce[j * d + f] - mean[f]);
			size_t pos = nt;
			while (pos > 0 && fabs(ce[j * d + top[pos - 1]] - mean[top[pos - 1]]) < dv)
				pos--;
			if (pos >= TOP_FEATURES)
				continue;
			if (nt < TOP_FEATURES)
				nt++;
			memmove(top + pos + 1, top + pos, (nt - 1 - pos) * sizeof *top);
			top[pos] = f;
		}
		char line[1024];
		int w = snprintf(line, sizeof line, "  cluster %zu (%zu):", j, j < c->k ? c->sizes[j] : 0);
		for (size_t i = 0; i < nt && w < (int)sizeof line; i++) {
			size_t f = top[i];
			const cJSON *nm = cJSON_IsArray(names) ? cJSON_GetArrayItem(names, (int)f) : NULL;
			char fname[64];
			if (cJSON_IsString(nm))
				snprintf(fname, sizeof fname, "%s", nm->valuestring);
			else
				snprintf(fname, sizeof fname, "f%zu", f + 1);
			w += snprintf(line + w, sizeof line - (size_t)w, "  %s %.3g (%+.3g)", fname, ce[j * d + f],
				      ce[j * d + f] - mean[f]);
		}
		view_lines_add(c->cent, line, TUI_ROLE_NORMAL);
	}
	free(mean);
	ll_kmeans_free(km);
}

/* metrics.json's "kmeans.templates": each cluster's commonest templates */
static void template_lines(struct clusters *c)
{
	const cJSON *km = c->run->info.metrics ? cJSON_GetObjectItemCaseSensitive(c->run->info.metrics, "kmeans") : NULL;
	const cJSON *tp = km ? cJSON_GetObjectItemCaseSensitive(km, "templates") : NULL;
	if (!cJSON_IsArray(tp) || !tp->child)
		return;
	view_lines_addf(c->cent, TUI_ROLE_HEADER, "templates: the commonest in each cluster (lines, template)");
	size_t j = 0;
	for (const cJSON *cl = tp->child; cl; cl = cl->next, j++) {
		view_lines_addf(c->cent, TUI_ROLE_NORMAL, "  cluster %zu (%zu):", j, j < c->k ? c->sizes[j] : 0);
		for (const cJSON *e = cJSON_IsArray(cl) ? cl->child : NULL; e; e = e->next) {
			const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "template");
			double lines = view_res_num(e, "lines");
			if (cJSON_IsString(t) && !isnan(lines))
				view_lines_addf(c->cent, TUI_ROLE_NORMAL, "    %8.0f  %s", lines, t->valuestring);
		}
	}
	view_lines_addf(c->cent, TUI_ROLE_NORMAL, "%s", "");
}

static int clusters_build(struct clusters *c, struct ll_err *err)
{
	const struct view_res_run *r = c->run;
	c->nc = r->k;
	c->k = r->nclusters;
	const cJSON *km = r->info.metrics ? cJSON_GetObjectItemCaseSensitive(r->info.metrics, "kmeans") : NULL;
	double kk = view_res_num(km, "k");
	if (!isnan(kk) && kk > (double)c->k)
		c->k = (size_t)kk;
	if (!c->k)
		return ll_err_set(err, LL_EDATA, "run %s has no clusters in predictions.tsv", r->info.id);
	size_t nc = c->nc ? c->nc : 1;
	c->tab = calloc(nc * c->k, sizeof *c->tab);
	c->sizes = calloc(c->k, sizeof *c->sizes);
	c->pclass = calloc(nc * c->k, sizeof *c->pclass);
	c->pcluster = calloc(nc * c->k, sizeof *c->pcluster);
	c->cent = view_lines_new();
	int *yc = malloc((r->n ? r->n : 1) * sizeof *yc), *yk = malloc((r->n ? r->n : 1) * sizeof *yk);
	if (!c->tab || !c->sizes || !c->pclass || !c->pcluster || !c->cent || !yc || !yk) {
		free(yc);
		free(yk);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (r->pred[i] < 0 || (size_t)r->pred[i] >= c->k)
			continue;
		c->sizes[r->pred[i]]++;
		if (r->y[i] >= 0) {
			yc[n] = r->y[i];
			yk[n++] = r->pred[i];
		}
	}
	int rc = c->nc ? ll_contingency(yc, yk, n, c->nc, c->k, c->tab, err) : LL_OK;
	free(yc);
	free(yk);
	if (rc != LL_OK)
		return rc;
	ll_contingency_shares(c->tab, c->nc, c->k, c->pclass, c->pcluster);
	struct ll_err sub;
	ll_err_clear(&sub);
	c->has_purity = n && ll_purity(c->tab, c->nc, c->k, &c->purity, &sub) == LL_OK &&
			ll_adjusted_rand(c->tab, c->nc, c->k, &c->ari, &sub) == LL_OK;
	const cJSON *el = km ? cJSON_GetObjectItemCaseSensitive(km, "elbow") : NULL;
	size_t ne = cJSON_IsArray(el) ? (size_t)cJSON_GetArraySize(el) : 0;
	if (ne) {
		c->ks = malloc(ne * sizeof(double));
		c->inertia = malloc(ne * sizeof(double));
		c->sil = malloc(ne * sizeof(double));
		if (!c->ks || !c->inertia || !c->sil)
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		for (const cJSON *e = el->child; e; e = e->next, c->nelbow++) {
			c->ks[c->nelbow] = view_res_num(e, "k");
			c->inertia[c->nelbow] = view_res_num(e, "inertia");
			c->sil[c->nelbow] = view_res_num(e, "silhouette");
		}
	}
	template_lines(c);
	centroid_lines(c);
	if (c->has_purity)
		snprintf(c->title, sizeof c->title, " %s  k-means k=%zu  %zu labelled samples  purity %.4f  ARI %.4f",
			 r->info.id, c->k, n, c->purity, c->ari);
	else
		snprintf(c->title, sizeof c->title, " %s  k-means k=%zu  (no labelled samples: no purity)", r->info.id,
			 c->k);
	return LL_OK;
}

static int clusters_open(struct view *v, struct tui *t, const void *arg, struct ll_err *err)
{
	(void)t;
	const struct view_res_arg *a = arg;
	if (!a || a->nids < 1)
		return ll_err_set(err, LL_EUSAGE, "the clusters view needs a run");
	struct clusters *c = calloc(1, sizeof *c);
	if (!c)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	c->lab = a->lab;
	int rc = (c->ws = strdup(a->ws)) ? LL_OK : ll_err_set(err, LL_ENOMEM, "out of memory");
	if (rc == LL_OK)
		rc = view_res_run_load(a->ws, a->ids[0], &c->run, err);
	if (rc == LL_OK && !c->run->kmeans)
		rc = ll_err_set(err, LL_EUSAGE, "run %s is not k-means: :confusion %s shows it", c->run->info.id,
				c->run->info.id);
	if (rc == LL_OK)
		rc = clusters_build(c, err);
	if (rc != LL_OK) {
		clusters_free(c);
		return rc;
	}
	v->state = c;
	return LL_OK;
}

static void clusters_close(struct view *v)
{
	clusters_free(v->state);
}

static void clusters_draw(struct view *v, struct tui *t, struct view_rect r)
{
	struct clusters *c = v->state;
	char line[1024];
	for (int y = 0; y < r.h; y++)
		tui_fill(t, r.y + y, r.x, r.w, TUI_ROLE_NORMAL, 0);
	tui_draw_text(t, r.y, r.x, r.w, c->title, strlen(c->title), 0, TUI_ROLE_TITLE, 0, NULL, 0);
	int names_w = 14;
	size_t vis = r.w > names_w + CCELL_W ? (size_t)((r.w - names_w - 1) / CCELL_W) : 1;
	if (c->col0 + vis > c->k)
		c->col0 = c->k > vis ? c->k - vis : 0;
	size_t cend = c->col0 + vis < c->k ? c->col0 + vis : c->k;
	c->vis = vis;
	int y = r.y + 2;
	/* Header, one row per class, then sizes. */
	int w = snprintf(line, sizeof line, " %-*s", names_w - 1, "class\\cluster");
	for (size_t j = c->col0; j < cend; j++)
		w += snprintf(line + w, sizeof line - (size_t)w, "%*zu", CCELL_W, j);
	if (y < r.y + r.h)
		tui_draw_text(t, y++, r.x, r.w, line, strlen(line), 0, TUI_ROLE_HEADER, 0, NULL, 0);
	if (y < r.y + r.h) {
		w = snprintf(line, sizeof line, " %-*s", names_w - 1, "");
		for (size_t j = c->col0; j < cend; j++)
			w += snprintf(line + w, sizeof line - (size_t)w, "%*s", CCELL_W, "n pclass pcluster");
		tui_draw_text(t, y++, r.x, r.w, line, strlen(line), 0, TUI_ROLE_HEADER, 0, NULL, 0);
	}
	for (size_t a = 0; a < c->nc && y < r.y + r.h; a++, y++) {
		snprintf(line, sizeof line, " %-*.*s", names_w - 1, names_w - 1, c->run->shown[a]);
		tui_draw_text(t, y, r.x, names_w, line, strlen(line), 0, TUI_ROLE_HEADER, 0, NULL, 0);
		for (size_t j = c->col0; j < cend; j++) {
			size_t i = a * c->k + j;
			char cellt[64];
			snprintf(cellt, sizeof cellt, "%zu %5.1f%% %5.1f%%", c->tab[i], 100 * c->pclass[i],
				 100 * c->pcluster[i]);
			int x = r.x + names_w + (int)(j - c->col0) * CCELL_W;
			snprintf(line, sizeof line, "%*s", CCELL_W, cellt);
			double share = c->pcluster[i];
			attr_t at = share <= 0 ? A_DIM : share < 0.5 ? 0 : A_BOLD;
			if (x < r.x + r.w)
				tui_draw_text(t, y, x, r.x + r.w - x < CCELL_W ? r.x + r.w - x : CCELL_W, line, strlen(line),
					      0, share >= 0.5 ? TUI_ROLE_LABEL_A : TUI_ROLE_NORMAL, at, NULL, 0);
		}
	}
	if (y < r.y + r.h) {
		w = snprintf(line, sizeof line, " %-*s", names_w - 1, "size");
		for (size_t j = c->col0; j < cend; j++)
			w += snprintf(line + w, sizeof line - (size_t)w, "%*zu", CCELL_W, c->sizes[j]);
		tui_draw_text(t, y++, r.x, r.w, line, strlen(line), 0, TUI_ROLE_HEADER, 0, NULL, 0);
	}
	y++;
	/* Centroids, then the charts in what is left. */
	int left = r.y + r.h - y;
	int charts = c->nelbow > 1 && left >= 12 ? (left >= 20 ? left / 2 : 8) : 0;
	int ch = left - charts;
	if (ch > 0) {
		struct view_rect cr = {y, r.x, ch, r.w};
		view_lines_draw(c->cent, t, cr);
	}
	if (charts) {
		struct view_chart_series se = {.name = "inertia", .x = c->ks, .y = c->inertia, .n = c->nelbow,
					       .style = VIEW_CHART_LINE_POINTS};
		struct view_chart_series ss = {.name = "silhouette", .x = c->ks, .y = c->sil, .n = c->nelbow,
					       .role = TUI_ROLE_LABEL_B, .style = VIEW_CHART_LINE_POINTS};
		struct view_chart ec;
		view_chart_init(&ec);
		ec.title = "elbow";
		ec.x_label = "k";
		ec.series = &se;
		ec.nseries = 1;
		ec.cursor_x = (double)c->k;
		int half = r.w / 2;
		view_chart_draw(t, (struct view_rect){y + ch, r.x, charts, half}, &ec);
		ec.title = "silhouette";
		ec.series = &ss;
		view_chart_draw(t, (struct view_rect){y + ch, r.x + half, charts, r.w - half}, &ec);
	}
}

static int clusters_request(struct view *v, struct tui *t, enum tui_request req)
{
	struct clusters *c = v->state;
	switch (req) {
	case TUI_REQ_SCROLL_RIGHT:
		if (c->col0 + (c->vis ? c->vis : 1) < c->k)
			c->col0++;
		break;
	case TUI_REQ_SCROLL_LEFT:
		if (c->col0)
			c->col0--;
		break;
	case TUI_REQ_SCROLL_FIRST_COL:
		c->col0 = 0;
		break;
	case TUI_REQ_SEARCH:
	case TUI_REQ_FIND_NEXT:
	case TUI_REQ_FIND_PREV:
		/* the centroids' lines alone would be searched, not the table
		 * above them: left to the loop, which says it is not here */
		return 0;
	default:
		return view_lines_request(c->cent, t, req);
	}
	return 1;
}

static void clusters_status(struct view *v, struct tui *t, char *buf, size_t cap)
{
	struct clusters *c = v->state;
	(void)t;
	/* the clusters on screen: it said "0-7 of 8" with three shown */
	size_t vis = c->vis ? c->vis : c->k;
	size_t last = c->col0 + vis < c->k ? c->col0 + vis - 1 : c->k ? c->k - 1 : 0;
	snprintf(buf, cap, " clusters  clusters %zu-%zu of %zu  (Left/Right scroll the clusters)", c->col0, last,
		 c->k);
}

static const struct view_key clusters_own[] = {
	{TUI_REQ_SCROLL_LEFT, "Show the clusters to the left"},
	{TUI_REQ_SCROLL_RIGHT, "Show the clusters to the right"},
	{TUI_REQ_SCROLL_FIRST_COL, "Back to the first cluster"},
	{TUI_REQ_NONE, NULL},
};
/* The centroids below the table scroll as a line list. */
static const struct view_key *const clusters_keys[] = {clusters_own, view_keys_lines, NULL};

static size_t clusters_shown(const struct view *v, struct view_shown_runs *out)
{
	const struct clusters *c = v->state;
	*out = (struct view_shown_runs){.ws = c->ws, .ids = {c->run->info.id}, .nids = 1, .lab = c->lab};
	return 1;
}

const struct view_ops view_clusters_ops = {
	.name = "clusters",
	.help = "k-means against the classes: pclass/pcluster table, sizes, templates, centroids, elbow, silhouette",
	.open = clusters_open,
	.close = clusters_close,
	.draw = clusters_draw,
	.request = clusters_request,
	.status = clusters_status,
	.keys = clusters_keys,
	.shown_runs = clusters_shown,
};
