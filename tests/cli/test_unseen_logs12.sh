#!/bin/sh
# tests/cli/test_unseen_logs12.sh - shapes the twelfth journey met on data
# nobody here had used (notes/journey12-report.md), each sample made up
# here in its shape: what `loglab info` and the browser's fields view make
# of them.
. "$LL_SRCDIR/tests/lib.sh"

scratch unseen-logs12

# A log under seconds since start ("[0.619s][info][gc,phases ] ...", a JVM's
# unified logging) whose lines come in two shapes: most with a collection's
# id and phase after the tags ("GC(3) Y: ..."), the start-up lines without.
# The lines of the second shape are records of their own, with their own
# uptime, not continuations of the line above them.
{
	printf '[0.005s][info][gc,init] Initializing The Collector\n'
	i=0
	while [ $i -lt 30 ]; do
		case $((i % 3)) in
		0) printf '[0.%03ds][info][gc,init] Heap Max Capacity %d: 256M\n' $((i + 6)) $i ;;
		1) printf '[0.%03ds][info][gc,init] Workers: %d\n' $((i + 6)) $i ;;
		*) printf '[0.%03ds][info][gc,init] Using %d workers of 8 for marking\n' $((i + 6)) $i ;;
		esac
		i=$((i + 1))
	done
	i=0
	while [ $i -lt 300 ]; do
		printf '[%d.%03ds][info][gc,phases   ] GC(%d) Y: Concurrent Mark %d.%03dms\n' $((i / 10 + 1)) $((i % 1000)) $((i / 20)) $((i % 7)) $((i * 37 % 1000))
		i=$((i + 1))
	done
} >"$tmp/gc.log"
for how in info info_lazy; do
	$how "$tmp/gc.log"
	expect_eq "$rc" 0 "uptime log of two shapes ($how): exit"
	expect_match "$out" '^rows: +331$' "uptime log of two shapes ($how): a row per line"
	expect_no_match "$out" 'continuation' "uptime log of two shapes ($how): no line continues another"
	expect_match "$out" '^header: .* \|\| \[<uptime>\]\[<level>\]\[<context>\] <message>$' \
		"uptime log of two shapes ($how): a header of the start-up lines' own"
done
out=$(timeout 20 "$LOGLAB" --keys 'jjj<Enter>' --dump-screen 24x120 "$tmp/gc.log" 2>&1 </dev/null)
expect_match "$out" '^uptime +0\.008$' "uptime log of two shapes: line 4 keeps its own uptime"
expect_match "$out" '^message +Using 2 workers of 8 for marking$' "uptime log of two shapes: line 4's message is its own text"

finish
