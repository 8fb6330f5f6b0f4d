/*
 * ds_tabtail.c - new rows of a followed table joining its loaded table
 * (see ds_tabtail.h).
 *
 * Each batch of new lines is read into a small table of its own (the CSV
 * layout kept from opening, or the jsonl reader), whose rows are then
 * copied over by column name, as ds_tail.c does for a log's lines. Only
 * the batch is held: memory per refresh is bounded by the batch the
 * follower hands (ds_dataset.c's TAIL_BATCH_BYTES).
 */
#include "ds_tabtail.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ds_csv.h"
#include "ds_reader.h"
#include "ds_source.h"
#include "ll_time.h"

/* Lines of a JSON Lines file looked at to learn whether its records are
 * its rows. */
#define PROBE_LINES 16

enum { NOTE_CELLS, NOTE_ROWS, NOTE_KEYS, NNOTES };

struct ds_tabtail {
	char *path;
	char *label_column;
	int year;
	int jsonl;                  /* else a CSV read through lay */
	struct ds_csv_layout *lay;
	/* per layout column: 1 while its type is the loader's guess for a
	 * column without a value (a table opened with its header alone, as a
	 * sampler writes it when it starts): the first rows with values
	 * settle it, as opening would have */
	unsigned char *unsettled;
	size_t nunsettled;
	size_t line;                /* the file's line of the next byte handed */
	struct ds_tabtail_misfits m;
	char note[NNOTES][LL_ERR_MSG_MAX];
	/* JSON Lines: the batch's records, one a line, and each one's line
	 * in the file */
	char *buf;
	size_t len, cap;
	size_t *lines;
	size_t nlines, lcap;
};

/* s[0, n) as a note can show it: control and non-ASCII bytes as '?'
 * (appended junk is rarely text), cut to fit cap. */
static void shown(char *dst, size_t cap, const char *s, size_t n)
{
	size_t k = n < cap - 1 ? n : cap - 1;
	for (size_t i = 0; i < k; i++) {
		unsigned char c = (unsigned char)s[i];
		dst[i] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
	}
	dst[k] = '\0';
}

void ds_tabtail_misfit(struct ds_tabtail_misfits *m, const char *col, const char *s, size_t n, size_t line)
{
	if (!m)
		return;
	if (!m->cells++) {
		m->cell_line = line;
		shown(m->cell_col, sizeof m->cell_col, col, strlen(col));
		shown(m->cell_text, sizeof m->cell_text, s, n);
	}
}

void ds_tabtail_misfit_row(struct ds_tabtail_misfits *m, size_t line)
{
	if (m && !m->rows++)
		m->row_line = line;
}

/* A key the table has no column for, once by name. */
static void new_key(struct ds_tabtail_misfits *m, const char *name, size_t line)
{
	size_t n = strlen(name), have = strlen(m->key_names);
	/* already named: as a whole item of the list */
	for (const char *q = m->key_names; (q = strstr(q, name)) != NULL; q += n)
		if ((q == m->key_names || q[-1] == ' ') && (q[n] == ',' || q[n] == '\0'))
			return;
	if (!m->keys++)
		m->key_line = line;
	if (have + n + 3 < sizeof m->key_names)
		snprintf(m->key_names + have, sizeof m->key_names - have, "%s%s", have ? ", " : "", name);
	else if (have + 5 < sizeof m->key_names && !strstr(m->key_names, "..."))
		snprintf(m->key_names + have, sizeof m->key_names - have, ", ...");
}

void ds_tabtail_map(const struct ll_table *t, const struct ll_table *part, int same_type, long *cols)
{
	for (size_t c = 0; c < ll_table_ncols(t); c++) {
		int k = ll_table_find_column(part, ll_table_col_name(t, c));
		cols[c] = k >= 0 && (!same_type || ll_table_col_type(part, (size_t)k) == ll_table_col_type(t, c)) ? k : -1;
	}
}

