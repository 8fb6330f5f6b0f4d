/*
 * ll_labels.c - label state, journal-first updates, the shared undo/redo
 * history (see ll_labels.h).
 *
 * Labels are an int32 per row (class id, -1 none) plus the base copy from
 * the file. An action is kept as its list of (row, old, new) so undo needs
 * no snapshot of the whole array. Whatever changes the state - reading
 * another process's action or committing one's own - goes through
 * take_action, so this process's memory and a fresh replay of the journal
 * never differ.
 *
 * Parts (ll_labels_attach_parts): a dataset merged from several files
 * keeps one journal per file, recording the file's own line numbers; each
 * part maps its lines to the merged rows. An action over rows of several
 * files is written as one action in each file's journal (each with that
 * journal's group id) and kept here as one undo step whose groups[] name
 * them; actions read back from the journals (other processes, a restart)
 * are one step per file. Journals are read-only until a change touches
 * their file, and only the touched files' journals are locked, created
 * and written.
 */
#include "ll_labels.h"
#include "ll_journal.h"
#include "ll_names.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

struct change {
	size_t row;
	int32_t old_cls, new_cls;
};

struct action {
	struct change *ch;
	size_t n;
	struct ll_labels_action_info info;
	uint64_t *groups; /* parts: each part's group id of the action (0: none) */
};

/* One file of a merged dataset: its journal and its lines' rows. */
struct part {
	struct ll_journal *j;
	size_t *rows; /* rows[line]: the merged row of the file's line */
	size_t n;
	int locked;
};

struct stack {
	struct action *a;
	size_t n, cap;
};

struct ll_labels {
	int32_t *cur, *base;
	size_t nrows, cap;
	struct ll_names classes;
	struct ll_journal *journal; /* NULL: labels in memory only */
	ll_row_hash_fn hash;
	void *hash_ctx;
	/* hashes[row] once known[row] is set: a row's hash means reading and
	 * splitting its line, and a bulk change, its undo and its redo would
	 * each read a million lines again (rows keep their text while open) */
	uint32_t *hashes;
	unsigned char *known;
	size_t hashes_cap;
	ll_labels_warn_fn warn;
	void *warn_ctx;
	uint64_t version;
	size_t replayed, stale, record;
	struct stack undo, redo;
	struct change *scratch; /* one action's changes while it is read */
	size_t scratch_cap;

	/* parts (NULL: one journal, rows are its rows) */
	struct part *parts;
	size_t nparts;
	uint32_t *part_of;  /* per row: its part (UINT32_MAX: none) */
	size_t part_rows;   /* entries of part_of */
	size_t reading;     /* the part whose journal is being read */
	int parts_writable; /* ll_labels_make_writable was asked */
};

static double now(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

struct ll_labels *ll_labels_new(size_t nrows)
{
	struct ll_labels *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	if (ll_labels_resize(l, nrows) != LL_OK) {
		ll_labels_free(l);
		return NULL;
	}
	return l;
}

static void stack_clear(struct stack *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->a[i].ch);
		free(s->a[i].groups);
	}
	s->n = 0;
}

static void parts_free(struct ll_labels *l)
{
	for (size_t p = 0; p < l->nparts; p++) {
		ll_journal_close(l->parts[p].j);
		free(l->parts[p].rows);
	}
	free(l->parts);
	free(l->part_of);
	l->parts = NULL;
	l->part_of = NULL;
	l->nparts = l->part_rows = 0;
}

void ll_labels_free(struct ll_labels *l)
{
	if (!l)
		return;
	free(l->cur);
	free(l->base);
	ll_names_free(&l->classes);
	ll_journal_close(l->journal);
	parts_free(l);
	stack_clear(&l->undo);
	stack_clear(&l->redo);
	free(l->undo.a);
	free(l->redo.a);
	free(l->scratch);
	free(l->hashes);
	free(l->known);
	free(l);
}

int ll_labels_resize(struct ll_labels *l, size_t nrows)
{
	if (nrows > l->cap) {
		size_t cap = l->cap ? l->cap : 1024;
		while (cap < nrows)
			cap *= 2;
		int32_t *c = realloc(l->cur, cap * sizeof *c);
		if (!c)
			return LL_ENOMEM;
		l->cur = c;
		int32_t *b = realloc(l->base, cap * sizeof *b);
		if (!b)
			return LL_ENOMEM;
		l->base = b;
		for (size_t i = l->cap; i < cap; i++)
			l->cur[i] = l->base[i] = -1;
		l->cap = cap;
	}
	if (nrows > l->nrows)
		l->nrows = nrows;
	return LL_OK;
}

size_t ll_labels_nrows(const struct ll_labels *l) { return l->nrows; }

static void forget_hashes(struct ll_labels *l)
{
	free(l->hashes);
	free(l->known);
	l->hashes = NULL;
	l->known = NULL;
	l->hashes_cap = 0;
}

/* A new hash function (or context) makes the kept hashes meaningless. */
static void set_hash(struct ll_labels *l, ll_row_hash_fn hash, void *hash_ctx)
{
	if (l->hash != hash || l->hash_ctx != hash_ctx)
		forget_hashes(l);
	l->hash = hash;
	l->hash_ctx = hash_ctx;
}

