/*
 * ds_workspace.c - loading, validating and saving loglab.json, and the
 * fingerprints of datasets and feature sets (see ds_workspace.h and
 * docs/workspace.md).
 *
 * Validation walks the cJSON tree with the dotted key path of the node in
 * hand, so every message names where the problem is. Keys starting with
 * "_" are comments: accepted anywhere, kept on save, never interpreted.
 */
#include "ds_workspace.h"
#include "ds_stdin.h"
#include "ds_fleet.h"
#include "ds_fleet_table.h"
#include "ds_jsonedit.h"
#include "ds_jsonmerge.h"
#include "ll_fileio.h"
#include "ds_header.h"
#include "ll_experiment.h"

#include "ds_reader.h"
#include "ds_remote.h"
#include "ds_source.h"
#include "ll_hashvec.h"
#include "ll_mask.h"
#include "ll_mat.h"
#include "ll_optim.h"
#include "ll_sdet.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------ did you mean */

/* Optimal string alignment distance: insertions, deletions, substitutions
 * and swaps of neighbours ("scael" is one step from "scale"). */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return SIZE_MAX;
	size_t d[65][65];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb];
}

const char *ds_did_you_mean(const char *s, const char *const *names, size_t n)
{
	size_t limit = strlen(s) / 3 > 1 ? strlen(s) / 3 : 1, best = SIZE_MAX;
	const char *pick = NULL;
	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(s, names[i]);
		if (d <= limit && d < best) {
			best = d;
			pick = names[i];
		}
	}
	return pick;
}

/* ------------------------------------------------------------ names */

int ds_ws_name_check(const char *name, const char *key, struct ll_err *err)
{
	const char *why = NULL;
	size_t n = strlen(name);
	if (n == 0)
		why = "empty";
	else if (n > 128)
		why = "longer than 128 bytes";
	else if (name[0] == '.')
		why = "starts with '.'";
	else if (strstr(name, ".."))
		why = "holds \"..\"";
	else if (strchr(name, '/') || strchr(name, '\\'))
		why = "holds a slash";
	for (size_t i = 0; !why && i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			why = "holds a control character";
	if (!why)
		return LL_OK;
	/* the key itself may hold the hostile bytes: ll_err_set escapes them */
	return ll_err_set(err, LL_EDATA,
			  "%s: not usable as a name (%s): names become file and folder names; use letters, digits, "
			  "'-', '_' and '.'",
			  key, why);
}

/* ------------------------------------------------------------ JSON helpers */

static int fail(struct ll_err *err, const char *prefix, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* "prefix.key: message" (or "prefix: message" without a key). */
static int fail(struct ll_err *err, const char *prefix, const char *key, const char *fmt, ...)
{
	char msg[700];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* a prefix ending in ':' is the file name alone (top-level keys) */
	size_t pl = strlen(prefix);
	const char *sep = pl && prefix[pl - 1] == ':' ? " " : ".";
	return ll_err_set(err, LL_EDATA, "%s%s%s: %s", prefix, key ? sep : "", key ? key : "", msg);
}

/* A short text of a JSON value for "got ..." in messages. */
static void describe(const cJSON *v, char *buf, size_t cap)
{
	/* cJSON prints an infinity (1e999 in the file) as null */
	if (cJSON_IsNumber(v) && !isfinite(v->valuedouble)) {
		snprintf(buf, cap, "a number beyond the range of a double");
		return;
	}
	char *s = cJSON_PrintUnformatted(v);
	if (!s) {
		snprintf(buf, cap, "(a value)");
		return;
	}
	if (strlen(s) > 60)
		snprintf(buf, cap, "%.57s...", s);
	else
		snprintf(buf, cap, "%s", s);
	free(s);
}

static int is_comment(const char *key)
{
	return key && key[0] == '_';
}

static int check_keys(const cJSON *obj, const char *const *allowed, size_t n, const char *prefix, struct ll_err *err)
{
	for (const cJSON *it = obj->child; it; it = it->next) {
		if (is_comment(it->string))
			continue;
		size_t i = 0;
		while (i < n && strcmp(it->string, allowed[i]) != 0)
			i++;
		if (i < n) {
			/* a key twice is legal JSON, but one of the two would be ignored */
			for (const cJSON *o = obj->child; o != it; o = o->next)
				if (o->string && strcmp(o->string, it->string) == 0)
					return fail(err, prefix, it->string, "key given twice");
			continue;
		}
		const char *dym = ds_did_you_mean(it->string, allowed, n);
		if (dym)
			return fail(err, prefix, it->string, "unknown key (did you mean \"%s\"?)", dym);
		char list[512] = "";
		for (size_t j = 0; j < n; j++) {
			strncat(list, j ? ", " : "", sizeof list - strlen(list) - 1);
			strncat(list, allowed[j], sizeof list - strlen(list) - 1);
		}
		return fail(err, prefix, it->string, "unknown key (known keys: %s)", list);
	}
	return LL_OK;
}

static int get_string(const cJSON *obj, const char *key, const char *prefix, const char **out, struct ll_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v)
		return 1; /* absent: keep the default */
	if (!cJSON_IsString(v)) {
		char got[80];
		describe(v, got, sizeof got);
		return fail(err, prefix, key, "must be a string, got %s", got);
	}
	*out = v->valuestring;
	return LL_OK;
}

/* A string into a fixed buffer. */
static int get_strbuf(const cJSON *obj, const char *key, const char *prefix, char *buf, size_t cap,
		      struct ll_err *err)
{
	const char *s;
	int rc = get_string(obj, key, prefix, &s, err);
	if (rc)
		return rc > 0 ? LL_OK : rc;
	if (strlen(s) >= cap)
		return fail(err, prefix, key, "too long (at most %zu bytes)", cap - 1);
	snprintf(buf, cap, "%s", s);
	return LL_OK;
}

static int get_number(const cJSON *obj, const char *key, const char *prefix, double *out, struct ll_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v)
		return LL_OK;
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) {
		char got[80];
		describe(v, got, sizeof got);
		return fail(err, prefix, key, "must be a number, got %s", got);
	}
	*out = v->valuedouble;
	return LL_OK;
}

/* An integer >= min (min 1: "a positive integer"). */
static int get_int(const cJSON *obj, const char *key, const char *prefix, long long min, long long max,
		   long long *out, int *given, struct ll_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (given)
		*given = v != NULL;
	if (!v)
		return LL_OK;
	double x = cJSON_IsNumber(v) ? v->valuedouble : NAN;
	if (!cJSON_IsNumber(v) || x != floor(x) || x < (double)min || x > (double)max) {
		char got[80];
		describe(v, got, sizeof got);
		if (min == 1)
			return fail(err, prefix, key, "must be a positive integer, got %s", got);
		if (min == 0)
			return fail(err, prefix, key, "must be an integer >= 0, got %s", got);
		return fail(err, prefix, key, "must be an integer from %lld to %lld, got %s", min, max, got);
	}
	*out = (long long)x;
	return LL_OK;
}

static int get_size(const cJSON *obj, const char *key, const char *prefix, long long min, size_t *out,
		    struct ll_err *err)
{
	long long v = (long long)*out;
	int rc = get_int(obj, key, prefix, min, (long long)1 << 53, &v, NULL, err);
	if (rc == LL_OK)
		*out = (size_t)v;
	return rc;
}

static int get_intv(const cJSON *obj, const char *key, const char *prefix, long long min, long long max, int *out,
		    struct ll_err *err)
{
	long long v = *out;
	int rc = get_int(obj, key, prefix, min, max, &v, NULL, err);
	if (rc == LL_OK)
		*out = (int)v;
	return rc;
}

static int get_bool(const cJSON *obj, const char *key, const char *prefix, int *out, struct ll_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v)
		return LL_OK;
	if (!cJSON_IsBool(v)) {
		char got[80];
		describe(v, got, sizeof got);
		return fail(err, prefix, key, "must be true or false, got %s", got);
	}
	*out = cJSON_IsTrue(v);
	return LL_OK;
}

/* A duration: "10s", "1min", ... or a number of seconds. */
static int get_duration(const cJSON *obj, const char *key, const char *prefix, double *out, struct ll_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v)
		return LL_OK;
	char got[80];
	describe(v, got, sizeof got);
	if (cJSON_IsNumber(v)) {
		if (!(v->valuedouble > 0) || !isfinite(v->valuedouble))
			return fail(err, prefix, key, "must be a positive duration, got %s", got);
		*out = v->valuedouble;
		return LL_OK;
	}
	struct ll_err sub;
	ll_err_clear(&sub);
	if (!cJSON_IsString(v) || ll_interval_parse(v->valuestring, out, &sub) != LL_OK)
		return fail(err, prefix, key, "must be a duration such as \"10s\", \"1min\", \"1h\" or a number of seconds, got %s",
			    got);
	return LL_OK;
}

/* An object member, or NULL; a member of the wrong type is an error. */
static int get_object(const cJSON *obj, const char *key, const char *prefix, const cJSON **out, struct ll_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	*out = NULL;
	if (!v)
		return LL_OK;
	if (!cJSON_IsObject(v)) {
		char got[80];
		describe(v, got, sizeof got);
		return fail(err, prefix, key, "must be an object, got %s", got);
	}
	*out = v;
	return LL_OK;
}

/* An enum given by name through a core parser. */
typedef int (*enum_parse_fn)(const char *s, int *out, struct ll_err *err);

static int get_enum(const cJSON *obj, const char *key, const char *prefix, enum_parse_fn parse, int *out,
		    struct ll_err *err)
{
	const char *s;
	int rc = get_string(obj, key, prefix, &s, err);
	if (rc)
		return rc > 0 ? LL_OK : rc;
	struct ll_err sub;
	ll_err_clear(&sub);
	if (parse(s, out, &sub) != LL_OK)
		return fail(err, prefix, key, "%s", sub.msg);
	return LL_OK;
}

/* Adapters from the core parsers' typed outputs to int. */
#define ENUM_ADAPTER(fn, type, parser)                                                  \
	static int fn(const char *s, int *out, struct ll_err *err)                      \
	{                                                                               \
		type v;                                                                 \
		int rc = parser(s, &v, err);                                            \
		if (rc == LL_OK)                                                        \
			*out = (int)v;                                                  \
		return rc;                                                              \
	}
ENUM_ADAPTER(parse_target, enum ll_target_kind, ll_target_kind_parse)
ENUM_ADAPTER(parse_window, enum ll_rwindow_kind, ll_rwindow_kind_parse)
ENUM_ADAPTER(parse_text, enum ll_text_kind, ll_text_kind_parse)
ENUM_ADAPTER(parse_split, enum ll_rsplit_kind, ll_rsplit_kind_parse)
ENUM_ADAPTER(parse_rule, enum ll_label_rule, ll_label_rule_parse)
ENUM_ADAPTER(parse_agg, enum ll_agg, ll_agg_parse)
ENUM_ADAPTER(parse_nan, enum ll_nan_policy, ll_nan_policy_parse)
ENUM_ADAPTER(parse_scale, enum ll_scale_kind, ll_scale_kind_parse)
ENUM_ADAPTER(parse_rebal, enum ll_rebalance_method, ll_rebalance_parse)

#define NKEYS(a) (sizeof a / sizeof *a)

/* --------------------------------------------------------------- recipes */

static const char *const fs_keys[] = {"dataset", "target", "unlabelled", "columns", "columns_icase", "time_column",
				      "resample", "nan", "window", "text", "split", "scale", "rebalance", "class_weight",
				      "seed"};
static const char *const target_keys[] = {"kind", "ordinary"};
static const char *const resample_keys[] = {"interval", "agg", "aggs"};
static const char *const window_keys[] = {"kind", "size", "stride", "flatten", "label", "column", "events",
					  "length", "step"};
static const char *const text_keys[] = {"kind", "column", "features", "ngram", "sublinear_tf", "masks", "dim",
					"epochs", "min_count", "window"};
static const char *const split_keys[] = {"kind", "train", "dev", "test", "group"};
static const char *const rebal_keys[] = {"method", "ratio", "k"};

static void child_path(char *buf, size_t cap, const char *prefix, const char *key)
{
	snprintf(buf, cap, "%s.%s", prefix, key);
}

/* "unlabelled": "skip" (the default: unlabelled rows stay out of training
 * and metrics) or the class they count as. */
static int recipe_unlabelled(const cJSON *obj, const char *prefix, struct ll_recipe *r, struct ll_err *err)
{
	const char *s = NULL;
	int rc = get_string(obj, "unlabelled", prefix, &s, err);
	if (rc < 0)
		return rc;
	if (rc != LL_OK || strcmp(s, "skip") == 0) {
		r->unlabelled[0] = '\0';
		return LL_OK;
	}
	if (!s[0] || strlen(s) >= sizeof r->unlabelled)
		return fail(err, prefix, "unlabelled", "must be \"skip\" or a class name of 1 to %zu bytes",
			    sizeof r->unlabelled - 1);
	snprintf(r->unlabelled, sizeof r->unlabelled, "%s", s);
	return LL_OK;
}

static int recipe_target(const cJSON *obj, const char *prefix, struct ll_recipe *r, struct ll_err *err)
{
	int urc = recipe_unlabelled(obj, prefix, r, err);
	if (urc)
		return urc;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "target");
	if (!v)
		return LL_OK;
	int k = (int)r->target, rc;
	if (cJSON_IsString(v)) {
		if ((rc = get_enum(obj, "target", prefix, parse_target, &k, err)) != LL_OK)
			return rc;
		r->target = (enum ll_target_kind)k;
		return LL_OK;
	}
	const cJSON *t;
	if ((rc = get_object(obj, "target", prefix, &t, err)) != LL_OK)
		return rc;
	char p[512];
	child_path(p, sizeof p, prefix, "target");
	if ((rc = check_keys(t, target_keys, NKEYS(target_keys), p, err)) != LL_OK ||
	    (rc = get_enum(t, "kind", p, parse_target, &k, err)) != LL_OK)
		return rc;
	r->target = (enum ll_target_kind)k;
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(t, "ordinary");
	if (o) {
		char got[80];
		describe(o, got, sizeof got);
		if (!cJSON_IsArray(o) || cJSON_GetArraySize(o) < 1 || cJSON_GetArraySize(o) > LL_RECIPE_MAX_NAMES)
			return fail(err, p, "ordinary", "must be a list of 1 to %d class names, got %s",
				    LL_RECIPE_MAX_NAMES, got);
		r->n_ordinary = 0;
		for (const cJSON *e = o->child; e; e = e->next) {
			if (!cJSON_IsString(e) || !e->valuestring[0] || strlen(e->valuestring) >= LL_RECIPE_STR)
				return fail(err, p, "ordinary", "must be a list of class names, got %s", got);
			snprintf(r->ordinary[r->n_ordinary++], LL_RECIPE_STR, "%s", e->valuestring);
		}
	}
	return LL_OK;
}

