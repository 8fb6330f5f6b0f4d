/*
 * ds_fail2ban.c - fail2ban's filter test logs.
 *
 * In these files a comment `# failJSON: { ..., "match": true, ... }` says
 * whether the next log line is an attack or authentication failure. Rows
 * are the log lines only; comments and blank lines are skipped. A line is
 * labelled "failure" when the failJSON before it has "match": true and
 * "normal" otherwise, including lines no failJSON precedes (blank lines and
 * other comments in between do not cancel a pending failJSON, as in
 * fail2ban's own test runner). Syslog-shaped lines also get time, host,
 * program and pid. A malformed failJSON gets a note naming file and line.
 */
#include "ds_textlog.h"

#include <cjson/cJSON.h>
#include <string.h>

/* Individual notes about bad failJSON comments before they are summarised. */
#define MAX_BAD_NOTES 10

struct f2b {
	const char *path;
	int normal, failure; /* class ids, -1 until the first line */
	int pending;         /* class for the next log line */
	size_t bad;
};

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* The class a failJSON payload asks for; notes a malformed one. */
static int failjson_class(struct f2b *st, struct ll_table *t, const char *json, size_t n, size_t lineno)
{
	const char *problem = NULL;
	int cls = st->normal;
	cJSON *j = cJSON_ParseWithLength(json, n);
	if (!j) {
		problem = "is not valid JSON";
	} else {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "match");
		if (!cJSON_IsBool(m))
			problem = "has no boolean \"match\"";
		else if (cJSON_IsTrue(m))
			cls = st->failure;
		cJSON_Delete(j);
	}
	if (problem) {
		st->bad++;
		int rc = LL_OK;
		if (st->bad <= MAX_BAD_NOTES)
			rc = ll_table_note(t, "%s:%zu: failJSON comment %s; the next line counts as normal",
					   base_name(st->path), lineno, problem);
		else if (st->bad == MAX_BAD_NOTES + 1)
			rc = ll_table_note(
			    t, "%s: more malformed failJSON comments after line %zu are not listed",
			    base_name(st->path), lineno);
		if (rc != LL_OK)
			return rc;
	}
	return cls;
}

static int f2b_line(void *ctx, struct ll_table *t, const char *line, size_t len, size_t lineno, int *cls,
		    struct ll_err *err)
{
	struct f2b *st = ctx;
	if (st->normal < 0) {
		st->normal = ll_table_class_id(t, "normal", 6);
		st->failure = ll_table_class_id(t, "failure", 7);
		if (st->normal < 0 || st->failure < 0)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", st->path);
		st->pending = st->normal;
	}
	size_t k = 0;
	while (k < len && ds_is_blank(line[k]))
		k++;
	if (k == len)
		return 0;
	if (line[0] == '#') {
		size_t i = 1;
		while (i < len && ds_is_blank(line[i]))
			i++;
		static const char key[] = "failJSON:";
		if (len - i >= sizeof key - 1 && memcmp(line + i, key, sizeof key - 1) == 0) {
			i += sizeof key - 1;
			int c = failjson_class(st, t, line + i, len - i, lineno);
			if (c < 0)
				return ll_err_set(err, LL_ENOMEM, "%s:%zu: out of memory", st->path, lineno);
			st->pending = c;
		}
		return 0;
	}
	*cls = st->pending;
	st->pending = st->normal;
	return 1;
}

/* 1 when a line of head starts with a comment of fail2ban's test files:
 * "# failJSON:" (the next line's verdict) or "# addFILE:" (an include). */
static int directive_lines(const char *head, size_t n, const char *key, size_t klen)
{
	for (const char *p = head, *end = head + n; p < end;) {
		const char *hit = memmem(p, (size_t)(end - p), key, klen);
		if (!hit)
			return 0;
		const char *b = hit;
		while (b > head && ds_is_blank(b[-1]))
			b--;
		if (b > head && b[-1] == '#' && (b - 1 == head || b[-2] == '\n'))
			return 1;
		p = hit + 1;
	}
	return 0;
}

static int f2b_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	if (!n || !ds_looks_like_text(head, n))
		return 0;
	return directive_lines(head, n, "failJSON:", 9) || directive_lines(head, n, "addFILE:", 8) ? 95 : 0;
}

static int f2b_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		    struct ll_err *err)
{
	struct f2b st = {src->path, -1, -1, -1, 0};
	/* Lines of other daemons are not syslog-shaped: not worth a note. */
	return ds_lines_load_hooked(src, opts, &ds_syslog_format, "fail2ban", f2b_line, &st, 1, out, err);
}

const struct ds_reader ds_reader_fail2ban = {.name = "fail2ban",
					     .summary = "fail2ban test log: `# failJSON` comments label the next line",
					     .sniff = f2b_sniff,
					     .load = f2b_load,
					     .line = &ds_syslog_format};
