#!/bin/sh
# test_metrics_agree.sh - one run, four places that show its macro averages:
# the confusion view (loglab --keys --dump-screen, at 80x24 and 200x50),
# metrics.json, `loglab runs --compare` and the HTML report. They must agree
# with each other and with scikit-learn's rule, computed here independently
# (awk over predictions.tsv): average over the classes present in y_true or
# y_pred of the part. The data has five classes, two of which (d, e) occur
# only in the first 70% of the rows, so the test part lacks them: counting
# every class (labels=range(k)) would give other numbers.
. "${LL_SRCDIR:-.}/tests/lib.sh"

[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
HOME=$tmp/home
mkdir -p "$HOME"
export HOME
unset XDG_CONFIG_HOME NO_COLOR LOGLAB_ASCII
LC_ALL=C.UTF-8
export LC_ALL

ws=$tmp/ws
mkdir -p "$ws"
# 700 rows: x1 x2 noisy around a centre per class; d and e only before row 420.
awk 'BEGIN {
	srand(7); print "x1,x2,label"
	split("a b c d e", cls, " ")
	cx["a"] = 0; cy["a"] = 0; cx["b"] = 3; cy["b"] = 0; cx["c"] = 0; cy["c"] = 3
	cx["d"] = 3; cy["d"] = 3; cx["e"] = 1.5; cy["e"] = 1.5
	for (i = 0; i < 700; i++) {
		k = i < 420 ? 1 + i % 5 : 1 + i % 3
		c = cls[k]
		printf "%.4f,%.4f,%s\n", cx[c] + 1.2 * (rand() - 0.5) * 2, cy[c] + 1.2 * (rand() - 0.5) * 2, c
	}
}' >"$ws/points.csv"
cat >"$ws/loglab.json" <<'JSON'
{
	"version": 1,
	"datasets": {"points": {"path": "points.csv"}},
	"featuresets": {
		"xy": {"dataset": "points", "columns": "^x[12]$", "target": {"kind": "classes", "ordinary": ["a"]},
			"split": {"kind": "chronological", "train": 0.7, "test": 0.3}, "scale": "zscore", "seed": 1}
	},
	"experiments": {
		"mlp": {"featureset": "xy", "model": "mlp", "hidden": [8], "lr": 0.05, "epochs": 6, "batch": 32, "seed": 3}
	}
}
JSON
if ! (cd "$ws" && "$LOGLAB" train mlp --quiet >"$tmp/train.out" 2>&1); then
	fail "loglab train: $(cat "$tmp/train.out")"
	finish
fi
RUN=$(cd "$ws/runs" && ls -d *-mlp)
pred=$ws/runs/$RUN/predictions.tsv

# scikit-learn's rule from the predictions of the test part.
expected=$(awk -F'\t' 'NR > 1 && $3 == "test" && $4 != "" {
	n++; t[$4]++; p[$5]++; if ($4 == $5) tp[$4]++; seen[$4] = 1; seen[$5] = 1
} END {
	for (c in seen) {
		k++
		pr = p[c] ? tp[c] / p[c] : 0; rc = t[c] ? tp[c] / t[c] : 0
		f = pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0
		P += pr; R += rc; F += f
		if (t[c]) { nb++; B += rc }
	}
	printf "%.4f %.4f %.4f %.4f %d\n", P / k, R / k, F / k, B / nb, k
}' "$pred")
set -- $expected
EP=$1 ER=$2 EF=$3 EB=$4 NCLS=$5
checks=$((checks + 1))
[ "$NCLS" -lt 5 ] || fail "the test part should lack some classes (got $NCLS of 5 present)"

# metrics.json
num() { # KEY FILE: the first number after "KEY": in the test part of metrics.json
	tr -d ' \n\t' <"$2" | sed 's/.*"test":{//' | sed -n "s/.*\"$1\":\([-0-9.eE+]*\).*/\1/p" | head -1
}
M=$ws/runs/$RUN/metrics.json
for kv in "precision_macro $EP" "recall_macro $ER" "f1_macro $EF" "balanced_accuracy $EB"; do
	set -- $kv
	got=$(printf '%.4f' "$(num "$1" "$M")")
	expect_eq "$got" "$2" "metrics.json test.$1"
done

# loglab runs --compare (the run with itself) prints every macro metric.
(cd "$ws" && "$LOGLAB" runs --compare "$RUN" "$RUN") >"$tmp/compare.txt" 2>&1 || fail "loglab runs --compare"
for kv in "precision_macro $EP" "recall_macro $ER" "f1_macro $EF" "balanced_accuracy $EB"; do
	set -- $kv
	got=$(awk -v k="test.$1" '$1 == k { printf "%.4f", $2 }' "$tmp/compare.txt")
	expect_eq "$got" "$2" "loglab runs --compare test.$1"
done
# loglab runs: the key metric is the same macro F1.
(cd "$ws" && "$LOGLAB" runs) >"$tmp/runs.txt" 2>&1 || fail "loglab runs"
expect_match "$(cat "$tmp/runs.txt")" "f1 $EF" "loglab runs key metric f1"

# The HTML report: its metrics table holds the same numbers.
(cd "$ws" && "$LOGLAB" report "$RUN" -o "$tmp/report.html") >/dev/null 2>&1 || fail "loglab report"
report=$(cat "$tmp/report.html")
for v in "$EP" "$ER" "$EF" "$EB"; do
	expect_match "$report" ">$v<" "report cell $v"
done

# The confusion view's report, on a small and a large screen: its macro avg
# line is precision, recall, f1 and its balanced accuracy the same.
for size in 24x80 50x200; do
	"$LOGLAB" --keys ":confusion $RUN<Enter>" --dump-screen "$size" "$ws" >"$tmp/cm.txt" 2>"$tmp/err" ||
		fail "confusion view $size: $(cat "$tmp/err")"
	got=$(awk '/macro avg/ { for (i = 1; i <= NF; i++) if ($i == "avg") { print $(i+1), $(i+2), $(i+3); exit } }' "$tmp/cm.txt")
	expect_eq "$got" "$EP $ER $EF" "confusion view $size macro avg"
	expect_match "$(cat "$tmp/cm.txt")" "balanced accuracy $EB" "confusion view $size balanced accuracy"
done

finish
