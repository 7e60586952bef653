"""The source tables of scripts/gazetteer/sources.py: which listing wins, which rows
count, what the candidate listings create; and RIC resolution over them."""
import unittest

import support
from gazetteer.registry import Entity, Registry
from gazetteer.rics import resolve_all_rics, resolve_ric
from gazetteer.sources import Reference, load_reference

SP2012 = "sp500_constituents_2012-12-27.csv"
SP2013 = "sp500_constituents_2013-10-05.csv"
SP2026 = "sp500_constituents_2026-08-08.csv"
NASDAQ = "nasdaq_listed_symbols.csv"
NYSE = "nyse_and_other_listed.csv"
STOXX = "stoxx600_constituents_2026-05_ric.csv"
MIB2024 = "ftsemib_constituents_2024-09.csv"
MIB2026 = "ftsemib_constituents_2026-07.csv"
MIL = "financedatabase_equities_MIL_borsa_italiana.csv"
PAR = "financedatabase_equities_PAR_euronext_paris_nosummary.csv"
FTSE100 = "ftse100_constituents_2026-07.csv"
DAX = "dax_constituents_2026-07.csv"


def nasdaq(symbol, name, etf="N", test="N"):
    return {"Symbol": symbol, "Company Name": name, "ETF": etf, "Test Issue": test}


def nyse(symbol, name, etf="N"):
    return {"ACT Symbol": symbol, "Company Name": name, "ETF": etf}


def fd(symbol, name, sector="Financials", country="Italy"):
    return {"symbol": symbol, "name": name, "sector": sector, "country": country}


