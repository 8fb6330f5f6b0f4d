/*
 * test_workspace.c - loglab.json: the example validates, every kind of
 * schema error names its key path (exact messages), relative paths, saves
 * that keep key order and comments, atomic replacement, recipe round trips
 * through JSON, init, fingerprints (SHA-256 of "abc" from FIPS 180-2), and
 * the series detector's memory keys reaching its configuration.
 */
#include "harness.h"

/* 1 when text holds key, a colon and value, with any blanks between. */
static int has_pair(const char *text, const char *key, const char *value)
{
	for (const char *p = strstr(text, key); p; p = strstr(p + 1, key)) {
		const char *q = p + strlen(key);
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q++ != ':')
			continue;
		while (*q == ' ' || *q == '\t')
			q++;
		if (!strncmp(q, value, strlen(value)))
			return 1;
	}
	return 0;
}
#include "ds_reader.h"
#include "ds_workspace.h"
#include "ll_experiment.h"
#include "ll_mask.h"
#include "ll_optim.h"
#include "ll_sdet.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int parse_err(const char *text, const char *want)
{
	struct ds_workspace *ws = NULL;
	struct ll_err err;
	ll_err_clear(&err);
	int rc = ds_workspace_parse(text, "/ws", "loglab.json", &ws, &err);
	ds_workspace_free(ws);
	if (rc != LL_EDATA || strcmp(err.msg, want) != 0) {
		fprintf(stderr, "  got %d \"%s\"\n  want \"%s\"\n", rc, err.msg, want);
		return 0;
	}
	return 1;
}

#define HEAD "{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"x.csv\"}}, "

