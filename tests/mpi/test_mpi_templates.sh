#!/bin/sh
# test_mpi_templates.sh - `loglab build --templates` over many files and
# byte ranges of one file: chunks at line boundaries, every line counted
# once, gzip'd rotations read whole; and, when loglab is built with MPI,
# the same bytes (templates.tsv, manifest.json, every chunk's ids) on 2, 3
# and 4 ranks as in one process. Inputs come from the sample generator.
. "$LL_SRCDIR/tests/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
S="$LL_BUILDDIR/sample"
mkdir -p "$tmp/in/n1" "$tmp/in/n2"
cp "$S/kern.log" "$tmp/in/n1/kern.log"
head -1000 "$S/kern.log" >"$tmp/in/n2/kern.log"
tail -800 "$S/kern.log" | gzip >"$tmp/in/n2/kern.log.1.gz"
total=$(($(wc -l <"$S/kern.log") + 1800))
cd "$tmp" || exit 1

"$LOGLAB" build --templates in --chunk-bytes 30000 --out one --json >one.json 2>err
expect_eq "$?" 0 "templates of a folder: $(cat err)"
rows=$(python3 -c 'import json; print(json.load(open("one.json"))["rows"])')
expect_eq "$rows" "$total" "every line is a row"
chunks=$(python3 -c 'import json; print(len(json.load(open("one.json"))["chunks"]))')
expect_eq "$([ "$chunks" -gt 10 ] && echo many)" many "a 380 kB file cut into 30 kB chunks ($chunks chunks)"
# chunks of a file tile it and start on line starts; their arrays hold a row a line
python3 - <<'PY' >check.txt
import json, os, struct
m = json.load(open("one.json"))
files = [f["path"] for f in m["inputs"]]
bad, nxt, total = [], {}, 0
for c in m["chunks"]:
    path = files[c["file"]]
    if c["length"] == "whole":
        continue
    if nxt.get(path, 0) != c["offset"]:
        bad.append("gap before %s@%d" % (path, c["offset"]))
    nxt[path] = c["offset"] + c["length"]
    with open(path, "rb") as f:
        if c["offset"]:
            f.seek(c["offset"] - 1)
            if f.read(1) != b"\n":
                bad.append("chunk at %d does not start a line" % c["offset"])
        f.seek(c["offset"])
        if f.read(c["length"]).count(b"\n") != c["lines"]:
            bad.append("line count of chunk at %d" % c["offset"])
    raw = open("one/" + c["ids"], "rb").read()
    hlen = struct.unpack("<H", raw[8:10])[0]
    if (len(raw) - 10 - hlen) // 4 != c["lines"]:
        bad.append("array of chunk at %d" % c["offset"])
for path, end in nxt.items():
    if end != os.path.getsize(path):
        bad.append("%s ends at %d" % (path, end))
print("ok" if not bad else "; ".join(bad))
PY
expect_eq "$(cat check.txt)" ok "chunks tile the files at line boundaries"
expect_match "$(cat one/templates.tsv)" "Out of memory: Killed process <\\*>" "the OOM template is found"
# the same data in one chunk per file: as many rows
"$LOGLAB" build --templates in --out whole >/dev/null 2>err
expect_eq "$?" 0 "default chunking: $(cat err)"
expect_eq "$(python3 -c 'import json; print(json.load(open("whole/manifest.json"))["rows"])')" "$total" "rows with one chunk a file"
# errors
"$LOGLAB" build --templates nosuch --out x >/dev/null 2>err
expect_eq "$?" 3 "a missing input: exit 3"
expect_match "$(cat err)" "nosuch" "the missing input is named"
expect_exit 1 "--chunk-bytes 0 is a usage error" -- "$LOGLAB" build --templates in --chunk-bytes 0

if "$LOGLAB" --version | grep -q "with MPI"; then
	. "$LL_SRCDIR/tests/mpi/mpi_lib.sh"
	for np in $(mpi_ranks); do
		mpi_run "$np" "$LOGLAB" build --templates in --chunk-bytes 30000 --out "np$np" >out 2>err
		expect_eq "$?" 0 "templates on $np ranks: $(cat err)"
		expect_match "$(cat out)" "$np ranks" "ran on $np ranks"
		expect_eq "$(diff -r one "np$np" >/dev/null && echo same)" same "the same bytes on $np ranks as in one process"
	done
else
	echo "loglab built without MPI: the rank-count checks are skipped" >&2
fi
finish
