#!/bin/sh
# bench_json.sh - the JSON reader's speed and sameness, one binary against
# another (run by hand; bench/README.md's JSON figures; not part of make
# check). Copy the old binary aside first (cp build/loglab /tmp/loglab-old).
#
#   bench_json.sh time OLD NEW FILE...
#       `loglab info FILE` with each binary, three times (one at a time,
#       at nice 19): the best wall seconds and the peak RSS (MB) of each.
#   bench_json.sh same OLD NEW FILE...
#       `loglab info --all-columns` of each FILE with both binaries (the
#       `file:` line left out), and for JSON and JSON Lines files also the
#       rows as `loglab label --export` writes them (of a copy in a
#       scratch folder, so nothing is written beside the data): prints
#       DIFF and the first lines that differ for each file whose output
#       differs, and a count at the end. Exit status 1 when any differs.
#   bench_json.sh gen DIR
#       the generated inputs of bench/README.md's figures into DIR: plain
#       JSON Lines of 600,000 records (95 MB), varied records (every
#       corner of the reader), and InfluxDB chunked answers (100 MB).
set -u
here=$(cd "$(dirname "$0")" && pwd)

best_of_3() { # BIN FILE: "seconds peak_MB" of the fastest of three runs
	best=""
	for _ in 1 2 3; do
		out=$( { /usr/bin/time -f '%e %M' nice -n 19 "$1" info "$2" >/dev/null 2>/dev/null; } 2>&1 | tail -1)
		s=${out% *}
		kb=${out#* }
		if [ -z "$best" ] || [ "$(echo "$s < ${best% *}" | bc)" = 1 ]; then
			best="$s $((kb / 1024))"
		fi
	done
	echo "$best"
}

case "${1:-}" in
time)
	old=$2 new=$3
	shift 3
	printf '%-40s %18s %18s\n' file "old: s, MB" "new: s, MB"
	for f in "$@"; do
		printf '%-40s %18s %18s\n' "$(basename "$f")" "$(best_of_3 "$old" "$f")" "$(best_of_3 "$new" "$f")"
	done
	;;
same)
	old=$2 new=$3
	shift 3
	scratch=$(mktemp -d)
	trap 'rm -rf "$scratch"' EXIT
	differ=0 files=0
	for f in "$@"; do
		files=$((files + 1))
		for b in old new; do
			eval bin=\$$b
			timeout 120 nice -n 19 "$bin" info --all-columns "$f" 2>&1 | grep -v '^file:' >"$scratch/$b.info"
			echo "exit $?" >>"$scratch/$b.info"
		done
		case "$f" in
		*.json | *.jsonl | *.ndjson | *.json.gz | *.jsonl.gz)
			for b in old new; do
				eval bin=\$$b
				mkdir -p "$scratch/$b.d"
				cp "$f" "$scratch/$b.d/data"
				timeout 120 nice -n 19 "$bin" label "$scratch/$b.d/data" --export "$scratch/$b.d/rows.tsv" \
					>/dev/null 2>&1
				cat "$scratch/$b.d/rows.tsv" >>"$scratch/$b.info" 2>/dev/null
				rm -rf "$scratch/$b.d"
			done
			;;
		esac
		if ! cmp -s "$scratch/old.info" "$scratch/new.info"; then
			differ=$((differ + 1))
			echo "DIFF $f"
			diff "$scratch/old.info" "$scratch/new.info" | head -8
		fi
	done
	echo "$differ of $files files differ"
	[ "$differ" = 0 ]
	;;
gen)
	mkdir -p "$2"
	python3 "$here/gen_json_records.py" plain 600000 "$2/plain600k.jsonl"
	python3 "$here/gen_json_records.py" varied 100000 "$2/varied100k.jsonl"
	python3 "$here/gen_query_answers.py" chunked 20 100 "$2/chunked100m.jsonl"
	;;
*)
	sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'
	exit 1
	;;
esac
