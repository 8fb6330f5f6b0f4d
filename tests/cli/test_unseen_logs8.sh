#!/bin/sh
# tests/cli/test_unseen_logs8.sh - logs in shapes round seven's held-out set
# met (bench/UNSEEN_LOGS.md, round eight), each sample made up here in its
# shape: what `loglab info` makes of them, loaded and through the line
# index, the fields of a first record (first_fields), and that the browser
# opens each headless.
. "$LL_SRCDIR/tests/lib.sh"

scratch unseen-logs8

# screen FILE WHAT: the browser opens FILE headless, within 20 seconds
screen() {
	timeout 20 "$LOGLAB" --dump-screen 24x100 "$1" >/dev/null 2>&1 </dev/null
	expect_eq "$?" 0 "$2: the browser opens it"
}

# An appliance's key=value lines that open with a version of nine digits
# and give their time as an epoch under a key that names one, and as a
# date and a clock: the version is no epoch (it would put every line in
# 1992), the time is the stamp's.
printf '%s\n' '<189>logver=700010001 timestamp=1722245274 devname="fw-a" date=2024-07-29 time=09:27:54 logid="0000000013" type="traffic" level="notice" srcport=62575 action="close"' \
	'<189>logver=700010001 timestamp=1722245280 devname="fw-a" date=2024-07-29 time=09:28:00 logid="0000000013" type="traffic" level="notice" srcport=60309 action="close"' \
	'<190>logver=700010001 timestamp=1722245302 devname="fw-b" date=2024-07-29 time=09:28:22 logid="1059028704" type="utm" level="information" srcport=51826 action="pass"' >"$tmp/version.log"
for how in info info_lazy; do
	$how "$tmp/version.log"
	expect_eq "$rc" 0 "version number ($how): exit"
	expect_match "$out" '^format: +log ' "version number ($how): a log"
	expect_match "$out" '^time: +2024-07-29 09:27:54 \.\. 2024-07-29 09:28:22$' "version number ($how): the stamp's time"
	expect_no_match "$out" '1992' "version number ($how): the version is no time"
	expect_match "$out" '^  logver +number$' "version number ($how): the version a number column"
done
screen "$tmp/version.log" "version number"
# control: a number under a key that names a time is still one
printf '%s\n' 'seq=700010001 ts=1722245274 host=a msg="up"' 'seq=700010002 ts=1722245275 host=b msg="down"' \
	'seq=700010003 ts=1722245279 host=a msg="up"' >"$tmp/ts.log"
info "$tmp/ts.log"
expect_match "$out" '^time: +2024-07-29 09:27:54 \.\. 2024-07-29 09:27:59$' "control: ts= is an epoch"

# An application server's log: four marks glued to a bracketed stamp of
# the month's name, a comma before the day's year and another before the
# milliseconds, AM/PM and a zone; a message over two lines, commas in it.
# A log (not a table of three columns, not plain lines), every head a
# record at its time, the second line its record's.
printf '%s\n' '####<Mar 24, 2022 10:29:51,636 AM GMT> <Info> <Pool> <node-1> <> <main> <1648117791636> <ID-000001> <pool size set to 256.> ' \
	'####<Mar 24, 2022 10:29:51,663 AM GMT> <Info> <Server> <node-1> <> <main> <1648117791663> <ID-000214> <server version:' \
	'Server 1.2.3 Thu Aug 17 13:39:49 PDT 2017 Copyright (c) 1995,2017, someone.> ' \
	'####<Mar 24, 2022 10:29:51,702 AM GMT> <Notice> <Server> <node-1> <> <main> <1648117791702> <ID-002622> <protocol t3 configured.> ' \
	'####<Mar 24, 2022 01:29:52,865 PM GMT> <Warning> <Socket> <node-2> <> <main> <1648128592865> <ID-002623> <peer gone, retrying> ' >"$tmp/server.log"
for how in info info_lazy; do
	$how "$tmp/server.log"
	expect_eq "$rc" 0 "marks before a stamp ($how): exit"
	expect_match "$out" '^format: +log ' "marks before a stamp ($how): a log"
	expect_match "$out" '^time: +2022-03-24 10:29:51\.636000 \.\. 2022-03-24 13:29:52\.865000$' \
		"marks before a stamp ($how): its time, PM read"
	expect_match "$out" '1 continuation line took' "marks before a stamp ($how): the second line its record's"
	expect_match "$out" '^  level +text$' "marks before a stamp ($how): a level column"
done
first_fields "$tmp/server.log"
expect_match "$out" '^level +Info$' "marks before a stamp: the first record's level"
screen "$tmp/server.log" "marks before a stamp"
# control: a rule of marks before text still sets records apart
printf '%s\n' '#### nightly run' '2026-03-02 10:00:00 INFO start' '2026-03-02 10:00:05 INFO done' \
	'#### nightly run' '2026-03-03 10:00:00 INFO start' >"$tmp/rules.log"
