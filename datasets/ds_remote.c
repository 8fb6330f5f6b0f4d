/*
 * ds_remote.c - fetching http(s) and s3 URLs into the cache with libcurl.
 *
 * One fetch is a small loop of requests: a conditional GET when a valid
 * copy is cached, a Range request when an earlier download left a .part
 * with a strong validator, otherwise a plain GET. The body streams into
 * the .part file; when the transfer ends cleanly the part is checked
 * (length against Content-Length / Content-Range, SHA-256 against
 * x-amz-checksum-sha256 when sent), gzip content-coding is undone, and only
 * then is it renamed over the data file and its meta written. The old meta
 * is removed before that rename, so at no moment does a meta vouch for a
 * file it does not describe.
 */
#include "ds_remote.h"
#include "ds_cache.h"
#include "ds_curl.h"
#include "ds_sha256.h"
#include "ds_sigv4.h"
#include "ll_fileio.h"
#include "ll_limits.h"

#include <ctype.h>
#include <limits.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "config.h"

int ds_is_url(const char *s)
{
	return s && (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0 ||
		     strncasecmp(s, "s3://", 5) == 0);
}

/* Query parameters whose values are credentials (compared case-insensitively). */
static const char *const secret_params[] = {"x-amz-signature", "x-amz-credential", "x-amz-security-token",
					    "signature", "sig", "token", "access_token", "api_key", "apikey",
					    "key", "password", "secret"};

static int secret_param(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof secret_params / sizeof *secret_params; i++)
		if (strlen(secret_params[i]) == n && strncasecmp(name, secret_params[i], n) == 0)
			return 1;
	return 0;
}

char *ds_url_redact(const char *url)
{
	if (!url)
		return NULL;
	size_t n = strlen(url);
	/* "***" is inserted after an '@' or a '=', each one byte of url: at most 4n + 3 bytes */
	char *out = malloc(4 * n + 8);
	if (!out)
		return NULL;
	const char *auth = strstr(url, "://");
	if (!auth || !ds_is_url(url)) {
		memcpy(out, url, n + 1);
		return out;
	}
	auth += 3;
	size_t o = (size_t)(auth - url);
	memcpy(out, url, o);
	size_t alen = strcspn(auth, "/?#");
	const char *at = NULL;
	for (const char *p = auth; p < auth + alen; p++)
		if (*p == '@')
			at = p;
	const char *p = auth;
	if (at) {
		const char *colon = memchr(auth, ':', (size_t)(at - auth));
		if (colon) { /* user:*** */
			memcpy(out + o, auth, (size_t)(colon - auth) + 1);
			o += (size_t)(colon - auth) + 1;
		}
		memcpy(out + o, "***", 3); /* a lone user name is often a token: hidden too */
		o += 3;
		p = at;
	}
	const char *q = strchr(p, '?');
	const char *hash = q ? strchr(q, '#') : NULL;
	size_t upto = q ? (size_t)(q + 1 - p) : strlen(p);
	memcpy(out + o, p, upto);
	o += upto;
	if (q) {
		const char *qe = hash ? hash : q + strlen(q);
		for (const char *f = q + 1; f < qe;) {
			size_t fl = strcspn(f, "&");
			if (f + fl > qe)
				fl = (size_t)(qe - f);
			const char *eq = memchr(f, '=', fl);
			if (eq && secret_param(f, (size_t)(eq - f))) {
				memcpy(out + o, f, (size_t)(eq - f) + 1);
				o += (size_t)(eq - f) + 1;
				memcpy(out + o, "***", 3);
				o += 3;
			} else {
				memcpy(out + o, f, fl);
				o += fl;
			}
			f += fl;
			if (f < qe) /* the '&' */
				out[o++] = *f++;
		}
		if (hash) {
			memcpy(out + o, hash, strlen(hash));
			o += strlen(hash);
		}
	}
	out[o] = '\0';
	return out;
}

/* libcurl's functions; ds_fetch loaded them before any use here. */
static const struct ds_curl *lib(void)
{
	struct ll_err unused;
	return ds_curl(&unused);
}

/* ---- where a URL is fetched from ---- */

struct target {
	char *url;   /* the http(s) URL curl fetches; also the cache key */
	int s3;
	char *host;  /* s3: Host header as signed (host[:port]) */
	char *path;  /* s3: canonical URI */
	const char *region, *akid, *secret, *token;
};

static void target_free(struct target *t)
{
	free(t->url);
	free(t->host);
	free(t->path);
	memset(t, 0, sizeof *t);
}

static char *str_printf(const char *fmt, const char *a, const char *b, const char *c)
{
	size_t n = strlen(fmt) + strlen(a) + strlen(b) + strlen(c) + 1;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, fmt, a, b, c);
	return s;
}

static const char *env_first(const char *a, const char *b, const char *c)
{
	const char *names[] = {a, b, c};
	for (int i = 0; i < 3; i++) {
		const char *v = names[i] ? getenv(names[i]) : NULL;
		if (v && *v)
			return v;
	}
	return NULL;
}

