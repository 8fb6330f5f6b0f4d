#!/bin/sh
# test_unseen_tui_tmux.sh - what a user sees of logs shaped as real tools
# write them (a JSON log whose records hold stack traces, lines longer than
# the screen), in the real loglab driven in tmux at 80x24:
# - the fields view shows a value of several lines (a JSON string holding
#   a stack trace) as a line each, under the value's column, not as one row
#   joined by \x0A;
# - scrolled sideways, the fields view keeps the names and scrolls the
#   values (the status saying from which column), '$' puts the end of the
#   longest value at the right edge and l goes no further;
# - the templates view, and the labels view's list of templates, scroll a
#   template longer than the screen sideways
#   (l, $, ^), its id, count and labels columns staying, the status saying
#   from which column;
# - a search's match past the right edge of a long line, or in a column of
#   a wide table not on screen, is scrolled into view;
# - l stops at the end of the lines on screen (and says so) rather than
#   scrolling them all away;
# - a table whose only line became its header says it has no rows (and how
#   to read the file as lines), not that the file is empty.
# Inputs are generated here.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"

tmux_begin unseen

# a JSON log: the second record's stack is a trace of three lines (CR LF
# ends on one, as a Windows service writes them); the third's message is
# 200 characters and ends in END
long=$(awk 'BEGIN { for (i = 0; i < 19; i++) printf "word%05d ", i; printf "ENDOFMSG" }')
{
	printf '{"ts":"2024-03-01T10:00:00Z","level":"info","msg":"started"}\n'
	printf '{"ts":"2024-03-01T10:00:01Z","level":"error","msg":"request failed","stack":"Error: boom\\n    at handler (app.js:10:5)\\r\\n    at next (router.js:22:3)\\n"}\n'
	printf '{"ts":"2024-03-01T10:00:02Z","level":"info","msg":"%s"}\n' "$long"
	printf '{"ts":"2024-03-01T10:00:03Z","level":"info","msg":"stopped"}\n'
} >"$tmp/app.jsonl"

tmux_shell 80 24
keys "cd '$tmp' && '$LOGLAB' app.jsonl" Enter
wait_for "app\.jsonl  line 1/4 " "the JSON log open"

# a stack trace: a line each, under the value's column
keys j Enter
wait_for "record 2  lines" "the fields view of the record with a stack"
wait_for "^stack +Error: boom$" "the trace's first line beside its name"
wait_for "^ {7}    at handler \(app\.js:10:5\)$" "its second line under the value's column (its CR dropped)"
wait_for "^ {7}    at next \(router\.js:22:3\)$" "and its third"
not_on_screen 'x0A\|x0D' "no line break shown as an escape"
# values that all fit: l says so rather than scrolling them away
keys l
wait_for "^the lines on screen end here" "l with every value on screen"
wait_for "^stack +Error: boom$" "the values still whole"
keys q

# sideways: the names stay, the values scroll
keys j Enter
wait_for "record 3  lines" "the fields view of the long message"
keys l
wait_for "^msg {4}0 word00001 " "l scrolls the value, the name stays"
wait_for "^ts {5}01 10:00:02" "every value under its name"
wait_for "record 3  lines 1-[0-9]+/[0-9]+  from column 9 " "the status says the values are scrolled"
keys '$'
wait_for "^msg {4}.*ENDOFMSG$" "\$ puts the value's end at the right edge, the name kept"
keys '^'
wait_for "^msg {4}word00000 word00001" "^ back to the values' start"
wait_for "record 3  lines 1-[0-9]+/[0-9]+ +\[fields\]" "no column in the status at the start"
keys q

# a log of lines longer than the screen: their template too
awk 'BEGIN { for (i = 0; i < 30; i++) {
	printf "2024-03-01 10:00:%02d INFO request %d from client served with headers", i, i
	for (k = 0; k < 12; k++) printf " header%02d=value", k
	print " TEMPLATEEND" } }' >"$tmp/wide.log"
keys q
wait_for '^ll-prompt\$' "quit"
keys "clear; '$LOGLAB' wide.log" Enter
wait_for "wide\.log  line 1/30 " "the wide log open"
keys t
wait_for "templates  1/1 " "the templates view"
not_on_screen 'TEMPLATEEND' "the template's end is past the right edge at first"
keys '$'
wait_for "^ +0 +30  -:30 +.*TEMPLATEEND$" "\$ shows the template's end, id, count and labels kept"
wait_for "templates  1/1  from column [0-9]+ " "the status says the template is scrolled"
keys '^'
wait_for "^ +0 +30  -:30 +request <\*> from client" "^ back to the template's start"
wait_for "templates  1/1  \(Enter" "no column in the status at the start"
keys l
wait_for "templates  1/1  from column 2[0-9] " "l scrolls half the template's width"
# the labels view lists the same template: whole, scrolled, not cut
keys q s
wait_for "Templates \(1; the 1 largest" "the labels view with the template"
not_on_screen 'TEMPLATEEND' "the labels view's template ends past the right edge at first"
keys '$'
wait_for "^ +0 +30  -:30 +.*TEMPLATEEND$" "\$ in the labels view shows the template's end, id, count and labels kept"
wait_for " labels  [0-9]+/[0-9]+  templates from column [0-9]+" "the labels view's status says the templates are scrolled"
keys '^'
wait_for "^ +0 +30  -:30 +request <\*> from client" "^ back to the template's start"
keys l
wait_for " labels  [0-9]+/[0-9]+  templates from column 2[0-9]" "l scrolls the labels view's templates"
keys q q
wait_for '^ll-prompt\$' "quit"

