#!/bin/sh
# tests/cli/test_audit_shapes9.sh - what a ninth audit fixed, each on a
# few lines written here, loaded and (LOGLAB_LAZY_THRESHOLD=1) through the
# line index: a time of whole seconds beside its fraction's column is one
# time; the rows of units under a header of records of "Key: value" lines
# name the file's line; text a terminal conceals (SGR 8) is removed with
# the codes; epochs in a log's pairs under names of clocks or of when a
# job started or ended are times; a single line left out is said so; a
# log whose lines are all indented alike has its header found; numbers
# that repeat the unit their column's name gives are numbers; ages all in
# minutes under a name of time gone by are minutes; a log of levels
# without a time above a traceback is a log.
. "$LL_SRCDIR/tests/lib.sh"

scratch audit-shapes9

# protobuf's Timestamp as an object ("seconds", "nanos"), as gRPC services
# log it: the nanoseconds are the time's fraction, the order of events in
# one second kept
cat >"$tmp/grpc.jsonl" <<'JSON'
{"ts":{"seconds":1765000000,"nanos":900000000},"method":"/inventory.Stock/Get","code":"OK","latency_ms":3}
{"ts":{"seconds":1765000000,"nanos":950000000},"method":"/inventory.Stock/Put","code":"OK","latency_ms":5}
{"ts":{"seconds":1765000001,"nanos":20000000},"method":"/inventory.Stock/Get","code":"NOT_FOUND","latency_ms":2}
JSON
for how in info info_lazy; do
	$how "$tmp/grpc.jsonl"
	expect_eq "$rc" 0 "protobuf Timestamp ($how): exit"
	col_is ts.seconds time "protobuf Timestamp ($how)"
	col_is ts.nanos number "protobuf Timestamp ($how)"
	expect_match "$out" '^time: +2025-12-06 05:46:40\.900000 \.\. 2025-12-06 05:46:41\.020000$' \
		"protobuf Timestamp ($how): range"
	expect_match "$out" "'ts\\.nanos' holds the nanoseconds of the seconds of 'ts\\.seconds'" \
		"protobuf Timestamp ($how): note"
done
# a CSV of C's timeval (tv_sec, tv_usec), as a tracer's export writes it;
# "tv_sec" is a time by its values under no clock's name, so a column of
# epochs named "time" stands for it here
cat >"$tmp/timeval.csv" <<'CSV'
time,tv_usec,event,bytes
1765000000,250000,read,4096
1765000000,750000,write,512
1765000001,5,read,8192
CSV
info "$tmp/timeval.csv"
col_is time time "timeval CSV"
expect_match "$out" '^time: +2025-12-06 05:46:40\.250000 \.\. 2025-12-06 05:46:41\.000005$' "timeval CSV: range"
# the same names beside a time that has its fraction already, or a count
# of a second or more: left as they are
cat >"$tmp/notfrac.jsonl" <<'JSON'
{"time":"2025-12-06T05:46:40.5Z","nanos":1500000000,"op":"a"}
{"time":"2025-12-06T05:46:41.5Z","nanos":2500000000,"op":"b"}
JSON
info "$tmp/notfrac.jsonl"
expect_match "$out" '^time: +2025-12-06 05:46:40\.500000 \.\. 2025-12-06 05:46:41\.500000$' "no fraction: range"
case $out in *"holds the nanoseconds"*) fail "no fraction: a note of nanoseconds" ;; *) ok ;; esac

# records of "Key: value" lines whose first record holds units: the note
# names the file's line of that record (3), not the generated CSV's (2)
cat >"$tmp/units.txt" <<'TXT'
Build timings

Job: units
Duration: s
Size: MB

Job: build-1
Duration: 12
Size: 3

Job: build-2
Duration: 14
Size: 5

Job: build-3
Duration: 15
Size: 7
TXT
for how in info info_lazy; do
	$how "$tmp/units.txt"
	expect_match "$out" '^format: +stanza ' "stanza units ($how): format"
	expect_match "$out" '^rows: +3$' "stanza units ($how): rows"
	expect_match "$out" 'the line under the header \(line 3\) holds no number' "stanza units ($how): the file's line"
	expect_match "$out" 'units.txt: 1 line between the records' "stanza units ($how): one line, said so"
done

