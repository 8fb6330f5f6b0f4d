/*
 * ll_hashvec.c - MurmurHash3 and the hashed n-gram counts of ll_hashvec.h.
 *
 * Per line: tokenise, hash every n-gram into (column, +-1) pairs in a
 * scratch array sized for the worst line (max_tokens n-grams per n), sort
 * the pairs by column and sum equal columns. Nothing is allocated per line
 * except when the kept rows outgrow their arrays (doubling).
 */
#include "ll_hashvec.h"

#include <stdlib.h>
#include <string.h>

struct pair {
	uint32_t col;
	float v;
};

struct ll_hashvec {
	struct ll_hashvec_config c;
	struct ll_tokenizer *tok;
	char *join;           /* an n-gram's bytes */
	size_t join_cap;
	struct ll_token *kept; /* a line's tokens without unknown codes */
	struct pair *pairs;   /* the n-grams of one line */
	size_t pairs_cap;
	uint32_t *row_idx;    /* one summed row */
	float *row_val;
	/* rows kept since the last finish */
	size_t rows, nnz, rows_cap, nnz_cap;
	size_t *indptr;
	uint32_t *indices;
	float *values;
};

static uint32_t rotl32(uint32_t x, int r)
{
	return (x << r) | (x >> (32 - r));
}

