/*
 * gen_sample.c - makes the bundled sample workspace, so no third-party data
 * ships with loglab.
 *
 * Writes into DIR:
 *   kern.log            a day of one host's kernel log, syslog format
 *   kern_labelled.tsv   the same lines as `label<TAB>line`: 1 root cause,
 *                       0 ordinary. As in real triage, the labels are
 *                       incomplete: every "task ... blocked" hang and about
 *                       one in seven other root-cause lines are labelled 0,
 *                       which is what the review queue is for.
 *   dstat.csv           `dstat --output` style CSV, one row every 10 s, whose
 *                       load and memory follow the incidents in kern.log.
 *   dstat_labelled.csv  the same rows as a plain CSV (epoch, usr, sys, idl,
 *                       wai, 1m, 5m, 15m, used, free) with a label column:
 *                       the incident under way (oom, disk, lockup, mce, nfs,
 *                       segv, hang, thermal) or normal.
 *   loglab.json         the workspace declaring them, four feature sets and
 *                       four experiments (DNN 5x100 Adagrad, logistic
 *                       regression on TF-IDF, LSTM on windows, k-means
 *                       k=2..8), so `loglab` opens on its experiments.
 * Output depends only on the seed, so builds are reproducible.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

/* xorshift64*: small, fast and deterministic across platforms. */
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static unsigned rint_below(unsigned n) { return (unsigned)(rnd() % n); }
static double runit(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }

static const char *const comms[] = {"java", "postgres", "nginx", "python3", "slurmd", "sshd", "rsync"};
#define NCOMMS (sizeof comms / sizeof *comms)

/* One kernel message (without the "[uptime]" prefix) into buf. */
static void ordinary_message(char *buf, size_t cap)
{
	switch (rint_below(10)) {
	case 0:
		snprintf(buf, cap, "e1000e: eth%u NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx",
			 rint_below(2));
		break;
	case 1:
		snprintf(buf, cap,
			 "audit: type=1400 audit(%u.%03u:%u): apparmor=\"STATUS\" operation=\"profile_replace\" "
			 "profile=\"unconfined\" name=\"/usr/sbin/cupsd\" pid=%u comm=\"apparmor_parser\"",
			 1772400000 + rint_below(86400), rint_below(1000), 100 + rint_below(900), 1000 + rint_below(30000));
		break;
	case 2:
		snprintf(buf, cap, "usb 1-1.%u: new high-speed USB device number %u using ehci-pci", 1 + rint_below(4),
			 2 + rint_below(20));
		break;
	case 3:
		snprintf(buf, cap, "EXT4-fs (sda%u): mounted filesystem with ordered data mode. Opts: (null)",
			 1 + rint_below(3));
		break;
	case 4:
	case 5:
		snprintf(buf, cap,
			 "[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:%02x:%02x:%02x SRC=10.%u.%u.%u DST=10.0.0.7 LEN=%u "
			 "TOS=0x00 PREC=0x00 TTL=%u ID=%u PROTO=TCP SPT=%u DPT=%u WINDOW=%u RES=0x00 SYN URGP=0",
			 rint_below(256), rint_below(256), rint_below(256), rint_below(256), rint_below(256),
			 1 + rint_below(254), 40 + rint_below(60), 32 + rint_below(100), rint_below(65536),
			 1024 + rint_below(60000), (unsigned[]){22, 80, 443, 3306, 5432}[rint_below(5)],
			 1024 + rint_below(64000));
		break;
	case 6:
		snprintf(buf, cap, "perf: interrupt took too long (%u > %u), lowering kernel.perf_event_max_sample_rate to %u",
			 2500 + rint_below(3000), 2500, 25000 + rint_below(50000));
		break;
	case 7:
		snprintf(buf, cap, "nfs: server nfs01 OK");
		break;
	case 8:
		snprintf(buf, cap, "device veth%07x entered promiscuous mode", rint_below(0xfffffff));
		break;
	default:
		snprintf(buf, cap, "IPv6: ADDRCONF(NETDEV_CHANGE): veth%07x: link becomes ready", rint_below(0xfffffff));
		break;
	}
}

