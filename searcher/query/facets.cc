#include "searcher/query/facets.h"

#include <algorithm>
#include <cstdio>

#include <rassegna/schema.h>

namespace rassegna {

namespace {

uint32_t parse_day(std::string_view day) {
  if (day.size() != 8) return 0;
  uint32_t key = 0;
  for (char c : day) {
    if (c < '0' || c > '9') return 0;
    key = key * 10 + static_cast<uint32_t>(c - '0');
  }
  return key;
}

template <typename F>
void for_each_company(std::string_view list, F&& f) {
  while (!list.empty()) {
    size_t end = list.find(schema::kListSeparator);
    std::string_view name = list.substr(0, end);
    if (!name.empty()) f(name);
    if (end == std::string_view::npos) break;
    list.remove_prefix(end + 1);
  }
}

}  // namespace

void CompanyCountSpy::operator()(const Xapian::Document& doc, double) {
  if (cache_ != nullptr) {
    auto [begin, end] = cache_->companies(doc.get_docid());
    if (by_id_.size() < cache_->company_names().size()) by_id_.resize(cache_->company_names().size());
    for (uint32_t k = begin; k < end; ++k) ++by_id_[cache_->company_ids()[k]];
    return;
  }
  for_each_company(doc.get_value(schema::kSlotCompanies), [&](std::string_view name) {
    auto it = counts_.find(name);
    if (it == counts_.end()) it = counts_.emplace(std::string(name), 0).first;
    ++it->second;
  });
}

std::vector<FacetBucket> company_facet(const std::vector<std::string>& names, const std::vector<uint64_t>& counts,
                                       size_t n, const std::vector<std::string>& selected) {
  std::vector<FacetBucket> all;
  for (size_t id = 0; id < counts.size() && id < names.size(); ++id) {
    if (counts[id] > 0) all.push_back(FacetBucket{names[id], counts[id], false});
  }
  // Selected names are canonical, so they usually equal a counted name; only the others are
  // compared by key (folding every counted name costs ~1 us each).
  std::vector<const std::string*> unmatched;
  for (const auto& name : selected) {
    auto same = std::find_if(all.begin(), all.end(), [&](const FacetBucket& b) { return b.value == name; });
    if (same != all.end()) {
      same->selected = true;
    } else {
      unmatched.push_back(&name);
    }
  }
  if (!unmatched.empty()) {
    std::unordered_map<std::string, const std::string*> by_key;
    for (const std::string* name : unmatched) by_key.emplace(schema::company_key(*name), name);
    for (auto& b : all) {
      auto it = by_key.find(schema::company_key(b.value));
      if (it == by_key.end()) continue;
      b.selected = true;  // (or was already, under another spelling)
      by_key.erase(it);
    }
    for (const std::string* name : unmatched) {  // no match has it: listed with 0, once per key
      if (by_key.erase(schema::company_key(*name)) > 0) all.push_back(FacetBucket{*name, 0, true});
    }
  }
  auto by_count = [](const FacetBucket& a, const FacetBucket& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  };
  if (all.size() > n) {
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), by_count);
    // Past the top n, only the selected ones stay (in count order: none counts more than the nth).
    auto rest = std::remove_if(all.begin() + static_cast<std::ptrdiff_t>(n), all.end(),
                               [](const FacetBucket& b) { return !b.selected; });
    all.erase(rest, all.end());
  }
  std::sort(all.begin(), all.end(), by_count);
  return all;
}

std::vector<FacetBucket> CompanyCountSpy::top(size_t n, const std::vector<std::string>& selected) const {
  if (!counts_.empty()) {  // counted by name (no DocTable)
    std::vector<std::string> names;
    std::vector<uint64_t> counts;
    for (const auto& [name, count] : counts_) {
      names.push_back(name);
      counts.push_back(count);
    }
    return company_facet(names, counts, n, selected);
  }
  const std::vector<std::string> none;
  return cache_ != nullptr ? company_facet(cache_->company_names(), by_id_, n, selected)
                           : company_facet(none, {}, n, selected);
}

void DateCountSpy::operator()(const Xapian::Document& doc, double) {
  if (cache_ != nullptr) {
    count_day(cache_->day(doc.get_docid()));
  } else {
    count_day(parse_day(doc.get_value(schema::kSlotDay)));
  }
}

namespace {

int days_from_civil(int y, int m, int d) {  // days since 1970-01-01, proleptic Gregorian
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(int z, int& y, int& m, int& d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
}

int year_of(uint32_t key) { return static_cast<int>(key / 10000); }
int month_of(uint32_t key) { return static_cast<int>(key / 100 % 100); }
int day_of(uint32_t key) { return static_cast<int>(key % 100); }

}  // namespace

DateFacet date_histogram(const std::vector<std::pair<uint32_t, uint64_t>>& days, uint64_t undated) {
  DateFacet facet;
  facet.undated = undated;
  facet.days = days;
  if (days.empty()) {
    facet.granularity = "day";
    return facet;
  }
  const uint32_t first = days.front().first, last = days.back().first;
  const int first_day = days_from_civil(year_of(first), month_of(first), day_of(first));
  const int last_day = days_from_civil(year_of(last), month_of(last), day_of(last));
  const int span = last_day - first_day;
  char buf[48];
  if (span <= 92) {
    facet.granularity = "day";
    size_t next = 0;
    for (int z = first_day; z <= last_day; ++z) {
      int y, m, d;
      civil_from_days(z, y, m, d);
      const auto key = static_cast<uint32_t>(y * 10000 + m * 100 + d);
      uint64_t count = 0;
      while (next < days.size() && days[next].first <= key) {
        if (days[next].first == key) count += days[next].second;
        ++next;
      }
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
      facet.buckets.push_back(FacetBucket{buf, count});
    }
  } else if (span <= 6 * 366) {
    facet.granularity = "month";
    size_t next = 0;
    int y = year_of(first), m = month_of(first);
    const int ly = year_of(last), lm = month_of(last);
    while (y < ly || (y == ly && m <= lm)) {
      const auto month = static_cast<uint32_t>(y * 100 + m);
      uint64_t count = 0;
      while (next < days.size() && days[next].first / 100 <= month) count += days[next++].second;
      std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
      facet.buckets.push_back(FacetBucket{buf, count});
      if (++m > 12) {
        m = 1;
        ++y;
      }
    }
  } else {
    facet.granularity = "year";
    size_t next = 0;
    for (int y = year_of(first); y <= year_of(last); ++y) {
      uint64_t count = 0;
      while (next < days.size() && year_of(days[next].first) <= y) count += days[next++].second;
      std::snprintf(buf, sizeof buf, "%04d", y);
      facet.buckets.push_back(FacetBucket{buf, count});
    }
  }
  return facet;
}

DateFacet DateCountSpy::histogram() const {
  std::vector<std::pair<uint32_t, uint64_t>> sorted(days_.begin(), days_.end());
  std::sort(sorted.begin(), sorted.end());
  return date_histogram(sorted, undated_);
}

}  // namespace rassegna
