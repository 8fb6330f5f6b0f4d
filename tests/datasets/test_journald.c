/*
 * tests/datasets/test_journald.c - systemd journal files (ds_journald.h),
 * built byte by byte (journal_build.h): each entry as the JSON line
 * journalctl prints (repeated fields as arrays, bytes that are not
 * printable UTF-8 as numbers, the header's boot id), the regular and the
 * compact layout alike, data compressed with each codec the build has,
 * the table the "journal" reader makes (time and message), and the faults:
 * a truncated copy, a corrupt entry offset, an array chain that loops or
 * breaks, an unknown incompatible flag, a file still being written, a
 * small file that stands for a text beyond the memory limit, and a folder
 * of journals (plain, or compressed whole) merged by time.
 */
#include "config.h"

#include "harness.h"
#include "journal_build.h"

#include "ds_dataset.h"
#include "ds_journald.h"
#include "ds_reader.h"
#include "ds_fleet_tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef HAVE_LZMA
#include <lzma.h>
#endif
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif
#ifdef HAVE_LZ4
#include <lz4.h>
#endif

#define T0 1700000000000000ull /* 2023-11-14 22:13:20 UTC, in microseconds */

static const char long_message[] =
	"MESSAGE=a long message that journald would compress, repeated: "
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb end";

/* long_message in codec's form (0: as it is) into buf; its length, 0 when
 * the build lacks the codec. */
static size_t packed(int codec, unsigned char *buf, size_t cap)
{
	size_t n = sizeof long_message - 1;
	if (!codec) {
		memcpy(buf, long_message, n);
		return n;
	}
#ifdef HAVE_ZSTD
	if (codec == JB_OBJ_ZSTD) {
		size_t z = ZSTD_compress(buf, cap, long_message, n, 3);
		return ZSTD_isError(z) ? 0 : z;
	}
#endif
#ifdef HAVE_LZMA
	if (codec == JB_OBJ_XZ) {
		size_t pos = 0;
		return lzma_easy_buffer_encode(6, LZMA_CHECK_NONE, NULL, (const uint8_t *)long_message, n, buf, &pos,
					       cap) == LZMA_OK
			       ? pos
			       : 0;
	}
#endif
#ifdef HAVE_LZ4
	if (codec == JB_OBJ_LZ4) {
		for (int i = 0; i < 8; i++)
			buf[i] = (unsigned char)((uint64_t)n >> (8 * i));
		int z = LZ4_compress_default(long_message, (char *)buf + 8, (int)n, (int)cap - 8);
		return z > 0 ? (size_t)z + 8 : 0;
	}
#endif
	(void)cap;
	return 0;
}

static uint32_t codec_flag(int codec)
{
	return codec == JB_OBJ_XZ ? 1u : codec == JB_OBJ_LZ4 ? 2u : codec == JB_OBJ_ZSTD ? 8u : 0u;
}

/* Three entries: fields repeated, shared, multi-line, binary, the entry's
 * own _BOOT_ID, and a long message (compressed with codec when not 0).
 * per: slots of each entry array. 0 when the build lacks the codec. */
static int build_basic(struct jb *j, uint32_t layout, int codec, size_t per)
{
	unsigned char buf[1024];
	size_t n = packed(codec, buf, sizeof buf);
	if (!n)
		return 0;
	jb_begin(j, layout | codec_flag(codec));
	size_t hello = jb_text(j, "MESSAGE=hello world"), p6 = jb_text(j, "PRIORITY=6"),
	       boot = jb_text(j, "_BOOT_ID=00000000000000000000000000000000"), ma = jb_text(j, "MULTI=a"),
	       mb = jb_text(j, "MULTI=b");
	size_t e1[] = {hello, p6, boot, ma, mb};
	jb_entry(j, 1, T0, 5000000, e1, 5);
	size_t two = jb_text(j, "MESSAGE=line one\n\t\"two\" \\ end"), p3 = jb_text(j, "PRIORITY=3"),
	       bin = jb_data(j, "BIN=\x01\xff" "a", 7, 0), utf = jb_text(j, "UNIT=caf\xc3\xa9.service");
	size_t e2[] = {two, p3, bin, utf};
	jb_entry(j, 2, T0 + 1000000, 6000000, e2, 4);
	size_t big = jb_data(j, buf, n, codec);
	size_t e3[] = {big, p6};
	jb_entry(j, 3, T0 + 2000000, 7000000, e3, 2);
	jb_arrays(j, per, 0);
	jb_finish(j, 0);
	return 1;
}

