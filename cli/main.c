/*
 * main.c - loglab's entry point: global options, verb dispatch, and
 * opening the TUI when no verb is given.
 *
 * `loglab PATH` opens the TUI on PATH: the experiments view when PATH is a
 * folder holding loglab.json, else the browser of the dataset; `loglab`
 * alone opens the workspace in the current folder if there is one, else
 * the bundled sample workspace (found beside the binary in a build tree,
 * else in the installed data directory). Verbs come from one table, so --help cannot
 * list a verb that does not exist.
 */
#include "cli.h"
#include "ds_stdin.h"
#include "ds_reader.h"
#include "ds_source.h"
#include "ds_cache.h"
#include "ll_blas.h"
#include "ll_experiment.h"
#include "ll_gemm.h"
#include "ll_limits.h"
#include "ll_par.h"
#include "tui.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

#ifndef LL_PKGDATADIR
#define LL_PKGDATADIR "/usr/local/share/loglab"
#endif

const char *cli_progname = "loglab";

static const struct cli_verb verbs[] = {
	{"info", "describe a dataset: format, rows, columns, label counts, time range", cli_info},
	{"label", "relabel rows in bulk (regex, row range, template), undo/redo, export and import", cli_label},
	{"fetch", "download a URL (http, https, s3) into the cache", cli_fetch},
	{"init", "create a workspace (loglab.json and runs/) in a folder", cli_init},
	{"build", "materialise a feature set of the workspace (matrix + manifest)", cli_build},
	{"train", "train an experiment of the workspace into a run (background, resumable)", cli_train},
	{"runs", "list runs with key metrics and stale marks; --compare runs side by side", cli_runs},
	{"eval", "apply a run's model and fitted features to another dataset; print metrics", cli_eval},
	{"predict", "score a file with a run (TSV/JSON), or --follow a growing log", cli_predict},
	{"review", "print a run's review queue (suspected new root causes); --confirm/--dismiss", cli_review},
	{"report", "write one self-contained HTML report (SVG charts) of runs", cli_report},
};

int cli_fail(int status, const struct ll_err *err)
{
	/* ll_err_set escaped the message already; cli_safe also covers one filled by hand */
	fprintf(stderr, "%s: %s\n", cli_progname, err && err->msg[0] ? cli_safe(err->msg) : ll_status_name(status));
	return ll_exit_code(status);
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: loglab [OPTIONS] [PATH|URL]\n"
		"       loglab VERB [OPTIONS] ARGS...\n"
		"\n"
		"A terminal workbench for triaging failures from logs and monitoring data.\n"
		"Without a verb, opens PATH in the interactive browser; without PATH, opens\n"
		"the bundled sample workspace. PATH may be a file, a folder or a glob (a\n"
		"fleet), a tar, zip or 7z archive (the folder it holds), or - for standard\n"
		"input (cmd | loglab -); compressed files (gzip, bzip2, xz, zstd, lz4,\n"
		"lzma, .Z) are read as text, a spreadsheet (.xlsx, .xls, .xlsb, .ods) as\n"
		"its first sheet, a systemd journal (system.journal, or its folder\n"
		"/var/log/journal/ID/, or journalctl -o export's text) as journalctl -o\n"
		"json would print it, without journalctl, a Parquet file as its CSV\n"
		"export would be, a Windows event log (Security.evtx) as Event Viewer's\n"
		"XML export, without Windows, an SQLite database as the CSV export of\n"
		"its table with the most values. A plain log or table (CSV/TSV, dstat,\n"
		"JSON Lines) open in the browser is followed as it grows, as less +F:\n"
		"new lines or rows join about once a second (\"+N rows\").\n"
		"\n"
		"Verbs (each answers --help):\n");
	for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
		fprintf(out, "  %-8s %s\n", verbs[i].name, verbs[i].summary);
	fprintf(out,
		"\n"
		"Options given before a verb are its own: loglab -f csv info F is\n"
		"loglab info -f csv F.\n"
		"\n"
		"Options:\n"
		"  -f, --format NAME     read PATH as format NAME instead of detecting it\n"
		"                        (loglab info --formats lists them); csv:label=COL\n"
		"                        (json:, jsonl:, xlsx:, xls:, xlsb:, ods:, sqlite:,\n"
		"                        parquet: too)\n"
		"                        takes the classes from column COL; auto:label=COL\n"
		"                        detects the format;\n"
		"                        xlsx:sheet=NAME (xls:, xlsb:, ods: too) reads that\n"
		"                        sheet, sqlite:table=NAME that table or view; a\n"
		"                        suffix :entity=none keeps a long table long\n"
		"      --header PATTERN  split log lines with this header instead of the\n"
		"                        inferred one, e.g. '<time> [<level>] <message>'\n"
		"      --keys SCRIPT     feed keys to the TUI without a terminal (for tests;\n"
		"                        needs --dump-screen)\n"
		"      --dump-screen RxC run headless on a ROWS x COLS screen and print the\n"
		"                        final screen as text\n"
		"  -h, --help            show this help\n"
		"  -V, --version         show the version and the matrix kernels in use\n"
		"\n"
		"Exit codes: 0 ok, 1 usage error, 2 data error, 3 I/O error.\n"
		"See loglab(1) for keys and formats.\n");
}

