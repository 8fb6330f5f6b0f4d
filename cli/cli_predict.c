/*
 * cli_predict.c - `loglab predict RUN FILE`: score every row or line of a
 * file with a finished run (its recipe, fitted parameters and model), as
 * TSV (row, label, score, template) or JSON; `--follow` tails a growing
 * log and scores new lines as they arrive.
 *
 * Following works for runs whose samples are single lines of text (hashed
 * or TF-IDF features without windows): each batch of new complete lines is
 * split with the log format's line splitter, hashed as the recipe does,
 * weighted with the run's TF-IDF fit, scored, and matched against the
 * run's templates. The file is polled every 200 ms: an inode change
 * (rotation) finishes the old file then reopens the path from its start;
 * a size below what was read (truncation) restarts from the start. A
 * partial last line waits for its newline. SIGINT or SIGTERM stops it
 * cleanly (exit 0).
 */
#include "cli.h"
#include "ds_reader.h"
#include "ds_runs.h"
#include "ds_workspace.h"
#include "ll_hashvec.h"
#include "ll_tfidf.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t follow_stop;

static void on_stop(int sig)
{
	(void)sig;
	follow_stop = 1;
}

static void predict_usage(FILE *out)
{
	fprintf(out,
		"Usage: loglab predict RUN FILE [--workspace DIR] [--format NAME] [--json]\n"
		"       loglab predict RUN --follow FILE [--from-start] [--workspace DIR] [--json]\n"
		"\n"
		"Scores every row (or line) of FILE with run RUN: one TSV line per sample,\n"
		"row<TAB>label<TAB>score<TAB>template, where label is the predicted class (the\n"
		"cluster for k-means), score the root-cause score (1 - probability of the\n"
		"ordinary classes; the squared distance to the centre for k-means) and template\n"
		"the id of the line's log template among the run's (empty when none matches).\n"
		"\n"
		"--follow tails a growing log and prints new lines as they are written (runs\n"
		"whose samples are single lines of text only); rotation and truncation are\n"
		"followed; Ctrl-C or SIGTERM stops it.\n"
		"\n"
		"  -w, --workspace DIR  the workspace folder (default .)\n"
		"  -F, --follow         follow FILE as it grows\n"
		"      --from-start     with --follow: score the lines already there first\n"
		"  -f, --format NAME    read FILE as format NAME\n"
		"      --json           JSON (with --follow: one JSON object a line)\n"
		"  -h, --help           show this help\n"
		"\n"
		"Exit codes: 0 ok, 1 usage error, 2 data error, 3 I/O error.\n");
}

static void emit(size_t row, const char *label, double score, long tmpl, const char *truth, int json, int lines,
		 cJSON *arr)
{
	if (!json) {
		if (tmpl >= 0)
			printf("%zu\t%s\t%.6g\t%ld\n", row, cli_safe(label), score, tmpl);
		else
			printf("%zu\t%s\t%.6g\t\n", row, cli_safe(label), score);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "row", (double)row);
	cJSON_AddStringToObject(o, "label", label);
	cJSON_AddNumberToObject(o, "score", score);
	if (tmpl >= 0)
		cJSON_AddNumberToObject(o, "template", (double)tmpl);
	else
		cJSON_AddNullToObject(o, "template");
	if (truth)
		cJSON_AddStringToObject(o, "true", truth);
	if (lines) {
		char *s = cJSON_PrintUnformatted(o);
		if (s)
			puts(s);
		free(s);
		cJSON_Delete(o);
	} else {
		cJSON_AddItemToArray(arr, o);
	}
}

