/*
 * ds_header.h - the header of a log line (time, level, component, ...,
 * then the message), written as a pattern such as
 *
 *     <time> [<level>] <component>[<pid>]: <message>
 *
 * A pattern is literal text with <name> fields. A blank in it matches one
 * or more blanks; '\' makes the next byte literal. It comes from one of two
 * places:
 *
 *   - ds_header_infer reads a sample of lines of a log it has never seen
 *     and finds the fields their starts share, with no per-system rules:
 *     timestamps of every common form (ll_stamp.h), level words (also
 *     behind a name: "[core:error]", "production.ERROR:"), a
 *     "program[pid]:" component, bracketed fields (a bracket of words
 *     before numbers, "[pid 12:tid 34]", gives number fields named by the
 *     words; one that holds a time and more, "[<time> <level> <component>]",
 *     is read unit by unit; digits alone, "[4983]", a pid when lines
 *     share them), upper-case tags beside levels ("DETAIL:" beside
 *     "ERROR:"), a level and its verbosity ("debug 1:"), one-character
 *     level marks after the time (Redis's ". - * #"), a pid glued to an id
 *     ("25960:M", "29253#29253:"), fields joined by colons after the
 *     time up to the level ("<time>:<field2>:[<pid>]:<level>:"),
 *     key=value pairs (joined by commas too),
 *     numbers, and words that sit before one of those; the rest of the
 *     line is the message. Its fields are typed: a time field reads the
 *     one timestamp form the sample agreed on, a number field digits, a
 *     word field no blanks. A time field of dates alone whose next field
 *     holds clocks alone ("date=2021-12-28 time=15:26:47") reads both: its
 *     span reaches over the clock, which stays a text field.
 *   - ds_header_compile reads a pattern a user wrote (--header, or the
 *     dataset key "header" in loglab.json). Its fields match like
 *     logparser's <Name> fields: each takes the shortest text that lets
 *     the rest of the line match. Three names mean more: the last field
 *     takes the rest of the line; a single field called time, timestamp,
 *     datetime or date reads a whole timestamp even when it holds blanks
 *     (fields named date and time, "<Date> <Time>", that read as one
 *     stamp become one: the Time column spans both, Date is text); and
 *     "<component>[<pid>]:" is a program with an optional pid, as syslog
 *     writes it. "<name?>" may be missing (a run without blanks, or
 *     nothing); before a colon or a dot ("<level?>: <component?>:",
 *     "[<component?>:<level>]") it is tried first, may be empty before it,
 *     and, absent, takes its colon or dot with it; "<level?>" takes a level
 *     word only, tried before nothing. A field named label is the line's
 *     class, not a field (ds_header_nfields does not count it; its span
 *     is ds_header_split_label's label, which line formats give as the
 *     labelled readers do, "-" meaning normal): a word that is no
 *     timestamp; "<label?>" is tried present first unless a stamp opens
 *     there. One per pattern; inference never makes one. Field names are
 *     case-insensitive for these rules and are kept as written for the
 *     columns.
 *
 * Splitting a line never allocates; matching is bounded (a budget of
 * steps per line, after which the line counts as not matching), so a
 * hostile line costs at most a few thousand steps.
 */
#ifndef DS_HEADER_H
#define DS_HEADER_H

#include <stddef.h>

#include "ds_reader.h"
#include "ll_err.h"
#include "ll_table.h"

/* At most this many fields in a pattern (the table gets one more column,
 * "line"): a header, or the headers of one file together (ds_logfmt.c),
 * is a line's few leading fields; more are read out of the message by a
 * derived reader (ds_kvmsg.h). */
#define DS_HEADER_MAX_FIELDS 15

struct ds_header;

/* Compiles a user's pattern. LL_EUSAGE (naming the problem and its byte
 * offset) when it has no field (or only a <label>), an unclosed '<', an
 * empty or duplicate name, a second <label>, two fields with nothing
 * between them, or too many fields. */
int ds_header_compile(const char *text, struct ds_header **out, struct ll_err *err);

/* Infers the header of the lines in sample[0..n) (whole lines; a last
 * line without a newline is used too). default_year is the year of stamps
 * that carry none. Always succeeds unless out of memory (LL_ENOMEM): a
 * sample without a shared header gives the pattern "<message>". */
int ds_header_infer(const char *sample, size_t n, int default_year, struct ds_header **out, struct ll_err *err);

/* ds_header_infer with a memo of the lines' units (ds_linememo.h) the
 * caller keeps over several inferences of one default_year: inferring
 * again from lines of the same sample (those a first header leaves) does
 * not cut them into units again. memo from ds_header_memo_new (NULL: none;
 * freed with ds_linememo_free); the result is the same with or without. */
struct ds_linememo;
struct ds_linememo *ds_header_memo_new(void);
int ds_header_infer_memo(const char *sample, size_t n, int default_year, struct ds_linememo *memo,
			 struct ds_header **out, struct ll_err *err);

/* The blanks (spaces, tabs) every non-blank line of sample[0, n) opens
 * with, judged on as many lines as inference samples; 0 when a line starts
 * at the margin or there is none. A log whose every line is indented
 * alike (a console's, a pasted one) has its header inferred and its lines
 * judged as if they were not. */
size_t ds_header_indent(const char *sample, size_t n);

void ds_header_free(struct ds_header *h);

/* The pattern as text (for `loglab info`); owned by h. Compiling it again
 * gives a header that splits lines the same way. */
