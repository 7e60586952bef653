#!/usr/bin/env python3
"""Known-item query sets for measuring ranking, made from the shared corpora, deterministically.

  make_sets.py [--corpus-dir ../shared/corpus] [--out-dir bench/quality/sets] [--only NAME ...]
  make_sets.py --check        regenerate in memory and compare with the committed files

A known-item query is what someone types to find again one article they have read. For each
set: shuffle the corpus's articles with a fixed seed; for each article, draw 2-4 of its words
the way a searcher recalls them, type them the way people type, and keep the query when it is
ambiguous enough for ranking to matter. The article's id is the one right answer.

Words: letter runs of title and body, lower-cased, split at apostrophes (so Italian elided
words come bare: dell'amministrazione -> amministrazione; English possessives lose the 's).
A word can be drawn when it has 3+ letters, is not in the stopword list below, appears in at
least MIN_DF articles and at most MAX_DF_SHARE of them, and is salient in the article (it is
in the title or occurs at least twice: what a reader remembers). It is drawn with weight
tf x idf (its count in the article times log(N / df)), without replacement: the discriminative
words of the article, as Azzopardi, de Rijke and Balog's simulated known-item queries (2007).

Typing (each drawn word, independently, with the set's random generator):
  * accents: an Italian word with an accent loses it with probability P_ACCENT (citta, perche);
  * another inflection: with probability P_INFLECT the word is replaced by another form that
    exists in the same corpus (Italian: other final vowel, -co/-chi, -io/-i ...; English:
    plural -s/-es/-ies, -ed, -ing), the most frequent such form;
  * English possessive: a word the article writes as a possessive (Reagan's) is typed with
    its s glued on (reagans) with probability P_POSSESSIVE.

A query is kept when its words, as written in the article, all occur in at least MIN_MATCHES
articles of the corpus (so the target has competitors to be ranked against), no other of those
articles is a near copy of the target (Jaccard of word sets >= NEAR_COPY), and it is not a
repeat. Targets alternate between the test set (reported) and the dev set (for tuning), so
the two never share an article.

Output per set and split, in OUT_DIR: <name>-<split>-<lang>.tsv with a header line, then
query TAB target id TAB matches (articles having all the words as written) TAB typing tags.
"""
import argparse
import array
import collections
import gzip
import json
import math
import os
import random
import re
import sys
import unicodedata

SEED = 20250110

# name: (language, queries per split)
SETS = {
    "it-covid-news-2020": ("it", 300),
    "it-dice": ("it", 200),
    "reuters21578": ("en", 300),
    "en-reuters-financial": ("en", 300),
}

MIN_DF = 3
MAX_DF_SHARE = 0.05
MIN_BODY_WORDS = 40
MIN_MATCHES = 2
NEAR_COPY = 0.7
WORDS_IN_QUERY = ((2, 0.45), (3, 0.4), (4, 0.15))
DRAWS_PER_ARTICLE = 4
P_ACCENT = 0.5
P_INFLECT = 0.2
P_POSSESSIVE = 0.5

STOPWORDS = {
    "en": """the and for with that this from are was were has have had been being its not but
        which who whom what when where why how will would can could may might should shall must said
        says say about after before over under into out than then also they them their there these
        those his her him she you your our ours any all each some other more most only very just such
        own same both either neither one two three four five six seven eight nine ten new year years
        last first next per inc corp ltd mln bln pct dlrs cts reuter reuters billion million percent
        company companies yet still already around among between through during against without within
        upon onto off again further once here now even ever never always often much many few less
        least well back made make makes making take taken took get got give given told tell added
        including include includes since until while because though although whether however thus
        therefore instead rather quite almost also again did does doing done due like way ways""".split(),
    "it": """il lo la gli le un uno una di da in con su per tra fra che chi cui non si ci vi ne
        sono era erano essere stato stata stati state ha hanno ho aveva avevano del dello della dei
        degli delle dell al allo alla ai agli alle all dal dallo dalla dai dagli dalle dall nel nello
        nella nei negli nelle nell sul sullo sulla sui sugli sulle sull come anche più piu questo
        questa questi queste quello quella quelli quelle quest quell suo sua suoi sue loro lui lei
        noi voi io tu se perché perche quando dove mentre dopo prima ancora già gia solo ogni tutto
        tutti tutta tutte molto poi così cosi fa fatto fare può puo anni anno oggi ieri due tre
        secondo verso senza sempre altro altri altra altre alcuni nostro nostra essere sta stanno
        cosa quale quali quanto qui però pero oltre invece quindi infatti inoltre mai nulla niente
        qualche alcune ciò cio dei tanto tanta tanti tante stesso stessa stessi stesse proprio propria
        ecco dunque circa ora allora presso durante contro entro sopra sotto dentro fuori insieme già
        sarà sara sarebbe sarebbero saranno essere stata siamo siete fosse fossero abbia abbiano
        avere avuto avrà avra può possono potrebbe deve devono dovrà dovra viene vengono stati""".split(),
}

