#!/bin/sh
# tests/cli/test_audit_shapes3.sh - shapes a third audit found misread in
# logs and tables, each a few lines written here: what `loglab info` makes
# of them, loaded and (LOGLAB_LAZY_THRESHOLD=1) indexed.
. "$LL_SRCDIR/tests/lib.sh"

scratch audit-shapes3

# lazy FILE: sets $out of `loglab info` of FILE read through the line index
lazy() {
	out=$(LOGLAB_LAZY_THRESHOLD=1 "$LOGLAB" info --all-columns "$1" 2>&1)
	rc=$?
}

# "[03/14/26 09:26:10]" is month first (a console handler's %x): the day
# above 12 settles it for the whole file, days 1-12 included
{
	i=1
	while [ $i -le 9 ]; do
		echo "[03/0$i/26 09:26:1$i] INFO     Loaded config for worker $i"
		echo "[03/1$i/26 09:27:1$i] WARNING  Slow response from upstream after 3$i ms"
		i=$((i + 1))
	done
} >"$tmp/rich.log"
touch -d '2026-03-20 12:00:00' "$tmp/rich.log"
info "$tmp/rich.log"
expect_match "$out" '^header: +\[<time>\] <level> <message>$' "month-first two-digit year: the header"
expect_match "$out" '^time: +2026-03-01 09:26:11 \.\. 2026-03-19 09:27:19$' "month-first two-digit year: read month first"
lazy "$tmp/rich.log"
expect_match "$out" '^time: +2026-03-01 09:26:11 \.\. 2026-03-19 09:27:19$' "month-first two-digit year: indexed alike"
# ... and year first, "26/03/14 09:26:10", with the year above 12
{
	i=0
	while [ $i -le 9 ]; do
		echo "26/03/0$i 09:26:1$i INFO Executor: Finished task $i.0 in stage 3.0"
		echo "26/03/1$i 09:26:2$i WARN Executor: Lost task $i.1 in stage 3.0"
		i=$((i + 1))
	done
} | sed 's|26/03/00|26/03/20|' >"$tmp/yearfirst.log"
touch -d '2026-03-20 12:00:00' "$tmp/yearfirst.log"
info "$tmp/yearfirst.log"
expect_match "$out" '^time: +2026-03-01 09:26:11 \.\. 2026-03-20 09:26:10$' "year-first two-digit year: read year first"
# every day 1-12: nothing settles the order; the years nearer the file's
# decide, and a note says so
{
	i=1
	while [ $i -le 9 ]; do
		echo "[03/0$i/26 09:26:1$i] INFO     Loaded config for worker $i"
		i=$((i + 1))
	done
} >"$tmp/unsettled.log"
touch -d '2026-03-20 12:00:00' "$tmp/unsettled.log"
info "$tmp/unsettled.log"
expect_match "$out" '^time: +2026-03-01 09:26:11 \.\. 2026-03-09 09:26:19$' "unsettled day order: the years nearer the file's"
expect_match "$out" 'no date settles the day order: read as MM/dd/yy HH:mm:ss \(years nearer 2026\)' "unsettled day order: said"
lazy "$tmp/unsettled.log"
expect_match "$out" '^time: +2026-03-01 09:26:11 \.\. 2026-03-09 09:26:19$' "unsettled day order: indexed alike"
expect_match "$out" 'no date settles the day order' "unsettled day order: said when indexed"
touch -d '2004-06-01 12:00:00' "$tmp/unsettled.log"
info "$tmp/unsettled.log"
expect_match "$out" '^time: +2003-01-26 09:26:11 \.\. 2003-09-26 09:26:19$' "unsettled day order: an old file reads year first"
# two logs alike but for their stamps' form are read each by its own
{
	i=1
	while [ $i -le 9 ]; do
		echo "2026-03-14 09:26:1$i starting worker $i"
		i=$((i + 1))
	done
} >"$tmp/iso.log"
sed 's/^2026-03-14/14.03.2026/' "$tmp/iso.log" >"$tmp/dotted.log"
out=$("$LOGLAB" info "$tmp/iso.log" "$tmp/dotted.log" 2>&1)
expect_eq "$(printf '%s\n' "$out" | grep -c '^time: *2026-03-14 09:26:11 \.\. 2026-03-14 09:26:19$')" 2 \
	"stamp forms: two files of one pattern, each its form"

