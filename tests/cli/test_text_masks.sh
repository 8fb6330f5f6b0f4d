#!/bin/sh
# test_text_masks.sh - text.masks chooses which values the tokenizer of
# text features masks. Lines whose class is told only by a number ("event
# 17 from unit 3") are one token sequence with the default masks, so a
# classifier cannot tell them apart; with "default,-num" the numbers are
# tokens and it can, and so with "default,+code" (a short number that
# stands alone is "<*>" and itself). The run records the key, `predict` tokenizes new
# lines the same way (--follow too, colour codes removed; a code its training
# lines never had left out), and a bad list is refused naming the key.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
L() { timeout 120 "$LOGLAB" "$@"; }

# 900 lines of 3 classes; the class's event number, and noise numbers
awk 'BEGIN { s = 7; for (i = 0; i < 900; i++) { s = (s * 16807) % 2147483647; c = s % 3
	s = (s * 16807) % 2147483647; printf "c%d\tevent %d from unit %d status ok\n", c, 10 + c, 50 + s % 50 } }' >"$T/ev.tsv"
W=$T/ws
mkdir "$W"
cat >"$W/loglab.json" <<EOF2
{ "version": 1,
  "datasets": {"d": {"path": "$T/ev.tsv"}},
  "featuresets": {"masked": {"dataset": "d", "text": {"kind": "tfidf", "masks": "default"}},
                  "unset": {"dataset": "d", "text": {"kind": "tfidf"}},
                  "changed": {"dataset": "d", "text": {"kind": "tfidf", "masks": "-path"}},
                  "numbers": {"dataset": "d", "text": {"kind": "tfidf", "masks": "default,-num"}},
                  "codes": {"dataset": "d", "text": {"kind": "tfidf", "masks": "default,+code"}}},
  "experiments": {"masked": {"featureset": "masked", "model": "logreg", "review_folds": 0},
                  "numbers": {"featureset": "numbers", "model": "logreg", "review_folds": 0},
                  "codes": {"featureset": "codes", "model": "logreg", "review_folds": 0},
                  "unset": {"featureset": "unset", "model": "logreg", "review_folds": 0},
                  "changed": {"featureset": "changed", "model": "logreg", "review_folds": 0}} }
EOF2
acc() { sed -n 's/.*test .*accuracy \([0-9.]*\).*/\1/p'; }
a_masked=$(L train masked -w "$W" 2>&1 | acc)
a_numbers=$(L train numbers -w "$W" 2>&1 | acc)
checks=$((checks + 1))
awk -v a="$a_masked" 'BEGIN { exit !(a != "" && a < 0.6) }' || fail "default masks: accuracy $a_masked, expected chance (< 0.6)"
checks=$((checks + 1))
awk -v a="$a_numbers" 'BEGIN { exit !(a != "" && a > 0.99) }' || fail "default,-num: accuracy $a_numbers, expected > 0.99"
a_codes=$(L train codes -w "$W" 2>&1 | acc)
checks=$((checks + 1))
awk -v a="$a_codes" 'BEGIN { exit !(a != "" && a > 0.99) }' || fail "default,+code: accuracy $a_codes, expected > 0.99"

