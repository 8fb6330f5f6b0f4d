/*
 * cli_label.c - `loglab label PATH ...`: bulk relabelling from scripts,
 * through the same journal and undo history as the browser.
 *
 * Selecting rows (--match, --rows, --template) and changing them (--set,
 * --unset) is one action: one journal group and one undo step. Without an
 * action the verb prints the label summary.
 */
#include "cli.h"
#include "ds_stdin.h"
#include "ds_dataset.h"
#include "ds_labels.h"
#include "ds_labels_chain.h"
#include "ds_rowlabels.h"
#include "ds_templates.h"
#include "ds_textlog.h"
#include "ds_workspace.h"
#include "ll_fileio.h"
#include "ll_journal.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct label_args {
	const char *path, *journal, *match, *rows, *set, *export_path, *import_path, *format, *header;
	long template_id;
	int unset, undo, redo, compact, json, icase, dry_run, list_templates, top, per_line, new_class;
};

static void label_usage(FILE *out)
{
	fprintf(out,
		"Usage: loglab label PATH [--match REGEX] [--rows A-B] [--template ID] (--set CLASS | --unset)\n"
		"       loglab label PATH --templates [--top N | --per-line]\n"
		"       loglab label PATH --undo | --redo | --compact\n"
		"       loglab label PATH --export OUT.tsv | --import FILE\n"
		"       loglab label PATH             (prints the label summary)\n"
		"\n"
		"Relabels rows of a dataset. Labels are journalled beside the data in\n"
		"PATH.labels (append-only, fsynced), replayed whenever PATH is opened, and\n"
		"shared with the browser: one command is one undo step there too, and a\n"
		"running browser shows it within a second. Any number of commands and\n"
		"browsers may label one file at once: each action is written whole under\n"
		"a lock, after reading what the others wrote, or not at all. Labels follow\n"
		"their lines through log rotations: app.log.1 (app.log.2.gz ...) also shows\n"
		"the labels its lines got as app.log, from app.log.labels (a note says so).\n"
		"PATH may name a dataset of the workspace here (where no file has that\n"
		"name): its file, with its format and label file (the key \"labels\"). A\n"
		"file that a dataset with a label file reads (in the nearest loglab.json\n"
		"that lists it, from the file's folder up to the root, else ./loglab.json)\n"
		"is read so too, and the summary names the dataset and its workspace.\n"
		"\n"
		"  -m, --match REGEX   rows whose text matches REGEX (POSIX extended)\n"
		"  -i, --ignore-case   with --match\n"
		"  -r, --rows A-B      rows A to B, 1-based and inclusive; A- means to the end\n"
		"  -t, --template ID   rows of log template ID (see --templates); selectors combine\n"
		"  -T, --templates     list the log templates, most frequent first, with each\n"
		"                      one's label mix (--top N: only the N largest)\n"
		"      --per-line      with --templates: every row's template instead, one\n"
		"                      line per row: ROW<TAB>TEMPLATE_ID<TAB>TEMPLATE\n"
		"                      (--json: an array of {row, id, template})\n"
		"  -s, --set CLASS     give the selected rows class CLASS, one the data has\n"
		"                      already (on a file without labels: 1 root cause,\n"
		"                      0 ordinary); an unknown CLASS is refused with the\n"
		"                      closest one, so a typo never makes a class\n"
		"      --new-class     let --set create CLASS\n"
		"      --unset         remove the selected rows' labels\n"
		"  -u, --undo          undo the last labelling action on record, whoever made\n"
		"                      it (the browser's too); exactly one action\n"
		"      --redo          redo the last undone action\n"
		"  -e, --export OUT    write label<TAB>line, one row per input row, in order\n"
		"                      (unlabelled rows have an empty label), after a first\n"
		"                      line \"#loglab labels\" by which it reopens as labels;\n"
		"                      never over PATH itself or its label journal\n"
		"      --import FILE   take labels from a labelled file: row by row when it has\n"
		"                      the same lines, else every row with the same text\n"
		"      --compact       rewrite the journal as one record per changed row\n"
		"                      (from the journal on disk; ends the undo history)\n"
		"  -n, --dry-run       say what would change, change nothing\n"
		"  -J, --journal PATH  keep the journal at PATH instead of PATH.labels\n"
		"  -f, --format NAME   read PATH as format NAME\n"
		"      --header PATTERN  split log lines with this header, e.g.\n"
		"                      '<time> <level> <component>: <message>' (see loglab(1))\n"
		"                      (a <label> field is each line's class)\n"
		"  -j, --json          print the result as JSON (the summary's \"journals\" lists\n"
		"                      the journals kept: each file's own for a folder or a\n"
		"                      glob; \"journal\", PATH.labels, is kept for old scripts)\n"
		"  -h, --help          show this help\n"
		"\n"
		"Exit codes: 0 ok, 1 usage error, 2 data error, 3 I/O error (e.g. the\n"
		"journal cannot be written: nothing is changed then).\n");
}

