#!/bin/sh
# test_ws_merge_tmux.sh - loglab.json edited elsewhere while the TUI has it
# open (an editor in another pane, a second loglab), in the real binary
# driven in tmux on a generated workspace:
#  - the features view's w keeps the other's change (an experiment added
#    by hand) beside its own, and says it did;
#  - both changing the same key: w refuses, names the key, and the file
#    stays as the other left it; the edits stay on screen;
#  - the experiments view's e keeps the other's change and reloads, so the
#    experiment added elsewhere is listed at once.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"

tmux_begin wsmerge
ws=$tmp/ws
labelled_ws "$ws"
flat() { tr -d ' \t\n' <"$ws/loglab.json"; }
# by_hand PYTHON: the workspace file changed as an editor would save it
by_hand() {
	python3 -c "import json,sys
p=sys.argv[1]; d=json.load(open(p))
$1
open(p,'w').write(json.dumps(d, indent=4) + '\n')" "$ws/loglab.json"
}

tmux_shell 150 30
keys "cd '$ws' && '$LOGLAB' ." Enter
wait_for '\[experiments\]' "the workspace's experiments"
keys f
wait_for '\[features\]' "f opens the feature set"
keys G e
wait_for 'seed \(a whole number; now [0-9]+\):' "e edits the seed"
keys 42 Enter
wait_for 'feature set t: .*, not written' "the seed is edited, not written"

# --- another's change kept beside ours --------------------------------------
by_hand "d['experiments']['km'] = {'featureset': 't', 'model': 'kmeans', 'k': 3}"
keys w
wait_for 'feature set t written to .*loglab\.json \(with the changes made to it since it was read\)' \
	"w writes, saying the other's changes were kept"
expect_match "$(flat)" '"featuresets":\{"t":\{.*"seed":42\}' "our seed written"
expect_match "$(flat)" '"km":\{"featureset":"t","model":"kmeans","k":3\}' "the experiment added by hand kept"

# --- the same key changed on both sides: refused ----------------------------
keys G e
wait_for 'seed \(a whole number; now 42\):' "e edits the seed again"
keys 43 Enter
wait_for 'feature set t: .*, not written' "the seed is edited again"
by_hand "d['featuresets']['t']['seed'] = 7"
cp "$ws/loglab.json" "$tmp/theirs.json"
keys w
wait_for 'not written: .*featuresets\.t\.seed was changed on disk since loglab read the file' \
	"w refuses, naming the key both changed"
checks=$((checks + 1))
cmp -s "$ws/loglab.json" "$tmp/theirs.json" || fail "a refused write changed loglab.json"
wait_for ' seed +43( |$)' "our edit still on screen"
keys q
wait_for 'Leave without writing the changes\? \(y/n\)' "q asks about the edits not written"
keys y
wait_for '\[experiments\]' "back to the experiments"

# --- the experiments view: e keeps the other's change, and shows it -------
by_hand "d['experiments']['byhand'] = {'featureset': 't', 'model': 'logreg', 'C': 2}"
keys e
wait_for 'set \(e\.g\.' "e asks for a hyper-parameter"
keys "C=0.5" Enter
wait_for 'C=0\.5 saved to .*loglab\.json, with the changes made to it since it was read \(reloaded\)' \
	"e saves, keeping and reloading the other's change"
wait_for 'byhand' "the experiment added elsewhere is listed"
expect_match "$(flat)" '"byhand":\{"featureset":"t","model":"logreg","C":2\}' "the other's experiment kept"
expect_match "$(flat)" '"seed":7' "the other's seed kept"
keys Q
wait_for '^ll-prompt\$ *$' "Q quits"
finish
