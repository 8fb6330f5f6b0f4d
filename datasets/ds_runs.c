/*
 * ds_runs.c - run folders, their records and results, stale detection,
 * and loading a feature set for training or for applying a finished run
 * (see ds_runs.h; the folder layout is in docs/runs.md).
 */
#include "config.h"
#include "ds_runs.h"
#include "ds_stdin.h"
#include "ds_onehot.h"
#include "ds_rownames.h"

#include "ds_fleet.h"
#include "ds_fleet_table.h"
#include "ds_run_resume.h"
#include "ll_fileio.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ds_dataset.h"
#include "ds_freshness.h"
#include "ds_labels.h"
#include "ds_reader.h"
#include "ds_remote.h"
#include "ll_cluster_metrics.h"
#include "ll_crossfit.h"
#include "ll_fmt.h"
#include "ll_impute.h"
#include "ll_labels.h"
#include "ll_mat.h"
#include "ll_optim.h"
#include "ll_scale.h"
#include "ll_codes.h"
#include "ll_mask.h"
#include "ll_tfidf.h"
#include "ll_tsvesc.h"

/* ------------------------------------------------------------ files */

int ds_read_text(const char *path, char **text, size_t *len, struct ll_err *err)
{
	*text = NULL;
	FILE *f = ll_fopen_regular(path, err);
	if (!f)
		return LL_EIO;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		if (n + 1 >= cap) {
			char *p = realloc(buf, cap * 2);
			if (!p) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = p;
			cap *= 2;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (!buf)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory reading it", path);
	if (bad) {
		free(buf);
		return ll_err_set(err, LL_EIO, "%s: read error", path);
	}
	buf[n] = '\0';
	*text = buf;
	if (len)
		*len = n;
	return LL_OK;
}

int ds_write_text(const char *path, const char *text, size_t len, struct ll_err *err)
{
	size_t pl = strlen(path) + 32;
	char *tmp = malloc(pl);
	if (!tmp)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	snprintf(tmp, pl, "%s.tmp.%ld", path, (long)getpid());
	ll_remove_dead_temps(path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (fd < 0) {
		int e = errno;
		free(tmp);
		return ll_err_errno(err, LL_EIO, e, "%s: cannot write", path);
	}
	size_t off = 0;
	int rc = LL_OK;
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = ll_err_errno(err, LL_EIO, errno, "%s: write failed", path);
			break;
		}
		off += (size_t)w;
	}
	if (rc == LL_OK && fsync(fd) != 0)
		rc = ll_err_errno(err, LL_EIO, errno, "%s: fsync failed", path);
	if (close(fd) != 0 && rc == LL_OK)
		rc = ll_err_errno(err, LL_EIO, errno, "%s: close failed", path);
	if (rc == LL_OK && rename(tmp, path) != 0)
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot rename into place", path);
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}

int ds_read_json(const char *path, void **out, struct ll_err *err)
{
	char *text;
	*out = NULL;
	int rc = ds_read_text(path, &text, NULL, err);
	if (rc)
		return rc;
	cJSON *j = cJSON_Parse(text);
	free(text);
	if (!j)
		return ll_err_set(err, LL_EDATA, "%s: not valid JSON", path);
	*out = j;
	return LL_OK;
}

int ds_write_json(const char *path, const void *json, struct ll_err *err)
{
	char *s = cJSON_Print(json);
	if (!s)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	size_t n = strlen(s);
	char *t = realloc(s, n + 2);
	if (!t) {
		free(s);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	t[n] = '\n';
	t[n + 1] = '\0';
	int rc = ds_write_text(path, t, n + 1, err);
	free(t);
	return rc;
}

static cJSON *num_or_null(double v);

static void sha_hex(const void *data, size_t n, char out[DS_SHA_HEX])
{
	unsigned char dg[DS_SHA256_LEN];
	ds_sha256(data, n, dg);
	ds_hex(dg, DS_SHA256_LEN, out);
}

/* ------------------------------------------------------ experiments */

void ds_exp_cfg_from_ws(const struct ds_ws_experiment *x, struct ll_exp_cfg *c)
{
	/* a detector has no ll_exp model: its k-means stands in, so its
	 * settings still hash (ds_run_detector_json has the rest) */
	ll_exp_defaults_for(c, x->model == DS_MODEL_DETECTOR ? LL_EXP_KMEANS : (enum ll_exp_model)x->model);
	c->n_hidden = x->model == DS_MODEL_LOGREG ? 0 : x->n_hidden;
	if (c->n_hidden > LL_EXP_MAX_HIDDEN)
		c->n_hidden = LL_EXP_MAX_HIDDEN;
	for (size_t i = 0; i < c->n_hidden; i++)
		c->hidden[i] = x->hidden[i];
	c->layers = x->layers;
	c->activation = x->activation;
	c->optimizer = x->optimizer;
	c->lr = x->lr;
	c->batch = x->batch;
	c->epochs = x->epochs;
	c->dropout = x->dropout;
	c->l2 = x->l2;
	c->bptt = x->bptt;
	c->k_min = x->k_min;
	c->k_max = x->k_max;
	c->n_init = x->n_init;
	c->seed = x->seed;
	c->tol = x->tol;
	c->n_iter_no_change = x->n_iter_no_change;
	c->early_stopping = x->early_stopping;
	c->validation_fraction = x->validation_fraction;
	c->C = x->C;
	c->max_iter = x->max_iter;
	c->review_folds = x->review_folds;
}

/* Only the keys that matter to the model kind, so that the hash changes
 * exactly when the experiment does. */
void *ds_exp_cfg_to_json(const struct ll_exp_cfg *c, const char *name, const char *featureset)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	if (name)
		cJSON_AddStringToObject(o, "name", name);
	if (featureset)
		cJSON_AddStringToObject(o, "featureset", featureset);
	cJSON_AddStringToObject(o, "model", ll_exp_model_name(c->model));
	if (c->model == LL_EXP_KMEANS) {
		cJSON_AddNumberToObject(o, "k_min", (double)c->k_min);
		cJSON_AddNumberToObject(o, "k_max", (double)c->k_max);
		cJSON_AddNumberToObject(o, "n_init", c->n_init);
	} else if (c->model == LL_EXP_LOGREG) {
		cJSON_AddNumberToObject(o, "C", c->C);
		cJSON_AddNumberToObject(o, "tol", c->tol);
		cJSON_AddNumberToObject(o, "max_iter", c->max_iter);
	} else {
		cJSON *h = cJSON_AddArrayToObject(o, "hidden");
		size_t nh = c->model == LL_EXP_LSTM ? 1 : c->model == LL_EXP_LOGREG ? 0 : c->n_hidden;
		for (size_t i = 0; h && i < nh; i++)
			cJSON_AddItemToArray(h, cJSON_CreateNumber((double)c->hidden[i]));
		if (c->model == LL_EXP_MLP) {
			cJSON_AddStringToObject(o, "activation", ll_act_name((enum ll_act)c->activation));
			cJSON_AddNumberToObject(o, "dropout", c->dropout);
		}
		if (c->model == LL_EXP_LSTM) {
			cJSON_AddNumberToObject(o, "layers", (double)c->layers);
			cJSON_AddNumberToObject(o, "bptt", (double)c->bptt);
		}
		cJSON_AddStringToObject(o, "optimizer", ll_optim_name((enum ll_optim_kind)c->optimizer));
		cJSON_AddNumberToObject(o, "lr", c->lr);
		cJSON_AddNumberToObject(o, "batch", (double)c->batch);
		cJSON_AddNumberToObject(o, "epochs", c->epochs);
		cJSON_AddNumberToObject(o, "l2", c->l2);
		cJSON_AddNumberToObject(o, "tol", c->tol);
		cJSON_AddNumberToObject(o, "n_iter_no_change", c->n_iter_no_change);
		cJSON_AddBoolToObject(o, "early_stopping", c->early_stopping);
		cJSON_AddNumberToObject(o, "validation_fraction", c->validation_fraction);
	}
	if (c->model != LL_EXP_KMEANS)
		cJSON_AddNumberToObject(o, "review_folds", (double)c->review_folds);
	/* seeds go up to 2^53, exact in a double */
	cJSON_AddNumberToObject(o, "seed", (double)c->seed);
	return o;
}

static double num_or(const cJSON *o, const char *k, double dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

int ds_exp_cfg_from_json(const void *vobj, struct ll_exp_cfg *c, struct ll_err *err)
{
	const cJSON *o = vobj;
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, "model");
	int kind = cJSON_IsString(m) ? ll_exp_model_parse(m->valuestring) : -1;
	if (kind < 0)
		return ll_err_set(err, LL_EDATA, "experiment.json: \"model\" is missing or unknown");
	ll_exp_defaults_for(c, (enum ll_exp_model)kind);
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(o, "hidden");
	c->n_hidden = 0;
	for (const cJSON *e = h ? h->child : NULL; e && c->n_hidden < LL_EXP_MAX_HIDDEN; e = e->next)
		c->hidden[c->n_hidden++] = cJSON_IsNumber(e) && e->valuedouble >= 0 ? (size_t)e->valuedouble : 0;
	if (c->model == LL_EXP_LSTM && c->n_hidden == 0)
		c->hidden[0] = 32;
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "activation");
	if (cJSON_IsString(a) && ll_act_parse(a->valuestring) >= 0)
		c->activation = ll_act_parse(a->valuestring);
	const cJSON *op = cJSON_GetObjectItemCaseSensitive(o, "optimizer");
	if (cJSON_IsString(op) && ll_optim_parse(op->valuestring) >= 0)
		c->optimizer = ll_optim_parse(op->valuestring);
	c->dropout = num_or(o, "dropout", 0);
	c->layers = (size_t)num_or(o, "layers", 1);
	c->bptt = (size_t)num_or(o, "bptt", 0);
	c->lr = num_or(o, "lr", c->lr);
	c->batch = (size_t)num_or(o, "batch", (double)c->batch);
	c->epochs = (int)num_or(o, "epochs", c->epochs);
	c->l2 = num_or(o, "l2", 0);
	c->k_min = (size_t)num_or(o, "k_min", (double)c->k_min);
	c->k_max = (size_t)num_or(o, "k_max", (double)c->k_max);
	c->n_init = (int)num_or(o, "n_init", 1);
	c->seed = (uint64_t)num_or(o, "seed", 1);
	c->tol = num_or(o, "tol", c->tol);
	c->n_iter_no_change = (int)num_or(o, "n_iter_no_change", c->n_iter_no_change);
	const cJSON *es = cJSON_GetObjectItemCaseSensitive(o, "early_stopping");
	c->early_stopping = cJSON_IsTrue(es);
	c->validation_fraction = num_or(o, "validation_fraction", c->validation_fraction);
	c->C = num_or(o, "C", c->C);
	c->max_iter = (int)num_or(o, "max_iter", c->max_iter);
	/* runs made before the key had none */
	c->review_folds = (size_t)num_or(o, "review_folds", 0);
	return ll_exp_check(c, NULL, err) == LL_OK ? LL_OK
						   : ll_err_set(err, LL_EDATA, "experiment.json: %s", err ? err->msg : "");
}

void ds_exp_cfg_sha(const struct ll_exp_cfg *c, char out[DS_SHA_HEX])
{
	cJSON *o = ds_exp_cfg_to_json(c, NULL, NULL);
	char *s = o ? cJSON_PrintUnformatted(o) : NULL;
	sha_hex(s ? s : "", s ? strlen(s) : 0, out);
	free(s);
	cJSON_Delete(o);
}

/* SHA-256 hex of ll_recipe_format(r). */
static int ds_recipe_sha(const struct ll_recipe *r, char out[DS_SHA_HEX], struct ll_err *err)
{
	char *text;
	int rc = ll_recipe_format(r, &text, err);
	if (rc)
		return rc;
	sha_hex(text, strlen(text), out);
	free(text);
	return LL_OK;
}

