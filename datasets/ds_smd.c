/*
 * ds_smd.c - the "smd" reader: the Server Machine Dataset (machine-N-N_*)
 * and the Application Server Dataset (omi-N_*) as OmniAnomaly and
 * InterFusion publish them.
 *
 * A file is a headerless all-numeric CSV, one row a minute, columns named
 * m1..mN (1-based so they match the dims of the interpretation labels).
 * For a test file the row labels come from X_test_label.csv beside it (one
 * 0/1 a row: "normal"/"anomaly"), and the anomalous segments with their
 * root-cause dimensions from the interpretation labels:
 *   SMD  <csvdir>/../ServerMachineDataset/interpretation_label/<machine>.txt
 *   ASD  <csvdir>/../interpretation_label/<entity>.txt  (+ ../anomaly_type.txt)
 * Each line is "start-end:d1,d2,...". The two datasets count end
 * differently, as their label files show: in SMD the row `end` is already
 * normal again (half-open, e.g. machine-1-6 246-252 marks rows 246..251), in
 * ASD it is the last anomalous row (omi-1 760-765 marks rows 760..765).
 */
#include "ds_csv.h"
#include "ll_time.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum smd_kind { KIND_NONE, KIND_SMD, KIND_ASD };

enum smd_part { PART_TRAIN, PART_TEST, PART_LABEL };

/* Parses "machine-1-6_test.csv" / "omi-3_train.csv[.gz]": kind, part and the
 * entity ("machine-1-6", "omi-3") into ent (cap bytes). */
static enum smd_kind parse_name(const char *path, enum smd_part *part, char *ent, size_t cap)
{
	const char *b = ds_csv_basename(path);
	enum smd_kind kind;
	const char *p;
	int groups;
	if (strncmp(b, "machine-", 8) == 0) {
		kind = KIND_SMD;
		p = b + 8;
		groups = 2;
	} else if (strncmp(b, "omi-", 4) == 0) {
		kind = KIND_ASD;
		p = b + 4;
		groups = 1;
	} else {
		return KIND_NONE;
	}
	for (int g = 0; g < groups; g++) {
		if (!isdigit((unsigned char)*p))
			return KIND_NONE;
		while (isdigit((unsigned char)*p))
			p++;
		if (g + 1 < groups && *p++ != '-')
			return KIND_NONE;
	}
	size_t elen = (size_t)(p - b);
	const char *rest = p;
	if (strcmp(rest, ".txt") == 0 || strcmp(rest, ".txt.gz") == 0) {
		/* the original layout: the part is the folder's name */
		char *dir = ds_csv_dirname(path);
		const char *folder = dir ? ds_csv_basename(dir) : "";
		int known = 1;
		if (strcmp(folder, "train") == 0)
			*part = PART_TRAIN;
		else if (strcmp(folder, "test") == 0)
			*part = PART_TEST;
		else if (strcmp(folder, "test_label") == 0)
			*part = PART_LABEL;
		else
			known = 0;
		free(dir);
		if (!known || elen >= cap)
			return KIND_NONE;
		memcpy(ent, b, elen);
		ent[elen] = '\0';
		return kind;
	}
	if (strcmp(rest, "_train.csv") == 0 || strcmp(rest, "_train.csv.gz") == 0)
		*part = PART_TRAIN;
	else if (strcmp(rest, "_test.csv") == 0 || strcmp(rest, "_test.csv.gz") == 0)
		*part = PART_TEST;
	else if (strcmp(rest, "_test_label.csv") == 0 || strcmp(rest, "_test_label.csv.gz") == 0)
		*part = PART_LABEL;
	else
		return KIND_NONE;
	if (elen >= cap)
		return KIND_NONE;
	memcpy(ent, b, elen);
	ent[elen] = '\0';
	return kind;
}

