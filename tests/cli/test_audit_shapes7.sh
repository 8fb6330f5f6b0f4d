#!/bin/sh
# tests/cli/test_audit_shapes7.sh - shapes a seventh audit found misread,
# each a few lines written here: what `loglab info` makes of them, loaded
# and (LOGLAB_LAZY_THRESHOLD=1) through the line index. CMTrace logs are a
# row per record with the trailer's attributes as columns; records of
# "Key: value" lines are a row each; "epoch" before its unit names a
# clock. Shapes it found read right are pinned at the end.
. "$LL_SRCDIR/tests/lib.sh"

scratch audit-shapes7

# CMTrace (Configuration Manager): a message in markup, then key="value"
# attributes; the date month first, the clock's +300 a bias (UTC = local
# + bias); a message may go on over lines and is one record
cat >"$tmp/ccm.log" <<'LOG'
<![LOG[Successfully connected to \\srv\share]LOG]!><time="13:45:02.123+300" date="12-06-2026" component="ContentTransferManager" context="" type="1" thread="4312" file="ctm.cpp:1234">
<![LOG[CTM job {7C1A} entered state 3]LOG]!><time="13:45:03.500+300" date="12-06-2026" component="ContentTransferManager" context="" type="1" thread="4312" file="ctm.cpp:988">
<![LOG[Failed to download content, error 0x80070005
Access is denied.
Will retry in 600 seconds]LOG]!><time="13:45:04.010+300" date="12-06-2026" component="DataTransferService" context="" type="3" thread="2260" file="dtsjob.cpp:4511">
<![LOG[Raising event:
instance of CCM_CcmHttp_Status
{
	ClientID = "GUID:1234";
};
]LOG]!><time="13:45:05.777+300" date="12-06-2026" component="DataTransferService" context="" type="2" thread="2260" file="event.cpp:729">
<![LOG[CTM job {7C1A} successfully processed download completion.]LOG]!><time="13:46:10.001+300" date="12-06-2026" component="ContentTransferManager" context="" type="1" thread="4312" file="ctm.cpp:1401">
LOG
for how in info info_lazy; do
	$how "$tmp/ccm.log"
	expect_eq "$rc" 0 "CMTrace ($how): exit"
	expect_match "$out" '^format: +cmtrace ' "CMTrace ($how): format"
	expect_match "$out" '^rows: +5$' "CMTrace ($how): a row per record"
	col_is time time "CMTrace ($how)"
	col_is component text "CMTrace ($how)"
	col_is type number "CMTrace ($how)"
	col_is thread number "CMTrace ($how)"
	col_is file text "CMTrace ($how)"
	col_is message text "CMTrace ($how)"
	expect_match "$out" '^time: +2026-12-06 18:45:02\.123000 \.\. 2026-12-06 18:46:10\.001000$' \
		"CMTrace ($how): the bias added"
done
# ... the older form, "message  $$<Component><date clock><thread=N (0xH)>"
cat >"$tmp/sms.log" <<'LOG'
Service startup.  $$<SMS_EXECUTIVE><12-06-2026 13:45:02.123-60><thread=4312 (0x10D8)>
Loading component SMS_DISTRIBUTION_MANAGER  $$<SMS_EXECUTIVE><12-06-2026 13:45:02.456-60><thread=4312 (0x10D8)>
Failed to open registry key, error 5
retrying  $$<SMS_DISTRIBUTION_MANAGER><12-06-2026 13:45:03.001-60><thread=2260 (0x8D4)>
Package ABC00012 updated  $$<SMS_DISTRIBUTION_MANAGER><12-06-2026 13:46:10.999-60><thread=2260 (0x8D4)>
LOG
for how in info info_lazy; do
	$how "$tmp/sms.log"
	expect_match "$out" '^format: +cmtrace ' "CMTrace's older form ($how): format"
	expect_match "$out" '^rows: +4$' "CMTrace's older form ($how): a row per record"
	col_is component text "CMTrace's older form ($how)"
	col_is thread number "CMTrace's older form ($how)"
	expect_match "$out" '^time: +2026-12-06 12:45:02\.123000 \.\. 2026-12-06 12:46:10\.999000$' \
		"CMTrace's older form ($how): the bias added"
