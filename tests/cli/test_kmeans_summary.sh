#!/bin/sh
# test_kmeans_summary.sh - a k-means run reads the same wherever it is
# summed up: `loglab runs`, `runs --compare` (text: a line and a row per
# figure; --json), `report` and the TUI's runs view show k, the chosen k's
# inertia and silhouette, purity and ARI (the TUI without inertia, short
# names, to fit 80 columns), four decimals, as metrics.json has them; and a
# classifier's headline in the TUI has four decimals, as `loglab runs`.
# (`runs` showed silhouette and purity only, --compare and the report k,
# purity and ARI, the TUI k, purity and ARI to three decimals.)
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
scratch kmsum
W=$tmp/ws
labelled_ws "$W"
cat >"$W/loglab.json" <<'JSON'
{
	"version": 1,
	"datasets": {"app": {"path": "app.tsv"}},
	"featuresets": {"t": {"dataset": "app", "text": {"kind": "tfidf", "features": 64}, "seed": 1}},
	"experiments": {"tf": {"featureset": "t", "model": "logreg", "seed": 1},
			"km": {"featureset": "t", "model": "kmeans", "k": [2, 4], "seed": 1}}
}
JSON
L() { timeout 120 "$LOGLAB" "$@"; }
L train tf -w "$W" --quiet >/dev/null; expect_eq $? 0 "train the classifier"
L train km -w "$W" --quiet >/dev/null; expect_eq $? 0 "train k-means"
KM=$(ls "$W/runs" | grep -- '-km$')
TF=$(ls "$W/runs" | grep -- '-tf$')

# what metrics.json says, formatted as the summaries must show it
want=$(/usr/bin/python3 - "$W/runs/$KM/metrics.json" <<'PY'
import json, sys
km = json.load(open(sys.argv[1]))["kmeans"]
e = [x for x in km["elbow"] if x["k"] == km["k"]][0]
print("k %d inertia %s silhouette %.4f purity %.4f ARI %.4f" % (km["k"], "%.6g" % e["inertia"], e["silhouette"], km["purity"], km["ari"]))
PY
)
short=$(printf '%s\n' "$want" | sed 's/ inertia [^ ]*//; s/silhouette/sil/; s/purity/pur/')
expect_match "$want" "^k [2-4] inertia [0-9.e+]+ silhouette [0-9.]+ purity [0-9.]+ ARI -?[0-9.]+$" "metrics.json has every figure"

out=$(L runs -w "$W")
expect_match "$(printf '%s\n' "$out" | grep -- "^$KM ")" " done +$want\$" "runs: the k-means line"

out=$(L runs --compare "$TF" "$KM" -w "$W")
expect_match "$out" "^$KM: kmeans $want\$" "runs --compare: the k-means line"
for f in k inertia silhouette purity ari; do
	expect_match "$out" "^kmeans\\.$f +- +[0-9.e+-]+\$" "runs --compare: a kmeans.$f row, - for the classifier"
done
js=$(L runs --compare "$TF" "$KM" --json -w "$W" | /usr/bin/python3 -c '
import json, sys
m = json.load(sys.stdin)["metrics"]
print(m["kmeans.k"][0], "%.4f" % m["kmeans.purity"][1], "%.4f" % m["kmeans.silhouette"][1])')
expect_eq "$js" "None $(printf '%s\n' "$want" | awk '{ print $8, $6 }')" "runs --compare --json: the cluster rows"

L report "$KM" -w "$W" -o "$tmp/r.html" >/dev/null; expect_eq $? 0 "report"
checks=$((checks + 1)); grep -q "<p>kmeans $want (k chosen by the highest silhouette)</p>" "$tmp/r.html" ||
	fail "report: the k-means figures: $(grep -o '<p>[^<]*silhouette[^<]*</p>' "$tmp/r.html" | head -2)"

# the TUI at 80 columns: both headlines whole, four decimals
tfwant=$(/usr/bin/python3 - "$W/runs/$TF/metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
p = m["parts"][m["curves_part"]]
print("acc %.4f f1 %.4f auc %.4f" % (p["accuracy"], p["f1_macro"], p["root_cause"]["auroc"]))
PY
)
screen=$(L --dump-screen 6x80 --keys 'r' "$W")
expect_match "$screen" "^  $KM +kmeans +done +$short( |\$)" "the runs view: the k-means headline, whole at 80 columns"
expect_match "$screen" "^  $TF +logreg +done +$tfwant( |\$)" "the runs view: the classifier's, four decimals"
# without labels a k-means run has no purity or ARI: none shown (train
# printed "purity nan, ARI nan", runs "purity nan")
U=$tmp/unlabelled
mkdir "$U"
awk 'BEGIN { for (i = 0; i < 120; i++) if (i % 4 == 0) printf "disk error on sda sector %d\n", i; else printf "job %d done in %d ms\n", i, i * 3 }' >"$U/app.log"
cat >"$U/loglab.json" <<'JSON'
{"version": 1, "datasets": {"app": {"path": "app.log"}},
 "featuresets": {"t": {"dataset": "app", "text": {"kind": "tfidf", "features": 64}, "seed": 1}},
 "experiments": {"km": {"featureset": "t", "model": "kmeans", "k": [2, 3], "seed": 1}}}
JSON
out=$(L train km -w "$U" 2>&1)
expect_match "$out" "chosen \(best silhouette\): k [23] inertia [0-9.e+]+ silhouette [0-9.]+\$" "train without labels: no purity, no ARI"
expect_match "$(L runs -w "$U")" " done +k [23] inertia [0-9.e+]+ silhouette [0-9.]+\$" "runs without labels: no purity, no ARI"
checks=$((checks + 1)); printf '%s\n' "$out" | grep -q nan && fail "train prints nan: $out"
finish
