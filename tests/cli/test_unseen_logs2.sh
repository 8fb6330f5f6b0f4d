#!/bin/sh
# tests/cli/test_unseen_logs2.sh - more logs in shapes no reader was
# written for (the kinds fluent-bit's and vector's test data keep:
# bench/UNSEEN_LOGS.md, round two), each sample written here in its
# documented shape: what `loglab info` makes of them, loaded and through
# the line index, and that the browser opens each headless.
. "$LL_SRCDIR/tests/lib.sh"

scratch unseen-logs2

# touch_utc FILE STAMP: FILE's modification time, in UTC
touch_utc() { TZ=UTC touch -d "$2" "$1"; }

# screen FILE WHAT: the browser opens FILE headless, within 20 seconds
screen() {
	timeout 20 "$LOGLAB" --dump-screen 24x100 "$1" >/dev/null 2>&1 </dev/null
	expect_eq "$?" 0 "$2: the browser opens it"
}

# JSON Lines whose records repeat a key (pino's child bindings and a
# call's field of one name, zap's duplicate fields): the later value in
# pid_2, noted, instead of refusing the file.
printf '%s\n' '{"level":30,"time":1709287200000,"pid":1,"pid":7,"msg":"start"}' \
	'{"level":40,"time":1709287201000,"pid":1,"pid":8,"msg":"slow"}' \
	'{"level":30,"time":1709287202000,"pid":1,"msg":"done"}' >"$tmp/pino.jsonl"
info "$tmp/pino.jsonl"
expect_eq "$rc" 0 "repeated key: exit"
expect_match "$out" '^rows: +3$' "repeated key: every record"
expect_match "$out" '^  pid_2 +number$' "repeated key: the later value's column"
expect_match "$out" 'key "pid" given again in one record \(2 times, first: line 1\): the later value in "pid_2"' \
	"repeated key: noted"
expect_match "$out" '^time: +2024-03-01 10:00:00 \.\. 2024-03-01 10:00:02$' "repeated key: the time"
screen "$tmp/pino.jsonl" "repeated key"
# ... but a record's class given twice has no answer
printf '%s\n' '{"msg":"a","label":"x","label":"y"}' '{"msg":"b","label":"x"}' >"$tmp/class.jsonl"
info "$tmp/class.jsonl"
expect_eq "$rc" 2 "class twice: a data error"
expect_match "$out" 'class\.jsonl:1: the label key "label" is given twice in one record' "class twice: named"

# A lone UTF-16 surrogate escape (an emoji cut in half by a writer that
# counts UTF-16 units) reads as U+FFFD instead of refusing the records.
printf '%s\n' '{"ts":"2024-03-01T10:00:00Z","msg":"ok \ud83d\ude00"}' \
	'{"ts":"2024-03-01T10:00:01Z","msg":"cut \ud83d"}' '{"ts":"2024-03-01T10:00:02Z","msg":"low \ude00 alone"}' \
	'{"ts":"2024-03-01T10:00:03Z","msg":"plain"}' >"$tmp/surrogate.jsonl"
info "$tmp/surrogate.jsonl"
expect_eq "$rc" 0 "lone surrogate: exit"
expect_match "$out" '^rows: +4$' "lone surrogate: every record"
out=$(timeout 20 "$LOGLAB" --dump-screen 8x80 "$tmp/surrogate.jsonl" 2>&1 </dev/null)
expect_match "$out" 'cut �' "lone surrogate: U+FFFD in its place"

# A program logging JSON Lines that prints plain lines too (a banner, a
# traceback), two lines in three JSON: a row each, its text in the
# records' message key.
printf '%s\n' 'Starting worker v1.2' \
	'{"time":"2024-03-01T10:00:00Z","level":"info","message":"listening"}' \
	'{"time":"2024-03-01T10:00:01Z","level":"error","message":"job failed"}' \
	'Traceback (most recent call last):' '  File "w.py", line 3, in run' 'ValueError: bad input' \
	'{"time":"2024-03-01T10:00:02Z","level":"info","message":"retrying"}' \
	'{"time":"2024-03-01T10:00:03Z","level":"info","message":"ok"}' \
	'{"time":"2024-03-01T10:00:04Z","level":"info","message":"idle"}' \
	'{"time":"2024-03-01T10:00:05Z","level":"info","message":"idle"}' \
	'{"time":"2024-03-01T10:00:06Z","level":"info","message":"idle"}' \
	'{"time":"2024-03-01T10:00:07Z","level":"info","message":"stopping"}' >"$tmp/worker.log"
for how in info info_lazy; do
	$how "$tmp/worker.log"
	expect_eq "$rc" 0 "json and text ($how): exit"
	expect_match "$out" '^format: +jsonl' "json and text ($how): JSON Lines"
	expect_match "$out" '^rows: +12$' "json and text ($how): every line"
	expect_match "$out" '4 of 12 lines are text, not JSON: a row each, the text in "message" \(first: line 1\)' \
		"json and text ($how): noted"
	expect_match "$out" '^time: +2024-03-01 10:00:00 \.\. 2024-03-01 10:00:07$' "json and text ($how): the time"
done
screen "$tmp/worker.log" "json and text"

