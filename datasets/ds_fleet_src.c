/*
 * ds_fleet_src.c - one fleet file's bytes: mapped in place, or
 * decompressed (gzip, bzip2, xz, zstd, lz4, lzma, compress: ds_codec.h) a slice at a time (see
 * ds_fleet_src.h).
 *
 * Why a temporary file for compressed files: a fleet's rotated .gz files are often
 * most of its bytes; inflated into anonymous memory they would all stay
 * resident, while pages of a mapped file are dropped behind the merge and
 * read back only when a row is viewed, exactly like a plain log's. A file
 * whose text ds_source converts (UTF-16, Latin-1, terminal escape codes,
 * CR line ends) goes the same way, so it reads in a fleet as it reads
 * alone; a plain UTF-8 file stays mapped in place and followed.
 */
#include "ds_fleet_src.h"
#include "ds_mapguard.h"
#include "ds_codec.h"
#include "ds_latin1.h"
#include "ds_textconv.h"

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
	if (!anon) {
		ds_mapguard_add(b, len);
		madvise(b, len, MADV_SEQUENTIAL);
	}
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

/* The temporary file the text is made into, mapped. */
static int open_target(struct fsrc *s, struct ll_err *err)
{
	s->gz = 1;
	s->tmpfd = temp_file();
	int rc = map_new(s, s->tmpfd, reserve_for(s->expect), s->tmpfd < 0, err);
	if (rc == LL_OK)
		atomic_store_explicit(&s->data, (const char *)s->map->base, memory_order_release);
	return rc;
}

/* The next slice of the file's text as stored: decompressed into buf, or
 * (a plain file being converted) its next bytes in place. */
static int produce(struct fsrc *s, unsigned char *buf, size_t cap, const unsigned char **raw, size_t *made, int *end,
		   struct ll_err *derr)
{
	*made = 0;
	*end = 0;
	if (!s->zs) {
		size_t left = s->in_size - s->in_used;
		*raw = s->in + s->in_used;
		*made = left < cap ? left : cap;
		s->in_used += *made;
		*end = s->in_used == s->in_size;
		return LL_OK;
	}
	size_t took = 0;
	*raw = buf;
	int dr = ds_decoder_run(s->zs, s->in + s->in_used, s->in_size - s->in_used, &took, buf, cap, made, end, derr);
	s->in_used += took;
	return dr;
}

/* Decompresses the file's first bytes, up to want, into s->pend: the
 * sample the plan is made on, given to fsrc_more first. */
static int sample_more(struct fsrc *s, size_t want, struct ll_err *err)
{
	if (want > s->npend) {
		char *p = realloc(s->pend, want);
		if (!p)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory inflating", s->path);
		s->pend = p;
	}
	while (s->npend < want && !s->pend_end) {
		const unsigned char *raw;
		size_t made;
		int end;
		struct ll_err derr;
		int dr = produce(s, (unsigned char *)s->pend + s->npend, want - s->npend, &raw, &made, &end, &derr);
		s->npend += made;
		if (dr != LL_OK) {
			s->pend_rc = dr;
			snprintf(s->pend_msg, sizeof s->pend_msg, "%s", derr.msg);
		}
		s->pend_end = end || dr != LL_OK;
	}
	return LL_OK;
}

/* Whether the text is converted (ds_textconv.h), decided on its start as
 * ds_source decides on the whole: a plain file's mapped bytes, a
 * compressed file's first ones decompressed (the sample grows for UTF-16
 * and escape codes, which shorten the text the later sniffs read). */
static int plan(struct fsrc *s, struct ll_err *err)
{
	struct ds_textconv *c = calloc(1, sizeof *c);
	if (!c)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", s->path);
	size_t want = DS_TEXTCONV_SAMPLE / 4 + 8192;
	int r = 0, rc = LL_OK;
	for (;;) {
		const char *sample = (const char *)s->in;
		size_t n = s->in_size < want ? s->in_size : want;
		int whole = n == s->in_size;
		if (s->zs) {
			if ((rc = sample_more(s, want, err)) != LL_OK)
				break;
			sample = s->pend;
			n = s->npend;
			whole = s->pend_end;
		}
		ds_textconv_free(c);
		if ((r = ds_textconv_plan(c, sample, n, whole, err)) < 0) {
			rc = err->code;
			break;
		}
		if (whole)
			break;
		if ((c->utf16 || c->strip) && want < DS_TEXTCONV_SAMPLE) {
			want = DS_TEXTCONV_SAMPLE;
			continue;
		}
		/* an ASCII start: the Latin-1 sniff looks further, as on a whole file */
		if (!c->latin1 && !c->utf16 && want < DS_LATIN1_SCAN &&
		    !ds_latin1_any_high(sample, n < DS_LATIN1_SAMPLE ? n : DS_LATIN1_SAMPLE)) {
			want = DS_LATIN1_SCAN;
			continue;
		}
		break;
	}
	if (rc == LL_OK && r > 0) {
		s->conv = c;
		return LL_OK;
	}
	ds_textconv_free(c);
	free(c);
	return rc;
}

static int open_compressed(struct fsrc *s, int fd, size_t size, enum ds_codec_kind kind, struct ll_err *err)
{
	void *in = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (in == MAP_FAILED)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot map file", s->path);
	ds_mapguard_add(in, size);
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
	int rc = plan(s, err);
	return rc == LL_OK ? open_target(s, err) : rc;
}

/* A plain file whose text is converted: read from a private mapping into
 * the temporary file as a compressed one is; 0 when it reads as it is. */
