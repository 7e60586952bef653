#pragma once
// Exact facet counts over a whole match set: Xapian MatchSpies that see every match when the
// enquire runs with checkatleast = the database size.
//
// Reading two value slots per match from disk dominated facet time on large result sets, so
// a FacetCache keeps every article's day and companies in memory (a few bytes an article,
// like Lucene's doc values), rebuilt from Xapian's value streams when the database changes.

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "search_request.h"

namespace rassegna {

class FacetCache {
 public:
  // Rebuilds the cache if `db` changed since the last call. Returns false when the database
  // cannot say its revision (several shards): the spies then read values per match.
  bool refresh(const Xapian::Database& db);

  bool valid() const { return valid_; }
  uint32_t day(Xapian::docid id) const { return id < days_.size() ? days_[id] : 0; }  // YYYYMMDD, 0: none
  // Company ids of a document, as [begin, end) into company_ids().
  std::pair<uint32_t, uint32_t> companies(Xapian::docid id) const {
    return id + 1 < offsets_.size() ? std::make_pair(offsets_[id], offsets_[id + 1]) : std::make_pair(0u, 0u);
  }
  const std::vector<uint16_t>& company_ids() const { return ids_; }
  const std::vector<std::string>& company_names() const { return names_; }

 private:
  bool valid_ = false;
  Xapian::rev revision_ = 0;
  std::string uuid_;
  std::vector<uint32_t> days_;      // by docid
  std::vector<uint32_t> offsets_;   // by docid: start of its companies in ids_
  std::vector<uint16_t> ids_;
  std::vector<std::string> names_;  // company id -> canonical name
};

// Counts the companies of each match (a list per document, so not a ValueCountMatchSpy).
class CompanyCountSpy : public Xapian::MatchSpy {
 public:
  explicit CompanyCountSpy(const FacetCache* cache = nullptr) : cache_(cache) {}
  void operator()(const Xapian::Document& doc, double wt) override;
  std::vector<FacetBucket> top(size_t n) const;  // by count, then name

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  const FacetCache* cache_;
  std::vector<uint64_t> by_id_;  // counts by cache company id
  std::unordered_map<std::string, uint64_t, Hash, std::equal_to<>> counts_;
};

// Counts matches per day (YYYYMMDD) and the undated ones; folds days into a histogram.
class DateCountSpy : public Xapian::MatchSpy {
 public:
  explicit DateCountSpy(const FacetCache* cache = nullptr) : cache_(cache) {}
  void operator()(const Xapian::Document& doc, double wt) override;
  // Granularity follows the span of the matches: days up to ~3 months, months up to ~6 years, else years.
  DateFacet histogram() const;

 private:
  void count_day(uint32_t day) {
    if (day == 0) {
      ++undated_;
    } else {
      ++days_[day];
    }
  }
  const FacetCache* cache_;
  std::unordered_map<uint32_t, uint64_t> days_;  // YYYYMMDD as a number
  uint64_t undated_ = 0;
};

}  // namespace rassegna