# the default is "default,+code": a feature set that names no masks keeps
# codes, and a list of changes starts from it
a_unset=$(L train unset -w "$W" 2>&1 | acc)
checks=$((checks + 1))
awk -v a="$a_unset" 'BEGIN { exit !(a != "" && a > 0.99) }' || fail "masks unset: accuracy $a_unset, expected > 0.99 (codes kept)"
urun=$(ls -d "$W"/runs/*-unset | tail -1)
expect_match "$(cat "$urun/run.json")" '"masks":[[:space:]]*"default,\+code"' "an unset text.masks is recorded as the default with codes"
L train changed -w "$W" >/dev/null 2>&1
grun=$(ls -d "$W"/runs/*-changed | tail -1)
expect_match "$(cat "$grun/run.json")" '"masks":[[:space:]]*"default,-path,\+code"' "a list of changes starts from the default"
# a run written before text.masks was a key masked without codes: its
# run.json without the key reads every number as <*> (lines told apart
# only by a code score alike)
cp -r "$urun" "$W/runs/old-run"
sed 's/"masks":[[:space:]]*"default,+code",*//' "$urun/run.json" >"$W/runs/old-run/run.json"
printf 'event 12 from unit 7 status ok\nevent 10 from unit 2 status ok\n' >"$T/old.log"
oout=$(L predict "$W/runs/old-run" "$T/old.log" -w "$W" 2>&1)
o1=$(printf '%s\n' "$oout" | awk -F'\t' '$1 == 1 { $1 = ""; print }')
o2=$(printf '%s\n' "$oout" | awk -F'\t' '$1 == 2 { $1 = ""; print }')
expect_match "$o1" '[0-9]' "a run without text.masks predicts ($oout)"
expect_eq "$o1" "$o2" "a run without text.masks reads numbers as they were read then"
mrun=$(ls -d "$W"/runs/*-masked | tail -1)
expect_match "$(cat "$mrun/run.json")" '"masks":[[:space:]]*"default"' "\"default\" still names the set without codes"

run=$(ls -d "$W"/runs/*-numbers | tail -1)
expect_match "$(cat "$run/run.json")" '"masks":[[:space:]]*"default,-num"' "the run records the masks"
# predict: new lines of class c2 (event 12) score c2 highest
printf 'event 12 from unit 7 status ok\nevent 10 from unit 2 status ok\n' >"$T/new.log"
out=$(L predict "$run" "$T/new.log" -w "$W")
expect_eq "$(printf '%s\n' "$out" | awk -F'\t' '$1 == 1 { print $2 }')" c2 "predict reads numbers as the run did (line 1)"
expect_eq "$(printf '%s\n' "$out" | awk -F'\t' '$1 == 2 { print $2 }')" c0 "predict reads numbers as the run did (line 2)"
crun=$(ls -d "$W"/runs/*-codes | tail -1)
expect_match "$(cat "$crun/run.json")" '"masks":[[:space:]]*"default,\+code"' "the run records the code mode"
cout=$(L predict "$crun" "$T/new.log" -w "$W")
expect_eq "$(printf '%s\n' "$cout" | awk -F'\t' '$1 == 1 || $1 == 2 { print $2 }' | tr '\n' ' ')" "c2 c0 " \
	"predict keeps codes as the run did"

# a code the run's training lines never had (a pid of 4 digits) counts for
# nothing: the line scores as with a number that is no code (5 digits),
# in predict and in --follow
printf 'event 12 from unit 7 status ok pid 4321\nevent 12 from unit 7 status ok pid 43210\n' >"$T/unseen.log"
uout=$(L predict "$crun" "$T/unseen.log" -w "$W")
u1=$(printf '%s\n' "$uout" | awk -F'\t' '$1 == 1 { $1 = ""; print }')
u2=$(printf '%s\n' "$uout" | awk -F'\t' '$1 == 2 { $1 = ""; print }')
expect_match "$u1" 'c2' "predict: a line with an unseen code is still read by its known code"
expect_eq "$u1" "$u2" "predict: an unseen code counts for nothing"
timeout 5 "$LOGLAB" predict "$crun" --follow "$T/unseen.log" --from-start -w "$W" >"$T/ufollow.out" 2>/dev/null
f1=$(awk -F'\t' '$1 == 1 { $1 = ""; print }' "$T/ufollow.out")
f2=$(awk -F'\t' '$1 == 2 { $1 = ""; print }' "$T/ufollow.out")
expect_match "$f1" 'c2' "--follow: a line with an unseen code is still read by its known code"
expect_eq "$f1" "$f2" "--follow: an unseen code counts for nothing"
expect_match "$(cat "$crun/tfidf.txt")" '^codes [0-9]' "the run keeps its training lines' codes"

# a build whose test lines hold codes the training lines lack (a pid of 4
# digits, one a line) hashes those lines again without them: the class's
# code still decides, and the unseen pids change nothing
awk 'BEGIN { s = 11; for (i = 0; i < 600; i++) { s = (s * 16807) % 2147483647; c = s % 2
	printf "c%d\tevent %d done pid %d status ok\n", c, 20 + c, 1000 + i * 13 % 9000 } }' >"$T/pids.tsv"
mkdir "$T/pw"
cat >"$T/pw/loglab.json" <<EOF2
{ "version": 1, "datasets": {"d": {"path": "$T/pids.tsv"}},
  "featuresets": {"f": {"dataset": "d", "text": {"kind": "tfidf"}}},
  "experiments": {"e": {"featureset": "f", "model": "logreg", "review_folds": 0}} }
EOF2
a_pids=$(L train e -w "$T/pw" 2>&1 | acc)
checks=$((checks + 1))
awk -v a="$a_pids" 'BEGIN { exit !(a != "" && a > 0.99) }' || fail "unseen pids in the test lines: accuracy $a_pids, expected > 0.99"

# --follow reads a coloured log's new lines as the same lines uncoloured
printf '\033[32mevent 12\033[0m from unit 7 status ok\n\033[1;31mevent 10\033[0m from unit 2 status ok\n' >"$T/colour.log"
timeout 5 "$LOGLAB" predict "$run" --follow "$T/colour.log" --from-start -w "$W" >"$T/follow.out" 2>"$T/follow.err"
expect_eq "$(awk -F'\t' '$1 == 1 || $1 == 2 { print $2, $3 }' "$T/follow.out" | tr '\n' ' ')" \
	"$(printf '%s\n' "$out" | awk -F'\t' '$1 == 1 || $1 == 2 { print $2, $3 }' | tr '\n' ' ')" \
	"--follow scores coloured lines as the same lines uncoloured (class and score)"

# a bad list names the key and the unknown mask
sed 's/default,-num/default,-nums/' "$W/loglab.json" >"$T/bad.json"
mkdir "$T/bad" && mv "$T/bad.json" "$T/bad/loglab.json"
out=$(L train numbers -w "$T/bad" 2>&1); rc=$?
expect_eq "$rc" 2 "an unknown mask is a data error"
expect_match "$out" 'featuresets.numbers.text.masks: .*unknown mask "nums"' "the message names key and mask"
finish
