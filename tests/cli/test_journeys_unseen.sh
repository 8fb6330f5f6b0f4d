#!/bin/bash
# test_journeys_unseen.sh - what a new user's journey through data shaped
# like public benchmark exports found (samples written here, no data copied):
#  - a research trace's clock named "t" (epoch seconds in every row) is the
#    table's time; a "t" of small numbers stays a number;
#  - a folder of traces with the experiment's ground truth beside them:
#    the table that shares no column with the others is left out of the
#    fleet with a note, not merged as a block of missing values stretching
#    the span (one in the traces' folder and format is kept, as the same
#    tool's output under other names); tables that share nothing at all
#    are all kept;
#  - eval of a detector on an unlabelled series says the series has no
#    labels (not "some steps"), and no "optimistic" line without figures;
#    `loglab runs` gives a detector run key metrics (kind, threshold,
#    held-out alarms), not "-";
#  - a fleet of per-node logs named as a collection script writes them
#    ("2023-07-15T21:18:51-kubelet-node1.log.txt"): the host is the name
#    without the date stamp and ".log.txt"; daily files of one program
#    ("2024-01-01-app.log") are one host; info's files table shows the
#    host the lines name when those tell the files apart at least as well
#    as the paths (a folder per run holding every node's syslog), the
#    path's otherwise (every file says localhost);
#  - a feature set whose unlabelled lines are ordinary (only root causes
#    marked) builds without the warning that no class is ordinary.
. "${LL_SRCDIR:-.}/tests/lib.sh"

[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
scratch journeys-unseen

# ---- "t", a research export's clock ----
awk 'BEGIN { print "t,app_driver_heap_used,app_stage_running"
	for (i = 0; i < 120; i++) printf "%d,%d,%d\n", 1525707211 + i, 1000 + (i * 37) % 200, i % 3 }' >"$tmp/trace.csv"
info "$tmp/trace.csv"
col_is t time "epoch seconds under t"
expect_match "$out" '^time: +2018-05-07 15:33:31 \.\. 2018-05-07 15:35:30' "the trace's span"
printf 't,x\n0.5,1\n1.5,2\n2.5,4\n' >"$tmp/physics.csv"
info "$tmp/physics.csv"
col_is t number "t of small numbers"
printf 'ts,t\n2024-01-01 00:00:00,1700000000\n2024-01-01 00:00:01,1700000001\n' >"$tmp/second.csv"
info "$tmp/second.csv"
col_is t number "t after the table's time column"

# ---- a fleet of traces with their ground truth beside them ----
mkdir -p "$tmp/exp/raw"
for k in 1 2 3; do
	awk -v k=$k 'BEGIN { print "t,app_driver_heap_used,app_stage_running"
		for (i = 0; i < 50; i++) printf "%d,%d,%d\n", 1525707211 + k * 100000 + i, 1000 + i, i % 3 }' >"$tmp/exp/trace_$k.csv"
done
printf 'trace_name,anomaly_type,root_cause_start,root_cause_end\ntrace_9,cpu,1529000000.0,1529000400.0\n' \
	>"$tmp/exp/raw/ground_truth.csv"
info "$tmp/exp"
expect_eq "$rc" 0 "info of the folder"
expect_match "$out" '^rows: +150$' "the traces' rows alone"
expect_match "$out" '^files: +3 tables' "three tables"
expect_match "$out" 'ground_truth\.csv: left out: none of its 4 columns is in the other tables' "ground truth noted"
expect_no_match "$out" '^  (trace_name|anomaly_type) ' "no ground-truth columns"
expect_match "$out" '^time: +2018-05-08 19:20:11 \.\. 2018-05-11 02:54:20' "the traces' span alone"
# the same disjoint table beside the traces, in their folder and format:
# kept (the same tool's output under other names, as dstat's short ones)
printf 'run,status\ntrace_1,done\n' >"$tmp/exp/summary.csv"
info "$tmp/exp"
expect_match "$out" '^rows: +151$' "a sibling of the traces' format is kept"
expect_match "$out" 'ground_truth\.csv: left out' "the one in a folder of its own still left out"
rm "$tmp/exp/summary.csv"
# unrelated tables, none sharing a column: all kept
mkdir -p "$tmp/misc"
printf 'a,b\n1,2\n' >"$tmp/misc/one.csv"
printf 'c,d\n3,4\n' >"$tmp/misc/two.csv"
printf 'e,f\n5,6\n' >"$tmp/misc/three.csv"
info "$tmp/misc"
expect_match "$out" '^files: +3 tables' "unrelated tables all kept"
expect_no_match "$out" 'left out' "nothing left out of unrelated tables"

