#!/usr/bin/env python3
"""Differential check of loglab's table readers against pandas' and numpy's writers.

Writes random data frames (integer, float, text, date and boolean columns,
missing values among them) with pandas' to_csv (index or none, na_rep,
date_format, float_format, quoting, separators ; TAB |, decimal comma,
gzip/bz2/xz by the file's name, CRLF), to_json (orient records with and
without lines, columns, index, split, table; ISO or epoch dates), to_excel
(.xlsx through openpyxl, several sheets; .ods through odfpy), and numpy's
savetxt (delimiters, '# a b' and plain headers, formats) and save (.npy,
1-D and 2-D, C and Fortran order, float and integer dtypes). Each file is
read back with table_dump (tests/datasets/table_dump.c) and every cell
compared with what was written, by loglab's documented conventions:
numbers within 1e-9 relative (or to the written precision), dates as
times in UTC, missing values as NaN (number and time columns) or ""
(text), booleans as the text the writer wrote (True/False, true/false,
TRUE/FALSE), pandas' index as a first column numbering the rows.

Usage: tables_pandas.py TABLE_DUMP DIR COUNT [FIRST_SEED]
Prints each file that differs; exit 1 when any does. Exit 77 when pandas,
openpyxl or odfpy is missing.
"""
import csv
import datetime as dt
import functools
import importlib.util
import math
import os
import random
import sys

try:
    import numpy as np
except ImportError as e:
    print('SKIP: %s' % e)
    sys.exit(77)
for m in ('pandas', 'openpyxl', 'odf'):  # pandas and its xlsx and ods writers
    if importlib.util.find_spec(m) is None:
        print('SKIP: No module named %s' % m)
        sys.exit(77)
pd = None  # pandas, imported by the first writer that runs (none when LL_REFCACHE has them all)


def need_pandas():
    global pd
    if pd is None:
        import pandas
        pd = pandas

# the dump's reading and text escapes, shared with the csv/json check
from tables_python import escaped, run_batched  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import refcache  # noqa: E402

# Each seed's files as pandas wrote them (and what was written) are kept in
# LL_REFCACHE when set (tests/refcache.py), keyed by this script and
# tables_python.py, the seed, the zones' files and the versions of Python,
# numpy, pandas and its writers: the suite's second pass reads them back
# instead of writing them again (the .xlsx and .ods writers took most of
# this script's own CPU). Set in main().
RC = None
ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata']

WORDS = ['alpha', 'beta', 'gamma', 'disk', 'error', 'node', 'Zeta', 'ok', 'fail', 'x', 'r\u00e9seau']
EPOCH = dt.datetime(1970, 1, 1)
CELLS = [0]  # cells compared, for the summary
TALLY = {}  # files written and differing, by writer
NUM, TIME, TEXT = 0, 1, 2


# A column as written: its name, kind and values (None for missing).
class Column:
    def __init__(self, name, kind, values):
        self.name, self.kind, self.values = name, kind, values


def text_value(rng, plain=False):
    s = ' '.join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
    if plain:
        return s
    r = rng.random()
    if r < 0.1:
        s += ', ' + rng.choice(WORDS)
    elif r < 0.15:
        s += '\n' + rng.choice(WORDS)
    elif r < 0.2:
        s = rng.choice(WORDS) + ' "' + rng.choice(WORDS) + '"'
    elif r < 0.23:
        s += ';' + rng.choice(WORDS)
    return s


