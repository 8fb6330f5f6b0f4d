#!/bin/sh
# tests/cli/test_audit_shapes2.sh - logs in shapes real programs write that
# a second audit found misread, each a few lines written here: what
# `loglab info` makes of them.
. "$LL_SRCDIR/tests/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-audit-shapes2-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

# a CI console with a stamp in brackets on every line: a command, then its
# output with a number; the command line is no header of a table lined up
# with blanks over the line below it
{
	echo 'Started by user admin'
	i=0
	while [ $i -lt 10 ]; do
		echo "[2026-03-14T09:26:1$i.225Z] + make test$i"
		echo "[2026-03-14T09:26:1$i.300Z] ok   pkg/mod$i 0.01${i}s"
		i=$((i + 1))
	done
	echo 'Finished: FAILURE'
} >"$tmp/console.log"
info "$tmp/console.log"
expect_eq "$rc" 0 "console: info"
expect_match "$out" '^format: +log ' "console: a log"
expect_match "$out" '^header: +\[<time>\] <message>$' "console: the stamp, then the line"
expect_match "$out" '^time: +2026-03-14 09:26:10.225000 \.\. 2026-03-14 09:26:19.300000$' "console: its time"

# console sinks of structured loggers write the level in three letters
# ("[09:26:10 INF]", "[WRN]"): the level, not a field of no name
{
	i=0
	while [ $i -lt 10 ]; do
		echo "2026-03-14 09:26:1$i.225 +01:00 [INF] Request starting HTTP/1.1 GET /api/$i"
		echo "2026-03-14 09:26:1$i.300 +01:00 [WRN] Slow request took 1$i ms"
		i=$((i + 1))
	done
	echo "2026-03-14 09:26:20.001 +01:00 [ERR] Unhandled exception"
	echo 'System.InvalidOperationException: Sequence contains no elements'
	echo '   at Api.Controllers.ItemsController.Get(Int32 id) in /src/ItemsController.cs:line 31'
} >"$tmp/serilog.log"
info "$tmp/serilog.log"
expect_match "$out" '^header: +<time> \[<level>\] <message>$' "three-letter levels: the level"
expect_match "$out" '^time: +2026-03-14 08:26:10.225000 \.\. 2026-03-14 08:26:20.001000$' "three-letter levels: the zone applied"
expect_match "$out" '2 continuation lines took the time' "three-letter levels: the trace continues its record"

# a time of day on a 12-hour clock: Go's Kitchen form "9:26AM" (the
# default of console writers of structured loggers) and "9:26:10 PM" are
# times, not a pid and a tag
{
	i=0
	while [ $i -lt 10 ]; do
		echo "9:2${i}AM INF request served method=GET path=/api/$i status=200"
		echo "9:2${i}PM WRN slow request elapsed=1$i"
		i=$((i + 1))
	done
} >"$tmp/kitchen.log"
info "$tmp/kitchen.log"
expect_match "$out" '^header: +<time> <level> <message>' "kitchen clock: the time"
expect_match "$out" '^time: +1970-01-01 09:20:00 \.\. 1970-01-01 21:29:00$' "kitchen clock: PM is after noon"
{
	i=0
	while [ $i -lt 10 ]; do
		echo "9:26:1$i PM [worker-$((i % 3))] job $i done"
		i=$((i + 1))
	done
} >"$tmp/ampm.log"
info "$tmp/ampm.log"
expect_match "$out" '^time: +1970-01-01 21:26:10 \.\. 1970-01-01 21:26:19$' "12-hour clock with seconds: PM is after noon"

