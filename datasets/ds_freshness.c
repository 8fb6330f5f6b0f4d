/*
 * ds_freshness.c - the net effect of a label journal, and a cheap
 * signature of a workspace's files (see ds_freshness.h).
 */
#include "ds_freshness.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ds_labels.h"
#include "ds_sha256.h"
#include "ll_journal.h"

/* ---- the journal's net effect ---- */

struct touch {
	uint64_t row;
	size_t seq;   /* order in the journal */
	uint32_t hash;
	char *old_cls, *new_cls;
};

struct collect {
	struct touch *v;
	size_t n, cap;
	int oom;
};

static int collect_one(void *ctx, const struct ll_journal_record *r)
{
	struct collect *c = ctx;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 256;
		struct touch *v = realloc(c->v, cap * sizeof *v);
		if (!v) {
			c->oom = 1;
			return 1;
		}
		c->v = v;
		c->cap = cap;
	}
	struct touch *t = &c->v[c->n];
	t->row = r->row;
	t->seq = c->n;
	t->hash = r->hash;
	t->old_cls = strdup(r->old_cls ? r->old_cls : "");
	t->new_cls = strdup(r->new_cls ? r->new_cls : "");
	if (!t->old_cls || !t->new_cls) {
		free(t->old_cls);
		free(t->new_cls);
		c->oom = 1;
		return 1;
	}
	c->n++;
	return 0;
}

static int by_row_then_seq(const void *pa, const void *pb)
{
	const struct touch *a = pa, *b = pb;
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int state_sha(const char *path, char out[DS_SHA_HEX], struct ll_err *err)
{
	struct collect c = {0};
	int rc = ll_journal_replay(path, collect_one, NULL, &c, err);
	if (c.oom)
		rc = ll_err_set(err, LL_ENOMEM, "out of memory reading %s", path);
	out[0] = '\0';
	if (rc == LL_OK && c.n) {
		qsort(c.v, c.n, sizeof *c.v, by_row_then_seq);
		struct ds_sha256 h;
		ds_sha256_init(&h);
		size_t changed = 0;
		for (size_t i = 0; i < c.n;) {
			size_t j = i;
			while (j + 1 < c.n && c.v[j + 1].row == c.v[i].row)
				j++;
			/* Before the journal: the first record's old class; now: the last's new one. */
			if (strcmp(c.v[i].old_cls, c.v[j].new_cls) != 0) {
				char head[64];
				int n = snprintf(head, sizeof head, "%llu\t%08x\t", (unsigned long long)c.v[j].row,
						 (unsigned)c.v[j].hash);
				ds_sha256_update(&h, head, (size_t)n);
				ds_sha256_update(&h, c.v[j].new_cls, strlen(c.v[j].new_cls) + 1);
				changed++;
			}
			i = j + 1;
		}
		if (changed) {
			unsigned char dg[DS_SHA256_LEN];
			ds_sha256_final(&h, dg);
			ds_hex(dg, DS_SHA256_LEN, out);
		}
	}
	for (size_t i = 0; i < c.n; i++) {
		free(c.v[i].old_cls);
		free(c.v[i].new_cls);
	}
	free(c.v);
	return rc;
}

#define STATE_CACHE 8

static struct {
	char *path;
	off_t size;
	int64_t mtime_ns;
	char sha[DS_SHA_HEX];
} cache[STATE_CACHE];
static size_t cache_next;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

int ds_journal_state_sha(const char *path, char out[DS_SHA_HEX], struct ll_err *err)
{
	out[0] = '\0';
	struct stat st;
	if (stat(path, &st) != 0)
		return errno == ENOENT ? LL_OK : ll_err_errno(err, LL_EIO, errno, "%s", path);
	int64_t mt = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < STATE_CACHE; i++)
		if (cache[i].path && !strcmp(cache[i].path, path) && cache[i].size == st.st_size &&
		    cache[i].mtime_ns == mt) {
			memcpy(out, cache[i].sha, DS_SHA_HEX);
			pthread_mutex_unlock(&cache_lock);
			return LL_OK;
		}
	pthread_mutex_unlock(&cache_lock);
	int rc = state_sha(path, out, err);
	if (rc != LL_OK)
		return rc;
	char *copy = strdup(path);
	if (!copy)
		return LL_OK; /* a result without a cache entry */
	pthread_mutex_lock(&cache_lock);
	size_t i = cache_next++ % STATE_CACHE;
	free(cache[i].path);
	cache[i].path = copy;
	cache[i].size = st.st_size;
	cache[i].mtime_ns = mt;
	memcpy(cache[i].sha, out, DS_SHA_HEX);
	pthread_mutex_unlock(&cache_lock);
	return LL_OK;
}

/* ---- the workspace's signature ---- */

/* FNV-1a over the bytes of what stat says of a path (missing: its name only). */
static uint64_t mix_stat(uint64_t h, const char *path)
{
	struct stat st;
	int64_t v[3] = {-1, -1, -1};
	if (path && stat(path, &st) == 0) {
		v[0] = (int64_t)st.st_size;
		v[1] = (int64_t)st.st_mtim.tv_sec;
		v[2] = (int64_t)st.st_mtim.tv_nsec;
	}
	const unsigned char *p = (const unsigned char *)v;
	for (size_t i = 0; i < sizeof v; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	for (const char *s = path ? path : ""; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

uint64_t ds_workspace_signature(const char *ws_dir, const struct ds_workspace *ws)
{
	uint64_t h = 14695981039346656037ull;
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", ws_dir, DS_WORKSPACE_FILE);
	h = mix_stat(h, path);
	snprintf(path, sizeof path, "%s/runs", ws_dir);
	h = mix_stat(h, path);
	DIR *d = opendir(path);
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char rj[4096 + 300];
		snprintf(rj, sizeof rj, "%s/%s/run.json", path, de->d_name);
		h ^= mix_stat(14695981039346656037ull, rj); /* order-free: readdir's order varies */
	}
	if (d)
		closedir(d);
	for (size_t i = 0; ws && i < ws->ndatasets; i++) {
		const struct ds_ws_dataset *ds = &ws->datasets[i];
		if (ds->is_url)
			continue;
		h = mix_stat(h, ds->path);
		char *jp = ds_labels_default_path(ds->path);
		h = mix_stat(h, jp);
		free(jp);
		if (ds->labels)
			h = mix_stat(h, ds->labels);
	}
	return h;
}
