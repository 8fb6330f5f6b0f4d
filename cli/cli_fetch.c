/*
 * cli_fetch.c - `loglab fetch URL...`: download datasets into the cache.
 *
 * Prints the local path of each file (or a JSON object per URL with
 * --json) on stdout, so `loglab info "$(loglab fetch URL)"` works. Notices
 * (a cached copy used because the server is unreachable) and errors go to
 * stderr; a progress line is drawn there only when stderr is a terminal.
 * Ctrl-C cancels cleanly: the partial download is kept and the next fetch
 * of the same URL resumes it.
 */
#include "cli.h"
#include "ds_remote.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int cli_fetch(int argc, char **argv);

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct progress_state {
	const char *url;
	struct timespec last;
	int drawn;
	int complete; /* the 100% line is drawn once */
};

static void human(double bytes, char *buf, size_t cap)
{
	static const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	int u = 0;
	while (bytes >= 1024 && u < 4) {
		bytes /= 1024;
		u++;
	}
	snprintf(buf, cap, u ? "%.1f %s" : "%.0f %s", bytes, units[u]);
}

static int draw_progress(void *ctx, long long done, long long total, double rate)
{
	struct progress_state *p = ctx;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double since = (double)(now.tv_sec - p->last.tv_sec) + (double)(now.tv_nsec - p->last.tv_nsec) / 1e9;
	/* Five redraws a second are plenty and keep a fast download from being slowed by the terminal. */
	int complete = total > 0 && done >= total;
	if ((p->drawn && since < 0.2 && !complete) || p->complete || (done == 0 && total < 0))
		return interrupted;
	p->complete = complete;
	p->last = now;
	p->drawn = 1;
	char d[32], t[32], r[32], eta[32] = "";
	human((double)done, d, sizeof d);
	human(rate, r, sizeof r);
	if (total > 0) {
		human((double)total, t, sizeof t);
		if (rate > 0 && done < total) {
			long s = (long)((double)(total - done) / rate);
			snprintf(eta, sizeof eta, "  ETA %ld:%02ld", s / 60, s % 60);
		}
		fprintf(stderr, "\r%s / %s  %3d%%  %s/s%s\033[K", d, t, (int)(100.0 * (double)done / (double)total), r,
			eta);
	} else {
		fprintf(stderr, "\r%s  %s/s\033[K", d, r);
	}
	fflush(stderr);
	return interrupted;
}

static void fetch_usage(FILE *out)
{
	fprintf(out,
		"Usage: loglab fetch [OPTIONS] URL...\n"
		"\n"
		"Downloads each URL (http://, https://, s3://BUCKET/KEY) into the cache and\n"
		"prints the path of the local file. A cached copy is revalidated with the\n"
		"server (ETag / Last-Modified) and used, with a notice, when the server\n"
		"cannot be reached; an interrupted download resumes where it stopped.\n"
		"\n"
		"  -j, --json            one JSON object per URL (an array when several)\n"
		"  -n, --no-cache        neither use nor fill the cache (needs --output, or\n"
		"                        the file is left in $TMPDIR)\n"
		"  -r, --refresh         download again even if the cached copy is current\n"
		"  -o, --output PATH     also write the file to PATH (one URL only)\n"
		"  -t, --timeout SECONDS give up when the whole fetch (retries included) takes\n"
		"                        longer than SECONDS (default: no limit)\n"
		"      --idle-timeout SECONDS\n"
		"                        give up connecting, or on a transfer that brings no\n"
		"                        byte, after SECONDS (default 30)\n"
		"      --retries N       resume up to N times after a dropped connection\n"
		"                        (default 0)\n"
		"  -h, --help            show this help\n"
		"\n"
		"Cache: $XDG_CACHE_HOME/loglab/remote (default ~/.cache/loglab/remote), at\n"
		"most LOGLAB_CACHE_MAX bytes (suffixes K, M, G; default 2G), least recently\n"
		"used files removed first; a file larger than that bound is refused (use\n"
		"--no-cache --output). At most LOGLAB_FETCH_MAX bytes are received (default\n"
		"64G) and a gzip encoding may expand within LOGLAB_INFLATE_MAX and\n"
		"LOGLAB_INFLATE_RATIO (64G, 1000). A resumed download continues only the\n"
		"same version of the file (same ETag or Last-Modified), else it starts\n"
		"over. Passwords and signatures in URLs are shown as ***.\n"
		"s3:// URLs are signed from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,\n"
		"AWS_SESSION_TOKEN and AWS_REGION; AWS_ENDPOINT_URL or LOGLAB_S3_ENDPOINT\n"
		"selects an S3-compatible store (path-style).\n"
		"\n"
		"Exit codes: 0 ok, 1 usage error, 2 a response over a limit, 3 network or\n"
		"I/O error (the worst of all URLs).\n");
}

