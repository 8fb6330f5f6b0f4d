/*
 * ds_json_tape.h - the leaves the JSON reader's first pass met, kept in
 * order so the second pass fills the table without parsing the text again.
 *
 * The reader makes two passes (types are known only once every value has
 * been seen). Parsing is most of its time, and the second parse repeats the
 * first one's work; the tape keeps what the second pass needs of each
 * record: where a record starts, each non-null leaf's column and value (a
 * number, true, false, or a string's bytes), and each label value. A tape
 * is given a budget of bytes; past it, or when memory runs out, it gives
 * up (ds_json_tape_ok is then 0, its memory freed) and the reader parses
 * again as before, so the tape changes only the time, never the table.
 */
#ifndef DS_JSON_TAPE_H
#define DS_JSON_TAPE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum ds_json_tape_kind {
	DS_TAPE_ROW,   /* a record starts */
	DS_TAPE_NUM,   /* a number */
	DS_TAPE_TRUE,
	DS_TAPE_FALSE,
	DS_TAPE_STR,   /* a string: its bytes */
	DS_TAPE_LABEL, /* a top-level label value (its text, or none for null or a container),
			* ahead of the leaf entry it also makes unless it is null */
	DS_TAPE_TIME,  /* the time the DS_TAPE_STR entry just before it was read as in
			* pass 1 (its number): pass 2 need not read the stamp again */
};

/* 12 bytes: a word of kind, flags and column, and 8 bytes of value (a
 * number's bits, or a string's offset in the tape's text), kept as two
 * words so that entries pack without padding. */
struct ds_json_tape_ent {
	uint32_t word;
	uint32_t v[2];
};

struct ds_json_tape {
	struct ds_json_tape_ent *ent;
	size_t n, cap;
	char *text; /* the strings, each followed by a NUL (they hold none: cJSON's are C strings) */
	size_t tlen, tcap;
	size_t budget; /* bytes the entries and the text may take */
	int off;       /* 1 once given up */
};

/* An empty tape that may take up to budget bytes (0: none, it is off). */
void ds_json_tape_init(struct ds_json_tape *t, size_t budget);

void ds_json_tape_free(struct ds_json_tape *t);

/* 1 while the tape holds every entry pushed. */
static inline int ds_json_tape_ok(const struct ds_json_tape *t) { return !t->off; }

/* Appends an entry: col is the leaf's column (below 2^26), num a number's
 * value, s[0..n) the text of DS_TAPE_STR and of a label, holding no NUL
 * (s NULL: a label without text); a label's col is 1 when its leaf entry
 * follows.
 * A push past the budget or out of memory turns the tape off; pushing to
 * a tape that is off does nothing. */
void ds_json_tape_push(struct ds_json_tape *t, enum ds_json_tape_kind kind, uint32_t col, double num, const char *s,
		       size_t n);

static inline enum ds_json_tape_kind ds_json_tape_kind(const struct ds_json_tape_ent *e)
{
	return (enum ds_json_tape_kind)(e->word & 15);
}

static inline uint32_t ds_json_tape_col(const struct ds_json_tape_ent *e) { return e->word >> 6; }

static inline double ds_json_tape_num(const struct ds_json_tape_ent *e)
{
	double d;
	memcpy(&d, e->v, sizeof d);
	return d;
}

/* The text of entry e (NUL-terminated) and its length; NULL for a label
 * without text and for entries that hold none. */
static inline const char *ds_json_tape_text(const struct ds_json_tape *t, const struct ds_json_tape_ent *e,
					    size_t *n)
{
	enum ds_json_tape_kind k = ds_json_tape_kind(e);
	*n = 0;
	if ((k != DS_TAPE_STR && k != DS_TAPE_LABEL) || (e->word & 16))
		return NULL;
	uint64_t at;
	memcpy(&at, e->v, sizeof at);
	const char *s = t->text + at;
	*n = strlen(s);
	return s;
}

#endif
