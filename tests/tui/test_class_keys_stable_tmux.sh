#!/bin/sh
# test_class_keys_stable_tmux.sh - a class key means the same class in the
# next session. The defaults follow the classes' order, with 1 left to the
# "1" convention while the file has no class: a class another process adds
# while the browser is open gets 2 there, but would have got 1 in a fresh
# session. Keys a session labelled with are kept in DATA.classes.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"

tmux_begin keystable
log=$tmp/app.log
awk 'BEGIN { for (i = 1; i <= 200; i++) printf "Dec  6 10:%02d:%02d web01 app[42]: request %d served in %d ms\n", i / 60, i % 60, i, 10 + i % 37 }' >"$log"
n=200

tmux_shell 140 30
keys "'$LOGLAB' '$log'" Enter
wait_for "app\.log  line 1/$n " "the browser"
# another process makes a class while the browser is open
"$LOGLAB" label "$log" --rows 150-150 --set disk --new-class >/dev/null || fail "label --new-class disk"
wait_for " disk:1 unlabelled" "the browser reads disk"
keys : class Enter
wait_for "class keys: .*2=disk" "disk gets 2 (1 is the convention's)"
keys : 3 Enter 2
wait_for "labelled line 3 as disk, saved" "2 labels as disk"
"$LOGLAB" label "$log" --rows 160-160 --set net --new-class >/dev/null || fail "label --new-class net"
wait_for " net:1 unlabelled" "the browser reads net"
keys : class Enter
wait_for "class keys: .*3=net" "net, made meanwhile, gets 3"
keys : 4 Enter 3
wait_for "labelled line 4 as net, saved" "3 labels as net"
expect_match "$(cat "$log.classes")" "^2	disk\$" "2 kept for disk"
expect_match "$(cat "$log.classes")" "^3	net\$" "3 kept for net"
keys s
wait_for "^  disk  *2  " "the labels view shows disk's key"
keys Q
wait_for '^ll-prompt\$ *$' "loglab quits"

# another class before the restart, then the same keys
"$LOGLAB" label "$log" --rows 170-170 --set cpu --new-class >/dev/null || fail "label --new-class cpu"
keys "'$LOGLAB' '$log'" Enter
wait_for "app\.log  line 1/$n " "the browser again"
keys : class Enter
wait_for "class keys: 0=0 1=cpu 2=disk 3=net" "2 and 3 as before, the free 1 for cpu"
keys : 5 Enter 2
wait_for "labelled line 5 as disk, saved" "2 still labels as disk"
keys : 6 Enter 3
wait_for "labelled line 6 as net, saved" "3 still labels as net"
keys : 7 Enter 1
wait_for "labelled line 7 as cpu, saved" "the class added meanwhile takes the free key"
keys Q
wait_for '^ll-prompt\$ *$' "loglab quits again"
expect_eq "$("$LOGLAB" label "$log" | awk '$1 == "disk" || $1 == "net" || $1 == "cpu" { printf "%s=%s ", $1, $2 }')" "disk=3 net=3 cpu=2 " "labels as keyed"

# a look at a file with a journal leaves its classes file as it was
rm -f "$log.classes"
keys "'$LOGLAB' '$log'" Enter
wait_for "app\.log  line 1/$n " "the browser a third time"
keys s
wait_for "^  disk  " "the labels view"
keys Q
wait_for '^ll-prompt\$ *$' "loglab quits a third time"
[ -e "$log.classes" ] && fail "looking wrote $log.classes"

# classes there before the session: 1 and 2 in their order; a class named
# by a digit (its own key by default) added later does not take 1
log2=$tmp/b.log
cp "$log" "$log2" || exit 99
"$LOGLAB" label "$log2" --rows 150-150 --set oom --new-class >/dev/null || fail "label --new-class oom"
"$LOGLAB" label "$log2" --rows 151-151 --set lockup --new-class >/dev/null || fail "label --new-class lockup"
keys "'$LOGLAB' '$log2'" Enter
wait_for "b\.log  line 1/$n " "the browser on b.log"
keys : 2 Enter 1
wait_for "labelled line 2 as oom, saved" "1 labels as oom"
keys : 3 Enter 2
wait_for "labelled line 3 as lockup, saved" "2 labels as lockup"
keys Q
wait_for '^ll-prompt\$ *$' "loglab quits b.log"
"$LOGLAB" label "$log2" --rows 152-152 --set 1 --new-class >/dev/null || fail "label --new-class 1"
keys "'$LOGLAB' '$log2'" Enter
wait_for "b\.log  line 1/$n " "the browser on b.log again"
keys : 4 Enter 1
wait_for "labelled line 4 as oom, saved" "1 still labels as oom"
keys : class Enter
wait_for "class keys: .*1=oom 2=lockup 3=1" "the class 1 takes a free key"
keys Q
wait_for '^ll-prompt\$ *$' "loglab quits b.log again"

# a file without classes: the labels view lists the 0 and 1 keys as what
# they would make, not as classes with no lines
fresh=$tmp/fresh.log
head -n 20 "$log" >"$fresh"
keys "'$LOGLAB' '$fresh'" Enter
wait_for "fresh\.log  line 1/20 " "the browser on a file without labels"
keys s
wait_for "^  1 .* 1  *-  [(]no such class: the key makes it[)]" "key 1 makes its class"
wait_for "^  0 .* 0  *-  [(]no such class: the key makes it[)]" "key 0 too"
keys Q
wait_for '^ll-prompt\$ *$' "loglab quits fresh.log"
finish
