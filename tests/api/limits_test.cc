// One SearchLimits: the API refuses requests past it up front, naming its own parameters, and
// the Searcher it configures enforces the same values for every caller (the CLI included).
#include <chrono>
#include <functional>
#include <map>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>

#include <rassegna/error.h>

#include "searcher/api/routes.h"
#include "tests/common/test_support.h"

namespace rassegna::api {
namespace {

using nlohmann::json;
using Params = std::multimap<std::string, std::string>;
using testing::bundled_db;
using testing::kSeedId;

SearchLimits small_limits() {
  SearchLimits l;
  l.max_query_bytes = 12;
  l.max_limit = 10;
  l.max_offset = 20;
  return l;
}

std::string message_of(Api& api, const std::string& path, Params params) {
  ApiRequest r;
  r.path = path;
  r.params = std::move(params);
  ApiResponse res = api.handle(r);
  EXPECT_EQ(res.status, 400) << res.body;
  return json::parse(res.body)["error"]["message"].get<std::string>();
}

// What a Searcher throws for a request that `set` fills in, as "param: message" ("(accepted)"
// when nothing).
std::string searcher_error(Searcher& searcher, const std::function<void(SearchRequest&)>& set) {
  SearchRequest request;
  set(request);
  try {
    searcher.search(request);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
    return std::string(e.param()) + ": " + e.message();
  }
  return "(accepted)";
}

TEST(SearchLimits, TheApiRefusesUpFrontWithItsOwnNames) {
  Api api({bundled_db(), 1, small_limits(), std::chrono::milliseconds(5000), {}});
  EXPECT_EQ(message_of(api, "/api/search", {{"q", "thirteen byte"}}), "q: is 13 bytes long; the limit is 12");
  EXPECT_EQ(message_of(api, "/api/search", {{"size", "11"}}), "size: '11' is not between 1 and 10");
  EXPECT_EQ(message_of(api, "/api/search", {{"page", "4"}}).rfind("page: 4 is too deep: with size 10 the last page is 3", 0),
            0u);
  EXPECT_EQ(message_of(api, std::string("/api/articles/") + kSeedId, {{"q", "thirteen byte"}}),
            "q: is 13 bytes long; the limit is 12");
}

TEST(SearchLimits, TheSearcherEnforcesTheSameValues) {
  SearcherOptions options;
  options.limits = small_limits();
  Searcher searcher(bundled_db(), options);
  EXPECT_EQ(searcher_error(searcher, [](SearchRequest& r) { r.query = "thirteen byte"; }),
            "query: is 13 bytes long; the limit is 12");
  EXPECT_EQ(searcher_error(searcher, [](SearchRequest& r) { r.query = "twelve bytes"; }), "(accepted)");
  EXPECT_EQ(searcher_error(searcher, [](SearchRequest& r) { r.limit = 11; }), "limit: 11 is more than 10");
  EXPECT_EQ(searcher_error(searcher, [](SearchRequest& r) { r.offset = 21; }).rfind("offset: paging stops at 20 hits", 0),
            0u);
  Article seed = searcher.article(kSeedId);
  try {
    searcher.highlighted_body(seed, "thirteen byte");
    ADD_FAILURE() << "a query past the limit was highlighted";
  } catch (const Error& e) {
    EXPECT_EQ(e.param(), "query");
  }
}

TEST(SearchLimits, QueryErrorsNameTheQuery) {
  Searcher searcher(bundled_db());
  EXPECT_EQ(searcher_error(searcher, [](SearchRequest& r) { r.query = "(oracle"; }).rfind("query: error at position 1", 0),
            0u);
  EXPECT_EQ(searcher_error(searcher, [](SearchRequest& r) { r.from = "ieri"; }),
            "from: 'ieri' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD");
  EXPECT_EQ(searcher_error(searcher, [](SearchRequest& r) { r.lang = "fr"; }), "lang: 'fr' is not one of: it, en");
  EXPECT_EQ(searcher_error(searcher, [](SearchRequest& r) {
              r.from = "2021";
              r.to = "2020";
            }),
            "to: '2020' is before from: '2021'");
}

}  // namespace
}  // namespace rassegna::api
