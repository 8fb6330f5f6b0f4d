/*
 * ds_fleet_find.c - which files a fleet is made of, and their order.
 *
 * Specs (folders, globs, files) expand to regular files; a file reached
 * twice (two specs, a symlink) counts once. Names are then grouped into
 * rotation chains by ds_fleet_chain_key and sorted: chains by their key
 * in natural order (strverscmp: node2 before node10), a chain's files
 * oldest first, so file order is also the order of time within a chain.
 *
 * Only names and stat() are read here; contents are the merge's business.
 */
#include "ds_fleet.h"
#include "ds_archive.h"
#include "ds_journald.h"
#include "ds_name_date.h"
#include "ll_time.h"

#include <dirent.h>
#include <errno.h>
#include <ctype.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_DEPTH 32

struct finder {
	struct ds_fleet_list *l;
	size_t cap, notecap;
	/* folders being walked, to stop symlink loops */
	uint64_t dirs_dev[MAX_DEPTH], dirs_ino[MAX_DEPTH];
	int depth;
	struct ll_err *err;
};

int ds_fleet_is_spec(const char *spec)
{
	struct stat st;
	if (strchr(spec, DS_FLEET_SPEC_SEP))
		return 1;
	if (stat(spec, &st) == 0) /* a folder, or an archive of one */
		return S_ISDIR(st.st_mode) || (S_ISREG(st.st_mode) && ds_archive_is(spec));
	return strpbrk(spec, "*?[") != NULL;
}

int ds_fleet_split_specs(const char *joined, char ***specs, size_t *n)
{
	size_t k = 1;
	for (const char *p = joined; *p; p++)
		k += *p == DS_FLEET_SPEC_SEP;
	char **v = calloc(k, sizeof *v);
	if (!v)
		return LL_ENOMEM;
	size_t i = 0;
	for (const char *p = joined;; i++) {
		const char *e = strchr(p, DS_FLEET_SPEC_SEP);
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (!(v[i] = strndup(p, len))) {
			ds_fleet_specs_free(v, i);
			return LL_ENOMEM;
		}
		if (!e)
			break;
		p = e + 1;
	}
	*specs = v;
	*n = i + 1;
	return LL_OK;
}

void ds_fleet_specs_free(char **specs, size_t n)
{
	for (size_t i = 0; specs && i < n; i++)
		free(specs[i]);
	free(specs);
}

/* ---- rotation suffixes ---- */

/* Where a dated suffix starts in name[0..end): the separator ('.', '-' or
 * '_') before a date (ds_name_date_parse) that runs to end, after a name
 * of its own; 0 when there is none. */
static size_t dated_suffix(const char *name, size_t end, double *stamp)
{
	size_t run = end;
	while (run > 0 && (strchr("0123456789-_:T", name[run - 1]) != NULL))
		run--;
	if (run > 0 && name[run - 1] == '.')
		run--;
	for (size_t at = run; at + 1 < end; at++)
		if (at > 0 && strchr(".-_", name[at]) && name[at + 1] >= '0' && name[at + 1] <= '9' &&
		    ds_name_date_parse(name + at + 1, end - at - 1, stamp))
			return at;
	return 0;
}

