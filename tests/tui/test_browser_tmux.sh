#!/bin/sh
# test_browser_tmux.sh - drives the real loglab binary in a tmux terminal:
# send-keys, then poll capture-pane until the expected text shows (or a
# timeout fails the check). Expected figures are computed here from the
# files with awk/grep, independently of loglab.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
need_data

tmux_begin test

D=$LL_DATA_DIR
BGL=$D/loghub/BGL/BGL_2k.log
DSTAT=$D/dstat/ciml_talk_dstat_sample.csv
SMD=$D/smd/csv/machine-1-6_test.csv

# A shell with a recognisable prompt, so we can see loglab give it back.
tmux_shell 100 30

# --- BGL: first screen, status counts --------------------------------------
first_ts=$(awk 'NR == 1 { print $2 }' "$BGL")
n_bgl=$(awk 'END { print NR }' "$BGL")
n_normal=$(awk '$1 == "-"' "$BGL" | wc -l | tr -d ' ')
n_dtlb=$(awk '$1 == "KERNDTLB"' "$BGL" | wc -l | tr -d ' ')
keys "'$LOGLAB' '$BGL'" Enter
wait_for "BGL_2k\.log  line 1/$n_bgl  bgl" "status bar of BGL"
wait_for "^normal +- $first_ts " "first BGL line with its label"
wait_for ":$n_normal .*KERNDTLB:$n_dtlb" "label counts (1857 normal, 60 KERNDTLB)"

# --- motions ----------------------------------------------------------------
keys j
wait_for "line 2/$n_bgl " "j moves down"
keys G
wait_for "line $n_bgl/$n_bgl " "G goes to the last line"
last_ts=$(awk -v n="$n_bgl" 'NR == n { print $2 }' "$BGL")
wait_for " $last_ts " "last line on screen"
keys g
wait_for "line 1/$n_bgl " "g goes to the first line"
keys C-d
wait_for "line 15/$n_bgl " "Ctrl-d moves half a page (28 rows / 2 = 14)"
keys PageDown
wait_for "line 43/$n_bgl " "PgDn moves a page (28 rows)"
keys Home
wait_for "line 1/$n_bgl " "Home goes to the first line"

# --- search -----------------------------------------------------------------
first_match=$(grep -n -i kerndtlb "$BGL" | awk -F: 'NR == 1 { print $1 }')
second_match=$(grep -n -i kerndtlb "$BGL" | awk -F: 'NR == 2 { print $1 }')
keys / kerndtlb Enter
wait_for "line $first_match/$n_bgl " "/kerndtlb finds the first match"
checks=$((checks + 1))
# Matches are highlighted black on yellow (SGR 43 background).
$T capture-pane -e -p -t t | grep -i kerndtlb | grep -q "43m" || fail "search matches highlighted"
keys n
wait_for "line $second_match/$n_bgl " "n finds the next match"
keys N
wait_for "line $first_match/$n_bgl " "N finds the previous match"

# --- going to a time: the first line at or after it (the epoch of field 2
# is the stamp's: 2005-06-05 00:00:00 UTC is 1117929600) ---------------------
at_day=$(awk '$2 >= 1117929600 { print NR; exit }' "$BGL")
keys : "2005-06-05" Enter
wait_for "line $at_day/$n_bgl " ":2005-06-05 goes to the first line of that day"
wait_for "^2005-06-05: 2005-06-05 [0-9:]+, the first row at or after 2005-06-05 00:00:00" ":DATE says where it went"
keys : "2004-01-01 12:00" Enter
wait_for "line 1/$n_bgl " "a time before the log: the first line"
wait_for "is before the first row" "a time before the log: said"
keys g

# --- filter -----------------------------------------------------------------
n_fatal=$(grep -ci fatal "$BGL")
keys '&' fatal Enter
wait_for "filtered: $n_fatal of $n_bgl" "&fatal keeps the matching lines"
keys '&' Enter
wait_for "filter cleared" "& with an empty pattern clears"
n_alerts=$(awk '$1 != "-"' "$BGL" | wc -l | tr -d ' ')
keys '!' '^- ' Enter
wait_for "filtered: $n_alerts of $n_bgl" "!'^- ' hides the normal lines (143 alerts left)"
keys '!' Enter
wait_for "filter cleared" "! with an empty pattern clears"

