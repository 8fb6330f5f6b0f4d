/*
 * ll_labels.c - label state, journal-first updates, undo/redo stacks.
 *
 * Labels are an int32 per row (class id, -1 none) plus the base copy from
 * the file. An action is stored as its list of (row, old, new) so undo
 * needs no snapshot of the whole array.
 */
#include "ll_labels.h"
#include "ll_journal.h"

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
};

struct stack {
	struct action *a;
	size_t n, cap;
};

struct ll_labels {
	int32_t *cur, *base;
	size_t nrows, cap;
	char **classes;
	size_t nclasses;
	struct ll_journal *journal;
	ll_row_hash_fn hash;
	void *hash_ctx;
	uint64_t next_group;
	size_t replayed, skipped;
	struct stack undo, redo;
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
	l->next_group = 1;
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
	for (size_t k = 0; k < l->nclasses; k++)
		free(l->classes[k]);
	free(l->classes);
	ll_journal_close(l->journal);
	stack_clear(&l->undo);
	stack_clear(&l->redo);
	free(l->undo.a);
	free(l->redo.a);
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
	for (size_t k = 0; k < l->nclasses; k++)
		if (strcmp(l->classes[k], name) == 0)
			return (int)k;
	return -1;
}

int ll_labels_class_id(struct ll_labels *l, const char *name)
{
	int k = ll_labels_find_class(l, name);
	if (k >= 0)
		return k;
	char **c = realloc(l->classes, (l->nclasses + 1) * sizeof *c);
	if (!c)
		return LL_ENOMEM;
	l->classes = c;
	if (!(c[l->nclasses] = strdup(name)))
		return LL_ENOMEM;
	return (int)l->nclasses++;
}

size_t ll_labels_nclasses(const struct ll_labels *l) { return l->nclasses; }

const char *ll_labels_class_name(const struct ll_labels *l, size_t cls)
{
	return cls < l->nclasses ? l->classes[cls] : NULL;
}

int ll_labels_set_base(struct ll_labels *l, size_t row, int cls)
{
	if (cls < -1 || (cls >= 0 && (size_t)cls >= l->nclasses))
		return LL_EUSAGE;
	if (row >= l->nrows && ll_labels_resize(l, row + 1) != LL_OK)
		return LL_ENOMEM;
	l->base[row] = l->cur[row] = cls;
	return LL_OK;
}

int ll_labels_get(const struct ll_labels *l, size_t row) { return row < l->nrows ? l->cur[row] : -1; }

void ll_labels_counts(const struct ll_labels *l, size_t *counts, size_t *unlabelled)
{
	size_t none = 0;
	memset(counts, 0, l->nclasses * sizeof *counts);
	for (size_t i = 0; i < l->nrows; i++) {
		if (l->cur[i] >= 0)
			counts[l->cur[i]]++;
		else
			none++;
	}
	if (unlabelled)
		*unlabelled = none;
}

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

struct replay_ctx {
	struct ll_labels *l;
	void (*warn)(void *ctx, const char *msg);
	void *warn_ctx;
	const char *path;
	size_t record;
	/* the group being read: its records become one undo step */
	uint64_t group;
	char source[16];
	struct change *pending;
	size_t npending, cap;
	int oom;
};

/* Rebuilds the undo/redo history the journal describes, so `u` after a
 * restart (or `loglab label --undo`) undoes the last action on record. */
static void finish_group(struct replay_ctx *rc)
{
	struct ll_labels *l = rc->l;
	if (strcmp(rc->source, "undo") == 0) {
		if (l->undo.n && push(&l->redo, l->undo.a[l->undo.n - 1]) == LL_OK)
			l->undo.n--;
	} else if (strcmp(rc->source, "redo") == 0) {
		if (l->redo.n && push(&l->undo, l->redo.a[l->redo.n - 1]) == LL_OK)
			l->redo.n--;
	} else if (strcmp(rc->source, "compact") == 0) {
		stack_clear(&l->undo);
		stack_clear(&l->redo);
	} else if (rc->npending) {
		struct change *ch = malloc(rc->npending * sizeof *ch);
		if (!ch || push(&l->undo, (struct action){ch, rc->npending}) != LL_OK) {
			free(ch);
			rc->oom = 1;
		} else {
			memcpy(ch, rc->pending, rc->npending * sizeof *ch);
			stack_clear(&l->redo);
		}
	}
	rc->npending = 0;
}

static void replay_warn(void *ctx, const char *msg)
{
	struct replay_ctx *rc = ctx;
	rc->l->skipped++;
	if (rc->warn)
		rc->warn(rc->warn_ctx, msg);
}

