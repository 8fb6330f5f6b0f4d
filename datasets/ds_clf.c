/*
 * ds_clf.c - web access logs in the NCSA Common and Combined Log Formats,
 * as Apache httpd, nginx, lighttpd, HAProxy's http mode, Caddy's "common"
 * output and most proxies and CDNs write them by default:
 *
 *     host ident user [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326 "referer" "agent"
 *
 * a documented format, not a system's. Read by the "log" reader, the
 * request, status and size were one message: a status (the first thing a
 * user triaging a web failure filters on) was not a column. Here each is
 * one, the request stays the message (its method, path and protocol also
 * get columns of their own), "-" is an empty cell, and what servers add
 * after the agent (nginx's forwarded-for, request times, upstreams) is kept
 * whole in "extra". Apache's vhost_combined puts "name:port" first: a line
 * whose fifth token opens the time gets it in "vhost". A client written as
 * a forwarded-for list ("10.0.0.2, 10.0.0.1") is one field (lead_token).
 */
#include "ds_textlog.h"

#include <string.h>

enum {
	F_VHOST,
	F_HOST,
	F_IDENT,
	F_USER,
	F_TIME,
	F_REQUEST,
	F_METHOD,
	F_PATH,
	F_PROTOCOL,
	F_STATUS,
	F_BYTES,
	F_REFERER,
	F_AGENT,
	F_EXTRA,
	NF
};

/* The remote host is the client: a fleet's "host" is the machine that
 * wrote a log, and a server's clients are not its hosts. */
static const char *const names[NF] = {"vhost",  "client", "ident",   "user",    "time",
				      "request", "method", "path",   "protocol", "status",
				      "bytes",   "referer", "agent", "extra"};
static const enum ll_coltype types[NF] = {LL_COL_TEXT, LL_COL_TEXT, LL_COL_TEXT, LL_COL_TEXT, LL_COL_TIME,
					  LL_COL_TEXT, LL_COL_TEXT, LL_COL_TEXT, LL_COL_TEXT, LL_COL_NUM,
					  LL_COL_NUM,  LL_COL_TEXT, LL_COL_TEXT, LL_COL_TEXT};

/* A span that is exactly "-" is no value. */
static void dash_is_none(const char *line, struct ds_span *sp)
{
	if (sp->len == 1 && line[sp->off] == '-')
		sp->len = 0;
}

/* A double-quoted string whose quotes are not part of the span; servers
 * escape a quote inside as \" (Apache) or \x22 (nginx). */
static int quoted(struct ds_cur *c, struct ds_span *sp)
{
	if (c->i >= c->n || c->s[c->i] != '"')
		return 0;
	size_t a = ++c->i;
	while (c->i < c->n && c->s[c->i] != '"')
		c->i += c->s[c->i] == '\\' && c->i + 1 < c->n ? 2 : 1;
	if (c->i >= c->n)
		return 0;
	sp->off = a;
	sp->len = c->i - a;
	c->i++;
	return 1;
}

/* The request's words: method, path, protocol (a probe's junk may be one
 * word, or none). */
static void request_words(const char *line, const struct ds_span *req, struct ds_span *f)
{
	struct ds_cur r;
	r.s = line;
	r.i = req->off;
	r.n = req->off + req->len;
	const int words[3] = {F_METHOD, F_PATH, F_PROTOCOL};
	for (int k = 0; k < 3; k++) {
		while (r.i < r.n && ds_is_blank(r.s[r.i]))
			r.i++;
		if (r.i >= r.n || !ds_cur_token(&r, &f[words[k]]))
			return;
	}
}

/* The status: three digits, or "-" (a request the server never answered) */
static int status_token(const char *line, const struct ds_span *sp)
{
	if (sp->len == 1 && line[sp->off] == '-')
		return 1;
	return sp->len == 3 && ds_is_digit(line[sp->off]) && ds_is_digit(line[sp->off + 1]) &&
	       ds_is_digit(line[sp->off + 2]);
}

static int bytes_token(const char *line, const struct ds_span *sp)
{
	if (sp->len == 1 && line[sp->off] == '-')
		return 1;
	for (size_t k = 0; k < sp->len; k++)
		if (!ds_is_digit(line[sp->off + k]))
			return 0;
	return sp->len > 0;
}

