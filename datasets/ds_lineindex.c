/*
 * ds_lineindex.c - finds where every line of a (large) file ends.
 *
 * Layout: entry i is the byte offset just past line i's content, i.e. the
 * position of its '\n' (or the file size for a last line without one).
 * Line i then spans [entry(i-1) + 1, entry(i)).
 *
 * Parts. The input is cut into up to MAX_PARTS byte ranges ("parts")
 * scanned at the same time, one thread each, when the machine has the
 * cores and the input is large (SPLIT_MIN bytes a part). A part cut may
 * fall anywhere, even inside a line: entries are newline positions, which
 * do not depend on where a scan starts. Each part keeps its own entries,
 * numbered from 0; part k's first global line number is only known once
 * parts 0..k-1 are finished, and is stored then (`first`). Nothing is
 * copied when parts are joined, so the index costs the same with one part
 * or four.
 *
 * Entries of a part live in chunks of CHUNK_LINES that are allocated once
 * and never move; each chunk stores 32-bit offsets relative to its `base`,
 * so the index costs 4 bytes a line. Only when one chunk spans 4 GiB or
 * more (lines of 256 KiB on average) is it widened to 64-bit offsets; the
 * narrow copy is kept until close because a reader may still be looking
 * at it.
 *
 * Concurrency: part 0's scanner (the caller of open, or a background
 * thread) publishes how many lines are final with a release store of
 * `count`: its own as it goes, then each later part's once that part's
 * thread is joined and its `first` is set. Readers load `count` with
 * acquire and touch only entries below it, so they need no lock. Chunk
 * directories are sized for the worst case (every byte a newline) up
 * front, so they never move either.
 *
 * Memory bound. Entries cost 4 bytes a line whatever the line's length,
 * so a file of empty lines (a 1 MB gzip of 1 GB of newlines) would ask
 * for 4 GB. Every allocation of entries (a chunk, a slab, a widened
 * chunk) is charged to one atomic counter shared by the parts and refused
 * past LOGLAB_MEMORY_MAX (core/ll_limits.h): the scan then stops with
 * LL_EDATA and a message giving the lines counted, the bytes and the
 * limit, so such a file is refused within a moment instead of growing.
 * While LOGLAB_MEMORY_MAX is not set, the entries may also take no more
 * than the text itself (at least 256 MiB, 64 M lines): lines averaging
 * under 4 bytes are no log, and on a large machine half the memory would
 * still let 1 GB of newlines take 5 GB and a minute. Setting the variable
 * lifts that rule.
 *
 * Reading. A file is read with pread() into a small buffer per part and
 * scanned there: on virtual machines the page walks of a mapping cost
 * several times the copy (issue 18 measured 0.60 s through mmap against
 * 0.22 s through read() for 1 GiB). The file is still mapped, untouched
 * by the scan, for ds_lineindex_line: showing a screen of lines faults
 * in only those pages. A buffer given by the caller is scanned in place,
 * unless it is the caller's mapping of a file and the file is given too
 * (ds_lineindex_open_file_buffer: the dataset's large logs), which is read
 * like a file.
 *
 * Scanning: 64 bytes at a time with AVX2 (or SSE2 on x86-64 CPUs without
 * it, or when LOGLAB_NO_AVX2 is set) compares and a bit mask of the
 * newline positions (AVX-512's one compare into a mask measured no faster:
 * the scan waits on the copy from the page cache); elsewhere, or built with -DDS_LINEINDEX_MEMCHR,
 * glibc's memchr. A block's newline positions go to a small array first
 * and then into the index, which keeps both loops tight. Measured on a
 * 1 GiB syslog file, see bench/README.md.
 */
#include "ds_lineindex.h"
#include "ds_mapguard.h"
#include "ds_codec.h"
#include "ll_fileio.h"
#include "ll_limits.h"
#include "ll_pool.h"

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
/* Bytes read and scanned at a time: the buffer stays in the L2 cache
 * between the kernel's copy and the scan, and it is also the step of
 * publication and of checks for cancellation (close returns within about
 * 0.1 ms). 64 KiB to 256 KiB measured alike; smaller buffers pay for more
 * system calls, larger ones fall out of L2. */
#define BLOCK_BYTES ((size_t)128 << 10)
/* Parts larger than SLAB_MIN keep their entries in slabs of SLAB_CHUNKS
 * chunks (2 MiB, one huge page); smaller ones in a block per chunk, so a
 * small file does not hold 2 MiB. */
