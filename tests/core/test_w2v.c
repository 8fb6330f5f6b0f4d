/*
 * tests/core/test_w2v.c - skip-gram word vectors on a synthetic corpus with
 * planted structure: 40 words in 10 groups of 4; every line holds 8 words
 * of one group (and the word "the" now and then), so words of a group
 * co-occur and words of different groups never do. After training, words
 * of a group must be closer (cosine) than words of different groups, and
 * each word's nearest neighbour must be in its group. Also: determinism
 * for a seed, no NaN, progress and cancel, line vectors as the mean of
 * known tokens (checked against a sum done here), save/load, bad input.
 */
#include "harness.h"
#include "ll_w2v.h"

#include <time.h>

#define GROUPS 10
#define PER 4
#define NLINES 3000

static char *lines[NLINES];
static size_t lens[NLINES];

static void make_corpus(void)
{
	unsigned s = 7;
	for (size_t i = 0; i < NLINES; i++) {
		char buf[256];
		size_t m = 0;
		unsigned g = (unsigned)(i % GROUPS);
		for (int k = 0; k < 8; k++) {
			s = s * 1103515245u + 12345u;
			unsigned w = (s >> 16) % PER;
			m += (size_t)snprintf(buf + m, sizeof buf - m, "%sw%c%c", k ? " " : "", 'a' + g, 'a' + w);
			if ((s >> 8) % 5 == 0)
				m += (size_t)snprintf(buf + m, sizeof buf - m, " the");
		}
		lines[i] = strdup(buf);
		lens[i] = m;
	}
}

static void config(struct ll_w2v_config *c)
{
	ll_w2v_config_default(c);
	c->dim = 24;
	c->window = 3;
	c->min_count = 1;
	c->sample = 0;
	c->epochs = 5;
	c->seed = 42;
}

struct prog {
	int calls;
	double first_loss, last_loss, last_fraction;
	int nan;
	int cancel_after;
};

static int on_progress(void *ctx, const struct ll_w2v_progress *p)
{
	struct prog *g = ctx;
	if (g->calls == 0)
		g->first_loss = p->loss;
	g->last_loss = p->loss;
	g->last_fraction = p->fraction;
	g->nan |= !isfinite(p->loss) || !isfinite(p->alpha);
	g->calls++;
	return g->cancel_after && g->calls >= g->cancel_after;
}

static long word(const struct ll_w2v *w, unsigned g, unsigned k)
{
	char s[4] = {'w', (char)('a' + g), (char)('a' + k), 0};
	return ll_w2v_find(w, s, 3);
}

