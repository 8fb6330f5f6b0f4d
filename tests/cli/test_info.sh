#!/bin/sh
# tests/cli/test_info.sh - `loglab info`, --help, --version and exit codes on real data.
. "$LL_SRCDIR/tests/lib.sh"
need_data

out=$("$LOGLAB" info "$LL_DATA_DIR/loghub/BGL/BGL_2k.log")
expect_eq "$?" 0 "info BGL exit code"
expect_match "$out" '^format: +bgl ' "BGL format detected"
expect_match "$out" '^rows: +2000$' "BGL rows"
# 143 alert lines: awk '$1 != "-"' BGL_2k.log | wc -l
expect_match "$out" 'ordinary 1857, root cause/alert 143' "BGL label split"
expect_match "$out" '^  normal +1857$' "BGL normal class"

json=$("$LOGLAB" info --json "$LL_DATA_DIR/loghub/BGL/BGL_2k.log")
rows=$(printf '%s' "$json" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["rows"], d["ordinary"], d["root_cause"], d["labels"]["normal"])')
expect_eq "$rows" "2000 1857 143 1857" "info --json figures"

# loghub (CRLF) and loghub2 (LF) describe the same rows
a=$("$LOGLAB" info "$LL_DATA_DIR/loghub/BGL/BGL_2k.log" | grep -v '^file:')
b=$("$LOGLAB" info "$LL_DATA_DIR/loghub2/BGL/BGL_2k.log" | grep -v '^file:')
expect_eq "$a" "$b" "CRLF and LF BGL describe identically"

multi=$("$LOGLAB" info --json "$LL_DATA_DIR/loghub/BGL/BGL_2k.log" "$LL_DATA_DIR/dstat/pkb_dstat-0.7.2-result.csv" |
	/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d), d[1]["format"])')
expect_eq "$multi" "2 dstat" "info --json on two files is an array"

formats=$("$LOGLAB" info --formats)
for f in lines labelled syslog bgl csv dstat json jsonl; do
	expect_match "$formats" "^$f " "format $f listed"
done

expect_exit 3 "missing file" -- "$LOGLAB" info /nonexistent/file.log
err=$("$LOGLAB" info /nonexistent/file.log 2>&1)
expect_match "$err" '/nonexistent/file.log: no such file' "missing file message names the path"
emptydir=${TMPDIR:-/tmp}/ll-info-empty-$$
mkdir -p "$emptydir"
expect_exit 3 "a folder without logs" -- "$LOGLAB" info "$emptydir"
err=$("$LOGLAB" info "$emptydir" 2>&1)
expect_match "$err" "no log or table files found" "an empty folder is named as having no logs or tables"
rmdir "$emptydir"
expect_exit 1 "unknown format" -- "$LOGLAB" info --format nope "$LL_DATA_DIR/loghub/BGL/BGL_2k.log"
expect_exit 1 "no path" -- "$LOGLAB" info
expect_exit 1 "bad option" -- "$LOGLAB" info --bogus x
expect_exit 0 "info --help" -- "$LOGLAB" info --help
tmp=${TMPDIR:-/tmp}/ll-info-$$
mkdir -p "$tmp"
printf '{"a": 1, "b": [1, 2' > "$tmp/bad.json"
expect_exit 2 "malformed JSON is a data error" -- "$LOGLAB" info --format json "$tmp/bad.json"
# detection with options is a format too; "auto" alone is not
{ echo time,host,value; for i in 10 11 12 13 14 15 16 17 18 19; do for h in a b c; do
	echo "2024-01-01 00:$i:00,$h,$i"; done; done; } >"$tmp/long.csv"
out=$("$LOGLAB" info "$tmp/long.csv" 2>&1)
expect_match "$out" "^columns: +2$" "a long table is read wide by default"
out=$("$LOGLAB" info --format 'auto:entity=none' "$tmp/long.csv" 2>&1)
expect_match "$out" "^columns: +3$" "auto:entity=none keeps a long table long"
out=$("$LOGLAB" info --format 'auto:label=host' "$tmp/long.csv" 2>&1)
expect_match "$out" "^labels: +3 classes, 30 labelled" "auto:label=COL takes the classes from COL"
expect_exit 1 "auto alone is no format" -- "$LOGLAB" info --format auto "$tmp/long.csv"
# worst exit code of several paths wins
expect_exit 3 "worst of several" -- "$LOGLAB" info "$LL_DATA_DIR/loghub/BGL/BGL_2k.log" /nonexistent
rm -rf "$tmp"

