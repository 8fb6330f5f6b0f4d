/*
 * ll_w2v.c - vocabulary, skip-gram training with negative sampling, line
 * vectors and the text format of ll_w2v.h.
 *
 * The lines are tokenised once into an array of word ids (one uint32 per
 * token) so that epochs never tokenise again. Training draws its random
 * numbers from a 64-bit linear congruential generator per thread, seeded
 * with ll_rng_derive(seed, thread): the inner loop needs several draws per
 * word and a GSL call each would cost more than the arithmetic. The
 * logistic function and its logarithm come from tables over [-6, 6]; past
 * that range sigma is taken as 0 or 1, where the gradient is negligible.
 * Negatives come from Walker's alias table (one cache line per draw) and
 * their output rows are prefetched before use: on a vocabulary of 100k
 * words, waiting for those rows is most of the time.
 */
#include "ll_w2v.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ll_hashvec.h"
#include "ll_rng.h"
#include "ll_slots.h"

#define SIG_MAX 6.0f
#define SIG_N 1024
#define NONE UINT32_MAX

/* Words with a hash index for lookups; strings live in one arena. */
struct vocab {
	char *arena;
	size_t arena_len, arena_cap;
	size_t *off;     /* n offsets into arena (NUL-terminated strings) */
	uint32_t *len;
	uint64_t *cnt;
	size_t n, cap;
	struct ll_slots ix; /* word index by ll_murmur3_32 of the word */
};

struct ll_w2v {
	struct vocab v;
	int dim;
	float *vec; /* n * dim input vectors: the embeddings */
	uint64_t words;
	double seconds, last_loss;
};

static void vocab_free(struct vocab *v)
{
	free(v->arena);
	free(v->off);
	free(v->len);
	free(v->cnt);
	ll_slots_free(&v->ix);
	memset(v, 0, sizeof *v);
}

/* The word's index, or -1 with *p where vocab_add puts it (one hash for
 * the lookup and the addition). */
static long vocab_probe(const struct vocab *v, const char *s, size_t len, struct ll_slots_probe *p)
{
	*p = ll_slots_probe(&v->ix, ll_murmur3_32(s, len, 0));
	for (uint32_t i; (i = ll_slots_next(&v->ix, p)) != LL_SLOTS_NONE;)
		if (v->len[i] == len && memcmp(v->arena + v->off[i], s, len) == 0)
			return (long)i;
	return -1;
}

static long vocab_find(const struct vocab *v, const char *s, size_t len)
{
	struct ll_slots_probe p;
	return vocab_probe(v, s, len, &p);
}

/* Adds a word that is not there yet, at the probe vocab_probe left; its
 * index, or -1 out of memory. */
static long vocab_add(struct vocab *v, const char *s, size_t len, uint64_t cnt, struct ll_slots_probe *p)
{
	if (v->n >= NONE - 1)
		return -1;
	if (v->n == v->cap) {
		size_t c = v->cap ? 2 * v->cap : 1024;
		size_t *o = realloc(v->off, c * sizeof *o);
		if (!o)
			return -1;
		v->off = o;
		uint32_t *l = realloc(v->len, c * sizeof *l);
		if (!l)
			return -1;
		v->len = l;
		uint64_t *k = realloc(v->cnt, c * sizeof *k);
		if (!k)
			return -1;
		v->cnt = k;
		v->cap = c;
	}
	if (v->arena_len + len + 1 > v->arena_cap) {
		size_t c = v->arena_cap ? 2 * v->arena_cap : 65536;
		while (c < v->arena_len + len + 1)
			c *= 2;
		char *a = realloc(v->arena, c);
		if (!a)
			return -1;
		v->arena = a;
		v->arena_cap = c;
	}
	if (ll_slots_add(&v->ix, p, (uint32_t)v->n) != LL_OK)
		return -1;
	memcpy(v->arena + v->arena_len, s, len);
	v->arena[v->arena_len + len] = '\0';
	v->off[v->n] = v->arena_len;
	v->len[v->n] = (uint32_t)len;
	v->cnt[v->n] = cnt;
	v->arena_len += len + 1;
	return (long)v->n++;
}

