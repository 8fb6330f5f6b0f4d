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

int ds_zip_office(const unsigned char *map, size_t size)
{
	/* OOXML starts with its content types, OpenDocument with its mimetype */
	static const char *const first[] = {"[Content_Types].xml", "mimetype"};
	if (size < 30 || le32(map) != 0x04034b50)
		return 0;
	size_t n = le16(map + 26);
	for (size_t i = 0; i < 2; i++)
		if (n == strlen(first[i]) && size >= 30 + n && memcmp(map + 30, first[i], n) == 0)
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

/* One member's data (stored or deflated, csize bytes at data) into fd,
 * checked against usize and crc. *in_total and *out_total count every
 * member's bytes, for the expansion limits. */
static int member_data(const char *path, const char *name, const unsigned char *data, uint64_t csize, int method,
		       uint64_t usize, uint32_t crc, int fd, uint64_t *in_total, uint64_t *out_total,
		       struct ll_err *err)
{
	uLong c = crc32(0L, Z_NULL, 0);
	uint64_t made = 0;
	int rc = LL_OK;
	if (method == 0) {
		for (uint64_t at = 0; at < csize && rc == LL_OK;) {
			size_t k = csize - at < SLICE ? (size_t)(csize - at) : SLICE;
			c = crc32(c, data + at, (uInt)k);
			if (ds_unpack_write(fd, data + at, k) != 0)
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
			else if (got && ds_unpack_write(fd, out, got) != 0)
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

int ds_zip_extract(const char *path, const unsigned char *m, size_t size, const char *root,
		   struct ds_unpack_tally *t, struct ll_err *err)
{
	uint64_t off = 0, len = 0, count = 0;
	int rc = directory(path, m, size, &off, &len, &count, err);
	uint64_t in_total = 0, out_total = 0;
	const unsigned char *p = m + off, *end = m + off + len;
	for (uint64_t e = 0; rc == LL_OK && e < count; e++) {
		if (end - p < 46 || le32(p) != 0x02014b50)
			return ll_err_set(err, LL_EDATA, "%s: damaged zip: directory entry %llu of %llu is not one", path,
					  (unsigned long long)e + 1, (unsigned long long)count);
		uint32_t made_by = le16(p + 4) >> 8, flags = le16(p + 8), method = le16(p + 10);
		uint32_t dtime = le16(p + 12), ddate = le16(p + 14), crc = le32(p + 16);
		uint64_t csize = le32(p + 20), usize = le32(p + 24), loff = le32(p + 42);
		size_t nlen = le16(p + 28), xlen = le16(p + 30), clen = le16(p + 32);
		uint32_t ext = le32(p + 38);
		if ((size_t)(end - p) < 46 + nlen + xlen + clen)
			return ll_err_set(err, LL_EDATA, "%s: damaged zip: directory entry %llu runs past the directory",
					  path, (unsigned long long)e + 1);
		char name[PATH_MAX], rel[PATH_MAX];
		size_t nl = nlen < sizeof name - 1 ? nlen : sizeof name - 1;
		memcpy(name, p + 46, nl);
		name[nl] = '\0';
		const unsigned char *x = p + 46 + nlen;
		zip64_fields(x, xlen, &usize, &csize, &loff);
		time_t mt = entry_time(x, xlen, dtime, ddate);
		p += 46 + nlen + xlen + clen;
		int is_dir = nl && name[nl - 1] == '/';
		unsigned mode = made_by == 3 ? ext >> 16 : 0;
		if (!ds_unpack_safe_name(name, rel, sizeof rel)) {
			t->unsafe++;
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
		if ((flags & 1) || (method != 0 && method != 8)) {
			t->skipped++; /* encrypted, or compressed in a way zlib cannot read */
			continue;
		}
		/* the data: after the local header, whose own name and extra lengths count */
		if (size < 30 || loff > size - 30 || le32(m + loff) != 0x04034b50)
			return ll_err_set(err, LL_EDATA, "%s: damaged zip: the local header of %s is missing", path, rel);
		uint64_t data = loff + 30 + le16(m + loff + 26) + le16(m + loff + 28);
		if (data > size || csize > size - data)
			return ll_err_set(err, LL_EDATA, "%s: damaged zip: the data of %s runs past the file (truncated?)", path,
					  rel);
		char file[PATH_MAX];
		int fd = -1;
		if ((fd = ds_unpack_create(root, rel, file, sizeof file)) < 0)
			return ll_err_errno(err, LL_EIO, errno, "%s: cannot write %s from it", path, rel);
		rc = member_data(path, rel, m + data, csize, (int)method, usize, crc, fd, &in_total, &out_total, err);
		if (close(fd) != 0 && rc == LL_OK)
			rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write %s from it", path, rel);
		if (rc == LL_OK) {
			ds_unpack_set_time(file, mt);
			t->files++;
			t->bytes += usize;
		}
	}
	return rc;
}
