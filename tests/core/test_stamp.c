/* tests/core/test_stamp.c - timestamp forms: placeholder until the real tests land. */
#include "harness.h"
#include "ll_stamp.h"
int main(void) { CHECK(ll_stamp_nforms() > 0); TEST_MAIN_END(); }