static int predict_file(struct ds_run *run, const char *path, const char *format, int json, struct ll_err *err)
{
	struct ds_fsdata fs;
	struct ll_exp_pred pred;
	memset(&pred, 0, sizeof pred);
	int rc = ds_fs_load(path, format, NULL, &run->recipe, &run->fit, &fs, NULL, NULL, err);
	if (rc) {
		if (rc == LL_EUSAGE) {
			char msg[LL_ERR_MSG_MAX];
			snprintf(msg, sizeof msg, "%s", err->msg);
			ll_err_set(err, rc, "%s: the run's recipe does not fit: %s", path, msg);
		}
		return rc;
	}
	if ((rc = ll_exp_predict(run->model, &fs.fm, &pred, err)) == LL_OK) {
		cJSON *arr = json ? cJSON_CreateArray() : NULL;
		if (!json)
			printf("row\tlabel\tscore\ttemplate\n");
		int km = run->cfg.model == LL_EXP_KMEANS;
		for (size_t i = 0; i < pred.n; i++) {
			size_t row = fs.fm.origin ? fs.fm.origin[i] : i;
			char lab[32];
			const char *label = lab;
			if (km)
				snprintf(lab, sizeof lab, "%d", pred.pred[i]);
			else
				label = fs.fm.classes[pred.pred[i]];
			long t = fs.tids && row < ll_table_nrows(fs.t) ? fs.tids[row] : -1;
			const char *truth = fs.fm.y[i] >= 0 ? fs.fm.classes[fs.fm.y[i]] : NULL;
			emit(row + 1, label, ll_exp_rc_score(&pred, run->ordinary, i), t, truth, json, 0, arr);
		}
		if (json) {
			char *s = cJSON_Print(arr);
			if (s)
				puts(s);
			free(s);
			cJSON_Delete(arr);
		}
	}
	ll_exp_pred_free(&pred);
	ds_fsdata_free(&fs);
	return rc;
}

/* ------------------------------------------------------------ follow */

struct follower {
	struct ds_run *run;
	const struct ds_reader *reader;
	int field;              /* message field of the line format, -1 = the whole line */
	struct ll_hashvec *hv;
	struct ll_tfidf *tfidf;
	int json;
	size_t row;             /* lines seen in the current file */
	char *pend;             /* partial line */
	size_t npend, cappend;
	char **lines;           /* a batch of complete lines */
	size_t nlines, caplines;
};

/* The text the recipe reads from one raw line. */
static void line_text(const struct follower *f, const char *line, size_t len, const char **s, size_t *n)
{
	*s = line;
	*n = len;
	if (f->field < 0 || !f->reader || !f->reader->line)
		return;
	struct ds_span fields[DS_MAX_FIELDS], label;
	if (ds_line_split(f->reader->line, line, len, fields, &label)) {
		*s = line + fields[f->field].off;
		*n = fields[f->field].len;
	}
}

static int score_batch(struct follower *f, struct ll_err *err)
{
	if (!f->nlines)
		return LL_OK;
	struct ll_featmat m;
	memset(&m, 0, sizeof m);
	struct ll_exp_pred pred;
	memset(&pred, 0, sizeof pred);
	struct ll_csr *csr = NULL;
	int rc = LL_OK;
	char **msg = calloc(f->nlines, sizeof *msg);
	if (!msg)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < f->nlines && rc == LL_OK; i++) {
		const char *s;
		size_t n;
		line_text(f, f->lines[i], strlen(f->lines[i]), &s, &n);
		if (!(msg[i] = strndup(s, n)))
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		else
			rc = ll_hashvec_add(f->hv, msg[i], n, err);
	}
	if (rc == LL_OK)
		rc = ll_hashvec_finish(f->hv, &csr, err);
	if (rc == LL_OK && f->tfidf)
		rc = ll_tfidf_transform(f->tfidf, csr, err);
	if (rc == LL_OK && (rc = ll_featmat_alloc(&m, f->nlines, 1, csr->cols, 0, err)) == LL_OK) {
		m.sparse = csr;
		csr = NULL;
		rc = ll_exp_predict(f->run->model, &m, &pred, err);
	}
	for (size_t i = 0; rc == LL_OK && i < f->nlines; i++) {
		long t = -1;
		if (f->run->fit.tpl)
			t = ll_tpl_match(f->run->fit.tpl, msg[i], strlen(msg[i]));
		const char *label = f->run->fit.classes[pred.pred[i]];
		emit(f->row - f->nlines + i + 1, label, ll_exp_rc_score(&pred, f->run->ordinary, i), t, NULL, f->json,
		     1, NULL);
	}
	fflush(stdout);
	for (size_t i = 0; i < f->nlines; i++) {
		free(f->lines[i]);
		free(msg[i]);
	}
	free(msg);
	f->nlines = 0;
	ll_csr_free(csr);
	ll_featmat_free(&m);
	ll_exp_pred_free(&pred);
	return rc;
}

