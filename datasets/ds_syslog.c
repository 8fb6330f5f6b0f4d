/*
 * ds_syslog.c - syslog and kern.log lines.
 *
 * Two timestamp forms: RFC 3164's "Mmm dd HH:MM:SS" (no year: the
 * loader supplies one) and the RFC 3339 stamp rsyslog writes
 * ("2024-01-05T10:00:00.123456+00:00"). Then an optional BSD priority
 * ("<4.3>", "<auth.info>"), the host (absent when the next word already is
 * "program[pid]:"), and "program[pid]: message" split the way loghub's
 * Linux and OpenSSH parsers do, so their structured CSVs are reproduced,
 * but for two shapes those logs do not have: a pid closed by "] " with the
 * program's colon further on (ProFTPD, pid_before_text) and a level where
 * host and program go (Dovecot's own log, level_name).
 * A kern.log "[12345.678901]" uptime stays at the start of the message.
 * A priority "<34>" before the clock (what a network syslog receiver
 * writes) is skipped.
 *
 * RFC 5424 lines ("<34>1 2024-01-05T10:00:00.123Z host app 1234 ID47
 * [sd...] message") are a reader of their own, "rfc5424": after the
 * priority comes a version number, then time, host, application, process
 * id and message id, each "-" when absent, then the structured data ("-"
 * or "[id key="value" ...]" elements), then the message. The <pri> may be
 * missing (a relay or a file template that drops it) where the version is 1
 * and a full RFC 3339 stamp follows.
 */
#include "ds_jsonmsg.h"
#include "ds_header.h"
#include "ds_source.h"
#include "ds_textlog.h"
#include "ll_time.h"

#include <string.h>
#include <strings.h>

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

/* A level's name in any case ("Info", "warning", "Error"), which no
 * program is called. */
static int level_name(const char *s, size_t n)
{
	static const char *const levels[] = {"trace", "debug", "info", "notice", "warn", "warning", "error",
					     "err", "fatal", "panic", "crit", "critical", "alert", "emerg", NULL};
	for (const char *const *l = levels; *l; l++)
		if (strlen(*l) == n && strncasecmp(*l, s, n) == 0)
			return 1;
	return 0;
}

/* Letters, digits and . - _ : % (a name, an IPv4 or IPv6 address). */
static int host_name(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!(ds_is_digit(ch) || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '.' || ch == '-' ||
		      ch == '_' || ch == ':' || ch == '%'))
			return 0;
	}
	return n > 0;
}

/* A program's pid closed by "] " rather than "]:", the ':' that ends the
 * program further on: ProFTPD writes the server and the client before it
 * ("proftpd[25530] ftp.example.net (10.0.0.5[10.0.0.5]): FTP session
 * opened."). When the program split at that ':' (ds_split_program) holds
 * a word, a '[', digits and "] " at its start, the word is the program,
 * the digits its pid, and the text after them up to the line's end, end,
 * the message. */
static void pid_before_text(const char *line, size_t end, struct ds_span *prog, struct ds_span *pid,
			    struct ds_span *msg)
{
	size_t b = prog->off, stop = prog->off + prog->len;
	while (b < stop && line[b] != '[' && !ds_is_blank(line[b]))
		b++;
	if (pid->len || b == prog->off || b >= stop || line[b] != '[')
		return;
	size_t d = b + 1;
	while (d < stop && ds_is_digit(line[d]))
		d++;
	if (d == b + 1 || d + 1 >= stop || line[d] != ']' || !ds_is_blank(line[d + 1]))
		return;
	size_t m = d + 1;
	while (m < end && ds_is_blank(line[m]))
		m++;
	pid->off = b + 1;
	pid->len = d - b - 1;
	prog->len = b - prog->off;
	msg->off = m;
	msg->len = end - m;
}

/* An IPv4 or IPv6 address: hex digits, dots and colons, with a dot or two
 * colons. */
static int address_word(const char *s, size_t n)
{
	size_t dots = 0, colons = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == '.')
			dots++;
		else if (ch == ':')
			colons++;
		else if (!ds_is_digit(ch) && !((ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F')))
			return 0;
	}
	return n && (colons >= 2 || (dots == 3 && ds_is_digit(s[0])));
}

/* A tag as RFC 3164 has it: one word of letters, digits and . - _ / */
static int tag_word(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!(ds_is_digit(ch) || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '.' || ch == '-' ||
		      ch == '_' || ch == '/'))
			return 0;
	}
	return n > 0;
}

