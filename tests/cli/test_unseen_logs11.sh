#!/bin/sh
# tests/cli/test_unseen_logs11.sh - shapes round eleven met (bench/UNSEEN_LOGS.md,
# round eleven), each sample made up here in its shape: what `loglab info`
# makes of them, alone and in a fleet, loaded and through the line index,
# and that the browser opens each headless.
. "$LL_SRCDIR/tests/lib.sh"

scratch unseen-logs11

# screen FILE WHAT: the browser opens FILE headless, within 20 seconds
screen() {
	timeout 20 "$LOGLAB" --dump-screen 24x100 "$1" >/dev/null 2>&1 </dev/null
	expect_eq "$?" 0 "$2: the browser opens it"
}

# A wireless controller's syslog, written newest first: stamps without a
# year after the program's task (Sep 06, then back by days to Aug 20),
# copied in December. Lines a few days out of order are no new year: the
# same year alone and in a fleet (a fleet took any last stamp a day
# before the first for a turn: 2025), at line start too.
mkdir "$tmp/wlc" "$tmp/plain" "$tmp/turn"
{
	printf '<132>WLC001: *dtlArpTask: Sep 06 23:08:09.371: %%DTL-4-ARP_ORPHANPKT_DETECTED: [PA]dtl_net.c:3174 orphan packet\n'
	printf '<134>WLC001: *haSSOServiceTask0: Sep 06 21:53:55.930: %%APF-6-USER_NAME_DELETED: [SS]apf_ms.c:8798 entry deleted\n'
	printf '<134>WLC001: *sisfSwitcherTask: Aug 22 11:26:35.845: %%SISF-6-ENTRY_CREATED: sisf_shim_utils.c:485 entry created\n'
	printf '<133>WLC001: *emWeb: Aug 20 10:01:02.003: %%AAA-5-AAA_AUTH_ADMIN_USER: aaa.c:3334 user logged in\n'
} >"$tmp/wlc/wlc.log"
{
	printf 'Sep  6 23:08:09 wlc dtl[1]: orphan packet\n'
	printf 'Sep  6 21:53:55 wlc apf[2]: entry deleted\n'
	printf 'Aug 22 11:26:35 wlc sisf[3]: entry created\n'
	printf 'Aug 20 10:01:02 wlc aaa[4]: user logged in\n'
} >"$tmp/plain/wlc.log"
for d in wlc plain; do
	touch -d '2026-12-06 12:00:00' "$tmp/$d/wlc.log"
	for how in info info_lazy; do
		$how "$tmp/$d/wlc.log"
		expect_eq "$rc" 0 "newest first, $d ($how): exit"
		expect_match "$out" '^time: +2026-08-20 10:01:02(\.003000)? \.\. 2026-09-06 23:08:09' "newest first, $d ($how): its mtime's year"
	done
	out=$("$LOGLAB" info "$tmp/$d/*.log" 2>&1)
	expect_eq "$?" 0 "newest first, $d in a fleet: exit"
	expect_match "$out" 'wlc\.log .* 2026-08-20 10:01:02(\.003000)? \.\. 2026-09-06 23:08:09' "newest first, $d in a fleet: the same year"
	screen "$tmp/$d/wlc.log" "newest first, $d"
done
# ... and one whose newest line, its first, would be after the copy in
# the copy's year: the year before, alone and in a fleet
mkdir "$tmp/late"
printf 'Dec 13 08:15:18 sb1 webmin[25875]: Invalid login\nDec 12 23:14:19 sb1 webmin[22134]: Non-existent login\nSep 25 10:38:11 sb1 webmin[27249]: Non-existent login\n' >"$tmp/late/auth.log"
touch -d '2026-12-07 06:38:00' "$tmp/late/auth.log"
info "$tmp/late/auth.log"
expect_match "$out" '^time: +2025-09-25 10:38:11 \.\. 2025-12-13 08:15:18$' "newest first, newest after the copy: the year before"
out=$("$LOGLAB" info "$tmp/late/*.log" 2>&1)
expect_match "$out" 'auth\.log .* 2025-09-25 10:38:11 \.\. 2025-12-13 08:15:18' "newest first, newest after the copy, in a fleet: the year before"

# Lines of two files interleaved (a rotation test: Nov 3, Feb 3, Nov 3, ...),
# copied Nov 3: each Feb after a Nov is half a year back, a new year,
# but no line is newer than its file: alone the year stops turning there,
# and in a fleet too (the fleet went on to 2100).
mkdir "$tmp/roll"
i=0
while [ $i -lt 40 ]; do
	printf 'Nov  3 09:%02d:38 veridian automount[%d]: lookup for foobar failed\n' "$i" "$i"
	printf 'Feb  3 09:%02d:38 veridian automount[%d]: attempting to mount\n' "$i" "$i"
	i=$((i + 1))