/* 1 when the first line is nothing but comma-separated numbers. */
static int first_line_numeric(const char *head, size_t n)
{
	size_t pos = 0, len;
	const char *line;
	if (!ds_source_next_line(head, n, &pos, &line, &len) || len == 0)
		return 0;
	size_t s = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || line[i] == ',') {
			double v;
			if (!ll_parse_number(line + s, i - s, &v))
				return 0;
			s = i + 1;
		}
	}
	return 1;
}

static int smd_sniff(const char *path, const char *head, size_t n)
{
	enum smd_part part;
	char ent[128];
	if (!path || parse_name(path, &part, ent, sizeof ent) == KIND_NONE)
		return 0;
	if (n == 0 || !ds_looks_like_text(head, n) || !first_line_numeric(head, n))
		return 0;
	return 90;
}

static int file_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Reads a 0/1-a-row label file into labels[] (malloc'd, *n entries). */
static int read_label_file(const char *path, unsigned char **labels, size_t *n, struct ll_err *err)
{
	struct ds_source *src;
	*labels = NULL;
	*n = 0;
	int rc = ds_source_open(&src, path, err);
	if (rc != LL_OK)
		return rc;
	size_t cap = 1024, pos = 0, lineno = 0, len;
	const char *line;
	unsigned char *l = malloc(cap);
	if (!l) {
		ds_source_close(src);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	while (ds_source_next_line(src->data, src->size, &pos, &line, &len)) {
		lineno++;
		double v;
		if (len == 0 || (len == 1 && line[0] == '\r'))
			continue;
		if (!ll_parse_number(line, len, &v) || (v != 0 && v != 1)) {
			ll_err_set(err, LL_EDATA, "%s:%zu: expected a label 0 or 1, found '%.*s'", path, lineno,
				   (int)(len > 40 ? 40 : len), line);
			free(l);
			ds_source_close(src);
			return LL_EDATA;
		}
		if (*n == cap) {
			unsigned char *q = realloc(l, cap * 2);
			if (!q) {
				free(l);
				ds_source_close(src);
				return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
			}
			l = q;
			cap *= 2;
		}
		l[(*n)++] = v != 0;
	}
	ds_source_close(src);
	*labels = l;
	return LL_OK;
}

/* ASD's anomaly_type.txt: "omi-1,760-765,metric" → the type for (ent, range). */
static char *anomaly_type(const struct ds_source *types, const char *ent, const char *range, size_t rlen)
{
	size_t pos = 0, len, elen = strlen(ent);
	const char *line;
	while (ds_source_next_line(types->data, types->size, &pos, &line, &len)) {
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (len <= elen + 1 + rlen + 1 || memcmp(line, ent, elen) != 0 || line[elen] != ',' ||
		    memcmp(line + elen + 1, range, rlen) != 0 || line[elen + 1 + rlen] != ',')
			continue;
		const char *t = line + elen + 1 + rlen + 1;
		return strndup(t, len - (size_t)(t - line));
	}
	return NULL;
}

/* Adds the interpretation labels of ent as segments. A line that is not
 * "start-end:d1,d2,..." with start <= end, rows of the table and dims of
 * its columns (1..ndims_max; 0: no limit, for the label file) is a data
 * error naming the file and line: skipping it would show a segment fewer
 * and root causes missing without a word. */
static int add_segments(struct ll_table *t, enum smd_kind kind, const char *csvdir, const char *ent,
			const char *given, size_t ndims_max, struct ll_err *err)
{
	char ipath[4096] = "", tpath[4096], tried[4 * 4096 + 16] = "";
	const char *forms[] = {"%s/interpretation_label/%s.txt", "%s/../interpretation_label/%s.txt",
			       "%s/../ServerMachineDataset/interpretation_label/%s.txt"};
	if (given && *given) {
		snprintf(ipath, sizeof ipath, "%s", given);
		if (!file_exists(ipath))
			return ll_err_set(err, LL_EIO, "%s: interpretation labels not found (the dataset's \"interpretation\")",
					  ipath);
	}
	for (size_t i = 0; !ipath[0] && i < sizeof forms / sizeof *forms; i++) {
		char cand[4096];
		snprintf(cand, sizeof cand, forms[i], csvdir, ent);
		if (file_exists(cand))
			snprintf(ipath, sizeof ipath, "%s", cand);
		else
			snprintf(tried + strlen(tried), sizeof tried - strlen(tried), "%s%s", i ? ", " : "", cand);
	}
	snprintf(tpath, sizeof tpath, "%s/../anomaly_type.txt", csvdir);
	(void)kind;
	if (!ipath[0]) {
		ll_table_note(t, "no interpretation labels for %s (no segments, no HitRate); tried %s", ent, tried);
		return LL_OK;
	}
	struct ds_source *src, *types = NULL;
	int rc = ds_source_open(&src, ipath, err);
	if (rc != LL_OK)
		return rc;
	if (kind == KIND_ASD && file_exists(tpath) && ds_source_open(&types, tpath, NULL) != LL_OK)
		types = NULL;
	size_t pos = 0, len, lineno = 0, nrows = ll_table_nrows(t);
	const char *line;
	int *dims = NULL;
	size_t dcap = 0;
	rc = LL_OK;
	while (ds_source_next_line(src->data, src->size, &pos, &line, &len)) {
		lineno++;
		while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
			len--;
		if (len == 0)
			continue;
		/* start-end:d1,d2,... */
		char buf[8192];
		if (len >= sizeof buf) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: a line of %zu bytes is no interpretation label", ipath, lineno,
					len);
			goto out;
		}
		memcpy(buf, line, len);
		buf[len] = '\0';
		char *colon = strchr(buf, ':'), *end;
		unsigned long a = strtoul(buf, &end, 10), b = 0;
		int ok = colon && end != buf && *end == '-';
		if (ok) {
			b = strtoul(end + 1, &end, 10);
			ok = end == colon && b >= a;
		}
		if (!ok) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: `%.60s` is not start-end:d1,d2,...%s", ipath, lineno, buf,
					colon && end == colon && b < a ? " (the segment ends before it starts)" : "");
			goto out;
		}
		size_t nd = 0;
		for (char *p = colon + 1; ok && *p;) {
			char *e;
			if (!isdigit((unsigned char)*p)) {
				ok = 0;
				break;
			}
			unsigned long d = strtoul(p, &e, 10);
			if (d < 1 || (ndims_max && d > ndims_max)) {
				rc = ll_err_set(err, LL_EDATA, "%s:%zu: dimension %lu is not a column of the data (1..%zu)", ipath,
						lineno, d, ndims_max);
				goto out;
			}
			if (nd == dcap) {
				size_t nc = dcap ? dcap * 2 : 32;
				int *q = realloc(dims, nc * sizeof *q);
				if (!q) {
					rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", ipath);
					goto out;
				}
				dims = q;
				dcap = nc;
			}
			dims[nd++] = (int)d;
			p = *e == ',' ? e + 1 : e;
			if (*e && *e != ',')
				ok = 0;
		}
		size_t last = kind == KIND_SMD ? (b > a ? b - 1 : a) : b;
		if (!ok) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: `%.60s` is not start-end:d1,d2,...", ipath, lineno, buf);
			goto out;
		}
		if (last >= nrows) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: rows %lu-%lu run past the data's last row (%zu rows)", ipath,
					lineno, a, b, nrows);
			goto out;
		}
		char *tag = types ? anomaly_type(types, ent, buf, (size_t)(colon - buf)) : NULL;
		rc = ll_table_add_segment(t, a, last, dims, nd, tag);
		free(tag);
		if (rc != LL_OK) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", ipath);
			goto out;
		}
	}