enum incident { OOM, DISK, LOCKUP, MCE, NFS, SEGV, HANG, THERMAL, NINCIDENTS };

/* A root-cause message of the given incident kind. */
static void incident_message(enum incident kind, char *buf, size_t cap)
{
	unsigned pid = 1000 + rint_below(60000);
	switch (kind) {
	case OOM:
		snprintf(buf, cap,
			 "Out of memory: Killed process %u (%s) total-vm:%ukB, anon-rss:%ukB, file-rss:0kB, "
			 "shmem-rss:0kB, UID:%u pgtables:%ukB oom_score_adj:0",
			 pid, comms[rint_below(NCOMMS)], 8000000 + rint_below(9000000), 6000000 + rint_below(6000000),
			 1000 + rint_below(50), 10000 + rint_below(20000));
		break;
	case DISK:
		if (rint_below(2))
			snprintf(buf, cap,
				 "blk_update_request: I/O error, dev sdb, sector %u op 0x0:(READ) flags 0x80700 "
				 "phys_seg %u prio class 0",
				 rint_below(1900000000), 1 + rint_below(32));
		else
			snprintf(buf, cap,
				 "EXT4-fs error (device sdb1): ext4_find_entry:%u: inode #%u: comm %s: reading "
				 "directory lblock 0",
				 1400 + rint_below(200), rint_below(9000000), comms[rint_below(NCOMMS)]);
		break;
	case LOCKUP:
		snprintf(buf, cap, "watchdog: BUG: soft lockup - CPU#%u stuck for %us! [kworker/%u:%u:%u]", rint_below(32),
			 22 + rint_below(40), rint_below(32), rint_below(4), pid);
		break;
	case MCE:
		if (rint_below(2))
			snprintf(buf, cap, "mce: [Hardware Error]: Machine check events logged");
		else
			snprintf(buf, cap, "EDAC MC0: 1 CE memory read error on CPU_SrcID#0_Ha#0_Chan#%u_DIMM#%u (channel:%u "
				 "slot:%u page:0x%x offset:0x%x grain:32 syndrome:0x0)",
				 rint_below(4), rint_below(2), rint_below(4), rint_below(2), rint_below(0xfffff),
				 rint_below(0xfff) * 8);
		break;
	case NFS:
		snprintf(buf, cap, "nfs: server nfs01 not responding, still trying");
		break;
	case SEGV:
		snprintf(buf, cap, "%s[%u]: segfault at %x ip %016llx sp %016llx error 4 in libc-2.31.so[%llx+178000]",
			 comms[rint_below(NCOMMS)], pid, rint_below(0xffff),
			 0x7f0000000000ULL + (unsigned long long)rint_below(0x7fffffff),
			 0x7ffc00000000ULL + (unsigned long long)rint_below(0x7fffffff),
			 0x7f0000000000ULL + (unsigned long long)rint_below(0x7fff) * 0x1000);
		break;
	case HANG:
		snprintf(buf, cap, "INFO: task %s:%u blocked for more than %u seconds.", comms[rint_below(NCOMMS)], pid,
			 120 * (1 + rint_below(3)));
		break;
	default:
		snprintf(buf, cap, "CPU%u: Core temperature above threshold, cpu clock throttled (total events = %u)",
			 rint_below(32), 1 + rint_below(5000));
		break;
	}
}

#define DAY_START 1772409600.0 /* 2026-03-02 00:00:00 UTC */
#define SECONDS 86400
#define MAX_INCIDENTS 40

struct incident_at {
	double start, end;
	enum incident kind;
};

