/*
 * ll_journal.c - writing and replaying the label journal (format in the header).
 *
 * Appends go through one write(2) of the whole group followed by
 * fdatasync(2): the group is either wholly on disk or, if the process dies
 * mid-write, torn at the end, which replay detects by the missing newline
 * or the CRC and skips.
 */
#include "ll_journal.h"
#include "ll_fileio.h"
#include "ll_time.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#define JOURNAL_HEADER "# loglab label journal v1\n"

struct ll_journal {
	char *path;
	int fd;
};

uint32_t ll_line_hash(const char *line, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)line[i];
		h *= 16777619u;
	}
	return h;
}

uint32_t ll_crc32(const void *data, size_t len)
{
	static uint32_t table[256];
	static int ready;
	if (!ready) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;
			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
		ready = 1;
	}
	const unsigned char *p = data;
	uint32_t c = 0xffffffffu;
	for (size_t i = 0; i < len; i++)
		c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

const char *ll_journal_default_user(void)
{
	static char buf[64];
	const char *u = getenv("USER");
	if (u && *u)
		return u;
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_name)
		return pw->pw_name;
	snprintf(buf, sizeof buf, "uid %u", (unsigned)getuid());
	return buf;
}

/* Growable output buffer for formatting records. */
struct buf {
	char *p;
	size_t len, cap;
	int oom;
};

static void buf_put(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (b->len + n + 1 > cap)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_puts(struct buf *b, const char *s) { buf_put(b, s, strlen(s)); }

static void buf_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\t')
			buf_put(b, "\\t", 2);
		else if (*s == '\n')
			buf_put(b, "\\n", 2);
		else if (*s == '\r')
			buf_put(b, "\\r", 2);
		else if (*s == '\\')
			buf_put(b, "\\\\", 2);
		else
			buf_put(b, s, 1);
	}
}

static void format_record(struct buf *b, const struct ll_journal_record *r)
{
	size_t start = b->len;
	char tmp[96];
	double t = r->time;
	ll_time_format(floor(t), tmp, sizeof tmp);
	tmp[10] = 'T';
	buf_puts(b, tmp);
	snprintf(tmp, sizeof tmp, ".%03dZ\t", (int)((t - floor(t)) * 1000));
	buf_puts(b, tmp);
	buf_escaped(b, r->user ? r->user : "");
	snprintf(tmp, sizeof tmp, "\t%llu:%08x\t", (unsigned long long)r->row + 1, r->hash);
	buf_puts(b, tmp);
	buf_escaped(b, r->old_cls ? r->old_cls : "");
	buf_put(b, "\t", 1);
	buf_escaped(b, r->new_cls ? r->new_cls : "");
	buf_put(b, "\t", 1);
	buf_escaped(b, r->source ? r->source : "");
	snprintf(tmp, sizeof tmp, "\t%llu\t", (unsigned long long)r->group);
	buf_puts(b, tmp);
	if (b->oom)
		return;
	uint32_t crc = ll_crc32(b->p + start, b->len - start);
	snprintf(tmp, sizeof tmp, "%08x\n", crc);
	buf_puts(b, tmp);
}