LETTERS = r"[^\W\d_]+"
TOKEN = re.compile(LETTERS + r"(?:['’]" + LETTERS + r")*")


def strip_accents(word):
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def words(text, lang):
    """Yield (word, possessive) for the letter runs of `text`, lower-cased."""
    for m in TOKEN.finditer(text):
        parts = re.split(r"['’]", m.group(0).lower())
        if lang == "en" and len(parts) == 2 and parts[1] == "s":
            yield parts[0], True
            continue
        for p in parts:
            yield p, False


class Corpus:
    def __init__(self, path, lang):
        self.ids, self.titles = [], []
        self.tf = []            # per article: Counter of words (title + body)
        self.possessive = []    # per article: set of words written as possessives
        self.body_words = []
        self.df = collections.Counter()
        for line in gzip.open(path, "rt", encoding="utf-8") if path.endswith(".gz") else open(path, encoding="utf-8"):
            if not line.strip():
                continue
            d = json.loads(line)
            if (d.get("lang") or "en")[:2] != lang:
                continue
            tf, poss, nbody = collections.Counter(), set(), 0
            for field in ("title", "body"):
                for w, p in words(d.get(field) or "", lang):
                    tf[w] += 1
                    if p:
                        poss.add(w)
                    nbody += field == "body"
            self.ids.append(str(d["id"]))
            self.titles.append(d.get("title") or "")
            self.tf.append(tf)
            self.possessive.append(poss)
            self.body_words.append(nbody)
            self.df.update(tf.keys())
        self.n = len(self.ids)
        self.postings = collections.defaultdict(lambda: array.array("I"))
        for i, tf in enumerate(self.tf):
            for w in tf:
                self.postings[w].append(i)

    def matches(self, ws):
        lists = sorted((self.postings[w] for w in ws), key=len)
        found = set(lists[0])
        for lst in lists[1:]:
            found &= set(lst)
            if not found:
                break
        return found


def inflections(word, lang):
    """Other forms of `word` by the regular suffix rules of its language (not all exist)."""
    out = []
    if lang == "it":
        if word[-1] in "aeio":
            base = word[:-1]
            out += [base + v for v in "aeio" if base + v != word]
            if base.endswith(("c", "g")):
                out += [base + "h" + v for v in "ei"]
            if base.endswith(("ch", "gh")):
                out += [base[:-1] + v for v in "ao"]
            if word.endswith("io"):
                out.append(word[:-1])
            if word.endswith("i") and not word.endswith("ii"):
                out.append(word + "o")
    else:
        if word.endswith("ies"):
            out.append(word[:-3] + "y")
        elif word.endswith("es"):
            out += [word[:-2], word[:-1]]
        elif word.endswith("s") and not word.endswith("ss"):
            out.append(word[:-1])
        else:
            out += [word + "s", word + "es"]
            if word.endswith("y"):
                out.append(word[:-1] + "ies")
        if word.endswith("ed"):
            out += [word[:-2], word[:-1], word[:-2] + "ing", word[:-2] + "s"]
        elif word.endswith("ing"):
            out += [word[:-3], word[:-3] + "e", word[:-3] + "ed"]
        elif not word.endswith("s"):
            out += [word + "ed", word + "d", word + "ing"]
    return [w for w in dict.fromkeys(out) if w != word and len(w) >= 3]


def type_word(word, lang, corpus, article, rng):
    """The word as someone types it, and the tags of what changed."""
    tags = []
    typed = word
    if lang == "en" and word in corpus.possessive[article] and rng.random() < P_POSSESSIVE:
        return word + "s", ["possessive"]
    if rng.random() < P_INFLECT:
        forms = [w for w in inflections(word, lang) if corpus.df.get(w, 0) > 0]
        if forms:
            typed = max(forms, key=lambda w: (corpus.df[w], w))
            tags.append("inflection")
    if lang == "it" and strip_accents(typed) != typed and rng.random() < P_ACCENT:
        typed = strip_accents(typed)
        tags.append("accent")
    return typed, tags


def weighted_sample(items, weights, k, rng):
    items, weights = list(items), list(weights)
    out = []
    for _ in range(min(k, len(items))):
        r = rng.random() * sum(weights)
        acc = 0.0
        for i, w in enumerate(weights):
            acc += w
            if r < acc:
                break
        out.append(items.pop(i))
        weights.pop(i)
    return out


