#!/bin/sh
# test_par.sh - the process group's unit test (tests/core/test_par) on 2, 3
# and 4 MPI ranks (mpi_ranks: 3 alone in a sanitizer build): ordered sums
# equal on every rank, gathers, agreement;
# then the shared step area over several nodes (LOGLAB_MPI_NODE_RANKS):
# 4 ranks as 2 nodes of 2 and as 4 of 1, 6 as 2 of 3, and 3 in unequal
# nodes (no area).
. "$LL_SRCDIR/tests/lib.sh"
. "$LL_SRCDIR/tests/mpi/mpi_lib.sh"
for np in $(mpi_ranks); do
	out=$(mpi_run "$np" "$LL_BUILDDIR/tests/core/test_par" 2>&1)
	expect_eq "$?" 0 "test_par on $np ranks: $(printf '%s' "$out" | tail -5)"
	expect_match "$out" "0 failed \\($np ranks\\)" "test_par ran on $np ranks"
done
for cfg in 4:2 4:1 6:3 3:2; do
	np=${cfg%:*} k=${cfg#*:}
	out=$(LOGLAB_MPI_NODE_RANKS=$k mpi_run "$np" "$LL_BUILDDIR/tests/core/test_par" 2>&1)
	expect_eq "$?" 0 "test_par on $np ranks in nodes of $k: $(printf '%s' "$out" | tail -5)"
	expect_match "$out" "0 failed \\($np ranks\\)" "test_par ran on $np ranks in nodes of $k"
done
finish
