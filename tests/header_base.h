/*
 * header_base.h - for tests of inferred log headers: the header that
 * splits the line, without what a derived reader says it reads out of the
 * message (ds_kvmsg.h's " (the message's pairs, ...)").
 */
#ifndef LL_TEST_HEADER_BASE_H
#define LL_TEST_HEADER_BASE_H

#include <string.h>

/* header up to the pairs' part, in a static buffer. */
static inline const char *header_base(const char *header)
{
	static char buf[1024];
	const char *pairs = strstr(header, " (the message's pairs");
	size_t n = pairs ? (size_t)(pairs - header) : strlen(header);
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, header, n);
	buf[n] = '\0';
	return buf;
}

#endif
