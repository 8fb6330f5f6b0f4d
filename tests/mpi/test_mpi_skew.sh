#!/bin/sh
# tests/mpi/test_mpi_skew.sh - ranks that do not read the same inputs. Every
# rank reads the data itself, so a file that changes between the ranks'
# reads (a log still written, a label added) or ranks started in other
# working directories (mpirun -wdir, a node that mounts another copy) give
# ranks different data. Each case here ends at once with one message,
# said by rank 0, that names the file and the rank that differs, and exit 2:
#  - train, a value changed on one rank's copy (it used to train silently
#    on a mix of the two, exit 0);
#  - train, one rank's copy shorter (the ranks' batches differed and the
#    job waited for ever);
#  - train, one rank without the dataset ("rank 1 of 2 (host H):" names it);
#  - train --resume, one rank reading another checkpoint of the same epoch
#    (it resumed from a mix of two models, exit 0) or none;
#  - build --templates, a file that grew, a file missing, or a pattern
#    matching nothing on one rank (chunks were cut differently and merged
#    as one fleet, exit 0; or "a rank sent a malformed chunk summary");
#  - build --templates of the same files with --out a relative folder:
#    each rank wrote its chunks into its own folder, and rank 0's manifest
#    named arrays its folder lacked (exit 0); an --out both see works.
# Two app contexts (-wdir A : -wdir B) stand for the ranks' two views.
. "${LL_SRCDIR:-.}/tests/lib.sh"
MPI_TIMEOUT=60
. "${LL_SRCDIR:-.}/tests/mpi/mpi_lib.sh"

sample_workspace
A=$tmp/A
B=$tmp/B
mv "$ws" "$A"
cp -r "$A" "$B"
# a shorter training: what is tested ends before it
sed 's/"epochs": 20/"epochs": 2/' "$A/loglab.json" >"$tmp/l" && cp "$tmp/l" "$A/loglab.json" && cp "$tmp/l" "$B/loglab.json"

# two ranks, rank 0 in A and rank 1 in B, running the same command
two() {
	mpi_run 1 -wdir "$A" "$LOGLAB" "$@" : -np 1 -wdir "$B" "$LOGLAB" "$@"
}

sed '2s/^\([0-9.]*\),[0-9.]*,/\1,93.5,/' "$A/dstat_labelled.csv" >"$B/dstat_labelled.csv"
expect_eq "$(cmp -s "$A/dstat_labelled.csv" "$B/dstat_labelled.csv" || echo differ)" differ "B's copy differs"
two train dnn -q >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 2 "train, one value differs: a data error"
expect_match "$(cat "$tmp/e")" "^loglab: $A/dstat_labelled.csv: rank 1 of 2 read other bytes than rank 0" \
	"train, one value differs: the file and the rank named"
expect_eq "$(grep -c '^loglab:' "$tmp/e")" 1 "train, one value differs: said once"
expect_eq "$(ls "$A/runs" 2>/dev/null | wc -l)" 0 "train, one value differs: no run made"

head -n 4000 "$A/dstat_labelled.csv" >"$B/dstat_labelled.csv"
two train dnn -q >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 2 "train, rank 1's copy shorter: a data error, not a hang"
expect_match "$(cat "$tmp/e")" "rank 1 of 2 read other bytes than rank 0" "train, rank 1's copy shorter: the rank named"

rm "$B/dstat_labelled.csv"
two train dnn -q >"$tmp/o" 2>"$tmp/e"
rc=$?
expect_eq "$([ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && echo failed)" failed "train, no data on rank 1: an error (exit $rc)"
expect_match "$(cat "$tmp/e")" "^loglab: rank 1 of 2 \\(host [^)]+\\): .*dstat_labelled.csv" "train, no data on rank 1: the rank and file named"
cp "$A/dstat_labelled.csv" "$B/"

# the same data on both: trains
two train dnn -q >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 0 "train, the same data: $(head -c 300 "$tmp/e")"

# a resume where rank 1 reads another checkpoint than rank 0 (its node's
# copy of the run folder, or the file replaced between the two reads): the
# ranks would each step their block of a different model, exit 0 (same
# epoch) and a run of mixed weights
rm -rf "$A/runs" "$B/runs"
LOGLAB_FAULT=1:2 mpi_run 2 -wdir "$A" "$LOGLAB" train dnn -q >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 3 "a run stopped in epoch 2 by rank 1's failure"
id=$(ls "$A/runs" | head -1)
expect_eq "$([ -f "$A/runs/$id/checkpoint.llm" ] && echo yes)" yes "its checkpoint of epoch 1 is there"
mkdir -p "$B/runs"
cp -r "$A/runs/$id" "$B/runs/"
# B's copy: one weight changed, the checksum redone (a valid checkpoint of
# the same epoch and set-up, other bytes)
python3 - "$B/runs/$id/checkpoint.llm" <<'PY'
import struct, sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
o = 8 + 4
for _ in range(2):
    n = struct.unpack_from('<I', b, o)[0]
    o += 4 + n
