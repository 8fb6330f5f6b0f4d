#!/bin/sh
# tests/cli/test_archive.sh - a support bundle (tar, tar.gz, tar.xz, tar.lzma,
# tar.lz4, tar.Z, a zip with ZIP64 entries, a 7z) opened as the folder it
# holds: `info` gives the folder's figures with a note, labels given to a file
# of the archive are kept for the next open (in the data folder: clearing the
# cache loses none), two processes unpacking it at once agree, bombs stop at
# the limit, and a full disk and a damaged archive are refused by name with no
# partial folder kept. tar, python's zipfile and bsdtar (the 7z, skipped
# without it or without libarchive in the build) write the archives.
. "$LL_SRCDIR/tests/lib.sh"
command -v tar >/dev/null 2>&1 || { echo "SKIP: no tar" >&2; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-archive-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
export XDG_CACHE_HOME="$tmp/cache" XDG_DATA_HOME="$tmp/share"
cd "$tmp" || exit 1

mkdir -p bundle/web1/var/log bundle/web2/var/log
for h in web1 web2; do
	awk -v h=$h 'BEGIN { for (i = 0; i < 300; i++)
		printf "Jan  1 %02d:%02d:%02d %s sshd[%d]: session %d opened for user u%d\n", i / 3600, i / 60 % 60, i % 60, h, 100 + i % 7, i, i % 5 }' \
		>bundle/$h/var/log/syslog
done
gzip -c bundle/web1/var/log/syslog >bundle/web1/var/log/syslog.1.gz
folder=$("$LOGLAB" info bundle | grep -E '^(rows|files):')
tar cf bundle.tar bundle
tar czf bundle.tgz bundle
for a in bundle.tar bundle.tgz; do
	out=$("$LOGLAB" info "$a")
	expect_eq "$?" 0 "$a: info"
	expect_eq "$(printf '%s\n' "$out" | grep -E '^(rows|files):')" "$folder" "$a: the folder's rows and files"
	expect_match "$out" "^note: +$a: a tar archive of 3 files" "$a: noted"
done
if command -v xz >/dev/null 2>&1; then
	tar cJf bundle.tar.xz bundle
	expect_eq "$("$LOGLAB" info bundle.tar.xz | grep -E '^(rows|files):')" "$folder" "a tar.xz"
	tar cf - bundle | xz --format=lzma >bundle.tar.lzma
	expect_eq "$("$LOGLAB" info bundle.tar.lzma | grep -E '^(rows|files):')" "$folder" "a tar.lzma"
fi
# tar.lz4 and tar.Z, as tar -I lz4 and tar -Z write them
for c in lz4 compress; do
	command -v $c >/dev/null 2>&1 || { echo "skip tar through $c: no $c command" >&2; continue; }
	tar cf - bundle | $c -c >bundle.tar.$c
	expect_eq "$("$LOGLAB" info bundle.tar.$c | grep -E '^(rows|files):')" "$folder" "a tar through $c"
done
# `tar -C DIR .` writes the folder itself first ("./"): no name outside
tar cf dot.tar -C bundle .
out=$("$LOGLAB" info dot.tar)
expect_eq "$?" 0 "dot.tar: info"
expect_match "$out" "^note: +dot\.tar: a tar archive of 3 files" "dot.tar: noted"
case $out in *outside*) fail "dot.tar: its ./ counted as a name outside the folder: $out" ;; *) ok ;; esac
# 7z through libarchive (bsdtar writes it): the same folder; links and
# names outside the folder left out and counted; a cut archive and a
# garbled member refused by name, no folder kept
seven=""
if command -v bsdtar >/dev/null 2>&1; then
	bsdtar --format 7zip -cf bundle.7z bundle
	out=$("$LOGLAB" info bundle.7z 2>&1)
	case $out in
	*"built without libarchive"*) echo "skip 7z: this loglab was built without libarchive" >&2 ;;
	*)
		seven=1
		expect_eq "$(printf '%s\n' "$out" | grep -E '^(rows|files):')" "$folder" "a 7z"
		expect_match "$out" "^note: +bundle\.7z: a 7z archive of 3 files" "a 7z: noted"
		mkdir -p hostile/logs && cp bundle/web1/var/log/syslog hostile/logs/syslog &&
			cp bundle/web2/var/log/syslog hostile/logs/out && cp bundle/web2/var/log/syslog hostile/logs/abs &&
			ln -s /etc/passwd hostile/logs/passwd
		bsdtar --format 7zip -cf hostile.7z -s ',^hostile/logs/out$,../../escaped.log,' \
			-s ',^hostile/logs/abs$,/abs/hostile.log,' hostile 2>/dev/null
		out=$("$LOGLAB" info hostile.7z 2>&1)
		expect_eq "$?" 0 "a 7z of hostile members"
		expect_match "$out" "hostile\.7z: a 7z archive of 2 files .*left out: 1 link or device, 1 name outside" \
			"links and ../ names left out and counted, a leading / stripped"
		[ ! -e escaped.log ] && [ ! -e ../escaped.log ] && ok || fail "a ../ name escaped"
		n=$(wc -c <bundle.7z)
		head -c $((n - 40)) bundle.7z >cut.7z
		out=$("$LOGLAB" info cut.7z 2>&1)
		expect_eq "$?" 2 "a cut 7z"
		expect_match "$out" "cut\.7z: damaged 7z" "a cut 7z named"
		python3 -c 'import sys
