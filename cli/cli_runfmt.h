/*
 * cli_runfmt.h - reading a run's JSON documents (run.json, metrics.json,
 * curves.json) for the verbs that format runs (runs, report): one set of
 * accessors so a missing key reads the same way everywhere, NaN for a
 * number and "" for a string, and the tables print "-".
 */
#ifndef CLI_RUNFMT_H
#define CLI_RUNFMT_H

#include <cjson/cJSON.h>

/* Member k of object o, or NULL (also when o is NULL). */
const cJSON *cli_jget(const cJSON *o, const char *k);

/* Member k as a number, or NAN when absent or not a number. */
double cli_jnum(const cJSON *o, const char *k);

/* Member k as a string, or "" when absent or not a string. */
const char *cli_jstr(const cJSON *o, const char *k);

#endif