# --- goto and the fields view ----------------------------------------------
node=$(awk 'NR == 1500 { print $4 }' "$BGL")
keys : 1500 Enter
wait_for "line 1500/$n_bgl " ":1500 goes to line 1500"
keys Enter
wait_for "record 1500 .*\[fields\]" "Enter opens the fields view"
wait_for "^Node +$node\$" "the record's Node field"
keys q
wait_for "line 1500/$n_bgl .*\[browser\]" "q goes back to the browser"

# --- help -------------------------------------------------------------------
keys '?'
wait_for "Keys in the browser view" "? opens the help"
wait_for "^  /  +Search .*\[search\]" "help lists the search key"
keys q
wait_for "\[browser\]" "q leaves the help"

# --- resize -----------------------------------------------------------------
$T resize-window -t t -x 60 -y 12
wait_for "^ BGL_2k\.log  line 1500/$n_bgl" "status bar after resizing to 60x12"
checks=$((checks + 1))
rows=$(screen | wc -l | tr -d ' ')
[ "$rows" = 12 ] || fail "12 rows after resize, got $rows"
checks=$((checks + 1))
wide=$(screen | awk 'length($0) > 60' | wc -l | tr -d ' ')
[ "$wide" = 0 ] || fail "$wide lines wider than 60 columns after resize"
$T resize-window -t t -x 20 -y 5
wait_for "^ BGL_2k\.log  line" "status bar at 20x5"
$T resize-window -t t -x 100 -y 30
wait_for "BGL_2k\.log  line 1500/$n_bgl .*\[browser\]" "back to 100x30"

# --- q quits and the shell is back -----------------------------------------
keys q
wait_for '^ll-prompt\$ *$' "q quits and the prompt is back"

# --- colours, NO_COLOR ------------------------------------------------------
keys clear Enter
keys "'$LOGLAB' '$BGL'" Enter
wait_for "line 1/$n_bgl" "loglab again"
checks=$((checks + 1))
$T capture-pane -e -p -t t | grep -q "$(printf '\033')\[[0-9;]*3[0-7]m" || fail "colours in the default theme"
keys q
wait_for '^ll-prompt\$ *$' "quit"
keys clear Enter
keys "NO_COLOR=1 '$LOGLAB' '$BGL'" Enter
wait_for "line 1/$n_bgl" "loglab with NO_COLOR"
checks=$((checks + 1))
if $T capture-pane -e -p -t t | grep -q "$(printf '\033')\[\([0-9]*;\)*[34][0-7]m"; then
	fail "NO_COLOR set but colours on screen"
fi
keys q
wait_for '^ll-prompt\$ *$' "quit"

# --- a Latin-1 log: accents on a real terminal, a search typed in UTF-8 -------
# (\351 is e acute, \374 u umlaut in Latin-1; line 3 is the second with "r\351seau")
for i in 0 1; do
	printf 'Mar  2 06:17:2%d node07 netd[41]: D\351marrage du service r\351seau eth%d\n' $i $i
	printf 'Mar  2 06:18:0%d node07 disk[52]: \374berschritten\n' $i
done >"$tmp/latin1.log"
keys clear Enter
keys "'$LOGLAB' '$tmp/latin1.log'" Enter
wait_for "$(printf 'netd\\[41\\]: D\303\251marrage du service r\303\251seau eth0')" "Latin-1 accents shown"
wait_for "$(printf 'disk\\[52\\]: \303\274berschritten')" "and umlauts"
keys / "$(printf 'r\303\251seau')" Enter
wait_for "latin1\.log  line 3/4 " "a search typed with an accent finds the next line holding it"
keys q
wait_for '^ll-prompt\$ *$' "quit"

# --- going to a time in a table in no time order: read in slices (one row a
# slice here, LOGLAB_TEST_GOTO_ROWS), the progress shown, Esc stops it -------
awk 'BEGIN { print "time,value"; for (r = 0; r < 400; r++) { i = (r * 7919) % 400
	printf "2026-07-16T%02d:%02d:00Z,%d\n", i / 60, i % 60, i } }' >"$tmp/shuffled.csv"