void ll_w2v_config_default(struct ll_w2v_config *c)
{
	ll_tok_config_default(&c->tok);
	c->dim = 100;
	c->window = 5;
	c->negative = 5;
	c->min_count = 5;
	c->max_vocab = 0;
	c->sample = 1e-3;
	c->alpha = 0.025;
	c->min_alpha = 0.0001 * 0.025;
	c->epochs = 5;
	c->threads = 1;
	c->seed = 1;
}

static int check_config(const struct ll_w2v_config *c, struct ll_err *err)
{
	int rc = ll_tok_config_check(&c->tok, err);
	if (rc != LL_OK)
		return rc;
	if (c->dim < 1 || c->dim > 4096)
		return ll_err_set(err, LL_EUSAGE, "word2vec: dim %d is outside 1..4096", c->dim);
	if (c->window < 1 || c->window > 100)
		return ll_err_set(err, LL_EUSAGE, "word2vec: window %d is outside 1..100", c->window);
	if (c->negative < 1 || c->negative > 100)
		return ll_err_set(err, LL_EUSAGE, "word2vec: negative %d is outside 1..100", c->negative);
	if (c->min_count < 1)
		return ll_err_set(err, LL_EUSAGE, "word2vec: min_count %d must be at least 1", c->min_count);
	if (!(c->sample >= 0 && c->sample < 1))
		return ll_err_set(err, LL_EUSAGE, "word2vec: sample %g is outside [0, 1)", c->sample);
	if (!(c->alpha > 0 && c->alpha <= 10) || !(c->min_alpha >= 0 && c->min_alpha <= c->alpha))
		return ll_err_set(err, LL_EUSAGE, "word2vec: need 0 < alpha <= 10 and 0 <= min_alpha <= alpha (%g, %g)",
				  c->alpha, c->min_alpha);
	if (c->epochs < 1 || c->epochs > 1000)
		return ll_err_set(err, LL_EUSAGE, "word2vec: epochs %d is outside 1..1000", c->epochs);
	if (c->threads < 1 || c->threads > 64)
		return ll_err_set(err, LL_EUSAGE, "word2vec: threads %d is outside 1..64", c->threads);
	return LL_OK;
}

/* The corpus as word ids, line by line. */
struct corpus {
	uint32_t *ids;
	size_t nids, cap;
	size_t *line_off; /* nlines + 1 */
	size_t nlines;
};

static int corpus_push(struct corpus *k, uint32_t id)
{
	if (k->nids == k->cap) {
		size_t c = k->cap ? 2 * k->cap : 65536;
		uint32_t *p = realloc(k->ids, c * sizeof *p);
		if (!p)
			return LL_ENOMEM;
		k->ids = p;
		k->cap = c;
	}
	k->ids[k->nids++] = id;
	return LL_OK;
}

struct rank {
	uint64_t cnt;
	const char *s;
	uint32_t len, id;
};

static int cmp_rank(const void *a, const void *b)
{
	const struct rank *x = a, *y = b;
	if (x->cnt != y->cnt)
		return x->cnt > y->cnt ? -1 : 1;
	size_t m = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, m);
	if (c)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

/* Tokenises the lines into raw ids, then keeps the words of min_count (at
 * most max_vocab), renumbered by rank, into final. */
