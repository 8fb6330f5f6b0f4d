#!/bin/sh
# test_no_ordinary.sh - a table whose classes are none of target.ordinary's
# names (steady / cpu / io: ok, as monitoring exports label their rows, is a
# default ordinary name since 7 Dec 2026), end to end
# with the real CLI on generated rows. Nothing said it before: the
# root-cause figures measured the second class alone, windows and buckets
# took their rows' commonest class (a window of 5 steady rows and 1 cpu row
# was "steady"), and the review queue was always empty.
#  - the build warns, naming the classes, the class the root-cause figures
#    take, and, with windows or resampling, how their classes are voted;
#  - naming "steady" in target.ordinary silences it, and a window holding a cpu
#    row is then cpu (the "any" rule): counted here with awk;
#  - a window of the "last" rule says nothing of votes.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is needed to read JSON" >&2; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/ll_noord.XXXXXX")
trap 'rm -rf "$T"' EXIT
W=$T/ws
mkdir "$W"
# 600 rows 5 s apart; cpu on rows whose i % 70 > 62, io on i % 110 > 106
awk 'BEGIN { print "time,cpu,io,label"; for (i = 0; i < 600; i++) {
	l = "steady"; c = 30 + (i * 7) % 11; o = 20 + (i * 13) % 7
	if (i % 70 > 62) { l = "cpu"; c += 40 } else if (i % 110 > 106) { l = "io"; o += 50 }
	t = i * 5; printf "2024-03-01T%02d:%02d:%02dZ,%d,%d,%s\n", int(t / 3600), int(t / 60) % 60, t % 60, c, o, l } }' >"$W/m.csv"
cat >"$W/loglab.json" <<'JSON'
{
	"version": 1,
	"datasets": {"m": {"path": "m.csv"}},
	"featuresets": {
		"plain": {"dataset": "m", "columns": "cpu|io"},
		"win": {"dataset": "m", "columns": "cpu|io", "window": {"kind": "rows", "size": 6, "flatten": true}},
		"last": {"dataset": "m", "columns": "cpu|io", "window": {"kind": "rows", "size": 6, "label": "last", "flatten": true}},
		"rs": {"dataset": "m", "columns": "cpu|io", "resample": {"interval": "30s"}},
		"named": {"dataset": "m", "columns": "cpu|io", "target": {"kind": "classes", "ordinary": ["steady"]},
			"window": {"kind": "rows", "size": 6, "flatten": true}}
	}
}
JSON
build() { (cd "$W" && "$LOGLAB" build "$1" --preview 2>&1); }
out=$(build plain)
expect_match "$out" 'warning: target: none of the data.s classes \("steady", "cpu", "io"\) is an ordinary one \(target\.ordinary: "normal", "ordinary", "0", "-", "benign", "normal\.", "ok", "pass", "passed", "success", "succeeded", the default\); the root-cause score and its AUROC and AP take class "cpu" against the others, and the review queue' \
	"plain rows: the warning names the classes and the root-cause class"
expect_match "$out" 'name the ordinary class in target\.ordinary' "the warning says what to do"
out=$(build win)
expect_match "$out" "a window's or bucket's class is its rows' commonest" "windows: the warning says how they are labelled"
out=$(build rs)
expect_match "$out" "a window's or bucket's class is its rows' commonest" "resampling: the warning says how buckets are labelled"
out=$(build last)
expect_match "$out" 'is an ordinary one' "the last rule: still warned"
expect_no_match "$out" "commonest" "the last rule: no word of votes"
out=$(build named)
expect_no_match "$out" 'is an ordinary one' "steady named ordinary: no warning"
# the any rule with steady ordinary: a window (6 rows, stride 1) holding a cpu
# row is cpu, else one holding an io row is io, else steady
want=$(awk -F, 'NR > 1 { lab[NR - 2] = $4; n = NR - 1 } END {
	for (s = 0; s + 6 <= n; s++) { c = "steady"; for (j = s; j < s + 6; j++) if (lab[j] != "steady") { k[lab[j]]++ }
		best = 0; for (x in k) if (k[x] > best) { best = k[x]; c = x }; delete k; cnt[c]++ }
	printf "%d %d %d", cnt["steady"], cnt["cpu"], cnt["io"] }' "$W/m.csv")
got=$(printf '%s\n' "$out" | awk '$1 == "steady" || $1 == "cpu" || $1 == "io" { a[$1] = $2 } END { printf "%d %d %d", a["steady"], a["cpu"], a["io"] }')
expect_eq "$got" "$want" "steady named ordinary: windows holding a root-cause row take its class (steady cpu io)"
finish
