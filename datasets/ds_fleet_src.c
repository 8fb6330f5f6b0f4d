/*
 * ds_fleet_src.c - one fleet file's bytes: mapped in place, or
 * decompressed (gzip, bzip2, xz, zstd: ds_codec.h) a slice at a time (see
 * ds_fleet_src.h).
 *
 * Why a temporary file for compressed files: a fleet's rotated .gz files are often
 * most of its bytes; inflated into anonymous memory they would all stay
 * resident, while pages of a mapped file are dropped behind the merge and
 * read back only when a row is viewed, exactly like a plain log's.
 */
#include "ds_fleet_src.h"
#include "ds_codec.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Address space reserved past a file's end for what is appended later,
 * and the most inflated at once. */
#define RESERVE_MIN ((size_t)64 << 20)
#define INFLATE_SLICE ((size_t)1 << 20)
/* The least inflated at once: opening a fleet asks each file for its first
 * 64 KiB, and inflating a whole slice of each of 1,000 gzip'd files was
 * most of the time to the first screen. */
#define INFLATE_MIN ((size_t)64 << 10)

static size_t page_size(void)
{
	long p = sysconf(_SC_PAGESIZE);
	return p > 0 ? (size_t)p : 4096;
}

static size_t round_up(size_t n, size_t a)
{
	return (n + a - 1) / a * a;
}

static size_t reserve_for(size_t n)
{
	size_t extra = n / 4 > RESERVE_MIN ? n / 4 : RESERVE_MIN;
	return round_up(n + extra, page_size());
}

/* Maps len bytes and makes it the current mapping (the old one is kept). */
static int map_new(struct fsrc *s, int fd, size_t len, int anon, struct ll_err *err)
{
	void *b = anon ? mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
		       : mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	if (b == MAP_FAILED)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot map %zu bytes", s->path, len);
	struct fsrc_map *m = malloc(sizeof *m);
	if (!m) {
		munmap(b, len);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", s->path);
	}
	if (!anon)
		madvise(b, len, MADV_SEQUENTIAL);
	m->base = b;
	m->len = len;
	m->older = s->map;
	s->map = m;
	return LL_OK;
}

/* An unlinked file in $TMPDIR (else /tmp); -1 when none can be made. */
static int temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	char path[4096];
	snprintf(path, sizeof path, "%s/loglab-gz-XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0)
		unlink(path);
	return fd;
}

static int open_compressed(struct fsrc *s, int fd, size_t size, enum ds_codec_kind kind, struct ll_err *err)
{
	s->gz = 1;
	s->tmpfd = -1;
	void *in = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (in == MAP_FAILED)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot map file", s->path);
	madvise(in, size, MADV_SEQUENTIAL);
	s->in = in;
	s->in_size = size;
	/* A gzip trailer holds the inflated size mod 2^32; a value below the
	 * compressed size means it wrapped (or several members). The others
	 * are guessed at ten times: what logs compress to. */
	const unsigned char *t = s->in + size - 4;
	size_t isize = kind == DS_CODEC_GZIP && size >= 18
			       ? (size_t)t[0] | (size_t)t[1] << 8 | (size_t)t[2] << 16 | (size_t)t[3] << 24
			       : 0;
	s->expect = isize >= size ? isize : size * 10;
	if (!(s->zs = ds_decoder_new(kind, s->path, err)))
		return err->code;
	s->tmpfd = temp_file();
	int rc = map_new(s, s->tmpfd, reserve_for(s->expect), s->tmpfd < 0, err);
	if (rc == LL_OK)
		atomic_store_explicit(&s->data, (const char *)s->map->base, memory_order_release);
	return rc;
}

int fsrc_open(struct fsrc *s, const char *path, size_t want, struct ll_err *err)
{
	memset(s, 0, sizeof *s);
	s->path = path;
	s->tmpfd = -1;
	atomic_init(&s->data, NULL);
	atomic_init(&s->avail, 0);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		int e = errno;
		if (e == ENOENT)
			return ll_err_set(err, LL_EIO, "%s: no such file (removed while open?)", path);
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
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return ll_err_set(err, LL_EIO, "%s: not a regular file", path);
	}
	s->dev = (uint64_t)st.st_dev;
	s->ino = (uint64_t)st.st_ino;
	s->disk_size = (long long)st.st_size;
	size_t size = (size_t)st.st_size;
	unsigned char magic[8];
	int rc = LL_OK;
	enum ds_codec_kind kind =
		size >= 2 && pread(fd, magic, sizeof magic, 0) >= 2 ? ds_codec_sniff(magic, size < 8 ? size : 8) : DS_CODEC_PLAIN;
	if (kind != DS_CODEC_PLAIN) {
		rc = open_compressed(s, fd, size, kind, err);
		close(fd);
		if (rc == LL_OK)
			rc = fsrc_more(s, want, err);
		return rc;
	}
	s->eof = 1;
	if (size) {
		rc = map_new(s, fd, reserve_for(size), 0, err);
		if (rc == LL_OK) {
			atomic_store_explicit(&s->data, (const char *)s->map->base, memory_order_release);
			atomic_store_explicit(&s->avail, size, memory_order_release);
		}
	}
	close(fd);
	return rc;
}

