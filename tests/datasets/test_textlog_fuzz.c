/*
 * tests/datasets/test_textlog_fuzz.c - robustness of the text-log readers.
 *
 * Every splitter gets a few hundred thousand random lines built from the
 * bytes log formats care about (blanks, ':', '[', ']', '@', '-', digits,
 * month names ...) and mutated real lines; every span it returns must lie
 * inside the line. Then every text-log reader is forced onto every loghub
 * log (the wrong format for most): the load must succeed with every line a
 * row, and a wrong format must say so in exactly one note. Run under the
 * sanitizers, this is the parsers' fuzz target.
 */
#include "harness.h"

#include <stdint.h>

#include "ds_reader.h"
#include "ll_table.h"
#include "ll_tpl.h"

#include <stdlib.h>

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t next(void)
{
	/* xorshift64*: deterministic across runs */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 2685821657736338717ull) >> 32);
}

static const char *const pieces[] = {
	" ", "  ", "\t", ":", ": ", "[", "]", "]: ", "@", "-", " - ", "0", "12", "2005", "081109", "17/06/09",
	"2015-07-29", "20:10:40", ",747", ".5", "Jun", "Jan  5", "INFO", "WARN", "kernel", "sshd[12]", "<4.3>",
	"T", "+01:00", "\xff", "\xc3", "\xc3\xa9", "a", "node-1", "1117838570", "2005.06.03",
	"2005-06-03-15.42.50.675872", "- ", "\x01", "#", "failJSON:", "{\"match\": true}", "\r",
};

static void check_spans(const struct ds_reader *r, const char *line, size_t len, size_t *accepted)
{
	const struct ds_line_format *f = r->line;
	struct ds_span fields[DS_MAX_FIELDS], label = {0, 0};
	memset(fields, 0xA5, sizeof fields);
	if (!ds_line_split(f, line, len, fields, &label))
		return;
	(*accepted)++;
	int ok = 1;
	for (size_t k = 0; k < f->nfields; k++)
		if (fields[k].off > len || fields[k].len > len - fields[k].off)
			ok = 0;
	if (label.len && (label.off > len || label.len > len - label.off))
		ok = 0;
	if (!ok)
		fprintf(stderr, "%s: span out of the line for \"%.*s\"\n", r->name, (int)len, line);
	CHECK(ok);
}

static void fuzz_splitters(void)
{
	size_t n;
	const struct ds_reader *const *readers = ds_textlog_readers(&n);
	char line[512];
	const size_t npieces = sizeof pieces / sizeof *pieces;
	size_t accepted = 0;
	/* a quarter of the random lines under valgrind (LL_VALGRIND): fewer
	 * random cases through the same splitters; ASan, the fuzz target,
	 * keeps them all */
	int iters = getenv("LL_VALGRIND") ? 50000 : 200000;
	for (int iter = 0; iter < iters; iter++) {
		size_t len = 0, parts = next() % 24;
		for (size_t p = 0; p < parts; p++) {
			const char *s = pieces[next() % npieces];
			size_t l = strlen(s);
			if (len + l >= sizeof line)
				break;
			memcpy(line + len, s, l);
			len += l;
		}
		/* split gets a line without its newline and CR removed */
		for (size_t k = 0; k < n; k++)
			check_spans(readers[k], line, len, &accepted);
	}
	/* real-shaped lines with one byte changed */
	static const char *const real[] = {
	    "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS "
	    "KERNEL INFO instruction cache parity error corrected",
	    "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond[2916]: (root) CMD (run-parts)",
	    "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 terminating",
	    "2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created",
	    "17/06/09 20:10:40 INFO spark.SecurityManager: Changing view acls to: yarn,curi",
	    "2015-07-29 17:41:44,747 - INFO  "
	    "[QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - x",
	    "nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi [req-1 - - -] "
	    "GET",
	    "134681 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change",
	    "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0",
	    "1\tJun 14 15:16:01 combo kernel: x",
	};
	static const char subst[] = " \t:[]@-0a\xff";
	for (size_t r = 0; r < sizeof real / sizeof *real; r++) {
		size_t len = strlen(real[r]);
		for (size_t pos = 0; pos < len; pos++) {
			for (size_t s = 0; s < sizeof subst - 1; s++) {
				memcpy(line, real[r], len);
				line[pos] = subst[s];
				for (size_t k = 0; k < n; k++) {
					check_spans(readers[k], line, len, &accepted);
					check_spans(readers[k], line, pos, &accepted); /* cut short */
				}
			}
		}
	}
	CHECK(accepted > 1000);
	fprintf(stderr, "splitters accepted %zu fuzzed lines\n", accepted);
}