/* The hash of row, kept once computed (when memory allows). */
static uint32_t row_hash(struct ll_labels *l, size_t row)
{
	if (row >= l->hashes_cap) {
		size_t cap = l->cap > row ? l->cap : row + 1;
		uint32_t *h = realloc(l->hashes, cap * sizeof *h);
		if (h)
			l->hashes = h;
		unsigned char *k = h ? realloc(l->known, cap) : NULL;
		if (!k)
			return l->hash(l->hash_ctx, row); /* not kept: computed each time */
		l->known = k;
		memset(l->known + l->hashes_cap, 0, cap - l->hashes_cap);
		l->hashes_cap = cap;
	}
	if (!l->known[row]) {
		l->hashes[row] = l->hash(l->hash_ctx, row);
		l->known[row] = 1;
	}
	return l->hashes[row];
}

size_t ll_labels_warm_hashes(struct ll_labels *l, const size_t *rows, size_t n, size_t from, size_t budget)
{
	size_t done = 0;
	for (; from < n && done < budget; from++) {
		size_t row = rows[from];
		if (!l->hash || row >= l->nrows)
			continue;
		if (row < l->hashes_cap && l->known[row])
			continue;
		row_hash(l, row);
		done++;
	}
	return from;
}

int ll_labels_find_class(const struct ll_labels *l, const char *name)
{
	return ll_names_find(&l->classes, name, strlen(name));
}

int ll_labels_class_id(struct ll_labels *l, const char *name)
{
	return ll_names_add(&l->classes, name, strlen(name));
}

size_t ll_labels_nclasses(const struct ll_labels *l) { return l->classes.n; }

static int binary_digit(const char *s) { return (s[0] == '0' || s[0] == '1') && !s[1]; }

int ll_labels_class_known(const struct ll_labels *l, const char *name)
{
	if (ll_labels_find_class(l, name) >= 0)
		return 1;
	if (!binary_digit(name))
		return 0;
	for (size_t k = 0; k < l->classes.n; k++)
		if (!binary_digit(l->classes.v[k]))
			return 0;
	return 1;
}

/* The existing class name probably meant (see ll_names_closest), or -1. */
static int ll_labels_closest_class(const struct ll_labels *l, const char *name)
{
	return ll_names_closest(&l->classes, name);
}

void ll_labels_unknown_class_text(const struct ll_labels *l, const char *name, char *buf, size_t cap)
{
	int near = ll_labels_closest_class(l, name);
	if (near >= 0) {
		snprintf(buf, cap, "no class '%s' (did you mean '%s'?)", name, l->classes.v[near]);
		return;
	}
	if (!l->classes.n) {
		snprintf(buf, cap, "no class '%s' (no classes yet)", name);
		return;
	}
	size_t used = (size_t)snprintf(buf, cap, "no class '%s' (classes: ", name), shown = 0;
	for (; shown < l->classes.n && shown < 8 && used + 1 < cap; shown++)
		used += (size_t)snprintf(buf + used, cap - used, "%s%s", shown ? ", " : "", l->classes.v[shown]);
	if (used + 1 < cap && shown < l->classes.n)
		used += (size_t)snprintf(buf + used, cap - used, " and %zu more", l->classes.n - shown);
	if (used + 1 < cap)
		snprintf(buf + used, cap - used, ")");
}

const char *ll_labels_class_name(const struct ll_labels *l, size_t cls)
{
	return ll_names_get(&l->classes, cls);
}

int ll_labels_set_base(struct ll_labels *l, size_t row, int cls)
{
	if (cls < -1 || (cls >= 0 && (size_t)cls >= l->classes.n))
		return LL_EUSAGE;
	if (row >= l->nrows && ll_labels_resize(l, row + 1) != LL_OK)
		return LL_ENOMEM;
	l->base[row] = l->cur[row] = cls;
	return LL_OK;
}

int ll_labels_base(const struct ll_labels *l, size_t row) { return row < l->nrows ? l->base[row] : -1; }

size_t ll_labels_overridden(const struct ll_labels *l)
{
	size_t n = 0;
	for (size_t i = 0; i < l->nrows; i++)
		n += l->base[i] >= 0 && l->cur[i] != l->base[i];
	return n;
}
int ll_labels_get(const struct ll_labels *l, size_t row) { return row < l->nrows ? l->cur[row] : -1; }
uint64_t ll_labels_version(const struct ll_labels *l) { return l->version; }

void ll_labels_counts(const struct ll_labels *l, size_t *counts, size_t *unlabelled)
{
	size_t none = 0;
	memset(counts, 0, l->classes.n * sizeof *counts);
	for (size_t i = 0; i < l->nrows; i++) {
		if (l->cur[i] >= 0)
			counts[l->cur[i]]++;
		else
			none++;
	}
	if (unlabelled)
		*unlabelled = none;
}

/* ---- the history ---- */

static int push(struct stack *s, struct action a)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct action *p = realloc(s->a, cap * sizeof *p);
		if (!p)
			return LL_ENOMEM;
		s->a = p;
		s->cap = cap;
	}
	s->a[s->n++] = a;
	return LL_OK;
}

/* Takes the action of group from s (the top when group is 0, as version 1
 * journals name none); with parts, the group is part's. 0 when it is not
 * there. */
static int take(struct stack *s, size_t part, uint64_t group, struct action *out)
{
	for (size_t i = s->n; i-- > 0;) {
		uint64_t g = s->a[i].groups ? s->a[i].groups[part] : s->a[i].info.group;
		if (group && g != group)
			continue;
		*out = s->a[i];
		memmove(&s->a[i], &s->a[i + 1], (s->n - i - 1) * sizeof *s->a);
		s->n--;
		return 1;
	}
	return 0;
}

