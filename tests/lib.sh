# tests/lib.sh - shared helpers for shell tests (CLI and tmux). Source it.
# Counts checks like harness.h; `finish` exits 0, 1, or 77 when skipped.
checks=0
failures=0
: "${LOGLAB:=$(pwd)/loglab}"

fail() { failures=$((failures + 1)); echo "FAILED: $*" >&2; }
ok() { checks=$((checks + 1)); }

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
	checks=$((checks + 1))
	[ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"
}

# expect_match TEXT REGEX WHAT
expect_match() {
	checks=$((checks + 1))
	printf '%s\n' "$1" | grep -Eq -- "$2" || fail "$3: '$2' not found in: $(printf '%s' "$1" | head -c 400)"
}

# expect_exit CODE WHAT -- CMD...
expect_exit() {
	want=$1; what=$2; shift 3
	"$@" >/dev/null 2>&1
	got=$?
	checks=$((checks + 1))
	[ "$got" = "$want" ] || fail "$what: exit $got, expected $want"
}

need_data() {
	if [ -z "${LL_DATA_DIR:-}" ] || [ ! -d "$LL_DATA_DIR" ]; then
		echo "SKIP: shared data folder not found" >&2
		exit 77
	fi
}

finish() {
	echo "$checks checks, $failures failed" >&2
	[ "$failures" -eq 0 ]
	exit $?
}

# For tests of what `loglab info` detects:
# info FILE: sets $out and $rc of `loglab info --all-columns FILE`
info() {
	out=$("$LOGLAB" info --all-columns "$1" 2>&1)
	rc=$?
}

# info_lazy FILE: the same through the line index (LOGLAB_LAZY_THRESHOLD=1),
# as a file too large to load is read
info_lazy() {
	out=$(LOGLAB_LAZY_THRESHOLD=1 "$LOGLAB" info --all-columns "$1" 2>&1)
	rc=$?
}

# scratch NAME: sets $tmp to a new folder, removed when the test ends
scratch() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-$1-XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	trap 'exit 130' INT TERM HUP
}

# col_is NAME TYPE WHAT: the info listing has column NAME of TYPE
col_is() {
	expect_match "$out" "^  $1 +$2\$" "$3: column $1 is $2"
}
