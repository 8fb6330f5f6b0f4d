/*
 * ds_json_tape.c - the first pass's leaves kept for the second
 * (ds_json_tape.h).
 *
 * Entries are 12 bytes and strings keep their bytes once, so a record of
 * numbers takes about what its text does; the budget bounds the rest.
 */
#include "ds_json_tape.h"

#include <stdlib.h>
#include <string.h>

void ds_json_tape_init(struct ds_json_tape *t, size_t budget)
{
	memset(t, 0, sizeof *t);
	t->budget = budget;
	t->off = budget == 0;
}

void ds_json_tape_free(struct ds_json_tape *t)
{
	free(t->ent);
	free(t->text);
	t->ent = NULL;
	t->text = NULL;
	t->n = t->cap = t->tlen = t->tcap = 0;
}

static void give_up(struct ds_json_tape *t)
{
	ds_json_tape_free(t);
	t->off = 1;
}

/* Grows *buf (of *cap elements of size sz) to hold need, doubling, within
 * the budget beside other bytes already taken; 0 when it cannot. */
static int grow(void **buf, size_t *cap, size_t need, size_t sz, size_t other, size_t budget)
{
	if (need <= *cap)
		return 1;
	size_t ncap = *cap ? *cap : 1024;
	while (ncap < need)
		ncap *= 2;
	if (ncap > (budget - other) / sz) {
		ncap = (budget - other) / sz; /* the last stretch up to the budget */
		if (ncap < need)
			return 0;
	}
	void *p = realloc(*buf, ncap * sz);
	if (!p)
		return 0;
	*buf = p;
	*cap = ncap;
	return 1;
}

void ds_json_tape_push(struct ds_json_tape *t, enum ds_json_tape_kind kind, uint32_t col, double num, const char *s,
		       size_t n)
{
	if (t->off)
		return;
	if (col >= ((uint32_t)1 << 26) ||
	    !grow((void **)&t->ent, &t->cap, t->n + 1, sizeof *t->ent, t->tcap, t->budget)) {
		give_up(t);
		return;
	}
	struct ds_json_tape_ent *e = &t->ent[t->n];
	e->word = (uint32_t)kind | col << 6;
	memcpy(e->v, &num, sizeof num);
	if (kind == DS_TAPE_LABEL && !s) {
		e->word |= 16; /* no text */
	} else if (kind == DS_TAPE_STR || kind == DS_TAPE_LABEL) {
		if (!grow((void **)&t->text, &t->tcap, t->tlen + n + 1, 1, t->cap * sizeof *t->ent, t->budget)) {
			give_up(t);
			return;
		}
		memcpy(t->text + t->tlen, s, n);
		t->text[t->tlen + n] = '\0';
		uint64_t at = t->tlen;
		memcpy(e->v, &at, sizeof at);
		t->tlen += n + 1;
	}
	t->n++;
}
