# golden_lib.sh - the golden-screen comparison shared by the TUI screen tests
# (sourced after tests/lib.sh, which gives fail and checks). The callers make
# and normalise the screen; this one place decides how it is checked, so
# LL_GOLDEN_UPDATE=1 works the same in every test.
GOLDEN="$(cd "${LL_SRCDIR:-.}" && pwd)/tests/tui/golden"

# golden_compare NAME FILE: FILE must equal golden/NAME.txt (one check); with
# LL_GOLDEN_UPDATE=1 FILE first replaces the golden. The diff goes to stderr.
golden_compare() {
	[ "${LL_GOLDEN_UPDATE:-0}" = 1 ] && cp "$2" "$GOLDEN/$1.txt"
	checks=$((checks + 1))
	if ! diff -u "$GOLDEN/$1.txt" "$2" >"$2.diff"; then
		fail "$1: screen differs from golden/$1.txt:"
		cat "$2.diff" >&2
	fi
}
