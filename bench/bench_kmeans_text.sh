#!/bin/sh
# bench_kmeans_text.sh - `loglab train` of a k-means experiment on a log's
# default text features (hashed TF-IDF, 4096 columns, first 70% of the lines
# to train), timed with /usr/bin/time -v, beside scikit-learn's KMeans on
# the same TF-IDF (the CSR that `loglab build` writes) with the same k and
# n_init 1.
#
# usage: bench/bench_kmeans_text.sh [BUILDDIR [LOG]]
#   BUILDDIR holds loglab and bench/gen_syslog (default .); LOG a log file
#   (default: ${TMPDIR:-/tmp}/loglab-km-syslog.log, BYTES bytes of
#   gen_syslog, made once and kept; BYTES=132000000 gives 998k lines).
#   BEFORE=path/to/another/loglab times that binary too (an older build);
#   K (default 8), SEEDS (default "1 2 3"), THREADS (LOGLAB_THREADS,
#   default 2); SKLEARN=0 skips the peer.
# Not part of make check; results go to bench/TEXT.md.
set -eu

BUILDDIR=$(cd "${1:-.}" && pwd)
TMP=${TMPDIR:-/tmp}
LOG=${2:-$TMP/loglab-km-syslog.log}
: "${BYTES:=132000000}" "${K:=8}" "${SEEDS:=1 2 3}" "${THREADS:=2}" "${SKLEARN:=1}"
PY=/usr/bin/python3
if [ ! -s "$LOG" ]; then
	"$BUILDDIR/bench/gen_syslog" "$BYTES" "$LOG"
fi
LOG=$(cd "$(dirname "$LOG")" && pwd)/$(basename "$LOG")
WS=$(mktemp -d "$TMP/llkm.XXXXXX")
trap 'rm -rf "$WS"' EXIT
echo "input: $LOG, $(wc -l < "$LOG") lines; k $K, seeds $SEEDS, $THREADS threads"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"

# one experiment per seed
"$PY" - "$WS" "$LOG" "$K" $SEEDS <<'PY'
import json, sys
ws, log, k, seeds = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
j = {"version": 1, "datasets": {"log": {"path": log}},
     "featuresets": {"log_text": {"dataset": "log", "split": {"kind": "chronological", "train": 0.7, "test": 0.3}}},
     "experiments": {"km%s" % s: {"featureset": "log_text", "model": "kmeans", "k": [k, k], "seed": int(s)} for s in seeds}}
json.dump(j, open(ws + "/loglab.json", "w"), indent=1)
PY

# train BIN NAME: one line of figures per seed
train() {
	for s in $SEEDS; do
		(cd "$WS" && LOGLAB_THREADS=$THREADS /usr/bin/time -v "$1" train "km$s" --json -q >out.json 2>time.txt) ||
			{ echo "$2 seed $s: failed: $(head -c 300 "$WS/time.txt")"; continue; }
		dir=$(sed -n 's/^[[:space:]]*"dir":[[:space:]]*"\(.*\)",*$/\1/p' "$WS/out.json")
		"$PY" - "$2" "$s" "$WS/time.txt" "$dir" <<'PY'
import json, re, sys
name, seed, tf, d = sys.argv[1:]
t = open(tf).read()
g = lambda p: re.search(p, t).group(1)
run, m = json.load(open(d + "/run.json")), json.load(open(d + "/metrics.json"))
e = m["kmeans"]["elbow"][0]
print("%s seed %s: job %.2f s CPU (k-means %.2f s CPU, %.2f s wall), peak RSS %.0f MB, inertia %.6f, silhouette %.6f"
      % (name, seed, float(g(r"User time \(seconds\): ([0-9.]+)")) + float(g(r"System time \(seconds\): ([0-9.]+)")),
         run["train_cpu_s"], run["train_s"], int(g(r"Maximum resident set size \(kbytes\): ([0-9]+)")) / 1024,
         e["inertia"], e["silhouette"]))
PY
	done
}

train "$BUILDDIR/loglab" loglab
[ -z "${BEFORE:-}" ] || train "$BEFORE" before

if [ "$SKLEARN" = 1 ]; then
	(cd "$WS" && "$BUILDDIR/loglab" build log_text -o feat >/dev/null 2>&1)
	"$PY" - "$WS/feat" "$K" $SEEDS <<'PY' || echo "sklearn: not run (no numpy/scipy/sklearn under $PY?)"
import json, resource, sys, time
import numpy as np, scipy.sparse as sp
from sklearn.cluster import KMeans
d, k, seeds = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
ip, ix, dv = (np.load("%s/X_%s.npy" % (d, n)) for n in ("indptr", "indices", "data"))
split = np.load(d + "/split.npy")
X = sp.csr_matrix((dv, ix, ip), shape=(len(ip) - 1, 4096)).astype(np.float32)[split == 0]
for i, s in enumerate(seeds):
    t = time.process_time()
    km = KMeans(k, n_init=1, random_state=i).fit(X)
    print("sklearn random_state %d: %.2f s CPU, inertia %.6f (%d rows, %d stored values)"
          % (i, time.process_time() - t, km.inertia_, X.shape[0], X.nnz))
print("sklearn peak RSS %.0f MB (with the CSR loaded)" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
PY
fi