size_t ds_fleet_rotation_key(const char *name, double *age)
{
	size_t n = strlen(name);
	*age = 0;
	/* logrotate's compressext: what its compresscmd (gzip by default,
	 * bzip2, xz, zstd, lz4, lzma or compress) appends */
	static const char *const ext[] = {".gz", ".bz2", ".xz", ".zst", ".lz4", ".lzma", ".Z"};
	size_t cut = 0;
	for (size_t i = 0; i < sizeof ext / sizeof *ext && !cut; i++) {
		size_t k = strlen(ext[i]);
		if (n > k && strcmp(name + n - k, ext[i]) == 0)
			cut = k;
	}
	int gz = cut != 0;
	size_t end = n - cut;
	/* ".N": the part before must not end in a number itself, so that
	 * 10.0.0.7 is a name, not 10.0.0 rotated 7 times. */
	const char *dot = NULL;
	for (size_t i = end; i-- > 0;)
		if (name[i] == '.') {
			dot = name + i;
			break;
		}
	if (dot && dot > name && ll_all_digits(dot + 1, (size_t)(name + end - dot - 1)) && name + end - dot - 1 <= 4) {
		const char *prev = dot;
		while (prev > name && prev[-1] != '.')
			prev--;
		if (!ll_all_digits(prev, (size_t)(dot - prev))) {
			*age = (double)strtol(dot + 1, NULL, 10) + (gz ? 0.25 : 0);
			return (size_t)(dot - name);
		}
	}
	/* a date: logrotate's dateext ("-20240105", "-2024010513"), log4j's
	 * and logback's ".2016-12-19" and ".2016-12-19-16", Python's
	 * ".2024-01-05_13-00-00" */
	double stamp;
	size_t at = dated_suffix(name, end, &stamp);
	if (at) {
		/* older stamps, larger ages; any dated file is older than .N ones */
		*age = 1e4 + (1e14 - stamp);
		return at;
	}
	if (gz) {
		*age = 0.5;
		return end;
	}
	return n;
}

/* 1 when s[0..n) is nothing or a file's extension(s) alone: ".log",
 * ".log.txt". */
static int extension_only(const char *s, size_t n)
{
	if (!n)
		return 1;
	if (s[0] != '.' || n < 2)
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!isalpha((unsigned char)s[i]) && !(s[i] == '.' && isalpha((unsigned char)s[i - 1])))
			return 0;
	return isalpha((unsigned char)s[n - 1]);
}

/* A date of two-digit year glued to the letters of a name, just before
 * its extension: yymmdd or yymmddhh, as IIS names its daily and hourly
 * files ("u_ex211201.log", "ex21120113.log", W3C's and NCSA's alike).
 * 1 with [*from, *to) the digits and *stamp the date (YYYYMMDDhhmmss,
 * years 2000 to 2099), else 0: a host's number ("web01.log",
 * "node-123456.log", "rack123456.log": no month 34) is none. */
static int glued_short_date(const char *name, size_t k, size_t *from, size_t *to, double *stamp)
{
	size_t e = 0;
	while (e < k && name[e] != '.')
		e++;
	if (!extension_only(name + e, k - e))
		return 0;
	size_t b = e;
	while (b > 0 && isdigit((unsigned char)name[b - 1]))
		b--;
	if ((e - b != 6 && e - b != 8) || b == 0 || !isalpha((unsigned char)name[b - 1]))
		return 0;
	char full[16] = "20";
	memcpy(full + 2, name + b, e - b);
	if (!ds_name_date_parse(full, e - b + 2, stamp))
		return 0;
	*from = b;
	*to = e;
	return 1;
}

size_t ds_fleet_chain_key(const char *name, char *key, double *age)
{
	size_t k = ds_fleet_rotation_key(name, age);
	size_t at, len, from = 0, to = 0;
	double stamp;
	/* no ".N" or dated suffix (ages below 1): a date opening the name or
	 * just before its extension, a counter after it (logback's %i) */
	if (*age < 1 && ds_name_date_find(name, k, &at, &len, &stamp)) {
		size_t end = at + len, e = end + 1;
		long counter = 0;
		while (e < k && e - end <= 4 && isdigit((unsigned char)name[e]))
			e++;
		if (end < k && strchr(".-_", name[end]) && e > end + 1 && (e == k || name[e] == '.')) {
			counter = strtol(name + end + 1, NULL, 10);
			end = e;
		}
		/* "20240101.log" keeps its date: no name is left without it */
		if (at == 0 && end < k && strchr("-_ ", name[end]) != NULL && end + 1 < k)
			to = end + 1;
		else if (at == 0 && end < k && name[end] == '.' && memchr(name + end + 1, '.', k - end - 1))
			to = end + 1;
		else if (at > 0 && strchr(".-_ ", name[at - 1]) && extension_only(name + end, k - end)) {
			from = at - 1;
			to = end;
		}
		if (to) {
			/* as dated suffixes: older dates larger ages, a larger
			 * counter a newer file of its day */
			*age = 1e4 + (1e14 - stamp) - (double)counter;
		}
	}
	if (!to && *age < 1 && glued_short_date(name, k, &from, &to, &stamp))
		*age = 1e4 + (1e14 - stamp);
	memcpy(key, name, from);
	memcpy(key + from, name + to, k - to);
	key[from + k - to] = '\0';
	return from + k - to;
}