static int top(const struct stack *s, struct ll_labels_action_info *out)
{
	if (!s->n)
		return 0;
	if (out)
		*out = s->a[s->n - 1].info;
	return 1;
}

int ll_labels_can_undo(const struct ll_labels *l) { return l->undo.n > 0; }
int ll_labels_can_redo(const struct ll_labels *l) { return l->redo.n > 0; }
int ll_labels_undo_top(const struct ll_labels *l, struct ll_labels_action_info *out) { return top(&l->undo, out); }
int ll_labels_redo_top(const struct ll_labels *l, struct ll_labels_action_info *out) { return top(&l->redo, out); }

/* ---- applying an action (read or own) ---- */

static void warn(struct ll_labels *l, const char *msg)
{
	if (l->warn)
		l->warn(l->warn_ctx, msg);
}

/* A new change to part p's file ends the redo of what touched that file;
 * the files' journals are read one after another, not in time order, so a
 * change to another file must not end it. */
static void clear_redo_of(struct ll_labels *l, size_t p)
{
	size_t k = 0;
	for (size_t i = 0; i < l->redo.n; i++) {
		struct action *a = &l->redo.a[i];
		if (a->groups && a->groups[p]) {
			free(a->ch);
			free(a->groups);
		} else {
			l->redo.a[k++] = *a;
		}
	}
	l->redo.n = k;
}

/* Applies a committed action to the labels and the history. trusted: the
 * records were made here from the current rows (no hash to check). */
static int take_action(struct ll_labels *l, const struct ll_journal_action *a, int trusted, const int32_t *to)
{
	if (a->n > l->scratch_cap) {
		struct change *p = realloc(l->scratch, a->n * sizeof *p);
		if (!p)
			return LL_ENOMEM;
		l->scratch = p;
		l->scratch_cap = a->n;
	}
	size_t k = 0;
	/* declared classes (a compaction's) keep their ids and order, rows or not */
	for (size_t i = 0; i < a->nclasses; i++)
		if (a->classes[i][0] && ll_labels_class_id(l, a->classes[i]) < 0)
			return LL_ENOMEM;
	const struct part *part = l->parts ? &l->parts[l->reading] : NULL;
	struct ll_journal *j = part ? part->j : l->journal;
	for (size_t i = 0; i < a->n; i++) {
		const struct ll_journal_record *r = &a->recs[i];
		l->record++;
		/* a part's records name the file's lines */
		int past = part ? r->row >= part->n : r->row >= l->nrows;
		size_t row = past ? 0 : part ? part->rows[r->row] : (size_t)r->row;
		if (past || (!trusted && l->hash && row_hash(l, row) != r->hash)) {
			char msg[LL_ERR_MSG_MAX];
			snprintf(msg, sizeof msg, "%s: record %zu: line %llu %s; its label '%s' was not applied",
				 j ? ll_journal_path(j) : "labels", l->record,
				 (unsigned long long)r->row + 1,
				 past ? "is past the end of the data" : "has changed since it was labelled",
				 r->new_cls);
			l->stale++;
			warn(l, msg);
			continue;
		}
		/* a change made here comes with its class ids (no name to
		 * look up per row); a record read names its classes, the old
		 * one too, which joins the classes */
		int cls = to ? to[i] : r->new_cls[0] ? ll_labels_class_id(l, r->new_cls) : -1;
		int old = to || !r->old_cls[0] ? -1 : ll_labels_class_id(l, r->old_cls);
		if (cls < -1 || old < -1)
			return LL_ENOMEM;
		/* The old value is what the row had here, whatever the record
		 * says: undo restores the state this history describes. */
		l->scratch[k++] = (struct change){row, l->cur[row], cls};
		(void)old;
		l->cur[row] = cls;
		l->replayed++;
	}
	l->version++;
	struct action moved;
	if (strcmp(a->source, "compact") == 0) {
		stack_clear(&l->undo);
		stack_clear(&l->redo);
	} else if (strcmp(a->source, "undo") == 0) {
		if (take(&l->undo, l->reading, a->ref, &moved) && push(&l->redo, moved) != LL_OK) {
			free(moved.ch);
			free(moved.groups);
			return LL_ENOMEM;
		}
	} else if (strcmp(a->source, "redo") == 0) {
		if (take(&l->redo, l->reading, a->ref, &moved) && push(&l->undo, moved) != LL_OK) {
			free(moved.ch);
			free(moved.groups);
			return LL_ENOMEM;
		}
	} else {
		struct action na = {malloc((k ? k : 1) * sizeof *na.ch), k, {a->group, k, a->time, "", ""}, NULL};
		if (!na.ch || (l->parts && !(na.groups = calloc(l->nparts, sizeof *na.groups)))) {
			free(na.ch);
			return LL_ENOMEM;
		}
		if (na.groups)
			na.groups[l->reading] = a->group;
		memcpy(na.ch, l->scratch, k * sizeof *na.ch);
		snprintf(na.info.source, sizeof na.info.source, "%s", a->source);
		snprintf(na.info.user, sizeof na.info.user, "%s", a->user ? a->user : "");
		if (push(&l->undo, na) != LL_OK) {
			free(na.ch);
			free(na.groups);
			return LL_ENOMEM;
		}
		if (l->parts)
			clear_redo_of(l, l->reading);
		else
			stack_clear(&l->redo);
	}
	return LL_OK;
}

