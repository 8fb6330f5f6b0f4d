#!/usr/bin/python3
"""tests/core/series_gen.py - seeded generator of time-series tables and
feature-set recipes for features_pandas.py, in shapes nobody tuned on.

gen(seed) returns a Case: the file's text (CSV or JSONL), the dataset's
extra keys (entity), the feature-set recipe as loglab.json takes it, and
the truth: every row as written, its time as integer nanoseconds since the
Unix epoch (exact, whatever the stamp's spelling; None for a blank stamp), its host, and each
metric's value (a float, or None when the cell is missing).

Shapes drawn per seed: one row to a few hundred; regular, jittered or
irregular steps from 100 ms to an hour; gaps (a run of rows missing);
repeated stamps and rows written out of order; a row or two without a stamp; stamps as ISO with Z, with
no zone (UTC), with a local offset across a DST change (Europe/Berlin,
America/New_York), as epoch seconds (whole or fractional) or milliseconds;
fractions of 0, 3 or 6 digits; missing cells as empty, NaN or '-' (CSV) or
null / a key left out (JSONL); gauges of magnitudes 1e-30 to 1e30,
integers, constant columns, counters that reset or wrap at 2^32; long
tables of 2 or 3 hosts (entity). Recipes: resampling (intervals that do not
divide the span, 100 ms to 1 h), every aggregator and per-column ones,
every NaN policy, sliding windows (flat or sequence), chronological splits
with or without a dev part, and each normalisation.
"""
import datetime as dt
import json
import random
from zoneinfo import ZoneInfo

