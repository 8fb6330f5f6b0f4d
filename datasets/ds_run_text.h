/*
 * ds_run_text.h - the text a run's model read, found in another file.
 *
 * A text recipe without text.column reads each log's message field. What
 * that field holds depends on the format: in a label<TAB>line file (or a
 * file of plain lines) it is the whole log line, in a syslog file only
 * what follows "program[pid]:". A model trained on a labelled copy of a
 * syslog file has therefore seen whole lines, and scoring the syslog file
 * itself by its message field would give it text of another kind (other
 * tokens, no templates it knows). Every line format keeps the whole line
 * (without a label) in its "line" column, so such a run reads that column
 * of a file whose message field is only a part of the line.
 */
#ifndef DS_RUN_TEXT_H
#define DS_RUN_TEXT_H

#include "ds_runs.h"

/* For scoring path (read as format, NULL: detected) with run: 1 when the
 * run's text was whole lines and path's message field is not, with *out
 * a copy of the run's recipe that reads path's "line" column; 0 when the
 * run's recipe reads path as it is (named text column, no text features,
 * the same kind of message, a file or dataset that cannot be looked at:
 * a URL, standard input, a fleet, a file that is not there). */
int ds_run_text_recipe(const struct ds_run *run, const char *path, const char *format, struct ll_recipe *out);

#endif
