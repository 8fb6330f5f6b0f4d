#!/bin/sh
# tests/cli/test_unseen_logs4.sh - logs in shapes the fourth round met
# (the kinds a security tool's parser tests keep: bench/UNSEEN_LOGS.md,
# round four), each sample made up here in its shape: what `loglab info`
# makes of them, loaded and through the line index, and that the browser
# opens each headless.
. "$LL_SRCDIR/tests/lib.sh"

scratch unseen-logs4

# touch_utc FILE STAMP: FILE's modification time, in UTC
touch_utc() { TZ=UTC touch -d "$2" "$1"; }

# screen FILE WHAT: the browser opens FILE headless, within 20 seconds
screen() {
	timeout 20 "$LOGLAB" --dump-screen 24x100 "$1" >/dev/null 2>&1 </dev/null
	expect_eq "$?" 0 "$2: the browser opens it"
}

# IDS alert lines: a US date joined to its clock by a dash, with the year
# and (a sensor not told to write it) without.
printf '%s\n' '03/14/2026-09:26:10.225036  [**] [1:2200074:2] TCPv4 invalid checksum [**] [Priority: 3] {TCP} 10.0.0.9:28487 -> 10.0.0.5:80' \
	'03/14/2026-09:26:41.600001  [**] [1:2008578:4] SCAN probe [**] [Priority: 2] {UDP} 10.0.0.7:5116 -> 10.0.0.5:5060' \
	'03/14/2026-09:27:02.100000  [**] [1:2034567:1] curl to dotted quad [**] [Priority: 2] {TCP} 10.0.0.5:57194 -> 10.0.0.1:80' \
	>"$tmp/alerts.log"
printf '%s\n' '03/14-09:26:10.225036  [**] [1:1000001:1] ICMP test [**] [Priority: 0] {ICMP} 10.0.0.9 -> 10.0.0.5' \
	'03/14-09:26:11.000010  [**] [1:1000001:1] ICMP test [**] [Priority: 0] {ICMP} 10.0.0.9 -> 10.0.0.5' \
	>"$tmp/yearless.log"
touch_utc "$tmp/yearless.log" "2026-06-01 12:00:00"
for how in info info_lazy; do
	$how "$tmp/alerts.log"
	expect_eq "$rc" 0 "alerts ($how): exit"
	expect_match "$out" '^  time +time$' "alerts ($how): a time column"
	expect_match "$out" '^time: +2026-03-14 09:26:10\.225036 \.\. 2026-03-14 09:27:02\.100000$' "alerts ($how): the times"
	$how "$tmp/yearless.log"
	expect_match "$out" '^time: +2026-03-14 09:26:10\.225036 \.\. 2026-03-14 09:26:11\.000010$' \
		"yearless alerts ($how): the file's year"
done
screen "$tmp/alerts.log" "alerts"

# A backup director's messages: day and month's name, no year, a clock to
# the minute; the year is the file's.
printf '%s\n' '09-Jan 19:54 store-sd JobId 2658: Created new Volume "Full-0012" in catalog.' \
	'09-Jan 19:55 store-sd JobId 2658: Labeled new Volume "Full-0012" on device "Disk1"' \
	'10-Jan 01:02 store-dir JobId 2659: Start Backup JobId 2659, Job=nightly.2026-01-10' >"$tmp/backup.log"
touch_utc "$tmp/backup.log" "2026-02-01 12:00:00"
for how in info info_lazy; do
	$how "$tmp/backup.log"
	expect_match "$out" '^time: +2026-01-09 19:54:00 \.\. 2026-01-10 01:02:00$' "day-month name, no year ($how): the times"
done
screen "$tmp/backup.log" "day-month name, no year"

# Node services that log JavaScript's US locale: a comma before a
# 12-hour clock; the date is read, not 1970's.
printf '%s\n' '[App] 7  - 08/02/2023, 7:32:47 PM    WARN [AuthService] Failed login for user a@example.com' \
	'[App] 7  - 08/02/2023, 7:34:03 PM     LOG [RoutesResolver] Mapped {/api, GET}' \
	'[App] 7  - 08/03/2023, 10:04:03 AM   ERROR [AuthService] Token expired' >"$tmp/node.log"
for how in info info_lazy; do
	$how "$tmp/node.log"
	expect_eq "$rc" 0 "US locale ($how): exit"
	expect_match "$out" '^time: +2023-08-02 19:32:47 \.\. 2023-08-03 10:04:03$' "US locale ($how): dated, 12-hour clock"
	expect_no_match "$out" '1970-01-01' "US locale ($how): no clock on 1970"
	expect_match "$out" '^  level +text$' "US locale ($how): the level"
done
screen "$tmp/node.log" "US locale"

# Python logging with "::" in its format after the stamp: the level and
# the module are fields, not the message's start.
printf '%s\n' '2024-07-20 12:27:52,797::WARNING::[interface:657] Unsuccessful login from 10.0.0.1' \
	'2024-07-20 12:27:53,100::INFO::[server:400] Starting' \
	'2024-07-20 12:27:54,200::ERROR::[misc:12] Failed to connect' >"$tmp/dcolon.log"