static void test_structure(void)
{
	struct ll_w2v_config c;
	config(&c);
	struct ll_w2v *w;
	struct ll_err err;
	struct prog g = {0};
	CHECK_INT(ll_w2v_train(&c, NLINES, (const char *const *)lines, lens, on_progress, &g, &w, &err), LL_OK);
	if (!w)
		return;
	CHECK_INT(ll_w2v_vocab(w), GROUPS * PER + 1);
	CHECK_INT(ll_w2v_dim(w), 24);
	/* 3000 lines x 8 words, and "the" about once a line in 5 draws */
	uint64_t words = 0;
	for (size_t i = 0; i < ll_w2v_vocab(w); i++)
		words += ll_w2v_count(w, i);
	CHECK_INT(ll_w2v_trained_words(w), words * 5);
	/* most frequent first */
	int sorted = 1;
	for (size_t i = 1; i < ll_w2v_vocab(w); i++)
		sorted &= ll_w2v_count(w, i - 1) >= ll_w2v_count(w, i);
	CHECK(sorted);
	CHECK(ll_w2v_find(w, "the", 3) >= 0);
	CHECK_INT(ll_w2v_find(w, "th", 2), -1);
	int nan = 0;
	for (size_t i = 0; i < ll_w2v_vocab(w); i++)
		for (int q = 0; q < 24; q++)
			nan |= !isfinite(ll_w2v_vector(w, i)[q]);
	CHECK(!nan);
	CHECK(!g.nan);
	CHECK(g.calls >= 2);
	CHECK_NEAR(g.last_fraction, 1.0, 1e-9);
	CHECK(g.last_loss < g.first_loss);
	CHECK(ll_w2v_last_loss(w) > 0 && ll_w2v_last_loss(w) < g.first_loss);

	double in = 0, out = 0;
	int nin = 0, nout = 0, nn_ok = 0;
	for (unsigned g1 = 0; g1 < GROUPS; g1++)
		for (unsigned k1 = 0; k1 < PER; k1++) {
			long a = word(w, g1, k1);
			double best = -2;
			unsigned best_g = GROUPS;
			for (unsigned g2 = 0; g2 < GROUPS; g2++)
				for (unsigned k2 = 0; k2 < PER; k2++) {
					if (g1 == g2 && k1 == k2)
						continue;
					double cs = ll_w2v_cosine(w, (size_t)a, (size_t)word(w, g2, k2));
					if (g1 == g2) {
						in += cs;
						nin++;
					} else {
						out += cs;
						nout++;
					}
					if (cs > best) {
						best = cs;
						best_g = g2;
					}
				}
			nn_ok += best_g == g1;
		}
	in /= nin;
	out /= nout;
	fprintf(stderr, "mean cosine within groups %.3f, across %.3f, nearest in group %d/40, loss %.3f -> %.3f\n",
		in, out, nn_ok, g.first_loss, g.last_loss);
	CHECK(in > 0.5);
	CHECK(in > out + 0.4);
	CHECK_INT(nn_ok, GROUPS * PER);

	/* line vector: the mean of the known tokens; unknown ones are skipped */
	struct ll_tokenizer *tok;
	CHECK_INT(ll_tok_new(&c.tok, &tok, &err), LL_OK);
	float v[24], want[24] = {0};
	const char *line = "wab zzz wcd wab";
	size_t used = ll_w2v_line_vector(w, tok, line, strlen(line), v);
	CHECK_INT(used, 3);
	const float *x = ll_w2v_vector(w, (size_t)word(w, 0, 1)), *y = ll_w2v_vector(w, (size_t)word(w, 2, 3));
	for (int q = 0; q < 24; q++) {
		want[q] = (2 * x[q] + y[q]) / 3;
		CHECK_NEAR(v[q], want[q], 1e-6);
	}
	CHECK_INT(ll_w2v_line_vector(w, tok, "nothing known", 13, v), 0);
	CHECK_NEAR(v[0], 0, 0);
	CHECK_INT(ll_w2v_line_vector(w, tok, NULL, 0, v), 0);
	ll_tok_free(tok);

	/* save and load give the same words and the same floats */
	FILE *f = tmpfile();
	CHECK_INT(ll_w2v_save(w, f, "tmp", &err), LL_OK);
	rewind(f);
	struct ll_w2v *u;
	CHECK_INT(ll_w2v_load(f, "tmp", &u, &err), LL_OK);
	fclose(f);
	if (u) {
		CHECK_INT(ll_w2v_vocab(u), ll_w2v_vocab(w));
		int same = 1;
		for (size_t i = 0; i < ll_w2v_vocab(w); i++) {
			same &= strcmp(ll_w2v_word(u, i), ll_w2v_word(w, i)) == 0;
			same &= memcmp(ll_w2v_vector(u, i), ll_w2v_vector(w, i), 24 * sizeof(float)) == 0;
		}
		CHECK(same);
		CHECK_INT(ll_w2v_find(u, "wjd", 3), ll_w2v_find(w, "wjd", 3));
		ll_w2v_free(u);
	}
	ll_w2v_free(w);
}

static void test_determinism(void)
{
	struct ll_w2v_config c;
	config(&c);
	c.sample = 1e-3; /* subsampling draws random numbers too */
	/* one epoch under valgrind (LL_VALGRIND): the same draws, compared
	 * bit for bit, at half the CPU of three trainings */
	c.epochs = getenv("LL_VALGRIND") ? 1 : 2;
	struct ll_w2v *a, *b, *d;
	struct ll_err err;
	CHECK_INT(ll_w2v_train(&c, NLINES, (const char *const *)lines, lens, NULL, NULL, &a, &err), LL_OK);
	CHECK_INT(ll_w2v_train(&c, NLINES, (const char *const *)lines, lens, NULL, NULL, &b, &err), LL_OK);
	c.seed = 43;
	CHECK_INT(ll_w2v_train(&c, NLINES, (const char *const *)lines, lens, NULL, NULL, &d, &err), LL_OK);
	if (a && b && d) {
		size_t bytes = ll_w2v_vocab(a) * 24 * sizeof(float);
		CHECK(memcmp(ll_w2v_vector(a, 0), ll_w2v_vector(b, 0), bytes) == 0);
		CHECK(memcmp(ll_w2v_vector(a, 0), ll_w2v_vector(d, 0), bytes) != 0);
	}
	ll_w2v_free(a);
	ll_w2v_free(b);
	ll_w2v_free(d);

	/* two threads: no determinism promised, but finite and structured */
	config(&c);
	c.threads = 2;
	CHECK_INT(ll_w2v_train(&c, NLINES, (const char *const *)lines, lens, NULL, NULL, &a, &err), LL_OK);
	if (a) {
		int nan = 0;
		for (size_t i = 0; i < ll_w2v_vocab(a) * 24; i++)
			nan |= !isfinite(ll_w2v_vector(a, 0)[i]);
		CHECK(!nan);
		CHECK(ll_w2v_cosine(a, (size_t)word(a, 1, 0), (size_t)word(a, 1, 1)) >
		      ll_w2v_cosine(a, (size_t)word(a, 1, 0), (size_t)word(a, 5, 1)));
		ll_w2v_free(a);
	}
}

