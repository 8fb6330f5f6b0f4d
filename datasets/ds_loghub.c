/*
 * ds_loghub.c - the loghub systems that are not syslog: BGL, Thunderbird,
 * HDFS, Hadoop, HPC, OpenStack, Spark and Zookeeper.
 *
 * Field names are those of loghub's `*_2k.log_structured.csv` columns, and
 * each splitter reproduces loghub's matching rule for that system (fields
 * separated by blank runs, free-text fields ending at the first delimiter
 * that lets the rest of the line match, surrounding blanks trimmed), so a
 * table equals the structured CSV. Systems whose date and time are two
 * columns also get a "Timestamp" time column spanning both.
 *
 * Splitters check the shape strictly (digits where loghub has numbers, a
 * month name, an upper-case level), which is what lets the sniffers tell
 * the systems apart by content alone.
 */
#include "ds_textlog.h"
#include "ll_time.h"

#include <string.h>

/* ---- shape checks on spans ---- */

/* s matches pat, where 'd' is a digit and anything else is literal. */
static int shape(const char *s, size_t n, const char *pat)
{
	size_t k = 0;
	for (; pat[k]; k++) {
		if (k >= n)
			return 0;
		if (pat[k] == 'd' ? !ds_is_digit(s[k]) : s[k] != pat[k])
			return 0;
	}
	return 1;
}

static int span_shape(const struct ds_cur *c, const struct ds_span *sp, const char *pat, int exact)
{
	return shape(c->s + sp->off, sp->len, pat) && (!exact || sp->len == strlen(pat));
}

/* A field of the given shape followed by blanks. */
static int shaped_field(struct ds_cur *c, struct ds_span *sp, const char *pat, int exact)
{
	struct ds_cur save = *c;
	if (!ds_cur_field(c, sp, 0) || !span_shape(c, sp, pat, exact)) {
		*c = save;
		return 0;
	}
	return 1;
}

static int digits_field(struct ds_cur *c, struct ds_span *sp, int sign, int last)
{
	if (!ds_cur_digits(c, sp, sign))
		return 0;
	return (last && c->i == c->n) || ds_cur_blanks(c);
}

/* A level word of these systems; any upper-case word was one, and then
 * PostgreSQL's "2024-01-05 10:00:00.123 UTC [1234] LOG:  ..." was a
 * Hadoop line whose level is UTC. */
static int level_word(const char *s, size_t n)
{
	static const char *const levels[] = {"TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR",
					     "SEVERE", "FATAL", "FAILURE", "CRITICAL", "ALERT", "EMERG", NULL};
	for (const char *const *l = levels; *l; l++)
		if (strlen(*l) == n && memcmp(*l, s, n) == 0)
			return 1;
	return 0;
}

static int level_field(struct ds_cur *c, struct ds_span *sp, int last)
{
	struct ds_cur save = *c;
	if (!ds_cur_level(c, sp) || !level_word(c->s + sp->off, sp->len)) {
		*c = save;
		return 0;
	}
	return (last && c->i == c->n) || ds_cur_blanks(c);
}

/* Text up to the first ':' followed by a blank or the end, then the rest. */
static int colon_split(struct ds_cur *c, struct ds_span *head, struct ds_span *rest)
{
	for (size_t k = c->i; k < c->n; k++)
		if (c->s[k] == ':' && (k + 1 == c->n || ds_is_blank(c->s[k + 1]))) {
			head->off = c->i;
			head->len = k - c->i;
			c->i = k + 1;
			while (c->i < c->n && ds_is_blank(c->s[c->i]))
				c->i++;
			ds_cur_rest(c, rest);
			return 1;
		}
	return 0;
}

/* Text up to the first `close` followed by a blank run (or the end); the
 * cursor moves past the blanks. */
static int until_close(struct ds_cur *c, char close, struct ds_span *sp)
{
	for (size_t k = c->i; k < c->n; k++)
		if (c->s[k] == close && (k + 1 == c->n || ds_is_blank(c->s[k + 1]))) {
			sp->off = c->i;
			sp->len = k - c->i;
			c->i = k + 1;
			while (c->i < c->n && ds_is_blank(c->s[c->i]))
				c->i++;
			return 1;
		}
	return 0;
}

static void join(struct ds_span *out, const struct ds_span *a, const struct ds_span *b)
{
	out->off = a->off;
	out->len = b->off + b->len - a->off;
}

#define T LL_COL_TEXT
#define N LL_COL_NUM
#define TM LL_COL_TIME

/* One reader per system from its field table, splitter, sniff score and
 * header (loghub's log_format for the system, shown by `loglab info`). */
