#include "facets.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "schema.h"

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

bool FacetCache::refresh(const Xapian::Database& db) {
  Xapian::rev revision;
  std::string uuid;
  try {
    revision = db.get_revision();
    uuid = db.get_uuid();
  } catch (const Xapian::Error&) {
    valid_ = false;  // several sub-databases: no single revision to key the cache on
    return false;
  }
  if (valid_ && revision == revision_ && uuid == uuid_) return true;
  const Xapian::docid last = db.get_lastdocid();
  std::vector<uint32_t> days(last + 1, 0);
  for (auto it = db.valuestream_begin(schema::kSlotDay); it != db.valuestream_end(schema::kSlotDay); ++it) {
    days[it.get_docid()] = parse_day(*it);
  }
  std::vector<std::vector<uint16_t>> lists(last + 1);
  std::unordered_map<std::string, uint16_t> ids;
  std::vector<std::string> names;
  for (auto it = db.valuestream_begin(schema::kSlotCompanies); it != db.valuestream_end(schema::kSlotCompanies);
       ++it) {
    auto& list = lists[it.get_docid()];
    for_each_company(*it, [&](std::string_view name) {
      auto [pos, added] = ids.emplace(std::string(name), static_cast<uint16_t>(names.size()));
      if (added) {
        if (names.size() == 0xFFFF) throw Xapian::RangeError("too many distinct companies for the facet cache");
        names.emplace_back(name);
      }
      list.push_back(pos->second);
    });
  }
  offsets_.assign(last + 2, 0);
  ids_.clear();
  for (Xapian::docid d = 0; d <= last; ++d) {
    offsets_[d] = static_cast<uint32_t>(ids_.size());
    ids_.insert(ids_.end(), lists[d].begin(), lists[d].end());
  }
  offsets_[last + 1] = static_cast<uint32_t>(ids_.size());
  days_ = std::move(days);
  names_ = std::move(names);
  revision_ = revision;
  uuid_ = uuid;
  valid_ = true;
  return true;
}

void CompanyCountSpy::operator()(const Xapian::Document& doc, double) {
  if (cache_ != nullptr && cache_->valid()) {
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

std::vector<FacetBucket> CompanyCountSpy::top(size_t n) const {
  std::vector<FacetBucket> all;
  all.reserve(counts_.size());
  for (const auto& [name, count] : counts_) all.push_back(FacetBucket{name, count});
  for (size_t id = 0; id < by_id_.size(); ++id) {
    if (by_id_[id] > 0) all.push_back(FacetBucket{cache_->company_names()[id], by_id_[id]});
  }
  auto by_count = [](const FacetBucket& a, const FacetBucket& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  };
  if (all.size() > n) {
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), by_count);
    all.resize(n);
  } else {
    std::sort(all.begin(), all.end(), by_count);
  }
  return all;
}

void DateCountSpy::operator()(const Xapian::Document& doc, double) {
  if (cache_ != nullptr && cache_->valid()) {
    count_day(cache_->day(doc.get_docid()));
  } else {
    count_day(parse_day(doc.get_value(schema::kSlotDay)));
  }
}

namespace {

int to_int(const std::string& s, size_t pos, size_t len) { return std::stoi(s.substr(pos, len)); }

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

}  // namespace

DateFacet DateCountSpy::histogram() const {
  DateFacet facet;
  facet.undated = undated_;
  if (days_.empty()) {
    facet.granularity = "day";
    return facet;
  }
  std::map<std::string, uint64_t> sorted;
  for (const auto& [key, count] : days_) sorted.emplace(std::to_string(key), count);
  const std::string& first = sorted.begin()->first;
  const std::string& last = sorted.rbegin()->first;
  int first_day = days_from_civil(to_int(first, 0, 4), to_int(first, 4, 2), to_int(first, 6, 2));
  int last_day = days_from_civil(to_int(last, 0, 4), to_int(last, 4, 2), to_int(last, 6, 2));
  int span = last_day - first_day;
  char buf[48];
  if (span <= 92) {
    facet.granularity = "day";
    for (int z = first_day; z <= last_day; ++z) {
      int y, m, d;
      civil_from_days(z, y, m, d);
      std::snprintf(buf, sizeof buf, "%04d%02d%02d", y, m, d);
      auto it = sorted.find(buf);
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
      facet.buckets.push_back(FacetBucket{buf, it == sorted.end() ? 0 : it->second});
    }
  } else if (span <= 6 * 366) {
    facet.granularity = "month";
    std::map<std::string, uint64_t> months;
    for (const auto& [day, count] : sorted) months[day.substr(0, 6)] += count;
    int y = to_int(first, 0, 4), m = to_int(first, 4, 2);
    const int ly = to_int(last, 0, 4), lm = to_int(last, 4, 2);
    while (y < ly || (y == ly && m <= lm)) {
      std::snprintf(buf, sizeof buf, "%04d%02d", y, m);
      auto it = months.find(buf);
      std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
      facet.buckets.push_back(FacetBucket{buf, it == months.end() ? 0 : it->second});
      if (++m > 12) {
        m = 1;
        ++y;
      }
    }
  } else {
    facet.granularity = "year";
    std::map<int, uint64_t> years;
    for (const auto& [day, count] : sorted) years[to_int(day, 0, 4)] += count;
    for (int y = years.begin()->first; y <= years.rbegin()->first; ++y) {
      auto it = years.find(y);
      std::snprintf(buf, sizeof buf, "%04d", y);
      facet.buckets.push_back(FacetBucket{buf, it == years.end() ? 0 : it->second});
    }
  }
  return facet;
}

}  // namespace rassegna
