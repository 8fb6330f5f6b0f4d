#!/bin/sh
# tests/cli/test_audit_tables.sh - tables and time series in shapes real
# tools write that an audit found misread, each a few rows written here:
# what `loglab info` makes of them.
. "$LL_SRCDIR/tests/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-audit-tables-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

# a database's text export (mysql -B, SELECT ... INTO OUTFILE, COPY TO)
# writes NULL as \N: missing, not text that turns the column to text
{
	printf 'id\tcreated_at\tduration_ms\tstatus\n'
	i=0
	while [ $i -lt 20 ]; do
		d=$((i * 37 % 900 + 1))
		[ $((i % 6)) -eq 0 ] && d='\N'
		printf '%d\t2024-03-14 10:00:%02d\t%s\tok\n' $i $i "$d"
		i=$((i + 1))
	done
} >"$tmp/nulls.tsv"
info "$tmp/nulls.tsv"
expect_eq "$rc" 0 "nulls: info"
expect_match "$out" '^rows: +20$' "nulls: rows"
col_is duration_ms number nulls
col_is created_at time nulls
expect_match "$out" "4 cells such as '.N' \(first: line 2\) in column 'duration_ms' read as missing" "nulls: noted"

# exports meant for Excel write ="0012" to keep leading zeros: text whose
# value is what stands between the quotes (quoted as "=""01""" too)
{
	echo 'Date,Code,Count,Site'
	i=0
	while [ $i -lt 12 ]; do
		if [ $((i % 2)) -eq 0 ]; then site='="00"'; else site='"=""01"""'; fi
		printf '2024-03-%02d,="%04d",%d,%s\n' $((i + 1)) $i $((i * 7 % 50)) "$site"
		i=$((i + 1))
	done
} >"$tmp/excel.csv"
info "$tmp/excel.csv"
expect_eq "$rc" 0 "excel: info"
col_is Code text excel
col_is Site text excel
col_is Count number excel
mkdir -p "$tmp/ws"
printf '{"version": 1, "datasets": {"x": {"path": "%s"}}, "featuresets": {"f": {"dataset": "x", "columns": "^Site$"}}, "experiments": {}}\n' \
	"$tmp/excel.csv" >"$tmp/ws/loglab.json"
out=$("$LOGLAB" build f -w "$tmp/ws" --preview 2>&1)
expect_match "$out" '^  Site=00 ' "excel: the value between the quotes (a column per value)"
expect_match "$out" '^  Site=01 ' "excel: the doubled quotes of a quoted cell read alike"

# a spreadsheet saved with ';' pads its used range: ';;' after every row
# (an empty unnamed column) and lines of separators alone at the end
{
	printf 'Zeit;Wert;;\r\n'
	i=0
	while [ $i -lt 10 ]; do
		printf '14.03.2024 10:%02d;0,%d5;;\r\n' $i $i
		i=$((i + 1))
	done
	printf ';;;\r\n;;;\r\n'
} >"$tmp/padded.csv"
info "$tmp/padded.csv"
expect_eq "$rc" 0 "padded: info"
expect_match "$out" '^rows: +10$' "padded: lines of separators alone are no rows"
expect_match "$out" '^columns: +2$' "padded: no empty unnamed column"
col_is Zeit time padded
col_is Wert number padded
expect_match "$out" '2 lines of separators or rules alone \(first: line 12\) hold no value: left out' "padded: rows noted"
expect_match "$out" '1 column without a name or a value \(first: field 3\) left out' "padded: column noted"