d = bytearray(open("bundle.7z", "rb").read())
for i in range(200, 264): d[i] ^= 0x5A
open("garbled.7z", "wb").write(d)'
		out=$("$LOGLAB" info garbled.7z 2>&1)
		expect_eq "$?" 2 "a garbled 7z"
		expect_match "$out" "garbled\.7z: damaged 7z" "a garbled 7z named"
		[ -z "$(ls "$XDG_CACHE_HOME/loglab/archives" | grep -E '^(cut|garbled)\.7z')" ] && ok ||
			fail "a damaged 7z left a folder"
		;;
	esac
fi
# renamed, still an archive
cp bundle.tgz support-data
expect_match "$("$LOGLAB" info support-data)" "a tar archive of 3 files" "told by content"

# labels given in the archive's files stay for the next open, kept in the
# data folder: clearing the cache loses none
out=$("$LOGLAB" label bundle.tgz --match 'session 7 ' --set 1 2>&1)
expect_eq "$?" 0 "labels in an archive"
expect_match "$("$LOGLAB" info bundle.tgz)" 'root cause/alert 3' "kept for the next open"
expect_eq "$(find "$XDG_DATA_HOME/loglab/labels/archives" -name '*.labels' | wc -l)" 3 "a journal a file, in the data folder"
rm -rf "$XDG_CACHE_HOME/loglab/archives"
expect_match "$("$LOGLAB" info bundle.tgz)" 'root cause/alert 3' "the cache cleared, the labels stay"
# a newer copy at the same path (downloaded again): unpacked anew, the labels
# found, the older copy's folder removed
sleep 1
tar czf bundle.tgz bundle
expect_match "$("$LOGLAB" info bundle.tgz)" 'root cause/alert 3' "a newer copy keeps the labels"
expect_eq "$(ls "$XDG_CACHE_HOME/loglab/archives" | grep -c '^bundle\.tgz-')" 1 "one folder for the archive's path"

# a zip (as CI systems hand out logs), ZIP64 entries included
/usr/bin/python3 - <<'PY'
import os, zipfile
with zipfile.ZipFile("bundle.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in os.walk("bundle"):
        for f in sorted(files):
            p = os.path.join(root, f)
            with open(p, "rb") as src, z.open(p, "w", force_zip64=True) as dst:
                dst.write(src.read())
PY
out=$("$LOGLAB" info bundle.zip)
expect_eq "$?" 0 "a zip"
expect_eq "$(printf '%s\n' "$out" | grep -E '^(rows|files):')" "$folder" "a zip: the folder's rows and files"
expect_match "$out" "a zip archive of 3 files" "a zip: noted"

# bombs: a zip member and a tar.gz of 50 MB of zeros stop at the expansion limit
/usr/bin/python3 -c '
import zipfile
with zipfile.ZipFile("bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("big.log", bytes(50000000))
'
mkdir bombdir && head -c 50000000 /dev/zero >bombdir/big.log && tar czf bomb.tgz bombdir
bombs="bomb.zip bomb.tgz"
if [ -n "$seven" ]; then
	bsdtar --format 7zip -cf bomb.7z bombdir
	bombs="$bombs bomb.7z"
fi
for b in $bombs; do
	out=$(LOGLAB_INFLATE_MAX=10M "$LOGLAB" info "$b" 2>&1)
	expect_eq "$?" 2 "$b: refused"
	expect_match "$out" "$b: .*expands beyond" "$b: the limit named"
	[ -z "$(ls "$XDG_CACHE_HOME/loglab/archives" | grep "^$b")" ] && ok || fail "$b: a partial copy was kept"
done

# a full disk (a file size limit: writes fail as on a full disk) while
# unpacking: named, exit 3, no partial folder
mkdir full && awk 'BEGIN { for (i = 0; i < 40000; i++) printf "Jan  1 00:00:00 h p[1]: line %d of a long file\n", i }' >full/big.log
tar czf full.tgz full
out=$(ulimit -f 200; "$LOGLAB" info full.tgz 2>&1)
expect_eq "$?" 3 "a full disk while unpacking"
expect_match "$out" 'full\.tgz: cannot write full/big\.log from it' "the member named"
[ -z "$(ls "$XDG_CACHE_HOME/loglab/archives" | grep full)" ] && ok || fail "a partial folder was kept"
expect_match "$("$LOGLAB" info full.tgz)" '^rows: +40000$' "unpacked once there is room"

# two processes unpacking the same archive at once: both read it whole, one
# folder stays, no partial one
rm -rf "$XDG_CACHE_HOME/loglab/archives"
"$LOGLAB" info full.tgz >race1.out 2>&1 &
p1=$!
"$LOGLAB" info full.tgz >race2.out 2>&1
r2=$?
wait $p1
r1=$?
expect_eq "$r1 $r2" "0 0" "two at once both succeed"
expect_match "$(cat race1.out race2.out)" '^rows: +40000' "both read every row"
expect_eq "$(ls -A "$XDG_CACHE_HOME/loglab/archives" | grep -c full)" 1 "one folder, no partial one"

# damaged: named, nothing half-extracted taken for whole
head -c 20000 bundle.tar >cut.tar
out=$("$LOGLAB" info cut.tar 2>&1)
expect_eq "$?" 2 "a cut archive is a data error"
expect_match "$out" 'cut\.tar: truncated archive' "named"
out=$("$LOGLAB" info cut.tar 2>&1)
expect_match "$out" 'cut\.tar: truncated archive' "and again: no partial copy reused"
finish
