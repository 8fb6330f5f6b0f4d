/*
 * ds_window.c - a mapped log's lines read with pread (ds_window.h).
 *
 * A miss reads from the line's start on, a window's worth (or the line,
 * when it is longer), so lines asked for in order cost one pread a
 * WINDOW_BYTES; only a line cut by the window's end is read twice.
 */
#include "ds_window.h"
#include "ll_fileio.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

/* 1 MiB: stays in L2 between the kernel's copy and its reader, and is
 * read by few system calls. */
#define WINDOW_BYTES ((size_t)1 << 20)

struct ds_window {
	const struct ds_lineindex *ix;
	int fd;
	uint64_t base; /* the file offset of the data's first byte */
	uint64_t size; /* bytes of data */
	char *buf;
	size_t cap;
	uint64_t off, len; /* bytes [off, off + len) of the data are in buf */
};

struct ds_window *ds_window_open(const struct ds_source *src, const struct ds_lineindex *ix)
{
	uint64_t base;
	int fd = src && ix ? ds_source_reopen(src, &base) : -1;
	if (fd < 0)
		return NULL;
	struct ds_window *w = calloc(1, sizeof *w);
	if (!w) {
		close(fd);
		return NULL;
	}
	w->ix = ix;
	w->fd = fd;
	w->base = base;
	w->size = src->size;
	return w;
}

void ds_window_close(struct ds_window *w)
{
	if (!w)
		return;
	close(w->fd);
	free(w->buf);
	free(w);
}

/* Bytes [b, e) of the data and as many after as a window holds. */
static int fill(struct ds_window *w, uint64_t b, uint64_t e)
{
	uint64_t want = e - b > WINDOW_BYTES ? e - b : WINDOW_BYTES;
	if (want > w->size - b)
		want = w->size - b;
	if (want > w->cap) {
		char *p = realloc(w->buf, (size_t)want);
		if (!p)
			return 0;
		w->buf = p;
		w->cap = (size_t)want;
	}
	w->len = 0;
	int why;
	if (ll_pread_full(w->fd, w->buf, (size_t)want, (off_t)(w->base + b), &why) < want)
		return 0; /* an error, or the file shrank */
	w->off = b;
	w->len = want;
	return 1;
}

int ds_window_line(struct ds_window *w, size_t i, const char **line, size_t *len)
{
	uint64_t b, e;
	if (!ds_lineindex_range(w->ix, i, &b, &e) || e > w->size)
		return 0;
	if (b == e) {
		*line = "";
		*len = 0;
		return 1;
	}
	if (e - b > DS_WINDOW_LINE_MAX)
		return 0;
	if ((b < w->off || e > w->off + w->len) && !fill(w, b, e))
		return 0;
	const char *s = w->buf + (b - w->off);
	size_t n = (size_t)(e - b);
	/* Same rule as ds_lineindex_line: one CR before the end is not text. */
	if (n && s[n - 1] == '\r')
		n--;
	*line = s;
	*len = n;
	return 1;
}
