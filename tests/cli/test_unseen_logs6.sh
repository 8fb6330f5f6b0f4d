#!/bin/sh
# tests/cli/test_unseen_logs6.sh - logs in shapes the sixth round met (the
# pipeline test inputs of a log shipper's vendor integrations:
# bench/UNSEEN_LOGS.md, round six), each sample made up here in its shape:
# what `loglab info` makes of them, loaded and through the line index, and
# that the browser opens each headless.
. "$LL_SRCDIR/tests/lib.sh"

scratch unseen-logs6

# touch_utc FILE STAMP: FILE's modification time, in UTC
touch_utc() { TZ=UTC touch -d "$2" "$1"; }

# screen FILE WHAT: the browser opens FILE headless, within 20 seconds
screen() {
	timeout 20 "$LOGLAB" --dump-screen 24x100 "$1" >/dev/null 2>&1 </dev/null
	expect_eq "$?" 0 "$2: the browser opens it"
}

# A database's log with a zone name after the clock (log_line_prefix '%m'):
# CEST is +02:00 wherever it is written, so the times are two hours earlier
# in UTC; a statement continued on indented lines stays its record's.
printf '%s\n' '2025-03-10 14:00:01.100 CEST [2201] LOG:  checkpoint starting: time' \
	'2025-03-10 14:00:03.250 CEST [2201] LOG:  checkpoint complete: wrote 12 buffers' \
	'2025-03-10 14:02:10.500 CEST [3310] app@shop LOG:  duration: 12.5 ms  statement: SELECT id,' \
	'	  name FROM items' \
	'2025-03-10 14:05:00.000 CEST [3311] app@shop ERROR:  relation "carts" does not exist' >"$tmp/db.log"
for how in info info_lazy; do
	$how "$tmp/db.log"
	expect_eq "$rc" 0 "zone name after the clock ($how): exit"
	expect_match "$out" '^time: +2025-03-10 12:00:01\.100000 \.\. 2025-03-10 12:05:00$' \
		"zone name after the clock ($how): CEST applied"
done
screen "$tmp/db.log" "zone name after the clock"

# Names of several zones stay as written: CST is China's and America's.
printf '%s\n' '2025-03-10 14:00:01 CST [2201] LOG:  a' '2025-03-10 14:00:02 CST [2201] LOG:  b' \
	'2025-03-10 14:00:03 CST [2201] LOG:  c' >"$tmp/cst.log"
info "$tmp/cst.log"
expect_match "$out" '^time: +2025-03-10 14:00:01 \.\. 2025-03-10 14:00:03$' "control: CST read, not applied"

# A router's own clock with its year, a zone name after it on some lines
# and not on others: every line is a record, each with its zone.
printf '%s\n' '<189>4411: rtr1: Mar 10 2025 09:00:05 PST: %LINK-3-UPDOWN: Interface Gi0/1, changed state to down' \
	'<189>4412: rtr1: Mar 10 2025 17:00:07: %LINK-3-UPDOWN: Interface Gi0/1, changed state to up' \
	'<189>4413: rtr1: Mar 10 2025 18:00:09 CET: %SYS-5-CONFIG_I: Configured from console by admin' >"$tmp/router.log"
for how in info info_lazy; do
	$how "$tmp/router.log"
	expect_eq "$rc" 0 "router clock ($how): exit"
	expect_match "$out" '^time: +2025-03-10 17:00:05 \.\. 2025-03-10 17:00:09$' "router clock ($how): zones applied"
done
screen "$tmp/router.log" "router clock"

# A key-value store's log before its 3.2: day, month's name and clock, no
# year (the file's year), after "pid:role" or alone.
printf '%s\n' '812:M 12 Apr 08:30:00.120 * Server initialized' \
	'812:M 12 Apr 08:30:00.125 * Ready to accept connections' \
	'812:M 12 Apr 08:41:13.002 # User requested shutdown...' >"$tmp/kv.log"
touch_utc "$tmp/kv.log" "2026-06-01 12:00:00"
printf '%s\n' '12 Apr 08:30:00 - Server started, version 1.2' '12 Apr 08:30:00 * WARNING low memory' \
	'12 Apr 08:31:05 . 0 clients connected' >"$tmp/kv-old.log"
touch_utc "$tmp/kv-old.log" "2026-06-01 12:00:00"
for how in info info_lazy; do
	$how "$tmp/kv.log"
	expect_eq "$rc" 0 "day and month, no year ($how): exit"
	expect_match "$out" '^time: +2026-04-12 08:30:00\.120000 \.\. 2026-04-12 08:41:13\.002000$' \
		"day and month, no year ($how): the file's year"
	expect_no_match "$out" '1970-01-01' "day and month, no year ($how): no bare times of day"
	$how "$tmp/kv-old.log"
	expect_match "$out" '^time: +2026-04-12 08:30:00 \.\. 2026-04-12 08:31:05$' \
		"day and month, no year, alone ($how): the file's year"
