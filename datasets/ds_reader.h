/*
 * ds_reader.h - one interface for every input format, and the registry
 * that detects which one fits.
 *
 * A reader turns a ds_source into a struct ll_table. Line-oriented log
 * formats also describe how to split a single line into fields (struct
 * ds_line_format), so a huge log can be browsed through the line index and
 * split on demand without ever building a whole table.
 *
 * Tables made from log lines have, by convention, column 0 "line" (the raw
 * line, CR removed) followed by the format's fields; each row's label is
 * set when the line carries one.
 */
#ifndef DS_READER_H
#define DS_READER_H

#include <stddef.h>

#include "ds_source.h"
#include "ll_err.h"
#include "ll_table.h"

struct ds_csv_layout;

struct ds_open_opts {
	const char *format;  /* --format override, or NULL to detect */
	const char *labels;  /* an explicit label file (e.g. SMD *_test_label.csv), or NULL to look beside */
	int default_year;    /* year for timestamps that carry none; 0 = the file's mtime year */
	/* For a path that is a local copy already fetched from a URL (e.g. by the
	 * TUI's progress screen): the URL, used as the dataset's path, in
	 * messages and for format detection, so nothing is fetched twice and the
	 * user sees what they typed. NULL: the path itself. */
	const char *display_name;
	/* That fetch's notice (e.g. served from the cache while offline), kept
	 * as the dataset's first note as if ds_source had fetched it; NULL or
	 * "": none. Only used with display_name. */
	const char *source_note;
	/* A log header pattern (ds_header.h) to split lines with, instead of
	 * the one inferred from the file; implies the "log" format. NULL or
	 * "": infer. */
	const char *header;
	/* SMD / ASD interpretation labels (start-end:dims) to use instead of
	 * looking beside and above the file; NULL or "": look. */
	const char *interpretation;
	/* The column (csv) or top-level key (json, jsonl) whose values are the
	 * rows' classes, instead of one named label, class or y; NULL or "":
	 * look for those. A name the data does not have is an error. */
	const char *label_column;
	/* A long table's entity key (ds_pivot_apply): NULL or "" detects it,
	 * "none" keeps the table long, "COL[,COL...]" names its columns. */
	const char *entity;
	/* The sheet of a workbook to read (xlsx), by name; NULL or "": the
	 * first one that holds cells. */
	const char *sheet;
	/* NULL, or where the csv and dstat readers put a copy of how they read
	 * a row (ds_csv_layout_keep; the caller frees it, NULL when a table
	 * was made otherwise), so rows its file gains later read alike
	 * (ds_tabtail.h) */
	struct ds_csv_layout **keep_layout;
};

struct ds_span {
	size_t off, len;  /* within the line */
};

/* Fields of a line format: a header's own (ds_header.h keeps to 15) and
 * the columns a derived reader reads out of the message (ds_kvmsg.h). */
#define DS_MAX_FIELDS 64

struct ds_line_format {
	size_t nfields;
	const char *const *names;          /* nfields names */
	const enum ll_coltype *types;      /* nfields types */
	int message_field;                 /* index of the free-text field */
	/* Splits one line (no newline, no CR) into fields. label->len is 0 when
	 * the line carries no label; a label span that is exactly "-" means the
	 * class "normal" (BGL and Thunderbird write "no alert" so). Returns 1 when the line has the format's
	 * shape, 0 when not; on 0 the caller keeps the whole line as message. */
	int (*split)(const char *line, size_t len, struct ds_span *fields, struct ds_span *label);
	/* Parses a time field the generic way cannot (e.g. "081109 203615");
	 * NULL means ll_time_parse_year. */
	int (*parse_time)(const char *s, size_t n, int default_year, double *out);
	/* 1 when a row's text ("line", column 0) is the message field of a line
	 * that split, not the whole line: in label<TAB>line files the label is
	 * data about the line, so views and exports must not repeat it. */
	int text_is_message;
	/* Formats made at run time (a header inferred from one file) split with
	 * their own state: split_with and parse_time_with, when set, are used
	 * instead of split and parse_time, and get the format itself (ctx is
	 * theirs). Callers go through ds_line_split / ds_line_parse_time. */
	int (*split_with)(const struct ds_line_format *fmt, const char *line, size_t len, struct ds_span *fields,
			  struct ds_span *label);
	int (*parse_time_with)(const struct ds_line_format *fmt, size_t field, const char *s, size_t n,
			       int default_year, double *out);
	const void *ctx;
	/* The header as a pattern (ds_header.h), e.g. "<time> <host>
	 * <program>[<pid>]: <message>", for `loglab info`; NULL: none. */
	const char *header;
	/* What every file read with the format is told of how its lines were
	 * read (a day order no value settled), as one of its notes; NULL:
	 * nothing. */
	const char *note;
	/* 1 + the field that holds, on a head's row and the rows of its
	 * record, the level word opening the line below the head (records of
	 * two lines: "INFO: message" under the stamp); 0: none. A line of
	 * that shape that does not fit has the text after the colon as its
	 * message (ds_line_level_line). */
	size_t level_below;
	/* nfields kinds of ds_units.h (enum ds_units_kind) of number fields
	 * written with units ("12.3ms", "512k"), read so on the loaded and
	 * the lazy path alike (ds_line_field_number); NULL: none. */
	const unsigned char *units;
};