static int write_kern(const char *dir, struct incident_at *inc, size_t ninc)
{
	char path1[4096], path2[4096];
	snprintf(path1, sizeof path1, "%s/kern.log", dir);
	snprintf(path2, sizeof path2, "%s/kern_labelled.tsv", dir);
	FILE *raw = fopen(path1, "w"), *lab = fopen(path2, "w");
	if (!raw || !lab) {
		fprintf(stderr, "gen_sample: cannot write %s: %s\n", raw ? path2 : path1, strerror(errno));
		return 1;
	}
	static const char *const mon = "Mar";
	double t = DAY_START, boot = DAY_START - 3600.0 * 24 * 3;
	char msg[512];
	while (t < DAY_START + SECONDS) {
		t += 5 + runit() * 55;
		int root = 0;
		enum incident kind = OOM;
		for (size_t i = 0; i < ninc; i++) {
			if (t >= inc[i].start && t <= inc[i].end && runit() < 0.6) {
				root = 1;
				kind = inc[i].kind;
				break;
			}
		}
		if (root)
			incident_message(kind, msg, sizeof msg);
		else
			ordinary_message(msg, sizeof msg);
		long secs = (long)(t - DAY_START);
		double up = t - boot;
		char line[768];
		snprintf(line, sizeof line, "%s %2d %02ld:%02ld:%02ld node07 kernel: [%9.6f] %s", mon, 2, secs / 3600,
			 (secs / 60) % 60, secs % 60, up, msg);
		/* Incomplete labels on purpose: hangs were never labelled, and
		 * some other root causes were missed. */
		int label = root && kind != HANG && runit() >= 0.14;
		fprintf(raw, "%s\n", line);
		fprintf(lab, "%d\t%s\n", label, line);
	}
	int bad = ferror(raw) || ferror(lab);
	bad |= fclose(raw) != 0;
	bad |= fclose(lab) != 0;
	if (bad)
		fprintf(stderr, "gen_sample: write error in %s\n", dir);
	return bad;
}

static const char *const incident_names[NINCIDENTS] = {"oom", "disk", "lockup", "mce", "nfs", "segv", "hang",
							 "thermal"};

static int write_dstat(const char *dir, struct incident_at *inc, size_t ninc)
{
	char path[4096], lpath[4096];
	snprintf(path, sizeof path, "%s/dstat.csv", dir);
	snprintf(lpath, sizeof lpath, "%s/dstat_labelled.csv", dir);
	FILE *f = fopen(path, "w"), *lf = fopen(lpath, "w");
	if (!f || !lf) {
		fprintf(stderr, "gen_sample: cannot write %s: %s\n", f ? lpath : path, strerror(errno));
		if (f)
			fclose(f);
		if (lf)
			fclose(lf);
		return 1;
	}
	fprintf(lf, "epoch,usr,sys,idl,wai,1m,5m,15m,used,free,label\n");
	fprintf(f, "\"Dstat 0.7.4 CSV output\"\n"
		   "\"Author:\",\"Dag Wieers <dag@wieers.com>\",,,,\"URL:\",\"http://dag.wieers.com/home-made/dstat/\"\n"
		   "\"Host:\",\"node07\",,,,\"User:\",\"ops\"\n"
		   "\"Cmdline:\",\"dstat --epoch -cl -m -d -n -y --output dstat.csv 10\",,,,\"Date:\",\"02 Mar 2026 00:00:00 UTC\"\n"
		   "\n"
		   "\"epoch\",\"total cpu usage\",,,,,\"load avg\",,,\"memory usage\",,,,\"dsk/total\",,\"net/total\",,\"system\",\n"
		   "\"epoch\",\"usr\",\"sys\",\"idl\",\"wai\",\"stl\",\"1m\",\"5m\",\"15m\",\"used\",\"free\",\"buff\",\"cach\","
		   "\"read\",\"writ\",\"recv\",\"send\",\"int\",\"csw\"\n");
	double load1 = 0.5, load5 = 0.5, load15 = 0.5, used = 6e9;
	const double total = 32e9;
	/* One row every 10 s keeps the file small while the day stays whole. */
	for (int s = 0; s < SECONDS; s += 10) {
		double t = DAY_START + s;
		double busy = 0.25 + 0.15 * runit();
		double wai = 0.2 * runit(), target_used = 6e9 + 4e9 * runit();
		const char *label = "normal";
		for (size_t i = 0; i < ninc; i++) {
			if (t < inc[i].start || t > inc[i].end)
				continue;
			label = incident_names[inc[i].kind];
			if (inc[i].kind == OOM)
				target_used = total * 0.97;
			if (inc[i].kind == DISK || inc[i].kind == NFS || inc[i].kind == HANG)
				wai += 30 + 20 * runit();
			if (inc[i].kind == LOCKUP || inc[i].kind == THERMAL)
				busy = 0.9 + 0.1 * runit();
		}
		double usr = busy * 100 * 0.8, sys = busy * 100 * 0.2;
		if (usr + sys + wai > 100)
			wai = 100 - usr - sys;
		double idl = 100 - usr - sys - wai;
		double runnable = busy * 32 + wai / 10;
		load1 += (runnable - load1) * (1 - 0.846482); /* exp(-10/60) */
		load5 += (runnable - load5) * (1 - 0.967216);
		load15 += (runnable - load15) * (1 - 0.988950);
		used += (target_used - used) * 0.2;
		double cach = (total - used) * 0.6, buff = 2e8, free_b = total - used - cach - buff;
		fprintf(f, "%.3f,%.3f,%.3f,%.3f,%.3f,0.0,%.2f,%.2f,%.2f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f\n",
			t, usr, sys, idl, wai, load1, load5, load15, used, free_b, buff, cach, wai * 1e6 * runit(),
			(busy * 4e7) * runit(), 1e5 + 1e6 * runit(), 1e5 + 5e5 * runit(), 2000 + 8000 * busy,
			4000 + 20000 * busy);
		fprintf(lf, "%.3f,%.3f,%.3f,%.3f,%.3f,%.2f,%.2f,%.2f,%.0f,%.0f,%s\n", t, usr, sys, idl, wai, load1, load5,
			load15, used, free_b, label);
	}
	int bad = ferror(f) || ferror(lf);
	bad |= fclose(f) != 0;
	bad |= fclose(lf) != 0;
	if (bad)
		fprintf(stderr, "gen_sample: write error in %s\n", path);
	return bad;
}