static void warn_stderr(void *ctx, const char *msg)
{
	(void)ctx;
	if (ds_labels_chain_is_note(msg)) /* where labels came from: a note */
		fprintf(stderr, "%s: note: %s\n", cli_progname, cli_safe(msg + sizeof DS_LABELS_CHAIN_NOTE - 1));
	else
		fprintf(stderr, "%s: warning: %s\n", cli_progname, cli_safe(msg));
}

/* Where a fleet's labels go when some of its files' folders are
 * read-only: not beside those files, as the user would look. */
static void fleet_apart_note(const struct ds_dataset *ds)
{
	char first[4096];
	size_t apart = ds_labels_fleet_apart(ds, first, sizeof first);
	if (!apart)
		return;
	char *slash = strrchr(first, '/');
	if (slash)
		*slash = '\0';
	fprintf(stderr, "%s: note: %zu file%s of %s %s in read-only folders: %s labels kept in %s\n", cli_progname, apart,
		apart == 1 ? "" : "s", cli_safe(ds_dataset_path(ds)), apart == 1 ? "is" : "are", apart == 1 ? "its" : "their",
		cli_safe(first));
}

/* 0, or -1 not a range, -2 past the data, -3 reversed (5-3). Digits
 * only: strtoull takes "-1" for 2^64-1, which read as past the data. */
static int parse_rows(const char *s, size_t nrows, size_t *a, size_t *b)
{
	char *end;
	errno = 0;
	if (!isdigit((unsigned char)s[0]))
		return -1;
	unsigned long long lo = strtoull(s, &end, 10), hi;
	if (end == s || errno || lo == 0)
		return -1;
	if (*end == '\0') {
		hi = lo;
	} else if (*end == '-' && end[1] == '\0') {
		hi = nrows;
	} else if (*end == '-') {
		const char *h = end + 1;
		if (!isdigit((unsigned char)h[0]))
			return -1;
		hi = strtoull(h, &end, 10);
		if (end == h || *end || errno)
			return -1;
	} else {
		return -1;
	}
	if (hi < lo)
		return -3;
	if (hi > nrows)
		return -2;
	*a = (size_t)lo - 1;
	*b = (size_t)hi - 1;
	return 0;
}

static char *row_text(struct ds_dataset *ds, size_t row, char **buf, size_t *cap)
{
	size_t n = ds_dataset_row_text(ds, row, *buf, *cap);
	if (n >= *cap) {
		char *p = realloc(*buf, n + 1);
		if (!p)
			return NULL;
		*buf = p;
		*cap = n + 1;
		ds_dataset_row_text(ds, row, *buf, *cap);
	}
	return *buf;
}

/* s as a JSON string on stdout (an empty string without memory) */
static void put_json_string(const char *s)
{
	char *q = cli_json_quote(s ? s : "");
	fputs(q ? q : "\"\"", stdout);
	free(q);
}

/* journal NULL: none kept (standard input); wsd the workspace dataset
 * PATH stood for (ws its workspace), or NULL */
