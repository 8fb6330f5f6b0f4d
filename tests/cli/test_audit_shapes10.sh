#!/bin/sh
# tests/cli/test_audit_shapes10.sh - what a tenth audit fixed, each on a
# few lines written here, loaded and (LOGLAB_LAZY_THRESHOLD=1) through the
# line index: durations on a clock (walltime=00:58:20, Slurm's 1-02:03:04)
# in a log's pairs and in columns are seconds when one could be no clock
# of day or the name says a span, and a time of day stays as it was; a
# pair's number with its unit after a blank (ping's time=0.045 ms) is a
# duration or a size; plain lines whose messages end in pairs get columns
# of them; journalctl's "-- Boot ... --" lines are rows of their own, in
# no record; a fleet of tables reads its files' clocks as each file alone.
. "$LL_SRCDIR/tests/lib.sh"

scratch audit-shapes10

# A batch system's accounting records of pairs: the clocks under names of
# spans (walltime, cput) are seconds, a clock of day under another name
# stays text, Slurm's days make a span whatever its name
# (the pairs, in the same order on every line, are read as the header's
# fields, typed as the same pairs after a header are; a key with a '.'
# matches as written)
for i in 0 1 2 3 4 5 6 7; do
	printf '2026-12-06 10:%02d:00 INFO acct: job %s ended queue=batch start=%s walltime=00:%02d:20 cput=01:0%s:03 window=0%s:30:00 wait=%s-02:00:00 used.mem=%s MiB ncpus=%s\n' \
		"$i" "$i" "$((1765015200 + i * 60))" "$((10 + i))" "$i" "$i" "$i" "$((100 + i))" "$((1 + i % 4))"
done >"$tmp/acct.log"
for how in info info_lazy; do
	$how "$tmp/acct.log"
	expect_eq "$rc" 0 "clock durations in pairs ($how): exit"
	col_is walltime number "clock durations in pairs ($how)"
	col_is cput number "clock durations in pairs ($how)"
	col_is wait number "clock durations in pairs ($how)"
	col_is window text "clock durations in pairs ($how): a clock of day"
	col_is start time "clock durations in pairs ($how): an epoch under an event's name"
	col_is ncpus number "clock durations in pairs ($how)"
	col_is 'used[._]mem' number "clock durations in pairs ($how): a size after a blank"
	expect_match "$out" "columns walltime, cput read as duration: seconds.*on a clock" \
		"clock durations in pairs ($how): note"
	expect_match "$out" "column wait read as duration: seconds" "clock durations in pairs ($how): note"
done
screen=$("$LOGLAB" --dump-screen 4x250 "$tmp/acct.log" 2>&1)
expect_match "$screen" 'walltime=00:10:20' "clock durations in pairs: the line as written"


# The same in a table: by name (walltime, cput) or by a days part
# (Elapsed, any name); a column of clocks called time is a time of day
cat >"$tmp/jobs.csv" <<'CSV'
job,walltime,cput,time,took
j1,00:58:20,00:10:05,10:00:00,1-00:00:01
j2,01:02:03,00:20:10,11:30:00,00:00:02
j3,02:00:00,00:30:15,12:45:00,00:10:00
CSV
info "$tmp/jobs.csv"
col_is walltime number "clock durations in a table"
col_is cput number "clock durations in a table"
col_is took number "clock durations in a table"
col_is time text "clock durations in a table: a time of day"
screen=$("$LOGLAB" --dump-screen 6x60 "$tmp/jobs.csv" 2>&1)
expect_match "$screen" '^j1 +3500 +605 +10:00:00 +86401$' "clock durations in a table: seconds"
expect_match "$screen" '^j2 +3723 +1210 +11:30:00 +2$' "clock durations in a table: seconds"
# ... and in JSON, whose reader has no clocks of its own
cat >"$tmp/jobs.jsonl" <<'JSON'
{"job":"a","elapsed":"1-02:03:04","at":"10:00:00"}
{"job":"b","elapsed":"00:10:00","at":"11:00:00"}
JSON
info "$tmp/jobs.jsonl"
col_is elapsed number "clock durations in JSON"
col_is at text "clock durations in JSON: a time of day"

# A fleet of tables reads each file's clocks as the file alone does
mkdir "$tmp/fleet"
cp "$tmp/jobs.csv" "$tmp/fleet/a.csv"
cp "$tmp/jobs.csv" "$tmp/fleet/b.csv"
info "$tmp/fleet"
expect_eq "$rc" 0 "clock durations in a fleet of tables: exit"
col_is walltime number "clock durations in a fleet of tables"
col_is time text "clock durations in a fleet of tables"

