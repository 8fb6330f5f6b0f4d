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

/* ---- random documents, random edits on both sides ---- */

/* A random object: up to 5 members a level, 3 levels deep, numbers,
 * strings, arrays and objects. */
static cJSON *random_object(uint64_t *rng, int depth)
{
	cJSON *o = cJSON_CreateObject();
	int n = 1 + (int)(ll_test_xorshift(rng) % 5);
	for (int i = 0; i < n; i++) {
		char key[16];
		snprintf(key, sizeof key, "k%d", i);
		unsigned kind = (unsigned)(ll_test_xorshift(rng) % (depth < 2 ? 4 : 3));
		cJSON *v = kind == 0   ? cJSON_CreateNumber((double)(ll_test_xorshift(rng) % 100))
			   : kind == 1 ? cJSON_CreateString(key)
			   : kind == 2 ? cJSON_CreateIntArray((const int[]){1, 2, 3}, 1 + (int)(ll_test_xorshift(rng) % 3))
				       : random_object(rng, depth + 1);
		cJSON_AddItemToObject(o, key, v);
	}
	return o;
}

/* The member paths of doc's leaves and objects, as "k0/k2" strings. */
static int paths(const cJSON *o, const char *prefix, char out[][32], int n, int cap)
{
	for (const cJSON *c = o->child; c && n < cap; c = c->next) {
		snprintf(out[n], 32, "%s%s%s", prefix, prefix[0] ? "/" : "", c->string);
		int me = n++;
		if (cJSON_IsObject(c))
			n = paths(c, out[me], out, n, cap);
	}
	return n;
}

/* The parent object of path in doc and the last key's start. */
static cJSON *parent_of(cJSON *doc, const char *path, const char **last)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%s", path);
	cJSON *o = doc;
	char *save = NULL, *tok = strtok_r(buf, "/", &save);
	const char *rest = path;
	while (tok && o) {
		char *next = strtok_r(NULL, "/", &save);
		if (!next) {
			*last = rest;
			return o;
		}
		o = cJSON_GetObjectItemCaseSensitive(o, tok);
		rest = path + (next - buf);
		tok = next;
	}
	return NULL;
}

/* One edit at path: 0 set a new number, 1 remove, 2 add a sibling. */
static void edit(cJSON *doc, const char *path, int what, int value)
{
	const char *key = NULL;
	cJSON *p = parent_of(doc, path, &key);
	if (!p || !cJSON_IsObject(p))
		return;
	if (what == 0)
		cJSON_ReplaceItemInObjectCaseSensitive(p, key, cJSON_CreateNumber(1000 + value));
	else if (what == 1)
		cJSON_DeleteItemFromObjectCaseSensitive(p, key);
	else {
		char nk[40];
		snprintf(nk, sizeof nk, "%s_new%d", key, value);
		if (!cJSON_GetObjectItemCaseSensitive(p, nk))
			cJSON_AddItemToObject(p, nk, cJSON_CreateNumber(value));
	}
}

/* 1 when a and b name the same member or one holds the other. */
static int overlap(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), l = la < lb ? la : lb;
	return strncmp(a, b, l) == 0 && (la == lb || (la < lb ? b[la] : a[lb]) == '/');
}

/* Edits on members apart from each other merge to both sets applied, in
 * either order; one member edited to different values on each side is a
 * conflict. */
static void random_cases(void)
{
	uint64_t rng = 0x9e3779b97f4a7c15ull;
	int merged = 0, conflicts = 0;
	for (int round = 0; round < 400; round++) {
		cJSON *base = random_object(&rng, 0);
		char p[64][32];
		int np = paths(base, "", p, 0, 64);
		int a = (int)(ll_test_xorshift(&rng) % (unsigned)np), b = (int)(ll_test_xorshift(&rng) % (unsigned)np);
		int wa = (int)(ll_test_xorshift(&rng) % 3), wb = (int)(ll_test_xorshift(&rng) % 3);
		cJSON *mine = cJSON_Duplicate(base, 1), *theirs = cJSON_Duplicate(base, 1);
		edit(mine, p[a], wa, 1);
		edit(theirs, p[b], wb, 2);
		void *out = NULL;
		char where[128];
		enum ds_merge_result rc = ds_json_merge3(base, mine, theirs, &out, where, sizeof where);
		if (!overlap(p[a], p[b])) {
			/* both edits, in either order */
			cJSON *want = cJSON_Duplicate(theirs, 1);
			edit(want, p[a], wa, 1);
			CHECK_INT(rc, DS_MERGE_OK);
			CHECK(out && cJSON_Compare(out, want, 1));
			cJSON *want2 = cJSON_Duplicate(mine, 1);
			edit(want2, p[b], wb, 2);
			CHECK(out && cJSON_Compare(out, want2, 1));
			cJSON_Delete(want);
			cJSON_Delete(want2);
			merged++;
		} else if (!strcmp(p[a], p[b]) && wa == 0 && wb == 0) {
			CHECK_INT(rc, DS_MERGE_CONFLICT);
			char dotted[32];
			snprintf(dotted, sizeof dotted, "%s", p[a]);
			for (char *c = dotted; *c; c++)
				*c = *c == '/' ? '.' : *c;
			CHECK_STR(where, dotted);
			conflicts++;
		}
		cJSON_Delete(out);
		cJSON_Delete(base);
		cJSON_Delete(mine);
		cJSON_Delete(theirs);
	}
	/* the stream gives both kinds */
	CHECK(merged > 100);
	CHECK(conflicts > 5);
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
	random_cases();

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
