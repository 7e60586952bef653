#pragma once
// The JSON API's router and handlers, without sockets. The HTTP server (http_server.h) is thin
// glue over `Api::handle`, and tests call it directly.
//
//   GET /api/search          hits, total, facets             (params.h: parse_search_params)
//   GET /api/articles/{id}   one article, with body_html when ?q= is given
//   GET /api/health          200 ok / 503 degraded
//   GET /api/stats           database statistics
//   GET /api/openapi.json    the OpenAPI 3 description of the above
//   press-office routes (press_routes.cc):
//   GET /api/search.atom     the search as an Atom feed, newest first
//   GET /api/search.csv|.jsonl  every match of the search, streamed
//   GET /api/trends          per-period counts of companies within a search
//   GET /api/companies/{name}  aliases, mentions, first/last date, co-mentioned companies
//   GET|POST /api/review     the press review of chosen articles or a search (HTML); /api/review.css
//
// Errors (errors.h) are {"error": {"code", "message"}}: 400 names the bad parameter, 404 unknown
// ids and paths, 405 other methods, 503 a missing or unreadable database or no free worker,
// 500 a bug (never with internals in the body; those go to the log).

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "searcher/api/response.h"
#include "searcher/api/searcher_pool.h"
#include "searcher/query/search_limits.h"
#include "searcher/query/searcher.h"

namespace rassegna::api {

struct ApiOptions {
  std::string db_path;
  size_t searchers = 1;  // concurrent database handles (one per worker)
  SearchLimits limits;   // refused up front by the API, and enforced again by each Searcher
  // How long a request may wait for a free database handle before 503 (server busy).
  std::chrono::milliseconds queue_wait{5000};
  // Where internal errors are reported (the message never reaches the client). Default: stderr.
  std::function<void(const std::string&)> log_error;
  RemoteOptions remote;  // timeouts for a stub's remote parts (remote_parts.h)
};

class Api {
 public:
  explicit Api(ApiOptions options);

  // Never throws: every failure becomes an error response.
  ApiResponse handle(const ApiRequest& request);

  // The OpenAPI 3 document served at /api/openapi.json.
  static const std::string& openapi_json();

 private:
  ApiResponse route(const ApiRequest& request);
  ApiResponse search(const ApiRequest& request);
  ApiResponse article(const ApiRequest& request, const std::string& id);
  ApiResponse related(const ApiRequest& request, const std::string& id);  // related_route.cc
  ApiResponse health();
  ApiResponse stats();
  // press_routes.cc
  ApiResponse feed(const ApiRequest& request);
  ApiResponse export_search(const ApiRequest& request, bool csv);
  ApiResponse trends(const ApiRequest& request);
  ApiResponse company(const ApiRequest& request, const std::string& name);
  ApiResponse review(const ApiRequest& request);
  // Adds "suggestion" to a search answer with few hits (the "did you mean" of the page).
  void add_suggestion(Searcher& searcher, const SearchRequest& request, nlohmann::json& body);
  // A path of press_routes.cc, or nullptr when not one; sets `allows_post`.
  static bool is_press_path(const std::string& path, bool& allows_post);
  ApiResponse press_route(const ApiRequest& request);
  // Runs `fn` with a borrowed Searcher; project errors (a bad query, an unknown id, a database
  // that cannot be read) become their error responses, and no free Searcher a 503 busy. Nothing
  // is retried here: the Searcher retries reads that race a commit (searcher.h), and a Searcher
  // whose database failed is discarded, so the next request opens the database afresh.
  ApiResponse with_searcher(const std::function<ApiResponse(Searcher&)>& fn);

  ApiOptions options_;
  SearcherPool pool_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace rassegna::api
