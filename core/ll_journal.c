/*
 * ll_journal.c - writing and reading the label journal (format and rules
 * in the header).
 *
 * Reading is incremental: the reader keeps the offset up to which every
 * line has been dealt with (delivered in a complete action, or dropped),
 * which is always at an action's boundary. Records of an action whose
 * commit mark has not arrived yet stay unread, so the next read starts at
 * them again; records at the end of the file count as abandoned only when
 * no writer holds the lock (their writer died), never while one may still
 * be writing them. Each damaged line or dropped action is reported once,
 * however often its region is read again.
 *
 * Writing happens under the lock only: read to the end, append the action
 * and its commit mark in one write, fdatasync, advance the offset.
 */
#include "ll_journal.h"
#include "ll_fileio.h"
#include "ll_names.h"
#include "ll_time.h"
#include "ll_tsvesc.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HEADER_PREFIX "# loglab label journal v"
#define HEADER_V2 HEADER_PREFIX "2\n"
#define LOCK_TIMEOUT_MS 15000
#define READ_CHUNK (256 * 1024)

/* ---- checksums ---- */

uint32_t ll_line_hash(const char *line, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)line[i];
		h *= 16777619u;
	}
	return h;
}

/* Slicing by eight: crc_table[k][b] is the CRC of byte b followed by k
 * zero bytes, so eight bytes fold in with eight lookups and no chain of
 * dependent shifts (a bulk label checksums every one of its records). */
static uint32_t crc_table[8][256];

/* Filled before main, so threads (fleet datasets) never race to fill it. */
__attribute__((constructor)) static void crc_table_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[0][i] = c;
	}
	for (uint32_t i = 0; i < 256; i++)
		for (int k = 1; k < 8; k++)
			crc_table[k][i] = crc_table[0][crc_table[k - 1][i] & 0xff] ^ (crc_table[k - 1][i] >> 8);
}

uint32_t ll_crc32(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint32_t c = 0xffffffffu;
	for (; len >= 8; p += 8, len -= 8) {
		/* bytes in file order, whatever the machine's byte order */
		uint32_t lo = c ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
		c = crc_table[7][lo & 0xff] ^ crc_table[6][(lo >> 8) & 0xff] ^ crc_table[5][(lo >> 16) & 0xff] ^
		    crc_table[4][lo >> 24] ^ crc_table[3][p[4]] ^ crc_table[2][p[5]] ^ crc_table[1][p[6]] ^
		    crc_table[0][p[7]];
	}
	for (; len; p++, len--)
		c = crc_table[0][(c ^ *p) & 0xff] ^ (c >> 8);
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

/* ---- formatting ---- */

struct buf {
	char *p;
	size_t len, cap;
	int oom;
};

/* Room for n more bytes (and the NUL); 0 when out of memory. */
static int buf_reserve(struct buf *b, size_t n)
{
	if (b->oom)
		return 0;
	if (b->len + n + 1 <= b->cap)
		return 1;
	size_t cap = b->cap ? b->cap : 256;
	while (b->len + n + 1 > cap)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = 1;
		return 0;
	}
	b->p = p;
	b->cap = cap;
	return 1;
}

static void buf_put(struct buf *b, const char *s, size_t n)
{
	if (!buf_reserve(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_puts(struct buf *b, const char *s) { buf_put(b, s, strlen(s)); }

/* s escaped as ll_tsvesc.h says (the escaping predictions.tsv shares). */
static void buf_escaped(struct buf *b, const char *s)
{
	if (!ll_tsv_needs_escape(s)) {
		buf_puts(b, s);
		return;
	}
	size_t n = ll_tsv_escaped_len(s);
	if (!buf_reserve(b, n))
		return;
	b->len += ll_tsv_escape(s, b->p + b->len);
}

/* v in decimal at out (no NUL); returns its length. */
static size_t put_dec(char *out, unsigned long long v)
{
	char tmp[24];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

/* v as eight lower-case hex digits at out (no NUL). */
static void put_hex8(char *out, uint32_t v)
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 7; i >= 0; i--, v >>= 4)
		out[i] = digits[v & 15];
}

/* TIME<TAB>USER<TAB>, the start of every line. */
static void put_time_user(struct buf *b, double t, const char *user)
{
	char tmp[96];
	ll_time_format(floor(t), tmp, sizeof tmp);
	tmp[10] = 'T';
	buf_puts(b, tmp);
	int ms = (int)((t - floor(t)) * 1000);
	snprintf(tmp, sizeof tmp, ".%03dZ\t", ms > 999 ? 999 : ms);
	buf_puts(b, tmp);
	buf_escaped(b, user ? user : "");
	buf_put(b, "\t", 1);
}

/* Ends the line begun at start with its checksum. */
static void put_crc(struct buf *b, size_t start)
{
	if (!buf_reserve(b, 9))
		return;
	put_hex8(b->p + b->len, ll_crc32(b->p + start, b->len - start));
	b->p[b->len + 8] = '\n';
	b->len += 9;
	b->p[b->len] = '\0';
}

static void format_commit(struct buf *b, const struct ll_journal_action *a)
{
	size_t start = b->len;
	char tmp[64];
	put_time_user(b, a->time, a->user);
	snprintf(tmp, sizeof tmp, "commit\t%zu\t", a->n + a->nclasses);
	buf_puts(b, tmp);
	if (a->ref) {
		snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)a->ref);
		buf_puts(b, tmp);
	}
	buf_put(b, "\t", 1);
	buf_escaped(b, a->source ? a->source : "");
	snprintf(tmp, sizeof tmp, "\t%llu\t", (unsigned long long)a->group);
	buf_puts(b, tmp);
	put_crc(b, start);
}

