/*
 * tests/core/test_evict.c - ll_evict is a hint only: whatever range it is
 * given (unaligned, a byte, across lines, empty, NULL), the memory reads
 * and writes the same afterwards; and it never claims support the CPU
 * lacks.
 */
#include "harness.h"
#include "ll_evict.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "clflushopt" among /proc/cpuinfo's flags: -1 when the file is not there */
static int cpuinfo_has_clflushopt(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (!f)
		return -1;
	char line[8192];
	int found = -1;
	while (found < 0 && fgets(line, sizeof line, f))
		if (!strncmp(line, "flags", 5))
			found = strstr(line, " clflushopt") != NULL;
	fclose(f);
	return found;
}

int main(void)
{
	int want = cpuinfo_has_clflushopt();
#if defined(__x86_64__)
	/* never claimed where the CPU lacks it (an emulator such as valgrind
	 * may hide it from CPUID while /proc/cpuinfo shows the host's) */
	if (want == 0)
		CHECK_INT(ll_evict_supported(), 0);
#else
	(void)want;
	CHECK_INT(ll_evict_supported(), 0);
#endif
	/* asked twice: the same answer from the cache */
	CHECK_INT(ll_evict_supported(), ll_evict_supported());
	size_t n = 1 << 16;
	unsigned char *buf = malloc(n), *copy = malloc(n);
	CHECK(buf && copy);
	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)(i * 131 + 7);
	memcpy(copy, buf, n);
	ll_evict(NULL, 0);
	ll_evict(NULL, 100);
	ll_evict(buf, 0);
	const size_t starts[] = {0, 1, 63, 64, 65, 4095, 12345};
	const size_t lens[] = {1, 2, 63, 64, 65, 127, 4096, 30000};
	for (size_t s = 0; s < sizeof starts / sizeof *starts; s++)
		for (size_t l = 0; l < sizeof lens / sizeof *lens; l++) {
			ll_evict(buf + starts[s], lens[l]);
			CHECK(memcmp(buf, copy, n) == 0);
			/* written right after: the writes land */
			buf[starts[s]] ^= 0xff;
			copy[starts[s]] ^= 0xff;
			CHECK(memcmp(buf, copy, n) == 0);
		}
	/* the whole buffer, then the last byte of it */
	ll_evict(buf, n);
	ll_evict(buf + n - 1, 1);
	CHECK(memcmp(buf, copy, n) == 0);
	free(buf);
	free(copy);
	TEST_MAIN_END();
}
