#!/bin/sh
# tests/cli/test_dated_names.sh - a date in a file's name: the year of
# its yearless stamps when the modification time is a copy's (set here to
# other years), alone (loaded, through the line index, in the browser)
# and in a fleet; a name's date far from the lines leaves the mtime's
# year; daily files named by their date are one rotation chain.
. "$LL_SRCDIR/tests/lib.sh"

scratch dated-names

touch_utc() { TZ=UTC touch -d "$2" "$1"; }

# kind's log dump: a collection's start opens the name; the lines are the
# next day's. The copy's time (2019) would make them 2018's.
k="$tmp/2023-07-15T21:18:51-kubelet-kind-worker.log.txt"
printf '%s\n' 'Jul 16 02:08:52 kind-worker kubelet[274]: Flag --fail-swap-on has been deprecated' \
	'Jul 16 02:08:53 kind-worker kubelet[274]: I0716 02:08:53.201 server.go:417] Version: v1.27.3' >"$k"
touch_utc "$k" '2019-03-01 12:00:00'
for how in info info_lazy; do
	$how "$k"
	expect_eq "$rc" 0 "kubelet ($how): exit"
	expect_match "$out" '^time: +2023-07-16 02:08:52 \.\. 2023-07-16 02:08:53$' "kubelet ($how): the name's year"
	expect_match "$out" "^note: .*kind-worker\.log\.txt: stamps without a year read in 2023, by the date in the file's name" \
		"kubelet ($how): a note says where the year came from"
done
first_fields "$k"
expect_match "$out" 'time +2023-07-16 02:08:52' "kubelet: the browser's year is info's"
first_fields "$k" lazy
expect_match "$out" 'time +2023-07-16 02:08:52' "kubelet: the browser's year through the line index"

# klog's stamps (a severity letter glued to the month and day), the copy
# dated a later year
g="$tmp/2023-07-15T21:18:51-scheduler.log"
printf '%s\n' 'I0716 02:15:35.910651       1 serving.go:348] Generated self-signed cert' \
	'I0716 02:15:36.400000       1 leaderelection.go:245] attempting to acquire leader lease' >"$g"
touch_utc "$g" '2026-03-01 12:00:00'
info "$g"
expect_match "$out" '^time: +2023-07-16 02:15:35.910651 \.\. 2023-07-16 02:15:36.400000$' "klog: the name's year"

# logrotate's dateext: the rotation date follows December's lines
r="$tmp/syslog-20240105"
printf '%s\n' 'Dec 29 06:25:01 web CRON[812]: (root) CMD (test -x /usr/sbin/anacron)' \
	'Jan  5 06:25:01 web CRON[901]: (root) CMD (test -x /usr/sbin/anacron)' >"$r"
touch_utc "$r" '2026-03-01 12:00:00'
info "$r"
expect_match "$out" '^time: +2023-12-29 06:25:01 \.\. 2024-01-05 06:25:01$' "dateext: the year before the name's, then it"

# a name's date months from the lines (a report's): the mtime's year
x="$tmp/report-2023-01-10.log"
printf '%s\n' 'Jul 16 02:08:52 web app[1]: nightly report' >"$x"
touch_utc "$x" '2021-09-01 12:00:00'
info "$x"
expect_match "$out" '^time: +2021-07-16 02:08:52' "far date: the modification time's year"
expect_no_match "$out" "date in the file's name" "far date: no note"

# a fleet of the three: each file's name gives its year, one note
out=$("$LOGLAB" info "$tmp" 2>&1)
expect_match "$out" 'kind-worker\.log\.txt .* 2023-07-16 02:08:52 \.\. 2023-07-16 02:08:53$' "fleet: kubelet's year"
expect_match "$out" 'syslog-20240105 .* 2023-12-29 06:25:01 \.\. 2024-01-05 06:25:01$' "fleet: dateext's years"
expect_match "$out" 'report-2023-01-10\.log .* 2021-07-16 02:08:52' "fleet: far date keeps the mtime's"
expect_match "$out" 'stamps without a year in 3 files read in the year of the dates in their names' "fleet: one note"

# a journal's preamble says the year before the name does: alone and in
# a fleet alike
mkdir "$tmp/j"
printf '%s\n' '-- Logs begin at Wed 2021-07-14 02:18:24 UTC. --' 'Jul 16 02:08:52 web sshd[7]: Accepted publickey for ops' >"$tmp/j/2023-07-15-journal.txt"
touch_utc "$tmp/j/2023-07-15-journal.txt" '2019-03-01 12:00:00'
info "$tmp/j/2023-07-15-journal.txt"
expect_match "$out" '^time: +2021-07-16 02:08:52' "preamble: its year alone"
out=$("$LOGLAB" info "$tmp/j" 2>&1)
expect_match "$out" '2023-07-15-journal\.txt .* 2021-07-16 02:08:52' "preamble: its year in a fleet"

# daily files named by their date: one chain per name, by date, the
# undated current file last; the host is the name without its date
d="$tmp/daily"
mkdir "$d"
for day in 01 02 03; do
	echo "2024-01-$day 10:00:00 INFO app: day $day" >"$d/2024-01-$day-app.log"
	echo "2024-01-$day 11:00:00 INFO web: day $day part 0" >"$d/web.2024-01-$day.0.log"
	echo "2024-01-$day 12:00:00 INFO web: day $day part 1" >"$d/web.2024-01-$day.1.log"
done
echo "2024-01-04 00:00:01 INFO web: today" >"$d/web.log"
out=$("$LOGLAB" info "$d" 2>&1)
expect_match "$out" '^files: +10 in 2 rotation chains, 2 hosts' "daily: two chains"
files=$(printf '%s\n' "$out" | awk '$1 ~ /\.log$/ {print $1 "/" $2}' | tr '\n' ' ')
expect_eq "$files" "2024-01-01-app.log/app 2024-01-02-app.log/app 2024-01-03-app.log/app web.2024-01-01.0.log/web web.2024-01-01.1.log/web web.2024-01-02.0.log/web web.2024-01-02.1.log/web web.2024-01-03.0.log/web web.2024-01-03.1.log/web web.log/web " \
	"daily: by date then counter, hosts without the date"

finish
