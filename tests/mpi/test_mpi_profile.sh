#!/bin/sh
# test_mpi_profile.sh - LOGLAB_MPI_PROFILE=1 (core/ll_train_prof.h): the run
# log holds a line a rank saying where its training loop's time went, phase
# by phase (wall and thread CPU), for the shared memory step and the
# collectives, on 2 and 3 ranks and alone; the results stay the single
# process's bytes; without the variable, or when only some ranks have it
# (an MPMD launch), there is no profile and no hang.
. "$LL_SRCDIR/tests/lib.sh"
. "$LL_SRCDIR/tests/mpi/mpi_lib.sh"

sample_workspace
cd "$ws" || exit 1

profile_lines() { grep -c 'profile: rank [0-9]* of '"$2"', [0-9]* batches; us a batch (wall/CPU): slices [0-9.]*/[0-9.]* wait-sums .* copy .* batch-end .*; ms in all: opt-state .* checkpoint .* epoch-end .*; loop [0-9.]*/[0-9.]* s$' "$1/log.txt"; }

train 0 "$LOGLAB" train dnn --json -q
one=$RUN
expect_eq "$(grep -c 'profile:' "$one/log.txt")" 0 "no profile unless asked for"

train 0 env LOGLAB_MPI_PROFILE=1 "$LOGLAB" train dnn --json -q
expect_eq "$(profile_lines "$RUN" 1)" 1 "alone: one profile line"
expect_eq "$(compare_runs "$one" "$RUN")" identical "alone, profiled: the same bytes"

for np in 2 3; do
	train "$np" env LOGLAB_MPI_PROFILE=1 "$LOGLAB" train dnn --json -q
	expect_eq "$(profile_lines "$RUN" "$np")" "$np" "$np ranks: a profile line a rank"
	expect_eq "$(compare_runs "$one" "$RUN")" identical "$np ranks, profiled: the single process's bytes"
	# every rank waited in the step's synchronisations and copied the others' blocks
	expect_eq "$(sed -n 's/.* wait-sums \([0-9.]*\)\/.* copy \([0-9.]*\)\/.*/\1 \2/p' "$RUN/log.txt" |
		awk '$1 > 0 && $2 > 0 { n++ } END { print n + 0 }')" "$np" "$np ranks: the step's phases timed"
	# rank 0 writes the checkpoints (fsync'd files: far above the 0.05 ms
	# the line rounds to zero); the other ranks' phase is the two marks'
	# own cost, which under load or preemption need not round to zero,
	# so it is not asserted
	expect_eq "$(sed -n 's/.*profile: rank \([0-9]*\) of .* checkpoint \([0-9.]*\)\/.*/\1 \2/p' "$RUN/log.txt" |
		awk '$1 == 0 && $2 > 0 { n++ } END { print n + 0 }')" 1 "$np ranks: rank 0's checkpoint timed"
done

train 2 env LOGLAB_MPI_SHM=0 LOGLAB_MPI_PROFILE=1 "$LOGLAB" train dnn --json -q
expect_eq "$(profile_lines "$RUN" 2)" 2 "the collectives: a profile line a rank"
expect_eq "$(compare_runs "$one" "$RUN")" identical "the collectives, profiled: the single process's bytes"

# one rank asked, the other not: the ranks agree not to profile
train 1 env LOGLAB_MPI_PROFILE=1 "$LOGLAB" train dnn --json -q : -np 1 "$LOGLAB" train dnn --json -q
expect_eq "$(grep -c 'profile:' "$RUN/log.txt")" 0 "asked on one rank of 2: no profile"
expect_eq "$(compare_runs "$one" "$RUN")" identical "asked on one rank of 2: the single process's bytes"
finish
