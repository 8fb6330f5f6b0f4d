/*
 * test_nmon.c - the "nmon" reader on recordings generated here from a
 * seed: per-CPU, CPU_ALL, MEM and DISK sections over dated snapshots (one
 * snapshot's data before its ZZZZ line), an inventory with quoted commas,
 * a TOP section with a row per process, a snapshot no ZZZZ line dates and a
 * cell that is no number; and hostile input: seeded mutants, files that
 * are not nmon's, a recording with no dated snapshot, a tag far out,
 * 100,000 sections.
 */
#include "harness.h"

#include "ds_reader.h"
#include "ll_strbuf.h"
#include "reader_test.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[200];

/* User% of cpu c in snapshot s (1-based), as generated. */
static double user_pct(size_t s, size_t c)
{
	return (double)((s * 7 + c * 13) % 90) + 0.5;
}

/* A recording of `snaps` snapshots on `cpus` CPUs. */
static void gen_nmon(struct ll_strbuf *b, size_t snaps, size_t cpus, uint64_t seed)
{
	ll_strbuf_puts(b, "AAA,progname,nmon\nAAA,host,node7\nAAA,interval,10\nAAA,date,28-FEB-2024\n"
			  "BBBP,001,/proc/cpuinfo,\"model name : Some CPU, 8 cores\"\n");
	for (size_t c = 1; c <= cpus; c++)
		ll_strbuf_printf(b, "CPU%03zu,CPU %zu node7,User%%,Sys%%,Wait%%,Idle%%\n", c, c);
	ll_strbuf_puts(b, "CPU_ALL,CPU Total node7,User%,Sys%,Wait%,Idle%,Busy,CPUs\n"
			  "MEM,Memory MB node7,memtotal,memfree,cached,\n"
			  "DISKBUSY,Disk %Busy node7,sda,sdb\n"
			  "TOP,%CPU Utilisation\nTOP,+PID,Time,%CPU,%Usr,%Sys,Command\n");
	for (size_t s = 1; s <= snaps; s++) {
		/* the second snapshot's lines come before its ZZZZ line */
		unsigned sec = (unsigned)(s * 10);
		if (s != 2)
			ll_strbuf_printf(b, "ZZZZ,T%04zu,23:%02u:%02u,28-Feb-2024\n", s, sec / 60 % 60, sec % 60);
		for (size_t c = 1; c <= cpus; c++)
			ll_strbuf_printf(b, "CPU%03zu,T%04zu,%.1f,2.0,0.0,%.1f\n", c, s, user_pct(s, c), 97.5 - user_pct(s, c));
		ll_strbuf_printf(b, "CPU_ALL,T%04zu,%.1f,2.0,0.0,50.0,,%zu\n", s, user_pct(s, 0), cpus);
		ll_strbuf_printf(b, "MEM,T%04zu,16000.0,%s,4000.0,\n", s,
				 s == 3 ? "n/a?" : (ll_test_xorshift(&seed) % 2 ? "8000.0" : "7999.5"));
		ll_strbuf_printf(b, "DISKBUSY,T%04zu,%zu.0,0.0\n", s, s);
		ll_strbuf_printf(b, "TOP,%07zu,T%04zu,12.0,10.0,2.0,java\n", 1000 + s, s);
		if (s == 2)
			ll_strbuf_printf(b, "ZZZZ,T%04zu,23:%02u:%02u,28-FEB-2024\n", s, sec / 60 % 60, sec % 60);
	}
	/* a snapshot cut off before its ZZZZ line */
	ll_strbuf_printf(b, "CPU_ALL,T%04zu,1.0,1.0,0.0,98.0,,%zu\n", snaps + 1, cpus);
}

static void test_recording(void)
{
	struct ll_strbuf b = {0};
	gen_nmon(&b, 30, 4, 11);
	CHECK(!b.oom);
	const char *p = rt_put(dir, "node7_240228_2300.nmon", b.s, b.len);
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	CHECK_INT(rt_load(p, NULL, &t, &used, &e), LL_OK);
	if (!t)
		return;
	CHECK_STR(used, "nmon");
	CHECK_INT(ll_table_nrows(t), 30);
	/* time + 4 CPUs x 4 + CPU_ALL 6 + MEM 3 + DISKBUSY 2; TOP left out */
	CHECK_INT(ll_table_ncols(t), 1 + 16 + 6 + 3 + 2);
	CHECK_STR(ll_table_col_name(t, 0), "time");
	CHECK_INT(ll_table_col_type(t, 0), LL_COL_TIME);
	CHECK_NEAR(ll_table_num(t, 0, 0), 1709161210, 0); /* 2024-02-28 23:00:10 */
	CHECK_NEAR(ll_table_num(t, 29, 0), 1709161500, 0);
	int u3 = ll_table_find_column(t, "CPU003.User%"), all = ll_table_find_column(t, "CPU_ALL.CPUs"),
	    busy = ll_table_find_column(t, "CPU_ALL.Busy"), free_mb = ll_table_find_column(t, "MEM.memfree"),
	    sdb = ll_table_find_column(t, "DISKBUSY.sda");
	CHECK(u3 > 0 && all > 0 && busy > 0 && free_mb > 0 && sdb > 0);
	CHECK_INT(ll_table_find_column(t, "TOP.%CPU"), -1);
	if (u3 > 0 && all > 0 && busy > 0 && free_mb > 0 && sdb > 0) {
		int bad = 0;
		for (size_t r = 0; r < 30; r++) {
			bad += ll_table_num(t, r, (size_t)u3) != user_pct(r + 1, 3);
			bad += ll_table_num(t, r, (size_t)all) != 4;
			bad += ll_table_num(t, r, (size_t)sdb) != (double)(r + 1);
		}
		CHECK_INT(bad, 0);
		CHECK(isnan(ll_table_num(t, 0, (size_t)busy)));
		CHECK(isnan(ll_table_num(t, 2, (size_t)free_mb)));
	}
	CHECK(ll_test_has_note(t, "1 line of snapshots no ZZZZ line dates (first: line"));
	CHECK(ll_test_has_note(t, "30 lines of sections with a row per item"));
	CHECK(ll_test_has_note(t, "1 cell that is not a number"));
	ll_table_free(t);
	ll_strbuf_free(&b);
}

