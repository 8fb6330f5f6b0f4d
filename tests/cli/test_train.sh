#!/bin/sh
# test_train.sh - runs end to end on real data in a temporary workspace:
# train (DNN on SMD machine-1-6 rows, LSTM on windows, k-means k=2..5,
# logistic regression on BGL TF-IDF), same seed -> identical metrics.json
# (and model bytes on 1 thread and on every core, LOGLAB_THREADS),
# kill -9 mid-training then --resume -> the uninterrupted result, stale
# runs after a label edit, eval, predict, predict --follow on a growing
# file (rotation, truncation), runs --compare, review on BGL with alert
# lines relabelled ordinary, and the HTML report.
. "$LL_SRCDIR/tests/lib.sh"
need_data
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is needed to read JSON" >&2; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/ll_train.XXXXXX")
trap 'rm -rf "$T"' EXIT
D=$LL_DATA_DIR
SMD=$D/smd/csv/machine-1-6_test.csv
SMD2=$D/smd/csv/machine-2-1_test.csv
# the BGL copy gets a label journal and review decisions beside it
cp "$D/loghub2/BGL/BGL_2k.log" "$T/bgl.log"
W=$T/ws
mkdir "$W"
# "long" must outlast a kill a few epochs in; 40 epochs do under sanitizers
# (~75 ms an epoch), where 120 took 9 s of the test's 25, twice.
long_epochs=120
[ "${LL_SANITIZED:-0}" = 1 ] && long_epochs=40
cat >"$W/loglab.json" <<EOF
{ "version": 1,
  "datasets": {"smd": {"path": "$SMD"}, "smd2": {"path": "$SMD2"}, "bgl": {"path": "$T/bgl.log"}},
  "featuresets": {
    "smd_rows": {"dataset": "smd", "split": {"kind": "chronological", "train": 0.6, "dev": 0.1, "test": 0.3},
                 "scale": "zscore"},
    "smd_win": {"dataset": "smd", "window": {"kind": "rows", "size": 10, "stride": 10, "label": "any"},
                "split": {"kind": "chronological", "train": 0.6, "dev": 0.1, "test": 0.3}, "scale": "minmax"},
    "bgl_tfidf": {"dataset": "bgl", "target": {"kind": "binary"}, "text": {"kind": "tfidf", "features": 1024},
                  "split": {"kind": "random", "train": 0.7, "test": 0.3}, "class_weight": "balanced"}
  },
  "experiments": {
    "dnn": {"featureset": "smd_rows", "model": "mlp", "hidden": [32, 32], "optimizer": "adagrad", "lr": 0.05,
            "batch": 128, "epochs": 3, "seed": 7},
    "long": {"featureset": "smd_rows", "model": "mlp", "hidden": [64, 64], "optimizer": "adagrad", "lr": 0.05,
             "batch": 64, "epochs": $long_epochs, "seed": 5},
    "lstm": {"featureset": "smd_win", "model": "lstm", "hidden": 8, "lr": 0.01, "batch": 64, "epochs": 2, "seed": 3},
    "km": {"featureset": "smd_rows", "model": "kmeans", "k": [2, 5], "seed": 1},
    "lr": {"featureset": "bgl_tfidf", "model": "logreg", "seed": 1},
    "toomany": {"featureset": "smd_rows", "model": "kmeans", "k": [2, 50000]},
    "lstmflat": {"featureset": "smd_rows", "model": "lstm", "hidden": 4, "epochs": 1}
  } }
EOF
L() { timeout 120 "$LOGLAB" "$@"; }
# jq-like: python3 -c 'expression over j' FILE
jv() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"; }
newest() { ls "$W/runs" | grep -- "-$1\$\|-$1-[0-9]*\$" | tail -1; }

for v in train eval predict runs review report; do
	expect_exit 0 "$v --help" -- "$LOGLAB" $v --help
done

# ---- DNN on SMD rows: files, sizes, determinism
out=$(L train dnn -w "$W" -q); expect_eq $? 0 "train dnn"
R1=$(newest dnn)
for f in run.json metrics.json curves.json loss.csv roc.csv pr.csv predictions.tsv model.llm log.txt scaler.txt; do
	checks=$((checks + 1)); [ -s "$W/runs/$R1/$f" ] || fail "run folder lacks $f"
