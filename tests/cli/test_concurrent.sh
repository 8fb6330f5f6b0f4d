#!/bin/sh
# Two processes on the same files at once, and processes killed midway.
# loglab build twice at once (on main: half the pairs failed with "cannot
# rename it", and a pair could leave the feature set's folder empty, each
# build removing the arrays the other had just put in); parts of a killed
# build are removed, never renamed in; loglab eval twice at once on one run
# (on main: one failed with "Directory not empty" and left eval-NAME.old-PID);
# build, eval, train and label killed (SIGKILL) at random points, after which
# every command still reads the workspace, the earlier results are whole and
# no part is left for long (a run folder a training killed before its
# run.json left is passed over; one whose run.json was cut short is named). Each command runs under timeout: a hang fails.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

scratch concurrent
L() { timeout 120 "$LOGLAB" "$@"; }
kern_labelled "$tmp/kern_labelled.tsv"
W=$tmp/ws
mkdir "$W"
kern_lr_ws "$W" "$tmp/kern_labelled.tsv" 512
F=$W/features/t

# two builds at once, many times
L build t -w "$W" >/dev/null 2>"$tmp/err"; expect_eq $? 0 "build: $(cat "$tmp/err")"
(cd "$F" && md5sum * | sort) >"$tmp/build.md5"
failed=0 differ=0
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	L build t -w "$W" >/dev/null 2>"$tmp/e1" &
	a=$!
	L build t -w "$W" >/dev/null 2>"$tmp/e2" &
	b=$!
	wait $a || { failed=$((failed + 1)); cat "$tmp/e1" >&2; }
	wait $b || { failed=$((failed + 1)); cat "$tmp/e2" >&2; }
	(cd "$F" && md5sum * 2>/dev/null | sort) | cmp -s - "$tmp/build.md5" || differ=$((differ + 1))
done
expect_eq $failed 0 "two builds at once: every one succeeds"
expect_eq $differ 0 "two builds at once: the feature set is the one build's, whole"

# a killed build's parts (of a process that is gone, and the old NAME.part)
# are removed by the next build, not put in place
sh -c 'exit 0' &
gone=$!
wait $gone
echo junk >"$F/X.npy.part-$gone"
echo junk >"$F/y.npy.part"
L build t -w "$W" >/dev/null 2>"$tmp/err"; expect_eq $? 0 "build after a killed one: $(cat "$tmp/err")"
checks=$((checks + 1)); [ -e "$F/X.npy" ] && fail "a killed build's part was put in place: $(ls "$F")"
checks=$((checks + 1)); ls "$F" | grep -q '\.part' && fail "parts left: $(ls "$F")"
(cd "$F" && md5sum * | sort) | cmp -s - "$tmp/build.md5" || fail "the build after a killed one differs"

# a folder shared over NFS: another host's staging folder (its pid is no
# process here) is left alone, unless untouched for a day
mkdir "$F.part-$gone@ffffffffffffffff" "$F.part-$((gone + 1))@ffffffffffffffff"
echo half >"$F.part-$gone@ffffffffffffffff/X.npy"
touch -d '2 days ago' "$F.part-$((gone + 1))@ffffffffffffffff"
L build t -w "$W" >/dev/null 2>"$tmp/err"; expect_eq $? 0 "build beside another host's stage: $(cat "$tmp/err")"
checks=$((checks + 1)); [ -f "$F.part-$gone@ffffffffffffffff/X.npy" ] || fail "another host's stage was removed"
checks=$((checks + 1)); [ -e "$F.part-$((gone + 1))@ffffffffffffffff" ] && fail "another host's stage of two days ago was kept"
rm -r "$F.part-$gone@ffffffffffffffff"

# two evaluations of one run at once
L train lr -w "$W" --quiet >/dev/null 2>"$tmp/err"; expect_eq $? 0 "train: $(cat "$tmp/err")"
R=$(ls "$W/runs")
L eval "$R" kern -w "$W" >/dev/null 2>"$tmp/err"; expect_eq $? 0 "eval: $(cat "$tmp/err")"
E=$W/runs/$R/eval-kern
ls "$E" >"$tmp/eval.files"
failed=0 differ=0
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	L eval "$R" kern -w "$W" >/dev/null 2>"$tmp/e1" &
	a=$!
	L eval "$R" kern -w "$W" >/dev/null 2>"$tmp/e2" &
	b=$!
	wait $a || { failed=$((failed + 1)); cat "$tmp/e1" >&2; }
	wait $b || { failed=$((failed + 1)); cat "$tmp/e2" >&2; }
	ls "$E" 2>/dev/null | cmp -s - "$tmp/eval.files" || differ=$((differ + 1))
done
expect_eq $failed 0 "two evaluations at once: every one succeeds"
expect_eq $differ 0 "two evaluations at once: the results' folder whole"
checks=$((checks + 1)); ls "$W/runs/$R" | grep -q '\.part-\|\.old-' && fail "staging left: $(ls "$W/runs/$R")"

