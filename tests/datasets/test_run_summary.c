/*
 * test_run_summary.c - ds_kmeans_summary_read and ds_kmeans_summary_text:
 * the chosen k's inertia and silhouette from the elbow, what a run without
 * labels or without an elbow leaves out, the compact form, a short buffer.
 */
#include <string.h>

#include "ds_run_summary.h"
#include "harness.h"

static const char *const labelled =
	"{\"k\": 3, \"elbow\": [{\"k\": 2, \"inertia\": 50.5, \"silhouette\": 0.41},"
	" {\"k\": 3, \"inertia\": 1970.09735, \"silhouette\": 0.676783},"
	" {\"k\": 4, \"inertia\": 10, \"silhouette\": 0.5}],"
	" \"purity\": 0.95625, \"ari\": 0.876162}";

int main(void)
{
	struct ds_kmeans_summary s;
	char buf[128];
	cJSON *km = cJSON_Parse(labelled);
	CHECK(km != NULL);
	ds_kmeans_summary_read(km, &s);
	CHECK_NEAR(s.k, 3, 0);
	CHECK_NEAR(s.inertia, 1970.09735, 1e-9);
	CHECK_NEAR(s.silhouette, 0.676783, 1e-9);
	CHECK_NEAR(s.purity, 0.95625, 1e-9);
	CHECK_NEAR(s.ari, 0.876162, 1e-9);
	int n = ds_kmeans_summary_text(&s, 0, buf, sizeof buf);
	CHECK_STR(buf, "k 3 inertia 1970.1 silhouette 0.6768 purity 0.9563 ARI 0.8762");
	CHECK_INT(n, (int)strlen(buf));
	ds_kmeans_summary_text(&s, 1, buf, sizeof buf);
	CHECK_STR(buf, "k 3 sil 0.6768 pur 0.9563 ARI 0.8762");
	/* too short: cut, and the length it needed */
	char small[8];
	n = ds_kmeans_summary_text(&s, 0, small, sizeof small);
	CHECK_STR(small, "k 3 ine");
	CHECK_INT(n, (int)strlen("k 3 inertia 1970.1 silhouette 0.6768 purity 0.9563 ARI 0.8762"));
	cJSON_Delete(km);

	/* no labels: purity and ARI null; no elbow entry for k */
	km = cJSON_Parse("{\"k\": 5, \"elbow\": [{\"k\": 2, \"inertia\": 3, \"silhouette\": 0.2}],"
			 " \"purity\": null, \"ari\": null}");
	ds_kmeans_summary_read(km, &s);
	CHECK(isnan(s.inertia) && isnan(s.silhouette) && isnan(s.purity) && isnan(s.ari));
	ds_kmeans_summary_text(&s, 0, buf, sizeof buf);
	CHECK_STR(buf, "k 5");
	cJSON_Delete(km);

	/* a silhouette recorded as null (one cluster) is left out, inertia kept */
	km = cJSON_Parse("{\"k\": 2, \"elbow\": [{\"k\": 2, \"inertia\": 12345678.9, \"silhouette\": null}]}");
	ds_kmeans_summary_read(km, &s);
	ds_kmeans_summary_text(&s, 0, buf, sizeof buf);
	CHECK_STR(buf, "k 2 inertia 1.23457e+07");
	cJSON_Delete(km);

	/* nothing at all */
	ds_kmeans_summary_read(NULL, &s);
	CHECK(isnan(s.k));
	ds_kmeans_summary_text(&s, 0, buf, sizeof buf);
	CHECK_STR(buf, "-");
	TEST_MAIN_END();
}
