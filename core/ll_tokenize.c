/*
 * ll_tokenize.c - masking, lower-casing and token splitting of one line
 * (the token rule is in ll_tokenize.h).
 *
 * The line is copied once into scratch space (masked on the way when masks
 * are on) and scanned once; tokens point into that copy, so a caller can
 * hash or look them up without further copies. A byte-class table keeps
 * the scan to one load and one test per byte.
 */
#include "ll_tokenize.h"

#include <stdlib.h>
#include <string.h>

/* Byte classes of the scan. */
enum { C_SEP = 0, C_WORD = 1, C_UPPER = 2, C_CONT = 3 };

struct ll_tokenizer {
	struct ll_tok_config c;
	char *buf;     /* masked copy of the line */
	size_t cap;    /* bytes of buf */
	struct ll_token *toks;
	unsigned char cls[256];
};

void ll_tok_config_default(struct ll_tok_config *c)
{
	c->masks = LL_MASK_DEFAULT;
	c->lowercase = 1;
	c->keep_wildcard = 1;
	c->max_line_bytes = 65536;
	c->max_tokens = 4096;
}

int ll_tok_config_check(const struct ll_tok_config *c, struct ll_err *err)
{
	if (c->masks & ~LL_MASK_ANY)
		return ll_err_set(err, LL_EUSAGE, "tokenizer: unknown mask bits 0x%x", c->masks & ~LL_MASK_ANY);
	if (c->max_line_bytes < 16 || c->max_line_bytes > ((size_t)64 << 20))
		return ll_err_set(err, LL_EUSAGE, "tokenizer: max_line_bytes %zu is outside 16..64 MiB",
				  c->max_line_bytes);
	if (c->max_tokens < 1 || c->max_tokens > 1000000)
		return ll_err_set(err, LL_EUSAGE, "tokenizer: max_tokens %zu is outside 1..1000000", c->max_tokens);
	return LL_OK;
}

int ll_tok_new(const struct ll_tok_config *c, struct ll_tokenizer **out, struct ll_err *err)
{
	*out = NULL;
	int rc = ll_tok_config_check(c, err);
	if (rc != LL_OK)
		return rc;
	struct ll_tokenizer *t = calloc(1, sizeof *t);
	if (!t)
		return ll_err_set(err, LL_ENOMEM, "tokenizer: out of memory");
	t->c = *c;
	/* A one-byte value can become the three bytes "<*>" (four, "<*>7",
	 * when the code mode keeps it), so that bounds a masked line. */
	t->cap = c->masks ? (c->masks & LL_MASK_CODE ? 4 : 3) * c->max_line_bytes : c->max_line_bytes;
	t->buf = malloc(t->cap);
	t->toks = malloc(c->max_tokens * sizeof *t->toks);
	if (!t->buf || !t->toks) {
		ll_tok_free(t);
		return ll_err_set(err, LL_ENOMEM, "tokenizer: out of memory for a %zu-byte line", c->max_line_bytes);
	}
	for (int b = 0; b < 256; b++) {
		unsigned char k = C_SEP;
		if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '_' || b >= 0xC0)
			k = C_WORD;
		else if (b >= 'A' && b <= 'Z')
			k = c->lowercase ? C_UPPER : C_WORD;
		else if (b >= 0x80)
			k = C_CONT; /* UTF-8 continuation: a word byte that is not a new character */
		t->cls[b] = k;
	}
	*out = t;
	return LL_OK;
}

void ll_tok_free(struct ll_tokenizer *t)
{
	if (!t)
		return;
	free(t->buf);
	free(t->toks);
	free(t);
}

const struct ll_tok_config *ll_tok_config(const struct ll_tokenizer *t)
{
	return &t->c;
}

size_t ll_tok_line(struct ll_tokenizer *t, const char *line, size_t len, const struct ll_token **toks)
{
	*toks = t->toks;
	if (!line || len == 0)
		return 0;
	if (len > t->c.max_line_bytes)
		len = t->c.max_line_bytes;
	size_t n;
	if (t->c.masks) {
		n = ll_mask_apply(t->c.masks, line, len, t->buf, t->cap);
	} else {
		memcpy(t->buf, line, len);
		n = len;
	}
	unsigned char *s = (unsigned char *)t->buf;
	const unsigned char *cls = t->cls;
	int wild = t->c.masks && t->c.keep_wildcard;
	size_t nt = 0, maxt = t->c.max_tokens, i = 0;
	while (i < n && nt < maxt) {
		unsigned k = cls[s[i]];
		if (k == C_SEP) {
			if (wild && s[i] == '<' && i + 2 < n && s[i + 1] == '*' && s[i + 2] == '>') {
				t->toks[nt].s = (const char *)s + i;
				t->toks[nt++].len = 3;
				i += 3;
			} else {
				i++;
			}
			continue;
		}
		size_t start = i, chars = 0;
		do {
			if (k == C_UPPER)
				s[i] = (unsigned char)(s[i] + ('a' - 'A'));
			chars += k != C_CONT;
			i++;
		} while (i < n && (k = cls[s[i]]) != C_SEP);
		if (chars >= 2) {
			t->toks[nt].s = (const char *)s + start;
			t->toks[nt++].len = (uint32_t)(i - start);
		}
	}
	return nt;
}
