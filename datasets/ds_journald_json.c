/*
 * ds_journald_json.c - the "journal" reader: a systemd journal file
 * (ds_journald.h) written out as the JSON Lines `journalctl -o json`
 * prints for it, and that text read by the JSON Lines reader, so a journal
 * and its export read alike (columns, types, message and time).
 *
 * Values are written whole, as `journalctl --all -o json` does (without
 * --all it writes null for a long one). Each entry is one object: __REALTIME_TIMESTAMP (microseconds, as a
 * string), MESSAGE, the other fields a program wrote, the trusted fields
 * journald added (_PID, _SYSTEMD_UNIT...), __MONOTONIC_TIMESTAMP and
 * _BOOT_ID, and __CURSOR (journalctl's, to find the entry again with
 * `journalctl --cursor`), each group in the entry's order. As journalctl does, a field
 * given more than once is an array of its values, a value that is not
 * printable UTF-8 (a control character other than tab and newline, DEL,
 * invalid or overlong UTF-8) is an array of its bytes as numbers, and the
 * entry's own _BOOT_ID field gives way to the header's. journalctl writes
 * its fields in hash order; these come in a fixed one, the realtime stamp
 * first, so it is the table's time column, and the message before the
 * fields about it.
 *
 * Two walks: the first sizes the text from the objects' sizes (shared
 * DATA objects are repeated in every entry that has them, so a small file
 * can stand for a huge text) and checks it against the memory limit
 * before the second writes it.
 */
#include "ds_journald.h"
#include "ds_reader.h"
#include "ds_sheet.h"
#include "ll_limits.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One name and value of an entry as written: the entry's fields and the
 * stamps made from its header. */
struct kv {
	const char *name;
	size_t nlen;
	const unsigned char *v;
	size_t vlen;
	size_t pos;   /* order in the entry */
	size_t first; /* pos of the first pair with this name */
};

struct build {
	struct ds_text text;
	struct kv *kv;
	size_t kvcap;
	double estimate;   /* the first walk's bytes */
	size_t checked_at; /* text size at the last memory check */
	const char *path;
	struct ll_err *err;
};

/* Bytes of a well-formed UTF-8 character at s[0, n) that systemd counts
 * printable (not C0 but tab and newline, not DEL or C1, not a surrogate, a
 * noncharacter or beyond U+10FFFF, not overlong); 0 when not. */
static size_t printable_char(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0x80)
		return (c >= 0x20 || c == '\t' || c == '\n') && c != 0x7F ? 1 : 0;
	size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
	if (!len || c > 0xF4 || len > n)
		return 0;
	uint32_t u = c & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		u = u << 6 | (s[i] & 0x3F);
	}
	size_t shortest = u < 0x80 ? 1 : u < 0x800 ? 2 : u < 0x10000 ? 3 : 4;
	if (shortest != len || u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF) || (u >= 0xFDD0 && u <= 0xFDEF) ||
	    (u & 0xFFFE) == 0xFFFE || (u >= 0x80 && u <= 0x9F))
		return 0;
	return len;
}

static int printable(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t k = printable_char(s + i, n - i);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}


static int put_value(struct ds_text *t, const unsigned char *v, size_t n)
{
	if (printable(v, n))
		return ds_text_json_string(t, (const char *)v, n);
	if (!ds_text_put(t, "[", 1))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char num[8];
		int k = snprintf(num, sizeof num, "%s%u", i ? "," : "", v[i]);
		if (!ds_text_put(t, num, (size_t)k))
			return 0;
	}
	return ds_text_put(t, "]", 1);
}

static int name_cmp(const struct kv *x, const struct kv *y)
{
	size_t n = x->nlen < y->nlen ? x->nlen : y->nlen;
	int c = memcmp(x->name, y->name, n);
	return c ? c : x->nlen < y->nlen ? -1 : x->nlen > y->nlen;
}