/* Column c of t's cell in row from part's column k, converted. */
static int put_cell(struct ll_table *t, size_t row, size_t c, const struct ll_table *part, size_t from, size_t k,
		    int year, struct ds_tabtail_misfits *m, size_t line)
{
	enum ll_coltype to = ll_table_col_type(t, c), is = ll_table_col_type(part, k);
	if (to == LL_COL_TEXT) {
		if (is == LL_COL_TEXT) {
			const char *s = ll_table_text(part, from, k);
			return ll_table_set_text(t, row, c, s, strlen(s));
		}
		char buf[64];
		size_t n = isnan(ll_table_num(part, from, k)) ? 0 : ll_table_format_cell(part, from, k, buf, sizeof buf);
		return ll_table_set_text(t, row, c, buf, n < sizeof buf ? n : sizeof buf - 1);
	}
	double v = NAN;
	int ok = 1;
	if (is == to) {
		v = ll_table_num(part, from, k);
	} else if (is == LL_COL_TEXT) {
		const char *s = ll_table_text(part, from, k);
		size_t n = strlen(s);
		if (n && !ds_csv_no_value(s, n))
			ok = to == LL_COL_NUM ? ll_parse_number(s, n, &v) || ds_csv_people_number(s, n, &v)
					       : ds_csv_cell_time(s, n, year, &v);
		if (!ok)
			ds_tabtail_misfit(m, ll_table_col_name(t, c), s, n, line);
	} else if (!isnan(ll_table_num(part, from, k))) {
		/* a number where the column holds times: an epoch, else no time;
		 * a time where it holds numbers: none */
		double x = ll_table_num(part, from, k);
		ok = to == LL_COL_TIME && ds_csv_event_epoch(x, &v);
		if (!ok) {
			char buf[64];
			size_t n = ll_table_format_cell(part, from, k, buf, sizeof buf);
			ds_tabtail_misfit(m, ll_table_col_name(t, c), buf, n < sizeof buf ? n : sizeof buf - 1, line);
		}
	}
	return ll_table_set_num(t, row, c, ok ? v : NAN);
}

int ds_tabtail_copy_row(struct ll_table *t, size_t row, const struct ll_table *part, size_t from, const long *cols,
			int year, struct ds_tabtail_misfits *m, size_t line)
{
	for (size_t c = 0; c < ll_table_ncols(t); c++) {
		int rc;
		if (cols[c] >= 0)
			rc = put_cell(t, row, c, part, from, (size_t)cols[c], year, m, line);
		else if (ll_table_col_type(t, c) == LL_COL_TEXT)
			rc = ll_table_set_text(t, row, c, "", 0);
		else
			rc = ll_table_set_num(t, row, c, NAN);
		if (rc != LL_OK)
			return rc;
	}
	int cls = ll_table_label(part, from);
	if (cls != LL_NO_LABEL) {
		const char *name = ll_table_class_name(part, (size_t)cls);
		cls = ll_table_class_id(t, name, strlen(name));
		if (cls < 0)
			return cls;
	}
	return ll_table_set_label(t, row, cls);
}

/* ---- reading a batch ---- */

/* Reads the JSON Lines text[0, n) with the jsonl reader (as opening reads
 * a file) into *part. */
static int jsonl_part(const struct ds_tabtail *tt, const char *text, size_t n, struct ll_table **part,
		      struct ll_err *err)
{
	const struct ds_reader *r = ds_reader_find("jsonl");
	if (!r)
		return ll_err_set(err, LL_EUSAGE, "no jsonl reader");
	struct ds_source src = {0};
	src.path = tt->path;
	src.data = text;
	src.size = n;
	src.file_size = (off_t)n;
	src.mtime = (long long)time(NULL);
	struct ds_open_opts o = {0};
	o.format = "jsonl";
	o.default_year = tt->year;
	o.label_column = tt->label_column;
	o.entity = "none"; /* a batch of a long table stays long, as its columns say */
	return r->load(&src, &o, part, err);
}

