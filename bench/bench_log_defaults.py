"""bench/bench_log_defaults.py - loglab's untuned defaults for a feature set that
names only its dataset, against scikit-learn's on the same split.

Run through bench/bench_log_defaults.sh (see there and bench/TEXT.md). For each
log: a workspace with {"dataset": "d"} as its feature set, loglab's logreg,
mlp and kmeans (k = classes), then TfidfVectorizer() + LogisticRegression(),
MLPClassifier(random_state=1) and KMeans(k, n_init="auto", random_state=1) on
loglab's own split (read from the run's predictions.tsv), the same labels (its
`true` column) and the same text column (the message the format splits off).
"""
import csv
import json
import os
import random
import re
import resource
import subprocess
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, adjusted_rand_score, f1_score
from sklearn.neural_network import MLPClassifier

LOGLAB = os.path.abspath(sys.argv[1])
TMP = sys.argv[2]
ONLY = set(os.environ.get("ONLY", "").split()) or None
BGL = os.environ.get("BGL", "/work/shared/data/loghub2/BGL/BGL_2k.log")
DPKG = os.environ.get("DPKG", "/var/log/dpkg.log")
# logpai/loghub at dd61d0952749ee7963bde24220d1be5ede023033, copied to /tmp
APACHE = os.environ.get("APACHE", "/tmp/ld-data/Apache_2k.log")
ANDROID = os.environ.get("ANDROID", "/tmp/ld-data/Android_2k.log")
JSONL_ROWS = int(os.environ.get("JSONL_ROWS", "10000"))
EVENTS_ROWS = int(os.environ.get("EVENTS_ROWS", "8000"))
# TPL="OpenSSH Linux" adds loghub-2.0 2k logs (LL_DATA_DIR/loghub2) whose class is the
# line's template (EventId of *_structured_corrected.csv) and whose text is its Content
TPL = os.environ.get("TPL", "").split()
LOGHUB2 = os.environ.get("LOGHUB2", os.path.join(os.path.dirname(BGL), ".."))
EXTRA = os.environ.get("EXTRA", "")  # a JSON object merged into every feature set


def gen_jsonl(path, n, seed=7):
    """A structured logger's records: 4 classes, faults 2-5 %, sharing words
    and numbers with ordinary records (a 5xx status beside 2xx/4xx ones, a
    retry that gives up beside retries that back off, an eviction storm
    beside ttl evictions), so no fault is one word away from its label."""
    rnd = random.Random(seed)
    svcs = ["orders", "payments", "users", "catalog", "search", "auth"]
    pools = ["sessions", "carts", "tokens", "pages"]
    verbs = ["GET", "POST", "PUT", "DELETE"]

    def path_():
        return "/api/%s/%d" % (rnd.choice(svcs), rnd.randint(1, 99999))

    def normal():
        r = rnd.random()
        if r < 0.40:
            st = rnd.choice([200, 200, 200, 201, 204, 301, 304, 400, 401, 403, 404, 404, 409, 429])
            return "info", "http", "request %s %s completed status=%d in %d ms" % (
                rnd.choice(verbs), path_(), st, rnd.randint(1, 900))
        if r < 0.55:
            a = rnd.randint(1, 4)
            return "warn", "client." + rnd.choice(svcs), "upstream %s retry %d of 5 failed, backing off %d ms" % (
                rnd.choice(svcs), a, 100 * 2 ** a)
        if r < 0.70:
            return "debug", "cache", "cache evicted %d entries from pool %s after ttl expiry" % (
                rnd.randint(1, 60), rnd.choice(pools))
        if r < 0.80:
            return "info", "db", "query on %s took %d ms rows=%d" % (
                rnd.choice(svcs), rnd.randint(1, 400), rnd.randint(0, 5000))
        if r < 0.90:
            return "error", "auth", "login failed for user u%d from 10.%d.%d.%d: bad password" % (
                rnd.randint(1, 5000), rnd.randint(0, 255), rnd.randint(0, 255), rnd.randint(1, 254))
        return "info", "worker", "job %08x finished in %d ms, %d items" % (
            rnd.getrandbits(32), rnd.randint(10, 90000), rnd.randint(0, 900))

    def fault(kind):
        if kind == "http_5xx":
            return "error", "http", "request %s %s completed status=%d in %d ms" % (
                rnd.choice(verbs), path_(), rnd.choice([500, 502, 503, 504]), rnd.randint(1, 30000))
        if kind == "retry_exhausted":
            return "error", "client." + rnd.choice(svcs), "upstream %s retry 5 of 5 failed, giving up after %d ms" % (
                rnd.choice(svcs), rnd.randint(3000, 9000))
        return "warn", "cache", "cache evicted %d entries from pool %s after memory pressure" % (
            rnd.randint(40, 5000), rnd.choice(pools))

    t = 1764547200.0
    with open(path, "w") as f:
        for _ in range(n):
            t += rnd.expovariate(5.0)
            r = rnd.random()
            label = "normal"
            if r < 0.04:
                label = "http_5xx"
            elif r < 0.06:
                label = "retry_exhausted"
            elif r < 0.085:
                label = "cache_storm"
            lvl, lg, msg = normal() if label == "normal" else fault(label)
            ts = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%03dZ" % int((t % 1) * 1000)
            f.write(json.dumps({"ts": ts, "level": lvl, "logger": lg, "msg": msg, "label": label}) + "\n")


