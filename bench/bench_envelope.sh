#!/bin/sh
# bench_envelope.sh OLD_LOGLAB NEW_LOGLAB [SIZE_MB] - peak memory and time of
# `loglab info` on JSON envelopes of SIZE_MB (default 100) of the shapes
# of gen_envelope.py (and a top-level array and map), each binary in turn, files
# in a scratch folder removed at the end (SHAPES="compact split" picks some; compact and
# split are tables of names and rows). Figures: bench/UNSEEN_TABLES.md.
set -eu
old=$1 new=$2 size=${3:-100}
dir=$(mktemp -d /tmp/ll_bench_env_XXXXXX)
trap 'rm -rf "$dir"' EXIT
here=$(dirname "$0")
for shape in ${SHAPES:-es records result items array map compact split}; do
	python3 "$here/gen_envelope.py" "$shape" "$size" "$dir/$shape.json"
	for bin in "$old" "$new"; do
		/usr/bin/time -v nice -n 19 "$bin" info "$dir/$shape.json" >"$dir/out" 2>"$dir/time"
		rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time")
		wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time")
		user=$(sed -n 's/.*User time (seconds): //p' "$dir/time")
		rows=$(sed -n 's/^rows: *//p' "$dir/out")
		echo "$shape $(du -m "$dir/$shape.json" | cut -f1) MB  $bin  rows $rows  peak $((rss / 1024)) MB  wall $wall  user $user s"
	done
done
