"""scripts/gazetteer/tokenizer.py: the port of the C++ tokenizer, on a table of cases.

The same table is run through the C++ tokenizer itself: each case is indexed with
rassegna-index and its words read back, in position order, with xapian-delve.
That part needs a build: CTest passes RASSEGNA_INDEX (the program) and
XAPIAN_DELVE; run by hand without them, it is skipped.
"""
import json
import os
import subprocess
import tempfile
import unittest

import support  # noqa: F401  (puts scripts/ on sys.path)
from gazetteer.tokenizer import alias_key, fold, ranking_words, tokenize

# text -> folded words, as indexer/analysis/tokenizer.cc makes them
# (the first block repeats tests/unit/analysis_test.cc)
TOKENIZE = [
    ("l'amministrazione", ["amministrazione"]),
    ("dell\u2019amministrazione", ["amministrazione"]),
    ("DELL'AMMINISTRAZIONE", ["amministrazione"]),
    ("un po\u2019 di tempo", ["un", "po", "di", "tempo"]),
    ("un po' di tempo", ["un", "po", "di", "tempo"]),
    ("Microsoft\u2019s cloud", ["microsoft", "cloud"]),
    ("Microsoft's cloud", ["microsoft", "cloud"]),
    ("we're here", ["we", "here"]),
    ("don't", ["dont"]),
    ("O'Brien", ["obrien"]),
    ("Perché CITTÀ società Nestlé", ["perche", "citta", "societa", "nestle"]),
    ("\ufb01nanza \uff29\uff22\uff2d Straße è", ["finanza", "ibm", "strasse", "e"]),
    ("perche\u0301", ["perche"]),
    ("il 3,5% e 2.5 milioni", ["il", "3,5", "e", "2.5", "milioni"]),
    ("e-commerce, S&P 500.", ["e", "commerce", "s", "p", "500"]),
    ("fine.", ["fine"]),
    ("x" * 65 + " ok", ["ok"]),
    # company names and the text around them
    ("Amazon.com Inc.", ["amazon", "com", "inc"]),
    ("AT&T e Mercedes-Benz", ["at", "t", "e", "mercedes", "benz"]),
    ("dell\u2019Eni, all'Enel, sull`Eni", ["eni", "enel", "eni"]),
    ("L'Oréal", ["oreal"]),
    ("Moody's, McDonald\u2019s e Macy`s Inc", ["moody", "mcdonald", "e", "macy", "inc"]),
    # U+02BC is in the C++ apostrophe list but is a letter (Lm): it stays inside the word
    ("Macy\u02bcs dell\u02bcEni", ["macy\u02bcs", "dell\u02bceni"]),
    ("Yahoo! I.B.M. 1&1", ["yahoo", "i", "b", "m", "1", "1"]),
    ("Sant'Anna quest'anno nessun'altra", ["anna", "anno", "altra"]),
    ("d'Alema's", ["alema"]),
    ("rock'n'roll", ["rocknroll"]),
    ("'Oracle' \u2018Oracle\u2019", ["oracle", "oracle"]),
    ("l' azienda, l'", ["l", "azienda", "l"]),
    ("l'1 ottobre", ["l", "1", "ottobre"]),   # no letter after the apostrophe: no elision
    ("1.000.000 e 3,5,7 e v.2", ["1.000.000", "e", "3,5,7", "e", "v", "2"]),
    ("naïve café Ærø", ["naive", "cafe", "ærø"]),
    ("日本 x_y", ["日本", "x", "y"]),
    ("² Ⅻ ½", []),                             # numbers that are not decimal digits are no words
    ("x" * 64, ["x" * 64]),                     # the limit is 64 bytes of the folded word
    ("è" * 40, ["e" * 40]),                     # 80 bytes as written, 40 folded
    ("日" * 21 + " " + "日" * 22, ["日" * 21]),   # 63 and 66 bytes
]

FOLD = [
    ("Città", "citta"),
    ("CITTÀ", "citta"),
    ("Straße", "strasse"),
    ("\ufb01", "fi"),
    ("\uff29\uff22\uff2d", "ibm"),
    ("\u0130stanbul", "istanbul"),   # İ: the dot above goes with the accents
    ("e\u0301", "e"),
    ("ÆØÅ", "æøa"),                  # Å is A and a ring above; Æ and Ø do not decompose
    ("Ω", "ω"),
]

