#!/bin/sh
# test_header_label.sh - a <label> field in a header pattern is each line's
# class, as in the labelled formats: info counts the classes (loaded,
# through the line index, of a glob), label --json shows them, a workspace dataset's
# "header" with <label> trains a model with per-class metrics and the label
# is not text it learns from; <label?> may be missing, a second <label> is
# refused. And the reverse of test_predict_text.sh: a run trained on a
# syslog file's messages scores a label<TAB>line copy of it as the syslog
# file (read by "<label?> " and syslog's header), with a note; a copy with
# a line that does not fit is read as it is.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
L() { timeout 120 "$LOGLAB" "$@"; }
# must WHAT -- CMD...: a step the checks stand on; its failure fails the test
must() {
	what=$1; shift 2
	"$@" >/dev/null 2>"$T/must.err" || fail "$what: $(head -c 300 "$T/must.err")"
}

# 300 lines a tool prefixed with a class word: ALERT 43, WARN 24, "-" 233
awk 'BEGIN {
	for (i = 0; i < 300; i++) {
		k = i % 7 == 0 ? 1 : (i % 11 == 0 ? 2 : 0)
		lab = k == 1 ? "ALERT" : (k == 2 ? "WARN" : "-")
		m = k == 1 ? "disk full on /var" : (k == 2 ? "fan speed low" : "request served in " i % 50 " ms")
		printf "%s 2024-01-01T%02d:%02d:%02d web%02d %s\n", lab, int(i / 3600), int(i / 60) % 60, i % 60, i % 4, m
	}
}' >"$T/alerts.log"
H='<label> <time> <host> <message>'

out=$(L info --header "$H" "$T/alerts.log" 2>&1)
expect_eq "$(printf '%s\n' "$out" | grep -E '^(header|labels):')" "header:   <label> <time> <host> <message>
labels:   3 classes, 300 labelled, 0 unlabelled" "info: the header with its <label>, the label field's classes"
expect_match "$out" "^  ALERT +43\$" "info: ALERT lines"
expect_match "$out" "^  normal +233\$" "info: '-' is the class normal"
expect_match "$out" "^columns: +4\$" "info: line, time, host, message (no label column)"
expect_eq "$(printf '%s\n' "$out" | grep -c '^  label ')" 0 "info: no column named label"
out=$(LOGLAB_LAZY_THRESHOLD=1 L info --header "$H" "$T/alerts.log" 2>&1)
expect_match "$out" "^labels: +3 classes, 300 labelled, 0 unlabelled" "info through the line index: the same classes"
expect_match "$out" "^  WARN +24\$" "info through the line index: WARN lines"

# a glob of two parts of the file (a fleet): the same classes
mkdir "$T/fleet"
head -150 "$T/alerts.log" >"$T/fleet/a.log"
tail -150 "$T/alerts.log" >"$T/fleet/b.log"
out=$(L info --header "$H" "$T/fleet/*.log" 2>&1)
expect_match "$out" "^labels: +3 classes, 300 labelled, 0 unlabelled" "info of a glob: the label field's classes"

# label --json: the counts
lj=$(L label "$T/alerts.log" --header "$H" --json 2>&1)
expect_eq "$(printf '%s' "$lj" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(sorted(d["labels"].items()), d["unlabelled"])')" \
	"[('ALERT', 43), ('WARN', 24), ('normal', 233)] 0" "label --json counts the label field's classes"

# <label?>: lines without one are unlabelled, their time read whole
sed -n '1,10p' "$T/alerts.log" | sed '2,4s/^- //' >"$T/some.log"
out=$(L info --header "<label?> <time> <host> <message>" "$T/some.log" 2>&1)
expect_match "$out" "^labels: +2 classes, 7 labelled, 3 unlabelled" "<label?>: three lines without a label"
expect_match "$out" "^time: +2024-01-01 00:00:00 \.\. 2024-01-01 00:00:09" "<label?>: every line's time"

# one label a line
out=$(L info --header "<label> <time> <Label> <message>" "$T/alerts.log" 2>&1)
expect_eq "$?: ${out#*alerts.log: }" '1: header pattern "<label> <time> <Label> <message>": a second <label> at byte 16; a line has one class label' \
	"two labels: a usage error saying where"

# a workspace dataset's header with <label>: logreg trains on its classes
W=$T/ws
mkdir "$W"
printf '%s\n' '{ "version": 1,' \
	"  \"datasets\": {\"al\": {\"path\": \"$T/alerts.log\", \"header\": \"$H\"}}," \
	'  "featuresets": {"f": {"dataset": "al", "target": "classes", "text": {"kind": "tfidf", "features": 256},' \
	'                        "split": {"kind": "stratified", "train": 0.7, "test": 0.3}}},' \
	'  "experiments": {"lr": {"featureset": "f", "model": "logreg"}} }' >"$W/loglab.json"
