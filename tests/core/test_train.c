/*
 * tests/core/test_train.c - the training loop: a run stopped after epoch k
 * (cancelled, or killed with SIGKILL) and resumed from its checkpoint ends
 * with weights bit-identical to an uninterrupted run; checkpoints of
 * another set-up are refused; the background trainer reports progress,
 * cancels promptly and trains exactly like the synchronous loop; 1, 2 and
 * 3 threads give the same model bytes.
 */
#include "harness.h"
#include "ll_lstm.h"
#include "ll_mlp.h"

#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define N 600
#define D 4
#define EPOCHS 6

static float X[N * D];
static int Y[N];
static char dir[] = "/tmp/ll_test_train_XXXXXX";

static void make_data(void)
{
	struct ll_rng *r = ll_rng_new(12);
	for (size_t i = 0; i < N; i++) {
		double s = 0;
		for (size_t j = 0; j < D; j++) {
			X[i * D + j] = (float)ll_rng_gauss(r, 1.0);
			s += X[i * D + j] * (double)(j + 1);
		}
		Y[i] = s > 0.5 ? 2 : s < -0.5 ? 0 : 1;
	}
	ll_rng_free(r);
}

static struct ll_mlp *new_model(void)
{
	struct ll_err err;
	struct ll_mlp_cfg c;
	memset(&c, 0, sizeof c);
	c.n_in = D;
	c.n_classes = 3;
	c.n_hidden = 2;
	c.widths[0] = 16;
	c.widths[1] = 8;
	c.act = LL_ACT_RELU;
	c.dropout = 0.1f; /* dropout draws must resume exactly too */
	c.seed = 77;
	struct ll_mlp *m = NULL;
	CHECK_INT(ll_mlp_new(&c, &m, &err), LL_OK);
	return m;
}

static void base_train_cfg(struct ll_train_cfg *tc, const char *ckpt)
{
	ll_train_defaults(tc);
	tc->epochs = EPOCHS;
	tc->batch = 32;
	tc->seed = 5;
	tc->optim.kind = LL_OPT_ADAM;
	tc->optim.lr = 0.01f;
	tc->optim.sched = LL_LR_STEP;
	tc->optim.gamma = 0.5f;
	tc->optim.step_epochs = 2;
	tc->patience = 0;
	tc->checkpoint = ckpt;
	tc->resume = 1;
	tc->fingerprint = "test-recipe";
	tc->progress_ms = 0;
}

static int stop_after = 0;

static int stop_cb(const struct ll_train_progress *p, void *ud)
{
	(void)ud;
	return p->epoch_end && p->epochs_done == stop_after;
}

static int kill_cb(const struct ll_train_progress *p, void *ud)
{
	(void)ud;
	if (p->epoch_end && p->epochs_done == stop_after)
		raise(SIGKILL); /* the checkpoint of this epoch is on disk */
	return 0;
}

static const struct ll_xy TRAIN = { X, Y, NULL, 480, D };
static const struct ll_xy DEV = { X + 480 * D, Y + 480, NULL, N - 480, D };

/* Trains to the end (resuming if ckpt exists); returns the parameters. */
static float *finish(const char *ckpt, int with_dev, int patience, struct ll_train_result *res)
{
	struct ll_err err;
	struct ll_mlp *m = new_model();
	struct ll_train_cfg tc;
	base_train_cfg(&tc, ckpt);
	tc.resume = ckpt != NULL;
	tc.patience = patience;
	int rc = ll_mlp_fit(m, &TRAIN, with_dev ? &DEV : NULL, &tc, res, &err);
	CHECK_INT(rc, LL_OK);
	if (rc)
		fprintf(stderr, "%s\n", err.msg);
	size_t n = ll_mlp_nparams(m);
	float *p = malloc(n * sizeof *p);
	memcpy(p, ll_mlp_params(m), n * sizeof *p);
	ll_mlp_free(m);
	return p;
}