char *ds_fleet_chain_of(const char *path, double *age)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash + 1 - path) : 0;
	char *key = malloc(strlen(path) + 1);
	if (!key)
		return NULL;
	memcpy(key, path, dir);
	ds_fleet_chain_key(path + dir, key + dir, age);
	return key;
}

/* ---- collecting ---- */

static int note(struct finder *f, const char *fmt, const char *a, const char *b)
{
	struct ds_fleet_list *l = f->l;
	if (l->nnotes == f->notecap) {
		size_t cap = f->notecap ? 2 * f->notecap : 8;
		char **p = realloc(l->notes, cap * sizeof *p);
		if (!p)
			return LL_ENOMEM;
		l->notes = p;
		f->notecap = cap;
	}
	char buf[LL_ERR_MSG_MAX];
	snprintf(buf, sizeof buf, fmt, a, b);
	if (!(l->notes[l->nnotes] = strdup(buf)))
		return LL_ENOMEM;
	l->nnotes++;
	return LL_OK;
}

static char *join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	int slash = a && dir[a - 1] != '/';
	char *p = malloc(a + slash + b + 1);
	if (!p)
		return NULL;
	memcpy(p, dir, a);
	if (slash)
		p[a] = '/';
	memcpy(p + a + slash, name, b + 1);
	return p;
}

/* Drops "./" at the start and doubled slashes, so names relative to the
 * common folder read cleanly. */
static void tidy(char *p)
{
	while (p[0] == '.' && p[1] == '/' && p[2])
		memmove(p, p + 2, strlen(p + 2) + 1);
	char *w = p;
	for (char *r = p; *r; r++)
		if (!(r[0] == '/' && r[1] == '/'))
			*w++ = *r;
	*w = '\0';
}

static int add_file(struct finder *f, const char *path, const struct stat *st)
{
	struct ds_fleet_list *l = f->l;
	for (size_t i = 0; i < l->n; i++)
		if (l->e[i].dev == (uint64_t)st->st_dev && l->e[i].ino == (uint64_t)st->st_ino)
			return LL_OK;
	if (l->n >= DS_FLEET_MAX_FILES)
		return ll_err_set(f->err, LL_EUSAGE, "%s: more than %d files in one fleet", path, DS_FLEET_MAX_FILES);
	if (l->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 64;
		struct ds_fleet_entry *e = realloc(l->e, cap * sizeof *e);
		if (!e)
			return ll_err_set(f->err, LL_ENOMEM, "out of memory listing files");
		l->e = e;
		f->cap = cap;
	}
	struct ds_fleet_entry *e = &l->e[l->n];
	memset(e, 0, sizeof *e);
	if (!(e->path = strdup(path)))
		return ll_err_set(f->err, LL_ENOMEM, "out of memory listing files");
	tidy(e->path);
	e->mtime = (long long)st->st_mtime;
	e->size = (long long)st->st_size;
	e->dev = (uint64_t)st->st_dev;
	e->ino = (uint64_t)st->st_ino;
	l->n++;
	return LL_OK;
}

/* 1 when the file at path begins as a systemd journal does. */
static int journal_file(const char *path)
{
	char head[8];
	FILE *fp = fopen(path, "rb");
	size_t n = fp ? fread(head, 1, sizeof head, fp) : 0;
	if (fp)
		fclose(fp);
	return ds_journald_is(head, n);
}

/* Files loglab writes beside data, and names that are not logs: an
 * editor's backup ends in '~', but so does a journal journald found dirty
 * and set aside, whose content says so (path: the file's, to look). */
