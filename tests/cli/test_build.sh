#!/bin/sh
# tests/cli/test_build.sh - `loglab init` and `loglab build` on real data:
# shapes, class counts and values checked against independent computations
# (python's csv module and numpy, awk), byte-identical rebuilds, and clear
# errors with exit codes 1 (recipe does not fit the data) and 2 (invalid
# loglab.json).
. "${LL_SRCDIR:-.}/tests/lib.sh"
need_data
D=$LL_DATA_DIR
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# --- init -------------------------------------------------------------------
out=$("$LOGLAB" init "$T/new" 2>&1)
expect_eq "$?" 0 "init exit"
expect_eq "$(test -f "$T/new/loglab.json" && test -d "$T/new/runs" && echo yes)" yes "init creates loglab.json and runs/"
before=$(cksum < "$T/new/loglab.json")
out=$("$LOGLAB" init "$T/new" 2>&1)
expect_eq "$?" 1 "init refuses an existing loglab.json"
expect_match "$out" "already exists; not overwriting" "init message"
expect_eq "$(cksum < "$T/new/loglab.json")" "$before" "loglab.json untouched"
# The example is a valid workspace: only its (absent) data is missing (I/O, 3).
out=$("$LOGLAB" build dstat10s --workspace "$T/new" 2>&1)
expect_eq "$?" 3 "example workspace validates; missing data is an I/O error"
expect_match "$out" "data/dstat.csv" "missing data file named"

# --- a workspace on the shared data ------------------------------------------
W=$T/ws
mkdir -p "$W"
cat > "$W/loglab.json" <<EOF
{
	"version": 1,
	"datasets": {
		"dstat": {"path": "$D/dstat/pkb_dstat-0.7.2-result.csv"},
		"smd": {"path": "$D/smd/csv/machine-1-6_test.csv"},
		"bgl": {"path": "$D/loghub/BGL/BGL_2k.log"},
		"hdfs": {"path": "$D/hdfs_sessions/hdfs100k_block_sessions.csv"}
	},
	"featuresets": {
		"dstat": {"dataset": "dstat", "columns": "usr|1m", "resample": {"interval": "10s", "agg": "mean"},
			"split": {"kind": "chronological", "train": 0.7, "test": 0.3}, "scale": "zscore"},
		"smd": {"dataset": "smd", "window": {"kind": "rows", "size": 10, "stride": 5, "label": "any"},
			"split": {"kind": "chronological", "train": 0.7, "test": 0.3}},
		"bgl": {"dataset": "bgl", "target": "binary", "text": {"kind": "tfidf", "features": 1024},
			"split": {"kind": "chronological", "train": 0.7, "test": 0.3}},
		"bgl_random": {"dataset": "bgl", "target": "binary", "text": {"kind": "tfidf", "features": 1024},
			"split": {"kind": "random", "train": 0.7, "test": 0.3}, "seed": 3},
		"hdfs": {"dataset": "hdfs", "window": {"kind": "session", "column": "BlockId", "events": "EventSeq"},
			"split": {"kind": "grouped", "train": 0.7, "test": 0.3}, "seed": 5},
		"nomatch": {"dataset": "dstat", "columns": "^nosuchcolumn$"},
		"nocolumn": {"dataset": "hdfs", "window": {"kind": "session", "column": "Nope", "events": "EventSeq"}},
		"toolong": {"dataset": "smd", "window": {"kind": "rows", "size": 100000}}
	}
}
EOF

# dstat: 383 one-second rows, 'usr|1m' -> total cpu usage/usr and load avg/1m,
# 10 s means; first 70% train; z-score fitted on train.
out=$("$LOGLAB" build dstat --workspace "$W" 2>&1)
expect_eq "$?" 0 "build dstat"
expect_match "$out" "39 samples x 2 features" "dstat shape in the summary"
out=$("$LOGLAB" build smd --workspace "$W" 2>&1)
expect_eq "$?" 0 "build smd"
out=$("$LOGLAB" build bgl --workspace "$W" 2>"$T/bgl.err")
expect_eq "$?" 0 "build bgl"
expect_eq "$(grep -c 'leakage: the random split' "$T/bgl.err")" 0 "no random-split warning for a chronological split"
"$LOGLAB" build bgl_random --workspace "$W" >/dev/null 2>"$T/bglr.err"
expect_eq "$?" 0 "build bgl_random"
expect_match "$(cat "$T/bglr.err")" "warning: leakage: the random split puts [0-9]+ of 600 test lines" "leakage warning"
out=$("$LOGLAB" build hdfs --workspace "$W" 2>&1)
expect_eq "$?" 0 "build hdfs"