static int build_vocab(const struct ll_w2v_config *c, size_t n, const char *const *lines, const size_t *lens,
		       struct vocab *final, struct corpus *k, struct ll_err *err)
{
	struct ll_tokenizer *tok;
	int rc = ll_tok_new(&c->tok, &tok, err);
	if (rc != LL_OK)
		return rc;
	struct vocab raw = {0};
	struct rank *r = NULL;
	uint32_t *map = NULL;
	k->line_off = malloc((n + 1) * sizeof *k->line_off);
	if (!k->line_off)
		goto oom;
	k->nlines = n;
	k->line_off[0] = 0;
	for (size_t i = 0; i < n; i++) {
		const struct ll_token *t;
		size_t nt = ll_tok_line(tok, lines[i], lens[i], &t);
		for (size_t j = 0; j < nt; j++) {
			struct ll_slots_probe p;
			long id = vocab_probe(&raw, t[j].s, t[j].len, &p);
			if (id < 0 && (id = vocab_add(&raw, t[j].s, t[j].len, 0, &p)) < 0)
				goto oom;
			raw.cnt[id]++;
			if (corpus_push(k, (uint32_t)id) != LL_OK)
				goto oom;
		}
		k->line_off[i + 1] = k->nids;
	}
	r = malloc((raw.n ? raw.n : 1) * sizeof *r);
	map = malloc((raw.n ? raw.n : 1) * sizeof *map);
	if (!r || !map)
		goto oom;
	size_t nr = 0;
	for (size_t i = 0; i < raw.n; i++) {
		map[i] = NONE;
		if (raw.cnt[i] >= (uint64_t)c->min_count)
			r[nr++] = (struct rank){raw.cnt[i], raw.arena + raw.off[i], raw.len[i], (uint32_t)i};
	}
	qsort(r, nr, sizeof *r, cmp_rank);
	if (c->max_vocab && nr > c->max_vocab)
		nr = c->max_vocab;
	if (nr == 0) {
		rc = ll_err_set(err, LL_EUSAGE,
				"word2vec: no token occurs %d times or more in the %zu lines (%zu distinct tokens)",
				c->min_count, n, raw.n);
		goto fail;
	}
	for (size_t i = 0; i < nr; i++) {
		struct ll_slots_probe p;
		vocab_probe(final, r[i].s, r[i].len, &p); /* distinct words: not there */
		if (vocab_add(final, r[i].s, r[i].len, r[i].cnt, &p) < 0)
			goto oom;
		map[r[i].id] = (uint32_t)i;
	}
	/* drop the rare words from the lines, in place */
	size_t w = 0, from = 0;
	for (size_t i = 0; i < n; i++) {
		size_t to = k->line_off[i + 1];
		for (size_t j = from; j < to; j++)
			if (map[k->ids[j]] != NONE)
				k->ids[w++] = map[k->ids[j]];
		from = to;
		k->line_off[i + 1] = w;
	}
	k->nids = w;
	rc = LL_OK;
	goto done;
oom:
	rc = ll_err_set(err, LL_ENOMEM, "word2vec: out of memory building the vocabulary (%zu words)", raw.n);
fail:
	vocab_free(final);
done:
	free(r);
	free(map);
	vocab_free(&raw);
	ll_tok_free(tok);
	return rc;
}

/* One slot of an alias table: slot i gives word i when a 32-bit draw is
 * below keep (always when keep is NONE), else word other. */
struct alias {
	uint32_t keep, other;
};

/* State shared by the training threads. */
struct train {
	const struct ll_w2v_config *c;
	const struct corpus *k;
	size_t nwords;        /* vocabulary size */
	int dim;
	float *syn0, *syn1;
	struct alias *neg;    /* negatives: Walker's alias table of cnt^0.75 */
	uint32_t *keep;       /* subsampling: keep when a 32-bit draw < keep; NONE = always */
	float sig[SIG_N + 1]; /* sigma over [-SIG_MAX, SIG_MAX] */
	float lsig[SIG_N + 1]; /* -ln sigma over the same range */
	uint64_t total;       /* epochs * in-vocabulary tokens */
	uint64_t every;       /* words between progress reports */
	atomic_uint_fast64_t done;
	atomic_int stop;
	double t0;
	ll_w2v_progress_fn cb;
	void *ctx;
};

struct worker {
	struct train *tr;
	int id;
	size_t from, to; /* lines */
	double loss, pairs;         /* of the current epoch */
	double rep_loss, rep_pairs; /* loss and pairs at the previous report */
	uint32_t *sen;
	float *neu1e;
	uint32_t tgt[101]; /* the positive and the negatives of one pair */
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Dot product with eight partial sums: the compiler may keep them in one
 * vector register without reassociating a single sum (which -O2 without
 * -ffast-math must not do), so this vectorises where a plain loop cannot. */
static inline float dot(const float *restrict a, const float *restrict b, int n)
{
	float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
	int q = 0;
	for (; q + 8 <= n; q += 8)
		for (int j = 0; j < 8; j++)
			acc[j] += a[q + j] * b[q + j];
	float f = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
	for (; q < n; q++)
		f += a[q] * b[q];
	return f;
}

/* y += g * x; restrict tells the compiler the rows do not overlap (a
 * negative equal to the input word is a different matrix). */
static inline void axpy(float g, const float *restrict x, float *restrict y, int n)
{
	int q = 0;
	/* blocks of 8 as in dot: straight-line code the compiler vectorises */
	for (; q + 8 <= n; q += 8)
		for (int j = 0; j < 8; j++)
			y[q + j] += g * x[q + j];
	for (; q < n; q++)
		y[q] += g * x[q];
}

static inline uint32_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*s >> 32);
}

