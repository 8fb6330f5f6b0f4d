/*
 * ds_cache.h - the on-disk cache of remote datasets.
 *
 * Lives in $XDG_CACHE_HOME/loglab/remote (default ~/.cache/loglab/remote).
 * Each URL has a key, the first 128 bits of SHA-256(URL) in hex, and up to
 * five files named from it:
 *   KEY-NAME       the complete data (NAME: the URL's last path segment,
 *                  kept so format detection by file name still works)
 *   KEY.meta       what is known of it: URL, ETag, Last-Modified, length,
 *                  SHA-256, when fetched and last used (for LRU)
 *   KEY.part       an unfinished download, resumable with a Range request
 *   KEY.part.meta  the validators the .part was started under
 *   KEY.lock       flock()ed while a process fetches this URL
 * The data file only ever appears by rename() of a finished, checked .part,
 * and an entry counts only when its meta names a data file of exactly the
 * recorded length, so a crash at any point leaves no torn file in use.
 */
#ifndef DS_CACHE_H
#define DS_CACHE_H

#include "ll_err.h"

#define DS_CACHE_DEFAULT_MAX (2ULL << 30) /* 2 GiB */

struct ds_cache_meta {
	char *url;           /* as the user gave it */
	char *file;          /* data file name inside the cache directory */
	char *etag;          /* NULL when the server sent none */
	char *last_modified; /* HTTP date, NULL when none */
	char *encoding;      /* .part.meta only: Content-Encoding of the raw bytes, NULL = identity */
	long long length;    /* bytes of the data file (.part.meta: expected total, -1 unknown) */
	char sha256[65];     /* hex digest of the data file, "" when unknown */
	long long fetched;   /* seconds since the epoch */
	long long used;      /* last use, seconds since the epoch */
};

struct ds_cache_entry {
	char *dir;      /* cache directory (owned) */
	char *key;      /* 32 hex digits */
	char *data;     /* full paths, all owned */
	char *meta;
	char *part;
	char *partmeta;
	char *lock;
};

/* The cache directory, created with its parents when missing. *dir is malloc'd. */
int ds_cache_dir(char **dir, struct ll_err *err);
/* $XDG_CACHE_HOME/loglab/NAME (else ~/.cache/loglab/NAME), created; *dir
 * allocated. ds_cache_dir is the subfolder "remote". */
int ds_cache_subdir(const char *name, char **dir, struct ll_err *err);
/* That folder's path alone, not created (malloc'd); NULL when neither
 * variable is an absolute path, or out of memory. */
char *ds_cache_path(const char *name);
/* mkdir -p of an absolute path, each folder made private (0700), as the
 * user's own folders are (the cache's, the TUI's exit log's); one that
 * exists is fine. path is changed while it runs and given back as it was.
 * 0, or -1 with errno. */
int ds_cache_make_dirs(char *path);

/* Fills e's paths for url inside dir (nothing is touched on disk). */
int ds_cache_entry_init(struct ds_cache_entry *e, const char *dir, const char *url, struct ll_err *err);
void ds_cache_entry_free(struct ds_cache_entry *e);

/* Reads a meta file. LL_EIO when it does not exist, LL_EDATA when it is
 * malformed (path and line named). m is zeroed first; free with ds_cache_meta_free. */
int ds_cache_meta_read(const char *path, struct ds_cache_meta *m, struct ll_err *err);

/* Writes a meta file atomically (temporary file, fsync, rename). */
int ds_cache_meta_write(const char *path, const struct ds_cache_meta *m, struct ll_err *err);
void ds_cache_meta_free(struct ds_cache_meta *m);

/* 1 when e holds a complete entry: its meta parses, names e->data, and the
 * data file has exactly the recorded length. Fills m when not NULL (free it
 * either way). */
int ds_cache_entry_valid(const struct ds_cache_entry *e, struct ds_cache_meta *m);

/* Removes least-recently-used complete entries until the data files total
 * at most max_bytes, never the entry whose key is keep (may be NULL).
 * Returns the number of entries removed (>= 0) or a negative status. */
int ds_cache_evict(const char *dir, unsigned long long max_bytes, const char *keep, struct ll_err *err);

/* Parses a size as ll_parse_size does ("123", "64K", "500M", "1.5G",
 * "500MB") into bytes; -1 when s is none. */
int ds_cache_parse_size(const char *s, unsigned long long *out);

/* The bound: LOGLAB_CACHE_MAX when set and valid, else DS_CACHE_DEFAULT_MAX. */
unsigned long long ds_cache_max_bytes(void);

/* LL_OK when LOGLAB_CACHE_MAX is unset, empty or a size (0 keeps nothing); else
 * LL_EUSAGE naming it and its value (checked once at start). */
int ds_cache_check_env(struct ll_err *err);

#endif
