/*
 * ds_line_map.c - generated lines to the file's lines (ds_line_map.h).
 */
#include "ds_line_map.h"

#include <stdlib.h>
#include <string.h>

static int grow(struct ds_line_map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 256;
	size_t *v = realloc(m->line, cap * sizeof *v);
	if (!v) {
		m->oom = 1;
		return 0;
	}
	m->line = v;
	m->cap = cap;
	return 1;
}

void ds_line_map_add(struct ds_line_map *m, const char *text, size_t len, size_t src_line)
{
	for (const char *q = text, *end = text + len; !m->oom && (q = memchr(q, '\n', (size_t)(end - q))) != NULL;
	     q++) {
		if (m->n == m->cap && !grow(m))
			return;
		m->line[m->n++] = src_line;
	}
}

size_t ds_line_map_at(const struct ds_line_map *m, size_t line)
{
	if (!m || !m->n || !line)
		return line;
	return line <= m->n ? m->line[line - 1] : m->line[m->n - 1];
}

void ds_line_map_free(struct ds_line_map *m)
{
	free(m->line);
	memset(m, 0, sizeof *m);
}