#define SLAB_CHUNKS 32
#define CHUNK_BYTES (CHUNK_LINES * sizeof(uint32_t))
#define SLAB_BYTES (SLAB_CHUNKS * CHUNK_BYTES)
#define OWN_BLOCK 1
#define OWN_SLAB 2
#define SLAB_MIN ((size_t)64 << 20)
/* Parts: at most this many threads scan one input ... */
#define MAX_PARTS 4
/* ... and each part gets at least this many bytes. A thread costs about
 * 50 us to start, but on a shared machine a second part may wait for a
 * core far longer than the ~30 ms a 100 MiB scan takes: in two runs of
 * bench_index.sh at load 7-8 one part took 0.113 and 0.046 s on 100 MiB,
 * two parts 0.128 and 0.107 s (bench/ISSUE18.md). */
#define SPLIT_MIN ((size_t)128 << 20)
/* Entries of any file may take this much under default limits. */
#define SIZE_RULE_MIN ((uint64_t)256 << 20)

struct chunk {
	uint64_t base;              /* every entry of the chunk is >= base */
	_Atomic(uint64_t *) wide;   /* 64-bit entries once one did not fit */
	uint32_t *rel;              /* CHUNK_LINES entries - base; NULL until the chunk is started */
	int owns_rel;               /* OWN_BLOCK: rel is a malloc block; OWN_SLAB: rel starts a slab */
};

struct part {
	struct ds_lineindex *ix;
	uint64_t lo, hi;            /* bytes [lo, hi) of the input */
	_Atomic size_t first;       /* global number of its first line; set when earlier parts end */
	struct chunk *dir;          /* ndir chunks, started in order */
	size_t ndir;
	uint32_t *slab;             /* entries of the next chunks come from here ... */
	size_t slab_left;           /* ... for this many more chunks */
	int use_slabs;              /* large part: entries in huge-page slabs */
	size_t found;               /* entries written (scanner-private until published) */
	_Atomic uint64_t pos;       /* next byte to scan, for progress */
	int failed;                 /* LL_ENOMEM, LL_EDATA (memory limit) or LL_EIO: the scan stopped early */
	int read_errno;             /* with LL_EIO: errno of pread, 0 when the file shrank */
	char last;                  /* the last byte scanned */
	char *buf;                  /* BLOCK_BYTES, when reading a file */
	uint32_t *hits;             /* newline positions of the current block */
	pthread_t thread;
	int threaded;
};

struct ds_lineindex {
	_Atomic(const char *) data; /* moves only by ds_lineindex_append, to a mapping covering more */
	const char *map;         /* the mapping made by ds_lineindex_open, unmapped on close */
	size_t size;
	int mapped;              /* munmap data on close */
	int fd;                  /* read by the scan; -1 for a caller's buffer or once the scan ends */
	uint64_t fd_base;        /* the file offset of data[0] */
	int avx2;                /* scan with AVX2 (the CPU has it) */
	struct part parts[MAX_PARTS];
	int nparts;

	_Atomic size_t count;    /* entries readers may use */
	/* A last line without '\n' has no entry: it ends at open_end. Kept
	 * apart so that the line can become whole (ds_lineindex_append)
	 * without an entry readers may be using changing under them. */
	_Atomic size_t open_row; /* SIZE_MAX when every line has its '\n' */
	_Atomic uint64_t open_end;
	/* Lines appended after the scan (tail mode): a part of its own whose
	 * chunk directory is reserved address space (TAIL_CHUNKS), so that it
	 * never moves; its `first` is SIZE_MAX until the first append. */
	struct part tail;
	uint64_t end;            /* bytes indexed: past the last '\n' known (appends start there) */
	_Atomic int done;
	_Atomic int cancel;
	int failed;              /* status of the scan once done: LL_OK, LL_ENOMEM, LL_EDATA or LL_EIO */
	uint64_t budget;         /* bytes the entries may take (LOGLAB_MEMORY_MAX) */
	int budget_by_size;      /* the budget is the text's size (default limits only) */
	_Atomic uint64_t charged; /* bytes of entries allocated so far, over all parts */
	uint64_t failed_at;      /* byte where it stopped */
	int read_errno;

	int threaded;
	pthread_t thread;
	pthread_mutex_t lock;    /* guards finished, for ds_lineindex_wait */
	pthread_cond_t cond;
	int finished;
};

static uint64_t part_entry(const struct part *p, size_t j)
{
	const struct chunk *c = &p->dir[j >> CHUNK_SHIFT];
	uint64_t *w = atomic_load_explicit(&((struct chunk *)c)->wide, memory_order_acquire);
	if (w)
		return w[j & CHUNK_MASK];
	return c->base + c->rel[j & CHUNK_MASK];
}

