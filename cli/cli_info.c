/*
 * cli_info.c - `loglab info PATH...`: what a dataset is, as text or JSON.
 *
 * Uses the same ds_dataset the browser uses, so a 1 GiB log is counted by
 * the line index (not loaded whole) and the figures match the status bar.
 * "Ordinary" classes are those of the default ordinary names
 * (ll_default_ordinary_names: normal, benign, ok, pass, 0, "-", ...); the
 * rest count as root cause / alert, which is how the label summary is split.
 * Labels are the file's own overlaid by its journal (DATA.labels) when it
 * has one, as the browser and training see them. A folder or a glob is a
 * fleet (of logs, or of tables): its totals, then a line per file
 * (cli_info_fleet.c).
 */
#include "cli.h"
#include "ds_dataset.h"
#include "ds_labels.h"
#include "ds_reader.h"
#include "ds_workspace.h"
#include "ll_labels.h"
#include "ll_recipe.h"
#include "ll_time.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *type_name(enum ll_coltype t)
{
	return t == LL_COL_NUM ? "number" : t == LL_COL_TIME ? "time" : "text";
}

struct summary {
	size_t rows, ncls, unlabelled, ordinary, other;
	size_t *counts;
	double tmin, tmax;
	struct ll_labels *labels; /* the file's labels with the journal replayed, or NULL */
	char *journal;            /* its path when there is one */
	/* the workspace dataset PATH stood for (cli_ws_dataset), or NULL */
	const struct ds_ws_dataset *wsd;
	const struct ds_workspace *ws;
};

/* Class k's name: the journal may have added classes. */
static const char *class_name(struct ds_dataset *ds, const struct summary *s, size_t k)
{
	return s->labels ? ll_labels_class_name(s->labels, k) : ds_dataset_class_name(ds, k);
}

