#!/bin/sh
# tests/cli/test_labelfile.sh - a dataset's separate label file (the key
# "labels": one class a line) is seen by every reader of the dataset.
# Before, only a training without a journal beside the data saw it:
# `review` had an empty queue (every row unlabelled), the browser counted
# no label, and a training once a journal existed took the journal's
# labels alone. Now review, the browser's labels view and `label NAME` (a
# workspace dataset's name: its file and label file, for the summary,
# --set and --export; `label PATH` and `info PATH` of its file too) show
# the file's classes, say which file gave them
# and how many of them the journal changes; a log large enough to be read
# lazily is read whole for them; a label file of the wrong length is
# refused, naming both counts, and so is one for a folder of files.
. "$LL_SRCDIR/tests/lib.sh"

scratch labelfile

W=$tmp/ws
mkdir "$W"
ci_build_log "$W"
mkdir "$W/logs"
head -n 300 "$W/b.log" >"$W/logs/one.log"
tail -n 300 "$W/b.log" >"$W/logs/two.log"
cat >"$W/loglab.json" <<'JSON'
{
	"version": 1,
	"datasets": {"b": {"path": "b.log", "labels": "b.classes"}, "f": {"path": "logs", "labels": "b.classes"}},
	"featuresets": {"log": {"dataset": "b"}},
	"experiments": {"lg": {"featureset": "log", "model": "logreg", "seed": 1}}
}
JSON
L() { (cd "$W" && timeout 120 "$LOGLAB" "$@"); }
out=$(L train lg --quiet 2>&1) || fail "train lg: $out"
R=$(cd "$W/runs" && ls -d *-lg)

out=$(L review "$R" --top 3 2>&1)
expect_match "$out" "review queue of $R: 15 lines labelled ordinary" "review sees the label file's classes ($out)"
expect_match "$out" "^labels from [^ ]*b\.classes \(600 rows labelled\); the journal [^ ]*b\.log\.labels changes 0 of them$" \
	"review says which file gave the labels"
js=$(L review "$R" --json 2>/dev/null | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["label_file"].endswith("b.classes"), d["journal_overrides"])')
expect_eq "$js" "True 0" "review --json: the label file, no override"

screen=$(L --keys b --dump-screen 12x150 . 2>&1)
expect_match "$screen" 'b\.log  line 1/600  log  ok:555 error:45' "the browser counts the file's labels ($screen)"

# the journal overrides the file: a confirmed row leaves the queue
out=$(L review "$R" --confirm 44 2>&1)
expect_eq "$?" 0 "review --confirm ($out)"
out=$(L review "$R" --top 3 2>&1)
expect_match "$out" "review queue of $R: 14 lines" "the confirmed row left the queue ($out)"
expect_match "$out" "changes 1 of them$" "review counts what the journal changed"
# training over the file and the journal: the journal's one label was
# all it had (the file's were replaced by the journal's "unlabelled")
out=$(L train lg 2>&1)
expect_match "$out" 'train samples 420 ' "a training with a journal keeps the file's labels ($out)"
screen=$(L --keys bs --dump-screen 12x150 . 2>&1)
expect_match "$screen" '^labels from [^ ]*b\.classes \(600 rows labelled\); the journal changes 1 of them' \
	"the labels view says which file and what the journal changed ($screen)"
expect_match "$screen" '^  error +1 +46$' "the labels view: the file's 45 and the confirmed one"

# `label NAME` in the workspace: the dataset's file with its label file
out=$(L label b 2>&1)
expect_match "$out" 'labels from [^ ]*b\.classes \(600 rows labelled\); the journal changes 1 of them' "label NAME says which file ($out)"
expect_match "$out" '^  ok +554$' "label NAME counts the file's labels and the journal's"
js=$(L label b --json | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["label_file"].endswith("b.classes"), d["journal_overrides"], d["labels"]["ok"])')
expect_eq "$js" "True 1 554" "label NAME --json: the label file and the overrides"
L label b --rows 1 --set error >/dev/null
expect_eq "$?" 0 "label NAME --set"
L label b --export "$tmp/out.tsv" >/dev/null
expect_eq "$(grep -c '^error	' "$tmp/out.tsv")" 47 "the export has the file's labels and the journal's"
L label b --undo >/dev/null

