#pragma once
// Random queries for the differential test, drawn from the README's grammar over a real
// database's words: each comes as the text a person would type (operators written in their
// several ways, words capitalised or elided, extra parentheses) and the tree it must parse to,
// built here without the parser. A fixed seed gives the same queries on every run.

#include <random>
#include <string>
#include <vector>

#include <rassegna/analysis/analyzer.h>

#include "searcher/query/query_tree.h"
#include "searcher/query/search_request.h"
#include "tree_oracle.h"

namespace rassegna::testing {

struct GeneratedQuery {
  SearchRequest request;  // the query text and the request's own filters, sort and page
  QueryNode tree;         // what request.query must parse to
};

class QueryGenerator {
 public:
  QueryGenerator(TreeOracle& oracle, analysis::Analyzer& analyzer, uint32_t seed);

  // `flat`: a conjunction of words, negated words and filters (what the direct matcher takes);
  // otherwise any tree up to three levels deep.
  GeneratedQuery next(bool flat);

 private:
  struct Rendered {
    QueryNode tree;
    std::string text;
  };
  size_t below(size_t n) { return n == 0 ? 0 : rng_() % n; }
  bool chance(int percent) { return static_cast<int>(rng_() % 100) < percent; }

  Rendered node(int depth);
  Rendered leaf();
  Rendered negated(Rendered inner);
  Rendered word(const std::string& folded, bool title, bool exact);
  Rendered phrase(bool title);
  Rendered company();
  Rendered date();
  std::string pick_word();
  void pick_article();

  TreeOracle& oracle_;
  analysis::Analyzer& analyzer_;
  std::mt19937 rng_;
  std::vector<std::string> vocabulary_;  // exact forms of a-z words in two articles or more
  std::vector<std::string> all_companies_;
  const OracleArticle* article_ = nullptr;  // most words of a query come from one article
  std::vector<std::string> article_words_, article_title_words_;
  std::string lang_;  // the request's language: stems only in it
};

// The tree as the parser builds it: nested ANDs (ORs) merged, NOT NOT removed.
QueryNode normalised(QueryNode n);

}  // namespace rassegna::testing
