/*
 * cli_predict.c - `loglab predict RUN FILE`: score every row or line of a
 * file with a finished run (its recipe, fitted parameters and model), as
 * TSV (row, label, score, template) or JSON; `--follow` tails a growing
 * log and scores new lines as they arrive.
 *
 * Following works for runs whose samples are single lines of text (hashed
 * or TF-IDF features without windows): each batch of new complete lines is
 * split with the log format's line splitter (JSON Lines records: their
 * text column, by its dotted path), hashed as the recipe does,
 * weighted with the run's TF-IDF fit, scored, and matched against the
 * run's templates. On a fleet, a line's host is the one its own format's
 * host field names (its file's format sniffed for that alone), as the
 * fleet's rows have it. The file is polled every 200 ms: an inode change
 * (rotation) finishes the old file then reopens the path from its start;
 * a size below what was read (truncation), or the last bytes read changed
 * (rewritten in place past them), restarts from the start. A
 * partial last line waits for its newline, or for the file's rotation
 * (then it is whole). SIGINT or SIGTERM stops it
 * cleanly (exit 0).
 */
#include "cli.h"
#include "ds_codec.h"
#include "ds_stdin.h"
#include "ds_fleet.h"
#include "ds_latin1.h"
#include "ds_reader.h"
#include "ds_source.h"
#include "ds_run_text.h"
#include "ds_runs.h"
#include "ds_seen.h"
#include "ds_workspace.h"
#include "ll_limits.h"
#include "ll_hashvec.h"
#include "ll_names.h"
#include "ll_codes.h"
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
		"FILE may be a folder or a glob (a fleet merged on one timeline): three more\n"
		"columns, host<TAB>file<TAB>line, say where each row comes from.\n"
		"\n"
		"--follow tails a growing log and prints new lines as they are written (runs\n"
		"whose samples are single lines of text only; JSON Lines records give their\n"
		"text column, as predict reads them; not a CSV or other table, whose rows\n"
		"are not its lines, nor a run of a table's columns, whose samples are rows\n"
		"resampled and windowed together: predict FILE scores those); rotation and\n"
		"truncation are followed; Ctrl-C or SIGTERM stops it. FILE - follows standard input until\n"
		"it ends (kubectl logs -f POD | loglab predict RUN --follow -). On a folder\n"
		"or a glob it follows every plain file, scores files that appear from their\n"
		"start, and adds host, file and line (the host as without --follow: the\n"
		"line's own host field when its file's format has one, else the path's).\n"
		"Without --format, followed lines are read in the format of the run's\n"
		"dataset, not FILE's detected one as without --follow: give --format when\n"
		"FILE is written otherwise. Both score the text the run was trained on: a\n"
		"run trained on whole lines (a labelled copy of a syslog file) scores a\n"
		"syslog file's lines whole, not their message; one trained on a log's\n"
		"messages reads a labelled copy of that log by its header; and one trained\n"
		"on lines reads JSON records, which have none, by their message key (msg,\n"
		"message, log...), and one trained on a key a log lacks reads its message\n"
		"field, with --follow too (notes say so; a file empty when following starts,\n"
		"or standard input, is judged by its first lines).\n"
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

/* Where a fleet's row comes from (host NULL: not a fleet). */
struct origin {
	const char *host, *file;
	size_t line; /* 1-based, in file */
};

