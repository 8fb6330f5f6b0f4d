/*
 * test_par_api.c - the parts of ll_par.h that test_par.c does not reach:
 * whether the build has MPI (as configure said), the in-place gather of a
 * group of one (the buffer as it was), and an abort: the hook runs first
 * and once, the message goes to the report descriptor and the exit code is
 * the status's (checked in a child process, since an abort ends it).
 */
#include "config.h"

#include "harness.h"
#include "ll_par.h"

#include <sys/wait.h>
#include <unistd.h>

static int hook_calls, hook_fd = -1;

/* Writes what it saw to the report descriptor too, so the order shows. */
static void hook(const struct ll_err *err, void *ctx)
{
	hook_calls++;
	dprintf(hook_fd, "hook %d: %s: %s\n", hook_calls, (const char *)ctx, err ? err->msg : "(none)");
	/* the hook may itself fail and abort: it must not run again */
	if (strcmp((const char *)ctx, "reentrant") == 0) {
		struct ll_err e;
		ll_err_set(&e, LL_EDATA, "hook failed too");
		ll_par_abort(LL_EDATA, &e);
	}
}

/* Aborts with status and msg (NULL: no err) in a child whose reports go to
 * a pipe; returns its exit code and fills report with what it wrote. */
static int run_abort(int status, const char *msg, const char *ctx, char *report, size_t cap)
{
	int p[2];
	if (pipe(p) != 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		hook_fd = p[1];
		ll_par_set_report_fd(p[1]);
		if (ctx)
			ll_par_on_abort(hook, (void *)ctx);
		struct ll_err e;
		ll_err_set(&e, status, "%s", msg ? msg : "");
		ll_par_abort(status, msg ? &e : NULL);
	}
	close(p[1]);
	size_t got = 0;
	ssize_t n;
	while (got + 1 < cap && (n = read(p[0], report + got, cap - 1 - got)) > 0)
		got += (size_t)n;
	report[got] = '\0';
	close(p[0]);
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(void)
{
	struct ll_err err;
#ifdef LL_HAVE_MPI
	CHECK_INT(ll_par_available(), 1);
#else
	CHECK_INT(ll_par_available(), 0);
#endif
	/* ll_par_init is not called: a group of one */
	CHECK_INT(ll_par_size(), 1);
	unsigned char buf[16];
	for (int i = 0; i < 16; i++)
		buf[i] = (unsigned char)(i * 7);
	size_t counts[1] = {16};
	CHECK_INT(ll_par_allgatherv_inplace(buf, counts, &err), LL_OK);
	int same = 1;
	for (int i = 0; i < 16; i++)
		same &= buf[i] == (unsigned char)(i * 7);
	CHECK(same);
	counts[0] = 0;
	CHECK_INT(ll_par_allgatherv_inplace(NULL, counts, &err), LL_OK);

	char report[512];
	int code = run_abort(LL_EDATA, "bad.csv:3: not a number", NULL, report, sizeof report);
	CHECK_INT(code, 2);
	CHECK_STR(report, "loglab: bad.csv:3: not a number\n");
	/* no message: the status's name */
	code = run_abort(LL_EIO, NULL, NULL, report, sizeof report);
	CHECK_INT(code, 3);
	char want[128];
	snprintf(want, sizeof want, "loglab: %s\n", ll_status_name(LL_EIO));
	CHECK_STR(report, want);
	code = run_abort(LL_OK, "ok is no abort status", NULL, report, sizeof report);
	CHECK_INT(code, 3); /* an abort always fails */
	/* the hook runs first, with the error */
	code = run_abort(LL_EUSAGE, "usage", "ctx", report, sizeof report);
	CHECK_INT(code, 1);
	CHECK_STR(report, "hook 1: ctx: usage\nloglab: usage\n");
	/* a hook failing in turn runs once; its own abort reports and exits */
	code = run_abort(LL_EIO, "first", "reentrant", report, sizeof report);
	CHECK_INT(code, 2);
	CHECK_STR(report, "hook 1: reentrant: first\nloglab: hook failed too\n");
	TEST_MAIN_END();
}