done
# ... a line outside any record: left out, said
{ echo "stray text"; cat "$tmp/ccm.log"; } >"$tmp/ccm2.log"
info "$tmp/ccm2.log"
expect_match "$out" '^rows: +5$' "CMTrace with a stray line: rows"
expect_match "$out" '^note: +ccm2.log: 1 line outside any record \(first: line 1\); left out$' \
	"CMTrace with a stray line: note"

# log4j2's JSON layout writes the time as Java's Instant: epochSecond and
# nanoOfSecond, one time (since the ninth audit)
cat >"$tmp/spark.jsonl" <<'JSON'
{"instant":{"epochSecond":1765000000,"nanoOfSecond":123000000},"thread":"main","level":"INFO","loggerName":"org.apache.spark.SparkContext","message":"Running Spark version 3.5.0","threadId":1}
{"instant":{"epochSecond":1765000001,"nanoOfSecond":500000000},"thread":"dispatcher-event-loop-1","level":"WARN","loggerName":"org.apache.spark.scheduler.TaskSetManager","message":"Lost task 0.0 in stage 1.0 (TID 1)","threadId":42}
{"instant":{"epochSecond":1765000002,"nanoOfSecond":0},"thread":"Executor task launch worker-0","level":"ERROR","loggerName":"org.apache.spark.executor.Executor","message":"Exception in task 0.0","threadId":77}
JSON
for how in info info_lazy; do
	$how "$tmp/spark.jsonl"
	col_is instant.epochSecond time "log4j2 JSON ($how)"
	col_is instant.nanoOfSecond number "log4j2 JSON ($how)"
	expect_match "$out" '^time: +2025-12-06 05:46:40\.123000 \.\. 2025-12-06 05:46:42$' "log4j2 JSON ($how): range, the nanoseconds kept"
done

# wevtutil qe /f:text: "Event[N]:" over indented "Key: value" lines, the
# description on the lines below its key
cat >"$tmp/events.txt" <<'TXT'
Event[0]:
  Log Name: System
  Source: Service Control Manager
  Date: 2026-12-06T03:44:03.1230000Z
  Event ID: 7036
  Task: N/A
  Level: Information
  Computer: WS01.corp.example.com
  Description: 
The Windows Update service entered the running state.

Event[1]:
  Log Name: System
  Source: Microsoft-Windows-Kernel-Power
  Date: 2026-12-06T03:45:10.5000000Z
  Event ID: 41
  Task: 63
  Level: Critical
  Computer: WS01.corp.example.com
  Description: 
The system has rebooted without cleanly shutting down first.
Check the power supply.

Event[2]:
  Log Name: System
  Source: Disk
  Date: 2026-12-06T03:46:00.0000000Z
  Event ID: 7
  Task: N/A
  Level: Error
  Computer: WS01.corp.example.com
  Description: 
The device, \Device\Harddisk1\DR1, has a bad block.
TXT
for how in info info_lazy; do
	$how "$tmp/events.txt"
	expect_match "$out" '^format: +stanza ' "wevtutil text ($how): format"
	expect_match "$out" '^rows: +3$' "wevtutil text ($how): a row per event"
	col_is Date time "wevtutil text ($how)"
	col_is 'Event ID' number "wevtutil text ($how)"
	col_is Level text "wevtutil text ($how)"
	col_is Description text "wevtutil text ($how)"
	expect_match "$out" '^note: +events.txt: 3 lines between the records \(titles, rules\) left out$' \
		"wevtutil text ($how): titles said"
