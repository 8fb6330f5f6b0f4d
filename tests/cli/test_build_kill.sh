#!/bin/sh
# A build killed (SIGKILL) at random points leaves its folder holding one
# whole build - the one before or the new one - never arrays of two. Two
# feature sets (TF-IDF of 512 and of 128 columns) are built by turns into
# one --out folder, each build killed after a random delay; after every
# kill the folder's files are byte for byte one feature set's build. On
# main each of the eight files was renamed into place in turn, and a kill
# between two renames left a manifest of one build beside arrays of the
# other. When strace is there, each rename is slowed (30 ms, injected) so
# that kills land among them; without it the kills are at random points
# only. Each build runs under timeout: a hang fails.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

scratch build_kill
L() { timeout 120 "$LOGLAB" "$@"; }
W=$tmp/ws
mkdir "$W"
kern_labelled "$W/kern.tsv"
printf '%s\n' '{ "version": 1,' \
	'  "datasets": {"kern": {"path": "kern.tsv"}},' \
	'  "featuresets": {"a": {"dataset": "kern", "target": "binary", "text": {"kind": "tfidf", "features": 512},' \
	'                        "split": {"kind": "chronological", "train": 0.7, "test": 0.3}},' \
	'                  "b": {"dataset": "kern", "target": "binary", "text": {"kind": "tfidf", "features": 128},' \
	'                        "split": {"kind": "chronological", "train": 0.6, "test": 0.4}}} }' >"$W/loglab.json"
O=$W/out
sums() { (cd "$1" && md5sum * 2>/dev/null | sort); }
for fs in a b; do
	L build "$fs" -w "$W" --out "$tmp/ref_$fs" >/dev/null 2>"$tmp/err"; expect_eq $? 0 "build $fs: $(cat "$tmp/err")"
	sums "$tmp/ref_$fs" >"$tmp/$fs.md5"
done
checks=$((checks + 1)); cmp -s "$tmp/a.md5" "$tmp/b.md5" && fail "the two feature sets build the same bytes"
L build a -w "$W" --out "$O" >/dev/null 2>"$tmp/err"; expect_eq $? 0 "first build: $(cat "$tmp/err")"

slow=
if command -v strace >/dev/null 2>&1 && strace -o /dev/null -e inject=rename:delay_exit=1 true 2>/dev/null; then
	slow="strace -f -o /dev/null -e trace=rename,renameat,renameat2 -e inject=rename,renameat,renameat2:delay_exit=30000"
else
	echo "note: no strace with fault injection: kills at random points only" >&2
fi
mixed=0
i=0
for d in 0.01 0.25 0.05 0.12 0.2 0.08 0.3 0.02 0.15 0.22 0.06 0.18 0.27 0.1 0.04 0.14 0.24 0.09 0.19 0.28 \
	0.03 0.13 0.21 0.07 0.17 0.26 0.11 0.16 0.23 0.29; do
	i=$((i + 1))
	fs=a; [ $((i % 2)) -eq 0 ] && fs=b
	rm -f "$tmp/pid"
	# sh writes its pid and becomes loglab: the process killed is the build
	timeout 60 $slow sh -c 'echo $$ >"$0"; exec "$@"' "$tmp/pid" "$LOGLAB" build "$fs" -w "$W" --out "$O" \
		>/dev/null 2>&1 &
	runner=$!
	sleep "$d"
	[ -s "$tmp/pid" ] && kill -9 "$(cat "$tmp/pid")" 2>/dev/null
	wait $runner 2>/dev/null
	sums "$O" >"$tmp/now.md5"
	if ! cmp -s "$tmp/now.md5" "$tmp/a.md5" && ! cmp -s "$tmp/now.md5" "$tmp/b.md5"; then
		mixed=$((mixed + 1))
		echo "after a kill at $d s of a build of $fs:" >&2
		ls "$O" >&2
		L build a -w "$W" --out "$O" >/dev/null 2>&1 # whole again for the next rounds
	fi
done
expect_eq $mixed 0 "kills leave one whole build in the folder"
# the next build clears what the killed ones left beside the folder
L build b -w "$W" --out "$O" >/dev/null 2>"$tmp/err"; expect_eq $? 0 "build after the kills: $(cat "$tmp/err")"
sums "$O" | cmp -s - "$tmp/b.md5" || fail "the build after the kills is not b's"
checks=$((checks + 1)); ls "$W" | grep -q '\.part\|\.old' && fail "stages left: $(ls "$W")"
checks=$((checks + 1)); ls "$O" | grep -q '\.part' && fail "parts left: $(ls "$O")"
# a --out folder holding other files is the user's: the build's files go
# in beside them, the others kept
U=$tmp/mine
mkdir "$U" && echo keep >"$U/notes.txt"
L build a -w "$W" --out "$U" >/dev/null 2>"$tmp/err"; expect_eq $? 0 "build into a user's folder: $(cat "$tmp/err")"
checks=$((checks + 1)); [ "$(cat "$U/notes.txt" 2>/dev/null)" = keep ] || fail "the user's file is gone"
checks=$((checks + 1)); [ -f "$U/manifest.json" ] || fail "no manifest in the user's folder"
finish