/* Entry i, for i below the published count. */
static uint64_t entry(const struct ds_lineindex *ix, size_t i)
{
	const struct part *t = &ix->tail;
	size_t tf = atomic_load_explicit(&((struct part *)t)->first, memory_order_relaxed);
	if (i >= tf)
		return part_entry(t, i - tf);
	int k = ix->nparts - 1;
	/* later parts' `first` is SIZE_MAX until they are published */
	while (k > 0 && i < atomic_load_explicit(&((struct part *)&ix->parts[k])->first, memory_order_relaxed))
		k--;
	const struct part *p = &ix->parts[k];
	return part_entry(p, i - atomic_load_explicit(&((struct part *)p)->first, memory_order_relaxed));
}

/* Entries for a new chunk. A large part takes them from slabs of
 * SLAB_CHUNKS chunks aligned for transparent huge pages: every first
 * touch of a 4 KiB page is a fault, which virtual machines make dear
 * (on the VM of issue 18 the faults of a 1 GiB file's index cost more
 * than its scan); a 2 MiB page faults once. */
static uint32_t *map_slab(void)
{
	/* over-allocate and trim to an aligned SLAB_BYTES */
	char *m = mmap(NULL, 2 * SLAB_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	char *a = (char *)(((uintptr_t)m + SLAB_BYTES - 1) & ~(uintptr_t)(SLAB_BYTES - 1));
	if (a > m)
		munmap(m, (size_t)(a - m));
	if (m + 2 * SLAB_BYTES > a + SLAB_BYTES)
		munmap(a + SLAB_BYTES, (size_t)(m + 2 * SLAB_BYTES - (a + SLAB_BYTES)));
#ifdef MADV_HUGEPAGE
	madvise(a, SLAB_BYTES, MADV_HUGEPAGE);
#endif
	return (uint32_t *)a;
}

/* Charges bytes of entries to the index's budget; 0 when they would pass it. */
static int charge(struct ds_lineindex *ix, uint64_t bytes)
{
	uint64_t before = atomic_fetch_add_explicit(&ix->charged, bytes, memory_order_relaxed);
	return before + bytes <= ix->budget;
}

/* Entries for a new chunk, or NULL with *rc LL_ENOMEM, or LL_EDATA when
 * the memory limit would be passed. */
static uint32_t *chunk_entries(struct part *p, int *owns, int *rc)
{
	*rc = LL_EDATA;
	if (!p->use_slabs) {
		*owns = OWN_BLOCK;
		if (!charge(p->ix, CHUNK_BYTES))
			return NULL;
		*rc = LL_ENOMEM;
		return malloc(CHUNK_BYTES);
	}
	if (p->slab_left == 0) {
		if (!charge(p->ix, SLAB_BYTES))
			return NULL;
		*rc = LL_ENOMEM;
		p->slab = map_slab();
		if (!p->slab)
			return NULL;
		p->slab_left = SLAB_CHUNKS;
		*owns = OWN_SLAB;
	} else {
		*owns = 0;
	}
	uint32_t *r = p->slab;
	p->slab += CHUNK_LINES;
	p->slab_left--;
	return r;
}

/* Appends one entry to a part; LL_ENOMEM when a chunk cannot be
 * allocated, LL_EDATA when it would pass the memory limit. Called for the first line of a chunk and for offsets that
 * do not fit 32 bits; the scan loop stores the others itself. */
static int push(struct part *p, uint64_t end)
{
	size_t n = p->found, ci = n >> CHUNK_SHIFT, j = n & CHUNK_MASK;
	if (ci >= p->ndir)
		return LL_ENOMEM;  /* cannot happen: ndir covers a newline per byte */
	struct chunk *c = &p->dir[ci];
	if (j == 0) {
		int rc;
		c->rel = chunk_entries(p, &c->owns_rel, &rc);
		if (!c->rel)
			return rc;
		c->base = n ? part_entry(p, n - 1) + 1 : p->lo;
		atomic_init(&c->wide, NULL);
	}
	uint64_t *w = atomic_load_explicit(&c->wide, memory_order_relaxed);
	uint64_t r = end - c->base;
	if (w) {
		w[j] = end;
	} else if (r <= UINT32_MAX) {
		c->rel[j] = (uint32_t)r;
	} else {
		if (!charge(p->ix, CHUNK_LINES * sizeof *w))
			return LL_EDATA;
		w = malloc(CHUNK_LINES * sizeof *w);
		if (!w)
			return LL_ENOMEM;
		for (size_t k = 0; k < j; k++)
			w[k] = c->base + c->rel[k];
		w[j] = end;
		atomic_store_explicit(&c->wide, w, memory_order_release);
	}
	p->found = n + 1;
	return LL_OK;
}

/* Records the newlines at off + hits[0..n) (increasing). Most lines only
 * store a 32-bit offset into the current chunk; a new chunk, a widened
 * chunk or an offset that does not fit goes through push(). */
static int sink(struct part *p, const uint32_t *hits, size_t n, uint64_t off)
{
	size_t i = 0;
	while (i < n) {
		size_t found = p->found, j = found & CHUNK_MASK;
		struct chunk *c = j ? &p->dir[found >> CHUNK_SHIFT] : NULL;
		if (!c || atomic_load_explicit(&c->wide, memory_order_relaxed)) {
			int rc = push(p, off + hits[i]);
			if (rc != LL_OK)
				return rc;
			i++;
			continue;
		}
		/* the fast run: as many as fit in this chunk with 32-bit offsets */
		size_t room = CHUNK_LINES - j, m = n - i < room ? n - i : room;
		uint64_t last = off + hits[i + m - 1];
		if (last - c->base > UINT32_MAX) {
			int rc = push(p, off + hits[i]);
			if (rc != LL_OK)
				return rc;
			i++;
			continue;
		}
		uint32_t *dst = c->rel + j;
		uint32_t delta = (uint32_t)(off - c->base);
		for (size_t k = 0; k < m; k++)
			dst[k] = delta + hits[i + k];
		p->found = found + m;
		i += m;
	}
	return LL_OK;
}

/* Newline positions in p[0, n) into hits (n <= BLOCK_BYTES); returns how
 * many. */
static size_t find_tail(const char *p, size_t i, size_t n, uint32_t *hits, size_t k)
{
	while (i < n) {
		const char *hit = memchr(p + i, '\n', n - i);
		if (!hit)
			break;
		size_t at = (size_t)(hit - p);
		hits[k++] = (uint32_t)at;
		i = at + 1;
	}
	return k;
}

#ifdef USE_SSE2
static inline size_t put_mask(uint64_t m, size_t at, uint32_t *hits, size_t k)
{
	while (m) {
		hits[k++] = (uint32_t)(at + (size_t)__builtin_ctzll(m));
		m &= m - 1;
	}
	return k;
}

/* put_mask for a block where lines longer than it give one newline or
 * none: the first position is written whether or not there is one and
 * counted only when there is, so that no branch guesses at each block;
 * hits has room for it (k stays below the block's offset). */
static inline size_t put_mask_first(uint64_t m, size_t at, uint32_t *hits, size_t k)
{
	hits[k] = (uint32_t)(at + (size_t)__builtin_ctzll(m | 1ull << 63));
	k += m != 0;
	m &= m - 1;
	return m ? put_mask(m, at, hits, k) : k;
}

static size_t find_sse2(const char *p, size_t n, uint32_t *hits)
{
	const __m128i nl = _mm_set1_epi8('\n');
	size_t i = 0, k = 0;
	for (; i + 64 <= n; i += 64) {
		const __m128i *v = (const __m128i *)(p + i);
		uint64_t m0 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(v), nl));
		uint64_t m1 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(v + 1), nl));
		uint64_t m2 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(v + 2), nl));
		uint64_t m3 = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(v + 3), nl));
		k = put_mask_first(m0 | m1 << 16 | m2 << 32 | m3 << 48, i, hits, k);
	}
	return find_tail(p, i, n, hits, k);
}

