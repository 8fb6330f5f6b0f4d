/* tests/datasets/test_header.c - placeholder. */
#include "harness.h"
#include "ds_header.h"
int main(void) { TEST_MAIN_END(); }
