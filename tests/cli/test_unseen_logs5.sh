#!/bin/sh
# tests/cli/test_unseen_logs5.sh - logs in shapes the fifth round met (the
# samples a host intrusion detector's rules are tested on: bench/UNSEEN_LOGS.md,
# round five), each sample made up here in its shape: what `loglab info`
# makes of them, loaded and through the line index, a record's fields in the
# browser, and that the browser opens each headless.
. "$LL_SRCDIR/tests/lib.sh"

scratch unseen-logs5

# touch_utc FILE STAMP: FILE's modification time, in UTC
touch_utc() { TZ=UTC touch -d "$2" "$1"; }

# screen FILE WHAT: the browser opens FILE headless, within 20 seconds
screen() {
	timeout 20 "$LOGLAB" --dump-screen 24x100 "$1" >/dev/null 2>&1 </dev/null
	expect_eq "$?" 0 "$2: the browser opens it"
}

# An intrusion detector's archive: the year, then a month's name, then the
# agent and the line it forwarded. The year is the line's, not the file's.
printf '%s\n' '2024 Mar 03 09:15:02 (web01) 10.1.2.3->/var/log/auth.log Mar  3 09:15:01 web01 sshd[2211]: Failed password for invalid user admin from 10.9.8.7 port 51000 ssh2' \
	'2024 Mar 03 09:15:07 (web01) 10.1.2.3->/var/log/auth.log Mar  3 09:15:06 web01 sshd[2211]: Connection closed by 10.9.8.7 port 51000 [preauth]' \
	'2024 Mar 03 09:16:40 (db02) 10.1.2.4->/var/log/syslog Mar  3 09:16:39 db02 CRON[881]: (root) CMD (run-parts /etc/cron.hourly)' \
	'2024 Mar 03 09:18:55 (win07) 10.1.2.20->EventChannel Security: AUDIT_FAILURE(4625): An account failed to log on.' \
	>"$tmp/archives.log"
touch_utc "$tmp/archives.log" "2026-06-01 12:00:00"
for how in info info_lazy; do
	$how "$tmp/archives.log"
	expect_eq "$rc" 0 "year before month ($how): exit"
	expect_match "$out" '^header: +<time> \(<context>\) ' "year before month ($how): the stamp opens the header"
	expect_no_match "$out" '^  id +' "year before month ($how): the year is no id"
	expect_match "$out" '^time: +2024-03-03 09:15:02 \.\. 2024-03-03 09:18:55$' "year before month ($how): the line's year"
done
screen "$tmp/archives.log" "year before month"

# The detector's alerts: a record of several lines, its second the stamp
# with the year first; the file is a log with times, not plain lines.
printf '%s\n' '** Alert 1709457302.1234: - syslog,sshd,authentication_failed,' \
	'2024 Mar 03 09:15:02 (web01) 10.1.2.3->/var/log/auth.log' \
	"Rule: 5716 (level 5) -> 'sshd: authentication failed.'" 'Src IP: 10.9.8.7' \
	'Mar  3 09:15:01 web01 sshd[2211]: Failed password for invalid user admin from 10.9.8.7 port 51000 ssh2' '' \
	'** Alert 1709457307.1300: - syslog,sshd,' '2024 Mar 03 09:15:07 (web01) 10.1.2.3->/var/log/auth.log' \
	"Rule: 5706 (level 6) -> 'sshd: insecure connection attempt (scan).'" \
	'Mar  3 09:15:06 web01 sshd[2211]: Did not receive identification string from 10.9.8.7' '' \
	'** Alert 1709457535.1500: mail  - syslog,errors,' '2024 Mar 03 09:18:55 (db02) 10.1.2.4->/var/log/syslog' \
	"Rule: 1002 (level 2) -> 'Unknown problem somewhere in the system.'" \
	'Mar  3 09:18:54 db02 kernel: error: disk sda reported I/O failure' >"$tmp/alerts.log"
touch_utc "$tmp/alerts.log" "2026-06-01 12:00:00"
for how in info info_lazy; do
	$how "$tmp/alerts.log"
	expect_match "$out" '^format: +log ' "alerts of several lines ($how): a log"
	expect_match "$out" '^time: +2024-03-03 09:15:02 \.\. 2024-03-03 09:18:55$' "alerts of several lines ($how): the times"
done
screen "$tmp/alerts.log" "alerts of several lines"

