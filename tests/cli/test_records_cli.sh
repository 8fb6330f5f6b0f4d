#!/bin/sh
# tests/cli/test_records_cli.sh - multi-line records from the command line:
# `loglab info` notes continuation lines instead of calling them misfits,
# and the browser's fields view (Enter) of a stack frame shows the time,
# level, context and component of the record it continues, loaded whole
# and browsed over the line index alike.
. "$LL_SRCDIR/tests/lib.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-records-cli-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

tab=$(printf '\t')
cat >"$tmp/j.log" <<LOG
Starting (no header on this line)
2024-03-01 10:00:01,456 ERROR [worker-1] org.example.Job - job failed
java.lang.IllegalStateException: bad state
${tab}at org.example.Job.run(Job.java:42)
Caused by: java.io.IOException: disk full
${tab}... 2 more
2024-03-01 10:00:02,000 WARN  [main] org.example.App - retrying
2024-03-01 10:00:03,000 INFO  [main] org.example.App - retry 1 started
2024-03-01 10:00:04,000 INFO  [main] org.example.App - retry 1 done
2024-03-01 10:00:05,000 INFO  [worker-2] org.example.Job - job done
LOG

for lazy in "" 1; do
	what=${lazy:+lazy }
	out=$(LOGLAB_LAZY_THRESHOLD=$lazy "$LOGLAB" info "$tmp/j.log")
	expect_eq "$?" 0 "${what}info exit code"
	expect_match "$out" '^rows: +10$' "${what}rows stay lines"
	expect_match "$out" 'j.log: 4 continuation lines took the time and header fields of the record they continue \(first: line 3\)' \
		"${what}continuation note"
	expect_match "$out" 'j.log: 1 line did not match the log format \(first: line 1\)' "${what}a line before the first record"
	# row 4 (the frame): Enter shows its fields
	screen=$(LOGLAB_LAZY_THRESHOLD=$lazy "$LOGLAB" --keys 'jjj<Enter>' --dump-screen 12x100 "$tmp/j.log" 2>&1)
	expect_match "$screen" '^line +at org\.example\.Job\.run\(Job\.java:42\)' "${what}the frame's own line"
	expect_match "$screen" '^time +2024-03-01 10:00:01\.456' "${what}the frame takes the record's time"
	expect_match "$screen" '^level +ERROR$' "${what}the frame takes the record's level"
	expect_match "$screen" '^context +worker-1$' "${what}the frame takes the record's context"
	expect_match "$screen" '^message +at org\.example\.Job\.run' "${what}the frame's message is its own"
	# row 1 (before any record) takes nothing
	screen=$(LOGLAB_LAZY_THRESHOLD=$lazy "$LOGLAB" --keys '<Enter>' --dump-screen 12x100 "$tmp/j.log" 2>&1)
	expect_match "$screen" '^time *$' "${what}a line before the first record has no time"
done

json=$("$LOGLAB" info --json "$tmp/j.log" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["rows"], len(d.get("notes", [])))')
expect_eq "$json" "10 2" "info --json: rows and both notes"
finish
