/*
 * ds_textlog.h - private helpers shared by the text-log readers
 * (ds_lines.c, ds_textlog.c, ds_syslog.c, ds_cri.c, ds_loghub.c, ds_fail2ban.c).
 *
 * Splitters walk a line with a small cursor (struct ds_cur) and record
 * spans; they never copy or allocate, so the same code serves a whole-file
 * load and on-demand splitting of a huge file through the line index.
 * Sniffers score the first lines of a file by how many of them a format's
 * splitter accepts.
 */
#ifndef DS_TEXTLOG_H
#define DS_TEXTLOG_H

#include <stddef.h>
#include <stdint.h>

#include "ds_reader.h"
#include "ll_table.h"

/* A position in a line: s[i..n). */
struct ds_cur {
	const char *s;
	size_t i, n;
};

static inline int ds_is_blank(char c) { return c == ' ' || c == '\t'; }
static inline int ds_is_digit(char c) { return c >= '0' && c <= '9'; }

/* Starts a cursor on a line with surrounding blanks skipped (loghub's
 * parsers strip each line first; fields are found the same way). */
void ds_cur_init(struct ds_cur *c, const char *line, size_t len);
/* Skips one or more blanks; 0 when there is none (or the line ends). */
int ds_cur_blanks(struct ds_cur *c);
/* A run of non-blank bytes (at least one) into *sp. */
int ds_cur_token(struct ds_cur *c, struct ds_span *sp);
/* Token that is only digits (an optional leading '-' when sign != 0). */
int ds_cur_digits(struct ds_cur *c, struct ds_span *sp, int sign);
/* Token followed by a blank run (or that ends the line when last != 0). */
int ds_cur_field(struct ds_cur *c, struct ds_span *sp, int last);
/* The rest of the line into *sp (trailing blanks were trimmed by init). */
void ds_cur_rest(struct ds_cur *c, struct ds_span *sp);
/* Literal byte. */
int ds_cur_char(struct ds_cur *c, char ch);
/* A level word: upper-case letters only (INFO, WARN, FATAL ...). */
int ds_cur_level(struct ds_cur *c, struct ds_span *sp);

/* The "program[pid]: message" tail shared by syslog, Linux, OpenSSH and
 * Thunderbird lines, with loghub's matching rule: the program is the
 * shortest text up to either a ':' followed by a blank (or the line's end)
 * or a '[' that a later "]:" closes, in which case the bracket holds the
 * pid. Returns 0 when there is no such ':'. pid->len is 0 without a pid. */
int ds_split_program(struct ds_cur *c, struct ds_span *prog, struct ds_span *pid, struct ds_span *msg);

/* 1 when s[0..n) has the shape of a syslog clock "Mmm dd HH:MM:SS" (day
 * may be space-padded, seconds may have a fraction); *end gets its length. */
int ds_syslog_clock(const char *s, size_t n, size_t *end);

/* Fraction (0..1) of the first non-blank lines of head that start in the
 * first column (at most 64; a cut last line is ignored; all lines when
 * every one is indented) that split accepts; *nlines gets how many were
 * tried. */
double ds_sniff_fraction(const char *head, size_t n, const struct ds_line_format *fmt, size_t *nlines);
/* A score for a shape-checked format: 0 below half the lines, scaling up
 * to top when every line fits. The path is not looked at: formats are told
 * by their content alone. */
int ds_sniff_score(const char *path, const char *head, size_t n, const struct ds_line_format *fmt, int top);

/* Per-line hook for readers whose files mix log lines with other lines
 * (fail2ban's comments). Returns 1 to keep the line as a row (with *cls a
 * class id or LL_NO_LABEL to use the split's label), 0 to skip it, or a
 * negative status to stop. */
typedef int (*ds_line_hook)(void *ctx, struct ll_table *t, const char *line, size_t len, size_t lineno,
			    int *cls, struct ll_err *err);

/* ds_lines_load with a hook (may be NULL); quiet != 0 leaves out the note
 * about lines that do not fit the format. */
