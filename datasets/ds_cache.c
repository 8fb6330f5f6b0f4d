/*
 * ds_cache.c - paths, metadata files and LRU eviction of the remote
 * dataset cache (see ds_cache.h for the layout and its invariants).
 *
 * Meta files are plain text, one "key value" a line after a
 * "loglab-cache 1" header, so a person can read them and a newer loglab
 * can add keys an older one ignores.
 */
#include "ds_cache.h"
#include "ll_limits.h"
#include "ds_sha256.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *join(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s%s%s", a, b, c);
	return s;
}

int ds_cache_make_dirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int rc = mkdir(path, 0700);
		*p = '/';
		if (rc != 0 && errno != EEXIST)
			return -1;
	}
	return mkdir(path, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

char *ds_cache_path(const char *name)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	/* The XDG spec says a relative XDG_CACHE_HOME is invalid and to be ignored. */
	if (xdg && xdg[0] == '/')
		return join(xdg, "/loglab/", name);
	if (home && home[0] == '/')
		return join(home, "/.cache/loglab/", name);
	return NULL;
}

int ds_cache_subdir(const char *name, char **dir, struct ll_err *err)
{
	*dir = NULL;
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	if (!(xdg && xdg[0] == '/') && !(home && home[0] == '/'))
		return ll_err_set(err, LL_EIO, "cache: neither XDG_CACHE_HOME nor HOME is an absolute path");
	char *d = ds_cache_path(name);
	if (!d)
		return ll_err_set(err, LL_ENOMEM, "cache: out of memory");
	if (ds_cache_make_dirs(d) != 0) {
		int e = errno;
		ll_err_errno(err, LL_EIO, e, "%s: cannot create the cache directory", d);
		free(d);
		return LL_EIO;
	}
	*dir = d;
	return LL_OK;
}

int ds_cache_dir(char **dir, struct ll_err *err)
{
	return ds_cache_subdir("remote", dir, err);
}

/* The URL's last path segment, made safe as a file name; "data" when empty. */
static void url_basename(const char *url, char *out, size_t cap)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	const char *end = p + strcspn(p, "?#");
	const char *slash = NULL;
	for (const char *q = p; q < end; q++)
		if (*q == '/')
			slash = q;
	size_t n = 0;
	if (slash) {
		for (const char *q = slash + 1; q < end && n + 1 < cap; q++) {
			char c = *q;
			int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
				 c == '-' || c == '_';
			out[n++] = ok ? c : '_';
		}
	}
	out[n] = '\0';
	if (n == 0 || strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
		snprintf(out, cap, "data");
}

int ds_cache_entry_init(struct ds_cache_entry *e, const char *dir, const char *url, struct ll_err *err)
{
	memset(e, 0, sizeof *e);
	unsigned char d[DS_SHA256_LEN];
	char hex[2 * DS_SHA256_LEN + 1], name[81];
	ds_sha256(url, strlen(url), d);
	ds_hex(d, 16, hex);
	url_basename(url, name, sizeof name);
	e->dir = strdup(dir);
	e->key = strdup(hex);
	char *base = join(dir, "/", hex);
	if (base) {
		e->data = join(base, "-", name);
		e->meta = join(base, ".meta", "");
		e->part = join(base, ".part", "");
		e->partmeta = join(base, ".part.meta", "");
		e->lock = join(base, ".lock", "");
	}
	free(base);
	if (!e->dir || !e->key || !e->data || !e->meta || !e->part || !e->partmeta || !e->lock) {
		ds_cache_entry_free(e);
		return ll_err_set(err, LL_ENOMEM, "cache: out of memory");
	}
	return LL_OK;
}

void ds_cache_entry_free(struct ds_cache_entry *e)
{
	free(e->dir);
	free(e->key);
	free(e->data);
	free(e->meta);
	free(e->part);
	free(e->partmeta);
	free(e->lock);
	memset(e, 0, sizeof *e);
}

void ds_cache_meta_free(struct ds_cache_meta *m)
{
	free(m->url);
	free(m->file);
	free(m->etag);
	free(m->last_modified);
	free(m->encoding);
	memset(m, 0, sizeof *m);
}

