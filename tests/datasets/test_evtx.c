/*
 * test_evtx.c - Windows event logs read as tables (ds_evtx.c,
 * ds_evtx_binxml.c): logs built byte by byte (evtx_build.h) with a
 * template written in its first record and referred to by the next,
 * substitutions of the common types (strings, integers, hex, GUID, SID,
 * FILETIME, SYSTEMTIME, booleans, binary, a string array, nested Binary
 * XML, a missing optional value), entity and character references; a
 * damaged chunk beside a sound one, a chunk whose string tables alone are
 * damaged, a record that does not decode, a truncated copy, a file of no
 * readable record, templates that refer to themselves or fan out, and
 * the memory limit; event IDs that all carry Qualifiers still named
 * System.EventID; damaged record headers read past.
 */
#include "harness.h"
#include "table_same.h"

#include "cell_at.h"
#include "evtx_build.h"

#include "ds_csv.h"
#include "ds_evtx.h"
#include "ds_reader.h"

#include <stdio.h>

static char dir[256];
static size_t compared; /* loads whose two readings were compared */

static const char NS[] = "http://schemas.microsoft.com/win/2004/08/events/event";

/* UTF-16LE of an ASCII string, NUL-terminated, into w; its size in bytes. */
static size_t wide(const char *s, unsigned char *w)
{
	size_t n = 0;
	for (; *s; s++) {
		w[n++] = (unsigned char)*s;
		w[n++] = 0;
	}
	w[n++] = 0;
	w[n++] = 0;
	return n;
}

/* The template: an <Event> whose values are substitutions 0..13. */
static void definition(struct eb *b)
{
	eb_fragment(b);
	eb_open(b, "Event", 1, 1);
	eb_attr(b, "xmlns", 0);
	eb_text(b, NS);
	eb_close_start(b);
	eb_open(b, "System", 1, 0);
	eb_close_start(b);
	eb_open(b, "Provider", 1, 1);
	eb_attr(b, "Name", 0);
	eb_subst(b, 0, 0x01, 1);
	eb_close_empty(b);
	eb_open(b, "EventID", 1, 0);
	eb_close_start(b);
	eb_subst(b, 1, 0x06, 0);
	eb_end(b);
	eb_open(b, "Keywords", 1, 0);
	eb_close_start(b);
	eb_subst(b, 2, 0x15, 0);
	eb_end(b);
	eb_open(b, "TimeCreated", 1, 1);
	eb_attr(b, "SystemTime", 0);
	eb_subst(b, 3, 0x11, 1);
	eb_close_empty(b);
	eb_open(b, "EventRecordID", 1, 0);
	eb_close_start(b);
	eb_subst(b, 4, 0x0a, 0);
	eb_end(b);
	/* an optional value left out: the attribute goes */
	eb_open(b, "Correlation", 1, 1);
	eb_attr(b, "ActivityID", 0);
	eb_subst(b, 5, 0x0f, 1);
	eb_close_empty(b);
	eb_open(b, "Security", 1, 1);
	eb_attr(b, "UserID", 0);
	eb_subst(b, 6, 0x13, 1);
	eb_close_empty(b);
	eb_end(b); /* System */
	eb_open(b, "EventData", 1, 0);
	eb_close_start(b);
	static const char *const names[] = {"User", "Logon", "Flags", "Elevated", "When", "Blob"};
	static const unsigned types[] = {0x01, 0x0f, 0x14, 0x0d, 0x12, 0x0e};
	for (unsigned i = 0; i < 6; i++) {
		eb_open(b, "Data", 1, 1);
		eb_attr(b, "Name", 0);
		eb_text(b, names[i]);
		eb_close_start(b);
		eb_subst(b, 7 + i, types[i], 1);
		eb_end(b);
	}
	/* text, an entity and a character reference in the template itself */
	eb_open(b, "Data", 1, 1);
	eb_attr(b, "Name", 0);
	eb_text(b, "Note");
	eb_close_start(b);
	eb_text(b, "a ");
	eb_u8(b, 0x09);
	eb_name(b, "amp");
	eb_text(b, " b<");
	eb_u8(b, 0x08);
	eb_u16(b, 0x41);
	eb_end(b);
	eb_end(b); /* EventData */
	eb_open(b, "Lines", 1, 0);
	eb_close_start(b);
	eb_open(b, "Line", 1, 0);
	eb_close_start(b);
	eb_subst(b, 13, 0x81, 1);
	eb_end(b);
	eb_end(b);
	eb_subst(b, 14, 0x21, 1);
	eb_end(b); /* Event */
	eb_u8(b, 0x00);
}