/* 1 when line s[0, n) (no newline) is one JSON object and blanks. */
static int json_object_line(const char *s, size_t n)
{
	const char *end = NULL;
	cJSON *j = cJSON_ParseWithLengthOpts(s, n, &end, 0);
	int ok = j && cJSON_IsObject(j);
	cJSON_Delete(j);
	if (!ok || !end)
		return 0;
	for (const char *p = end; p < s + n; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\0')
			return 0;
	/* cJSON stops at a NUL: bytes after it are not blanks of the line */
	return memchr(s, '\0', n) == NULL;
}

static int blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* Keeps the records of bytes[0, n) in tt->buf, a line each, their file
 * lines in tt->lines; tallies the other lines but blanks. */
static int gather_records(struct ds_tabtail *tt, const char *bytes, size_t n)
{
	tt->len = 0;
	tt->nlines = 0;
	size_t line = tt->line;
	for (size_t at = 0; at < n; line++) {
		const char *nl = memchr(bytes + at, '\n', n - at);
		size_t len = nl ? (size_t)(nl - (bytes + at)) : n - at;
		const char *s = bytes + at;
		at += len + 1;
		if (blank_line(s, len))
			continue;
		if (!json_object_line(s, len)) {
			ds_tabtail_misfit_row(&tt->m, line);
			continue;
		}
		if (tt->len + len + 1 > tt->cap) {
			size_t cap = tt->cap ? tt->cap : 65536;
			while (cap < tt->len + len + 1)
				cap *= 2;
			char *b = realloc(tt->buf, cap);
			if (!b)
				return LL_ENOMEM;
			tt->buf = b;
			tt->cap = cap;
		}
		if (tt->nlines == tt->lcap) {
			size_t cap = tt->lcap ? tt->lcap * 2 : 1024;
			size_t *l = realloc(tt->lines, cap * sizeof *l);
			if (!l)
				return LL_ENOMEM;
			tt->lines = l;
			tt->lcap = cap;
		}
		memcpy(tt->buf + tt->len, s, len);
		tt->len += len;
		tt->buf[tt->len++] = '\n';
		tt->lines[tt->nlines++] = line;
	}
	return LL_OK;
}

/* The string the JSON record rec (one line) holds under the flattened
 * key name ("a.b.c" as the reader names nested keys), NULL when none. */
static const char *record_string(const cJSON *rec, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, name);
	char part[256];
	for (const char *at = name; !v && rec && *at;) {
		size_t k = strcspn(at, ".");
		if (k >= sizeof part)
			return NULL;
		memcpy(part, at, k);
		part[k] = '\0';
		rec = cJSON_GetObjectItemCaseSensitive(rec, part);
		at += k + (at[k] == '.');
		if (!*at)
			v = rec;
	}
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A time the batch read where the table's column is text is the file's
 * text, as opening the file again shows it, not the time written anew
 * (in UTC, its zone lost): rec is the row's record line, n bytes. */
static int keep_time_text(struct ll_table *t, size_t row, const struct ll_table *part, const long *cols,
			  const char *rec, size_t n)
{
	cJSON *j = NULL;
	int rc = LL_OK;
	for (size_t c = 0; c < ll_table_ncols(t) && rc == LL_OK; c++) {
		if (cols[c] < 0 || ll_table_col_type(t, c) != LL_COL_TEXT ||
		    ll_table_col_type(part, (size_t)cols[c]) != LL_COL_TIME)
			continue;
		if (!j && !(j = cJSON_ParseWithLength(rec, n)))
			return LL_OK;
		const char *text = record_string(j, ll_table_col_name(part, (size_t)cols[c]));
		if (text)
			rc = ll_table_set_text(t, row, c, text, strlen(text));
	}
	cJSON_Delete(j);
	return rc;
}

/* Copies part's rows into t (the first into replace_row when that is a
 * row of t); lines: the file line of each row, or NULL (then line); recs
 * (JSON Lines, a record a row, NULL when not so): where each row's record
 * starts, one a line. */
static int copy_rows(struct ds_tabtail *tt, struct ll_table *t, const struct ll_table *part, const size_t *lines,
		     size_t line, size_t replace_row, size_t *added, const char *const *recs)
{
	size_t ncols = ll_table_ncols(t);
	long cols_small[64], *cols = ncols <= 64 ? cols_small : malloc(ncols * sizeof *cols);
	if (!cols)
		return LL_ENOMEM;
	ds_tabtail_map(t, part, 0, cols);
	size_t rows = ll_table_nrows(part);
	for (size_t k = 0; tt->jsonl && k < ll_table_ncols(part); k++) {
		if (ll_table_find_column(t, ll_table_col_name(part, k)) >= 0 || ll_table_label_source(part) == (int)k)
			continue;
		/* named with the line of its first value */
		size_t i = 0;
		while (i + 1 < rows && (ll_table_col_type(part, k) == LL_COL_TEXT ? !*ll_table_text(part, i, k)
										   : isnan(ll_table_num(part, i, k))))
			i++;
		new_key(&tt->m, ll_table_col_name(part, k), lines ? lines[i] : line);
	}
	int rc = LL_OK;
	for (size_t i = 0; i < rows && rc == LL_OK; i++) {
		long row;
		if (i == 0 && replace_row < ll_table_nrows(t)) {
			row = (long)replace_row;
		} else if ((row = ll_table_append_row(t)) < 0) {
			rc = (int)row;
			break;
		} else {
			++*added;
		}
		rc = ds_tabtail_copy_row(t, (size_t)row, part, i, cols, tt->year, &tt->m, lines ? lines[i] : line);
		if (rc == LL_OK && recs)
			rc = keep_time_text(t, (size_t)row, part, cols, recs[i], strcspn(recs[i], "\n"));
	}
	if (cols != cols_small)
		free(cols);
	return rc;
}

static size_t count_lines(const char *s, size_t n)
{
	size_t k = 0;
	for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + n - p))) != NULL; p++)
		k++;
	return k;
}

