#!/bin/sh
# bench/bench_csv.sh [BUILDDIR] - reading a numeric CSV into a feature matrix,
# loglab against numpy, measured in this run on this machine.
#
#   loglab: `loglab build` of a feature set over a generated CSV (ROWS rows x
#       COLS float columns and a class column, bench/gen_table): detection,
#       types, the class column, a random split, z-scoring, and X.npy,
#       y.npy, split.npy written; the dataset's SHA-256 for the manifest.
#   numpy: numpy.loadtxt of the same columns as float32 and np.save (the
#       least a Python pipeline does before any feature work; numpy 1.23 and
#       later parse in C).
#
# Each figure is the best of $REPS runs (default 3), taking turns. Peak memory
# is the process's maximum resident size. A reported figure: issue 18 sets no
# target for it; the ratio is numpy's time over loglab's.
set -e
B=${1:-${LL_BUILDDIR:-.}}
L=$B/loglab
G=$B/bench/gen_table
PY=/usr/bin/python3
REPS=${REPS:-3}
ROWS=${ROWS:-1000000}
COLS=${COLS:-20}
[ -x "$L" ] || { echo "bench_csv.sh: $L not built" >&2; exit 1; }
[ -x "$G" ] || { echo "bench_csv.sh: $G not built (make bench/gen_table)" >&2; exit 1; }
"$PY" -c 'import numpy' 2>/dev/null || { echo "bench_csv.sh: $PY has no numpy" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
export LOGLAB_THREADS=1 OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
"$G" "$TMP/data.csv" "$ROWS" "$COLS" 4 7
cat >"$TMP/loglab.json" <<JSON
{
	"version": 1,
	"datasets": {"tab": {"path": "data.csv"}},
	"featuresets": {"tab": {"dataset": "tab", "columns": "^x", "split": {"kind": "random", "train": 0.8, "test": 0.2},
		"scale": "zscore", "seed": 1}}
}
JSON
# timed OUTFILE CMD...: wall, user, system seconds and peak KiB of CMD into OUTFILE
timed() {
	out=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$out" "$@" >/dev/null 2>&1
}
best=""
pbest=""
i=0
while [ "$i" -lt "$REPS" ]; do
	rm -rf "$TMP/features"
	timed "$TMP/t1" "$L" build tab -w "$TMP" --out "$TMP/features"
	timed "$TMP/t2" "$PY" -c "import numpy as np, sys
X = np.loadtxt(sys.argv[1], delimiter=',', skiprows=1, usecols=range($COLS), dtype=np.float32)
np.save(sys.argv[2], X)" "$TMP/data.csv" "$TMP/np.npy"
	best=$(awk -v a="$best" -v b="$(cat "$TMP/t1")" 'BEGIN { split(b, x, " "); split(a, y, " "); print (a == "" || x[1] < y[1]) ? b : a }')
	pbest=$(awk -v a="$pbest" -v b="$(cat "$TMP/t2")" 'BEGIN { split(b, x, " "); split(a, y, " "); print (a == "" || x[1] < y[1]) ? b : a }')
	i=$((i + 1))
done
[ -s "$TMP/features/X.npy" ] || { echo "bench_csv.sh: loglab build wrote no X.npy" >&2; exit 1; }
mib=$(awk -v b="$(wc -c <"$TMP/data.csv")" 'BEGIN { printf "%.0f", b / 1048576 }')
echo "CSV of $ROWS rows x $COLS numbers + a class column ($mib MiB), best of $REPS:"
echo
echo "| reader | wall s | user s | sys s | peak MiB | MB/s |"
echo "|---|---|---|---|---|---|"
for who in loglab numpy; do
	[ $who = loglab ] && t=$best || t=$pbest
	echo "$t" | awk -v w="$who" -v mib="$mib" '{ printf "| %s | %.2f | %.2f | %.2f | %.0f | %.0f |\n", w, $1, $2, $3, $4 / 1024, mib * 1.048576 / $1 }'
done
echo
awk -v a="$best" -v b="$pbest" 'BEGIN { split(a, x, " "); split(b, y, " ");
	printf "reported: loglab build %.2f s vs numpy.loadtxt %.2f s = %.2fx (numpy over loglab; loglab also splits, scales and writes three arrays)\n", x[1], y[1], y[1] / x[1] }'
