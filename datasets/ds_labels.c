/*
 * ds_labels.c - glue between a browsable dataset and the label journal.
 *
 * A fleet's labels stay per file: each file's own journal (FILE.labels,
 * recording the file's line numbers), so labels made on the fleet show
 * when the file is opened alone or in another fleet, and files added to
 * the fleet later bring theirs (ll_labels_attach_parts).
 */
#include "ds_labels.h"
#include "ds_labels_chain.h"
#include "ds_archive.h"
#include "ds_cache.h"
#include "ds_latin1.h"
#include "ds_stdin.h"
#include "ds_remote.h"
#include "ds_workspace.h"
#include "ll_journal.h"

#include <pwd.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The user's data folder for journals: $XDG_DATA_HOME/loglab/labels, else
 * ~/.local/share/loglab/labels, into dir. Without HOME (a service, a cron
 * job) the home is the password file's: it was /tmp, a folder every user
 * can write, where another user could have put a link named as the
 * journal. A relative XDG_DATA_HOME is ignored, as the XDG spec says. */
static void labels_data_dir(char *dir, size_t cap)
{
	const char *base = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	if (base && base[0] == '/') {
		snprintf(dir, cap, "%s/loglab/labels", base);
		return;
	}
	if (!home || home[0] != '/') {
		struct passwd *pw = getpwuid(getuid());
		/* none: a folder that cannot be made, so writing fails by name */
		home = pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : "/nonexistent";
	}
	snprintf(dir, cap, "%s/.local/share/loglab/labels", home);
}

void ds_labels_apart_folder(char *dir, size_t cap)
{
	labels_data_dir(dir, cap);
	strncat(dir, "/apart", cap - strlen(dir) - 1);
}

/* mkdir -p of path's folders (its last part excluded). */
static void make_parents(const char *path)
{
	char mk[4096];
	for (const char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		snprintf(mk, sizeof mk, "%.*s", (int)(p - path), path);
		mkdir(mk, 0755);
	}
}

/* A URL has no folder of its own: its journal lives in the user's data
 * folder under a name made from the URL. */
static char *url_journal_path(const char *url)
{
	char dir[4096];
	labels_data_dir(dir, sizeof dir);
	make_parents(dir);
	mkdir(dir, 0755);
	/* named from the URL without its password, which must not sit in a file name */
	char *shown = ds_url_redact(url);
	if (!shown)
		return NULL;
	url = shown;
	size_t n = strlen(url), cap = strlen(dir) + n + 32;
	char *p = malloc(cap);
	if (!p) {
		free(shown);
		return NULL;
	}
	int used = snprintf(p, cap, "%s/", dir);
	for (size_t i = 0; i < n && (size_t)used + 8 < cap; i++) {
		char c = url[i];
		p[used++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
					    c == '-'
				    ? c
				    : '_';
	}
	snprintf(p + used, cap - (size_t)used, ".labels");
	free(shown);
	return p;
}

/* A file of an archive unpacked into the cache (ds_archive.h): labels are
 * the user's work and a cache may be cleared at any time, so its journal
 * lives in the data folder, under the archive's real path (from the
 * unpacked folder's marker) and the member's name: the same archive
 * unpacked again, or a newer copy at the same path, finds it, as a file's
 * journal beside it does. NULL for a path outside the cache. */
static char *archive_journal_path(const char *path)
{
	char *cache = ds_cache_path("archives");
	size_t k = cache ? strlen(cache) : 0;
	int inside = cache && strncmp(path, cache, k) == 0 && path[k] == '/';
	if (!inside) {
		free(cache);
		return NULL;
	}
	const char *member = strchr(path + k + 1, '/'); /* past the unpacked folder's name */
	char marker[4096], real[4096] = "";
	snprintf(marker, sizeof marker, "%.*s/" DS_ARCHIVE_MARKER, (int)(member ? member - path : (ptrdiff_t)strlen(path)),
		 path);
	free(cache);
	FILE *m = fopen(marker, "r");
	if (m && fgets(real, sizeof real, m))
		real[strcspn(real, "\n")] = '\0';
	if (m)
		fclose(m);
	char dir[4096];
	labels_data_dir(dir, sizeof dir);
	/* the real path made one folder name; without a marker, the folder's own name */
	const char *owner = real[0] ? real : path + k + 1;
	size_t olen = real[0] ? strlen(real) : (size_t)(member ? member - owner : (ptrdiff_t)strlen(owner));
	size_t cap = strlen(dir) + olen + (member ? strlen(member) : 0) + sizeof "/archives/.labels";
	char *p = malloc(cap);
	if (!p)
		return NULL;
	int o = snprintf(p, cap, "%s/archives/", dir);
	for (size_t i = 0; i < olen && (size_t)o + 1 < cap; i++)
		p[o++] = owner[i] == '/' ? '_' : owner[i];
	snprintf(p + o, cap - (size_t)o, "%s.labels", member ? member : "");
	make_parents(p);
	return p;
}

/* The journal of a file kept apart from it, in the user's data folder:
 * labels/apart/<name>-<16 hex digits of its absolute path>.labels (the
 * name for people, the hash for files of one name in two folders). */
static char *apart_journal_path(const char *path)
{
	char *abs = realpath(path, NULL);
	const char *full = abs ? abs : path;
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (const unsigned char *c = (const unsigned char *)full; *c; c++)
		h = (h ^ *c) * 1099511628211u;
	const char *base = strrchr(full, '/') ? strrchr(full, '/') + 1 : full;
	char dir[4096];
	labels_data_dir(dir, sizeof dir);
	size_t cap = strlen(dir) + strlen(base) + 64;
	char *p = malloc(cap);
	if (p)
		snprintf(p, cap, "%s/apart/%s-%016llx.labels", dir, base, (unsigned long long)h);
	free(abs);
	return p;
}

/* Whether loglab may create files in path's folder. */
static int folder_writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else
		snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	return access(dir, W_OK) == 0;
}