done
screen "$tmp/kv.log" "day and month, no year"

# A firewall forwarding BSD lines and RFC 5424 lines into one file: the
# RFC 5424 lines are rows with their own time, host and program.
printf '%s\n' '<29>Mar 10 21:42:57 vpnd[6602]: 10.1.2.3:3784 peer info: VER=3' \
	'<37>Mar 10 21:42:58 vpnd[1983]: user alice authenticated' \
	'<27>1 2025-03-10T22:17:01.074560-05:00 gw.example.org vpnd 6602 - - TLS Error: no HMAC in packet' \
	'<29>Mar 10 21:43:10 vpnd[6602]: alice/10.1.2.3:3784 pool returned 10.8.0.2' \
	'<36>1 2025-03-10T22:40:38.477134-05:00 gw.example.org vpnd 6881 - - user bob could not authenticate' >"$tmp/mixed.log"
touch_utc "$tmp/mixed.log" "2025-06-01 12:00:00"
for how in info info_lazy; do
	$how "$tmp/mixed.log"
	expect_eq "$rc" 0 "RFC 5424 among BSD lines ($how): exit"
	expect_match "$out" '^format: +syslog ' "RFC 5424 among BSD lines ($how): syslog"
	expect_no_match "$out" 'continuation' "RFC 5424 among BSD lines ($how): no continuation lines"
	expect_match "$out" '^time: +2025-03-10 21:42:57 \.\. 2025-03-11 03:40:38\.477134$' \
		"RFC 5424 among BSD lines ($how): their own times"
done
screen "$tmp/mixed.log" "RFC 5424 among BSD lines"

# A firewall's key=value events whose time is quoted with a blank inside
# (time="2025-03-10 08:19:21"): one time, not a date and a bare clock.
printf '%s\n' '<134>  id=fw sn=00AB12 time="2025-03-10 08:19:21" fw=10.0.0.9 pri=6 c=0 m=97 src=10.0.0.5:5460:X1 dst=10.0.0.7:80:X1 proto=tcp/http sent=52 n=10' \
	'<134>  id=fw sn=00AB12 time="2025-03-10 08:19:25" fw=10.0.0.9 pri=6 c=0 m=97 src=10.0.0.5:5461:X1 dst=10.0.0.7:80:X1 proto=tcp/http sent=60 n=11' \
	'<134>  id=fw sn=00AB12 time="2025-03-10 08:20:02" fw=10.0.0.9 pri=5 c=0 m=98 src=10.0.0.6:5462:X1 dst=10.0.0.8:443:X1 proto=tcp/https sent=70 n=12' \
	>"$tmp/quoted.log"
for how in info info_lazy; do
	$how "$tmp/quoted.log"
	expect_eq "$rc" 0 "quoted stamp in a pair ($how): exit"
	expect_match "$out" '^time: +2025-03-10 08:19:21 \.\. 2025-03-10 08:20:02$' "quoted stamp in a pair ($how): the whole stamp"
	expect_no_match "$out" '1970-01-01' "quoted stamp in a pair ($how): no bare clocks"
done
screen "$tmp/quoted.log" "quoted stamp in a pair"

# A UTM's lines: colons in the date too, a dash before the clock.
printf '%s\n' '2025:03:10-06:50:45 gw-a dhcpd: DHCPACK on 10.0.0.12 to 00:11:22:33:44:55 via eth1' \
	'2025:03:10-06:51:02 gw-a dhcpd: DHCPREQUEST for 10.0.0.12 from 00:11:22:33:44:55 via eth1' \
	'2025:03:10-07:02:13 gw-b named: client 10.0.0.12#5353: query refused' >"$tmp/utm.log"
for how in info info_lazy; do
	$how "$tmp/utm.log"
	expect_match "$out" '^time: +2025-03-10 06:50:45 \.\. 2025-03-10 07:02:13$' "colon date, dash clock ($how): times"
done
screen "$tmp/utm.log" "colon date, dash clock"

