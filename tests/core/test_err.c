/*
 * test_err.c - error messages are one safe line of text: ll_escape and the
 * escaping ll_err_set and ll_err_errno apply to every message.
 */
#include "harness.h"
#include "ll_err.h"

#include <errno.h>

#define ESC(lit, cap) esc(lit, sizeof lit - 1, cap)

static const char *esc(const char *s, size_t n, size_t cap)
{
	static char out[256];
	ll_escape(s, n, out, cap);
	return out;
}

static void test_escape(void)
{
	CHECK_STR(ESC("plain text", 256), "plain text");
	/* A terminal escape sequence (clear screen, set title) is shown, not obeyed. */
	CHECK_STR(ESC("a\033[2Jb\033]0;x\007", 256), "a\\x1b[2Jb\\x1b]0;x\\x07");
	CHECK_STR(ESC("t\tn\nr\r", 256), "t\\tn\\nr\\r");
	CHECK_STR(ESC("del\177", 256), "del\\x7f");
	CHECK_STR(ESC("nul\0x", 256), "nul\\x00x");
	/* UTF-8 text passes; the C1 control CSI (U+009B) and stray bytes do not. */
	CHECK_STR(ESC("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 256), "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	CHECK_STR(ESC("\xc2\x9b" "31m", 256), "\\u009b31m");
	CHECK_STR(ESC("\x9b" "31m", 256), "\\x9b31m");
	CHECK_STR(ESC("\xff\xfe", 256), "\\xff\\xfe");
	/* overlong, surrogate and cut sequences are not valid UTF-8 */
	CHECK_STR(ESC("\xc0\xaf", 256), "\\xc0\\xaf");
	CHECK_STR(ESC("\xed\xa0\x80", 256), "\\xed\\xa0\\x80");
	CHECK_STR(ESC("\xe2\x82", 256), "\\xe2\\x82");
	/* A result that does not fit is cut between characters, never inside one. */
	CHECK_STR(ESC("abc\033", 5), "abc");
	CHECK_STR(ESC("ab\xc3\xa9", 4), "ab");
	CHECK_INT(ll_escape("x", 1, NULL, 0), 0);
	/* the ring: 8 results alive at once, the ninth call reuses the first */
	const char *shown[9];
	char in[9][16];
	for (int i = 0; i < 9; i++) {
		snprintf(in[i], sizeof in[i], "%d\t%c", i, 'a' + i);
		shown[i] = ll_escaped_ring(in[i], strlen(in[i]));
	}
	CHECK_STR(shown[1], "1\\tb");
	CHECK_STR(shown[7], "7\\th");
	CHECK_STR(shown[0], "8\\ti"); /* overwritten by the ninth */
	CHECK_STR(ll_escaped_ring("a\0b", 3), "a\\x00b"); /* a length, not a string */
	CHECK_STR(ll_escaped_ring(NULL, 0), "");
}

static void test_messages(void)
{
	struct ll_err e;
	CHECK_INT(ll_err_set(&e, LL_EDATA, "%s:%d: bad", "evil\033[2J.log", 3), LL_EDATA);
	CHECK_STR(e.msg, "evil\\x1b[2J.log:3: bad");
	CHECK_INT(e.code, LL_EDATA);
	CHECK_INT(ll_err_errno(&e, LL_EIO, ENOENT, "%s: cannot open", "a\nb"), LL_EIO);
	CHECK_STR(e.msg, "a\\nb: cannot open: No such file or directory");
	/* An escaped message escapes to itself: messages built from messages stay readable. */
	char again[LL_ERR_MSG_MAX];
	ll_escape(e.msg, strlen(e.msg), again, sizeof again);
	CHECK_STR(again, e.msg);
	/* A long message stays within the buffer. */
	char big[3000];
	memset(big, '\033', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ll_err_set(&e, LL_EDATA, "%s", big);
	CHECK(strlen(e.msg) < LL_ERR_MSG_MAX && strncmp(e.msg, "\\x1b\\x1b", 8) == 0);
	CHECK_INT(ll_exit_code(LL_OK), 0);
	CHECK_INT(ll_exit_code(LL_EUSAGE), 1);
	CHECK_INT(ll_exit_code(LL_EDATA), 2);
	CHECK_INT(ll_exit_code(LL_EIO), 3);
	CHECK_INT(ll_exit_code(LL_ENOMEM), 3);
}

int main(void)
{
	test_escape();
	test_messages();
	TEST_MAIN_END();
}
