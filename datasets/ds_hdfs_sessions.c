/*
 * ds_hdfs_sessions.c - the "hdfs-sessions" reader: HDFS block sessions as
 * deep-loglizer builds them from the HDFS log, one block a row:
 *   BlockId,Label,Split,EventSeq
 * Label (Normal/Anomaly, kept as written) labels the row; Split (train or
 * test) and EventSeq (space-separated template ids) stay text columns for
 * the feature code to use.
 */
#include "ds_csv.h"

#include <string.h>

static const char header[] = "BlockId,Label,Split,EventSeq";

static int hdfs_sniff(const char *path, const char *head, size_t n)
{
	(void)path;
	size_t k = sizeof header - 1;
	if (n >= k && memcmp(head, header, k) == 0 &&
	    (n == k || head[k] == '\n' || head[k] == '\r'))
		return 95;
	return 0;
}

static int hdfs_load(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
		     struct ll_err *err)
{
	size_t k = sizeof header - 1;
	if (src->size < k || memcmp(src->data, header, k) != 0)
		return ll_err_set(err, LL_EDATA, "%s:1: expected the header \"%s\"", src->path, header);
	/* Every column is text: block ids and event sequences are names. */
	return ds_csv_load_generic(src, opts, 1, out, err);
}

const struct ds_reader ds_hdfs_sessions_reader = {
	.name = "hdfs-sessions",
	.summary = "HDFS block sessions (BlockId,Label,Split,EventSeq) labelled Normal/Anomaly",
	.sniff = hdfs_sniff,
	.load = hdfs_load,
	.line = NULL,
};
