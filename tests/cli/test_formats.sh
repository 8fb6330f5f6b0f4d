#!/bin/sh
# tests/cli/test_formats.sh - logs and tables of systems loglab has no reader
# for, through the command line (issue 11): detection never refuses a text
# file nor drops data, `info` prints the inferred header, --header overrides
# it, and `label --templates --per-line` prints every row's template (--json
# too). Every input is generated here, line by line (no copied data).
. "$LL_SRCDIR/tests/lib.sh"

tmp=${TMPDIR:-/tmp}/ll-formats-$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT

# rows N FILE: the "rows:" figure `info` prints
rows() { "$LOGLAB" info "$@" 2>/dev/null | sed -n 's/^rows: *//p'; }

# Lines that begin with '[' (an Apache error log's shape): a log, not
# malformed JSON; its header is inferred with the bracketed date and level.
awk 'BEGIN { split("Sun Mon Tue", d, " "); split("notice error", l, " ");
	for (i = 0; i < 120; i++)
		printf "[%s Dec 04 04:%02d:%02d 2005] [%s] Found child %d in scoreboard slot %d\n",
			d[i % 3 + 1], int(i / 60), i % 60, l[i % 2 + 1], 6000 + i, i % 9 }' > "$tmp/brackets.log"
out=$("$LOGLAB" info "$tmp/brackets.log")
expect_eq "$?" 0 "bracketed log: exit code"
expect_match "$out" '^format: +log ' "bracketed log: read as a log"
expect_match "$out" '^header: +\[<time>\] \[<level>\] <message>$' "bracketed log: inferred header"
expect_match "$out" '^rows: +120$' "bracketed log: every line a row"
expect_match "$out" '^time: +2005-12-04 04:00:00 \.\. 2005-12-04 04:01:59$' "bracketed log: time range"
expect_exit 0 "bracketed log: label --templates" -- "$LOGLAB" label "$tmp/brackets.log" --templates
json=$("$LOGLAB" info --json "$tmp/brackets.log" |
	/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["format"], d["header"], d["rows"])')
expect_eq "$json" "log [<time>] [<level>] <message> 120" "bracketed log: info --json format, header, rows"

# Messages with commas: a log, each message whole (no cells cut off).
awk 'BEGIN { for (i = 0; i < 150; i++)
	printf "2015-10-18 18:01:%02d.%03d INFO worker-%d took %d steps, %d rows, %d files\n", i % 60, i, i % 4,
		i, 2 * i, 3 * i }' > "$tmp/commas.log"
out=$("$LOGLAB" info "$tmp/commas.log")
expect_match "$out" '^rows: +150$' "commas in messages: every line a row"
expect_match "$out" '^format: +log ' "commas in messages: read as a log"
expect_match "$out" '^header: +<time> <level> .*<message>$' "commas in messages: header"
tpl=$("$LOGLAB" label "$tmp/commas.log" --templates --per-line)
expect_eq "$(printf '%s\n' "$tpl" | wc -l | tr -d ' ')" 150 "commas in messages: a template per row"
expect_match "$tpl" '^1	0	(<\*> )?took <\*> steps, <\*> rows, <\*> files$' "commas in messages: the message is whole"

# Pipes as separators with free text after them: a log with fields.
awk 'BEGIN { for (i = 0; i < 150; i++)
	printf "20171223-22:15:%02d:%03d|Step_LSC|%d|onStandStepChanged %d\n", i % 60, i, 30002312 + i % 3, 3579 + i }' \
	> "$tmp/pipes.log"
out=$("$LOGLAB" info "$tmp/pipes.log")
expect_match "$out" '^format: +log ' "pipes: read as a log"
expect_match "$out" '^header: +<time>\|<component>\|<pid>\|<message>$' "pipes: inferred header"
expect_match "$out" '^rows: +150$' "pipes: every line a row"

# A ragged table is a data error naming the first bad line; as a log every
# line is a row.
{ echo "a,b,c"; i=1; while [ $i -le 60 ]; do echo "$i,$i,$i"; i=$((i + 1)); done
  echo "1,2,3,4"; echo "5,6,7"; } > "$tmp/ragged.csv"
expect_exit 2 "ragged table: a data error" -- "$LOGLAB" info "$tmp/ragged.csv"
err=$("$LOGLAB" info "$tmp/ragged.csv" 2>&1)
expect_match "$err" "ragged.csv:62: 4 fields where the table has 3" "ragged table: names the file and line"
expect_eq "$(rows --format log "$tmp/ragged.csv")" 63 "ragged table: --format log keeps every line"

# A shape line above the data ("N,M,classA,classB"): not a row, and no
# column is lost; the last column is the target, named by the classes.
awk 'BEGIN { print "40,3,benign,malignant"; for (i = 0; i < 40; i++) printf "%d.5,%d,%d.25,%d\n", i, 2 * i, i % 7, i % 2 }' \
	> "$tmp/shape.csv"
out=$("$LOGLAB" info "$tmp/shape.csv")
expect_eq "$?" 0 "shape line: exit code"
expect_match "$out" '^rows: +40$' "shape line: 40 rows"
expect_match "$out" '^columns: +4$' "shape line: 3 features and the target"
expect_match "$out" '^  target ' "shape line: the target column"
expect_match "$out" '^  benign +20$' "shape line: first class named"
expect_match "$out" '^  malignant +20$' "shape line: second class named"