/* One record of the template: the definition written in it when def is
 * 0 (*def gets its offset), referred to otherwise. */
static void record(struct eb *b, uint64_t id, size_t *def, const char *user, int with_userdata)
{
	eb_record_begin(b, id);
	eb_fragment(b);
	size_t def_at = 0;
	size_t size_at = eb_instance(b, *def, &def_at);
	if (!*def) {
		definition(b);
		eb_def_end(b, size_at);
		*def = def_at;
	}
	unsigned char prov[128], usr[64], lines[64];
	size_t nprov = wide("Microsoft-Windows-Security-Auditing", prov), nusr = wide(user, usr);
	size_t nlines = 0;
	nlines += wide("first", lines);
	nlines += wide("second", lines + nlines);
	unsigned char eid[2] = {0x50, 0x12}; /* 4688 */
	unsigned char kw[8] = {0, 0, 0, 0, 0, 0, 0x20, 0x80};
	uint64_t ft = 132000000000000000ull + id * 10000000ull + 1234567ull;
	unsigned char ftb[8], rid[8];
	eb_put64(ftb, ft);
	eb_put64(rid, id);
	unsigned char sid[12] = {1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0}; /* S-1-5-18 */
	unsigned char guid[16] = {0x78, 0x56, 0x34, 0x12, 0x34, 0x12, 0x78, 0x56, 1, 2, 3, 4, 5, 6, 7, 8};
	unsigned char flags[4] = {0x1f, 0, 0, 0};
	unsigned char yes[4] = {1, 0, 0, 0};
	unsigned char st[16] = {0xe8, 0x07, 3, 0, 2, 0, 5, 0, 10, 0, 20, 0, 30, 0, 0x7b, 0}; /* 2024-03-05 10:20:30.123 */
	unsigned char blob[3] = {0xde, 0xad, 0x01};
	struct eb_value v[15] = {
		{0x01, prov, nprov}, {0x06, eid, 2},       {0x15, kw, 8},       {0x11, ftb, 8},     {0x0a, rid, 8},
		{0x00, NULL, 0},     {0x13, sid, 12},      {0x01, usr, nusr},   {0x0f, guid, 16},   {0x14, flags, 4},
		{0x0d, yes, 4},      {0x12, st, 16},       {0x0e, blob, 3},     {0x81, lines, nlines}, {0x00, NULL, 0},
	};
	/* nested Binary XML: written after the values, so it is laid out
	 * here by hand: <UserData><Thing>x</Thing></UserData> */
	unsigned char nested[256];
	size_t nn = 0;
	if (with_userdata) {
		/* the values start after count and descriptors; the nested
		 * fragment is the last value, so its offset is known once the
		 * others' sizes are */
		size_t at = b->pos + 4 + 15 * 4;
		for (int i = 0; i < 14; i++)
			at += v[i].size;
		struct eb tmp = *b;
		tmp.pos = at;
		size_t start = tmp.pos;
		eb_fragment(&tmp);
		eb_open(&tmp, "UserData", 0, 0);
		eb_close_start(&tmp);
		eb_open(&tmp, "Thing", 0, 0);
		eb_close_start(&tmp);
		eb_text(&tmp, "x");
		eb_end(&tmp);
		eb_end(&tmp);
		eb_u8(&tmp, 0x00);
		nn = tmp.pos - start;
		memcpy(nested, eb_c(b) + start, nn);
		v[14] = (struct eb_value){0x21, nested, nn};
	}
	eb_values(b, v, 15);
	eb_record_end(b);
}