# a Markdown table (as pasted into issues and docs): a separator opens and
# closes every line, a rule of dashes (with alignment colons) under the
# names; not lined up, so not the aligned reader's
{
	echo '| time | cpu | mem |'
	echo '|---|---:|:---:|'
	i=0
	while [ $i -lt 8 ]; do
		echo "| 2024-03-14 10:0$i:00 | 0.$((i + 1)) | $((i * 3 + 100)) |"
		i=$((i + 1))
	done
} >"$tmp/table.md"
info "$tmp/table.md"
expect_eq "$rc" 0 "markdown: info"
expect_match "$out" '^format: +csv' "markdown: a table"
expect_match "$out" '^rows: +8$' "markdown: the rule is no row"
expect_match "$out" '^columns: +3$' "markdown: the empty first and last fields are no columns"
col_is time time markdown
col_is cpu number markdown
col_is mem number markdown
expect_match "$out" '^time: +2024-03-14 10:00:00 \.\. 2024-03-14 10:07:00$' "markdown: times"

# an unnamed first column with values (pandas' index) stays, as col1
printf ',cpu,mem\n2024-03-14 10:00:00,1.5,10\n2024-03-14 10:01:00,2.5,11\n2024-03-14 10:02:00,3.5,12\n' >"$tmp/index.csv"
info "$tmp/index.csv"
expect_eq "$rc" 0 "index: info"
expect_match "$out" '^columns: +3$' "index: the index column stays"
col_is col1 time index

# ISO 8601 durations, as APIs write timeouts, ages and run times: seconds;
# a column with a month in it (no fixed length) stays text
{
	echo 'time,job,duration,retention'
	for d in PT5M30S P1DT2H PT0.25S P2W PT45S PT1H0M5S; do
		echo "2024-03-14T10:00:0${#d}Z,j$d,$d,P1M"
	done
} >"$tmp/isodur.csv"
info "$tmp/isodur.csv"
expect_eq "$rc" 0 "isodur: info"
col_is duration number isodur
col_is retention text isodur
expect_match "$out" "column 'duration' holds durations .*ISO 8601's PT5M30S.*; read as seconds" "isodur: noted"
printf '{"version": 1, "datasets": {"x": {"path": "%s"}}, "featuresets": {"f": {"dataset": "x", "columns": "^duration$"}}, "experiments": {}}\n' \
	"$tmp/isodur.csv" >"$tmp/ws/loglab.json"
out=$("$LOGLAB" build f -w "$tmp/ws" --preview 2>&1)
# 330 + 93600 + 0.25 + 1209600 + 45 + 3605 = 1307180.25 over 6
expect_match "$out" '^  duration +6 +0 +217863 .* 0\.25 +1\.2096e\+06$' "isodur: seconds"

# spans of time as Go's Duration and kubectl's ages write them: seconds; a
# column of lone "5m" (milli or minutes) stays text, as does "3d" (3D)
{
	echo 'time,latency,age,cpu,view'
	i=0
	for d in 1h2m3.5s 45s 500ms 2m0.5s 1h0m0s 3h0m; do
		echo "2024-03-14T10:00:0${i}Z,$d,2d3h,5m,3d"
		i=$((i + 1))
	done
} >"$tmp/spans.csv"
info "$tmp/spans.csv"
expect_eq "$rc" 0 "spans: info"
col_is latency number spans
col_is age number spans
col_is cpu text spans
col_is view text spans
printf '{"version": 1, "datasets": {"x": {"path": "%s"}}, "featuresets": {"f": {"dataset": "x", "columns": "^(latency|age)$"}}, "experiments": {}}\n' \
	"$tmp/spans.csv" >"$tmp/ws/loglab.json"
out=$("$LOGLAB" build f -w "$tmp/ws" --preview 2>&1)
# 3723.5 + 45 + 0.5 + 120.5 + 3600 + 10800 = 18289.5 over 6
expect_match "$out" '^  latency +6 +0 +3048\.25 .* 0\.5 +10800$' "spans: seconds"
expect_match "$out" '^  age +6 +0 +183600 ' "spans: days and hours"