/* Copies every regular file of folder from into folder to (made if
 * missing); 0 on success. */
static int copy_folder_files(const char *from, const char *to)
{
	if (mkdir(to, 0755) != 0 && errno != EEXIST)
		return -1;
	DIR *d = opendir(from);
	if (!d)
		return -1;
	int rc = 0;
	struct dirent *e;
	char src[PATH_MAX + 512], dst[PATH_MAX + 512], chunk[65536];
	while (rc == 0 && (e = readdir(d)) != NULL) {
		snprintf(src, sizeof src, "%s/%s", from, e->d_name);
		snprintf(dst, sizeof dst, "%s/%s", to, e->d_name);
		struct stat st;
		if (stat(src, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		FILE *in = fopen(src, "rb"), *out = in ? fopen(dst, "wb") : NULL;
		size_t n;
		while (in && out && (n = fread(chunk, 1, sizeof chunk, in)) > 0)
			if (fwrite(chunk, 1, n, out) != n)
				rc = -1;
		if (!in || !out || ferror(in))
			rc = -1;
		if (out && fclose(out) != 0)
			rc = -1;
		if (in)
			fclose(in);
	}
	closedir(d);
	return rc;
}

/* An installed sample is read-only for users, but training writes runs/
 * into the workspace: the user gets a copy of their own, made once, in
 * $XDG_DATA_HOME/loglab/sample (default ~/.local/share/loglab/sample). */
static int user_copy_of_sample(char *buf, size_t cap)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	char base[PATH_MAX], dir[PATH_MAX + 16];
	if (xdg && *xdg)
		snprintf(base, sizeof base, "%s", xdg);
	else if (home && *home)
		snprintf(base, sizeof base, "%s/.local/share", home);
	else
		return 0; /* no home: use the installed copy as it is */
	for (char *p = base + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(base, 0755);
			*p = '/';
		}
	}
	mkdir(base, 0755);
	snprintf(dir, sizeof dir, "%s/loglab", base);
	mkdir(dir, 0755);
	snprintf(dir, sizeof dir, "%s/loglab/sample", base);
	struct stat st;
	char json[PATH_MAX + 32];
	snprintf(json, sizeof json, "%s/loglab.json", dir);
	if (stat(json, &st) != 0 && copy_folder_files(buf, dir) != 0) {
		fprintf(stderr, "%s: note: cannot copy the sample workspace to %s; opening it read-only\n",
			cli_progname, dir);
		return 0;
	}
	snprintf(buf, cap, "%s", dir);
	return 0;
}

