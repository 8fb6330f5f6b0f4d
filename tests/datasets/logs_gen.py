#!/usr/bin/env python3
"""Random log files of known fields, in the shapes common tools write.

Each shape is a function (rng) -> (lines, records, mtime): the text lines
of one file, the fields each line holds (time as epoch seconds, UTC; level,
host, program, pid, message and the like where the shape writes them) and
the modification time to give the file (which sets the year of stamps that
have none). A record's "also" maps a field to another reading that loglab
documents and the check accepts (a quoted value's escapes kept as written). Values are random but plausible, chosen to hit edges: host names
with dots, dashes and digits, programs with dots, slashes and dashes, every
fraction width, zones and none, messages holding paths, addresses, quotes,
brackets, colons, key=value fragments and text that looks like a time or a
level. Used by logs_python.py; `logs_gen.py SHAPE SEED` prints one file.
"""
import calendar
import random
import sys

MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
WORDS = ['connection', 'closed', 'by', 'user', 'started', 'session', 'failed', 'to', 'open',
         'file', 'disk', 'full', 'retrying', 'in', 'timeout', 'waiting', 'for', 'lock', 'ok',
         'request', 'done', 'the', 'cache', 'miss', 'worker', 'exited', 'Accepted', 'password',
         'Stopping', 'Reached', 'target', 'device', 'not', 'ready', 'queue', 'drained', 'GC']
LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL']
JAVA_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR']
GO_NAMES = ['main', 'server', 'handler', 'raft', 'store', 'cache', 'kube_client', 'x']


def host_name(rng):
    kind = rng.random()
    base = rng.choice(['web', 'db', 'node', 'ip-10-0-3-17', 'srv', 'k8s-worker', 'mail', 'gw'])
    if kind < 0.3:
        return base + str(rng.randint(0, 99))
    if kind < 0.5:
        return '%s-%d' % (base, rng.randint(1, 20))
    if kind < 0.75:
        return '%s%02d.%s' % (base, rng.randint(1, 40), rng.choice(['example.com', 'corp.local', 'eu-west-1.compute.internal', 'lan']))
    if kind < 0.85:
        return '10.%d.%d.%d' % (rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))
    return base


def program_name(rng):
    return rng.choice(['sshd', 'CRON', 'systemd', 'kernel', 'dhclient', 'postfix/smtpd', 'postfix/qmgr',
                       'org.gnome.Shell.desktop', 'systemd-logind', 'NetworkManager', 'kube-apiserver',
                       'python3.11', 'nginx', '/usr/sbin/cron', 'dbus-daemon', 'su', 'sudo', 'my_app',
                       'containerd', 'rsyslogd', 'gnome-shell', 'com.apple.xpc.launchd', 'sshd(pam_unix)',
                       'kube-proxy', 'ntpd_intres', 'snapd', 'run-parts', 'audit', '70-persistent-net'])


def ip(rng):
    return '%d.%d.%d.%d' % (rng.randint(1, 223), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))


def fragment(rng):
    """One piece of a message: a word most often, else an edge."""
    r = rng.random()
    if r < 0.45:
        return rng.choice(WORDS)
    if r < 0.52:
        return str(rng.randint(0, 100000))
    if r < 0.57:
        return rng.choice(['/var/log/syslog', '/etc/ssl/certs/ca.pem', 'C:\\Temp\\x.log', './a/b.c', '/'])
    if r < 0.62:
        return ip(rng) + rng.choice(['', ':%d' % rng.randint(1, 65535)])
    if r < 0.66:
        return '"%s %s"' % (rng.choice(WORDS), rng.choice(WORDS))
    if r < 0.70:
        return '[%s]' % rng.choice(WORDS + ['1', 'pid 12', 'ok'])
    if r < 0.74:
        return '%s:' % rng.choice(WORDS)
    if r < 0.79:
        return '%s=%s' % (rng.choice(['user', 'id', 'status', 'took', 'level', 'msg', 'ts']),
                          rng.choice(['42', 'bob', '3.5ms', '"a b"', 'error', '']))
    if r < 0.83:
        return rng.choice(['12:00:01', '2024-02-29', '2024-02-29T10:00:00Z', '10:00:00.123', 'Jan  1', '1700000000'])
    if r < 0.87:
        return rng.choice(['ERROR', 'INFO', 'WARN', 'error:', 'Warning:', 'FATAL', 'debug'])
    if r < 0.90:
        return rng.choice(['(root)', '{}', '{"a":1}', '<none>', '->', '|', '-', '#3', '100%'])
    if r < 0.93:
        return rng.choice(['caf\u00e9', 'Stra\u00dfe', '\u65e5\u672c', 'na\u00efve'])
    return rng.choice(WORDS).upper()


def message(rng):
    n = rng.choice([1, 2, 3, 4, 5, 6, 8, 12])
    parts = [fragment(rng) for _ in range(n)]
    s = ' '.join(parts)
    if rng.random() < 0.04:
        s = s.replace(' ', '  ', 1)
    return s


def clock(rng, start, n, spread=None):
    """n times (epoch seconds, float) from start, each at or after the last."""
    spread = spread or rng.choice([1, 5, 60, 3600])
    t, out = start, []
    for _ in range(n):
        t += rng.random() * spread
        out.append(t)
    return out


