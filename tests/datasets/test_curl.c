/* tests/datasets/test_curl.c - ds_curl: libcurl is not mapped when the
 * program starts, is loaded on first use with every function set, the
 * same table after that; and a library that cannot be loaded (a missing
 * path, a library that is not libcurl) is an error naming it, in a child
 * each, since the first load decides for the process. */
#include "ds_curl.h"
#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* 1 when a library whose name holds part is mapped in this process. */
static int mapped(const char *part)
{
	FILE *f = fopen("/proc/self/maps", "r");
	if (!f)
		return -1;
	char line[4096];
	int found = 0;
	while (!found && fgets(line, sizeof line, f))
		found = strstr(line, part) != NULL;
	fclose(f);
	return found;
}

static void test_loaded_on_use(void)
{
	CHECK_INT(mapped("libcurl"), 0);
	struct ll_err err;
	const struct ds_curl *c = ds_curl(&err);
	CHECK(c != NULL);
	if (!c) {
		fprintf(stderr, "%s\n", err.msg);
		return;
	}
	CHECK_INT(mapped("libcurl"), 1);
	CHECK(c->easy_init && c->easy_setopt && c->easy_perform && c->easy_getinfo && c->easy_cleanup &&
	      c->easy_strerror && c->slist_append && c->slist_free_all);
	CHECK(ds_curl(&err) == c);
	/* the functions work: a handle, an option, a list, a message */
	CURL *h = c->easy_init();
	CHECK(h != NULL);
	CHECK_INT(c->easy_setopt(h, CURLOPT_URL, "http://127.0.0.1:9/"), CURLE_OK);
	c->easy_cleanup(h);
	struct curl_slist *l = c->slist_append(NULL, "Accept: */*");
	CHECK(l != NULL && strcmp(l->data, "Accept: */*") == 0);
	c->slist_free_all(l);
	CHECK(strlen(c->easy_strerror(CURLE_COULDNT_CONNECT)) > 0);
}

/* In a child with LOGLAB_LIBCURL=path: exit 0 when ds_curl fails with an
 * LL_EIO message holding want. */
static void test_refused(const char *path, const char *want)
{
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		setenv("LOGLAB_LIBCURL", path, 1);
		struct ll_err err;
		const struct ds_curl *c = ds_curl(&err);
		int ok = !c && err.code == LL_EIO && strstr(err.msg, want) != NULL;
		if (!ok)
			fprintf(stderr, "LOGLAB_LIBCURL=%s: %s\n", path, c ? "loaded" : err.msg);
		_exit(ok ? 0 : 1);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int main(void)
{
	test_refused("/nonexistent/libcurl.so.4", "cannot load libcurl (/nonexistent/libcurl.so.4)");
	/* a real library that is not libcurl: its first missing function named */
	test_refused("libz.so.1", "libcurl lacks curl_global_init");
	test_loaded_on_use();
	TEST_MAIN_END();
}
