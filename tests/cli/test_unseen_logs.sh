#!/bin/sh
# tests/cli/test_unseen_logs.sh - text logs in shapes no reader was
# written for (the kinds lnav's test suite keeps: bench/UNSEEN_LOGS.md),
# each sample written here in its documented shape: what `loglab info`
# makes of them, loaded and through the line index.
. "$LL_SRCDIR/tests/lib.sh"

scratch unseen-logs

# touch_utc FILE STAMP: FILE's modification time, in UTC
touch_utc() { TZ=UTC touch -d "$2" "$1"; }

# Yearless syslog stamps: a line cannot be newer than its file, and the
# year turns where the stamps go back half a year (a log across New Year
# read on January 2nd: both years; a December log read then: last year's).
printf '%s\n' 'Dec 30 10:00:00 web cron[101]: (root) CMD (run-parts /etc/cron.hourly)' \
	'Dec 31 23:59:58 web sshd[202]: Accepted publickey for ops from 10.0.0.5 port 40122' \
	'Jan  1 00:00:03 web sshd[202]: pam_unix(sshd:session): session opened for user ops' \
	'Jan  2 09:15:00 web kernel[0]: eth0: link up' >"$tmp/newyear.log"
touch_utc "$tmp/newyear.log" '2027-01-02 12:00:00'
for how in info info_lazy; do
	$how "$tmp/newyear.log"
	expect_eq "$rc" 0 "newyear ($how): exit"
	expect_match "$out" '^format: +syslog' "newyear ($how): syslog"
	expect_match "$out" '^time: +2026-12-30 10:00:00 \.\. 2027-01-02 09:15:00$' "newyear ($how): the year turns once"
done
# ... and a copy of it made in December (its first line older than the
# copy, its last one not): alone and in a fleet (a glob), the same years
printf '%s\n' 'Dec  3 09:23:38 web automount[7998]: lookup(file): lookup for foobar failed' \
	'Jan  3 09:47:02 web sudo: ops : TTY=pts/6 ; COMMAND=/usr/bin/tail /var/log/messages' >"$tmp/turned.log"
touch_utc "$tmp/turned.log" '2026-12-06 12:00:00'
info "$tmp/turned.log"
expect_match "$out" '^time: +2025-12-03 09:23:38 \.\. 2026-01-03 09:47:02$' "turned: alone"
out=$("$LOGLAB" info "$tmp/turne*.log" 2>&1)
expect_match "$out" 'turned\.log .* 2025-12-03 09:23:38 \.\. 2026-01-03 09:47:02$' "turned: in a fleet, the same years"
printf '%s\n' 'Dec 28 06:55:46 db postgres[77]: checkpoint starting: time' \
	'Dec 31 23:10:02 db postgres[77]: checkpoint complete' >"$tmp/december.log"
touch_utc "$tmp/december.log" '2027-01-02 12:00:00'
info "$tmp/december.log"
expect_match "$out" '^time: +2026-12-28 06:55:46 \.\. 2026-12-31 23:10:02$' "december: last year's, not the coming one"
# Turns that would pass the file's mtime are not taken (a log written by
# programs whose clocks disagree): every time stays in the file's past.
: >"$tmp/flip.log"
for k in 1 2 3 4 5 6; do
	printf '%s\n' "Nov  3 09:23:3$k box automount[7998]: lookup failed" \
		"Feb  3 09:23:3$k box automount[7999]: attempting to mount" >>"$tmp/flip.log"
done
touch_utc "$tmp/flip.log" '2026-12-06 12:00:00'
for how in info info_lazy; do
	$how "$tmp/flip.log"
	expect_match "$out" '^time: +2025-11-03 09:23:31 \.\. 2026-1' "flip ($how): within the file's past"
	expect_eq "$(printf '%s\n' "$out" | grep -c '^time: .*2027')" 0 "flip ($how): no year after the mtime's"
done

# JSON Lines with a record cut short before others (its writer killed
# mid-line, the program restarted and logging again): skipped with a note
# naming its line, however small the file; many such lines are refused.
printf '%s\n' '{"ts": "2013-09-06T20:00:48.124Z", "lvl": "INFO", "msg": "starting"}' \
	'{"ts": "2013-09-06T20:00:49.124Z", "lvl": "INFO", "msg": "listening on :8080"}' \
	'{"ts": "2013-09-06T22:00:49.124Z", "lvl": "ERROR", "msg": "out of memory\nallocating 4096 bytes' \
	'{"ts": "2013-09-06T22:00:59.124Z", "lvl": "INFO", "msg": "starting"}' \
	'{"ts": "2013-09-06T22:01:00.222Z", "lvl": "INFO", "msg": "listening on :8080"}' >"$tmp/restart.jsonl"
