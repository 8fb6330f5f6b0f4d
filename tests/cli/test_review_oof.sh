#!/bin/sh
# test_review_oof.sh - the review queue finds root-cause lines an operator
# left labelled ordinary in the training part. fail2ban's sample lines
# (attack or not, ~90 daemons) with every third attack line relabelled
# ordinary: the default logistic regression cross-fits its review scores
# (review_folds 5), so those training lines come back; with review_folds 0
# the run's own model, which learned their labels, ranks most of them low.
# Also: run.json's "review", predictions.tsv's review column, what
# `review` prints, and the key's refusals.
. "$LL_SRCDIR/tests/lib.sh"
need_data
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is needed to read JSON" >&2; exit 77; }

T=$(mktemp -d) # in $TMPDIR, else /tmp
trap 'rm -rf "$T"' EXIT
L() { timeout 120 "$LOGLAB" "$@"; }

# label<TAB>line; hidden.txt: the 1-based rows of the attack lines
# relabelled ordinary
find "$LL_DATA_DIR/fail2ban/logs" -type f | LC_ALL=C sort | while read -r f; do cat "$f"; echo; done |
	awk -v hidden="$T/hidden.txt" '
	/^# failJSON:/ { pend = ($0 ~ /"match" *: *true/) ? 1 : 0; next }
	/^#/ || /^[ \t]*$/ { next }
	{ gsub(/\t/, " "); y = pend == 1 ? 1 : 0; pend = -1; n++
	  if (y == 1 && ++pos % 3 == 0) { y = 0; print n > hidden }
	  print y "\t" $0 }' >"$T/f2b.tsv"
nrows=$(wc -l <"$T/f2b.tsv")
nhidden=$(wc -l <"$T/hidden.txt")
checks=$((checks + 1)); [ "$nrows" -gt 900 ] && [ "$nhidden" -gt 200 ] || fail "data: $nrows rows, $nhidden hidden"

W=$T/ws
mkdir "$W"
cat >"$W/loglab.json" <<EOF
{ "version": 1,
  "datasets": {"f2b": {"path": "$T/f2b.tsv"}},
  "featuresets": {"f": {"dataset": "f2b", "target": "binary", "text": {"kind": "tfidf", "features": 4096},
                        "split": {"kind": "chronological", "train": 0.7, "test": 0.3}, "class_weight": "balanced"}},
  "experiments": {"oof": {"featureset": "f", "model": "logreg"},
                  "own": {"featureset": "f", "model": "logreg", "review_folds": 0}} }
EOF
L train oof -w "$W" --quiet >/dev/null; expect_eq $? 0 "train oof"
L train own -w "$W" --quiet >/dev/null; expect_eq $? 0 "train own"
ROOF=$(ls "$W/runs" | grep -- '-oof$')
ROWN=$(ls "$W/runs" | grep -- '-own$')

# the hidden lines of the training part the queue brings back, per run
queued_train() {
	L review "$1" -w "$W" --json --top 0 | python3 -c "
import json, sys
hidden = set(int(l) for l in open(sys.argv[1]))
j = json.load(sys.stdin)
print(sum(1 for i in j['items'] if i['row'] in hidden and i['part'] == 'train'))" "$T/hidden.txt"
}
hidden_train=$(awk -F'\t' 'NR > 1 && $3 == "train" { print $2 }' "$W/runs/$ROOF/predictions.tsv" |
	grep -cxFf "$T/hidden.txt")
q_oof=$(queued_train "$ROOF")
q_own=$(queued_train "$ROWN")
echo "review: of $hidden_train hidden training lines, $q_oof queued out of fold, $q_own by the run's own scores" >&2
checks=$((checks + 1)); [ "$q_oof" -ge $((hidden_train / 2)) ] || fail "out of fold: only $q_oof of $hidden_train queued"
checks=$((checks + 1)); [ "$q_oof" -ge $((q_own * 3 / 2)) ] || fail "out of fold $q_oof is not well above in-sample $q_own"

jv() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"; }
ntrain=$(awk -F'\t' 'NR > 1 && $3 == "train"' "$W/runs/$ROOF/predictions.tsv" | wc -l)
expect_eq "$(jv "$W/runs/$ROOF/run.json" "j['review']['folds'], j['review']['fitted'], j['review']['skipped']")" \
	"5 5 0" "run.json review folds"
