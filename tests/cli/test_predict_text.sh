#!/bin/sh
# test_predict_text.sh - a run trained on a labelled copy of a syslog file
# (label<TAB>line: its text is the whole line) scores the syslog file
# itself on whole lines, as it was trained: predict and eval give the
# scores of the labelled copy, with a note, and predict --follow the same
# (it always read lines in the run's dataset's format), and a gzip copy of
# the syslog file or a glob of copies the same as the file, and --follow on a
# glob with the hosts predict GLOB gives. eval of two globs or two files of
# one name keeps two folders. A run trained on
# the syslog file (its message field) is left as it is.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
L() { timeout 120 "$LOGLAB" "$@"; }

# 600 kernel lines of 6 kinds; kind 6 (an I/O error) is the root cause
kern_labelled "$T/kern_labelled.tsv"
cut -f2- "$T/kern_labelled.tsv" >"$T/kern.log"

W=$T/ws
mkdir "$W"
printf '%s\n' '{ "version": 1,' \
	"  \"datasets\": {\"kern\": {\"path\": \"$T/kern_labelled.tsv\"}, \"raw\": {\"path\": \"$T/kern.log\"}}," \
	'  "featuresets": {"lab": {"dataset": "kern", "target": "binary", "text": {"kind": "tfidf", "features": 1024},' \
	'                          "split": {"kind": "chronological", "train": 0.7, "test": 0.3}}},' \
	'  "experiments": {"lr": {"featureset": "lab", "model": "logreg"}} }' >"$W/loglab.json"
L train lr -w "$W" --quiet >/dev/null; expect_eq $? 0 "train on the labelled copy"
R=$(ls "$W/runs" | grep -- '-lr$')

# row, score, template of a prediction
scores() { L predict "$R" "$@" -w "$W" 2>"$T/stderr" | awk -F'\t' 'NR > 1 { print $1 "\t" $3 "\t" $4 }'; }
scores "$T/kern_labelled.tsv" >"$T/labelled.scores"
expect_eq "$(wc -l <"$T/labelled.scores" | tr -d ' ')" 600 "the labelled copy: a score per line"
expect_eq "$(cat "$T/stderr")" "" "the labelled copy: no note"
scores "$T/kern.log" >"$T/raw.scores"
checks=$((checks + 1)); cmp -s "$T/labelled.scores" "$T/raw.scores" ||
	fail "the syslog file scores as its labelled copy: $(diff "$T/labelled.scores" "$T/raw.scores" | head -4)"
expect_match "$(cat "$T/stderr")" "note: .*kern\.log: the run was trained on whole lines: each line is scored whole" \
	"predict says it scores whole lines"
# the templates the run knows are found in the syslog file's lines
checks=$((checks + 1)); awk -F'\t' '$3 == "" { exit 1 }' "$T/raw.scores" || fail "a syslog line without a template"

# --follow read the run's dataset's format all along: the same scores
timeout 20 "$LOGLAB" predict "$R" --follow --from-start "$T/kern.log" -w "$W" 2>/dev/null | head -600 |
	awk -F'\t' '{ print $1 "\t" $3 "\t" $4 }' >"$T/follow.scores"
checks=$((checks + 1)); cmp -s "$T/labelled.scores" "$T/follow.scores" ||
	fail "--follow scores as predict: $(diff "$T/labelled.scores" "$T/follow.scores" | head -4)"

# a compressed copy is the same text: the same scores, the same note (the
# format was sniffed on the compressed bytes, so its message field was scored)
gzip -c "$T/kern.log" >"$T/kern.log.gz"
scores "$T/kern.log.gz" >"$T/gz.scores"
checks=$((checks + 1)); cmp -s "$T/raw.scores" "$T/gz.scores" ||
	fail "kern.log.gz scores as kern.log: $(diff "$T/raw.scores" "$T/gz.scores" | head -4)"
expect_match "$(cat "$T/stderr")" "kern\.log\.gz: the run was trained on whole lines" "predict FILE.gz scores whole lines"
out=$(L eval "$R" "$T/kern.log.gz" -w "$W" 2>&1); expect_eq $? 0 "eval kern.log.gz"
expect_match "$out" "trained on whole lines" "eval FILE.gz says it scores whole lines"

