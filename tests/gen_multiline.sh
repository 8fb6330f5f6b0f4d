#!/bin/sh
# tests/gen_multiline.sh KIND BYTES [SEED] - a made-up log of multi-line
# records on standard output, about BYTES long (it stops after the first
# whole record past BYTES), the same bytes for the same arguments: the
# random numbers are Park and Miller's, whose products stay below 2^53 and
# so are exact in any awk's doubles, and neither awk's rand() nor a time
# function is used (checked with mawk; no other awk was at hand).
#
# The records are written as each system writes them; the names, queries
# and messages are this project's own. KIND is one of:
#   slow    a MySQL slow query log: a server banner, then per query
#           "# Time:", "# User@Host:", "# Query_time: ..." heads, "use",
#           "SET timestamp=" and the SQL, some of it over several lines,
#           unindented or indented; the banner again after a restart
#   java    log4j lines, some followed by a Java stack trace (frames
#           indented by a tab, "Caused by:" and "... N more" lines)
#   python  logging lines, some followed by a Python traceback, some
#           chained ("During handling of the above exception ...")
#   pg      PostgreSQL lines with their prefix, statements over several
#           lines with nothing before the continuation lines
#   go      Go log lines, and now and then a panic: the message, the
#           goroutines' frames (functions at the margin, files indented),
#           then the restarted service's lines
#   boxed   a queue manager's error log: each record between a rule above
#           its stamp line (a twelve-hour clock) and a rule naming the
#           source below it, indented details, a message and paragraphs
# Used by tests/cli/test_records_size.sh, and by hand to check that a log
# is read the same way at any size.
kind=${1:?usage: gen_multiline.sh slow|java|python|pg|go|boxed BYTES [SEED]}
bytes=${2:?usage: gen_multiline.sh KIND BYTES [SEED]}
seed=${3:-1}
case $kind in slow|java|python|pg|go|boxed) ;; *) echo "gen_multiline.sh: unknown kind '$kind'" >&2; exit 1 ;; esac

exec awk -v kind="$kind" -v bytes="$bytes" -v seed="$seed" '
function rnd(n) { st = (st * 16807) % 2147483647; return st % n }
function out(s) { print s; written += length(s) + 1 }
function pick(list,   a, k) { k = split(list, a, "|"); return a[rnd(k) + 1] }
# days since 1970-01-01 to a civil date (Hinnant), and back
function days_from(y, m, d,   era, yoe, doy, doe) {
	y -= m <= 2; era = int((y >= 0 ? y : y - 399) / 400); yoe = y - era * 400
	doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}
function civil(z,   era, doe, yoe, doy, mp, d, m, y) {
	z += 719468; era = int(z / 146097); doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
	m = mp + (mp < 10 ? 3 : -9); y += m <= 2
	return sprintf("%04d-%02d-%02d", y, m, d)
}
# the clock: ms since the epoch, moved on by up to span ms
function tick(span) { ms += rnd(span) + 1 }
function secs() { return int(ms / 1000) }
function date_(sep,   s) { s = civil(int(ms / 86400000)); if (sep != "-") gsub("-", sep, s); return s }
function clock(   s) { s = secs() % 86400; return sprintf("%02d:%02d:%02d", int(s / 3600), int(s / 60) % 60, s % 60) }
function frac(k) { return k == 3 ? sprintf("%03d", ms % 1000) : sprintf("%03d%03d", ms % 1000, rnd(1000)) }

function table() { return pick("orders|order_lines|customers|invoices|shipments|stock_moves|carts") }
function sql_one(   t, k) {
	t = table()
	k = rnd(5)
	if (k == 0) return sprintf("SELECT * FROM %s WHERE id = %d;", t, rnd(900000) + 1)
	if (k == 1) return sprintf("UPDATE %s SET state = \047%s\047 WHERE id = %d;", t, pick("open|paid|sent|held"),
		rnd(900000) + 1)
	if (k == 2) return sprintf("DELETE FROM %s WHERE created < NOW() - INTERVAL %d DAY LIMIT %d;", t, rnd(90) + 1, 1000)
	if (k == 3) return sprintf("INSERT INTO %s (ref, total) VALUES (\047R%06d\047, %d.%02d);", t, rnd(999999),
		rnd(5000), rnd(100))
	return sprintf("SELECT COUNT(*) FROM %s WHERE state = \047%s\047;", t, pick("open|paid|sent|held"))
}
# a statement over several lines; indent is what each line after the
# first starts with
function sql_lines(indent,   t) {
	t = table()
	out(sprintf("SELECT c.name, SUM(o.total) AS spent"))
	out(indent "FROM " t " o")
	out(indent "JOIN customers c ON c.id = o.customer_id")
	out(sprintf("%sWHERE o.created >= \0472026-%02d-01\047", indent, rnd(12) + 1))
	if (rnd(2)) out(indent "GROUP BY c.name")
	out(sprintf("%sORDER BY spent DESC LIMIT %d;", indent, (rnd(5) + 1) * 10))
}

