/*
 * ll_hashvec.h - hashed term counts of log lines ("the hashing trick"),
 * computed as scikit-learn's HashingVectorizer(norm=None) does, so that the
 * two agree exactly on the same tokens.
 *
 * Each line is tokenised (ll_tokenize.h); its word n-grams for n in
 * ngram_min..ngram_max are the tokens themselves (n = 1) and runs of n
 * consecutive tokens joined by one space. Each n-gram's bytes are hashed
 * with MurmurHash3 x86 32-bit, seed 0, read as a signed 32-bit h; the
 * column is |h| mod n_features (|INT32_MIN| = 2^31) and the term adds +1,
 * or with alternate_sign -1 when h < 0 so that collisions tend to cancel
 * (sklearn's default). Equal columns in a row are summed; as in sklearn a
 * sum that cancels to 0 stays as a stored (explicit) zero, so the sparsity
 * pattern is sklearn's too. Columns are increasing within a row.
 *
 * A hasher keeps the rows added so far; ll_hashvec_finish hands them over
 * as a struct ll_csr (ll_featmat.h). Not thread-safe: one per thread.
 */
#ifndef LL_HASHVEC_H
#define LL_HASHVEC_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"
#include "ll_codes.h"
#include "ll_featmat.h"
#include "ll_tokenize.h"

#define LL_HASHVEC_MAX_NGRAM 8

struct ll_hashvec_config {
	struct ll_tok_config tok;
	int ngram_min, ngram_max; /* 1 <= min <= max <= LL_HASHVEC_MAX_NGRAM; default 1, 1 */
	size_t n_features;        /* a power of two, 2..2^31; default 2^18 */
	int alternate_sign;       /* default 1 */
	/* When set and tok.masks keep codes (ll_codes_apply): the codes a line
	 * may keep; others are left out as if the line did not have them
	 * (ll_codes.h). Borrowed, not copied. Default NULL: every token. */
	const struct ll_codes *known;
};

struct ll_hashvec;

/* MurmurHash3 x86 32-bit (Austin Appleby's algorithm) of key[0..len). */
uint32_t ll_murmur3_32(const void *key, size_t len, uint32_t seed);

/* Fills c with the defaults above (tokenizer defaults included). */
void ll_hashvec_config_default(struct ll_hashvec_config *c);

/* Creates a hasher; *out is NULL on error (LL_EUSAGE naming the bad field,
 * LL_ENOMEM). Free with ll_hashvec_free (NULL is fine). */
int ll_hashvec_new(const struct ll_hashvec_config *c, struct ll_hashvec **out, struct ll_err *err);
void ll_hashvec_free(struct ll_hashvec *h);

const struct ll_hashvec_config *ll_hashvec_config(const struct ll_hashvec *h);

/* The hashed row of one line without storing it: *idx and *val (valid until
 * the next call on h) get *nnz columns and values. Never fails. */
void ll_hashvec_line(struct ll_hashvec *h, const char *line, size_t len, const uint32_t **idx,
		     const float **val, size_t *nnz);

/* Appends the row of one line to the rows kept by h. LL_ENOMEM leaves the
 * earlier rows intact. */
int ll_hashvec_add(struct ll_hashvec *h, const char *line, size_t len, struct ll_err *err);

/* Rows added since the last finish. */
size_t ll_hashvec_rows(const struct ll_hashvec *h);

/* Hands the rows added since the last finish over as a new CSR of
 * rows x n_features (caller frees with ll_csr_free) and starts afresh. */
int ll_hashvec_finish(struct ll_hashvec *h, struct ll_csr **out, struct ll_err *err);

/* The CSR of n lines (lines[i] of lens[i] bytes): add each, then finish. */
int ll_hashvec_transform(struct ll_hashvec *h, size_t n, const char *const *lines, const size_t *lens,
			 struct ll_csr **out, struct ll_err *err);

#endif
