/*
 * ds_labels_chain.c - labels that follow their lines through a rotation
 * (see ds_labels_chain.h).
 */
#include "ds_labels_chain.h"
#include "ds_fleet.h"
#include "ds_labels.h"
#include "ds_remote.h"

#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define SUFFIX ".labels"
#define SUFFIX_LEN (sizeof SUFFIX - 1)

struct journal {
	char *path;
	double age; /* of its name in the chain: 0 the base name, more the older */
};

struct found {
	struct journal *j;
	size_t n, cap;
};

static int add(struct found *f, const char *path, double age)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->j[i].path, path) == 0)
			return 0;
	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 8;
		struct journal *p = realloc(f->j, cap * sizeof *p);
		if (!p)
			return -1;
		f->j = p;
		f->cap = cap;
	}
	if (!(f->j[f->n].path = strdup(path)))
		return -1;
	f->j[f->n++].age = age;
	return 0;
}

/* name[0, n) is of the chain key (and no name of file itself): the
 * journal ds_labels_default_path gives its path is a candidate. */
static int consider(struct found *f, const char *folder, const char *name, size_t n, const char *key,
		    const char *base, const char *own, double own_age)
{
	if (n == 0 || n >= 1024 || (strlen(base) == n && strncmp(base, name, n) == 0))
		return 0;
	char cand[1024], ckey[1024], path[4096];
	double age;
	memcpy(cand, name, n);
	cand[n] = '\0';
	ds_fleet_chain_key(cand, ckey, &age);
	/* a line moves from younger names to older ones, never back: an
	 * older name's journal is of other lines (app.log must not take
	 * app.log.1's labels when their lines are alike) */
	if (strcmp(ckey, key) != 0 || age >= own_age)
		return 0;
	if (strcmp(folder, ".") == 0) /* a name alone: its journals by name too */
		snprintf(path, sizeof path, "%s", cand);
	else
		snprintf(path, sizeof path, "%s/%s", folder, cand);
	char *journal = ds_labels_default_path(path);
	struct stat st;
	int rc = 0;
	if (journal && strcmp(journal, own) != 0 && stat(journal, &st) == 0 && S_ISREG(st.st_mode))
		rc = add(f, journal, age);
	free(journal);
	return rc;
}

/* The names of a folder with their chain keys and ages, kept for the
 * next file of the same folder (a fleet of thousands of files in one
 * folder read it once, not once a file) while the folder is unchanged. */
struct listing {
	char folder[4096];
	struct timespec mtime;
	dev_t dev;
	ino_t ino;
	size_t n;
	char **names; /* ".labels" taken off */
	char **keys;
	double *ages;
};

static pthread_mutex_t listing_lock = PTHREAD_MUTEX_INITIALIZER;
static struct listing cached;

static void listing_clear(struct listing *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->names[i]);
		free(l->keys[i]);
	}
	free(l->names);
	free(l->keys);
	free(l->ages);
	memset(l, 0, sizeof *l);
}

/* Reads folder into the cache unless it holds it already; 0, or -1 (no
 * memory; the cache is then empty). With listing_lock held. */
