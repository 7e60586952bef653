"""The whole build on small made-up inputs: ranking, the cut, what is always kept,
the rows written, the checks, and the command line."""
import os
import subprocess
import sys
import unittest

import support
from gazetteer.build import BuildError, build, choose
from gazetteer.checks import problems
from gazetteer.registry import Registry
from gazetteer.writer import HEADER

SCRIPT = os.path.join(support.SOURCE_DIR, "scripts", "build_gazetteer.py")

REFERENCE = {
    "sp500_constituents_2012-12-27.csv": [
        {"Symbol": "XOM", "Name": "Exxon Mobil Corp."}, {"Symbol": "AAPL", "Name": "Apple Inc."},
        {"Symbol": "F", "Name": "Ford Motor Co"}, {"Symbol": "C", "Name": "Citigroup Inc."}],
    "ftsemib_constituents_2024-09.csv": [{"Symbol": "ENI.MI", "Name": "Eni"}],
    "ftsemib_constituents_2026-07.csv": [{"Symbol": "ENI.MI", "Name": "Eni"},
                                         {"Symbol": "G.MI", "Name": "Generali"}],
    "financedatabase_equities_MIL_borsa_italiana.csv": [
        {"symbol": "LDO.MI", "name": "Leonardo S.p.a.", "sector": "Industrials", "country": "Italy"},
        {"symbol": "TRN.MI", "name": "Terna", "sector": "Utilities", "country": "Italy"}],
}


def org(*rics):
    return {"title": "t", "body": "b", "orgs": list(rics)}


def text(body):
    return {"title": "Notizie", "body": body}


CORPUS = {
    "en-reuters-financial": [org("XOM.N", "XOM.N"), org("XOM.N"), org("XOM.N", "AAPL.O"),
                             org("F.N"), org("F.N", "C.N"), org("ZZZ.N")],
    "it-test": [text("Leonardo e Terna"), text("Il gruppo Leonardo"), text("la terna arbitrale"),
                text("una terna di nomi"), text("la terna finale")],
    # a subset of the others: never counted
    "sample-mixed": [text("Leonardo")] * 10,
}

OVERLAY = """\
# name\taliases\ttickers\tcontext\tflags\tmatch
TikTok\tTik Tok\t\tDouyin\t\t
Ford\tFord Motor Company\tF|F.N\t\tcommon\tFord Motor
Citigroup\t\t\t\tdrop\t
Apple\t\tAAPL.O\t\t\t
"""

# top 2 by mentions (Exxon 3; Ford and Leonardo 2, Ford first by name), the FTSE MIB
# members and the overlay's companies, without the dropped Citigroup
ROWS = [
    ("Apple", "Apple|Apple Inc.|Apple Inc", "AAPL|AAPL.O|AAPL.OQ", "", ""),
    ("Eni", "Eni", "ENI.MI", "", ""),
    ("Exxon Mobil", "Exxon Mobil|Exxon Mobil Corp.|Exxon Mobil Corp|Exxon Mobil Corporation",
     "XOM|XOM.N", "", ""),
    ("Ford", "Ford|Ford Motor Co|Ford Motor|Ford Motor Company", "F.N", "", "common"),
    ("Generali", "Generali", "G.MI", "", ""),
    ("TikTok", "TikTok|Tik Tok", "", "Douyin", ""),
]


class WithInputs(unittest.TestCase):
    def inputs(self, overlay=OVERLAY):
        tmp = support.TempDir(self)
        ref = support.make_reference(tmp.join("ref"), REFERENCE)
        corpus = support.make_corpus(tmp.join("corpus"), CORPUS)
        overrides = support.write_text(tmp.join("overlay.tsv"), overlay)
        return tmp, ref, corpus, overrides


