/*
 * ll_train.h - the training loop shared by every gradient-trained model,
 * synchronously (ll_train_run) or in a background thread (ll_trainer_*).
 *
 * A model offers itself as a struct ll_task: a flat parameter and gradient
 * array and a function that fills the gradient for a list of training
 * rows. The loop owns everything else: the epoch shuffle, mini-batches, the
 * optimiser and learning-rate schedule, early stopping on a dev split
 * (patience, restoring the best epoch), progress reports, cancelling, and a
 * checkpoint written atomically after every epoch.
 *
 * Resuming. Epoch e shuffles with a generator seeded with
 * ll_rng_derive(seed, e), and each slice of each batch draws dropout from
 * its own stream derived from that, and a checkpoint holds the parameters, the
 * optimiser's state, the early-stopping state and the curves. A run resumed
 * from the checkpoint of epoch k therefore computes exactly what an
 * uninterrupted run computes after epoch k: the final weights are
 * bit-identical (tests/core/test_train.c, including a kill -9).
 */
#ifndef LL_TRAIN_H
#define LL_TRAIN_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"
#include "ll_optim.h"
#include "ll_rng.h"
#include "ll_train_prof.h"

/* Rows of a batch whose gradient the task computes at once: larger
 * batches are cut into slices of at most this many rows (see ll_train.c),
 * which ranks share out, so a run gives the same bits on any rank count. */
#define LL_TRAIN_SLICE_ROWS 64

struct ll_task {
	void *ctx;          /* passed back to the functions below */
	size_t n_train;     /* training rows the epoch shuffles */
	size_t max_batch;   /* largest batch the task was prepared for */
	size_t nparams;
	float *params;      /* the model's parameters, updated in place */
	float *grads;       /* filled by batch() */
	/* Gradient of the mean loss over training rows idx[0..nb) into grads,
	 * the loss into *loss; rng drives dropout (training mode). */
	int (*batch)(void *ctx, const size_t *idx, size_t nb, struct ll_rng *rng, double *loss,
		     struct ll_err *err);
	/* Loss and metric (accuracy for classifiers) on the dev split; NULL
	 * when the task has none (no early stopping then). */
	int (*evaluate)(void *ctx, double *loss, double *metric, struct ll_err *err);
	/* Optional (NULL: slices run on one thread): a context for another
	 * thread, which batch() accepts in place of ctx and which fills its
	 * own gradient array (*grads, nparams floats, owned by the context)
	 * while it reads the shared params. */
	int (*worker_new)(void *ctx, void **wctx, float **grads, struct ll_err *err);
	void (*worker_free)(void *wctx);
};

struct ll_train_progress {
	int epoch;            /* 0-based epoch in progress; == epochs when finished */
	int epochs;
	size_t batch, batches; /* batches done in this epoch, and per epoch */
	double loss;          /* mean training loss of this epoch so far */
	double epoch_loss;    /* mean training loss of the last finished epoch (NaN before) */
	double dev_loss;      /* of the last finished epoch; NaN without a dev split */
	double dev_metric;
	double best_dev_loss;
	int best_epoch;       /* 0-based, -1 before any */
	double lr;
	double samples_per_s; /* since this (re)start */
	double eta_s;         /* to the last epoch at the current speed */
	int epoch_end;        /* this report closes an epoch (checkpoint written) */
	int epochs_done;      /* finished epochs, counting those before a resume */
	int resumed_from;     /* epochs found in the checkpoint (0 = fresh start) */
	/* epochs_done values each; valid during the call only */
	const double *curve_loss, *curve_dev_loss, *curve_dev_metric;
};

/* The 1-based epoch a progress line names: the one in progress, or at an
 * epoch's end (epoch_end, where epoch already counts it) the one just
 * finished, whose batches are all done; epochs once finished. So a line
 * shown after a cancel agrees with the epochs the run kept. */
int ll_train_progress_epoch(const struct ll_train_progress *p);
/* The fraction of the whole training done, 0..1, on the same rule. */
double ll_train_progress_fraction(const struct ll_train_progress *p);