static int listing_of(const char *folder)
{
	struct stat st;
	if (stat(folder, &st) != 0) {
		listing_clear(&cached);
		return 0;
	}
	if (cached.names && strcmp(cached.folder, folder) == 0 && cached.dev == st.st_dev && cached.ino == st.st_ino &&
	    cached.mtime.tv_sec == st.st_mtim.tv_sec && cached.mtime.tv_nsec == st.st_mtim.tv_nsec)
		return 0;
	listing_clear(&cached);
	snprintf(cached.folder, sizeof cached.folder, "%s", folder);
	cached.mtime = st.st_mtim;
	cached.dev = st.st_dev;
	cached.ino = st.st_ino;
	DIR *d = opendir(folder);
	size_t cap = 0;
	int bad = 0;
	for (struct dirent *e; !bad && d && (e = readdir(d)) != NULL;) {
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.' || n >= 1024)
			continue;
		if (n > SUFFIX_LEN && strcmp(e->d_name + n - SUFFIX_LEN, SUFFIX) == 0)
			n -= SUFFIX_LEN;
		if (cached.n == cap) {
			cap = cap ? 2 * cap : 64;
			char **a = realloc(cached.names, cap * sizeof *a), **b = a ? realloc(cached.keys, cap * sizeof *b) : NULL;
			if (a)
				cached.names = a;
			if (b)
				cached.keys = b;
			double *c = b ? realloc(cached.ages, cap * sizeof *c) : NULL;
			if (c)
				cached.ages = c;
			if (!c) {
				bad = 1;
				break;
			}
		}
		char *name = strndup(e->d_name, n), *key = malloc(n + 1);
		if (!name || !key) {
			free(name);
			free(key);
			bad = 1;
			break;
		}
		ds_fleet_chain_key(name, key, &cached.ages[cached.n]);
		cached.names[cached.n] = name;
		cached.keys[cached.n++] = key;
	}
	if (d)
		closedir(d);
	if (bad)
		listing_clear(&cached);
	if (!cached.names) /* an empty folder is read, not read again */
		cached.names = calloc(1, sizeof *cached.names);
	return bad || !cached.names ? -1 : 0;
}

/* A line lives under the chain's names from the youngest (app.log) to
 * the oldest (app.log.2.gz): the journal of a younger name holds what it
 * was given earlier, so it is replayed first and later changes (a label
 * removed under an older name) win. */
static int by_age(const void *a, const void *b)
{
	const struct journal *x = a, *y = b;
	return x->age < y->age ? -1 : x->age > y->age ? 1 : strcmp(x->path, y->path);
}

size_t ds_labels_chain_journals(const char *file, const char *own, char ***out)
{
	*out = NULL;
	if (ds_is_url(file) || !own)
		return 0;
	const char *slash = strrchr(file, '/');
	const char *base = slash ? slash + 1 : file;
	char folder[4096], key[1024];
	if (strlen(base) >= sizeof key)
		return 0;
	snprintf(folder, sizeof folder, "%.*s", slash ? (slash == file ? 1 : (int)(slash - file)) : 1,
		 slash ? file : ".");
	double age;
	ds_fleet_chain_key(base, key, &age);
	struct found f = {0};
	if (age <= 0) /* the chain's youngest name: no line was anywhere before */
		return 0;
	/* the folder's journals, and its files (whose journals may be kept
	 * apart: a read-only folder) */
	pthread_mutex_lock(&listing_lock);
	int bad = listing_of(folder) != 0;
	for (size_t i = 0; !bad && i < cached.n; i++)
		if (strcmp(cached.keys[i], key) == 0 && cached.ages[i] < age)
			bad = consider(&f, folder, cached.names[i], strlen(cached.names[i]), key, base, own, age) != 0;
	pthread_mutex_unlock(&listing_lock);
	DIR *d;
	/* names kept apart whose files are gone: "<name>-<16 hex>.labels" */
	char apart[4096];
	ds_labels_apart_folder(apart, sizeof apart);
	d = opendir(apart);
	for (struct dirent *e; !bad && d && (e = readdir(d)) != NULL;) {
		size_t n = strlen(e->d_name);
		if (n <= SUFFIX_LEN + 17 || strcmp(e->d_name + n - SUFFIX_LEN, SUFFIX) != 0 ||
		    e->d_name[n - SUFFIX_LEN - 17] != '-')
			continue;
		bad = consider(&f, folder, e->d_name, n - SUFFIX_LEN - 17, key, base, own, age) != 0;
	}
	if (d)
		closedir(d);
	char **paths = bad || !f.n ? NULL : malloc(f.n * sizeof *paths);
	if (paths)
		qsort(f.j, f.n, sizeof *f.j, by_age);
	for (size_t i = 0; i < f.n; i++) {
		if (paths)
			paths[i] = f.j[i].path;
		else
			free(f.j[i].path);
	}
	free(f.j);
	*out = paths;
	return paths ? f.n : 0;
}

