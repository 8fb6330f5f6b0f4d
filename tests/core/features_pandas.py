#!/usr/bin/python3
"""tests/core/features_pandas.py - differential test of loglab's numeric
feature sets (resampling, NaN policy, sliding windows, chronological split,
normalisation) against a reference in pandas, on the tables series_gen.py
makes.

For each seed: the table and a workspace are written, `loglab build f
--json` materialises the feature set (X.npy, split.npy, manifest.json), and
the reference computes the same from the generator's truth (the times as
exact nanoseconds, the values as written), never from loglab's reading.
The conventions (docs/workspace.md):

- reading: a long table (hosts, "entity": "host") is a row per distinct
  time and a column per metric and host (ds_pivot.h: the first of rows
  repeating a time and host kept, a metric of one value across the hosts of
  every time one column); a CSV line of separators alone is no row; rows
  without a stamp stay unless resampled or pivoted.
- resampling: buckets [k*I, (k+1)*I) aligned to the Unix epoch, labelled by
  their start (pandas: origin='epoch', closed='left', label='left'), every
  bucket from the first row's to the last row's; rows out of time order are
  taken in time order, stably. Aggregators skip missing values; a bucket
  where a column has no value is missing for every aggregator but count
  (0), so sum is pandas' sum(min_count=1). rate: over the column's values
  in time order, each consecutive pair gives its increase (a decrease is a
  reset: the increase is the new value) and its time step, both to the
  bucket of the later value; rate = sum of increases / sum of steps, missing
  where the steps sum to 0 or there is no pair. Times are exact (loglab holds
  them to the microsecond, the generator writes no finer stamps).
- NaN policy, after resampling, in bucket (or row) order: ffill is pandas'
  ffill then bfill (leading gaps take the first value); interp is linear in
  position (bucket index when resampled, row index otherwise), the ends
  taking the nearest value; zero fills 0; drop removes rows with any missing
  value; mean fills with the mean of the column over the training samples.
  A column left without a value is an error.
- Values are float64 until the feature matrix, which is float32; without
  resampling the policy runs on the float32 values.
- windows: samples of `size` consecutive rows starting every `stride`
  rows while they fit; flattened names `m@-k`.
- chronological split: test = ceil(test*n), dev = ceil(dev*n), train the
  rest; with `train` alone train = floor(train*n); train, dev, test in order.
- scaling fitted on the training samples (every step of a sequence):
  zscore (population std), minmax, robust (median, IQR by linear quantiles);
  a scale below 10*DBL_EPSILON is 1.

A cell agrees when loglab's float32 lies within half a float32 ulp of a
value within 1e-9 relative of the reference's float64 (relative to the
size of the terms: for a scaled value, (|x|+|centre|)/scale). The first
differing cell of each table is named: sample, feature, both values.

A table of one host that loglab's reader took for a long table (a column
per value of some number column, ds_pivot.h's detection) is labelled
[pivot]: a reading question, not the feature code's, still counted.

Each seed's table and reference are kept in LL_REFCACHE when set
(tests/refcache.py), keyed by the seed, this script and series_gen.py, the
time-zone files series_gen.py reads and the versions of Python, numpy and
pandas: the suite's ASan pass (seeds 0-99) reads what the release pass
(0-299) computed.

Usage: features_pandas.py LOGLAB DIR COUNT [FIRST_SEED] [-v]
Prints a line per table that differs and a summary; exit 1 when any does,
77 when pandas or numpy is missing.
"""
import importlib.util
import json
import math
import os
import shutil
import subprocess
import sys

try:
    import numpy as np
except ImportError as e:
    print('SKIP: %s' % e)
    sys.exit(77)
if importlib.util.find_spec('pandas') is None:
    print('SKIP: No module named pandas')
    sys.exit(77)
pd = None  # pandas, imported by the reference's first use (not at all when it is kept)


