/*
 * ll_lstm_cell.c - one LSTM step's element-wise passes (ll_lstm_cell.h).
 *
 * Before, a forward step was six passes over the step's whole block (scale
 * g, the logistic over all gates, g = 2s - 1, the cell, tanh, h: 128 KiB
 * at batch 128, out of L1 each time); now each row of the block is done
 * while in L1, with the very operations of those passes in their order,
 * so the results are the same bits. The zero state (cprev NULL) and a missing upper gradient
 * (dA NULL) are chosen outside the inner loops so that they vectorise.
 */
#include "ll_lstm_cell.h"

#include "ll_isa.h"
#include "ll_vmath.h"

LL_VINLINE void cell_fwd_body(float *restrict G, const float *restrict cprev, float *restrict c,
			      float *restrict tc, float *restrict h, size_t nb, size_t H)
{
	for (size_t b = 0; b < nb; b++) {
		float *gi = G + b * 4 * H, *gf = gi + H, *gg = gi + 2 * H, *go = gi + 3 * H;
		float *cb = c + b * H, *tb = tc + b * H, *hb = h + b * H;
		/* the gates, then the cell, in sweeps over the row: short loop
		 * bodies let the core overlap several iterations' long chains (exp,
		 * then a division), where one loop of all took 15% longer (2.24
		 * against 1.94 ns an element with AVX-512); the row stays in L1 */
		for (size_t j = 0; j < 2 * H; j++) /* i and f, side by side */
			gi[j] = ll_vsigmoidf(gi[j]);
		for (size_t j = 0; j < H; j++)
			gg[j] = 2.0f * ll_vsigmoidf(2.0f * gg[j]) - 1.0f;
		for (size_t j = 0; j < H; j++)
			go[j] = ll_vsigmoidf(go[j]);
		if (cprev) {
			const float *pb = cprev + b * H;
			for (size_t j = 0; j < H; j++) {
				float cv = gf[j] * pb[j] + gi[j] * gg[j], t = ll_vtanhf(cv);
				cb[j] = cv;
				tb[j] = t;
				hb[j] = go[j] * t;
			}
		} else {
			for (size_t j = 0; j < H; j++) {
				float cv = gi[j] * gg[j], t = ll_vtanhf(cv);
				cb[j] = cv;
				tb[j] = t;
				hb[j] = go[j] * t;
			}
		}
	}
}
LL_ISA_VARIANTS(cell_fwd, (float *G, const float *cprev, float *c, float *tc, float *h, size_t nb, size_t H),
		(G, cprev, c, tc, h, nb, H))

void ll_lstm_cell_fwd(float *G, const float *cprev, float *c, float *tc, float *h, size_t nb, size_t H)
{
	cell_fwd(G, cprev, c, tc, h, nb, H);
}

/* One row of backward, j over H; CP and DHT are expressions in j (the
 * previous cell state and the whole gradient of h). A macro, not an inline
 * function: GCC 12 did not vectorise the loops through the function's
 * pointer arguments. */
#define LL_CELL_BWD_ROW(CP, DHT)                                                      \
	for (size_t j = 0; j < H; j++) {                                              \
		float i = gi[j], f = gf[j], g = gg[j], o = go[j], t = tb[j], dht = (DHT); \
		float dct = cb[j] + dht * o * (1.0f - t * t);                         \
		di[j] = dct * g * i * (1.0f - i);                                     \
		df[j] = dct * (CP) * f * (1.0f - f);                                  \
		dg[j] = dct * i * (1.0f - g * g);                                     \
		dout[j] = dht * t * o * (1.0f - o);                                   \
		cb[j] = dct * f;                                                      \
	}

LL_VINLINE void cell_bwd_body(const float *restrict G, const float *restrict tc, const float *restrict cprev,
			      const float *restrict dA, const float *restrict dh, float *restrict dc,
			      float *restrict dG, size_t nb, size_t H)
{
	for (size_t b = 0; b < nb; b++) {
		const float *gi = G + b * 4 * H, *gf = gi + H, *gg = gi + 2 * H, *go = gi + 3 * H;
		const float *tb = tc + b * H, *hb = dh + b * H;
		float *cb = dc + b * H, *di = dG + b * 4 * H, *df = di + H, *dg = di + 2 * H, *dout = di + 3 * H;
		if (cprev && dA) {
			const float *pb = cprev + b * H, *ab = dA + b * H;
			LL_CELL_BWD_ROW(pb[j], ab[j] + hb[j])
		} else if (cprev) {
			const float *pb = cprev + b * H;
			LL_CELL_BWD_ROW(pb[j], hb[j])
		} else if (dA) {
			const float *ab = dA + b * H;
			LL_CELL_BWD_ROW(0.0f, ab[j] + hb[j])
		} else {
			LL_CELL_BWD_ROW(0.0f, hb[j])
		}
	}
}
#undef LL_CELL_BWD_ROW
LL_ISA_VARIANTS_256(cell_bwd,
		(const float *G, const float *tc, const float *cprev, const float *dA, const float *dh, float *dc,
		 float *dG, size_t nb, size_t H),
		(G, tc, cprev, dA, dh, dc, dG, nb, H))

void ll_lstm_cell_bwd(const float *G, const float *tc, const float *cprev, const float *dA, const float *dh,
		      float *dc, float *dG, size_t nb, size_t H)
{
	cell_bwd(G, tc, cprev, dA, dh, dc, dG, nb, H);
}
