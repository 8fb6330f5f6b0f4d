#!/bin/bash
# bench_scaling.sh LOGLAB [SHAPE...]: time `loglab info` on each shape of gen_scaling.py at
# N, 4N and 16N and print the growth factor 16N/N. A linear reader shows about 16 once the
# start-up cost is small beside the work; a quadratic one about 256. A run past TIMEOUT
# seconds (default 60) shows as ">TIMEOUT".
loglab=$(readlink -f "$1"); shift
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "$SCALING_DIR" ]; then
  work=$SCALING_DIR; mkdir -p "$work"   # kept: a second run reuses its inputs
else
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fi
limit=${TIMEOUT:-60}
# shape, base size, file suffix, format when detection would not pick the reader
all="json_array 20000 json
json_arrays 20000 json
json_wide 2000 json
json_wide_rows 2000 json
json_deep 500 json
json_series 2000 json
json_long_series 20000 json
json_side_by_side 8000 json
log_distinct 5000 log
log_traces 2000 log
json_point_records 20000 json
json_point_metrics 2000 json
json_map 5000 json
jsonl 20000 jsonl
jsonl_kinds 2000 jsonl
jsonl_wide 2000 jsonl
csv_wide 2000 csv
csv_same_names 2000 csv
csv_sections 2000 csv
csv_long_entities 1000 csv
w3c_wide 2000 log w3c
csv_long_cell 50000 csv
csv_quoted_newlines 10000 csv
csv_rows 50000 csv
tsv_long_quoted 20000 tsv
log_long_line 20000 log
log_multiline 5000 log
log_templates 5000 log
log_lines 20000 log
log_kv_pairs 2000 log
log_kv_keys 2000 log
syslog 20000 log
stanza 5000 txt
stanza_keys 2000 txt stanza
aligned_wide 500 txt aligned
aligned_rows 20000 txt
numbers_wide 20000 txt
xml_records 10000 xml
xml_deep 500 xml
xml_attrs 2000 xml xml
xml_children 2000 xml
xml_named 1000 xml
xml_child_elements 1000 xml
xml_context 5000 xml xml
xml_wide_context 250 xml xml
influx 20000 txt
prom_series 5000 prom
prom_metrics 5000 prom
fleet 200 dir
fleet_csv 200 dir
fleet_columns 100 dir"
want=" $* "
printf '%-22s %8s %9s %9s %9s %7s\n' shape n t_n t_4n t_16n 16n/n
while read -r shape base ext fmt; do
  [ $# -gt 0 ] && [[ "$want" != *" $shape "* ]] && continue
  times=()
  for m in 1 4 16; do
    n=$((base * m)); f="$work/$shape-$n"; [ "$ext" != dir ] && f="$f.$ext"
    [ -e "$f" ] || python3 "$here/gen_scaling.py" "$shape" "$n" "$f"
    s=$(date +%s.%N)
    if timeout "$limit" "$loglab" info ${fmt:+-f "$fmt"} "$f" >/dev/null 2>&1 || [ $? -ne 124 ]; then
      times+=("$(printf %.3f "$(echo "$(date +%s.%N) - $s" | bc)")")
    else
      times+=(">$limit"); break
    fi
  done
  ratio=-
  if [ ${#times[@]} -eq 3 ] && [[ ${times[2]} != \>* ]]; then
    ratio=$(echo "scale=1; ${times[2]} / ${times[0]}" | bc)
  fi
  printf '%-22s %8d %9s %9s %9s %7s\n' "$shape" "$base" "${times[0]}" "${times[1]:--}" "${times[2]:--}" "$ratio"
done <<< "$all"
