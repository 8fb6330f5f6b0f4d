/*
 * ds_archive.c - tar and zip archives extracted into the cache (see
 * ds_archive.h; zip members are read by ds_zip.c).
 *
 * The formats read: POSIX ustar and pax (extended headers' path and size),
 * GNU tar (long names, base-256 sizes) and old V7 headers. Members are
 * streamed from the (decompressed) archive straight to their files: an
 * archive of gigabytes never sits in memory.
 */
#include "ds_archive.h"
#include "ds_unpack.h"
#include "ds_zip.h"
#include "ds_cache.h"
#include "ds_codec.h"
#include "ds_sha256.h"
#include "ll_limits.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 512
/* in each unpacked folder: the archive's real path, then what it held */
#define MARKER DS_ARCHIVE_MARKER

/* ---- the archive's bytes, decompressed as they are read ---- */

struct instream {
	const char *path;
	const unsigned char *map;
	size_t size, pos;          /* compressed bytes taken from the map */
	struct ds_decoder *dec;    /* NULL: a plain tar, read from the map */
	unsigned char *buf;        /* decoded bytes [bpos, bhave) not yet read */
	size_t bhave, bpos;
	int end;
	uint64_t out;              /* archive bytes read so far */
};

static int in_open(struct instream *s, const char *path, struct ll_err *err)
{
	memset(s, 0, sizeof *s);
	s->path = path;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot open", path);
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
		close(fd);
		return ll_err_set(err, LL_EDATA, "%s: not an archive", path);
	}
	s->size = (size_t)st.st_size;
	void *m = mmap(NULL, s->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot map", path);
	madvise(m, s->size, MADV_SEQUENTIAL);
	s->map = m;
	enum ds_codec_kind k = ds_codec_sniff(s->map, s->size);
	if (k != DS_CODEC_PLAIN) {
		if (!(s->dec = ds_decoder_new(k, path, err)) || !(s->buf = malloc((size_t)1 << 20))) {
			int rc = s->dec ? ll_err_set(err, LL_ENOMEM, "%s: out of memory", path) : err->code;
			ds_decoder_free(s->dec);
			munmap((void *)s->map, s->size);
			return rc;
		}
	}
	return LL_OK;
}

static void in_close(struct instream *s)
{
	ds_decoder_free(s->dec);
	free(s->buf);
	if (s->map)
		munmap((void *)s->map, s->size);
	memset(s, 0, sizeof *s);
}

/* Up to n bytes into out (NULL: skipped); *got short only at the end. */
static int in_read(struct instream *s, void *out, size_t n, size_t *got, struct ll_err *err)
{
	*got = 0;
	while (*got < n) {
		if (!s->dec) {
			size_t k = s->size - s->pos < n - *got ? s->size - s->pos : n - *got;
			if (!k)
				break;
			if (out)
				memcpy((char *)out + *got, s->map + s->pos, k);
			s->pos += k;
			*got += k;
			continue;
		}
		if (s->bpos == s->bhave) {
			if (s->end)
				break;
			size_t took = 0, made = 0;
			int rc = ds_decoder_run(s->dec, s->map + s->pos, s->size - s->pos, &took, s->buf, (size_t)1 << 20,
						&made, &s->end, err);
			s->pos += took;
			s->bpos = 0;
			s->bhave = made;
			if (rc != LL_OK)
				return rc;
			if (ll_inflate_check(s->pos, s->out + made, s->path, err) != LL_OK)
				return err->code;
			continue;
		}
		size_t k = s->bhave - s->bpos < n - *got ? s->bhave - s->bpos : n - *got;
		if (out)
			memcpy((char *)out + *got, s->buf + s->bpos, k);
		s->bpos += k;
		*got += k;
	}
	s->out += *got;
	return LL_OK;
}

/* ---- headers ---- */

/* A numeric field: octal digits (blanks and NULs around them), or GNU's
 * base-256 with the top bit of its first byte set. -1 when malformed. */
static int field_num(const unsigned char *f, size_t n, uint64_t *v)
{
	*v = 0;
	if (f[0] & 0x80) {
		for (size_t i = 1; i < n; i++) {
			if (*v >> 56)
				return -1;
			*v = *v << 8 | f[i];
		}
		return f[0] == 0x80 ? 0 : -1; /* negative or too large */
	}
	size_t i = 0;
	while (i < n && f[i] == ' ')
		i++;
	int digits = 0;
	for (; i < n && f[i] >= '0' && f[i] <= '7'; i++, digits++) {
		if (*v >> 60)
			return -1;
		*v = *v << 3 | (uint64_t)(f[i] - '0');
	}
	for (; i < n; i++)
		if (f[i] != ' ' && f[i] != 0)
			return -1;
	return digits ? 0 : -1;
}