static int by_name(const void *a, const void *b)
{
	const struct kv *x = a, *y = b;
	int c = name_cmp(x, y);
	return c ? c : x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Groups come out where their name first appears, values in order. */
static int by_first(const void *a, const void *b)
{
	const struct kv *x = a, *y = b;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static void hex_id(const unsigned char *id, char *out)
{
	for (int i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", id[i]);
}

/* Where a field's column goes, so a table reads time, message, what the
 * program said, what journald recorded about it: the realtime stamp (0),
 * MESSAGE (1), the fields a program writes (2), the trusted ones journald
 * adds, named with a leading '_' (3), the monotonic stamp and boot id
 * (4), the cursor (5). journalctl's own order is its hash table's. */
static size_t order_group(const char *name, size_t n)
{
	if (n == 7 && memcmp(name, "MESSAGE", 7) == 0)
		return 1;
	return n && name[0] == '_' ? 3 : 2;
}

/* The entry as one line of JSON; 0 when out of memory. */
static int entry_json(struct build *b, const struct ds_journald_entry *e)
{
	char rt[24], mono[24], boot[33], seqid[33], cursor[200];
	snprintf(rt, sizeof rt, "%" PRIu64, e->realtime);
	snprintf(mono, sizeof mono, "%" PRIu64, e->monotonic);
	hex_id(e->boot_id, boot);
	hex_id(e->seqnum_id, seqid);
	snprintf(cursor, sizeof cursor, "s=%s;i=%" PRIx64 ";b=%s;m=%" PRIx64 ";t=%" PRIx64 ";x=%" PRIx64, seqid,
		 e->seqnum, boot, e->monotonic, e->realtime, e->xor_hash);
	size_t need = e->nfields + 4;
	if (need > b->kvcap) {
		struct kv *kv = realloc(b->kv, need * sizeof *kv);
		if (!kv)
			return 0;
		b->kv = kv;
		b->kvcap = need;
	}
	size_t n = 0;
	/* pos orders the members: group first, then the entry's order */
	size_t step = e->nfields + 8;
#define KV(g, nm, nl, val, vl) \
	(b->kv[n] = (struct kv){(nm), (nl), (const unsigned char *)(val), (vl), (g) * step + n, 0}, n++)
	KV(0, "__REALTIME_TIMESTAMP", 20, rt, strlen(rt));
	KV(4, "__MONOTONIC_TIMESTAMP", 21, mono, strlen(mono));
	KV(4, "_BOOT_ID", 8, boot, 32);
	for (size_t i = 0; i < e->nfields; i++) {
		const struct ds_journald_field *f = &e->fields[i];
		if (f->nlen == 8 && memcmp(f->name, "_BOOT_ID", 8) == 0)
			continue; /* the header's is written, as journalctl does */
		KV(order_group(f->name, f->nlen), f->name, f->nlen, f->value, f->vlen);
	}
	KV(5, "__CURSOR", 8, cursor, strlen(cursor));
#undef KV
	qsort(b->kv, n, sizeof *b->kv, by_name);
	for (size_t i = 0; i < n; i++)
		b->kv[i].first = i && name_cmp(&b->kv[i - 1], &b->kv[i]) == 0 ? b->kv[i - 1].first : b->kv[i].pos;
	qsort(b->kv, n, sizeof *b->kv, by_first);
	struct ds_text *t = &b->text;
	if (!ds_text_put(t, "{", 1))
		return 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && b->kv[j].first == b->kv[i].first)
			j++;
		if ((i && !ds_text_put(t, ",", 1)) || !ds_text_json_string(t, b->kv[i].name, b->kv[i].nlen) ||
		    !ds_text_put(t, ":", 1))
			return 0;
		if (j - i > 1 && !ds_text_put(t, "[", 1))
			return 0;
		for (size_t k = i; k < j; k++)
			if ((k > i && !ds_text_put(t, ",", 1)) || !put_value(t, b->kv[k].v, b->kv[k].vlen))
				return 0;
		if (j - i > 1 && !ds_text_put(t, "]", 1))
			return 0;
		i = j;
	}
	return ds_text_put(t, "}\n", 2);
}

/* The text, then the table the JSON reader makes of it, cost about three
 * times the text. */
#define TEXT_COST 3.0

static int measure(void *ctx, const struct ds_journald_entry *e)
{
	struct build *b = ctx;
	/* the stamps, the boot id and the cursor with their names: about 260 */
	double n = 260;
	for (size_t i = 0; i < e->nfields; i++)
		n += (double)e->fields[i].nlen + (double)e->fields[i].vlen + 6;
	b->estimate += n;
	return LL_OK;
}

static int write_entry(void *ctx, const struct ds_journald_entry *e)
{
	struct build *b = ctx;
	if (!entry_json(b, e))
		return ll_err_set(b->err, LL_ENOMEM, "%s: out of memory", b->path);
	/* values of bytes take up to four times their size: checked again as
	 * the text grows past the estimate */
	if (b->text.n > b->checked_at * 2 && (double)b->text.n > b->estimate) {
		b->checked_at = b->text.n;
		char what[512];
		snprintf(what, sizeof what, "%s: the journal's entries as JSON Lines", b->path);
		return ll_mem_check((double)b->text.n * TEXT_COST, what, b->err);
	}
	return LL_OK;
}

/* The notes on what the walk skipped or found odd. */
static int add_notes(struct ll_table *t, const char *path, const struct ds_journald_stats *st)
{
	int rc = LL_OK;
	if (st->state == 1)
		rc = ll_table_note(t, "%s: the journal was still being written (online): read as far as its entries "
				      "were linked",
				   path);
	if (rc == LL_OK && st->past_end)
		rc = ll_table_note(t, "%s: the file is truncated: %zu entr%s past its end skipped", path, st->past_end,
				   st->past_end == 1 ? "y" : "ies");
	if (rc == LL_OK && st->bad_entries)
		rc = ll_table_note(t, "%s: %zu corrupt entr%s skipped", path, st->bad_entries,
				   st->bad_entries == 1 ? "y" : "ies");
	if (rc == LL_OK && st->bad_fields)
		rc = ll_table_note(t, "%s: %zu field%s whose data is corrupt or does not decode left out", path,
				   st->bad_fields, st->bad_fields == 1 ? "" : "s");
	if (rc == LL_OK && st->chain_broken)
		rc = ll_table_note(t, "%s: the journal's entry array chain is corrupt: %zu entr%s after it found by "
				      "scanning the file",
				   path, st->scanned, st->scanned == 1 ? "y" : "ies");
	return rc;
}

int ds_journald_text_of(const char *path, ds_journald_walker walk, void *source, char **text, size_t *len,
			struct ds_journald_stats *st, struct ll_err *err)
{
	*text = NULL;
	*len = 0;
	struct build b = {.path = path, .err = err};
	int rc = walk(source, 1, measure, &b, st, err);
	char what[512];
	snprintf(what, sizeof what, "%s: the journal's %zu entries as JSON Lines", path, st->entries);
	if (rc == LL_OK)
		rc = ll_mem_check(b.estimate * TEXT_COST, what, err);
	if (rc == LL_OK) {
		b.checked_at = 4096;
		rc = walk(source, 0, write_entry, &b, st, err);
	}
	free(b.kv);
	if (rc != LL_OK) {
		free(b.text.p);
		return rc;
	}
	*text = b.text.p;
	*len = b.text.n;
	return LL_OK;
}

/* A journal file's bytes, for its walker. */
struct file_bytes {
	const char *path;
	const unsigned char *data;
	size_t size;
};

static int walk_file(void *source, int sizes_only, ds_journald_fn fn, void *ctx, struct ds_journald_stats *st,
		     struct ll_err *err)
{
	const struct file_bytes *f = source;
	return ds_journald_walk(f->path, f->data, f->size, sizes_only, fn, ctx, st, err);
}

int ds_journald_text(const char *path, const unsigned char *data, size_t size, char **text, size_t *len,
		     struct ds_journald_stats *st, struct ll_err *err)
{
	struct file_bytes f = {path, data, size};
	return ds_journald_text_of(path, walk_file, &f, text, len, st, err);
}

int ds_journald_load_of(const struct ds_source *src, const struct ds_open_opts *opts, ds_journald_walker walk,
			void *source, struct ll_table **out, struct ll_err *err)
{
	*out = NULL;
	struct ds_journald_stats st;
	char *json;
	size_t len;
	int rc = ds_journald_text_of(src->path, walk, source, &json, &len, &st, err);
	if (rc == LL_OK && !st.entries)
		rc = ll_err_set(err, LL_EDATA, "%s: a systemd journal that holds no entries%s", src->path,
				st.past_end ? " before the end of the file (truncated)" : "");
	if (rc != LL_OK) {
		free(json);
		return rc;
	}
	/* a journal is a log: its entries stay rows, never pivoted wide by
	 * unit or host */
	rc = ds_text_load(src, opts, "jsonl", json, len, 1, out, err);
	free(json);
	if (rc == LL_OK && add_notes(*out, src->path, &st) != LL_OK) {
		ll_table_free(*out);
		*out = NULL;
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	}
	return rc;
}

static int journal_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
			struct ll_err *err)
{
	struct file_bytes f = {src->path, (const unsigned char *)src->data, src->size};
	return ds_journald_load_of(src, opts, walk_file, &f, out, err);
}

static int journal_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	return ds_journald_is(head, n) ? 100 : 0;
}

const struct ds_reader ds_journald_reader = {
	.name = "journal",
	.summary = "systemd journal file (/var/log/journal/ID/NAME.journal, also compact, compressed, online or "
		   "truncated), read as its `journalctl -o json` export would be",
	.sniff = journal_sniff,
	.load = journal_load,
	.line = NULL,
};
