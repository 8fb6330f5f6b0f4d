/*
 * tests/core/test_gradcheck.c - numerical gradient checks of every layer.
 *
 * The models compute in float32, where finite differences are too noisy to
 * check anything tightly. So this file carries its own straightforward
 * double-precision forward passes (written from the equations, sharing no
 * code with the engine), takes central differences of them (h = 1e-6), and
 * compares with the engine's analytic float gradients at a relative
 * tolerance of 2e-3. The same reference also checks the engine's forward
 * pass. Dropout, whose masks the reference cannot see, is checked with
 * float differences of the engine's own loss at a looser tolerance.
 */
#include "harness.h"
#include "ll_lstm.h"
#include "ll_mlp.h"

#include <stdint.h>

static double act_d(enum ll_act a, double x)
{
	switch (a) {
	case LL_ACT_RELU:
		return x > 0 ? x : 0;
	case LL_ACT_TANH:
		return tanh(x);
	case LL_ACT_SIGMOID:
		return 1 / (1 + exp(-x));
	case LL_ACT_LINEAR:
		break;
	}
	return x;
}

static double sigm(double x)
{
	return 1 / (1 + exp(-x));
}

/* -log softmax(z)[y], stably */
static double nll(const double *z, size_t c, int y)
{
	double mx = z[0];
	for (size_t k = 1; k < c; k++)
		mx = z[k] > mx ? z[k] : mx;
	double s = 0;
	for (size_t k = 0; k < c; k++)
		s += exp(z[k] - mx);
	return -(z[y] - mx - log(s));
}

/* ---- MLP ---- */

static double ref_mlp_loss(const struct ll_mlp *m, const double *w, const float *X, const int *y, const float *sw,
			   size_t nb, double *proba)
{
	const struct ll_mlp_cfg *c = ll_mlp_config(m);
	double a[64], z[64];
	double loss = 0;
	for (size_t i = 0; i < nb; i++) {
		size_t in = c->n_in;
		for (size_t j = 0; j < in; j++)
			a[j] = X[i * in + j];
		for (size_t l = 0; l <= c->n_hidden; l++) {
			size_t out = l < c->n_hidden ? c->widths[l] : c->n_classes;
			const double *W = w + ll_mlp_w_offset(m, l), *b = w + ll_mlp_b_offset(m, l);
			for (size_t o = 0; o < out; o++) {
				double s = b[o];
				for (size_t j = 0; j < in; j++)
					s += W[o * in + j] * a[j];
				z[o] = l < c->n_hidden ? act_d(c->act, s) : s;
			}
			memcpy(a, z, out * sizeof *a);
			in = out;
		}
		double s = c->class_weight[y[i]] * (sw ? sw[i] : 1.0);
		loss += s * nll(a, c->n_classes, y[i]);
		if (proba) {
			double mx = a[0], t = 0;
			for (size_t k = 1; k < c->n_classes; k++)
				mx = a[k] > mx ? a[k] : mx;
			for (size_t k = 0; k < c->n_classes; k++)
				t += exp(a[k] - mx);
			for (size_t k = 0; k < c->n_classes; k++)
				proba[i * c->n_classes + k] = exp(a[k] - mx) / t;
		}
	}
	loss /= (double)nb;
	/* L2 on weight matrices only */
	double r = 0;
	for (size_t l = 0; l <= c->n_hidden; l++)
		for (size_t k = ll_mlp_w_offset(m, l); k < ll_mlp_b_offset(m, l); k++)
			r += w[k] * w[k];
	return loss + 0.5 * c->l2 * r;
}

static void fill_data(float *X, int *y, float *sw, size_t n, size_t d, size_t C, uint64_t seed)
{
	struct ll_rng *r = ll_rng_new(seed);
	for (size_t i = 0; i < n * d; i++)
		X[i] = (float)ll_rng_gauss(r, 1.0);
	for (size_t i = 0; i < n; i++) {
		y[i] = (int)ll_rng_below(r, C);
		if (sw)
			sw[i] = (float)(0.25 + ll_rng_uniform(r));
	}
	ll_rng_free(r);
}

