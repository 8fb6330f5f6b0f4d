#!/bin/sh
# tests/cli/test_compressed.sh - logs compressed by bzip2, xz, zstd, lz4
# (frames, and the legacy format of lz4 -l), lzma (xz --format=lzma) and
# compress (as logrotate's compresscmd and archives ship them) read as their
# plain text: `info` and `label --templates` alike, told by content whatever
# the name, a fleet of mixed rotations one chain a host, truncated and
# corrupt files named, a bomb stopped at the memory limit, and an xz stream
# whose decoder would take 1.5 GiB refused. A codec whose command-line tool
# is missing here is skipped (its library is tested in test_codec, compress
# in test_lzw). compress has no end mark: a file cut at a code's end reads
# as a shorter log, one cut inside a code is named.
. "$LL_SRCDIR/tests/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-compressed-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

awk 'BEGIN {
	split("sshd cron kernel systemd", prog, " ")
	for (i = 0; i < 3000; i++) {
		p = prog[i % 4 + 1]
		printf "Jan  1 %02d:%02d:%02d web1 %s[%d]: session %d opened for user u%d\n", i / 3600, i / 60 % 60, i % 60, p, 100 + i % 7, i, i % 11
	}
}' >"$tmp/syslog"
plain=$("$LOGLAB" info "$tmp/syslog" | grep -v '^file:')
expect_match "$plain" '^rows: +3000$' "the plain log"
tpl=$("$LOGLAB" label "$tmp/syslog" --templates | tail -n +2)

# codec: its name in messages, the command that writes it, the suffix
pack() { # CODEC: stdin to stdout
	case $1 in
	lzma) xz --format=lzma -c ;;
	lz4-legacy) lz4 -q -l -c ;;
	lz4) lz4 -q -c ;;
	*) "$1" -c ;;
	esac
}
tool() { case $1 in lzma) echo xz ;; lz4-legacy) echo lz4 ;; *) echo "$1" ;; esac; }
suffix() { case $1 in bzip2) echo bz2 ;; zstd) echo zst ;; compress) echo Z ;; lz4-legacy) echo lz4 ;; *) echo "$1" ;; esac; }

tried=0
for codec in bzip2 xz zstd lz4 lz4-legacy lzma compress; do
	c=${codec%-legacy} # the name loglab gives it
	command -v "$(tool "$codec")" >/dev/null 2>&1 || { echo "skip $codec: no $(tool "$codec") command" >&2; continue; }
	tried=$((tried + 1))
	ext=$(suffix "$codec")
	pack "$codec" <"$tmp/syslog" >"$tmp/syslog.$ext"
	out=$("$LOGLAB" info "$tmp/syslog.$ext" 2>&1)
	expect_eq "$?" 0 "$c: info"
	expect_eq "$(printf '%s\n' "$out" | grep -v '^file:')" "$plain" "$c: described as the plain log"
	expect_eq "$("$LOGLAB" label "$tmp/syslog.$ext" --templates | tail -n +2)" "$tpl" "$c: the same templates"
	# told by content, not by name
	cp "$tmp/syslog.$ext" "$tmp/renamed.log"
	expect_match "$("$LOGLAB" info "$tmp/renamed.log")" '^rows: +3000$' "$c: a misnamed file"
	# cut in half: named, nothing shown
	n=$(wc -c <"$tmp/syslog.$ext")
	head -c $((n / 2)) "$tmp/syslog.$ext" >"$tmp/cut.$ext"
	out=$("$LOGLAB" info "$tmp/cut.$ext" 2>&1)
	rc=$?
	if [ "$c" = compress ] && [ $rc = 0 ]; then
		rows=$(printf '%s\n' "$out" | sed -n 's/^rows: *//p')
		[ "${rows:-3000}" -lt 3000 ]
		expect_eq "$?" 0 "$c: a file cut at a code's end is a shorter log"
	else
		expect_eq "$rc" 2 "$c: a truncated file is a data error"
		expect_match "$out" "cut\\.$ext: truncated $c: the compressed stream ends early" "$c: truncation named"
	fi
	# the second half garbled (lz4's legacy format has no checksum: random
	# bytes may read as lz4 data; test_codec garbles it surely)
	if [ "$codec" != lz4-legacy ]; then
		{ head -c $((n / 2)) "$tmp/syslog.$ext"; head -c $((n - n / 2)) /dev/urandom; } >"$tmp/bad.$ext"
		out=$("$LOGLAB" info "$tmp/bad.$ext" 2>&1)
		expect_eq "$?" 2 "$c: a corrupt file is a data error"
		expect_match "$out" "bad\\.$ext: (corrupt|truncated) $c" "$c: corruption named"
	fi
	# a bomb: 64 MB of newlines from a few KB stops at the memory limit
	head -c 64000000 /dev/zero | tr '\0' '\n' | pack "$codec" >"$tmp/bomb.$ext"
	out=$(env LOGLAB_MEMORY_MAX=8M "$LOGLAB" info "$tmp/bomb.$ext" 2>&1)
	expect_eq "$?" 2 "$c: a bomb is refused"
	expect_match "$out" "bomb\\.$ext: (decompressing the $c data .* more than the memory limit|.*expands beyond)" \
		"$c: the refusal names the limit"
done

# an xz stream whose decoder would need 1.5 GiB (its dictionary) is refused
if command -v xz >/dev/null 2>&1; then
	xz -c --lzma2=dict=1536MiB,mf=hc3 "$tmp/syslog" >"$tmp/huge-dict.xz" 2>/dev/null
	out=$("$LOGLAB" info "$tmp/huge-dict.xz" 2>&1)
	expect_eq "$?" 2 "an xz stream asking too much memory"
	expect_match "$out" "huge-dict\.xz: xz data whose decoder needs 1536 MiB, more than the 1024 MiB allowed" "named with the figures"
fi

# a fleet whose rotations were compressed by three tools: one chain a host
mkdir -p "$tmp/fleet/web1" "$tmp/fleet/web2"
cp "$tmp/syslog" "$tmp/fleet/web1/syslog"
sed 's/web1/web2/' "$tmp/syslog" >"$tmp/fleet/web2/syslog"
# each rotation a day before the next, as logrotate leaves them (a file that
# starts before the one before it ends is no rotation of it: test_fleet)
sed 's/^Jan  1/Dec 20/' "$tmp/fleet/web1/syslog" | gzip -c >"$tmp/fleet/web1/syslog.1.gz"
chains=2 files=3
for codec in bzip2 xz zstd lz4 lzma compress; do
	command -v "$(tool "$codec")" >/dev/null 2>&1 || continue
	sed "s/^Jan  1/Dec $((20 - files))/" "$tmp/fleet/web2/syslog" | pack "$codec" >"$tmp/fleet/web2/syslog.$files.$(suffix "$codec")"
	files=$((files + 1))
done
out=$("$LOGLAB" info "$tmp/fleet" 2>&1)
expect_eq "$?" 0 "a fleet of mixed rotations"
expect_match "$out" "^files: +$files in $chains rotation chains" "$files files, one chain a host"
expect_match "$out" "^rows: +$((files * 3000))$" "every file's rows"

[ "$tried" -gt 0 ] || echo "no bzip2, xz, zstd, lz4 or compress command: only the fleet's gzip checked" >&2
finish
