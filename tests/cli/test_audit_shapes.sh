#!/bin/sh
# tests/cli/test_audit_shapes.sh - logs in shapes real programs write that
# an audit found misread, each a few lines written here: what `loglab
# info` makes of them.
. "$LL_SRCDIR/tests/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-audit-shapes-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

# Android's logcat (threadtime) opens with a banner "--------- beginning of
# main": no header of a table lined up with blanks, the lines below a log
{
	echo '--------- beginning of main'
	i=0
	while [ $i -lt 12 ]; do
		echo "03-14 09:26:$((10 + i)).387  2466  2471 I ActivityManager: Start proc $i:com.android.chrome/u0a12 for activity"
		echo "03-14 09:26:$((10 + i)).512  1890  1890 W WifiStateMachine: setWifiState: enabled"
		i=$((i + 1))
	done
	echo '--------- beginning of crash'
	echo '03-14 09:26:59.001  2466  2466 E AndroidRuntime: FATAL EXCEPTION: main'
} >"$tmp/logcat.txt"
info "$tmp/logcat.txt"
expect_eq "$rc" 0 "logcat: info"
expect_match "$out" '^format: +log ' "logcat: a log"
expect_match "$out" '^header: +<time> <pid> <tid> <level> <component>: <message>$' "logcat: threadtime's fields"
expect_match "$out" '^rows: +27$' "logcat: a row a line"

# glog since 0.6 writes the year: "I20260314 09:26:53.225036  1000 f.cc:1]";
# the level is the letter, the time the date and clock (not 1970's)
{
	echo 'Log file created at: 2026/03/14 09:26:53'
	echo 'Running on machine: host1'
	echo 'Running duration (h:mm:ss): 0:00:00'
	echo 'Log line format: [IWEF]yyyymmdd hh:mm:ss.uuuuuu threadid file:line] msg'
	i=0
	while [ $i -lt 10 ]; do
		echo "I20260314 09:26:$((10 + i)).225036  1000 server.cc:120] Accepted connection from 10.0.0.$i"
		echo "W20260314 09:26:$((10 + i)).300000  1003 rpc.cc:44] RPC deadline exceeded"
		i=$((i + 1))
	done
} >"$tmp/glog.INFO"
info "$tmp/glog.INFO"
expect_eq "$rc" 0 "glog: info"
expect_match "$out" '^header: +<level><time> <pid> <source>\] <message>$' "glog: level and time"
expect_match "$out" '^time: +2026-03-14 09:26:10.225036 \.\. 2026-03-14 09:26:19.300000$' "glog: dated stamps"

# PHP's traces number their frames at the margin ("#0 /app/x.php(12): f()",
# as gdb's "#1  0x0000 in main ()"): frames of the record above, not lines
# the header must fit, so a Laravel (Monolog) log of traces is a log
{
	i=0
	while [ $i -lt 6 ]; do
		echo "[2025-01-02 11:19:0$i] laravel.ERROR: Call to undefined method App\\Logging::__invoke() {\"exception\":\"[object] (Error(code: 0) at /var/www/LogManager.php:181)"
		echo '[stacktrace]'
		k=0
		while [ $k -lt 12 ]; do
			echo "#$k /var/www/vendor/laravel/framework/src/Illuminate/Log/LogManager.php($((100 + k))): Illuminate\\Log\\LogManager->get('daily')"
			k=$((k + 1))
		done
		echo '#12 {main}'
		echo '"}'
		echo "[2025-01-02 11:19:0$i] laravel.INFO: Job $i done"
		i=$((i + 1))
	done
} >"$tmp/laravel.log"
info "$tmp/laravel.log"
expect_eq "$rc" 0 "laravel: info"
expect_match "$out" '^header: +\[<time>\] <component\?>\.<level>: <message>$' "laravel: Monolog's header"
expect_match "$out" '^rows: +102$' "laravel: a row a line"
expect_match "$out" '90 continuation lines took the time' "laravel: frames continue their record"

