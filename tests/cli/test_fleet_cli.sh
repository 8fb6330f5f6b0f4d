#!/bin/sh
# tests/cli/test_fleet_cli.sh - a fleet through the verbs: a workspace whose
# dataset path is a glob (gen_fleet: 3 hosts, kern.log and kern.log.1) and
# one whose "paths" lists a glob and a folder,
# labels per file, build, train, predict naming host, file and line (checked
# against gen_fleet's expected merge order), review decisions and stale
# runs on a glob, and `predict --follow` on the
# glob: a line appended to a file and a file that appears are scored with
# their host and file; a rotation is not scored twice.
. "$LL_SRCDIR/tests/lib.sh"
GEN=$(cd "${LL_BUILDDIR:-.}" && pwd)/bench/gen_fleet
[ -x "$GEN" ] || { echo "SKIP: $GEN not built" >&2; exit 77; }
tmp=$(mktemp -d) || exit 99
fpid=
trap '[ -n "$fpid" ] && kill "$fpid" 2>/dev/null; rm -rf "$tmp"' EXIT
W=$tmp/ws
mkdir -p "$W"
"$GEN" -s 8 -n 3 -r 1 -l 200 -P -e "$tmp/expected" "$W/fleet" >/dev/null || { fail "gen_fleet"; finish; }
n=$(awk 'END { print NR }' "$tmp/expected")
cat >"$W/loglab.json" <<'EOF'
{
	"version": 1,
	"datasets": {"fleet": {"path": "fleet/node*/kern.log*"}},
	"featuresets": {
		"fleet_hash": {
			"dataset": "fleet",
			"target": {"kind": "binary", "ordinary": ["0"]},
			"text": {"kind": "hash", "features": 1024, "ngram": [1, 1]},
			"split": {"kind": "chronological", "train": 0.7, "test": 0.3}
		}
	},
	"experiments": {"logreg": {"featureset": "fleet_hash", "model": "logreg", "C": 1, "seed": 1}}
}
EOF
cd "$W" || exit 99
"$LOGLAB" label 'fleet/node*/kern.log*' --match . --set 0 --new-class >/dev/null
out=$("$LOGLAB" label 'fleet/node*/kern.log*' --match 'Out of memory' --set 1 --new-class)
oom=$(cat fleet/node*/kern.log* | grep -c 'Out of memory')
expect_match "$out" "^set: $oom rows selected" "label the glob's matches"
expect_exit 0 "build over the fleet" -- "$LOGLAB" build fleet_hash
out=$("$LOGLAB" train logreg 2>&1)
expect_eq "$?" 0 "train over the fleet"
expect_match "$out" "test +samples $((n - n * 7 / 10))" "the test part is 30% of the fleet's $n rows"
run=$(ls runs | head -n 1)

# --- "paths": several specs merged as one dataset --------------------------------
python3 - loglab.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["datasets"]["two"] = {"paths": ["fleet/node01/kern.log*", "fleet/node03"]}
d["featuresets"]["two_hash"] = dict(d["featuresets"]["fleet_hash"], dataset="two")
json.dump(d, open(sys.argv[1], "w"), indent=1)
PY
two=$(grep -cE "^node0[13]/" "$tmp/expected")
out=$("$LOGLAB" build two_hash 2>&1)
expect_match "$out" "from $two rows of two" "\"paths\": node01's files and node03's folder, $two rows"
mkdir -p "$tmp/bad"
printf '{"version": 1, "datasets": {"x": {"paths": []}}}\n' >"$tmp/bad/loglab.json"
out=$("$LOGLAB" runs -w "$tmp/bad" 2>&1)
expect_match "$out" "datasets\.x\.paths: must be a non-empty list" "an empty \"paths\" is named"

