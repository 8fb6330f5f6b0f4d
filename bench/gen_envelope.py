"""gen_envelope.py - JSON documents of about SIZE MB whose records sit in an
envelope, for bench_envelope.sh (not part of make check).

usage: python3 gen_envelope.py SHAPE SIZE_MB OUT
SHAPE: es       {"took": 5, "_shards": {...}, "hits": {"total": {...}, "hits": [...]}}
       records  {"Records": [...]}
       result   {"status": "success", "data": {"resultType": "x", "result": [...]}}
       items    {"apiVersion": "v1", "items": [...], "kind": "List", "metadata": {...}}
       array    [...] (no envelope, for comparison)
       map      {"req-0000000": {...}, ...} (a map of records, names as keys)
       compact  ClickHouse's JSONCompact: {"meta": [{"name":..,"type":..}], "data": [[...]],
                "rows": N, "statistics": {...}} (rows that are arrays, names once)
       split    pandas' orient="split": {"columns": [...], "index": [...], "data": [[...]]}
Records are objects of nested keys, strings, numbers, stamps and nulls,
from a fixed seed; the list is written last in "es" and "result", first
in "items".
"""
import json
import random
import sys


def record(rng, i):
    t = 1700000000 + i
    return {
        "@timestamp": "2024-01-%02dT%02d:%02d:%02dZ" % (1 + i // 86400 % 28, i // 3600 % 24, i // 60 % 60, i % 60),
        "host": {"name": "node%03d" % rng.randrange(200), "ip": "10.0.%d.%d" % (rng.randrange(256), rng.randrange(256))},
        "event": {"code": rng.randrange(1000), "outcome": rng.choice(["success", "failure", None]),
                  "duration": round(rng.random() * 1000, 3)},
        "ts": t,
        "user": {"id": "u%05d" % rng.randrange(50000), "roles": [rng.choice(["a", "b", "c"])]},
        "message": "request %d took %d ms from %s" % (i, rng.randrange(5000), rng.choice(["eu", "us", "ap"])),
    }


COLUMNS = [("t", "DateTime"), ("host", "String"), ("status", "UInt16"), ("duration", "Float64"),
           ("method", "String")]


def row(rng, i):
    return [
        "2024-01-%02d %02d:%02d:%02d" % (1 + i // 86400 % 28, i // 3600 % 24, i // 60 % 60, i % 60),
        "node%03d" % rng.randrange(200), rng.choice([200, 200, 200, 404, 500]), round(rng.random() * 1000, 3),
        rng.choice(["GET", "POST", "PUT"]),
    ]


def table(shape, rng, target, f):
    """Rows of COLUMNS up to about target bytes, as shape writes them."""
    rows, written = [], 0
    while written < target:
        s = json.dumps(row(rng, len(rows)))
        rows.append(s)
        written += len(s) + 2
    if shape == "compact":
        meta = ", ".join('{"name": "%s", "type": "%s"}' % c for c in COLUMNS)
        f.write('{\n\t"meta": [%s],\n\t"data": [\n\t\t' % meta)
        f.write(",\n\t\t".join(rows))
        f.write('\n\t],\n\t"rows": %d,\n\t"rows_before_limit_at_least": %d,\n\t"statistics": {"elapsed": 0.25, '
                '"rows_read": %d, "bytes_read": %d}\n}\n' % (len(rows), len(rows), len(rows), written))
    else:
        f.write('{"columns": %s, "index": [%s], "data": [' % (json.dumps([c[0] for c in COLUMNS]),
                                                            ",".join(str(k) for k in range(len(rows)))))
        f.write(",".join(rows))
        f.write("]}")


def main():
    shape, size, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    rng = random.Random(42)
    target = int(size * 1e6)
    if shape in ("compact", "split"):
        with open(out, "w") as f:
            table(shape, rng, target, f)
        return
    with open(out, "w") as f:
        head = {
            "es": '{"took": 5, "timed_out": false, "_shards": {"total": 1, "successful": 1}, '
                  '"hits": {"total": {"value": 0, "relation": "eq"}, "max_score": 1.0, "hits": [\n',
            "records": '{"Records": [\n',
            "result": '{"status": "success", "data": {"resultType": "streams", "result": [\n',
            "items": '{"apiVersion": "v1", "items": [\n',
            "array": "[\n",
            "map": "{\n",
        }[shape]
        tail = {
            "es": "\n]}}\n",
            "records": "\n]}\n",
            "result": '\n], "stats": {"bytes": 1, "lines": 2}}}\n',
            "items": '\n], "kind": "List", "metadata": {"resourceVersion": "", "selfLink": ""}}\n',
            "array": "\n]\n",
            "map": "\n}\n",
        }[shape]
        f.write(head)
        written, i = len(head), 0
        while written < target:
            name = json.dumps("req-%07d" % i) + ": " if shape == "map" else ""
            s = (",\n" if i else "") + name + json.dumps(record(rng, i))
            f.write(s)
            written += len(s)
            i += 1
        f.write(tail)


main()