/* The sample workspace folder: beside the binary (build tree) or installed. */
static int sample_path(char *buf, size_t cap)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	struct stat st;
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, cap, "%s/sample/loglab.json", exe);
			if (stat(buf, &st) == 0) {
				snprintf(buf, cap, "%s/sample", exe);
				return 0;
			}
		}
	}
	snprintf(buf, cap, "%s/sample/loglab.json", LL_PKGDATADIR);
	int rc = stat(buf, &st) == 0 ? 0 : -1;
	snprintf(buf, cap, "%s/sample", LL_PKGDATADIR);
	if (rc == 0 && access(buf, W_OK) != 0)
		return user_copy_of_sample(buf, cap);
	return rc;
}

/* 1 when path is a workspace: a folder holding loglab.json. */
static int is_workspace(const char *path)
{
	char buf[PATH_MAX + 32];
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return 0;
	snprintf(buf, sizeof buf, "%s/loglab.json", path);
	return stat(buf, &st) == 0;
}

const char *cli_workspace_dir(const char *wsdir, int given, char *buf, size_t cap)
{
	if (given || is_workspace(wsdir) || sample_path(buf, cap) != 0 || !is_workspace(buf))
		return wsdir;
	fprintf(stderr, "%s: no %s here; using the sample workspace %s (loglab init makes one here)\n", cli_progname,
		"loglab.json", cli_safe(buf));
	return buf;
}

static int parse_size(const char *s, int *rows, int *cols)
{
	char tail;
	if (sscanf(s, "%dx%d%c", rows, cols, &tail) != 2 || *rows < 2 || *cols < 10 || *rows > 1000 || *cols > 1000)
		return -1;
	return 0;
}

/* Which kernels multiply the models' matrices here: a slow training is
 * often OpenBLAS running old kernels on a CPU newer than it knows. */
static void print_engine(void)
{
	enum ll_gemm_kernel k = ll_gemm_kernel();
	const char *own = k == LL_GEMM_AVX512 ? "AVX-512" : k == LL_GEMM_AVX2 ? "AVX2" : "portable C";
	printf("engine: loglab's %s matrix kernel and OpenBLAS's %s kernels%s\n", own, ll_blas_core(),
	       ll_blas_core_sse_only() ? " (SSE only: loglab's kernel takes every product it can)" : "");
}

static const struct cli_verb *find_verb(const char *name)
{
	for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
		if (strcmp(name, verbs[i].name) == 0)
			return &verbs[i];
	return NULL;
}

/* Options before a verb are the verb's: "loglab -f csv info F" runs as
 * "loglab info -f csv F" (the verb moved first, in argv), so the verb
 * takes them or names the one it refuses. The verb is the first argument
 * that is no option nor the value of one of the browser's options (-f,
 * --format, --header, --keys, --dump-screen): a PATH named like a verb
 * needs ./ there as it does alone. After "--" nothing is moved. */
static void verb_first(int argc, char **argv)
{
	static const char *const valued[] = {"-f", "--format", "--header", "--keys", "--dump-screen"};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0)
			return;
		if (a[0] != '-' || !a[1]) {
			if (i == 1 || !find_verb(a))
				return;
			memmove(argv + 2, argv + 1, (size_t)(i - 1) * sizeof *argv);
			argv[1] = (char *)a;
			return;
		}
		for (size_t v = 0; v < sizeof valued / sizeof *valued; v++)
			if (strcmp(a, valued[v]) == 0) {
				i++;
				break;
			}
	}
}

