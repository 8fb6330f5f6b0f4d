/*
 * ll_owner.c - leftovers' owners told by pid and machine (see ll_owner.h).
 */
#include "ll_owner.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define MACHINE_HEX 16

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return (h ^ '\n') * 1099511628211u;
}

/* This machine's id: host name, boot id and pid namespace (what is
 * missing counts as empty, so it stays the same within one boot). */
static uint64_t machine(void)
{
	char buf[256] = "";
	uint64_t h = 1469598103934665603u;
	if (gethostname(buf, sizeof buf - 1) != 0)
		buf[0] = '\0';
	buf[sizeof buf - 1] = '\0';
	h = fnv(h, buf, strlen(buf));
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
	buf[0] = '\0';
	if (!f || !fgets(buf, sizeof buf, f))
		buf[0] = '\0';
	if (f)
		fclose(f);
	h = fnv(h, buf, strcspn(buf, "\n"));
	ssize_t n = readlink("/proc/self/ns/pid", buf, sizeof buf - 1);
	h = fnv(h, buf, n > 0 ? (size_t)n : 0);
	return h;
}

void ll_owner_tag(char *buf, size_t cap)
{
	snprintf(buf, cap, "%ld@%016llx", (long)getpid(), (unsigned long long)machine());
}

size_t ll_owner_tag_len(const char *s)
{
	size_t k = 0;
	while (isdigit((unsigned char)s[k]))
		k++;
	if (!k || s[k] != '@')
		return k;
	for (size_t i = 1; i <= MACHINE_HEX; i++)
		if (!isxdigit((unsigned char)s[k + i]))
			return k; /* "@" and no machine: the pid alone */
	return k + 1 + MACHINE_HEX;
}

int ll_owner_gone(const char *tag, time_t mtime, time_t now)
{
	size_t k = ll_owner_tag_len(tag);
	if (!k || tag[k])
		return 0;
	char *end;
	long pid = strtol(tag, &end, 10);
	if (pid <= 0)
		return 0;
	if (*end == '@') {
		char mine[MACHINE_HEX + 1];
		snprintf(mine, sizeof mine, "%016llx", (unsigned long long)machine());
		if (strncasecmp(end + 1, mine, MACHINE_HEX) != 0)
			return now - mtime >= LL_OWNER_FOREIGN_AGE_S;
	}
	return pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}
