#!/bin/sh
# tests/cli/test_eval_unseen.sh - `eval` of a classes run on data holding
# classes the run never saw (NSL-KDD's test file: 3752 of 22544 rows of
# attacks absent from its training file). They left every figure, the
# root-cause AUROC/AP too, though whether each is ordinary is known by its
# name. Now:
#  - the per-class figures (accuracy, report, confusion matrix) keep to the
#    run's classes; the root-cause ones count them, a root cause unless an
#    ordinary name (the default "benign" here);
#  - the text names the classes and their counts, metrics.json and --json
#    carry root_cause.unseen_class_samples and unknown_classes;
#  - k-means' figures (purity, ARI) keep to the run's classes, the classes
#    named too;
#  - a run naming no ordinary class (its score is class 1's probability)
#    cannot tell their truth: left out, and said so.
. "$LL_SRCDIR/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is needed to read JSON" >&2; exit 77; }

scratch evalunseen

W=$tmp/ws
mkdir "$W"
# 3 features; normal rows small, dos rows big x, probe rows big y; the
# other file adds r2l (big z: a root cause) and benign (small: ordinary)
gen() { awk -v extra="$1" 'BEGIN { print "f1,f2,f3,label"; srand(7)
	for (i = 0; i < 600; i++) {
		m = extra ? i % 5 : i % 3; x = rand(); y = rand(); z = rand()
		if (m == 0) l = "normal"; else if (m == 1) { l = "dos"; x += 2 } else if (m == 2) { l = "probe"; y += 2 }
		else if (m == 3) { l = "r2l"; z += 2; x += 0.6 } else l = "benign"
		printf "%.4f,%.4f,%.4f,%s\n", x, y, z, l } }' ; }
gen 0 >"$W/train.csv"
gen 1 >"$W/test.csv"
sed -e 's/,normal$/,a/' -e 's/,dos$/,b/' -e 's/,probe$/,a/' "$W/train.csv" >"$W/trainab.csv"
sed -e 's/,normal$/,a/' -e 's/,dos$/,b/' -e 's/,probe$/,a/' -e 's/,r2l$/,c/' -e 's/,benign$/,a/' "$W/test.csv" >"$W/testab.csv"
cat >"$W/loglab.json" <<JSON
{
	"version": 1,
	"datasets": {"train": {"path": "train.csv"}, "test": {"path": "test.csv"},
		     "trainab": {"path": "trainab.csv"}, "testab": {"path": "testab.csv"}},
	"featuresets": {
		"cls": {"dataset": "train", "columns": "f1|f2|f3", "target": {"kind": "classes"}},
		"ab": {"dataset": "trainab", "columns": "f1|f2|f3", "target": {"kind": "classes"}}
	},
	"experiments": {
		"c": {"featureset": "cls", "model": "logreg", "seed": 1},
		"ab": {"featureset": "ab", "model": "logreg", "seed": 1},
		"km": {"featureset": "cls", "model": "kmeans", "k": 3, "seed": 1}
	}
}
JSON
for e in c ab km; do
	out=$(cd "$W" && "$LOGLAB" train $e --quiet 2>&1) || fail "train $e: $out"
done
C=$(cd "$W/runs" && ls -d *-c)
AB=$(cd "$W/runs" && ls -d *-ab)
KM=$(cd "$W/runs" && ls -d *-km)

out=$(cd "$W" && "$LOGLAB" eval "$C" test 2>&1)
expect_eq "$?" 0 "eval on data with unseen classes ($out)"
expect_match "$out" 'labelled samples 360$' "the per-class figures keep to the run's classes"
expect_match "$out" '240 samples of 2 classes the run never saw: r2l 120, benign 120 \(ordinary\)$' \
	"the classes the run never saw are named with their counts"
