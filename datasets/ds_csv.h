/*
 * ds_csv.h - private interface of the CSV reader family (csv, dstat, smd,
 * nab, hdfs-sessions).
 *
 * Every reader of the family is the same machine with a different front:
 * the RFC 4180 tokenizer below splits records, ds_csv_sample() looks at the
 * first records to infer column types, and ds_csv_fill() streams every
 * record of the body straight into a struct ll_table. The specialised
 * readers only decide where the body starts, what the columns are called
 * and what labels or segments to add afterwards.
 */
#ifndef DS_CSV_H
#define DS_CSV_H

#include <stddef.h>

#include "ds_reader.h"
#include "ds_sheet.h"
#include "ll_err.h"
#include "ll_table.h"

/* One field of the current record. p points into the source buffer, or into
 * the tokenizer's scratch buffer when the field had doubled quotes; either
 * way it is valid until the next ds_csv_next(). */
struct ds_csv_field {
	const char *p;
	size_t len;
	int quoted;
};

/* A record with more fields than this is refused (LL_EDATA), so a huge line
 * of commas cannot turn into millions of columns. */
#define DS_CSV_MAX_FIELDS 100000

struct ds_csv_tok {
	const char *data;
	size_t size, pos;
	char delim;
	/* 1: a newline always ends a record, even inside quotes (dstat, whose
	 * writer never quotes newlines but may leave a quote open). */
	int line_mode;
	/* 1: a line starting with '#' is a comment, never a record (a table
	 * whose header is a comment: sadf's "# hostname;...", Zeek's "#fields"
	 * and its closing "#close"). */
	int comments;
	size_t line;          /* line number (1-based) of the next unread byte */
	size_t rec_line;      /* line where the current record started */
	struct ds_csv_field *f;
	size_t nf, fcap;
	char *scratch;
	size_t slen, scap;
	/* Quote irregularities seen so far (text after a closing quote, or a
	 * quote left open at a line end in line mode): how many, first line. */
	size_t nstray, stray_line;
	size_t nopen_eol, open_eol_line;
	/* Quotes opened at a cell's start and never closed before the end of
	 * the data: the quote is a character of its cell, which runs to the
	 * delimiter or line end (an inch mark, a truncated export). How many,
	 * the first one's line. (Every quote after such a one is doubled, so
	 * the scan to the end happens once.) */
	size_t nopen_lit, open_lit_line;
};

void ds_csv_tok_init(struct ds_csv_tok *tk, const char *data, size_t size, size_t pos, size_t line, char delim,
		     int line_mode);
void ds_csv_tok_free(struct ds_csv_tok *tk);
/* Reads the next record into tk->f / tk->nf. Returns 1 for a record, 0 at
 * the end, LL_EDATA when the record has more than DS_CSV_MAX_FIELDS fields
 * (message names path and line), LL_ENOMEM. A quote never closed is a
 * character (nopen_lit above). A blank line is a record
 * of one empty unquoted field; callers skip it with ds_csv_blank(). */
int ds_csv_next(struct ds_csv_tok *tk, const char *path, struct ll_err *err);
/* 1 for a blank line and a line of separators alone (";;;"). */
int ds_csv_blank(const struct ds_csv_tok *tk);

/* The delimiter (',' ';' '\t' '|') that splits the first lines of head into
 * the most consistent number (> 1) of fields, or 0 when none does; but the
 * one that splits five lines or more at the end of the window alike when
 * the most consistent one does not split the last line so (a legend above
 * a table). *nfields (may be NULL) gets that number. */
char ds_csv_detect_delim(const char *head, size_t n, size_t *nfields);

/* 1 when s[0..n) is a number (into *out): what ll_parse_number reads, or,
 * when delim is not ',', a decimal comma ("0,5", "-12,75"). */
int ds_csv_number(const char *s, size_t n, char delim, double *out);

/* 1 when s[0..n) is a number as a table cell may write one: plain, or for
 * people ("12%", "3.4G", "512KiB", "12,345"); the value into *out. */