static int recipe_resample(const cJSON *obj, const char *prefix, struct ll_recipe *r, struct ll_err *err)
{
	const cJSON *rs;
	int rc, k;
	if ((rc = get_object(obj, "resample", prefix, &rs, err)) != LL_OK || !rs)
		return rc;
	char p[512];
	child_path(p, sizeof p, prefix, "resample");
	if ((rc = check_keys(rs, resample_keys, NKEYS(resample_keys), p, err)) != LL_OK)
		return rc;
	if (!cJSON_GetObjectItemCaseSensitive(rs, "interval"))
		return fail(err, p, NULL, "needs \"interval\" (e.g. \"10s\")");
	if ((rc = get_duration(rs, "interval", p, &r->interval, err)) != LL_OK)
		return rc;
	k = (int)r->agg;
	if ((rc = get_enum(rs, "agg", p, parse_agg, &k, err)) != LL_OK)
		return rc;
	r->agg = (enum ll_agg)k;
	const cJSON *aggs;
	if ((rc = get_object(rs, "aggs", p, &aggs, err)) != LL_OK)
		return rc;
	if (aggs) {
		char pa[600];
		child_path(pa, sizeof pa, p, "aggs");
		r->n_aggs = 0;
		for (const cJSON *e = aggs->child; e; e = e->next) {
			if (is_comment(e->string))
				continue;
			if (r->n_aggs == LL_RECIPE_MAX_AGGS)
				return fail(err, pa, NULL, "at most %d columns", LL_RECIPE_MAX_AGGS);
			if (strlen(e->string) >= LL_RECIPE_STR)
				return fail(err, pa, e->string, "column name too long");
			struct ll_recipe_agg *a = &r->aggs[r->n_aggs];
			snprintf(a->column, sizeof a->column, "%s", e->string);
			k = 0;
			if ((rc = get_enum(aggs, e->string, pa, parse_agg, &k, err)) != LL_OK)
				return rc;
			a->agg = (enum ll_agg)k;
			r->n_aggs++;
		}
	}
	return LL_OK;
}

static int recipe_window(const cJSON *obj, const char *prefix, struct ll_recipe *r, struct ll_err *err)
{
	const cJSON *w;
	int rc, k;
	if ((rc = get_object(obj, "window", prefix, &w, err)) != LL_OK || !w)
		return rc;
	char p[512];
	child_path(p, sizeof p, prefix, "window");
	if ((rc = check_keys(w, window_keys, NKEYS(window_keys), p, err)) != LL_OK)
		return rc;
	if (!cJSON_GetObjectItemCaseSensitive(w, "kind"))
		return fail(err, p, NULL, "needs \"kind\" (rows, session or time)");
	k = (int)r->window;
	if ((rc = get_enum(w, "kind", p, parse_window, &k, err)) != LL_OK)
		return rc;
	r->window = (enum ll_rwindow_kind)k;
	k = (int)r->rule;
	if ((rc = get_size(w, "size", p, 1, &r->size, err)) != LL_OK ||
	    (rc = get_size(w, "stride", p, 1, &r->stride, err)) != LL_OK ||
	    (rc = get_bool(w, "flatten", p, &r->flatten, err)) != LL_OK ||
	    (rc = get_enum(w, "label", p, parse_rule, &k, err)) != LL_OK ||
	    (rc = get_strbuf(w, "column", p, r->session_column, sizeof r->session_column, err)) != LL_OK ||
	    (rc = get_strbuf(w, "events", p, r->event_column, sizeof r->event_column, err)) != LL_OK ||
	    (rc = get_duration(w, "length", p, &r->length, err)) != LL_OK ||
	    (rc = get_duration(w, "step", p, &r->step, err)) != LL_OK)
		return rc;
	r->rule = (enum ll_label_rule)k;
	return LL_OK;
}

static int recipe_text(const cJSON *obj, const char *prefix, struct ll_recipe *r, struct ll_err *err)
{
	const cJSON *t;
	int rc, k;
	if ((rc = get_object(obj, "text", prefix, &t, err)) != LL_OK || !t)
		return rc;
	char p[512];
	child_path(p, sizeof p, prefix, "text");
	if ((rc = check_keys(t, text_keys, NKEYS(text_keys), p, err)) != LL_OK)
		return rc;
	if (!cJSON_GetObjectItemCaseSensitive(t, "kind"))
		return fail(err, p, NULL, "needs \"kind\" (hash, tfidf, templates or w2v)");
	k = (int)r->text;
	if ((rc = get_enum(t, "kind", p, parse_text, &k, err)) != LL_OK)
		return rc;
	r->text = (enum ll_text_kind)k;
	if ((rc = get_strbuf(t, "column", p, r->text_column, sizeof r->text_column, err)) != LL_OK ||
	    (rc = get_size(t, "features", p, 1, &r->n_features, err)) != LL_OK ||
	    (rc = get_bool(t, "sublinear_tf", p, &r->sublinear_tf, err)) != LL_OK ||
	    (rc = get_intv(t, "dim", p, 1, 4096, &r->dim, err)) != LL_OK ||
	    (rc = get_intv(t, "epochs", p, 1, 1000, &r->epochs, err)) != LL_OK ||
	    (rc = get_intv(t, "min_count", p, 1, INT_MAX, &r->min_count, err)) != LL_OK ||
	    (rc = get_intv(t, "window", p, 1, 100, &r->w2v_window, err)) != LL_OK)
		return rc;
	const cJSON *mk = cJSON_GetObjectItemCaseSensitive(t, "masks");
	if (mk) {
		char got[80];
		describe(mk, got, sizeof got);
		/* a list of changes ("-path") changes the default set */
		unsigned masks = r->text_masks;
		struct ll_err why;
		ll_err_clear(&why);
		if (!cJSON_IsString(mk))
			return fail(err, p, "masks", "must be a string such as \"default,-num\" or \"none\", got %s", got);
		if (ll_mask_parse(mk->valuestring, &masks, &why) != LL_OK)
			return fail(err, p, "masks", "%s", why.msg);
		r->text_masks = masks;
	}
	const cJSON *ng = cJSON_GetObjectItemCaseSensitive(t, "ngram");
	if (ng) {
		char got[80];
		describe(ng, got, sizeof got);
		const cJSON *a = cJSON_GetArrayItem(ng, 0), *b = cJSON_GetArrayItem(ng, 1);
		if (cJSON_IsNumber(ng) && ng->valuedouble == floor(ng->valuedouble) && ng->valuedouble >= 1 &&
		    ng->valuedouble <= LL_HASHVEC_MAX_NGRAM) {
			r->ngram_min = 1;
			r->ngram_max = (int)ng->valuedouble;
		} else if (cJSON_IsArray(ng) && cJSON_GetArraySize(ng) == 2 && cJSON_IsNumber(a) && cJSON_IsNumber(b) &&
			   a->valuedouble == floor(a->valuedouble) && b->valuedouble == floor(b->valuedouble) &&
			   a->valuedouble >= 1 && b->valuedouble >= a->valuedouble &&
			   b->valuedouble <= LL_HASHVEC_MAX_NGRAM) {
			r->ngram_min = (int)a->valuedouble;
			r->ngram_max = (int)b->valuedouble;
		} else {
			return fail(err, p, "ngram", "must be [min, max] with 1 <= min <= max <= %d (or one max), got %s",
				    LL_HASHVEC_MAX_NGRAM, got);
		}
	}
	return LL_OK;
}

static int recipe_split(const cJSON *obj, const char *prefix, struct ll_recipe *r, struct ll_err *err)
{
	const cJSON *s;
	int rc, k;
	if ((rc = get_object(obj, "split", prefix, &s, err)) != LL_OK || !s)
		return rc;
	char p[512];
	child_path(p, sizeof p, prefix, "split");
	if ((rc = check_keys(s, split_keys, NKEYS(split_keys), p, err)) != LL_OK)
		return rc;
	k = (int)r->split;
	if ((rc = get_enum(s, "kind", p, parse_split, &k, err)) != LL_OK)
		return rc;
	r->split = (enum ll_rsplit_kind)k;
	double tr = NAN, dv = NAN, te = NAN;
	if ((rc = get_number(s, "train", p, &tr, err)) != LL_OK || (rc = get_number(s, "dev", p, &dv, err)) != LL_OK ||
	    (rc = get_number(s, "test", p, &te, err)) != LL_OK ||
	    (rc = get_strbuf(s, "group", p, r->group_column, sizeof r->group_column, err)) != LL_OK)
		return rc;
	if (!isnan(tr) || !isnan(dv) || !isnan(te)) {
		/* One of train and test may be left out: it takes the rest. */
		if (isnan(dv))
			dv = 0;
		if (isnan(tr) && isnan(te))
			return fail(err, p, NULL, "give \"train\" or \"test\" with \"dev\"");
		if (tr > 1) {
			/* a count of samples, as sklearn's integer train_size */
			if (tr != floor(tr) || tr > 1e15)
				return fail(err, p, "train", "a count of samples must be a whole number, got %g", tr);
			if (!isnan(te) || dv != 0)
				return fail(err, p, NULL,
					    "with a train count (%g samples) the test part is the rest: give no dev or test",
					    tr);
			r->ratios.train = tr;
			r->ratios.dev = 0;
			r->ratios.test = 0;
			r->ratios.test_is_rest = 1;
			return LL_OK;
		}
		if (isnan(tr))
			tr = 1 - dv - te;
		r->ratios.test_is_rest = isnan(te);
		if (isnan(te))
			te = 1 - tr - dv;
		r->ratios.train = tr;
		r->ratios.dev = dv;
		r->ratios.test = te;
		const char *names[3] = {"train", "dev", "test"};
		double v[3] = {tr, dv, te};
		for (int i = 0; i < 3; i++)
			if (v[i] < -1e-12 || v[i] > 1 + 1e-12)
				return fail(err, p, names[i], "must be a ratio from 0 to 1, got %g", v[i]);
		if (fabs(tr + dv + te - 1) > 1e-9)
			return fail(err, p, NULL, "train + dev + test must sum to 1, got %g + %g + %g = %g", tr, dv, te,
				    tr + dv + te);
	}
	return LL_OK;
}

static int recipe_rebalance(const cJSON *obj, const char *prefix, struct ll_recipe *r, struct ll_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "rebalance");
	int rc, k = (int)r->rebalance;
	if (!v)
		return LL_OK;
	if (cJSON_IsString(v)) {
		if ((rc = get_enum(obj, "rebalance", prefix, parse_rebal, &k, err)) != LL_OK)
			return rc;
		r->rebalance = (enum ll_rebalance_method)k;
		return LL_OK;
	}
	const cJSON *rb;
	if ((rc = get_object(obj, "rebalance", prefix, &rb, err)) != LL_OK)
		return rc;
	char p[512];
	child_path(p, sizeof p, prefix, "rebalance");
	if ((rc = check_keys(rb, rebal_keys, NKEYS(rebal_keys), p, err)) != LL_OK ||
	    (rc = get_enum(rb, "method", p, parse_rebal, &k, err)) != LL_OK ||
	    (rc = get_number(rb, "ratio", p, &r->rebalance_ratio, err)) != LL_OK ||
	    (rc = get_size(rb, "k", p, 1, &r->smote_k, err)) != LL_OK)
		return rc;
	r->rebalance = (enum ll_rebalance_method)k;
	return LL_OK;
}

static int recipe_class_weight(const cJSON *obj, const char *prefix, struct ll_recipe *r, struct ll_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "class_weight");
	if (!v)
		return LL_OK;
	char got[80];
	describe(v, got, sizeof got);
	if (cJSON_IsString(v)) {
		if (strcmp(v->valuestring, "none") == 0)
			r->class_weight = LL_CWEIGHT_NONE;
		else if (strcmp(v->valuestring, "balanced") == 0)
			r->class_weight = LL_CWEIGHT_BALANCED;
		else
			return fail(err, prefix, "class_weight",
				    "must be \"none\", \"balanced\" or an object {class: weight}, got %s", got);
		return LL_OK;
	}
	if (!cJSON_IsObject(v))
		return fail(err, prefix, "class_weight", "must be \"none\", \"balanced\" or an object {class: weight}, got %s",
			    got);
	char p[512];
	child_path(p, sizeof p, prefix, "class_weight");
	r->class_weight = LL_CWEIGHT_EXPLICIT;
	r->n_weights = 0;
	for (const cJSON *e = v->child; e; e = e->next) {
		if (is_comment(e->string))
			continue;
		if (r->n_weights == LL_RECIPE_MAX_NAMES)
			return fail(err, p, NULL, "at most %d classes", LL_RECIPE_MAX_NAMES);
		if (strlen(e->string) >= LL_RECIPE_STR)
			return fail(err, p, e->string, "class name too long");
		double w = NAN;
		int rc = get_number(v, e->string, p, &w, err);
		if (rc)
			return rc;
		if (!(w >= 0))
			return fail(err, p, e->string, "must be a number >= 0, got %g", w);
		snprintf(r->weights[r->n_weights].cls, LL_RECIPE_STR, "%s", e->string);
		r->weights[r->n_weights++].weight = w;
	}
	if (r->n_weights == 0)
		return fail(err, p, NULL, "name at least one class");
	return LL_OK;
}