# a glob of copies (a fleet, read in its first file's format): whole lines
# too, each row scored as the file's; its three more columns left out
mkdir "$T/fleet"
cp "$T/kern.log" "$T/fleet/a.log"
L predict "$R" "$T/fleet/*.log" -w "$W" 2>"$T/stderr" | awk -F'\t' 'NR > 1 { print $1 "\t" $3 "\t" $4 }' >"$T/fleet.scores"
checks=$((checks + 1)); cmp -s "$T/raw.scores" "$T/fleet.scores" ||
	fail "a glob of kern.log scores as kern.log: $(diff "$T/raw.scores" "$T/fleet.scores" | head -4)"
expect_match "$(cat "$T/stderr")" "the run was trained on whole lines" "predict GLOB scores whole lines"
# --follow on a glob gives each line the host predict GLOB gives it: the
# line's own host field when its file's format has one (node0, node1, ...
# here), else the path's; it gave every line the path's ("a"), reading the
# lines in the run's dataset's format, which has no host. A file of plain
# lines beside it keeps the path's host. Rows compared by file and line.
mkdir "$T/mixed"
cp "$T/kern.log" "$T/mixed/a.log"
printf 'plain words without a stamp %s\n' 1 2 3 >"$T/mixed/plain.log"
# fl_rows: file, line, host, label, score, template of predict's TSV rows, sorted
fl_rows() { awk -F'\t' '$1 ~ /^[0-9]+$/ { print $6 "\t" $7 "\t" $5 "\t" $2 "\t" $3 "\t" $4 }' | sort; }
L predict "$R" "$T/mixed/*.log" -w "$W" 2>/dev/null | fl_rows >"$T/mixed.rows"
timeout 20 "$LOGLAB" predict "$R" --follow --from-start "$T/mixed/*.log" -w "$W" 2>/dev/null | head -603 | fl_rows >"$T/mixedf.rows"
expect_eq "$(wc -l <"$T/mixedf.rows" | tr -d ' ')" 603 "--follow GLOB scores every line"
expect_eq "$(cut -f3 "$T/mixed.rows" | sort -u | tr '\n' ' ')" "node0 node1 node2 plain " "predict GLOB: the lines' hosts, the plain file's path"
checks=$((checks + 1)); cmp -s "$T/mixed.rows" "$T/mixedf.rows" ||
	fail "--follow GLOB: host, label, score, template as predict GLOB: $(diff "$T/mixed.rows" "$T/mixedf.rows" | head -4)"
# a stack trace's line (it fits no header) is the machine's of the line it
# follows, in predict GLOB (the fleet) and --follow GLOB alike
mkdir "$T/traced"
head -30 "$T/kern.log" | awk '{ print } NR % 10 == 0 { print "java.lang.IllegalStateException: boom" }' >"$T/traced/a.log"
L predict "$R" "$T/traced/*.log" -w "$W" 2>/dev/null | fl_rows >"$T/traced.rows"
timeout 20 "$LOGLAB" predict "$R" --follow --from-start "$T/traced/*.log" -w "$W" 2>/dev/null | head -33 | fl_rows >"$T/tracedf.rows"
want=$(sed -n 10p "$T/traced/a.log" | awk '{ print $4 }')
expect_eq "$(awk -F'\t' '$2 == 11 { print $3 }' "$T/traced.rows")" "$want" "predict GLOB: a trace line's host is the line before's"
checks=$((checks + 1)); cmp -s "$T/traced.rows" "$T/tracedf.rows" ||
	fail "--follow GLOB of trace lines as predict GLOB: $(diff "$T/traced.rows" "$T/tracedf.rows" | head -4)"

