#!/bin/sh
# tests/cli/test_fleet_tables_cli.sh - a fleet of table files through the
# verbs: a workspace whose dataset path is a folder of per-host dstat-style
# CSVs (written here by awk, with differing columns and labels), `info` (a
# line per file, the union of columns), `build`, `train` (an MLP and
# k-means), labels per file (each file's own journal; runs go stale and
# current again), a changed file making runs stale, `predict` naming host,
# file and line, a log among the tables refused by name. Then the shared
# dstat files (../shared/data/dstat, read in place) by a glob: info, and a
# k-means workspace over them; their folder, which holds a licence file, is
# refused naming it.
. "$LL_SRCDIR/tests/lib.sh"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
W=$tmp/ws
mkdir -p "$W/hosts/node1" "$W/hosts/node2" "$W/hosts/node3"
# gen HOST OFFSET EXTRA: 600 samples 10 s apart; rows 40..59 of every 100
# are an incident (memory used jumps, usr climbs), labelled oom. node2 has
# an extra column (net), node3 lacks sys.
gen() {
	awk -v host="$1" -v off="$2" 'BEGIN {
		srand(length(host) * 7 + off)
		if (host == "node2") print "epoch,usr,sys,used,net,label"
		else if (host == "node3") print "epoch,usr,used,label"
		else print "epoch,usr,sys,used,label"
		for (i = 0; i < 600; i++) {
			bad = i % 100 >= 40 && i % 100 < 60
			usr = (bad ? 70 : 20) + 10 * rand(); sys = 5 + 3 * rand()
			used = (bad ? 15e9 : 7e9) + 1e9 * rand()
			t = 1700000000 + 10 * i + off
			lab = bad ? "oom" : "normal"
			if (host == "node2") printf "%d,%.3f,%.3f,%.0f,%d,%s\n", t, usr, sys, used, 1000 + i, lab
			else if (host == "node3") printf "%d,%.3f,%.0f,%s\n", t, usr, used, lab
			else printf "%d,%.3f,%.3f,%.0f,%s\n", t, usr, sys, used, lab
		}
	}' >"$W/hosts/$1/dstat.csv"
}
gen node1 1
gen node2 2
gen node3 3
cat >"$W/loglab.json" <<'EOF'
{
	"version": 1,
	"datasets": {"fleet": {"path": "hosts"}},
	"featuresets": {
		"f": {
			"dataset": "fleet",
			"columns": "usr|sys|used",
			"split": {"kind": "chronological", "train": 0.7, "test": 0.3},
			"scale": "zscore"
		}
	},
	"experiments": {
		"dnn": {"featureset": "f", "model": "mlp", "hidden": [16], "optimizer": "adagrad", "lr": 0.05,
			"batch": 64, "epochs": 5, "seed": 1},
		"km": {"featureset": "f", "model": "kmeans", "k": [2, 3], "n_init": 2, "seed": 1}
	}
}
EOF
cd "$W" || exit 99

# --- info: the union of columns and a line per file ----------------------------
out=$("$LOGLAB" info hosts 2>&1)
expect_eq "$?" 0 "info on a folder of tables"
expect_match "$out" "^rows: +1800$" "every file's rows"
expect_match "$out" "^files: +3 tables, 3 hosts, rows merged by time$" "three tables merged by time"
expect_match "$out" "^  node2/dstat.csv +node2 +600 +600 +csv " "a line per file: host, rows, labelled, format"
expect_match "$out" "^  net +number$" "node2's extra column is in the union"
expect_match "$out" "^  (host|file) +text$" "host and file columns"
expect_match "$out" "^  oom +360$" "labels of every file (120 a host)"
json=$("$LOGLAB" info --json hosts | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["fleet"]["total"]["rows"], d["fleet"]["total"]["merged_by_time"], [f["host"] for f in d["fleet"]["files"]])')
expect_eq "$json" "1800 True ['node1', 'node2', 'node3']" "info --json: the fleet's files and total"

# --- build and train ---------------------------------------------------------------
out=$("$LOGLAB" build f 2>&1)
expect_eq "$?" 0 "build over a fleet of tables: $out"
expect_match "$out" "from 1800 rows of fleet" "the feature set is built from every row"
out=$("$LOGLAB" train dnn 2>&1)
expect_eq "$?" 0 "train an MLP over the fleet: $out"
expect_match "$out" "test +samples 540 " "the test part is 30% of 1800 rows"
run=$(ls runs | head -n 1)
out=$("$LOGLAB" train km 2>&1)
expect_eq "$?" 0 "k-means over the fleet: $out"
expect_match "$out" "chosen \(best silhouette\): k [23] " "k-means picks k"

