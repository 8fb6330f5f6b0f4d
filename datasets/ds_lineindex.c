/*
 * ds_lineindex.c - finds where every line of a (large) file ends.
 *
 * Layout: entry i is the byte offset just past line i's content, i.e. the
 * position of its '\n' (or the file size for a last line without one).
 * Line i then spans [entry(i-1) + 1, entry(i)). Entries live in chunks of
 * CHUNK_LINES that are allocated once and never move; each chunk stores
 * 32-bit offsets relative to the start of its first line, so the index
 * costs 4 bytes a line. Only when one chunk spans 4 GiB or more (lines of
 * 256 KiB on average) is it widened to 64-bit offsets; the narrow copy is
 * kept until close because a reader may still be looking at it.
 *
 * Concurrency: one scanner (the caller of open, or a background thread)
 * appends entries and publishes how many are final with a release store of
 * `count`; readers load it with acquire and touch only entries below it,
 * so they need no lock. The chunk directory is sized for the worst case
 * (every byte a newline) up front, so it never moves either.
 *
 * Scanning: 64 bytes at a time with SSE2 compares and a bit mask of the
 * newline positions (on x86-64); elsewhere, or built with
 * -DDS_LINEINDEX_MEMCHR, glibc's memchr. Both were measured on a 1 GiB
 * syslog file, see bench/README.md.
 */
#include "ds_lineindex.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SSE2__) && !defined(DS_LINEINDEX_MEMCHR)
#define USE_SSE2 1
#include <emmintrin.h>
#endif

#define CHUNK_SHIFT 14
#define CHUNK_LINES ((size_t)1 << CHUNK_SHIFT)
#define CHUNK_MASK (CHUNK_LINES - 1)
/* Bytes scanned between publications and checks for cancellation: small
 * enough that close returns within a fraction of a millisecond, large
 * enough that the atomic stores cost nothing. */
#define PUBLISH_BYTES ((size_t)256 << 10)

struct chunk {
	uint64_t base;              /* offset of the chunk's first line */
	_Atomic(uint64_t *) wide;   /* 64-bit entries once one did not fit */
	uint32_t rel[CHUNK_LINES];  /* entry - base */
};

struct ds_lineindex {
	const char *data;
	size_t size;
	int mapped;              /* munmap data on close */
	struct chunk **dir;      /* ndir slots, filled in order */
	size_t ndir;

	/* Scanner-private state. */
	size_t found;            /* entries written */
	size_t pos;              /* next byte to scan */
	int failed;              /* out of memory: the scan stopped early */

	_Atomic size_t count;    /* entries readers may use */
	_Atomic size_t scanned;  /* bytes scanned, for progress */
	_Atomic int done;
	_Atomic int cancel;

	int threaded;
	pthread_t thread;
	pthread_mutex_t lock;    /* guards finished, for ds_lineindex_wait */
	pthread_cond_t cond;
	int finished;
};

static uint64_t entry(const struct ds_lineindex *ix, size_t i)
{
	const struct chunk *c = ix->dir[i >> CHUNK_SHIFT];
	uint64_t *w = atomic_load_explicit(&((struct chunk *)c)->wide, memory_order_acquire);
	if (w)
		return w[i & CHUNK_MASK];
	return c->base + c->rel[i & CHUNK_MASK];
}

/* Appends one entry; LL_ENOMEM when a chunk cannot be allocated. Called
 * once per line, allocates once per CHUNK_LINES lines. */
static int push(struct ds_lineindex *ix, uint64_t end)
{
	size_t n = ix->found, ci = n >> CHUNK_SHIFT, j = n & CHUNK_MASK;
	struct chunk *c;
	if (j == 0) {
		if (ci >= ix->ndir)
			return LL_ENOMEM;  /* cannot happen: ndir covers a newline per byte */
		c = malloc(sizeof *c);
		if (!c)
			return LL_ENOMEM;
		c->base = n ? entry(ix, n - 1) + 1 : 0;
		atomic_init(&c->wide, NULL);
		ix->dir[ci] = c;
	} else {
		c = ix->dir[ci];
	}
	uint64_t *w = atomic_load_explicit(&c->wide, memory_order_relaxed);
	uint64_t r = end - c->base;
	if (w) {
		w[j] = end;
	} else if (r <= UINT32_MAX) {
		c->rel[j] = (uint32_t)r;
	} else {
		w = malloc(CHUNK_LINES * sizeof *w);
		if (!w)
			return LL_ENOMEM;
		for (size_t k = 0; k < j; k++)
			w[k] = c->base + c->rel[k];
		w[j] = end;
		atomic_store_explicit(&c->wide, w, memory_order_release);
	}
	ix->found = n + 1;
	return LL_OK;
}