# a CI console (Jenkins) hides notes in its lines with SGR 8 (concealed,
# shown as nothing on a terminal): removed with the codes, the lines read
# as they show; loaded, through the line index and gzip'd
esc=$(printf '\033')
{
	printf 'Started by user admin\n'
	for i in 1 2 3; do
		printf '%s[8mha:////4AbCdEfGh%s=%s[0m[Pipeline] sh\n' "$esc" "$i" "$esc"
		printf '+ make test-%s\n' "$i"
		printf '%s[32mPASSED%s[0m tests/test_%s.py::test_ok\n' "$esc" "$esc" "$i"
	done
	printf '%s[1;31mERROR: script returned exit code 1%s[0m\n' "$esc" "$esc"
	printf 'Finished: FAILURE\n'
} >"$tmp/console.txt"
gzip -c "$tmp/console.txt" >"$tmp/console.txt.gz"
for how in plain lazy gzip; do
	f="$tmp/console.txt"
	[ "$how" = gzip ] && f="$tmp/console.txt.gz"
	if [ "$how" = lazy ]; then
		screen=$(LOGLAB_LAZY_THRESHOLD=1 "$LOGLAB" --dump-screen 14x100 "$f" 2>&1)
	else
		screen=$("$LOGLAB" --dump-screen 14x100 "$f" 2>&1)
	fi
	expect_match "$screen" '^\[Pipeline\] sh *$' "concealed notes ($how): the line as a terminal shows it"
	case $screen in *"ha:////"*) fail "concealed notes ($how): the note's text is shown" ;; *) ok ;; esac
	expect_match "$screen" '^PASSED tests/test_1.py::test_ok *$' "concealed notes ($how): coloured text stays"
done
info "$tmp/console.txt"
expect_match "$out" 'removed from the text, with the 54 bytes they conceal' "concealed notes: said"

# a batch system's accounting log (PBS/Torque): "date;type;job;pairs";
# epochs under names of when a job started or ended, or under a clock's
# name, are times, as in a CSV's columns; loaded and through the line index
cat >"$tmp/accounting.log" <<'LOG'
12/06/2026 03:00:00;Q;7001.pbs01;queue=batch
12/06/2026 03:01:40;S;7001.pbs01;user=alice queue=batch ctime=1765000000 start=1765000100 exec_host=node03/0
12/06/2026 03:05:00;Q;7002.pbs01;queue=batch
12/06/2026 03:06:40;S;7002.pbs01;user=bob queue=batch ctime=1765000200 start=1765000400 exec_host=node04/0
12/06/2026 04:00:00;E;7001.pbs01;user=alice queue=batch ctime=1765000000 start=1765000100 end=1765003600 Exit_status=0
12/06/2026 04:05:00;E;7002.pbs01;user=bob queue=batch ctime=1765000200 start=1765000400 end=1765003900 Exit_status=271
12/06/2026 04:06:00;Q;7003.pbs01;queue=batch submit_time=1765004000
12/06/2026 04:07:00;Q;7004.pbs01;queue=batch submit_time=1765004060
LOG
for how in info info_lazy; do
	$how "$tmp/accounting.log"
	expect_eq "$rc" 0 "accounting log ($how): exit"
	col_is time time "accounting log ($how)"
	col_is start time "accounting log ($how)"
	col_is end time "accounting log ($how)"
	col_is submit_time time "accounting log ($how)"
	col_is ctime number "accounting log ($how): no clock's name"
	col_is Exit_status number "accounting log ($how)"
	expect_match "$out" '^time: +2026-12-06 03:00:00 \.\. 2026-12-06 04:07:00$' "accounting log ($how): the lines' time"
done
# ... a count under such a name stays a number
cat >"$tmp/counts.log" <<'LOG'
2026-12-06T03:00:00Z INFO batch done started=12 finished=10
2026-12-06T03:01:00Z INFO batch done started=14 finished=14
2026-12-06T03:02:00Z INFO batch done started=9 finished=8
2026-12-06T03:03:00Z INFO batch done started=11 finished=11
2026-12-06T03:04:00Z INFO batch done started=10 finished=9
LOG
info "$tmp/counts.log"
col_is started number "counts under event names"
col_is finished number "counts under event names"

# iostat -x's banner is one line left out: said in the singular
cat >"$tmp/iostat.txt" <<'TXT'
Linux 6.8.0-45-generic (db01) 	12/06/2026 	_x86_64_	(8 CPU)

12/06/2026 03:00:00 AM
Device            r/s     rkB/s   w/s     wkB/s  %util
nvme0n1          1.20     40.10  3.40     80.20   2.10
sda              0.10      1.00  0.20      3.00   0.40

12/06/2026 03:05:00 AM
Device            r/s     rkB/s   w/s     wkB/s  %util
nvme0n1          1.30     42.10  3.10     81.20   2.30
sda              0.20      2.00  0.10      2.00   0.30
TXT
info "$tmp/iostat.txt"
expect_match "$out" 'iostat.txt: 1 line is neither header nor row' "iostat: one banner line, in the singular"

# a log whose every line is indented alike (an agent's console, nomad's
# four blanks; a log pasted into a document): the header is inferred as at
# the margin; deeper lines (a trace) go on the record above
cat >"$tmp/indented.log" <<'LOG'
    2026-12-06T03:00:00.952Z [INFO]  agent: started: version=1.7.3
    2026-12-06T03:00:01.100Z [WARN]  nomad.heartbeat: heartbeat missed: node_id=n1
    2026-12-06T03:00:02.200Z [ERROR] client.alloc_runner: task failed: alloc_id=ab12 task=web
        panic: runtime error: index out of range
        goroutine 1 [running]:
    2026-12-06T03:00:03.300Z [INFO]  agent: stopping: version=1.7.3
    2026-12-06T03:00:04.400Z [INFO]  agent: stopped: version=1.7.3