/* Grows the inflation target so that need bytes fit. */
static int make_room(struct fsrc *s, size_t need, struct ll_err *err)
{
	if (need <= s->map->len)
		return LL_OK;
	size_t len = s->map->len * 2 > need ? s->map->len * 2 : reserve_for(need);
	const char *old = s->map->base;
	size_t have = atomic_load_explicit(&s->avail, memory_order_relaxed);
	int rc = map_new(s, s->tmpfd, len, s->tmpfd < 0, err);
	if (rc != LL_OK)
		return rc;
	if (s->tmpfd < 0)
		memcpy(s->map->base, old, have);
	atomic_store_explicit(&s->data, (const char *)s->map->base, memory_order_release);
	return LL_OK;
}

int fsrc_more(struct fsrc *s, size_t want, struct ll_err *err)
{
	if (!s->gz || s->eof)
		return LL_OK;
	struct ds_decoder *dec = s->zs;
	unsigned char *buf = NULL;
	if (s->tmpfd >= 0 && !(buf = malloc(INFLATE_SLICE)))
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory inflating", s->path);
	int rc = LL_OK;
	size_t avail = atomic_load_explicit(&s->avail, memory_order_relaxed);
	while (!s->eof && avail < want) {
		/* small steps only at a file's start; the merge reads on in slices */
		size_t slice = avail >= INFLATE_SLICE || want - avail >= INFLATE_SLICE ? INFLATE_SLICE
			       : want - avail < INFLATE_MIN ? INFLATE_MIN : want - avail;
		if ((rc = make_room(s, avail + slice, err)) != LL_OK)
			break;
		unsigned char *out = buf ? buf : (unsigned char *)s->map->base + avail;
		size_t took = 0, made = 0;
		int end = 0;
		struct ll_err derr;
		int dr = ds_decoder_run(dec, s->in + s->in_used, s->in_size - s->in_used, &took, out, slice, &made, &end,
					&derr);
		s->in_used += took;
		if (made && buf) {
			size_t done = 0;
			while (done < made) {
				ssize_t w = pwrite(s->tmpfd, buf + done, made - done, (off_t)(avail + done));
				if (w < 0 && errno == EINTR)
					continue;
				if (w <= 0) {
					rc = ll_err_errno(err, LL_EIO, w < 0 ? errno : ENOSPC,
							  "%s: cannot keep the inflated text in a temporary file", s->path);
					break;
				}
				done += (size_t)w;
			}
			if (rc != LL_OK) {
				s->eof = 1;
				break;
			}
		}
		avail += made;
		atomic_store_explicit(&s->avail, avail, memory_order_release);
		if (dr != LL_OK) {
			/* the text before the fault stays readable */
			s->eof = 1;
			rc = ll_err_set(err, dr, "%s; kept the %zu bytes of text before it", derr.msg, avail);
		} else if (end) {
			s->eof = 1;
		}
	}
	free(buf);
	if (s->eof && s->in) {
		/* the compressed bytes are no longer needed */
		ds_decoder_free(dec);
		s->zs = NULL;
		munmap((void *)s->in, s->in_size);
		s->in = NULL;
	}
	return rc;
}

int fsrc_grow(struct fsrc *s, struct ll_err *err)
{
	if (s->gz)
		return 0;
	struct stat st;
	if (stat(s->path, &st) != 0 || (uint64_t)st.st_dev != s->dev || (uint64_t)st.st_ino != s->ino)
		return -1;
	if ((long long)st.st_size < s->disk_size)
		return -1;
	if ((long long)st.st_size == s->disk_size)
		return 0;
	size_t size = (size_t)st.st_size;
	if (!s->map || size > s->map->len) {
		int fd = open(s->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0)
			return ll_err_errno(err, LL_EIO, errno, "%s: cannot reopen", s->path), -1;
		int rc = map_new(s, fd, reserve_for(size), 0, err);
		close(fd);
		if (rc != LL_OK)
			return -1;
		atomic_store_explicit(&s->data, (const char *)s->map->base, memory_order_release);
	}
	s->disk_size = (long long)size;
	atomic_store_explicit(&s->avail, size, memory_order_release);
	return 1;
}

void fsrc_drop(struct fsrc *s, size_t off)
{
	if (!s->map || (s->gz && s->tmpfd < 0))
		return;
	size_t to = off / page_size() * page_size();
	if (to <= s->dropped)
		return;
	madvise((char *)s->map->base + s->dropped, to - s->dropped, MADV_DONTNEED);
	s->dropped = to;
}

void fsrc_close(struct fsrc *s)
{
	ds_decoder_free(s->zs);
	if (s->in)
		munmap((void *)s->in, s->in_size);
	for (struct fsrc_map *m = s->map, *next; m; m = next) {
		next = m->older;
		munmap(m->base, m->len);
		free(m);
	}
	if (s->tmpfd >= 0)
		close(s->tmpfd);
	memset(s, 0, sizeof *s);
	s->tmpfd = -1;
}

size_t fsrc_expected(const struct fsrc *s)
{
	size_t a = atomic_load_explicit(&((struct fsrc *)s)->avail, memory_order_relaxed);
	if (!s->gz || s->eof)
		return a;
	return s->expect > a ? s->expect : a;
}
