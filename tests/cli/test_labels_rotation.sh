#!/bin/sh
# test_labels_rotation.sh - labels follow their lines through a log
# rotation. Labels given to app.log sit in app.log.labels; logrotate then
# renames app.log to app.log.1 (later app.log.2.gz) and starts a new
# app.log. On main app.log.1 showed none of them (only `--journal
# app.log.labels` found them). Now a file reads the journals of its
# rotation chain's other names and takes the records whose line has the
# same hash (younger names only: a line moves to older names), with a
# note naming the journal; changes go to its own
# journal and win; undo comes back to the chain's label; a fleet of the
# chain shows every file's labels once; the new app.log gets none of the
# old lines' labels; an explicit --journal reads that journal alone.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

scratch labrot
export HOME="$tmp/home" XDG_DATA_HOME=
mkdir "$HOME"
L() { timeout 120 "$LOGLAB" "$@"; }
cd "$tmp" || exit 99
lines() { # FROM TO HOUR
	i=$1
	while [ "$i" -le "$2" ]; do
		printf 'Mar  2 %s:00:%02d node07 kernel: [%d.000] message %d\n' "$3" "$i" "$i" "$i"
		i=$((i + 1))
	done
}
# labelled count of FILE's summary for class 1
count1() { L label "$@" 2>/dev/null | awk '$1 == "1" { print $2 }'; }

lines 1 5 06 >app.log
L label app.log --rows 2-3 --set 1 >/dev/null 2>&1
mv app.log app.log.1
lines 6 7 07 >app.log
out=$(L label app.log.1 2>&1)
expect_match "$out" "^  1 +2$" "the rotated file shows its lines' labels"
expect_match "$out" "note: 2 labels of app.log.1 come from app.log.labels" "a note says where they came from"
expect_eq "$(count1 app.log)" "" "the new app.log gets none of the old lines' labels"
L label app.log.1 --export out.tsv >/dev/null 2>&1
expect_eq "$(sed 1d out.tsv | cut -f1 | tr '\n' ,)" ",1,1,,," "exported with the labels from the chain"

# a change in app.log.1 goes to its own journal and wins; undo comes back
L label app.log.1 --rows 3 --unset >/dev/null 2>&1
expect_eq "$(count1 app.log.1)" "1" "a chain label removed in the rotated file"
checks=$((checks + 1)); [ -s app.log.1.labels ] || fail "the change went to app.log.1.labels"
expect_eq "$(grep -c . app.log.labels)" "$(grep -c . app.log.labels)" "app.log.labels untouched"
L label app.log.1 --undo >/dev/null 2>&1
expect_eq "$(count1 app.log.1)" "2" "undo brings the chain's label back"
L label app.log.1 --rows 5 --set 1 >/dev/null 2>&1
expect_eq "$(count1 app.log.1)" "3" "a new label of the rotated file"
L label app.log.1 --rows 2 --unset >/dev/null 2>&1
expect_eq "$(count1 app.log.1)" "2" "a chain label removed for good"

# labels of the new app.log, then the next rotation (compressed)
L label app.log --rows 1 --set 1 >/dev/null 2>&1
gzip -c app.log.1 >app.log.2.gz && rm app.log.1
mv app.log app.log.1
lines 8 9 08 >app.log
expect_eq "$(count1 app.log.2.gz)" "2" "two rotations on, compressed: the journals of both old names, the later change winning"
expect_eq "$(count1 app.log.1)" "1" "the second file's label followed it"
expect_eq "$(count1 app.log)" "" "the newest file has none"

# a fleet of the chain: every file's labels, each once
out=$(L label 'app.log*' 2>&1)
expect_match "$out" "^  1 +3$" "the fleet of the chain shows the 3 labels once each"
# an explicit journal is read alone
expect_eq "$(count1 app.log.2.gz --journal mine.labels)" "" "--journal reads that journal alone"
# a line moves from younger names to older ones only: a copy alike
# (copytruncate's app.log.1 beside the emptied app.log refilled alike)
# does not give app.log the labels of app.log.1
mkdir c && lines 1 3 06 >c/app.log && cp c/app.log c/app.log.1
L label c/app.log.1 --rows 1 --set 1 >/dev/null 2>&1
expect_eq "$(count1 c/app.log.1)" "1" "the copy's label"
expect_eq "$(count1 c/app.log)" "" "an older name's journal does not apply to a younger name"
# a file of another chain is not touched
lines 1 5 06 >other.log
expect_eq "$(count1 other.log)" "" "another chain's journals do not apply"
finish