done
# mysql's vertical rows (\G)
cat >"$tmp/processlist.txt" <<'TXT'
*************************** 1. row ***************************
     Id: 12
   User: app
   Host: 10.0.0.5:51234
Command: Query
   Time: 35
  State: Sending data
   Info: SELECT COUNT(*) FROM orders
*************************** 2. row ***************************
     Id: 13
   User: root
   Host: localhost
Command: Sleep
   Time: 1200
  State: 
   Info: NULL
*************************** 3. row ***************************
     Id: 14
   User: app
   Host: 10.0.0.6:40000
Command: Query
   Time: 2
  State: updating
   Info: UPDATE stock SET n = n - 1 WHERE id = 7
TXT
info "$tmp/processlist.txt"
expect_match "$out" '^format: +stanza ' "mysql \\G: format"
expect_match "$out" '^rows: +3$' "mysql \\G: a row per record"
col_is Id number "mysql \\G"
col_is State text "mysql \\G"
# ... records without titles, the opening key met again (dpkg -s)
cat >"$tmp/pkgs.txt" <<'TXT'
Package: bash
Status: install ok installed
Installed-Size: 7164
Version: 5.2.15-2
Package: coreutils
Status: install ok installed
Installed-Size: 18062
Version: 9.1-1
TXT
info "$tmp/pkgs.txt"
expect_match "$out" '^rows: +2$' "dpkg -s: a row per package"
col_is Installed-Size number "dpkg -s"
# ... PowerShell's Format-List: colons lined up, a long value wrapped onto
# lines indented past the keys
cat >"$tmp/fl.txt" <<'TXT'

Id               : 7036
ProviderName     : Service Control Manager
TimeCreated      : 2026-12-06 03:44:03
LevelDisplayName : Information
Message          : The Windows Update service entered the running state.

Id               : 41
ProviderName     : Microsoft-Windows-Kernel-Power
TimeCreated      : 2026-12-06 03:45:10
LevelDisplayName : Critical
Message          : The system has rebooted without cleanly shutting down first. This error could be caused if the
                   system stopped responding, crashed, or lost power unexpectedly.

Id               : 7
ProviderName     : Disk
TimeCreated      : 2026-12-06 03:46:00
LevelDisplayName : Error
Message          : The device, \Device\Harddisk1\DR1, has a bad block.
TXT
for how in info info_lazy; do
	$how "$tmp/fl.txt"
	expect_match "$out" '^format: +stanza ' "Format-List ($how): format"
	expect_match "$out" '^rows: +3$' "Format-List ($how): a row per record"
	col_is TimeCreated time "Format-List ($how)"
	col_is Id number "Format-List ($how)"
done
# ... but one block of pairs (lscpu) and a log of "LEVEL: message" lines
# are no records
printf 'Architecture: x86_64\nCPU(s): 4\nModel name: Some CPU\nThread(s) per core: 2\n' >"$tmp/lscpu.txt"
info "$tmp/lscpu.txt"
expect_eq "$(printf '%s\n' "$out" | grep -c '^format: *stanza')" 0 "one block of pairs: no stanza"
printf 'INFO: started\nWARN: slow disk: 3s\nINFO: request done\nERROR: failed: timeout\nINFO: stopped\n' >"$tmp/levels.log"
info "$tmp/levels.log"
expect_eq "$(printf '%s\n' "$out" | grep -c '^format: *stanza')" 0 "LEVEL: message lines: no stanza"