static int skipped_name(const char *name, const char *path)
{
	static const char *const tails[] = {".labels", ".classes", ".review", ".lock", ".swp", "~"};
	if (name[0] == '.')
		return 1;
	if (strcmp(name, "loglab.json") == 0)
		return 1;
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
		size_t k = strlen(tails[i]);
		if (n >= k && strcmp(name + n - k, tails[i]) == 0)
			return !(tails[i][0] == '~' && journal_file(path));
	}
	return 0;
}

static int walk(struct finder *f, const char *dir);

static int add_path(struct finder *f, const char *path, int from_walk)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		int e = errno;
		if (from_walk) /* a dangling link in a folder is no reason to stop */
			return note(f, "%s: left out (%s)", path, strerror(e));
		return ll_err_errno(f->err, LL_EIO, e, "%s: cannot read", path);
	}
	if (S_ISDIR(st.st_mode)) {
		for (int d = 0; d < f->depth; d++)
			if (f->dirs_dev[d] == (uint64_t)st.st_dev && f->dirs_ino[d] == (uint64_t)st.st_ino)
				return note(f, "%s: left out (a link back to a folder above%s)", path, "");
		if (f->depth >= MAX_DEPTH)
			return note(f, "%s: left out (folders nested too deep%s)", path, "");
		f->dirs_dev[f->depth] = (uint64_t)st.st_dev;
		f->dirs_ino[f->depth] = (uint64_t)st.st_ino;
		f->depth++;
		int rc = walk(f, path);
		f->depth--;
		return rc;
	}
	if (!S_ISREG(st.st_mode))
		return from_walk ? note(f, "%s: left out (not a regular file%s)", path, "")
				 : ll_err_set(f->err, LL_EIO, "%s: not a regular file", path);
	return add_file(f, path, &st);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(struct finder *f, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return ll_err_errno(f->err, LL_EIO, errno, "%s: cannot read the folder", dir);
	/* A workspace keeps runs/ beside its data: never logs of the fleet. */
	char *ws = join(dir, "loglab.json");
	struct stat wst;
	int is_ws = ws && stat(ws, &wst) == 0;
	free(ws);
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = LL_OK;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		size_t nl = strlen(de->d_name);
		char *full = nl && de->d_name[nl - 1] == '~' ? join(dir, de->d_name) : NULL;
		int skip = skipped_name(de->d_name, full ? full : de->d_name);
		free(full);
		if (skip || (is_ws && strcmp(de->d_name, "runs") == 0))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			char **p = realloc(names, cap * sizeof *p);
			if (!p) {
				rc = ll_err_set(f->err, LL_ENOMEM, "out of memory listing %s", dir);
				break;
			}
			names = p;
		}
		if (!(names[n] = strdup(de->d_name))) {
			rc = ll_err_set(f->err, LL_ENOMEM, "out of memory listing %s", dir);
			break;
		}
		n++;
	}
	closedir(d);
	/* readdir's order is the file system's; sorting keeps notes and
	 * duplicate handling the same from run to run. */
	if (rc == LL_OK && n) /* an empty folder has no array to sort (UBSan) */
		qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		if (rc == LL_OK) {
			char *p = join(dir, names[i]);
			rc = p ? add_path(f, p, 1) : ll_err_set(f->err, LL_ENOMEM, "out of memory");
			free(p);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

/* An archive named by the user (not one met in a folder: a folder of
 * backups is not unpacked behind their back) is the folder it holds. */
static int add_archive(struct finder *f, const char *path)
{
	char *dir = NULL, *what = NULL;
	int rc = ds_archive_extract(path, &dir, &what, f->err);
	if (rc == LL_OK && what)
		rc = note(f, "%s%s", what, "") == LL_OK ? LL_OK : ll_err_set(f->err, LL_ENOMEM, "out of memory");
	if (rc == LL_OK)
		rc = add_path(f, dir, 0);
	free(dir);
	free(what);
	return rc;
}

static int add_spec(struct finder *f, const char *spec)
{
	struct stat st;
	if (stat(spec, &st) == 0)
		return S_ISREG(st.st_mode) && ds_archive_is(spec) ? add_archive(f, spec) : add_path(f, spec, 0);
	if (!strpbrk(spec, "*?[")) {
		int e = errno;
		if (e == ENOENT)
			return ll_err_set(f->err, LL_EIO, "%s: no such file or folder", spec);
		return ll_err_errno(f->err, LL_EIO, e, "%s: cannot read", spec);
	}
	glob_t g;
	int grc = glob(spec, 0, NULL, &g);
	if (grc == GLOB_NOMATCH) {
		globfree(&g);
		return ll_err_set(f->err, LL_EIO, "%s: no such file, and no file matches it as a pattern", spec);
	}
	if (grc != 0) {
		globfree(&g);
		return ll_err_set(f->err, grc == GLOB_NOSPACE ? LL_ENOMEM : LL_EIO, "%s: cannot expand the pattern",
				  spec);
	}
	int rc = LL_OK;
	size_t before = f->l->n;
	for (size_t i = 0; i < g.gl_pathc && rc == LL_OK; i++) {
		const char *slash = strrchr(g.gl_pathv[i], '/');
		if (skipped_name(slash ? slash + 1 : g.gl_pathv[i], g.gl_pathv[i]))
			continue;
		struct stat gst;
		rc = stat(g.gl_pathv[i], &gst) == 0 && S_ISREG(gst.st_mode) && ds_archive_is(g.gl_pathv[i])
			     ? add_archive(f, g.gl_pathv[i])
			     : add_path(f, g.gl_pathv[i], 1);
	}
	globfree(&g);
	if (rc == LL_OK && f->l->n == before)
		return ll_err_set(f->err, LL_EIO, "%s: the pattern matches no log file", spec);
	return rc;
}

/* ---- order and names ---- */

struct sortkey {
	char *key;  /* folder + rotation key: the chain */
	double age;
	size_t at;  /* position in the list before sorting */
};

static int by_chain_then_age(const void *pa, const void *pb)
{
	const struct sortkey *a = pa, *b = pb;
	int c = strverscmp(a->key, b->key);
	if (c)
		return c;
	if (a->age != b->age)
		return a->age > b->age ? -1 : 1;  /* oldest first */
	return a->at < b->at ? -1 : a->at > b->at;
}

/* The longest folder prefix every path shares ("" when none). */
static char *common_root(const struct ds_fleet_list *l)
{
	const char *first = l->e[0].path;
	const char *slash = strrchr(first, '/');
	size_t len = slash ? (size_t)(slash - first) : 0;
	for (size_t i = 1; i < l->n && len; i++) {
		const char *p = l->e[i].path;
		size_t k = 0;
		while (k < len && p[k] == first[k])
			k++;
		/* back to a folder boundary of both */
		while (k > 0 && !(first[k] == '/' && p[k] == '/'))
			k--;
		if (k < len)
			len = k;
	}
	char *r = malloc(len + 1);
	if (r) {
		memcpy(r, first, len);
		r[len] = '\0';
	}
	return r;
}

/* The length of a date stamp opening a file's name and the separator after
 * it ("2023-07-15T21:18:51-", "20240101_", "2024-01-01 "), 0 when none:
 * it says when the file was written, not which machine wrote it. */
static size_t leading_stamp(const char *s)
{
	size_t i = 0, digits = 0;
	/* the date: 8 digits, or 4-2-2 with '-', '_' or '.' between */
	while (isdigit((unsigned char)s[i]) || ((s[i] == '-' || s[i] == '_' || s[i] == '.') && (i == 4 || i == 7)))
		digits += isdigit((unsigned char)s[i++]) != 0;
	if (digits != 8 || (i != 8 && i != 10) || memcmp(s, "19", 2) < 0 || memcmp(s, "21", 2) >= 0)
		return 0;
	/* a clock after it: 'T', '_', '-' or ' ' then digits with ':' or '-' */
	if ((s[i] == 'T' || s[i] == '_' || s[i] == '-' || s[i] == ' ') && isdigit((unsigned char)s[i + 1]) &&
	    isdigit((unsigned char)s[i + 2]) && (s[i + 3] == ':' || s[i + 3] == '-' || isdigit((unsigned char)s[i + 3]))) {
		size_t j = i + 1;
		while (isdigit((unsigned char)s[j]) || s[j] == ':' || (s[j] == '-' && isdigit((unsigned char)s[j + 1])) ||
		       (s[j] == '.' && isdigit((unsigned char)s[j + 1])))
			j++;
		i = j;
	}
	if (s[i] != '-' && s[i] != '_' && s[i] != '.' && s[i] != ' ')
		return 0;
	return i + 1;
}

/* The host a path names: the file's folder below the common one, else its
 * name without a date stamp opening it, its rotation suffix and a last
 * ".ext" of letters (and ".log" before it: "node1.log.txt"). */
static char *path_host(const char *name)
{
	const char *slash = strrchr(name, '/');
	if (slash)
		return strndup(name, (size_t)(slash - name));
	double age;
	/* without the rotation suffix and a date that names the day, not the
	 * machine ("app-2024-01-01.log", "app.2024-01-01.0.log") */
	char *key = malloc(strlen(name) + 1);
	if (!key)
		return NULL;
	size_t k = ds_fleet_chain_key(name, key, &age);
	name = key;
	const char *dot = NULL;
	for (size_t i = k; i-- > 1;)
		if (name[i] == '.') {
			dot = name + i;
			break;
		}
	if (dot) {
		int letters = dot + 1 < name + k;
		for (const char *p = dot + 1; p < name + k; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
				letters = 0;
		if (letters)
			k = (size_t)(dot - name);
	}
	if (dot && k == (size_t)(dot - name) && k > 4 && !strncasecmp(name + k - 4, ".log", 4))
		k -= 4;
	/* the stamp goes only when a name is left after it ("20240101.log"
	 * keeps its date: it is all the name says) */
	size_t from = leading_stamp(name);
	if (from >= k)
		from = 0;
	char *host = strndup(name + from, k - from);
	free(key);
	return host;
}

/* The length of host h without its last k folder names (0 when it has
 * no more than k). */
static size_t host_without_tail(const char *h, size_t k)
{
	size_t len = strlen(h);
	for (size_t i = 0; i < k; i++) {
		while (len && h[len - 1] != '/')
			len--;
		if (!len)
			return 0;
		len--;
	}
	return len;
}

/* Folders every host ends in name no machine: kafka0/logs, kafka1/logs
 * (or node1/var/log, node2/var/log) are the hosts kafka0 and kafka1.
 * When every file sits in a folder of its own below the common one, the
 * trailing folder names all of them share are dropped from every host,
 * as long as each keeps one. */
static void drop_common_host_tail(struct ds_fleet_list *l)
{
	if (l->n < 2)
		return;
	for (size_t i = 0; i < l->n; i++)
		if (!strchr(l->e[i].name, '/'))
			return;
	size_t k = 0;
	for (;; k++) {
		const char *first = l->e[0].host;
		size_t a = host_without_tail(first, k), a1 = host_without_tail(first, k + 1);
		if (!a1)
			break;
		/* the (k+1)th name from the end, of the first host */
		const char *name = first + a1 + 1;
		size_t nlen = a - a1 - 1;
		int shared = 1;
		for (size_t i = 1; i < l->n && shared; i++) {
			const char *h = l->e[i].host;
			size_t b = host_without_tail(h, k), b1 = host_without_tail(h, k + 1);
			shared = b1 && b - b1 - 1 == nlen && memcmp(h + b1 + 1, name, nlen) == 0;
		}
		if (!shared)
			break;
	}
	for (size_t i = 0; k && i < l->n; i++)
		l->e[i].host[host_without_tail(l->e[i].host, k)] = '\0';
}

static int order(struct ds_fleet_list *l, struct ll_err *err)
{
	struct sortkey *k = calloc(l->n, sizeof *k);
	struct ds_fleet_entry *sorted = malloc(l->n * sizeof *sorted);
	if (!k || !sorted) {
		free(k);
		free(sorted);
		return ll_err_set(err, LL_ENOMEM, "out of memory ordering files");
	}
	int rc = LL_OK;
	for (size_t i = 0; i < l->n && rc == LL_OK; i++) {
		k[i].key = ds_fleet_chain_of(l->e[i].path, &k[i].age);
		k[i].at = i;
		if (!k[i].key)
			rc = ll_err_set(err, LL_ENOMEM, "out of memory ordering files");
	}
	if (rc == LL_OK) {
		qsort(k, l->n, sizeof *k, by_chain_then_age);
		size_t chain = 0;
		for (size_t i = 0; i < l->n; i++) {
			if (i && strcmp(k[i].key, k[i - 1].key) != 0)
				chain++;
			sorted[i] = l->e[k[i].at];
			sorted[i].chain = chain;
		}
		memcpy(l->e, sorted, l->n * sizeof *sorted);
		l->nchains = l->n ? chain + 1 : 0;
	}
	for (size_t i = 0; i < l->n; i++)
		free(k[i].key);
	free(k);
	free(sorted);
	if (rc != LL_OK)
		return rc;
	if (!(l->root = common_root(l)))
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	size_t rl = strlen(l->root);
	for (size_t i = 0; i < l->n; i++) {
		const char *p = l->e[i].path;
		const char *rel = rl && strncmp(p, l->root, rl) == 0 && p[rl] == '/' ? p + rl + 1 : p;
		l->e[i].name = strdup(rel);
		l->e[i].host = l->e[i].name ? path_host(l->e[i].name) : NULL;
		if (!l->e[i].host)
			return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	drop_common_host_tail(l);
	if (!rl) {
		free(l->root);
		if (!(l->root = strdup(".")))
			return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	return LL_OK;
}

void ds_fleet_list_free(struct ds_fleet_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->e[i].path);
		free(l->e[i].name);
		free(l->e[i].host);
	}
	free(l->e);
	for (size_t i = 0; i < l->nnotes; i++)
		free(l->notes[i]);
	free(l->notes);
	free(l->root);
	free(l);
}

int ds_fleet_find(const char *const *specs, size_t nspecs, struct ds_fleet_list **out, struct ll_err *err)
{
	*out = NULL;
	ll_err_clear(err);
	struct finder f = {.err = err};
	if (!(f.l = calloc(1, sizeof *f.l)))
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int rc = LL_OK;
	if (!nspecs)
		rc = ll_err_set(err, LL_EUSAGE, "a fleet needs at least one folder, pattern or file");
	for (size_t i = 0; i < nspecs && rc == LL_OK; i++) {
		size_t before = f.l->n;
		rc = add_spec(&f, specs[i]);
		/* (one folder alone: the error says it, once) */
		if (rc == LL_OK && nspecs > 1 && f.l->n == before && ds_fleet_is_spec(specs[i]) && !strpbrk(specs[i], "*?["))
			rc = note(&f, "%s: the folder holds no log or table file%s", specs[i], "") == LL_OK ? LL_OK
											     : LL_ENOMEM;
	}
	if (rc == LL_OK && !f.l->n) {
		/* what was seen and left out (an archive's encrypted members) says why */
		char seen[LL_ERR_MSG_MAX / 2] = "";
		for (size_t i = 0, o = 0; i < f.l->nnotes && o < sizeof seen; i++) {
			int w = snprintf(seen + o, sizeof seen - o, "; %s", f.l->notes[i]);
			o += w > 0 ? (size_t)w : 0;
		}
		rc = ll_err_set(err, LL_EIO, "%s: no log or table files found%s%s", nspecs ? specs[0] : "",
				nspecs > 1 ? " (nor in the other paths)" : "", seen);
	}
	if (rc == LL_OK)
		rc = order(f.l, err);
	if (rc != LL_OK) {
		if (rc == LL_ENOMEM && (!err || !err->msg[0]))
			ll_err_set(err, LL_ENOMEM, "out of memory listing files");
		ds_fleet_list_free(f.l);
		return rc;
	}
	*out = f.l;
	return LL_OK;
}
