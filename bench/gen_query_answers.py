"""gen_query_answers.py - metrics query answers as monitoring APIs write
them, for bench/UNSEEN_TABLES.md's "Query answers" figures (not part of
make check):

  influx    one InfluxDB 1.x answer: {"results": [{"statement_id": 0,
            "series": [{"name", "tags", "columns", "values"}, ...]}]}, a
            series per host, six fields, a row every ten seconds;
  chunked   the same as chunked answers, one JSON document a line, each
            holding the next block of rows of every series;
  otlp      OpenTelemetry collector file-exporter logs: a line a batch of
            resourceLogs[].scopeLogs[].logRecords[], attributes as lists of
            {"key", "value": {"stringValue"|"intValue"}}.

usage: python3 gen_query_answers.py influx|chunked|otlp HOSTS SIZE_MB OUT
The shapes and values are this script's own, from a fixed seed.
"""
import json
import random
import sys

FIELDS = ["usage_user", "usage_system", "usage_idle", "usage_iowait", "usage_irq", "usage_steal"]


def stamp(i):
    s = i * 10
    return "2024-05-%02dT%02d:%02d:%02dZ" % (1 + s // 86400 % 28, s // 3600 % 24, s // 60 % 60, s % 60)


def block(rng, hosts, start, rows):
    return [{"name": "cpu", "tags": {"host": "h%d" % h}, "columns": ["time"] + FIELDS,
             "values": [[stamp(i)] + [round(rng.random() * 100, 2) for _ in FIELDS] for i in range(start, start + rows)]}
            for h in range(hosts)]


def main():
    kind, hosts, size, out = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    rng = random.Random(7)
    target = int(size * 1e6)
    per_row = 70 * hosts  # about the bytes a row of every series takes
    with open(out, "w") as f:
        if kind == "influx":
            json.dump({"results": [{"statement_id": 0, "series": block(rng, hosts, 0, max(1, target // per_row))}]}, f)
            return
        written, i = 0, 0
        while written < target:
            if kind == "chunked":
                line = json.dumps({"results": [{"statement_id": 0, "series": block(rng, hosts, i, 100),
                                                "partial": True}]})
                i += 100
            else:
                recs = [{"timeUnixNano": str(1714521600000000000 + (i + k) * 10**9), "severityText":
                         rng.choice(["INFO", "INFO", "WARN", "ERROR"]), "body": {"stringValue": "request %d done" % k},
                         "attributes": [{"key": "http.status", "value": {"intValue": str(rng.choice([200, 200, 500]))}}]}
                        for k in range(20)]
                line = json.dumps({"resourceLogs": [{"resource": {"attributes": [
                    {"key": "service.name", "value": {"stringValue": "svc%d" % rng.randrange(hosts)}},
                    {"key": "host.name", "value": {"stringValue": "h%d" % rng.randrange(hosts)}}]},
                    "scopeLogs": [{"scope": {"name": "app"}, "logRecords": recs}]}]})
                i += 20
            f.write(line + "\n")
            written += len(line) + 1


main()