# --- predict: every row with its host, file and line ---------------------------
"$LOGLAB" predict "$run" 'fleet/node*/kern.log*' >"$tmp/pred" || fail "predict on the glob"
expect_eq "$(head -n 1 "$tmp/pred")" "$(printf 'row\tlabel\tscore\ttemplate\thost\tfile\tline')" "predict's header"
expect_eq "$(($(wc -l <"$tmp/pred") - 1))" "$n" "a prediction per row"
# row i's file and line are the generator's expected row i; the host its folder
bad=$(awk -F'\t' 'NR == FNR { f[NR] = $1; l[NR] = $2; next }
	FNR > 1 { split(f[$1], p, "/"); if ($6 != f[$1] || $7 != l[$1] || $5 != p[1]) bad++ }
	END { print bad + 0 }' "$tmp/expected" "$tmp/pred")
expect_eq "$bad" 0 "every row names the host, file and line the merge order says"
json=$("$LOGLAB" predict --json "$run" 'fleet/node*/kern.log*' | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(len(d), sorted(d[0]) == sorted(["row", "host", "file", "line", "label", "score", "template", "true"]))')
expect_eq "$json" "$n True" "predict --json: host, file and line keys"

# --- the review queue names host, file and line ------------------------------------
"$LOGLAB" label 'fleet/node*/kern.log*' --match 'Out of memory' --set 0 >/dev/null
"$LOGLAB" review "$run" --json >"$tmp/review.json" 2>/dev/null
bad=$(python3 - "$tmp/review.json" "$tmp/expected" <<'PY'
import json, sys
items = json.load(open(sys.argv[1]))["items"]
exp = [l.rstrip("\n").split("\t") for l in open(sys.argv[2])]
bad = sum(1 for i in items if [i["file"], str(i["line"])] != exp[i["row"] - 1] or i["host"] != i["file"].split("/")[0])
print(bad if items else "empty")
PY
)
expect_eq "$bad" 0 "review items name the host, file and line of their row"
# decisions on a glob fleet: kept in a hidden store in the glob's folder
rows=$(python3 -c 'import json, sys; print(" ".join(str(i["row"]) for i in json.load(open(sys.argv[1]))["items"][:3]))' "$tmp/review.json")
set -- $rows
out=$("$LOGLAB" review "$run" --dismiss "$1" "$2" 2>&1)
expect_eq "$?" 0 "review --dismiss on a glob fleet: $out"
expect_match "$out" "decisions kept in .*/fleet/\.node__kern\.log_-[0-9a-f]{8}\.review" "the store sits hidden in the glob's folder"
out=$("$LOGLAB" review "$run" --confirm "$3" 2>&1)
expect_eq "$?" 0 "review --confirm on a glob fleet: $out"
"$LOGLAB" review "$run" --json >"$tmp/review2.json" 2>/dev/null
left=$(python3 -c 'import json, sys; r = {i["row"] for i in json.load(open(sys.argv[1]))["items"]}; print(len(r & set(map(int, sys.argv[2:]))))' "$tmp/review2.json" "$1" "$2" "$3")
expect_eq "$left" 0 "decided rows are not asked again"
expect_eq "$(ls fleet/node* | grep -c review)" 0 "no store among the fleet's files"
"$LOGLAB" label 'fleet/node*/kern.log*' --undo >/dev/null
"$LOGLAB" label 'fleet/node*/kern.log*' --undo >/dev/null

# --- a run goes stale when the fleet's labels change, and fresh when undone ----------
expect_eq "$("$LOGLAB" runs | grep -c STALE)" 0 "labels as trained: the run is current"
"$LOGLAB" label 'fleet/node*/kern.log*' --match 'Out of memory' --set 0 >/dev/null
expect_match "$("$LOGLAB" runs)" "stale: labels changed since" "relabelling a fleet's file makes its run stale"
"$LOGLAB" label 'fleet/node*/kern.log*' --undo >/dev/null
expect_eq "$("$LOGLAB" runs | grep -c STALE)" 0 "undone: the run is current again"

# --- predict --follow on the glob ------------------------------------------------
"$LOGLAB" predict "$run" --follow 'fleet/node*/kern.log*' >"$tmp/follow" 2>"$tmp/follow.err" &
fpid=$!
# wait_out REGEX WHAT: polls the output for up to 20 s (one check)
wait_out() {
	checks=$((checks + 1))
	i=0
	while [ $i -lt 200 ]; do
		grep -Eq -- "$1" "$tmp/follow" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "$2: '$1' not in the output after 20 s: $(cat "$tmp/follow" "$tmp/follow.err")"
}
sleep 1
l2=$(($(wc -l <fleet/node02/kern.log) + 1))
echo 'Dec 31 23:59:59 node02 kernel: Out of memory: Killed process 1 (x)' >>fleet/node02/kern.log
wait_out "^$l2	[^	]+	[^	]+		node02	node02/kern.log	$l2\$" "an appended line, its host, file and line"
mkdir -p fleet/node07
echo 'Dec 31 23:59:59 node07 kernel: eth0: Link is Up' >fleet/node07/kern.log
wait_out "^1	[^	]+	[^	]+		node07	node07/kern.log	1\$" "a file that appears is scored from its start"
mv fleet/node01/kern.log fleet/node01/kern.log.0
echo 'Dec 31 23:59:59 node01 kernel: after rotation' >fleet/node01/kern.log
wait_out "node01	node01/kern.log	1\$" "the rotated file's new lines"
sleep 3 # two scans of the glob: the rotation must not be scored again
expect_eq "$(grep -c 'node01/kern.log	1$' "$tmp/follow")" 1 "a rotation is scored once"
expect_eq "$(wc -l <"$tmp/follow" | tr -d ' ')" 3 "only the new lines are scored"
kill "$fpid"
wait "$fpid" 2>/dev/null
fpid=
# A fleet reads each file as the file reads alone: UTF-16 and colour codes
# converted, with the single file's notes, and nothing left out.
mkdir -p "$tmp/conv"
printf '2024-01-01 00:00:01 \033[31mERROR\033[0m red\n2024-01-01 00:00:04 \033[32mINFO\033[0m green\n' >"$tmp/conv/colour.log"
printf '2024-01-01 00:00:02 INFO plain\n' >"$tmp/conv/plain.log"
if command -v iconv >/dev/null 2>&1; then
	printf '2024-01-01 00:00:03 INFO wide\n' | iconv -f UTF-8 -t UTF-16 >"$tmp/conv/win.log"
	out=$("$LOGLAB" info "$tmp/conv" 2>&1)
	expect_match "$out" '^rows: +4$' "the UTF-16 file's row is read"
	expect_match "$out" '^  win\.log +win +1 ' "the UTF-16 file is one of the fleet's"
	expect_match "$out" '^note: +colour\.log: 4 terminal escape codes \(colours, cursor moves\) removed from the text$' \
		"the coloured file's note is the single file's"
	checks=$((checks + 1))
	case $out in *"left out"* | *"alone"*) fail "a file left out or read otherwise than alone: $out" ;; esac
	out=$("$LOGLAB" label "$tmp/conv" --templates 2>&1)
	expect_match "$out" ' red$' "the coloured line's template"
	checks=$((checks + 1))
	case $out in *"[31m"* | *'\x1b'* | *'\033'*) fail "templates keep colour codes: $out" ;; esac
