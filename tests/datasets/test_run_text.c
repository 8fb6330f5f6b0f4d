/*
 * test_run_text.c - ds_run_text_recipe: which runs read another file's
 * whole lines instead of its message field; ds_run_text_format: which read
 * a labelled copy by the label and their format's header.
 */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "ds_reader.h"
#include "ds_run_text.h"
#include "harness.h"

static char dir[512];

/* A file of lines made by line(i) for i < n, in dir; its path (static). */
static const char *put_lines(const char *name, int labelled, int plain)
{
	static char paths[4][1024];
	static int next;
	char *path = paths[next++ % 4];
	snprintf(path, 1024, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		exit(99);
	const char *words[] = {"disk", "array", "degraded", "link", "up", "timeout", "retry", "fan", "ok"};
	for (int i = 0; i < 40; i++) {
		if (labelled)
			fprintf(f, "%d\t", i % 7 == 0);
		if (plain)
			fprintf(f, "%s %s %s after %d tries\n", words[i % 9], words[(i * 5) % 9], words[(i * 7 + 1) % 9], i);
		else
			fprintf(f, "Mar  2 06:17:%02d host%d kernel: [%d.%03d] sd%d: %s %s\n", i % 60, i % 3, 1000 + i,
				i * 7 % 1000, i % 5, words[i % 9], words[(i * 5) % 9]);
	}
	if (fclose(f) != 0)
		exit(99);
	return path;
}

/* A klog-shaped log of day (0716, 0517), a "Response Body:" dumped after
 * its first record; body_first: then lines of the body's text at the
 * margin, with which the first 4 KiB alone read as plain lines: loading
 * infers the header from a larger sample. */
static const char *put_klog(const char *name, const char *day, int body_first)
{
	static char paths[2][1024];
	static int next;
	char *path = paths[next++ % 2];
	snprintf(path, 1024, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		exit(99);
	fprintf(f, "I%s 02:15:35.910651       1 round_trippers.go:553] GET https://172.18.0.5:6443/x 200 OK\n", day);
	fprintf(f, "I%s 02:15:35.910700       1 round_trippers.go:580] Response Body:\n", day);
	for (int r = 0; r < 4; r++)
		fprintf(f, "%08x  6b 38 73 00 0a 1f 0a 13  63 6f 6f 72 64 69 6e 61  |k8s.....coordina|\n", r * 16);
	for (int r = 0; body_first && r < 80; r++)
		fprintf(f, "containers %d use image registry.example/app-%d at v1.%d\n", r, r * 7, r % 9);
	for (int i = 0; i < 400; i++)
		fprintf(f, "%c%s 02:%02d:%02d.%06d       1 %s.go:%d] %s pod=default/app-%d\n", i % 9 ? 'I' : 'W', day,
			16 + i / 60, i % 60, i * 37 % 1000000, i % 2 ? "schedule_one" : "eventhandlers", 100 + i % 5,
			i % 3 ? "Attempting to schedule pod" : "Unable to schedule pod", i);
	if (fclose(f) != 0)
		exit(99);
	return path;
}

/* The reader path's first 4 KiB alone are detected as. */
static const struct ds_reader *detected_reader(const char *path)
{
	char head[4096];
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(head, 1, sizeof head, f) : 0;
	if (f)
		fclose(f);
	return ds_reader_detect(path, head, n);
}

static const char *detected(const char *path)
{
	return detected_reader(path)->name;
}

/* a run trained on train (read as format) with a text recipe */
static void text_run(struct ds_run *run, const char *train, const char *format, enum ll_text_kind kind)
{
	memset(run, 0, sizeof *run);
	ll_recipe_default(&run->recipe);
	run->recipe.text = kind;
	run->dataset_path = train;
	run->dataset_format = format;
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "run-text");
	const char *syslog = put_lines("kern.log", 0, 0);
	const char *labelled = put_lines("kern_labelled.tsv", 1, 0);
	const char *plain = put_lines("notes.txt", 0, 1);
	/* the syslog file as a gzip copy and as a fleet of one copy */
	char fleet_dir[600], glob[620], gz[600];
	snprintf(fleet_dir, sizeof fleet_dir, "%s/fleet", dir);
	mkdir(fleet_dir, 0777);
	put_lines("fleet/a.log", 0, 0);
	snprintf(glob, sizeof glob, "%s/*.log", fleet_dir);
	snprintf(gz, sizeof gz, "%s/kern.log.gz", dir);
	{
		char buf[8192];
		FILE *in = fopen(syslog, "rb");
		size_t n = in ? fread(buf, 1, sizeof buf, in) : 0;
		if (in)
			fclose(in);
		gzFile g = gzopen(gz, "wb");
		CHECK(g && gzwrite(g, buf, (unsigned)n) == (int)n);
		if (g)
			gzclose(g);
	}
	/* the premises: what each file is read as */
	CHECK_STR(detected(syslog), "syslog");
	CHECK_STR(detected(labelled), "labelled");
	CHECK_STR(detected(plain), "lines");

	struct ds_run run;
	struct ll_recipe out;
	/* trained on a labelled copy: whole lines; the syslog file's message
	 * field is part of a line, so its line column is read, the rest of
	 * the recipe as the run's */
	text_run(&run, labelled, NULL, LL_TEXT_TFIDF);
	run.recipe.n_features = 1024;
	memset(&out, 0, sizeof out);
	CHECK_INT(ds_run_text_recipe(&run, syslog, NULL, &out), 1);
	CHECK_STR(out.text_column, "line");
	CHECK_INT(out.text, LL_TEXT_TFIDF);
	CHECK_INT(out.n_features, 1024);
	CHECK_STR(run.recipe.text_column, ""); /* the run's own recipe is untouched */

	const struct {
		const char *trained, *trained_format;
		enum ll_text_kind kind;
		const char *column; /* the recipe's text.column */
		const char *scored, *scored_format;
		int want;
	} cases[] = {
		/* a format named for the scored file, or for the run's dataset;
		 * every kind of text features; plain lines are whole lines too */
		{labelled, NULL, LL_TEXT_TFIDF, "", syslog, "syslog", 1},
		{labelled, "labelled", LL_TEXT_HASH, "", syslog, NULL, 1},
		{labelled, NULL, LL_TEXT_W2V, "", syslog, NULL, 1},
		{plain, NULL, LL_TEXT_TFIDF, "", syslog, NULL, 1},
		/* a compressed copy is read as its text; a fleet in its first
		 * file's format */
		{labelled, NULL, LL_TEXT_TFIDF, "", gz, NULL, 1},
		{labelled, NULL, LL_TEXT_TFIDF, "", glob, NULL, 1},
		{labelled, NULL, LL_TEXT_TFIDF, "", fleet_dir, NULL, 1},
		/* the same kind of text: as it is */
		{labelled, NULL, LL_TEXT_TFIDF, "", labelled, NULL, 0},
		{labelled, NULL, LL_TEXT_TFIDF, "", plain, NULL, 0},
		{labelled, NULL, LL_TEXT_TFIDF, "", syslog, "labelled", 0},
		{syslog, NULL, LL_TEXT_TFIDF, "", syslog, NULL, 0},
		/* trained on messages: a labelled file has no message-only column */
		{syslog, NULL, LL_TEXT_TFIDF, "", labelled, NULL, 0},
		/* a text column named, or no text features: as written */
		{labelled, NULL, LL_TEXT_TFIDF, "message", syslog, NULL, 0},
		{labelled, NULL, LL_TEXT_NONE, "", syslog, NULL, 0},
		{labelled, NULL, LL_TEXT_TEMPLATES, "", syslog, NULL, 0},
		/* what cannot be looked at: as it is */
		{labelled, NULL, LL_TEXT_TFIDF, "", "https://example.invalid/kern.log", NULL, 0},
		{labelled, NULL, LL_TEXT_TFIDF, "", "-", NULL, 0},
		{labelled, NULL, LL_TEXT_TFIDF, "", "/nonexistent/kern.log", NULL, 0},
		{labelled, NULL, LL_TEXT_TFIDF, "", "/nonexistent/*.log", NULL, 0},
		{labelled, NULL, LL_TEXT_TFIDF, "", syslog, "no-such-format", 0},
		{"/nonexistent/train.tsv", NULL, LL_TEXT_TFIDF, "", syslog, NULL, 0},
		{NULL, NULL, LL_TEXT_TFIDF, "", syslog, NULL, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		text_run(&run, cases[i].trained, cases[i].trained_format, cases[i].kind);
		strcpy(run.recipe.text_column, cases[i].column);
		int got = ds_run_text_recipe(&run, cases[i].scored, cases[i].scored_format, &out);
		if (got != cases[i].want)
			fprintf(stderr, "case %zu: trained %s, scored %s\n", i, cases[i].trained ? cases[i].trained : "(none)",
				cases[i].scored);
		CHECK_INT(got, cases[i].want);
	}

	/* the reverse: trained on the syslog file's messages, a labelled copy
	 * is read as "<label?> " and syslog's header */
	char fmt[1024];
	const char *want = "log:<label?> <time> <host> <program>[<pid>]: <message>";
	text_run(&run, syslog, NULL, LL_TEXT_TFIDF);
	CHECK_INT(ds_run_text_format(&run, labelled, NULL, fmt, sizeof fmt), 1);
	CHECK_STR(fmt, want);
	CHECK_INT(ds_run_text_format(&run, labelled, "labelled", fmt, sizeof fmt), 1);
	/* too small a buffer, a text column, no text: as it is */
	CHECK_INT(ds_run_text_format(&run, labelled, NULL, fmt, 20), 0);
	strcpy(run.recipe.text_column, "message");
	CHECK_INT(ds_run_text_format(&run, labelled, NULL, fmt, sizeof fmt), 0);
	text_run(&run, syslog, NULL, LL_TEXT_NONE);
	CHECK_INT(ds_run_text_format(&run, labelled, NULL, fmt, sizeof fmt), 0);
	/* trained on whole lines, or scoring what is not a labelled copy */
	const struct {
		const char *trained, *scored;
	} no[] = {{labelled, labelled}, {plain, labelled}, {syslog, syslog}, {syslog, plain}, {syslog, "-"},
		  {syslog, "/nonexistent/x.tsv"}, {NULL, labelled}};
	for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
		text_run(&run, no[i].trained, NULL, LL_TEXT_TFIDF);
		CHECK_INT(ds_run_text_format(&run, no[i].scored, NULL, fmt, sizeof fmt), 0);
	}
	/* a labelled line that does not fit the pattern (another shape among
	 * the copy's lines): the copy is read as it is */
	{
		char odd[1024];
		snprintf(odd, sizeof odd, "%s/odd.tsv", dir);
		FILE *in = fopen(labelled, "rb"), *o = fopen(odd, "wb");
		char buf[8192];
		size_t n = in && o ? fread(buf, 1, sizeof buf, in) : 0;
		CHECK(o && fwrite(buf, 1, n, o) == n);
		if (o)
			fputs("1\tno header on this line at all\n", o);
		if (in)
			fclose(in);
		if (o)
			fclose(o);
		text_run(&run, syslog, NULL, LL_TEXT_TFIDF);
		CHECK_STR(detected(odd), "labelled");
		CHECK_INT(ds_run_text_format(&run, odd, NULL, fmt, sizeof fmt), 0);
	}

	/* a log whose first 4 KiB are continuation lines: judged by the
	 * reader loading uses, so a run of one day's messages reads another
	 * day's messages, not its whole lines (the klog level+date stamp) */
	{
		const char *day1 = put_klog("sched_a.log", "0716", 1), *day2 = put_klog("sched_b.log", "0517", 0);
		/* the premise: the head alone is plain lines, day 2's a log */
		const char *klog_header = "<level><time> <pid> <source>] <message>";
		CHECK_STR(detected(day1), "lines");
		const struct ds_reader *head2 = detected_reader(day2);
		CHECK(head2->line && strncmp(head2->line->header, klog_header, strlen(klog_header)) == 0);
		struct ll_err err;
		const struct ds_reader *r = ds_reader_of_file(day1, NULL, &err);
		CHECK(r && strcmp(r->name, "log") == 0 && r->line);
		if (r && r->line) {
			CHECK(strncmp(r->line->header, klog_header, strlen(klog_header)) == 0);
			CHECK_STR(r->line->names[r->line->message_field], "message");
		}
		r = ds_reader_of_file(day1, "lines", &err);
		CHECK(r && strcmp(r->name, "lines") == 0);
		CHECK(ds_reader_of_file(day1, "no-such-format", &err) == NULL);
		CHECK(strstr(err.msg, "no-such-format") != NULL);
		CHECK(ds_reader_of_file("/nonexistent/sched.log", NULL, &err) == NULL);
		text_run(&run, day1, NULL, LL_TEXT_TFIDF);
		CHECK_INT(ds_run_text_recipe(&run, day2, NULL, &out), 0);
		text_run(&run, labelled, NULL, LL_TEXT_TFIDF);
		CHECK_INT(ds_run_text_recipe(&run, day2, NULL, &out), 1);
	}

	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
