/*
 * ds_fleet_tables_probe.c - whether a fleet is one of tables or of logs
 * (see ds_fleet_tables.h).
 *
 * Only each file's first 64 KiB are read (decoded that far when compressed; UTF-16
 * text is converted whole, as opening it would), and detected as the
 * fleet's merge would: a log fleet is mostly one format,
 * so a file the previous log format fits is counted a log without running
 * every sniffer. The count stops once one kind holds a majority of the
 * files whatever the rest are.
 */
#include "ds_fleet_tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ds_codec.h"
#include "ds_fleet.h"
#include "ds_textlog.h"

#define HEAD_BYTES (64 * 1024)

static int has_time(const struct ds_reader *r)
{
	for (size_t k = 0; r && r->line && k < r->line->nfields; k++)
		if (r->line->types[k] == LL_COL_TIME)
			return 1;
	return 0;
}

/* UTF-16 text (Windows tools' tables): its head as UTF-8, through
 * ds_source, which converts it whole; -1 when it cannot be read. */
static long read_utf16_head(const char *path, char *buf, size_t cap)
{
	struct ds_source *src;
	struct ll_err err;
	if (ds_source_open(&src, path, &err) != LL_OK)
		return -1;
	size_t n = src->size < cap ? src->size : cap;
	if (n)
		memcpy(buf, src->data, n);
	ds_source_close(src);
	return (long)n;
}

/* 1 table, 0 log, -1 neither (unreadable, empty or binary). */
static int kind_of(const char *path, char *buf, const struct ds_reader **prev)
{
	long n = ds_codec_read_head(path, buf, HEAD_BYTES);
	if (n > 0 && memchr(buf, '\0', (size_t)n) && ds_source_utf16(buf, (size_t)n, NULL))
		n = read_utf16_head(path, buf, HEAD_BYTES);
	if (n > 0 && memchr(buf, '\0', (size_t)n)) {
		/* binary: a table only when a table reader claims it (a workbook) */
		const struct ds_reader *r = ds_reader_detect(path, buf, (size_t)n);
		return r && !r->line ? 1 : -1;
	}
	if (n <= 0)
		return -1;
	size_t tried;
	if (*prev && ds_sniff_fraction(buf, (size_t)n, (*prev)->line, &tried) >= 0.9 && tried)
		return 0;
	const struct ds_reader *r = ds_reader_detect(path, buf, (size_t)n);
	if (r && r->line && has_time(r))
		*prev = r;
	return r && !r->line;
}

int ds_fleet_tables_probe(const char *const *specs, size_t nspecs, const struct ds_open_opts *opts, int *tables,
			  struct ll_err *err)
{
	*tables = 0;
	struct ds_open_opts o = {0};
	if (opts)
		o = *opts;
	ds_open_opts_split(&o);
	if (o.format) {
		const struct ds_reader *r = ds_reader_find(o.format);
		if (!r)
			return ll_err_set(err, LL_EUSAGE, "unknown format '%s' (see `loglab info --formats`)", o.format);
		*tables = r->line == NULL;
		return LL_OK;
	}
	if (o.header && *o.header)
		return LL_OK; /* a header pattern reads logs */
	struct ds_fleet_list *l = NULL;
	int rc = ds_fleet_find(specs, nspecs, &l, err);
	if (rc != LL_OK)
		return rc;
	char *buf = malloc(HEAD_BYTES);
	if (!buf) {
		ds_fleet_list_free(l);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	const struct ds_reader *prev = NULL;
	size_t ntab = 0, nlog = 0;
	for (size_t i = 0; i < l->n && 2 * ntab <= l->n && 2 * nlog <= l->n; i++) {
		int k = kind_of(l->e[i].path, buf, &prev);
		ntab += k == 1;
		nlog += k == 0;
	}
	free(buf);
	ds_fleet_list_free(l);
	*tables = ntab > nlog;
	return LL_OK;
}
