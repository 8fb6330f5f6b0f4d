/*
 * ds_sigv4.h - AWS Signature Version 4 for request headers, as S3 and the
 * S3-compatible stores (MinIO, Ceph RGW) check it.
 *
 * The caller builds the request (method, the path exactly as it will be
 * sent, the headers it wants signed) and gets back the Authorization
 * header's value. The signer canonicalises header names and values itself
 * (lower-case names, trimmed values, sorted), so callers may pass headers
 * in any order and case. Verified against AWS's published examples in
 * tests/datasets/test_sigv4.c.
 */
#ifndef DS_SIGV4_H
#define DS_SIGV4_H

#include <stddef.h>

#include "ll_err.h"

struct ds_sigv4_header {
	const char *name;
	const char *value;
};

struct ds_sigv4_request {
	const char *method;      /* "GET", "HEAD", ... */
	const char *path;        /* canonical URI: already URI-encoded, starts with '/' */
	const char *query;       /* canonical query string (sorted, encoded), "" or NULL for none */
	const struct ds_sigv4_header *headers; /* every header to sign; must include host and x-amz-date */
	size_t nheaders;
	const char *payload_hash; /* hex SHA-256 of the body, or "UNSIGNED-PAYLOAD" */
	const char *region;       /* "us-east-1" */
	const char *service;      /* "s3" */
	const char *amz_date;     /* the x-amz-date value, YYYYMMDD'T'HHMMSS'Z' */
	const char *access_key;
	const char *secret_key;
};

/* The SHA-256 of the empty string in hex: a GET's payload hash. */
#define DS_SIGV4_EMPTY_HASH "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* Signs rq. On success *authorization is a malloc'd "AWS4-HMAC-SHA256
 * Credential=..., SignedHeaders=..., Signature=..." (caller frees) and
 * signature (when not NULL) receives the 64 hex digits. Optional
 * canonical (may be NULL) receives the malloc'd canonical request, for
 * diagnostics and tests. Returns LL_OK, LL_EUSAGE (a missing field, a bad
 * date) or LL_ENOMEM. */
int ds_sigv4_sign(const struct ds_sigv4_request *rq, char **authorization, char signature[65], char **canonical,
		  struct ll_err *err);

/* URI-encodes s the way SigV4 and S3 want it: every byte except
 * A-Z a-z 0-9 - . _ ~ (and '/' when keep_slash) becomes %XX with upper-case
 * hex. Returns a malloc'd string or NULL when out of memory. */
char *ds_sigv4_uri_encode(const char *s, int keep_slash);

#endif
