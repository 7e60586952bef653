"""Builds corpus/companies.tsv (see scripts/build_gazetteer.py and corpus/COMPANIES.md).

  sources.py    the reference listings, as tables in priority order
  names.py      listing names -> display names, merge keys, aliases
  registry.py   the companies found so far, by name key and ticker
  rics.py       Reuters RICs -> companies
  overrides.py  the hand-curated overlay
  tokenizer.py  words as the C++ tokenizer cuts them; the ranking's own split
  ranking.py    mention counts in the corpora
  writer.py     companies.tsv rows and the review report
  checks.py     rows the C++ tagger would read wrongly (shared alias keys, ...)
  build.py      the steps in order
"""