int ds_lines_load_hooked(const struct ds_source *src, const struct ds_open_opts *opts,
			 const struct ds_line_format *fmt, const char *format_name, ds_line_hook hook,
			 void *ctx, int quiet, struct ll_table **out, struct ll_err *err);

/* Multi-line records (ds_records.c). A non-blank line the format does not
 * fit, at most DS_RECORD_MAX_LINES rows below the last line it fits (its
 * record's head), continues that record: its fields other than the
 * message are the head's; its text, message and label stay its own.
 * Blank lines neither continue nor end a record. A run longer than the
 * limit is not one record any more (and browsing a huge log never looks
 * back further than that for a head). */
#define DS_RECORD_MAX_LINES 10000
/* The note on continuation lines (after "file: "), shared by the loaded
 * and the lazy path: count, plural "s", first line number. */
#define DS_RECORDS_NOTE "%zu continuation line%s took the time and header fields of the record they continue (first: line %zu)"
/* A marker between a log's parts, a line "-- text --" the format does not
 * fit (journalctl's "-- Boot 3f2a... --", "-- Reboot --", "-- Logs begin
 * at ... --", "-- No entries --"): a row of its own, in no record (it
 * takes no head's time or fields, and is no line that failed the format).
 * A reboot is what a user triaging one looks for, and as a continuation
 * the marker would read as one more line of the record before it, said by
 * that record's host and program at its time. 1 when line[0..len) is
 * one (blanks around it aside). */
int ds_line_marker(const char *line, size_t len);
/* A line the format does not fit that opens with a stamp of its own, with
 * its date and year (after a syslog receiver's "<134>" and one '[' at
 * most): a line of another shape among the records (an error log's line in
 * the server's other stamp form, an access log's line with a field more),
 * a row of its own at its own time, in no record, as a marker is, and one
 * that failed the format. 1 when line[0..len) is one; *t (when not NULL)
 * its time. */
int ds_line_own_stamp(const char *line, size_t len, double *t);
/* A line the format does not fit that is a record of its own: one with a
 * stamp of its own (ds_line_own_stamp), or one that opens with a syslog
 * priority (a receiver writes one before every message it takes, so no
 * line of another record's text starts so: Cisco's "<174>15162564:
 * BGP-BETA: ..." among its relay's lines, a FortiMail line with a field
 * missing). Such a line's time is its stamp, after at most three counters
 * or names each ended by a colon when it opens with a priority, if that
 * stamp has a date and a year; else it has none (NaN): a year-less stamp
 * inside is left alone, as the line's own year is unknown. 1 when
 * line[0..len) is one; *t (when not NULL) its time or NaN. */
int ds_line_own_record(const char *line, size_t len, double *t);
/* A syslog priority "<PRI>" (0..191) at s: its length with the brackets,
 * else 0 (what a network syslog receiver writes before a line). */
size_t ds_pri_len(const char *s, size_t n);
/* The field of fmt a line with a stamp of its own writes its time in:
 * its first time field, -1 when none. */
int ds_line_time_field(const struct ds_line_format *fmt);
/* The note on marker lines (after "file: "), shared by the loaded and the
 * lazy path: count, plural "s", first line number. */
#define DS_MARKERS_NOTE "%zu marker line%s between the records (-- ... --, as journalctl marks a boot) kept as rows of their own, with no time or header fields (first: line %zu)"
/* 1 when fmt has fields a continuation could take (besides the message). */
int ds_records_possible(const struct ds_line_format *fmt);
/* 1 when the file data[0..size) is read as records: its header fits at
 * least half of the sampled lines that start in the first column, a
 * quarter when it reads a time, or its heads come after rule lines
 * (struct ds_ruled). */
int ds_records_apply(const struct ds_line_format *fmt, const char *data, size_t size);
/* Records set apart by rule lines ("-----") or by a block that recurs
 * after each head: fed every non-blank line of a sample in order (without
 * its indent), head 1 for a line the header fits. */