static int set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = strdup(v);
	return *dst ? 0 : -1;
}

int ds_cache_meta_read(const char *path, struct ds_cache_meta *m, struct ll_err *err)
{
	memset(m, 0, sizeof *m);
	m->length = -1;
	FILE *f = fopen(path, "r");
	if (!f)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot open", path);
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	int rc = LL_OK;
	while ((n = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (lineno == 1) {
			if (strcmp(line, "loglab-cache 1") != 0) {
				rc = ll_err_set(err, LL_EDATA, "%s:1: not a loglab cache record", path);
				break;
			}
			continue;
		}
		char *sp = strchr(line, ' ');
		if (!sp) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: expected 'key value'", path, lineno);
			break;
		}
		*sp = '\0';
		const char *k = line, *v = sp + 1;
		int bad = 0;
		char *end;
		if (strcmp(k, "url") == 0)
			bad = set_str(&m->url, v);
		else if (strcmp(k, "file") == 0)
			bad = strchr(v, '/') || set_str(&m->file, v);
		else if (strcmp(k, "etag") == 0)
			bad = set_str(&m->etag, v);
		else if (strcmp(k, "last_modified") == 0)
			bad = set_str(&m->last_modified, v);
		else if (strcmp(k, "encoding") == 0)
			bad = set_str(&m->encoding, v);
		else if (strcmp(k, "sha256") == 0)
			bad = strlen(v) != 64 || !snprintf(m->sha256, sizeof m->sha256, "%s", v);
		else if (strcmp(k, "length") == 0 || strcmp(k, "fetched") == 0 || strcmp(k, "used") == 0) {
			errno = 0;
			long long x = strtoll(v, &end, 10);
			bad = errno != 0 || *end != '\0' || end == v;
			if (k[0] == 'l')
				m->length = x;
			else if (k[0] == 'f')
				m->fetched = x;
			else
				m->used = x;
		}
		if (bad) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: bad value for '%s'", path, lineno, k);
			break;
		}
	}
	if (rc == LL_OK && lineno == 0)
		rc = ll_err_set(err, LL_EDATA, "%s: empty cache record", path);
	if (rc == LL_OK && ferror(f))
		rc = ll_err_errno(err, LL_EIO, errno, "%s: read error", path);
	free(line);
	fclose(f);
	if (rc != LL_OK)
		ds_cache_meta_free(m);
	return rc;
}

int ds_cache_meta_write(const char *path, const struct ds_cache_meta *m, struct ll_err *err)
{
	char *tmp = join(path, ".tmp", "");
	if (!tmp)
		return ll_err_set(err, LL_ENOMEM, "cache: out of memory");
	int rc = LL_OK;
	FILE *f = fopen(tmp, "w");
	if (!f) {
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write", tmp);
		free(tmp);
		return rc;
	}
	fprintf(f, "loglab-cache 1\n");
	if (m->url)
		fprintf(f, "url %s\n", m->url);
	if (m->file)
		fprintf(f, "file %s\n", m->file);
	if (m->etag)
		fprintf(f, "etag %s\n", m->etag);
	if (m->last_modified)
		fprintf(f, "last_modified %s\n", m->last_modified);
	if (m->encoding)
		fprintf(f, "encoding %s\n", m->encoding);
	fprintf(f, "length %lld\n", m->length);
	if (m->sha256[0])
		fprintf(f, "sha256 %s\n", m->sha256);
	fprintf(f, "fetched %lld\nused %lld\n", m->fetched, m->used);
	int bad = ferror(f) != 0;
	bad |= fflush(f) != 0;
	bad |= fsync(fileno(f)) != 0;
	int e = errno;
	bad |= fclose(f) != 0;
	if (bad) {
		rc = ll_err_errno(err, LL_EIO, e ? e : EIO, "%s: cannot write", tmp);
		unlink(tmp);
	} else if (rename(tmp, path) != 0) {
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot rename to %s", tmp, path);
		unlink(tmp);
	}
	free(tmp);
	return rc;
}

