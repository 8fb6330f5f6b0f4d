/*
 * cli_build.c - `loglab build FEATURESET`: materialise a feature set of the
 * workspace as numpy .npy files and a manifest.json.
 *
 * Files written into --out (default WORKSPACE/features/FEATURESET/):
 *   X.npy        float32, shape (n, d), or (n, steps, d) for sequences;
 *                sparse text features instead as X_indptr.npy (int64, n+1),
 *                X_indices.npy (int32) and X_data.npy (float32), a CSR
 *                matrix of shape manifest["shape"]
 *   y.npy        int32 class ids (-1 unlabelled), names in manifest["classes"]
 *   split.npy    uint8: 0 train, 1 dev, 2 test
 *   origin.npy   int64: the first source row of each sample
 *   manifest.json shapes, class counts, fitted parameters, fingerprint
 * The .npy format (version 1.0) is numpy's own: a magic string, a header
 * dict padded to a multiple of 64 bytes, then the raw little-endian array.
 * Nothing written depends on the time or the machine: the same recipe,
 * data and seed give the same bytes.
 */
#include "cli.h"
#include "ds_dirswap.h"
#include "ds_header.h"
#include "ds_reader.h"
#include "ds_remote.h"
#include "ds_runs.h"
#include "ds_workspace.h"
#include "ll_colsel.h"
#include "ll_owner.h"
#include "ll_par.h"
#include "ll_recipe.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void build_usage(FILE *out)
{
	fprintf(out,
		"Usage: loglab build FEATURESET [--workspace DIR] [--out DIR] [--json] [--preview]\n"
		"       loglab build --templates PATH... [--out DIR] [--chunk-bytes N] [--json]\n"
		"                    [--format NAME] [--header PATTERN]\n"
		"\n"
		"Builds the feature set FEATURESET declared in the workspace's loglab.json and\n"
		"writes X.npy (or X_indptr/X_indices/X_data.npy when sparse), y.npy, split.npy,\n"
		"origin.npy and manifest.json. Same recipe, data and seed: same bytes. They\n"
		"are put in place only once all are written: a build that fails (a full disk)\n"
		"leaves the earlier one whole.\n"
		"\n"
		"  -w, --workspace DIR  the workspace folder (default .)\n"
		"  -o, --out DIR        where to write (default WORKSPACE/features/FEATURESET)\n"
		"  -p, --preview        print matched columns with statistics and class counts;\n"
		"                       write nothing\n"
		"      --json           print the manifest as JSON\n"
		"  -T, --templates      mine the log templates of files, folders and globs in\n"
		"                       chunks of --chunk-bytes (default 64 MiB) at line\n"
		"                       boundaries: templates.tsv, chunk-N.npy (int32 ids per\n"
		"                       line), manifest.json; each line's message is mined,\n"
		"                       as `label --templates` mines it; under mpirun/srun the\n"
		"                       ranks share the chunks and the ids do not depend on\n"
		"                       their number\n"
		"  -f, --format NAME    with --templates: read every file as format NAME\n"
		"      --header PATTERN with --templates: split log lines with this header,\n"
		"                       e.g. '<time> <level> <component>: <message>' (loglab(1))\n"
		"      --rank-timeout S under MPI: end the job when a rank waits more than S\n"
		"                       seconds for the others (a rank stopped or hung); 0 never;\n"
		"                       default auto (also LOGLAB_RANK_TIMEOUT; loglab train --help)\n"
		"  -h, --help           show this help\n"
		"\n"
		"Exit codes: 0 ok, 1 usage error or a recipe that does not fit the data,\n"
		"2 data error (including an invalid loglab.json), 3 I/O error.\n");
}

/* ------------------------------------------------------------------ .npy */

static int host_little(void)
{
	const uint16_t one = 1;
	return *(const unsigned char *)&one == 1;
}

/* Writes one array; shape has ndim entries; descr without byte order
 * ("f4", "i4", "u1", "i8"). */