unsigned char *ds_ordinary_flags(const struct ll_recipe *r, const char *const *classes, size_t n)
{
	unsigned char *f = calloc(n ? n : 1, 1);
	if (!f)
		return NULL;
	for (size_t c = 0; c < n; c++) {
		const char *name = classes[c] ? classes[c] : "";
		if (r->target == LL_TARGET_BINARY) {
			f[c] = strcmp(name, "ordinary") == 0;
			continue;
		}
		f[c] = (unsigned char)ll_recipe_is_ordinary(r, name);
	}
	return f;
}

/* ------------------------------------------------- feature-set loading */

void ds_fsdata_free(struct ds_fsdata *f)
{
	free(f->path);
	ll_table_free(f->t);
	ll_featmat_free(&f->fm);
	ll_recipe_manifest_free(&f->man);
	ll_tpl_free(f->tpl);
	free(f->tids);
	for (size_t c = 0; c < f->n_unseen; c++)
		free(f->unseen_names[c]);
	free(f->unseen_names);
	free(f->unseen_samples);
	free(f->unseen_rc);
	free(f->unseen_truth);
	free(f->unseen_of);
	memset(f, 0, sizeof *f);
	f->text_col = -1;
}

/* The journal beside path, replayed over t's labels. */
static int overlay_labels(const char *path, const struct ds_open_opts *o, struct ll_table *t,
			  char sha[DS_SHA_HEX], struct ll_err *err)
{
	sha[0] = '\0';
	if (ds_stdin_is(path)) /* no journal beside standard input */
		return LL_OK;
	char *jp = ds_labels_default_path(path);
	if (!jp)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	struct stat st;
	if (stat(jp, &st) != 0) {
		free(jp);
		return LL_OK;
	}
	struct ds_fingerprint jfp;
	struct ds_dataset *ds = NULL;
	struct ll_labels *l = NULL;
	int rc = ds_file_fingerprint(jp, &jfp, err);
	if (rc == LL_OK)
		rc = ds_dataset_open(&ds, path, o, err);
	if (rc == LL_OK)
		rc = ds_labels_open(ds, jp, 0, &l, NULL, NULL, err);
	size_t n = ll_table_nrows(t);
	if (rc == LL_OK && ll_labels_nrows(l) != n)
		rc = ll_err_set(err, LL_EDATA, "%s: the label journal covers %zu rows, the data has %zu", jp,
				ll_labels_nrows(l), n);
	for (size_t i = 0; rc == LL_OK && i < n; i++) {
		int c = ll_labels_get(l, i), id = LL_NO_LABEL;
		if (c >= 0) {
			const char *name = ll_labels_class_name(l, (size_t)c);
			if ((id = ll_table_class_id(t, name, strlen(name))) < 0) {
				rc = ll_err_set(err, LL_ENOMEM, "out of memory");
				break;
			}
		}
		if (ll_table_label(t, i) != id)
			ll_table_set_label(t, i, id);
	}
	if (rc == LL_OK)
		memcpy(sha, jfp.sha256, DS_SHA_HEX);
	ll_labels_free(l);
	ds_dataset_close(ds);
	free(jp);
	return rc;
}

/* Template ids of the text column: mined afresh, or matched against the
 * run's miner so ids mean the same templates as in training. */
static int mine_templates(struct ds_fsdata *f, const struct ll_recipe *r, const struct ds_fit *fit,
			  struct ll_err *err)
{
	const char *name = r->text_column[0] ? r->text_column : ll_table_meta(f->t, "text_column");
	int col = ll_table_find_column(f->t, name ? name : "line");
	if (col < 0 || ll_table_col_type(f->t, (size_t)col) != LL_COL_TEXT)
		return LL_OK;
	f->text_col = col;
	size_t n = ll_table_nrows(f->t);
	if (!(f->tids = malloc((n ? n : 1) * sizeof *f->tids)))
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	if (fit && fit->tpl) {
		for (size_t i = 0; i < n; i++) {
			const char *s = ll_table_text(f->t, i, (size_t)col);
			f->tids[i] = ll_tpl_match(fit->tpl, s, strlen(s));
		}
		return LL_OK;
	}
	struct ll_tpl_config tc;
	ll_tpl_config_default(&tc);
	int rc = ll_tpl_new(&tc, &f->tpl, err);
	if (rc != LL_OK)
		return rc;
	const char **text = malloc((n ? n : 1) * sizeof *text);
	size_t *len = malloc((n ? n : 1) * sizeof *len);
	if (!text || !len)
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	for (size_t i = 0; rc == LL_OK && i < n; i++) {
		text[i] = ll_table_text(f->t, i, (size_t)col);
		len[i] = strlen(text[i]);
	}
	if (rc == LL_OK)
		rc = ll_tpl_mine_array(f->tpl, n, text, len, f->tids, err);
	free(text);
	free(len);
	if (rc != LL_OK)
		return rc;
	return LL_OK;
}

/* Apply mode after the build: the run's scaler and TF-IDF weights, and
 * its class list. */
static int apply_fit(struct ds_fsdata *f, const struct ll_recipe *r, const struct ds_fit *fit, struct ll_err *err)
{
	int rc = LL_OK;
	struct ll_featmat *m = &f->fm;
	/* a value column the other data has more or fewer of than the run's
	 * (one-hot of a text column, ds_onehot.h): lined up by name */
	if (fit->names && m->X && !m->sparse) {
		if ((rc = ds_onehot_align(m, f->t, fit->names, fit->nnames, &f->values_missing, &f->values_unseen,
					  err)) != LL_OK)
			return rc;
	}
	if (r->nan == LL_NAN_MEAN && m->X) {
		if (!fit->imputer_text)
			return ll_err_set(err, LL_EDATA, "nan \"mean\": the run kept no means (imputer.txt) to fill gaps with");
		struct ll_imputer imp = {0};
		size_t filled = 0;
		struct ll_err sub;
		ll_err_clear(&sub);
		if ((rc = ll_imputer_parse(&imp, fit->imputer_text, &sub)) != LL_OK)
			return ll_err_set(err, rc, "the run's imputer.txt: %s", sub.msg);
		rc = ll_imputer_apply_featmat(&imp, m, &filled, err);
		ll_imputer_free(&imp);
		if (rc)
			return rc;
		f->man.nan_filled += filled;
	}
	if (ll_recipe_scale(r) != LL_SCALE_NONE && fit->scaler_text) {
		struct ll_scaler s = {0};
		if ((rc = ll_scaler_parse(&s, fit->scaler_text, err)) != LL_OK)
			return rc;
		rc = ll_scaler_apply_featmat(&s, m, err);
		ll_scaler_free(&s);
		if (rc)
			return rc;
	}
	if (r->text == LL_TEXT_TFIDF) {
		if (!fit->tfidf_text || !m->sparse)
			return ll_err_set(err, LL_EDATA, "tfidf: the run kept no TF-IDF weights to apply");
		struct ll_tfidf *tf = NULL;
		rc = ll_recipe_load_tfidf(fit->tfidf_text, "tfidf.txt", &tf, NULL, NULL, err);
		if (rc == LL_OK)
			rc = ll_tfidf_transform(tf, m->sparse, err);
		ll_tfidf_free(tf);
		if (rc)
			return rc;
	}
	/* classes by name onto the run's ids; one the run never saw is no
	 * class of the model, but whether it is ordinary is known by its name
	 * when the run's score is root cause against ordinary (the run names
	 * an ordinary class): kept for the root-cause figures */
	int *map = malloc((m->nclasses ? m->nclasses : 1) * sizeof *map);
	size_t *count = calloc(m->nclasses ? m->nclasses : 1, sizeof *count);
	unsigned char *ord = ds_ordinary_flags(r, (const char *const *)m->classes, m->nclasses);
	unsigned char *run_ord = ds_ordinary_flags(r, (const char *const *)fit->classes, fit->nclasses);
	if (!map || !count || !ord || !run_ord) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto classes_out;
	}
	int by_name = 0;
	for (size_t k = 0; k < fit->nclasses; k++)
		by_name |= run_ord[k];
	for (size_t c = 0; c < m->nclasses; c++) {
		map[c] = -1;
		for (size_t k = 0; k < fit->nclasses; k++)
			if (strcmp(m->classes[c], fit->classes[k]) == 0)
				map[c] = (int)k;
	}
	for (size_t i = 0; i < m->n; i++) {
		if (m->y[i] < 0)
			continue;
		int to = (size_t)m->y[i] < m->nclasses ? map[m->y[i]] : -1;
		if (to < 0 && (size_t)m->y[i] < m->nclasses) {
			if (!f->unseen_truth) {
				f->unseen_truth = malloc(m->n ? m->n : 1);
				f->unseen_of = malloc((m->n ? m->n : 1) * sizeof *f->unseen_of);
				if (!f->unseen_truth || !f->unseen_of) {
					rc = ll_err_set(err, LL_ENOMEM, "out of memory");
					goto classes_out;
				}
				memset(f->unseen_truth, -1, m->n);
				for (size_t j = 0; j < m->n; j++)
					f->unseen_of[j] = -1;
			}
			f->unseen_truth[i] = by_name ? (signed char)!ord[m->y[i]] : -1;
			f->unseen_of[i] = m->y[i]; /* this data's class: renumbered below */
			count[m->y[i]]++;
		}
		if (to < 0)
			f->unknown_class++;
		m->y[i] = to;
	}
	for (size_t c = 0; c < m->nclasses; c++)
		f->n_unseen += count[c] > 0;
	if (f->n_unseen) {
		f->unseen_names = calloc(f->n_unseen, sizeof *f->unseen_names);
		f->unseen_samples = calloc(f->n_unseen, sizeof *f->unseen_samples);
		f->unseen_rc = calloc(f->n_unseen, sizeof *f->unseen_rc);
		size_t u = 0;
		for (size_t c = 0; f->unseen_names && f->unseen_samples && f->unseen_rc && c < m->nclasses; c++) {
			if (!count[c])
				continue;
			map[c] = (int)u; /* now: this data's class to its unseen index */
			f->unseen_samples[u] = count[c];
			f->unseen_rc[u] = by_name ? (signed char)!ord[c] : -1;
			if (!(f->unseen_names[u++] = strdup(m->classes[c])))
				break;
		}
		if (u < f->n_unseen || !f->unseen_names[u - 1]) {
			f->n_unseen = u; /* what ds_fsdata_free frees */
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		} else {
			for (size_t i = 0; i < m->n; i++)
				if (f->unseen_of[i] >= 0)
					f->unseen_of[i] = map[f->unseen_of[i]];
		}
	}
classes_out:
	free(map);
	free(count);
	free(ord);
	free(run_ord);
	if (rc)
		return rc;
	for (size_t c = 0; c < m->nclasses; c++)
		free(m->classes[c]);
	free(m->classes);
	m->classes = NULL;
	m->nclasses = 0;
	free(m->class_weight);
	m->class_weight = NULL;
	if (ll_featmat_set_classes(m, (const char *const *)fit->classes, fit->nclasses) != LL_OK)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	return LL_OK;
}

/* The state of a dataset's labels: its journal's, or for a fleet (a folder,
 * a glob, several paths) every file's journal together, since a fleet's
 * labels live beside its files. */
static int labels_state_sha(const char *path, char out[DS_SHA_HEX], struct ll_err *err)
{
	if (!strstr(path, "://") && ds_fleet_is_spec(path))
		return ds_fleet_labels_state_sha(path, out, err);
	if (ds_stdin_is(path)) { /* no journal: the state of none */
		out[0] = '\0';
		return LL_OK;
	}
	char *jp = ds_labels_default_path(path);
	int rc = jp ? ds_journal_state_sha(jp, out, err) : ll_err_set(err, LL_ENOMEM, "out of memory");
	free(jp);
	return rc;
}