/* The same with 32-byte compares, for CPUs that have AVX2 (checked at run
 * time, so the binary still runs on any x86-64). */
__attribute__((target("avx2"))) static size_t find_avx2(const char *p, size_t n, uint32_t *hits)
{
	const __m256i nl = _mm256_set1_epi8('\n');
	size_t i = 0, k = 0;
	for (; i + 64 <= n; i += 64) {
		const __m256i *v = (const __m256i *)(p + i);
		uint64_t m0 = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256(v), nl));
		uint64_t m1 = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256(v + 1), nl));
		k = put_mask_first(m0 | m1 << 32, i, hits, k);
	}
	return find_tail(p, i, n, hits, k);
}
#endif

static size_t find_newlines(const struct ds_lineindex *ix, const char *p, size_t n, uint32_t *hits)
{
#ifdef USE_SSE2
	return ix->avx2 ? find_avx2(p, n, hits) : find_sse2(p, n, hits);
#else
	(void)ix;
	return find_tail(p, 0, n, hits, 0);
#endif
}

/* Up to BLOCK_BYTES of the part at pos: in place for a buffer, else read
 * into the part's buffer. Returns the bytes available (0 with p->failed
 * set when reading failed or the file ended early). */
static size_t fetch(struct part *p, uint64_t pos, const char **at)
{
	const struct ds_lineindex *ix = p->ix;
	size_t want = p->hi - pos < BLOCK_BYTES ? (size_t)(p->hi - pos) : BLOCK_BYTES;
	if (ix->fd < 0) {
		*at = atomic_load_explicit(&((struct ds_lineindex *)ix)->data, memory_order_relaxed) + pos;
		return want;
	}
	int why;
	size_t got = ll_pread_full(ix->fd, p->buf, want, (off_t)(ix->fd_base + pos), &why);
	if (got < want) {
		/* why == 0: the file was truncated under us */
		p->failed = LL_EIO;
		p->read_errno = why;
	}
	*at = p->buf;
	return got;
}