info "$tmp/rules.log"
expect_match "$out" '^format: +log ' "control: rule lines, a log"
expect_match "$out" '^time: +2026-03-02 10:00:00 \.\. 2026-03-03 10:00:00$' "control: rule lines, its time"
# control: a table whose first column holds such dates, quoted, stays a table
printf '%s\n' 'when,count,host' '"Mar 24, 2022 10:29:51 AM",5,a' '"Mar 24, 2022 10:29:52 AM",7,b' >"$tmp/quoted.csv"
info "$tmp/quoted.csv"
expect_match "$out" '^format: +csv ' "control: quoted dates, a table"
# control: unquoted stamps holding commas, with no bracket, stay a table
# whose time column is read (a stamp's commas split it, as on main)
printf '%s\n' 'Tue, 24 Mar 2022 10:00:00,5,6' 'Wed, 25 Mar 2022 10:00:00,7,8' 'Thu, 26 Mar 2022 10:00:00,9,9' >"$tmp/unquoted.csv"
info "$tmp/unquoted.csv"
expect_match "$out" '^format: +csv ' "control: unquoted dates without a bracket, a table"
expect_match "$out" '^time: +2022-03-24 10:00:00 \.\. 2022-03-26 10:00:00$' "control: unquoted dates without a bracket, their time"

# The same server with a comma after the year and a zone as Windows names
# it: India's kept all year is applied (+05:30), Pacific's only read.
printf '%s\n' '####<May 8, 2024, 12:32:08,362 PM India Standard Time> <Info> <Socket> <node-3> <> <main> <1715151728362> <ID-000436> <4 reader threads.> ' \
	'####<May 8, 2024, 12:32:12,828 PM India Standard Time> <Info> <Manager> <node-3> <> <main> <1715151732828> <ID-000437> <started.> ' >"$tmp/zone.log"
printf '%s\n' '####<May 8, 2024, 12:32:08 PM Pacific Standard Time> <Info> <Socket> <node-4> <ready.>' \
	'####<May 8, 2024, 12:32:09 PM Pacific Standard Time> <Info> <Socket> <node-4> <ready.>' >"$tmp/pacific.log"
for how in info info_lazy; do
	$how "$tmp/zone.log"
	expect_match "$out" '^format: +log ' "Windows zone name ($how): a log"
	expect_match "$out" '^time: +2024-05-08 07:02:08\.362000 \.\. 2024-05-08 07:02:12\.828000$' \
		"Windows zone name ($how): India Standard Time applied"
	$how "$tmp/pacific.log"
	expect_match "$out" '^time: +2024-05-08 12:32:08 \.\. 2024-05-08 12:32:09$' "Windows zone name ($how): Pacific read, not applied"
done
screen "$tmp/zone.log" "Windows zone name"

# A relay's BSD lines (its clock, no year, no zone) before a device's
# body in RFC 5424's shape without the priority: the version 1, then the
# device's stamp with its year and zone. The record's time is the
# device's, the offset applied; the relay's name stays the host.
printf '%s\n' 'Oct 19 10:20:40 relay-1 1 2021-10-19T10:20:40+02:00 192.0.2.3 Gateway: - - - Connection from 198.51.100.7 not authenticated yet' \
	'Oct 19 10:20:41 relay-1 1 2021-10-19T10:20:41+02:00 192.0.2.3 Gateway: - - - Connection from 198.51.100.7 not authenticated yet' \
	'Oct 19 10:20:57 relay-2 1 2021-10-19T10:20:57+02:00 192.0.2.3 Gateway: - - - Login failed. Reason: Wrong Password' >"$tmp/relay5424.log"
for how in info info_lazy; do
	$how "$tmp/relay5424.log"
	expect_eq "$rc" 0 "relayed RFC 5424 body ($how): exit"
	expect_match "$out" '^format: +syslog ' "relayed RFC 5424 body ($how): syslog"
	expect_match "$out" '^time: +2021-10-19 08:20:40 \.\. 2021-10-19 08:20:57$' "relayed RFC 5424 body ($how): the device's time, zone applied"
done
first_fields "$tmp/relay5424.log"
expect_match "$out" '^host +relay-1$' "relayed RFC 5424 body: the relay is the host"
screen "$tmp/relay5424.log" "relayed RFC 5424 body"
# control: a "1" before a stamp without a zone leaves the relay's time
printf '%s\n' 'Oct 19 10:20:40 relay-1 1 2021-10-19T08:00:00 app: started' 'Oct 19 10:20:41 relay-1 1 2021-10-19T08:00:01 app: stopped' >"$tmp/nozone.log"
touch -d "2021-12-01 12:00:00" "$tmp/nozone.log"
info "$tmp/nozone.log"
expect_match "$out" '^time: +2021-10-19 10:20:40 \.\. 2021-10-19 10:20:41$' "control: an unzoned body stamp leaves the relay's"

finish