expect_match "$out" 'counted in auroc and average_precision' "the text says the root-cause figures count them"
M=$W/runs/$C/eval-test/metrics.json
# the root-cause figures over all 600 rows: AUROC computed here from the
# written scores and each row's label as named in the file
got=$(python3 - "$M" "$W/runs/$C/eval-test/predictions.tsv" "$W/test.csv" <<'PY'
import csv, json, sys
m = json.load(open(sys.argv[1]))
t = m["parts"]["test"]
rc = t["root_cause"]
labels = [r["label"] for r in csv.DictReader(open(sys.argv[3]))]
rows = list(csv.DictReader(open(sys.argv[2]), delimiter="\t"))
pos = [float(r["score"]) for r in rows if labels[int(r["row"]) - 1] not in ("normal", "benign")]
neg = [float(r["score"]) for r in rows if labels[int(r["row"]) - 1] in ("normal", "benign")]
auc = sum((p > q) + 0.5 * (p == q) for p in pos for q in neg) / (len(pos) * len(neg))
cm = sum(sum(r) for r in t["confusion_matrix"])
uc = sorted((u["class"], u["samples"], u["root_cause_truth"]) for u in m["unknown_classes"])
print(rc["positives"], rc["negatives"], rc.get("unseen_class_samples"), cm, t["samples"],
      m["unknown_class_samples"], abs(auc - rc["auroc"]) < 1e-6, uc)
PY
)
expect_eq "$got" "360 240 240 360 360 240 True [('benign', 120, 'ordinary'), ('r2l', 120, 'root cause')]" \
	"metrics.json: root cause over every row, its AUROC that of the scores and named truths; per class the run's"
# predictions.tsv names every row's true class, the unseen ones too (it
# left them blank, as if unlabelled)
got=$(python3 - "$W/runs/$C/eval-test/predictions.tsv" "$W/test.csv" <<'PY'
import csv, sys
labels = [r["label"] for r in csv.DictReader(open(sys.argv[2]))]
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
bad = [r["row"] for r in rows if r["true"] != labels[int(r["row"]) - 1]]
print(len(rows), sum(r["true"] in ("r2l", "benign") for r in rows), bad[:3])
PY
)
expect_eq "$got" "600 240 []" "predictions.tsv: the true column names the classes the run never saw"
got=$(cd "$W" && "$LOGLAB" eval "$KM" test >/dev/null 2>&1; cut -f4 "$W/runs/$KM/eval-test/predictions.tsv" | sort | uniq -c | awk '{printf "%s:%s ", $2, $1}')
expect_eq "$got" "benign:120 dos:120 normal:120 probe:120 r2l:120 true:1 " "k-means: the true column names them too"
# the run's own predictions (which review and the TUI read) are as before
out=$(cd "$W" && "$LOGLAB" review "$C" 2>&1)
expect_eq "$?" 0 "review of the run after eval ($out)"
got=$(cd "$W" && "$LOGLAB" eval "$C" test --json 2>/dev/null |
	python3 -c "import json,sys; m=json.load(sys.stdin); print(m['parts']['test']['root_cause']['unseen_class_samples'], m['unknown_class_samples'])")
expect_eq "$got" "240 240" "--json carries the count"

# a run of classes a/b, none an ordinary name: its score is b's
# probability, and whether a "c" row is a root cause is not known
out=$(cd "$W" && "$LOGLAB" eval "$AB" testab 2>&1)
expect_eq "$?" 0 "eval of a run naming no ordinary class ($out)"
expect_match "$out" '120 samples of 1 class the run never saw: c 120$' "the unseen class is named"
expect_match "$out" 'left out of the metrics: the run.s classes name no ordinary one' "and said to be left out"
got=$(python3 -c "import json,sys; rc=json.load(open(sys.argv[1]))['parts']['test']['root_cause']; print(rc['positives'] + rc['negatives'], 'unseen_class_samples' in rc)" \
	"$W/runs/$AB/eval-testab/metrics.json")
expect_eq "$got" "480 False" "its root-cause figures keep to the run's classes"

out=$(cd "$W" && "$LOGLAB" eval "$KM" test 2>&1)
expect_eq "$?" 0 "eval of a k-means run ($out)"
expect_match "$out" '240 samples of 2 classes the run never saw: r2l 120, benign 120 \(ordinary\)$' \
	"k-means: the unseen classes are named"
expect_match "$(printf '%s\n' "$out" | grep -A1 'never saw')" '^    left out of the metrics$' "k-means: left out"
finish
