/*
 * ds_journald.c - the entries of a systemd journal file (ds_journald.h).
 *
 * Layout (little-endian throughout, objects 8-byte aligned): a header of
 * at least 208 bytes, then objects, each opening with a type byte, a flags
 * byte, six reserved bytes and its size (header included). An ENTRY holds
 * its seqnum, realtime, monotonic, boot id and xor hash in its first 64
 * bytes, then items naming DATA objects (an offset and a hash, 16 bytes;
 * in the compact layout a 32-bit offset alone). An ENTRY_ARRAY holds the
 * next array's offset, then entry offsets (64-bit, or 32-bit compact),
 * zero past the last one used. A DATA object's payload follows 64 bytes
 * of hash and links (72 in the compact layout), compressed when one of
 * its flags says so: an xz stream, a zstd frame, or an lz4 block after its
 * decoded size as 64 bits.
 */
#include "config.h"

#include "ds_journald.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ds_codec.h"
#include "ll_limits.h"

#ifdef HAVE_LZ4
#include <lz4.h>
#endif
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif

enum { OBJ_DATA = 1, OBJ_ENTRY = 3, OBJ_ENTRY_ARRAY = 6 };

/* The header's incompatible flags. */
enum {
	INC_XZ = 1 << 0,
	INC_LZ4 = 1 << 1,
	INC_KEYED_HASH = 1 << 2,
	INC_ZSTD = 1 << 3,
	INC_COMPACT = 1 << 4,
	INC_KNOWN = (1 << 5) - 1
};

/* A DATA object's compression flags. */
enum { OBJ_XZ = 1 << 0, OBJ_LZ4 = 1 << 1, OBJ_ZSTD = 1 << 2 };

#define HEADER_MIN 208 /* every field up to tail_entry_monotonic, in all versions */
#define OBJ_HEAD 16
#define ENTRY_HEAD 64
#define ARRAY_HEAD 24

/* A walk's state. */
struct walk {
	const char *path;
	const unsigned char *d;
	size_t size;   /* bytes in the file */
	size_t arena;  /* end of the header's arena (header_size + arena_size), may pass size */
	size_t first;  /* the header's size: no object before it */
	int compact, sizes_only;
	ds_journald_fn fn;
	void *ctx;
	struct ds_journald_stats *st;
	struct ll_err *err;
	struct ds_journald_field *f; /* the entry's fields, reused */
	size_t fcap;
	size_t *dec_at; /* per field: offset of its decoded value in dec, or SIZE_MAX (in the file) */
	unsigned char *dec;  /* decoded values of the entry, reused */
	size_t ndec, dec_cap;
};

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int ds_journald_is(const char *data, size_t n)
{
	return n >= 8 && memcmp(data, DS_JOURNALD_MAGIC, 8) == 0;
}

enum obj_check { OBJ_OK, OBJ_PAST_END, OBJ_BAD };

/* Whether off holds an object of type type at least min bytes long that
 * ends within the arena: past the end when the file stops first (a
 * truncated copy), bad when anything else is wrong. *len gets its size. */
static enum obj_check object_at(const struct walk *w, uint64_t off, int type, uint64_t min, uint64_t *len)
{
	if (off % 8 || off < w->first || off >= w->arena || w->arena - off < OBJ_HEAD)
		return OBJ_BAD;
	if (off + OBJ_HEAD > w->size)
		return OBJ_PAST_END;
	const unsigned char *o = w->d + off;
	uint64_t n = le64(o + 8);
	if (o[0] != type || n < min || n > w->arena - off)
		return OBJ_BAD;
	if (n > w->size - off)
		return OBJ_PAST_END;
	*len = n;
	return OBJ_OK;
}

/* Room for need more decoded bytes; LL_EDATA past the memory limit. */
static int dec_reserve(struct walk *w, size_t need)
{
	if (need <= w->dec_cap - w->ndec)
		return LL_OK;
	size_t cap = w->dec_cap ? w->dec_cap : 4096;
	while (cap - w->ndec < need) {
		if (cap > SIZE_MAX / 2)
			return ll_err_set(w->err, LL_ENOMEM, "%s: out of memory", w->path);
		cap *= 2;
	}
	char what[512];
	snprintf(what, sizeof what, "%s: a journal entry's values as decoded", w->path);
	int rc = ll_mem_check((double)cap, what, w->err);
	if (rc != LL_OK)
		return rc;
	unsigned char *p = realloc(w->dec, cap);
	if (!p)
		return ll_err_set(w->err, LL_ENOMEM, "%s: out of memory", w->path);
	w->dec = p;
	w->dec_cap = cap;
	return LL_OK;
}

