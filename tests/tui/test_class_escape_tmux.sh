#!/bin/sh
# test_class_escape_tmux.sh - the results view of a run whose class names
# hold a tab, a newline and a backslash (quoted CSV labels), in the real
# loglab driven in tmux. predictions.tsv holds them escaped (ll_tsvesc.h);
# the view reads them back unescaped and finds the run's classes. On main
# the names were written raw, the view's reader found no "predicted" column
# and said "expected columns row, part, true, predicted, score". Every view
# prints such a name escaped (view_shown: a\tb, line\nnext), so the
# matrix, the report, the labels view and the status lines keep their rows.
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
# every view prints a class name with a tab or newline escaped (\t, \n) so
# its row holds: the matrix's rows and columns, the report, the status line
wait_for '^ a\\tb +2 +22\.2% ' "a<TAB>b's matrix row, its name escaped"
wait_for '^ line\\nnext +0 +0\.0% ' "line<LF>next's matrix row on one line"
wait_for 'true\\predicted +normal +back\\slash +a\\tb +line\\nnext ' "the column heads escaped"
wait_for ' line\\nnext +0\.[0-9]+ +1\.0000 +0\.[0-9]+ +10$' "the report's row on one line (beside the matrix)"
wait_for '^ true normal, predicted a\\tb: 4 ' "the status line names the cell escaped"
keys q q
wait_for 't\.csv  line 1/' "back in the browser"
wait_for ' normal:56 back\\slash:40 a\\tb:32 line\\nnext:32 ' "the browser's status counts escaped"
wait_for '^a\\tb +4 +0 ' "the browser's label column escaped"
keys s
wait_for '^  a\\tb +2 +32$' "the labels view's class row escaped"
wait_for '^  line\\nnext +3 +32$' "and the newline's"
keys q
R=$(cd "$WS/runs" && ls -d *-lr)
keys : "review $R" Enter
wait_for '^ +23 +0\.[0-9]+ a\\tb +6 +4 +normal' "review: the predicted class escaped"
keys Q
wait_for '^ll-prompt\$ *$' "Q quits"
finish
