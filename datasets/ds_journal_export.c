/*
 * ds_journal_export.c - the "journal-export" reader: the text
 * `journalctl -o export` writes (and systemd-journal-remote and
 * systemd-journal-upload carry), read as the journal it came from reads
 * (ds_journald_json.c): a row per entry, the same columns, types and time.
 *
 * The format (systemd's "Journal Export Format"): entries one after
 * another, each ended by an empty line; a field is a line NAME=value, or,
 * when its value is not text (a newline in it, bytes that are not UTF-8),
 * a line NAME, its size in 64 bits little-endian and its bytes, then a
 * newline. __CURSOR, __REALTIME_TIMESTAMP, __MONOTONIC_TIMESTAMP,
 * __SEQNUM and __SEQNUM_ID are the entry's own and make its stamps and
 * cursor, as the journal file's entry header does.
 *
 * Nothing is trusted: a size past the end, a field name that is not one
 * (systemd's are capitals, digits and '_'), an entry without its realtime
 * stamp are skipped and counted (the reading goes on at the next empty
 * line), and a last entry cut short is left out with a note.
 */
#include "ds_journald.h"
#include "ds_reader.h"

#include <stdlib.h>
#include <string.h>

struct export_text {
	const char *path;
	const unsigned char *data;
	size_t size;
};