function slow_banner() {
	out("/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:")
	out("Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock")
	out("Time                 Id Command    Argument")
}
function slow_record(   u, k) {
	tick(900)
	if (rnd(4000) == 0) slow_banner()
	u = pick("shop|report|batch|admin")
	out(sprintf("# Time: %sT%s.%sZ", date_("-"), clock(), frac(6)))
	out(sprintf("# User@Host: %s[%s] @ app%02d.internal [10.20.%d.%d]  Id: %5d", u, u, rnd(12) + 1, rnd(4),
		rnd(250) + 2, rnd(90000) + 10))
	out(sprintf("# Query_time: %d.%06d  Lock_time: 0.%06d Rows_sent: %d  Rows_examined: %d", rnd(12), rnd(1000000),
		rnd(2000), rnd(500), rnd(2000000)))
	if (rnd(6) == 0) out("use " pick("shop|reports|archive") ";")
	out(sprintf("SET timestamp=%d;", secs()))
	k = rnd(8)
	if (k == 0) sql_lines("")
	else if (k == 1) sql_lines("  ")
	else out(sql_one())
}

function java_stamp() { return sprintf("%s %s,%s", date_("-"), clock(), frac(3)) }
function java_class() {
	return "com.example." pick("shop|billing|stock") "." pick("OrderService|PaymentGateway|StockLedger|CartStore|InvoiceWriter")
}
function java_frames(n,   i) {
	for (i = 0; i < n; i++)
		out(sprintf("\tat %s.%s(%s.java:%d)", java_class(), pick("run|apply|load|commit|handle|lambda$submit$0"),
			pick("OrderService|PaymentGateway|StockLedger|Pool|Worker"), rnd(900) + 10))
}
function java_record(   lvl) {
	tick(400)
	lvl = rnd(10)
	if (lvl) {
		out(sprintf("%s %-5s [%s] %s - %s %d %s", java_stamp(), pick("INFO|INFO|INFO|DEBUG|WARN"),
			pick("main|worker-1|worker-2|http-nio-8080-exec-4"), java_class(), pick("order|payment|cart|invoice"),
			rnd(99999), pick("placed|settled|reserved|closed|retried")))
		return
	}
	out(sprintf("%s ERROR [%s] %s - %s %d failed", java_stamp(), pick("worker-1|worker-2|scheduler"), java_class(),
		pick("order|payment|stock move"), rnd(99999)))
	out(pick("java.lang.IllegalStateException|java.io.IOException|java.sql.SQLTransientConnectionException") ": " \
	    pick("pool closed|connection reset|lock wait timeout|no route to ledger"))
	java_frames(rnd(20) + 3)
	if (rnd(2)) {
		out("Caused by: " pick("java.net.SocketTimeoutException|java.io.EOFException") ": " \
		    pick("read timed out|unexpected end of stream"))
		java_frames(rnd(6) + 1)
		out(sprintf("\t... %d more", rnd(30) + 1))
	}
}

function py_stamp() { return sprintf("%s %s,%s", date_("-"), clock(), frac(3)) }
function py_traceback(   i, n) {
	out("Traceback (most recent call last):")
	n = rnd(6) + 1
	for (i = 0; i < n; i++) {
		out(sprintf("  File \"/srv/app/%s.py\", line %d, in %s", pick("jobs|ledger|mailer|api/views|db/session"),
			rnd(400) + 1, pick("run|handle|apply|_retry|post")))
		out("    " pick("result = handler(payload)|row = session.execute(query).one()|" \
		    "return self._send(msg, timeout=30)|total += line.amount"))
	}
	out(pick("KeyError: \047customer_id\047|ValueError: amount must be positive|" \
	    "TimeoutError: mail relay did not answer|ZeroDivisionError: division by zero"))
}
function python_record() {
	tick(400)
	if (rnd(9)) {
		out(sprintf("%s %s %s: %s %d %s", py_stamp(), pick("INFO|INFO|DEBUG|WARNING"), pick("worker.jobs|api.views|ledger.sync"),
			pick("job|request|batch"), rnd(99999), pick("done|queued|started|skipped")))
		return
	}
	out(sprintf("%s ERROR %s: %s %d failed", py_stamp(), pick("worker.jobs|ledger.sync"), pick("job|batch"), rnd(99999)))
	py_traceback()
	if (rnd(3) == 0) {
		out("")
		out("During handling of the above exception, another exception occurred:")
		out("")
		py_traceback()
	}
}