static void test_resume(int with_dev, int patience)
{
	struct ll_err err;
	char a[256], b[256], k[256];
	snprintf(a, sizeof a, "%s/a%d.ckpt", dir, with_dev);
	snprintf(b, sizeof b, "%s/b%d.ckpt", dir, with_dev);
	snprintf(k, sizeof k, "%s/k%d.ckpt", dir, with_dev);
	struct ll_train_result ra, rb;
	float *pa = finish(a, with_dev, patience, &ra);
	size_t np;
	{
		struct ll_mlp *m = new_model();
		np = ll_mlp_nparams(m);
		ll_mlp_free(m);
	}

	/* cancelled at the end of epoch 3, then resumed */
	struct ll_mlp *m = new_model();
	struct ll_train_cfg tc;
	base_train_cfg(&tc, b);
	tc.patience = patience;
	tc.on_progress = stop_cb;
	stop_after = 3;
	struct ll_train_result part;
	CHECK_INT(ll_mlp_fit(m, &TRAIN, with_dev ? &DEV : NULL, &tc, &part, &err), LL_ECANCEL);
	CHECK_INT(part.epochs_done, 3);
	ll_train_result_free(&part);
	ll_mlp_free(m);
	float *pb = finish(b, with_dev, patience, &rb);
	CHECK_INT(rb.resumed_from, 3);
	CHECK_INT(rb.epochs_done, ra.epochs_done);
	CHECK_INT(rb.stop, ra.stop);
	CHECK_INT(ra.stop, with_dev && patience && ra.epochs_done < EPOCHS ? LL_TRAIN_STOP_EARLY : LL_TRAIN_STOP_EPOCHS);
	CHECK(memcmp(pa, pb, np * sizeof *pa) == 0);
	CHECK_INT(rb.n_hist, ra.n_hist);
	CHECK(memcmp(ra.hist_loss, rb.hist_loss, ra.n_hist * sizeof(double)) == 0);
	if (with_dev)
		CHECK(memcmp(ra.hist_dev_loss, rb.hist_dev_loss, ra.n_hist * sizeof(double)) == 0);

	/* killed with SIGKILL after epoch 2 in a child process, then resumed */
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct ll_mlp *mc = new_model();
		struct ll_train_cfg tk;
		base_train_cfg(&tk, k);
		tk.patience = patience;
		tk.on_progress = kill_cb;
		stop_after = 2;
		struct ll_err e2;
		ll_mlp_fit(mc, &TRAIN, with_dev ? &DEV : NULL, &tk, NULL, &e2);
		_exit(0); /* not reached */
	}
	int status = 0;
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	struct ll_train_result rk;
	float *pk = finish(k, with_dev, patience, &rk);
	CHECK_INT(rk.resumed_from, 2);
	CHECK(memcmp(pa, pk, np * sizeof *pa) == 0);
	fprintf(stderr, "resume (dev=%d): uninterrupted %d epochs; cancelled at 3 and resumed, killed at 2 and "
			"resumed: weights %s\n",
		with_dev, ra.epochs_done,
		memcmp(pa, pb, np * sizeof *pa) == 0 && memcmp(pa, pk, np * sizeof *pa) == 0 ? "bit-identical"
											  : "DIFFER");
	/* a finished checkpoint resumes to the same weights at once */
	struct ll_train_result rd;
	float *pd = finish(a, with_dev, patience, &rd);
	CHECK_INT(rd.resumed_from, ra.epochs_done);
	CHECK(memcmp(pa, pd, np * sizeof *pa) == 0);
	free(pd);
	ll_train_result_free(&rd);
	/* another set-up (learning rate) refuses the checkpoint */
	m = new_model();
	base_train_cfg(&tc, a);
	tc.patience = patience;
	tc.optim.lr = 0.02f;
	CHECK_INT(ll_mlp_fit(m, &TRAIN, with_dev ? &DEV : NULL, &tc, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "another training set-up") != NULL);
	tc.optim.lr = 0.01f;
	tc.fingerprint = "other-recipe";
	CHECK_INT(ll_mlp_fit(m, &TRAIN, with_dev ? &DEV : NULL, &tc, NULL, &err), LL_EDATA);
	ll_mlp_free(m);
	free(pa);
	free(pb);
	free(pk);
	ll_train_result_free(&ra);
	ll_train_result_free(&rb);
	ll_train_result_free(&rk);
	unlink(a);
	unlink(b);
	unlink(k);
}

/* Without a dev split, training stops when the loss has not improved by
 * tol for more than n_iter_no_change epochs (sklearn's MLP rule), says so
 * in the result, and a run cancelled before that resumes to the same end. */