static void print_summary(struct ds_dataset *ds, struct ll_labels *l, const char *journal, int json,
			  const struct ds_workspace *ws, const struct ds_ws_dataset *wsd)
{
	size_t nc = ll_labels_nclasses(l), none;
	size_t *counts = calloc(nc ? nc : 1, sizeof *counts);
	if (!counts)
		return;
	ll_labels_counts(l, counts, &none);
	if (json) {
		/* written directly: a cJSON tree costs three allocations a class,
		 * a sixth of the time of `label --json` with 200k classes */
		fputs("{\n\t\"file\":\t", stdout);
		put_json_string(ds_dataset_path(ds));
		if (wsd) { /* which workspace dataset gave the file its label file */
			fputs(",\n\t\"dataset\":\t", stdout);
			put_json_string(wsd->name);
			fputs(",\n\t\"workspace\":\t", stdout);
			put_json_string(ws->file);
		}
		/* "journal" names PATH.labels, a path never created for a glob or a
		 * folder; it stays for the scripts that read it, and "journals"
		 * lists the journals kept: each file's own for a fleet */
		if (ds_dataset_label_file(ds)) { /* the dataset's label file, under the journal */
			fputs(",\n\t\"label_file\":\t", stdout);
			put_json_string(ds_dataset_label_file(ds));
			printf(",\n\t\"journal_overrides\":\t%zu", ll_labels_overridden(l));
		}
		fputs(",\n\t\"journal\":\t", stdout);
		put_json_string(journal ? journal : "none (standard input)");
		fputs(",\n\t\"journals\":\t[", stdout);
		size_t np = ll_labels_nparts(l);
		for (size_t p = 0; p < (np ? np : journal != NULL); p++) {
			fputs(p ? ", " : "", stdout);
			put_json_string(np ? ll_labels_part_journal(l, p) : journal);
		}
		printf("],\n\t\"rows\":\t%zu,\n\t\"labels\":\t{", ll_labels_nrows(l));
		for (size_t k = 0; k < nc; k++) {
			fputs(k ? ",\n\t\t" : "\n\t\t", stdout);
			put_json_string(ll_labels_class_name(l, k));
			printf(":\t%zu", counts[k]);
		}
		printf("%s},\n\t\"unlabelled\":\t%zu,\n\t\"journal_records\":\t%zu,\n\t\"journal_skipped\":\t%zu,\n"
		       "\t\"journal_incomplete\":\t%zu,\n\t\"can_undo\":\t%s\n}\n",
		       nc ? "\n\t" : "", none, ll_labels_replayed(l), ll_labels_skipped(l), ll_labels_incomplete(l),
		       ll_labels_can_undo(l) ? "true" : "false");
	} else {
		/* a fleet's journals are its files' own, as `info` says */
		printf("file:     %s\njournal:  %s (%zu records applied, %zu skipped", cli_safe(ds_dataset_path(ds)),
		       ll_labels_nparts(l) ? "each file's FILE.labels" : journal ? cli_safe(journal) : "none (standard input)",
		       ll_labels_replayed(l),
		       ll_labels_skipped(l));
		if (ll_labels_incomplete(l))
			printf(", %zu incomplete action%s dropped", ll_labels_incomplete(l),
			       ll_labels_incomplete(l) == 1 ? "" : "s");
		printf(")\n");
		if (wsd)
			printf("dataset:  %s of %s\n", cli_safe(wsd->name), cli_safe(ws->file));
		char from[1024];
		ds_rowlabels_describe(ds, l, "", from, sizeof from);
		if (from[0])
			printf("          %s\n", cli_safe(from));
		printf("rows:     %zu\n", ll_labels_nrows(l));
		for (size_t k = 0; k < nc; k++)
			printf("  %-24s %zu\n", cli_safe(ll_labels_class_name(l, k)), counts[k]);
		printf("  %-24s %zu\n", "(unlabelled)", none);
	}
	free(counts);
}

static void print_result(const char *action, const char *cls, size_t selected, long changed, int dry, int json)
{
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "action", action);
		if (cls)
			cJSON_AddStringToObject(o, "class", cls);
		cJSON_AddNumberToObject(o, "selected", (double)selected);
		cJSON_AddNumberToObject(o, "changed", (double)changed);
		cJSON_AddBoolToObject(o, "dry_run", dry);
		char *t = cJSON_PrintUnformatted(o);
		puts(t);
		free(t);
		cJSON_Delete(o);
	} else if (cls) {
		printf("%s%s: %zu rows selected, %ld %s to '%s'\n", dry ? "dry run: " : "", action, selected, changed,
		       dry ? "would change" : "changed", cli_safe(cls));
	} else {
		printf("%s%s: %ld rows changed\n", dry ? "dry run: " : "", action, changed);
	}
}

/* An export over the data it is read from, or over its label journal,
 * would replace them (the journal's every label, the data's lines by
 * label<TAB>line): refused before anything is read or written. LL_OK or
 * LL_EUSAGE naming out. */
static int export_clobbers(const char *data, const char *journal, const char *out, struct ll_err *err)
{
	struct stat st;
	if (stat(out, &st) != 0 || !S_ISREG(st.st_mode))
		return LL_OK;
	if (ll_same_path(out, data))
		return ll_err_set(err, LL_EUSAGE, "%s: --export would overwrite the data being labelled; name another file",
				  cli_safe(out));
	if (ll_same_path(out, journal))
		return ll_err_set(err, LL_EUSAGE, "%s: --export would overwrite the label journal; name another file",
				  cli_safe(out));
	return LL_OK;
}

/* Writes label<TAB>line for every row to path atomically (a device or FIFO
 * such as /dev/stdout in place: ll_out_open). */
