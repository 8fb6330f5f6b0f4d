#!/bin/sh
# test_complete_tmux.sh - Tab on the ':' line, in the real loglab driven in
# tmux. Tab did nothing there; now it completes the command's name from
# the commands the help lists (the loop's and the view's): one that fits
# is completed with a blank after it, several are completed as far as
# they agree and named on the status bar's row, none is said. Tab after
# the name (an argument) and Tab in other prompts (/) add nothing.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
tmux_begin complete
awk 'BEGIN { for (i = 1; i <= 100; i++) printf "Mar  2 06:%02d:%02d node07 kernel: [%6d.000000] message %d of the day\n", (i / 60) % 60, i % 60, i, i }' >"$tmp/k.log"

tmux_shell 80 24
keys "cd '$tmp' && '$LOGLAB' k.log; echo \"exit=\$?\"" Enter
wait_for "k\.log  line 1/100 " "the browser"
# one command fits: completed, a blank after it; Enter runs it
keys : lab Tab
wait_for "^:labels *$" ":lab Tab completes labels"
keys Enter
wait_for "\[labels\]" "the completed command runs"
keys q
wait_for "k\.log  line 1/100 " "back to the browser"
# two fit (templates, train): as far as they agree, both named
keys : te Tab
wait_for "^:templates *$" ":te Tab completes templates (train does not start so)"
keys C-u t Tab
wait_for "^ templates  train" "the names that fit on the status bar's row"
wait_for "^:t$" "what they agree on is kept"
keys C-u qu Tab
wait_for "^:quit *$" "a name given among others (q, quit, qa)"
keys C-u zz Tab
wait_for "no command starts so \(\? lists them\)" "nothing fits: said"
wait_for "^:zz$" "the input stays"
# an argument is not completed
keys C-u 'open k' Tab
wait_for "^:open k$" "Tab after the command's name adds nothing"
keys Escape
# Tab in the search prompt adds nothing
keys / mess Tab
wait_for "^/mess$" "Tab in / adds nothing"
keys Escape q
wait_for "^exit=0" "q quits"
finish