/* Records every '\n' in data[from, to). */
static int scan_range(struct ds_lineindex *ix, size_t from, size_t to)
{
	const char *d = ix->data;
	size_t p = from;
#ifdef USE_SSE2
	const __m128i nl = _mm_set1_epi8('\n');
	for (; p + 64 <= to; p += 64) {
		const __m128i *v = (const __m128i *)(d + p);
		uint64_t m0 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(v), nl));
		uint64_t m1 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(v + 1), nl));
		uint64_t m2 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(v + 2), nl));
		uint64_t m3 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(v + 3), nl));
		uint64_t m = m0 | m1 << 16 | m2 << 32 | m3 << 48;
		while (m) {
			if (push(ix, p + (size_t)__builtin_ctzll(m)) != LL_OK)
				return LL_ENOMEM;
			m &= m - 1;
		}
	}
#endif
	while (p < to) {
		const char *hit = memchr(d + p, '\n', to - p);
		if (!hit)
			break;
		size_t at = (size_t)(hit - d);
		if (push(ix, at) != LL_OK)
			return LL_ENOMEM;
		p = at + 1;
	}
	return LL_OK;
}

static void scan_all(struct ds_lineindex *ix)
{
	while (ix->pos < ix->size) {
		if (atomic_load_explicit(&ix->cancel, memory_order_relaxed))
			return;
		size_t to = ix->size - ix->pos > PUBLISH_BYTES ? ix->pos + PUBLISH_BYTES : ix->size;
		if (scan_range(ix, ix->pos, to) != LL_OK) {
			ix->failed = 1;
			break;
		}
		ix->pos = to;
		atomic_store_explicit(&ix->count, ix->found, memory_order_release);
		atomic_store_explicit(&ix->scanned, to, memory_order_relaxed);
	}
	/* A last line without '\n' gets an entry at the end of the data. */
	if (!ix->failed && ix->size && ix->data[ix->size - 1] != '\n' && push(ix, ix->size) != LL_OK)
		ix->failed = 1;
	atomic_store_explicit(&ix->count, ix->found, memory_order_release);
	atomic_store_explicit(&ix->done, 1, memory_order_release);
}

static void *scan_thread(void *arg)
{
	struct ds_lineindex *ix = arg;
	scan_all(ix);
	pthread_mutex_lock(&ix->lock);
	ix->finished = 1;
	pthread_cond_broadcast(&ix->cond);
	pthread_mutex_unlock(&ix->lock);
	return NULL;
}

static void free_index(struct ds_lineindex *ix)
{
	if (ix->dir) {
		size_t nchunks = (ix->found + CHUNK_MASK) >> CHUNK_SHIFT;
		for (size_t i = 0; i < nchunks && i < ix->ndir; i++) {
			if (!ix->dir[i])
				break;
			free(atomic_load_explicit(&ix->dir[i]->wide, memory_order_relaxed));
			free(ix->dir[i]);
		}
		free(ix->dir);
	}
	if (ix->mapped)
		munmap((void *)ix->data, ix->size);
	pthread_mutex_destroy(&ix->lock);
	pthread_cond_destroy(&ix->cond);
	free(ix);
}

/* Shared tail of both opens: data/size/mapped are set; allocates the
 * directory and runs or starts the scan. Frees ix on failure. */
static int start(struct ds_lineindex **out, struct ds_lineindex *ix, int background, const char *name,
		 struct ll_err *err)
{
	/* At most one line per byte, plus the directory slot of a final chunk. */
	ix->ndir = (ix->size >> CHUNK_SHIFT) + 2;
	ix->dir = calloc(ix->ndir, sizeof *ix->dir);
	if (!ix->dir) {
		free_index(ix);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory for the line index", name);
	}
	if (background && ix->size) {
		if (pthread_create(&ix->thread, NULL, scan_thread, ix) == 0) {
			ix->threaded = 1;
			*out = ix;
			return LL_OK;
		}
		/* No thread to be had: scanning here is slower to show but correct. */
	}
	scan_all(ix);
	ix->finished = 1;
	if (ix->failed) {
		free_index(ix);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory for the line index", name);
	}
	*out = ix;
	return LL_OK;
}