static void test_train_loss_stop(void)
{
	struct ll_err err;
	char ck[256];
	snprintf(ck, sizeof ck, "%s/tol.ckpt", dir);
	struct ll_train_cfg tc;
	struct ll_train_result ra, rb, rc;
	/* tol larger than any improvement: epochs 2, 3, 4 do not count as
	 * better than epoch 1, so the run ends after epoch 4 */
	struct ll_mlp *m = new_model();
	base_train_cfg(&tc, NULL);
	tc.resume = 0;
	tc.tol = 10;
	tc.n_iter_no_change = 2;
	CHECK_INT(ll_mlp_fit(m, &TRAIN, NULL, &tc, &ra, &err), LL_OK);
	CHECK_INT(ra.epochs_done, 4);
	CHECK_INT(ra.stop, LL_TRAIN_STOP_CONVERGED);
	CHECK_STR(ll_train_stop_name(ra.stop), "converged");
	CHECK_INT(ra.best_epoch, -1);
	CHECK(isinf(ra.best_dev_loss));
	size_t np = ll_mlp_nparams(m);
	float *pa = malloc(np * sizeof *pa);
	memcpy(pa, ll_mlp_params(m), np * sizeof *pa);
	ll_mlp_free(m);
	/* cancelled after epoch 2 and resumed: the same stop, the same weights */
	m = new_model();
	base_train_cfg(&tc, ck);
	tc.tol = 10;
	tc.n_iter_no_change = 2;
	tc.on_progress = stop_cb;
	stop_after = 2;
	CHECK_INT(ll_mlp_fit(m, &TRAIN, NULL, &tc, &rb, &err), LL_ECANCEL);
	ll_train_result_free(&rb);
	tc.on_progress = NULL;
	ll_mlp_free(m);
	m = new_model();
	CHECK_INT(ll_mlp_fit(m, &TRAIN, NULL, &tc, &rb, &err), LL_OK);
	CHECK_INT(rb.resumed_from, 2);
	CHECK_INT(rb.epochs_done, 4);
	CHECK_INT(rb.stop, LL_TRAIN_STOP_CONVERGED);
	CHECK(memcmp(pa, ll_mlp_params(m), np * sizeof *pa) == 0);
	ll_mlp_free(m);
	/* a loss that keeps improving runs every epoch; the reason says so */
	m = new_model();
	base_train_cfg(&tc, NULL);
	tc.resume = 0;
	tc.tol = 0;
	tc.n_iter_no_change = 3;
	CHECK_INT(ll_mlp_fit(m, &TRAIN, NULL, &tc, &rc, &err), LL_OK);
	CHECK_INT(rc.epochs_done, EPOCHS);
	CHECK_INT(rc.stop, LL_TRAIN_STOP_EPOCHS);
	CHECK_STR(ll_train_stop_name(rc.stop), "max_epochs");
	ll_mlp_free(m);
	/* bad settings */
	m = new_model();
	tc.tol = -1;
	CHECK_INT(ll_mlp_fit(m, &TRAIN, NULL, &tc, NULL, &err), LL_EUSAGE);
	ll_mlp_free(m);
	free(pa);
	ll_train_result_free(&ra);
	ll_train_result_free(&rb);
	ll_train_result_free(&rc);
	unlink(ck);
}

/* The LSTM resumes bit-identically too (its optimiser state and schedule
 * go through the same loop). */
static void test_lstm_resume(void)
{
	struct ll_err err;
	size_t n = 64, T = 5;
	int ids[64 * 5], y[64];
	struct ll_rng *r = ll_rng_new(1);
	for (size_t i = 0; i < n; i++) {
		for (size_t t = 0; t < T; t++)
			ids[i * T + t] = (int)ll_rng_below(r, 5);
		y[i] = ids[i * T] > 2;
	}
	ll_rng_free(r);
	struct ll_lstm_cfg c;
	ll_lstm_defaults(&c);
	c.vocab = 5;
	c.embed = 3;
	c.seq_len = T;
	c.hidden = 6;
	struct ll_seqs s = { NULL, ids, y, NULL, n, NULL, 0 };
	char p1[256], p2[256];
	snprintf(p1, sizeof p1, "%s/l1.ckpt", dir);
	snprintf(p2, sizeof p2, "%s/l2.ckpt", dir);
	float *w[2];
	size_t np = 0;
	for (int run = 0; run < 2; run++) {
		struct ll_lstm *m;
		CHECK_INT(ll_lstm_new(&c, &m, &err), LL_OK);
		struct ll_train_cfg tc;
		base_train_cfg(&tc, run ? p2 : p1);
		tc.batch = 16;
		tc.optim.clip_norm = 1.0f;
		if (run) {
			tc.on_progress = stop_cb;
			stop_after = 2;
			CHECK_INT(ll_lstm_fit(m, &s, NULL, &tc, NULL, &err), LL_ECANCEL);
			ll_lstm_free(m);
			CHECK_INT(ll_lstm_new(&c, &m, &err), LL_OK);
			tc.on_progress = NULL;
		}
		CHECK_INT(ll_lstm_fit(m, &s, NULL, &tc, NULL, &err), LL_OK);
		np = ll_lstm_nparams(m);
		w[run] = malloc(np * sizeof(float));
		memcpy(w[run], ll_lstm_params(m), np * sizeof(float));
		ll_lstm_free(m);
	}
	CHECK(memcmp(w[0], w[1], np * sizeof(float)) == 0);
	free(w[0]);
	free(w[1]);
	unlink(p1);
	unlink(p2);
}

