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
 * Scanning: 64 bytes at a time with AVX2 (or SSE2 on x86-64 CPUs without
 * it, or when LOGLAB_NO_AVX2 is set) compares and a bit mask of the
 * newline positions; elsewhere, or built with -DDS_LINEINDEX_MEMCHR,
 * glibc's memchr. These were measured on a 1 GiB syslog file, see
 * bench/README.md.
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
#include <immintrin.h>
#endif

#define CHUNK_SHIFT 14
#define CHUNK_LINES ((size_t)1 << CHUNK_SHIFT)
#define CHUNK_MASK (CHUNK_LINES - 1)
/* Bytes scanned between publications, checks for cancellation and
 * dropping the pages behind: small enough that close returns within about
 * 0.1 ms, large enough that the atomic stores and madvise calls cost
 * nothing measurable. */
#define PUBLISH_BYTES ((size_t)1 << 20)

struct chunk {
	uint64_t base;              /* offset of the chunk's first line */
	_Atomic(uint64_t *) wide;   /* 64-bit entries once one did not fit */
	uint32_t rel[CHUNK_LINES];  /* entry - base */
};

struct ds_lineindex {
	const char *data;
	size_t size;
	int mapped;              /* munmap data on close */
	int avx2;                /* scan with AVX2 (the CPU has it) */
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

/* The scanner's write position, kept in registers by the scan loops: most
 * lines only store a 32-bit offset into the current chunk; a new chunk, a
 * widened chunk or an offset that does not fit goes through push(). */
struct cursor {
	size_t found;
	uint32_t *rel;   /* current chunk's narrow entries, NULL when wide or none */
	uint64_t base;
};

static void cursor_load(const struct ds_lineindex *ix, struct cursor *cu)
{
	cu->found = ix->found;
	cu->rel = NULL;
	if (cu->found & CHUNK_MASK) {
		struct chunk *c = ix->dir[(cu->found - 1) >> CHUNK_SHIFT];
		if (!atomic_load_explicit(&c->wide, memory_order_relaxed)) {
			cu->rel = c->rel;
			cu->base = c->base;
		}
	}
}

static inline int emit(struct ds_lineindex *ix, struct cursor *cu, uint64_t end)
{
	size_t j = cu->found & CHUNK_MASK;
	if (cu->rel && j && end - cu->base <= UINT32_MAX) {
		cu->rel[j] = (uint32_t)(end - cu->base);
		cu->found++;
		return LL_OK;
	}
	ix->found = cu->found;
	if (push(ix, end) != LL_OK)
		return LL_ENOMEM;
	cursor_load(ix, cu);
	return LL_OK;
}

/* Records the newlines of a 64-byte block given as a bit mask. */
static inline int emit_mask(struct ds_lineindex *ix, struct cursor *cu, uint64_t m, uint64_t at)
{
	while (m) {
		if (emit(ix, cu, at + (uint64_t)__builtin_ctzll(m)) != LL_OK)
			return LL_ENOMEM;
		m &= m - 1;
	}
	return LL_OK;
}

/* Newlines of p[i, n) the plain way; returns LL_OK or LL_ENOMEM. */
static int scan_tail(struct ds_lineindex *ix, struct cursor *cu, const char *p, size_t i, size_t n, uint64_t off)
{
	while (i < n) {
		const char *hit = memchr(p + i, '\n', n - i);
		if (!hit)
			break;
		size_t at = (size_t)(hit - p);
		if (emit(ix, cu, off + at) != LL_OK)
			return LL_ENOMEM;
		i = at + 1;
	}
	return LL_OK;
}

#ifdef USE_SSE2
static int scan_sse2(struct ds_lineindex *ix, struct cursor *cu, const char *p, size_t n, uint64_t off)
{
	const __m128i nl = _mm_set1_epi8('\n');
	size_t i = 0;
	for (; i + 64 <= n; i += 64) {
		const __m128i *v = (const __m128i *)(p + i);
		uint64_t m0 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(v), nl));
		uint64_t m1 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(v + 1), nl));
		uint64_t m2 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(v + 2), nl));
		uint64_t m3 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(v + 3), nl));
		uint64_t m = m0 | m1 << 16 | m2 << 32 | m3 << 48;
		if (m && emit_mask(ix, cu, m, off + i) != LL_OK)
			return LL_ENOMEM;
	}
	return scan_tail(ix, cu, p, i, n, off);
}

/* The same with 32-byte compares, for CPUs that have AVX2 (checked at run
 * time, so the binary still runs on any x86-64). */
__attribute__((target("avx2"))) static int scan_avx2(struct ds_lineindex *ix, struct cursor *cu, const char *p,
						      size_t n, uint64_t off)
{
	const __m256i nl = _mm256_set1_epi8('\n');
	size_t i = 0;
	for (; i + 64 <= n; i += 64) {
		const __m256i *v = (const __m256i *)(p + i);
		uint64_t m0 = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256(v), nl));
		uint64_t m1 = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256(v + 1), nl));
		uint64_t m = m0 | m1 << 32;
		if (m && emit_mask(ix, cu, m, off + i) != LL_OK)
			return LL_ENOMEM;
	}
	return scan_tail(ix, cu, p, i, n, off);
}
#endif

/* Records every '\n' in p[0, n), which holds the file's bytes from offset
 * off on. */
static int scan_range(struct ds_lineindex *ix, const char *p, size_t n, uint64_t off)
{
	struct cursor cu;
	cursor_load(ix, &cu);
	int rc;
#ifdef USE_SSE2
	if (ix->avx2)
		rc = scan_avx2(ix, &cu, p, n, off);
	else
		rc = scan_sse2(ix, &cu, p, n, off);
#else
	rc = scan_tail(ix, &cu, p, 0, n, off);
#endif
	ix->found = cu.found;
	return rc;
}

/* Scans the whole input through the mapping, publishing as it goes.
 * Pages behind the scan are dropped from the mapping (they stay in the
 * page cache; a line read later faults its page back in), so the process
 * holds the index and the pages being looked at, not the whole file: this
 * was measured as fast as populating the mapping up front and keeping it.
 * Reading the file with pread into a small buffer instead was measured
 * 1.6x slower: the copy out of the page cache costs more than the faults. */
static void scan_all(struct ds_lineindex *ix)
{
	while (ix->pos < ix->size) {
		if (atomic_load_explicit(&ix->cancel, memory_order_relaxed))
			break;
		size_t n = ix->size - ix->pos > PUBLISH_BYTES ? PUBLISH_BYTES : ix->size - ix->pos;
		if (scan_range(ix, ix->data + ix->pos, n, ix->pos) != LL_OK) {
			ix->failed = 1;
			break;
		}
		if (ix->mapped)
			madvise((void *)(ix->data + ix->pos), n, MADV_DONTNEED);
		ix->pos += n;
		atomic_store_explicit(&ix->count, ix->found, memory_order_release);
		atomic_store_explicit(&ix->scanned, ix->pos, memory_order_relaxed);
	}
	/* A last line without '\n' gets an entry at the end of the data. */
	if (!ix->failed && !atomic_load_explicit(&ix->cancel, memory_order_relaxed) && ix->size &&
	    ix->data[ix->size - 1] != '\n' && push(ix, ix->size) != LL_OK)
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
#ifdef USE_SSE2
	ix->avx2 = __builtin_cpu_supports("avx2") && !getenv("LOGLAB_NO_AVX2");
#endif
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
		unsigned char magic[2];
		if (pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
			close(fd);
			free_index(ix);
			return ll_err_set(err, LL_EDATA,
					  "%s: gzip-compressed; the line index needs the inflated text", path);
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
