#!/bin/sh
# tests/cli/test_default_model.sh - an experiment without "model" was
# refused ("needs \"model\""); scikit-learn users expect a default, and
# the quick start writes logreg. Now it trains a logistic regression, and
# the run records "model": "logreg" (run.json's experiment_config, every
# setting resolved), so it is the run of an experiment naming logreg: the
# same experiment_sha256 and metrics, reproducible should the default
# change.
. "$LL_SRCDIR/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is needed to read JSON" >&2; exit 77; }

scratch dfltmodel

W=$tmp/ws
mkdir "$W"
awk 'BEGIN { print "f1,f2,label"; srand(3); for (i = 0; i < 300; i++) {
	a = rand(); b = rand(); l = "normal"; if (i % 4 == 0) { l = "fault"; a += 1.5 }
	printf "%.4f,%.4f,%s\n", a, b, l } }' >"$W/t.csv"
cat >"$W/loglab.json" <<JSON
{
	"version": 1,
	"datasets": {"t": {"path": "t.csv"}},
	"featuresets": {"f": {"dataset": "t", "columns": "f1|f2", "target": {"kind": "classes"}}},
	"experiments": {
		"plain": {"featureset": "f"},
		"named": {"featureset": "f", "model": "logreg"}
	}
}
JSON
out=$(cd "$W" && "$LOGLAB" train plain --quiet 2>&1)
expect_eq "$?" 0 "an experiment without \"model\" trains ($out)"
out=$(cd "$W" && "$LOGLAB" train named --quiet 2>&1) || fail "train named: $out"
P=$(cd "$W/runs" && ls -d *-plain)
N=$(cd "$W/runs" && ls -d *-named)
got=$(python3 - "$W/runs/$P" "$W/runs/$N" <<'PY'
import json, sys
p, n = (json.load(open(d + "/run.json")) for d in sys.argv[1:3])
mp, mn = (json.load(open(d + "/metrics.json")) for d in sys.argv[1:3])
print(p["experiment_config"]["model"], p["experiment_sha256"] == n["experiment_sha256"], mp["parts"] == mn["parts"])
PY
)
expect_eq "$got" "logreg True True" "the run records logreg, as a run of an experiment naming it"
out=$(cd "$W" && "$LOGLAB" runs 2>&1)
expect_match "$out" "$P +plain +logreg" "runs lists its model"
finish