char *ds_labels_default_path(const char *dataset_path)
{
	if (ds_is_url(dataset_path))
		return url_journal_path(dataset_path);
	char *in_data = archive_journal_path(dataset_path);
	if (in_data)
		return in_data;
	size_t n = strlen(dataset_path);
	char *p = malloc(n + sizeof ".labels");
	if (!p)
		return NULL;
	memcpy(p, dataset_path, n);
	memcpy(p + n, ".labels", sizeof ".labels");
	/* beside the file whenever it is there or can be; else (a read-only
	 * mount, /var/log for a user) apart, and there from then on */
	struct stat st;
	if (stat(p, &st) == 0)
		return p;
	/* views ask this of every dataset a few times a second: the absolute
	 * path is made only when a journal may be apart (the folder of such
	 * journals exists, or this file's folder cannot be written) */
	char dir[4096];
	labels_data_dir(dir, sizeof dir);
	strncat(dir, "/apart", sizeof dir - strlen(dir) - 1);
	int writable = folder_writable(dataset_path);
	if (writable && stat(dir, &st) != 0)
		return p;
	char *apart = apart_journal_path(dataset_path);
	if (apart && (stat(apart, &st) == 0 || !writable)) {
		free(p);
		make_parents(apart);
		return apart;
	}
	free(apart);
	return p;
}

int ds_labels_kept_apart(const char *dataset_path, const char *journal)
{
	size_t n = strlen(dataset_path);
	if (!journal || ds_is_url(dataset_path) ||
	    (strncmp(journal, dataset_path, n) == 0 && strcmp(journal + n, ".labels") == 0))
		return 0;
	/* in the data folder's apart/, not any folder of that name (--journal
	 * ~/apart/x.labels was said to be kept apart) */
	char dir[4096];
	labels_data_dir(dir, sizeof dir);
	strncat(dir, "/apart/", sizeof dir - strlen(dir) - 1);
	return strncmp(journal, dir, strlen(dir)) == 0;
}

size_t ds_labels_fleet_apart(const struct ds_dataset *ds, char *first, size_t cap)
{
	size_t apart = 0;
	if (cap)
		*first = '\0';
	for (size_t i = 0; ds_dataset_is_fleet(ds) && i < ds_dataset_nfiles(ds); i++) {
		const char *file = ds_dataset_file_path(ds, i);
		char *journal = ds_labels_default_path(file);
		if (journal && ds_labels_kept_apart(file, journal) && apart++ == 0 && cap)
			snprintf(first, cap, "%s", journal);
		free(journal);
	}
	return apart;
}

/* The hash of text as the file has it: a Latin-1 file's bytes, not the
 * UTF-8 it is read as, so journals written before it was converted (or
 * by another version) still apply. */
static uint32_t file_hash(const struct ds_dataset *ds, size_t row, char *text, size_t n)
{
	return ll_line_hash(text, ds_dataset_row_latin1(ds, row) ? ds_latin1_from_utf8(text, n) : n);
}

/* file_hash of text[0, n) without changing it: copied into stackbuf when
 * it fits, else into a buffer of its own (when none can be had, its first
 * bytes, as ds_labels_row_hash's text would be). */