static void wait_complete(struct ds_dataset *ds)
{
	while (!ds_dataset_complete(ds)) {
		struct timespec ts = {0, 5 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}

static int fleet_has_journal(struct ds_dataset *ds)
{
	int found = 0;
	for (size_t i = 0; ds_dataset_is_fleet(ds) && !found && i < ds_dataset_nfiles(ds); i++) {
		char *p = ds_labels_default_path(ds_dataset_file_path(ds, i));
		found = p && access(p, F_OK) == 0;
		free(p);
	}
	return found;
}

static int summarise(struct ds_dataset *ds, struct summary *s)
{
	memset(s, 0, sizeof *s);
	wait_complete(ds);
	s->rows = ds_dataset_nrows(ds);
	s->ncls = ds_dataset_nclasses(ds);
	char *jp = ds_labels_default_path(ds_dataset_path(ds));
	/* a fleet's labels are in its files' own journals: read them (about 20
	 * bytes a row) only when one exists */
	if (jp && (access(jp, F_OK) == 0 || fleet_has_journal(ds))) {
		struct ll_err jerr;
		ll_err_clear(&jerr);
		if (ds_labels_open(ds, jp, 0, &s->labels, NULL, NULL, &jerr) == LL_OK) {
			s->journal = jp;
			jp = NULL;
			s->ncls = ll_labels_nclasses(s->labels);
		} else {
			fprintf(stderr, "%s info: %s (the file's own labels shown)\n", cli_progname, jerr.msg);
		}
	}
	free(jp);
	s->counts = calloc(s->ncls ? s->ncls : 1, sizeof *s->counts);
	if (!s->counts)
		return LL_ENOMEM;
	if (s->labels)
		ll_labels_counts(s->labels, s->counts, &s->unlabelled);
	else
		ds_dataset_label_counts(ds, s->counts, &s->unlabelled);
	for (size_t k = 0; k < s->ncls; k++) {
		if (ll_default_ordinary_name(class_name(ds, s, k)))
			s->ordinary += s->counts[k];
		else
			s->other += s->counts[k];
	}
	ds_dataset_time_range(ds, &s->tmin, &s->tmax);
	return LL_OK;
}

/* A class's count and its place among the classes. */
struct class_count {
	size_t count, k;
};

/* Largest first, first seen first among equals. */
static int by_count(const void *a, const void *b)
{
	const struct class_count *x = a, *y = b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return x->k < y->k ? -1 : x->k > y->k;
}

/* The width to pad s to so it fills cols screen columns: UTF-8's
 * continuation bytes take none ("Zähler" is 7 bytes, 6 columns). */
static int pad_width(const char *s, int cols)
{
	int extra = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		extra += (*p & 0xC0) == 0x80;
	return cols + extra;
}

/* Every class, or of thousands the 20 largest: a list a screen can hold. */
static void print_classes(struct ds_dataset *ds, const struct summary *s)
{
	struct class_count *order = s->ncls > 24 ? malloc(s->ncls * sizeof *order) : NULL;
	size_t shown = order ? 20 : s->ncls;
	for (size_t k = 0; order && k < s->ncls; k++)
		order[k] = (struct class_count){s->counts[k], k};
	if (order)
		qsort(order, s->ncls, sizeof *order, by_count);
	for (size_t i = 0; i < shown; i++) {
		size_t k = order ? order[i].k : i;
		const char *name = cli_safe(class_name(ds, s, k));
		printf("  %-*s %zu\n", pad_width(name, 28), name, s->counts[k]);
	}
	if (shown < s->ncls)
		printf("  ... %zu more classes (--json lists them)\n", s->ncls - shown);
	free(order);
}

static void print_text(struct ds_dataset *ds, const struct summary *s, int all_columns)
{
	const struct ds_reader *r = ds_dataset_reader(ds);
	printf("file:     %s\n", cli_safe(ds_dataset_path(ds)));
	printf("format:   %s (%s)\n", r->name, r->summary);
	if (r->line && r->line->header)
		printf("header:   %s\n", cli_safe(r->line->header));
	printf("rows:     %zu\n", s->rows);
	size_t ncols = ds_dataset_ncols(ds);
	printf("columns:  %zu\n", ncols);
	size_t shown = all_columns || ncols <= 24 ? ncols : 20;
	for (size_t c = 0; c < shown; c++) {
		const char *name = cli_safe(ds_dataset_col_name(ds, c));
		printf("  %-*s %s\n", pad_width(name, 28), name, type_name(ds_dataset_col_type(ds, c)));
	}
	if (shown < ncols)
		printf("  ... %zu more (--all-columns lists them)\n", ncols - shown);
	if (s->ncls) {
		printf("labels:   %zu classes, %zu labelled, %zu unlabelled\n", s->ncls, s->rows - s->unlabelled,
		       s->unlabelled);
		print_classes(ds, s);
		printf("  ordinary %zu, root cause/alert %zu\n", s->ordinary, s->other);
		if (s->journal && ll_labels_nparts(s->labels))
			printf("  with each file's journal (FILE.labels; %zu changes replayed)\n", ll_labels_replayed(s->labels));
		else if (s->journal)
			printf("  with the journal %s (%zu changes replayed)\n", cli_safe(s->journal), ll_labels_replayed(s->labels));
	} else {
		printf("labels:   none\n");
	}
	if (ds_dataset_label_file(ds) && s->wsd)
		printf("  from the label file %s (dataset %s of %s)\n", cli_safe(ds_dataset_label_file(ds)),
		       cli_safe(s->wsd->name), cli_safe(s->ws->file));
	else if (ds_dataset_label_file(ds))
		printf("  from the label file %s\n", cli_safe(ds_dataset_label_file(ds)));
	if (s->wsd && s->wsd->format)
		printf("  read as %s, the dataset's format\n", cli_safe(s->wsd->format));
	if (!isnan(s->tmin)) {
		char a[40], b[40];
		ll_time_format(s->tmin, a, sizeof a);
		ll_time_format(s->tmax, b, sizeof b);
		printf("time:     %s .. %s\n", a, b);
	}
	cli_info_fleet_text(ds, s->labels);
	for (size_t i = 0; i < ds_dataset_nnotes(ds); i++)
		printf("note:     %s\n", cli_safe(ds_dataset_note(ds, i)));
}

static cJSON *to_json(struct ds_dataset *ds, const struct summary *s)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "file", ds_dataset_path(ds));
	cJSON_AddStringToObject(o, "format", ds_dataset_reader(ds)->name);
	const struct ds_line_format *lf = ds_dataset_reader(ds)->line;
	if (lf && lf->header)
		cJSON_AddStringToObject(o, "header", lf->header);
	cJSON_AddNumberToObject(o, "rows", (double)s->rows);
	cJSON *cols = cJSON_AddArrayToObject(o, "columns");
	for (size_t c = 0; c < ds_dataset_ncols(ds); c++) {
		cJSON *col = cJSON_CreateObject();
		cJSON_AddStringToObject(col, "name", ds_dataset_col_name(ds, c));
		cJSON_AddStringToObject(col, "type", type_name(ds_dataset_col_type(ds, c)));
		cJSON_AddItemToArray(cols, col);
	}
	cJSON *labels = cJSON_AddObjectToObject(o, "labels");
	for (size_t k = 0; k < s->ncls; k++)
		cJSON_AddNumberToObject(labels, class_name(ds, s, k), (double)s->counts[k]);
	if (s->journal)
		cJSON_AddStringToObject(o, "journal", s->journal);
	if (ds_dataset_label_file(ds))
		cJSON_AddStringToObject(o, "label_file", ds_dataset_label_file(ds));
	if (s->wsd) {
		cJSON_AddStringToObject(o, "dataset", s->wsd->name);
		cJSON_AddStringToObject(o, "workspace", s->ws->file);
	}
	cJSON_AddNumberToObject(o, "unlabelled", (double)s->unlabelled);
	cJSON_AddNumberToObject(o, "ordinary", (double)s->ordinary);
	cJSON_AddNumberToObject(o, "root_cause", (double)s->other);
	if (!isnan(s->tmin)) {
		char a[40], b[40];
		ll_time_format(s->tmin, a, sizeof a);
		ll_time_format(s->tmax, b, sizeof b);
		cJSON_AddStringToObject(o, "time_min", a);
		cJSON_AddStringToObject(o, "time_max", b);
	}
	cJSON *fleet = cli_info_fleet_json(ds, s->labels);
	if (fleet)
		cJSON_AddItemToObject(o, "fleet", fleet);
	cJSON *notes = cJSON_AddArrayToObject(o, "notes");
	for (size_t i = 0; i < ds_dataset_nnotes(ds); i++)
		cJSON_AddItemToArray(notes, cJSON_CreateString(ds_dataset_note(ds, i)));
	return o;
}

