/*
 * ll_window.h - turning rows into samples: sliding windows over a numeric
 * matrix (the LSTM's sequences, or flattened for a DNN), session windows
 * (one sample per session id, e.g. an HDFS block, with the counts of its
 * event ids as features: loglizer's event count matrix), and time windows
 * over log lines (template counts per fixed-length window).
 *
 * Every function fills a caller-provided struct ll_featmat (allocated here,
 * freed by the caller with ll_featmat_free); origin[i] is the first source
 * row of sample i. Inputs are borrowed.
 *
 * The label of a group of rows (a window, a session, a resampled bucket):
 *   LL_LABEL_LAST  the label of the last row (what a forecaster predicts);
 *   LL_LABEL_ANY   any non-ordinary label wins, since a window that holds
 *                  an anomaly is an anomaly: the most frequent non-ordinary
 *                  class (ties: the lower class id); without one, the
 *                  majority of the labelled rows; unlabelled when no row has
 *                  a label. "ordinary" is a class id given by the caller (see
 *                  ll_ordinary_class); with none (-1) every class counts as
 *                  non-ordinary and the rule is a plain majority.
 */
#ifndef LL_WINDOW_H
#define LL_WINDOW_H

#include <stddef.h>

#include "ll_err.h"
#include "ll_featmat.h"
#include "ll_table.h"

enum ll_label_rule { LL_LABEL_ANY = 0, LL_LABEL_LAST = 1 };

/* Class id of the table's ordinary class: the first class named "normal",
 * "ordinary", "0" or "-" (case-insensitive), or -1. */
int ll_ordinary_class(const struct ll_table *t);

/* The LL_LABEL_ANY vote over counts[0..nclasses) (rows per class). */
int ll_label_vote(const size_t *counts, size_t nclasses, int ordinary);

struct ll_window_spec {
	size_t len;             /* rows per window (>= 1) */
	size_t stride;          /* rows between window starts (>= 1) */
	int flatten;            /* 0: steps = len, d features; 1: steps = 1, len * d features */
	enum ll_label_rule rule;
	int ordinary;           /* class id for LL_LABEL_ANY, or -1 */
};

/* Sliding windows over X (n rows x d float32, row-major). Windows start at
 * 0, stride, 2 * stride, ... while they fit: (n - len) / stride + 1 of them.
 * y (n labels, -1 unlabelled) may be NULL; names (d feature names) may be
 * NULL ("f0", "f1", ...). Flattened names are "name@-k" for the value k rows
 * before the window's last (k = 0 for the last row). nclasses sizes the
 * label vote. Errors: len or stride 0, len > n. */
int ll_window_sliding(const float *X, size_t n, size_t d, const int *y, size_t nclasses,
		      const char *const *names, const struct ll_window_spec *spec, struct ll_featmat *out,
		      struct ll_err *err);

/* Session windows: rows grouped by session id (any string; sessions appear
 * in the order of their first row), features = how often each event id
 * occurs in the session. Event ids are strings too (template ids such as
 * "E5"); columns are the distinct event ids in natural order ("E2" before
 * "E10"). Labels: LL_LABEL_ANY over the session's rows, or LL_LABEL_LAST.
 * y may be NULL. ids and events hold n strings each. */
int ll_window_sessions(const char *const *ids, const char *const *events, size_t n, const int *y, size_t nclasses,
		       enum ll_label_rule rule, int ordinary, struct ll_featmat *out, struct ll_err *err);

/* Time windows over log lines: windows [t0 + i * step, t0 + i * step + length)
 * with t0 the first line's time, while the window start is not after the
 * last line (reckoned in whole microseconds since t0 when step and length
 * are whole microseconds, so a line stamped on an edge is in the window
 * that starts there); features = counts of each template id (0..ntemplates-1; a
 * negative id is a line with no template and is not counted, but its label
 * still votes). Windows with no line are left out. times must not decrease
 * (LL_EDATA naming the row otherwise); NaN times are errors too. length and
 * step in seconds, > 0. names (ntemplates) may be NULL ("T0", "T1", ...). */
int ll_window_time(const double *times, const int *tmpl, size_t n, size_t ntemplates, const int *y,
		   size_t nclasses, double length, double step, enum ll_label_rule rule, int ordinary,
		   const char *const *names, struct ll_featmat *out, struct ll_err *err);

#endif
