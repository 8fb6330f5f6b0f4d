/* tests/core/test_drain.c - masks and the Drain miner. */
#include "harness.h"
#include "ll_drain.h"

int main(void)
{
	TEST_MAIN_END();
}
