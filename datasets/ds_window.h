/*
 * ds_window.h - a mapped log's lines read with pread, a window at a time.
 *
 * The line index finds where lines are; their bytes are normally read
 * through the file's mapping (ds_lineindex_line). A pass over every line
 * (template mining, the dataset's label counter) reads them with pread
 * into a buffer of its own instead: on virtual machines the first touch
 * of each page of a mapping costs several times a copy (issue 18's VM:
 * 1 GiB touched through a fresh mapping 0.96 s, read with pread
 * 0.12-0.19 s), and such a pass touches every page. One window per
 * thread; lines are best asked for in increasing order.
 */
#ifndef DS_WINDOW_H
#define DS_WINDOW_H

#include <stddef.h>

#include "ds_lineindex.h"
#include "ds_source.h"

struct ds_window;

/* A window on src's lines as ix (indexing src->data) cuts them; NULL when
 * src cannot be read that way (held in memory, such as an inflated gzip
 * file; a file that is no longer the one mapped; no memory): callers then
 * read in place. */
struct ds_window *ds_window_open(const struct ds_source *src, const struct ds_lineindex *ix);
void ds_window_close(struct ds_window *w);

/* Lines longer than this are not copied (ds_window_line gives 0, and the
 * caller reads them in place): a line of gigabytes (a file's tail of NUL
 * bytes, a dump without newlines) would take as much memory, past
 * LOGLAB_MEMORY_MAX, where its mapped pages are the file's to drop. */
#define DS_WINDOW_LINE_MAX ((size_t)16 << 20)

/* Line i as ds_lineindex_line gives it (no "\n", no "\r" before it), valid
 * until the next call on w; 0 when i is not known, is longer than
 * DS_WINDOW_LINE_MAX or cannot be read. */
int ds_window_line(struct ds_window *w, size_t i, const char **line, size_t *len);

#endif