/* ds_fs_load_table; fleet_ok 0 reads path as one file even when its name
 * would make it a fleet spec. */
static int load_table(const char *path, int fleet_ok, const char *format, const char *labels, struct ll_table **out,
		      char journal_sha[DS_SHA_HEX], struct ll_err *err)
{
	*out = NULL;
	journal_sha[0] = '\0';
	struct ds_open_opts o = {0};
	o.format = format;
	o.labels = labels;
	const struct ds_reader *reader = NULL;
	struct ll_table *t = NULL;
	/* a folder or a glob: the fleet's merged rows, labels from each file's journal */
	int fleet = fleet_ok && ds_fleet_is_spec(path);
	int rc = fleet ? ds_fleet_load_table(path, &o, &t, &reader, journal_sha, err)
		       : ds_load(path, &o, &t, &reader, err);
	if (rc == LL_OK && reader && reader->line && (size_t)reader->line->message_field + 1 < ll_table_ncols(t) &&
	    ll_table_set_meta(t, "text_column", ll_table_col_name(t, (size_t)reader->line->message_field + 1)) != LL_OK)
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	if (rc == LL_OK && !fleet)
		rc = overlay_labels(path, &o, t, journal_sha, err);
	if (rc != LL_OK) {
		ll_table_free(t);
		journal_sha[0] = '\0';
		return rc;
	}
	*out = t;
	return LL_OK;
}

int ds_fs_load_table(const char *path, const char *format, const char *labels, struct ll_table **out,
		     char journal_sha[DS_SHA_HEX], struct ll_err *err)
{
	return load_table(path, 1, format, labels, out, journal_sha, err);
}

/* ds_fs_load; fsname, when not NULL, names the feature set in an error of
 * the recipe build (whose message starts with the recipe key). */
/* birth_time PATH OUT: the file's birth time (statx), or {0, 0} where the
 * file system does not keep one */
static void birth_time(const char *path, struct timespec *out)
{
	struct statx sx;
	out->tv_sec = 0;
	out->tv_nsec = 0;
	if (statx(AT_FDCWD, path, 0, STATX_BTIME, &sx) == 0 && (sx.stx_mask & STATX_BTIME)) {
		out->tv_sec = (time_t)sx.stx_btime.tv_sec;
		out->tv_nsec = (long)sx.stx_btime.tv_nsec;
	}
}

static int fs_load(const char *fsname, const char *path, const char *format, const char *labels,
		   const struct ll_recipe *r, const struct ds_fit *fit, struct ds_fsdata *out, ds_fs_progress_fn progress,
		   void *ctx, struct ll_err *err)
{
	memset(out, 0, sizeof *out);
	out->text_col = -1;
	int rc;
	if (strstr(path, "://")) {
		struct ds_fetch_opts fo = {0};
		if ((rc = ds_remote_fetch(path, &fo, &out->path, err)) != LL_OK)
			return rc;
	} else if (!(out->path = strdup(path))) {
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	/* The file is hashed, then read: a log written to, truncated or
	 * rotated in between gave features of one file under the hash (and
	 * size) of another, which the staleness checks then trusted. So the
	 * file must be the same (inode, size, time) before the hash and after
	 * the read; a few tries, then an error. */
	struct ds_fingerprint dfp;
	struct stat st0, st1;
	struct timespec born0 = {0, 0}, born1 = {0, 0};
	int one_file = !ds_stdin_is(out->path) && stat(out->path, &st0) == 0 && S_ISREG(st0.st_mode);
	if (one_file)
		birth_time(out->path, &born0);
	for (int tries = 1;; tries++) {
		if ((rc = ds_file_fingerprint(out->path, &dfp, err)) != LL_OK)
			goto fail;
		out->data_size = dfp.size;
		memcpy(out->data_sha, dfp.sha256, DS_SHA_HEX);
		/* a URL's cached copy is one file, whatever its name */
		if ((rc = load_table(out->path, !strstr(path, "://"), format, labels, &out->t, out->journal_sha,
				     err)) != LL_OK)
			goto fail;
		if (!one_file)
			break;
		birth_time(out->path, &born1);
		if (stat(out->path, &st1) != 0) {
			rc = ll_err_errno(err, LL_EIO, errno, "%s: gone while it was read", out->path);
			goto fail;
		}
		int same_file = st1.st_dev == st0.st_dev && st1.st_ino == st0.st_ino;
		if (same_file && st1.st_size == st0.st_size && st1.st_mtim.tv_sec == st0.st_mtim.tv_sec &&
		    st1.st_mtim.tv_nsec == st0.st_mtim.tv_nsec && dfp.size == (uint64_t)st0.st_size)
			break;
		/* A live log only grows, and a retry would meet the same writer:
		 * the same file, not shorter than what was hashed and still
		 * beginning with those bytes, is taken as the log stood when
		 * hashed (lines appended meanwhile may be among the rows).
		 * Rotations and rewrites (another inode, a shorter file, another
		 * head) are retried, and so is a file of the same size: an inode
		 * number is reused at once, so A replaced by B and then by a copy
		 * of A looks like A at the same inode, unchanged but for its
		 * time, while B's rows were read. The file's birth time (statx)
		 * tells a reused inode from the same file; without it, no file
		 * is taken as grown. */
		char head[DS_SHA_HEX];
		struct ll_err herr;
		if (same_file && born0.tv_sec && born1.tv_sec == born0.tv_sec && born1.tv_nsec == born0.tv_nsec &&
		    st1.st_size > st0.st_size && dfp.size >= (uint64_t)st0.st_size &&
		    (uint64_t)st1.st_size >= dfp.size &&
		    ds_file_head_sha(out->path, dfp.size, head, &herr) == LL_OK && strcmp(head, dfp.sha256) == 0)
			break;
		ll_table_free(out->t);
		out->t = NULL;
		out->journal_sha[0] = '\0';
		if (tries == 3) {
			rc = ll_err_set(err, LL_EIO,
					"%s: the file changed while it was read, %d times (%lld bytes, then %lld%s): its "
					"features would not be of the data the hash names; read a copy, or try again "
					"when it is still",
					out->path, tries, (long long)st0.st_size, (long long)st1.st_size,
					st1.st_ino != st0.st_ino ? ", another file under its name" : "");
			goto fail;
		}
		st0 = st1;
		born0 = born1;
	}
	/* no rows to fit on is the data's fault, not a recipe key's (it said
	 * "text.column: the dataset has no rows", exit 1, for an empty file) */
	if (!fit && ll_table_nrows(out->t) == 0) {
		rc = !one_file	    ? ll_err_set(err, LL_EDATA, "%s: no rows to build features from", out->path)
		     : dfp.size == 0 ? ll_err_set(err, LL_EDATA,
						  "%s: the file is empty (0 bytes): no rows to build features from",
						  out->path)
				     : ll_err_set(err, LL_EDATA,
						  "%s: no rows in its %llu bytes: no rows to build features from", out->path,
						  (unsigned long long)dfp.size);
		goto fail;
	}
	char lsha[DS_SHA_HEX] = "";
	if (labels) {
		struct ds_fingerprint lfp;
		if ((rc = ds_file_fingerprint(labels, &lfp, err)) != LL_OK)
			goto fail;
		memcpy(lsha, lfp.sha256, DS_SHA_HEX);
	}
	if ((rc = labels_state_sha(out->path, out->labels_state_sha, err)) != LL_OK)
		goto fail;
	/* the same combination `loglab build` uses, so fingerprints agree */
	if (out->journal_sha[0] && !lsha[0]) {
		memcpy(lsha, out->journal_sha, DS_SHA_HEX);
	} else if (out->journal_sha[0]) {
		char both[2 * DS_SHA_HEX];
		snprintf(both, sizeof both, "%s%s", lsha, out->journal_sha);
		sha_hex(both, strlen(both), lsha);
	}
	memcpy(out->labels_sha, lsha, DS_SHA_HEX);
	if ((rc = ds_featureset_fingerprint(r, out->data_sha, lsha[0] ? lsha : NULL, out->fingerprint, err)) != LL_OK ||
	    (rc = ds_recipe_sha(r, out->recipe_sha, err)) != LL_OK)
		goto fail;
	if (fit && r->text == LL_TEXT_W2V) {
		rc = ll_err_set(err, LL_EUSAGE, "text.kind w2v: skip-gram feature sets cannot be applied to other data");
		goto fail;
	}
	out->recipe = *r;
	/* a run's recipe (fit) was resolved when it was trained; but a run
	 * of log lines over records without them reads their messages */
	if (!fit)
		ll_recipe_resolve_defaults(&out->recipe, out->t);
	else if (ll_recipe_text_column_apply(&out->recipe, out->t, out->text_was, sizeof out->text_was) > 0) {
		const char *read = out->recipe.text_column[0] ? out->recipe.text_column : ll_table_meta(out->t, "text_column");
		snprintf(out->text_from, sizeof out->text_from, "%s", read ? read : "?");
	}
	r = &out->recipe;
	if ((rc = mine_templates(out, r, fit, err)) != LL_OK)
		goto fail;
	struct ll_recipe rr = *r;
	/* the run's lines kept only the codes its training lines had */
	struct ll_codes *codes = NULL;
	if (fit && r->text == LL_TEXT_TFIDF && fit->tfidf_text) {
		struct ll_tfidf *tf = NULL;
		int found = 0;
		if (!(codes = malloc(sizeof *codes))) {
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
			goto fail;
		}
		rc = ll_recipe_load_tfidf(fit->tfidf_text, "tfidf.txt", &tf, codes, &found, err);
		ll_tfidf_free(tf);
		if (rc != LL_OK) {
			free(codes);
			goto fail;
		}
		if (found)
			rr.known_codes = codes;
	}
	if (fit) {
		/* the run's means fill the gaps, after the columns line up */
		if (rr.nan == LL_NAN_MEAN)
			rr.nan = LL_NAN_KEEP;
		rr.split = LL_RSPLIT_CHRONO;
		rr.ratios.train = 1;
		rr.ratios.dev = 0;
		rr.ratios.test = 0;
		rr.scale = LL_SCALE_NONE;
		if (rr.text == LL_TEXT_TFIDF)
			rr.text = LL_TEXT_HASH;
		rr.rebalance = LL_REBAL_NONE;
		rr.class_weight = LL_CWEIGHT_NONE;
		rr.n_weights = 0;
	}
	struct ll_recipe_templates tm = {out->tids, ll_table_nrows(out->t),
					 fit && fit->tpl ? ll_tpl_count(fit->tpl) : out->tpl ? ll_tpl_count(out->tpl) : 0,
					 fit && fit->tpl ? fit->tpl : out->tpl};
	/* text columns of a few values the regex names: a number column each */
	if ((rc = ds_onehot_expand(out->t, r, NULL, err)) != LL_OK) {
		free(codes);
		goto fail;
	}
	/* the run's features hold what this data's reader calls its row names */
	if (fit && fit->names && ds_row_names_keep(out->t, fit->names, fit->nnames) < 0) {
		free(codes);
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto fail;
	}
	rc = ll_recipe_build(out->t, &rr, out->tids ? &tm : NULL, &out->fm, &out->man, progress, ctx, err);
	free(codes);
	if (rc != LL_OK && fsname) {
		char msg[LL_ERR_MSG_MAX];
		snprintf(msg, sizeof msg, "%s", err->msg);
		ll_err_set(err, rc, "featuresets.%s.%s", fsname, msg);
	}
	if (rc == LL_OK && fit)
		rc = apply_fit(out, r, fit, err);
	/* other data is held out from the run as a whole: its test part */
	if (rc == LL_OK && fit && out->fm.split)
		memset(out->fm.split, LL_SPLIT_TEST, out->fm.n);
	if (rc == LL_OK)
		return LL_OK;
fail:
	ds_fsdata_free(out);
	return rc;
}

int ds_fs_load(const char *path, const char *format, const char *labels, const struct ll_recipe *r,
	       const struct ds_fit *fit, struct ds_fsdata *out, ds_fs_progress_fn progress, void *ctx,
	       struct ll_err *err)
{
	return fs_load(NULL, path, format, labels, r, fit, out, progress, ctx, err);
}

int ds_fs_load_named(const char *fsname, const char *path, const char *format, const char *labels,
		     const struct ll_recipe *r, struct ds_fsdata *out, struct ll_err *err)
{
	return fs_load(fsname, path, format, labels, r, NULL, out, NULL, NULL, err);
}

void ds_fsdata_print_notes(FILE *out, const char *name, const struct ds_fsdata *f)
{
	if (f->text_from[0] && !f->text_was[0])
		fprintf(out, "loglab: note: %s: the run read log lines' text; these records have no line: their message "
			     "column '%s' is read\n", name, f->text_from);
	else if (f->text_from[0])
		fprintf(out, "loglab: note: %s: the run read the text of column '%s', which this data has not: its own "
			     "text, column '%s', is read\n", name, f->text_was, f->text_from);
	if (f->values_missing)
		fprintf(out, "loglab: note: %s: %zu of the run's value columns (a text column's values) are not in this "
			     "data: zeros\n", name, f->values_missing);
	if (f->values_unseen)
		fprintf(out, "loglab: note: %s: %zu values the run never saw have no column of their own: left out\n", name,
			f->values_unseen);
}

/* --------------------------------------------------------- run folders */

void *ds_run_record(const struct ds_run_rec *a)
{
	const struct ds_fsdata *fs = a->fs;
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "id", a->id);
	cJSON_AddStringToObject(o, "experiment", a->experiment);
	cJSON_AddStringToObject(o, "featureset", a->featureset);
	cJSON_AddStringToObject(o, "status", "running");
	cJSON_AddStringToObject(o, "source", a->source);
	cJSON_AddNumberToObject(o, "created", a->created);
	char when[64];
	time_t t = (time_t)a->created;
	struct tm tmv;
	localtime_r(&t, &tmv);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S%z", &tmv);
	cJSON_AddStringToObject(o, "created_text", when);
	cJSON_AddStringToObject(o, "loglab_version", PACKAGE_VERSION);
	cJSON *ds = cJSON_AddObjectToObject(o, "dataset");
	cJSON_AddStringToObject(ds, "name", a->dataset_name);
	cJSON_AddStringToObject(ds, "path", fs->path);
	if (a->dataset_format)
		cJSON_AddStringToObject(ds, "format", a->dataset_format);
	if (a->dataset_labels)
		cJSON_AddStringToObject(ds, "labels", a->dataset_labels);
	cJSON_AddNumberToObject(ds, "size", (double)fs->data_size);
	cJSON_AddStringToObject(ds, "sha256", fs->data_sha);
	cJSON_AddStringToObject(o, "journal_sha256", fs->journal_sha);
	cJSON_AddStringToObject(o, "labels_state_sha256", fs->labels_state_sha);
	cJSON_AddStringToObject(o, "featureset_fingerprint", fs->fingerprint);
	cJSON_AddStringToObject(o, "recipe_sha256", fs->recipe_sha);
	char esha[DS_SHA_HEX];
	ds_exp_cfg_sha(a->cfg, esha);
	cJSON_AddStringToObject(o, "experiment_sha256", esha);
	cJSON_AddItemToObject(o, "experiment_config", ds_exp_cfg_to_json(a->cfg, a->experiment, a->featureset));
	cJSON *rj = ds_recipe_to_json(&fs->recipe, a->recipe_dataset, 1);
	cJSON_AddItemToObject(o, "recipe", rj);
	/* The recipe recorded is the one built, with the defaults the data
	 * decided (nan "mean" for rows without a time order, TF-IDF of a log's
	 * messages); featureset_fingerprint is of the one given. `train
	 * --resume` builds from the recorded recipe, so it checks the data
	 * and labels against the fingerprint that recipe gives. */
	struct ll_recipe back;
	struct ll_err rerr;
	char rfp[DS_SHA_HEX];
	if (rj && ds_recipe_from_json(rj, "run.json: recipe", &back, &rerr) == LL_OK &&
	    ds_featureset_fingerprint(&back, fs->data_sha, fs->labels_sha[0] ? fs->labels_sha : NULL, rfp, &rerr) ==
		    LL_OK &&
	    strcmp(rfp, fs->fingerprint) != 0)
		cJSON_AddStringToObject(o, "recorded_recipe_fingerprint", rfp);
	cJSON *cl = cJSON_AddArrayToObject(o, "classes");
	for (size_t c = 0; cl && c < fs->fm.nclasses; c++)
		cJSON_AddItemToArray(cl, cJSON_CreateString(fs->fm.classes[c]));
	cJSON *sh = cJSON_AddObjectToObject(o, "features");
	cJSON_AddNumberToObject(sh, "samples", (double)fs->fm.n);
	cJSON_AddNumberToObject(sh, "steps", (double)fs->fm.steps);
	cJSON_AddNumberToObject(sh, "features", (double)fs->fm.d);
	cJSON_AddBoolToObject(sh, "sparse", fs->fm.sparse != NULL);
	cJSON_AddNumberToObject(sh, "train", (double)ll_featmat_count(&fs->fm, LL_SPLIT_TRAIN));
	cJSON_AddNumberToObject(sh, "dev", (double)ll_featmat_count(&fs->fm, LL_SPLIT_DEV));
	cJSON_AddNumberToObject(sh, "test", (double)ll_featmat_count(&fs->fm, LL_SPLIT_TEST));
	/* The names views/view_clusters.c gives centroids' strongest features.
	 * Hashed text has 2^18 anonymous columns: listing them would make the
	 * record megabytes for nothing, so names are kept up to a bound. */
	size_t nnames = fs->fm.d <= DS_RUN_MAX_FEATURE_NAMES ? fs->fm.d : 0;
	cJSON *nm = nnames || !fs->fm.d ? cJSON_AddArrayToObject(sh, "names") : cJSON_AddNullToObject(sh, "names");
	for (size_t j = 0; nm && j < nnames; j++) {
		const char *n = fs->fm.names ? fs->fm.names[j] : NULL;
		cJSON_AddItemToArray(nm, n ? cJSON_CreateString(n) : cJSON_CreateNull());
	}
	/* cJSON's adders fail quietly: check the whole record once */
	if (!ds || !cl || !sh || !nm || !cJSON_GetObjectItemCaseSensitive(o, "recipe") ||
	    !cJSON_GetObjectItemCaseSensitive(o, "experiment_config") ||
	    (nnames && cJSON_GetArraySize(nm) != (int)nnames)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

void ds_run_record_fit(void *rec, const struct ll_exp *e, const struct ll_train_result *hist)
{
	const struct ll_exp_cfg *c = ll_exp_config(e);
	if (hist) {
		ds_run_set_num(rec, "epochs_done", hist->epochs_done);
		ds_run_set_num(rec, "resumed_from_epoch", hist->resumed_from);
		ds_run_set_str(rec, "stop_reason", ll_train_stop_name(hist->stop));
	}
	if (c->model == LL_EXP_KMEANS)
		ds_run_set_num(rec, "k", (double)ll_exp_k(e));
	struct ll_exp_solver_info si;
	ll_exp_solver_info(e, &si);
	if (si.has) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "method", "lbfgs");
		cJSON_AddNumberToObject(o, "iterations", si.iterations);
		cJSON_AddBoolToObject(o, "converged", si.converged);
		cJSON_AddStringToObject(o, "stop", si.stop);
		cJSON_AddItemToObject(o, "loss", num_or_null(si.loss));
		cJSON_DeleteItemFromObjectCaseSensitive(rec, "solver");
		cJSON_AddItemToObject(rec, "solver", o);
	}
}