/* The workspace: relative paths, so the folder can move or be installed. */
static const char workspace_text[] =
	"{\n"
	"\t\"_comment\": \"The sample workspace of loglab (written by gen_sample; schema: docs/workspace.md)\",\n"
	"\t\"version\": 1,\n"
	"\t\"datasets\": {\n"
	"\t\t\"kern\": {\"path\": \"kern_labelled.tsv\"},\n"
	"\t\t\"dstat\": {\"path\": \"dstat.csv\", \"format\": \"dstat\"},\n"
	"\t\t\"dstat_labelled\": {\"path\": \"dstat_labelled.csv\"}\n"
	"\t},\n"
	"\t\"featuresets\": {\n"
	"\t\t\"kern_tfidf\": {\n"
	"\t\t\t\"_comment\": \"TF-IDF of kernel messages, ordinary (0) vs root cause, first 70% of the day to train\",\n"
	"\t\t\t\"dataset\": \"kern\",\n"
	"\t\t\t\"target\": {\"kind\": \"binary\", \"ordinary\": [\"0\"]},\n"
	"\t\t\t\"text\": {\"kind\": \"tfidf\", \"features\": 4096},\n"
	"\t\t\t\"split\": {\"kind\": \"chronological\", \"train\": 0.7, \"test\": 0.3},\n"
	"\t\t\t\"class_weight\": \"balanced\"\n"
	"\t\t},\n"
	"\t\t\"dstat_1min\": {\n"
	"\t\t\t\"_comment\": \"CPU user time and 1-minute load, 1 min means, z-scored on the training part\",\n"
	"\t\t\t\"dataset\": \"dstat\",\n"
	"\t\t\t\"columns\": \"usr|1m\",\n"
	"\t\t\t\"resample\": {\"interval\": \"1min\", \"agg\": \"mean\"},\n"
	"\t\t\t\"split\": {\"kind\": \"chronological\", \"train\": 0.7, \"test\": 0.3},\n"
	"\t\t\t\"scale\": \"zscore\"\n"
	"\t\t},\n"
	"\t\t\"dstat_1min_labelled\": {\n"
	"\t\t\t\"_comment\": \"the same on the labelled copy: which incident is under way\",\n"
	"\t\t\t\"dataset\": \"dstat_labelled\",\n"
	"\t\t\t\"columns\": \"usr|1m\",\n"
	"\t\t\t\"resample\": {\"interval\": \"1min\", \"agg\": \"mean\"},\n"
	"\t\t\t\"split\": {\"kind\": \"chronological\", \"train\": 0.6, \"dev\": 0.1, \"test\": 0.3},\n"
	"\t\t\t\"scale\": \"zscore\"\n"
	"\t\t},\n"
	"\t\t\"dstat_windows\": {\n"
	"\t\t\t\"_comment\": \"10-minute sequences of the same for an LSTM\",\n"
	"\t\t\t\"dataset\": \"dstat_labelled\",\n"
	"\t\t\t\"columns\": \"usr|1m\",\n"
	"\t\t\t\"resample\": {\"interval\": \"1min\", \"agg\": \"mean\"},\n"
	"\t\t\t\"window\": {\"kind\": \"rows\", \"size\": 10, \"stride\": 1, \"label\": \"any\"},\n"
	"\t\t\t\"split\": {\"kind\": \"chronological\", \"train\": 0.6, \"dev\": 0.1, \"test\": 0.3},\n"
	"\t\t\t\"scale\": \"zscore\"\n"
	"\t\t}\n"
	"\t},\n"
	"\t\"experiments\": {\n"
	"\t\t\"dnn\": {\"featureset\": \"dstat_1min_labelled\", \"model\": \"mlp\", \"hidden\": [100, 100, 100, 100, 100],\n"
	"\t\t\t\"activation\": \"relu\", \"optimizer\": \"adagrad\", \"lr\": 0.05, \"batch\": 128, \"epochs\": 20, \"seed\": 1},\n"
	"\t\t\"logreg\": {\"featureset\": \"kern_tfidf\", \"model\": \"logreg\", \"C\": 1, \"seed\": 1},\n"
	"\t\t\"lstm\": {\"featureset\": \"dstat_windows\", \"model\": \"lstm\", \"hidden\": 32, \"layers\": 1,\n"
	"\t\t\t\"optimizer\": \"adam\", \"lr\": 0.01, \"batch\": 64, \"epochs\": 10, \"seed\": 1},\n"
	"\t\t\"kmeans\": {\"featureset\": \"dstat_1min\", \"model\": \"kmeans\", \"k\": [2, 8], \"n_init\": 4, \"seed\": 1}\n"
	"\t}\n"
	"}\n";

static int write_workspace(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/loglab.json", dir);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "gen_sample: cannot write %s: %s\n", path, strerror(errno));
		return 1;
	}
	int bad = fputs(workspace_text, f) == EOF;
	bad |= fclose(f) != 0;
	if (bad)
		fprintf(stderr, "gen_sample: write error in %s\n", path);
	return bad;
}

int main(int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "Usage: gen_sample DIR\nWrites kern.log, kern_labelled.tsv, dstat.csv, dstat_labelled.csv and "
				"loglab.json into DIR.\n");
		return 1;
	}
	struct incident_at inc[MAX_INCIDENTS];
	size_t ninc = 0;
	for (double t = DAY_START + 1800; t < DAY_START + SECONDS && ninc < MAX_INCIDENTS;
	     t += 1800 + runit() * 5400) {
		inc[ninc].kind = (enum incident)rint_below(NINCIDENTS);
		inc[ninc].start = t;
		inc[ninc].end = t + 300 + runit() * 900;
		ninc++;
	}
	return write_kern(argv[1], inc, ninc) || write_dstat(argv[1], inc, ninc) || write_workspace(argv[1]);
}
