#!/usr/bin/env python3
"""Build the company gazetteer corpus/companies.tsv.

Stdlib only, deterministic.  Inputs:

  * the reference listings in --ref DIR (default ../shared/reference/companies beside the checkout):
    S&P 500 lists, Nasdaq/NYSE symbol directories, FTSE MIB, STOXX 600 (RICs),
    FTSE 100, DAX, FinanceDatabase exchange files, pytickersymbols (aliases);
  * the news corpora in --corpus DIR (default ../shared/corpus), used only to
    rank companies by how often they are mentioned;
  * the hand-curated overlay scripts/gazetteer_overrides.tsv (--overrides).

Ranking ("most mentioned"): for en-reuters-financial the number of articles whose
`orgs` carry one of the company's RICs; for every other corpus file the number of
articles whose title+body contain one of the company's names/aliases
(case-sensitive, whole tokens).  The output holds the --top N companies by that
total (default 300) plus every company named in the overlay plus the FTSE MIB
members, minus entries the overlay marks `drop`.

Output: corpus/companies.tsv, 5 tab-separated columns
  name, aliases, tickers, context, flags
(see corpus/COMPANIES.md).  --report FILE writes the ranking and the RICs that
could not be resolved, for review.
"""

import argparse
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from gazetteer.build import BuildError, build  # noqa: E402
from gazetteer.overrides import OverlayError  # noqa: E402
from gazetteer.writer import write_gazetteer, write_report  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED_DIR = os.path.join(os.path.dirname(REPO), "shared")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ref", default=os.path.join(SHARED_DIR, "reference", "companies"),
                    help="reference listings (default: ../shared/reference/companies beside the checkout)")
    ap.add_argument("--corpus", default=os.path.join(SHARED_DIR, "corpus"),
                    help="news corpora for the ranking (default: ../shared/corpus)")
    ap.add_argument("--overrides", default=os.path.join(HERE, "gazetteer_overrides.tsv"),
                    help="hand-curated overlay (default: scripts/gazetteer_overrides.tsv)")
    ap.add_argument("--out", default=os.path.join(REPO, "corpus", "companies.tsv"),
                    help="output (default: corpus/companies.tsv)")
    ap.add_argument("--top", type=int, default=300, help="companies kept by rank (default: 300)")
    ap.add_argument("--report", default="", help="also write the ranking and unresolved RICs here")
    args = ap.parse_args()

    try:
        result = build(args.ref, args.corpus, args.overrides, args.top)
    except (BuildError, OverlayError) as err:
        sys.exit("build_gazetteer.py: %s" % err)
    write_gazetteer(args.out, result.rows)
    if args.report:
        write_report(args.report, result.ranked, result.registry, result.unresolved)
    print("wrote %s: %d companies (top %d by mentions + overlay + FTSE MIB)" %
          (args.out, len(result.rows), args.top), file=sys.stderr)


if __name__ == "__main__":
    main()
