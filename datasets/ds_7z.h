/*
 * ds_7z.h - 7-Zip archives read for ds_archive.h through libarchive (only
 * its 7z reader: tar and zip have readers of their own), under the rules
 * of ds_unpack.h: regular files and folders written, links and devices,
 * names through ".." and encrypted members left out and counted, the
 * expansion limits of ll_limits.h kept, a damaged member (a failed CRC, an
 * early end) refused by name.
 *
 * The magic bytes are known in every build; the reader only when
 * configure found libarchive (HAVE_LIBARCHIVE). Without it, a 7z file is
 * binary data named with the command that unpacks it (ds_binary.h).
 */
#ifndef DS_7Z_H
#define DS_7Z_H

#include <stddef.h>

#include "ds_unpack.h"
#include "ll_err.h"

/* 1 when b[0, n) begins a 7z archive. */
int ds_7z_is(const unsigned char *b, size_t n);

/* 1 when this build reads 7z archives. */
int ds_7z_available(void);

/* Every member of the 7z archive at path into root; t counts what was
 * written and left out. LL_EDATA naming the member for a damaged archive,
 * LL_EIO for the disk. */
int ds_7z_extract(const char *path, const char *root, struct ds_unpack_tally *t, struct ll_err *err);

#endif
