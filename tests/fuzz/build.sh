#!/bin/sh
# tests/fuzz/build.sh - builds the libFuzzer targets with clang; not part of
# make check (`make fuzz` builds and runs them: tests/fuzz/run.sh).
# Usage: tests/fuzz/build.sh OUTDIR. It configures a build of the engine
# libraries in OUTDIR/build with coverage instrumentation and sanitizers,
# then links every tests/fuzz/fuzz_*.c against them:
#   fuzz_load         every reader through ds_load (first byte: the reader)
#   fuzz_spec         ds_load with a format name and options (first line)
#   fuzz_header       header inference, and its pattern compiled again
#   fuzz_workspace    loglab.json validation
#   fuzz_journal      label journal replay and review decisions
#   fuzz_model        model files (mlp, lstm, kmeans, detector) and checkpoints
#   fuzz_predictions  a run's predictions.tsv as review reads it
#   fuzz_http         HTTP responses from a loopback server to ds_remote_fetch
#   fuzz_archive      tar and zip bundles unpacked (ds_tar, ds_zip), and the
#                     decompressors (ds_codec) run alone
#   fuzz_parquet      Parquet files given any bytes (ds_parquet_csv)
#   fuzz_codec        each decoder given any bytes (first byte: the codec)
#                     through output slices of 1 byte to 64 KiB
#   fuzz_journald     systemd journal files (the journal format)
#   fuzz_evtx         Windows event logs (the evtx format)
#   fuzz_xls          legacy and binary Excel workbooks (ds_xls_csv,
#                     ds_xlsb_csv; first byte: which)
#   fuzz_imputer      a run's imputer.txt (ll_imputer_parse), whose
#                     accepted means must format and parse back the same
#   fuzz_when         a time typed to go to (ll_when_parse), and the seek
#                     of its row among rows' times in or out of order
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
# the libraries this configure found (the optional codecs among them)
libs=$(sed -n 's/^\(CJSON\|ZLIB\|LZMA\|ZSTD\|BZIP2\|LZ4\|ARCHIVE\|SQLITE\|BROTLI\|CURL\|GSL\|OPENBLAS\|MPI\|PTHREAD\)_LIBS = //p' Makefile | tr '\n' ' ')
for f in "$src"/tests/fuzz/fuzz_*.c; do
	t=$(basename "$f" .c)
	$CC -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer $san -I"$src/core" -I"$src/datasets" -I"$src/tests/fuzz" \
		-o "$out/$t" "$f" datasets/libllds.a core/libllcore.a $libs -lm -lpthread
	echo "built $out/$t"
done
