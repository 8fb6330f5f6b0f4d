/*
 * tests/core/test_hexdump.c - ll_hexdump_row: rows of hexdump -C and Go's
 * hex.Dump (full, short last rows, an offset with ':'), and lines that
 * are not (a gutter of another width, no pairs, text with bars, a klog
 * record, NULL and empty input).
 */
#include "harness.h"
#include "ll_hexdump.h"

static int row(const char *s)
{
	return ll_hexdump_row(s, strlen(s), NULL, NULL);
}

int main(void)
{
	const char *full = "00000000  6b 38 73 00 0a 1f 0a 13  63 6f 6f 72 64 69 6e 61  |k8s.....coordina|";
	size_t a = 0, b = 0;
	CHECK_INT(ll_hexdump_row(full, strlen(full), &a, &b), 1);
	CHECK_INT(a, 60);
	CHECK_INT(b, 77);
	CHECK(full[a] == '|' && full[b] == '|');
	/* a short last row, blanks inside the gutter, trailing blanks */
	CHECK_INT(row("00000040  75 6c 6c 79 20 61 73 73  69 67 6e 20 64 65        |ully assign de|  "), 1);
	/* letters only, an offset with ':', indented, upper case */
	CHECK_INT(row("  000001a0: FA CE be ef |....|"), 1);
	/* a bar inside the gutter is one of its characters */
	CHECK_INT(row("0010  7c 61 7c  ||a||"), 1);
	/* not rows: the gutter's width differs from the pairs', no pairs, a
	 * short offset, no gutter, text after it, a klog record */
	CHECK_INT(row("00000000  6b 38 73  |k8s.....|"), 0);
	CHECK_INT(row("0000 | not a dump |"), 0);
	CHECK_INT(row("000 6b |k|"), 0);
	CHECK_INT(row("00000000  6b 38 73 00"), 0);
	CHECK_INT(row("00000000  6b 38 |k8| tail"), 0);
	CHECK_INT(row("I0716 02:15:35.910651       1 round_trippers.go:553] GET 200 OK"), 0);
	CHECK_INT(row("deadbeef  6b38 7300 |k8s.|"), 0);
	/* the outputs are left alone when it is no row */
	a = b = 7;
	CHECK_INT(ll_hexdump_row("abc", 3, &a, &b), 0);
	CHECK_INT(a, 7);
	CHECK_INT(b, 7);
	CHECK_INT(ll_hexdump_row("", 0, &a, &b), 0);
	CHECK_INT(ll_hexdump_row(NULL, 5, &a, &b), 0);
	/* the length bounds the row: a gutter cut off is no row */
	CHECK_INT(ll_hexdump_row(full, strlen(full) - 1, NULL, NULL), 0);
	TEST_MAIN_END();
}
