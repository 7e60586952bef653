// The press-office routes of the JSON API: feeds, exports, company trends and profiles, the
// press review and spelling suggestions (routes.h lists them; docs/api.md documents them).

#include <algorithm>
#include <rassegna/dates.h>
#include <rassegna/error.h>

#include "rassegna_version.h"
#include "searcher/api/errors.h"
#include "searcher/api/exports.h"
#include "searcher/api/feeds.h"
#include "searcher/api/json_format.h"
#include "searcher/api/params.h"
#include "searcher/api/review.h"
#include "searcher/api/routes.h"
#include "searcher/query/trends.h"

namespace rassegna::api {
namespace {

constexpr std::string_view kCompaniesPrefix = "/api/companies/";
constexpr size_t kFeedEntries = 50;         // entries of a feed when `size` is not given
constexpr size_t kMaxExport = 1000000;      // matches one export lists at most
constexpr size_t kExportBatch = 200;        // articles read per database borrow while exporting
constexpr size_t kMaxTrendCompanies = 5;    // series of one trends answer
constexpr size_t kReviewDefault = 50;       // articles of a review made from a search
constexpr size_t kMaxReview = 200;          // articles of one review
constexpr uint64_t kSuggestBelow = 5;       // a search with fewer hits gets a spelling suggestion

[[noreturn]] void refuse(const std::string& param, const std::string& why) {
  throw Error(ErrorCode::invalid_argument, param, why);
}

const std::string* single(const Params& params, const std::string& name) {
  auto [first, last] = params.equal_range(name);
  if (first == last) return nullptr;
  if (std::next(first) != last) refuse(name, "given " + std::to_string(std::distance(first, last)) + " times; give it once");
  if (!is_parameter_text(first->second)) refuse(name, "is not valid UTF-8 text (or holds a NUL byte)");
  return &first->second;
}

size_t count_param(const Params& params, const std::string& name, size_t fallback, size_t min, size_t max) {
  const std::string* v = single(params, name);
  if (v == nullptr) return fallback;
  size_t n = 0;
  bool digits = !v->empty() && v->size() < 10;
  for (char c : *v) {
    digits = digits && c >= '0' && c <= '9';
    if (digits) n = n * 10 + static_cast<size_t>(c - '0');
  }
  if (!digits || n < min || n > max) {
    refuse(name, quote_value(*v) + " is not a whole number between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return n;
}

// parse_search_params without paging: page and size do not apply to feeds, exports and trends.
SearchRequest search_of(const Params& params, const SearchLimits& limits) {
  Params rest;
  for (const auto& [k, v] : params) {
    if (k != "page" && k != "size") rest.emplace(k, v);
  }
  SearchParams p = parse_search_params(rest, limits);
  p.request.facets = false;
  return p.request;
}

std::vector<Article> read_articles(Searcher& searcher, const std::vector<std::string>& ids, bool skip_missing) {
  std::vector<Article> out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    try {
      out.push_back(searcher.article(id));
    } catch (const Error& e) {
      if (!(skip_missing && e.code() == ErrorCode::not_found)) throw;
    }
  }
  return out;
}

}  // namespace

bool Api::is_press_path(const std::string& path, bool& allows_post) {
  allows_post = path == "/api/review";
  return allows_post || path == "/api/search.atom" || path == "/api/search.csv" || path == "/api/search.jsonl" ||
         path == "/api/trends" || path == "/api/review.css" || path.rfind(kCompaniesPrefix, 0) == 0;
}

ApiResponse Api::press_route(const ApiRequest& request) {
  const std::string& path = request.path;
  if (path == "/api/search.atom") return feed(request);
  if (path == "/api/search.csv") return export_search(request, true);
  if (path == "/api/search.jsonl") return export_search(request, false);
  if (path == "/api/trends") return trends(request);
  if (path == "/api/review") return review(request);
  if (path == "/api/review.css") {
    ApiResponse r;
    r.body = review_css();
    r.content_type = "text/css; charset=utf-8";
    return r;
  }
  return company(request, path.substr(kCompaniesPrefix.size()));
}

void Api::add_suggestion(Searcher& searcher, const SearchRequest& request, nlohmann::json& body) {
  const uint64_t total = body.value("total", uint64_t{0});
  if (request.query.empty() || total >= kSuggestBelow) return;
  std::string suggestion = searcher.suggest(request.query, request.lang);
  if (suggestion.empty() || suggestion == request.query) return;
  SearchRequest r = request;
  r.query = suggestion;
  r.offset = 0;
  r.limit = 0;
  r.facets = true;  // an exact count
  r.facet_size = 0;
  r.snippets = false;
  uint64_t found = 0;
  try {
    found = searcher.search(r).total;
  } catch (const Error&) {
    return;  // a suggestion that does not parse is no suggestion
  }
  if (found <= total) return;
  body["suggestion"] = suggestion;
  body["suggestion_total"] = found;
}

ApiResponse Api::feed(const ApiRequest& request) {
  SearchRequest req;
  try {
    req = search_of(request.params, options_.limits);
    req.limit = count_param(request.params, "size", std::min(kFeedEntries, options_.limits.max_limit), 1,
                            options_.limits.max_limit);
  } catch (const Error& e) {
    return error_response(e);
  }
  req.sort = SortOrder::date;
  req.offset = 0;
  req.snippets = true;
  return with_searcher([&](Searcher& searcher) {
    SearchResult result = searcher.search(req);
    FeedInfo info;
    info.request = req;
    info.base_url = request.base_url;
    info.self_query = canonical_search(req);
    if (request.params.count("size")) {
      info.self_query += (info.self_query.empty() ? "size=" : "&size=") + std::to_string(req.limit);
    }
    info.fallback_updated = searcher.stats().last_update;
    info.version = RASSEGNA_VERSION;
    ApiResponse r;
    r.body = atom_feed(info, result.hits);
    r.content_type = "application/atom+xml; charset=utf-8";
    return r;
  });
}

ApiResponse Api::export_search(const ApiRequest& request, bool csv) {
  SearchRequest req;
  try {
    req = search_of(request.params, options_.limits);
  } catch (const Error& e) {
    return error_response(e);
  }
  std::vector<std::string> ids;
  ApiResponse listed = with_searcher([&](Searcher& searcher) {
    ids = searcher.match_ids(req, kMaxExport);
    return ApiResponse{};
  });
  if (listed.status != 200) return listed;
  ApiResponse r;
  r.content_type = csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
  r.headers.emplace_back("Content-Disposition",
                         std::string("attachment; filename=\"rassegna-search.") + (csv ? "csv" : "jsonl") + "\"");
  r.headers.emplace_back("X-Rassegna-Matches", std::to_string(ids.size()));
  auto read = [this](const std::vector<std::string>& part) {
    SearcherPool::Lease lease = pool_.borrow(options_.queue_wait);
    return read_articles(*lease, part, true);
  };
  r.stream = export_stream(std::move(ids), csv ? ExportFormat::csv : ExportFormat::jsonl, read, kExportBatch,
                           [this, path = request.path](const std::string& why) {
                             options_.log_error("GET " + path + ": export cut short: " + why);
                           });
  return r;
}

ApiResponse Api::trends(const ApiRequest& request) {
  SearchRequest req;
  Granularity granularity = Granularity::month;
  std::vector<std::string> companies;
  try {
    req = search_of(request.params, options_.limits);
    companies = req.companies;
    if (companies.empty()) refuse("company", "missing: name one to five companies (company=A&company=B)");
    if (companies.size() > kMaxTrendCompanies) {
      refuse("company", "given " + std::to_string(companies.size()) + " times; the limit is " +
                            std::to_string(kMaxTrendCompanies));
    }
    if (const std::string* g = single(request.params, "granularity"); g != nullptr && !g->empty()) {
      auto parsed = parse_granularity(*g);
      if (!parsed) refuse("granularity", quote_value(*g) + " is not one of: day, week, month, year");
      granularity = *parsed;
    }
  } catch (const Error& e) {
    return error_response(e);
  }
  req.companies.clear();
  return with_searcher([&](Searcher& searcher) {
    Trends t = company_trends(searcher, req, companies, granularity);
    nlohmann::json series = nlohmann::json::array();
    for (const auto& s : t.series) {
      series.push_back({{"company", s.company}, {"name", s.name}, {"counts", s.counts}, {"total", s.total},
                        {"undated", s.undated}});
    }
    return json_response(200, {{"query", req.query},
                               {"granularity", granularity_name(t.granularity)},
                               {"periods", t.periods},
                               {"series", series}});
  });
}

ApiResponse Api::company(const ApiRequest& request, const std::string& name) {
  if (name.empty() || !is_parameter_text(name) || name.size() > options_.limits.max_value_bytes) {
    return error_response(404, "not_found", "no company named in the path: use /api/companies/{name}");
  }
  size_t top = 10;
  try {
    top = count_param(request.params, "top", 10, 1, 50);
  } catch (const Error& e) {
    return error_response(e);
  }
  return with_searcher([&](Searcher& searcher) {
    CompanyProfile p = company_profile(searcher, name, top);
    nlohmann::json co = nlohmann::json::array();
    for (const auto& b : p.co_mentions) co.push_back({{"company", b.value}, {"count", b.count}});
    return json_response(200, {{"name", p.name},
                               {"in_gazetteer", p.in_gazetteer},
                               {"aliases", p.aliases},
                               {"tickers", p.tickers},
                               {"mentions", p.mentions},
                               {"first_date", p.first_date},
                               {"last_date", p.last_date},
                               {"co_mentions", co}});
  });
}

ApiResponse Api::review(const ApiRequest& request) {
  ReviewOptions options;
  std::vector<std::string> ids;
  SearchRequest req;
  bool from_search = false;
  size_t size = kReviewDefault;
  try {
    auto [first, last] = request.params.equal_range("id");
    for (auto it = first; it != last; ++it) {
      if (it->second.empty()) continue;
      if (!is_parameter_text(it->second) || it->second.size() > options_.limits.max_value_bytes) {
        refuse("id", quote_value(is_parameter_text(it->second) ? it->second : "(not UTF-8)") + " is not an article id");
      }
      if (std::find(ids.begin(), ids.end(), it->second) != ids.end()) continue;  // once each, first place kept
      if (ids.size() == kMaxReview) refuse("id", "given more than " + std::to_string(kMaxReview) + " times");
      ids.push_back(it->second);
    }
    if (const std::string* g = single(request.params, "group")) {
      if (*g == "company" || g->empty()) {
        options.group = ReviewGroup::company;
      } else if (*g == "source") {
        options.group = ReviewGroup::source;
      } else if (*g == "none") {
        options.group = ReviewGroup::none;
      } else {
        refuse("group", quote_value(*g) + " is not one of: company, source, none");
      }
    }
    if (const std::string* ui = single(request.params, "ui")) {
      if (*ui != "it" && *ui != "en" && !ui->empty()) refuse("ui", quote_value(*ui) + " is not one of: it, en");
      if (!ui->empty()) options.lang = *ui;
    }
    if (const std::string* title = single(request.params, "title")) {
      if (title->size() > 200) refuse("title", "is " + std::to_string(title->size()) + " bytes long; the limit is 200");
      options.title = *title;
    }
    if (ids.empty()) {
      Params search;
      for (const auto& [k, v] : request.params) {
        if (k == "q" || k == "company" || k == "lang" || k == "from" || k == "to" || k == "sort") search.emplace(k, v);
      }
      if (search.empty()) refuse("id", "missing: give article ids (id=...) or a search (q, company, lang, from, to)");
      req = search_of(search, options_.limits);
      size = count_param(request.params, "size", kReviewDefault, 1, kMaxReview);
      from_search = true;
      options.search = req.query;
      for (const auto& c : req.companies) options.search += (options.search.empty() ? "" : " · ") + c;
      if (!req.lang.empty()) options.search += " · " + req.lang;
      if (!req.from.empty() || !req.to.empty()) options.search += " · " + req.from + "–" + req.to;
    }
  } catch (const Error& e) {
    return error_response(e);
  }
  options.date = utc_now_iso8601().substr(0, 10);
  return with_searcher([&](Searcher& searcher) {
    if (from_search) ids = searcher.match_ids(req, size);
    std::vector<Article> articles = read_articles(searcher, ids, false);
    ApiResponse r;
    r.body = review_html(articles, options);
    r.content_type = "text/html; charset=utf-8";
    return r;
  });
}

}  // namespace rassegna::api
