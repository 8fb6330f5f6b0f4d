/*
 * test_models_api.c - the smaller public parts of the models that their
 * scenario tests pass by: the autoencoder's shape accessors and its model
 * file sections (round trip, absent and forged shapes); the forecaster's
 * sections (forged shapes); the detector's settings check (each refusal
 * names its key) and its sections; logistic regression's settings check
 * and fitted-class count; the LSTM's data check (each malformed sequence
 * named) and training task; the optimiser's reset; an experiment's copy of
 * its settings; and k-means' settings check, shape accessors and row share.
 */
#include "harness.h"
#include "ll_ae.h"
#include "ll_detect.h"
#include "ll_experiment.h"
#include "ll_fcast.h"
#include "ll_kmeans.h"
#include "ll_logreg.h"
#include "ll_lstm.h"
#include "ll_model_io.h"
#include "ll_optim.h"

static void test_ae_sections(void)
{
	struct ll_err err;
	struct ll_ae *a, *b;
	CHECK_INT(ll_ae_new(7, 3, 42, &a, &err), LL_OK);
	CHECK_INT(ll_ae_inputs(a), 7);
	CHECK_INT(ll_ae_hidden(a), 3);
	CHECK_INT(ll_ae_nparams(a), 2 * 7 * 3 + 3 + 7);
	struct ll_mio *f;
	CHECK_INT(ll_mio_new("test", NULL, &f, &err), LL_OK);
	CHECK_INT(ll_ae_put(a, f, &err), LL_OK);
	CHECK_INT(ll_ae_get(f, "m.bin", &b, &err), LL_OK);
	if (b) {
		CHECK_INT(ll_ae_inputs(b), 7);
		CHECK_INT(ll_ae_hidden(b), 3);
		CHECK(memcmp(ll_ae_params(a), ll_ae_params(b), ll_ae_nparams(a) * sizeof(float)) == 0);
		ll_ae_free(b);
	}
	ll_mio_free(f);

	/* no sections at all */
	CHECK_INT(ll_mio_new("test", NULL, &f, &err), LL_OK);
	b = (struct ll_ae *)&err;
	CHECK_INT(ll_ae_get(f, "m.bin", &b, &err), LL_EDATA);
	CHECK(b == NULL);
	CHECK(strstr(err.msg, "ae_shape") != NULL);
	/* a shape of 0 or too large is refused naming the numbers */
	int64_t zero[2] = {0, 4};
	ll_mio_put(f, "ae_shape", LL_MIO_I64, zero, 2, &err);
	CHECK_INT(ll_ae_get(f, "m.bin", &b, &err), LL_EDATA);
	CHECK_STR(err.msg, "m.bin: autoencoder shape 0 x 4 out of range");
	ll_mio_free(f);
	/* a shape that does not match the parameters stored */
	CHECK_INT(ll_mio_new("test", NULL, &f, &err), LL_OK);
	int64_t shape[2] = {8, 3};
	ll_mio_put(f, "ae_shape", LL_MIO_I64, shape, 2, &err);
	ll_mio_put(f, "ae_params", LL_MIO_F32, ll_ae_params(a), ll_ae_nparams(a), &err);
	CHECK_INT(ll_ae_get(f, "m.bin", &b, &err), LL_EDATA);
	CHECK(b == NULL);
	CHECK(strstr(err.msg, "m.bin") == err.msg);
	ll_mio_free(f);
	/* a forged shape in range but far beyond the parameters stored (an
	 * 8 TiB model) is refused before anything is allocated for it */
	CHECK_INT(ll_mio_new("test", NULL, &f, &err), LL_OK);
	int64_t huge[2] = {1 << 24, 1 << 16};
	ll_mio_put(f, "ae_shape", LL_MIO_I64, huge, 2, &err);
	ll_mio_put(f, "ae_params", LL_MIO_F32, ll_ae_params(a), ll_ae_nparams(a), &err);
	ll_err_clear(&err);
	CHECK_INT(ll_ae_get(f, "m.bin", &b, &err), LL_EDATA);
	CHECK(strstr(err.msg, "m.bin") == err.msg);
	ll_mio_free(f);
	ll_ae_free(a);
}