# A JSON Lines record whose writer put a line break raw in a string (a
# Windows program's CRLF): read whole, not a cut record and a stray.
printf '%s\r\n' '{"date":"2019-08-12T05:28:39.075296Z","log":"GET /a 200 0 0 65"}' \
	'{"date":"2019-08-12T05:28:39.075297Z","log":"GET /b 200 0' '0 47"}' \
	'{"date":"2019-08-12T05:28:40.000000Z","log":"GET /c 200 0 0 12"}' \
	'{"date":"2019-08-12T05:31:37.941523Z","log":"GET / 200 0 0 40"}' >"$tmp/windows.log"
for how in info info_lazy; do
	$how "$tmp/windows.log"
	expect_match "$out" '^format: +jsonl' "raw line break ($how): JSON Lines"
	expect_match "$out" '^rows: +4$' "raw line break ($how): four records"
	expect_match "$out" '1 record over several lines \(a line break written raw inside a string\): read whole' \
		"raw line break ($how): noted"
	expect_match "$out" '^time: +2019-08-12 05:28:39\.075296 \.\. 2019-08-12 05:31:37\.941523$' \
		"raw line break ($how): the dates kept"
done
screen "$tmp/windows.log" "raw line break"

# LTSV (ltsv.org), as nginx and Apache write it when told to: a column
# per label, numbers, the bracketed time.
for i in 1 2 3 4 5 6; do
	printf 'time:[01/Mar/2024:10:00:0%s +0000]\thost:10.0.0.%s\tmethod:GET\turi:/item/%s\tstatus:%s\tsize:%s\tua:curl/8.5\n' \
		"$i" "$i" "$i" "$((i % 3 == 0 ? 404 : 200))" "$((i * 100))"
done >"$tmp/access.ltsv"
for how in info info_lazy; do
	$how "$tmp/access.ltsv"
	expect_match "$out" '^format: +ltsv' "ltsv ($how): detected"
	expect_match "$out" '^rows: +6$' "ltsv ($how): a row a line"
	expect_match "$out" '^  status +number$' "ltsv ($how): status a number"
	expect_match "$out" '^  uri +text$' "ltsv ($how): uri a column"
	expect_match "$out" '^time: +2024-03-01 10:00:01 \.\. 2024-03-01 10:00:06$' "ltsv ($how): the time"
done
screen "$tmp/access.ltsv" "ltsv"

# RFC 5424 lines whose <pri> a relay or a file template dropped.
printf '%s\n' "1 2024-03-01T10:00:00.003Z web01 sshd 4242 ID47 - Accepted publickey for ops" \
	'1 2024-03-01T10:00:01Z web01 cron 77 - [meta sequenceId="1"] job started' \
	"1 2024-03-01T10:00:02Z web02 sshd 4243 ID47 - Connection closed" >"$tmp/nopri.log"
for how in info info_lazy; do
	$how "$tmp/nopri.log"
	expect_match "$out" '^format: +rfc5424' "5424 without pri ($how): detected"
	expect_match "$out" '^  host +text$' "5424 without pri ($how): host a column"
	expect_match "$out" '^  msgid +text$' "5424 without pri ($how): msgid a column"
	expect_match "$out" '^time: +2024-03-01 10:00:00\.003000 \.\. 2024-03-01 10:00:02$' "5424 without pri ($how): time"
done
# ... a line that merely starts with "1 " and a date is not taken for one
printf '%s\n' '1 2024-03-01 10:00:00 started' '2 2024-03-01 10:00:01 stopped' >"$tmp/numbered.log"
info "$tmp/numbered.log"
expect_eq "$(printf '%s\n' "$out" | grep -c '^format: *rfc5424')" 0 "numbered lines: no RFC 5424"

# A fleet of compressed yearless logs copied in December whose year turns
# inside (the last stamp in January): read as each file alone is, not a
# year after the copy. Over 3 MB compressed (the text random enough not
# to shrink), more than is inflated at open.
mkdir "$tmp/fleet"
awk 'BEGIN { srand(7)
	for (i = 0; i < 80000; i++) {
		s = 1764752400 + 34 * i
		d = int(s / 86400) - 20425; h = int(s % 86400 / 3600); m = int(s % 3600 / 60); c = s % 60
		mon = d < 29 ? "Dec" : "Jan"; day = d < 29 ? d + 3 : d - 28
		printf "%s %2d %02d:%02d:%02d db postgres[%d]: trace", mon, day, h, m, c, 200 + i % 5
		for (k = 0; k < 8; k++)
			printf "%08x", int(rand() * 2147483647)
		printf "\n"
	} }' | gzip -c >"$tmp/fleet/db.log.gz"
touch_utc "$tmp/fleet/db.log.gz" '2026-12-06 12:00:00'
expect_eq "$(($(wc -c <"$tmp/fleet/db.log.gz") > 3000000))" 1 "gz fleet: over 3 MB"
info "$tmp/fleet/db.log.gz"
expect_match "$out" '^time: +2025-12-03 09:00:00 \.\. 2026-01-03 20:32:46$' "gz file alone: last year into this"
out=$(timeout 60 "$LOGLAB" info "$tmp/fleet/" 2>&1)
expect_match "$out" 'db\.log\.gz .* 2025-12-03 09:00:00 \.\. 2026-01-03 20:32:46$' "gz fleet: the same years"

finish
