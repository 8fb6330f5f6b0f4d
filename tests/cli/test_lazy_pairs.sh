#!/bin/sh
# tests/cli/test_lazy_pairs.sh - the "Key: value" pairs on records'
# continuation lines (a slow query log's Query_time, a request's Status
# and Elapsed) are the same columns, with the same values, in a file read
# whole and in one browsed through the line index (LOGLAB_LAZY_THRESHOLD=1,
# as a file of 64 MB and more is): `loglab info` and the fields view of a
# record's head, its lines, a blank line and a record without a key.
# Malformed pairs and a record past the 10000 lines a record may have
# neither crash nor differ.
. "$LL_SRCDIR/tests/lib.sh"

scratch lazy-pairs

# same_info FILE WHAT: info (text and JSON) loaded and lazy agree
same_info() {
	info "$1"
	loaded=$out
	expect_eq "$rc" 0 "$2: exit"
	info_lazy "$1"
	expect_eq "$rc" 0 "$2 (lazy): exit"
	expect_eq "$out" "$loaded" "$2: info, loaded and lazy"
	a=$("$LOGLAB" info --json "$1" 2>&1)
	b=$(LOGLAB_LAZY_THRESHOLD=1 "$LOGLAB" info --json "$1" 2>&1)
	expect_eq "$b" "$a" "$2: info --json, loaded and lazy"
}

# same_fields FILE KEYS WHAT: the fields view after KEYS, loaded and lazy
# agree; sets $screen to it
same_fields() {
	screen=$("$LOGLAB" --keys "$2" --dump-screen 30x120 "$1" 2>&1)
	lazy=$(LOGLAB_LAZY_THRESHOLD=1 "$LOGLAB" --keys "$2" --dump-screen 30x120 "$1" 2>&1)
	expect_eq "$lazy" "$screen" "$3: fields view, loaded and lazy"
}

slow_log gaps >"$tmp/slow.log"
same_info "$tmp/slow.log" "slow log"
col_is Rows_examined number "slow log (lazy)"
col_is 'User@Host' text "slow log (lazy)"
expect_match "$out" "note: .*6 fields written as Key: value on the records' continuation lines" "slow log (lazy): note"
case $out in *"are not columns"*) fail "slow log (lazy): the note that it leaves them" ;; *) ok ;; esac
# record 1's head (row 4), a line of it (row 7), record 2's blank line
# (row 12), a line of record 4, which writes no Query_time (row 22)
same_fields "$tmp/slow.log" 'jjj<Enter>' "a record's head"
expect_match "$screen" '^Rows_examined +1000$' "a record's head: its value"
expect_match "$screen" '^User@Host +app1\[app1\] @ web01 \[10\.0\.0\.1\]$' "a record's head: its text value"
same_fields "$tmp/slow.log" 'jjjjjj<Enter>' "a line of a record"
expect_match "$screen" '^Query_time +1\.5$' "a line of a record: the record's value"
same_fields "$tmp/slow.log" ':13<Enter><Enter>' "a blank line"
case $screen in *"Rows_examined  2000"*) fail "a blank line: took a value" ;; *) ok ;; esac
same_fields "$tmp/slow.log" ':22<Enter><Enter>' "a record without Query_time"
expect_match "$screen" '^Id +14$' "a record without Query_time: its Id"
case $screen in *"Query_time  "[0-9]*) fail "a record without Query_time: has one" ;; *) ok ;; esac

# values with units, a key named like a column of the log
for i in 0 1 2 3 4 5 6 7 8 9; do
	printf '2026-12-06 09:00:%02d INFO web: GET /api/%s\n' "$i" "$i"
	printf '  Status: %s  Elapsed: %s.2s  Bytes: %s KiB  level: %s\n' "$((200 + i))" "$i" "$((i + 1))" "$i"
	[ $((i % 3)) -eq 0 ] && printf '  retry scheduled\n'
done >"$tmp/requests.log"
same_info "$tmp/requests.log" "request pairs"
col_is rec.level number "request pairs (lazy)"
expect_match "$out" "column Elapsed read as duration: seconds" "request pairs (lazy): units note"
same_fields "$tmp/requests.log" 'jjj<Enter>' "request pairs"
expect_match "$screen" '^Bytes +2048$' "request pairs: KiB in bytes"

# malformed pairs, a line of more pairs than a line may have, a key too long
{
	for i in $(seq 0 11); do
		printf '2026-12-06 09:01:%02d WARN db: query %s\n' "$i" "$i"
		case $((i % 6)) in
		0) printf '  Status: 500  Elapsed:\n' ;;
		1) printf 'Key:: 5  x: 1\n' ;;
		2) printf '  Status: %s  Status: 2  Code: dup\r\n' "$i" ;;
		3) printf ': 5  x: 1\n' ;;
		4) printf '  Code: 9  n: nan\n' ;;
		5) printf '  a: 1 b\n' ;;
		esac
	done
	for i in $(seq 0 20); do printf '  k%s: %s' "$i" "$i"; done
	printf '\n%s: 1  Status: 2\n' "$(printf 'q%.0s' $(seq 1 70))"
} >"$tmp/odd.log"
same_info "$tmp/odd.log" "malformed pairs"
same_fields "$tmp/odd.log" 'jjjjj<Enter>' "malformed pairs"

# a record longer than a record may be: its lines past the limit are no
# record's and take nothing; a value of 64 KiB
{
	for i in $(seq 0 29); do
		printf '2026-12-06 10:00:%02d INFO job: step %s\n  Status: %s  Size: %s KiB\n' "$i" "$i" "$i" "$((i + 1))"
	done
	printf '2026-12-06 10:01:00 ERROR job: dump\n  Status: 1  Size: 2 KiB\n'
	seq 1 10100 | sed 's/^/    frame /; 9990s/.*/  Late: 5  Status: 9/; 10050s/.*/  Beyond: 5  Status: 9/'
	printf '2026-12-06 10:02:00 INFO job: blob\n  Blob: %s  Status: 4\n' "$(head -c 65536 /dev/zero | tr '\0' x)"
} >"$tmp/huge.log"
same_info "$tmp/huge.log" "a huge record"
col_is Late number "a huge record (lazy)"
case $out in *"Beyond"*) fail "a huge record: a key past the limit" ;; *) ok ;; esac
same_fields "$tmp/huge.log" ':10000<Enter><Enter>' "a huge record's line"
expect_match "$screen" '^Late +5$' "a huge record's line: a key written near its end"
same_fields "$tmp/huge.log" ':10070<Enter><Enter>' "past a huge record's limit"
case $screen in *"Late  5"*) fail "past a huge record's limit: took a value" ;; *) ok ;; esac

finish
