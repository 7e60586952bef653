"""How often the corpora mention each company: the ranking that picks the --top N.

en-reuters-financial: the articles whose `orgs` carry one of the company's RICs.
Every other *.jsonl.gz file: the articles whose title or body contain one of its
aliases, case-sensitively, as whole words (tokenizer.ranking_words).  A company
whose only one-word alias is seen more often in lower case than capitalised in a
file ("apple", "shell") gets no count from that file.
"""
import glob
import gzip
import json
import os
from collections import Counter

from .rics import REUTERS_FINANCIAL
from .tokenizer import ranking_words

# A subset of the other files: counting it would count articles twice.
SKIPPED_FILES = ("sample-mixed",)


def _alias_index(reg):
    """Alias words (tuple) -> ids of the entities with that alias."""
    index = {}
    for e in reg.ents:
        # companies known only from a RIC are ranked by their RIC counts only
        if "drop" in e.flags or e.sources == {"ric"}:
            continue
        for a in set(e.aliases):
            words = ranking_words(a)
            if not words or len(a) < 3:
                continue
            # "gruppo di Redmond": an alias starting in lower case is not counted
            if not any(ch.isupper() or ch.isdigit() for ch in words[0]):
                continue
            index.setdefault(tuple(words), set()).add(id(e))
    return index


def _count_orgs(fn, base, reg):
    with gzip.open(fn, "rt", encoding="utf-8") as f:
        for line in f:
            hit = {}
            for ric in json.loads(line).get("orgs") or []:
                e = reg.by_ticker.get(ric)
                if e is not None:
                    hit[id(e)] = e
            for e in hit.values():
                e.counts[base] += 1


def _count_text(fn, base, reg, index):
    by_id = {id(e): e for e in reg.ents}
    firsts = {k[0] for k in index}
    maxlen = max((len(k) for k in index), default=1)
    single_low = {k[0].lower() for k in index if len(k) == 1}
    low_counts = Counter()
    cap_counts = Counter()
    with gzip.open(fn, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            words = ranking_words((d.get("title") or "") + "\n" + (d.get("body") or ""))
            hit = set()
            for i, w in enumerate(words):
                wl = w.lower()
                if wl in single_low:
                    if w == wl:
                        low_counts[wl] += 1
                    else:
                        cap_counts[wl] += 1
                if w not in firsts:
                    continue
                for n in range(1, maxlen + 1):
                    ids = index.get(tuple(words[i:i + n]))
                    if ids:
                        hit |= ids
            for i in hit:
                by_id[i].counts[base] += 1
    # single-word aliases mostly seen in lower case are ordinary words: do
    # not let them inflate the ranking.
    for e in reg.ents:
        if e.counts.get(base):
            one = [a for a in e.aliases if len(ranking_words(a)) == 1]
            multi = [a for a in e.aliases if len(ranking_words(a)) > 1]
            if one and not multi:
                w = ranking_words(one[0])[0].lower()
                if low_counts[w] > cap_counts[w]:
                    e.counts[base] = 0


def count_mentions(corpus_dir, reg):
    """Fills e.counts[file] and e.count for every entity."""
    index = _alias_index(reg)
    for fn in sorted(glob.glob(os.path.join(corpus_dir, "*.jsonl.gz"))):
        base = os.path.basename(fn).split(".")[0]
        if base in SKIPPED_FILES:
            continue
        if base == REUTERS_FINANCIAL:
            _count_orgs(fn, base, reg)
        else:
            _count_text(fn, base, reg, index)
    for e in reg.ents:
        e.count = sum(e.counts.values())
