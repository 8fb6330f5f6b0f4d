/*
 * gen_syslog.c - writes a deterministic syslog/kern.log-style file of an
 * exact size, for the line index benchmark.
 *
 * usage: gen_syslog [-s SEED] BYTES PATH
 *
 * Lines look like what rsyslog writes on a small fleet: "Mon dd hh:mm:ss
 * host program[pid]: message", with kernel lines carrying a "[seconds]"
 * uptime stamp, and messages mixing words, decimal numbers, hex addresses,
 * IPv4 addresses and MACs. About one line in 400 is long (0.5-8 KiB: a
 * kernel register dump or an application's JSON payload), so line lengths
 * are not uniform. The same seed always gives the same bytes. The last line
 * is shortened so the file is exactly BYTES long and ends with '\n'.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

/* splitmix64: small, fast and good enough for synthetic text. */
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned rnd_below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

static const char *const hosts[] = {"web01", "web02", "web03", "db-primary", "db-replica-1", "cache7",
				    "build-agent-12", "edge-fra-3", "edge-ams-1", "mail", "ns1", "ns2",
				    "k8s-node-04", "k8s-node-11", "backup", "gateway"};

static const char *const words[] = {"connection", "timeout", "request", "session", "device", "queue",
				    "worker", "buffer", "retry", "handshake", "certificate", "volume",
				    "interface", "process", "socket", "channel", "upstream", "client"};

static const char *const ifaces[] = {"eth0", "eth1", "ens3", "enp0s31f6", "wlp2s0", "bond0", "docker0"};
static const char *const users[] = {"root", "deploy", "alice", "bob", "backup", "nagios", "git", "admin"};
static const char *const units[] = {"nginx.service", "postgresql@15-main.service", "cron.service",
				    "docker.service", "ssh.service", "logrotate.timer", "apt-daily.timer"};

static char *ip(char *b)
{
	sprintf(b, "%u.%u.%u.%u", 10 + rnd_below(200), rnd_below(256), rnd_below(256), 1 + rnd_below(254));
	return b;
}

