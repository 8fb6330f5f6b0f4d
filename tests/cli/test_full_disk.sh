#!/bin/sh
# test_full_disk.sh - training on a full disk, for real: the workspace on a
# tmpfs of 1 MiB mounted in a private mount namespace (unshare -m; skipped
# where that is not allowed), filled to a different level before each
# training so that the writes fail at different points (the run's record,
# its fitted scaler, a checkpoint, its predictions). Every failure exits 3
# naming the file and "No space left on device"; runs/ keeps no folder
# without a run.json (such folders are removed: `loglab runs` cannot list
# them); no run is left reading "running" in `loglab runs`; the run made
# before the disk filled and loglab.json are byte for byte as they were;
# a feature set's arrays built again, and an evaluation made again, on a
# full disk leave the earlier ones whole; once space is free again,
# training works.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

in_mount_namespace "$0" "$@"

T=$(mktemp -d)
trap 'umount "$T/disk" 2>/dev/null; rm -rf "$T"' EXIT
L() { timeout 120 "$LOGLAB" "$@"; }

kern_labelled "$T/kern_labelled.tsv"
mkdir "$T/disk"
mount -t tmpfs -o size=1m tmpfs "$T/disk" || { fail "mount"; finish; }
W=$T/disk/ws
mkdir "$W"
printf '%s\n' '{ "version": 1,' \
	"  \"datasets\": {\"kern\": {\"path\": \"$T/kern_labelled.tsv\"}}," \
	'  "featuresets": {"t": {"dataset": "kern", "target": "binary", "text": {"kind": "tfidf", "features": 512},' \
	'                        "split": {"kind": "chronological", "train": 0.7, "test": 0.3}},' \
	'                  "n": {"dataset": "kern", "target": "binary", "text": {"kind": "hash", "features": 64},' \
	'                        "split": {"kind": "chronological", "train": 0.7, "test": 0.3}}},' \
	'  "experiments": {"lr": {"featureset": "t", "model": "logreg"},' \
	'                  "mlp": {"featureset": "n", "model": "mlp", "hidden": [32], "epochs": 3, "seed": 1}} }' >"$W/loglab.json"
cp "$W/loglab.json" "$T/loglab.json.before"
L train lr -w "$W" --quiet >/dev/null 2>"$T/err"; expect_eq $? 0 "train before the disk fills: $(cat "$T/err")"
R0=$(ls "$W/runs")
cp "$W/runs/$R0/metrics.json" "$T/metrics.before"

# fill LEFT_KB: the disk full but LEFT_KB (the filler's size set by hand)
fill() {
	rm -f "$T/disk/filler"
	dd if=/dev/zero of="$T/disk/filler" bs=1k 2>/dev/null
	size=$(wc -c <"$T/disk/filler")
	keep=$((size - $1 * 1024))
	[ $keep -lt 0 ] && keep=0
	truncate -s "$keep" "$T/disk/filler"
}

fails=0
for left in 0 2 4 8 16 32 64 96 128 160 0 4 16 64; do
	for x in lr mlp; do
		fill $left
		L train $x -w "$W" --quiet >/dev/null 2>"$T/err"
		rc=$?
		[ $rc -eq 0 ] && continue
		fails=$((fails + 1))
		expect_eq $rc 3 "train $x with $left KiB free: exit 3 ($(cat "$T/err"))"
		expect_match "$(cat "$T/err")" "^loglab: $W/runs/[^ ]*: .*No space left on device" \
			"train $x with $left KiB free: the file and the reason"
	done
done
checks=$((checks + 1)); [ $fails -ge 4 ] || fail "only $fails trainings failed: the disk never filled?"
rm -f "$T/disk/filler"

for d in "$W"/runs/*; do
	checks=$((checks + 1))
	[ -f "$d/run.json" ] || fail "a run folder without run.json was left: $(ls "$d")"
done
L runs -w "$W" >"$T/runs" 2>&1; expect_eq $? 0 "loglab runs after the failures"
checks=$((checks + 1))
grep -E '^[0-9]{8}-' "$T/runs" | awk '$7 == "running"' | grep -q . && fail "a run reads running: $(cat "$T/runs")"
checks=$((checks + 1)); cmp -s "$T/metrics.before" "$W/runs/$R0/metrics.json" || fail "the earlier run's metrics changed"
checks=$((checks + 1)); cmp -s "$T/loglab.json.before" "$W/loglab.json" || fail "loglab.json changed"
expect_match "$(grep "^$R0 " "$T/runs")" " done " "the earlier run is still done"

# the failed runs removed, as their owner would
for d in "$W"/runs/*; do
	[ "$(basename "$d")" = "$R0" ] || rm -rf "$d"
done

# a feature set's arrays (loglab build) made again with room for half of
# them: exit 3, the earlier build whole, no part left behind. (They were
# overwritten in place: a disk that filled midway left arrays of two
# builds under the older manifest; here, where each new file fits in the
# room its old one leaves, main replaced the build.)
rm -f "$T/disk/filler"
L build t -w "$W" >/dev/null 2>"$T/err"; expect_eq $? 0 "build with room: $(cat "$T/err")"
(cd "$W/features/t" && md5sum *) >"$T/build.md5"
# new arrays different from the old (the seed of the split), and room for
# half of them
sed -i 's/"test": 0.3}}/"test": 0.3}, "seed": 7}/' "$W/loglab.json"
cp "$W/loglab.json" "$T/loglab.json.before"
fill $(($(du -sk "$W/features/t" | cut -f1) / 2))
L build t -w "$W" >/dev/null 2>"$T/err"; expect_eq $? 3 "build on a full disk: exit 3"
expect_match "$(cat "$T/err")" "features/t/[A-Za-z_]+\.npy: write failed: No space left on device" "build on a full disk: the file"
checks=$((checks + 1)); (cd "$W/features/t" && md5sum -c --quiet "$T/build.md5" >/dev/null 2>&1) || fail "the earlier build changed"
checks=$((checks + 1)); ls "$W/features/t" | grep -q '\.part' && fail "parts left: $(ls "$W/features/t")"
rm -f "$T/disk/filler"

# an evaluation made again with room for half its files: exit 3 naming
# its file, the earlier results whole (they were replaced file by file:
# metrics of one evaluation beside predictions of another), no staging
# folder left
L eval "$R0" kern -w "$W" >/dev/null 2>"$T/err"; expect_eq $? 0 "eval with room: $(cat "$T/err")"
E=$(ls -d "$W/runs/$R0"/eval-*)
(cd "$E" && md5sum *) >"$T/eval.md5"
# other labels, so other results, and room for half of them
L label "$T/kern_labelled.tsv" --rows 1-50 --set 1 >/dev/null 2>&1
fill $(($(du -sk "$E" | cut -f1) / 2))
L eval "$R0" kern -w "$W" >/dev/null 2>"$T/err"; expect_eq $? 3 "eval on a full disk: exit 3"
expect_match "$(cat "$T/err")" "$E/[a-z_]+\.[a-z]+: .*No space left on device" "eval on a full disk: the file, in the results' folder"
checks=$((checks + 1)); (cd "$E" && md5sum -c --quiet "$T/eval.md5" >/dev/null 2>&1) || fail "the earlier results changed"
checks=$((checks + 1)); ls "$W/runs/$R0" | grep -q '\.part-\|\.old-' && fail "staging left: $(ls "$W/runs/$R0")"
rm -f "$T/disk/filler"

# space again: training works
L train mlp -w "$W" --quiet >/dev/null 2>"$T/err"; expect_eq $? 0 "train once space is free: $(cat "$T/err")"
finish