# Windows events as such a detector's agent writes them: the year first too,
# then the channel and the event's parts behind colons.
printf '%s\n' '2023 Nov 14 08:01:12 WinEvtLog: Security: AUDIT_SUCCESS(4624): Microsoft-Windows-Security-Auditing: alice: CORP: PC-17: An account was successfully logged on.' \
	'2023 Nov 14 08:03:40 WinEvtLog: Security: AUDIT_FAILURE(4625): Microsoft-Windows-Security-Auditing: bob: CORP: PC-22: An account failed to log on.' \
	'2023 Nov 14 08:05:02 WinEvtLog: Application: INFORMATION(1000): MyService: (no user): no domain: PC-17: service started' \
	>"$tmp/winevt.log"
touch_utc "$tmp/winevt.log" "2026-06-01 12:00:00"
for how in info info_lazy; do
	$how "$tmp/winevt.log"
	expect_match "$out" '^time: +2023-11-14 08:01:12 \.\. 2023-11-14 08:05:02$' "agent's Windows events ($how): the line's year"
	expect_match "$out" '^header: +<time> <component>: ' "agent's Windows events ($how): the stamp opens the header"
done
screen "$tmp/winevt.log" "agent's Windows events"

# An FTP server through syslog: its pid closed by "] ", the server and the
# client before the colon. The program is the word, the pid a number.
printf '%s\n' 'Mar  4 10:00:01 ftp1 proftpd[4410] ftp1.lan (10.0.0.9[10.0.0.9]): FTP session opened.' \
	'Mar  4 10:00:03 ftp1 proftpd[4410] ftp1.lan (10.0.0.9[10.0.0.9]): USER bob: Login successful.' \
	'Mar  4 10:00:09 ftp1 proftpd[4410] ftp1.lan (10.0.0.9[10.0.0.9]): FTP session closed.' \
	'Mar  4 10:02:30 ftp1 sshd[77]: Accepted publickey for carol from 10.0.0.4 port 40022 ssh2' \
	>"$tmp/ftp.log"
for lazy in "" lazy; do
	first_fields "$tmp/ftp.log" $lazy
	expect_eq "$rc" 0 "pid before text (${lazy:-loaded}): exit"
	expect_match "$out" '^program +proftpd$' "pid before text (${lazy:-loaded}): the program is the word"
	expect_match "$out" '^pid +4410$' "pid before text (${lazy:-loaded}): its pid"
	expect_match "$out" '^message +ftp1\.lan \(10\.0\.0\.9\[10\.0\.0\.9\]\): FTP session opened\.$' \
		"pid before text (${lazy:-loaded}): the rest is the message"
done
info "$tmp/ftp.log"
expect_match "$out" '^format: +syslog ' "pid before text: syslog"
expect_match "$out" '^  pid +number$' "pid before text: a pid column"
screen "$tmp/ftp.log" "pid before text"
# the same after an RFC 3339 stamp, where a program with blanks is refused
sed 's/^Mar  4 \([0-9:]*\)/2024-03-04T\1Z/' "$tmp/ftp.log" >"$tmp/ftp-iso.log"
info "$tmp/ftp-iso.log"
expect_match "$out" '^format: +syslog ' "pid before text, RFC 3339: syslog"
expect_match "$out" '^time: +2024-03-04 10:00:01 \.\. 2024-03-04 10:02:30$' "pid before text, RFC 3339: the times"

# The FTP server's own log: a stamp with a comma before its milliseconds,
# the host, the name and its pid glued, the colon further on.
sed 's/^Mar  4 \([0-9:]*\)/2024-03-04 \1,250/' "$tmp/ftp.log" | grep proftpd >"$tmp/ftp-own.log"
for how in info info_lazy; do
	$how "$tmp/ftp-own.log"
	expect_match "$out" '^header: +<time> <host> <component>\[<pid>\] ' "own log, pid before text ($how): header"
	expect_match "$out" '^  pid +number$' "own log, pid before text ($how): a pid column"
done
first_fields "$tmp/ftp-own.log" lazy
expect_match "$out" '^component +proftpd$' "own log, pid before text: the program"
expect_match "$out" '^host +ftp1$' "own log, pid before text: the host"
screen "$tmp/ftp-own.log" "own log, pid before text"

# LEEF 1.0 events: the attributes split by tabs, values with blanks whole,
# devTime a time; bare and behind a syslog time and host.
tab=$(printf '\t')
: >"$tmp/leef1.log"
: >"$tmp/leef1-syslog.log"
for i in 1 2 3 4; do
	line="LEEF:1.0|Acme|Gate|4.1|login|devTime=2024-03-04 10:0$i:00${tab}usrName=Jane Roe $i${tab}domain=NT AUTHORITY${tab}src=10.0.0.$i${tab}sev=$i"
	printf '%s\n' "$line" >>"$tmp/leef1.log"
	printf 'Mar  4 10:0%s:01 gw1 %s\n' "$i" "$line" >>"$tmp/leef1-syslog.log"