/* Splits new bytes into lines; complete ones join the batch. */
static int feed(struct follower *f, const char *buf, size_t n, int count_only, struct ll_err *err)
{
	for (size_t i = 0; i < n; i++) {
		if (buf[i] != '\n') {
			/* kept in counting mode too: a partial last line is completed later */
			if (f->npend + 1 >= f->cappend) {
				size_t nc = f->cappend ? f->cappend * 2 : 256;
				char *p = realloc(f->pend, nc);
				if (!p)
					return ll_err_set(err, LL_ENOMEM, "out of memory");
				f->pend = p;
				f->cappend = nc;
			}
			f->pend[f->npend++] = buf[i];
			continue;
		}
		f->row++;
		if (count_only) {
			f->npend = 0;
			continue;
		}
		if (f->npend && f->pend[f->npend - 1] == '\r')
			f->npend--;
		if (f->nlines == f->caplines) {
			size_t nc = f->caplines ? f->caplines * 2 : 64;
			char **p = realloc(f->lines, nc * sizeof *p);
			if (!p)
				return ll_err_set(err, LL_ENOMEM, "out of memory");
			f->lines = p;
			f->caplines = nc;
		}
		char *l = strndup(f->pend ? f->pend : "", f->npend);
		if (!l)
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		f->lines[f->nlines++] = l;
		f->npend = 0;
	}
	return LL_OK;
}

/* Reads fd to its end, feeding lines (scored in batches of 4096). */
static int drain_fd(struct follower *f, int fd, off_t *pos, int count_only, struct ll_err *err)
{
	char buf[65536];
	for (;;) {
		ssize_t got = read(fd, buf, sizeof buf);
		if (got < 0 && errno == EINTR) {
			if (follow_stop)
				return LL_OK;
			continue;
		}
		if (got < 0)
			return ll_err_errno(err, LL_EIO, errno, "reading the followed file");
		if (got == 0)
			return LL_OK;
		*pos += got;
		int rc = feed(f, buf, (size_t)got, count_only, err);
		if (rc == LL_OK && f->nlines >= 4096)
			rc = score_batch(f, err);
		if (rc)
			return rc;
	}
}