static double alpha_at(const struct train *tr, uint64_t done)
{
	double a = tr->c->alpha - (tr->c->alpha - tr->c->min_alpha) * (double)done / (double)(tr->total + 1);
	return a < tr->c->min_alpha ? tr->c->min_alpha : a;
}

/* Calls the progress callback; 1 when it asks to stop. */
static int report(struct worker *wk, int epoch, uint64_t done)
{
	struct train *tr = wk->tr;
	if (!tr->cb)
		return 0;
	double el = now() - tr->t0;
	struct ll_w2v_progress p = {
		epoch,
		tr->total ? (double)done / (double)tr->total : 1.0,
		alpha_at(tr, done),
		wk->pairs > wk->rep_pairs ? (wk->loss - wk->rep_loss) / (wk->pairs - wk->rep_pairs) : 0.0,
		done,
		el > 0 ? (double)done / el : 0.0,
	};
	wk->rep_loss = wk->loss;
	wk->rep_pairs = wk->pairs;
	return tr->cb(tr->ctx, &p) != 0;
}

static void *train_worker(void *arg)
{
	struct worker *wk = arg;
	struct train *tr = wk->tr;
	const struct ll_w2v_config *c = tr->c;
	const int dim = tr->dim, window = c->window, neg = c->negative;
	const float scale = (float)SIG_N / (2 * SIG_MAX);
	uint64_t rnd = ll_rng_derive(c->seed, 1 + (uint64_t)wk->id);
	uint64_t local = 0, since = 0;
	double alpha = alpha_at(tr, atomic_load(&tr->done));
	float *neu1e = wk->neu1e;
	for (int ep = 0; ep < c->epochs; ep++) {
		wk->loss = wk->pairs = wk->rep_loss = wk->rep_pairs = 0;
		for (size_t li = wk->from; li < wk->to; li++) {
			if (atomic_load_explicit(&tr->stop, memory_order_relaxed))
				return NULL;
			const uint32_t *ids = tr->k->ids + tr->k->line_off[li];
			size_t nl = tr->k->line_off[li + 1] - tr->k->line_off[li], ns = 0;
			for (size_t j = 0; j < nl; j++) {
				uint32_t kp = tr->keep[ids[j]];
				if (kp == NONE || lcg(&rnd) < kp)
					wk->sen[ns++] = ids[j];
			}
			local += nl;
			since += nl;
			for (size_t pos = 0; pos < ns; pos++) {
				float *l1 = tr->syn0 + (size_t)wk->sen[pos] * (size_t)dim;
				size_t b = 1 + (size_t)(((uint64_t)lcg(&rnd) * (uint64_t)window) >> 32);
				size_t lo = pos >= b ? pos - b : 0, hi = pos + b < ns ? pos + b : ns - 1;
				for (size_t cpos = lo; cpos <= hi; cpos++) {
					if (cpos == pos)
						continue;
					uint32_t ctx = wk->sen[cpos];
					memset(neu1e, 0, (size_t)dim * sizeof *neu1e);
					/* Draw the negatives first and prefetch their output
					 * rows: with a large vocabulary the rows are not in
					 * cache, and waiting for each in turn dominates. The
					 * draws come in the same order as one at a time. */
					wk->tgt[0] = ctx;
					for (int d = 1; d <= neg; d++) {
						/* Walker's alias method: one slot, one cache line,
						 * whatever the vocabulary (word2vec's big table or a
						 * binary search of cumulative shares miss the cache) */
						const struct alias *sl = &tr->neg[((uint64_t)lcg(&rnd) * tr->nwords) >> 32];
						uint32_t u = lcg(&rnd);
						uint32_t t = (sl->keep == NONE || u < sl->keep) ? (uint32_t)(sl - tr->neg) : sl->other;
						wk->tgt[d] = t == ctx ? NONE : t;
						if (t != ctx) {
							const char *row = (const char *)(tr->syn1 + (size_t)t * (size_t)dim);
							for (size_t off = 0; off < (size_t)dim * sizeof(float); off += 64)
								__builtin_prefetch(row + off, 1, 1);
						}
					}
					for (int d = 0; d <= neg; d++) {
						uint32_t target = wk->tgt[d];
						float label = d == 0 ? 1.0f : 0.0f;
						if (target == NONE)
							continue;
						float *l2 = tr->syn1 + (size_t)target * (size_t)dim;
						float f = dot(l1, l2, dim);
						/* loss of this pair: -ln sigma(f) for the positive,
						 * -ln sigma(-f) for a negative */
						float x = label > 0 ? f : -f, sg, ls;
						if (x >= SIG_MAX)
							ls = 0;
						else if (x <= -SIG_MAX)
							ls = -x;
						else
							ls = tr->lsig[(int)((x + SIG_MAX) * scale)];
						wk->loss += ls;
						if (f >= SIG_MAX)
							sg = 1;
						else if (f <= -SIG_MAX)
							sg = 0;
						else
							sg = tr->sig[(int)((f + SIG_MAX) * scale)];
						float g = (label - sg) * (float)alpha;
						axpy(g, l2, neu1e, dim);
						axpy(g, l1, l2, dim);
					}
					axpy(1.0f, neu1e, l1, dim);
					wk->pairs += 1;
				}
			}
			if (since >= 10000) {
				uint64_t done = atomic_fetch_add(&tr->done, since) + since;
				since = 0;
				alpha = alpha_at(tr, done);
				if (wk->id == 0 && local >= tr->every) {
					local = 0;
					if (report(wk, ep, done))
						atomic_store(&tr->stop, 1);
				}
			}
		}
	}
	atomic_fetch_add(&tr->done, since);
	return NULL;
}