keys clear Enter
keys "LOGLAB_TEST_GOTO_ROWS=1 '$LOGLAB' '$tmp/shuffled.csv'" Enter
wait_for "shuffled\.csv  line 1/400 " "a table in no time order"
keys : "02:15" Enter
wait_for "going to 02:15… [0-9]+% \(Esc stops\)" "the scan shows its progress"
keys Escape
wait_for "going to 02:15 cancelled" "Esc stops the scan"
wait_for "shuffled\.csv  line 1/400 " "the cursor stays where it was"
keys q
wait_for '^ll-prompt\$ *$' "quit"

# --- tables: dstat, SMD -----------------------------------------------------
n_dstat=$(awk 'END { print NR - 1 }' "$DSTAT")
keys clear Enter "'$LOGLAB' '$DSTAT'" Enter
wait_for "^time +usr +used +writ +1m" "dstat header row"
wait_for "line 1/$n_dstat  dstat" "dstat status bar"
keys : q Enter
wait_for '^ll-prompt\$ *$' ":q quits"
n_smd=$(awk 'END { print NR }' "$SMD")
label_file=${SMD%_test.csv}_test_label.csv
n_anom=$(awk -F, '$1 == 1' "$label_file" | wc -l | tr -d ' ')
n_norm=$(awk -F, '$1 == 0' "$label_file" | wc -l | tr -d ' ')
keys clear Enter "'$LOGLAB' '$SMD'" Enter
# 38 metrics do not fit 100 columns: the status bar says which show, the
# header ends in the mark of hidden columns
wait_for "line 1/$n_smd  cols 1-[0-9]+/38  smd" "SMD status bar"
wait_for "^label +m1 +m2 .*>\$" "SMD header marks the hidden columns"
wait_for ":$n_norm .*:$n_anom" "SMD label counts"
keys '$'
wait_for "m38 *\$" "\$ scrolls to the last column"
wait_for "cols [0-9]+-38/38  smd" "\$: the status bar says the last columns show"
keys ^
wait_for "^label +m1 +m2 " "^ scrolls back to the first column (0 labels in the browser)"
keys q
wait_for '^ll-prompt\$ *$' "quit SMD"

# --- a bad file: a message, no screen left behind ----------------------------
keys clear Enter "'$LOGLAB' '$tmp/missing.log'; echo rc=\$?" Enter
wait_for "missing\.log" "error names the file"
wait_for "^rc=3" "exit code 3 for a missing file"

# --- SIGTERM restores the terminal --------------------------------------------
keys clear Enter "'$LOGLAB' '$BGL'" Enter
wait_for "line 1/$n_bgl" "loglab for SIGTERM"
ll_pid=$(loglab_pid)
if [ -n "$ll_pid" ]; then
	kill -TERM "$ll_pid"
	# gone first: the restored screen shows the line that started it
	# ("ll-prompt$ loglab ...") before the shell's next prompt, and keys
	# typed while loglab still runs are read, and dropped, by loglab
	waited=0
	while kill -0 "$ll_pid" 2>/dev/null && [ $waited -lt 100 ]; do
		sleep 0.1
		waited=$((waited + 1))
	done
	checks=$((checks + 1))
	kill -0 "$ll_pid" 2>/dev/null && fail "loglab still runs 10 s after SIGTERM"
	wait_for '^ll-prompt\$' "prompt after SIGTERM"
	# Typed text must echo and run, wherever it lands: on a loaded machine
	# the restored screen is up before the shell prints its next prompt (or
	# `clear` ran after the command was typed), so the keys echo ahead of the
	# prompt and the output follows it on its line ("ll-prompt$ echo-is-42").
	# The typed line itself ("echo echo-is-42") does not match.
	keys "echo echo-is-$((6 * 7))" Enter
	wait_for '(^|\$ )echo-is-42 *$' "typed text echoes: the terminal is restored"
	checks=$((checks + 1))
	screen | grep -q 'echo echo-is-42' || fail "the typed command did not echo: $(screen)"
else
	fail "could not find loglab's pid under the tmux pane's shell"
fi

finish