static void check_mlp(enum ll_act act, size_t nh, int weighted)
{
	struct ll_err err;
	struct ll_mlp_cfg c;
	memset(&c, 0, sizeof c);
	c.n_in = 5;
	c.n_classes = 3;
	c.n_hidden = nh;
	c.widths[0] = 7;
	c.widths[1] = 6;
	c.act = act;
	c.l2 = 0.05f;
	float cw[3] = { 0.5f, 2.0f, 1.25f };
	c.class_weight = weighted ? cw : NULL;
	c.seed = 11 + nh;
	struct ll_mlp *m;
	CHECK_INT(ll_mlp_new(&c, &m, &err), LL_OK);
	size_t nb = 6, np = ll_mlp_nparams(m);
	float X[6 * 5], sw[6];
	int y[6];
	fill_data(X, y, weighted ? sw : NULL, nb, 5, 3, 7);
	float *w = ll_mlp_params(m);
	/* biases start at 0; move them so every term of the gradient is exercised */
	struct ll_rng *r = ll_rng_new(3);
	for (size_t k = 0; k < np; k++)
		w[k] += (float)ll_rng_gauss(r, 0.3);
	ll_rng_free(r);
	CHECK_INT(ll_mlp_reserve(m, nb, &err), LL_OK);
	double loss;
	CHECK_INT(ll_mlp_grad(m, X, y, weighted ? sw : NULL, nb, NULL, &loss, &err), LL_OK);
	double *wd = malloc(np * sizeof *wd);
	for (size_t k = 0; k < np; k++)
		wd[k] = w[k];
	double proba[6 * 3];
	float pf[6 * 3];
	double ref = ref_mlp_loss(m, wd, X, y, weighted ? sw : NULL, nb, proba);
	CHECK_NEAR(loss, ref, 1e-5 * fabs(ref));
	CHECK_INT(ll_mlp_predict_proba(m, X, nb, pf, &err), LL_OK);
	double perr = 0;
	for (size_t i = 0; i < nb * 3; i++)
		perr = fmax(perr, fabs(pf[i] - proba[i]));
	CHECK(perr < 1e-5);
	const float *g = ll_mlp_grads(m);
	double worst = 0;
	for (size_t k = 0; k < np; k++) {
		double h = 1e-6, keep = wd[k];
		wd[k] = keep + h;
		double lp = ref_mlp_loss(m, wd, X, y, weighted ? sw : NULL, nb, NULL);
		wd[k] = keep - h;
		double lm = ref_mlp_loss(m, wd, X, y, weighted ? sw : NULL, nb, NULL);
		wd[k] = keep;
		double num = (lp - lm) / (2 * h);
		double e = fabs(g[k] - num) / (1e-3 + fabs(num));
		worst = fmax(worst, e);
		CHECK_NEAR(g[k], num, 1e-5 + 2e-3 * fabs(num));
	}
	fprintf(stderr, "mlp %s hidden=%zu weighted=%d: %zu params, worst relative error %.2e\n", ll_act_name(act),
		nh, weighted, np, worst);
	free(wd);
	ll_mlp_free(m);
}

/* Dropout: the same seed gives the same masks, so the engine's own float
 * loss can be differenced (h = 1e-2, tolerance 2e-2 relative). */
static void check_mlp_dropout(void)
{
	struct ll_err err;
	struct ll_mlp_cfg c;
	memset(&c, 0, sizeof c);
	c.n_in = 4;
	c.n_classes = 2;
	c.n_hidden = 1;
	c.widths[0] = 8;
	c.act = LL_ACT_TANH;
	c.dropout = 0.4f;
	c.seed = 5;
	struct ll_mlp *m;
	CHECK_INT(ll_mlp_new(&c, &m, &err), LL_OK);
	size_t nb = 5, np = ll_mlp_nparams(m);
	float X[5 * 4];
	int y[5];
	fill_data(X, y, NULL, nb, 4, 2, 9);
	CHECK_INT(ll_mlp_reserve(m, nb, &err), LL_OK);
	struct ll_rng *r = ll_rng_new(99);
	double loss, lp, lm;
	CHECK_INT(ll_mlp_grad(m, X, y, NULL, nb, r, &loss, &err), LL_OK);
	float *g = malloc(np * sizeof *g), *w = ll_mlp_params(m);
	memcpy(g, ll_mlp_grads(m), np * sizeof *g);
	size_t bad = 0;
	for (size_t k = 0; k < np; k++) {
		float keep = w[k], h = 1e-2f;
		w[k] = keep + h;
		ll_rng_seed(r, 99);
		ll_mlp_grad(m, X, y, NULL, nb, r, &lp, &err);
		w[k] = keep - h;
		ll_rng_seed(r, 99);
		ll_mlp_grad(m, X, y, NULL, nb, r, &lm, &err);
		w[k] = keep;
		double num = (lp - lm) / (2.0 * h);
		if (fabs(g[k] - num) > 1e-4 + 2e-2 * fabs(num))
			bad++;
	}
	CHECK_INT(bad, 0);
	/* a different seed drops other units: the loss changes */
	ll_rng_seed(r, 100);
	ll_mlp_grad(m, X, y, NULL, nb, r, &lp, &err);
	CHECK(lp != loss);
	free(g);
	ll_rng_free(r);
	ll_mlp_free(m);
}

