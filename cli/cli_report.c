/*
 * cli_report.c - `loglab report RUN... [-o report.html]`: one
 * self-contained HTML file (no scripts, fonts or images from elsewhere)
 * comparing runs: a summary table, ROC and precision-recall curves
 * overlaid, then per run its metrics per part, the classification report,
 * the confusion matrix, the loss curves, k-means' elbow and cluster table,
 * and the resolved experiment and recipe. Charts are inline SVG drawn
 * here from the run folder's metrics.json and curves.json.
 */
#include "cli.h"
#include "cli_runfmt.h"
#include "ds_run_summary.h"
#include "ds_runs.h"
#include "ds_workspace.h"
#include "ll_fileio.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
				      "#e377c2", "#7f7f7f"};

static void report_usage(FILE *out)
{
	fprintf(out,
		"Usage: loglab report RUN [RUN...] [--workspace DIR] [-o FILE] [--json]\n"
		"\n"
		"Writes one self-contained HTML file (inline SVG charts, no external assets)\n"
		"about the runs: a summary, ROC and PR curves overlaid, and per run its metrics,\n"
		"classification report, confusion matrix, loss curves, k-means elbow and\n"
		"cluster table, and the resolved experiment and recipe.\n"
		"\n"
		"  -w, --workspace DIR  the workspace folder (default .)\n"
		"  -o, --output FILE    where to write (default report.html; never the\n"
		"                       workspace's loglab.json or a file the report reads)\n"
		"      --json           print {\"report\": FILE, \"runs\": [...]} when done\n"
		"  -h, --help           show this help\n"
		"\n"
		"Exit codes: 0 ok, 1 usage error (e.g. an unknown run), 2 data error, 3 I/O error.\n");
}

static void esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

static void cell(FILE *f, double v)
{
	if (isnan(v))
		fputs("<td>-</td>", f);
	else
		fprintf(f, "<td>%.4f</td>", v);
}

/* One series of a line chart: x and y arrays of a JSON document. */
struct series {
	const cJSON *x, *y; /* arrays; x NULL = 1, 2, 3... */
	const char *label;
	const char *color;
};

#define CW 420
#define CH 300
#define ML 58 /* room for six characters of y labels */
#define MB 40
#define MT 20
#define MR 14

/* Ticks people would draw: steps of 1, 2 or 5 times a power of ten, about
 * five of them; whole numbers only on an axis of counts (epochs, k).
 * Fills at most 12 ticks within [lo, hi]; returns how many. */
static int nice_ticks(double lo, double hi, int whole, double *ticks)
{
	double span = hi - lo, raw = span / 5, p = pow(10, floor(log10(raw > 0 ? raw : 1)));
	double step = raw / p <= 1.5 ? p : raw / p <= 3 ? 2 * p : raw / p <= 7 ? 5 * p : 10 * p;
	if (whole && step < 1)
		step = 1;
	int n = 0;
	for (double v = ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9 && n < 12; v += step)
		ticks[n++] = fabs(v) < step * 1e-9 ? 0 : v;
	return n;
}

/* A tick label in six characters at most: 0.25, 1500, 122k, 3.5M, 2e-05. */
static void tick_text(double v, char *buf, size_t cap)
{
	double a = fabs(v);
	if (a >= 1e6)
		snprintf(buf, cap, "%.3gM", v / 1e6);
	else if (a >= 1e4)
		snprintf(buf, cap, "%.3gk", v / 1e3);
	else if (a != 0 && a < 1e-3)
		snprintf(buf, cap, "%.0e", v);
	else
		snprintf(buf, cap, "%.4g", v);
}

static double arr_at(const cJSON *a, int i, int *ok)
{
	const cJSON *v = cJSON_GetArrayItem(a, i);
	*ok = cJSON_IsNumber(v) && isfinite(v->valuedouble);
	return *ok ? v->valuedouble : 0;
}