info "$tmp/restart.jsonl"
expect_eq "$rc" 0 "restart.jsonl: read"
expect_match "$out" '^rows: +4$' "restart.jsonl: the whole records"
col_is ts time restart.jsonl
expect_match "$out" 'restart\.jsonl:3: a record cut short \(its writer stopped mid-line\?\), the log going on after it: skipped' "restart.jsonl: the cut line noted"
printf '%s\n' '{"a": 1}' '{"a": 2, "b": "x' '{"a": 3, "b": "y' '{"a": 4}' >"$tmp/cuts.jsonl"
info "$tmp/cuts.jsonl"
expect_eq "$rc" 2 "cuts.jsonl: half the lines cut short is refused"
expect_match "$out" 'cuts\.jsonl:2: ' "cuts.jsonl: the first named"

# Python logging's "%(asctime)s:%(levelname)s:%(name)s:%(message)s": the
# level and the logger's name behind a stamp glued by colons, a traceback
# kept with its record; CRLF line ends alike.
printf '%s\r\n' '2024-01-01 10:00:00,123:INFO:app.db:connected to db' \
	'2024-01-01 10:00:01,123:WARNING:app.web:slow request /x took 2s' \
	'2024-01-01 10:00:02,123:ERROR:app.db:connection lost: timeout' \
	'Traceback (most recent call last):' '  File "db.py", line 12, in connect' 'TimeoutError: timed out' \
	'2024-01-01 10:00:03,123:INFO:root:retrying' >"$tmp/pycolon.log"
for how in info info_lazy; do
	$how "$tmp/pycolon.log"
	expect_match "$out" '^header: +<time>:<level>:<component>:<message>$' "pycolon ($how): header"
	col_is level text "pycolon ($how)"
	expect_match "$out" '^time: +2024-01-01 10:00:00\.123000 \.\. 2024-01-01 10:00:03\.123000$' "pycolon ($how): times"
done
expect_match "$out" 'continuation lines took the time' "pycolon: the traceback is its record's"
printf '%s\n' '2012-07-02 10:22:40,672:DEBUG:foo bar baz' '2014-10-08 16:56:38,344:WARN:foo bar baz' >"$tmp/nolog.log"
info "$tmp/nolog.log"
expect_match "$out" '^header: +<time>:<level>:<message>$' "no logger name: header"

# A JSON log's clock with one value a logger got wrong ({"ts": "xxx"}):
# still the time column, that one missing and noted.
: >"$tmp/badts.jsonl"
for k in 0 1 2 3 4 5 6 7 8 9; do
	ts="2013-09-06T20:00:4$k.124817Z"
	[ $k = 5 ] && ts=xxx
	printf '{"ts": "%s", "lvl": "INFO", "msg": "step %s"}\n' "$ts" $k >>"$tmp/badts.jsonl"
done
info "$tmp/badts.jsonl"
col_is ts time badts
expect_match "$out" '^time: +2013-09-06 20:00:40\.124817 \.\. 2013-09-06 20:00:49\.124817$' "badts: time range"
expect_match "$out" 'key "ts": 1 value such as "xxx" \(first: line 6\) not a time: read as missing' "badts: noted"

# A W3C log of "time" without "date" (IIS's FTP service): the times of day
# are on the "#Date:" directive's day, as the format defines.
printf '%s\r\n' '#Software: Microsoft Internet Information Server 4.0' '#Version: 1.0' \
	'#Date: 2000-10-09 16:44:49' '#Fields: time c-ip cs-method cs-uri-stem sc-status' \
	'16:44:49 1.1.1.1 [2]USER anonymous 331' '16:48:05 1.1.1.1 [2]QUIT - 226' \
	'#Date: 2000-10-10 09:00:00' '#Fields: time c-ip cs-method cs-uri-stem sc-status' \
	'09:00:02 1.1.1.1 [3]USER anonymous 331' >"$tmp/ftp.log"
info "$tmp/ftp.log"
expect_match "$out" '^format: +w3c' "ftp: w3c"
col_is time time ftp
expect_match "$out" '^time: +2000-10-09 16:44:49 \.\. 2000-10-10 09:00:02$' "ftp: dated by #Date"
expect_match "$out" "3 'time' values without a 'date' field dated by the '#Date:' line above \\(first: line 5\\)" "ftp: noted"

# A client's log that prints the XML it sends and gets back, at the margin,
# under a few records: still a log of records, each document with its own.
{
	printf '%s\n' "[2020-12-10 06:56:41,061] INFO [m:108] Calling 'x' with params:" ''
	printf '%s\n' '[2020-12-10 06:56:41,092] DEBUG [connect.client:69] Full request text:' \
		"<?xml version='1.0' encoding='iso-8859-2'?>" '<a-request>' '  <head>' '    x' '  </head>' \
		'  <request id="1">' '    <name>x</name>' '  </request>' '</a-request>' ''
	printf '%s\n' '[2020-12-10 06:56:41,099] DEBUG [m:85] Full reply text:' \
		"<?xml version='1.0' encoding='iso-8859-2'?>" '<a-reply>' '  <reply id="2">' \
		'    <status><result>OK</result></status>' '  </reply>' '</a-reply>'
} >"$tmp/xmlbody.log"
for how in info info_lazy; do
	$how "$tmp/xmlbody.log"
	expect_match "$out" '^header: +\[<time>\] <level> \[<context>\] <message>$' "xmlbody ($how): header"
	expect_match "$out" '^time: +2020-12-10 06:56:41\.061000 \.\. 2020-12-10 06:56:41\.099000$' "xmlbody ($how): times"
	expect_match "$out" 'continuation lines took the time' "xmlbody ($how): the documents are their records'"
