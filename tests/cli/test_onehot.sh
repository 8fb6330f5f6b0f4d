#!/bin/sh
# tests/cli/test_onehot.sh - a job table whose partition (text, three
# values) the feature set's regex names: `build` makes a column per value
# and no warning for it, a run trains on them, and `eval` on a table with
# one partition fewer and one the run never saw lines the columns up and
# says so. A regex anchored on the column's name (^Partition$) keeps its
# value columns.
. "$LL_SRCDIR/tests/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-onehot-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

# jobs fail on partition "debug" and when they ask for little memory
awk 'BEGIN {
	print "JobID|Partition|ReqMem|State"
	split("cpu gpu debug", p, " ")
	for (i = 0; i < 300; i++) {
		part = p[i % 3 + 1]; mem = (i * 7) % 16 + 1
		st = (part == "debug" || mem < 4) ? "FAILED" : "COMPLETED"
		printf "%d|%s|%dG|%s\n", 1000 + i, part, mem, st
	}
}' > "$tmp/jobs.txt"
sed 's/|debug|/|bigmem|/' "$tmp/jobs.txt" > "$tmp/other.txt"
cat > "$tmp/loglab.json" <<'JSON'
{"version": 1,
 "datasets": {"jobs": {"path": "jobs.txt", "format": "csv:label=State"}},
 "featuresets": {"jobs": {"dataset": "jobs", "columns": "Partition|ReqMem", "scale": "zscore",
		"split": {"kind": "stratified", "train": 0.7, "test": 0.3}, "seed": 1}},
 "experiments": {"lr": {"featureset": "jobs", "model": "logreg", "seed": 1}}
}
JSON
out=$("$LOGLAB" build jobs --workspace "$tmp" 2>&1)
expect_eq "$?" 0 "build"
expect_match "$out" "300 samples x 4 features" "a feature per partition and the memory"
case "$out" in *"text column"*) fail "no warning for the expanded Partition: $out" ;; *) ok ;; esac
manifest=$(cat "$tmp/features/jobs/manifest.json")
expect_match "$manifest" '"Partition=cpu"' "the manifest names the value columns"
expect_match "$manifest" '"Partition=debug"' "every value"
# the regex anchored on the column's name keeps its value columns
sed 's/"Partition|ReqMem"/"^(Partition|ReqMem)$"/' "$tmp/loglab.json" > "$tmp/anchored.json"
mkdir "$tmp/anch" && cp "$tmp/jobs.txt" "$tmp/anch/" && cp "$tmp/anchored.json" "$tmp/anch/loglab.json"
out=$("$LOGLAB" build jobs --workspace "$tmp/anch" 2>&1)
expect_eq "$?" 0 "build, anchored regex"
expect_match "$out" "300 samples x 4 features" "^Partition\$ keeps Partition's value columns"
out=$("$LOGLAB" train lr --workspace "$tmp" 2>&1)
expect_eq "$?" 0 "train"
# the rule is the partition and the memory: a linear model finds it
expect_match "$out" 'test +samples 90 +accuracy (0\.9[5-9]|1\.0)' "trained on the value columns"
run=$(ls "$tmp/runs" | head -1)
out=$("$LOGLAB" eval "$run" "$tmp/other.txt" --workspace "$tmp" --format csv:label=State 2>&1)
expect_eq "$?" 0 "eval on other partitions"
expect_match "$out" "1 of the run's value columns .* are not in this data: zeros" "debug missing: zeros"
expect_match "$out" "1 values the run never saw have no column of their own" "bigmem: no column"
expect_match "$out" 'labelled samples 300' "every row scored"
out=$("$LOGLAB" predict "$run" "$tmp/other.txt" --workspace "$tmp" --format csv:label=State 2>&1)
expect_eq "$?" 0 "predict on other partitions"
expect_match "$out" "1 values the run never saw have no column of their own" "predict says so too"
expect_eq "$(printf '%s\n' "$out" | grep -c '^[0-9]')" 300 "a line a row"

# --- true and false: a number column of the default columns ----------------
# JSON records whose boolean says whether the job failed, and R's TRUE/FALSE
# in a CSV: a feature set that names only its dataset trains on them
mkdir "$tmp/bool" && cd "$tmp/bool" || exit 99
awk 'BEGIN { for (i = 0; i < 200; i++) {
	pre = i % 3 == 0; miss = i == 7
	printf "{\"mem\": %d, %s\"state\": \"%s\"}\n", (i * 13) % 17,
		miss ? "" : "\"preempted\": " (pre ? "true" : "false") ", ", pre ? "FAILED" : "COMPLETED" } }' >jobs.jsonl
awk 'BEGIN { print "mem,spot,state"; for (i = 0; i < 200; i++)
	printf "%d,%s,%s\n", (i * 13) % 17, i % 3 ? "FALSE" : "TRUE", i % 3 ? "ok" : "lost" }' >r.csv
cat >loglab.json <<'JSON'
{"version": 1,
 "datasets": {"jobs": {"path": "jobs.jsonl", "label_column": "state"},
              "r": {"path": "r.csv", "label_column": "state"}},
 "featuresets": {"jobs": {"dataset": "jobs"}, "r": {"dataset": "r"}},
 "experiments": {"lr": {"featureset": "jobs", "model": "logreg"}, "rlr": {"featureset": "r", "model": "logreg"}}}
JSON
out=$("$LOGLAB" build jobs 2>&1)
expect_eq "$?" 0 "build jobs: $out"
expect_match "$(tr -d ' \t\n' <features/jobs/manifest.json)" '"columns":\["mem","preempted=true"\]' \
	"a boolean key is a default column"
case "$out" in *"text column"*) fail "no text-column warning for the boolean: $out" ;; *) ok ;; esac
expect_match "$out" 'nan: not set: 1 missing value filled' "a record without the key: missing, filled"
out=$("$LOGLAB" train lr 2>&1)
expect_eq "$?" 0 "train lr"
expect_match "$out" 'test +samples 60 +accuracy 1\.0000' "the boolean decides the class: $out"
out=$("$LOGLAB" train rlr 2>&1)
expect_eq "$?" 0 "train rlr"
expect_match "$out" 'test +samples 60 +accuracy 1\.0000' "R's TRUE/FALSE too"
run=$(printf '%s\n' "$out" | sed -n 's/^run \([^ ]*\) .*/\1/p' | head -1)
expect_match "$(tr -d ' \t\n' <"runs/$run/run.json")" '"names":\["mem","spot=TRUE"\]' "the run's feature is spot=TRUE"
# other data lines the column up by its name
printf 'mem,spot,state\n3,TRUE,lost\n4,FALSE,ok\n5,,ok\n' >other.csv
out=$("$LOGLAB" predict "$run" other.csv 2>&1)
expect_eq "$?" 0 "predict on other data: $out"
expect_eq "$(printf '%s\n' "$out" | grep -c '^[0-9]')" 3 "a line a row"
finish