static int export_labels(struct ds_dataset *ds, struct ll_labels *l, const char *path, struct ll_err *err)
{
	struct ll_out o;
	int rc = ll_out_open(&o, path, err);
	if (rc != LL_OK)
		return rc;
	FILE *f = fdopen(o.fd, "w");
	if (!f) {
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write", path);
		ll_out_abort(&o);
		return rc;
	}
	o.fd = -1; /* f owns it now */
	char *buf = malloc(4096);
	size_t cap = 4096;
	rc = buf ? LL_OK : ll_err_set(err, LL_ENOMEM, "out of memory");
	/* the marker makes the file reopen as labels, however few it holds */
	fputs(DS_LABELS_MARKER "\n", f);
	for (size_t i = 0; rc == LL_OK && i < ll_labels_nrows(l); i++) {
		const char *text = row_text(ds, i, &buf, &cap);
		if (!text) {
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
			break;
		}
		int cls = ll_labels_get(l, i);
		fprintf(f, "%s\t%s\n", cls >= 0 ? ll_labels_class_name(l, (size_t)cls) : "", text);
	}
	free(buf);
	if (fflush(f) != 0 || ferror(f) || (o.tmp && fsync(fileno(f)) != 0)) {
		if (rc == LL_OK)
			rc = ll_err_errno(err, LL_EIO, errno, "%s: write failed", path);
	}
	if (fclose(f) != 0 && rc == LL_OK)
		rc = ll_err_errno(err, LL_EIO, errno, "%s: write failed", path);
	if (rc == LL_OK)
		return ll_out_commit(&o, path, err);
	ll_out_abort(&o);
	return rc;
}

/* Hash table from row text hash to rows, for --import by content. */
struct row_index {
	size_t *head, *next, nb;
	uint32_t *hash;
};

static int build_row_index(struct ds_dataset *ds, size_t n, struct row_index *ix)
{
	ix->nb = 1;
	while (ix->nb < n * 2)
		ix->nb *= 2;
	ix->head = malloc(ix->nb * sizeof *ix->head);
	ix->next = malloc((n ? n : 1) * sizeof *ix->next);
	ix->hash = malloc((n ? n : 1) * sizeof *ix->hash);
	if (!ix->head || !ix->next || !ix->hash)
		return LL_ENOMEM;
	for (size_t b = 0; b < ix->nb; b++)
		ix->head[b] = (size_t)-1;
	for (size_t i = n; i-- > 0;) {
		uint32_t h = ds_labels_row_hash(ds, i);
		ix->hash[i] = h;
		ix->next[i] = ix->head[h & (ix->nb - 1)];
		ix->head[h & (ix->nb - 1)] = i;
	}
	return LL_OK;
}

static void free_row_index(struct row_index *ix)
{
	free(ix->head);
	free(ix->next);
	free(ix->hash);
}

/* Grows the (row, class) pairs of an import. */
static int grow_pairs(size_t **rows, int **cls, size_t *cap)
{
	size_t n = *cap ? 2 * *cap : 4096;
	size_t *r = realloc(*rows, n * sizeof *r);
	if (!r)
		return LL_ENOMEM;
	*rows = r;
	int *c = realloc(*cls, n * sizeof *c);
	if (!c)
		return LL_ENOMEM;
	*cls = c;
	*cap = n;
	return LL_OK;
}

