/*
 * test_fpenv.c - ll_fpenv: a thread starts with IEEE subnormals; flushing
 * makes subnormal results and operands zero and gives back the mode
 * before, which ll_fpenv_set restores; the mode ignores arithmetic's sticky
 * flags; a pool's threads run each job in the caller's mode, whatever
 * their last job's was; training runs flushed, on every thread, and leaves
 * its caller's mode as it was.
 */
#include <float.h>
#include <stdatomic.h>

#include "harness.h"
#include "ll_fpenv.h"
#include "ll_mlp.h"
#include "ll_pool.h"

/* The CPU has the mode, and it is not valgrind's, which emulates SSE
 * without flushing (it ignores MXCSR's FTZ and DAZ: its manual's list of
 * limitations); the suite runs this test under valgrind with LL_VALGRIND. */
static int has_flush;

static void probe_cpu(void)
{
#if defined(__x86_64__) && defined(__SSE__)
	has_flush = !getenv("LL_VALGRIND");
#endif
}

/* Through volatile, so the compiler cannot fold them at build time (in
 * the build's mode rather than the thread's). */
static volatile float tiny = FLT_MIN, half = 0.5f, one = 1.0f;

static float subnormal_product(void)
{
	return tiny * half;
}

static void test_flush_and_restore(void)
{
	CHECK(!ll_fpenv_flushing());
	CHECK(subnormal_product() != 0.0f);
	volatile float sub = subnormal_product();
	unsigned before = ll_fpenv_get();
	unsigned saved = ll_fpenv_flush_subnormals();
	CHECK_INT(saved, before);
	CHECK_INT(ll_fpenv_flushing(), has_flush);
	if (has_flush) {
		CHECK(subnormal_product() == 0.0f); /* a result flushed */
		CHECK(sub * one == 0.0f);           /* an operand read as zero */
	}
	/* arithmetic sets sticky flags (inexact, underflow); the mode is not
	 * those, so it compares equal however much has been computed */
	unsigned flushed = ll_fpenv_get();
	volatile float x = one / 3.0f;
	(void)x;
	CHECK_INT(ll_fpenv_get(), flushed);
	/* flushing twice keeps the first mode to go back to */
	CHECK_INT(ll_fpenv_flush_subnormals(), flushed);
	ll_fpenv_set(saved);
	CHECK(!ll_fpenv_flushing());
	CHECK_INT(ll_fpenv_get(), before);
	CHECK(subnormal_product() != 0.0f);
	CHECK(sub * one == sub);
}

struct probe {
	int flushing[LL_POOL_MAX];
	float product[LL_POOL_MAX];
	atomic_int calls;
};

static void probe_job(void *arg, int t, int T)
{
	(void)T;
	struct probe *p = arg;
	p->flushing[t] = ll_fpenv_flushing();
	p->product[t] = subnormal_product();
	atomic_fetch_add(&p->calls, 1);
}

static void test_pool_takes_callers_mode(void)
{
	struct ll_pool *pool;
	struct ll_err err;
	int T = 3;
	CHECK_INT(ll_pool_new(T, &pool, &err), LL_OK);
	/* off, on, off, on: each job after a change of the caller's mode */
	for (int round = 0; round < 4; round++) {
		int flush = round % 2;
		unsigned saved = flush ? ll_fpenv_flush_subnormals() : ll_fpenv_get();
		struct probe p;
		memset(&p, 0, sizeof p);
		ll_pool_run(pool, probe_job, &p);
		CHECK_INT(atomic_load(&p.calls), T);
		for (int t = 0; t < T; t++) {
			CHECK_INT(p.flushing[t], flush && has_flush);
			CHECK((p.product[t] == 0.0f) == (flush && has_flush));
		}
		ll_fpenv_set(saved);
	}
	ll_pool_free(pool);
}

struct seen {
	int calls, flushing;
};

static int progress(const struct ll_train_progress *pr, void *ud)
{
	(void)pr;
	struct seen *s = ud;
	s->calls++;
	s->flushing += ll_fpenv_flushing();
	return 0;
}

static void test_training_flushes(void)
{
	enum { N = 256, D = 3 };
	static float X[N * D];
	static int Y[N];
	uint64_t st = 99;
	for (int i = 0; i < N; i++) {
		for (int j = 0; j < D; j++)
			X[i * D + j] = (float)(ll_test_xorshift(&st) % 1000) / 500.0f - 1.0f;
		Y[i] = X[i * D] + X[i * D + 1] > 0;
	}
	const struct ll_xy train = { X, Y, NULL, N, D };
	for (int threads = 1; threads <= 2; threads++) {
		struct ll_err err;
		struct ll_mlp_cfg c;
		memset(&c, 0, sizeof c);
		c.n_in = D;
		c.n_classes = 2;
		c.n_hidden = 1;
		c.widths[0] = 8;
		c.act = LL_ACT_RELU;
		c.seed = 4;
		struct ll_mlp *m;
		CHECK_INT(ll_mlp_new(&c, &m, &err), LL_OK);
		struct ll_train_cfg tc;
		ll_train_defaults(&tc);
		tc.epochs = 3;
		tc.batch = 64;
		tc.threads = threads;
		tc.progress_ms = 0;
		tc.n_iter_no_change = 0;
		struct seen s = { 0, 0 };
		tc.on_progress = progress;
		tc.ud = &s;
		CHECK_INT(ll_mlp_fit(m, &train, NULL, &tc, NULL, &err), LL_OK);
		CHECK(s.calls > 0);
		CHECK_INT(s.flushing, has_flush ? s.calls : 0);
		CHECK(!ll_fpenv_flushing());
		ll_mlp_free(m);
	}
}

int main(void)
{
	probe_cpu();
	test_flush_and_restore();
	test_pool_takes_callers_mode();
	test_training_flushes();
	TEST_MAIN_END();
}
