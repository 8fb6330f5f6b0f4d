#!/bin/sh
# test_labelled_many.sh - a labelled TSV of thousands of classes (event
# names drawn from 4,000, most seen once or twice) reads as labels:
# `loglab info` says labelled with every class counted, lists the 20
# largest and how many more, and --json lists them all; the same first
# column before a number (a table of two columns) is no labels.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# Park-Miller in awk (rand() differs between awks): the same file everywhere.
awk 'BEGIN { s = 5; for (i = 0; i < 3000; i++) { s = (s * 16807) % 2147483647
	printf "E%d\tevent from unit %d status ok on node%d\n", s % 4000, i % 50, i % 7 } }' >"$T/many.tsv"
classes=$(cut -f1 "$T/many.tsv" | sort -u | wc -l | tr -d ' ')
top=$(cut -f1 "$T/many.tsv" | sort | uniq -c | sort -rn | head -1 | awk '{ print $1 }')

out=$("$LOGLAB" info "$T/many.tsv" 2>&1)
expect_match "$out" '^format: +labelled ' "thousands of classes read as labels"
expect_match "$out" "^labels: +$classes classes, 3000 labelled, 0 unlabelled\$" "every class counted ($classes)"
expect_match "$out" "^  E[0-9]+ +$top\$" "the largest class listed first"
expect_eq "$(printf '%s\n' "$out" | grep -c '^  E[0-9]')" 20 "20 classes listed"
expect_match "$out" "^  \\.\\.\\. $((classes - 20)) more classes \\(--json lists them\\)\$" "the rest counted"
n=$("$LOGLAB" info --json "$T/many.tsv" | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["labels"]))')
expect_eq "$n" "$classes" "--json lists every class"

# names before a single value: a table, not labels
awk -F'\t' '{ printf "%s\t%d\n", $1, NR }' "$T/many.tsv" >"$T/values.tsv"
out=$("$LOGLAB" info "$T/values.tsv" 2>&1)
checks=$((checks + 1))
case $out in *"format:   labelled"*) fail "names before a number read as labels: $out" ;; esac

finish
