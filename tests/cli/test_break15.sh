#!/bin/sh
# test_break15.sh - promises attacked by break15 that broke.
# - A training's progress.json (what the TUI follows after "launch") holds
#   each epoch's dev accuracy, and log.txt a line per epoch: on main the
#   watcher kept only the epochs it happened to see end, so a fast training
#   (several epochs between two polls) or a resumed one wrote uninitialised
#   memory (6.9e-310) into progress.json's curve and left epochs out of
#   log.txt.
# - `loglab build` while its data file is replaced again and again (a log
#   rotated, a copy put in place): the manifest names the file whose rows
#   it holds. On main the file was hashed and then read anew, so a file
#   replaced in between gave features of one file under the size and
#   SHA-256 of the other (which the staleness marks then trust), and a
#   file written to while hashed gave the size of one state with the hash
#   of another. Now the build reads it again (3 tries) or says it changed.
# - A run folder edited by hand: a damaged scaler.txt or a bad value in
#   run.json's experiment_config is named with its path. On main eval and
#   predict said "scaler line 1: expected 'loglab-scaler 1'" (no file) and
#   "experiment.json: lr: ..." (a file there is not); a damaged tfidf.txt
#   or templates.txt was named without its folder ("tfidf.txt:1: ...").
# - build and train of an empty data file (0 bytes, or a CSV header alone)
#   say so, exit 2; on main "featuresets.f.text.column: the dataset has no
#   rows", exit 1, blaming a key the workspace does not give.
# Every command runs under timeout: a hang fails.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: no python3" >&2; exit 77; }

scratch break15
W=$tmp/ws
mkdir "$W"
cp "$LL_BUILDDIR/sample/"*.csv "$LL_BUILDDIR/sample/"*.tsv "$LL_BUILDDIR/sample/loglab.json" "$W/"
# set_exp KEY VALUE...: experiment dnn's KEY set to the JSON VALUE
set_exp() {
	python3 - "$W/loglab.json" "$@" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
for k, v in zip(sys.argv[2::2], sys.argv[3::2]):
    j["experiments"]["dnn"][k] = json.loads(v)
json.dump(j, open(sys.argv[1], "w"), indent=1)
PY
}
# curves_agree RUN WHAT [FROM]: progress.json's curves are curves.json's,
# and log.txt has one line for each epoch 1..N (for a run resumed from
# epoch FROM, each of FROM+1..N once, and the earlier ones at most once: a
# kill between a checkpoint and its log line loses that line)
curves_agree() {
	res=$(python3 - "$W/runs/$1" "${3:-0}" <<'PY'
import json, re, sys
d, since = sys.argv[1], int(sys.argv[2])
p = json.load(open(d + "/progress.json"))["curves"]
c = json.load(open(d + "/curves.json"))
n = len(c["loss"])
bad = []
if p["loss"] != c["loss"]: bad.append("loss")
if p["dev_loss"] != c["dev_loss"]: bad.append("dev_loss")
if p["dev_metric"] != c["dev_accuracy"]: bad.append("dev_metric %s" % p["dev_metric"][:4])
ep = [int(m.group(1)) for m in re.finditer(r"epoch (\d+)/\d+: loss", open(d + "/log.txt").read())]
want = list(range(1, n + 1))
if since:
    want = sorted(set(e for e in ep if e <= since)) + list(range(since + 1, n + 1))
if ep != want: bad.append("log epochs %s" % ep[:12])
print("ok" if not bad else " ".join(bad))
PY
)
	expect_eq "$res" ok "$2: progress.json, curves.json and log.txt agree"
}

# --- a fast training: many epochs end between two polls of the watcher --
set_exp epochs 60 n_iter_no_change 1000
timeout 120 "$LOGLAB" train dnn -q -w "$W" --id-file "$tmp/id" >/dev/null 2>"$tmp/err"
expect_eq "$?" 0 "fast training: $(head -c 300 "$tmp/err")"
curves_agree "$(cat "$tmp/id")" "fast training"

# --- a resumed training: the epochs before the resume -------------------
# checkpoint after each epoch; killed once some epochs are done, resumed
set_exp epochs 400
# (not under timeout: the kill below ends it, and must reach loglab itself)
"$LOGLAB" train dnn -q -w "$W" --id-file "$tmp/id2" >/dev/null 2>&1 &
pid=$!
i=0
while [ $i -lt 600 ]; do
	id=$(cat "$tmp/id2" 2>/dev/null)
	[ -n "$id" ] && grep -q '"epochs_done":	[3-9]' "$W/runs/$id/progress.json" 2>/dev/null && break
	sleep 0.05
	i=$((i + 1))
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
id=$(cat "$tmp/id2")
if grep -q '"status":	"done"' "$W/runs/$id/run.json"; then
	echo "note: the training ended before the kill; resume not tried" >&2
