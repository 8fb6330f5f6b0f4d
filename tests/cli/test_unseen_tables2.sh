#!/bin/sh
# tests/cli/test_unseen_tables2.sh - data frames as R and pandas write them
# (tests/gen_tables.c rframe: R's write.csv of a frame sorted by class,
# quoted row names under an empty header, "NA", an empty factor cell and
# repeated factor values; a pandas index from 0; a long table whose rows R
# numbered), end to end as a new user meets them: `loglab info`, then a
# workspace whose feature set names nothing but its split and scale, and
# logreg, mlp and kmeans with untuned defaults (bench/UNSEEN_TABLES.md,
# "Rdatasets: defaults against sklearn").
. "$LL_SRCDIR/tests/lib.sh"

GEN="$LL_BUILDDIR/tests/gen_tables"
scratch unseen-tables2

"$GEN" rframe "$tmp/frame.csv" 300 5
expect_eq "$?" 0 "gen_tables rframe"

# a table, every row read (its first rows are no dstat header pair), the row
# names marked and said
info "$tmp/frame.csv"
expect_eq "$rc" 0 "frame: info"
expect_match "$out" '^format: +csv' "frame: a table (not dstat's)"
expect_match "$out" '^rows: +300$' "frame: every row"
col_is col1 number frame
col_is len number frame
col_is depth number frame
col_is site text frame
col_is wild text frame
expect_match "$out" "column 'col1' numbers the rows \(1 to 300" "frame: the row names are noted"
expect_match "$out" "cells such as 'NA' .* in column 'depth' read as missing" "frame: NA is missing"

# pandas' to_csv: an unnamed index from 0
{
	echo ",a,b,label"
	i=0
	while [ $i -lt 40 ]; do
		echo "$i,$((i % 7)).5,$((i * 3 % 11)),$((i % 2))"
		i=$((i + 1))
	done
} >"$tmp/pandas.csv"
info "$tmp/pandas.csv"
expect_eq "$rc" 0 "pandas: info"
expect_match "$out" "column 'col1' numbers the rows \(0 to 39" "pandas: the index is noted"

# a long table whose rows R numbered stays its records (its row numbers made
# no column per entity)
{
	echo "rownames,time,host,value"
	i=0
	while [ $i -lt 60 ]; do
		echo "$((i + 1)),2024-05-01T00:$(printf %02d $((i / 3))):00Z,h$((i % 3)),$i"
		i=$((i + 1))
	done
} >"$tmp/long.csv"
info "$tmp/long.csv"
expect_eq "$rc" 0 "long: info"
expect_match "$out" '^rows: +60$' "long: not pivoted"
col_is rownames number long

cat >"$tmp/loglab.json" <<'JSON'
{"version": 1,
 "datasets": {"frame": {"path": "frame.csv", "label_column": "species"}},
 "featuresets": {"f": {"dataset": "frame", "scale": "zscore"},
                 "named": {"dataset": "frame", "columns": "^(col1|len)$"}},
 "experiments": {"lr": {"featureset": "f", "model": "logreg"},
                 "mlp": {"featureset": "f", "model": "mlp"},
                 "km": {"featureset": "f", "model": "kmeans", "k": 3}}}
JSON
cd "$tmp" || exit 99
out=$("$LOGLAB" build f 2>&1)
expect_eq "$?" 0 "build f"
expect_match "$out" "columns: 'col1' numbers or names the rows \(row names\): left out" "build f: the row names are left out, said"
names=$(tr -d ' \t\n' <features/f/manifest.json | grep -o '"columns":\[[^]]*\]')
expect_eq "$names" '"columns":["len","width","depth","wild=TRUE"]' "build f: the number columns and R's logical column (wild=TRUE), not the row names"
# a regex that names the row names keeps them
"$LOGLAB" build named >/dev/null 2>&1
expect_eq "$?" 0 "build named"
names=$(tr -d ' \t\n' <features/named/manifest.json | grep -o '"columns":\[[^]]*\]')
expect_eq "$names" '"columns":["col1","len"]' "build named: a regex keeps the row names"

# the classes are apart in len and width: untuned defaults find them, from the
# measurements, not from the rows' order in a file sorted by class
for e in lr mlp; do
	out=$("$LOGLAB" train $e 2>&1)
	expect_eq "$?" 0 "train $e"
	acc=$(printf '%s\n' "$out" | sed -n 's/.*test  samples [0-9]* *accuracy \([0-9.]*\).*/\1/p')
	expect_match "$acc" '^(0\.9[0-9]|1\.0)' "$e: test accuracy $acc"
done
out=$("$LOGLAB" train km 2>&1)
expect_eq "$?" 0 "train km"

# a run whose first column was a feature (ids in no order: no row names)
# applies to data where the same column counts the rows: it stays the
# run's feature there
awk -F, 'NR == 1 { print "id,a,b,label"; next } { print ((NR - 2) * 7 % 60) + 1 "," $0 }' >ids.csv <<CSV
x
$(i=0; while [ $i -lt 60 ]; do echo "$((i % 5)).5,$((i * 3 % 11)),$((i % 2))"; i=$((i + 1)); done)
CSV
awk -F, 'NR == 1 { print; next } { $1 = NR - 1; print }' OFS=, ids.csv >ids_counted.csv
cat >loglab.json <<'JSON'
{"version": 1,
 "datasets": {"ids": {"path": "ids.csv"}, "counted": {"path": "ids_counted.csv"}},
 "featuresets": {"f": {"dataset": "ids"}},
 "experiments": {"lr": {"featureset": "f", "model": "logreg"}}}
JSON
out=$("$LOGLAB" train lr 2>&1)
expect_eq "$?" 0 "ids: train"
run=$(printf '%s\n' "$out" | sed -n 's/^run \([^ ]*\) .*/\1/p' | head -1)
expect_match "$(tr -d ' \t\n' <"runs/$run/run.json")" '"names":\["id","a","b"\]' "ids: the run's features hold id"
info ids_counted.csv
expect_match "$out" "column 'id' numbers the rows" "ids_counted: row numbers"
out=$("$LOGLAB" eval "$run" counted 2>&1)
expect_eq "$?" 0 "eval on data whose row numbers the run took as a feature: $out"

# --- quoted cells of many lines (R's and spreadsheets' long text) -----------
# A cell may run to 40 lines, and a file large enough is sampled as its head
# plus blocks from further on, which may start inside a cell: still a table.
awk 'BEGIN { print "rownames,Code,Description,Level"; srand(7)
	for (i = 1; i <= 700; i++) {
		n = 1 + (i * 7) % 40
		printf "%d,C%03d,\"", i, i
		for (k = 0; k < n; k++) printf "%sThis item includes, among others, activity %d of %d", (k ? "\n" : ""), k, n
		printf "\",%d\n", 1 + i % 4 } }' >long_cells.csv
info long_cells.csv
expect_match "$out" "^format: +csv " "long quoted cells: a table"
expect_match "$out" "^rows: +700$" "long quoted cells: every record a row"
col_is Description text "long quoted cells"
col_is Level number "long quoted cells"

finish
