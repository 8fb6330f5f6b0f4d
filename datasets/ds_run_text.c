/*
 * ds_run_text.c - the text a run's model read, found in another file
 * (ds_run_text.h).
 */
#include "ds_run_text.h"

#include <string.h>

#include "ds_codec.h"
#include "ds_fleet.h"
#include "ds_reader.h"
#include "ds_stdin.h"

static const struct ds_reader *fleet_reader_of(const char *spec, const char *format);

/* The reader path's first bytes choose (format NULL), or format's;
 * NULL when path cannot be looked at. A compressed file's bytes are
 * its text's, as loading it reads them: kern.log.gz is scored as
 * kern.log is. */
static const struct ds_reader *reader_of(const char *path, const char *format)
{
	if (!path || strstr(path, "://") || ds_stdin_is(path))
		return NULL;
	if (ds_fleet_is_spec(path))
		return fleet_reader_of(path, format);
	char head[4096];
	long n = ds_codec_read_head(path, head, sizeof head);
	if (n < 0)
		return NULL;
	if (!format)
		return ds_reader_detect(path, head, (size_t)n);
	const struct ds_reader *r = ds_reader_find(format);
	struct ll_err err;
	return r ? ds_reader_bind(r, head, (size_t)n, NULL, &err) : NULL;
}

/* A fleet is read in its first file's format (ds_fleet.h): that file's
 * reader, the first file with text deciding; NULL when none can be read. */
static const struct ds_reader *fleet_reader_of(const char *spec, const char *format)
{
	char **specs = NULL;
	size_t nspecs = 0;
	struct ds_fleet_list *list = NULL;
	struct ll_err err;
	const struct ds_reader *r = NULL;
	if (ds_fleet_split_specs(spec, &specs, &nspecs) == LL_OK &&
	    ds_fleet_find((const char *const *)specs, nspecs, &list, &err) == LL_OK)
		for (size_t i = 0; !r && i < list->n; i++)
			if (list->e[i].size > 0)
				r = reader_of(list->e[i].path, format);
	ds_fleet_list_free(list);
	ds_fleet_specs_free(specs, nspecs);
	return r;
}

/* 1 when the reader's message is a whole line (but for a label): a line
 * format whose only field is the message (label<TAB>line, plain lines
 * with no pairs split off). */
static int whole_lines(const struct ds_reader *r)
{
	return r && r->line && r->line->nfields == 1 && r->line->message_field == 0;
}

int ds_run_text_recipe(const struct ds_run *run, const char *path, const char *format, struct ll_recipe *out)
{
	const struct ll_recipe *r = &run->recipe;
	if (r->text_column[0] || !(r->text == LL_TEXT_HASH || r->text == LL_TEXT_TFIDF || r->text == LL_TEXT_W2V))
		return 0;
	const struct ds_reader *trained = reader_of(run->dataset_path, run->dataset_format);
	const struct ds_reader *scored = reader_of(path, format);
	/* a message field that is part of the line: the file has a "line"
	 * column of its own (column 0 of every line format) */
	if (!whole_lines(trained) || !scored || !scored->line || whole_lines(scored))
		return 0;
	*out = *r;
	strcpy(out->text_column, "line");
	return 1;
}