/* shown: url as messages may name it (ds_url_redact). */
static int resolve_target(const char *url, const char *shown, struct target *t, struct ll_err *err)
{
	memset(t, 0, sizeof *t);
	/* An s3:// key is raw text (the signer encodes it), so only there may it hold spaces. */
	int s3 = strncasecmp(url, "s3://", 5) == 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p < ' ' || *p == 0x7f || (*p == ' ' && !s3))
			return ll_err_set(err, LL_EUSAGE, "%s: a URL may not contain spaces or control characters", shown);
	if (!s3) {
		const char *h = strstr(url, "://") + 3;
		if (*h == '\0' || *h == '/' || *h == '?' || *h == '#')
			return ll_err_set(err, LL_EUSAGE, "%s: the URL names no host", shown);
		t->url = strdup(url);
		return t->url ? LL_OK : ll_err_set(err, LL_ENOMEM, "%s: out of memory", shown);
	}
	const char *b = url + 5, *slash = strchr(b, '/');
	if (!slash || slash == b || slash[1] == '\0')
		return ll_err_set(err, LL_EUSAGE, "%s: expected s3://BUCKET/KEY", shown);
	char bucket[256];
	size_t bl = (size_t)(slash - b);
	if (bl >= sizeof bucket)
		return ll_err_set(err, LL_EUSAGE, "%s: bucket name too long", shown);
	memcpy(bucket, b, bl);
	bucket[bl] = '\0';
	for (size_t i = 0; i < bl; i++)
		if (!(islower((unsigned char)bucket[i]) || isdigit((unsigned char)bucket[i]) || bucket[i] == '-' ||
		      bucket[i] == '.' || bucket[i] == '_'))
			return ll_err_set(err, LL_EUSAGE, "%s: '%s' is not a valid bucket name", shown, bucket);
	t->s3 = 1;
	t->region = env_first("AWS_REGION", "AWS_DEFAULT_REGION", NULL);
	if (!t->region)
		t->region = "us-east-1";
	t->akid = env_first("AWS_ACCESS_KEY_ID", NULL, NULL);
	t->secret = env_first("AWS_SECRET_ACCESS_KEY", NULL, NULL);
	t->token = env_first("AWS_SESSION_TOKEN", NULL, NULL);
	char *key = ds_sigv4_uri_encode(slash + 1, 1);
	if (!key)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", shown);
	const char *ep = env_first("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "LOGLAB_S3_ENDPOINT");
	int rc = LL_OK;
	if (ep) {
		/* Path-style: ENDPOINT[/prefix]/bucket/key. */
		const char *hs = strstr(ep, "://");
		if (!hs || !(strncasecmp(ep, "http://", 7) == 0 || strncasecmp(ep, "https://", 8) == 0) || !hs[3]) {
			free(key);
			return ll_err_set(err, LL_EUSAGE, "S3 endpoint '%s' is not an http:// or https:// URL", ep);
		}
		hs += 3;
		size_t hl = strcspn(hs, "/");
		char scheme[16], host[512], prefix[512];
		snprintf(scheme, sizeof scheme, "%.*s", (int)(hs - ep), ep);
		snprintf(host, sizeof host, "%.*s", (int)hl, hs);
		snprintf(prefix, sizeof prefix, "%s", hs + hl);
		size_t pl = strlen(prefix);
		while (pl && prefix[pl - 1] == '/')
			prefix[--pl] = '\0';
		t->host = strdup(host);
		char *bpath = str_printf("%s/%s/%s", prefix, bucket, key);
		t->path = bpath;
		t->url = bpath ? str_printf("%s%s%s", scheme, host, bpath) : NULL;
	} else {
		char host[512];
		snprintf(host, sizeof host, "%s.s3.%s.amazonaws.com", bucket, t->region);
		t->host = strdup(host);
		t->path = str_printf("/%s%s%s", key, "", "");
		t->url = t->path ? str_printf("https://%s%s%s", host, t->path, "") : NULL;
	}
	free(key);
	if (!t->host || !t->path || !t->url) {
		target_free(t);
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", shown);
	}
	return rc;
}

/* ---- one HTTP exchange ---- */

struct request {
	const char *if_none_match;     /* conditional GET validators */
	const char *if_modified_since;
	long long range_from;          /* >= 0: ask for bytes from here (resume) */
	const char *if_range;          /* validator that the .part was started under */
	const char *part_encoding;     /* Content-Encoding the .part was started with */
	/* what a 206 must carry to continue the part: the part's strong ETag,
	 * else its Last-Modified, and its total length (-1: not known) */
	const char *part_etag, *part_last_modified;
	long long part_length;
};

struct xfer {
	const char *shown;      /* the user's URL, for messages */
	/* the final response's status line and headers */
	long status;
	char reason[96];
	char *etag, *last_modified, *encoding, *checksum, *checksum_type;
	long long content_length, range_start, range_total;
	/* the body */
	const char *part;       /* file the body goes to */
	const char *partmeta;   /* NULL when not resumable (no cache) */
	int fd;
	long long offset;       /* bytes in the part before this response's body */
	long long written;      /* body bytes written by this exchange */
	char *final_encoding;   /* Content-Encoding of the whole part */
	int write_errno, range_mismatch;
	/* limits */
	long long max_bytes;    /* of the whole file, part included */
	int over_limit;         /* the body (or its Content-Length) passed max_bytes */
	const struct request *rq;
	int validator_mismatch; /* a 206 that does not continue the part */
	int bad_encoding;       /* a 2xx body in a Content-Encoding loglab cannot undo */
	int headers_complete;   /* the final response's headers all arrived */
	char mismatch_why[160];
	double idle;            /* seconds without a byte before giving up */
	int idle_expired;
	int deadline_hit;       /* the fetch's deadline ended this exchange */
	long long last_bytes;   /* dlnow when it last changed, and when */
	struct timespec last_change;
	char errbody[4096];
	size_t nerrbody;
	/* progress */
	ds_fetch_progress_fn progress;
	void *ctx;
	struct timespec t0;
};

static void xfer_reset_headers(struct xfer *x)
{
	free(x->etag);
	free(x->last_modified);
	free(x->encoding);
	free(x->checksum);
	free(x->checksum_type);
	x->etag = x->last_modified = x->encoding = x->checksum = x->checksum_type = NULL;
	x->status = 0;
	x->reason[0] = '\0';
	x->content_length = x->range_start = x->range_total = -1;
	x->nerrbody = 0;
	x->headers_complete = 0;
}

static double since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* A 206 continues the part only when it is the same version of the file:
 * the same strong ETag (or, when the part has none, the same Last-Modified)
 * and the same total length. Anything else would splice two versions. */
static int continues_part(struct xfer *x)
{
	const struct request *rq = x->rq;
	const char *want = rq->part_etag ? rq->part_etag : rq->part_last_modified;
	const char *have = rq->part_etag ? x->etag : x->last_modified;
	const char *what = rq->part_etag ? "ETag" : "Last-Modified";
	if (!want) {
		snprintf(x->mismatch_why, sizeof x->mismatch_why, "the part has no validator");
		return 0;
	}
	if (!have) {
		snprintf(x->mismatch_why, sizeof x->mismatch_why, "the resumed response carries no %s", what);
		return 0;
	}
	if (strcmp(want, have) != 0) {
		snprintf(x->mismatch_why, sizeof x->mismatch_why, "%s %.60s, now %.60s", what, want, have);
		return 0;
	}
	if (rq->part_length >= 0 && x->range_total >= 0 && x->range_total != rq->part_length) {
		snprintf(x->mismatch_why, sizeof x->mismatch_why, "length %lld, now %lld", rq->part_length,
			 x->range_total);
		return 0;
	}
	return 1;
}

/* The Content-Encodings finish_part can undo: none, identity and gzip. */
static int encoding_supported(const char *enc)
{
	return !enc || strcasecmp(enc, "identity") == 0 || strcasecmp(enc, "gzip") == 0 ||
	       strcasecmp(enc, "x-gzip") == 0;
}

/* At the end of a response's headers: refuse a body that cannot be used
 * before any of it is stored. */
static int headers_done(struct xfer *x)
{
	x->headers_complete = 1;
	if (x->status < 200 || x->status >= 300)
		return 0;
	/* Known unusable now: not after gigabytes (or an endless body) were
	 * stored only to be thrown away. */
	if (!encoding_supported(x->encoding)) {
		x->bad_encoding = 1;
		return -1;
	}
	if (x->status == 206 && x->offset > 0 && !continues_part(x)) {
		x->validator_mismatch = 1;
		return -1;
	}
	long long base = x->status == 206 ? x->offset : 0;
	if (x->content_length >= 0 && base + x->content_length > x->max_bytes) {
		x->over_limit = 1;
		return -1;
	}
	return 0;
}

static void xfer_free(struct xfer *x)
{
	xfer_reset_headers(x);
	free(x->final_encoding);
	x->final_encoding = NULL;
	if (x->fd >= 0)
		close(x->fd);
	x->fd = -1;
}

