#!/bin/sh
# test_label_staged_tmux.sh - labels of many lines read their lines in
# slices before they apply (view_lab_stage_key), in the real loglab binary
# driven in tmux on a COPY of loghub2's Linux_2k.log (no labels of its
# own). LOGLAB_TEST_STAGE_LINES slows the reading (10 lines a 25 ms slice)
# so that a 2000-line file is staged long enough to be seen and stopped:
#  - a range (v G 0) shows its count of lines read; Esc stops it with
#    nothing labelled and the range kept; another label meanwhile is
#    refused; done again, it applies as one action that u undoes in one step;
#  - tagged lines are labelled once read and their tags cleared then;
#  - the templates view's class key labels the largest template the same
#    way: Esc stops it, a second key applies it, u undoes it;
#  - `loglab label --json` shows what is on disk at the end.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
need_data

tmux_begin staged
linux_copy
tmux_shell 150 24 LOGLAB_TEST_STAGE_LINES=10
keys "'$LOGLAB' '$COPY'" Enter
wait_for "linux\.log  line 1/$n " "browser on the copy"

# a range of every line, stopped, refused a second label, then labelled
keys v G 0
wait_for "labelling: [0-9]+ of $n lines read… \(Esc stops\)" "the range's lines are read with a count"
keys 1
wait_for "labelling $n lines is under way \(Esc stops it\)" "another label waits for the staged one"
keys Escape
wait_for "range 1-$n: labelling $n lines stopped: nothing labelled" "Esc stops the range's label"
keys 0
wait_for "range 1-$n: $n lines, $n changed to 0, saved" "the range, labelled again, applies as one action"
keys u
wait_for "undone: $n lines restored" "u undoes the range in one step"
keys u
wait_for "nothing to undo" "the range was one action"

# three tagged lines, read over slices, then labelled and their tags cleared
keys g Space Space Space
wait_for "3 tag" "three lines tagged"
keys L t 1
wait_for "3 tagged: 3 lines, 3 changed to 1, saved" "tagged lines labelled once read"
keys L
wait_for "label \[t\]agged \(0\)" "the tags were cleared by the label"
keys Escape

# the largest template's lines from the templates view
keys t
wait_for "templates  [0-9]+/[0-9]+" "templates view"
keys 0
wait_for "templates  labelling: [0-9]+ of [0-9]+ lines read… \(Esc stops\)" "the template's lines are read with a count"
keys Escape
wait_for "template [0-9]+: labelling [0-9]+ lines stopped: nothing labelled" "Esc stops the template's label"
keys 0
wait_for "template [0-9]+: [0-9]+ lines, [0-9]+ changed to 0, saved" "the template labelled as one action"
tpl_lines=$(screen | sed -n 's/.*template [0-9]*: \([0-9]*\) lines, .*/\1/p' | head -n 1)
keys u
wait_for "undone: $tpl_lines lines restored" "u undoes the template's label in one step"
keys 0
wait_for "template [0-9]+: $tpl_lines lines, $tpl_lines changed to 0, saved" "labelled again"
keys q q
wait_for '^ll-prompt\$ *$' "q quits"

json=$("$LOGLAB" label --json "$COPY")
got1=$(printf '%s\n' "$json" | awk '$1 == "\"1\":" { gsub(/,/, "", $2); print $2 }')
expect_eq "$got1" 3 "three lines of class 1 on disk (the tagged ones)"
got0=$(printf '%s\n' "$json" | awk '$1 == "\"0\":" { gsub(/,/, "", $2); print $2 }')
expect_eq "$got0" "$tpl_lines" "the template's lines of class 0 on disk, no range"
finish
