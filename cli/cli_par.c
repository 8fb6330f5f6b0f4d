/*
 * cli_par.c - running a verb as one rank of an MPI job (core/ll_par.h).
 *
 * Under mpirun or srun every rank runs the same command line. The verbs
 * that spread their work over ranks (train, build) run on all of them;
 * rank 0 alone speaks: the others' stdout and stderr go to /dev/null, and
 * only an abort (ll_par_abort) still reaches the terminal from them,
 * through a copy of their original stderr. Any other verb under several
 * ranks is a usage error rather than N copies of the same work.
 * Every rank reads the data itself, so cli_par_same_data checks that they
 * all read the same before they train on it together.
 */
#include "cli.h"
#include "ds_runs.h"
#include "ll_par.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
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

/* A limit in seconds, "auto" (LL_PAR_TIMEOUT_AUTO, -1), or -2 when not one. */
static double timeout_value(const char *value)
{
	if (strcmp(value, "auto") == 0)
		return LL_PAR_TIMEOUT_AUTO;
	char *end = NULL;
	errno = 0;
	double s = strtod(value, &end);
	if (end == value || *end || errno || !isfinite(s) || s < 0)
		return -2;
	return s;
}

/* The limit for starting MPI, which waits for every rank before the
 * options are read: LOGLAB_RANK_TIMEOUT, or --rank-timeout in the command
 * line. A bad value is said once MPI runs (by rank 0 alone); until then
 * the default holds. */
static void start_timeout(int argc, char **argv)
{
	const char *v = getenv("LOGLAB_RANK_TIMEOUT");
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--rank-timeout") == 0 && i + 1 < argc)
			v = argv[i + 1];
		else if (strncmp(argv[i], "--rank-timeout=", 15) == 0)
			v = argv[i] + 15;
	}
	double s = v && *v ? timeout_value(v) : -2;
	if (s > -1.5)
		ll_par_set_timeout(s);
}

int cli_par_start(const char *verb, int *argc, char ***argv)
{
	if (!ll_par_launched())
		return 0;
	struct ll_err err;
	ll_err_clear(&err);
	start_timeout(*argc, *argv);
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
	const char *t = getenv("LOGLAB_RANK_TIMEOUT");
	if (t && *t && cli_par_timeout(t, "LOGLAB_RANK_TIMEOUT")) {
		ll_par_finalize();
		return 1;
	}
	if (ll_par_rank() != 0)
		quiet_rank();
	return 0;
}

int cli_par_timeout(const char *value, const char *from)
{
	double s = timeout_value(value);
	if (s < -1.5) {
		if (ll_par_rank() == 0)
			fprintf(stderr,
				"%s: %s: \"%s\" is not a number of seconds (0 for no limit) or \"auto\"\n",
				cli_progname, from, cli_safe(value));
		return 1;
	}
	ll_par_set_timeout(s);
	return 0;
}

/* what a rank read: equal on every rank unless the files differ */
struct read_digest {
	char data[DS_SHA_HEX], labels[DS_SHA_HEX], fingerprint[DS_SHA_HEX];
	uint64_t n, steps, d, train, dev, test;
};

int cli_par_same_data(const struct ds_fsdata *fs, const char *path, struct ll_err *err)
{
	const int P = ll_par_size();
	if (P == 1)
		return LL_OK;
	struct read_digest me, *all = calloc((size_t)P, sizeof *all);
	if (!all) /* this rank alone, while the others wait in the all-gather */
		ll_par_abort(ll_err_set(err, LL_ENOMEM, "out of memory"), err);
	memset(&me, 0, sizeof me);
	memcpy(me.data, fs->data_sha, DS_SHA_HEX);
	memcpy(me.labels, fs->labels_sha, DS_SHA_HEX);
	memcpy(me.fingerprint, fs->fingerprint, DS_SHA_HEX);
	me.n = fs->fm.n, me.steps = fs->fm.steps, me.d = fs->fm.d;
	me.train = ll_featmat_count(&fs->fm, LL_SPLIT_TRAIN);
	me.dev = ll_featmat_count(&fs->fm, LL_SPLIT_DEV);
	me.test = ll_featmat_count(&fs->fm, LL_SPLIT_TEST);
	int rc = ll_par_allgather(&me, sizeof me, all, err);
	/* every rank holds the same digests, so every rank finds the same
	 * verdict: ranks that trained on different samples would wait for
	 * each other's sums for ever or mix two data sets into one model */
	for (int r = 1; rc == LL_OK && r < P; r++) {
		const struct read_digest *a = &all[0], *b = &all[r];
		const char *why = "the data changed while the ranks read it, or the ranks do not see the same files "
				  "(other working directories or file systems); run it again once they agree";
		if (strcmp(a->data, b->data) != 0)
			rc = ll_err_set(err, LL_EDATA, "%s: rank %d of %d read other bytes than rank 0 (SHA-256 %.12s against %.12s): %s",
					path, r, P, b->data, a->data, why);
		else if (strcmp(a->labels, b->labels) != 0)
			rc = ll_err_set(err, LL_EDATA, "%s: rank %d of %d read other labels than rank 0 (its label file or journal): %s",
					path, r, P, why);
		else if (strcmp(a->fingerprint, b->fingerprint) != 0)
			rc = ll_err_set(err, LL_EDATA,
					"%s: rank %d of %d built the feature set from another recipe than rank 0 (a different "
					"loglab.json?): %s",
					path, r, P, why);
		else if (memcmp(&a->n, &b->n, sizeof *a - offsetof(struct read_digest, n)) != 0)
			rc = ll_err_set(err, LL_EDATA,
					"%s: rank %d of %d built %llu samples x %llu x %llu (train %llu, dev %llu, test %llu) where rank "
					"0 built %llu x %llu x %llu (train %llu, dev %llu, test %llu): %s",
					path, r, P, (unsigned long long)b->n, (unsigned long long)b->steps,
					(unsigned long long)b->d, (unsigned long long)b->train, (unsigned long long)b->dev,
					(unsigned long long)b->test, (unsigned long long)a->n, (unsigned long long)a->steps,
					(unsigned long long)a->d, (unsigned long long)a->train, (unsigned long long)a->dev,
					(unsigned long long)a->test, why);
	}
	free(all);
	return rc;
}

int cli_par_end(int code)
{
	ll_par_finalize();
	return code;
}