static void emit(size_t row, const char *label, double score, long tmpl, const char *truth, int json, int lines,
		 cJSON *arr, const struct origin *from)
{
	if (!json) {
		if (tmpl >= 0)
			printf("%zu\t%s\t%.6g\t%ld", row, cli_safe(label), score, tmpl);
		else
			printf("%zu\t%s\t%.6g\t", row, cli_safe(label), score);
		if (from && from->host)
			printf("\t%s\t%s\t%zu", cli_safe(from->host), cli_safe(from->file), from->line);
		putchar('\n');
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "row", (double)row);
	if (from && from->host) {
		cJSON_AddStringToObject(o, "host", from->host);
		cJSON_AddStringToObject(o, "file", from->file);
		cJSON_AddNumberToObject(o, "line", (double)from->line);
	}
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

/* A fleet's rows: each row's line in its file (1-based), counted in row
 * order (a file's lines keep their order in the merge). NULL when t is no
 * fleet; *host_col, *file_col get the columns. */
static size_t *fleet_lines(const struct ll_table *t, int *host_col, int *file_col, struct ll_err *err, int *rc)
{
	*rc = LL_OK;
	const char *m = ll_table_meta(t, "fleet");
	*host_col = ll_table_find_column(t, "host");
	*file_col = ll_table_find_column(t, "file");
	if (!m || strcmp(m, "1") != 0 || *host_col < 0 || *file_col < 0)
		return NULL;
	size_t n = ll_table_nrows(t);
	size_t *line = malloc((n ? n : 1) * sizeof *line), *seen = NULL, nseen = 0;
	struct ll_names files = {0};
	for (size_t i = 0; line && i < n; i++) {
		const char *f = ll_table_text(t, i, (size_t)*file_col);
		int id = ll_names_add(&files, f, strlen(f));
		if (id >= 0 && (size_t)id >= nseen) {
			size_t *s = realloc(seen, ((size_t)id + 1) * 2 * sizeof *s);
			if (!s) {
				id = -1;
			} else {
				seen = s;
				memset(seen + nseen, 0, (((size_t)id + 1) * 2 - nseen) * sizeof *seen);
				nseen = ((size_t)id + 1) * 2;
			}
		}
		if (id < 0) {
			free(line);
			line = NULL;
			break;
		}
		line[i] = ++seen[id];
	}
	free(seen);
	ll_names_free(&files);
	if (!line)
		*rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	return line;
}

static int predict_file(struct ds_run *run, const char *path, const char *format, int json, struct ll_err *err)
{
	/* the run's format is read as named, which reads anything: binary
	 * junk piped in is judged at its start unless -f names one */
	if (!format && ds_stdin_is(path)) {
		int rc = ds_stdin_read_judged(ds_source_judge_start, "-", &(const char *){NULL}, &(size_t){0}, err);
		if (rc != LL_OK)
			return rc;
	}
	struct ds_fsdata fs;
	struct ll_exp_pred pred;
	memset(&pred, 0, sizeof pred);
	struct ll_recipe whole;
	char by_header[1024];
	const struct ll_recipe *recipe = &run->recipe;
	if (ds_run_text_recipe(run, path, format, &whole)) {
		recipe = &whole;
		fprintf(stderr, "loglab: note: %s: the run was trained on whole lines: each line is scored whole, not its "
				"message field\n", path);
	} else if (ds_run_text_format(run, path, format, by_header, sizeof by_header)) {
		format = by_header;
		fprintf(stderr, "loglab: note: %s: the run was trained on the message field of its lines: each line is read "
				"as \"%s\" and its message scored\n", path, by_header + strlen(DS_LOG_HEADER_PREFIX));
	}
	int rc = ds_fs_load(path, format, NULL, recipe, &run->fit, &fs, NULL, NULL, err);
	if (rc) {
		struct stat st;
		/* no rows is no misfit of the recipe (a log just rotated) */
		if (rc == LL_EUSAGE && stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0)
			return ll_err_set(err, LL_EDATA, "%s: the file is empty (0 bytes): no rows to score", path);
		if (rc == LL_EUSAGE) {
			char msg[LL_ERR_MSG_MAX];
			snprintf(msg, sizeof msg, "%s", err->msg);
			ll_err_set(err, rc, "%s: the run's recipe does not fit: %s", path, msg);
		}
		return rc;
	}
	ds_fsdata_print_notes(stderr, path, &fs);
	int host_col = -1, file_col = -1;
	size_t *lines = fleet_lines(fs.t, &host_col, &file_col, err, &rc);
	if (rc == LL_OK && (rc = ll_exp_predict(run->model, &fs.fm, &pred, err)) == LL_OK) {
		cJSON *arr = json ? cJSON_CreateArray() : NULL;
		if (!json)
			printf(lines ? "row\tlabel\tscore\ttemplate\thost\tfile\tline\n" : "row\tlabel\tscore\ttemplate\n");
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
			struct origin from = {NULL, NULL, 0};
			if (lines && row < ll_table_nrows(fs.t))
				from = (struct origin){ll_table_text(fs.t, row, (size_t)host_col),
						       ll_table_text(fs.t, row, (size_t)file_col), lines[row]};
			emit(row + 1, label, ll_exp_rc_score(&pred, run->ordinary, i), t, truth, json, 0, arr, &from);
		}
		if (json) {
			char *s = cJSON_Print(arr);
			if (s)
				puts(s);
			free(s);
			cJSON_Delete(arr);
		}
	}
	free(lines);
	ll_exp_pred_free(&pred);
	ds_fsdata_free(&fs);
	return rc;
}

/* ------------------------------------------------------------ follow */


struct follower {
	struct ds_run *run;
	const struct ds_reader *reader;
	int field;              /* message field of the line format, -1 = the whole line */
	int json_key;           /* lines are JSON records: the text is their text_key */
	/* the key: the recipe's text column, or for a run of log lines the
	 * records' message key (ll_recipe_text_column_fallback) */
	char text_key[LL_RECIPE_STR];
	int lines_for_key;      /* the run's key is a JSON one, but these are lines: their message */
	int text_pending;       /* no data yet to decide_text from: its first lines will */
	const char *name;       /* the followed file's path, "-" for a stream (not owned) */
	struct ll_hashvec *hv;
	struct ll_tfidf *tfidf;
	struct ll_codes *codes; /* the codes hv keeps (ll_codes.h); owned with tfidf */
	int json;
	size_t row;             /* lines seen in the current file */
	char *pend;             /* partial line */
	size_t npend, cappend;
	char **lines;           /* a batch of complete lines */
	size_t nlines, caplines;
	struct origin from;     /* following a glob: the file's host and name */
	int latin1;             /* the file's lines are Latin-1 (ds_latin1.h): converted */
	int latin1_pending;     /* the file was empty: its first bytes decide latin1 */
	/* following a glob: the file's own format, when its lines name their
	 * machine (ds_fleet_host_field), for the host column as predict GLOB
	 * gives it; the text scored is still read as the run's recipe says */
	const struct ds_line_format *host_fmt;
	int host_field;         /* -1: every line has the path's host */
	char *last_host;        /* the host of the last line that named one */
	const char *format;     /* --format, or NULL */
	/* the last bytes read of the file (up to DS_SEEN_BYTES): read again
	 * before each poll, a file rewritten in place past what was read
	 * (copytruncate and a burst within a poll) is told from one that grew */
	struct ds_seen seen;
};