int ds_recipe_from_json(const void *vobj, const char *path, struct ll_recipe *r, struct ll_err *err)
{
	const cJSON *obj = vobj;
	ll_recipe_default(r);
	if (!cJSON_IsObject(obj))
		return fail(err, path, NULL, "a feature set must be an object");
	int rc, k;
	if ((rc = check_keys(obj, fs_keys, NKEYS(fs_keys), path, err)) != LL_OK ||
	    (rc = recipe_target(obj, path, r, err)) != LL_OK)
		return rc;
	const char *s;
	if ((rc = get_string(obj, "columns", path, &s, err)) < 0)
		return rc;
	if (rc == LL_OK) {
		if (strlen(s) >= sizeof r->columns)
			return fail(err, path, "columns", "regex too long (at most %zu bytes)", sizeof r->columns - 1);
		snprintf(r->columns, sizeof r->columns, "%s", s);
	}
	if ((rc = get_bool(obj, "columns_icase", path, &r->columns_icase, err)) != LL_OK ||
	    (rc = get_strbuf(obj, "time_column", path, r->time_column, sizeof r->time_column, err)) != LL_OK ||
	    (rc = recipe_resample(obj, path, r, err)) != LL_OK)
		return rc;
	k = (int)r->nan;
	if ((rc = get_enum(obj, "nan", path, parse_nan, &k, err)) != LL_OK)
		return rc;
	r->nan = (enum ll_nan_policy)k;
	/* named, even as "ffill": rows without a time order otherwise take "mean" */
	r->nan_named = cJSON_GetObjectItemCaseSensitive(obj, "nan") != NULL;
	if ((rc = recipe_window(obj, path, r, err)) != LL_OK || (rc = recipe_text(obj, path, r, err)) != LL_OK ||
	    (rc = recipe_split(obj, path, r, err)) != LL_OK)
		return rc;
	k = (int)r->scale;
	if ((rc = get_enum(obj, "scale", path, parse_scale, &k, err)) != LL_OK)
		return rc;
	r->scale = (enum ll_scale_kind)k;
	/* named, even as "none": a w2v feature set is otherwise z-scored */
	r->scale_named = cJSON_GetObjectItemCaseSensitive(obj, "scale") != NULL;
	if ((rc = recipe_rebalance(obj, path, r, err)) != LL_OK || (rc = recipe_class_weight(obj, path, r, err)) != LL_OK)
		return rc;
	long long seed = (long long)r->seed;
	if ((rc = get_int(obj, "seed", path, 0, (long long)1 << 53, &seed, NULL, err)) != LL_OK)
		return rc;
	r->seed = (uint64_t)seed;
	struct ll_err sub;
	ll_err_clear(&sub);
	if (ll_recipe_check(r, &sub) != LL_OK)
		return ll_err_set(err, LL_EDATA, "%s.%s", path, sub.msg);
	return LL_OK;
}

/* ------------------------------------------------------- recipe to JSON */

static void add_str(cJSON *o, const char *k, const char *v)
{
	cJSON_AddItemToObject(o, k, cJSON_CreateString(v));
}

static void add_num(cJSON *o, const char *k, double v)
{
	cJSON_AddItemToObject(o, k, cJSON_CreateNumber(v));
}

static void add_bool(cJSON *o, const char *k, int v)
{
	cJSON_AddItemToObject(o, k, cJSON_CreateBool(v));
}

/* Adds child object k to o when it has members or when all is set. */
static void add_obj(cJSON *o, const char *k, cJSON *c, int all)
{
	if (all || c->child)
		cJSON_AddItemToObject(o, k, c);
	else
		cJSON_Delete(c);
}

static void duration_text(double s, char *buf, size_t cap)
{
	if (s >= 3600 && fmod(s, 3600) == 0)
		snprintf(buf, cap, "%gh", s / 3600);
	else if (s >= 60 && fmod(s, 60) == 0)
		snprintf(buf, cap, "%gmin", s / 60);
	else
		snprintf(buf, cap, "%.17gs", s);
}

/* The recipe as JSON: every key when all is set, else only the keys whose
 * value differs from the default. */
static cJSON *recipe_to_json(const struct ll_recipe *r, const char *dataset, int all)
{
	struct ll_recipe d;
	ll_recipe_default(&d);
	cJSON *o = cJSON_CreateObject(), *c;
	char buf[64];
	if (!o)
		return NULL;
	add_str(o, "dataset", dataset);
	c = cJSON_CreateObject();
	if (all || r->target != d.target)
		add_str(c, "kind", ll_target_kind_name(r->target));
	if (all || r->n_ordinary) {
		cJSON *a = cJSON_AddArrayToObject(c, "ordinary");
		if (r->n_ordinary)
			for (size_t i = 0; i < r->n_ordinary; i++)
				cJSON_AddItemToArray(a, cJSON_CreateString(r->ordinary[i]));
		else {
			const char *const *names;
			size_t nn = ll_default_ordinary_names(&names);
			for (size_t i = 0; i < nn; i++)
				cJSON_AddItemToArray(a, cJSON_CreateString(names[i]));
		}
	}
	add_obj(o, "target", c, all);
	if (all || r->unlabelled[0])
		add_str(o, "unlabelled", r->unlabelled[0] ? r->unlabelled : "skip");
	if (all || r->columns[0])
		add_str(o, "columns", r->columns);
	if (all || r->columns_icase)
		add_bool(o, "columns_icase", r->columns_icase);
	if (all || r->time_column[0])
		add_str(o, "time_column", r->time_column);
	if (r->interval > 0) {
		c = cJSON_CreateObject();
		duration_text(r->interval, buf, sizeof buf);
		add_str(c, "interval", buf);
		if (all || r->agg != d.agg)
			add_str(c, "agg", ll_agg_name(r->agg));
		if (r->n_aggs) {
			cJSON *a = cJSON_AddObjectToObject(c, "aggs");
			for (size_t i = 0; i < r->n_aggs; i++)
				add_str(a, r->aggs[i].column, ll_agg_name(r->aggs[i].agg));
		}
		cJSON_AddItemToObject(o, "resample", c);
	}
	if (all || r->nan != d.nan || r->nan_named)
		add_str(o, "nan", ll_nan_policy_name(r->nan));
	c = cJSON_CreateObject();
	if (all || r->window != d.window) {
		add_str(c, "kind", ll_rwindow_kind_name(r->window));
		if (all || r->size != d.size)
			add_num(c, "size", (double)r->size);
		if (all || r->stride != d.stride)
			add_num(c, "stride", (double)r->stride);
		if (all || r->flatten)
			add_bool(c, "flatten", r->flatten);
		if (all || r->rule != d.rule)
			add_str(c, "label", ll_label_rule_name(r->rule));
		if (all || r->session_column[0])
			add_str(c, "column", r->session_column);
		if (all || r->event_column[0])
			add_str(c, "events", r->event_column);
		if (r->length > 0) {
			duration_text(r->length, buf, sizeof buf);
			add_str(c, "length", buf);
		}
		if (r->step > 0) {
			duration_text(r->step, buf, sizeof buf);
			add_str(c, "step", buf);
		}
	}
	add_obj(o, "window", c, all);
	c = cJSON_CreateObject();
	if (all || r->text != d.text) {
		add_str(c, "kind", ll_text_kind_name(r->text));
		if (all || r->text_column[0])
			add_str(c, "column", r->text_column);
		if (all || r->n_features != d.n_features)
			add_num(c, "features", (double)r->n_features);
		if (all || r->ngram_min != d.ngram_min || r->ngram_max != d.ngram_max) {
			cJSON *a = cJSON_AddArrayToObject(c, "ngram");
			cJSON_AddItemToArray(a, cJSON_CreateNumber(r->ngram_min));
			cJSON_AddItemToArray(a, cJSON_CreateNumber(r->ngram_max));
		}
		if (all || r->sublinear_tf)
			add_bool(c, "sublinear_tf", r->sublinear_tf);
		if (all || r->text_masks != d.text_masks) {
			char spec[LL_MASK_SPEC_MAX];
			add_str(c, "masks", ll_mask_format(r->text_masks, spec));
		}
		if (all || r->dim != d.dim)
			add_num(c, "dim", r->dim);
		if (all || r->epochs != d.epochs)
			add_num(c, "epochs", r->epochs);
		if (all || r->min_count != d.min_count)
			add_num(c, "min_count", r->min_count);
		if (all || r->w2v_window != d.w2v_window)
			add_num(c, "window", r->w2v_window);
	}
	add_obj(o, "text", c, all);
	c = cJSON_CreateObject();
	if (all || r->split != d.split)
		add_str(c, "kind", ll_rsplit_kind_name(r->split));
	if (all || r->ratios.train != d.ratios.train || r->ratios.dev != d.ratios.dev ||
	    r->ratios.test != d.ratios.test || r->ratios.test_is_rest != d.ratios.test_is_rest) {
		add_num(c, "train", r->ratios.train);
		add_num(c, "dev", r->ratios.dev);
		if (!r->ratios.test_is_rest)
			add_num(c, "test", r->ratios.test);
	}
	if (all || r->group_column[0])
		add_str(c, "group", r->group_column);
	add_obj(o, "split", c, all);
	/* the full recipe (a run's, a build's manifest) says the scale applied,
	 * so that read back it builds the same features */
	if (all || r->scale != d.scale || r->scale_named)
		add_str(o, "scale", ll_scale_kind_name(all ? ll_recipe_scale(r) : r->scale));
	c = cJSON_CreateObject();
	if (all || r->rebalance != d.rebalance) {
		add_str(c, "method", ll_rebalance_name(r->rebalance));
		if (all || r->rebalance_ratio != d.rebalance_ratio)
			add_num(c, "ratio", r->rebalance_ratio);
		if (all || r->smote_k != d.smote_k)
			add_num(c, "k", (double)r->smote_k);
	}
	add_obj(o, "rebalance", c, all);
	if (r->class_weight == LL_CWEIGHT_EXPLICIT) {
		c = cJSON_AddObjectToObject(o, "class_weight");
		for (size_t i = 0; i < r->n_weights; i++)
			add_num(c, r->weights[i].cls, r->weights[i].weight);
	} else if (all || r->class_weight != d.class_weight) {
		add_str(o, "class_weight", r->class_weight == LL_CWEIGHT_BALANCED ? "balanced" : "none");
	}
	if (all || r->seed != d.seed)
		add_num(o, "seed", (double)r->seed);
	return o;
}

/* Updates existing in place from full (every key) and fresh (non-default
 * keys): existing keys keep their place and get their new value, comments
 * stay, new non-default keys are appended. */
static int merge_json(cJSON *existing, const cJSON *full, const cJSON *fresh)
{
	for (cJSON *e = existing->child, *next; e; e = next) {
		next = e->next;
		if (is_comment(e->string))
			continue;
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(full, e->string);
		if (!f) {
			cJSON_Delete(cJSON_DetachItemViaPointer(existing, e));
			continue;
		}
		if (cJSON_IsObject(e) && cJSON_IsObject(f)) {
			const cJSON *fr = fresh ? cJSON_GetObjectItemCaseSensitive(fresh, e->string) : NULL;
			if (merge_json(e, f, fr) != LL_OK)
				return LL_ENOMEM;
			continue;
		}
		cJSON *dup = cJSON_Duplicate(f, 1);
		if (!dup)
			return LL_ENOMEM;
		cJSON_ReplaceItemViaPointer(existing, e, dup);
	}
	if (fresh)
		for (const cJSON *f = fresh->child; f; f = f->next)
			if (!cJSON_GetObjectItemCaseSensitive(existing, f->string)) {
				cJSON *dup = cJSON_Duplicate(f, 1);
				if (!dup)
					return LL_ENOMEM;
				cJSON_AddItemToObject(existing, f->string, dup);
			}
	return LL_OK;
}

/* ------------------------------------------------------------ experiments */

static const char *const exp_common[] = {"featureset", "model", "seed"};
static const char *const exp_mlp[] = {"featureset", "model", "seed", "hidden", "activation", "optimizer", "lr",
				      "batch", "epochs", "dropout", "l2", "tol", "n_iter_no_change", "early_stopping",
				      "validation_fraction", "review_folds"};
static const char *const exp_logreg[] = {"featureset", "model", "seed", "C", "tol", "max_iter", "review_folds"};
/* keys of the gradient-trained logreg before it was solved with L-BFGS */
static const char *const exp_logreg_old[] = {"optimizer", "lr", "batch", "epochs", "l2"};
static const char *const exp_lstm[] = {"featureset", "model", "seed", "hidden", "layers", "optimizer", "lr",
				       "batch", "epochs", "bptt", "l2", "tol", "n_iter_no_change", "early_stopping",
				       "validation_fraction", "review_folds"};
static const char *const exp_kmeans[] = {"featureset", "model", "seed", "k", "n_init"};
static const char *const exp_detector[] = {"featureset", "model", "seed", "detector", "window", "hidden", "epochs",
					   "batch", "lr", "k", "threshold", "risk", "percentile", "holdout",
					   "smooth", "topk", "scale", "memory", "memory_weight", "floor_cap"};
static const char *const model_names[] = {"mlp", "lstm", "kmeans", "logreg", "detector"};

static int in_list(const char *key, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(key, list[i]) == 0)
			return 1;
	return 0;
}

/* A key of another model (C left in after "model" went from logreg to
 * mlp, epochs on a kmeans) is no typo: it is refused naming the models it
 * belongs to and this model's keys, where "unknown key" read as a key
 * loglab does not have. Keys of no model are left to check_keys. */
static int check_model_keys(const cJSON *o, int m, const char *const *keys, size_t nkeys, const char *p,
			    struct ll_err *err)
{
	static const char *const *const all[] = {exp_mlp, exp_lstm, exp_kmeans, exp_logreg, exp_detector};
	static const size_t nall[] = {NKEYS(exp_mlp), NKEYS(exp_lstm), NKEYS(exp_kmeans), NKEYS(exp_logreg),
				      NKEYS(exp_detector)};
	for (const cJSON *it = o->child; it; it = it->next) {
		if (is_comment(it->string) || in_list(it->string, keys, nkeys))
			continue;
		char owners[128] = "", list[512] = "";
		for (size_t k = 0; k < NKEYS(all); k++)
			if ((int)k != m && in_list(it->string, all[k], nall[k]))
				snprintf(owners + strlen(owners), sizeof owners - strlen(owners), "%s%s",
					 owners[0] ? ", " : "", model_names[k]);
		if (!owners[0])
			continue;
		for (size_t j = 3; j < nkeys; j++) /* after featureset, model, seed */
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j > 3 ? ", " : "", keys[j]);
		/* without "model" the model is the default one: said, since the
		 * user named none */
		int dflt = !cJSON_GetObjectItemCaseSensitive(o, "model");
		return fail(err, p, it->string, "does not apply to %s%s (a key of %s%s); %s's keys: %s", model_names[m],
			    dflt ? ", the model of an experiment without \"model\"" : "", owners,
			    dflt ? ": name one in \"model\"" : "", model_names[m], list);
	}
	return LL_OK;
}