struct ll_train_cfg {
	int epochs;           /* >= 1 */
	size_t batch;         /* >= 1 and <= task.max_batch */
	uint64_t seed;        /* shuffles and dropout */
	struct ll_optim_cfg optim;
	int patience;         /* epochs without dev improvement before stopping; 0 = never stop early */
	double min_delta;     /* a dev loss must beat the best by more than this */
	/* Unless the dev loss decides (a dev split and patience > 0): stop
	 * when the training loss has failed to improve on the best so far by
	 * more than tol for more than n_iter_no_change epochs in a row
	 * (scikit-learn's MLP rule); n_iter_no_change 0 = every epoch. */
	double tol;
	int n_iter_no_change;
	int restore_best;     /* with a dev split: end with the best epoch's parameters */
	const char *checkpoint; /* written after every epoch (write, fsync, rename); NULL = none */
	int resume;           /* continue from `checkpoint` when it exists */
	const char *fingerprint; /* the feature recipe; a checkpoint of another recipe is refused */
	/* Called from the training thread after a batch (at most every
	 * progress_ms milliseconds) and after every epoch; a non-zero
	 * return cancels. May be NULL. */
	int (*on_progress)(const struct ll_train_progress *p, void *ud);
	void *ud;
	int progress_ms;      /* 0 = after every batch */
	atomic_int *cancel;   /* set non-zero from anywhere to cancel; may be NULL */
	/* Threads computing a batch's slices (1..LL_POOL_MAX; tasks without
	 * worker_new use 1). The result does not depend on it: thread t takes
	 * slices t, t + threads, ... and their gradients are added in slice
	 * order, as one thread adds them; each thread then takes the
	 * optimiser's step on its range of the parameters (one thread steps
	 * all when clip_norm needs the whole gradient's norm). */
	int threads;
};

/* Epochs 10, batch 128, Adam 1e-3, no early stopping, no stopping on the
 * training loss, no checkpoint, 1 thread. */
void ll_train_defaults(struct ll_train_cfg *cfg);

/* Why training ended. */
enum ll_train_stop {
	LL_TRAIN_STOP_EPOCHS = 0,  /* every epoch ran (with tol: the loss was still improving) */
	LL_TRAIN_STOP_CONVERGED,   /* the training loss stopped improving (tol, n_iter_no_change) */
	LL_TRAIN_STOP_EARLY        /* the dev loss stopped improving (patience) */
};
/* "max_epochs", "converged", "early_stopping". */
const char *ll_train_stop_name(enum ll_train_stop s);

struct ll_train_result {
	enum ll_train_stop stop;
	int epochs_done;      /* finished epochs, counting those before a resume */
	int resumed_from;     /* epochs found in the checkpoint (0 = fresh start) */
	int stopped_early;
	int best_epoch;       /* -1 without a dev split */
	double best_dev_loss;
	size_t n_hist;        /* one entry per finished epoch */
	double *hist_loss, *hist_dev_loss, *hist_dev_metric; /* owned; free with ll_train_result_free */
	/* With LOGLAB_MPI_PROFILE=1 (ll_train_prof.h), every rank's phases:
	 * prof[(q * 2 + 0) * LL_PROF_N + phase] wall seconds of rank q,
	 * prof[(q * 2 + 1) * LL_PROF_N + phase] its thread CPU seconds; over
	 * prof_batches batches of this run (a resume's alone). NULL otherwise. */
	double *prof;
	int prof_ranks;
	size_t prof_batches;
};
void ll_train_result_free(struct ll_train_result *res);

/* Runs the loop in the calling thread, with subnormals flushed to zero
 * (ll_fpenv.h; the thread's mode is given back at the end). LL_ECANCEL
 * when cancelled (the parameters are then mid-epoch; the checkpoint holds
 * the last finished epoch). res may be NULL. */
int ll_train_run(const struct ll_task *task, const struct ll_train_cfg *cfg, struct ll_train_result *res,
		 struct ll_err *err);

/* Background training. The task and what it borrows must outlive the
 * trainer; cfg is copied (strings included). */
struct ll_trainer;
int ll_trainer_start(const struct ll_task *task, const struct ll_train_cfg *cfg, struct ll_trainer **out,
		     struct ll_err *err);
void ll_trainer_cancel(struct ll_trainer *t);
/* 1 while the thread runs. */
int ll_trainer_running(struct ll_trainer *t);
/* Waits up to timeout_ms for the training to end and returns at once when
 * it does (a watcher that slept a fixed period added up to that period to
 * every run); returns ll_trainer_running's answer afterwards. */
int ll_trainer_wait(struct ll_trainer *t, int timeout_ms);
/* Copies the latest report (its curve pointers set to NULL) and up to cap
 * values of the per-epoch curves (any array may be NULL); returns how
 * many epochs the curves hold. Safe to call from any thread at any time.
 * A watcher that polls sees every epoch's values here, also of epochs
 * that ended between two polls or before a resume. */
size_t ll_trainer_snapshot(struct ll_trainer *t, struct ll_train_progress *p, double *loss, double *dev_loss,
			   double *dev_metric, size_t cap);
/* Waits for the end; returns the training's status and fills res/err. */
int ll_trainer_join(struct ll_trainer *t, struct ll_train_result *res, struct ll_err *err);
/* Cancels and joins if still running, then frees. */
void ll_trainer_free(struct ll_trainer *t);

#endif