static size_t on_header(char *buf, size_t size, size_t nitems, void *ud)
{
	struct xfer *x = ud;
	size_t len = size * nitems;
	char line[1024];
	size_t n = len < sizeof line - 1 ? len : sizeof line - 1;
	memcpy(line, buf, n);
	line[n] = '\0';
	while (n && (line[n - 1] == '\r' || line[n - 1] == '\n'))
		line[--n] = '\0';
	if (n == 0)
		return headers_done(x) == 0 ? len : 0;
	if (strncmp(line, "HTTP/", 5) == 0) {
		/* A new response (after a redirect or a 100 Continue): forget the last one. */
		xfer_reset_headers(x);
		char *sp = strchr(line, ' ');
		if (sp) {
			x->status = strtol(sp + 1, NULL, 10);
			char *sp2 = strchr(sp + 1, ' ');
			if (sp2)
				snprintf(x->reason, sizeof x->reason, "%s", sp2 + 1);
		}
		return len;
	}
	char *colon = strchr(line, ':');
	if (!colon)
		return len;
	*colon = '\0';
	char *v = colon + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	char **slot = NULL;
	if (strcasecmp(line, "ETag") == 0)
		slot = &x->etag;
	else if (strcasecmp(line, "Last-Modified") == 0)
		slot = &x->last_modified;
	else if (strcasecmp(line, "Content-Encoding") == 0)
		slot = &x->encoding;
	else if (strcasecmp(line, "x-amz-checksum-sha256") == 0)
		slot = &x->checksum;
	else if (strcasecmp(line, "x-amz-checksum-type") == 0)
		slot = &x->checksum_type;
	else if (strcasecmp(line, "Content-Length") == 0)
		x->content_length = strtoll(v, NULL, 10);
	else if (strcasecmp(line, "Content-Range") == 0) {
		long long a, b;
		char total[32];
		if (sscanf(v, "bytes %lld-%lld/%31s", &a, &b, total) == 3) {
			x->range_start = a;
			x->range_total = total[0] == '*' ? -1 : strtoll(total, NULL, 10);
		}
	}
	if (slot) {
		free(*slot);
		*slot = strdup(v);
	}
	return len;
}

/* First write of a 2xx body: open the part (appending for 206) and record
 * how to resume it. */
static int open_part(struct xfer *x)
{
	int flags = O_WRONLY | O_CREAT | O_CLOEXEC;
	if (x->status == 206 && x->offset > 0) {
		if (x->range_start != x->offset) {
			x->range_mismatch = 1;
			return -1;
		}
		flags |= O_APPEND;
	} else {
		/* a 206 to a request without Range: bytes from 0, like a 200 */
		if (x->status == 206 && x->range_start != 0) {
			x->range_mismatch = 1;
			return -1;
		}
		x->offset = 0;
		flags |= O_TRUNC;
		free(x->final_encoding);
		x->final_encoding = x->encoding ? strdup(x->encoding) : NULL;
	}
	x->fd = open(x->part, flags, 0600);
	if (x->fd < 0) {
		x->write_errno = errno;
		return -1;
	}
	if (x->partmeta && !(flags & O_APPEND)) {
		struct ds_cache_meta pm = {0};
		pm.url = (char *)x->shown;
		const char *strong = x->etag && strncmp(x->etag, "W/", 2) != 0 ? x->etag : NULL;
		pm.etag = (char *)strong;
		pm.last_modified = x->last_modified;
		pm.encoding = x->final_encoding;
		pm.length = x->content_length;
		pm.fetched = pm.used = (long long)time(NULL);
		/* Without a validator a later Range request could splice two versions: not resumable. */
		if (strong || x->last_modified)
			ds_cache_meta_write(x->partmeta, &pm, NULL);
		else
			unlink(x->partmeta);
	}
	return 0;
}

static size_t on_body(char *buf, size_t size, size_t nitems, void *ud)
{
	struct xfer *x = ud;
	size_t len = size * nitems;
	if (x->status < 200 || x->status >= 300) {
		size_t room = sizeof x->errbody - 1 - x->nerrbody;
		size_t take = len < room ? len : room;
		memcpy(x->errbody + x->nerrbody, buf, take);
		x->nerrbody += take;
		x->errbody[x->nerrbody] = '\0';
		return len;
	}
	if (x->fd < 0 && open_part(x) != 0)
		return 0;
	if (x->offset + x->written + (long long)len > x->max_bytes) {
		x->over_limit = 1;
		return 0;
	}
	for (size_t done = 0; done < len;) {
		ssize_t w = write(x->fd, buf + done, len - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			x->write_errno = errno;
			return 0;
		}
		done += (size_t)w;
	}
	x->written += (long long)len;
	return len;
}

static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	(void)ultotal;
	(void)ulnow;
	struct xfer *x = ud;
	/* Idle: no new byte for x->idle seconds, whether connecting, waiting
	 * for an answer or in the middle of a body. */
	if ((long long)dlnow != x->last_bytes) {
		x->last_bytes = (long long)dlnow;
		clock_gettime(CLOCK_MONOTONIC, &x->last_change);
	} else if (since(&x->last_change) >= x->idle) {
		x->idle_expired = 1;
		return 1;
	}
	if (!x->progress)
		return 0;
	double dt = since(&x->t0);
	long long base = x->status == 206 ? x->offset : 0;
	long long total = dltotal > 0 ? base + (long long)dltotal : -1;
	double rate = dt > 0 ? (double)dlnow / dt : 0;
	return x->progress(x->ctx, base + (long long)dlnow, total, rate) ? 1 : 0;
}

static int add_header(struct curl_slist **list, const char *name, const char *value)
{
	char buf[2048];
	snprintf(buf, sizeof buf, "%s: %s", name, value);
	struct curl_slist *l = lib()->slist_append(*list, buf);
	if (!l)
		return -1;
	*list = l;
	return 0;
}

