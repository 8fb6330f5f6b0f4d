#!/bin/sh
# tests/cli/test_audit_shapes8.sh - what an eighth audit fixed, each on a
# few lines written here, loaded and (LOGLAB_LAZY_THRESHOLD=1) through the
# line index: notes of readers that rewrite a file as CSV (stanza, W3C)
# name the file's lines, not the CSV's; a JVM GC log's uptime ("1.234:")
# is a number column.
. "$LL_SRCDIR/tests/lib.sh"

scratch audit-shapes8

# Records of "Key: value" lines under a title: the N/A of build-3's Task
# is in the record that starts on line 14 (line 4 of the generated CSV)
cat >"$tmp/jobs.txt" <<'TXT'
Job report
==========

Name: build-1
Task: 12
Started: 2026-12-06 03:44:03
Status: ok

Name: build-2
Task: 14
Started: 2026-12-06 03:45:03
Status: ok

Name: build-3
Task: N/A
Started: 2026-12-06 03:46:03
Status: failed

Name: build-4
Task: 17
Started: 2026-12-06 03:47:03
Status: ok
TXT
for how in info info_lazy; do
	$how "$tmp/jobs.txt"
	expect_eq "$rc" 0 "stanza ($how): exit"
	expect_match "$out" '^format: +stanza ' "stanza ($how): format"
	col_is Task number "stanza ($how)"
	expect_match "$out" "'N/A' \\(first: line 14\\) in column 'Task'" "stanza ($how): the note names the file's line"
done
# folded values (a record's CSV row spans two lines) before the mark: the
# rows after still name their own record's first line
cat >"$tmp/folded.txt" <<'TXT'
Name      : a
Size      : 10
Note      : first line
            second line
Owner     : x

Name      : b
Size      : 20
Note      : one
Owner     : y

Name      : c
Size      : N/A
Note      : two
Owner     : z

Name      : d
Size      : 40
Note      : three
Owner     : w
TXT
for how in info info_lazy; do
	$how "$tmp/folded.txt"
	expect_match "$out" '^format: +stanza ' "stanza, folded ($how): format"
	col_is Size number "stanza, folded ($how)"
	expect_match "$out" "'N/A' \\(first: line 12\\) in column 'Size'" \
		"stanza, folded ($how): the note names the file's line"
done

# W3C extended log: the row with N/A is line 6 of the file (line 3 of the CSV)
cat >"$tmp/u_ex.log" <<'LOG'
#Software: Microsoft Internet Information Services 10.0
#Version: 1.0
#Date: 2026-12-06 03:44:03
#Fields: date time s-ip cs-method cs-uri-stem sc-status time-taken
2026-12-06 03:44:03 10.0.0.1 GET /a 200 15
2026-12-06 03:44:04 10.0.0.1 GET /b 200 N/A
2026-12-06 03:44:05 10.0.0.1 GET /c 404 12
#Fields: date time s-ip cs-method cs-uri-stem sc-status time-taken
2026-12-06 03:44:06 10.0.0.1 GET /d 200 11
2026-12-06 03:44:07 10.0.0.1 GET /e 200 -
LOG
for how in info info_lazy; do
	$how "$tmp/u_ex.log"
	expect_eq "$rc" 0 "W3C ($how): exit"
	expect_match "$out" '^format: +w3c ' "W3C ($how): format"
	expect_match "$out" '^rows: +5$' "W3C ($how): rows"
	col_is time-taken number "W3C ($how)"
	expect_match "$out" "'N/A' \\(first: line 6\\) in column 'time-taken'" "W3C ($how): the note names the file's line"
done

# Squid's native access.log: fields to the end of the line, no free text;
# every field but the last is header
cat >"$tmp/access.log" <<'LOG'
1765000000.123    245 10.0.0.5 TCP_MISS/200 10240 GET http://example.com/index.html - HIER_DIRECT/93.184.216.34 text/html
1765000001.456     12 10.0.0.6 TCP_HIT/200 5120 GET http://example.com/style.css - HIER_NONE/- text/css
1765000002.789   3001 10.0.0.7 TCP_MISS/504 0 GET http://slow.example.org/ - HIER_DIRECT/203.0.113.9 -
1765000003.001      0 10.0.0.5 TCP_DENIED/403 3912 CONNECT bad.example.net:443 - HIER_NONE/- text/html
1765000004.250    120 10.0.0.8 TCP_TUNNEL/200 48213 CONNECT api.example.com:443 alice HIER_DIRECT/198.51.100.3 -
LOG
for how in info info_lazy; do
	$how "$tmp/access.log"
	expect_eq "$rc" 0 "Squid ($how): exit"
	expect_match "$out" '^header: +<time> <field2> <host> <field4> <field5> <field6> <field7> <field8> <field9> <message>$' \
		"Squid ($how): header to the last field"
	expect_match "$out" '^rows: +5$' "Squid ($how): rows"
	col_is field2 number "Squid ($how)"
	col_is host text "Squid ($how)"
	col_is field4 text "Squid ($how)"
	col_is field5 number "Squid ($how)"
	col_is field7 text "Squid ($how)"
	expect_match "$out" '^time: +2025-12-06 05:46:40\.123000 \.\. ' "Squid ($how): epoch seconds"