int ds_csv_cell_number(const char *s, size_t n, double *out);
/* 1 when s[0..n) is a number written for people with a sign of its kind
 * ("0.50%", "6.6MiB", "250ms", "12,345", "1h2m3s"; not a bare "4k") or an
 * ISO 8601 duration in seconds ("PT5M30S"), a comma never a decimal one
 * (JSON's strings). */
int ds_csv_people_number(const char *s, size_t n, double *out);
/* 1 for cells that mean "no value": empty, NaN/nan, NA, N/A, null, \\N, and
 * lowercase words in angle brackets ("<not supported>", "<none>"). */
int ds_csv_is_missing(const char *s, size_t n);
/* 1 for any cell the table reader reads as missing: ds_csv_is_missing's,
 * a spreadsheet's error value ("#N/A", "#DIV/0!"), pandas' "NaT", Go's and
 * .NET's zero time. */
int ds_csv_no_value(const char *s, size_t n);
/* 1 when a line (s, n) opens with a spreadsheet's error value as its
 * first cell ("#N/A|...", pandas' na_rep="#N/A" in a first column): a
 * row, not a '#' comment or header line. */
int ds_csv_opens_with_error_value(const char *s, size_t n, char delim);
/* A cell written ="0012" (quoted or not), as exports meant for Excel keep
 * leading zeros: 1 and *s, *n narrowed to the text between the quotes. */
int ds_csv_forced_text(const char **s, size_t *n);

struct ll_strbuf;
/* Appends s[0, n) to b as one quoted CSV cell, quotes inside doubled: for
 * readers that write a CSV of what they read for the CSV loader. */
void ds_csv_put_quoted(struct ll_strbuf *b, const char *s, size_t n);

/* The time of a table cell: every form ll_time_parse_year reads, and a
 * date written as digits alone, "yyyyMMdd" or "yyyyMMddHHmmss" (no epoch
 * has those lengths and values). 1 and *out set when it is one. */
int ds_csv_cell_time(const char *s, size_t n, int default_year, double *out);

/* A numeric date with its day and month in either order ("05/13/2024
 * 12:00:01", "18-04-2019 13:20"): order 'm' or 'd' reads it so into *out;
 * order 0 only checks the shape (1 when the two fields can be a day and a
 * month in some order) and gives them in *a and *b. */
int ds_csv_numeric_date(const char *s, size_t n, char order, int *a, int *b, double *out);

/* Time parser used for TIME columns: (text, len, default year, out). */
typedef int (*ds_csv_time_fn)(const char *s, size_t n, int default_year, double *out);

/* What ds_csv_fill needs to know about a body of records. */
struct ds_csv_layout {
	const char *path;        /* for messages and notes */
	char delim;
	int line_mode;
	int comments;            /* '#' lines are comments (ds_csv_tok.comments) */
	size_t body_pos;         /* byte offset of the first data record */
	size_t body_line;        /* its line number */
	size_t ncols;
	char **names;            /* ncols unique names, owned by the layout */
	enum ll_coltype *types;  /* ncols types; ds_csv_fill may demote to TEXT */
	int label_col;           /* column whose text also labels the row, or -1 */
	int default_year;
	ds_csv_time_fn parse_time;  /* NULL: ll_time_parse_year */
	/* NULL, or per column: 0 as parse_time says, 'm' or 'd' a numeric
	 * date read month-first or day-first (ds_csv_date_order) */
	char *date_order;
	/* NULL, or per column: 1 when the next column holds the clock of this
	 * column's dates (a Date column beside a Time one), added to them */
	char *clock_next;
	/* NULL, or per column: 1 when its cells are durations read as seconds
	 * (ds_csv_duration) */
	char *duration;
	/* 1 when every line ends with the separator: an empty field after
	 * the last column is no cell */
	int trailing_empty;
	/* NULL, or the header's cells as written (header_n of them): a record
	 * that repeats them is no row (CSV files joined one after another,
	 * `cat a.csv b.csv`) */
	char *const *header_cells;
	const size_t *header_lens;
	size_t header_n;
	/* NULL, or the file's line of each line of the text read (the text a
	 * reader generated from it, ds_line_map.h): notes and errors name
	 * those */
	const struct ds_line_map *line_map;
	/* 1 for the rows a followed table gains (ds_tabtail.h): the columns
	 * keep their types (the rows read before are not read again), a cell
	 * that does not read as its column's type is missing and tallied in
	 * misfits, and so is a record longer than the table, skipped */
	int keep_types;
	struct ds_tabtail_misfits *misfits;
	/* A Windows performance log's times are local: minutes added to
	 * column pdh_col (-1: none) to make them UTC, in a kept layout */
	int pdh_col, pdh_bias;
	/* the header cells a kept layout owns (ds_csv_layout_keep) */
	char **own_cells;
	size_t *own_lens;
};