/* Signs the request for S3 and adds the headers. */
static int s3_headers(const struct target *t, struct curl_slist **list, int checksum_mode, struct ll_err *err)
{
	char date[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y%m%dT%H%M%SZ", &tm);
	struct ds_sigv4_header h[5];
	size_t n = 0;
	h[n++] = (struct ds_sigv4_header){"host", t->host};
	h[n++] = (struct ds_sigv4_header){"x-amz-content-sha256", DS_SIGV4_EMPTY_HASH};
	h[n++] = (struct ds_sigv4_header){"x-amz-date", date};
	if (checksum_mode)
		h[n++] = (struct ds_sigv4_header){"x-amz-checksum-mode", "ENABLED"};
	if (t->token)
		h[n++] = (struct ds_sigv4_header){"x-amz-security-token", t->token};
	for (size_t i = 0; i < n; i++)
		if (add_header(list, h[i].name, h[i].value) != 0)
			return ll_err_set(err, LL_ENOMEM, "out of memory");
	if (!t->akid || !t->secret)
		return LL_OK; /* anonymous: public buckets */
	struct ds_sigv4_request rq = {.method = "GET",
				      .path = t->path,
				      .query = "",
				      .headers = h,
				      .nheaders = n,
				      .payload_hash = DS_SIGV4_EMPTY_HASH,
				      .region = t->region,
				      .service = "s3",
				      .amz_date = date,
				      .access_key = t->akid,
				      .secret_key = t->secret};
	char *auth = NULL;
	int rc = ds_sigv4_sign(&rq, &auth, NULL, NULL, err);
	if (rc != LL_OK)
		return rc;
	rc = add_header(list, "Authorization", auth) == 0 ? LL_OK : ll_err_set(err, LL_ENOMEM, "out of memory");
	free(auth);
	return rc;
}

struct outcome {
	CURLcode code;
	long os_errno;
	char errbuf[CURL_ERROR_SIZE];
};

static double idle_seconds(const struct ds_fetch_opts *o)
{
	return o->idle_timeout > 0 ? o->idle_timeout : 30;
}

/* remaining: seconds left of the fetch's deadline, <= 0 when there is none. */
static int perform(const struct target *t, const struct request *rq, const struct ds_fetch_opts *o, double remaining,
		   struct xfer *x, struct outcome *out, struct ll_err *err)
{
	memset(out, 0, sizeof *out);
	xfer_reset_headers(x);
	x->fd = -1;
	x->written = 0;
	x->write_errno = x->range_mismatch = 0;
	x->over_limit = x->validator_mismatch = x->bad_encoding = x->idle_expired = x->deadline_hit = 0;
	x->mismatch_why[0] = '\0';
	x->rq = rq;
	x->offset = rq->range_from > 0 ? rq->range_from : 0;
	free(x->final_encoding);
	x->final_encoding = rq->part_encoding ? strdup(rq->part_encoding) : NULL;
	clock_gettime(CLOCK_MONOTONIC, &x->t0);
	x->idle = idle_seconds(o);
	x->last_bytes = 0;
	x->last_change = x->t0;

	const struct ds_curl *cu = lib();
	CURL *c = cu->easy_init();
	if (!c)
		return ll_err_set(err, LL_ENOMEM, "%s: cannot start libcurl", x->shown);
	struct curl_slist *hdrs = NULL;
	int rc = LL_OK;
	/* We undo gzip ourselves after the download so that Range offsets and
	 * lengths refer to the bytes as sent, which is what resuming needs. */
	if (add_header(&hdrs, "Accept-Encoding", "gzip") != 0)
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	if (rc == LL_OK && rq->if_none_match && add_header(&hdrs, "If-None-Match", rq->if_none_match) != 0)
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	if (rc == LL_OK && rq->if_modified_since &&
	    add_header(&hdrs, "If-Modified-Since", rq->if_modified_since) != 0)
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	if (rc == LL_OK && rq->range_from > 0 && rq->if_range && add_header(&hdrs, "If-Range", rq->if_range) != 0)
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	if (rc == LL_OK && t->s3)
		rc = s3_headers(t, &hdrs, rq->range_from <= 0, err);
	if (rc != LL_OK) {
		cu->slist_free_all(hdrs);
		cu->easy_cleanup(c);
		return rc;
	}
	double idle = idle_seconds(o);
	long maxredirs = o->max_redirects > 0 ? o->max_redirects : 10;
	char range[32];
	cu->easy_setopt(c, CURLOPT_URL, t->url);
	cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	cu->easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	/* A signed S3 request is valid for one host only; S3's redirects carry an explanatory body. */
	cu->easy_setopt(c, CURLOPT_FOLLOWLOCATION, t->s3 ? 0L : 1L);
	cu->easy_setopt(c, CURLOPT_MAXREDIRS, maxredirs);
	cu->easy_setopt(c, CURLOPT_USERAGENT, "loglab/" PACKAGE_VERSION);
	cu->easy_setopt(c, CURLOPT_ERRORBUFFER, out->errbuf);
	cu->easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)(idle * 1000));
	/* A stall, not a slow link, is what the idle timeout ends (on_progress
	 * watches for new bytes); a trickle is ended by the deadline. */
	if (remaining > 0)
		cu->easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)ceil(remaining * 1000));
	cu->easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	cu->easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	cu->easy_setopt(c, CURLOPT_HEADERDATA, x);
	cu->easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	cu->easy_setopt(c, CURLOPT_WRITEDATA, x);
	cu->easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	cu->easy_setopt(c, CURLOPT_XFERINFODATA, x);
	cu->easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	if (rq->range_from > 0) {
		snprintf(range, sizeof range, "%lld-", rq->range_from);
		cu->easy_setopt(c, CURLOPT_RANGE, range);
	}
	out->code = cu->easy_perform(c);
	cu->easy_getinfo(c, CURLINFO_OS_ERRNO, &out->os_errno);
	x->deadline_hit = out->code == CURLE_OPERATION_TIMEDOUT && remaining > 0 && since(&x->t0) >= remaining * 0.99;
	cu->slist_free_all(hdrs);
	cu->easy_cleanup(c);
	if (x->fd >= 0) {
		if (fsync(x->fd) != 0 && out->code == CURLE_OK) {
			x->write_errno = errno;
			out->code = CURLE_WRITE_ERROR;
		}
		if (close(x->fd) != 0 && out->code == CURLE_OK) {
			x->write_errno = errno;
			out->code = CURLE_WRITE_ERROR;
		}
		x->fd = -1;
	}
	return LL_OK;
}

/* ---- messages ---- */

/* The server's own words: S3's <Message>, an HTML <title>, or the body's first non-blank line. */
static void body_message(const char *body, char *out, size_t cap)
{
	out[0] = '\0';
	const char *s = NULL, *e = NULL;
	const char *m = strstr(body, "<Message>");
	if (m) {
		s = m + 9;
		e = strstr(s, "</Message>");
	} else if ((m = strcasestr(body, "<title>")) != NULL) {
		s = m + 7;
		e = strcasestr(s, "</title>");
	}
	if (!s || !e) {
		s = body;
		while (*s && isspace((unsigned char)*s))
			s++;
		e = s + strcspn(s, "\r\n");
	}
	size_t n = 0;
	char code[64] = "";
	const char *cs = strstr(body, "<Code>");
	if (cs && m && strncmp(m, "<Message>", 9) == 0) {
		cs += 6;
		size_t cl = strcspn(cs, "<");
		if (cl < sizeof code - 3)
			snprintf(code, sizeof code, "%.*s: ", (int)cl, cs);
	}
	n = (size_t)snprintf(out, cap, "%s", code);
	if (n >= cap)
		n = cap - 1;
	for (const char *p = s; p < e && n + 1 < cap && n < 240; p++)
		out[n++] = (unsigned char)*p < ' ' ? ' ' : *p;
	out[n] = '\0';
}