#define LOGHUB_READER(sys, summary_, top, hdr, ptime)                                                        \
	static const struct ds_line_format sys##_format = {.nfields = sizeof sys##_names / sizeof *sys##_names, \
							   .names = sys##_names,                             \
							   .types = sys##_types,                             \
							   .message_field = sys##_MSG,                       \
							   .split = sys##_split,                             \
							   .parse_time = ptime,                              \
							   .header = hdr};                                   \
	static int sys##_sniff(const char *path, const char *head, size_t n)                                 \
	{                                                                                                    \
		return ds_sniff_score(path, head, n, &sys##_format, top);                                    \
	}                                                                                                    \
	static int sys##_load(const struct ds_source *src, const struct ds_open_opts *opts,                  \
			      struct ll_table **out, struct ll_err *err)                                     \
	{                                                                                                    \
		return ds_lines_load(src, opts, &sys##_format, #sys, out, err);                              \
	}                                                                                                    \
	const struct ds_reader ds_reader_##sys = {                                                           \
		.name = #sys, .summary = summary_, .sniff = sys##_sniff, .load = sys##_load, .line = &sys##_format}

/* ---- BGL: "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11
 * RAS KERNEL INFO text"; the first token is the label ("-" normal, else the alert tag). */

static const char *const bgl_names[] = {"Label",      "Timestamp", "Date",      "Node",  "Time",
					"NodeRepeat", "Type",      "Component", "Level", "Content"};
static const enum ll_coltype bgl_types[] = {T, TM, T, T, TM, T, T, T, T, T};
enum { bgl_MSG = 9 };

static int bgl_split(const char *line, size_t len, struct ds_span *f, struct ds_span *label)
{
	struct ds_cur c;
	ds_cur_init(&c, line, len);
	if (!ds_cur_field(&c, &f[0], 0) || !digits_field(&c, &f[1], 0, 0) ||
	    !shaped_field(&c, &f[2], "dddd.dd.dd", 1) || !ds_cur_field(&c, &f[3], 0) ||
	    !shaped_field(&c, &f[4], "dddd-dd-dd-", 0))
		return 0;
	for (int k = 5; k < 9; k++)
		if (!ds_cur_field(&c, &f[k], k == 8))
			return 0;
	ds_cur_rest(&c, &f[9]);
	*label = f[0];
	return 1;
}

LOGHUB_READER(bgl, "BlueGene/L RAS log (loghub); first token is the alert label", 92,
	      "<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>", NULL);

/* ---- Thunderbird: "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond[2916]: text" ---- */

static const char *const thunderbird_names[] = {"Label", "Timestamp", "Date",      "User", "Month",  "Day",
						"Time",  "Location",  "Component", "PID",  "Content"};
static const enum ll_coltype thunderbird_types[] = {T, TM, T, T, T, T, T, T, T, N, T};
enum { thunderbird_MSG = 10 };

static int thunderbird_split(const char *line, size_t len, struct ds_span *f, struct ds_span *label)
{
	struct ds_cur c;
	ds_cur_init(&c, line, len);
	if (!ds_cur_field(&c, &f[0], 0) || !digits_field(&c, &f[1], 0, 0) ||
	    !shaped_field(&c, &f[2], "dddd.dd.dd", 1) || !ds_cur_field(&c, &f[3], 0) ||
	    !ds_cur_field(&c, &f[4], 0))
		return 0;
	char mon[4] = {0};
	if (f[4].len != 3)
		return 0;
	memcpy(mon, line + f[4].off, 3);
	if (!ll_month_from_abbrev(mon) || !digits_field(&c, &f[5], 0, 0) ||
	    !shaped_field(&c, &f[6], "dd:dd:dd", 1) || !ds_cur_field(&c, &f[7], 0) ||
	    !ds_split_program(&c, &f[8], &f[9], &f[10]))
		return 0;
	*label = f[0];
	return 1;
}

LOGHUB_READER(thunderbird, "Thunderbird supercomputer log (loghub); first token is the alert label", 92,
	      "<Label> <Timestamp> <Date> <User> <Month> <Day> <Time> <Location> <Component>[<PID>]: <Content>",
	      NULL);

/* ---- HDFS: "081109 203615 148 INFO dfs.DataNode$PacketResponder: text" ---- */

static const char *const hdfs_names[] = {"Date", "Time", "Pid", "Level", "Component", "Content", "Timestamp"};
static const enum ll_coltype hdfs_types[] = {T, T, N, T, T, T, TM};
enum { hdfs_MSG = 5 };

static int hdfs_split(const char *line, size_t len, struct ds_span *f, struct ds_span *label)
{
	(void)label;
	struct ds_cur c;
	ds_cur_init(&c, line, len);
	if (!shaped_field(&c, &f[0], "dddddd", 1) || !shaped_field(&c, &f[1], "dddddd", 1) ||
	    !digits_field(&c, &f[2], 0, 0) || !level_field(&c, &f[3], 0) || !colon_split(&c, &f[4], &f[5]))
		return 0;
	join(&f[6], &f[0], &f[1]);
	return 1;
}

/* "081109 203615": yymmdd hhmmss, years 20yy. */
static int hdfs_time(const char *s, size_t n, int default_year, double *out)
{
	(void)default_year;
	if (n != 13 || !shape(s, n, "dddddd dddddd"))
		return 0;
#define D2(i) ((s[i] - '0') * 10 + (s[(i) + 1] - '0'))
	int mo = D2(2), d = D2(4), h = D2(7), mi = D2(9), se = D2(11);
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return 0;
	*out = ll_time_from_civil(2000 + D2(0), mo, d, h, mi, se);
	return 1;
}

LOGHUB_READER(hdfs, "Hadoop HDFS log (loghub): yymmdd hhmmss pid level component: text", 90,
	      "<Date> <Time> <Pid> <Level> <Component>: <Content>", hdfs_time);

/* ---- Hadoop: "2015-10-18 18:01:47,978 INFO [main] org.apache...MRAppMaster: text" ---- */

static const char *const hadoop_names[] = {"Date",      "Time",    "Level",    "Process",
					   "Component", "Content", "Timestamp"};
static const enum ll_coltype hadoop_types[] = {T, T, T, T, T, T, TM};
enum { hadoop_MSG = 5 };

static int hadoop_split(const char *line, size_t len, struct ds_span *f, struct ds_span *label)
{
	(void)label;
	struct ds_cur c;
	ds_cur_init(&c, line, len);
	if (!shaped_field(&c, &f[0], "dddd-dd-dd", 1) || !shaped_field(&c, &f[1], "dd:dd:dd", 0) ||
	    !level_field(&c, &f[2], 0) || !ds_cur_char(&c, '[') || !until_close(&c, ']', &f[3]) ||
	    !colon_split(&c, &f[4], &f[5]))
		return 0;
	join(&f[6], &f[0], &f[1]);
	return 1;
}

LOGHUB_READER(hadoop, "Hadoop MapReduce log (loghub): date time level [process] component: text", 90,
	      "<Date> <Time> <Level> [<Process>] <Component>: <Content>", NULL);

/* ---- Spark: "17/06/09 20:10:40 INFO spark.SecurityManager: text" ---- */

static const char *const spark_names[] = {"Date", "Time", "Level", "Component", "Content", "Timestamp"};
static const enum ll_coltype spark_types[] = {T, T, T, T, T, TM};
enum { spark_MSG = 4 };

static int spark_split(const char *line, size_t len, struct ds_span *f, struct ds_span *label)
{
	(void)label;
	struct ds_cur c;
	ds_cur_init(&c, line, len);
	if (!shaped_field(&c, &f[0], "dd/dd/dd", 1) || !shaped_field(&c, &f[1], "dd:dd:dd", 1) ||
	    !level_field(&c, &f[2], 0) || !colon_split(&c, &f[3], &f[4]))
		return 0;
	join(&f[5], &f[0], &f[1]);
	return 1;
}

/* "17/06/09 20:10:40": yy/mm/dd, years 20yy. */
static int spark_time(const char *s, size_t n, int default_year, double *out)
{
	(void)default_year;
	if (n != 17 || !shape(s, n, "dd/dd/dd dd:dd:dd"))
		return 0;
	int mo = D2(3), d = D2(6), h = D2(9), mi = D2(12), se = D2(15);
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return 0;
	*out = ll_time_from_civil(2000 + D2(0), mo, d, h, mi, se);
	return 1;
#undef D2
}

LOGHUB_READER(spark, "Spark log (loghub): yy/mm/dd time level component: text", 90,
	      "<Date> <Time> <Level> <Component>: <Content>", spark_time);

/* ---- Zookeeper: "2015-07-29 17:41:44,747 - INFO  [node:component@id] - text" ---- */

static const char *const zookeeper_names[] = {"Date",      "Time", "Level",   "Node",
					      "Component", "Id",   "Content", "Timestamp"};
static const enum ll_coltype zookeeper_types[] = {T, T, T, T, T, N, T, TM};
enum { zookeeper_MSG = 6 };

static int zookeeper_split(const char *line, size_t len, struct ds_span *f, struct ds_span *label)
{
	(void)label;
	struct ds_cur c;
	ds_cur_init(&c, line, len);
	if (!shaped_field(&c, &f[0], "dddd-dd-dd", 1) || !shaped_field(&c, &f[1], "dd:dd:dd", 0) ||
	    !ds_cur_char(&c, '-') || !ds_cur_blanks(&c) || !level_field(&c, &f[2], 0) ||
	    !ds_cur_char(&c, '['))
		return 0;
	const char *s = c.s;
	size_t colon = c.i;
	while (colon < c.n && s[colon] != ':')
		colon++;
	size_t at = colon;
	while (at < c.n && s[at] != '@')
		at++;
	if (at >= c.n)
		return 0;
	/* The id ends at the first "]" followed by blanks, '-' and blanks (or the end). */
	for (size_t k = at + 1; k < c.n; k++) {
		if (s[k] != ']')
			continue;
		struct ds_cur t = {s, k + 1, c.n};
		if (!ds_cur_blanks(&t) || !ds_cur_char(&t, '-'))
			continue;
		if (t.i < t.n && !ds_cur_blanks(&t))
			continue;
		f[3].off = c.i;
		f[3].len = colon - c.i;
		f[4].off = colon + 1;
		f[4].len = at - colon - 1;
		f[5].off = at + 1;
		f[5].len = k - at - 1;
		ds_cur_rest(&t, &f[6]);
		join(&f[7], &f[0], &f[1]);
		return 1;
	}
	return 0;
}

LOGHUB_READER(zookeeper, "ZooKeeper log (loghub): date time - level [node:component@id] - text", 90,
	      "<Date> <Time> - <Level> [<Node>:<Component>@<Id>] - <Content>", NULL);

/* ---- OpenStack: "nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO
 * nova.osapi_compute.wsgi.server [req-... - - -] text" ---- */

static const char *const openstack_names[] = {"Logrecord", "Date", "Time",    "Pid",      "Level",
					      "Component", "ADDR", "Content", "Timestamp"};
static const enum ll_coltype openstack_types[] = {T, T, T, N, T, T, T, T, TM};
enum { openstack_MSG = 7 };

static int openstack_split(const char *line, size_t len, struct ds_span *f, struct ds_span *label)
{
	(void)label;
	struct ds_cur c;
	ds_cur_init(&c, line, len);
	if (!ds_cur_field(&c, &f[0], 0) || !shaped_field(&c, &f[1], "dddd-dd-dd", 1) ||
	    !shaped_field(&c, &f[2], "dd:dd:dd", 0) || !digits_field(&c, &f[3], 0, 0) ||
	    !level_field(&c, &f[4], 0))
		return 0;
	/* The component ends at the first blank run followed by '['. */
	const char *s = c.s;
	for (size_t k = c.i + 1; k < c.n; k++) {
		if (s[k] != '[' || !ds_is_blank(s[k - 1]))
			continue;
		size_t e = k - 1;
		while (e > c.i && ds_is_blank(s[e - 1]))
			e--;
		f[5].off = c.i;
		f[5].len = e - c.i;
		struct ds_cur t = {s, k + 1, c.n};
		if (!until_close(&t, ']', &f[6]))
			return 0;
		ds_cur_rest(&t, &f[7]);
		join(&f[8], &f[1], &f[2]);
		return 1;
	}
	return 0;
}

LOGHUB_READER(openstack, "OpenStack nova log (loghub): file date time pid level component [request] text", 90,
	      "<Logrecord> <Date> <Time> <Pid> <Level> <Component> [<ADDR>] <Content>", NULL);

/* ---- HPC: "134681 node-246 unix.hw state_change.unavailable 1077804742 1 text" ---- */

static const char *const hpc_names[] = {"LogId", "Node", "Component", "State", "Time", "Flag", "Content"};
static const enum ll_coltype hpc_types[] = {N, T, T, T, TM, N, T};
enum { hpc_MSG = 6 };

static int hpc_split(const char *line, size_t len, struct ds_span *f, struct ds_span *label)
{
	(void)label;
	struct ds_cur c;
	ds_cur_init(&c, line, len);
	if (!digits_field(&c, &f[0], 0, 0) || !ds_cur_field(&c, &f[1], 0) || !ds_cur_field(&c, &f[2], 0) ||
	    !ds_cur_field(&c, &f[3], 0) || !digits_field(&c, &f[4], 0, 0) || f[4].len < 9 ||
	    !digits_field(&c, &f[5], 1, 1))
		return 0;
	ds_cur_rest(&c, &f[6]);
	return 1;
}

LOGHUB_READER(hpc, "HPC cluster log (loghub): id node component state epoch flag text", 85,
	      "<LogId> <Node> <Component> <State> <Time> <Flag> <Content>", NULL);