def start_time(rng, lo=2019, hi=2027):
    y = rng.randint(lo, hi)
    return calendar.timegm((y, 1, 1, 0, 0, 0)) + rng.random() * 365 * 86400


def civil(t):
    whole = int(t // 1)
    return __import__('time').gmtime(whole), t - whole


def frac(t, digits):
    """The fraction of t written with digits places (truncated), and its value."""
    f = t - int(t // 1)
    n = int(f * 10 ** digits)
    return ('%0*d' % (digits, n)) if digits else '', n / 10 ** digits if digits else 0.0


def iso(t, sep='T', digits=3, zone='Z', dsep='-', fsep='.'):
    """An ISO 8601 stamp of UTC time t written in zone ('Z', '+hh:mm', '+hhmm' or '');
    returns the text and the epoch it denotes (fraction truncated)."""
    off = 0
    if zone not in ('Z', ''):
        sign = 1 if zone[0] == '+' else -1
        hh, mm = int(zone[1:3]), int(zone[-2:])
        off = sign * (hh * 3600 + mm * 60)
    tm, _ = civil(t + off)
    fs, fv = frac(t, digits)
    text = '%04d%s%02d%s%02d%s%02d:%02d:%02d' % (tm.tm_year, dsep, tm.tm_mon, dsep, tm.tm_mday, sep,
                                              tm.tm_hour, tm.tm_min, tm.tm_sec)
    if digits:
        text += fsep + fs
    text += zone
    return text, int(t // 1) + fv


def zone_choice(rng):
    return rng.choice(['Z', '', '+00:00', '+01:00', '-05:00', '+05:30', '-08:00', '+09:00', '+0530', '-0800'])


def level_word(rng, levels=LEVELS):
    return rng.choice(levels)


def year_mtime(rng, times):
    """The mtime for a yearless file: after its last line, within weeks."""
    return times[-1] + rng.random() * 20 * 86400


def bsd(t):
    tm, _ = civil(t)
    return '%s %2d %02d:%02d:%02d' % (MONTHS[tm.tm_mon - 1], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec)


def yearless_start(rng):
    if rng.random() < 0.1:  # a log over the turn of a year
        y = rng.randint(2020, 2026)
        return calendar.timegm((y, 12, 31, 23, 0, 0))
    return start_time(rng, 2020, 2026)


def python_trace(rng):
    return ['Traceback (most recent call last):',
            '  File "/srv/app/%s.py", line %d, in %s' % (rng.choice(['views', 'db', 'tasks']), rng.randint(1, 900),
                                                         rng.choice(['<module>', 'run', 'handle'])),
            '    %s' % rng.choice(['conn.execute(q)', 'return self.get(key)', 'x = int(s)']),
            '%s: %s' % (rng.choice(['ValueError', 'KeyError', 'ConnectionResetError']), message(rng))]


def java_trace(rng):
    out = ['%s: %s' % (rng.choice(['java.lang.NullPointerException', 'java.io.IOException',
                                   'org.springframework.dao.DataAccessException']), message(rng))]
    for _ in range(rng.randint(1, 5)):
        out.append('\tat %s.%s(%s.java:%d)' % (rng.choice(['com.example.App', 'org.x.Pool', 'java.base/java.lang.Thread']),
                                              rng.choice(['run', 'get', 'lambda$0']), rng.choice(['App', 'Pool', 'Thread']),
                                              rng.randint(1, 999)))
    if rng.random() < 0.3:
        out += ['Caused by: java.net.SocketTimeoutException: Read timed out', '\t... %d more' % rng.randint(1, 40)]
    return out


def with_traces(rng, lines, recs, trace):
    """Lines that continue a record (a stack trace under an error), in a
    third of the files: each is a row of its own that takes the time and
    header fields of the record it continues, the line itself its message."""
    if rng.random() >= 0.3:
        return lines, recs
    out_l, out_r = [], []
    for line, rec in zip(lines, recs):
        out_l.append(line)
        out_r.append(rec)
        if rng.random() < 0.1:
            for cont in trace(rng):
                c = dict(rec, message=cont)
                c.pop('also', None)
                out_l.append(cont)
                out_r.append(c)
    return out_l, out_r


def n_lines(rng):
    return rng.choice([3, 4, 7, 12, 30, 60, 150, 300])


def shape_rfc3164(rng):
    n = n_lines(rng)
    times = [int(t) for t in clock(rng, yearless_start(rng), n)]
    host = host_name(rng)
    pids = rng.random()
    pri = rng.random() < 0.15
    lines, recs = [], []
    for t in times:
        prog = program_name(rng)
        pid = rng.randint(1, 4194304) if rng.random() < pids else None
        msg = message(rng)
        tag = prog + ('[%d]' % pid if pid is not None else '')
        lines.append('%s%s %s %s: %s' % ('<%d>' % rng.randint(0, 191) if pri else '', bsd(t), host, tag, msg))
        recs.append({'time': t, 'host': host, 'program': prog, 'pid': pid, 'message': msg})
    return lines, recs, year_mtime(rng, times)


def shape_rfc5424(rng):
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    host = host_name(rng)
    digits = rng.choice([0, 3, 6])
    zone = rng.choice(['Z', '+00:00', '+02:00', '-07:00'])
    lines, recs = [], []
    for t in times:
        app = rng.choice([program_name(rng), '-']) if rng.random() < 0.3 else program_name(rng).replace('/', '.')
        pid = rng.choice([str(rng.randint(1, 99999)), '-'])
        msgid = rng.choice(['-', 'ID47', 'tcpin'])
        sd = rng.choice(['-', '[exampleSDID@32473 iut="3" eventSource="App"]',
                         '[meta sequenceId="%d"][origin ip="%s"]' % (rng.randint(1, 999), ip(rng))])
        msg = message(rng)
        stamp, v = iso(t, digits=digits, zone=zone)
        lines.append('<%d>1 %s %s %s %s %s %s %s' % (rng.randint(0, 191), stamp, host, app, pid, msgid, sd, msg))
        recs.append({'time': v, 'host': host, 'program': None if app == '-' else app,
                     'pid': None if pid == '-' else int(pid), 'message': msg})
    return lines, recs, times[-1] + 60


def shape_iso(rng):
    """STAMP [LEVEL] message: the plain shape many programs write."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    sep = rng.choice(['T', ' '])
    digits = rng.choice([0, 3, 6, 9])
    zone = zone_choice(rng)
    fsep = rng.choice(['.', '.', ','])
    with_level = rng.random() < 0.6
    bracket = with_level and rng.random() < 0.3
    levels = rng.choice([LEVELS, ['debug', 'info', 'warn', 'error'], ['Info', 'Warning', 'Error'],
                         ['TRACE', 'DEBUG', 'INFO', 'NOTICE', 'WARN', 'ERR', 'CRIT', 'ALERT', 'EMERG']])
    lines, recs = [], []
    for t in times:
        stamp, v = iso(t, sep=sep, digits=digits, zone=zone, fsep=fsep)
        msg = message(rng)
        rec = {'time': v, 'message': msg}
        if with_level:
            lv = level_word(rng, levels)
            rec['level'] = lv
            lines.append('%s %s %s' % (stamp, '[%s]' % lv if bracket else lv, msg))
        else:
            lines.append('%s %s' % (stamp, msg))
        recs.append(rec)
    return lines, recs, times[-1] + 60


def py_asctime(t):
    tm, _ = civil(t)
    ms = int((t - int(t // 1)) * 1000)
    return '%04d-%02d-%02d %02d:%02d:%02d,%03d' % (tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour,
                                                  tm.tm_min, tm.tm_sec, ms), int(t // 1) + ms / 1000


def logger_name(rng):
    return rng.choice(['root', '__main__', 'app', 'app.db', 'urllib3.connectionpool', 'django.request',
                       'celery.worker.strategy', 'my-service', 'werkzeug'])


def shape_python(rng):
    """Python logging: '%(asctime)s - %(name)s - %(levelname)s - %(message)s' or its kin."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    form = rng.choice(['dash', 'space', 'flask'])
    lines, recs = [], []
    for t in times:
        stamp, v = py_asctime(t)
        name, lv, msg = logger_name(rng), level_word(rng), message(rng)
        if form == 'dash':
            lines.append('%s - %s - %s - %s' % (stamp, name, lv, msg))
        elif form == 'space':
            lines.append('%s %s %s: %s' % (stamp, lv, name, msg))
        else:
            lines.append('[%s] %s in %s: %s' % (stamp, lv, name.split('.')[-1], msg))
            name = name.split('.')[-1]
        recs.append({'time': v, 'logger': name, 'level': lv, 'message': msg})
    lines, recs = with_traces(rng, lines, recs, python_trace)
    return lines, recs, times[-1] + 60


def java_logger(rng):
    return rng.choice(['com.example.App', 'o.s.web.servlet.DispatcherServlet', 'org.hibernate.SQL',
                       'c.e.s.OrderService', 'io.netty.util.ResourceLeakDetector', 'Main', 'kafka.server.KafkaServer'])


def shape_log4j(rng):
    """'%d{yyyy-MM-dd HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg'."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    lines, recs = [], []
    for t in times:
        stamp, v = iso(t, sep=' ', digits=3, zone='')
        th = rng.choice(['main', 'thread-1', 'pool-2-thread-3', 'http-nio-8080-exec-7', 'kafka-producer-network-thread | producer-1', 'Timer-0'])
        lv, lg, msg = level_word(rng, JAVA_LEVELS), java_logger(rng), message(rng)
        lines.append('%s [%s] %-5s %s - %s' % (stamp, th, lv, lg, msg))
        recs.append({'time': v, 'thread': th, 'level': lv, 'logger': lg, 'message': msg})
    lines, recs = with_traces(rng, lines, recs, java_trace)
    return lines, recs, times[-1] + 60


def shape_spring(rng):
    """Spring Boot's console pattern: stamp, level, pid, '---', [thread], logger, ':' message."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    pid = rng.randint(1, 99999)
    zone = rng.choice(['+00:00', '+01:00', '-04:00'])
    lines, recs = [], []
    for t in times:
        stamp, v = iso(t, digits=3, zone=zone)
        th = rng.choice(['main', 'restartedMain', 'http-nio-8080-exec-1', 'task-2'])
        lv, lg, msg = level_word(rng, JAVA_LEVELS), java_logger(rng), message(rng)
        lines.append('%s %5s %d --- [%15s] %-40s : %s' % (stamp, lv, pid, th[-15:], lg, msg))
        recs.append({'time': v, 'level': lv, 'pid': pid, 'logger': lg, 'message': msg})
    lines, recs = with_traces(rng, lines, recs, java_trace)
    return lines, recs, times[-1] + 60


def shape_golog(rng):
    """Go's log package: 'yyyy/mm/dd hh:mm:ss[.micro] [file.go:N: ]message'."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    micro = rng.random() < 0.4
    short = rng.random() < 0.3
    lines, recs = [], []
    for t in times:
        tm, _ = civil(t)
        stamp = '%04d/%02d/%02d %02d:%02d:%02d' % (tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec)
        v = float(int(t // 1))
        if micro:
            fs, fv = frac(t, 6)
            stamp += '.' + fs
            v += fv
        msg = message(rng)
        rec = {'time': v, 'message': msg}
        if short:
            src = '%s.go:%d' % (rng.choice(GO_NAMES), rng.randint(1, 999))
            lines.append('%s %s: %s' % (stamp, src, msg))
            rec['source'] = src
        else:
            lines.append('%s %s' % (stamp, msg))
        recs.append(rec)
    return lines, recs, times[-1] + 60


def shape_glog(rng):
    """glog / klog: 'Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg' (no year)."""
    n = n_lines(rng)
    times = clock(rng, yearless_start(rng), n)
    # the number is the writing thread's id: a process has a few
    threads = [rng.randint(1, 4194304) for _ in range(rng.randint(1, 4))]
    lines, recs = [], []
    for t in times:
        tm, _ = civil(t)
        fs, fv = frac(t, 6)
        lv = rng.choice('IWEF')
        pid = rng.choice(threads)
        src = '%s.go:%d' % (rng.choice(GO_NAMES), rng.randint(1, 9999))
        msg = message(rng)
        lines.append('%s%02d%02d %02d:%02d:%02d.%s %7d %s] %s' % (lv, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min,
                                                                  tm.tm_sec, fs, pid, src, msg))
        recs.append({'time': int(t // 1) + fv, 'level': lv, 'pid': pid, 'source': src, 'message': msg})
    return lines, recs, year_mtime(rng, times)


def shape_access(rng):
    """Apache / nginx combined access lines."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    zone = rng.choice(['+0000', '+0100', '-0700', '+0530'])
    lines, recs = [], []
    for t in times:
        off = (1 if zone[0] == '+' else -1) * (int(zone[1:3]) * 3600 + int(zone[3:]) * 60)
        tm, _ = civil(t + off)
        stamp = '%02d/%s/%04d:%02d:%02d:%02d %s' % (tm.tm_mday, MONTHS[tm.tm_mon - 1], tm.tm_year, tm.tm_hour,
                                                   tm.tm_min, tm.tm_sec, zone)
        client = ip(rng) if rng.random() < 0.9 else '2001:db8::%x' % rng.randint(1, 65535)
        user = rng.choice(['-', '-', 'bob', 'alice@example.com'])
        method = rng.choice(['GET', 'GET', 'POST', 'HEAD', 'PUT', 'DELETE'])
        path = rng.choice(['/', '/index.html', '/api/v1/items?id=%d&x=a%%20b' % rng.randint(1, 99), '/static/app.js',
                           '/wp-login.php', '/a/b/c"d'])
        status = rng.choice([200, 200, 204, 301, 304, 400, 404, 500, 502])
        size = rng.choice(['-', str(rng.randint(0, 10 ** 6))])
        ref = rng.choice(['-', 'https://example.com/', 'http://x.test/p?q=1'])
        agent = rng.choice(['-', 'curl/8.5.0', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)',
                            'Go-http-client/1.1', 'kube-probe/1.29'])
        req = '%s %s HTTP/%s' % (method, path, rng.choice(['1.0', '1.1', '2.0']))
        lines.append('%s - %s [%s] "%s" %d %s "%s" "%s"' % (client, user, stamp, req.replace('"', '\\"'), status,
                                                           size, ref, agent))
        rec = {'time': float(int(t // 1)), 'client': client, 'user': None if user == '-' else user,
               'status': status, 'method': method, 'path': path}
        if '"' in path:  # loglab keeps a quoted field's escapes as written
            rec['also'] = {'path': path.replace('"', '\\"')}
        recs.append(rec)
    return lines, recs, times[-1] + 60


def logfmt_value(s):
    if s == '' or any(c in s for c in ' ="\\'):
        return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'
    return s


def shape_logfmt(rng):
    """logfmt: ts=... level=... msg=... and other pairs, keys in a fixed order or not."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    tkey = rng.choice(['ts', 'time', 't'])
    lkey = rng.choice(['level', 'lvl'])
    digits = rng.choice([0, 3, 6, 9])
    zone = rng.choice(['Z', '+00:00', '-03:00'])
    lower = rng.random() < 0.7
    lines, recs = [], []
    for t in times:
        stamp, v = iso(t, digits=digits, zone=zone)
        lv = level_word(rng, ['debug', 'info', 'warn', 'error']) if lower else level_word(rng)
        msg = message(rng)
        pairs = [(tkey, stamp), (lkey, lv), ('msg', msg)]
        for _ in range(rng.randint(0, 3)):
            pairs.append((rng.choice(['caller', 'component', 'user', 'took', 'err']), rng.choice(['a.go:12', 'db', '3ms', 'x y'])))
        lines.append(' '.join('%s=%s' % (k, logfmt_value(val)) for k, val in pairs))
        rec = {'time': v, 'level': lv, 'message': msg}
        quoted = logfmt_value(msg)
        if quoted != msg and quoted[1:-1] != msg:  # escapes are kept as written (ds_kvmsg.h)
            rec['also'] = {'message': quoted[1:-1]}
        recs.append(rec)
    return lines, recs, times[-1] + 60


def shape_journal_iso(rng):
    """journalctl -o short-iso: '2026-12-07T01:23:45+0000 host prog[pid]: msg'."""
    n = n_lines(rng)
    times = [int(t) for t in clock(rng, start_time(rng), n)]
    host = host_name(rng)
    zone = rng.choice(['+0000', '+0100', '-0500', '+09:00', '+00:00'])
    micro = rng.random() < 0.3
    lines, recs = [], []
    for t in times:
        z = zone if ':' in zone else zone[:3] + ':' + zone[3:]
        stamp, v = iso(t, digits=6 if micro else 0, zone=z)
        if ':' not in zone:
            stamp = stamp[:-6] + zone
        prog = program_name(rng)
        pid = rng.randint(1, 99999) if rng.random() < 0.8 else None
        msg = message(rng)
        lines.append('%s %s %s%s: %s' % (stamp, host, prog, '[%d]' % pid if pid is not None else '', msg))
        recs.append({'time': v, 'host': host, 'program': prog, 'pid': pid, 'message': msg})
    return lines, recs, times[-1] + 60


def shape_journal_precise(rng):
    """journalctl -o short-precise: 'Dec 07 01:23:45.678901 host prog[pid]: msg' (no year)."""
    n = n_lines(rng)
    times = clock(rng, yearless_start(rng), n)
    host = host_name(rng)
    lines, recs = [], []
    for t in times:
        tm, _ = civil(t)
        fs, fv = frac(t, 6)
        prog = program_name(rng)
        pid = rng.randint(1, 99999) if rng.random() < 0.8 else None
        msg = message(rng)
        lines.append('%s %02d %02d:%02d:%02d.%s %s %s%s: %s' % (MONTHS[tm.tm_mon - 1], tm.tm_mday, tm.tm_hour, tm.tm_min,
                                                               tm.tm_sec, fs, host, prog,
                                                               '[%d]' % pid if pid is not None else '', msg))
        recs.append({'time': int(t // 1) + fv, 'host': host, 'program': prog, 'pid': pid, 'message': msg})
    return lines, recs, year_mtime(rng, times)


def shape_dmesg(rng):
    """dmesg: '[ 12345.678901] msg', the seconds since boot."""
    n = n_lines(rng)
    ups = clock(rng, rng.choice([0.0, 1.5, 300.0, 86400.0 * 40]), n, spread=rng.choice([0.01, 2, 100]))
    lines, recs = [], []
    for u in ups:
        fs, fv = frac(u, 6)
        msg = message(rng)
        lines.append('[%5d.%s] %s' % (int(u), fs, msg))
        recs.append({'uptime': int(u) + fv, 'message': msg})
    return lines, recs, None


def shape_nginx_error(rng):
    """nginx's error log: 'yyyy/mm/dd hh:mm:ss [level] pid#tid: msg'."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    pid = rng.randint(1, 99999)
    lines, recs = [], []
    for t in times:
        tm, _ = civil(t)
        stamp = '%04d/%02d/%02d %02d:%02d:%02d' % (tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec)
        lv = rng.choice(['debug', 'info', 'notice', 'warn', 'error', 'crit', 'alert', 'emerg'])
        msg = rng.choice(['', '*%d ' % rng.randint(1, 99999)]) + message(rng)
        lines.append('%s [%s] %d#%d: %s' % (stamp, lv, pid, rng.randint(0, 64), msg))
        recs.append({'time': float(int(t // 1)), 'level': lv, 'pid': pid, 'message': msg})
    return lines, recs, times[-1] + 60


def shape_apache_error(rng):
    """Apache 2.4's error log: '[Www Mmm dd hh:mm:ss.uuuuuu yyyy] [module:level] [pid N:tid M] msg'."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    lines, recs = [], []
    for t in times:
        tm, _ = civil(t)
        fs, fv = frac(t, 6)
        stamp = '%s %s %02d %02d:%02d:%02d.%s %04d' % (DAYS[tm.tm_wday], MONTHS[tm.tm_mon - 1], tm.tm_mday, tm.tm_hour,
                                                     tm.tm_min, tm.tm_sec, fs, tm.tm_year)
        lv = rng.choice(['notice', 'error', 'warn', 'info', 'debug', 'crit'])
        mod = rng.choice(['core', 'mpm_event', 'ssl', 'proxy', 'authz_core'])
        pid = rng.randint(1, 99999)
        client = rng.choice(['', '[client %s:%d] ' % (ip(rng), rng.randint(1024, 65535))])
        msg = client + message(rng)
        lines.append('[%s] [%s:%s] [pid %d:tid %d] %s' % (stamp, mod, lv, pid, rng.randint(1, 2 ** 47), msg))
        rec = {'time': int(t // 1) + fv, 'level': lv, 'pid': pid, 'message': msg}
        if client:  # a bracket most lines open with is a header field of its own
            rec['also'] = {'message': msg[len(client):]}
        recs.append(rec)
    return lines, recs, times[-1] + 60


def shape_rails(rng):
    """Ruby's Logger: 'I, [2026-12-07T01:23:45.678901 #12345]  INFO -- progname: msg'."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    pid = rng.randint(1, 99999)
    prog = rng.choice(['', 'rails', 'sidekiq', 'app'])
    lines, recs = [], []
    for t in times:
        stamp, v = iso(t, digits=6, zone='')
        lv = rng.choice(['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'])
        msg = message(rng)
        lines.append('%s, [%s #%d] %5s -- %s: %s' % (lv[0], stamp, pid, lv, prog, msg))
        recs.append({'time': v, 'level': lv, 'pid': pid, 'message': msg})
    return lines, recs, times[-1] + 60


def shape_cri(rng):
    """A container runtime's log (CRI): 'stamp stream P|F message'."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    lines, recs = [], []
    for t in times:
        stamp, v = iso(t, digits=9, zone=rng.choice(['Z']))
        msg = message(rng)
        lines.append('%s %s F %s' % (stamp, rng.choice(['stdout', 'stderr']), msg))
        recs.append({'time': v, 'message': msg})
    return lines, recs, times[-1] + 60


def shape_postgres(rng):
    """PostgreSQL's default log_line_prefix '%m [%p] ': 'stamp UTC [pid] LEVEL:  msg'."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    pids = [rng.randint(1, 99999) for _ in range(rng.randint(1, 3))]
    lines, recs = [], []
    for t in times:
        stamp, v = iso(t, sep=' ', digits=3, zone='')
        lv = rng.choice(['LOG', 'ERROR', 'WARNING', 'FATAL', 'STATEMENT', 'DETAIL', 'HINT'])
        pid = rng.choice(pids)
        msg = message(rng)
        lines.append('%s UTC [%d] %s:  %s' % (stamp, pid, lv, msg))
        recs.append({'time': v, 'pid': pid, 'level': lv, 'message': msg})
    return lines, recs, times[-1] + 60


def shape_mysql(rng):
    """MySQL 8's error log: 'stamp thread [Level] [MY-nnnnnn] [Subsystem] msg'."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    lines, recs = [], []
    for t in times:
        stamp, v = iso(t, digits=6, zone='Z')
        lv = rng.choice(['System', 'Warning', 'ERROR', 'Note'])
        msg = message(rng)
        lines.append('%s %d [%s] [MY-%06d] [%s] %s' % (stamp, rng.choice([0, 0, 1, 8]), lv, rng.randint(10000, 13000),
                                                       rng.choice(['Server', 'InnoDB', 'Repl']), msg))
        recs.append({'time': v, 'level': lv, 'message': msg})
    return lines, recs, times[-1] + 60


def shape_redis(rng):
    """Redis: 'pid:role dd Mmm yyyy hh:mm:ss.mmm mark msg'."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    pid = rng.randint(1, 99999)
    role = rng.choice('MSCX')
    lines, recs = [], []
    for t in times:
        tm, _ = civil(t)
        ms = int((t - int(t // 1)) * 1000)
        msg = message(rng)
        lines.append('%d:%s %02d %s %04d %02d:%02d:%02d.%03d %s %s' % (pid, role, tm.tm_mday, MONTHS[tm.tm_mon - 1],
                                                                     tm.tm_year, tm.tm_hour, tm.tm_min, tm.tm_sec, ms,
                                                                     rng.choice('.-*#'), msg))
        recs.append({'time': int(t // 1) + ms / 1000, 'pid': pid, 'message': msg})
    return lines, recs, times[-1] + 60


def shape_rsyslog(rng):
    """rsyslog's RFC 3339 file format: 'stamp host prog[pid]: msg'."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    host = host_name(rng)
    zone = rng.choice(['+00:00', '+01:00', '-05:00', 'Z'])
    lines, recs = [], []
    for t in times:
        stamp, v = iso(t, digits=6, zone=zone)
        prog = program_name(rng)
        pid = rng.randint(1, 99999) if rng.random() < 0.7 else None
        msg = message(rng)
        lines.append('%s %s %s%s: %s' % (stamp, host, prog, '[%d]' % pid if pid is not None else '', msg))
        recs.append({'time': v, 'host': host, 'program': prog, 'pid': pid, 'message': msg})
    return lines, recs, times[-1] + 60


def shape_monolog(rng):
    """PHP's Monolog line format: '[stamp] channel.LEVEL: msg {} []'."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    iso_form = rng.random() < 0.5
    lines, recs = [], []
    for t in times:
        stamp, v = iso(t, digits=6, zone='+00:00') if iso_form else iso(t, sep=' ', digits=0, zone='')
        ch = rng.choice(['app', 'local', 'production', 'security', 'doctrine'])
        lv = rng.choice(['DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR', 'CRITICAL'])
        msg = message(rng)
        ctx = rng.choice(['{}', '{"user":1}']) + ' []'
        lines.append('[%s] %s.%s: %s %s' % (stamp, ch, lv, msg, ctx))
        # the context and extra (JSON) may stay in the message or not
        recs.append({'time': v, 'level': lv, 'message': msg + ' ' + ctx, 'also': {'message': msg}})
    return lines, recs, times[-1] + 60


def shape_logcat(rng):
    """Android's logcat -v threadtime: 'MM-dd hh:mm:ss.mmm  pid  tid L Tag: msg' (no year)."""
    n = n_lines(rng)
    times = clock(rng, yearless_start(rng), n)
    pids = [rng.randint(100, 32000) for _ in range(rng.randint(1, 3))]
    lines, recs = [], []
    for t in times:
        tm, _ = civil(t)
        ms = int((t - int(t // 1)) * 1000)
        pid = rng.choice(pids)
        lv = rng.choice('VDIWEF')
        tag = rng.choice(['ActivityManager', 'chromium', 'WifiService', 'System.err', 'zygote64'])
        msg = message(rng)
        lines.append('%02d-%02d %02d:%02d:%02d.%03d %5d %5d %s %s: %s' % (tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min,
                                                                       tm.tm_sec, ms, pid, pid + rng.randint(0, 40),
                                                                       lv, tag, msg))
        recs.append({'time': int(t // 1) + ms / 1000, 'pid': pid, 'level': lv, 'message': msg})
    return lines, recs, year_mtime(rng, times)


def shape_celery(rng):
    """Celery's worker log: '[stamp,mmm: LEVEL/Process] msg'."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    lines, recs = [], []
    for t in times:
        stamp, v = py_asctime(t)
        lv = rng.choice(['DEBUG', 'INFO', 'WARNING', 'ERROR'])
        msg = message(rng)
        lines.append('[%s: %s/%s] %s' % (stamp, lv, rng.choice(['MainProcess', 'ForkPoolWorker-1', 'ForkPoolWorker-12']), msg))
        recs.append({'time': v, 'level': lv, 'message': msg})
    return lines, recs, times[-1] + 60


def shape_hadoop(rng):
    """log4j's ISO8601 layout as Hadoop and ZooKeeper write it: 'stamp,mmm LEVEL logger: msg'."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    lines, recs = [], []
    for t in times:
        stamp, v = py_asctime(t)
        lv = level_word(rng, ['INFO', 'WARN', 'ERROR', 'DEBUG'])
        lg = rng.choice(['org.apache.hadoop.hdfs.server.datanode.DataNode', 'org.apache.zookeeper.server.NIOServerCnxn',
                         'BlockStateChange', 'org.apache.hadoop.ipc.Server'])
        msg = message(rng)
        lines.append('%s %s %s: %s' % (stamp, lv, lg, msg))
        recs.append({'time': v, 'level': lv, 'logger': lg, 'message': msg})
    lines, recs = with_traces(rng, lines, recs, java_trace)
    return lines, recs, times[-1] + 60


def shape_elastic(rng):
    """Elasticsearch's plain log: '[stamp,mmm][LEVEL][logger] [node] msg'."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    node = rng.choice(['node-1', 'es01', 'data-hot-3'])
    lines, recs = [], []
    for t in times:
        stamp, v = py_asctime(t)
        stamp = stamp.replace(' ', 'T')
        lv = level_word(rng, ['INFO', 'WARN', 'ERROR', 'DEBUG'])
        lg = rng.choice(['o.e.n.Node', 'o.e.c.r.a.AllocationService', 'o.e.x.s.a.l.LoggingAuditTrail'])
        msg = message(rng)
        lines.append('[%s][%-5s][%-30s] [%s] %s' % (stamp, lv, lg, node, msg))
        recs.append({'time': v, 'level': lv, 'message': msg})
    lines, recs = with_traces(rng, lines, recs, java_trace)
    return lines, recs, times[-1] + 60


def shape_zap(rng):
    """zap's console encoder: fields set apart by tabs, a JSON object of context last or not."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    with_caller = rng.random() < 0.5
    lines, recs = [], []
    for t in times:
        stamp, v = iso(t, digits=3, zone=rng.choice(['Z']))
        lv = rng.choice(['debug', 'info', 'warn', 'error', 'DEBUG', 'INFO', 'WARN', 'ERROR'][0:4] if with_caller else
                        ['DEBUG', 'INFO', 'WARN', 'ERROR'])
        lg = rng.choice(['server', 'raft', 'http.handler'])
        msg = message(rng)
        parts = [stamp, lv, lg]
        rec = {'time': v, 'level': lv, 'logger': lg, 'message': msg}
        if with_caller:
            src = '%s/%s.go:%d' % (rng.choice(['server', 'raft']), rng.choice(GO_NAMES), rng.randint(1, 999))
            parts.append(src)
            rec['source'] = src
        parts.append(msg)
        if rng.random() < 0.5:
            ctx = '{"id": %d}' % rng.randint(1, 999)
            parts.append(ctx)
            rec['message'] = msg + '\t' + ctx
            rec['also'] = {'message': msg}
        lines.append('\t'.join(parts))
        recs.append(rec)
    return lines, recs, times[-1] + 60


def shape_logrus(rng):
    """logrus's text formatter: time="..." level=... msg="..." and other pairs."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    zone = rng.choice(['Z', '+00:00', '-07:00', '+02:00'])
    lines, recs = [], []
    for t in times:
        stamp, v = iso(t, digits=rng.choice([0, 9]) if False else 0, zone=zone)
        lv = rng.choice(['debug', 'info', 'warning', 'error', 'fatal'])
        msg = message(rng)
        extra = ' '.join('%s=%s' % (k, logfmt_value(x)) for k, x in
                         [(rng.choice(['container', 'module', 'error']), rng.choice(['a1b2', 'grpc', 'x y']))
                          for _ in range(rng.randint(0, 2))])
        lines.append(('time="%s" level=%s msg=%s %s' % (stamp, lv, logfmt_value(msg), extra)).rstrip())
        rec = {'time': v, 'level': lv, 'message': msg}
        quoted = logfmt_value(msg)
        if quoted != msg and quoted[1:-1] != msg:
            rec['also'] = {'message': quoted[1:-1]}
        recs.append(rec)
    return lines, recs, times[-1] + 60


def shape_tomcat(rng):
    """Tomcat's catalina.out: 'dd-MMM-yyyy HH:mm:ss.SSS LEVEL [thread] class.method msg'."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    lines, recs = [], []
    for t in times:
        tm, _ = civil(t)
        ms = int((t - int(t // 1)) * 1000)
        lv = rng.choice(['INFO', 'WARNING', 'SEVERE', 'FINE'])
        th = rng.choice(['main', 'http-nio-8080-exec-3', 'localhost-startStop-1'])
        src = rng.choice(['org.apache.catalina.startup.Catalina.start', 'org.apache.coyote.AbstractProtocol.init'])
        msg = message(rng)
        lines.append('%02d-%s-%04d %02d:%02d:%02d.%03d %s [%s] %s %s' % (tm.tm_mday, MONTHS[tm.tm_mon - 1], tm.tm_year,
                                                                       tm.tm_hour, tm.tm_min, tm.tm_sec, ms, lv, th,
                                                                       src, msg))
        recs.append({'time': int(t // 1) + ms / 1000, 'level': lv, 'thread': th, 'message': msg,
                     'also': {'message': src + ' ' + msg}})
    return lines, recs, times[-1] + 60


def shape_envoy(rng):
    """Envoy's default format: '[stamp][tid][level][logger] [source:line] msg'."""
    n = n_lines(rng)
    times = clock(rng, start_time(rng), n)
    tids = [rng.randint(1, 64) for _ in range(2)]
    lines, recs = [], []
    for t in times:
        stamp, v = iso(t, sep=' ', digits=3, zone='')
        lv = rng.choice(['info', 'warning', 'debug', 'error', 'critical'])
        lg = rng.choice(['main', 'upstream', 'config', 'connection'])
        src = 'source/%s.cc:%d' % (rng.choice(['server/server', 'common/upstream/cluster_manager_impl']), rng.randint(1, 999))
        msg = message(rng)
        lines.append('[%s][%d][%s][%s] [%s] %s' % (stamp, rng.choice(tids), lv, lg, src, msg))
        recs.append({'time': v, 'level': lv, 'message': msg, 'also': {'message': '[%s] %s' % (src, msg)}})
    return lines, recs, times[-1] + 60


SHAPES = {
    'rfc3164': shape_rfc3164,
    'rfc5424': shape_rfc5424,
    'iso': shape_iso,
    'python': shape_python,
    'log4j': shape_log4j,
    'spring': shape_spring,
    'golog': shape_golog,
    'glog': shape_glog,
    'access': shape_access,
    'logfmt': shape_logfmt,
    'journal-iso': shape_journal_iso,
    'journal-precise': shape_journal_precise,
    'dmesg': shape_dmesg,
    'nginx-error': shape_nginx_error,
    'apache-error': shape_apache_error,
    'rails': shape_rails,
    'cri': shape_cri,
    'postgres': shape_postgres,
    'mysql': shape_mysql,
    'redis': shape_redis,
    'rsyslog': shape_rsyslog,
    'monolog': shape_monolog,
    'logcat': shape_logcat,
    'celery': shape_celery,
    'hadoop': shape_hadoop,
    'elastic': shape_elastic,
    'zap': shape_zap,
    'logrus': shape_logrus,
    'tomcat': shape_tomcat,
    'envoy': shape_envoy,
}


def generate(shape, seed):
    rng = random.Random('%s/%d' % (shape, seed))
    return SHAPES[shape](rng)


if __name__ == '__main__':
    lines, recs, _ = generate(sys.argv[1], int(sys.argv[2]))
    print('\n'.join(lines))
