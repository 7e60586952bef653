#pragma once
// Company trends and profiles, built on the searcher's exact facets: how often each company is
// named per day, week, month or year within any search, and what one company's coverage looks
// like (aliases, mentions, first and last date, the companies named with it).

#include <cstdint>
#include <string>
#include <vector>

#include "searcher/query/search_request.h"
#include "searcher/query/searcher.h"

namespace rassegna {

enum class Granularity { day, week, month, year };

// "day", "week", "month", "year"; nullopt otherwise.
std::optional<Granularity> parse_granularity(const std::string& text);
const char* granularity_name(Granularity g);

struct TrendSeries {
  std::string company;           // as asked
  std::string name;              // the gazetteer's canonical name (or as asked when unknown)
  std::vector<uint64_t> counts;  // one per period of Trends::periods
  uint64_t total = 0;            // dated and undated matches of the search naming the company
  uint64_t undated = 0;
};

struct Trends {
  Granularity granularity = Granularity::month;
  // Every period from the first dated match of any series to the last (clipped to the search's
  // from/to), zeros included: "2024" for years, "2024-03" months, "2024-03-11" days, and for
  // weeks the Monday that starts the ISO week.
  std::vector<std::string> periods;
  std::vector<TrendSeries> series;  // in the order asked
};

// Counts for each of `companies` within `request` (its company filter is replaced by each
// company in turn; query, language and dates apply). Exact: each is one search with facets.
Trends company_trends(Searcher& searcher, const SearchRequest& request, const std::vector<std::string>& companies,
                      Granularity granularity);

// Sums per-day counts (YYYYMMDD, ascending) into periods from `first` to `last` (YYYYMMDD).
void bucket_days(const std::vector<std::pair<uint32_t, uint64_t>>& days, uint32_t first, uint32_t last,
                 Granularity granularity, std::vector<std::string>& periods, std::vector<uint64_t>& counts);

struct CompanyProfile {
  std::string name;                   // canonical
  bool in_gazetteer = false;
  std::vector<std::string> aliases;   // the gazetteer's surface forms, the name included
  std::vector<std::string> tickers;
  uint64_t mentions = 0;              // articles tagged with the company
  std::string first_date, last_date;  // YYYY-MM-DD of the first and last dated of them
  std::vector<FacetBucket> co_mentions;  // companies most often named in the same articles
};

// Throws rassegna::Error(not_found) for a company neither in the gazetteer nor tagged anywhere.
CompanyProfile company_profile(Searcher& searcher, const std::string& company, size_t top);

}  // namespace rassegna