/* The keys of a series detector (ll_sdet.h) beyond the common ones. */
static int parse_detector(const cJSON *o, const char *p, struct ds_ws_experiment *x, struct ll_err *err)
{
	const char *s;
	int rc = get_string(o, "detector", p, &s, err);
	if (rc < 0)
		return rc;
	if (rc == LL_OK && (x->det_kind = ll_sdet_kind_parse(s)) < 0)
		return fail(err, p, "detector", "unknown detector \"%s\" (ae, kmeans or lstm)", s);
	if (rc == LL_OK) { /* the window's default is the kind's */
		struct ll_sdet_cfg kd;
		ll_sdet_defaults(&kd, (enum ll_sdet_kind)x->det_kind);
		x->window = kd.window;
	}
	if ((rc = get_string(o, "scale", p, &s, err)) < 0)
		return rc;
	if (rc == LL_OK && (x->det_scale = ll_sdet_scale_parse(s)) < 0)
		return fail(err, p, "scale", "unknown scale \"%s\" (rms or iqr)", s);
	if ((rc = get_string(o, "threshold", p, &s, err)) < 0)
		return rc;
	if (rc == LL_OK && (x->threshold = ll_thresh_method_parse(s)) < 0)
		return fail(err, p, "threshold", "unknown threshold \"%s\" (pot or percentile)", s);
	if ((rc = get_size(o, "window", p, 1, &x->window, err)) != LL_OK ||
	    (rc = get_number(o, "risk", p, &x->risk, err)) != LL_OK ||
	    (rc = get_number(o, "percentile", p, &x->percentile, err)) != LL_OK ||
	    (rc = get_number(o, "holdout", p, &x->holdout, err)) != LL_OK ||
	    (rc = get_size(o, "smooth", p, 1, &x->smooth, err)) != LL_OK ||
	    (rc = get_size(o, "topk", p, 0, &x->topk, err)) != LL_OK ||
	    (rc = get_size(o, "memory", p, 0, &x->memory, err)) != LL_OK ||
	    (rc = get_number(o, "memory_weight", p, &x->memory_weight, err)) != LL_OK ||
	    (rc = get_number(o, "floor_cap", p, &x->floor_cap, err)) != LL_OK)
		return rc;
	if (x->k_min != x->k_max)
		return fail(err, p, "k", "a detector takes one k, not a range");
	struct ll_sdet_cfg c;
	ds_sdet_cfg_from_ws(x, &c);
	struct ll_err sub;
	if (ll_sdet_check(&c, &sub) != LL_OK) {
		/* the check's message starts with the key it is about ("risk: ...") */
		const char *colon = strchr(sub.msg, ':');
		char key[32] = "";
		size_t kl = colon ? (size_t)(colon - sub.msg) : 0;
		if (kl && kl < sizeof key && !memchr(sub.msg, ' ', kl)) {
			memcpy(key, sub.msg, kl);
			key[kl] = '\0';
		}
		return fail(err, p, key[0] ? key : NULL, "%s", colon && key[0] ? colon + 2 : sub.msg);
	}
	return LL_OK;
}

void ds_sdet_cfg_from_ws(const struct ds_ws_experiment *x, struct ll_sdet_cfg *c)
{
	ll_sdet_defaults(c, (enum ll_sdet_kind)x->det_kind);
	c->window = x->window;
	c->hidden = x->n_hidden ? x->hidden[0] : 0;
	c->epochs = x->epochs;
	c->batch = x->batch;
	c->lr = x->lr;
	c->k = x->k_min;
	c->seed = x->seed;
	c->cal.method = (enum ll_thresh_method)x->threshold;
	c->cal.risk = x->risk;
	c->cal.percentile = x->percentile;
	c->holdout = x->holdout;
	c->smooth = x->smooth;
	c->topk = x->topk;
	c->memory = x->memory;
	c->memory_weight = x->memory_weight;
	c->floor_cap = x->floor_cap;
	c->scale = (enum ll_sdet_scale)x->det_scale;
}

static int parse_experiment(const cJSON *o, const char *p, const struct ds_workspace *ws, struct ds_ws_experiment *x,
			    struct ll_err *err)
{
	int rc;
	if (!cJSON_IsObject(o))
		return fail(err, p, NULL, "an experiment must be an object");
	/* no "model": logreg, the model a scikit-learn user starts with and
	 * the quick start writes; a run records the model it trained
	 * (run.json's experiment_config), so it stays reproducible should
	 * the default change */
	const char *s = "logreg";
	if ((rc = get_string(o, "model", p, &s, err)) < 0)
		return rc;
	int m = -1;
	for (int i = 0; i < (int)NKEYS(model_names); i++)
		if (strcmp(s, model_names[i]) == 0)
			m = i;
	if (m < 0) {
		const char *dym = ds_did_you_mean(s, model_names, NKEYS(model_names));
		return fail(err, p, "model", "unknown model \"%s\"%s%s%s (mlp, lstm, kmeans, logreg or detector)", s,
			    dym ? " (did you mean \"" : "", dym ? dym : "", dym ? "\"?)" : "");
	}
	x->model = (enum ds_ws_model)m;
	/* the model's defaults come from the engine (ll_exp_defaults_for), so
	 * they are stated once */
	struct ll_exp_cfg dflt;
	ll_exp_defaults_for(&dflt, m == DS_MODEL_DETECTOR ? LL_EXP_KMEANS : (enum ll_exp_model)m);
	x->n_hidden = m == DS_MODEL_LOGREG || m == DS_MODEL_KMEANS ? 0 : dflt.n_hidden;
	x->hidden[0] = dflt.hidden[0];
	x->layers = dflt.layers;
	x->activation = dflt.activation;
	x->optimizer = dflt.optimizer;
	x->lr = dflt.lr;
	x->batch = dflt.batch;
	x->epochs = dflt.epochs;
	x->k_min = dflt.k_min;
	x->k_max = dflt.k_max;
	x->n_init = dflt.n_init;
	x->seed = dflt.seed;
	x->tol = dflt.tol;
	x->n_iter_no_change = dflt.n_iter_no_change;
	x->early_stopping = dflt.early_stopping;
	x->validation_fraction = dflt.validation_fraction;
	x->C = dflt.C;
	x->max_iter = dflt.max_iter;
	x->review_folds = dflt.review_folds;
	if (m == DS_MODEL_LOGREG)
		for (size_t i = 0; i < NKEYS(exp_logreg_old); i++)
			if (cJSON_GetObjectItemCaseSensitive(o, exp_logreg_old[i]))
				return fail(err, p, exp_logreg_old[i],
					    "does not apply: logreg is solved to convergence with L-BFGS as "
					    "scikit-learn's LogisticRegression (its keys: C, tol, max_iter)");
	/* a series detector's defaults are ll_sdet's (one setting for every
	 * series) */
	struct ll_sdet_cfg sd;
	ll_sdet_defaults(&sd, LL_SDET_AE);
	x->det_kind = LL_SDET_AE;
	x->window = sd.window;
	x->threshold = sd.cal.method;
	x->risk = sd.cal.risk;
	x->percentile = sd.cal.percentile;
	x->holdout = sd.holdout;
	x->smooth = sd.smooth;
	x->topk = sd.topk;
	x->memory = sd.memory;
	x->memory_weight = sd.memory_weight;
	x->floor_cap = sd.floor_cap;
	x->det_scale = sd.scale;
	if (m == DS_MODEL_DETECTOR) {
		x->n_hidden = 0;
		x->hidden[0] = 0;
		x->epochs = sd.epochs;
		x->batch = sd.batch;
		x->lr = sd.lr;
		x->k_min = x->k_max = sd.k;
	}
	const char *const *keys = m == DS_MODEL_MLP ? exp_mlp : m == DS_MODEL_LSTM ? exp_lstm
							  : m == DS_MODEL_KMEANS ? exp_kmeans
							  : m == DS_MODEL_DETECTOR ? exp_detector : exp_logreg;
	size_t nkeys = m == DS_MODEL_MLP ? NKEYS(exp_mlp) : m == DS_MODEL_LSTM ? NKEYS(exp_lstm)
							  : m == DS_MODEL_KMEANS ? NKEYS(exp_kmeans)
							  : m == DS_MODEL_DETECTOR ? NKEYS(exp_detector) : NKEYS(exp_logreg);
	(void)exp_common;
	if ((rc = check_model_keys(o, m, keys, nkeys, p, err)) != LL_OK)
		return rc;
	if ((rc = check_keys(o, keys, nkeys, p, err)) != LL_OK)
		return rc;
	if ((rc = get_string(o, "featureset", p, &s, err)) != LL_OK)
		return rc > 0 ? fail(err, p, NULL, "needs \"featureset\"") : rc;
	if (!ds_workspace_featureset(ws, s)) {
		const char **names = malloc((ws->nfeaturesets + 1) * sizeof *names);
		if (!names)
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		for (size_t i = 0; i < ws->nfeaturesets; i++)
			names[i] = ws->featuresets[i].name;
		const char *dym = ds_did_you_mean(s, names, ws->nfeaturesets);
		rc = fail(err, p, "featureset", "no feature set \"%s\"%s%s%s", s, dym ? " (did you mean \"" : "",
			  dym ? dym : "", dym ? "\"?)" : "");
		free(names);
		return rc;
	}
	if (!(x->featureset = strdup(s)))
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(o, "hidden");
	if (h) {
		char got[80];
		describe(h, got, sizeof got);
		if (cJSON_IsNumber(h) && h->valuedouble >= 1 && h->valuedouble == floor(h->valuedouble) &&
		    h->valuedouble < 1e7) {
			x->n_hidden = 1;
			x->hidden[0] = (size_t)h->valuedouble;
		} else if (m == DS_MODEL_MLP && cJSON_IsArray(h) && cJSON_GetArraySize(h) <= DS_WS_MAX_HIDDEN) {
			x->n_hidden = 0;
			for (const cJSON *e = h->child; e; e = e->next) {
				if (!cJSON_IsNumber(e) || e->valuedouble < 1 || e->valuedouble != floor(e->valuedouble) ||
				    e->valuedouble >= 1e7)
					return fail(err, p, "hidden", "must be a list of positive layer widths, got %s", got);
				x->hidden[x->n_hidden++] = (size_t)e->valuedouble;
			}
		} else {
			if (m == DS_MODEL_MLP)
				return fail(err, p, "hidden", "must be a list of up to %d positive layer widths, got %s",
					    DS_WS_MAX_HIDDEN, got);
			return fail(err, p, "hidden", "must be a positive number of units, got %s", got);
		}
	}
	if ((rc = get_string(o, "activation", p, &s, err)) < 0)
		return rc;
	if (rc == LL_OK && (x->activation = ll_act_parse(s)) < 0)
		return fail(err, p, "activation", "unknown activation \"%s\" (relu, tanh, sigmoid or linear)", s);
	if ((rc = get_string(o, "optimizer", p, &s, err)) < 0)
		return rc;
	if (rc == LL_OK && (x->optimizer = ll_optim_parse(s)) < 0)
		return fail(err, p, "optimizer", "unknown optimizer \"%s\" (sgd, adagrad or adam)", s);
	if ((rc = get_number(o, "lr", p, &x->lr, err)) != LL_OK)
		return rc;
	if (!(x->lr > 0))
		return fail(err, p, "lr", "must be a positive number, got %g", x->lr);
	if ((rc = get_size(o, "batch", p, 1, &x->batch, err)) != LL_OK ||
	    (rc = get_intv(o, "epochs", p, 1, 1000000, &x->epochs, err)) != LL_OK ||
	    (rc = get_number(o, "dropout", p, &x->dropout, err)) != LL_OK ||
	    (rc = get_number(o, "l2", p, &x->l2, err)) != LL_OK ||
	    (rc = get_size(o, "layers", p, 1, &x->layers, err)) != LL_OK ||
	    (rc = get_size(o, "bptt", p, 0, &x->bptt, err)) != LL_OK ||
	    (rc = get_intv(o, "n_init", p, 1, 1000, &x->n_init, err)) != LL_OK ||
	    (rc = get_number(o, "tol", p, &x->tol, err)) != LL_OK ||
	    (rc = get_intv(o, "n_iter_no_change", p, 1, 1000000, &x->n_iter_no_change, err)) != LL_OK ||
	    (rc = get_bool(o, "early_stopping", p, &x->early_stopping, err)) != LL_OK ||
	    (rc = get_number(o, "validation_fraction", p, &x->validation_fraction, err)) != LL_OK ||
	    (rc = get_number(o, "C", p, &x->C, err)) != LL_OK ||
	    (rc = get_intv(o, "max_iter", p, 1, 100000000, &x->max_iter, err)) != LL_OK ||
	    (rc = get_size(o, "review_folds", p, 0, &x->review_folds, err)) != LL_OK)
		return rc;
	if (x->review_folds == 1 || x->review_folds > 20)
		return fail(err, p, "review_folds", "must be 0 (none) or from 2 to 20, got %zu", x->review_folds);
	if (!(x->tol >= 0))
		return fail(err, p, "tol", "must be a number >= 0, got %g", x->tol);
	if (!(x->validation_fraction > 0 && x->validation_fraction < 1))
		return fail(err, p, "validation_fraction", "must be in (0, 1), got %g", x->validation_fraction);
	if (!(x->C > 0))
		return fail(err, p, "C", "must be a positive number, got %g", x->C);
	if (!(x->dropout >= 0 && x->dropout < 1))
		return fail(err, p, "dropout", "must be in [0, 1), got %g", x->dropout);
	if (!(x->l2 >= 0))
		return fail(err, p, "l2", "must be a number >= 0, got %g", x->l2);
	if (x->layers > 8)
		return fail(err, p, "layers", "must be from 1 to 8, got %zu", x->layers);
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(o, "k");
	if (k) {
		char got[80];
		describe(k, got, sizeof got);
		const cJSON *a = cJSON_GetArrayItem(k, 0), *b = cJSON_GetArrayItem(k, 1);
		if (cJSON_IsNumber(k) && k->valuedouble >= 1 && k->valuedouble == floor(k->valuedouble) &&
		    k->valuedouble < 1e7) {
			x->k_min = x->k_max = (size_t)k->valuedouble;
		} else if (cJSON_IsArray(k) && cJSON_GetArraySize(k) == 2 && cJSON_IsNumber(a) && cJSON_IsNumber(b) &&
			   a->valuedouble >= 1 && a->valuedouble == floor(a->valuedouble) &&
			   b->valuedouble >= a->valuedouble && b->valuedouble == floor(b->valuedouble) &&
			   b->valuedouble < 1e7) {
			x->k_min = (size_t)a->valuedouble;
			x->k_max = (size_t)b->valuedouble;
		} else {
			return fail(err, p, "k", "must be a positive integer or a range [min, max], got %s", got);
		}
	}
	long long seed = 1;
	if ((rc = get_int(o, "seed", p, 0, (long long)1 << 53, &seed, NULL, err)) != LL_OK)
		return rc;
	x->seed = (uint64_t)seed;
	return m == DS_MODEL_DETECTOR ? parse_detector(o, p, x, err) : LL_OK;
}

