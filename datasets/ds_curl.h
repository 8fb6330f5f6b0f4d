/*
 * ds_curl.h - libcurl, loaded when a URL is first fetched, not when
 * loglab starts.
 *
 * Linked at build time, libcurl and the 25 libraries it needs (TLS,
 * Kerberos, LDAP, SSH...) were mapped and relocated by every run of
 * loglab, most of which never fetch: 14 ms of a 31 ms start on the
 * machine of bench/README.md (twice that in the ASan build). The same
 * idea as git's separate https helper, without a second program.
 *
 * The library is looked up by its ABI name (libcurl.so.4, then Debian's
 * libcurl-gnutls.so.4), or at the path in LOGLAB_LIBCURL. The headers are
 * those of the -dev package configure found, and the ABI has been stable
 * since 2006, so the calls are checked by the compiler as before.
 */
#ifndef DS_CURL_H
#define DS_CURL_H

#include <curl/curl.h>

#include "ll_err.h"

struct ds_curl {
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *c, CURLoption option, ...);
	CURLcode (*easy_perform)(CURL *c);
	CURLcode (*easy_getinfo)(CURL *c, CURLINFO info, ...);
	void (*easy_cleanup)(CURL *c);
	const char *(*easy_strerror)(CURLcode code);
	struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
	void (*slist_free_all)(struct curl_slist *list);
};

/* libcurl's functions, loaded and globally initialised once per process
 * (thread-safe); NULL with err set (LL_EIO: which library could not be
 * opened or lacked a function, or failed to start) when unusable. The
 * table lives until the process ends. */
const struct ds_curl *ds_curl(struct ll_err *err);

#endif