done
expect_match "$R1" '^[0-9]{8}-[0-9]{6}-dnn$' "run id sorts by time"
n=$(awk 'END{print NR}' "$SMD")
expect_eq "$(($(wc -l <"$W/runs/$R1/predictions.tsv") - 1))" "$n" "one prediction per SMD row"
# chronological 0.6/0.1/0.3: test = ceil(0.3 n), dev = ceil(0.1 n)
ntest=$(awk -v n="$n" 'BEGIN{x=0.3*n; print (x==int(x))?x:int(x)+1}')
ndev=$(awk -v n="$n" 'BEGIN{x=0.1*n; print (x==int(x))?x:int(x)+1}')
expect_eq "$(jv "$W/runs/$R1/metrics.json" 'j["parts"]["test"]["samples"]')" "$ntest" "test samples"
expect_eq "$(jv "$W/runs/$R1/metrics.json" 'j["parts"]["dev"]["samples"]')" "$ndev" "dev samples"
# the anomaly support of the test part is the 1s among the last ntest labels
sup=$(tail -n "$ntest" "$D/smd/csv/machine-1-6_test_label.csv" | grep -c '^1')
expect_eq "$(jv "$W/runs/$R1/metrics.json" 'int(j["parts"]["test"]["per_class"]["anomaly"]["support"])')" "$sup" "anomaly support"
expect_eq "$(jv "$W/runs/$R1/metrics.json" 'sum(map(sum, j["parts"]["test"]["confusion_matrix"]))')" "$ntest" \
	"confusion matrix sums to the test part"
expect_eq "$(($(wc -l <"$W/runs/$R1/loss.csv") - 1))" 3 "3 epochs in loss.csv"
sleep 1
# again on one thread (the first run used every core): the same bytes
LOGLAB_THREADS=1 L train dnn -w "$W" -q >/dev/null; expect_eq $? 0 "train dnn again"
R2=$(newest dnn)
checks=$((checks + 1)); cmp -s "$W/runs/$R1/model.llm" "$W/runs/$R2/model.llm" || fail "1 thread and every core: different model.llm"
checks=$((checks + 1)); [ "$R1" != "$R2" ] || fail "a second run gets its own id"
checks=$((checks + 1)); cmp -s "$W/runs/$R1/metrics.json" "$W/runs/$R2/metrics.json" || fail "same seed, different metrics.json"
checks=$((checks + 1)); cmp -s "$W/runs/$R1/predictions.tsv" "$W/runs/$R2/predictions.tsv" || fail "same seed, different predictions"

# ---- bad hyper-parameters: exit 2 (a data error of loglab.json) with the key named
msg=$(L train toomany -w "$W" 2>&1); expect_eq $? 2 "k > rows"
expect_match "$msg" 'experiments.toomany.k: 50000 clusters but only [0-9]+ training rows' "k > rows message"
msg=$(L train lstmflat -w "$W" 2>&1); expect_eq $? 2 "lstm on flat samples"
expect_match "$msg" 'needs a sequence feature set' "lstm on flat samples message"
sed 's/"hidden": \[32, 32\]/"hidden": [0, 32]/' "$W/loglab.json" >"$T/bad.json"
mkdir "$T/bad" && cp "$T/bad.json" "$T/bad/loglab.json"
msg=$(L train dnn -w "$T/bad" 2>&1); expect_eq $? 2 "zero width"
expect_match "$msg" 'experiments.dnn.hidden' "zero width message names the key"
expect_exit 1 "unknown experiment" -- "$LOGLAB" train nosuch -w "$W"

# ---- LSTM on windows of 10 rows, stride 10: floor((n - 10) / 10) + 1 windows
L train lstm -w "$W" -q >/dev/null; expect_eq $? 0 "train lstm"
RL=$(newest lstm)
nw=$(( (n - 10) / 10 + 1 ))
expect_eq "$(jv "$W/runs/$RL/metrics.json" 'j["samples"]')" "$nw" "LSTM windows"