/* ------------------------------------------------------------- workspace */

static char *path_join(const char *dir, const char *rel)
{
	if (rel[0] == '/')
		return strdup(rel);
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s/%s", dir, rel);
	return s;
}

void ds_workspace_free(struct ds_workspace *ws)
{
	if (!ws)
		return;
	for (size_t i = 0; i < ws->ndatasets; i++) {
		free(ws->datasets[i].name);
		free(ws->datasets[i].path);
		free(ws->datasets[i].format);
		free(ws->datasets[i].labels);
	}
	for (size_t i = 0; i < ws->nfeaturesets; i++) {
		free(ws->featuresets[i].name);
		free(ws->featuresets[i].dataset);
	}
	for (size_t i = 0; i < ws->nexperiments; i++) {
		free(ws->experiments[i].name);
		free(ws->experiments[i].featureset);
	}
	free(ws->datasets);
	free(ws->featuresets);
	free(ws->experiments);
	free(ws->launch);
	free(ws->dir);
	free(ws->file);
	cJSON_Delete(ws->doc);
	cJSON_Delete(ws->base);
	free(ws);
}

const struct ds_ws_dataset *ds_workspace_dataset(const struct ds_workspace *ws, const char *name)
{
	for (size_t i = 0; i < ws->ndatasets; i++)
		if (strcmp(ws->datasets[i].name, name) == 0)
			return &ws->datasets[i];
	return NULL;
}

static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

const struct ds_ws_dataset *ds_workspace_labelled_file(const struct ds_workspace *ws, const char *path,
						       int *several)
{
	*several = 0;
	struct stat a, b;
	if (stat(path, &a) != 0 || !S_ISREG(a.st_mode))
		return NULL;
	const struct ds_ws_dataset *found = NULL;
	for (size_t i = 0; i < ws->ndatasets; i++) {
		const struct ds_ws_dataset *d = &ws->datasets[i];
		if (d->is_url || !d->labels || stat(d->path, &b) != 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino)
			continue;
		if (!found)
			found = d;
		else if (!same_text(found->labels, d->labels) || !same_text(found->format, d->format))
			*several = 1;
	}
	return *several ? NULL : found;
}

const struct ds_ws_featureset *ds_workspace_featureset(const struct ds_workspace *ws, const char *name)
{
	for (size_t i = 0; i < ws->nfeaturesets; i++)
		if (strcmp(ws->featuresets[i].name, name) == 0)
			return &ws->featuresets[i];
	return NULL;
}

const struct ds_ws_experiment *ds_workspace_experiment(const struct ds_workspace *ws, const char *name)
{
	for (size_t i = 0; i < ws->nexperiments; i++)
		if (strcmp(ws->experiments[i].name, name) == 0)
			return &ws->experiments[i];
	return NULL;
}

static size_t count_members(const cJSON *o)
{
	size_t n = 0;
	for (const cJSON *e = o ? o->child : NULL; e; e = e->next)
		n += !is_comment(e->string);
	return n;
}

static const char *const ds_keys[] = {"path",   "paths",          "url",         "format",
				      "labels", "header",         "interpretation", "label_column", "entity", "sheet",
				      "table"};

/* "paths": [SPEC, ...] - files, folders and globs merged as one fleet,
 * each resolved against dir; joined by DS_FLEET_SPEC_SEP into one path
 * (NULL and 1 when absent). */
static int get_paths(const cJSON *o, const char *p, const char *dir, char **out, struct ll_err *err)
{
	*out = NULL;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "paths");
	if (!v)
		return 1;
	if (!cJSON_IsArray(v) || !cJSON_GetArraySize(v))
		return fail(err, p, "paths", "must be a non-empty list of paths, folders or patterns");
	size_t cap = 1, used = 0;
	char *joined = NULL;
	int i = 0;
	for (const cJSON *e = v->child; e; e = e->next, i++) {
		if (!cJSON_IsString(e) || !e->valuestring[0] || strchr(e->valuestring, DS_FLEET_SPEC_SEP)) {
			free(joined);
			return fail(err, p, "paths", "entry %d must be a non-empty path on one line", i + 1);
		}
		char *abs = path_join(dir, e->valuestring);
		size_t k = abs ? strlen(abs) : 0;
		char *j = abs ? realloc(joined, cap + k + 1) : NULL;
		if (!j) {
			free(abs);
			free(joined);
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		}
		joined = j;
		if (used)
			joined[used++] = DS_FLEET_SPEC_SEP;
		memcpy(joined + used, abs, k + 1);
		used += k;
		cap = used + 1;
		free(abs);
	}
	*out = joined;
	return LL_OK;
}
static const char *const top_keys[] = {"version", "datasets", "featuresets", "experiments", "launch"};

/* A format name with an option tag at its end ("csv" + ":label=" + "y"; a
 * detected format is "auto"), malloc'd; NULL when out of memory. */
static char *with_tag(const char *format, const char *tag, const char *value)
{
	const char *f = format ? format : "auto";
	size_t n = strlen(f) + strlen(tag) + strlen(value) + 1;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s%s%s", f, tag, value);
	return s;
}

static int parse_dataset(const cJSON *o, const char *p, const char *dir, struct ds_ws_dataset *d, struct ll_err *err)
{
	int rc;
	if (!cJSON_IsObject(o))
		return fail(err, p, NULL, "a dataset must be an object with \"path\" or \"url\"");
	if ((rc = check_keys(o, ds_keys, NKEYS(ds_keys), p, err)) != LL_OK)
		return rc;
	const char *path = NULL, *url = NULL, *format = NULL, *labels = NULL, *header = NULL, *interp = NULL,
		   *labcol = NULL, *entity = NULL, *sheet = NULL, *table = NULL;
	if ((rc = get_string(o, "path", p, &path, err)) < 0 || (rc = get_string(o, "url", p, &url, err)) < 0 ||
	    (rc = get_string(o, "format", p, &format, err)) < 0 || (rc = get_string(o, "labels", p, &labels, err)) < 0 ||
	    (rc = get_string(o, "header", p, &header, err)) < 0 ||
	    (rc = get_string(o, "interpretation", p, &interp, err)) < 0 ||
	    (rc = get_string(o, "label_column", p, &labcol, err)) < 0 ||
	    (rc = get_string(o, "entity", p, &entity, err)) < 0 || (rc = get_string(o, "sheet", p, &sheet, err)) < 0 ||
	    (rc = get_string(o, "table", p, &table, err)) < 0)
		return rc;
	if (table && !table[0])
		return fail(err, p, "table", "must not be empty");
	if (table && sheet)
		return fail(err, p, "table", "names a database's table: not with \"sheet\"");
	if (table && (header || interp || (format && strcmp(format, "sqlite") != 0)))
		return fail(err, p, "table", "names a database's table or view: it goes with the \"sqlite\" format, not \"%s\"",
			    header ? "header" : interp ? "interpretation" : format);
	if (sheet && !sheet[0])
		return fail(err, p, "sheet", "must not be empty");
	if (sheet && (header || interp || (format && strcmp(format, "xlsx") != 0 && strcmp(format, "xls") != 0 &&
			 strcmp(format, "xlsb") != 0 && strcmp(format, "ods") != 0)))
		return fail(err, p, "sheet",
			    "names a workbook's sheet: it goes with the \"xlsx\", \"xls\", \"xlsb\" and \"ods\" formats, not \"%s\"",
			    header ? "header" : interp ? "interpretation" : format);
	if (entity && !entity[0])
		return fail(err, p, "entity", "must not be empty (\"none\" keeps a long table as it is)");
	if (entity && (header || interp))
		return fail(err, p, "entity", "names a table's entity columns: not with \"%s\"", header ? "header" : "interpretation");
	if (entity && format && strcmp(format, "csv") != 0 && strcmp(format, "json") != 0 && strcmp(format, "jsonl") != 0 &&
	    strcmp(format, "xlsx") != 0 && strcmp(format, "xls") != 0 && strcmp(format, "xlsb") != 0 &&
	    strcmp(format, "ods") != 0 && strcmp(format, "sqlite") != 0 && strcmp(format, "parquet") != 0 &&
	    strcmp(format, "influx") != 0 && strcmp(format, "prometheus") != 0 && strcmp(format, "aligned") != 0)
		return fail(err, p, "entity",
			    "applies to the csv, json, jsonl, xlsx, xls, xlsb, ods, sqlite, parquet, influx, prometheus and aligned formats, not \"%s\"", format);
	if (entity && strstr(entity, DS_ENTITY_TAG))
		return fail(err, p, "entity", "\"%s\" is not a list of column names", entity);
	if (labcol && !labcol[0])
		return fail(err, p, "label_column", "must not be empty");
	if (labcol && (header || interp || labels))
		return fail(err, p, "label_column", "names the labels' column of a table: not with \"%s\"",
			    header ? "header" : interp ? "interpretation" : "labels");
	if (labcol && format && strcmp(format, "csv") != 0 && strcmp(format, "json") != 0 && strcmp(format, "jsonl") != 0 &&
	    strcmp(format, "xlsx") != 0 && strcmp(format, "xls") != 0 && strcmp(format, "xlsb") != 0 &&
	    strcmp(format, "ods") != 0 && strcmp(format, "sqlite") != 0 && strcmp(format, "parquet") != 0)
		return fail(err, p, "label_column",
			    "applies to the csv, json, jsonl, xlsx, xls, xlsb, ods, sqlite and parquet formats, not \"%s\"",
			    format);
	if (interp && (header || (format && strcmp(format, "smd") != 0)))
		return fail(err, p, "interpretation", "interpretation labels go with the \"smd\" format (SMD, ASD)");
	if (interp && !interp[0])
		return fail(err, p, "interpretation", "must not be empty");
	int has_paths = cJSON_GetObjectItemCaseSensitive(o, "paths") != NULL;
	if (!!path + !!url + has_paths != 1)
		return fail(err, p, NULL, "give exactly one of \"path\", \"paths\" and \"url\"");
	if ((path && !path[0]) || (url && !url[0]))
		return fail(err, p, path ? "path" : "url", "must not be empty");
	if (url && !ds_is_url(url))
		return fail(err, p, "url", "\"%s\" is not an http, https or s3 URL", url);
	if (format && !ds_reader_find(format))
		return fail(err, p, "format", "unknown format \"%s\" (loglab info --formats lists them)", format);
	if (header) {
		/* a header splits log lines: it goes with the log format, and
		 * travels inside it ("log:PATTERN") into runs */
		if (format && strcmp(format, "log") != 0)
			return fail(err, p, "header", "a header pattern applies to the \"log\" format, not \"%s\"", format);
		struct ds_header *h;
		struct ll_err herr;
		if (ds_header_compile(header, &h, &herr) != LL_OK)
			return fail(err, p, "header", "%s", herr.msg);
		ds_header_free(h);
	}
	char *paths = NULL;
	if (has_paths && (rc = get_paths(o, p, dir, &paths, err)) != LL_OK)
		return rc;
	d->is_url = url != NULL;
	d->path = paths ? paths : url ? strdup(url) : path_join(dir, path);
	if (header) {
		size_t n = strlen(DS_LOG_HEADER_PREFIX) + strlen(header) + 1;
		if ((d->format = malloc(n)))
			snprintf(d->format, n, "%s%s", DS_LOG_HEADER_PREFIX, header);
		format = header; /* so the allocation is checked below */
	} else if (interp) {
		/* travels inside the format ("smd:PATH") into runs, as a header does */
		char *ip = path_join(dir, interp);
		size_t n = ip ? strlen(DS_SMD_INTERP_PREFIX) + strlen(ip) + 1 : 0;
		if (ip && (d->format = malloc(n)))
			snprintf(d->format, n, "%s%s", DS_SMD_INTERP_PREFIX, ip);
		free(ip);
		format = interp; /* so the allocation is checked below */
	} else if (labcol) {
		/* travels inside the format ("csv:label=NAME", "auto:label=NAME"
		 * when detected) into runs, as a header does */
		d->format = with_tag(format, DS_LABEL_COLUMN_TAG, labcol);
		format = labcol; /* so the allocation is checked below */
	} else {
		d->format = format ? strdup(format) : NULL;
	}
	if ((sheet || table) && (!format || d->format)) {
		/* travels after a label column's tag, before an entity's
		 * ("xlsx:label=cls:sheet=Jobs", "sqlite:table=events"), into runs */
		char *tagged = with_tag(d->format, sheet ? DS_SHEET_TAG : DS_TABLE_TAG, sheet ? sheet : table);
		free(d->format);
		d->format = tagged;
		format = sheet ? sheet : table; /* so the allocation is checked below */
	}
	if (entity && (!format || d->format)) {
		/* travels at the end of the format ("csv:entity=SPEC",
		 * "auto:entity=SPEC", after a label column's tag) into runs */
		char *tagged = with_tag(d->format, DS_ENTITY_TAG, entity);
		free(d->format);
		d->format = tagged;
		format = entity; /* so the allocation is checked below */
	}
	d->labels = labels ? path_join(dir, labels) : NULL;
	if (!d->path || (format && !d->format) || (labels && !d->labels))
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	return LL_OK;
}