# a server's CSV log under a legend, its Date column "03/14/26" month
# first (a day above 12) beside a Time column: one time
{
	echo '		Server Activity Log'
	echo ''
	echo 'Event ID  Meaning'
	echo '10	A new IP address was leased to a client.'
	echo '11	A lease was renewed by a client.'
	echo ''
	echo 'ID,Date,Time,Description,IP Address,Host Name,MAC Address,User Name,TransactionID'
	i=1
	while [ $i -le 9 ]; do
		echo "10,03/1$i/26,09:2$i:10,Assign,10.0.0.1$i,host$i.corp.example,00155D0A0B0$i,,12345678$i"
		echo "11,03/0$i/26,10:2$i:11,Renew,10.0.0.2$i,pc$i.corp.example,00155D0A0C0$i,,22345678$i"
		i=$((i + 1))
	done
} >"$tmp/lease.log"
touch -d '2026-03-20 12:00:00' "$tmp/lease.log"
info "$tmp/lease.log"
expect_match "$out" '^format: +csv ' "two-digit-year Date column: a table"
col_is Date time "two-digit-year Date column"
col_is Time text "two-digit-year Date column: the clocks"
expect_match "$out" '^time: +2026-03-01 10:21:11 \.\. 2026-03-19 09:29:10$' "two-digit-year Date column: dates with their clocks"
expect_match "$out" "column 'Date' holds dates as MM/dd/yy; read month-first \(no other order reads every date\)" "two-digit-year Date column: said"
# a column of days 1-12 only: the years nearer the file's, said
{
	echo 'when,value'
	i=1
	while [ $i -le 9 ]; do
		echo "0$i/0$i/26,$i"
		i=$((i + 1))
	done
} >"$tmp/shortdates.csv"
touch -d '2026-03-20 12:00:00' "$tmp/shortdates.csv"
info "$tmp/shortdates.csv"
col_is when time "unsettled two-digit-year column"
expect_match "$out" '^time: +2026-01-01 00:00:00 \.\. 2026-09-09 00:00:00$' "unsettled two-digit-year column: the years nearer the file's"
expect_match "$out" "as MM/dd/yy; read month-first \(no date settles the order" "unsettled two-digit-year column: said"

# when a record was made or changed, in epoch seconds or milliseconds under
# "created", "updated_at", "Created" (APIs' lists, a container engine's
# JSON): times, in CSV and JSON; a count under such a name stays a number
{
	echo 'id,name,created,updated_at,updated'
	i=0
	while [ $i -le 9 ]; do
		echo "ch_$i,charge $i,17104084$i$i,17104085$i${i}225,$i"
		i=$((i + 1))
	done
} >"$tmp/created.csv"
info "$tmp/created.csv"
col_is created time "epochs under created: CSV"
col_is updated_at time "epoch ms under updated_at: CSV"
col_is updated number "a count under updated: CSV"
expect_match "$out" '^time: +2024-03-14 09:26:40 \.\. 2024-03-14 09:28:19$' "epochs under created: CSV, its time"
{
	echo '{"object": "list", "has_more": false, "data": ['
	i=0
	while [ $i -le 8 ]; do
		echo "{\"id\": \"ch_$i\", \"amount\": $((i * 100 + 50)), \"created\": 17104084$i$i, \"metadata\": {\"updated_at\": 17104085$i${i}225}},"
		i=$((i + 1))
	done
	echo '{"id": "ch_9", "amount": 950, "created": 1710408499, "metadata": {"updated_at": 1710408599225}}]}'
} >"$tmp/created.json"
info "$tmp/created.json"
col_is created time "epochs under created: JSON"
col_is metadata.updated_at time "epoch ms under updated_at: JSON"
expect_match "$out" 'the records are the 10 objects of "data"' "epochs under created: JSON, the envelope's list"
{
	i=0
	while [ $i -le 9 ]; do
		echo "{\"Id\": \"c0ffee$i\", \"Created\": 17104084$i$i, \"State\": \"running\", \"Restarts\": $i}"
		i=$((i + 1))
	done
} >"$tmp/created.jsonl"
info "$tmp/created.jsonl"
# ... but not before a clock's column: the table's time stays that one
{
	echo 'id,created_at,ts,value'
	i=0
	while [ $i -le 9 ]; do
		echo "$i,17104084$i$i,17104085$i$i,$i"
		i=$((i + 1))
	done
} >"$tmp/clock_after.csv"
info "$tmp/clock_after.csv"
col_is created_at number "an event's epochs before a clock's column"
col_is ts time "an event's epochs before a clock's column: the clock"
echo '[{"id": 1, "timestamp": 1710408500, "updated": 1710408400}, {"id": 2, "timestamp": 1710408501, "updated": 1710408401}]' >"$tmp/clock_first.json"
info "$tmp/clock_first.json"
col_is timestamp time "an event's epochs after a clock's column: JSON"
col_is updated time "an event's epochs after a clock's column: JSON, a time too"
expect_match "$out" '^time: +2024-03-14 09:28:20 \.\. 2024-03-14 09:28:21$' "an event's epochs after a clock's column: the clock's time"
info "$tmp/created.jsonl"
col_is Created time "epochs under Created: JSON lines"
col_is Restarts number "epochs under Created: JSON lines, a count stays"

