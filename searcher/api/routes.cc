#include "searcher/api/routes.h"

#include <iostream>
#include <xapian.h>

#include <rassegna/error.h>

#include "rassegna_openapi.h"
#include "rassegna_version.h"
#include "searcher/api/errors.h"
#include "searcher/api/json_format.h"
#include "searcher/api/params.h"

namespace rassegna::api {
namespace {

constexpr std::string_view kApiPrefix = "/api/";
constexpr std::string_view kArticlesPrefix = "/api/articles/";

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

SearcherOptions searcher_options(const SearchLimits& limits, const RemoteOptions& remote) {
  SearcherOptions o;
  o.limits = limits;
  o.remote = remote;
  return o;
}

}  // namespace

Api::Api(ApiOptions options)
    : options_(std::move(options)),
      pool_(options_.db_path, options_.searchers, searcher_options(options_.limits, options_.remote)),
      started_(std::chrono::steady_clock::now()) {
  if (!options_.log_error) {
    options_.log_error = [](const std::string& m) { std::cerr << "rassegna-server: error: " << m << '\n'; };
  }
}

const std::string& Api::openapi_json() {
  static const std::string doc = [] {
    nlohmann::json j = nlohmann::json::parse(kRassegnaOpenApiJson);
    j["info"]["version"] = RASSEGNA_VERSION;
    return dump(j);
  }();
  return doc;
}

ApiResponse Api::handle(const ApiRequest& request) {
  try {
    ApiResponse r = route(request);
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  } catch (const std::exception& e) {
    options_.log_error(request.method + " " + request.path + ": " + e.what());
  } catch (...) {
    options_.log_error(request.method + " " + request.path + ": unknown exception");
  }
  return internal_error_response();
}

ApiResponse Api::route(const ApiRequest& request) {
  const std::string& path = request.path;
  if (!starts_with(path, kApiPrefix) && path != "/api") {
    return error_response(404, "not_found", "no such path: " + quote_value(path) + "; the API is under /api/");
  }
  const bool is_article = starts_with(path, kArticlesPrefix);
  bool allows_post = false;
  const bool press = is_press_path(path, allows_post);
  const bool known = is_article || press || path == "/api/search" || path == "/api/health" || path == "/api/stats" ||
                     path == "/api/openapi.json";
  if (!known) {
    return error_response(404, "not_found",
                          "no such path: " + quote_value(path) + "; see /api/openapi.json for the API's paths");
  }
  if (request.method != "GET" && request.method != "HEAD" && !(allows_post && request.method == "POST")) {
    ApiResponse r = error_response(405, "method_not_allowed",
                                   request.method + " is not allowed here; use GET" + (allows_post ? " or POST" : ""));
    r.headers.emplace_back("Allow", allows_post ? "GET, HEAD, POST" : "GET, HEAD");
    return r;
  }
  if (press) return press_route(request);
  if (is_article) {
    std::string id = path.substr(kArticlesPrefix.size());
    constexpr std::string_view kRelated = "/related";
    if (id.size() > kRelated.size() && id.compare(id.size() - kRelated.size(), kRelated.size(), kRelated) == 0) {
      return related(request, id.substr(0, id.size() - kRelated.size()));
    }
    return article(request, id);
  }
  if (path == "/api/search") return search(request);
  if (path == "/api/health") return health();
  if (path == "/api/stats") return stats();
  ApiResponse r;
  r.body = openapi_json();
  return r;
}

ApiResponse Api::with_searcher(const std::function<ApiResponse(Searcher&)>& fn) {
  try {
    SearcherPool::Lease lease = pool_.borrow(options_.queue_wait);
    try {
      return fn(*lease);
    } catch (const Error& e) {
      if (e.code() == ErrorCode::unavailable) lease.discard();
      throw;
    } catch (const Xapian::DatabaseError& e) {
      // Corrupt, vanished or replaced files: the next request opens the database afresh.
      lease.discard();
      throw Error(ErrorCode::unavailable, std::string("the database could not be read (") + e.get_type() + ")");
    }
  } catch (const PoolTimeout& e) {
    return busy_response(e.what());
  } catch (const Error& e) {
    if (e.code() == ErrorCode::internal) throw;  // logged by handle(), not shown
    return error_response(e);
  }
}

ApiResponse Api::search(const ApiRequest& request) {
  SearchParams params;
  try {
    params = parse_search_params(request.params, options_.limits);
  } catch (const Error& e) {
    return error_response(e);
  }
  return with_searcher([&](Searcher& searcher) {
    nlohmann::json body = to_json(searcher.search(params.request));
    add_suggestion(searcher, params.request, body);
    body["page"] = params.page;
    body["size"] = params.size;
    body["max_offset"] = options_.limits.max_offset;  // so a pager knows its last page
    return json_response(200, body);
  });
}

ApiResponse Api::article(const ApiRequest& request, const std::string& id) {
  if (id.empty()) return error_response(404, "not_found", "no article id in the path: use /api/articles/{id}");
  if (!is_parameter_text(id) || id.size() > options_.limits.max_value_bytes) {
    return error_response(404, "not_found", "no article with id " + quote_value(is_parameter_text(id) ? id : "(not UTF-8)"));
  }
  std::string query;
  try {
    query = parse_highlight_query(request.params, options_.limits);
  } catch (const Error& e) {
    return error_response(e);
  }
  return with_searcher([&](Searcher& searcher) {
    Article a = searcher.article(id);
    nlohmann::json body = to_json(a);
    if (!query.empty()) {
      body["body_html"] = searcher.highlighted_body(a, query);
      body["title_html"] = searcher.highlighted_title(a, query);
    }
    return json_response(200, body);
  });
}

ApiResponse Api::health() {
  const double uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  nlohmann::json body = {{"version", RASSEGNA_VERSION}, {"uptime_s", static_cast<int64_t>(uptime)}};
  ApiResponse r = with_searcher([&](Searcher& searcher) {
    DatabaseStats s = searcher.stats();
    body["status"] = "ok";
    body["database"] = {{"available", true}, {"articles", s.articles}, {"last_update", s.last_update}};
    return json_response(200, body);
  });
  if (r.status == 200) return r;
  // Degraded: the server runs, the database does not answer. Say why, in the health shape.
  std::string why;
  try {
    why = nlohmann::json::parse(r.body).at("error").at("message").get<std::string>();
  } catch (const std::exception&) {
    why = "the database does not answer";
  }
  body["status"] = "degraded";
  body["database"] = {{"available", false}, {"message", why}};
  ApiResponse out = json_response(503, body);
  out.headers = r.headers;
  return out;
}

ApiResponse Api::stats() {
  return with_searcher([](Searcher& searcher) { return json_response(200, to_json(searcher.stats())); });
}

}  // namespace rassegna::api