ALIAS_KEY = [
    ("Gruppo di Redmond", "gruppo di redmond"),
    ("Microsoft Corp.", "microsoft corp"),
    ("Amazon.com, Inc.", "amazon com inc"),
    ("AT&T", "at t"),
    ("L'Oréal", "oreal"),
    ("Moody's", "moody"),
    ("cane a sei zampe", "cane a sei zampe"),
    ("&", ""),
]

# the ranking's own split: case kept, . & - inside a word kept
RANKING_WORDS = [
    ("Amazon.com Inc.", ["Amazon.com", "Inc"]),
    ("AT&T e Mercedes-Benz", ["AT&T", "e", "Mercedes-Benz"]),
    ("Fiat-Chrysler, 1&1", ["Fiat-Chrysler", "1&1"]),
    ("dell'Eni Moody's", ["dell", "Eni", "Moody", "s"]),
    ("Città x_y", ["Città", "x", "y"]),
    ("3,5 e 2.5", ["3", "5", "e", "2.5"]),
]


def terms(text):
    return [t.term for t in tokenize(text)]


class TokenizerTest(unittest.TestCase):
    def test_tokenize(self):
        for text, want in TOKENIZE:
            with self.subTest(text=text):
                self.assertEqual(terms(text), want)

    def test_offsets_point_at_the_word_as_written(self):
        text = "Il titolo dell\u2019Eni e Microsoft's"
        self.assertEqual([text[t.begin:t.end] for t in tokenize(text)],
                         ["Il", "titolo", "Eni", "e", "Microsoft"])
        other = "O'Brien 3,5"
        self.assertEqual([other[t.begin:t.end] for t in tokenize(other)], ["O'Brien", "3,5"])

    def test_fold(self):
        for text, want in FOLD:
            with self.subTest(text=text):
                self.assertEqual(fold(text), want)

    def test_alias_key(self):
        for text, want in ALIAS_KEY:
            with self.subTest(text=text):
                self.assertEqual(alias_key(text), want)

    def test_ranking_words(self):
        for text, want in RANKING_WORDS:
            with self.subTest(text=text):
                self.assertEqual(ranking_words(text), want)


def cxx_terms(index_program, delve_program, texts):
    """The words of each text as the C++ tokenizer makes them: one article a text,
    indexed without stemming (lang "de"), body words read back in position order."""
    with tempfile.TemporaryDirectory(prefix="gazetteer-tokens-") as tmp:
        src = os.path.join(tmp, "cases.jsonl")
        with open(src, "w", encoding="utf-8") as f:
            for i, text in enumerate(texts):
                f.write(json.dumps({"id": "case%d" % i, "title": "zzzz", "body": text,
                                    "lang": "de"}) + "\n")
        db = os.path.join(tmp, "db")
        subprocess.run([index_program, "-q", "--no-companies", "--db", db, src], check=True,
                       stdout=subprocess.DEVNULL)

        def delve(*args):
            return subprocess.run([delve_program, *args, db], check=True, capture_output=True,
                                  encoding="utf-8").stdout

        out = {}
        for record in range(1, len(texts) + 1):
            lines = delve("-r", str(record), "-1").splitlines()[1:]
            case = next(int(t[len("Qcase"):]) for t in lines if t.startswith("Qcase"))
            placed = []
            for term in lines:
                if not term or "A" <= term[0] <= "Z":  # prefixed: id, language, title words ...
                    continue
                positions = delve("-r", str(record), "-t", term).rsplit(":", 1)[1]
                placed += [(int(p), term) for p in positions.split()]
            placed.sort()
            out[case] = [t for _, t in placed[1:]]  # the first is the title, "zzzz"
        return [out[i] for i in range(len(texts))]


@unittest.skipUnless(os.environ.get("RASSEGNA_INDEX"),
                     "RASSEGNA_INDEX (the rassegna-index program) not set: run through CTest")
class AgreesWithTheCxxTokenizerTest(unittest.TestCase):
    def test_table_through_rassegna_index(self):
        texts = [text for text, _ in TOKENIZE]
        got = cxx_terms(os.environ["RASSEGNA_INDEX"], os.environ.get("XAPIAN_DELVE", "xapian-delve"),
                        texts)
        for (text, want), cxx in zip(TOKENIZE, got):
            with self.subTest(text=text):
                self.assertEqual(cxx, want, "the C++ tokenizer disagrees with this table")
                self.assertEqual(terms(text), cxx)


if __name__ == "__main__":
    unittest.main()