/* The forecaster's sections: a forged shape within the bounds is refused
 * before anything is allocated for it (it asked for about 2 TiB). */
static void test_fcast_sections(void)
{
	struct ll_err err;
	struct ll_fcast *f, *g;
	CHECK_INT(ll_fcast_new(3, 4, 5, 1, &f, &err), LL_OK);
	struct ll_mio *m;
	CHECK_INT(ll_mio_new("t", NULL, &m, &err), LL_OK);
	int64_t huge[3] = {1 << 20, 10, 1 << 16};
	ll_mio_put(m, "fcast_shape", LL_MIO_I64, huge, 3, &err);
	ll_mio_put(m, "fcast_params", LL_MIO_F32, ll_fcast_params(f), ll_fcast_nparams(f), &err);
	ll_err_clear(&err);
	g = f;
	CHECK_INT(ll_fcast_get(m, "f.model", &g, &err), LL_EDATA);
	CHECK(g == NULL);
	CHECK(strstr(err.msg, "f.model: section 'fcast_params' does not hold") == err.msg);
	ll_mio_free(m);
	/* the right shape with too few parameters: refused as well */
	CHECK_INT(ll_mio_new("t", NULL, &m, &err), LL_OK);
	int64_t shape[3] = {3, 4, 5};
	ll_mio_put(m, "fcast_shape", LL_MIO_I64, shape, 3, &err);
	ll_mio_put(m, "fcast_params", LL_MIO_F32, ll_fcast_params(f), ll_fcast_nparams(f) - 1, &err);
	CHECK_INT(ll_fcast_get(m, "f.model", &g, &err), LL_EDATA);
	ll_mio_free(m);
	ll_fcast_free(f);
}

