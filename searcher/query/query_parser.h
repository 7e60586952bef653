#pragma once
// The query language, parsed with the same Analyzer that indexed the articles:
//   words                 all required (AND is implied); each matches its stems in Italian
//                         and English, its exact form, and accent-free spellings
//   "quoted phrase"       the exact words, adjacent and in order
//   a OR b, a AND b, NOT a, -a, +a, ( ... )
//   title:word, title:"phrase"       in the title only
//   company:oracle, company:"gruppo di Redmond"   filter by company (alias or ticker)
//   date:2020-09-01..2020-09-30, date:2020-09, date:..2020, date:2019..   inclusive date filter
//   lang:it | lang:en
// Operators are upper-case; lower-case "and"/"or"/"not" are words.

#include <optional>
#include <set>
#include <string>
#include <vector>
#include <xapian.h>

#include <rassegna/analysis/analyzer.h>
#include <rassegna/gazetteer.h>

namespace rassegna {

struct ParsedQuery {
  Xapian::Query text;                 // MatchAll when the query has no free text
  bool has_text = false;
  std::vector<std::string> companies; // canonical names (or the name as given when unknown)
  std::string date_from, date_to;     // YYYYMMDD bounds; empty = open
  std::string lang;
  // For highlighting: folded words and Z-prefixed stems that the query looks for.
  std::set<std::string> highlight_exact;
  std::set<std::string> highlight_stems;  // without prefix
  // The free text as a plain conjunction, when it is one (no phrase, OR, parentheses, or filter
  // under NOT): each group holds one word's terms (exact form and stems); a document matches
  // when it has a term of every required group and none of an excluded group's terms. The
  // direct matcher (direct_match.h) runs these; anything else goes through Xapian's Enquire.
  struct Conjunction {
    std::vector<std::vector<std::string>> required, excluded;
  };
  std::optional<Conjunction> conjunction = Conjunction{};
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

  // Xapian filter for a date range given as YYYYMMDD bounds (either may be empty).
  static Xapian::Query date_filter(const std::string& from, const std::string& to);

  // Xapian query for one word or phrase of free text (exposed for tests). When it is one word,
  // `group` (if given) receives its terms; a phrase leaves it empty.
  Xapian::Query word_query(const std::string& raw, bool title_only, bool exact_only, const std::string& lang,
                           ParsedQuery& out, std::vector<std::string>* group = nullptr);

 private:
  analysis::Analyzer& analyzer_;
  const entities::Gazetteer* gazetteer_;
};

}  // namespace rassegna
