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
 *
 * The reverse: a run trained on a format whose message is part of the line
 * (syslog's, read by a header pattern), scoring a label<TAB>line copy of
 * such a log, would read whole lines. The copy is read instead by the
 * pattern "<label?> " and the trained format's header (ds_header.h: the
 * label is the line's class, a blank matches the tab), so its message is
 * the same text, when every sampled line fits that pattern.
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

/* For scoring path (read as format, NULL: detected) with run: 1 when the
 * run's text was the message field of a format with a header (its
 * reader's line->header, one pattern) and path is a label<TAB>line file
 * every sampled line of which fits "<label?> " and that header, with
 * out[0..cap) the format to read path with ("log:" and that pattern,
 * ds_open_opts_split); 0 when path is read as it is (the cases of
 * ds_run_text_recipe, a line that does not fit, a pattern longer than
 * cap). */
int ds_run_text_format(const struct ds_run *run, const char *path, const char *format, char *out, size_t cap);

#endif