/* The string at key of a JSON record: the key as it is, else its dotted
 * path through nested objects (the reader flattens {"a":{"b":..}} to a.b);
 * NULL when the record has no string there. */
static const char *json_text(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (cJSON_IsString(v))
		return v->valuestring;
	const char *dot = strchr(key, '.');
	while (dot) {
		char head[LL_RECIPE_STR];
		size_t k = (size_t)(dot - key);
		if (k < sizeof head) {
			memcpy(head, key, k);
			head[k] = '\0';
			const cJSON *in = cJSON_GetObjectItemCaseSensitive(o, head);
			const char *s = cJSON_IsObject(in) ? json_text(in, dot + 1) : NULL;
			if (s)
				return s;
		}
		dot = strchr(dot + 1, '.');
	}
	return NULL;
}

/* The text the recipe reads from one raw line (a copy): the format's
 * message field, or a JSON record's text column (a missing one is "",
 * as in the table), else the whole line. */
static char *line_text(const struct follower *f, const char *line, size_t len, size_t *n)
{
	const char *s = line;
	*n = len;
	if (f->json_key) {
		cJSON *o = cJSON_ParseWithLength(line, len);
		const char *t = cJSON_IsObject(o) ? json_text(o, f->text_key) : NULL;
		char *copy = strdup(t ? t : "");
		*n = copy ? strlen(copy) : 0;
		cJSON_Delete(o);
		return copy;
	}
	struct ds_span fields[DS_MAX_FIELDS], label;
	if (f->field >= 0 && f->reader && f->reader->line && ds_line_split(f->reader->line, line, len, fields, &label)) {
		s = line + fields[f->field].off;
		*n = fields[f->field].len;
	}
	return strndup(s, *n);
}

/* The machine of a followed line of a fleet, as predict GLOB gives it: the
 * one the line names in its own format's host field; for a line that does
 * not fit (a stack trace's), the last one named before it; NULL: the path's
 * host stands (not a fleet, no such field, an empty field, none named yet).
 * The string is f's (f->last_host). */
static const char *line_host(struct follower *f, const char *line)
{
	if (!f->from.host || !f->host_fmt || f->host_field < 0)
		return NULL;
	struct ds_span fields[DS_MAX_FIELDS], label;
	if (!ds_line_split(f->host_fmt, line, strlen(line), fields, &label))
		return f->last_host;
	if (!fields[f->host_field].len)
		return NULL;
	char *h = strndup(line + fields[f->host_field].off, fields[f->host_field].len);
	if (!h)
		return NULL;
	free(f->last_host);
	f->last_host = h;
	return h;
}

static int decide_text_of_batch(struct follower *f, struct ll_err *err);

static int score_batch(struct follower *f, struct ll_err *err)
{
	if (!f->nlines)
		return LL_OK;
	if (f->text_pending) {
		int rc = decide_text_of_batch(f, err);
		if (rc)
			return rc;
	}
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
		size_t n;
		if (!(msg[i] = line_text(f, f->lines[i], strlen(f->lines[i]), &n)))
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
		f->from.line = f->row - f->nlines + i + 1;
		struct origin from = f->from;
		const char *host = line_host(f, f->lines[i]);
		if (host)
			from.host = host;
		emit(f->row - f->nlines + i + 1, label, ll_exp_rc_score(&pred, f->run->ordinary, i), t, NULL, f->json,
		     1, NULL, &from);
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
				/* a line that never ends (a binary written to the
				 * log) stops at the memory limit, not at the end of
				 * memory */
				if (nc > ((size_t)1 << 20)) {
					char what[512];
					/* NUL bytes say why the line never ends */
					snprintf(what, sizeof what, "%s: a line of %zu bytes without its end%s",
						 f->name ? f->name : "-", f->npend,
						 memchr(f->pend, '\0', f->npend) ? " (binary data: it holds NUL bytes)"
										  : "");
					int rc = ll_mem_check((double)nc, what, err);
					if (rc != LL_OK)
						return rc;
				}
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
		/* as the run's dataset was read (ds_source_open) */
		if (f->npend)
			f->npend = ds_strip_escapes(f->pend, f->npend);
		if (f->nlines == f->caplines) {
			size_t nc = f->caplines ? f->caplines * 2 : 64;
			char **p = realloc(f->lines, nc * sizeof *p);
			if (!p)
				return ll_err_set(err, LL_ENOMEM, "out of memory");
			f->lines = p;
			f->caplines = nc;
		}
		char *l;
		if (f->latin1) {
			size_t u = ds_latin1_utf8_len(f->pend, f->npend, NULL);
			if ((l = malloc(u + 1)) != NULL)
				l[ds_latin1_to_utf8(f->pend, f->npend, l)] = '\0';
		} else {
			l = strndup(f->pend ? f->pend : "", f->npend);
		}
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
		ds_seen_add(&f->seen, buf, (size_t)got);
		if (f->latin1_pending) {
			f->latin1 = !(got >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) && ds_latin1_sniff(buf, (size_t)got);
			f->latin1_pending = 0;
		}
		int rc = feed(f, buf, (size_t)got, count_only, err);
		if (rc == LL_OK && f->nlines >= 4096)
			rc = score_batch(f, err);
		if (rc)
			return rc;
	}
}