out:
	free(dims);
	ds_source_close(src);
	if (types)
		ds_source_close(types);
	return rc;
}

static int smd_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		    struct ll_err *err)
{
	*out = NULL;
	const char *path = src->path;
	enum smd_part part = PART_TRAIN;
	char ent[128] = "";
	enum smd_kind kind = parse_name(path, &part, ent, sizeof ent);
	/* Layout: as many columns as the first non-blank record has. */
	struct ds_csv_tok tk;
	ds_csv_tok_init(&tk, src->data, src->size, 0, 1, ',', 0);
	int rc;
	while ((rc = ds_csv_next(&tk, path, err)) == 1 && ds_csv_blank(&tk))
		;
	size_t ncols = rc == 1 ? tk.nf : 0;
	ds_csv_tok_free(&tk);
	if (rc < 0)
		return rc;
	struct ds_csv_layout lay = {0};
	if (ds_csv_layout_init(&lay, ncols) != LL_OK)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	lay.path = path;
	lay.delim = ',';
	lay.body_line = 1;
	lay.default_year = opts->default_year;
	for (size_t c = 0; c < ncols && rc >= 0; c++) {
		char nm[32];
		if (part == PART_LABEL && ncols == 1)
			snprintf(nm, sizeof nm, "label");
		else
			snprintf(nm, sizeof nm, "m%zu", c + 1);
		rc = ds_csv_layout_name(&lay, c, nm, strlen(nm));
	}
	if (rc < 0) {
		ds_csv_layout_free(&lay);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	struct ll_table *t;
	rc = ds_csv_fill(&lay, src->data, src->size, &t, err);
	ds_csv_layout_free(&lay);
	if (rc != LL_OK)
		return rc;
	char *dir = ds_csv_dirname(path);
	char lpath[4096];
	const char *label_path = NULL;
	if (!dir) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		goto fail;
	}
	if (opts->labels) {
		label_path = opts->labels;
	} else if (part == PART_LABEL) {
		label_path = path;
	} else if (part == PART_TEST) {
		const char *b = ds_csv_basename(path);
		int original = strstr(b, "_test") == NULL;
		if (original)
			snprintf(lpath, sizeof lpath, "%s/../test_label/%s.txt", dir, ent);
		else
			snprintf(lpath, sizeof lpath, "%s/%s_test_label.csv", dir, ent);
		if (file_exists(lpath))
			label_path = lpath;
		else
			ll_table_note(t, "%s: no label file %s beside it; rows unlabelled", path, lpath);
	}
	if (label_path) {
		unsigned char *labels;
		size_t nl, nrows = ll_table_nrows(t);
		if ((rc = read_label_file(label_path, &labels, &nl, err)) != LL_OK)
			goto fail;
		if (nl != nrows) {
			free(labels);
			rc = ll_err_set(err, LL_EDATA, "%s has %zu rows but its label file %s has %zu labels", path, nrows,
					label_path, nl);
			goto fail;
		}
		/* normal first, so class ids are the same for every file */
		int cn = ll_table_class_id(t, "normal", 6), ca = ll_table_class_id(t, "anomaly", 7);
		if (cn < 0 || ca < 0) {
			free(labels);
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
			goto fail;
		}
		for (size_t i = 0; i < nrows; i++)
			ll_table_set_label(t, i, labels[i] ? ca : cn);
		free(labels);
	}
	if (kind != KIND_NONE && part != PART_TRAIN &&
	    (rc = add_segments(t, kind, dir, ent, opts->interpretation, part == PART_LABEL ? 0 : ll_table_ncols(t),
			       err)) != LL_OK)
		goto fail;
	free(dir);
	*out = t;
	return LL_OK;
fail:
	free(dir);
	ll_table_free(t);
	return rc;
}

const struct ds_reader ds_smd_reader = {
	.name = "smd",
	.summary = "SMD / ASD multivariate metrics (no header) with test labels and interpretation segments",
	.sniff = smd_sniff,
	.load = smd_load,
	.line = NULL,
	.own_labels = 1,
};