void ds_run_record_review(void *rec, size_t folds, const struct ll_crossfit_result *cf, double seconds)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return;
	cJSON_AddNumberToObject(o, "folds", (double)folds);
	cJSON_AddNumberToObject(o, "fitted", (double)cf->folds_fitted);
	cJSON_AddNumberToObject(o, "skipped", (double)cf->folds_skipped);
	cJSON_AddNumberToObject(o, "samples", (double)cf->samples);
	cJSON_AddNumberToObject(o, "seconds", seconds);
	cJSON_DeleteItemFromObjectCaseSensitive(rec, "review");
	cJSON_AddItemToObject(rec, "review", o);
}

void ds_run_set_str(void *rec, const char *key, const char *value)
{
	cJSON_DeleteItemFromObjectCaseSensitive(rec, key);
	cJSON_AddStringToObject(rec, key, value);
}

void ds_run_set_num(void *rec, const char *key, double value)
{
	cJSON_DeleteItemFromObjectCaseSensitive(rec, key);
	cJSON_AddNumberToObject(rec, key, value);
}

int ds_run_save_record(const char *dir, const void *rec, struct ll_err *err)
{
	struct ll_err ignore;
	if (!err)
		err = &ignore;
	char *p = ll_path_join(dir, "run.json");
	if (!p)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int rc = ds_write_json(p, rec, err);
	free(p);
	return rc;
}

static int save_text(const char *dir, const char *name, const char *text, struct ll_err *err)
{
	char *p = ll_path_join(dir, name);
	if (!p)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int rc = ds_write_text(p, text, strlen(text), err);
	free(p);
	return rc;
}

int ds_run_save_fit(const char *dir, const struct ds_fsdata *fs, struct ll_err *err)
{
	int rc = LL_OK;
	if (fs->man.scaler_text)
		rc = save_text(dir, "scaler.txt", fs->man.scaler_text, err);
	if (rc == LL_OK && fs->man.imputer_text)
		rc = save_text(dir, "imputer.txt", fs->man.imputer_text, err);
	if (rc == LL_OK && fs->man.tfidf_text)
		rc = save_text(dir, "tfidf.txt", fs->man.tfidf_text, err);
	if (rc == LL_OK && fs->tpl) {
		char *buf = NULL;
		size_t len = 0;
		FILE *mf = open_memstream(&buf, &len);
		if (!mf)
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		rc = ll_tpl_save(fs->tpl, mf, "templates.txt", err);
		if (fclose(mf) != 0 && rc == LL_OK)
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		if (rc == LL_OK)
			rc = save_text(dir, "templates.txt", buf, err);
		free(buf);
	}
	return rc;
}

char *ds_run_checkpoint_path(const char *dir)
{
	return ll_path_join(dir, "checkpoint.llm");
}

void ds_run_log_open(struct ds_run_log *l, const char *dir)
{
	char *p = ll_path_join(dir, "log.txt");
	l->f = p ? fopen(p, "a") : NULL;
	free(p);
}

void ds_run_logf(struct ds_run_log *l, const char *fmt, ...)
{
	if (!l->f)
		return;
	char ts[32];
	time_t now = time(NULL);
	struct tm tmv;
	localtime_r(&now, &tmv);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tmv);
	fprintf(l->f, "%s ", ts);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(l->f, fmt, ap);
	va_end(ap);
	fputc('\n', l->f);
	fflush(l->f);
}

void ds_run_log_close(struct ds_run_log *l)
{
	if (l->f)
		fclose(l->f);
	l->f = NULL;
}