done
for how in info info_lazy; do
	for f in leef1 leef1-syslog; do
		$how "$tmp/$f.log"
		expect_eq "$rc" 0 "$f ($how): exit"
		expect_match "$out" '^  devTime +time$' "$f ($how): devTime a time"
		expect_match "$out" '^  usrName +text$' "$f ($how): a column for usrName"
		expect_match "$out" '^  domain +text$' "$f ($how): a column for domain"
		expect_match "$out" '^  sev +number$' "$f ($how): sev a number"
	done
	$how "$tmp/leef1.log"
	expect_match "$out" '^time: +2024-03-04 10:01:00 \.\. 2024-03-04 10:04:00$' "leef1 ($how): the times"
done
first_fields "$tmp/leef1.log"
expect_match "$out" '^usrName +Jane Roe 1$' "leef1: a value with a blank, whole"
expect_match "$out" '^domain +NT AUTHORITY$' "leef1: another"
screen "$tmp/leef1.log" "leef1"
screen "$tmp/leef1-syslog.log" "leef1 behind syslog"

# LEEF 1.0 through rsyslog, which writes each tab it receives as "#011"
: >"$tmp/leef1-rsyslog.log"
for i in 1 2 3; do
	printf 'Mar  4 10:0%s:01 gw1 LEEF:1.0|Acme|Gate|4.1|login|devTime=2024-03-04 10:0%s:00#011usrName=Jane Roe %s#011src=10.0.0.%s\n' \
		"$i" "$i" "$i" "$i" >>"$tmp/leef1-rsyslog.log"
done
for how in info info_lazy; do
	$how "$tmp/leef1-rsyslog.log"
	expect_match "$out" '^  devTime +time$' "leef1 through rsyslog ($how): devTime a time"
	expect_match "$out" '^  usrName +text$' "leef1 through rsyslog ($how): a column for usrName"
done
first_fields "$tmp/leef1-rsyslog.log"
expect_match "$out" '^usrName +Jane Roe 1$' "leef1 through rsyslog: a value with a blank, whole"

# LEEF 2.0: the delimiter its header names, as itself or in hex.
: >"$tmp/leef2.log"
: >"$tmp/leef2-hex.log"
for i in 1 2 3; do
	printf 'LEEF:2.0|Acme|Gate|4.1|login|^|devTime=2024-03-04 10:0%s:00^usrName=Jane Roe^reason=bad password %s\n' "$i" "$i" \
		>>"$tmp/leef2.log"
	printf 'LEEF:2.0|Acme|Gate|4.1|login|x5E|devTime=2024-03-04 10:0%s:00^usrName=Jane Roe^reason=bad password %s\n' "$i" \
		"$i" >>"$tmp/leef2-hex.log"
done
for how in info info_lazy; do
	for f in leef2 leef2-hex; do
		$how "$tmp/$f.log"
		expect_match "$out" '^  devTime +time$' "$f ($how): devTime a time"
		expect_match "$out" '^  reason +text$' "$f ($how): a column for reason"
		expect_match "$out" '^time: +2024-03-04 10:01:00 \.\. 2024-03-04 10:03:00$' "$f ($how): the times"
	done
done
first_fields "$tmp/leef2-hex.log" lazy
expect_match "$out" '^reason +bad password 1$' "leef2 hex: a value with blanks, whole"
screen "$tmp/leef2.log" "leef2"

# A mail server's own log file: the level where syslog writes the host and
# the program. Alone, a log with a level column; among syslog lines, the
# level opens the message and no program is named like a level.
printf '%s\n' 'Jun 23 15:04:05 Info: imap-login: Login: user=<alice>, method=PLAIN, rip=10.0.0.5, lip=10.0.0.1' \
	'Jun 23 15:04:06 Info: imap(alice): Disconnected: Logged out in=12 out=800' \
	'Jun 23 15:05:10 Warning: auth: userdb(bob,::ffff:127.0.0.1): user not found from userdb' \
	'Jun 23 15:07:12 Error: auth: pam(dan,10.0.0.7): pam_authenticate() failed: Authentication failure' \
	>"$tmp/imap.log"