static int append_jsonl(struct ds_tabtail *tt, struct ll_table *t, const char *bytes, size_t n, size_t replace_row,
			size_t *added, struct ll_err *err)
{
	if (gather_records(tt, bytes, n) != LL_OK)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory reading its new lines", tt->path);
	if (!tt->nlines)
		return LL_OK;
	struct ll_table *part = NULL;
	struct ll_err e;
	ll_err_clear(&e);
	int rc = jsonl_part(tt, tt->buf, tt->len, &part, &e);
	if (rc == LL_OK) {
		/* a record a row, as the lines were gathered; else the lines
		 * are not known row by row and the batch's first one is named */
		int by_line = ll_table_nrows(part) == tt->nlines;
		const char **recs = by_line ? malloc(tt->nlines * sizeof *recs) : NULL;
		for (size_t i = 0, at = 0; recs && i < tt->nlines; i++) {
			recs[i] = tt->buf + at;
			at += strcspn(tt->buf + at, "\n") + 1;
		}
		rc = by_line && !recs ? LL_ENOMEM
				      : copy_rows(tt, t, part, by_line ? tt->lines : NULL, tt->lines[0], replace_row, added,
						  recs);
		free(recs);
		ll_table_free(part);
		return rc == LL_OK ? LL_OK : ll_err_set(err, rc, "%s: out of memory adding its new rows", tt->path);
	}
	if (rc != LL_EDATA)
		return ll_err_set(err, rc, "%s", e.msg);
	/* a record the reader refuses (a key twice, a number past a double)
	 * spoils only itself: read one at a time */
	size_t at = 0;
	for (size_t i = 0; i < tt->nlines; i++) {
		const char *s = tt->buf + at;
		size_t len = (size_t)((char *)memchr(s, '\n', tt->len - at) - s) + 1;
		at += len;
		ll_err_clear(&e);
		rc = jsonl_part(tt, s, len, &part, &e);
		if (rc == LL_EDATA) {
			ds_tabtail_misfit_row(&tt->m, tt->lines[i]);
			continue;
		}
		if (rc != LL_OK)
			return ll_err_set(err, rc, "%s", e.msg);
		rc = copy_rows(tt, t, part, NULL, tt->lines[i], i == 0 ? replace_row : SIZE_MAX, added,
			       ll_table_nrows(part) == 1 ? &s : NULL);
		ll_table_free(part);
		if (rc != LL_OK)
			return ll_err_set(err, rc, "%s: out of memory adding its new rows", tt->path);
	}
	return LL_OK;
}

/* Columns without a value so far take the type the batch's values say
 * (ds_csv_infer_type over them, as the loader's sample would), the
 * table's column converted (it holds no value to lose). */