int cli_write_npy(const char *dir, const char *name, const char *descr, const size_t *shape, int ndim,
		     const void *data, size_t elsize, struct ll_err *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	char hdr[256], shp[128] = "";
	size_t count = 1;
	for (int i = 0; i < ndim; i++) {
		char one[32];
		snprintf(one, sizeof one, "%zu,%s", shape[i], ndim == 1 || i < ndim - 1 ? " " : "");
		strncat(shp, one, sizeof shp - strlen(shp) - 1);
		count *= shape[i];
	}
	/* "(n, )" is legal for numpy but "(n,)" is what it writes itself */
	size_t sl = strlen(shp);
	while (sl && shp[sl - 1] == ' ')
		shp[--sl] = '\0';
	if (ndim > 1 && sl && shp[sl - 1] == ',')
		shp[--sl] = '\0';
	char bo = strcmp(descr, "u1") == 0 ? '|' : host_little() ? '<' : '>';
	int hl = snprintf(hdr, sizeof hdr, "{'descr': '%c%s', 'fortran_order': False, 'shape': (%s), }", bo, descr,
			  shp);
	size_t total = 10 + (size_t)hl + 1;
	size_t pad = (64 - total % 64) % 64;
	FILE *f = fopen(path, "wb");
	if (!f)
		return ll_err_errno(err, LL_EIO, errno, "%s", path);
	unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0, 0};
	size_t hlen = (size_t)hl + pad + 1;
	pre[8] = (unsigned char)(hlen & 0xff);
	pre[9] = (unsigned char)(hlen >> 8);
	int ok = fwrite(pre, 1, 10, f) == 10 && fwrite(hdr, 1, (size_t)hl, f) == (size_t)hl;
	for (size_t i = 0; ok && i < pad; i++)
		ok = fputc(' ', f) != EOF;
	ok = ok && fputc('\n', f) != EOF;
	ok = ok && (count == 0 || fwrite(data, elsize, count, f) == count);
	if (fclose(f) != 0)
		ok = 0;
	if (!ok)
		return ll_err_errno(err, LL_EIO, errno, "%s: write failed", path);
	return LL_OK;
}

/* What a build writes. Each is written as NAME.part-TAG (ll_owner.h) first (in a
 * staging folder beside a folder of the build's own, build_folder) and
 * renamed into place only when every one was written (a rename needs no room):
 * a build that fails (a full disk) leaves the previous one whole, not
 * arrays of two builds under one manifest. The parts are the process's
 * own and the renames are made under a lock of the folder: two builds of
 * one feature set at once shared NAME.part, renamed each other's files
 * half written, and each removed the arrays it had not written itself,
 * the other's just put in (the folder was left empty). */
static const char *const build_files[] = {"X_indptr.npy", "X_indices.npy", "X_data.npy", "X.npy",
					  "y.npy",        "split.npy",     "origin.npy", "manifest.json"};
#define NBUILD_FILES (sizeof build_files / sizeof *build_files)

/* dir/NAME.part-TAG of this process (ll_owner.h: its pid and host). */
static void part_path(char *out, size_t cap, const char *dir, const char *name)
{
	char tag[64];
	ll_owner_tag(tag, sizeof tag);
	snprintf(out, cap, "%s/%s.part-%s", dir, name, tag);
}

/* A message about dir/NAME.part-TAG names dir/NAME, the file the user will
 * look for. */
static void name_final(struct ll_err *err)
{
	/* the folder's too: a build is staged in DIR.part-TAG */
	for (char *at; err && (at = strstr(err->msg, ".part-")) != NULL;) {
		size_t skip = 6 + ll_owner_tag_len(at + 6);
		memmove(at, at + skip, strlen(at + skip) + 1);
	}
}

static int put_npy(const char *dir, const char *name, const char *descr, const size_t *shape, int ndim,
		   const void *data, size_t elsize, struct ll_err *err)
{
	char part[256], tag[64];
	ll_owner_tag(tag, sizeof tag);
	snprintf(part, sizeof part, "%s.part-%s", name, tag);
	int rc = cli_write_npy(dir, part, descr, shape, ndim, data, elsize, err);
	if (rc != LL_OK)
		name_final(err);
	return rc;
}