#define DS_RULED_KEYS 8
struct ds_ruled {
	size_t heads, ruled, rules; /* heads, heads right after a rule, rule lines */
	size_t nexts;               /* lines right after a head */
	/* the keys of those lines (not heads) and how many had each: the
	 * first DS_RULED_KEYS keys seen, later ones go uncounted */
	uint32_t key[DS_RULED_KEYS];
	size_t key_lines[DS_RULED_KEYS];
	int after_rule, after_head;
};
void ds_records_tally(struct ds_ruled *r, const char *line, size_t len, int head);
/* 1 when the heads open records set apart so: two or more heads right
 * after a rule line, nine in ten of the heads but the first, and two in
 * five of the rule lines or more before a head (records boxed by a rule
 * above and one below have half, the sample's seams may leave a rule
 * without its head; a rule inside records, under a table's header, sets
 * nothing apart); or two or more heads, all of them, or all
 * but one in ten when there are ten or more, followed by a line (no head)
 * that starts with the same key, a word ending with a colon ("# User@Host:"
 * after each "# Time:" of a slow-query log). The one in ten is for the
 * seams of a large file's sample (ds_reader_sample): a part that ends
 * with a head puts the next part's first line after it, a line the file
 * never wrote there. */
int ds_records_ruled(const struct ds_ruled *r);
/* Lines at the margin that no timed header fits, by their text: a short
 * one without digits that recurs word for word (Laravel's "[stacktrace]",
 * PHP's "Stack trace:", a closing "\"}") is furniture of the records around
 * it, not a record's start, so the share of starts a timed header must fit
 * leaves them out; so is a line of a document a record prints, however
 * often it comes: an XML element's tag ("<?xml ...?>", "<reply id=\"2\">",
 * "</reply>") or a JSON bracket alone ("{", "},"), and an exception's own
 * line ("java.io.IOException: disk full", "Caused by: ...", "Traceback
 * (most recent call last):", "... 3 more", Go's "panic: ..." and its
 * goroutine's frames). */
#define DS_RECUR_MAX 4096
struct ds_recur {
	uint32_t h[DS_RECUR_MAX];
	size_t n;
	size_t body; /* the document and exception lines */
};
void ds_recur_add(struct ds_recur *r, const char *line, size_t len);
/* How many of the lines added have a text added three times or more, or
 * are a document's or an exception's. */
size_t ds_recur_count(struct ds_recur *r);

/* The first line of `loglab label --export`: the labelled reader knows its
 * files by it whatever their lines look like, and skips it. */
#define DS_LABELS_MARKER "#loglab labels"
/* 1 when head[0..n) starts with the marker line. */
int ds_labels_marker(const char *head, size_t n);
/* 1 when the first line of head is a label file's header, not a row: the
 * name of a label column (label, labels, class, category, target, y; any
 * case), a tab, and one word naming the text ("text", "message", "line"),
 * as datasets exported from other tools head their label<TAB>line files.
 * The labelled reader leaves it out of the rows. */
int ds_labels_header(const char *head, size_t n);

/* The readers, one per file. */
extern const struct ds_reader ds_reader_lines, ds_reader_labelled, ds_reader_syslog, ds_reader_fail2ban,
	ds_reader_rfc5424, ds_reader_cri, ds_reader_clf;
extern const struct ds_reader ds_reader_bgl, ds_reader_thunderbird, ds_reader_hdfs, ds_reader_hadoop,
	ds_reader_hpc, ds_reader_openstack, ds_reader_spark, ds_reader_zookeeper;
/* The syslog line format (fail2ban reuses it). */
extern const struct ds_line_format ds_syslog_format;

/* Times of a log that all fall in 1970, lo to hi: clocks without a date,
 * placed on 1970-01-01 and the days after it at each midnight they pass
 * (ds_year_ctx), said in a note (loaded and lazy alike). */
#define DS_UNDATED(lo, hi) (!isnan(lo) && (lo) >= 0 && (hi) < 366 * 86400.0)
#define DS_UNDATED_NOTE "times of day without any date in the file: placed on 1970-01-01 (a day later after each midnight)"

#endif