done
# ... while messages that have as many words as each other stay messages
printf '2026-12-06T03:44:0%dZ sshd accepted publickey for user%d from 10.0.0.%d port 5123%d ssh2\n' \
	1 1 1 1 2 2 2 2 3 3 3 3 4 4 4 4 5 5 5 5 >"$tmp/same1.log"
cat >"$tmp/same2.log" <<'LOG'
2026-12-06 03:44:01 Disk sda1 is healthy
2026-12-06 03:44:02 Disk sdb1 is degraded
2026-12-06 03:44:03 Fan FAN2 speed nominal
2026-12-06 03:44:04 PSU PSU1 reports OK
2026-12-06 03:44:05 Disk sdc1 is healthy
LOG
cat >"$tmp/same3.log" <<'LOG'
1765000000.123 request served 200 12ms /a
1765000001.123 request served 404 3ms /b
1765000002.123 request failed 500 30ms /c
1765000003.123 request served 200 9ms /d
LOG
cat >"$tmp/same4.log" <<'LOG'
2026-12-06 03:44:01 backup of /var/lib/db took 12s
2026-12-06 03:44:02 backup of /home/alice took 40s
2026-12-06 03:44:03 restore of /srv/www took 3s
2026-12-06 03:44:04 backup of /etc took 1s
LOG
for f in same1 same2 same3 same4; do
	for how in info info_lazy; do
		$how "$tmp/$f.log"
		expect_match "$out" '^header: +<time> <message>$' "equal word counts, $f ($how): a message"
	done
done

# JDK 8 GC log with date and time stamps: the uptime after the stamp is
# seconds, a number column
cat >"$tmp/gc.log" <<'LOG'
2026-12-06T03:44:03.123+0000: 1.234: [GC (Allocation Failure) [PSYoungGen: 65536K->10720K(76288K)] 65536K->10800K(251392K), 0.0123456 secs] [Times: user=0.03 sys=0.01, real=0.01 secs]
2026-12-06T03:44:05.500+0000: 3.611: [GC (Allocation Failure) [PSYoungGen: 76256K->10736K(141824K)] 76336K->20000K(316928K), 0.0234567 secs] [Times: user=0.05 sys=0.00, real=0.02 secs]
2026-12-06T03:44:09.000+0000: 7.111: [Full GC (Ergonomics) [PSYoungGen: 10736K->0K(141824K)] [ParOldGen: 9264K->18000K(175104K)] 20000K->18000K(316928K), [Metaspace: 3000K->3000K(1056768K)], 0.1500000 secs] [Times: user=0.40 sys=0.02, real=0.15 secs]
2026-12-06T03:44:12.750+0000: 10.861: [GC (Allocation Failure) [PSYoungGen: 131072K->8000K(141824K)] 149072K->26000K(316928K), 0.0100000 secs] [Times: user=0.02 sys=0.00, real=0.01 secs]
LOG
# ... and with the uptime alone (-XX:+PrintGCTimeStamps)
sed 's/^[^ ]* //' "$tmp/gc.log" >"$tmp/gc_uptime.log"
for how in info info_lazy; do
	$how "$tmp/gc.log"
	expect_match "$out" '^header: +<time>: <uptime>: ' "GC log ($how): header"
	col_is uptime number "GC log ($how)"
	col_is time time "GC log ($how)"
	expect_match "$out" '^rows: +4$' "GC log ($how): rows"
	$how "$tmp/gc_uptime.log"
	expect_match "$out" '^header: +<uptime>: ' "GC log, uptime alone ($how): header"
	col_is uptime number "GC log, uptime alone ($how)"
done
# a word with a colon after the time stays a component
cat >"$tmp/comp.log" <<'LOG'
2026-12-06T03:44:03Z: cache: warmed 10 entries
2026-12-06T03:44:04Z: db: pool of 8 ready
2026-12-06T03:44:05Z: cache: warmed 12 entries
2026-12-06T03:44:06Z: http: listening on 8080
LOG
info "$tmp/comp.log"
col_is component text "component with a colon"

finish
