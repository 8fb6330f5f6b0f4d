/*
 * ds_run_summary.h - the figures that sum up a k-means run, read from its
 * metrics.json "kmeans" object, and the one text every surface shows them
 * in (`loglab runs`, `runs --compare`, the report, the TUI's runs views),
 * so the same run reads the same way wherever it is listed.
 */
#ifndef DS_RUN_SUMMARY_H
#define DS_RUN_SUMMARY_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* NAN for a figure the run does not have: inertia and silhouette when the
 * elbow has no entry for the chosen k, purity and ARI without labels. */
struct ds_kmeans_summary {
	double k, inertia, silhouette, purity, ari;
};

/* The figures of kmeans (metrics.json's "kmeans" object; NULL gives all
 * NAN): k, and the inertia and silhouette of the elbow's entry for k. */
void ds_kmeans_summary_read(const cJSON *kmeans, struct ds_kmeans_summary *s);

/* "k 8 inertia 1970.1 silhouette 0.6768 purity 0.9563 ARI 0.8762", the
 * figures s has, in that order, four decimals (inertia: six significant
 * digits); compact ("k 8 sil 0.6768 pur 0.9563 ARI 0.8762", no inertia)
 * for a table column 80 columns wide. Returns what snprintf would. */
int ds_kmeans_summary_text(const struct ds_kmeans_summary *s, int compact, char *buf, size_t cap);

#endif