# Celery writes "[2026-03-14 09:26:10,225: INFO/MainProcess]": the comma
# is the stamp's fraction, not a table's separator, and the stamp inside
# the bracket is the time
{
	i=0
	while [ $i -lt 10 ]; do
		echo "[2026-03-14 09:26:1$i,225: INFO/MainProcess] Task tasks.add[abc-$i] received"
		echo "[2026-03-14 09:26:1$i,300: WARNING/ForkPoolWorker-$i] Task tasks.add[abc-$i] retry: Retry in 5s"
		i=$((i + 1))
	done
} >"$tmp/celery.log"
info "$tmp/celery.log"
expect_match "$out" '^format: +log ' "celery: a log"
expect_match "$out" '^header: +\[<time>: ' "celery: the stamp in the bracket"
expect_match "$out" '^rows: +20$' "celery: a row a line"
expect_match "$out" '^time: +2026-03-14 09:26:10.225000 \.\. 2026-03-14 09:26:19.300000$' "celery: its time"

# daemontools, runit (svlogd -t) and s6 stamp lines with TAI64N: "@" and
# 24 hex digits, the label less 2^62 and TAI's 10 s, then nanoseconds
{
	i=0
	while [ $i -lt 10 ]; do
		echo "@4000000069b529d${i}0d5e1c2c starting service run $i"
		echo "@4000000069b529d${i}1a2b3c4d ready on port 808$i"
		i=$((i + 1))
	done
} >"$tmp/current"
info "$tmp/current"
expect_match "$out" '^format: +log ' "tai64n: a log"
expect_match "$out" '^header: +<time> <message>$' "tai64n: the stamp is the time"
expect_match "$out" '^time: +2026-03-14 09:26:30.224271 \.\. 2026-03-14 09:26:39.439041$' "tai64n: its UTC time"

# a level glued to a bracket ("NOTICE[1405]", Asterisk's; logrus's
# "INFO[0003]"): the level, then the bracket, not a host
{
	i=0
	while [ $i -lt 10 ]; do
		echo "[Mar 14 09:26:1$i] NOTICE[140$((i % 3))] chan_sip.c: Registration from '<sip:10$i@pbx>' failed for '10.0.0.$i:5060' - Wrong password"
		echo "[Mar 14 09:26:1$i] WARNING[140$((i % 3))] res_rtp_asterisk.c: RTP Read too short"
		i=$((i + 1))
	done
} >"$tmp/asterisk.log"
info "$tmp/asterisk.log"
expect_match "$out" '^header: +\[<time>\] <level>\[<[a-z]*>\] <component>: <message>$' "level[pid]: the level"
{
	i=0
	while [ $i -lt 10 ]; do
		echo "INFO[000$i] Starting server                              port=808$i"
		echo "WARN[000$i] slow request                                 path=/api/$i took=1$i"
		i=$((i + 1))
	done
} >"$tmp/logrus.log"
info "$tmp/logrus.log"
expect_match "$out" '^header: +<level>\[<[a-z]*>\] ' "level[seconds]: the level"

# Erlang's error_logger reports (RabbitMQ, CouchDB): "=INFO REPORT====
# 14-Mar-2026::09:26:10 ===", then the report's lines: a record each
{
	i=0
	while [ $i -lt 10 ]; do
		echo "=INFO REPORT==== 14-Mar-2026::09:26:1$i.225036 ==="
		echo "accepting AMQP connection <0.$((400 + i)).0> (10.0.0.$i:5123$i -> 10.0.0.1:5672)"
		echo ""
		i=$((i + 1))
	done
} >"$tmp/rabbit.log"
info "$tmp/rabbit.log"
expect_match "$out" '^format: +log ' "error_logger: a log"
expect_match "$out" '^time: +2026-03-14 09:26:10.225036 \.\. 2026-03-14 09:26:19.225036$' "error_logger: the reports' times"
expect_match "$out" '10 continuation lines took the time' "error_logger: the report's lines continue it"

