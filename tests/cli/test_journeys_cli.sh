#!/bin/bash
# test_journeys_cli.sh - the batch side of issue 15:
#  - loglab review RUN --confirm ROW without --class gives the dataset's
#    root-cause class (1 in the sample's kern, never the run's "root
#    cause"), and with several root-cause classes refuses (exit 1, naming
#    them) without relabelling anything (item 1);
#  - loglab info counts labels with the journal replayed (item 10);
#  - a label set and then undone leaves runs current; a label kept makes
#    them stale (item 12);
#  - loglab runs lists newest first, as the TUI (item 12), and in a folder
#    without loglab.json uses the sample workspace, saying so (item 11);
#  - the report's SVG charts: whole-number ticks on the epoch and k axes,
#    no tick label longer than six characters (item 12);
#  - the sample workspace shows what the tool is good at: every experiment
#    scores well on the test part and k-means has a purity (item 11);
#  - a workspace made for one file (the browser's :train) trains at once,
#    counting unlabelled lines as ordinary.
. "${LL_SRCDIR:-.}/tests/lib.sh"

[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
SAMPLE="${LL_BUILDDIR:-.}/sample"
[ -f "$SAMPLE/loglab.json" ] || { echo "SKIP: the sample workspace is not built" >&2; exit 77; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
HOME=$tmp/home
mkdir -p "$HOME"
export HOME
unset XDG_CONFIG_HOME XDG_DATA_HOME
LC_ALL=C.UTF-8
export LC_ALL

sw=$tmp/sample
mkdir -p "$sw"
cp "$SAMPLE"/loglab.json "$SAMPLE"/*.csv "$SAMPLE"/*.tsv "$SAMPLE"/*.log "$sw"/
for e in dnn logreg lstm kmeans; do
	(cd "$sw" && "$LOGLAB" train "$e" --quiet >"$tmp/train.out" 2>&1) || fail "train $e: $(cat "$tmp/train.out")"
	sleep 1
done

# ---- the sample shows the tool at its best (item 11) ----
# Thresholds well below what the sample gives today (about 0.96 to 0.99),
# so new model defaults do not break the demo, but a demo that teaches
# nothing (0.3) fails.
for e in dnn lstm logreg; do
	f1=$(tr -d ' \n\t' <"$sw"/runs/*-"$e"/metrics.json | sed 's/.*"test":{//' | sed -n 's/.*"f1_macro":\([0-9.eE+-]*\).*/\1/p' | head -1)
	checks=$((checks + 1))
	awk -v f="$f1" 'BEGIN { exit !(f >= 0.8) }' || fail "sample $e: test macro F1 $f1 < 0.8"
done
purity=$(tr -d ' \n\t' <"$sw"/runs/*-kmeans/metrics.json | sed -n 's/.*"purity":\([0-9.eE+-]*\).*/\1/p' | head -1)
checks=$((checks + 1))
awk -v p="$purity" 'BEGIN { exit !(p >= 0.8) }' || fail "sample k-means: purity '$purity' (want a number >= 0.8)"
# Every incident kind is in the test part of the chronological split.
classes=$(awk -F'\t' 'NR > 1 && $3 == "test" { print $4 }' "$sw"/runs/*-dnn/predictions.tsv | sort -u | wc -l)
expect_eq "$classes" 9 "classes in the sample dnn's test part"

# ---- loglab runs: newest first; the sample outside a workspace ----
(cd "$sw" && "$LOGLAB" runs) >"$tmp/runs.txt" 2>&1
order=$(awk 'NR > 1 && $1 ~ /^[0-9]/ { sub(/^[0-9]+-[0-9]+-/, "", $1); printf "%s ", $1 }' "$tmp/runs.txt")
expect_eq "$order" "kmeans lstm logreg dnn " "loglab runs order (newest first)"
mkdir -p "$tmp/empty"
(cd "$tmp/empty" && "$LOGLAB" runs >"$tmp/out" 2>"$tmp/err")
expect_eq "$?" 0 "loglab runs in a folder without loglab.json"
expect_match "$(cat "$tmp/err")" "no loglab.json here; using the sample workspace" "the sample note"
expect_match "$(cat "$tmp/out")" "dnn|no runs yet" "loglab runs lists the sample's runs"

# ---- review --confirm: the root-cause class (item 1) ----
LR=$(cd "$sw/runs" && ls -d *-logreg)
row=$(cd "$sw" && "$LOGLAB" review "$LR" --json -n 1 | sed -n 's/.*"row":[[:space:]]*\([0-9]*\).*/\1/p' | head -1)
checks=$((checks + 1))
[ -n "$row" ] || fail "no suspect in the sample's review queue"
(cd "$sw" && "$LOGLAB" review "$LR" --confirm "$row") >"$tmp/confirm.txt" 2>&1 || fail "review --confirm: $(cat "$tmp/confirm.txt")"
expect_match "$(cat "$tmp/confirm.txt")" "confirmed: 1 row as class 1" "confirm says the class"
labels=$(cd "$sw" && "$LOGLAB" label kern_labelled.tsv 2>&1)
checks=$((checks + 1))
printf '%s\n' "$labels" | grep -q "root cause" && fail "a class 'root cause' appeared: $labels"
# info replays the journal: the same counts as loglab label (item 10)
ones_label=$(printf '%s\n' "$labels" | awk '$1 == "1" { print $2 }')
ones_info=$(cd "$sw" && "$LOGLAB" info kern_labelled.tsv | awk '$1 == "1" { print $2 }')
expect_eq "$ones_info" "$ones_label" "loglab info counts the journalled label"
expect_match "$(cd "$sw" && "$LOGLAB" info kern_labelled.tsv)" "with the journal .*kern_labelled.tsv.labels" "info names the journal"

# Several root-cause classes and a binary target: --confirm must say which.
mw=$tmp/multi
mkdir -p "$mw"
awk 'BEGIN { for (i = 0; i < 400; i++) {
	if (i % 10 == 3) print "disk\tkernel: I/O error on sdb sector " i
	else if (i % 10 == 7) print "oom\tkernel: Out of memory: Killed process " i
	else print "normal\tsshd: session opened for user " i % 7 } }' >"$mw/app.tsv"
cat >"$mw/loglab.json" <<'JSON'
{"version": 1, "datasets": {"app": {"path": "app.tsv"}},
 "featuresets": {"t": {"dataset": "app", "target": "binary", "text": {"kind": "tfidf", "features": 256},
	"split": {"kind": "chronological", "train": 0.7, "test": 0.3}}},
 "experiments": {"lr": {"featureset": "t", "model": "logreg", "seed": 1}}}
JSON
(cd "$mw" && "$LOGLAB" train lr --quiet >/dev/null 2>&1) || fail "train multi"
MR=$(cd "$mw/runs" && ls -d *-lr)
cp "$mw/app.tsv" "$tmp/app.before"
(cd "$mw" && "$LOGLAB" review "$MR" --confirm 5 >"$tmp/out" 2>"$tmp/err")
expect_eq "$?" 1 "confirm with two root-cause classes and no --class"
expect_match "$(cat "$tmp/err")" "2 root-cause classes \\((disk, oom|oom, disk)\\): say which with --class" "the refusal names them"
checks=$((checks + 1))
[ ! -s "$mw/app.tsv.labels" ] || ! grep -q "review" "$mw/app.tsv.labels" || fail "the refused confirm relabelled"
(cd "$mw" && "$LOGLAB" review "$MR" --confirm 5 --class oom) >"$tmp/out" 2>&1 || fail "confirm --class oom: $(cat "$tmp/out")"
expect_match "$(cat "$tmp/out")" "as class oom" "--class names the class"

# ---- stale: a set and its undo leave runs current (item 12) ----
kw=$tmp/stale
mkdir -p "$kw"
cp "$sw"/loglab.json "$sw"/*.tsv "$sw"/*.csv "$kw"/
rm -f "$kw"/*.labels "$kw"/*.review
(cd "$kw" && "$LOGLAB" train logreg --quiet >/dev/null 2>&1) || fail "train logreg (stale)"
(cd "$kw" && "$LOGLAB" label kern_labelled.tsv --match 'usb 1-1' --set 1 >/dev/null 2>&1) || fail "label --set"
(cd "$kw" && "$LOGLAB" label kern_labelled.tsv --undo >/dev/null 2>&1) || fail "label --undo"
checks=$((checks + 1))
(cd "$kw" && "$LOGLAB" runs) | grep -q STALE && fail "a label set and undone made the run stale: $(cd "$kw" && "$LOGLAB" runs)"
(cd "$kw" && "$LOGLAB" label kern_labelled.tsv --match 'usb 1-1' --set 1 >/dev/null 2>&1) || fail "label --set again"
expect_match "$(cd "$kw" && "$LOGLAB" runs)" "stale: labels changed since" "a kept label makes the run stale"

# ---- the report's charts (item 12) ----
DNN=$(cd "$sw/runs" && ls -d *-dnn)
KM=$(cd "$sw/runs" && ls -d *-kmeans)
(cd "$sw" && "$LOGLAB" report "$DNN" "$KM" -o "$tmp/r.html") >/dev/null 2>&1 || fail "report"
ticks=$(tr '\n' ' ' <"$tmp/r.html" | grep -o '<text[^>]*font-size="10"[^>]*>[^<]*</text>' | sed 's/<[^>]*>//g')
long=$(printf '%s\n' "$ticks" | awk 'length($0) > 12 { print }' | head -3)
# class names and run ids are labels too: only numbers are ticks
numlong=$(printf '%s\n' "$ticks" | grep -E '^-?[0-9.e+-]+[kM]?$' | awk 'length($0) > 6' | head -3)
expect_eq "$numlong" "" "tick labels of at most six characters"
# The x axis of the loss (epochs) and elbow (k) charts: whole numbers.
for chart in 'loss per epoch' 'elbow: inertia by k'; do
	xt=$(awk -v c="$chart" 'index($0, "<title>" c "</title>") { on = 1 } on && /<\/svg>/ { exit } on' "$tmp/r.html" |
		grep -o 'text-anchor="middle">[^<]*<' | sed 's/.*>//; s/<//' | grep -E '^[0-9.]+$')
	checks=$((checks + 1))
	[ -n "$xt" ] || fail "$chart: no x ticks found"
	frac=$(printf '%s\n' "$xt" | grep '\.' | head -3)
	expect_eq "$frac" "" "$chart: whole-number x ticks"
done

# ---- a workspace for one file (the browser's :train) ----
qw=$tmp/quick
mkdir -p "$qw"
awk 'BEGIN { for (i = 0; i < 300; i++)
	printf "Mar  2 %02d:%02d:00 node07 %s\n", int(i / 60), i % 60, i % 9 == 4 ? "kernel: Out of memory: Killed process " i : "sshd[" i "]: session opened" }' >"$qw/app.log"
# the operator labelled the first OOM lines only
(cd "$qw" && "$LOGLAB" label app.log --rows 5-5 --set 1 >/dev/null && "$LOGLAB" label app.log --rows 14-14 --set 1 >/dev/null) ||
	fail "label the quick file"
# The TUI's :train writes this workspace (ds_workspace_init_file); here it
# is made the same way through the key script.
(cd "$qw" && "$LOGLAB" --keys ':train<Enter>y' --dump-screen 24x80 app.log >"$tmp/quick.txt" 2>&1) || fail ":train: $(cat "$tmp/quick.txt")"
expect_match "$(tr -d ' \n\t' <"$qw/loglab.json")" '"unlabelled":"ordinary"' "the quick workspace counts unlabelled lines ordinary"
expect_match "$(ls "$qw/runs")" '-logreg$' "the quick workspace trained"
expect_match "$(cat "$tmp/quick.txt")" "Training logreg" "the training view follows :train"
# records of a structured log (text, no number column) are trained like log
# lines: TF-IDF of their message column
qj="$tmp/quickjson"
mkdir -p "$qj"
awk 'BEGIN { for (i = 0; i < 200; i++) printf "{\"level\": \"%s\", \"msg\": \"%s %d\", \"label\": \"%s\"}\n",
	i % 7 == 3 ? "error" : "info", i % 7 == 3 ? "lost connection to broker" : "message delivered to queue", i,
	i % 7 == 3 ? "1" : "0" }' >"$qj/app.jsonl"
(cd "$qj" && "$LOGLAB" --keys ':train<Enter>y' --dump-screen 24x80 app.jsonl >"$tmp/quickj.txt" 2>&1) ||
	fail ":train on JSON Lines: $(cat "$tmp/quickj.txt")"
expect_match "$(tr -d ' \n\t' <"$qj/loglab.json")" '"text":\{"kind":"tfidf"' "JSON records get the log lines' feature set"
run=$(ls -d "$qj"/runs/*-logreg 2>/dev/null | head -n 1)
expect_match "$run" '-logreg$' "the quick workspace on JSON records trained"
expect_match "$(tr -d ' \n\t' <"$run/run.json" 2>/dev/null)" '"column":"msg"' "its text is the records' message"

finish
