#pragma once
// A brute-force evaluator of query trees (query_tree.h) for the differential test. It reads
// every article's terms, wdfs, length, values and (when a phrase needs them) positions
// straight from the Xapian database, then evaluates a tree on each article by the meaning
// written in query_tree.h, with BM25 computed here from the database's statistics. It uses
// neither lowering (lowering.h), nor posting lists, nor the DocTable, nor Enquire.

#include <map>
#include <string>
#include <unordered_map>
#include <vector>
#include <xapian.h>

#include "searcher/query/query_tree.h"
#include "searcher/query/search_request.h"

namespace rassegna::testing {

struct OracleArticle {
  Xapian::docid doc = 0;
  std::string id, day, timestamp;      // value slots: YYYYMMDD, YYYYMMDDhhmmss (empty: undated)
  std::string story;                   // the story key slot (near-duplicates share it)
  std::vector<std::string> companies;  // the companies slot, split
  uint32_t length = 0;
  std::unordered_map<std::string, Xapian::termcount> terms;  // term -> wdf
};

// What a request must return, by the oracle.
struct OracleResult {
  std::vector<std::pair<std::string, double>> hits;  // article id, score
  uint64_t total = 0;           // stories when the request collapses, else articles
  uint64_t total_articles = 0;
  std::map<std::string, uint64_t> companies;  // company facet: name -> matches, without the company filters
  std::map<uint32_t, uint64_t> days;          // date facet: YYYYMMDD -> matches, without the date filters
  uint64_t undated = 0;
};

// A request as the oracle sees it: the tree, and the request's own filters already resolved.
struct OracleRequest {
  QueryNode tree;
  std::vector<std::string> any_company;  // canonical names; an article needs one of them
  std::string from, to;                  // YYYYMMDD; empty: open
  std::string lang;
  SortOrder sort = SortOrder::relevance;
  size_t offset = 0, limit = 10;
  bool collapse = false;  // one hit per story: the first of each in the ranking
};

class TreeOracle {
 public:
  explicit TreeOracle(const std::string& db_path);

  OracleResult run(const OracleRequest& request);
  const std::vector<OracleArticle>& articles() const { return articles_; }
  Xapian::Database& database() { return db_; }

 private:
  enum Ignore { none = 0, company_filters = 1, date_filters = 2 };
  // Whether `a` matches `n`; adds its weight to `score` when it does.
  bool match(const QueryNode& n, const OracleArticle& a, double& score);
  // The root: a top-level AND's company (or date) leaves are left out when `ignore` says so.
  bool match_root(const QueryNode& root, const OracleArticle& a, int ignore, double& score);
  bool phrase_at_some_position(const std::vector<std::string>& terms, const OracleArticle& a);
  double word_weight(const std::vector<std::string>& terms, const OracleArticle& a);
  double term_weight(Xapian::doccount df, Xapian::termcount wdf, uint32_t length) const;
  const std::vector<Xapian::termpos>& positions(Xapian::docid doc, const std::string& term);

  Xapian::Database db_;
  std::vector<OracleArticle> articles_;
  Xapian::doccount doc_count_ = 0;
  double average_length_ = 0;
  std::map<std::pair<Xapian::docid, std::string>, std::vector<Xapian::termpos>> positions_;
};

}  // namespace rassegna::testing
