/*
 * ll_tpl.h - log templates: which lines of a log come from the same
 * logging statement, with one default setting for logs of any system.
 *
 * The method (the reasons are in bench/TEMPLATES.md, with the accuracy it
 * reaches on systems it was not tuned on):
 *
 *  1. Each message is cut into tokens at blanks; "key=value" is two
 *     tokens, the key and its value. A token is a variable, "<*>", when it
 *     holds a digit (numbers, hex, IPv4/IPv6, host:port, UUIDs, MACs,
 *     ids, durations and sizes all do), when it is an empty pair such as
 *     "()", eight or more hex digits ("ffffffff"), a MAC or IPv6 address
 *     (which may hold no decimal digit), or,
 *     inside any brackets or quotes, a URL, a
 *     path of two or more parts, a host name (dotted lower-case labels
 *     ending in a short top-level name), a dotted name with a path
 *     ("com.example.app/.Main"), a name of four or more dotted parts
 *     ("com.apple.icloud.fmfd.heartbeat", not "...action.SCREEN_ON"), or the quoted value of a key="..." pair
 *     (blanks and all; not a message key's, msg="..."). A row of a hex
 *     dump (an offset of 4+ hex digits, pairs of hex digits, a "|...|"
 *     gutter of one character per pair) is "<*> | <*> |" whatever its
 *     bytes. A lone opening bracket before a variable that ends with its
 *     closing one, or before a variable and a lone closing bracket, is
 *     part of it (a padded value: the kernel's "[    1.904109]" and
 *     "[123456.789012]" are one variable). A month or weekday name before a variable is
 *     part of that date, and a unit (KB, ms, ...) after one part of that
 *     quantity; runs of variables are one variable. The result is the
 *     line's skeleton.
 *  2. Lines with the same skeleton are one group (exact, so it runs at the
 *     speed of hashing, in parallel: threads take fixed chunks of lines).
 *  3. Groups are merged where a constant is really a variable with few
 *     values: a group whose only difference from another is a variable
 *     where the other has punctuation (an empty value) joins it; and when
 *     at least min_siblings groups differ from each other at exactly one
 *     position, that position is a variable and they become one group,
 *     unless nothing constant would be left (a one-word message is its
 *     own event). The first token takes twice as many: a message's first
 *     word names its event far more often than it holds a value. A group
 *     whose template without one variable between two constants is
 *     another's template takes it in (a value some lines add: "bytes
 *     (1.16 KB) sent" beside "bytes sent"). This repeats until nothing
 *     changes. Unlike a similarity threshold, the
 *     evidence is the number of distinct values, which does not depend on
 *     how long the messages of a system are.
 *
 * Template ids are dense, 0, 1, 2, ... in order of first appearance, and
 * mining is deterministic: the same lines give the same ids whatever the
 * number of threads. Everything is bounded: only the first max_line_bytes
 * of a line and its first max_tokens tokens count; memory grows with the
 * distinct skeletons, never with the number or length of lines.
 *
 * No ncurses and no file format beyond its own save file.
 */
#ifndef LL_TPL_H
#define LL_TPL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ll_err.h"

struct ll_tpl_config {
	int min_siblings;      /* distinct values at one position that make it a variable, >= 2; default 5 */
	size_t max_line_bytes; /* bytes of a line looked at, 16..64 MiB; default 65536 */
	int max_tokens;        /* tokens kept per line, 1..65536; default 512 */
	int threads;           /* threads for ll_tpl_mine, 0..LL_TPL_MAX_THREADS; 0: the online CPUs (at most 8) */
};

struct ll_tpl;

/* Fills c with the defaults above. */
void ll_tpl_config_default(struct ll_tpl_config *c);

/* Creates an empty miner; LL_EUSAGE for a bad config, LL_ENOMEM. */
int ll_tpl_new(const struct ll_tpl_config *c, struct ll_tpl **out, struct ll_err *err);
void ll_tpl_free(struct ll_tpl *t);

/* The line source of ll_tpl_mine: line i's bytes (need not be NUL-terminated;
 * *s may be NULL when *len is 0; they must stay valid until the worker's
 * next call). Called from several threads at once, for distinct i; worker
 * is the calling thread's number, 0 .. LL_TPL_MAX_THREADS - 1, and one
 * worker asks for runs of consecutive lines in increasing order, so a
 * source may keep a read buffer per worker. Returns 0, or a negative
 * status to stop mining. */
#define LL_TPL_MAX_THREADS 64
typedef int (*ll_tpl_line_fn)(void *ctx, int worker, size_t i, const char **s, size_t *len);

/* Mines lines 0..n-1 (forgetting any templates mined or loaded before) and
 * stores each line's template id in ids[i]. progress (may be NULL) is
 * called now and then from the calling thread with lines done so far; a
 * non-zero return cancels (LL_ECANCEL). LL_ENOMEM leaves the miner empty. */
int ll_tpl_mine(struct ll_tpl *t, size_t n, ll_tpl_line_fn line, void *ctx, long *ids,
		int (*progress)(void *pctx, size_t done, size_t total), void *pctx, struct ll_err *err);

/* One line at a time, for callers that must stay responsive (the TUI):
 * ll_tpl_add gives each line its skeleton's number (0, 1, ... in order of
 * first appearance; LL_ENOMEM as a negative value), and after the last
 * line ll_tpl_finish merges the skeletons into templates, after which
 * ll_tpl_template_of turns a skeleton number into its template id. The
 * result equals ll_tpl_mine's on the same lines. ll_tpl_add after
 * ll_tpl_finish starts over. */
long ll_tpl_add(struct ll_tpl *t, const char *line, size_t len);
int ll_tpl_finish(struct ll_tpl *t, struct ll_err *err);
long ll_tpl_template_of(const struct ll_tpl *t, long skeleton);

/* Convenience: mines an array of n lines (lens[i] bytes each). */
int ll_tpl_mine_array(struct ll_tpl *t, size_t n, const char *const *lines, const size_t *lens, long *ids,
		      struct ll_err *err);

/* The template a line belongs to, mined or loaded: the template of its
 * skeleton, else the most specific template of as many tokens whose
 * constants it has, else -1. Changes nothing; not thread-safe (scratch). */
long ll_tpl_match(struct ll_tpl *t, const char *line, size_t len);

/* Number of templates; ids run from 0 to this minus one. */
size_t ll_tpl_count(const struct ll_tpl *t);
/* Lines mined into template id (saved counts after a load); 0 when unknown. */
uint64_t ll_tpl_lines(const struct ll_tpl *t, long id);
/* Tokens of template id; 0 for an unknown id. */
size_t ll_tpl_ntokens(const struct ll_tpl *t, long id);
/* The template's text, "<*>" for variables, into buf (always NUL-terminated
 * when size > 0); returns the length needed, like snprintf; 0 when unknown. */
size_t ll_tpl_text(const struct ll_tpl *t, long id, char *buf, size_t size);

/* The miner's configuration. */
const struct ll_tpl_config *ll_tpl_config(const struct ll_tpl *t);

/* Saves the templates: a header line, then "id<TAB>lines<TAB>template" per
 * template. name is for error messages. */
int ll_tpl_save(const struct ll_tpl *t, FILE *f, const char *name, struct ll_err *err);
/* Loads templates saved by ll_tpl_save (or by loglab's earlier Drain miner)
 * into t, replacing what it held, with their ids and counts; LL_EDATA
 * naming name and the line for a malformed file (t is then empty). */
int ll_tpl_load(struct ll_tpl *t, FILE *f, const char *name, struct ll_err *err);

#endif