static void test_errors(void)
{
	CHECK(parse_err(HEAD "\"featuresets\": {\"dstat\": {\"dataset\": \"d\", \"window\": {\"kind\": \"rows\", \"size\": -3}}}}",
			"loglab.json: featuresets.dstat.window.size: must be a positive integer, got -3"));
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\", \"windw\": {}}}}",
			"loglab.json: featuresets.f.windw: unknown key (did you mean \"window\"?)"));
	CHECK(parse_err("{\"versoin\": 1}", "loglab.json: versoin: unknown key (did you mean \"version\"?)"));
	CHECK(parse_err("{\"datasets\": {}}", "loglab.json: version: missing (this loglab writes \"version\": 1)"));
	CHECK(parse_err("{\"version\": 2}",
			"loglab.json: version: must be 1 (the only schema this loglab knows), got 2"));
	CHECK(parse_err("{\"version\": 1,\n \"datasets\": [}", "loglab.json:2:15: not valid JSON here"));
	{
		/* valid JSON nested past cJSON's limit is named so, not "not valid
		 * JSON here"; brackets in a string do not count */
		char deep[2600];
		int n = snprintf(deep, sizeof deep, "{\"version\": 1, \"x\": \"[[\\\"[\",\n\"d\": ");
		for (int i = 0; i < 1200; i++)
			deep[n++] = '[';
		for (int i = 0; i < 1200; i++)
			deep[n++] = ']';
		deep[n++] = '}';
		deep[n] = '\0';
		CHECK(parse_err(deep, "loglab.json:2:1005: nested more than 1000 levels deep (the JSON reader's limit)"));
	}
	CHECK(parse_err("{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"a\", \"url\": \"http://x/a\"}}}",
			"loglab.json: datasets.d: give exactly one of \"path\", \"paths\" and \"url\""));
	/* "paths": a fleet of several specs, carried as one path joined by newlines */
	CHECK(parse_err("{\"version\": 1, \"datasets\": {\"d\": {\"paths\": []}}}",
			"loglab.json: datasets.d.paths: must be a non-empty list of paths, folders or patterns"));
	CHECK(parse_err("{\"version\": 1, \"datasets\": {\"d\": {\"paths\": [\"a\", 3]}}}",
			"loglab.json: datasets.d.paths: entry 2 must be a non-empty path on one line"));
	CHECK(parse_err("{\"version\": 1, \"datasets\": {\"d\": {\"paths\": [\"a\"], \"path\": \"b\"}}}",
			"loglab.json: datasets.d: give exactly one of \"path\", \"paths\" and \"url\""));
	{
		struct ds_workspace *ws = NULL;
		struct ll_err err;
		CHECK_INT(ds_workspace_parse("{\"version\": 1, \"datasets\": {\"d\": {\"paths\": [\"logs/*/kern.log*\", "
					     "\"/abs/extra\"]}}}",
					     "/ws", "loglab.json", &ws, &err),
			  LL_OK);
		CHECK(ws && ws->ndatasets == 1 && strcmp(ws->datasets[0].path, "/ws/logs/*/kern.log*\n/abs/extra") == 0);
		ds_workspace_free(ws);
	}
	CHECK(parse_err("{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"a\", \"format\": \"nope\"}}}",
			"loglab.json: datasets.d.format: unknown format \"nope\" (loglab info --formats lists them)"));
	CHECK(parse_err("{\"version\": 1, \"datasets\": {\"d\": {\"url\": \"ftp://x/a\"}}}",
			"loglab.json: datasets.d.url: \"ftp://x/a\" is not an http, https or s3 URL"));
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"e\"}}}",
			"loglab.json: featuresets.f.dataset: no dataset \"e\" (did you mean \"d\"?)"));
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\", \"split\": {\"train\": 0.6, \"test\": 0.3}}}}",
			"loglab.json: featuresets.f.split: train + dev + test must sum to 1, got 0.6 + 0 + 0.3 = 0.9"));
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\", \"resample\": {\"interval\": \"10 parsecs\"}}}}",
			"loglab.json: featuresets.f.resample.interval: must be a duration such as \"10s\", \"1min\", "
			"\"1h\" or a number of seconds, got \"10 parsecs\""));
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\", \"text\": {\"kind\": \"tfidf\", \"features\": 1000}}}}",
			"loglab.json: featuresets.f.text.features: must be a power of two from 2 to 2^31, got 1000"));
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\", \"class_weight\": \"heavy\"}}}",
			"loglab.json: featuresets.f.class_weight: must be \"none\", \"balanced\" or an object "
			"{class: weight}, got \"heavy\""));
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\", \"seed\": 1, \"seed\": 2}}}",
			"loglab.json: featuresets.f.seed: key given twice (lines 1 and 1; one would be ignored)"));
	/* both lines named, also for a name declared twice and keys that are
	 * values elsewhere */
	CHECK(parse_err("{\"version\": 1,\n\"datasets\": {\"d\": {\"path\": \"x.csv\"}},\n\"featuresets\": {\n"
			"  \"f\": {\"dataset\": \"d\", \"seed\": 1},\n  \"g\": {\"dataset\": \"d\",\n"
			"    \"split\": {\"kind\": \"random\"},\n    \"seed\": 1,\n    \"seed\": 2}}}",
			"loglab.json: featuresets.g.seed: key given twice (lines 7 and 8; one would be ignored)"));
	CHECK(parse_err("{\"version\": 1,\n\"datasets\": {\"d\": {\"path\": \"d\"},\n\"e\": {\"path\": \"x\"},\n"
			"\"d\": {\"path\": \"y\"}}}",
			"loglab.json: datasets.d: declared twice (lines 2 and 4; one would be ignored)"));
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\"}}, \"experiments\": {\"x\": "
			     "{\"featureset\": \"f\", \"model\": \"mpl\"}}}",
			"loglab.json: experiments.x.model: unknown model \"mpl\" (did you mean \"mlp\"?) (mlp, lstm, kmeans, logreg or detector)"));
	/* a series detector's keys, checked by the engine's own check */
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\"}}, \"experiments\": {\"x\": "
			     "{\"featureset\": \"f\", \"model\": \"detector\", \"detector\": \"ae\", \"risk\": 0.9}}}",
			"loglab.json: experiments.x.risk: must be in (0, 0.5), got 0.9"));
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\"}}, \"experiments\": {\"x\": "
			     "{\"featureset\": \"f\", \"model\": \"detector\", \"threshold\": \"max\"}}}",
			"loglab.json: experiments.x.threshold: unknown threshold \"max\" (pot or percentile)"));
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\"}}, \"experiments\": {\"x\": "
			     "{\"featureset\": \"f\", \"model\": \"detector\", \"k\": [2, 4]}}}",
			"loglab.json: experiments.x.k: a detector takes one k, not a range"));
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\"}}, \"experiments\": {\"x\": "
			     "{\"featureset\": \"f\", \"model\": \"detector\", \"detector\": \"lstm\", \"holdout\": 0.7}}}",
			"loglab.json: experiments.x.holdout: must be in [0, 0.5] (got 0.7)"));
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\"}}, \"experiments\": {\"x\": "
			     "{\"featureset\": \"f\", \"model\": \"detector\", \"smooth\": 0}}}",
			"loglab.json: experiments.x.smooth: must be a positive integer, got 0"));
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\"}}, \"experiments\": {\"x\": "
			     "{\"featureset\": \"f\", \"model\": \"detector\", \"memory\": 0, \"memory_weight\": 2}}}",
			"loglab.json: experiments.x.memory_weight: must be in [0, 1] (got 2)"));
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\"}}, \"experiments\": {\"x\": "
			     "{\"featureset\": \"f\", \"model\": \"detector\", \"floor_cap\": -1}}}",
			"loglab.json: experiments.x.floor_cap: must be in [0, 1e12] (got -1)"));
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\"}}, \"experiments\": {\"x\": "
			     "{\"featureset\": \"g\", \"model\": \"mlp\"}}}",
			"loglab.json: experiments.x.featureset: no feature set \"g\" (did you mean \"f\"?)"));
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\"}}, \"experiments\": {\"x\": "
			     "{\"featureset\": \"f\", \"model\": \"kmeans\", \"lr\": 0.1}}}",
			"loglab.json: experiments.x.lr: does not apply to kmeans (a key of mlp, lstm, detector); kmeans's keys: "
			"k, n_init"));
	/* a key of another model is named so (C kept after logreg became mlp);
	 * a key of none stays unknown */
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\"}}, \"experiments\": {\"x\": "
			     "{\"featureset\": \"f\", \"model\": \"mlp\", \"C\": 5}}}",
			"loglab.json: experiments.x.C: does not apply to mlp (a key of logreg); mlp's keys: hidden, "
			"activation, optimizer, lr, batch, epochs, dropout, l2, tol, n_iter_no_change, early_stopping, "
			"validation_fraction, review_folds"));
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\"}}, \"experiments\": {\"x\": "
			     "{\"featureset\": \"f\", \"model\": \"kmeans\", \"colour\": 1}}}",
			"loglab.json: experiments.x.colour: unknown key (known keys: featureset, model, seed, k, n_init)"));
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\"}}, \"experiments\": {\"x\": "
			     "{\"featureset\": \"f\", \"model\": \"mlp\", \"batch\": 0}}}",
			"loglab.json: experiments.x.batch: must be a positive integer, got 0"));
	/* the scaler message, whatever its exact wording, names the key path */
	struct ds_workspace *ws = NULL;
	struct ll_err err;
	CHECK_INT(ds_workspace_parse(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\", \"scale\": \"zcore\"}}}", "/ws",
				     "loglab.json", &ws, &err),
		  LL_EDATA);
	CHECK(strncmp(err.msg, "loglab.json: featuresets.f.scale: ", 34) == 0 && strstr(err.msg, "zcore"));
}

/* A dataset's header pattern (issue 11): it travels in the format as
 * "log:PATTERN"; a bad one, or one beside another format, is an error
 * naming the key. */
static void test_header_key(void)
{
	struct ds_workspace *ws = NULL;
	struct ll_err err;
	int rc = ds_workspace_parse("{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"app.log\", "
				    "\"header\": \"<Date> <Time> <Level> <Component>: <Content>\"}}}",
				    "/ws", "loglab.json", &ws, &err);
	CHECK_INT(rc, LL_OK);
	const struct ds_ws_dataset *d = ws ? ds_workspace_dataset(ws, "d") : NULL;
	CHECK(d && d->format && strcmp(d->format, "log:<Date> <Time> <Level> <Component>: <Content>") == 0);
	ds_workspace_free(ws);
	CHECK(parse_err("{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"a\", \"format\": \"csv\", "
			"\"header\": \"<a> <b>\"}}}",
			"loglab.json: datasets.d.header: a header pattern applies to the \"log\" format, not \"csv\""));
	struct ds_workspace *bad = NULL;
	CHECK_INT(ds_workspace_parse("{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"a\", \"header\": \"<a <b>\"}}}",
				     "/ws", "loglab.json", &bad, &err),
		  LL_EDATA);
	CHECK(strncmp(err.msg, "loglab.json: datasets.d.header: ", 32) == 0 && strstr(err.msg, "not closed"));
	ds_workspace_free(bad);
}

