/*
 * ll_textfeat.h - template-count features of log lines: given the template
 * id of every line (from ll_tpl_mine or ll_tpl_match), one sparse row
 * per window of consecutive lines holding how many of its lines belong to
 * each template - loglizer's event count matrix over fixed line windows.
 * A window of 1 gives one one-hot row per line.
 *
 * Columns 0..ntemplates-1 are template ids; column ntemplates counts lines
 * whose id is negative or >= ntemplates (a line no template matched at
 * predict time, ll_tpl_match's -1), so a model sees that something new
 * appeared instead of nothing. Windows start at lines 0, stride, 2*stride,
 * ... and every window is whole: a tail shorter than the window is left
 * out (its lines are in the previous windows unless stride > window).
 */
#ifndef LL_TEXTFEAT_H
#define LL_TEXTFEAT_H

#include <stddef.h>

#include "ll_err.h"
#include "ll_featmat.h"

/* Number of windows of n lines: (n - window) / stride + 1, or 0 when the
 * window is longer than the data (or window or stride is 0). */
size_t ll_textfeat_windows(size_t n, size_t window, size_t stride);

/* Builds the count CSR (windows x (ntemplates + 1)) of tid[0..n); the
 * caller frees *out with ll_csr_free. first (optional, one entry per
 * window) gets each window's first line, for ll_featmat's origin.
 * LL_EUSAGE when window or stride is 0, the window is longer than the
 * data, or ntemplates is too large; LL_ENOMEM. */
int ll_textfeat_template_counts(const long *tid, size_t n, size_t ntemplates, size_t window, size_t stride,
				struct ll_csr **out, size_t *first, struct ll_err *err);

#endif