# reports by month, ISO week or quarter name their rows by the period: a
# time (its first moment), so they resample and sort as times
printf 'month;requests\n2023-11;10\n2023-12;12\n2024-01;9\n2024-02;14\n' >"$tmp/months.csv"
info "$tmp/months.csv"
expect_eq "$rc" 0 "months: info"
col_is month time months
expect_match "$out" '^time: +2023-11-01 00:00:00 \.\. 2024-02-01 00:00:00$' "months: first days"
printf 'week,requests\n2020-W52,10\n2020-W53,12\n2021-W01,9\n2021-W02,14\n' >"$tmp/weeks.csv"
info "$tmp/weeks.csv"
expect_eq "$rc" 0 "weeks: info"
col_is week time weeks
expect_match "$out" '^time: +2020-12-21 00:00:00 \.\. 2021-01-11 00:00:00$' "weeks: ISO weeks' Mondays"
printf 'quarter,revenue\n2023-Q3,10\n2023-Q4,12\n2024-Q1,9\n' >"$tmp/quarters.csv"
info "$tmp/quarters.csv"
col_is quarter time quarters
expect_match "$out" '^time: +2023-07-01 00:00:00 \.\. 2024-01-01 00:00:00$' "quarters: first days"
# a wide table whose columns are months keeps its header of names
printf 'host,2024-01,2024-02,2024-03\nweb1,1,2,3\nweb2,4,5,6\nweb3,7,8,9\n' >"$tmp/bymonth.csv"
info "$tmp/bymonth.csv"
expect_eq "$rc" 0 "bymonth: info"
expect_match "$out" '^rows: +3$' "bymonth: the months are names"
col_is 2024-01 number bymonth

# thousands grouped by a no-break space (French and Nordic locales, U+00A0
# and U+202F) or an apostrophe (Swiss): numbers, noted as formatted
nb=$(printf '\302\240')
nnb=$(printf '\342\200\257')
{
	echo 'Zeit;Leistung;Zähler'
	echo "2024-03-14 10:00:00;1${nb}234,5;1'234'567.25"
	echo "2024-03-14 10:01:00;12${nnb}345,0;2'000.5"
	echo "2024-03-14 10:02:00;999,5;17"
	echo "2024-03-14 10:03:00;1${nb}000${nb}000,25;9'999"
} >"$tmp/grouped.csv"
info "$tmp/grouped.csv"
expect_eq "$rc" 0 "grouped: info"
col_is Leistung number grouped
col_is 'Zähler' number grouped
expect_match "$out" "columns 'Leistung' \(line 2\), 'Zähler' \(line 2\) write numbers with a unit or thousands separators" "grouped: noted"
printf '{"version": 1, "datasets": {"x": {"path": "%s"}}, "featuresets": {"f": {"dataset": "x", "columns": "^(Leistung|Z)"}}, "experiments": {}}\n' \
	"$tmp/grouped.csv" >"$tmp/ws/loglab.json"
out=$("$LOGLAB" build f -w "$tmp/ws" --preview 2>&1)
expect_match "$out" '^  Leistung +4 +0 .* 999\.5 +1e\+06$' "grouped: no-break spaces"
expect_match "$out" '^  Zähler +4 +0 .* 17 +1\.23457e\+06$' "grouped: apostrophes"
# a run of digits broken otherwise stays text
printf 'id,code\n1,1'"'"'23\n2,12'"'"'3456\n3,5\n' >"$tmp/notgrouped.csv"
info "$tmp/notgrouped.csv"
col_is code text notgrouped

# a US locale's date, a comma, then the clock (JavaScript's toLocaleString,
# Azure's Log Analytics export): one time, month-first
{
	echo 'TimeGenerated [UTC],Computer,CounterValue'
	echo '"3/14/2024, 11:58:00.000 AM",vm1,31.5'
	echo '"3/14/2024, 12:00:00.000 PM",vm1,32.5'
	echo '"3/14/2024, 1:05:30.500 PM",vm1,30'
} >"$tmp/usclock.csv"
info "$tmp/usclock.csv"
expect_eq "$rc" 0 "usclock: info"
col_is 'TimeGenerated \[UTC\]' time usclock
expect_match "$out" '^time: +2024-03-14 11:58:00 \.\. 2024-03-14 13:05:30\.500000$' "usclock: 12-hour clocks after the comma"