# Cisco IOS marks a stamp whose clock was never set with a '*' glued to it
# ("*Mar 14 09:26:10.225:"): a literal, then the time, not a word
{
	i=0
	while [ $i -lt 10 ]; do
		echo "$((100 + i)): *Mar 14 09:26:1$i.225: %LINK-3-UPDOWN: Interface GigabitEthernet0/$i, changed state to down"
		echo "$((200 + i)): *Mar 14 09:26:1$i.300: %SYS-5-CONFIG_I: Configured from console by admin on vty0 (10.0.0.$i)"
		i=$((i + 1))
	done
} >"$tmp/ios.log"
info "$tmp/ios.log"
expect_match "$out" '^header: +<[a-z]*>: \*<time>:? ' "ios: the mark, then the time"
expect_match "$out" '^time: +20[0-9][0-9]-03-14 09:26:10.225000 \.\. 20[0-9][0-9]-03-14 09:26:19.300000$' "ios: dated stamps"

# months named in another language ("14 août 2026", "3 févr. 2026", as a
# program run in that locale writes them): dated stamps, not 1970's clocks
{
	i=0
	while [ $i -lt 10 ]; do
		printf '14 ao\303\273t 2026 09:26:1%d INFO d\303\251marrage du service %d\n' $i $i
		printf '3 f\303\251vr. 2026 09:26:1%d WARN connexion lente %d\n' $i $i
		i=$((i + 1))
	done
} >"$tmp/fr.log"
info "$tmp/fr.log"
expect_match "$out" '^header: +<time> <level> <message>$' "french months: the time, then the level"
expect_match "$out" '^time: +2026-02-03 09:26:10 \.\. 2026-08-14 09:26:19$' "french months: their dates"

# ISO 8601's ordinal date ("2026-073T09:26:10Z", the year's 73rd day)
{
	i=0
	while [ $i -lt 10 ]; do
		echo "2026-073T09:26:1$i.225Z INFO pass $i downlinked"
		i=$((i + 1))
	done
} >"$tmp/ordinal.log"
info "$tmp/ordinal.log"
expect_match "$out" '^header: +<time> <level> <message>$' "ordinal dates: the time"
expect_match "$out" '^time: +2026-03-14 09:26:10.225000 \.\. 2026-03-14 09:26:19.225000$' "ordinal dates: day 73 is March 14"

# a level in brackets with a colon after it ("[info]:", Fluentd's): the
# level, not a program; the message starts after the colon
{
	i=0
	while [ $i -lt 10 ]; do
		echo "2026-03-14 09:26:1$i +0000 [info]: #0 starting fluentd worker pid=1$i ppid=7 worker=0"
		echo "2026-03-14 09:26:1$i +0000 [warn]: #0 [out_es] failed to flush the buffer. retry_times=$i"
		i=$((i + 1))
	done
} >"$tmp/fluentd.log"
info "$tmp/fluentd.log"
expect_match "$out" '^header: +<time> \[<level>\]: ' "[level]: the level"
tpl=$("$LOGLAB" label "$tmp/fluentd.log" --templates 2>&1)
case $tpl in *'[info]:'*) fail "[level]: the level is no part of the message" ;; *) ok ;; esac

# a US date with month and day unpadded ("3/14/2026 9:26:10 AM", .NET's
# and Windows' way): the date read, not a clock on 1970-01-01
{
	i=0
	while [ $i -lt 10 ]; do
		echo "3/4/2026 1:05:0$i PM - Info - service started $i"
		i=$((i + 1))
	done
} >"$tmp/us.log"
info "$tmp/us.log"
expect_match "$out" '^header: +<time> - <level> - <message>$' "unpadded US date: the stamp whole"
expect_match "$out" '^time: +2026-03-04 13:05:00 \.\. 2026-03-04 13:05:09$' "unpadded US date: its day"

