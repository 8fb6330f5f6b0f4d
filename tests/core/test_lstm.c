/*
 * tests/core/test_lstm.c - the LSTM learns sequence tasks that need
 * memory, deterministically; windows over a series equal copied windows;
 * truncated BPTT cuts exactly where it should; bad input is refused; the
 * recurrent products on prepacked weights agree with OpenBLAS's.
 */
#include "harness.h"
#include "ll_blas.h"
#include "ll_lstm.h"

static struct ll_lstm_cfg numeric_cfg(size_t d, size_t T, size_t H)
{
	struct ll_lstm_cfg c;
	ll_lstm_defaults(&c);
	c.n_in = d;
	c.seq_len = T;
	c.hidden = H;
	c.n_classes = 2;
	c.seed = 7;
	return c;
}

/* Under valgrind (LL_VALGRIND, set by ./quickstart test's valgrind pass)
 * the tasks train two epochs on a tenth to a quarter of the rows: enough
 * to run every code path (several batches, the last one partial) for
 * memory errors, where the full runs would take minutes. Accuracy is
 * asserted by the other two passes. */
static int under_valgrind(void) { return getenv("LL_VALGRIND") != NULL; }

/* Class = sign of the sum of channel 0 over the FIRST three of 10 steps:
 * the answer must be carried through 7 steps of noise. */
static void first_steps_task(float *X, int *y, size_t n, size_t T, size_t d, uint64_t seed)
{
	struct ll_rng *r = ll_rng_new(seed);
	for (size_t i = 0; i < n; i++) {
		double s = 0;
		for (size_t t = 0; t < T; t++)
			for (size_t j = 0; j < d; j++) {
				float v = (float)ll_rng_gauss(r, 1.0);
				X[(i * T + t) * d + j] = v;
				if (t < 3 && j == 0)
					s += v;
			}
		y[i] = s > 0;
	}
	ll_rng_free(r);
}

static void test_memory_task(void)
{
	struct ll_err err;
	size_t n = under_valgrind() ? 100 : 1024, nd = n / 4, T = 10, d = 2;
	float *X = malloc((n + nd) * T * d * sizeof *X);
	int *y = malloc((n + nd) * sizeof *y);
	first_steps_task(X, y, n + nd, T, d, 1);
	struct ll_lstm_cfg c = numeric_cfg(d, T, 16);
	struct ll_train_cfg tc;
	ll_train_defaults(&tc);
	tc.epochs = under_valgrind() ? 2 : 25;
	tc.batch = 32;
	tc.optim.lr = 0.01f;
	tc.optim.clip_norm = 5.0f;
	struct ll_seqs tr = { X, NULL, y, NULL, n, NULL, 0 }, dev = { X + n * T * d, NULL, y + n, NULL, nd, NULL, 0 };
	float *first = NULL;
	for (int rep = 0; rep < 2; rep++) {
		struct ll_lstm *m;
		CHECK_INT(ll_lstm_new(&c, &m, &err), LL_OK);
		struct ll_train_result res;
		CHECK_INT(ll_lstm_fit(m, &tr, &dev, &tc, &res, &err), LL_OK);
		double acc;
		CHECK_INT(ll_lstm_evaluate(m, &dev, NULL, &acc, &err), LL_OK);
		if (rep == 0) {
			fprintf(stderr, "memory task: dev accuracy %.3f after %d epochs\n", acc, res.epochs_done);
			CHECK(under_valgrind() || acc > 0.9);
			first = malloc(ll_lstm_nparams(m) * sizeof *first);
			memcpy(first, ll_lstm_params(m), ll_lstm_nparams(m) * sizeof *first);
		} else {
			CHECK(memcmp(first, ll_lstm_params(m), ll_lstm_nparams(m) * sizeof *first) == 0);
		}
		ll_train_result_free(&res);
		ll_lstm_free(m);
	}
	free(first);
	free(X);
	free(y);
}

/* Ids 0..9; class 1 when id 7 occurs anywhere in the 12 steps (as a log
 * window containing an error template). */
