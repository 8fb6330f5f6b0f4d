#!/usr/bin/env python3
"""xls_compare.py - every cell of every sheet of .xls files as loglab's .xls
reader writes it (xls_dump: the CSV text handed to the CSV reader) against
xlrd's reading of the same cell (xlrd 1.2, which reads .xls).

Usage: xls_compare.py XLS_DUMP FILE...   Prints one line per file (read,
refused by both, or the cells that differ) and a summary; exits 1 when a
cell differs or a file one reader reads the other refuses.

What is compared, as the CSV export shows a cell: text as is; numbers equal
as doubles; dates (xlrd's XL_CELL_DATE) as the ISO stamp of xlrd's datetime,
date only or time only as loglab writes them, an elapsed [h]:mm:ss as its
seconds; booleans as true/false; errors as empty fields. Rows without a
cell are left out, as loglab leaves them out; every row is as wide as the
widest.
"""
import csv
import datetime
import io
import subprocess
import sys

import xlrd


def expected_rows(sh):
    """{row: {col: cell}} of the cells that hold a value."""
    rows = {}
    for r in range(sh.nrows):
        for c in range(sh.ncols):
            cell = sh.cell(r, c)
            if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                continue
            rows.setdefault(r, {})[c] = cell
    return rows


def parse_stamp(s):
    for fmt in ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%H:%M:%S"):
        try:
            return datetime.datetime.strptime(s, fmt)
        except ValueError:
            pass
    return None


def same(cell, got, datemode):
    t = cell.ctype
    if t == xlrd.XL_CELL_TEXT:
        return got == cell.value
    if t == xlrd.XL_CELL_BOOLEAN:
        return got == ("true" if cell.value else "false")
    if t == xlrd.XL_CELL_ERROR:
        return got == ""
    if t == xlrd.XL_CELL_NUMBER:
        try:
            return float(got) == cell.value
        except ValueError:
            return False
    if t == xlrd.XL_CELL_DATE:
        parts = got.split(":")
        if len(parts) == 3 and "-" not in got and int(parts[0]) >= 24:
            return abs(int(parts[0]) * 3600 + int(parts[1]) * 60 + int(parts[2]) - cell.value * 86400) < 1
        try:
            want = xlrd.xldate_as_datetime(cell.value, datemode)
        except Exception:
            # a serial xlrd cannot place (negative, before 1900-03-01):
            # loglab writes the number
            try:
                return float(got) == cell.value
            except ValueError:
                return False
        stamp = parse_stamp(got)
        if stamp is None:
            return False
        if stamp.year == 1900 and stamp.month == 1 and stamp.day == 1 and len(got) == 8:
            return stamp.time() == want.time() or abs(
                (stamp.hour * 3600 + stamp.minute * 60 + stamp.second) - round(cell.value * 86400)) < 1
        return abs((stamp - want).total_seconds()) < 0.002
    return False


def compare_sheet(dump, path, sh, datemode, out):
    want = expected_rows(sh)
    p = subprocess.run([dump, path, sh.name], capture_output=True)
    if p.returncode != 0:
        if not want:
            return 0, 0  # an empty sheet: loglab names it, holds no cells
        out.append("  sheet %r: refused: %s" % (sh.name, p.stderr.decode(errors="replace").strip()))
        return 0, 1
    got = list(csv.reader(io.StringIO(p.stdout.decode("utf-8", errors="replace"), newline="")))
    keys = sorted(want)
    width = max((max(r) + 1 for r in want.values()), default=0)
    bad = 0
    cells = 0
    if len(got) != len(keys):
        out.append("  sheet %r: %d rows, xlrd %d" % (sh.name, len(got), len(keys)))
        bad += 1
    for i, r in enumerate(keys[: len(got)]):
        row = got[i]
        if len(row) != width:
            out.append("  sheet %r row %d: %d fields, xlrd %d wide" % (sh.name, r + 1, len(row), width))
            bad += 1
        for c in range(min(width, len(row))):
            cell = want[r].get(c)
            cells += 1
            if cell is None:
                if row[c] != "":
                    out.append("  sheet %r %s: %r, xlrd none" % (sh.name, xlrd.cellname(r, c), row[c]))
                    bad += 1
            elif not same(cell, row[c], datemode):
                out.append("  sheet %r %s: %r, xlrd %r (type %d)" % (sh.name, xlrd.cellname(r, c), row[c],
                                                                  cell.value, cell.ctype))
                bad += 1
    return cells, bad


def main():
    dump, files = sys.argv[1], sys.argv[2:]
    totals = {"read": 0, "refused": 0, "cells": 0, "mismatches": 0, "disagree": 0}
    for path in files:
        out = []
        try:
            book = xlrd.open_workbook(path, on_demand=False)
        except Exception as e:
            book = None
            why = str(e).splitlines()[0] if str(e) else type(e).__name__
        if book is None:
            p = subprocess.run([dump, path], capture_output=True)
            if p.returncode == 0:
                print("%s: loglab reads it, xlrd refuses (%s)" % (path, why))
                totals["disagree"] += 1
            else:
                print("%s: refused by both (xlrd: %s; loglab: %s)" % (path, why,
                                                                     p.stderr.decode(errors="replace").strip()))
                totals["refused"] += 1
            continue
        cells = bad = 0
        for sh in book.sheets():
            c, b = compare_sheet(dump, path, sh, book.datemode, out)
            cells += c
            bad += b
        totals["read"] += 1
        totals["cells"] += cells
        totals["mismatches"] += bad
        print("%s: %d sheets, %d cells compared, %d differ" % (path, book.nsheets, cells, bad))
        for line in out[:20]:
            print(line)
    print("summary: %(read)d read by xlrd, %(refused)d refused by both, %(disagree)d refused by xlrd only; "
          "%(cells)d cells compared, %(mismatches)d differ" % totals)
    return 1 if totals["mismatches"] or totals["disagree"] else 0


if __name__ == "__main__":
    sys.exit(main())