static int open_converted(struct fsrc *s, int fd, size_t size, struct ll_err *err)
{
	void *in = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (in == MAP_FAILED)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot map file", s->path), -1;
	ds_mapguard_add(in, size);
	s->in = in;
	s->in_size = size;
	int rc = plan(s, err);
	if (rc != LL_OK || !s->conv) {
		ds_mapguard_remove(in);
		munmap(in, size);
		s->in = NULL;
		return rc != LL_OK ? -1 : 0;
	}
	madvise(in, size, MADV_SEQUENTIAL);
	s->expect = size;
	return open_target(s, err) == LL_OK ? 1 : -1;
}

/* Keeps the last bytes of the mapped file's first size bytes. */
static void remember_end(struct fsrc *s, size_t size)
{
	s->nseen = size < sizeof s->seen ? size : sizeof s->seen;
	memcpy(s->seen, (const char *)s->map->base + size - s->nseen, s->nseen);
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
	unsigned char magic[DS_CODEC_SNIFF_LEN];
	int rc = LL_OK;
	enum ds_codec_kind kind = size >= 2 && pread(fd, magic, sizeof magic, 0) >= 2
					  ? ds_codec_sniff(magic, size < sizeof magic ? size : sizeof magic)
					  : DS_CODEC_PLAIN;
	if (kind != DS_CODEC_PLAIN) {
		rc = open_compressed(s, fd, size, kind, err);
		close(fd);
		if (rc == LL_OK)
			rc = fsrc_more(s, want, err);
		return rc;
	}
	if (size) {
		int conv = open_converted(s, fd, size, err);
		if (conv != 0) {
			close(fd);
			return conv < 0 ? err->code : fsrc_more(s, want, err);
		}
	}
	s->eof = 1;
	if (size) {
		rc = map_new(s, fd, reserve_for(size), 0, err);
		if (rc == LL_OK) {
			atomic_store_explicit(&s->data, (const char *)s->map->base, memory_order_release);
			atomic_store_explicit(&s->avail, size, memory_order_release);
			remember_end(s, size);
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

/* Puts p[0, n) at offset at of the text. */
static int emit(struct fsrc *s, size_t at, const char *p, size_t n, struct ll_err *err)
{
	int rc = make_room(s, at + n, err);
	if (rc != LL_OK)
		return rc;
	if (s->tmpfd < 0) {
		memcpy((char *)s->map->base + at, p, n);
		return LL_OK;
	}
	for (size_t done = 0; done < n;) {
		ssize_t w = pwrite(s->tmpfd, p + done, n - done, (off_t)(at + done));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return ll_err_errno(err, LL_EIO, w < 0 ? errno : ENOSPC,
					    "%s: cannot keep the inflated text in a temporary file", s->path);
		done += (size_t)w;
	}
	return LL_OK;
}

int fsrc_more(struct fsrc *s, size_t want, struct ll_err *err)
{
	if (!s->gz || s->eof)
		return LL_OK;
	unsigned char *buf = NULL;
	if (s->zs && !(buf = malloc(INFLATE_SLICE)))
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory inflating", s->path);
	int rc = LL_OK;
	size_t avail = atomic_load_explicit(&s->avail, memory_order_relaxed);
	while (!s->eof && avail < want) {
		/* small steps only at a file's start; the merge reads on in slices */
		size_t slice = avail >= INFLATE_SLICE || want - avail >= INFLATE_SLICE ? INFLATE_SLICE
			       : want - avail < INFLATE_MIN ? INFLATE_MIN : want - avail;
		const unsigned char *raw;
		size_t made;
		int end, dr;
		struct ll_err derr;
		if (s->pend) { /* the sample the plan was made on comes first */
			raw = (const unsigned char *)s->pend;
			made = s->npend;
			end = s->pend_end && s->pend_rc == LL_OK;
			dr = s->pend_rc;
			snprintf(derr.msg, sizeof derr.msg, "%s", s->pend_msg);
		} else {
			dr = produce(s, buf, slice, &raw, &made, &end, &derr);
		}
		const char *text = (const char *)raw;
		size_t n = made;
		if (s->conv)
			rc = ds_textconv_run(s->conv, text, n, end || dr != LL_OK, &text, &n, err);
		if (rc == LL_OK)
			rc = emit(s, avail, text, n, err);
		free(s->pend);
		s->pend = NULL;
		if (rc != LL_OK) {
			s->eof = 1;
			break;
		}
		avail += n;
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
	if (!s->zs && s->in && !s->eof) {
		/* a plain file converted: its bytes read are not needed again */
		size_t to = s->in_used / page_size() * page_size();
		if (to)
			madvise((void *)s->in, to, MADV_DONTNEED);
	}
	if (s->eof && s->in) {
		/* the stored bytes are no longer needed */
		ds_decoder_free(s->zs);
		s->zs = NULL;
		ds_mapguard_remove(s->in);
		munmap((void *)s->in, s->in_size);
		s->in = NULL;
		free(s->pend);
		s->pend = NULL;
		if (s->conv)
			ds_textconv_free(s->conv); /* its counts stay */
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
	/* the mapping shows the file as it is now: the bytes read last must
	 * still be there (within the old size, so the mapping holds them) */
	if (s->nseen && memcmp((const char *)s->map->base + (size_t)s->disk_size - s->nseen, s->seen, s->nseen) != 0)
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
	remember_end(s, size);
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
	if (s->conv)
		ds_textconv_free(s->conv);
	free(s->conv);
	free(s->pend);
	if (s->in) {
		ds_mapguard_remove(s->in);
		munmap((void *)s->in, s->in_size);
	}
	for (struct fsrc_map *m = s->map, *next; m; m = next) {
		next = m->older;
		ds_mapguard_remove(m->base);
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

size_t fsrc_conv_note(const struct fsrc *s, const char *name, char *buf, size_t cap)
{
	if (cap)
		buf[0] = '\0';
	return s->conv && s->eof ? ds_textconv_note(s->conv, name, buf, cap) : 0;
}
