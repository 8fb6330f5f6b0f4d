#!/bin/sh
# tests/core/test_refcache.sh - tests/refcache.py, the cache of the Python
# reference computations that ./quickstart test shares between the release
# and the ASan pass (LL_REFCACHE). A probe script counts how often it
# computes its reference (the sum of an input file's bytes, and a function
# of a list through call()): off without LL_REFCACHE; once, then read
# back, with it; computed again whenever an input byte, an argument, a
# list argument's values or the script itself change, and whenever the
# entry is cut short or a byte of it is overwritten (never trusted). The
# probe imports no numpy (0.2 s of CPU a start; the test runs in both
# passes): numpy arrays' keys are checked once, at the end. Skipped (77)
# without python3.
. "$LL_SRCDIR/tests/lib.sh"

py=/usr/bin/python3
[ -x "$py" ] || py=python3
command -v "$py" >/dev/null 2>&1 || { echo "SKIP: no python3" >&2; exit 77; }
scratch refcache
unset LL_REFCACHE_VERBOSE # its notes would join the probes' output

cat >"$tmp/probe.py" <<EOF
import sys
sys.dont_write_bytecode = True
sys.path.insert(0, "$LL_SRCDIR/tests")
import refcache

inp, arg, count = sys.argv[1], sys.argv[2], sys.argv[3]
rc = refcache.for_script(__file__, args=[arg], inputs=[inp], dists=["numpy"])


def total():
    with open(count, "a") as f:
        f.write("sum\n")
    with open(inp, "rb") as f:
        return sum(f.read()) + int(arg)


def scaled(a):
    with open(count, "a") as f:
        f.write("call\n")
    return [2 * x for x in a]


a = [float(i) for i in range(10)]
if len(sys.argv) > 4:
    a[int(sys.argv[4])] += 0.5
print(rc.get("sum", total), sum(rc.call(scaled, a)))
print("entry:", rc.path, file=sys.stderr)
EOF
printf 'some bytes of input\n' >"$tmp/in"
cache=$tmp/cache

# probe [ARG [ARRAY_INDEX]]: sets $out (the values), $n (computations), $err
probe() {
	: >"$tmp/count"
	out=$("$py" "$tmp/probe.py" "$tmp/in" "${1:-0}" "$tmp/count" ${2:+"$2"} 2>"$tmp/err")
	n=$(grep -c . "$tmp/count")
	err=$(cat "$tmp/err")
}
entries() { ls "$cache" 2>/dev/null | grep -c '\.ref$'; }

unset LL_REFCACHE
probe
want=$out
expect_match "$out" "^[0-9]+ 90.0$" "the probe's values"
expect_eq "$n" 2 "without LL_REFCACHE: computed"
probe
expect_eq "$n" 2 "without LL_REFCACHE: computed again"
expect_eq "$([ -e "$cache" ] && echo kept || echo none)" none "without LL_REFCACHE: nothing kept"

export LL_REFCACHE=$cache
probe
expect_eq "$out $n $(entries)" "$want 2 1" "first run: computed, one entry"
probe
expect_eq "$out $n $(entries)" "$want 0 1" "second run: read from the entry"

# one input byte changed: another key
printf 'some bytes of inpuT\n' >"$tmp/in"
probe
expect_eq "$n $(entries)" "2 2" "an input byte changed: computed, a second entry"
expect_eq "$([ "$out" != "$want" ] && echo new)" new "an input byte changed: the new value"
printf 'some bytes of input\n' >"$tmp/in"
probe
expect_eq "$out $n" "$want 0" "the input as before: its entry again"

# an argument, a list argument's values
probe 1
expect_eq "$n $(entries)" "2 3" "another argument: computed"
probe 0 3
expect_eq "$n" 1 "a list of other values: the call computed, the rest read"
expect_eq "$out" "${want% *} 91.0" "a list of other values: its value"

