#!/usr/bin/env python3
"""Differential check of loglab's table readers against Python's own writers.

Writes random tables with the csv module (delimiters , ; TAB |, every
quoting mode, CRLF or LF, a BOM, empty cells, cells holding delimiters,
quotes, line breaks and '#') and random JSON Lines records with the json
module (nested objects, keys in any order on each line, escapes, non-ASCII
text, numbers with exponents, booleans, missing keys), reads each back with
table_dump (tests/datasets/table_dump.c) and compares every cell with what
was written: the format (csv, jsonl), the shape, each text cell exactly (a
JSON string's one trailing line break dropped, as loglab drops a shipper's)
and each number within 1e-9 relative; empty cells of number columns are
missing.

Usage: tables_python.py TABLE_DUMP DIR NCSV NJSON [FIRST_SEED]
Prints each file that differs; exit 1 when any does.
"""
import csv
import io
import json
import os
import random
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import refcache  # noqa: E402

# Each seed's file as Python's csv and json modules write it (and what was
# written) is kept in LL_REFCACHE when set (tests/refcache.py), keyed by this
# script, the seed and Python's version: the suite's second pass reads them
# back instead of drawing them again (the random cells took about half of
# this script's own CPU). Set in main().
RC = None

WORDS = ['alpha', 'beta', 'gamma', 'disk', 'error', 'node', 'Zeta', 'ok', 'fail', 'x']
CHARS = ['a', 'b', 'Z', '\u00e9', '\u00df', '\u65e5', '\U0001f600', ' ', '"', '\\', '\t', '\n',
         '/', ',', ':', '{', '}', '[', ']', 'x']


def escaped(s):
    return s.replace('\\', '\\\\').replace('\n', '\\n').replace('\t', '\\t').replace('\r', '\\r')


def parse(text, rc):
    """One file's part of table_dump's output; rc its exit status."""
    out = {'rc': rc, 'format': '', 'shape': (0, 0), 'cols': {}, 'types': {},
           'names': [], 'cells': {}, 'notes': []}
    for line in text.split('\n'):
        if line.startswith('FORMAT '):
            out['format'] = line[7:]
        elif line.startswith('SHAPE '):
            r, c = line.split()[1:3]
            out['shape'] = (int(r), int(c))
        elif line.startswith('COL '):
            parts = line.split(' ', 3)
            out['cols'][parts[3]] = int(parts[1])
            out['types'][parts[3]] = int(parts[2])
            out['names'].append(parts[3])
        elif line.startswith('NOTE '):
            out['notes'].append(line[5:])
        else:
            parts = line.split('\t')
            if len(parts) == 3 and parts[0].isdigit():
                out['cells'][(int(parts[0]), int(parts[1]))] = parts[2]
    if rc:
        out['error'] = text[:200]
    return out


def dump(tool, path, sheet=None):
    """One file's (or a workbook sheet's) table, a table_dump of its own
    (tables_pandas.py's sheets)."""
    args = [tool, path] + ([sheet] if sheet else [])
    p = subprocess.run(args, capture_output=True, text=True, errors='replace')
    return parse(p.stdout, p.returncode)


def dump_each(tool, items):
    """The tables of items (a path, or (path, sheet) for a workbook's sheet
    by name), read by one table_dump --each (a process a file cost ~30 ms
    of CPU to start under ASan, 250 of them here); a file whose load failed
    gets exit status 2 (table_dump's for one file), a file the output does
    not reach (a crash) the status of the whole run."""
    items = [(it, None) if isinstance(it, str) else it for it in items]
    args = [tool, '--each']
    for path, sheet in items:
        args += (['--sheet=' + sheet] if sheet else []) + [path]
    p = subprocess.run(args, capture_output=True, text=True, errors='replace')
    # the k-th "FILE" line is the k-th item's, the output in their order
    marks = list(re.finditer(r'^FILE (.*)$', p.stdout, re.M))
    out = []
    for k, (path, sheet) in enumerate(items):
        if k < len(marks) and marks[k].group(1) == path:
            end = marks[k + 1].start() if k + 1 < len(marks) else len(p.stdout)
            part = p.stdout[marks[k].end() + 1:end]
            out.append(parse(part, 2 if re.search(r'^ERROR ', part, re.M) else 0))
        else:
            out.append(parse('table_dump stopped before this file: ' + p.stderr.strip()[-150:], p.returncode or -1))
    return out


