/*
 * ll_model_io.c - reading and writing the model container (format in
 * ll_model_io.h).
 *
 * Writing builds the whole file in memory (models are small: a 5x100 DNN
 * is 170 KB) so the checksum is one pass and the write one call. Reading
 * loads the file, checks every length against what remains before trusting
 * it, then indexes the sections in place.
 */
#include "ll_model_io.h"
#include "ll_fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "LLMODEL\n"
#define MAX_NAME 64
#define MAX_FP 65536
#define MAX_SECTIONS 4096

struct section {
	char name[MAX_NAME + 1];
	uint32_t type;
	uint64_t count;
	size_t off; /* of the payload in buf */
};

struct ll_mio {
	char kind[MAX_NAME + 1];
	char *fp;
	char *path;         /* when read from a file, for messages */
	unsigned char *buf; /* writing: the body being built; reading: the file */
	size_t len, cap;
	struct section *sec;
	size_t nsec, capsec;
	uint64_t sum; /* read: the stored checksum */
};

static size_t type_size(uint32_t t)
{
	switch (t) {
	case LL_MIO_I64:
	case LL_MIO_F64:
		return 8;
	case LL_MIO_F32:
		return 4;
	case LL_MIO_BYTES:
		return 1;
	}
	return 0;
}

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int is_little_endian(void)
{
	const uint16_t one = 1;
	unsigned char b;
	memcpy(&b, &one, 1);
	return b == 1;
}

static int grow(struct ll_mio *m, size_t more, struct ll_err *err)
{
	if (m->len + more <= m->cap)
		return LL_OK;
	size_t cap = m->cap ? m->cap : 4096;
	while (cap < m->len + more)
		cap *= 2;
	unsigned char *nb = realloc(m->buf, cap);
	if (!nb)
		return ll_err_set(err, LL_ENOMEM, "model file: out of memory (%zu bytes)", cap);
	m->buf = nb;
	m->cap = cap;
	return LL_OK;
}

static void put_raw(struct ll_mio *m, const void *p, size_t n)
{
	memcpy(m->buf + m->len, p, n);
	m->len += n;
}

static void put_u32(struct ll_mio *m, uint32_t v)
{
	put_raw(m, &v, 4);
}

static void put_u64(struct ll_mio *m, uint64_t v)
{
	put_raw(m, &v, 8);
}

int ll_mio_new(const char *kind, const char *fingerprint, struct ll_mio **out, struct ll_err *err)
{
	*out = NULL;
	if (!is_little_endian())
		return ll_err_set(err, LL_EUSAGE, "model files are little-endian; this host is not supported");
	if (!kind || !*kind || strlen(kind) > MAX_NAME)
		return ll_err_set(err, LL_EUSAGE, "model file: kind must be 1..%d characters", MAX_NAME);
	if (!fingerprint)
		fingerprint = "";
	if (strlen(fingerprint) > MAX_FP)
		return ll_err_set(err, LL_EUSAGE, "model file: fingerprint longer than %d bytes", MAX_FP);
	struct ll_mio *m = calloc(1, sizeof *m);
	if (!m || !(m->fp = strdup(fingerprint))) {
		free(m);
		return ll_err_set(err, LL_ENOMEM, "model file: out of memory");
	}
	strcpy(m->kind, kind);
	*out = m;
	return LL_OK;
}

void ll_mio_free(struct ll_mio *m)
{
	if (!m)
		return;
	free(m->fp);
	free(m->path);
	free(m->buf);
	free(m->sec);
	free(m);
}

int ll_mio_put(struct ll_mio *m, const char *name, enum ll_mio_type type, const void *data, size_t count,
	       struct ll_err *err)
{
	size_t es = type_size(type);
	size_t nl = name ? strlen(name) : 0;
	if (!es)
		return ll_err_set(err, LL_EUSAGE, "model file: section '%s' has unknown type %d", name ? name : "",
				  (int)type);
	if (nl == 0 || nl > MAX_NAME)
		return ll_err_set(err, LL_EUSAGE, "model file: section name must be 1..%d characters", MAX_NAME);
	if (m->nsec >= MAX_SECTIONS)
		return ll_err_set(err, LL_EUSAGE, "model file: more than %d sections", MAX_SECTIONS);
	if (count > (SIZE_MAX - 64) / es)
		return ll_err_set(err, LL_ENOMEM, "model file: section '%s' too large", name);
	if (m->nsec == m->capsec) {
		size_t nc = m->capsec ? 2 * m->capsec : 16;
		struct section *ns = realloc(m->sec, nc * sizeof *ns);
		if (!ns)
			return ll_err_set(err, LL_ENOMEM, "model file: out of memory");
		m->sec = ns;
		m->capsec = nc;
	}
	int rc = grow(m, 4 + nl + 4 + 8 + count * es, err);
	if (rc)
		return rc;
	struct section *s = &m->sec[m->nsec++];
	memcpy(s->name, name, nl + 1);
	s->type = type;
	s->count = count;
	put_u32(m, (uint32_t)nl);
	put_raw(m, name, nl);
	put_u32(m, (uint32_t)type);
	put_u64(m, count);
	s->off = m->len;
	if (count)
		put_raw(m, data, count * es);
	return LL_OK;
}