static void test_ids_task(void)
{
	struct ll_err err;
	size_t n = under_valgrind() ? 100 : 1200, T = 12;
	int *ids = malloc(n * T * sizeof *ids), *y = malloc(n * sizeof *y);
	struct ll_rng *r = ll_rng_new(3);
	for (size_t i = 0; i < n; i++) {
		y[i] = 0;
		for (size_t t = 0; t < T; t++) {
			ids[i * T + t] = (int)ll_rng_below(r, 7);
		}
		if (ll_rng_uniform(r) < 0.5) {
			ids[i * T + ll_rng_below(r, T)] = 7;
			y[i] = 1;
		}
	}
	ll_rng_free(r);
	struct ll_lstm_cfg c;
	ll_lstm_defaults(&c);
	c.vocab = 10;
	c.embed = 8;
	c.seq_len = T;
	c.hidden = 16;
	c.layers = 2;
	c.seed = 2;
	struct ll_lstm *m;
	CHECK_INT(ll_lstm_new(&c, &m, &err), LL_OK);
	struct ll_train_cfg tc;
	ll_train_defaults(&tc);
	tc.epochs = under_valgrind() ? 2 : 15;
	tc.batch = 32;
	tc.optim.lr = 0.01f;
	size_t ntr = n * 5 / 6;
	struct ll_seqs tr = { NULL, ids, y, NULL, ntr, NULL, 0 }, dev = { NULL, ids + ntr * T, y + ntr, NULL, n - ntr, NULL, 0 };
	CHECK_INT(ll_lstm_fit(m, &tr, &dev, &tc, NULL, &err), LL_OK);
	double acc;
	CHECK_INT(ll_lstm_evaluate(m, &dev, NULL, &acc, &err), LL_OK);
	fprintf(stderr, "id task (2 layers): dev accuracy %.3f\n", acc);
	CHECK(under_valgrind() || acc > 0.95);
	ll_lstm_free(m);
	free(ids);
	free(y);
}

/* Many-to-many: at every step predict whether the PREVIOUS id was odd. */
static void test_many_to_many(void)
{
	struct ll_err err;
	size_t n = under_valgrind() ? 150 : 600, T = 8;
	int *ids = malloc(n * T * sizeof *ids), *y = malloc(n * T * sizeof *y);
	struct ll_rng *r = ll_rng_new(4);
	for (size_t i = 0; i < n; i++)
		for (size_t t = 0; t < T; t++) {
			ids[i * T + t] = (int)ll_rng_below(r, 6);
			y[i * T + t] = t > 0 ? ids[i * T + t - 1] & 1 : 0;
		}
	ll_rng_free(r);
	struct ll_lstm_cfg c;
	ll_lstm_defaults(&c);
	c.vocab = 6;
	c.embed = 4;
	c.seq_len = T;
	c.hidden = 12;
	c.many_to_many = 1;
	c.seed = 5;
	struct ll_lstm *m;
	CHECK_INT(ll_lstm_new(&c, &m, &err), LL_OK);
	struct ll_train_cfg tc;
	ll_train_defaults(&tc);
	tc.epochs = under_valgrind() ? 2 : 20;
	tc.batch = 20;
	tc.optim.lr = 0.02f;
	struct ll_seqs tr = { NULL, ids, y, NULL, n, NULL, 0 };
	CHECK_INT(ll_lstm_fit(m, &tr, NULL, &tc, NULL, &err), LL_OK);
	double acc;
	CHECK_INT(ll_lstm_evaluate(m, &tr, NULL, &acc, &err), LL_OK);
	fprintf(stderr, "many-to-many task: accuracy %.3f\n", acc);
	CHECK(under_valgrind() || acc > 0.95);
	float *p = malloc(2 * T * 2 * sizeof *p);
	struct ll_seqs two = { NULL, ids, y, NULL, 2, NULL, 0 };
	CHECK_INT(ll_lstm_predict_proba(m, &two, p, &err), LL_OK);
	/* sequence 1, step 3: the class follows id at step 2 */
	int want = ids[T + 2] & 1;
	CHECK(p[(T + 3) * 2 + want] >= 0.0f && p[(T + 3) * 2 + want] <= 1.0f);
	CHECK(under_valgrind() || p[(T + 3) * 2 + want] > 0.5f);
	free(p);
	ll_lstm_free(m);
	free(ids);
	free(y);
}

