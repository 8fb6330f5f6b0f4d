#!/bin/sh
# test_readonly_labels.sh - labels on a log in a folder loglab cannot write
# (a read-only mount of an archive of logs, /var/log for a user), for real:
# a tmpfs mounted read-only in a private mount namespace (unshare -m;
# skipped where that is not allowed). The journal, which used to be
# refused (exit 3: nothing could be labelled), is kept in the user's data
# folder (labels/apart/NAME-HASH.labels), with a note naming it; later
# calls, the summary and a workspace's training read it there; two files
# of one name in two folders keep two journals; a journal beside the file
# wins when one is there; a fleet's files keep theirs as they would alone,
# with one note counting them (and none for a writable fleet); --journal
# still picks any file.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

in_mount_namespace "$0" "$@"

T=$(mktemp -d)
trap 'umount "$T/ro" 2>/dev/null; umount "$T/ro2" 2>/dev/null; rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME=
mkdir "$HOME"
L() { timeout 120 "$LOGLAB" "$@"; }

kern_labelled "$T/kern.tsv"
mkdir "$T/ro" "$T/ro2"
mount -t tmpfs -o size=2m tmpfs "$T/ro" && mount -t tmpfs -o size=2m tmpfs "$T/ro2" || { fail "mount"; finish; }
cp "$T/kern.tsv" "$T/ro/kern.tsv"
cp "$T/kern.tsv" "$T/ro2/kern.tsv"
mount -o remount,ro "$T/ro" && mount -o remount,ro "$T/ro2" || { fail "remount read-only"; finish; }
checks=$((checks + 1)); touch "$T/ro/x" 2>/dev/null && fail "the mount is writable"

apart=$HOME/.local/share/loglab/labels/apart
# count FILE CLASS: rows of CLASS in FILE's labels, as label --json says
count() { L label --json "$1" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["labels"].get(sys.argv[1], 0))' "$2"; }
io=$(grep -c 'I/O error' "$T/kern.tsv")
# the I/O error lines (kind 6) set to ordinary, in the read-only folder
out=$(L label "$T/ro/kern.tsv" --match 'I/O error' --set 0 2>"$T/err")
expect_eq $? 0 "label in a read-only folder"
expect_eq "$out" "set: $io rows selected, $io changed to '0'" "every row labelled"
expect_match "$(cat "$T/err")" "note: the folder of $T/ro/kern\\.tsv is read-only: labels kept in $apart/kern\\.tsv-[0-9a-f]{16}\\.labels" \
	"the note names where the labels are"
j1=$(ls "$apart"/kern.tsv-*.labels 2>/dev/null)
expect_eq "$(printf '%s\n' "$j1" | grep -c .)" 1 "one journal apart"
sum=$(L label --json "$T/ro/kern.tsv")
expect_match "$sum" "\"journal\":	\"$apart/kern\\.tsv-[0-9a-f]{16}\\.labels\"" "the summary reads the journal apart"
expect_eq "$(count "$T/ro/kern.tsv" 0)" 600 "every row ordinary now"
# a second call adds to it; undo takes back that one
L label "$T/ro/kern.tsv" --rows 1 --set 1 >/dev/null 2>&1
expect_eq "$(count "$T/ro/kern.tsv" 1)" 1 "a second label"
L label "$T/ro/kern.tsv" --undo >/dev/null 2>&1
expect_eq "$(count "$T/ro/kern.tsv" 0)" 600 "undo"

# the same name in another read-only folder: a journal of its own
L label "$T/ro2/kern.tsv" --rows 2 --set 0 >/dev/null 2>&1
expect_eq "$(ls "$apart"/kern.tsv-*.labels | wc -l | tr -d ' ')" 2 "two folders, two journals"
expect_eq "$(count "$T/ro2/kern.tsv" 1)" "$(count "$T/kern.tsv" 1)" "the other file keeps its own labels (row 2 was ordinary)"

# a workspace's training reads the labels kept apart
W=$T/ws
mkdir "$W"
printf '%s\n' '{ "version": 1,' \
	"  \"datasets\": {\"kern\": {\"path\": \"$T/ro/kern.tsv\"}}," \
	'  "featuresets": {"t": {"dataset": "kern", "target": "binary", "text": {"kind": "tfidf", "features": 256},' \
	'                        "split": {"kind": "chronological", "train": 0.7, "test": 0.3}}},' \
	'  "experiments": {"km": {"featureset": "t", "model": "kmeans", "k": 2}} }' >"$W/loglab.json"
L build t -w "$W" >"$T/build" 2>&1
expect_match "$(cat "$T/build")" "ordinary +600 " "build counts the labels kept apart"

# a fleet of both read-only files: each file's labels where that file's
# are, and one note that says so (not a note about the glob's "folder")
L label "$T/ro*/kern.tsv" --rows 4 --set 1 >/dev/null 2>"$T/err"
expect_eq $? 0 "label a fleet of read-only files"
expect_match "$(cat "$T/err")" "note: 2 files of $T/ro\*/kern\.tsv are in read-only folders: their labels kept in $apart\$" \
	"the fleet's note counts the files kept apart"
expect_eq "$(ls "$apart" | wc -l | tr -d ' ')" 2 "the fleet wrote to the files' journals"
# a fleet in writable folders: no note at all
mkdir -p "$T/w/a" "$T/w/b"
printf 'Jan  5 10:00:0%d a kernel: disk %d ok\n' 1 1 2 2 3 3 >"$T/w/a/x.log"
printf 'Jan  5 10:00:0%d b kernel: disk %d ok\n' 4 4 5 5 >"$T/w/b/x.log"
L label "$T/w/*/x.log" --match 'disk 2' --set 1 >/dev/null 2>"$T/err"
expect_eq $? 0 "label a writable fleet"
expect_eq "$(cat "$T/err")" "" "a writable fleet: no note"
checks=$((checks + 1)); [ -s "$T/w/a/x.log.labels" ] || fail "the fleet's labels are not beside its file"

# --journal still picks any file
L label "$T/ro/kern.tsv" --journal "$T/mine.labels" --rows 3 --set 1 >/dev/null 2>"$T/err"
expect_eq $? 0 "--journal"
expect_eq "$(cat "$T/err")" "" "--journal: no note"
checks=$((checks + 1)); [ -s "$T/mine.labels" ] || fail "--journal wrote nothing"

# a rotation in a read-only folder (logrotate runs as root): the labels
# kept apart under app.log's name show on app.log.1
mkdir "$T/ro3"
mount -t tmpfs -o size=1m tmpfs "$T/ro3" || { fail "mount"; finish; }
printf 'Jan  5 10:00:0%d a kernel: line %d\n' 1 1 2 2 3 3 >"$T/ro3/app.log"
mount -o remount,ro "$T/ro3" || { fail "remount read-only"; finish; }
L label "$T/ro3/app.log" --rows 2 --set 1 >/dev/null 2>&1
mount -o remount,rw "$T/ro3" && mv "$T/ro3/app.log" "$T/ro3/app.log.1" &&
	printf 'Jan  5 11:00:00 a kernel: new\n' >"$T/ro3/app.log" && mount -o remount,ro "$T/ro3" ||
	{ fail "rotate"; finish; }
out=$(L label "$T/ro3/app.log.1" 2>&1)
expect_match "$out" "^  1 +1$" "a read-only folder's rotated file shows the label kept apart"
expect_match "$out" "1 label of .*app.log.1 comes from .*/apart/app.log-" "a note names the journal kept apart"
umount "$T/ro3"
finish
