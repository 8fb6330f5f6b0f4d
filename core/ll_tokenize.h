/*
 * ll_tokenize.h - splits a log line into the tokens that text features
 * (hashed counts, TF-IDF, word embeddings) are built from.
 *
 * A line is first cut to max_line_bytes, then masked with ll_mask_apply
 * (numbers, IPs, hex, paths, ... become "<*>"), then cut into tokens:
 *
 *   A token is a maximal run of word bytes - ASCII letters, digits, '_',
 *   and every byte >= 0x80 (so UTF-8 text stays inside its word) - that
 *   holds at least two characters, counting a UTF-8 sequence as one
 *   character (bytes 0x80-0xBF do not count). Everything else separates
 *   tokens. With lowercase on, ASCII A-Z become a-z (other bytes are kept).
 *   With keep_wildcard on and masks switched on, each "<*>" the masks left
 *   is a token of its own, "<*>", so a line still says that a value was
 *   there; with it off, masked spans vanish.
 *
 * On ASCII text with masks off this is exactly what scikit-learn's default
 * token_pattern (?u)\b\w\w+\b finds after its default lowercase=True;
 * sklearn also counts non-ASCII letters only as \w, where this counts every
 * non-ASCII byte, so lines with non-ASCII punctuation can differ.
 *
 * Only the first max_tokens tokens of a line count, so a 50 MB line costs
 * no more than max_line_bytes of work. A tokenizer keeps scratch space for
 * one line: not thread-safe, one per thread.
 */
#ifndef LL_TOKENIZE_H
#define LL_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"
#include "ll_mask.h"

struct ll_tok_config {
	unsigned masks;        /* LL_MASK_* rules applied first; 0 = none; default LL_MASK_DEFAULT */
	int lowercase;         /* fold ASCII to lower case; default 1 */
	int keep_wildcard;     /* a masked span is the token "<*>"; default 1 */
	size_t max_line_bytes; /* bytes of a line looked at, 16..64 MiB; default 65536 */
	size_t max_tokens;     /* tokens kept per line, 1..1,000,000; default 4096 */
};

/* One token: len bytes at s, pointing into the tokenizer's scratch space. */
struct ll_token {
	const char *s;
	uint32_t len;
};

struct ll_tokenizer;

/* Fills c with the defaults above. */
void ll_tok_config_default(struct ll_tok_config *c);

/* Checks a configuration; LL_EUSAGE with a message naming the field. */
int ll_tok_config_check(const struct ll_tok_config *c, struct ll_err *err);

/* Creates a tokenizer (copies c); *out is NULL on error (LL_EUSAGE, LL_ENOMEM).
 * Free with ll_tok_free (NULL is fine). */
int ll_tok_new(const struct ll_tok_config *c, struct ll_tokenizer **out, struct ll_err *err);
void ll_tok_free(struct ll_tokenizer *t);

/* The tokenizer's configuration. */
const struct ll_tok_config *ll_tok_config(const struct ll_tokenizer *t);

/* Tokenises line[0..len) (need not be NUL-terminated; NULL is fine when len
 * is 0). Sets *toks to an array of the tokens in line order, valid until
 * the next call or ll_tok_free, and returns their number. Allocates
 * nothing; never fails. */
size_t ll_tok_line(struct ll_tokenizer *t, const char *line, size_t len, const struct ll_token **toks);

#endif