def random_columns(rng, nrows, kinds=None, plain_text=False, missing=0.08):
    if kinds is None:
        kinds = [rng.choice(['int', 'float', 'float', 'text', 'date', 'bool']) for _ in range(rng.randint(2, 6))]
    start = dt.datetime(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
    cols = []
    for i, k in enumerate(kinds):
        vals = []
        if k == 'date':
            # Distinct, increasing: a time column, not a key to pivot by.
            t = start
            for _ in range(nrows):
                t += dt.timedelta(seconds=rng.randint(1, 86400 * 3))
                vals.append(t)
        for r in range(nrows):
            miss = rng.random() < missing and k in ('float', 'text', 'date')
            if k == 'int':
                vals.append(rng.randint(-500, 100000))
            elif k == 'float':
                x = rng.choice([rng.uniform(-1e3, 1e3), rng.uniform(-1, 1) * 1e-6, rng.uniform(0, 1e12),
                                float(rng.randint(0, 50))])
                vals.append(None if miss else x)
            elif k == 'text':
                vals.append(None if miss else text_value(rng, plain_text))
            elif k == 'bool':
                vals.append(rng.random() < 0.5)
            elif k == 'date' and miss:
                vals[r] = None
        # Clock's name: epoch numbers under it are times (README).
        name = 'c%d_%s' % (i, 'time' if k == 'date' else k)
        cols.append(Column(name, k, vals))
    if not any(c.values[0] is not None and c.kind == 'text' for c in cols):
        pass
    return cols


def frame(cols, zone=None):
    need_pandas()
    data = {}
    for c in cols:
        if c.kind == 'date':
            data[c.name] = pd.to_datetime(pd.Series(c.values, dtype='object'))
            if zone:
                # the same instants, written in a zone with its offset
                data[c.name] = data[c.name].dt.tz_localize('UTC').dt.tz_convert(zone)
        elif c.kind == 'float':
            data[c.name] = pd.Series([np.nan if v is None else v for v in c.values], dtype='float64')
        elif c.kind == 'int':
            data[c.name] = pd.Series(c.values, dtype='int64')
        elif c.kind == 'bool':
            data[c.name] = pd.Series(c.values, dtype='bool')
        else:
            data[c.name] = pd.Series(c.values, dtype='object')
    return pd.DataFrame(data)


def same_number(got, want, rel=1e-9):
    try:
        return abs(float(got) - want) <= rel * max(1.0, abs(want))
    except (TypeError, ValueError):
        return False


def seconds(t):
    return (t - EPOCH).total_seconds()


def compare(d, cols, nrows, fmt, index=None, opts=None):
    """Problems with the dump d of a table written from cols (at most 3).
    opts: 'rounded' (a function: value -> the number written), 'date_only',
    'bools' (the words written for True and False), 'float_rel'."""
    opts = opts or {}
    if d['rc']:
        return ['exit %d: %s' % (d['rc'], d.get('error', ''))]
    if fmt and d['format'] not in fmt:
        return ['read as %s' % d['format']]
    # A row whose every cell is missing is no row (README: lines of
    # separators alone; a sheet's empty row), unless an index numbers it.
    keep = list(range(nrows))
    if opts.get('drop_empty') and not index:
        keep = [r for r in range(nrows) if any(c.values[r] is not None for c in cols)]
    ncols = len(cols) + (1 if index else 0)
    if d['shape'] != (len(keep), ncols):
        return ['%d x %d, written %d x %d (%s)' % (d['shape'] + (len(keep), ncols, ' '.join(d['names'])))]
    probs = []
    if index:
        # pandas' index: a column numbering the rows, under whatever name
        # (rownames, key, index); map keys are text, "0".."N-1".
        extra = [n for n in d['names'] if n not in [c.name for c in cols]]
        if len(extra) != 1:
            return ['index column: %r' % extra]
        j = d['cols'][extra[0]]
        for r in range(nrows):
            got = d['cells'].get((r, j))
            if not (same_number(got, r) or got == str(r)):
                return ['index column %r row %d: %r' % (extra[0], r, got)]
    for c in cols:
        if c.name not in d['cols']:
            return probs + ['no column %r (%s)' % (c.name, ' '.join(d['names']))]
        j, typ = d['cols'][c.name], d['types'][c.name]
        want_type = {'int': NUM, 'float': NUM, 'date': TIME, 'text': TEXT, 'bool': TEXT}[c.kind]
        present = set(c.values[r] for r in keep if c.values[r] is not None)
        if not present:
            want_type = typ  # a column of missing values alone has no type to keep
        if c.kind == 'date' and len(present) <= 1 and typ == TEXT:
            continue  # one time on every row is text beside a varying one (README)
        if c.kind == 'bool' and 'bools' in opts and opts['bools'] is None:
            want_type = NUM
        if typ != want_type:
            probs.append('column %r read as type %d, written %s' % (c.name, typ, c.kind))
            return probs
        for r, orig in enumerate(keep):
            v = c.values[orig]
            got = d['cells'].get((r, j))
            CELLS[0] += 1
            if v is None:
                # a dash in a text column stays text (ds_csv.c: dash() only
                # among numbers); other missing words read as ""
                ok = got == ('' if want_type == TEXT else 'NaN') or (
                    want_type == TEXT and got == opts.get('na_rep') and got in ('-', '--'))
            elif c.kind == 'date':
                t = v.replace(hour=0, minute=0, second=0) if opts.get('date_only') else v
                if opts.get('dayfirst') and all(x is None or x.day <= 12 for x in c.values):
                    # no day above 12 tells the order: month-first (README)
                    t = t.replace(month=t.day, day=t.month)
                if opts.get('date_minute'):
                    t = t.replace(second=0)
                ok = same_number(got, seconds(t), 1e-12)
            elif c.kind == 'bool':
                if want_type == NUM:
                    ok = same_number(got, 1.0 if v else 0.0)
                else:
                    # the writer's word, in whichever case the reader gives it
                    ok = got is not None and got.lower() == ('true' if v else 'false')
            elif c.kind in ('int', 'float'):
                want = opts['rounded'](v) if 'rounded' in opts and c.kind == 'float' else v
                ok = same_number(got, want, opts.get('float_rel', 1e-9))
            else:
                ok = got == escaped(v)
            if not ok:
                probs.append('row %d %s: %r, written %r' % (r, c.name, got, v))
            if len(probs) >= 3:
                return probs
    return probs


def rounded(fmt, v):
    return float(fmt % v)


def check_csv(tool, folder, seed):
    path, cols, nrows, index, opts, desc = RC.files('csv %d' % seed, folder, lambda f: write_csv(f, seed))
    d = yield os.path.join(folder, path)  # read with the other files of the batch (main)
    return os.path.join(folder, path), desc, compare(d, cols, nrows, ('csv',), index, opts)


def write_csv(folder, seed):
    rng = random.Random(seed)
    nrows = rng.choice([3, 12, 60, 400])
    cols = random_columns(rng, nrows)
    zone = rng.choice([None, None, None, 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'])
    df = frame(cols, zone)
    kw, opts = {}, {}
    index = rng.random() < 0.3
    kw['index'] = index
    dates = [c.name for c in cols if c.kind == 'date' and None not in c.values]
    if dates and rng.random() < 0.25:
        # a time series' index: a named first column of times
        first = [c for c in cols if c.name == dates[0]]
        cols = first + [c for c in cols if c.name != dates[0]]
        df = df.set_index(dates[0])
        kw['index'], index = True, False
    sep = rng.choice([',', ',', ';', '\t', '|'])
    kw['sep'] = sep
    if sep == ';' and rng.random() < 0.5:
        kw['decimal'] = ','
    na = rng.choice(['', '', 'NA', 'NaN', 'null', 'N/A', 'nan', '-', '#N/A', 'NULL'])
    kw['na_rep'] = na
    opts['na_rep'] = na
    dfmt = rng.choice([None, None, '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%SZ', '%Y-%m-%d',
                       '%d/%m/%Y %H:%M:%S', '%m/%d/%Y %H:%M', '%Y/%m/%d %H:%M:%S', '%d.%m.%Y %H:%M:%S'])
    if zone and dfmt:
        # a stamp that says its offset (+0100)
        dfmt = rng.choice(['%Y-%m-%d %H:%M:%S%z', '%Y-%m-%dT%H:%M:%S%z', '%Y-%m-%d %H:%M:%S %z'])
        opts['date_only'] = opts['date_minute'] = opts['dayfirst'] = False
    if dfmt:
        kw['date_format'] = dfmt
        opts['date_only'] = '%H' not in dfmt
        opts['date_minute'] = '%S' not in dfmt
        opts['dayfirst'] = dfmt.startswith('%d/')
    ffmt = rng.choice([None, None, '%.2f', '%.6g', '%.3e', '%.10f'])
    if ffmt:
        kw['float_format'] = ffmt
        opts['rounded'] = functools.partial(rounded, ffmt)  # a lambda would not keep
    kw['quoting'] = rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])
    # only a line of separators alone is no row; quoted empties ("";"") are one
    opts['drop_empty'] = na == '' and kw['quoting'] == csv.QUOTE_MINIMAL
    kw['lineterminator'] = rng.choice(['\n', '\n', '\r\n'])
    ext = rng.choice(['.csv', '.csv', '.csv', '.csv.gz', '.csv.bz2', '.csv.xz'])
    path = os.path.join(folder, 'p%d%s' % (seed, ext))
    df.to_csv(path, **kw)
    desc = ' '.join('%s=%r' % (k, v) for k, v in sorted(kw.items()) if k != 'quoting') + ' quoting=%d zone=%s' % (
        kw['quoting'], zone)
    name = os.path.basename(path)
    return [name], (name, cols, nrows, index, opts, desc)


def check_json(tool, folder, seed):
    path, cols, nrows, index, opts, desc = RC.files('json %d' % seed, folder, lambda f: write_json(f, seed))
    d = yield os.path.join(folder, path)  # read with the other files of the batch (main)
    return os.path.join(folder, path), desc, compare(d, cols, nrows, ('json', 'jsonl'), index, opts)


def write_json(folder, seed):
    rng = random.Random(seed)
    nrows = rng.choice([3, 12, 60, 400])
    cols = random_columns(rng, nrows)
    zone = rng.choice([None, None, 'Europe/Berlin', 'Asia/Kolkata'])
    df = frame(cols, zone)
    orient = rng.choice(['records-lines', 'records', 'columns', 'index', 'split', 'table'])
    date_format = 'iso' if orient == 'table' else rng.choice(['iso', 'epoch'])
    unit = rng.choice(['s', 'ms', 'us', 'ns']) if date_format == 'epoch' else 'ms'
    kw = {'date_format': date_format, 'date_unit': unit, 'double_precision': rng.choice([10, 15])}
    if orient == 'records-lines':
        kw.update(orient='records', lines=True)
    else:
        kw['orient'] = orient
    path = os.path.join(folder, 'p%d.%s' % (seed, 'jsonl' if orient == 'records-lines' else 'json'))
    df.to_json(path, **kw)
    opts = {'bools': ('true', 'false')}
    # columns and index orients key each row by the index, read into a column "key".
    index = orient in ('columns', 'index', 'split', 'table')
    desc = 'orient=%s date_format=%s date_unit=%s zone=%s double_precision=%d' % (
        orient, date_format, unit, zone, kw['double_precision'])
    name = os.path.basename(path)
    return [name], (name, cols, nrows, index, opts, desc)


def check_sheet(tool, folder, seed):
    path, ods, nsheets, sheets = RC.files('sheet %d' % seed, folder, lambda f: write_sheets(f, seed))
    path = os.path.join(folder, path)
    probs = []
    for k, (name, cols, nrows, index) in enumerate(sheets):
        d = yield (path, None if k == 0 else name)  # read with the other files of the batch (main)
        p = compare(d, cols, nrows, ('ods', 'xlsx'), index, {'drop_empty': True})
        probs += ['sheet %r: %s' % (name, x) for x in p]
    desc = '%s, %d sheets' % ('ods' if ods else 'xlsx', nsheets)
    return path, desc, probs


def write_sheets(folder, seed):
    need_pandas()
    rng = random.Random(seed)
    ods = rng.random() < 0.35
    nsheets = rng.randint(1, 3)
    path = os.path.join(folder, 'p%d.%s' % (seed, 'ods' if ods else 'xlsx'))
    sheets = []
    with pd.ExcelWriter(path, engine='odf' if ods else 'openpyxl') as w:
        for k in range(nsheets):
            nrows = rng.choice([3, 12, 60, 300])
            cols = random_columns(rng, nrows, plain_text=True)
            index = rng.random() < 0.3
            name = 'Sheet %d' % (k + 1) if rng.random() < 0.5 else rng.choice(WORDS) + str(k)
            frame(cols).to_excel(w, sheet_name=name, index=index)
            sheets.append((name, cols, nrows, index))
    return [os.path.basename(path)], (os.path.basename(path), ods, nsheets, sheets)


def check_savetxt(tool, folder, seed):
    rng = random.Random(seed)
    nrows = rng.choice([3, 20, 200])
    ncols = rng.randint(1, 6)
    if ncols == 1:
        # eight numbers or more make one column a table (fewer are lines
        # of text: ds_csv.c one_number_column)
        nrows = max(nrows, 20)
    ints = rng.random() < 0.3
    if ints:
        a = np.array([[rng.randint(-1000, 100000) for _ in range(ncols)] for _ in range(nrows)], dtype='int64')
    else:
        a = np.array([[rng.uniform(-1e3, 1e3) * 10 ** rng.randint(-4, 6) for _ in range(ncols)]
                      for _ in range(nrows)])
    delim = rng.choice([' ', ' ', ',', '\t', ';'])
    fmt = '%d' if ints else rng.choice(['%.18e', '%.18e', '%.6f', '%g', '%.10g'])
    names = ['v%d_%s' % (i, rng.choice(WORDS[:-1])) for i in range(ncols)]
    header = rng.choice(['none', 'comment', 'plain'])
    kw = {'delimiter': delim, 'fmt': fmt}
    if header != 'none':
        kw['header'] = delim.join(names) if delim != ' ' or rng.random() < 0.5 else ' '.join(names)
        if header == 'plain':
            kw['comments'] = ''
    path = os.path.join(folder, 'p%d.%s' % (seed, rng.choice(['txt', 'csv', 'dat']) if delim != ' ' else 'txt'))
    np.savetxt(path, a, **kw)
    cols = [Column(names[i] if header != 'none' else 'col%d' % (i + 1), 'float',
                   [float(fmt % x) for x in a[:, i]]) for i in range(ncols)]
    desc = 'savetxt delimiter=%r fmt=%s header=%s' % (delim, fmt, header)
    d = yield path  # read with the other files of the batch (main)
    if header == 'none' and ncols == 1 and d['names']:
        cols[0].name = d['names'][0]  # a one-column csv or series: its name is loglab's
    return path, desc, compare(d, cols, nrows, None, None, {})


def check_npy(tool, folder, seed):
    rng = random.Random(seed)
    nrows = rng.choice([1, 5, 50, 1000])
    ncols = rng.choice([0, 1, 3, 8])
    dtype = rng.choice(['<f8', '<f4', '<i4', '<i8', '<i2', '|u1', '<u4'])
    shape = (nrows,) if ncols == 0 else (nrows, ncols)
    if dtype.endswith(('f8', 'f4')):
        a = np.array([rng.uniform(-1e3, 1e3) for _ in range(int(np.prod(shape)))]).reshape(shape)
        if rng.random() < 0.3 and a.size:
            a.flat[rng.randrange(a.size)] = np.nan
    else:
        lo, hi = (0, 255) if dtype == '|u1' else (-30000, 30000) if dtype == '<i2' else (0, 10 ** 6) if dtype == '<u4' else (-10 ** 6, 10 ** 6)
        a = np.array([rng.randint(lo, hi) for _ in range(int(np.prod(shape)))]).reshape(shape)
    a = a.astype(dtype)
    fortran = len(shape) == 2 and rng.random() < 0.4
    if fortran:
        a = np.asfortranarray(a)
    path = os.path.join(folder, 'p%d.npy' % seed)
    np.save(path, a)
    d = yield path  # read with the other files of the batch (main)
    a2 = a.reshape(nrows, 1) if ncols == 0 else a
    names = d['names'] if len(d['names']) == a2.shape[1] else ['?'] * a2.shape[1]
    cols = [Column(names[i], 'float', [None if math.isnan(float(x)) else float(x) for x in a2[:, i]])
            for i in range(a2.shape[1])]
    desc = 'np.save shape=%s dtype=%s fortran=%s' % (shape, dtype, fortran)
    return path, desc, compare(d, cols, nrows, ('npy',), None, {})


CHECKS = [('csv', check_csv), ('json', check_json), ('sheet', check_sheet),
          ('savetxt', check_savetxt), ('npy', check_npy)]


def main():
    global RC
    tool, folder, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    zones = [f for f in (next((os.path.join(d, z) for d in ('/usr/share/zoneinfo', '/usr/lib/zoneinfo')
                               if os.path.isfile(os.path.join(d, z))), None) for z in ZONES) if f]
    RC = refcache.for_script(__file__, inputs=zones, dists=['numpy', 'pandas', 'openpyxl', 'odfpy', 'pytz',
                                                            'python-dateutil', 'tzdata'])
    first = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    only = os.environ.get('LL_TABLES_ONLY', '')
    os.makedirs(folder, exist_ok=True)
    bad, files = 0, 0
    for kind, check in CHECKS:
        if only and kind not in only.split(','):
            continue
        # each check writes its file and waits (yield) for its tables: the
        # kind's files are read by one table_dump --each a round
        results = run_batched(tool, [check(tool, folder, seed) for seed in range(first, first + count)])
        for seed, (path, desc, probs) in zip(range(first, first + count), results):
            files += 1
            kinds = TALLY.setdefault(kind, [0, 0])
            kinds[0] += 1
            kinds[1] += bool(probs)
            if probs:
                bad += 1
                print('%s (%s seed %d; %s): %s' % (path, kind, seed, desc, '; '.join(probs)))
            else:
                os.remove(path)
    for kind, (n, b) in TALLY.items():
        print('%s: %d files, %d differ' % (kind, n, b))
    print('%d cells compared' % CELLS[0])
    print('%d files, %d differ' % (files, bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
