/*
 * ds_sigv4.c - AWS Signature Version 4 (header form).
 *
 * signature = HMAC(kSigning, StringToSign), where
 *   CanonicalRequest = method \n path \n query \n headers \n signed-names \n payload-hash
 *   StringToSign     = "AWS4-HMAC-SHA256" \n date \n scope \n hex(SHA256(CanonicalRequest))
 *   kSigning         = HMAC(HMAC(HMAC(HMAC("AWS4" secret, yyyymmdd), region), service), "aws4_request")
 * Strings are built in one growing buffer; nothing here touches the network.
 */
#include "ds_sigv4.h"
#include "ds_sha256.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sbuf {
	char *s;
	size_t len, cap;
	int oom;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

struct canon_header {
	char *name;  /* lower-case */
	char *value; /* trimmed, inner runs of spaces collapsed */
};

static int cmp_header(const void *a, const void *b)
{
	return strcmp(((const struct canon_header *)a)->name, ((const struct canon_header *)b)->name);
}

/* Lower-cased copy of a header name. */
static char *lower_dup(const char *s)
{
	char *d = strdup(s);
	if (d)
		for (char *p = d; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	return d;
}

/* Value with leading/trailing blanks removed and inner blank runs made one space. */
static char *trim_dup(const char *s)
{
	char *d = malloc(strlen(s) + 1);
	if (!d)
		return NULL;
	size_t n = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t') {
			if (n && d[n - 1] != ' ')
				d[n++] = ' ';
		} else {
			d[n++] = *s;
		}
	}
	while (n && d[n - 1] == ' ')
		n--;
	d[n] = '\0';
	return d;
}

char *ds_sigv4_uri_encode(const char *s, int keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = malloc(strlen(s) * 3 + 1);
	if (!out)
		return NULL;
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~' || (keep_slash && *p == '/')) {
			out[n++] = (char)*p;
		} else {
			out[n++] = '%';
			out[n++] = hex[*p >> 4];
			out[n++] = hex[*p & 15];
		}
	}
	out[n] = '\0';
	return out;
}

static int valid_date(const char *d)
{
	if (!d || strlen(d) != 16 || d[8] != 'T' || d[15] != 'Z')
		return 0;
	for (int i = 0; i < 15; i++)
		if (i != 8 && !isdigit((unsigned char)d[i]))
			return 0;
	return 1;
}

int ds_sigv4_sign(const struct ds_sigv4_request *rq, char **authorization, char signature[65], char **canonical,
		  struct ll_err *err)
{
	*authorization = NULL;
	if (canonical)
		*canonical = NULL;
	if (!rq->method || !rq->path || rq->path[0] != '/' || !rq->payload_hash || !rq->region || !rq->service ||
	    !rq->access_key || !rq->secret_key)
		return ll_err_set(err, LL_EUSAGE, "SigV4: request is missing a method, path, region, service or key");
	if (!valid_date(rq->amz_date))
		return ll_err_set(err, LL_EUSAGE, "SigV4: date '%s' is not YYYYMMDDTHHMMSSZ",
				  rq->amz_date ? rq->amz_date : "(none)");
	int rc = LL_OK;
	struct canon_header *hs = calloc(rq->nheaders ? rq->nheaders : 1, sizeof *hs);
	struct sbuf creq = {0}, names = {0}, sts = {0}, auth = {0};
	if (!hs)
		return ll_err_set(err, LL_ENOMEM, "SigV4: out of memory");
	for (size_t i = 0; i < rq->nheaders; i++) {
		hs[i].name = lower_dup(rq->headers[i].name);
		hs[i].value = trim_dup(rq->headers[i].value);
		if (!hs[i].name || !hs[i].value) {
			rc = ll_err_set(err, LL_ENOMEM, "SigV4: out of memory");
			goto out;
		}
	}
	qsort(hs, rq->nheaders, sizeof *hs, cmp_header);

