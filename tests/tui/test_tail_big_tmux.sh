#!/bin/sh
# test_tail_big_tmux.sh - tail mode on a log read through the line index
# (a large log; LOGLAB_LAZY_THRESHOLD, a setting for tests, makes a small
# one count as large), in the real loglab binary driven in tmux: appended
# lines become rows and the cursor on the last row follows them ("+N
# lines"); a cursor moved up stays; a line written in two parts is one
# row; a search and a filter find the new lines; a new line can be
# labelled (the journal records it, the counts take it in); a burst of
# 20,000 lines is taken in to the end; logrotate's rename-and-create
# (ROTATED: the rows read stay) and copytruncate (said; the text of a
# mapped log cut in place reads as NUL bytes).
# Nothing here is timed: every check polls the screen until it shows what
# is expected (tmux_lib.sh's bounded wait), the file having been changed
# before.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
tmux_begin tailbig

# syslog lines FROM..TO of a made-up app, one a second
lines() {
	awk -v a="$1" -v b="$2" 'BEGIN { for (i = a; i <= b; i++)
		printf "Mar  2 %02d:%02d:%02d node07 app[42]: event %d of the run\n", int(i / 3600), int(i / 60) % 60, i % 60, i }'
}
lines 1 3000 >"$tmp/big.log"

tmux_shell 120 20
keys "cd '$tmp' && LOGLAB_LAZY_THRESHOLD=1000 '$LOGLAB' big.log; echo \"exit=\$?\"" Enter
wait_for "big\.log  line 1/3000 " "the log is browsed (through the line index)"

# --- appended lines: the cursor on the last row follows them --------------------
keys G
wait_for "big\.log  line 3000/3000 " "G goes to the last line"
lines 3001 3002 >>"$tmp/big.log"
wait_for "big\.log  line 3002/3002 \+2 lines" "two appended lines become rows, the cursor follows, +2 lines said"
wait_for "node07 app\[42\]: event 3002 of the run" "the last appended line is on screen"

# --- a cursor moved up stays --------------------------------------------------
keys k
wait_for "big\.log  line 3001/3002 " "k moves up"
lines 3003 3003 >>"$tmp/big.log"
wait_for "big\.log  line 3001/3003 " "a new row is counted, the cursor stays on line 3001"
keys G
wait_for "big\.log  line 3003/3003 " "G goes to the new end"

# --- a line written in two parts is one row --------------------------------------
printf 'Mar  2 00:50:04 node07 app[42]: event 3004 written in two ' >>"$tmp/big.log"
printf 'parts, special\n' >>"$tmp/big.log"
wait_for "big\.log  line 3004/3004 " "the line is one row once whole"
wait_for "event 3004 written in two parts, special" "its text whole"
not_on_screen "in two $" "no row of the line's first part alone"

# --- search and filter see the new lines -----------------------------------------
keys g
wait_for "big\.log  line 1/3004 " "g"
keys / "parts, special" Enter
wait_for "big\.log  line 3004/3004 " "/ finds the new line"
keys "&special" Enter
wait_for "filtered: 1 of 3004" "& keeps the new line"
printf 'Mar  2 00:50:05 node07 app[42]: event 3005 also special\n' >>"$tmp/big.log"
wait_for "filtered: 2 of 3005" "a line appended later passes the filter too"
keys "&" Enter
keys G
wait_for "big\.log  line 3005/3005 " "filter cleared, G"

# --- labelling a new line: the journal records it, the counts take it in --------------
keys 1
wait_for "labelled line 3005 as 1, saved" "the new line is labelled"
wait_for "1:1 unlabelled:3004" "the counts include the new lines"
checks=$((checks + 1))
grep -q "	3005:[0-9a-f]*		1	key	" "$tmp/big.log.labels" 2>/dev/null ||
	fail "big.log.labels records line 3005: $(cat "$tmp/big.log.labels" 2>&1)"

# --- a burst: 20,000 lines at once, followed to the end ------------------------------
lines 3006 23005 >>"$tmp/big.log"
wait_for "big\.log  line 23005/23005 " "a burst of 20,000 lines is taken in, the cursor at the end"
wait_for "node07 app\[42\]: event 23005 of the run" "the burst's last line is on screen"
wait_for "1:1 unlabelled:23004" "and counted"

# --- logrotate: renamed away, a new file created --------------------------------------
mv "$tmp/big.log" "$tmp/big.log.1"
lines 1 2 >"$tmp/big.log"
wait_for "ROTATED: rows read kept, :open it for the new file" "the status says it was rotated"
wait_for "big\.log was rotated \(now big\.log\.1; " "the message names where it went"
wait_for "line 23005/23005 " "the rows read stay"
checks=$((checks + 1))
grep -q "	3005:[0-9a-f]*		1	key	" "$tmp/big.log.labels" 2>/dev/null ||
	fail "the journal is kept: $(cat "$tmp/big.log.labels" 2>&1)"
keys q
wait_for "^exit=0" "q quits normally"

# --- copytruncate -----------------------------------------------------------------
lines 1 3000 >"$tmp/cut.log"
keys "clear; LOGLAB_LAZY_THRESHOLD=1000 '$LOGLAB' cut.log; echo \"exit=\$?\"" Enter
wait_for "cut\.log  line 1/3000 " "another large log is browsed"
: >"$tmp/cut.log"
# mapped, not copied: the rows stay but their text is gone (ds_mapguard)
wait_for "cut\.log was truncated in place \(as logrotate.s copytruncate does\): a log this large is read" "the message says it was truncated"
wait_for "cut\.log  line 1/3000 SHRANK while open" "the status says it shrank"
keys q
wait_for "^exit=0" "q quits normally"
finish