/* A copy of lay that outlives the load, for reading rows appended to its
 * file later (ds_tabtail.h): names, types, readings and header cells, no
 * path, line map or body position. NULL when out of memory; freed with
 * ds_csv_layout_free, then free. */
struct ds_csv_layout *ds_csv_layout_keep(const struct ds_csv_layout *lay);

/* Allocates names/types for n columns (names NULL, types LL_COL_NUM). */
int ds_csv_layout_init(struct ds_csv_layout *lay, size_t ncols);
/* Frees what lay holds (NULL: nothing), not lay itself. */
void ds_csv_layout_free(struct ds_csv_layout *lay);
/* Sets column c's name to a copy of (s, n), with blanks trimmed. */
int ds_csv_layout_name(struct ds_csv_layout *lay, size_t c, const char *s, size_t n);
/* Gives empty names "colN" (1-based) and makes duplicates unique ("x_2"). */
int ds_csv_layout_unique(struct ds_csv_layout *lay);
/* Index of the column named like a label, in that order of preference
 * (label, class, y; any case), else an anomaly flag (anomaly, is_anomaly),
 * else -1. */
int ds_csv_find_label_col(const struct ds_csv_layout *lay);
/* The column called `name` (exactly, else ignoring case), or -1. */
int ds_csv_named_col(const struct ds_csv_layout *lay, const char *name);

/* Per-column evidence from sampled records. */
struct ds_csv_colstat {
	size_t present;  /* non-missing cells */
	size_t num;      /* of which parse as numbers */
	size_t time;     /* of which parse as times */
	size_t dashes;   /* lone "-" cells, not counted as present */
	/* numeric dates whose day and month orders both exist ("05/13/2024
	 * 12:00:01", Windows perfmon's): how many, and how many can only be
	 * month-first (second field above 12) or day-first (first above 12) */
	size_t event_epochs; /* numbers that are epochs of recent years (ds_csv_event_epoch) */
	size_t mdy, month_first, day_first;
	/* dates of two-digit year ("03/14/26", "26/03/14"), month, day or
	 * year first: how many, how many cannot be read in each order ('M'
	 * MM/dd/yy, 'D' dd/MM/yy, 'Y' yy/MM/dd), and the sum of how many years
	 * each order puts them from the file's */
	size_t dmy2, not_order[3], years_off[3];
	/* what says such a column holds dates and not small numbers in
	 * threes ("3/5/10"): cells with a clock; cells whose first two fields
	 * are written with a leading zero ("03/05/10") and cells with one
	 * written in one digit; and, per order, how often a cell's date is
	 * later or earlier than the one above (a log's dates keep to one way),
	 * and the first and last year it reads */
	size_t dmy2_clock, dmy2_padded, dmy2_unpadded, dmy2_later[3], dmy2_earlier[3];
	double dmy2_last[3];
	int dmy2_year_lo[3], dmy2_year_hi[3];
	/* dates without a clock ("2024-05-01") and clocks without a date
	 * ("12:00:01"): a Date column beside a Time column is one time */
	size_t date_only, clock_only;
	/* durations ("01:02:02", "1-00:00:00", "00:03.123"), and of those the
	 * ones no clock of day could be (a days part, 24 hours or more, or
	 * minutes and seconds with a fraction) */
	size_t durations, long_durations;
	/* numbers written with a unit of time ("250ms") and with one of size
	 * ("512 MiB", "3.4G"): a column of both is neither (ds_units.h) */
	size_t unit_time, unit_size;
	/* numbers with a fraction ("-7.33"): a quantity, never a class id */
	size_t fractional;
	/* whole numbers that are epochs of 2000..2100 (ds_csv_epoch_unit): how
	 * many, the units seen (bit per unit), how often one was below the
	 * one before or above it, and the first and last */
	size_t whole_epochs, epochs_back, epochs_up;
	unsigned epoch_units;
	double epoch_first, epoch_last;
};