/* 1 when h is a tar header: its checksum adds up (as unsigned bytes, or as
 * signed ones, which old tars wrote). */
static int header_ok(const unsigned char *h)
{
	uint64_t want;
	if (field_num(h + 148, 8, &want) != 0)
		return 0;
	unsigned long u = 0;
	long sgn = 0;
	for (int i = 0; i < BLOCK; i++) {
		unsigned char c = i >= 148 && i < 156 ? ' ' : h[i];
		u += c;
		sgn += (signed char)c;
	}
	return want == u || (long)want == sgn;
}

static int all_zero(const unsigned char *b)
{
	for (int i = 0; i < BLOCK; i++)
		if (b[i])
			return 0;
	return 1;
}

/* 1 when b[0, n), an archive's first bytes, are a zip or a tar header. */
static int archive_start(const unsigned char *b, size_t n)
{
	return ds_zip_is(b, n) || (n == BLOCK && !all_zero(b) && header_ok(b));
}

int ds_archive_is(const char *path)
{
	/* globs ask of every file they match: a plain file's first block is one
	 * pread, a compressed one's the first 512 bytes its decoder makes */
	unsigned char first[BLOCK];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return 0;
	struct stat st;
	ssize_t got = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? pread(fd, first, sizeof first, 0) : -1;
	enum ds_codec_kind k = got > 0 ? ds_codec_sniff(first, (size_t)got) : DS_CODEC_PLAIN;
	if (got <= 0 || k == DS_CODEC_PLAIN || !ds_codec_available(k)) {
		close(fd);
		return got > 0 && k == DS_CODEC_PLAIN && archive_start(first, (size_t)got);
	}
	size_t size = (size_t)st.st_size;
	void *m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return 0;
	struct ds_decoder *d = ds_decoder_new(k, path, NULL);
	size_t in = 0, made = 0;
	int end = 0;
	while (d && made < BLOCK && !end) {
		size_t took = 0, gave = 0;
		if (ds_decoder_run(d, (const unsigned char *)m + in, size - in, &took, first + made, BLOCK - made, &gave, &end,
				   NULL) != LL_OK)
			break;
		in += took;
		made += gave;
		if (!took && !gave)
			break;
	}
	ds_decoder_free(d);
	munmap(m, size);
	/* a compressed zip is no zip: only a tar is looked for */
	return made == BLOCK && !all_zero(first) && header_ok(first);
}

/* ---- writing members ---- */

int ds_unpack_safe_name(const char *name, char *out, size_t cap)
{
	size_t o = 0;
	out[0] = '\0';
	for (const char *p = name; *p;) {
		while (*p == '/')
			p++;
		const char *e = strchr(p, '/');
		size_t k = e ? (size_t)(e - p) : strlen(p);
		if (k == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		if (k && !(k == 1 && p[0] == '.')) {
			if (o + k + 2 > cap)
				return 0;
			if (o)
				out[o++] = '/';
			memcpy(out + o, p, k);
			o += k;
			out[o] = '\0';
		}
		p += k;
	}
	return o > 0;
}

int ds_unpack_make_parents(const char *root, const char *rel, int whole)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof path, "%s/%s", root, rel);
	if (n < 0 || (size_t)n >= sizeof path)
		return -1;
	size_t start = strlen(root) + 1;
	for (size_t i = start; path[i]; i++) {
		if (path[i] != '/')
			continue;
		path[i] = '\0';
		int rc = mkdir(path, 0755);
		path[i] = '/';
		if (rc != 0 && errno != EEXIST)
			return -1;
	}
	if (whole && mkdir(path, 0755) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* The member's size bytes (and the padding to a block) into root/rel, or
 * skipped when rel is NULL. */
static int write_member(struct instream *s, const char *root, const char *rel, uint64_t size, time_t mtime,
			struct ll_err *err)
{
	int fd = -1;
	char path[PATH_MAX];
	if (rel) {
		if (ds_unpack_make_parents(root, rel, 0) != 0 ||
		    snprintf(path, sizeof path, "%s/%s", root, rel) >= (int)sizeof path ||
		    (fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644)) < 0)
			return ll_err_errno(err, LL_EIO, errno, "%s: cannot write %s from it", s->path, rel);
	}
	enum { CHUNK = 1 << 16 };
	unsigned char *chunk = malloc(CHUNK);
	uint64_t left = size + (BLOCK - size % BLOCK) % BLOCK, data = size;
	int rc = chunk ? LL_OK : ll_err_set(err, LL_ENOMEM, "%s: out of memory", s->path);
	while (left && rc == LL_OK) {
		size_t want = left < CHUNK ? (size_t)left : CHUNK, got = 0;
		if ((rc = in_read(s, chunk, want, &got, err)) != LL_OK)
			break;
		if (got < want) {
			rc = ll_err_set(err, LL_EDATA, "%s: truncated archive: %s ends early", s->path,
					rel ? rel : "a member");
			break;
		}
		size_t keep = data < got ? (size_t)data : got;
		for (size_t done = 0; fd >= 0 && done < keep;) {
			ssize_t w = write(fd, chunk + done, keep - done);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				rc = ll_err_errno(err, LL_EIO, w < 0 ? errno : ENOSPC, "%s: cannot write %s from it", s->path,
						  rel);
				break;
			}
			done += (size_t)w;
		}
		data -= keep;
		left -= got;
	}
	free(chunk);
	if (fd >= 0) {
		if (close(fd) != 0 && rc == LL_OK)
			rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write %s from it", s->path, rel);
		/* syslog stamps take their year from the file's time */
		struct timespec ts[2] = {{mtime, 0}, {mtime, 0}};
		if (rc == LL_OK)
			utimensat(AT_FDCWD, path, ts, 0);
	}
	return rc;
}

