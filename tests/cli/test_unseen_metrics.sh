#!/bin/sh
# tests/cli/test_unseen_metrics.sh - monitoring data in the shapes
# Telegraf's test data keeps (bench/UNSEEN_TABLES.md, "Telegraf's test
# data: monitoring shapes"), each sample written here in its documented
# shape: InfluxDB line protocol without timestamps, the zero time of Go's
# and .NET's APIs, nvidia-smi's XML report and its units; loaded, through the line index
# where it applies, and opened headless by the browser.
. "$LL_SRCDIR/tests/lib.sh"

scratch unseen-metrics

# screen FILE WHAT: the browser opens FILE headless, within 20 seconds
screen() {
	timeout 20 "$LOGLAB" --dump-screen 24x80 "$1" >/dev/null 2>&1 </dev/null
	expect_eq "$?" 0 "$2: the browser opens it"
}

# Line protocol without timestamps (what a client writes for the server to
# stamp; Telegraf's outputs in tests and docs): points, a row each.
printf '%s\n' 'temp,sensor=nvme_composite temp=35.85' 'temp,sensor=k10temp_tctl temp=33.25' \
	'solr_admin,core=main deleted_docs=619275i,num_docs=168943425i ' \
	'phpfpm,pool=www,url=http://127.0.0.1:9000?full&json accepted_conn=3879i,start_since=4901i' >"$tmp/untimed.lp"
info "$tmp/untimed.lp"
expect_eq "$rc" 0 "untimed points: exit"
expect_match "$out" '^format: +influx ' "untimed points: line protocol"
expect_match "$out" '^rows: +4$' "untimed points: a row each"
expect_match "$out" '^  temp\.temp +number$' "untimed points: a field a number column"
expect_match "$out" '^  solr_admin\.num_docs +number$' "untimed points: integers numbers"
expect_match "$out" '^  sensor +text$' "untimed points: a tag a text column"
loaded=$out
info_lazy "$tmp/untimed.lp"
expect_eq "$out" "$loaded" "untimed points: the line index reads the same"
screen "$tmp/untimed.lp" "untimed points"
# no tags, numbers only
printf '%s\n' 'file properties_mag=5.17' 'file properties_mag=6.2' >"$tmp/plain.lp"
info "$tmp/plain.lp"
expect_match "$out" '^format: +influx ' "untimed, no tags: line protocol"
expect_match "$out" '^  file\.properties_mag +number$' "untimed, no tags: the field"
# one line: tags or a timestamp make it a point
printf '%s\n' 'weight,imei=123,serial_number=AX00 weight=289.799' >"$tmp/one.lp"
info "$tmp/one.lp"
expect_match "$out" '^format: +influx ' "one tagged line: line protocol"
expect_match "$out" '^  serial_number +text$' "one tagged line: its tag"
printf '%s\n' 'dme,path=sys/lldp value="foo",test=281474976710655i 1543236572000000000' >"$tmp/one_timed.lp"
info "$tmp/one_timed.lp"
expect_match "$out" '^time: +2018-11-26 12:49:32 \.\. 2018-11-26 12:49:32$' "one timed line: its time"
# logfmt whose second pair is a number is not line protocol
printf '%s\n' 'level=info count=3' 'level=warn count=4' 'level=info count=5' >"$tmp/kv.log"
info "$tmp/kv.log"
expect_no_match "$out" '^format: +influx ' "logfmt untimed: no line protocol"
printf '%s\n' 'status count=3' >"$tmp/one_plain.txt"
info "$tmp/one_plain.txt"
expect_no_match "$out" '^format: +influx ' "one bare line: no line protocol"

# Go's zero time.Time (.NET's DateTime.MinValue), an API's "never": Docker
# inspect's FinishedAt of a running container, swarm tasks' UpdatedAt.
cat >"$tmp/inspect.json" <<'EOF'
[{"Id": "e2173b94", "Created": "2018-06-14T05:48:53.124917Z",
  "State": {"Status": "running", "Running": true, "Pid": 7,
            "StartedAt": "2018-06-14T05:48:53.266176Z", "FinishedAt": "0001-01-01T00:00:00Z"}},
 {"Id": "b7dfbb94", "Created": "2018-06-14T05:40:00Z",
  "State": {"Status": "exited", "Running": false, "Pid": 0,
            "StartedAt": "2018-06-14T05:40:01Z", "FinishedAt": "2018-06-14T05:45:00Z"}}]
