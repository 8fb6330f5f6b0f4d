#!/bin/sh
# bench/bench_json_peers.sh LOGLAB [DIR] - the JSON reader on every shape it
# is handed, against pandas on the same files, measured in this run on this
# machine (run by hand, not by run_all.sh; about 10 minutes on 2 cores).
#
#   loglab: `loglab info FILE` (the whole file read into its table: both
#       passes, types, times, notes).
#   pandas: the least a Python user writes to get the same records as a
#       data frame: pandas.read_json(lines=True) for flat JSON Lines,
#       pandas.read_json for an array of records, json.loads of each line
#       and pandas.json_normalize for nested records (the OTLP export's
#       logRecords through record_path), and for InfluxDB chunked answers a
#       frame per series of each line (its name and tags beside its
#       columns) and one pandas.concat.
#
# The inputs are bench_json.sh gen's, made into DIR (default a scratch
# folder, deleted after) unless DIR already holds them. Each figure is the
# best of $REPS runs (default 3) by user CPU seconds, taking turns, at nice
# 19; peak memory is the process's maximum resident size; MB/s is the
# file's bytes over user seconds (a core's speed). The ratio is pandas'
# user seconds over loglab's; the targets: loglab at least as fast as
# pandas on every shape, and chunked answers at 50 MB/s a core or more.
# OLD=another loglab adds its user seconds (the same best of $REPS) and
# the speed-up against it, for a change's before and after in one run.
set -u
L=${1:?usage: bench_json_peers.sh LOGLAB [DIR]}
here=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
REPS=${REPS:-3}
OLD=${OLD:-}
[ -x "$L" ] || { echo "bench_json_peers.sh: $L is not a program" >&2; exit 1; }
[ -z "$OLD" ] || [ -x "$OLD" ] || { echo "bench_json_peers.sh: OLD=$OLD is not a program" >&2; exit 1; }
"$PY" -c 'import pandas' 2>/dev/null || { echo "bench_json_peers.sh: $PY has no pandas" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
D=${2:-$TMP/data}
[ -s "$D/chunked100m.jsonl" ] && [ -s "$D/otlp100m.jsonl" ] && [ -s "$D/nested400k.jsonl" ] && [ -s "$D/array600k.json" ] ||
	sh "$here/bench_json.sh" gen "$D" >/dev/null
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1

cat >"$TMP/peer.py" <<'PY'
import json
import sys

import pandas as pd

how, path = sys.argv[1], sys.argv[2]
if how == "lines":
    df = pd.read_json(path, lines=True)
elif how == "array":
    df = pd.read_json(path)
elif how == "normalize":
    with open(path, encoding="utf-8") as f:
        df = pd.json_normalize([json.loads(l) for l in f if l.strip()])
elif how == "otlp":
    with open(path, encoding="utf-8") as f:
        docs = [json.loads(l) for l in f if l.strip()]
    df = pd.json_normalize([rl for d in docs for rl in d["resourceLogs"]], record_path=["scopeLogs", "logRecords"],
                           meta=["resource"])
else:  # chunked InfluxDB answers
    frames = []
    with open(path, encoding="utf-8") as f:
        for l in f:
            for r in json.loads(l)["results"]:
                for s in r.get("series", []):
                    fr = pd.DataFrame(s["values"], columns=s["columns"])
                    fr["name"] = s["name"]
                    for k, v in s.get("tags", {}).items():
                        fr["tags." + k] = v
                    frames.append(fr)
    df = pd.concat(frames, ignore_index=True)
print(df.shape)
PY

# best CMD...: "user wall peakKiB" of the run of CMD with the least user time
# of $REPS, into $TMP/best
best() {
	rm -f "$TMP/best"
	i=0
	while [ "$i" -lt "$REPS" ]; do
		/usr/bin/time -f '%U %e %M' -o "$TMP/t" nice -n 19 "$@" >/dev/null 2>"$TMP/err" || {
			echo "bench_json_peers.sh: failed: $*" >&2
			tail -3 "$TMP/err" >&2
		}
		if [ ! -s "$TMP/best" ] || [ "$(awk -v a="$(tail -1 "$TMP/t")" -v b="$(cat "$TMP/best")" \
			'BEGIN { split(a, x, " "); split(b, y, " "); print x[1] < y[1] }')" = 1 ]; then
			tail -1 "$TMP/t" >"$TMP/best"
		fi
		i=$((i + 1))
	done
}

echo "loglab info against pandas, best of $REPS by user seconds, load $(cut -d' ' -f1-3 /proc/loadavg):"
echo
echo "| shape | file MB | loglab user s | wall s | peak MiB | MB/s a core | pandas user s | wall s | peak MiB | pandas/loglab |${OLD:+ old loglab user s | old/new |}"
echo "|---|---|---|---|---|---|---|---|---|---|${OLD:+---|---|}"
slower=""
chunked_rate=0
for row in "plain JSON Lines:plain600k.jsonl:lines" "nested JSON Lines:nested400k.jsonl:normalize" \
	"a JSON array of records:array600k.json:array" "InfluxDB chunked answers:chunked100m.jsonl:chunked" \
	"OTLP log export:otlp100m.jsonl:otlp" "varied records:varied100k.jsonl:normalize"; do
	shape=${row%%:*}
	rest=${row#*:}
	file=$D/${rest%%:*}
	how=${rest#*:}
	best "$L" info "$file"
	mine=$(cat "$TMP/best")
	best "$PY" "$TMP/peer.py" "$how" "$file"
	peer=$(cat "$TMP/best")
	line=$(awk -v s="$shape" -v b="$(wc -c <"$file")" -v m="$mine" -v p="$peer" 'BEGIN {
		split(m, x, " "); split(p, y, " ")
		if (x[1] < 0.01) x[1] = 0.01 # a tiny file: the grain of the clock
		printf "| %s | %.0f | %.2f | %.2f | %.0f | %.1f | %.2f | %.2f | %.0f | %.2fx |", s, b / 1e6, x[1], x[2],
			x[3] / 1024, b / 1e6 / x[1], y[1], y[2], y[3] / 1024, y[1] / x[1] }')
	if [ -n "$OLD" ]; then
		best "$OLD" info "$file"
		line="$line$(awk -v o="$(cat "$TMP/best")" -v m="$mine" 'BEGIN { split(o, x, " "); split(m, y, " ")
			printf " %.2f | %.2fx |", x[1], x[1] / (y[1] < 0.01 ? 0.01 : y[1]) }')"
	fi
	echo "$line"
	ratio=$(echo "$line" | awk -F'|' '{ gsub(/[ x]/, "", $11); print $11 }')
	[ "$(awk -v r="$ratio" 'BEGIN { print (r >= 1) }')" = 1 ] || slower="$slower, $shape"
	[ "$how" = chunked ] && chunked_rate=$(echo "$line" | awk -F'|' '{ gsub(/ /, "", $7); print $7 }')
done
echo
if [ -z "$slower" ]; then
	echo "target loglab at least as fast as pandas on every shape (user s): met"
else
	echo "target loglab at least as fast as pandas on every shape (user s): NOT met (slower on ${slower#, })"
fi
if [ "$(awk -v r="$chunked_rate" 'BEGIN { print (r >= 50) }')" = 1 ]; then
	echo "target chunked answers at 50 MB/s a core or more: met ($chunked_rate MB/s)"
else
	echo "target chunked answers at 50 MB/s a core or more: NOT met ($chunked_rate MB/s)"
fi