# Nextflow joins the month's name and the day with a dash ("Mar-14
# 09:26:10.225"): a stamp of the year the file was written, not a word and
# a clock on 1970-01-01
{
	i=0
	while [ $i -lt 10 ]; do
		echo "Mar-14 09:26:1$i.225 [main] DEBUG nextflow.cli.Launcher - \$> nextflow run main.nf -resume $i"
		echo "Mar-14 09:26:1$i.300 [Task monitor] INFO  nextflow.Session - Execution complete"
		i=$((i + 1))
	done
} >"$tmp/nextflow.log"
info "$tmp/nextflow.log"
expect_match "$out" '^header: +<time> \[<context>\] <level> ' "month-day: the time"
expect_match "$out" '^time: +20[0-9][0-9]-03-14 09:26:10.225000 \.\. 20[0-9][0-9]-03-14 09:26:19.300000$' "month-day: dated"

# Rust's tracing writes a span's fields in braces before its target
# ("request{method=GET uri=/items/7}: myapp::db: ..."): the span is one
# field, blanks and all, not a host and pairs of the header
{
	i=0
	while [ $i -lt 10 ]; do
		echo "2026-03-14T09:26:1${i}.225036Z  INFO request{method=GET uri=/items/$i version=HTTP/1.1}: tower_http::trace::on_request: started processing request"
		echo "2026-03-14T09:26:1${i}.300112Z DEBUG request{method=GET uri=/items/$i version=HTTP/1.1}:fetch{id=$i}: myapp::db: query done rows=1"
		i=$((i + 1))
	done
} >"$tmp/tracing.log"
info "$tmp/tracing.log"
expect_match "$out" '^header: +<time> <level> <component>: <component2>: <message>' "tracing spans: a field each"
tpl=$("$LOGLAB" label "$tmp/tracing.log" --templates 2>&1)
expect_match "$tpl" ' started processing request$' "tracing spans: the message after the target"

# PHP's error log writes the zone inside the bracket ("[14-Mar-2026
# 09:26:10 UTC]"): part of the stamp, not a field of its own
{
	i=0
	while [ $i -lt 10 ]; do
		echo "[14-Mar-2026 09:26:1$i UTC] PHP Warning:  Undefined variable \$x$i in /var/www/index.php on line $i"
		echo "[14-Mar-2026 09:26:1$i UTC] PHP Notice:  Undefined index: id in /var/www/a.php on line 3"
		i=$((i + 1))
	done
} >"$tmp/php_errors.log"
info "$tmp/php_errors.log"
expect_match "$out" '^header: +\[<time>\] ' "zone in the bracket: the stamp's"
expect_match "$out" '^time: +2026-03-14 09:26:10 \.\. 2026-03-14 09:26:19$' "zone in the bracket: its time"

# grep -n glues each line's number to it with a colon ("12:2026-03-14
# 09:26:10.225 | INFO ..."): the number, then the dated time, not a word
# and a clock on 1970-01-01
{
	i=0
	while [ $i -lt 10 ]; do
		echo "$((2 * i + 1)):2026-03-14 09:26:1$i.225 | INFO     | __main__:main:1$i - Started worker $i"
		echo "$((2 * i + 2)):2026-03-14 09:26:1$i.300 | WARNING  | app.db:query:4$i - Slow query took 1.$i s"
		i=$((i + 1))
	done
} >"$tmp/grepn.log"
info "$tmp/grepn.log"
expect_match "$out" '^header: +<id>:<time> \| <level> \| ' "grep -n: the number, then the time"
expect_match "$out" '^time: +2026-03-14 09:26:10.225000 \.\. 2026-03-14 09:26:19.300000$' "grep -n: dated"

