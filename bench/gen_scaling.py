#!/usr/bin/env python3
"""gen_scaling.py SHAPE N OUT: one input of a shape that stresses a reader's growth with size.

bench_scaling.sh writes each shape at N, 4N and 16N and times `loglab info` on it; a reader
whose time grows much faster than its input (a lookup from a list's head per element, a
rescan per line) shows as a ratio far above 16 between the first and last size. The
values are deterministic (no randomness) so that runs compare.
"""
import os
import sys


def json_array(n, w):
    w.write("[\n" + ",\n".join('{"t":%d,"host":"h%d","v":%d.5}' % (1700000000 + i, i % 7, i)
                               for i in range(n)) + "\n]\n")


def json_arrays(n, w):
    w.write('{"columns":["t","v"],"data":[' +
            ",".join("[%d,%d.25]" % (1700000000 + i, i) for i in range(n)) + "]}\n")


def json_wide(n, w):
    w.write("{" + ",".join('"key%d":%d' % (i, i) for i in range(n)) + "}\n")


def json_wide_rows(n, w):
    row = "{" + ",".join('"key%d":%d' % (i, i) for i in range(n)) + "}"
    w.write("[" + ",".join([row] * 3) + "]\n")


def json_deep(n, w):
    w.write('{"a":' * n + "1" + "}" * n + "\n")


def json_series(n, w):
    # many series of a few points each, the shape of a metrics API's answer
    parts = []
    for s in range(n):
        pts = ",".join("[%d,%d]" % (1700000000 + 60 * k, s + k) for k in range(4))
        parts.append('{"metric":{"__name__":"m","instance":"i%d"},"values":[%s]}' % (s, pts))
    w.write('{"status":"success","data":{"resultType":"matrix","result":[' +
            ",".join(parts) + "]}}\n")


def json_long_series(n, w):
    pts = ",".join('[%d,"%d"]' % (1700000000 + 15 * k, k) for k in range(n))
    w.write('{"status":"success","data":{"resultType":"matrix","result":['
            '{"metric":{"__name__":"up"},"values":[%s]}]}}\n' % pts)