/* Tallies up to max records from tk (blank lines skipped) into stats[ncols];
 * returns how many records it saw, or a negative status. */
int ds_csv_sample(struct ds_csv_tok *tk, size_t ncols, struct ds_csv_colstat *stats, size_t max, int default_year,
		  ds_csv_time_fn parse_time, const char *path, struct ll_err *err);
/* The same, skipping records that repeat skip_cells[0, skip_n) (the first
 * record, perhaps a header repeated further down). */
int ds_csv_sample_skip(struct ds_csv_tok *tk, size_t ncols, struct ds_csv_colstat *stats, size_t max, int default_year,
		       ds_csv_time_fn parse_time, const char *path, char *const *skip_cells, const size_t *skip_lens,
		       size_t skip_n, struct ll_err *err);
/* A duration as schedulers and process tables write one: [D-]H:MM:SS[.f]
 * (sacct's Elapsed, ps's TIME), or M:SS.f (top's TIME+, sacct's TotalCPU),
 * read by ll_units_clock, or as APIs write one, ISO 8601's P[nW][nD][T[nH][nM][n[.f]S]]:
 * 1 with *seconds set, and *unambiguous 1 when no clock of day reads the
 * same (a days part, 24 hours or more, or no hours but a fraction). */
int ds_csv_duration(const char *s, size_t n, double *seconds, int *unambiguous);
/* A numeric date column ("05/13/2024 12:00:01", "13-05-2024"): 'm' when
 * it reads month-first, 'd' day-first, 0 when it is no such column. The
 * order is the column's: day-first when some first field is above 12,
 * else month-first (a second field above 12 says so; when none does, both
 * read, and month-first is what US-locale tools such as perfmon write). */
char ds_csv_date_order(const struct ds_csv_colstat *st);
/* The same, but a column of two-digit years ('M', 'D' or 'Y') only when
 * something says its cells are dates, not small numbers in threes such as
 * "3/5/10": a clock in some cell, fields written with a leading zero, or
 * dates of a few years that keep to one way down the rows (rising or
 * falling at least thrice, never the other way); else, as a tie-breaker, a column name
 * that speaks of a date or time (name may be NULL). */
char ds_csv_date_order_named(const struct ds_csv_colstat *st, const char *name);
/* The type a column's evidence suggests; name hints at time (epoch, time...). */
enum ll_coltype ds_csv_infer_type(const struct ds_csv_colstat *st, const char *name);
/* 1 when a column name suggests a timestamp: a clock's name (time, ts,
 * epoch_ms...) or a name whose last word is time, timestamp or ts, but
 * not one counted from boot (a word monotonic or uptime). */
int ds_csv_time_name(const char *name);
/* 1 when a column name says when a record was made or changed, or a job
 * started or ended: created, updated, modified, deleted, start(ed),
 * end(ed), finished, submitted, or a last word "at" after another
 * ("created_at", "lastSeenAt"), or one of those last ("date_created",
 * "job_start").
 * Its numbers are times only when all are epochs of recent years
 * (ds_csv_event_epoch): an API's "created" is seconds, an "updated" may as
 * well be a count. */