def need_pandas():
    global pd
    if pd is None:
        import pandas
        pd = pandas

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import series_gen  # noqa: E402
import zoneinfo  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import refcache  # noqa: E402

NS = series_gen.NS
INTERVAL_NS = dict(series_gen.INTERVALS)


class Expected:
    def __init__(self):
        self.error = None      # why the build must fail, or None
        self.X = None          # float64 (n, d) or (n, steps, d)
        self.mag = None        # size of the terms behind each cell
        self.names = []
        self.split = None      # 0 train, 1 dev, 2 test
        self.times = None      # each sample's first row's time (ns), for messages


def read_rows(case):
    """The rows a reader keeps: a CSV line of separators alone (no stamp, every
    cell empty) is no record, as a blank line is not."""
    if case.fmt != 'csv' or case.token != '':
        return case.rows
    return [r for r in case.rows if r[0] is not None or any(v is not None for v in r[2].values())]


def wide_rows(case):
    """The table as loglab's reader hands it on: without hosts, the rows as
    written; a long table (hosts) pivoted as ds_pivot.h says: rows in time
    order (stable), a row per distinct time, a column per metric and host,
    named m.host, the first row of a repeated (time, host) kept, and a
    metric that holds one value across the hosts of every time one column
    (its first value at each time). Returns (times, {column: values})."""
    rows = read_rows(case)
    if not case.hosts:  # rows without a stamp stay (resampling skips them)
        return ([r[0] for r in rows],
                {m: [np.nan if r[2][m] is None else float(r[2][m]) for r in rows] for m in case.metrics})
    rows = sorted((r for r in rows if r[0] is not None), key=lambda r: r[0])  # no stamp: left out
    times = sorted(set(r[0] for r in rows))
    at = {t: i for i, t in enumerate(times)}
    cols = {}
    for m in case.metrics:
        def cell(r):
            return np.nan if r[2][m] is None else float(r[2][m])
        per_host = False
        for a, b in zip(rows, rows[1:]):
            if a[0] == b[0]:
                x, y = cell(a), cell(b)
                if not (x == y or (np.isnan(x) and np.isnan(y))):
                    per_host = True
                    break
        if not per_host:
            v = [np.nan] * len(times)
            for r in rows:
                if np.isnan(v[at[r[0]]]):
                    v[at[r[0]]] = cell(r)
            cols[m] = v
            continue
        seen = set()
        for h in sorted(case.hosts):
            cols['%s.%s' % (m, h)] = [np.nan] * len(times)
        for r in rows:
            if (r[0], r[1]) in seen:
                continue
            seen.add((r[0], r[1]))
            cols['%s.%s' % (m, r[1])][at[r[0]]] = cell(r)
        for h in sorted(case.hosts):  # a host without a value has no column
            if all(np.isnan(x) for x in cols['%s.%s' % (m, h)]):
                del cols['%s.%s' % (m, h)]
    return times, cols


def rate_of(t_ns, v, bucket):
    """Per-bucket rate: pairs of consecutive values, the later's bucket."""
    ok = ~np.isnan(v)
    t, x, b = t_ns[ok], v[ok], bucket[ok]
    if len(x) < 2:
        return pd.Series(dtype=float)
    inc = np.diff(x)
    inc = np.where(inc < 0, x[1:], inc)
    # steps summed in integer ns, in seconds once: the bucket's time
    df = pd.DataFrame({'b': b[1:], 'inc': inc, 'dt': np.diff(t)})
    g = df.groupby('b', sort=True).agg({'inc': 'sum', 'dt': 'sum'})
    r = g['inc'] / (g['dt'].astype(np.float64) / NS)
    return r.where(g['dt'] > 0)


