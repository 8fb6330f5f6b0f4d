#!/bin/sh
# test_goto_time.sh - the browser's :TIME on the headless driver
# (tests/tui/test_screen, as `loglab --keys K --dump-screen RxC`): a full
# stamp, a time of day, a date, a shift, an epoch, times before and after
# the rows, within a filter, on a log loaded whole, the same log read
# through the line index, a fleet, and CSV tables with and without a
# time column (one in no time order: read whole, not searched).
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/golden_lib.sh"
golden_setup

# 400 lines 30 s apart from 2026-07-16 00:00:01, a continuation line
# without a stamp after every tenth (so line numbers run ahead of steps):
# step i is at 00:00:01 + 30 i, on line i + 1 + (steps before it ending in 5).
awk 'BEGIN {
	for (i = 0; i < 400; i++) {
		s = 1 + 30 * i
		printf "2026-07-16 %02d:%02d:%02d INFO worker%d step %d\n", s / 3600, (s % 3600) / 60, s % 60, i % 3, i
		if (i % 10 == 5)
			print "  continuation line without stamp"
	}
}' >"$tmp/app.log"
# two hosts a minute apart, beta 17 s after alpha
mkdir -p "$tmp/fleet"
for h in alpha:0 beta:17; do
	awk -v h="${h%%:*}" -v off="${h#*:}" 'BEGIN {
		for (i = 0; i < 200; i++) {
			s = 1 + off + 60 * i
			printf "2026-07-16 %02d:%02d:%02d %s INFO step %d\n", s / 3600, (s % 3600) / 60, s % 60, h, i
		}
	}' >"$tmp/fleet/${h%%:*}.log"
done
# samples 45 s apart in no order (a permutation of 300 rows)
awk 'BEGIN {
	print "time,value"
	for (r = 0; r < 300; r++) {
		i = (r * 7919) % 300
		s = 1 + 45 * i
		printf "2026-07-16T%02d:%02d:%02dZ,%d\n", s / 3600, (s % 3600) / 60, s % 60, i
	}
}' >"$tmp/shuffled.csv"
printf 'a,b\n1,2\n3,4\n' >"$tmp/untimed.csv"
# a fleet of tables whose time columns have other names: merged by time
mkdir -p "$tmp/tables"
printf 'time,cpu\n2026-07-16 00:00:00,1\n2026-07-16 01:00:00,2\n2026-07-16 02:00:00,3\n' >"$tmp/tables/a.csv"
printf 'stamp,mem\n2026-07-16 00:30:00,5\n2026-07-16 01:30:00,6\n2026-07-16 02:30:00,7\n' >"$tmp/tables/b.csv"

# screen KEYS FILE: sets $out, the 12x100 screen after the keys
screen() {
	out=$("$DRIVER" 12x100 "$1" "$2" 2>"$tmp/err") || fail "driver failed on '$1' $2: $(cat "$tmp/err")"
}