else
	timeout 120 "$LOGLAB" train --resume "$id" -q --json -w "$W" >"$tmp/res.json" 2>"$tmp/err"
	expect_eq "$?" 0 "resume: $(head -c 300 "$tmp/err")"
	from=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["resumed_from_epoch"])' "$tmp/res.json")
	curves_agree "$id" "resumed training" "$from"
fi

# --- a run folder edited by hand -----------------------------------------
R=$W/runs/$(cat "$tmp/id")
cp "$R/scaler.txt" "$tmp/scaler.txt"
cp "$R/run.json" "$tmp/run.json"
for damage in empty junk cut; do
	case $damage in
	empty) : >"$R/scaler.txt" ;;
	junk) printf 'x\001\377y%.0s' $(seq 1 700) >"$R/scaler.txt" ;;
	cut) head -n 6 "$tmp/scaler.txt" >"$R/scaler.txt" ;;
	esac
	for verb in eval predict; do
		run timeout 60 "$LOGLAB" $verb "$(basename "$R")" "$W/dstat_labelled.csv" -w "$W"
		expect_eq "$rc" 2 "$verb with a scaler.txt $damage: exit ($err)"
		expect_match "$err" "runs/$(basename "$R")/scaler\.txt: scaler line" "$verb with a scaler.txt $damage: names the file"
	done
done
cp "$tmp/scaler.txt" "$R/scaler.txt"
sed 's/"lr":.*/"lr": -1e308,/' "$tmp/run.json" >"$R/run.json"
run timeout 60 "$LOGLAB" eval "$(basename "$R")" "$W/dstat_labelled.csv" -w "$W"
expect_eq "$rc" 2 "eval with run.json's lr edited: exit"
expect_match "$err" "runs/$(basename "$R")/run\.json: experiment_config: lr: " "eval with run.json's lr edited: names the file"
cp "$tmp/run.json" "$R/run.json"
run timeout 60 "$LOGLAB" eval "$(basename "$R")" "$W/dstat_labelled.csv" -w "$W"
expect_eq "$rc" 0 "eval with the run restored: $err"

# a text run: its TF-IDF weights and templates
timeout 120 "$LOGLAB" train logreg -q -w "$W" --id-file "$tmp/idt" >/dev/null 2>"$tmp/err"
expect_eq "$?" 0 "text training: $(head -c 300 "$tmp/err")"
T=$(cat "$tmp/idt")
for f in tfidf.txt templates.txt; do
	cp "$W/runs/$T/$f" "$tmp/$f"
	printf 'x\001\377y%.0s' $(seq 1 500) >"$W/runs/$T/$f"
	run timeout 60 "$LOGLAB" eval "$T" "$W/kern_labelled.tsv" -w "$W"
	expect_eq "$rc" 2 "eval with a damaged $f: exit ($err)"
	expect_match "$err" "runs/$T/$f:1: " "eval with a damaged $f: names the file in its folder"
	cp "$tmp/$f" "$W/runs/$T/$f"
done

# --- an empty data file: build and train --------------------------------
E=$tmp/wse
mkdir "$E"
cat >"$E/loglab.json" <<'JS'
{"version": 1, "datasets": {"d": {"path": "d.csv"}},
 "featuresets": {"f": {"dataset": "d", "split": {"kind": "random", "train": 0.7, "test": 0.3}}},
 "experiments": {"lr": {"featureset": "f"}}}
JS
: >"$E/d.csv"
for verb in "build f" "train lr"; do
	run timeout 60 "$LOGLAB" $verb -w "$E"
	expect_eq "$rc" 2 "$verb of an empty file: exit"
	expect_match "$err" "d\.csv: the file is empty \(0 bytes\): no rows to build features from" "$verb of an empty file: says so"
done
printf 'x1,x2,label\n' >"$E/d.csv"
run timeout 60 "$LOGLAB" build f -w "$E"
expect_eq "$rc" 2 "build of a CSV header alone: exit"
expect_match "$err" "d\.csv: no rows in its 12 bytes" "build of a CSV header alone: says so"

# --- build while the data file is replaced under it ----------------------
B=$tmp/wsb
mkdir "$B"
python3 - "$B" <<'PY'
import random, sys
r = random.Random(1)
for name, n in (("A", 120000), ("B", 60000)):
    with open(sys.argv[1] + "/" + name + ".src", "w") as f:
        f.write("x1,x2,label\n")
        for i in range(n):
            f.write("%.4f,%.4f,%s\n" % (r.random(), r.random(), "ab"[i % 2]))