static int parse_doc(struct ds_workspace *ws, const char *label, struct ll_err *err)
{
	cJSON *doc = ws->doc;
	int rc;
	if (!cJSON_IsObject(doc))
		return ll_err_set(err, LL_EDATA, "%s: the workspace must be a JSON object", label);
	char top[300];
	snprintf(top, sizeof top, "%s:", label);
	if ((rc = check_keys(doc, top_keys, NKEYS(top_keys), top, err)) != LL_OK)
		return rc;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, "version");
	if (!v)
		return ll_err_set(err, LL_EDATA, "%s: version: missing (this loglab writes \"version\": 1)", label);
	if (!cJSON_IsNumber(v) || v->valuedouble != 1) {
		char got[80];
		describe(v, got, sizeof got);
		return ll_err_set(err, LL_EDATA, "%s: version: must be 1 (the only schema this loglab knows), got %s",
				  label, got);
	}
	/* how the TUI starts a training: a launcher prefix such as "mpirun -np 4" */
	const char *launch = NULL;
	if ((rc = get_string(doc, "launch", top, &launch, err)) < 0)
		return rc;
	if (launch && launch[strspn(launch, " \t")] && !(ws->launch = strdup(launch)))
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	const char *secs[3] = {"datasets", "featuresets", "experiments"};
	const cJSON *sec[3];
	for (int i = 0; i < 3; i++) {
		sec[i] = cJSON_GetObjectItemCaseSensitive(doc, secs[i]);
		if (sec[i] && !cJSON_IsObject(sec[i])) {
			char got[80];
			describe(sec[i], got, sizeof got);
			return ll_err_set(err, LL_EDATA, "%s: %s: must be an object {name: ...}, got %s", label, secs[i],
					  got);
		}
	}
	size_t nd = count_members(sec[0]), nf = count_members(sec[1]), ne = count_members(sec[2]);
	ws->datasets = calloc(nd ? nd : 1, sizeof *ws->datasets);
	ws->featuresets = calloc(nf ? nf : 1, sizeof *ws->featuresets);
	ws->experiments = calloc(ne ? ne : 1, sizeof *ws->experiments);
	if (!ws->datasets || !ws->featuresets || !ws->experiments)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	char p[512];
	for (const cJSON *e = sec[0] ? sec[0]->child : NULL; e; e = e->next) {
		if (is_comment(e->string))
			continue;
		snprintf(p, sizeof p, "%s: datasets.%s", label, e->string);
		if ((rc = ds_ws_name_check(e->string, p, err)) != LL_OK)
			return rc;
		struct ds_ws_dataset *d = &ws->datasets[ws->ndatasets++];
		if (!(d->name = strdup(e->string)))
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		if ((rc = parse_dataset(e, p, ws->dir, d, err)) != LL_OK)
			return rc;
	}
	for (const cJSON *e = sec[1] ? sec[1]->child : NULL; e; e = e->next) {
		if (is_comment(e->string))
			continue;
		snprintf(p, sizeof p, "%s: featuresets.%s", label, e->string);
		if ((rc = ds_ws_name_check(e->string, p, err)) != LL_OK)
			return rc;
		struct ds_ws_featureset *f = &ws->featuresets[ws->nfeaturesets++];
		if (!(f->name = strdup(e->string)))
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		if ((rc = ds_recipe_from_json(e, p, &f->recipe, err)) != LL_OK)
			return rc;
		const char *dn;
		if ((rc = get_string(e, "dataset", p, &dn, err)) != LL_OK)
			return rc > 0 ? fail(err, p, NULL, "needs \"dataset\" (a name under \"datasets\")") : rc;
		if (!ds_workspace_dataset(ws, dn)) {
			const char **names = malloc((ws->ndatasets + 1) * sizeof *names);
			if (!names)
				return ll_err_set(err, LL_ENOMEM, "out of memory");
			for (size_t i = 0; i < ws->ndatasets; i++)
				names[i] = ws->datasets[i].name;
			const char *dym = ds_did_you_mean(dn, names, ws->ndatasets);
			rc = fail(err, p, "dataset", "no dataset \"%s\"%s%s%s", dn, dym ? " (did you mean \"" : "",
				  dym ? dym : "", dym ? "\"?)" : "");
			free(names);
			return rc;
		}
		if (!(f->dataset = strdup(dn)))
			return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	for (const cJSON *e = sec[2] ? sec[2]->child : NULL; e; e = e->next) {
		if (is_comment(e->string))
			continue;
		snprintf(p, sizeof p, "%s: experiments.%s", label, e->string);
		if ((rc = ds_ws_name_check(e->string, p, err)) != LL_OK)
			return rc;
		struct ds_ws_experiment *x = &ws->experiments[ws->nexperiments++];
		if (!(x->name = strdup(e->string)))
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		if ((rc = parse_experiment(e, p, ws, x, err)) != LL_OK)
			return rc;
	}
	/* Names are object keys: a duplicate means one declaration is lost. */
	for (int s = 0; s < 3; s++)
		for (const cJSON *a = sec[s] ? sec[s]->child : NULL; a; a = a->next)
			for (const cJSON *b = a->next; b; b = b->next)
				if (!is_comment(a->string) && strcmp(a->string, b->string) == 0)
					return ll_err_set(err, LL_EDATA, "%s: %s.%s: declared twice", label, secs[s],
							  a->string);
	return LL_OK;
}

/* The lines of the first two keys of text (valid JSON) whose dotted path
 * (object keys joined by '.', array elements by their index, keys as
 * written between their quotes) is target; 0 when not found. cJSON keeps
 * no positions, so a key given twice is found again here to name both
 * lines. */
static void key_lines(const char *text, const char *target, size_t *first, size_t *second)
{
	char path[1024];
	size_t len = 0, depth = 0, line = 1;
	size_t saved[64];      /* path length at each open container */
	long index[64];        /* next element number in an array, -1 in an object */
	*first = *second = 0;
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			line++;
		} else if (*p == '{' || *p == '[') {
			if (depth == 64)
				return;
			/* an array element gets its index as a path component */
			if (depth && index[depth - 1] >= 0) {
				int w = snprintf(path + len, sizeof path - len, "%s%ld", len ? "." : "", index[depth - 1]++);
				if (w > 0 && (size_t)w < sizeof path - len)
					len += (size_t)w;
			}
			saved[depth] = len;
			index[depth++] = *p == '[' ? 0 : -1;
		} else if (*p == '}' || *p == ']') {
			/* back to the enclosing container's own path */
			if (depth)
				depth--;
			len = depth ? saved[depth - 1] : 0;
		} else if (*p == '"') {
			const char *s = ++p;
			while (*p && *p != '"')
				p += *p == '\\' && p[1] ? 2 : 1;
			if (!*p)
				return;
			size_t n = (size_t)(p - s);
			const char *q = p + 1;
			while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
				q++;
			if (*q != ':' || !depth || index[depth - 1] >= 0)
				continue;  /* a value, not a key */
			size_t base = saved[depth - 1];
			if (base + 1 + n >= sizeof path)
				continue;
			len = base;
			if (len)
				path[len++] = '.';
			memcpy(path + len, s, n);
			len += n;
			path[len] = '\0';
			if (strcmp(path, target) == 0) {
				if (!*first)
					*first = line;
				else if (!*second)
					*second = line;
			}
		}
	}
}

/* The line of the first \u0000 escape in text (after an odd number of
 * backslashes), 0 when none: cJSON would end the string there, so a name
 * or path would silently lose its tail. */
static size_t nul_escape_line(const char *text)
{
	size_t line = 1;
	for (const char *p = text; *p; p++) {
		if (*p == '\n')
			line++;
		if (*p != '\\')
			continue;
		size_t run = 0;
		while (p[run] == '\\')
			run++;
		p += run - 1;
		if (run % 2 == 1 && p[1] == 'u' && p[2] == '0' && p[3] == '0' && p[4] == '0' && p[5] == '0')
			return line;
	}
	return 0;
}

int ds_workspace_parse(const char *text, const char *dir, const char *label, struct ds_workspace **out,
		       struct ll_err *err)
{
	*out = NULL;
	struct ds_workspace *ws = calloc(1, sizeof *ws);
	if (!ws)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	ws->dir = strdup(dir);
	ws->file = path_join(dir, DS_WORKSPACE_FILE);
	if (!ws->dir || !ws->file) {
		ds_workspace_free(ws);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	const char *end = NULL;
	ws->doc = cJSON_ParseWithOpts(text, &end, 1);
	if (!ws->doc) {
		size_t off = end ? (size_t)(end - text) : 0, line = 1, col = 1;
		/* depth: cJSON refuses valid JSON nested past its limit, which
		 * "not valid JSON here" would misname */
		size_t depth = 0;
		int in_str = 0;
		for (size_t i = 0; i < off && text[i]; i++) {
			if (in_str) {
				if (text[i] == '\\' && text[i + 1] && i + 1 < off)
					i++, col++;
				else if (text[i] == '"')
					in_str = 0;
			} else if (text[i] == '"') {
				in_str = 1;
			} else if (text[i] == '[' || text[i] == '{') {
				depth++;
			} else if ((text[i] == ']' || text[i] == '}') && depth) {
				depth--;
			}
			if (text[i] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		ds_workspace_free(ws);
		if (depth >= CJSON_NESTING_LIMIT)
			return ll_err_set(err, LL_EDATA, "%s:%zu:%zu: nested more than %d levels deep (the JSON reader's limit)",
					  label, line, col, CJSON_NESTING_LIMIT);
		return ll_err_set(err, LL_EDATA, "%s:%zu:%zu: not valid JSON here", label, line, col);
	}
	size_t nul = nul_escape_line(text);
	if (nul) {
		ds_workspace_free(ws);
		return ll_err_set(err, LL_EDATA,
				  "%s:%zu: \\u0000 (a NUL character) in a string: no name, path or value may hold one", label,
				  nul);
	}
	int rc = parse_doc(ws, label, err);
	/* "LABEL: PATH: key given twice" (or "declared twice"): both lines */
	const char *twice = rc == LL_EDATA ? strstr(err->msg, ": key given twice") : NULL;
	if (!twice && rc == LL_EDATA)
		twice = strstr(err->msg, ": declared twice");
	size_t ll = strlen(label);
	if (twice && !strncmp(err->msg, label, ll) && !strncmp(err->msg + ll, ": ", 2) && twice > err->msg + ll + 2) {
		char target[1024];
		snprintf(target, sizeof target, "%.*s", (int)(twice - (err->msg + ll + 2)), err->msg + ll + 2);
		size_t a, b;
		key_lines(text, target, &a, &b);
		if (a && b) {
			char msg[LL_ERR_MSG_MAX];
			snprintf(msg, sizeof msg, "%s", err->msg);
			ll_err_set(err, LL_EDATA, "%s (lines %zu and %zu; one would be ignored)", msg, a, b);
		}
	}
	if (rc) {
		ds_workspace_free(ws);
		return rc;
	}
	*out = ws;
	return LL_OK;
}

int ds_workspace_load(const char *path, struct ds_workspace **out, struct ll_err *err)
{
	*out = NULL;
	struct stat st;
	char *dir, *file;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		dir = realpath(path, NULL);
		file = dir ? path_join(dir, DS_WORKSPACE_FILE) : NULL;
	} else {
		char *slash = strrchr(path, '/');
		char *d = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
		dir = d ? realpath(d, NULL) : NULL;
		free(d);
		file = dir ? path_join(dir, slash ? slash + 1 : path) : NULL;
	}
	if (!dir || !file) {
		int e = errno;
		free(dir);
		free(file);
		return ll_err_errno(err, LL_EIO, e, "%s: cannot open the workspace", path);
	}
	FILE *f = ll_fopen_regular(file, err);
	if (!f) {
		int rc = errno == ENOENT ? ll_err_set(err, LL_EIO, "%s: no workspace here (loglab init creates one)", file)
					 : LL_EIO;
		free(dir);
		free(file);
		return rc;
	}
	char *text = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len + 65536 + 1 > cap) {
			cap = cap ? cap * 2 : 65536 * 2;
			char *t = realloc(text, cap);
			if (!t) {
				free(text);
				fclose(f);
				free(dir);
				free(file);
				return ll_err_set(err, LL_ENOMEM, "out of memory reading the workspace");
			}
			text = t;
		}
		size_t n = fread(text + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	int rerr = ferror(f);
	fclose(f);
	if (rerr) {
		free(text);
		free(dir);
		int rc = ll_err_set(err, LL_EIO, "%s: read error", file);
		free(file);
		return rc;
	}
	text[len] = '\0';
	if (strlen(text) != len) {
		int utf16 = ds_source_utf16(text, len, NULL);
		free(text);
		free(dir);
		/* an editor on Windows may save it as UTF-16: say so, with the cure */
		int rc = utf16
				 ? ll_err_set(err, LL_EDATA,
					      "%s: is UTF-16 text; a workspace file is UTF-8 JSON (convert it: "
					      "iconv -f UTF-16 -t UTF-8)",
					      file)
				 : ll_err_set(err, LL_EDATA, "%s: contains a NUL byte; not a JSON text", file);
		free(file);
		return rc;
	}
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	int rc = ds_workspace_parse(text, dir, base, out, err);
	free(text);
	if (rc == LL_OK && !((*out)->base = cJSON_Duplicate((*out)->doc, 1))) {
		ds_workspace_free(*out);
		*out = NULL;
		rc = ll_err_set(err, LL_ENOMEM, "out of memory reading the workspace");
	}
	if (rc == LL_OK) {
		free((*out)->file);
		(*out)->file = file;
	} else {
		free(file);
	}
	free(dir);
	return rc;
}

/* -------------------------------------------------------------- saving */

static int write_atomic_at(const char *file, const char *text, struct ll_err *err);

/* A loglab.json that is a symbolic link (into a repository of dotfiles,
 * say) stays one: its target is replaced, not the link. */
static int write_atomic(const char *file, const char *text, struct ll_err *err)
{
	char *real = realpath(file, NULL);
	int rc = write_atomic_at(real ? real : file, text, err);
	free(real);
	return rc;
}

static int write_atomic_at(const char *file, const char *text, struct ll_err *err)
{
	size_t n = strlen(file);
	char *tmp = malloc(n + 16), *dir = strdup(file);
	if (!tmp || !dir) {
		free(tmp);
		free(dir);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		strcpy(dir, ".");
	snprintf(tmp, n + 16, "%s.tmpXXXXXX", file);
	int rc = LL_OK;
	mode_t mode = 0644;
	struct stat st;
	if (stat(file, &st) == 0)
		mode = st.st_mode & 07777;
	int fd = mkstemp(tmp);
	if (fd < 0) {
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot create a temporary file", tmp);
		goto out;
	}
	size_t len = strlen(text), off = 0;
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = ll_err_errno(err, LL_EIO, errno, "%s: write failed", tmp);
			break;
		}
		off += (size_t)w;
	}
	if (rc == LL_OK && fchmod(fd, mode) != 0)
		rc = ll_err_errno(err, LL_EIO, errno, "%s: chmod failed", tmp);
	if (rc == LL_OK && fsync(fd) != 0)
		rc = ll_err_errno(err, LL_EIO, errno, "%s: fsync failed", tmp);
	if (close(fd) != 0 && rc == LL_OK)
		rc = ll_err_errno(err, LL_EIO, errno, "%s: close failed", tmp);
	if (rc == LL_OK && rename(tmp, file) != 0)
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot replace it", file);
	if (rc != LL_OK) {
		unlink(tmp);
		goto out;
	}
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		/* the rename is durable only once the folder is */
		if (fsync(dfd) != 0)
			rc = ll_err_errno(err, LL_EIO, errno, "%s: fsync of the folder failed", dir);
		close(dfd);
	}
out:
	free(tmp);
	free(dir);
	return rc;
}

