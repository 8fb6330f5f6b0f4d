#!/bin/sh
# tests/cli/test_journey12.sh - what the twelfth journey met on data
# nobody here had used (notes/journey12-report.md), each sample made up
# here in its shape: what `loglab info`, the browser and its quick start
# (:train) make of them.
. "$LL_SRCDIR/tests/lib.sh"

scratch journey12

# A log under seconds since start ("[0.619s][info][gc,phases ] ...", a JVM's
# unified logging) whose lines come in two shapes: most with a collection's
# id and phase after the tags ("GC(3) Y: ..."), the start-up lines without.
# The lines of the second shape are records of their own, with their own
# uptime, not continuations of the line above them.
{
	printf '[0.005s][info][gc,init] Initializing The Collector\n'
	i=0
	while [ $i -lt 30 ]; do
		case $((i % 3)) in
		0) printf '[0.%03ds][info][gc,init] Heap Max Capacity %d: 256M\n' $((i + 6)) $i ;;
		1) printf '[0.%03ds][info][gc,init] Workers: %d\n' $((i + 6)) $i ;;
		*) printf '[0.%03ds][info][gc,init] Using %d workers of 8 for marking\n' $((i + 6)) $i ;;
		esac
		i=$((i + 1))
	done
	i=0
	while [ $i -lt 300 ]; do
		printf '[%d.%03ds][info][gc,phases   ] GC(%d) Y: Concurrent Mark %d.%03dms\n' $((i / 10 + 1)) $((i % 1000)) $((i / 20)) $((i % 7)) $((i * 37 % 1000))
		i=$((i + 1))
	done
} >"$tmp/gc.log"
for how in info info_lazy; do
	$how "$tmp/gc.log"
	expect_eq "$rc" 0 "uptime log of two shapes ($how): exit"
	expect_match "$out" '^rows: +331$' "uptime log of two shapes ($how): a row per line"
	expect_no_match "$out" 'continuation' "uptime log of two shapes ($how): no line continues another"
	expect_match "$out" '^header: .* \|\| \[<uptime>\]\[<level>\]\[<context>\] <message>$' \
		"uptime log of two shapes ($how): a header of the start-up lines' own"
done
out=$(timeout 20 "$LOGLAB" --keys 'jjj<Enter>' --dump-screen 24x120 "$tmp/gc.log" 2>&1 </dev/null)
expect_match "$out" '^uptime +0\.008$' "uptime log of two shapes: line 4 keeps its own uptime"
expect_match "$out" '^message +Using 2 workers of 8 for marking$' "uptime log of two shapes: line 4's message is its own text"

# A load tester's results: the table's `label` column names the request,
# `success` tells whether it failed. Opened with -f csv:label=success, the
# browser's :train makes a workspace that reads the file the same way (it
# took the requests' names for the classes, none of them ordinary, and
# failed: "the training part has one class only").
mkdir "$tmp/jm"
awk 'BEGIN { print "timeStamp,elapsed,label,responseCode,success,bytes,Latency";
	for (i = 0; i < 300; i++) { bad = i % 5 == 2;
		printf "%d,%d,%s,%d,%s,%d,%d\n", 1741409093000 + i * 100, bad ? 2400 + i % 50 : 600 + i % 70,
			i % 2 ? "Home page" : "Search", bad ? 429 : 200, bad ? "false" : "true", bad ? 212 : 4757, bad ? 2300 : 580 } }' >"$tmp/jm/results.jtl"
(cd "$tmp/jm" && timeout 60 "$LOGLAB" -f csv:label=success --keys ':train<Enter>y' --dump-screen 24x100 results.jtl \
	>"$tmp/jm.txt" 2>&1 </dev/null) || fail ":train of a file opened with -f csv:label=success: $(cat "$tmp/jm.txt")"
expect_match "$(tr -d ' \n\t' <"$tmp/jm/loglab.json")" '"results":\{"path":"results.jtl","format":"csv","label_column":"success"\}' \
	":train keeps the format and label column the file was opened with"
expect_match "$(cat "$tmp/jm.txt")" 'done: .*-logreg: test f1_macro 1\.0000' ":train on the success column: trained, the failures told apart"
# ... a header given on the command line likewise
mkdir "$tmp/hd"
awk 'BEGIN { for (i = 0; i < 100; i++) printf "%05d|%s|job %d %s\n", i, i % 9 == 4 ? "E" : "I", i, i % 9 == 4 ? "failed" : "done" }' >"$tmp/hd/jobs.txt"
(cd "$tmp/hd" && timeout 60 "$LOGLAB" --header '<seq>|<level>|<message>' --keys ':train<Enter>y' --dump-screen 24x100 jobs.txt \
	>"$tmp/hd.txt" 2>&1 </dev/null) || fail ":train of a file opened with --header: $(cat "$tmp/hd.txt")"
