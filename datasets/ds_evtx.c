/*
 * ds_evtx.c - the "evtx" reader: a Windows event log file's chunks and
 * records (ds_evtx.h), each record's event written as XML by
 * ds_evtx_binxml.c, and made its record by the XML reader's rules as it
 * is decoded, so a .evtx and Event Viewer's XML export of it read alike.
 *
 * Every chunk the file holds is read, not only the header's count: a log
 * that was not closed cleanly (dirty) has chunks its header does not count
 * yet. A chunk is trusted by its magic and its header checksum (a CRC-32
 * that Windows always writes); its records by their magic, a size that
 * fits the chunk and the copy of that size at their end.
 */
#include "ds_evtx.h"
#include "ds_csv.h"
#include "ds_reader.h"
#include "ds_sheet.h"
#include "ll_journal.h"
#include "ll_limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of memory a byte of the text costs: the text, and the XML
 * reader's tree and records (ds_xmlrec.c counts 32). */
#define TEXT_COST 33.0
/* Bytes of memory a byte of the file costs read a record at a time: the
 * file, its records' JSON text (0.4 to 0.9 times it) and the table (3.95
 * for a 100 MB Security log); more is checked as the JSON grows
 * (ds_xml_stream_add). */
#define STREAM_COST 6.0
#define CHUNK_HEADER 512
#define RECORD_MIN 28
#define CHUNK_STEPS 2000000ul