must "train on a dataset whose header has <label>" -- L train lr -w "$W" --quiet
R=$(ls "$W/runs" 2>/dev/null | grep -- '-lr$')
expect_eq "$(/usr/bin/python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); t=m["parts"]["test"]["per_class"]; print(m["classes"], sorted((c, v["support"]) for c, v in t.items()))' "$W/runs/$R/metrics.json" 2>&1)" \
	"['ALERT', 'normal', 'WARN'] [('ALERT', 13), ('WARN', 7), ('normal', 70)]" "per-class test metrics of the label field's classes"
# the label is no text the model read: the message is
expect_eq "$(grep -ci 'alert' "$W/runs/$R/tfidf.txt" 2>&1)" 0 "the class word is not in the text features"

# the reverse of test_predict_text.sh: trained on a syslog file's messages
kern_labelled "$T/kern_labelled.tsv"
cut -f2- "$T/kern_labelled.tsv" >"$T/kern.log"
kern_messages_ws "$T" "$W"
must "train on the syslog file's messages" -- L train m -w "$W" --quiet
RM=$(ls "$W/runs" | grep -- '-m$')
# eval_preds SPEC: eval's predictions.tsv without its sample column
eval_preds() {
	d=$(L eval "$RM" "$1" -w "$W" 2>"$T/stderr" | sed -n 's/^  results in //p')
	[ -n "$d" ] && cut -f2- "$d/predictions.tsv"
}
eval_preds raw >"$T/raw.preds"
[ "$(wc -l <"$T/raw.preds" | tr -d ' ')" = 601 ] || fail "eval of the syslog dataset: not a prediction per line"
eval_preds "$T/kern_labelled.tsv" >"$T/labelled.preds"
notes=$(grep -c 'message field of its lines' "$T/stderr")
checks=$((checks + 1)); cmp -s "$T/raw.preds" "$T/labelled.preds" ||
	fail "the labelled copy scores as the syslog file: $(diff "$T/raw.preds" "$T/labelled.preds" | head -4)"
expect_match "$(cat "$T/stderr")" "note: .*kern_labelled\.tsv: the run was trained on the message field of its lines: each line is read as \"<label\?> <time> <host> <program>\[<pid>\]: <message>\"" \
	"eval says how it reads the labelled copy"
L predict "$RM" "$T/kern_labelled.tsv" -w "$W" 2>"$T/stderr" | cut -f3 >"$T/labelled.scores"
L predict "$RM" "$T/kern.log" -w "$W" 2>/dev/null | cut -f3 >"$T/raw.scores"
checks=$((checks + 1)); cmp -s "$T/raw.scores" "$T/labelled.scores" ||
	fail "predict: the labelled copy scores as the syslog file: $(diff "$T/raw.scores" "$T/labelled.scores" | head -4)"
expect_match "$(cat "$T/stderr")" "trained on the message field of its lines" "predict says how it reads the labelled copy"
# predict --follow reads the copy the same way (bounded: 5 s of following,
# longer in a sanitizer build)
timeout $((5 * ${LL_WAIT_SCALE:-1})) "$LOGLAB" predict "$RM" --follow --from-start "$T/kern_labelled.tsv" -w "$W" 2>"$T/stderr" |
	cut -f3 >"$T/followed.scores"
sed 1d "$T/raw.scores" >"$T/raw.scores.rows"
checks=$((checks + 1)); cmp -s "$T/raw.scores.rows" "$T/followed.scores" ||
	fail "predict --follow: the labelled copy scores as the syslog file: $(diff "$T/raw.scores.rows" "$T/followed.scores" | head -4)"
expect_match "$(cat "$T/stderr")" "trained on the message field of its lines" "--follow says how it reads the labelled copy"
# and --format log:PATTERN is the pattern when following, as when loading
timeout $((5 * ${LL_WAIT_SCALE:-1})) "$LOGLAB" predict "$RM" --follow --from-start --format 'log:<time> <host> <program>[<pid>]: <message>' \
	"$T/kern.log" -w "$W" 2>/dev/null | cut -f3 >"$T/followed_log.scores"
checks=$((checks + 1)); cmp -s "$T/raw.scores.rows" "$T/followed_log.scores" ||
	fail "predict --follow --format log:PATTERN: not the pattern's message: $(diff "$T/raw.scores.rows" "$T/followed_log.scores" | head -4)"
# a line that does not fit: the copy is read as it is, whole lines, no
# note (beside the note of the copy that fits)
{ head -1 "$T/kern_labelled.tsv"; printf '1\tno header on this line\n'; sed 1d "$T/kern_labelled.tsv"; } >"$T/odd.tsv"
must "eval of a copy with a line that does not fit" -- L eval "$RM" "$T/odd.tsv" -w "$W"
expect_eq "$notes $(grep -c 'message field of its lines' "$T/must.err")" "1 0" \
	"a note for the copy that fits, none for a copy with a line that does not"
finish