# read right already, pinned: klog, nginx's error log, Squid's epoch
# seconds, auditd's audit(epoch:serial), vmstat -t
cat >"$tmp/kubelet.log" <<'LOG'
I1206 03:44:03.123456   12345 server.go:123] "Starting kubelet" version="v1.29.0"
I1206 03:44:03.200001   12345 container_manager.go:456] Creating Container Manager object
W1206 03:44:04.000100   12399 reflector.go:539] failed to list *v1.Pod: connection refused
E1206 03:44:05.771000   12399 kubelet.go:2855] "Container runtime network not ready"
LOG
cat >"$tmp/nginx_error.log" <<'LOG'
2026/12/06 03:44:03 [error] 1234#1234: *5678 open() "/var/www/html/favicon.ico" failed (2: No such file or directory), client: 10.0.0.5
2026/12/06 03:44:04 [warn] 1234#1234: *5679 an upstream response is buffered to a temporary file
2026/12/06 03:44:06 [notice] 1200#1200: signal process started
LOG
cat >"$tmp/access.log" <<'LOG'
1765000000.123    245 10.0.0.5 TCP_MISS/200 10240 GET http://example.com/index.html - HIER_DIRECT/93.184.216.34 text/html
1765000001.456     12 10.0.0.6 TCP_HIT/200 5120 GET http://example.com/style.css - HIER_NONE/- text/css
1765000002.789   3001 10.0.0.7 TCP_MISS/504 0 GET http://slow.example.org/ - HIER_DIRECT/203.0.113.9 -
LOG
cat >"$tmp/audit.log" <<'LOG'
type=SYSCALL msg=audit(1765000000.123:456): arch=c000003e syscall=59 success=yes exit=0 a0=55d1 a1=55d2 a2=55d3 a3=0 items=2 ppid=1200 pid=1201 auid=1000 uid=0 gid=0 euid=0 comm="sudo" exe="/usr/bin/sudo" key="exec"
type=EXECVE msg=audit(1765000000.123:456): argc=2 a0="sudo" a1="ls"
type=PATH msg=audit(1765000000.123:456): item=0 name="/usr/bin/sudo" inode=131 dev=fd:00 mode=0104755 ouid=0 ogid=0
type=USER_AUTH msg=audit(1765000001.500:457): pid=1201 uid=1000 auid=1000 ses=3 msg='op=PAM:authentication grantors=pam_unix acct="alice" exe="/usr/bin/sudo" hostname=? addr=? terminal=/dev/pts/0 res=success'
type=SYSCALL msg=audit(1765000002.900:458): arch=c000003e syscall=2 success=no exit=-13 a0=7ff a1=0 a2=1b6 a3=24 items=1 ppid=900 pid=901 auid=1000 uid=1000 gid=1000 euid=1000 comm="cat" exe="/usr/bin/cat" key="access"
type=PROCTITLE msg=audit(1765000002.900:458): proctitle=636174002F6574632F736861646F77
LOG
for how in info info_lazy; do
	$how "$tmp/kubelet.log"
	col_is level text "klog ($how)"
	col_is pid number "klog ($how)"
	expect_match "$out" '^time: +[0-9]{4}-12-06 03:44:03\.123456 ' "klog ($how): time"
	$how "$tmp/nginx_error.log"
	col_is level text "nginx error log ($how)"
	col_is pid number "nginx error log ($how)"
	$how "$tmp/access.log"
	expect_match "$out" '^time: +2025-12-06 05:46:40\.123000 \.\. ' "Squid ($how): epoch seconds"
	$how "$tmp/audit.log"
	col_is serial number "auditd ($how)"
	col_is pid number "auditd ($how)"
	expect_match "$out" '^time: +2025-12-06 05:46:40\.123000 \.\. ' "auditd ($how): epoch seconds"
done
cat >"$tmp/vmstat.txt" <<'TXT'
procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu----- -----timestamp-----
 r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st                 UTC
 1  0      0 812344  10240 902144    0    0    12    40  150  300  5  2 92  1  0 2026-12-06 03:44:03
 0  0      0 811900  10240 902200    0    0     0    12  140  280  3  1 96  0  0 2026-12-06 03:44:04
 3  1      0 700100  10244 903000    0    0  4096   800 1200 2500 40 10 45  5  0 2026-12-06 03:44:05
TXT
info "$tmp/vmstat.txt"
col_is UTC time "vmstat -t"
col_is free number "vmstat -t"

finish