# ---- eval of a detector on an unlabelled series ----
mkdir -p "$tmp/ws"
awk 'BEGIN { print "t,a,b"; for (i = 0; i < 400; i++) printf "%d,%.3f,%.3f\n", 1700000000 + i, sin(i / 7), cos(i / 5) }' >"$tmp/ws/train.csv"
awk 'BEGIN { print "t,a,b"; for (i = 0; i < 200; i++) printf "%d,%.3f,%.3f\n", 1700100000 + i, sin(i / 7), (i == 100 ? 9 : cos(i / 5)) }' >"$tmp/ws/other.csv"
cat >"$tmp/ws/loglab.json" <<'JSON'
{"version": 1,
 "datasets": {"train": {"path": "train.csv"}, "other": {"path": "other.csv"}},
 "featuresets": {"fs": {"dataset": "train", "columns": "^[ab]$", "split": {"kind": "chronological", "train": 0.7, "test": 0.3}}},
 "experiments": {"det": {"featureset": "fs", "model": "detector", "epochs": 1}}}
JSON
(cd "$tmp/ws" && "$LOGLAB" train det --quiet >"$tmp/train.out" 2>&1) || fail "train det: $(cat "$tmp/train.out")"
run=$(ls "$tmp/ws/runs" | head -1)
out=$(cd "$tmp/ws" && "$LOGLAB" eval "$run" other 2>&1)
expect_match "$out" 'note: the series has no labels' "unlabelled series said"
expect_no_match "$out" 'some steps are unlabelled' "not some steps"
expect_no_match "$out" 'optimistic' "no optimistic line without figures"
out=$(cd "$tmp/ws" && "$LOGLAB" runs 2>&1)
expect_match "$out" "^$run +det +detector .* ae threshold [0-9.]+, held-out alarms [0-9]+ of [0-9]+" "a detector's key metrics in runs"

# ---- hosts of files named by a collection script ----
mkdir -p "$tmp/nodes" "$tmp/daily"
for n in 1 2 3; do
	printf '2023-07-16 02:08:5%d INFO manager.go:200] "Admit"\n' $n >"$tmp/nodes/2023-07-15T21:18:51-kubelet-node$n.log.txt"
done
info "$tmp/nodes"
expect_match "$out" '^  2023-07-15T21:18:51-kubelet-node2\.log\.txt +kubelet-node2 ' "host without stamp and .log.txt"
# a folder per run, each holding every node's syslog: the files table
# shows the machine the lines name, not the run's folder
mkdir -p "$tmp/runs/run1" "$tmp/runs/run2"
for r in 1 2; do
	for n in 1 2 3; do
		printf 'Jul 16 02:0%d:5%d worker%d kubelet[274]: I0716 02:08:52.868820 274 manager.go:200] "Admit"\n' $r $n $n \
			>"$tmp/runs/run$r/kubelet-worker$n.log"
	done
done
info "$tmp/runs"
expect_match "$out" '^  run2/kubelet-worker3\.log +worker3 ' "the lines' host in the files table"
expect_match "$out" '^files: +6 in 6 rotation chains, 3 hosts$' "three machines"
# every file says localhost: the paths' names stay
mkdir -p "$tmp/lh/a" "$tmp/lh/b"
for d in a b; do printf 'Jul 16 02:08:52 localhost kubelet[274]: started\n' >"$tmp/lh/$d/syslog"; done
info "$tmp/lh"
expect_match "$out" '^  b/syslog +b ' "localhost everywhere: the path's host"
for d in 01 02; do printf '2024-01-%s 10:00:00 INFO started\n' $d >"$tmp/daily/2024-01-$d-app.log"; done
info "$tmp/daily"
expect_match "$out" '^files: +2 in [0-9]+ rotation chains?, 1 host$' "daily files of one program: one host"
expect_match "$out" '^  2024-01-02-app\.log +app ' "daily file's host"
# names that are a date alone keep it: nothing else names them
mkdir -p "$tmp/dates"
for d in 01 02; do printf '2024-01-%s 10:00:00 INFO started\n' $d >"$tmp/dates/202401$d.log"; done
info "$tmp/dates"
expect_match "$out" '^  20240102\.log +20240102 ' "a date alone is the host"

# ---- only the root causes marked: unlabelled lines are the ordinary ones ----
mkdir -p "$tmp/ws2"
awk 'BEGIN { for (i = 0; i < 300; i++) printf "2024-01-01 10:%02d:%02d INFO worker %d finished job %d\n", i / 60, i % 60, i % 4, i;
	for (i = 0; i < 20; i++) printf "2024-01-01 11:00:%02d ERROR worker %d lost its lease\n", i, i % 4 }' >"$tmp/ws2/app.log"
(cd "$tmp/ws2" && "$LOGLAB" label app.log --match 'lost its lease' --set lease --new-class >/dev/null 2>&1) || fail "label app.log"
cat >"$tmp/ws2/loglab.json" <<'JSON'
{"version": 1, "datasets": {"app": {"path": "app.log"}},
 "featuresets": {"txt": {"dataset": "app", "target": {"kind": "binary", "ordinary": ["ordinary"]},
   "unlabelled": "ordinary", "split": {"kind": "random", "train": 0.7, "test": 0.3}}},
 "experiments": {"lr": {"featureset": "txt", "model": "logreg"}}}
JSON
out=$(cd "$tmp/ws2" && "$LOGLAB" build txt 2>&1)
expect_no_match "$out" 'is an ordinary one' "no warning: unlabelled lines are ordinary"
expect_match "$out" 'root cause +20 ' "20 root causes"

finish
