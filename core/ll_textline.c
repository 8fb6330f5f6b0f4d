/*
 * ll_textline.c - lines of a text in memory (ll_textline.h).
 */
#include "ll_textline.h"

#include <string.h>

int ll_text_next_line(const char **p, char *buf, size_t cap)
{
	const char *start = *p;
	if (!*start)
		return 0;
	const char *e = strchr(start, '\n');
	size_t len = e ? (size_t)(e - start) : strlen(start);
	*p = e ? e + 1 : start + len;
	if (len >= cap)
		return -1;
	memcpy(buf, start, len);
	buf[len] = '\0';
	if (len && buf[len - 1] == '\r')
		buf[len - 1] = '\0';
	return 1;
}

size_t ll_text_lines_left(const char *p)
{
	size_t n = 0;
	for (const char *e; *p; p = e + 1, n++)
		if (!(e = strchr(p, '\n')))
			return n + 1;
	return n;
}