/* The reader, the text field and the vectoriser of a run, for lines of
 * path (its first bytes decide the format when the run's dataset does not). */
static int json_records(const struct ds_reader *r)
{
	return strcmp(r->name, "jsonl") == 0 || strcmp(r->name, "json") == 0;
}

/* The reader of a file that starts with head (n bytes, n > 0; name for
 * its extension): format's (--format, bound to them), else the one they
 * are detected as; NULL when none. */
static const struct ds_reader *reader_of_head(const char *name, const char *format, const char *head, size_t n)
{
	if (!format)
		return ds_reader_detect(name, head, n);
	struct ll_err why;
	struct ds_open_opts o = {.format = format};
	ds_open_opts_split(&o);
	const struct ds_reader *r = o.format ? ds_reader_find(o.format) : NULL;
	return r ? ds_reader_bind(r, head, n, &o, &why) : NULL;
}

/* The first 64 KiB of path (*n bytes, 0 when it cannot be read or is
 * empty) and the reader of a file of them (reader_of_head); NULL when
 * there are none. The caller frees *head. */
static const struct ds_reader *followed_reader(const char *path, const char *format, char **head, size_t *n)
{
	size_t want = 64 * 1024;
	*head = malloc(want);
	int fd = *head ? open(path, O_RDONLY | O_NONBLOCK) : -1; /* a FIFO: read nothing, wait for none */
	ssize_t got = fd >= 0 ? pread(fd, *head, want, 0) : -1;
	if (fd >= 0)
		close(fd);
	*n = got > 0 ? (size_t)got : 0;
	return *n ? reader_of_head(path, format, *head, *n) : NULL;
}

/* When the whole lines of head (n bytes of a file or stream called name)
 * are JSON records, the key of their message (the column predict FILE
 * reads for a run of log lines) into key: 1, else 0. */
static int records_message_key(const char *name, const char *head, size_t n, const struct ll_recipe *r, char *key,
			       size_t cap)
{
	while (n && head[n - 1] != '\n')
		n--;
	const struct ds_reader *own = n ? reader_of_head(name, NULL, head, n) : NULL;
	if (!own || own->line || !json_records(own))
		return 0;
	struct ds_source src;
	memset(&src, 0, sizeof src);
	src.path = (char *)name;
	src.data = (char *)head;
	src.size = n;
	struct ds_open_opts o = {0};
	struct ll_table *t = NULL;
	struct ll_err why;
	int found = 0;
	if (own->load(&src, &o, &t, &why) == LL_OK && t) {
		struct ll_recipe copy = *r;
		if (ll_recipe_text_column_fallback(&copy, t) > 0 && strlen(copy.text_column) < cap) {
			strcpy(key, copy.text_column);
			found = 1;
		}
	}
	ll_table_free(t);
	return found;
}

/* Whether the followed data's own shape may change which text of it the
 * run reads (decide_text): JSON records under a run of log lines, or log
 * lines under a run of JSON records' column. */
static int text_may_differ(const struct follower *f)
{
	const struct ll_recipe *r = &f->run->recipe;
	if (!f->json_key && !r->text_column[0])
		return !f->format || (f->reader && json_records(f->reader));
	return f->json_key && r->text_column[0] && !f->format;
}

/* Decides from the first bytes of the followed data (head, n > 0, of the
 * file or stream called name) which of its text the run reads, as predict
 * FILE would (ds_run_text_format, ll_recipe_text_column_fallback), and
 * says so when it is not the run's own column:
 * - a run of log lines following JSON records (a log shipper's file):
 *   their message key;
 * - a run of JSON records' text column following a log of lines (no such
 *   key): the lines' own message field. */
