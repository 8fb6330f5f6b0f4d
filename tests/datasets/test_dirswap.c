/*
 * test_dirswap.c - datasets/ds_dirswap.c: a staging folder made beside the
 * final one, committed over it (the old files gone, the new ones there,
 * nothing else left beside), committed where there was none, and
 * discarded (the old folder untouched); ds_remove_tree of a tree holding a
 * link (the link's target kept).
 */
#include "harness.h"

#include "ds_dirswap.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[512];

static void put(const char *folder, const char *name, const char *text)
{
	char p[1024];
	snprintf(p, sizeof p, "%s/%s", folder, name);
	FILE *f = fopen(p, "w");
	if (!f)
		exit(99);
	fputs(text, f);
	fclose(f);
}

static int has(const char *folder, const char *name, const char *text)
{
	char p[1024], buf[64] = "";
	snprintf(p, sizeof p, "%s/%s", folder, name);
	FILE *f = fopen(p, "r");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strcmp(buf, text) == 0;
}

/* Entries of the scratch folder. */
static int entries(void)
{
	DIR *d = opendir(dir);
	int n = 0;
	for (struct dirent *e; d && (e = readdir(d)) != NULL;)
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

int main(void)
{
	ll_test_scratch_dir(dir, sizeof dir, "dirswap");
	char final[600];
	snprintf(final, sizeof final, "%s/eval-x", dir);
	struct ll_err err;
	ll_err_clear(&err);

	/* where there was none */
	char *stage = NULL;
	CHECK_INT(ds_dir_stage(final, &stage, &err), LL_OK);
	CHECK(stage && strstr(stage, "eval-x.part-") != NULL);
	put(stage, "metrics.json", "one");
	CHECK_INT(ds_dir_commit(stage, final, &err), LL_OK);
	CHECK(has(final, "metrics.json", "one"));
	free(stage);

	/* over an earlier one: its files gone, nothing left beside */
	CHECK_INT(ds_dir_stage(final, &stage, &err), LL_OK);
	put(stage, "metrics.json", "two");
	put(stage, "predictions.tsv", "p");
	put(final, "stale.tsv", "old");
	CHECK_INT(ds_dir_commit(stage, final, &err), LL_OK);
	CHECK(has(final, "metrics.json", "two"));
	CHECK(has(final, "predictions.tsv", "p"));
	CHECK(!has(final, "stale.tsv", "old"));
	CHECK_INT(entries(), 1);
	free(stage);

	/* discarded: the results as they were */
	CHECK_INT(ds_dir_stage(final, &stage, &err), LL_OK);
	put(stage, "metrics.json", "three");
	ds_dir_discard(stage);
	struct stat st;
	CHECK(stat(stage, &st) != 0);
	CHECK(has(final, "metrics.json", "two"));
	CHECK_INT(entries(), 1);
	free(stage);
	ds_dir_discard(NULL);

	/* a folder that cannot be made: the reason, no stage */
	char bad[700];
	snprintf(bad, sizeof bad, "%s/missing/eval-y", dir);
	CHECK_INT(ds_dir_stage(bad, &stage, &err), LL_EIO);
	CHECK(stage == NULL);
	CHECK(strstr(err.msg, "cannot create it") != NULL);

	/* a tree of folders and a link: removed, the link's target kept */
	char tree[700], sub[760], target[700], link[800];
	snprintf(tree, sizeof tree, "%s/tree", dir);
	snprintf(sub, sizeof sub, "%s/a/b", tree);
	snprintf(target, sizeof target, "%s/kept", dir);
	CHECK(mkdir(tree, 0777) == 0);
	snprintf(link, sizeof link, "%s/a", tree);
	CHECK(mkdir(link, 0777) == 0 && mkdir(sub, 0777) == 0);
	put(sub, "f", "x");
	CHECK(mkdir(target, 0777) == 0);
	put(target, "g", "y");
	snprintf(link, sizeof link, "%s/to-kept", tree);
	CHECK(symlink(target, link) == 0);
	ds_remove_tree(tree);
	CHECK(stat(tree, &st) != 0);
	CHECK(has(target, "g", "y"));

	ll_test_remove_dir(dir);
	TEST_MAIN_END();
}