static int replay_one(void *ctx, const struct ll_journal_record *r)
{
	struct replay_ctx *rc = ctx;
	struct ll_labels *l = rc->l;
	rc->record++;
	if (r->group != rc->group) {
		finish_group(rc);
		rc->group = r->group;
		snprintf(rc->source, sizeof rc->source, "%s", r->source);
	}
	if (rc->oom)
		return LL_ENOMEM;
	if (r->group >= l->next_group)
		l->next_group = r->group + 1;
	if (r->row >= l->nrows || (l->hash && l->hash(l->hash_ctx, r->row) != r->hash)) {
		char msg[LL_ERR_MSG_MAX];
		snprintf(msg, sizeof msg, "%s: record %zu: line %llu %s; its label '%s' was not applied", rc->path,
			 rc->record, (unsigned long long)r->row + 1,
			 r->row >= l->nrows ? "is past the end of the data" : "has changed since it was labelled",
			 r->new_cls);
		replay_warn(ctx, msg);
		return 0;
	}
	int cls = -1;
	if (r->new_cls[0]) {
		cls = ll_labels_class_id(l, r->new_cls);
		if (cls < 0)
			return LL_ENOMEM;
	}
	int old = r->old_cls[0] ? ll_labels_class_id(l, r->old_cls) : -1;
	if (old < -1)
		return LL_ENOMEM;
	if (rc->npending == rc->cap) {
		size_t cap = rc->cap ? rc->cap * 2 : 64;
		struct change *p = realloc(rc->pending, cap * sizeof *p);
		if (!p)
			return LL_ENOMEM;
		rc->pending = p;
		rc->cap = cap;
	}
	rc->pending[rc->npending++] = (struct change){r->row, old, cls};
	l->cur[r->row] = cls;
	l->replayed++;
	return 0;
}

int ll_labels_replay_journal(struct ll_labels *l, const char *path, ll_row_hash_fn hash, void *hash_ctx,
			     void (*warn)(void *ctx, const char *msg), void *warn_ctx, struct ll_err *err)
{
	l->hash = hash;
	l->hash_ctx = hash_ctx;
	struct replay_ctx rc = {.l = l, .warn = warn, .warn_ctx = warn_ctx, .path = path};
	stack_clear(&l->undo);
	stack_clear(&l->redo);
	int st = ll_journal_replay(path, replay_one, replay_warn, &rc, err);
	if (st == LL_OK) {
		finish_group(&rc);
		if (rc.oom)
			st = LL_ENOMEM;
	}
	free(rc.pending);
	if (st != LL_OK) {
		if (st == LL_ENOMEM)
			ll_err_set(err, st, "%s: out of memory replaying labels", path);
		return st;
	}
	return LL_OK;
}

int ll_labels_attach_journal(struct ll_labels *l, const char *path, ll_row_hash_fn hash, void *hash_ctx,
			     void (*warn)(void *ctx, const char *msg), void *warn_ctx, struct ll_err *err)
{
	int st = ll_labels_replay_journal(l, path, hash, hash_ctx, warn, warn_ctx, err);
	if (st != LL_OK)
		return st;
	ll_journal_close(l->journal);
	l->journal = NULL;
	return ll_journal_open(&l->journal, path, err);
}

const char *ll_labels_journal_path(const struct ll_labels *l)
{
	return l->journal ? ll_journal_path(l->journal) : NULL;
}

size_t ll_labels_replayed(const struct ll_labels *l) { return l->replayed; }
size_t ll_labels_skipped(const struct ll_labels *l) { return l->skipped; }

static const char *name_of(const struct ll_labels *l, int cls) { return cls >= 0 ? l->classes[cls] : ""; }

/* Journals then applies changes as one group; frees nothing. */
static int commit(struct ll_labels *l, const struct change *ch, size_t n, const char *source, int forward,
		  struct ll_err *err)
{
	if (l->journal && n) {
		struct ll_journal_record *recs = malloc(n * sizeof *recs);
		if (!recs)
			return ll_err_set(err, LL_ENOMEM, "out of memory recording %zu labels", n);
		double t = now();
		const char *user = ll_journal_default_user();
		for (size_t i = 0; i < n; i++) {
			int from = forward ? ch[i].old_cls : ch[i].new_cls;
			int to = forward ? ch[i].new_cls : ch[i].old_cls;
			recs[i] = (struct ll_journal_record){t, user, ch[i].row,
							     l->hash ? l->hash(l->hash_ctx, ch[i].row) : 0,
							     name_of(l, from), name_of(l, to), source, l->next_group};
		}
		int rc = ll_journal_append(l->journal, recs, n, err);
		free(recs);
		if (rc != LL_OK)
			return rc;
		l->next_group++;
	}
	for (size_t i = 0; i < n; i++)
		l->cur[ch[i].row] = forward ? ch[i].new_cls : ch[i].old_cls;
	return LL_OK;
}