/* label_column travels in the format; it goes with tables only */
static void test_label_column_key(void)
{
	struct ds_workspace *ws = NULL;
	struct ll_err err;
	int rc = ds_workspace_parse("{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"a.csv\", \"label_column\": \"outcome\"}, "
				    "\"j\": {\"path\": \"a.jsonl\", \"format\": \"jsonl\", \"label_column\": \"kind\"}}}",
				    "/ws", "loglab.json", &ws, &err);
	CHECK_INT(rc, LL_OK);
	const struct ds_ws_dataset *d = ws ? ds_workspace_dataset(ws, "d") : NULL;
	CHECK(d && d->format && strcmp(d->format, "auto:label=outcome") == 0);
	d = ws ? ds_workspace_dataset(ws, "j") : NULL;
	CHECK(d && d->format && strcmp(d->format, "jsonl:label=kind") == 0);
	ds_workspace_free(ws);
	CHECK(parse_err("{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"a\", \"format\": \"syslog\", "
			"\"label_column\": \"x\"}}}",
			"loglab.json: datasets.d.label_column: applies to the csv, json, jsonl, xlsx, xls, xlsb, ods, sqlite and parquet formats, not \"syslog\""));
	CHECK(parse_err("{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"a\", \"label_column\": \"\"}}}",
			"loglab.json: datasets.d.label_column: must not be empty"));
	CHECK(parse_err("{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"a\", \"labels\": \"l.csv\", "
			"\"label_column\": \"x\"}}}",
			"loglab.json: datasets.d.label_column: names the labels' column of a table: not with \"labels\""));
}

/* sheet travels in the format after a label column's tag and before an
 * entity's; it goes with the xlsx and ods formats or a detected one */
static void test_sheet_key(void)
{
	struct ds_workspace *ws = NULL;
	struct ll_err err;
	int rc = ds_workspace_parse("{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"a.xlsx\", \"sheet\": \"Jobs\"}, "
				    "\"x\": {\"path\": \"b.xlsx\", \"format\": \"xlsx\", \"label_column\": \"cls\", "
				    "\"sheet\": \"Q1: data\", \"entity\": \"none\"}}}",
				    "/ws", "loglab.json", &ws, &err);
	CHECK_INT(rc, LL_OK);
	const struct ds_ws_dataset *d = ws ? ds_workspace_dataset(ws, "d") : NULL;
	CHECK(d && d->format && strcmp(d->format, "auto:sheet=Jobs") == 0);
	struct ds_open_opts o = {0};
	o.format = d ? d->format : NULL;
	ds_open_opts_split(&o);
	CHECK(o.format == NULL && o.sheet && strcmp(o.sheet, "Jobs") == 0);
	CHECK(ds_format_known("auto:sheet=Jobs"));
	d = ws ? ds_workspace_dataset(ws, "x") : NULL;
	CHECK(d && d->format && strcmp(d->format, "xlsx:label=cls:sheet=Q1: data:entity=none") == 0);
	memset(&o, 0, sizeof o);
	o.format = d ? d->format : NULL;
	ds_open_opts_split(&o);
	CHECK(o.format && strcmp(o.format, "xlsx") == 0 && o.sheet && strcmp(o.sheet, "Q1: data") == 0 &&
	      o.label_column && strcmp(o.label_column, "cls") == 0 && o.entity && strcmp(o.entity, "none") == 0);
	CHECK(d && ds_reader_find(d->format) == ds_reader_find("xlsx"));
	ds_workspace_free(ws);
	CHECK(parse_err("{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"a\", \"format\": \"csv\", "
			"\"sheet\": \"x\"}}}",
			"loglab.json: datasets.d.sheet: names a workbook's sheet: it goes with the \"xlsx\", \"xls\", \"xlsb\" and \"ods\" formats, not \"csv\""));
	CHECK(parse_err("{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"a\", \"sheet\": \"\"}}}",
			"loglab.json: datasets.d.sheet: must not be empty"));
}

/* table (a database's) travels in the same place as sheet, with its own tag */
static void test_table_key(void)
{
	struct ds_workspace *ws = NULL;
	struct ll_err err;
	int rc = ds_workspace_parse("{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"m.db\", \"table\": \"events\"}, "
				    "\"x\": {\"path\": \"n.db\", \"format\": \"sqlite\", \"label_column\": \"cls\", "
				    "\"table\": \"runs\", \"entity\": \"none\"}}}",
				    "/ws", "loglab.json", &ws, &err);
	CHECK_INT(rc, LL_OK);
	const struct ds_ws_dataset *d = ws ? ds_workspace_dataset(ws, "d") : NULL;
	CHECK(d && d->format && strcmp(d->format, "auto:table=events") == 0);
	struct ds_open_opts o = {0};
	o.format = d ? d->format : NULL;
	ds_open_opts_split(&o);
	CHECK(o.format == NULL && o.sheet && strcmp(o.sheet, "events") == 0);
	CHECK(ds_format_known("auto:table=events"));
	d = ws ? ds_workspace_dataset(ws, "x") : NULL;
	CHECK(d && d->format && strcmp(d->format, "sqlite:label=cls:table=runs:entity=none") == 0);
	memset(&o, 0, sizeof o);
	o.format = d ? d->format : NULL;
	ds_open_opts_split(&o);
	CHECK(o.format && strcmp(o.format, "sqlite") == 0 && o.sheet && strcmp(o.sheet, "runs") == 0 &&
	      o.label_column && strcmp(o.label_column, "cls") == 0 && o.entity && strcmp(o.entity, "none") == 0);
	CHECK(d && ds_reader_find(d->format) == ds_reader_find("sqlite"));
	ds_workspace_free(ws);
	CHECK(parse_err("{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"a\", \"format\": \"xlsx\", "
			"\"table\": \"x\"}}}",
			"loglab.json: datasets.d.table: names a database's table or view: it goes with the \"sqlite\" format, not \"xlsx\""));
	CHECK(parse_err("{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"a\", \"table\": \"t\", \"sheet\": \"s\"}}}",
			"loglab.json: datasets.d.table: names a database's table: not with \"sheet\""));
}

/* entity travels at the end of the format, after a label column's tag; it
 * goes with tables only; the split gives each back */