/* An action as it is appended: its records, each with the action's group
 * and source, then its commit mark. A bulk action writes a million
 * records: what they share (the time and user a commit gives them all, the
 * source and group) is formatted once, the rest written in place. */
static void format_action(struct buf *b, const struct ll_journal_action *a)
{
	struct buf head = {0}, tail = {0};
	double head_time = NAN;
	const char *head_user = NULL;
	buf_put(&tail, "\t", 1);
	buf_escaped(&tail, a->source ? a->source : "");
	char tmp[32];
	tmp[0] = '\t';
	size_t k = 1 + put_dec(tmp + 1, (unsigned long long)a->group);
	tmp[k++] = '\t';
	buf_put(&tail, tmp, k);
	/* about what each record takes, so the buffer grows once */
	buf_reserve(b, a->n * (tail.len + 64));
	for (size_t i = 0; i < a->nclasses && !tail.oom; i++) {
		size_t start = b->len;
		put_time_user(b, a->time, a->user);
		buf_puts(b, "class\t\t");
		buf_escaped(b, a->classes[i]);
		buf_put(b, tail.p, tail.len);
		put_crc(b, start);
	}
	for (size_t i = 0; i < a->n && !b->oom && !tail.oom; i++) {
		const struct ll_journal_record *r = &a->recs[i];
		const char *user = r->user ? r->user : "";
		if (!head.p || r->time != head_time || (user != head_user && strcmp(user, head_user))) {
			head.len = 0;
			put_time_user(&head, r->time, user);
			if (head.oom)
				break;
			head_time = r->time;
			head_user = user;
		}
		const char *old_cls = r->old_cls ? r->old_cls : "", *new_cls = r->new_cls ? r->new_cls : "";
		size_t start = b->len;
		if (!buf_reserve(b, head.len + 21 + 1 + 8 + 1))
			break;
		memcpy(b->p + b->len, head.p, head.len);
		b->len += head.len;
		b->len += put_dec(b->p + b->len, (unsigned long long)r->row + 1);
		b->p[b->len++] = ':';
		put_hex8(b->p + b->len, r->hash);
		b->len += 8;
		b->p[b->len++] = '\t';
		buf_escaped(b, old_cls);
		buf_put(b, "\t", 1);
		buf_escaped(b, new_cls);
		buf_put(b, tail.p, tail.len);
		put_crc(b, start);
	}
	if (head.oom || tail.oom)
		b->oom = 1;
	free(head.p);
	free(tail.p);
	format_commit(b, a);
}

/* ---- parsing ---- */


enum line_kind { LINE_DAMAGED, LINE_RECORD, LINE_COMMIT, LINE_CLASS };

struct parsed {
	double time;
	char *user, *old_cls, *new_cls, *source;
	uint64_t row, group, count, ref;
	uint32_t hash;
};

static int parse_u64(const char *s, uint64_t *out)
{
	if (*s < '0' || *s > '9')
		return 0;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end || errno)
		return 0;
	*out = v;
	return 1;
}

/* Parses one line (no newline) in place. */
static enum line_kind parse_line(char *line, size_t len, struct parsed *p, const char **why)
{
	if (len < 9 || line[len - 9] != '\t') {
		*why = "no checksum";
		return LINE_DAMAGED;
	}
	char *end;
	unsigned long crc = strtoul(line + len - 8, &end, 16);
	if (end != line + len || ll_crc32(line, len - 8) != (uint32_t)crc) {
		*why = "checksum mismatch";
		return LINE_DAMAGED;
	}
	line[len - 9] = '\0';
	char *f[7];
	int nf = 0;
	f[nf++] = line;
	for (char *c = line; *c && nf < 7; c++)
		if (*c == '\t') {
			*c = '\0';
			f[nf++] = c + 1;
		}
	if (nf != 7 || strchr(f[6], '\t')) {
		*why = "wrong number of fields";
		return LINE_DAMAGED;
	}
	size_t tl = strlen(f[0]);
	if (tl && f[0][tl - 1] == 'Z')
		tl--;
	if (!ll_time_parse(f[0], tl, &p->time)) {
		*why = "bad time";
		return LINE_DAMAGED;
	}
	if (!parse_u64(f[6], &p->group)) {
		*why = "bad group";
		return LINE_DAMAGED;
	}
	ll_tsv_unescape(f[1]);
	ll_tsv_unescape(f[5]);
	p->user = f[1];
	p->source = f[5];
	if (strcmp(f[2], "commit") == 0) {
		p->ref = 0;
		if (!parse_u64(f[3], &p->count) || (f[4][0] && !parse_u64(f[4], &p->ref))) {
			*why = "bad commit mark";
			return LINE_DAMAGED;
		}
		return LINE_COMMIT;
	}
	if (strcmp(f[2], "class") == 0) {
		ll_tsv_unescape(f[4]);
		if (f[3][0] || !f[4][0]) {
			*why = "bad class line";
			return LINE_DAMAGED;
		}
		p->row = 0;
		p->hash = 0;
		p->old_cls = f[3];
		p->new_cls = f[4];
		return LINE_CLASS;
	}
	unsigned long long row;
	unsigned hash;
	char tail;
	if (sscanf(f[2], "%llu:%8x%c", &row, &hash, &tail) != 2 || row == 0) {
		*why = "bad line key";
		return LINE_DAMAGED;
	}
	ll_tsv_unescape(f[3]);
	ll_tsv_unescape(f[4]);
	p->row = row - 1;
	p->hash = hash;
	p->old_cls = f[3];
	p->new_cls = f[4];
	return LINE_RECORD;
}