static int is_network_failure(CURLcode c)
{
	return c == CURLE_COULDNT_RESOLVE_HOST || c == CURLE_COULDNT_RESOLVE_PROXY || c == CURLE_COULDNT_CONNECT ||
	       c == CURLE_OPERATION_TIMEDOUT || c == CURLE_GOT_NOTHING || c == CURLE_RECV_ERROR ||
	       c == CURLE_SEND_ERROR || c == CURLE_PARTIAL_FILE;
}

static int is_tls_failure(CURLcode c)
{
	switch (c) {
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CLIENTCERT:
	case CURLE_USE_SSL_FAILED:
		return 1;
	default:
		return 0;
	}
}

/* A failed exchange as a message naming the URL. */
static int transfer_error(const struct xfer *x, const struct outcome *oc, const struct ds_fetch_opts *o,
			  int keeps_part, struct ll_err *err)
{
	const char *why = oc->errbuf[0] ? oc->errbuf : lib()->easy_strerror(oc->code);
	double idle = idle_seconds(o);
	long long have = x->offset + x->written;
	const char *after = keeps_part ? "; the partial download is kept, run again to resume"
				       : "; nothing was saved";
	char total[48] = "an unknown number of";
	long long want = x->status == 206 ? x->range_total : x->content_length >= 0 ? x->offset + x->content_length : -1;
	if (x->status != 206 && x->content_length >= 0)
		want = x->content_length;
	if (want >= 0)
		snprintf(total, sizeof total, "%lld", want);
	if (x->over_limit) {
		char lim[32];
		ll_format_bytes((double)x->max_bytes, lim, sizeof lim);
		return ll_err_set(err, LL_EDATA, "%s: the file is larger than %s (%s bytes announced, %lld received); "
				  "refused, nothing was saved", x->shown, lim, want >= 0 ? total : "no size", have);
	}
	if (x->validator_mismatch)
		return ll_err_set(err, LL_EIO, "%s: the server's file changed since the partial download (%s)", x->shown,
				  x->mismatch_why);
	if (x->bad_encoding)
		return ll_err_set(err, LL_EIO, "%s: unsupported Content-Encoding '%s' (loglab asks for gzip only)",
				  x->shown, x->encoding);
	/* curl's word for a header line longer than it takes (100 KiB) */
	if (oc->code == CURLE_OUT_OF_MEMORY && x->status != 0 && !x->headers_complete)
		return ll_err_set(err, LL_EIO, "%s: the server's response headers are malformed or too large (%s)",
				  x->shown, why);
	if (x->status == 0 && (x->deadline_hit || x->idle_expired))
		return ll_err_set(err, LL_EIO, "%s: timed out after %g s waiting for the server", x->shown,
				  x->deadline_hit ? o->deadline : idle);
	if (x->deadline_hit)
		return ll_err_set(err, LL_EIO, "%s: timed out: the whole fetch may take %g s (--timeout); %lld of %s "
				  "bytes had arrived%s", x->shown, o->deadline, have, total, x->written || x->offset ? after : "");
	if (x->idle_expired)
		return ll_err_set(err, LL_EIO, "%s: timed out: no data for %g s after %lld of %s bytes%s", x->shown,
				  idle, have, total, x->written || x->offset ? after : "");
	switch (oc->code) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return ll_err_set(err, LL_EIO, "%s: cannot resolve the host name (DNS lookup failed: %s)", x->shown, why);
	case CURLE_COULDNT_CONNECT:
		if (oc->os_errno)
			return ll_err_set(err, LL_EIO, "%s: cannot connect: %s", x->shown, strerror((int)oc->os_errno));
		return ll_err_set(err, LL_EIO, "%s: cannot connect: %s", x->shown, why);
	case CURLE_OPERATION_TIMEDOUT:
		if (x->status == 0)
			return ll_err_set(err, LL_EIO, "%s: timed out after %g s waiting for the server", x->shown, idle);
		return ll_err_set(err, LL_EIO, "%s: timed out: no data for %g s after %lld of %s bytes%s", x->shown,
				  idle, have, total, x->written || x->offset ? after : "");
	case CURLE_TOO_MANY_REDIRECTS:
		return ll_err_set(err, LL_EIO, "%s: too many redirects (more than %ld): a redirect loop?", x->shown,
				  o->max_redirects > 0 ? o->max_redirects : 10);
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
		/* a handshake the server broke off (https to a plain server under
		 * load: it answers 400 and closes before the TLS layer complains) */
		if (x->status == 0 && (strstr(why, "SSL") || strstr(why, "TLS")))
			return ll_err_set(err, LL_EIO, "%s: TLS error: %s", x->shown, why);
		if (oc->code == CURLE_RECV_ERROR && strcasestr(why, "header"))
			return ll_err_set(err, LL_EIO, "%s: the server's response headers are malformed or too large (%s)",
					  x->shown, why);
		if (x->status == 0)
			return ll_err_set(err, LL_EIO, "%s: the server closed the connection without answering (%s)",
					  x->shown, why);
		return ll_err_set(err, LL_EIO, "%s: the server closed the connection after %lld of %s bytes%s",
				  x->shown, have, total, after);
	case CURLE_ABORTED_BY_CALLBACK:
		return ll_err_set(err, LL_ECANCEL, "%s: cancelled after %lld bytes%s", x->shown, have,
				  have ? after : "");
	case CURLE_WRITE_ERROR:
		if (x->range_mismatch)
			return ll_err_set(err, LL_EIO, "%s: asked to resume at byte %lld but the server sent from %lld",
					  x->shown, x->offset, x->range_start);
		if (x->write_errno)
			return ll_err_errno(err, LL_EIO, x->write_errno, "%s: cannot write %s", x->shown, x->part);
		return ll_err_set(err, LL_EIO, "%s: write failed (%s)", x->shown, why);
	case CURLE_URL_MALFORMAT:
		return ll_err_set(err, LL_EUSAGE, "%s: malformed URL (%s)", x->shown, why);
	case CURLE_UNSUPPORTED_PROTOCOL:
		return ll_err_set(err, LL_EIO, "%s: unsupported protocol, only http and https are fetched (%s)",
				  x->shown, why);
	default:
		if (is_tls_failure(oc->code))
			return ll_err_set(err, LL_EIO, "%s: TLS error: %s", x->shown, why);
		return ll_err_set(err, LL_EIO, "%s: %s", x->shown, why);
	}
}

static int http_error(const struct xfer *x, struct ll_err *err)
{
	char msg[300];
	body_message(x->errbody, msg, sizeof msg);
	if (msg[0])
		return ll_err_set(err, LL_EIO, "%s: HTTP %ld%s%s: %s", x->shown, x->status, x->reason[0] ? " " : "",
				  x->reason, msg);
	return ll_err_set(err, LL_EIO, "%s: HTTP %ld%s%s", x->shown, x->status, x->reason[0] ? " " : "", x->reason);
}

/* ---- finishing a download ---- */