/* A line chart; the range is fixed ([0,1]) or fitted to the data. */
static void line_chart(FILE *f, const char *title, const char *xl, const char *yl, const struct series *s, int ns,
		       int unit, int diagonal, int whole_x)
{
	double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
	if (!unit) {
		x0 = y0 = INFINITY;
		x1 = y1 = -INFINITY;
		for (int k = 0; k < ns; k++) {
			int n = cJSON_GetArraySize(s[k].y);
			for (int i = 0; i < n; i++) {
				int okx = 1, oky;
				double x = s[k].x ? arr_at(s[k].x, i, &okx) : i + 1, y = arr_at(s[k].y, i, &oky);
				if (!okx || !oky)
					continue;
				x0 = fmin(x0, x);
				x1 = fmax(x1, x);
				y0 = fmin(y0, y);
				y1 = fmax(y1, y);
			}
		}
		if (!isfinite(x0)) {
			x0 = y0 = 0;
			x1 = y1 = 1;
		}
		if (x1 <= x0)
			x1 = x0 + 1;
		if (y1 <= y0)
			y1 = y0 + 1;
		if (y0 > 0 && y0 < (y1 - y0))
			y0 = 0;
	}
	int pw = CW - ML - MR, ph = CH - MT - MB;
	fprintf(f, "<figure><svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
		CW, CH, CW, CH);
	fprintf(f, "<title>");
	esc(f, title);
	fprintf(f, "</title>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff\" stroke=\"#999\"/>\n", ML, MT,
		pw, ph);
	double ticks[12];
	char lab[32];
	int nt = nice_ticks(x0, x1, whole_x, ticks);
	for (int t = 0; t < nt; t++) {
		int px = ML + (int)lround(pw * (ticks[t] - x0) / (x1 - x0));
		tick_text(ticks[t], lab, sizeof lab);
		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>", px, MT, px, MT + ph);
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>\n", px, MT + ph + 14, lab);
	}
	nt = nice_ticks(y0, y1, 0, ticks);
	for (int t = 0; t < nt; t++) {
		int py = MT + ph - (int)lround(ph * (ticks[t] - y0) / (y1 - y0));
		tick_text(ticks[t], lab, sizeof lab);
		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>", ML, py, ML + pw, py);
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%s</text>\n", ML - 4, py + 3, lab);
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">", ML + pw / 2, CH - 6);
	esc(f, xl);
	fprintf(f, "</text><text x=\"12\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 %d)\">",
		MT + ph / 2, MT + ph / 2);
	esc(f, yl);
	fprintf(f, "</text>\n");
	if (diagonal)
		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>\n", ML,
			MT + ph, ML + pw, MT);
	for (int k = 0; k < ns; k++) {
		int n = cJSON_GetArraySize(s[k].y), started = 0;
		fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\" points=\"", s[k].color);
		for (int i = 0; i < n; i++) {
			int okx = 1, oky;
			double x = s[k].x ? arr_at(s[k].x, i, &okx) : i + 1, y = arr_at(s[k].y, i, &oky);
			if (!okx || !oky)
				continue;
			fprintf(f, "%s%.1f,%.1f", started ? " " : "", ML + pw * (x - x0) / (x1 - x0),
				MT + ph - ph * (y - y0) / (y1 - y0));
			started = 1;
		}
		fprintf(f, "\"/>\n");
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"3\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"10\">",
			ML + 8, MT + 10 + 13 * k, s[k].color, ML + 22, MT + 14 + 13 * k);
		esc(f, s[k].label);
		fprintf(f, "</text>\n");
	}
	fprintf(f, "</svg><figcaption>");
	esc(f, title);
	fprintf(f, "</figcaption></figure>\n");
}