/* A pax extended header's records ("LEN key=value\n"): path and size. */
static void pax_fields(const char *p, size_t n, char *name, size_t cap, uint64_t *size, int *has_size)
{
	size_t i = 0;
	while (i < n) {
		char *end;
		unsigned long len = strtoul(p + i, &end, 10);
		if (end == p + i || *end != ' ' || len == 0 || len > n - i)
			return;
		const char *kv = end + 1, *stop = p + i + len - 1; /* before the '\n' */
		const char *eq = memchr(kv, '=', (size_t)(stop - kv));
		if (eq) {
			size_t kl = (size_t)(eq - kv), vl = (size_t)(stop - eq - 1);
			if (kl == 4 && memcmp(kv, "path", 4) == 0 && vl < cap) {
				memcpy(name, eq + 1, vl);
				name[vl] = '\0';
			} else if (kl == 4 && memcmp(kv, "size", 4) == 0) {
				*size = strtoull(eq + 1, NULL, 10);
				*has_size = 1;
			}
		}
		i += len;
	}
}

/* A member's data (a pax header's or a GNU long name) into memory. */
static int read_small(struct instream *s, uint64_t size, char **out, struct ll_err *err)
{
	*out = NULL;
	if (size > ((uint64_t)1 << 20))
		return ll_err_set(err, LL_EDATA, "%s: an extended header of %llu bytes", s->path, (unsigned long long)size);
	size_t padded = (size_t)size + (BLOCK - size % BLOCK) % BLOCK, got = 0;
	char *b = malloc(padded + 1);
	if (!b)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", s->path);
	int rc = in_read(s, b, padded, &got, err);
	if (rc == LL_OK && got < padded)
		rc = ll_err_set(err, LL_EDATA, "%s: truncated archive (in an extended header)", s->path);
	if (rc != LL_OK) {
		free(b);
		return rc;
	}
	b[size] = '\0';
	*out = b;
	return LL_OK;
}

