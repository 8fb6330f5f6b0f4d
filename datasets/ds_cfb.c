/*
 * ds_cfb.c - compound files opened for their streams (ds_cfb.h).
 *
 * The file is a run of sectors (512 bytes in version 3, 4096 in version
 * 4) after a header of one sector. The FAT, whose own sectors the header
 * and the DIFAT chain list, links each sector to the next of its chain;
 * the directory is such a chain of 128-byte entries, whose first (the
 * root) also owns the mini stream: streams shorter than the cutoff live
 * there in 64-byte sectors linked by the mini FAT. Every number read from
 * the file is checked against the file before it is used.
 */
#include "ds_cfb.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ll_limits.h"

#define CFB_END 0xFFFFFFFEu  /* ENDOFCHAIN */
#define CFB_FREE 0xFFFFFFFFu /* FREESECT, also "no entry" in the directory */
#define CFB_MAXREG 0xFFFFFFFAu
#define CFB_ENTRY 128

static const unsigned char signature[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

struct ds_cfb {
	const char *path;
	const unsigned char *map;
	size_t size;
	size_t ssz;      /* sector size */
	uint32_t nsect;  /* sectors the file holds, a partial last one included */
	uint32_t *fat;   /* nsect entries: sectors past the file are never followed */
	uint32_t *minifat;
	uint32_t nmini;  /* mini FAT entries */
	unsigned char *dir; /* the directory stream */
	uint32_t ndir;      /* its entries */
	unsigned char *ministream;
	size_t ministream_n;
	uint32_t cutoff;
};

static uint32_t u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t u16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

int ds_cfb_is(const unsigned char *map, size_t size)
{
	return size >= 8 && memcmp(map, signature, 8) == 0;
}

/* The bytes of sector s that the file holds (a last sector may be cut). */
static const unsigned char *sector(const struct ds_cfb *c, uint32_t s, size_t *len)
{
	size_t at = ((size_t)s + 1) * c->ssz;
	if (s >= c->nsect || at >= c->size)
		return NULL;
	*len = c->size - at < c->ssz ? c->size - at : c->ssz;
	return c->map + at;
}

/* A chain of the FAT from start, size bytes of it, into a malloc'd buffer;
 * size is checked against the file before anything is allocated. */
static int read_chain(struct ds_cfb *c, uint32_t start, uint64_t size, const char *what, unsigned char **out,
		      struct ll_err *err)
{
	*out = NULL;
	if (size > (uint64_t)c->nsect * c->ssz)
		return ll_err_set(err, LL_EDATA, "%s: damaged compound file: %s declares %llu bytes, more than the file holds",
				  c->path, what, (unsigned long long)size);
	char label[160];
	snprintf(label, sizeof label, "%s: %s", c->path, what);
	int rc = ll_mem_check((double)size, label, err);
	if (rc != LL_OK)
		return rc;
	unsigned char *buf = malloc(size ? size : 1);
	/* a sector met twice is a loop, however short the stream */
	unsigned char *seen = calloc((size_t)c->nsect / 8 + 1, 1);
	if (!buf || !seen) {
		free(buf);
		free(seen);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", c->path);
	}
	uint64_t got = 0;
	uint32_t s = start;
	while (got < size) {
		size_t len;
		const unsigned char *p = s <= CFB_MAXREG ? sector(c, s, &len) : NULL;
		int again = p && (seen[s / 8] >> (s % 8) & 1);
		if (p)
			seen[s / 8] |= (unsigned char)(1u << (s % 8));
		if (!p || again) {
			free(buf);
			free(seen);
			return ll_err_set(err, LL_EDATA,
					  "%s: damaged compound file: %s: %s at byte %llu of %llu (sector %lu)", c->path,
					  what, !p && s == CFB_END ? "the chain ends" : !p ? "a sector number out of range"
											  : "the sector chain loops",
					  (unsigned long long)got, (unsigned long long)size, (unsigned long)s);
		}
		size_t take = size - got < len ? (size_t)(size - got) : len;
		if (take < c->ssz && take < size - got) {
			free(buf);
			free(seen);
			return ll_err_set(err, LL_EDATA, "%s: truncated compound file: %s ends at byte %llu of %llu",
					  c->path, what, (unsigned long long)got + take, (unsigned long long)size);
		}
		memcpy(buf + got, p, take);
		got += take;
		s = c->fat[s];
	}
	free(seen);
	*out = buf;
	return LL_OK;
}

/* The FAT: its sectors from the header's 109 DIFAT entries, then the DIFAT
 * chain's. Only the entries of sectors the file holds are kept. */
static int read_fat(struct ds_cfb *c, const unsigned char *h, struct ll_err *err)
{
	uint32_t nfat = u32(h + 0x2C), difat = u32(h + 0x44), ndifat = u32(h + 0x48);
	size_t per = c->ssz / 4;
	if (!(c->fat = malloc((size_t)c->nsect * 4 + 4)))
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", c->path);
	for (uint32_t i = 0; i < c->nsect; i++)
		c->fat[i] = CFB_FREE;
	uint32_t filled = 0, seen_difat = 0; /* FAT sectors placed; DIFAT sectors walked */
	const unsigned char *list = h + 0x4C;
	size_t nlist = 109;
	for (;;) {
		for (size_t i = 0; i < nlist && filled < nfat; i++) {
			uint32_t fs = u32(list + 4 * i);
			if (fs == CFB_FREE || fs == CFB_END)
				break;
			size_t len;
			const unsigned char *p = fs <= CFB_MAXREG ? sector(c, fs, &len) : NULL;
			if (!p)
				return ll_err_set(err, LL_EDATA,
						  "%s: damaged compound file: FAT sector %lu is out of range (the file has %lu)",
						  c->path, (unsigned long)fs, (unsigned long)c->nsect);
			/* the entries beyond the file's sectors are never needed */
			for (size_t k = 0; k < len / 4 && (size_t)filled * per + k < c->nsect; k++)
				c->fat[(size_t)filled * per + k] = u32(p + 4 * k);
			filled++;
			if ((size_t)filled * per >= c->nsect)
				return LL_OK;
		}
		if (filled >= nfat || difat > CFB_MAXREG || seen_difat >= ndifat)
			return LL_OK;
		size_t len;
		const unsigned char *p = sector(c, difat, &len);
		if (!p || len < c->ssz || ++seen_difat > c->nsect)
			return ll_err_set(err, LL_EDATA, "%s: damaged compound file: DIFAT sector %lu is out of range",
					  c->path, (unsigned long)difat);
		list = p;
		nlist = per - 1;
		difat = u32(p + c->ssz - 4);
	}
}

int ds_cfb_open(const char *path, const unsigned char *map, size_t size, struct ds_cfb **out, struct ll_err *err)
{
	*out = NULL;
	if (!ds_cfb_is(map, size) || size < 512)
		return ll_err_set(err, LL_EDATA, "%s: not a compound file (or shorter than its 512-byte header)", path);
	unsigned shift = u16(map + 0x1E), minishift = u16(map + 0x20);
	if ((shift != 9 && shift != 12) || minishift != 6)
		return ll_err_set(err, LL_EDATA, "%s: damaged compound file: sector size 2^%u, mini sector 2^%u", path,
				  shift, minishift);
	struct ds_cfb *c = calloc(1, sizeof *c);
	if (!c)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	c->path = path;
	c->map = map;
	c->size = size;
	c->ssz = (size_t)1 << shift;
	size_t body = size > c->ssz ? size - c->ssz : 0;
	uint64_t nsect = (body + c->ssz - 1) / c->ssz;
	c->nsect = nsect > CFB_MAXREG ? CFB_MAXREG : (uint32_t)nsect;
	c->cutoff = u32(map + 0x38);
	int rc = read_fat(c, map, err);
	/* the directory's size is its chain's: count it, loops refused */
	uint32_t dstart = u32(map + 0x30), nd = 0;
	for (uint32_t s = dstart; rc == LL_OK && s != CFB_END; s = c->fat[s]) {
		size_t len;
		if (s > CFB_MAXREG || !sector(c, s, &len) || ++nd > c->nsect) {
			rc = ll_err_set(err, LL_EDATA, "%s: damaged compound file: the directory's chain %s at sector %lu",
					path, nd > c->nsect ? "loops" : "leaves the file", (unsigned long)s);
			break;
		}
	}
	if (rc == LL_OK)
		rc = read_chain(c, dstart, (uint64_t)nd * c->ssz, "the directory", &c->dir, err);
	if (rc == LL_OK) {
		c->ndir = (uint32_t)((uint64_t)nd * c->ssz / CFB_ENTRY);
		if (!c->ndir || c->dir[0x42] != 5)
			rc = ll_err_set(err, LL_EDATA, "%s: damaged compound file: no root entry in its directory", path);
	}
	uint32_t mfstart = u32(map + 0x3C), nmf = u32(map + 0x40);
	if (rc == LL_OK && nmf && mfstart <= CFB_MAXREG) {
		if ((uint64_t)nmf > c->nsect)
			rc = ll_err_set(err, LL_EDATA, "%s: damaged compound file: %lu mini FAT sectors in a file of %lu",
					path, (unsigned long)nmf, (unsigned long)c->nsect);
		unsigned char *mf = NULL;
		if (rc == LL_OK)
			rc = read_chain(c, mfstart, (uint64_t)nmf * c->ssz, "the mini FAT", &mf, err);
		c->minifat = (uint32_t *)(void *)mf;
		c->nmini = nmf * (uint32_t)(c->ssz / 4);
		for (uint32_t i = 0; rc == LL_OK && i < c->nmini; i++)
			c->minifat[i] = u32(mf + 4 * (size_t)i); /* in place: each entry read before it is written */
	}
	if (rc == LL_OK) {
		/* the root's chain is the mini stream (version 3 keeps only a size's low word) */
		uint64_t msize = u32(c->dir + 0x78);
		if (shift == 12)
			msize |= (uint64_t)u32(c->dir + 0x7C) << 32;
		uint32_t mstart = u32(c->dir + 0x74);
		if (msize && mstart <= CFB_MAXREG)
			rc = read_chain(c, mstart, msize, "the mini stream", &c->ministream, err);
		c->ministream_n = c->ministream ? (size_t)msize : 0;
	}
	if (rc != LL_OK) {
		ds_cfb_free(c);
		return rc;
	}
	*out = c;
	return LL_OK;
}

void ds_cfb_free(struct ds_cfb *c)
{
	if (!c)
		return;
	free(c->fat);
	free(c->minifat);
	free(c->dir);
	free(c->ministream);
	free(c);
}

/* 1 when the directory entry e is a stream called name, ASCII case
 * ignored (the name is UTF-16 with its length in bytes, NUL counted). */
static int entry_is(const unsigned char *e, const char *name)
{
	size_t len = strlen(name), nb = u16(e + 0x40);
	if (e[0x42] != 2 || nb != 2 * (len + 1) || nb > 64)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned ch = u16(e + 2 * i);
		unsigned want = (unsigned char)name[i];
		if (ch >= 'a' && ch <= 'z')
			ch -= 32;
		if (want >= 'a' && want <= 'z')
			want -= 32;
		if (ch != want)
			return 0;
	}
	return 1;
}

