/*
 * ds_tar.h - tar archives (plain or compressed) for ds_archive.h.
 */
#ifndef DS_TAR_H
#define DS_TAR_H

#include <stddef.h>

#include "ds_unpack.h"
#include "ll_err.h"

/* 1 when b[0, n) (at least a block) is a tar header whose checksum adds up. */
int ds_tar_start(const unsigned char *b, size_t n);

/* Every member of the tar at path into root: folders and regular files;
 * links and devices, and names leaving root, left out and counted in t.
 * LL_EDATA naming the member for a truncated or damaged archive, LL_EIO
 * for the disk. */
int ds_tar_extract(const char *path, const char *root, struct ds_unpack_tally *t, struct ll_err *err);

#endif