/* Confusion matrix as a heat map: rows true, columns predicted. */
static void cm_chart(FILE *f, const cJSON *cm, const cJSON *classes, const char *title)
{
	int k = cJSON_GetArraySize(cm);
	if (k == 0)
		return;
	double max = 0;
	for (const cJSON *r = cm->child; r; r = r->next)
		for (const cJSON *v = r->child; v; v = v->next)
			max = fmax(max, v->valuedouble);
	int cs = k <= 4 ? 70 : k <= 8 ? 44 : 28, lab = 110, w = lab + cs * k + 10, h = lab + cs * k + 10;
	fprintf(f, "<figure><svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n<title>",
		w, h, w, h);
	esc(f, title);
	fprintf(f, "</title>\n");
	int i = 0;
	for (const cJSON *r = cm->child; r; r = r->next, i++) {
		int j = 0;
		const cJSON *cn = cJSON_GetArrayItem(classes, i);
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">", lab - 4, lab + i * cs + cs / 2 + 3);
		esc(f, cJSON_IsString(cn) ? cn->valuestring : "?");
		fprintf(f, "</text>\n");
		for (const cJSON *v = r->child; v; v = v->next, j++) {
			double t = max > 0 ? v->valuedouble / max : 0;
			int shade = (int)(255 - 200 * t);
			fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"rgb(%d,%d,255)\" stroke=\"#fff\"/>",
				lab + j * cs, lab + i * cs, cs, cs, shade, shade);
			if (cs >= 28)
				fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" fill=\"%s\">%.0f</text>\n",
					lab + j * cs + cs / 2, lab + i * cs + cs / 2 + 3, t > 0.6 ? "#fff" : "#000", v->valuedouble);
		}
	}
	for (int j = 0; j < k; j++) {
		const cJSON *cn = cJSON_GetArrayItem(classes, j);
		int x = lab + j * cs + cs / 2;
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"10\" transform=\"rotate(-45 %d %d)\">", x, lab - 6, x, lab - 6);
		esc(f, cJSON_IsString(cn) ? cn->valuestring : "?");
		fprintf(f, "</text>\n");
	}
	fprintf(f, "<text x=\"4\" y=\"12\" font-size=\"10\">rows: true class; columns: predicted</text>\n</svg><figcaption>");
	esc(f, title);
	fprintf(f, "</figcaption></figure>\n");
}

struct rep_run {
	char *dir;
	cJSON *run, *metrics, *curves;
};