def gen_events(path, n, seed=11):
    """A second structured log, written after the num-mask study had chosen
    its variants and never used to choose them: a host agent's records
    (fields time, host, unit, message, label) where two of the three fault
    types are told apart from ordinary records only by a number - a
    security event id (4625 or 4771 failed logons beside 4624, 4634 and
    4672) and a process exit code (137 or 139 beside 0, 1, 2 and 143) -
    amid pids, ports, latencies and counters; the third is told by words."""
    rnd = random.Random(seed)
    hosts = ["ws%02d" % i for i in range(1, 41)]
    users = ["u%d" % i for i in range(1, 300)]

    def logon(code):
        return "security", "audit event %d for user %s from 10.%d.%d.%d port %d" % (
            code, rnd.choice(users), rnd.randint(0, 255), rnd.randint(0, 255), rnd.randint(1, 254),
            rnd.randint(1024, 65535))

    def exit_(code):
        return "supervisor", "worker pid %d exited with code %d after %d s" % (
            rnd.randint(300, 99999), code, rnd.randint(1, 86400))

    def normal():
        r = rnd.random()
        if r < 0.35:
            return logon(rnd.choice([4624, 4624, 4624, 4634, 4634, 4672]))
        if r < 0.55:
            return exit_(rnd.choice([0, 0, 0, 0, 1, 2, 143]))
        if r < 0.75:
            return "kernel", "disk sd%s io latency %d us queue depth %d" % (
                rnd.choice("abcd"), rnd.randint(50, 20000), rnd.randint(1, 64))
        if r < 0.90:
            return "scheduler", "job %d started on %d cores, %d MB requested" % (
                rnd.randint(1, 999999), rnd.choice([1, 2, 4, 8, 16, 32]), rnd.randint(100, 64000))
        return "kernel", "disk sd%s write cache flushed %d sectors" % (rnd.choice("abcd"), rnd.randint(1, 90000))

    def fault(kind):
        if kind == "auth_fail":
            return logon(rnd.choice([4625, 4625, 4771]))
        if kind == "crash":
            return exit_(rnd.choice([137, 139]))
        return "kernel", "disk sd%s io error at sector %d, request aborted" % (
            rnd.choice("abcd"), rnd.randint(1, 900000000))

    t = 1764900000.0
    with open(path, "w") as f:
        for _ in range(n):
            t += rnd.expovariate(2.0)
            r = rnd.random()
            label = "ok"
            if r < 0.03:
                label = "auth_fail"
            elif r < 0.05:
                label = "crash"
            elif r < 0.07:
                label = "disk_error"
            unit, msg = normal() if label == "ok" else fault(label)
            ts = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
            f.write(json.dumps({"time": ts, "host": rnd.choice(hosts), "unit": unit, "message": msg,
                                "label": label}) + "\n")


def bgl_msg(line):
    return line.rstrip("\n").split(None, 9)[9] if len(line.split(None, 9)) > 9 else ""


def regex_msg(rx, group):
    c = re.compile(rx)

    def f(line):
        m = c.match(line.rstrip("\n"))
        return m.group(group) if m else line.rstrip("\n")
    return f


def jsonl_msg(line):
    return json.loads(line)["msg"]


def tpl_tsv(system, path):
    """A loghub-2.0 log as "EventId<TAB>Content" lines, or None when absent."""
    src = os.path.join(LOGHUB2, system, system + "_2k.log_structured_corrected.csv")
    if not os.path.exists(src):
        return None
    with open(src, encoding="utf-8", errors="replace") as f, open(path, "w") as o:
        for r in csv.DictReader(f):
            o.write("%s\t%s\n" % (r["EventId"], r["Content"].replace("\t", " ")))
    return path


def tsv_msg(line):
    return line.rstrip("\n").split("\t", 1)[1]


def events_msg(line):
    return json.loads(line)["message"]