static void test_windows_and_bptt(void)
{
	struct ll_err err;
	size_t rows = 40, T = 6, d = 3, n = rows - T + 1;
	float *S = malloc(rows * d * sizeof *S), *W = malloc(n * T * d * sizeof *W);
	size_t *start = malloc(n * sizeof *start);
	int *y = calloc(n, sizeof *y);
	struct ll_rng *r = ll_rng_new(6);
	for (size_t i = 0; i < rows * d; i++)
		S[i] = (float)ll_rng_gauss(r, 1.0);
	ll_rng_free(r);
	for (size_t i = 0; i < n; i++) {
		start[i] = i;
		memcpy(W + i * T * d, S + i * d, T * d * sizeof *W);
		y[i] = i % 2;
	}
	struct ll_lstm_cfg c = numeric_cfg(d, T, 5);
	struct ll_lstm *m;
	CHECK_INT(ll_lstm_new(&c, &m, &err), LL_OK);
	struct ll_seqs win = { S, NULL, y, NULL, n, start, rows }, copy = { W, NULL, y, NULL, n, NULL, 0 };
	float *p1 = malloc(n * 2 * sizeof *p1), *p2 = malloc(n * 2 * sizeof *p2);
	CHECK_INT(ll_lstm_predict_proba(m, &win, p1, &err), LL_OK);
	CHECK_INT(ll_lstm_predict_proba(m, &copy, p2, &err), LL_OK);
	CHECK(memcmp(p1, p2, n * 2 * sizeof *p1) == 0);
	/* a window running past the series is refused */
	start[n - 1] = rows - T + 1;
	CHECK_INT(ll_lstm_predict_proba(m, &win, p1, &err), LL_EDATA);
	CHECK(strstr(err.msg, "runs past") != NULL);
	start[n - 1] = n - 1;
	ll_lstm_free(m);

	/* bptt >= T is full backprop, bit for bit */
	size_t np;
	float *g0;
	double l0, l1;
	CHECK_INT(ll_lstm_new(&c, &m, &err), LL_OK);
	CHECK_INT(ll_lstm_reserve(m, 8, &err), LL_OK);
	CHECK_INT(ll_lstm_grad(m, &copy, NULL, 8, &l0, &err), LL_OK);
	np = ll_lstm_nparams(m);
	g0 = malloc(np * sizeof *g0);
	memcpy(g0, ll_lstm_grads(m), np * sizeof *g0);
	ll_lstm_free(m);
	c.bptt = T;
	CHECK_INT(ll_lstm_new(&c, &m, &err), LL_OK);
	CHECK_INT(ll_lstm_reserve(m, 8, &err), LL_OK);
	CHECK_INT(ll_lstm_grad(m, &copy, NULL, 8, &l1, &err), LL_OK);
	CHECK(l0 == l1);
	CHECK(memcmp(g0, ll_lstm_grads(m), np * sizeof *g0) == 0);
	ll_lstm_free(m);
	free(g0);

	/* bptt 2, many-to-one over ids: an id seen only in the first T-2
	 * steps gets no embedding gradient; with full BPTT it does */
	int ids[2 * 6] = { 5, 5, 5, 5, 1, 2, 5, 5, 5, 5, 3, 4 }, yy[2] = { 0, 1 };
	struct ll_lstm_cfg ci;
	ll_lstm_defaults(&ci);
	ci.vocab = 6;
	ci.embed = 3;
	ci.seq_len = 6;
	ci.hidden = 4;
	struct ll_seqs s = { NULL, ids, yy, NULL, 2, NULL, 0 };
	for (int cut = 0; cut < 2; cut++) {
		ci.bptt = cut ? 2 : 0;
		CHECK_INT(ll_lstm_new(&ci, &m, &err), LL_OK);
		CHECK_INT(ll_lstm_reserve(m, 2, &err), LL_OK);
		double l;
		CHECK_INT(ll_lstm_grad(m, &s, NULL, 2, &l, &err), LL_OK);
		const float *gE = ll_lstm_grads(m) + ll_lstm_embed_offset(m);
		double g5 = fabs(gE[5 * 3]) + fabs(gE[5 * 3 + 1]) + fabs(gE[5 * 3 + 2]);
		double g3 = fabs(gE[3 * 3]) + fabs(gE[3 * 3 + 1]) + fabs(gE[3 * 3 + 2]);
		CHECK(g3 > 0);
		if (cut)
			CHECK(g5 == 0);
		else
			CHECK(g5 > 0);
		CHECK(gE[0] == 0); /* id 0 never occurs */
		ll_lstm_free(m);
	}
	free(p1);
	free(p2);
	free(S);
	free(W);
	free(start);
	free(y);
}