expect_eq "$(jv "$W/runs/$ROOF/run.json" "j['review']['samples']")" "$ntrain" "every training line scored out of fold"
expect_eq "$(jv "$W/runs/$ROWN/run.json" "'review' in j")" "False" "no review record without folds"
expect_match "$(head -1 "$W/runs/$ROOF/predictions.tsv")" '	p_root cause	review	template$' "review column"
# test lines keep the run's score; training lines differ from it somewhere
checks=$((checks + 1))
awk -F'\t' 'NR > 1 && $3 == "test" && $6 != $(NF - 1) { bad++ } END { exit bad > 0 }' \
	"$W/runs/$ROOF/predictions.tsv" || fail "a test line's review score is not its score"
checks=$((checks + 1))
awk -F'\t' 'NR > 1 && $3 == "train" && $6 != $(NF - 1) { d++ } END { exit d == 0 }' \
	"$W/runs/$ROOF/predictions.tsv" || fail "no training line has an out-of-fold score"
out=$(L review "$ROOF" -w "$W" --top 3)
expect_match "$out" 'training lines are scored out of fold \(5 folds' "review says the scores are out of fold"
out=$(L review "$ROWN" -w "$W" --top 3)
expect_match "$out" "training lines are scored by the run's model" "review says the scores are in-sample"
checks=$((checks + 1))
L review "$ROOF" -w "$W" --json --top 0 | python3 -c "
import json, sys
j = json.load(sys.stdin)
assert j['review_folds'] == 5
assert all(i['score'] >= 0.5 for i in j['items'])
assert any('run_score' in i for i in j['items'] if i['part'] == 'train')
assert all('run_score' not in i for i in j['items'] if i['part'] == 'test')
# each group says how many of its template's lines are labelled root cause
assert all(g['template_lines'] >= g['count'] and 0 <= g['template_root_cause'] < g['template_lines']
           for g in j['groups'] if g['template'] is not None)
assert any(g['template_root_cause'] > 0 for g in j['groups'])" || fail "review --json scores and groups"

# a template's queued lines dismissed at once (--template), as the TUI's N
L review "$ROOF" -w "$W" --json --top 0 >"$T/q.json"
set -- $(python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))
g = max((g for g in j['groups'] if g['template'] is not None), key=lambda g: g['count'])
print(g['template'], g['count'], j['queued'])" "$T/q.json")
gt=$1 gn=$2 q0=$3
L review "$ROOF" -w "$W" --dismiss --template "$gt" >"$T/dismiss.out"; expect_eq $? 0 "dismiss --template $gt"
expect_match "$(cat "$T/dismiss.out")" "^dismissed: $gn rows" "every line of template $gt ($gn)"
expect_eq "$(L review "$ROOF" -w "$W" --json --top 0 | python3 -c "import json,sys; print(json.load(sys.stdin)['queued'])")" \
	"$((q0 - gn))" "the queue lost the template's lines"
expect_eq "$(grep -c "	dismiss	$ROOF	" "$T/f2b.tsv.review")" "$gn" "one decision a line"
out=$(L review "$ROOF" -w "$W" --dismiss --template "$gt" 2>&1); rc=$?
expect_eq "$rc" 1 "the template again: nothing queued"
expect_match "$out" "template $gt has no line in the queue" "says why"
expect_exit 1 "--template without --confirm or --dismiss" -- L review "$ROOF" -w "$W" --template "$gt"
expect_exit 1 "--template with rows" -- L review "$ROOF" -w "$W" --dismiss --template "$gt" 5
expect_exit 1 "--template not a number" -- L review "$ROOF" -w "$W" --dismiss --template x

# refusals name the key (a workspace of its own: an invalid key refuses
# the whole file)
mkdir "$T/bad"
sed 's/"review_folds": 0/"review_folds": 1/' "$W/loglab.json" >"$T/bad/loglab.json"
out=$(L train own -w "$T/bad" 2>&1); rc=$?
expect_eq "$rc" 2 "review_folds 1 is a data error"
expect_match "$out" 'experiments.own.review_folds: must be 0 \(none\) or from 2 to 20, got 1' "review_folds message"
sed 's/"model": "logreg", "review_folds": 0/"model": "kmeans", "review_folds": 5/' "$W/loglab.json" >"$T/bad/loglab.json"
out=$(L train own -w "$T/bad" 2>&1); rc=$?
expect_eq "$rc" 2 "review_folds on k-means is a data error"
expect_match "$out" 'review_folds' "k-means has no review_folds key"
finish
