#!/bin/sh
# test_host_column_tmux.sh - H, ] and [ and :host on one file with a host
# column, as on a fleet: a syslog of three hosts (its host field), a CSV
# with a hostname column (a table's), and a file without one (said why).
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"

tmux_begin hostcol
log=$tmp/app.log
awk 'BEGIN { for (i = 1; i <= 300; i++) printf "Dec  6 10:%02d:%02d web0%d app[42]: request %d served in %d ms\n", i / 60, i % 60, i % 3 + 1, i, 10 + i % 37 }' >"$log"
csv=$tmp/m.csv
awk 'BEGIN { print "time,HostName,cpu"; for (i = 1; i <= 60; i++) printf "2026-12-06 10:%02d:00,node%d,%d\n", i - 1, i % 4, i }' >"$csv"
plain=$tmp/plain.csv
awk 'BEGIN { print "time,cpu"; for (i = 1; i <= 20; i++) printf "2026-12-06 10:%02d:00,%d\n", i, i }' >"$plain"

tmux_shell 100 20
keys "'$LOGLAB' '$log'" Enter
wait_for "app\.log  line 1/300 " "the browser"
keys : 2 Enter H
wait_for "only host web03 [(]H again shows all[)]" "H keeps line 2's host"
wait_for "host web03: 100 lines" "the status counts its lines"
not_on_screen " web01 \| web02 " "no line of another host shown"
keys H
wait_for "host web03: filter cleared" "H again shows all"
keys : 4 Enter ']'
wait_for "app\.log  line 7/300 " "] goes to the next line of line 4's host (web02)"
keys '['
wait_for "app\.log  line 4/300 " "[ goes back"
keys : 'host web01' Enter
wait_for "host web01: 100 lines" ":host NAME keeps that host"
keys : host Enter
wait_for "filter cleared" ":host alone shows all"
keys Q
wait_for '^ll-prompt\$ *$' "loglab quits"

keys "'$LOGLAB' '$csv'" Enter
wait_for "m\.csv  line 1/60 " "the CSV"
keys H
wait_for "only host node1 [(]H again shows all[)]" "H on a table's HostName column"
wait_for "host node1: 15 lines" "its lines counted"
keys Q
wait_for '^ll-prompt\$ *$' "loglab quits the CSV"

keys "'$LOGLAB' '$plain'" Enter
wait_for "plain\.csv  line 1/20 " "a CSV without hosts"
keys H
wait_for "one file without a host column [(]host, hostname, node[)]: no hosts to filter by" "H says why not"
keys F
wait_for "one file: no files to filter by" "F too"
keys Q
wait_for '^ll-prompt\$ *$' "loglab quits the plain CSV"
finish
