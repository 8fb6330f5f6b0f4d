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
 */
#include "ll_labels.h"
#include "ll_journal.h"
#include "ll_names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

struct change {
	size_t row;
	int32_t old_cls, new_cls;
};

struct action {
	struct change *ch;
	size_t n;
	struct ll_labels_action_info info;
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
	ll_labels_warn_fn warn;
	void *warn_ctx;
	uint64_t version;
	size_t replayed, stale, record;
	struct stack undo, redo;
	struct change *scratch; /* one action's changes while it is read */
	size_t scratch_cap;
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
	for (size_t i = 0; i < s->n; i++)
		free(s->a[i].ch);
	s->n = 0;
}

void ll_labels_free(struct ll_labels *l)
{
	if (!l)
		return;
	free(l->cur);
	free(l->base);
	ll_names_free(&l->classes);
	ll_journal_close(l->journal);
	stack_clear(&l->undo);
	stack_clear(&l->redo);
	free(l->undo.a);
	free(l->redo.a);
	free(l->scratch);
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

int ll_labels_closest_class(const struct ll_labels *l, const char *name)
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
 * journals name none); 0 when it is not there. */
static int take(struct stack *s, uint64_t group, struct action *out)
{
	for (size_t i = s->n; i-- > 0;) {
		if (group && s->a[i].info.group != group)
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

/* Applies a committed action to the labels and the history. trusted: the
 * records were made here from the current rows (no hash to check). */
static int take_action(struct ll_labels *l, const struct ll_journal_action *a, int trusted)
{
	if (a->n > l->scratch_cap) {
		struct change *p = realloc(l->scratch, a->n * sizeof *p);
		if (!p)
			return LL_ENOMEM;
		l->scratch = p;
		l->scratch_cap = a->n;
	}
	size_t k = 0;
	for (size_t i = 0; i < a->n; i++) {
		const struct ll_journal_record *r = &a->recs[i];
		l->record++;
		if (r->row >= l->nrows || (!trusted && l->hash && l->hash(l->hash_ctx, r->row) != r->hash)) {
			char msg[LL_ERR_MSG_MAX];
			snprintf(msg, sizeof msg, "%s: record %zu: line %llu %s; its label '%s' was not applied",
				 l->journal ? ll_journal_path(l->journal) : "labels", l->record,
				 (unsigned long long)r->row + 1,
				 r->row >= l->nrows ? "is past the end of the data" : "has changed since it was labelled",
				 r->new_cls);
			l->stale++;
			warn(l, msg);
			continue;
		}
		int cls = r->new_cls[0] ? ll_labels_class_id(l, r->new_cls) : -1;
		int old = r->old_cls[0] ? ll_labels_class_id(l, r->old_cls) : -1;
		if (cls < -1 || old < -1)
			return LL_ENOMEM;
		/* The old value is what the row had here, whatever the record
		 * says: undo restores the state this history describes. */
		l->scratch[k++] = (struct change){r->row, l->cur[r->row], cls};
		(void)old;
		l->cur[r->row] = cls;
		l->replayed++;
	}
	l->version++;
	struct action moved;
	if (strcmp(a->source, "compact") == 0) {
		stack_clear(&l->undo);
		stack_clear(&l->redo);
	} else if (strcmp(a->source, "undo") == 0) {
		if (take(&l->undo, a->ref, &moved) && push(&l->redo, moved) != LL_OK) {
			free(moved.ch);
			return LL_ENOMEM;
		}
	} else if (strcmp(a->source, "redo") == 0) {
		if (take(&l->redo, a->ref, &moved) && push(&l->undo, moved) != LL_OK) {
			free(moved.ch);
			return LL_ENOMEM;
		}
	} else {
		struct action na = {malloc((k ? k : 1) * sizeof *na.ch), k, {a->group, k, a->time, "", ""}};
		if (!na.ch)
			return LL_ENOMEM;
		memcpy(na.ch, l->scratch, k * sizeof *na.ch);
		snprintf(na.info.source, sizeof na.info.source, "%s", a->source);
		snprintf(na.info.user, sizeof na.info.user, "%s", a->user ? a->user : "");
		if (push(&l->undo, na) != LL_OK) {
			free(na.ch);
			return LL_ENOMEM;
		}
		stack_clear(&l->redo);
	}
	return LL_OK;
}

static int read_action(void *ctx, const struct ll_journal_action *a)
{
	return take_action(ctx, a, 0);
}

static void read_warning(void *ctx, const char *msg)
{
	warn(ctx, msg);
}

/* Back to the file's own labels, before a journal is read afresh. */
static void reset(struct ll_labels *l)
{
	memcpy(l->cur, l->base, l->nrows * sizeof *l->cur);
	stack_clear(&l->undo);
	stack_clear(&l->redo);
	l->replayed = l->stale = l->record = 0;
	l->version++;
}

long ll_labels_sync(struct ll_labels *l, struct ll_err *err)
{
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
	l->hash = hash;
	l->hash_ctx = hash_ctx;
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

int ll_labels_make_writable(struct ll_labels *l, struct ll_err *err)
{
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
	return l->stale + (l->journal ? ll_journal_stats(l->journal)->damaged : 0);
}

size_t ll_labels_incomplete(const struct ll_labels *l)
{
	return l->journal ? ll_journal_stats(l->journal)->incomplete : 0;
}

/* ---- changing labels ---- */

static int writing(const struct ll_labels *l) { return l->journal && ll_journal_writable(l->journal); }

/* Takes the lock and reads what others wrote: the state is current. */
static int begin(struct ll_labels *l, struct ll_err *err)
{
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
	if (writing(l))
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
						     l->hash && writing(l) ? l->hash(l->hash_ctx, rows[i]) : 0,
						     name_of(l, l->cur[rows[i]]),
						     name_of(l, to[i]),
						     source,
						     group};
	struct ll_journal_action a = {group, ref, source, t, user, recs, n};
	int rc = writing(l) ? ll_journal_commit(l->journal, &a, err) : LL_OK;
	if (rc == LL_OK && (rc = take_action(l, &a, 1)) != LL_OK)
		ll_err_set(err, rc, "out of memory applying %zu labels", n);
	free(recs);
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
	int rc = sel && to && old ? begin(l, err) : ll_err_set(err, LL_ENOMEM, "out of memory labelling %zu rows", n);
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
		if (k)
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
static long revert(struct ll_labels *l, int redo, struct ll_err *err)
{
	int rc = begin(l, err);
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

int ll_labels_compact(struct ll_labels *l, size_t *before, size_t *after, struct ll_err *err)
{
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
