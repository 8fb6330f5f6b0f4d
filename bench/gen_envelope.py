"""gen_envelope.py - JSON documents of about SIZE MB whose records sit in an
envelope, for bench_envelope.sh (not part of make check).

usage: python3 gen_envelope.py SHAPE SIZE_MB OUT
SHAPE: es       {"took": 5, "_shards": {...}, "hits": {"total": {...}, "hits": [...]}}
       records  {"Records": [...]}
       result   {"status": "success", "data": {"resultType": "x", "result": [...]}}
       items    {"apiVersion": "v1", "items": [...], "kind": "List", "metadata": {...}}
       array    [...] (no envelope, for comparison)
       map      {"req-0000000": {...}, ...} (a map of records, names as keys)
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


def main():
    shape, size, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    rng = random.Random(42)
    target = int(size * 1e6)
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