class BuildTest(WithInputs):
    def test_rows(self):
        _, ref, corpus, overrides = self.inputs()
        result = build(ref, corpus, overrides, top=2)
        self.assertEqual(result.rows, ROWS)

    def test_ranking(self):
        _, ref, corpus, overrides = self.inputs()
        result = build(ref, corpus, overrides, top=2)
        counts = {e.name: dict(e.counts) for e in result.ranked if e.count}
        self.assertEqual(counts, {
            "Exxon Mobil": {"en-reuters-financial": 3},   # articles, not mentions
            "Ford": {"en-reuters-financial": 2},
            "Leonardo": {"it-test": 2},                   # sample-mixed not counted
            "Apple": {"en-reuters-financial": 1},
        })
        # "terna" is mostly an ordinary word in it-test: Terna's one capitalised mention is not counted
        self.assertEqual([e.count for e in result.ranked if e.name == "Terna"], [0])
        self.assertNotIn("Citigroup", [e.name for e in result.ranked])   # dropped
        self.assertEqual(dict(result.unresolved), {"ZZZ.N": 1})

    def test_top_n_moves_the_cut(self):
        _, ref, corpus, overrides = self.inputs()
        names = [r[0] for r in build(ref, corpus, overrides, top=3).rows]
        self.assertIn("Leonardo", names)
        names = [r[0] for r in build(ref, corpus, overrides, top=0).rows]
        self.assertEqual(names, ["Apple", "Eni", "Ford", "Generali", "TikTok"])

    def test_rows_the_tagger_would_misread_stop_the_build(self):
        _, ref, corpus, overrides = self.inputs(OVERLAY + "Oneandone\t1&1\t\t\t\t\n")
        with self.assertRaisesRegex(BuildError, r"Oneandone: alias '1&1' has no letter"):
            build(ref, corpus, overrides, top=2)

    def test_duplicate_names_stop_the_build(self):
        reg = Registry()
        a, b = reg.get("Acme Inc."), reg.get("Acme Europe")
        b.name = "Acme"
        a.override = b.override = True
        with self.assertRaisesRegex(BuildError, "duplicate canonical names: \\['Acme'\\]"):
            choose(reg, 10)


PROBLEMS = [
    # rows (name, aliases, tickers, context, flags) -> messages
    ([("Apple", "Apple|Apple Inc.", "AAPL", "Cupertino|la Mela", "common")], []),
    ([("Acme", "Acme|&", "", "", "")], ["Acme: alias '&' has no word the tagger can match"]),
    ([("Uno", "Uno|1&1", "", "", "")],
     ["Uno: alias '1&1' has no letter: the tagger would find it in numbers ('1 1')"]),
    ([("Tim", "TIM|Tim", "", "", ""), ("Telecom Italia", "Telecom Italia|TIM", "", "", "")],
     ["alias key 'tim' belongs to Telecom Italia, Tim: the tagger would tag all of them"]),
    ([("A", "A", "", "Redmond", ""), ("B", "B", "", "", ""), ("Microsoft", "Microsoft", "", "Redmond", "")],
     ["alias key 'redmond' belongs to A, Microsoft: the tagger would tag all of them"]),
    ([("A", "Alpha", "X.N|X", "", ""), ("B", "Beta", "X.N", "", "")],
     ["ticker 'X.N' belongs to A, B: the tagger would give it to one of them"]),
    # one company writing one key two ways is fine
    ([("Telecom Italia", "Telecom Italia|TIM|Tim|Telecom-Italia", "", "", "")], []),
]


class ChecksTest(unittest.TestCase):
    def test_problems(self):
        for rows, want in PROBLEMS:
            with self.subTest(rows=rows):
                self.assertEqual(problems(rows), want)


class CommandLineTest(WithInputs):
    def run_script(self, *args):
        return subprocess.run([sys.executable, "-B", SCRIPT, *args], capture_output=True,
                              encoding="utf-8")

    def test_writes_the_gazetteer_and_the_report(self):
        tmp, ref, corpus, overrides = self.inputs()
        out, report = tmp.join("out", "companies.tsv"), tmp.join("report.tsv")
        done = self.run_script("--ref", ref, "--corpus", corpus, "--overrides", overrides,
                               "--out", out, "--top", "2", "--report", report)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("6 companies", done.stderr)
        with open(out, encoding="utf-8", newline="") as f:
            self.assertEqual(f.read(), HEADER + "".join("\t".join(r) + "\n" for r in ROWS))
        with open(report, encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[1], "1\t3\tExxon Mobil\ten-reuters-financial=3\tsp500")
        self.assertIn("R\tXOM.N\tExxon Mobil", lines)
        self.assertEqual(lines[-1], "U\t1\tZZZ.N")

    def test_bad_overlay_is_refused_with_its_line(self):
        tmp, ref, corpus, overrides = self.inputs(OVERLAY + "Shell\t\t\t\tcomon\t\n")
        done = self.run_script("--ref", ref, "--corpus", corpus, "--overrides", overrides,
                               "--out", tmp.join("companies.tsv"))
        self.assertEqual(done.returncode, 1)
        self.assertRegex(done.stderr, r"^build_gazetteer.py: .*overlay.tsv:6: unknown flag 'comon'")
        self.assertFalse(os.path.exists(tmp.join("companies.tsv")))


if __name__ == "__main__":
    unittest.main()