static int settle_columns(struct ds_tabtail *tt, struct ll_table *t, const char *bytes, size_t n, struct ll_err *err)
{
	struct ds_csv_layout *lay = tt->lay;
	struct ds_csv_colstat *st = calloc(lay->ncols, sizeof *st);
	if (!st)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", tt->path);
	struct ds_csv_tok tk;
	ds_csv_tok_init(&tk, bytes, n, 0, tt->line, lay->delim, lay->line_mode);
	tk.comments = lay->comments;
	int rc = ds_csv_sample_skip(&tk, lay->ncols, st, 1000, lay->default_year, lay->parse_time, tt->path,
				    lay->header_cells, lay->header_lens, lay->header_n, err);
	ds_csv_tok_free(&tk);
	for (size_t c = 0; rc >= 0 && c < lay->ncols; c++) {
		if (!tt->unsettled[c] || !st[c].present)
			continue;
		enum ll_coltype type = ds_csv_infer_type(&st[c], lay->names[c]);
		char order = type == LL_COL_TEXT ? ds_csv_date_order_named(&st[c], lay->names[c]) : 0;
		if (order) {
			if (!lay->date_order && !(lay->date_order = calloc(lay->ncols, 1))) {
				rc = LL_ENOMEM;
				break;
			}
			lay->date_order[c] = order;
			type = LL_COL_TIME;
		}
		int tc = ll_table_find_column(t, lay->names[c]);
		if (tc >= 0 && type != ll_table_col_type(t, (size_t)tc)) {
			/* a number column of no value becomes text, then times */
			long k = ll_table_convert_column(t, (size_t)tc, LL_COL_TEXT);
			if (k >= 0 && type == LL_COL_TIME)
				k = ll_table_convert_column(t, (size_t)tc, LL_COL_TIME);
			if (k < 0) {
				rc = (int)k;
				break;
			}
		}
		lay->types[c] = type;
		tt->unsettled[c] = 0;
		tt->nunsettled--;
	}
	free(st);
	if (rc < 0)
		return err->code && rc != LL_ENOMEM ? rc : ll_err_set(err, rc, "%s: out of memory", tt->path);
	return LL_OK;
}

static int append_csv(struct ds_tabtail *tt, struct ll_table *t, const char *bytes, size_t n, size_t replace_row,
		      size_t *added, struct ll_err *err)
{
	struct ds_csv_layout *lay = tt->lay;
	if (tt->nunsettled) {
		int src = settle_columns(tt, t, bytes, n, err);
		if (src != LL_OK)
			return src;
	}
	lay->path = tt->path;
	lay->body_pos = 0;
	lay->body_line = tt->line;
	lay->keep_types = 1;
	lay->misfits = &tt->m;
	struct ll_table *part = NULL;
	int rc = ds_csv_fill(lay, bytes, n, &part, err);
	if (rc != LL_OK)
		return rc;
	size_t rows = ll_table_nrows(part);
	/* a Windows performance log's local times made UTC, as on opening */
	for (size_t i = 0; lay->pdh_col >= 0 && (size_t)lay->pdh_col < ll_table_ncols(part) &&
			   ll_table_col_type(part, (size_t)lay->pdh_col) == LL_COL_TIME && i < rows;
	     i++)
		ll_table_set_num(part, i, (size_t)lay->pdh_col,
				 ll_table_num(part, i, (size_t)lay->pdh_col) + 60.0 * lay->pdh_bias);
	rc = copy_rows(tt, t, part, NULL, tt->line, replace_row, added, NULL);
	ll_table_free(part);
	return rc == LL_OK ? LL_OK : ll_err_set(err, rc, "%s: out of memory adding its new rows", tt->path);
}

static void write_notes(struct ds_tabtail *tt);

int ds_tabtail_append(struct ds_tabtail *tt, struct ll_table *t, const char *bytes, size_t n, size_t replace_row,
		      size_t *added, struct ll_err *err)
{
	*added = 0;
	if (!n)
		return LL_OK;
	int rc = tt->jsonl ? append_jsonl(tt, t, bytes, n, replace_row, added, err)
			   : append_csv(tt, t, bytes, n, replace_row, added, err);
	tt->line += count_lines(bytes, n);
	write_notes(tt);
	return rc;
}

/* ---- setting up ---- */