# BGL class counts by awk: first token "-" is ordinary; 2000 lines, first 1400 train.
ord_all=$(awk '$1 == "-"' "$D/loghub/BGL/BGL_2k.log" | wc -l)
rc_train=$(head -n 1400 "$D/loghub/BGL/BGL_2k.log" | awk '$1 != "-"' | wc -l)
rc_test=$(tail -n +1401 "$D/loghub/BGL/BGL_2k.log" | awk '$1 != "-"' | wc -l)
F=$W/features
expect_match "$(cat "$F/bgl/manifest.json")" "\"ordinary\":[[:space:]]*$ord_all" "BGL ordinary count (awk: $ord_all)"

if [ -x "$PY" ] && "$PY" -c 'import numpy' 2>/dev/null; then
	res=$("$PY" - "$D" "$F" "$rc_train" "$rc_test" <<'PYEOF'
import csv, json, math, sys
import numpy as np
D, F, rc_train, rc_test = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
fails = []
def check(cond, what):
    if not cond:
        fails.append(what)

# dstat, computed from the CSV directly.
rows = list(csv.reader(open(D + "/dstat/pkb_dstat-0.7.2-result.csv")))
hdr = rows[6]
data = [r for r in rows[7:] if r and r[0]]
iu, il = hdr.index("usr"), hdr.index("1m")
t = np.array([float(r[0]) for r in data])
v = np.array([[float(r[iu]), float(r[il])] for r in data])
b = np.floor(t / 10) * 10
starts = np.arange(b[0], b[-1] + 1, 10)
Xr = np.array([v[b == s].mean(0) for s in starts])
n = len(Xr); nte = math.ceil(0.3 * n); ntr = n - nte
mu, sd = Xr[:ntr].mean(0), Xr[:ntr].std(0)
Xe = (Xr - mu) / sd
X = np.load(F + "/dstat/X.npy")
check(X.dtype == np.float32 and X.shape == (39, 2), "dstat shape %s" % (X.shape,))
check(np.allclose(X, Xe, rtol=1e-5, atol=1e-5), "dstat values (max diff %g)" % np.abs(X - Xe).max())
sp = np.load(F + "/dstat/split.npy")
check((sp[:ntr] == 0).all() and (sp[ntr:] == 2).all(), "dstat chronological split")
m = json.load(open(F + "/dstat/manifest.json"))
check(m["columns"] == ["total cpu usage/usr", "load avg/1m"], "dstat columns %s" % m["columns"])
check(abs(float(m["scaler"].split("\n")[3].split()[1]) - mu[0]) < 1e-5 * max(1, abs(mu[0])), "dstat scaler mean")

# SMD windows of 10 rows, stride 5; a window is an anomaly when any row is.
lab = np.loadtxt(D + "/smd/csv/machine-1-6_test_label.csv", dtype=int)
raw = np.loadtxt(D + "/smd/csv/machine-1-6_test.csv", delimiter=",", dtype=np.float32)
nw = (len(lab) - 10) // 5 + 1
yw = np.array([lab[s:s + 10].max() for s in range(0, nw * 5, 5)])
X = np.load(F + "/smd/X.npy"); y = np.load(F + "/smd/y.npy"); sp = np.load(F + "/smd/split.npy")
check(X.shape == (nw, 10, 38), "smd shape %s vs %d" % (X.shape, nw))
check(np.array_equal(X[7], raw[35:45]), "smd window 7 = rows 35..44")
m = json.load(open(F + "/smd/manifest.json"))
an = m["classes"].index("anomaly")
check(np.array_equal(y == an, yw == 1), "smd window labels")
nte = math.ceil(0.3 * nw); ntr = nw - nte
check(m["class_counts"]["train"]["anomaly"] == int(yw[:ntr].sum()), "smd train anomalies")
check(m["class_counts"]["test"]["anomaly"] == int(yw[ntr:].sum()), "smd test anomalies")
check(m["shape"] == [nw, 10, 38], "smd manifest shape")

# BGL TF-IDF: CSR rows of unit length, counts against awk.
m = json.load(open(F + "/bgl/manifest.json"))
ip = np.load(F + "/bgl/X_indptr.npy"); dat = np.load(F + "/bgl/X_data.npy"); ind = np.load(F + "/bgl/X_indices.npy")
check(m["shape"] == [2000, 1024] and m["sparse"] and len(ip) == 2001 and ip[-1] == len(dat) == m["nnz"], "bgl csr shape")
norms = np.array([np.sqrt((dat[ip[i]:ip[i + 1]].astype(np.float64) ** 2).sum()) for i in range(2000)])
check(np.all(np.abs(norms[norms > 0] - 1) < 1e-5), "bgl rows unit length")
check((ind >= 0).all() and (ind < 1024).all(), "bgl column ids")
check(m["class_counts"]["train"]["root cause"] == rc_train, "bgl train root causes %d" % rc_train)
check(m["class_counts"]["test"]["root cause"] == rc_test, "bgl test root causes %d" % rc_test)
check(m["leakage"] is not None and m["leakage"]["test_samples"] == 600, "bgl leakage measured")
mr = json.load(open(F + "/bgl_random/manifest.json"))
check(mr["leakage"]["fraction"] > m["leakage"]["fraction"], "random split leaks more than chronological")
check(any("random split" in w for w in mr["warnings"]), "leakage warning in the manifest")

# HDFS sessions: event counts per block from EventSeq.
rows = list(csv.DictReader(open(D + "/hdfs_sessions/hdfs100k_block_sessions.csv")))
m = json.load(open(F + "/hdfs/manifest.json"))
X = np.load(F + "/hdfs/X.npy"); o = np.load(F + "/hdfs/origin.npy"); sp = np.load(F + "/hdfs/split.npy")
evs = sorted({e for r in rows for e in r["EventSeq"].split()}, key=lambda s: (len(s), s))
check(m["features"] == evs, "hdfs event columns")
check(X.shape == (len(rows), len(evs)), "hdfs shape")
ok = all(X[i, j] == rows[o[i]]["EventSeq"].split().count(e) for i in range(0, len(rows), 97) for j, e in enumerate(evs))
check(ok, "hdfs counts")
check(m["class_counts"]["all"] == {"Normal": sum(r["Label"] == "Normal" for r in rows),
                                    "Anomaly": sum(r["Label"] == "Anomaly" for r in rows)}, "hdfs class counts")
nte = math.ceil(0.3 * len(rows))
check(int((sp == 2).sum()) == nte and int((sp == 0).sum()) == len(rows) - nte, "hdfs part sizes")
print("pyfail: " + "; ".join(fails) if fails else "pyok")
PYEOF
)
	expect_eq "$res" pyok "independent python checks"