int ll_journal_open(struct ll_journal **out, const char *path, struct ll_err *err)
{
	*out = NULL;
	struct ll_journal *j = calloc(1, sizeof *j);
	if (!j || !(j->path = strdup(path))) {
		free(j);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	j->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (j->fd < 0) {
		int e = errno;
		ll_journal_close(j);
		return ll_err_errno(err, LL_EIO, e, "%s: cannot open the label journal for writing", path);
	}
	struct stat st;
	if (fstat(j->fd, &st) == 0 && st.st_size == 0) {
		if (ll_write_all(j->fd, JOURNAL_HEADER, strlen(JOURNAL_HEADER)) != 0 || fdatasync(j->fd) != 0) {
			int e = errno;
			ll_journal_close(j);
			return ll_err_errno(err, LL_EIO, e, "%s: cannot write the label journal", path);
		}
	}
	*out = j;
	return LL_OK;
}

void ll_journal_close(struct ll_journal *j)
{
	if (!j)
		return;
	if (j->fd >= 0)
		close(j->fd);
	free(j->path);
	free(j);
}

const char *ll_journal_path(const struct ll_journal *j) { return j->path; }

int ll_journal_append(struct ll_journal *j, const struct ll_journal_record *recs, size_t n, struct ll_err *err)
{
	if (n == 0)
		return LL_OK;
	struct buf b = {0};
	for (size_t i = 0; i < n; i++)
		format_record(&b, &recs[i]);
	if (b.oom) {
		free(b.p);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory formatting %zu label records", j->path, n);
	}
	off_t before = lseek(j->fd, 0, SEEK_END);
	int rc = LL_OK;
	if (ll_write_all(j->fd, b.p, b.len) != 0 || fdatasync(j->fd) != 0) {
		int e = errno;
		/* Leave no partial group behind: the change was not made. */
		if (before >= 0 && ftruncate(j->fd, before) == 0)
			fdatasync(j->fd);
		rc = ll_err_errno(err, LL_EIO, e, "%s: label not saved", j->path);
	}
	free(b.p);
	return rc;
}

/* Undoes buf_escaped in place; returns the new length. */
static size_t unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r == '\\' && r[1]) {
			r++;
			*w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

/* Parses one record line (no newline) in place; 0 on success. */
static int parse_record(char *line, size_t len, struct ll_journal_record *r, const char **why)
{
	if (len < 9 || line[len - 9] != '\t') {
		*why = "no checksum";
		return -1;
	}
	char *end;
	unsigned long crc = strtoul(line + len - 8, &end, 16);
	if (end != line + len || ll_crc32(line, len - 8) != (uint32_t)crc) {
		*why = "checksum mismatch";
		return -1;
	}
	line[len - 9] = '\0';
	char *f[7];
	int nf = 0;
	char *p = line;
	f[nf++] = p;
	while (*p && nf < 7) {
		if (*p == '\t') {
			*p = '\0';
			f[nf++] = p + 1;
		}
		p++;
	}
	if (nf != 7 || strchr(f[6], '\t')) {
		*why = "wrong number of fields";
		return -1;
	}
	double t;
	size_t tl = strlen(f[0]);
	if (tl && f[0][tl - 1] == 'Z')
		tl--;
	if (!ll_time_parse(f[0], tl, &t)) {
		*why = "bad time";
		return -1;
	}
	unsigned long long row;
	unsigned hash;
	char tail;
	if (sscanf(f[2], "%llu:%8x%c", &row, &hash, &tail) != 2 || row == 0) {
		*why = "bad line key";
		return -1;
	}
	unsigned long long group = strtoull(f[6], &end, 10);
	if (*end) {
		*why = "bad group";
		return -1;
	}
	for (int i = 1; i < 6; i++)
		if (i != 2)
			unescape(f[i]);
	r->time = t;
	r->user = f[1];
	r->row = row - 1;
	r->hash = hash;
	r->old_cls = f[3];
	r->new_cls = f[4];
	r->source = f[5];
	r->group = group;
	return 0;
}

int ll_journal_replay(const char *path, ll_journal_record_fn fn, ll_journal_warn_fn warn, void *ctx,
		      struct ll_err *err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT)
			return LL_OK;
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot read the label journal", path);
	}
	/* A device such as /dev/zero would never end. */
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return ll_err_set(err, LL_EIO, "%s: the label journal must be a regular file", path);
	}
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	int rc = LL_OK;
	while ((n = getline(&line, &cap, f)) > 0) {
		lineno++;
		int complete = line[n - 1] == '\n';
		if (complete)
			line[--n] = '\0';
		if (lineno == 1 && strncmp(line, "# loglab label journal", 22) == 0)
			continue;
		if (n == 0 || line[0] == '#')
			continue;
		struct ll_journal_record r;
		const char *why = NULL;
		if (!complete)
			why = "torn last record (the writer stopped mid-write)";
		if (why || parse_record(line, (size_t)n, &r, &why) != 0) {
			if (warn) {
				char msg[LL_ERR_MSG_MAX];
				snprintf(msg, sizeof msg, "%s:%zu: skipped damaged label record: %s", path, lineno, why);
				warn(ctx, msg);
			}
			continue;
		}
		rc = fn(ctx, &r);
		if (rc != 0)
			break;
	}
	if (rc == LL_OK && ferror(f))
		rc = ll_err_errno(err, LL_EIO, errno, "%s: read error in the label journal", path);
	free(line);
	fclose(f);
	return rc;
}

int ll_journal_rewrite(const char *path, const struct ll_journal_record *recs, size_t n, struct ll_err *err)
{
	struct buf b = {0};
	buf_puts(&b, JOURNAL_HEADER);
	for (size_t i = 0; i < n; i++)
		format_record(&b, &recs[i]);
	int rc;
	if (b.oom)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory compacting the journal", path);
	else
		rc = ll_write_atomic(path, b.p, b.len, err);
	free(b.p);
	return rc;
}