# docker compose prefixes each line with its service and a pipe: the first
# line is one of the lines, not a table's header ("web-1" is a service met
# again below); a table whose header comes again further down stays a table
{
	i=0
	while [ $i -lt 8 ]; do
		echo "web-1    |  * Running on http://172.18.0.$i:5000"
		echo "redis-1  | 1:M 25 Apr 2024 05:32:3$i.018 * Ready to accept connections tcp"
		i=$((i + 1))
	done
} >"$tmp/compose.log"
info "$tmp/compose.log"
expect_eq "$rc" 0 "compose: info"
expect_match "$out" '^format: +log ' "compose: a log"
expect_match "$out" '^header: +<component> \| <message>$' "compose: service, then the line"
expect_match "$out" '^rows: +16$' "compose: the first line is a row"
printf 'host,cpu\nweb1,1\nweb2,2\nhost,cpu\nweb1,3\nweb2,4\nhost,cpu\nweb1,5\nweb2,6\nhost,cpu\nweb3,7\n' >"$tmp/joined.csv"
info "$tmp/joined.csv"
expect_match "$out" '^format: +csv ' "joined: a table"
# (no time, the hosts told apart in each part: the parts are snapshots,
# numbered in "poll", the hosts pivoted)
col_is 'cpu\.web1' number joined
col_is poll time joined

# libFuzzer counts its runs as "#1024<TAB>pulse ...": no frames, whose
# number a space follows; the file stays a log
{
	echo 'INFO: Running with entropic power schedule (0xFF, 100).'
	echo 'INFO: Seed: 1880318171'
	i=1
	while [ $i -lt 40 ]; do
		ev=NEW
		[ $((i % 3)) -eq 0 ] && ev=REDUCE
		printf '#%d\t%s    cov: %d ft: %d corp: 3/3245b lim: 1501 exec/s: 0 rss: 53Mb L: 1501/1501 MS: 2 ChangeBit-\n' $((i * 3)) $ev $((170 + i)) $((300 + i))
		i=$((i + 1))
	done
} >"$tmp/fuzz.log"
info "$tmp/fuzz.log"
expect_match "$out" '^format: +log ' "libFuzzer: a log"
# ... whose "cov: 177 ft: 301" are keys and values of the message, no programs
expect_match "$out" '^header: +#<id> (<field2> )?<message>$' "libFuzzer: the run, then the message"

# PostgreSQL with log_connections: "LOG:  connection received: host=..." on
# most lines; the words before the colon after the level are the message's,
# no <host> <component>: (a host comes before the level), so templates keep
# "connection received:" and an error keeps "relation"
{
	i=0
	while [ $i -lt 30 ]; do
		echo "2026-03-14 09:26:$((10 + i)).221 UTC [81$((i % 3))] LOG:  connection received: host=10.0.0.$i port=4$((1000 + i))"
		if [ $((i % 10)) -eq 0 ]; then
			echo "2026-03-14 09:26:$((10 + i)).300 UTC [4411] ERROR:  relation \"orders_old\" does not exist at character 15"
			echo "2026-03-14 09:26:$((10 + i)).300 UTC [4411] STATEMENT:  select * from orders_old;"
		fi
		i=$((i + 1))
	done
} >"$tmp/postgresql.log"
info "$tmp/postgresql.log"
expect_match "$out" '^header: +<time> \[<pid>\] <level>: <message>( \(the message.s pairs.*)?$' "postgresql: the message after the level"
tpl=$("$LOGLAB" label "$tmp/postgresql.log" --templates 2>&1)
expect_match "$tpl" ' connection received:' "postgresql: the template's words"
expect_match "$tpl" 'relation "orders_old" does not exist' "postgresql: the error's words"

# macOS's "log show": Type is Apple's level (Default, Info, Debug, Error,
# Fault), most lines Default
{
	echo 'Timestamp                       Thread     Type        Activity             PID    TTL  '
	i=0
	while [ $i -lt 20 ]; do
		case $((i % 10)) in
		7) ty='Error   ' ;;
		8) ty='Fault   ' ;;
		9) ty='Info    ' ;;
		*) ty='Default ' ;;
		esac
		echo "2026-03-14 09:26:$((10 + i)).196219-0800 0x1a2b$i    $ty    0x0                  88     0    mDNSResponder: (libsystem_info.dylib) [com.apple.network:resolver] nw_resolver_start_query $i"
		i=$((i + 1))
	done
} >"$tmp/logshow.txt"
info "$tmp/logshow.txt"
expect_match "$out" '^header: +<time> <field2> <level> ' "log show: Type is the level"