/* A program of several words: what a relay or a device writes between
 * the host and the tag, which RFC 3164 makes one word ("infoblox
 * 10.0.0.1 dhcpd[7024]:" names a second address, "FW01 SERIAL
 * (2024-05-10T09:49:05) firewall[10]:" a serial and the device's clock,
 * "(FPC Slot 1, PIC Slot 1) PFE_FW_SYSLOG_IP:" a slot). The program is
 * its last word when the words before it are an address or end with a
 * parenthesised group standing apart; names with blanks of their own ("Google Chrome
 * Helper[311]:" of macOS) have neither and stay whole. The words left
 * out stay in the row's line. */
static void last_word_program(const char *line, struct ds_span *prog)
{
	const char *s = line + prog->off;
	size_t n = prog->len, b = n;
	while (b && !ds_is_blank(s[b - 1]))
		b--;
	if (b == 0 || b == n || !tag_word(s + b, n - b))
		return;
	size_t e = b;
	while (e && ds_is_blank(s[e - 1]))
		e--;
	/* the group stands apart: a '(' glued to a word ("test(pam_unix)")
	 * is that word's, the tag's own */
	int lead = 0;
	if (s[e - 1] == ')')
		for (size_t k = e - 1; k-- > 0;)
			if (s[k] == '(') {
				lead = k == 0 || ds_is_blank(s[k - 1]);
				break;
			}
	if (!lead && !address_word(s, e))
		return;
	prog->off += b;
	prog->len = n - b;
}

static int rfc5424_in_syslog(const char *line, size_t len, struct ds_span *f);

static int syslog_split(const char *line, size_t len, struct ds_span *f, struct ds_span *label)
{
	(void)label;
	if (rfc5424_in_syslog(line, len, f))
		return 1;
	struct ds_cur c;
	ds_cur_init(&c, line, len);
	memset(f, 0, NF * sizeof *f);
	c.i += ds_pri_len(line + c.i, c.n - c.i);
	size_t end;
	int iso = 0;
	if (ds_syslog_clock(line + c.i, c.n - c.i, &end)) {
		f[F_TIME].off = c.i;
		f[F_TIME].len = end;
		c.i += end;
	} else if (!(iso = iso_stamp(&c, &f[F_TIME]))) {
		return 0;
	}
	if (c.i < c.n && !ds_is_blank(line[c.i]))
		return 0;
	/* a BSD stamp alone is a line whose message is empty; an RFC 3339
	 * stamp alone (a cell of "time,value" rows whose ",0" reads as a
	 * decimal comma) is no rsyslog line, which always names the host */
	if (!ds_cur_blanks(&c))
		return !iso;
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
		/* "unbound[25238:0] notice: ...": a program and its pid with no
		 * colon after them, no host (a host's name has no bracket); such
		 * a log is not syslog */
		if (memchr(line + tok.off, '[', tok.len) && line[tok.off + tok.len - 1] == ']')
			return 0;
		/* after an RFC 3339 stamp, which many logs start with, a host
		 * is a host name or address ("##[endgroup]" in a CI log is not) */
		if (iso && !host_name(line + tok.off, tok.len))
			return 0;
		f[F_HOST] = tok;
		c = peek;
		/* likewise a stamp and one more cell ("time<TAB>value") */
		if (!ds_cur_blanks(&c))
			return !iso;
	}
	/* rsyslog's RFC 3339 lines always name the host; "with:" alone
	 * after such a stamp is another log's text */
	if (iso && !f[F_HOST].len)
		return 0;
	/* a CEF or LEEF event right after the host has no program: the log
	 * reader's inferred header reads its fields (ds_header_cef) */
	if (ds_header_cef(line + c.i, c.n - c.i, NULL))
		return 0;
	struct ds_cur before = c;
	/* a JSON object right after the host is a record, not a program
	 * ("{\"method\"" before its first colon): Fluentd's files write "time
	 * TAB tag TAB record" */
	int prog = line[c.i] != '{' && ds_split_program(&c, &f[F_PROGRAM], &f[F_PID], &f[F_MESSAGE]);
	if (prog) {
		pid_before_text(line, c.n, &f[F_PROGRAM], &f[F_PID], &f[F_MESSAGE]);
		last_word_program(line, &f[F_PROGRAM]);
	}
	/* a level right after the time, no host and no program ("Jun 23
	 * 15:04:05 Info: imap-login: Login: ..." of Dovecot's own log file):
	 * no program has a level's name, the level opens the message (and a
	 * file of such lines is no syslog, syslog_sniff) */
	if (prog && !f[F_HOST].len && !f[F_PID].len && level_name(line + f[F_PROGRAM].off, f[F_PROGRAM].len)) {
		f[F_MESSAGE].off = f[F_PROGRAM].off;
		f[F_MESSAGE].len = c.n - f[F_PROGRAM].off;
		f[F_PROGRAM].len = 0;
	}
	/* ... and a program of one word: "12 [System] [MY-010931] [Server]
	 * ... on IP:" is MySQL's, no host and program */
	if (prog && iso && memchr(line + f[F_PROGRAM].off, ' ', f[F_PROGRAM].len))
		return 0;
	if (!prog) {
		/* an RFC 3339 stamp starts many logs that are not syslog
		 * (containerd's "... stdout F msg", MySQL's "... 0 [Note]"): it
		 * is syslog when a program follows the host */
		if (iso)
			return 0;
		f[F_PROGRAM].len = 0;
		ds_cur_rest(&before, &f[F_MESSAGE]);
	}
	return 1;
}