function pg_prefix() { return sprintf("%s %s.%s UTC [%d]", date_("-"), clock(), frac(3), pid) }
function pg_record(   k) {
	tick(400)
	pid = 4100 + rnd(16) * 37 # a pool of backends, as a server runs
	k = rnd(6)
	if (k == 0) {
		out(sprintf("%s LOG:  duration: %d.%03d ms  statement: SELECT c.name, SUM(o.total) AS spent", pg_prefix(),
			rnd(4000), rnd(1000)))
		out("\t  FROM orders o")
		out("\t  JOIN customers c ON c.id = o.customer_id")
		out(sprintf("\t WHERE o.created >= \0472026-%02d-01\047", rnd(12) + 1))
		out("\t GROUP BY c.name;")
	} else if (k == 1) {
		out(sprintf("%s ERROR:  duplicate key value violates unique constraint \"%s_pkey\"", pg_prefix(), table()))
		out(sprintf("%s DETAIL:  Key (id)=(%d) already exists.", pg_prefix(), rnd(900000)))
		out(sprintf("%s STATEMENT:  INSERT INTO %s (id, ref)", pg_prefix(), table()))
		out(sprintf("VALUES (%d, \047R%06d\047);", rnd(900000), rnd(999999)))
	} else if (k == 2) {
		out(sprintf("%s LOG:  statement: UPDATE %s", pg_prefix(), table()))
		out(sprintf("SET state = \047%s\047", pick("open|paid|sent|held")))
		out(sprintf("WHERE id = %d;", rnd(900000)))
	} else {
		out(sprintf("%s LOG:  %s", pg_prefix(), pick("checkpoint starting: time|" \
		    "automatic vacuum of table \"shop.public.orders\": index scans: 1|" \
		    "connection received: host=10.20.1.7 port=51234|disconnection: session time: 0:00:01.204")))
	}
}

function go_stamp() { return sprintf("%s %s", date_("/"), clock()) }
function go_panic(   g, i, n, k) {
	out(pick("panic: runtime error: invalid memory address or nil pointer dereference|" \
	    "panic: runtime error: index out of range [5] with length 3|panic: ledger: negative balance"))
	if (rnd(2)) out(sprintf("[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x%x]", rnd(9000000) + 4194304))
	n = rnd(3) + 1
	for (g = 0; g < n; g++) {
		out("")
		out(sprintf("goroutine %d [%s]:", rnd(5000) + 1, g ? pick("select|IO wait|chan receive") : "running"))
		k = rnd(6) + 2
		for (i = 0; i < k; i++) {
			out(sprintf("%s(0x%x, 0x%x)", pick("main.(*Server).handle|shop/ledger.(*Book).Post|shop/api.decodeOrder|" \
			    "net/http.HandlerFunc.ServeHTTP|main.main"), rnd(9000000) + 12582912, rnd(4000)))
			out(sprintf("\t/srv/shop/%s.go:%d +0x%x", pick("server|ledger/book|api/order|cmd/shop/main"), rnd(400) + 1,
				rnd(900) + 16))
		}
		out(sprintf("created by %s in goroutine %d", pick("net/http.(*Server).Serve|main.startWorkers"), rnd(20) + 1))
		out(sprintf("\t/usr/local/go/src/net/http/server.go:%d +0x%x", rnd(4000) + 1, rnd(900) + 16))
	}
	out("exit status 2")
}
function go_record() {
	tick(400)
	if (rnd(60) == 0) { go_panic(); return }
	out(sprintf("%s %s: %s /api/%s %d %dms", go_stamp(), pick("server|ledger|api"), pick("GET|GET|POST|PUT"),
		pick("orders|carts|stock|invoices"), pick("200|200|201|404|500"), rnd(900) + 1))
}

function boxed_record(   s, h) {
	tick(90000)
	s = secs() % 86400; h = int(s / 3600) % 12
	out("-------------------------------------------------------------------------------")
	out(sprintf("%s/%s/%s %02d:%02d:%02d %s - Process(%d.%d) User(qmadmin) Program(%s)", substr(date_("-"), 6, 2),
		substr(date_("-"), 9, 2), substr(date_("-"), 1, 4), h ? h : 12, int(s / 60) % 60, s % 60, s < 43200 ? "AM" : "PM",
		3000 + rnd(40), rnd(9) + 1, pick("qmgrd|chanrun|qlistener")))
	out("                    Host(broker01) Installation(Default)")
	out("                    Version(4.2.0) QMgr(SHOP.QM1)")
	out(sprintf("                    Time(%sT%s.%sZ)", date_("-"), clock(), frac(3)))
	out("")
	out(sprintf("QM%04d%s: %s", 9000 + rnd(999), pick("E|W|I"), pick("Channel \047TO.STOCK\047 ended abnormally.|" \
	    "The listener for port 1414 was stopped.|Log file 42 of 60 in use; free space is short.|" \
	    "Error sending data to host \04710.20.0.7(1414)\047.")))
	out("")
	out("EXPLANATION:")
	out(sprintf("The program serving channel %d stopped before its peer answered. The peer", rnd(90) + 1))
	out("may have closed the connection, or the network between them dropped it.")
	out("ACTION:")
	out("Read the messages logged before this one for the channel, and start the")
	out("channel again once its peer is reachable.")
	out(sprintf("----- %s.c : %d --------------------------------------------------------", pick("chansend|listen|logmgr"),
		rnd(2000) + 100))
}

BEGIN {
	st = seed % 2147483646 + 1
	ms = days_from(2026, 12, 6) * 86400000 + 7 * 3600000
	if (kind == "slow") slow_banner()
	while (written < bytes) {
		if (kind == "slow") slow_record()
		else if (kind == "java") java_record()
		else if (kind == "python") python_record()
		else if (kind == "pg") pg_record()
		else if (kind == "go") go_record()
		else boxed_record()
	}
}'
