"""Name cleaning of scripts/gazetteer/names.py as input -> output tables."""
import unittest

import support  # noqa: F401  (puts scripts/ on sys.path)
from gazetteer.names import clean_name, legal_variants, name_key, split_bar

CLEAN_NAME = [
    # listing name                                    display name
    ("Microsoft Corp.",                                "Microsoft"),
    ("Microsoft Corporation",                          "Microsoft"),
    ("The Coca-Cola Company",                          "Coca-Cola"),
    ("The Walt Disney Company (The)",                  "Walt Disney"),
    ("Apple Inc. - Common Stock",                      "Apple"),
    ("Alphabet Inc. Class A Common Stock",             "Alphabet"),
    ("Berkshire Hathaway Inc. Class B",                "Berkshire Hathaway"),
    ("Ferrari N.V. Common Shares",                     "Ferrari"),
    ("Eni S.p.A. - ADR",                               "Eni"),
    ("Assicurazioni Generali S.p.A.",                  "Assicurazioni Generali"),
    ("Leonardo S.p.a.",                                "Leonardo"),
    ("Poste Italiane SpA",                             "Poste Italiane"),
    ("Unipol Gruppo S.p.A.",                           "Unipol Gruppo"),  # Italian "Gruppo" stays
    ("Stellantis N.V.",                                "Stellantis"),
    ("HSBC Holdings plc",                              "HSBC"),            # two tails, one at a time
    ("Simon Property Group, Inc.",                     "Simon Property"),
    ("Banco Santander, S.A.",                          "Banco Santander"),
    ("JPMorgan Chase & Co.",                           "JPMorgan Chase"),  # the '&' left over goes too
    ("Procter & Gamble Co",                            "Procter & Gamble"),
    ("Johnson & Johnson",                              "Johnson & Johnson"),
    ("Cemex, S.A.B. de C.V.",                          "Cemex"),
    ("Fomento Economico Mexicano S.A.B. de C.V.",      "Fomento Economico Mexicano"),
    ("adidas AG",                                      "adidas"),
    ("Nokia Oyj",                                      "Nokia"),
    ("A.P. Møller - Mærsk A/S",                        "A.P. Møller"),     # " - ..." read as share noise
    ("  Ford\u00a0Motor   Co ",                        "Ford Motor"),
    ("Group",                                          "Group"),           # never the whole name
    ("Co",                                             "Co"),
    ("BCO SANTANDER",                                  "BCO SANTANDER"),
    ("Zions Bancorporation N.A.",                      "Zions Bancorporation N.A."),
    ("Telefonaktiebolaget LM Ericsson (publ)",         "Telefonaktiebolaget LM Ericsson (publ)"),
]

NAME_KEY = [
    ("Microsoft Corp.",              "microsoft"),
    ("MICROSOFT CORP",               "microsoft"),
    ("AT&T Inc.",                    "at and t"),
    ("AT and T",                     "at and t"),
    ("Coca Cola Co",                 "coca cola"),
    ("The Coca-Cola Company",        "coca cola"),
    ("Société Générale S.A.",        "société générale"),
    ("A.P. Møller - Mærsk A/S",      "a p møller"),
    ("Łódź Holdings",                "ód"),     # only Latin-1 letters survive: ł and ź are dropped
    ("Zions Bancorporation N.A.",    "zions bancorporation n a"),
    ("Inc.",                         "inc"),
    ("---",                          ""),
]

LEGAL_VARIANTS = [
    ("Microsoft Corp.",
     ["Microsoft Corp.", "Microsoft", "Microsoft Corp", "Microsoft Corp.", "Microsoft Corporation"]),
    ("Apple Inc. - Common Stock", ["Apple Inc.", "Apple", "Apple Inc", "Apple Inc."]),
    ("Eni SpA", ["Eni SpA", "Eni", "Eni SpA", "Eni S.p.A."]),
    ("Anglo American PLC", ["Anglo American PLC", "Anglo American", "Anglo American plc",
                            "Anglo American PLC"]),
    ("HSBC Holdings plc", ["HSBC Holdings plc", "HSBC", "HSBC plc"]),  # "HSBC PLC": the rule below
    ("Bank of America Corporation", ["Bank of America Corporation", "Bank of America",
                                     "Bank of America Corp", "Bank of America Corp.",
                                     "Bank of America Corporation"]),
    ("Banco Santander, S.A.", ["Banco Santander, S.A.", "Banco Santander"]),
    ("Stellantis N.V.", ["Stellantis N.V.", "Stellantis"]),
    # upper-case names of several words are STOXX short names, not text: left out ...
    ("BCO SANTANDER", []),
    ("ASSICURAZIONI GENERALI", []),
    # ... unless short or one word
    ("ENI SPA", ["ENI", "ENI SpA", "ENI S.p.A."]),
    ("3M CO", ["3M CO", "3M"]),
    ("TELECOM", ["TELECOM", "TELECOM"]),
    ("Ford Motor Co - Warrants", ["Ford Motor Co", "Ford Motor"]),
    ("Common Stock", ["Common Stock", "Common Stock"]),
    ("   ", []),
]

SPLIT_BAR = [
    ("", []),
    ("a", ["a"]),
    ("a| b |", ["a", "b"]),
    ("|||", []),
    ("gruppo di Redmond|Big Blue", ["gruppo di Redmond", "Big Blue"]),
]


class NamesTest(unittest.TestCase):
    def check_table(self, fn, table):
        for given, want in table:
            with self.subTest(given=given):
                self.assertEqual(fn(given), want)

    def test_clean_name(self):
        self.check_table(clean_name, CLEAN_NAME)

    def test_name_key(self):
        self.check_table(name_key, NAME_KEY)

    def test_legal_variants(self):
        self.check_table(legal_variants, LEGAL_VARIANTS)

    def test_split_bar(self):
        self.check_table(split_bar, SPLIT_BAR)

    def test_clean_name_is_idempotent(self):
        for given, want in CLEAN_NAME:
            with self.subTest(given=given):
                self.assertEqual(clean_name(want), want)

    def test_spellings_of_one_company_share_a_key(self):
        for group in (["Microsoft Corp.", "Microsoft Corporation", "MICROSOFT CORP", "Microsoft"],
                      ["Eni S.p.A.", "Eni SpA", "ENI SPA", "Eni"],
                      ["The Walt Disney Company (The)", "Walt Disney Co.", "WALT DISNEY"]):
            with self.subTest(group=group):
                self.assertEqual(len({name_key(n) for n in group}), 1)


if __name__ == "__main__":
    unittest.main()
