#!/bin/sh
# tests/cli/test_impute.sh - missing values of a table whose rows have no
# time order: filled with the training part's mean by default (nan "mean",
# as scikit-learn's SimpleImputer), not carried on from the row above, which
# in a file sorted by class is a sample of the same class (a leak the test
# builds: a column set once per block of rows); the means kept in the run
# (imputer.txt) and applied by eval and predict to other data; "ffill" when
# named, and for rows with a time order; the features view saying which.
. "$LL_SRCDIR/tests/lib.sh"

scratch impute
cd "$tmp" || exit 99

# 200 rows sorted by class; x says nothing of the class; hint is set on the
# first row of each block of 20 (0 in class a, 10 in b) and missing elsewhere
awk 'BEGIN { print "x,hint,label"
	for (i = 0; i < 200; i++) {
		c = i < 100 ? "a" : "b"
		h = i % 20 == 0 ? (c == "a" ? 0 : 10) : ""
		printf "%d.%d,%s,%s\n", (i * 37) % 101, i % 10, h, c } }' >t.csv
# the same rows, stamped a minute apart: a series; newest first: one too
awk -F, 'NR == 1 { print "time," $0; next } { printf "2026-01-01T%02d:%02d:00Z,%s\n", (NR - 2) / 60, (NR - 2) % 60, $0 }' t.csv >series.csv
awk -F, 'NR == 1 { print "time," $0; next } { printf "2026-01-01T%02d:%02d:00Z,%s\n", (201 - NR) / 60, (201 - NR) % 60, $0 }' t.csv >newest.csv
# records with a date among their fields, in no order: no series
awk -F, 'NR == 1 { print "laid," $0; next } { printf "2026-01-%02d,%s\n", 1 + (NR * 7) % 28, $0 }' t.csv >dated.csv
printf 'x,hint,label\n20.5,,a\n20.5,5,a\n70.1,,b\n70.1,5,b\n' >other.csv
cat >loglab.json <<'JSON'
{"version": 1,
 "datasets": {"t": {"path": "t.csv", "label_column": "label"},
              "series": {"path": "series.csv", "label_column": "label"},
              "newest": {"path": "newest.csv", "label_column": "label"},
              "dated": {"path": "dated.csv", "label_column": "label"},
              "other": {"path": "other.csv", "label_column": "label"}},
 "featuresets": {"f": {"dataset": "t"},
                 "ff": {"dataset": "t", "nan": "ffill"},
                 "s": {"dataset": "series"},
                 "sm": {"dataset": "series", "nan": "mean"},
                 "n": {"dataset": "newest"}, "d": {"dataset": "dated"}},
 "experiments": {"lr": {"featureset": "f", "model": "logreg"},
                 "lrf": {"featureset": "ff", "model": "logreg"},
                 "ls": {"featureset": "s", "model": "logreg"},
                 "lsm": {"featureset": "sm", "model": "logreg"},
                 "ln": {"featureset": "n", "model": "logreg"},
                 "ld": {"featureset": "d", "model": "logreg"}}}
JSON

test_acc() { printf '%s\n' "$1" | sed -n 's/.*test  samples [0-9]* *accuracy \([0-9.]*\).*/\1/p'; }
run_of() { printf '%s\n' "$1" | sed -n 's/^run \([^ ]*\) .*/\1/p' | head -1; }

# --- the default: the training mean, said --------------------------------------
out=$("$LOGLAB" train lr 2>&1)
expect_eq "$?" 0 "train lr: $out"
expect_match "$out" 'warning: nan: not set: 190 missing values filled with the mean of their column over the training part \("mean", the default for rows without a time order' \
	"the default fill is said, with its count"
acc=$(test_acc "$out")
# hint is missing on 95% of the rows: filled with one mean, it says nothing
expect_match "$acc" '^0\.[0-7]' "no leak from the row above: test accuracy $acc"
lr=$(run_of "$out")
imp=runs/$lr/imputer.txt
expect_eq "$(sed -n 1,2p "$imp" | tr '\n' ' ')" "loglab-imputer 1 features 2 " "the run keeps its means"
expect_match "$(sed -n 4p "$imp")" '^1 ([0-9]|10)(\.[0-9]+)?$' "hint's training mean lies between its values"
expect_match "$(tr -d ' \t\n' <"runs/$lr/run.json")" '"nan":"mean"' "run.json records the policy used"

