#include "searcher/api/routes.h"

#include <algorithm>
#include <charconv>
#include <iostream>
#include <iterator>
#include <limits>
#include <thread>
#include <xapian.h>

#include "rassegna_openapi.h"
#include "rassegna_version.h"
#include "searcher/api/json_format.h"

namespace rassegna::api {
namespace {

using Params = std::multimap<std::string, std::string>;

constexpr std::string_view kApiPrefix = "/api/";
constexpr std::string_view kArticlesPrefix = "/api/articles/";

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF)
// without NUL bytes: parameters go into queries, messages and logs.
bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

// A value quoted for a message, cut short (at a character boundary) when long.
std::string quote_value(std::string_view value) {
  constexpr size_t kMax = 60;
  if (value.size() <= kMax) return "'" + std::string(value) + "'";
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return "'" + std::string(value.substr(0, cut)) + "...' (" + std::to_string(value.size()) + " bytes)";
}

[[noreturn]] void bad(const std::string& param, const std::string& why) {
  throw Error(ErrorCode::invalid_argument, param + ": " + why);
}

// A value checked for encoding and length; `max_bytes` 0: no length check here.
const std::string& checked(const std::string& param, const std::string& value, size_t max_bytes) {
  if (!valid_utf8(value)) bad(param, "is not valid UTF-8 text (or holds a NUL byte)");
  if (max_bytes > 0 && value.size() > max_bytes) {
    bad(param, "is " + std::to_string(value.size()) + " bytes long; the limit is " + std::to_string(max_bytes));
  }
  return value;
}

// The one value of a parameter that may be given once; nullptr when absent.
const std::string* single(const Params& params, const std::string& param) {
  auto [first, last] = params.equal_range(param);
  if (first == last) return nullptr;
  if (std::next(first) != last) {
    bad(param, "given " + std::to_string(std::distance(first, last)) + " times; give it once");
  }
  return &first->second;
}

size_t parse_count(const std::string& param, const std::string& value, size_t min, size_t max) {
  size_t n = 0;
  const char* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, n);
  const std::string range = "between " + std::to_string(min) + " and " + std::to_string(max);
  if (value.empty() || ec == std::errc::invalid_argument || ptr != end) {
    bad(param, quote_value(value) + " is not a whole number " + range);
  }
  if (ec == std::errc::result_out_of_range || n < min || n > max) bad(param, quote_value(value) + " is not " + range);
  return n;
}

bool parse_flag(const std::string& param, const std::string& value) {
  if (value == "1" || value == "true") return true;
  if (value == "0" || value == "false") return false;
  bad(param, quote_value(value) + " is not one of: 1, 0, true, false");
}

size_t count_words(std::string_view text) {
  size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

const std::string& checked_query(const std::string& q, const ApiLimits& limits) {
  checked("q", q, limits.max_query_bytes);
  if (size_t words = count_words(q); words > limits.max_query_words) {
    bad("q", "has " + std::to_string(words) + " words; the limit is " + std::to_string(limits.max_query_words));
  }
  return q;
}

// Query-language errors from the parser say "query ..."; the API names its parameter.
std::string name_query_param(const std::string& message) {
  if (message.rfind("query", 0) == 0) return "q: " + message;
  return message;
}

ApiResponse json_response(int status, const nlohmann::json& body) {
  ApiResponse r;
  r.status = status;
  r.body = dump(body);
  return r;
}

}  // namespace

