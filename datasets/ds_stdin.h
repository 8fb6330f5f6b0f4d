/*
 * ds_stdin.h - standard input as a file named "-" (`journalctl -o json |
 * loglab info -`, `kubectl logs pod | loglab -`).
 *
 * A pipe can be read once, while a command may open its input more than
 * once (detection, then the reader; a run's dataset, then its labels): the
 * first open reads standard input to its end and keeps the bytes for the
 * rest of the process, and every open of "-" sees them. A terminal is
 * refused (nothing was piped: loglab would wait for typing), and so is
 * more than the memory limit (LOGLAB_MEMORY_MAX).
 */
#ifndef DS_STDIN_H
#define DS_STDIN_H

#include <stddef.h>

#include "ll_err.h"

/* 1 when path names standard input ("-"). */
int ds_stdin_is(const char *path);

/* Reads standard input to its end the first time (later calls return the
 * same outcome; after a refused ds_stdin_read_judged, reads on); *data /
 * *size get the bytes (NULL / 0 when empty). */
int ds_stdin_read(const char **data, size_t *size, struct ll_err *err);

/* Reads fd to its end into *out (malloc'd; NULL and 0 when empty), within
 * LOGLAB_MEMORY_MAX; a non-blocking fd that would wait ends there when
 * stop_at_wait, else is waited for. Messages name it "NAME: ... reading
 * WHAT". Standard input and files of no stated size (ds_source.c) are
 * read so. */
int ds_read_to_end(int fd, const char *name, const char *what, int stop_at_wait, char **out, size_t *size,
		   struct ll_err *err);

/* How many bytes ds_read_to_end_judged reads before it judges them (all
 * of them when the input is shorter). */
#define DS_READ_JUDGED (64 * 1024)

/* Judges an input's first bytes: LL_OK to read on, else an error (set in
 * err) that ends the read. */
typedef int (*ds_read_judge)(const char *head, size_t n, void *ctx, struct ll_err *err);

/* ds_read_to_end, with the first DS_READ_JUDGED bytes (or all, when fewer)
 * shown to judge (when not NULL) before more is read. */
int ds_read_to_end_judged(int fd, const char *name, const char *what, int stop_at_wait, ds_read_judge judge,
			  void *ctx, char **out, size_t *size, struct ll_err *err);

/* ds_stdin_read, with standard input's first DS_READ_JUDGED bytes (or
 * all, when fewer) shown to judge (when not NULL) before more is read: a
 * binary stream without end is refused at its start. A refusal leaves
 * the rest unread and answers every later judged read; a later read with
 * no judge (a format was named: the bytes are wanted whatever they are)
 * reads on from there. */
int ds_stdin_read_judged(ds_read_judge judge, void *ctx, const char **data, size_t *size, struct ll_err *err);

/* Points descriptor 0 back at the controlling terminal once the input was
 * read, so that a screen can take keys from it; -1 when there is none. */
int ds_stdin_reattach_tty(void);

#endif
