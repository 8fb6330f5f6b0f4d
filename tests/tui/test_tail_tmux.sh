#!/bin/sh
# test_tail_tmux.sh - a single log open in the real loglab binary follows
# the file as it grows (tail mode), driven in tmux: lines appended while
# open become rows and the cursor on the last row follows them (status
# "+N lines"); a cursor moved up stays where it is; a line written in two
# parts becomes one row once its newline comes; a new line can be labelled
# (the journal records it); then logrotate's two ways: the log renamed away
# and a new one created (ROTATED: the rows read stay, with their labels;
# :open reads the new file; app.log.1 opened shows the labels given to
# its lines as app.log), and a log truncated in place (TRUNCATED);
# a file opened while its last line had no end of line yet: that row,
# labelled, keeps its label once the line is whole (saved again). A log
# large enough for the line index: test_tail_big_tmux.sh.
# Nothing here is timed: every check polls the screen until it shows what
# is expected (tmux_lib.sh's bounded wait), the file having been changed
# before.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
tmux_begin tail

# syslog lines FROM..TO of a made-up app, one a second
lines() {
	awk -v a="$1" -v b="$2" 'BEGIN { for (i = a; i <= b; i++)
		printf "Mar  2 06:%02d:%02d node07 app[42]: event %d of the run\n", int(i / 60), i % 60, i }'
}
lines 1 30 >"$tmp/app.log"

tmux_shell 120 20
keys "cd '$tmp' && '$LOGLAB' app.log; echo \"exit=\$?\"" Enter
wait_for "app\.log  line 1/30 " "the log is browsed"

# --- appended lines: the cursor on the last row follows them --------------------
keys G
wait_for "app\.log  line 30/30 " "G goes to the last line"
lines 31 32 >>"$tmp/app.log"
wait_for "app\.log  line 32/32 \+2 lines" "two appended lines become rows, the cursor follows, +2 lines said"
wait_for "node07 app\[42\]: event 32 of the run" "the last appended line is on screen"

# --- a cursor moved up stays --------------------------------------------------
keys k
wait_for "app\.log  line 31/32 " "k moves up"
lines 33 33 >>"$tmp/app.log"
wait_for "app\.log  line 31/33 " "a new row is counted, the cursor stays on line 31"
keys G
wait_for "app\.log  line 33/33 " "G goes to the new end"

# --- a line written in two parts is one row --------------------------------------
printf 'Mar  2 06:00:34 node07 app[42]: event 34 written in two ' >>"$tmp/app.log"
printf 'parts\n' >>"$tmp/app.log"
wait_for "app\.log  line 34/34 " "the line is one row once whole"
wait_for "event 34 written in two parts" "its text whole"
not_on_screen "in two $" "no row of the line's first part alone"

# --- labelling a new line: the journal records it ----------------------------------
keys 1
wait_for "labelled line 34 as 1, saved" "the new line is labelled"
checks=$((checks + 1))
grep -q "	34:[0-9a-f]*		1	key	" "$tmp/app.log.labels" 2>/dev/null ||
	fail "app.log.labels records line 34: $(cat "$tmp/app.log.labels" 2>&1)"
lines 35 36 >>"$tmp/app.log"
wait_for "app\.log  line 36/36 " "more lines after the label"
wait_for " 1:1 unlabelled:35" "the label counts with the new rows"

# --- rotation: renamed away, a new file at the path ----------------------------------
mv "$tmp/app.log" "$tmp/app.log.1"
printf 'Mar  2 07:00:00 node07 app[42]: first event of the new file\n' >"$tmp/app.log"
wait_for "app\.log  line 36/36 ROTATED: rows read kept, :open it for the new file" "the status says the log was rotated"
wait_for "app\.log was rotated \(now app\.log\.1; .*its 36 lines read so far stay" "the message says what happened and the old file's name now"
not_on_screen "first event of the new file" "the new file's line is not among the old rows"
keys : 34 Enter
wait_for "^1 +Mar  2 06:00:34 node07 app\[42\]: event 34 written in two parts" "the label stays on its line"
checks=$((checks + 1))
grep -q "	34:[0-9a-f]*		1	key	" "$tmp/app.log.labels" 2>/dev/null ||
	fail "the journal still records line 34: $(cat "$tmp/app.log.labels" 2>&1)"
# a line of the old rows is labelled as before
keys : 20 Enter 1
wait_for "labelled line 20 as 1, saved" "an old row can still be labelled after the rotation"
keys : "open app.log" Enter
wait_for "first event of the new file" ":open reads the new file"
wait_for "app\.log  line 1/1 " "the new file alone"
keys q
wait_for "app\.log  line 20/36 ROTATED" "q comes back to the rows read"
keys q
wait_for "^exit=0" "q quits normally"
# the old file opened under its new name shows the labels given to its
# lines, before and after the rotation (journalled in app.log.labels)
keys "clear; '$LOGLAB' app.log.1; echo \"exit=\$?\"" Enter
wait_for "2 labels of app\.log\.1 come from app\.log\.labels" "app.log.1 shows its lines' labels, saying from where"
keys : 20 Enter
wait_for "^1 +Mar  2 06:00:20 node07 app\[42\]: event 20 of the run" "the label given after the rotation"
keys : 34 Enter
wait_for "^1 +Mar  2 06:00:34 node07 app\[42\]: event 34 written in two parts" "the label given before it"
keys q
wait_for "^exit=0" "q quits"

