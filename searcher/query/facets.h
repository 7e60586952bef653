#pragma once
// Exact facet counts over a whole match set. The direct matcher (direct_match.h) counts as it
// matches; queries it does not take (phrases, OR, parentheses) go through Xapian's Enquire
// with these MatchSpies, which see every match when checkatleast = the database size. Both
// read days and companies from the DocTable when it is valid, else from the value slots.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>
#include <xapian.h>

#include "searcher/query/doc_table.h"
#include "searcher/query/search_request.h"

namespace rassegna {

// The `n` buckets with the highest counts (ties by name) from counts by company id.
std::vector<FacetBucket> top_companies(const std::vector<std::string>& names, const std::vector<uint64_t>& counts,
                                       size_t n);

// Histogram of matches over time from (YYYYMMDD, count) pairs in ascending day order.
// Granularity follows the span: days up to ~3 months, months up to ~6 years, else years;
// every period from the first to the last is listed, empty ones with 0.
DateFacet date_histogram(const std::vector<std::pair<uint32_t, uint64_t>>& days, uint64_t undated);

// Counts the companies of each match (a list per document, so not a ValueCountMatchSpy).
class CompanyCountSpy : public Xapian::MatchSpy {
 public:
  explicit CompanyCountSpy(const DocTable* cache = nullptr) : cache_(cache) {}
  void operator()(const Xapian::Document& doc, double wt) override;
  std::vector<FacetBucket> top(size_t n) const;  // by count, then name

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  const DocTable* cache_;
  std::vector<uint64_t> by_id_;  // counts by cache company id
  std::unordered_map<std::string, uint64_t, Hash, std::equal_to<>> counts_;
};

// Counts matches per day (YYYYMMDD) and the undated ones; folds days into a histogram.
class DateCountSpy : public Xapian::MatchSpy {
 public:
  explicit DateCountSpy(const DocTable* cache = nullptr) : cache_(cache) {}
  void operator()(const Xapian::Document& doc, double wt) override;
  DateFacet histogram() const;

 private:
  void count_day(uint32_t day) {
    if (day == 0) {
      ++undated_;
    } else {
      ++days_[day];
    }
  }
  const DocTable* cache_;
  std::unordered_map<uint32_t, uint64_t> days_;  // YYYYMMDD as a number
  uint64_t undated_ = 0;
};

}  // namespace rassegna