/* Scans the part, publishing the count as it goes when publish is set
 * (part 0: its lines are final at once). */
static void scan_part(struct part *p, int publish)
{
	struct ds_lineindex *ix = p->ix;
	uint64_t pos = p->lo;
	while (pos < p->hi && !p->failed) {
		if (atomic_load_explicit(&ix->cancel, memory_order_relaxed))
			break;
		const char *at;
		size_t n = fetch(p, pos, &at);
		if (n)
			p->last = at[n - 1];
		size_t nh = find_newlines(ix, at, n, p->hits);
		int rc = sink(p, p->hits, nh, pos);
		if (rc != LL_OK) {
			p->failed = rc;
			break;
		}
		pos += n;
		if (publish)
			atomic_store_explicit(&ix->count, p->found, memory_order_release);
		atomic_store_explicit(&p->pos, pos, memory_order_relaxed);
	}
}

static void *part_thread(void *arg)
{
	scan_part(arg, 0);
	return NULL;
}

/* Scans everything: parts 1.. in threads, part 0 here, then joins the
 * parts in order and publishes their lines. */
static void scan_all(struct ds_lineindex *ix)
{
	for (int k = 1; k < ix->nparts; k++)
		if (pthread_create(&ix->parts[k].thread, NULL, part_thread, &ix->parts[k]) == 0)
			ix->parts[k].threaded = 1;
	scan_part(&ix->parts[0], 1);
	size_t total = ix->parts[0].found;
	int stop = ix->parts[0].failed;
	if (stop) {
		ix->failed = stop;
		ix->failed_at = atomic_load(&ix->parts[0].pos);
		ix->read_errno = ix->parts[0].read_errno;
	}
	for (int k = 1; k < ix->nparts; k++) {
		struct part *p = &ix->parts[k];
		if (p->threaded) {
			pthread_join(p->thread, NULL);
			p->threaded = 0;
		} else if (!stop) {
			scan_part(p, 0);  /* no thread to be had: scan it here */
		}
		if (stop || atomic_load_explicit(&ix->cancel, memory_order_relaxed))
			continue;  /* lines after a gap would get wrong numbers */
		atomic_store_explicit(&p->first, total, memory_order_relaxed);
		total += p->found;
		atomic_store_explicit(&ix->count, total, memory_order_release);
		if (p->failed) {
			stop = 1;
			ix->failed = p->failed;
			ix->failed_at = atomic_load(&p->pos);
			ix->read_errno = p->read_errno;
		}
	}
	/* A last line without '\n' gets an entry at the end of the data. The
	 * byte is the one the scan read: read again, a file cut after the scan
	 * would lose its last line from an index that says it is complete. */
	struct part *last = &ix->parts[ix->nparts - 1];
	if (!stop && !atomic_load_explicit(&ix->cancel, memory_order_relaxed) && ix->size) {
		const struct part *end = last;
		while (end > ix->parts && end->hi <= end->lo)
			end--;  /* an empty last part read nothing */
		char c = ix->fd < 0 ? atomic_load_explicit(&ix->data, memory_order_relaxed)[ix->size - 1] : end->last;
		ix->end = ix->size;
		if (c != '\n') {
			atomic_store_explicit(&ix->open_end, ix->size, memory_order_relaxed);
			atomic_store_explicit(&ix->open_row, total, memory_order_relaxed);
			ix->end = total ? entry(ix, total - 1) + 1 : 0;
			total++;
		}
	}
	atomic_store_explicit(&ix->count, total, memory_order_release);
	if (ix->fd >= 0) {
		close(ix->fd);
		ix->fd = -1;
	}
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
	for (int k = 0; k < MAX_PARTS; k++) {
		struct part *p = &ix->parts[k];
		if (p->dir) {
			for (size_t i = 0; i < p->ndir && p->dir[i].rel; i++) {
				free(atomic_load_explicit(&p->dir[i].wide, memory_order_relaxed));
				if (p->dir[i].owns_rel == OWN_BLOCK)
					free(p->dir[i].rel);
				else if (p->dir[i].owns_rel == OWN_SLAB)
					munmap(p->dir[i].rel, SLAB_BYTES);
			}
			free(p->dir);
		}
		free(p->buf);
		free(p->hits);
	}
	struct part *t = &ix->tail;
	if (t->dir) {
		for (size_t i = 0; i < t->ndir && t->dir[i].rel; i++) {
			free(atomic_load_explicit(&t->dir[i].wide, memory_order_relaxed));
			free(t->dir[i].rel);
		}
		munmap(t->dir, t->ndir * sizeof *t->dir);
	}
	if (ix->fd >= 0)
		close(ix->fd);
	if (ix->mapped) {
		ds_mapguard_remove(ix->map);
		munmap((void *)ix->map, ix->size);
	}
	pthread_mutex_destroy(&ix->lock);
	pthread_cond_destroy(&ix->cond);
	free(ix);
}