expect_match "$(tr -d ' \n\t' <"$tmp/hd/loglab.json")" '"jobs":\{"path":"jobs.txt","header":"<seq>\|<level>\|<message>"\}' \
	":train keeps the header the file was opened with"

# ps -eo pid,...,lstart,etime,cmd: the start a stamp written in words and
# blanks ("Mon Dec  7 06:37:35 2026") under STARTED, a command line last. A
# table (it was a log whose first line, the header, fit nothing), its
# STARTED the time column with its date; date(1)'s form with a zone too.
awk 'BEGIN { print "  PID  PPID USER     %CPU %MEM STAT                  STARTED     ELAPSED CMD"
	for (i = 1; i <= 40; i++) {
		st = sprintf("%s Dec  %d %02d:%02d:35 2026", i < 21 ? "Mon" : "Tue", i < 21 ? 7 : 8, 6 + int(i / 10), i % 60)
		printf "%5d %5d %-8s %4.1f %4.1f %-4s %24s %11s /usr/bin/worker --id %d\n", i, int(i / 3), "root",
			(i % 7) + (i % 10) / 10, (i % 9) / 10, "S", st, sprintf("%02d:%02d:09", 12 - int(i / 10), i % 60), i } }' >"$tmp/ps.txt"
for how in info info_lazy; do
	$how "$tmp/ps.txt"
	expect_eq "$rc" 0 "ps -o lstart ($how): exit"
	expect_match "$out" '^format: +aligned' "ps -o lstart ($how): a table"
	expect_match "$out" '^rows: +40$' "ps -o lstart ($how): a row per process"
	col_is STARTED time "ps -o lstart ($how)"
	col_is CMD text "ps -o lstart ($how)"
	expect_match "$out" '^time: +2026-12-07 06:01:35 \.\. 2026-12-08 10:40:35$' "ps -o lstart ($how): the stamps' dates"
done
sed 's/ 2026 / UTC 2026 /; s/  STARTED/      STARTED/' "$tmp/ps.txt" >"$tmp/ps_utc.txt"
info "$tmp/ps_utc.txt"
expect_match "$out" '^format: +aligned' "date(1) stamps in a table: a table"
col_is STARTED time "date(1) stamps in a table"
expect_match "$out" '^time: +2026-12-07 06:01:35 \.\. 2026-12-08 10:40:35$' "date(1) stamps in a table: the stamps' dates"

# lsof: a header of names over rows lined up with blanks, one cell with a
# comma in it (DEVICE "254,0"), a last column of paths, some with words
# after them ("/tmp/x (deleted)"). A table of 9 columns: it was a CSV of
# one column named by the whole header line (the commas a delimiter), or,
# with the "(deleted)" rows, a log.
awk 'BEGIN { print "COMMAND   PID USER   FD   TYPE DEVICE SIZE/OFF     NODE NAME"
	for (i = 0; i < 60; i++)
		printf "%-7s %5d %-4s %4s %5s %6s %8s %8d %s%s\n", "bash", 9661 + int(i / 20), "root", i % 5 == 0 ? "cwd" : (i % 4) "r",
			i % 3 ? "REG" : "CHR", i % 3 ? "254,0" : "1,3", i % 3 ? 4096 * i : "0t0", 5308800 + i,
			i % 3 ? "/usr/lib/x86_64-linux-gnu/lib" i ".so" : "/dev/null", i % 17 == 5 && i % 3 ? " (deleted)" : "" }' >"$tmp/lsof.txt"
for how in info info_lazy; do
	$how "$tmp/lsof.txt"
	expect_eq "$rc" 0 "lsof ($how): exit"
	expect_match "$out" '^format: +aligned' "lsof ($how): a table lined up with blanks"
	expect_match "$out" '^rows: +60$' "lsof ($how): a row per open file"
	col_is PID number "lsof ($how)"
	col_is NODE number "lsof ($how)"
	col_is NAME text "lsof ($how)"