static int name_ok(const unsigned char *s, size_t n)
{
	if (!n || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

static int is_name(const unsigned char *s, size_t n, const char *want)
{
	return strlen(want) == n && memcmp(s, want, n) == 0;
}

/* A number written in decimal (base 10) or hex (16), all of s[0, n);
 * 0 when it is not one. */
static int read_u64(const unsigned char *s, size_t n, int base, uint64_t *out)
{
	uint64_t v = 0;
	if (!n || n > 20)
		return 0;
	for (size_t i = 0; i < n; i++) {
		int d = s[i] >= '0' && s[i] <= '9'   ? s[i] - '0'
			: s[i] >= 'a' && s[i] <= 'f' ? s[i] - 'a' + 10
			: s[i] >= 'A' && s[i] <= 'F' ? s[i] - 'A' + 10
						      : 99;
		if (d >= base || v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return 0;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return 1;
}

/* 32 hex digits into 16 bytes; 0 when s[0, n) is not that. */
static int read_id(const unsigned char *s, size_t n, unsigned char *id)
{
	if (n != 32)
		return 0;
	for (size_t i = 0; i < 16; i++) {
		uint64_t b;
		if (!read_u64(s + 2 * i, 2, 16, &b))
			return 0;
		id[i] = (unsigned char)b;
	}
	return 1;
}

/* The cursor's parts "s=ID;i=SEQ;b=BOOT;m=MONO;t=REAL;x=XOR", those that
 * read, into the entry being built. */
static void read_cursor(const unsigned char *s, size_t n, unsigned char *seqid, uint64_t *seqnum, uint64_t *xor)
{
	size_t i = 0;
	while (i + 2 <= n) {
		size_t j = i;
		while (j < n && s[j] != ';')
			j++;
		if (s[i + 1] == '=') {
			const unsigned char *v = s + i + 2;
			size_t vn = j - i - 2;
			if (s[i] == 's')
				read_id(v, vn, seqid);
			else if (s[i] == 'i')
				read_u64(v, vn, 16, seqnum);
			else if (s[i] == 'x')
				read_u64(v, vn, 16, xor);
		}
		i = j + 1;
	}
}

/* Past the next empty line from the line at pos (the next entry), or
 * size: the newline before pos ends a line, so an empty line at pos is
 * found too. */
static size_t next_entry(const unsigned char *d, size_t size, size_t pos)
{
	for (pos = pos ? pos - 1 : 0; pos + 1 < size; pos++)
		if (d[pos] == '\n' && d[pos + 1] == '\n')
			return pos + 2;
	return size;
}

static int export_walk(void *source, int sizes_only, ds_journald_fn fn, void *ctx, struct ds_journald_stats *st,
		       struct ll_err *err)
{
	(void)sizes_only; /* values are read in place: both walks alike */
	const struct export_text *x = source;
	const unsigned char *d = x->data;
	size_t size = x->size, pos = 0, cap = 0;
	struct ds_journald_field *fields = NULL;
	memset(st, 0, sizeof *st);
	int rc = LL_OK;
	while (pos < size && rc == LL_OK) {
		if (d[pos] == '\n') { /* empty lines between entries */
			pos++;
			continue;
		}
		size_t nf = 0;
		uint64_t realtime = 0, monotonic = 0, seqnum = 0, xor = 0;
		unsigned char boot[16] = {0}, seqid[16] = {0};
		int bad = 0, cut = 0, has_time = 0;
		while (!bad && !cut) {
			if (pos >= size) { /* the last entry without its empty line */
				break;
			}
			if (d[pos] == '\n') {
				pos++;
				break;
			}
			const unsigned char *nl = memchr(d + pos, '\n', size - pos);
			if (!nl) {
				cut = 1;
				break;
			}
			size_t line_end = (size_t)(nl - d);
			const unsigned char *eq = memchr(d + pos, '=', line_end - pos);
			const unsigned char *name = d + pos, *value;
			size_t nlen, vlen;
			if (eq) {
				nlen = (size_t)(eq - name);
				value = eq + 1;
				vlen = line_end - (size_t)(value - d);
				pos = line_end + 1;
			} else {
				/* a value of bytes: the name alone, then its size and bytes */
				nlen = line_end - pos;
				size_t at = line_end + 1;
				if (size - at < 8) {
					cut = 1;
					break;
				}
				uint64_t n = 0;
				for (int b = 7; b >= 0; b--)
					n = n << 8 | d[at + (size_t)b];
				at += 8;
				if (n >= size - at) { /* its bytes and the newline after them */
					cut = 1;
					break;
				}
				if (d[at + n] != '\n') {
					bad = 1;
					break;
				}
				value = d + at;
				vlen = (size_t)n;
				pos = at + (size_t)n + 1;
			}
			if (!name_ok(name, nlen)) {
				bad = 1;
				break;
			}
			if (is_name(name, nlen, "__CURSOR")) {
				read_cursor(value, vlen, seqid, &seqnum, &xor);
				continue;
			}
			if (is_name(name, nlen, "__REALTIME_TIMESTAMP")) {
				has_time = read_u64(value, vlen, 10, &realtime);
				continue;
			}
			if (is_name(name, nlen, "__MONOTONIC_TIMESTAMP")) {
				read_u64(value, vlen, 10, &monotonic);
				continue;
			}
			if (is_name(name, nlen, "__SEQNUM")) {
				read_u64(value, vlen, 10, &seqnum);
				continue;
			}
			if (is_name(name, nlen, "__SEQNUM_ID")) {
				read_id(value, vlen, seqid);
				continue;
			}
			if (is_name(name, nlen, "_BOOT_ID"))
				read_id(value, vlen, boot);
			if (nf == cap) {
				size_t ncap = cap ? 2 * cap : 32;
				struct ds_journald_field *grown = realloc(fields, ncap * sizeof *grown);
				if (!grown) {
					free(fields);
					return ll_err_set(err, LL_ENOMEM, "%s: out of memory", x->path);
				}
				fields = grown;
				cap = ncap;
			}
			fields[nf++] = (struct ds_journald_field){(const char *)name, nlen, value, vlen};
		}
		if (cut) {
			st->past_end++;
			st->truncated = 1;
			break;
		}
		if (bad || !has_time) {
			st->bad_entries++;
			if (bad)
				pos = next_entry(d, size, pos);
			continue;
		}
		struct ds_journald_entry e = {seqnum, realtime, monotonic, xor, boot, seqid, fields, nf};
		st->entries++;
		rc = fn(ctx, &e);
	}
	free(fields);
	return rc;
}

static int export_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		       struct ll_err *err)
{
	struct export_text x = {src->path, (const unsigned char *)src->data, src->size};
	return ds_journald_load_of(src, opts, export_walk, &x, out, err);
}

/* journalctl -o export begins every entry with its cursor, and
 * systemd-journal-upload's stream with the realtime stamp. */
static int export_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	static const char *const starts[] = {"__CURSOR=s=", "__REALTIME_TIMESTAMP="};
	for (size_t i = 0; i < 2; i++)
		if (n >= strlen(starts[i]) && memcmp(head, starts[i], strlen(starts[i])) == 0)
			return 100;
	return 0;
}

const struct ds_reader ds_journal_export_reader = {
	.name = "journal-export",
	.summary = "systemd journal export format (journalctl -o export, systemd-journal-remote's input), read as "
		   "the journal it came from",
	.sniff = export_sniff,
	.load = export_load,
	.line = NULL,
};
