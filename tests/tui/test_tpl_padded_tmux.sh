#!/bin/sh
# test_tpl_padded_tmux.sh - a kernel log whose uptime stamp crosses
# 100000 s ("[ 99999.000000]" then "[100000.000000]"): the padded stamp
# was cut at its blank, its lone "[" kept as a constant, so every message
# had two templates ("[ <*> Out of memory ..." and "<*> Out of memory
# ...") and L T on an OOM line labelled only the lines on its side of the
# boundary (so did the templates view, the clusters' templates and the
# review's template groups). In the real loglab driven in tmux: L T o on
# the first OOM line labels all 12, and the templates view shows one
# template for them.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
tmux_begin tplpad
# 48 lines, uptime 99976..100023 (%6d pads below 100000), every 4th an OOM kill
awk 'BEGIN { for (i = 0; i < 48; i++) {
	up = 99976 + i
	if (i % 4 == 1) msg = sprintf("Out of memory: Killed process %d (java) total-vm:%dkB", 1000 + i, 5000 + 7 * i)
	else msg = sprintf("e1000e: eth%d NIC Link is Up 1000 Mbps Full Duplex", i % 2)
	printf "Mar  2 06:%02d:%02d node07 kernel: [%6d.%06d] %s\n", int(i / 60), i % 60, up, i * 1000, msg } }' >"$tmp/kern.log"
n_oom=$(grep -c 'Out of memory' "$tmp/kern.log")

tmux_shell 120 30
keys "cd '$tmp' && '$LOGLAB' kern.log; echo \"exit=\$?\"" Enter
wait_for "kern\.log  line 1/48 " "the browser"
keys : 'class oom o' Enter
wait_for "create class 'oom'" ":class asks"
keys y
wait_for "o labels as oom" "o bound"
keys / 'out of memory' Enter
wait_for "line 2/48 " "the first OOM line"
keys L T o
wait_for "template [0-9]+: $n_oom lines, $n_oom changed to oom" "L T labels every OOM line, both sides of 100000 s"
keys t
wait_for "\[templates\]" "the templates view"
wait_for "^ +[0-9]+ +$n_oom +oom:$n_oom +<\*> Out of memory: Killed process <\*> \(java\) <\*>" "one template for the OOM lines"
wait_for "^ +[0-9]+ +$((48 - n_oom)) +-:$((48 - n_oom)) +<\*> NIC Link is Up" "one template for the link lines"
keys q q
wait_for "^exit=0" "q quits"
finish