done
out=$(timeout 20 "$LOGLAB" --keys ':6<Enter><Enter>' --dump-screen 24x120 "$tmp/lsof.txt" 2>&1 </dev/null)
expect_match "$out" '^NAME +/usr/lib/x86_64-linux-gnu/lib5\.so \(deleted\)$' "lsof: a path with words after it is the last cell"
# ... and without the "(deleted)" rows, as CSV it was
grep -v deleted "$tmp/lsof.txt" >"$tmp/lsof2.txt"
info "$tmp/lsof2.txt"
expect_match "$out" '^format: +aligned' "lsof, one comma a row: a table lined up with blanks, no CSV"
col_is USER text "lsof, one comma a row"

# du -a: a size, a tab, a path. The sizes are no classes (it was read as a
# label file, 40-odd "classes" of sizes): a table of a number and a text.
awk 'BEGIN { for (i = 0; i < 300; i++) printf "%d\t/usr/share/doc/pkg%d/%s\n", 4 * (1 + (i * 7919) % 31), int(i / 3), i % 3 ? "copyright" : "changelog.Debian.gz" }' >"$tmp/du.txt"
for how in info info_lazy; do
	$how "$tmp/du.txt"
	expect_eq "$rc" 0 "du -a ($how): exit"
	expect_no_match "$out" '^format: +labelled' "du -a ($how): no label file"
	expect_match "$out" '^labels: +none$' "du -a ($how): no classes"
	col_is col1 number "du -a ($how)"
done
# ... while a label file of a few numbered classes stays one
awk 'BEGIN { for (i = 0; i < 200; i++) printf "%d\tjob %d finished in %d ms on node%d\n", i % 7 == 3, i, 10 + i % 13, i % 4 }' >"$tmp/lab.txt"
info "$tmp/lab.txt"
expect_match "$out" '^format: +labelled' "numbered classes: a label file"

# /proc/meminfo polled in a loop under date(1): records of "Key: value"
# lines, each below a line of its stamp alone. The stamps date the records
# (they were left out as titles: no time, no resampling).
i=0
while [ $i -lt 6 ]; do
	printf 'Mon Dec  7 12:59:0%d UTC 2026\n' $i
	printf 'MemTotal:       24683784 kB\nMemFree:        %d kB\nMemAvailable:   %d kB\nBuffers:          106184 kB\n' \
		$((16475448 - i * 1000)) $((20000000 - i * 900))
	i=$((i + 1))
done >"$tmp/meminfo.txt"
info "$tmp/meminfo.txt"
expect_match "$out" '^format: +stanza' "meminfo loop: records of pairs"
expect_match "$out" '^rows: +6$' "meminfo loop: a row per record"
col_is time time "meminfo loop"
col_is MemFree number "meminfo loop"
expect_match "$out" '^time: +2026-12-07 12:59:00 \.\. 2026-12-07 12:59:05$' "meminfo loop: the stamps date the records"

# git log --stat: a "Date:" line whose stamp is written in words ("Mon Dec
# 7 12:16:39 2026 +0000") is no row of a table (joining such stamps into one
# cell, above, made the commits a table of 100 headers).
i=0
while [ $i -lt 30 ]; do
	printf 'commit %08xdeadbeefcafe%020d\nAuthor: A Developer <dev@example.org>\nDate:   Mon Dec 7 %02d:16:39 2026 +0000\n\n' $((i * 7919)) $i $((i % 24))
	printf '    fix the reader of case %d\n\n tests/t%d.c | %2d +++++-----\n 1 file changed, 5 insertions(+), 5 deletions(-)\n\n' $i $i $((i + 10))
	i=$((i + 1))
done >"$tmp/gitlog.txt"
info "$tmp/gitlog.txt"
expect_no_match "$out" '^format: +aligned' "git log --stat: no table lined up with blanks"
expect_match "$out" '^time: +2026-12-07 00:16:39 \.\. 2026-12-07 23:16:39$' "git log --stat: the commits' dates"

# dpkg -l: three lines of legend, a header, a rule of '=' runs joined by
# single dashes after a "+++" over the status column; descriptions with
# blanks. A table of packages (it was a log of five "fields").
{
	printf 'Desired=Unknown/Install/Remove/Purge/Hold\n'
	printf '| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n'
	printf '|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n'
	printf '||/ %-20s %-12s %-12s %s\n' Name Version Architecture Description
	printf '+++-====================-============-============-==============================\n'
	i=0
	while [ $i -lt 40 ]; do
		printf 'ii  %-20s %-12s %-12s %s\n' "libpkg$i" "1.$i-2" "$(test $((i % 3)) = 0 && echo all || echo amd64)" "shared library number $i for tests"
		i=$((i + 1))
	done
} >"$tmp/dpkg.txt"
info "$tmp/dpkg.txt"
expect_match "$out" '^format: +aligned' "dpkg -l: a table"
expect_match "$out" '^rows: +40$' "dpkg -l: a row per package"
col_is Name text "dpkg -l"
col_is Description text "dpkg -l"
out=$(timeout 20 "$LOGLAB" --keys '<Enter>' --dump-screen 24x120 "$tmp/dpkg.txt" 2>&1 </dev/null)
expect_match "$out" '^Name +libpkg0$' "dpkg -l: the name its own cell"
expect_match "$out" '^Description +shared library number 0 for tests$' "dpkg -l: a description of words one cell"