/* Every member of the archive into root. */
static int extract_into(struct instream *s, const char *root, struct ds_unpack_tally *t, struct ll_err *err)
{
	unsigned char h[BLOCK];
	char next_name[PATH_MAX] = "", rel[PATH_MAX];
	uint64_t next_size = 0;
	int has_next_size = 0;
	for (size_t member = 0;; member++) {
		size_t got = 0;
		int rc = in_read(s, h, BLOCK, &got, err);
		if (rc != LL_OK)
			return rc;
		if (got == 0 || (got == BLOCK && all_zero(h)))
			return LL_OK; /* the end (two zero blocks; a missing second one is tolerated) */
		if (got < BLOCK)
			return ll_err_set(err, LL_EDATA, "%s: truncated archive after %zu members", s->path, member);
		if (!header_ok(h))
			return ll_err_set(err, LL_EDATA, "%s: damaged archive: header %zu (at byte %llu) does not check",
					  s->path, member + 1, (unsigned long long)(s->out - BLOCK));
		uint64_t size, mt;
		if (field_num(h + 124, 12, &size) != 0)
			return ll_err_set(err, LL_EDATA, "%s: damaged archive: member %zu has no size", s->path, member + 1);
		if (field_num(h + 136, 12, &mt) != 0)
			mt = 0;
		char type = (char)h[156];
		if (type == 'x' || type == 'g' || type == 'L') {
			char *b;
			if ((rc = read_small(s, size, &b, err)) != LL_OK)
				return rc;
			if (type == 'x')
				pax_fields(b, (size_t)size, next_name, sizeof next_name, &next_size, &has_next_size);
			else if (type == 'L')
				snprintf(next_name, sizeof next_name, "%s", b);
			free(b); /* 'g': global settings, nothing here needs them */
			continue;
		}
		if (has_next_size)
			size = next_size;
		char name[PATH_MAX];
		if (next_name[0]) {
			snprintf(name, sizeof name, "%s", next_name);
		} else {
			/* ustar: prefix "/" name, each NUL-padded */
			char pre[156] = "", nm[101];
			if (memcmp(h + 257, "ustar", 5) == 0)
				memcpy(pre, h + 345, 155);
			memcpy(nm, h, 100);
			nm[100] = '\0';
			snprintf(name, sizeof name, "%s%s%s", pre, pre[0] ? "/" : "", nm);
		}
		next_name[0] = '\0';
		has_next_size = 0;
		int safe = ds_unpack_safe_name(name, rel, sizeof rel);
		const char *to = NULL;
		if (type == '0' || type == '\0' || type == '7') {
			if (safe) {
				to = rel;
				t->files++;
				t->bytes += size;
			} else {
				t->unsafe++;
			}
		} else if (type == '5') {
			if (safe && ds_unpack_make_parents(root, rel, 1) != 0)
				return ll_err_errno(err, LL_EIO, errno, "%s: cannot make the folder %s", s->path, rel);
			t->dirs += safe;
			t->unsafe += !safe;
			size = 0;
		} else {
			t->links++; /* links, devices, FIFOs: nothing to read */
			if (type == '1' || type == '2' || type == '3' || type == '4' || type == '6')
				size = 0;
		}
		if ((rc = write_member(s, root, to, size, (time_t)mt, err)) != LL_OK)
			return rc;
	}
}

static int remove_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p) != 0 && errno != ENOENT;
}

