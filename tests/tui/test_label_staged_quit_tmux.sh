#!/bin/sh
# test_label_staged_quit_tmux.sh - what may not happen while a label of
# many lines is staged (its lines read in slices before it is journalled,
# view_lab_stage_key), in the real loglab binary driven in tmux on a COPY
# of loghub2's Linux_2k.log; LOGLAB_TEST_STAGE_LINES=10 makes a range of
# its 2000 lines take about 5 s to read:
#  - :journal PATH and :compact are refused, saying why; :journal alone
#    still shows the journal, unchanged; the label then applies whole;
#  - quitting asks whether to finish it first: Esc stays (the label goes
#    on), n quits with nothing labelled, y reads the rest with its count
#    on the message line (Esc there stays too) and quits once labelled;
#    :q asks as q and Q do, :q! quits without asking;
#  - a template label waiting for the templates to be mined
#    (LOGLAB_TEST_MINE_LINES=10 makes mining take about 5 s) is asked
#    about the same way: n drops it, y mines with the progress shown, then
#    labels and quits;
#  - L m and L u while still finding their lines
#    (LOGLAB_TEST_COLLECT_LINES=10 makes that take about 5 s) are asked
#    about the same way: Esc stays, n drops it, y finds the rest with the
#    count shown, then reads and applies the label; a range staged while
#    the matches are found is asked about first, as it would apply first;
#  - `loglab label --json` shows on disk what each answer left.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
need_data
tmux_begin staged-quit
linux_copy
tmux_shell 150 24 LOGLAB_TEST_STAGE_LINES=10

# on_disk CLASS: how many lines of COPY's journal are of CLASS (0 for none)
on_disk() {
	"$LOGLAB" label --json "$COPY" | awk -v c="\"$1\":" '$1 == c { gsub(/,/, "", $2); n = $2 } END { print n + 0 }'
}
staging="labelling: [0-9]+ of $n lines read… \(Esc stops\)"
asked="range 1-$n: labelling $n lines is under way: finish it first\? \(y/n, Esc stays\)"
goes_on="range 1-$n: labelling $n lines goes on \(Esc stops it\)"
start() {
	keys "'$LOGLAB' '$COPY'" Enter
	wait_for "linux\.log  line 1/$n " "browser on the copy"
}

# --- :journal PATH and :compact wait for the staged label -------------------
start
keys g v G 0
wait_for "$staging" "the range's lines are read with a count"
keys : "journal $tmp/other.labels" Enter
wait_for "range 1-$n: labelling $n lines is under way \(Esc stops it\)" ":journal PATH is refused while staged"
keys : journal Enter
wait_for "journal: [^ ]*linux\.log[^ ]* \(" ":journal alone still shows the journal"
case $(screen) in *other.labels*) fail ":journal PATH changed the journal while staged" ;; *) ok ;; esac
keys : compact Enter
wait_for "range 1-$n: labelling $n lines is under way \(Esc stops it\)" ":compact is refused while staged"
wait_for "range 1-$n: $n lines, $n changed to 0, saved" "the staged label applies whole after both"
checks=$((checks + 1))
[ ! -e "$tmp/other.labels" ] || fail ":journal PATH wrote $tmp/other.labels"

# --- q while staged: Esc stays, the label goes on; Q, then n drops it -------
keys g v G 1
wait_for "$staging" "a second range is staged"
keys q
wait_for "$asked" "q asks whether to finish the staged label"
keys Escape
wait_for "$goes_on" "Esc stays"
wait_for "$staging" "the label is still being read after Esc"
keys Q
wait_for "$asked" "Q asks too"
keys n
wait_for '^ll-prompt\$ *$' "n quits"
expect_eq "$(on_disk 1)" 0 "n: nothing of the staged label on disk"
expect_eq "$(on_disk 0)" "$n" "n: the first range's label is kept"

# --- :q, y: the rest read with its count (Esc stays), then labelled ---------
start
keys g v G 1
wait_for "$staging" "a range staged again"
keys : q Enter
wait_for "$asked" ":q asks"
keys y
wait_for "range 1-$n: labelling: [0-9]+ of $n lines read… \(Esc stays\)" "y reads the rest with its count"
keys Escape
wait_for "$goes_on" "Esc while finishing stays"
keys Q y
wait_for '^ll-prompt\$ *$' "y quits once the label is applied"
expect_eq "$(on_disk 1)" "$n" "y: the staged label is on disk, whole"
expect_eq "$(on_disk 0)" 0 "y: it replaced the first range's label"

# --- :q! does not ask: the staged label is dropped --------------------------
start
keys g v G 0
wait_for "$staging" "a range staged once more"
keys : 'q!' Enter
wait_for '^ll-prompt\$ *$' ":q! quits without asking"
expect_eq "$(on_disk 1)" "$n" ":q!: the staged label was dropped"