/* The parts a build killed midway left in dir (NAME.part-TAG of a process
 * that is gone, or NAME.part of versions before the PID): removed, so they
 * neither fill the disk nor count as this build's. */
static void remove_stale_parts(const char *dir)
{
	DIR *d = opendir(dir);
	size_t dl = strlen(dir);
	for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
		char *dot = strstr(e->d_name, ".part");
		if (!dot)
			continue;
		int ours = 0;
		for (size_t i = 0; i < NBUILD_FILES; i++)
			ours |= (size_t)(dot - e->d_name) == strlen(build_files[i]) &&
				strncmp(e->d_name, build_files[i], strlen(build_files[i])) == 0;
		if (!ours)
			continue;
		if (dot[5] == '-') {
			/* a part of another host sharing the folder is left
			 * alone until a day untouched (ll_owner.h) */
			char p[4096];
			struct stat st;
			snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
			if (lstat(p, &st) != 0 || !ll_owner_gone(dot + 6, st.st_mtime, time(NULL)))
				continue;
		} else if (dot[5] != '\0') {
			continue;
		}
		char *p = malloc(dl + strlen(e->d_name) + 2);
		if (p) {
			sprintf(p, "%s/%s", dir, e->d_name);
			unlink(p);
			free(p);
		}
	}
	if (d)
		closedir(d);
}

/* 1 when dir holds nothing but what builds write (their files and parts),
 * or nothing: a folder of the build's own, published whole (staged
 * beside it and swapped in, ds_dirswap.h). A folder given by --out that
 * holds other files is the user's: the build's files are put in one by
 * one, under the folder's lock. */
static int build_folder(const char *dir)
{
	/* "out/", "." or "..": no name to stage beside */
	const char *name = strrchr(dir, '/');
	name = name ? name + 1 : dir;
	if (!*name || !strcmp(name, ".") || !strcmp(name, ".."))
		return 0;
	DIR *d = opendir(dir);
	int own = d != NULL;
	for (struct dirent *e; own && (e = readdir(d)) != NULL;) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		const char *dot = strstr(e->d_name, ".part");
		size_t base = dot ? (size_t)(dot - e->d_name) : strlen(e->d_name);
		int known = 0;
		for (size_t i = 0; i < NBUILD_FILES && !known; i++)
			known = strlen(build_files[i]) == base && strncmp(e->d_name, build_files[i], base) == 0;
		own = known;
	}
	if (d)
		closedir(d);
	return own;
}

/* An exclusive lock of the folder dir (flock of the folder itself: no file
 * of its own), waiting for another build's renames; the descriptor, or -1
 * with err set. Waits at most a minute: a build stopped (^Z) while it held
 * the lock is no hang. */
static int lock_folder(const char *dir, struct ll_err *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		ll_err_errno(err, LL_EIO, errno, "%s: cannot open it", dir);
		return -1;
	}
	for (int waited = 0; flock(fd, LOCK_EX | LOCK_NB) != 0; waited++) {
		if ((errno != EWOULDBLOCK && errno != EINTR) || waited == 6000) {
			ll_err_errno(err, LL_EIO, errno, "%s: cannot lock it (another build of it holds it)", dir);
			close(fd);
			return -1;
		}
		usleep(10000);
	}
	return fd;
}

/* Every part of this process in dir into place, and the files of the other
 * kind of X (sparse or dense) an earlier build left removed; or (keep 0)
 * every part of this process removed. */
static int finish_parts(const char *dir, int keep, struct ll_err *err)
{
	char part[4096], final[4096];
	if (!keep) {
		for (size_t i = 0; i < NBUILD_FILES; i++) {
			part_path(part, sizeof part, dir, build_files[i]);
			unlink(part);
		}
		return LL_OK;
	}
	int lock = lock_folder(dir, err);
	if (lock < 0) {
		finish_parts(dir, 0, NULL);
		return LL_EIO;
	}
	int rc = LL_OK;
	for (size_t i = 0; i < NBUILD_FILES && rc == LL_OK; i++) {
		part_path(part, sizeof part, dir, build_files[i]);
		snprintf(final, sizeof final, "%s/%s", dir, build_files[i]);
		if (access(part, F_OK) == 0) {
			if (rename(part, final) != 0)
				rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot rename it to %s", part, final);
		} else {
			unlink(final); /* an earlier build's, of the other kind */
		}
	}
	close(lock);
	if (rc != LL_OK)
		finish_parts(dir, 0, NULL);
	return rc;
}

