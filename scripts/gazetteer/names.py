"""Company names as the listings write them -> display names, merge keys and aliases.

Listings write one company many ways: "Microsoft Corp.", "MICROSOFT CORP",
"Apple Inc. - Common Stock", "Assicurazioni Generali S.p.A.".  Three functions
turn them into what the gazetteer needs:

  clean_name       the display name: legal form and share-class noise removed
                   ("Microsoft Corp." -> "Microsoft")
  name_key         the key under which two spellings are the same company
                   ("AT&T Inc." and "AT and T" -> "at and t")
  legal_variants   the surface forms worth keeping as aliases ("Microsoft Corp.",
                   "Microsoft", "Microsoft Corp", "Microsoft Corporation", ...)

tests/scripts/test_names.py holds input/output tables for each.
"""
import re

# Trailing legal-form words removed, one at a time from the end, to get a display name.
# Compared in lower case without a final dot; one whitespace-free word each (plus the
# Mexican "s.a.b. de c.v", which the tail pattern below reads as one).
LEGAL_TAIL = frozenset([
    "incorporated", "inc", "corporation", "corp", "company", "co", "companies",
    "limited", "ltd", "plc", "p.l.c", "llc", "l.p", "lp", "s.p.a", "spa", "s.c.p.a",
    "scpa", "ag", "se", "n.v", "nv", "s.a", "sa", "sa/nv", "s.a.b. de c.v", "ab",
    "asa", "oyj", "a/s", "aktiengesellschaft",
    "group", "grp", "holding", "holdings", "hldg", "hldgs", "the",
    "siiq", "s.r.l", "srl", "bhd", "berhad", "pte", "tbk", "nl",
])

# The last word of a name with what separates it from the rest (", " or " ").
_LAST_WORD = re.compile(r"[,\s]+([^,\s]+(?: de c\.v)?\.?)$", re.I)

# Share-class and security-type noise that exchange directories append to names:
# "Apple Inc. - Common Stock", "Alphabet Inc. Class A Common Stock", "... Warrants".
SHARE_NOISE = re.compile(
    r"\s+(-\s.*|common stock.*|class [a-z]\b.*|ordinary shares.*|american depositary.*|"
    r"depositary shares.*|new common.*|common shares.*|series [a-z]\b.*|units?\b.*|"
    r"warrants?\b.*|\(the\)|pref\b.*)$", re.I)

# Legal forms whose usual spellings are all added as aliases when a name ends in one.
_SPELLINGS = (
    (re.compile(r"\binc\.?$"), ("Inc", "Inc.")),
    (re.compile(r"\b(corp\.?|corporation)$"), ("Corp", "Corp.", "Corporation")),
    (re.compile(r"\b(s\.p\.a\.?|spa)$"), ("SpA", "S.p.A.")),
    (re.compile(r"\bplc$|\bp\.l\.c\.?$"), ("plc", "PLC")),
)


def squeeze(text):
    """Runs of whitespace (no-break spaces included) -> one space; ends trimmed."""
    return re.sub(r"\s+", " ", text).strip()


def clean_name(name):
    """Display name: without share-class noise, a leading "The" or trailing legal forms."""
    n = squeeze(name.replace("\u00a0", " "))
    n = SHARE_NOISE.sub("", n).strip()
    n = re.sub(r"^the\s+", "", n, flags=re.I)
    while True:
        m = _LAST_WORD.search(n)
        if not m:
            break
        tail = m.group(1).lower().rstrip(".")
        # never strip the whole name ("Group" stays "Group")
        if tail in LEGAL_TAIL and len(n) > len(m.group(0)):
            n = n[: m.start()].strip().rstrip(",").strip()
        else:
            break
    n = re.sub(r"\s*&\s*$", "", n)  # "JPMorgan Chase & Co." -> "JPMorgan Chase"
    return n.strip()


def name_key(name):
    """Merge key: the clean name in lower case, '&' read as 'and', punctuation as spaces.

    Only ASCII letters, digits and the Latin-1 letters à..ÿ survive: other letters
    ("ł", "ő") are dropped like punctuation.
    """
    n = clean_name(name).lower()
    n = n.replace("&", " and ")
    n = re.sub(r"[^0-9a-zà-ÿ]+", " ", n)
    return " ".join(n.split())


def legal_variants(raw):
    """Surface forms from one listing name: the name without share-class noise, its
    clean form, and the usual spellings of its legal form (Inc / Inc., Corp /
    Corp. / Corporation, SpA / S.p.A., plc / PLC).  Upper-case forms of several
    words longer than five characters ("BCO SANTANDER") are left out: STOXX-style
    short names, not how text writes the company."""
    r = SHARE_NOISE.sub("", squeeze(raw)).strip()
    if not r:
        return []
    base = clean_name(r)
    out = [r, base]
    low = r.lower()
    for pattern, spellings in _SPELLINGS:
        if pattern.search(low):
            out += [base + " " + s for s in spellings]
    res = []
    for x in out:
        x = x.rstrip(",").strip()
        if x and (x.upper() != x or len(x) <= 5 or len(x.split()) == 1):
            res.append(x)
    return res


def split_bar(s):
    """'a| b |' -> ['a', 'b']: a '|'-separated list, blanks dropped."""
    return [x.strip() for x in s.split("|") if x.strip()] if s else []
