#!/usr/bin/env python3
"""Differential check of loglab's log readers against lines of known fields.

Writes random log files in the shapes common tools write (logs_gen.py: RFC
3164 and 5424 syslog, ISO 8601 stamps, Python logging, log4j, Spring Boot,
Go's log, glog, access lines, logfmt, journalctl, dmesg, nginx and Apache
error logs and fifteen more), reads them back with table_dump --each
(tests/datasets/table_dump.c; one process a shape)
and compares, row by row: the number of rows, the time (epoch seconds,
within a microsecond; stamps without a year take the file's modification
year, which logs_gen.py sets after the last line), and level, host,
program, pid, message and the other fields the shape writes.

A tenth of the files end their lines with CRLF, one in twenty opens with a
byte order mark, one in twenty has no line break after its last line.

A field is looked for under the column names loglab gives it (FIELD_COLUMNS);
a field the shape writes but loglab gives no column counts as wrong on every
row. Numbers compare as numbers, "-" and empty cells as absent.

Usage: logs_python.py TABLE_DUMP DIR FILES_PER_SHAPE [FIRST_SEED] [SHAPE...]
Prints a table per shape (files, files right, rows right, fields right),
then the fields that read wrong ranked by files hit, with an example each.
Exit 1 when any file differs. LL_LOGS_KEEP=1 keeps the files.
"""
import collections
import os
import random
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import logs_gen  # noqa: E402

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import refcache  # noqa: E402

RC = None  # the cache of the generated files, set in main()

# loglab's column names for each field a shape writes, first found wins
FIELD_COLUMNS = {
    'level': ['level', 'severity'],
    'host': ['host', 'hostname'],
    'program': ['program', 'app', 'ident'],
    'pid': ['pid'],
    'message': ['message'],
    'logger': ['component', 'logger'],
    'thread': ['context', 'thread'],
    'source': ['source', 'file', 'caller', 'component'],
    'uptime': ['uptime', 'context', 'time'],
    'client': ['client'],
    'user': ['user'],
    'status': ['status'],
    'method': ['method'],
    'path': ['path'],
}
TIME_TYPE = 1


ESCAPES = {'n': '\n', 'r': '\r', 't': '\t', '\\': '\\'}
ESCAPED = re.compile(r'\\(.)', re.DOTALL)


def unescape(s):
    """table_dump's text: a backslash and the character after it are that
    character (\\n, \\r, \\t: the control), a lone backslash at the end
    stays. By re, not character by character: that loop was most of this
    script's CPU (236,000 cells), in the release and ASan suites both."""
    if '\\' not in s:
        return s
    return ESCAPED.sub(lambda m: ESCAPES.get(m.group(1), m.group(1)), s)


def parse(text):
    """One file's part of table_dump's output."""
    out = {'format': '', 'rows': 0, 'names': [], 'types': [], 'cells': {}}
    for line in text.split('\n'):
        if line.startswith('FORMAT '):
            out['format'] = line[7:]
        elif line.startswith('SHAPE '):
            out['rows'] = int(line.split()[1])
        elif line.startswith('COL '):
            parts = line.split(' ', 3)
            out['types'].append(int(parts[2]))
            out['names'].append(unescape(parts[3]))
        elif line.startswith('ERROR '):
            out['error'] = line[6:]
        else:
            parts = line.split('\t')
            if len(parts) == 3 and parts[0].isdigit():
                out['cells'][(int(parts[0]), int(parts[1]))] = unescape(parts[2])
    return out


def dump_each(tool, paths):
    """The tables of paths, read by one table_dump --each (a process a file
    was most of this test's CPU under ASan: 450 starts); a file the output
    does not reach (a crash) gets an error saying so."""
    p = subprocess.run([tool, '--each'] + paths, capture_output=True, text=True, errors='replace',
                       env=dict(os.environ, TZ='UTC'))
    parts = {}
    marks = [m for m in re.finditer(r'^FILE (.*)$', p.stdout, re.M) if m.group(1) in paths]
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(p.stdout)
        parts[m.group(1)] = p.stdout[m.end():end]
    why = 'table_dump exited %d before this file: %s' % (p.returncode, p.stderr.strip()[-300:])
    return [parse(parts[path]) if path in parts else {'format': '', 'rows': 0, 'names': [], 'types': [],
                                                      'cells': {}, 'error': why} for path in paths]


