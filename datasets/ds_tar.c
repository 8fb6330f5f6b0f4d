/*
 * ds_tar.c - tar archives read for ds_archive.h: POSIX ustar and pax
 * (extended headers' path and size), GNU tar (long names, base-256 sizes)
 * and old V7 headers, plain or compressed by any codec of ds_codec.h.
 * Members are streamed from the (decompressed) archive straight to their
 * files: an archive of gigabytes never sits in memory.
 */
#include "ds_tar.h"
#include "ds_mapguard.h"
#include "ds_codec.h"
#include "ll_limits.h"

#include <errno.h>
#include <fcntl.h>
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
	ds_mapguard_add(m, s->size);
	madvise(m, s->size, MADV_SEQUENTIAL);
	s->map = m;
	enum ds_codec_kind k = ds_codec_sniff(s->map, s->size);
	if (k != DS_CODEC_PLAIN) {
		if (!(s->dec = ds_decoder_new(k, path, err)) || !(s->buf = malloc((size_t)1 << 20))) {
			int rc = s->dec ? ll_err_set(err, LL_ENOMEM, "%s: out of memory", path) : err->code;
			ds_decoder_free(s->dec);
			ds_mapguard_remove(s->map);
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
	if (s->map) {
		ds_mapguard_remove(s->map);
		munmap((void *)s->map, s->size);
	}
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

int ds_tar_start(const unsigned char *b, size_t n)
{
	return n >= BLOCK && !all_zero(b) && header_ok(b);
}

/* ---- writing members ---- */

/* The member's size bytes (and the padding to a block) into root/rel, or
 * skipped when rel is NULL. */
static int write_member(struct instream *s, const char *root, const char *rel, uint64_t size, time_t mtime,
			struct ll_err *err)
{
	int fd = -1;
	char path[PATH_MAX];
	if (rel) {
		if ((fd = ds_unpack_create(root, rel, path, sizeof path)) < 0)
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
		if (fd >= 0 && keep && ds_unpack_write(fd, chunk, keep) != 0)
			rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write %s from it", s->path, rel);
		data -= keep;
		left -= got;
	}
	free(chunk);
	if (fd >= 0) {
		if (close(fd) != 0 && rc == LL_OK)
			rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write %s from it", s->path, rel);
		if (rc == LL_OK)
			ds_unpack_set_time(path, mtime);
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
				t->unsafe += !ds_unpack_is_root(name);
			}
		} else if (type == '5') {
			if (safe && ds_unpack_make_parents(root, rel, 1) != 0)
				return ll_err_errno(err, LL_EIO, errno, "%s: cannot make the folder %s", s->path, rel);
			t->dirs += safe;
			t->unsafe += !safe && !ds_unpack_is_root(name);
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


int ds_tar_extract(const char *path, const char *root, struct ds_unpack_tally *t, struct ll_err *err)
{
	struct instream s;
	int rc = in_open(&s, path, err);
	if (rc == LL_OK) {
		rc = extract_into(&s, root, t, err);
		in_close(&s);
	}
	return rc;
}