# a file of one line of prose with a comma is that line, not the header of
# a table of no rows; one line of values stays a table's row
printf 'Hello, World!\n' >"$tmp/one.txt"
info "$tmp/one.txt"
expect_match "$out" '^rows: +1$' "one line: a row"
printf '17580-17741:1,2,3,4,5,6,7,9,10,11,12\n' >"$tmp/one.csv"
info "$tmp/one.csv"
expect_match "$out" '^format: +csv ' "one row of values: a table"
expect_match "$out" '^rows: +1$' "one row of values: its row"

# an empty folder: said once
mkdir "$tmp/empty"
msg=$("$LOGLAB" info "$tmp/empty" 2>&1)
expect_eq "$?" 3 "empty folder: an I/O error"
expect_eq "$msg" "loglab: $tmp/empty: no log or table files found" "empty folder: the message, once"

# a line "Running on machine: host1" right above a log's lines is a line of
# text, no header of a table ("machine:" names what follows it)
{
	echo 'Running on machine: host1'
	i=0
	while [ $i -lt 10 ]; do
		echo "I20260314 09:26:$((10 + i)).225036  1000 server.cc:120] Accepted connection from 10.0.0.$i"
		i=$((i + 1))
	done
} >"$tmp/banner.log"
info "$tmp/banner.log"
expect_match "$out" '^format: +log ' "a key: value banner: a log"

# lines that open with epoch milliseconds and hold a comma: a log, whose
# first line names no columns
printf '1428634687123 Hello, World!\n1428634687456 Goodbye, World!\n' >"$tmp/epoch.log"
info "$tmp/epoch.log"
expect_match "$out" '^header: +<time> <message>$' "epoch lines: a log"
expect_match "$out" '^rows: +2$' "epoch lines: both lines"

# Laravel's uncaught errors: "Stack trace:" twice, "[stacktrace]" and a
# closing "} in each record, the heads a fifth of the lines at the margin;
# lines that recur word for word are the records' own, so it is a log
{
	i=0
	while [ $i -lt 8 ]; do
		echo "[2023-05-15 18:2$i:49] local.ERROR: Uncaught ReflectionException: Class \"App\\Policy$i\" does not exist in /app/Container.php:$((900 + i))"
		echo 'Stack trace:'
		echo '#0 /app/Container.php(912): ReflectionClass->__construct()'
		echo '#1 {main}'
		echo '  thrown {"exception":"[object] (FatalError(code: 0): Uncaught ReflectionException'
		echo 'Stack trace:'
		echo '#0 {main}'
		echo '  thrown at Command line code:1)'
		echo '[stacktrace]'
		echo '#0 {main}'
		echo '"}'
		i=$((i + 1))
	done
} >"$tmp/laravel2.log"
info "$tmp/laravel2.log"
expect_match "$out" '^header: +\[<time>\] <component\?>\.<level>: <message>$' "laravel traces: Monolog's header"
expect_match "$out" '80 continuation lines took the time' "laravel traces: every other line continues its record"

# clocks without a date (strace -t): placed on 1970-01-01, and a note says
# so; a dated log says nothing of it
{
	i=0
	while [ $i -lt 20 ]; do
		echo "10:00:$((10 + i)).123456 openat(AT_FDCWD, \"/etc/f$i\", O_RDONLY) = $((3 + i % 4))"
		i=$((i + 1))
	done
} >"$tmp/strace.log"
info "$tmp/strace.log"
expect_match "$out" 'times of day without any date in the file: placed on 1970-01-01' "strace: the clocks' day said"
info "$tmp/laravel2.log"
case $out in *"without any date"*) fail "a dated log: no note of undated clocks" ;; *) ok ;; esac

finish