/* 1 when every column of the jsonl reader's reading of the file's first
 * records is a column of t: its records are its rows (not a long table
 * made wide, nor keys renamed on opening). */
static int records_are_rows(const struct ds_tabtail *tt, const struct ll_table *t, const char *head, size_t n)
{
	size_t end = 0, lines = 0;
	while (end < n && lines < PROBE_LINES) {
		const char *nl = memchr(head + end, '\n', n - end);
		if (!nl)
			break;
		end = (size_t)(nl - head) + 1;
		lines++;
	}
	if (!end)
		return 1; /* nothing read yet: the columns come from the rows to come, none */
	struct ll_table *part = NULL;
	struct ll_err e;
	ll_err_clear(&e);
	if (jsonl_part(tt, head, end, &part, &e) != LL_OK)
		return 0;
	int all = 1;
	for (size_t k = 0; k < ll_table_ncols(part) && all; k++)
		all = ll_table_find_column(t, ll_table_col_name(part, k)) >= 0 || ll_table_label_source(part) == (int)k;
	ll_table_free(part);
	return all;
}

/* 1 when head[0, n) holds a complete line and its lines in the first
 * 64 KiB are each a JSON object (blank lines aside). */
static int object_lines(const char *head, size_t n)
{
	size_t at = 0, seen = 0;
	while (at < n && at < 65536) {
		const char *nl = memchr(head + at, '\n', n - at);
		if (!nl)
			break;
		size_t len = (size_t)(nl - (head + at));
		if (!blank_line(head + at, len)) {
			if (!json_object_line(head + at, len))
				return 0;
			seen++;
		}
		at += len + 1;
	}
	return seen > 0;
}

