/*
 * ll_limits.h - the limits on what an input may make loglab do.
 *
 * Hostile or broken input (a 1 MB gzip of 1 GB of newlines, a server that
 * streams for ever, "text.features": 2^30, a model file claiming a 10^12
 * parameter shape) must meet a documented limit with a clear message, not
 * exhaust the machine. Each limit has a default and an environment
 * variable, whose sizes read as sizes do everywhere in loglab (ll_units.h:
 * 512M, 2G, 2GiB and 1.5G are powers of 1024, 500MB and 2GB of 1000):
 *
 *   LOGLAB_MEMORY_MAX    one structure built from input (a table, a
 *                        feature matrix, a model, a line index); default
 *                        half the physical memory, at least 1 GiB
 *   LOGLAB_FETCH_MAX     bytes one download may receive; default 64 GiB
 *   LOGLAB_INFLATE_MAX   bytes a gzip file or gzip-encoded download may
 *                        expand to; default 64 GiB
 *   LOGLAB_INFLATE_RATIO expansion ratio beyond which such a stream is a
 *                        bomb, once past 64 MiB of output; default 1000
 *
 * A value that does not parse is refused when loglab starts
 * (ll_limits_check_env); here it is ignored (the default holds). Checks are
 * made on estimates before the memory is asked for; a refusal is LL_EDATA
 * (the input asks for too much) naming the numbers and the variable.
 */
#ifndef LL_LIMITS_H
#define LL_LIMITS_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"

enum ll_limit { LL_LIMIT_MEMORY, LL_LIMIT_FETCH, LL_LIMIT_INFLATE, LL_LIMIT_INFLATE_RATIO };

/* Output below this is never called a bomb, whatever its ratio: small
 * files of one repeated line compress beyond any sane ratio. */
#define LL_INFLATE_RATIO_FLOOR ((uint64_t)64 << 20)

/* The limit in force (bytes; a plain number for the ratio). */
uint64_t ll_limit(enum ll_limit which);

/* The environment variable that sets it. */
const char *ll_limit_env(enum ll_limit which);

/* 1 when that variable holds a valid size (the user chose the limit), 0
 * when the default is in force. */
int ll_limit_is_set(enum ll_limit which);

/* Parses a number of bytes, whole or with a unit of size (ll_units_size:
 * "123", "512B", "64K", "500M", "2GiB", "1.5G", "500MB", "1.2 GB"; a
 * fraction to the nearest byte) into *out; -1, *out untouched, when s is no
 * such size: when it starts with anything but a digit, ends in a blank or
 * passes 2^64 - 1 (whole numbers are read exactly). */
int ll_parse_size(const char *s, uint64_t *out);

/* LL_OK when each limit variable that is set holds a size (an empty one
 * counts as unset); else LL_EUSAGE naming the variable, its value and the
 * forms a size takes. Called once at start, so that a limit mistyped is
 * not silently replaced by its default. */
int ll_limits_check_env(struct ll_err *err);

/* "1.5 GiB", "12 KiB", "300 B" into buf. */
void ll_format_bytes(double bytes, char *buf, size_t cap);

/* LL_OK when bytes (an estimate, as a double so products cannot wrap) is
 * within LOGLAB_MEMORY_MAX; else (also for a NaN) LL_EDATA with "WHAT needs
 * N, more than the memory limit of M (LOGLAB_MEMORY_MAX)". */
int ll_mem_check(double bytes, const char *what, struct ll_err *err);

/* LL_OK while a stream that read in_bytes has written out_bytes within the
 * inflate limits; else LL_EDATA: "WHAT: expands beyond ..." with the
 * numbers (what names the file or URL). */
int ll_inflate_check(uint64_t in_bytes, uint64_t out_bytes, const char *what, struct ll_err *err);

#endif