static void test_entity_key(void)
{
	struct ds_workspace *ws = NULL;
	struct ll_err err;
	int rc = ds_workspace_parse("{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"a.csv\", \"entity\": \"none\"}, "
				    "\"c\": {\"path\": \"a.csv\", \"format\": \"csv\", \"entity\": \"host,metric\"}, "
				    "\"l\": {\"path\": \"a.csv\", \"label_column\": \"y\", \"entity\": \"cpu\"}}}",
				    "/ws", "loglab.json", &ws, &err);
	CHECK_INT(rc, LL_OK);
	const struct ds_ws_dataset *d = ws ? ds_workspace_dataset(ws, "d") : NULL;
	CHECK(d && d->format && strcmp(d->format, "auto:entity=none") == 0);
	struct ds_open_opts o = {0};
	o.format = d ? d->format : NULL;
	ds_open_opts_split(&o);
	CHECK(o.format == NULL && o.entity && strcmp(o.entity, "none") == 0);
	d = ws ? ds_workspace_dataset(ws, "c") : NULL;
	CHECK(d && d->format && strcmp(d->format, "csv:entity=host,metric") == 0);
	memset(&o, 0, sizeof o);
	o.format = d ? d->format : NULL;
	ds_open_opts_split(&o);
	CHECK(o.format && strcmp(o.format, "csv") == 0 && o.entity && strcmp(o.entity, "host,metric") == 0);
	CHECK(d && ds_reader_find(d->format) == ds_reader_find("csv"));
	d = ws ? ds_workspace_dataset(ws, "l") : NULL;
	CHECK(d && d->format && strcmp(d->format, "auto:label=y:entity=cpu") == 0);
	memset(&o, 0, sizeof o);
	o.format = d ? d->format : NULL;
	ds_open_opts_split(&o);
	CHECK(o.format == NULL && o.label_column && strcmp(o.label_column, "y") == 0 && o.entity &&
	      strcmp(o.entity, "cpu") == 0);
	CHECK(d && ds_reader_find(d->format) == NULL); /* detected */
	ds_workspace_free(ws);
	CHECK(parse_err("{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"a\", \"format\": \"syslog\", "
			"\"entity\": \"x\"}}}",
			"loglab.json: datasets.d.entity: applies to the csv, json, jsonl, xlsx, xls, xlsb, ods, sqlite, parquet, influx, prometheus and aligned formats, not \"syslog\""));
	CHECK(parse_err("{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"a\", \"entity\": \"\"}}}",
			"loglab.json: datasets.d.entity: must not be empty (\"none\" keeps a long table as it is)"));
}

/* the score's memory keys reach the detector's configuration; absent,
 * the engine's defaults */
static void test_detector_memory(void)
{
	struct ds_workspace *ws = NULL;
	struct ll_err err;
	int rc = ds_workspace_parse(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\"}}, \"experiments\": {"
				    "\"x\": {\"featureset\": \"f\", \"model\": \"detector\", \"memory\": 30, "
				    "\"memory_weight\": 0.5, \"floor_cap\": 0}, \"y\": {\"featureset\": \"f\", \"model\": \"detector\"}}}",
				    "/ws", "loglab.json", &ws, &err);
	CHECK_INT(rc, LL_OK);
	if (rc)
		return;
	struct ll_sdet_cfg c, dflt;
	ll_sdet_defaults(&dflt, LL_SDET_AE);
	ds_sdet_cfg_from_ws(ds_workspace_experiment(ws, "x"), &c);
	CHECK(c.memory == 30 && c.memory_weight == 0.5 && c.floor_cap == 0);
	ds_sdet_cfg_from_ws(ds_workspace_experiment(ws, "y"), &c);
	CHECK(c.memory == dflt.memory && c.memory_weight == dflt.memory_weight && c.memory > 0);
	CHECK(c.floor_cap == dflt.floor_cap && c.floor_cap == 100);
	ds_workspace_free(ws);
}

/* An experiment without "model" is a logistic regression (sklearn users
 * expect a default; the quick start writes logreg), with logreg's
 * defaults; a key of another model names the default it met. */
static void test_default_model(void)
{
	struct ds_workspace *ws = NULL;
	struct ll_err err;
	int rc = ds_workspace_parse(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\"}}, \"experiments\": {"
				    "\"x\": {\"featureset\": \"f\"}, \"y\": {\"featureset\": \"f\", \"C\": 5}}}",
				    "/ws", "loglab.json", &ws, &err);
	CHECK_INT(rc, LL_OK);
	if (rc)
		return;
	const struct ds_ws_experiment *x = ds_workspace_experiment(ws, "x"), *y = ds_workspace_experiment(ws, "y");
	struct ll_exp_cfg dflt;
	ll_exp_defaults_for(&dflt, LL_EXP_LOGREG);
	CHECK(x && x->model == DS_MODEL_LOGREG && x->n_hidden == 0 && x->C == dflt.C);
	CHECK(y && y->model == DS_MODEL_LOGREG && y->C == 5);
	ds_workspace_free(ws);
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\"}}, \"experiments\": {\"x\": "
			     "{\"featureset\": \"f\", \"hidden\": [10]}}}",
			"loglab.json: experiments.x.hidden: does not apply to logreg, the model of an experiment without "
			"\"model\" (a key of mlp, lstm, detector: name one in \"model\"); logreg's keys: C, tol, max_iter, "
			"review_folds"));
}