# ---- k-means k = 2..5: elbow of 4, the best silhouette chosen
L train km -w "$W" -q >/dev/null; expect_eq $? 0 "train km"
RK=$(newest km)
expect_eq "$(jv "$W/runs/$RK/metrics.json" 'len(j["kmeans"]["elbow"])')" 4 "elbow k=2..5"
expect_eq "$(jv "$W/runs/$RK/metrics.json" 'max(j["kmeans"]["elbow"], key=lambda e: e["silhouette"])["k"] == j["kmeans"]["k"]')" True "best silhouette chosen"
expect_eq "$(jv "$W/runs/$RK/metrics.json" 'sum(j["kmeans"]["cluster_sizes"])')" "$n" "every row clustered"

# ---- kill -9 mid-training, then --resume: the uninterrupted result
L train long -w "$W" -q >/dev/null; expect_eq $? 0 "train long (uninterrupted)"
RU=$(newest long)
"$LOGLAB" train long -w "$W" -q >/dev/null 2>&1 &
pid=$!
i=0
while [ $i -lt 200 ]; do
	RI=$(ls "$W/runs" | grep -- '-long' | grep -v "^$RU\$" | tail -1)
	[ -n "$RI" ] && [ -f "$W/runs/$RI/checkpoint.llm" ] && break
	sleep 0.05; i=$((i + 1))
done
sleep 0.1 # a few epochs in (~8 ms an epoch with the AVX-512 GEMM: 30 epochs ended before a 0.3 s wait)
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
expect_eq "$(jv "$W/runs/$RI/run.json" 'j["status"]')" running "killed run left running"
# its lock went with its process: loglab runs says it can continue, and how
expect_match "$("$LOGLAB" runs -w "$W")" "interrupted \(no training holds it\): continue with loglab train --resume $RI" \
	"loglab runs names the killed run's resume"
expect_eq "$("$LOGLAB" runs -w "$W" --json | python3 -c "import json,sys; print([r['resumable'] for r in json.load(sys.stdin) if r['id'] == '$RI'][0])")" \
	True "loglab runs --json: the killed run is resumable"
L train --resume "$RI" -w "$W" -q >/dev/null; expect_eq $? 0 "resume"
checks=$((checks + 1)); cmp -s "$W/runs/$RU/metrics.json" "$W/runs/$RI/metrics.json" || fail "resumed run differs from the uninterrupted one"
from=$(jv "$W/runs/$RI/run.json" 'j["resumed_from_epoch"]')
checks=$((checks + 1)); [ "$from" -gt 0 ] || fail "resume started over (resumed_from_epoch $from)"
echo "resume: killed run continued from epoch $from of $long_epochs; metrics.json identical" >&2
expect_exit 1 "resume a finished run" -- "$LOGLAB" train --resume "$RI" -w "$W"

# ---- stale after a label edit
L train lr -w "$W" -q >/dev/null; expect_eq $? 0 "train lr"
RB=$(newest lr)
expect_eq "$(L runs -w "$W" --json | python3 -c "import json,sys; print([r['stale'] for r in json.load(sys.stdin) if r['id']=='$RB'][0])")" False "fresh run not stale"
L label "$T/bgl.log" --rows 3 --set KERNDTLB >/dev/null
out=$(L runs -w "$W")
expect_match "$out" "$RB.* STALE" "run stale after a label edit"
expect_match "$out" 'stale: labels changed since' "stale says why"
expect_match "$(L runs -w "$W" --json)" '"stale_why":.*label' "JSON says why"
checks=$((checks + 1)); L runs -w "$W" | grep -- "$R1" | grep -q STALE && fail "SMD run marked stale"

# ---- runs --compare
out=$(L runs --compare "$R1" "$RU" -w "$W"); expect_eq $? 0 "compare"
expect_match "$out" 'experiment_config.hidden' "compare shows hidden widths differ"
expect_match "$out" 'experiment_config.seed' "compare shows seeds differ"
expect_match "$out" 'test.f1_macro' "compare shows metrics"
expect_eq "$(L runs --compare "$R1" "$R2" -w "$W" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["differences"]))')" 0 \
	"two runs of the same experiment do not differ"
