/*
 * ds_syslog.c - syslog and kern.log lines.
 *
 * Two timestamp forms: RFC 3164's "Mmm dd HH:MM:SS" (no year: the
 * loader supplies one) and the RFC 3339 stamp rsyslog writes
 * ("2024-01-05T10:00:00.123456+00:00"). Then an optional BSD priority
 * ("<4.3>", "<auth.info>"), the host (absent when the next word already is
 * "program[pid]:"), and "program[pid]: message" split the way loghub's
 * Linux and OpenSSH parsers do, so their structured CSVs are reproduced.
 * A kern.log "[12345.678901]" uptime stays at the start of the message.
 */
#include "ds_textlog.h"
#include "ll_time.h"

#include <string.h>

enum { F_TIME, F_HOST, F_PROGRAM, F_PID, F_MESSAGE, NF };

static const char *const names[NF] = {"time", "host", "program", "pid", "message"};
static const enum ll_coltype types[NF] = {LL_COL_TIME, LL_COL_TEXT, LL_COL_TEXT, LL_COL_NUM, LL_COL_TEXT};

/* An RFC 3339 stamp: date, 'T', clock, optional fraction and zone. */
static int iso_stamp(struct ds_cur *c, struct ds_span *sp)
{
	struct ds_cur save = *c;
	if (!ds_cur_token(c, sp))
		return 0;
	const char *s = c->s + sp->off;
	double v;
	if (sp->len < 19 || !ds_is_digit(s[0]) || s[4] != '-' || s[10] != 'T' ||
	    !ll_time_parse(s, sp->len, &v)) {
		*c = save;
		return 0;
	}
	return 1;
}

/* An upper-case level word, which no host is called. */
static int level_word(const char *s, size_t n)
{
	static const char *const levels[] = {"TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING",
					     "ERROR", "SEVERE", "FATAL", "CRITICAL", NULL};
	for (const char *const *l = levels; *l; l++)
		if (strlen(*l) == n && memcmp(*l, s, n) == 0)
			return 1;
	return 0;
}

static int syslog_split(const char *line, size_t len, struct ds_span *f, struct ds_span *label)
{
	(void)label;
	struct ds_cur c;
	ds_cur_init(&c, line, len);
	memset(f, 0, NF * sizeof *f);
	size_t end;
	if (ds_syslog_clock(line + c.i, c.n - c.i, &end)) {
		f[F_TIME].off = c.i;
		f[F_TIME].len = end;
		c.i += end;
	} else if (!iso_stamp(&c, &f[F_TIME])) {
		return 0;
	}
	if (c.i < c.n && !ds_is_blank(line[c.i]))
		return 0;
	if (!ds_cur_blanks(&c))
		return 1;
	struct ds_span tok;
	struct ds_cur peek = c;
	if (ds_cur_token(&peek, &tok) && line[tok.off] == '<' && line[tok.off + tok.len - 1] == '>') {
		c = peek;
		if (!ds_cur_blanks(&c))
			return 1;
	}
	peek = c;
	if (ds_cur_token(&peek, &tok) && line[tok.off + tok.len - 1] != ':') {
		/* "2024-01-05T10:00:00Z INFO [main] ...": a level, not a host;
		 * such a log is not syslog */
		if (level_word(line + tok.off, tok.len))
			return 0;
		f[F_HOST] = tok;
		c = peek;
		if (!ds_cur_blanks(&c))
			return 1;
	}
	struct ds_cur before = c;
	if (!ds_split_program(&c, &f[F_PROGRAM], &f[F_PID], &f[F_MESSAGE])) {
		f[F_PROGRAM].len = 0;
		ds_cur_rest(&before, &f[F_MESSAGE]);
	}
	return 1;
}

const struct ds_line_format ds_syslog_format = {
	.nfields = NF, .names = names, .types = types, .message_field = F_MESSAGE, .split = syslog_split,
	.header = "<time> <host> <program>[<pid>]: <message>",
};

static int syslog_sniff(const char *path, const char *head, size_t n)
{
	return ds_sniff_score(path, head, n, &ds_syslog_format, 80);
}

static int syslog_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		       struct ll_err *err)
{
	return ds_lines_load(src, opts, &ds_syslog_format, "syslog", out, err);
}

const struct ds_reader ds_reader_syslog = {.name = "syslog",
					   .summary = "syslog / kern.log: time, host, program[pid]: message",
					   .sniff = syslog_sniff,
					   .load = syslog_load,
					   .line = &ds_syslog_format};
