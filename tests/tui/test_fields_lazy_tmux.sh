#!/bin/sh
# test_fields_lazy_tmux.sh - the fields view (Enter in the browser) of a
# record in a log too large to load (read through its line index), opened
# while its lines are still being counted, in the real loglab driven in
# tmux. The Key: value pairs of the records' continuation lines (a MySQL
# slow query log's "# Query_time: ...") are columns only once the count
# completes: the open view says more fields may come, then shows them
# without being opened again. Then :open a small CSV: Enter shows that
# file's record, not the first file's row of the same number.
# The log is tests/gen_multiline.sh's slow log, 10 MB repeated to 160 MB
# (above the 64 MB loglab loads whole), counted on one thread
# (LOGLAB_INDEX_PARTS=1) so that the count takes long enough on any number
# of cores (about 2 s here).
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
tmux_begin fields-lazy
sh "${LL_SRCDIR:-.}/tests/gen_multiline.sh" slow 10000000 >"$tmp/part.log" || { fail "gen_multiline.sh failed"; finish; }
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
	cat "$tmp/part.log"
done >"$tmp/slow.log"
rm -f "$tmp/part.log"
# the 4th line is the first record's head; its Query_time is on line 6
sed -n 4p "$tmp/slow.log" | grep -q '^# Time: ' || { fail "line 4 of the slow log is no record's head"; finish; }
qt=$(sed -n 6p "$tmp/slow.log" | sed -n 's/^# Query_time: \([0-9.]*\) .*/\1/p' | sed 's/0*$//; s/\.$//')
[ -n "$qt" ] || { fail "line 6 of the slow log has no Query_time"; finish; }
printf 'host,cpu\nweb1,11\nweb2,22\n' >"$tmp/small.csv"

tmux_shell 120 20 LOGLAB_INDEX_PARTS=1
keys "cd '$tmp' && '$LOGLAB' slow.log" Enter
wait_for "slow\.log  line 1/[0-9]+ counting" "the browser while the lines are counted"
keys : 4 Enter Enter
wait_for "record 4 \(counting: more fields may come\)" "the fields view opened during the count says so"
checks=$((checks + 1))
case $(screen) in
*Query_time*) fail "the count ended before the fields view opened: nothing to check (a larger file?)" ;;
esac
wait_for "^Query_time +$qt\$" "the record's pairs appear when the count completes"
wait_for "^Rows_examined +[0-9]+\$" "all of them"
wait_for "record 4  lines" "the status no longer says more may come"

# a file opened from the browser: its own record
keys q : "open small.csv" Enter
wait_for "small\.csv  line 1/2 " "the CSV opened with :open"
keys j Enter
wait_for "^host +web2\$" "Enter shows the CSV's record 2"
wait_for "^cpu +22\$" "its second cell"
keys q q q
wait_for '^ll-prompt\$ *$' "q quits"
finish
