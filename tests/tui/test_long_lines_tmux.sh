#!/bin/sh
# test_long_lines_tmux.sh - search and filter over lines of megabytes (a log
# of minified JSON), in the real loglab driven in tmux. A search used to run
# each line through one regexec and look at the clock every 256 lines: on
# a line of 300 MB the screen froze for half a minute and Esc did nothing.
# Rows are now matched a megabyte at a time with the clock read between:
# the search says "searching… (Esc stops)" and Esc stops it; matches are
# found past the first megabyte, across the boundary of two slices, and
# '^' still means the start of the line. LOGLAB_LAZY_THRESHOLD makes the
# file a large one (read through the line index, as such logs are).
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
tmux_begin longlines
# lines 1-5: 8 MiB of 'a' each; line 3 ends in "needle", line 4 holds
# "pin" across the first slice boundary (bytes 1048574-1048576), line 5
# starts with "head"; line 6 is short; lines 7-26 8 MiB each again (170
# MB: a search through all takes a second or more)
awk 'BEGIN {
	s = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	while (length(s) < 8388608) s = s s
	print s
	print s
	print s "needle"
	print substr(s, 1, 1048574) "pin" substr(s, 1, 4096)
	print "head" s
	print "short line"
	for (i = 0; i < 20; i++) print s
}' >"$tmp/wide.log"

tmux_shell 100 12 LOGLAB_LAZY_THRESHOLD=100000
keys "cd '$tmp' && '$LOGLAB' wide.log; echo \"exit=\$?\"" Enter
wait_for "wide\.log  line 1/26 " "the log of long lines is browsed"
keys / n e e d l e Enter
wait_for "wide\.log  line 3/26 " "a match at the end of an 8 MiB line"
# ^: back to the lines' first column (drawing 8 MiB lines from their
# far end is slow under the sanitizers)
keys '^' g / p i n Enter
wait_for "wide\.log  line 4/26 " "a match across two slices of a line"
keys '^' g / '^head' Enter
wait_for "wide\.log  line 5/26 " "'^' at a line's start"
keys '^' g / '^needle' Enter
wait_for "pattern not found: \^needle" "'^' never in the middle of a line"
# a filter of the same kind
keys '&' p i n Enter
wait_for "filtered: 1 of 26" "the filter finds the one line across two slices"
keys '&' Enter
# a search that takes a while (a regex, not a plain word, which a byte
# search finds at once; no match anywhere: every byte read) is under way
# with the screen alive, and Esc stops it (before, Esc waited for the
# frozen search to end: "pattern not found")
keys '^' g / q u '+' x Enter
wait_for "searching… [0-9]+% \(Esc stops\)" "the search is under way"
keys Escape
wait_for "search cancelled" "Esc stops the search"
keys q
wait_for "^exit=0" "q quits"
finish