/* ---- the reader ---- */

struct pending_rec {
	double time;
	uint64_t row;
	uint32_t hash;
	size_t user, old_cls, new_cls, source; /* offsets into the arena */
	int decl; /* a "class" line: new_cls is the class it declares */
};

struct reader {
	off_t offset;     /* every line before it is dealt with */
	size_t lineno;    /* lines before offset */
	off_t warned_to;  /* lines starting before it were reported already */
	int version;      /* 0 before the header, then 1 or 2 */
	int tail_locked;  /* the journal's lock is ours: what ends the file unfinished is abandoned */
	uint64_t next_group;
	struct ll_journal_stats stats;

	/* the action being read */
	int open, damaged;
	uint64_t group;
	off_t start;
	size_t start_line;
	struct pending_rec *recs;
	size_t n, cap;
	char *arena;
	size_t alen, acap;
	struct ll_journal_record *out;
	size_t outcap;
	const char **decls;
	size_t declcap;
};

struct ll_journal {
	char *path;
	int writable;
	int fd;            /* -1 while there is no file */
	dev_t dev;         /* the file the reader reads */
	ino_t ino;
	int bound;         /* dev/ino are set */
	int locked;
	int restart;       /* the next read must report a restart */
	struct reader r;
	char *buf;         /* read buffer */
	size_t bufcap;
};

static void reader_free(struct reader *r)
{
	free(r->recs);
	free(r->arena);
	free(r->out);
	free(r->decls);
}

static void reader_reset(struct reader *r)
{
	struct reader fresh = {0};
	fresh.recs = r->recs;
	fresh.cap = r->cap;
	fresh.arena = r->arena;
	fresh.acap = r->acap;
	fresh.out = r->out;
	fresh.outcap = r->outcap;
	fresh.decls = r->decls;
	fresh.declcap = r->declcap;
	fresh.next_group = r->next_group ? r->next_group : 1;
	*r = fresh;
}

static size_t arena_put(struct reader *r, const char *s, int *oom)
{
	size_t n = strlen(s) + 1;
	if (r->alen + n > r->acap) {
		size_t cap = r->acap ? r->acap : 4096;
		while (r->alen + n > cap)
			cap *= 2;
		char *p = realloc(r->arena, cap);
		if (!p) {
			*oom = 1;
			return 0;
		}
		r->arena = p;
		r->acap = cap;
	}
	memcpy(r->arena + r->alen, s, n);
	r->alen += n;
	return r->alen - n;
}

/* What a pass over the file calls: the reader's consumer and reporter. */
struct pass {
	struct reader *r;
	const char *path;
	ll_journal_action_fn fn;
	ll_journal_warn_fn warn;
	void *ctx;
};

/* Reports a problem found at the line starting at ls, once. */
static int report(struct pass *ps, off_t ls, size_t lineno, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int report(struct pass *ps, off_t ls, size_t lineno, const char *fmt, ...)
{
	if (ls < ps->r->warned_to)
		return 0;
	if (ps->warn) {
		char what[LL_ERR_MSG_MAX / 2];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(what, sizeof what, fmt, ap);
		va_end(ap);
		char msg[LL_ERR_MSG_MAX];
		snprintf(msg, sizeof msg, "%s:%zu: %s", ps->path, lineno, what);
		ps->warn(ps->ctx, msg);
	}
	return 1;
}

static void drop_pending(struct pass *ps, off_t at, size_t lineno, const char *why)
{
	struct reader *r = ps->r;
	if (report(ps, at, lineno, "action %llu (%zu record%s from line %zu) %s: not applied", (unsigned long long)r->group,
		   r->n, r->n == 1 ? "" : "s", r->start_line, why)) {
		r->stats.incomplete++;
		r->stats.incomplete_records += r->n;
	}
	r->open = 0;
	r->n = 0;
	r->alen = 0;
}

static int deliver(struct pass *ps, uint64_t ref, const char *source, double time, const char *user)
{
	struct reader *r = ps->r;
	if (r->n > r->outcap) {
		struct ll_journal_record *o = realloc(r->out, r->n * sizeof *o);
		if (!o)
			return LL_ENOMEM;
		r->out = o;
		r->outcap = r->n;
	}
	if (r->n > r->declcap) {
		const char **d = realloc(r->decls, r->n * sizeof *d);
		if (!d)
			return LL_ENOMEM;
		r->decls = d;
		r->declcap = r->n;
	}
	size_t n = 0, nd = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct pending_rec *p = &r->recs[i];
		if (p->decl)
			r->decls[nd++] = r->arena + p->new_cls;
		else
			r->out[n++] = (struct ll_journal_record){p->time, r->arena + p->user, p->row, p->hash,
								 r->arena + p->old_cls, r->arena + p->new_cls,
								 r->arena + p->source, r->group};
	}
	struct ll_journal_action a = {r->group, ref, source, time, user, r->out, n, r->decls, nd};
	r->stats.actions++;
	r->stats.records += n;
	int rc = ps->fn ? ps->fn(ps->ctx, &a) : 0;
	r->open = 0;
	r->n = 0;
	r->alen = 0;
	return rc;
}