# ping: its banner and summary around lines of pairs, one with its unit
# after a blank; read as plain lines, the pairs are columns, typed
{
	printf 'PING 10.0.0.1 (10.0.0.1) 56(84) bytes of data.\n'
	for i in 1 2 3 4 5 6 7 8; do
		printf '64 bytes from 10.0.0.1: icmp_seq=%s ttl=64 time=0.0%s ms\n' "$i" "$((40 + i))"
	done
	printf '\n--- 10.0.0.1 ping statistics ---\n8 packets transmitted, 8 received, 0%% packet loss, time 7001ms\n'
	printf 'rtt min/avg/max/mdev = 0.041/0.045/0.048/0.002 ms\n'
} >"$tmp/ping.txt"
for how in info info_lazy; do
	$how "$tmp/ping.txt"
	expect_eq "$rc" 0 "ping ($how): exit"
	expect_match "$out" '^format: +lines ' "ping ($how): plain lines"
	expect_match "$out" 'pairs, in any order: icmp_seq=<icmp_seq> ttl=<ttl> time=<time>' "ping ($how): header"
	col_is icmp_seq number "ping ($how)"
	col_is ttl number "ping ($how)"
	col_is time number "ping ($how): the round trip"
	expect_match "$out" "column time read as duration: seconds" "ping ($how): note"
done

# ping -D: the pair named like the line's time is the round trip, kv.time
for i in 1 2 3 4 5 6 7 8; do
	printf '[1765015200.00%s123] 64 bytes from 10.0.0.1: icmp_seq=%s ttl=64 time=0.0%s ms\n' "$i" "$i" "$((40 + i))"
done >"$tmp/ping-D.txt"
for how in info info_lazy; do
	$how "$tmp/ping-D.txt"
	col_is time time "ping -D ($how)"
	col_is 'kv\.time' number "ping -D ($how): the round trip"
	expect_match "$out" "column kv.time read as duration: seconds" "ping -D ($how): note"
done

# Pairs whose values carry units after a blank, after a header
for i in 0 1 2 3 4 5 6 7; do
	printf '2026-12-06 10:00:0%s INFO worker: batch done rows=%s took=1.%s s read=%s MiB retries=%s\n' \
		"$i" "$((100 + i))" "$i" "$((3 + i))" "$((i % 2))"
done >"$tmp/units.log"
for how in info info_lazy; do
	$how "$tmp/units.log"
	col_is took number "pairs with units after a blank ($how)"
	col_is read number "pairs with units after a blank ($how)"
	expect_match "$out" "column took read as duration: seconds" "pairs with units after a blank ($how): note"
	expect_match "$out" "column read read as size: bytes" "pairs with units after a blank ($how): note"
done

# journalctl across boots: the banner and the boot markers are rows of
# their own, no continuation of the record before and no misfit
{
	printf -- '-- Logs begin at Sat 2026-12-05 08:00:00 UTC, end at Sun 2026-12-06 10:00:00 UTC. --\n'
	for b in 0 1 2; do
		[ "$b" = 1 ] && printf -- '-- Boot 7b89296c6dcbac5008577eb1924770d3 --\n'
		[ "$b" = 2 ] && printf -- '-- Reboot --\n'
		for i in 0 1 2 3 4; do
			printf 'Dec 06 08:%s%s:00.00%s node1 kernel: event %s.%s seen\n' "$b" "$i" "$i" "$b" "$i"
		done
	done
} >"$tmp/journal.log"
for how in info info_lazy; do
	$how "$tmp/journal.log"
	expect_eq "$rc" 0 "journalctl boots ($how): exit"
	expect_match "$out" '^rows: +18$' "journalctl boots ($how): rows"
	expect_match "$out" '3 marker lines between the records .* rows of their own, with no time or header fields \(first: line 1\)' \
		"journalctl boots ($how): note"
	case $out in *"continuation line"*|*"did not match"*) fail "journalctl boots ($how): markers as continuations or misfits" ;; *) ok ;; esac
done
screen=$("$LOGLAB" --dump-screen 10x100 "$tmp/journal.log" 2>&1)
expect_match "$screen" '^-- Boot 7b89296c6dcbac5008577eb1924770d3 --$' "journalctl boots: the marker shown as written"

finish
