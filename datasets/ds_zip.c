/*
 * ds_zip.c - zip archives (see ds_zip.h).
 *
 * The central directory at the end is the archive's index (the local
 * headers may lie: streamed zips leave their sizes zero there), so
 * members are listed from it and their data found through their local
 * headers. Deflated data is inflated a slice at a time straight into the
 * member's file.
 */
#include "ds_zip.h"
#include "ll_limits.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define SLICE ((size_t)1 << 16)

static uint32_t le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return le16(p) | (uint32_t)le16(p + 2) << 16;
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* 1 when the n bytes of a member's name are want's, a '\\' (Windows
 * writers' separator) standing for a '/'. */
static int same_path(const char *name, const char *want, size_t n)
{
	/* ASCII case aside: a package's part names are case-insensitive
	 * (OPC, ECMA-376 part 2, 6.2.2.3), and writers do differ
	 * (xl/SharedStrings.bin) */
	for (size_t i = 0; i < n; i++) {
		unsigned char a = (unsigned char)name[i], b = (unsigned char)want[i];
		a = a >= 'A' && a <= 'Z' ? (unsigned char)(a + 32) : a;
		b = b >= 'A' && b <= 'Z' ? (unsigned char)(b + 32) : b;
		if (a != b && !(a == '\\' && b == '/'))
			return 0;
	}
	return 1;
}

int ds_zip_office(const unsigned char *map, size_t size)
{
	/* OOXML starts with its content types as Office writes it, or with one
	 * of its parts (openpyxl writes docProps/ first and the content types
	 * last); OpenDocument with its mimetype */
	static const char *const first[] = {"[Content_Types].xml", "mimetype"};
	static const char *const part[] = {"_rels/", "docProps/", "xl/", "word/", "ppt/"};
	if (size < 30 || le32(map) != 0x04034b50)
		return 0;
	size_t n = le16(map + 26);
	if (size < 30 + n)
		return 0;
	for (size_t i = 0; i < sizeof first / sizeof *first; i++)
		if (n == strlen(first[i]) && memcmp(map + 30, first[i], n) == 0)
			return 1;
	for (size_t i = 0; i < sizeof part / sizeof *part; i++)
		if (n >= strlen(part[i]) && same_path((const char *)map + 30, part[i], strlen(part[i])))
			return 1;
	return 0;
}

int ds_zip_office_tail(const unsigned char *tail, size_t n)
{
	/* the central directory at the end names every part, whatever their order */
	static const char ct[] = "[Content_Types].xml";
	for (size_t i = 0; n >= 46 + sizeof ct - 1 && i + 46 + sizeof ct - 1 <= n; i++)
		if (le32(tail + i) == 0x02014b50 && le16(tail + i + 28) == sizeof ct - 1 &&
		    memcmp(tail + i + 46, ct, sizeof ct - 1) == 0)
			return 1;
	return 0;
}

int ds_zip_is(const unsigned char *map, size_t size)
{
	return size >= 22 && map[0] == 'P' && map[1] == 'K' &&
	       ((map[2] == 3 && map[3] == 4) || (map[2] == 5 && map[3] == 6 && size < 22 + 65536)) &&
	       !ds_zip_office(map, size);
}

/* The central directory: where it starts, its size and its entry count,
 * from the end record (and ZIP64's, when the 32-bit fields overflowed). */
static int directory(const char *path, const unsigned char *m, size_t size, uint64_t *off, uint64_t *len,
		     uint64_t *count, struct ll_err *err)
{
	if (size < 22)
		return ll_err_set(err, LL_EDATA, "%s: damaged zip: %zu bytes, shorter than its end record", path, size);
	size_t lo = size > 22 + 65535 ? size - 22 - 65535 : 0;
	for (size_t i = size - 22 + 1; i-- > lo;) {
		if (le32(m + i) != 0x06054b50)
			continue;
		*count = le16(m + i + 10);
		*len = le32(m + i + 12);
		*off = le32(m + i + 16);
		if (i >= 20 && le32(m + i - 20) == 0x07064b50) {
			uint64_t z = le64(m + i - 20 + 8);
			if (size < 56 || z > size - 56 || le32(m + z) != 0x06064b50)
				return ll_err_set(err, LL_EDATA, "%s: damaged zip: its ZIP64 end record is missing", path);
			*count = le64(m + z + 32);
			*len = le64(m + z + 40);
			*off = le64(m + z + 48);
		}
		if (*off > size || *len > size - *off)
			return ll_err_set(err, LL_EDATA, "%s: damaged zip: its directory lies outside the file", path);
		return LL_OK;
	}
	return ll_err_set(err, LL_EDATA, "%s: damaged zip: no end record (truncated?)", path);
}

/* An entry's 32-bit sizes and offset replaced from its ZIP64 extra field
 * where they are 0xFFFFFFFF. */
static void zip64_fields(const unsigned char *x, size_t n, uint64_t *usize, uint64_t *csize, uint64_t *loff)
{
	for (size_t i = 0; i + 4 <= n;) {
		uint32_t id = le16(x + i), len = le16(x + i + 2);
		if (i + 4 + len > n)
			return;
		if (id == 0x0001) {
			const unsigned char *p = x + i + 4, *end = p + len;
			if (*usize == 0xFFFFFFFFu && p + 8 <= end)
				*usize = le64(p), p += 8;
			if (*csize == 0xFFFFFFFFu && p + 8 <= end)
				*csize = le64(p), p += 8;
			if (*loff == 0xFFFFFFFFu && p + 8 <= end)
				*loff = le64(p);
			return;
		}
		i += 4 + len;
	}
}

/* The member's time: the extended timestamp (UTC) when it has one, else
 * the DOS date and time (local). */
static time_t entry_time(const unsigned char *x, size_t n, uint32_t dtime, uint32_t ddate)
{
	for (size_t i = 0; i + 4 <= n;) {
		uint32_t id = le16(x + i), len = le16(x + i + 2);
		if (i + 4 + len > n)
			break;
		if (id == 0x5455 && len >= 5 && (x[i + 4] & 1))
			return (time_t)(int32_t)le32(x + i + 5);
		i += 4 + len;
	}
	struct tm tm = {0};
	tm.tm_year = (int)(ddate >> 9) + 80;
	tm.tm_mon = (int)((ddate >> 5) & 15) - 1;
	tm.tm_mday = (int)(ddate & 31);
	tm.tm_hour = (int)(dtime >> 11);
	tm.tm_min = (int)((dtime >> 5) & 63);
	tm.tm_sec = (int)(dtime & 31) * 2;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* Where a member's bytes go: a file (fd >= 0), else a growing buffer. */
struct sink {
	int fd;
	char *buf;
	size_t len, cap;
};

/* 0 when the bytes went; -1 with errno set when not. */
static int sink_put(struct sink *k, const void *p, size_t n)
{
	if (k->fd >= 0)
		return ds_unpack_write(k->fd, p, n);
	if (n > k->cap - k->len) {
		size_t cap = k->cap ? k->cap : SLICE;
		while (n > cap - k->len)
			cap *= 2;
		char *grown = realloc(k->buf, cap + 1);
		if (!grown) {
			errno = ENOMEM;
			return -1;
		}
		k->buf = grown;
		k->cap = cap;
	}
	memcpy(k->buf + k->len, p, n);
	k->len += n;
	return 0;
}

/* One member's data (stored or deflated, csize bytes at data) into fd,
 * checked against usize and crc. *in_total and *out_total count every
 * member's bytes, for the expansion limits. */
static int member_data(const char *path, const char *name, const unsigned char *data, uint64_t csize, int method,
		       uint64_t usize, uint32_t crc, struct sink *fd, uint64_t *in_total, uint64_t *out_total,
		       struct ll_err *err)
{
	uLong c = crc32(0L, Z_NULL, 0);
	uint64_t made = 0;
	int rc = LL_OK;
	if (method == 0) {
		for (uint64_t at = 0; at < csize && rc == LL_OK;) {
			size_t k = csize - at < SLICE ? (size_t)(csize - at) : SLICE;
			c = crc32(c, data + at, (uInt)k);
			if (sink_put(fd, data + at, k) != 0)
				rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write %s from it", path, name);
			at += k;
			made += k;
		}
	} else {
		z_stream z;
		memset(&z, 0, sizeof z);
		unsigned char *out = malloc(SLICE);
		if (!out || inflateInit2(&z, -15) != Z_OK) {
			free(out);
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		}
		uint64_t at = 0;
		int zr = Z_OK;
		while (rc == LL_OK && zr != Z_STREAM_END) {
			size_t k = csize - at < ((uint64_t)1 << 30) ? (size_t)(csize - at) : (size_t)1 << 30;
			z.next_in = (unsigned char *)data + at;
			z.avail_in = (uInt)k;
			z.next_out = out;
			z.avail_out = (uInt)SLICE;
			zr = inflate(&z, Z_NO_FLUSH);
			at += k - z.avail_in;
			size_t got = SLICE - z.avail_out;
			made += got;
			c = crc32(c, out, (uInt)got);
			if (zr != Z_OK && zr != Z_STREAM_END && !(zr == Z_BUF_ERROR && got))
				rc = ll_err_set(err, LL_EDATA, "%s: damaged zip: %s does not inflate (%s)", path, name,
						z.msg ? z.msg : at >= csize ? "its data ends early" : "invalid data");
			else if (got && sink_put(fd, out, got) != 0)
				rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write %s from it", path, name);
			else if (ll_inflate_check(*in_total + at, *out_total + made, path, err) != LL_OK)
				rc = err->code;
		}
		inflateEnd(&z);
		free(out);
	}
	*in_total += csize;
	*out_total += made;
	if (rc == LL_OK && (made != usize || c != crc))
		rc = ll_err_set(err, LL_EDATA, "%s: damaged zip: %s %s", path, name,
				made != usize ? "is not the size its entry says" : "fails its CRC-32 check");
	return rc;
}

/* A directory entry's facts. */
struct entry {
	char name[PATH_MAX];
	uint32_t made_by, flags, method, crc, ext;
	uint64_t csize, usize, loff;
	time_t mtime;
};

/* The entry at *p (number e of count, the directory ending at end) into
 * *out, *p moved past it. */
static int read_entry(const char *path, const unsigned char **p, const unsigned char *end, uint64_t e,
		      uint64_t count, struct entry *out, struct ll_err *err)
{
	const unsigned char *q = *p;
	if (end - q < 46 || le32(q) != 0x02014b50)
		return ll_err_set(err, LL_EDATA, "%s: damaged zip: directory entry %llu of %llu is not one", path,
				  (unsigned long long)e + 1, (unsigned long long)count);
	out->made_by = le16(q + 4) >> 8;
	out->flags = le16(q + 8);
	out->method = le16(q + 10);
	uint32_t dtime = le16(q + 12), ddate = le16(q + 14);
	out->crc = le32(q + 16);
	out->csize = le32(q + 20);
	out->usize = le32(q + 24);
	out->loff = le32(q + 42);
	size_t nlen = le16(q + 28), xlen = le16(q + 30), clen = le16(q + 32);
	out->ext = le32(q + 38);
	if ((size_t)(end - q) < 46 + nlen + xlen + clen)
		return ll_err_set(err, LL_EDATA, "%s: damaged zip: directory entry %llu runs past the directory", path,
				  (unsigned long long)e + 1);
	size_t nl = nlen < sizeof out->name - 1 ? nlen : sizeof out->name - 1;
	memcpy(out->name, q + 46, nl);
	out->name[nl] = '\0';
	const unsigned char *x = q + 46 + nlen;
	zip64_fields(x, xlen, &out->usize, &out->csize, &out->loff);
	out->mtime = entry_time(x, xlen, dtime, ddate);
	*p = q + 46 + nlen + xlen + clen;
	return LL_OK;
}

/* The offset of entry en's data (after its local header, whose own name
 * and extra lengths count), checked to lie within the file. */
static int data_offset(const char *path, const unsigned char *m, size_t size, const struct entry *en,
		       const char *name, uint64_t *data, struct ll_err *err)
{
	if (size < 30 || en->loff > size - 30 || le32(m + en->loff) != 0x04034b50)
		return ll_err_set(err, LL_EDATA, "%s: damaged zip: the local header of %s is missing", path, name);
	*data = en->loff + 30 + le16(m + en->loff + 26) + le16(m + en->loff + 28);
	if (*data > size || en->csize > size - *data)
		return ll_err_set(err, LL_EDATA, "%s: damaged zip: the data of %s runs past the file (truncated?)", path,
				  name);
	return LL_OK;
}

int ds_zip_extract(const char *path, const unsigned char *m, size_t size, const char *root,
		   struct ds_unpack_tally *t, struct ll_err *err)
{
	uint64_t off = 0, len = 0, count = 0;
	int rc = directory(path, m, size, &off, &len, &count, err);
	uint64_t in_total = 0, out_total = 0;
	const unsigned char *p = rc == LL_OK ? m + off : NULL, *end = rc == LL_OK ? m + off + len : NULL;
	struct entry en;
	for (uint64_t e = 0; rc == LL_OK && e < count; e++) {
		if ((rc = read_entry(path, &p, end, e, count, &en, err)) != LL_OK)
			return rc;
		char rel[PATH_MAX];
		size_t nl = strlen(en.name);
		int is_dir = nl && en.name[nl - 1] == '/';
		unsigned mode = en.made_by == 3 ? en.ext >> 16 : 0;
		if (!ds_unpack_safe_name(en.name, rel, sizeof rel)) {
			t->unsafe += !ds_unpack_is_root(en.name);
			continue;
		}
		/* a type of 0 is a file too (zip writers that set permissions only) */
		if ((mode & S_IFMT) && (mode & S_IFMT) != S_IFREG && (mode & S_IFMT) != S_IFDIR) {
			t->links++;
			continue;
		}
		if (is_dir || (mode & S_IFMT) == S_IFDIR) {
			if (ds_unpack_make_parents(root, rel, 1) != 0)
				return ll_err_errno(err, LL_EIO, errno, "%s: cannot make the folder %s", path, rel);
			t->dirs++;
			continue;
		}
		if ((en.flags & 1) || (en.method != 0 && en.method != 8)) {
			t->skipped++; /* encrypted, or compressed in a way zlib cannot read */
			continue;
		}
		uint64_t data;
		if ((rc = data_offset(path, m, size, &en, rel, &data, err)) != LL_OK)
			return rc;
		char file[PATH_MAX];
		int fd = -1;
		if ((fd = ds_unpack_create(root, rel, file, sizeof file)) < 0)
			return ll_err_errno(err, LL_EIO, errno, "%s: cannot write %s from it", path, rel);
		struct sink to_file = {.fd = fd};
		rc = member_data(path, rel, m + data, en.csize, (int)en.method, en.usize, en.crc, &to_file, &in_total,
				 &out_total, err);
		if (close(fd) != 0 && rc == LL_OK)
			rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write %s from it", path, rel);
		if (rc == LL_OK) {
			ds_unpack_set_time(file, en.mtime);
			t->files++;
			t->bytes += en.usize;
		}
	}
	return rc;
}

int ds_zip_read(const char *path, const unsigned char *m, size_t size, const char *name, char **out, size_t *n,
		struct ll_err *err)
{
	*out = NULL;
	*n = 0;
	uint64_t off = 0, len = 0, count = 0;
	int rc = directory(path, m, size, &off, &len, &count, err);
	/* an empty file's mapping is NULL: no offset taken from it */
	const unsigned char *p = rc == LL_OK ? m + off : NULL, *end = rc == LL_OK ? m + off + len : NULL;
	struct entry en;
	for (uint64_t e = 0; rc == LL_OK && e < count; e++) {
		if ((rc = read_entry(path, &p, end, e, count, &en, err)) != LL_OK || strlen(en.name) != strlen(name) ||
		    !same_path(en.name, name, strlen(name)))
			continue;
		if (en.flags & 1)
			return ll_err_set(err, LL_EDATA, "%s: %s is encrypted", path, name);
		if (en.method != 0 && en.method != 8)
			return ll_err_set(err, LL_EDATA, "%s: %s is compressed with method %u, which loglab cannot read",
					  path, name, (unsigned)en.method);
		uint64_t data, in_total = 0, out_total = 0;
		if ((rc = data_offset(path, m, size, &en, name, &data, err)) != LL_OK)
			return rc;
		struct sink to_memory = {.fd = -1};
		rc = member_data(path, name, m + data, en.csize, (int)en.method, en.usize, en.crc, &to_memory, &in_total,
				 &out_total, err);
		if (rc != LL_OK) {
			free(to_memory.buf);
			return rc;
		}
		if (!to_memory.buf && !(to_memory.buf = malloc(1)))
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		to_memory.buf[to_memory.len] = '\0';
		*out = to_memory.buf;
		*n = to_memory.len;
		return LL_OK;
	}
	return rc;
}