static int read_action(void *ctx, const struct ll_journal_action *a)
{
	return take_action(ctx, a, 0, NULL);
}

static void read_warning(void *ctx, const char *msg)
{
	warn(ctx, msg);
}

/* Back to the file's own labels, before a journal is read afresh. */
static void reset(struct ll_labels *l)
{
	/* no rows (an empty file): both arrays may be NULL, which memcpy may
	 * not be given even for no bytes (the sanitizer build traps) */
	if (l->nrows)
		memcpy(l->cur, l->base, l->nrows * sizeof *l->cur);
	stack_clear(&l->undo);
	stack_clear(&l->redo);
	l->replayed = l->stale = l->record = 0;
	l->version++;
}

/* Back to the file's own labels for part p's rows, before its journal is
 * read afresh (it was compacted or replaced); the history ends there. */
static void reset_part(struct ll_labels *l, size_t p)
{
	const struct part *pt = &l->parts[p];
	for (size_t i = 0; i < pt->n; i++)
		l->cur[pt->rows[i]] = l->base[pt->rows[i]];
	stack_clear(&l->undo);
	stack_clear(&l->redo);
	l->version++;
}

/* Reads what is new in part p's journal. */
static long sync_part(struct ll_labels *l, size_t p, struct ll_err *err)
{
	long changed = 0;
	l->reading = p;
	for (;;) {
		uint64_t before = l->version;
		int restart = 0;
		int rc = ll_journal_read(l->parts[p].j, &restart, read_action, read_warning, l, err);
		if (rc == LL_ENOMEM && !err->msg[0])
			ll_err_set(err, rc, "%s: out of memory replaying labels", ll_journal_path(l->parts[p].j));
		if (rc != LL_OK)
			return rc;
		changed += (long)(l->version - before);
		if (!restart)
			return changed;
		reset_part(l, p);
		changed++;
	}
}

long ll_labels_sync(struct ll_labels *l, struct ll_err *err)
{
	if (l->parts) {
		long changed = 0;
		for (size_t p = 0; p < l->nparts; p++) {
			long c = sync_part(l, p, err);
			if (c < 0)
				return c;
			changed += c;
		}
		return changed;
	}
	if (!l->journal)
		return 0;
	long changed = 0;
	for (;;) {
		uint64_t before = l->version;
		int restart = 0;
		int rc = ll_journal_read(l->journal, &restart, read_action, read_warning, l, err);
		if (rc == LL_ENOMEM && !err->msg[0])
			ll_err_set(err, rc, "%s: out of memory replaying labels", ll_journal_path(l->journal));
		if (rc != LL_OK)
			return rc;
		changed += (long)(l->version - before);
		if (!restart)
			return changed;
		reset(l);
		changed++;
	}
}

static int open_journal(struct ll_labels *l, const char *path, int writable, ll_row_hash_fn hash, void *hash_ctx,
			ll_labels_warn_fn warn_fn, void *warn_ctx, struct ll_err *err)
{
	set_hash(l, hash, hash_ctx);
	l->warn = warn_fn;
	l->warn_ctx = warn_ctx;
	int rc;
	if (l->journal && strcmp(ll_journal_path(l->journal), path) == 0) {
		/* The same journal, read already: only what is new. */
		rc = writable ? ll_journal_make_writable(l->journal, err) : LL_OK;
	} else {
		ll_journal_close(l->journal);
		l->journal = NULL;
		reset(l);
		rc = ll_journal_open(&l->journal, path, writable, err);
	}
	if (rc == LL_OK) {
		long st = ll_labels_sync(l, err);
		rc = st < 0 ? (int)st : LL_OK;
	}
	if (rc != LL_OK) {
		ll_journal_close(l->journal);
		l->journal = NULL;
		reset(l);
	}
	return rc;
}

int ll_labels_attach_journal(struct ll_labels *l, const char *path, ll_row_hash_fn hash, void *hash_ctx,
			     ll_labels_warn_fn warn_fn, void *warn_ctx, struct ll_err *err)
{
	return open_journal(l, path, 1, hash, hash_ctx, warn_fn, warn_ctx, err);
}

int ll_labels_replay_journal(struct ll_labels *l, const char *path, ll_row_hash_fn hash, void *hash_ctx,
			     ll_labels_warn_fn warn_fn, void *warn_ctx, struct ll_err *err)
{
	return open_journal(l, path, 0, hash, hash_ctx, warn_fn, warn_ctx, err);
}