/* One message for a program; returns the program name (kernel has no pid). */
static const char *message(char *m, size_t cap, double uptime)
{
	char a[32], b[32];
	unsigned r = rnd_below(100);
	if (r < 30) {
		unsigned k = rnd_below(8);
		int n = snprintf(m, cap, "[%12.6f] ", uptime);
		char *p = m + n;
		size_t left = cap - (size_t)n;
		switch (k) {
		case 0:
			snprintf(p, left, "%s: Link is Up - %u Mbps Full Duplex, Flow Control: RX/TX",
				 ifaces[rnd_below(7)], rnd_below(2) ? 1000 : 10000);
			break;
		case 1:
			snprintf(p, left, "[UFW BLOCK] IN=%s OUT= MAC=%02x:%02x:%02x:%02x:%02x:%02x SRC=%s DST=%s "
				 "LEN=%u TOS=0x00 PREC=0x00 TTL=%u ID=%u PROTO=TCP SPT=%u DPT=%u WINDOW=%u SYN URGP=0",
				 ifaces[rnd_below(7)], rnd_below(256), rnd_below(256), rnd_below(256), rnd_below(256),
				 rnd_below(256), rnd_below(256), ip(a), ip(b), 40 + rnd_below(1400), 32 + rnd_below(96),
				 rnd_below(65536), 1024 + rnd_below(64000), rnd_below(2) ? 22 : 443, rnd_below(65536));
			break;
		case 2:
			snprintf(p, left, "EXT4-fs (dm-%u): mounted filesystem with ordered data mode. Quota mode: none.",
				 rnd_below(4));
			break;
		case 3:
			snprintf(p, left, "Out of memory: Killed process %u (%s) total-vm:%ukB, anon-rss:%ukB, "
				 "file-rss:0kB, shmem-rss:0kB, UID:%u pgtables:%ukB oom_score_adj:0",
				 1000 + rnd_below(60000), rnd_below(2) ? "java" : "python3", 100000 + rnd_below(9000000),
				 10000 + rnd_below(4000000), 1000 + rnd_below(100), 100 + rnd_below(20000));
			break;
		case 4:
			snprintf(p, left, "nvme nvme0: I/O %u QID %u timeout, aborting", rnd_below(1024), 1 + rnd_below(8));
			break;
		case 5:
			snprintf(p, left, "audit: type=1400 audit(%u.%03u:%u): apparmor=\"DENIED\" operation=\"open\" "
				 "profile=\"snap.%s\" name=\"/proc/%u/mounts\" pid=%u comm=\"%s\"",
				 1600000000 + rnd_below(100000000), rnd_below(1000), rnd_below(100000), words[rnd_below(18)],
				 rnd_below(60000), rnd_below(60000), words[rnd_below(18)]);
			break;
		case 6:
			snprintf(p, left, "BUG: unable to handle page fault for address: %016llx",
				 (unsigned long long)(rnd() | 0xffff000000000000ULL));
			break;
		default:
			snprintf(p, left, "usb %u-%u: new high-speed USB device number %u using xhci_hcd", 1 + rnd_below(3),
				 1 + rnd_below(6), 2 + rnd_below(30));
			break;
		}
		return "kernel";
	}
	if (r < 50) {
		unsigned k = rnd_below(4);
		if (k == 0)
			snprintf(m, cap, "Failed password for %s%s from %s port %u ssh2", rnd_below(3) ? "" : "invalid user ",
				 users[rnd_below(8)], ip(a), 1024 + rnd_below(64000));
		else if (k == 1)
			snprintf(m, cap, "Accepted publickey for %s from %s port %u ssh2: ED25519 SHA256:%016llx",
				 users[rnd_below(8)], ip(a), 1024 + rnd_below(64000), (unsigned long long)rnd());
		else if (k == 2)
			snprintf(m, cap, "Connection closed by %s port %u [preauth]", ip(a), 1024 + rnd_below(64000));
		else
			snprintf(m, cap, "pam_unix(sshd:session): session opened for user %s(uid=%u) by (uid=0)",
				 users[rnd_below(8)], rnd_below(2000));
		return "sshd";
	}
	if (r < 62) {
		unsigned k = rnd_below(3);
		if (k == 0)
			snprintf(m, cap, "Started %s.", units[rnd_below(7)]);
		else if (k == 1)
			snprintf(m, cap, "%s: Main process exited, code=exited, status=%u/FAILURE", units[rnd_below(7)],
				 1 + rnd_below(200));
		else
			snprintf(m, cap, "%s: Consumed %u.%03us CPU time.", units[rnd_below(7)], rnd_below(500),
				 rnd_below(1000));
		return "systemd";
	}
	if (r < 70) {
		snprintf(m, cap, "(%s) CMD (%s /usr/local/bin/%s-%u.sh > /dev/null 2>&1)", users[rnd_below(8)],
			 rnd_below(2) ? "run-parts" : "flock -n /tmp/job.lock", words[rnd_below(18)], rnd_below(50));
		return "CRON";
	}
	if (r < 80) {
		snprintf(m, cap, "%010llX: to=<%s@example.%s>, relay=%s[%s]:25, delay=%u.%u, status=%s",
			 (unsigned long long)(rnd() & 0xffffffffffULL), users[rnd_below(8)], rnd_below(2) ? "org" : "net",
			 hosts[rnd_below(16)], ip(a), rnd_below(30), rnd_below(10),
			 rnd_below(5) ? "sent (250 2.0.0 Ok)" : "deferred (connection timed out)");
		return "postfix/smtp";
	}
	if (r < 88) {
		snprintf(m, cap, "DHCPACK of %s from %s (xid=0x%08x)", ip(a), ip(b), (unsigned)rnd());
		return "dhclient";
	}
	snprintf(m, cap, "%s %s %s: %u ms (%s %u)", words[rnd_below(18)], rnd_below(2) ? "slow" : "failed",
		 words[rnd_below(18)], rnd_below(20000), ip(a), rnd_below(100000));
	return rnd_below(2) ? "app-server" : "containerd";
}

