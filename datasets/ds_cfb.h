/*
 * ds_cfb.h - compound files (MS-CFB, "OLE2": legacy .xls, .doc, .msg)
 * opened for their streams: the header, the FAT through the DIFAT, the
 * directory and the mini stream, every sector number and chain checked
 * (out of range, cyclic, shorter than the size declared) so a damaged file
 * is an error naming it, never a read outside the mapping.
 */
#ifndef DS_CFB_H
#define DS_CFB_H

#include <stddef.h>

#include "ll_err.h"

struct ds_cfb;

/* 1 when map[0, size) starts with the compound file signature. */
int ds_cfb_is(const unsigned char *map, size_t size);

/* The compound file at path, mapped at map (borrowed: it must outlive the
 * result), into *out (free with ds_cfb_free); LL_EDATA naming the problem
 * for a damaged one. */
int ds_cfb_open(const char *path, const unsigned char *map, size_t size, struct ds_cfb **out, struct ll_err *err);

void ds_cfb_free(struct ds_cfb *c);

/* The directory entry of the stream called name (ASCII, ignoring case)
 * among the root storage's children, or -1. */
long ds_cfb_find(const struct ds_cfb *c, const char *name);

/* For a sniff that sees only a file's first n bytes: 1 when its directory
 * holds a stream called name (any entry, ASCII case ignored), 0 when the
 * whole directory is in head[0, n) without one (or head is no compound
 * file), -1 when part of the directory lies beyond. */
int ds_cfb_peek(const unsigned char *head, size_t n, const char *name);

/* The stream of directory entry at into *out (malloc'd, *n bytes), its
 * size checked against the file and the memory limit first. */
int ds_cfb_read(struct ds_cfb *c, long at, unsigned char **out, size_t *n, struct ll_err *err);

#endif
