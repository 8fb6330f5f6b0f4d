/*
 * tests/gen_shapes.c - the generator of tests/gen_shapes.h.
 *
 * A statement is a format with placeholders for values:
 *   %N number   %n small number   %F decimal   %I IPv4 address   %P port
 *   %H host name   %U user name   %D path   %X hex   %S session id
 *   %M MAC address   %C Java class   %E exception name
 *   %A an annotation some lines of a statement carry and others do not
 *      (" (1.16 KB)" or nothing, as Proxifier writes a size)
 *   %Q a quoted name of three, one with a blank ("View Lock"), as logcat's
 *      tag="..." values are
 *   %K an Android component of three ("com.example.mail/.ui.Inbox")
 *   %i a small number, negative half the time
 *   %R a reverse-DNS job name of six ("com.example.sync.daily.Refresh")
 * and each shape writes its own header before the message.
 */
#include "gen_shapes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gen {
	uint64_t state;
	char *buf;
	size_t len, cap;
	int oom;
	double t; /* seconds since 2017-01-01 */
};

static uint64_t rnd(struct gen *g)
{
	uint64_t z = (g->state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned below(struct gen *g, unsigned n)
{
	return (unsigned)(rnd(g) % n);
}

static void put(struct gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct gen *g, const char *fmt, ...)
{
	if (g->oom)
		return;
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(g->buf + g->len, g->cap - g->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			g->oom = 1;
			return;
		}
		if ((size_t)n < g->cap - g->len) {
			g->len += (size_t)n;
			return;
		}
		size_t cap = g->cap * 2 + (size_t)n + 64;
		char *b = realloc(g->buf, cap);
		if (!b) {
			g->oom = 1;
			return;
		}
		g->buf = b;
		g->cap = cap;
	}
}

static const char *const USERS[] = {"root", "admin", "alice", "bob", "deploy", "git", "oracle", "postgres",
				    "www-data", "backup", "nagios", "guest"};
static const char *const HOSTS[] = {"api.example.com", "db.internal.lan", "cdn.example.net", "mail.corp.example.org",
				    "auth.example.io", "proxy.cse.example.edu"};
static const char *const DIRS[] = {"/var/lib/app", "/srv/data", "/opt/app/conf", "/home/share", "/etc/app"};
static const char *const FILES[] = {"index", "config", "cache", "report", "upload", "session"};
static const char *const CLASSES[] = {"com.example.billing.InvoiceService", "com.example.auth.TokenFilter",
				      "org.example.db.ConnectionPool", "com.example.api.OrderController"};
static const char *const TAGS[] = {"View Lock", "AudioMix", "*alarm*"};
static const char *const JOBS[] = {"com.example.sync.daily", "com.example.cache.purge.weekly",
				   "org.example.mail.fetch.Scheduler", "com.example.backup.nightly.run",
				   "com.example.update.check.hourly", "net.example.heartbeat.ping"};
static const char *const COMPONENTS[] = {"com.example.mail/.ui.Inbox", "org.example.notes/org.example.notes.Editor",
					 "com.example.music/.player.Main"};
static const char *const EXCEPTIONS[] = {"java.lang.IllegalStateException", "java.io.IOException",
					 "java.lang.NullPointerException"};

/* Writes a statement, its placeholders filled. */
static void message(struct gen *g, const char *f)
{
	for (const char *p = f; *p; p++) {
		if (*p != '%' || !p[1]) {
			put(g, "%c", *p);
			continue;
		}
		switch (*++p) {
		case 'N': put(g, "%u", below(g, 100000)); break;
		case 'n': put(g, "%u", below(g, 100)); break;
		case 'F': put(g, "%u.%02u", below(g, 1000), below(g, 100)); break;
		case 'I': put(g, "%u.%u.%u.%u", 10 + below(g, 200), below(g, 256), below(g, 256), 1 + below(g, 254)); break;
		case 'P': put(g, "%u", 1024 + below(g, 60000)); break;
		case 'H': put(g, "%s", HOSTS[below(g, 6)]); break;
		case 'U': put(g, "%s", USERS[below(g, 12)]); break;
		case 'D': put(g, "%s/%s", DIRS[below(g, 5)], FILES[below(g, 6)]); break;
		case 'X': put(g, "0x%08x", (unsigned)rnd(g)); break;
		case 'S': put(g, "%08x%04x", (unsigned)rnd(g), below(g, 65536)); break;
		case 'M':
			put(g, "%02x:%02x:%02x:%02x:%02x:%02x", below(g, 256), below(g, 256), below(g, 256), below(g, 256),
			    below(g, 256), below(g, 256));
			break;
		case 'C': put(g, "%s", CLASSES[below(g, 4)]); break;
		case 'E': put(g, "%s", EXCEPTIONS[below(g, 3)]); break;
		case 'Q': put(g, "\"%s\"", TAGS[below(g, 3)]); break;
		case 'K': put(g, "%s", COMPONENTS[below(g, 3)]); break;
		case 'R': put(g, "%s", JOBS[below(g, 6)]); break;
		case 'i': put(g, "%d", below(g, 2) ? -(int)below(g, 10) - 1 : (int)below(g, 10)); break;
		case 'A':
			if (below(g, 2))
				put(g, " (%u.%02u KB)", below(g, 1000), below(g, 100));
			break;
		case '%': put(g, "%%"); break;
		default: put(g, "%%%c", *p); break;
		}
	}
}

/* Civil time of g->t (seconds since 2017-01-01, UTC, no leap days past Feb). */
struct civil {
	int y, mo, d, h, mi, s, ms, wday;
};

static struct civil civil_of(double t)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	struct civil c = {2017, 1, 1, 0, 0, 0, 0, 0};
	long secs = (long)t;
	c.ms = (int)((t - (double)secs) * 1000);
	long days = secs / 86400, rem = secs % 86400;
	c.wday = (int)((days + 0) % 7); /* 2017-01-01 was a Sunday: 0 = Sun */
	c.h = (int)(rem / 3600);
	c.mi = (int)(rem / 60 % 60);
	c.s = (int)(rem % 60);
	while (days >= mdays[c.mo - 1]) {
		days -= mdays[c.mo - 1];
		c.mo = c.mo % 12 + 1;
		if (c.mo == 1)
			c.y++;
	}
	c.d = (int)days + 1;
	return c;
}

