#!/bin/sh
# tests/cli/test_unseen_logs10.sh - shapes round ten met (bench/UNSEEN_LOGS.md,
# round ten), each sample made up here in its shape: what `loglab info`
# makes of them, loaded and through the line index, and that the browser
# opens each headless.
. "$LL_SRCDIR/tests/lib.sh"

scratch unseen-logs10

# screen FILE WHAT: the browser opens FILE headless, within 20 seconds
screen() {
	timeout 20 "$LOGLAB" --dump-screen 24x100 "$1" >/dev/null 2>&1 </dev/null
	expect_eq "$?" 0 "$2: the browser opens it"
}

# A server's audit log: a title, a legend of twenty event ids written
# "id<TAB>meaning" and a note above a comma-separated header and its rows
# (CRLF). The legend's tabs outnumber the rows' commas in the first forty
# lines: still a table of the rows, its date and clock one time, the
# legend a preamble.
{
	printf '\t\tService Activity Log\r\n\r\n\r\nEvent ID  Meaning\r\n'
	for i in 00 01 02 10 11 12 13 14 15 16 17 18 20 24 25 30 31 32 33 34; do
		printf '%s\tEvent number %s happened to a lease.\r\n' "$i" "$i"
	done
	printf '\r\nQResult: 0: NoQuarantine, 1:Quarantine, 2:Drop Packet, 3:Probation,6:No Quarantine Information\r\n\r\n'
	printf 'ID,Date,Time,Description,IP Address,Host Name,MAC Address,User Name, TransactionID, QResult,Probationtime, CorrelationID,Dhcid,DnsRegError\r\n'
	i=0
	while [ $i -lt 60 ]; do
		printf '11,09/21/21,10:%02d:%02d,Renew,10.0.5.%d,h%d.example.com,ACDE480011%02d,,39174%05d,0,,,,0\r\n' \
			$((i / 6)) $((i % 60)) $((i + 1)) "$i" "$i" "$i"
		i=$((i + 1))
	done
} >"$tmp/audit.log"
for how in info info_lazy; do
	$how "$tmp/audit.log"
	expect_eq "$rc" 0 "legend above a table ($how): exit"
	expect_match "$out" '^format: +csv ' "legend above a table ($how): a table"
	expect_match "$out" '^rows: +60$' "legend above a table ($how): its rows"
	expect_match "$out" '^columns: +14$' "legend above a table ($how): its columns"
	expect_match "$out" '^time: +2021-09-21 10:00:00 \.\. 2021-09-21 10:09:59$' "legend above a table ($how): date and clock"
	expect_match "$out" 'a preamble, left out' "legend above a table ($how): the legend left out"
done
screen "$tmp/audit.log" "legend above a table"
# control: a tab-separated table stays one, whatever its last lines hold
{
	printf 'host\tload\n'
	i=0
	while [ $i -lt 30 ]; do printf 'web%d\t%d\n' "$i" "$i"; i=$((i + 1)); done
	i=0
	while [ $i -lt 6 ]; do printf 'db%d\t1,5\n' "$i"; i=$((i + 1)); done
} >"$tmp/tabs.tsv"
info "$tmp/tabs.tsv"
expect_match "$out" '^format: +csv ' "tabs then decimal commas: a table"
expect_match "$out" '^columns: +2$' "tabs then decimal commas: two columns"

# A DNS server's query log as a container's output: no stamp, a level in
# brackets, the client, the question in quotes, then the answer's flags
# joined by commas ("qr,rd,ra") amid the line's words. The commas are no
# table's (it was one of three columns, its first line their names): a
# log whose level is read.
printf '%s\n' '[INFO] 172.17.0.1:42114 - 64820 "A IN host.example.com. udp 57 false 1232" NOERROR qr,aa,rd 66 0.000150566s' \
	'[INFO] 172.17.0.1:53202 - 15835 "A IN abc.xyz. udp 48 false 1232" NOERROR qr,rd,ra 174 0.059537278s' \
	'[INFO] 172.17.0.1:41393 - 54384 "A IN asdf.coma. udp 50 false 1232" NXDOMAIN qr,rd,ra 113 0.056197162s' \
	'[INFO] 172.17.0.1:56457 - 60490 "MX IN abc-xyz.com. udp 57 false 1232" NOERROR qr,rd,ra 345 0.069406899s' \
	'[INFO] [::1]:55527 - 18434 "PTR IN 81.2.69.195. udp 48 false 1232" NXDOMAIN qr,rd,ra 111 0.097184417s' >"$tmp/dns.log"
for how in info info_lazy; do
	$how "$tmp/dns.log"
	expect_eq "$rc" 0 "flags amid a line ($how): exit"
	expect_match "$out" '^format: +log ' "flags amid a line ($how): a log"
	expect_match "$out" '^rows: +5$' "flags amid a line ($how): a row a line"
	expect_match "$out" '^  level +text$' "flags amid a line ($how): a level column"
done
screen "$tmp/dns.log" "flags amid a line"
# control: a table whose header names its cells, rows of free text in
# the first and last cells around a word, stays a table
{
	printf 'Full Name,Age,Home Address\n'
	i=0
	while [ $i -lt 12 ]; do printf 'Jane Q Doe%d,%d,%d North Road Oxford\n' "$i" $((20 + i)) "$i"; i=$((i + 1)); done
} >"$tmp/people.csv"
info "$tmp/people.csv"
expect_match "$out" '^format: +csv ' "free text around a word under names: a table"
expect_match "$out" '^columns: +3$' "free text around a word under names: three columns"