EOF
info "$tmp/inspect.json"
expect_eq "$rc" 0 "zero time: exit"
expect_match "$out" '^time: +2018-06-14 05:40:00 \.\. 2018-06-14 05:48:53\.124917$' "zero time: the table's time"
expect_match "$out" '^  State\.FinishedAt +time$' "zero time: the column stays a time"
expect_match "$out" 'key "State\.FinishedAt": 1 value of the zero time 0001-01-01T00:00:00 \(first: record 1\) read as missing' \
	"zero time: noted"
out=$(timeout 20 "$LOGLAB" --dump-screen 8x200 "$tmp/inspect.json" 2>&1 </dev/null)
expect_no_match "$out" '^e2173b94 .*0001-01-01' "zero time: not shown as year 1"
printf '%s\n' '{"CreatedAt":"0001-01-01T00:00:00Z","msg":"a","n":1}' \
	'{"CreatedAt":"2024-03-01T10:00:01Z","msg":"b","n":2}' '{"CreatedAt":"2024-03-01T10:00:02Z","msg":"c","n":3}' \
	>"$tmp/tasks.jsonl"
info "$tmp/tasks.jsonl"
expect_match "$out" '^time: +2024-03-01 10:00:01 \.\. 2024-03-01 10:00:02$' "zero time, JSON Lines: the time"
loaded=$out
info_lazy "$tmp/tasks.jsonl"
expect_eq "$out" "$loaded" "zero time, JSON Lines: the line index reads the same"
# a CSV export of the same: the zero time is a missing cell, noted, the
# column a time column of the other rows
printf 'name,started,finished,exit\nweb,2024-03-01T10:00:00Z,0001-01-01T00:00:00Z,0\ndb,2024-03-01T10:05:00Z,2024-03-01T11:00:00Z,1\ncache,2024-03-01T10:07:00Z,0001-01-01T00:00:00Z,0\n' >"$tmp/jobs.csv"
info "$tmp/jobs.csv"
expect_match "$out" '^  finished +time$' "zero time, CSV: the column stays a time"
expect_match "$out" "2 cells such as '0001-01-01T00:0' \\(first: line 2\\) in column 'finished' read as missing" "zero time, CSV: noted"
expect_no_match "$out" '0001-01-01 00:00:00' "zero time, CSV: no year 1 in the time range"
screen "$tmp/tasks.jsonl" "zero time"