LOG
for how in info info_lazy; do
	$how "$tmp/indented.log"
	expect_match "$out" '^format: +log ' "indented log ($how): format"
	expect_match "$out" '^header: +<time> \[<level>\] <component>: <message>' "indented log ($how): header"
	col_is level text "indented log ($how)"
	expect_match "$out" '^time: +2026-12-06 03:00:00\.952000 \.\. 2026-12-06 03:00:04\.400000$' "indented log ($how): time"
done

# a GPU query's CSV (nvidia-smi --format=csv): a unit in brackets after
# each name and again in each cell; units loglab has no reading for (W,
# MHz) are numbers by the name's word, "[Not Supported]" no value; the
# bus address "00000000:07:00.0" is no duration (zeros past two digits)
cat >"$tmp/gpu.csv" <<'CSV'
timestamp, name, pci.bus_id, utilization.gpu [%], memory.used [MiB], clocks.current.sm [MHz], power.draw [W], fan.speed [%]
2026/12/06 03:00:00.123, NVIDIA A100-SXM4-40GB, 00000000:07:00.0, 45 %, 1234 MiB, 1410 MHz, 71.52 W, [Not Supported]
2026/12/06 03:00:05.123, NVIDIA A100-SXM4-40GB, 00000000:07:00.0, 97 %, 30123 MiB, 1410 MHz, 250.10 W, [Not Supported]
2026/12/06 03:00:10.123, NVIDIA A100-SXM4-40GB, 00000000:07:00.0, 12 %, 2100 MiB, 210 MHz, 55.00 W, [Not Supported]
CSV
info "$tmp/gpu.csv"
expect_eq "$rc" 0 "GPU CSV: exit"
col_is 'pci\.bus_id' text "GPU CSV: an address"
col_is 'clocks\.current\.sm \[MHz\]' number "GPU CSV"
col_is 'power\.draw \[W\]' number "GPU CSV"
col_is 'memory\.used \[MiB\]' number "GPU CSV"
expect_match "$out" "columns 'clocks\\.current\\.sm \\[MHz\\]', 'power\\.draw \\[W\\]' write each number with the unit their name gives" \
	"GPU CSV: note"

# kubectl get pods of a cluster up for less than an hour: every AGE in
# minutes ("5m"); the name says it is time gone by, so minutes (seconds
# 300), not milli (0.005) as kubectl top's CPU(cores) "250m" stays
cat >"$tmp/pods.txt" <<'TXT'
NAME                     READY   STATUS    RESTARTS   AGE
web-7f9c-abcde           1/1     Running   0          5m
web-7f9c-fghij           1/1     Running   1          12m
db-0                     1/1     Running   0          45m
cache-5d6f-klmno         0/1     Pending   0          2m
TXT
screen=$("$LOGLAB" --dump-screen 8x80 "$tmp/pods.txt" 2>&1)
expect_match "$screen" '^web-7f9c-abcde +1/1 +Running +0 +300$' "kubectl ages in minutes: 5m is 300 s"
expect_match "$screen" '^db-0 +1/1 +Running +0 +2700$' "kubectl ages in minutes: 45m is 2700 s"
cat >"$tmp/top.txt" <<'TXT'
NAME                     CPU(cores)   MEMORY(bytes)
web-7f9c-abcde           250m         64Mi
web-7f9c-fghij           12m          80Mi
db-0                     900m         512Mi
TXT
screen=$("$LOGLAB" --dump-screen 8x80 "$tmp/top.txt" 2>&1)
expect_match "$screen" '^web-7f9c-abcde +0\.25 ' "kubectl top: 250m stays milli"

# Python's logging.basicConfig ("LEVEL:logger:message", no time) with a
# traceback below one record: the level and logger are fields, the
# traceback's lines continue the record (it was read as plain lines)
{
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		printf 'INFO:app.worker:job %s started\n' "$i"
		printf 'WARNING:urllib3.connectionpool:Retrying (Retry(total=2)) after connection broken\n'
		[ "$i" = 6 ] && printf 'ERROR:root:job failed\nTraceback (most recent call last):\n  File "/app/main.py", line 10, in <module>\n    main()\nValueError: bad value\n'
	done
} >"$tmp/py.log"
for how in info info_lazy; do
	$how "$tmp/py.log"
	expect_match "$out" '^header: +<level>:<component>:<message>' "python basicConfig ($how): header"
	expect_match "$out" '^rows: +29$' "python basicConfig ($how): rows"
	expect_match "$out" '4 continuation lines took the time and header fields' "python basicConfig ($how): the traceback"
done

finish