def resample(times, cols, iv_ns, aggs):
    """The resampled frame (bucket starts in ns as index) of cols."""
    stamped = np.array([x is not None for x in times])
    tt = np.array([x if x is not None else 0 for x in times], dtype=np.int64)
    order = np.nonzero(stamped)[0][np.argsort(tt[stamped], kind='stable')]  # rows without a stamp skipped
    t = tt[order]
    index = np.arange(t[0] // iv_ns, t[-1] // iv_ns + 1, dtype=np.int64)
    out = pd.DataFrame(index=index)
    for name, vals in cols.items():
        v = np.array(vals, dtype=np.float64)[order]
        agg = aggs.get(name, aggs['*'])
        if agg == 'rate':
            out[name] = rate_of(t, v, t // iv_ns).reindex(index)
            continue
        s = pd.Series(v, index=pd.to_datetime(t, unit='ns'))
        rs = s.resample(pd.Timedelta(iv_ns, unit='ns'), origin='epoch', closed='left', label='left')
        if agg == 'sum':
            r = rs.sum(min_count=1)
        elif agg == 'count':
            r = rs.count()
        else:
            r = getattr(rs, agg)()
        r.index = r.index.asi8 // iv_ns
        r = r.reindex(index)
        if agg == 'count':
            r = r.fillna(0.0)
        out[name] = r.astype(np.float64)
    out.index = index * iv_ns
    return out


def apply_nan(df, policy):
    if policy == 'ffill':
        return df.ffill().bfill()
    if policy == 'interp':
        return df.interpolate(method='linear', limit_direction='both').ffill().bfill()
    if policy == 'zero':
        return df.fillna(0.0)
    if policy == 'drop':
        return df.dropna(how='any')
    return df


def split_sizes(sp, n):
    if 'test' in sp:
        te = min(n, math.ceil(sp['test'] * n))
        dv = min(n - te, math.ceil(sp.get('dev', 0) * n))
        return n - te - dv, dv, te
    tr = min(n, math.floor(sp['train'] * n))
    dv = min(n - tr, math.ceil(sp.get('dev', 0) * n))
    return tr, dv, n - tr - dv


def expected(case):
    need_pandas()
    e = Expected()
    r = case.recipe
    times, cols = wide_rows(case)
    if 'resample' in r:
        res = r['resample']
        aggs = dict(res.get('aggs', {}))
        aggs['*'] = res.get('agg', 'mean')
        df = resample(times, cols, INTERVAL_NS[res['interval']], aggs)
        # a column without a value in any bucket (a rate of one value) is
        # left alone by every policy (ll_resample.h), then refused
        for nm in df.columns:
            if df[nm].isna().all():
                e.error = 'column %s has no value once resampled' % nm
                return e
        df = apply_nan(df, r['nan'])
        A = df.to_numpy(dtype=np.float64).astype(np.float32)
    else:
        df = pd.DataFrame(cols, index=pd.Index(times, dtype=object))
        A32 = df.to_numpy(dtype=np.float64).astype(np.float32)
        df = pd.DataFrame(A32.astype(np.float64), index=df.index, columns=df.columns)
        df = apply_nan(df, r['nan'])
        A = df.to_numpy(dtype=np.float64).astype(np.float32)
    names = list(df.columns)
    if len(df) == 0:
        e.error = 'no rows (drop left none)'
        return e
    for j, nm in enumerate(names):
        if np.all(np.isnan(A[:, j])):
            e.error = 'column %s has no value' % nm
            return e
    times = np.array([-1 if x is None or x != x else x for x in df.index], dtype=np.int64)
    X = A.astype(np.float64)
    steps = 1
    if 'window' in r:
        w = r['window']
        L, S = w['size'], w['stride']
        if L > len(X):
            e.error = 'window longer than the data'
            return e
        nw = (len(X) - L) // S + 1
        blocks = np.stack([X[k * S:k * S + L] for k in range(nw)])
        times = times[[k * S for k in range(nw)]]
        if L == 1 and not w['flatten']:  # a sequence of one step is a row: (n, d), names as they are
            X = blocks.reshape(nw, len(names))
        elif w['flatten']:
            X = blocks.reshape(nw, L * len(names))
            names = ['%s@-%d' % (names[j % len(names)], L - 1 - j // len(names)) for j in range(L * len(names))]
        else:
            X = blocks
            steps = L
    n = X.shape[0]
    ntr, ndv, nte = split_sizes(r['split'], n)
    if n < 2 or ntr == 0 or ('test' in r['split'] and nte == 0):
        e.error = 'too few samples to split (%d)' % n
        return e
    part = np.array([0] * ntr + [1] * ndv + [2] * nte, dtype=np.uint8)
    d = X.shape[-1]
    flat = X.reshape(n * steps, d)
    train = np.repeat(part == 0, steps)
    if r['nan'] == 'mean':
        for j in range(d):
            v = flat[train, j]
            v = v[~np.isnan(v)]
            fill = np.float32(np.cumsum(v)[-1] / len(v)) if len(v) else np.float32(0)
            col = flat[:, j]
            col[np.isnan(col)] = fill
    mag = np.abs(flat).copy()
    if r['scale'] != 'none':
        for j in range(d):
            v = flat[train, j]
            v = v[~np.isnan(v)]
            if len(v) == 0:
                c, s = 0.0, 1.0
            elif r['scale'] == 'zscore':
                c = np.cumsum(v)[-1] / len(v)
                s = math.sqrt(np.cumsum((v - c) ** 2)[-1] / len(v))
            elif r['scale'] == 'minmax':
                c = v.min()
                s = v.max() - c
            else:
                c = np.quantile(v, 0.5)
                s = np.quantile(v, 0.75) - np.quantile(v, 0.25)
            if s < 10 * np.finfo(np.float64).eps:
                s = 1.0
            mag[:, j] = (np.abs(flat[:, j]) + abs(c)) / s
            flat[:, j] = (flat[:, j] - c) / s
    e.X = flat.reshape(X.shape)
    e.mag = mag.reshape(X.shape)
    e.names = names
    e.split = part
    e.times = times
    return e


def run_loglab(loglab, case, work):
    if os.path.isdir(work):
        shutil.rmtree(work)
    os.makedirs(work)
    with open(os.path.join(work, 'data.' + case.fmt), 'w') as f:
        f.write(case.text)
    with open(os.path.join(work, 'loglab.json'), 'w') as f:
        f.write(series_gen.workspace(case))
    out = os.path.join(work, 'out')
    p = subprocess.run([loglab, 'build', 'f', '--workspace', work, '--out', out, '--json'],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if p.returncode != 0:
        return None, p.stderr.decode(errors='replace').strip() or p.stdout.decode(errors='replace').strip()
    man = json.load(open(os.path.join(out, 'manifest.json')))
    X = np.load(os.path.join(out, 'X.npy'))
    split = np.load(os.path.join(out, 'split.npy'))
    return (X, split, man), None


def pivoted(loglab, work):
    """Whether loglab's reader pivoted the case's table (its note says so)."""
    data = [f for f in os.listdir(work) if f.startswith('data.')][0]
    p = subprocess.run([loglab, 'info', os.path.join(work, data)], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=120)
    return b'a long table' in p.stdout


def feature_names(man):
    for k in ('feature_names', 'features', 'names'):
        if k in man and isinstance(man[k], list):
            return man[k]
    raise KeyError('no feature names in manifest.json: %s' % sorted(man))


def stamp(ns):
    need_pandas()
    return 'no stamp' if ns < 0 else pd.Timestamp(int(ns), unit='ns').isoformat() + 'Z'


def compare(case, e, got, err):
    """None when they agree, else (kind, message) naming the first difference."""
    if e.error:
        if err is not None:
            return None
        return ('error', 'reference: %s; loglab built %s' % (e.error, got[0].shape))
    if err is not None:
        return ('error', 'loglab failed: %s' % err.splitlines()[-1])
    X, split, man = got
    names = feature_names(man)
    if sorted(names) != sorted(e.names):
        return ('names', 'loglab %s, reference %s' % (names, e.names))
    if X.shape[0] != e.X.shape[0] or X.ndim != e.X.ndim or (X.ndim == 3 and X.shape[1] != e.X.shape[1]):
        return ('shape', 'loglab %s, reference %s' % (X.shape, e.X.shape))
    if not np.array_equal(split, e.split):
        i = int(np.argmax(split != e.split))
        return ('split', 'sample %d: part %d, reference %d (sizes %s vs %s)' % (
            i, split[i], e.split[i], np.bincount(split, minlength=3), np.bincount(e.split, minlength=3)))
    order = [e.names.index(nm) for nm in names]
    E = e.X[..., order]
    M = e.mag[..., order]
    A = X.astype(np.float64)
    ulp = np.spacing(np.abs(E.astype(np.float32))).astype(np.float64)
    with np.errstate(invalid='ignore'):
        ok = np.abs(A - E) <= 1e-9 * M + 0.5 * ulp
    ok |= np.isnan(A) & np.isnan(E)
    ok |= np.isinf(A) & np.isinf(E) & (np.sign(A) == np.sign(E))
    # beyond float32's range the reference's value is infinite too
    big = np.abs(E) > np.finfo(np.float32).max
    ok |= big & np.isinf(A) & (np.sign(A) == np.sign(E))
    if ok.all():
        return None
    bad = np.argwhere(~ok)
    idx = tuple(bad[0])
    i = idx[0]
    where = 'sample %d (from %s)' % (i, stamp(e.times[i]))
    if A.ndim == 3:
        where += ' step %d' % idx[1]
    return ('value', '%d cells differ; first: %s, %s: loglab %r, reference %r' % (
        len(bad), where, names[idx[-1]], float(A[idx]), float(E[idx])))


def main():
    args = [a for a in sys.argv[1:] if a != '-v']
    verbose = '-v' in sys.argv
    if len(args) < 3:
        print(__doc__.strip().splitlines()[-3])
        return 2
    loglab, work, count = args[0], args[1], int(args[2])
    first = int(args[3]) if len(args) > 3 else 0
    kinds = {}
    differ = refused = 0
    # the zones' rules as zoneinfo reads them: the first file of each on its path
    zones = [f for f in (next((os.path.join(d, z) for d in zoneinfo.TZPATH if os.path.isfile(os.path.join(d, z))),
                              None) for z in series_gen.ZONES) if f]
    rc = refcache.for_script(__file__, inputs=zones,
                             dists=['numpy', 'pandas', 'pytz', 'python-dateutil', 'tzdata'])
    for seed in range(first, first + count):
        case = rc.get('case %d' % seed, lambda: series_gen.gen(seed))
        got, err = run_loglab(loglab, case, os.path.join(work, 'case'))
        try:
            e = rc.get('expected %d' % seed, lambda: expected(case))
            res = compare(case, e, got, err)
        except Exception as ex:  # a reference that cannot run is a finding too
            res = ('reference', '%s: %s' % (type(ex).__name__, ex))
        if res and not case.hosts and pivoted(loglab, os.path.join(work, 'case')):
            # the reader took a table of one host for a long one (ds_pivot.h):
            # a column per value of some number column; not the feature code
            res = ('pivot', res[1])
        if res is None:
            refused += err is not None
            if err is not None and verbose:
                print('REFUSED %s: %s / %s' % (case.about, err.splitlines()[-1], e.error))
        if res:
            differ += 1
            kinds[res[0]] = kinds.get(res[0], 0) + 1
            print('DIFF %s [%s] %s' % (case.about, res[0], res[1]))
            if verbose:
                print('  recipe %s' % json.dumps(case.recipe))
    print('%d tables (%d refused by both), %d differ%s' % (count, refused, differ,
                                     ''.join(' (%s %d)' % kv for kv in sorted(kinds.items())) if kinds else ''))
    return 1 if differ else 0


if __name__ == '__main__':
    sys.exit(main())
