#!/bin/sh
# tests/cli/test_build_templates_msg.sh - `loglab build --templates` mines
# the text the dataset path mines: for an access log (NCSA Combined), a
# syslog file (plain and gzip'd) and a log of multi-line records, its
# templates.tsv lists the templates `loglab label FILE --templates` lists,
# with the same ids and line counts; the headers (client IPs, dates, host,
# program, agent) are not mined, also when the file is cut into many
# chunks; the manifest names each chunk's format; and, built with MPI, 2
# ranks write the same bytes as one process. Inputs are generated here.
. "$LL_SRCDIR/tests/lib.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-tplmsg-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp" || exit 1

# 600 requests from 40 clients over two days
awk 'BEGIN {
	split("GET /index.html|GET /img/logo.png|POST /login|GET /api/items?id=|GET /static/app.js|GET /search?q=disk", r, "|");
	split("200 200 200 302 404 500", st, " ");
	for (i = 0; i < 600; i++) {
		req = r[i % 6 + 1]; if (i % 6 == 3) req = req (i * 7);
		printf "10.%d.%d.%d - %s [%02d/Mar/2024:%02d:%02d:%02d +0000] \"%s HTTP/1.1\" %s %d \"https://ref.example.org/p%d\" \"Mozilla/5.0 (X11; Linux x86_64) Agent/%d\"\n",
			i % 3, i % 40, 10 + i % 7, (i % 5 ? "-" : "alice"), 1 + int(i / 300), i % 24, i % 60, (i * 13) % 60,
			req, st[i % 6 + 1], 100 + (i * 37) % 5000, i % 9, i % 4
	}
}' >access.log
# 400 syslog lines of five hosts and four programs, one line without a header
awk 'BEGIN {
	split("Jan Feb Mar", mon, " ");
	for (i = 0; i < 400; i++) {
		h = sprintf("%s  %d %02d:%02d:%02d web%02d ", mon[i % 3 + 1], 1 + i % 9, i % 24, i % 60, (i * 7) % 60, i % 5);
		k = i % 4;
		if (k == 0) printf "%ssshd[%d]: Failed password for invalid user admin from 192.168.%d.%d port %d ssh2\n", h, 1000 + i, i % 4, i % 200, 40000 + i;
		if (k == 1) printf "%sCRON[%d]: (root) CMD (run-parts /etc/cron.hourly)\n", h, 2000 + i;
		if (k == 2) printf "%skernel: [%d.%06d] Out of memory: Killed process %d (java)\n", h, 1000 + i, i * 31, 5000 + i;
		if (k == 3) printf "%ssystemd[1]: Started Session %d of user root.\n", h, i;
		if (i == 200) printf "a line of no header at all\n";
	}
}' >syslog.log
gzip -c syslog.log >syslog.log.gz
# records with stack frames: the frames continue their record
tab=$(printf '\t')
i=0
: >app.log
while [ $i -lt 60 ]; do
	printf '2024-03-01 10:%02d:%02d,%03d INFO  [main] org.example.App - request %d served\n' $((i / 60)) $((i % 60)) $i $i >>app.log
	if [ $((i % 6)) -eq 0 ]; then
		printf '2024-03-01 10:%02d:%02d,500 ERROR [worker-%d] org.example.Job - job %d failed\n' $((i / 60)) $((i % 60)) $((i % 3)) $i >>app.log
		printf 'java.lang.IllegalStateException: bad state %d\n' $i >>app.log
		printf '%sat org.example.Job.run(Job.java:%d)\n' "$tab" $((40 + i % 5)) >>app.log
	fi
	i=$((i + 1))
done

# compare FILE OUTDIR [ARGS]: "same" when OUTDIR/templates.tsv lists what
# `loglab label FILE --templates --json ARGS` lists (id, lines, template)
compare() {
	cf=$1 cout=$2
	shift 2
	"$LOGLAB" label "$cf" --templates --json --journal "$tmp/j.labels" "$@" >label.json 2>label.err ||
		{ echo "label failed: $(cat label.err)"; return; }
	python3 - "$cout/templates.tsv" <<'PY'
import json, sys
lab = sorted((o["id"], o["lines"], o["template"]) for o in json.load(open("label.json")))
got = []
for line in open(sys.argv[1], encoding="utf-8"):
    i, n, t = line.rstrip("\n").split("\t", 2)
    got.append((int(i), int(n), t))
got.sort()
if lab == got:
    print("same")
else:
    print("label: %s | build: %s" % (sorted(set(lab) - set(got))[:3], sorted(set(got) - set(lab))[:3]))
PY
}

for f in access.log syslog.log syslog.log.gz app.log; do
	"$LOGLAB" build --templates "$f" --out "one-$f" >out 2>err
	expect_eq "$?" 0 "build --templates $f: $(cat err)"
	expect_eq "$(compare "$f" "one-$f")" same "$f: the templates and counts of label --templates"