static uint32_t file_hash_copy(const struct ds_dataset *ds, size_t row, const char *text, size_t n, char *stackbuf,
			       size_t cap)
{
	char *copy = n < cap ? stackbuf : malloc(n + 1);
	if (!copy) {
		copy = stackbuf;
		n = cap - 1;
	}
	memcpy(copy, text, n);
	uint32_t h = file_hash(ds, row, copy, n);
	if (copy != stackbuf)
		free(copy);
	return h;
}

uint32_t ds_labels_row_hash(struct ds_dataset *ds, size_t row)
{
	const char *text;
	size_t len;
	char stackbuf[4096];
	/* most logs: the text read where it lies in the line, not copied out
	 * of a split; a Latin-1 file's is converted back to its bytes in a
	 * copy (the dataset's memory is shared) */
	if (ds_dataset_row_text_span(ds, row, &text, &len))
		return ds_dataset_row_latin1(ds, row) ? file_hash_copy(ds, row, text, len, stackbuf, sizeof stackbuf)
						      : ll_line_hash(text, len);
	size_t n = ds_dataset_row_text(ds, row, stackbuf, sizeof stackbuf);
	if (n < sizeof stackbuf)
		return file_hash(ds, row, stackbuf, n);
	/* Long rows (up to the reader's limits) hash whole, not truncated. */
	char *big = malloc(n + 1);
	if (!big)
		return file_hash(ds, row, stackbuf, sizeof stackbuf - 1);
	ds_dataset_row_text(ds, row, big, n + 1);
	uint32_t h = file_hash(ds, row, big, n);
	free(big);
	return h;
}

static uint32_t row_hash(void *ctx, size_t row) { return ds_labels_row_hash(ctx, row); }

uint64_t ds_labels_journal_stamp(const char *dataset_path)
{
	if (ds_is_url(dataset_path))
		return 0;
	char *jp = ds_labels_default_path(dataset_path);
	struct stat st;
	int ok = jp && stat(jp, &st) == 0;
	free(jp);
	if (!ok)
		return 0;
	uint64_t parts[5] = {(uint64_t)st.st_dev, (uint64_t)st.st_ino, (uint64_t)st.st_size, (uint64_t)st.st_mtim.tv_sec,
			     (uint64_t)st.st_mtim.tv_nsec};
	uint64_t h = 1469598103934665603ULL;
	for (int i = 0; i < 5; i++)
		h = (h ^ parts[i]) * 1099511628211ULL;
	return h ? h : 1;
}

uint64_t ds_labels_workspace_stamp(const struct ds_workspace *ws)
{
	uint64_t h = 0;
	for (size_t i = 0; ws && i < ws->ndatasets; i++)
		h = (h << 7 | h >> 57) ^ ds_labels_journal_stamp(ws->datasets[i].path);
	return h;
}

/* A fleet's labels go to each file's own journal unless another journal
 * is named: path is the default one of the fleet's title. */
static int fleet_default(struct ds_dataset *ds, const char *path)
{
	char *def = ds_labels_default_path(ds_dataset_path(ds));
	int same = def && strcmp(def, path) == 0;
	free(def);
	return same;
}

/* Every file of the fleet with its journal (FILE.labels) and its lines' rows. */
static int attach_files(struct ds_dataset *ds, struct ll_labels *l, int writable, void (*warn)(void *, const char *),
			void *warn_ctx, struct ll_err *err)
{
	size_t n = ds_dataset_nfiles(ds);
	char **paths = calloc(n ? n : 1, sizeof *paths);
	size_t **rows = calloc(n ? n : 1, sizeof *rows), *nlines = calloc(n ? n : 1, sizeof *nlines);
	int rc = paths && rows && nlines ? LL_OK : ll_err_set(err, LL_ENOMEM, "out of memory");
	for (size_t i = 0; rc == LL_OK && i < n; i++) {
		size_t want = ds_dataset_file_rows(ds, i);
		paths[i] = ds_labels_default_path(ds_dataset_file_path(ds, i));
		rows[i] = malloc((want ? want : 1) * sizeof **rows);
		if (!paths[i] || !rows[i])
			rc = ll_err_set(err, LL_ENOMEM, "out of memory for the rows of %zu files", n);
	}
	/* one pass over the rows' file ids fills every file's list (a fleet
	 * keeps each file's rows in the file's order) */
	size_t total = ll_labels_nrows(l);
	for (size_t r = 0; rc == LL_OK && r < total; r++) {
		size_t i = ds_dataset_row_file(ds, r);
		if (i < n && nlines[i] < ds_dataset_file_rows(ds, i))
			rows[i][nlines[i]++] = r;
	}
	for (size_t i = 0; rc == LL_OK && i < n; i++)
		if (nlines[i] != ds_dataset_file_rows(ds, i))
			rc = ll_err_set(err, LL_EIO, "%s: %zu of its %zu lines found among the rows",
					ds_dataset_file_path(ds, i), nlines[i], ds_dataset_file_rows(ds, i));
	/* labels its lines got under another name of their rotation chain */
	for (size_t i = 0; rc == LL_OK && i < n; i++)
		rc = ds_labels_chain_apply(ds, l, ds_dataset_file_path(ds, i), paths[i], rows[i], nlines[i], warn,
					   warn_ctx, err);
	if (rc == LL_OK)
		rc = ll_labels_attach_parts(l, n, (const char *const *)paths, rows, nlines, row_hash, ds, warn, warn_ctx,
					    err);
	if (rc == LL_OK && writable)
		rc = ll_labels_make_writable(l, err);
	for (size_t i = 0; i < n; i++) {
		if (paths)
			free(paths[i]);
		if (rows)
			free(rows[i]); /* NULL once taken */
	}
	free(paths);
	free(rows);
	free(nlines);
	return rc;
}