const struct ds_line_format ds_syslog_format = {
	.nfields = NF, .names = names, .types = types, .message_field = F_MESSAGE, .split = syslog_split,
	.header = "<time> <host> <program>[<pid>]: <message>",
};

/* 1 when a syslog line's split f has neither host nor program and its
 * message opens with a level's name and a colon (syslog_split). */
static int level_first(const char *line, const struct ds_span *f)
{
	if (f[F_HOST].len || f[F_PROGRAM].len || !f[F_MESSAGE].len)
		return 0;
	const char *m = line + f[F_MESSAGE].off;
	const char *colon = memchr(m, ':', f[F_MESSAGE].len);
	return colon && level_name(m, (size_t)(colon - m));
}

static int syslog_sniff(const char *path, const char *head, size_t n)
{
	/* a file whose lines mostly write a level where the host and the
	 * program go is another daemon's own log (Dovecot's log_path file),
	 * which the log format reads with its level */
	size_t pos = 0, len, fit = 0, level = 0, rfc5424 = 0;
	const char *line;
	struct ds_span f[NF], label;
	while (fit < 64 && ds_source_next_line(head, n, &pos, &line, &len))
		if (syslog_split(line, len, f, &label)) {
			fit++;
			level += level_first(line, f);
			rfc5424 += rfc5424_in_syslog(line, len, f);
		}
	if (fit && level * 2 >= fit)
		return 0;
	/* a file mostly of RFC 5424 lines is the rfc5424 reader's, which
	 * keeps their message ids and structured data in columns */
	if (fit && rfc5424 * 2 >= fit)
		return 0;
	return ds_sniff_score(path, head, n, &ds_syslog_format, 80);
}

static int syslog_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		       struct ll_err *err)
{
	return ds_lines_load_bound(src, opts, ds_reader_syslog.bind, "syslog", out, err);
}

static const struct ds_reader *syslog_bind(const char *sample, size_t n, const struct ds_open_opts *opts,
					   struct ll_err *err)
{
	(void)opts;
	return ds_jsonmsg_bind(&ds_reader_syslog, sample, n, syslog_load, err);
}

const struct ds_reader ds_reader_syslog = {.name = "syslog",
					   .summary = "syslog / kern.log: time, host, program[pid]: message",
					   .sniff = syslog_sniff,
					   .load = syslog_load,
					   .line = &ds_syslog_format,
					   .bind = syslog_bind};

/* ---- RFC 5424 ---- */

enum { R_TIME, R_HOST, R_PROGRAM, R_PID, R_MSGID, R_SD, R_MESSAGE, RNF };

static const char *const rnames[RNF] = {"time", "host", "program", "pid", "msgid", "sd", "message"};
static const enum ll_coltype rtypes[RNF] = {LL_COL_TIME, LL_COL_TEXT, LL_COL_TEXT, LL_COL_TEXT,
					    LL_COL_TEXT, LL_COL_TEXT, LL_COL_TEXT};

/* The structured data at c: "-", or "[...]" elements one after another,
 * where a ']' inside a quoted value (escaped or not) does not close one.
 * Its span into *sp (empty for "-"); 0 when neither. */
static int structured_data(struct ds_cur *c, struct ds_span *sp)
{
	const char *s = c->s;
	sp->off = c->i;
	sp->len = 0;
	if (s[c->i] == '-' && (c->i + 1 == c->n || ds_is_blank(s[c->i + 1]))) {
		c->i++;
		return 1;
	}
	size_t i = c->i;
	while (i < c->n && s[i] == '[') {
		int quoted = 0;
		for (i++; i < c->n; i++) {
			if (quoted && s[i] == '\\' && i + 1 < c->n)
				i++;
			else if (s[i] == '"')
				quoted = !quoted;
			else if (!quoted && s[i] == ']')
				break;
		}
		if (i >= c->n)
			return 0;
		i++;
	}
	if (i == c->i || (i < c->n && !ds_is_blank(s[i])))
		return 0;
	sp->len = i - c->i;
	c->i = i;
	return 1;
}

