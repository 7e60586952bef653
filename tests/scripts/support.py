"""Shared by the tests of scripts/gazetteer: the package on sys.path, and small
reference folders and corpora written to a temporary directory."""
import csv
import gzip
import json
import os
import sys
import tempfile

SOURCE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(SOURCE_DIR, "scripts"))
sys.dont_write_bytecode = True

from gazetteer import sources  # noqa: E402


def write_csv(path, rows, columns):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=columns)
        w.writeheader()
        for r in rows:
            w.writerow(r)


def pytickersymbols_yaml(companies):
    """The YAML layout parse_pytickersymbols reads, from dicts with name, symbol,
    country, yahoo (list) and akas (list)."""
    lines = ["indices:", "- name: DAX", "companies:"]
    for c in companies:
        lines.append("- name: %s" % c["name"])
        lines.append("  symbol: %s" % c.get("symbol", ""))
        lines.append("  country: %s" % c.get("country", ""))
        lines.append("  symbols:")
        for y in c.get("yahoo", []):
            lines.append("  - yahoo: %s" % y)
            lines.append("    google: X:%s" % y)
        if c.get("akas"):
            lines.append("  akas:")
            for a in c["akas"]:
                lines.append("  - %s" % a)
    return "\n".join(lines) + "\n"


def _listings():
    for listing in sources.US_NAMES + sources.SYMBOL_NAMES:
        yield listing
    for cand in sources.CANDIDATES:
        yield cand.listing


def make_reference(folder, files=None, companies=()):
    """A reference folder with every listing the tables name: `files` maps a file
    name to its rows (dicts); the others hold a header only.  `companies` are the
    pytickersymbols entries."""
    files = dict(files or {})
    os.makedirs(folder, exist_ok=True)
    columns = {}
    for listing in _listings():
        base = listing.file.partition("#")[0]
        if base == sources.PYTICKERSYMBOLS or "*" in base:
            continue
        columns.setdefault(base, [listing.symbol, listing.name])
    for name, rows in files.items():
        cols = list(columns.get(name, []))
        for r in rows:
            cols += [k for k in r if k not in cols]
        columns[name] = cols
    for name, cols in columns.items():
        write_csv(os.path.join(folder, name), files.get(name, []), cols)
    with open(os.path.join(folder, sources.PYTICKERSYMBOLS), "w", encoding="utf-8") as f:
        f.write(pytickersymbols_yaml(companies))
    return folder


def make_corpus(folder, files):
    """Gzipped JSON Lines files: `files` maps a base name to its articles (dicts)."""
    os.makedirs(folder, exist_ok=True)
    for base, articles in files.items():
        with gzip.open(os.path.join(folder, base + ".jsonl.gz"), "wt", encoding="utf-8") as f:
            for a in articles:
                f.write(json.dumps(a) + "\n")
    return folder


def write_text(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


class TempDir:
    """A temporary folder for one test case (unittest: self.tmp = TempDir(self))."""

    def __init__(self, case):
        self._dir = tempfile.TemporaryDirectory(prefix="gazetteer-test-")
        case.addCleanup(self._dir.cleanup)
        self.path = self._dir.name

    def join(self, *parts):
        return os.path.join(self.path, *parts)
