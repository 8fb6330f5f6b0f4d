/*
 * ll_drain.h - an online log template miner in the style of Drain
 * (He, Zhu, Zheng, Lyu: "Drain: An Online Log Parsing Approach with Fixed
 * Depth Tree", ICWS 2017).
 *
 * Each line is masked (ll_mask.h), split into tokens at the delimiters,
 * and routed through a tree of fixed depth: below the root, one level for
 * the token count, then (depth - 3) levels for the first tokens of the
 * line, then the leaves (the paper counts all four kinds of level, so its
 * depth 4 routes on one token, as the published implementations do),
 * where tokens holding a digit or a "<*>", and new tokens once a node has
 * max_children children, go to the node's wildcard child. The leaf holds
 * a short list of templates; the line joins the most similar one (share of
 * positions whose template token equals the line's token, "<*>" in the
 * template never counting as equal; ties go to the template with more
 * "<*>") when that share is at least sim_th, and the template's differing
 * tokens become "<*>". Otherwise the line starts a new template.
 *
 * Template ids are dense (0, 1, 2, ... in order of first appearance) and
 * never change, so a caller can store them per line. Everything is bounded:
 * only the first max_line_bytes of a line and its first max_tokens tokens
 * count, nothing recurses, and memory grows with the number of distinct
 * templates (and their tokens), never with the number or length of lines.
 *
 * Not thread-safe: a miner keeps per-line scratch space, so even
 * ll_drain_match needs exclusive use. No ncurses, no file format beyond
 * its own save file.
 */
#ifndef LL_DRAIN_H
#define LL_DRAIN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ll_err.h"
#include "ll_mask.h"

struct ll_drain_config {
	int depth;             /* tree depth as in the paper: depth - 3 token levels; 3..32, default 4 */
	double sim_th;         /* similarity threshold in [0, 1], default 0.5 */
	int max_children;      /* children per internal node, >= 2, default 100 */
	unsigned masks;        /* LL_MASK_* rules, default LL_MASK_DEFAULT */
	const char *delims;    /* token delimiters in addition to whitespace (copied); NULL = none */
	int max_tokens;        /* tokens kept per line, 1..65536, default 512 */
	size_t max_line_bytes; /* bytes of a line looked at, 16..64 MiB, default 65536 */
	size_t max_templates;  /* cap on templates, default 1,000,000 */
};

struct ll_drain;

/* Fills c with the defaults above. */
void ll_drain_config_default(struct ll_drain_config *c);

/* Creates a miner; *out is NULL on error (LL_EUSAGE for a bad config,
 * LL_ENOMEM). The caller frees it with ll_drain_free. */
int ll_drain_new(const struct ll_drain_config *c, struct ll_drain **out, struct ll_err *err);
void ll_drain_free(struct ll_drain *d);

/* Forgets every template; the configuration stays. */
void ll_drain_reset(struct ll_drain *d);

/* The miner's configuration (delims points into the miner). */
const struct ll_drain_config *ll_drain_config(const struct ll_drain *d);

/* Adds one line (len bytes, need not be NUL-terminated; line may be NULL
 * when len is 0) and stores its template's id in *template_id. Returns
 * LL_OK, LL_ENOMEM (the miner is unchanged apart from unused capacity and
 * *template_id is -1), or LL_EDATA when the line needs a new template but
 * max_templates are already in use (then *template_id is -1). */
int ll_drain_add(struct ll_drain *d, const char *line, size_t len, long *template_id);

/* The id of the template line would join without adding it (and without
 * changing any template or count), or -1 in *template_id when it would
 * start a new one. Returns LL_OK. */
int ll_drain_match(struct ll_drain *d, const char *line, size_t len, long *template_id);

/* Number of templates; ids run from 0 to this minus one. */
size_t ll_drain_count(const struct ll_drain *d);

/* Lines added to template id (0 for an unknown id). */
uint64_t ll_drain_template_lines(const struct ll_drain *d, long id);

/* Number of tokens of template id (0 for an unknown id). */
size_t ll_drain_template_ntokens(const struct ll_drain *d, long id);

/* Writes the template's tokens joined by single spaces, with "<*>" for the
 * variable ones, into buf (always NUL-terminated when size > 0) and
 * returns the length it needed, like snprintf; 0 for an unknown id. */
size_t ll_drain_template_text(const struct ll_drain *d, long id, char *buf, size_t size);

/* Saves the templates as text: a header line, then one line per template
 * "id<TAB>lines<TAB>template". name is used in error messages. */
int ll_drain_save(const struct ll_drain *d, FILE *f, const char *name, struct ll_err *err);

/* Loads templates saved by ll_drain_save into a miner with no templates
 * (LL_EUSAGE otherwise), keeping their ids and counts. A malformed file
 * gives LL_EDATA naming name and the line, and leaves the miner empty. */
int ll_drain_load(struct ll_drain *d, FILE *f, const char *name, struct ll_err *err);

#endif