int ds_run_create(const char *ws_dir, const char *exp, time_t now, char id[DS_RUN_ID_MAX], char **dir,
		  struct ll_err *err)
{
	*dir = NULL;
	char *runs = ll_path_join(ws_dir, "runs");
	if (!runs)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	if (mkdir(runs, 0777) != 0 && errno != EEXIST) {
		int e = errno;
		int rc = ll_err_errno(err, LL_EIO, e, "%s: cannot create it", runs);
		free(runs);
		return rc;
	}
	struct tm tmv;
	localtime_r(&now, &tmv);
	char stamp[32], safe[64];
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tmv);
	size_t j = 0;
	for (const char *p = exp; *p && j + 1 < sizeof safe; p++)
		safe[j++] = isalnum((unsigned char)*p) || *p == '_' || *p == '.' ? *p : '-';
	safe[j] = '\0';
	int rc = LL_OK;
	for (int k = 1; k < 10000; k++) {
		if (k == 1)
			snprintf(id, DS_RUN_ID_MAX, "%s-%s", stamp, safe);
		else
			snprintf(id, DS_RUN_ID_MAX, "%s-%s-%d", stamp, safe, k);
		char *d = ll_path_join(runs, id);
		if (!d) {
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
			break;
		}
		if (mkdir(d, 0777) == 0) {
			*dir = d;
			free(runs);
			return LL_OK;
		}
		int e = errno;
		free(d);
		if (e != EEXIST) {
			rc = ll_err_errno(err, LL_EIO, e, "%s/%s: cannot create it", runs, id);
			break;
		}
	}
	if (rc == LL_OK)
		rc = ll_err_set(err, LL_EIO, "%s: too many runs named %s-%s", runs, stamp, safe);
	free(runs);
	return rc;
}

int ds_run_discard_unrecorded(const char *dir)
{
	char *rec = ll_path_join(dir, "run.json");
	struct stat st;
	int recorded = !rec || lstat(rec, &st) == 0;
	free(rec);
	DIR *d = recorded ? NULL : opendir(dir);
	if (!d)
		return 0;
	int left = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *p = ll_path_join(dir, e->d_name);
		/* only files the training writes: a folder inside is someone's */
		if (!p || lstat(p, &st) != 0 || !S_ISREG(st.st_mode) || unlink(p) != 0)
			left = 1;
		free(p);
	}
	closedir(d);
	return !left && rmdir(dir) == 0;
}

char *ds_run_dir(const char *ws_dir, const char *id)
{
	struct stat st;
	char *p = NULL;
	if (strchr(id, '/') && stat(id, &st) == 0 && S_ISDIR(st.st_mode))
		return strdup(id);
	size_t n = strlen(ws_dir) + strlen(id) + 8;
	if ((p = malloc(n)))
		snprintf(p, n, "%s/runs/%s", ws_dir, id);
	return p;
}

void ds_run_info_free(struct ds_run_info *r)
{
	free(r->dir);
	cJSON_Delete(r->json);
	cJSON_Delete(r->metrics);
	memset(r, 0, sizeof *r);
}

static const char *jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int ds_run_read(const char *dir, struct ds_run_info *out, struct ll_err *err)
{
	memset(out, 0, sizeof *out);
	char *rp = ll_path_join(dir, "run.json"), *mp = ll_path_join(dir, "metrics.json");
	if (!rp || !mp || !(out->dir = strdup(dir))) {
		free(rp);
		free(mp);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	void *j = NULL;
	int rc = ds_read_json(rp, &j, err);
	if (rc == LL_OK) {
		out->json = j;
		struct ll_err ignore;
		if (access(mp, F_OK) == 0 && ds_read_json(mp, &out->metrics, &ignore) != LL_OK)
			out->metrics = NULL;
		const char *id = jstr(j, "id");
		const char *slash = strrchr(dir, '/');
		snprintf(out->id, sizeof out->id, "%s", id ? id : slash ? slash + 1 : dir);
		out->experiment = jstr(j, "experiment");
		out->featureset = jstr(j, "featureset");
		out->status = jstr(j, "status");
		const cJSON *x = cJSON_GetObjectItemCaseSensitive(j, "experiment_config");
		out->model = x ? jstr(x, "model") : NULL;
		out->created = num_or(j, "created", NAN);
		out->duration_s = num_or(j, "duration_s", NAN);
	}
	free(rp);
	free(mp);
	if (rc)
		ds_run_info_free(out);
	return rc;
}

void ds_runs_free(struct ds_run_info *runs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ds_run_info_free(&runs[i]);
	free(runs);
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct ds_run_info *)a)->id, ((const struct ds_run_info *)b)->id);
}

int ds_runs_list(const char *ws_dir, const struct ds_workspace *ws, struct ds_run_info **out, size_t *n,
		 struct ll_err *err)
{
	*out = NULL;
	*n = 0;
	char *runs = ll_path_join(ws_dir, "runs");
	if (!runs)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	DIR *d = opendir(runs);
	if (!d) {
		int e = errno;
		free(runs);
		return e == ENOENT ? LL_OK : ll_err_errno(err, LL_EIO, e, "%s/runs: cannot list it", ws_dir);
	}
	struct dirent *de;
	size_t cap = 0;
	int rc = LL_OK;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char *dir = ll_path_join(runs, de->d_name);
		if (!dir) {
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
			break;
		}
		struct ds_run_info ri;
		struct ll_err sub;
		ll_err_clear(&sub);
		int r1 = ds_run_read(dir, &ri, &sub);
		free(dir);
		if (r1 != LL_OK)
			continue; /* not a run folder (or one being created) */
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			struct ds_run_info *p = realloc(*out, cap * sizeof *p);
			if (!p) {
				ds_run_info_free(&ri);
				rc = ll_err_set(err, LL_ENOMEM, "out of memory");
				break;
			}
			*out = p;
		}
		(*out)[(*n)++] = ri;
	}
	closedir(d);
	free(runs);
	if (rc) {
		ds_runs_free(*out, *n);
		*out = NULL;
		*n = 0;
		return rc;
	}
	if (*n)
		qsort(*out, *n, sizeof **out, by_id);
	for (size_t i = 0; ws && i < *n; i++) {
		int s = ds_run_stale(ws, &(*out)[i], (*out)[i].why, sizeof (*out)[i].why);
		(*out)[i].stale = s > 0;
	}
	return LL_OK;
}

static void add_why(char *why, size_t cap, const char *what)
{
	size_t n = strlen(why);
	snprintf(why + n, cap - n, "%s%s", n ? "; " : "", what);
}

int ds_run_stale(const struct ds_workspace *ws, const struct ds_run_info *r, char *why, size_t cap)
{
	why[0] = '\0';
	const cJSON *j = r->json;
	char buf[LL_ERR_MSG_MAX + 64];
	const struct ds_ws_experiment *x = r->experiment ? ds_workspace_experiment(ws, r->experiment) : NULL;
	if (!x) {
		snprintf(buf, sizeof buf, "experiment \"%s\" is no longer in loglab.json", r->experiment ? r->experiment : "?");
		add_why(why, cap, buf);
	} else {
		struct ll_exp_cfg c;
		char sha[DS_SHA_HEX];
		ds_exp_cfg_from_ws(x, &c);
		ds_exp_cfg_sha(&c, sha);
		const char *was = jstr(j, "experiment_sha256");
		if (!was || strcmp(was, sha) != 0) {
			snprintf(buf, sizeof buf, "experiment \"%s\" changed", r->experiment);
			add_why(why, cap, buf);
		}
		if (strcmp(x->featureset, r->featureset ? r->featureset : "") != 0) {
			snprintf(buf, sizeof buf, "experiment \"%s\" now uses feature set \"%s\"", r->experiment,
				 x->featureset);
			add_why(why, cap, buf);
		}
	}
	const struct ds_ws_featureset *fs = r->featureset ? ds_workspace_featureset(ws, r->featureset) : NULL;
	if (!fs) {
		snprintf(buf, sizeof buf, "feature set \"%s\" is no longer in loglab.json", r->featureset ? r->featureset : "?");
		add_why(why, cap, buf);
	} else {
		char sha[DS_SHA_HEX];
		const char *was = jstr(j, "recipe_sha256");
		if (ds_recipe_sha(&fs->recipe, sha, NULL) == LL_OK && (!was || strcmp(was, sha) != 0)) {
			/* A recipe naming no ordinary class, run before the default
			 * names grew (recipe_sha256 of the old list): the same
			 * recipe, stale only when a class of the run is one of the
			 * names that joined (its build would now differ). */
			struct ll_recipe pinned = fs->recipe;
			ll_recipe_pin_ordinary_v1(&pinned);
			const char *joined = NULL;
			if (was && ds_recipe_sha(&pinned, sha, NULL) == LL_OK && strcmp(was, sha) == 0) {
				const cJSON *cl = cJSON_GetObjectItemCaseSensitive(j, "classes"), *e;
				cJSON_ArrayForEach(e, cl)
					if (!joined && cJSON_IsString(e) && ll_default_ordinary_new_name(e->valuestring))
						joined = e->valuestring;
				if (joined) {
					snprintf(buf, sizeof buf,
						 "the default ordinary class names of feature set \"%s\" now take its class \"%s\"",
						 r->featureset, joined);
					add_why(why, cap, buf);
				}
			} else {
				snprintf(buf, sizeof buf, "recipe of feature set \"%s\" changed", r->featureset);
				add_why(why, cap, buf);
			}
		}
	}
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "dataset");
	const char *path = d ? jstr(d, "path") : NULL, *dsha = d ? jstr(d, "sha256") : NULL;
	if (path && !strstr(path, "://")) {
		struct ds_fingerprint fp;
		struct ll_err sub;
		int unreadable = ds_file_fingerprint(path, &fp, &sub) != LL_OK;
		if (unreadable) {
			/* the cause names the file: "not a regular file" is not
			 * "Too many open files" */
			snprintf(buf, sizeof buf, "dataset can no longer be read (%s)", sub.msg);
			add_why(why, cap, buf);
		} else if (!dsha || strcmp(dsha, fp.sha256) != 0) {
			snprintf(buf, sizeof buf, "dataset content changed (%s)", path);
			add_why(why, cap, buf);
		}
		char *jp = ds_labels_default_path(path);
		const char *state_was = jstr(j, "labels_state_sha256");
		char now[DS_SHA_HEX] = "";
		if (unreadable) {
			/* the labels of a dataset that cannot be read: its cause said it */
		} else if (state_was) {
			/* What the labels are, not the journal's bytes: a label set and
			 * undone changes nothing. */
			if (labels_state_sha(path, now, &sub) != LL_OK) {
				snprintf(buf, sizeof buf, "the label journal can no longer be read (%s)", sub.msg);
				add_why(why, cap, buf);
			}
			else if (strcmp(now, state_was) != 0)
				add_why(why, cap, "labels changed since");
		} else {
			/* A run recorded before labels_state_sha256: the journal's bytes. */
			const char *jwas = jstr(j, "journal_sha256");
			struct stat st;
			if (jp && stat(jp, &st) == 0 && ds_file_fingerprint(jp, &fp, &sub) == LL_OK)
				memcpy(now, fp.sha256, DS_SHA_HEX);
			if (strcmp(now, jwas ? jwas : "") != 0)
				add_why(why, cap, !now[0] ? "label journal removed"
						: !jwas || !jwas[0] ? "labels edited (new journal)" : "label journal changed");
		}
		free(jp);
	}
	return why[0] != '\0';
}

/* ----------------------------------------------------------- opening */

static void fit_free(struct ds_fit *f)
{
	free(f->scaler_text);
	free(f->imputer_text);
	free(f->tfidf_text);
	ll_tpl_free(f->tpl);
	for (size_t i = 0; i < f->nclasses; i++)
		free(f->classes[i]);
	free(f->classes);
	for (size_t i = 0; i < f->nnames; i++)
		free(f->names[i]);
	free(f->names);
	memset(f, 0, sizeof *f);
}

void ds_run_close(struct ds_run *r)
{
	free(r->dir);
	cJSON_Delete(r->json);
	fit_free(&r->fit);
	ll_exp_free(r->model);
	ll_sdet_free(r->detector);
	free(r->ordinary);
	memset(r, 0, sizeof *r);
}