/* How many parts to scan at once: one per online CPU up to MAX_PARTS, at
 * least SPLIT_MIN bytes each. LOGLAB_INDEX_PARTS=N (1..MAX_PARTS) forces N
 * for inputs of N bytes or more, so tests can cut small files anywhere. */
static int choose_parts(size_t size)
{
	const char *force = getenv("LOGLAB_INDEX_PARTS");
	if (force && *force) {
		long n = strtol(force, NULL, 10);
		n = n < 1 ? 1 : n > MAX_PARTS ? MAX_PARTS : n;
		return (size_t)n <= size ? (int)n : size ? (int)size : 1;
	}
	long cpus = ll_pool_cpus();
	size_t n = size / SPLIT_MIN;
	if (cpus < 1)
		cpus = 1;
	if (n > (size_t)cpus)
		n = (size_t)cpus;
	return n < 1 ? 1 : n > MAX_PARTS ? MAX_PARTS : (int)n;
}

/* Shared tail of both opens: data/size/mapped/fd are set; cuts the parts,
 * allocates their directories and runs or starts the scan. Frees ix on
 * failure. */
static int start(struct ds_lineindex **out, struct ds_lineindex *ix, int background, const char *name,
		 struct ll_err *err)
{
	/* see "Memory bound" above */
	uint64_t floor = SIZE_RULE_MIN;
	const char *f = getenv("LOGLAB_INDEX_FLOOR");
	if (f && *f)
		ll_parse_size(f, &floor);
	uint64_t by_size = ix->size > floor ? (uint64_t)ix->size : floor;
	if (!ll_limit_is_set(LL_LIMIT_MEMORY) && by_size < ix->budget) {
		ix->budget = by_size;
		ix->budget_by_size = 1;
	}
	ix->nparts = choose_parts(ix->size);
	int ok = 1;
	for (int k = 0; k < ix->nparts; k++) {
		struct part *p = &ix->parts[k];
		p->ix = ix;
		p->lo = ix->size / (size_t)ix->nparts * (size_t)k;
		p->hi = k + 1 == ix->nparts ? ix->size : ix->size / (size_t)ix->nparts * (size_t)(k + 1);
		atomic_init(&p->first, k ? SIZE_MAX : 0);
		atomic_init(&p->pos, p->lo);
		/* At most one line per byte, plus the directory slot of a final chunk. */
		p->ndir = ((p->hi - p->lo) >> CHUNK_SHIFT) + 2;
		p->dir = calloc(p->ndir, sizeof *p->dir);
		p->use_slabs = p->hi - p->lo >= SLAB_MIN;
		size_t block = p->hi - p->lo < BLOCK_BYTES ? (size_t)(p->hi - p->lo) : BLOCK_BYTES;
		p->hits = malloc((block ? block : 1) * sizeof *p->hits);
		if (ix->fd >= 0)
			p->buf = malloc(block ? block : 1);
		ok &= p->dir && p->hits && (ix->fd < 0 || p->buf);
	}
	if (!ok) {
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
		struct ll_err e;
		ds_lineindex_status(ix, &e);
		free_index(ix);
		return ll_err_set(err, e.code, "%s: %s", name, e.msg);
	}
	*out = ix;
	return LL_OK;
}

