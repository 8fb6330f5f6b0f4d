/*
 * ll_hexdump.c - recognising a row of a hex dump (ll_hexdump.h).
 */
#include "ll_hexdump.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int ll_hexdump_row(const char *s, size_t n, size_t *bar_open, size_t *bar_close)
{
	if (!s)
		return 0;
	size_t i = 0, k, pairs = 0;
	while (i < n && is_blank(s[i]))
		i++;
	for (k = i; k < n && is_hex(s[k]); k++)
		;
	if (k - i < 4)
		return 0;
	if (k < n && s[k] == ':')
		k++;
	if (k >= n || !is_blank(s[k]))
		return 0;
	for (;;) {
		while (k < n && is_blank(s[k]))
			k++;
		if (k + 2 < n && is_hex(s[k]) && is_hex(s[k + 1]) && is_blank(s[k + 2])) {
			pairs++;
			k += 2;
			continue;
		}
		break;
	}
	size_t end = n;
	while (end > k && is_blank(s[end - 1]))
		end--;
	if (!pairs || end - k < 2 || s[k] != '|' || s[end - 1] != '|' || end - k - 2 != pairs)
		return 0;
	if (bar_open)
		*bar_open = k;
	if (bar_close)
		*bar_close = end - 1;
	return 1;
}
