#!/bin/sh
# tests/cli/test_ordinary_defaults.sh - the default ordinary class names
# hold the spellings of "nothing wrong" public labelled data uses: a flow
# table labelled Benign / attack as IoT-23 and CIC-IDS write it (generated
# here) had "ordinary 0" in info, a binary target of it every row a root
# cause ("the training part has one class only"), and the browser's quick
# start trained over its two classes. Runs made before the names joined
# (their recipe lists normal, ordinary, 0, -) keep what they did:
#  - info counts Benign ordinary; a binary target of the defaults trains,
#    its recipe listing benign; :train makes a binary workspace;
#  - a run whose recipe lists the old names (what a run of before recorded:
#    the same recipe text, so the same recipe_sha256) evaluates and reviews
#    the same once the feature set names none, and `runs` marks it stale
#    only when a class of its data is one of the names that joined.
. "$LL_SRCDIR/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is needed to read JSON" >&2; exit 77; }

scratch orddef

W=$tmp/ws
mkdir "$W"
# 400 flows 10 s apart; every 9th an attack (long, big); BENIGN as CIC-IDS
awk 'BEGIN { print "ts,dur,bytes,pkts,label"; for (i = 0; i < 400; i++) {
	l = "Benign"; d = (i * 7) % 19 / 10; b = 100 + (i * 37) % 500; p = 1 + i % 10
	if (i % 9 == 0) { l = "attack"; d += 1.5; b += 400; p += 6 }
	printf "%d,%.2f,%d,%d,%s\n", 1600000000 + i * 10, d, b, p, l } }' >"$W/flows.csv"
sed 's/,Benign$/,BENIGN/' "$W/flows.csv" >"$W/cic.csv"
sed 's/,Benign$/,normal/' "$W/flows.csv" >"$W/plain.csv"

info "$W/flows.csv"
expect_match "$out" 'ordinary 355, root cause/alert 45' "info: Benign rows are ordinary"
info "$W/cic.csv"
expect_match "$out" 'ordinary 355, root cause/alert 45' "info: BENIGN rows are ordinary"

old='"ordinary": ["normal", "ordinary", "0", "-"]'
cat >"$W/loglab.json" <<JSON
{
	"version": 1,
	"datasets": {"flows": {"path": "flows.csv"}, "plain": {"path": "plain.csv"}},
	"featuresets": {
		"bin": {"dataset": "flows", "columns": "dur|bytes|pkts", "target": {"kind": "binary"}},
		"oldcls": {"dataset": "flows", "columns": "dur|bytes|pkts", "target": {"kind": "classes", $old}},
		"oldbin": {"dataset": "plain", "columns": "dur|bytes|pkts", "target": {"kind": "binary", $old}}
	},
	"experiments": {
		"b": {"featureset": "bin", "model": "logreg", "seed": 1},
		"oc": {"featureset": "oldcls", "model": "logreg", "seed": 1},
		"ob": {"featureset": "oldbin", "model": "logreg", "seed": 1}
	}
}
JSON
out=$(cd "$W" && "$LOGLAB" train b --quiet 2>&1)
expect_eq "$?" 0 "binary target on Benign/attack trains ($out)"
expect_no_match "$out" 'one class only|is an ordinary one' "binary target on Benign/attack: no one-class failure, no warning"
B=$(cd "$W/runs" && ls -d *-b)
got=$(python3 -c "import json,sys; print(' '.join(json.load(open(sys.argv[1]))['recipe']['target']['ordinary']))" "$W/runs/$B/run.json")
expect_match "$got" '^normal ordinary 0 - benign .*ok' "the run records the names it used ($got)"
got=$(python3 -c "import json,sys; m=json.load(open(sys.argv[1]))['parts']['test']['root_cause']; print(m['positives'] > 0 and m['negatives'] > 0)" "$W/runs/$B/metrics.json")
expect_eq "$got" True "binary target on Benign/attack: test part of both sides"

# runs as made before the names joined, then the feature sets as their
# users wrote them: naming no ordinary class
for e in oc ob; do
	out=$(cd "$W" && "$LOGLAB" train $e --quiet 2>&1) || fail "train $e: $out"
done
OC=$(cd "$W/runs" && ls -d *-oc)
OB=$(cd "$W/runs" && ls -d *-ob)
before() { (cd "$W" && "$LOGLAB" eval "$OC" flows.csv 2>&1; "$LOGLAB" eval "$OB" plain.csv 2>&1;
	"$LOGLAB" review "$OC" 2>&1; "$LOGLAB" review "$OB" 2>&1); }
was=$(before)
expect_no_match "$(cd "$W" && "$LOGLAB" runs 2>&1)" 'STALE' "no run stale before the edit"
sed -i 's/, "ordinary": \["normal", "ordinary", "0", "-"\]//' "$W/loglab.json"
expect_no_match "$(cat "$W/loglab.json")" '"ordinary"' "the feature sets name no ordinary class now"
expect_eq "$(before)" "$was" "old runs evaluate and review the same"
out=$(cd "$W" && "$LOGLAB" runs 2>&1)
expect_no_match "$(printf '%s\n' "$out" | grep -- "-ob ")" 'STALE' "an old run of normal/attack is not stale ($out)"
expect_match "$out" "$OC .*STALE" "an old run of Benign/attack classes is stale"
expect_match "$out" 'stale: the default ordinary class names of feature set "oldcls" now take its class "Benign"' \
	"its stale reason names the class the defaults now take"
expect_no_match "$out" 'recipe of feature set' "no run is called stale for a changed recipe"
out=$(cd "$W" && "$LOGLAB" runs --compare "$OB" "$B" 2>&1)
expect_no_match "$out" 'is stale' "runs --compare: the old normal/attack run is current"

# the browser's quick start: binary, lines nobody labelled ordinary
mkdir "$tmp/q"
cp "$W/cic.csv" "$tmp/q/"
(cd "$tmp/q" && timeout 60 "$LOGLAB" --keys ':train<Enter>y' --dump-screen 24x120 cic.csv >"$tmp/q.txt" 2>&1 </dev/null) ||
	fail ":train on BENIGN/attack: $(cat "$tmp/q.txt")"
json=$(tr -d ' \n\t' <"$tmp/q/loglab.json")
expect_match "$json" '"target":"binary","unlabelled":"ordinary"' ":train on BENIGN/attack: binary"
expect_no_match "$(cat "$tmp/q.txt")" "over the file's classes" ":train on BENIGN/attack: no classes message"
finish
