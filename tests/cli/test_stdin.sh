#!/bin/sh
# tests/cli/test_stdin.sh - a log piped into loglab as "-": `info`, a
# compressed stream, `label --templates` alike the file's, labels refused
# (no file to keep a journal beside, none written), `predict` and `eval` of
# a run on piped rows as on the file, the browser on a pipe (--dump-screen)
# read-only, and an empty stream.
. "$LL_SRCDIR/tests/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-stdin-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
cd "$tmp" || exit 1

awk 'BEGIN {
	split("sshd cron kernel systemd", prog, " ")
	for (i = 0; i < 400; i++)
		printf "Jan  1 %02d:%02d:%02d web1 %s[%d]: session %d opened for user u%d\n", i / 3600, i / 60 % 60, i % 60, prog[i % 4 + 1], 100 + i % 7, i, i % 11
}' >app.log

file=$("$LOGLAB" info app.log | grep -v '^file:')
piped=$("$LOGLAB" info - <app.log)
expect_eq "$?" 0 "info -"
expect_match "$piped" '^file: +-$' "named -"
expect_eq "$(printf '%s\n' "$piped" | grep -v '^file:')" "$file" "described as the file"
expect_eq "$(gzip -c app.log | "$LOGLAB" info - | grep -v '^file:')" "$file" "a gzip'd stream"
expect_eq "$("$LOGLAB" label - --templates <app.log | tail -n +2)" "$("$LOGLAB" label app.log --templates | tail -n +2 | sed 's/app\.log/-/g')" \
	"the same templates"

out=$("$LOGLAB" label - --match sshd --set 1 <app.log 2>&1)
expect_eq "$?" 1 "labels of a pipe are refused"
expect_match "$out" "standard input has none: save it to a file first" "the refusal says why"
[ -e ./-.labels ] && fail "a journal was written for standard input" || ok
out=$("$LOGLAB" label - --match sshd --set 1 --dry-run <app.log)
expect_match "$out" "100 rows selected, 100 would change" "a dry run is fine"

out=$("$LOGLAB" info - </dev/null)
expect_eq "$?" 0 "an empty stream"
expect_match "$out" '^rows: +0$' "no rows"

# a run's predictions and evaluation of piped rows are the file's
awk 'BEGIN { srand(3); print "cpu,mem,state"; for (i = 0; i < 300; i++) { c = rand() * 100; m = rand() * 100
	printf "%.2f,%.2f,%s\n", c, m, (c > 80 || m > 90) ? "bad" : "good" } }' >m.csv
cat >loglab.json <<'JSON'
{"version": 1, "datasets": {"m": {"path": "m.csv", "format": "csv:label=state"}},
 "featuresets": {"f": {"dataset": "m", "columns": "cpu|mem", "scale": "zscore",
		"split": {"kind": "stratified", "train": 0.7, "test": 0.3}, "seed": 1}},
 "experiments": {"lr": {"featureset": "f", "model": "logreg", "seed": 1}}}
JSON
"$LOGLAB" train lr -q >/dev/null 2>&1
run=$(ls runs | head -1)
expect_eq "$("$LOGLAB" predict "$run" - -f csv:label=state <m.csv)" "$("$LOGLAB" predict "$run" m.csv -f csv:label=state)" \
	"predict of piped rows"
out=$("$LOGLAB" eval "$run" - -f csv:label=state <m.csv)
expect_eq "$?" 0 "eval of piped rows"
[ -f "runs/$run/eval-stdin/metrics.json" ] && ok || fail "eval of - writes eval-stdin"

# --follow -: lines scored as they arrive (the second after a pause), the
# last one without its newline too, then the end of the stream ends it
awk 'BEGIN { for (i = 0; i < 600; i++) { c = i % 3
	printf "c%d\t%s job %d on node%d\n", c, (c == 0 ? "disk failure" : c == 1 ? "network timeout" : "job finished"), i, i % 7 } }' >ev.tsv
mkdir tw
cat >tw/loglab.json <<JSON
{"version": 1, "datasets": {"d": {"path": "$tmp/ev.tsv"}},
 "featuresets": {"t": {"dataset": "d", "text": {"kind": "tfidf"}}},
 "experiments": {"lr": {"featureset": "t", "model": "logreg", "review_folds": 0}}}
JSON
"$LOGLAB" train lr -w tw -q >/dev/null 2>&1
trun=$(ls tw/runs | head -1)
out=$( (printf 'disk failure job 1 on node3\n'; sleep 0.5; printf 'network timeout job 2 on node1\njob finished job 3 on node2') |
	timeout 20 "$LOGLAB" predict "$trun" --follow - -w tw)
expect_eq "$?" 0 "--follow - ends with the stream"
expect_eq "$(printf '%s\n' "$out" | cut -f1,2 | tr '\t\n' ': ')" "1:c0 2:c1 3:c2 " "each line scored, the last without its newline"
out=$("$LOGLAB" predict "$trun" --follow - -w tw 2>&1 </dev/null)
expect_eq "$?" 0 "an empty stream ends at once"

# the browser on a pipe: rows shown, labels read-only, no journal
screen=$("$LOGLAB" - --dump-screen 12x100 --keys 'j1' <app.log)
expect_eq "$?" 0 "the browser on a pipe"
expect_match "$screen" "labels read-only" "labels read-only in the status"
expect_match "$screen" "no file to keep them beside" "the message says why"
[ -e ./-.labels ] && fail "the browser wrote a journal for standard input" || ok
finish