static void test_detect_parts(void)
{
	struct ll_err err;
	struct ll_detect_cfg c;
	ll_detect_defaults(&c);
	CHECK_INT(ll_detect_check(&c, &err), LL_OK);
	c.method = (enum ll_thresh_method)5;
	CHECK_INT(ll_detect_check(&c, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "threshold: unknown method 5 (pot or percentile)");
	ll_detect_defaults(&c);
	c.risk = 0.5;
	CHECK_INT(ll_detect_check(&c, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "risk: must be in (0, 0.5), got 0.5") == err.msg);
	c.risk = NAN;
	CHECK_INT(ll_detect_check(&c, &err), LL_EUSAGE);
	ll_detect_defaults(&c);
	c.level = 1;
	CHECK_INT(ll_detect_check(&c, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "level:") == err.msg);
	c.level = 0.5; /* the closed end */
	CHECK_INT(ll_detect_check(&c, &err), LL_OK);
	ll_detect_defaults(&c);
	c.percentile = 100;
	CHECK_INT(ll_detect_check(&c, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "percentile:") == err.msg);
	ll_detect_defaults(&c);
	c.hold = 1.01;
	CHECK_INT(ll_detect_check(&c, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "hold:") == err.msg);
	c.hold = 1;
	CHECK_INT(ll_detect_check(&c, &err), LL_OK);
	c.hold_decay = INFINITY;
	CHECK_INT(ll_detect_check(&c, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "hold_decay:") == err.msg);
	c.hold_decay = 0;
	CHECK_INT(ll_detect_check(&c, &err), LL_EUSAGE);

	/* sections round trip: the same surprises */
	double raw[500];
	uint64_t s = 7;
	for (int i = 0; i < 500; i++)
		raw[i] = (double)(ll_test_xorshift(&s) % 10000) / 100.0;
	ll_detect_defaults(&c);
	struct ll_detect *d, *e;
	CHECK_INT(ll_detect_fit(&c, raw, 500, &d, &err), LL_OK);
	struct ll_mio *f;
	CHECK_INT(ll_mio_new("series", "fp", &f, &err), LL_OK);
	CHECK_INT(ll_detect_put(d, f, &err), LL_OK);
	CHECK_INT(ll_detect_get(f, "s.model", &e, &err), LL_OK);
	if (e) {
		CHECK(e->ntrain == d->ntrain && e->nq == d->nq && e->threshold == d->threshold);
		for (double x = 0; x < 120; x += 7.5)
			CHECK(ll_detect_surprise(d, x) == ll_detect_surprise(e, x));
		ll_detect_free(e);
	}
	ll_mio_free(f);
	/* no quantile table: refused naming the file and section */
	CHECK_INT(ll_mio_new("series", "fp", &f, &err), LL_OK);
	e = d;
	CHECK_INT(ll_detect_get(f, "s.model", &e, &err), LL_EDATA);
	CHECK(e == NULL);
	CHECK_STR(err.msg, "s.model: bad or missing 'quant' section");
	/* a calibration whose settings are out of range */
	double cf[6] = {0, 0.9, 0.98, 99, 0.5, 0.005}, tl[5] = {1, 0, 1, 0.1, 2}, q[3] = {0, 1, 2};
	int64_t nt = 10;
	ll_mio_put(f, "cfg", LL_MIO_F64, cf, 6, &err);
	ll_mio_put(f, "tail", LL_MIO_F64, tl, 5, &err);
	ll_mio_put(f, "ntrain", LL_MIO_I64, &nt, 1, &err);
	ll_mio_put(f, "quant", LL_MIO_F64, q, 3, &err);
	CHECK_INT(ll_detect_get(f, "s.model", &e, &err), LL_EDATA);
	CHECK(strstr(err.msg, "s.model: inconsistent detector calibration") == err.msg);
	ll_mio_free(f);
	/* a quantile table that decreases */
	CHECK_INT(ll_mio_new("series", "fp", &f, &err), LL_OK);
	cf[1] = 1e-3;
	q[2] = 0.5;
	ll_mio_put(f, "cfg", LL_MIO_F64, cf, 6, &err);
	ll_mio_put(f, "tail", LL_MIO_F64, tl, 5, &err);
	ll_mio_put(f, "ntrain", LL_MIO_I64, &nt, 1, &err);
	ll_mio_put(f, "quant", LL_MIO_F64, q, 3, &err);
	CHECK_INT(ll_detect_get(f, "s.model", &e, &err), LL_EDATA);
	ll_mio_free(f);
	ll_detect_free(d);
}

static void test_logreg_parts(void)
{
	struct ll_err err;
	struct ll_logreg_cfg c;
	ll_logreg_defaults(&c);
	CHECK_INT(ll_logreg_check(&c, &err), LL_OK);
	c.C = 0;
	CHECK_INT(ll_logreg_check(&c, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "C: must be a positive number, got 0");
	c.C = INFINITY;
	CHECK_INT(ll_logreg_check(&c, &err), LL_EUSAGE);
	ll_logreg_defaults(&c);
	c.tol = -1e-9;
	CHECK_INT(ll_logreg_check(&c, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "tol:") == err.msg);
	c.tol = 0;
	CHECK_INT(ll_logreg_check(&c, &err), LL_OK);
	c.max_iter = 0;
	CHECK_INT(ll_logreg_check(&c, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "max_iter: must be at least 1, got 0");

	/* four classes declared, rows of three: three fitted */
	ll_logreg_defaults(&c);
	float X[6] = {0, 1, 2, 3, 4, 5};
	int y[6] = {0, 0, 1, 1, 3, 3};
	struct ll_logreg_data dt = {.n = 6, .d = 1, .X = X, .y = y, .nclasses = 4};
	struct ll_logreg_problem *p;
	CHECK_INT(ll_logreg_problem_new(&dt, &c, &p, &err), LL_OK);
	CHECK_INT(ll_logreg_nfitted(p), 3);
	CHECK_INT(ll_logreg_nparams(p), 2 * 3);
	ll_logreg_problem_free(p);
	/* two classes: one parameter vector */
	int y2[6] = {0, 1, 0, 1, 0, 1};
	dt.y = y2;
	CHECK_INT(ll_logreg_problem_new(&dt, &c, &p, &err), LL_OK);
	CHECK_INT(ll_logreg_nfitted(p), 2);
	CHECK_INT(ll_logreg_nparams(p), 2);
	ll_logreg_problem_free(p);
	/* weights of zero take a class out */
	float w[6] = {1, 1, 1, 1, 0, 0};
	dt.y = y;
	dt.w = w;
	CHECK_INT(ll_logreg_problem_new(&dt, &c, &p, &err), LL_OK);
	CHECK_INT(ll_logreg_nfitted(p), 2);
	ll_logreg_problem_free(p);
}

static void test_lstm_data(void)
{
	struct ll_err err;
	struct ll_lstm_cfg c;
	ll_lstm_defaults(&c);
	c.n_in = 2;
	c.seq_len = 3;
	c.hidden = 4;
	struct ll_lstm *m;
	CHECK_INT(ll_lstm_new(&c, &m, &err), LL_OK);
	float X[5 * 3 * 2];
	for (int i = 0; i < 30; i++)
		X[i] = (float)i / 30;
	int y[5] = {0, 1, 0, 1, 1};
	struct ll_seqs s = {.X = X, .y = y, .n = 5};
	CHECK_INT(ll_lstm_check_data(m, &s, &err), LL_OK);
	s.y = NULL; /* prediction needs no labels */
	CHECK_INT(ll_lstm_check_data(m, &s, &err), LL_OK);
	s.y = y;

	struct ll_seqs t = s;
	t.X = NULL;
	t.ids = (const int *)y;
	CHECK_INT(ll_lstm_check_data(m, &t, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "lstm: the model expects numeric input");
	t = s;
	t.n = 0;
	CHECK_INT(ll_lstm_check_data(m, &t, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "lstm: no sequences");
	t = s;
	t.nrows = 14; /* 5 x 3 steps need 15 rows */
	CHECK_INT(ll_lstm_check_data(m, &t, &err), LL_EDATA);
	CHECK_STR(err.msg, "lstm: 14 rows cannot hold 5 sequences of 3 steps");
	/* windows over one series: the last one may not run past it */
	size_t start[3] = {0, 6, 12};
	t = s;
	t.n = 3;
	t.start = start;
	t.nrows = 15;
	CHECK_INT(ll_lstm_check_data(m, &t, &err), LL_OK);
	start[2] = 13;
	CHECK_INT(ll_lstm_check_data(m, &t, &err), LL_EDATA);
	CHECK_STR(err.msg, "lstm: sequence 2 (rows 13..15) runs past the 15 rows");
	start[2] = (size_t)-1; /* no wrap-around */
	CHECK_INT(ll_lstm_check_data(m, &t, &err), LL_EDATA);
	t = s;
	X[3 * 2 * 1 + 5] = NAN; /* sequence 1, step 2, feature 1 */
	CHECK_INT(ll_lstm_check_data(m, &t, &err), LL_EDATA);
	CHECK_STR(err.msg, "lstm: sequence 1 step 2 is not a finite number");
	X[11] = 0;
	y[4] = 2;
	CHECK_INT(ll_lstm_check_data(m, &t, &err), LL_EDATA);
	CHECK_STR(err.msg, "lstm: sequence 4 has class id 2 outside 0..1");
	y[4] = 1;
	float w[5] = {1, 1, -1, 1, 1};
	t.w = w;
	CHECK_INT(ll_lstm_check_data(m, &t, &err), LL_EDATA);
	CHECK_STR(err.msg, "lstm: sequence 2 has sample weight -1 (must be >= 0)");

	/* the task: refusals, then a task whose batch gives a loss and gradient */
	struct ll_lstm_task task;
	CHECK_INT(ll_lstm_task_init(&task, m, &s, NULL, 0, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "lstm: batch size must be >= 1 (got 0)");
	t = s;
	t.y = NULL;
	CHECK_INT(ll_lstm_task_init(&task, m, &t, NULL, 2, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "lstm: training needs labels");
	ll_lstm_task_free(&task); /* after a refusal: nothing to free, safe */
	struct ll_seqs dev = s;
	dev.n = 2;
	CHECK_INT(ll_lstm_task_init(&task, m, &s, &dev, 2, &err), LL_OK);
	CHECK_INT(task.task.n_train, 5);
	CHECK_INT(task.task.max_batch, 2);
	CHECK(task.task.evaluate != NULL && task.has_dev);
	size_t idx[2] = {1, 3};
	double loss = -1;
	CHECK_INT(task.task.batch(task.task.ctx, idx, 2, NULL, &loss, &err), LL_OK);
	CHECK(loss > 0 && isfinite(loss));
	double norm = 0;
	for (size_t i = 0; i < task.task.nparams; i++)
		norm += (double)task.task.grads[i] * task.task.grads[i];
	CHECK(norm > 0);
	double dl, acc;
	CHECK_INT(task.task.evaluate(task.task.ctx, &dl, &acc, &err), LL_OK);
	CHECK(acc >= 0 && acc <= 1);
	ll_lstm_task_free(&task);
	ll_lstm_free(m);
}

static void test_optim_reset(void)
{
	struct ll_err err;
	struct ll_optim_cfg c;
	for (int k = LL_OPT_SGD; k <= LL_OPT_ADAM; k++) {
		ll_optim_defaults(&c);
		c.kind = (enum ll_optim_kind)k;
		c.momentum = k == LL_OPT_SGD ? 0.9f : 0.0f;
		float w1[4] = {1, 2, 3, 4}, w2[4] = {1, 2, 3, 4}, g[4];
		struct ll_optim o, fresh;
		CHECK_INT(ll_optim_init(&o, &c, 4, &err), LL_OK);
		CHECK_INT(ll_optim_init(&fresh, &c, 4, &err), LL_OK);
		for (int s = 0; s < 3; s++) { /* build up state */
			for (int i = 0; i < 4; i++)
				g[i] = 0.5f * (float)(i + 1);
			ll_optim_step(&o, w1, g, 0.1f);
		}
		CHECK(o.t > 0 || k == LL_OPT_SGD);
		ll_optim_reset(&o);
		CHECK_INT(o.t, 0);
		/* after the reset a step moves w as a fresh optimiser's first step */
		memcpy(w2, w1, sizeof w1);
		float g1[4] = {0.3f, -0.2f, 0.1f, 0.0f}, g2[4];
		memcpy(g2, g1, sizeof g1);
		ll_optim_step(&o, w1, g1, 0.1f);
		ll_optim_step(&fresh, w2, g2, 0.1f);
		CHECK(memcmp(w1, w2, sizeof w1) == 0);
		ll_optim_free(&o);
		ll_optim_free(&fresh);
	}
}

static void test_exp_config(void)
{
	struct ll_err err;
	struct ll_featmat m = {0};
	CHECK_INT(ll_featmat_alloc(&m, 12, 1, 2, 1, &err), LL_OK);
	const char *names[] = {"0", "1"};
	ll_featmat_set_classes(&m, names, 2);
	for (size_t i = 0; i < 12; i++) {
		m.y[i] = (int)(i % 2);
		m.X[2 * i] = (float)i;
		m.X[2 * i + 1] = (float)(i % 2);
	}
	struct ll_exp_cfg c;
	ll_exp_defaults(&c);
	c.hidden[0] = 7;
	c.n_hidden = 1;
	c.lr = 0.125;
	c.seed = 99;
	c.epochs = 3;
	struct ll_exp *e;
	CHECK_INT(ll_exp_new(&c, &m, &e, &err), LL_OK);
	if (e) {
		const struct ll_exp_cfg *got = ll_exp_config(e);
		CHECK(got != &c); /* a copy: the caller's may go */
		CHECK_INT(got->model, LL_EXP_MLP);
		CHECK_INT(got->hidden[0], 7);
		CHECK_INT(got->n_hidden, 1);
		CHECK(got->lr == 0.125 && got->seed == 99 && got->epochs == 3);
		c.lr = 1;
		CHECK(ll_exp_config(e)->lr == 0.125);
		/* the loop's threads: LOGLAB_THREADS when valid, else at least 1 */
		struct ll_train_cfg tc;
		setenv("LOGLAB_THREADS", "3", 1);
		ll_exp_train_cfg(e, &tc);
		CHECK_INT(tc.threads, 3);
		CHECK_INT(tc.epochs, 3);
		static const char *const bad[] = {"0", "-2", "x", "3x", "100000"};
		for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
			setenv("LOGLAB_THREADS", bad[i], 1);
			ll_exp_train_cfg(e, &tc);
			CHECK(tc.threads >= 1 && tc.threads != 100000);
		}
		unsetenv("LOGLAB_THREADS");
		ll_exp_free(e);
	}
	ll_featmat_free(&m);
}

static void test_kmeans_parts(void)
{
	struct ll_err err;
	struct ll_kmeans_cfg c;
	ll_kmeans_defaults(&c);
	c.k = 3;
	CHECK_INT(ll_kmeans_check(&c, 10, 2, &err), LL_OK);
	CHECK_INT(ll_kmeans_check(&c, 3, 2, &err), LL_OK); /* k = n */
	CHECK_INT(ll_kmeans_check(&c, 2, 2, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "k-means: k = 3 is larger than the 2 rows");
	CHECK_INT(ll_kmeans_check(&c, 10, 0, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "k-means: rows have no columns");
	c.k = 0;
	CHECK_INT(ll_kmeans_check(&c, 10, 2, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "k-means: k must be >= 1 (got 0)");
	ll_kmeans_defaults(&c);
	c.k = 2;
	c.n_init = 0;
	CHECK_INT(ll_kmeans_check(&c, 10, 2, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "n_init") != NULL);
	c.n_init = 1;
	c.max_iter = 0;
	CHECK_INT(ll_kmeans_check(&c, 10, 2, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "max_iter") != NULL);
	c.max_iter = 10;
	c.tol = NAN;
	CHECK_INT(ll_kmeans_check(&c, 10, 2, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "tol") != NULL);
	c.tol = 0;
	c.threads = 0;
	CHECK_INT(ll_kmeans_check(&c, 10, 2, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "threads must be 1..") != NULL);
	c.threads = 1;
	c.local_trials = -1;
	CHECK_INT(ll_kmeans_check(&c, 10, 2, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "local_trials") != NULL);

	/* alone, this process reads every row */
	size_t lo = 9, hi = 9;
	ll_kmeans_rows(1000, &lo, &hi);
	CHECK(lo == 0 && hi == 1000);
	ll_kmeans_rows(0, &lo, &hi);
	CHECK(lo == 0 && hi == 0);

	float X[20];
	for (int i = 0; i < 10; i++) {
		X[2 * i] = i < 5 ? 0.0f + 0.1f * (float)i : 10.0f + 0.1f * (float)i;
		X[2 * i + 1] = 1.0f;
	}
	ll_kmeans_defaults(&c);
	c.k = 2;
	struct ll_kmeans *km;
	CHECK_INT(ll_kmeans_fit(X, 10, 2, &c, &km, &err), LL_OK);
	if (km) {
		CHECK_INT(ll_kmeans_dim(km), 2);
		CHECK_INT(ll_kmeans_k(km), 2);
		CHECK_INT(ll_kmeans_nrows(km), 10);
		const int *lab = ll_kmeans_labels(km);
		CHECK(lab && lab[0] == lab[4] && lab[5] == lab[9] && lab[0] != lab[9]);
		ll_kmeans_free(km);
	}
}

int main(void)
{
	test_ae_sections();
	test_fcast_sections();
	test_detect_parts();
	test_logreg_parts();
	test_lstm_data();
	test_optim_reset();
	test_exp_config();
	test_kmeans_parts();
	TEST_MAIN_END();
}