static void run_section(FILE *f, const struct rep_run *r, int idx)
{
	const cJSON *m = r->metrics;
	const cJSON *cl = cli_jget(m, "classes");
	fprintf(f, "<section id=\"run%d\"><h2>", idx);
	esc(f, cli_jstr(r->run, "id"));
	fprintf(f, "</h2>\n<p>experiment <b>");
	esc(f, cli_jstr(r->run, "experiment"));
	fprintf(f, "</b> (");
	esc(f, cli_jstr(m, "model"));
	fprintf(f, ") on feature set <b>");
	esc(f, cli_jstr(r->run, "featureset"));
	fprintf(f, "</b>, dataset <code>");
	esc(f, cli_jstr(cli_jget(r->run, "dataset"), "path"));
	fprintf(f, "</code>, made ");
	esc(f, cli_jstr(r->run, "created_text"));
	fprintf(f, " in %.2f s.</p>\n", cli_jnum(r->run, "duration_s"));
	const cJSON *parts = cli_jget(m, "parts");
	if (parts) {
		fprintf(f, "<table><tr><th>part</th><th>samples</th><th>accuracy</th><th>balanced acc.</th><th>precision (macro)</th>"
			   "<th>recall (macro)</th><th>F1 (macro)</th><th>F1 (weighted)</th><th>MCC</th><th>log loss</th>"
			   "<th>AUROC</th><th>AP</th></tr>\n");
		for (const cJSON *p = parts->child; p; p = p->next) {
			fprintf(f, "<tr><td>%s</td><td>%.0f</td>", p->string, cli_jnum(p, "samples"));
			static const char *const keys[] = {"accuracy", "balanced_accuracy", "precision_macro", "recall_macro",
							   "f1_macro", "f1_weighted", "mcc", "log_loss"};
			for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
				cell(f, cli_jnum(p, keys[i]));
			cell(f, cli_jnum(cli_jget(p, "root_cause"), "auroc"));
			cell(f, cli_jnum(cli_jget(p, "root_cause"), "average_precision"));
			fprintf(f, "</tr>\n");
		}
		fprintf(f, "</table>\n");
		const char *cp = cli_jstr(m, "curves_part");
		const cJSON *p = cli_jget(parts, cp);
		const cJSON *pc = cli_jget(p, "per_class");
		if (pc) {
			fprintf(f, "<h3>classification report (%s)</h3>\n<table><tr><th>class</th><th>precision</th><th>recall</th>"
				   "<th>f1-score</th><th>support</th></tr>\n", cp);
			for (const cJSON *c = pc->child; c; c = c->next) {
				/* As classification_report: a class neither in the part's
				 * true labels nor predicted is no row (nor in the averages). */
				if (cli_jnum(c, "support") == 0 && cli_jnum(c, "predicted") == 0)
					continue;
				fprintf(f, "<tr><td>");
				esc(f, c->string);
				fprintf(f, "</td>");
				cell(f, cli_jnum(c, "precision"));
				cell(f, cli_jnum(c, "recall"));
				cell(f, cli_jnum(c, "f1"));
				fprintf(f, "<td>%.0f</td></tr>\n", cli_jnum(c, "support"));
			}
			fprintf(f, "<tr><td>macro avg</td>");
			cell(f, cli_jnum(p, "precision_macro"));
			cell(f, cli_jnum(p, "recall_macro"));
			cell(f, cli_jnum(p, "f1_macro"));
			fprintf(f, "<td>%.0f</td></tr></table>\n", cli_jnum(p, "samples"));
		}
		fprintf(f, "<div class=\"charts\">\n");
		char title[256];
		snprintf(title, sizeof title, "confusion matrix (%s)", cp);
		cm_chart(f, cli_jget(p, "confusion_matrix"), cl, title);
		const cJSON *cv = r->curves;
		if (cli_jget(cv, "loss")) {
			struct series s[2] = {{NULL, cli_jget(cv, "loss"), "training loss", palette[0]},
					      {NULL, cli_jget(cv, "dev_loss"), "dev loss", palette[1]}};
			line_chart(f, "loss per epoch", "epoch", "loss", s, cli_jget(cv, "dev_loss") ? 2 : 1, 0, 0, 1);
		}
		fprintf(f, "</div>\n");
	}
	const cJSON *km = cli_jget(m, "kmeans");
	if (km) {
		const cJSON *el = cli_jget(r->curves, "elbow");
		fprintf(f, "<div class=\"charts\">\n");
		if (el) {
			struct series s1 = {cli_jget(el, "k"), cli_jget(el, "inertia"), "inertia", palette[0]};
			struct series s2 = {cli_jget(el, "k"), cli_jget(el, "silhouette"), "silhouette", palette[2]};
			line_chart(f, "elbow: inertia by k", "k", "inertia", &s1, 1, 0, 0, 1);
			line_chart(f, "silhouette by k", "k", "silhouette", &s2, 1, 0, 0, 1);
		}
		struct ds_kmeans_summary ks;
		char text[160];
		ds_kmeans_summary_read(km, &ks);
		ds_kmeans_summary_text(&ks, 0, text, sizeof text);
		/* the same figures as `loglab runs` and the TUI's runs views; ARI is
		 * the adjusted Rand index */
		fprintf(f, "</div>\n<p>kmeans %s (k chosen by the highest silhouette)</p>\n", text);
		const cJSON *tab = cli_jget(km, "contingency");
		int k = (int)cli_jnum(km, "k");
		fprintf(f, "<h3>clusters (class x cluster: count, pclass = share of the class, pcluster = share of the cluster)</h3>\n"
			   "<table><tr><th>class</th>");
		for (int j = 0; j < k; j++)
			fprintf(f, "<th>cluster %d</th>", j);
		fprintf(f, "</tr>\n");
		double *colsum = calloc((size_t)(k > 0 ? k : 1), sizeof *colsum);
		for (const cJSON *row = tab ? tab->child : NULL; colsum && row; row = row->next) {
			int j = 0;
			for (const cJSON *v = row->child; v && j < k; v = v->next, j++)
				colsum[j] += v->valuedouble;
		}
		int i = 0;
		for (const cJSON *row = tab ? tab->child : NULL; colsum && row; row = row->next, i++) {
			double rs = 0;
			for (const cJSON *v = row->child; v; v = v->next)
				rs += v->valuedouble;
			const cJSON *cn = cJSON_GetArrayItem(cl, i);
			fprintf(f, "<tr><td>");
			esc(f, cJSON_IsString(cn) ? cn->valuestring : "?");
			fprintf(f, "</td>");
			int j = 0;
			for (const cJSON *v = row->child; v && j < k; v = v->next, j++)
				fprintf(f, "<td>%.0f<br><small>%.3f / %.3f</small></td>", v->valuedouble,
					rs > 0 ? v->valuedouble / rs : 0, colsum[j] > 0 ? v->valuedouble / colsum[j] : 0);
			fprintf(f, "</tr>\n");
		}
		free(colsum);
		fprintf(f, "</table>\n");
		/* clusters of log lines: what each holds */
		const cJSON *tp = cli_jget(km, "templates");
		if (cJSON_IsArray(tp) && tp->child) {
			fprintf(f, "<h3>the commonest templates of each cluster</h3>\n<table><tr><th>cluster</th>"
				   "<th>lines</th><th>template</th></tr>\n");
			int j = 0;
			for (const cJSON *c = tp->child; c; c = c->next, j++)
				for (const cJSON *e = cJSON_IsArray(c) ? c->child : NULL; e; e = e->next) {
					fprintf(f, "<tr><td>%d</td><td>%.0f</td><td><code>", j, cli_jnum(e, "lines"));
					esc(f, cli_jstr(e, "template"));
					fprintf(f, "</code></td></tr>\n");
				}
			fprintf(f, "</table>\n");
		}
	}
	fprintf(f, "<details><summary>experiment and recipe (resolved)</summary><pre>");
	char *x = cJSON_Print(cli_jget(r->run, "experiment_config"));
	char *rc = cJSON_Print(cli_jget(r->run, "recipe"));
	esc(f, x);
	fputs("\n", f);
	esc(f, rc);
	free(x);
	free(rc);
	fprintf(f, "</pre><p>feature fingerprint <code>");
	esc(f, cli_jstr(r->run, "featureset_fingerprint"));
	fprintf(f, "</code>, dataset SHA-256 <code>");
	esc(f, cli_jstr(cli_jget(r->run, "dataset"), "sha256"));
	fprintf(f, "</code>, label journal SHA-256 <code>");
	esc(f, cli_jstr(r->run, "journal_sha256")[0] ? cli_jstr(r->run, "journal_sha256") : "(none)");
	fprintf(f, "</code></p></details></section>\n");
}

