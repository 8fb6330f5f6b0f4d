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

enum ds_json_tape_kind {
	DS_TAPE_ROW,   /* a record starts */
	DS_TAPE_NUM,   /* a number: num */
	DS_TAPE_TRUE,
	DS_TAPE_FALSE,
	DS_TAPE_STR,   /* a string: its bytes */
	DS_TAPE_LABEL, /* a top-level label value (its text, or none for null or a container),
			* ahead of the leaf entry it also makes when col is 1 */
};

struct ds_json_tape_ent {
	union {
		double num;
		uint64_t at; /* a string's offset in the tape's text */
	} v;
	uint32_t col;      /* the column's index in the reader's list (DS_TAPE_LABEL: see above) */
	uint32_t kind_len; /* the kind in the low 4 bits, a string's length above them (DS_TAPE_LABEL
			    * without text: all ones) */
};

struct ds_json_tape {
	struct ds_json_tape_ent *ent;
	size_t n, cap;
	char *text; /* the strings, each followed by a NUL */
	size_t tlen, tcap;
	size_t budget; /* bytes the entries and the text may take */
	int off;       /* 1 once given up */
};

#define DS_TAPE_NO_TEXT UINT32_MAX

/* An empty tape that may take up to budget bytes (0: none, it is off). */
void ds_json_tape_init(struct ds_json_tape *t, size_t budget);

void ds_json_tape_free(struct ds_json_tape *t);

/* 1 while the tape holds every entry pushed. */
static inline int ds_json_tape_ok(const struct ds_json_tape *t) { return !t->off; }

/* Appends an entry; s[0..n) is the text of DS_TAPE_STR and of a label
 * (s NULL: a label without text). A push past the budget or out of memory
 * turns the tape off; pushing to a tape that is off does nothing. */
void ds_json_tape_push(struct ds_json_tape *t, enum ds_json_tape_kind kind, uint32_t col, double num, const char *s,
		       size_t n);

static inline enum ds_json_tape_kind ds_json_tape_kind(const struct ds_json_tape_ent *e)
{
	return (enum ds_json_tape_kind)(e->kind_len & 15);
}

/* The text of entry e (NUL-terminated) and its length; NULL for a label
 * without text and for entries that hold none. */
static inline const char *ds_json_tape_text(const struct ds_json_tape *t, const struct ds_json_tape_ent *e,
					    size_t *n)
{
	enum ds_json_tape_kind k = ds_json_tape_kind(e);
	if (e->kind_len == DS_TAPE_NO_TEXT || (k != DS_TAPE_STR && k != DS_TAPE_LABEL)) {
		*n = 0;
		return NULL;
	}
	*n = e->kind_len >> 4;
	return t->text + e->v.at;
}

#endif