# `label PATH` and `info PATH` on the dataset's file: the same counts as
# `label NAME` (they read it unlabelled: every row "(unlabelled)"), and
# they say which dataset gave the label file
out=$(L label b.log 2>&1)
expect_match "$out" '^  ok +554$' "label PATH counts the label file's classes ($out)"
expect_match "$out" '^dataset:  b of [^ ]*/ws/loglab\.json$' "label PATH names the dataset"
expect_match "$out" 'labels from [^ ]*b\.classes \(600 rows labelled\)' "label PATH names the label file"
js=$(L label ./b.log --json | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["dataset"], d["label_file"].endswith("b.classes"), d["labels"]["ok"], d["labels"]["error"])')
expect_eq "$js" "b True 554 46" "label PATH --json: the dataset, its label file, the counts"
out=$(cd "$tmp" && timeout 120 "$LOGLAB" label ws/b.log 2>&1)
expect_match "$out" '^  error +46$' "from another folder, the workspace in the file's folder ($out)"
# a file deep in a workspace's tree: the workspace is looked for from the
# file's folder up to the root (as git finds .git); a loglab.json on the
# way that does not list the file is passed over, the nearest that does wins
# (the copy has no journal: 45 errors, the label file's own)
D=$tmp/deep/ws3
mkdir -p "$D/logs/2026/12"
cp "$W/b.log" "$W/b.classes" "$D/logs/2026/12/"
printf '{"version": 1, "datasets": {"b": {"path": "logs/2026/12/b.log", "labels": "logs/2026/12/b.classes"}}}\n' >"$D/loglab.json"
printf '{"version": 1, "datasets": {"other": {"path": "other.log", "labels": "other.classes"}}}\n' >"$D/logs/loglab.json"
out=$(cd "$tmp" && timeout 120 "$LOGLAB" label deep/ws3/logs/2026/12/b.log 2>&1)
expect_match "$out" '^  error +45$' "nested: the workspace two folders above the file ($out)"
expect_match "$out" '^dataset:  b of [^ ]*/deep/ws3/loglab\.json$' "nested: label names the workspace used"
out=$(cd "$D/logs/2026" && timeout 120 "$LOGLAB" info 12/b.log 2>&1)
expect_match "$out" '^  from the label file [^ ]*b\.classes \(dataset b of [^ ]*/deep/ws3/loglab\.json\)$' "nested: info from a folder inside the tree ($out)"
sed 's/error/bad/' "$W/b.classes" >"$D/logs/2026/c.classes"
printf '{"version": 1, "datasets": {"near": {"path": "12/b.log", "labels": "c.classes"}}}\n' >"$D/logs/2026/loglab.json"
out=$(cd "$tmp" && timeout 120 "$LOGLAB" label deep/ws3/logs/2026/12/b.log 2>&1)
expect_match "$out" '^  bad +45$' "nested: the nearest workspace listing the file wins ($out)"
expect_match "$out" '^dataset:  near of [^ ]*/deep/ws3/logs/2026/loglab\.json$' "nested: and is named"
out=$(L info b.log 2>&1)
expect_match "$out" '^labels:   2 classes, 600 labelled, 0 unlabelled$' "info PATH counts the label file's classes ($out)"
expect_match "$out" '^  from the label file [^ ]*b\.classes \(dataset b of [^ ]*loglab\.json\)$' "info PATH says so"
js=$(L info b.log --json | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["dataset"], d["label_file"].endswith("b.classes"), d["labels"]["ok"], d["unlabelled"])')
expect_eq "$js" "b True 554 0" "info PATH --json: the dataset and its label file"
out=$(L info b 2>&1)
expect_match "$out" '^labels:   2 classes, 600 labelled' "info NAME too ($out)"
out=$(L info --format lines b.log 2>&1)
expect_match "$out" '^labels:   2 classes, 2 labelled, 598 unlabelled$' "a format given reads the file as given: the journal's labels only"
# two datasets of one file with different label files: which is meant is
# not known, so neither (and a note says so)
W2=$tmp/ws2
mkdir "$W2"
cp "$W/b.log" "$W/b.classes" "$W2/"
sed 's/error/bad/' "$W/b.classes" >"$W2/c.classes"
printf '{"version": 1, "datasets": {"b": {"path": "b.log", "labels": "b.classes"}, "c": {"path": "b.log", "labels": "c.classes"}}}\n' >"$W2/loglab.json"
out=$(cd "$W2" && timeout 120 "$LOGLAB" info b.log 2>&1)
expect_match "$out" 'note: datasets of [^ ]*loglab\.json with different label files or formats read b\.log: none applied' \
	"two datasets with different label files: a note ($out)"
expect_match "$out" '^labels:   none$' "and neither applied"

# a log read lazily (past the threshold) is read whole for its label file
screen=$(cd "$W" && LOGLAB_LAZY_THRESHOLD=1000 timeout 120 "$LOGLAB" --keys b --dump-screen 12x150 . 2>&1)
expect_match "$screen" 'ok:554 error:46' "a large log's rows have the file's labels too ($screen)"

# read lazily, with its label file a class a row beside the line index
# (it was loaded whole for it): the same counts, queue and refusal
out=$(cd "$W" && LOGLAB_LAZY_THRESHOLD=1000 timeout 120 "$LOGLAB" label b 2>&1)
expect_match "$out" '^  error +46$' "lazily, label NAME counts the file's labels and the journal's ($out)"
out=$(cd "$W" && LOGLAB_LAZY_THRESHOLD=1000 timeout 120 "$LOGLAB" info b.log --json 2>&1 |
	/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["file"], d["labels"]["ok"], d["labels"]["error"])')
expect_eq "$out" "b.log 554 46" "lazily, info PATH counts them (the file as named)"
out=$(cd "$W" && LOGLAB_LAZY_THRESHOLD=1000 timeout 120 "$LOGLAB" review "$R" --top 3 2>&1)
expect_match "$out" "review queue of $R: 14 lines" "lazily, the review queue is the same ($out)"

# a folder's rows are its files' lines merged on one timeline: a label
# file, which goes by row number, is refused (it was left unread: every
# row unlabelled, silently)
out=$(L label f 2>&1)
expect_exit 1 "label of a folder with a label file" -- sh -c "cd '$W' && '$LOGLAB' label f"
expect_match "$out" 'logs: a label file \([^ ]*b\.classes\) gives one file.s rows their classes' "the refusal says why ($out)"

# a label file of another length is refused, naming both counts
head -n 599 "$W/b.classes" >"$W/short" && mv "$W/short" "$W/b.classes"
out=$(L review "$R" 2>&1)
expect_exit 2 "review with a short label file (a data error)" -- sh -c "cd '$W' && '$LOGLAB' review '$R'"
expect_match "$out" 'b\.log has 600 rows but its label file [^ ]*b\.classes has 599 labels' "the refusal names both ($out)"
out=$(cd "$W" && LOGLAB_LAZY_THRESHOLD=1000 timeout 120 "$LOGLAB" label b 2>&1)
expect_match "$out" 'b\.log has 600 rows but its label file [^ ]*b\.classes has 599 labels' "lazily refused too ($out)"
finish