int ds_labels_refuse_stdin(struct ll_err *err)
{
	return ll_err_set(err, LL_EUSAGE,
			  "-: labels are kept in a journal beside their file, and standard input has none: save it to "
			  "a file first (... > FILE) and label that");
}

int ds_labels_open(struct ds_dataset *ds, const char *journal_path, int writable, struct ll_labels **out,
		   void (*warn)(void *ctx, const char *msg), void *warn_ctx, struct ll_err *err)
{
	*out = NULL;
	while (!ds_dataset_complete(ds)) {
		struct timespec ts = {0, 2 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	/* labels of a file whose scan stopped early would be journalled
	 * against the wrong number of lines */
	int st = ds_dataset_status(ds, err);
	if (st != LL_OK)
		return st;
	size_t nrows = ds_dataset_nrows(ds);
	struct ll_labels *l = ll_labels_new(nrows);
	if (!l)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory for %zu labels", ds_dataset_path(ds), nrows);
	for (size_t k = 0; k < ds_dataset_nclasses(ds); k++) {
		if (ll_labels_class_id(l, ds_dataset_class_name(ds, k)) != (int)k) {
			ll_labels_free(l);
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", ds_dataset_path(ds));
		}
	}
	for (size_t i = 0; i < nrows; i++) {
		int cls = ds_dataset_label(ds, i);
		/* the class list may grow while lazily split rows reveal labels */
		while (cls >= 0 && (size_t)cls >= ll_labels_nclasses(l))
			ll_labels_class_id(l, ds_dataset_class_name(ds, ll_labels_nclasses(l)));
		if (cls >= 0)
			ll_labels_set_base(l, i, cls);
	}
	if (!journal_path && ds_stdin_is(ds_dataset_path(ds))) {
		/* no file to keep a journal beside: its own labels only */
		if (!writable) {
			*out = l;
			return LL_OK;
		}
		ll_labels_free(l);
		return ds_labels_refuse_stdin(err);
	}
	char *path = journal_path ? strdup(journal_path) : ds_labels_default_path(ds_dataset_path(ds));
	if (!path) {
		ll_labels_free(l);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	if (ds_dataset_is_fleet(ds) && fleet_default(ds, path)) {
		free(path);
		int rc = attach_files(ds, l, writable, warn, warn_ctx, err);
		if (rc != LL_OK) {
			ll_labels_free(l);
			return rc;
		}
		*out = l;
		return LL_OK;
	}
	/* the default journal: labels its lines got under another name of
	 * their rotation chain (app.log.labels for app.log.1) come first,
	 * its own journal's changes over them */
	int rc = LL_OK;
	if (!journal_path || fleet_default(ds, path))
		rc = ds_labels_chain_apply(ds, l, ds_dataset_path(ds), path, NULL, nrows, warn, warn_ctx, err);
	if (rc == LL_OK)
		rc = writable ? ll_labels_attach_journal(l, path, row_hash, ds, warn, warn_ctx, err)
			  : ll_labels_replay_journal(l, path, row_hash, ds, warn, warn_ctx, err);
	free(path);
	if (rc != LL_OK) {
		ll_labels_free(l);
		return rc;
	}
	*out = l;
	return LL_OK;
}