def json_side_by_side(n, w):
    ts = ",".join('"2024-01-01T%02d:%02d:%02dZ"' % ((i // 3600) % 24, (i // 60) % 60, i % 60)
                  for i in range(n))
    vs = ",".join("%d.0" % i for i in range(n))
    w.write('{"MetricDataResults":[{"Id":"m1","Label":"CPU","Timestamps":[%s],"Values":[%s]}]}\n'
            % (ts, vs))


def json_point_records(n, w):
    w.write("[" + ",".join('{"metric":"m%d","timestamp":%d,"value":%d}'
                           % (i % 3, 1700000000 + i // 3, i) for i in range(n)) + "]\n")


def json_point_metrics(n, w):
    # point records of n distinct metrics, three points each (a wide table once pivoted)
    w.write("[" + ",".join('{"metric":"m%d","timestamp":%d,"value":%d}' % (i % n, 1700000000 + i // n, i)
                           for i in range(3 * n)) + "]\n")


def json_map(n, w):
    w.write("{" + ",".join('"id%d":{"state":"s%d","n":%d}' % (i, i % 5, i) for i in range(n)) + "}\n")


def jsonl(n, w):
    for i in range(n):
        w.write('{"ts":%d,"level":"INFO","msg":"request %d done","k":{"a":%d}}\n'
                % (1700000000 + i, i, i))


def jsonl_kinds(n, w):
    # records of many kinds: each row its own key
    for i in range(n):
        w.write('{"ts":%d,"field%d":%d}\n' % (1700000000 + i, i, i))


def jsonl_wide(n, w):
    w.write("{" + ",".join('"key%d":%d' % (i, i) for i in range(n)) + "}\n")
    w.write("{" + ",".join('"key%d":%d' % (i, i + 1) for i in range(n)) + "}\n")


def csv_wide(n, w):
    w.write(",".join("c%d" % i for i in range(n)) + "\n")
    for r in range(3):
        w.write(",".join(str(i + r) for i in range(n)) + "\n")


def csv_same_names(n, w):
    # a header of one name n times (and empty names): each made distinct
    w.write(",".join("x" if i % 2 else "" for i in range(n)) + "\n")
    for r in range(3):
        w.write(",".join(str(i + r) for i in range(n)) + "\n")


def w3c_wide(n, w):
    w.write("#Software: test\n#Fields: date time " + " ".join("f%d" % i for i in range(n)) + "\n")
    for r in range(3):
        w.write("2024-01-01 00:00:0%d " % r + " ".join("-" for i in range(n)) + "\n")


def csv_sections(n, w):
    # sadf -d's shape: n/50 parts one after another, each of 50 metrics of its own
    for part in range(max(1, n // 50)):
        w.write("# hostname;interval;timestamp;" + ";".join("m%d_%d" % (part, k) for k in range(50)) + "\n")
        for r in range(3):
            w.write("web1;60;2024-01-01 00:0%d:00 UTC;" % r + ";".join(str(part + k + r) for k in range(50)) + "\n")


def csv_long_entities(n, w):
    # a long table of n entities, three times each (pivoted wide: a column per entity and metric)
    w.write("time,host,cpu,mem\n")
    for r in range(3):
        for i in range(n):
            w.write("2024-01-01 00:0%d:00,host%d,%d,%d\n" % (r, i, i + r, 2 * i + r))


def csv_long_cell(n, w):
    w.write("a,b,c\n1,%s,2\n3,x,4\n" % ("word " * n))


def csv_quoted_newlines(n, w):
    w.write("id,note,v\n")
    for i in range(n):
        w.write('%d,"line one %d\nline two\nline three",%d\n' % (i, i, i))


def csv_rows(n, w):
    w.write("time,host,v\n")
    for i in range(n):
        w.write("2024-01-01 00:%02d:%02d,h%d,%d\n" % ((i // 60) % 60, i % 60, i % 5, i))


def tsv_long_quoted(n, w):
    # one quoted cell holding many lines
    w.write("id\tnote\tv\n1\t\"" + "x\n" * n + "\"\t2\n3\ty\t4\n")


def log_long_line(n, w):
    w.write("2024-01-01 00:00:00 INFO start\n")
    w.write("2024-01-01 00:00:01 INFO " + "token " * n + "\n")
    w.write("2024-01-01 00:00:02 INFO end\n")


def log_multiline(n, w):
    w.write("2024-01-01 00:00:00 INFO start\n")
    w.write("2024-01-01 00:00:01 ERROR boom\n")
    for i in range(n):
        w.write("    at com.example.Frame%d.call(Frame.java:%d)\n" % (i, i))
    w.write("2024-01-01 00:00:02 INFO end\n")


def log_traces(n, w):
    # records of a head line and a stack trace: ten records of n/10 lines
    for r in range(10):
        w.write("2024-01-01 00:00:%02d,123 ERROR [main] com.example.Svc - request failed\n" % r)
        w.write("java.lang.IllegalStateException: bad state %d\n" % r)
        for i in range(n // 10):
            w.write("\tat com.example.Frame%d.call(Frame.java:%d)\n" % (i, i))
        w.write("2024-01-01 00:00:%02d,500 INFO [main] com.example.Svc - retrying\n" % r)


def log_templates(n, w):
    # every line its own template: distinct words, not numbers
    for i in range(n):
        word = "".join(chr(ord("a") + (i // 26 ** k) % 26) for k in range(4))
        w.write("2024-01-01 00:%02d:%02d INFO svc%s: event %s%s happened\n"
                % ((i // 60) % 60, i % 60, word, word, word[::-1]))


def log_distinct(n, w):
    # every message of words no other line has: each its own template
    def word(k):
        return "".join(chr(ord("a") + (k // 26 ** j) % 26) for j in range(5))
    for i in range(n):
        w.write("2024-01-01 00:%02d:%02d INFO worker: %s\n"
                % ((i // 60) % 60, i % 60, " ".join(word(6 * i + k) for k in range(6))))


def log_lines(n, w):
    for i in range(n):
        w.write("2024-01-01 %02d:%02d:%02d INFO worker: processed item %d in %d ms\n"
                % ((i // 3600) % 24, (i // 60) % 60, i % 60, i, i % 97))


def log_kv_pairs(n, w):
    for r in range(3):
        w.write("time=2024-01-01T00:00:0%dZ level=info " % r +
                " ".join("k%d=%d" % (i, i + r) for i in range(n)) + "\n")


def log_kv_keys(n, w):
    # many lines, each with its own key
    for i in range(n):
        w.write("time=2024-01-01T00:00:00Z level=info msg=x key%d=%d\n" % (i, i))


def syslog(n, w):
    for i in range(n):
        w.write("Mar  2 06:%02d:%02d node07 kernel: [%d.%06d] eth0: link up %d\n"
                % ((i // 60) % 60, i % 60, i, i, i))


def stanza(n, w):
    for i in range(n):
        w.write("Name: item%d\nState: ok\nValue: %d\n\n" % (i, i))


def stanza_keys(n, w):
    w.write("".join("Key%d: %d\n" % (i, i) for i in range(n)) + "\n")
    w.write("".join("Key%d: %d\n" % (i, i + 1) for i in range(n)) + "\n")


def aligned_wide(n, w):
    w.write(" ".join("%-8s" % ("c%d" % i) for i in range(n)) + "\n")
    for r in range(3):
        w.write(" ".join("%-8d" % (i + r) for i in range(n)) + "\n")


def aligned_rows(n, w):
    w.write("%-10s %-8s %8s %8s\n" % ("NAME", "STATE", "CPU", "MEM"))
    for i in range(n):
        w.write("%-10s %-8s %8d %8d\n" % ("p%d" % i, "run", i % 100, i))


def numbers_wide(n, w):
    w.write(" ".join("%d.5" % i for i in range(n)) + "\n")


def xml_records(n, w):
    w.write('<?xml version="1.0"?>\n<testsuite name="s">\n')
    for i in range(n):
        w.write('  <testcase name="t%d" classname="c%d" time="0.%d"/>\n' % (i, i % 9, i % 10))
    w.write("</testsuite>\n")


def xml_deep(n, w):
    w.write("<r>" + "<a>" * n + "1" + "</a>" * n + "<rec><v>1</v></rec><rec><v>2</v></rec></r>\n")


def xml_attrs(n, w):
    w.write("<r>\n")
    for r in range(3):
        w.write("<rec " + " ".join('a%d="%d"' % (i, i + r) for i in range(n)) + "/>\n")
    w.write("</r>\n")


def xml_children(n, w):
    w.write("<r>\n")
    for r in range(3):
        w.write("<rec>" + "".join("<f%d>%d</f%d>" % (i, i + r, i) for i in range(n)) + "</rec>\n")
    w.write("</r>\n")


def xml_named(n, w):
    # Event Viewer's EventData: values named by an attribute
    w.write("<Events>\n")
    for r in range(3):
        w.write("<Event><EventData>" + "".join('<Data Name="k%d">%d</Data>' % (i, i + r) for i in range(n)) +
                "</EventData></Event>\n")
    w.write("</Events>\n")


def xml_child_elements(n, w):
    # children that are elements of their own (an attribute each), all names distinct
    w.write("<r>\n")
    for r in range(3):
        w.write("<rec>" + "".join('<f%d u="%d">%d</f%d>' % (i, r, i + r, i) for i in range(n)) + "</rec>\n")
    w.write("</r>\n")


def xml_context(n, w):
    # many records inside an element of many attributes (the records' context)
    w.write("<suite " + " ".join('p%d="%d"' % (i, i) for i in range(200)) + ">\n")
    for i in range(n):
        w.write('<case name="c%d" time="%d"/>\n' % (i, i))
    w.write("</suite>\n")


def xml_wide_context(n, w):
    # n/4 records inside an element of n attributes (each record's context)
    w.write("<suite " + " ".join('p%d="%d"' % (i, i) for i in range(n)) + ">\n")
    for i in range(n // 4 + 1):
        w.write('<case name="c%d" time="%d"/>\n' % (i, i))
    w.write("</suite>\n")


def influx(n, w):
    for i in range(n):
        w.write("cpu,host=h%d usage=%d.5 %d\n" % (i % 4, i, 1700000000000000000 + i * 10**9))


def prom_series(n, w):
    for i in range(n):
        w.write('m{instance="i%d"} %d\n' % (i, i))


def prom_metrics(n, w):
    # a page of n distinct metrics: a column each
    for i in range(n):
        w.write("# TYPE metric_%d gauge\nmetric_%d %d\n" % (i, i, i))


def fleet(n, out):
    os.makedirs(out, exist_ok=True)
    for f in range(n):
        with open(os.path.join(out, "node%05d.log" % f), "w") as w:
            for k in range(3):
                w.write("Mar  2 06:%02d:%02d node%05d kernel: event %d\n" % (f % 60, k, f, k))


def fleet_csv(n, out):
    os.makedirs(out, exist_ok=True)
    for f in range(n):
        with open(os.path.join(out, "host%05d.csv" % f), "w") as w:
            w.write("time,v\n")
            for k in range(3):
                w.write("2024-01-01 00:%02d:%02d,%d\n" % (f % 60, k, f + k))


def fleet_columns(n, out):
    # tables whose columns differ file to file: the union grows with every file
    os.makedirs(out, exist_ok=True)
    for f in range(n):
        with open(os.path.join(out, "host%05d.csv" % f), "w") as w:
            w.write("time,v%d\n" % f)
            for k in range(3):
                w.write("2024-01-01 00:%02d:%02d,%d\n" % (f % 60, k, f + k))


# Files for bench_label_range.sh (the row hash of every line a label of a range takes): bytes,
# not text, since the Latin-1 one must hold single bytes of 0x80 and above.
WORDS = [b"disk", b"sda1", b"error", b"retry", b"user", b"session", b"opened", b"k=v", b"tab\there"]
ACCENTS = [b"r\xe9sum\xe9", b"gr\xfc\xdf", b"\xe0 la", b"caf\xe9", b"\x80 5"]


def syslog_bytes(i, accent):
    msg = b" ".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(8))
    if accent:
        msg += b" " + ACCENTS[i % len(ACCENTS)]
    return b"Dec %2d %02d:%02d:%02d host%d app[%d]: %s" % (1 + i % 28, i % 24, i % 60, i % 59, i % 7, i % 999, msg)


def latin1_syslog(n, w):
    # syslog lines with Windows-1252 accents (the file is read as Latin-1), one in five CRLF
    for i in range(n):
        w.write(syslog_bytes(i, True) + (b"\r\n" if i % 5 == 0 else b"\n"))


def labelled_lines(n, w):
    # label<TAB>line (no "#loglab labels" marker line, which would make it load whole): a few
    # alerts, many normal, a third unlabelled
    for i in range(n):
        label = b"alert" if i % 50 == 0 else b"normal" if i % 3 else b""
        w.write(label + b"\t" + syslog_bytes(i, False) + (b"\r\n" if i % 5 == 0 else b"\n"))


BYTES = {"latin1_syslog": latin1_syslog, "labelled_lines": labelled_lines}
DIRS = {"fleet_columns": fleet_columns, "fleet": fleet, "fleet_csv": fleet_csv}


def main():
    shape, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if shape in DIRS:
        DIRS[shape](n, out)
        return
    if shape in BYTES:
        with open(out, "wb") as w:
            BYTES[shape](n, w)
        return
    with open(out, "w") as w:
        globals()[shape](n, w)


if __name__ == "__main__":
    main()