/* One of the fields before the time: a word, or a list of addresses each
 * but the last ended by a comma ("10.0.0.2, 10.0.0.1, 127.0.0.1", nginx's
 * $http_x_forwarded_for or $proxy_add_x_forwarded_for logged where the
 * client goes): one field, the client's, its hops in the order they
 * came. */
static int lead_token(struct ds_cur *c, struct ds_span *sp)
{
	if (!ds_cur_token(c, sp))
		return 0;
	while (sp->len > 1 && c->s[sp->off + sp->len - 1] == ',') {
		struct ds_cur at = *c;
		struct ds_span next;
		if (!ds_cur_blanks(&at) || at.i >= at.n || at.s[at.i] == '[' || !ds_cur_token(&at, &next))
			break;
		*c = at;
		sp->len = next.off + next.len - sp->off;
	}
	return 1;
}

static int clf_split(const char *line, size_t len, struct ds_span *f, struct ds_span *label)
{
	(void)label;
	memset(f, 0, NF * sizeof *f);
	struct ds_cur c;
	ds_cur_init(&c, line, len);
	/* host ident user, or vhost host ident user, then '[' */
	struct ds_span tok[4];
	int k = 0;
	while (k < 4 && c.i < c.n && c.s[c.i] != '[') {
		if (!lead_token(&c, &tok[k]) || !ds_cur_blanks(&c))
			return 0;
		k++;
	}
	if (k < 3 || c.i >= c.n || c.s[c.i] != '[')
		return 0;
	int v = k == 4;
	if (v)
		f[F_VHOST] = tok[0];
	f[F_HOST] = tok[v];
	f[F_IDENT] = tok[v + 1];
	f[F_USER] = tok[v + 2];
	/* [dd/Mon/yyyy:HH:MM:SS zone] */
	size_t a = ++c.i;
	while (c.i < c.n && c.s[c.i] != ']')
		c.i++;
	if (c.i >= c.n || c.i - a < 20 || !ds_is_digit(line[a]))
		return 0;
	f[F_TIME].off = a;
	f[F_TIME].len = c.i - a;
	c.i++;
	if (!ds_cur_blanks(&c) || !quoted(&c, &f[F_REQUEST]) || !ds_cur_blanks(&c))
		return 0;
	if (!ds_cur_token(&c, &f[F_STATUS]) || !status_token(line, &f[F_STATUS]))
		return 0;
	int more = ds_cur_blanks(&c);
	if (!more && c.i < c.n)
		return 0;
	if (more && !ds_cur_token(&c, &f[F_BYTES]))
		return 0;
	if (more && !bytes_token(line, &f[F_BYTES]))
		return 0;
	request_words(line, &f[F_REQUEST], f);
	/* combined: "referer" "agent"; then whatever the server adds */
	if (ds_cur_blanks(&c)) {
		struct ds_cur at = c;
		if (quoted(&c, &f[F_REFERER]) && ds_cur_blanks(&c) && quoted(&c, &f[F_AGENT])) {
			if (ds_cur_blanks(&c))
				ds_cur_rest(&c, &f[F_EXTRA]);
			else if (c.i < c.n)
				return 0;
		} else {
			memset(&f[F_REFERER], 0, 2 * sizeof *f);
			c = at;
			ds_cur_rest(&c, &f[F_EXTRA]);
		}
	} else if (c.i < c.n) {
		return 0;
	}
	for (int i = 0; i < NF; i++)
		if (i != F_REQUEST && i != F_EXTRA)
			dash_is_none(line, &f[i]);
	return 1;
}

static const struct ds_line_format clf_format = {
	.nfields = NF,
	.names = names,
	.types = types,
	.message_field = F_REQUEST,
	.split = clf_split,
	.header = "<host> <ident> <user> [<time>] \"<request>\" <status> <bytes> \"<referer>\" \"<agent>\" <extra>",
};

static int clf_sniff(const char *path, const char *head, size_t n)
{
	return ds_sniff_score(path, head, n, &clf_format, 88);
}

static int clf_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		    struct ll_err *err)
{
	return ds_lines_load(src, opts, &clf_format, "clf", out, err);
}

const struct ds_reader ds_reader_clf = {.name = "clf",
					.summary = "web access log, NCSA Common/Combined (Apache, nginx...): client ident "
						   "user [time] \"request\" status bytes \"referer\" \"agent\"",
					.sniff = clf_sniff,
					.load = clf_load,
					.line = &clf_format};