int ds_labels_chain_is_note(const char *msg)
{
	return strncmp(msg, DS_LABELS_CHAIN_NOTE, sizeof DS_LABELS_CHAIN_NOTE - 1) == 0;
}

void ds_labels_chain_free(char **paths, size_t n)
{
	for (size_t i = 0; paths && i < n; i++)
		free(paths[i]);
	free(paths);
}

struct lines {
	struct ds_dataset *ds;
	const size_t *rows;
};

static uint32_t line_hash(void *ctx, size_t line)
{
	struct lines *ls = ctx;
	return ds_labels_row_hash(ls->ds, ls->rows ? ls->rows[line] : line);
}

/* One journal's records over file's lines: those that fit become base
 * labels of l; how many into *given. */
static int apply_one(struct lines *ls, struct ll_labels *l, const char *journal, size_t nlines, size_t *given,
		     struct ll_err *err)
{
	*given = 0;
	struct ll_labels *t = ll_labels_new(nlines);
	if (!t)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory for %zu labels", journal, nlines);
	for (size_t i = 0; i < nlines; i++) {
		size_t row = ls->rows ? ls->rows[i] : i;
		int b = ll_labels_get(l, row);
		if (b >= 0 && ll_labels_class_id(t, ll_labels_class_name(l, (size_t)b)) < 0) {
			ll_labels_free(t);
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		}
		if (b >= 0)
			ll_labels_set_base(t, i, ll_labels_find_class(t, ll_labels_class_name(l, (size_t)b)));
	}
	struct ll_err e;
	ll_err_clear(&e);
	/* another file's records are expected here: no warning for them */
	if (ll_labels_replay_journal(t, journal, line_hash, ls, NULL, NULL, &e) != LL_OK) {
		ll_labels_free(t);
		return e.code == LL_ENOMEM ? ll_err_set(err, LL_ENOMEM, "%s", e.msg) : LL_OK; /* unreadable: passed over */
	}
	int rc = LL_OK;
	for (size_t i = 0; rc == LL_OK && i < nlines; i++) {
		int now = ll_labels_get(t, i);
		if (now == ll_labels_base(t, i))
			continue;
		int cls = now < 0 ? -1 : ll_labels_class_id(l, ll_labels_class_name(t, (size_t)now));
		if (cls < -1 || ll_labels_set_base(l, ls->rows ? ls->rows[i] : i, cls) != LL_OK)
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		(*given)++;
	}
	ll_labels_free(t);
	return rc;
}

int ds_labels_chain_apply(struct ds_dataset *ds, struct ll_labels *l, const char *file, const char *own,
			  const size_t *rows, size_t nlines, void (*warn)(void *ctx, const char *msg), void *warn_ctx,
			  struct ll_err *err)
{
	char **journals;
	size_t n = ds_labels_chain_journals(file, own, &journals);
	struct lines ls = {ds, rows};
	int rc = LL_OK;
	for (size_t j = 0; rc == LL_OK && j < n; j++) {
		size_t given;
		rc = apply_one(&ls, l, journals[j], nlines, &given, err);
		if (rc == LL_OK && given && warn) {
			char msg[1200];
			snprintf(msg, sizeof msg,
				 DS_LABELS_CHAIN_NOTE "%zu label%s of %.300s come%s from %.300s (given to the same lines under another name of "
				 "its rotation chain, before a rotation); changes to them go to %.300s",
				 given, given == 1 ? "" : "s", file, given == 1 ? "s" : "", journals[j], own);
			warn(warn_ctx, msg);
		}
	}
	ds_labels_chain_free(journals, n);
	return rc;
}