static void test_example(void)
{
	struct ds_workspace *ws = NULL;
	struct ll_err err;
	int rc = ds_workspace_parse(ds_workspace_example(), "/home/me/ws", "loglab.json", &ws, &err);
	CHECK_INT(rc, LL_OK);
	if (rc) {
		fprintf(stderr, "  %s\n", err.msg);
		return;
	}
	CHECK_INT(ws->ndatasets, 3);
	CHECK_INT(ws->nfeaturesets, 3);
	CHECK_INT(ws->nexperiments, 4);
	CHECK_STR(ds_workspace_dataset(ws, "dstat")->path, "/home/me/ws/data/dstat.csv");
	const struct ds_ws_featureset *f = ds_workspace_featureset(ws, "dstat10s");
	CHECK(f && strcmp(f->recipe.columns, "usr|1m") == 0 && f->recipe.interval == 10);
	CHECK(f && f->recipe.scale == LL_SCALE_ZSCORE && f->recipe.split == LL_RSPLIT_CHRONO);
	CHECK(f && f->recipe.scale_named);
	CHECK(ds_workspace_featureset(ws, "bgl_tfidf") && !ds_workspace_featureset(ws, "bgl_tfidf")->recipe.scale_named);
	f = ds_workspace_featureset(ws, "bgl_tfidf");
	CHECK(f && f->recipe.target == LL_TARGET_BINARY && f->recipe.n_ordinary == 2 && f->recipe.ngram_max == 2);
	const struct ds_ws_experiment *x = ds_workspace_experiment(ws, "dnn");
	CHECK(x && x->model == DS_MODEL_MLP && x->n_hidden == 5 && x->hidden[4] == 100);
	CHECK(x && x->optimizer == ll_optim_parse("adagrad") && x->lr == 0.05 && x->batch == 128);
	x = ds_workspace_experiment(ws, "kmeans");
	CHECK(x && x->k_min == 2 && x->k_max == 8 && x->n_init == 4);
	x = ds_workspace_experiment(ws, "lstm");
	CHECK(x && x->hidden[0] == 32 && x->layers == 1);
	ds_workspace_free(ws);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return strdup(buf);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void test_save(const char *dir)
{
	char path[512];
	snprintf(path, sizeof path, "%s/loglab.json", dir);
	/* hand-written: odd key order and a comment */
	write_file(path, "{\"version\": 1, \"_comment\": \"mine\",\n"
			 " \"featuresets\": {\"f\": {\"seed\": 4, \"split\": {\"test\": 0.25, \"kind\": \"random\"},\n"
			 "   \"_why\": \"keep me\", \"dataset\": \"d\", \"scale\": \"none\"}},\n"
			 " \"datasets\": {\"d\": {\"path\": \"data/x.csv\"}}}\n");
	chmod(path, 0640);
	struct ds_workspace *ws = NULL;
	struct ll_err err;
	int rc = ds_workspace_load(dir, &ws, &err);
	CHECK_INT(rc, LL_OK);
	if (rc) {
		fprintf(stderr, "  %s\n", err.msg);
		return;
	}
	char expect[600];
	snprintf(expect, sizeof expect, "%s/data/x.csv", dir);
	CHECK_STR(ds_workspace_dataset(ws, "d")->path, expect);
	struct ll_recipe r = ds_workspace_featureset(ws, "f")->recipe;
	CHECK_NEAR(r.ratios.train, 0.75, 1e-12);
	r.seed = 9;
	r.scale = LL_SCALE_ROBUST;
	r.window = LL_RWIN_ROWS;
	r.size = 4;
	CHECK_INT(ds_workspace_set_featureset(ws, "f", "d", &r, &err), LL_OK);
	CHECK_INT(ds_workspace_set_featureset(ws, "g", "d", &r, &err), LL_OK);
	CHECK_INT(ds_workspace_set_featureset(ws, "h", "nope", &r, &err), LL_EUSAGE);
	CHECK_INT(ds_workspace_save(ws, &err), LL_OK);
	ds_workspace_free(ws);

	char *text = slurp(path);
	CHECK(text != NULL);
	if (!text)
		return;
	/* order kept: seed, split, _why, dataset, scale, then the new window */
	const char *ps = strstr(text, "\"seed\""), *pp = strstr(text, "\"split\""), *pw = strstr(text, "\"_why\""),
		   *pd = strstr(text, "\"dataset\""), *pc = strstr(text, "\"scale\""), *pn = strstr(text, "\"window\"");
	CHECK(ps && pp && pw && pd && pc && pn && ps < pp && pp < pw && pw < pd && pd < pc && pc < pn);
	/* Values kept; the file's own spacing is kept too (ds_jsonedit). */
	CHECK(has_pair(text, "\"_comment\"", "\"mine\""));
	CHECK(has_pair(text, "\"scale\"", "\"robust\""));
	CHECK(has_pair(text, "\"seed\"", "9"));
	CHECK(strstr(text, "\"featuresets\"") < strstr(text, "\"datasets\"")); /* top order too */
	/* the split kept its own order: test before kind */
	const char *pt = strstr(pp, "\"test\""), *pk = strstr(pp, "\"kind\"");
	CHECK(pt && pk && pt < pk);
	free(text);
	struct stat st;
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0640);
	/* no temporary file left behind */
	DIR *dd = opendir(dir);
	int others = 0;
	struct dirent *e;
	while (dd && (e = readdir(dd)))
		others += e->d_name[0] != '.' && strcmp(e->d_name, "loglab.json") != 0;
	if (dd)
		closedir(dd);
	CHECK_INT(others, 0);

	/* reload: both feature sets mean the same recipe as before */
	CHECK_INT(ds_workspace_load(path, &ws, &err), LL_OK);
	if (!ws)
		return;
	char *a = NULL, *b = NULL, *c = NULL;
	ll_recipe_format(&r, &a, &err);
	ll_recipe_format(&ds_workspace_featureset(ws, "f")->recipe, &b, &err);
	ll_recipe_format(&ds_workspace_featureset(ws, "g")->recipe, &c, &err);
	CHECK(a && b && c && strcmp(a, b) == 0 && strcmp(a, c) == 0);
	free(a);
	free(b);
	free(c);
	ds_workspace_free(ws);
}

/* Every field away from its default survives recipe -> JSON -> recipe. */
/* A workspace file saved as UTF-16 (Notepad's "Unicode") is named as such,
 * with the cure; other NUL bytes keep the plain refusal. */
static void test_utf16_file(const char *dir)
{
	char path[512];
	snprintf(path, sizeof path, "%s/loglab.json", dir);
	static const char le[] = "\xff\xfe{\0\n\0\"\0v\0\"\0:\0 \0001\0}\0\n\0";
	static const char junk[] = "{\"version\": 1,\0 \"x\": 2}\n";
	const char *const texts[] = {le, junk};
	const size_t lens[] = {sizeof le - 1, sizeof junk - 1};
	for (int i = 0; i < 2; i++) {
		FILE *f = fopen(path, "wb");
		CHECK(f != NULL);
		if (!f)
			return;
		fwrite(texts[i], 1, lens[i], f);
		fclose(f);
		struct ds_workspace *ws = NULL;
		struct ll_err err;
		CHECK_INT(ds_workspace_load(dir, &ws, &err), LL_EDATA);
		CHECK(ws == NULL);
		CHECK(strstr(err.msg, "loglab.json: ") != NULL);
		if (i == 0)
			CHECK(strstr(err.msg, "is UTF-16 text") && strstr(err.msg, "iconv -f UTF-16 -t UTF-8"));
		else
			CHECK(strstr(err.msg, "contains a NUL byte") != NULL);
	}
}