done >"$tmp/roll/roll.log"
touch -d '2026-11-03 12:00:00' "$tmp/roll/roll.log"
info "$tmp/roll/roll.log"
expect_match "$out" '^time: +2025-11-03 09:00:38 \.\. 2026-11-03 09:39:38$' "interleaved files: alone, no line after the copy"
out=$("$LOGLAB" info "$tmp/roll/*.log" 2>&1)
expect_match "$out" 'roll\.log .* 2025-11-03 09:00:38 \.\. 2026-11-03 09:39:38' "interleaved files, in a fleet: the same, no line after the copy"

# control: a log in time order across a new year, copied in January,
# turns alone and in a fleet
{
	printf 'Dec 30 10:00:00 h p[1]: a\nDec 31 23:59:59 h p[1]: b\nJan  1 00:00:01 h p[1]: c\nJan  2 10:00:00 h p[1]: d\n'
} >"$tmp/turn/turn.log"
touch -d '2027-01-02 12:00:00' "$tmp/turn/turn.log"
info "$tmp/turn/turn.log"
expect_match "$out" '^time: +2026-12-30 10:00:00 \.\. 2027-01-02 10:00:00$' "a new year in order: it turns"
out=$("$LOGLAB" info "$tmp/turn/*.log" 2>&1)
expect_match "$out" 'turn\.log .* 2026-12-30 10:00:00 \.\. 2027-01-02 10:00:00' "a new year in order, in a fleet: it turns"

# PostgreSQL's stderr log: the level, its colon and two blanks, then the
# message, which has its own colons and double blanks ("duration: 0.007
# ms  statement: BEGIN;"). The two blanks after the level end the header:
# "duration" no program, "ms" no host, "statement" no second program.
i=0
while [ $i -lt 12 ]; do
	printf '2019-10-21 12:03:%02d.311 MSK [51%02d] LOG:  duration: %d.007 ms  statement: SELECT %d;\n' "$i" "$i" "$i" "$i"
	i=$((i + 1))
done >"$tmp/pg.log"
for how in info info_lazy; do
	$how "$tmp/pg.log"
	expect_eq "$rc" 0 "two blanks after a level ($how): exit"
	expect_match "$out" '^header: +<time> \[<[a-z]+>\] <level>: <message>$' "two blanks after a level ($how): the message follows"
	expect_no_match "$out" '^  host ' "two blanks after a level ($how): no host"
	expect_no_match "$out" '^  component2 ' "two blanks after a level ($how): no second program"
done
first_fields "$tmp/pg.log"
expect_match "$out" '^message +duration: 0.007 ms  statement: SELECT 0;$' "two blanks after a level: the first message"
screen "$tmp/pg.log" "two blanks after a level"

# A log whose stamps jump back by months with no new year between (a
# proxy's log: 1,000 lines of Oct 30, then Jul 26 and 27; copied Dec 7):
# its head and tail alone looked like a year turned in the unseen middle,
# so the whole file read in 2025 while any part of it read in 2026. Every
# line now settles such a guess: 2026 alone, in part and in a fleet.
mkdir "$tmp/jump"
awk 'BEGIN {
	for (i = 0; i < 2000; i++) {
		if (i < 1000) {
			d = "10.30"; h = 12 + int(i / 200); m = int(i % 200 / 4)
		} else {
			d = i < 1500 ? "07.26" : "07.27"; h = 8 + int((i - 1000) % 500 / 50); m = i % 50
		}
		printf "[%s %02d:%02d:%02d] chrome.exe - proxy.example.org:5070 open through proxy proxy.example.org:5070 HTTPS\n", d, h, m, i % 60
	}
}' >"$tmp/jump/proxy.log"
sed -n 900,1100p "$tmp/jump/proxy.log" >"$tmp/jump/part.log"
touch -d '2026-12-07 09:41:11' "$tmp/jump/proxy.log" "$tmp/jump/part.log"
for f in proxy part; do
	info "$tmp/jump/$f.log"
	expect_match "$out" '^time: +2026-07-26 [0-9:]+ \.\. 2026-10-30 [0-9:]+$' "months back, $f: the mtime's year"
done
out=$("$LOGLAB" info "$tmp/jump/proxy.log" "$tmp/jump/*.log" 2>&1)
expect_match "$out" 'proxy\.log .* 2026-07-26 [0-9:]+ \.\. 2026-10-30' "months back, in a fleet: the same year"
finish