else
	echo "note: numpy not available in $PY; value checks skipped" >&2
fi

# --- determinism --------------------------------------------------------------
for f in dstat smd bgl_random hdfs; do
	"$LOGLAB" build "$f" --workspace "$W" --out "$T/again/$f" >/dev/null 2>&1
	for file in "$F/$f"/*; do
		b=$(basename "$file")
		cmp -s "$file" "$T/again/$f/$b"
		expect_eq "$?" 0 "rebuild of $f gives the same $b"
	done
done

# --- preview -------------------------------------------------------------------
out=$("$LOGLAB" build dstat --workspace "$W" --preview --out "$T/preview" 2>&1)
expect_eq "$?" 0 "preview exit"
expect_match "$out" "total cpu usage/usr +383 +0 " "preview column statistics"
expect_match "$out" "load avg/1m" "preview second column"
expect_eq "$(test -e "$T/preview" && echo written || echo none)" none "preview writes nothing"
out=$("$LOGLAB" build hdfs --workspace "$W" --preview --json 2>&1)
expect_match "$out" "\"Anomaly\":[[:space:]]*313" "preview --json class counts"

# --- bad recipes -----------------------------------------------------------------
out=$("$LOGLAB" build nomatch --workspace "$W" 2>&1)
expect_eq "$?" 1 "regex matching nothing: exit 1"
expect_match "$out" "featuresets.nomatch.columns: .*matches no" "regex matching nothing: message"
out=$("$LOGLAB" build nocolumn --workspace "$W" 2>&1)
expect_eq "$?" 1 "unknown column: exit 1"
expect_match "$out" "window.column: unknown column 'Nope' \\(columns: BlockId, Label, Split, EventSeq\\)" "unknown column: message"
out=$("$LOGLAB" build toolong --workspace "$W" 2>&1)
expect_eq "$?" 1 "window longer than the data: exit 1"
expect_match "$out" "window of 100000 rows is longer than the data \\(23689 rows\\)" "window too long: message"
out=$("$LOGLAB" build nosuch --workspace "$W" 2>&1)
expect_eq "$?" 1 "unknown feature set: exit 1"
out=$("$LOGLAB" build dstt --workspace "$W" 2>&1)
expect_match "$out" "did you mean \"dstat\"" "unknown feature set: did you mean"

bad() { # NAME FEATURESET-JSON
	mkdir -p "$T/$1"
	printf '{"version": 1, "datasets": {"d": {"path": "%s"}}, "featuresets": {"f": %s}}\n' \
		"$D/smd/csv/machine-1-6_test.csv" "$2" > "$T/$1/loglab.json"
	"$LOGLAB" build f --workspace "$T/$1" 2>&1
}
out=$(bad ratios '{"dataset": "d", "split": {"train": 0.6, "test": 0.3}}')
expect_eq "$?" 2 "ratios not summing to 1: exit 2"
expect_match "$out" "loglab.json: featuresets.f.split: train \\+ dev \\+ test must sum to 1, got 0.6 \\+ 0 \\+ 0.3 = 0.9" "ratios: message"
out=$(bad key '{"dataset": "d", "windw": {"kind": "rows"}}')
expect_eq "$?" 2 "unknown key: exit 2"
expect_match "$out" "loglab.json: featuresets.f.windw: unknown key \\(did you mean \"window\"\\?\\)" "unknown key: message"
out=$(bad size '{"dataset": "d", "window": {"kind": "rows", "size": -3}}')
expect_eq "$?" 2 "negative window size: exit 2"
expect_match "$out" "loglab.json: featuresets.f.window.size: must be a positive integer, got -3" "window size: message"
out=$(bad json '{"dataset": "d",}')
expect_eq "$?" 2 "malformed JSON: exit 2"
expect_match "$out" "loglab.json:1:[0-9]+: not valid JSON" "malformed JSON: position"

# --- the labels' own column is never a feature; label_column names it -------
L=$T/lab
mkdir -p "$L"
awk 'BEGIN { srand(7); print "a,b,y"; for (i = 0; i < 300; i++) printf "%.3f,%.3f,%d\n", rand(), rand(), int(rand() * 2) }' \
	> "$L/y.csv"
sed '1s/.*/a,b,outcome/' "$L/y.csv" > "$L/o.csv"
printf '%s\n' '{"version": 1,' \
	' "datasets": {"y": {"path": "y.csv"}, "o": {"path": "o.csv", "label_column": "outcome"},' \
	'   "bad": {"path": "o.csv", "label_column": "kind"}},' \
	' "featuresets": {"fy": {"dataset": "y", "split": {"kind": "random", "train": 0.7, "test": 0.3}, "seed": 1},' \
	'   "fo": {"dataset": "o", "split": {"kind": "random", "train": 0.7, "test": 0.3}, "seed": 1},' \
	'   "fb": {"dataset": "bad"}},' \
	' "experiments": {"lr": {"featureset": "fy", "model": "logreg"}}}' > "$L/loglab.json"