static void test_bad(void)
{
	struct ll_err err;
	struct ll_lstm *m = NULL;
	struct ll_lstm_cfg c = numeric_cfg(3, 5, 0);
	CHECK_INT(ll_lstm_new(&c, &m, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "hidden width") != NULL);
	c = numeric_cfg(3, 5, 4);
	c.layers = 0;
	CHECK_INT(ll_lstm_new(&c, &m, &err), LL_EUSAGE);
	c = numeric_cfg(3, 0, 4);
	CHECK_INT(ll_lstm_new(&c, &m, &err), LL_EUSAGE);
	c = numeric_cfg(3, 5, 4);
	c.vocab = 10;
	CHECK_INT(ll_lstm_new(&c, &m, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "not both") != NULL);
	struct ll_lstm_cfg ci;
	ll_lstm_defaults(&ci);
	ci.vocab = 4;
	ci.embed = 2;
	ci.seq_len = 3;
	CHECK_INT(ll_lstm_new(&ci, &m, &err), LL_OK);
	int ids[6] = { 0, 1, 2, 3, 4, 0 }, y[2] = { 0, 1 };
	struct ll_seqs s = { NULL, ids, y, NULL, 2, NULL, 0 };
	struct ll_train_cfg tc;
	ll_train_defaults(&tc);
	tc.batch = 2;
	CHECK_INT(ll_lstm_fit(m, &s, NULL, &tc, NULL, &err), LL_EDATA);
	CHECK(strstr(err.msg, "sequence 1 step 1 has id 4") != NULL);
	ids[4] = 1;
	y[1] = 5;
	CHECK_INT(ll_lstm_fit(m, &s, NULL, &tc, NULL, &err), LL_EDATA);
	y[1] = 1;
	tc.batch = 0;
	CHECK_INT(ll_lstm_fit(m, &s, NULL, &tc, NULL, &err), LL_EUSAGE);
	tc.batch = 2;
	CHECK_INT(ll_lstm_fit(m, &s, NULL, &tc, NULL, &err), LL_OK);
	ll_lstm_free(m);
}

/* The recurrent products on W_h packed once (ll_gemm_prepacked, the
 * input projection's bias in the own kernel's store) against OpenBLAS for
 * every product: the same loss and gradients within float32 rounding, and
 * each path the same bits from run to run. Two layers, widths that cut the
 * kernel's tiles, a batch that is not a multiple of 6. */
static void test_gemm_paths(void)
{
	struct ll_err err;
	static const size_t hs[] = { 9, 64 };
	for (size_t hi = 0; hi < sizeof hs / sizeof *hs; hi++) {
		size_t T = 7, d = 3, n = 11;
		float *X = malloc(n * T * d * sizeof *X);
		int *y = malloc(n * sizeof *y);
		for (size_t i = 0; i < n * T * d; i++)
			X[i] = (float)((i * 2654435761u) % 2001u) / 1000.0f - 1.0f;
		for (size_t i = 0; i < n; i++)
			y[i] = (int)(i % 2);
		struct ll_lstm_cfg c = numeric_cfg(d, T, hs[hi]);
		c.layers = 2;
		struct ll_seqs s = { X, NULL, y, NULL, n, NULL, 0 };
		float *g[3] = { NULL, NULL, NULL };
		double l[3];
		size_t np = 0;
		static const enum ll_blas_gemm way[3] = { LL_BLAS_GEMM_OPENBLAS, LL_BLAS_GEMM_AUTO, LL_BLAS_GEMM_AUTO };
		for (int w = 0; w < 3; w++) {
			enum ll_blas_gemm was = ll_blas_set_gemm(way[w]);
			struct ll_lstm *m;
			CHECK_INT(ll_lstm_new(&c, &m, &err), LL_OK);
			CHECK_INT(ll_lstm_reserve(m, n, &err), LL_OK);
			CHECK_INT(ll_lstm_grad(m, &s, NULL, n, &l[w], &err), LL_OK);
			np = ll_lstm_nparams(m);
			g[w] = malloc(np * sizeof(float));
			memcpy(g[w], ll_lstm_grads(m), np * sizeof(float));
			ll_lstm_free(m);
			ll_blas_set_gemm(was);
		}
		CHECK(l[1] == l[2] && !memcmp(g[1], g[2], np * sizeof(float)));
		CHECK(fabs(l[0] - l[1]) < 1e-5 * fabs(l[0]));
		double worst = 0, big = 0;
		for (size_t i = 0; i < np; i++) {
			double e = fabs(g[0][i] - g[1][i]);
			worst = e > worst ? e : worst;
			big = fabs(g[0][i]) > big ? fabs(g[0][i]) : big;
		}
		CHECK(big > 0 && worst < 1e-4 * big);
		for (int w = 0; w < 3; w++)
			free(g[w]);
		free(X);
		free(y);
	}
}

int main(void)
{
	test_gemm_paths();
	test_memory_task();
	test_ids_task();
	test_many_to_many();
	test_windows_and_bptt();
	test_bad();
	TEST_MAIN_END();
}