/* Splits a line with fmt (see split above). */
static inline int ds_line_split(const struct ds_line_format *fmt, const char *line, size_t len,
				struct ds_span *fields, struct ds_span *label)
{
	return fmt->split_with ? fmt->split_with(fmt, line, len, fields, label) : fmt->split(line, len, fields, label);
}

/* The text of a line that log templates are mined from (ds_templates.h,
 * `build --templates`): its message field when the line fits fmt, else
 * the whole line, as a line that does not fit (a misfit, or a line that
 * continues a multi-line record) keeps it all in its message. *s points
 * into line. Returns 1 when the line fitted, 0 when not. */
int ds_line_message(const struct ds_line_format *fmt, const char *line, size_t len, const char **s, size_t *n);

/* In a format with level_below: 1 when line, one that does not fit, opens
 * with a level word and a colon ("WARNING: Pool exhausted"); *level is the
 * word, *rest the text after the colon and its blanks. 0 otherwise. */
int ds_line_level_line(const struct ds_line_format *fmt, const char *line, size_t len, struct ds_span *level,
		       struct ds_span *rest);

/* Reads the text of a number field: a number, or seconds written with
 * their unit ("0.512s", a JVM log's uptime). */
int ds_line_number(const char *s, size_t n, double *out);
/* Number field f of fmt: ds_line_number, or, for a field fmt->units
 * gives a kind, the value in that kind's unit (ds_units_value). */
int ds_line_field_number(const struct ds_line_format *fmt, size_t f, const char *s, size_t n, double *out);

/* Reads the text of time field `field` as fmt's splitter cut it. */
int ds_line_parse_time(const struct ds_line_format *fmt, size_t field, const char *s, size_t n, int default_year,
		       double *out);

struct ds_reader {
	const char *name;     /* the --format value, e.g. "syslog", "bgl", "dstat" */
	const char *summary;  /* one line for --help and `info` */
	/* How well this reader fits, 0 (not at all) to 100 (certain), from the
	 * path's name and the first bytes of the (decompressed) content. */
	int (*sniff)(const char *path, const char *head, size_t n);
	/* Reads the whole source. opts is never NULL. */
	int (*load)(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		    struct ll_err *err);
	const struct ds_line_format *line;  /* NULL for table formats */
	/* Readers whose line format depends on the file (the "log" reader's
	 * inferred header): returns the reader to use for a file whose sample
	 * (ds_reader_sample: its head and blocks from the middle) is given;
	 * its line format fits that file. Such readers live as long as the
	 * process (one is shared by every file with the same header), so the
	 * result can be kept like a registered reader. NULL with err set on
	 * failure (a bad opts->header, out of memory). */
	const struct ds_reader *(*bind)(const char *sample, size_t n, const struct ds_open_opts *opts,
					struct ll_err *err);
	/* 1 when load reads ds_open_opts.labels in a format of its own (smd's
	 * 0/1 file, nab's windows); other readers' tables get the file's
	 * classes a row a line from ds_load (ds_rowlabels.h) */
	int own_labels;
};

/* Each reader family exports its readers through one function. */
const struct ds_reader *const *ds_textlog_readers(size_t *n);
const struct ds_reader *const *ds_csv_readers(size_t *n);
const struct ds_reader *const *ds_json_readers(size_t *n);
/* InfluxDB line protocol (ds_influx.c) and Prometheus text exposition
 * (ds_prom.c), listed with the JSON readers. */
extern const struct ds_reader ds_influx_reader;
extern const struct ds_reader ds_prom_reader;
/* systemd journal files (ds_journald_json.c), listed with them: read as
 * the JSON Lines journalctl exports. */