static void test_roundtrip(void)
{
	struct ll_recipe r, back;
	ll_recipe_default(&r);
	r.target = LL_TARGET_BINARY;
	r.n_ordinary = 2;
	snprintf(r.ordinary[0], LL_RECIPE_STR, "ok");
	snprintf(r.ordinary[1], LL_RECIPE_STR, "fine");
	snprintf(r.columns, sizeof r.columns, "usr|1m");
	r.columns_icase = 1;
	snprintf(r.time_column, sizeof r.time_column, "epoch");
	r.interval = 90;
	r.agg = LL_AGG_MAX;
	r.n_aggs = 1;
	snprintf(r.aggs[0].column, LL_RECIPE_STR, "load avg/1m");
	r.aggs[0].agg = LL_AGG_LAST;
	r.nan = LL_NAN_INTERP;
	r.window = LL_RWIN_ROWS;
	r.size = 7;
	r.stride = 3;
	r.flatten = 1;
	r.rule = LL_LABEL_LAST;
	r.split = LL_RSPLIT_GROUPED;
	r.ratios = (struct ll_split_ratios){0.5, 0.25, 0.25, 0};
	snprintf(r.group_column, sizeof r.group_column, "host");
	r.scale = LL_SCALE_MINMAX;
	r.rebalance = LL_REBAL_SMOTE;
	r.rebalance_ratio = 0.5;
	r.smote_k = 3;
	r.class_weight = LL_CWEIGHT_EXPLICIT;
	r.n_weights = 1;
	snprintf(r.weights[0].cls, LL_RECIPE_STR, "root cause");
	r.weights[0].weight = 4.5;
	r.seed = 123456789;
	struct ll_err err;
	CHECK_INT(ll_recipe_check(&r, &err), LL_OK);
	for (int all = 0; all < 2; all++) {
		cJSON *j = ds_recipe_to_json(&r, "d", all);
		int rc = ds_recipe_from_json(j, "x", &back, &err);
		CHECK_INT(rc, LL_OK);
		if (rc)
			fprintf(stderr, "  %s\n", err.msg);
		char *a = NULL, *b = NULL;
		ll_recipe_format(&r, &a, &err);
		ll_recipe_format(&back, &b, &err);
		CHECK(a && b && strcmp(a, b) == 0);
		free(a);
		free(b);
		cJSON_Delete(j);
	}
	/* text recipes too */
	ll_recipe_default(&r);
	r.text = LL_TEXT_W2V;
	r.dim = 20;
	r.epochs = 3;
	r.min_count = 1;
	r.w2v_window = 2;
	snprintf(r.text_column, sizeof r.text_column, "Content");
	cJSON *j = ds_recipe_to_json(&r, "d", 0);
	CHECK_INT(ds_recipe_from_json(j, "x", &back, &err), LL_OK);
	CHECK(back.text == LL_TEXT_W2V && back.dim == 20 && back.w2v_window == 2 &&
	      strcmp(back.text_column, "Content") == 0 && back.text_masks == (LL_MASK_DEFAULT | LL_MASK_CODE));
	char *txt = cJSON_PrintUnformatted(j);
	CHECK(txt && strstr(txt, "masks") == NULL); /* the default is not written */
	/* nor the scale left to the default (z-scored word vectors) */
	CHECK(txt && strstr(txt, "scale") == NULL && !back.scale_named && ll_recipe_scale(&back) == LL_SCALE_ZSCORE);
	free(txt);
	cJSON_Delete(j);
	/* a scale named as the default ("none") is written, so it stays named */
	r.scale_named = 1;
	j = ds_recipe_to_json(&r, "d", 0);
	txt = cJSON_PrintUnformatted(j);
	CHECK(txt && strstr(txt, "\"scale\":\"none\""));
	CHECK_INT(ds_recipe_from_json(j, "x", &back, &err), LL_OK);
	CHECK(back.scale_named && ll_recipe_scale(&back) == LL_SCALE_NONE);
	free(txt);
	cJSON_Delete(j);
	r.scale_named = 0;
	/* the full recipe (a run's) names the scale applied, so that read back
	 * it builds the same features */
	j = ds_recipe_to_json(&r, "d", 1);
	CHECK_INT(ds_recipe_from_json(j, "x", &back, &err), LL_OK);
	CHECK(back.scale_named && back.scale == LL_SCALE_ZSCORE);
	char *fa = NULL, *fb = NULL;
	ll_recipe_format(&r, &fa, &err);
	ll_recipe_format(&back, &fb, &err);
	CHECK(fa && fb && strcmp(fa, fb) == 0);
	free(fa);
	free(fb);
	cJSON_Delete(j);
	/* text.masks: a ll_mask_parse list, written back as the shortest one */
	j = cJSON_Parse("{\"dataset\": \"d\", \"text\": {\"kind\": \"tfidf\", \"masks\": \"none,num,+kv\"}}");
	CHECK_INT(ds_recipe_from_json(j, "x", &r, &err), LL_OK);
	cJSON_Delete(j);
	CHECK_INT(r.text_masks, LL_MASK_NUM | LL_MASK_KV);
	j = ds_recipe_to_json(&r, "d", 0);
	const cJSON *mk = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "text"), "masks");
	CHECK(cJSON_IsString(mk) && strcmp(mk->valuestring, "default,-uuid,-block,-ipv6,-ipv4,-time,-hex,-size,-path,+kv") == 0);
	CHECK_INT(ds_recipe_from_json(j, "x", &back, &err), LL_OK);
	CHECK_INT(back.text_masks, r.text_masks);
	cJSON_Delete(j);
	/* the code mode round-trips; "default" (what every saved run without
	 * it says) is still exactly the set it was */
	j = cJSON_Parse("{\"dataset\": \"d\", \"text\": {\"kind\": \"tfidf\", \"masks\": \"default,+code\"}}");
	CHECK_INT(ds_recipe_from_json(j, "x", &r, &err), LL_OK);
	cJSON_Delete(j);
	CHECK_INT(r.text_masks, LL_MASK_DEFAULT | LL_MASK_CODE);
	j = ds_recipe_to_json(&r, "d", 1);
	mk = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "text"), "masks");
	CHECK(cJSON_IsString(mk) && strcmp(mk->valuestring, "default,+code") == 0);
	CHECK_INT(ds_recipe_from_json(j, "x", &back, &err), LL_OK);
	CHECK_INT(back.text_masks, r.text_masks);
	cJSON_Delete(j);
	j = cJSON_Parse("{\"dataset\": \"d\", \"text\": {\"kind\": \"tfidf\", \"masks\": \"default\"}}");
	CHECK_INT(ds_recipe_from_json(j, "x", &r, &err), LL_OK);
	cJSON_Delete(j);
	CHECK_INT(r.text_masks, 0x1ff);
	j = cJSON_Parse("{\"dataset\": \"d\", \"text\": {\"kind\": \"hash\", \"masks\": \"default,-nums\"}}");
	CHECK_INT(ds_recipe_from_json(j, "x", &r, &err), LL_EDATA);
	CHECK(strstr(err.msg, "x.text.masks:") != NULL && strstr(err.msg, "unknown mask \"nums\"") != NULL);
	cJSON_Delete(j);
	j = cJSON_Parse("{\"dataset\": \"d\", \"text\": {\"kind\": \"hash\", \"masks\": [\"num\"]}}");
	CHECK_INT(ds_recipe_from_json(j, "x", &r, &err), LL_EDATA);
	CHECK(strstr(err.msg, "x.text.masks: must be a string") != NULL);
	cJSON_Delete(j);
	/* "train" alone: test is the rest and rounds as sklearn's train_size, and
	 * that survives the round trip through JSON */
	j = cJSON_Parse("{\"dataset\": \"d\", \"split\": {\"kind\": \"chronological\", \"train\": 0.7}}");
	CHECK_INT(ds_recipe_from_json(j, "x", &r, &err), LL_OK);
	cJSON_Delete(j);
	CHECK(r.ratios.test_is_rest == 1);
	size_t ntr, ndv, nte;
	ll_split_sizes(&r.ratios, 150, &ntr, &ndv, &nte);
	CHECK(ntr == 105 && ndv == 0 && nte == 45);
	j = ds_recipe_to_json(&r, "d", 0);
	CHECK_INT(ds_recipe_from_json(j, "x", &back, &err), LL_OK);
	CHECK(back.ratios.test_is_rest == 1 && back.ratios.train == 0.7);
	cJSON_Delete(j);
	/* unlabelled: a class name survives the round trip; "skip" is the default */
	j = cJSON_Parse("{\"dataset\": \"d\", \"unlabelled\": \"normal\"}");
	CHECK_INT(ds_recipe_from_json(j, "x", &r, &err), LL_OK);
	cJSON_Delete(j);
	CHECK_STR(r.unlabelled, "normal");
	j = ds_recipe_to_json(&r, "d", 0);
	CHECK_INT(ds_recipe_from_json(j, "x", &back, &err), LL_OK);
	CHECK_STR(back.unlabelled, "normal");
	cJSON_Delete(j);
	j = cJSON_Parse("{\"dataset\": \"d\", \"unlabelled\": \"skip\"}");
	CHECK_INT(ds_recipe_from_json(j, "x", &r, &err), LL_OK);
	cJSON_Delete(j);
	CHECK_STR(r.unlabelled, "");
	j = cJSON_Parse("{\"dataset\": \"d\", \"unlabelled\": 3}");
	CHECK_INT(ds_recipe_from_json(j, "x", &r, &err), LL_EDATA);
	CHECK(strstr(err.msg, "x.unlabelled: must be a string") != NULL);
	cJSON_Delete(j);
	j = cJSON_Parse("{\"dataset\": \"d\", \"split\": {\"test\": 0.3}}");
	CHECK_INT(ds_recipe_from_json(j, "x", &r, &err), LL_OK);
	cJSON_Delete(j);
	CHECK(r.ratios.test_is_rest == 0);
	ll_split_sizes(&r.ratios, 150, &ntr, &ndv, &nte);
	CHECK(ntr == 105 && nte == 45);
}