static void decide_text(struct follower *f, const char *name, const char *head, size_t n)
{
	const struct ll_recipe *r = &f->run->recipe;
	f->text_pending = 0;
	if (!text_may_differ(f))
		return;
	if (!f->json_key && !r->text_column[0]) {
		f->json_key = records_message_key(name, head, n, r, f->text_key, sizeof f->text_key);
		if (f->json_key)
			fprintf(stderr, "loglab: note: %s: the run read log lines' text; these records have no line: their "
					"message key '%s' is read\n", name, f->text_key);
		return;
	}
	const struct ds_reader *own = reader_of_head(name, NULL, head, n);
	if (own && own->line && !json_records(own)) {
		f->json_key = 0;
		f->reader = own;
		f->field = own->line->message_field;
		f->lines_for_key = 1;
		fprintf(stderr, "loglab: note: %s: the run read the text of column '%s', which these lines have not: "
				"their message is read\n", name, r->text_column);
	}
}

/* decide_text from path's first 64 KiB; still pending while it is empty. */
static void decide_text_of_file(struct follower *f, const char *path)
{
	char *head;
	size_t n;
	followed_reader(path, NULL, &head, &n);
	if (n)
		decide_text(f, path, head, n);
	free(head);
}

/* A decision put off until data came (an empty file, a stream): from the
 * batch's first lines, up to 64 KiB of them. */
static int decide_text_of_batch(struct follower *f, struct ll_err *err)
{
	size_t n = 0, cap = 64 * 1024;
	for (size_t i = 0; i < f->nlines && n < cap; i++)
		n += strlen(f->lines[i]) + 1;
	char *head = malloc(n ? n : 1);
	if (!head)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	size_t w = 0;
	for (size_t i = 0; i < f->nlines && w < n; i++) {
		size_t k = strlen(f->lines[i]);
		memcpy(head + w, f->lines[i], k);
		w += k;
		head[w++] = '\n';
	}
	decide_text(f, f->name, head, w);
	free(head);
	return LL_OK;
}

static int follower_init(struct follower *f, struct ds_run *run, const char *path, const char *format, int json,
			 struct ll_err *err)
{
	const struct ll_recipe *r = &run->recipe;
	memset(f, 0, sizeof *f);
	if (!(r->text == LL_TEXT_HASH || r->text == LL_TEXT_TFIDF) || r->window != LL_RWIN_NONE)
		return ll_err_set(err, LL_EUSAGE,
				  "--follow scores single lines: the run's feature set must be text.kind hash or tfidf "
				  "without a window (this one is text %s, window %s)%s; use predict without --follow",
				  ll_text_kind_name(r->text), ll_rwindow_kind_name(r->window),
				  r->text == LL_TEXT_HASH || r->text == LL_TEXT_TFIDF
					  ? ""
					  : ": a run of a table's columns scores samples of rows resampled, windowed and "
					    "scaled together, which a row appended alone does not make (the last interval is "
					    "not complete until the next begins); predict FILE scores the rows the file has");
	f->run = run;
	f->json = json;
	f->field = -1;
	f->host_field = -1;
	f->format = format;
	/* which part of a line the recipe read: the format's message field */
	const char *fmt = format ? format : run->dataset_format;
	char head[4096];
	/* a stream (path NULL) cannot be looked at before it is read: its
	 * lines are taken as the run's dataset's */
	int hfd = path ? open(path, O_RDONLY | O_NONBLOCK) : -1; /* a FIFO: refused by tail_open */
	ssize_t hn = hfd >= 0 ? read(hfd, head, sizeof head) : 0;
	if (hfd >= 0)
		close(hfd);
	if (path && hfd < 0)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot open", path);
	if (!fmt && run->dataset_path && !ds_fleet_is_spec(run->dataset_path)) {
		/* as the run's training loaded it: a log's first KiB may be
		 * continuation lines that alone read as plain lines */
		struct ll_err why;
		f->reader = ds_reader_of_file(run->dataset_path, NULL, &why);
		if (!f->reader)
			f->reader = ds_reader_detect(run->dataset_path, head, 0);
	} else {
		/* "log:PATTERN" (--format, a dataset's "header" key) is the log
		 * reader with that header, as loading reads it; a log's header is
		 * otherwise read off the file being followed */
		struct ds_open_opts o = {.format = fmt};
		ds_open_opts_split(&o);
		f->reader = o.format ? ds_reader_find(o.format) : ds_reader_detect(path, head, hn > 0 ? (size_t)hn : 0);
		if (o.format && f->reader)
			f->reader = ds_reader_bind(f->reader, head, hn > 0 ? (size_t)hn : 0, &o, err);
	}
	/* JSON records (a table reader): the text column's value of each */
	f->json_key = f->reader && !f->reader->line && r->text_column[0] && json_records(f->reader);
	snprintf(f->text_key, sizeof f->text_key, "%s", r->text_column);
	/* the followed data's own shape, when it differs from the run's data:
	 * decided from its start, or from its first lines when it has none
	 * yet (an empty file, a stream) */
	f->name = path ? path : "-";
	f->text_pending = text_may_differ(f);
	if (f->text_pending && path && hn > 0)
		decide_text_of_file(f, path);
	/* a table other than JSON records (CSV, dstat...): its rows are not
	 * its lines (a header and a preamble above them, rows numbered below
	 * it, a quoted cell over lines), and its text column is a cell the
	 * header names: this line reader would score whole lines instead */
	const struct ds_reader *own = path && hn > 0 ? reader_of_head(path, format, head, (size_t)hn) : NULL;
	if (f->reader && !f->reader->line && !json_records(f->reader) && !f->lines_for_key && own && !own->line &&
	    !json_records(own))
		return ll_err_set(err, LL_EUSAGE,
				  "%s: --follow scores log lines and JSON Lines records; a %s table's rows are not its "
				  "lines (its header names the column the run reads): score it with predict without "
				  "--follow (the browser follows such a table as it grows)",
				  f->name, own->name);
	if (f->reader && f->reader->line) {
		const struct ds_line_format *lf = f->reader->line;
		f->field = lf->message_field;
		if (r->text_column[0] && !f->lines_for_key) {
			f->field = -1;
			for (size_t i = 0; i < lf->nfields; i++)
				if (strcmp(lf->names[i], r->text_column) == 0)
					f->field = (int)i;
		}
	}
	struct ll_hashvec_config hc;
	ll_recipe_hashvec_config(r, &hc);
	int rc = LL_OK;
	if (r->text == LL_TEXT_TFIDF) {
		int found = 0;
		if (!run->fit.tfidf_text)
			rc = ll_err_set(err, LL_EDATA, "%s: the run has no tfidf.txt", run->dir);
		else if (!(f->codes = malloc(sizeof *f->codes)))
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		else
			rc = ll_recipe_load_tfidf(run->fit.tfidf_text, "tfidf.txt", &f->tfidf, f->codes, &found, err);
		/* lines keep only the codes the run's training lines had */
		if (rc == LL_OK && found)
			hc.known = f->codes;
	}
	if (rc == LL_OK)
		rc = ll_hashvec_new(&hc, &f->hv, err);
	return rc;
}