int cli_report(int argc, char **argv)
{
	static const struct option opts[] = {{"workspace", required_argument, NULL, 'w'},
					     {"output", required_argument, NULL, 'o'},
					     {"json", no_argument, NULL, 'j'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int ws_given = 0;
	const char *wsdir = ".", *outp = "report.html";
	int json = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "w:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'w': wsdir = optarg; ws_given = 1; break;
		case 'o': outp = optarg; break;
		case 'j': json = 1; break;
		case 'h': report_usage(stdout); return 0;
		default: report_usage(stderr); return 1;
		}
	}
	int nr = argc - optind;
	if (nr < 1) {
		fprintf(stderr, "%s report: name at least one run; see --help\n", cli_progname);
		return 1;
	}
	struct ll_err err;
	ll_err_clear(&err);
	struct ds_workspace *ws = NULL;
	char sample[4096];
	wsdir = cli_workspace_dir(wsdir, ws_given, sample, sizeof sample);
	int rc = ds_workspace_load(wsdir, &ws, &err);
	if (rc)
		return cli_fail(rc, &err);
	struct rep_run *runs = calloc((size_t)nr, sizeof *runs);
	struct ll_out rep = {.fd = -1};
	FILE *f = NULL;
	if (!runs) {
		rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
		goto out;
	}
	for (int i = 0; i < nr; i++) {
		const char *id = argv[optind + i];
		if (!(runs[i].dir = ds_run_dir(ws->dir, id))) {
			rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
			goto out;
		}
		char p[4096];
		void *j = NULL;
		snprintf(p, sizeof p, "%s/run.json", runs[i].dir);
		if ((rc = ds_read_json(p, &j, &err)) != LL_OK) {
			rc = ll_err_set(&err, LL_EUSAGE, "no run \"%s\" (%s)", id, err.msg);
			goto out;
		}
		runs[i].run = j;
		snprintf(p, sizeof p, "%s/metrics.json", runs[i].dir);
		if ((rc = ds_read_json(p, &j, &err)) != LL_OK) {
			rc = ll_err_set(&err, LL_EUSAGE, "run %s has no metrics (not finished?): %s", id, err.msg);
			goto out;
		}
		runs[i].metrics = j;
		snprintf(p, sizeof p, "%s/curves.json", runs[i].dir);
		struct ll_err ignore;
		if (ds_read_json(p, &j, &ignore) == LL_OK)
			runs[i].curves = j;
	}
	/* not over the workspace or what the report is made of (-o
	 * loglab.json left a workspace of HTML) */
	struct stat os;
	if (stat(outp, &os) == 0 && S_ISREG(os.st_mode)) {
		if (ll_same_path(ws->file, outp)) {
			rc = ll_err_set(&err, LL_EUSAGE, "%s: -o would overwrite the workspace's loglab.json; name another file",
					cli_safe(outp));
			goto out;
		}
		/* the files the report is read from, not a report kept beside them */
		static const char *const read_from[] = {"run.json", "metrics.json", "curves.json"};
		int in_run = -1;
		for (int i = 0; i < nr && in_run < 0; i++)
			for (size_t k = 0; k < sizeof read_from / sizeof *read_from && in_run < 0; k++) {
				char rp[4096];
				snprintf(rp, sizeof rp, "%s/%s", runs[i].dir, read_from[k]);
				if (ll_same_path(rp, outp))
					in_run = i;
			}
		if (in_run >= 0) {
			rc = ll_err_set(&err, LL_EUSAGE, "%s: -o would overwrite a file of run %s it is made of; name another file",
					cli_safe(outp), cli_safe(argv[optind + in_run]));
			goto out;
		}
	}
	/* two reports to one file at once each write a temporary of their own;
	 * a device or FIFO (-o /dev/stdout) is written in place */
	if ((rc = ll_out_open(&rep, outp, &err)) != LL_OK)
		goto out;
	if (!(f = fdopen(rep.fd, "w"))) {
		rc = ll_err_errno(&err, LL_EIO, errno, "%s: cannot write", outp);
		goto out;
	}
	rep.fd = -1; /* f owns it now */
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>loglab report</title>\n<style>\n"
		   "body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:.5em 0}"
		   "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}"
		   "td:first-child{text-align:left}figure{display:inline-block;margin:.5em}figcaption{text-align:center;font-size:90%%}"
		   ".stale{color:#b00}pre{background:#f7f7f7;padding:.5em;overflow:auto}\n</style></head><body>\n");
	fprintf(f, "<h1>loglab report</h1>\n<p>workspace <code>");
	esc(f, ws->dir);
	fprintf(f, "</code>, %d run%s</p>\n<h2>summary</h2>\n<table><tr><th>run</th><th>experiment</th><th>model</th>"
		   "<th>part</th><th>accuracy</th><th>F1 (macro)</th><th>AUROC</th><th>AP</th><th>status</th></tr>\n",
		nr, nr == 1 ? "" : "s");
	for (int i = 0; i < nr; i++) {
		struct ds_run_info ri;
		memset(&ri, 0, sizeof ri);
		ri.json = runs[i].run;
		ri.experiment = cli_jstr(runs[i].run, "experiment");
		ri.featureset = cli_jstr(runs[i].run, "featureset");
		int stale = ds_run_stale(ws, &ri, ri.why, sizeof ri.why) > 0;
		const char *cp = cli_jstr(runs[i].metrics, "curves_part");
		const cJSON *p = cli_jget(cli_jget(runs[i].metrics, "parts"), cp);
		fprintf(f, "<tr><td><a href=\"#run%d\">", i);
		esc(f, cli_jstr(runs[i].run, "id"));
		fprintf(f, "</a></td><td>");
		esc(f, ri.experiment);
		fprintf(f, "</td><td>");
		esc(f, cli_jstr(runs[i].metrics, "model"));
		fprintf(f, "</td><td>%s</td>", cp);
		cell(f, cli_jnum(p, "accuracy"));
		cell(f, cli_jnum(p, "f1_macro"));
		cell(f, cli_jnum(cli_jget(p, "root_cause"), "auroc"));
		cell(f, cli_jnum(cli_jget(p, "root_cause"), "average_precision"));
		fprintf(f, "<td%s>%s", stale ? " class=\"stale\"" : "", stale ? "stale: " : "current");
		if (stale)
			esc(f, ri.why);
		fprintf(f, "</td></tr>\n");
	}
	fprintf(f, "</table>\n");
	/* ROC and PR overlaid */
	struct series roc[8], pr[8];
	int nroc = 0, npr = 0;
	for (int i = 0; i < nr && i < 8; i++) {
		const cJSON *cv = runs[i].curves;
		const char *id = cli_jstr(runs[i].run, "id");
		if (cli_jget(cv, "roc"))
			roc[nroc++] = (struct series){cli_jget(cli_jget(cv, "roc"), "fpr"), cli_jget(cli_jget(cv, "roc"), "tpr"), id, palette[i]};
		if (cli_jget(cv, "pr"))
			pr[npr++] = (struct series){cli_jget(cli_jget(cv, "pr"), "recall"), cli_jget(cli_jget(cv, "pr"), "precision"), id, palette[i]};
	}
	if (nroc || npr) {
		fprintf(f, "<h2>root cause against ordinary</h2>\n<div class=\"charts\">\n");
		if (nroc)
			line_chart(f, "ROC curves", "false positive rate", "true positive rate", roc, nroc, 1, 1, 0);
		if (npr)
			line_chart(f, "precision-recall curves", "recall", "precision", pr, npr, 1, 0, 0);
		fprintf(f, "</div>\n");
	}
	for (int i = 0; i < nr; i++)
		run_section(f, &runs[i], i);
	fprintf(f, "</body></html>\n");
	if (fflush(f) != 0 || ferror(f) || (rep.tmp && fsync(fileno(f)) != 0)) {
		rc = ll_err_errno(&err, LL_EIO, errno, "%s: write failed", outp);
		goto out;
	}
	int cf = fclose(f);
	f = NULL;
	if (cf != 0) {
		rc = ll_err_errno(&err, LL_EIO, errno, "%s: write failed", outp);
		goto out;
	}
	if ((rc = ll_out_commit(&rep, outp, &err)) != LL_OK)
		goto out;
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "report", outp);
		cJSON_AddNumberToObject(o, "runs", nr);
		char *s = cJSON_PrintUnformatted(o);
		if (s)
			puts(s);
		free(s);
		cJSON_Delete(o);
	} else {
		printf("wrote %s (%d run%s)\n", cli_safe(outp), nr, nr == 1 ? "" : "s");
	}
out:
	if (f)
		fclose(f);
	ll_out_abort(&rep);
	for (int i = 0; runs && i < nr; i++) {
		free(runs[i].dir);
		cJSON_Delete(runs[i].run);
		cJSON_Delete(runs[i].metrics);
		cJSON_Delete(runs[i].curves);
	}
	free(runs);
	ds_workspace_free(ws);
	if (rc)
		return cli_fail(rc, &err);
	return 0;
}