int ll_mio_write(const struct ll_mio *m, const char *path, struct ll_err *err)
{
	size_t kl = strlen(m->kind), fl = strlen(m->fp);
	size_t hl = 8 + 4 + 4 + kl + 4 + fl + 4;
	size_t total = hl + m->len + 8;
	unsigned char *out = malloc(total);
	if (!out)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory writing the model", path);
	unsigned char *p = out;
	uint32_t v;
	memcpy(p, MAGIC, 8), p += 8;
	v = LL_MIO_VERSION, memcpy(p, &v, 4), p += 4;
	v = (uint32_t)kl, memcpy(p, &v, 4), p += 4;
	memcpy(p, m->kind, kl), p += kl;
	v = (uint32_t)fl, memcpy(p, &v, 4), p += 4;
	memcpy(p, m->fp, fl), p += fl;
	v = (uint32_t)m->nsec, memcpy(p, &v, 4), p += 4;
	if (m->len)
		memcpy(p, m->buf, m->len);
	p += m->len;
	uint64_t h = fnv1a(out, (size_t)(p - out));
	memcpy(p, &h, 8);

	int rc = ll_write_atomic(path, out, total, err);
	free(out);
	return rc;
}

/* Bounds-checked cursor over a file being read. */
struct cursor {
	const unsigned char *p;
	size_t len, pos;
};

static int take(struct cursor *c, void *dst, size_t n)
{
	if (c->len - c->pos < n)
		return -1;
	if (dst)
		memcpy(dst, c->p + c->pos, n);
	c->pos += n;
	return 0;
}

static int read_file(const char *path, unsigned char **buf, size_t *len, struct ll_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot open model file", path);
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return ll_err_errno(err, LL_EIO, e, "%s: cannot stat", path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return ll_err_set(err, LL_EDATA, "%s: not a regular file", path);
	}
	size_t n = (size_t)st.st_size;
	unsigned char *b = malloc(n ? n : 1);
	if (!b) {
		close(fd);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory for %zu bytes", path, n);
	}
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, b + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(b);
			close(fd);
			return ll_err_errno(err, LL_EIO, e, "%s: cannot read", path);
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	*buf = b;
	*len = got;
	return LL_OK;
}

/* Shortens long fingerprints for messages. */
static void clip(char *dst, size_t cap, const char *s)
{
	if (strlen(s) < cap) {
		strcpy(dst, s);
		return;
	}
	memcpy(dst, s, cap - 4);
	strcpy(dst + cap - 4, "...");
}

