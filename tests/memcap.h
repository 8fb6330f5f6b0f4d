/*
 * memcap.h - running part of a test with little memory left: a child
 * process whose address space is capped a little above what it holds, so
 * that an allocation really fails inside the code under test.
 *
 * A cap would starve ASan's shadow memory and valgrind's own heap, so the
 * part runs in the plain build only; ll_test_capped reports that it was
 * skipped (-1).
 */
#ifndef LL_TEST_MEMCAP_H
#define LL_TEST_MEMCAP_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* Caps this process's address space at what it maps now plus extra
 * bytes; 0, or -1 when /proc or the limit could not be read or set. */
static inline int ll_test_cap_address_space(size_t extra)
{
	long pages = 0, page = sysconf(_SC_PAGESIZE);
	struct rlimit rl;
	FILE *f = fopen("/proc/self/statm", "r");
	if (!f)
		return -1;
	int read = fscanf(f, "%ld", &pages) == 1;
	fclose(f);
	if (!read || getrlimit(RLIMIT_AS, &rl) != 0)
		return -1;
	rl.rlim_cur = (rlim_t)pages * (rlim_t)page + (rlim_t)extra;
	return setrlimit(RLIMIT_AS, &rl) == 0 ? 0 : -1;
}

/* Runs part() in a child (which caps itself with the function above and
 * returns its exit status); the child's status, 99 when it did not exit,
 * or -1 when the build is sanitised or runs under valgrind (skipped). */
static inline int ll_test_capped(int (*part)(void))
{
#if defined(__SANITIZE_ADDRESS__)
	return -1;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	return -1;
#endif
#endif
	if (getenv("LL_VALGRIND"))
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return 99;
	if (pid == 0)
		_exit(part());
	int status = 0;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 99;
	return WEXITSTATUS(status);
}

#endif
