#!/bin/sh
# tests/fuzz/build.sh - builds the libFuzzer targets with clang; not part of
# make check. Usage: tests/fuzz/build.sh OUTDIR. It configures a build of
# the engine libraries in OUTDIR/build with coverage instrumentation and
# sanitizers, then links the targets against them. Run for example
#   OUTDIR/fuzz_load -max_len=65536 -max_total_time=300 CORPUS_DIR
# with a corpus of small real files or 16 KiB heads from ../shared/data,
# each prefixed by one byte that chooses the reader.
set -e
src=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "${1:?usage: $0 OUTDIR}"
out=$(cd "$1" && pwd)
CC=${CC:-clang}
san="-fsanitize=address,undefined -fno-omit-frame-pointer"
mkdir -p "$out/build"
cd "$out/build"
[ -f Makefile ] || "$src/configure" -q CC="$CC" CFLAGS="-g -O1 -fsanitize=fuzzer-no-link $san"
make -j2 datasets/libllds.a core/libllcore.a >/dev/null
libs=$(pkg-config --libs libcjson zlib libcurl gsl openblas | sed 's/-lgslcblas//g')
$CC -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer $san -I"$src/core" -I"$src/datasets" \
	-o "$out/fuzz_load" "$src/tests/fuzz/fuzz_load.c" datasets/libllds.a core/libllcore.a $libs -lm -lpthread
echo "built $out/fuzz_load"