static int write_arrays(const char *dir, const struct ll_featmat *m, struct ll_err *err)
{
	int rc;
	size_t n = m->n;
	if (m->sparse) {
		const struct ll_csr *c = m->sparse;
		int64_t *ip = malloc((c->rows + 1) * sizeof *ip);
		if (!ip)
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		for (size_t i = 0; i <= c->rows; i++)
			ip[i] = (int64_t)c->indptr[i];
		size_t s1 = c->rows + 1, s2 = c->indptr[c->rows];
		rc = put_npy(dir, "X_indptr.npy", "i8", &s1, 1, ip, sizeof *ip, err);
		free(ip);
		if (rc == LL_OK)
			rc = put_npy(dir, "X_indices.npy", "i4", &s2, 1, c->indices, sizeof *c->indices, err);
		if (rc == LL_OK)
			rc = put_npy(dir, "X_data.npy", "f4", &s2, 1, c->values, sizeof *c->values, err);
	} else {
		size_t sh[3] = {n, m->steps, m->d};
		if (m->steps == 1) {
			sh[1] = m->d;
			rc = put_npy(dir, "X.npy", "f4", sh, 2, m->X, sizeof *m->X, err);
		} else {
			rc = put_npy(dir, "X.npy", "f4", sh, 3, m->X, sizeof *m->X, err);
		}
	}
	if (rc)
		return rc;
	int32_t *y = malloc((n ? n : 1) * sizeof *y);
	int64_t *o = malloc((n ? n : 1) * sizeof *o);
	if (!y || !o) {
		free(y);
		free(o);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		y[i] = m->y[i];
		o[i] = m->origin ? (int64_t)m->origin[i] : (int64_t)i;
	}
	rc = put_npy(dir, "y.npy", "i4", &n, 1, y, sizeof *y, err);
	if (rc == LL_OK)
		rc = put_npy(dir, "split.npy", "u1", &n, 1, m->split, 1, err);
	if (rc == LL_OK)
		rc = put_npy(dir, "origin.npy", "i8", &n, 1, o, sizeof *o, err);
	free(y);
	free(o);
	return rc;
}

/* ------------------------------------------------------------ manifest */

static cJSON *counts_obj(const struct ll_recipe_manifest *m, const size_t *counts)
{
	cJSON *o = cJSON_CreateObject();
	for (size_t k = 0; k < m->nclasses; k++)
		cJSON_AddNumberToObject(o, m->classes[k], (double)counts[k]);
	return o;
}