/* Decodes an xz stream or a zstd frame in[0, n) onto the end of w->dec;
 * 1 when it decoded whole, 0 when it is not valid, an error status when
 * memory ran out or past the limit. */
static int decode_stream(struct walk *w, enum ds_codec_kind kind, const unsigned char *in, size_t n)
{
	struct ll_err why;
	struct ds_decoder *dc = ds_decoder_new(kind, w->path, &why);
	if (!dc)
		return why.code == LL_ENOMEM ? ll_err_set(w->err, LL_ENOMEM, "%s", why.msg) : 0;
	size_t taken = 0, start = w->ndec;
	int end = 0, ok = 1, rc = LL_OK;
	while (!end && ok) {
		if ((rc = dec_reserve(w, n > 4096 ? n : 4096)) != LL_OK)
			break;
		size_t used = 0, made = 0;
		if (ds_decoder_run(dc, in + taken, n - taken, &used, w->dec + w->ndec, w->dec_cap - w->ndec, &made, &end,
				   &why) != LL_OK) {
			if (why.code == LL_ENOMEM)
				rc = ll_err_set(w->err, LL_ENOMEM, "%s: out of memory", w->path);
			ok = 0;
			break;
		}
		taken += used;
		w->ndec += made;
		/* input left but nothing taken or made: a stream that cannot end */
		if (!end && !used && !made && taken == n)
			ok = 0;
	}
	ds_decoder_free(dc);
	if (rc != LL_OK || !ok)
		w->ndec = start;
	return rc != LL_OK ? rc : ok;
}

/* An lz4 payload: its decoded size, then one block. */
static int decode_lz4(struct walk *w, const unsigned char *in, size_t n)
{
#ifdef HAVE_LZ4
	if (n < 8)
		return 0;
	uint64_t want = le64(in);
	if (want > (uint64_t)INT32_MAX || n - 8 > (size_t)INT32_MAX)
		return 0; /* beyond what one lz4 block decodes to */
	int rc = dec_reserve(w, (size_t)want);
	if (rc != LL_OK)
		return rc;
	int got = LZ4_decompress_safe((const char *)in + 8, (char *)w->dec + w->ndec, (int)(n - 8), (int)want);
	if (got < 0 || (uint64_t)got != want)
		return 0;
	w->ndec += (size_t)got;
	return 1;
#else
	(void)w;
	(void)in;
	(void)n;
	return 0;
#endif
}

/* A compressed payload's size as decoded, when it says; else as stored. */
static size_t decoded_size(int flags, const unsigned char *in, size_t n)
{
	if ((flags & OBJ_LZ4) && n >= 8)
		return le64(in) < SIZE_MAX ? (size_t)le64(in) : SIZE_MAX;
#ifdef HAVE_ZSTD
	if (flags & OBJ_ZSTD) {
		unsigned long long z = ZSTD_getFrameContentSize(in, n);
		if (z != ZSTD_CONTENTSIZE_UNKNOWN && z != ZSTD_CONTENTSIZE_ERROR && z < SIZE_MAX)
			return (size_t)z;
	}
#endif
	return n;
}

/* Adds the DATA object at off to the entry's fields as w->f[k]; skips
 * (counts) one that does not check out. */
