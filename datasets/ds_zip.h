/*
 * ds_zip.h - zip archives (CI log downloads, Windows support bundles) read
 * for ds_archive.h: members stored or deflated, ZIP64 sizes, each checked
 * against its CRC-32.
 */
#ifndef DS_ZIP_H
#define DS_ZIP_H

#include <stddef.h>

#include "ds_unpack.h"
#include "ll_err.h"

/* 1 when map[0, size) is a zip archive: a local header first, or an empty
 * archive's end record; an office document (ds_zip_office) is not one. */
int ds_zip_is(const unsigned char *map, size_t size);

/* 1 for a zip that is an office document (.xlsx, .docx, .odt, .ods): its
 * first member is OOXML's [Content_Types].xml or one of its parts
 * (_rels/, docProps/, xl/, word/, ppt/), or OpenDocument's mimetype. */
int ds_zip_office(const unsigned char *map, size_t size);

/* 1 when tail[0, n), a zip's last bytes, hold a central directory entry
 * for OOXML's [Content_Types].xml: an office document whatever its first
 * part (a package written in any order). */
int ds_zip_office_tail(const unsigned char *tail, size_t n);

/* Every member of the zip at path (mapped at map) into root: folders,
 * regular files; links, encrypted members and unknown methods left out
 * and counted in t. LL_EDATA naming the member for a damaged archive. */
int ds_zip_extract(const char *path, const unsigned char *map, size_t size, const char *root,
		   struct ds_unpack_tally *t, struct ll_err *err);

/* The member called name of the zip at path (mapped at map) into *out
 * (malloc'd, NUL-terminated, *n bytes), checked as ds_zip_extract checks
 * members, under the same expansion limits; *out NULL (LL_OK) when the zip
 * has no such member. A '\\' in a member's name (Windows writers') reads
 * as a '/', and names match whatever their ASCII letters' case (a
 * package's part names are case-insensitive). */
int ds_zip_read(const char *path, const unsigned char *map, size_t size, const char *name, char **out, size_t *n,
		struct ll_err *err);

#endif
