#!/bin/sh
# test_shrink_tmux.sh - a large log browsed through its line index is cut
# short while open (logrotate's copytruncate empties it in place): loglab
# used to die of SIGBUS on the next screen of lines it read from the
# mapping. In the real loglab driven in tmux: the log is emptied, then G,
# a search and g read every page past its new end; the browser stays up,
# its status says the file shrank, and :open of the file again shows what
# it holds now. LOGLAB_LAZY_THRESHOLD makes a 2 MB log a large one.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
tmux_begin shrink
awk 'BEGIN { for (i = 1; i <= 30000; i++) printf "Mar  2 06:%02d:%02d node07 kernel: [%d.000] message %d of the day\n", (i / 60) % 60, i % 60, i, i }' >"$tmp/big.log"

tmux_shell 100 20 LOGLAB_LAZY_THRESHOLD=100000
keys "cd '$tmp' && '$LOGLAB' big.log; echo \"exit=\$?\"" Enter
wait_for "big\.log  line 1/30000 " "the large log is browsed"
: >"$tmp/big.log"
keys G
keys / m e s s a g e Enter
keys g
wait_for "SHRANK while open: :open it again" "the status says the file shrank"
checks=$((checks + 1))
case $(screen) in
*exit=* | *"Bus error"*) fail "loglab ended when its file shrank: $(screen | tail -3)" ;;
esac
printf 'Mar  2 07:00:00 node07 kernel: [1.000] after the rotation\n' >"$tmp/big.log"
keys : "open big.log" Enter
wait_for "after the rotation" "the file opened again shows what it holds now"
wait_for "big\.log  line 1/1 " "one line, no longer shrunk"
# q closes the file opened again, then the shrunk one, and quits
keys q
wait_for "SHRANK while open" "back to the shrunk file"
keys q
wait_for "^exit=0" "q quits normally"
finish