for how in info info_lazy; do
	$how "$tmp/dcolon.log"
	expect_match "$out" '^header: +<time>::<level>::\[<context>\] <message>$' "double colons after a stamp ($how): header"
	expect_match "$out" '^  level +text$' "double colons after a stamp ($how): the level"
	expect_match "$out" '^time: +2024-07-20 12:27:52\.797000 \.\. 2024-07-20 12:27:54\.200000$' \
		"double colons after a stamp ($how): the times"
done
screen "$tmp/dcolon.log" "double colons after a stamp"

# logfmt whose keys come in another order on some lines (a request's own
# pairs before the time): every line its own time, read from the pairs,
# none continuing the line before it.
: >"$tmp/pairs.log"
for i in 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29; do
	if [ $((i % 6)) -eq 0 ]; then
		echo "logger=context userId=0 orgId=1 uname=admin t=2023-03-14T06:10:$i.5+02:00 level=info msg=\"Request Completed\" method=GET status=200"
	else
		echo "logger=alert.sender t=2023-03-14T06:10:$i.1+02:00 level=info msg=\"Sending alerts\" count=$i"
	fi
done >>"$tmp/pairs.log"
for how in info info_lazy; do
	$how "$tmp/pairs.log"
	expect_eq "$rc" 0 "pairs in two orders ($how): exit"
	expect_match "$out" '^rows: +20$' "pairs in two orders ($how): every line a row"
	expect_match "$out" '^  t +time$' "pairs in two orders ($how): the time column"
	expect_match "$out" '^time: +2023-03-14 04:10:10\.100000 \.\. 2023-03-14 04:10:29\.100000$' \
		"pairs in two orders ($how): the times"
	expect_no_match "$out" 'continuation line' "pairs in two orders ($how): no line continues another"
	expect_match "$out" '^  userId +number$' "pairs in two orders ($how): the request's pairs"
done
screen "$tmp/pairs.log" "pairs in two orders"
# the same five lines: one in another order among four
head -n 4 "$tmp/pairs.log" | grep -v userId >"$tmp/five.log"
echo 'logger=context userId=0 orgId=1 t=2023-03-14T06:11:00.5+02:00 level=error msg="Invalid password"' >>"$tmp/five.log"
echo 'logger=alert.sender t=2023-03-14T06:11:01.1+02:00 level=info msg="Sending alerts" count=9' >>"$tmp/five.log"
info "$tmp/five.log"
expect_match "$out" '^rows: +5$' "five lines: every line a row"
expect_match "$out" '^time: +2023-03-14 04:10:10\.100000 \.\. 2023-03-14 04:11:01\.100000$' "five lines: the times"
expect_no_match "$out" 'continuation line' "five lines: no line continues another"
# three lines in two orders are read by their pairs too
printf '%s\n' 'logger=settings t=2024-01-05T10:00:00Z level=info msg="starting"' \
	'logger=context userId=0 t=2024-01-05T10:00:04Z level=error msg="bad password"' \
	't=2024-01-05T10:00:05Z logger=server level=warn msg="slow"' >"$tmp/three.log"
info "$tmp/three.log"
expect_match "$out" '^time: +2024-01-05 10:00:00 \.\. 2024-01-05 10:00:05$' "three lines: the times"

# Tab-separated records without their header line, of two widths (a
# network monitor's logs of two kinds cut together), epoch seconds first:
# the epochs are times, not class labels.
printf '1359565680.761790\tCa1\t10.0.0.1\t53209\t10.0.0.2\t53\tudp\texample.com\n' >"$tmp/records.tsv"
printf '1359565681.100000\tCa2\t10.0.0.1\t53210\t10.0.0.2\t53\tudp\texample.org\n' >>"$tmp/records.tsv"
printf '1359565682.200000\tCb3\t10.0.0.3\t54855\t10.0.0.4\t443\ttcp\tssl\t0.15\tSF\n' >>"$tmp/records.tsv"
printf '1359565683.300000\tCb4\t10.0.0.5\t43927\t10.0.0.2\t53\tudp\tdns\t0.0004\tSF\n' >>"$tmp/records.tsv"
for how in info info_lazy; do
	$how "$tmp/records.tsv"
	expect_no_match "$out" '^format: +labelled' "headerless records ($how): no classes"
	expect_match "$out" '^time: +2013-01-30 17:08:00\.761790 \.\. 2013-01-30 17:08:03\.300000$' "headerless records ($how): the times"
done
screen "$tmp/records.tsv" "headerless records"

# CEF events, bare and after a syslog time and host: the extension's
# pairs are columns, values with blanks whole, and a bare event's time is
# its receipt time (rt, epoch milliseconds).
for i in 1 2 3; do
	echo "CEF:0|Acme|Gate|2.1|20$i|Threat Detected and Blocked|7|proto=TCP src=10.0.0.$i dst=10.0.1.1 rt=17013393${i}0000 cs1Label=Policy cs1=Block List $i msg=blocked by the gate"
