#include "searcher/query/trends.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include <rassegna/dates.h>
#include <rassegna/error.h>
#include <rassegna/gazetteer.h>
#include <rassegna/schema.h>

namespace rassegna {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

sys_days to_days(uint32_t key) {
  return sys_days{year{static_cast<int>(key / 10000)} / month{key / 100 % 100} / day{key % 100}};
}

uint32_t to_key(sys_days d) {
  const year_month_day ymd{d};
  return static_cast<uint32_t>(static_cast<int>(ymd.year()) * 10000 + static_cast<unsigned>(ymd.month()) * 100 +
                               static_cast<unsigned>(ymd.day()));
}

// The first day of the period holding `key`, as YYYYMMDD.
uint32_t period_start(uint32_t key, Granularity g) {
  switch (g) {
    case Granularity::day:
      return key;
    case Granularity::week: {
      const sys_days d = to_days(key);
      const std::chrono::weekday wd{d};
      return to_key(d - std::chrono::days{(wd.c_encoding() + 6) % 7});  // back to Monday
    }
    case Granularity::month:
      return key / 100 * 100 + 1;
    case Granularity::year:
      return key / 10000 * 10000 + 101;
  }
  return key;
}

uint32_t next_period(uint32_t start, Granularity g) {
  switch (g) {
    case Granularity::day:
      return to_key(to_days(start) + std::chrono::days{1});
    case Granularity::week:
      return to_key(to_days(start) + std::chrono::days{7});
    case Granularity::month: {
      const uint32_t y = start / 10000, m = start / 100 % 100;
      return m == 12 ? (y + 1) * 10000 + 101 : y * 10000 + (m + 1) * 100 + 1;
    }
    case Granularity::year:
      return (start / 10000 + 1) * 10000 + 101;
  }
  return start;
}

std::string label(uint32_t start, Granularity g) {
  char buf[16];
  if (g == Granularity::year) {
    std::snprintf(buf, sizeof buf, "%04u", start / 10000);
  } else if (g == Granularity::month) {
    std::snprintf(buf, sizeof buf, "%04u-%02u", start / 10000, start / 100 % 100);
  } else {
    std::snprintf(buf, sizeof buf, "%04u-%02u-%02u", start / 10000, start / 100 % 100, start % 100);
  }
  return buf;
}

uint32_t bound(const std::string& text, const char* param, bool upper) {
  if (text.empty()) return 0;
  auto d = parse_date_bound(text, upper);
  if (!d) throw Error(ErrorCode::invalid_argument, param, "'" + text + "' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD");
  return static_cast<uint32_t>(std::stoul(d->day_key()));
}

std::string iso(uint32_t key) { return key == 0 ? std::string() : label(key, Granularity::day); }

// Most periods one answer lists: 30 years by day is ~11000.
constexpr size_t kMaxPeriods = 20000;

}  // namespace

std::optional<Granularity> parse_granularity(const std::string& text) {
  if (text == "day") return Granularity::day;
  if (text == "week") return Granularity::week;
  if (text == "month") return Granularity::month;
  if (text == "year") return Granularity::year;
  return std::nullopt;
}

const char* granularity_name(Granularity g) {
  switch (g) {
    case Granularity::day:
      return "day";
    case Granularity::week:
      return "week";
    case Granularity::month:
      return "month";
    case Granularity::year:
      return "year";
  }
  return "month";
}

void bucket_days(const std::vector<std::pair<uint32_t, uint64_t>>& days, uint32_t first, uint32_t last,
                 Granularity g, std::vector<std::string>& periods, std::vector<uint64_t>& counts) {
  periods.clear();
  counts.clear();
  if (first == 0 || last == 0 || first > last) return;
  size_t next = 0;
  while (next < days.size() && days[next].first < first) ++next;
  for (uint32_t start = period_start(first, g); start <= last; start = next_period(start, g)) {
    if (periods.size() == kMaxPeriods) {
      throw Error(ErrorCode::invalid_argument, "granularity",
                  std::string("'") + granularity_name(g) + "' gives more than " + std::to_string(kMaxPeriods) +
                      " periods here; choose a coarser one or narrow the dates");
    }
    const uint32_t end = next_period(start, g);
    uint64_t count = 0;
    while (next < days.size() && days[next].first < end && days[next].first <= last) count += days[next++].second;
    periods.push_back(label(start, g));
    counts.push_back(count);
  }
}

Trends company_trends(Searcher& searcher, const SearchRequest& request, const std::vector<std::string>& companies,
                      Granularity granularity) {
  const uint32_t from = bound(request.from, "from", false);
  const uint32_t to = bound(request.to, "to", true);
  const entities::Gazetteer* gazetteer = searcher.gazetteer();
  Trends out;
  out.granularity = granularity;
  std::vector<std::vector<std::pair<uint32_t, uint64_t>>> per_company;
  uint32_t first = 0, last = 0;
  for (const auto& company : companies) {
    SearchRequest r = request;
    r.companies = {company};
    r.offset = 0;
    r.limit = 0;
    r.snippets = false;
    r.facets = true;
    r.facet_size = 0;
    SearchResult result = searcher.search(r);
    TrendSeries s;
    s.company = company;
    const int id = gazetteer != nullptr ? gazetteer->resolve(company) : -1;
    s.name = id >= 0 ? gazetteer->companies()[static_cast<size_t>(id)].name : company;
    // The date facet leaves out the date filter (so a histogram shows what else there is): the
    // days outside from/to are dropped here.
    std::vector<std::pair<uint32_t, uint64_t>> days;
    for (const auto& [d, n] : result.facets->date.days) {
      if ((from == 0 || d >= from) && (to == 0 || d <= to)) days.emplace_back(d, n);
    }
    s.undated = from == 0 && to == 0 ? result.facets->date.undated : 0;
    s.total = s.undated;
    for (const auto& [d, n] : days) s.total += n;
    if (!days.empty()) {
      first = first == 0 ? days.front().first : std::min(first, days.front().first);
      last = std::max(last, days.back().first);
    }
    per_company.push_back(std::move(days));
    out.series.push_back(std::move(s));
  }
  for (size_t i = 0; i < out.series.size(); ++i) {
    bucket_days(per_company[i], first, last, granularity, out.periods, out.series[i].counts);
  }
  if (first == 0) out.periods.clear();
  return out;
}

CompanyProfile company_profile(Searcher& searcher, const std::string& company, size_t top) {
  CompanyProfile p;
  const entities::Gazetteer* gazetteer = searcher.gazetteer();
  const int id = gazetteer != nullptr ? gazetteer->resolve(company) : -1;
  if (id >= 0) {
    const entities::Company& c = gazetteer->companies()[static_cast<size_t>(id)];
    p.name = c.name;
    p.in_gazetteer = true;
    p.aliases = c.aliases;
    p.tickers = c.tickers;
  } else {
    p.name = company;
  }
  SearchRequest all;
  all.companies = {p.name};
  all.limit = 0;
  all.snippets = false;
  all.facets = true;
  all.facet_size = 0;
  SearchResult result = searcher.search(all);
  p.mentions = result.total_articles;  // articles, not stories
  const auto& days = result.facets->date.days;
  if (!days.empty()) {
    p.first_date = iso(days.front().first);
    p.last_date = iso(days.back().first);
  }
  if (!p.in_gazetteer && p.mentions == 0) {
    throw Error(ErrorCode::not_found, "no company '" + company + "' in the gazetteer or in any article");
  }
  p.co_mentions = searcher.co_mentions(SearchRequest{}, p.name, top);
  return p;
}

}  // namespace rassegna