static cJSON *manifest_json(const char *fsname, const struct ds_ws_featureset *fs, const struct ds_ws_dataset *d,
			    uint64_t data_size, const char *data_sha, const char *labels_sha, const char *fingerprint,
			    const struct ll_featmat *fm, const struct ll_recipe_manifest *m)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "featureset", fsname);
	cJSON_AddStringToObject(o, "fingerprint", fingerprint);
	cJSON *ds = cJSON_AddObjectToObject(o, "dataset");
	cJSON_AddStringToObject(ds, "name", d->name);
	char *shown = ds_url_redact(d->path); /* a URL's password stays out of the manifest */
	cJSON_AddStringToObject(ds, "path", shown ? shown : "");
	free(shown);
	cJSON_AddNumberToObject(ds, "size", (double)data_size);
	cJSON_AddStringToObject(ds, "sha256", data_sha);
	if (labels_sha)
		cJSON_AddStringToObject(ds, "labels_sha256", labels_sha);
	cJSON_AddItemToObject(o, "recipe", ds_recipe_to_json(&fs->recipe, fs->dataset, 1));
	cJSON *sh = cJSON_AddArrayToObject(o, "shape");
	cJSON_AddItemToArray(sh, cJSON_CreateNumber((double)m->n));
	if (m->steps > 1)
		cJSON_AddItemToArray(sh, cJSON_CreateNumber((double)m->steps));
	cJSON_AddItemToArray(sh, cJSON_CreateNumber((double)m->d));
	cJSON_AddBoolToObject(o, "sparse", m->sparse);
	if (m->sparse)
		cJSON_AddNumberToObject(o, "nnz", (double)m->nnz);
	cJSON_AddNumberToObject(o, "rows_in", (double)m->rows_in);
	cJSON_AddNumberToObject(o, "rows_used", (double)m->rows_used);
	cJSON_AddNumberToObject(o, "nan_filled", (double)m->nan_filled);
	cJSON_AddNumberToObject(o, "nan_dropped", (double)m->nan_dropped);
	cJSON *cols = cJSON_AddArrayToObject(o, "columns");
	for (size_t j = 0; j < m->ncols; j++)
		cJSON_AddItemToArray(cols, cJSON_CreateString(m->columns[j]));
	cJSON *fn = cJSON_AddArrayToObject(o, "features");
	for (size_t j = 0; j < fm->d; j++)
		cJSON_AddItemToArray(fn, cJSON_CreateString(fm->names[j] ? fm->names[j] : ""));
	cJSON *cl = cJSON_AddArrayToObject(o, "classes");
	for (size_t k = 0; k < m->nclasses; k++)
		cJSON_AddItemToArray(cl, cJSON_CreateString(m->classes[k]));
	cJSON *cc = cJSON_AddObjectToObject(o, "class_counts");
	cJSON_AddItemToObject(cc, "all", counts_obj(m, m->counts_all));
	cJSON_AddItemToObject(cc, "train", counts_obj(m, m->counts_part[0]));
	cJSON_AddItemToObject(cc, "dev", counts_obj(m, m->counts_part[1]));
	cJSON_AddItemToObject(cc, "test", counts_obj(m, m->counts_part[2]));
	cJSON_AddItemToObject(cc, "train_after_rebalancing", counts_obj(m, m->counts_train_after));
	cJSON_AddNumberToObject(o, "unlabelled", (double)m->unlabelled);
	cJSON *parts = cJSON_AddObjectToObject(o, "parts");
	cJSON_AddNumberToObject(parts, "train", (double)m->parts[0]);
	cJSON_AddNumberToObject(parts, "dev", (double)m->parts[1]);
	cJSON_AddNumberToObject(parts, "test", (double)m->parts[2]);
	if (m->class_weight) {
		cJSON *cw = cJSON_AddObjectToObject(o, "class_weight");
		for (size_t k = 0; k < m->nclasses; k++)
			cJSON_AddNumberToObject(cw, m->classes[k], m->class_weight[k]);
	} else {
		cJSON_AddNullToObject(o, "class_weight");
	}
	if (m->has_leakage) {
		cJSON *lk = cJSON_AddObjectToObject(o, "leakage");
		cJSON_AddNumberToObject(lk, "test_samples", (double)m->leakage.test_samples);
		cJSON_AddNumberToObject(lk, "test_seen", (double)m->leakage.test_seen);
		cJSON_AddNumberToObject(lk, "test_templates", (double)m->leakage.test_templates);
		cJSON_AddNumberToObject(lk, "shared_templates", (double)m->leakage.shared_templates);
		cJSON_AddNumberToObject(lk, "fraction", m->leakage.fraction);
	} else {
		cJSON_AddNullToObject(o, "leakage");
	}
	if (m->ntemplates)
		cJSON_AddNumberToObject(o, "templates", (double)m->ntemplates);
	if (m->scaler_text)
		cJSON_AddStringToObject(o, "scaler", m->scaler_text);
	if (m->imputer_text)
		cJSON_AddStringToObject(o, "imputer", m->imputer_text);
	if (m->tfidf_text)
		cJSON_AddStringToObject(o, "tfidf", m->tfidf_text);
	if (m->w2v_summary)
		cJSON_AddStringToObject(o, "w2v", m->w2v_summary);
	cJSON *w = cJSON_AddArrayToObject(o, "warnings");
	for (size_t i = 0; i < m->nwarnings; i++)
		cJSON_AddItemToArray(w, cJSON_CreateString(m->warnings[i]));
	cJSON *files = cJSON_AddArrayToObject(o, "files");
	const char *const dense[] = {"X.npy", "y.npy", "split.npy", "origin.npy"};
	const char *const sparse[] = {"X_indptr.npy", "X_indices.npy", "X_data.npy", "y.npy", "split.npy",
				      "origin.npy"};
	if (m->sparse)
		for (size_t i = 0; i < 6; i++)
			cJSON_AddItemToArray(files, cJSON_CreateString(sparse[i]));
	else
		for (size_t i = 0; i < 4; i++)
			cJSON_AddItemToArray(files, cJSON_CreateString(dense[i]));
	return o;
}

