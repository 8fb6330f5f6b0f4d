#!/bin/sh
# tests/cli/test_audit_shapes5.sh - shapes a fifth audit found misread in
# logs and tables, each a few lines written here: what `loglab info` makes
# of them.
. "$LL_SRCDIR/tests/lib.sh"

scratch audit-shapes5

# note_has TEXT WHAT: a note of the info listing holds TEXT
note_has() {
	expect_match "$out" "^note: .*$1" "$2: note"
}

# logfmt pairs whose values carry units: durations in seconds, sizes in
# bytes, a plain 0 among them
cat >"$tmp/api.log" <<'LOG'
time=2026-03-14T09:26:10Z level=info msg="request done" path=/api/a took=12.3ms size=512k
time=2026-03-14T09:26:11Z level=info msg="request done" path=/api/b took=1.2s size=12M
time=2026-03-14T09:26:12Z level=info msg="request done" path=/api/c took=850us size=1.5GiB
time=2026-03-14T09:26:13Z level=info msg="request done" path=/api/d took=1m30s size=300KB
time=2026-03-14T09:26:14Z level=warn msg="request done" path=/api/e took=0 size=0
time=2026-03-14T09:26:15Z level=info msg="request done" path=/api/f took=3m size=1.2 GB
LOG
info "$tmp/api.log"
col_is took number "logfmt durations"
col_is size number "logfmt sizes"
col_is path text "logfmt durations"
note_has 'column took read as duration: seconds, from values with units' "logfmt durations"
note_has 'column size read as size: bytes, from values with units' "logfmt sizes"
# ... the same read through the line index, as a large log is
out=$(LOGLAB_LAZY_THRESHOLD=1 "$LOGLAB" info --all-columns "$tmp/api.log" 2>&1)
col_is took number "logfmt durations, indexed"
col_is size number "logfmt sizes, indexed"
note_has 'column took read as duration: seconds, from values with units' "logfmt durations, indexed"

# JSON strings with units; Go's durations of several parts
cat >"$tmp/jobs.jsonl" <<'JSON'
{"ts":"2026-03-14T09:26:10Z","job":"a","up":"3m","rss":"4.012g"}
{"ts":"2026-03-14T09:26:11Z","job":"b","up":"2h","rss":"512k"}
{"ts":"2026-03-14T09:26:12Z","job":"c","up":"1h2m3.5s","rss":"850M"}
JSON
info "$tmp/jobs.jsonl"
col_is up number "JSON durations"
col_is rss number "JSON sizes"
note_has 'column up read as duration: seconds' "JSON durations"

# CSV: "3m" beside other durations is minutes; "850µs" too
cat >"$tmp/runs.csv" <<'CSV'
time,job,took,mem
2026-03-14 09:26:10,a,12.3ms,4.012g
2026-03-14 09:26:11,b,1.2s,512k
2026-03-14 09:26:12,c,850µs,1.2 GB
2026-03-14 09:26:13,d,3m,300KB
CSV
info "$tmp/runs.csv"
col_is took number "CSV durations"
col_is mem number "CSV sizes"
note_has 'column took read as duration' "CSV durations"

# top -b: RES in KiB, a value too wide for the field scaled with "g"
cat >"$tmp/top.txt" <<'TOP'
    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND
   1201 mysql     20   0 6012344   4.012g  31204 S   3.0  25.1  12:03.44 mysqld
      1 root      20   0  168012  11820   8404 S   0.0   0.1   0:04.12 systemd
    877 www-data  20   0  501232  70412  15300 S   0.3   0.4   1:20.01 php-fpm
   2210 alice     20   0 3112044 412308  90312 S   1.3   2.5   3:10.77 firefox
TOP
info "$tmp/top.txt"
expect_match "$out" '^format: +aligned ' "top's scaled memory: a table"
col_is RES number "top's scaled memory"
col_is VIRT number "top's scaled memory"
note_has 'column RES read as size: KiB, .*plain numbers taken as KiB' "top's scaled memory"

# what stays text (a log's pairs judged as a table's columns are):
# millicores (or minutes: nothing says), a network's
# generation, durations beside a plain number or a word, durations beside
# sizes, plain numbers that no scaler would write beside its sizes
cat >"$tmp/pods.log" <<'LOG'
ts=2026-03-14T09:26:10Z pod=web-1 cpu=250m net=4G wait=12ms mixed=12ms odd=4.0K msg="poll"
ts=2026-03-14T09:26:11Z pod=web-2 cpu=3m net=5G wait=15 mixed=512KiB odd=2048 msg="poll"
ts=2026-03-14T09:26:12Z pod=web-3 cpu=12m net=4G wait=slow mixed=3s odd=12M msg="poll"
ts=2026-03-14T09:26:13Z pod=web-4 cpu=7m net=5G wait=8ms mixed=2s odd=1.5G msg="poll"
LOG
info "$tmp/pods.log"
col_is cpu text "millicores"
col_is net text "a network's generation"
col_is wait text "durations beside a plain number and a word"
col_is mixed text "durations beside sizes"
col_is odd text "plain numbers of 1K or more beside a k"
expect_eq "$(printf '%s\n' "$out" | grep -c 'read as duration\|read as size')" 0 "nothing converted: no note"

# a CSV column of durations and sizes both: neither (the reader's own
# numbers written for people, "250ms" and "512 MiB", no longer mix)
printf 'job,took,mem\na,12ms,512 MiB\nb,3s,2G\nc,1.5GiB,4MiB\n' >"$tmp/mixed.csv"
info "$tmp/mixed.csv"
col_is took text "CSV durations beside sizes"
col_is mem number "CSV sizes alone"

# an event router's console output: an index and a tag before a time and
# a record, the record's hashes written as Ruby prints them ("log"=>"x",
# nil); the v2 form pairs the time with metadata
cat >"$tmp/router.log" <<'LOG'
[0] tail.0: [[1710408413.300000000, {}], {"log"=>"GET /health 200", "stream"=>"stdout"}]
[1] tail.0: [[1710408414.125000000, {}], {"log"=>"GET /api/orders 500", "stream"=>"stderr"}]
[2] tail.0: [[1710408415.002000000, {}], {"log"=>"retry => backend-2", "stream"=>"stdout"}]
[0] tail.0: [[1710408416.500000000, {}], {"log"=>"GET /health 200", "stream"=>nil}]
LOG
info "$tmp/router.log"
expect_match "$out" '^format: +jsonl ' "tagged pairs in Ruby's hashes: JSON Lines"
col_is time time "tagged pairs in Ruby's hashes"
col_is log text "tagged pairs in Ruby's hashes"
col_is tag text "tagged pairs in Ruby's hashes"
expect_match "$out" '^time: +2024-03-14 09:26:53' "tagged pairs in Ruby's hashes: the pairs' times"
cat >"$tmp/cpu.log" <<'LOG'
[0] cpu.local: [1710408413.300000000, {"cpu_p"=>1.5, "user_p"=>1.0, "system_p"=>0.5}]
[0] cpu.local: [1710408414.300000000, {"cpu_p"=>2.5, "user_p"=>2.0, "system_p"=>0.5}]
[0] cpu.local: [1710408415.300000000, {"cpu_p"=>0.75, "user_p"=>0.5, "system_p"=>0.25}]
LOG
info "$tmp/cpu.log"
col_is time time "tagged pairs, v1"
col_is cpu_p number "tagged pairs, v1"

finish
