#!/bin/sh
# tests/fuzz/run.sh - `make fuzz`: builds the libFuzzer targets (build.sh)
# and runs each for SECONDS (default 60; FUZZ_SECONDS in make). Not in CI.
# Usage: tests/fuzz/run.sh OUTDIR [SECONDS] [TARGET...]
# Corpora live in OUTDIR/corpus/TARGET and grow from run to run; they are
# seeded from tests/fuzz/seeds/TARGET and, for fuzz_load, from 16 KiB heads
# of the files in ../shared/data (each prefixed by a byte that picks the
# reader, so every reader sees real data), and for fuzz_header from their
# 4 KiB heads. A crash, leak or hang (-timeout
# 10 s) leaves its input in OUTDIR/crashes/TARGET/ and the run reports it;
# every such input belongs in a regression test.
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: $0 OUTDIR [SECONDS] [TARGET...]}
secs=${2:-60}
[ $# -ge 2 ] && shift 2 || shift $#
sh "$src/tests/fuzz/build.sh" "$out" || exit 1
out=$(cd "$out" && pwd)
targets=${*:-$(cd "$out" && ls fuzz_* | grep -v '\.' )}
data=${LL_DATA_DIR:-$src/../shared/data}
status=0
for t in $targets; do
	name=${t#fuzz_}
	corpus="$out/corpus/$t"
	crashes="$out/crashes/$t"
	mkdir -p "$corpus" "$crashes"
	[ -d "$src/tests/fuzz/seeds/$name" ] && cp -n "$src/tests/fuzz/seeds/$name"/* "$corpus"/ 2>/dev/null
	# the data's heads once (seed1...), whether or not seeds/load came first
	if [ "$t" = fuzz_load ] && [ -d "$data" ] && [ ! -e "$corpus/seed1" ]; then
		i=0
		find "$data" -type f -size +0 | sort | head -400 | while read -r f; do
			i=$((i + 1))
			{ printf "\\$(printf '%03o' $((i % 256)))"; head -c 16384 "$f"; } >"$corpus/seed$i"
		done
	fi
	if [ "$t" = fuzz_header ] && [ -d "$data" ] && [ ! -e "$corpus/head1" ]; then
		i=0
		find "$data" -type f -size +0 | sort | head -400 | while read -r f; do
			i=$((i + 1))
			head -c 4096 "$f" >"$corpus/head$i"
		done
	fi
	# bundles made here (first byte: 0 tar, 1 zip, 2 a bare stream)
	if [ "$t" = fuzz_archive ] && [ ! -e "$corpus/bundle-tar" ]; then
		b=$(mktemp -d)
		mkdir -p "$b/logs/sub" && printf 'Jan  1 00:00:01 h k: a\n' >"$b/logs/a.log" &&
			printf 'x,y\n1,2\n' >"$b/logs/sub/t.csv" && ln -s a.log "$b/logs/link"
		(cd "$b" && tar cf t.tar logs && gzip -c t.tar >t.tgz && python3 -c "import zipfile,os
z = zipfile.ZipFile('t.zip', 'w', zipfile.ZIP_DEFLATED)
for r, _, fs in os.walk('logs'):
    for f in fs: z.write(os.path.join(r, f))" 2>/dev/null)
		for f in t.tar t.tgz; do { printf '\000'; cat "$b/$f"; } >"$corpus/bundle-$f"; done
		[ -f "$b/t.zip" ] && { printf '\001'; cat "$b/t.zip"; } >"$corpus/bundle-zip"
		for z in gzip bzip2 xz zstd lz4; do
			command -v $z >/dev/null && { printf '\002'; $z -c "$b/logs/a.log"; } >"$corpus/stream-$z"
		done
		cp "$corpus/bundle-t.tar" "$corpus/bundle-tar"
		rm -rf "$b"
	fi
	log="$out/$t.log"
	"$out/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-artifact_prefix="$crashes/" -print_final_stats=1 "$corpus" >"$log" 2>&1
	rc=$?
	runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	found=$(ls "$crashes" | wc -l)
	echo "$t: ${secs}s, ${runs:-?} inputs, $cov, exit $rc, $found saved crash/leak/timeout inputs (log: $log)"
	[ "$rc" -eq 0 ] && [ "$found" -eq 0 ] || status=1
done
exit $status