static void info_usage(FILE *out)
{
	fprintf(out, "Usage: loglab info [--json] [--format NAME] [--header PATTERN] [--all-columns] PATH...\n"
		     "       loglab info --formats\n"
		     "\n"
		     "Describes each dataset: detected format, the header of its log lines\n"
		     "(inferred for a log of an unknown system), rows, columns and their\n"
		     "types, label counts per class (the 20 largest of many; ordinary:\n"
		     "normal, benign, ok, pass, success, 0, -, ... vs root cause/alert),\n"
		     "time range, and any warnings the reader raised.\n"
		     "A file that a workspace dataset with a label file (the key \"labels\")\n"
		     "reads is read with that format and label file, and said so (the\n"
		     "nearest loglab.json that lists the file, from the file's folder up to\n"
		     "the root, else ./loglab.json); PATH may also name such a dataset.\n"
		     "A folder or a glob (a fleet of logs merged on one timeline) adds a\n"
		     "line per file: host, rows, format, lines that did not fit, time\n"
		     "range, and the total; a fleet of tables (one table of every file's\n"
		     "rows) likewise. A tar, zip or 7z archive is the folder it holds\n"
		     "(unpacked once into the cache); a compressed file (gzip, bzip2, xz,\n"
		     "zstd, lz4, lzma, compress's .Z) is its text; PATH - reads standard\n"
		     "input.\n"
		     "\n"
		     "  -j, --json          one JSON object per PATH (an array when several)\n"
		     "  -f, --format NAME   read as NAME instead of detecting the format;\n"
		     "                      csv:label=COL (json:, jsonl:, xlsx:, xls:, xlsb:,\n"
		     "                      ods:, sqlite:, parquet: too) takes the classes from\n"
		     "                      column COL instead of label, class or y (csv: else\n"
		     "                      anomaly or is_anomaly);\n"
		     "                      auto:label=COL detects the format;\n"
		     "                      xlsx:sheet=NAME (xls:, xlsb:, ods: too) reads that\n"
		     "                      sheet, sqlite:table=NAME that table or view; a\n"
		     "                      suffix :entity=none keeps a long table long\n"
		     "      --header PATTERN  split log lines with this header instead of the\n"
		     "                      inferred one: literal text and <field>s, e.g.\n"
		     "                      '<Date> <Time> <Level> <Component>: <Content>'\n"
		     "                      (a <label> field is each line's class, not a column)\n"
		     "  -a, --all-columns   list every column (default: the first 20 of many)\n"
		     "      --formats       list the formats loglab reads\n"
		     "  -h, --help          show this help\n"
		     "\n"
		     "Exit codes: 0 ok, 1 usage error, 2 data error, 3 I/O error (the worst\n"
		     "of all PATHs).\n");
}