def number(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def same(field, want, got):
    """want: the value written (None: absent); got: the cell's text (None: no column)."""
    if got is None:
        return False
    if want is None:
        return got in ('', 'NaN', '-')
    if field in ('time', 'uptime'):
        g = number(got)
        return g is not None and abs(g - want) <= 1e-6 * max(1.0, abs(want) / 1e9) + 5e-7
    if isinstance(want, int):
        g = number(got)
        return g is not None and g == want
    return got == want


def columns(d, fields):
    """The column index of each field, None when loglab has none."""
    where = {}
    for f in fields:
        if f == 'time':
            where[f] = next((c for c, t in enumerate(d['types']) if t == TIME_TYPE), None)
            continue
        where[f] = None
        for name in FIELD_COLUMNS[f]:
            if name in d['names']:
                where[f] = d['names'].index(name)
                break
    return where


def write(folder, shape, seed):
    """The generated file of shape and seed: its path, lines and records
    (kept in LL_REFCACHE when set, its modification time too: the suite's
    second pass reads them back instead of drawing them again)."""
    lines, recs = RC.files('%s %d' % (shape, seed), folder, lambda f: write_new(f, shape, seed))
    return os.path.join(folder, '%s-%d.log' % (shape, seed)), lines, recs


def write_new(folder, shape, seed):
    lines, recs, mtime = logs_gen.generate(shape, seed)
    path = os.path.join(folder, '%s-%d.log' % (shape, seed))
    # how the file is written, apart from its lines: CRLF line ends (a
    # copy from Windows), a byte order mark, no line break after the last
    how = random.Random('file/%s/%d' % (shape, seed)).random()
    eol = '\r\n' if how < 0.1 else '\n'
    text = ('\ufeff' if 0.1 <= how < 0.15 else '') + eol.join(lines) + ('' if 0.15 <= how < 0.2 else eol)
    with open(path, 'w', encoding='utf-8', newline='') as f:
        f.write(text)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return [os.path.basename(path)], (lines, recs)


def check(d, shape, seed, lines, recs, tally, wrong):
    """The file's table d against what was written."""
    fields = sorted({k for r in recs for k in r if k != 'also'})
    where = columns(d, fields)
    t = tally[shape]
    t['files'] += 1
    t['rows'] += len(recs)
    t['fields'] += len(recs) * len(fields)
    probs = collections.OrderedDict()
    if d['rows'] != len(recs) or 'error' in d:
        probs['rows'] = (d.get('error') or '%d rows read, %d written' % (d['rows'], len(recs)), lines[0])
    rows_ok = fields_ok = 0
    for i, rec in enumerate(recs):
        row_ok = i < d['rows']
        for f in fields:
            c = where[f]
            got = d['cells'].get((i, c)) if c is not None and i < d['rows'] else None
            if same(f, rec.get(f), got) or (f in rec.get('also', {}) and same(f, rec['also'][f], got)):
                fields_ok += 1
            else:
                row_ok = False
                if f not in probs:
                    why = 'no column' if c is None else 'wrote %r, read %r' % (rec.get(f), got)
                    probs[f] = (why, lines[i])
        rows_ok += row_ok
    t['rows_ok'] += rows_ok
    t['fields_ok'] += fields_ok
    if not probs:
        t['files_ok'] += 1
    for f, (why, line) in probs.items():
        key = (shape, f)
        wrong[key].append((seed, d['format'], why, line, len(lines)))
    return not probs


def main():
    global RC
    RC = refcache.for_script(__file__)
    tool, folder, nfiles = sys.argv[1], sys.argv[2], int(sys.argv[3])
    first = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    shapes = sys.argv[5:] or list(logs_gen.SHAPES)
    tally = collections.defaultdict(collections.Counter)
    wrong = collections.defaultdict(list)
    bad = 0
    for shape in shapes:
        files = [write(folder, shape, seed) for seed in range(first, first + nfiles)]
        tables = dump_each(tool, [f[0] for f in files])
        for seed, (path, lines, recs), d in zip(range(first, first + nfiles), files, tables):
            if not os.environ.get('LL_LOGS_KEEP'):
                os.unlink(path)
            bad += not check(d, shape, seed, lines, recs, tally, wrong)
    print('%-16s %6s %6s %14s %16s' % ('shape', 'files', 'right', 'rows right', 'fields right'))
    for shape in shapes:
        t = tally[shape]
        print('%-16s %6d %6d %7d/%-7d %8d/%-8d' % (shape, t['files'], t['files_ok'], t['rows_ok'], t['rows'],
                                                  t['fields_ok'], t['fields']))
    if wrong:
        print('\nread wrong, by files hit:')
    for (shape, f), hits in sorted(wrong.items(), key=lambda kv: -len(kv[1])):
        seed, fmt, why, line, _ = hits[0]
        small = sum(h[4] <= 4 for h in hits)
        print('%5d %s %s (%d of them files of 3 or 4 lines; format %s; seed %d: %s)\n      %s' %
              (len(hits), shape, f, small, fmt, seed, why, line[:160]))
    total = sum(t['files'] for t in tally.values())
    print('\n%d files of %d shapes, %d differ' % (total, len(shapes), bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