uint32_t ll_murmur3_32(const void *key, size_t len, uint32_t seed)
{
	const unsigned char *p = key;
	const uint32_t c1 = 0xcc9e2d51u, c2 = 0x1b873593u;
	uint32_t h = seed;
	size_t nblocks = len / 4;
	for (size_t i = 0; i < nblocks; i++, p += 4) {
		/* blocks are read little-endian whatever the host's order */
		uint32_t k = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		k *= c1;
		k = rotl32(k, 15);
		k *= c2;
		h ^= k;
		h = rotl32(h, 13);
		h = h * 5 + 0xe6546b64u;
	}
	uint32_t k = 0;
	switch (len & 3) {
	case 3:
		k ^= (uint32_t)p[2] << 16;
		/* fall through */
	case 2:
		k ^= (uint32_t)p[1] << 8;
		/* fall through */
	case 1:
		k ^= p[0];
		k *= c1;
		k = rotl32(k, 15);
		k *= c2;
		h ^= k;
	}
	h ^= (uint32_t)len;
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

void ll_hashvec_config_default(struct ll_hashvec_config *c)
{
	ll_tok_config_default(&c->tok);
	c->ngram_min = 1;
	c->ngram_max = 1;
	c->n_features = (size_t)1 << 18;
	c->alternate_sign = 1;
	c->known = NULL;
}

int ll_hashvec_new(const struct ll_hashvec_config *c, struct ll_hashvec **out, struct ll_err *err)
{
	*out = NULL;
	if (c->ngram_min < 1 || c->ngram_max < c->ngram_min || c->ngram_max > LL_HASHVEC_MAX_NGRAM)
		return ll_err_set(err, LL_EUSAGE, "hashing: n-gram range %d..%d is not within 1..%d", c->ngram_min,
				  c->ngram_max, LL_HASHVEC_MAX_NGRAM);
	if (c->n_features < 2 || c->n_features > ((size_t)1 << 31) || (c->n_features & (c->n_features - 1)))
		return ll_err_set(err, LL_EUSAGE, "hashing: n_features %zu is not a power of two in 2..2^31",
				  c->n_features);
	struct ll_hashvec *h = calloc(1, sizeof *h);
	if (!h)
		return ll_err_set(err, LL_ENOMEM, "hashing: out of memory");
	h->c = *c;
	int rc = ll_tok_new(&c->tok, &h->tok, err);
	if (rc != LL_OK) {
		free(h);
		return rc;
	}
	size_t nmax = c->tok.max_tokens * (size_t)(c->ngram_max - c->ngram_min + 1);
	/* an n-gram is at most the whole masked line plus its separators */
	h->join_cap = 3 * c->tok.max_line_bytes + LL_HASHVEC_MAX_NGRAM;
	h->pairs_cap = nmax;
	h->join = malloc(h->join_cap);
	h->pairs = malloc(nmax * sizeof *h->pairs);
	if (c->known && ll_codes_apply(c->tok.masks) && !(h->kept = malloc(c->tok.max_tokens * sizeof *h->kept))) {
		ll_hashvec_free(h);
		return ll_err_set(err, LL_ENOMEM, "hashing: out of memory");
	}
	h->row_idx = malloc(nmax * sizeof *h->row_idx);
	h->row_val = malloc(nmax * sizeof *h->row_val);
	h->indptr = malloc(sizeof *h->indptr);
	if (!h->join || !h->pairs || !h->row_idx || !h->row_val || !h->indptr) {
		ll_hashvec_free(h);
		return ll_err_set(err, LL_ENOMEM, "hashing: out of memory for %zu n-grams a line", nmax);
	}
	h->rows_cap = 0;
	h->indptr[0] = 0;
	*out = h;
	return LL_OK;
}

void ll_hashvec_free(struct ll_hashvec *h)
{
	if (!h)
		return;
	ll_tok_free(h->tok);
	free(h->join);
	free(h->pairs);
	free(h->kept);
	free(h->row_idx);
	free(h->row_val);
	free(h->indptr);
	free(h->indices);
	free(h->values);
	free(h);
}

const struct ll_hashvec_config *ll_hashvec_config(const struct ll_hashvec *h)
{
	return &h->c;
}

/* Heap sort by column: no recursion and O(n log n) on the longest line. */
static void sift(struct pair *a, size_t i, size_t n)
{
	struct pair x = a[i];
	for (;;) {
		size_t k = 2 * i + 1;
		if (k >= n)
			break;
		if (k + 1 < n && a[k + 1].col > a[k].col)
			k++;
		if (a[k].col <= x.col)
			break;
		a[i] = a[k];
		i = k;
	}
	a[i] = x;
}

static void sort_pairs(struct pair *a, size_t n)
{
	if (n <= 48) {
		for (size_t i = 1; i < n; i++) {
			struct pair x = a[i];
			size_t j = i;
			while (j > 0 && a[j - 1].col > x.col) {
				a[j] = a[j - 1];
				j--;
			}
			a[j] = x;
		}
		return;
	}
	for (size_t i = n / 2; i-- > 0;)
		sift(a, i, n);
	for (size_t end = n; end-- > 1;) {
		struct pair x = a[0];
		a[0] = a[end];
		a[end] = x;
		sift(a, 0, end);
	}
}

static void add_term(struct ll_hashvec *h, size_t *np, const char *s, size_t len)
{
	int32_t v = (int32_t)ll_murmur3_32(s, len, 0);
	/* |v| as unsigned, so |INT32_MIN| is 2^31 as sklearn defines it */
	uint32_t a = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
	struct pair *p = &h->pairs[(*np)++];
	p->col = a & (uint32_t)(h->c.n_features - 1);
	p->v = (h->c.alternate_sign && v < 0) ? -1.0f : 1.0f;
}

void ll_hashvec_line(struct ll_hashvec *h, const char *line, size_t len, const uint32_t **idx,
		     const float **val, size_t *nnz)
{
	const struct ll_token *t;
	size_t nt = ll_tok_line(h->tok, line, len, &t), np = 0;
	if (h->kept) {
		size_t k = 0;
		for (size_t i = 0; i < nt; i++)
			if (ll_codes_keep(h->c.known, t[i].s, t[i].len))
				h->kept[k++] = t[i];
		t = h->kept;
		nt = k;
	}
	for (int n = h->c.ngram_min; n <= h->c.ngram_max; n++) {
		if ((size_t)n > nt)
			break;
		if (n == 1) {
			for (size_t i = 0; i < nt; i++)
				add_term(h, &np, t[i].s, t[i].len);
			continue;
		}
		for (size_t i = 0; i + (size_t)n <= nt; i++) {
			size_t m = 0;
			for (int j = 0; j < n; j++) {
				if (j)
					h->join[m++] = ' ';
				memcpy(h->join + m, t[i + (size_t)j].s, t[i + (size_t)j].len);
				m += t[i + (size_t)j].len;
			}
			add_term(h, &np, h->join, m);
		}
	}
	sort_pairs(h->pairs, np);
	size_t k = 0;
	for (size_t i = 0; i < np; i++) {
		if (k && h->row_idx[k - 1] == h->pairs[i].col) {
			h->row_val[k - 1] += h->pairs[i].v;
		} else {
			h->row_idx[k] = h->pairs[i].col;
			h->row_val[k++] = h->pairs[i].v;
		}
	}
	*idx = h->row_idx;
	*val = h->row_val;
	*nnz = k;
}

int ll_hashvec_add(struct ll_hashvec *h, const char *line, size_t len, struct ll_err *err)
{
	const uint32_t *idx;
	const float *val;
	size_t k;
	ll_hashvec_line(h, line, len, &idx, &val, &k);
	if (h->rows == h->rows_cap) {
		size_t c = h->rows_cap ? 2 * h->rows_cap : 1024;
		size_t *p = realloc(h->indptr, (c + 1) * sizeof *p);
		if (!p)
			return ll_err_set(err, LL_ENOMEM, "hashing: out of memory at row %zu", h->rows + 1);
		h->indptr = p;
		h->rows_cap = c;
	}
	if (h->nnz + k > h->nnz_cap) {
		size_t c = h->nnz_cap ? 2 * h->nnz_cap : 16384;
		while (c < h->nnz + k)
			c *= 2;
		uint32_t *ix = realloc(h->indices, c * sizeof *ix);
		if (!ix)
			return ll_err_set(err, LL_ENOMEM, "hashing: out of memory at row %zu", h->rows + 1);
		h->indices = ix;
		float *v = realloc(h->values, c * sizeof *v);
		if (!v)
			return ll_err_set(err, LL_ENOMEM, "hashing: out of memory at row %zu", h->rows + 1);
		h->values = v;
		h->nnz_cap = c;
	}
	memcpy(h->indices + h->nnz, idx, k * sizeof *idx);
	memcpy(h->values + h->nnz, val, k * sizeof *val);
	h->nnz += k;
	h->indptr[++h->rows] = h->nnz;
	return LL_OK;
}

size_t ll_hashvec_rows(const struct ll_hashvec *h)
{
	return h->rows;
}

int ll_hashvec_finish(struct ll_hashvec *h, struct ll_csr **out, struct ll_err *err)
{
	*out = NULL;
	struct ll_csr *c = calloc(1, sizeof *c);
	size_t *fresh = malloc(sizeof *fresh);
	if (!c || !fresh) {
		free(c);
		free(fresh);
		return ll_err_set(err, LL_ENOMEM, "hashing: out of memory");
	}
	c->rows = h->rows;
	c->cols = h->c.n_features;
	c->nnz = h->nnz;
	c->indptr = h->indptr;
	/* never hand over NULL arrays, even for no rows or no terms */
	c->indices = h->indices ? h->indices : malloc(sizeof *c->indices);
	c->values = h->values ? h->values : malloc(sizeof *c->values);
	if (!c->indices || !c->values) {
		if (!h->indices)
			free(c->indices);
		if (!h->values)
			free(c->values);
		free(c);
		free(fresh);
		return ll_err_set(err, LL_ENOMEM, "hashing: out of memory");
	}
	fresh[0] = 0;
	h->indptr = fresh;
	h->indices = NULL;
	h->values = NULL;
	h->rows = h->nnz = h->rows_cap = h->nnz_cap = 0;
	*out = c;
	return LL_OK;
}

int ll_hashvec_transform(struct ll_hashvec *h, size_t n, const char *const *lines, const size_t *lens,
			 struct ll_csr **out, struct ll_err *err)
{
	*out = NULL;
	for (size_t i = 0; i < n; i++) {
		int rc = ll_hashvec_add(h, lines[i], lens[i], err);
		if (rc != LL_OK)
			return rc;
	}
	return ll_hashvec_finish(h, out, err);
}