fi
# a stack trace's lines (they fit no syslog header) are the machine's of the
# line they follow, not the file name's: two hosts, not four
mkdir -p "$tmp/traces"
for h in alpha beta; do
	awk -v h=$h 'BEGIN { for (i = 0; i < 20; i++) {
		printf "2024-01-01T10:00:%02d %s app[1]: request %d failed\n", i, h, i
		if (i % 5 == 0) { print "java.lang.IllegalStateException: boom"; print "\tat com.example.Foo.bar(Foo.java:10)" } } }' \
		>"$tmp/traces/srv-$h.log"
done
out=$("$LOGLAB" info "$tmp/traces/*.log" 2>&1)
expect_match "$out" '^files: +2 in 2 rotation chains, 2 hosts$' "a trace's lines take the host of the line before"
out=$("$LOGLAB" --keys 'q' --dump-screen 8x120 "$tmp/traces/*.log" 2>&1)
expect_match "$out" '^alpha +srv-alpha\.log +java\.lang\.IllegalStateException: boom' "the browser's host of a trace line"
# log4j's hourly files in a folder per broker, all under logs/: one chain a
# broker, the broker's name as host, and a file name longer than its column
# shown by its end, where the files differ
for b in broker0 broker1; do
	mkdir -p "$tmp/brokers/$b/logs"
	for h in 16 17; do
		awk -v b=$b -v h=$h 'BEGIN { for (i = 0; i < 5; i++) printf "[2016-12-19 %s:0%d:00,000] INFO %s event %d (kafka.log.Log)\n", h, i, b, i }' \
			>"$tmp/brokers/$b/logs/server-replication.log.2016-12-19-$h"
	done
	printf '[2016-12-19 18:00:00,000] INFO %s now (kafka.log.Log)\n' $b >"$tmp/brokers/$b/logs/server-replication.log"
done
out=$("$LOGLAB" info "$tmp/brokers/*/logs/server-replication.log*" 2>&1)
expect_match "$out" '^files: +6 in 2 rotation chains, 2 hosts$' "dated rotations chain with their file"
expect_match "$out" '^  broker0/logs/server-replication\.log\.2016-12-19-16 +broker0 ' "the host is the broker's folder"
out=$("$LOGLAB" --keys 'q' --dump-screen 8x120 "$tmp/brokers/*/logs/server-replication.log*" 2>&1)
expect_match "$out" '^0? *broker0 +….*log\.2016-12-19-16 +\[2016-12-19 16:00:00,000\] INFO broker0 event 0' "a long file name shows its end"
# one journal dumped twice into two dated files of one chain: the newer
# starts before the older ends, so their lines are merged by time (the
# merged time never steps back) with a note naming both files
mkdir -p "$tmp/dumps"
printf 'Jan  1 10:00:01 h app: a\nJan  1 10:00:05 h app: b\nJan  1 10:00:09 h app: c\n' >"$tmp/dumps/2024-01-01-app.log"
printf 'Jan  1 10:00:05 h app: b\nJan  1 10:00:09 h app: c\nJan  1 10:00:12 h app: d\n' >"$tmp/dumps/2024-01-02-app.log"
out=$("$LOGLAB" info "$tmp/dumps" 2>&1)
expect_match "$out" '^note: +2024-01-02-app\.log starts before 2024-01-01-app\.log ends .*their lines are merged by time$' \
	"an overlapping file of a chain is noted"
out=$("$LOGLAB" --keys 'q' --dump-screen 10x100 "$tmp/dumps" 2>&1)
expect_eq "$(printf '%s\n' "$out" | grep -Eo ': [a-d]$' | tr -d ': \n')" abbccd "the overlapping files' lines merged by time"
finish
