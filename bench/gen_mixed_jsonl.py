"""gen_mixed_jsonl.py - JSON Lines of records of many kinds, as audit and
security logs write them (CloudTrail, Kubernetes audit, Suricata eve.json):
a few keys every record has and keys of its own for each kind, so that most
columns are filled in few rows. For bench/UNSEEN_TABLES.md's sparse-table
figures (not part of make check).

usage: python3 gen_mixed_jsonl.py KINDS SIZE_MB OUT
Each record: "time" (ISO 8601), "kind" (one of KINDS, at random), "host",
"user", "source_ip", a nested "identity" of two keys, then 5-30 keys of its
kind under "params" (numbers and strings), and now and then a "response".
The shapes are this script's own, from a fixed seed.
"""
import json
import random
import sys


def main():
    kinds, size, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    rng = random.Random(11)
    keys = [["p%d_%d" % (k, i) for i in range(rng.randint(5, 30))] for k in range(kinds)]
    target = int(size * 1e6)
    written, i = 0, 0
    with open(out, "w") as f:
        while written < target:
            k = rng.randrange(kinds)
            s = i % 86400
            r = {
                "time": "2024-05-%02dT%02d:%02d:%02dZ" % (1 + i // 86400 % 28, s // 3600, s // 60 % 60, s % 60),
                "kind": "Op%d" % k,
                "host": "h%02d" % rng.randrange(40),
                "user": "u%d" % rng.randrange(200),
                "source_ip": "10.%d.%d.%d" % (rng.randrange(4), rng.randrange(256), rng.randrange(256)),
                "identity": {"type": rng.choice(["user", "role"]), "account": str(100000 + rng.randrange(20))},
                "params": {n: (rng.randrange(10000) if j % 2 else "v%d" % rng.randrange(100))
                           for j, n in enumerate(keys[k])},
            }
            if i % 3 == 0:
                r["response"] = {"status": rng.choice([200, 200, 403, 500]), "ms": rng.randrange(1, 900)}
            line = json.dumps(r) + "\n"
            f.write(line)
            written += len(line)
            i += 1


if __name__ == "__main__":
    main()