# a server's CSV log under a legend of a dozen lines and more (Windows'
# DHCP server writes its event ids above the header): the legend is a
# preamble, the table below it is read
{
	printf '\t\tDHCP Service Activity Log\n\n\nEvent ID  Meaning\n'
	k=0
	while [ $k -lt 14 ]; do
		printf '%02d\tA lease event of kind %d happened.\n' $((10 + k)) $k
		k=$((k + 1))
	done
	printf '\nQResult: 0: NoQuarantine, 1:Quarantine, 2:Drop Packet, 3:Probation\n\n'
	echo 'ID,Date,Time,Description,IP Address,Host Name,MAC Address,TransactionID,QResult'
	i=0
	while [ $i -lt 10 ]; do
		echo "10,03/14/2026,09:26:1$i,Assign,10.0.0.$i,host$i.corp,00155D01020$i,12345$i,0"
		echo "11,03/14/2026,09:27:1$i,Renew,10.0.0.$i,host$i.corp,00155D01020$i,22345$i,0"
		i=$((i + 1))
	done
} >"$tmp/dhcp.log"
info "$tmp/dhcp.log"
expect_match "$out" '^format: +csv ' "long preamble: a table"
expect_match "$out" '^rows: +20$' "long preamble: its rows"
expect_match "$out" 'the 21 lines above the header \(line 22\)' "long preamble: left out, said"

# reports of several kinds before the same words ("=PROGRESS REPORT====",
# "=ERROR REPORT===="): the kind is a field, every report a record with
# its own time, none the continuation of another
{
	i=0
	while [ $i -lt 10 ]; do
		echo "=PROGRESS REPORT==== 14-Mar-2026::09:26:1$i.225036 ==="
		echo "    supervisor: {local,sasl_sup}"
		echo "    started: [{pid,<0.4$i.0>},{name,alarm_handler}]"
		if [ $((i % 3)) -eq 0 ]; then
			echo ""
			echo "=ERROR REPORT==== 14-Mar-2026::09:26:1$i.300000 ==="
			echo "** Generic server foo terminating"
			echo "** Reason for termination == "
			echo "** {badarg,[{erlang,list_to_atom,[1]}]}"
		fi
		if [ $i -eq 4 ]; then
			echo "=WARNING REPORT==== 14-Mar-2026::09:26:1$i.400000 ==="
			echo "disk almost full"
		fi
		echo ""
		i=$((i + 1))
	done
} >"$tmp/sasl.log"
info "$tmp/sasl.log"
expect_match "$out" '^header: +<kind> REPORT==== <time> === <message>$' "report kinds: a field"
expect_match "$out" '^time: +2026-03-14 09:26:10.225036 \.\. 2026-03-14 09:26:19.300000$' "report kinds: the last report's own time"
expect_match "$out" '33 continuation lines took the time' "report kinds: the reports' bodies continue them"

# Tornado's and Jupyter's "[I 260314 09:26:10 web:2239]": a level of one
# letter, then the stamp, inside the bracket
{
	i=0
	while [ $i -lt 10 ]; do
		echo "[I 2026-03-14 09:26:1$i.225 ServerApp] Jupyter Server 2.0 is running at: http://localhost:888$i/"
		echo "[W 2026-03-14 09:26:1$i.300 ServerApp] 404 GET /api/kernels/$i (127.0.0.1) 1.2${i}ms"
		i=$((i + 1))
	done
} >"$tmp/jupyter.log"
info "$tmp/jupyter.log"
expect_match "$out" '^header: +\[<level> <time> <component>\] <message>$' "one-letter level in the bracket: the level and the time"
expect_match "$out" '^time: +2026-03-14 09:26:10.225000 \.\. 2026-03-14 09:26:19.300000$' "one-letter level in the bracket: its time"
{
	i=0
	while [ $i -lt 10 ]; do
		echo "[I 260314 09:26:1$i web:2239] 200 GET /p$i (127.0.0.1) 1.2${i}ms"
		echo "[W 260314 09:26:1$i iostream:1377] Read error on 12$i: Connection reset by peer"
		i=$((i + 1))
	done
} >"$tmp/tornado.log"
info "$tmp/tornado.log"
expect_match "$out" '^header: +\[<level> <time> <component>\] ' "yyMMdd in the bracket: the level and the time"
expect_match "$out" '^time: +2026-03-14 09:26:10 \.\. 2026-03-14 09:26:19$' "yyMMdd in the bracket: its time"

finish