/* Reads dir/name when it exists; *text NULL otherwise. */
static int read_optional(const char *dir, const char *name, char **text, struct ll_err *err)
{
	*text = NULL;
	char *p = ll_path_join(dir, name);
	if (!p)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int rc = access(p, F_OK) == 0 ? ds_read_text(p, text, NULL, err) : LL_OK;
	free(p);
	return rc;
}

/* The run's fitted scaler, imputer and TF-IDF parse: a file edited by hand or
 * damaged is named here, with its folder (applied later, its error named
 * neither: "scaler line 1: expected 'loglab-scaler 1'"). */
static int check_fit_text(const char *dir, const struct ds_fit *fit, struct ll_err *err)
{
	struct ll_err sub;
	ll_err_clear(&sub);
	int rc = LL_OK;
	const char *bad = NULL;
	if (fit->scaler_text) {
		struct ll_scaler s = {0};
		if ((rc = ll_scaler_parse(&s, fit->scaler_text, &sub)) != LL_OK)
			bad = "scaler.txt";
		ll_scaler_free(&s);
	}
	if (rc == LL_OK && fit->imputer_text) {
		struct ll_imputer imp = {0};
		if ((rc = ll_imputer_parse(&imp, fit->imputer_text, &sub)) != LL_OK)
			bad = "imputer.txt";
		ll_imputer_free(&imp);
	}
	if (bad)
		return ll_err_set(err, rc, "%s/%s: %s", dir, bad, sub.msg);
	if (fit->tfidf_text) { /* its errors start with the name given */
		char *name = ll_path_join(dir, "tfidf.txt");
		struct ll_tfidf *tf = NULL;
		rc = name ? ll_recipe_load_tfidf(fit->tfidf_text, name, &tf, NULL, NULL, err)
			  : ll_err_set(err, LL_ENOMEM, "out of memory");
		ll_tfidf_free(tf);
		free(name);
	}
	return rc;
}

static int run_open(const char *ws_dir, const char *id, int detectors, struct ds_run *out, struct ll_err *err)
{
	memset(out, 0, sizeof *out);
	if (!(out->dir = ds_run_dir(ws_dir, id)))
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	char *p = ll_path_join(out->dir, "run.json");
	void *j = NULL;
	int rc = p ? ds_read_json(p, &j, err) : ll_err_set(err, LL_ENOMEM, "out of memory");
	free(p);
	if (rc) {
		if (rc == LL_EIO)
			rc = ll_err_set(err, LL_EUSAGE, "no run \"%s\" (no %s/run.json); `loglab runs` lists them", id,
					out->dir);
		goto fail;
	}
	out->json = j;
	const char *status = jstr(j, "status");
	if (!status || strcmp(status, "done") != 0) {
		/* what to do about it: wait for the training that holds it, resume
		 * it, or train again (a logistic regression keeps no checkpoint;
		 * every unfinished run was told to resume) */
		long pid = ds_run_lock_holder(out->dir);
		struct ll_err why;
		ll_err_clear(&why);
		if (pid)
			rc = ll_err_set(err, LL_EUSAGE, "run %s is training now (process %ld): it can be read once done", id,
					pid);
		else if (ds_run_resumable(out->dir, j, &why) == LL_OK)
			rc = ll_err_set(err, LL_EUSAGE, "run %s is %s, not finished (resume it with loglab train --resume %s)",
					id, status && strcmp(status, "running") != 0 ? status : "interrupted", id);
		else {
			const char *w = why.msg, *blank = strncmp(w, "run ", 4) == 0 ? strchr(w + 4, ' ') : NULL;
			if (blank)
				w = blank + 1; /* "run ID " said once */
			rc = ll_err_set(err, LL_EUSAGE, "run %s is %s, not finished: %s", id,
					status && strcmp(status, "running") != 0 ? status : "interrupted", w);
		}
		goto fail;
	}
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(j, "experiment_config");
	const cJSON *rj = cJSON_GetObjectItemCaseSensitive(j, "recipe");
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "dataset");
	if (!x || !rj || !d) {
		rc = ll_err_set(err, LL_EDATA, "%s/run.json: missing experiment_config, recipe or dataset", out->dir);
		goto fail;
	}
	/* a series detector's run: its own model file, no ll_exp */
	const cJSON *dj = cJSON_GetObjectItemCaseSensitive(j, "detector");
	if (dj && !detectors) {
		rc = ll_err_set(err, LL_EUSAGE,
				"run %s is a series detector: it has no classes to predict or review; "
				"loglab eval %s DATASET scores a series", id, id);
		goto fail;
	}
	if (dj)
		ll_exp_defaults_for(&out->cfg, LL_EXP_KMEANS);
	/* a run.json edited by hand: the error names the file, in the run's
	 * folder (it said "experiment.json: lr: ...", a file there is not) */
	if (!dj && (rc = ds_exp_cfg_from_json(x, &out->cfg, err)) != LL_OK) {
		char msg[LL_ERR_MSG_MAX];
		const char *m = err->msg;
		if (strncmp(m, "experiment.json: ", 17) == 0)
			m += 17;
		snprintf(msg, sizeof msg, "%s", m);
		ll_err_set(err, rc, "%s/run.json: experiment_config: %s", out->dir, msg);
		goto fail;
	}
	char *rname = ll_path_join(out->dir, "run.json: recipe");
	rc = rname ? ds_recipe_from_json(rj, rname, &out->recipe, err) : ll_err_set(err, LL_ENOMEM, "out of memory");
	free(rname);
	if (rc != LL_OK)
		goto fail;
	/* a run written before text.masks was a key masked with the set that
	 * was the default then, without the code mode */
	const cJSON *tj = cJSON_GetObjectItemCaseSensitive(rj, "text");
	if (cJSON_IsObject(tj) && !cJSON_GetObjectItemCaseSensitive(tj, "masks"))
		out->recipe.text_masks = LL_MASK_DEFAULT;
	out->dataset_path = jstr(d, "path");
	out->dataset_format = jstr(d, "format");
	out->dataset_labels = jstr(d, "labels");
	out->fingerprint = jstr(j, "featureset_fingerprint");
	const cJSON *cl = cJSON_GetObjectItemCaseSensitive(j, "classes");
	size_t nc = (size_t)cJSON_GetArraySize(cl);
	out->fit.classes = calloc(nc ? nc : 1, sizeof *out->fit.classes);
	if (!out->fit.classes) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto fail;
	}
	for (const cJSON *e = cl ? cl->child : NULL; e; e = e->next)
		if (!(out->fit.classes[out->fit.nclasses++] = strdup(cJSON_IsString(e) ? e->valuestring : ""))) {
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
			goto fail;
		}
	/* the feature names, kept when few enough (DS_RUN_MAX_FEATURE_NAMES) */
	const cJSON *fj = cJSON_GetObjectItemCaseSensitive(j, "features");
	const cJSON *nj = fj ? cJSON_GetObjectItemCaseSensitive(fj, "names") : NULL;
	if (cJSON_IsArray(nj) && cJSON_GetArraySize(nj) > 0) {
		size_t nn = (size_t)cJSON_GetArraySize(nj);
		if (!(out->fit.names = calloc(nn, sizeof *out->fit.names))) {
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
			goto fail;
		}
		for (const cJSON *e = nj->child; e; e = e->next)
			if (!(out->fit.names[out->fit.nnames++] = strdup(cJSON_IsString(e) ? e->valuestring : ""))) {
				rc = ll_err_set(err, LL_ENOMEM, "out of memory");
				goto fail;
			}
	}
	if (!(out->ordinary = ds_ordinary_flags(&out->recipe, (const char *const *)out->fit.classes, nc))) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto fail;
	}
	char *tpl_text = NULL;
	if ((rc = read_optional(out->dir, "scaler.txt", &out->fit.scaler_text, err)) != LL_OK ||
	    (rc = read_optional(out->dir, "imputer.txt", &out->fit.imputer_text, err)) != LL_OK ||
	    (rc = read_optional(out->dir, "tfidf.txt", &out->fit.tfidf_text, err)) != LL_OK ||
	    (rc = read_optional(out->dir, "templates.txt", &tpl_text, err)) != LL_OK)
		goto fail;
	if ((rc = check_fit_text(out->dir, &out->fit, err)) != LL_OK) {
		free(tpl_text);
		goto fail;
	}
	if (tpl_text) {
		struct ll_tpl_config tc;
		ll_tpl_config_default(&tc);
		FILE *mf = fmemopen(tpl_text, strlen(tpl_text), "r");
		rc = mf ? ll_tpl_new(&tc, &out->fit.tpl, err) : ll_err_set(err, LL_ENOMEM, "out of memory");
		char *tname = ll_path_join(out->dir, "templates.txt"); /* named in its errors */
		if (rc == LL_OK)
			rc = tname ? ll_tpl_load(out->fit.tpl, mf, tname, err) : ll_err_set(err, LL_ENOMEM, "out of memory");
		free(tname);
		if (mf)
			fclose(mf);
		free(tpl_text);
		if (rc)
			goto fail;
	}
	char *mp = ll_path_join(out->dir, "model.llm");
	rc = !mp ? ll_err_set(err, LL_ENOMEM, "out of memory")
	     : dj ? ll_sdet_load(mp, out->fingerprint, &out->detector, err)
		  : ll_exp_load(&out->cfg, mp, out->fingerprint, &out->model, err);
	free(mp);
	if (rc == LL_OK)
		return LL_OK;
fail:
	ds_run_close(out);
	return rc;
}

int ds_run_open(const char *ws_dir, const char *id, struct ds_run *out, struct ll_err *err)
{
	return run_open(ws_dir, id, 0, out, err);
}

int ds_run_open_any(const char *ws_dir, const char *id, struct ds_run *out, struct ll_err *err)
{
	return run_open(ws_dir, id, 1, out, err);
}

/* ----------------------------------------------------------- results */

static cJSON *num_or_null(double v)
{
	return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static cJSON *part_json(const struct ll_exp_part_metrics *pm, const struct ll_featmat *m)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "samples", (double)pm->n);
	if (!pm->n)
		return o;
	if (pm->has_report) {
		const struct ll_report *r = &pm->rep;
		cJSON_AddNumberToObject(o, "accuracy", r->accuracy);
		cJSON_AddNumberToObject(o, "balanced_accuracy", r->balanced_accuracy);
		cJSON_AddNumberToObject(o, "mcc", r->mcc);
		cJSON_AddNumberToObject(o, "precision_macro", r->macro.precision);
		cJSON_AddNumberToObject(o, "recall_macro", r->macro.recall);
		cJSON_AddNumberToObject(o, "f1_macro", r->macro.f1);
		cJSON_AddNumberToObject(o, "f1_weighted", r->weighted.f1);
		cJSON *pc = cJSON_AddObjectToObject(o, "per_class");
		for (size_t c = 0; c < pm->k; c++) {
			cJSON *e = cJSON_AddObjectToObject(pc, m->classes[c]);
			cJSON_AddNumberToObject(e, "precision", r->cls[c].precision);
			cJSON_AddNumberToObject(e, "recall", r->cls[c].recall);
			cJSON_AddNumberToObject(e, "f1", r->cls[c].f1);
			cJSON_AddNumberToObject(e, "support", (double)r->cls[c].support);
			cJSON_AddNumberToObject(e, "predicted", (double)r->cls[c].predicted);
		}
	}
	cJSON_AddItemToObject(o, "log_loss", pm->has_log_loss ? num_or_null(pm->log_loss) : cJSON_CreateNull());
	cJSON *rc = cJSON_AddObjectToObject(o, "root_cause");
	cJSON_AddNumberToObject(rc, "positives", (double)pm->npos);
	cJSON_AddNumberToObject(rc, "negatives", (double)pm->nneg);
	/* of those, samples of classes the run never saw, by their names */
	if (pm->n_rc_only)
		cJSON_AddNumberToObject(rc, "unseen_class_samples", (double)pm->n_rc_only);
	cJSON_AddItemToObject(rc, "auroc", pm->has_auroc ? num_or_null(pm->auroc) : cJSON_CreateNull());
	cJSON_AddItemToObject(rc, "average_precision", pm->has_ap ? num_or_null(pm->ap) : cJSON_CreateNull());
	if (pm->has_auroc_ovr)
		cJSON_AddNumberToObject(o, "auroc_ovr_macro", pm->auroc_ovr_macro);
	cJSON *cm = cJSON_AddArrayToObject(o, "confusion_matrix");
	for (size_t a = 0; a < pm->k; a++) {
		cJSON *row = cJSON_CreateArray();
		for (size_t b = 0; b < pm->k; b++)
			cJSON_AddItemToArray(row, cJSON_CreateNumber((double)pm->cm[a * pm->k + b]));
		cJSON_AddItemToArray(cm, row);
	}
	return o;
}