/* A log of two chunks: records 1 and 2 in the first, 3 in the second. */
static struct eb two_chunks(void)
{
	struct eb b;
	eb_init(&b, 2);
	size_t def = 0;
	eb_chunk_begin(&b, 0);
	record(&b, 1, &def, "alice", 0);
	record(&b, 2, &def, "bob", 1);
	eb_chunk_end(&b);
	def = 0;
	b.nnames = 0;
	eb_chunk_begin(&b, 1);
	record(&b, 3, &def, "carol", 0);
	eb_chunk_end(&b);
	eb_file_end(&b, 0);
	return b;
}

static char *text_of(const unsigned char *p, size_t n, struct ds_evtx_stats *st, int *rc)
{
	char *t = NULL;
	size_t len;
	struct ll_err err;
	*rc = ds_evtx_text("t.evtx", p, n, &t, &len, st, &err);
	if (t) {
		char *z = realloc(t, len + 1);
		if (z)
			z[len] = 0;
		t = z;
	}
	return t;
}

static struct ll_table *load(const char *name, const void *p, size_t n, int *rc, struct ll_err *err)
{
	const char *path = ll_test_put_bytes(dir, name, p, n);
	struct ds_open_opts o = {.default_year = 2024};
	struct ll_table *t = NULL;
	*rc = ds_load(path, &o, &t, NULL, err);
	/* the reader, which streams its events, holds to the reading of the
	 * whole XML document cell for cell, or fails as it does */
	char spath[1024];
	snprintf(spath, sizeof spath, "%s", path);
	struct ds_source src = {.path = spath, .data = p, .size = n};
	struct ll_table *s = NULL, *d = NULL;
	struct ll_err serr, derr;
	int src_rc = ds_evtx_reader.load(&src, &o, &s, &serr);
	int doc_rc = ds_evtx_load_document(&src, &o, &d, &derr);
	if (!getenv("LOGLAB_MEMORY_MAX"))
		CHECK_INT(src_rc, doc_rc);
	if (s && d) {
		int same = same_table(s, d);
		if (!same)
			fprintf(stderr, "%s: the streamed table differs from the whole document's\n", name);
		CHECK(same);
		compared++;
	}
	ll_table_free(s);
	ll_table_free(d);
	return t;
}