# JSON strings of numbers written for people (docker stats --format
# '{{json .}}'): numbers, noted; quoted integers stay ids; "A / B" pairs
# two number columns (ds_pairs.c)
i=0
while [ $i -lt 6 ]; do
	printf '{"CPUPerc":"%d.50%%","MemUsage":"1.%dMiB / 7.6GiB","MemPerc":"0.0%d%%","Name":"c%d","PIDs":"%d","Up":"%dh%dm0s"}\n' \
		$i $i $i $i $((i + 3)) $i $((i * 7))
	i=$((i + 1))
done >"$tmp/dstats.jsonl"
info "$tmp/dstats.jsonl"
expect_eq "$rc" 0 "dstats: info"
col_is CPUPerc number dstats
col_is MemPerc number dstats
col_is Up number dstats
col_is PIDs text dstats
col_is MemUsage number dstats
col_is MemUsage_2 number dstats
expect_match "$out" 'key "CPUPerc": 6 values written with a unit or thousands separators \(first: line 1\) read as numbers' "dstats: noted"
printf '{"version": 1, "datasets": {"x": {"path": "%s"}}, "featuresets": {"f": {"dataset": "x", "columns": "^(CPUPerc|Up)$"}}, "experiments": {}}\n' \
	"$tmp/dstats.jsonl" >"$tmp/ws/loglab.json"
out=$("$LOGLAB" build f -w "$tmp/ws" --preview 2>&1)
expect_match "$out" '^  CPUPerc +6 +0 +3 .* 0\.5 +5\.5$' "dstats: percent dropped"
expect_match "$out" '^  Up +6 +0 .* 0 +20100$' "dstats: hours and minutes in seconds"

# dates with the month's name between dashes, with minutes only or alone,
# as spreadsheets and databases export them
printf 'date,v\n01-Mar-2024 10:00,1\n02-MAR-2024 10:30,2\n03-Mar-2024 11:00,3\n' >"$tmp/dmon.csv"
info "$tmp/dmon.csv"
col_is date time dmon
expect_match "$out" '^time: +2024-03-01 10:00:00 \.\. 2024-03-03 11:00:00$' "dmon: dd-MMM-yyyy HH:mm"
printf 'day;v\n01-Mar-2024;1\n02-Mar-2024;2\n03-Mar-2024;3\n' >"$tmp/dmon2.csv"
info "$tmp/dmon2.csv"
col_is day time dmon2
expect_match "$out" '^time: +2024-03-01 00:00:00 \.\. 2024-03-03 00:00:00$' "dmon2: dd-MMM-yyyy"

# epochs with a fraction written as strings under a clock's name (Slack's
# "ts": "1710408401.123456"): times; quoted response times stay numbers
i=0
while [ $i -lt 5 ]; do
	printf '{"ts": "17104084%02d.123456", "time": "0.0%d", "user": "U%d"}\n' $i $((i + 1)) $i
	i=$((i + 1))
done >"$tmp/slack.jsonl"
info "$tmp/slack.jsonl"
expect_eq "$rc" 0 "slack: info"
col_is ts time slack
col_is time number slack
expect_match "$out" '^time: +2024-03-14 09:26:40\.123456 \.\. 2024-03-14 09:26:44\.123456$' "slack: seconds with a fraction"

# '#' lines among the rows (a script marking a restart, a data file's
# section comments): comments, not rows, and no reason to read a log; a
# '#' row as wide as the table stays a row
{
	echo 'time,cpu,channel'
	i=0
	while [ $i -lt 10 ]; do
		[ $i -eq 4 ] && echo '# restart after upgrade'
		[ $i -eq 7 ] && echo '## run 2 ##'
		echo "2024-03-14 10:0$i:00,$i.5,#ops$i"
		i=$((i + 1))
	done
} >"$tmp/comments.csv"
info "$tmp/comments.csv"
expect_eq "$rc" 0 "comments: info"
expect_match "$out" '^format: +csv' "comments: a table"
expect_match "$out" '^rows: +10$' "comments: the comments are no rows"
col_is time time comments
col_is cpu number comments
col_is channel text comments
expect_match "$out" "2 lines opening with '#' among the rows \(first: line 6\) are comments, not rows: left out" "comments: noted"
printf 'channel,members\n#general,120\n#ops,14\n#random,99\n' >"$tmp/channels.csv"
info "$tmp/channels.csv"
expect_match "$out" '^rows: +3$' "channels: rows that open with # are rows"