def loglab(ws, *args):
    """Runs loglab in ws; returns (stdout+stderr, wall s, cpu s)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run([LOGLAB] + list(args), cwd=ws, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode:
        sys.exit("loglab %s failed:\n%s" % (" ".join(args), p.stdout))
    return p.stdout, wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def last_run(ws, exp):
    runs = sorted(d for d in os.listdir(os.path.join(ws, "runs")) if d.endswith("-" + exp))
    return os.path.join(ws, "runs", runs[-1])


def timed(fn):
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - t0, time.process_time() - c0


def purity(y, c):
    tot = 0
    for k in set(c):
        _, counts = np.unique(y[c == k], return_counts=True)
        tot += counts.max()
    return tot / len(y)


def bench(name, src, msg_of, label_cmds=(), fs_extra=None, fmt=None):
    ws = os.path.join(TMP, name)
    os.makedirs(ws)
    ext = os.path.splitext(src)[1] or ".log"
    data = os.path.join(ws, "data" + ext)
    with open(src, "rb") as i, open(data, "wb") as o:
        o.write(i.read())
    for cmd in label_cmds:
        loglab(ws, "label", data, *cmd)
    ds = {"path": os.path.basename(data)}
    if fmt:
        ds["format"] = fmt
    fs = {"dataset": "d"}
    fs.update(fs_extra or {})
    if EXTRA:
        fs.update(json.loads(EXTRA))
    cfg = {"version": 1, "datasets": {"d": ds}, "featuresets": {"f": fs},
           "experiments": {"lr": {"featureset": "f", "model": "logreg"},
                           "mlp": {"featureset": "f", "model": "mlp"}}}
    with open(os.path.join(ws, "loglab.json"), "w") as f:
        json.dump(cfg, f)
    res = {"name": name}
    out, res["lr_wall"], res["lr_cpu"] = loglab(ws, "train", "lr")
    m = re.search(r'(?:TF-IDF of the lines of column|text.column: not set: column) "([^"]*)"', out)
    res["column"] = m.group(1) if m else "?"
    lr = last_run(ws, "lr")
    rows, part, true = [], [], []
    with open(os.path.join(lr, "predictions.tsv")) as f:
        hdr = f.readline().rstrip("\n").split("\t")
        ir, ip, it = hdr.index("row"), hdr.index("part"), hdr.index("true")
        for ln in f:
            c = ln.rstrip("\n").split("\t")
            rows.append(int(c[ir]) - 1)
            part.append(c[ip])
            true.append(c[it])
    classes = sorted(set(true))
    k = len(classes)
    cfg["experiments"]["km"] = {"featureset": "f", "model": "kmeans", "k": k}
    with open(os.path.join(ws, "loglab.json"), "w") as f:
        json.dump(cfg, f)
    _, res["mlp_wall"], res["mlp_cpu"] = loglab(ws, "train", "mlp")
    _, res["km_wall"], res["km_cpu"] = loglab(ws, "train", "km")
    for exp in ("lr", "mlp"):
        t = json.load(open(os.path.join(last_run(ws, exp), "metrics.json")))["parts"]["test"]
        res[exp + "_f1"], res[exp + "_acc"] = t["f1_macro"], t["accuracy"]
    km = json.load(open(os.path.join(last_run(ws, "km"), "metrics.json")))["kmeans"]
    res["km_ari"], res["km_pur"] = km["ari"], km["purity"]

    with open(data, encoding="utf-8", errors="replace") as f:
        lines = f.readlines()
    text = [msg_of(lines[r]) for r in rows]
    y = np.array(true)
    tr = np.array([p == "train" for p in part])
    te = np.array([p == "test" for p in part])
    res.update(rows=len(lines), samples=len(rows), classes=k, test=int(te.sum()),
               minority=min(int((y == c).sum()) for c in classes))

    def vec():
        v = TfidfVectorizer()
        xtr = v.fit_transform([t for t, b in zip(text, tr) if b])
        return v, xtr, v.transform(text)
    (v, xtr, xall), vw, vc = timed(vec)
    res["vocab"] = len(v.vocabulary_)
    for exp, mk in (("lr", lambda: LogisticRegression()), ("mlp", lambda: MLPClassifier(random_state=1))):
        def fit():
            mdl = mk().fit(xtr, y[tr])
            return mdl.predict(xall[te])
        pred, w, c = timed(fit)
        res["sk_" + exp + "_f1"] = f1_score(y[te], pred, average="macro")
        res["sk_" + exp + "_acc"] = accuracy_score(y[te], pred)
        res["sk_" + exp + "_wall"], res["sk_" + exp + "_cpu"] = w + vw, c + vc

    def clus():
        return KMeans(n_clusters=k, n_init="auto", random_state=1).fit(xtr).predict(xall)
    cl, w, c = timed(clus)
    res["sk_km_ari"], res["sk_km_pur"] = adjusted_rand_score(y, cl), purity(y, cl)
    res["sk_km_wall"], res["sk_km_cpu"] = w + vw, c + vc
    return res


def main():
    sets = []
    if os.path.exists(BGL):
        sets.append(("bgl13", lambda: bench("bgl13", BGL, bgl_msg)))
        sets.append(("bgl2", lambda: bench("bgl2", BGL, bgl_msg, fs_extra={"target": "binary"})))
    jl = os.path.join(TMP, "app.jsonl")
    gen_jsonl(jl, JSONL_ROWS)
    sets.append(("jsonl", lambda: bench("jsonl", jl, jsonl_msg)))
    ev = os.path.join(TMP, "events.jsonl")
    gen_events(ev, EVENTS_ROWS)
    sets.append(("events", lambda: bench("events", ev, events_msg)))
    for system in TPL:
        tp = tpl_tsv(system, os.path.join(TMP, system + ".tsv"))
        if tp:
            sets.append((system.lower(), lambda tp=tp, system=system: bench(system.lower(), tp, tsv_msg)))
        else:
            print("# %s skipped: no loghub-2.0 %s" % (system, system))
    if os.path.exists(DPKG):
        # an arbitrary rule: the removals, purges, upgrades and the states they leave
        rule = " remove | purge | upgrade |config-files|not-installed"
        sets.append(("dpkg", lambda: bench("dpkg", DPKG, regex_msg(r"^\S+ \S+ (.*)$", 1),
                                           [("--rows", "1-", "--set", "0"), ("--match", rule, "--set", "1")])))
    if os.path.exists(APACHE):
        sets.append(("apache", lambda: bench("apache", APACHE, regex_msg(r"^\[[^]]*\] \[[^]]*\] (.*)$", 1),
                                             [("--rows", "1-", "--set", "0"),
                                              ("--match", r"^\[[^]]*\] \[error\]", "--set", "1")])))
    if os.path.exists(ANDROID):
        sets.append(("android", lambda: bench("android", ANDROID,
                                              regex_msg(r"^\S+ \S+\s+\d+\s+\d+ \S+ (.*?): (.*)$", 2),
                                              [("--rows", "1-", "--set", "0"),
                                               ("--match", r"^[^ ]+ [^ ]+ +[0-9]+ +[0-9]+ [WE] ", "--set", "1")])))
    for name, path in (("bgl13, bgl2", BGL), ("dpkg", DPKG), ("apache", APACHE), ("android", ANDROID)):
        if not os.path.exists(path):
            print("# %s skipped: no %s" % (name, path))
    results = []
    for name, fn in sets:
        if ONLY and name not in ONLY:
            continue
        r = fn()
        results.append(r)
        print("# %s done: %s" % (name, json.dumps(r)), file=sys.stderr, flush=True)
    print("| dataset | rows | classes (smallest) | text column | model | loglab F1 / acc | sklearn F1 / acc "
          "| loglab s (cpu) | sklearn s (cpu) | cpu ratio |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        for exp, lab in (("lr", "logreg"), ("mlp", "mlp"), ("km", "kmeans")):
            if exp == "km":
                a, b = "ARI %.3f / pur %.3f" % (r["km_ari"], r["km_pur"]), \
                    "ARI %.3f / pur %.3f" % (r["sk_km_ari"], r["sk_km_pur"])
            else:
                a, b = "%.3f / %.3f" % (r[exp + "_f1"], r[exp + "_acc"]), \
                    "%.3f / %.3f" % (r["sk_" + exp + "_f1"], r["sk_" + exp + "_acc"])
            print("| %s | %d | %d (%d) | %s | %s | %s | %s | %.2f (%.2f) | %.2f (%.2f) | %.2f |" % (
                r["name"], r["rows"], r["classes"], r["minority"], r["column"], lab, a, b,
                r[exp + "_wall"], r[exp + "_cpu"], r["sk_" + exp + "_wall"], r["sk_" + exp + "_cpu"],
                r[exp + "_cpu"] / max(r["sk_" + exp + "_cpu"], 1e-3)))
    print()
    for r in results:
        worst = min(r["lr_f1"] - r["sk_lr_f1"], r["mlp_f1"] - r["sk_mlp_f1"])
        verdict = "comparable" if worst >= -0.02 else "loglab worse (macro F1 %.3f below)" % -worst
        print("verdict %s: %s (logreg %+.3f, mlp %+.3f macro F1 vs sklearn; kmeans ARI %+.3f)" % (
            r["name"], verdict, r["lr_f1"] - r["sk_lr_f1"], r["mlp_f1"] - r["sk_mlp_f1"],
            r["km_ari"] - r["sk_km_ari"]))


main()
