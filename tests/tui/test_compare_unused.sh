#!/bin/sh
# test_compare_unused.sh - the runs comparison (c on two runs) does not
# report a setting's default as a difference when a run's recipe does not
# use it: a run without windows beside one of 3-row windows shows its
# window.size as "(unused)", not the default 10, and the text settings
# neither run uses (TF-IDF's features, word2vec's dim) are no difference.
# Runs made by loglab train on a generated workspace; the screen by
# loglab --keys ... --dump-screen; loglab runs --compare (text, JSON) alike.
. "${LL_SRCDIR:-.}/tests/lib.sh"

[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
scratch cmpunused
HOME=$tmp
export HOME
ws=$tmp/ws
mkdir -p "$ws"
awk 'BEGIN {
	print "ts,cpu,mem,disk,net,label"
	for (i = 0; i < 400; i++)
		printf "%d,%d,%d,%d,%d,%d\n", 1700000000 + 60 * i, i % 17, 50 + i % 7, i % 5, (i * 13) % 31, i % 9 == 4
}' >"$ws/m.csv"
cat >"$ws/loglab.json" <<'JSON'
{
	"version": 1,
	"datasets": {"m": {"path": "m.csv"}},
	"featuresets": {
		"plain": {"dataset": "m", "seed": 1},
		"win": {"dataset": "m", "seed": 1, "window": {"kind": "rows", "size": 3, "flatten": true},
			"split": {"kind": "chronological"}}
	},
	"experiments": {
		"a": {"featureset": "plain", "model": "logreg", "seed": 1},
		"b": {"featureset": "win", "model": "logreg", "seed": 1}
	}
}
JSON
for e in a b; do
	(cd "$ws" && "$LOGLAB" train "$e" --quiet) >/dev/null 2>"$tmp/err" || fail "train $e: $(cat "$tmp/err")"
done
(cd "$ws" && "$LOGLAB" --keys ':runs<Enter><Space>j<Space>c' --dump-screen 60x130 .) >"$tmp/s.txt" 2>"$tmp/err" ||
	fail "the comparison: $(cat "$tmp/err")"
s=$(cat "$tmp/s.txt")
expect_match "$s" 'compare 2 runs: ' "c compares the two runs"
# each setting's block: its key, then a line per run
block() { awk -v k="  $1" '$0 == k { on = 1; next } on && /^    / { print; next } { on = 0 }' "$tmp/s.txt"; }
expect_match "$(block recipe.window.kind)" '-a +"none"' "window.kind differs: none"
expect_match "$(block recipe.window.size)" '-b +3$' "window.size: b's 3 rows"
expect_match "$(block recipe.window.size)" '-a +\(unused\)$' "window.size: a uses none (not the default 10)"
checks=$((checks + 1))
printf '%s\n' "$s" | grep -q '^  recipe\.text\.' && fail "text settings neither run uses listed: $s"
checks=$((checks + 1))
printf '%s\n' "$s" | grep -q '^  recipe\.rebalance\.' && fail "rebalance settings neither run uses listed: $s"
# loglab runs --compare says the same, in text and JSON
runs=$(ls "$ws/runs" | tr '\n' ' ')
out=$(cd "$ws" && "$LOGLAB" runs --compare $runs 2>&1)
expect_match "$out" '^  recipe\.window\.size$' "runs --compare lists window.size"
expect_match "$out" '-a +\(unused\)$' "runs --compare: a's window.size unused"
checks=$((checks + 1))
printf '%s\n' "$out" | grep -q '^  recipe\.text\.' && fail "runs --compare lists text settings neither run uses: $out"
out=$(cd "$ws" && "$LOGLAB" runs --compare --json $runs 2>&1)
expect_match "$out" '"recipe\.window\.size":[[:space:]]*\["\(unused\)",[[:space:]]*3\]' "runs --compare --json: (unused) as a string"
finish