int ll_labels_attach_parts(struct ll_labels *l, size_t nparts, const char *const *paths, size_t **rows,
			   const size_t *nlines, ll_row_hash_fn hash, void *hash_ctx, ll_labels_warn_fn warn_fn,
			   void *warn_ctx, struct ll_err *err)
{
	int rc = LL_OK;
	ll_journal_close(l->journal);
	l->journal = NULL;
	parts_free(l);
	reset(l);
	/* the rows may be merged anew: what they held is no guide */
	forget_hashes(l);
	set_hash(l, hash, hash_ctx);
	l->warn = warn_fn;
	l->warn_ctx = warn_ctx;
	l->parts = calloc(nparts ? nparts : 1, sizeof *l->parts);
	l->part_of = malloc((l->nrows ? l->nrows : 1) * sizeof *l->part_of);
	if (!l->parts || !l->part_of)
		rc = ll_err_set(err, LL_ENOMEM, "out of memory for the journals of %zu files", nparts);
	if (rc == LL_OK) {
		l->nparts = nparts;
		l->part_rows = l->nrows;
		for (size_t i = 0; i < l->nrows; i++)
			l->part_of[i] = UINT32_MAX;
	}
	for (size_t p = 0; p < nparts; p++) {
		if (rc == LL_OK) {
			l->parts[p].rows = rows[p];
			l->parts[p].n = nlines[p];
		} else {
			free(rows[p]);
		}
		rows[p] = NULL;
		for (size_t i = 0; rc == LL_OK && i < nlines[p]; i++) {
			size_t r = l->parts[p].rows[i];
			if (r >= l->nrows || (i && r <= l->parts[p].rows[i - 1]) || l->part_of[r] != UINT32_MAX)
				rc = ll_err_set(err, LL_EUSAGE, "%s: line %zu maps to row %zu, which is out of order, past "
						"the end or another file's", paths[p], i + 1, r + 1);
			else
				l->part_of[r] = (uint32_t)p;
		}
		if (rc == LL_OK)
			rc = ll_journal_open(&l->parts[p].j, paths[p], 0, err);
	}
	if (rc == LL_OK) {
		long st = ll_labels_sync(l, err);
		rc = st < 0 ? (int)st : LL_OK;
	}
	if (rc != LL_OK) {
		parts_free(l);
		reset(l);
	}
	return rc;
}

size_t ll_labels_nparts(const struct ll_labels *l) { return l->nparts; }

const char *ll_labels_part_journal(const struct ll_labels *l, size_t p)
{
	return p < l->nparts ? ll_journal_path(l->parts[p].j) : NULL;
}

int ll_labels_make_writable(struct ll_labels *l, struct ll_err *err)
{
	if (l->parts) {
		/* each file's journal is made writable by the first change to it */
		l->parts_writable = 1;
		long st = ll_labels_sync(l, err);
		return st < 0 ? (int)st : LL_OK;
	}
	if (!l->journal)
		return ll_err_set(err, LL_EUSAGE, "no label journal is open");
	int rc = ll_journal_make_writable(l->journal, err);
	if (rc == LL_OK) {
		long st = ll_labels_sync(l, err);
		rc = st < 0 ? (int)st : LL_OK;
	}
	return rc;
}

void ll_labels_set_warn(struct ll_labels *l, ll_labels_warn_fn warn_fn, void *warn_ctx)
{
	l->warn = warn_fn;
	l->warn_ctx = warn_ctx;
}

const char *ll_labels_journal_path(const struct ll_labels *l)
{
	return l->journal && ll_journal_writable(l->journal) ? ll_journal_path(l->journal) : NULL;
}

size_t ll_labels_replayed(const struct ll_labels *l) { return l->replayed; }

size_t ll_labels_skipped(const struct ll_labels *l)
{
	size_t n = l->stale + (l->journal ? ll_journal_stats(l->journal)->damaged : 0);
	for (size_t p = 0; p < l->nparts; p++)
		n += ll_journal_stats(l->parts[p].j)->damaged;
	return n;
}

size_t ll_labels_incomplete(const struct ll_labels *l)
{
	size_t n = l->journal ? ll_journal_stats(l->journal)->incomplete : 0;
	for (size_t p = 0; p < l->nparts; p++)
		n += ll_journal_stats(l->parts[p].j)->incomplete;
	return n;
}

/* ---- changing labels ---- */

static int writing(const struct ll_labels *l) { return l->journal && ll_journal_writable(l->journal); }

/* ---- parts: which files a change touches ---- */

static void unlock_parts(struct ll_labels *l)
{
	for (size_t p = 0; p < l->nparts; p++) {
		if (l->parts[p].locked == 1)
			ll_journal_unlock(l->parts[p].j);
		l->parts[p].locked = 0;
	}
}

/* The part of row, or -1 when no file has it (a row merged after the
 * labels were opened). */
static long part_of_row(const struct ll_labels *l, size_t row)
{
	return row < l->part_rows && l->part_of[row] != UINT32_MAX ? (long)l->part_of[row] : -1;
}

/* Takes the locks of the files rows[0..n) belong to (in file order, so two
 * processes never wait on each other), making their journals writable, and
 * reads what others wrote to them. Without ll_labels_make_writable changes
 * stay in memory and nothing is locked. */
static int lock_parts(struct ll_labels *l, const size_t *rows, size_t n, struct ll_err *err)
{
	for (size_t i = 0; i < n; i++) {
		long p = part_of_row(l, rows[i]);
		if (p < 0) {
			unlock_parts(l);
			return ll_err_set(err, LL_EUSAGE, "row %zu was added after the labels were read; reopen to label it",
					  rows[i] + 1);
		}
		if (!l->parts[p].locked)
			l->parts[p].locked = 2; /* wanted */
	}
	for (size_t p = 0; p < l->nparts; p++) {
		if (l->parts[p].locked != 2)
			continue;
		l->parts[p].locked = 0;
		if (!l->parts_writable)
			continue;
		int rc = ll_journal_make_writable(l->parts[p].j, err);
		if (rc == LL_OK)
			rc = ll_journal_lock(l->parts[p].j, err);
		if (rc == LL_OK)
			l->parts[p].locked = 1;
		long st = rc == LL_OK ? sync_part(l, p, err) : rc;
		if (st < 0) {
			for (size_t q = p + 1; q < l->nparts; q++)
				if (l->parts[q].locked == 2)
					l->parts[q].locked = 0;
			unlock_parts(l);
			return (int)st;
		}
	}
	return LL_OK;
}

