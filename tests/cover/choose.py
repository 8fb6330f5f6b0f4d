#!/usr/bin/env python3
"""tests/cover/choose.py LINES.json TIMES OUT.txT "WHAT" [--keep TEST]...

Chooses which tests a pass may leave out: the cheapest set of tests whose
executed lines (LINES.json, tests/cover/lines.py) are together every line
any test executes, by a cost-weighted greedy set cover (each step takes the
test with the most lines not yet reached per CPU second), then drops again
any chosen test whose lines the others reach (the most costly first).
TIMES: "user sys wall TEST" lines (tests/cover/timed.sh), a test's cost its
mean user+sys over them. Writes the tests NOT chosen to OUT.txt, one a line,
after a comment saying what and how; prints the figures.

A test with no lines in LINES.json or no time in TIMES is kept (never
listed): one the coverage run did not see (new, skipped) stays in the pass.
"""
import json
import sys
import time


def main():
    args = sys.argv[1:]
    keep = set()
    while "--keep" in args:
        i = args.index("--keep")
        keep.add(args[i + 1])
        del args[i:i + 2]
    linesp, timesp, outp, what = args
    with open(linesp) as f:
        d = json.load(f)
    cov = {t: {tuple(x) for x in v} for t, v in d["tests"].items()}
    runs = {}
    with open(timesp) as f:
        for line in f:
            p = line.split()
            if len(p) == 4 and p[0][0].isdigit():
                runs.setdefault(p[3], []).append(float(p[0]) + float(p[1]))
    cost = {t: sum(v) / len(v) for t, v in runs.items()}
    universe = set().union(*cov.values()) if cov else set()
    fixed = {t for t in cov if t not in cost or t in keep}
    chosen = set(fixed)
    reached = set().union(*(cov[t] for t in chosen)) if chosen else set()
    left = [t for t in cov if t not in chosen]
    while reached != universe:
        best = max(left, key=lambda t: (len(cov[t] - reached) / max(cost[t], 0.01), -cost[t], t))
        if not cov[best] - reached:
            break
        chosen.add(best)
        left.remove(best)
        reached |= cov[best]
    # a test taken early may be covered by those taken after it
    for t in sorted(chosen - fixed, key=lambda t: -cost[t]):
        rest = set().union(*(cov[u] for u in chosen if u != t))
        if cov[t] <= rest:
            chosen.discard(t)
    kept_lines = set().union(*(cov[t] for t in chosen)) if chosen else set()
    assert kept_lines == universe
    out = sorted(t for t in cov if t not in chosen)
    all_cost = sum(cost.get(t, 0) for t in cov)
    kept_cost = sum(cost.get(t, 0) for t in chosen)
    with open(outp, "w") as o:
        o.write(f"# {what}\n")
        o.write("# Written by tests/cover/choose.py (the last step of tests/cover/regen.sh) on "
                + time.strftime("%Y-%m-%d", time.gmtime()) + ": the tests left out are those\n"
                "# whose every executed line of the program (gcov, a coverage build) a kept test\n"
                "# executes; the kept set, chosen by a cost-weighted greedy set\n"
                f"# cover, executes all {len(universe)} lines the whole set does ({len(chosen)} of {len(cov)} tests,\n"
                f"# {kept_cost:.0f} of {all_cost:.0f} CPU-s as measured). A test not named here runs: new tests do.\n"
                "# Regenerate after adding tests: tests/cover/regen.sh (see tests/cover/README).\n")
        for t in out:
            o.write(t + "\n")
    print(f"choose.py: {len(cov)} tests, {len(universe)} lines; kept {len(chosen)} "
          f"({kept_cost:.1f} of {all_cost:.1f} CPU-s), left out {len(out)} "
          f"({all_cost - kept_cost:.1f} CPU-s)")


main()
