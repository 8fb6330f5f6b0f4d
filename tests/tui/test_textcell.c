/*
 * test_textcell.c - display escaping: what each kind of byte becomes on
 * screen, and how wide it is.
 */
#include <locale.h>
#include <string.h>

#include "harness.h"
#include "textcell.h"

static const char *shown(const char *s, size_t n, int utf8)
{
	static char buf[256];
	tc_render(s, n, utf8, buf, sizeof buf);
	return buf;
}

#define S(lit) lit, sizeof lit - 1

int main(void)
{
	/* Plain ASCII is itself, one column a byte. */
	CHECK_STR(shown(S("hello world"), 1), "hello world");
	CHECK_INT(tc_width(S("hello world"), 1), 11);

	/* Control bytes, DEL and a lone CR are escaped, 4 columns each. */
	CHECK_STR(shown(S("a\x1b[31mb"), 1), "a\\x1B[31mb");
	CHECK_INT(tc_width(S("a\x1b[31mb"), 1), 1 + 4 + 4 + 1);
	CHECK_STR(shown(S("x\x7fy\rz"), 1), "x\\x7Fy\\x0Dz");
	CHECK_STR(shown("a\0b", 3, 1), "a\\x00b");
	CHECK_STR(shown(S("\a\b"), 1), "\\x07\\x08");

	/* A line break in a value is one marked glyph, LF or CRLF alike:
	 * an arrow where UTF-8 shows, "\n" elsewhere. */
	CHECK_STR(shown(S("a\nb"), 1), "a\xe2\x86\xb5" "b");
	CHECK_INT(tc_width(S("a\nb"), 1), 3);
	CHECK_STR(shown(S("a\r\nb\n"), 1), "a\xe2\x86\xb5" "b\xe2\x86\xb5");
	CHECK_STR(shown(S("a\r\nb"), 0), "a\\nb");
	CHECK_INT(tc_width(S("a\r\nb"), 0), 4);
	CHECK_STR(shown(S("\r\r\n"), 0), "\\x0D\\n");
	{
		size_t at = 1;
		struct tc_glyph lb;
		CHECK(tc_next(S("a\r\nb"), &at, 1, 1, &lb));
		CHECK_INT(lb.off, 1);
		CHECK_INT(lb.len, 2);
		CHECK_INT(lb.escaped, 1);
		CHECK_INT(at, 3);
	}

	/* Tabs go to the next multiple of 8. */
	CHECK_STR(shown(S("ab\tc"), 1), "ab      c");
	CHECK_INT(tc_width(S("ab\tc"), 1), 9);
	CHECK_INT(tc_width(S("\t\t"), 1), 16);
	CHECK_INT(tc_width(S("12345678\tx"), 1), 17);

	/* Invalid UTF-8: each bad byte escaped on its own. */
	CHECK_STR(shown(S("a\xff" "b"), 1), "a\\xFFb");
	CHECK_STR(shown(S("\xc3"), 1), "\\xC3");              /* truncated sequence */
	CHECK_STR(shown(S("\xc0\xaf"), 1), "\\xC0\\xAF");     /* overlong '/' */
	CHECK_STR(shown(S("\xed\xa0\x80"), 1), "\\xED\\xA0\\x80"); /* a surrogate */
	CHECK_STR(shown(S("\xf4\x90\x80\x80"), 1), "\\xF4\\x90\\x80\\x80"); /* above U+10FFFF */
	CHECK_STR(shown(S("\xe2\x82"), 1), "\\xE2\\x82");
	/* C1 control U+0085 is valid UTF-8 but not printable: escaped bytes. */
	CHECK_STR(shown(S("\xc2\x85"), 1), "\\xC2\\x85");

	/* Outside a UTF-8 locale every byte >= 0x80 is escaped. */
	CHECK_STR(shown(S("caf\xc3\xa9"), 0), "caf\\xC3\\xA9");
	CHECK_INT(tc_width(S("caf\xc3\xa9"), 0), 3 + 8);

	/* Glyph boundaries: offsets and lengths map back to the source bytes. */
	size_t pos = 0;
	struct tc_glyph g;
	CHECK(tc_next(S("\x01" "a"), &pos, 0, 1, &g));
	CHECK_INT(g.off, 0);
	CHECK_INT(g.len, 1);
	CHECK_INT(g.escaped, 1);
	CHECK(tc_next(S("\x01" "a"), &pos, 4, 1, &g));
	CHECK_INT(g.off, 1);
	CHECK_INT(g.escaped, 0);
	CHECK(!tc_next(S("\x01" "a"), &pos, 5, 1, &g));

	/* Valid multibyte and wide characters need a UTF-8 locale for wcwidth. */
	if (setlocale(LC_CTYPE, "C.UTF-8") || setlocale(LC_CTYPE, "en_US.UTF-8")) {
		CHECK(tc_locale_utf8());
		CHECK_STR(shown(S("caf\xc3\xa9"), 1), "caf\xc3\xa9");
		CHECK_INT(tc_width(S("caf\xc3\xa9"), 1), 4);
		/* U+65E5 U+672C (CJK) are two columns each. */
		CHECK_STR(shown(S("\xe6\x97\xa5\xe6\x9c\xac"), 1), "\xe6\x97\xa5\xe6\x9c\xac");
		CHECK_INT(tc_width(S("\xe6\x97\xa5\xe6\x9c\xac"), 1), 4);
		/* e + U+0301 combining acute: one glyph, one column, 3 bytes. */
		pos = 0;
		CHECK(tc_next(S("e\xcc\x81x"), &pos, 0, 1, &g));
		CHECK_INT(g.width, 1);
		CHECK_INT(g.len, 3);
		CHECK(g.wc[0] == L'e' && g.wc[1] == 0x301 && g.wc[2] == 0);
		CHECK_INT(tc_width(S("e\xcc\x81x"), 1), 2);
		/* A combining mark with no base is escaped rather than lost. */
		CHECK_STR(shown(S("\xcc\x81"), 1), "\\xCC\\x81");
		/* An emoji (U+1F600), four bytes, two columns. */
		CHECK_INT(tc_width(S("\xf0\x9f\x98\x80"), 1), 2);
		/* Tab stops count display columns, not bytes. */
		CHECK_INT(tc_width(S("\xe6\x97\xa5\t."), 1), 9);
	} else {
		fprintf(stderr, "note: no UTF-8 locale, wide-character checks skipped\n");
	}

	/* tc_render truncates safely. */
	char small[4];
	CHECK_INT(tc_render(S("abcdef"), 1, small, sizeof small), 6);
	CHECK_STR(small, "abc");
	TEST_MAIN_END();
}
