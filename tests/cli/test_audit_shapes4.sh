#!/bin/sh
# tests/cli/test_audit_shapes4.sh - shapes a fourth audit found misread in
# logs and tables, each a few lines written here: what `loglab info` makes
# of them, loaded and (LOGLAB_LAZY_THRESHOLD=1) indexed.
. "$LL_SRCDIR/tests/lib.sh"

scratch audit-shapes4

# lazy FILE: sets $out of `loglab info` of FILE read through the line index
lazy() {
	out=$(LOGLAB_LAZY_THRESHOLD=1 "$LOGLAB" info --all-columns "$1" 2>&1)
	rc=$?
}

# small numbers in threes ("3/5/10": won, drawn, lost) read as a date in
# some order, but nothing else says they are dates: text
{
	echo 'team,record,points'
	echo 'Harriers,3/5/10,14'
	echo 'Wanderers,7/2/11,23'
	echo 'Rovers,2/8/10,14'
	echo 'Athletic,6/3/11,21'
	echo 'United,1/4/15,7'
} >"$tmp/league.csv"
touch -d '2026-03-20 12:00:00' "$tmp/league.csv"
info "$tmp/league.csv"
col_is record text "numbers in threes"
expect_eq "$(printf '%s\n' "$out" | grep -c '^time:')" 0 "numbers in threes: no time"
# ... sorted by their last number, they rise as dates would, but over years
sort -t/ -k3n "$tmp/league.csv" | grep -v team | sed '1i team,record,points' >"$tmp/sorted.csv"
info "$tmp/sorted.csv"
col_is record text "numbers in threes, sorted by the last"
# the same cells, alone under a name of dates: dates
printf 'team,Date\nHarriers,3/5/10\nRovers,3/5/10\n' >"$tmp/named.csv"
touch -d '2026-03-20 12:00:00' "$tmp/named.csv"
info "$tmp/named.csv"
col_is Date time "numbers in threes under a date's name"
# dates of two-digit year unpadded ("3/14/26", a spreadsheet's m/d/yy)
# under a name that says nothing, but in a log's order: dates
{
	echo 'host,seen,bytes'
	i=1
	while [ $i -le 9 ]; do
		echo "web$i,3/1$i/26,10$i"
		i=$((i + 1))
	done
} >"$tmp/seen.csv"
touch -d '2026-03-20 12:00:00' "$tmp/seen.csv"
info "$tmp/seen.csv"
col_is seen time "unpadded dates rising"
expect_match "$out" '^time: +2026-03-11 00:00:00 \.\. 2026-03-19 00:00:00$' "unpadded dates rising: read month first"
# padded ("03/05/26") in no order and under no date's name: dates still
printf 'host,seen\na,03/05/26\nb,03/01/26\nc,03/09/26\nd,03/02/26\n' >"$tmp/padded.csv"
touch -d '2026-03-20 12:00:00' "$tmp/padded.csv"
info "$tmp/padded.csv"
col_is seen time "padded two-digit-year dates"

