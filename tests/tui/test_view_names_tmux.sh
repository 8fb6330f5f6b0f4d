#!/bin/sh
# test_view_names_tmux.sh - every view's name is a ':' command from any
# view: walked from the confusion view of a run (each name typed there,
# then :browser back to the file and :confusion RUN again), then from the
# runs view, the clusters view, the labels view and the experiments view
# (its selected experiment's last run). A results view's name
# alone opens it on the run shown (the runs view: the run under the cursor);
# :browser goes back to the file's browser; nothing is "unknown".
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
SAMPLE="${LL_BUILDDIR:-.}/sample"
[ -f "$SAMPLE/loglab.json" ] || { echo "SKIP: the sample workspace is not built" >&2; exit 77; }

tmux_begin viewnames
ws=$tmp/ws
mkdir -p "$ws"
cp "$SAMPLE/"*.csv "$SAMPLE/"*.tsv "$SAMPLE/loglab.json" "$ws/" || exit 99
for e in logreg kmeans; do
	(cd "$ws" && "$LOGLAB" train "$e" --quiet >"$tmp/train.out" 2>&1) || fail "train $e: $(cat "$tmp/train.out")"
	sleep 1 # ids one second apart: the runs view lists kmeans first
done
LR=$(cd "$ws/runs" && ls -d *-logreg)
KM=$(cd "$ws/runs" && ls -d *-kmeans)

tmux_shell 120 30
keys "cd '$ws' && '$LOGLAB' kern_labelled.tsv" Enter
wait_for "kern_labelled\.tsv  line 1/" "the browser"

# NAME PATTERN WHAT: from the confusion view of the logreg run, :NAME shows PATTERN
from_confusion() {
	keys : browser Enter
	wait_for '\[browser\] *$' "$1: back in the browser"
	keys : "confusion $LR" Enter
	wait_for '\[confusion\] *$' "$1: the confusion view of $LR"
	keys : "$1" Enter
	wait_for "$2" ":$1 in the confusion view: $3"
	not_on_screen "unknown command" ":$1 in the confusion view is no unknown command"
}
from_confusion browser "back in the browser view" "back to the file"
from_confusion labels '\[labels\] *$' "the labels view"
from_confusion templates '\[templates\] *$' "the templates view"
from_confusion notes '\[notes\] *$' "the notes view"
from_confusion features "feature set kern_tfidf: .*\[features\] *$" "the run's feature set"
from_confusion train "logreg trains on this file" "the browser's :train"
from_confusion experiments "experiment 2/4 .*\[experiments\] *$" "on the run's experiment"
from_confusion runs '\[runs\] *$' "the runs view"
from_confusion roc '\[roc\] *$' "the run's ROC"
from_confusion clusters "run $LR is not k-means: :confusion $LR shows it" "why there are no clusters"
from_confusion confusion "this is the confusion view" "already there"
from_confusion review '\[review\] *$' "the run's review queue"
from_confusion results '\[confusion\] *$' "the run's default results"
from_confusion curves "no curves: $LR" "why there are no curves"
from_confusion help "help: confusion .*\[help\] *$" "its keys"

# from the runs view: the run under the cursor (kmeans, the newest, first)
keys : browser Enter
wait_for '\[browser\] *$' "back in the browser"
keys : runs Enter
wait_for 'run 1/2 .*\[runs\] *$' "the runs view"
keys : clusters Enter
wait_for "clusters .*\[clusters\] *$" ":clusters in the runs view: the run under the cursor"
keys : confusion Enter
wait_for "confusion: .*$KM" ":confusion in the clusters view: about the k-means run"
not_on_screen "unknown command" ":confusion in the clusters view is no unknown command"
keys : "confusion $LR" Enter
wait_for '\[confusion\] *$' ":confusion RUN in the clusters view"
keys : labels Enter
wait_for '\[labels\] *$' ":labels in the confusion view"
keys : roc Enter
wait_for "roc .*\[roc\] *$" ":roc in the labels view: the run shown below it"
keys : train Enter
wait_for "logreg trains on this file" ":train in the ROC view"
keys : features Enter
wait_for "feature set kern_tfidf: .*\[features\] *$" ":features in the experiments view: the selected one's"
keys q
wait_for '\[experiments\] *$' "back in the experiments view"
keys : confusion Enter
wait_for "^ $LR  logreg " ":confusion in the experiments view: the selected experiment's last run"
keys : browser Enter
wait_for "back in the browser view" ":browser goes back to the file"
keys : clusters Enter
wait_for "usage: :clusters RUN [(]no run is shown here" ":clusters alone in the browser asks for a run"
keys Q
wait_for '^ll-prompt\$ *$' "loglab quits"
finish