/* The document to write: mine merged into what the file holds now (theirs),
 * so that what another loglab or an editor wrote since this one read the
 * file stays. Sets *merged (a new document) or err. */
static int merge_with_file(struct ds_workspace *ws, const char *text, cJSON **merged, struct ll_err *err)
{
	*merged = NULL;
	const char *end = NULL;
	cJSON *theirs = cJSON_ParseWithOpts(text, &end, 1);
	if (!theirs) {
		int line = 1;
		for (const char *p = text; end && p < end; p++)
			line += *p == '\n';
		return ll_err_set(err, LL_EDATA,
				  "%s: changed on disk and not valid JSON now (line %d); nothing written, the changes "
				  "here are kept until it is mended",
				  ws->file, line);
	}
	void *out = NULL;
	char where[256];
	ws->merged_on_save = ws->base && !cJSON_Compare(theirs, ws->base, 1);
	enum ds_merge_result mr = ws->merged_on_save
					  ? ds_json_merge3(ws->base, ws->doc, theirs, &out, where, sizeof where)
					  : (out = cJSON_Duplicate(ws->doc, 1)) ? DS_MERGE_OK : DS_MERGE_NOMEM;
	cJSON_Delete(theirs);
	if (mr == DS_MERGE_NOMEM)
		return ll_err_set(err, LL_ENOMEM, "out of memory writing %s", ws->file);
	if (mr == DS_MERGE_CONFLICT)
		return ll_err_set(err, LL_EDATA,
				  "%s: %s was changed on disk since loglab read the file, and differently here; "
				  "nothing written (reopen the workspace to see the file's version)",
				  ws->file, where);
	/* Each side's changes are valid alone; together they may not be (a
	 * feature set here naming a dataset removed there). */
	char *probe = cJSON_Print(out);
	struct ds_workspace *check = NULL;
	struct ll_err sub;
	ll_err_clear(&sub);
	int rc = probe ? ds_workspace_parse(probe, ws->dir, DS_WORKSPACE_FILE, &check, &sub) : LL_ENOMEM;
	free(probe);
	ds_workspace_free(check);
	if (rc != LL_OK) {
		cJSON_Delete(out);
		if (rc == LL_ENOMEM)
			return ll_err_set(err, LL_ENOMEM, "out of memory writing %s", ws->file);
		return ll_err_set(err, LL_EDATA,
				  "%s: changed on disk since loglab read it, and with the changes here it would not "
				  "load (%s); nothing written",
				  ws->file, sub.msg);
	}
	*merged = out;
	return LL_OK;
}

static int write_doc(const char *file, const char *old, const cJSON *doc, struct ll_err *err)
{
	/* Edit the file as it is, so the user's layout and comments stay. */
	char *patched = old ? ds_json_patch(old, doc) : NULL;
	if (patched) {
		int rc = write_atomic(file, patched, err);
		free(patched);
		return rc;
	}
	char *text = cJSON_Print(doc);
	if (!text)
		return ll_err_set(err, LL_ENOMEM, "out of memory writing %s", file);
	size_t n = strlen(text);
	char *t2 = realloc(text, n + 2);
	if (!t2) {
		free(text);
		return ll_err_set(err, LL_ENOMEM, "out of memory writing %s", file);
	}
	t2[n] = '\n';
	t2[n + 1] = '\0';
	int rc = write_atomic(file, t2, err);
	free(t2);
	return rc;
}

int ds_workspace_save(struct ds_workspace *ws, struct ll_err *err)
{
	struct stat st;
	if (stat(ws->file, &st) != 0 && errno == ENOENT) {
		/* Gone (or never written): nothing of anyone else's to keep. */
		ws->merged_on_save = 0;
		int rc = write_doc(ws->file, NULL, ws->doc, err);
		if (rc == LL_OK) {
			cJSON_Delete(ws->base);
			ws->base = cJSON_Duplicate(ws->doc, 1);
		}
		return rc;
	}
	/* The lock orders loglab's own writers: each reads, merges and replaces
	 * the file while no other does. The replaced file's waiters reopen. */
	int fd = -1, reopened = 0;
	int rc = ll_lock_file(&fd, ws->file, O_RDWR, 10000, &reopened, err);
	if (rc != LL_OK) {
		if (fd >= 0)
			close(fd);
		return rc;
	}
	char *old = NULL;
	cJSON *merged = NULL;
	size_t old_len = 0;
	rc = ll_read_text(fd, ws->file, (size_t)64 << 20, &old, &old_len, err);
	if (rc == LL_OK)
		rc = merge_with_file(ws, old, &merged, err);
	if (rc == LL_OK)
		rc = write_doc(ws->file, old, merged, err);
	ll_unlock_file(fd);
	close(fd);
	free(old);
	if (rc != LL_OK) {
		cJSON_Delete(merged);
		return rc;
	}
	cJSON *base = cJSON_Duplicate(merged, 1);
	if (!base) {
		cJSON_Delete(merged);
		return ll_err_set(err, LL_ENOMEM, "out of memory after writing %s", ws->file);
	}
	cJSON_Delete(ws->doc);
	ws->doc = merged;
	cJSON_Delete(ws->base);
	ws->base = base;
	return LL_OK;
}

int ds_workspace_write_featureset(struct ds_workspace *ws, const char *name, const char *dataset,
				  const struct ll_recipe *r, struct ll_err *err)
{
	cJSON *before = cJSON_Duplicate(ws->doc, 1);
	if (!before)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int rc = ds_workspace_set_featureset(ws, name, dataset, r, err);
	if (rc == LL_OK)
		rc = ds_workspace_save(ws, err);
	if (rc != LL_OK) {
		/* Not written: not left in the document either, where a later save
		 * of something else would write it unasked. */
		cJSON_Delete(ws->doc);
		ws->doc = before;
		return rc;
	}
	cJSON_Delete(before);
	return LL_OK;
}

void ds_workspace_take_base(struct ds_workspace *to, struct ds_workspace *from)
{
	cJSON_Delete(to->base);
	to->base = from->base;
	from->base = NULL;
}

int ds_workspace_set_featureset(struct ds_workspace *ws, const char *name, const char *dataset,
				const struct ll_recipe *r, struct ll_err *err)
{
	if (!ds_workspace_dataset(ws, dataset))
		return ll_err_set(err, LL_EUSAGE, "%s: no dataset \"%s\"", ws->file, dataset);
	char key[300];
	snprintf(key, sizeof key, "featuresets.%s", name);
	int nrc = ds_ws_name_check(name, key, err);
	if (nrc != LL_OK)
		return nrc;
	struct ll_err sub;
	ll_err_clear(&sub);
	if (ll_recipe_check(r, &sub) != LL_OK)
		return ll_err_set(err, LL_EUSAGE, "featuresets.%s.%s", name, sub.msg);
	cJSON *doc = ws->doc;
	cJSON *sec = cJSON_GetObjectItemCaseSensitive(doc, "featuresets");
	if (!sec && !(sec = cJSON_AddObjectToObject(doc, "featuresets")))
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	cJSON *full = recipe_to_json(r, dataset, 1), *fresh = recipe_to_json(r, dataset, 0);
	int rc = LL_OK;
	if (!full || !fresh) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto out;
	}
	cJSON *cur = cJSON_GetObjectItemCaseSensitive(sec, name);
	if (cur && cJSON_IsObject(cur)) {
		if (merge_json(cur, full, fresh) != LL_OK)
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	} else {
		if (cur)
			cJSON_Delete(cJSON_DetachItemViaPointer(sec, cur));
		cJSON_AddItemToObject(sec, name, fresh);
		fresh = NULL;
	}
	if (rc)
		goto out;
	/* The struct side: replace or add. */
	struct ds_ws_featureset *f = (struct ds_ws_featureset *)ds_workspace_featureset(ws, name);
	if (!f) {
		struct ds_ws_featureset *a = realloc(ws->featuresets, (ws->nfeaturesets + 1) * sizeof *a);
		if (!a) {
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
			goto out;
		}
		ws->featuresets = a;
		f = &a[ws->nfeaturesets];
		memset(f, 0, sizeof *f);
		if (!(f->name = strdup(name))) {
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
			goto out;
		}
		ws->nfeaturesets++;
	}
	char *dn = strdup(dataset);
	if (!dn) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto out;
	}
	free(f->dataset);
	f->dataset = dn;
	f->recipe = *r;
out:
	cJSON_Delete(full);
	cJSON_Delete(fresh);
	return rc;
}

/* ------------------------------------------------------------------ init */

static const char example_text[] =
	"{\n"
	"\t\"_comment\": \"A loglab workspace (schema: docs/workspace.md). Keys starting with _ are comments.\",\n"
	"\t\"version\": 1,\n"
	"\t\"datasets\": {\n"
	"\t\t\"_comment\": \"name: {path (relative to this folder) or url, format (detected when left out), labels}\",\n"
	"\t\t\"dstat\": {\"path\": \"data/dstat.csv\", \"format\": \"dstat\"},\n"
	"\t\t\"bgl\": {\"path\": \"data/BGL_2k.log\"},\n"
	"\t\t\"smd\": {\"path\": \"data/machine-1-6_test.csv\"}\n"
	"\t},\n"
	"\t\"featuresets\": {\n"
	"\t\t\"dstat10s\": {\n"
	"\t\t\t\"_comment\": \"CPU user time and 1-minute load, 10 s means, z-scored on the training part\",\n"
	"\t\t\t\"dataset\": \"dstat\",\n"
	"\t\t\t\"columns\": \"usr|1m\",\n"
	"\t\t\t\"resample\": {\"interval\": \"10s\", \"agg\": \"mean\"},\n"
	"\t\t\t\"nan\": \"ffill\",\n"
	"\t\t\t\"split\": {\"kind\": \"chronological\", \"train\": 0.7, \"test\": 0.3},\n"
	"\t\t\t\"scale\": \"zscore\",\n"
	"\t\t\t\"seed\": 1\n"
	"\t\t},\n"
	"\t\t\"bgl_tfidf\": {\n"
	"\t\t\t\"_comment\": \"TF-IDF of log lines, ordinary vs root cause, first 70% of lines to train\",\n"
	"\t\t\t\"dataset\": \"bgl\",\n"
	"\t\t\t\"target\": {\"kind\": \"binary\", \"ordinary\": [\"normal\", \"-\"]},\n"
	"\t\t\t\"text\": {\"kind\": \"tfidf\", \"features\": 4096, \"ngram\": [1, 2]},\n"
	"\t\t\t\"split\": {\"kind\": \"chronological\", \"train\": 0.7, \"test\": 0.3},\n"
	"\t\t\t\"class_weight\": \"balanced\"\n"
	"\t\t},\n"
	"\t\t\"smd_windows\": {\n"
	"\t\t\t\"_comment\": \"sequences of 20 minutes of every metric for an LSTM\",\n"
	"\t\t\t\"dataset\": \"smd\",\n"
	"\t\t\t\"window\": {\"kind\": \"rows\", \"size\": 20, \"stride\": 5, \"label\": \"any\"},\n"
	"\t\t\t\"split\": {\"kind\": \"chronological\", \"train\": 0.6, \"dev\": 0.1, \"test\": 0.3},\n"
	"\t\t\t\"scale\": \"minmax\"\n"
	"\t\t}\n"
	"\t},\n"
	"\t\"experiments\": {\n"
	"\t\t\"dnn\": {\"featureset\": \"dstat10s\", \"model\": \"mlp\", \"hidden\": [100, 100, 100, 100, 100],\n"
	"\t\t\t\"activation\": \"relu\", \"optimizer\": \"adagrad\", \"lr\": 0.05, \"batch\": 128, \"epochs\": 50, \"seed\": 1},\n"
	"\t\t\"logreg\": {\"featureset\": \"bgl_tfidf\", \"model\": \"logreg\", \"C\": 1, \"seed\": 1},\n"
	"\t\t\"lstm\": {\"featureset\": \"smd_windows\", \"model\": \"lstm\", \"hidden\": 32, \"layers\": 1,\n"
	"\t\t\t\"optimizer\": \"adam\", \"lr\": 0.001, \"batch\": 64, \"epochs\": 10, \"seed\": 1},\n"
	"\t\t\"kmeans\": {\"featureset\": \"dstat10s\", \"model\": \"kmeans\", \"k\": [2, 8], \"n_init\": 4, \"seed\": 1}\n"
	"\t}\n"
	"}\n";

const char *ds_workspace_example(void)
{
	return example_text;
}

/* Creates dir/loglab.json holding text (never over an existing one) and runs/. */
static int init_with(const char *dir, const char *text, struct ll_err *err)
{
	struct stat st;
	if (stat(dir, &st) != 0) {
		if (errno != ENOENT || mkdir(dir, 0777) != 0)
			return ll_err_errno(err, LL_EIO, errno, "%s: cannot create the folder", dir);
	} else if (!S_ISDIR(st.st_mode)) {
		return ll_err_set(err, LL_EUSAGE, "%s: not a folder", dir);
	}
	char *file = path_join(dir, DS_WORKSPACE_FILE), *runs = path_join(dir, "runs");
	int rc = LL_OK;
	if (!file || !runs) {
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		goto out;
	}
	/* O_EXCL: never overwrite, even when another process just created it. */
	int fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0666);
	if (fd < 0) {
		rc = errno == EEXIST ? ll_err_set(err, LL_EUSAGE, "%s already exists; not overwriting it", file)
				     : ll_err_errno(err, LL_EIO, errno, "%s: cannot create it", file);
		goto out;
	}
	size_t len = strlen(text), off = 0;
	while (off < len && rc == LL_OK) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			rc = ll_err_errno(err, LL_EIO, errno, "%s: write failed", file);
		else
			off += (size_t)w;
	}
	if (rc == LL_OK && fsync(fd) != 0)
		rc = ll_err_errno(err, LL_EIO, errno, "%s: fsync failed", file);
	if (close(fd) != 0 && rc == LL_OK)
		rc = ll_err_errno(err, LL_EIO, errno, "%s: close failed", file);
	if (rc != LL_OK) {
		unlink(file);
		goto out;
	}
	if (mkdir(runs, 0777) != 0 && errno != EEXIST)
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot create it", runs);
out:
	free(file);
	free(runs);
	return rc;
}

