#!/bin/sh
# test_results_tmux.sh - the results views in the real loglab binary, driven
# in tmux, on runs made by `loglab train` from a COPY of loghub2 BGL_2k.log
# in a temporary workspace. Expected figures are computed here with awk on
# the run's predictions.tsv and python3 on its metrics.json:
#  - :runs lists both runs; Enter opens the confusion matrix, whose
#    selected cell (true root cause, predicted ordinary) holds the count of
#    metrics.json; Enter lists exactly that cell's lines, highest score
#    first; Enter on one opens the browser on that line;
#  - :roc starts at threshold 0.5 with the matrix of metrics.json, and after
#    Right x3 / PgDn the status bar's tp/fp/fn/tn are the counts of test
#    rows scoring >= the threshold shown (ll_curves' convention);
#  - the review queue, after three alert lines are relabelled ordinary with
#    `loglab label --set normal`, lists exactly them, highest score first;
#    y asks which of BGL's alert tags (a binary target's "root cause" is no
#    class of the data) and relabels the first through the journal (checked with
#    `loglab label --export`), n dismisses the next, and after reopening
#    the dismissed line is not asked again (nor by `loglab review --json`);
#    Y confirms a template's four queued lines at once, u undoes them at once.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
need_data
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed" >&2; exit 77; }

tmux_begin res

ws=$tmp/ws
mkdir -p "$ws"
cp "$LL_DATA_DIR/loghub2/BGL/BGL_2k.log" "$ws/bgl.log"
cat >"$ws/loglab.json" <<'JSON'
{
	"version": 1,
	"datasets": {"bgl": {"path": "bgl.log"}},
	"featuresets": {
		"bgltext": {"dataset": "bgl", "target": "binary", "text": {"kind": "tfidf", "features": 1024},
			"split": {"kind": "chronological", "train": 0.7, "test": 0.3}, "seed": 1}
	},
	"experiments": {
		"lr": {"featureset": "bgltext", "model": "logreg", "C": 100, "seed": 1},
		"mlp": {"featureset": "bgltext", "model": "mlp", "hidden": [16], "lr": 0.01, "epochs": 4, "batch": 64,
			"seed": 2}
	}
}
JSON
for e in lr mlp; do
	(cd "$ws" && "$LOGLAB" train "$e" --quiet >"$tmp/train.out" 2>&1) || { fail "train $e: $(cat "$tmp/train.out")"; finish; }
	sleep 1
