/*
 * ds_linememo.h - a memo of what was worked out from a line, keyed by the
 * line's bytes.
 *
 * Header inference (ds_header.c) cuts the same lines into units again and
 * again within one file's inference: the lines at the margin, then all
 * lines, then the same lines for a time prefix, then the lines a first
 * header leaves (copied into a buffer of their own). The result depends
 * only on the line's bytes (and the default year, the same for one
 * inference), so it is kept here by content, not by address: copies of a
 * line find it too, and a buffer freed and reused cannot give a stale one.
 * Each value is a block of a fixed size the creator chooses.
 */
#ifndef DS_LINEMEMO_H
#define DS_LINEMEMO_H

#include <stddef.h>

/* Lines longer than this are not kept: worked out each time, and their
 * copies would cost more memory than the memo saves. */
#define DS_LINEMEMO_MAX_LINE 4096

struct ds_linememo;

/* A memo of values of value_size bytes each; NULL without memory. */
struct ds_linememo *ds_linememo_new(size_t value_size);
void ds_linememo_free(struct ds_linememo *m);

/* The value kept for line[0..len): *fresh 0 when one was kept before (read
 * it), 1 when the slot is new (the caller fills all value_size bytes before
 * its next call on m). The pointer is valid until the next call on m. NULL
 * when the line is not kept (too long, or out of memory): the caller works
 * it out itself. */
void *ds_linememo_slot(struct ds_linememo *m, const char *line, size_t len, int *fresh);

/* How many lines the memo holds (for tests). */
size_t ds_linememo_count(const struct ds_linememo *m);

#endif