def run_batched(tool, checks):
    """Runs check generators: each writes its file(s), yields what it wants
    read (a path, or (path, sheet)) and is sent the table, until it returns
    its result. The files all of them ask for in a round go to one
    table_dump --each. Returns their results in order."""
    results = [None] * len(checks)
    want = {}
    for i, c in enumerate(checks):
        try:
            want[i] = next(c)
        except StopIteration as done:
            results[i] = done.value
    while want:
        order = sorted(want)
        tables = dump_each(tool, [want[i] for i in order])
        want = {}
        for i, d in zip(order, tables):
            try:
                want[i] = checks[i].send(d)
            except StopIteration as done:
                results[i] = done.value
    return results


def same_number(got, want):
    try:
        return abs(float(got) - want) <= 1e-9 * max(1.0, abs(want))
    except (TypeError, ValueError):
        return False


def csv_text(rng):
    s = ' '.join(rng.choice(WORDS) for _ in range(rng.randint(1, 6)))
    r = rng.random()
    if r < 0.15:
        s += ', ' + rng.choice(WORDS)
    elif r < 0.25:
        s += '\n' + rng.choice(WORDS) + rng.choice([',', '']) + ' ' + rng.choice(WORDS)
    elif r < 0.32:
        s = rng.choice(WORDS) + ' "' + rng.choice(WORDS) + '" ' + rng.choice(WORDS)
    elif r < 0.36:
        s += '\r\n' + rng.choice(WORDS)
    elif r < 0.40:
        s = '"' + s + '"'
    elif r < 0.44:
        s += ' ;|\t' + rng.choice(WORDS)
    elif r < 0.47:
        s = '#' + s
    elif r < 0.50:
        s += '\n\n' + rng.choice(WORDS)
    return s


def check_csv(tool, folder, seed):
    name, kinds, nrows, ncols, rows = RC.files('csv %d' % seed, folder, lambda f: write_csv(f, seed))
    path = os.path.join(folder, name)
    d = yield path  # read with the other files of the batch (main)
    if d['rc']:
        return path, ['exit %d: %s' % (d['rc'], d.get('error', ''))]
    if d['format'] != 'csv':
        return path, ['read as %s' % d['format']]
    if d['shape'] != (nrows, ncols):
        return path, ['%d x %d, written %d x %d' % (d['shape'] + (nrows, ncols))]
    probs = []
    for r in range(nrows):
        for c in range(ncols):
            got, want = d['cells'].get((r, c)), rows[r][c]
            if kinds[c] == 'text':
                ok = got == escaped(want)
            elif want == '':
                ok = got == 'NaN'
            else:
                ok = same_number(got, float(want))
            if not ok:
                probs.append('row %d column %d: %r, written %r' % (r, c, got, want))
            if len(probs) >= 3:
                return path, probs
    return path, probs


def write_csv(folder, seed):
    rng = random.Random(seed)
    ncols = rng.randint(2, 6)
    kinds = [rng.choice(['int', 'float', 'text', 'text']) for _ in range(ncols)]
    if 'text' not in kinds:
        kinds[rng.randrange(ncols)] = 'text'
    names = ['c%d_%s' % (i, k) for i, k in enumerate(kinds)]
    nrows = rng.choice([3, 8, 40, 500, 2500])
    rows = []
    for _ in range(nrows):
        row = []
        for k in kinds:
            if k != 'text' and rng.random() < 0.05:
                row.append('')
            elif k == 'int':
                row.append(str(rng.randint(-500, 100000)))
            elif k == 'float':
                row.append('%.3f' % rng.uniform(-100, 100))
            else:
                row.append(csv_text(rng))
        rows.append(row)
    quoting = rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])
    term = rng.choice(['\n', '\r\n'])
    delim = rng.choice([',', ',', ';', '\t', '|'])
    out = io.StringIO()
    w = csv.writer(out, quoting=quoting, lineterminator=term, delimiter=delim)
    w.writerow(names)
    if quoting == csv.QUOTE_NONNUMERIC:
        w.writerows([[float(v) if k != 'text' and v != '' else v for v, k in zip(r, kinds)] for r in rows])
    else:
        w.writerows(rows)
    data = out.getvalue()
    if rng.random() < 0.1:
        data = '\ufeff' + data
    if rng.random() < 0.1:
        data += term
    name = 't%d.csv' % seed
    with open(os.path.join(folder, name), 'w', newline='', encoding='utf-8') as f:
        f.write(data)
    return [name], (name, kinds, nrows, ncols, rows)