# eval takes the same glob (it said "No such file or directory") and scores
# the rows as predict does
out=$(L eval "$R" "$T/fleet/*.log" -w "$W" 2>&1); expect_eq $? 0 "eval GLOB"
expect_match "$out" "trained on whole lines" "eval GLOB says it scores whole lines"
ev=$(printf '%s\n' "$out" | sed -n 's/^  results in //p')
awk -F'\t' 'NR > 1 { print $2 "\t" $6 "\t" $NF }' "$ev/predictions.tsv" >"$T/evalfleet.scores"
checks=$((checks + 1)); cmp -s "$T/fleet.scores" "$T/evalfleet.scores" ||
	fail "eval GLOB scores as predict GLOB: $(diff "$T/fleet.scores" "$T/evalfleet.scores" | head -4)"

# eval of the syslog file, as a dataset of the workspace and as a path
for ds in raw "$T/kern.log"; do
	out=$(L eval "$R" "$ds" -w "$W" 2>&1); expect_eq $? 0 "eval $ds"
	expect_match "$out" "trained on whole lines" "eval $ds says it scores whole lines"
done

# results of two globs ending alike (*.log) in two folders went to one
# folder, eval-_.log, the second overwriting the first; a file of the same
# name in another folder too. Each spec has its own folder now, with its own
# metrics; a file's keeps its name (eval-kern.log, made by the loop above).
mkdir "$T/fleet2" "$T/other"
head -300 "$T/kern.log" >"$T/fleet2/b.log"
head -200 "$T/kern.log" >"$T/other/kern.log"
# eval_of SPEC: "FOLDER<TAB>DATASET<TAB>ROWS PREDICTED" of the results eval SPEC wrote
eval_of() {
	d=$(L eval "$R" "$1" -w "$W" 2>/dev/null | sed -n 's/^  results in //p')
	[ -n "$d" ] && /usr/bin/python3 -c 'import json,sys; m=json.load(open(sys.argv[1] + "/metrics.json")); print(sys.argv[1], m["dataset"], sum(1 for _ in open(sys.argv[1] + "/predictions.tsv")) - 1, sep="\t")' "$d"
}
e1=$(eval_of "$T/fleet/*.log"); e2=$(eval_of "$T/fleet2/*.log"); e3=$(eval_of "$T/other/kern.log")
expect_eq "$(printf '%s\n' "$e1" | cut -f2,3)" "$T/fleet/*.log	600" "eval of the first glob: its folder holds its metrics"
expect_eq "$(printf '%s\n' "$e2" | cut -f2,3)" "$T/fleet2/*.log	300" "eval of the second glob: its folder holds its metrics"
expect_eq "$(printf '%s\n' "$e3" | cut -f2,3)" "$T/other/kern.log	200" "eval of another kern.log: its folder holds its metrics"
expect_eq "$(printf '%s\n%s\n%s\n%s\n' "$e1" "$e2" "$e3" "$W/runs/$R/eval-kern.log" | cut -f1 | sort -u | wc -l | tr -d ' ')" 4 \
	"two globs and two files named kern.log: four folders"
e1again=$(eval_of "$T/fleet/*.log")
expect_eq "$e1again" "$e1" "eval of the first glob again: the same folder, its metrics"
expect_match "$(printf '%s\n' "$e1" | cut -f1)" "/eval-tmp_.*_fleet__\.log-[0-9a-f]{8}\$" "a glob's folder reads as its spec"
expect_eq "$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["dataset"])' "$W/runs/$R/eval-kern.log/metrics.json")" \
	"$T/kern.log" "eval-kern.log still holds kern.log's results"

# the same messages as JSON records (a shipper's output: no line, the text
# under "msg", the class under "label"): predict and eval read their message
# column, with a note, and score them as the lines of those messages
awk -F'\t' '{ m = $2; sub(/^.*: /, "", m); gsub(/\\/, "\\\\", m); gsub(/"/, "\\\"", m);
	printf "{\"ts\":\"2026-03-02T00:%02d:%02dZ\",\"host\":\"node0\",\"label\":\"%s\",\"msg\":\"%s\"}\n", int((NR - 1) / 60) % 60, (NR - 1) % 60, $1, m }' \
	"$T/kern_labelled.tsv" >"$T/kern.jsonl"