extern const struct ds_reader ds_journald_reader;
/* `journalctl -o export` text (ds_journal_export.c), read as its journal. */
extern const struct ds_reader ds_journal_export_reader;

const struct ds_reader *const *ds_logfmt_readers(size_t *n);

/* A format name may carry a log header: "log:PATTERN" is the log format
 * with header PATTERN. That is how a workspace dataset's "header" travels
 * with its format into runs and every command that reopens the data.
 * ds_open_opts_split turns such an o->format into "log" and o->header (an
 * explicit o->header wins); the openers call it. */
#define DS_LOG_HEADER_PREFIX "log:"
/* Likewise "smd:PATH" is the smd format with interpretation labels PATH
 * (a dataset's "interpretation" key). */
#define DS_SMD_INTERP_PREFIX "smd:"
/* And "csv:label=NAME" (json, jsonl too) is that format with label column
 * NAME; "auto:label=NAME" detects the format (a dataset's "label_column"). */
#define DS_LABEL_COLUMN_TAG ":label="
/* And a format name ending in ":entity=SPEC" (after any of the above, or
 * "auto:entity=SPEC" to detect the format) carries a dataset's "entity"
 * key into o->entity. */
#define DS_ENTITY_TAG ":entity="
/* And ":sheet=NAME" before any entity tag ("xlsx:sheet=Jobs",
 * "xlsx:label=cls:sheet=Jobs") picks a workbook's sheet into o->sheet. */
#define DS_SHEET_TAG ":sheet="
/* And ":table=NAME" in the same place picks a database's table or view
 * ("sqlite:table=events"), into o->sheet too: a part of a file that holds
 * several tables. */
#define DS_TABLE_TAG ":table="
void ds_open_opts_split(struct ds_open_opts *o);
/* The format part of a format name with a label column ("csv" of
 * "csv:label=NAME", NULL for "auto:label=NAME"), into buf; NULL when the
 * name carries no label column (then *column is NULL too). */
const char *ds_format_label_column(const char *format, char *buf, size_t cap, const char **column);

/* 1 when a --format value names a reader (ds_reader_find) or asks for
 * detection with options ("auto:label=NAME", "auto:entity=SPEC"). */
int ds_format_known(const char *name);

/* All readers, in detection priority order. */
size_t ds_reader_count(void);
const struct ds_reader *ds_reader_at(size_t i);
const struct ds_reader *ds_reader_find(const char *name);
/* The best-scoring reader for a sample of a file (ds_reader_sample), bound
 * to the sample when it has a bind hook; never NULL (falls back to plain
 * lines). Only the content counts: path is passed on to sniffers, which
 * must not choose by it. */
const struct ds_reader *ds_reader_detect(const char *path, const char *sample, size_t n);
/* Within one detection (ds_reader_detect, or ds_reader_prepare's without a
 * reader given), a reader's sniff may leave what it inferred from the
 * sample for its own bind of that same sample, which then takes it instead
 * of inferring it again (the log reader's headers: half of detecting a log
 * was inferring them twice). ds_detect_memo_put keeps data (owner: the
 * reader's tag; drop frees it) and returns 1 when a detection of exactly
 * this sample buffer is under way on this thread, else 0 and the caller
 * keeps data; ds_detect_memo_take returns it, once, to the same owner for
 * the same sample, else NULL. What is left at the detection's end is
 * dropped. */
int ds_detect_memo_put(const void *owner, const char *sample, size_t n, void *data, void (*drop)(void *));
void *ds_detect_memo_take(const void *owner, const char *sample, size_t n);
/* r itself, or r bound to sample when r has a bind hook (see bind). */
const struct ds_reader *ds_reader_bind(const struct ds_reader *r, const char *sample, size_t n,
				       const struct ds_open_opts *opts, struct ll_err *err);

/* The head of a sample (ds_reader_sample): its bytes up to here are the
 * file's own, whole; past it a part may come from elsewhere in the file. */
#define DS_SAMPLE_HEAD_BYTES (64 * 1024)

/* What detection and header inference look at: the first 64 KiB and, in a
 * larger file, three 16 KiB blocks from the middle, each of whole lines.
 * Parts of wide rows grow (to 2 MiB each) until the head holds 16 lines
 * and a block 4; only a line longer than that is cut. Returns a malloc'd
 * buffer (*n bytes, each part ending in a newline; the caller frees it),
 * or NULL when out of memory. */
char *ds_reader_sample(const char *data, size_t size, size_t *n);