int ds_workspace_init(const char *dir, struct ll_err *err)
{
	return init_with(dir, example_text, err);
}

/* A path as the workspace in dir names it: relative to it when the file is
 * inside it (so the folder can move), else absolute; into buf (cap). */
static const char *ws_relative(const char *dir, const char *file, char *buf, size_t cap)
{
	char absdir[PATH_MAX], absfile[PATH_MAX];
	if (!realpath(dir, absdir) || !realpath(file, absfile))
		return file;
	size_t dl = strlen(absdir);
	snprintf(buf, cap, "%s", !strncmp(absfile, absdir, dl) && absfile[dl] == '/' ? absfile + dl + 1 : absfile);
	return buf;
}

/* The dataset object around path, with the keys that read it as opts ask
 * (a --format spec split into format, label_column, entity, sheet or table,
 * header, labels, interpretation): what a user opened with
 * "-f csv:label=outcome" trains on its outcome column. */
static cJSON *init_dataset(const char *dir, const char *path, const struct ds_open_opts *opts)
{
	cJSON *d = cJSON_CreateObject();
	if (!d || !cJSON_AddStringToObject(d, "path", path)) {
		cJSON_Delete(d);
		return NULL;
	}
	if (!opts)
		return d;
	struct ds_open_opts o = *opts;
	int table = o.format && strstr(o.format, DS_TABLE_TAG) != NULL;
	ds_open_opts_split(&o);
	char labels[PATH_MAX];
	const char *keys[] = {"format", "label_column", "entity", table ? "table" : "sheet", "header", "interpretation",
			      "labels"};
	const char *vals[] = {o.format,	   o.label_column,   o.entity,
			      o.sheet,	   o.header,	     o.interpretation,
			      o.labels && *o.labels ? ws_relative(dir, o.labels, labels, sizeof labels) : NULL};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		/* a header travels as its own key: the log format is implied */
		if (i == 0 && o.header && *o.header && vals[0] && !strcmp(vals[0], "log"))
			continue;
		if (vals[i] && *vals[i] && !cJSON_AddStringToObject(d, keys[i], vals[i])) {
			cJSON_Delete(d);
			return NULL;
		}
	}
	return d;
}

int ds_workspace_quick_classes(const char *const *names, const size_t *counts, size_t n, size_t unlabelled)
{
	size_t with = 0;
	for (size_t k = 0; k < n; k++) {
		if (!counts[k])
			continue;
		if (!names[k] || ll_default_ordinary_name(names[k]))
			return 0;
		with++;
	}
	return !unlabelled && with >= 2;
}

int ds_workspace_init_file(const char *dir, const char *data_path, const struct ds_open_opts *opts, int lines,
			   int classes, char *exp, size_t cap, struct ll_err *err)
{
	/* The dataset's name: the file's name without its extension, made a key. */
	const char *base = strrchr(data_path, '/') ? strrchr(data_path, '/') + 1 : data_path;
	char name[64];
	size_t n = 0;
	for (const char *p = base; *p && *p != '.' && n + 1 < sizeof name; p++)
		name[n++] = isalnum((unsigned char)*p) ? *p : '_';
	name[n] = '\0';
	if (!n)
		snprintf(name, sizeof name, "data");
	/* Relative to the workspace when the file is in it, so the folder can move. */
	char rel[PATH_MAX];
	const char *path = ws_relative(dir, data_path, rel, sizeof rel);
	cJSON *jdata = init_dataset(dir, path, opts), *jname = cJSON_CreateString(name);
	char *qpath = jdata ? cJSON_PrintUnformatted(jdata) : NULL, *qname = jname ? cJSON_PrintUnformatted(jname) : NULL;
	cJSON_Delete(jdata);
	cJSON_Delete(jname);
	size_t need = 2048 + (qpath ? strlen(qpath) : 0) + 4 * strlen(name);
	char *text = qpath && qname ? malloc(need) : NULL;
	if (!text) {
		free(qpath);
		free(qname);
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	/* Log lines: TF-IDF of the messages; tables: every number column. Lines
	 * nobody labelled count as ordinary: an operator labels root causes.
	 * A file whose every row has a class, none ordinary by name, trains
	 * over its classes: a binary target would hold root causes only. */
	snprintf(text, need,
		 "{\n"
		 "\t\"_comment\": \"made by loglab for %s; edit freely (docs/workspace.md), t in the experiments view trains%s\",\n"
		 "\t\"version\": 1,\n"
		 "\t\"datasets\": {\n"
		 "\t\t%s: %s\n"
		 "\t},\n"
		 "\t\"featuresets\": {\n"
		 "\t\t\"%s_%s\": {\"dataset\": %s, %s,\n"
		 "\t\t\t%s,\n"
		 "\t\t\t\"split\": {\"kind\": \"chronological\", \"train\": 0.7, \"test\": 0.3}, \"class_weight\": \"balanced\"}\n"
		 "\t},\n"
		 "\t\"experiments\": {\n"
		 "\t\t\"%s\": {\"featureset\": \"%s_%s\", \"model\": \"logreg\", \"seed\": 1}\n"
		 "\t}\n"
		 "}\n",
		 base,
		 classes ? "; the target is the file's classes as they are (none is a default ordinary name: normal, "
			   "benign, ok, pass, 0, ...), every row having one"
			 : "",
		 qname, qpath, name, lines ? "tfidf" : "numbers", qname,
		 classes ? "\"target\": \"classes\"" : "\"target\": \"binary\", \"unlabelled\": \"ordinary\"",
		 lines ? "\"text\": {\"kind\": \"tfidf\", \"features\": 4096}" : "\"scale\": \"zscore\"",
		 "logreg", name, lines ? "tfidf" : "numbers");
	free(qpath);
	free(qname);
	int rc = init_with(dir, text, err);
	free(text);
	if (rc == LL_OK && exp)
		snprintf(exp, cap, "logreg");
	return rc;
}

/* ----------------------------------------------------------- fingerprints */

#define FP_CACHE 32

static struct {
	char *path;
	struct ds_fingerprint fp;
} fp_cache[FP_CACHE];
static size_t fp_next;
static pthread_mutex_t fp_lock = PTHREAD_MUTEX_INITIALIZER;

/* A file a dataset names: readable and regular. */
static int check_file(const char *name, const char *key, const char *path, struct ll_err *err)
{
	struct stat st;
	/* a folder or a glob: a fleet of logs or of tables (ds_fleet.h,
	 * ds_fleet_tables.h); it must match a file */
	if (strcmp(key, "path") == 0 && ds_fleet_is_spec(path)) {
		struct ds_fleet_list *l = NULL;
		char **specs = NULL;
		size_t n = 0;
		if (ds_fleet_split_specs(path, &specs, &n) != LL_OK)
			return ll_err_set(err, LL_ENOMEM, "out of memory");
		int rc = ds_fleet_find((const char *const *)specs, n, &l, err);
		ds_fleet_specs_free(specs, n);
		ds_fleet_list_free(l);
		if (rc != LL_OK) {
			char msg[LL_ERR_MSG_MAX];
			snprintf(msg, sizeof msg, "%s", err->msg);
			return ll_err_set(err, rc, "datasets.%s.%s: %s", name, key, msg);
		}
		return LL_OK;
	}
	if (stat(path, &st) != 0)
		return ll_err_errno(err, LL_EIO, errno, "datasets.%s.%s: %s", name, key, path);
	if (!S_ISREG(st.st_mode))
		return ll_err_set(err, LL_EIO, "datasets.%s.%s: %s: not a regular file", name, key, path);
	if (access(path, R_OK) != 0)
		return ll_err_errno(err, LL_EIO, errno, "datasets.%s.%s: %s", name, key, path);
	return LL_OK;
}

int ds_ws_dataset_check(const struct ds_ws_dataset *d, struct ll_err *err)
{
	if (d->is_url)
		return LL_OK;
	int rc = check_file(d->name, "path", d->path, err);
	if (rc == LL_OK && d->labels)
		rc = check_file(d->name, "labels", d->labels, err);
	return rc;
}

int ds_ws_experiment_check(const struct ds_workspace *ws, const char *exp, struct ll_err *err)
{
	const struct ds_ws_experiment *x = ds_workspace_experiment(ws, exp);
	const struct ds_ws_featureset *fs = x ? ds_workspace_featureset(ws, x->featureset) : NULL;
	const struct ds_ws_dataset *d = fs ? ds_workspace_dataset(ws, fs->dataset) : NULL;
	if (!x)
		return ll_err_set(err, LL_EUSAGE, "%s has no experiment \"%s\"", ws->file, exp);
	return d ? ds_ws_dataset_check(d, err) : LL_OK;
}

/* hash_head: the SHA-256 (hex) of the first LEFT bytes of FD, or of
 * fewer if the file ends sooner (*HASHED says how many) */
static int hash_head(int fd, const char *path, uint64_t left, uint64_t *hashed, char *hex, struct ll_err *err)
{
	enum { CHUNK = 1 << 20 };
	unsigned char *buf = malloc(CHUNK);
	if (!buf)
		return ll_err_set(err, LL_ENOMEM, "out of memory hashing %s", path);
	struct ds_sha256 h;
	ds_sha256_init(&h);
	*hashed = 0;
	while (left > 0) {
		ssize_t n = read(fd, buf, left < CHUNK ? (size_t)left : CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			free(buf);
			return ll_err_errno(err, LL_EIO, e, "%s: read error", path);
		}
		if (n == 0)
			break; /* it shrank: the bytes there were */
		ds_sha256_update(&h, buf, (size_t)n);
		left -= (uint64_t)n;
		*hashed += (uint64_t)n;
	}
	free(buf);
	unsigned char dg[DS_SHA256_LEN];
	ds_sha256_final(&h, dg);
	ds_hex(dg, DS_SHA256_LEN, hex);
	return LL_OK;
}

int ds_file_head_sha(const char *path, uint64_t n, char *hex, struct ll_err *err)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return ll_err_errno(err, LL_EIO, errno, "%s", path);
	uint64_t hashed;
	int rc = hash_head(fd, path, n, &hashed, hex, err);
	close(fd);
	if (rc == LL_OK && hashed < n)
		return ll_err_set(err, LL_EDATA, "%s: shorter than %llu bytes", path, (unsigned long long)n);
	return rc;
}

int ds_file_fingerprint(const char *path, struct ds_fingerprint *fp, struct ll_err *err)
{
	/* a folder or a pattern: the fleet's files together */
	if (!ds_is_url(path) && ds_fleet_is_spec(path))
		return ds_fleet_fingerprint(path, fp, err);
	if (ds_stdin_is(path)) { /* the bytes piped in, as read once */
		const char *data;
		size_t size;
		int rc = ds_stdin_read(&data, &size, err);
		if (rc != LL_OK)
			return rc;
		struct ds_sha256 h;
		unsigned char dg[DS_SHA256_LEN];
		ds_sha256_init(&h);
		ds_sha256_update(&h, data, size);
		ds_sha256_final(&h, dg);
		fp->size = size;
		fp->mtime_ns = 0;
		ds_hex(dg, DS_SHA256_LEN, fp->sha256);
		return LL_OK;
	}
	struct stat st;
	if (stat(path, &st) != 0)
		return ll_err_errno(err, LL_EIO, errno, "%s", path);
	if (!S_ISREG(st.st_mode))
		return ll_err_set(err, LL_EIO, "%s: not a regular file", path);
	int64_t mt = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	pthread_mutex_lock(&fp_lock);
	for (size_t i = 0; i < FP_CACHE; i++)
		if (fp_cache[i].path && strcmp(fp_cache[i].path, path) == 0 &&
		    fp_cache[i].fp.size == (uint64_t)st.st_size && fp_cache[i].fp.mtime_ns == mt) {
			*fp = fp_cache[i].fp;
			pthread_mutex_unlock(&fp_lock);
			return LL_OK;
		}
	pthread_mutex_unlock(&fp_lock);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return ll_err_errno(err, LL_EIO, errno, "%s", path);
	/* the size and time of the file opened (another may have been renamed
	 * in since the stat), and the hash of exactly that many bytes: a file
	 * written to meanwhile gave the size of one state and the hash of
	 * another */
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return ll_err_errno(err, LL_EIO, e, "%s", path);
	}
	mt = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	uint64_t hashed = 0;
	int rc = hash_head(fd, path, (uint64_t)st.st_size, &hashed, fp->sha256, err);
	close(fd);
	if (rc != LL_OK)
		return rc;
	fp->size = hashed;
	fp->mtime_ns = mt;
	char *copy = strdup(path);
	if (copy) {
		pthread_mutex_lock(&fp_lock);
		free(fp_cache[fp_next].path);
		fp_cache[fp_next].path = copy;
		fp_cache[fp_next].fp = *fp;
		fp_next = (fp_next + 1) % FP_CACHE;
		pthread_mutex_unlock(&fp_lock);
	}
	return LL_OK;
}

int ds_featureset_fingerprint(const struct ll_recipe *r, const char *data_sha, const char *labels_sha,
			      char out[2 * DS_SHA256_LEN + 1], struct ll_err *err)
{
	char *text;
	int rc = ll_recipe_format(r, &text, err);
	if (rc)
		return rc;
	struct ds_sha256 h;
	ds_sha256_init(&h);
	static const char head[] = "loglab-featureset 1\n";
	ds_sha256_update(&h, head, sizeof head - 1);
	ds_sha256_update(&h, text, strlen(text));
	free(text);
	char line[128];
	snprintf(line, sizeof line, "dataset %s\n", data_sha);
	ds_sha256_update(&h, line, strlen(line));
	if (labels_sha) {
		snprintf(line, sizeof line, "labels %s\n", labels_sha);
		ds_sha256_update(&h, line, strlen(line));
	}
	unsigned char dg[DS_SHA256_LEN];
	ds_sha256_final(&h, dg);
	ds_hex(dg, DS_SHA256_LEN, out);
	return LL_OK;
}

void *ds_recipe_to_json(const struct ll_recipe *r, const char *dataset, int all)
{
	return recipe_to_json(r, dataset, all);
}