/* A fleet's file's own format, for the host its lines name: as the fleet
 * reads it (ds_fleet.c), --format's when given, else the one its first
 * 64 KiB are detected as. A file empty so far has none: the path's host. */
static void host_format(struct follower *f, const char *format, const char *path)
{
	char *head;
	size_t n;
	const struct ds_reader *r = followed_reader(path, format, &head, &n);
	free(head);
	if (r && r->line) {
		f->host_fmt = r->line;
		f->host_field = ds_fleet_host_field(r->line);
	}
}

/* One followed file: its follower (sharing the first's reader and
 * vectoriser), descriptor and read position. */
struct tail {
	struct follower f;
	char *path, *host, *name; /* f.from points to host and name */
	int fd;
	off_t pos;
	ino_t ino;
};

static int tail_open(struct tail *t, const struct follower *proto, const char *path, const char *host,
		     const char *name, int count_only, struct ll_err *err)
{
	memset(t, 0, sizeof *t);
	t->f.run = proto->run;
	t->f.reader = proto->reader;
	t->f.field = proto->field;
	t->f.json_key = proto->json_key;
	memcpy(t->f.text_key, proto->text_key, sizeof t->f.text_key);
	t->f.hv = proto->hv;
	t->f.tfidf = proto->tfidf;
	t->f.codes = proto->codes;
	t->f.json = proto->json;
	t->f.format = proto->format;
	t->f.text_pending = proto->text_pending;
	t->fd = -1;
	if (!(t->path = strdup(path)) || (host && !(t->host = strdup(host))) || (name && !(t->name = strdup(name))))
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	t->f.from = (struct origin){t->host, t->name, 0};
	/* O_NONBLOCK: opening a FIFO would wait for a writer; it is refused
	 * (its bytes are no file to follow from an offset: pipe it into -) */
	t->fd = open(path, O_RDONLY | O_NONBLOCK);
	struct stat st;
	if (t->fd < 0 || fstat(t->fd, &st) != 0)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot open", path);
	if (!S_ISREG(st.st_mode))
		return ll_err_set(err, LL_EIO,
				  "%s: not a regular file (a pipe or a device: pipe it into loglab predict RUN --follow -)",
				  path);
	t->ino = st.st_ino;
	/* read as ds_source_open reads the file whole: its start decides */
	char *head = malloc(DS_LATIN1_SAMPLE);
	ssize_t hn = head ? pread(t->fd, head, DS_LATIN1_SAMPLE, 0) : -1;
	t->f.latin1 = hn > 0 && !(hn >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) &&
		      ds_latin1_sniff(head, (size_t)hn);
	t->f.latin1_pending = hn == 0;
	free(head);
	/* a fleet's first file was empty: this one's start decides for itself */
	t->f.name = t->path;
	if (t->f.text_pending)
		decide_text_of_file(&t->f, path);
	t->f.host_field = -1;
	if (host)
		host_format(&t->f, proto->format, path);
	/* lines already there: scored (--from-start, a new file), else only counted */
	int rc = drain_fd(&t->f, t->fd, &t->pos, count_only, err);
	return rc == LL_OK ? score_batch(&t->f, err) : rc;
}