done
LR=$(cd "$ws/runs" && ls -d *-lr)
P=$ws/runs/$LR/predictions.tsv
M=$ws/runs/$LR/metrics.json
# metrics.json's test confusion matrix, rows true, columns predicted.
cm() { python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(m['parts']['test']['confusion_matrix'][$1][$2])" "$M"; }

tmux_shell 160 40 -u LOGLAB_ASCII
# the shell stays in the workspace for the later starts
keys "cd '$ws' && '$LOGLAB' bgl.log" Enter
wait_for "bgl\.log  line 1/2000 " "browser"

# --- runs, confusion, drill-down -------------------------------------------
keys : runs Enter
wait_for "run 1/2 " "runs view"
wait_for "$LR +logreg +done" "the lr run is listed"
# its headline to four decimals, as `loglab runs` and the report (it showed three)
head4=$(python3 -c 'import json, sys
m = json.load(open(sys.argv[1])); p = m["parts"][m["curves_part"]]
print("acc %.4f f1 %.4f auc %.4f" % (p["accuracy"], p["f1_macro"], p["root_cause"]["auroc"]))' "$M")
wait_for "$LR +logreg +done +$head4 " "the runs view shows metrics.json's figures to four decimals"
# Labels written by another process while the view is open: its stale
# marks follow (the run was trained on other labels).
checks=$((checks + 1))
screen | grep "$LR" | grep -q stale && fail "the run is stale before any label changed"
(cd "$ws" && "$LOGLAB" label bgl.log --rows 1401-1402 --set normal >/dev/null) || fail "loglab label --set normal"
wait_for "$LR +logreg +stale" "a label written by another process marks the runs stale"
keys G Enter
fn=$(cm 1 0)
wait_for " true root cause, predicted ordinary: $fn " "the selected cell holds metrics.json's count"
# The cell's lines by awk: test rows, true root cause, predicted ordinary,
# by score (highest first), ties by row.
awk -F'\t' 'NR > 1 && $3 == "test" && $4 == "root cause" && $5 == "ordinary" { print $6 "\t" $2 }' "$P" |
	sort -t "$(printf '\t')" -k1,1gr -k2,2n >"$tmp/cell"
ncell=$(wc -l <"$tmp/cell" | tr -d ' ')
expect_eq "$ncell" "$fn" "awk's cell count equals metrics.json's"
keys Enter
wait_for " 1/$ncell  \(a class key relabels" "hits view lists the cell's $ncell lines"
first=$(head -n 1 "$tmp/cell" | cut -f2)
second=$(sed -n 2p "$tmp/cell" | cut -f2)
wait_for "^ +$first +[0-9.]+ " "highest-scoring line $first first"
screen | awk 'NR > 1 && $1 ~ /^[0-9]+$/ { print $1 }' | head -n "$ncell" >"$tmp/shown"
cut -f2 "$tmp/cell" | head -n "$(wc -l <"$tmp/shown")" >"$tmp/want"
checks=$((checks + 1))
cmp -s "$tmp/shown" "$tmp/want" || fail "hits rows differ from awk's: $(tr '\n' ' ' <"$tmp/shown") vs $(tr '\n' ' ' <"$tmp/want")"
keys j Enter
wait_for "bgl\.log  line $second/2000 " "Enter opens the browser on line $second"
keys q q q q
wait_for "bgl\.log  line 1/2000 " "back in the first browser"

# --- ROC threshold cursor ---------------------------------------------------
# counts THRESHOLD: tp fp fn tn of test rows with score >= THRESHOLD.
counts() {
	awk -F'\t' -v t="$1" 'NR > 1 && $3 == "test" && $4 != "" {
		pos = ($4 == "root cause"); hit = ($6 + 0 >= t + 0)
		if (pos && hit) tp++; else if (!pos && hit) fp++; else if (pos) fn++; else tn++ }
		END { printf "tp %d fp %d fn %d tn %d\n", tp, fp, fn, tn }' "$P"
}
# every results view names the runs it shows (id and model), as the
# confusion view does: curves in its status line, compare in a fixed top row
MLP=$(cd "$ws/runs" && ls -d *-mlp)
keys : "curves $MLP" Enter
wait_for "^ curves  $MLP mlp" "curves: the status line names the run and its model"
keys q
keys : "compare $MLP $LR" Enter
wait_for "^ $MLP  mlp  vs $LR  logreg" "compare: the top row names each run and its model"
for step in PgDn PgDn PgDn; do
	keys "$step"
	sleep 0.2
done
wait_for "^ $MLP  mlp  vs $LR  logreg" "compare: the top row stays when the table scrolls"
keys q
keys : "roc $LR" Enter
wait_for "roc  threshold [0-9.]+ " "roc view"
want=$(printf 'tp %s fp %s fn %s tn %s' "$(cm 1 1)" "$(cm 0 1)" "$(cm 1 0)" "$(cm 0 0)")
wait_for "$want" "at 0.5 the matrix is metrics.json's ($want)"
for step in Right Right Right PgDn; do
	keys "$step"
	sleep 0.2
done
line=$(screen | grep -E "roc  threshold [0-9.]+ " | head -n 1)
thr=$(printf '%s\n' "$line" | sed -n 's/.*roc  threshold \([0-9.e+-]*\) .*/\1/p')
want=$(counts "$thr")
expect_match "$line" "$want" "after Right x3 + PgDn, threshold $thr: awk counts $want"
keys Q
wait_for '^ll-prompt\$ *$' "loglab quit"

# --- the review queue ---------------------------------------------------------
# Relabelled on the command line (1401-1402 already were, above), then the
# TUI is opened again.
(cd "$ws" && "$LOGLAB" label bgl.log --rows 1401-1402 --set normal >/dev/null &&
	"$LOGLAB" label bgl.log --rows 1520-1520 --set normal >/dev/null) || fail "loglab label --set normal"
keys "'$LOGLAB' bgl.log" Enter
wait_for "bgl\.log  line 1/2000 " "browser again"
# Expected queue: rows now labelled ordinary ("-" or normal) scoring >= 0.5,
# highest score first, ties by row. Labels now: BGL's first field, except
# the three rows relabelled normal.
awk 'NR == FNR { lab[FNR] = ($1 == "-" ? "normal" : $1); next }
	FNR == 1 { lab[1401] = lab[1402] = lab[1520] = "normal"; next }
	lab[$2] == "normal" && $(NF - 1) + 0 >= 0.5 { print $(NF - 1) "\t" $2 }' FS=' ' "$ws/bgl.log" FS='\t' "$P" |
	sort -t "$(printf '\t')" -k1,1gr -k2,2n | cut -f2 >"$tmp/queue"
expect_eq "$(sort -n "$tmp/queue" | tr '\n' ' ')" "1401 1402 1520 " "the queue is exactly the relabelled lines"
q1=$(sed -n 1p "$tmp/queue")
q2=$(sed -n 2p "$tmp/queue")
q3=$(sed -n 3p "$tmp/queue")
# an MLP's run (review_folds 0, its default): the title says its training
# lines were scored in sample
MR=$(cd "$ws/runs" && ls -d *-mlp)
keys : "review $MR" Enter
wait_for "review $MR: .*training lines in sample: review_folds" "an MLP's review says its scores are in sample"
keys q
sleep 0.3
keys : "review $LR" Enter
wait_for "review .*: 3 ordinary lines scored root cause .*training lines out of fold" "review view, 3 suspects, out of fold"
wait_for "review 1/3 " "cursor on the first"
screen | awk '$1 ~ /^[0-9]+$/ && $2 ~ /^[0-9.]+$/ { print $1 }' | head -n 3 >"$tmp/rq"
expect_eq "$(sort -n "$tmp/rq" | tr '\n' ' ')" "1401 1402 1520 " "the three relabelled lines are listed"
# A binary target over BGL's alert tags: "root cause" is no class of the
# data, and it has many; y asks which, Enter lets it be typed: the tag
# the line had.
tag=$(sed -n "${q1}p" "$ws/bgl.log" | awk '{print $1}')
keys y
wait_for "several root-cause classes: confirm line $q1 as" "y asks which root-cause class"
keys Enter
wait_for "confirm line $q1 as class:" "Enter: type the class"
keys "$tag" Enter
wait_for "line $q1 confirmed as $tag" "y confirms line $q1 as $tag"
keys n
wait_for "line $q2 dismissed" "n dismisses line $q2"
wait_for "review .*: 1 ordinary line scored" "one left"
keys q
sleep 0.3
keys : "review $LR" Enter
wait_for "review .*: 1 ordinary line scored" "reopened: the dismissed line is not asked again"
wait_for "^ +$q3 +[0-9.]+ " "only line $q3 is left"
keys Q
wait_for '^ll-prompt\$ *$' "loglab quit"

(cd "$ws" && "$LOGLAB" label bgl.log --export "$tmp/export.tsv") >/dev/null || fail "export"
sed -i '1{/^#loglab labels$/d}' "$tmp/export.tsv" # the export's marker line, not a row
expect_eq "$(sed -n "${q1}p" "$tmp/export.tsv" | cut -f1)" "$tag" "line $q1 relabelled through the journal"
expect_eq "$(sed -n "${q2}p" "$tmp/export.tsv" | cut -f1)" "normal" "dismissed line $q2 keeps its label"
expect_eq "$(grep -c "^[^	]*	[^	]*	$q1:[0-9a-f]*	normal	$tag	review	" "$ws/bgl.log.labels")" 1 \
	"the journal records line $q1 normal -> $tag, source review"
queued=$(cd "$ws" && "$LOGLAB" review "$LR" --json | python3 -c "import json,sys; print(json.load(sys.stdin)['queued'])")
expect_eq "$queued" "1" "loglab review agrees: one line left"

# --- a template's queued lines decided at once: Y (one undo step) -------------
# four alert lines of one template that the run scores >= 0.9, relabelled
# normal: they join the queue as one group
awk -F'\t' 'NR > 1 && $4 == "root cause" && $(NF - 1) + 0 >= 0.9 && $NF != "" { print $NF "\t" $2 }' "$P" |
	sort -t "$(printf '\t')" -k1,1n -k2,2n |
	awk -F'\t' '{ n[$1]++; if (n[$1] <= 4) r[$1] = r[$1] " " $2 } END { for (t in n) if (n[t] >= 4) print t r[t] }' |
	sort -n | head -n 1 >"$tmp/group"
gtpl=$(cut -d' ' -f1 "$tmp/group")
grows=$(cut -d' ' -f2- "$tmp/group")
checks=$((checks + 1)); [ -n "$gtpl" ] && [ "$(echo $grows | wc -w)" = 4 ] || fail "no template with four alert lines: '$(cat "$tmp/group")'"
for r in $grows; do
	(cd "$ws" && "$LOGLAB" label bgl.log --rows "$r-$r" --set normal >/dev/null) || fail "label row $r normal"
done
g1=$(echo $grows | cut -d' ' -f1)
gtag=$(sed -n "${g1}p" "$ws/bgl.log" | awk '{print $1}')
keys "'$LOGLAB' bgl.log" Enter
wait_for "bgl\.log  line 1/2000 " "browser for the group"
keys : "review $LR" Enter
wait_for "review .*: 5 ordinary lines scored root cause" "review view: the group and line $q3"
# the title can be drawn a moment before the list under a loaded machine
wait_for "^ *$g1 +[0-9.]+ " "the group's first line listed"
# the cursor to the group's first line: items in screen order, group heads skipped
screen | awk '$1 ~ /^[0-9]+$/ && $2 ~ /^[0-9.]+$/ { print $1 }' >"$tmp/items"
steps=$(awk -v want=" $grows " 'index(want, " " $1 " ") { print NR - 1; exit }' "$tmp/items")
checks=$((checks + 1)); [ -n "$steps" ] || fail "the group's lines are not on the screen: $(tr '\n' ' ' <"$tmp/items")"
i=0
while [ "$i" -lt "${steps:-0}" ]; do keys j; i=$((i + 1)); done
keys Y
wait_for "several root-cause classes: confirm line [0-9]+ as" "Y asks which root-cause class"
keys Enter
wait_for "confirm line [0-9]+ as class:" "Enter: type the class"
keys "$gtag" Enter
wait_for "4 lines of template $gtpl confirmed as $gtag" "Y confirms the template's four lines"
wait_for "review .*: 1 ordinary line scored" "the group left the queue"
for r in $grows; do
	checks=$((checks + 1))
	grep -q "	$r	[0-9a-f]*	confirm	$LR	$gtag	" "$ws/bgl.log.review" || fail "decision for row $r"
done
keys u
sleep 0.5
keys Q
wait_for '^ll-prompt\$ *$' "loglab quit"
(cd "$ws" && "$LOGLAB" label bgl.log --export "$tmp/export2.tsv") >/dev/null || fail "export"
sed -i '1{/^#loglab labels$/d}' "$tmp/export2.tsv"
for r in $grows; do
	expect_eq "$(sed -n "${r}p" "$tmp/export2.tsv" | cut -f1)" "normal" "u undid the group's relabel at once (row $r)"
done
queued=$(cd "$ws" && "$LOGLAB" review "$LR" --json | python3 -c "import json,sys; print(json.load(sys.stdin)['queued'])")
expect_eq "$queued" "1" "undone, the group's lines are still decided: not asked again"

finish
