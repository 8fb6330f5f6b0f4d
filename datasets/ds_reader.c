/*
 * ds_reader.c - the registry of readers and format detection.
 *
 * Detection asks every reader to score the path and the first 64 KiB and
 * takes the best; ties go to the reader registered first (text logs, then
 * CSV, then JSON), and a score of 0 everywhere falls back to plain lines.
 */
#include "ds_reader.h"

#include <string.h>
#include <time.h>

#define SNIFF_BYTES (64 * 1024)

typedef const struct ds_reader *const *(*family_fn)(size_t *n);
static const family_fn families[] = {ds_textlog_readers, ds_csv_readers, ds_json_readers};

size_t ds_reader_count(void)
{
	size_t total = 0;
	for (size_t f = 0; f < sizeof families / sizeof *families; f++) {
		size_t n = 0;
		families[f](&n);
		total += n;
	}
	return total;
}

const struct ds_reader *ds_reader_at(size_t i)
{
	for (size_t f = 0; f < sizeof families / sizeof *families; f++) {
		size_t n = 0;
		const struct ds_reader *const *list = families[f](&n);
		if (i < n)
			return list[i];
		i -= n;
	}
	return NULL;
}

const struct ds_reader *ds_reader_find(const char *name)
{
	for (size_t i = 0, n = ds_reader_count(); i < n; i++)
		if (strcmp(ds_reader_at(i)->name, name) == 0)
			return ds_reader_at(i);
	return NULL;
}

const struct ds_reader *ds_reader_detect(const char *path, const char *head, size_t n)
{
	const struct ds_reader *best = ds_reader_find("lines");
	int best_score = 0;
	for (size_t i = 0, count = ds_reader_count(); i < count; i++) {
		const struct ds_reader *r = ds_reader_at(i);
		int s = r->sniff ? r->sniff(path, head, n) : 0;
		if (s > best_score) {
			best_score = s;
			best = r;
		}
	}
	return best;
}

const struct ds_reader *ds_reader_prepare(const struct ds_source *src, const char *path, const struct ds_reader *r,
					  struct ds_open_opts *opts)
{
	if (!opts->default_year)
		opts->default_year = ds_source_year(src);
	if (r)
		return r;
	return ds_reader_detect(path, src->data, src->size < SNIFF_BYTES ? src->size : SNIFF_BYTES);
}

int ds_load(const char *path, const struct ds_open_opts *opts, struct ll_table **out,
	    const struct ds_reader **used, struct ll_err *err)
{
	*out = NULL;
	struct ds_open_opts o = {0};
	if (opts)
		o = *opts;
	const struct ds_reader *r = NULL;
	if (o.format) {
		r = ds_reader_find(o.format);
		if (!r)
			return ll_err_set(err, LL_EUSAGE, "unknown format '%s' (see `loglab info --formats`)", o.format);
	}
	struct ds_source *src;
	int rc = ds_source_open(&src, path, err);
	if (rc != LL_OK)
		return rc;
	r = ds_reader_prepare(src, path, r, &o);
	if (!r) {
		ds_source_close(src);
		return ll_err_set(err, LL_EDATA, "%s: no reader for this format", path);
	}
	rc = r->load(src, &o, out, err);
	ds_source_close(src);
	if (rc == LL_OK) {
		ll_table_set_meta(*out, "format", r->name);
		ll_table_set_meta(*out, "source", path);
		if (used)
			*used = r;
	}
	return rc;
}