static void test_cancel_and_bad(void)
{
	struct ll_w2v_config c;
	config(&c);
	c.epochs = 50;
	struct ll_w2v *w;
	struct ll_err err;
	struct prog g = {0};
	g.cancel_after = 1;
	CHECK_INT(ll_w2v_train(&c, NLINES, (const char *const *)lines, lens, on_progress, &g, &w, &err), LL_ECANCEL);
	CHECK(w == NULL);
	CHECK_INT(g.calls, 1);
	CHECK(strstr(err.msg, "cancelled") != NULL);

	/* empty input, or nothing frequent enough */
	config(&c);
	CHECK_INT(ll_w2v_train(&c, 0, NULL, NULL, NULL, NULL, &w, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "no token") != NULL);
	const char *empty[] = {"", "x", "  "};
	size_t elen[] = {0, 1, 2};
	CHECK_INT(ll_w2v_train(&c, 3, empty, elen, NULL, NULL, &w, &err), LL_EUSAGE);
	c.min_count = 100000;
	CHECK_INT(ll_w2v_train(&c, NLINES, (const char *const *)lines, lens, NULL, NULL, &w, &err), LL_EUSAGE);
	config(&c);
	c.dim = 0;
	CHECK_INT(ll_w2v_train(&c, NLINES, (const char *const *)lines, lens, NULL, NULL, &w, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "dim") != NULL);
	config(&c);
	c.min_alpha = 1;
	CHECK_INT(ll_w2v_train(&c, NLINES, (const char *const *)lines, lens, NULL, NULL, &w, &err), LL_EUSAGE);

	/* a 50 MB line among short ones: only its first 64 KiB count */
	size_t big = 50u << 20;
	char *s = malloc(big);
	CHECK(s != NULL);
	if (s) {
		for (size_t i = 0; i < big; i++)
			s[i] = (i % 4 == 3) ? ' ' : (char)('a' + (i / 4) % 3);
		const char *mix[] = {s, "aaa bbb", "ccc aaa"};
		size_t mlen[] = {big, 7, 7};
		config(&c);
		c.epochs = 1;
		clock_t c0 = clock();
		CHECK_INT(ll_w2v_train(&c, 3, mix, mlen, NULL, NULL, &w, &err), LL_OK);
		CHECK((double)(clock() - c0) / CLOCKS_PER_SEC < 5);
		if (w) {
			CHECK_INT(ll_w2v_vocab(w), 3);
			/* 4096 tokens (the cap) of the long line and 4 more */
			CHECK_INT(ll_w2v_trained_words(w), 4096 + 4);
			ll_w2v_free(w);
		}
		free(s);
	}
}

static int load_text(const char *text, struct ll_err *err)
{
	FILE *f = tmpfile();
	fputs(text, f);
	rewind(f);
	struct ll_w2v *w;
	int rc = ll_w2v_load(f, "bad.vec", &w, err);
	fclose(f);
	ll_w2v_free(w);
	return rc;
}

static void test_bad_files(void)
{
	struct ll_err err;
	CHECK_INT(load_text("", &err), LL_EDATA);
	CHECK(strstr(err.msg, "bad.vec:1:") != NULL);
	CHECK_INT(load_text("2 0\n", &err), LL_EDATA);
	CHECK_INT(load_text("2 2\naa 1 2\n", &err), LL_EDATA);
	CHECK(strstr(err.msg, "ends after 1 of 2") != NULL);
	CHECK_INT(load_text("2 2\naa 1 2\nbb 1\n", &err), LL_EDATA);
	CHECK(strstr(err.msg, "bad.vec:3:") != NULL);
	CHECK_INT(load_text("2 2\naa 1 2\nbb 1 2 3\n", &err), LL_EDATA);
	CHECK(strstr(err.msg, "more than") != NULL);
	CHECK_INT(load_text("2 2\naa 1 2\naa 3 4\n", &err), LL_EDATA);
	CHECK(strstr(err.msg, "twice") != NULL);
	CHECK_INT(load_text("1 2\naa 1 nan\n", &err), LL_EDATA);
	CHECK_INT(load_text("1 2\n 1 2\n", &err), LL_EDATA);
	CHECK_INT(load_text("2 2\naa 1 2\nbb -1.5 2e-3\n", &err), LL_OK);
	/* a huge count in the header is only a claim: no huge allocation */
	CHECK_INT(load_text("4000000000 2\naa 1 2\n", &err), LL_EDATA);
}

int main(void)
{
	make_corpus();
	test_structure();
	test_determinism();
	test_cancel_and_bad();
	test_bad_files();
	for (size_t i = 0; i < NLINES; i++)
		free(lines[i]);
	TEST_MAIN_END();
}