static const char *const part_names[] = {"train", "dev", "test"};

/* A part without samples of a class: its recall and F1 are undefined. The
 * macro averages count it, at 0, only where the part predicts it (a
 * two-class test part without a positive row, one predicted, reports
 * f1_macro 0.5), and leave it out otherwise (scikit-learn's rule, over the
 * labels of y_true and y_pred): say which. */
#define MISSING_CLASSES_NAMED 3 /* more are said in one line, three named */

/* One line for the classes of one kind (counted or not) when there are
 * more than MISSING_CLASSES_NAMED: a target of hundreds of classes would
 * otherwise say hundreds of lines. */
static void add_missing_class_summary(cJSON *warns, const struct ll_exp_part_metrics *pm, const struct ll_featmat *m,
				      const char *part, int counted, size_t n)
{
	char names[400] = "";
	size_t len = 0, named = 0;
	for (size_t c = 0; c < pm->k && named < MISSING_CLASSES_NAMED; c++) {
		if (pm->rep.cls[c].support || !pm->rep.cls[c].counted != !counted)
			continue;
		int w = snprintf(names + len, sizeof names - len, "%s\"%.100s\"", named ? ", " : "", m->classes[c]);
		if (w > 0 && (size_t)w < sizeof names - len)
			len += (size_t)w;
		named++;
	}
	char buf[640];
	if (counted)
		snprintf(buf, sizeof buf,
			 "the %s part has no samples of %zu classes it predicts (%s, ...): their precision, recall and "
			 "F1 are 0 and the macro averages count them",
			 part, n, names);
	else
		snprintf(buf, sizeof buf,
			 "the %s part has no samples of %zu classes (%s, ...) and predicts none of them: the macro "
			 "averages leave them out",
			 part, n, names);
	cJSON_AddItemToArray(warns, cJSON_CreateString(buf));
}

static void add_missing_class_warnings(cJSON *warns, const struct ll_exp_part_metrics *pm, const struct ll_featmat *m,
				       const char *part)
{
	if (!pm->has_report || pm->n == 0)
		return;
	size_t nkind[2] = {0, 0};
	for (size_t c = 0; c < pm->k; c++)
		if (!pm->rep.cls[c].support)
			nkind[pm->rep.cls[c].counted ? 1 : 0]++;
	for (int kind = 1; kind >= 0; kind--)
		if (nkind[kind] > MISSING_CLASSES_NAMED)
			add_missing_class_summary(warns, pm, m, part, kind, nkind[kind]);
	for (size_t c = 0; c < pm->k; c++) {
		if (pm->rep.cls[c].support || nkind[pm->rep.cls[c].counted ? 1 : 0] > MISSING_CLASSES_NAMED)
			continue;
		char buf[512];
		if (pm->rep.cls[c].counted)
			snprintf(buf, sizeof buf,
				 "the %s part has no samples of class \"%s\" but predicts it %zu times: its precision, "
				 "recall and F1 are 0 and the macro averages count them",
				 part, m->classes[c], pm->rep.cls[c].predicted);
		else
			snprintf(buf, sizeof buf,
				 "the %s part has no samples of class \"%s\" and predicts none: the macro averages "
				 "leave it out",
				 part, m->classes[c]);
		cJSON_AddItemToArray(warns, cJSON_CreateString(buf));
	}
}

/* The part whose curves are reported: test, else dev, else train. */
static int curve_part(const struct ll_featmat *m)
{
	for (int p = 2; p >= 0; p--)
		if (ll_featmat_count(m, (enum ll_split_part)p) > 0)
			return p;
	return 0;
}

/* A k-means run on log lines: each cluster's commonest templates, what its
 * lines say (hashed text features have no names a reader knows). Windows
 * of lines are left out: a window's first template is not what it holds. */
#define CLUSTER_TOP_TEMPLATES 3
static int cluster_templates(cJSON *km, const struct ds_results *res, struct ll_err *err)
{
	const struct ds_fsdata *fs = res->fs;
	const struct ll_featmat *m = &fs->fm;
	const struct ll_exp_pred *p = res->pred;
	if (!fs->tids || !fs->tpl || fs->recipe.window != LL_RWIN_NONE || m->steps != 1)
		return LL_OK;
	size_t n = p->n, k = p->k, top = CLUSTER_TOP_TEMPLATES, nrows = ll_table_nrows(fs->t);
	long *tpl = malloc((n ? n : 1) * sizeof *tpl), *ids = malloc((k ? k : 1) * top * sizeof *ids);
	size_t *counts = malloc((k ? k : 1) * top * sizeof *counts);
	int rc = tpl && ids && counts ? LL_OK : ll_err_set(err, LL_ENOMEM, "out of memory");
	for (size_t i = 0; rc == LL_OK && i < n; i++) {
		size_t row = m->origin ? m->origin[i] : i;
		tpl[i] = row < nrows ? fs->tids[row] : -1;
	}
	if (rc == LL_OK)
		rc = ll_cluster_top_templates(p->pred, tpl, n, k, ll_tpl_count(fs->tpl), top, ids, counts, err);
	cJSON *all = rc == LL_OK ? cJSON_AddArrayToObject(km, "templates") : NULL;
	for (size_t j = 0; all && j < k; j++) {
		cJSON *list = cJSON_CreateArray();
		for (size_t r = 0; list && r < top && ids[j * top + r] >= 0; r++) {
			char text[1024];
			ll_tpl_text(fs->tpl, ids[j * top + r], text, sizeof text);
			cJSON *e = cJSON_CreateObject();
			cJSON_AddNumberToObject(e, "id", (double)ids[j * top + r]);
			cJSON_AddNumberToObject(e, "lines", (double)counts[j * top + r]);
			cJSON_AddStringToObject(e, "template", text);
			cJSON_AddItemToArray(list, e);
		}
		cJSON_AddItemToArray(all, list);
	}
	free(tpl);
	free(ids);
	free(counts);
	return rc;
}

static int metrics_doc(const struct ds_results *res, cJSON **out, struct ll_exp_part_metrics *curves,
		       struct ll_exp_cluster_metrics *clus, struct ll_err *err)
{
	const struct ll_featmat *m = &res->fs->fm;
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	cJSON_AddStringToObject(o, "model", ll_exp_model_name(res->cfg->model));
	cJSON *cl = cJSON_AddArrayToObject(o, "classes");
	for (size_t c = 0; c < m->nclasses; c++)
		cJSON_AddItemToArray(cl, cJSON_CreateString(m->classes[c]));
	cJSON_AddNumberToObject(o, "samples", (double)m->n);
	cJSON *warns = cJSON_AddArrayToObject(o, "warnings");
	const char *const *mw = NULL;
	size_t nmw = res->model ? ll_exp_warnings(res->model, &mw) : 0;
	for (size_t i = 0; i < nmw; i++)
		cJSON_AddItemToArray(warns, cJSON_CreateString(mw[i]));
	int rc = LL_OK;
	if (res->cfg->model != LL_EXP_KMEANS) {
		cJSON *parts = cJSON_AddObjectToObject(o, "parts");
		int cp = curve_part(m);
		for (int p = 0; p < 3 && rc == LL_OK; p++) {
			if (!ll_featmat_count(m, (enum ll_split_part)p))
				continue;
			struct ll_exp_part_metrics pm;
			if ((rc = ll_exp_metrics_rc(m, res->pred, p, res->ordinary, res->fs->unseen_truth, &pm, err)) !=
			    LL_OK)
				break;
			add_missing_class_warnings(warns, &pm, m, part_names[p]);
			cJSON_AddItemToObject(parts, part_names[p], part_json(&pm, m));
			if (p == cp && curves)
				*curves = pm;
			else
				ll_exp_metrics_free(&pm);
		}
		cJSON_AddStringToObject(o, "curves_part", part_names[cp]);
	} else {
		cJSON *km = cJSON_AddObjectToObject(o, "kmeans");
		const double *in = NULL, *sil = NULL;
		size_t nk = res->model ? ll_exp_elbow(res->model, &in, &sil) : 0;
		cJSON_AddNumberToObject(km, "k", (double)res->pred->k);
		cJSON *el = cJSON_AddArrayToObject(km, "elbow");
		for (size_t i = 0; i < nk; i++) {
			cJSON *e = cJSON_CreateObject();
			cJSON_AddNumberToObject(e, "k", (double)(res->cfg->k_min + i));
			cJSON_AddItemToObject(e, "inertia", num_or_null(in[i]));
			cJSON_AddItemToObject(e, "silhouette", num_or_null(sil[i]));
			cJSON_AddItemToArray(el, e);
		}
		struct ll_exp_cluster_metrics cm;
		if ((rc = ll_exp_cluster_metrics(m, res->pred, &cm, err)) == LL_OK) {
			cJSON *sizes = cJSON_AddArrayToObject(km, "cluster_sizes");
			size_t *sz = calloc(cm.k ? cm.k : 1, sizeof *sz);
			for (size_t i = 0; sz && i < res->pred->n; i++)
				if (res->pred->pred[i] >= 0 && (size_t)res->pred->pred[i] < cm.k)
					sz[res->pred->pred[i]]++;
			for (size_t c = 0; sz && c < cm.k; c++)
				cJSON_AddItemToArray(sizes, cJSON_CreateNumber((double)sz[c]));
			free(sz);
			cJSON_AddNumberToObject(km, "labelled_samples", (double)cm.n);
			cJSON_AddItemToObject(km, "purity", cm.has_purity ? num_or_null(cm.purity) : cJSON_CreateNull());
			cJSON_AddItemToObject(km, "ari", cm.has_purity ? num_or_null(cm.ari) : cJSON_CreateNull());
			cJSON *tab = cJSON_AddArrayToObject(km, "contingency");
			for (size_t a = 0; a < cm.nclasses; a++) {
				cJSON *row = cJSON_CreateArray();
				for (size_t b = 0; b < cm.k; b++)
					cJSON_AddItemToArray(row, cJSON_CreateNumber((double)cm.tab[a * cm.k + b]));
				cJSON_AddItemToArray(tab, row);
			}
			if (clus)
				*clus = cm;
			else
				ll_exp_cluster_metrics_free(&cm);
		}
		if (rc == LL_OK)
			rc = cluster_templates(km, res, err);
	}
	if (res->fs->unknown_class)
		cJSON_AddNumberToObject(o, "unknown_class_samples", (double)res->fs->unknown_class);
	/* which classes, and what the root-cause figures took each for */
	if (res->fs->n_unseen) {
		cJSON *uc = cJSON_AddArrayToObject(o, "unknown_classes");
		for (size_t u = 0; uc && u < res->fs->n_unseen; u++) {
			cJSON *e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "class", res->fs->unseen_names[u]);
			cJSON_AddNumberToObject(e, "samples", (double)res->fs->unseen_samples[u]);
			cJSON_AddStringToObject(e, "root_cause_truth",
						res->fs->unseen_rc[u] < 0   ? "not known"
						: res->fs->unseen_rc[u] > 0 ? "root cause"
									    : "ordinary");
			cJSON_AddItemToArray(uc, e);
		}
	}
	if (rc) {
		cJSON_Delete(o);
		return rc;
	}
	*out = o;
	return LL_OK;
}