# killed at random points: afterwards everything reads, nothing earlier lost
L label "$tmp/kern_labelled.tsv" --rows 1-10 --set 1 >/dev/null 2>"$tmp/err"; expect_eq $? 0 "label: $(cat "$tmp/err")"
cp "$W/runs/$R/metrics.json" "$tmp/metrics.before"
delays="0 0.01 0.02 0.03 0.05 0.08 0.13 0.2"
for d in $delays; do
	for verb in build eval train label; do
		case $verb in
		build) set -- build t -w "$W" ;;
		eval) set -- eval "$R" kern -w "$W" ;;
		train) set -- train lr -w "$W" --quiet ;;
		label) set -- label "$tmp/kern_labelled.tsv" --rows 20-60 --set 1 ;;
		esac
		"$LOGLAB" "$@" >/dev/null 2>&1 &
		p=$!
		sleep "$d"
		kill -9 $p 2>/dev/null
		wait $p 2>/dev/null
	done
	L runs -w "$W" >"$tmp/runs" 2>"$tmp/err"; expect_eq $? 0 "runs after kills at $d s: $(cat "$tmp/err")"
	L label "$tmp/kern_labelled.tsv" >"$tmp/summary" 2>"$tmp/err"
	expect_eq $? 0 "label summary after kills at $d s: $(cat "$tmp/err")"
	checks=$((checks + 1)); [ -d "$E" ] || fail "the results' folder is gone after kills at $d s"
	checks=$((checks + 1)); [ -f "$F/manifest.json" ] || fail "the feature set is gone after kills at $d s"
done
checks=$((checks + 1)); cmp -s "$tmp/metrics.before" "$W/runs/$R/metrics.json" || fail "the first run's metrics changed"
L build t -w "$W" >/dev/null 2>"$tmp/err"; expect_eq $? 0 "build after the kills: $(cat "$tmp/err")"
checks=$((checks + 1)); ls "$F" | grep -q '\.part' && fail "parts left after a build: $(ls "$F")"
L eval "$R" kern -w "$W" >/dev/null 2>"$tmp/err"; expect_eq $? 0 "eval after the kills: $(cat "$tmp/err")"
checks=$((checks + 1)); ls "$W/runs/$R" | grep -q '\.part-\|\.old-' && fail "staging left after an eval: $(ls "$W/runs/$R")"
ls "$E" | cmp -s - "$tmp/eval.files" || fail "the results after the kills: $(ls "$E")"
L train lr -w "$W" --quiet >/dev/null 2>"$tmp/err"; expect_eq $? 0 "train after the kills: $(cat "$tmp/err")"
L label "$tmp/kern_labelled.tsv" --rows 1-10 --unset >/dev/null 2>"$tmp/err"
expect_eq $? 0 "label after the kills: $(cat "$tmp/err")"
# a training killed before its run.json leaves a folder loglab runs passes over
L runs -w "$W" --json >"$tmp/runs.json" 2>"$tmp/err"; expect_eq $? 0 "runs --json: $(cat "$tmp/err")"
for d in "$W"/runs/*; do
	[ -f "$d/run.json" ] && continue
	checks=$((checks + 1))
	grep -q "\"$(basename "$d")\"" "$tmp/runs.json" && fail "a run folder without run.json is listed: $d"
done
# a run.json cut short (a copy of the workspace killed midway): loglab runs
# names it in a warning (it was left out without a word) and lists the rest
cp "$W/runs/$R/run.json" "$tmp/run.json.whole"
head -c 100 "$tmp/run.json.whole" >"$W/runs/$R/run.json"
L runs -w "$W" >"$tmp/runs" 2>"$tmp/err"; expect_eq $? 0 "runs with a run.json cut short"
expect_match "$(cat "$tmp/err")" "warning: run $R left out: .*/runs/$R/run\.json: not valid JSON" \
	"runs names the run.json cut short"
checks=$((checks + 1)); grep -q "^$R " "$tmp/runs" && fail "the run cut short is listed"
cp "$tmp/run.json.whole" "$W/runs/$R/run.json"
L runs -w "$W" >/dev/null 2>"$tmp/err"
checks=$((checks + 1)); [ -s "$tmp/err" ] && fail "runs warns of whole runs: $(cat "$tmp/err")"
# folders of trainings killed before run.json, untouched for two minutes and
# their lock free, are removed by the next loglab runs with a note (on main
# they stayed for good); a run with its record and a fresh one are kept
K=$W/runs/20260101-000000-lr
mkdir "$K" && echo 1 >"$K/log.txt" && echo 99999999 >"$K/train.lock"
for d in "$W"/runs/*; do
	[ -f "$d/run.json" ] || touch -d '2 minutes ago' "$d" "$d"/*
done
mkdir "$W/runs/20260101-000001-lr-fresh"
L runs -w "$W" >/dev/null 2>"$tmp/err"; expect_eq $? 0 "runs removing unrecorded folders: $(cat "$tmp/err")"
expect_match "$(cat "$tmp/err")" "note: removed .*/runs/20260101-000000-lr: a training killed before it recorded the run" 	"runs names a removed unrecorded folder"
for d in "$W"/runs/*; do
	checks=$((checks + 1))
	[ -f "$d/run.json" ] || [ "$d" = "$W/runs/20260101-000001-lr-fresh" ] || fail "an unrecorded run folder is left: $d"
done
checks=$((checks + 1)); [ -f "$W/runs/$R/run.json" ] || fail "a recorded run was removed"
checks=$((checks + 1)); [ -d "$W/runs/20260101-000001-lr-fresh" ] || fail "a fresh run folder was removed"
finish