static void remove_tree(const char *dir)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The cache folder's name: the archive's real path, size and time. */
static int cache_key(const char *path, char *key, size_t cap, struct ll_err *err)
{
	char real[PATH_MAX];
	struct stat st;
	if (!realpath(path, real) || stat(real, &st) != 0)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot read", path);
	char buf[PATH_MAX + 64];
	int n = snprintf(buf, sizeof buf, "%s%c%lld%c%lld.%09ld", real, 0, (long long)st.st_size, 0,
			 (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
	struct ds_sha256 h;
	unsigned char dg[DS_SHA256_LEN];
	ds_sha256_init(&h);
	ds_sha256_update(&h, buf, n > 0 ? (size_t)n : 0);
	ds_sha256_final(&h, dg);
	char hex[2 * DS_SHA256_LEN + 1];
	ds_hex(dg, DS_SHA256_LEN, hex);
	const char *slash = strrchr(real, '/');
	snprintf(key, cap, "%.40s-%.16s", slash ? slash + 1 : real, hex);
	for (char *p = key; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
	return LL_OK;
}

static char *describe(const char *path, const char *dir, int zip, const struct ds_unpack_tally *t)
{
	char *s = NULL;
	char extra[200] = "";
	size_t o = 0;
	const size_t counts[] = {t->links, t->unsafe, t->skipped};
	const char *const what[] = {"link%s or device%s", "name%s outside the archive's folder%s",
				    "encrypted or unreadable member%s%s"};
	for (int i = 0; i < 3; i++) {
		if (!counts[i] || o >= sizeof extra)
			continue;
		const char *pl = counts[i] == 1 ? "" : "s";
		char part[80];
		snprintf(part, sizeof part, what[i], pl, i == 0 ? pl : "");
		int k = snprintf(extra + o, sizeof extra - o, "%s%zu %s", o ? ", " : "; left out: ", counts[i], part);
		o += k > 0 ? (size_t)k : 0;
	}
	if (asprintf(&s, "%s: a %s archive of %zu file%s (%llu bytes), read from %s%s", path, zip ? "zip" : "tar",
		     t->files, t->files == 1 ? "" : "s", (unsigned long long)t->bytes, dir, extra) < 0)
		return NULL;
	return s;
}

/* Removes the folders an older copy of the same archive (same real path,
 * another size or time) was unpacked into: only the newest is opened, and
 * labels live in the data folder, so nothing of the user's goes with them. */
static void drop_older(const char *keep, const char *real)
{
	char *base = ds_cache_path("archives");
	DIR *d = base ? opendir(base) : NULL;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char dir[PATH_MAX], marker[PATH_MAX + 32], line[PATH_MAX] = "";
		snprintf(dir, sizeof dir, "%s/%s", base, e->d_name);
		if (strcmp(dir, keep) == 0)
			continue;
		snprintf(marker, sizeof marker, "%s/" MARKER, dir);
		FILE *m = fopen(marker, "r");
		if (m && fgets(line, sizeof line, m))
			line[strcspn(line, "\n")] = '\0';
		if (m)
			fclose(m);
		if (strcmp(line, real) == 0)
			remove_tree(dir);
	}
	if (d)
		closedir(d);
	free(base);
}

int ds_archive_extract(const char *path, char **dir, char **note, struct ll_err *err)
{
	*dir = NULL;
	if (note)
		*note = NULL;
	char *base = NULL, key[96];
	int rc = cache_key(path, key, sizeof key, err);
	if (rc == LL_OK)
		rc = ds_cache_subdir("archives", &base, err);
	if (rc != LL_OK)
		return rc;
	char final[PATH_MAX], tmp[PATH_MAX], marker[PATH_MAX + 32];
	snprintf(final, sizeof final, "%s/%s", base, key);
	snprintf(tmp, sizeof tmp, "%s/.%s.part-%ld", base, key, (long)getpid());
	free(base);
	snprintf(marker, sizeof marker, "%s/" MARKER, final);
	struct ds_unpack_tally t = {0};
	int zip = 0;
	struct stat st;
	if (stat(marker, &st) != 0) {
		/* extracted into a folder of its own, renamed when whole: a copy
		 * cut short (a full disk, a kill) is never taken for complete */
		remove_tree(tmp);
		if (mkdir(tmp, 0755) != 0)
			return ll_err_errno(err, LL_EIO, errno, "%s: cannot make a folder for %s", tmp, path);
		struct instream s;
		if ((rc = in_open(&s, path, err)) == LL_OK) {
			zip = !s.dec && ds_zip_is(s.map, s.size);
			rc = zip ? ds_zip_extract(path, s.map, s.size, tmp, &t, err) : extract_into(&s, tmp, &t, err);
			in_close(&s);
		}
		char tmarker[PATH_MAX + 32];
		snprintf(tmarker, sizeof tmarker, "%s/" MARKER, tmp);
		FILE *m = rc == LL_OK ? fopen(tmarker, "w") : NULL;
		char real[PATH_MAX];
		if (!realpath(path, real))
			snprintf(real, sizeof real, "%s", path);
		/* line 1, the archive's real path, is what its label journals are kept under (ds_labels.c) */
		if (rc == LL_OK && (!m || fprintf(m, "%s\n%d %zu %zu %zu %zu %zu %llu\n", real, zip, t.files, t.dirs, t.links,
						  t.unsafe, t.skipped, (unsigned long long)t.bytes) < 0))
			rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write", tmarker);
		if (m && fclose(m) != 0 && rc == LL_OK)
			rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write", tmarker);
		if (rc == LL_OK && rename(tmp, final) != 0) {
			/* another process finished first: its copy is as good */
			if (stat(marker, &st) != 0)
				rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot rename into %s", tmp, final);
			remove_tree(tmp);
		}
		if (rc != LL_OK) {
			remove_tree(tmp);
			return rc;
		}
		drop_older(final, real);
	} else {
		FILE *m = fopen(marker, "r");
		unsigned long long b = 0;
		char line[PATH_MAX];
		if (m && fgets(line, sizeof line, m) &&
		    fscanf(m, "%d %zu %zu %zu %zu %zu %llu", &zip, &t.files, &t.dirs, &t.links, &t.unsafe, &t.skipped, &b) ==
			    7)
			t.bytes = b;
		if (m)
			fclose(m);
	}
	if (!(*dir = strdup(final)))
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	if (note && !(*note = describe(path, final, zip, &t))) {
		free(*dir);
		*dir = NULL;
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	return LL_OK;
}
