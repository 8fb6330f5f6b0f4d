#!/usr/bin/env python3
"""tests/cover/lines.py GCDA_ROOT SRCDIR OUT.json - the source lines each
test executed, from a coverage build's .gcda files kept apart per test
(tests/cover/timed.sh: GCDA_ROOT/NAME/<the object folder's absolute path>).

Counts lines of the program's own sources (every file under SRCDIR but
tests/: a test's own code is run by that test alone and says nothing of
what the others reach). Writes {"files": [...], "tests": {NAME: [[file
index, line], ...]}}; NAME is the test's path (tests/core/test_x).

gcov wants a .gcno beside each .gcda: a link to the build's is made there.
"""
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def gcov_dir(gdir, gcdas, srcdir):
    """Executed (file, line) of the .gcda files of one folder."""
    out = set()
    # the build's object folder is the part of gdir after the test's prefix
    for g in gcdas:
        link = os.path.join(gdir, g[:-5] + ".gcno")
        if not os.path.exists(link):
            os.symlink(OBJ_OF[gdir] + "/" + g[:-5] + ".gcno", link)
    r = subprocess.run(["gcov", "-j", "-t", "-o", gdir] + gcdas, cwd=gdir,
                       capture_output=True, text=True)
    for line in r.stdout.splitlines():
        if not line.startswith("{"):
            continue
        d = json.loads(line)
        for fi in d.get("files", []):
            src = os.path.normpath(os.path.join(d.get("current_working_directory", gdir), fi["file"]))
            if not src.startswith(srcdir + "/"):
                continue
            rel = src[len(srcdir) + 1:]
            if rel.startswith("tests/"):
                continue
            for ln in fi.get("lines", []):
                if ln["count"] > 0:
                    out.add((rel, ln["line_number"]))
    return out


OBJ_OF = {}


def main():
    root, srcdir, outp = os.path.abspath(sys.argv[1]), os.path.realpath(sys.argv[2]), sys.argv[3]
    jobs = []  # (test, gcda folder, [gcda names])
    for name in sorted(os.listdir(root)):
        tdir = os.path.join(root, name)
        if not os.path.isdir(tdir):
            continue
        for d, _, files in os.walk(tdir):
            g = sorted(f for f in files if f.endswith(".gcda"))
            if g:
                OBJ_OF[d] = d[len(tdir):]
                jobs.append((name, d, g))
    tests = {}
    for name in sorted(os.listdir(root)):
        if os.path.isdir(os.path.join(root, name)):
            tests[name] = set()
    with ThreadPoolExecutor(max_workers=int(os.environ.get("LL_COVER_JOBS", "2"))) as ex:
        for (name, _, _), lines in zip(jobs, ex.map(lambda j: gcov_dir(j[1], j[2], srcdir), jobs)):
            tests[name] |= lines
    files = sorted({f for s in tests.values() for f, _ in s})
    idx = {f: i for i, f in enumerate(files)}
    res = {"files": files, "tests": {}}
    for name, s in tests.items():
        # NAME is tests_core_test_x (timed.sh): back to tests/core/test_x
        parts = name.split("_", 2)
        test = "/".join(parts) if len(parts) == 3 else name
        res["tests"][test] = sorted([idx[f], n] for f, n in s)
    with open(outp, "w") as o:
        json.dump(res, o)
    total = len({(f, n) for s in tests.values() for f, n in s})
    print(f"lines.py: {len(tests)} tests, {total} lines of {len(files)} files")


main()