int ds_csv_event_name(const char *name);
/* 1 when a column's whole name is "t", a clock's in research exports and
 * notebooks; like ds_csv_event_name its numbers are times only when all are
 * epochs of recent years, and only when no column before it is a time. */
int ds_csv_bare_clock_name(const char *name);
/* 1 when v reads as epoch seconds or milliseconds of 1990..2100: *out the
 * seconds. */
int ds_csv_event_epoch(double v, double *out);
/* The unit of a whole number that is an epoch of 2000..2100 written in
 * seconds (1), milliseconds (2), microseconds (3) or nanoseconds (4): a
 * clock written by a program without a name over it; 0 when it is none. */
int ds_csv_epoch_unit(double v);
/* 1 when a column's tallies say it is an unnamed clock: every cell a
 * whole epoch of 2000..2100 in one unit of milliseconds or finer
 * (ds_csv_epoch_unit; 13 digits or more), none below the one above it and
 * some above, in three rows or more. Whole seconds are not: sizes and
 * 32-bit counters fill that range and climb as well. The callers take only
 * a headerless table's first column so, where a clock is written first
 * (sensor readings, samplers' dumps). */
int ds_csv_epoch_clock(const struct ds_csv_colstat *st);

/* Reads every record from body_pos into a new table: cells parsed by type,
 * missing cells NaN/"", short rows padded and long rows cut (one note per
 * kind). When a cell of a NUM/TIME column does not parse, that column is
 * demoted to TEXT and the body read again (at most once). */
int ds_csv_fill(struct ds_csv_layout *lay, const char *data, size_t size, struct ll_table **out,
		struct ll_err *err);

/* Path helpers: the final component, and a malloc'd copy of the directory
 * part ("." when there is none). */
const char *ds_csv_basename(const char *path);
/* A table whose first column counts seconds from a start the comment the
 * file opens with dates ("# started on Mon Dec  7 15:22:12 2026" of perf
 * stat -x, -I): that column, dropped, becomes a time column "time", start
 * plus seconds, noted (ds_csv_started.c). LL_OK when it is no such table. */
int ds_csv_started_times(const struct ds_source *src, struct ll_table *t, struct ll_err *err);
char *ds_csv_dirname(const char *path);

/* The generic loader behind "csv" and "hdfs-sessions": detects delimiter
 * and header, infers types. force_text makes every column TEXT. */
int ds_csv_load_generic(const struct ds_source *src, const struct ds_open_opts *opts, int force_text,
			struct ll_table **out, struct ll_err *err);

/* The same on a part of a file whose first line is line first_line of it
 * (one table of several, ds_csv_sections.c), so messages name the file's
 * own line numbers. */
int ds_csv_load_from(const struct ds_source *src, const struct ds_open_opts *opts, int force_text, size_t first_line,
		     struct ll_table **out, struct ll_err *err);

/* Several tables one after another, each under its own '#' header line
 * (sadf -d of many activities): how many such tables the head holds (0 or
 * 1 when it is no such file); and the loader that reads each and joins
 * them on their time column (ds_csv_sections.c). */
size_t ds_csv_sections_count(const char *head, size_t n, char delim);
/* The same for a whole file d[0..n) of parts under a plain header line
 * written again with columns added (a restarted agent's CSV), wherever
 * the later headers are: its part count, 0 when it is no such file. */
size_t ds_csv_widened_count(const char *d, size_t n, char delim);
int ds_csv_load_sections(const struct ds_source *src, const struct ds_open_opts *opts, char delim,
			 struct ll_table **out, struct ll_err *err);
/* Tables that each have a time column joined on it into *out: a row per
 * time, every table's columns beside each other, a name two tables share
 * one column, the first value of a time and column kept (noted when
 * another differs). The parts stay the caller's. */
int ds_csv_join_on_time(struct ll_table **parts, size_t np, const char *path, struct ll_table **out,
			struct ll_err *err);