/* ------------------------------------------------------------- loading */

/* r is the recipe built, with the defaults the data decided: a log's
 * feature set that sets no "text" is TF-IDF of its messages, whose column
 * has no number statistics (the given recipe's text "none" printed their
 * header over no row). */
static void print_preview(const struct ll_table *t, const struct ll_recipe *r, const struct ll_recipe_manifest *m)
{
	printf("columns matched: %zu\n", m->ncols);
	if (r->text == LL_TEXT_NONE && r->window != LL_RWIN_SESSION && r->window != LL_RWIN_TIME) {
		printf("  %-32s %8s %8s %12s %12s %12s %12s\n", "column", "count", "missing", "mean", "std", "min",
		       "max");
		for (size_t j = 0; j < m->ncols; j++) {
			int c = ll_table_find_column(t, m->columns[j]);
			struct ll_colstats st;
			if (c < 0 || ll_colstats_column(t, (size_t)c, &st, NULL) != LL_OK)
				continue;
			printf("  %-32s %8zu %8zu %12.6g %12.6g %12.6g %12.6g\n", cli_safe(m->columns[j]), st.count, st.missing,
			       st.mean, st.std, st.min, st.max);
		}
	} else {
		for (size_t j = 0; j < m->ncols; j++)
			printf("  %s\n", cli_safe(m->columns[j]));
	}
}

static void print_summary(const char *fsname, const struct ds_ws_dataset *d, const struct ll_recipe_manifest *m,
			  const char *fingerprint)
{
	if (m->steps > 1)
		printf("featureset %s: %zu samples x %zu steps x %zu features (dense) from %zu rows of %s\n",
		       cli_safe(fsname), m->n, m->steps, m->d, m->rows_in, cli_safe(d->name));
	else
		printf("featureset %s: %zu samples x %zu features (%s) from %zu rows of %s\n", cli_safe(fsname), m->n,
		       m->d, m->sparse ? "sparse" : "dense", m->rows_in, cli_safe(d->name));
	printf("parts: train %zu, dev %zu, test %zu\n", m->parts[0], m->parts[1], m->parts[2]);
	if (m->nclasses) {
		printf("  %-24s %8s %8s %8s %8s %14s\n", "class", "all", "train", "dev", "test", "train after");
		for (size_t k = 0; k < m->nclasses; k++)
			printf("  %-24s %8zu %8zu %8zu %8zu %14zu\n", cli_safe(m->classes[k]), m->counts_all[k],
			       m->counts_part[0][k], m->counts_part[1][k], m->counts_part[2][k], m->counts_train_after[k]);
	}
	if (m->unlabelled)
		printf("unlabelled: %zu\n", m->unlabelled);
	if (m->has_leakage)
		printf("leakage: %zu of %zu test lines have a template seen in training (%.1f%%)\n", m->leakage.test_seen,
		       m->leakage.test_samples, 100.0 * m->leakage.fraction);
	printf("fingerprint: %s\n", fingerprint);
}

static int mkdir_p(const char *path, struct ll_err *err)
{
	char buf[4096];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) != 0 && errno != EEXIST)
			return ll_err_errno(err, LL_EIO, errno, "%s: cannot create it", buf);
		*p = '/';
	}
	if (mkdir(buf, 0777) != 0 && errno != EEXIST)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot create it", buf);
	return LL_OK;
}