static int add_field(struct walk *w, uint64_t off, size_t *k)
{
	uint64_t len;
	uint64_t head = w->compact ? 72 : 64;
	if (object_at(w, off, OBJ_DATA, head, &len) != OBJ_OK) {
		w->st->bad_fields++;
		return LL_OK;
	}
	const unsigned char *p = w->d + off + head;
	size_t n = (size_t)(len - head);
	int flags = w->d[off + 1] & (OBJ_XZ | OBJ_LZ4 | OBJ_ZSTD);
	struct ds_journald_field *f = &w->f[*k];
	size_t at = SIZE_MAX;
	if (flags && (flags & (flags - 1))) {
		w->st->bad_fields++; /* at most one codec */
		return LL_OK;
	}
	if (flags && w->sizes_only) {
		/* the name is inside the compressed bytes: a size alone is wanted */
		f->name = "";
		f->nlen = 0;
		f->value = NULL;
		f->vlen = decoded_size(flags, p, n);
		w->dec_at[(*k)++] = SIZE_MAX;
		return LL_OK;
	}
	if (flags) {
		at = w->ndec;
		int ok = flags == OBJ_LZ4 ? decode_lz4(w, p, n)
					  : decode_stream(w, flags == OBJ_XZ ? DS_CODEC_XZ : DS_CODEC_ZSTD, p, n);
		if (ok != 1 && ok != 0)
			return ok;
		if (!ok) {
			w->st->bad_fields++;
			return LL_OK;
		}
		n = w->ndec - at;
		p = w->dec + at;
	}
	const unsigned char *eq = n ? memchr(p, '=', n) : NULL;
	if (!eq || eq == p) {
		w->st->bad_fields++;
		w->ndec = at == SIZE_MAX ? w->ndec : at;
		return LL_OK;
	}
	f->name = (const char *)p;
	f->nlen = (size_t)(eq - p);
	f->value = w->sizes_only ? NULL : eq + 1;
	f->vlen = n - f->nlen - 1;
	/* a decoded value moves when the buffer grows: kept by offset until
	 * the entry is whole */
	w->dec_at[(*k)++] = at;
	return LL_OK;
}

/* Reads the ENTRY at off and hands it to fn. */
static int read_entry(struct walk *w, uint64_t off, uint64_t len)
{
	const unsigned char *e = w->d + off;
	size_t isz = w->compact ? 4 : 16, items = (size_t)((len - ENTRY_HEAD) / isz);
	if (items > w->fcap) {
		size_t cap = items + 16;
		struct ds_journald_field *f = realloc(w->f, cap * sizeof *f);
		size_t *at = f ? realloc(w->dec_at, cap * sizeof *at) : NULL;
		if (f)
			w->f = f;
		if (!at)
			return ll_err_set(w->err, LL_ENOMEM, "%s: out of memory", w->path);
		w->dec_at = at;
		w->fcap = cap;
	}
	w->ndec = 0;
	size_t k = 0;
	for (size_t i = 0; i < items; i++) {
		const unsigned char *it = e + ENTRY_HEAD + i * isz;
		int rc = add_field(w, w->compact ? le32(it) : le64(it), &k);
		if (rc != LL_OK)
			return rc;
	}
	for (size_t i = 0; i < k; i++)
		if (w->dec_at[i] != SIZE_MAX) {
			size_t name_at = w->dec_at[i];
			w->f[i].name = (const char *)w->dec + name_at;
			w->f[i].value = w->sizes_only ? NULL : w->dec + name_at + w->f[i].nlen + 1;
		}
	struct ds_journald_entry ent = {
		.seqnum = le64(e + 16),
		.realtime = le64(e + 24),
		.monotonic = le64(e + 32),
		.boot_id = e + 40,
		.xor_hash = le64(e + 56),
		.seqnum_id = w->d + 72,
		.fields = w->f,
		.nfields = k,
	};
	w->st->entries++;
	return w->fn(w->ctx, &ent);
}

/* Checks the entry at off and reads it; one past the end or corrupt is
 * counted. */
static int try_entry(struct walk *w, uint64_t off)
{
	uint64_t len;
	enum obj_check c = object_at(w, off, OBJ_ENTRY, ENTRY_HEAD, &len);
	if (c == OBJ_PAST_END) {
		w->st->past_end++;
		return LL_OK;
	}
	if (c == OBJ_BAD) {
		w->st->bad_entries++;
		return LL_OK;
	}
	return read_entry(w, off, len);
}

/* Every ENTRY object after offset after, object by object from the
 * header's end: what a broken array chain no longer lists. */
static int scan_rest(struct walk *w, uint64_t after)
{
	uint64_t off = w->first + ((8 - w->first % 8) % 8);
	size_t end = w->size < w->arena ? w->size : w->arena;
	while (off + OBJ_HEAD <= end) {
		uint64_t len = le64(w->d + off + 8);
		if (len < OBJ_HEAD || len > end - off)
			break; /* not an object: the scan cannot go on */
		if (w->d[off] == OBJ_ENTRY && off > after && len >= ENTRY_HEAD) {
			size_t before = w->st->entries;
			int rc = read_entry(w, off, len);
			if (rc != LL_OK)
				return rc;
			w->st->scanned += w->st->entries - before;
		}
		off += (len + 7) & ~(uint64_t)7;
	}
	return LL_OK;
}

/* The entries listed by the array chain from off; a chain that breaks
 * leaves the rest to scan_rest. */