/* --import: every label of the other file, as one action. */
static int import_labels(struct ds_dataset *ds, struct ll_labels *l, const char *path, int dry, int json,
			 struct ll_err *err)
{
	struct ds_open_opts o = {0};
	struct ds_dataset *src;
	int rc = ds_dataset_open(&src, path, &o, err);
	if (rc != LL_OK)
		return rc;
	while (!ds_dataset_complete(src))
		usleep(2000);
	if ((rc = ds_dataset_status(src, err)) != LL_OK) {
		ds_dataset_close(src);
		return rc;
	}
	size_t n = ll_labels_nrows(l), m = ds_dataset_nrows(src);
	int positional = n == m;
	struct row_index ix = {0};
	char *a = malloc(4096), *b = malloc(4096);
	size_t acap = 4096, bcap = 4096;
	if (!a || !b) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto out;
	}
	/* Positional only when every line is the same text. */
	for (size_t i = 0; positional && i < n; i++) {
		const char *ta = row_text(ds, i, &a, &acap);
		char *tb = NULL;
		size_t bn = ds_dataset_row_text(src, i, NULL, 0);
		if (bn >= bcap) {
			char *p = realloc(b, bn + 1);
			if (!p) {
				rc = ll_err_set(err, LL_ENOMEM, "out of memory");
				goto out;
			}
			b = p;
			bcap = bn + 1;
		}
		/* a labelled file's row text is its message; compare that */
		int mc = ds_dataset_ncols(src) > 1 ? 1 : 0;
		ds_dataset_cell(src, i, (size_t)mc, b, bcap);
		tb = b;
		if (!ta || strcmp(ta, tb) != 0)
			positional = 0;
	}
	if (!positional && (rc = build_row_index(ds, n, &ix)) != LL_OK) {
		ll_err_set(err, rc, "out of memory indexing %zu rows", n);
		goto out;
	}
	/* One pass over the other file, one action for all its labels: one
	 * fdatasync and one undo step, however many classes it has. */
	size_t nsrc = ds_dataset_nclasses(src), matched = 0, cap = 0;
	int *cls_of = malloc((nsrc ? nsrc : 1) * sizeof *cls_of), *tcls = NULL;
	size_t *trows = NULL;
	if (!cls_of) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t k = 0; k < nsrc; k++)
		cls_of[k] = -2; /* not looked up yet */
	int mc = ds_dataset_ncols(src) > 1 ? 1 : 0;
	for (size_t i = 0; rc == LL_OK && i < m; i++) {
		int k = ds_dataset_label(src, i);
		if (k < 0 || (size_t)k >= nsrc)
			continue;
		if (cls_of[k] == -2 && (cls_of[k] = ll_labels_class_id(l, ds_dataset_class_name(src, (size_t)k))) < 0) {
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
			break;
		}
		size_t from = matched;
		if (positional) {
			if (matched == cap && grow_pairs(&trows, &tcls, &cap) != LL_OK)
				rc = ll_err_set(err, LL_ENOMEM, "out of memory");
			else
				trows[matched++] = i;
		} else {
			size_t bn = ds_dataset_cell(src, i, (size_t)mc, b, bcap);
			if (bn >= bcap) {
				char *p = realloc(b, bn + 1);
				if (!p) {
					rc = ll_err_set(err, LL_ENOMEM, "out of memory");
					break;
				}
				b = p;
				bcap = bn + 1;
				ds_dataset_cell(src, i, (size_t)mc, b, bcap);
			}
			uint32_t h = ll_line_hash(b, bn);
			for (size_t r = ix.head[h & (ix.nb - 1)]; rc == LL_OK && r != (size_t)-1; r = ix.next[r]) {
				if (ix.hash[r] != h || strcmp(row_text(ds, r, &a, &acap), b) != 0)
					continue;
				if (matched == cap && grow_pairs(&trows, &tcls, &cap) != LL_OK)
					rc = ll_err_set(err, LL_ENOMEM, "out of memory");
				else
					trows[matched++] = r;
			}
		}
		for (size_t q = from; q < matched; q++)
			tcls[q] = cls_of[k];
	}
	long total_changed = 0;
	if (rc == LL_OK && dry) {
		for (size_t q = 0; q < matched; q++)
			total_changed += ll_labels_get(l, trows[q]) != tcls[q];
	} else if (rc == LL_OK) {
		total_changed = ll_labels_apply_each(l, trows, tcls, matched, "import", err);
		if (total_changed < 0)
			rc = (int)total_changed;
	}
	free(cls_of);
	free(trows);
	free(tcls);
	if (rc != LL_OK)
		goto out;
	print_result(positional ? "import (row by row)" : "import (by line text)", NULL, matched, total_changed, dry,
		     json);
out:
	free(a);
	free(b);
	free_row_index(&ix);
	ds_dataset_close(src);
	return rc;
}

struct tpl_entry {
	long id;
	uint64_t count;
};

static int by_count_desc(const void *pa, const void *pb)
{
	const struct tpl_entry *x = pa, *y = pb;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Templates by count with the label mix of their rows. */
static int list_templates(struct ll_labels *l, struct ds_templates *t, int top, int json, struct ll_err *err)
{
	size_t nt = ll_tpl_count(t->tpl), nc = ll_labels_nclasses(l);
	struct tpl_entry *e = malloc((nt ? nt : 1) * sizeof *e);
	/* mix[id * (nc + 1) + k]: rows of template id with class k; slot nc = unlabelled */
	size_t *mix = calloc((nt ? nt : 1) * (nc + 1), sizeof *mix);
	if (!e || !mix) {
		free(e);
		free(mix);
		return ll_err_set(err, LL_ENOMEM, "out of memory listing %zu templates", nt);
	}
	for (size_t i = 0; i < t->nrows; i++) {
		int cls = ll_labels_get(l, i);
		mix[(size_t)t->ids[i] * (nc + 1) + (cls >= 0 ? (size_t)cls : nc)]++;
	}
	for (size_t k = 0; k < nt; k++)
		e[k] = (struct tpl_entry){(long)k, 0};
	for (size_t i = 0; i < t->nrows; i++)
		e[t->ids[i]].count++;
	qsort(e, nt, sizeof *e, by_count_desc);
	size_t shown = top > 0 && (size_t)top < nt ? (size_t)top : nt;
	char text[2048];
	cJSON *arr = json ? cJSON_CreateArray() : NULL;
	if (!json)
		printf("%8s %8s  %-30s %s\n", "id", "lines", "labels", "template");
	for (size_t r = 0; r < shown; r++) {
		long id = e[r].id;
		ll_tpl_text(t->tpl, id, text, sizeof text);
		const size_t *m = &mix[(size_t)id * (nc + 1)];
		if (json) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "id", (double)id);
			cJSON_AddNumberToObject(o, "lines", (double)e[r].count);
			cJSON_AddStringToObject(o, "template", text);
			cJSON *lab = cJSON_AddObjectToObject(o, "labels");
			for (size_t k = 0; k < nc; k++)
				if (m[k])
					cJSON_AddNumberToObject(lab, ll_labels_class_name(l, k), (double)m[k]);
			if (m[nc])
				cJSON_AddNumberToObject(o, "unlabelled", (double)m[nc]);
			cJSON_AddItemToArray(arr, o);
		} else {
			char mixbuf[256] = "";
			size_t used = 0;
			for (size_t k = 0; k <= nc && used < sizeof mixbuf; k++)
				if (m[k])
					used += (size_t)snprintf(mixbuf + used, sizeof mixbuf - used, "%s%s:%zu",
								 used ? " " : "", k < nc ? ll_labels_class_name(l, k) : "-",
								 m[k]);
			printf("%8ld %8llu  %-30s %s\n", id, (unsigned long long)e[r].count, cli_safe(mixbuf), cli_safe(text));
		}
	}
	if (json) {
		char *txt = cJSON_Print(arr);
		puts(txt);
		free(txt);
		cJSON_Delete(arr);
	} else if (shown < nt) {
		printf("... %zu more templates (--top shows more)\n", nt - shown);
	}
	free(e);
	free(mix);
	return LL_OK;
}