done >"$tmp/cef.log"
sed 's/^/Nov 30 10:15:07 gate-1 /' "$tmp/cef.log" >"$tmp/cef-syslog.log"
for how in info info_lazy; do
	$how "$tmp/cef.log"
	expect_match "$out" '^  cs1 +text$' "bare CEF ($how): an extension key a column"
	expect_match "$out" '^  rt +time$' "bare CEF ($how): the receipt time"
	expect_match "$out" '^time: +2023-11-30 10:15:10 \.\. 2023-11-30 10:15:30$' "bare CEF ($how): the times"
	$how "$tmp/cef-syslog.log"
	expect_match "$out" '^  dst +text$' "CEF after syslog ($how): an extension key a column"
	expect_match "$out" 'cs1=<cs1>' "CEF after syslog ($how): the pairs in the header"
done
out=$(timeout 20 "$LOGLAB" --dump-screen 8x200 "$tmp/cef.log" 2>&1 </dev/null)
expect_eq "$?" 0 "bare CEF: the browser opens it"

# Go's log package: a dated stamp, then words one blank apart, most lines
# alike: a log whose first line is a record, not a table under it.
printf '%s\n' '2025/03/15 10:16:17 Listening on [::]:80' '2025/03/15 12:31:17 /: 404 10.0.0.2 <nil>' \
	'2025/03/15 12:31:19 /: 404 10.0.0.2 <nil>' '2025/03/15 12:32:18 /api/login: 403 10.0.0.2 <nil>' \
	'2025/03/15 12:33:35 /: 200 10.0.0.3 <nil>' '2025/03/15 12:34:00 /api/renew: 401 10.0.0.2 <nil>' >"$tmp/go.log"
for how in info info_lazy; do
	$how "$tmp/go.log"
	expect_match "$out" '^format: +log ' "Go's log package ($how): a log"
	expect_match "$out" '^rows: +6$' "Go's log package ($how): every line a row"
	expect_match "$out" '^time: +2025-03-15 10:16:17 \.\. 2025-03-15 12:34:00$' "Go's log package ($how): the times"
done
screen "$tmp/go.log" "Go's log package"

# Short logs whose commas fall inside brackets, or after a stamp's
# seconds and before its Z, on every line: a log, not a CSV whose header
# is the first line.
# (a dozen lines, users in two spellings: as the table's sniffer reads
# them, a header over rows)
for x in 34:5:u1 38:7:u2 43:11:u3 45:3:u4 48:12:u5 50:10:u6 10:8:u1@example.com 13:4:u2@example.com \
	15:2:u3@example.com 17:5:u4@example.com 18:9:u5@example.com 22:11:u6@example.com; do
	s=${x%%:*} r=${x#*:}
	echo "web_1     | 2024-04-06T09:13:$s,820Z [http-exec-${r%%:*}] WARN  a.b.AuthService - Authentication attempt from [10.0.0.1, 10.0.0.2] for user \"${r#*:}\" failed."
done >"$tmp/compose.log"
printf '%s\n' 'Auth: [SMB2,(null)] user [W]\[root] at [Thu, 14 Oct 2021 15:24:12.023984 UTC] status [NO_SUCH_USER] remote [ipv4:10.0.0.1:44890]' \
	'Auth: [SMB2,(null)] user [W]\[admin] at [Thu, 14 Oct 2021 15:24:16.248504 UTC] status [WRONG_PASSWORD] remote [ipv4:10.0.0.1:44896]' \
	>"$tmp/audit.log"
for how in info info_lazy; do
	$how "$tmp/compose.log"
	expect_match "$out" '^format: +log ' "stamp comma before Z ($how): a log"
	expect_match "$out" '^rows: +12$' "stamp comma before Z ($how): every line a row"
	expect_match "$out" '^time: +2024-04-06 09:13:10\.820000 \.\. 2024-04-06 09:13:50\.820000$' \
		"stamp comma before Z ($how): the times"
	$how "$tmp/audit.log"
	expect_match "$out" '^format: +log ' "commas in brackets ($how): a log"
	expect_match "$out" '^rows: +2$' "commas in brackets ($how): every line a row"
	expect_match "$out" '^time: +2021-10-14 15:24:12\.023984 \.\. 2021-10-14 15:24:16\.248504$' \
		"commas in brackets ($how): the times"
done
screen "$tmp/compose.log" "stamp comma before Z"
screen "$tmp/audit.log" "commas in brackets"
# a table that quotes its bracketed cells stays a table
printf '%s\n' 'name,note,n' 'a,"x (1, 2)",1' 'b,"[3, 4]",2' 'c,"{5, 6}",3' >"$tmp/quoted.csv"
info "$tmp/quoted.csv"
expect_match "$out" '^format: +csv ' "quoted brackets: a table"
expect_match "$out" '^rows: +3$' "quoted brackets: its rows"

finish