help=$("$LOGLAB" --help)
expect_match "$help" '^Usage: loglab' "--help usage line"
expect_match "$help" '^  info ' "--help lists info"
ver=$("$LOGLAB" --version)
expect_match "$ver" '^loglab [0-9]+\.[0-9]+\.[0-9]+( \(with MPI\))?$' "--version (built with MPI: says so)"
expect_match "$ver" "^engine: loglab's (AVX-512|AVX2|portable C) matrix kernel and OpenBLAS's [A-Za-z0-9_]+ kernels" \
	"--version names the matrix kernels"
# a forced kernel set says it is SSE only (OpenBLAS reads OPENBLAS_CORETYPE when it loads)
pres=$(OPENBLAS_CORETYPE=Prescott "$LOGLAB" --version)
case $pres in
*"OpenBLAS's Prescott kernels"*) expect_match "$pres" "SSE only" "--version under OpenBLAS's SSE kernels says so" ;;
esac
expect_exit 1 "unknown option" -- "$LOGLAB" --bogus
# options before a verb are the verb's (--help says so): "loglab -f csv
# info F" is "loglab info -f csv F", not a browser of two PATHs
B=$LL_DATA_DIR/loghub/BGL/BGL_2k.log
expect_match "$help" '^Options given before a verb are its own' "--help says where options before a verb go"
expect_eq "$("$LOGLAB" -f bgl info "$B" 2>&1)" "$("$LOGLAB" info -f bgl "$B" 2>&1)" "-f before info"
H='<Label> <Id> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>'
out=$("$LOGLAB" --format=log --header "$H" info "$B" 2>&1)
expect_match "$out" "^header: +$H\$" "--format= and --header before info"
expect_eq "$out" "$("$LOGLAB" info --format=log --header "$H" "$B" 2>&1)" "the same as after info"
out=$("$LOGLAB" -f csv runs 2>&1)
expect_eq "$?" 1 "an option the verb refuses, before it"
expect_match "$out" "^runs: invalid option -- 'f'" "the verb names the option it refuses"
# a verb's option with a value before it: the browser does not know it,
# and says where it goes
out=$("$LOGLAB" --workspace /nonexistent runs 2>&1)
expect_eq "$?" 1 "a verb's option before it"
expect_match "$out" '^loglab: the options of runs go after it: loglab runs \[OPTIONS\]' "where a verb's options go"
expect_exit 1 "TUI without a terminal" -- "$LOGLAB" "$LL_DATA_DIR/loghub/BGL/BGL_2k.log" </dev/null
# --- a fleet: `info DIR` per file and in total -------------------------------
# gen_fleet's expected merge (FILE<TAB>LINE per row) gives each file's rows.
GEN=$(cd "${LL_BUILDDIR:-.}" && pwd)/bench/gen_fleet
if [ -x "$GEN" ]; then
	fl=${TMPDIR:-/tmp}/ll-info-fleet-$$
	"$GEN" -s 9 -n 3 -r 2 -l 30 -u -e "$fl.expected" "$fl" >/dev/null
	out=$("$LOGLAB" info "$fl")
	expect_eq "$?" 0 "info DIR exit code"
	total=$(awk 'END { print NR }' "$fl.expected")
	expect_match "$out" "^rows: +$total\$" "info DIR: the fleet's rows"
	expect_match "$out" "^files: +11 in 5 rotation chains, 4 hosts\$" "info DIR: files, chains and hosts"
	for f in node01/kern.log.2.gz node02/kern.log.1 node03/kern.log misc/console.txt; do
		n=$(awk -F'\t' -v f="$f" '$1 == f' "$fl.expected" | wc -l | tr -d ' ')
		host=${f%%/*}
		expect_match "$out" "^  $f +$host +$n +" "info DIR: $f has $n rows, host $host"
	done
	expect_match "$out" "^  misc/console.txt .* no timestamps\$" "info DIR: a file without timestamps"
	expect_match "$out" "^  total +$total +" "info DIR: the total line"
	json=$("$LOGLAB" info --json "$fl/node0*/kern.log*" | python3 -c '
import json, sys
d = json.load(sys.stdin)
f = d["fleet"]
print(d["rows"], f["total"]["rows"], sum(x["rows"] for x in f["files"]), f["total"]["files"], f["total"]["hosts"],
      f["files"][0]["name"], f["files"][0]["host"])')
	n=$(grep -c '^node' "$fl.expected")
	expect_eq "$json" "$n $n $n 9 3 node01/kern.log.2.gz node01" "info --json GLOB: per-file rows add up to the total"
	rm -rf "$fl" "$fl.expected"
fi

# --- a fleet of files whose lines carry their own labels (no journal) ----------
# The per-file "labelled" column must add up to the "labels:" line, as the
# files' own `info` says (it read 0 per file while the summary said 4000).
lf=${TMPDIR:-/tmp}/ll-info-ownlab-$$
mkdir -p "$lf"
cp "$LL_DATA_DIR/loghub2/BGL/BGL_2k.log" "$lf/a.log"
cp "$LL_DATA_DIR/loghub2/Thunderbird/Thunderbird_2k.log" "$lf/b.log"
out=$("$LOGLAB" info "$lf/*.log")
expect_match "$out" "^labels: +[0-9]+ classes, 4000 labelled, 0 unlabelled" "info GLOB: every line carries a label"
expect_match "$out" "^  a\.log +a +2000 +2000 +bgl " "info GLOB: a.log's own labels counted per file"
expect_match "$out" "^  b\.log +b +2000 +2000 +thunderbird " "info GLOB: b.log's own labels counted per file"
expect_match "$out" "^  total +4000 +4000 " "info GLOB: the labelled total matches the labels line"
json=$("$LOGLAB" info --json "$lf/*.log" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
print(sum(x["labelled"] for x in d["fleet"]["files"]), sum(d["labels"].values()))')
expect_eq "$json" "4000 4000" "info --json GLOB: per-file labelled adds up to the label counts"
rm -rf "$lf"
# --- stamps with UTC offsets: shown in UTC, and said so ------------------------
zt=${TMPDIR:-/tmp}/ll-info-zones-$$
mkdir -p "$zt"
printf 'time,load\n2024-03-01T17:22:00+03:00,1\n2024-03-01T17:23:00+03:00,2\n2024-03-01T17:24:00+03:00,3\n' >"$zt/tz.csv"
info "$zt/tz.csv"
expect_match "$out" "^time: +2024-03-01 14:22:00 \.\. 2024-03-01 14:24:00$" "a CSV's +03:00 stamps in UTC"
expect_match "$out" "^note: +tz\.csv: times are shown in UTC; its stamps carry UTC offsets \(\+03:00 from line 2\)$" "the CSV's note says so"
printf '1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1\n' >"$zt/access.log"
printf '1.2.3.4 - - [10/Oct/2000:13:55:37 -0700] "GET /a HTTP/1.0" 200 1\n' >>"$zt/access.log"
for how in info info_lazy; do
	$how "$zt/access.log"
	expect_match "$out" "^time: +2000-10-10 20:55:36 \.\. 2000-10-10 20:55:37$" "$how: an access log's -0700 in UTC"
	expect_match "$out" "^note: +access\.log: times are shown in UTC; its stamps carry UTC offsets \(-07:00 from line 1\)$" "$how: the access log's note"
done
# a file read as plain lines has no times to show: nothing to say, loaded
# or lazy (an offset quoted in a comment, a pattern file)
printf '# Test multiline\n#   [04/Jun/2016:12:41:45 +0100] DEBUG x\nPATTERN \\[%%{HTTPDATE}\\] %%{WORD}\n' >"$zt/patterns"
for how in info info_lazy; do
	$how "$zt/patterns"
	checks=$((checks + 1))
	case $out in *"shown in UTC"*) fail "$how: plain lines got the offsets note: $out" ;; esac
done
# UTC written out, or no offset at all: nothing to say
printf '2024-03-01T17:22:00Z a\n2024-03-01T17:23:00+00:00 b\n2024-03-01 17:24:00 c\n' >"$zt/utc.log"
info "$zt/utc.log"
checks=$((checks + 1))
case $out in *"shown in UTC"*) fail "a log in UTC got the offsets note: $out" ;; esac
json=$("$LOGLAB" info --json "$zt/tz.csv" | /usr/bin/python3 -c '
import json, sys
print(sum("shown in UTC" in n for n in json.load(sys.stdin)["notes"]))')
expect_eq "$json" 1 "info --json lists the offsets note"
# a fleet says it once, counting its files (a compressed one too)
mkdir "$zt/fleet"
for h in a b c; do
	for i in 1 2 3; do echo "2024-03-01T17:2$i:00-04:30 host$h app[1]: msg $i"; done >"$zt/fleet/$h.log"
done
gzip "$zt/fleet/b.log"
printf '2024-03-01 17:22:00 hostd app: x\n' >"$zt/fleet/d.log"
out=$("$LOGLAB" info "$zt/fleet/*")
expect_match "$out" "^note: +times are shown in UTC; the stamps of 3 of 4 files carry UTC offsets \(a\.log: -04:30 from line 1\)$" "a fleet's offsets note"
checks=$((checks + 1))
[ "$(printf '%s\n' "$out" | grep -c 'UTC offsets')" -eq 1 ] || fail "the fleet's offsets said more than once: $out"
rm -rf "$zt"
finish
