#pragma once
// Exact facet counts over a whole match set: Xapian MatchSpies that see every match when the
// enquire runs with checkatleast = the database size.

#include <xapian.h>

#include <string>
#include <unordered_map>

#include "search_request.h"

namespace rassegna {

// Counts the companies of each match (a list per document, so not a ValueCountMatchSpy).
class CompanyCountSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double wt) override;
  std::vector<FacetBucket> top(size_t n) const;  // by count, then name

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint64_t, Hash, std::equal_to<>> counts_;
};

// Counts matches per day (YYYYMMDD) and the undated ones; folds days into a histogram.
class DateCountSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double wt) override;
  // Granularity follows the span of the matches: days up to ~3 months, months up to ~6 years, else years.
  DateFacet histogram() const;

 private:
  std::unordered_map<uint32_t, uint64_t> days_;  // YYYYMMDD as a number
  uint64_t undated_ = 0;
};

}  // namespace rassegna
