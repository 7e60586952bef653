#include "searcher/api/json_format.h"

namespace rassegna::api {
namespace {
// Article text can hold anything; never let one bad byte turn a response into an exception.
constexpr auto kReplace = nlohmann::json::error_handler_t::replace;
}  // namespace

nlohmann::json to_json(const Hit& h) {
  return {{"id", h.id},         {"title", h.title}, {"title_html", h.title_html}, {"date", h.date},
          {"lang", h.lang},     {"source", h.source}, {"url", h.url},             {"companies", h.companies},
          {"score", h.score},   {"snippet", h.snippet},
          {"duplicates", {{"count", h.duplicate_count}, {"ids", h.duplicate_ids}}}};
}

nlohmann::json to_json(const Facets& f) {
  nlohmann::json companies = nlohmann::json::array();
  for (const auto& b : f.company) {
    nlohmann::json bucket = {{"value", b.value}, {"count", b.count}};
    if (b.selected) bucket["selected"] = true;
    companies.push_back(std::move(bucket));
  }
  nlohmann::json buckets = nlohmann::json::array();
  for (const auto& b : f.date.buckets) buckets.push_back({{"value", b.value}, {"count", b.count}});
  return {{"company", companies},
          {"date", {{"granularity", f.date.granularity}, {"buckets", buckets}, {"undated", f.date.undated}}}};
}

nlohmann::json to_json(const SearchResult& r) {
  nlohmann::json hits = nlohmann::json::array();
  for (const auto& h : r.hits) hits.push_back(to_json(h));
  nlohmann::json out = {{"query", r.query},     {"total", r.total}, {"total_exact", r.total_exact},
                        {"took_ms", r.took_ms}, {"hits", hits}};
  if (r.facets) out["facets"] = to_json(*r.facets);
  out["partial"] = r.partial;
  if (r.partial) out["failed_parts"] = r.failed_parts;
  // What the numbers count: with collapse, `total` counts stories (near-duplicates as one);
  // facets always count articles.
  out["total_articles"] = r.total_articles;
  out["counts"] = {{"total", r.collapsed ? "stories" : "articles"}, {"facets", "articles"}};
  return out;
}

nlohmann::json to_json(const Article& a) {
  return {{"id", a.id},         {"title", a.title}, {"date", a.date},          {"lang", a.lang},
          {"source", a.source}, {"url", a.url},     {"companies", a.companies}, {"orgs", a.orgs},
          {"body", a.body}};
}

nlohmann::json to_json(const DatabaseStats& s) {
  return {{"articles", s.articles},
          {"by_lang", s.by_lang},
          {"first_date", s.first_date},
          {"last_date", s.last_date},
          {"undated", s.undated},
          {"companies", s.companies},
          {"last_update", s.last_update}};
}

std::string dump(const nlohmann::json& j, int indent) { return j.dump(indent, ' ', false, kReplace); }

}  // namespace rassegna::api