static struct ds_lineindex *alloc_index(void)
{
	struct ds_lineindex *ix = calloc(1, sizeof *ix);
	if (!ix)
		return NULL;
	ix->fd = -1;
#ifdef USE_SSE2
	ix->avx2 = __builtin_cpu_supports("avx2") && !getenv("LOGLAB_NO_AVX2");
#endif
	atomic_init(&ix->count, 0);
	atomic_init(&ix->done, 0);
	atomic_init(&ix->cancel, 0);
	atomic_init(&ix->charged, 0);
	atomic_init(&ix->open_row, SIZE_MAX);
	atomic_init(&ix->open_end, 0);
	atomic_init(&ix->tail.first, SIZE_MAX);
	ix->tail.ix = ix;
	ix->budget = ll_limit(LL_LIMIT_MEMORY);
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
		unsigned char magic[DS_CODEC_SNIFF_LEN];
		ssize_t got = pread(fd, magic, sizeof magic, 0);
		enum ds_codec_kind kind = got > 0 ? ds_codec_sniff(magic, (size_t)got) : DS_CODEC_PLAIN;
		if (kind != DS_CODEC_PLAIN) {
			close(fd);
			free_index(ix);
			return ll_err_set(err, LL_EDATA, "%s: compressed (%s); the line index needs the decompressed text",
					  path, ds_codec_name(kind));
		}
		ix->size = (size_t)st.st_size;
		void *map = mmap(NULL, ix->size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			int e = errno;
			close(fd);
			ix->size = 0;
			free_index(ix);
			return ll_err_errno(err, LL_EIO, e, "%s: cannot map file", path);
		}
		ds_mapguard_add(map, ix->size);
		ix->map = map;
		atomic_init(&ix->data, (const char *)map);
		ix->mapped = 1;
		ix->fd = fd;
		/* A cold file is read ahead in larger steps. */
		posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
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
	atomic_init(&ix->data, size ? data : NULL);
	ix->size = data ? size : 0;
	return start(out, ix, background, "(buffer)", err);
}

int ds_lineindex_open_file_buffer(struct ds_lineindex **out, const char *data, size_t size, int fd, uint64_t base,
				  int background, struct ll_err *err)
{
	*out = NULL;
	struct ds_lineindex *ix = alloc_index();
	if (!ix) {
		close(fd);
		return ll_err_set(err, LL_ENOMEM, "out of memory for the line index");
	}
	atomic_init(&ix->data, size ? data : NULL);
	ix->size = data ? size : 0;
	if (ix->size) {
		ix->fd = fd;
		ix->fd_base = base;
		posix_fadvise(fd, (off_t)base, (off_t)size, POSIX_FADV_SEQUENTIAL);
	} else {
		close(fd);
	}
	return start(out, ix, background, "(file)", err);
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
	size_t sum = 0;
	for (int k = 0; k < ix->nparts; k++) {
		struct part *p = (struct part *)&ix->parts[k];
		sum += (size_t)(atomic_load_explicit(&p->pos, memory_order_relaxed) - p->lo);
	}
	return sum;
}