# A UTF-8 byte order mark is not part of the first column's name.
{ printf '\357\273\277name,value\n'; i=0; while [ $i -lt 10 ]; do echo "n$i,$i"; i=$((i + 1)); done; } > "$tmp/bom.csv"
first=$("$LOGLAB" info --json "$tmp/bom.csv" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(repr(d["columns"][0]["name"]), d["rows"])')
expect_eq "$first" "'name' 10" "BOM: first column name and rows"
# ... nor of a log's first line
{ printf '\357\273\277'; echo "Jun 14 15:16:01 combo sshd[1]: a"; echo "Jun 14 15:16:02 combo sshd[2]: b"; } > "$tmp/bom.log"
out=$("$LOGLAB" info "$tmp/bom.log")
expect_match "$out" '^format: +syslog ' "BOM: a syslog file is still syslog"
expect_match "$out" '^rows: +2$' "BOM: log rows"

# CR, LF and CRLF line ends give the same rows, for tables and logs.
printf 'name,value\rx,1\ry,2\rz,3\r' > "$tmp/cr.csv"
printf 'name,value\r\nx,1\r\ny,2\r\nz,3\r\n' > "$tmp/crlf.csv"
printf 'name,value\nx,1\ny,2\nz,3\n' > "$tmp/lf.csv"
for e in cr crlf lf; do
	expect_eq "$(rows "$tmp/$e.csv")" 3 "$e table: three rows"
done
printf 'one line\rtwo line\rthree line\r' > "$tmp/cr.log"
expect_eq "$(rows "$tmp/cr.log")" 3 "CR-only log: three rows"
printf 'Jun 14 15:16:01 combo sshd[1]: a\r\nJun 14 15:16:02 combo sshd[2]: b\r\n' > "$tmp/crlf.log"
out=$("$LOGLAB" info "$tmp/crlf.log")
expect_match "$out" '^format: +syslog ' "CRLF syslog: detected"
expect_match "$out" '^rows: +2$' "CRLF syslog: rows"

# --per-line: ROW<TAB>TEMPLATE_ID<TAB>TEMPLATE for every row, rows from 1;
# --json: an array of {row, id, template}.
tpl=$("$LOGLAB" label "$tmp/brackets.log" --templates --per-line)
expect_eq "$?" 0 "--per-line: exit code"
expect_eq "$(printf '%s\n' "$tpl" | wc -l | tr -d ' ')" 120 "--per-line: one line per row"
expect_match "$tpl" '^1	0	Found child <\*> in scoreboard slot <\*>$' "--per-line: first row"
expect_match "$tpl" '^120	0	' "--per-line: last row"
bad=$(printf '%s\n' "$tpl" | grep -Evc '^[0-9]+	[0-9]+	.')
expect_eq "$bad" 0 "--per-line: every line ROW TAB ID TAB TEMPLATE"
js=$("$LOGLAB" label "$tmp/brackets.log" --templates --per-line --json |
	/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d), d[0]["row"], d[0]["id"], d[-1]["row"], d[0]["template"])')
expect_eq "$js" "120 1 0 120 Found child <*> in scoreboard slot <*>" "--per-line --json"
expect_exit 1 "--per-line without --templates" -- "$LOGLAB" label "$tmp/brackets.log" --per-line
expect_exit 1 "--per-line with --top" -- "$LOGLAB" label "$tmp/brackets.log" --templates --per-line --top 3

# --header: the user's pattern, its fields the columns, named as written.
out=$("$LOGLAB" info --header '<Date> <Time> <Level> <Worker> <Content>' "$tmp/commas.log")
expect_eq "$?" 0 "--header: exit code"
expect_match "$out" '^header: +<Date> <Time> <Level> <Worker> <Content>$' "--header: shown"
expect_match "$out" '^  Worker +text$' "--header: a column per field"
expect_match "$out" '^  Content +text$' "--header: the message column"
# <Date> <Time>: one stamp, in the Time column (the date alone was every row's time)
expect_match "$out" '^  Date +text$' "--header: Date is text"
expect_match "$out" '^  Time +time$' "--header: Time is the time column"
expect_match "$out" '^time: +2015-10-18 18:01:00 \.\. 2015-10-18 18:01:59' "--header: the time range has the time of day"
tpl=$("$LOGLAB" label "$tmp/commas.log" --header '<Date> <Time> <Level> <Worker> <Content>' \
	--templates --per-line | head -1)
expect_eq "$tpl" "1	0	took <*> steps, <*> rows, <*> files" "--header: templates of the last field"
# the pattern can also travel in the format's name
out=$("$LOGLAB" info --format 'log:<Date> <Time> <Rest>' "$tmp/commas.log")
expect_match "$out" '^header: +<Date> <Time> <Rest>$' "--format log:PATTERN"
expect_exit 1 "--header: unclosed field" -- "$LOGLAB" info --header '<Date> <Time' "$tmp/commas.log"
err=$("$LOGLAB" info --header '<Date> <Time' "$tmp/commas.log" 2>&1)
expect_match "$err" "not closed by '>'" "--header: the problem is named"
expect_exit 1 "--header with another format" -- "$LOGLAB" info --format csv --header '<a> <b>' "$tmp/commas.log"
# a pattern no line fits: every line kept whole, exit 0
expect_eq "$(rows --header 'XX <a> <b>' "$tmp/commas.log")" 150 "--header that fits no line keeps every line"

# Any text file opens: random printable lines, a row each.
awk 'BEGIN { srand(11); for (i = 0; i < 300; i++) { n = int(rand() * 60); s = "";
	for (k = 0; k < n; k++) s = s sprintf("%c", 32 + int(rand() * 95)); print "x" s } }' > "$tmp/noise.txt"
expect_exit 0 "random text: opens" -- "$LOGLAB" info "$tmp/noise.txt"
expect_eq "$(rows "$tmp/noise.txt")" 300 "random text: a row per line"

finish
