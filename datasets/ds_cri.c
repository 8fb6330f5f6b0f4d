/*
 * ds_cri.c - container logs as the Kubernetes CRI runtimes (containerd,
 * CRI-O) write them under /var/log/pods and /var/log/containers:
 *
 *     2024-01-05T10:00:00.123456789Z stdout F message
 *
 * an RFC 3339 stamp with nanoseconds, the stream (stdout or stderr), a
 * tag ("F" a full line, "P" a part of a line the runtime cut) and the
 * message. A documented format, not a system's: read as the "log" reader
 * would, the stream and the tag were the message's first words and split
 * every statement in two or four templates.
 */
#include "ds_jsonmsg.h"
#include "ds_textlog.h"
#include "ll_time.h"

#include <string.h>

enum { F_TIME, F_STREAM, F_TAG, F_MESSAGE, NF };

static const char *const names[NF] = {"time", "stream", "tag", "message"};
static const enum ll_coltype types[NF] = {LL_COL_TIME, LL_COL_TEXT, LL_COL_TEXT, LL_COL_TEXT};

static int cri_split(const char *line, size_t len, struct ds_span *f, struct ds_span *label)
{
	(void)label;
	struct ds_cur c;
	ds_cur_init(&c, line, len);
	memset(f, 0, NF * sizeof *f);
	double t;
	if (!ds_cur_token(&c, &f[F_TIME]) || f[F_TIME].len < 20 || line[f[F_TIME].off + 10] != 'T' ||
	    !ll_time_parse(line + f[F_TIME].off, f[F_TIME].len, &t) || !ds_cur_blanks(&c))
		return 0;
	if (!ds_cur_token(&c, &f[F_STREAM]))
		return 0;
	const char *s = line + f[F_STREAM].off;
	if (!(f[F_STREAM].len == 6 && (memcmp(s, "stdout", 6) == 0 || memcmp(s, "stderr", 6) == 0)))
		return 0;
	/* the tag: F or P, and in later runtimes more letters joined by ':' */
	if (!ds_cur_blanks(&c) || !ds_cur_token(&c, &f[F_TAG]))
		return 0;
	for (size_t k = 0; k < f[F_TAG].len; k++) {
		char ch = line[f[F_TAG].off + k];
		if (!((ch >= 'A' && ch <= 'Z') || ch == ':'))
			return 0;
	}
	if (ds_cur_blanks(&c))
		ds_cur_rest(&c, &f[F_MESSAGE]);
	else if (c.i < c.n)
		return 0;
	return 1;
}

static const struct ds_line_format cri_format = {
	.nfields = NF, .names = names, .types = types, .message_field = F_MESSAGE, .split = cri_split,
	.header = "<time> <stream> <tag> <message>",
};

static int cri_sniff(const char *path, const char *head, size_t n)
{
	return ds_sniff_score(path, head, n, &cri_format, 85);
}

static int cri_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		    struct ll_err *err)
{
	return ds_lines_load_bound(src, opts, ds_reader_cri.bind, "cri", out, err);
}

/* A program in a container often writes one JSON record per line. */
static const struct ds_reader *cri_bind(const char *sample, size_t n, const struct ds_open_opts *opts,
					struct ll_err *err)
{
	(void)opts;
	return ds_jsonmsg_bind(&ds_reader_cri, sample, n, cri_load, err);
}

const struct ds_reader ds_reader_cri = {.name = "cri",
					.summary = "Kubernetes container log (CRI): time stdout|stderr F|P message",
					.sniff = cri_sniff,
					.load = cri_load,
					.line = &cri_format,
					.bind = cri_bind};