scores "$T/kern.jsonl" >"$T/json.scores"
expect_eq "$(wc -l <"$T/json.scores" | tr -d ' ')" 600 "JSON records: a score per record"
expect_match "$(cat "$T/stderr")" "note: .*kern\.jsonl: the run read log lines' text; these records have no line: their message column 'msg' is read" \
	"JSON records: the note names the message column"
L eval "$R" "$T/kern.jsonl" -w "$W" >"$T/json.eval" 2>/dev/null
expect_eq $? 0 "JSON records: eval"
f1=$(sed -n 's/^  f1_macro *//p' "$T/json.eval")
expect_eq "$(awk -v f="$f1" 'BEGIN { print (f > 0.9) ? "ok" : f }')" ok "JSON records: the messages are told apart (f1 $f1)"

# grow_and_stop SOURCE GROWN: lines 6-8 of SOURCE appended to GROWN; once
# the follower ($fpid) has scored three lines (or after 20 s), it is stopped
grow_and_stop() {
	sed -n '6,8p' "$1" >>"$2"
	i=0
	while [ "$(wc -l <"$T/follow.out" | tr -d ' ')" -lt 3 ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
	kill -INT $fpid 2>/dev/null
	wait $fpid 2>/dev/null
}

# follow_three RUN WS SOURCE GROWN NOTE: --follow of GROWN, made of
# SOURCE's first 5 lines, once NOTE is on its stderr, while lines 6-8 of
# SOURCE are appended; its output in $T/follow.out, stderr in follow.err
follow_three() {
	head -5 "$3" >"$4"
	# timeout itself in the background (not L's subshell), so that the
	# SIGINT below reaches the follower: timeout passes it on
	timeout 120 "$LOGLAB" predict "$1" --follow "$4" -w "$2" >"$T/follow.out" 2>"$T/follow.err" &
	fpid=$!
	i=0
	while ! grep -q "$5" "$T/follow.err" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	# it then seeks to the end: give it that moment before the file grows
	sleep 1
	grow_and_stop "$3" "$4"
}

# --follow of a file of such records: the same message key, the same scores
follow_three "$R" "$W" "$T/kern.jsonl" "$T/grow.jsonl" "message key"
expect_match "$(cat "$T/follow.err")" "note: .*grow\.jsonl: the run read log lines' text; these records have no line: their message key 'msg' is read" \
	"--follow of JSON records: the note names the message key"
expect_eq "$(cut -f1,3 "$T/follow.out")" "$(sed -n '6,8p' "$T/json.scores" | cut -f1,2)" \
	"--follow of JSON records: the scores predict FILE gives"

# follow_empty RUN WS SOURCE GROWN: --follow of GROWN, empty when following
# starts, while lines 6-8 of SOURCE are written to it; as follow_three
follow_empty() {
	: >"$4"
	timeout 120 "$LOGLAB" predict "$1" --follow "$4" -w "$2" >"$T/follow.out" 2>"$T/follow.err" &
	fpid=$!
	sleep 1
	grow_and_stop "$3" "$4"
}

# first_lines_decide RUN WS SOURCE EMPTY NOTE SCORES WHAT: --follow of a
# file empty when following starts (EMPTY) and of a stream, given lines
# 6-8 of SOURCE: their first lines decide (they were read as the run's
# dataset's lines), NOTE is said (its path part a regex), the scores are
# lines 6-8 of SCORES' second column (the rows are their own numbers)
first_lines_decide() {
	follow_empty "$1" "$2" "$3" "$4"
	expect_match "$(cat "$T/follow.err")" "note: .*$(basename "$4" | sed 's/\./\\./g'): $5" \
		"--follow of a file empty at first, then $7: the note"
	expect_eq "$(cut -f3 "$T/follow.out")" "$(sed -n '6,8p' "$6" | cut -f2)" \
		"--follow of a file empty at first, then $7: the scores predict FILE gives"
	sed -n '6,8p' "$3" | L predict "$1" --follow - -w "$2" >"$T/stream.out" 2>"$T/stream.err"
	expect_match "$(cat "$T/stream.err")" "note: -: $5" "--follow - of $7: the note"
	expect_eq "$(cut -f3 "$T/stream.out")" "$(sed -n '6,8p' "$6" | cut -f2)" \
		"--follow - of $7: the scores predict FILE gives"
}
first_lines_decide "$R" "$W" "$T/kern.jsonl" "$T/empty.jsonl" \
	"the run read log lines' text; these records have no line: their message key 'msg' is read" \
	"$T/json.scores" "JSON records"

# a line that never ends (a binary written to the log) stops --follow at
# the memory limit with the file's name, not at the end of memory
: >"$T/endless.log"
LOGLAB_MEMORY_MAX=4M timeout 60 "$LOGLAB" predict "$R" --follow "$T/endless.log" -w "$W" >/dev/null 2>"$T/endless.err" &
epid=$!
sleep 1
head -c 12000000 /dev/zero | tr '\0' 'a' >>"$T/endless.log"
wait $epid
expect_eq $? 2 "--follow of a line without end: exit 2"
expect_match "$(cat "$T/endless.err")" "endless\.log: a line of [0-9]+ bytes without its end needs .* more than the memory limit of 4.0 MiB" \
	"--follow of a line without end: the file and the limit"

# the other way round: a run of the JSON records' "msg" scores the syslog
# file by its message field and the labelled copy by its text, with a note,
# and --follow of the syslog file as predict FILE
WJ=$T/wsj
mkdir "$WJ"
printf '%s\n' '{ "version": 1,' \
	"  \"datasets\": {\"kj\": {\"path\": \"$T/kern.jsonl\"}}," \
	'  "featuresets": {"j": {"dataset": "kj", "target": "binary", "text": {"kind": "tfidf", "features": 1024},' \
	'                        "split": {"kind": "chronological", "train": 0.7, "test": 0.3}}},' \
	'  "experiments": {"lrj": {"featureset": "j", "model": "logreg"}} }' >"$WJ/loglab.json"
L train lrj -w "$WJ" --quiet >/dev/null; expect_eq $? 0 "train on the JSON records"
RJ=$(ls "$WJ/runs" | grep -- '-lrj$')
L predict "$RJ" "$T/kern.log" -w "$WJ" 2>"$T/stderr" | awk -F'\t' 'NR > 1 { print $1 "\t" $3 }' >"$T/rawj.scores"
expect_eq "$(wc -l <"$T/rawj.scores" | tr -d ' ')" 600 "a run of records on the syslog file: a score per line"
expect_match "$(cat "$T/stderr")" "note: .*kern\.log: the run read the text of column 'msg', which this data has not: its own text, column 'message', is read" \
	"a run of records on the syslog file: the note"
L eval "$RJ" "$T/kern_labelled.tsv" -w "$WJ" >"$T/evalj" 2>"$T/stderr"
expect_eq $? 0 "a run of records on the labelled copy: eval"
expect_match "$(cat "$T/stderr")" "the run read the text of column 'msg', which this data has not" "a run of records on the labelled copy: the note"
follow_three "$RJ" "$WJ" "$T/kern.log" "$T/grow.log" "their message is read"
expect_match "$(cat "$T/follow.err")" "note: .*grow\.log: the run read the text of column 'msg', which these lines have not: their message is read" \
	"--follow of the syslog file with a run of records: the note"
expect_eq "$(cut -f1,3 "$T/follow.out")" "$(sed -n '6,8p' "$T/rawj.scores")" \
	"--follow of the syslog file with a run of records: the scores predict FILE gives"

first_lines_decide "$RJ" "$WJ" "$T/kern.log" "$T/empty.log" \
	"the run read the text of column 'msg', which these lines have not: their message is read" \
	"$T/rawj.scores" "syslog lines with a run of records"

# a run trained on the syslog file's own messages reads messages: no note
kern_messages_ws "$T" "$W"
if L train m -w "$W" --quiet >/dev/null 2>"$T/train.err"; then
	RM=$(ls "$W/runs" | grep -- '-m$')
	L predict "$RM" "$T/kern.log" -w "$W" >/dev/null 2>"$T/stderr"
	expect_eq "$(grep -c 'whole lines' "$T/stderr")" 0 "a run of messages: no note"
else
	fail "train on the syslog file's messages: $(cat "$T/train.err")"
fi
finish