static void test_init(const char *dir)
{
	char sub[512], path[600];
	snprintf(sub, sizeof sub, "%s/fresh", dir);
	struct ll_err err;
	CHECK_INT(ds_workspace_init(sub, &err), LL_OK);
	CHECK_INT(ds_workspace_init(sub, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "already exists; not overwriting it") != NULL);
	snprintf(path, sizeof path, "%s/runs", sub);
	struct stat st;
	CHECK(stat(path, &st) == 0 && S_ISDIR(st.st_mode));
	struct ds_workspace *ws = NULL;
	CHECK_INT(ds_workspace_load(sub, &ws, &err), LL_OK);
	ds_workspace_free(ws);
	snprintf(path, sizeof path, "%s/loglab.json", sub);
	unlink(path);
	snprintf(path, sizeof path, "%s/runs", sub);
	rmdir(path);
	rmdir(sub);
}

static void test_fingerprint(const char *dir)
{
	char path[512];
	snprintf(path, sizeof path, "%s/abc.txt", dir);
	write_file(path, "abc");
	struct ds_fingerprint a, b;
	struct ll_err err;
	CHECK_INT(ds_file_fingerprint(path, &a, &err), LL_OK);
	CHECK_STR(a.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	CHECK_INT(a.size, 3);
	CHECK_INT(ds_file_fingerprint(path, &b, &err), LL_OK); /* cached */
	CHECK_STR(b.sha256, a.sha256);
	write_file(path, "abcd");
	CHECK_INT(ds_file_fingerprint(path, &b, &err), LL_OK);
	CHECK_STR(b.sha256, "88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589");
	CHECK_INT(ds_file_fingerprint("/nonexistent/x", &b, &err), LL_EIO);
	/* the head of a file that grew: "abc" of "abcd" is a's hash */
	char head[65];
	CHECK_INT(ds_file_head_sha(path, 3, head, &err), LL_OK);
	CHECK_STR(head, a.sha256);
	CHECK_INT(ds_file_head_sha(path, 4, head, &err), LL_OK);
	CHECK_STR(head, b.sha256);
	CHECK_INT(ds_file_head_sha(path, 5, head, &err), LL_EDATA); /* shorter now */
	CHECK(strstr(err.msg, "shorter than 5 bytes") != NULL);
	CHECK_INT(ds_file_head_sha("/nonexistent/x", 1, head, &err), LL_EIO);
	unlink(path);

	struct ll_recipe r;
	ll_recipe_default(&r);
	char f1[65], f2[65], f3[65], f4[65];
	CHECK_INT(ds_featureset_fingerprint(&r, a.sha256, NULL, f1, &err), LL_OK);
	CHECK_INT(ds_featureset_fingerprint(&r, a.sha256, NULL, f2, &err), LL_OK);
	CHECK_STR(f1, f2);
	CHECK_INT(strlen(f1), 64);
	CHECK_INT(ds_featureset_fingerprint(&r, b.sha256, NULL, f3, &err), LL_OK);
	CHECK(strcmp(f1, f3) != 0);
	r.seed = 2;
	CHECK_INT(ds_featureset_fingerprint(&r, a.sha256, NULL, f4, &err), LL_OK);
	CHECK(strcmp(f1, f4) != 0);
	/* masks other than LL_MASK_DEFAULT change it; that set (the default
	 * before the code mode was) leaves the fingerprints of recipes
	 * written before the key as they were */
	char f5[65];
	r.text_masks = LL_MASK_DEFAULT & ~LL_MASK_NUM;
	CHECK_INT(ds_featureset_fingerprint(&r, a.sha256, NULL, f5, &err), LL_OK);
	CHECK(strcmp(f4, f5) != 0);
	/* and so does the code mode of num, on by default: the set without it */
	char f6[65];
	r.text_masks = LL_MASK_DEFAULT;
	CHECK_INT(ds_featureset_fingerprint(&r, a.sha256, NULL, f6, &err), LL_OK);
	CHECK(strcmp(f4, f6) != 0 && strcmp(f5, f6) != 0);
	r.text_masks = LL_MASK_DEFAULT;
	CHECK_INT(ds_featureset_fingerprint(&r, a.sha256, b.sha256, f3, &err), LL_OK);
	CHECK(strcmp(f3, f4) != 0);
}

static void test_did_you_mean(void)
{
	static const char *const names[] = {"window", "split", "scale"};
	CHECK_STR(ds_did_you_mean("windw", names, 3), "window");
	CHECK_STR(ds_did_you_mean("scael", names, 3), "scale");
	CHECK(ds_did_you_mean("zzzzzz", names, 3) == NULL);
}

/* Names become paths: each section refuses a name that could leave its
 * folder or hide in it, naming the key (escaped) and exit code 2's
 * LL_EDATA; ordinary names with dots, dashes and spaces pass. */
static void test_names(void)
{
	static const char *const bad[][2] = {
		{"../../../../elsewhere/x", "starts with '.'"},
		{"a/../../b", "holds \"..\""},
		{"a/b", "holds a slash"},
		{"a\\\\b", "holds a slash"},
		{"..", "starts with '.'"},
		{".hidden", "starts with '.'"},
		{"", "empty"},
		{"a\\u001b]0;x\\u0007", "holds a control character"},
		{"tab\\there", "holds a control character"},
	};
	char text[1024], want[600];
	struct ll_err err;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *n = bad[i][0];
		for (int sec = 0; sec < 3; sec++) {
			if (sec == 0)
				snprintf(text, sizeof text, "{\"version\": 1, \"datasets\": {\"%s\": {\"path\": \"x.csv\"}}}", n);
			else if (sec == 1)
				snprintf(text, sizeof text, HEAD "\"featuresets\": {\"%s\": {\"dataset\": \"d\"}}}", n);
			else
				snprintf(text, sizeof text,
					 HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\"}}, \"experiments\": "
					      "{\"%s\": {\"featureset\": \"f\", \"model\": \"mlp\"}}}",
					 n);
			struct ds_workspace *ws = NULL;
			ll_err_clear(&err);
			CHECK_INT(ds_workspace_parse(text, "/ws", "loglab.json", &ws, &err), LL_EDATA);
			ds_workspace_free(ws);
			snprintf(want, sizeof want, ": not usable as a name (%s)", bad[i][1]);
			CHECK(strstr(err.msg, want) != NULL);
			CHECK(strncmp(err.msg, sec == 0 ? "loglab.json: datasets." : sec == 1 ? "loglab.json: featuresets."
											     : "loglab.json: experiments.",
				      sec == 0 ? 22 : sec == 1 ? 25 : 25) == 0);
			for (const char *c = err.msg; *c; c++)
				CHECK((unsigned char)*c >= 0x20 && *c != 0x7f);
		}
	}
	/* \u0000 would cut a name or path short */
	CHECK(parse_err("{\"version\": 1,\n \"datasets\": {\"d\": {\"path\": \"x\\u0000.csv\"}}}",
			"loglab.json:2: \\u0000 (a NUL character) in a string: no name, path or value may hold one"));
	CHECK(parse_err("{\"version\": 1, \"datasets\": {\"d\": {\"path\": \"x\\\\u0000.csv\"}}, \"x\": 1}",
			"loglab.json: x: unknown key (known keys: version, datasets, featuresets, experiments, launch)"));
	/* 1e999 is an infinity to cJSON, which prints it as null */
	CHECK(parse_err(HEAD "\"featuresets\": {\"f\": {\"dataset\": \"d\", \"seed\": 1e999}}}",
			"loglab.json: featuresets.f.seed: must be an integer >= 0, got a number beyond the range of a double"));
	CHECK_INT(ds_ws_name_check("kern.v2 - night run", "k", &err), LL_OK);
	CHECK_INT(ds_ws_name_check("a.b_c-9", "k", &err), LL_OK);
	char longname[200];
	memset(longname, 'a', 129);
	longname[129] = '\0';
	CHECK_INT(ds_ws_name_check(longname, "k", &err), LL_EDATA);
	CHECK(strstr(err.msg, "longer than 128 bytes") != NULL);
}

int main(void)
{
	char dir[] = "/tmp/test_workspace.XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_errors();
	test_names();
	test_header_key();
	test_label_column_key();
	test_sheet_key();
	test_table_key();
	test_entity_key();
	test_example();
	test_detector_memory();
	test_default_model();
	test_save(dir);
	test_utf16_file(dir);
	test_roundtrip();
	test_init(dir);
	test_fingerprint(dir);
	test_did_you_mean();
	char path[600];
	snprintf(path, sizeof path, "%s/loglab.json", dir);
	unlink(path);
	rmdir(dir);
	TEST_MAIN_END();
}
