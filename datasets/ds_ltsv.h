/*
 * ds_ltsv.h - LTSV, labelled tab-separated values (ds_ltsv.c).
 */
#ifndef DS_LTSV_H
#define DS_LTSV_H

#include <stddef.h>

#include "ds_reader.h"

/* The fields of line[0, len) when it is an LTSV record: two or more
 * tab-separated label:value fields, each label of letters, digits, '_',
 * '.' and '-' opening with a letter or '_'; else 0. A trailing CR or LF
 * is no part of the last value. */
size_t ds_ltsv_fields(const char *line, size_t len);

/* The "ltsv" reader: each line a JSON object of its labels, read by the
 * JSON Lines reader. */
extern const struct ds_reader ds_ltsv_reader;

#endif
