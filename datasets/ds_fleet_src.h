/*
 * ds_fleet_src.h - the bytes of one fleet file, made readable as the merge
 * needs them (private to ds_fleet.c).
 *
 * A plain file is mapped shared and read-only with address space reserved
 * past its end, so lines appended later are readable in place (tail mode)
 * without moving what readers already hold. A gzip file is inflated a
 * slice at a time into an unlinked temporary file that is mapped the same
 * way, so its pages can be dropped and read back like a plain file's; when
 * no temporary file can be made, into anonymous memory. A file whose text
 * ds_source would convert (ds_textconv.h) is converted the same way, after
 * its decompression if any, and is not followed as it grows.
 *
 * One thread (the merge) calls fsrc_more/grow/drop; any thread may read
 * data[0, avail) through fsrc_data/fsrc_avail. A mapping replaced by a
 * larger one stays mapped until fsrc_close, since a reader may still be
 * looking at it.
 */
#ifndef DS_FLEET_SRC_H
#define DS_FLEET_SRC_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"

struct fsrc_map {
	void *base;
	size_t len;
	struct fsrc_map *older;  /* replaced mappings, unmapped at close */
};

struct fsrc {
	const char *path;          /* borrowed */
	int gz;                    /* content is made into a temporary file: decompressed
				    * (gzip, bzip2, xz, zstd) or converted (conv), not followed */
	int eof;                   /* every byte there is, is available */
	_Atomic(const char *) data;
	_Atomic size_t avail;
	struct fsrc_map *map;      /* the current mapping (and the older ones) */
	uint64_t dev, ino;
	long long disk_size;       /* bytes on disk at the last look */
	/* the last bytes before disk_size as they were read: a file rewritten
	 * in place (copytruncate and new lines past the old size between two
	 * looks) is told from one that grew, for its mapping shows the new
	 * bytes under the rows read */
	char seen[64];
	size_t nseen;
	size_t dropped;            /* pages below this were given back */

	/* gzip */
	void *zs;                  /* struct ds_decoder (ds_codec.h) */
	const unsigned char *in;   /* the compressed file, mapped */
	size_t in_size, in_used;
	int tmpfd;                 /* -1: inflated into memory */
	size_t expect;             /* inflated size the trailer announces */

	/* text that ds_source converts (UTF-16, Latin-1, escape codes, CR
	 * line ends: ds_textconv.h); NULL when read as it is */
	struct ds_textconv *conv;
	char *pend;                /* the decompressed sample the plan was made on */
	size_t npend;
	int pend_end, pend_rc;     /* the sample is all there is; a fault after it */
	char pend_msg[LL_ERR_MSG_MAX];
};

/* Opens path and makes its first bytes (up to want) available. */
int fsrc_open(struct fsrc *s, const char *path, size_t want, struct ll_err *err);
/* Makes at least want bytes available, or all there are (eof). For plain
 * files everything is available at open. A broken gzip stream sets eof
 * with what was inflated and returns LL_EDATA with the reason. */
int fsrc_more(struct fsrc *s, size_t want, struct ll_err *err);
/* Tail mode (plain files): 1 when the file at path grew (the new bytes are
 * available), 0 when unchanged, -1 when it shrank, its last bytes read
 * changed (rewritten in place) or it is another file now (the bytes held
 * are kept as they are). */
int fsrc_grow(struct fsrc *s, struct ll_err *err);
/* Gives the pages before off back to the system (they read back in when
 * touched again). */
void fsrc_drop(struct fsrc *s, size_t off);
void fsrc_close(struct fsrc *s);

/* The notes of what conv did ("; " between, each starting with name)
 * into buf once every byte is converted (eof); 0 before or when none. */
size_t fsrc_conv_note(const struct fsrc *s, const char *name, char *buf, size_t cap);

/* Bytes expected in all (plain: the size; gzip: the trailer's estimate). */
size_t fsrc_expected(const struct fsrc *s);

/* The bytes available now. avail is read before data: the writer stores
 * a new mapping before the larger count, so data always covers avail. */
static inline const char *fsrc_view(const struct fsrc *s, size_t *avail)
{
	*avail = atomic_load_explicit(&((struct fsrc *)s)->avail, memory_order_acquire);
	return atomic_load_explicit(&((struct fsrc *)s)->data, memory_order_acquire);
}

#endif
