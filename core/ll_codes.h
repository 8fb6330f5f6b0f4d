/*
 * ll_codes.h - the numbers the code mask keeps (LL_MASK_CODE in ll_mask.h)
 * that the training lines of a feature set had.
 *
 * With the code mode on, a status, exit code or event id stays a token
 * beside "<*>" ("503", "4625"). A kept number the training lines never had
 * carries no learned weight, yet TF-IDF gives it the largest idf there is,
 * so it would take most of a short line's norm and shrink the words the
 * model knows (a pid of 1 to 4 digits, a port, a new status); scikit-learn's
 * vocabulary drops such a word. A feature set therefore notes the codes of
 * its training lines, keeps the set with its TF-IDF weights, and every
 * later hashing of lines (the build's other rows, eval, predict) leaves out
 * the codes outside it.
 *
 * As tokens (ll_tokenize.h: two characters at least) these are the digit
 * strings of 2 to 4 digits, "00" to "9999": LL_CODES_N of them.
 */
#ifndef LL_CODES_H
#define LL_CODES_H

#include <stddef.h>
#include <stdio.h>

#include "ll_err.h"
#include "ll_tokenize.h"

#define LL_CODES_N 11100

struct ll_codes {
	unsigned char seen[LL_CODES_N];
	size_t count; /* entries of seen that are set */
};

/* The slot of the token s[0..len) when it is a code (2 to 4 ASCII digits),
 * else -1. */
long ll_codes_index(const char *s, size_t len);

/* Whether masks keep codes as tokens: the num rule and its code mode. */
int ll_codes_apply(unsigned masks);

/* Notes the codes among n tokens. */
void ll_codes_note(struct ll_codes *c, const struct ll_token *t, size_t n);

/* Whether token s[0..len) stays: it is not a code, or c has it. */
int ll_codes_keep(const struct ll_codes *c, const char *s, size_t len);

/* Writes "codes N", then the codes, 20 a line, then "end". */
int ll_codes_save(const struct ll_codes *c, FILE *f, const char *name, struct ll_err *err);

/* Reads what ll_codes_save wrote from f's position; *found is 0 (c
 * emptied) when f is at its end, as in weights saved before codes were.
 * LL_EDATA names name and the line for anything else. */
int ll_codes_load(FILE *f, const char *name, struct ll_codes *c, int *found, struct ll_err *err);

#endif
