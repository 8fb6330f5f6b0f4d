/*
 * ds_curl.c - libcurl loaded on first use (see ds_curl.h).
 */
#include "ds_curl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static struct ds_curl api;
static int loaded;
static char why[LL_ERR_MSG_MAX];

/* The symbol's address into *slot; 0 when the library lacks it. */
static int take(void *lib, const char *name, void *slot)
{
	void *f = dlsym(lib, name);
	if (!f) {
		snprintf(why, sizeof why, "libcurl lacks %s", name);
		return 0;
	}
	/* POSIX guarantees a data pointer from dlsym converts to a function
	 * pointer; memcpy says so without a cast ISO C does not define */
	memcpy(slot, &f, sizeof f);
	return 1;
}

static void load(void)
{
	const char *own = getenv("LOGLAB_LIBCURL");
	const char *names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"};
	void *lib = NULL;
	if (own && *own) {
		lib = dlopen(own, RTLD_NOW | RTLD_LOCAL);
	} else {
		for (size_t i = 0; !lib && i < sizeof names / sizeof *names; i++)
			lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	}
	if (!lib) {
		const char *e = dlerror();
		snprintf(why, sizeof why, "cannot load libcurl (%s): %s", own && *own ? own : "libcurl.so.4",
			 e ? e : "not found");
		return;
	}
	CURLcode (*global_init)(long flags) = NULL;
	if (!take(lib, "curl_global_init", &global_init) || !take(lib, "curl_easy_init", &api.easy_init) ||
	    !take(lib, "curl_easy_setopt", &api.easy_setopt) || !take(lib, "curl_easy_perform", &api.easy_perform) ||
	    !take(lib, "curl_easy_getinfo", &api.easy_getinfo) || !take(lib, "curl_easy_cleanup", &api.easy_cleanup) ||
	    !take(lib, "curl_easy_strerror", &api.easy_strerror) ||
	    !take(lib, "curl_slist_append", &api.slist_append) ||
	    !take(lib, "curl_slist_free_all", &api.slist_free_all))
		return; /* the library stays mapped: harmless, and dlclose could run its destructors half set up */
	CURLcode rc = global_init(CURL_GLOBAL_DEFAULT);
	if (rc != CURLE_OK) {
		snprintf(why, sizeof why, "libcurl failed to start: %s", api.easy_strerror(rc));
		return;
	}
	loaded = 1;
}

const struct ds_curl *ds_curl(struct ll_err *err)
{
	pthread_once(&load_once, load);
	if (!loaded) {
		ll_err_set(err, LL_EIO, "%s", why);
		return NULL;
	}
	return &api;
}