int ds_results_metrics(const struct ds_results *res, void **metrics, struct ll_err *err)
{
	cJSON *o = NULL;
	int rc = metrics_doc(res, &o, NULL, NULL, err);
	*metrics = o;
	return rc;
}

static cJSON *darray(const double *v, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; a && i < n; i++)
		cJSON_AddItemToArray(a, num_or_null(v[i]));
	return a;
}

/* A growable text buffer for the CSV/TSV files. */
struct sbuf {
	char *s;
	size_t n, cap;
	int oom;
};

static void sb_add(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(struct sbuf *b, const char *fmt, ...)
{
	if (b->oom)
		return;
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int k = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? b->cap - b->n : 0, fmt, ap);
		va_end(ap);
		if (k < 0) {
			b->oom = 1;
			return;
		}
		if (b->s && b->n + (size_t)k < b->cap) {
			b->n += (size_t)k;
			return;
		}
		size_t nc = b->cap ? b->cap * 2 : 4096;
		while (nc < b->n + (size_t)k + 1)
			nc *= 2;
		char *p = realloc(b->s, nc);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->s = p;
		b->cap = nc;
	}
}

/* Room for k more bytes and a NUL; 0 when out of memory. */
static int sb_room(struct sbuf *b, size_t k)
{
	if (b->oom)
		return 0;
	if (b->s && b->n + k < b->cap)
		return 1;
	size_t nc = b->cap ? b->cap * 2 : 4096;
	while (nc < b->n + k + 1)
		nc *= 2;
	char *p = realloc(b->s, nc);
	if (!p) {
		b->oom = 1;
		return 0;
	}
	b->s = p;
	b->cap = nc;
	return 1;
}

static void sb_put(struct sbuf *b, const char *s, size_t k)
{
	if (!sb_room(b, k))
		return;
	memcpy(b->s + b->n, s, k);
	b->n += k;
	b->s[b->n] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

/* A class name as a field of a TSV (ll_tsvesc.h): a CSV label may hold a
 * tab or a newline ("a<TAB>b"), which raw would split the field or the
 * line, and review would refuse the file. */
static void sb_name(struct sbuf *b, const char *s)
{
	if (!ll_tsv_needs_escape(s)) {
		sb_str(b, s);
		return;
	}
	size_t k = ll_tsv_escaped_len(s);
	if (!sb_room(b, k))
		return;
	b->n += ll_tsv_escape(s, b->s + b->n);
}

/* An optional separator, then v as "%.<prec>g" (ll_fmt_g: the same text,
 * without printf's multi-precision path: the predictions of a large run
 * are millions of numbers). */
static void sb_num(struct sbuf *b, char sep, double v, int prec)
{
	if (!sb_room(b, LL_FMT_G_MAX + 1))
		return;
	if (sep)
		b->s[b->n++] = sep;
	b->n += (size_t)ll_fmt_g(b->s + b->n, v, prec);
}

static void sb_uint(struct sbuf *b, char sep, size_t v)
{
	char tmp[24];
	int n = 0;
	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	if (!sb_room(b, (size_t)n + 1))
		return;
	if (sep)
		b->s[b->n++] = sep;
	while (n > 0)
		b->s[b->n++] = tmp[--n];
	b->s[b->n] = '\0';
}

static int sb_write(struct sbuf *b, const char *dir, const char *name, struct ll_err *err)
{
	if (b->oom) {
		free(b->s);
		return ll_err_set(err, LL_ENOMEM, "out of memory writing %s", name);
	}
	char *p = ll_path_join(dir, name);
	int rc = p ? ds_write_text(p, b->s ? b->s : "", b->n, err) : ll_err_set(err, LL_ENOMEM, "out of memory");
	free(p);
	free(b->s);
	memset(b, 0, sizeof *b);
	return rc;
}

static int write_predictions(const char *dir, const struct ds_results *res, struct ll_err *err)
{
	const struct ll_featmat *m = &res->fs->fm;
	const struct ll_exp_pred *p = res->pred;
	struct sbuf b = {0};
	int km = res->cfg->model == LL_EXP_KMEANS;
	sb_add(&b, "sample\trow\tpart\ttrue\t%s\tscore", km ? "cluster" : "predicted");
	for (size_t c = 0; !km && c < p->k; c++) {
		sb_str(&b, "\tp_");
		sb_name(&b, m->classes[c]);
	}
	sb_add(&b, "%s\ttemplate\n", km ? "" : "\treview");
	const struct ll_crossfit_result *cf = res->review;
	struct ll_exp_pred oof = {p->n, p->k, p->pred, cf && cf->n == p->n && cf->k == p->k ? cf->proba : NULL, NULL};
	for (size_t i = 0; i < p->n; i++) {
		size_t row = m->origin ? m->origin[i] : i;
		/* a class the run never saw (eval) by its name: the model has
		 * no id for it, but the row's truth is known */
		const int *uo = res->fs->unseen_of;
		const char *truth = m->y[i] >= 0 ? m->classes[m->y[i]] : uo && uo[i] >= 0 ? res->fs->unseen_names[uo[i]] : "";
		sb_uint(&b, 0, i + 1);
		sb_uint(&b, '\t', row + 1);
		sb_put(&b, "\t", 1);
		sb_str(&b, part_names[m->split ? m->split[i] % 3 : 0]);
		sb_put(&b, "\t", 1);
		sb_name(&b, truth);
		sb_put(&b, "\t", 1);
		if (km) {
			sb_add(&b, "%d", p->pred[i]);
			sb_num(&b, '\t', (double)p->dist2[i], 6);
		} else {
			sb_name(&b, m->classes[p->pred[i]]);
			sb_num(&b, '\t', ll_exp_rc_score(p, res->ordinary, i), 6);
		}
		for (size_t c = 0; !km && c < p->k; c++)
			sb_num(&b, '\t', (double)p->proba[i * p->k + c], 6);
		/* the review queue's score: out of fold where cross-fitted */
		if (!km)
			sb_num(&b, '\t',
			       ll_exp_rc_score(oof.proba && !isnan(oof.proba[i * p->k]) ? &oof : p, res->ordinary, i), 6);
		if (res->fs->tids && row < ll_table_nrows(res->fs->t) && res->fs->tids[row] >= 0)
			sb_add(&b, "\t%ld\n", res->fs->tids[row]);
		else
			sb_put(&b, "\t\n", 2);
	}
	return sb_write(&b, dir, "predictions.tsv", err);
}

int ds_results_write(const char *dir, const struct ds_results *res, void **metrics, struct ll_err *err)
{
	struct ll_exp_part_metrics cv;
	struct ll_exp_cluster_metrics clus;
	memset(&cv, 0, sizeof cv);
	memset(&clus, 0, sizeof clus);
	cJSON *mj = NULL, *cj = NULL;
	int rc = metrics_doc(res, &mj, &cv, &clus, err);
	if (rc)
		return rc;
	char *p = ll_path_join(dir, "metrics.json");
	rc = p ? ds_write_json(p, mj, err) : ll_err_set(err, LL_ENOMEM, "out of memory");
	free(p);
	/* curves */
	cj = cJSON_CreateObject();
	struct sbuf b = {0};
	const struct ll_train_result *h = res->hist;
	if (rc == LL_OK && h && h->n_hist) {
		cJSON_AddItemToObject(cj, "loss", darray(h->hist_loss, h->n_hist));
		cJSON_AddItemToObject(cj, "dev_loss", darray(h->hist_dev_loss, h->n_hist));
		cJSON_AddItemToObject(cj, "dev_accuracy", darray(h->hist_dev_metric, h->n_hist));
		sb_add(&b, "epoch,loss,dev_loss,dev_accuracy\n");
		for (size_t i = 0; i < h->n_hist; i++)
			sb_add(&b, "%zu,%.9g,%.9g,%.9g\n", i + 1, h->hist_loss[i], h->hist_dev_loss[i], h->hist_dev_metric[i]);
		rc = sb_write(&b, dir, "loss.csv", err);
	}
	if (rc == LL_OK && cv.nroc) {
		cJSON *r = cJSON_AddObjectToObject(cj, "roc");
		cJSON_AddItemToObject(r, "fpr", darray(cv.fpr, cv.nroc));
		cJSON_AddItemToObject(r, "tpr", darray(cv.tpr, cv.nroc));
		cJSON_AddItemToObject(r, "threshold", darray(cv.roc_thr, cv.nroc));
		sb_add(&b, "fpr,tpr,threshold\n");
		for (size_t i = 0; i < cv.nroc; i++) {
			sb_num(&b, 0, cv.fpr[i], 9);
			sb_num(&b, ',', cv.tpr[i], 9);
			sb_num(&b, ',', cv.roc_thr[i], 9);
			sb_put(&b, "\n", 1);
		}
		rc = sb_write(&b, dir, "roc.csv", err);
	}
	if (rc == LL_OK && cv.npr) {
		cJSON *r = cJSON_AddObjectToObject(cj, "pr");
		cJSON_AddItemToObject(r, "precision", darray(cv.prec, cv.npr));
		cJSON_AddItemToObject(r, "recall", darray(cv.rec, cv.npr));
		cJSON_AddItemToObject(r, "threshold", darray(cv.pr_thr, cv.npr - 1));
		sb_add(&b, "precision,recall,threshold\n");
		for (size_t i = 0; i < cv.npr; i++) {
			sb_num(&b, 0, cv.prec[i], 9);
			sb_num(&b, ',', cv.rec[i], 9);
			sb_put(&b, ",", 1);
			if (i + 1 < cv.npr)
				sb_num(&b, 0, cv.pr_thr[i], 9);
			sb_put(&b, "\n", 1);
		}
		rc = sb_write(&b, dir, "pr.csv", err);
	}
	if (rc == LL_OK && res->cfg->model == LL_EXP_KMEANS && res->model) {
		const double *in, *sil;
		size_t nk = ll_exp_elbow(res->model, &in, &sil);
		cJSON *e = cJSON_AddObjectToObject(cj, "elbow");
		cJSON *ka = cJSON_AddArrayToObject(e, "k");
		for (size_t i = 0; ka && i < nk; i++)
			cJSON_AddItemToArray(ka, cJSON_CreateNumber((double)(res->cfg->k_min + i)));
		cJSON_AddItemToObject(e, "inertia", darray(in, nk));
		cJSON_AddItemToObject(e, "silhouette", darray(sil, nk));
		sb_add(&b, "k,inertia,silhouette\n");
		for (size_t i = 0; i < nk; i++)
			sb_add(&b, "%zu,%.9g,%.9g\n", res->cfg->k_min + i, in[i], sil[i]);
		rc = sb_write(&b, dir, "elbow.csv", err);
	}
	if (rc == LL_OK) {
		p = ll_path_join(dir, "curves.json");
		rc = p ? ds_write_json(p, cj, err) : ll_err_set(err, LL_ENOMEM, "out of memory");
		free(p);
	}
	if (rc == LL_OK)
		rc = write_predictions(dir, res, err);
	free(b.s);
	cJSON_Delete(cj);
	ll_exp_metrics_free(&cv);
	ll_exp_cluster_metrics_free(&clus);
	if (rc == LL_OK && metrics)
		*metrics = mj;
	else
		cJSON_Delete(mj);
	return rc;
}