static void test_trainer_thread(void)
{
	struct ll_err err;
	/* a long run to cancel: many epochs of the MLP */
	struct ll_mlp *m = new_model();
	struct ll_mlp_task task;
	CHECK_INT(ll_mlp_task_init(&task, m, &TRAIN, &DEV, 32, &err), LL_OK);
	struct ll_train_cfg tc;
	base_train_cfg(&tc, NULL);
	tc.resume = 0;
	tc.epochs = 100000;
	struct ll_trainer *t;
	CHECK_INT(ll_trainer_start(&task.task, &tc, &t, &err), LL_OK);
	struct ll_train_progress p;
	double curve[8];
	size_t nh = 0;
	for (int i = 0; i < 2000 && nh < 3; i++) {
		struct timespec ts = { 0, 5 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		nh = ll_trainer_snapshot(t, &p, curve, NULL, NULL, 8);
	}
	CHECK(nh >= 3);
	CHECK(ll_trainer_running(t));
	CHECK(p.epochs == 100000 && p.batches == 15);
	CHECK(isfinite(curve[0]) && isfinite(p.dev_loss) && p.samples_per_s > 0 && p.eta_s > 0);
	/* a wait on a run that goes on returns at its deadline, still running */
	CHECK_INT(ll_trainer_wait(t, 20), 1);
	CHECK_INT(ll_trainer_wait(t, 0), 1);
	ll_trainer_cancel(t);
	/* and returns once the run ends, long before a deadline of a minute */
	struct timespec w0, w1;
	clock_gettime(CLOCK_MONOTONIC, &w0);
	CHECK_INT(ll_trainer_wait(t, 60000), 0);
	clock_gettime(CLOCK_MONOTONIC, &w1);
	CHECK(w1.tv_sec - w0.tv_sec < 30);
	CHECK_INT(ll_trainer_running(t), 0);
	struct ll_train_result res;
	CHECK_INT(ll_trainer_join(t, &res, &err), LL_ECANCEL);
	CHECK(strstr(err.msg, "cancelled") != NULL);
	CHECK(res.epochs_done >= 3 && res.epochs_done < 100000);
	ll_train_result_free(&res);
	ll_trainer_free(t);
	ll_mlp_task_free(&task);
	ll_mlp_free(m);

	/* a complete background run equals the synchronous one */
	struct ll_train_result rs;
	float *ps = finish(NULL, 1, 0, &rs);
	m = new_model();
	CHECK_INT(ll_mlp_task_init(&task, m, &TRAIN, &DEV, 32, &err), LL_OK);
	base_train_cfg(&tc, NULL);
	tc.resume = 0;
	CHECK_INT(ll_trainer_start(&task.task, &tc, &t, &err), LL_OK);
	while (ll_trainer_wait(t, 1000))
		;
	CHECK_INT(ll_trainer_wait(t, 0), 0);
	CHECK_INT(ll_trainer_join(t, &res, &err), LL_OK);
	CHECK_INT(res.epochs_done, EPOCHS);
	CHECK(memcmp(ps, ll_mlp_params(m), ll_mlp_nparams(m) * sizeof(float)) == 0);
	nh = ll_trainer_snapshot(t, &p, curve, NULL, NULL, 8);
	CHECK_INT(nh, EPOCHS);
	CHECK(curve[EPOCHS - 1] == rs.hist_loss[EPOCHS - 1]);
	CHECK_INT(p.epoch, EPOCHS);
	ll_trainer_free(t);
	ll_train_result_free(&res);
	ll_train_result_free(&rs);
	ll_mlp_task_free(&task);
	ll_mlp_free(m);
	free(ps);
	/* freeing a running trainer cancels and joins it */
	m = new_model();
	CHECK_INT(ll_mlp_task_init(&task, m, &TRAIN, NULL, 32, &err), LL_OK);
	tc.epochs = 100000;
	CHECK_INT(ll_trainer_start(&task.task, &tc, &t, &err), LL_OK);
	ll_trainer_free(t);
	ll_mlp_task_free(&task);
	ll_mlp_free(m);
	/* bad configuration is refused before a thread starts */
	m = new_model();
	CHECK_INT(ll_mlp_task_init(&task, m, &TRAIN, NULL, 32, &err), LL_OK);
	tc.batch = 64;
	CHECK_INT(ll_trainer_start(&task.task, &tc, &t, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "exceeds") != NULL);
	ll_mlp_task_free(&task);
	ll_mlp_free(m);
}

/* Slices on 1, 2 and 3 threads: the same bytes for the MLP (with dropout,
 * L2 and sample weights, batches of 4, 4 and 2 slices, so 3 threads run a
 * round of 3 then 1) and for the LSTM, whose embedding gradient rows are
 * shared by slices. A bad thread count is refused. */
static void test_threads(void)
{
	struct ll_err err;
	static float sw[N];
	for (size_t i = 0; i < N; i++)
		sw[i] = 0.5f + (float)(i % 3);
	struct ll_xy tr = TRAIN;
	tr.w = sw;
	float *ref = NULL;
	double ref_loss = 0;
	/* clip 0: threads share the optimiser's step by parameter range;
	 * clipping needs the whole gradient's norm, and one thread steps */
	for (int clip = 0; clip < 2; clip++) {
		for (int th = 1; th <= 3; th++) {
			struct ll_mlp *m0 = new_model(), *m;
			struct ll_mlp_cfg c = *ll_mlp_config(m0);
			c.class_weight = NULL;
			c.l2 = 1e-3f;
			CHECK_INT(ll_mlp_new(&c, &m, &err), LL_OK);
			ll_mlp_free(m0);
			struct ll_train_cfg tc;
			base_train_cfg(&tc, NULL);
			tc.resume = 0;
			tc.batch = 200;
			tc.epochs = 3;
			tc.threads = th;
			tc.optim.clip_norm = clip ? 0.05f : 0.0f;
			struct ll_train_result res;
			CHECK_INT(ll_mlp_fit(m, &tr, &DEV, &tc, &res, &err), LL_OK);
			size_t np = ll_mlp_nparams(m);
			if (!ref) {
				ref = malloc(np * sizeof *ref);
				memcpy(ref, ll_mlp_params(m), np * sizeof *ref);
				ref_loss = res.hist_loss[2];
			} else {
				CHECK(memcmp(ref, ll_mlp_params(m), np * sizeof *ref) == 0);
				CHECK(res.hist_loss[2] == ref_loss);
			}
			ll_train_result_free(&res);
			ll_mlp_free(m);
		}
		free(ref);
		ref = NULL;
	}
	struct ll_mlp *m = new_model();
	struct ll_train_cfg tc;
	base_train_cfg(&tc, NULL);
	tc.resume = 0;
	tc.threads = -1;
	CHECK_INT(ll_mlp_fit(m, &TRAIN, NULL, &tc, NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "threads") != NULL);
	ll_mlp_free(m);

	size_t n = 200, T = 6;
	static int ids[200 * 6], y[200];
	struct ll_rng *r = ll_rng_new(3);
	for (size_t i = 0; i < n; i++) {
		for (size_t t = 0; t < T; t++)
			ids[i * T + t] = (int)ll_rng_below(r, 7);
		y[i] = ids[i * T + 1] > 3;
	}
	ll_rng_free(r);
	struct ll_lstm_cfg lc;
	ll_lstm_defaults(&lc);
	lc.vocab = 7;
	lc.embed = 4;
	lc.seq_len = T;
	lc.hidden = 8;
	lc.layers = 2;
	struct ll_seqs s = { NULL, ids, y, NULL, n, NULL, 0 };
	for (int th = 1; th <= 3; th++) {
		struct ll_lstm *lm;
		CHECK_INT(ll_lstm_new(&lc, &lm, &err), LL_OK);
		base_train_cfg(&tc, NULL);
		tc.resume = 0;
		tc.batch = 192;
		tc.epochs = 2;
		tc.threads = th;
		CHECK_INT(ll_lstm_fit(lm, &s, NULL, &tc, NULL, &err), LL_OK);
		size_t np = ll_lstm_nparams(lm);
		if (!ref) {
			ref = malloc(np * sizeof *ref);
			memcpy(ref, ll_lstm_params(lm), np * sizeof *ref);
		} else {
			CHECK(memcmp(ref, ll_lstm_params(lm), np * sizeof *ref) == 0);
		}
		ll_lstm_free(lm);
	}
	free(ref);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 99;
	}
	make_data();
	test_resume(0, 0);
	test_resume(1, 2);
	test_train_loss_stop();
	test_lstm_resume();
	test_trainer_thread();
	test_threads();
	rmdir(dir);
	TEST_MAIN_END();
}