NS = 10**9
AGGS = ['mean', 'min', 'max', 'sum', 'last', 'first', 'count', 'rate']
NANS = ['drop', 'ffill', 'zero', 'interp', 'mean']
# (text in loglab.json, nanoseconds)
INTERVALS = [('100ms', NS // 10), ('250ms', NS // 4), ('500ms', NS // 2), ('1s', NS), ('7s', 7 * NS),
             ('10s', 10 * NS), ('13s', 13 * NS), ('1min', 60 * NS), ('90s', 90 * NS), ('5m', 300 * NS),
             ('1h', 3600 * NS), ('1h30m', 5400 * NS), ('2.5s', 5 * NS // 2), ('1m30s', 90 * NS),
             ('1d', 86400 * NS), ('1w', 7 * 86400 * NS)]
STEPS = [NS // 10, NS // 4, NS // 2, NS, 2 * NS, 5 * NS, 10 * NS, 60 * NS, 300 * NS, 3600 * NS]
ZONES = ['Europe/Berlin', 'America/New_York']
# DST changes of those zones (UTC), so stamps with offsets cross them
DST_UTC = [dt.datetime(2024, 3, 31, 1), dt.datetime(2024, 10, 27, 1), dt.datetime(2023, 3, 12, 7),
           dt.datetime(2023, 11, 5, 6)]


class Case:
    def __init__(self):
        self.seed = 0
        self.fmt = 'csv'
        self.text = ''
        self.dataset = {}
        self.recipe = {}
        self.rows = []  # (t_ns or None, host or None, {metric: float or None})
        self.metrics = []
        self.hosts = []
        self.kinds = {}
        self.stamp = ''
        self.about = ''
        self.token = ''  # how a missing cell is written


def frac_text(ns, digits):
    if digits == 0:
        return ''
    return '.' + ('%09d' % ns)[:digits]


def write_stamp(t_ns, style, digits, zone):
    sec, sub = divmod(t_ns, NS)
    if style == 'epoch_s':
        return '%d%s' % (sec, frac_text(sub, digits))
    if style == 'epoch_ms':
        return '%d' % (t_ns // 10**6)
    utc = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=sec)
    if style == 'iso_z':
        return utc.strftime('%Y-%m-%dT%H:%M:%S') + frac_text(sub, digits) + 'Z'
    if style == 'iso_naive':
        return utc.strftime('%Y-%m-%d %H:%M:%S') + frac_text(sub, digits)
    local = utc.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo(zone))
    off = local.utcoffset()
    mins = int(off.total_seconds()) // 60
    sign = '+' if mins >= 0 else '-'
    mins = abs(mins)
    return local.strftime('%Y-%m-%dT%H:%M:%S') + frac_text(sub, digits) + '%s%02d:%02d' % (sign, mins // 60, mins % 60)


def number_text(v):
    if isinstance(v, int):
        return str(v)
    return repr(v)


def metric_values(rng, kind, n):
    if kind == 'const':
        c = rng.choice([0.0, 1.0, 42.5, -3.25, 1e6, 7])
        return [c] * n
    if kind == 'int':
        return [rng.randint(-50, 1000) for _ in range(n)]
    if kind == 'counter':
        v = rng.randint(0, 10**6)
        wrap = rng.random() < 0.4
        if wrap:
            v = 2**32 - rng.randint(1, 5000) * max(1, n // 4)
        out = []
        for _ in range(n):
            r = rng.random()
            if r < 0.03:
                v = rng.randint(0, 100)  # a restart
            else:
                v += rng.randint(0, 3000)
                if wrap and v >= 2**32:
                    v -= 2**32
            out.append(v)
        return out
    mag = rng.choice([1.0, 1.0, 1e-3, 1e6, 1e12, 1e-30, 1e30, 1e-40])
    off = rng.choice([0.0, 0.0, 1000.0]) * mag
    out = []
    for _ in range(n):
        x = off + rng.gauss(0, 1) * mag
        if rng.random() < 0.5:
            x = float('%.6g' % x)  # the digits a collector prints
        out.append(x)
    return out


def times(rng, n, step):
    """n stamps in ns: regular, jittered or irregular, with gaps."""
    shape = rng.choice(['regular', 'regular', 'jitter', 'irregular'])
    ts, t = [], 0
    for i in range(n):
        ts.append(t)
        if shape == 'regular':
            t += step
        elif shape == 'jitter':
            t += step + rng.randint(-step // 3, step // 3)
        else:
            t += int(step * rng.expovariate(1.0))
    if n > 8 and rng.random() < 0.4:
        # a gap: rows of a stretch missing (an hour, or many steps)
        a = rng.randint(1, n - 2)
        gap = max(3600 * NS, step * rng.randint(3, 20))
        ts = ts[:a] + [x + gap for x in ts[a:]]
    return ts


def gen(seed):
    rng = random.Random(seed)
    c = Case()
    c.seed = seed
    c.fmt = rng.choice(['csv', 'csv', 'jsonl'])
    n = rng.choice([1, 2, 3, 5] + [rng.randint(6, 40)] * 4 + [rng.randint(40, 300)] * 2)
    step = rng.choice(STEPS)
    style = rng.choice(['iso_z', 'iso_naive', 'iso_off', 'epoch_s', 'epoch_ms'])
    digits = 0
    if step < NS or rng.random() < 0.3:
        digits = 3 if style != 'iso_z' or rng.random() < 0.7 else 6
    if style == 'epoch_ms':
        digits = 3
    zone = rng.choice(ZONES)
    # start: a whole second between 2001 and 2035, or just before a DST change
    if style == 'iso_off' and rng.random() < 0.7:
        start = rng.choice(DST_UTC) - dt.timedelta(seconds=rng.randint(0, 3) * max(1, step * n // NS // 4))
        start_ns = int((start - dt.datetime(1970, 1, 1)).total_seconds()) * NS
    else:
        start_ns = rng.randint(978307200, 2050000000) * NS
    quantum = 10**(9 - digits)
    hosts = [None]
    if n >= 4 and rng.random() < 0.2:
        hosts = ['h%d' % (k + 1) for k in range(rng.randint(2, 3))]
    c.hosts = [h for h in hosts if h]
    nm = rng.randint(1, 3)
    kinds = [rng.choice(['gauge', 'gauge', 'int', 'counter', 'const']) for _ in range(nm)]
    c.metrics = ['m%d' % j for j in range(nm)]
    c.kinds = dict(zip(c.metrics, kinds))
    miss = rng.choice([0.0, 0.0, 0.05, 0.3])
    token = rng.choice(['', 'NaN', '-']) if c.fmt == 'csv' else rng.choice(['null', 'absent'])
    c.token = token
    rows = []
    for h in hosts:
        ts = times(rng, n, step)
        ts = [start_ns + (t // quantum) * quantum for t in ts]
        vals = {m: metric_values(rng, k, n) for m, k in zip(c.metrics, kinds)}
        for i in range(n):
            cells = {}
            for m in c.metrics:
                v = vals[m][i]
                cells[m] = None if rng.random() < miss else v
            rows.append([ts[i], h, cells])
    # every metric keeps a value (a column without one is another test's)
    for m in c.metrics:
        if all(r[2][m] is None for r in rows):
            rows[0][2][m] = 1.0
    rows.sort(key=lambda r: r[0])
    if len(rows) > 3 and rng.random() < 0.25:
        for _ in range(rng.randint(1, 3)):  # a repeated stamp
            i = rng.randrange(1, len(rows))
            rows[i][0] = rows[i - 1][0]
        rows.sort(key=lambda r: r[0])
    if len(rows) > 3 and rng.random() < 0.2:
        for _ in range(rng.randint(1, 3)):  # written late
            i = rng.randrange(0, len(rows) - 1)
            rows[i], rows[i + 1] = rows[i + 1], rows[i]
    # rows without a stamp (a blank cell), drawn apart so other seeds' tables stay as they were
    extra = random.Random(seed * 7919 + 1)
    if len(rows) >= 3 and extra.random() < 0.1:
        for _ in range(extra.randint(1, 2)):
            src = rows[extra.randrange(len(rows))]
            rows.insert(extra.randint(1, len(rows)), [None, src[1], dict(src[2])])
    c.rows = [(r[0], r[1], r[2]) for r in rows]
    tname = {'epoch_s': 'timestamp', 'epoch_ms': 'timestamp'}.get(style, rng.choice(['time', 'timestamp', 'date']))
    c.stamp = '%s/%d/%s' % (style, digits, zone if style == 'iso_off' else '')
    lines = []
    if c.fmt == 'csv':
        head = [tname] + (['host'] if c.hosts else []) + c.metrics
        lines.append(','.join(head))
        for t, h, cells in c.rows:
            f = ['' if t is None else write_stamp(t, style, digits, zone)] + ([h] if h else [])
            f += [token if cells[m] is None else number_text(cells[m]) for m in c.metrics]
            lines.append(','.join(f))
    else:
        for t, h, cells in c.rows:
            o = {}
            if t is None:
                o[tname] = None
            else:
                st = write_stamp(t, style, digits, zone)
                o[tname] = int(st) if style == 'epoch_ms' or (style == 'epoch_s' and digits == 0) else (
                    float(st) if style == 'epoch_s' else st)
            if h:
                o['host'] = h
            for m in c.metrics:
                if cells[m] is None:
                    if token == 'null':
                        o[m] = None
                else:
                    o[m] = cells[m]
            lines.append(json.dumps(o))
    c.text = '\n'.join(lines) + '\n'
    if c.hosts:
        c.dataset['entity'] = 'host'
    # the recipe
    r = {'dataset': 'd', 'columns': '^m[0-9]', 'seed': 1}
    stamped = [r[0] for r in c.rows if r[0] is not None]
    span = max(stamped) - min(stamped)
    resample = bool(c.hosts) or rng.random() < 0.75
    if resample:
        # intervals giving 1 to ~4 x rows buckets
        nr = len(c.rows) // max(1, len(c.hosts))
        ok = [iv for iv in INTERVALS if max(2, nr // 8) <= span // iv[1] + 1 <= 4 * nr + 10]
        iv = rng.choice(ok or INTERVALS[-1:])
        res = {'interval': iv[0]}
        agg = rng.choice(AGGS)
        if agg != 'mean' or rng.random() < 0.5:
            res['agg'] = agg
        if rng.random() < 0.3:
            res['aggs'] = {m: rng.choice(AGGS) for m in c.metrics if rng.random() < 0.6}
            if not res['aggs']:
                del res['aggs']
        if c.hosts and 'aggs' in res:
            del res['aggs']  # per-entity names differ
        r['resample'] = res
    r['nan'] = rng.choice(NANS)
    if rng.random() < 0.35:
        size = rng.randint(1, 5)
        r['window'] = {'kind': 'rows', 'size': size, 'stride': rng.choice([1, 1, 2, 3]),
                       'flatten': rng.random() < 0.6}
    sp = {'kind': 'chronological'}
    k = rng.random()
    if k < 0.4:
        sp['train'] = rng.choice([0.5, 0.6, 0.7, 0.75, 0.8, 0.9])
    elif k < 0.7:
        sp['test'] = rng.choice([0.1, 0.2, 0.25, 0.3, 0.4])
    else:
        sp['train'] = rng.choice([0.6, 0.7])
        sp['dev'] = 0.1
        sp['test'] = round(1 - sp['train'] - 0.1, 10)
    r['split'] = sp
    r['scale'] = rng.choice(['none', 'zscore', 'minmax', 'robust'])
    c.recipe = r
    c.about = 'seed %d: %s %d rows, %d hosts, stamps %s, kinds %s, missing %.2f %r' % (
        seed, c.fmt, len(c.rows), len(c.hosts), c.stamp, kinds, miss, token)
    return c


def workspace(c):
    """loglab.json's text for the case (the data file is data.csv/.jsonl)."""
    ds = {'path': 'data.' + c.fmt, 'format': c.fmt}
    ds.update(c.dataset)
    return json.dumps({'version': 1, 'datasets': {'d': ds}, 'featuresets': {'f': c.recipe}}, indent=1)


if __name__ == '__main__':
    import sys
    case = gen(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    print(case.about)
    print(workspace(case))
    sys.stdout.write(case.text)
