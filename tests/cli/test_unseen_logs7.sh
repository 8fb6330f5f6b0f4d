#!/bin/sh
# tests/cli/test_unseen_logs7.sh - logs in shapes the seventh round met (the
# left-overs of round six: bench/UNSEEN_LOGS.md, round seven), each sample
# made up here in its shape: what `loglab info` makes of them, loaded and
# through the line index, the fields of a first record (first_fields), and that the
# browser opens each headless.
. "$LL_SRCDIR/tests/lib.sh"

scratch unseen-logs7

# touch_utc FILE STAMP: FILE's modification time, in UTC
touch_utc() { TZ=UTC touch -d "$2" "$1"; }

# screen FILE WHAT: the browser opens FILE headless, within 20 seconds
screen() {
	timeout 20 "$LOGLAB" --dump-screen 24x100 "$1" >/dev/null 2>&1 </dev/null
	expect_eq "$?" 0 "$2: the browser opens it"
}

# A switch's lines as its relay writes them: the priority and a colon, then
# the year, the month's name, the clock and a zone name. The colon is the
# priority's; the lines are a log with a time (PDT applied), not plain lines.
printf '%s\n' '<46>: 2025 Jun 03 09:10:00 PDT: %AUTHPRIV-6-SYSTEM_MSG: session opened for admin' \
	'<46>: 2025 Jun 03 09:10:04 PDT: %AUTHPRIV-6-SYSTEM_MSG: session closed for admin' \
	'<45>: 2025 Jun 03 09:12:30 PDT: %ETHPORT-5-IF_DOWN_LINK_FAILURE: Interface Ethernet1/7 is down' >"$tmp/switch.log"
head -1 "$tmp/switch.log" >"$tmp/switch1.log"
for how in info info_lazy; do
	$how "$tmp/switch.log"
	expect_eq "$rc" 0 "priority and colon ($how): exit"
	expect_match "$out" '^format: +log ' "priority and colon ($how): a log"
	expect_match "$out" '^time: +2025-06-03 16:10:00 \.\. 2025-06-03 16:12:30$' "priority and colon ($how): PDT applied"
	$how "$tmp/switch1.log"
	expect_match "$out" '^time: +2025-06-03 16:10:00' "priority and colon, one line ($how): its time"
done
screen "$tmp/switch.log" "priority and colon"
# control: a bracket of digits without the colon reads as before
printf '%s\n' '[46] 2025-06-03 09:10:00 a' '[46] 2025-06-03 09:10:04 b' '[46] 2025-06-03 09:12:30 c' >"$tmp/bracket.log"
info "$tmp/bracket.log"
expect_match "$out" '^time: +2025-06-03 09:10:00 \.\. 2025-06-03 09:12:30$' "control: bracket without a colon"

# A relay's BSD lines naming a second address before the program: the
# program is the word with the pid, the address stays in the line.
printf '%s\n' '<30>Mar 27 08:33:01 gw1.example.net 10.20.0.1 dhcpd[7024]: DHCPOFFER on 10.1.0.5 to 02:00:00:00:00:01 via eth3' \
	'<30>Mar 27 08:32:59 gw1.example.net dhcpd[1761]: DHCPDISCOVER from 02:00:00:00:00:01 via eth3' \
	'<30>Mar 27 08:33:02 gw1.example.net dhcpd[1761]: DHCPREQUEST for 10.1.0.5 from 02:00:00:00:00:01 via eth3' >"$tmp/relay2.log"
# A firewall's serial and its own clock in brackets before the program.
printf '%s\n' '<142>May 10 15:19:05 fw-edge SERIAL0042 (2025-05-10T09:49:05) firewall[10]: msg_id="3000-0027" starting up' \
	'<142>May 10 15:19:06 fw-edge SERIAL0042 (2025-05-10T09:49:06) firewall[10]: msg_id="3000-0028" shutting down' >"$tmp/serial.log"
# A router's slot in brackets before its tag, no pid.
printf '%s\n' '<158>May  4 05:16:01 edge-1 (FPC Slot 2, PIC Slot 0) PFE_FW_SYSLOG_IP: FW: xe-0/0/1.0 A udp 192.0.2.7 198.51.100.9 53 53 (1 packets)' \
	'<158>May  4 05:16:02 edge-1 rpd[1520]: bgp peer 192.0.2.1 up' >"$tmp/slot.log"
for lazy in "" lazy; do
	first_fields "$tmp/relay2.log" $lazy
	expect_eq "$rc" 0 "second address (${lazy:-loaded}): exit"
	expect_match "$out" '^program +dhcpd$' "second address (${lazy:-loaded}): the program is the word with the pid"
	expect_match "$out" '^pid +7024$' "second address (${lazy:-loaded}): its pid"
	expect_match "$out" '^host +gw1\.example\.net$' "second address (${lazy:-loaded}): the host"
	first_fields "$tmp/serial.log" $lazy
	expect_match "$out" '^program +firewall$' "serial and clock (${lazy:-loaded}): the program"
	first_fields "$tmp/slot.log" $lazy
	expect_match "$out" '^program +PFE_FW_SYSLOG_IP$' "slot (${lazy:-loaded}): the program"
done
screen "$tmp/relay2.log" "second address"
# control: a program whose name has blanks of its own stays whole
printf '%s\n' 'Oct 11 22:14:15 mac Google Chrome Helper[311]: renderer started' \
	'Oct 11 22:14:16 mac Google Chrome Helper[311]: renderer stopped' >"$tmp/mac.log"
