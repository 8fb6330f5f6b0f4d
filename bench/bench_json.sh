#!/bin/sh
# bench_json.sh - the JSON reader's speed and sameness, one binary against
# another (run by hand, not part of make check; the figures are in the
# report of the change that added it).
# Copy the old binary aside first (cp build/loglab /tmp/loglab-old).
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
#       the generated inputs into DIR: plain JSON Lines of 600,000
#       records of six keys (95 MB), nested JSON Lines of 400,000 records
#       of objects and a list (116 MB), the plain records as one JSON
#       array (95 MB), varied records (every corner of the JSON reader:
#       escapes, typed values, named lists, JSON inside strings, labels,
#       blank lines), and InfluxDB chunked answers and an OTLP log export
#       (gen_query_answers.py, 100 MB each). bench_json_peers.sh times
#       them all against pandas.
set -u
here=$(cd "$(dirname "$0")" && pwd)

best_of_3() { # BIN FILE: "seconds peak_MB" of the fastest of three runs
	best=""
	took=$(mktemp)
	for _ in 1 2 3; do
		/usr/bin/time -o "$took" -f '%e %M' nice -n 19 "$1" info "$2" >/dev/null 2>&1
		out=$(tail -1 "$took")
		s=${out% *}
		kb=${out#* }
		if [ -z "$best" ] || [ "$(echo "$s < ${best% *}" | bc)" = 1 ]; then
			best="$s $((kb / 1024))"
		fi
	done
	rm -f "$took"
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
	records() { # KIND RECORDS OUT
		python3 - "$@" <<'PY'
"""JSON Lines for bench_json.sh gen:

  plain   records of six keys, as an application's structured log writes
          them: ts (ISO 8601, milliseconds), host, level, cpu, mem, msg;
  nested  records of objects two levels deep and a list of three words
          (host, req, metrics.mem, tags), as a tracing or access log
          writes them;
  array   the plain records as one JSON array, on one line;
  varied  records that reach every corner of the JSON reader: escapes of
          every kind and \\u escapes (surrogate pairs, \\u0000), numbers of
          every form, nesting, nulls and booleans, a label now and then,
          typed values ({"stringValue": ..}), lists of named values, JSON
          written inside a string, blank lines and CRLF ends.

arguments: plain|nested|array|varied RECORDS OUT
The shapes and values are this script's own, from a fixed seed.
"""
import json
import random
import sys

WORDS = ["request", "handled", "cache", "miss", "user", "login", "timeout", "retry", "queue", "flush", "disk",
         "sync"]


def stamp(i):
    s = 1714550400 + i // 10
    return "2024-05-%02dT%02d:%02d:%02d.%03dZ" % (1 + s // 86400 % 28, s // 3600 % 24, s // 60 % 60, s % 60,
                                                  i % 1000)


def plain(rng, i):
    msg = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12))) + " id=%d" % rng.randint(1, 99999)
    return '{"ts":"%s","host":"node%03d","level":"%s","cpu":%.2f,"mem":%d,"msg":"%s"}\n' % (
        stamp(i), rng.randint(1, 200), rng.choice(["INFO"] * 8 + ["WARN", "ERROR"]), rng.random() * 100,
        rng.randint(100000, 9999999), msg)


ODD_TEXT = ["tab\there", "quote \" and \\ back", "line\nbreak\r\n", "caf\u00e9 \u20ac \U0001F600", "nul\u0000in",
            "/slash/", "\b\f", "", "n/a", "-", "0.25", "17", "250ms", "1h2m3s", "6.6MiB", "12/04/2024 10:00",
            "/Date(1710408413225)/", "  {not json", "true"]
ODD_NUM = [0, -0.0, 1e-7, 123456789012345678, 2.5e300, -17, 0.1, 3.14159265358979]


def varied(rng, i):
    r = {"ts": stamp(i), "seq": i}
    for k in range(rng.randint(1, 6)):
        kind = rng.randrange(9)
        key = rng.choice(["a", "b", "c", "d.e", "k\u00e9y", "with space", "q\"uote"]) + str(k)
        if kind == 0:
            r[key] = rng.choice(ODD_TEXT)
        elif kind == 1:
            r[key] = rng.choice(ODD_NUM)
        elif kind == 2:
            r[key] = rng.choice([True, False, None])
        elif kind == 3:
            r[key] = {"x": rng.randint(0, 9), "y": [1, "two", None, {"z": rng.random()}], "e": {}, "l": []}
        elif kind == 4:
            r[key] = {"stringValue": rng.choice(WORDS)}
        elif kind == 5:
            r[key] = [{"key": "host", "value": "h%d" % rng.randint(0, 3)}, {"key": "pod", "value": "p"}]
        elif kind == 6:
            r[key] = json.dumps({"level": rng.choice(["info", "warn"]), "n": rng.randint(0, 9)}) + "\n"
        elif kind == 7:
            r[key] = [rng.randint(0, 5) for _ in range(rng.randint(0, 4))]
        else:
            r[key] = [[1, [2, [3, [4]]]], {"deep": {"deeper": {"deepest": rng.choice(WORDS)}}}]
    if rng.random() < 0.1:
        r["label"] = rng.choice([0, 1])
    text = json.dumps(r, ensure_ascii=rng.random() < 0.5, separators=rng.choice([(",", ":"), (", ", ": ")]))
    end = "\r\n" if rng.random() < 0.05 else "\n"
    return text + end + ("\n" if rng.random() < 0.02 else "")


def nested(rng, i):
    r = {"ts": stamp(i), "host": {"name": "node%03d" % rng.randint(1, 200), "zone": rng.choice(["a", "b", "c"])},
         "req": {"method": rng.choice(["GET", "GET", "POST", "PUT"]), "path": "/api/v1/" + rng.choice(WORDS),
                 "status": rng.choice([200, 200, 200, 404, 500]), "ms": round(rng.random() * 900, 3)},
         "tags": [rng.choice(WORDS) for _ in range(3)],
         "metrics": {"cpu": round(rng.random() * 100, 2), "mem": {"rss": rng.randint(10**6, 10**9),
                                                                "vms": rng.randint(10**6, 10**10)}},
         "msg": " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 9)))}
    return json.dumps(r, separators=(",", ":")) + "\n"


def main():
    kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = random.Random(11)
    make = {"plain": plain, "varied": varied, "nested": nested, "array": plain}[kind]
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("[" if kind == "array" else "")
        for i in range(n):
            f.write(("," if i else "") + make(rng, i).rstrip("\n") if kind == "array" else make(rng, i))
        f.write("]\n" if kind == "array" else "")


if __name__ == "__main__":
    main()
PY
	}
	records plain 600000 "$2/plain600k.jsonl"
	records nested 400000 "$2/nested400k.jsonl"
	records array 600000 "$2/array600k.json"
	records varied 100000 "$2/varied100k.jsonl"
	python3 "$here/gen_query_answers.py" chunked 20 100 "$2/chunked100m.jsonl"
	python3 "$here/gen_query_answers.py" otlp 20 100 "$2/otlp100m.jsonl"
	;;
*)
	sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'
	exit 1
	;;
esac
