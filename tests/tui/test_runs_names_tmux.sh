#!/bin/sh
# test_runs_names_tmux.sh - the runs view's name columns (experiment,
# feature set, dataset) in the real loglab driven in tmux. They kept fixed
# widths (12, 16, 12): a dataset "dstat_labelled" read "dstat_label>" on a
# 200-column screen with half of it empty. Now each is as wide as its
# longest name (up to 32 columns); a longer one is still cut.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
tmux_begin runsnames
WS=$tmp/ws
mkdir -p "$WS"
kern_labelled "$WS/kern.tsv"
long=dataset_named_at_length_of_fortyone_chars
cat >"$WS/loglab.json" <<JSON
{ "version": 1,
  "datasets": {"kernel_messages_labelled": {"path": "kern.tsv"}, "$long": {"path": "kern.tsv"}},
  "featuresets": {
    "tfidf_of_the_messages": {"dataset": "kernel_messages_labelled", "target": "binary",
      "text": {"kind": "tfidf", "features": 64}, "split": {"kind": "chronological", "train": 0.7, "test": 0.3}},
    "long": {"dataset": "$long", "target": "binary",
      "text": {"kind": "tfidf", "features": 64}, "split": {"kind": "chronological", "train": 0.7, "test": 0.3}}},
  "experiments": {"logistic_regression": {"featureset": "tfidf_of_the_messages", "model": "logreg"},
    "lr": {"featureset": "long", "model": "logreg"}} }
JSON
for e in logistic_regression lr; do
	(cd "$WS" && "$LOGLAB" train "$e" --quiet >"$tmp/train.out" 2>&1) || { fail "loglab train $e: $(cat "$tmp/train.out")"; finish; }
	sleep 1
done
tmux_shell 250 20
keys "cd '$WS' && '$LOGLAB'" Enter
wait_for '\[experiments\]' "the workspace's experiments"
keys r
wait_for '\[runs\]' "the runs view"
wait_for '-logistic_regression +logreg +done .* logistic_regression +tfidf_of_the_messages +kernel_messages_labelled +20' \
	"the names whole"
not_on_screen 'logistic_regre>\|tfidf_of_the_me>\|kernel_messa>' "no name cut"
wait_for "-lr +logreg +done .* lr +long +dataset_named_at_length_of_fort> +20" "a name over 32 columns cut at 32"
keys Q
wait_for '^ll-prompt\$ *$' "Q quits"
finish