done
fmt() { python3 -c 'import json, sys; print(" ".join(sorted(set(c["format"] for c in json.load(open(sys.argv[1]))["chunks"]))))' "$1"; }
expect_eq "$(fmt one-access.log/manifest.json)" clf "the access log is read as clf"
expect_eq "$(fmt one-syslog.log.gz/manifest.json)" syslog "the gzip'd syslog is read as syslog"
expect_eq "$(fmt one-app.log/manifest.json)" log "the records are read with their header"

# the requests are mined, not the clients, dates, referers or agents
t=$(cut -f3 one-access.log/templates.tsv)
expect_match "$t" '^GET /index\.html <\*>$' "a request's template (the protocol holds a digit)"
expect_match "$t" '^POST /login <\*>$' "the login request"
expect_eq "$(printf '%s\n' "$t" | grep -cE '10\.|Mar/2024|\+0000|alice|Mozilla|ref\.example|^<\*> - ')" 0 \
	"no header field of the access log is mined"
# the syslog messages, not the date, host or program
t=$(cut -f3 one-syslog.log/templates.tsv)
expect_match "$t" '^Failed password for invalid user admin from <\*> port <\*>$' "sshd's message alone"
expect_match "$t" '^a line of no header at all$' "a line without the header is mined whole"
expect_eq "$(printf '%s\n' "$t" | grep -cE 'web0|sshd|CRON|systemd|Jan|Feb|Mar ')" 0 "no syslog header is mined"
# a frame is mined whole, as the dataset path mines a continuation line
expect_match "$(cut -f3 one-app.log/templates.tsv)" '^at <\*>$' "a stack frame"

# --format and --header, as label takes them: the same templates as label
# with them; a header of one's own decides what the message is
hdr='<day> <clock> <level> <message>'
"$LOGLAB" build --templates app.log --header "$hdr" --out hdr-app >/dev/null 2>err
expect_eq "$?" 0 "build --templates --header: $(cat err)"
expect_eq "$(compare app.log hdr-app --header "$hdr")" same "--header: the templates of label --header"
expect_eq "$(fmt hdr-app/manifest.json)" log "--header reads the file as the log format"
"$LOGLAB" build --templates syslog.log --format lines --out lines-syslog >/dev/null 2>err
expect_eq "$?" 0 "build --templates --format lines: $(cat err)"
expect_eq "$(compare syslog.log lines-syslog --format lines)" same "--format lines: the templates of label --format lines"
expect_eq "$(fmt lines-syslog/manifest.json)" lines "--format names the format"
expect_exit 1 "an unknown --format" -- "$LOGLAB" build --templates app.log --format nosuch
expect_exit 1 "a bad --header" -- "$LOGLAB" build --templates app.log --header '<a><b>'
expect_exit 1 "--format without --templates" -- "$LOGLAB" build fs --format csv

# cut into many chunks: still the messages, every line a row
"$LOGLAB" build --templates access.log syslog.log app.log --chunk-bytes 4000 --out many --json >many.json 2>err
expect_eq "$?" 0 "small chunks: $(cat err)"
expect_eq "$(python3 -c 'import json; m = json.load(open("many.json")); print(len(m["chunks"]) > 20, m["rows"])')" \
	"True $(cat access.log syslog.log app.log | wc -l)" "many chunks, a row a line"
expect_eq "$(cut -f3 many/templates.tsv | grep -cE '10\.[0-9]+\.|Mar/2024|Mozilla|web0|sshd|CRON')" 0 \
	"no header is mined from chunks either"
expect_eq "$(fmt many/manifest.json)" "clf log syslog" "each file's chunks read with its format"

if "$LOGLAB" --version | grep -q "with MPI"; then
	. "$LL_SRCDIR/tests/mpi/mpi_lib.sh"
	mpi_run 2 "$LOGLAB" build --templates access.log syslog.log app.log --chunk-bytes 4000 --out np2 --json \
		>np2.json 2>err
	expect_eq "$?" 0 "2 ranks: $(cat err)"
	expect_eq "$(diff -r many np2 >/dev/null && echo same)" same "2 ranks write the bytes of one process"
	# a chunk a file, the gzip'd one inflated by the rank that mines it
	"$LOGLAB" build --templates syslog.log.gz access.log --out two >/dev/null 2>err
	expect_eq "$?" 0 "two files in one process: $(cat err)"
	mpi_run 2 "$LOGLAB" build --templates syslog.log.gz access.log --out two-np2 >/dev/null 2>err
	expect_eq "$?" 0 "two files on 2 ranks: $(cat err)"
	expect_eq "$(diff -r two two-np2 >/dev/null && echo same)" same "2 ranks, a file each: the bytes of one process"
	expect_eq "$(cut -f3 two-np2/templates.tsv | grep -cE '10\.[0-9]+\.|Mozilla|web0|sshd')" 0 \
		"no header mined on 2 ranks"
else
	echo "loglab built without MPI: the rank-count check is skipped" >&2
fi
finish