# eval and predict fill other data with the run's means: a row without hint
# scores as the same row with hint at the mean
mean_hint=$(sed -n 's/^1 //p' "$imp")
awk -v m="$mean_hint" 'NR == 1 || $0 !~ /,,/ { print; next } { sub(/,,/, "," m ","); print }' other.csv >other_filled.csv
out=$("$LOGLAB" eval "$lr" other 2>&1)
expect_eq "$?" 0 "eval on other data with gaps: $out"
expect_match "$out" 'labelled samples 4$' "eval scores every row"
p1=$("$LOGLAB" predict "$lr" other.csv 2>&1 | cut -f 3)
p2=$("$LOGLAB" predict "$lr" other_filled.csv 2>&1 | cut -f 3)
expect_match "$p1" '^score' "predict scores the rows: $p1"
expect_eq "$p1" "$p2" "a gap scores as the training mean"

# a damaged or missing imputer.txt: eval says which and stops
cp "$imp" "$tmp/imputer.keep"
printf 'loglab-imputer 1\nfeatures 2\n0 1\n' >"$imp"
out=$("$LOGLAB" eval "$lr" other 2>&1)
expect_eq "$?" 2 "eval with a cut imputer.txt"
expect_match "$out" "runs/[^/]+/imputer\.txt: imputer line 4: missing feature 1" "the cut file is named: $out"
rm -f "$imp"
out=$("$LOGLAB" eval "$lr" other 2>&1)
expect_eq "$?" 2 "eval without imputer.txt"
expect_match "$out" 'the run kept no means \(imputer.txt\)' "the missing file is named: $out"
cp "$tmp/imputer.keep" "$imp"

# --- "ffill" named: the row above's value, the leak it is ----------------------
out=$("$LOGLAB" train lrf 2>&1)
expect_eq "$?" 0 "train lrf"
expect_no_match "$out" 'nan: not set' "a named policy is not said"
expect_eq "$(test_acc "$out")" "1.0000" "ffill carries each block's hint to its rows"
expect_eq "$(ls "runs/$(run_of "$out")/imputer.txt" 2>/dev/null)" "" "no means kept for ffill"

# --- rows with a time order keep carrying values on -----------------------------
out=$("$LOGLAB" train ls 2>&1)
expect_eq "$?" 0 "train ls"
expect_no_match "$out" 'nan: not set' "a series takes ffill without a word"
expect_match "$(tr -d ' \t\n' <"runs/$(run_of "$out")/run.json")" '"nan":"ffill"' "a series' run records ffill"
out=$("$LOGLAB" train ln 2>&1)
expect_eq "$?" 0 "train ln"
expect_match "$(tr -d ' \t\n' <"runs/$(run_of "$out")/run.json")" '"nan":"ffill"' "newest first is a series too"
out=$("$LOGLAB" train ld 2>&1)
expect_eq "$?" 0 "train ld"
expect_match "$out" 'nan: not set: 190 missing values filled with the mean' "dates in no order make no series"
out=$("$LOGLAB" train lsm 2>&1)
expect_eq "$?" 0 "train lsm"
expect_match "$(sed -n 1p "runs/$(run_of "$out")/imputer.txt")" 'loglab-imputer 1' "mean named on a series"

# --- loglab build --json carries the means and the count ----------------------
out=$("$LOGLAB" build f --json 2>/dev/null | tr -d ' \t\n')
expect_match "$out" '"nan_filled":190' "build: the filled count"
expect_match "$out" '"imputer":"loglab-imputer1\\nfeatures2' "build: the means"

# --- a written workspace keeps a named ffill -----------------------------------
# (e edits the seed of ff in the features view and w writes loglab.json)
out=$("$LOGLAB" --keys 'jf' --dump-screen 24x120 . 2>&1)
expect_match "$out" 'nan +ffill ' "the features view of ff: ffill as named"
out=$("$LOGLAB" --keys 'f' --dump-screen 24x120 . 2>&1)
expect_match "$out" 'nan +mean \(default for rows without a time order\)' "the features view says the default"
out=$("$LOGLAB" --keys 'jfGe7<Enter>w' --dump-screen 24x120 . 2>&1)
expect_match "$out" 'feature set ff written to ' "ff written: $(printf '%s\n' "$out" | tail -2)"
expect_match "$(tr -d ' \t\n' <loglab.json)" '"ff":\{[^}]*"nan":"ffill"' "a named ffill stays in loglab.json"

finish