# log4j's "[%t/%level]:" (a game server's console): the level behind a
# thread's name that holds a blank
{
	i=0
	while [ $i -le 9 ]; do
		echo "[09:26:1$i] [Server thread/INFO]: Player$i joined the game"
		echo "[09:26:2$i] [Server thread/WARN]: Can't keep up! Is the server overloaded? Running 20$i ms behind"
		echo "[09:26:3$i] [Worker-Main-$i/INFO]: Preparing spawn area: $i%"
		i=$((i + 1))
	done
} >"$tmp/threads.log"
info "$tmp/threads.log"
expect_match "$out" '^header: +\[<time>\] \[<component\?>/<level>\]: <message>$' "thread/level: the level"
col_is level text "thread/level"
out=$("$LOGLAB" label "$tmp/threads.log" --templates 2>&1)
expect_match "$out" "Can't keep up! Is the server overloaded" "thread/level: the message after the bracket"

# java.util.logging's two-line records: the stamp, class and method, then
# "LEVEL: message"; the level is the record's column, loaded and indexed
{
	i=0
	while [ $i -le 9 ]; do
		echo "Mar 14, 2026 9:26:1$i AM com.example.server.Main start"
		echo "INFO: Server started on port 808$i"
		echo "Mar 14, 2026 9:27:1$i PM org.example.db.Pool acquire"
		echo "WARNING: Pool exhausted, waiting for connection $i"
		i=$((i + 1))
	done
	echo "Mar 14, 2026 9:28:00 PM org.example.db.Pool acquire"
	echo "SEVERE: Connection refused"
	echo "java.net.ConnectException: Connection refused"
	echo "	at java.base/sun.nio.ch.Net.connect0(Native Method)"
} >"$tmp/jul.log"
info "$tmp/jul.log"
col_is level text "level on the line below"
expect_match "$out" '^time: +2026-03-14 09:26:10 \.\. 2026-03-14 21:28:00$' "level on the line below: the times"
lazy "$tmp/jul.log"
col_is level text "level on the line below, indexed"
out=$("$LOGLAB" label "$tmp/jul.log" --templates 2>&1)
expect_match "$out" ' Pool exhausted, waiting for connection <\*>$' "level on the line below: the message is the rest"
expect_eq "$(printf '%s\n' "$out" | grep -c 'WARNING: Pool')" 0 "level on the line below: not in the message"

# Oracle's default TIMESTAMP and DATE forms in an export
{
	echo 'ID,CREATED,DUE,STATUS'
	i=0
	while [ $i -le 9 ]; do
		echo "$i,14-MAR-24 10.0$i.00.000000 AM,1$i-MAR-24,OK"
		echo "1$i,14-MAR-24 03.1$i.25.123456 PM,2$i-MAR-24,FAIL"
		i=$((i + 1))
	done
} >"$tmp/oracle.csv"
info "$tmp/oracle.csv"
col_is CREATED time "Oracle TIMESTAMP"
col_is DUE time "Oracle DATE"
expect_match "$out" '^time: +2024-03-14 10:00:00 \.\. 2024-03-14 15:19:25\.123456$' "Oracle TIMESTAMP: PM after noon"

# a record printed as a pair, its epoch first and a comma after it (a log
# shipper's stdout output "[0] tag: [1710408413.225, {...}]"): the time,
# and (since the fifth audit) the record's members and the tag as columns
{
	i=0
	while [ $i -le 9 ]; do
		echo "[0] cpu.local: [17104084$i$i.225, {\"cpu_p\"=>1.$i, \"user_p\"=>0.$i, \"system_p\"=>0.5}]"
		echo "[1] tail.0: [17104084$i$i.300, {\"log\"=>\"request $i done\", \"stream\"=>\"stdout\"}]"
		i=$((i + 1))
	done
} >"$tmp/pairs.log"
info "$tmp/pairs.log"
expect_match "$out" '^format: +jsonl ' "epoch and comma in a bracket: records"
col_is tag text "epoch and comma in a bracket"
col_is cpu_p number "epoch and comma in a bracket"
col_is log text "epoch and comma in a bracket"
expect_match "$out" '^time: +2024-03-14 09:26:40\.225000 \.\. 2024-03-14 09:28:19\.300000$' "epoch and comma in a bracket: its time"

# a socket table: a line of prose, then mixed-case names set apart by one
# blank as their words are ("Local Address"), IPv4 and IPv6 addresses
{
	echo 'Active Internet connections (w/o servers)'
	echo 'Proto Recv-Q Send-Q Local Address           Foreign Address         State'
	i=0
	while [ $i -le 9 ]; do
		echo "tcp        0     3$i 10.0.0.5:22             192.168.1.1$i:5123$i      ESTABLISHED"
		echo "tcp6       0      0 ::1:631                 ::1:4890$i               TIME_WAIT"
		i=$((i + 1))
	done
} >"$tmp/sockets.txt"
info "$tmp/sockets.txt"
expect_match "$out" '^format: +aligned ' "socket table: aligned"
col_is Recv-Q number "socket table"
col_is 'Local Address' text "socket table"
col_is 'Foreign Address' text "socket table"
col_is State text "socket table"
expect_match "$out" '^rows: +20$' "socket table: every row"

finish