# An application gateway's native lines: a date, a colon, the clock, and
# further on a 9-digit counter that is no epoch.
printf '%s\n' '<134> 03/10/2025:22:38:17  gw1 0-PPE-0 : default APPFW SIGNATURE_MATCH 124787067 0 :  10.0.0.5 a1-PPE0 - prof1 rule 7 matched <blocked>' \
	'<134> 03/10/2025:22:38:19  gw1 0-PPE-0 : default APPFW SIGNATURE_MATCH 124787068 0 :  10.0.0.6 a2-PPE0 - prof1 rule 9 matched <blocked>' >"$tmp/gateway.log"
for how in info info_lazy; do
	$how "$tmp/gateway.log"
	expect_match "$out" '^time: +2025-03-10 22:38:17 \.\. 2025-03-10 22:38:19$' "date, colon, clock ($how): times"
	expect_no_match "$out" '^time: +1973' "date, colon, clock ($how): the counter is no time"
done
screen "$tmp/gateway.log" "date, colon, clock"

# A zone name that names one offset in a database's %t prefix (PKT +05:00),
# and one that names several (SST) still read as part of the stamp.
printf '%s\n' '2025-04-07 21:09:41 PKT [2159] app@db LOG:  a' '2025-04-07 21:09:42 PKT [2159] app@db LOG:  b' \
	'2025-04-07 22:46:09 SST [2260] app@db ERROR:  c' >"$tmp/zones.log"
info "$tmp/zones.log"
expect_match "$out" '^time: +2025-04-07 16:09:41 \.\. 2025-04-07 22:46:09$' "PKT applied, SST as written"

# CEF events behind the priority a syslog receiver writes, no syslog header:
# an event's fields, not a table of pipes.
printf '%s\n' '<14>CEF:0|Acme Labs|Shield|2.1.0_3|Signature|bad-pattern|High|act=block dst=10.0.0.7 dpt=80 duser=${Alert.username} src=10.0.0.5 spt=5612 proto=TCP cat=Alert cs1=Default Policy for Web Sites cs1Label=Policy cs2=WG cs2Label=ServerGroup' \
	'<14>CEF:0|Acme Labs|Shield|2.1.1|User logged in|User admin logged in from 10.0.0.5.|High|suser=admin rt=Oct 05 2024 18:33:02 cat=SystemEvent' >"$tmp/cef.log"
for how in info info_lazy; do
	$how "$tmp/cef.log"
	expect_match "$out" '^format: +log ' "CEF behind a priority ($how): no table"
	expect_match "$out" '^  vendor +text$' "CEF behind a priority ($how): the vendor field"
done
screen "$tmp/cef.log" "CEF behind a priority"

# A web server's error log in its older stamp form, with a line in its
# newer one ([2025-... +0200]) and a line with no stamp: the stamped line
# is a row at its own time, not a continuation at the line above's time;
# the unstamped line still continues its record.
printf '%s\n' '[Mon Mar 10 16:15:55.103522 2025] [mpm_prefork:notice] [pid 11379] AH00163: server configured' \
	'[Mon Mar 10 16:15:56.200000 2025] [core:notice] [pid 11379] AH00094: Command line: httpd' \
	'[Mon Mar 10 16:16:01.000000 2025] [core:error] [pid 11380] [client 10.0.0.5:4711] File does not exist: /srv/x' \
	'AH00558: httpd: could not determine the fully qualified domain name' \
	'[2025-03-11 09:30:00.500000 +0200] [core:notice] [pid 1:tid 2] AH00094: Command line: httpd -D FOREGROUND' >"$tmp/errlog.log"
for how in info info_lazy; do
	$how "$tmp/errlog.log"
	expect_eq "$rc" 0 "a line of the other stamp form ($how): exit"
	expect_match "$out" '^time: +2025-03-10 16:15:55\.103522 \.\. 2025-03-11 07:30:00\.500000$' \
		"a line of the other stamp form ($how): its own time"
	expect_match "$out" '1 line did not match the log format \(first: line 5\)' "a line of the other stamp form ($how): said not to match"
	expect_match "$out" '1 continuation line took the time' "a line of the other stamp form ($how): the unstamped line continues"
done
screen "$tmp/errlog.log" "a line of the other stamp form"

# Control: a file mostly of RFC 5424 lines stays the rfc5424 reader's.
printf '%s\n' '<36>1 2025-03-10T22:40:38Z gw vpnd 1 ID1 - a' '<36>1 2025-03-10T22:40:39Z gw vpnd 1 ID2 - b' \
	'<36>1 2025-03-10T22:40:40Z gw vpnd 1 ID3 - c' '<29>Mar 10 21:43:10 vpnd[6602]: d' >"$tmp/mostly5424.log"
info "$tmp/mostly5424.log"
expect_match "$out" '^format: +rfc5424 ' "control: mostly RFC 5424 stays rfc5424"

finish