# a search's match past the right edge of a long line, or in a column of
# a wide table off the screen: scrolled into view
awk 'BEGIN { for (i = 1; i <= 6; i++) {
	printf "2024-03-01 10:00:0%d INFO step %d", i, i
	for (k = 0; k < 30; k++) printf " filler%02d", k
	print (i == 4 ? " NEEDLE here" : " nothing here") } }' >"$tmp/long.log"
keys "clear; '$LOGLAB' long.log" Enter
wait_for "long\.log  line 1/6 " "the long log open"
keys / NEEDLE Enter
wait_for "line 4/6  /NEEDLE: hit 1/1  from column [0-9]+ " "the match's line, scrolled sideways"
wait_for "NEEDLE here" "the match on screen"
keys / 'step 5' Enter
wait_for "line 5/6  /step 5: hit 1/1  log" "a match at a line's start: back to column 1"
keys q
wait_for '^ll-prompt\$' "quit"
{
	printf 'time'
	for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do printf ',column_%02d' "$k"; done
	printf '\n'
	for i in 1 2 3 4 5 6; do
		printf '2024-03-01 10:00:0%d' "$i"
		for k in 1 2 3 4 5 6 7 8 9 10 11 12 13; do printf ',value%d_%02d' "$i" "$k"; done
		[ "$i" = 4 ] && printf ',zebra\n' || printf ',horse\n'
	done
} >"$tmp/wide.csv"
keys "clear; '$LOGLAB' wide.csv" Enter
wait_for "wide\.csv  line 1/6  cols 1-[0-9]+/15 " "the wide table open"
keys / zebra Enter
wait_for "line 4/6  /zebra: hit 1/1  cols [0-9]+-15/15 " "the match's column on screen"
wait_for "column_14 *\$" "its name in the header"
wait_for " zebra *\$" "and the match"
keys / value2_01 Enter
wait_for "line 2/6  /value2_01: hit 1/1  cols 2-" "a match on the left: its column first"
keys q
wait_for '^ll-prompt\$' "quit"

# l past the end of every line on screen: says so instead of a blank
# screen "from column 41" (an empty file too)
printf '2024-03-01 10:00:00 INFO short\n2024-03-01 10:00:01 INFO lines\n' >"$tmp/short.log"
keys "clear; '$LOGLAB' short.log" Enter
wait_for "short\.log  line 1/2 " "the short log open"
keys l
wait_for "^the lines on screen end at column 30" "l past the lines' end says where they end"
not_on_screen 'from column' "the short lines not scrolled off the screen"
wait_for "INFO short" "the lines still on screen"
keys q
wait_for '^ll-prompt\$' "quit"
: >"$tmp/empty.log"
keys "clear; '$LOGLAB' empty.log" Enter
wait_for "empty\.log  line 0/0 " "the empty log open"
keys l
wait_for "^no text on screen to scroll" "l on an empty file"
not_on_screen 'from column' "an empty file scrolled sideways"
keys q
wait_for '^ll-prompt\$' "quit"

# a file whose only line became a table's header: said so, not "empty"
printf 'host,status,elapsed\n' >"$tmp/header.csv"
keys "clear; '$LOGLAB' header.csv" Enter
wait_for "header\.csv  line 0/0 " "the header-only table open"
wait_for "^host +status +elapsed" "its header"
wait_for "^\(a header and no rows: -f log reads the file as lines\)" "the body says there are no rows"
keys Enter
wait_for "^no line to act on: a header and no rows \(-f log reads the file as lines\)" "Enter says why, not 'empty'"
keys q
wait_for '^ll-prompt\$' "quit"

# a quoted cell holding line breaks (LF, and CRLF as spreadsheets write)
# shows a mark a break, not "\x0A" or "\x0D\x0A"
printf 'host,note,load\nweb1,"first\nsecond",1.5\nweb2,"left\r\nright",2.5\n' >"$tmp/breaks.csv"
keys "clear; '$LOGLAB' breaks.csv" Enter
wait_for "breaks\.csv  line 1/2 " "the table with line breaks in cells"
wait_for "web1 +first↵second +1\.5" "an LF in a cell is one mark"
wait_for "web2 +left↵right +2\.5" "a CRLF in a cell is one mark"
not_on_screen 'x0A\|x0D' "no line break shown as an escape in the table"
keys q
wait_for '^ll-prompt\$' "quit"
finish
