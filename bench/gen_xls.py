#!/usr/bin/env python3
"""gen_xls.py - a large legacy Excel workbook (.xls, BIFF8 in a compound
file) for timing loglab's xls reader: ROWS rows of a job report (a date
and time, a host from the shared strings, an RK integer, a double, a
label), written record by record from MS-XLS and MS-CFB.

Usage: gen_xls.py ROWS OUT.xls   (ROWS up to 65,535, BIFF8's last row)
"""
import struct
import sys


def rec(t, data):
    return struct.pack("<HH", t, len(data)) + data


def ustr(s):
    b = s.encode("latin-1")
    return struct.pack("<HB", len(b), 0) + b


def workbook(rows):
    hosts = ["node%03d" % i for i in range(200)]
    labels = ["normal", "fault"]
    strings = ["time", "host", "jobs", "load", "label"] + hosts + labels
    g = rec(0x0809, struct.pack("<HH", 0x0600, 5) + bytes(12))
    g += rec(0x0042, struct.pack("<H", 1200))
    for fmt in (0, 22):  # general; m/d/yy h:mm
        g += rec(0x00E0, struct.pack("<HH", 0, fmt) + bytes(16))
    bs_at = len(g) + 4
    g += rec(0x0085, struct.pack("<IBB", 0, 0, 0) + struct.pack("<BB", 4, 0) + b"Jobs")
    # the SST, split into CONTINUE records of at most 8224 bytes
    body = struct.pack("<II", len(strings), len(strings)) + b"".join(ustr(s) for s in strings)
    g += rec(0x00FC, body[:8224])
    for i in range(8224, len(body), 8224):
        g += rec(0x003C, body[i:i + 8224])
    g += rec(0x000A, b"")
    sheet = [rec(0x0809, struct.pack("<HH", 0x0600, 0x10) + bytes(12))]
    for c, _ in enumerate(strings[:5]):
        sheet.append(rec(0x00FD, struct.pack("<HHHI", 0, c, 0, c)))
    for r in range(1, rows + 1):
        sheet.append(rec(0x0203, struct.pack("<HHHd", r, 0, 1, 45292 + r / 1440.0)))
        sheet.append(rec(0x00FD, struct.pack("<HHHI", r, 1, 0, 5 + r % len(hosts))))
        sheet.append(rec(0x027E, struct.pack("<HHHI", r, 2, 0, ((r * 7 % 1000) << 2) | 2)))
        sheet.append(rec(0x0203, struct.pack("<HHHd", r, 3, 0, (r % 97) / 7.0)))
        sheet.append(rec(0x00FD, struct.pack("<HHHI", r, 4, 0, 5 + len(hosts) + (r % 50 == 0))))
    sheet.append(rec(0x000A, b""))
    g = g[:bs_at] + struct.pack("<I", len(g)) + g[bs_at + 4:]
    return g + b"".join(sheet)


def cfb(stream):
    ssz = 512
    n = (len(stream) + ssz - 1) // ssz
    # sectors: FAT sectors first, then the directory, then the stream
    nfat = 1
    while nfat * 128 < nfat + 1 + n:
        nfat += 1
    if nfat > 109:
        sys.exit("too many rows for a FAT in the header's DIFAT entries")
    fat = [0xFFFFFFFD] * nfat + [0xFFFFFFFE]
    first = nfat + 1
    fat += [first + i + 1 for i in range(n - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (nfat * 128 - len(fat))
    head = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(16)
    head += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    head += struct.pack("<IIIIIIIII", 0, nfat, nfat, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    head += b"".join(struct.pack("<I", i) for i in range(nfat)) + b"\xFF\xFF\xFF\xFF" * (109 - nfat)

    def entry(name, typ, child, start, size):
        nm = name.encode("utf-16-le")
        return (nm + bytes(64 - len(nm)) + struct.pack("<HBB", len(nm) + 2 if name else 0, typ, 1)
                + struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, child) + bytes(36)
                + struct.pack("<IQ", start, size))

    d = entry("Root Entry", 5, 1, 0xFFFFFFFE, 0) + entry("Workbook", 2, 0xFFFFFFFF, first, len(stream))
    d += entry("", 0, 0xFFFFFFFF, 0, 0) * 2
    body = b"".join(struct.pack("<I", v) for v in fat) + d + stream
    return head + body + bytes((-len(body)) % ssz)


def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    s = workbook(rows)
    if len(s) < 4096:
        s += rec(0x00EB, bytes(4096))
    with open(out, "wb") as f:
        f.write(cfb(s))


if __name__ == "__main__":
    main()
