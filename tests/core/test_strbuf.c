/*
 * test_strbuf.c - ll_strbuf: appends of every size, NUL bytes kept, long
 * printf output, and the buffer reusable after ll_strbuf_free.
 */
#include "harness.h"
#include "ll_strbuf.h"

int main(void)
{
	struct ll_strbuf b = {0};
	ll_strbuf_puts(&b, "");
	CHECK(b.s != NULL && b.len == 0 && b.s[0] == '\0');
	ll_strbuf_puts(&b, "ab");
	ll_strbuf_add(&b, "c\0d", 3);
	CHECK_INT(b.len, 5);
	CHECK(memcmp(b.s, "abc\0d", 6) == 0);
	/* Growth across many doublings keeps every byte. */
	for (int i = 0; i < 10000; i++)
		ll_strbuf_printf(&b, "%d,", i % 10);
	CHECK_INT(b.len, 5 + 20000);
	CHECK(b.s[5] == '0' && b.s[6] == ',' && b.s[b.len - 2] == '9' && b.s[b.len] == '\0');
	/* printf output longer than its stack buffer. */
	char big[1000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	size_t before = b.len;
	ll_strbuf_printf(&b, "[%s]", big);
	CHECK_INT(b.len, before + 1001);
	CHECK(b.s[before] == '[' && b.s[b.len - 1] == ']');
	CHECK(!b.oom);
	ll_strbuf_free(&b);
	CHECK(b.s == NULL && b.len == 0 && b.cap == 0);
	ll_strbuf_puts(&b, "again");
	CHECK_STR(b.s, "again");
	ll_strbuf_free(&b);
	TEST_MAIN_END();
}
