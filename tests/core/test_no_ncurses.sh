#!/bin/sh
# tests/core/test_no_ncurses.sh - core/ must stand without the TUI: the engine
# library references no curses symbol and a core-only test binary links and
# runs without ncurses in its link line or its loaded libraries.
. "$LL_SRCDIR/tests/lib.sh"
lib="$LL_BUILDDIR/core/libllcore.a"
bin="$LL_BUILDDIR/tests/core/test_table"
checks=$((checks + 1))
[ -f "$lib" ] || fail "no $lib"
undef=$(nm -u "$lib" 2>/dev/null | grep -E ' (initscr|newterm|wrefresh|endwin|getch|wgetch|mvwaddnstr|waddnstr|stdscr|curscr|COLS|LINES)$' || true)
expect_eq "$undef" "" "curses symbols referenced by core"
libs=$(ldd "$bin" 2>/dev/null | grep -Ei 'ncurses|tinfo' || true)
expect_eq "$libs" "" "curses libraries loaded by a core-only test"
"$bin" >/dev/null 2>&1
expect_eq "$?" 0 "core-only test runs"
finish