/* Legacy (version 1) actions end where the group changes. */
static int deliver_legacy(struct pass *ps)
{
	struct reader *r = ps->r;
	const struct pending_rec *last = &r->recs[r->n - 1];
	char source[32], user[128];
	snprintf(source, sizeof source, "%s", r->arena + r->recs[0].source);
	snprintf(user, sizeof user, "%s", r->arena + last->user);
	return deliver(ps, 0, source, last->time, user);
}

static int add_record(struct reader *r, const struct parsed *p, int decl)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		struct pending_rec *q = realloc(r->recs, cap * sizeof *q);
		if (!q)
			return LL_ENOMEM;
		r->recs = q;
		r->cap = cap;
	}
	int oom = 0;
	struct pending_rec *q = &r->recs[r->n];
	q->time = p->time;
	q->row = p->row;
	q->hash = p->hash;
	q->decl = decl;
	q->user = arena_put(r, p->user, &oom);
	q->old_cls = arena_put(r, p->old_cls, &oom);
	q->new_cls = arena_put(r, p->new_cls, &oom);
	q->source = arena_put(r, p->source, &oom);
	if (oom)
		return LL_ENOMEM;
	r->n++;
	return LL_OK;
}

/* One complete line [ls, le) of the file, without its newline. */
static int process_line(struct pass *ps, char *line, size_t len, off_t ls, off_t le, size_t lineno)
{
	struct reader *r = ps->r;
	int rc = LL_OK;
	if (len && line[len - 1] == '\r')
		len--; /* a journal edited on another system */
	line[len] = '\0';
	size_t pl = sizeof HEADER_PREFIX - 1;
	if (ls == 0 && len >= pl && memcmp(line, HEADER_PREFIX, pl) == 0) {
		r->version = atoi(line + pl) >= 2 ? 2 : 1;
	} else if (len == 0 || line[0] == '#') {
		/* comments carry nothing */
	} else {
		if (!r->version)
			r->version = 1; /* no header: written by hand or by an early loglab */
		struct parsed p;
		const char *why = NULL;
		enum line_kind kind = parse_line(line, len, &p, &why);
		if (kind != LINE_DAMAGED && p.group >= r->next_group)
			r->next_group = p.group + 1;
		if (kind == LINE_DAMAGED) {
			if (report(ps, ls, lineno, "skipped damaged label record: %s", why))
				r->stats.damaged++;
			r->damaged |= r->open;
		} else if (r->version == 1) {
			if (kind == LINE_COMMIT) {
				if (report(ps, ls, lineno, "skipped damaged label record: a commit mark in a version 1 journal"))
					r->stats.damaged++;
			} else {
				if (r->open && p.group != r->group && (rc = deliver_legacy(ps)) != LL_OK)
					return rc;
				if (!r->open) {
					r->open = 1;
					r->group = p.group;
					r->start = ls;
					r->start_line = lineno;
				}
				rc = add_record(r, &p, kind == LINE_CLASS);
			}
		} else if (kind == LINE_RECORD || kind == LINE_CLASS) {
			if (r->open && p.group != r->group)
				drop_pending(ps, ls, lineno, "has no commit mark (its writer stopped mid-write)");
			if (!r->open) {
				r->open = 1;
				r->damaged = 0;
				r->group = p.group;
				r->start = ls;
				r->start_line = lineno;
			}
			rc = add_record(r, &p, kind == LINE_CLASS);
		} else if (r->open && p.group == r->group && p.count == r->n && !r->damaged) {
			rc = deliver(ps, p.ref, p.source, p.time, p.user);
		} else if (r->open || p.count) {
			if (!r->open) {
				r->group = p.group;
				r->start_line = lineno;
			}
			char why_buf[128];
			snprintf(why_buf, sizeof why_buf, "does not match its commit mark at line %zu (%llu records)", lineno,
				 (unsigned long long)p.count);
			drop_pending(ps, ls, lineno, why_buf);
		} else {
			/* an empty action: a compaction that left no label */
			r->group = p.group;
			rc = deliver(ps, p.ref, p.source, p.time, p.user);
		}
	}
	if (le > r->warned_to)
		r->warned_to = le;
	if (!r->open || r->version == 1) {
		/* v1: re-reading from a group's start is never needed (no
		 * writer appends to v1), so consume line by line */
		r->offset = le;
		r->lineno = lineno;
	}
	return rc;
}

