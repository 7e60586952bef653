"""The overlay (scripts/gazetteer/overrides.py): reading it, and what each column does."""
import unittest

import support
from gazetteer.overrides import OverlayError, apply_overrides, load_overrides
from gazetteer.registry import Registry

HEADER = "# name\taliases\ttickers\tcontext\tflags\tmatch\n"


class LoadTest(unittest.TestCase):
    def load(self, text):
        tmp = support.TempDir(self)
        return load_overrides(support.write_text(tmp.join("overlay.tsv"), HEADER + text))

    def test_columns(self):
        rows = self.load("\n"
                         "Microsoft\tMicrosoft Corp| gruppo di Redmond |-MSFT Inc\tMSFT|MSFT.O\tRedmond\t\t\n"
                         "Oracle\t\t\t\tcommon, drop\tOracle Corporation\n"
                         "Short\tShort Co\n")
        self.assertEqual([r["name"] for r in rows], ["Microsoft", "Oracle", "Short"])
        self.assertEqual(rows[0]["aliases"], ["Microsoft Corp", "gruppo di Redmond", "-MSFT Inc"])
        self.assertEqual(rows[0]["tickers"], ["MSFT", "MSFT.O"])
        self.assertEqual(rows[0]["context"], ["Redmond"])
        self.assertEqual(rows[0]["line"], 3)
        self.assertEqual(rows[1]["flags"], ["common", "drop"])
        self.assertEqual(rows[1]["match"], ["Oracle Corporation"])
        self.assertEqual(rows[2]["tickers"], [])   # missing columns read as empty

    def test_unknown_flag_names_file_and_line(self):
        with self.assertRaisesRegex(OverlayError, r"overlay.tsv:3: unknown flag 'comon' \(known: common, drop, reset\)"):
            self.load("Apple\t\t\t\tcommon\t\nShell\t\t\t\tcomon\t\n")

    def test_row_without_name(self):
        with self.assertRaisesRegex(OverlayError, r"overlay.tsv:2: empty name"):
            self.load("\tAlias\n")


def row(name, aliases=(), tickers=(), context=(), flags=(), match=()):
    return {"name": name, "aliases": list(aliases), "tickers": list(tickers),
            "context": list(context), "flags": list(flags), "match": list(match), "line": 0}


class ApplyTest(unittest.TestCase):
    def test_new_company(self):
        reg = Registry()
        apply_overrides([row("TikTok", aliases=["Tik Tok"], context=["Douyin"])], reg)
        e = reg.get("TikTok")
        self.assertEqual((e.name, e.aliases, e.context, e.override), ("TikTok", ["Tik Tok"], ["Douyin"], True))

    def test_ric_selects_the_listing_company_and_renames_it(self):
        reg = Registry()
        listed = reg.get("International Bus. Machines")
        listed.add("aliases", ["International Bus. Machines"])
        reg.bind_ticker(listed, "IBM.N")
        apply_overrides([row("IBM", aliases=["Big Blue", "-International Bus. Machines"],
                             tickers=["IBM", "IBM.N"])], reg)
        self.assertEqual(len(reg.ents), 1)
        self.assertEqual(listed.name, "IBM")
        self.assertEqual(listed.aliases, ["Big Blue"])
        self.assertEqual(listed.tickers, ["IBM.N", "IBM"])
        self.assertIs(reg.get("IBM"), listed)
        self.assertIs(reg.get("International Bus. Machines", create=False), listed)  # old key kept

    def test_bare_ticker_selects_the_sp500_company_when_the_row_has_a_us_ric(self):
        reg = Registry()
        sp = reg.get("Exxon Mobil Corp.")
        reg.us_bare["XOM"] = sp
        apply_overrides([row("ExxonMobil", tickers=["XOM", "XOM.N"])], reg)
        self.assertEqual(sp.name, "ExxonMobil")
        other = reg.get("Acme Corp.")
        reg.us_bare["ACME"] = other
        apply_overrides([row("Acme Europe", tickers=["ACME", "ACME.L"])], reg)  # not a US RIC
        self.assertEqual(other.name, "Acme")
        self.assertEqual(reg.get("Acme Europe").tickers, ["ACME", "ACME.L"])

    def test_match_merges_listing_companies(self):
        reg = Registry()
        a, b = reg.get("Alphabet Inc."), reg.get("Google Inc.")
        a.add("aliases", ["Alphabet Inc."])
        b.add("aliases", ["Google Inc."])
        apply_overrides([row("Google", match=["Alphabet Inc."])], reg)
        self.assertEqual(len(reg.ents), 1)
        self.assertEqual(reg.ents[0].name, "Google")
        self.assertEqual(sorted(reg.ents[0].aliases), ["Alphabet Inc.", "Google Inc."])

    def test_reset_forgets_listing_names_and_bare_tickers(self):
        reg = Registry()
        e = reg.get("Waste Management Inc.")
        e.add("aliases", ["Waste Management Inc."])
        e.add("tickers", ["WM"])
        reg.bind_ticker(e, "WM.N")
        apply_overrides([row("Washington Mutual", aliases=["WaMu"], tickers=["WM.N"], flags=["reset"])], reg)
        self.assertEqual((e.name, e.aliases, e.tickers), ("Washington Mutual", ["WaMu"], ["WM.N"]))

    def test_ticker_removal_and_flags(self):
        reg = Registry()
        e = reg.get("Oracle Corporation")
        e.add("tickers", ["ORCL", "ORCL.N"])
        apply_overrides([row("Oracle", tickers=["-ORCL.N", "ORCL.O"], flags=["common"],
                             match=["Oracle Corporation"])], reg)
        self.assertEqual((e.tickers, e.flags), (["ORCL", "ORCL.O"], ["common"]))


if __name__ == "__main__":
    unittest.main()
