#!/bin/sh
# test_mpi_kshare.sh - k-means on MPI ranks whose shares of Lloyd's passes
# move between passes (core/ll_kshare.h): with LOGLAB_MPI_BALANCE=skew
# deliberately uneven shares, a different split every pass (every inner
# boundary to either end of its margin and back), and with =1 shares that
# follow the ranks' speeds, an elbow of k 2..4 with two
# restarts each gives the single process's centres, inertia, metrics and
# predictions, the same bytes, on 2, 3 and 4 ranks; the run log says how
# many blocks changed rank. Unset or 0 keeps the equal split; set on one
# rank only (an MPMD launch), the ranks agree on the equal split.
. "$LL_SRCDIR/tests/lib.sh"
. "$LL_SRCDIR/tests/mpi/mpi_lib.sh"

scratch kshare
ws="$tmp/ws"
mkdir -p "$ws" && cd "$ws" || exit 1
# 40,000 rows of 6 columns around 5 centres: 32,000 training rows, 32 blocks
# of 1024, so that every rank count here has a margin to move in
python3 - <<'PY'
import random
r = random.Random(7)
cent = [[r.uniform(-5, 5) for _ in range(6)] for _ in range(5)]
with open("data.csv", "w") as f:
    f.write(",".join("x%d" % j for j in range(6)) + "\n")
    for i in range(40000):
        c = cent[r.randrange(5)]
        f.write(",".join("%.4f" % (v + r.gauss(0, 1.5)) for v in c) + "\n")
PY
cat >loglab.json <<'JSON'
{
	"version": 1,
	"datasets": {"tab": {"path": "data.csv"}},
	"featuresets": {"tab": {"dataset": "tab", "columns": "^x", "split": {"kind": "random", "train": 0.8, "test": 0.2},
		"scale": "zscore", "seed": 1}},
	"experiments": {"km": {"featureset": "tab", "model": "kmeans", "k": [2, 4], "n_init": 2, "seed": 3}}
}
JSON

same() { cmp -s "$1/metrics.json" "$2/metrics.json" && cmp -s "$1/predictions.tsv" "$2/predictions.tsv" && cmp -s "$1/model.llm" "$2/model.llm" && echo same; }
moved() { sed -n 's/.*k-means shares: \([0-9]*\) blocks of 1024 rows changed rank.*/\1/p' "$1/log.txt"; }

train 0 "$LOGLAB" train km --json -q
one=$RUN
[ -n "$one" ] && [ -f "$one/model.llm" ] || fail "the single process's run: no model ($one)"

for np in $(mpi_ranks); do
	train "$np" env LOGLAB_MPI_BALANCE=skew "$LOGLAB" train km --json -q
	expect_eq "$(same "$one" "$RUN")" same "$np ranks, shares uneven: the single process's bytes"
	expect_eq "$(moved "$RUN" | awk '$1 > 0 { print "moved" }')" moved \
		"$np ranks, shares uneven: blocks changed rank ($(grep 'shares' "$RUN/log.txt"))"
	train "$np" env LOGLAB_MPI_BALANCE=1 "$LOGLAB" train km --json -q
	expect_eq "$(same "$one" "$RUN")" same "$np ranks, shares by speed: the single process's bytes"
	expect_match "$(cat "$RUN/log.txt")" "k-means shares: [0-9]* blocks of 1024 rows changed rank" \
		"$np ranks, shares by speed: the log says how far they moved"
done

train 2 env LOGLAB_MPI_BALANCE=0 "$LOGLAB" train km --json -q
expect_eq "$(same "$one" "$RUN")" same "LOGLAB_MPI_BALANCE=0: the single process's bytes"
expect_match "$(cat "$RUN/log.txt")" "k-means shares: the equal split" "LOGLAB_MPI_BALANCE=0: the equal split"
train 2 "$LOGLAB" train km --json -q
expect_match "$(cat "$RUN/log.txt")" "k-means shares: the equal split" "by default: the equal split"

# the equal split (the default) on one rank of 3: all take it (the others
# filled their margins for nothing), no hang, the same bytes
train 1 env LOGLAB_MPI_BALANCE=1 "$LOGLAB" train km --json -q : -np 1 env LOGLAB_MPI_BALANCE=skew "$LOGLAB" train km --json -q : -np 1 "$LOGLAB" train km --json -q
expect_eq "$(same "$one" "$RUN")" same "the equal split on one rank of 3: the single process's bytes"
expect_match "$(cat "$RUN/log.txt")" "k-means shares: the equal split" "on one rank of 3: the equal split"
finish