static int hash_file(const char *path, char hex[65], long long *size, struct ll_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot open", path);
	struct ds_sha256 s;
	ds_sha256_init(&s);
	static _Thread_local unsigned char buf[1 << 16];
	long long n = 0;
	for (;;) {
		ssize_t r = read(fd, buf, sizeof buf);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			return ll_err_errno(err, LL_EIO, e, "%s: read error", path);
		}
		if (r == 0)
			break;
		ds_sha256_update(&s, buf, (size_t)r);
		n += r;
	}
	close(fd);
	unsigned char d[DS_SHA256_LEN];
	ds_sha256_final(&s, d);
	ds_hex(d, sizeof d, hex);
	if (size)
		*size = n;
	return LL_OK;
}

/* Inflates a gzip file of in_bytes (all members) into dst, written then
 * fsync'd; stops at max_out bytes and at the inflate limits (a bomb). */
static int gunzip_file(const char *src, long long in_bytes, const char *dst, long long max_out, const char *shown,
		       struct ll_err *err)
{
	gzFile in = gzopen(src, "rb");
	if (!in)
		return ll_err_errno(err, LL_EIO, errno ? errno : ENOMEM, "%s: cannot open %s", shown, src);
	int fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		int e = errno;
		gzclose(in);
		return ll_err_errno(err, LL_EIO, e, "%s: cannot create %s", shown, dst);
	}
	static _Thread_local char buf[1 << 16];
	int rc = LL_OK;
	long long out_bytes = 0;
	for (;;) {
		int r = gzread(in, buf, sizeof buf);
		/* gzread passes bytes that are not gzip through as they are:
		 * then the server's Content-Encoding is wrong, and what it sent
		 * is not known to be the file */
		if (r > 0 && out_bytes == 0 && gzdirect(in)) {
			rc = ll_err_set(err, LL_EIO, "%s: the gzip-encoded body is not gzip data (Content-Encoding gzip, "
					"yet no gzip header); nothing was saved", shown);
			break;
		}
		if (r > 0) {
			out_bytes += r;
			if (out_bytes > max_out) {
				char lim[32];
				ll_format_bytes((double)max_out, lim, sizeof lim);
				rc = ll_err_set(err, LL_EDATA, "%s: the gzip-encoded body expands beyond %s; refused, nothing "
						"was saved", shown, lim);
				break;
			}
			if ((rc = ll_inflate_check((uint64_t)in_bytes, (uint64_t)out_bytes, shown, err)) != LL_OK)
				break;
		}
		if (r < 0) {
			int zerr;
			const char *m = gzerror(in, &zerr);
			rc = ll_err_set(err, LL_EIO, "%s: the gzip-encoded body is corrupt (%s)", shown, m);
			break;
		}
		if (r == 0)
			break;
		for (int done = 0; done < r;) {
			ssize_t w = write(fd, buf + done, (size_t)(r - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write %s", shown, dst);
				break;
			}
			done += (int)w;
		}
		if (rc != LL_OK)
			break;
	}
	/* gzread stops quietly at a truncated stream; gzclose_r reports it. */
	int zc = gzclose_r(in);
	if (rc == LL_OK && zc != Z_OK)
		rc = ll_err_set(err, LL_EIO, "%s: the gzip-encoded body is truncated or corrupt", shown);
	if (rc == LL_OK && fsync(fd) != 0)
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write %s", shown, dst);
	if (close(fd) != 0 && rc == LL_OK)
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write %s", shown, dst);
	if (rc != LL_OK)
		unlink(dst);
	return rc;
}

/* Checks the finished part and moves it to dst (decoding gzip). On failure
 * a part that is merely short stays for resuming; a wrong one is removed. */
static int finish_part(struct xfer *x, const char *dst, struct ds_fetch_result *res, struct ll_err *err)
{
	struct stat st;
	if (x->fd < 0 && stat(x->part, &st) != 0) {
		/* An empty body never opened the part. */
		int fd = open(x->part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0)
			return ll_err_errno(err, LL_EIO, errno, "%s: cannot create %s", x->shown, x->part);
		close(fd);
		free(x->final_encoding);
		x->final_encoding = x->encoding ? strdup(x->encoding) : NULL;
	}
	long long size;
	int rc = hash_file(x->part, res->sha256, &size, err);
	if (rc != LL_OK)
		return rc;
	long long want = x->status == 206 ? x->range_total : x->content_length;
	if (want >= 0 && size != want) {
		if (size > want || !x->partmeta) {
			unlink(x->part);
			if (x->partmeta)
				unlink(x->partmeta);
		}
		return ll_err_set(err, LL_EIO, "%s: incomplete download: %lld of %lld bytes%s", x->shown, size, want,
				  size < want && x->partmeta ? "; run again to resume" : "");
	}
	/* S3's full-object checksum; a composite one ("...-N") is of parts, not of the file. */
	if (x->checksum && strlen(x->checksum) == 44 &&
	    !(x->checksum_type && strcasecmp(x->checksum_type, "COMPOSITE") == 0)) {
		unsigned char d[DS_SHA256_LEN];
		char b64[45];
		for (int i = 0; i < 32; i++) {
			unsigned v;
			sscanf(res->sha256 + 2 * i, "%2x", &v);
			d[i] = (unsigned char)v;
		}
		ds_base64(d, sizeof d, b64);
		if (strcmp(b64, x->checksum) != 0) {
			unlink(x->part);
			if (x->partmeta)
				unlink(x->partmeta);
			return ll_err_set(err, LL_EIO, "%s: checksum mismatch: the server states SHA-256 %s, the %lld bytes "
					  "received have %s; the download was discarded", x->shown, x->checksum, size, b64);
		}
	}
	const char *enc = x->final_encoding;
	if (enc && (strcasecmp(enc, "gzip") == 0 || strcasecmp(enc, "x-gzip") == 0)) {
		size_t n = strlen(dst) + 8;
		char *tmp = malloc(n);
		if (!tmp)
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", x->shown);
		snprintf(tmp, n, "%s.gunzip", dst);
		rc = gunzip_file(x->part, size, tmp, x->max_bytes, x->shown, err);
		if (rc == LL_OK && rename(tmp, dst) != 0) {
			rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot rename %s to %s", x->shown, tmp, dst);
			unlink(tmp);
		}
		free(tmp);
		unlink(x->part);
	} else if (enc && strcasecmp(enc, "identity") != 0) {
		unlink(x->part);
		rc = ll_err_set(err, LL_EIO, "%s: unsupported Content-Encoding '%s' (loglab asks for gzip only)",
				x->shown, enc);
	} else if (rename(x->part, dst) != 0) {
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot rename %s to %s", x->shown, x->part, dst);
	}
	if (x->partmeta)
		unlink(x->partmeta);
	if (rc == LL_OK && stat(dst, &st) == 0)
		res->size = st.st_size;
	return rc;
}

/* Copies src to dst through a temporary file and a rename (a device or
 * FIFO such as /dev/stdout in place: ll_out_open). */
