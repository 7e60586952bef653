#pragma once
// The query language, parsed with the same Analyzer that indexed the articles into a syntax
// tree (query_tree.h):
//   words                 all required (AND is implied); each matches its stems in Italian
//                         and English, its exact form, and accent-free spellings
//   "quoted phrase"       the exact words, adjacent and in order ("one" quoted word: exact form only)
//   a OR b, a AND b, NOT a, -a, +a, ( ... ), -( ... )
//   title:word, title:"phrase"       in the title only
//   company:oracle, company:"gruppo di Redmond"   articles tagged with that company (alias or ticker)
//   date:2020-09-01..2020-09-30, date:2020-09, date:..2020, date:2019..   inclusive date filter
//   lang:it | lang:en
// Operators are upper-case; lower-case "and"/"or"/"not" are words. NOT, - and + bind tightest,
// then AND (written or implied), then OR: `a b OR c` is `(a b) OR c`.
//
// Edge cases, decided once for every path:
//   - `NOT x` and `-x` mean the same: the articles without x (a complement over the whole
//     database), so `a NOT b` = `a AND NOT b` = `a -b`, `NOT a b` = `b -a`, a query of negations
//     only (`NOT a`, `-a -b`) lists every article without them, and `a OR NOT b` finds the
//     articles with a or without b. Negated parts add nothing to a score. `NOT NOT a` is `a`.
//   - A part that holds no word (`!!`, `""`, a lone `-`) is left out; a query left with nothing
//     matches every article (then only its filters count).
//   - Refused with the position (in characters, from 1): an unclosed quote or parenthesis, an
//     unmatched `)`, empty parentheses `()`, AND or OR without a term on each side, NOT or `-(`
//     without a term after it, a field with no value, a bad date or language, nesting deeper
//     than 64.

#include <optional>
#include <set>
#include <string>

#include <rassegna/analysis/analyzer.h>
#include <rassegna/gazetteer.h>

#include "searcher/query/query_tree.h"

namespace rassegna {

struct ParsedQuery {
  QueryNode tree;  // Kind::all for an empty query
  // For highlighting, taken from the tree (highlight_words): folded words and stems (without
  // prefix) of every word and phrase not under a NOT.
  std::set<std::string> highlight_exact;
  std::set<std::string> highlight_stems;
};

class QueryParser {
 public:
  // `gazetteer` may be null: company names are then used as given.
  QueryParser(analysis::Analyzer& analyzer, const entities::Gazetteer* gazetteer)
      : analyzer_(analyzer), gazetteer_(gazetteer) {}

  // Throws rassegna::Error(invalid_argument) with param() "query", the position and the problem.
  // The caller bounds the query's length (SearchLimits::max_query_bytes; Searcher does).
  // `lang` restricts stemming to one language ("" = Italian and English).
  ParsedQuery parse(const std::string& query, const std::string& lang = "");

  // Canonical name for a company filter value (alias, ticker, any case), or the value itself.
  std::string resolve_company(const std::string& value) const;

  // The leaf for one word or phrase of free text: a word (with its stems unless `exact_only`),
  // a phrase when the text holds several words, nothing when it holds none.
  std::optional<QueryNode> text_leaf(const std::string& raw, bool title_only, bool exact_only, const std::string& lang);

 private:
  analysis::Analyzer& analyzer_;
  const entities::Gazetteer* gazetteer_;
};

}  // namespace rassegna