expect_exit 1 "compare unknown run" -- "$LOGLAB" runs --compare "$R1" nosuch -w "$W"

# ---- eval on machine-2-1
n2=$(awk 'END{print NR}' "$SMD2")
expect_eq "$(L eval "$R1" smd2 -w "$W" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["parts"]["test"]["samples"])')" "$n2" \
	"eval scores every machine-2-1 row"
checks=$((checks + 1)); [ -s "$W/runs/$R1/eval-smd2/predictions.tsv" ] || fail "eval keeps its predictions"
# a path that is not there is an I/O error, as predict's; a bare word that
# names no dataset may be a typo: a usage error
expect_exit 3 "eval of a missing file exits 3" -- "$LOGLAB" eval "$R1" "$W/no/such.log" -w "$W"
expect_exit 1 "eval of an unknown dataset name exits 1" -- "$LOGLAB" eval "$R1" nosuchds -w "$W"

# ---- predict a file
out=$(L predict "$RB" "$D/loghub/BGL/BGL_2k.log" -w "$W"); expect_eq $? 0 "predict"
expect_eq "$(printf '%s\n' "$out" | sed 1d | wc -l | tr -d ' ')" 2000 "one score per BGL line"
expect_eq "$(printf '%s\n' "$out" | head -1)" "$(printf 'row\tlabel\tscore\ttemplate')" "predict header"
expect_eq "$(L predict "$RB" "$D/loghub/BGL/BGL_2k.log" -w "$W" --json | python3 -c 'import json,sys; a=json.load(sys.stdin); print(len(a), a[0]["row"])')" "2000 1" "predict --json"