int cli_label(int argc, char **argv)
{
	static const struct option opts[] = {
		{"match", required_argument, NULL, 'm'}, {"ignore-case", no_argument, NULL, 'i'},
		{"rows", required_argument, NULL, 'r'}, {"set", required_argument, NULL, 's'},
		{"unset", no_argument, NULL, 'U'}, {"undo", no_argument, NULL, 'u'},
		{"redo", no_argument, NULL, 'R'}, {"export", required_argument, NULL, 'e'},
		{"import", required_argument, NULL, 'I'}, {"compact", no_argument, NULL, 'C'},
		{"dry-run", no_argument, NULL, 'n'}, {"journal", required_argument, NULL, 'J'},
		{"format", required_argument, NULL, 'f'}, {"json", no_argument, NULL, 'j'},
		{"template", required_argument, NULL, 't'}, {"templates", no_argument, NULL, 'T'},
		{"top", required_argument, NULL, 'N'}, {"per-line", no_argument, NULL, 'P'},
		{"header", required_argument, NULL, 'H'},
		{"top", required_argument, NULL, 'N'}, {"new-class", no_argument, NULL, 'K'},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	struct label_args a = {.template_id = -1};
	char *endp;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "m:ir:s:ue:nJ:f:jht:T", opts, NULL)) != -1) {
		switch (c) {
		case 'm': a.match = optarg; break;
		case 'i': a.icase = 1; break;
		case 'r': a.rows = optarg; break;
		case 's': a.set = optarg; break;
		case 'U': a.unset = 1; break;
		case 'u': a.undo = 1; break;
		case 'R': a.redo = 1; break;
		case 'e': a.export_path = optarg; break;
		case 'I': a.import_path = optarg; break;
		case 'C': a.compact = 1; break;
		case 'n': a.dry_run = 1; break;
		case 'J': a.journal = optarg; break;
		case 'f': a.format = optarg; break;
		case 'j': a.json = 1; break;
		case 't':
			a.template_id = strtol(optarg, &endp, 10);
			if (endp == optarg || *endp || a.template_id < 0) {
				fprintf(stderr, "%s label: --template wants a template id (a number), got '%s'\n",
					cli_progname, cli_safe(optarg));
				return 1;
			}
			break;
		case 'T': a.list_templates = 1; break;
		case 'P': a.per_line = 1; break;
		case 'H': a.header = optarg; break;
		case 'K': a.new_class = 1; break;
		case 'N':
			a.top = (int)strtol(optarg, &endp, 10);
			if (endp == optarg || *endp || a.top <= 0) {
				fprintf(stderr, "%s label: --top wants a positive number\n", cli_progname);
				return 1;
			}
			break;
		case 'h': label_usage(stdout); return 0;
		default: label_usage(stderr); return 1;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "%s label: exactly one PATH expected\n", cli_progname);
		label_usage(stderr);
		return 1;
	}
	a.path = argv[optind];
	int changing = (a.set || a.unset);
	int actions = changing + a.undo + a.redo + !!a.export_path + !!a.import_path + a.compact + a.list_templates;
	if (actions > 1) {
		fprintf(stderr, "%s label: give one action at a time (--set/--unset, --undo, --redo, --export, --import, --compact)\n",
			cli_progname);
		return 1;
	}
	if (a.per_line && !a.list_templates) {
		fprintf(stderr, "%s label: --per-line goes with --templates\n", cli_progname);
		return 1;
	}
	if (a.per_line && a.top) {
		fprintf(stderr, "%s label: --per-line lists every row; --top does not apply\n", cli_progname);
		return 1;
	}
	int selecting = a.match || a.rows || a.template_id >= 0;
	if (selecting && !changing) {
		fprintf(stderr, "%s label: --match, --rows and --template select rows for --set CLASS or --unset\n",
			cli_progname);
		return 1;
	}
	if (changing && !selecting) {
		fprintf(stderr, "%s label: say which rows: --match REGEX, --rows A-B or --template ID\n", cli_progname);
		return 1;
	}
	if (a.new_class && !a.set) {
		fprintf(stderr, "%s label: --new-class goes with --set CLASS\n", cli_progname);
		return 1;
	}
	if (a.set && a.unset) {
		fprintf(stderr, "%s label: --set and --unset exclude each other\n", cli_progname);
		return 1;
	}
	if (a.set && (!*a.set || strpbrk(a.set, "\t\n\r"))) {
		fprintf(stderr, "%s label: a class name must be non-empty, without tabs or newlines\n", cli_progname);
		return 1;
	}
	regex_t re;
	int have_re = 0;
	if (a.match) {
		int e = regcomp(&re, a.match, REG_EXTENDED | REG_NOSUB | (a.icase ? REG_ICASE : 0));
		if (e) {
			char msg[256];
			regerror(e, &re, msg, sizeof msg);
			fprintf(stderr, "%s label: bad --match regex '%s': %s\n", cli_progname, cli_safe(a.match), msg);
			return 1;
		}
		have_re = 1;
	}
	struct ll_err err;
	ll_err_clear(&err);
	struct ds_open_opts o = {.format = a.format, .header = a.header};
	struct ds_dataset *ds = NULL;
	struct ll_labels *l = NULL;
	struct ds_templates *tpl = NULL;
	size_t *rows = NULL;
	char *buf = NULL, *jpath = NULL;
	struct ds_workspace *ws = NULL;
	/* a dataset of the workspace named where no file is, or the file of
	 * one with a label file: its file, format and label file, as training
	 * and review read it */
	const struct ds_ws_dataset *wsd = !a.format && !a.header ? cli_ws_dataset("label", a.path, &ws) : NULL;
	if (wsd) {
		a.path = wsd->path;
		o.format = wsd->format;
		o.labels = wsd->labels;
	}
	int rc = ds_dataset_open(&ds, a.path, &o, &err);
	if (rc != LL_OK)
		goto out;
	if (a.per_line) {
		/* the templates alone: the label journal is not read */
		rc = ds_templates_mine(ds, NULL, &tpl, NULL, NULL, &err);
		if (rc == LL_OK)
			rc = cli_templates_per_line(tpl, a.json, &err);
		goto out;
	}
	int writable = (changing || a.undo || a.redo || a.import_path || a.compact) && !a.dry_run;
	/* standard input has no file to keep a journal beside: read only */
	int from_stdin = !a.journal && ds_stdin_is(a.path);
	if (from_stdin && writable) {
		rc = ds_labels_refuse_stdin(&err);
		goto out;
	}
	jpath = a.journal ? strdup(a.journal) : from_stdin ? strdup("none (standard input)") : ds_labels_default_path(a.path);
	if (!jpath) {
		rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
		goto out;
	}
	/* a fleet's labels go to its files' journals, said after they open */
	if (writable && !a.journal && !ds_dataset_is_fleet(ds) && ds_labels_kept_apart(a.path, jpath))
		fprintf(stderr, "%s: note: the folder of %s is read-only: labels kept in %s\n", cli_progname,
			cli_safe(a.path), cli_safe(jpath));
	/* Read first: the journal is created only by a change that passed
	 * every check (a refused class leaves no file behind). */
	rc = ds_labels_open(ds, from_stdin ? NULL : jpath, 0, &l, warn_stderr, NULL, &err);
	if (rc != LL_OK)
		goto out;
	if (writable && !a.journal && ll_labels_nparts(l))
		fleet_apart_note(ds);
	size_t n = ll_labels_nrows(l);
	if (a.template_id >= 0 || a.list_templates) {
		rc = ds_templates_mine(ds, NULL, &tpl, NULL, NULL, &err);
		if (rc != LL_OK)
			goto out;
		if (a.template_id >= 0 && (size_t)a.template_id >= ll_tpl_count(tpl->tpl)) {
			rc = ll_err_set(&err, LL_EUSAGE, "%s has templates 0..%zu; there is no template %ld", a.path,
					ll_tpl_count(tpl->tpl) - 1, a.template_id);
			goto out;
		}
	}
	if (changing) {
		size_t lo = 0, hi = n ? n - 1 : 0;
		if (a.rows) {
			int pr = parse_rows(a.rows, n, &lo, &hi);
			if (pr != 0) {
				rc = ll_err_set(&err, LL_EUSAGE,
						pr == -1   ? "--rows wants A-B, A- or N (1-based), got '%s'"
						: pr == -3 ? "--rows '%s' ends before it starts (A-B wants A <= B)"
							   : "--rows '%s' is outside the data's 1..%zu rows",
						a.rows, n);
				goto out;
			}
		}
		rows = malloc((n ? n : 1) * sizeof *rows);
		size_t cap = 4096;
		buf = malloc(cap);
		if (!rows || !buf) {
			rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
			goto out;
		}
		size_t nsel = 0;
		for (size_t i = lo; n && i <= hi; i++) {
			if (tpl && tpl->ids[i] != a.template_id)
				continue;
			if (have_re) {
				const char *t = row_text(ds, i, &buf, &cap);
				if (!t || regexec(&re, t, 0, NULL, 0) != 0)
					continue;
			}
			rows[nsel++] = i;
		}
		int cls = -1;
		if (a.set && !a.new_class && !ll_labels_class_known(l, a.set)) {
			char why[LL_ERR_MSG_MAX / 2];
			ll_labels_unknown_class_text(l, a.set, why, sizeof why);
			rc = ll_err_set(&err, LL_EUSAGE, "%s has %s; --new-class creates it", a.path, why);
			goto out;
		}
		if (writable && (rc = ll_labels_make_writable(l, &err)) != LL_OK)
			goto out;
		if (a.set && (cls = ll_labels_class_id(l, a.set)) < 0) {
			rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
			goto out;
		}
		long changed = 0;
		if (a.dry_run) {
			for (size_t i = 0; i < nsel; i++)
				changed += ll_labels_get(l, rows[i]) != cls;
		} else {
			changed = ll_labels_apply(l, rows, nsel, cls, a.template_id >= 0 ? "template" : "bulk", &err);
			if (changed < 0) {
				rc = (int)changed;
				goto out;
			}
		}
		print_result(a.set ? "set" : "unset", a.set ? a.set : "(unlabelled)", nsel, changed, a.dry_run, a.json);
	} else if (writable && (rc = ll_labels_make_writable(l, &err)) != LL_OK) {
		goto out;
	} else if (a.undo || a.redo) {
		if (a.dry_run) {
			print_result(a.undo ? "undo" : "redo", NULL, 0,
				     (a.undo ? ll_labels_can_undo(l) : ll_labels_can_redo(l)) ? 1 : 0, 1, a.json);
		} else {
			long ch = a.undo ? ll_labels_undo(l, &err) : ll_labels_redo(l, &err);
			if (ch < 0) {
				rc = (int)ch;
				goto out;
			}
			struct ll_labels_action_info info;
			if (ch == 0 && !a.json) {
				printf("nothing to %s\n", a.undo ? "undo" : "redo");
			} else if (!a.json && (a.undo ? ll_labels_redo_top(l, &info) : ll_labels_undo_top(l, &info))) {
				char when[32];
				time_t sec = (time_t)info.time;
				struct tm tm;
				gmtime_r(&sec, &tm);
				strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
				printf("%s: %ld rows changed (action %llu: %s by %s at %s UTC)\n", a.undo ? "undo" : "redo", ch,
				       (unsigned long long)info.group, cli_safe(info.source), cli_safe(info.user), when);
			} else {
				print_result(a.undo ? "undo" : "redo", NULL, 0, ch, 0, a.json);
			}
		}
	} else if (a.export_path) {
		rc = export_clobbers(a.path, from_stdin ? NULL : jpath, a.export_path, &err);
		if (rc == LL_OK)
			rc = export_labels(ds, l, a.export_path, &err);
		if (rc == LL_OK && !a.json)
			printf("exported %zu rows to %s\n", n, cli_safe(a.export_path));
		else if (rc == LL_OK)
			print_result("export", NULL, n, 0, 0, 1);
	} else if (a.import_path) {
		rc = import_labels(ds, l, a.import_path, a.dry_run, a.json, &err);
	} else if (a.list_templates) {
		rc = list_templates(l, tpl, a.top, a.json, &err);
	} else if (a.compact) {
		size_t before = 0, after = 0;
		rc = ll_labels_compact(l, &before, &after, &err);
		if (rc == LL_OK && !a.json)
			printf("compacted %s: %zu records -> %zu (one per changed row; undo history ends here)\n",
			       cli_safe(jpath), before, after);
		else if (rc == LL_OK)
			printf("{\"action\": \"compact\", \"records_before\": %zu, \"records_after\": %zu}\n", before, after);
	} else {
		print_summary(ds, l, from_stdin ? NULL : jpath, a.json, ws, wsd);
	}
out:
	if (have_re)
		regfree(&re);
	free(rows);
	free(buf);
	free(jpath);
	ds_templates_free(tpl);
	ll_labels_free(l);
	ds_dataset_close(ds);
	ds_workspace_free(ws);
	return rc == LL_OK ? 0 : cli_fail(rc, &err);
}