long ds_cfb_find(const struct ds_cfb *c, const char *name)
{
	/* the root's children are a tree of siblings: walked with a stack of
	 * at most every entry, each visited once (a damaged tree may loop) */
	uint32_t *stack = malloc((2 * (size_t)c->ndir + 1) * sizeof *stack); /* each entry pushes two at most */
	unsigned char *seen = calloc(c->ndir, 1);
	long found = -1;
	size_t top = 0;
	uint32_t child = u32(c->dir + 0x4C);
	if (stack && seen && child < c->ndir)
		stack[top++] = child;
	while (found < 0 && top) {
		uint32_t i = stack[--top];
		if (seen[i])
			continue;
		seen[i] = 1;
		const unsigned char *e = c->dir + (size_t)i * CFB_ENTRY;
		if (entry_is(e, name))
			found = i;
		uint32_t l = u32(e + 0x44), r = u32(e + 0x48);
		if (l < c->ndir && !seen[l])
			stack[top++] = l;
		if (r < c->ndir && !seen[r])
			stack[top++] = r;
	}
	free(stack);
	free(seen);
	return found;
}

int ds_cfb_peek(const unsigned char *head, size_t n, const char *name)
{
	if (!ds_cfb_is(head, n) || n < 512)
		return 0;
	unsigned shift = u16(head + 0x1E);
	if (shift != 9 && shift != 12)
		return 0;
	size_t ssz = (size_t)1 << shift;
	/* the directory's chain through the first FAT sector, while both are
	 * in the sample; -1 when the chain leaves it unseen */
	uint64_t fat_at = ((uint64_t)u32(head + 0x4C) + 1) * ssz;
	const unsigned char *fat = fat_at + ssz <= n ? head + fat_at : NULL;
	uint32_t s = u32(head + 0x30);
	for (size_t steps = 0; s != CFB_END; steps++) {
		uint64_t at = ((uint64_t)s + 1) * ssz;
		if (s > CFB_MAXREG || at + ssz > n || steps > n / ssz)
			return -1;
		for (size_t k = 0; k < ssz / CFB_ENTRY; k++)
			if (entry_is(head + at + k * CFB_ENTRY, name))
				return 1;
		if (!fat || s >= ssz / 4)
			return -1;
		s = u32(fat + 4 * (size_t)s);
	}
	return 0;
}