done

# A log of one line whose stamp has a comma ("18:30:54,422"): a log's
# record, not a CSV header over no rows.
printf '%s\n' '2024-04-04T20:30:55.424+02:00 source=k8s-node-1 2024-04-04 18:30:54,422 [myid:] - INFO [nioEventLoopGroup-4-1:o.a.z.s.NettyServerCnxn@294] - Processing srvr command from /127.0.0.1:49034' >"$tmp/oneline.log"
info "$tmp/oneline.log"
expect_match "$out" '^format: +log' "oneline: a log"
expect_match "$out" '^rows: +1$' "oneline: its record"
col_is level text oneline

# Header fields joined by "::" (oVirt's vdsm): the date stays with its
# clock, never a time of day on 1970-01-01.
: >"$tmp/vdsm.log"
for k in 1 2 3 4 5 6; do
	printf '%s\n' "MainThread::INFO::2011-12-05 07:04:5$k,101::vdsm::71::vds::(run) I am the actual vdsm 4.9-0" \
		"Thread-1$k::DEBUG::2011-12-05 07:05:0$k,300::clientIF::74::vds::(wrapper) call getVdsCapabilities" >>"$tmp/vdsm.log"
done
for how in info info_lazy; do
	$how "$tmp/vdsm.log"
	expect_match "$out" '^header: +<field1>::<level>::<time>::' "vdsm ($how): header"
	expect_match "$out" '^time: +2011-12-05 07:04:51\.101000 \.\. 2011-12-05 07:05:06\.300000$' "vdsm ($how): dated"
done

# Times of day alone over two days (strace -t left running): on 1970-01-01
# (said in a note) and a day later after midnight, so the rows stay in order.
printf '%s\n' '23:59:58 read(3, "", 4096) = 0' '23:59:59 close(3) = 0' '00:00:01 openat(AT_FDCWD, "/etc/hosts", O_RDONLY) = 3' \
	'00:00:02 close(3) = 0' >"$tmp/strace.log"
for how in info info_lazy; do
	$how "$tmp/strace.log"
	expect_match "$out" '^time: +1970-01-01 23:59:58 \.\. 1970-01-02 00:00:02$' "strace ($how): past midnight, the next day"
	expect_match "$out" 'times of day without any date in the file: placed on 1970-01-01 \(a day later after each midnight\)' "strace ($how): noted"
done

# A short Java log whose exceptions and causes stand at the margin, and a
# Python one with its traceback: records, not plain lines.
cat >"$tmp/jvm.log" <<'EOF2'
2024-03-01 10:00:00,123 ERROR [main] com.example.App - request failed
java.lang.RuntimeException: boom
	at com.example.Foo.bar(Foo.java:10)
Caused by: java.io.IOException: disk full
	at com.example.Disk.write(Disk.java:42)
	... 1 more
2024-03-01 10:00:05,456 WARN [main] com.example.App - retrying
2024-03-01 10:00:09,001 ERROR [worker-1] com.example.Job - job 7 failed
java.lang.IllegalStateException: closed
Caused by: java.net.SocketException: reset
EOF2
info "$tmp/jvm.log"
expect_match "$out" '^header: +<time> <level> \[<context>\] <component> - <message>$' "jvm: header"
expect_match "$out" '^time: +2024-03-01 10:00:00\.123000 \.\. 2024-03-01 10:00:09\.001000$' "jvm: times"
expect_match "$out" '7 continuation lines took the time' "jvm: exceptions kept with their records"
printf '%s\n' '2024-03-01 10:00:00,123 ERROR app.db: query failed' 'Traceback (most recent call last):' \
	'  File "db.py", line 12, in connect' 'TimeoutError: timed out' '2024-03-01 10:00:05,456 INFO app.db: retrying' >"$tmp/py.log"
info "$tmp/py.log"
expect_match "$out" '^header: +<time> <level> <component>: <message>$' "py traceback: header"
expect_match "$out" '3 continuation lines took the time' "py traceback: kept with its record"

# A Go service's log ending in a panic, its goroutine and frames at the
# margin: the panic is the last record's.
printf '%s\n' '2024/03/01 10:00:00 INFO starting server on :8080' '2024/03/01 10:00:01 INFO connected to db' \
	'2024/03/01 10:00:05 ERROR handler crashed' 'panic: runtime error: index out of range [3] with length 3' '' \
	'goroutine 1 [running]:' 'main.handle(...)' '	/app/main.go:12' 'main.main()' '	/app/main.go:20 +0x1d' >"$tmp/gopanic.log"
info "$tmp/gopanic.log"
expect_match "$out" '^header: +<time> <level> <message>$' "go panic: header"
expect_match "$out" '6 continuation lines took the time' "go panic: kept with its record"

finish