/* The readers defined in the family's other files. */
extern const struct ds_reader ds_dstat_reader;
/* nmon recordings: sections per snapshot (ds_nmon.c). */
extern const struct ds_reader ds_nmon_reader;
/* Logs whose columns a '#Fields:' line names: W3C extended, Zeek (ds_w3c.c). */
extern const struct ds_reader ds_w3c_reader;
/* Tables aligned with blanks under a line of names (ds_aligned.c). */
extern const struct ds_reader ds_aligned_reader;
extern const struct ds_reader ds_smd_reader;
extern const struct ds_reader ds_nab_reader;
extern const struct ds_reader ds_hdfs_sessions_reader;
/* headerless numbers separated by blanks (ds_numbers.c) */
extern const struct ds_reader ds_numbers_reader;
/* NumPy .npy arrays (ds_npy.c) */
extern const struct ds_reader ds_npy_reader;

/* Rows right under a header (from pos/line, the header ncols wide) that
 * hold units or sampling, not values (ds_csv_units.c): how many (0 to 3),
 * where the rows start after them (*body_pos, *body_line) and which lines
 * they are ("line 3", "lines 3-4") in what: the file's lines through map
 * (may be NULL) when data was made from a file (ds_line_map.h). */
size_t ds_csv_units_rows(const char *data, size_t size, char delim, size_t pos, size_t line, size_t ncols, int year,
			 const struct ds_line_map *map, size_t *body_pos, size_t *body_line, char *what, size_t cap);
/* 1 when the record at pos is names (two or more; cells left empty
 * allowed) and the record after it holds a number or a time under one of
 * them: an ordinary header, whatever '#' lines stand above it (InfluxDB's
 * annotated CSV). */
int ds_csv_names_over_values(const char *data, size_t size, char delim, size_t pos, size_t line);
/* Excel workbooks (ds_xlsx.c). */
extern const struct ds_reader ds_xlsx_reader;
/* Legacy Excel workbooks (ds_xls.c) and binary ones (ds_xlsb.c). */
extern const struct ds_reader ds_xls_reader;
extern const struct ds_reader ds_xlsb_reader;
/* Apache Parquet files (ds_parquet.c). */
extern const struct ds_reader ds_parquet_reader;
/* OpenDocument spreadsheets (ds_ods.c). */
extern const struct ds_reader ds_ods_reader;
/* SQLite databases (ds_sqlite.c). */
extern const struct ds_reader ds_sqlite_reader;
/* XML documents of records (ds_xmlrec.c). */
extern const struct ds_reader ds_xml_reader;
/* The XML reader's load with the records' element named (record, as
 * "Event"), not found by how often it occurs; NULL finds it. */
int ds_xml_records(const struct ds_source *src, const struct ds_open_opts *opts, const char *record,
		   struct ll_table **out, struct ll_err *err);
/* The records of an XML document of records given one at a time, each
 * as the element it is in the document <outer>...</outer>, read into the
 * table ds_xml_records(src, opts, record) makes of the whole document
 * (the same record shape, columns and notes) without the document's tree:
 * each record is made its JSON record when given, and the JSON records
 * are read as the whole document's are. */
struct ds_xml_stream {
	const char *path, *outer, *record;
	struct ds_text xml, json; /* a record in its outer element; the records as a JSON array */
	size_t records, checked_at;
};
/* Adds the record x[0, n): *taken 0 when it is not one element named
 * record alone (the whole document may then make other records, or
 * context for them: the caller reads it with ds_xml_records). The JSON
 * text is checked against the memory limit as it grows. */
int ds_xml_stream_add(struct ds_xml_stream *s, const char *x, size_t n, int *taken, struct ll_err *err);
/* The table of the records added. */
int ds_xml_stream_load(struct ds_xml_stream *s, const struct ds_source *src, const struct ds_open_opts *opts,
		       struct ll_table **out, struct ll_err *err);
void ds_xml_stream_free(struct ds_xml_stream *s);
/* Windows event logs (.evtx), read as their XML (ds_evtx.c). */
extern const struct ds_reader ds_evtx_reader;

#endif
