#!/bin/sh
# test_text_defaults.sh - a feature set over a log whose header is inferred
# (klog: "I0716 02:15:35.910651  1 source.go:553] message") reads the
# message field, in training and when another day's log is scored. Day A
# opens with a record, a hex dump of its body (client-go's "Response Body:"
# rows) and fields of a dumped object at the margin: its first KiB alone
# read as plain lines; day B opens with headed lines. A run of A's
# messages scores B's messages, not B's whole lines (whose level+date
# stamp "I0517" A never had): every line of B gets one of A's templates,
# and the dump rows are one template whatever their bytes. Day C has many
# dump rows to each record, which are no records' starts: its header is
# still inferred.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
L() { timeout 120 "$LOGLAB" "$@"; }

# day: the klog month and day; dump: fields of a dumped object after the
# first body; each: dump rows of a body (6)
klog() {
	awk -v day="$1" -v dump="$2" -v seed="$3" -v each="${4:-6}" 'BEGIN {
		s = seed
		split("Attempting to schedule pod|Successfully bound pod to node|Unable to schedule pod; no fit|Update event for scheduled pod", ev, "|")
		split("schedule_one.go:81|schedule_one.go:262|schedule_one.go:899|eventhandlers.go:116", src, "|")
		t = 0
		for (i = 0; i < 600; i++) {
			if (i == 0 || (i % 40 == 0)) {
				printf "I%s 02:%02d:%02d.%06d       1 round_trippers.go:553] GET https://172.18.0.5:6443/apis/x 200 OK in %d milliseconds\n", day, 10 + int(t / 60), t % 60, s % 1000000, s % 90
				printf "I%s 02:%02d:%02d.%06d       1 round_trippers.go:580] Response Body:\n", day, 10 + int(t / 60), t % 60, s % 1000000
				rows = each
				for (r = 0; r < rows; r++) {
					line = sprintf("%08x ", r * 16); g = ""
					for (b = 0; b < 16; b++) {
						s = (s * 16807) % 2147483647; v = 97 + s % 26
						line = line sprintf(" %02x", v); g = g sprintf("%c", v)
						if (b == 7) line = line " "
					}
					print line "  |" g "|"
				}
				# fields of a dumped object at the margin: the first KiB
				# alone read as plain lines
				for (r = 0; i == 0 && dump && r < 60; r++)
					printf "spec.containers[%d].image: registry.example/app-%d:v1.%d\n", r, r * 7, r % 9
			}
			s = (s * 16807) % 2147483647; k = 1 + s % 4; t++
			printf "%s%s 02:%02d:%02d.%06d       1 %s] \"%s\" pod=\"default/app-%d\"\n", k == 3 ? "E" : "I", day, 10 + int(t / 60), t % 60, s % 1000000, src[k], ev[k], s % 500
		}
	}'
}
klog 0716 1 7 >"$T/sched_a.log"
klog 0517 0 11 >"$T/sched_b.log"
# many dump rows to each record: the records are a sixth of the lines
klog 0915 0 13 200 >"$T/sched_c.log"

# the premise: the first 4 KiB of A alone are plain lines, A is a log
head -c 4096 "$T/sched_a.log" >"$T/head_a.log"
expect_match "$(L info "$T/head_a.log" 2>&1)" 'format: +lines' "A's first 4 KiB alone read as plain lines"
expect_match "$(L info "$T/sched_a.log" 2>&1)" 'header: +<level><time> <pid> <source>\] <message>' "A's header is inferred"
# dump rows are no records' starts: C's header is inferred, not plain lines
expect_match "$(L info "$T/sched_c.log" 2>&1)" 'header: +<level><time> <pid> <source>\] <message>' "C's header is inferred"

# the dump rows are one template: "<*> | <*> |"
tpl=$(L label "$T/sched_a.log" --templates 2>&1)
dumps=$(grep -c '|' <<EOF
$tpl
EOF
)
expect_eq "$dumps" 1 "A's hex dump rows are one template"
expect_match "$tpl" '^ *[0-9]+ +90 .*<\*> \| <\*> \|$' "the dump template holds all 15 x 6 rows of A"

for d in a b; do
	L label "$T/sched_$d.log" --match 'Unable to schedule' --set sched --new-class >/dev/null 2>&1 || fail "label $d"
done
W=$T/ws
mkdir "$W"
cat >"$W/loglab.json" <<EOF2
{ "version": 1,
  "datasets": {"a": {"path": "$T/sched_a.log"}, "b": {"path": "$T/sched_b.log"}},
  "featuresets": {"txt": {"dataset": "a", "target": {"kind": "binary", "ordinary": ["ordinary"]},
                          "text": {"kind": "tfidf", "features": 1024}, "unlabelled": "ordinary",
                          "class_weight": "balanced"}},
  "experiments": {"lr": {"featureset": "txt", "model": "logreg", "review_folds": 0}} }
EOF2
L build txt -w "$W" >/dev/null 2>&1 || fail "build"
# the default text column is the message field
expect_match "$(tr -d '\n\t ' <"$W/features/txt/manifest.json")" '"columns":\["message"\]' "the feature set reads the message"
L train lr -w "$W" >/dev/null 2>&1 || fail "train"
run=$(ls "$W/runs" | grep -- '-lr$' | tail -1)

# another day: its messages, every line with one of A's templates
L predict "$run" "$T/sched_b.log" -w "$W" >"$T/pred_b.tsv" 2>"$T/pred_b.err"
expect_no_match "$(cat "$T/pred_b.err")" 'whole lines' "B is scored by its message, as A was read"
cover=$(awk -F'\t' 'NR > 1 { n++; if ($4 != "") t++ } END { print t "/" n }' "$T/pred_b.tsv")
expect_eq "$cover" "$(($(wc -l <"$T/sched_b.log")))/$(($(wc -l <"$T/sched_b.log")))" "every line of B has one of A's templates"
cover_a=$(L predict "$run" "$T/sched_a.log" -w "$W" 2>/dev/null |
	awk -F'\t' 'NR > 1 { n++; if ($4 != "") t++ } END { print t "/" n }')
expect_eq "$cover_a" "$(($(wc -l <"$T/sched_a.log")))/$(($(wc -l <"$T/sched_a.log")))" "every line of A has a template"
out=$(L eval "$run" b -w "$W" 2>&1)
acc=$(printf '%s\n' "$out" | sed -n 's/^ *accuracy *\([0-9.]*\).*/\1/p')
checks=$((checks + 1))
awk -v a="$acc" 'BEGIN { exit !(a != "" && a > 0.99) }' || fail "eval on B: accuracy '$acc', expected > 0.99"

finish
