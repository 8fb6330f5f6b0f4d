"""bench_review.py - does the review queue find root-cause lines an operator
left labelled ordinary? (run by bench_review.sh; see there)

For each labelled set and seed, a share of the root-cause lines (FRAC) is
relabelled ordinary at random ("hidden"). loglab trains the quick recipe the
browser's :train writes (binary target, unlabelled lines ordinary, TF-IDF of
4096, chronological 70/30, balanced class weights, logistic regression),
once with its default review_folds (5: out-of-fold review scores) and once
with review_folds 0 (the run's own scores), and `loglab review --json --top 0`
gives the queue. The peer is scikit-learn on the same lines and split:
TfidfVectorizer + LogisticRegression(class_weight="balanced") scored in
sample, and with cross_val_predict over StratifiedKFold(5, shuffle) on the
training part (cleanlab's way). Figures, for hidden lines among the lines
labelled ordinary: the queue (score >= 0.5), its recall and precision, the
recall of the hidden lines of the training part, and the average precision
(AP) of the ranking by score.
"""
import csv
import glob
import json
import os
import random
import re
import subprocess
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score
from sklearn.model_selection import StratifiedKFold

LOGLAB, DATA, TMP = sys.argv[1], sys.argv[2], sys.argv[3]
SEEDS = [int(s) for s in sys.argv[4].split(",")]
FRAC = float(sys.argv[5])
# a JSON object merged into the feature set, its "text" object key by key
# (EXTRA='{"text": {"masks": "default,-num"}}' shows what one setting changes)
EXTRA = json.loads(os.environ.get("EXTRA") or "{}")

# a template is a root cause when its text says something failed: one rule
# for every loghub system without labels of its own
ERR = re.compile(r"fail|error|exception|invalid|fatal|refused|denied|timeout|timed out|unable|"
                 r"cannot|can't|could not|not found|break-in|illegal|abort|killed|panic|corrupt",
                 re.I)


def read_lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return [l.rstrip("\r\n") for l in f]


def bgl():
    out = []
    for l in read_lines(DATA + "/loghub2/BGL/BGL_2k.log"):
        if l:
            tag, rest = l.split(" ", 1)
            out.append((0 if tag == "-" else 1, rest))
    return out


def fail2ban():
    out = []
    for p in sorted(glob.glob(DATA + "/fail2ban/logs/**", recursive=True)):
        if not os.path.isfile(p):
            continue
        pend = None
        for l in read_lines(p):
            if l.startswith("# failJSON:"):
                pend = 1 if re.search(r'"match"\s*:\s*true', l) else 0
            elif l.strip() and not l.startswith("#"):
                out.append((pend or 0, l))
                pend = None
    return out


def loghub(system):
    base = DATA + "/loghub/" + system + "/" + system + "_2k.log"
    lines = [l for l in read_lines(base) if l]
    with open(base + "_structured.csv", encoding="utf-8", errors="replace") as f:
        tpl = [r["EventTemplate"] for r in csv.DictReader(f)]
    if len(tpl) != len(lines):
        return None
    return [(1 if ERR.search(t) else 0, l) for t, l in zip(tpl, lines)]


SETS = [("BGL (alert tags)", bgl), ("fail2ban (match flags)", fail2ban)]
for s in ["HDFS", "Hadoop", "HPC", "Linux", "OpenSSH", "OpenStack", "Spark", "Thunderbird", "Zookeeper"]:
    SETS.append((s + " (error words)", lambda s=s: loghub(s)))


def loglab_run(ws, tsv):
    os.makedirs(ws, exist_ok=True)
    fs = {"dataset": "d", "target": "binary", "unlabelled": "ordinary",
          "text": {"kind": "tfidf", "features": 4096},
          "split": {"kind": "chronological", "train": 0.7, "test": 0.3}, "class_weight": "balanced"}
    for k, v in EXTRA.items():
        if k == "text":
            fs["text"].update(v)
        else:
            fs[k] = v
    doc = {"version": 1, "datasets": {"d": {"path": tsv}}, "featuresets": {"f": fs},
           "experiments": {"oof": {"featureset": "f", "model": "logreg"},
                           "own": {"featureset": "f", "model": "logreg", "review_folds": 0}}}
    with open(ws + "/loglab.json", "w") as f:
        json.dump(doc, f)
    res = {}
    for exp in ("oof", "own"):
        subprocess.run([LOGLAB, "train", exp, "-w", ws, "--quiet"], check=True, stdout=subprocess.DEVNULL)
        run = sorted(d for d in os.listdir(ws + "/runs") if d.endswith("-" + exp))[-1]
        rj = json.load(open(ws + "/runs/" + run + "/run.json"))
        q = json.loads(subprocess.run([LOGLAB, "review", run, "-w", ws, "--json", "--top", "0"], check=True,
                                      capture_output=True, text=True).stdout)
        score, part = {}, {}
        with open(ws + "/runs/" + run + "/predictions.tsv") as f:
            for d in csv.DictReader(f, delimiter="\t"):
                score[int(d["row"]) - 1] = float(d.get("review") or d["score"])
                part[int(d["row"]) - 1] = d["part"]
        secs = rj.get("train_s", 0) + rj.get("review", {}).get("seconds", 0)
        res[exp] = (set(i["row"] - 1 for i in q["items"]), score, part, secs)
    return res