SearchParams parse_search_params(const Params& params, const ApiLimits& limits) {
  SearchParams out;
  SearchRequest& req = out.request;
  if (const std::string* q = single(params, "q")) req.query = checked_query(*q, limits);
  auto [first, last] = params.equal_range("company");
  for (auto it = first; it != last; ++it) {
    if (it->second.empty()) continue;
    if (req.companies.size() == limits.max_companies) {
      bad("company", "given more than " + std::to_string(limits.max_companies) + " times");
    }
    req.companies.push_back(checked("company", it->second, limits.max_value_bytes));
  }
  if (const std::string* lang = single(params, "lang")) {
    if (!lang->empty() && *lang != "it" && *lang != "en") {
      bad("lang", quote_value(checked("lang", *lang, 0)) + " is not one of: it, en");
    }
    req.lang = *lang;
  }
  if (const std::string* from = single(params, "from")) req.from = checked("from", *from, limits.max_value_bytes);
  if (const std::string* to = single(params, "to")) req.to = checked("to", *to, limits.max_value_bytes);
  if (const std::string* sort = single(params, "sort")) {
    if (*sort == "date") {
      req.sort = SortOrder::date;
    } else if (sort->empty() || *sort == "relevance") {
      req.sort = SortOrder::relevance;
    } else {
      bad("sort", quote_value(checked("sort", *sort, 0)) + " is not one of: relevance, date");
    }
  }
  out.size = limits.default_size;
  if (const std::string* size = single(params, "size")) {
    out.size = parse_count("size", checked("size", *size, 0), 1, limits.max_size);
  }
  // Pages past the paging depth are refused here, before any database work.
  const size_t max_page = limits.max_offset / out.size + 1;
  if (const std::string* page = single(params, "page")) {
    out.page = parse_count("page", checked("page", *page, 0), 1, std::numeric_limits<size_t>::max());
    if (out.page > max_page) {
      bad("page", std::to_string(out.page) + " is too deep: with size " + std::to_string(out.size) +
                      " the last page is " + std::to_string(max_page) + " (" + std::to_string(limits.max_offset) +
                      " hits); narrow the search with filters");
    }
  }
  req.facets = true;
  if (const std::string* facets = single(params, "facets")) req.facets = parse_flag("facets", *facets);
  req.offset = (out.page - 1) * out.size;
  req.limit = out.size;
  req.snippets = true;
  req.facet_size = limits.facet_size;
  return out;
}

int http_status(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_argument:
      return 400;
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::unavailable:
    case ErrorCode::io_error:
      return 503;
    case ErrorCode::internal:
      return 500;
  }
  return 500;
}

ApiResponse error_response(int status, const std::string& code, const std::string& message) {
  return json_response(status, {{"error", {{"code", code}, {"message", message}}}});
}

// ---------------------------------------------------------------------------------------------

SearcherPool::SearcherPool(std::string db_path, size_t size, SearcherOptions options)
    : db_path_(std::move(db_path)), size_(std::max<size_t>(size, 1)), options_(options) {}

SearcherPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->give_back(std::move(searcher_));
}

SearcherPool::Lease SearcherPool::borrow(std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  if (!freed_.wait_for(lock, wait, [&] { return !free_.empty() || out_ < size_; })) {
    throw PoolTimeout("every database handle stayed busy for " + std::to_string(wait.count()) + " ms");
  }
  ++out_;
  if (!free_.empty()) {
    std::unique_ptr<Searcher> s = std::move(free_.back());
    free_.pop_back();
    return Lease(*this, std::move(s));
  }
  // Open outside the lock: opening may be slow, and may fail (database missing).
  lock.unlock();
  try {
    return Lease(*this, std::make_unique<Searcher>(db_path_, options_));
  } catch (...) {
    give_back(nullptr);
    throw;
  }
}

void SearcherPool::give_back(std::unique_ptr<Searcher> searcher) {
  {
    std::lock_guard lock(mutex_);
    --out_;
    if (searcher) free_.push_back(std::move(searcher));
  }
  freed_.notify_one();
}

// ---------------------------------------------------------------------------------------------

Api::Api(ApiOptions options)
    : options_(std::move(options)),
      pool_(options_.db_path, options_.searchers,
            [&] {
              SearcherOptions so;
              so.max_limit = options_.limits.max_size;
              so.max_offset = options_.limits.max_offset;
              return so;
            }()),
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
  return error_response(500, "internal", "the server failed to answer; the failure is in its log");
}