const char *ds_header_text(const struct ds_header *h);

/* The fields are the columns: a <label> is not one of them. */
size_t ds_header_nfields(const struct ds_header *h);
const char *ds_header_field_name(const struct ds_header *h, size_t i);
enum ll_coltype ds_header_field_type(const struct ds_header *h, size_t i);
/* 1 when field i is a time of day that, right after a date field, reads
 * the whole stamp: its span starts at the date's (ds_header_type_fields);
 * 2 when field i is a date that reads the clock of the field after it: its
 * span ends at the clock's end (the clock stays a text field); else 0. */
int ds_header_field_joined(const struct ds_header *h, size_t i);
/* For a time field whose stamps take their UTC offset from a later field
 * ("time=... tz=+0200"; the time's span reaches over it), that field's
 * index + 1; for that later field, SIZE_MAX; else 0. */
size_t ds_header_field_zone(const struct ds_header *h, size_t i);
/* 1 when field i is the value of a key=value pair: the literal before it
 * ends in '=' (or '="', a quoted value), as "walltime=<walltime>". */
int ds_header_field_keyed(const struct ds_header *h, size_t i);
/* The stamp form (ll_stamp.h) time field i reads, 0 when any. */
unsigned ds_header_field_form(const struct ds_header *h, size_t i);
/* What a reader should say of how the header reads its lines, NULL when
 * nothing: a day order no value in the sample settled ("03/04/26"). */
const char *ds_header_note(const struct ds_header *h);
/* 1 + the index of a field no element of the pattern matches, whose value
 * is the level word opening the line below a head (records of two lines,
 * "INFO: message" under the stamp: ds_header_infer adds it); 0: none. */
size_t ds_header_level_below(const struct ds_header *h);
/* The length of the level word when line starts with one and a colon, the
 * colon followed by a blank or the end ("WARNING: Pool exhausted"), else 0. */
size_t ds_header_level_line(const char *line, size_t len);
/* Index of the message field (the free text templates are mined from). */
size_t ds_header_message_field(const struct ds_header *h);
/* 1 when the pattern has fields besides the message. */
int ds_header_has_fields(const struct ds_header *h);
/* 1 when a line is a rule: it starts with three or more of one of - = * ~ _ #
 * ("----- amqzmgr0.c : 1234 -----", "=========="), or holds three or more
 * dots alone (HTCondor's "..." after each event), as writers set records
 * apart; not when up to eight such marks are glued to a dated stamp or a
 * bracket around one ("####<Mar 24, 2022 10:29:51 AM GMT> <Info> ..."):
 * that line opens a record. Rule lines take no part in inferring a header. */
int ds_header_rule_line(const char *line, size_t len);
/* 1 when a line may open a record: it starts in the first column and is no
 * numbered stack frame ("#0 /app/Container.php(795): ..." of PHP's traces,
 * gdb's "#1  0x00007f3a in main ()": '#', up to five digits, a space), which
 * continues the record above it as an indented frame does, and no row of a
 * hex dump (ll_hexdump.h: "00000000  6b 38 ...  |k8s.....|", a logged
 * body's bytes), which would otherwise outnumber the records it follows. */
int ds_header_at_margin(const char *line, size_t len);

/* The header of an ArcSight CEF or IBM QRadar LEEF event at s (the two
 * standards of security logs, often sent over syslog):
 * "CEF:0|Vendor|Product|Version|SignatureID|Name|Severity|" or
 * "LEEF:1.0|Vendor|Product|Version|EventID|" (LEEF 2.0 has one more field,
 * the extension's delimiter); a pipe after a '\\' is text. Its length up to
 * and with its last pipe, else 0; *variant (when not NULL) one of DS_CEF,
 * DS_LEEF1, DS_LEEF2. The rest of the event, its extension of key=value
 * pairs, is the message. */
enum { DS_CEF = 1, DS_LEEF1, DS_LEEF2 };
size_t ds_header_cef(const char *s, size_t n, int *variant);

/* Splits line[0..len) into nfields spans. Returns 1 when the line has the
 * header's shape, 0 when not (the spans are then unspecified). */
int ds_header_split(const struct ds_header *h, const char *line, size_t len, struct ds_span *fields);
/* Likewise, with the span of the line's <label> in *label (len 0: none,
 * or a line without its <label?>; also when the line does not fit).
 * label may be NULL. */
int ds_header_split_label(const struct ds_header *h, const char *line, size_t len, struct ds_span *fields,
			  struct ds_span *label);
/* 1 when the pattern has a <label> field (only ds_header_compile makes one). */
int ds_header_has_label(const struct ds_header *h);

/* Reads a time field's text (a span ds_header_split gave for field i). */
int ds_header_parse_time(const struct ds_header *h, size_t i, const char *s, size_t n, int default_year,
			 double *out);

/* Gives compiled (user) fields their column types from a sample of lines:
 * a field whose values all read as timestamps is a time column, one whose
 * values are all numbers a number column, anything else text. Fields named
 * date and time with one blank between them ("<Date> <Time>") that read as
 * one stamp on every sampled line become one: the time field's span covers
 * both (it is the time column) and the date is text. A time field of dates
 * alone followed by a field of clocks alone, with literal text between
 * them, is one time too, as inference makes it: the date's field reads
 * the clock and the clock is text. */
void ds_header_type_fields(struct ds_header *h, const char *sample, size_t n, int default_year);

#endif