int cli_info(int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
					     {"format", required_argument, NULL, 'f'},
					     {"all-columns", no_argument, NULL, 'a'},
					     {"formats", no_argument, NULL, 'F'},
					     {"header", required_argument, NULL, 'H'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int json = 0, all = 0, c;
	struct ds_open_opts o = {0};
	optind = 1;
	while ((c = getopt_long(argc, argv, "jf:ah", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'f':
			o.format = optarg;
			break;
		case 'a':
			all = 1;
			break;
		case 'H':
			o.header = optarg;
			break;
		case 'F':
			for (size_t i = 0; i < ds_reader_count(); i++)
				printf("%-14s %s\n", ds_reader_at(i)->name, ds_reader_at(i)->summary);
			return 0;
		case 'h':
			info_usage(stdout);
			return 0;
		default:
			info_usage(stderr);
			return 1;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "%s info: no PATH given\n", cli_progname);
		info_usage(stderr);
		return 1;
	}
	if (o.format && !ds_format_known(o.format)) {
		fprintf(stderr, "%s info: unknown format '%s' (--formats lists them)\n", cli_progname, cli_safe(o.format));
		return 1;
	}
	int worst = 0;
	cJSON *arr = json && argc - optind > 1 ? cJSON_CreateArray() : NULL;
	for (int i = optind; i < argc; i++) {
		struct ll_err err;
		ll_err_clear(&err);
		struct ds_dataset *ds;
		/* the file (or name) of a workspace dataset with a label file
		 * reads as the dataset: its format and labels */
		struct ds_workspace *ws = NULL;
		const struct ds_ws_dataset *wsd = !o.format && !o.header ? cli_ws_dataset("info", argv[i], &ws) : NULL;
		struct ds_open_opts oi = o;
		if (wsd) {
			oi.format = wsd->format;
			oi.labels = wsd->labels;
		}
		/* a file as named; a dataset's name as its file */
		struct stat st;
		int rc = ds_dataset_open(&ds, wsd && stat(argv[i], &st) != 0 ? wsd->path : argv[i], &oi, &err);
		if (rc == LL_OK) {
			struct summary s;
			rc = summarise(ds, &s);
			s.wsd = wsd;
			s.ws = ws;
			/* a scan stopped early (memory limit, read error) is no summary of the file */
			int scan = rc == LL_OK ? ds_dataset_status(ds, &err) : LL_OK;
			if (scan != LL_OK) {
				rc = scan;
			} else if (rc == LL_OK) {
				if (json) {
					cJSON *obj = to_json(ds, &s);
					if (arr) {
						cJSON_AddItemToArray(arr, obj);
					} else {
						char *txt = cJSON_Print(obj);
						puts(txt);
						free(txt);
						cJSON_Delete(obj);
					}
				} else {
					if (i > optind)
						putchar('\n');
					print_text(ds, &s, all);
				}
			} else if (rc == LL_ENOMEM) {
				ll_err_set(&err, rc, "%s: out of memory", argv[i]);
			}
			free(s.counts);
			ll_labels_free(s.labels);
			free(s.journal);
			ds_dataset_close(ds);
		}
		ds_workspace_free(ws);
		if (rc != LL_OK) {
			int code = cli_fail(rc, &err);
			if (code > worst)
				worst = code;
		}
	}
	if (arr) {
		char *txt = cJSON_Print(arr);
		puts(txt);
		free(txt);
		cJSON_Delete(arr);
	}
	return worst;
}
