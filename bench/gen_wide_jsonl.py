"""gen_wide_jsonl.py - JSON Lines of KEYS keys a record, about SIZE MB, for
the wide-record timing of bench/UNSEEN_TABLES.md (not part of make check).

usage: python3 gen_wide_jsonl.py KEYS SIZE_MB OUT
Each record: "ts" (epoch seconds), "host" (one of 50), then KEYS - 2 keys
"m0002"... of numbers (a tenth of them null, a twentieth strings, every
fiftieth nested one level: "grp": {"v": ...}), from a fixed seed.
"""
import json
import random
import sys


def main():
    keys, size, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    rng = random.Random(7)
    target = int(size * 1e6)
    written, i = 0, 0
    with open(out, "w") as f:
        while written < target:
            r = {"ts": 1700000000 + i, "host": "h%02d" % rng.randrange(50)}
            for k in range(2, keys):
                u = rng.random()
                name = "m%04d" % k
                if k % 50 == 0:
                    r[name] = {"v": round(rng.random() * 100, 2)}
                elif k % 20 == 0:
                    r[name] = rng.choice(["ok", "warn", "fail"])
                else:
                    r[name] = None if u < 0.1 else round(u * 1000, 3)
            s = json.dumps(r) + "\n"
            f.write(s)
            written += len(s)
            i += 1


main()