class SourcesTest(unittest.TestCase):
    def load(self, files, companies=()):
        tmp = support.TempDir(self)
        ref = support.make_reference(tmp.join("ref"), files, companies)
        self.reg = Registry()
        self.us_names, self.symbol_names = load_reference(Reference(ref), self.reg)
        return self.reg

    def ric(self, ric):
        return resolve_ric(ric, self.reg, self.us_names, self.symbol_names)

    # --- US_NAMES: the first listing that names a ticker wins

    def test_us_ticker_takes_the_name_of_the_earliest_listing(self):
        self.load({
            SP2012: [{"Symbol": "WM", "Name": "Waste Management Inc."}],
            SP2026: [{"Symbol": "WM", "Security": "Waste Mgmt Today"},
                     {"Symbol": "NEW", "Security": "Newly Listed Corp"}],
            NASDAQ: [nasdaq("WM", "Some Other Company"), nasdaq("NQ", "Nasdaq Only Inc.")],
            NYSE: [nyse("NQ", "Nyse Loses Inc."), nyse("NY", "Nyse Only Corp")],
        }, companies=[{"name": "Pts Name", "symbol": "NEW", "country": "United States"}])
        want = {"WM": "Waste Management Inc.",   # 2012 list before today's
                "NEW": "Pts Name",               # pytickersymbols before the 2026 list
                "NQ": "Nasdaq Only Inc.",        # Nasdaq before NYSE
                "NY": "Nyse Only Corp"}
        for ticker, name in want.items():
            with self.subTest(ticker=ticker):
                self.assertEqual(self.us_names[ticker], name)
        self.assertEqual(self.ric("WM.N").name, "Waste Management")

    def test_pytickersymbols_names_us_tickers_only(self):
        self.load({}, companies=[
            {"name": "Alpha Co", "symbol": "AAA", "country": "United States", "akas": ["Alpha Aka"]},
            {"name": "Beta Co", "symbol": "BBB", "country": "Germany"}])
        self.assertEqual(self.us_names, {"AAA": "Alpha Co"})

    def test_rows_that_are_not_shares_give_no_names(self):
        self.load({NASDAQ: [nasdaq("ETFX", "Some ETF", etf="Y"), nasdaq("ZTST", "Test Issue", test="Y"),
                            nasdaq("NONAME", "")],
                   NYSE: [nyse("ETFY", "Another ETF", etf="Y")],
                   PAR: [fd("WARR.PA", "Warrant Thing", sector="")]})
        for t in ("ETFX", "ZTST", "NONAME", "ETFY"):
            self.assertNotIn(t, self.us_names)
        self.assertNotIn("WARR.PA", self.symbol_names)

    def test_share_classes_are_one_ticker_spelling(self):
        self.load({SP2013: [{"Symbol": "BRK-B", "Name": "Berkshire Hathaway"}]})
        e = self.ric("BRKb.N")
        self.assertEqual(e.name, "Berkshire Hathaway")
        self.assertIn("BRK.B", e.tickers)
        self.assertIn("BRKb.N", e.tickers)

    # --- SYMBOL_NAMES: the first mixed-case name wins

    def test_symbol_takes_the_first_mixed_case_name(self):
        self.load({STOXX: [{"Symbol": "GASI.MI", "Name": "ASSICURAZIONI GENERALI"},
                           {"Symbol": "BSAN.MC", "Name": "BCO SANTANDER"},
                           {"Symbol": "TWO.PA", "Name": "Stoxx Spelling"}],
                   PAR: [fd("GASI.MI", "Generali S.p.A.", country="France"),
                         fd("TWO.PA", "Paris Spelling SA", country="France")]},
                  companies=[{"name": "Yahoo Spelling", "yahoo": ["TWO.PA", "NODOT"]}])
        self.assertEqual(self.ric("GASI.MI").name, "Generali")          # later, but mixed case
        self.assertEqual(self.ric("BSAN.MC").name, "Bco Santander")     # upper only: title case
        self.assertEqual(self.ric("TWO.PA").name, "Yahoo Spelling")     # pytickersymbols first
        self.assertNotIn("NODOT", self.symbol_names)                    # only dotted Yahoo symbols

    def test_unknown_and_foreign_rics_stay_unresolved(self):
        self.load({SP2012: [{"Symbol": "XOM", "Name": "Exxon Mobil Corp."}]})
        unresolved = resolve_all_rics({"XOM.N": 5, "XOM.L": 2, "NOPE.N": 3, "XOM": 1},
                                      self.reg, self.us_names, self.symbol_names)
        self.assertEqual(dict(unresolved), {"XOM.L": 2, "NOPE.N": 3, "XOM": 1})
        self.assertIs(self.reg.by_ticker["XOM.N"], self.reg.get("Exxon Mobil"))

    def test_a_ric_bound_once_keeps_its_company(self):
        self.load({SP2012: [{"Symbol": "ABC", "Name": "First Abc Inc."}],
                   STOXX: [{"Symbol": "ABC.N", "Name": "Second Abc"}]})
        first = self.ric("ABC.N")   # the listed symbol wins over the bare ticker
        self.assertEqual(first.name, "Second Abc")
        self.assertIs(self.ric("ABC.N"), first)

    # --- CANDIDATES

    def test_candidates_are_created_up_front_with_their_aliases_and_tickers(self):
        reg = self.load({
            SP2012: [{"Symbol": "MSFT", "Name": "Microsoft Corp."}],
            MIB2024: [{"Symbol": "G.MI", "Name": "Generali"}],
            MIB2026: [{"Symbol": "G.MI", "Name": "Generali"}],
            MIL: [fd("G.MI", "Assicurazioni Generali S.p.A."), fd("XX.MI", "Foreign Co", country="France"),
                  fd("WNT.MI", "Generali Warrant", sector="")],
            FTSE100: [{"Symbol": "BARC.L", "Name": "Barclays PLC"}],
            DAX: [{"Symbol": "ADS.DE", "Name": "adidas AG"}],
        }, companies=[{"name": "Adidas", "symbol": "ADS", "country": "Germany", "akas": ["adidas AG"]},
                      {"name": "Apple", "symbol": "AAPL", "country": "United States",
                       "akas": ["Apple Inc."]}])
        names = sorted(e.name for e in reg.ents)
        self.assertEqual(names, ["Adidas", "Apple", "Barclays", "Generali", "Microsoft"])
        generali = reg.get("Generali")
        self.assertTrue(generali.ftsemib)                       # FTSE MIB: always in the output
        self.assertEqual(generali.sources, {"ftsemib", "mil"})  # the MIL row found it by ticker
        self.assertEqual(generali.tickers, ["G.MI"])
        self.assertEqual(generali.aliases, ["Generali", "Assicurazioni Generali S.p.A.",
                                            "Assicurazioni Generali", "Assicurazioni Generali SpA"])
        msft = reg.get("Microsoft")
        self.assertEqual(msft.tickers, ["MSFT"])
        self.assertIs(reg.us_bare["MSFT"], msft)
        self.assertFalse(msft.ftsemib)
        adidas = reg.get("adidas")
        self.assertEqual(adidas.sources, {"pts", "index"})
        self.assertEqual(adidas.tickers, ["ADS.DE"])       # a German pts symbol is no US ticker
        self.assertEqual(reg.get("Apple").tickers, ["AAPL"])
        self.assertIn("Apple Inc.", reg.get("Apple").aliases)
        self.assertNotIn("AAPL", reg.by_ticker)            # added, not bound


class RegistryTest(unittest.TestCase):
    def test_first_company_bound_to_a_ticker_keeps_it(self):
        reg = Registry()
        a, b = reg.get("Alpha"), reg.get("Beta")
        reg.bind_ticker(a, "X.N")
        reg.bind_ticker(b, "X.N")
        self.assertIs(reg.by_ticker["X.N"], a)
        self.assertEqual(b.tickers, ["X.N"])

    def test_merge_moves_everything_to_the_kept_company(self):
        reg = Registry()
        a, b = reg.get("Alpha Inc."), reg.get("Beta Corp")
        a.add("aliases", ["Alpha Inc."])
        b.add("aliases", ["Beta Corp", "Alpha Inc."])
        reg.bind_ticker(b, "B.N")
        reg.us_bare["B"] = b
        b.ftsemib = True
        b.counts["x"] = 2
        kept = reg.merge(a, b)
        self.assertIs(kept, a)
        self.assertEqual(a.aliases, ["Alpha Inc.", "Beta Corp"])
        self.assertIs(reg.by_ticker["B.N"], a)
        self.assertIs(reg.us_bare["B"], a)
        self.assertIs(reg.get("Beta"), a)
        self.assertTrue(a.ftsemib)
        self.assertEqual(a.counts["x"], 2)
        self.assertEqual(reg.ents, [a])

    def test_a_name_without_letters_is_no_company(self):
        self.assertIsNone(Registry().get("---"))
        self.assertIsInstance(Registry().get("Acme"), Entity)


if __name__ == "__main__":
    unittest.main()