static cJSON *result_json(const char *url, const char *path, const struct ds_fetch_result *r)
{
	cJSON *o = cJSON_CreateObject();
	char *shown = ds_url_redact(url);
	cJSON_AddStringToObject(o, "url", shown ? shown : "");
	free(shown);
	cJSON_AddStringToObject(o, "path", path);
	cJSON_AddNumberToObject(o, "size", (double)r->size);
	cJSON_AddStringToObject(o, "sha256", r->sha256);
	cJSON_AddNumberToObject(o, "http_status", r->http_status);
	cJSON_AddNumberToObject(o, "downloaded", (double)r->downloaded);
	cJSON_AddBoolToObject(o, "from_cache", r->from_cache);
	cJSON_AddBoolToObject(o, "revalidated", r->revalidated);
	cJSON_AddBoolToObject(o, "offline", r->offline);
	cJSON_AddBoolToObject(o, "resumed", r->resumed);
	cJSON_AddBoolToObject(o, "temporary", r->temporary);
	cJSON_AddNumberToObject(o, "evicted", r->evicted);
	if (r->note[0])
		cJSON_AddStringToObject(o, "note", r->note);
	else
		cJSON_AddNullToObject(o, "note");
	return o;
}

static void print_json(cJSON *o)
{
	char *txt = cJSON_Print(o);
	if (txt)
		puts(txt);
	free(txt);
}

int cli_fetch(int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
					     {"no-cache", no_argument, NULL, 'n'},
					     {"refresh", no_argument, NULL, 'r'},
					     {"output", required_argument, NULL, 'o'},
					     {"timeout", required_argument, NULL, 't'},
					     {"idle-timeout", required_argument, NULL, 'I'},
					     {"retries", required_argument, NULL, 'R'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct ds_fetch_opts fo = {0};
	int json = 0, c;
	char *end;
	optind = 1;
	while ((c = getopt_long(argc, argv, "jnro:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'n':
			fo.no_cache = 1;
			break;
		case 'r':
			fo.refresh = 1;
			break;
		case 'o':
			fo.output = optarg;
			break;
		case 't':
		case 'I': {
			double v = strtod(optarg, &end);
			if (*end || end == optarg || !(v > 0) || v > 86400 * 7) {
				fprintf(stderr, "%s fetch: --%s wants seconds more than 0 and at most 604800 (a week), got '%s'\n",
					cli_progname, c == 't' ? "timeout" : "idle-timeout", cli_safe(optarg));
				return 1;
			}
			if (c == 't')
				fo.deadline = v;
			else
				fo.idle_timeout = v;
			break;
		}
		case 'R': {
			long n = strtol(optarg, &end, 10);
			if (*end || end == optarg || n < 0 || n > 100) {
				fprintf(stderr, "%s fetch: --retries wants a count from 0 to 100, got '%s'\n",
					cli_progname, optarg);
				return 1;
			}
			fo.retries = (int)n;
			break;
		}
		case 'h':
			fetch_usage(stdout);
			return 0;
		default:
			fetch_usage(stderr);
			return 1;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "%s fetch: no URL given\n", cli_progname);
		fetch_usage(stderr);
		return 1;
	}
	if (fo.output && argc - optind > 1) {
		fprintf(stderr, "%s fetch: --output takes one URL at a time\n", cli_progname);
		return 1;
	}
	for (int i = optind; i < argc; i++) {
		if (!ds_is_url(argv[i])) {
			fprintf(stderr, "%s fetch: '%s' is not an http://, https:// or s3:// URL\n", cli_progname,
				cli_safe(argv[i]));
			return 1;
		}
	}
	struct progress_state ps = {0};
	int tty = isatty(STDERR_FILENO);
	struct sigaction sa = {0}, old_sa;
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_sa);
	interrupted = 0;
	int worst = 0;
	cJSON *arr = json && argc - optind > 1 ? cJSON_CreateArray() : NULL;
	for (int i = optind; i < argc && !interrupted; i++) {
		struct ds_fetch_result res;
		struct ll_err err;
		char *path = NULL;
		ps.url = argv[i];
		ps.drawn = ps.complete = 0;
		fo.result = &res;
		fo.progress = tty ? draw_progress : NULL;
		fo.progress_ctx = &ps;
		int rc = ds_remote_fetch(argv[i], &fo, &path, &err);
		if (tty && ps.drawn)
			fprintf(stderr, "\r\033[K");
		if (rc != LL_OK) {
			int code = cli_fail(rc, &err);
			if (code > worst)
				worst = code;
			continue;
		}
		if (res.note[0])
			fprintf(stderr, "%s fetch: note: %s\n", cli_progname, cli_safe(res.note));
		if (json) {
			cJSON *o = result_json(argv[i], path, &res);
			if (arr) {
				cJSON_AddItemToArray(arr, o);
			} else {
				print_json(o);
				cJSON_Delete(o);
			}
		} else {
			printf("%s\n", cli_safe(path));
		}
		free(path);
	}
	if (arr) {
		print_json(arr);
		cJSON_Delete(arr);
	}
	sigaction(SIGINT, &old_sa, NULL);
	fflush(stdout);
	return worst;
}