static void tail_close(struct tail *t)
{
	if (t->fd >= 0)
		close(t->fd);
	for (size_t i = 0; i < t->f.nlines; i++)
		free(t->f.lines[i]);
	free(t->f.lines);
	free(t->f.pend);
	free(t->f.last_host);
	free(t->path);
	free(t->host);
	free(t->name);
}

/* Scores what t's file gained; follows a rotation (the rest of the old
 * file, then the new one from its start) and a truncation. */
static int tail_step(struct tail *t, struct ll_err *err)
{
	for (;;) {
		/* rewritten in place past what was read (copytruncate and a
		 * burst of lines, or lines all of one length): no longer the
		 * bytes read, so read again from the start, as when cut short */
		if (ds_seen_same(&t->f.seen, t->fd, (uint64_t)t->pos) != 1) {
			lseek(t->fd, 0, SEEK_SET);
			t->pos = 0;
			t->f.row = 0;
			t->f.npend = 0;
			t->f.seen.n = 0;
		}
		int rc = drain_fd(&t->f, t->fd, &t->pos, 0, err);
		if (rc == LL_OK)
			rc = score_batch(&t->f, err);
		if (rc)
			return rc;
		struct stat ps, fs;
		if (stat(t->path, &ps) == 0 && ps.st_ino != t->ino) {
			/* O_NONBLOCK: a FIFO renamed into place would block the
			 * open; it is no file to follow, so the old one is kept */
			int nfd = open(t->path, O_RDONLY | O_NONBLOCK);
			if (nfd < 0)
				return LL_OK;
			if (fstat(nfd, &fs) != 0 || !S_ISREG(fs.st_mode)) {
				close(nfd);
				return LL_OK;
			}
			/* the old file's last line without its end is whole: its
			 * writer writes the new file now (it was dropped) */
			if (t->f.npend && (rc = feed(&t->f, "\n", 1, 0, err)) == LL_OK)
				rc = score_batch(&t->f, err);
			if (rc) {
				close(nfd);
				return rc;
			}
			close(t->fd);
			t->fd = nfd;
			t->ino = ps.st_ino;
		} else if (fstat(t->fd, &fs) == 0 && fs.st_size < t->pos) {
			lseek(t->fd, 0, SEEK_SET);
		} else {
			return LL_OK;
		}
		t->pos = 0;
		t->f.row = 0;
		t->f.npend = 0;
		t->f.seen.n = 0;
	}
}

static void wait_a_little(void)
{
	struct timespec ts = {0, 200 * 1000 * 1000};
	nanosleep(&ts, NULL);
}

static void catch_stop(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static int follow(struct ds_run *run, const char *path, const char *format, int from_start, int json,
		  struct ll_err *err)
{
	struct follower proto;
	struct tail t = {.fd = -1};
	/* a labelled copy of the kind of log the run read the messages of: its
	 * lines split by that log's header behind the label, as predict FILE */
	char by_header[1024];
	if (!format && ds_run_text_format(run, path, NULL, by_header, sizeof by_header)) {
		format = by_header;
		fprintf(stderr, "loglab: note: %s: the run was trained on the message field of its lines: each line is read "
				"as \"%s\" and its message scored\n", path, by_header + strlen(DS_LOG_HEADER_PREFIX));
	}
	int rc = follower_init(&proto, run, path, format, json, err);
	if (rc == LL_OK)
		rc = tail_open(&t, &proto, path, NULL, NULL, !from_start, err);
	catch_stop();
	while (rc == LL_OK && !follow_stop) {
		rc = tail_step(&t, err);
		wait_a_little();
	}
	tail_close(&t);
	ll_hashvec_free(proto.hv);
	ll_tfidf_free(proto.tfidf);
	free(proto.codes);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	return rc;
}

/* --follow of standard input ("-": kubectl logs -f POD | loglab predict
 * RUN --follow -): lines scored as they arrive, until the stream ends or
 * Ctrl-C; a last line without its newline is scored at the end. */
static int follow_stdin(struct ds_run *run, const char *format, int json, struct ll_err *err)
{
	if (isatty(0))
		return ll_err_set(err, LL_EUSAGE,
				  "-: standard input is a terminal; pipe a log into loglab (for example "
				  "tail -f app.log | loglab predict RUN --follow -)");
	struct follower f;
	int rc = follower_init(&f, run, NULL, format, json, err);
	catch_stop();
	char buf[65536];
	int started = 0;
	static char head[DS_READ_JUDGED]; /* the stream's start, judged */
	size_t nhead = 0;
	while (rc == LL_OK && !follow_stop) {
		ssize_t got = read(0, buf, sizeof buf);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = ll_err_errno(err, LL_EIO, errno, "-: cannot read standard input");
			break;
		}
		/* as a followed file: the stream's start decides (what a pipe has
		 * written by the first read) */
		if (got > 0 && !started++)
			f.latin1 = !(got >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) && ds_latin1_sniff(buf, (size_t)got);
		/* binary junk piped in is refused at the stream's start, as
		 * when standard input is read whole (ds_source_judge_start):
		 * its first 64 KiB judged as they arrive, since a follow
		 * cannot wait for them all; a format named reads anything */
		if (got > 0 && !format && nhead < DS_READ_JUDGED) {
			size_t take = (size_t)got < DS_READ_JUDGED - nhead ? (size_t)got : DS_READ_JUDGED - nhead;
			memcpy(head + nhead, buf, take);
			nhead += take;
			if ((rc = ds_source_judge_start(head, nhead, "-", err)) != LL_OK)
				break;
		}
		if (got == 0 && f.npend)
			rc = feed(&f, "\n", 1, 0, err);
		else if (got > 0)
			rc = feed(&f, buf, (size_t)got, 0, err);
		if (rc == LL_OK)
			rc = score_batch(&f, err);
		if (got == 0)
			break;
	}
	for (size_t i = 0; i < f.nlines; i++)
		free(f.lines[i]);
	free(f.lines);
	free(f.pend);
	ll_hashvec_free(f.hv);
	ll_tfidf_free(f.tfidf);
	free(f.codes);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	return rc;
}