# nvidia-smi -q -x: one <gpu> of many readings and a list of supported
# clocks (a few memory clocks, each over a long list of graphics clocks):
# a row per GPU, not a row per memory clock; its readings written with a
# unit of measure ("71.52 W", "45 C") are numbers. smi N FILE: N GPUs.
smi() {
	{
		printf '<?xml version="1.0" ?>\n<nvidia_smi_log>\n<timestamp>Fri Aug  4 11:44:30 2023</timestamp>\n'
		printf '<driver_version>535.54.03</driver_version>\n<attached_gpus>%s</attached_gpus>\n' "$1"
		n=0
		for gpu in 00000000:01:00.0 00000000:02:00.0; do
			[ $n -ge "$1" ] && break
			n=$((n + 1))
			printf '<gpu id="%s">\n<product_name>NVIDIA A100</product_name>\n<fan_speed>30 %%</fan_speed>\n' "$gpu"
			printf '<power_readings>\n<power_draw>71.52 W</power_draw>\n<power_limit>N/A</power_limit>\n</power_readings>\n'
			printf '<temperature>\n<gpu_temp>45 C</gpu_temp>\n</temperature>\n<clocks>\n<sm_clock>1410 MHz</sm_clock>\n</clocks>\n'
			awk 'BEGIN { for (k = 0; k < 40; k++) printf "<reading_%d>%d</reading_%d>\n", k, k * 3, k }'
			printf '<supported_clocks>\n'
			awk 'BEGIN { split("1215 1000 800 405", m, " ");
				for (i = 1; i <= 4; i++) {
					printf "<supported_mem_clock>\n<value>%d MHz</value>\n", m[i];
					for (g = 0; g < 80; g++) printf "<supported_graphics_clock>%d MHz</supported_graphics_clock>\n", 1410 - g * 15;
					print "</supported_mem_clock>" } }'
			printf '</supported_clocks>\n</gpu>\n'
		done
		printf '</nvidia_smi_log>\n'
	} >"$2"
}
smi 1 "$tmp/smi1.xml"
info "$tmp/smi1.xml"
expect_eq "$rc" 0 "nvidia-smi, one GPU: exit"
expect_match "$out" '^rows: +1$' "nvidia-smi, one GPU: one row"
expect_match "$out" 'no element repeats over most of the document: one record' "nvidia-smi, one GPU: noted"
expect_match "$out" '^time: +2023-08-04 11:44:30 \.\. 2023-08-04 11:44:30$' "nvidia-smi, one GPU: the report's time"
expect_match "$out" '^  gpu\.power_readings\.power_draw +number$' "nvidia-smi: watts are numbers"
expect_match "$out" '^  gpu\.temperature\.gpu_temp +number$' "nvidia-smi: degrees are numbers"
expect_match "$out" '^  gpu\.clocks\.sm_clock +number$' "nvidia-smi: megahertz are numbers"
expect_match "$out" "'gpu\.power_readings\.power_draw' \(W\)" "nvidia-smi: the unit noted"
screen "$tmp/smi1.xml" "nvidia-smi, one GPU"
smi 2 "$tmp/smi2.xml"
info "$tmp/smi2.xml"
expect_match "$out" '^rows: +2$' "nvidia-smi, two GPUs: a row each"
expect_match "$out" 'the records are the 2 <gpu> elements' "nvidia-smi, two GPUs: the records"

# The same readings in a CSV under bare names (a sensor logger's), loaded
# and through the line index alike.
printf 'time,gpu,temp,power\n2024-03-01 10:00:00,0,45 C,71.52 W\n2024-03-01 10:00:01,0,46 C,70.10 W\n2024-03-01 10:00:02,0,47 C,N/A\n' \
	>"$tmp/sensors.csv"
info "$tmp/sensors.csv"
expect_match "$out" '^  power +number$' "units in a CSV: numbers"
expect_match "$out" "columns 'temp' \(C\), 'power' \(W\) write each number with a unit of measure" "units in a CSV: noted"
loaded=$out
info_lazy "$tmp/sensors.csv"
expect_eq "$out" "$loaded" "units in a CSV: the line index reads the same"

# A status endpoint polled every 5 s (NGINX Plus's JSON, Elastic's example
# data): each sample carries the server's load time, one value on every
# row, before its own stamp. The samples' stamp is the clock: the time
# range, and 10-second buckets of the counters.
awk 'BEGIN { for (i = 0; i < 24; i++) printf "{\"version\":6,\"load_timestamp\":1445680800424,\"timestamp\":%.0f,\"connections\":{\"active\":%d,\"idle\":%d}}\n", 1446249499322 + 5000 * i, 2 + i % 3, 29 - i % 4 }' >"$tmp/status.jsonl"
info "$tmp/status.jsonl"
expect_eq "$rc" 0 "status: read"
expect_match "$out" '^time: +2015-10-30 23:58:19\.322000 \.\. 2015-10-31 00:00:14\.322000$' "status: the samples' stamps are the time range"
mkdir -p "$tmp/ws"
printf '%s\n' '{ "version": 1, "datasets": {"s": {"path": "'"$tmp"'/status.jsonl"}},' \
	'  "featuresets": {"f": {"dataset": "s", "columns": "connections", "resample": {"interval": "10s", "agg": "mean"}}},' \
	'  "experiments": {"k": {"featureset": "f", "model": "kmeans", "k": 2}} }' >"$tmp/ws/loglab.json"
out=$(timeout 120 "$LOGLAB" build f -w "$tmp/ws" 2>&1)
expect_eq "$?" 0 "status: built"
expect_match "$out" 'featureset f: 13 samples x 2 features' "status: 2 minutes of samples in 13 buckets of 10 s (aligned to the epoch), not one"

finish
