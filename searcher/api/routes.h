#pragma once
// The JSON API without sockets: a plain request (method, path, decoded query parameters) in,
// a status, a body and a content type out. The HTTP server (http_server.h) is thin glue over
// `Api::handle`, and tests call it directly.
//
//   GET /api/search          hits, total, facets             (parse_search_params)
//   GET /api/articles/{id}   one article, with body_html when ?q= is given
//   GET /api/health          200 ok / 503 degraded
//   GET /api/stats           database statistics
//   GET /api/openapi.json    the OpenAPI 3 description of the above
//
// Errors are {"error": {"code", "message"}}: 400 names the bad parameter, 404 unknown ids and
// paths, 405 other methods, 503 a missing or unreadable database, 500 a bug (never with
// internals in the body; those go to the log).

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <rassegna/error.h>

#include "searcher/query/search_request.h"
#include "searcher/query/searcher.h"

namespace rassegna::api {

struct ApiRequest {
  std::string method = "GET";
  std::string path;                                // decoded, without the query string
  std::multimap<std::string, std::string> params;  // decoded query parameters
};

struct ApiResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Allow, Retry-After)
};

struct ApiLimits {
  size_t max_query_bytes = 4096;   // q longer than this is refused (400)
  // Words (operators included) in q: parsing and matching cost grows with them, and Xapian 1.4
  // cannot stop a running match, so long queries are refused up front (600 words: ~150 ms).
  size_t max_query_words = 128;
  size_t max_value_bytes = 256;    // any other parameter value (company, from, id, ...)
  size_t max_companies = 20;       // company= given more often is refused
  size_t max_size = 100;           // hits per page
  size_t default_size = 10;        // hits per page when size= is absent
  size_t max_offset = 10000;       // (page - 1) * size at most: Searcher's paging depth
  size_t facet_size = 20;          // companies in the company facet
};

// A search request as the HTTP parameters give it, plus the page arithmetic.
struct SearchParams {
  SearchRequest request;
  size_t page = 1;
  size_t size = 10;
};

// Parses the parameters of GET /api/search. Throws rassegna::Error(invalid_argument) whose
// message starts with the parameter name ("size: '0' is not between 1 and 100").
// Unknown parameters are ignored.
SearchParams parse_search_params(const std::multimap<std::string, std::string>& params,
                                 const ApiLimits& limits = {});

// HTTP status for a project error code.
int http_status(ErrorCode code) noexcept;

// {"error": {"code": code, "message": message}} with the given status.
ApiResponse error_response(int status, const std::string& code, const std::string& message);

// Thrown by SearcherPool::borrow when every Searcher stayed busy for the whole wait.
struct PoolTimeout : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// N Searchers over one database, one borrowed per request: a Searcher is not thread-safe, so
// no two requests share one. Searchers are opened lazily, so a database that does not exist
// yet is retried on every request; a Searcher that reported the database unavailable is
// dropped and reopened next time.
class SearcherPool {
 public:
  SearcherPool(std::string db_path, size_t size, SearcherOptions options = {});

  class Lease {
   public:
    Lease(SearcherPool& pool, std::unique_ptr<Searcher> searcher) : pool_(&pool), searcher_(std::move(searcher)) {}
    Lease(Lease&& other) noexcept : pool_(std::exchange(other.pool_, nullptr)), searcher_(std::move(other.searcher_)) {}
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();
    Searcher& operator*() { return *searcher_; }
    Searcher* operator->() { return searcher_.get(); }
    // The database failed under this Searcher: close it instead of returning it to the pool.
    void discard() { searcher_.reset(); }

   private:
    SearcherPool* pool_;
    std::unique_ptr<Searcher> searcher_;
  };

  // A free Searcher, opening one when fewer than `size` exist; waits up to `wait` when all
  // are lent. Throws Error(unavailable) when the database cannot be opened, PoolTimeout when
  // no Searcher came free in time.
  Lease borrow(std::chrono::milliseconds wait);

  const std::string& db_path() const { return db_path_; }
  size_t size() const { return size_; }

 private:
  void give_back(std::unique_ptr<Searcher> searcher);

  std::string db_path_;
  size_t size_;
  SearcherOptions options_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Searcher>> free_;
  size_t out_ = 0;  // Searchers lent or being opened
};

struct ApiOptions {
  std::string db_path;
  size_t searchers = 1;  // concurrent database handles (one per worker)
  ApiLimits limits;
  // How long a request may wait for a free database handle before 503 (server busy).
  std::chrono::milliseconds queue_wait{5000};
  // Where internal errors are reported (the message never reaches the client). Default: stderr.
  std::function<void(const std::string&)> log_error;
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
  ApiResponse health();
  ApiResponse stats();
  // Runs `fn` with a borrowed Searcher, mapping pool and database failures to errors.
  ApiResponse with_searcher(const std::function<ApiResponse(Searcher&)>& fn);

  ApiOptions options_;
  SearcherPool pool_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace rassegna::api