int ds_tabtail_new(struct ds_tabtail **out, const struct ll_table *t, const char *path, const char *reader,
		   struct ds_csv_layout *lay, const char *head, size_t nhead, int year, const char *label_column,
		   size_t next_line, struct ll_err *err)
{
	*out = NULL;
	/* a file of one record (or a few) on a line each is JSON Lines being
	 * written, though detection may call it a JSON document */
	int jsonl = strcmp(reader, "jsonl") == 0 || (strcmp(reader, "json") == 0 && object_lines(head, nhead));
	int csv = lay && (strcmp(reader, "csv") == 0 || strcmp(reader, "dstat") == 0);
	if (!jsonl && !csv) {
		ds_tabtail_layout_free(lay);
		return LL_OK;
	}
	struct ds_tabtail *tt = calloc(1, sizeof *tt);
	if (!tt || !(tt->path = strdup(path)) ||
	    (label_column && *label_column && !(tt->label_column = strdup(label_column)))) {
		if (tt)
			tt->lay = lay;
		ds_tabtail_free(tt);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	tt->jsonl = jsonl;
	tt->lay = jsonl ? NULL : lay;
	if (jsonl)
		ds_tabtail_layout_free(lay);
	tt->year = year;
	tt->line = next_line;
	int follows = 1;
	/* The columns of table and file are mostly in one order: each name is
	 * looked for first where the previous one was found, then by search.
	 * A search for every column cost columns^2 string comparisons (a CSV
	 * of 60,000 columns: 50 s before review printed anything). */
	long off = 0;
	if (csv) /* every column of the table is one the rows are read into */
		for (size_t c = 0; c < ll_table_ncols(t) && follows; c++) {
			const char *name = ll_table_col_name(t, c);
			long h = (long)c + off;
			int at = h >= 0 && (size_t)h < lay->ncols && strcmp(lay->names[h], name) == 0
				       ? (int)h
				       : ds_csv_named_col(lay, name);
			follows = at >= 0 && strcmp(lay->names[at], name) == 0;
			if (at >= 0)
				off = (long)at - (long)c;
		}
	else
		follows = records_are_rows(tt, t, head, nhead);
	if (follows && csv && !(tt->unsettled = calloc(lay->ncols ? lay->ncols : 1, 1)))
		follows = -1;
	off = 0;
	for (size_t c = 0; follows > 0 && csv && c < lay->ncols; c++) {
		/* a number column without a value in any row: the loader's guess */
		long h = (long)c + off;
		int tc = h >= 0 && (size_t)h < ll_table_ncols(t) && strcmp(ll_table_col_name(t, (size_t)h), lay->names[c]) == 0
			       ? (int)h
			       : ll_table_find_column(t, lay->names[c]);
		if (tc >= 0)
			off = (long)tc - (long)c;
		if (tc < 0 || lay->types[c] != LL_COL_NUM || ll_table_col_type(t, (size_t)tc) != LL_COL_NUM)
			continue;
		size_t r = 0, rows = ll_table_nrows(t);
		while (r < rows && isnan(ll_table_num(t, r, (size_t)tc)))
			r++;
		if (r == rows) {
			tt->unsettled[c] = 1;
			tt->nunsettled++;
		}
	}
	if (follows < 0) {
		ds_tabtail_free(tt);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	if (!follows) {
		ds_tabtail_free(tt);
		return LL_OK;
	}
	*out = tt;
	return LL_OK;
}

void ds_tabtail_layout_free(struct ds_csv_layout *lay)
{
	if (!lay)
		return;
	ds_csv_layout_free(lay);
	free(lay);
}

int ds_tabtail_is_row(const struct ds_tabtail *tt, const char *s, size_t n)
{
	if (blank_line(s, n))
		return 0;
	if (tt->jsonl)
		return json_object_line(s, n);
	/* a comment line is no row either */
	return !(tt->lay->comments && s[0] == '#');
}

void ds_tabtail_free(struct ds_tabtail *tt)
{
	if (!tt)
		return;
	ds_tabtail_layout_free(tt->lay);
	free(tt->unsettled);
	free(tt->path);
	free(tt->label_column);
	free(tt->buf);
	free(tt->lines);
	free(tt);
}

/* ---- telling ---- */

const struct ds_tabtail_misfits *ds_tabtail_misfits(const struct ds_tabtail *tt)
{
	return &tt->m;
}

/* Writes the notes on the tally into tt->note (empty: none). */
static void write_notes(struct ds_tabtail *tt)
{
	const struct ds_tabtail_misfits *m = &tt->m;
	tt->note[NOTE_CELLS][0] = tt->note[NOTE_ROWS][0] = tt->note[NOTE_KEYS][0] = '\0';
	if (m->cells)
		snprintf(tt->note[NOTE_CELLS], sizeof tt->note[NOTE_CELLS],
			 "%.300s: %zu cell%s of rows appended since it was opened did not read as their column's type "
			 "(first: line %zu, column '%s', \"%s\"): read as missing, the column%s keeping %s type",
			 tt->path, m->cells, m->cells == 1 ? "" : "s", m->cell_line, m->cell_col, m->cell_text,
			 m->cells == 1 ? "" : "s", m->cells == 1 ? "its" : "their");
	if (m->rows)
		snprintf(tt->note[NOTE_ROWS], sizeof tt->note[NOTE_ROWS],
			 "%.300s: %zu line%s appended since it was opened %s (first: line %zu): skipped", tt->path, m->rows,
			 m->rows == 1 ? "" : "s",
			 tt->jsonl ? (m->rows == 1 ? "is no JSON object" : "are no JSON objects")
				   : (m->rows == 1 ? "has more fields than the table" : "have more fields than the table"),
			 m->row_line);
	if (m->keys)
		snprintf(tt->note[NOTE_KEYS], sizeof tt->note[NOTE_KEYS],
			 "%.300s: records appended since it was opened have %zu key%s the table has no column for (%s; "
			 "first: line %zu): left out, the columns were settled on opening; open the file again to have "
			 "%s",
			 tt->path, m->keys, m->keys == 1 ? "" : "s", m->key_names, m->key_line, m->keys == 1 ? "it" : "them");
}

size_t ds_tabtail_nnotes(const struct ds_tabtail *tt)
{
	size_t n = 0;
	for (int i = 0; i < NNOTES; i++)
		n += tt->note[i][0] != '\0';
	return n;
}

const char *ds_tabtail_note(const struct ds_tabtail *tt, size_t i)
{
	for (int k = 0; k < NNOTES; k++)
		if (tt->note[k][0] && i-- == 0)
			return tt->note[k];
	return NULL;
}
