#!/bin/sh
# test_mpi_train.sh - `loglab train` on 2, 3 and 4 MPI ranks gives the
# single-process run's results, for each model kind of the sample
# workspace: MLP (dnn), logistic regression (L-BFGS, on 1.9k and 5.2k rows),
# LSTM and k-means (on metrics, and on the kernel lines' default TF-IDF). metrics.json within 1e-5, predictions.tsv with the same
# classes/clusters and scores within 1e-4; one rank gives the plain run's
# bytes; MLP, LSTM and both k-means the same bytes on any rank count, the MLP
# and LSTM also without the shared memory step (LOGLAB_MPI_SHM=0); the
# float64 sums of L-BFGS may differ in the last bits between rank counts,
# so for logistic regression only the tolerance is asserted. Rank 0 alone writes the run folder.
# Rank counts: mpi_ranks (tests/mpi/mpi_lib.sh).
. "$LL_SRCDIR/tests/lib.sh"
. "$LL_SRCDIR/tests/mpi/mpi_lib.sh"

sample_workspace
cd "$ws" || exit 1
ranks=$(mpi_ranks)
# k-means on enough rows (8640 x 0.7, six blocks of 1024) that every rank
# assigns some: the sample's own kmeans has one block
python3 - <<'PY'
import json
j = json.load(open("loglab.json"))
j["featuresets"]["dstat_raw"] = {"dataset": "dstat", "columns": "usr|sys|idl|1m|used|free",
                                 "split": {"kind": "chronological", "train": 0.7, "test": 0.3}, "scale": "zscore"}
j["experiments"]["kmeans_raw"] = {"featureset": "dstat_raw", "model": "kmeans", "k": [2, 6], "n_init": 2, "seed": 3}
# the L-BFGS logistic regression on more rows than one 2048-row chunk of its sums
j["featuresets"]["dstat_lab_raw"] = {"dataset": "dstat_labelled", "columns": "usr|sys|idl|1m|used|free",
                                     "split": {"kind": "chronological", "train": 0.6, "dev": 0.1, "test": 0.3},
                                     "scale": "zscore"}
j["experiments"]["logreg_raw"] = {"featureset": "dstat_lab_raw", "model": "logreg", "seed": 1}
# k-means on the kernel lines' default text features (TF-IDF, sparse rows)
j["featuresets"]["kern_bare"] = {"dataset": "kern", "split": {"kind": "chronological", "train": 0.7, "test": 0.3}}
j["experiments"]["kmeans_text"] = {"featureset": "kern_bare", "model": "kmeans", "k": [2, 4], "seed": 3}
json.dump(j, open("loglab.json", "w"), indent=1)
PY

# train EXP [NP]: sets RUN to the new run's folder
train() {
	if [ -n "${2:-}" ]; then
		mpi_run "$2" "$LOGLAB" train "$1" --json -q >"$tmp/out.json" 2>"$tmp/err.txt"
	else
		"$LOGLAB" train "$1" --json -q >"$tmp/out.json" 2>"$tmp/err.txt"
	fi
	expect_eq "$?" 0 "train $1 on ${2:-no} mpirun: $(head -c 300 "$tmp/err.txt")"
	RUN=$(sed -n 's/^[[:space:]]*"dir":[[:space:]]*"\(.*\)",*$/\1/p' "$tmp/out.json")
}

for exp in dnn logreg logreg_raw lstm kmeans_raw kmeans_text; do
	train $exp
	one=$RUN
	[ -n "$one" ] || { fail "$exp: no run folder"; continue; }
	# no wait between trainings: a run started in the same second as
	# another gets the next free id (-2, -3, ...; ds_run_create), and each
	# training's folder is read from its --json output
	train $exp 1
	same=$RUN
	expect_eq "$(cmp "$one/metrics.json" "$same/metrics.json" && cmp "$one/predictions.tsv" "$same/predictions.tsv" && echo same)" \
		same "$exp: mpirun -np 1 gives the plain run's bytes"
	for np in $ranks; do
		train $exp "$np"
		run=$RUN
		[ -n "$run" ] || { fail "$exp np $np: no run folder"; continue; }
		verdict=$(compare_runs "$one" "$run")
		rc=$?
		echo "$exp np $np: $verdict" >&2
		expect_eq "$rc" 0 "$exp on $np ranks equals one process: $verdict"
		case $exp in
		kmeans_raw | kmeans_text | dnn | lstm) expect_eq "$verdict" identical "$exp on $np ranks: the same bytes" ;;
		esac
		expect_match "$(cat "$run/log.txt")" "on $np MPI ranks|k-means on $np MPI ranks" "$exp np $np: the log names the ranks"
		expect_eq "$(grep -c '"status":[[:space:]]*"done"' "$run/run.json")" 1 "$exp np $np: run.json done"
		# one run folder per training, whatever the rank count
		expect_eq "$(ls "$ws/runs" | wc -l)" "$(ls -d "$ws/runs"/* | wc -l)" "runs listed"
	done
	# the MLP's and LSTM's step without the shared memory window (ranks
	# on several nodes take this path): the collectives, the same bytes
	if [ "$exp" = dnn ] || [ "$exp" = lstm ]; then
		export LOGLAB_MPI_SHM=0
		train $exp 3
		unset LOGLAB_MPI_SHM
		expect_eq "$(compare_runs "$one" "$RUN")" identical "$exp on 3 ranks without shared memory: the same bytes"
		rm -rf "$RUN"
	fi
done
expect_eq "$(ls "$ws/runs" | wc -l)" "$((6 * (2 + $(echo $ranks | wc -w))))" "one run folder per training"

# another verb under several ranks is refused once, not run N times
mpi_run 2 "$LOGLAB" info "$ws/dstat.csv" >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 1 "info on 2 ranks is a usage error"
expect_match "$(cat "$tmp/e")" "does not run on MPI" "info on 2 ranks says why"
expect_eq "$(grep -c 'does not run on MPI' "$tmp/e")" 1 "said once"
# an error every rank meets alike is reported once, with the usual exit code
mpi_run 3 "$LOGLAB" train nosuch >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 1 "unknown experiment on 3 ranks: exit 1"
expect_eq "$(grep -c 'no experiment "nosuch"' "$tmp/e")" 1 "unknown experiment reported once"
finish