ApiResponse Api::route(const ApiRequest& request) {
  const std::string& path = request.path;
  if (path.rfind(kApiPrefix, 0) != 0 && path != "/api") {
    return error_response(404, "not_found", "no such path: " + quote_value(path) + "; the API is under /api/");
  }
  std::string id;
  const bool is_article = path.rfind(kArticlesPrefix, 0) == 0;
  if (is_article) id = path.substr(kArticlesPrefix.size());
  const bool known = is_article || path == "/api/search" || path == "/api/health" || path == "/api/stats" ||
                     path == "/api/openapi.json";
  if (!known) {
    return error_response(404, "not_found",
                          "no such path: " + quote_value(path) + "; see /api/openapi.json for the API's paths");
  }
  if (request.method != "GET" && request.method != "HEAD") {
    ApiResponse r = error_response(405, "method_not_allowed", request.method + " is not allowed here; use GET");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  if (path == "/api/search") return search(request);
  if (path == "/api/health") return health();
  if (path == "/api/stats") return stats();
  if (path == "/api/openapi.json") {
    ApiResponse r;
    r.body = openapi_json();
    return r;
  }
  return article(request, id);
}

ApiResponse Api::with_searcher(const std::function<ApiResponse(Searcher&)>& fn) {
  // A database that opened but then failed (an indexer commits faster than a slow search can
  // finish, files replaced under us) is retried with a fresh handle before the client hears of it.
  constexpr int kAttempts = 3;
  for (int attempt = 1;; ++attempt) {
    bool opened = false;
    try {
      SearcherPool::Lease lease = pool_.borrow(options_.queue_wait);
      opened = true;
      try {
        return fn(*lease);
      } catch (const Error& e) {
        if (e.code() == ErrorCode::unavailable) lease.discard();
        throw;
      } catch (const Xapian::DatabaseError& e) {
        // Corrupt, vanished or replaced files: reopen next time.
        lease.discard();
        throw Error(ErrorCode::unavailable, std::string("the database could not be read (") + e.get_type() + ")");
      }
    } catch (const PoolTimeout& e) {
      ApiResponse r = error_response(503, "busy", std::string("the server is busy: ") + e.what() + "; retry");
      r.headers.emplace_back("Retry-After", "1");
      return r;
    } catch (const Error& e) {
      if (e.code() == ErrorCode::internal) throw;  // logged by handle(), not shown
      if (e.code() == ErrorCode::unavailable && opened && attempt < kAttempts) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
        continue;
      }
      std::string message = e.what();
      if (e.code() == ErrorCode::unavailable) message = "the database is not available: " + message;
      ApiResponse r = error_response(http_status(e.code()), error_code_name(e.code()), message);
      if (r.status == 503) r.headers.emplace_back("Retry-After", "5");
      return r;
    }
  }
}

ApiResponse Api::search(const ApiRequest& request) {
  SearchParams params;
  try {
    params = parse_search_params(request.params, options_.limits);
  } catch (const Error& e) {
    return error_response(400, error_code_name(e.code()), e.what());
  }
  return with_searcher([&](Searcher& searcher) {
    SearchResult result;
    try {
      result = searcher.search(params.request);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::invalid_argument) throw;
      return error_response(400, error_code_name(e.code()), name_query_param(e.what()));
    }
    nlohmann::json body = to_json(result);
    body["page"] = params.page;
    body["size"] = params.size;
    body["max_offset"] = options_.limits.max_offset;  // so a pager knows its last page
    return json_response(200, body);
  });
}

ApiResponse Api::article(const ApiRequest& request, const std::string& id) {
  const ApiLimits& limits = options_.limits;
  if (id.empty()) return error_response(404, "not_found", "no article id in the path: use /api/articles/{id}");
  if (!valid_utf8(id) || id.size() > limits.max_value_bytes) {
    return error_response(404, "not_found", "no article with id " + quote_value(valid_utf8(id) ? id : "(not UTF-8)"));
  }
  std::string query;
  try {
    if (const std::string* q = single(request.params, "q")) query = checked_query(*q, limits);
  } catch (const Error& e) {
    return error_response(400, error_code_name(e.code()), e.what());
  }
  return with_searcher([&](Searcher& searcher) {
    Article a = searcher.article(id);
    nlohmann::json body = to_json(a);
    if (!query.empty()) {
      try {
        body["body_html"] = searcher.highlighted_body(a, query);
        body["title_html"] = searcher.highlighted_title(a, query);
      } catch (const Error& e) {
        if (e.code() != ErrorCode::invalid_argument) throw;
        return error_response(400, error_code_name(e.code()), name_query_param(e.what()));
      }
    }
    return json_response(200, body);
  });
}

ApiResponse Api::health() {
  const double uptime =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
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