ns = struct.unpack_from('<I', b, o)[0]
o += 4
for _ in range(ns):
    n = struct.unpack_from('<I', b, o)[0]
    name = bytes(b[o + 4:o + 4 + n])
    o += 4 + n
    t, c = struct.unpack_from('<IQ', b, o)
    o += 12
    if name == b'params':
        struct.pack_into('<f', b, o, struct.unpack_from('<f', b, o)[0] + 0.25)
        break
    o += c * {1: 8, 2: 4, 3: 8, 4: 1}[t]
h = 0xcbf29ce484222325
for x in b[:-8]:
    h = ((h ^ x) * 0x100000001b3) & 0xffffffffffffffff
struct.pack_into('<Q', b, len(b) - 8, h)
open(p, 'wb').write(b)
PY
expect_eq "$(cmp -s "$A/runs/$id/checkpoint.llm" "$B/runs/$id/checkpoint.llm" || echo differ)" differ "B's checkpoint differs"
two train --resume "$id" -q >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 2 "resume, rank 1 reads another checkpoint of the same epoch: a data error"
expect_match "$(cat "$tmp/e")" "^loglab: .*checkpoint.llm: rank 1 of 2 read the checkpoint of epoch 1 \\(checksum [0-9a-f]{16}\\) where rank 0 read the checkpoint of epoch 1 \\(checksum [0-9a-f]{16}\\)" \
	"resume, another checkpoint: the file and the rank named"
expect_eq "$(grep -c '^loglab:' "$tmp/e")" 1 "resume, another checkpoint: said once"
rm "$B/runs/$id/checkpoint.llm"
two train --resume "$id" -q >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 2 "resume, rank 1 finds no checkpoint: a data error"
expect_match "$(cat "$tmp/e")" "checkpoint.llm: rank 1 of 2 read no checkpoint where rank 0 read the checkpoint of epoch 1" \
	"resume, no checkpoint on rank 1: the rank named"
cp "$A/runs/$id/checkpoint.llm" "$B/runs/$id/"
two train --resume "$id" -q >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 0 "resume, the same checkpoint: $(head -c 300 "$tmp/e")"

for d in "$A" "$B"; do
	mkdir "$d/fleet"
	for n in 1 2 3; do cp "$LL_BUILDDIR/sample/kern.log" "$d/fleet/n$n.log"; done
done
echo "Dec  1 00:00:00 host kernel: one more line" >>"$B/fleet/n2.log"
two build --templates 'fleet/*.log' --out tpl --chunk-bytes 100000 >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 2 "templates, a file grew on rank 1: a data error"
expect_match "$(cat "$tmp/e")" "^loglab: fleet/n2.log: rank 1 of 2 finds [0-9]+ bytes where rank 0 finds [0-9]+" \
	"templates, a file grew: the file and the rank named"
expect_eq "$(ls "$A/tpl" "$B/tpl" 2>/dev/null | grep -c '\.npy\|templates.tsv')" 0 "templates, a file grew: nothing written"

rm "$B/fleet/n2.log"
two build --templates 'fleet/*.log' --out tpl --chunk-bytes 100000 >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 2 "templates, a file missing on rank 1: a data error"
expect_match "$(cat "$tmp/e")" "^loglab: fleet/\\*.log: rank 1 of 2 finds 2 input files where rank 0 finds 3" \
	"templates, a file missing: the pattern and the rank named"

# the same files, a relative --out: two folders
rm -rf "$A/tpl" "$B/tpl"
cp "$A/fleet/n2.log" "$B/fleet/"
two build --templates 'fleet/*.log' --out tpl --chunk-bytes 100000 >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 1 "templates, --out a folder of each rank's own: refused"
expect_match "$(cat "$tmp/e")" "^loglab: rank 1 of 2 \\(host [^)]+\\): tpl: not the folder rank 0 writes" \
	"templates, --out a folder of each rank's own: the rank and folder named"
expect_eq "$(ls "$A/tpl" "$B/tpl" 2>/dev/null | grep -c '\.npy\|templates.tsv')" 0 "templates, two folders: nothing written"
two build --templates 'fleet/*.log' --out "$A/tpl" --chunk-bytes 100000 >"$tmp/o" 2>"$tmp/e"
expect_eq "$?" 0 "templates, --out a folder both see: $(head -c 300 "$tmp/e")"
expect_eq "$(ls -A "$A/tpl" | grep -c '^\.loglab')" 0 "templates: rank 0's marker removed"
"$LOGLAB" build --templates "$A/fleet/*.log" --out "$tmp/one" --chunk-bytes 100000 >/dev/null 2>&1
expect_eq "$(cmp -s "$A/tpl/templates.tsv" "$tmp/one/templates.tsv" && echo same)" same "templates, two ranks = one process"

rm "$B/fleet/"*
two build --templates 'fleet/*.log' --out tpl --chunk-bytes 100000 >"$tmp/o" 2>"$tmp/e"
rc=$?
expect_eq "$([ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && echo failed)" failed "templates, no file on rank 1: an error (exit $rc)"
expect_match "$(cat "$tmp/e")" "^loglab: rank 1 of 2 \\(host [^)]+\\): fleet/\\*.log: no such file" \
	"templates, no file on rank 1: the rank named"
finish
