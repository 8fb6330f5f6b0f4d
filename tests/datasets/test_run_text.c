/*
 * test_run_text.c - ds_run_text_recipe: which runs read another file's
 * whole lines instead of its message field.
 */
#include <string.h>
#include <unistd.h>

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

static const char *detected(const char *path)
{
	char head[4096];
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(head, 1, sizeof head, f) : 0;
	if (f)
		fclose(f);
	return ds_reader_detect(path, head, n)->name;
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
	/* the premises: what each file is read as */
	CHECK_STR(detected(syslog), "syslog");
	CHECK_STR(detected(labelled), "labelled");
	CHECK_STR(detected(plain), "lines");

	struct ds_run run;
	struct ll_recipe out;
	/* trained on a labelled copy: whole lines; the syslog file's message
	 * field is part of a line, so its line column is read */
	text_run(&run, labelled, NULL, LL_TEXT_TFIDF);
	run.recipe.n_features = 1024;
	memset(&out, 0, sizeof out);
	CHECK_INT(ds_run_text_recipe(&run, syslog, NULL, &out), 1);
	CHECK_STR(out.text_column, "line");
	CHECK_INT(out.text, LL_TEXT_TFIDF);
	CHECK_INT(out.n_features, 1024);
	CHECK_STR(run.recipe.text_column, ""); /* the run's own recipe is untouched */
	/* a format named for the scored file, or for the run's dataset */
	CHECK_INT(ds_run_text_recipe(&run, syslog, "syslog", &out), 1);
	text_run(&run, labelled, "labelled", LL_TEXT_HASH);
	CHECK_INT(ds_run_text_recipe(&run, syslog, NULL, &out), 1);
	text_run(&run, labelled, NULL, LL_TEXT_W2V);
	CHECK_INT(ds_run_text_recipe(&run, syslog, NULL, &out), 1);
	/* plain lines are whole lines too */
	text_run(&run, plain, NULL, LL_TEXT_TFIDF);
	CHECK_INT(ds_run_text_recipe(&run, syslog, NULL, &out), 1);

	/* the same kind of text: as it is */
	text_run(&run, labelled, NULL, LL_TEXT_TFIDF);
	CHECK_INT(ds_run_text_recipe(&run, labelled, NULL, &out), 0);
	CHECK_INT(ds_run_text_recipe(&run, plain, NULL, &out), 0);
	CHECK_INT(ds_run_text_recipe(&run, syslog, "labelled", &out), 0);
	text_run(&run, syslog, NULL, LL_TEXT_TFIDF);
	CHECK_INT(ds_run_text_recipe(&run, syslog, NULL, &out), 0);
	/* trained on messages: a labelled file has no message-only column */
	CHECK_INT(ds_run_text_recipe(&run, labelled, NULL, &out), 0);

	/* a text column named, or no text features: as written */
	text_run(&run, labelled, NULL, LL_TEXT_TFIDF);
	strcpy(run.recipe.text_column, "message");
	CHECK_INT(ds_run_text_recipe(&run, syslog, NULL, &out), 0);
	text_run(&run, labelled, NULL, LL_TEXT_NONE);
	CHECK_INT(ds_run_text_recipe(&run, syslog, NULL, &out), 0);
	text_run(&run, labelled, NULL, LL_TEXT_TEMPLATES);
	CHECK_INT(ds_run_text_recipe(&run, syslog, NULL, &out), 0);

	/* what cannot be looked at: as it is */
	text_run(&run, labelled, NULL, LL_TEXT_TFIDF);
	CHECK_INT(ds_run_text_recipe(&run, "https://example.invalid/kern.log", NULL, &out), 0);
	CHECK_INT(ds_run_text_recipe(&run, "-", NULL, &out), 0);
	CHECK_INT(ds_run_text_recipe(&run, "/nonexistent/kern.log", NULL, &out), 0);
	CHECK_INT(ds_run_text_recipe(&run, syslog, "no-such-format", &out), 0);
	text_run(&run, "/nonexistent/train.tsv", NULL, LL_TEXT_TFIDF);
	CHECK_INT(ds_run_text_recipe(&run, syslog, NULL, &out), 0);
	text_run(&run, NULL, NULL, LL_TEXT_TFIDF);
	CHECK_INT(ds_run_text_recipe(&run, syslog, NULL, &out), 0);

	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