def sklearn_run(labels, texts, ntr):
    t0 = time.perf_counter()
    vec = TfidfVectorizer()
    xtr = vec.fit_transform(texts[:ntr])
    m = LogisticRegression(class_weight="balanced").fit(xtr, labels[:ntr])
    own = m.predict_proba(vec.transform(texts))[:, 1]
    t1 = time.perf_counter()
    oof = own.copy()
    for a, b in StratifiedKFold(5, shuffle=True, random_state=1).split(np.zeros(ntr), labels[:ntr]):
        v = TfidfVectorizer()
        mm = LogisticRegression(class_weight="balanced").fit(v.fit_transform([texts[i] for i in a]), labels[a])
        oof[b] = mm.predict_proba(v.transform([texts[i] for i in b]))[:, 1]
    t2 = time.perf_counter()
    return own, oof, t1 - t0, t2 - t0


def figures(hidden, ordinary_rows, queued, score, ntr):
    tp = len(queued & hidden)
    htr = [i for i in hidden if i < ntr]
    ys = [1 if i in hidden else 0 for i in ordinary_rows]
    ss = [score[i] for i in ordinary_rows]
    return dict(queued=len(queued), recall=tp / len(hidden), precision=tp / len(queued) if queued else 0.0,
                train_recall=sum(1 for i in htr if i in queued) / len(htr) if htr else float("nan"),
                ap=average_precision_score(ys, ss))


METHODS = ["loglab oof", "loglab own", "sklearn oof", "sklearn own"]
rows = []
for name, make in SETS:
    data = make()
    if data is None:
        print("%s: the structured file does not line up with the log; left out" % name, file=sys.stderr)
        continue
    npos = sum(y for y, _ in data)
    if npos < 20 or len(data) - npos < 20:
        print("%s: %d root-cause lines of %d; left out (20 of each class wanted)" % (name, npos, len(data)),
              file=sys.stderr)
        continue
    acc = {m: [] for m in METHODS}
    secs = {m: 0.0 for m in METHODS}
    for seed in SEEDS:
        rng = random.Random(seed)
        pos = [i for i, (y, _) in enumerate(data) if y]
        hidden = set(rng.sample(pos, max(1, round(FRAC * len(pos)))))
        labels = np.array([0 if i in hidden else y for i, (y, _) in enumerate(data)])
        texts = [l.replace("\t", " ") for _, l in data]
        tag = re.sub(r"\W+", "_", name.split(" ")[0]) + "_%d" % seed
        tsv = os.path.join(TMP, tag + ".tsv")
        with open(tsv, "w") as f:
            for y, t in zip(labels, texts):
                f.write("%d\t%s\n" % (y, t))
        n = len(data)
        ntr = n - int(np.ceil(0.3 * n))
        ordinary_rows = [i for i in range(n) if labels[i] == 0]
        ll = loglab_run(os.path.join(TMP, "ws_" + tag), tsv)
        for exp, m in (("oof", "loglab oof"), ("own", "loglab own")):
            queued, score, part, s = ll[exp]
            acc[m].append(figures(hidden, ordinary_rows, queued, score, ntr))
            secs[m] += s
        own, oof, s_own, s_oof = sklearn_run(labels, texts, ntr)
        for sc, m, s in ((oof, "sklearn oof", s_oof), (own, "sklearn own", s_own)):
            queued = set(i for i in ordinary_rows if sc[i] >= 0.5)
            acc[m].append(figures(hidden, ordinary_rows, queued, sc, ntr))
            secs[m] += s
    for m in METHODS:
        f = {k: float(np.nanmean([a[k] for a in acc[m]])) for k in acc[m][0]}
        f["seconds"] = secs[m] / len(SEEDS)
        rows.append((name, len(data), npos, m, f))

print("| set | lines | root cause | method | queued | recall | precision | training-part recall | AP | seconds |")
print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|")
for name, n, npos, m, f in rows:
    print("| %s | %d | %d | %s | %.1f | %.3f | %.3f | %.3f | %.3f | %.3f |" % (
        name, n, npos, m, f["queued"], f["recall"], f["precision"], f["train_recall"], f["ap"], f["seconds"]))
print()
print("| method | mean recall | mean precision | mean training-part recall | mean AP |")
print("|---|---:|---:|---:|---:|")
for m in METHODS:
    fs = [f for _, _, _, mm, f in rows if mm == m]
    print("| %s | %.3f | %.3f | %.3f | %.3f |" % (m, np.mean([f["recall"] for f in fs]),
                                                  np.mean([f["precision"] for f in fs]),
                                                  np.nanmean([f["train_recall"] for f in fs]),
                                                  np.mean([f["ap"] for f in fs])))