/* 1 when some process holds the journal's lock (a writer may be mid-write). */
static int writer_active(int fd)
{
#ifdef F_OFD_GETLK
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
	if (fcntl(fd, F_OFD_GETLK, &fl) == 0)
		return fl.l_type != F_UNLCK;
#endif
	if (flock(fd, LOCK_SH | LOCK_NB) == 0) {
		flock(fd, LOCK_UN);
		return 0;
	}
	return 1;
}

/* Reads fd from the reader's offset to the end of the file. */
static int run_pass(struct ll_journal *j, struct reader *r, int fd, ll_journal_action_fn fn, ll_journal_warn_fn warn,
		    void *ctx, struct ll_err *err)
{
	struct pass ps = {r, j->path, fn, warn, ctx};
	off_t bufpos = r->offset;
	size_t have = 0, lineno = r->lineno;
	r->open = 0;
	r->n = 0;
	r->alen = 0;
	int rc = LL_OK;
	for (;;) {
		if (j->bufcap - have < READ_CHUNK / 2) {
			size_t cap = j->bufcap ? 2 * j->bufcap : READ_CHUNK;
			char *p = realloc(j->buf, cap + 1);
			if (!p)
				return ll_err_set(err, LL_ENOMEM, "%s: out of memory reading the label journal", j->path);
			j->buf = p;
			j->bufcap = cap;
		}
		ssize_t got = pread(fd, j->buf + have, j->bufcap - have, bufpos + (off_t)have);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return ll_err_errno(err, LL_EIO, errno, "%s: read error in the label journal", j->path);
		}
		if (got == 0)
			break;
		have += (size_t)got;
		size_t start = 0;
		char *nl;
		while ((nl = memchr(j->buf + start, '\n', have - start)) != NULL) {
			size_t len = (size_t)(nl - (j->buf + start));
			off_t ls = bufpos + (off_t)start;
			rc = process_line(&ps, j->buf + start, len, ls, ls + (off_t)len + 1, ++lineno);
			if (rc != LL_OK)
				goto fail;
			start += len + 1;
		}
		memmove(j->buf, j->buf + start, have - start);
		have -= start;
		bufpos += (off_t)start;
	}
	if (r->version == 1 && r->open && (rc = deliver_legacy(&ps)) != LL_OK)
		goto fail;
	if ((have || r->open) && (r->tail_locked || !writer_active(fd))) {
		/* Nobody is writing: what ends the file unfinished was
		 * abandoned by a writer that died. */
		if (have) {
			j->buf[have] = '\0';
			if (report(&ps, bufpos, lineno + 1, "skipped damaged label record: %s",
				   "torn last record (the writer stopped mid-write)"))
				r->stats.damaged++;
		}
		if (r->open)
			drop_pending(&ps, bufpos + (off_t)have, lineno + (have ? 1 : 0),
				     "has no commit mark (its writer stopped mid-write)");
		r->offset = bufpos + (off_t)have;
		r->lineno = lineno + (have ? 1 : 0);
		if (r->offset > r->warned_to)
			r->warned_to = r->offset;
	}
	r->open = 0;
	return LL_OK;
fail:
	if (rc == LL_ENOMEM)
		ll_err_set(err, rc, "%s: out of memory replaying labels", j->path);
	r->open = 0;
	return rc;
}

/* ---- opening ---- */

static void bind_file(struct ll_journal *j)
{
	struct stat st;
	j->bound = j->fd >= 0 && fstat(j->fd, &st) == 0;
	if (j->bound) {
		j->dev = st.st_dev;
		j->ino = st.st_ino;
	}
}

/* O_NONBLOCK so that a FIFO at path (which the callers then refuse: not a
 * regular file) does not block the open until a writer comes, forever. */
static int open_nonblock(const char *path, int flags, mode_t mode)
{
	int fd = open(path, flags | O_NONBLOCK | O_CLOEXEC, mode);
	int fl = fd >= 0 ? fcntl(fd, F_GETFL) : -1;
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
}

static int open_fd(const struct ll_journal *j)
{
	return open_nonblock(j->path, j->writable ? O_RDWR | O_APPEND : O_RDONLY, 0);
}

