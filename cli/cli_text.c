/*
 * cli_text.c - printing untrusted text: file names, URLs, column and class
 * names, log lines. Any of them may hold terminal escape sequences (a file
 * named "\033]0;pwned\007.log", a log line that clears the screen), so the
 * verbs print them through cli_safe, which escapes what ll_escape escapes.
 */
#include "cli.h"

#include "ll_err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cli_safe_n(const char *s, size_t n) { return ll_escaped_ring(s, n); }

const char *cli_safe(const char *s)
{
	return cli_safe_n(s, s ? strlen(s) : 0);
}

char *cli_json_quote(const char *s)
{
	size_t n = strlen(s), o = 0;
	char *out = malloc(n * 6 + 3);
	if (!out)
		return NULL;
	out[o++] = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c < 0x20) {
			o += (size_t)sprintf(out + o, "\\u%04x", c);
		} else {
			out[o++] = (char)c;
		}
	}
	out[o++] = '"';
	out[o] = '\0';
	return out;
}
