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

// The company facet from counts by company id: the `n` companies with the highest counts, plus
// every `selected` company (canonical names of the company filter) that is not among them, so a
// filter never vanishes from its own facet. Selected buckets are marked and carry their count
// (0, under the name given, when no match has the company). Ordered by count, then name. Names
// are compared by company_key(), as the company terms are.
std::vector<FacetBucket> company_facet(const std::vector<std::string>& names, const std::vector<uint64_t>& counts,
                                       size_t n, const std::vector<std::string>& selected = {});

// Histogram of matches over time from (YYYYMMDD, count) pairs in ascending day order.
// Granularity follows the span: days up to ~3 months, months up to ~6 years, else years;
// every period from the first to the last is listed, empty ones with 0.
DateFacet date_histogram(const std::vector<std::pair<uint32_t, uint64_t>>& days, uint64_t undated);

// Counts the companies of each match (a list per document, so not a ValueCountMatchSpy).
class CompanyCountSpy : public Xapian::MatchSpy {
 public:
  explicit CompanyCountSpy(const DocTable* cache = nullptr) : cache_(cache) {}
  void operator()(const Xapian::Document& doc, double wt) override;
  // The company facet (company_facet above) over what this spy counted.
  std::vector<FacetBucket> top(size_t n, const std::vector<std::string>& selected = {}) const;

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
