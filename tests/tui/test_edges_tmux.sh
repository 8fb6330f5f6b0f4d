#!/bin/sh
# test_edges_tmux.sh - the browser in a real terminal (tmux) on lines of
# 1 MB and wide characters, resized while open: a search's highlight on
# such lines, where the draw runs the regex through only what can reach the
# screen ('$'-anchored matches still found at a line's end once scrolled
# there, none where the window ends), keys staying quick with a search
# active, and the screen whole after the window shrinks and grows (cursor
# line kept, the help view's lines wrapped at the width anew). Inputs are generated here.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"

tmux_begin edges

# 12 lines of 1 MB: "N " then letters, then " endN"; one line of wide
# characters between them. The letters by doubling (17 steps): appended 10
# at a time, mawk copied the growing string 100,000 times, 25 s of CPU
# (20 of it the kernel's, mapping fresh memory for each copy) for 0.02 s.
awk 'BEGIN { s = "abcdefghij"; while (length(s) < 1000000) s = s s; s = substr(s, 1, 1000000)
	for (r = 0; r < 12; r++) { print r " " s " end" r; if (r == 5) print "wide \346\227\245\346\234\254\350\252\236 line" } }' \
	>"$tmp/wide.log"

tmux_shell 80 24
keys "'$LOGLAB' '$tmp/wide.log'" Enter
wait_for "wide\.log  line 1/13  " "status bar"

highlighted() { $T capture-pane -e -p -t t | grep -q "43m$1"; }

# a match near the start of 1 MB lines: highlighted
keys / cdefg Enter
wait_for "/cdefg: hit 2/12" "search on 1 MB lines (from the line after the cursor)"
checks=$((checks + 1))
highlighted cdefg || fail "a match at the start of a 1 MB line is highlighted"
# twenty moves with the search active land where they should (each redraw
# looks at what can show, not the 12 MB on screen; its speed is measured
# by hand, not asserted here: tests assert behaviour, not time)
for i in 1 2 3 4 5 6 7 8 9 10; do keys j; keys k; done
keys j
wait_for "line 3/13  " "twenty moves with a search active"
# an end-anchored match: not at the window's end, but at the line's end
# once '$' scrolls there
keys / 'end1$' Enter
wait_for "/end1\\\$: hit 1/1" "an end-anchored search"
keys '$'
wait_for "from column [0-9]+" "\$ scrolls to the line's end"
wait_for "j end1 *\$" "the line's end on screen"
checks=$((checks + 1))
highlighted end1 || fail "an end-anchored match at the end of a 1 MB line is highlighted"
keys '^' g

# shrink and grow with the cursor on line 7 (the wide characters)
keys :7 Enter
wait_for "line 7/13  " ":7"
$T resize-window -t t -x 40 -y 12
wait_for "^wide 日本語 line" "the cursor line kept at 40x12"
wait_for "line 7/13" "status at 40x12"
$T resize-window -t t -x 120 -y 40
wait_for "wide\.log  line 7/13  .* \[browser\]" "status at 120x40"
# the help at 40 columns: lines wrap, words whole, continued rows indented
$T resize-window -t t -x 40 -y 12
keys '?'
wait_for "^Keys in the browser view: Every row of$" "help title wrapped at 40 columns"
wait_for "^  the dataset$" "its second row indented"
wait_for "^  j, <Down> +Move down one$" "a key's text wrapped at a word"
wait_for "^    line  \[move-down\]$" "and continued indented under the key"
not_on_screen '>$' "no help row at 40 columns is cut"
# wider: laid out anew, a text too long for 80 columns under its own column
$T resize-window -t t -x 80 -y 24
wait_for "^  j, <Down> +Move down one line  \[move-down\]$" "help whole again at 80 columns"
wait_for "^  /  +Search forward for a regex \(case-insensitive if all$" "at 80 columns a long text wraps"
wait_for "^ {26}lower case\)  \[search\]$" "under the keys' column"
# top_row REGEX WHAT: the first row of the screen matches REGEX (polled, as
# the screen is redrawn after a resize)
top_row() {
	checks=$((checks + 1))
	deadline=$(($(date +%s) + 10 * ${LL_WAIT_SCALE:-1}))
	until screen | head -n 1 | grep -Eq -- "$1"; do
		[ "$(date +%s)" -lt "$deadline" ] || { fail "$2: the first row is '$(screen | head -n 1)'"; return; }
		sleep 0.1
	done
}
# half a page down, then narrower and wider: the line at the top stays there
keys C-d
wait_for "help: browser  lines 12-" "Ctrl-d moves half a page"
top_row "^  <WheelUp> +Scroll up three lines  \[scroll-line-up\]$" "the line at the top at 80 columns"
$T resize-window -t t -x 40 -y 12
top_row "^  <WheelUp> +Scroll up$" "the same line at the top at 40 columns, wrapped"
$T resize-window -t t -x 120 -y 24
top_row "^  <WheelUp> +Scroll up three lines  \[scroll-line-up\]$" "and at 120 columns"
keys G
wait_for "^Key names: a  <Enter> <Esc> <Space> <Tab> <Up> <PgDn> <Home> <F1> <C-d> <lt>$" \
	"the last line whole at 120 columns"
keys l
wait_for "scroll-right: not available in the help view" "nothing to scroll sideways in wrapped help"
keys q q
wait_for '^ll-prompt\$ *$' "quit"
finish