static int walk_chain(struct walk *w, uint64_t off)
{
	uint64_t prev = 0, last = 0;
	size_t isz = w->compact ? 4 : 8;
	while (off) {
		uint64_t len;
		/* arrays are appended: the next one lies after this one, so
		 * requiring that ends any loop */
		enum obj_check c = off > prev ? object_at(w, off, OBJ_ENTRY_ARRAY, ARRAY_HEAD, &len) : OBJ_BAD;
		if (c == OBJ_PAST_END)
			break; /* truncated: the entries it lists are counted by the caller */
		if (c == OBJ_BAD) {
			w->st->chain_broken = 1;
			return scan_rest(w, last);
		}
		const unsigned char *a = w->d + off;
		size_t items = (size_t)((len - ARRAY_HEAD) / isz);
		for (size_t i = 0; i < items; i++) {
			const unsigned char *it = a + ARRAY_HEAD + i * isz;
			uint64_t eo = w->compact ? le32(it) : le64(it);
			if (!eo)
				break; /* the array's unused tail */
			if (eo <= last) {
				w->st->bad_entries++; /* out of order: a corrupt offset */
				continue;
			}
			size_t seen = w->st->entries;
			int rc = try_entry(w, eo);
			if (rc != LL_OK)
				return rc;
			if (w->st->entries > seen)
				last = eo;
		}
		prev = off;
		off = le64(a + 16);
	}
	return LL_OK;
}

static int refuse_codec(const char *path, const char *codec, const char *package, struct ll_err *err)
{
	return ll_err_set(err, LL_EDATA,
			  "%s: a systemd journal whose data is compressed with %s, which this build of loglab cannot "
			  "decode (build it with %s); journalctl --file %s -o json > out.jsonl writes it as JSON Lines",
			  path, codec, package, path);
}

int ds_journald_walk(const char *path, const unsigned char *data, size_t size, int sizes_only, ds_journald_fn fn,
		     void *ctx, struct ds_journald_stats *st, struct ll_err *err)
{
	memset(st, 0, sizeof *st);
	if (!ds_journald_is((const char *)data, size))
		return ll_err_set(err, LL_EDATA, "%s: not a systemd journal file", path);
	if (size < HEADER_MIN)
		return ll_err_set(err, LL_EDATA, "%s: a systemd journal cut short inside its header (%zu bytes)", path,
				  size);
	uint32_t inc = le32(data + 12);
	if (inc & ~(uint32_t)INC_KNOWN)
		return ll_err_set(err, LL_EDATA,
				  "%s: a systemd journal with incompatible flags 0x%x that this reader does not know "
				  "(written by a newer systemd); journalctl --file %s -o json > out.jsonl from that "
				  "systemd writes it as JSON Lines",
				  path, (unsigned)(inc & ~(uint32_t)INC_KNOWN), path);
	if ((inc & INC_XZ) && !ds_codec_available(DS_CODEC_XZ))
		return refuse_codec(path, "xz", "liblzma-dev", err);
	if ((inc & INC_ZSTD) && !ds_codec_available(DS_CODEC_ZSTD))
		return refuse_codec(path, "zstd", "libzstd-dev", err);
	if ((inc & INC_LZ4) && !ds_codec_available(DS_CODEC_LZ4))
		return refuse_codec(path, "lz4", "liblz4-dev", err);
	uint64_t header = le64(data + 88), arena = le64(data + 96);
	if (header < HEADER_MIN || header > size)
		return ll_err_set(err, LL_EDATA, "%s: a systemd journal whose header size (%llu) is out of range", path,
				  (unsigned long long)header);
	struct walk w = {
		.path = path,
		.d = data,
		.size = size,
		.arena = arena > SIZE_MAX - header ? SIZE_MAX : (size_t)(header + arena),
		.first = (size_t)header,
		.compact = (inc & INC_COMPACT) != 0,
		.sizes_only = sizes_only,
		.fn = fn,
		.ctx = ctx,
		.st = st,
		.err = err,
	};
	st->state = data[16];
	st->declared = le64(data + 152);
	st->truncated = w.arena > size;
	int rc = walk_chain(&w, le64(data + 176));
	/* a truncated file whose last arrays are gone: the header still
	 * counts their entries */
	size_t seen = st->entries + st->past_end + st->bad_entries;
	if (rc == LL_OK && st->truncated && st->declared > seen)
		st->past_end += (size_t)(st->declared - seen);
	free(w.f);
	free(w.dec_at);
	free(w.dec);
	return rc;
}
