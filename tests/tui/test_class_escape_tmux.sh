#!/bin/sh
# test_class_escape_tmux.sh - the results view of a run whose class names
# hold a tab, a newline and a backslash (quoted CSV labels), in the real
# loglab driven in tmux. predictions.tsv holds them escaped (ll_tsvesc.h);
# the view reads them back unescaped and finds the run's classes. On main
# the names were written raw, the view's reader found no "predicted" column
# and said "expected columns row, part, true, predicted, score".
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
tmux_begin classesc
WS=$tmp/ws
mkdir -p "$WS"
escaped_classes_ws "$WS"
(cd "$WS" && "$LOGLAB" train lr --quiet >"$tmp/train.out" 2>&1) || { fail "loglab train lr: $(cat "$tmp/train.out")"; finish; }
tmux_shell 160 30
keys "cd '$WS' && '$LOGLAB' t.csv" Enter
wait_for 't\.csv  line 1/' "browser"
keys : runs Enter
wait_for '\[runs\]' "the runs view"
keys Enter
wait_for '\[confusion\]' "Enter opens the run's confusion matrix"
wait_for '^ back\\slash +0 +0\.0% +12 100\.0%' "back\\slash's row: its 12 test samples predicted as it"
wait_for 'weighted avg ' "the classification report below it"
not_on_screen 'expected columns' "predictions.tsv read"
keys Q
wait_for '^ll-prompt\$ *$' "Q quits"
finish