int ds_cache_entry_valid(const struct ds_cache_entry *e, struct ds_cache_meta *m)
{
	struct ds_cache_meta local;
	struct ds_cache_meta *mm = m ? m : &local;
	if (ds_cache_meta_read(e->meta, mm, NULL) != LL_OK)
		return 0;
	const char *slash = strrchr(e->data, '/');
	struct stat st;
	int ok = mm->file && strcmp(mm->file, slash + 1) == 0 && mm->length >= 0 && stat(e->data, &st) == 0 &&
		 S_ISREG(st.st_mode) && st.st_size == mm->length;
	if (!m)
		ds_cache_meta_free(&local);
	return ok;
}

struct lru_item {
	char key[33];
	char *data; /* full path */
	long long used, size;
};

static int cmp_lru(const void *a, const void *b)
{
	const struct lru_item *x = a, *y = b;
	if (x->used != y->used)
		return x->used < y->used ? -1 : 1;
	return strcmp(x->key, y->key);
}

int ds_cache_evict(const char *dir, unsigned long long max_bytes, const char *keep, struct ll_err *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot list the cache", dir);
	struct lru_item *items = NULL;
	size_t n = 0, cap = 0;
	unsigned long long total = 0;
	int rc = LL_OK;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		/* KEY.meta only: 32 hex digits and the suffix. */
		if (len != 37 || strcmp(de->d_name + 32, ".meta") != 0)
			continue;
		char *mpath = join(dir, "/", de->d_name);
		if (!mpath) {
			rc = ll_err_set(err, LL_ENOMEM, "cache: out of memory");
			break;
		}
		struct ds_cache_meta m;
		int ok = ds_cache_meta_read(mpath, &m, NULL) == LL_OK && m.file;
		free(mpath);
		if (!ok) {
			ds_cache_meta_free(&m);
			continue;
		}
		char *dpath = join(dir, "/", m.file);
		struct stat st;
		if (!dpath || stat(dpath, &st) != 0 || st.st_size != m.length) {
			free(dpath);
			ds_cache_meta_free(&m);
			continue;
		}
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			struct lru_item *p = realloc(items, nc * sizeof *p);
			if (!p) {
				free(dpath);
				ds_cache_meta_free(&m);
				rc = ll_err_set(err, LL_ENOMEM, "cache: out of memory");
				break;
			}
			items = p;
			cap = nc;
		}
		memcpy(items[n].key, de->d_name, 32);
		items[n].key[32] = '\0';
		items[n].data = dpath;
		items[n].used = m.used;
		items[n].size = m.length;
		total += (unsigned long long)m.length;
		n++;
		ds_cache_meta_free(&m);
	}
	closedir(d);
	int removed = 0;
	if (rc == LL_OK) {
		qsort(items, n, sizeof *items, cmp_lru);
		for (size_t i = 0; i < n && total > max_bytes; i++) {
			if (keep && strcmp(items[i].key, keep) == 0)
				continue;
			char mname[64];
			snprintf(mname, sizeof mname, "/%s.meta", items[i].key);
			char *mpath = join(dir, mname, "");
			/* Meta first: without it the data file is no longer an entry. */
			if (mpath)
				unlink(mpath);
			free(mpath);
			unlink(items[i].data);
			total -= (unsigned long long)items[i].size;
			removed++;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(items[i].data);
	free(items);
	return rc == LL_OK ? removed : rc;
}

int ds_cache_parse_size(const char *s, unsigned long long *out)
{
	uint64_t v;
	if (ll_parse_size(s, &v) != 0)
		return -1;
	*out = v;
	return 0;
}

int ds_cache_check_env(struct ll_err *err)
{
	const char *s = getenv("LOGLAB_CACHE_MAX");
	unsigned long long v;
	if (!s || !*s || ds_cache_parse_size(s, &v) == 0)
		return LL_OK;
	return ll_err_set(err, LL_EUSAGE,
			  "LOGLAB_CACHE_MAX='%s' is not a size (bytes, or a number with a unit: 512M, 1.5G, "
			  "2GiB, 500MB)",
			  s);
}

unsigned long long ds_cache_max_bytes(void)
{
	unsigned long long v;
	if (ds_cache_parse_size(getenv("LOGLAB_CACHE_MAX"), &v) == 0)
		return v;
	return DS_CACHE_DEFAULT_MAX;
}
