/*
 * test_jsonedit.c - ds_json_patch keeps a hand-written file's layout: a
 * changed value is replaced in place, new keys follow their siblings'
 * style, removed keys go with their commas, nested objects are edited in
 * place, and whatever is not understood gives NULL rather than a wrong
 * text. Every result must parse to the new document.
 */
#include <cjson/cJSON.h>

#include "ds_jsonedit.h"
#include "harness.h"

/* The patch of text into the document given as JSON (compact). */
static char *patch(const char *text, const char *new_json)
{
	cJSON *nd = cJSON_Parse(new_json);
	char *out = ds_json_patch(text, nd);
	if (out) {
		cJSON *back = cJSON_Parse(out);
		CHECK(back && cJSON_Compare(back, nd, 1));
		cJSON_Delete(back);
	}
	cJSON_Delete(nd);
	return out;
}

static const char *const file =
	"{\n"
	"\t\"_comment\": \"hand written\",\n"
	"\t\"version\": 1,\n"
	"\t\"experiments\": {\n"
	"\t\t\"dnn\": {\"featureset\": \"x\", \"model\": \"mlp\", \"hidden\": [100, 100],\n"
	"\t\t\t\"lr\": 0.05, \"epochs\": 20},\n"
	"\t\t\"km\": {\"featureset\": \"x\", \"model\": \"kmeans\"}\n"
	"\t}\n"
	"}\n";

int main(void)
{
	/* A value replaced in place: every other byte is the same. */
	char *out = patch(file, "{\"_comment\": \"hand written\", \"version\": 1, \"experiments\": {\"dnn\": "
				"{\"featureset\": \"x\", \"model\": \"mlp\", \"hidden\": [100, 100], \"lr\": 0.01, "
				"\"epochs\": 20}, \"km\": {\"featureset\": \"x\", \"model\": \"kmeans\"}}}");
	CHECK(out != NULL);
	const char *want1 = "{\n"
			    "\t\"_comment\": \"hand written\",\n"
			    "\t\"version\": 1,\n"
			    "\t\"experiments\": {\n"
			    "\t\t\"dnn\": {\"featureset\": \"x\", \"model\": \"mlp\", \"hidden\": [100, 100],\n"
			    "\t\t\t\"lr\": 0.01, \"epochs\": 20},\n"
			    "\t\t\"km\": {\"featureset\": \"x\", \"model\": \"kmeans\"}\n"
			    "\t}\n"
			    "}\n";
	CHECK_STR(out, want1);
	free(out);

	/* A new key on an inline object: ", key: value" before the brace; an
	 * array value printed as people write it. */
	out = patch(file, "{\"_comment\": \"hand written\", \"version\": 1, \"experiments\": {\"dnn\": "
			  "{\"featureset\": \"x\", \"model\": \"mlp\", \"hidden\": [100, 100], \"lr\": 0.05, "
			  "\"epochs\": 20, \"dropout\": 0.2}, \"km\": {\"featureset\": \"x\", \"model\": \"kmeans\", "
			  "\"k\": [2, 8]}}}");
	CHECK(out != NULL);
	CHECK(out && strstr(out, "\"epochs\": 20, \"dropout\": 0.2},\n"));
	CHECK(out && strstr(out, "\"model\": \"kmeans\", \"k\": [2, 8]}\n"));
	CHECK(out && strstr(out, "\t\"_comment\": \"hand written\",\n"));
	free(out);

	/* A new member of a multi-line object goes on a line of its own, indented like the others. */
	out = patch(file, "{\"_comment\": \"hand written\", \"version\": 1, \"experiments\": {\"dnn\": "
			  "{\"featureset\": \"x\", \"model\": \"mlp\", \"hidden\": [100, 100], \"lr\": 0.05, "
			  "\"epochs\": 20}, \"km\": {\"featureset\": \"x\", \"model\": \"kmeans\"}, \"lr\": "
			  "{\"featureset\": \"x\", \"model\": \"logreg\"}}}");
	CHECK(out && strstr(out, "\"model\": \"kmeans\"},\n\t\t\"lr\": {\"featureset\": \"x\", \"model\": \"logreg\"}\n\t}"));
	free(out);

	/* Keys removed: one in the middle, the last one (its comma goes too). */
	out = patch(file, "{\"_comment\": \"hand written\", \"experiments\": {\"dnn\": {\"featureset\": \"x\", "
			  "\"model\": \"mlp\", \"hidden\": [100, 100], \"lr\": 0.05}}}");
	CHECK(out != NULL);
	CHECK(out && !strstr(out, "version"));
	CHECK(out && strstr(out, "\"lr\": 0.05},\n") == NULL);
	CHECK(out && strstr(out, "\"lr\": 0.05}\n\t}\n}\n"));
	free(out);

	/* Every key of an object removed, one added: still valid JSON. */
	out = patch("{\"a\": {\"x\": 1, \"y\": 2}}", "{\"a\": {\"z\": 3}}");
	CHECK_STR(out, "{\"a\": {\"z\": 3}}");
	free(out);

	/* Nothing changed: the very same text. */
	out = patch(file, "{\"_comment\": \"hand written\", \"version\": 1, \"experiments\": {\"dnn\": "
			  "{\"featureset\": \"x\", \"model\": \"mlp\", \"hidden\": [100, 100], \"lr\": 0.05, "
			  "\"epochs\": 20}, \"km\": {\"featureset\": \"x\", \"model\": \"kmeans\"}}}");
	CHECK_STR(out, file);
	free(out);

	/* Strings with escapes and braces inside are skipped correctly. */
	out = patch("{\"s\": \"a \\\"{\\\" b\", \"n\": 1}", "{\"s\": \"a \\\"{\\\" b\", \"n\": 2}");
	CHECK_STR(out, "{\"s\": \"a \\\"{\\\" b\", \"n\": 2}");
	free(out);

	/* What cannot be edited safely: NULL, the caller prints afresh. */
	cJSON *nd = cJSON_Parse("{\"a\": 1}");
	CHECK(ds_json_patch("[1, 2]", nd) == NULL);             /* not an object */
	CHECK(ds_json_patch("{\"a\": 1, \"a\": 2}", nd) == NULL); /* duplicate keys */
	CHECK(ds_json_patch("{\"a\": ", nd) == NULL);            /* truncated */
	cJSON_Delete(nd);

	TEST_MAIN_END();
}