long ll_labels_apply(struct ll_labels *l, const size_t *rows, size_t n, int cls, const char *source,
		     struct ll_err *err)
{
	if (cls < -1 || (cls >= 0 && (size_t)cls >= l->nclasses))
		return ll_err_set(err, LL_EUSAGE, "unknown class id %d", cls);
	struct change *ch = malloc((n ? n : 1) * sizeof *ch);
	if (!ch)
		return ll_err_set(err, LL_ENOMEM, "out of memory labelling %zu rows", n);
	/* Rows are marked as they are collected so a row listed twice is
	 * recorded once with its true old label; the marks are undone below
	 * if anything fails, and commit() sets them for real. */
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (rows[i] >= l->nrows) {
			for (size_t j = k; j-- > 0;)
				l->cur[ch[j].row] = ch[j].old_cls;
			free(ch);
			return ll_err_set(err, LL_EUSAGE, "row %zu is past the end (%zu rows)", rows[i] + 1, l->nrows);
		}
		if (l->cur[rows[i]] == cls)
			continue;
		ch[k++] = (struct change){rows[i], l->cur[rows[i]], cls};
		l->cur[rows[i]] = cls;
	}
	for (size_t j = k; j-- > 0;)
		l->cur[ch[j].row] = ch[j].old_cls;
	if (k == 0) {
		free(ch);
		return 0;
	}
	int rc = commit(l, ch, k, source, 1, err);
	if (rc != LL_OK || push(&l->undo, (struct action){ch, k}) != LL_OK) {
		free(ch);
		return rc != LL_OK ? rc : ll_err_set(err, LL_ENOMEM, "out of memory recording undo");
	}
	stack_clear(&l->redo);
	return (long)k;
}

long ll_labels_undo(struct ll_labels *l, struct ll_err *err)
{
	if (!l->undo.n)
		return 0;
	struct action a = l->undo.a[l->undo.n - 1];
	int rc = commit(l, a.ch, a.n, "undo", 0, err);
	if (rc != LL_OK)
		return rc;
	l->undo.n--;
	if (push(&l->redo, a) != LL_OK) {
		free(a.ch);
		return ll_err_set(err, LL_ENOMEM, "out of memory recording redo");
	}
	return (long)a.n;
}

long ll_labels_redo(struct ll_labels *l, struct ll_err *err)
{
	if (!l->redo.n)
		return 0;
	struct action a = l->redo.a[l->redo.n - 1];
	int rc = commit(l, a.ch, a.n, "redo", 1, err);
	if (rc != LL_OK)
		return rc;
	l->redo.n--;
	if (push(&l->undo, a) != LL_OK) {
		free(a.ch);
		return ll_err_set(err, LL_ENOMEM, "out of memory recording undo");
	}
	return (long)a.n;
}

int ll_labels_can_undo(const struct ll_labels *l) { return l->undo.n > 0; }
int ll_labels_can_redo(const struct ll_labels *l) { return l->redo.n > 0; }

int ll_labels_compact(struct ll_labels *l, struct ll_err *err)
{
	if (!l->journal)
		return ll_err_set(err, LL_EUSAGE, "no label journal is attached");
	size_t n = 0;
	for (size_t i = 0; i < l->nrows; i++)
		n += l->cur[i] != l->base[i];
	struct ll_journal_record *recs = malloc((n ? n : 1) * sizeof *recs);
	if (!recs)
		return ll_err_set(err, LL_ENOMEM, "out of memory compacting labels");
	double t = now();
	const char *user = ll_journal_default_user();
	size_t k = 0;
	for (size_t i = 0; i < l->nrows; i++)
		if (l->cur[i] != l->base[i])
			recs[k++] = (struct ll_journal_record){t, user, i, l->hash ? l->hash(l->hash_ctx, i) : 0,
							       name_of(l, l->base[i]), name_of(l, l->cur[i]), "compact",
							       l->next_group};
	char *path = strdup(ll_journal_path(l->journal));
	if (!path) {
		free(recs);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	int rc = ll_journal_rewrite(path, recs, n, err);
	free(recs);
	if (rc == LL_OK) {
		l->next_group++;
		ll_journal_close(l->journal);
		l->journal = NULL;
		rc = ll_journal_open(&l->journal, path, err);
	}
	free(path);
	return rc;
}