for mode in loaded lazy; do
	if [ $mode = lazy ]; then
		LOGLAB_LAZY_THRESHOLD=1
		export LOGLAB_LAZY_THRESHOLD
	fi
	screen ':2026-07-16 02:15:40<Enter>' "$tmp/app.log"
	expect_match "$out" '2026-07-16 02:15:40: 2026-07-16 02:16:01, the first row at or after 2026-07-16 02:15:40' "$mode: full stamp"
	expect_match "$out" 'line 300/440' "$mode: full stamp: the row of step 272"
	screen ':2026-07-16T04:15:40+02:00<Enter>' "$tmp/app.log"
	expect_match "$out" 'line 300/440' "$mode: a stamp with its zone"
	screen ':@1784168140<Enter>' "$tmp/app.log"
	expect_match "$out" 'line 300/440' "$mode: epoch seconds"
	screen ':Jul 16 02:15<Enter>' "$tmp/app.log"
	expect_match "$out" 'line 298/440' "$mode: syslog's form to the minute"
	screen ':02:15<Enter>' "$tmp/app.log"
	expect_match "$out" '02:15: 2026-07-16 02:15:01, the first row at or after 2026-07-16 02:15:00' "$mode: time of day"
	expect_match "$out" 'line 298/440' "$mode: time of day: the row"
	screen ':02:15:40.5<Enter>' "$tmp/app.log"
	expect_match "$out" 'line 300/440' "$mode: time of day with a fraction"
	screen ':02:15<Enter>:+10m<Enter>' "$tmp/app.log"
	expect_match "$out" '\+10m: 2026-07-16 02:25:01' "$mode: ten minutes on"
	expect_match "$out" 'line 320/440' "$mode: ten minutes on: the row"
	screen ':02:15<Enter>:-1h<Enter>' "$tmp/app.log"
	expect_match "$out" 'line 166/440' "$mode: an hour back"
	screen ':2026-07-16<Enter>' "$tmp/app.log"
	expect_match "$out" '2026-07-16 00:00:00 is before the first row \(2026-07-16 00:00:01\): at the first row' "$mode: before"
	expect_match "$out" 'line 1/440' "$mode: before: the first row"
	screen 'G:2026-07-15<Enter>' "$tmp/app.log"
	expect_match "$out" 'line 1/440' "$mode: a day before, from the end"
	screen ':2026-07-17<Enter>' "$tmp/app.log"
	expect_match "$out" '2026-07-17 00:00:00 is after the last row \(2026-07-16 03:19:31\): at the last row' "$mode: after"
	expect_match "$out" 'line 440/440' "$mode: after: the last row"
	screen '&worker1<Enter>:02:15:40<Enter>' "$tmp/app.log"
	expect_match "$out" '02:15:40: 2026-07-16 02:17:01, the first row shown at or after' "$mode: within the filter"
	expect_match "$out" 'line 302/440' "$mode: within the filter: step 274"
	screen '&worker1<Enter>:05:00<Enter>' "$tmp/app.log"
	expect_match "$out" 'after the last row shown \(2026-07-16 03:18:31\)' "$mode: after the filter's last row"
	screen ':foo<Enter>' "$tmp/app.log"
	expect_match "$out" 'unknown command: foo' "$mode: neither a line, a time nor a command"
	screen ':+30<Enter>' "$tmp/app.log"
	expect_match "$out" 'unknown command: \+30' "$mode: a shift needs its unit"
	screen ':120<Enter>' "$tmp/app.log"
	expect_match "$out" 'line 120/440' "$mode: a number is still a line"
done
unset LOGLAB_LAZY_THRESHOLD

screen ':02:15:40<Enter>' "$tmp/fleet"
expect_match "$out" '02:15:40: 2026-07-16 02:16:01, the first row at or after' "fleet: time of day"
screen ':host beta<Enter>:02:15:40<Enter>' "$tmp/fleet"
expect_match "$out" '02:15:40: 2026-07-16 02:16:18, the first row shown at or after' "fleet: one host"
screen ':2026-07-17 00:00<Enter>' "$tmp/fleet"
expect_match "$out" 'after the last row \(2026-07-16 03:19:18\)' "fleet: after"

screen ':02:15:40<Enter>' "$tmp/shuffled.csv"
expect_match "$out" '02:15:40: 2026-07-16 02:15:46, the first row at or after' "table in no order: the nearest after"
expect_match "$out" '2026-07-16 02:15:46 +181' "table in no order: its row is shown"
screen ':2026-07-16 00:00<Enter>' "$tmp/shuffled.csv"
expect_match "$out" 'before the first row \(2026-07-16 00:00:01\)' "table in no order: before"
screen ':2026-07-16 09:00<Enter>' "$tmp/shuffled.csv"
expect_match "$out" 'after the last row \(2026-07-16 03:44:16\)' "table in no order: after"
screen ':01:15<Enter>' "$tmp/tables"
expect_match "$out" '01:15: 2026-07-16 01:30:00, the first row at or after' "fleet of tables"
expect_match "$out" 'line 4/6' "fleet of tables: b.csv's second row"
screen ':02:15:40<Enter>' "$tmp/untimed.csv"
expect_match "$out" '02:15:40: the rows have no times to go to' "table without a time column"

finish