static int make_tables(struct train *tr, const struct vocab *v, uint64_t ntok, struct ll_err *err)
{
	for (int i = 0; i <= SIG_N; i++) {
		double x = ((double)i / SIG_N * 2 - 1) * SIG_MAX;
		tr->sig[i] = (float)(1 / (1 + exp(-x)));
		tr->lsig[i] = (float)log1p(exp(-x));
	}
	size_t V = v->n;
	tr->keep = malloc(V * sizeof *tr->keep);
	tr->neg = malloc(V * sizeof *tr->neg);
	size_t *small = malloc(V * sizeof *small), *large = malloc(V * sizeof *large);
	double *p = malloc(V * sizeof *p);
	if (!tr->keep || !tr->neg || !small || !large || !p) {
		free(small);
		free(large);
		free(p);
		return ll_err_set(err, LL_ENOMEM, "word2vec: out of memory for the sampling tables");
	}
	double thr = tr->c->sample * (double)ntok;
	for (size_t i = 0; i < V; i++) {
		double f = (double)v->cnt[i];
		double k = thr > 0 ? (sqrt(f / thr) + 1) * thr / f : 1.0;
		tr->keep[i] = k >= 1 ? NONE : (uint32_t)(k * 4294967296.0);
	}
	/* Vose's construction: shares scaled so the mean is 1; a slot below 1
	 * is topped up by a word above 1, which then gives up that much */
	double z = 0;
	for (size_t i = 0; i < V; i++)
		z += pow((double)v->cnt[i], 0.75);
	size_t ns = 0, nl = 0;
	for (size_t i = 0; i < V; i++) {
		p[i] = pow((double)v->cnt[i], 0.75) / z * (double)V;
		if (p[i] < 1)
			small[ns++] = i;
		else
			large[nl++] = i;
	}
	while (ns && nl) {
		size_t sm = small[--ns], lg = large[nl - 1];
		tr->neg[sm].keep = (uint32_t)(p[sm] * 4294967296.0);
		tr->neg[sm].other = (uint32_t)lg;
		p[lg] -= 1 - p[sm];
		if (p[lg] < 1) {
			nl--;
			small[ns++] = lg;
		}
	}
	/* what is left is 1 up to rounding */
	while (ns) {
		size_t i = small[--ns];
		tr->neg[i].keep = NONE;
		tr->neg[i].other = (uint32_t)i;
	}
	while (nl) {
		size_t i = large[--nl];
		tr->neg[i].keep = NONE;
		tr->neg[i].other = (uint32_t)i;
	}
	free(small);
	free(large);
	free(p);
	return LL_OK;
}