static int follow(struct ds_run *run, const char *path, const char *format, int from_start, int json,
		  struct ll_err *err)
{
	const struct ll_recipe *r = &run->recipe;
	if (!(r->text == LL_TEXT_HASH || r->text == LL_TEXT_TFIDF) || r->window != LL_RWIN_NONE)
		return ll_err_set(err, LL_EUSAGE,
				  "--follow scores single lines: the run's feature set must be text.kind hash or tfidf "
				  "without a window (this one is text %s, window %s); use predict without --follow",
				  ll_text_kind_name(r->text), ll_rwindow_kind_name(r->window));
	struct follower f;
	memset(&f, 0, sizeof f);
	f.run = run;
	f.json = json;
	f.field = -1;
	/* which part of a line the recipe read: the format's message field */
	const char *fmt = format ? format : run->dataset_format;
	char head[4096];
	int hfd = open(path, O_RDONLY);
	ssize_t hn = hfd >= 0 ? read(hfd, head, sizeof head) : -1;
	if (hfd >= 0)
		close(hfd);
	if (hfd < 0)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot open", path);
	if (!fmt && run->dataset_path) {
		int dfd = open(run->dataset_path, O_RDONLY);
		ssize_t dn = dfd >= 0 ? read(dfd, head, sizeof head) : -1;
		if (dfd >= 0)
			close(dfd);
		f.reader = ds_reader_detect(run->dataset_path, head, dn > 0 ? (size_t)dn : 0);
	} else {
		f.reader = fmt ? ds_reader_find(fmt) : ds_reader_detect(path, head, hn > 0 ? (size_t)hn : 0);
		/* a log's header is read off the file being followed */
		if (fmt && f.reader)
			f.reader = ds_reader_bind(f.reader, head, hn > 0 ? (size_t)hn : 0, NULL, err);
	}
	if (f.reader && f.reader->line) {
		const struct ds_line_format *lf = f.reader->line;
		f.field = lf->message_field;
		if (r->text_column[0]) {
			f.field = -1;
			for (size_t i = 0; i < lf->nfields; i++)
				if (strcmp(lf->names[i], r->text_column) == 0)
					f.field = (int)i;
		}
	}
	struct ll_hashvec_config hc;
	ll_hashvec_config_default(&hc);
	hc.n_features = r->n_features;
	hc.ngram_min = r->ngram_min;
	hc.ngram_max = r->ngram_max;
	int rc = ll_hashvec_new(&hc, &f.hv, err);
	if (rc == LL_OK && r->text == LL_TEXT_TFIDF) {
		if (!run->fit.tfidf_text) {
			rc = ll_err_set(err, LL_EDATA, "%s: the run has no tfidf.txt", run->dir);
		} else {
			FILE *mf = fmemopen(run->fit.tfidf_text, strlen(run->fit.tfidf_text), "r");
			rc = mf ? ll_tfidf_load(mf, "tfidf.txt", &f.tfidf, err) : ll_err_set(err, LL_ENOMEM, "out of memory");
			if (mf)
				fclose(mf);
		}
	}
	int fd = -1;
	off_t pos = 0;
	ino_t ino = 0;
	if (rc == LL_OK) {
		fd = open(path, O_RDONLY);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) != 0)
			rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot open", path);
		else
			ino = st.st_ino;
	}
	/* lines already there: scored with --from-start, else only counted */
	if (rc == LL_OK)
		rc = drain_fd(&f, fd, &pos, !from_start, err);
	if (rc == LL_OK)
		rc = score_batch(&f, err);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (rc == LL_OK && !follow_stop) {
		rc = drain_fd(&f, fd, &pos, 0, err);
		if (rc == LL_OK)
			rc = score_batch(&f, err);
		if (rc)
			break;
		struct stat ps, fs;
		if (stat(path, &ps) == 0 && ps.st_ino != ino) {
			/* rotated: the rest of the old file was just read; the new one from its start */
			int nfd = open(path, O_RDONLY);
			if (nfd >= 0) {
				close(fd);
				fd = nfd;
				ino = ps.st_ino;
				pos = 0;
				f.row = 0;
				f.npend = 0;
				continue;
			}
		} else if (fstat(fd, &fs) == 0 && fs.st_size < pos) {
			/* truncated in place: start over */
			lseek(fd, 0, SEEK_SET);
			pos = 0;
			f.row = 0;
			f.npend = 0;
			continue;
		}
		struct timespec ts = {0, 200 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	if (fd >= 0)
		close(fd);
	for (size_t i = 0; i < f.nlines; i++)
		free(f.lines[i]);
	free(f.lines);
	free(f.pend);
	ll_hashvec_free(f.hv);
	ll_tfidf_free(f.tfidf);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	return rc;
}

int cli_predict(int argc, char **argv)
{
	static const struct option opts[] = {{"workspace", required_argument, NULL, 'w'},
					     {"follow", no_argument, NULL, 'F'},
					     {"from-start", no_argument, NULL, 'S'},
					     {"format", required_argument, NULL, 'f'},
					     {"json", no_argument, NULL, 'j'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *wsdir = ".", *format = NULL;
	int json = 0, fol = 0, from_start = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "w:Ff:h", opts, NULL)) != -1) {
		switch (c) {
		case 'w': wsdir = optarg; break;
		case 'F': fol = 1; break;
		case 'S': from_start = 1; break;
		case 'f': format = optarg; break;
		case 'j': json = 1; break;
		case 'h': predict_usage(stdout); return 0;
		default: predict_usage(stderr); return 1;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "%s predict: expected RUN FILE; see --help\n", cli_progname);
		return 1;
	}
	if (format && !ds_reader_find(format)) {
		fprintf(stderr, "%s predict: unknown format '%s' (loglab info --formats lists them)\n", cli_progname,
			cli_safe(format));
		return 1;
	}
	struct ll_err err;
	ll_err_clear(&err);
	struct ds_workspace *ws = NULL;
	struct ds_run run;
	memset(&run, 0, sizeof run);
	if (fol) {
		/* Stop cleanly even when interrupted while the run still loads. */
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_stop;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	}
	int rc = ds_workspace_load(wsdir, &ws, &err);
	if (rc)
		return cli_fail(rc, &err);
	if ((rc = ds_run_open(ws->dir, argv[optind], &run, &err)) == LL_OK)
		rc = fol ? follow(&run, argv[optind + 1], format, from_start, json, &err)
			 : predict_file(&run, argv[optind + 1], format, json, &err);
	ds_run_close(&run);
	ds_workspace_free(ws);
	if (rc)
		return cli_fail(rc, &err);
	return 0;
}