# --- labels go to each file's own journal; runs go stale and current again -------
expect_eq "$("$LOGLAB" runs | grep -c STALE)" 0 "fresh runs are current"
out=$("$LOGLAB" label hosts --rows 1 --set oom 2>&1)
expect_match "$out" "1 changed to 'oom'" "relabel the fleet's first row"
expect_eq "$(ls hosts/*/dstat.csv.labels 2>/dev/null)" "hosts/node1/dstat.csv.labels" \
	"the label went to node1's own journal (its row is the earliest)"
expect_match "$("$LOGLAB" info hosts/node1/dstat.csv)" "^  oom +121$" "node1 alone has the label"
expect_match "$("$LOGLAB" runs)" "stale: labels changed since" "a relabelled file makes the runs stale"
"$LOGLAB" label hosts --undo >/dev/null
expect_eq "$("$LOGLAB" runs | grep -c STALE)" 0 "undone: the runs are current again"

# --- predict names host, file and line ---------------------------------------------
"$LOGLAB" predict "$run" hosts >"$tmp/pred" 2>/dev/null || fail "predict on the fleet"
expect_eq "$(head -n 1 "$tmp/pred")" "$(printf 'row\tlabel\tscore\ttemplate\thost\tfile\tline')" "predict's header"
expect_eq "$(($(wc -l <"$tmp/pred") - 1))" 1800 "a prediction per row"
expect_match "$(sed -n 2,4p "$tmp/pred")" "^3	[a-z]+	[^	]+		node3	node3/dstat.csv	1$" \
	"row 3 is node3's first (the hosts' samples interleave by time)"

# --- a changed file makes the runs stale ---------------------------------------------
echo "1700009999,1.000,1.000,1,normal" >>hosts/node1/dstat.csv
expect_match "$("$LOGLAB" runs)" "stale: dataset content changed" "an appended row makes the runs stale"

# --- a log among tables is left out by name ------------------------------------------
printf 'Mar  2 06:17:28 node1 kernel: one\nMar  2 06:17:30 node1 kernel: two\n' >hosts/node1/kern.log
out=$("$LOGLAB" info hosts 2>&1)
expect_eq "$?" 0 "a log among tables is left out"
expect_match "$out" "node1/kern.log: left out: not a table \(it reads as syslog\) among tables" "the log is named"
rm hosts/node1/kern.log

# --- the shared dstat files, read in place ---------------------------------------------
if [ -n "${LL_DATA_DIR:-}" ] && [ -d "$LL_DATA_DIR/dstat" ]; then
	D=$LL_DATA_DIR/dstat
	out=$("$LOGLAB" info "$D/*.csv" 2>&1)
	expect_eq "$?" 0 "info on the shared dstat CSVs"
	expect_match "$out" "^rows: +781$" "15 + 383 + 383 rows"
	expect_match "$out" "^format: +dstat " "read by the dstat reader"
	expect_match "$out" "^  pkb_dstat-0.7.2-result.csv +pkb_dstat-0.7.2-result +383 " "a line per file"
	out=$("$LOGLAB" info "$D" 2>&1)
	expect_eq "$?" 0 "the folder with its licence file"
	expect_match "$out" "PerfKitBenchmarker_LICENSE: left out: not a table" "the licence file is named"
	mkdir -p "$tmp/ciml"
	cat >"$tmp/ciml/loglab.json" <<EOF
{
	"version": 1,
	"datasets": {"dstat": {"path": "$D/*.csv", "format": "dstat"}},
	"featuresets": {"cpu": {"dataset": "dstat", "columns": "usr|sys|idl|1m",
		"split": {"kind": "random", "train": 1.0}, "scale": "zscore"}},
	"experiments": {"km": {"featureset": "cpu", "model": "kmeans", "k": [2, 3], "n_init": 2, "seed": 1}}
}
EOF
	out=$(cd "$tmp/ciml" && "$LOGLAB" build cpu 2>&1)
	expect_match "$out" "from 781 rows of dstat" "a feature set over the shared dstat files"
	out=$(cd "$tmp/ciml" && "$LOGLAB" train km 2>&1)
	expect_eq "$?" 0 "k-means over the shared dstat files: $out"
else
	echo "note: shared data absent: the shared dstat part is skipped" >&2
fi
finish
