/*
 * fuzz_http.c - libFuzzer target for HTTP response handling in
 * ds_remote_fetch. Each input is a raw response (status line, headers,
 * body: anything) served once by a loopback server thread to a real
 * fetch with a 1 s idle timeout and a 2 s deadline, no cache, into a
 * temporary file. The fetch must return (no hang past its deadline),
 * never crash, and a failure must carry a message. When the first input
 * byte is odd the fetch goes through a private cache and runs twice, each
 * served the same response: a first response cut short leaves a .part, so
 * the second asks with Range and If-Range and 206 handling is reached.
 */
#include "ds_remote.h"
#include "fuzz_util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>

struct serve {
	int fd;
	const uint8_t *data;
	size_t size;
};

/* Accepts one connection, reads the request head, writes the response and
 * closes. A further connection (a redirect to the same server) waits
 * unanswered until the fetch's deadline. */
static void *serve_once(void *arg)
{
	struct serve *s = arg;
	int c = accept(s->fd, NULL, NULL);
	if (c < 0)
		return NULL;
	struct timeval tv = {1, 0};
	setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	char buf[8192];
	size_t got = 0;
	while (got < sizeof buf - 1) {
		ssize_t r = recv(c, buf + got, sizeof buf - 1 - got, 0);
		if (r <= 0)
			break;
		got += (size_t)r;
		buf[got] = '\0';
		if (strstr(buf, "\r\n\r\n"))
			break;
	}
	size_t off = 0;
	while (off < s->size) {
		ssize_t w = send(c, s->data + off, s->size - off, MSG_NOSIGNAL);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(c);
	return NULL;
}

/* One fetch from the listening socket fd (at a), served data once;
 * returns its status. */
static int fetch_once(int fd, struct sockaddr_in *a, const uint8_t *data, size_t size, int cached, const char *out)
{
	struct serve s = {fd, data, size};
	pthread_t th;
	if (pthread_create(&th, NULL, serve_once, &s) != 0)
		return LL_OK;
	char url[96];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/f.log", ntohs(a->sin_port));
	struct ds_fetch_result res;
	struct ds_fetch_opts o = {0};
	o.no_cache = !cached;
	o.idle_timeout = 1;
	o.deadline = 2;
	o.output = cached ? NULL : out;
	o.max_bytes = 1 << 20;
	o.result = &res;
	char *local = NULL;
	struct ll_err err;
	ll_err_clear(&err);
	int rc = ds_remote_fetch(url, &o, &local, &err);
	fuzz_check(rc, &err);
	free(local);
	/* unblock a server still waiting for a connection */
	int k = socket(AF_INET, SOCK_STREAM, 0);
	if (k >= 0) {
		connect(k, (struct sockaddr *)a, sizeof *a);
		close(k);
	}
	pthread_join(th, NULL);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static char cache[128], out[128];
	if (!cache[0]) {
		snprintf(cache, sizeof cache, "/tmp/ll_fuzz_%ld_cache", (long)getpid());
		snprintf(out, sizeof out, "/tmp/ll_fuzz_%ld_http.out", (long)getpid());
		setenv("XDG_CACHE_HOME", cache, 1);
	}
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return 0;
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t al = sizeof a;
	if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && listen(fd, 4) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &al) == 0) {
		int cached = data[0] & 1;
		fetch_once(fd, &a, data + 1, size - 1, cached, out);
		if (cached)
			fetch_once(fd, &a, data + 1, size - 1, cached, out);
	}
	close(fd);
	unlink(out);
	fuzz_remove_tree(cache);
	return 0;
}
