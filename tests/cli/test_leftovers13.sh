#!/bin/sh
# tests/cli/test_leftovers13.sh - the browser's quick start (:train) on a
# table whose label column holds names none of which is ordinary (normal,
# ordinary, 0, -) on every row: a binary target would make every row a
# root cause ("the training part has one class only"); the quick workspace
# trains over the names as classes instead, and says so. A file with an
# ordinary class keeps the binary target.
. "$LL_SRCDIR/tests/lib.sh"

scratch leftovers13

mkdir "$tmp/req"
awk 'BEGIN { print "time,elapsed,bytes,label";
	for (i = 0; i < 300; i++) { k = i % 3;
		printf "2026-12-07T10:%02d:%02d,%d,%d,%s\n", int(i / 60), i % 60, k == 0 ? 600 + i % 50 : k == 1 ? 1500 + i % 70 : 3000 + i % 90,
			k == 0 ? 4757 + i % 7 : k == 1 ? 212 + i % 5 : 9000 + i % 11, k == 0 ? "home" : k == 1 ? "search" : "checkout" } }' >"$tmp/req/requests.csv"
(cd "$tmp/req" && timeout 60 "$LOGLAB" --keys ':train<Enter>y' --dump-screen 24x120 requests.csv >"$tmp/req.txt" 2>&1 </dev/null) ||
	fail ":train on a table of request names: $(cat "$tmp/req.txt")"
json=$(tr -d ' \n\t' <"$tmp/req/loglab.json")
expect_match "$json" '"target":"classes"' ":train over names none ordinary: the target is the classes"
expect_no_match "$json" '"unlabelled"' ":train over the classes: no unlabelled class"
expect_match "$json" "classesastheyare" ":train over the classes: the workspace's comment says so"
expect_no_match "$(cat "$tmp/req.txt")" 'one class only' ":train over names none ordinary: no one-class failure"
expect_match "$(cat "$tmp/req.txt")" "over the file's classes" ":train over the classes: its message says so"
expect_match "$(ls "$tmp/req/runs")" '-logreg$' ":train over the classes: trained"
out=$(cd "$tmp/req" && timeout 60 "$LOGLAB" train logreg --quiet 2>&1)
expect_eq "$?" 0 "loglab train on the quick workspace: exit ($out)"
expect_no_match "$out" 'one class only' "loglab train on the quick workspace: no one-class failure"

# the same file with an ordinary class among the names: binary, as before
mkdir "$tmp/ord"
sed 's/,home$/,normal/' "$tmp/req/requests.csv" >"$tmp/ord/requests.csv"
(cd "$tmp/ord" && timeout 60 "$LOGLAB" --keys ':train<Enter>y' --dump-screen 24x120 requests.csv >"$tmp/ord.txt" 2>&1 </dev/null) ||
	fail ":train on a table with an ordinary class: $(cat "$tmp/ord.txt")"
json=$(tr -d ' \n\t' <"$tmp/ord/loglab.json")
expect_match "$json" '"target":"binary","unlabelled":"ordinary"' ":train with an ordinary class: binary as before"
expect_no_match "$(cat "$tmp/ord.txt")" "over the file's classes" ":train with an ordinary class: no classes message"

finish
