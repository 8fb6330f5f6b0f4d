/*
 * test_jsonmerge.c - ds_json_merge3 keeps both sides' changes: a member one
 * side left alone takes the other's change, addition or removal; equal
 * changes are taken once; objects both changed merge member by member;
 * different changes to one member are a conflict named by its path.
 */
#include <cjson/cJSON.h>

#include "ds_jsonmerge.h"
#include "harness.h"

/* The merge of three compact JSON texts, compared with want (NULL: a
 * conflict at want_where). */
static void merge_case(const char *base, const char *mine, const char *theirs, const char *want,
		       const char *want_where)
{
	cJSON *b = cJSON_Parse(base), *m = cJSON_Parse(mine), *t = cJSON_Parse(theirs);
	CHECK(b && m && t);
	void *out = NULL;
	char where[128] = "x";
	enum ds_merge_result rc = ds_json_merge3(b, m, t, &out, where, sizeof where);
	if (want) {
		CHECK_INT(rc, DS_MERGE_OK);
		cJSON *w = cJSON_Parse(want);
		CHECK(w && out && cJSON_Compare(w, out, 1));
		if (out && w && !cJSON_Compare(w, out, 1)) {
			char *got = cJSON_PrintUnformatted(out);
			fprintf(stderr, "  merged %s\n  wanted %s\n", got, want);
			free(got);
		}
		CHECK_STR(where, "");
		cJSON_Delete(w);
	} else {
		CHECK_INT(rc, DS_MERGE_CONFLICT);
		CHECK(out == NULL);
		CHECK_STR(where, want_where);
	}
	cJSON_Delete(out);
	cJSON_Delete(b);
	cJSON_Delete(m);
	cJSON_Delete(t);
}

/* Member order of the merged object: the file's (theirs) first. */
static void order_case(void)
{
	cJSON *b = cJSON_Parse("{\"a\":1,\"b\":2}");
	cJSON *m = cJSON_Parse("{\"b\":2,\"a\":1,\"m\":3}");
	cJSON *t = cJSON_Parse("{\"b\":2,\"t\":4,\"a\":1}");
	void *out = NULL;
	char where[64];
	CHECK_INT(ds_json_merge3(b, m, t, &out, where, sizeof where), DS_MERGE_OK);
	char *s = out ? cJSON_PrintUnformatted(out) : NULL;
	CHECK_STR(s ? s : "", "{\"b\":2,\"t\":4,\"a\":1,\"m\":3}");
	free(s);
	cJSON_Delete(out);
	cJSON_Delete(b);
	cJSON_Delete(m);
	cJSON_Delete(t);
}

int main(void)
{
	/* nothing changed on either side */
	merge_case("{\"a\":1}", "{\"a\":1}", "{\"a\":1}", "{\"a\":1}", NULL);
	/* only mine changed; only theirs changed */
	merge_case("{\"a\":1}", "{\"a\":2}", "{\"a\":1}", "{\"a\":2}", NULL);
	merge_case("{\"a\":1}", "{\"a\":1}", "{\"a\":3}", "{\"a\":3}", NULL);
	/* each side changed its own member */
	merge_case("{\"a\":1,\"b\":1}", "{\"a\":2,\"b\":1}", "{\"a\":1,\"b\":5}", "{\"a\":2,\"b\":5}", NULL);
	/* both made the same change */
	merge_case("{\"a\":1}", "{\"a\":7}", "{\"a\":7}", "{\"a\":7}", NULL);
	/* additions on both sides, in nested objects */
	merge_case("{\"e\":{\"x\":{\"lr\":1}}}", "{\"e\":{\"x\":{\"lr\":1},\"y\":{\"lr\":2}}}",
		   "{\"e\":{\"x\":{\"lr\":1},\"z\":{\"lr\":3}}}",
		   "{\"e\":{\"x\":{\"lr\":1},\"z\":{\"lr\":3},\"y\":{\"lr\":2}}}", NULL);
	/* a removal on one side, a change elsewhere on the other */
	merge_case("{\"a\":1,\"b\":2}", "{\"a\":1}", "{\"a\":9,\"b\":2}", "{\"a\":9}", NULL);
	/* removed on one side, changed on the other: a conflict */
	merge_case("{\"a\":1,\"b\":2}", "{\"a\":4,\"b\":2}", "{\"b\":2}", NULL, "a");
	merge_case("{\"f\":{\"g\":{\"seed\":1}}}", "{\"f\":{}}", "{\"f\":{\"g\":{\"seed\":2}}}", NULL, "f.g");
	/* two different values of one member: a conflict with its path */
	merge_case("{\"experiments\":{\"dnn\":{\"lr\":0.1,\"epochs\":5}}}",
		   "{\"experiments\":{\"dnn\":{\"lr\":0.01,\"epochs\":5}}}",
		   "{\"experiments\":{\"dnn\":{\"lr\":0.5,\"epochs\":5}}}", NULL, "experiments.dnn.lr");
	/* the same new member added with different objects: merged by members */
	merge_case("{}", "{\"n\":{\"a\":1}}", "{\"n\":{\"b\":2}}", "{\"n\":{\"b\":2,\"a\":1}}", NULL);
	merge_case("{}", "{\"n\":{\"a\":1}}", "{\"n\":{\"a\":2}}", NULL, "n.a");
	/* arrays are single values: both changing one is a conflict */
	merge_case("{\"h\":[1,2]}", "{\"h\":[1,3]}", "{\"h\":[1,2]}", "{\"h\":[1,3]}", NULL);
	merge_case("{\"h\":[1,2]}", "{\"h\":[1,3]}", "{\"h\":[4,2]}", NULL, "h");
	/* a value turned into an object on one side, changed on the other */
	merge_case("{\"s\":\"random\"}", "{\"s\":{\"kind\":\"random\"}}", "{\"s\":\"grouped\"}", NULL, "s");
	/* whole documents of other kinds */
	merge_case("1", "2", "3", NULL, "(document)");
	merge_case("[1]", "[1]", "[2]", "[2]", NULL);
	order_case();

	/* a cap of 0 never writes where */
	cJSON *b = cJSON_Parse("{\"a\":1}"), *m = cJSON_Parse("{\"a\":2}"), *t = cJSON_Parse("{\"a\":3}");
	void *out = (void *)1;
	CHECK_INT(ds_json_merge3(b, m, t, &out, NULL, 0), DS_MERGE_CONFLICT);
	CHECK(out == NULL);
	cJSON_Delete(b);
	cJSON_Delete(m);
	cJSON_Delete(t);
	TEST_MAIN_END();
}