# eval RUN FILE of a run whose dataset named its label column: FILE's
# classes come from that column too (they came from the table's "label",
# the requests' names: accuracy 0.03 on rows the run scored 1.0 on)
mkdir "$tmp/ev"
awk 'BEGIN { print "timeStamp,elapsed,label,success,bytes";
	for (i = 0; i < 200; i++) { bad = i % 5 == 2;
		printf "%d,%d,%s,%s,%d\n", 1741409093000 + i * 100, bad ? 2400 + i % 50 : 600 + i % 70,
			i % 2 ? "Home page" : "Search", bad ? "false" : "true", bad ? 212 : 4757 } }' >"$tmp/ev/all.jtl"
head -n 121 "$tmp/ev/all.jtl" >"$tmp/ev/train.jtl"
{ head -n 1 "$tmp/ev/all.jtl"; tail -n 80 "$tmp/ev/all.jtl"; } >"$tmp/ev/new.jtl"
cat >"$tmp/ev/loglab.json" <<'JSON'
{"version": 1,
 "datasets": {"jm": {"path": "train.jtl", "label_column": "success"}},
 "featuresets": {"f": {"dataset": "jm", "target": "binary", "scale": "zscore",
	"split": {"kind": "stratified", "train": 0.7, "test": 0.3}, "seed": 1}},
 "experiments": {"lr": {"featureset": "f", "model": "logreg"}}}
JSON
(cd "$tmp/ev" && "$LOGLAB" train lr --quiet >/dev/null 2>&1) || fail "eval: train lr"
run=$(cd "$tmp/ev" && ls runs | head -n 1)
out=$(cd "$tmp/ev" && "$LOGLAB" eval "$run" new.jtl 2>&1)
expect_eq "$?" 0 "eval of a file by a run with a label column: exit"
expect_match "$out" 'classes are read from column "success"' "eval of a file: says whose column it reads"
expect_match "$out" '^  accuracy +1\.0000$' "eval of a file: its classes from the run's label column"

# k6 --out json: a Point per metric and time, a request's tags on the
# request metrics' points, none on the "vus" gauge's. The long table
# pivots by metric; a tag the tagged metrics share is one column (it was
# one per metric: data.tags.status.http_reqs, ...http_req_duration, ...).
awk 'BEGIN { print "{\"type\":\"Metric\",\"data\":{\"type\":\"gauge\",\"contains\":\"default\"},\"metric\":\"vus\"}"
	for (i = 0; i < 60; i++) {
		t = sprintf("2025-09-19T18:%02d:%02d.000Z", 45 + int(i / 60), i % 60)
		printf "{\"type\":\"Point\",\"data\":{\"time\":\"%s\",\"value\":%d,\"tags\":null},\"metric\":\"vus\"}\n", t, 5 + int(i / 20)
		st = i % 9 == 4 ? "500" : "200"
		tags = sprintf("{\"method\":\"GET\",\"status\":\"%s\",\"url\":\"http://localhost/api\"}", st)
		printf "{\"type\":\"Point\",\"data\":{\"time\":\"%s\",\"value\":1,\"tags\":%s},\"metric\":\"http_reqs\"}\n", t, tags
		printf "{\"type\":\"Point\",\"data\":{\"time\":\"%s\",\"value\":%d.5,\"tags\":%s},\"metric\":\"http_req_duration\"}\n", t, st == "500" ? 900 : 120 + i % 7, tags } }' >"$tmp/k6.json"
info "$tmp/k6.json"
expect_eq "$rc" 0 "k6 json: exit"
expect_match "$out" '^rows: +60$' "k6 json: a row per time"
col_is data.value.http_req_duration number "k6 json"
col_is data.value.vus number "k6 json"
expect_match "$out" '^  data\.tags\.status ' "k6 json: the shared tag one column"
expect_no_match "$out" 'data\.tags\.status\.http_reqs' "k6 json: no tag column per metric"

finish