# ss -tn: "Recv-Q Send-Q" and "Local Address:Port" both a blank apart, the
# addresses set right to their colon under the names they straddle, and
# "Process" with nothing under it: six columns
cat >"$tmp/ss.txt" <<'SS'
State      Recv-Q Send-Q     Local Address:Port      Peer Address:Port Process
ESTAB      0      0              10.0.0.5:22           10.0.0.17:53122
ESTAB      0      36             10.0.0.5:22           10.0.0.23:60514
ESTAB      0      0             127.0.0.1:5432         127.0.0.1:41870
TIME-WAIT  0      0              10.0.0.5:443        203.0.113.9:49211
ESTAB      0      0              10.0.0.5:8080      198.51.100.4:33012
CLOSE-WAIT 1      0             127.0.0.1:6379         127.0.0.1:50124
SYN-SENT   0      1              10.0.0.5:47720       192.0.2.10:443
SS
info "$tmp/ss.txt"
expect_match "$out" '^format: +aligned ' "ss: a table"
expect_match "$out" '^columns: +6$' "ss: six columns"
col_is Recv-Q number "ss"
col_is Send-Q number "ss"
col_is 'Local Address:Port' text "ss"
col_is 'Peer Address:Port' text "ss"
# ... and with the process column filled (ss -tnp)
cat >"$tmp/ssp.txt" <<'SS'
State  Recv-Q Send-Q     Local Address:Port      Peer Address:Port  Process
ESTAB  0      0              10.0.0.5:22        10.0.0.17:53122     users:(("sshd",pid=2211,fd=4))
ESTAB  0      36             10.0.0.5:22        10.0.0.23:60514     users:(("sshd",pid=2304,fd=4))
ESTAB  0      0             127.0.0.1:5432      127.0.0.1:41870     users:(("postgres",pid=911,fd=9))
ESTAB  0      0              10.0.0.5:8080   198.51.100.4:33012     users:(("java",pid=1501,fd=77))
SS
info "$tmp/ssp.txt"
expect_match "$out" '^columns: +6$' "ss -p: six columns"
col_is Process text "ss -p"
col_is Send-Q number "ss -p"
# netstat with its names in capitals: counts set right under names one
# blank apart are columns of their own
cat >"$tmp/netstat.txt" <<'NS'
Active Internet connections (w/o servers)
PROTO RECV-Q SEND-Q LOCAL ADDRESS           FOREIGN ADDRESS         STATE
tcp        0      0 10.0.0.5:22             10.0.0.17:53122         ESTABLISHED
tcp        0     36 10.0.0.5:22             10.0.0.23:60514         ESTABLISHED
tcp        0      0 127.0.0.1:5432          127.0.0.1:41870         ESTABLISHED
tcp        0      0 10.0.0.5:443            203.0.113.9:49211       TIME_WAIT
tcp        1      0 127.0.0.1:6379          127.0.0.1:50124         CLOSE_WAIT
tcp6       0      0 ::1:631                 ::1:44312               ESTABLISHED
NS
info "$tmp/netstat.txt"
expect_match "$out" '^columns: +6$' "netstat in capitals: six columns"
col_is PROTO text "netstat in capitals"
col_is RECV-Q number "netstat in capitals"
col_is SEND-Q number "netstat in capitals"
col_is 'LOCAL ADDRESS' text "netstat in capitals"

# lines each a time and a record, an event router's dump, with one key (no
# tag before them): JSON Lines, the record timed, not CSV of its commas
{
	i=1
	while [ $i -le 8 ]; do
		echo "[171040841$i.225, {\"log\":\"GET /api/v1/items/$i 200\"}]"
		i=$((i + 1))
	done
} >"$tmp/pairs.log"
info "$tmp/pairs.log"
expect_match "$out" '^format: +jsonl ' "time and record pairs: JSON Lines"
col_is time time "time and record pairs"
col_is log text "time and record pairs"
expect_match "$out" '^time: +2024-03-14 09:26:51\.225000 \.\. 2024-03-14 09:26:58\.225000$' "time and record pairs: the times"
lazy "$tmp/pairs.log"
col_is time time "time and record pairs: indexed"
# ... numbers in the record, and the time paired with metadata first
{
	i=1
	while [ $i -le 8 ]; do
		echo "[[171040841$i.5, {}], {\"cpu_p\":$i.5, \"user_p\":0.$i, \"system_p\":1.0}]"
		i=$((i + 1))
	done
} >"$tmp/pairs2.log"
info "$tmp/pairs2.log"
expect_match "$out" '^format: +jsonl ' "time and metadata paired: JSON Lines"
col_is time time "time and metadata paired"
col_is cpu_p number "time and metadata paired"
expect_match "$out" '^columns: +4$' "time and metadata paired: empty metadata adds no column"

# one snapshot of free: two rows named on their left under the names, the
# second stopping early: a table, not lines
cat >"$tmp/free.txt" <<'FREE'
               total        used        free      shared  buff/cache   available
Mem:         7861204     2103412      812340       40212     4945452     5420108
Swap:        2097148           0     2097148
FREE
info "$tmp/free.txt"
expect_match "$out" '^format: +aligned ' "a snapshot of free: a table"
expect_match "$out" '^rows: +2$' "a snapshot of free: two rows"
col_is available number "a snapshot of free"

# a JVM's unified logging: "[0.512s]", seconds since the start with their
# unit, is an uptime number, not a context of text
{
	i=1
	while [ $i -le 9 ]; do
		echo "[2026-03-14T09:26:1$i.225+0000][$i.51${i}s][info][gc,start] GC($i) Pause Young (Normal)"
		i=$((i + 1))
	done
} >"$tmp/jvm.log"
info "$tmp/jvm.log"
expect_match "$out" '^header: +\[<time>\]\[<uptime>\]\[<level>\]\[<context>\] <message>$' "uptime with its unit: the header"
col_is uptime number "uptime with its unit"

finish
