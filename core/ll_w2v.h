/*
 * ll_w2v.h - word embeddings of log tokens trained by loglab's own
 * skip-gram with negative sampling, in the manner of word2vec (Mikolov et
 * al., "Distributed Representations of Words and Phrases and their
 * Compositionality", NIPS 2013), and line vectors as the mean of their
 * tokens' vectors (as in the Hadoop root-cause work of issue 4).
 *
 * Training, in order:
 *  - every line is tokenised (ll_tokenize.h); the vocabulary is the tokens
 *    seen at least min_count times, most frequent first (ties by bytes), at
 *    most max_vocab of them; other tokens are dropped from the lines;
 *  - each epoch walks the lines in order; a word of corpus frequency f is
 *    kept with probability (sqrt(f / (sample * N)) + 1) * sample * N / f
 *    (N = in-vocabulary tokens; sample = 0 keeps all);
 *  - for each kept word w, a window b is drawn uniformly in 1..window and
 *    every other kept word c within b positions of w in the same line is a
 *    positive pair: w's input vector is moved to raise sigma(in_w . out_c)
 *    and to lower sigma(in_w . out_k) for `negative` words k drawn from the
 *    unigram distribution raised to 0.75 (a draw equal to c is skipped);
 *  - the learning rate falls linearly from alpha to min_alpha over all
 *    epochs' words; input vectors start uniform in [-0.5/dim, 0.5/dim),
 *    output vectors at 0.
 * With threads = 1 the result depends only on the configuration, the seed
 * and the lines. With more threads the lines are split into contiguous
 * parts trained at once on shared weights without locks (word2vec's
 * "Hogwild" scheme), so results vary slightly from run to run.
 *
 * The loss reported is the mean over pairs of -ln sigma(pos) - sum
 * ln sigma(-neg) since the previous report.
 */
#ifndef LL_W2V_H
#define LL_W2V_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ll_err.h"
#include "ll_tokenize.h"

struct ll_w2v_config {
	struct ll_tok_config tok; /* how lines become tokens; default ll_tok_config_default */
	int dim;                  /* vector size, 1..4096; default 100 */
	int window;               /* largest context distance, 1..100; default 5 */
	int negative;             /* negative samples per pair, 1..100; default 5 */
	int min_count;            /* rarer tokens are dropped, >= 1; default 5 */
	size_t max_vocab;         /* 0 = no cap; default 0 */
	double sample;            /* subsampling threshold, 0 = off; default 1e-3 */
	double alpha;             /* initial learning rate, > 0; default 0.025 */
	double min_alpha;         /* final learning rate; default 0.0001 * alpha */
	int epochs;               /* passes over the lines, 1..1000; default 5 */
	int threads;              /* 1..64; default 1 (deterministic) */
	uint64_t seed;            /* default 1 */
};

struct ll_w2v_progress {
	int epoch;            /* 0-based epoch being trained */
	double fraction;      /* of all epochs' words, 0..1 */
	double alpha;         /* current learning rate */
	double loss;          /* mean pair loss since the previous report */
	uint64_t words;       /* in-vocabulary words processed so far (before subsampling) */
	double words_per_sec; /* words / seconds since training started */
};

/* Called about every 1% of the run (every 10,000 to 1,000,000 words) and once at the end (from a training
 * thread; with threads > 1 from the first one). A nonzero return cancels
 * training, which then returns LL_ECANCEL. */
typedef int (*ll_w2v_progress_fn)(void *ctx, const struct ll_w2v_progress *p);

struct ll_w2v;

void ll_w2v_config_default(struct ll_w2v_config *c);

/* Trains on n lines (lines[i] of lens[i] bytes). LL_EUSAGE for a bad
 * configuration or when no token reaches min_count; LL_ENOMEM; LL_ECANCEL.
 * The caller frees *out with ll_w2v_free. */
int ll_w2v_train(const struct ll_w2v_config *c, size_t n, const char *const *lines, const size_t *lens,
		 ll_w2v_progress_fn progress, void *ctx, struct ll_w2v **out, struct ll_err *err);
void ll_w2v_free(struct ll_w2v *w);

size_t ll_w2v_vocab(const struct ll_w2v *w);
int ll_w2v_dim(const struct ll_w2v *w);
/* Word i (NUL-terminated) and its count in the training lines (0 after load). */
const char *ll_w2v_word(const struct ll_w2v *w, size_t i);
uint64_t ll_w2v_count(const struct ll_w2v *w, size_t i);
/* Index of a word (len bytes), or -1 when it is not in the vocabulary. */
long ll_w2v_find(const struct ll_w2v *w, const char *word, size_t len);
/* The dim floats of word i's vector (owned by w). */
const float *ll_w2v_vector(const struct ll_w2v *w, size_t i);
/* Cosine similarity of words i and j (0 when either vector is zero). */
double ll_w2v_cosine(const struct ll_w2v *w, size_t i, size_t j);

/* The mean of the vectors of the line's tokens that are in the vocabulary
 * (tokenised by tok, normally made from the training configuration's tok)
 * into out[0..dim); zeros when there is none. Returns the number of tokens
 * averaged. Allocates nothing. */
size_t ll_w2v_line_vector(const struct ll_w2v *w, struct ll_tokenizer *tok, const char *line, size_t len,
			  float *out);

/* Training statistics: in-vocabulary words processed (before subsampling,
 * all epochs), seconds spent, and the mean loss of the last epoch. */
uint64_t ll_w2v_trained_words(const struct ll_w2v *w);
double ll_w2v_train_seconds(const struct ll_w2v *w);
double ll_w2v_last_loss(const struct ll_w2v *w);

/* Saves the vectors in word2vec's text format: "vocab dim", then one line
 * per word "word v1 ... vdim" (%.9g, so a float comes back exactly). */
int ll_w2v_save(const struct ll_w2v *w, FILE *f, const char *name, struct ll_err *err);
/* Loads that format; LL_EDATA naming name and the line when malformed. */
int ll_w2v_load(FILE *f, const char *name, struct ll_w2v **out, struct ll_err *err);

#endif