/* --follow on a folder or a glob: every plain file of the fleet is
 * followed (compressed rotations do not grow), and the spec is looked at again
 * every two seconds: a file that appears is scored from its start, unless
 * it is one already followed under a new name (a rotation: same inode) or
 * a path already followed (its tail follows it across rotations). Rows
 * are each file's line numbers, with its host and name. */
static int follow_fleet(struct ds_run *run, const char *spec, const char *format, int from_start, int json,
			struct ll_err *err)
{
	struct ds_fleet_list *l = NULL;
	int rc = ds_fleet_find(&spec, 1, &l, err);
	struct follower proto;
	memset(&proto, 0, sizeof proto);
	if (rc == LL_OK)
		rc = follower_init(&proto, run, l->e[l->n - 1].path, format, json, err);
	struct tail *tails = NULL;
	size_t nt = 0;
	struct ll_names seen = {0}; /* dev:ino of every file followed */
	catch_stop();
	for (int first = 1; rc == LL_OK && !follow_stop; first = 0) {
		for (size_t i = 0; rc == LL_OK && i < l->n; i++) {
			const struct ds_fleet_entry *e = &l->e[i];
			if (ds_codec_of_file(e->path) != DS_CODEC_PLAIN) /* compressed rotations do not grow */
				continue;
			char id[64];
			int idn = snprintf(id, sizeof id, "%llu:%llu", (unsigned long long)e->dev, (unsigned long long)e->ino);
			if (ll_names_find(&seen, id, (size_t)idn) >= 0)
				continue;
			/* a path followed already: its tail follows it across rotations */
			int followed = 0;
			for (size_t j = 0; j < nt && !followed; j++)
				followed = strcmp(tails[j].path, e->path) == 0;
			if (followed)
				continue;
			if (ll_names_add(&seen, id, (size_t)idn) < 0) {
				rc = ll_err_set(err, LL_ENOMEM, "out of memory");
				break;
			}
			struct tail *nt2 = realloc(tails, (nt + 1) * sizeof *nt2);
			if (!nt2) {
				rc = ll_err_set(err, LL_ENOMEM, "out of memory");
				break;
			}
			tails = nt2;
			rc = tail_open(&tails[nt], &proto, e->path, e->host, e->name, first && !from_start, err);
			nt++;
		}
		for (int k = 0; k < 10 && rc == LL_OK && !follow_stop; k++) {
			for (size_t i = 0; i < nt && rc == LL_OK; i++)
				rc = tail_step(&tails[i], err);
			wait_a_little();
		}
		/* look again (a spec matching nothing for a moment is no error) */
		struct ds_fleet_list *again = NULL;
		struct ll_err ferr;
		if (rc == LL_OK && ds_fleet_find(&spec, 1, &again, &ferr) == LL_OK) {
			ds_fleet_list_free(l);
			l = again;
		}
	}
	for (size_t i = 0; i < nt; i++)
		tail_close(&tails[i]);
	free(tails);
	ll_names_free(&seen);
	ds_fleet_list_free(l);
	ll_hashvec_free(proto.hv);
	ll_tfidf_free(proto.tfidf);
	free(proto.codes);
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
	if (format && !ds_format_known(format)) {
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
	if ((rc = ds_run_open(ws->dir, argv[optind], &run, &err)) == LL_OK) {
		const char *what = argv[optind + 1];
		if (!fol)
			rc = predict_file(&run, what, format, json, &err);
		else if (ds_stdin_is(what))
			rc = follow_stdin(&run, format, json, &err);
		else if (ds_fleet_is_spec(what))
			rc = follow_fleet(&run, what, format, from_start, json, &err);
		else
			rc = follow(&run, what, format, from_start, json, &err);
	}
	ds_run_close(&run);
	ds_workspace_free(ws);
	if (rc)
		return cli_fail(rc, &err);
	return 0;
}