/* Completes opts for an opened source: default_year from the file when 0.
 * Returns the reader: r when given, else the one detected from the
 * source's sample; a reader with a bind hook is bound to the source (a
 * header given in opts->header makes it the "log" reader). NULL with err
 * set on failure (a bad header pattern, out of memory). */
const struct ds_reader *ds_reader_prepare(const struct ds_source *src, const char *path, const struct ds_reader *r,
					  struct ds_open_opts *opts, struct ll_err *err);

/* The steps every table a reader (not a line reader) has loaded goes
 * through, in order, wherever it was loaded (ds_load, a dataset, a fleet
 * of tables), so a file reads alike alone or among others: values with
 * units (ds_units_columns; kinds as there, may be NULL), units named in
 * headers (ds_named_unit_columns), fractions of a second beside whole
 * seconds (ds_subsecond_columns), and the dataset's label_column for the
 * readers that do not read it (ds_rowlabels_from_column; NULL or "":
 * none). A new step belongs here. LL_OK; LL_EDATA naming path when the
 * table has no column label_column names; LL_ENOMEM. */
int ds_reader_settle_table(struct ll_table *t, const char *path, const char *label_column, int *kinds,
			   struct ll_err *err);

/* The reader ds_load reads path with (format as --format takes it, NULL:
 * detected), bound to the same sample of the file, so a log's inferred
 * header is the one its loaded table has: a file's first few KiB alone
 * may hold only continuation lines. NULL with err set when path cannot
 * be read or format is unknown. */
const struct ds_reader *ds_reader_of_file(const char *path, const char *format, struct ll_err *err);

/* Opens path, detects (or takes opts->format), loads. *used may be NULL. */
int ds_load(const char *path, const struct ds_open_opts *opts, struct ll_table **out,
	    const struct ds_reader **used, struct ll_err *err);

/* The year of yearless stamps in a log read in order: the last stamp that
 * carried its own year (a second writer's "Nov 17 19:31:28" among
 * "2015-11-17 ..." lines) gives its year to the yearless ones after it, or
 * the next year when that would put them half a year earlier (the year
 * turned in between). Without such a stamp, the default year's (the
 * first line's) is moved on a year each time a yearless stamp falls more
 * than half a year behind the one before ("Dec 31 23:59:59", then
 * "Jan  1 00:00:01"), as a fleet's stream does (ds_fleet.c), unless that
 * would put it after `latest`. Times of day alone are placed on
 * 1970-01-01 and a day later at each midnight they pass (the clock going
 * back more than half a day). Zeroed before the first line but for
 * `latest` (ds_year_ctx_start). */
struct ds_year_ctx {
	double last_dated;
	int have;
	double last_free; /* the last yearless stamp read without a dated one (free_seen) */
	int free_seen;
	int shift;        /* years since the default year at last_free */
	double latest;    /* no turn puts a stamp after this (the file's mtime and a day); 0: none */
	double last_clock; /* the last time of day alone, as placed (clock_seen) */
	int clock_seen;
	int days;         /* midnights those passed */
};
/* The context before a file's first line: zeroed, latest from its mtime
 * (none when the year came from its name: ds_source_year_from). */
struct ds_year_ctx ds_year_ctx_start(const struct ds_source *src);
/* Reads time field `field` (s, n) of a line in its context, updating yc
 * when the stamp has a year of its own; default_year when there is no
 * context yet. 1 when it is a time (*v set). The loaded path and the lazy
 * one (ds_dataset.c) read every time through this, in line order. */
int ds_parse_time_in_context(const struct ds_line_format *fmt, size_t field, const char *s, size_t n,
			     int default_year, struct ds_year_ctx *yc, double *v);

/* Shared helper for line formats: builds the conventional table ("line" +
 * fields, labels) from every line of src using fmt. */
int ds_lines_load(const struct ds_source *src, const struct ds_open_opts *opts, const struct ds_line_format *fmt,
		  const char *format_name, struct ll_table **out, struct ll_err *err);

/* A reader that binds itself to a file's sample: its load gets the source,
 * not the reader, and binding again to the same sample gives the same
 * interned reader, whose format splits. */
typedef const struct ds_reader *(*ds_reader_binder)(const char *sample, size_t n, const struct ds_open_opts *opts,
						    struct ll_err *why);
/* ds_lines_load with the format of the reader bind makes of src's sample;
 * the binder's error (or LL_ENOMEM) naming src when it makes none. */
int ds_lines_load_bound(const struct ds_source *src, const struct ds_open_opts *opts, ds_reader_binder bind,
			const char *format_name, struct ll_table **out, struct ll_err *err);

#endif
