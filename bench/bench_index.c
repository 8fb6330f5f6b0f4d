/*
 * bench_index.c - times building the line index of one file.
 *
 * usage: bench_index [-b] [-p PARTS] FILE
 *        bench_index -x COMMAND [ARG...]
 *
 * Default: ds_lineindex_open in the foreground (the scan ends before it
 * returns), which is what bench_index.sh compares with `wc -l`. With -b the
 * scan runs in the background and the time until the first 50 lines are
 * readable is printed as well (what the browser waits for). -p scans in
 * PARTS parts (LOGLAB_INDEX_PARTS; 1 = one thread).
 *
 * Output, one "key value" per line: lines, seconds, cpu_seconds (all
 * threads, since process start), index_bytes_per_line
 * (ds_lineindex_memory divided by lines) and peak_rss_kb (getrusage:
 * the index, the read buffers and the program).
 *
 * -x runs COMMAND and prints its wall seconds, CPU seconds (user + system,
 * from wait4, which the kernel keeps to the nanosecond, unlike the 10 ms
 * of /usr/bin/time's format) and peak RSS, so bench_index.sh can time
 * `wc -l` and lnav the same way on a shared machine where wall time alone
 * is noisy. COMMAND's output goes to stdout first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ds_lineindex.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double tv_secs(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static int run_command(char **argv)
{
	double t0 = now();
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("bench_index: fork");
		return 3;
	}
	if (pid == 0) {
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("bench_index: wait4");
		return 3;
	}
	double wall = now() - t0;
	printf("wall_seconds %.4f\n", wall);
	printf("cpu_seconds %.4f\n", tv_secs(ru.ru_utime) + tv_secs(ru.ru_stime));
	printf("peak_rss_kb %ld\n", ru.ru_maxrss);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 3;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "-x") == 0)
		return run_command(argv + 2);
	int background = 0, argi = 1;
	if (argi < argc && strcmp(argv[argi], "-b") == 0) {
		background = 1;
		argi++;
	}
	if (argi + 1 < argc && strcmp(argv[argi], "-p") == 0) {
		setenv("LOGLAB_INDEX_PARTS", argv[argi + 1], 1);
		argi += 2;
	}
	if (argc - argi != 1) {
		fprintf(stderr, "usage: bench_index [-b] [-p PARTS] FILE\n");
		return 1;
	}
	struct ll_err err;
	struct ds_lineindex *ix;
	double t0 = now();
	int rc = ds_lineindex_open(&ix, argv[argi], background, &err);
	if (rc != LL_OK) {
		fprintf(stderr, "bench_index: %s\n", err.msg);
		return ll_exit_code(rc);
	}
	if (background) {
		/* What the browser's first screen needs. */
		while (ds_lineindex_count(ix) < 50 && !ds_lineindex_done(ix)) {
			struct timespec ts = {0, 20000};
			nanosleep(&ts, NULL);
		}
		printf("first_50_lines_ms %.3f\n", (now() - t0) * 1e3);
		ds_lineindex_wait(ix);
	}
	double secs = now() - t0;
	struct rusage self;
	getrusage(RUSAGE_SELF, &self);
	double cpu = tv_secs(self.ru_utime) + tv_secs(self.ru_stime);
	size_t lines = ds_lineindex_count(ix);
	size_t heap = ds_lineindex_memory(ix);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("lines %zu\n", lines);
	printf("seconds %.4f\n", secs);
	printf("cpu_seconds %.4f\n", cpu);
	printf("index_bytes_per_line %.2f\n", lines ? (double)heap / (double)lines : 0.0);
	printf("peak_rss_kb %ld\n", ru.ru_maxrss);
	ds_lineindex_close(ix);
	return 0;
}
