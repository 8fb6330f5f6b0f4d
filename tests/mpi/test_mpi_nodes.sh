#!/bin/sh
# test_mpi_nodes.sh - the training step over several nodes (ll_par_shm.h:
# node sums in each node's shared memory, then one exchange among the
# ranks holding the same node rank), tested on this one machine with
# LOGLAB_MPI_NODE_RANKS=K (nodes of K consecutive ranks): the MLP of the
# sample workspace on 4 ranks as 2 nodes of 2 and on 3 ranks as 3 nodes
# of 1 gives the single-process run's bytes, and sends fewer bytes a sum
# than the flat collectives; 3 ranks in nodes of 2 and 1 (unequal) take
# the collectives, with the same bytes too. (The LSTM clips its gradient,
# so its step is not split by blocks and takes the plain sums anyway.)
. "$LL_SRCDIR/tests/lib.sh"
. "$LL_SRCDIR/tests/mpi/mpi_lib.sh"

sample_workspace
cd "$ws" || exit 1

# train EXP [NP [NODE_RANKS]]: sets RUN to the new run's folder
train() {
	if [ -n "${2:-}" ]; then
		LOGLAB_MPI_NODE_RANKS=${3:-} mpi_run "$2" "$LOGLAB" train "$1" --json -q >"$tmp/out.json" 2>"$tmp/err.txt"
	else
		"$LOGLAB" train "$1" --json -q >"$tmp/out.json" 2>"$tmp/err.txt"
	fi
	expect_eq "$?" 0 "train $1 on ${2:-no} mpirun (nodes of ${3:-all}): $(head -c 300 "$tmp/err.txt")"
	RUN=$(sed -n 's/^[[:space:]]*"dir":[[:space:]]*"\(.*\)",*$/\1/p' "$tmp/out.json")
}
bytes_a_sum() { sed -n 's/.*(\([0-9]*\) bytes a sum).*/\1/p' "$1/log.txt"; }

for exp in dnn; do
	train $exp
	one=$RUN
	[ -n "$one" ] || { fail "$exp: no run folder"; continue; }
	for cfg in 4:2 3:1 3:2; do
		np=${cfg%:*} k=${cfg#*:}
		train $exp "$np" "$k"
		[ -n "$RUN" ] || { fail "$exp np $np nodes of $k: no run folder"; continue; }
		expect_eq "$(compare_runs "$one" "$RUN")" identical "$exp on $np ranks in nodes of $k: the single process's bytes"
		eval "b_$np$k=\$(bytes_a_sum \"\$RUN\")"
	done
	# the flat collectives on 4 ranks, for the bytes
	export LOGLAB_MPI_SHM=0
	train $exp 4
	unset LOGLAB_MPI_SHM
	flat=$(bytes_a_sum "$RUN")
	echo "$exp bytes a sum: 2 nodes of 2: $b_42, flat collectives: $flat" >&2
	# each rank exchanges its block with one other node, not three ranks
	expect_eq "$(awk -v a="$b_42" -v b="$flat" 'BEGIN { print (a > 0 && a < b) ? "fewer" : "more" }')" fewer \
		"$exp: 2 nodes of 2 send fewer bytes than the flat collectives ($b_42 vs $flat)"
	# 3 nodes of 1: every rank its own node, the exchange is the flat one
	expect_eq "$(awk -v a="$b_31" 'BEGIN { print (a > 0) ? "counted" : "none" }')" counted "$exp: 3 nodes of 1 count their bytes"
done

# a rank failing in epoch 2 of a run on 2 nodes of 2, resumed on 2 nodes
# of 2: the optimiser's state gathered from the node step's blocks at the
# checkpoint continues the run to the single process's bytes
cp -r "$one" "$tmp/one" && one=$tmp/one
rm -rf runs/*
LOGLAB_FAULT=3:2 LOGLAB_MPI_NODE_RANKS=2 mpi_run 4 "$LOGLAB" train dnn -q >"$tmp/o" 2>"$tmp/e"
expect_eq "$([ $? -ne 0 ] && echo failed)" failed "the injected failure ends the job"
run=$(ls -d runs/* | head -1)
expect_eq "$([ -f "$run/checkpoint.llm" ] && echo yes)" yes "a checkpoint of epoch 1 is there"
LOGLAB_MPI_NODE_RANKS=2 mpi_run 4 "$LOGLAB" train --resume "$(basename "$run")" -q >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 0 "resume on 2 nodes of 2: $(head -c 300 "$tmp/e")"
expect_eq "$(compare_runs "$one" "$run")" identical "failed and resumed on 2 nodes of 2: the single process's bytes"
finish
