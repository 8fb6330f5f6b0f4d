/*
 * ll_lstm_cell.h - the element-wise passes of one LSTM step, shared by the
 * classifier (ll_lstm.c) and the forecaster (ll_fcast.c).
 *
 * A step's gate block G is nb rows of 4H values [i | f | g | o]; states
 * (c, tanh c, h, their gradients) are nb x H. Each pass is one sweep over
 * the step, every element's operations done while it is in registers, and
 * is compiled for each instruction set of ll_isa.h with the same bits.
 */
#ifndef LL_LSTM_CELL_H
#define LL_LSTM_CELL_H

#include <stddef.h>

/* Forward: G's pre-activations become the activated gates (logistic for
 * i, f, o; tanh(x) = 2 sig(2x) - 1 for g), then c = f * cprev + i * g
 * (i * g when cprev is NULL, the zero state), tc = tanh(c), h = o * tc. */
void ll_lstm_cell_fwd(float *G, const float *cprev, float *c, float *tc, float *h, size_t nb, size_t H);

/* Backward from the step's activated gates G, tanh(c) tc and cprev (NULL:
 * zero) with the gradient of h being dA + dh (dA NULL: dh alone) and that
 * of c being dc: writes the gradients of the pre-activations to dG and
 * turns dc into the gradient of cprev. */
void ll_lstm_cell_bwd(const float *G, const float *tc, const float *cprev, const float *dA, const float *dh,
		      float *dc, float *dG, size_t nb, size_t H);

#endif