# --- a template label waiting for the mining: asked about the same way -------
mining="mining templates… [0-9]+% \(Esc stops\)"
tasked="line 1's template label is under way: finish it first\? \(y/n, Esc stays\)"
start_mining() {
	keys "LOGLAB_TEST_MINE_LINES=10 '$LOGLAB' '$COPY'" Enter
	wait_for "linux\.log  line 1/$n " "browser on the copy, mining slowed"
	keys L T 0
	wait_for "$mining" "line 1's template label waits for the mining"
}
start_mining
keys q
wait_for "$tasked" "q asks about the template label"
keys Escape
wait_for "line 1's template label goes on \(Esc stops it\)" "Esc stays"
keys Q
wait_for "$tasked" "Q asks too"
keys n
wait_for '^ll-prompt\$ *$' "n quits"
expect_eq "$(on_disk 0)" 0 "n: nothing of the template label on disk"
start_mining
keys : q Enter
wait_for "$tasked" ":q asks about the template label"
keys y
wait_for "line 1's template label: mining templates: [0-9]+%… \(Esc stays\)" "y mines with the progress shown"
wait_for '^ll-prompt\$ *$' "y quits once the template is labelled"
tpl=$(on_disk 0)
expect_eq "$((tpl > 0 && tpl + $(on_disk 1) == n))" 1 "y: the template's $tpl lines are 0 on disk, the others still 1"

# --- L m / L u still finding their lines: asked about the same way ------------
# on a fresh copy, every line unlabelled; /sshd matches $nssh of them
cp "$ORIG" "$COPY"
rm -f "$COPY".labels*
nssh=$(grep -c sshd "$ORIG")
finding="finding (matches|unlabelled lines)… [0-9]+% \(Esc stops\)"
masked="labelling the matches of /sshd: finding the lines is under way: finish it first\? \(y/n, Esc stays\)"
start_matches() {
	keys "LOGLAB_TEST_COLLECT_LINES=10 '$LOGLAB' '$COPY'" Enter
	wait_for "linux\.log  line 1/$n " "browser on the copy, finding lines slowed"
	keys / sshd Enter
	wait_for "sshd" "a search for sshd"
	keys L m 0
	wait_for "$finding" "L m finds the matches in slices"
}
start_matches
keys q
wait_for "$masked" "q asks about the matches still being found"
keys Escape
wait_for "labelling the matches of /sshd goes on \(Esc stops it\)" "Esc stays"
wait_for "$finding" "the matches are still being found after Esc"
keys Q
wait_for "$masked" "Q asks too"
keys n
wait_for '^ll-prompt\$ *$' "n quits"
expect_eq "$(on_disk 0)" 0 "n: nothing of L m on disk"
start_matches
keys : q Enter
wait_for "$masked" ":q asks"
keys y
wait_for "labelling the matches of /sshd: finding the lines: [0-9]+ of $n read… \(Esc stays\)" "y finds the rest with its count"
keys Escape
wait_for "labelling the matches of /sshd goes on \(Esc stops it\)" "Esc while finding stays"
keys Q y
wait_for "matches of /sshd: labelling: [0-9]+ of $nssh lines read… \(Esc stays\)" "y then reads the lines found, with their count"
wait_for '^ll-prompt\$ *$' "y quits once the matches are labelled"
expect_eq "$(on_disk 0)" "$nssh" "y: the $nssh matches are 0 on disk"
# a range staged while the matches are found: asked about first
start_matches
# (the status shows the finding, not the range's count: Q at once)
keys g v G 1 Q
wait_for "$asked" "Q asks about the staged range first"
keys y
wait_for "$masked" "then about the matches"
keys y
wait_for '^ll-prompt\$ *$' "y, y quits once both are labelled"
expect_eq "$(on_disk 0)" "$nssh" "y, y: the matches are 0 on disk"
expect_eq "$(on_disk 1)" "$((n - nssh))" "y, y: the other lines of the range are 1"
# L u, on a fresh copy again: the question names it
cp "$ORIG" "$COPY"
rm -f "$COPY".labels*
keys "LOGLAB_TEST_COLLECT_LINES=10 '$LOGLAB' '$COPY'" Enter
wait_for "linux\.log  line 1/$n " "browser on a fresh copy"
keys L u 0
wait_for "$finding" "L u finds the unlabelled lines in slices"
keys : q Enter
wait_for "labelling every unlabelled line: finding the lines is under way: finish it first\? \(y/n, Esc stays\)" ":q asks about L u"
keys n
wait_for '^ll-prompt\$ *$' "n quits"
expect_eq "$(on_disk 0)" 0 "n: nothing of L u on disk"
finish
