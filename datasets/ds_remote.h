/*
 * ds_remote.h - datasets at a URL: http://, https:// and s3://bucket/key.
 *
 * ds_remote_fetch() turns a URL into the path of a complete local file, so
 * every reader keeps working on paths. Downloads go through libcurl into
 * the cache (ds_cache.h): revalidated with a conditional GET on each use,
 * served from the cache with a notice when the server cannot be reached,
 * resumed with a Range request after an interruption, and renamed into
 * place only once their length (and SHA-256, when the server states one)
 * has been checked. A gzip Content-Encoding is undone before the rename;
 * a .gz file served as such is kept as it is (ds_source inflates it).
 *
 * s3://bucket/key is signed with AWS SigV4 from AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_REGION (or
 * AWS_DEFAULT_REGION; default us-east-1), and sent anonymously when no
 * keys are set. AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL or LOGLAB_S3_ENDPOINT
 * (first set wins) points at an S3-compatible store such as MinIO or Ceph,
 * addressed path-style (ENDPOINT/bucket/key); without one the AWS
 * virtual-hosted name https://bucket.s3.REGION.amazonaws.com/key is used.
 *
 * A hostile or broken server cannot make a fetch splice, grow or hang:
 *   - a resumed download (206) is accepted only when the response carries
 *     the validator the .part was started under (the same strong ETag, else
 *     the same Last-Modified) and the same total length; otherwise the part
 *     is discarded and the download starts again from byte 0, with a note
 *     saying so (result->note). Without a validator nothing is resumed.
 *   - at most max_bytes (LOGLAB_FETCH_MAX, 64 GiB) are received, and a
 *     cached download at most the cache bound; a Content-Length over the
 *     limit is refused before the body. A gzip Content-Encoding is
 *     inflated within the limits of ll_limits.h (size and ratio).
 *   - idle_timeout ends a transfer that brings no byte for that long (and
 *     bounds connecting); deadline bounds the whole fetch, retries included.
 * Each is an error with nothing cached (a part cut by a timeout is kept for
 * resuming, as after a dropped connection).
 *
 * Credentials in a URL (http://user:password@host/..., and query
 * parameters such as X-Amz-Signature or token) never appear in messages,
 * notes or cache files: those carry ds_url_redact(url).
 *
 * Every failure is LL_EIO (LL_ECANCEL when the progress callback asked to
 * stop, LL_EUSAGE for a malformed URL, LL_EDATA for a response over a
 * limit) with a message that starts with the URL and says what happened:
 * DNS failure, connection refused, timeout, TLS, HTTP status with the
 * server's own message, redirect loop, or a connection that ended mid-body
 * (whose .part is kept for the next try).
 */
#ifndef DS_REMOTE_H
#define DS_REMOTE_H

#include "ll_err.h"

/* 1 when s starts with http://, https:// or s3:// (case-insensitive scheme). */
int ds_is_url(const char *s);

/* url with its secrets replaced by "***": the password of user:password@,
 * and the values of query parameters that carry credentials (X-Amz-
 * Signature, X-Amz-Credential, X-Amz-Security-Token, Signature, sig,
 * token, access_token, api_key, apikey, key, password, secret). Any other
 * string is copied as it is. Returns a malloc'd string (NULL only when out
 * of memory). */
char *ds_url_redact(const char *url);

/* Called as bytes arrive (and at least once a second while waiting).
 * done/total count the whole file, including a resumed part; total is -1
 * when the server did not say. rate is bytes a second over this transfer.
 * Return nonzero to cancel: the fetch then fails with LL_ECANCEL and the
 * partial download is kept for resuming. */
typedef int (*ds_fetch_progress_fn)(void *ctx, long long done, long long total, double rate);

/* What a fetch did; every field is set on LL_OK, note also on failure. */
struct ds_fetch_result {
	int from_cache;       /* the cached copy was used without a download */
	int revalidated;      /* the server answered 304 Not Modified */
	int offline;          /* the server was unreachable; a cached copy was used */
	int resumed;          /* the download continued an earlier partial one */
	int temporary;        /* the path is a temporary file the caller should unlink() */
	int http_status;      /* last status seen, 0 when no response */
	long long size;       /* bytes of the resulting file */
	long long downloaded; /* bytes received by this call */
	int evicted;          /* cache entries removed to stay under the bound */
	char sha256[65];      /* hex SHA-256 of the raw bytes as served ("" when not computed) */
	char note[LL_ERR_MSG_MAX]; /* a notice for the user (e.g. offline use), "" when none */
};

struct ds_fetch_opts {
	int no_cache;          /* neither read nor write the cache */
	int refresh;           /* download again even if the cached copy is still valid */
	double idle_timeout;   /* seconds without a byte (also to connect) before giving up; <= 0: 30 */
	double deadline;       /* seconds for the whole fetch, retries included; <= 0: none */
	int retries;           /* extra attempts, resuming, after a mid-body failure; 0: none */
	long max_redirects;    /* <= 0: 10 */
	unsigned long long cache_max; /* cache bound in bytes; 0: LOGLAB_CACHE_MAX or 2 GiB */
	unsigned long long max_bytes; /* bytes one download may bring; 0: LOGLAB_FETCH_MAX or 64 GiB */
	const char *output;    /* also (or, with no_cache, only) write the file here */
	ds_fetch_progress_fn progress;
	void *progress_ctx;
	struct ds_fetch_result *result; /* filled when not NULL */
};

/* Makes url available as a complete local file; *local_path (caller
 * frees) is opts->output when given, else the cache's data file, else
 * (no_cache) a temporary file (result->temporary). opts may be NULL for
 * defaults. On LL_OK, err->msg holds a notice when there is one (the same
 * text as result->note), e.g. that the server was unreachable and a cached
 * copy was used; it is "" otherwise. */
int ds_remote_fetch(const char *url, const struct ds_fetch_opts *opts, char **local_path, struct ll_err *err);

#endif