/* The reader derived for JSON messages (ds_jsonmsg.c) and the miner's cut
 * of a JSON record, on CRI lines whose message is random JSON-like bytes:
 * spans stay inside the line, and nothing reads past it. */
static void fuzz_json_messages(void)
{
	static const char sample[] = "2024-01-05T10:00:00Z stdout F {\"level\":\"info\",\"msg\":\"a\",\"ts\":1}\n"
				     "2024-01-05T10:00:01Z stdout F {\"level\":\"warn\",\"msg\":\"b\"}\n";
	struct ll_err err;
	const struct ds_reader *r = ds_reader_bind(ds_reader_find("cri"), sample, sizeof sample - 1, NULL, &err);
	CHECK(r != NULL && r->line != NULL && r->line != ds_reader_find("cri")->line);
	if (!r)
		return;
	static const char *const jp[] = {"{", "}", "[", "]", "\"", "\\", ":", ",", " ", "\"level\"", "\"msg\"",
					 "\"ts\"", "1", "-2.5e3", "true", "null", "x", "\xff", "\"\"", "{\"a\":"};
	const size_t np = sizeof jp / sizeof *jp;
	struct ll_tpl_config c;
	ll_tpl_config_default(&c);
	struct ll_tpl *tp;
	CHECK_INT(ll_tpl_new(&c, &tp, &err), LL_OK);
	char line[600];
	size_t accepted = 0;
	const char prefix[] = "2024-01-05T10:00:00Z stdout F ";
	/* under valgrind fewer random lines, as in fuzz_splitters */
	int iters = getenv("LL_VALGRIND") ? 15000 : 50000;
	for (int iter = 0; iter < iters; iter++) {
		size_t len = sizeof prefix - 1;
		memcpy(line, prefix, len);
		size_t parts = next() % 30;
		for (size_t p = 0; p < parts; p++) {
			const char *s = jp[next() % np];
			size_t l = strlen(s);
			if (len + l >= sizeof line)
				break;
			memcpy(line + len, s, l);
			len += l;
		}
		check_spans(r, line, len, &accepted);
		/* the message alone, as the miner gets it: exactly len bytes */
		char *m = malloc(len - (sizeof prefix - 1) + 1);
		if (m) {
			memcpy(m, line + sizeof prefix - 1, len - (sizeof prefix - 1));
			CHECK(ll_tpl_add(tp, m, len - (sizeof prefix - 1)) >= 0);
			free(m);
		}
	}
	CHECK_INT(ll_tpl_finish(tp, &err), LL_OK);
	ll_tpl_free(tp);
	CHECK(accepted > 1000);
}

static void every_reader_on_every_log(void)
{
	static const char *const systems[] = {"BGL",     "HDFS",      "HPC",   "Hadoop",      "Linux",
					      "OpenSSH", "OpenStack", "Spark", "Thunderbird", "Zookeeper"};
	size_t n;
	const struct ds_reader *const *readers = ds_textlog_readers(&n);
	for (size_t s = 0; s < sizeof systems / sizeof *systems; s++) {
		char rel[256];
		snprintf(rel, sizeof rel, "loghub/%s/%s_2k.log", systems[s], systems[s]);
		char path[4200];
		snprintf(path, sizeof path, "%s", ll_test_data(rel));
		const struct ds_reader *used = NULL;
		for (size_t k = 0; k < n; k++) {
			struct ds_open_opts o = {.format = readers[k]->name, .default_year = 2005};
			struct ll_table *t = NULL;
			struct ll_err err;
			int rc = ds_load(path, &o, &t, &used, &err);
			CHECK_INT(rc, LL_OK);
			if (rc != LL_OK) {
				fprintf(stderr, "%s as %s: %s\n", rel, readers[k]->name, err.msg);
				continue;
			}
			/* every line is a row; a format that does not fit says so once */
			CHECK_INT(ll_table_nrows(t), 2000);
			size_t notes = ll_table_nnotes(t);
			CHECK(notes <= 1);
			if (notes == 1)
				CHECK(strstr(ll_table_note_text(t, 0), "did not match the") != NULL);
			ll_table_free(t);
		}
	}
}

int main(void)
{
	fuzz_splitters();
	fuzz_json_messages();
	ll_test_data_dir();
	every_reader_on_every_log();
	TEST_MAIN_END();
}
