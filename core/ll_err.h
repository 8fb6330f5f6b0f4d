/*
 * ll_err.h - error reporting shared by every layer.
 *
 * Functions that can fail return an int status (LL_OK or a negative LL_E*
 * code) and fill a caller-owned struct ll_err with a message a person can
 * act on: it names the file, the line when there is one, and the problem.
 * Nothing below main() prints or exits; the caller decides how to show it.
 *
 * Messages quote file names, URLs and bytes from the input, any of which
 * may carry terminal escape sequences. So a message is always one line of
 * text that is safe to print: ll_err_set escapes control characters as
 * ll_escape does.
 */
#ifndef LL_ERR_H
#define LL_ERR_H

#include <stddef.h>

enum ll_status {
	LL_OK = 0,
	LL_EUSAGE = -1, /* bad arguments or options: exit code 1 */
	LL_EDATA = -2,  /* malformed or unsupported input: exit code 2 */
	LL_EIO = -3,    /* file system or network failure: exit code 3 */
	LL_ENOMEM = -4, /* out of memory: reported as an I/O-class failure */
	LL_ECANCEL = -5 /* the user cancelled long work */
};

#define LL_ERR_MSG_MAX 1024

struct ll_err {
	int code;
	char msg[LL_ERR_MSG_MAX];
};

/* Resets err to "no error". err may be NULL. */
void ll_err_clear(struct ll_err *err);

/* Formats the message and stores code; returns code so callers can write
 * `return ll_err_set(err, LL_EDATA, "%s:%zu: ...", path, line);`.
 * err may be NULL, in which case only the code is returned. */
int ll_err_set(struct ll_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like ll_err_set, appending ": " and strerror(errnum). */
int ll_err_errno(struct ll_err *err, int code, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Copies s[0..n) into out (cap bytes, always NUL-terminated when cap > 0)
 * with every byte that could act on a terminal written as text: C0
 * controls and DEL as \t, \n, \r or \xNN, the C1 controls U+0080..U+009F
 * as \u0080..\u009f, and bytes that are not valid UTF-8 as \xNN. Valid
 * UTF-8 text passes unchanged. A result that does not fit is cut at a
 * character boundary. Returns the length written. */
size_t ll_escape(const char *s, size_t n, char *out, size_t cap);

/* ll_escape of s[0..n) into one of 8 buffers used in turn, so that one
 * printf may show several; valid until 8 more calls. "" for NULL, "(out of
 * memory)" when a buffer cannot grow. Not thread-safe: for the CLI's and
 * the TUI's own output. */
const char *ll_escaped_ring(const char *s, size_t n);

/* The process exit code that DESIGN.md assigns to a status: 0, 1, 2 or 3. */
int ll_exit_code(int status);

/* Short name of a status ("data error", ...). Never NULL. */
const char *ll_status_name(int status);

#endif