static void test_xml(void)
{
	struct eb b = two_chunks();
	struct ds_evtx_stats st;
	int rc;
	char *x = text_of(b.p, b.size, &st, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK_INT(st.records, 3);
	CHECK_INT(st.chunks, 2);
	CHECK_INT(st.bad_records + st.bad_checksum + st.bad_magic + st.lost_records, 0);
	if (x) {
		CHECK(strstr(x, "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System>"
				"<Provider Name=\"Microsoft-Windows-Security-Auditing\"/><EventID>4688</EventID>"
				"<Keywords>0x8020000000000000</Keywords>"
				"<TimeCreated SystemTime=\"2019-04-17T18:40:01.123456Z\"/><EventRecordID>1</EventRecordID>"
				"<Correlation/><Security UserID=\"S-1-5-18\"/></System>") != NULL);
		CHECK(strstr(x, "<Data Name=\"User\">alice</Data><Data Name=\"Logon\">12345678-1234-5678-0102-"
				"030405060708</Data><Data Name=\"Flags\">0x1f</Data><Data Name=\"Elevated\">true</Data>"
				"<Data Name=\"When\">2024-03-05T10:20:30.123000Z</Data><Data Name=\"Blob\">DEAD01</Data>"
				"<Data Name=\"Note\">a &amp; b&lt;A</Data>") != NULL);
		/* an array as an element's content: the element once per item */
		CHECK(strstr(x, "<Lines><Line>first</Line><Line>second</Line></Lines>") != NULL);
		/* nested Binary XML in the second record only */
		CHECK(strstr(x, "<EventRecordID>2</EventRecordID>") != NULL);
		CHECK(strstr(x, "</Lines><UserData><Thing>x</Thing></UserData></Event>") != NULL);
		CHECK(strstr(x, "<Data Name=\"User\">carol</Data>") != NULL);
		CHECK(strncmp(x, "<?xml", 5) == 0);
		CHECK(strstr(x, "</Events>\n") != NULL);
	}
	free(x);
	/* the table */
	struct ll_err err;
	struct ll_table *t = load("Security.evtx", b.p, b.size, &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t) {
		CHECK_STR(ll_table_meta(t, "format"), "evtx");
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_STR(text_at(t, 1, "EventData.User"), "bob");
		CHECK_STR(text_at(t, 2, "System.Provider.Name"), "Microsoft-Windows-Security-Auditing");
		CHECK_STR(text_at(t, 0, "System.Security.UserID"), "S-1-5-18");
		long c = ll_table_find_column(t, "System.TimeCreated.SystemTime");
		CHECK(c >= 0 && ll_table_col_type(t, (size_t)c) == LL_COL_TIME);
		CHECK(ll_test_has_note(t, "the records are the 3 <Event> elements"));
	}
	ll_table_free(t);
	/* read by its bytes, whatever its name */
	t = load("saved-log.bin", b.p, b.size, &rc, &err);
	CHECK(rc == LL_OK && t && strcmp(ll_table_meta(t, "format"), "evtx") == 0);
	ll_table_free(t);
	free(b.p);
}

static void test_damage(void)
{
	struct ds_evtx_stats st;
	int rc;
	struct ll_err err;
	/* the second chunk's records damaged: its checksums fail, it is skipped */
	struct eb b = two_chunks();
	b.p[EB_HEADER + EB_CHUNK + 700] ^= 0x55;
	b.p[EB_HEADER + EB_CHUNK + 200] ^= 0x55;
	char *x = text_of(b.p, b.size, &st, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK_INT(st.records, 2);
	CHECK_INT(st.bad_checksum, 1);
	CHECK(x && !strstr(x, "carol"));
	free(x);
	struct ll_table *t = load("damaged.evtx", b.p, b.size, &rc, &err);
	CHECK_INT(rc, LL_OK);
	CHECK(t && ll_table_nrows(t) == 2);
	CHECK(t && ll_test_has_note(t, "1 chunk whose checksums are wrong skipped"));
	ll_table_free(t);
	free(b.p);
	/* only its string table damaged (the records' checksum holds): read */
	b = two_chunks();
	b.p[EB_HEADER + EB_CHUNK + 200] ^= 0x55;
	x = text_of(b.p, b.size, &st, &rc);
	CHECK_INT(st.records, 3);
	CHECK_INT(st.bad_tables, 1);
	free(x);
	/* a chunk without its signature */
	b.p[EB_HEADER + EB_CHUNK] = 'X';
	x = text_of(b.p, b.size, &st, &rc);
	CHECK_INT(st.records, 2);
	CHECK_INT(st.bad_magic, 1);
	free(x);
	free(b.p);
	/* a record whose Binary XML holds an unknown token: skipped, the
	 * next one read (checksums made again, as a writer would) */
	b = two_chunks();
	size_t second = 512 + (size_t)(b.p[EB_HEADER + 512 + 4] | b.p[EB_HEADER + 512 + 5] << 8);
	b.p[EB_HEADER + second + 24] = 0x3f;
	b.chunk = EB_HEADER;
	b.pos = (size_t)(b.p[EB_HEADER + 48] | b.p[EB_HEADER + 49] << 8);
	b.first_id = 1;
	b.last_id = 2;
	b.last_rec = second;
	eb_chunk_end(&b);
	x = text_of(b.p, b.size, &st, &rc);
	CHECK_INT(st.records, 2);
	CHECK_INT(st.bad_records, 1);
	CHECK(x && strstr(x, "alice") && !strstr(x, "bob") && strstr(x, "carol"));
	free(x);
	/* a record whose size runs past the chunk (its signature holds): it
	 * runs to the chunk's free space, and it still does not decode */
	b.p[EB_HEADER + second + 6] = 0x7f;
	eb_chunk_end(&b);
	x = text_of(b.p, b.size, &st, &rc);
	CHECK_INT(st.records, 2);
	CHECK_INT(st.bad_records, 1);
	CHECK_INT(st.lost_records, 0);
	free(x);
	free(b.p);
}

static void test_truncated(void)
{
	struct ds_evtx_stats st;
	int rc;
	struct ll_err err;
	struct eb b = two_chunks();
	/* cut inside the second chunk's only record: the first chunk's read */
	size_t cut = EB_HEADER + EB_CHUNK + 600;
	char *x = text_of(b.p, cut, &st, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK_INT(st.records, 2);
	CHECK_INT(st.truncated, 1);
	free(x);
	struct ll_table *t = load("cut.evtx", b.p, cut, &rc, &err);
	CHECK_INT(rc, LL_OK);
	CHECK(t && ll_table_nrows(t) == 2);
	CHECK(t && ll_test_has_note(t, "the file ends inside a chunk (truncated)"));
	ll_table_free(t);
	/* every cut reads what it holds and never fails but for no records */
	for (size_t n = 0; n < b.size; n += n < 8192 ? 97 : 4099) {
		x = text_of(b.p, n, &st, &rc);
		CHECK(rc == LL_OK || (rc == LL_EDATA && n < 128));
		CHECK(st.records <= 3);
		free(x);
		/* and the table of each, both ways (load compares them) */
		t = load("cut.evtx", b.p, n, &rc, &err);
		ll_table_free(t);
	}
	/* a dirty log: said */
	b.p[120] = 1;
	t = load("dirty.evtx", b.p, b.size, &rc, &err);
	CHECK(t && ll_test_has_note(t, "not closed cleanly (dirty)"));
	ll_table_free(t);
	/* nothing readable: an error that says why */
	memset(b.p + EB_HEADER, 'Z', 8);
	memset(b.p + EB_HEADER + EB_CHUNK, 'Z', 8);
	t = load("none.evtx", b.p, b.size, &rc, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, "holds no records it can read (2 damaged chunks") != NULL);
	ll_table_free(t);
	free(b.p);
}

/* A template that instantiates itself: bounded, not a hang or a crash. */
static void test_loops(void)
{
	struct eb b;
	eb_init(&b, 1);
	eb_chunk_begin(&b, 0);
	eb_record_begin(&b, 1);
	eb_fragment(&b);
	size_t def_at = 0;
	size_t size_at = eb_instance(&b, 0, &def_at);
	eb_fragment(&b);
	eb_open(&b, "Event", 1, 0);
	eb_close_start(&b);
	eb_u8(&b, 0x0c);
	eb_u8(&b, 1);
	eb_u32(&b, 7);
	eb_u32(&b, (uint32_t)def_at);
	eb_u32(&b, 0);
	eb_end(&b);
	eb_u8(&b, 0);
	eb_def_end(&b, size_at);
	eb_values(&b, NULL, 0);
	eb_record_end(&b);
	eb_chunk_end(&b);
	eb_file_end(&b, 0);
	struct ds_evtx_stats st;
	int rc;
	char *x = text_of(b.p, b.size, &st, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK_INT(st.records, 0);
	CHECK_INT(st.bad_records, 1);
	free(x);
	free(b.p);
}

/* Templates that fan out (each element holds 100 instances of the next,
 * four deep): every record is cut short by the bound on its work, and the
 * chunk's by the bound on the chunk's, so 50 of them end at once. */
static void test_fan_out(void)
{
	struct eb b;
	eb_init(&b, 1);
	eb_chunk_begin(&b, 0);
	b.pos = 20000; /* the definitions, after the records */
	size_t def[5];
	for (int k = 0; k < 5; k++) {
		def[k] = b.pos;
		eb_u32(&b, 0);
		for (int i = 0; i < 16; i++)
			eb_u8(&b, 0);
		size_t size_at = b.pos;
		eb_u32(&b, 0);
		eb_fragment(&b);
		eb_open(&b, "E", 1, 0);
		eb_close_start(&b);
		for (int i = 0; k && i < 100; i++) {
			eb_instance(&b, def[k - 1], NULL);
			eb_values(&b, NULL, 0);
		}
		eb_end(&b);
		eb_u8(&b, 0);
		eb_def_end(&b, size_at);
	}
	b.pos = 512;
	for (uint64_t id = 1; id <= 50; id++) {
		eb_record_begin(&b, id);
		eb_fragment(&b);
		eb_instance(&b, def[4], NULL);
		eb_values(&b, NULL, 0);
		eb_record_end(&b);
	}
	CHECK(b.pos < 20000);
	eb_chunk_end(&b);
	eb_file_end(&b, 0);
	struct ds_evtx_stats st;
	int rc;
	char *x = text_of(b.p, b.size, &st, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK_INT(st.records, 0);
	CHECK_INT(st.bad_records, 50);
	free(x);
	free(b.p);
}

static void test_memory(void)
{
	struct eb b = two_chunks();
	setenv("LOGLAB_MEMORY_MAX", "64K", 1);
	int rc;
	struct ll_err err;
	struct ll_table *t = load("big.evtx", b.p, b.size, &rc, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, "the event log's records") != NULL);
	ll_table_free(t);
	/* a limit the whole document's tree would pass (33 bytes a byte of
	 * its XML) but the events streamed do (6 a byte of file) */
	setenv("LOGLAB_MEMORY_MAX", "2M", 1);
	t = load("big.evtx", b.p, b.size, &rc, &err);
	CHECK_INT(rc, LL_OK);
	if (t)
		CHECK_INT(ll_table_nrows(t), 3);
	ll_table_free(t);
	char spath[1024];
	snprintf(spath, sizeof spath, "%s/big.evtx", dir);
	struct ds_source src = {.path = spath, .data = (const char *)b.p, .size = b.size};
	struct ds_open_opts o = {.default_year = 2024};
	t = NULL;
	CHECK_INT(ds_evtx_load_document(&src, &o, &t, &err), LL_EDATA);
	CHECK(strstr(err.msg, "as XML") != NULL);
	ll_table_free(t);
	unsetenv("LOGLAB_MEMORY_MAX");
	free(b.p);
}

/* A record that is not one <Event> (only damage writes one): the whole
 * document decides what the records are, and here the odd record is
 * context for the others; the reader reads it whole, as before. */
static void test_fallback(void)
{
	struct eb b;
	eb_init(&b, 1);
	size_t def = 0;
	eb_chunk_begin(&b, 0);
	record(&b, 1, &def, "alice", 0);
	eb_record_begin(&b, 2);
	eb_fragment(&b);
	eb_open(&b, "Note", 0, 0);
	eb_close_start(&b);
	eb_text(&b, "hello");
	eb_end(&b);
	eb_u8(&b, 0x00);
	eb_record_end(&b);
	record(&b, 3, &def, "bob", 0);
	eb_chunk_end(&b);
	eb_file_end(&b, 0);
	size_t before = compared;
	int rc;
	struct ll_err err;
	struct ll_table *t = load("odd.evtx", b.p, b.size, &rc, &err);
	CHECK_INT(rc, LL_OK);
	CHECK_INT(compared, before + 1);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK(ll_table_find_column(t, "Events.Note") >= 0);
	}
	ll_table_free(t);
	free(b.p);
}

/* A chunk of four records (alice, bob, carol, dave; the template in the
 * first), *at their offsets in the chunk. */
static struct eb four_records(size_t at[4])
{
	static const char *const users[] = {"alice", "bob", "carol", "dave"};
	struct eb b;
	eb_init(&b, 1);
	size_t def = 0;
	eb_chunk_begin(&b, 0);
	for (int i = 0; i < 4; i++) {
		at[i] = b.pos;
		record(&b, (uint64_t)i + 1, &def, users[i], 0);
	}
	eb_chunk_end(&b);
	eb_file_end(&b, 0);
	return b;
}

/* Damage in a record's header (its signature, its size or the size's
 * copy; checksums made again, as a writer that wrote the damage would):
 * the records after it are still found, by the next whole record's
 * signature, size and size copy, where reading used to stop at the chunk's
 * end. */
static void test_record_headers(void)
{
	size_t at[4];
	struct ds_evtx_stats st;
	int rc;
	char *x;
	/* bob's signature alone: his size and its copy agree, so he is read */
	struct eb b = four_records(at);
	b.p[EB_HEADER + at[1]] = 'X';
	eb_chunk_end(&b);
	x = text_of(b.p, b.size, &st, &rc);
	CHECK_INT(st.records, 4);
	CHECK_INT(st.lost_records + st.resynced + st.bad_records, 0);
	CHECK(x && strstr(x, ">bob<") && strstr(x, ">dave<"));
	free(x);
	/* and his size too: he is lost, carol and dave found after him */
	eb_put32(b.p + EB_HEADER + at[1] + 4, 5);
	eb_chunk_end(&b);
	x = text_of(b.p, b.size, &st, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK_INT(st.records, 3);
	CHECK_INT(st.resynced, 1);
	CHECK_INT(st.lost_records, 1);
	CHECK(x && strstr(x, ">alice<") && !strstr(x, ">bob<") && strstr(x, ">carol<") && strstr(x, ">dave<"));
	free(x);
	struct ll_err err;
	struct ll_table *t = load("resync.evtx", b.p, b.size, &rc, &err);
	CHECK_INT(rc, LL_OK);
	CHECK(t && ll_table_nrows(t) == 3);
	CHECK(t && ll_test_has_note(t, "1 damaged record header read past"));
	ll_table_free(t);
	free(b.p);
	/* bob's size zero (as Windows has written it) but his signature
	 * sound: he runs to carol's header, and all four are read */
	b = four_records(at);
	eb_put32(b.p + EB_HEADER + at[1] + 4, 0);
	eb_chunk_end(&b);
	x = text_of(b.p, b.size, &st, &rc);
	CHECK_INT(st.records, 4);
	CHECK_INT(st.resynced, 1);
	CHECK_INT(st.lost_records, 0);
	CHECK(x && strstr(x, ">bob<") && strstr(x, ">carol<") && strstr(x, ">dave<"));
	free(x);
	free(b.p);
	/* bob's size too large (it runs over carol) and its copy wrong: he
	 * decodes (his event ends where it ends), and carol is found after
	 * his header, not skipped */
	b = four_records(at);
	eb_put32(b.p + EB_HEADER + at[1] + 4, (uint32_t)(at[3] - at[1]));
	eb_chunk_end(&b);
	x = text_of(b.p, b.size, &st, &rc);
	CHECK_INT(st.records, 4);
	CHECK(x && strstr(x, ">bob<") && strstr(x, ">carol<") && strstr(x, ">dave<"));
	free(x);
	free(b.p);
	/* zeros over carol's header: past the zeros, dave */
	b = four_records(at);
	memset(b.p + EB_HEADER + at[2], 0, 24);
	eb_chunk_end(&b);
	x = text_of(b.p, b.size, &st, &rc);
	CHECK_INT(st.records, 3);
	CHECK_INT(st.lost_records, 1);
	CHECK(x && strstr(x, ">bob<") && !strstr(x, ">carol<") && strstr(x, ">dave<"));
	free(x);
	/* every record header damaged: nothing readable, and the error
	 * counts what the chunk header promised */
	for (int i = 0; i < 4; i++)
		memset(b.p + EB_HEADER + at[i], 0, 8);
	eb_chunk_end(&b);
	t = load("headless.evtx", b.p, b.size, &rc, &err);
	CHECK_INT(rc, LL_EDATA);
	CHECK(strstr(err.msg, "4 that chunk headers count not found") != NULL);
	ll_table_free(t);
	free(b.p);
}

/* A whole record that runs past the chunk header's free space, in a file
 * that ends a few bytes after it (a fuzzer's find): read, and nothing past
 * the file's end is looked at (the bytes are copied to a block of their
 * own size, so valgrind and ASan see a read past it). */
static void test_past_free_space(void)
{
	size_t at[4];
	struct eb b = four_records(at);
	size_t records_end = b.pos;
	b.pos = records_end - 4;
	eb_chunk_end(&b);
	size_t n = EB_HEADER + records_end + 2;
	unsigned char *cut = malloc(n);
	if (!cut) {
		free(b.p);
		return;
	}
	memcpy(cut, b.p, n);
	struct ds_evtx_stats st;
	int rc;
	char *x = text_of(cut, n, &st, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK_INT(st.records, 4);
	CHECK(x && strstr(x, ">dave<"));
	free(x);
	free(cut);
	free(b.p);
}

/* A record of plain Binary XML (no template): an event of a classic
 * provider, whose <EventID> carries Qualifiers when qualified, and a
 * UserData element with an attribute and text. */
static void plain_event(struct eb *b, uint64_t id, const char *event_id, int qualified)
{
	eb_record_begin(b, id);
	eb_fragment(b);
	eb_open(b, "Event", 0, 0);
	eb_close_start(b);
	eb_open(b, "System", 0, 0);
	eb_close_start(b);
	eb_open(b, "Provider", 0, 1);
	eb_attr(b, "Name", 0);
	eb_text(b, "Service Control Manager");
	eb_close_empty(b);
	eb_open(b, "EventID", 0, qualified);
	if (qualified) {
		eb_attr(b, "Qualifiers", 0);
		eb_text(b, "16384");
	}
	eb_close_start(b);
	eb_text(b, event_id);
	eb_end(b);
	eb_open(b, "TimeCreated", 0, 1);
	eb_attr(b, "SystemTime", 0);
	eb_text(b, "2024-01-05T10:00:00.123456Z");
	eb_close_empty(b);
	eb_end(b); /* System */
	eb_open(b, "UserData", 0, 0);
	eb_close_start(b);
	eb_open(b, "Op", 0, 1);
	eb_attr(b, "Kind", 0);
	eb_text(b, "start");
	eb_close_start(b);
	eb_text(b, "wuauserv");
	eb_end(b);
	eb_end(b); /* UserData */
	eb_end(b); /* Event */
	eb_u8(b, 0x00);
	eb_record_end(b);
}

/* A log whose every <EventID> carries Qualifiers (System and Application
 * logs' classic providers) has its ids in System.EventID, as a log whose
 * ids carry none, so a folder of both is one column; so does any element
 * whose text always comes with attributes. Mixed, the two join (the XML
 * reader's rule). */
static void test_qualified_ids(void)
{
	for (int mixed = 0; mixed < 2; mixed++) {
		struct eb b;
		eb_init(&b, 1);
		eb_chunk_begin(&b, 0);
		plain_event(&b, 1, "7036", 1);
		plain_event(&b, 2, "7040", !mixed);
		eb_chunk_end(&b);
		eb_file_end(&b, 0);
		int rc;
		struct ll_err err;
		struct ll_table *t = load("System.evtx", b.p, b.size, &rc, &err);
		CHECK_INT(rc, LL_OK);
		if (t) {
			CHECK(ll_table_find_column(t, "System.EventID.text") < 0);
			CHECK(ll_table_find_column(t, "UserData.Op.text") < 0);
			CHECK_NEAR(num_at(t, 0, "System.EventID"), 7036, 0);
			CHECK_NEAR(num_at(t, 1, "System.EventID"), 7040, 0);
			CHECK_NEAR(num_at(t, 0, "System.EventID.Qualifiers"), 16384, 0);
			CHECK_STR(text_at(t, 1, "UserData.Op"), "wuauserv");
			CHECK_STR(text_at(t, 1, "UserData.Op.Kind"), "start");
		}
		ll_table_free(t);
		free(b.p);
	}
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "evtx");
	test_xml();
	test_damage();
	test_truncated();
	test_loops();
	test_fan_out();
	test_memory();
	test_fallback();
	test_qualified_ids();
	test_record_headers();
	test_past_free_space();
	/* the loads above that read were compared both ways: the cuts too */
	CHECK(compared >= 50);
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