def jaccard(a, b):
    sa, sb = set(a), set(b)
    return len(sa & sb) / max(1, len(sa | sb))


def make_set(name, lang, n, corpus, stop):
    rng = random.Random("%d-%s" % (SEED, name))
    order = list(range(corpus.n))
    rng.shuffle(order)
    max_df = max(MIN_DF, int(corpus.n * MAX_DF_SHARE))
    splits = {"test": [], "dev": []}
    seen = set()
    for article in order:
        if all(len(v) >= n for v in splits.values()):
            break
        if corpus.body_words[article] < MIN_BODY_WORDS:
            continue
        tf = corpus.tf[article]
        in_title = {w for w, _ in words(corpus.titles[article], lang)}
        cands = sorted(w for w in tf if len(w) >= 3 and w not in stop and MIN_DF <= corpus.df[w] <= max_df
                       and (w in in_title or tf[w] >= 2))
        if len(cands) < 4:
            continue
        weights = [tf[w] * math.log(corpus.n / corpus.df[w]) for w in cands]
        for _ in range(DRAWS_PER_ARTICLE):
            r, acc = rng.random(), 0.0
            for k, p in WORDS_IN_QUERY:
                acc += p
                if r < acc:
                    break
            chosen = weighted_sample(cands, weights, k, rng)
            found = corpus.matches(chosen)
            if len(found) < MIN_MATCHES:
                continue
            if any(o != article and jaccard(corpus.tf[o], tf) >= NEAR_COPY for o in found):
                break  # the article has a near copy: no one right answer
            first = {}
            for w, _ in words(corpus.titles[article], lang):
                first.setdefault(w, len(first))
            chosen.sort(key=lambda w: (first.get(w, 1 << 30), w))
            typed, tags = [], []
            for w in chosen:
                t, tg = type_word(w, lang, corpus, article, rng)
                typed.append(t)
                tags += tg
            q = " ".join(typed)
            if q in seen or len(set(typed)) < len(typed):
                continue
            seen.add(q)
            split = "test" if len(splits["test"]) <= len(splits["dev"]) else "dev"
            if len(splits[split]) >= n:
                split = "dev" if split == "test" else "test"
            splits[split].append((q, corpus.ids[article], len(found), ",".join(sorted(set(tags))) or "-"))
            break
    return splits


def render(name, lang, split, rows):
    lines = ["# %s %s (%s): query\ttarget\tmatches-as-written\ttyping; made by bench/quality/make_sets.py, seed %d"
             % (name, split, lang, SEED)]
    lines += ["\t".join(str(x) for x in r) for r in rows]
    return "\n".join(lines) + "\n"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus-dir", default=os.path.normpath(os.path.join(here, "../../../shared/corpus")))
    ap.add_argument("--out-dir", default=os.path.join(here, "sets"))
    ap.add_argument("--only", nargs="*", default=None, help="set names (default: all)")
    ap.add_argument("--check", action="store_true", help="compare with the files in --out-dir, write nothing")
    a = ap.parse_args()
    differ = 0
    for name, (lang, n) in SETS.items():
        if a.only and name not in a.only:
            continue
        path = os.path.join(a.corpus_dir, name + ".jsonl.gz")
        if not os.path.exists(path):
            print("%s: corpus %s is absent, skipped" % (name, path), file=sys.stderr)
            continue
        corpus = Corpus(path, lang)
        splits = make_set(name, lang, n, corpus, set(STOPWORDS[lang]))
        for split, rows in splits.items():
            out = os.path.join(a.out_dir, "%s-%s-%s.tsv" % (name, split, lang))
            text = render(name, lang, split, rows)
            tags = collections.Counter(t for r in rows for t in r[3].split(",") if t != "-")
            sizes = collections.Counter(len(r[0].split()) for r in rows)
            typed = sum(r[3] != "-" for r in rows)
            print("%s %s: %d queries, words %s, %d retyped %s, median matches %d"
                  % (name, split, len(rows), dict(sorted(sizes.items())), typed, dict(tags),
                     sorted(r[2] for r in rows)[len(rows) // 2] if rows else 0), file=sys.stderr)
            if a.check:
                old = open(out, encoding="utf-8").read() if os.path.exists(out) else None
                if old != text:
                    print("  differs from %s" % out, file=sys.stderr)
                    differ += 1
            else:
                os.makedirs(a.out_dir, exist_ok=True)
                with open(out, "w", encoding="utf-8") as fh:
                    fh.write(text)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