int main(int argc, char **argv)
{
	/* Past a file size limit, writes must fail with EFBIG and be reported
	 * like a full disk, not kill the process with a label half-saved. */
	signal(SIGXFSZ, SIG_IGN);
	struct ll_err limit_err;
	ll_err_clear(&limit_err);
	/* a mistyped variable would otherwise leave its default in force
	 * without a word */
	int bad_limit = ll_limits_check_env(&limit_err);
	if (bad_limit == LL_OK)
		bad_limit = ds_cache_check_env(&limit_err);
	if (bad_limit == LL_OK)
		bad_limit = ll_exp_threads_check_env(&limit_err);
	if (bad_limit != LL_OK)
		return cli_fail(bad_limit, &limit_err);
	verb_first(argc, argv);
	const struct cli_verb *verb = argc > 1 && argv[1][0] != '-' ? find_verb(argv[1]) : NULL;
	if (verb) {
		int stop = cli_par_start(verb->name, &argc, &argv);
		if (stop)
			return stop;
		return cli_par_end(verb->run(argc - 1, argv + 1));
	}
	/* the browser is one process; under several ranks, say so */
	int stop = cli_par_start(NULL, &argc, &argv);
	if (stop)
		return stop;
	ll_par_finalize();
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'}, {"keys", required_argument, NULL, 'k'},
		{"dump-screen", required_argument, NULL, 'D'}, {"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'}, {"header", required_argument, NULL, 'H'}, {NULL, 0, NULL, 0}};
	struct ds_open_opts o = {0};
	const char *keys = NULL, *dump = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "f:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			o.format = optarg;
			break;
		case 'H':
			o.header = optarg;
			break;
		case 'k':
			keys = optarg;
			break;
		case 'D':
			dump = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("loglab %s%s\n", PACKAGE_VERSION, ll_par_available() ? " (with MPI)" : "");
			print_engine();
			return 0;
		default:
			/* a verb's option before a value ("loglab --workspace W
			 * runs"): the verb was not found first, say where it goes */
			for (int i = 1; i < argc; i++)
				if (find_verb(argv[i])) {
					fprintf(stderr, "%s: the options of %s go after it: %s %s [OPTIONS] ... (see %s %s --help)\n",
						cli_progname, argv[i], cli_progname, argv[i], cli_progname, argv[i]);
					return 1;
				}
			usage(stderr);
			return 1;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "%s: one PATH at a time (got %d); see --help\n", cli_progname, argc - optind);
		return 1;
	}
	if (o.format && !ds_format_known(o.format)) {
		fprintf(stderr, "%s: unknown format '%s' (loglab info --formats lists them)\n", cli_progname,
			cli_safe(o.format));
		return 1;
	}
	char sample[PATH_MAX + 64];
	const char *path = optind < argc ? argv[optind] : NULL;
	if (!path && is_workspace("."))
		path = ".";
	if (!path) {
		if (sample_path(sample, sizeof sample) != 0) {
			fprintf(stderr, "%s: no PATH given and the sample workspace is not installed (%s)\n",
				cli_progname, sample);
			return 3;
		}
		path = sample;
	}
	struct ll_err err;
	ll_err_clear(&err);
	int rc;
	if (dump) {
		int rows, cols;
		if (parse_size(dump, &rows, &cols) != 0) {
			fprintf(stderr, "%s: --dump-screen wants ROWSxCOLS such as 30x100, got '%s'\n", cli_progname,
				cli_safe(dump));
			return 1;
		}
		if (is_workspace(path))
			rc = tui_run_workspace_script(path, path == sample, keys ? keys : "", rows, cols, stdout, &err);
		else
			rc = tui_run_script(path, &o, keys ? keys : "", rows, cols, stdout, &err);
	} else if (keys) {
		fprintf(stderr, "%s: --keys needs --dump-screen\n", cli_progname);
		return 1;
	} else {
		/* piped in: read to its end, then the keys come from the terminal;
		 * binary junk is refused at its start unless a format was named */
		if (ds_stdin_is(path) &&
		    (rc = ds_stdin_read_judged(o.format ? NULL : ds_source_judge_start, "-", &(const char *){NULL},
					       &(size_t){0}, &err)) != LL_OK)
			return cli_fail(rc, &err);
		if (ds_stdin_is(path) && ds_stdin_reattach_tty() != 0) {
			fprintf(stderr, "%s: -: the browser reads keys from a terminal, and there is none to reopen; "
					"for scripts use a verb such as `loglab info -`\n",
				cli_progname);
			return 1;
		}
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			fprintf(stderr, "%s: the browser needs a terminal; for scripts use a verb such as `loglab info`\n",
				cli_progname);
			return 1;
		}
		rc = is_workspace(path) ? tui_run_workspace(path, path == sample, &err) : tui_run(path, &o, &err);
	}
	if (rc != LL_OK)
		return cli_fail(rc, &err);
	return 0;
}