first_fields "$tmp/mac.log"
expect_match "$out" '^program +Google Chrome Helper$' "control: a name with blanks stays whole"
# control: words before a tag without a pid and with no bracket stay
printf '%s\n' '<182>Dec 12 05:11:05 ise-host PURGE_AUDIT 2025-12-12 04:16:26.526 +0100 60198 INFO null: purge done' \
	'<182>Dec 12 05:11:09 ise-host PURGE_AUDIT 2025-12-12 04:16:30.001 +0100 60199 INFO null: purge done' >"$tmp/words.log"
first_fields "$tmp/words.log"
expect_no_match "$out" '^program +null$' "control: no pid, no bracket: the words stay"

# An access log whose client is a forwarded-for list (the proxies' hops,
# each but the last with its comma): one client, every line a record.
printf '%s\n' 'shop.example 192.0.2.44, 10.0.0.1, 127.0.0.1 - - [07/Mar/2025:11:05:07 +0100] "GET /cart HTTP/1.1" 200 571 "-" "Mozilla/5.0"' \
	'shop.example 198.51.100.7 - - [07/Mar/2025:11:05:09 +0100] "GET /cart HTTP/1.1" 200 571 "-" "Mozilla/5.0"' \
	'shop.example 192.0.2.45, 10.0.0.1 - - [07/Mar/2025:11:06:00 +0100] "POST /pay HTTP/1.1" 502 157 "-" "Mozilla/5.0"' >"$tmp/xff.log"
for how in info info_lazy; do
	$how "$tmp/xff.log"
	expect_eq "$rc" 0 "forwarded-for client ($how): exit"
	expect_match "$out" '^format: +clf ' "forwarded-for client ($how): an access log"
	expect_match "$out" '^time: +2025-03-07 10:05:07 \.\. 2025-03-07 10:06:00$' "forwarded-for client ($how): every line's time"
	expect_no_match "$out" 'continuation' "forwarded-for client ($how): no line continues another"
done
for lazy in "" lazy; do
	first_fields "$tmp/xff.log" $lazy
	expect_match "$out" '^client +192\.0\.2\.44, 10\.0\.0\.1, 127\.0\.0\.1$' "forwarded-for client (${lazy:-loaded}): every hop"
done
screen "$tmp/xff.log" "forwarded-for client"

# A database's error log of its 5.5 days: a bracketed level after the
# stamp on some lines ("[Note]", "[Warning]"), none on its storage engine's
# lines. The level is a column where written, out of the message.
printf '%s\n' '250301 10:00:00 [Warning] option prefix recover is deprecated; use recover-options' \
	'250301 10:00:00 [Note] Plugin FEDERATED is disabled.' \
	'250301 10:00:00 InnoDB: The memory heap is disabled' \
	'250301 10:00:01 InnoDB: Initializing buffer pool, size = 128.0M' \
	'250301 10:00:02 InnoDB: Completed initialization of buffer pool' \
	'250301 10:00:05 [Note] Event Scheduler: Loaded 0 events' \
	'250301 10:00:05 [Note] /usr/sbin/dbd: ready for connections.' >"$tmp/dberr.log"
for how in info info_lazy; do
	$how "$tmp/dberr.log"
	expect_eq "$rc" 0 "level on some lines ($how): exit"
	col_is level text "level on some lines ($how)"
done
for lazy in "" lazy; do
	first_fields "$tmp/dberr.log" $lazy
	expect_match "$out" '^level +Warning$' "level on some lines (${lazy:-loaded}): the level"
	expect_match "$out" '^message +option prefix recover is deprecated; use recover-options$' \
		"level on some lines (${lazy:-loaded}): the message after it"
done
screen "$tmp/dberr.log" "level on some lines"

# A relay's file: BSD lines (one with a Java trace under it), and lines of
# another shape that open with a priority: records of their own, not the
# trace's continuations. One names its year (its own time, CET applied),
# one has no year (no time: its year is unknown); the trace stays the
# record's.
printf '%s\n' '<13>Mar 10 10:00:00 app1 billing[310]: java.lang.IllegalStateException: queue closed' \
	'	at com.example.billing.Queue.take(Queue.java:88)' \
	'	at com.example.billing.Worker.run(Worker.java:41)' \
	'<13>Mar 10 10:00:02 app1 billing[310]: retrying in 5 s' \
	'<174>4411: rtr2: 29391: Mar 10 10:00:03.125 CET: %SYS-5-CONFIG_I: Configured from console by admin' \
	'<189>1000001: Mar 10 2025 10:00:04.000 CET: %SESSION_MGR-5-FAIL: Authorization failed for client (0200.0000.0001)' \
	'<13>Mar 10 10:00:06 app1 billing[310]: queue reopened' >"$tmp/relay.log"
touch_utc "$tmp/relay.log" "2025-06-01 12:00:00"
for how in info info_lazy; do
	$how "$tmp/relay.log"
	expect_eq "$rc" 0 "priority lines of another shape ($how): exit"
	expect_match "$out" '^rows: +7$' "priority lines of another shape ($how): one row a line"
	expect_match "$out" '2 lines did not match the syslog format \(first: line 5\)' \
		"priority lines of another shape ($how): rows of their own"
	expect_match "$out" '2 continuation lines took' "priority lines of another shape ($how): the trace stays the record's"
	expect_match "$out" '^time: +2025-03-10 09:00:04 \.\. 2025-03-10 10:00:06$' \
		"priority lines of another shape ($how): the dated one at its own time"
done
screen "$tmp/relay.log" "priority lines of another shape"

finish