/* Position of row among the part's rows: the file's line. */
static size_t line_of(const struct part *pt, size_t row)
{
	size_t lo = 0, hi = pt->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pt->rows[mid] < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Takes the lock and reads what others wrote: the state is current. With
 * parts, the locks of the files of rows[0..n). */
static int begin(struct ll_labels *l, const size_t *rows, size_t n, struct ll_err *err)
{
	if (l->parts)
		return lock_parts(l, rows, n, err);
	if (!writing(l))
		return LL_OK;
	int rc = ll_journal_lock(l->journal, err);
	if (rc != LL_OK)
		return rc;
	long st = ll_labels_sync(l, err);
	if (st < 0) {
		ll_journal_unlock(l->journal);
		return (int)st;
	}
	return LL_OK;
}

static void end(struct ll_labels *l)
{
	if (l->parts)
		unlock_parts(l);
	else if (writing(l))
		ll_journal_unlock(l->journal);
}

static const char *name_of(const struct ll_labels *l, int cls) { return cls >= 0 ? l->classes.v[cls] : ""; }

/* Journals (when writing) and applies one action made of changes:
 * rows[i] to to[i]. The lock is held. */
static int commit(struct ll_labels *l, const size_t *rows, const int32_t *to, size_t n, const char *source,
		  uint64_t ref, struct ll_err *err)
{
	struct ll_journal_record *recs = malloc((n ? n : 1) * sizeof *recs);
	if (!recs)
		return ll_err_set(err, LL_ENOMEM, "out of memory recording %zu labels", n);
	double t = now();
	const char *user = ll_journal_default_user();
	uint64_t group = l->journal ? ll_journal_next_group(l->journal) : 0;
	for (size_t i = 0; i < n; i++)
		recs[i] = (struct ll_journal_record){t,
						     user,
						     rows[i],
						     l->hash && writing(l) ? row_hash(l, rows[i]) : 0,
						     name_of(l, l->cur[rows[i]]),
						     name_of(l, to[i]),
						     source,
						     group};
	struct ll_journal_action a = {group, ref, source, t, user, recs, n, NULL, 0};
	int rc = writing(l) ? ll_journal_commit(l->journal, &a, err) : LL_OK;
	if (rc == LL_OK && (rc = take_action(l, &a, 1, to)) != LL_OK)
		ll_err_set(err, rc, "out of memory applying %zu labels", n);
	free(recs);
	return rc;
}

static const size_t *sort_rows; /* by_part's rows (qsort has no context) */
static const struct ll_labels *sort_labels;

static int by_part(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	long x = part_of_row(sort_labels, sort_rows[a]), y = part_of_row(sort_labels, sort_rows[b]);
	if (x != y)
		return x < y ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Joins the undo entries from `from` up (one per file of one change) into
 * one undo step. */
static int merge_undo(struct ll_labels *l, size_t from)
{
	if (l->undo.n <= from + 1)
		return LL_OK;
	struct action *first = &l->undo.a[from];
	size_t total = 0;
	for (size_t i = from; i < l->undo.n; i++)
		total += l->undo.a[i].n;
	struct change *ch = realloc(first->ch, (total ? total : 1) * sizeof *ch);
	if (!ch)
		return LL_ENOMEM;
	first->ch = ch;
	for (size_t i = from + 1; i < l->undo.n; i++) {
		struct action *a = &l->undo.a[i];
		memcpy(first->ch + first->n, a->ch, a->n * sizeof *a->ch);
		first->n += a->n;
		for (size_t p = 0; p < l->nparts; p++)
			if (a->groups[p])
				first->groups[p] = a->groups[p];
		free(a->ch);
		free(a->groups);
	}
	first->info.rows = first->n;
	l->undo.n = from + 1;
	return LL_OK;
}

/* commit() over files: one action in each file's journal (ref: the
 * reverted action's group there), applied as it is written; a new change
 * becomes one undo step. A failure after some files were written leaves
 * those written (they are on disk) and says so. */
static int commit_parts(struct ll_labels *l, const size_t *rows, const int32_t *to, size_t n, const char *source,
			const uint64_t *refs, struct ll_err *err)
{
	size_t *order = malloc((n ? n : 1) * sizeof *order);
	struct ll_journal_record *recs = malloc((n ? n : 1) * sizeof *recs);
	int32_t *rec_to = malloc((n ? n : 1) * sizeof *rec_to); /* each record's class id */
	int rc = order && recs && rec_to ? LL_OK : ll_err_set(err, LL_ENOMEM, "out of memory recording %zu labels", n);
	for (size_t i = 0; rc == LL_OK && i < n; i++)
		order[i] = i;
	if (rc == LL_OK) {
		sort_rows = rows;
		sort_labels = l;
		qsort(order, n, sizeof *order, by_part);
	}
	double t = now();
	const char *user = ll_journal_default_user();
	size_t undo_before = l->undo.n, files_done = 0;
	for (size_t i = 0; rc == LL_OK && i < n;) {
		size_t p = (size_t)part_of_row(l, rows[order[i]]), k = 0;
		struct part *pt = &l->parts[p];
		int write = pt->locked == 1;
		uint64_t group = ll_journal_next_group(pt->j);
		for (; i < n && (size_t)part_of_row(l, rows[order[i]]) == p; i++, k++) {
			size_t r = rows[order[i]];
			recs[k] = (struct ll_journal_record){t,
							     user,
							     line_of(pt, r),
							     l->hash && write ? row_hash(l, r) : 0,
							     name_of(l, l->cur[r]),
							     name_of(l, to[order[i]]),
							     source,
							     group};
			rec_to[k] = to[order[i]];
		}
		struct ll_journal_action a = {group, refs ? refs[p] : 0, source, t, user, recs, k, NULL, 0};
		rc = write ? ll_journal_commit(pt->j, &a, err) : LL_OK;
		if (rc != LL_OK && files_done)
			ll_err_set(err, rc, "%s (the labels of %zu other file%s were written)", err->msg, files_done,
				   files_done == 1 ? "" : "s");
		l->reading = p;
		if (rc == LL_OK && (rc = take_action(l, &a, 1, rec_to)) != LL_OK)
			ll_err_set(err, rc, "out of memory applying %zu labels", k);
		files_done += rc == LL_OK;
	}
	if (!refs && merge_undo(l, undo_before) != LL_OK && rc == LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	free(order);
	free(recs);
	free(rec_to);
	return rc;
}

long ll_labels_apply_each(struct ll_labels *l, const size_t *rows, const int *cls, size_t n, const char *source,
			  struct ll_err *err)
{
	for (size_t i = 0; i < n; i++) {
		if (cls[i] < -1 || (cls[i] >= 0 && (size_t)cls[i] >= l->classes.n))
			return ll_err_set(err, LL_EUSAGE, "unknown class id %d", cls[i]);
		if (rows[i] >= l->nrows)
			return ll_err_set(err, LL_EUSAGE, "row %zu is past the end (%zu rows)", rows[i] + 1, l->nrows);
	}
	size_t *sel = malloc((n ? n : 1) * sizeof *sel);
	int32_t *to = malloc((n ? n : 1) * sizeof *to), *old = malloc((n ? n : 1) * sizeof *old);
	int rc = sel && to && old ? begin(l, rows, n, err)
				  : ll_err_set(err, LL_ENOMEM, "out of memory labelling %zu rows", n);
	size_t k = 0;
	if (rc == LL_OK) {
		/* From the end, marking rows taken, so a row listed twice keeps
		 * its last class and is recorded once with its true old label;
		 * the marks are undone before anything is written. */
		for (size_t i = n; i-- > 0;) {
			if (l->cur[rows[i]] == INT32_MIN)
				continue;
			old[k] = l->cur[rows[i]];
			sel[k] = rows[i];
			to[k++] = cls[i];
			l->cur[rows[i]] = INT32_MIN;
		}
		for (size_t j = 0; j < k; j++)
			l->cur[sel[j]] = old[j];
		/* back to the order given, without the rows already so */
		for (size_t a = 0, b = k; a + 1 < b; a++, b--) {
			size_t r = sel[a];
			sel[a] = sel[b - 1];
			sel[b - 1] = r;
			int32_t x = to[a];
			to[a] = to[b - 1];
			to[b - 1] = x;
			x = old[a];
			old[a] = old[b - 1];
			old[b - 1] = x;
		}
		size_t kept = 0;
		for (size_t j = 0; j < k; j++)
			if (old[j] != to[j]) {
				sel[kept] = sel[j];
				to[kept++] = to[j];
			}
		k = kept;
		if (k && l->parts)
			rc = commit_parts(l, sel, to, k, source, NULL, err);
		else if (k)
			rc = commit(l, sel, to, k, source, 0, err);
		end(l);
	}
	free(sel);
	free(to);
	free(old);
	return rc != LL_OK ? rc : (long)k;
}

long ll_labels_apply(struct ll_labels *l, const size_t *rows, size_t n, int cls, const char *source,
		     struct ll_err *err)
{
	int *each = malloc((n ? n : 1) * sizeof *each);
	if (!each)
		return ll_err_set(err, LL_ENOMEM, "out of memory labelling %zu rows", n);
	for (size_t i = 0; i < n; i++)
		each[i] = cls;
	long rc = ll_labels_apply_each(l, rows, each, n, source, err);
	free(each);
	return rc;
}

/* Undo (redo 0) or redo (1) the top action of the history, as of now. */
/* The entries of s that are one change over several files: the top (for
 * undo the latest; actions read back from the files' journals come in file
 * order, not time order) and every other with its time (to the ms, as
 * journals keep it), source and user. Their changes go to rows/to, each
 * part's group to refs. Returns the rows (0: none). */
static size_t gather(const struct ll_labels *l, const struct stack *s, int redo, size_t **rows, int32_t **to,
		     uint64_t *refs, int *oom)
{
	*oom = 0;
	if (!s->n)
		return 0;
	size_t top = s->n - 1;
	for (size_t i = 0; !redo && i < s->n; i++)
		if (s->a[i].info.time > s->a[top].info.time)
			top = i;
	const struct ll_labels_action_info *t = &s->a[top].info;
	long long ms = llround(t->time * 1000.0);
	size_t n = 0;
	memset(refs, 0, l->nparts * sizeof *refs);
	for (int pass = 0; pass < 2; pass++) {
		size_t k = 0;
		for (size_t i = 0; i < s->n; i++) {
			const struct action *a = &s->a[i];
			if (i != top && (llround(a->info.time * 1000.0) != ms || strcmp(a->info.source, t->source) ||
					 strcmp(a->info.user, t->user)))
				continue;
			for (size_t c = 0; pass && c < a->n; c++) {
				(*rows)[k + c] = a->ch[c].row;
				(*to)[k + c] = redo ? a->ch[c].new_cls : a->ch[c].old_cls;
			}
			for (size_t p = 0; pass && p < l->nparts; p++)
				if (a->groups[p])
					refs[p] = a->groups[p];
			k += a->n;
		}
		if (!pass) {
			n = k;
			size_t *r = realloc(*rows, (n ? n : 1) * sizeof *r);
			if (r)
				*rows = r;
			int32_t *c = r ? realloc(*to, (n ? n : 1) * sizeof *c) : NULL;
			if (c)
				*to = c;
			if (!r || !c) {
				*oom = 1;
				return 0;
			}
		}
	}
	return n;
}

/* revert() over files: the files of the change are locked, and the change
 * looked at again once they are read (another process may have changed
 * the history meanwhile). */
static long revert_parts(struct ll_labels *l, int redo, struct ll_err *err)
{
	long st = ll_labels_sync(l, err);
	if (st < 0)
		return st;
	struct stack *s = redo ? &l->redo : &l->undo;
	size_t *rows = NULL, n = 0;
	int32_t *to = NULL;
	uint64_t *refs = malloc(l->nparts * sizeof *refs);
	int rc = refs ? LL_OK : ll_err_set(err, LL_ENOMEM, "out of memory"), oom = 0;
	for (int tries = 0; rc == LL_OK; tries++) {
		n = gather(l, s, redo, &rows, &to, refs, &oom);
		if (!n)
			break;
		if ((rc = lock_parts(l, rows, n, err)) != LL_OK)
			break;
		n = gather(l, s, redo, &rows, &to, refs, &oom);
		int all = 1;
		for (size_t i = 0; i < n && l->parts_writable; i++) {
			long p = part_of_row(l, rows[i]);
			all &= p >= 0 && l->parts[p].locked == 1;
		}
		if (n && !all) { /* the history changed to other files meanwhile: again */
			unlock_parts(l);
			if (tries < 3)
				continue;
			rc = ll_err_set(err, LL_EIO, "the labels keep changing under other processes; try again");
			break;
		}
		if (n)
			rc = commit_parts(l, rows, to, n, redo ? "redo" : "undo", refs, err);
		unlock_parts(l);
		break;
	}
	if (oom && rc == LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	free(rows);
	free(to);
	free(refs);
	return rc != LL_OK ? rc : (long)n;
}

static long revert(struct ll_labels *l, int redo, struct ll_err *err)
{
	if (l->parts)
		return revert_parts(l, redo, err);
	int rc = begin(l, NULL, 0, err);
	if (rc != LL_OK)
		return rc;
	struct stack *s = redo ? &l->redo : &l->undo;
	if (!s->n) {
		end(l);
		return 0;
	}
	const struct action *a = &s->a[s->n - 1];
	size_t n = a->n;
	size_t *rows = malloc((n ? n : 1) * sizeof *rows);
	int32_t *to = malloc((n ? n : 1) * sizeof *to);
	if (!rows || !to) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	} else {
		for (size_t i = 0; i < n; i++) {
			rows[i] = a->ch[i].row;
			to[i] = redo ? a->ch[i].new_cls : a->ch[i].old_cls;
		}
		rc = commit(l, rows, to, n, redo ? "redo" : "undo", a->info.group, err);
	}
	end(l);
	free(rows);
	free(to);
	return rc != LL_OK ? rc : (long)n;
}

long ll_labels_undo(struct ll_labels *l, struct ll_err *err) { return revert(l, 0, err); }
long ll_labels_redo(struct ll_labels *l, struct ll_err *err) { return revert(l, 1, err); }

/* Compacts each file's journal that exists. */
static int compact_parts(struct ll_labels *l, size_t *before, size_t *after, struct ll_err *err)
{
	size_t b = 0, a = 0;
	int rc = LL_OK;
	for (size_t p = 0; rc == LL_OK && p < l->nparts; p++) {
		struct ll_journal *j = l->parts[p].j;
		if (access(ll_journal_path(j), F_OK) != 0)
			continue;
		size_t pb = 0, pa = 0;
		rc = ll_journal_make_writable(j, err);
		if (rc == LL_OK && (rc = ll_journal_lock(j, err)) == LL_OK) {
			rc = ll_journal_compact(j, &pb, &pa, err);
			long st = rc == LL_OK ? sync_part(l, p, err) : rc;
			rc = st < 0 ? (int)st : rc;
			ll_journal_unlock(j);
		}
		b += pb;
		a += pa;
	}
	if (before)
		*before = b;
	if (after)
		*after = a;
	return rc;
}

int ll_labels_compact(struct ll_labels *l, size_t *before, size_t *after, struct ll_err *err)
{
	if (l->parts)
		return compact_parts(l, before, after, err);
	if (!writing(l))
		return ll_err_set(err, LL_EUSAGE, "no label journal is open for writing");
	int rc = ll_journal_lock(l->journal, err);
	if (rc != LL_OK)
		return rc;
	rc = ll_journal_compact(l->journal, before, after, err);
	if (rc == LL_OK) {
		long st = ll_labels_sync(l, err);
		rc = st < 0 ? (int)st : LL_OK;
	}
	ll_journal_unlock(l->journal);
	return rc;
}