def json_schema(rng, depth=0):
    keys = {}
    for i in range(rng.randint(1, 5)):
        name = rng.choice(['host', 'level', 'svc', 'code', 'lat', 'user', 'req', 'size', 'err', 'node']) + str(i)
        kind = rng.choice(['int', 'float', 'str', 'str', 'bool', 'obj' if depth < 2 else 'int'])
        keys[name] = json_schema(rng, depth + 1) if kind == 'obj' else kind
    return keys


def json_value(rng, kind):
    if kind == 'int':
        return rng.randint(-10 ** 6, 10 ** 6)
    if kind == 'float':
        return rng.choice([rng.uniform(-1e3, 1e3), rng.uniform(-1, 1) * 1e-5, float(rng.randint(0, 9))])
    if kind == 'bool':
        return rng.random() < 0.5
    return rng.choice(['k', 'msg', 'v', 'w']) + ''.join(rng.choice(CHARS) for _ in range(rng.randint(0, 12)))


def json_record(rng, schema):
    rec = {}
    items = list(schema.items())
    rng.shuffle(items)
    for k, kind in items:
        if rng.random() < 0.05:
            continue
        rec[k] = json_record(rng, kind) if isinstance(kind, dict) else json_value(rng, kind)
    return rec


def flattened(rec, prefix=''):
    for k, v in rec.items():
        if isinstance(v, dict):
            yield from flattened(v, prefix + k + '.')
        else:
            yield prefix + k, v


def check_jsonl(tool, folder, seed):
    name, n, recs = RC.files('jsonl %d' % seed, folder, lambda f: write_jsonl(f, seed))
    path = os.path.join(folder, name)
    d = yield path  # read with the other files of the batch (main)
    return compare_jsonl(path, d, n, recs)


def write_jsonl(folder, seed):
    rng = random.Random(seed)
    schema = json_schema(rng)
    n = rng.choice([3, 20, 200, 2000])
    recs, lines = [], []
    for i in range(n):
        rec = {'time': '2024-05-01T%02d:%02d:%02dZ' % ((i // 3600) % 24, (i // 60) % 60, i % 60)}
        rec.update(json_record(rng, schema))
        items = list(rec.items())
        rng.shuffle(items)
        recs.append(rec)
        lines.append(json.dumps(dict(items), ensure_ascii=rng.random() < 0.5,
                                separators=rng.choice([(',', ':'), (', ', ': ')])))
    name = 'j%d.jsonl' % seed
    with open(os.path.join(folder, name), 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    return [name], (name, n, recs)


def compare_jsonl(path, d, n, recs):
    if d['rc']:
        return path, ['exit %d: %s' % (d['rc'], d.get('error', ''))]
    if d['format'] != 'jsonl':
        return path, ['read as %s' % d['format']]
    if d['shape'][0] != n:
        return path, ['%d rows, written %d' % (d['shape'][0], n)]
    probs = []
    for i, rec in enumerate(recs):
        for key, v in flattened(rec):
            if key == 'time':
                continue
            if key not in d['cols']:
                return path, ['no column %r' % key]
            got = d['cells'].get((i, d['cols'][key]))
            if isinstance(v, bool):
                ok = got == ('true' if v else 'false')
            elif isinstance(v, (int, float)):
                ok = same_number(got, v)
            else:
                ok = got == escaped(v[:-1] if v.endswith('\n') else v)
            if not ok:
                probs.append('record %d %s: %r, written %r' % (i, key, got, v))
            if len(probs) >= 3:
                return path, probs
    return path, probs


def main():
    global RC
    RC = refcache.for_script(__file__)
    tool, folder, ncsv, njson = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    first = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    os.makedirs(folder, exist_ok=True)
    bad = 0
    for kind, count, check in (('csv', ncsv, check_csv), ('jsonl', njson, check_jsonl)):
        # each check writes its file and waits (yield) for its table: the
        # kind's files are read by one table_dump --each
        results = run_batched(tool, [check(tool, folder, seed) for seed in range(first, first + count)])
        for seed, (path, probs) in zip(range(first, first + count), results):
            if probs:
                bad += 1
                print('%s (seed %d): %s' % (path, seed, '; '.join(probs)))
            else:
                os.remove(path)
    print('%d CSV and %d JSON Lines files, %d differ' % (ncsv, njson, bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
