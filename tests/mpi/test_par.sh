#!/bin/sh
# test_par.sh - the process group's unit test (tests/core/test_par) on 2, 3
# and 4 MPI ranks: ordered sums equal on every rank, gathers, agreement.
. "$LL_SRCDIR/tests/lib.sh"
. "$LL_SRCDIR/tests/mpi/mpi_lib.sh"
for np in 2 3 4; do
	out=$(mpi_run "$np" "$LL_BUILDDIR/tests/core/test_par" 2>&1)
	expect_eq "$?" 0 "test_par on $np ranks: $(printf '%s' "$out" | tail -5)"
	expect_match "$out" "0 failed \\($np ranks\\)" "test_par ran on $np ranks"
done
finish