/* ---- LSTM ---- */

/* Gates in the order i, f, g, o; see ll_lstm.h for the parameter layout. */
static double ref_lstm_loss(const struct ll_lstm *m, const double *w, const float *X, const int *ids, const int *y,
			    const float *sw, size_t nb)
{
	const struct ll_lstm_cfg *c = ll_lstm_config(m);
	size_t T = c->seq_len, H = c->hidden, L = c->layers, C = c->n_classes;
	double loss = 0;
	double *in = calloc(T * 64, sizeof(double)), *out = calloc(T * 64, sizeof(double));
	for (size_t i = 0; i < nb; i++) {
		size_t d = c->vocab ? c->embed : c->n_in;
		for (size_t t = 0; t < T; t++)
			for (size_t j = 0; j < d; j++)
				in[t * 64 + j] = c->vocab ? w[ll_lstm_embed_offset(m) + (size_t)ids[i * T + t] * d + j]
							  : X[(i * T + t) * d + j];
		for (size_t l = 0; l < L; l++) {
			const double *Wx = w + ll_lstm_wx_offset(m, l), *Wh = w + ll_lstm_wh_offset(m, l),
				     *b = w + ll_lstm_b_offset(m, l);
			double h[64] = { 0 }, cs[64] = { 0 }, gt[256];
			for (size_t t = 0; t < T; t++) {
				for (size_t r = 0; r < 4 * H; r++) {
					double s = b[r];
					for (size_t j = 0; j < d; j++)
						s += Wx[r * d + j] * in[t * 64 + j];
					for (size_t j = 0; j < H; j++)
						s += Wh[r * H + j] * h[j];
					gt[r] = s;
				}
				for (size_t j = 0; j < H; j++) {
					double ig = sigm(gt[j]), fg = sigm(gt[H + j]), gg = tanh(gt[2 * H + j]),
					       og = sigm(gt[3 * H + j]);
					cs[j] = fg * cs[j] + ig * gg;
					h[j] = og * tanh(cs[j]);
					out[t * 64 + j] = h[j];
				}
			}
			double *tmp = in;
			in = out;
			out = tmp;
			d = H;
		}
		const double *Wo = w + ll_lstm_wout_offset(m), *bo = Wo + C * H;
		size_t first = c->many_to_many ? 0 : T - 1;
		for (size_t t = first; t < T; t++) {
			double z[16];
			for (size_t k = 0; k < C; k++) {
				double s = bo[k];
				for (size_t j = 0; j < H; j++)
					s += Wo[k * H + j] * in[t * 64 + j];
				z[k] = s;
			}
			int yy = c->many_to_many ? y[i * T + t] : y[i];
			double s = c->class_weight[yy] * (sw ? sw[i] : 1.0);
			loss += s * nll(z, C, yy);
		}
	}
	free(in);
	free(out);
	double r = 0;
	for (size_t l = 0; l < L; l++)
		for (size_t k = ll_lstm_wx_offset(m, l); k < ll_lstm_b_offset(m, l); k++)
			r += w[k] * w[k]; /* Wx and Wh are adjacent */
	for (size_t k = ll_lstm_wout_offset(m); k < ll_lstm_wout_offset(m) + C * H; k++)
		r += w[k] * w[k];
	return loss / (double)(nb * (c->many_to_many ? T : 1)) + 0.5 * c->l2 * r;
}

