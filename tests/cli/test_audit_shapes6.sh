#!/bin/sh
# tests/cli/test_audit_shapes6.sh - shapes a sixth audit found misread, each
# a few lines written here: what `loglab info` makes of them. Values with
# units of time beside ones of size make no column of numbers in JSON and
# aligned tables (as in CSV); a fleet of tables reads values with units as
# each file alone does.
. "$LL_SRCDIR/tests/lib.sh"

scratch audit-shapes6

# JSON Lines: "250ms" beside "1.5GiB" is text; a column of sizes alone
# stays numbers
cat >"$tmp/jobs.jsonl" <<'JSON'
{"job":"backup","took":"250ms","mem":"512 MiB"}
{"job":"index","took":"3s","mem":"2GiB"}
{"job":"report","took":"1.5GiB","mem":"4MiB"}
JSON
for how in info info_lazy; do
	$how "$tmp/jobs.jsonl"
	col_is took text "JSON Lines durations beside sizes ($how)"
	col_is mem number "JSON Lines sizes alone ($how)"
done

# a JSON document: the same
cat >"$tmp/jobs.json" <<'JSON'
[{"job":"backup","took":"250ms","mem":"512 MiB"},
 {"job":"index","took":"3s","mem":"2GiB"},
 {"job":"report","took":"1.5GiB","mem":"4MiB"}]
JSON
info "$tmp/jobs.json"
col_is took text "JSON durations beside sizes"
col_is mem number "JSON sizes alone"

# a table aligned with blanks: the same; durations alone stay numbers
cat >"$tmp/jobs.txt" <<'TXT'
JOB      TOOK     MEM      WAIT
backup   250ms    512MiB   12ms
index    3s       2GiB     1.5s
report   1.5GiB   4MiB     1h2m3s
TXT
for how in info info_lazy; do
	$how "$tmp/jobs.txt"
	expect_match "$out" '^format: +aligned ' "aligned table ($how)"
	col_is TOOK text "aligned durations beside sizes ($how)"
	col_is MEM number "aligned sizes alone ($how)"
	col_is WAIT number "aligned durations alone ($how)"
done

# a fleet of tables (a folder): each file's values with units read as the
# file alone reads them, with the same note
mkdir "$tmp/fleet"
cat >"$tmp/fleet/web1.csv" <<'CSV'
time,job,took,mem
2026-03-14 09:26:10,a,12.3ms,4.012g
2026-03-14 09:26:11,b,1.2s,512k
CSV
cat >"$tmp/fleet/web2.csv" <<'CSV'
time,job,took,mem
2026-03-14 09:26:12,c,850us,1.2 GB
2026-03-14 09:26:13,d,3m,300KB
CSV
info "$tmp/fleet/web2.csv"
col_is took number "web2 alone"
info "$tmp/fleet"
col_is took number "a fleet's durations"
col_is mem number "a fleet's sizes"
expect_match "$out" '^note: +web2.csv: column took read as duration: seconds' "a fleet's durations: note"
expect_match "$out" '^note: +web1.csv: column mem read as size: bytes' "a fleet's sizes: note"
expect_eq "$(printf '%s\n' "$out" | grep -c 'text on every row')" 0 "a fleet's columns agree"
# ... and durations in one file, sizes in another: text, said
mkdir "$tmp/fleet2"
printf '{"job":"a","up":"3m"}\n{"job":"b","up":"2h"}\n' >"$tmp/fleet2/p.jsonl"
printf '{"job":"c","up":"4.012g"}\n{"job":"d","up":"512k"}\n' >"$tmp/fleet2/q.jsonl"
info "$tmp/fleet2"
col_is up text "a fleet's durations beside sizes"
expect_match "$out" "^note: +q.jsonl: column 'up' is sizes in bytes there but durations in seconds" \
	"a fleet's durations beside sizes: note"

finish
