#!/bin/sh
# test_dumb_term_tmux.sh - TERM=dumb (Emacs' M-x shell, some CI consoles)
# names a terminal that cannot move the cursor: loglab used to draw its
# screen there as one stream of text, rows run together, and took keys on
# a screen nobody could read. Now the TUI refuses at once, naming the
# terminal type and what to use, exit 1; on vt100 (the plainest screen
# terminal) it still opens, and q quits.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
tmux_begin dumb
awk 'BEGIN { for (i = 1; i <= 200; i++) printf "Mar  2 06:%02d:%02d node07 kernel: [%6d.000000] message %d of the day\n", (i / 60) % 60, i % 60, i, i }' >"$tmp/k.log"

tmux_shell 80 24
keys "cd '$tmp' && TERM=dumb '$LOGLAB' k.log; echo \"exit=\$?\"" Enter
wait_for "terminal type 'dumb' cannot move the cursor: the TUI needs a screen" "TERM=dumb is refused, named"
wait_for "^exit=1" "exit 1 (a usage error)"
not_on_screen "k\.log  line 1/200" "no browser drawn on a dumb terminal"
keys clear Enter "TERM=vt100 '$LOGLAB' k.log; echo \"exit=\$?\"" Enter
wait_for "k\.log  line 1/200 " "vt100 still gets the browser"
keys q
wait_for "^exit=0" "q quits"
finish