# the script's own bytes
cp "$tmp/probe.py" "$tmp/probe.orig"
echo "# another line" >>"$tmp/probe.py"
probe
expect_eq "$out $n" "$want 2" "the script changed: computed"
cp "$tmp/probe.orig" "$tmp/probe.py"
probe
expect_eq "$out $n" "$want 0" "the script as before: its entry again"

# a damaged entry is computed again, reported, and rewritten
probe
keyed=$(printf '%s\n' "$err" | sed -n 's/^entry: //p') # the original input's entry
expect_match "$keyed" "^$cache/probe-[0-9a-f]{64}[.]ref\$" "the entry's name"
size=$(wc -c <"$keyed")
head -c $((size / 2)) "$keyed" >"$tmp/cut" && mv "$tmp/cut" "$keyed"
probe
expect_eq "$out $n" "$want 2" "an entry cut short: computed again"
expect_match "$err" "damaged entry" "an entry cut short: reported"
probe
expect_eq "$out $n" "$want 0" "an entry cut short: rewritten whole"
size=$(wc -c <"$keyed")
# one byte of the payload overwritten, the length kept
"$py" - "$keyed" <<'EOF'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
i = len(b) - 20
b[i] ^= 0x01
open(p, "wb").write(bytes(b))
EOF
expect_eq "$(wc -c <"$keyed")" "$size" "the overwritten entry keeps its length"
probe
expect_eq "$out $n" "$want 2" "an overwritten byte: computed again"
expect_match "$err" "damaged entry" "an overwritten byte: reported"
: >"$keyed"
probe
expect_eq "$out $n" "$want 2" "an empty entry: computed again"

# files(): a writer's files kept with their bytes and modification time,
# written back into the next run's folder instead of calling the writer
cat >"$tmp/files.py" <<EOF
import os, sys
sys.dont_write_bytecode = True
sys.path.insert(0, "$LL_SRCDIR/tests")
import refcache
rc = refcache.for_script(__file__)


def write(d):
    with open(sys.argv[2], "a") as f:
        f.write("write\n")
    with open(os.path.join(d, "t.log"), "wb") as f:
        f.write(b"Jan  2 03:04:05 h p: \xff written\n")
    os.utime(os.path.join(d, "t.log"), (978404645, 978404645))  # 2001-01-02
    return ["t.log"], "value"


print(rc.files("t", sys.argv[1], write))
st = os.stat(os.path.join(sys.argv[1], "t.log"))
print(open(os.path.join(sys.argv[1], "t.log"), "rb").read(), int(st.st_mtime))
EOF
files_probe() {
	rm -rf "$tmp/out" && mkdir "$tmp/out" && : >"$tmp/count"
	out=$("$py" "$tmp/files.py" "$tmp/out" "$tmp/count" 2>&1 | tr '\n' ' ')
	out="$out$(grep -c . "$tmp/count")"
}
files_probe
fwant=$out
expect_eq "$fwant" "value b'Jan  2 03:04:05 h p: \\xff written\\n' 978404645 1" "files: written"
files_probe
expect_eq "$out" "${fwant%1}0" "files: written back, the same bytes and time"

# numpy arrays are keyed by their dtype, shape and bytes
if "$py" -c 'import numpy' 2>/dev/null; then
	out=$("$py" - "$LL_SRCDIR/tests" <<'EOF'
import hashlib, sys
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
import numpy as np
import refcache
def key(v):
    h = hashlib.sha256()
    assert refcache._feed(h, v)
    return h.hexdigest()
a = np.arange(12.0).reshape(3, 4)
b = a.copy()
b[2, 3] = np.nextafter(b[2, 3], 99)
print(key(a) == key(a.copy()), key(np.asfortranarray(a)) == key(a), key(a) != key(b),
      key(a) != key(a.astype(np.float32)), key(a) != key(a.reshape(4, 3)), key(a) != key(a.tolist()))
EOF
)
	expect_eq "$out" "True True True True True True" "numpy arrays: equal values one key, any other value, dtype or shape another"
else
	echo "note: no numpy; arrays' keys not checked" >&2
fi
finish