static const char *const MON[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const WDAY[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

struct shape {
	struct gen_shape_info info;
	const char *const *stmts;
	const char *const *levels; /* per statement, or NULL */
	void (*header)(struct gen *g, int stmt, const char *level);
};

/* ---- headers ---- */

static void h_apache(struct gen *g, int stmt, const char *level)
{
	(void)stmt;
	struct civil c = civil_of(g->t);
	put(g, "[%s %s %02d %02d:%02d:%02d %d] [%s] ", WDAY[c.wday], MON[c.mo - 1], c.d, c.h, c.mi, c.s, c.y, level);
}

static void h_logcat(struct gen *g, int stmt, const char *level)
{
	static const char *const tags[] = {"ActivityManager", "WindowManager", "PowerManagerService", "wpa_supplicant",
					   "DisplayPowerController", "BatteryService"};
	struct civil c = civil_of(g->t);
	/* a handful of processes and threads write the lines, so ids repeat */
	put(g, "%02d-%02d %02d:%02d:%02d.%03d  %u  %u %s %s: ", c.mo, c.d, c.h, c.mi, c.s, c.ms, 600 + 331 * below(g, 6),
	    600 + 97 * below(g, 40), level, tags[stmt % 6]);
}

static void h_cbs(struct gen *g, int stmt, const char *level)
{
	struct civil c = civil_of(g->t);
	put(g, "%d-%02d-%02d %02d:%02d:%02d, %-22s%-7s", c.y, c.mo, c.d, c.h, c.mi, c.s, level, stmt % 3 ? "CBS" : "CSI");
}

static void h_healthapp(struct gen *g, int stmt, const char *level)
{
	(void)level;
	static const char *const comps[] = {"Step_LSC", "Step_SPUtils", "Step_StandReportReceiver", "HiH_HiSyncControl",
					    "Step_ExtSDM"};
	struct civil c = civil_of(g->t);
	/* the writer pads the date but not the time: "20170101-9:5:0:17" */
	put(g, "%d%02d%02d-%d:%d:%d:%d|%s|%u|", c.y, c.mo, c.d, c.h, c.mi, c.s, c.ms, comps[stmt % 5],
	    30002312 + below(g, 20));
}

static void h_mac(struct gen *g, int stmt, const char *level)
{
	(void)level;
	static const char *const procs[] = {"kernel", "com.apple.cts", "corecaptured", "QQ", "Google Chrome Helper",
					    "mDNSResponder"};
	struct civil c = civil_of(g->t);
	put(g, "%s %2d %02d:%02d:%02d calvisitor-10-105-%u-%u %s[%u]: ", MON[c.mo - 1], c.d, c.h, c.mi, c.s,
	    160 + below(g, 4), 1 + below(g, 250), procs[stmt % 6], below(g, 40000));
}

static void h_proxifier(struct gen *g, int stmt, const char *level)
{
	(void)level;
	/* 64-bit programs are written "name *64": a component of two words */
	static const char *const progs[] = {"chrome.exe", "Dropbox.exe", "svchost.exe *64", "WeChat.exe"};
	struct civil c = civil_of(g->t);
	put(g, "[%02d.%02d %02d:%02d:%02d] %s - ", c.mo, c.d, c.h, c.mi, c.s, progs[stmt % 4]);
}

static void h_nginx(struct gen *g, int stmt, const char *level)
{
	(void)stmt;
	(void)level;
	struct civil c = civil_of(g->t);
	put(g, "%u.%u.%u.%u - - [%02d/%s/%d:%02d:%02d:%02d +0000] ", 10 + below(g, 200), below(g, 256), below(g, 256),
	    1 + below(g, 254), c.d, MON[c.mo - 1], c.y, c.h, c.mi, c.s);
}

static void h_java(struct gen *g, int stmt, const char *level)
{
	static const char *const threads[] = {"main", "http-nio-8080-exec-3", "pool-2-thread-1", "scheduler"};
	struct civil c = civil_of(g->t);
	put(g, "%d-%02d-%02d %02d:%02d:%02d,%03d %-5s [%s] %s: ", c.y, c.mo, c.d, c.h, c.mi, c.s, c.ms, level,
	    threads[below(g, 4)], CLASSES[stmt % 4]);
}

static void h_logfmt(struct gen *g, int stmt, const char *level)
{
	(void)stmt;
	struct civil c = civil_of(g->t);
	put(g, "ts=%d-%02d-%02dT%02d:%02d:%02d.%03dZ level=%s ", c.y, c.mo, c.d, c.h, c.mi, c.s, c.ms, level);
}

static void h_iso(struct gen *g, int stmt, const char *level)
{
	(void)stmt;
	struct civil c = civil_of(g->t);
	put(g, "%d-%02d-%02dT%02d:%02d:%02d.%03d+02:00 %s [worker-%u] ", c.y, c.mo, c.d, c.h, c.mi, c.s, c.ms, level,
	    below(g, 8));
}

static void h_epoch(struct gen *g, int stmt, const char *level)
{
	(void)level;
	static const char *const progs[] = {"kernel", "dhclient", "cron", "ntpd"};
	put(g, "%.3f gw-%02u %s: ", 1483228800.0 + g->t, below(g, 6), progs[stmt % 4]);
}

static void h_clock(struct gen *g, int stmt, const char *level)
{
	static const char *const loggers[] = {"c.e.app.Application", "c.e.app.web.Router", "o.s.b.StartupInfoLogger"};
	struct civil c = civil_of(g->t);
	put(g, "%02d:%02d:%02d.%03d [main] %-5s %s - ", c.h, c.mi, c.s, c.ms, level, loggers[stmt % 3]);
}

static void h_audit(struct gen *g, int stmt, const char *level)
{
	(void)level;
	static const char *const types[] = {"SYSCALL", "CWD", "PATH", "USER_LOGIN", "CRED_ACQ", "PROCTITLE"};
	put(g, "type=%s msg=audit(%.3f:%u): ", types[stmt % 6], 1483228800.0 + g->t, 100 + below(g, 90000));
}

static void h_etcd(struct gen *g, int stmt, const char *level)
{
	static const char *const comps[] = {"etcdserver", "raft", "rafthttp", "embed", "pkg/flags", "wal"};
	struct civil c = civil_of(g->t);
	put(g, "%d-%02d-%02d %02d:%02d:%02d.%03d%03d %s | %s: ", c.y, c.mo, c.d, c.h, c.mi, c.s, c.ms, c.ms * 7 % 1000,
	    level, comps[stmt % 6]);
}

static void h_elastic(struct gen *g, int stmt, const char *level)
{
	static const char *const loggers[] = {"o.e.n.Node", "o.e.c.s.MasterService", "o.e.g.GatewayService",
					      "o.e.c.r.a.DiskThresholdMonitor", "o.e.t.TransportService"};
	struct civil c = civil_of(g->t);
	put(g, "[%d-%02d-%02dT%02d:%02d:%02d,%03d][%-5s][%-25s] [node-%u] ", c.y, c.mo, c.d, c.h, c.mi, c.s, c.ms, level,
	    loggers[stmt % 5], below(g, 3));
}

static void h_mysql(struct gen *g, int stmt, const char *level)
{
	static const char *const subsys[] = {"Server", "InnoDB", "Repl"};
	struct civil c = civil_of(g->t);
	put(g, "%d-%02d-%02dT%02d:%02d:%02d.%03d%03dZ %u [%s] [MY-%06d] [%s] ", c.y, c.mo, c.d, c.h, c.mi, c.s, c.ms,
	    c.ms * 7 % 1000, below(g, 40), level, 10000 + 311 * stmt, subsys[stmt % 3]);
}

static void h_date(struct gen *g, int stmt, const char *level)
{
	(void)stmt;
	struct civil c = civil_of(g->t);
	/* date(1)'s own format, a zone name before the year */
	put(g, "%s %s %2d %02d:%02d:%02d CET %d %s: ", WDAY[c.wday], MON[c.mo - 1], c.d, c.h, c.mi, c.s, c.y, level);
}

static void h_kibana(struct gen *g, int stmt, const char *level)
{
	(void)stmt;
	struct civil c = civil_of(g->t);
	put(g, "%s %d, %d @ %02d:%02d:%02d.%03d %s ", MON[c.mo - 1], c.d, c.y, c.h, c.mi, c.s, c.ms, level);
}

/* a container runtime's line (CRI) before what the program wrote */
static void h_cri(struct gen *g, int stmt, const char *level)
{
	(void)stmt;
	struct civil c = civil_of(g->t);
	put(g, "%d-%02d-%02dT%02d:%02d:%02d.%03d000000Z %s F ", c.y, c.mo, c.d, c.h, c.mi, c.s, c.ms,
	    level && strcmp(level, "error") == 0 ? "stderr" : "stdout");
}

/* Two writers into one file: a program's own handler
 * ("2017-01-01 00:00:00,123 - util.py[DEBUG]: ") and syslog's
 * ("Jan  1 00:00:00 host [APP] util.py[DEBUG]: "), lines interleaved. */
static void h_twoshape(struct gen *g, int stmt, const char *level)
{
	static const char *const mods[] = {"util.py", "stages.py", "helpers.py", "url_helper.py", "handlers.py"};
	struct civil c = civil_of(g->t);
	if (below(g, 3) == 0)
		put(g, "%s %2d %02d:%02d:%02d vm-%u [APP] %s[%s]: ", MON[c.mo - 1], c.d, c.h, c.mi, c.s, below(g, 4),
		    mods[stmt % 5], level);
	else
		put(g, "%d-%02d-%02d %02d:%02d:%02d,%03d - %s[%s]: ", c.y, c.mo, c.d, c.h, c.mi, c.s, c.ms, mods[stmt % 5],
		    level);
}

/* the kernel's ring buffer: seconds since boot in brackets */
static void h_dmesg(struct gen *g, int stmt, const char *level)
{
	(void)stmt;
	(void)level;
	put(g, "[%5u.%06u] ", (unsigned)g->t, (unsigned)((g->t - (unsigned)g->t) * 1e6));
}

/* Slurm's daemons: a bracketed ISO stamp, then a message that opens with
 * "error:" only when it is one */
static void h_slurm(struct gen *g, int stmt, const char *level)
{
	(void)stmt;
	(void)level;
	struct civil c = civil_of(g->t);
	put(g, "[%d-%02d-%02dT%02d:%02d:%02d.%03d] ", c.y, c.mo, c.d, c.h, c.mi, c.s, c.ms);
}

/* PostgreSQL's stderr log with Debian's log_line_prefix "%m [%p] %q%u@%d ":
 * a session's lines name its user and database, the server's own lines
 * (autovacuum and checkpoints, the statements 2 and 5 here) have none; "DETAIL:" and
 * "STATEMENT:" lines stand where the level does. Sessions share pids. */
static void h_pgsql(struct gen *g, int stmt, const char *level)
{
	static const char *const who[] = {"app@shop", "postgres@postgres", "report@shop"};
	struct civil c = civil_of(g->t);
	put(g, "%d-%02d-%02d %02d:%02d:%02d.%03d UTC [%u] ", c.y, c.mo, c.d, c.h, c.mi, c.s, c.ms, 4100 + 7 * below(g, 5));
	if (stmt != 2 && stmt != 5)
		put(g, "%s ", who[below(g, 3)]);
	put(g, "%s:  ", level);
}

/* Redis: "pid:role", a stamp with the year, a mark for the level */
static void h_redis(struct gen *g, int stmt, const char *level)
{
	struct civil c = civil_of(g->t);
	put(g, "%u:%c %02d %s %d %02d:%02d:%02d.%03d %s ", stmt == 2 ? 3100u : 3001u, stmt == 2 ? 'C' : 'M', c.d,
	    MON[c.mo - 1], c.y, c.h, c.mi, c.s, c.ms, level);
}

/* BIND's channel with print-time, print-category and print-severity:
 * "category: severity: ", the debug severity with its level */
static void h_bind(struct gen *g, int stmt, const char *level)
{
	static const char *const cats[] = {"general", "zoneload", "resolver", "network", "general", "config"};
	struct civil c = civil_of(g->t);
	put(g, "%02d-%s-%d %02d:%02d:%02d.%03d %s: %s: ", c.d, MON[c.mo - 1], c.y, c.h, c.mi, c.s, c.ms, cats[stmt % 6],
	    level);
}

/* ---- statements ---- */

static const char *const APACHE[] = {"jk2_init() Found child %N in scoreboard slot %n",
				     "workerEnv.init() ok %D.properties",
				     "mod_jk child workerEnv in error state %n",
				     "[client %I] Directory index forbidden by rule: %D/",
				     "[client %I] File does not exist: %D.html",
				     "child pid %N exit signal Segmentation fault (%n)",
				     "jk2_init() Can't find child %N in scoreboard",
				     "Digest: generating secret for digest authentication ...",
				     "caught SIGTERM, shutting down",
				     NULL};
static const char *const APACHE_L[] = {"notice", "notice", "error", "error", "error", "error", "error", "notice",
				       "notice"};

static const char *const LOGCAT[] = {"Skipping AppWindowToken{%X token=Token{%X}} -- going to hide",
				     "acquire lock=%N, flags=0x%n, tag=%Q, name=com.example.app, ws=null, uid=%N, pid=%N",
				     "release lock=%N, flg=0x%n",
				     "setSystemUiVisibility vis=%n mask=%n oldVal=%N newVal=%N diff=%N",
				     "updateBatteryLevel: level=%n, scale=100, voltage=%N",
				     "CTRL-EVENT-SCAN-STARTED",
				     "getTasks: caller %N does not hold REAL_GET_TASKS; limiting output",
				     "Display %n state ON, brightness %n",
				     "cancelNotification,index:%i",
				     "getRecentTasks: topActivity=ComponentInfo{%K}",
				     NULL};
static const char *const LOGCAT_L[] = {"V", "D", "D", "I", "I", "D", "W", "I", "I", "D"};

static const char *const CBS[] = {"Loaded Servicing Stack v6.1.%N.%N with Core: C:\\Windows\\winsxs\\amd64_servicingstack_%S\\cbscore.dll",
				  "Session: %N_%N initialized by client WindowsUpdateAgent.",
				  "Read out cached package applicability for package: Package_for_KB%N~31bf3856ad364e35~amd64~~6.1.1.%n, ApplicableState: %n, CurrentState:%n",
				  "Warning: Unrecognized packageExtended attribute.",
				  "Expecting attribute name [HRESULT = 0x800f080d - CBS_E_MANIFEST_INVALID_ITEM]",
				  "Failed to get next element [HRESULT = 0x800f080d - CBS_E_MANIFEST_INVALID_ITEM]",
				  "Ending TrustedInstaller initialization.",
				  "Starting the TrustedInstaller main loop.",
				  "SQM: Queued %n file(s) for upload with pattern: C:\\Windows\\servicing\\sqm\\*_std.sqm, flags: 0x%n",
				  NULL};
static const char *const CBS_L[] = {"Info", "Info", "Info", "Info", "Info", "Info", "Info", "Info", "Info"};

static const char *const HEALTH[] = {"onStandStepChanged %N",
				     "onExtend:%N %n %n %n",
				     "REPORT : %N %N %N %N",
				     "processHandleBroadcastAction action:android.intent.action.SCREEN_ON",
				     "flush sensor data",
				     "getTodayTotalDetailSteps = %N##%N##%N##%N##%N",
				     "setTodayTotalDetailSteps=%N##%N##%N##%N",
				     "upLoadOneMinuteDataToEngine time=%N",
				     NULL};

static const char *const MAC[] = {"AirPort: Link Down on awdl0. Reason %n (Disassociated because station leaving).",
				  "ARPT: %N.%N: wl0: MDNS: IPV4 Addr: %I",
				  "Thermal pressure state: %n Memory pressure state: %n",
				  "network changed: v4(en0-:%I) DNS- Proxy- SMB-",
				  "CCFile::captureLog Received Capture notice id: %F, reason = AuthFail:sts:%n",
				  "objc[%N]: Class FIFinderSyncExtensionHost is implemented in both %D and %D. One of the two will be used.",
				  "Connection to %H closed, session %S",
				  "%R: scheduler_evaluate_activity told me to run this job; however, the start time isn't for %N seconds.  Ignoring.",
				  "onReceive action: android.intent.action.SCREEN_ON",
				  "onReceive action: android.intent.action.SCREEN_OFF",
				  NULL};

static const char *const PROXIFIER[] = {"%H:%P open through proxy %H:%P HTTPS",
					"%H:%P close, %N bytes%A sent, %N bytes%A received, lifetime %n:%n",
					"%H:%P error : Could not connect through proxy %H:%P - Proxy server cannot establish a connection with the target, status code %n",
					"%H:%P error : Could not connect to proxy %H:%P - connection attempt failed with error %n",
					NULL};

static const char *const NGINX[] = {"\"GET %D/%N HTTP/1.1\" 200 %N \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"",
				    "\"POST /api/v1/orders HTTP/1.1\" 201 %N \"https://%H/cart\" \"curl/7.%n.0\"",
				    "\"GET /health HTTP/1.1\" 200 %n \"-\" \"kube-probe/1.%n\"",
				    "\"DELETE /api/v1/sessions/%S HTTP/1.1\" 204 0 \"-\" \"python-requests/2.%n.0\"",
				    "\"GET /static/app.%S.js HTTP/2.0\" 304 0 \"https://%H/\" \"Mozilla/5.0 (Macintosh)\"",
				    NULL};

static const char *const JAVA[] = {"Processing order %N for user %U",
				   "Connection pool exhausted, waiting %n ms (active=%n, idle=%n)",
				   "Token for %U expires in %N s",
				   "Request failed: status=%n, path=%D",
				   "Cache hit ratio %F%% over %N requests",
				   "Invoice %N written to %D.pdf",
				   NULL};
static const char *const JAVA_L[] = {"INFO", "WARN", "DEBUG", "ERROR", "INFO", "INFO"};

static const char *const LOGFMT[] = {"msg=\"request served\" method=GET path=%D status=200 duration=%nms",
				     "msg=\"user logged in\" user=%U ip=%I",
				     "msg=\"cache miss\" key=%S",
				     "msg=\"slow query\" table=orders rows=%N elapsed=%Fs",
				     "msg=\"job finished\" job=%S exit=%n",
				     NULL};
static const char *const LOGFMT_L[] = {"info", "info", "debug", "warn", "info"};

static const char *const ISO[] = {"Processed batch %N in %n ms",
				  "Retrying upload of %D (attempt %n of 5)",
				  "Received %N events from %I:%P",
				  "Checkpoint written to %D, offset %N",
				  "Consumer group rebalanced: %n partitions assigned",
				  NULL};
static const char *const ISO_L[] = {"INFO", "WARN", "DEBUG", "INFO", "INFO"};

static const char *const EPOCH[] = {"eth%n: link up, %N Mbps, full duplex",
				    "DHCPREQUEST on eth%n to %I port %n",
				    "(%U) CMD (run-parts %D)",
				    "synchronized to %I, stratum %n",
				    "eth%n: renewing lease of %I",
				    NULL};

static const char *const CLOCK[] = {"Started Application in %F seconds (JVM running for %F)",
				    "Mapped \"{[/api/items/%N],methods=[GET]}\" onto handler",
				    "Tomcat started on port(s): %P (http)",
				    "No active profile set, falling back to default profiles: default",
				    NULL};
static const char *const CLOCK_L[] = {"INFO", "DEBUG", "INFO", "INFO"};

static const char *const AUDIT[] = {
    "arch=c000003e syscall=%n success=yes exit=%n a0=%X ppid=%N pid=%N auid=%N uid=0 tty=pts%n comm=\"sshd\"",
    "cwd=\"%D\"",
    "item=%n name=\"%D\" inode=%N dev=fd:%n mode=0100644 ouid=0 ogid=0",
    "pid=%N uid=0 auid=%N ses=%n msg='op=login id=%N exe=\"/usr/sbin/sshd\" hostname=%I addr=%I terminal=ssh res=success'",
    "pid=%N uid=0 auid=%N ses=%n msg='op=PAM:setcred acct=\"%U\" exe=\"/usr/sbin/crond\" terminal=cron res=success'",
    "proctitle=%X",
    NULL};

static const char *const ETCD[] = {"published {Name:member-%n ClientURLs:[https://%I:2379]} to cluster %X",
				   "%X became leader at term %n",
				   "health check for peer %X could not connect: dial tcp %I:%P: connect: connection refused",
				   "ready to serve client requests",
				   "recognized and used environment variable ETCD_DATA_DIR=%D",
				   "saved snapshot at index %N",
				   NULL};
static const char *const ETCD_L[] = {"I", "I", "W", "I", "I", "E"};

static const char *const ELASTIC[] = {"started",
				      "added {{node-%n}{%S}{%I:%P}}, reason: apply cluster state (from master)",
				      "recovered [%n] indices into cluster_state",
				      "high disk watermark [90%%] exceeded on [%S][node-%n] free: %FGB[%n.%n%%]",
				      "failed to send ping to [{node-%n}{%S}{%I:%P}]",
				      NULL};
static const char *const ELASTIC_L[] = {"INFO", "INFO", "INFO", "WARN", "ERROR"};

static const char *const MYSQL[] = {"Server socket created on IP: '%I'.",
				    "Buffer pool(s) load completed at %n%n%n %n:%n:%n",
				    "Replica I/O thread for channel '': connected to source 'repl@%H:%P', replication started in log 'binlog.%N' at position %N",
				    "Aborted connection %N to db: 'app' user: '%U' host: '%I' (Got timeout reading communication packets).",
				    "/usr/sbin/mysqld: ready for connections. Version: '8.0.%n'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306",
				    NULL};
static const char *const MYSQL_L[] = {"System", "Note", "System", "Warning", "System"};

static const char *const DATE[] = {"Executing: /sbin/dracut -f /boot/initramfs-%n.img %n",
				   "Installing %D.so",
				   "Skipping udev rule: %n-persistent-storage.rules",
				   "*** Including module: %U ***",
				   "Wrote %D (%N bytes)",
				   NULL};
static const char *const DATE_L[] = {"Info", "Info", "Warning", "Info", "Info"};

static const char *const KIBANA[] = {"GET /api/status %n - %n ms",
				     "Server running at http://%I:5601",
				     "Unable to retrieve version information from Elasticsearch nodes. connect ECONNREFUSED %I:9200",
				     "Task %S failed in attempt to run: %n ms",
				     NULL};
static const char *const KIBANA_L[] = {"INFO", "INFO", "ERROR", "WARN"};

/* JSON records a program in a container wrote, one a line (zap's keys) */
static const char *const CRIJSON[] = {
    "{\"level\":\"info\",\"ts\":%F,\"caller\":\"server/main.go:%n\",\"msg\":\"starting server on port %P\"}",
    "{\"level\":\"info\",\"ts\":%F,\"caller\":\"server/http.go:%n\",\"msg\":\"request served\",\"path\":\"%D\",\"status\":200}",
    "{\"level\":\"warn\",\"ts\":%F,\"caller\":\"db/pool.go:%n\",\"msg\":\"retrying connection to %I after %n attempts\"}",
    "{\"level\":\"error\",\"ts\":%F,\"caller\":\"store/file.go:%n\",\"msg\":\"failed to open %D\",\"error\":\"permission denied\"}",
    "{\"level\":\"debug\",\"ts\":%F,\"caller\":\"cache/lru.go:%n\",\"msg\":\"cache miss\",\"key\":\"user:%N\"}",
    NULL};
static const char *const CRIJSON_L[] = {"info", "info", "warn", "error", "debug"};

/* a network monitor's records in a container: keys, no message (Zeek's) */
static const char *const CRIREC[] = {
    "{\"ts\":%F,\"uid\":\"C%S\",\"id.orig_h\":\"%I\",\"id.orig_p\":%P,\"id.resp_h\":\"%I\",\"id.resp_p\":443,\"proto\":\"tcp\",\"duration\":%F,\"orig_bytes\":%N}",
    "{\"ts\":%F,\"uid\":\"C%S\",\"id.orig_h\":\"%I\",\"id.orig_p\":%P,\"id.resp_h\":\"%I\",\"id.resp_p\":53,\"proto\":\"udp\",\"query\":\"%H\",\"rcode_name\":\"NOERROR\"}",
    "{\"ts\":%F,\"uid\":\"C%S\",\"method\":\"GET\",\"host\":\"%H\",\"uri\":\"%D\",\"status_code\":200}",
    "{\"ts\":%F,\"uid\":\"C%S\",\"id.orig_h\":\"%I\",\"version\":\"TLSv12\",\"server_name\":\"%H\",\"established\":true}",
    NULL};

static const char *const TWOSHAPE[] = {"Reading from %D (quiet=False)",
				       "Read %N bytes from %D",
				       "Running module %U (<module 'cc_%U' from '%D.pyc'>) with frequency once-per-instance",
				       "Failed to fetch metadata from http://%I/latest after %n attempts",
				       "Writing to %D - wb: [%n] %N bytes",
				       NULL};
static const char *const TWOSHAPE_L[] = {"DEBUG", "DEBUG", "DEBUG", "WARNING", "DEBUG"};

static const char *const DMESG[] = {"Initializing cgroup subsys cpu%n",
				    "pci 0000:00:%n.0: reg %n: [io  0x%N-0x%N]",
				    "EXT4-fs (vda%n): mounted filesystem with ordered data mode. Opts: (null)",
				    "virtio-pci 0000:00:0%n.0: irq %n for MSI/MSI-X",
				    "audit: type=%N audit(%F:%n): apparmor=\"STATUS\" operation=\"profile_load\" pid=%N",
				    NULL};

static const char *const SLURM[] = {"_job_complete: JobId=%N done",
				    "_slurm_rpc_submit_batch_job: JobId=%N InitPrio=%N usec=%n",
				    "error: Nodes compute[%n-%n] not responding",
				    "sched: Allocate JobId=%N NodeList=compute%n #CPUs=%n Partition=normal",
				    "error: _slurm_rpc_node_registration node=compute%n: Invalid argument",
				    NULL};

static const char *const PGSQL[] = {"connection received: host=%I port=%P",
				    "statement: SELECT * FROM orders WHERE id = %N",
				    "automatic vacuum of table \"shop.public.t%n\": index scans: %n",
				    "relation \"t%n\" does not exist at character %n",
				    "Role \"%U\" does not exist.",
				    "checkpoint complete: wrote %n buffers (%F%%); %n WAL file(s) added",
				    "SELECT * FROM t%n WHERE x = %N",
				    NULL};
static const char *const PGSQL_L[] = {"LOG", "LOG", "LOG", "ERROR", "DETAIL", "LOG", "STATEMENT"};

static const char *const REDIS[] = {"Accepted %I:%P",
				    "Client closed connection id=%N addr=%I:%P fd=%n",
				    "Background saving started by pid %N",
				    "DB saved on disk",
				    "WARNING overcommit_memory is set to 0! Background save may fail under low memory condition.",
				    "%n changes in %n seconds. Saving...",
				    NULL};
static const char *const REDIS_L[] = {"-", "-", "*", "*", "#", "."};

static const char *const BIND[] = {"zone %H/IN: loaded serial %N",
				   "zone_settimer: zone %H/IN: enter",
				   "client @%X %I#%P (%H): query failed (SERVFAIL) for %H/IN/A at query.c:%n",
				   "listening on IPv4 interface lo, %I#%P",
				   "received control channel command 'reload'",
				   "loading configuration from '%D'",
				   NULL};
static const char *const BIND_L[] = {"info", "debug 1", "info", "info", "debug 3", "error"};

static const struct shape shapes[GEN_NSHAPES] = {
	[GEN_APACHE] = {{"apache", "[<time>] [<level>] <message>", "2017-01-01 00:00:00"}, APACHE, APACHE_L, h_apache},
	[GEN_LOGCAT] = {{"logcat", "<time> <pid> <tid> <level> <component>: <message>", ""}, LOGCAT, LOGCAT_L, h_logcat},
	[GEN_CBS] = {{"cbs", "<time>, <level> <component> <message>", "2017-01-01 00:00:00"}, CBS, CBS_L, h_cbs},
	[GEN_HEALTHAPP] = {{"healthapp", "<time>|<component>|<pid>|<message>", "2017-01-01 00:00:00"}, HEALTH, NULL,
			   h_healthapp},
	[GEN_MAC] = {{"mac", "<time> <host> <component>[<pid>]: <message>", ""}, MAC, NULL, h_mac},
	[GEN_PROXIFIER] = {{"proxifier", "[<time>] <component> - <message>", ""}, PROXIFIER, NULL, h_proxifier},
	[GEN_NGINX] = {{"nginx", "<host> - - [<time>] <message>", "2017-01-01 00:00:00"}, NGINX, NULL, h_nginx},
	[GEN_JAVA] = {{"java", "<time> <level> [<context>] <component>: <message>", "2017-01-01 00:00:00"}, JAVA,
		      JAVA_L, h_java},
	[GEN_LOGFMT] = {{"logfmt", "ts=<time> level=<level> <message>", "2017-01-01 00:00:00"}, LOGFMT, LOGFMT_L,
			h_logfmt},
	[GEN_ISO] = {{"iso", "<time> <level> [<context>] <message>", "2016-12-31 22:00:00"}, ISO, ISO_L, h_iso},
	[GEN_EPOCH] = {{"epoch", "<time> <host> <component>: <message>", "2017-01-01 00:00:00"}, EPOCH, NULL, h_epoch},
	[GEN_CLOCK] = {{"clock", "<time> [<context>] <level> <component> - <message>", "1970-01-01 00:00:00"}, CLOCK,
		       CLOCK_L, h_clock},
	[GEN_AUDIT] = {{"audit", "type=<type> msg=audit(<time>:<serial>): <message>", "2017-01-01 00:00:00"}, AUDIT, NULL,
		       h_audit},
	[GEN_ETCD] = {{"etcd", "<time> <level> | <component>: <message>", "2017-01-01 00:00:00"}, ETCD, ETCD_L, h_etcd},
	[GEN_ELASTIC] = {{"elastic", "[<time>][<level>][<context>] [<context2>] <message>", "2017-01-01 00:00:00"},
			 ELASTIC, ELASTIC_L, h_elastic},
	[GEN_MYSQL] = {{"mysql", "<time> <pid> [<level>] [<context>] [<context2>] <message>", "2017-01-01 00:00:00"},
		       MYSQL, MYSQL_L, h_mysql},
	/* CET is applied: the first line's midnight is 23:00 the day before in UTC */
	[GEN_DATE] = {{"date", "<time> <level>: <message>", "2016-12-31 23:00:00"}, DATE, DATE_L, h_date},
	[GEN_KIBANA] = {{"kibana", "<time> <level> <message>", "2017-01-01 00:00:00"}, KIBANA, KIBANA_L, h_kibana},
	/* (as the log reader infers them: detection picks the cri reader) */
	[GEN_CRIJSON] = {{"crijson", "<time> <field2> <level> {\"level\": <record_level>, \"msg\": <message>, ...}",
			  "2017-01-01 00:00:00"},
			 CRIJSON, CRIJSON_L, h_cri},
	[GEN_CRIREC] = {{"crirec", "<time> <field2> <level> <message>", "2017-01-01 00:00:00"}, CRIREC, NULL, h_cri},
	[GEN_TWOSHAPE] = {{"twoshape",
			   "<time> - <component>[<level>]: <message> || <time> <host> [<context>] <component>[<level>]: "
			   "<message>",
			   "2017-01-01 00:00:00"},
			  TWOSHAPE, TWOSHAPE_L, h_twoshape},
	[GEN_DMESG] = {{"dmesg", "[<uptime>] <message>", NULL}, DMESG, NULL, h_dmesg},
	[GEN_SLURM] = {{"slurm", "[<time>] <level?>: <component?>: <message>", "2017-01-01 00:00:00"},
		       SLURM, NULL, h_slurm},
	[GEN_PGSQL] = {{"pgsql", "<time> [<pid>] <field3?> <level>: <message>", "2017-01-01 00:00:00"}, PGSQL, PGSQL_L,
		       h_pgsql},
	[GEN_REDIS] = {{"redis", "<pid>:<tag> <time> <level> <message>", "2017-01-01 00:00:00"}, REDIS, REDIS_L, h_redis},
	[GEN_BIND] = {{"bind", "<time> <component>: <level>: <message>", "2017-01-01 00:00:00"}, BIND, BIND_L, h_bind},
};

const struct gen_shape_info *gen_shape_info(enum gen_shape s)
{
	return s < GEN_NSHAPES ? &shapes[s].info : NULL;
}

static int count(const char *const *v)
{
	int n = 0;
	while (v[n])
		n++;
	return n;
}

char *gen_shape_log(enum gen_shape s, size_t n, uint64_t seed, size_t *size, int **events)
{
	*size = 0;
	if (events)
		*events = NULL;
	if (s >= GEN_NSHAPES)
		return NULL;
	const struct shape *sh = &shapes[s];
	struct gen g = {.state = seed * 0x2545f4914f6cdd1dULL + 1, .cap = n * 96 + 64};
	g.buf = malloc(g.cap);
	int *ev = events ? malloc((n ? n : 1) * sizeof *ev) : NULL;
	if (!g.buf || (events && !ev)) {
		free(g.buf);
		free(ev);
		return NULL;
	}
	g.buf[0] = '\0';
	int nst = count(sh->stmts);
	size_t i = 0;
	while (i < n && !g.oom) {
		/* a skewed mix, as in real logs: the first statements are common */
		int k = (int)below(&g, (unsigned)nst);
		if (below(&g, 3) == 0)
			k = (int)below(&g, (unsigned)(nst < 3 ? nst : 3));
		const char *level = sh->levels ? sh->levels[k] : "";
		sh->header(&g, k, level);
		message(&g, sh->stmts[k]);
		put(&g, "\n");
		if (ev)
			ev[i] = k;
		i++;
		g.t += 0.001 * (1 + below(&g, 3000));
		/* an ERROR in the Java log comes with its stack trace */
		if ((s == GEN_JAVA || s == GEN_ELASTIC) && strcmp(level, "ERROR") == 0) {
			/* each exception class is a statement of its own */
			unsigned x = below(&g, 3);
			put(&g, "%s: ", EXCEPTIONS[x]);
			message(&g, "connection reset by %H\n");
			if (ev && i < n)
				ev[i] = nst + (int)x;
			if (i < n)
				i++;
			int frames = 2 + (int)below(&g, 3);
			for (int f = 0; f < frames && i < n; f++, i++) {
				put(&g, "\tat %s.handle(%s.java:%u)\n", CLASSES[below(&g, 4)], "Handler", 20 + below(&g, 400));
				if (ev)
					ev[i] = nst + 3;
			}
		}
	}
	if (g.oom) {
		free(g.buf);
		free(ev);
		return NULL;
	}
	/* the stack-trace lines may have run past n: cut at n lines */
	size_t lines = 0, cut = 0;
	while (cut < g.len && lines < n) {
		if (g.buf[cut++] == '\n')
			lines++;
	}
	g.buf[cut] = '\0';
	*size = cut;
	if (events)
		*events = ev;
	return g.buf;
}

/* ---- multi-line records ---- */

/* Lines that continue a record: frames and wrapped text, indented or not;
 * none has the shape of a header line. */
static const char *const INDENTED[] = {"\tat %C.handle(Handler.java:%n)", "    at %C.run(%C.java:%n)",
				       "\t... %n more", "    | retry %n of %n on %H:%P", "  Traceback detail: %D line %n"};
static const char *const UNINDENTED[] = {"%E: connection reset by %H", "Caused by: %E: %D is not writable",
					 "continued: %N bytes left for %U in %D", "Error details follow; code=%N"};

char *gen_shape_records(enum gen_shape s, size_t n, uint64_t seed, const struct gen_records *how, size_t *size,
			size_t **heads)
{
	*size = 0;
	*heads = NULL;
	if (s >= GEN_NSHAPES || !how->every)
		return NULL;
	const struct shape *sh = &shapes[s];
	struct gen g = {.state = seed * 0x2545f4914f6cdd1dULL + 7, .cap = n * 96 + 64};
	g.buf = malloc(g.cap);
	size_t *hd = malloc((n ? n : 1) * sizeof *hd);
	if (!g.buf || !hd) {
		free(g.buf);
		free(hd);
		return NULL;
	}
	g.buf[0] = '\0';
	int nst = count(sh->stmts), nin = (int)(sizeof INDENTED / sizeof *INDENTED),
	    nun = (int)(sizeof UNINDENTED / sizeof *UNINDENTED);
	size_t i = 0;
	while (i < n && !g.oom) {
		int k = (int)below(&g, (unsigned)nst);
		sh->header(&g, k, sh->levels ? sh->levels[k] : "");
		message(&g, sh->stmts[k]);
		put(&g, "\n");
		size_t head = i;
		hd[i++] = head;
		g.t += 0.001 * (1 + below(&g, 3000));
		if (below(&g, how->every) != 0)
			continue;
		unsigned more = 1 + below(&g, how->max_lines ? how->max_lines : 1);
		for (unsigned c = 0; c < more && i < n; c++) {
			if (how->blank_pct && below(&g, 100) < how->blank_pct) {
				put(&g, "%s\n", below(&g, 2) ? "" : "   ");
				hd[i++] = SIZE_MAX;
				continue;
			}
			if (below(&g, 100) < how->unindented_pct)
				message(&g, UNINDENTED[below(&g, (unsigned)nun)]);
			else
				message(&g, INDENTED[below(&g, (unsigned)nin)]);
			put(&g, "\n");
			hd[i++] = head;
		}
	}
	if (g.oom) {
		free(g.buf);
		free(hd);
		return NULL;
	}
	*size = g.len;
	*heads = hd;
	return g.buf;
}

/* ---- lone punctuation between header fields ---- */

char *gen_punct_log(const char *before_thread, const char *after_logger, size_t n, uint64_t seed, size_t *size)
{
	static const char *const threads[] = {"main", "http-nio-8080-exec-3", "pool-2-thread-1", "scheduler"};
	*size = 0;
	struct gen g = {.state = seed * 0x2545f4914f6cdd1dULL + 11, .cap = n * 128 + 64};
	g.buf = malloc(g.cap);
	if (!g.buf)
		return NULL;
	g.buf[0] = '\0';
	int nst = count(JAVA);
	unsigned pid = 1000 + below(&g, 60000);
	for (size_t i = 0; i < n && !g.oom; i++) {
		int k = (int)below(&g, (unsigned)nst);
		struct civil c = civil_of(g.t);
		/* the level right-aligned, the logger padded to a width on half
		 * the lines (the blanks around the punctuation vary) */
		put(&g, "%d-%02d-%02d %02d:%02d:%02d.%03d %5s %u %s [%s] %-*s %s ", c.y, c.mo, c.d, c.h, c.mi, c.s, c.ms,
		    JAVA_L[k], pid, before_thread, threads[below(&g, 4)], below(&g, 2) ? 40 : 0, CLASSES[k % 4],
		    after_logger);
		message(&g, JAVA[k]);
		put(&g, "\n");
		g.t += 0.001 * (1 + below(&g, 3000));
	}
	if (g.oom) {
		free(g.buf);
		return NULL;
	}
	*size = g.len;
	return g.buf;
}
