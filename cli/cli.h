/*
 * cli.h - the batch command line: one verb a file, each behind struct
 * cli_verb so main() dispatches from one table and `loglab --help` lists
 * exactly the verbs that exist.
 *
 * A verb returns a process exit code (0 ok, 1 usage, 2 data error, 3 I/O
 * error; see ll_exit_code) and prints its own output and errors.
 */
#ifndef LL_CLI_H
#define LL_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "ll_err.h"

struct cli_verb {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv); /* argv[0] is the verb name */
};

int cli_info(int argc, char **argv);
/* `loglab info` on a fleet (cli_info_fleet.c): a line per file (host,
 * rows, rows labelled in labels (may be NULL), format, misfits, time
 * range) and the total, as text or as a JSON
 * object {files: [...], total: {...}} (NULL when ds is no fleet). */
struct ds_dataset;
struct cJSON;
struct ll_labels;
void cli_info_fleet_text(struct ds_dataset *ds, const struct ll_labels *labels);
struct cJSON *cli_info_fleet_json(struct ds_dataset *ds, const struct ll_labels *labels);
int cli_label(int argc, char **argv);
/* The workspace dataset PATH stands for in `label` and `info`
 * (cli_wsdata.c): a dataset's name in ./loglab.json where no file has
 * that name, or, for a file, the dataset of ./loglab.json or of the
 * loglab.json in the file's folder that reads it with a label file (the
 * key "labels"; a note on stderr when several do with different ones:
 * none then). *ws (caller frees with ds_workspace_free) holds it; NULL
 * when none. verb names the command in notes. */
struct ds_workspace;
struct ds_ws_dataset;
const struct ds_ws_dataset *cli_ws_dataset(const char *verb, const char *path, struct ds_workspace **ws);
int cli_fetch(int argc, char **argv);
int cli_build(int argc, char **argv);
int cli_init(int argc, char **argv);
int cli_train(int argc, char **argv);
int cli_runs(int argc, char **argv);
/* Removes run folders that trainings killed before run.json left
 * (ds_run_sweep.h), each named in a note on stderr unless quiet. */
void cli_sweep_unrecorded_runs(const char *ws_dir, int quiet);
int cli_eval(int argc, char **argv);
int cli_predict(int argc, char **argv);
int cli_review(int argc, char **argv);
int cli_report(int argc, char **argv);

/* Prints "loglab: MESSAGE" to stderr and returns the exit code of status. */
int cli_fail(int status, const struct ll_err *err);

/* The workspace a verb reads when none is named: wsdir when given (-w),
 * else "." when it holds loglab.json, else the sample workspace `loglab`
 * opens in such a folder (its user copy; a note on stderr says so), so
 * `loglab runs` after looking at the sample lists the sample's runs.
 * buf holds the sample's path. */
const char *cli_workspace_dir(const char *wsdir, int given, char *buf, size_t cap);

/* s made safe to print: control characters and invalid UTF-8 escaped as in
 * ll_escape (tabs and newlines too, so a name or a log line stays one
 * field on one line). Names, paths and data from files or the network go
 * through it before they reach the terminal. The result lives in one of
 * eight rotating buffers owned here: valid until eight more calls, so one
 * printf may hold several. cli_safe_n takes a length (bytes may include NUL). */
const char *cli_safe(const char *s);
const char *cli_safe_n(const char *s, size_t n);
/* s as a JSON string (quotes included; quotes, backslashes and control
 * characters escaped, other bytes as they are), malloc'd; NULL without
 * memory. For output written without a cJSON tree. */
char *cli_json_quote(const char *s);

/* One numpy .npy array (version 1.0) DIR/NAME; descr without byte order
 * ("f4", "i4", "u1", "i8"); shape has ndim entries (cli_build.c). */
int cli_write_npy(const char *dir, const char *name, const char *descr, const size_t *shape, int ndim,
		  const void *data, size_t elsize, struct ll_err *err);
/* `loglab build --templates PATH...` (cli_shard.c): argv[first..] are the
 * inputs. */
int cli_build_templates(int argc, char **argv, int first, const char *outdir, uint64_t chunk, int json,
			const char *format, const char *header);

/* MPI (cli_par.c): starts MPI when a launcher started this process and
 * silences ranks other than 0; returns an exit code to stop with (a verb
 * that does not spread over ranks under several), else 0. cli_par_end
 * ends MPI and passes code through. */
int cli_par_start(const char *verb, int *argc, char ***argv);
/* --rank-timeout's value (or LOGLAB_RANK_TIMEOUT's, `from` naming which):
 * seconds, 0 for none, or "auto" (ll_par_set_timeout); 0 when valid, else
 * 1 after saying why on stderr. */
int cli_par_timeout(const char *value, const char *from);
int cli_par_end(int code);
/* On every rank of a job, after each has loaded the feature set: LL_OK when
 * every rank read the same data, labels and recipe and built the same
 * shape, else the same LL_EDATA on every rank, naming path and the first
 * rank that differs from rank 0. A no-op on one rank. */
struct ds_fsdata;
int cli_par_same_data(const struct ds_fsdata *fs, const char *path, struct ll_err *err);

/* `label --templates --per-line` (cli_templates.c): ROW<TAB>ID<TAB>TEMPLATE
 * for every row of t, or a JSON array of {row, id, template}. */
struct ds_templates;
int cli_templates_per_line(const struct ds_templates *t, int json, struct ll_err *err);

/* Program name for messages. */
extern const char *cli_progname;

#endif