# --- truncation in place (copytruncate) ---------------------------------------------
lines 1 10 >"$tmp/trunc.log"
keys "clear; '$LOGLAB' trunc.log; echo \"exit=\$?\"" Enter
wait_for "trunc\.log  line 1/10 " "the second log is browsed"
keys : 3 Enter 1
wait_for "labelled line 3 as 1, saved" "line 3 labelled"
: >"$tmp/trunc.log"
wait_for "trunc\.log  line 3/10 TRUNCATED: rows read kept, :open it again" "the status says the log was truncated"
wait_for "trunc\.log was truncated in place" "the message says so"
wait_for "^1 +Mar  2 06:00:03 node07 app\[42\]: event 3 of the run" "the rows and the label stay"
lines 11 11 >>"$tmp/trunc.log"
keys G
wait_for "trunc\.log  line 10/10 TRUNCATED" "lines written after the truncation are not taken for old rows"
checks=$((checks + 1))
grep -q "	3:[0-9a-f]*		1	key	" "$tmp/trunc.log.labels" 2>/dev/null ||
	fail "trunc.log.labels records line 3: $(cat "$tmp/trunc.log.labels" 2>&1)"
keys q
wait_for "^exit=0" "q quits normally"

# --- a last line without its end of line when the file is opened ----------------------
# (a file that ends so and does not grow, as many sample logs: its last line
# is labelled as any; once it becomes whole, the label is saved again for
# the whole line, so it is there at the next opening)
lines 1 1 >"$tmp/part.log"
printf 'Mar  2 06:00:02 node07 app[42]: event 2 still being' >>"$tmp/part.log"
keys "clear; '$LOGLAB' part.log; echo \"exit=\$?\"" Enter
wait_for "part\.log  line 1/2 " "the unfinished line shows as a row"
keys G 1
wait_for "labelled line 2 as 1, saved" "the last line of a file that does not grow is labelled"
keys '&' written Enter
wait_for "filtered: 0 of 2" "the unfinished line does not match yet"
printf ' written\n' >>"$tmp/part.log"
wait_for "event 2 still being written" "the row becomes the whole line"
wait_for "filtered: 1 of 2" "the filter tests the whole line again"
wait_for "line 2 became whole after it was labelled: its label \(1\) is saved again" "the label is saved again"
wait_for "^1 +Mar  2 06:00:02 node07 app\[42\]: event 2 still being written" "the label stays on the whole line"
checks=$((checks + 1))
[ "$(grep -c "	2:[0-9a-f]*		1	key	" "$tmp/part.log.labels" 2>/dev/null)" = 2 ] ||
	fail "part.log.labels records line 2 twice (unfinished, whole): $(cat "$tmp/part.log.labels" 2>&1)"
keys : "open part.log" Enter
wait_for "part\.log  line 1/2 .* 1:1 unlabelled:1" "opened again, the label is there"
keys q q
wait_for "^exit=0" "q quits normally"

# --- a burst (thousands of lines at once) joins over a few refreshes, followed ------
lines 1 10 >"$tmp/burst.log"
keys "clear; '$LOGLAB' burst.log; echo \"exit=\$?\"" Enter
wait_for "burst\.log  line 1/10 " "the log is browsed"
keys G
wait_for "burst\.log  line 10/10 " "G goes to the last line"
lines 11 40010 >>"$tmp/burst.log"
wait_for "burst\.log  line 40010/40010 " "every line of the burst joins, the cursor on the last"
wait_for "node07 app\[42\]: event 40010 of the run" "the last line on screen"
keys q
wait_for "^exit=0" "q quits normally"

# --- templates mined before a line came: that line has none yet --------------------
lines 1 5 >"$tmp/tpl.log"
keys "clear; '$LOGLAB' tpl.log; echo \"exit=\$?\"" Enter
wait_for "tpl\.log  line 1/5 " "the log is browsed"
keys L T 0
wait_for "template [0-9]+: 5 lines, 5 changed to 0" "L T labels the first line's template"
lines 6 6 >>"$tmp/tpl.log"
wait_for "tpl\.log  line 1/6 " "a line is added"
keys G L T 1
wait_for "line 6 came after the templates were mined \(of the first 5 lines\)" "a new line's template is not guessed"
keys q
wait_for "^exit=0" "q quits normally"
finish
