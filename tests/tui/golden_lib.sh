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

# golden_setup: what every golden-screen script needs before its first
# screen — the headless driver (skip 77 when unbuilt), the C.UTF-8 locale
# (skip 77 when missing), a private $tmp removed on exit, an empty HOME so
# no user config applies, and no environment that changes the screen.
golden_setup() {
	DRIVER="$(cd "${LL_BUILDDIR:-.}" && pwd)/tests/tui/test_screen"
	[ -x "$DRIVER" ] || { echo "SKIP: $DRIVER not built" >&2; exit 77; }
	if ! locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$'; then
		echo "SKIP: the C.UTF-8 locale is missing" >&2
		exit 77
	fi
	tmp=$(mktemp -d) || exit 99
	trap 'rm -rf "$tmp"' EXIT INT TERM
	HOME=$tmp/home
	mkdir -p "$HOME"
	export HOME
	unset XDG_CONFIG_HOME NO_COLOR LOGLAB_ASCII LOGLAB_TRACE_LATENCY
	LC_ALL=C.UTF-8
	USER=tester
	export LC_ALL USER
}