static int rfc5424_split(const char *line, size_t len, struct ds_span *f, struct ds_span *label)
{
	(void)label;
	struct ds_cur c;
	ds_cur_init(&c, line, len);
	memset(f, 0, RNF * sizeof *f);
	size_t p = ds_pri_len(line + c.i, c.n - c.i), v;
	c.i += p;
	for (v = c.i; c.i < c.n && ds_is_digit(line[c.i]) && c.i - v < 2; c.i++)
		;
	size_t digits = c.i - v;
	if (!digits || !ds_cur_blanks(&c))
		return 0;
	/* A file of these lines without the <pri> (a relay or a file
	 * template that drops it) is the same shape once the version is 1
	 * and a full RFC 3339 stamp follows: a line that merely starts with
	 * a number and a date is not taken. */
	if (!p && !(digits == 1 && line[v] == '1' && c.i - v == 2 && c.n - c.i > 20 && line[c.i + 10] == 'T' &&
		    ds_is_digit(line[c.i]) && line[c.i + 4] == '-'))
		return 0;
	/* time, host, application, process id, message id: "-" is none */
	for (int k = R_TIME; k <= R_MSGID; k++) {
		struct ds_span tok;
		if (k > R_TIME && !ds_cur_blanks(&c))
			return 0;
		if (!ds_cur_token(&c, &tok))
			return 0;
		if (tok.len == 1 && line[tok.off] == '-')
			continue;
		double t;
		if (k == R_TIME && !ll_time_parse(line + tok.off, tok.len, &t))
			return 0;
		f[k] = tok;
	}
	if (!ds_cur_blanks(&c) || !structured_data(&c, &f[R_SD]))
		return c.i == c.n;
	if (ds_cur_blanks(&c)) {
		/* the message may start with a UTF-8 byte order mark */
		if (c.n - c.i >= 3 && memcmp(line + c.i, "\xEF\xBB\xBF", 3) == 0)
			c.i += 3;
		ds_cur_rest(&c, &f[R_MESSAGE]);
	}
	return 1;
}

/* An RFC 5424 line among BSD lines (a relay or a firewall that forwards
 * both kinds into one file): its time, host, application, process id
 * (when a number) and message in the syslog columns, so that it is a row
 * of its own, not a continuation of the line above. Only with its <pri>,
 * which no BSD line follows with a version and an RFC 3339 stamp. */
static int rfc5424_in_syslog(const char *line, size_t len, struct ds_span *f)
{
	struct ds_span r[RNF], label;
	if (!ds_pri_len(line, len) || !rfc5424_split(line, len, r, &label))
		return 0;
	memset(f, 0, NF * sizeof *f);
	f[F_TIME] = r[R_TIME];
	f[F_HOST] = r[R_HOST];
	f[F_PROGRAM] = r[R_PROGRAM];
	size_t k = 0;
	while (k < r[R_PID].len && ds_is_digit(line[r[R_PID].off + k]))
		k++;
	if (k && k == r[R_PID].len)
		f[F_PID] = r[R_PID];
	f[F_MESSAGE] = r[R_MESSAGE];
	return 1;
}

static const struct ds_line_format rfc5424_format = {
	.nfields = RNF, .names = rnames, .types = rtypes, .message_field = R_MESSAGE, .split = rfc5424_split,
	.header = "<pri>1 <time> <host> <program> <pid> <msgid> <sd> <message>",
};

static int rfc5424_sniff(const char *path, const char *head, size_t n)
{
	return ds_sniff_score(path, head, n, &rfc5424_format, 85);
}

static int rfc5424_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
			struct ll_err *err)
{
	return ds_lines_load_bound(src, opts, ds_reader_rfc5424.bind, "rfc5424", out, err);
}

static const struct ds_reader *rfc5424_bind(const char *sample, size_t n, const struct ds_open_opts *opts,
					    struct ll_err *err)
{
	(void)opts;
	return ds_jsonmsg_bind(&ds_reader_rfc5424, sample, n, rfc5424_load, err);
}

const struct ds_reader ds_reader_rfc5424 = {.name = "rfc5424",
					    .summary = "RFC 5424 syslog: <pri>1 time host app procid msgid [sd] message",
					    .sniff = rfc5424_sniff,
					    .load = rfc5424_load,
					    .line = &rfc5424_format,
					    .bind = rfc5424_bind};