int ll_journal_open(struct ll_journal **out, const char *path, int writable, struct ll_err *err)
{
	*out = NULL;
	struct ll_journal *j = calloc(1, sizeof *j);
	if (!j || !(j->path = strdup(path))) {
		free(j);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	j->writable = writable;
	j->r.next_group = 1;
	j->fd = writable ? open_nonblock(path, O_RDWR | O_APPEND | O_CREAT, 0644) : open_fd(j);
	if (j->fd < 0 && (writable || errno != ENOENT)) {
		int e = errno;
		ll_journal_close(j);
		return ll_err_errno(err, LL_EIO, e, "%s: cannot open the label journal%s", path,
				    writable ? " for writing" : "");
	}
	struct stat st;
	if (j->fd >= 0 && (fstat(j->fd, &st) != 0 || !S_ISREG(st.st_mode))) {
		ll_journal_close(j);
		return ll_err_set(err, LL_EIO, "%s: the label journal must be a regular file", path);
	}
	bind_file(j);
	if (writable) {
		/* Creates the header, checks the file is a journal, converts
		 * version 1. */
		int rc = ll_journal_lock(j, err);
		if (rc != LL_OK) {
			ll_journal_close(j);
			return rc;
		}
		ll_journal_unlock(j);
	}
	*out = j;
	return LL_OK;
}

int ll_journal_make_writable(struct ll_journal *j, struct ll_err *err)
{
	if (j->writable)
		return LL_OK;
	int fd = open(j->path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot open the label journal for writing", j->path);
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return ll_err_set(err, LL_EIO, "%s: the label journal must be a regular file", j->path);
	}
	if (j->bound && (st.st_dev != j->dev || st.st_ino != j->ino))
		j->restart = 1; /* another file than the one read: read it afresh */
	if (j->fd >= 0)
		close(j->fd);
	j->fd = fd;
	j->writable = 1;
	if (!j->bound)
		bind_file(j);
	int rc = ll_journal_lock(j, err);
	if (rc == LL_OK)
		ll_journal_unlock(j);
	return rc;
}

void ll_journal_close(struct ll_journal *j)
{
	if (!j)
		return;
	if (j->fd >= 0)
		close(j->fd);
	reader_free(&j->r);
	free(j->buf);
	free(j->path);
	free(j);
}

const char *ll_journal_path(const struct ll_journal *j) { return j->path; }
int ll_journal_writable(const struct ll_journal *j) { return j->writable; }
const struct ll_journal_stats *ll_journal_stats(const struct ll_journal *j) { return &j->r.stats; }
uint64_t ll_journal_next_group(const struct ll_journal *j) { return j->r.next_group; }

/* Starts reading over, at the start of the file now at path. */
static void restart_reader(struct ll_journal *j)
{
	reader_reset(&j->r);
	j->restart = 0;
	if (!j->locked) {
		if (j->fd >= 0)
			close(j->fd);
		j->fd = open_fd(j);
	}
	bind_file(j);
}

int ll_journal_read(struct ll_journal *j, int *restart, ll_journal_action_fn fn, ll_journal_warn_fn warn, void *ctx,
		    struct ll_err *err)
{
	*restart = 0;
	struct stat now, mine;
	int exists = stat(j->path, &now) == 0;
	if (!exists && errno != ENOENT)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot read the label journal", j->path);
	int replaced = j->restart;
	if (!j->locked) {
		if (!exists)
			replaced |= j->bound;
		else if (j->bound)
			replaced |= now.st_dev != j->dev || now.st_ino != j->ino;
	}
	if (!replaced && j->fd >= 0 && fstat(j->fd, &mine) == 0 && mine.st_size < j->r.offset)
		replaced = 1; /* cut short by hand: what was read is gone */
	if (replaced) {
		/* Nothing read from the old file: nothing for the caller to drop. */
		int fresh = j->r.offset == 0 && !j->r.stats.actions && !j->r.stats.damaged && !j->r.stats.incomplete;
		restart_reader(j);
		if (!fresh) {
			*restart = 1;
			return LL_OK;
		}
	}
	if (j->fd < 0) {
		if (!exists)
			return LL_OK;
		j->fd = open_fd(j);
		if (j->fd < 0)
			return ll_err_errno(err, LL_EIO, errno, "%s: cannot read the label journal", j->path);
		bind_file(j);
	}
	if (fstat(j->fd, &mine) != 0)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot read the label journal", j->path);
	if (!S_ISREG(mine.st_mode))
		return ll_err_set(err, LL_EIO, "%s: the label journal must be a regular file", j->path);
	if (mine.st_size == j->r.offset)
		return LL_OK;
	j->r.tail_locked = j->locked;
	return run_pass(j, &j->r, j->fd, fn, warn, ctx, err);
}

/* ---- writing ---- */

/* Rewrites the file with text (under the lock) and rebinds j to it. */
static int replace_with(struct ll_journal *j, const struct buf *text, struct ll_err *err)
{
	int fd;
	int rc = ll_replace_locked(j->path, text->p, text->len, &fd, err);
	if (rc != LL_OK)
		return rc;
	close(j->fd); /* releases the old file's lock: its waiters find it replaced */
	j->fd = fd;
	j->restart = 1;
	return LL_OK;
}

/* Collects a version 1 journal's actions as version 2 text. */
static int convert_one(void *ctx, const struct ll_journal_action *a)
{
	struct buf *b = ctx;
	format_action(b, a);
	return b->oom ? LL_ENOMEM : 0;
}

static int convert_v1(struct ll_journal *j, struct ll_err *err)
{
	struct reader r = {0};
	r.next_group = 1;
	struct buf b = {0};
	buf_puts(&b, HEADER_V2);
	int rc = run_pass(j, &r, j->fd, convert_one, NULL, &b, err);
	if (rc == LL_OK && b.oom)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory converting the label journal", j->path);
	if (rc == LL_OK)
		rc = replace_with(j, &b, err);
	reader_free(&r);
	free(b.p);
	return rc;
}

/* The file under the lock: a header when empty; refused when it is no
 * journal; converted when version 1. */
static int check_header(struct ll_journal *j, struct ll_err *err)
{
	struct stat st;
	if (fstat(j->fd, &st) != 0)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot read the label journal", j->path);
	if (st.st_size == 0) {
		off_t end;
		if (ll_append_durable(j->fd, HEADER_V2, strlen(HEADER_V2), &end) != 0)
			return ll_err_errno(err, LL_EIO, errno, "%s: cannot write the label journal", j->path);
		return LL_OK;
	}
	char head[64] = "";
	ssize_t n = pread(j->fd, head, sizeof head - 1, 0);
	if (n < 0)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot read the label journal", j->path);
	head[n] = '\0';
	size_t pl = strlen(HEADER_PREFIX);
	if (strncmp(head, HEADER_PREFIX, pl) != 0) {
		head[strcspn(head, "\r\n")] = '\0';
		return ll_err_set(err, LL_EDATA, "%s: not a loglab label journal (it starts '%.40s'); not written", j->path,
				  head);
	}
	if (atoi(head + pl) < 2)
		return convert_v1(j, err);
	return LL_OK;
}

int ll_journal_lock(struct ll_journal *j, struct ll_err *err)
{
	if (!j->writable)
		return ll_err_set(err, LL_EUSAGE, "%s: the label journal is open read-only", j->path);
	if (j->locked)
		return LL_OK;
	int reopened = 0;
	int rc = ll_lock_file(&j->fd, j->path, O_RDWR | O_APPEND | O_CREAT, LOCK_TIMEOUT_MS, &reopened, err);
	if (rc != LL_OK)
		return rc;
	j->locked = 1;
	struct stat st;
	if (reopened && fstat(j->fd, &st) == 0 && (!j->bound || st.st_dev != j->dev || st.st_ino != j->ino))
		j->restart = j->bound || j->r.offset > 0;
	if (!j->bound)
		bind_file(j);
	rc = check_header(j, err);
	if (rc != LL_OK)
		ll_journal_unlock(j);
	return rc;
}

void ll_journal_unlock(struct ll_journal *j)
{
	if (!j->locked)
		return;
	ll_unlock_file(j->fd);
	j->locked = 0;
	j->r.tail_locked = 0;
}

int ll_journal_commit(struct ll_journal *j, const struct ll_journal_action *a, struct ll_err *err)
{
	struct stat st;
	if (!j->locked || j->restart || fstat(j->fd, &st) != 0 || st.st_size != j->r.offset)
		return ll_err_set(err, LL_EUSAGE, "%s: internal error: an action written without the lock or unread records",
				  j->path);
	if (a->group < j->r.next_group)
		return ll_err_set(err, LL_EUSAGE, "%s: internal error: group %llu is already used", j->path,
				  (unsigned long long)a->group);
	struct buf b = {0};
	format_action(&b, a);
	if (b.oom) {
		free(b.p);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory formatting %zu label records", j->path, a->n);
	}
	off_t end;
	int rc = LL_OK;
	if (ll_append_durable(j->fd, b.p, b.len, &end) != 0) {
		rc = ll_err_errno(err, LL_EIO, errno, "%s: label not saved", j->path);
	} else {
		j->r.offset = end;
		j->r.warned_to = end;
		j->r.lineno += a->n + 1;
		j->r.next_group = a->group + 1;
	}
	free(b.p);
	return rc;
}

/* ---- compaction ---- */

struct folded {
	uint64_t row;
	uint32_t hash;
	int first_old, last_new, user; /* ids in fold.classes / fold.users */
	double time;
	size_t order;
};

struct fold {
	struct folded *e;
	size_t n, cap;
	size_t *slots; /* index + 1, 0 empty */
	size_t nslots;
	struct ll_names classes, users;
	size_t records;
	int oom;
};

static size_t key_slot(const struct fold *f, uint64_t row, uint32_t hash)
{
	uint64_t h = (row * 0x9e3779b97f4a7c15ULL) ^ hash;
	size_t mask = f->nslots - 1, i = (size_t)(h ^ (h >> 31)) & mask;
	while (f->slots[i] && (f->e[f->slots[i] - 1].row != row || f->e[f->slots[i] - 1].hash != hash))
		i = (i + 1) & mask;
	return i;
}

static int fold_grow(struct fold *f)
{
	size_t nslots = f->nslots ? 2 * f->nslots : 1024;
	size_t *slots = calloc(nslots, sizeof *slots);
	if (!slots)
		return LL_ENOMEM;
	free(f->slots);
	f->slots = slots;
	f->nslots = nslots;
	for (size_t k = 0; k < f->n; k++)
		f->slots[key_slot(f, f->e[k].row, f->e[k].hash)] = k + 1;
	return LL_OK;
}

static int fold_one(void *ctx, const struct ll_journal_action *a)
{
	struct fold *f = ctx;
	/* the classes in the order a replay meets them (ll_labels: an
	 * action's declarations, then each record's new class, then its old) */
	for (size_t i = 0; i < a->nclasses; i++) {
		if (ll_names_add(&f->classes, a->classes[i], strlen(a->classes[i])) < 0)
			return LL_ENOMEM;
	}
	for (size_t i = 0; i < a->n; i++) {
		const struct ll_journal_record *r = &a->recs[i];
		f->records++;
		if ((f->n + 1) * 2 > f->nslots && fold_grow(f) != LL_OK)
			return LL_ENOMEM;
		int neu = ll_names_add(&f->classes, r->new_cls, strlen(r->new_cls));
		int old = ll_names_add(&f->classes, r->old_cls, strlen(r->old_cls));
		int user = ll_names_add(&f->users, r->user, strlen(r->user));
		if (neu < 0 || old < 0 || user < 0)
			return LL_ENOMEM;
		size_t s = key_slot(f, r->row, r->hash);
		if (f->slots[s]) {
			struct folded *e = &f->e[f->slots[s] - 1];
			e->last_new = neu;
			e->user = user;
			e->time = r->time;
			continue;
		}
		if (f->n == f->cap) {
			size_t cap = f->cap ? 2 * f->cap : 1024;
			struct folded *e = realloc(f->e, cap * sizeof *e);
			if (!e)
				return LL_ENOMEM;
			f->e = e;
			f->cap = cap;
		}
		f->e[f->n] = (struct folded){r->row, r->hash, old, neu, user, r->time, f->n};
		f->slots[s] = ++f->n;
	}
	return 0;
}

static int by_row(const void *pa, const void *pb)
{
	const struct folded *a = pa, *b = pb;
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

int ll_journal_compact(struct ll_journal *j, size_t *before, size_t *after, struct ll_err *err)
{
	if (!j->locked)
		return ll_err_set(err, LL_EUSAGE, "%s: internal error: compaction without the lock", j->path);
	struct reader r = {0};
	r.next_group = j->r.next_group;
	r.tail_locked = 1;
	struct fold f = {0};
	/* From the file on disk, never from what this process believes. */
	int rc = run_pass(j, &r, j->fd, fold_one, NULL, &f, err);
	struct buf b = {0};
	struct ll_journal_record *recs = NULL;
	const char **decl = NULL;
	size_t k = 0, nd = 0;
	if (rc == LL_OK) {
		if (f.n) /* an empty journal (f.e NULL): qsort's pointer must not be null */
			qsort(f.e, f.n, sizeof *f.e, by_row);
		recs = malloc((f.n ? f.n : 1) * sizeof *recs);
		decl = malloc((f.classes.n ? f.classes.n : 1) * sizeof *decl);
		if (!recs || !decl)
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory compacting the label journal", j->path);
	}
	for (size_t c = 0; rc == LL_OK && c < f.classes.n; c++)
		if (*ll_names_get(&f.classes, c)) /* "" is no class: unlabelled */
			decl[nd++] = ll_names_get(&f.classes, c);
	if (rc == LL_OK) {
		for (size_t i = 0; i < f.n; i++) {
			const struct folded *e = &f.e[i];
			if (e->first_old == e->last_new)
				continue;
			recs[k++] = (struct ll_journal_record){e->time, ll_names_get(&f.users, (size_t)e->user), e->row,
							       e->hash, ll_names_get(&f.classes, (size_t)e->first_old),
							       ll_names_get(&f.classes, (size_t)e->last_new), "compact", 0};
		}
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		uint64_t group = r.next_group > j->r.next_group ? r.next_group : j->r.next_group;
		double now = (double)ts.tv_sec + ts.tv_nsec / 1e9;
		/* the classes an action of their own, so that a loglab that
		 * does not know "class" lines drops them alone */
		struct ll_journal_action d = {group, 0, "compact", now, ll_journal_default_user(), NULL, 0, decl, nd};
		struct ll_journal_action a = {group + (nd > 0), 0, "compact", now, ll_journal_default_user(), recs, k, NULL, 0};
		buf_puts(&b, HEADER_V2);
		if (nd)
			format_action(&b, &d);
		format_action(&b, &a);
		if (b.oom)
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory compacting the label journal", j->path);
		else
			rc = replace_with(j, &b, err);
		if (rc == LL_OK)
			j->r.next_group = a.group + 1;
	}
	if (before)
		*before = f.records;
	if (after)
		*after = k;
	free(b.p);
	free(recs);
	free(decl);
	free(f.e);
	free(f.slots);
	ll_names_free(&f.classes);
	ll_names_free(&f.users);
	reader_free(&r);
	return rc;
}

/* ---- one-shot replay ---- */

struct replay_ctx {
	ll_journal_record_fn fn;
	void *ctx;
};

static int replay_action(void *ctx, const struct ll_journal_action *a)
{
	struct replay_ctx *rc = ctx;
	for (size_t i = 0; i < a->n; i++) {
		int st = rc->fn(rc->ctx, &a->recs[i]);
		if (st)
			return st;
	}
	return 0;
}

int ll_journal_replay(const char *path, ll_journal_record_fn fn, ll_journal_warn_fn warn, void *ctx,
		      struct ll_err *err)
{
	struct ll_journal *j;
	int rc = ll_journal_open(&j, path, 0, err);
	if (rc != LL_OK)
		return rc;
	struct replay_ctx rctx = {fn, ctx};
	int restart;
	rc = ll_journal_read(j, &restart, replay_action, warn, &rctx, err);
	ll_journal_close(j);
	return rc;
}