# ---- predict --follow: appended lines, a partial line, rotation, truncation
G=$T/grow.log
head -5 "$T/bgl.log" >"$G"
# loglab itself is signalled (not a wrapper such as timeout, whose signal
# forwarding varies); a watchdog bounds the run instead.
"$LOGLAB" predict "$RB" --follow "$G" -w "$W" >"$T/follow.out" 2>"$T/follow.err" &
fpid=$!
(sleep 90; kill -KILL $fpid 2>/dev/null) &
watchdog=$!
# wait_lines N: until the follower has printed N scored lines (a slow or
# loaded machine must not turn into a race), at most 20 s
wait_lines() {
	i=0
	while [ "$(wc -l <"$T/follow.out" | tr -d ' ')" -lt "$1" ] && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
# the follower is ready once it has read the existing lines; give it a moment
sleep 1
sed -n 6,8p "$T/bgl.log" >>"$G"
wait_lines 3
printf '%s' "$(sed -n 9p "$T/bgl.log")" >>"$G"
sleep 0.6
echo >>"$G"
wait_lines 4
mv "$G" "$G.1"
sed -n 1000,1001p "$T/bgl.log" >"$G"
wait_lines 6
: >"$G"
sleep 0.5
sed -n 1500p "$T/bgl.log" >>"$G"
wait_lines 7
kill -INT $fpid 2>/dev/null
wait $fpid
follow_rc=$?
kill $watchdog 2>/dev/null
wait $watchdog 2>/dev/null
(exit $follow_rc)
expect_eq $? 0 "follow stops cleanly on SIGINT"
expect_eq "$(cut -f1 "$T/follow.out" | tr '\n' ' ')" "6 7 8 9 1 2 1 " "follow: rows of appended, rotated and truncated lines"
# the alert among them is line 9 of BGL_2k (its first token is not "-")
alert=$(sed -n 9p "$T/bgl.log" | awk '{print ($1 != "-") ? "root cause" : "ordinary"}')
expect_eq "$(awk -F'\t' '$1==9{print $2}' "$T/follow.out")" "$alert" "follow labels line 9"

# ---- review on BGL: alert lines relabelled ordinary come back first
# (the alert lines of BGL_2k are those whose first token is not "-"; every 14th is relabelled normal)
rows=$(awk '$1!="-"{print NR}' "$T/bgl.log" | awk 'NR%14==1' | tr '\n' ' ')
nrel=$(echo $rows | wc -w | tr -d ' ')
for r in $rows; do L label "$T/bgl.log" --rows "$r" --set normal >/dev/null; done
L train lr -w "$W" -q >/dev/null; expect_eq $? 0 "train lr after relabelling"
RV=$(newest lr)
L review "$RV" -w "$W" --json --top 15 >"$T/review.json"; expect_eq $? 0 "review"
hits=$(python3 -c "
import json,sys
j=json.load(open(sys.argv[1])); rows=set(map(int,sys.argv[2].split()))
print(sum(i['row'] in rows for i in j['items']))" "$T/review.json" "$rows")
echo "review: $hits of the top 15 are the $nrel alert lines relabelled ordinary" >&2
checks=$((checks + 1)); [ "$hits" -ge $((nrel * 8 / 10)) ] || fail "review brings back only $hits of $nrel relabelled lines in the top 15"
top=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['items'][0]['row'])" "$T/review.json")
out=$(L review "$RV" -w "$W" --context 1)
expect_match "$out" 'template [0-9]+: [0-9]+ lines?' "review groups by template"
L review "$RV" -w "$W" --dismiss "$top" >/dev/null; expect_eq $? 0 "dismiss"
checks=$((checks + 1)); L review "$RV" -w "$W" --json --top 0 | python3 -c "
import json,sys; sys.exit(int(sys.argv[1]) in [i['row'] for i in json.load(sys.stdin)['items']])" "$top" || fail "dismissed row asked again"
second=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['items'][1]['row'])" "$T/review.json")
# A binary target over BGL's many alert classes: --confirm must say which
# (the run's "root cause" is no class of the dataset), and relabels nothing
# until it does; with --class the line gets its alert tag back.
L review "$RV" -w "$W" --confirm "$second" >/dev/null 2>"$T/confirm.err"; expect_eq $? 1 "confirm without --class"
expect_match "$(cat "$T/confirm.err")" "root-cause classes \(.*\): say which with --class" "confirm names the classes"
tag=$(sed -n "${second}p" "$T/bgl.log" | awk '{print $1}')
L review "$RV" -w "$W" --confirm "$second" --class "$tag" >/dev/null; expect_eq $? 0 "confirm --class"
expect_match "$(grep -v "	commit	" "$T/bgl.log.labels" | tail -1)" "	$second:[0-9a-f]+	normal	$tag	review	" "confirm journals the relabel"
expect_exit 1 "--class with a typo" -- L review "$RV" -w "$W" --confirm "$second" --class nromal
checks=$((checks + 1)); grep -q "	$top	[0-9a-f]*	dismiss	$RV" "$T/bgl.log.review" || fail "decision file beside the dataset"
expect_match "$(L runs -w "$W" | grep -A1 -- "^$RV")" 'stale: labels changed since' "a confirmed relabel makes the run stale"

# ---- report
L report "$R1" "$RK" "$RV" -w "$W" -o "$T/report.html" >/dev/null; expect_eq $? 0 "report"
python3 - "$T/report.html" <<'EOF'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []; self.svg = 0; self.bad = []
    def handle_starttag(self, tag, a):
        if tag == "svg": self.svg += 1
        if tag in ("script", "img", "link", "iframe"): self.bad.append(tag)
        if tag not in ("br", "meta", "rect", "line", "polyline"): self.stack.append(tag)
    def handle_endtag(self, tag):
        if tag in ("br", "meta", "rect", "line", "polyline"):
            return
        if not self.stack or self.stack[-1] != tag:
            self.bad.append("unbalanced </%s>" % tag)
        else:
            self.stack.pop()
p = P(); text = open(sys.argv[1]).read(); p.feed(text); p.close()
ok = p.svg >= 5 and not p.bad and not p.stack and "http" not in text
print("report: %d svg, problems %s" % (p.svg, p.bad[:3] + p.stack[:3]), file=sys.stderr)
sys.exit(0 if ok else 1)
EOF
expect_eq $? 0 "report is well-formed self-contained HTML with SVG"

finish