PY
cat >"$B/loglab.json" <<'JS'
{"version": 1, "datasets": {"d": {"path": "d.csv"}},
 "featuresets": {"f": {"dataset": "d", "target": {"ordinary": ["a"]},
  "split": {"kind": "random", "train": 0.7, "test": 0.3}}}}
JS
cp "$B/A.src" "$B/d.csv"
# the swapper: copies of A and B renamed in by turns, a few ms apart, until
# told (each a new file, as a rotation makes; copies made ahead, so that
# the renames come fast)
python3 - "$B" <<'PY' &
import os, random, shutil, sys, time
d = sys.argv[1]
r = random.Random(2)
end = time.time() + 100
i = 0
def copy(k):
    shutil.copyfile(d + ("/A.src" if k % 2 else "/B.src"), d + "/tmp%d.csv" % (k % 4))
for k in range(4):
    copy(k)
while time.time() < end and not os.path.exists(d + "/stop"):
    os.replace(d + "/tmp%d.csv" % (i % 4), d + "/d.csv")
    copy(i + 4)
    i += 1
    time.sleep(r.uniform(0, 0.002))
PY
swapper=$!
built=0 refused=0
for k in $(seq 1 8); do
	timeout 60 "$LOGLAB" build f -w "$B" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 0 ]; then
		built=$((built + 1))
		res=$(python3 - "$B" <<'PY'
import hashlib, json, sys
d = sys.argv[1]
m = json.load(open(d + "/features/f/manifest.json"))
known = {}
for name, rows in (("A", 120000), ("B", 60000)):
    b = open(d + "/" + name + ".src", "rb").read()
    known[(len(b), hashlib.sha256(b).hexdigest())] = (name, rows)
key = (m["dataset"]["size"], m["dataset"]["sha256"])
if key not in known:
    print("the manifest's size %d and SHA-256 %s are of neither file" % (key[0], key[1][:12]))
elif known[key][1] != m["rows_in"]:
    print("the manifest names %s but holds %d rows" % (known[key][0], m["rows_in"]))
else:
    print("ok")
PY
)
		expect_eq "$res" ok "build $k while the file is replaced"
	else
		refused=$((refused + 1))
		expect_eq "$rc" 3 "build $k while the file is replaced: exit"
		expect_match "$(cat "$tmp/err")" "d\.csv: the file changed while it was read" \
			"build $k while the file is replaced: the message"
	fi
done
touch "$B/stop"
wait $swapper
echo "note: $built builds done, $refused refused while the file was replaced" >&2

# a live log: lines appended all the time while it is built (the same file,
# only growing) is built, never refused, its hash that of the file's head.
# loglab tells the same file from a reused inode by its birth time: where
# the file system keeps none (stat %W is 0), a growing file is retried
# like any other change, and this part is not run.
rm -f "$B/stop"
cp "$B/A.src" "$B/d.csv"
if [ "$(stat -c %W "$B/d.csv" 2>/dev/null || echo 0)" = 0 ]; then
	echo "note: no birth times on this file system: the growing file's builds not checked" >&2
	touch "$B/stop"
	finish
fi
python3 - "$B" <<'PY' &
import os, sys, time
d = sys.argv[1]
end = time.time() + 100
with open(d + "/d.csv", "a") as f:
    while time.time() < end and not os.path.exists(d + "/stop"):
        f.write("0.5000,0.5000,a\n")
        f.flush()
        time.sleep(0.0005)
PY
appender=$!
for k in 1 2 3; do
	timeout 60 "$LOGLAB" build f -w "$B" >"$tmp/out" 2>"$tmp/err"
	expect_eq "$?" 0 "build $k of a file appended to all along: built ($(head -c 200 "$tmp/err"))"
	res=$(python3 - "$B" <<'PY'
import hashlib, json, sys
d = sys.argv[1]
m = json.load(open(d + "/features/f/manifest.json"))
size = m["dataset"]["size"]
head = open(d + "/d.csv", "rb").read()[:size]
print("ok" if len(head) == size and hashlib.sha256(head).hexdigest() == m["dataset"]["sha256"] and m["rows_in"] >= 120000
      else "size %d rows %d: not the file's head" % (size, m["rows_in"]))
PY
)
	expect_eq "$res" ok "build $k of a file appended to all along: size and SHA-256 of its head"
done
touch "$B/stop"
wait $appender

finish
