/*
 * ds_lineindex.h - where every line of a large file starts.
 *
 * The file is read in blocks and scanned for '\n' a vector at a time, by
 * one thread per core on large files, in the background if asked, so the
 * first screen of a 1 GiB log shows at once while the line count fills
 * in. The file is also mapped read-only for the lines' text. The index
 * costs 4 bytes a line (8 in chunks spanning 4 GiB or more). Readers of
 * the index may call any function while the scan runs: lines below
 * ds_lineindex_count() are final. The entries may take at most
 * LOGLAB_MEMORY_MAX bytes (ll_limits.h); a file with more lines than that
 * allows stops the scan with LL_EDATA (see ds_lineindex_status).
 *
 * Tuning for tests and benchmarks: LOGLAB_INDEX_PARTS=N scans N parts at
 * once (1..4) whatever the size and cores; LOGLAB_NO_AVX2 uses SSE2
 * (test_lineindex scans with both);
 * LOGLAB_INDEX_FLOOR=SIZE replaces the 256 MiB that any file's index may
 * take while LOGLAB_MEMORY_MAX is unset (beyond it, no more than the
 * text's own size; see ds_lineindex.c).
 */
#ifndef DS_LINEINDEX_H
#define DS_LINEINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"

struct ds_lineindex;

/* Maps path and starts the scan (background thread when background != 0,
 * else the scan finishes before return). Gzip input is refused here with
 * LL_EDATA; callers load such files through ds_load. */
int ds_lineindex_open(struct ds_lineindex **out, const char *path, int background, struct ll_err *err);
/* Indexes a buffer the caller keeps alive (e.g. an inflated gzip). */
int ds_lineindex_open_buffer(struct ds_lineindex **out, const char *data, size_t size, int background,
			     struct ll_err *err);
/* Indexes a caller's mapping of a file, data[0..size) being the file's
 * bytes from offset base on, reading them through fd with pread (the scan
 * touches no page of the mapping; see "Reading" in ds_lineindex.c). The
 * index owns fd and closes it when the scan ends, or now on failure. */
int ds_lineindex_open_file_buffer(struct ds_lineindex **out, const char *data, size_t size, int fd, uint64_t base,
				  int background, struct ll_err *err);
/* Stops the scan if still running and releases everything. */
void ds_lineindex_close(struct ds_lineindex *ix);

/* Lines known so far (a last line without '\n' counts once the scan ends). */
size_t ds_lineindex_count(const struct ds_lineindex *ix);
/* 1 once the whole file is scanned. */
int ds_lineindex_done(const struct ds_lineindex *ix);
/* Bytes scanned so far and in total, for progress. */
size_t ds_lineindex_scanned(const struct ds_lineindex *ix);
size_t ds_lineindex_size(const struct ds_lineindex *ix);
/* Blocks until the scan ends. */
void ds_lineindex_wait(struct ds_lineindex *ix);
/* How a finished scan ended: LL_OK, or LL_EIO (read error, or the file
 * shrank while it was read), LL_EDATA (the index would pass the memory
 * limit, LOGLAB_MEMORY_MAX: too many lines) or LL_ENOMEM with a message in
 * err; the lines
 * counted before that stay usable. LL_OK while the scan runs. A foreground
 * open reports these itself. */
int ds_lineindex_status(const struct ds_lineindex *ix, struct ll_err *err);
/* 1 when the indexed file shrank while mapped (ds_mapguard.h): lines past
 * its new end read as NULs. */
int ds_lineindex_shrunk(const struct ds_lineindex *ix);

/* Bytes the finished index holds for its entries (0 while the scan
 * runs): about 4 a line, plus the unused tail of the last chunks. */
size_t ds_lineindex_memory(const struct ds_lineindex *ix);

/* Line i (0-based) without "\n" or "\r\n"; returns 0 when i is not (yet) known. */
int ds_lineindex_line(const struct ds_lineindex *ix, size_t i, const char **line, size_t *len);
/* Line i's bytes [*begin, *end) in the data, "\n" left out but a "\r"
 * before it kept, found without touching the data (for readers that copy
 * it with pread instead); returns 0 when i is not (yet) known. */
int ds_lineindex_range(const struct ds_lineindex *ix, size_t i, uint64_t *begin, uint64_t *end);
/* The whole mapped file (after ds_lineindex_append, the mapping it was
 * given last). */
const char *ds_lineindex_data(const struct ds_lineindex *ix);

/* Tail mode: the file grew. bytes[0, n) are its bytes from `at` on (where
 * ds_lineindex_end says the index ends), complete lines each ending with
 * '\n'; data is a mapping of the file (as the one the index was opened
 * with, data[0] at the same file offset) covering at least at + n bytes,
 * which the caller keeps until close, or NULL when the current one covers
 * them. The lines join the index from its old end (nothing is scanned
 * again); a last line that had no '\n' becomes whole (its row stays, its
 * text grows), which does not count in *added. Readers may run meanwhile:
 * rows below the count they saw never move. One caller at a time, once
 * the scan is done; LL_EUSAGE when it is not, or at is not the end. */
int ds_lineindex_append(struct ds_lineindex *ix, const char *data, uint64_t at, const char *bytes, size_t n,
			size_t *added, struct ll_err *err);
/* Where the next appended bytes start: past the last '\n' indexed (the
 * start of a last line without one); 0 while the scan runs. */
uint64_t ds_lineindex_end(const struct ds_lineindex *ix);

#endif
