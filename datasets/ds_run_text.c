/*
 * ds_run_text.c - the text a run's model read, found in another file
 * (ds_run_text.h).
 */
#include "ds_run_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ds_codec.h"
#include "ds_fleet.h"
#include "ds_header.h"
#include "ds_reader.h"
#include "ds_stdin.h"
#include "ds_textlog.h"

/* The bytes of a labelled file whose lines must all fit the message's
 * pattern: as much as detection looks at. */
#define FIT_SAMPLE (64 * 1024)

static const struct ds_reader *fleet_reader_of(const char *spec, const char *format);

/* The reader path is loaded with (format NULL: detected), from the same
 * sample loading looks at (ds_reader_of_file), so a log whose first KiB
 * are continuation lines is judged by the header its table has; NULL
 * when path cannot be looked at. A compressed file's bytes are its
 * text's: kern.log.gz is scored as kern.log is. */
static const struct ds_reader *reader_of(const char *path, const char *format)
{
	if (!path || strstr(path, "://") || ds_stdin_is(path))
		return NULL;
	if (ds_fleet_is_spec(path))
		return fleet_reader_of(path, format);
	struct ll_err err;
	return ds_reader_of_file(path, format, &err);
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

/* 1 when every non-blank line of path's first FIT_SAMPLE bytes (whole
 * lines only) fits h. A file that opens with `loglab label --export`'s
 * marker is left to the labelled reader, which skips it. */
static int every_line_fits(const char *path, const struct ds_header *h)
{
	char *head = malloc(FIT_SAMPLE);
	long n = head ? ds_codec_read_head(path, head, FIT_SAMPLE) : -1;
	int fits = n > 0 && !ds_labels_marker(head, (size_t)n);
	size_t size = n > 0 ? (size_t)n : 0;
	if (size == FIT_SAMPLE)
		while (size && head[size - 1] != '\n')
			size--;
	size_t pos = 0, len, seen = 0;
	const char *line;
	struct ds_span f[DS_MAX_FIELDS], label;
	while (fits && ds_source_next_line(head, size, &pos, &line, &len)) {
		size_t a = 0;
		while (a < len && (line[a] == ' ' || line[a] == '\t'))
			a++;
		if (a == len)
			continue;
		seen++;
		fits = ds_header_split_label(h, line, len, f, &label);
	}
	free(head);
	return fits && seen;
}

int ds_run_text_format(const struct ds_run *run, const char *path, const char *format, char *out, size_t cap)
{
	const struct ll_recipe *r = &run->recipe;
	if (r->text_column[0] || !(r->text == LL_TEXT_HASH || r->text == LL_TEXT_TFIDF || r->text == LL_TEXT_W2V))
		return 0;
	if (ds_fleet_is_spec(path))
		return 0;
	const struct ds_reader *trained = reader_of(run->dataset_path, run->dataset_format);
	const struct ds_reader *scored = reader_of(path, format);
	if (!trained || !trained->line || !trained->line->header || whole_lines(trained) || !scored ||
	    strcmp(scored->name, ds_reader_labelled.name) != 0 || !whole_lines(scored))
		return 0;
	/* headers of a file of several shapes are joined by " || " (ds_logfmt.c):
	 * no one pattern */
	if (strstr(trained->line->header, " || "))
		return 0;
	int w = snprintf(out, cap, "%s<label?> %s", DS_LOG_HEADER_PREFIX, trained->line->header);
	if (w < 0 || (size_t)w >= cap)
		return 0;
	struct ds_header *h = NULL;
	struct ll_err err;
	if (ds_header_compile(out + strlen(DS_LOG_HEADER_PREFIX), &h, &err) != LL_OK)
		return 0;
	int fits = every_line_fits(path, h);
	ds_header_free(h);
	return fits;
}