static void test_hostile(void)
{
	struct ll_table *t;
	struct ll_err e;
	const char *used;
	const char *undated = "AAA,host,x\nCPU_ALL,CPU Total x,User%\nCPU_ALL,T0001,5.0\n";
	const char *p = rt_put(dir, "undated.nmon", undated, strlen(undated));
	CHECK_INT(rt_load(p, "nmon", &t, &used, &e), LL_EDATA);
	CHECK(strstr(e.msg, "undated.nmon: no snapshot is dated") != NULL);
	const char *other = "time,cpu\n2024-01-01 00:00:00,5\n";
	p = rt_put(dir, "other.csv", other, strlen(other));
	CHECK_INT(rt_load(p, NULL, &t, &used, &e), LL_OK);
	CHECK(strcmp(used, "nmon") != 0);
	ll_table_free(t);
	CHECK_INT(rt_load(p, "nmon", &t, &used, &e), LL_EDATA);
	CHECK(strstr(e.msg, "other.csv:") != NULL || strstr(e.msg, "other.csv: ") != NULL);
	/* a tag far out (a damaged or cut recording): a row, not an array of
	 * a billion times; a tag dated twice: its last ZZZZ line */
	const char *far = "ZZZZ,T999999999,10:00:05,01-MAR-2024\nCPU,CPU x,User%\nCPU,T999999999,7\n"
			  "ZZZZ,T0003,10:00:00,01-MAR-2024\nCPU,T0003,1\nZZZZ,T0003,09:00:00,01-MAR-2024\n";
	p = rt_put(dir, "far.nmon", far, strlen(far));
	CHECK_INT(rt_load(p, "nmon", &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 2);
		CHECK_NEAR(ll_table_num(t, 0, 0), 1709283600, 0); /* T0003 at 09:00:00 */
		CHECK_NEAR(ll_table_num(t, 0, 1), 1, 0);
		CHECK_NEAR(ll_table_num(t, 1, 0), 1709287205, 0);
		CHECK_NEAR(ll_table_num(t, 1, 1), 7, 0);
		ll_table_free(t);
	}
	/* 100,000 sections: each found through the index, not a scan of all */
	struct ll_strbuf many = {0};
	ll_strbuf_puts(&many, "ZZZZ,T0001,10:00:05,01-MAR-2024\n");
	for (int i = 0; i < 100000; i++)
		ll_strbuf_printf(&many, "S%d,S%d x,v\n", i, i);
	for (int i = 0; i < 100000; i++)
		ll_strbuf_printf(&many, "S%d,T0001,%d\n", i, i);
	CHECK(!many.oom);
	p = rt_put(dir, "many.nmon", many.s, many.len);
	CHECK_INT(rt_load(p, "nmon", &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_ncols(t), 100001);
		CHECK_NEAR(ll_table_num(t, 0, 100000), 99999, 0);
		ll_table_free(t);
	}
	ll_strbuf_free(&many);
	/* a section of 5,000 names: the first 4,094 are columns, a note says
	 * the rest are left out */
	struct ll_strbuf wide = {0};
	ll_strbuf_puts(&wide, "ZZZZ,T0001,10:00:05,01-MAR-2024\nDISKBUSY,Disk %Busy x");
	for (int i = 0; i < 5000; i++)
		ll_strbuf_printf(&wide, ",d%d", i);
	ll_strbuf_puts(&wide, "\nDISKBUSY,T0001");
	for (int i = 0; i < 5000; i++)
		ll_strbuf_printf(&wide, ",%d", i);
	ll_strbuf_puts(&wide, "\n");
	CHECK(!wide.oom);
	p = rt_put(dir, "wide.nmon", wide.s, wide.len);
	CHECK_INT(rt_load(p, "nmon", &t, &used, &e), LL_OK);
	if (t) {
		CHECK_INT(ll_table_ncols(t), 1 + 4094);
		CHECK_NEAR(ll_table_num(t, 0, 4094), 4093, 0);
		CHECK(ll_test_has_note(t, "wide.nmon: 1 section with more than 4094 columns (first: line 2, DISKBUSY); "
					  "the rest left out"));
		ll_table_free(t);
	}
	ll_strbuf_free(&wide);
	/* seeded damage: a table or an error naming the file, never a crash */
	struct ll_strbuf b = {0};
	gen_nmon(&b, 12, 2, 3);
	static const char specials[] = ",\n\"TZ0-:";
	CHECK(!b.oom);
	CHECK_INT(rt_mutants(dir, "mutant", b.s, b.len, 200, "nmon", specials, 77), 0);
	ll_strbuf_free(&b);
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "nmon");
	test_recording();
	test_hostile();
	TEST_MAIN_END();
}
