/*
 * ds_line_map.h - which line of a file each line of a text made from it
 * came from.
 *
 * Readers that rewrite a file as CSV and hand that to the CSV loader (the
 * W3C reader, the stanza reader) keep one beside the text, so the loader's
 * notes and errors name the user's lines, not the generated text's.
 */
#ifndef DS_LINE_MAP_H
#define DS_LINE_MAP_H

#include <stddef.h>

struct ds_line_map {
	size_t *line; /* line[k]: the file's line (1-based) of generated line k + 1 */
	size_t n, cap;
	int oom;      /* an allocation failed: entries after it are missing */
};

/* Adds one entry for every newline in text[0, len): the generated lines
 * those newlines end came from line src_line of the file. */
void ds_line_map_add(struct ds_line_map *m, const char *text, size_t len, size_t src_line);

/* The file's line of generated line `line` (1-based): `line` itself when m
 * is NULL or empty (the text is the file), the last entry past the end
 * (a record the text ends without a newline). */
size_t ds_line_map_at(const struct ds_line_map *m, size_t line);

void ds_line_map_free(struct ds_line_map *m);

#endif