static void check_lstm(size_t layers, int use_ids, int m2m, float l2)
{
	struct ll_err err;
	struct ll_lstm_cfg c;
	ll_lstm_defaults(&c);
	c.n_in = use_ids ? 0 : 3;
	c.vocab = use_ids ? 6 : 0;
	c.embed = use_ids ? 4 : 0;
	c.seq_len = 5;
	c.hidden = 4;
	c.layers = layers;
	c.n_classes = 3;
	c.many_to_many = m2m;
	c.l2 = l2;
	float cw[3] = { 1.5f, 0.5f, 1.0f };
	c.class_weight = cw;
	c.seed = 21;
	struct ll_lstm *m;
	CHECK_INT(ll_lstm_new(&c, &m, &err), LL_OK);
	if (!m) {
		fprintf(stderr, "%s\n", err.msg);
		return;
	}
	size_t nb = 3, T = 5, np = ll_lstm_nparams(m);
	float X[3 * 5 * 3], sw[3] = { 1.0f, 0.5f, 2.0f };
	int ids[3 * 5], y[3 * 5];
	struct ll_rng *r = ll_rng_new(4);
	for (size_t i = 0; i < sizeof X / sizeof *X; i++)
		X[i] = (float)ll_rng_gauss(r, 1.0);
	for (size_t i = 0; i < nb * T; i++) {
		ids[i] = (int)ll_rng_below(r, 6);
		y[i] = (int)ll_rng_below(r, 3);
	}
	float *w = ll_lstm_params(m);
	for (size_t k = 0; k < np; k++)
		w[k] += (float)ll_rng_gauss(r, 0.2);
	ll_rng_free(r);
	CHECK_INT(ll_lstm_reserve(m, nb, &err), LL_OK);
	struct ll_seqs s = { use_ids ? NULL : X, use_ids ? ids : NULL, y, sw, nb, NULL, 0 };
	double loss;
	CHECK_INT(ll_lstm_grad(m, &s, NULL, nb, &loss, &err), LL_OK);
	double *wd = malloc(np * sizeof *wd);
	for (size_t k = 0; k < np; k++)
		wd[k] = w[k];
	double ref = ref_lstm_loss(m, wd, X, ids, y, sw, nb);
	CHECK_NEAR(loss, ref, 1e-5 * fabs(ref));
	const float *g = ll_lstm_grads(m);
	double worst = 0;
	for (size_t k = 0; k < np; k++) {
		double h = 1e-6, keep = wd[k];
		wd[k] = keep + h;
		double lp = ref_lstm_loss(m, wd, X, ids, y, sw, nb);
		wd[k] = keep - h;
		double lm = ref_lstm_loss(m, wd, X, ids, y, sw, nb);
		wd[k] = keep;
		double num = (lp - lm) / (2 * h);
		worst = fmax(worst, fabs(g[k] - num) / (1e-3 + fabs(num)));
		CHECK_NEAR(g[k], num, 1e-5 + 2e-3 * fabs(num));
	}
	fprintf(stderr, "lstm layers=%zu ids=%d many_to_many=%d l2=%g: %zu params, worst relative error %.2e\n", layers,
		use_ids, m2m, l2, np, worst);
	free(wd);
	ll_lstm_free(m);
}

int main(void)
{
	enum ll_act acts[] = { LL_ACT_RELU, LL_ACT_TANH, LL_ACT_SIGMOID, LL_ACT_LINEAR };
	for (size_t a = 0; a < 4; a++) {
		check_mlp(acts[a], 2, 1);
		check_mlp(acts[a], 1, 0);
	}
	check_mlp(LL_ACT_RELU, 0, 1); /* logistic regression */
	check_mlp_dropout();
	check_lstm(1, 0, 0, 0.0f);
	check_lstm(2, 0, 0, 0.03f);
	check_lstm(1, 1, 0, 0.0f);
	check_lstm(2, 1, 1, 0.0f);
	check_lstm(1, 0, 1, 0.03f);
	TEST_MAIN_END();
}