	/* Canonical request. A header given twice is signed once with its
	 * values joined by commas, in the order given (qsort is not stable,
	 * but the callers here never repeat a header). */
	sb_str(&creq, rq->method);
	sb_str(&creq, "\n");
	sb_str(&creq, rq->path);
	sb_str(&creq, "\n");
	sb_str(&creq, rq->query ? rq->query : "");
	sb_str(&creq, "\n");
	for (size_t i = 0; i < rq->nheaders; i++) {
		if (i > 0 && strcmp(hs[i].name, hs[i - 1].name) == 0) {
			/* Replace the previous line's newline with ",value\n". */
			creq.len--;
			sb_str(&creq, ",");
			sb_str(&creq, hs[i].value);
			sb_str(&creq, "\n");
			continue;
		}
		sb_str(&creq, hs[i].name);
		sb_str(&creq, ":");
		sb_str(&creq, hs[i].value);
		sb_str(&creq, "\n");
		if (names.len)
			sb_str(&names, ";");
		sb_str(&names, hs[i].name);
	}
	sb_str(&creq, "\n");
	sb_str(&creq, names.s ? names.s : "");
	sb_str(&creq, "\n");
	sb_str(&creq, rq->payload_hash);
	if (creq.oom || names.oom || !creq.s) {
		rc = ll_err_set(err, LL_ENOMEM, "SigV4: out of memory");
		goto out;
	}

	unsigned char digest[DS_SHA256_LEN];
	char hex[2 * DS_SHA256_LEN + 1];
	char day[9], scope[256];
	memcpy(day, rq->amz_date, 8);
	day[8] = '\0';
	snprintf(scope, sizeof scope, "%s/%s/%s/aws4_request", day, rq->region, rq->service);
	ds_sha256(creq.s, creq.len, digest);
	ds_hex(digest, sizeof digest, hex);
	sb_str(&sts, "AWS4-HMAC-SHA256\n");
	sb_str(&sts, rq->amz_date);
	sb_str(&sts, "\n");
	sb_str(&sts, scope);
	sb_str(&sts, "\n");
	sb_str(&sts, hex);

	/* The signing key: a chain of HMACs over the scope's parts. */
	size_t klen = strlen(rq->secret_key) + 4;
	char *k0 = malloc(klen + 1);
	if (!k0 || sts.oom) {
		free(k0);
		rc = ll_err_set(err, LL_ENOMEM, "SigV4: out of memory");
		goto out;
	}
	snprintf(k0, klen + 1, "AWS4%s", rq->secret_key);
	unsigned char k1[32], k2[32], k3[32], k4[32], sig[32];
	ds_hmac_sha256(k0, klen, day, 8, k1);
	ds_hmac_sha256(k1, 32, rq->region, strlen(rq->region), k2);
	ds_hmac_sha256(k2, 32, rq->service, strlen(rq->service), k3);
	ds_hmac_sha256(k3, 32, "aws4_request", 12, k4);
	ds_hmac_sha256(k4, 32, sts.s, sts.len, sig);
	memset(k0, 0, klen);
	free(k0);
	ds_hex(sig, sizeof sig, hex);
	if (signature)
		memcpy(signature, hex, sizeof hex);

	sb_str(&auth, "AWS4-HMAC-SHA256 Credential=");
	sb_str(&auth, rq->access_key);
	sb_str(&auth, "/");
	sb_str(&auth, scope);
	sb_str(&auth, ", SignedHeaders=");
	sb_str(&auth, names.s ? names.s : "");
	sb_str(&auth, ", Signature=");
	sb_str(&auth, hex);
	if (auth.oom) {
		rc = ll_err_set(err, LL_ENOMEM, "SigV4: out of memory");
		goto out;
	}
	*authorization = auth.s;
	auth.s = NULL;
	if (canonical) {
		*canonical = creq.s;
		creq.s = NULL;
	}
out:
	for (size_t i = 0; i < rq->nheaders; i++) {
		free(hs[i].name);
		free(hs[i].value);
	}
	free(hs);
	free(creq.s);
	free(names.s);
	free(sts.s);
	free(auth.s);
	return rc;
}