int ds_lineindex_shrunk(const struct ds_lineindex *ix)
{
	return ix && ix->mapped && ds_mapguard_shrunk(ix->map);
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

int ds_lineindex_status(const struct ds_lineindex *ix, struct ll_err *err)
{
	if (!ds_lineindex_done(ix) || !ix->failed)
		return LL_OK;
	if (ix->failed == LL_ENOMEM)
		return ll_err_set(err, LL_ENOMEM, "out of memory for the line index after %zu lines",
				  ds_lineindex_count(ix));
	if (ix->failed == LL_EDATA) {
		/* lines found by every part, published or not */
		size_t lines = 0;
		for (int k = 0; k < ix->nparts; k++)
			lines += ix->parts[k].found;
		char lim[32], sz[32];
		ll_format_bytes((double)ix->budget, lim, sizeof lim);
		ll_format_bytes((double)ix->size, sz, sizeof sz);
		if (ix->budget_by_size)
			return ll_err_set(err, LL_EDATA,
					  "too many lines: %zu lines found before the line index (4 bytes a line) reached "
					  "%s, the size of the text (lines this short are no log); "
					  "LOGLAB_MEMORY_MAX=SIZE allows up to SIZE; not read",
					  lines, lim);
		return ll_err_set(err, LL_EDATA,
				  "too many lines: %zu lines found before the line index (4 bytes a line) reached "
				  "the memory limit of %s (%s) in %s of text; not read",
				  lines, lim, ll_limit_env(LL_LIMIT_MEMORY), sz);
	}
	if (ix->read_errno)
		return ll_err_errno(err, LL_EIO, ix->read_errno, "read error at byte %llu",
				    (unsigned long long)ix->failed_at);
	return ll_err_set(err, LL_EIO, "the file shrank while it was indexed (it ended near byte %llu of %zu)",
			  (unsigned long long)ix->failed_at, ix->size);
}

size_t ds_lineindex_memory(const struct ds_lineindex *ix)
{
	if (!ds_lineindex_done(ix))
		return 0;
	size_t bytes = sizeof *ix;
	for (int k = 0; k <= ix->nparts; k++) {
		/* the parts scanned, then the one of lines appended */
		const struct part *p = k < ix->nparts ? &ix->parts[k] : &ix->tail;
		if (!p->dir)
			continue;
		size_t used = 0;
		for (size_t i = 0; i < p->ndir && p->dir[i].rel; i++) {
			used++;
			if (p->dir[i].owns_rel == OWN_SLAB)
				bytes += SLAB_BYTES;
			if (atomic_load_explicit(&((struct chunk *)&p->dir[i])->wide, memory_order_relaxed))
				bytes += CHUNK_LINES * sizeof(uint64_t);
		}
		if (!p->use_slabs)
			bytes += used * CHUNK_BYTES;
		bytes += used * sizeof(struct chunk);
	}
	return bytes;
}

int ds_lineindex_range(const struct ds_lineindex *ix, size_t i, uint64_t *begin, uint64_t *end)
{
	if (i >= ds_lineindex_count(ix))
		return 0;
	struct ds_lineindex *m = (struct ds_lineindex *)ix;
	*begin = i ? entry(ix, i - 1) + 1 : 0;
	/* acquire: once the open line is whole, its entry is there */
	if (i == atomic_load_explicit(&m->open_row, memory_order_acquire))
		*end = atomic_load_explicit(&m->open_end, memory_order_relaxed);
	else
		*end = entry(ix, i);
	return 1;
}

int ds_lineindex_line(const struct ds_lineindex *ix, size_t i, const char **line, size_t *len)
{
	uint64_t begin, end;
	if (!ds_lineindex_range(ix, i, &begin, &end))
		return 0;
	size_t n = (size_t)(end - begin);
	/* Same rule as ds_source_next_line: one CR before the end is not text. */
	/* loaded after the count (in range): a mapping covering line i */
	const char *data = ds_lineindex_data(ix);
	if (n && data[end - 1] == '\r')
		n--;
	*line = data + begin;
	*len = n;
	return 1;
}

const char *ds_lineindex_data(const struct ds_lineindex *ix)
{
	return atomic_load_explicit(&((struct ds_lineindex *)ix)->data, memory_order_acquire);
}

/* Chunks an appended part may have: reserved address space (32 MiB for
 * 16 G lines), of which only the pages of chunks started are touched. */
#define TAIL_CHUNKS ((size_t)1 << 20)

int ds_lineindex_append(struct ds_lineindex *ix, const char *data, uint64_t at, const char *bytes, size_t n,
			size_t *added, struct ll_err *err)
{
	*added = 0;
	if (!ds_lineindex_done(ix) || ix->failed)
		return ll_err_set(err, LL_EUSAGE, "the line index is not complete: nothing can be appended to it");
	if (at != ix->end)
		return ll_err_set(err, LL_EUSAGE, "lines appended at byte %llu, but the index ends at byte %llu",
				  (unsigned long long)at, (unsigned long long)ix->end);
	if (n == 0)
		return LL_OK;
	if (bytes[n - 1] != '\n')
		return ll_err_set(err, LL_EUSAGE, "appended bytes must end with a complete line");
	struct part *t = &ix->tail;
	if (!t->dir) {
		void *dir = mmap(NULL, TAIL_CHUNKS * sizeof *t->dir, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (dir == MAP_FAILED)
			return ll_err_set(err, LL_ENOMEM, "out of memory for the line index's new lines");
		t->dir = dir; /* anonymous pages read as zeros: chunks not started */
		t->ndir = TAIL_CHUNKS;
		t->lo = at;
	}
	/* the text of the new lines first: readers reach it through the count */
	if (data)
		atomic_store_explicit(&ix->data, data, memory_order_release);
	size_t count = ds_lineindex_count(ix), open = atomic_load_explicit(&ix->open_row, memory_order_relaxed);
	size_t first = atomic_load_explicit(&t->first, memory_order_relaxed);
	if (first == SIZE_MAX) {
		/* the open line, when there is one, is the part's first: its
		 * entry comes from these bytes */
		first = open != SIZE_MAX ? open : count;
		atomic_store_explicit(&t->first, first, memory_order_relaxed);
	}
	size_t lines = 0;
	for (const char *p = bytes, *stop = bytes + n; p < stop;) {
		const char *nl = memchr(p, '\n', (size_t)(stop - p));
		if (!nl)
			break;
		int rc = push(t, at + (uint64_t)(nl - bytes));
		if (rc != LL_OK)
			return rc == LL_EDATA ? ll_err_set(err, rc, "too many lines for the line index's memory limit")
					      : ll_err_set(err, rc, "out of memory for the line index's new lines");
		lines++;
		p = nl + 1;
	}
	ix->end = at + n;
	if (open != SIZE_MAX) {
		/* the open line is whole: its entry is the first pushed */
		atomic_store_explicit(&ix->open_row, SIZE_MAX, memory_order_release);
		lines--;
	}
	atomic_store_explicit(&ix->count, count + lines, memory_order_release);
	*added = lines;
	return LL_OK;
}

uint64_t ds_lineindex_end(const struct ds_lineindex *ix)
{
	return ds_lineindex_done(ix) ? ix->end : 0;
}
