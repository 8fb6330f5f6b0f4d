#!/bin/sh
# test_features_labels_tmux.sh - the features view counts the labels given
# in the browser (the label journal, as `loglab build` and training read
# it), driven in tmux on a generated workspace: the preview's class counts,
# then b (browse the experiment's data), a line relabelled 0 -> 1, q back and
# f again: one more line of class 1, one fewer of class 0, as the build
# counts them; and u in the browser brings the counts back.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"

tmux_begin featlabels
ws=$tmp/ws
labelled_ws "$ws"
tmux_shell 100 30
keys "cd '$ws' && '$LOGLAB' ." Enter
wait_for '\[experiments\]' "the workspace's experiments"

# The class rows of the preview: "  CLASS   ALL TRAIN DEV TEST AFTER".
row0='^  0 {20,}'
row1='^  1 {20,}'
keys f
wait_for "$row0"'210 ' "the preview counts 210 lines of class 0"
wait_for "$row1"'30 ' "and 30 of class 1"

# Line 1 is class 0: relabelled 1 in the browser, written to the journal.
keys q
wait_for '\[experiments\]' "q back to the experiments"
keys b
wait_for 'app\.tsv  line 1/240 ' "b browses the experiment's data"
keys 1
wait_for 'labelled line 1 as 1' "1 labels line 1"
keys q
wait_for '\[experiments\]' "q back to the experiments"
keys f
wait_for "$row0"'209 ' "the preview counts the relabelled line out of class 0"
wait_for "$row1"'31 ' "and into class 1"
checks=$((checks + 1))
screen | grep -q 'counts without the labels' && fail "the features view still says it leaves the journal out"
build=$(cd "$ws" && "$LOGLAB" build t --preview 2>/dev/null | sed -n 's/^  \([01]\) \{20,\}\([0-9]\{1,\}\) .*/\1:\2/p' | tr '\n' ' ')
expect_eq "$build" "0:209 1:31 " "loglab build counts the same"

# Undone in the browser: the counts are the data's own again.
keys q
wait_for '\[experiments\]' "q back to the experiments"
keys b
wait_for 'app\.tsv  line 1/240 ' "b browses the data again"
keys u
wait_for 'undone' "u undoes the label"
keys q
wait_for '\[experiments\]' "q back to the experiments"
keys f
wait_for "$row0"'210 ' "after the undo, 210 of class 0 again"
wait_for "$row1"'30 ' "and 30 of class 1"
keys q q
wait_for '^ll-prompt\$ *$' "q quits"
finish
