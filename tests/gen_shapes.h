/*
 * tests/gen_shapes.h - logs of systems loglab has no reader for, made up
 * line by line from each system's published line shape (no copied data):
 * Apache error logs, Android logcat, Windows CBS, HealthApp, macOS syslog,
 * Proxifier, nginx access logs, log4j with Java stack traces, logfmt,
 * ISO 8601 with 'T', epoch-stamped and time-of-day-only logs; Linux
 * audit.log, etcd, Elasticsearch (with stack traces), MySQL 8, date(1)
 * stamps with a zone name and Kibana's "MMM d, yyyy @ HH:mm:ss.SSS";
 * container lines (CRI) around JSON records with and without a message
 * key, a file two writers share (a program's own handler and syslog, as
 * cloud-init.log is), dmesg's seconds since boot and Slurm's "error:" that
 * opens some messages only; servers' own logs: PostgreSQL's stderr log
 * (a user@database some lines lack, "DETAIL:" beside the levels), Redis
 * (levels as marks) and BIND ("debug 1:").
 *
 * Every line is made from one of a shape's message statements with fresh
 * values (numbers, addresses, host and user names, paths), so the
 * statement's number is the truth a template miner is scored against, as
 * loghub's EventId is. The same seed gives the same bytes. Messages hold
 * commas, pipes and brackets where such logs do, which is what used to
 * make them look like tables or JSON.
 */
#ifndef GEN_SHAPES_H
#define GEN_SHAPES_H

#include <stddef.h>
#include <stdint.h>

enum gen_shape {
	GEN_APACHE,
	GEN_LOGCAT,
	GEN_CBS,
	GEN_HEALTHAPP,
	GEN_MAC,
	GEN_PROXIFIER,
	GEN_NGINX,
	GEN_JAVA,
	GEN_LOGFMT,
	GEN_ISO,
	GEN_EPOCH,
	GEN_CLOCK,
	GEN_AUDIT,
	GEN_ETCD,
	GEN_ELASTIC,
	GEN_MYSQL,
	GEN_DATE,
	GEN_KIBANA,
	GEN_CRIJSON,
	GEN_CRIREC,
	GEN_TWOSHAPE,
	GEN_DMESG,
	GEN_SLURM,
	GEN_PGSQL,
	GEN_REDIS,
	GEN_BIND,
	GEN_NSHAPES
};

struct gen_shape_info {
	const char *name;   /* e.g. "apache" */
	const char *header; /* the header loglab should infer */
	const char *time;   /* the first line's time as loglab prints it, or ""; NULL:
			     * the log has no wall time (a clock since boot) */
};

const struct gen_shape_info *gen_shape_info(enum gen_shape s);

/* Writes n lines of shape s into a malloc'd buffer (*size bytes, LF line
 * ends, the last line ends with '\n'); events (may be NULL) gets a malloc'd
 * array of each line's statement number (a stack trace's lines are
 * statements of their own: one per exception class, one for the frames).
 * Returns NULL when out of memory. */
char *gen_shape_log(enum gen_shape s, size_t n, uint64_t seed, size_t *size, int **events);

/* Multi-line records: n lines of shape s, one record in `every` followed
 * by 1..max_lines lines that continue it (stack frames and wrapped text,
 * indented or, unindented_pct % of them, in the first column; blank_pct %
 * blank lines among them). None of those has the shape's header. heads
 * gets a malloc'd array: for each line, the line that starts its record
 * (itself for a head), SIZE_MAX for a blank line. */
struct gen_records {
	unsigned every, max_lines, unindented_pct, blank_pct;
};
char *gen_shape_records(enum gen_shape s, size_t n, uint64_t seed, const struct gen_records *how, size_t *size,
			size_t **heads);

/* n lines "<time> <LEVEL> <pid> B [thread] logger A <message>" with lone
 * punctuation B and A between the fields (Spring Boot's default writes
 * "--- [main] o.s.b.App : Started"); header "<time> <level> <pid> B
 * [<context>] <component> A <message>". */
char *gen_punct_log(const char *before_thread, const char *after_logger, size_t n, uint64_t seed, size_t *size);

#endif
