#include "searcher/press_cli.h"

#include <iostream>

#include <rassegna/dates.h>
#include <rassegna/error.h>

#include "rassegna_version.h"
#include "searcher/api/exports.h"
#include "searcher/api/feeds.h"
#include "searcher/api/json_format.h"
#include "searcher/api/review.h"
#include "searcher/query/trends.h"

namespace rassegna::cli {

bool wants_press_output(const PressOptions& o) {
  return !o.format.empty() || !o.trends.empty() || !o.profile.empty();
}

std::string suggestion_for(Searcher& searcher, const SearchRequest& request, uint64_t total) {
  if (request.query.empty() || total >= 5) return {};
  return searcher.suggest(request.query, request.lang);
}

void run_press(Searcher& searcher, const SearchRequest& request, const PressOptions& o) {
  if (!o.profile.empty()) {
    CompanyProfile p = company_profile(searcher, o.profile, 10);
    if (o.json) {
      nlohmann::json co = nlohmann::json::array();
      for (const auto& b : p.co_mentions) co.push_back({{"company", b.value}, {"count", b.count}});
      std::cout << api::dump({{"name", p.name}, {"in_gazetteer", p.in_gazetteer}, {"aliases", p.aliases},
                              {"tickers", p.tickers}, {"mentions", p.mentions}, {"first_date", p.first_date},
                              {"last_date", p.last_date}, {"co_mentions", co}},
                             2)
                << '\n';
      return;
    }
    std::cout << p.name << (p.in_gazetteer ? "" : " (not in the gazetteer)") << "\n  mentions: " << p.mentions;
    if (!p.first_date.empty()) std::cout << ", " << p.first_date << " to " << p.last_date;
    std::cout << "\n  aliases:";
    for (const auto& a : p.aliases) std::cout << " " << a << ";";
    std::cout << "\n  named with:\n";
    for (const auto& b : p.co_mentions) std::cout << "    " << b.count << "  " << b.value << "\n";
    return;
  }
  if (!o.trends.empty()) {
    auto g = parse_granularity(o.granularity);
    if (!g) throw Error(ErrorCode::invalid_argument, "granularity", "'" + o.granularity + "' is not one of: day, week, month, year");
    SearchRequest r = request;
    r.companies.clear();
    Trends t = company_trends(searcher, r, o.trends, *g);
    if (o.json) {
      nlohmann::json series = nlohmann::json::array();
      for (const auto& s : t.series) {
        series.push_back({{"company", s.company}, {"name", s.name}, {"counts", s.counts}, {"total", s.total}, {"undated", s.undated}});
      }
      std::cout << api::dump({{"granularity", granularity_name(t.granularity)}, {"periods", t.periods}, {"series", series}}, 2)
                << '\n';
      return;
    }
    std::cout << "period";  // tab-separated: a table for a spreadsheet or gnuplot
    for (const auto& s : t.series) std::cout << '\t' << s.name;
    std::cout << '\n';
    for (size_t i = 0; i < t.periods.size(); ++i) {
      std::cout << t.periods[i];
      for (const auto& s : t.series) std::cout << '\t' << s.counts[i];
      std::cout << '\n';
    }
    return;
  }
  if (o.format == "atom") {
    SearchRequest r = request;
    r.sort = SortOrder::date;
    r.offset = 0;
    r.snippets = true;
    r.facets = false;
    api::FeedInfo info;
    info.request = r;
    info.self_query = api::canonical_search(r);
    info.fallback_updated = searcher.stats().last_update;
    info.version = RASSEGNA_VERSION;
    std::cout << api::atom_feed(info, searcher.search(r).hits);
    return;
  }
  if (o.format == "csv" || o.format == "jsonl") {
    auto stream = api::export_stream(
        searcher.match_ids(request, 1000000), o.format == "csv" ? api::ExportFormat::csv : api::ExportFormat::jsonl,
        [&](const std::vector<std::string>& ids) {
          std::vector<Article> out;
          for (const auto& id : ids) out.push_back(searcher.article(id));
          return out;
        },
        500, [](const std::string& why) { throw Error(ErrorCode::unavailable, why); });
    std::string piece;
    bool more = true;
    while (more) {
      piece.clear();
      more = stream(piece);
      std::cout << piece;
    }
    return;
  }
  if (o.format == "review") {
    api::ReviewOptions ro;
    ro.search = request.query;
    ro.date = utc_now_iso8601().substr(0, 10);
    ro.group = o.review_group == "source" ? api::ReviewGroup::source
               : o.review_group == "none" ? api::ReviewGroup::none
                                          : api::ReviewGroup::company;
    std::vector<Article> articles;
    for (const auto& id : searcher.match_ids(request, request.limit)) articles.push_back(searcher.article(id));
    std::cout << api::review_html(articles, ro);
    return;
  }
  throw Error(ErrorCode::invalid_argument, "format", "'" + o.format + "' is not one of: text, json, atom, csv, jsonl, review");
}

}  // namespace rassegna::cli