int ds_cfb_read(struct ds_cfb *c, long at, unsigned char **out, size_t *n, struct ll_err *err)
{
	*out = NULL;
	*n = 0;
	if (at < 0 || (uint32_t)at >= c->ndir)
		return ll_err_set(err, LL_EDATA, "%s: no such stream", c->path);
	const unsigned char *e = c->dir + (size_t)at * CFB_ENTRY;
	uint64_t size = u32(e + 0x78);
	if (c->ssz == 4096)
		size |= (uint64_t)u32(e + 0x7C) << 32;
	uint32_t start = u32(e + 0x74);
	/* the stream's name, for messages (ASCII; '?' for other characters) */
	char what[96], nm[33];
	size_t k = 0, nb = u16(e + 0x40);
	for (; k < 32 && 2 * k + 2 < nb && 2 * k + 2 <= 64; k++) {
		unsigned ch = u16(e + 2 * k);
		nm[k] = ch >= 0x20 && ch < 0x7F ? (char)ch : '?';
	}
	nm[k] = 0;
	snprintf(what, sizeof what, "the stream '%s'", nm);
	if (size >= c->cutoff) {
		int rc = read_chain(c, start, size, what, out, err);
		*n = rc == LL_OK ? (size_t)size : 0;
		return rc;
	}
	/* a short stream: 64-byte sectors of the mini stream, by the mini FAT */
	if (size > c->ministream_n)
		return ll_err_set(err, LL_EDATA, "%s: damaged compound file: %s declares %llu bytes, more than the mini stream holds",
				  c->path, what, (unsigned long long)size);
	unsigned char *buf = malloc(size ? size : 1);
	if (!buf)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", c->path);
	uint64_t got = 0;
	uint32_t s = start;
	unsigned char *seen = calloc((size_t)c->nmini / 8 + 1, 1);
	if (!seen) {
		free(buf);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", c->path);
	}
	while (got < size) {
		int out_of = s >= c->nmini || (uint64_t)s * 64 + 64 > c->ministream_n;
		int again = !out_of && (seen[s / 8] >> (s % 8) & 1);
		if (out_of || again) {
			free(buf);
			free(seen);
			return ll_err_set(err, LL_EDATA, "%s: damaged compound file: %s: mini sector %lu %s", c->path, what,
					  (unsigned long)s, again ? "loops" : "is out of range");
		}
		seen[s / 8] |= (unsigned char)(1u << (s % 8));
		size_t take = size - got < 64 ? (size_t)(size - got) : 64;
		memcpy(buf + got, c->ministream + (size_t)s * 64, take);
		got += take;
		s = c->minifat[s];
	}
	free(seen);
	*out = buf;
	*n = (size_t)size;
	return LL_OK;
}