touch_utc "$tmp/imap.log" "2026-08-01 12:00:00"
for how in info info_lazy; do
	$how "$tmp/imap.log"
	expect_match "$out" '^format: +log ' "level after the stamp ($how): a log"
	expect_match "$out" '^header: +<time> <level>: <component>: ' "level after the stamp ($how): header"
	expect_match "$out" '^time: +2026-06-23 15:04:05 \.\. 2026-06-23 15:07:12$' "level after the stamp ($how): the times"
done
first_fields "$tmp/imap.log"
expect_match "$out" '^level +Info$' "level after the stamp: the level"
# pairs joined by ", " in the messages: no value keeps the comma
printf '%s\n' 'Jun 23 15:04:05 Info: imap-login: Login: user=<alice>, method=PLAIN, rip=10.0.0.5, lip=10.0.0.1' \
	'Jun 23 15:04:09 Info: imap-login: Login: user=<bob>, method=PLAIN, rip=10.0.0.6, lip=10.0.0.1' \
	'Jun 23 15:05:10 Info: pop3-login: Aborted login: user=<carol>, method=PLAIN, rip=10.0.0.7, lip=10.0.0.1' \
	'Jun 23 15:07:12 Info: imap-login: Disconnected: user=<>, rip=10.0.0.8, lip=10.0.0.1' >"$tmp/logins.log"
first_fields "$tmp/logins.log"
expect_match "$out" '^user +<alice>$' "pairs joined by comma and blank: a value without the comma"
expect_match "$out" '^rip +10\.0\.0\.5$' "pairs joined by comma and blank: another"
screen "$tmp/imap.log" "level after the stamp"
printf '%s\n' 'Jun 23 15:00:01 mail1 dovecot: imap-login: Login: user=<erin>, method=PLAIN' \
	'Jun 23 15:00:02 mail1 dovecot: imap(erin): Logged out' 'Jun 23 15:04:05 Info: imap-login: Login: user=<alice>' \
	'Jun 23 15:04:06 mail1 dovecot: imap(erin): Disconnected' >"$tmp/imap-mixed.log"
touch_utc "$tmp/imap-mixed.log" "2026-08-01 12:00:00"
info "$tmp/imap-mixed.log"
expect_match "$out" '^format: +syslog ' "level after the stamp among syslog: syslog"
expect_no_match "$out" 'continuation' "level after the stamp among syslog: no line continues another"
out=$(timeout 20 "$LOGLAB" --keys 'jj<Enter>' --dump-screen 24x120 "$tmp/imap-mixed.log" 2>&1 </dev/null)
expect_match "$out" '^message +Info: imap-login: Login: user=<alice>$' "level after the stamp among syslog: the message"
expect_no_match "$out" '^program +Info' "level after the stamp among syslog: no program named Info"

# An identity server's events: pairs joined by ", " in the header; the
# comma is the separator, a code a number.
printf '%s\n' '2024-03-04 10:00:01,124 WARN  [org.idp.events] (worker-3) type=LOGIN_ERROR, realmId=web, code=3, ipAddress=10.0.0.5, error=user_not_found' \
	'2024-03-04 10:00:02,500 WARN  [org.idp.events] (worker-1) type=LOGIN_ERROR, realmId=web, code=4, ipAddress=10.0.0.6, error=invalid_user_credentials' \
	'2024-03-04 10:00:09,003 INFO  [org.idp.events] (worker-2) type=LOGOUT, realmId=api, code=5, ipAddress=10.0.0.7, error=none' \
	>"$tmp/events.log"
for how in info info_lazy; do
	$how "$tmp/events.log"
	expect_match "$out" '^header: +.* type=<type>, realmId=<realmId>, code=<code>, ' "pairs joined by comma and blank ($how): header"
	expect_match "$out" '^  code +number$' "pairs joined by comma and blank ($how): a number"
done
first_fields "$tmp/events.log"
expect_match "$out" '^type +LOGIN_ERROR$' "pairs joined by comma and blank: the value"
screen "$tmp/events.log" "pairs joined by comma and blank"

# Control: logfmt pairs and a syslog line with its pid before the colon
# read as before.
printf '%s\n' 'Mar  4 10:00:01 h1 app[12]: done user=a n=1' 'Mar  4 10:00:02 h1 app[12]: done user=b n=2' \
	'Mar  4 10:00:03 h1 app[13]: done user=c n=3' >"$tmp/plain.log"
info "$tmp/plain.log"
expect_match "$out" '^format: +syslog ' "control: syslog"
expect_match "$out" '^  user +text$' "control: the pairs' columns"
first_fields "$tmp/plain.log"
expect_match "$out" '^program +app$' "control: the program"
expect_match "$out" '^message +done$' "control: the message"

finish
