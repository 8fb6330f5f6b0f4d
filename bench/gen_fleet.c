/*
 * gen_fleet.c - writes a deterministic fleet of rotated kernel logs, and
 * the order a correct merge must give them, for tests and the fleet
 * benchmark.
 *
 * usage: gen_fleet [options] DIR
 *   -s SEED      random seed (default 1)
 *   -n HOSTS     hosts, written as DIR/nodeNN/ (default 6)
 *   -r ROT       rotated files per host besides kern.log (default 3):
 *                kern.log.1 plain, kern.log.2.gz ... gzip'd (as logrotate's
 *                delaycompress leaves them)
 *   -l LINES     lines per file (default 300), or
 *   -b BYTES     bytes per file (each file stops at the first line past it)
 *   -g SECONDS   mean gap between a host's lines (default 60)
 *   -t EPOCH     when the first line is written (default 2023-12-31 12:00
 *                UTC, so the default fleet crosses new year)
 *   -k SECONDS   largest clock skew of a host (default 90): host i's stamps
 *                are off by a fixed amount in [-k, k]
 *   -c           continuation lines (no stamp) after some kernel lines
 *   -u           also DIR/misc/console.txt (lines without any stamp) and
 *                DIR/misc/empty.log (empty)
 *   -P           plain only: no gzip'd rotations
 *   -e PATH      write the expected merge to PATH: one "FILE<TAB>LINE" per
 *                row (FILE relative to DIR, LINE 1-based)
 *
 * Stamps are syslog's ("Jan  1 00:02:13", no year), written as each host's
 * skewed clock reads; each file's mtime is a minute after its last line.
 * The expected order is computed from what the generator knows, not by
 * parsing what it wrote: rows sorted by (the stamp's true instant, the
 * file's place in file order, line), a line without a stamp taking the
 * previous stamp of its file (or the file's first one), and untimed files
 * last in file order. File order is hosts in order (names are zero-padded),
 * each host's files oldest first.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned below(unsigned n) { return (unsigned)(rnd() % n); }

static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct row {
	long long key;     /* true instant of the stamp (or the carried one) */
	unsigned file;     /* place in file order */
	unsigned line;     /* 1-based */
};

struct out {
	FILE *fp;
	gzFile gz;
	long long bytes;
};

static void put(struct out *o, const char *s)
{
	size_t n = strlen(s);
	if (o->gz)
		gzwrite(o->gz, s, (unsigned)n);
	else
		fwrite(s, 1, n, o->fp);
	o->bytes += (long long)n;
}

