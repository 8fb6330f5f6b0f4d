/*
 * test_rootcause.c - which class a confirmed suspect gets
 * (ll_recipe_root_cause_class) and which names are ordinary
 * (ll_recipe_is_ordinary, ll_recipe_label_ordinary): the run's prediction when it is a root-cause
 * class of the dataset, else the dataset's only root-cause class (a binary
 * target's "root cause" is never written as a class), "1" when there is
 * none, and no choice when there are several.
 */
#include "harness.h"

#include <stdio.h>
#include "ll_recipe.h"

int main(void)
{
	struct ll_recipe r;
	ll_recipe_default(&r);
	const char *out;

	/* The defaults: normal, ordinary, 0 and - are ordinary, any case. */
	CHECK(ll_recipe_is_ordinary(&r, "0"));
	CHECK(ll_recipe_is_ordinary(&r, "Normal"));
	CHECK(ll_recipe_is_ordinary(&r, "-"));
	CHECK(!ll_recipe_is_ordinary(&r, "1"));
	CHECK(!ll_recipe_is_ordinary(&r, "oom"));
	/* a line's label as the review queue reads it: no label is ordinary
	 * only when unlabelled rows are given an ordinary class */
	CHECK(ll_recipe_label_ordinary(&r, "normal"));
	CHECK(!ll_recipe_label_ordinary(&r, "oom"));
	CHECK(!ll_recipe_label_ordinary(&r, NULL)); /* "skip" */
	snprintf(r.unlabelled, sizeof r.unlabelled, "ordinary");
	CHECK(ll_recipe_label_ordinary(&r, NULL));
	snprintf(r.unlabelled, sizeof r.unlabelled, "oom");
	CHECK(!ll_recipe_label_ordinary(&r, NULL));
	r.unlabelled[0] = '\0';

	/* The sample's kern: classes 0 and 1, binary target; the run predicts
	 * "root cause", which is not a class of the dataset: 1 it is. */
	r.target = LL_TARGET_BINARY;
	const char *kern[] = {"0", "1"};
	CHECK_INT(ll_recipe_root_cause_class(&r, "root cause", kern, 2, &out), 1);
	CHECK_STR(out, "1");

	/* Only ordinary lines so far: the browser's root-cause key's class. */
	const char *only0[] = {"0"};
	CHECK_INT(ll_recipe_root_cause_class(&r, "root cause", only0, 1, &out), 0);
	CHECK_STR(out, "1");

	/* BGL with a binary target: twelve alert tags, no single answer. */
	const char *bgl[] = {"-", "KERNDTLB", "KERNSTOR", "APPREAD"};
	CHECK_INT(ll_recipe_root_cause_class(&r, "root cause", bgl, 4, &out), 3);
	CHECK(out == NULL);

	/* Classes kept (multi-class target): the prediction when it is a root
	 * cause of the dataset. */
	r.target = LL_TARGET_CLASSES;
	const char *inc[] = {"normal", "oom", "disk"};
	CHECK_INT(ll_recipe_root_cause_class(&r, "disk", inc, 3, &out), 1);
	CHECK_STR(out, "disk");
	/* Predicted ordinary (a suspect by score alone): ask among the others. */
	CHECK_INT(ll_recipe_root_cause_class(&r, "normal", inc, 3, &out), 2);
	CHECK(out == NULL);

	/* Explicit ordinary names replace the defaults. */
	r.n_ordinary = 1;
	snprintf(r.ordinary[0], sizeof r.ordinary[0], "%s", "ok");
	const char *okbad[] = {"ok", "0", "bad"};
	CHECK(!ll_recipe_is_ordinary(&r, "0"));
	CHECK_INT(ll_recipe_root_cause_class(&r, "ok", okbad, 3, &out), 2);

	TEST_MAIN_END();
}