int ll_w2v_train(const struct ll_w2v_config *c, size_t n, const char *const *lines, const size_t *lens,
		 ll_w2v_progress_fn progress, void *ctx, struct ll_w2v **out, struct ll_err *err)
{
	*out = NULL;
	int rc = check_config(c, err);
	if (rc != LL_OK)
		return rc;
	struct ll_w2v *w = calloc(1, sizeof *w);
	struct corpus k = {0};
	struct train *tr = calloc(1, sizeof *tr);
	struct worker *wk = calloc((size_t)c->threads, sizeof *wk);
	pthread_t *th = calloc((size_t)c->threads, sizeof *th);
	if (!w || !tr || !wk || !th) {
		rc = ll_err_set(err, LL_ENOMEM, "word2vec: out of memory");
		goto out;
	}
	rc = build_vocab(c, n, lines, lens, &w->v, &k, err);
	if (rc != LL_OK)
		goto out;
	w->dim = c->dim;
	size_t V = w->v.n, dim = (size_t)c->dim;
	tr->c = c;
	tr->k = &k;
	tr->nwords = V;
	tr->dim = c->dim;
	tr->total = (uint64_t)k.nids * (uint64_t)c->epochs;
	/* about a hundred reports a run, but not more often than every 10,000
	 * words nor less often than every million */
	tr->every = tr->total / 100 < 10000 ? 10000 : (tr->total / 100 > 1000000 ? 1000000 : tr->total / 100);
	tr->cb = progress;
	tr->ctx = ctx;
	atomic_init(&tr->done, 0);
	atomic_init(&tr->stop, 0);
	tr->syn0 = malloc(V * dim * sizeof *tr->syn0);
	tr->syn1 = calloc(V * dim, sizeof *tr->syn1);
	if (!tr->syn0 || !tr->syn1) {
		rc = ll_err_set(err, LL_ENOMEM, "word2vec: out of memory for %zu x %zu vectors", V, dim);
		goto out;
	}
	rc = make_tables(tr, &w->v, k.nids, err);
	if (rc != LL_OK)
		goto out;
	struct ll_rng *rng = ll_rng_new(ll_rng_derive(c->seed, 0));
	if (!rng) {
		rc = ll_err_set(err, LL_ENOMEM, "word2vec: out of memory");
		goto out;
	}
	for (size_t i = 0; i < V * dim; i++)
		tr->syn0[i] = (float)((ll_rng_uniform(rng) - 0.5) / (double)dim);
	ll_rng_free(rng);
	size_t maxline = 0;
	for (size_t i = 0; i < n; i++)
		if (k.line_off[i + 1] - k.line_off[i] > maxline)
			maxline = k.line_off[i + 1] - k.line_off[i];
	int nth = c->threads;
	for (int t = 0; t < nth; t++) {
		wk[t].tr = tr;
		wk[t].id = t;
		/* split by words, not lines, so the parts take about as long */
		wk[t].from = t == 0 ? 0 : wk[t - 1].to;
		size_t goal = (size_t)((double)k.nids * (t + 1) / nth), e = wk[t].from;
		while (e < n && (t == nth - 1 || k.line_off[e] < goal))
			e++;
		wk[t].to = t == nth - 1 ? n : e;
		wk[t].sen = malloc((maxline ? maxline : 1) * sizeof *wk[t].sen);
		wk[t].neu1e = malloc(dim * sizeof *wk[t].neu1e);
		if (!wk[t].sen || !wk[t].neu1e) {
			rc = ll_err_set(err, LL_ENOMEM, "word2vec: out of memory");
			goto out;
		}
	}
	tr->t0 = now();
	int started = 0;
	if (nth == 1) {
		train_worker(&wk[0]);
	} else {
		for (; started < nth; started++)
			if (pthread_create(&th[started], NULL, train_worker, &wk[started]) != 0)
				break;
		if (started < nth) {
			atomic_store(&tr->stop, 1);
			rc = ll_err_set(err, LL_EIO, "word2vec: cannot start %d training threads", nth);
		}
		for (int t = 0; t < started; t++)
			pthread_join(th[t], NULL);
		if (rc != LL_OK)
			goto out;
	}
	w->seconds = now() - tr->t0;
	w->words = atomic_load(&tr->done);
	double loss = 0, pairs = 0;
	for (int t = 0; t < nth; t++) {
		loss += wk[t].loss;
		pairs += wk[t].pairs;
	}
	if (atomic_load(&tr->stop)) {
		rc = ll_err_set(err, LL_ECANCEL, "word2vec: training cancelled after %llu words",
				(unsigned long long)w->words);
		goto out;
	}
	/* the last report of the run covers the whole last epoch of every thread */
	wk[0].loss = loss;
	wk[0].pairs = pairs;
	wk[0].rep_loss = wk[0].rep_pairs = 0;
	w->last_loss = pairs > 0 ? loss / pairs : 0;
	if (report(&wk[0], c->epochs - 1, w->words)) {
		rc = ll_err_set(err, LL_ECANCEL, "word2vec: training cancelled at the end");
		goto out;
	}
	w->vec = tr->syn0;
	tr->syn0 = NULL;
	*out = w;
	w = NULL;
	rc = LL_OK;
out:
	if (tr) {
		free(tr->syn0);
		free(tr->syn1);
		free(tr->neg);
		free(tr->keep);
	}
	if (wk)
		for (int t = 0; t < c->threads; t++) {
			free(wk[t].sen);
			free(wk[t].neu1e);
		}
	free(wk);
	free(th);
	free(tr);
	free(k.ids);
	free(k.line_off);
	ll_w2v_free(w);
	return rc;
}