static char *text_of(const struct jb *j, struct ds_journald_stats *st, int *rc)
{
	char *t = NULL;
	size_t n = 0;
	struct ll_err err;
	*rc = ds_journald_text("t.journal", j->p, j->n, &t, &n, st, &err);
	return t;
}

static void test_text(void)
{
	struct jb j;
	build_basic(&j, 0, 0, 2);
	struct ds_journald_stats st;
	int rc;
	char *t = text_of(&j, &st, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK_INT((int)st.entries, 3);
	CHECK_INT((int)(st.bad_entries + st.bad_fields + st.past_end), 0);
	const char *first =
		"{\"__REALTIME_TIMESTAMP\":\"1700000000000000\",\"MESSAGE\":\"hello world\",\"PRIORITY\":\"6\","
		"\"MULTI\":[\"a\",\"b\"],\"__MONOTONIC_TIMESTAMP\":\"5000000\","
		"\"_BOOT_ID\":\"b0b1b2b3b4b5b6b7b8b9babbbcbdbebf\",\"__CURSOR\":\"s=a0a1a2a3a4a5a6a7a8a9aaabacadaeaf;i=1;"
		"b=b0b1b2b3b4b5b6b7b8b9babbbcbdbebf;m=4c4b40;t=60a24181e4000;x=0\"}\n";
	CHECK(t && strncmp(t, first, strlen(first)) == 0);
	/* printable text escaped as JSON, bytes that are not as numbers */
	CHECK(t && strstr(t, "\"MESSAGE\":\"line one\\n\\t\\\"two\\\" \\\\ end\""));
	CHECK(t && strstr(t, "\"BIN\":[1,255,97]"));
	CHECK(t && strstr(t, "\"UNIT\":\"caf\xc3\xa9.service\""));
	CHECK(t && strstr(t, "end\",\"PRIORITY\":\"6\""));
	/* the fields a program wrote before those journald adds */
	CHECK(t && strstr(t, "\"PRIORITY\":\"3\",\"BIN\":[1,255,97],\"UNIT\":\"caf\xc3\xa9.service\",\"__MONO"));
	free(t);
	free(j.p);
}

/* The compact layout and every codec give the regular layout's text. */
static void test_layouts_and_codecs(void)
{
	struct jb j;
	struct ds_journald_stats st;
	int rc;
	build_basic(&j, 0, 0, 4);
	char *ref = text_of(&j, &st, &rc);
	free(j.p);
	const int codecs[] = {0, JB_OBJ_XZ, JB_OBJ_LZ4, JB_OBJ_ZSTD};
	int tried = 0;
	for (int layout = 0; layout < 2; layout++)
		for (size_t c = 0; c < sizeof codecs / sizeof *codecs; c++) {
			if (!build_basic(&j, layout ? JB_COMPACT : 0, codecs[c], 1 + c))
				continue;
			tried++;
			char *t = text_of(&j, &st, &rc);
			CHECK_INT(rc, LL_OK);
			CHECK_INT((int)st.bad_fields, 0);
			if (st.bad_fields)
				fprintf(stderr, "codec %d layout %d\n", codecs[c], layout);
			CHECK(t && ref && strcmp(t, ref) == 0);
			free(t);
			free(j.p);
		}
	CHECK(tried >= 2);
	free(ref);
}

/* A compressed value that does not decode is left out and counted. */
static void test_bad_payload(void)
{
	struct jb j;
	if (!build_basic(&j, 0, JB_OBJ_ZSTD, 2))
		return;
	/* the third entry's first item: the compressed message; spoil its frame */
	size_t data = (size_t)(j.p[j.entries[2] + 64] | j.p[j.entries[2] + 65] << 8 | j.p[j.entries[2] + 66] << 16);
	memset(j.p + data + 64, 0x55, 8);
	struct ds_journald_stats st;
	int rc;
	char *t = text_of(&j, &st, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK_INT((int)st.entries, 3);
	CHECK_INT((int)st.bad_fields, 1);
	free(t);
	free(j.p);
}

/* The reader's table: the realtime stamp is the time, MESSAGE the text. */
static void test_table(const char *dir)
{
	struct jb j;
	build_basic(&j, JB_COMPACT, 0, 2);
	const char *path = ll_test_put_bytes(dir, "system.journal", j.p, j.n);
	struct ds_open_opts o = {0};
	struct ll_table *t = NULL;
	const struct ds_reader *used = NULL;
	struct ll_err err;
	CHECK_INT(ds_load(path, &o, &t, &used, &err), LL_OK);
	CHECK(used && strcmp(used->name, "journal") == 0);
	CHECK_INT((int)ll_table_nrows(t), 3);
	CHECK_STR(ll_table_col_name(t, 0), "__REALTIME_TIMESTAMP");
	CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
	CHECK(ll_table_column_data(t, 0)[1] == 1700000001.0);
	int mono = ll_table_find_column(t, "__MONOTONIC_TIMESTAMP"), msg = ll_table_find_column(t, "MESSAGE");
	CHECK(mono >= 0 && ll_table_col_type(t, (size_t)mono) != LL_COL_TIME);
	CHECK(msg >= 0 && strcmp(ll_table_text(t, 0, (size_t)msg), "hello world") == 0);
	CHECK(msg >= 0 && strcmp(ll_table_text(t, 1, (size_t)msg), "line one\n\t\"two\" \\ end") == 0);
	/* a key whose only value is bytes stays its numbers: nothing says text */
	int bin = ll_table_find_column(t, "BIN.1");
	CHECK(bin >= 0 && ll_table_num(t, 1, (size_t)bin) == 255);
	ll_table_free(t);
	free(j.p);
}

/* A copy cut inside its entries reads the ones before the cut, and says
 * how many are gone. */
static void test_truncated(const char *dir)
{
	struct jb k;
	jb_begin(&k, 0);
	size_t m1 = jb_text(&k, "MESSAGE=one"), m2 = jb_text(&k, "MESSAGE=two"), m3 = jb_text(&k, "MESSAGE=three");
	(void)m2;
	(void)m3;
	size_t e1[] = {m1};
	jb_entry(&k, 1, T0, 1, e1, 1);
	/* the array is written first with room for all three, as journald's
	 * arrays are allocated ahead of the entries they will list */
	size_t arr = jb_object(&k, 6, 0, (unsigned char[8 + 3 * 8]){0}, 8 + 3 * 8);
	jb_set64(&k, 176, arr);
	size_t e2[] = {m2};
	size_t e2at = jb_entry(&k, 2, T0 + 1000000, 2, e2, 1);
	size_t e3[] = {m3};
	size_t e3at = jb_entry(&k, 3, T0 + 2000000, 3, e3, 1);
	jb_set64(&k, arr + 24, k.entries[0]);
	jb_set64(&k, arr + 32, e2at);
	jb_set64(&k, arr + 40, e3at);
	jb_finish(&k, 0);
	struct ds_journald_stats st;
	char *t = NULL;
	size_t n = 0;
	struct ll_err err;
	CHECK_INT(ds_journald_text("cut.journal", k.p, e3at + 20, &t, &n, &st, &err), LL_OK);
	CHECK_INT((int)st.entries, 2);
	CHECK_INT((int)st.past_end, 1);
	CHECK(st.truncated);
	CHECK(t && strstr(t, "\"MESSAGE\":\"two\"") && !strstr(t, "three"));
	free(t);
	/* through the reader: a note counts them */
	const char *path = ll_test_put_bytes(dir, "cut.journal", k.p, e3at + 20);
	struct ds_open_opts o = {0};
	struct ll_table *tab = NULL;
	CHECK_INT(ds_load(path, &o, &tab, NULL, &err), LL_OK);
	CHECK(tab && ll_table_nrows(tab) == 2);
	CHECK(tab && ll_test_has_note(tab, "the file is truncated: 1 entry past its end skipped"));
	ll_table_free(tab);
	/* cut inside the header: refused, saying so */
	CHECK_INT(ds_journald_text("short.journal", k.p, 100, &t, &n, &st, &err), LL_EDATA);
	CHECK(strstr(err.msg, "cut short inside its header") != NULL);
	free(k.p);
}

/* An array slot pointing outside the file, or at an object that is not an
 * entry, is skipped and counted; the other entries read. */
static void test_corrupt_offset(const char *dir)
{
	struct jb j;
	build_basic(&j, 0, 0, 4);
	size_t arr = (size_t)(j.p[176] | j.p[177] << 8 | j.p[178] << 16);
	jb_set64(&j, arr + 24 + 8, (uint64_t)1 << 40); /* the second entry: far beyond the file */
	struct ds_journald_stats st;
	int rc;
	char *t = text_of(&j, &st, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK_INT((int)st.entries, 2);
	CHECK_INT((int)st.bad_entries, 1);
	free(t);
	/* an entry item naming the header: a field left out */
	jb_set64(&j, arr + 24 + 8, j.entries[1]);
	jb_set64(&j, j.entries[0] + 64, 8);
	t = text_of(&j, &st, &rc);
	CHECK_INT((int)st.entries, 3);
	CHECK_INT((int)st.bad_fields, 1);
	CHECK(t && !strstr(t, "hello world"));
	free(t);
	const char *path = ll_test_put_bytes(dir, "bad.journal", j.p, j.n);
	struct ds_open_opts o = {0};
	struct ll_table *tab = NULL;
	struct ll_err err;
	CHECK_INT(ds_load(path, &o, &tab, NULL, &err), LL_OK);
	CHECK(tab && ll_test_has_note(tab, "1 field whose data is corrupt or does not decode left out"));
	ll_table_free(tab);
	free(j.p);
}

/* A chain whose last array points back to the first ends there, each
 * entry read once; a chain broken by an object that is no array is
 * followed by a scan that finds the entries after it. */
static void test_chain(void)
{
	struct jb j;
	build_basic(&j, JB_COMPACT, 0, 1);
	size_t first = jb_arrays(&j, 1, 0); /* a second chain: the header now points at it */
	jb_finish(&j, 0);
	size_t last = 0;
	for (size_t a = first; a; a = (size_t)(j.p[a + 16] | j.p[a + 17] << 8 | j.p[a + 18] << 16))
		last = a;
	jb_set64(&j, last + 16, first);
	struct ds_journald_stats st;
	int rc;
	char *t = text_of(&j, &st, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK_INT((int)st.entries, 3);
	CHECK(st.chain_broken);
	CHECK_INT((int)st.scanned, 0);
	free(t);
	/* the second array is not an array: the third entry found by scanning */
	size_t second = (size_t)(j.p[first + 16] | j.p[first + 17] << 8 | j.p[first + 18] << 16);
	j.p[second] = 7;
	t = text_of(&j, &st, &rc);
	CHECK_INT(rc, LL_OK);
	CHECK_INT((int)st.entries, 3);
	CHECK_INT((int)st.scanned, 2);
	CHECK(st.chain_broken);
	free(t);
	/* an array whose size runs past the arena: broken too, never read past */
	j.p[second] = 6;
	jb_set64(&j, second + 8, (uint64_t)1 << 62);
	t = text_of(&j, &st, &rc);
	CHECK_INT((int)st.entries, 3);
	free(t);
	free(j.p);
}

static void test_refusals(const char *dir)
{
	struct jb j;
	build_basic(&j, 0, 0, 2);
	struct ds_journald_stats st;
	int rc;
	jb_set32(&j, 12, 1u << 5 | 1u << 4);
	char *t = NULL;
	size_t n;
	struct ll_err err;
	CHECK_INT(ds_journald_text("new.journal", j.p, j.n, &t, &n, &st, &err), LL_EDATA);
	CHECK(strstr(err.msg, "incompatible flags 0x20") && strstr(err.msg, "newer systemd"));
	/* a header whose size is beyond the file */
	jb_set32(&j, 12, 0);
	jb_set64(&j, 88, j.n + 8);
	CHECK_INT(ds_journald_text("h.journal", j.p, j.n, &t, &n, &st, &err), LL_EDATA);
	jb_set64(&j, 88, JB_HEADER);
	/* still being written: read, with a note */
	j.p[16] = 1;
	t = text_of(&j, &st, &rc);
	CHECK_INT(st.state, 1);
	free(t);
	const char *path = ll_test_put_bytes(dir, "online.journal", j.p, j.n);
	struct ds_open_opts o = {0};
	struct ll_table *tab = NULL;
	CHECK_INT(ds_load(path, &o, &tab, NULL, &err), LL_OK);
	CHECK(tab && ll_test_has_note(tab, "still being written (online)"));
	ll_table_free(tab);
	/* no entries */
	struct jb e;
	jb_begin(&e, 0);
	jb_finish(&e, 0);
	path = ll_test_put_bytes(dir, "empty.journal", e.p, e.n);
	CHECK_INT(ds_load(path, &o, &tab, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "holds no entries") != NULL);
	free(e.p);
	free(j.p);
}

/* One 64 KiB value shared by 200 entries stands for 13 MiB of text: past
 * a 16 MiB limit once the table's cost is counted, refused before any of
 * it is written. */
static void test_memory_limit(void)
{
	struct jb j;
	jb_begin(&j, 0);
	size_t n = 64 * 1024;
	char *big = malloc(n);
	memcpy(big, "MESSAGE=", 8);
	memset(big + 8, 'x', n - 8);
	size_t d = jb_data(&j, big, n, 0);
	free(big);
	for (int i = 0; i < 200; i++)
		jb_entry(&j, (uint64_t)i + 1, T0 + (uint64_t)i, 1, &d, 1);
	jb_arrays(&j, 256, 0);
	jb_finish(&j, 0);
	setenv("LOGLAB_MEMORY_MAX", "16M", 1);
	struct ds_journald_stats st;
	char *t = NULL;
	size_t len;
	struct ll_err err;
	CHECK_INT(ds_journald_text("bomb.journal", j.p, j.n, &t, &len, &st, &err), LL_EDATA);
	CHECK(strstr(err.msg, "memory limit") && strstr(err.msg, "LOGLAB_MEMORY_MAX"));
	CHECK(t == NULL);
	unsetenv("LOGLAB_MEMORY_MAX");
	CHECK_INT(ds_journald_text("bomb.journal", j.p, j.n, &t, &len, &st, &err), LL_OK);
	CHECK(len > 200 * n);
	free(t);
	free(j.p);
}

/* A folder of journals (one a dirty archive set aside as NAME.journal~)
 * is one table, rows merged by time. */
static void test_folder(const char *dir)
{
	char sub[600];
	snprintf(sub, sizeof sub, "%s/machine", dir);
	mkdir(sub, 0755);
	const char *names[] = {"system.journal", "user-1000.journal", "system@0005ebbfd42fc981-39a8842ec948769a.journal~"};
	for (int f = 0; f < 3; f++) {
		struct jb j;
		jb_begin(&j, f == 1 ? JB_COMPACT : 0);
		for (int i = 0; i < 3; i++) {
			char m[64];
			snprintf(m, sizeof m, "MESSAGE=file %d entry %d", f, i);
			size_t d = jb_text(&j, m);
			jb_entry(&j, (uint64_t)i + 1, T0 + (uint64_t)(i * 3 + f) * 1000000, 1, &d, 1);
		}
		jb_arrays(&j, 2, 0);
		jb_finish(&j, f == 2 ? 1 : 2);
		ll_test_put_bytes(sub, names[f], j.p, j.n);
		free(j.p);
	}
	struct ds_dataset *ds = NULL;
	struct ll_err err;
	CHECK_INT(ds_dataset_open(&ds, sub, NULL, &err), LL_OK);
	if (!ds)
		return;
	CHECK_INT((int)ds_dataset_nrows(ds), 9);
	const struct ll_table *t = ds_dataset_table(ds);
	int msg = t ? ll_table_find_column(t, "MESSAGE") : -1;
	CHECK(msg >= 0);
	for (size_t r = 0; msg >= 0 && r < 9; r++) {
		char want[64];
		snprintf(want, sizeof want, "file %zu entry %zu", r % 3, r / 3);
		CHECK_STR(ll_table_text(t, r, (size_t)msg), want);
	}
	ds_dataset_close(ds);
}

#ifdef HAVE_ZSTD
/* A folder of journals compressed whole (as systemd keeps its test
 * journals, NAME.journal.zst) is told a fleet of tables by their decoded
 * heads, not left out as binary logs. */
static void test_folder_compressed(const char *dir)
{
	char sub[600];
	snprintf(sub, sizeof sub, "%s/zmachine", dir);
	mkdir(sub, 0755);
	for (int f = 0; f < 2; f++) {
		struct jb j;
		jb_begin(&j, 0);
		for (int i = 0; i < 2; i++) {
			char m[64];
			snprintf(m, sizeof m, "MESSAGE=z%d %d", f, i);
			size_t d = jb_text(&j, m);
			jb_entry(&j, (uint64_t)i + 1, T0 + (uint64_t)(i * 2 + f) * 1000000, 1, &d, 1);
		}
		jb_arrays(&j, 4, 0);
		jb_finish(&j, 2);
		size_t cap = ZSTD_compressBound(j.n);
		void *z = malloc(cap);
		size_t zn = ZSTD_compress(z, cap, j.p, j.n, 3);
		ll_test_put_bytes(sub, f ? "user-1000.journal.zst" : "system.journal.zst", z, zn);
		free(z);
		free(j.p);
	}
	struct ds_dataset *ds = NULL;
	struct ll_err err;
	CHECK_INT(ds_dataset_open(&ds, sub, NULL, &err), LL_OK);
	if (!ds)
		return;
	CHECK_INT((int)ds_dataset_nrows(ds), 4);
	const struct ll_table *t = ds_dataset_table(ds);
	int msg = t ? ll_table_find_column(t, "MESSAGE") : -1;
	CHECK(msg >= 0 && strcmp(ll_table_text(t, 1, (size_t)msg), "z1 0") == 0);
	ds_dataset_close(ds);
}
#endif

int main(void)
{
	char dir[512];
	ll_test_scratch_dir(dir, sizeof dir, "journald");
	test_text();
	test_layouts_and_codecs();
	test_bad_payload();
	test_table(dir);
	test_truncated(dir);
	test_corrupt_offset(dir);
	test_chain();
	test_refusals(dir);
	test_memory_limit();
	test_folder(dir);
#ifdef HAVE_ZSTD
	test_folder_compressed(dir);
#endif
	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