int cli_build(int argc, char **argv)
{
	static const struct option opts[] = {{"workspace", required_argument, NULL, 'w'},
					     {"out", required_argument, NULL, 'o'},
					     {"json", no_argument, NULL, 'j'},
					     {"preview", no_argument, NULL, 'p'},
					     {"templates", no_argument, NULL, 'T'},
					     {"chunk-bytes", required_argument, NULL, 'C'},
					     {"format", required_argument, NULL, 'f'},
					     {"header", required_argument, NULL, 'H'},
					     {"rank-timeout", required_argument, NULL, 'R'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *wsdir = ".", *outdir = NULL, *format = NULL, *header = NULL;
	int json = 0, preview = 0, templates = 0, c;
	uint64_t chunk = (uint64_t)64 << 20;
	optind = 1;
	while ((c = getopt_long(argc, argv, "w:o:f:pTh", opts, NULL)) != -1) {
		switch (c) {
		case 'w':
			wsdir = optarg;
			break;
		case 'o':
			outdir = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'p':
			preview = 1;
			break;
		case 'T':
			templates = 1;
			break;
		case 'f':
			format = optarg;
			break;
		case 'H':
			header = optarg;
			break;
		case 'R':
			if (cli_par_timeout(optarg, "--rank-timeout"))
				return 1;
			break;
		case 'C': {
			char *end;
			unsigned long long v = strtoull(optarg, &end, 10);
			if (*end || v < 1) {
				fprintf(stderr, "%s build: --chunk-bytes wants a positive number of bytes, got '%s'\n",
					cli_progname, optarg);
				return 1;
			}
			chunk = v;
			break;
		}
		case 'h':
			build_usage(stdout);
			return 0;
		default:
			build_usage(stderr);
			return 1;
		}
	}
	if ((format || header) && !templates) {
		fprintf(stderr, "%s build: --format and --header go with --templates (a feature set's dataset has its own)\n",
			cli_progname);
		return 1;
	}
	if (format && !ds_format_known(format)) {
		fprintf(stderr, "%s build: unknown format '%s' (see `loglab info --formats`)\n", cli_progname,
			cli_safe(format));
		return 1;
	}
	if (header) {
		struct ds_header *h = NULL;
		struct ll_err herr;
		if (ds_header_compile(header, &h, &herr) != LL_OK) {
			fprintf(stderr, "%s build: %s\n", cli_progname, herr.msg);
			return 1;
		}
		ds_header_free(h);
	}
	if (templates)
		return cli_build_templates(argc, argv, optind, outdir, chunk, json, format, header);
	/* A feature set is built whole (its fit needs every training row):
	 * under several ranks rank 0 builds and writes it, the others wait. */
	if (ll_par_size() > 1) {
		if (ll_par_rank() != 0)
			return 0;
		ll_par_solo(); /* the others wait for it at the end */
		fprintf(stderr, "%s: note: a feature set is built by rank 0 alone; `build --templates` and `train` spread "
			"over the ranks (docs/scale.md)\n", cli_progname);
	}
	if (argc - optind != 1) {
		fprintf(stderr, "%s build: name one feature set (see --help)\n", cli_progname);
		return 1;
	}
	const char *fsname = argv[optind];
	struct ll_err err;
	ll_err_clear(&err);
	struct ds_workspace *ws = NULL;
	struct ds_fsdata fsd;
	memset(&fsd, 0, sizeof fsd);
	char *outbuf = NULL;
	cJSON *mj = NULL;
	int rc = ds_workspace_load(wsdir, &ws, &err);
	if (rc)
		return cli_fail(rc, &err);
	const struct ds_ws_featureset *fs = ds_workspace_featureset(ws, fsname);
	if (!fs) {
		const char **names = malloc((ws->nfeaturesets + 1) * sizeof *names);
		for (size_t i = 0; names && i < ws->nfeaturesets; i++)
			names[i] = ws->featuresets[i].name;
		const char *dym = names ? ds_did_you_mean(fsname, names, ws->nfeaturesets) : NULL;
		fprintf(stderr, "%s build: %s has no feature set \"%s\"%s%s%s\n", cli_progname, cli_safe(ws->file),
			cli_safe(fsname), dym ? " (did you mean \"" : "", dym ? cli_safe(dym) : "", dym ? "\"?)" : "");
		free(names);
		ds_workspace_free(ws);
		return 1;
	}
	const struct ds_ws_dataset *d = ds_workspace_dataset(ws, fs->dataset);
	/* the same loading as train, eval and predict (journal overlaid,
	 * fingerprints), so a build and a run agree on the feature set */
	if ((rc = ds_fs_load_named(fsname, d->path, d->format, d->labels, &fs->recipe, &fsd, &err)) != LL_OK)
		goto out;
	const struct ll_table *t = fsd.t;
	const struct ll_recipe_manifest *man = &fsd.man;
	const char *fp = fsd.fingerprint;
	mj = manifest_json(fsname, fs, d, fsd.data_size, fsd.data_sha, fsd.labels_sha[0] ? fsd.labels_sha : NULL, fp,
			   &fsd.fm, &fsd.man);
	if (!mj) {
		rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
		goto out;
	}
	if (preview) {
		if (json) {
			char *s = cJSON_Print(mj);
			if (s)
				puts(s);
			free(s);
		} else {
			print_preview(t, &fsd.recipe, man);
			print_summary(fsname, d, man, fp);
		}
		for (size_t i = 0; i < man->nwarnings; i++)
			fprintf(stderr, "%s: warning: %s\n", cli_progname, cli_safe(man->warnings[i]));
		goto out;
	}
	if (!outdir) {
		size_t n = strlen(ws->dir) + strlen(fsname) + 16;
		outbuf = malloc(n);
		if (!outbuf) {
			rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
			goto out;
		}
		snprintf(outbuf, n, "%s/features/%s", ws->dir, fsname);
		outdir = outbuf;
	}
	if ((rc = mkdir_p(outdir, &err)) != LL_OK)
		goto out;
	/* A kill during the renames of file after file left arrays of two
	 * builds in the folder; a folder of its own is replaced whole. */
	char *stage = NULL;
	if (build_folder(outdir) && (rc = ds_dir_stage(outdir, &stage, &err)) != LL_OK)
		goto out;
	const char *into = stage ? stage : outdir;
	remove_stale_parts(outdir);
	if ((rc = write_arrays(into, &fsd.fm, &err)) != LL_OK) {
		finish_parts(into, 0, NULL);
		ds_dir_discard(stage);
		free(stage);
		goto out;
	}
	char *s = cJSON_Print(mj);
	if (!s) {
		finish_parts(into, 0, NULL);
		ds_dir_discard(stage);
		free(stage);
		rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
		goto out;
	}
	char mpath[4096];
	part_path(mpath, sizeof mpath, into, "manifest.json");
	FILE *f = fopen(mpath, "w");
	int wrote = f && fputs(s, f) != EOF && fputc('\n', f) != EOF;
	if (f && fclose(f) != 0)
		wrote = 0;
	if (!wrote) {
		rc = ll_err_errno(&err, LL_EIO, errno, "%s: write failed", mpath);
		name_final(&err); /* the file the user will look for */
		finish_parts(into, 0, NULL);
		ds_dir_discard(stage);
		free(stage);
		free(s);
		goto out;
	}
	if ((rc = finish_parts(into, 1, &err)) == LL_OK && stage && (rc = ds_dir_commit(stage, outdir, &err)) != LL_OK)
		ds_dir_discard(stage);
	free(stage);
	if (rc != LL_OK) {
		free(s);
		goto out;
	}
	if (json) {
		puts(s);
	} else {
		print_summary(fsname, d, man, fp);
		printf("wrote %s\n", cli_safe(outdir));
	}
	free(s);
	for (size_t i = 0; i < man->nwarnings; i++)
		fprintf(stderr, "%s: warning: %s\n", cli_progname, cli_safe(man->warnings[i]));
out:
	cJSON_Delete(mj);
	ds_fsdata_free(&fsd);
	free(outbuf);
	ds_workspace_free(ws);
	if (rc)
		return cli_fail(rc, &err);
	return 0;
}
