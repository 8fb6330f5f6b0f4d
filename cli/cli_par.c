/*
 * cli_par.c - running a verb as one rank of an MPI job (core/ll_par.h).
 *
 * Under mpirun or srun every rank runs the same command line. The verbs
 * that spread their work over ranks (train, build) run on all of them;
 * rank 0 alone speaks: the others' stdout and stderr go to /dev/null, and
 * only an abort (ll_par_abort) still reaches the terminal from them,
 * through a copy of their original stderr. Any other verb under several
 * ranks is a usage error rather than N copies of the same work.
 */
#include "cli.h"
#include "ll_par.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static int spreads(const char *verb)
{
	return verb && (strcmp(verb, "train") == 0 || strcmp(verb, "build") == 0);
}

static void quiet_rank(void)
{
	int keep = dup(STDERR_FILENO);
	if (keep >= 0) {
		fcntl(keep, F_SETFD, FD_CLOEXEC);
		ll_par_set_report_fd(keep);
	}
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null >= 0) {
		fflush(stdout);
		fflush(stderr);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		close(null);
	}
}

int cli_par_start(const char *verb, int *argc, char ***argv)
{
	if (!ll_par_launched())
		return 0;
	struct ll_err err;
	ll_err_clear(&err);
	int rc = ll_par_init(argc, argv, &err);
	if (rc) /* every copy meets it: the first says it */
		return ll_par_rank() == 0 ? cli_fail(rc, &err) : ll_exit_code(rc);
	if (ll_par_size() > 1 && !spreads(verb)) {
		if (ll_par_rank() == 0)
			fprintf(stderr,
				"%s: %s does not run on MPI; only `loglab train` and `loglab build` spread over "
				"ranks (run this one without mpirun/srun)\n",
				cli_progname, verb ? verb : "the browser");
		ll_par_finalize();
		return 1;
	}
	if (ll_par_rank() != 0)
		quiet_rank();
	return 0;
}

int cli_par_end(int code)
{
	ll_par_finalize();
	return code;
}