static void stamp(char *b, size_t cap, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	snprintf(b, cap, "%s %2d %02d:%02d:%02d", months[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void message(char *m, size_t cap, double uptime, int *kernel)
{
	static const char *const ifs[] = {"eth0", "eth1", "ens3", "bond0"};
	static const char *const progs[] = {"CRON", "sshd", "systemd", "rsyslogd", "dhclient"};
	unsigned r = below(100);
	*kernel = r < 60;
	if (r < 15)
		snprintf(m, cap, "kernel: [%12.6f] %s: Link is Up - 1000 Mbps Full Duplex, Flow Control: RX/TX", uptime,
			 ifs[below(4)]);
	else if (r < 30)
		snprintf(m, cap, "kernel: [%12.6f] [UFW BLOCK] IN=%s OUT= SRC=10.%u.%u.%u DST=10.0.0.%u LEN=%u PROTO=TCP "
			 "SPT=%u DPT=22", uptime, ifs[below(4)], below(256), below(256), below(256), 1 + below(254),
			 40 + below(1400), 1024 + below(60000));
	else if (r < 40)
		snprintf(m, cap, "kernel: [%12.6f] Out of memory: Killed process %u (java) total-vm:%ukB, anon-rss:%ukB",
			 uptime, 1000 + below(60000), 100000 + below(9000000), 10000 + below(900000));
	else if (r < 50)
		snprintf(m, cap, "kernel: [%12.6f] blk_update_request: I/O error, dev sd%c, sector %u op 0x0:(READ)", uptime,
			 'a' + below(4), below(2000000000));
	else if (r < 60)
		snprintf(m, cap, "kernel: [%12.6f] nfs: server nfs%02u not responding, still trying", uptime, below(4));
	else
		snprintf(m, cap, "%s[%u]: session %u %s for user %s", progs[below(5)], 100 + below(60000), below(100000),
			 below(2) ? "opened" : "closed", below(2) ? "root" : "deploy");
}

static void set_mtime(const char *path, long long t)
{
	struct timeval tv[2] = {{(time_t)t, 0}, {(time_t)t, 0}};
	utimes(path, tv);
}

static int by_key(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

static void usage(void)
{
	fprintf(stderr, "usage: gen_fleet [-s SEED] [-n HOSTS] [-r ROT] [-l LINES | -b BYTES] [-g GAP] [-t EPOCH] "
			"[-k SKEW] [-c] [-u] [-P] [-e EXPECTED] DIR\n");
	exit(1);
}

int main(int argc, char **argv)
{
	unsigned long long seed = 1;
	int hosts = 6, rot = 3, cont = 0, untimed = 0, plain = 0, opt;
	long long lines = 300, bytes = 0, start = 1704024000LL;
	double gap = 60, skew = 90;
	const char *expected = NULL;
	while ((opt = getopt(argc, argv, "s:n:r:l:b:g:t:k:cuPe:")) != -1) {
		switch (opt) {
		case 's': seed = strtoull(optarg, NULL, 10); break;
		case 'n': hosts = atoi(optarg); break;
		case 'r': rot = atoi(optarg); break;
		case 'l': lines = atoll(optarg); break;
		case 'b': bytes = atoll(optarg); break;
		case 'g': gap = atof(optarg); break;
		case 't': start = atoll(optarg); break;
		case 'k': skew = atof(optarg); break;
		case 'c': cont = 1; break;
		case 'u': untimed = 1; break;
		case 'P': plain = 1; break;
		case 'e': expected = optarg; break;
		default: usage();
		}
	}
	if (optind + 1 != argc || hosts < 1 || hosts > 9999 || rot < 0 || rot > 99 || (lines < 1 && !bytes) ||
	    gap <= 0)
		usage();
	rng_state = seed;
	const char *dir = argv[optind];
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		perror(dir);
		return 3;
	}
	struct row *rows = NULL;
	size_t nrows = 0, caprows = 0;
	char path[4096], line[8192], msg[4096], st[32];
	unsigned file_index = 0;
	for (int h = 0; h < hosts; h++) {
		char host[32];
		snprintf(host, sizeof host, hosts > 99 ? "node%04d" : "node%02d", h + 1);
		snprintf(path, sizeof path, "%s/%s", dir, host);
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			perror(path);
			return 3;
		}
		long long off = skew > 0 ? (long long)below((unsigned)(2 * skew + 1)) - (long long)skew : 0;
		double t = (double)start + (double)below((unsigned)gap + 1), uptime = 1000.0 + below(100000);
		/* oldest file first: kern.log.ROT ... kern.log.1, kern.log */
		for (int k = rot; k >= 0; k--, file_index++) {
			char name[64];
			int gz = !plain && k >= 2;
			if (k == 0)
				snprintf(name, sizeof name, "%s/kern.log", host);
			else
				snprintf(name, sizeof name, "%s/kern.log.%d%s", host, k, gz ? ".gz" : "");
			snprintf(path, sizeof path, "%s/%s", dir, name);
			struct out o = {0};
			if (gz)
				o.gz = gzopen(path, "wb6");
			else
				o.fp = fopen(path, "wb");
			if (!o.gz && !o.fp) {
				perror(path);
				return 3;
			}
			long long carried = -1, first = -1, last = (long long)t;
			unsigned ln = 0;
			for (long long i = 0; bytes ? o.bytes < bytes : i < lines; i++) {
				t += gap * (0.2 + 1.6 * (double)below(1000) / 1000.0);
				uptime += gap;
				long long when = (long long)t + off;  /* the host's clock */
				int kernel;
				message(msg, sizeof msg, uptime, &kernel);
				stamp(st, sizeof st, when);
				snprintf(line, sizeof line, "%s %s %s\n", st, host, msg);
				put(&o, line);
				if (expected) {
					if (nrows == caprows) {
						caprows = caprows ? 2 * caprows : 4096;
						rows = realloc(rows, caprows * sizeof *rows);
						if (!rows)
							return 3;
					}
					rows[nrows++] = (struct row){when, file_index, ++ln};
				}
				carried = when;
				if (first < 0)
					first = when;
				last = (long long)t;
				if (cont && kernel && below(10) == 0) {
					unsigned nc = 1 + below(3);
					for (unsigned c = 0; c < nc; c++) {
						snprintf(line, sizeof line, "    [<ffffffff%08x>] do_syscall_64+0x%x/0x1d0\n",
							 below(0x7fffffff), below(0x1ff));
						put(&o, line);
						if (expected) {
							if (nrows == caprows) {
								caprows *= 2;
								rows = realloc(rows, caprows * sizeof *rows);
								if (!rows)
									return 3;
							}
							rows[nrows++] = (struct row){carried, file_index, ++ln};
						}
					}
				}
			}
			if (o.gz)
				gzclose(o.gz);
			else if (fclose(o.fp) != 0) {
				perror(path);
				return 3;
			}
			set_mtime(path, last + 60);
		}
	}
	size_t timed_rows = nrows;
	if (untimed) {
		snprintf(path, sizeof path, "%s/misc", dir);
		mkdir(path, 0755);
		snprintf(path, sizeof path, "%s/misc/console.txt", dir);
		FILE *fp = fopen(path, "wb");
		if (!fp) {
			perror(path);
			return 3;
		}
		/* file order: misc/console.txt, then misc/empty.log */
		unsigned console = file_index++;
		for (unsigned i = 1; i <= 40; i++) {
			fprintf(fp, "console: boot stage %u of 40 done (%u ms)\n", i, 10 + below(900));
			if (expected) {
				if (nrows == caprows) {
					caprows = caprows ? 2 * caprows : 64;
					rows = realloc(rows, caprows * sizeof *rows);
					if (!rows)
						return 3;
				}
				rows[nrows++] = (struct row){0, console, i};
			}
		}
		fclose(fp);
		snprintf(path, sizeof path, "%s/misc/empty.log", dir);
		fp = fopen(path, "wb");
		if (fp)
			fclose(fp);
	}
	if (expected) {
		qsort(rows, timed_rows, sizeof *rows, by_key);
		FILE *fp = fopen(expected, "w");
		if (!fp) {
			perror(expected);
			return 3;
		}
		/* names again, from the file index */
		for (size_t i = 0; i < nrows; i++) {
			unsigned fi = rows[i].file;
			if (untimed && i >= timed_rows) {
				fprintf(fp, "misc/console.txt\t%u\n", rows[i].line);
				continue;
			}
			int h = (int)(fi / (unsigned)(rot + 1)), k = rot - (int)(fi % (unsigned)(rot + 1));
			char host[32];
			snprintf(host, sizeof host, hosts > 99 ? "node%04d" : "node%02d", h + 1);
			if (k == 0)
				fprintf(fp, "%s/kern.log\t%u\n", host, rows[i].line);
			else
				fprintf(fp, "%s/kern.log.%d%s\t%u\n", host, k, !plain && k >= 2 ? ".gz" : "", rows[i].line);
		}
		if (fclose(fp) != 0) {
			perror(expected);
			return 3;
		}
	}
	free(rows);
	return 0;
}