static struct ds_lineindex *alloc_index(void)
{
	struct ds_lineindex *ix = calloc(1, sizeof *ix);
	if (!ix)
		return NULL;
	atomic_init(&ix->count, 0);
	atomic_init(&ix->scanned, 0);
	atomic_init(&ix->done, 0);
	atomic_init(&ix->cancel, 0);
	pthread_mutex_init(&ix->lock, NULL);
	pthread_cond_init(&ix->cond, NULL);
	return ix;
}

int ds_lineindex_open(struct ds_lineindex **out, const char *path, int background, struct ll_err *err)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		if (e == ENOENT)
			return ll_err_set(err, LL_EIO, "%s: no such file", path);
		if (e == EACCES)
			return ll_err_set(err, LL_EIO, "%s: permission denied", path);
		return ll_err_errno(err, LL_EIO, e, "%s: cannot open", path);
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return ll_err_errno(err, LL_EIO, e, "%s: cannot stat", path);
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return ll_err_set(err, LL_EIO, "%s: is a directory, not a file", path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return ll_err_set(err, LL_EIO, "%s: not a regular file", path);
	}
	struct ds_lineindex *ix = alloc_index();
	if (!ix) {
		close(fd);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	if (st.st_size > 0) {
		if ((uint64_t)st.st_size > SIZE_MAX) {
			close(fd);
			free_index(ix);
			return ll_err_set(err, LL_EIO, "%s: too large to map on this system", path);
		}
		ix->size = (size_t)st.st_size;
		void *map = mmap(NULL, ix->size, PROT_READ, MAP_PRIVATE, fd, 0);
		int e = errno;
		close(fd);
		if (map == MAP_FAILED) {
			ix->size = 0;
			free_index(ix);
			return ll_err_errno(err, LL_EIO, e, "%s: cannot map file", path);
		}
		ix->data = map;
		ix->mapped = 1;
		const unsigned char *b = map;
		if (ix->size >= 2 && b[0] == 0x1f && b[1] == 0x8b) {
			free_index(ix);
			return ll_err_set(err, LL_EDATA,
					  "%s: gzip-compressed; the line index needs the inflated text", path);
		}
		madvise(map, ix->size, MADV_SEQUENTIAL);
	} else {
		close(fd);
	}
	return start(out, ix, background, path, err);
}

int ds_lineindex_open_buffer(struct ds_lineindex **out, const char *data, size_t size, int background,
			     struct ll_err *err)
{
	*out = NULL;
	struct ds_lineindex *ix = alloc_index();
	if (!ix)
		return ll_err_set(err, LL_ENOMEM, "out of memory for the line index");
	ix->data = size ? data : NULL;
	ix->size = data ? size : 0;
	return start(out, ix, background, "(buffer)", err);
}

void ds_lineindex_close(struct ds_lineindex *ix)
{
	if (!ix)
		return;
	if (ix->threaded) {
		atomic_store_explicit(&ix->cancel, 1, memory_order_relaxed);
		pthread_join(ix->thread, NULL);
	}
	free_index(ix);
}

size_t ds_lineindex_count(const struct ds_lineindex *ix)
{
	return atomic_load_explicit(&((struct ds_lineindex *)ix)->count, memory_order_acquire);
}

int ds_lineindex_done(const struct ds_lineindex *ix)
{
	return atomic_load_explicit(&((struct ds_lineindex *)ix)->done, memory_order_acquire);
}

size_t ds_lineindex_scanned(const struct ds_lineindex *ix)
{
	if (ds_lineindex_done(ix))
		return ix->size;
	return atomic_load_explicit(&((struct ds_lineindex *)ix)->scanned, memory_order_relaxed);
}

size_t ds_lineindex_size(const struct ds_lineindex *ix)
{
	return ix->size;
}

void ds_lineindex_wait(struct ds_lineindex *ix)
{
	if (!ix->threaded)
		return;
	pthread_mutex_lock(&ix->lock);
	while (!ix->finished)
		pthread_cond_wait(&ix->cond, &ix->lock);
	pthread_mutex_unlock(&ix->lock);
}

int ds_lineindex_line(const struct ds_lineindex *ix, size_t i, const char **line, size_t *len)
{
	if (i >= ds_lineindex_count(ix))
		return 0;
	uint64_t begin = i ? entry(ix, i - 1) + 1 : 0, end = entry(ix, i);
	size_t n = (size_t)(end - begin);
	/* Same rule as ds_source_next_line: one CR before the end is not text. */
	if (n && ix->data[end - 1] == '\r')
		n--;
	*line = ix->data + begin;
	*len = n;
	return 1;
}

const char *ds_lineindex_data(const struct ds_lineindex *ix)
{
	return ix->data;
}
