#!/bin/sh
# test_features_masks.sh - the features view's masks field (text.masks) on a
# small generated workspace (loglab --keys ... --dump-screen): it shows the
# recipe's masks, an edit applies to the current set ("-num" alone), w
# writes it to loglab.json as the loader reads it (and the build's
# fingerprint changes with it), a bad list is refused with the
# parser's message and leaves the recipe as it was, and masks are refused
# when the text features do not mask (text none), where they would not be
# saved (a feature set naming nothing over labelled lines shows the data's
# default, TF-IDF); with a label journal beside the data the class counts
# are the build's, the journal's labels included; a fleet dataset is read
# as training reads it. Golden: tests/tui/golden/fm_masks.txt (LL_GOLDEN_UPDATE=1 rewrites it).
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/golden_lib.sh"

[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
golden_setup

ws=$tmp/ws
mkdir -p "$ws"
# 240 labelled lines, two classes; the numbers vary so that masking them
# changes the vocabulary.
awk 'BEGIN {
	for (i = 0; i < 240; i++) {
		if (i % 8 == 3)
			printf "1\tdisk error on sd%c sector %d retry %d\n", 97 + i % 3, 1000 + i * 7, i % 5
		else
			printf "0\tjob %d done in %d ms by worker %d\n", i, 10 + (i * 13) % 97, i % 11
	}
}' >"$ws/app.tsv"
write_ws() {
	cat >"$ws/loglab.json" <<'JSON'
{
	"version": 1,
	"datasets": {"app": {"path": "app.tsv"}},
	"featuresets": {
		"t": {"dataset": "app", "text": {"kind": "tfidf", "features": 256}, "seed": 1},
		"plain": {"dataset": "app", "seed": 1}
	},
	"experiments": {
		"tf": {"featureset": "t", "model": "logreg", "seed": 1},
		"pl": {"featureset": "plain", "model": "logreg", "seed": 1}
	}
}
JSON
}
# screen NAME KEYS [keep]: the 24x80 screen after KEYS on a fresh workspace
# (on the one there with keep).
screen() {
	[ "${3:-}" = keep ] || write_ws
	if ! (cd "$ws" && "$LOGLAB" --keys "$2" --dump-screen 24x80 .) >"$tmp/$1.txt" 2>"$tmp/err"; then
		fail "$1: loglab failed: $(cat "$tmp/err")"
		: >"$tmp/$1.txt"
	fi
}
fingerprint() { (cd "$ws" && "$LOGLAB" build t --preview 2>&1) | sed -n 's/^fingerprint: //p'; }

# The field, below text, with the recipe's value.
screen open 'f'
expect_match "$(cat "$tmp/open.txt")" '^  target +classes +masks +default,\+code$' "the default masks below text"
fp0=$(fingerprint)

# l then k: from columns to the masks; "-num" keeps numbers as tokens (the
# code mode, on by default, is num's: it stays set and does nothing).
screen edit 'flk<Enter>-num<Enter>'
golden_compare fm_masks "$tmp/edit.txt"
expect_match "$(cat "$tmp/edit.txt")" '> masks +default,-num,\+code$' "the edited masks"

# w writes it; the loader reads it back as the same list.
screen write 'flk<Enter>-num,+kv<Enter>w'
expect_match "$(tail -1 "$tmp/write.txt")" 'feature set t written to' "write message"
expect_match "$(tr -d ' \t\n' <"$ws/loglab.json")" '"t":\{[^}]*"text":\{[^}]*"masks":"default,-num,\+kv,\+code"' \
	"masks written to loglab.json"
fp1=$(fingerprint)
checks=$((checks + 1))
[ -n "$fp0" ] && [ -n "$fp1" ] && [ "$fp0" != "$fp1" ] ||
	fail "the written masks should change the build's fingerprint: '$fp0' -> '$fp1'"
screen reread 'f' keep
expect_match "$(cat "$tmp/reread.txt")" '  masks +default,-num,\+kv,\+code$' "the written masks read back"

# A bad list: the parser's message, the masks unchanged, nothing to write.
screen bad 'flk<Enter>-numbers<Enter>'
expect_match "$(tail -1 "$tmp/bad.txt")" 'masks: mask list "-numbers": unknown mask "numbers" \(known: uuid' \
	"a bad list is refused with the known masks"
expect_match "$(cat "$tmp/bad.txt")" '> masks +default,\+code$' "a refused list leaves the masks"
checks=$((checks + 1))
grep -q 'not written' "$tmp/bad.txt" && fail "a refused list marked the feature set modified"

# Text none over labelled lines: the data's default, TF-IDF, masks with the
# default set; editing them needs text set, and is refused rather than
# silently unsaved.
screen plain 'jflk<Enter>none<Enter>'
expect_match "$(cat "$tmp/plain.txt")" 'text +none: tfidf \(default\)$' "the default text features shown"
expect_match "$(cat "$tmp/plain.txt")" '> masks +default,\+code \(text un' "the default's masks say how to edit them (cut at 80 columns)"
expect_match "$(tail -1 "$tmp/plain.txt")" 'masks: only hash, tfidf and w2v text features mask tokens \(text is none\)' \
	"masks refused without masking text features"

# A label journal beside the data: the preview counts the classes as
# `loglab build` does, the journal's labels included (5 rows set to 1, one
# of them was 1 already), and no longer says it leaves them out.
counts() { sed -n 's/^  \([01]\) \{20,\}\([0-9]\{1,\}\) .*/\1:\2/p' "$1" | tr '\n' ' '; }
screen before 'f'
expect_match "$(counts "$tmp/before.txt")" '^0:210 1:30 $' "the data's own class counts"
(cd "$ws" && "$LOGLAB" label app.tsv --rows 1-5 --set 1 >/dev/null 2>&1)
screen journal 'f' keep
expect_match "$(counts "$tmp/journal.txt")" '^0:206 1:34 $' "the class counts with the journal's labels"
(cd "$ws" && "$LOGLAB" build t --preview >"$tmp/build.txt" 2>&1)
expect_match "$(counts "$tmp/build.txt")" '^0:206 1:34 $' "the build counts the same"
checks=$((checks + 1))
grep -q 'counts without the labels' "$tmp/journal.txt" && fail "the caveat of a journal left out is still shown"

# A fleet (a folder of logs) as the dataset: its merged rows, as training
# reads them (the view read the folder as one file and refused it).
fleet=$tmp/fleetws
mkdir -p "$fleet/logs"
printf 'Mar  2 06:17:28 a kernel: one\nMar  2 06:17:30 a kernel: three\n' >"$fleet/logs/a.log"
printf 'Mar  2 06:17:29 b kernel: two\n' >"$fleet/logs/b.log"
cat >"$fleet/loglab.json" <<'JSON'
{"version": 1, "datasets": {"f": {"path": "logs"}},
 "featuresets": {"t": {"dataset": "f", "text": {"kind": "tfidf", "features": 16}, "seed": 1}},
 "experiments": {"x": {"featureset": "t", "model": "logreg", "seed": 1}}}
JSON
(cd "$fleet" && "$LOGLAB" --keys f --dump-screen 24x80 .) >"$tmp/fleet.txt" 2>&1
expect_match "$(cat "$tmp/fleet.txt")" '^Feature set t on f: 3 rows x [0-9]+ columns' "a fleet's merged rows"
expect_match "$(cat "$tmp/fleet.txt")" '^3 samples x 16 features from 3 rows' "built on the fleet"
finish
