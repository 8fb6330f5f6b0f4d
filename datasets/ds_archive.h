/*
 * ds_archive.h - archives of logs (support bundles: sosreport,
 * must-gather, CI artifacts, `tar czf logs.tgz /var/log`, a zip of a CI
 * run's logs): tar, plain or compressed by any codec of ds_codec.h, zip,
 * and 7z when built with libarchive (ds_7z.h), opened as the folder they
 * hold.
 *
 * An archive is told by its content (a tar header whose checksum adds up,
 * a zip's local header), never by its name. It is extracted once into
 * the cache ($XDG_CACHE_HOME/loglab/archives/KEY, KEY from the archive's
 * real path, size and modification time), so a second open finds the same
 * folder; a file changed since gets a new folder. Label journals of its
 * files are kept in the data folder under the archive's real path and the
 * member's name (ds_labels_default_path), not in the cache: an archive
 * unpacked again (the cache cleared, or the file replaced by a newer copy)
 * finds them, and their row hashes tell which labels still hold. Only regular files and folders are written:
 * links and devices are left out, as are names that would leave the
 * folder (absolute, or through ".."), each counted in the note, with zip
 * members that are encrypted or of a method zlib cannot read (and 7z
 * members that are encrypted). The
 * extraction stops at the expansion limits of ll_limits.h
 * (LOGLAB_INFLATE_MAX, LOGLAB_INFLATE_RATIO) and names a full disk; a
 * partial folder is removed, never left for the next open to trust.
 */
#ifndef DS_ARCHIVE_H
#define DS_ARCHIVE_H

#include "ll_err.h"

/* The file in each unpacked folder whose first line is the archive's real
 * path (the folder's name is not enough to find its label journals). */
#define DS_ARCHIVE_MARKER ".loglab-archive"

/* 1 when the regular file at path is a tar (plain or compressed) or zip
 * archive, or a 7z one in a build that reads 7z. */
int ds_archive_is(const char *path);

/* The folder the archive at path was extracted into (*dir, allocated),
 * extracting it first when the cache has no complete copy; *note
 * (allocated, may be NULL on return) says what it held and what was left
 * out. LL_EDATA for a damaged archive, LL_EIO for the disk. */
int ds_archive_extract(const char *path, char **dir, char **note, struct ll_err *err);

#endif
