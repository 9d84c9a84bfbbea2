#!/usr/bin/env python3
"""Seed corpora for the fuzz targets from tests/fixtures (samples, input variants, rule fixtures).

Writes fuzz/corpus/{check,sheet,amount}/ (git-ignored). Each fixture directory becomes one `check`
seed in the format of split.rs: files joined by 0x1E 0x1D, each led by its extension's index."""
import csv, hashlib, io, os, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures"
SEPARATOR = b"\x1e\x1d"
EXTENSIONS = [".csv", ".txt", ".xlsx", ".xls", ".tsv", ".md", "", ".CSV"]
MAX_FILES = 8


def ext_index(name):
    suffix = Path(name).suffix
    return EXTENSIONS.index(suffix) if suffix in EXTENSIONS else 6


def write(target, data):
    d = HERE / "corpus" / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main():
    dirs = sorted({p.parent for p in FIXTURES.rglob("*") if p.is_file()})
    cells = set()
    for d in dirs:
        files = sorted(p for p in d.iterdir() if p.is_file() and not p.name.endswith(".json")
                       and p.suffix not in (".py",) and p.name != "README.md")
        if not files:
            continue
        # Several seeds per directory when it holds more files than one input carries.
        for start in range(0, len(files), MAX_FILES):
            chunk = files[start:start + MAX_FILES]
            write("check", SEPARATOR.join(bytes([ext_index(p.name)]) + p.read_bytes() for p in chunk))
        for p in files:
            data = p.read_bytes()
            if p.suffix.lower() in (".csv", ".txt", ".tsv", ".md"):
                write("sheet", data)
                try:
                    text = data.decode("utf-8-sig")
                except UnicodeDecodeError:
                    continue
                for row in csv.reader(io.StringIO(text)):
                    cells.update(c for c in row if len(c) < 40)
    for c in sorted(cells)[:3000]:
        write("amount", c.encode())
    for c in ["1,234.56", "（1.20）", "１２３.４５", "-", "—", ".5", "+5", "3.5万", "1,2.3", "16.9.0",
              "9999999999999999999999999999", "0.0000000000000000000000000001", "(1)", "12%"]:
        write("amount", c.encode())
    for t in ("check", "sheet", "amount"):
        print(t, len(list((HERE / "corpus" / t).iterdir())))


if __name__ == "__main__":
    sys.exit(main())
