#!/bin/sh
# test_w2v_scale.sh - word vectors (text.kind "w2v") are z-scored unless
# the feature set names a scale: a line's vector is the mean of its words'
# vectors, small numbers on no common scale, on which logistic regression at
# C = 1 can do no better than the majority class. The build keeps the fitted
# scaler, the run's recipe says "zscore" (so that read back it builds the
# same features), and "scale": "none" keeps the vectors as they are.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
L() { timeout 120 "$LOGLAB" "$@"; }

# 1200 kernel lines, 15% of them disk faults, in four wordings each
awk 'BEGIN { s = 11; for (i = 0; i < 1200; i++) {
	s = (s * 16807) % 2147483647; f = (s % 100) < 15; s = (s * 16807) % 2147483647; n = s % 900 + 100; t = s % 4
	if (f) {
		if (t == 0) m = "disk error on device sdb sector " n; else if (t == 1) m = "i/o error reading block " n " of sdb"
		else if (t == 2) m = "ext4 journal aborted on sdb after error " n; else m = "buffer i/o error device sdb logical block " n
		printf "fault\tkernel: %s\n", m
	} else {
		if (t == 0) m = "eth0 link up at " n " mbps full duplex"; else if (t == 1) m = "usb device " n " attached to hub"
		else if (t == 2) m = "cpu " n % 8 " frequency scaled to " n " mhz"; else m = "audit user login session " n " opened"
		printf "ok\tkernel: %s\n", m
	} } }' >"$T/k.tsv"
W=$T/ws
mkdir "$W"
cat >"$W/loglab.json" <<EOF2
{ "version": 1,
  "datasets": {"k": {"path": "$T/k.tsv"}},
  "featuresets": {"w": {"dataset": "k", "text": {"kind": "w2v"}},
                  "wn": {"dataset": "k", "text": {"kind": "w2v"}, "scale": "none"},
                  "wm": {"dataset": "k", "text": {"kind": "w2v"}, "scale": "minmax"}},
  "experiments": {"lr": {"featureset": "w", "model": "logreg", "review_folds": 0},
                  "lrn": {"featureset": "wn", "model": "logreg", "review_folds": 0}} }
EOF2

# the default: z-scored, the scaler kept with the features
L build w -w "$W" >"$T/out" 2>&1
expect_eq "$?" 0 "build w: $(head -c 300 "$T/out")"
expect_match "$(cat "$W/features/w/manifest.json")" '"scaler":[[:space:]]*"loglab-scaler 1\\nkind zscore\\nfeatures 50' \
	"w2v without a scale: z-scored, 50 coordinates"
L build wn -w "$W" >"$T/out" 2>&1
expect_eq "$?" 0 "build wn"
checks=$((checks + 1))
grep -q '"scaler"' "$W/features/wn/manifest.json" && fail "\"scale\": \"none\": no scaler expected"
L build wm -w "$W" >"$T/out" 2>&1
expect_match "$(cat "$W/features/wm/manifest.json")" 'kind minmax' "a named scale is the one applied"
# the two fingerprints differ: the same vectors, scaled or not
fp() { sed -n 's/^fingerprint: //p' "$1"; }
L build w -w "$W" >"$T/a" 2>&1
L build wn -w "$W" >"$T/b" 2>&1
checks=$((checks + 1))
[ -n "$(fp "$T/a")" ] && [ "$(fp "$T/a")" != "$(fp "$T/b")" ] || fail "fingerprints of w and wn differ"

# the runs: the recipe names the scale applied; the default separates the faults
L train lr -w "$W" >"$T/out" 2>&1
expect_eq "$?" 0 "train lr: $(head -c 300 "$T/out")"
acc=$(sed -n 's/.*test .*accuracy \([0-9.]*\).*/\1/p' "$T/out")
checks=$((checks + 1))
awk -v a="$acc" 'BEGIN { exit !(a != "" && a >= 0.95) }' || fail "w2v + logreg by default: test accuracy $acc, expected >= 0.95"
run=$(ls -d "$W"/runs/*-lr | head -1)
expect_match "$(cat "$run/run.json")" '"scale":[[:space:]]*"zscore"' "the run's recipe says zscore"
L train lrn -w "$W" >"$T/out" 2>&1
expect_eq "$?" 0 "train lrn"
run=$(ls -d "$W"/runs/*-lrn | head -1)
expect_match "$(cat "$run/run.json")" '"scale":[[:space:]]*"none"' "a named none stays none"
finish