int ll_mio_read(const char *path, const char *kind, const char *fingerprint, struct ll_mio **out,
		struct ll_err *err)
{
	*out = NULL;
	if (!is_little_endian())
		return ll_err_set(err, LL_EUSAGE, "model files are little-endian; this host is not supported");
	struct ll_mio *m = calloc(1, sizeof *m);
	if (!m || !(m->path = strdup(path))) {
		free(m);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	int rc = read_file(path, &m->buf, &m->len, err);
	if (rc) {
		ll_mio_free(m);
		return rc;
	}
	struct cursor c = { m->buf, m->len, 0 };
	char magic[8];
	uint32_t ver = 0, kl = 0, fl = 0, ns = 0;
	if (take(&c, magic, 8) || memcmp(magic, MAGIC, 8) != 0) {
		rc = ll_err_set(err, LL_EDATA, "%s: not a loglab model file (bad magic)", path);
		goto fail;
	}
	uint64_t stored = 0;
	if (m->len >= 16)
		memcpy(&stored, m->buf + m->len - 8, 8);
	if (m->len < 16 || fnv1a(m->buf, m->len - 8) != stored) {
		rc = ll_err_set(err, LL_EDATA, "%s: checksum mismatch: the file is truncated or corrupted", path);
		goto fail;
	}
	m->sum = stored;
	c.len = m->len - 8; /* the checksum is not part of the body */
	if (take(&c, &ver, 4) || ver != LL_MIO_VERSION) {
		rc = ll_err_set(err, LL_EDATA, "%s: model format version %u is not supported (this build reads %d)",
				path, ver, LL_MIO_VERSION);
		goto fail;
	}
	if (take(&c, &kl, 4) || kl == 0 || kl > MAX_NAME || take(&c, m->kind, kl)) {
		rc = ll_err_set(err, LL_EDATA, "%s: corrupted header (model kind)", path);
		goto fail;
	}
	m->kind[kl] = '\0';
	if (take(&c, &fl, 4) || fl > MAX_FP || !(m->fp = malloc((size_t)fl + 1)) || take(&c, m->fp, fl)) {
		rc = ll_err_set(err, LL_EDATA, "%s: corrupted header (fingerprint)", path);
		goto fail;
	}
	m->fp[fl] = '\0';
	if (take(&c, &ns, 4) || ns > MAX_SECTIONS) {
		rc = ll_err_set(err, LL_EDATA, "%s: corrupted header (section count)", path);
		goto fail;
	}
	m->sec = calloc(ns ? ns : 1, sizeof *m->sec);
	if (!m->sec) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
		goto fail;
	}
	for (uint32_t i = 0; i < ns; i++) {
		struct section *s = &m->sec[i];
		uint32_t nl;
		if (take(&c, &nl, 4) || nl == 0 || nl > MAX_NAME || take(&c, s->name, nl) ||
		    take(&c, &s->type, 4) || !type_size(s->type) || take(&c, &s->count, 8) ||
		    s->count > (c.len - c.pos) / type_size(s->type)) {
			rc = ll_err_set(err, LL_EDATA, "%s: corrupted section %u", path, i + 1);
			goto fail;
		}
		s->name[nl] = '\0';
		s->off = c.pos;
		c.pos += (size_t)s->count * type_size(s->type);
		m->nsec = i + 1;
	}
	if (c.pos != c.len) {
		rc = ll_err_set(err, LL_EDATA, "%s: %zu unexpected bytes after the last section", path, c.len - c.pos);
		goto fail;
	}
	if (kind && strcmp(kind, m->kind) != 0) {
		rc = ll_err_set(err, LL_EDATA, "%s: holds a '%s' model, not a '%s' model", path, m->kind, kind);
		goto fail;
	}
	if (fingerprint && strcmp(fingerprint, m->fp) != 0) {
		char have[200], want[200];
		clip(have, sizeof have, m->fp);
		clip(want, sizeof want, fingerprint);
		rc = ll_err_set(err, LL_EDATA,
				"%s: the model was trained on other features (its recipe fingerprint is '%s', "
				"the current one is '%s'); retrain it or use the matching feature set",
				path, have, want);
		goto fail;
	}
	*out = m;
	return LL_OK;
fail:
	ll_mio_free(m);
	return rc;
}

uint64_t ll_mio_checksum(const struct ll_mio *m)
{
	return m->sum;
}

const char *ll_mio_kind(const struct ll_mio *m)
{
	return m->kind;
}

const char *ll_mio_fingerprint(const struct ll_mio *m)
{
	return m->fp ? m->fp : "";
}

static const struct section *find(const struct ll_mio *m, const char *name)
{
	for (size_t i = 0; i < m->nsec; i++)
		if (!strcmp(m->sec[i].name, name))
			return &m->sec[i];
	return NULL;
}

long long ll_mio_count(const struct ll_mio *m, const char *name, enum ll_mio_type type)
{
	const struct section *s = find(m, name);
	if (!s || s->type != (uint32_t)type)
		return -1;
	return (long long)s->count;
}

int ll_mio_get(const struct ll_mio *m, const char *name, enum ll_mio_type type, void *dst, size_t count,
	       struct ll_err *err)
{
	const struct section *s = find(m, name);
	const char *path = m->path ? m->path : "(model)";
	if (!s)
		return ll_err_set(err, LL_EDATA, "%s: section '%s' is missing", path, name);
	if (s->type != (uint32_t)type || s->count != count)
		return ll_err_set(err, LL_EDATA, "%s: section '%s' has %llu elements of type %u, expected %zu of type %d",
				  path, name, (unsigned long long)s->count, s->type, count, (int)type);
	if (count)
		memcpy(dst, m->buf + s->off, count * type_size(type));
	/* float32 sections are weights, centres, optimiser states and
	 * hyper-parameters: a NaN or infinity there (a file written by a
	 * diverged run, or edited with its checksum redone) would make every
	 * prediction silently wrong. float64 sections (loss histories, the best
	 * loss so far) may hold infinity and NaN by design. */
	if (type == LL_MIO_F32)
		for (size_t i = 0; i < count; i++) {
			float v = ((const float *)dst)[i];
			if (!isfinite(v))
				return ll_err_set(err, LL_EDATA,
						  "%s: section '%s' holds %s at element %zu of %zu: the model is not usable",
						  path, name, isnan(v) ? "NaN" : "an infinity", i, count);
		}
	return LL_OK;
}