static int copy_file(const char *src, const char *dst, const char *shown, struct ll_err *err)
{
	(void)shown;
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot open", src);
	struct ll_out out;
	int rc = ll_out_open(&out, dst, err);
	static _Thread_local char buf[1 << 16];
	while (rc == LL_OK) {
		ssize_t r = read(in, buf, sizeof buf);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = ll_err_errno(err, LL_EIO, errno, "%s: read error", src);
			break;
		}
		if (r == 0)
			break;
		if (ll_write_all(out.fd, buf, (size_t)r) != 0)
			rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write", out.tmp ? out.tmp : dst);
	}
	close(in);
	if (rc == LL_OK)
		return ll_out_commit(&out, dst, err);
	ll_out_abort(&out);
	return rc;
}

/* ---- the two ways to fetch ---- */

/* Seconds left of the fetch's deadline (<= 0: none); a tiny positive
 * number once it has passed, so the next exchange ends at once. */
static double remaining_time(const struct ds_fetch_opts *o, const struct timespec *start)
{
	if (o->deadline <= 0)
		return 0;
	double left = o->deadline - since(start);
	return left > 0.001 ? left : 0.001;
}

/* --no-cache: straight to the output (or a temporary file) through a part. */
static int fetch_direct(const struct target *t, const char *shown, const struct ds_fetch_opts *o,
			long long max_bytes, struct ds_fetch_result *res, char **path, struct ll_err *err)
{
	char *dst = NULL;
	/* A device or FIFO (-o /dev/stdout) cannot take a part renamed over
	 * it: the download goes to a temporary file, then is copied in. */
	struct stat ost;
	int stream = o->output && stat(o->output, &ost) == 0 && !S_ISREG(ost.st_mode) && !S_ISDIR(ost.st_mode);
	if (o->output && !stream) {
		dst = strdup(o->output);
	} else {
		const char *tmpdir = getenv("TMPDIR");
		size_t n = strlen(tmpdir && *tmpdir ? tmpdir : "/tmp") + 32;
		dst = malloc(n);
		if (dst) {
			snprintf(dst, n, "%s/loglab-fetch-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
			int fd = mkstemp(dst);
			if (fd < 0) {
				int e = errno;
				ll_err_errno(err, LL_EIO, e, "%s: cannot create a temporary file", dst);
				free(dst);
				return LL_EIO;
			}
			close(fd);
			res->temporary = 1;
		}
	}
	size_t n = dst ? strlen(dst) + 6 : 0;
	char *part = dst ? malloc(n) : NULL;
	if (!part) {
		free(dst);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", shown);
	}
	snprintf(part, n, "%s.part", dst);
	struct xfer x = {.shown = shown, .part = part, .fd = -1, .progress = o->progress, .ctx = o->progress_ctx,
			 .max_bytes = max_bytes};
	struct request rq = {.range_from = -1, .part_length = -1};
	struct outcome oc;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	int rc = perform(t, &rq, o, remaining_time(o, &start), &x, &oc, err);
	if (rc == LL_OK) {
		res->http_status = (int)x.status;
		res->downloaded = x.written;
		if (oc.code != CURLE_OK)
			rc = transfer_error(&x, &oc, o, 0, err);
		else if (x.status < 200 || x.status >= 300)
			rc = http_error(&x, err);
		else
			rc = finish_part(&x, dst, res, err);
	}
	unlink(part);
	free(part);
	xfer_free(&x);
	if (rc != LL_OK) {
		if (res->temporary)
			unlink(dst);
		res->temporary = 0;
		free(dst);
		return rc;
	}
	if (stream) {
		rc = copy_file(dst, o->output, shown, err);
		unlink(dst);
		free(dst);
		res->temporary = 0;
		if (rc != LL_OK)
			return rc;
		if (!(dst = strdup(o->output)))
			return ll_err_set(err, LL_ENOMEM, "%s: out of memory", shown);
	}
	*path = dst;
	return LL_OK;
}

static void fmt_time(long long t, char *buf, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, cap, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

/* Appends a sentence to the result's note. */
static void add_note(struct ds_fetch_result *res, const char *text)
{
	size_t n = strlen(res->note);
	snprintf(res->note + n, sizeof res->note - n, "%s%s", n ? "; " : "", text);
}

static int fetch_cached(const struct target *t, const char *shown, const struct ds_fetch_opts *o,
			long long max_bytes, struct ds_fetch_result *res, char **path, struct ll_err *err)
{
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	char *dir = NULL;
	int rc = ds_cache_dir(&dir, err);
	if (rc != LL_OK)
		return rc;
	struct ds_cache_entry e;
	rc = ds_cache_entry_init(&e, dir, t->url, err);
	free(dir);
	if (rc != LL_OK)
		return rc;
	/* One fetcher per URL at a time, across processes. */
	int lockfd = open(e.lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (lockfd < 0) {
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot create the cache lock %s", shown, e.lock);
		ds_cache_entry_free(&e);
		return rc;
	}
	/* Waiting for another fetcher counts against the deadline too. */
	while (flock(lockfd, o->deadline > 0 ? LOCK_EX | LOCK_NB : LOCK_EX) != 0) {
		if (errno == EWOULDBLOCK && since(&start) < o->deadline) {
			struct timespec ts = {0, 50 * 1000 * 1000};
			nanosleep(&ts, NULL);
		} else if (errno != EINTR) {
			rc = ll_err_set(err, LL_EIO, "%s: timed out after %g s waiting for another loglab fetching it",
					shown, o->deadline);
			close(lockfd);
			ds_cache_entry_free(&e);
			return rc;
		}
	}
	struct ds_cache_meta m;
	int have = ds_cache_entry_valid(&e, &m);
	struct xfer x = {.shown = shown, .part = e.part, .partmeta = e.partmeta, .fd = -1,
			 .progress = o->progress, .ctx = o->progress_ctx, .max_bytes = max_bytes};
	int resume_next = 0, attempt = 0, done = 0;
	struct ds_cache_meta pm = {0};
	while (rc == LL_OK && !done) {
		struct request rq = {.range_from = -1, .part_length = -1};
		int conditional = have && !o->refresh && !resume_next;
		ds_cache_meta_free(&pm);
		if (conditional) {
			rq.if_none_match = m.etag;
			rq.if_modified_since = m.last_modified;
		} else {
			struct stat st;
			if (stat(e.part, &st) == 0 && st.st_size > 0 &&
			    ds_cache_meta_read(e.partmeta, &pm, NULL) == LL_OK && pm.url && strcmp(pm.url, shown) == 0 &&
			    (pm.etag || pm.last_modified) && (pm.length < 0 || st.st_size < pm.length)) {
				rq.range_from = st.st_size;
				rq.if_range = pm.etag ? pm.etag : pm.last_modified;
				rq.part_etag = pm.etag;
				rq.part_last_modified = pm.last_modified;
				rq.part_length = pm.length;
				rq.part_encoding = pm.encoding;
			}
		}
		struct outcome oc;
		rc = perform(t, &rq, o, remaining_time(o, &start), &x, &oc, err);
		if (rc != LL_OK)
			break;
		res->http_status = (int)x.status;
		res->downloaded += x.written;
		if (x.validator_mismatch || (oc.code == CURLE_OK && x.status == 206 && rq.range_from > 0 &&
					     !continues_part(&x))) {
			/* Another version of the file: the part is useless; start from byte 0. */
			char msg[400];
			snprintf(msg, sizeof msg, "the server's file changed since the partial download (%s): the %lld "
				 "bytes kept were discarded and the download started again from the beginning",
				 x.mismatch_why, rq.range_from);
			add_note(res, msg);
			unlink(e.part);
			unlink(e.partmeta);
			resume_next = 0;
			have = 0;
			res->downloaded = 0;
		} else if (x.over_limit || x.bad_encoding) {
			unlink(e.part);
			unlink(e.partmeta);
			rc = transfer_error(&x, &oc, o, 0, err);
		} else if (oc.code == CURLE_OK && x.status == 304 && conditional) {
			res->from_cache = res->revalidated = 1;
			done = 1;
		} else if (oc.code == CURLE_OK && x.status == 416 && rq.range_from > 0 && attempt == 0) {
			/* The part no longer fits the file: start over. */
			unlink(e.part);
			unlink(e.partmeta);
		} else if (oc.code == CURLE_OK && (x.status == 200 || x.status == 206)) {
			res->resumed = x.status == 206;
			/* The old meta goes first: no moment where it describes the new file. */
			unlink(e.meta);
			have = 0;
			rc = finish_part(&x, e.data, res, err);
			if (rc == LL_OK) {
				struct ds_cache_meta nm = {0};
				nm.url = (char *)shown;
				nm.file = strrchr(e.data, '/') + 1;
				/* The server's validators of this version; a 206 may omit them. */
				nm.etag = x.etag ? x.etag : pm.etag;
				nm.last_modified = x.last_modified ? x.last_modified : pm.last_modified;
				nm.length = res->size;
				if (x.final_encoding)
					rc = hash_file(e.data, res->sha256, NULL, err);
				snprintf(nm.sha256, sizeof nm.sha256, "%s", res->sha256);
				nm.fetched = nm.used = (long long)time(NULL);
				if (rc == LL_OK)
					rc = ds_cache_meta_write(e.meta, &nm, err);
			}
			done = 1;
		} else if (oc.code == CURLE_OK) {
			if (have && !o->refresh && x.status >= 500) {
				char when[40], msg[300];
				fmt_time(m.fetched, when, sizeof when);
				body_message(x.errbody, msg, sizeof msg);
				char note[600];
				snprintf(note, sizeof note, "%s: the server answered HTTP %ld%s%s; using the cached copy "
					 "fetched %s", shown, x.status, msg[0] ? ": " : "", msg, when);
				add_note(res, note);
				res->from_cache = res->offline = 1;
				done = 1;
			} else {
				rc = http_error(&x, err);
			}
		} else {
			int mid_body = x.written > 0 && (oc.code == CURLE_PARTIAL_FILE || oc.code == CURLE_RECV_ERROR ||
							 oc.code == CURLE_OPERATION_TIMEDOUT);
			int kept = x.written > 0 && access(e.partmeta, F_OK) == 0;
			int resumable = (mid_body || oc.code == CURLE_ABORTED_BY_CALLBACK) && kept;
			if (mid_body && kept && attempt < o->retries) {
				resume_next = 1;
			} else if (have && !o->refresh && is_network_failure(oc.code)) {
				struct ll_err why;
				transfer_error(&x, &oc, o, resumable, &why);
				char when[40];
				fmt_time(m.fetched, when, sizeof when);
				char note[LL_ERR_MSG_MAX];
				snprintf(note, sizeof note, "%.900s; using the cached copy fetched %s", why.msg, when);
				add_note(res, note);
				res->from_cache = res->offline = 1;
				done = 1;
			} else {
				rc = transfer_error(&x, &oc, o, resumable, err);
			}
		}
		attempt++;
		if (attempt > o->retries + 2 && !done && rc == LL_OK)
			rc = ll_err_set(err, LL_EIO, "%s: gave up after %d attempts", shown, attempt);
	}
	if (rc == LL_OK && res->from_cache) {
		m.used = (long long)time(NULL);
		ds_cache_meta_write(e.meta, &m, NULL);
		res->size = m.length;
		snprintf(res->sha256, sizeof res->sha256, "%s", m.sha256);
	}
	if (rc == LL_OK) {
		unsigned long long bound = o->cache_max ? o->cache_max : ds_cache_max_bytes();
		int ev = ds_cache_evict(e.dir, bound, e.key, NULL);
		res->evicted = ev > 0 ? ev : 0;
	}
	if (rc == LL_OK && o->output) {
		rc = copy_file(e.data, o->output, shown, err);
		*path = rc == LL_OK ? strdup(o->output) : NULL;
	} else if (rc == LL_OK) {
		*path = strdup(e.data);
	}
	if (rc == LL_OK && !*path)
		rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", shown);
	ds_cache_meta_free(&pm);
	ds_cache_meta_free(&m);
	xfer_free(&x);
	close(lockfd);
	ds_cache_entry_free(&e);
	return rc;
}

int ds_remote_fetch(const char *url, const struct ds_fetch_opts *opts, char **local_path, struct ll_err *err)
{
	static const struct ds_fetch_opts defaults;
	const struct ds_fetch_opts *o = opts ? opts : &defaults;
	struct ds_fetch_result local, *res = o->result ? o->result : &local;
	memset(res, 0, sizeof *res);
	*local_path = NULL;
	ll_err_clear(err);
	char *shown = ds_url_redact(url);
	if (!shown)
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	int rc = LL_OK;
	if (!ds_is_url(url))
		rc = ll_err_set(err, LL_EUSAGE, "%s: not an http://, https:// or s3:// URL", url ? shown : "(null)");
	struct ll_err why;
	if (rc == LL_OK && !ds_curl(&why))
		rc = ll_err_set(err, LL_EIO, "%s: %s", shown, why.msg);
	struct target t = {0};
	if (rc == LL_OK)
		rc = resolve_target(url, shown, &t, err);
	if (rc == LL_OK) {
		/* A cached file must fit the cache it goes into. */
		unsigned long long cap = o->max_bytes ? o->max_bytes : ll_limit(LL_LIMIT_FETCH);
		unsigned long long bound = o->cache_max ? o->cache_max : ds_cache_max_bytes();
		if (!o->no_cache && bound < cap)
			cap = bound;
		long long max_bytes = cap > (unsigned long long)LLONG_MAX ? LLONG_MAX : (long long)cap;
		if (o->no_cache)
			rc = fetch_direct(&t, shown, o, max_bytes, res, local_path, err);
		else
			rc = fetch_cached(&t, shown, o, max_bytes, res, local_path, err);
		target_free(&t);
	}
	free(shown);
	if (rc == LL_OK && res->note[0])
		snprintf(err->msg, sizeof err->msg, "%s", res->note);
	return rc;
}