# A web server's daily W3C files named by a two-digit year's date glued
# to the name's letters (u_exYYMMDD.log): one host's chain of three days,
# not three hosts; their rows in the order of their dates.
mkdir "$tmp/iis"
for d in 30 01 02; do
	m=12
	[ "$d" = 30 ] && m=11
	{
		printf '#Software: Web Server 10.0\r\n#Version: 1.0\r\n#Date: 2021-%s-%s 00:00:01\r\n' "$m" "$d"
		printf '#Fields: date time s-ip cs-method cs-uri-stem s-port c-ip sc-status time-taken\r\n'
		for h in 00 12; do
			printf '2021-%s-%s %s:00:01 10.0.0.5 GET /index.html 443 192.168.1.9 200 15\r\n' "$m" "$d" "$h"
		done
	} >"$tmp/iis/u_ex21$m$d.log"
done
info "$tmp/iis/u_ex*.log"
expect_eq "$rc" 0 "daily files of a glued date: exit"
expect_match "$out" '^files: +3 tables, 1 host, ' "daily files of a glued date: one host"
expect_match "$out" '^time: +2021-11-30 00:00:01 \.\. 2021-12-02 12:00:01$' "daily files of a glued date: their time"
expect_match "$out" 'u_ex211130\.log +u_ex ' "daily files of a glued date: the chain's name"
# control: hosts numbered in their names stay hosts
mkdir "$tmp/hosts"
for n in 01 02; do
	cp "$tmp/iis/u_ex211201.log" "$tmp/hosts/web$n.log"
done
info "$tmp/hosts/web*.log"
expect_match "$out" '^files: +2 tables, 2 hosts, ' "numbered hosts: two hosts"

# A firewall's key=value lines: the time quoted with a blank in it, then
# quoted names and a second quoted stamp (the session's start) before
# more pairs. The second stamp is one value (it was cut at its blank, the
# pairs after it left empty in the header's columns and read again from
# the message as kv.pri ...); the writer's quotes are no value's. The
# stamp carries no zone and tz= gives its UTC offset: it is read in it.
i=0
while [ $i -lt 6 ]; do
	printf 'id=firewall time="2019-06-21 10:42:1%d" fw="SN310A" tz=+0200 startime="2019-06-21 10:42:0%d" pri=5 confid=01 ruleid=9 srcif="Ethernet0" proto=http src=192.168.1.1%d dstport=80 action=pass msg="" logtype="filter"\n' "$i" "$i" "$i"
	i=$((i + 1))
done >"$tmp/fw.log"
for how in info info_lazy; do
	$how "$tmp/fw.log"
	expect_eq "$rc" 0 "a second quoted stamp ($how): exit"
	expect_match "$out" 'startime="<startime>" pri=<pri>' "a second quoted stamp ($how): the pairs after it the header's"
	expect_no_match "$out" '^  kv\.pri ' "a second quoted stamp ($how): no pair read twice"
	expect_match "$out" '^  pri +number$' "a second quoted stamp ($how): pri a number"
	# the stamp has no zone; tz= gives its UTC offset: read in it
	expect_match "$out" '^time: +2019-06-21 08:42:10 \.\. 2019-06-21 08:42:15$' "a zone pair ($how): the stamp in its offset"
	expect_match "$out" 'time is read in the UTC offset of tz, shown in UTC' "a zone pair ($how): noted"
	expect_match "$out" '^  tz +text$' "a zone pair ($how): the offset is no number"
done
first_fields "$tmp/fw.log"
expect_match "$out" '^startime +2019-06-21 10:42:00$' "a second quoted stamp: its value whole"
expect_match "$out" '^time +2019-06-21 08:42:10$' "a zone pair: the first record's time"
expect_match "$out" '^tz +\+0200$' "a zone pair: the offset as written"
expect_match "$out" '^fw +SN310A$' "a second quoted stamp: a name without its quotes"
first_fields "$tmp/fw.log" lazy
expect_match "$out" '^startime +2019-06-21 10:42:00$' "a second quoted stamp (lazy): its value whole"
screen "$tmp/fw.log" "a second quoted stamp"

# A connection pooler's log: the time, the pid, the level, the client's
# id with its colon, then the database, user and address, then a message
# that opens with words and their own colon ("login attempt:", "closing
# because:"). Those words are the message's, not a host and a second
# program (was "<field5> <host> <component2>:", host "login").
i=0
while [ $i -lt 8 ]; do
	printf '2018-09-12 16:09:0%d.361 3394 LOG C-0x562376c0261%d: shop/app@127.0.0.1:4389%d login attempt: db=shop user=app tls=no\n' "$i" "$i" "$i"
	printf '2018-09-12 16:09:0%d.500 3394 LOG C-0x562376c0261%d: shop/app@127.0.0.1:4389%d closing because: client close request (age=%d)\n' "$i" "$i" "$i" "$i"
	i=$((i + 1))
done >"$tmp/pooler.log"
for how in info info_lazy; do
	$how "$tmp/pooler.log"
	expect_eq "$rc" 0 "words before a colon after a program ($how): exit"
	expect_match "$out" '^header: +<time> <pid> <level> <component>: <message>' "words before a colon after a program ($how): the message's"
	expect_no_match "$out" '^  component2 ' "words before a colon after a program ($how): no second program"
done
first_fields "$tmp/pooler.log"
expect_match "$out" '^message +shop/app@127.0.0.1:43890 login attempt:$' "words before a colon after a program: the first message"
screen "$tmp/pooler.log" "words before a colon after a program"

finish