/* A long line: a kernel register/stack dump or an application JSON payload. */
static void long_message(char *m, size_t cap)
{
	size_t len = 512 + rnd_below(7680), n = 0;
	if (len >= cap)
		len = cap - 1;
	n += (size_t)snprintf(m, cap, "payload={\"items\":[");
	while (n + 40 < len) {
		n += (size_t)snprintf(m + n, cap - n, "{\"id\":%u,\"addr\":\"0x%08x\",\"ok\":%s},", rnd_below(1000000),
				      (unsigned)rnd(), rnd_below(2) ? "true" : "false");
	}
	snprintf(m + n, cap - n, "{}]}");
}

int main(int argc, char **argv)
{
	uint64_t seed = 42;
	int argi = 1;
	if (argi + 1 < argc && strcmp(argv[argi], "-s") == 0) {
		seed = strtoull(argv[argi + 1], NULL, 10);
		argi += 2;
	}
	if (argc - argi != 2) {
		fprintf(stderr, "usage: gen_syslog [-s SEED] BYTES PATH\n");
		return 1;
	}
	char *end;
	errno = 0;
	unsigned long long total = strtoull(argv[argi], &end, 10);
	if (errno || *end || total == 0) {
		fprintf(stderr, "gen_syslog: BYTES must be a positive number, not '%s'\n", argv[argi]);
		return 1;
	}
	const char *path = argv[argi + 1];
	FILE *f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "gen_syslog: %s: %s\n", path, strerror(errno));
		return 3;
	}
	static char iobuf[1 << 20];
	setvbuf(f, iobuf, _IOFBF, sizeof iobuf);
	rng_state = seed;

	static char msg[9000], line[9200];
	int month = 0, day = 1;
	unsigned sec = 6 * 3600;
	double uptime = 12.5;
	unsigned long long written = 0;
	while (written < total) {
		/* Time moves forward a few lines a second on average. */
		sec += rnd_below(3) == 0;
		if (sec >= 86400) {
			sec = 0;
			if (++day > month_days[month]) {
				day = 1;
				month = (month + 1) % 12;
			}
		}
		uptime += (double)rnd_below(400000) / 1e6;
		const char *prog;
		if (rnd_below(400) == 0) {
			long_message(msg, sizeof msg);
			prog = "app-server";
		} else {
			prog = message(msg, sizeof msg, uptime);
		}
		const char *host = hosts[rnd_below(16)];
		int n;
		if (strcmp(prog, "kernel") == 0)
			n = snprintf(line, sizeof line, "%s %2d %02u:%02u:%02u %s kernel: %s\n", months[month], day,
				     sec / 3600, sec / 60 % 60, sec % 60, host, msg);
		else
			n = snprintf(line, sizeof line, "%s %2d %02u:%02u:%02u %s %s[%u]: %s\n", months[month], day,
				     sec / 3600, sec / 60 % 60, sec % 60, host, prog, 200 + rnd_below(60000), msg);
		if (n < 0 || (size_t)n >= sizeof line)
			n = (int)sizeof line - 1, line[n - 1] = '\n';
		unsigned long long left = total - written;
		if ((unsigned long long)n > left) {
			n = (int)left;
			line[n - 1] = '\n';
		}
		if (fwrite(line, 1, (size_t)n, f) != (size_t)n) {
			fprintf(stderr, "gen_syslog: %s: write failed: %s\n", path, strerror(errno));
			fclose(f);
			return 3;
		}
		written += (unsigned long long)n;
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "gen_syslog: %s: %s\n", path, strerror(errno));
		return 3;
	}
	return 0;
}
