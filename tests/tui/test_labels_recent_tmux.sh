#!/bin/sh
# test_labels_recent_tmux.sh - the labels view's "Recent changes" in the
# real loglab driven in tmux. The view replayed the whole label journal at
# every look (s) and at every label made while it was open, its own or
# another process's: on a journal of 4 million records (a range of 2
# million lines labelled and undone) each s froze the screen for 9 s. Now
# the records are read on from where the last look ended, which the
# LOGLAB_TRACE_LATENCY trace shows ("recent records_read=N"): the first look
# reads the journal, later ones only what was added; the list still shows
# the newest changes, ours and `loglab label`'s, and starts over when the
# journal is compacted (replaced).
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
tmux_begin labelsrecent
awk 'BEGIN { for (i = 1; i <= 3000; i++) printf "Mar  2 06:%02d:%02d node07 kernel: event %d of kind %d\n", (i / 60) % 60, i % 60, i, i % 7 }' >"$tmp/k.log"
# a journal of 3 actions, 6000 records: the whole file, then again, then 2 lines
"$LOGLAB" label "$tmp/k.log" --rows 1-3000 --set 1 >/dev/null || fail "loglab label"
"$LOGLAB" label "$tmp/k.log" --rows 1-3000 --set 0 >/dev/null || fail "loglab label"
"$LOGLAB" label "$tmp/k.log" --rows 10-11 --set 1 >/dev/null || fail "loglab label"
trace=$tmp/trace
tmux_shell 120 70 "LOGLAB_TRACE_LATENCY=$trace"
keys "cd '$tmp' && '$LOGLAB' k.log" Enter
wait_for "k\.log  line 1/3000 .* 0:2998" "the browser, labels read"
# recent_reads: the records_read= of each look so far, space-separated;
# recent_sum: their sum (a look that read the whole journal again, as the
# old view did, makes it larger than the journal)
recent_reads() { sed -n 's/^recent records_read=\([0-9]*\).*/\1/p' "$trace" | tr '\n' ' ' | sed 's/ $//'; }
recent_sum() { sed -n 's/^recent records_read=\([0-9]*\).*/\1/p' "$trace" | awk '{ s += $1 } END { print s + 0 }'; }
keys s G
wait_for "Recent changes \(last 50 of 6002" "s: the recent changes"
wait_for "line 11 +0 +-> 1 +bulk" "the newest change at the bottom"
keys q
wait_for "\[browser\]" "q: back"
keys s
wait_for "Recent changes \(last 50 of 6002" "s again"
expect_eq "$(recent_sum)" 6002 "the second look read nothing again ($(recent_reads))"
# a label of ours and one of another process while the view is open
keys q : 20 Enter 1
wait_for "labelled line 20 as 1" "a label in the browser"
keys s G
wait_for "Recent changes \(last 50 of 6003" "s: our label counted"
wait_for "line 20 +0 +-> 1 +key" "and listed"
"$LOGLAB" label "$tmp/k.log" --rows 30-32 --set 1 >/dev/null || fail "loglab label from another shell"
wait_for "Recent changes \(last 50 of 6006" "the other process's labels counted, the view open"
wait_for "line 32 +0 +-> 1 +bulk" "and listed"
expect_eq "$(recent_sum)" 6006 "the looks read only what was added ($(recent_reads))"
# compacted: the journal replaced, the list read afresh
keys q : compact Enter
wait_for "compact" "the journal compacted"
keys s G
wait_for "Recent changes \(last [0-9]+ of [0-9]+," "s after the compaction"
wait_for "line [0-9]+ +- +-> [01] +compact" "the compacted journal's records listed"
expect_match "$(grep '^recent' "$trace" | tail -n 1)" "restarted" "read afresh after the compaction"
keys q Q
wait_for '^ll-prompt\$ *$' "Q quits"
finish