# names with letters of more than one byte line up with the others' types
info "$tmp/grouped.csv"
expect_match "$out" '^  Zähler {23}number$' "grouped: padded by characters, not bytes"
expect_match "$out" '^  Leistung {21}number$' "grouped: an ASCII name alike"

# a quote that opens a cell and never closes (an inch mark at a cell's
# start, an export cut short in a quoted cell) is a character of its cell:
# the file is still a table, its other columns keep their types, and a
# note names the line, detected or named with -f csv
{
	printf 'sku,title,size_in,price\n'
	printf 'A1,"27 monitor,27,199.5\n'
	i=2
	while [ $i -le 30 ]; do
		printf 'A%d,item %d,%d,%d.25\n' $i $i $((i % 7)) $((i * 3))
		i=$((i + 1))
	done
} >"$tmp/inch.csv"
for how in detected named; do
	if [ $how = named ]; then
		out=$("$LOGLAB" info --all-columns -f csv "$tmp/inch.csv" 2>&1)
		rc=$?
	else
		info "$tmp/inch.csv"
	fi
	expect_eq "$rc" 0 "open quote ($how): info"
	expect_match "$out" '^format: +csv ' "open quote ($how): a table"
	expect_match "$out" '^rows: +30$' "open quote ($how): every row"
	col_is price number "open quote ($how)"
	col_is size_in number "open quote ($how)"
	expect_match "$out" '1 quote opening a cell is never closed \(first: line 2\); read as a character of its cell' "open quote ($how): noted"
done

# docker stats --format "table {{.Name}},{{.CPUPerc}},..." appended by a
# loop with no date: the header repeated above each snapshot numbers them
# (column "poll") and the containers are pivoted (a usage "A / B" new on
# every row is no row's name); two CSV files joined one
# after another (a series each, the header between) stay one table
i=1
while [ $i -le 8 ]; do
	echo "NAME,CPU %,MEM USAGE / LIMIT,PIDS"
	echo "web,0.$i%,12.${i}MiB / 7.6GiB,$((i % 3 + 4))"
	echo "db,1.$i%,25${i}MiB / 7.6GiB,31"
	i=$((i + 1))
done >"$tmp/dtable.csv"
info "$tmp/dtable.csv"
expect_eq "$rc" 0 "polled csv: info"
expect_match "$out" '^rows: +8$' "polled csv: a row per snapshot"
col_is poll time dtable
col_is 'CPU %\.web' number dtable
col_is 'PIDS\.web' number dtable
col_is 'MEM USAGE\.db' number dtable
expect_match "$out" '^time: +1970-01-01 00:00:01 \.\. 1970-01-01 00:00:08$' "polled csv: polls 1 to 8"
expect_match "$out" 'its 8 snapshots are numbered in column "poll"' "polled csv: noted"
{
	echo "a,b,c"
	i=1
	while [ $i -le 12 ]; do
		echo "$i,$((i * 7 % 5)).5,x$((i % 2))"
		[ $i -eq 6 ] && echo "a,b,c"
		i=$((i + 1))
	done
} >"$tmp/joined.csv"
info "$tmp/joined.csv"
expect_match "$out" '^rows: +12$' "joined csv: one table"
expect_eq "$(printf '%s\n' "$out" | grep -c '^  poll ')" 0 "joined csv: no poll"
expect_match "$out" 'as files joined one after another have it' "joined csv: noted as before"

finish