static uint32_t u32at(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t u64at(const unsigned char *p)
{
	return (uint64_t)u32at(p) | (uint64_t)u32at(p + 4) << 32;
}

int ds_evtx_is(const char *data, size_t n)
{
	return n >= 8 && memcmp(data, "ElfFile\0", 8) == 0;
}

/* Whether the chunk c[0, len) can be trusted: 1 when its header checksum
 * (a CRC-32 of its first 120 bytes and of the offset tables from 128 to
 * 512) holds; 2 when it does not but the records' checksum (of 512 to the
 * free space) does: the damage is in the tables of cached strings and
 * templates, which this reader does not use (it finds names and
 * templates by their offsets); 3 when the writer left both checksums
 * zero; 0 when the chunk is damaged. */
static int chunk_trust(const unsigned char *c, size_t len)
{
	unsigned char h[120 + 384];
	memcpy(h, c, 120);
	memcpy(h + 120, c + 128, 384);
	uint32_t head = u32at(c + 124), records = u32at(c + 52);
	if (ll_crc32(h, sizeof h) == head)
		return 1;
	if (!head && !records)
		return 3;
	size_t free_at = u32at(c + 48);
	if (free_at >= CHUNK_HEADER && free_at <= len && ll_crc32(c + CHUNK_HEADER, free_at - CHUNK_HEADER) == records)
		return 2;
	return 0;
}

struct walk {
	const char *path;
	struct ds_text text;
	size_t checked_at;
	struct ds_evtx_stats *st;
	struct ll_err *err;
	/* when set, each event goes to it as it is decoded (the text holds
	 * one event at a time); irregular when it did not take one */
	struct ds_xml_stream *stream;
	int irregular;
};

/* The text checked against the memory limit each time it doubles. */
static int grow_check(struct walk *w)
{
	if (w->text.n < w->checked_at * 2)
		return LL_OK;
	w->checked_at = w->text.n;
	char what[512];
	snprintf(what, sizeof what, "%s: the event log's records as XML", w->path);
	return ll_mem_check((double)w->text.n * TEXT_COST, what, w->err);
}

/* 1 when a whole record starts at c[pos]: its signature, a size that
 * fits the chunk c[0, len) and the copy of that size at its end. */
static int whole_record(const unsigned char *c, size_t len, size_t pos)
{
	if (len - pos < RECORD_MIN || memcmp(c + pos, "\x2a\x2a\0\0", 4) != 0)
		return 0;
	size_t size = u32at(c + pos + 4);
	return size >= RECORD_MIN && size <= len - pos && u32at(c + pos + size - 4) == size;
}

/* Where a chunk's scans for whole records went: a scan from lo found its
 * first at hit (end when none), so one from anywhere in [lo, hit] finds
 * the same without reading again, and a chunk of damaged records costs
 * one pass over it, not one for each. */
struct scan {
	size_t lo, hit;
	int done;
};

/* The first whole record at or after from and before end, or 0: where
 * reading goes on after a damaged record header. A signature and the two
 * copies of a size agreeing by chance is a 1 in 2^64 event. */
static size_t next_record(const unsigned char *c, size_t len, size_t from, size_t end, struct scan *sc)
{
	if (!sc->done || from < sc->lo || from > sc->hit) {
		size_t q = from;
		while (q < end && end - q >= 24 && !(c[q] == 0x2a && whole_record(c, len, q)))
			q++;
		*sc = (struct scan){.lo = from, .hit = q < end && end - q >= 24 ? q : end, .done = 1};
	}
	return sc->hit < end ? sc->hit : 0;
}

/* The records of one chunk c[0, len) (len < the chunk's size when the
 * file ends inside it). */
static int read_chunk(struct walk *w, const unsigned char *c, size_t len)
{
	struct ds_evtx_stats *st = w->st;
	/* where the chunk's records end, when the header says so sanely */
	size_t free_at = u32at(c + 48);
	size_t end = free_at >= CHUNK_HEADER && free_at <= len ? free_at : len;
	uint64_t first = u64at(c + 24), last = u64at(c + 32);
	size_t got = 0, pos = CHUNK_HEADER;
	/* tokens the chunk's records may take: real chunks take a few tens of
	 * thousands; templates made to fan out stop here, not hours later */
	unsigned long budget = CHUNK_STEPS;
	int damaged = 0;
	struct scan sc = {0};
	/* pos may pass end: a record whose size runs past the free space */
	while (pos < end && end - pos >= 24) {
		const unsigned char *r = c + pos;
		size_t size = u32at(r + 4);
		int signed_ok = memcmp(r, "\x2a\x2a\0\0", 4) == 0;
		int fits = size >= RECORD_MIN && size <= len - pos;
		if (!signed_ok && end != free_at)
			break; /* the chunk's slack after its last record */
		/* records run back to back up to the header's free space, so
		 * anything else before it is damage. A record whose signature
		 * alone is damaged (its size and the copy agree) is read; one
		 * whose signature holds but whose size is damaged (Windows has
		 * written a size of zero) runs to the next whole record, or the
		 * free space; with neither, reading goes on at the next whole
		 * record, not at the next chunk */
		size_t next = pos + size;
		if (!fits || (!signed_ok && u32at(r + size - 4) != size)) {
			damaged = 1;
			size_t q = next_record(c, len, pos + 1, end, &sc);
			st->resynced += q != 0;
			if (!signed_ok) {
				if (!q)
					break;
				pos = q;
				continue;
			}
			next = q ? q : end;
			size = next - pos + 4; /* the decoding below ends 4 bytes before a size's end */
		} else if (!signed_ok || u32at(r + size - 4) != size) {
			/* a record whose end was not written (its size copy
			 * still zero) may hold its event whole: the decoding
			 * tells; its size may be as wrong as its copy, so the
			 * next record is the next whole one after its header */
			damaged = 1;
			size_t q = next_record(c, len, pos + RECORD_MIN, end, &sc);
			if (q)
				next = q;
		}
		size_t from = w->text.n;
		int ok = ds_evtx_binxml(c, len, pos + 24, pos + size - 4, &budget, &w->text);
		if (ok < 0)
			return ll_err_set(w->err, LL_ENOMEM, "%s: out of memory", w->path);
		if (ok && w->text.n > from && w->stream) {
			int taken, rc = ds_xml_stream_add(w->stream, w->text.p, w->text.n, &taken, w->err);
			w->text.n = 0;
			if (rc != LL_OK)
				return rc;
			if (!taken) {
				w->irregular = 1;
				return LL_OK;
			}
			st->records++;
		} else if (ok && w->text.n > from) {
			if (!ds_text_put(&w->text, "\n", 1))
				return ll_err_set(w->err, LL_ENOMEM, "%s: out of memory", w->path);
			st->records++;
		} else {
			w->text.n = from;
			st->bad_records++;
		}
		got++;
		pos = next;
		int rc = w->stream ? LL_OK : grow_check(w);
		if (rc != LL_OK)
			return rc;
	}
	if (damaged || (end == free_at && pos < end && end - pos >= 24)) {
		/* records the header counts that were not reached: after a
		 * damaged record, or zeros before the chunk's free space */
		uint64_t want = last >= first ? last - first + 1 : 0;
		if (want <= DS_EVTX_CHUNK / RECORD_MIN && want > got)
			st->lost_records += (size_t)(want - got);
	}
	return LL_OK;
}

/* Every chunk of the file data[0, size) read into w (its text, or its
 * stream); st filled. */
static int walk_file(struct walk *w, const unsigned char *data, size_t size)
{
	struct ds_evtx_stats *st = w->st;
	memset(st, 0, sizeof *st);
	if (size < 128 || !ds_evtx_is((const char *)data, size))
		return ll_err_set(w->err, LL_EDATA, "%s: not a Windows event log (no \"ElfFile\" header)", w->path);
	uint32_t flags = u32at(data + 120);
	st->dirty = (flags & 1) != 0;
	st->full = (flags & 2) != 0;
	int rc = LL_OK;
	for (size_t at = DS_EVTX_HEADER; rc == LL_OK && !w->irregular && at < size; at += DS_EVTX_CHUNK) {
		const unsigned char *c = data + at;
		size_t n = size - at < DS_EVTX_CHUNK ? size - at : DS_EVTX_CHUNK;
		if (n < DS_EVTX_CHUNK)
			st->truncated = 1;
		static const unsigned char zeros[8];
		if (n < 8 || memcmp(c, zeros, 8) == 0) {
			st->empty_chunks++;
			continue;
		}
		if (memcmp(c, "ElfChnk\0", 8) != 0) {
			st->bad_magic++;
			continue;
		}
		if (n < CHUNK_HEADER)
			continue; /* cut inside its header: nothing of it can be read */
		int trust = chunk_trust(c, n);
		if (!trust) {
			st->bad_checksum++;
			continue;
		}
		st->bad_tables += trust == 2;
		st->unchecked += trust == 3;
		st->chunks++;
		rc = read_chunk(w, c, n);
	}
	return rc;
}

int ds_evtx_text(const char *path, const unsigned char *data, size_t size, char **text, size_t *len,
		 struct ds_evtx_stats *st, struct ll_err *err)
{
	*text = NULL;
	*len = 0;
	memset(st, 0, sizeof *st);
	if (size < 128 || !ds_evtx_is((const char *)data, size))
		return ll_err_set(err, LL_EDATA, "%s: not a Windows event log (no \"ElfFile\" header)", path);
	char what[512];
	snprintf(what, sizeof what, "%s: the event log's records as XML", path);
	/* the XML of real logs is 0.9 to 1.4 times the file (templates are
	 * written once per chunk, their elements once per record): checked
	 * again as the text grows past that */
	int rc = ll_mem_check((double)size * 1.5 * TEXT_COST, what, err);
	struct walk w = {.path = path, .st = st, .err = err, .checked_at = size + size / 2 + 4096};
	static const char head[] = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Events>\n";
	if (rc == LL_OK && !ds_text_put(&w.text, head, sizeof head - 1))
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	if (rc == LL_OK)
		rc = walk_file(&w, data, size);
	if (rc == LL_OK && !ds_text_put(&w.text, "</Events>\n", 10))
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	if (rc != LL_OK) {
		free(w.text.p);
		return rc;
	}
	*text = w.text.p;
	*len = w.text.n;
	return LL_OK;
}

static int add_notes(struct ll_table *t, const char *path, const struct ds_evtx_stats *st)
{
	int rc = LL_OK;
	if (st->dirty)
		rc = ll_table_note(t, "%s: the event log was not closed cleanly (dirty): read as far as its chunks hold",
				   path);
	if (rc == LL_OK && st->truncated)
		rc = ll_table_note(t, "%s: the file ends inside a chunk (truncated): the records it holds read", path);
	if (rc == LL_OK && st->bad_magic)
		rc = ll_table_note(t, "%s: %zu chunk%s without the chunk signature skipped", path, st->bad_magic,
				   st->bad_magic == 1 ? "" : "s");
	if (rc == LL_OK && st->bad_checksum)
		rc = ll_table_note(t, "%s: %zu chunk%s whose checksums are wrong skipped", path, st->bad_checksum,
				   st->bad_checksum == 1 ? "" : "s");
	if (rc == LL_OK && st->bad_tables)
		rc = ll_table_note(t, "%s: %zu chunk%s whose header checksum is wrong but whose records' checksum holds "
				      "read (the damage is in tables this reader does not use)",
				   path, st->bad_tables, st->bad_tables == 1 ? "" : "s");
	if (rc == LL_OK && st->unchecked)
		rc = ll_table_note(t, "%s: %zu chunk%s written without checksums read unchecked", path, st->unchecked,
				   st->unchecked == 1 ? "" : "s");
	if (rc == LL_OK && st->bad_records)
		rc = ll_table_note(t, "%s: %zu record%s whose event does not decode skipped", path, st->bad_records,
				   st->bad_records == 1 ? "" : "s");
	if (rc == LL_OK && st->resynced)
		rc = ll_table_note(t, "%s: %zu damaged record header%s read past (reading went on at the next whole record)",
				   path, st->resynced, st->resynced == 1 ? "" : "s");
	if (rc == LL_OK && st->lost_records)
		rc = ll_table_note(t, "%s: %zu record%s that chunk headers count not found (a damaged record, or zeros, "
				      "where they should be)",
				   path, st->lost_records, st->lost_records == 1 ? "" : "s");
	return rc;
}

/* An element's text is named by its element whether or not every event
 * gives it attributes: a log whose every <EventID> carries Qualifiers (the
 * services and applications of System and Application logs) has its ids
 * in System.EventID, as a Security log has, so a folder of both is one
 * column. The XML reader names such text X.text, and joins it into X only
 * when some records give X without attributes. */
static int name_element_text(struct ll_table *t)
{
	static const char suffix[] = ".text";
	const size_t sl = sizeof suffix - 1;
	for (size_t c = 0, n = ll_table_ncols(t); c < n; c++) {
		const char *name = ll_table_col_name(t, c);
		size_t len = strlen(name);
		char base[512];
		if (len <= sl || len - sl >= sizeof base || strcmp(name + len - sl, suffix) != 0)
			continue;
		memcpy(base, name, len - sl);
		base[len - sl] = 0;
		if (ll_table_find_column(t, base) >= 0)
			continue;
		int rc = ll_table_rename_column(t, c, base);
		if (rc != LL_OK)
			return rc;
	}
	return LL_OK;
}

/* The table read from the events made the evtx reader's: its columns
 * named (name_element_text) and its notes added. */
static int finish_table(struct ll_table **out, const char *path, const struct ds_evtx_stats *st, struct ll_err *err)
{
	if (name_element_text(*out) == LL_OK && add_notes(*out, path, st) == LL_OK)
		return LL_OK;
	ll_table_free(*out);
	*out = NULL;
	return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
}

static int no_records(const char *path, const struct ds_evtx_stats *st, struct ll_err *err)
{
	size_t bad = st->bad_magic + st->bad_checksum;
	return ll_err_set(err, LL_EDATA, "%s: a Windows event log that holds no records it can read (%zu damaged "
					 "chunk%s, %zu record%s that do not decode, %zu that chunk headers count not found)",
			  path, bad, bad == 1 ? "" : "s", st->bad_records, st->bad_records == 1 ? "" : "s",
			  st->lost_records);
}

/* The log read whole: its XML document through the XML reader. */
static int load_document(const struct ds_source *src, const struct ds_open_opts *opts, struct ds_evtx_stats *st,
			 struct ll_table **out, struct ll_err *err)
{
	char *xml;
	size_t len;
	int rc = ds_evtx_text(src->path, (const unsigned char *)src->data, src->size, &xml, &len, st, err);
	if (rc == LL_OK && !st->records)
		rc = no_records(src->path, st, err);
	if (rc != LL_OK) {
		free(xml);
		return rc;
	}
	struct ds_source text = *src;
	text.data = xml;
	text.size = len;
	text.note = NULL;
	/* the events are the rows, whatever their UserData repeats inside */
	rc = ds_xml_records(&text, opts, "Event", out, err);
	free(xml);
	return rc;
}

int ds_evtx_load_document(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
			  struct ll_err *err)
{
	*out = NULL;
	struct ds_evtx_stats st;
	int rc = load_document(src, opts, &st, out, err);
	return rc == LL_OK ? finish_table(out, src->path, &st, err) : rc;
}

/* Each event made its JSON record as it is decoded (ds_xml_stream: the
 * XML reader's own record shape), so neither the document nor its tree
 * is ever whole: a 100 MB Security log peaks at 3.95 bytes a byte of
 * file where the document's tree took 14.4. An event the stream does not take
 * (its XML is not one <Event>, which only damage writes) and the log is
 * read whole, as before. */
static int evtx_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		     struct ll_err *err)
{
	*out = NULL;
	struct ds_evtx_stats st;
	char what[512];
	snprintf(what, sizeof what, "%s: the event log's records", src->path);
	int rc = ll_mem_check((double)src->size * STREAM_COST, what, err);
	if (rc != LL_OK)
		return rc;
	struct ds_xml_stream xs = {.path = src->path, .outer = "Events", .record = "Event", .checked_at = src->size};
	struct walk w = {.path = src->path, .st = &st, .err = err, .stream = &xs};
	rc = walk_file(&w, (const unsigned char *)src->data, src->size);
	free(w.text.p);
	if (rc == LL_OK && w.irregular) {
		ds_xml_stream_free(&xs);
		return ds_evtx_load_document(src, opts, out, err);
	}
	if (rc == LL_OK && !st.records)
		rc = no_records(src->path, &st, err);
	if (rc == LL_OK)
		rc = ds_xml_stream_load(&xs, src, opts, out, err);
	ds_xml_stream_free(&xs);
	return rc == LL_OK ? finish_table(out, src->path, &st, err) : rc;
}

static int evtx_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	return ds_evtx_is(head, n) ? 100 : 0;
}

const struct ds_reader ds_evtx_reader = {
	.name = "evtx",
	.summary = "Windows event log file (Security.evtx, System.evtx, Sysmon; also dirty or truncated), read as "
		   "Event Viewer's XML export of it would be",
	.sniff = evtx_sniff,
	.load = evtx_load,
	.line = NULL,
};