"$LOGLAB" build fy --workspace "$L" > /dev/null 2>&1
expect_eq "$?" 0 "numeric y: build"
expect_match "$(tr -d ' \t\n' < "$L/features/fy/manifest.json")" '"columns":\["a","b"\]' "numeric y is the labels, not a feature"
# random labels: a model that saw y would score 1.0
out=$("$LOGLAB" train lr --workspace "$L" 2>&1)
expect_eq "$?" 0 "numeric y: train"
acc=$(printf '%s\n' "$out" | awk '/^ *test / { for (i = 1; i < NF; i++) if ($i == "accuracy") print $(i + 1) }')
expect_eq "$(awk -v a="$acc" 'BEGIN { print (a < 0.75) ? "chance" : "leak" }')" chance "test accuracy on random labels ($acc)"
"$LOGLAB" build fo --workspace "$L" > /dev/null 2>&1
expect_eq "$?" 0 "label_column: build"
expect_match "$(tr -d ' \t\n' < "$L/features/fo/manifest.json")" '"columns":\["a","b"\]' "label_column outcome is the labels"
out=$("$LOGLAB" build fb --workspace "$L" 2>&1)
expect_eq "$?" 2 "label_column the data lacks: exit 2"
expect_match "$out" 'o.csv: no column named "kind" for the labels \(the columns: a, b, outcome\)' "label_column: message"
out=$("$LOGLAB" info -f csv:label=outcome "$L/o.csv" 2>&1)
expect_match "$out" "labels: +2 classes, 300 labelled" "info -f csv:label=NAME"

"$LOGLAB" build --help | grep -q "Usage: loglab build"
expect_eq "$?" 0 "build --help"
"$LOGLAB" init --help | grep -q "Usage: loglab init"
expect_eq "$?" 0 "init --help"
finish