void ll_w2v_free(struct ll_w2v *w)
{
	if (!w)
		return;
	vocab_free(&w->v);
	free(w->vec);
	free(w);
}

size_t ll_w2v_vocab(const struct ll_w2v *w)
{
	return w->v.n;
}

int ll_w2v_dim(const struct ll_w2v *w)
{
	return w->dim;
}

const char *ll_w2v_word(const struct ll_w2v *w, size_t i)
{
	return i < w->v.n ? w->v.arena + w->v.off[i] : NULL;
}

uint64_t ll_w2v_count(const struct ll_w2v *w, size_t i)
{
	return i < w->v.n ? w->v.cnt[i] : 0;
}

long ll_w2v_find(const struct ll_w2v *w, const char *word, size_t len)
{
	return vocab_find(&w->v, word, len);
}

const float *ll_w2v_vector(const struct ll_w2v *w, size_t i)
{
	return w->vec + i * (size_t)w->dim;
}

double ll_w2v_cosine(const struct ll_w2v *w, size_t i, size_t j)
{
	const float *a = ll_w2v_vector(w, i), *b = ll_w2v_vector(w, j);
	double ab = 0, aa = 0, bb = 0;
	for (int q = 0; q < w->dim; q++) {
		ab += (double)a[q] * b[q];
		aa += (double)a[q] * a[q];
		bb += (double)b[q] * b[q];
	}
	return aa > 0 && bb > 0 ? ab / sqrt(aa * bb) : 0.0;
}

size_t ll_w2v_line_vector(const struct ll_w2v *w, struct ll_tokenizer *tok, const char *line, size_t len,
			  float *out)
{
	const struct ll_token *t;
	size_t nt = ll_tok_line(tok, line, len, &t), used = 0;
	memset(out, 0, (size_t)w->dim * sizeof *out);
	for (size_t j = 0; j < nt; j++) {
		long i = vocab_find(&w->v, t[j].s, t[j].len);
		if (i < 0)
			continue;
		const float *v = ll_w2v_vector(w, (size_t)i);
		for (int q = 0; q < w->dim; q++)
			out[q] += v[q];
		used++;
	}
	if (used > 1)
		for (int q = 0; q < w->dim; q++)
			out[q] /= (float)used;
	return used;
}

