#!/bin/sh
# tests/cli/test_audit_shapes11.sh - what an eleventh audit fixed: the
# "Key: value" pairs written on a record's continuation lines (a MySQL
# slow query log's "# Query_time: ...  Rows_examined: ...", a request's
# "  Status: 500  Elapsed: 1.2s") are columns of the whole record, the file
# loaded or browsed through the line index (LOGLAB_LAZY_THRESHOLD=1;
# test_lazy_pairs.sh compares the two). Stack traces, tracebacks and prose
# with a colon stay as they were.
. "$LL_SRCDIR/tests/lib.sh"

scratch audit-shapes11

# A slow query log, with mysqld's banner above the first record
slow_log >"$tmp/slow.log"
info "$tmp/slow.log"
expect_eq "$rc" 0 "slow log: exit"
col_is time time "slow log"
col_is 'User@Host' text "slow log"
col_is Id number "slow log"
col_is Query_time number "slow log"
col_is Lock_time number "slow log"
col_is Rows_sent number "slow log"
col_is Rows_examined number "slow log"
expect_match "$out" "note: .*6 fields written as Key: value on the records' continuation lines, set on every line of their record: User@Host, Id, Query_time, Lock_time, Rows_sent, Rows_examined" \
	"slow log: note"
out_json=$("$LOGLAB" info --json "$tmp/slow.log" 2>&1)
expect_match "$out_json" '"rows":	33' "slow log: a row per line"
# the values, through the loaded table: the records' rows sort by Rows_examined
screen=$("$LOGLAB" --dump-screen 12x200 "$tmp/slow.log" 2>&1)
expect_match "$screen" '# Query_time: 1.500000' "slow log: the lines as written"
# the lazy path reads them too
info_lazy "$tmp/slow.log"
expect_eq "$rc" 0 "slow log (lazy): exit"
col_is time time "slow log (lazy)"
expect_match "$out" "columns: +9" "slow log (lazy): the pair columns"
col_is Rows_examined number "slow log (lazy)"
expect_match "$out" "note: .*6 fields written as Key: value on the records' continuation lines" "slow log (lazy): note"

# Pairs with units below a request's line
for i in 0 1 2 3 4 5 6 7 8 9; do
	printf '2026-12-06 09:00:%02d INFO web: GET /api/%s\n' "$i" "$i"
	printf '  Status: %s  Elapsed: %s.2s  Bytes: %s KiB\n' "$((200 + i))" "$i" "$((i + 1))"
	[ $((i % 3)) -eq 0 ] && printf '  retry scheduled\n'
done >"$tmp/requests.log"
info "$tmp/requests.log"
col_is Status number "request pairs"
col_is Elapsed number "request pairs: a duration"
col_is Bytes number "request pairs: a size"
expect_match "$out" "column Elapsed read as duration: seconds" "request pairs: units note"
expect_match "$out" "column Bytes read as size: bytes" "request pairs: units note"
info_lazy "$tmp/requests.log"
col_is Elapsed number "request pairs (lazy): a duration"
expect_match "$out" "column Elapsed read as duration: seconds" "request pairs (lazy): units note"

# What must not change: a Java stack trace with colons in its causes, a
# Python traceback, prose of one pair or with words before a key
for i in 0 1 2 3 4 5 6 7; do
	printf '2026-12-06 09:00:%02d,120 ERROR [main] app.Service: request %s failed\n' "$i" "$i"
	printf 'java.io.IOException: Connection reset: by peer %s\n' "$i"
	printf '\tat app.Pool.get(Pool.java:41)\n\tat app.Service.run(Service.java:%s)\n' "$((10 + i))"
	printf 'Caused by: java.lang.IllegalStateException: closed: id %s\n\t... 2 more\n' "$i"
	printf '2026-12-06 09:00:%02d,500 WARN [main] app.Service: retry\n' "$i"
	printf 'Error: timeout after 30 seconds code: %s\n' "$i"
	printf 'Status: 500\n'
done >"$tmp/java.log"
for how in info info_lazy; do
	$how "$tmp/java.log"
	expect_match "$out" "continuation lines took the time" "java trace ($how): records"
	case $out in *"Key: value"*) fail "java trace ($how): read as pairs" ;; *) ok ;; esac
	case $out in *"  Caused"*|*"  code "*|*"  Status "*) fail "java trace ($how): a column of prose" ;; *) ok ;; esac
done
for i in $(seq 0 19); do
	printf '2026-12-06 09:00:%02d ERROR app.db: query %s failed\n' "$i" "$i"
	printf 'Traceback (most recent call last):\n  File "/app/db.py", line %s, in run\n' "$((40 + i))"
	printf '    rows = cur.fetch(limit=10)\nValueError: invalid literal for int() with base 10: %s\n' "$i"
done >"$tmp/py.log"
info "$tmp/py.log"
expect_match "$out" "continuation lines took the time" "python traceback: records"
case $out in *"Key: value"*) fail "python traceback: read as pairs" ;; *) ok ;; esac

finish