uint64_t ll_w2v_trained_words(const struct ll_w2v *w)
{
	return w->words;
}

double ll_w2v_train_seconds(const struct ll_w2v *w)
{
	return w->seconds;
}

double ll_w2v_last_loss(const struct ll_w2v *w)
{
	return w->last_loss;
}

int ll_w2v_save(const struct ll_w2v *w, FILE *f, const char *name, struct ll_err *err)
{
	fprintf(f, "%zu %d\n", w->v.n, w->dim);
	for (size_t i = 0; i < w->v.n; i++) {
		fputs(w->v.arena + w->v.off[i], f);
		const float *v = ll_w2v_vector(w, i);
		for (int q = 0; q < w->dim; q++)
			fprintf(f, " %.9g", (double)v[q]);
		fputc('\n', f);
	}
	if (fflush(f) != 0 || ferror(f))
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot write the word vectors", name);
	return LL_OK;
}

int ll_w2v_load(FILE *f, const char *name, struct ll_w2v **out, struct ll_err *err)
{
	*out = NULL;
	char *buf = NULL;
	size_t cap = 0, ln = 1;
	ssize_t got = getline(&buf, &cap, f);
	unsigned long long nw = 0;
	int dim = 0, used = 0, rc;
	if (got < 0 || sscanf(buf, "%llu %d%n", &nw, &dim, &used) != 2 || (buf[used] != '\n' && buf[used] != '\0') ||
	    dim < 1 || dim > 4096 || nw == 0 || nw >= NONE - 1) {
		free(buf);
		return ll_err_set(err, LL_EDATA, "%s:1: expected \"<words> <dim>\" with 1 <= dim <= 4096", name);
	}
	struct ll_w2v *w = calloc(1, sizeof *w);
	/* the count is only a claim until the lines are there: grow as they come */
	size_t vcap = nw < 65536 ? (size_t)nw : 65536;
	float *vec = malloc(vcap * (size_t)dim * sizeof *vec);
	if (!w || !vec) {
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", name);
		goto fail;
	}
	w->dim = dim;
	for (size_t i = 0; i < nw; i++) {
		ln++;
		got = getline(&buf, &cap, f);
		if (got < 0) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: file ends after %zu of %llu words", name, ln, i, nw);
			goto fail;
		}
		char *p = buf, *sp = strchr(buf, ' ');
		if (!sp || sp == buf) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: expected a word and %d numbers", name, ln, dim);
			goto fail;
		}
		struct ll_slots_probe at;
		if (vocab_probe(&w->v, p, (size_t)(sp - p), &at) >= 0) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: word \"%.*s\" appears twice", name, ln,
					(int)(sp - p > 64 ? 64 : sp - p), p);
			goto fail;
		}
		if (i == vcap) {
			vcap *= 2;
			float *nv = realloc(vec, vcap * (size_t)dim * sizeof *nv);
			if (!nv) {
				rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", name);
				goto fail;
			}
			vec = nv;
		}
		if (vocab_add(&w->v, p, (size_t)(sp - p), 0, &at) < 0) {
			rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", name);
			goto fail;
		}
		char *q = sp;
		for (int d = 0; d < dim; d++) {
			char *end;
			float x = strtof(q, &end);
			if (end == q || *q != ' ' || !isfinite(x)) {
				rc = ll_err_set(err, LL_EDATA, "%s:%zu: number %d of %d is missing or not finite", name,
						ln, d + 1, dim);
				goto fail;
			}
			vec[i * (size_t)dim + (size_t)d] = x;
			q = end;
		}
		while (*q == ' ' || *q == '\r')
			q++;
		if (*q != '\n' && *q != '\0') {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: more than %d numbers", name, ln, dim);
			goto fail;
		}
	}
	free(buf);
	w->vec = vec;
	*out = w;
	return LL_OK;
fail:
	free(buf);
	free(vec);
	ll_w2v_free(w);
	return rc;
}
