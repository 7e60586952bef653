// The API without sockets: parameter parsing, error mapping and every route through Api::handle.
#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <thread>

#include "searcher/api/errors.h"
#include "searcher/api/params.h"
#include "searcher/api/routes.h"
#include "test_support.h"

namespace rassegna::api {
namespace {

using nlohmann::json;
using test::corpus_db;
using test::kSeedId;

std::string error_message_for(const Params& params) {
  try {
    parse_search_params(params);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
    return e.what();
  }
  return "(accepted)";
}

ApiRequest get(const std::string& path, Params params = {}) {
  ApiRequest r;
  r.path = path;
  r.params = std::move(params);
  return r;
}

json body_of(const ApiResponse& r) { return json::parse(r.body); }

TEST(SearchParams, Defaults) {
  SearchParams p = parse_search_params({});
  EXPECT_EQ(p.page, 1u);
  EXPECT_EQ(p.size, 10u);
  EXPECT_EQ(p.request.offset, 0u);
  EXPECT_EQ(p.request.limit, 10u);
  EXPECT_TRUE(p.request.facets);
  EXPECT_TRUE(p.request.snippets);
  EXPECT_EQ(p.request.sort, SortOrder::relevance);
  EXPECT_TRUE(p.request.query.empty());
}

TEST(SearchParams, EveryParameter) {
  SearchParams p = parse_search_params({{"q", "tiktok oracle"},
                                        {"company", "Oracle"},
                                        {"company", "MSFT"},
                                        {"company", ""},
                                        {"lang", "it"},
                                        {"from", "2020-09"},
                                        {"to", "2020-09-30"},
                                        {"sort", "date"},
                                        {"page", "3"},
                                        {"size", "20"},
                                        {"facets", "false"},
                                        {"utm_source", "ignored"}});
  EXPECT_EQ(p.request.query, "tiktok oracle");
  EXPECT_EQ(p.request.companies, (std::vector<std::string>{"Oracle", "MSFT"}));
  EXPECT_EQ(p.request.lang, "it");
  EXPECT_EQ(p.request.from, "2020-09");
  EXPECT_EQ(p.request.to, "2020-09-30");
  EXPECT_EQ(p.request.sort, SortOrder::date);
  EXPECT_EQ(p.page, 3u);
  EXPECT_EQ(p.size, 20u);
  EXPECT_EQ(p.request.offset, 40u);
  EXPECT_EQ(p.request.limit, 20u);
  EXPECT_FALSE(p.request.facets);
}

TEST(SearchParams, FacetFlags) {
  EXPECT_TRUE(parse_search_params({{"facets", "1"}}).request.facets);
  EXPECT_TRUE(parse_search_params({{"facets", "true"}}).request.facets);
  EXPECT_FALSE(parse_search_params({{"facets", "0"}}).request.facets);
  EXPECT_FALSE(parse_search_params({{"facets", "false"}}).request.facets);
}

TEST(SearchParams, PagingDepth) {
  // (page - 1) * size may reach max_offset (10000), not pass it.
  EXPECT_EQ(parse_search_params({{"page", "1001"}}).request.offset, 10000u);
  EXPECT_EQ(parse_search_params({{"page", "101"}, {"size", "100"}}).request.offset, 10000u);
  EXPECT_EQ(error_message_for({{"page", "1002"}}).rfind("page: 1002 is too deep", 0), 0u);
  EXPECT_EQ(error_message_for({{"page", "102"}, {"size", "100"}}).rfind("page:", 0), 0u);
}

TEST(SearchParams, BadValuesNameTheParameter) {
  const std::string long_q(4097, 'a');
  const std::vector<std::pair<Params, std::string>> cases = {
      {{{"size", "0"}}, "size: '0' is not between 1 and 100"},
      {{{"size", "101"}}, "size: '101' is not between 1 and 100"},
      {{{"size", "abc"}}, "size: 'abc' is not a whole number between 1 and 100"},
      {{{"size", ""}}, "size: '' is not a whole number"},
      {{{"size", "-1"}}, "size: '-1' is not a whole number"},
      {{{"size", "10.5"}}, "size: '10.5' is not a whole number"},
      {{{"size", " 10"}}, "size: ' 10' is not a whole number"},
      {{{"size", "99999999999999999999999999"}}, "size: '99999999999999999999999999' is not between"},
      {{{"page", "0"}}, "page: '0' is not between 1 and"},
      {{{"page", "-3"}}, "page: '-3' is not a whole number"},
      {{{"page", "1e3"}}, "page: '1e3' is not a whole number"},
      {{{"page", "18446744073709551616"}}, "page: '18446744073709551616' is not between"},
      {{{"sort", "newest"}}, "sort: 'newest' is not one of: relevance, date"},
      {{{"lang", "fr"}}, "lang: 'fr' is not one of: it, en"},
      {{{"lang", "IT"}}, "lang: 'IT' is not one of: it, en"},
      {{{"facets", "yes"}}, "facets: 'yes' is not one of: 1, 0, true, false"},
      {{{"q", long_q}}, "q: is 4097 bytes long; the limit is 4096"},
      {{{"q", "caf\xC3"}}, "q: is not valid UTF-8"},
      {{{"q", "\xFF\xFE"}}, "q: is not valid UTF-8"},
      {{{"q", "\xC0\xAF"}}, "q: is not valid UTF-8"},          // overlong '/'
      {{{"q", "\xED\xA0\x80"}}, "q: is not valid UTF-8"},      // surrogate
      {{{"q", std::string("a\0b", 3)}}, "q: is not valid UTF-8 text (or holds a NUL byte)"},
      {{{"company", "\x80"}}, "company: is not valid UTF-8"},
      {{{"company", std::string(257, 'x')}}, "company: is 257 bytes long; the limit is 256"},
      {{{"from", "\xFF"}}, "from: is not valid UTF-8"},
      {{{"to", std::string(300, '2')}}, "to: is 300 bytes long"},
      {{{"q", "a"}, {"q", "b"}}, "q: given 2 times; give it once"},
      {{{"size", "5"}, {"size", "5"}}, "size: given 2 times"},
  };
  for (const auto& [params, expected] : cases) {
    std::string message = error_message_for(params);
    EXPECT_EQ(message.rfind(expected, 0), 0u) << "expected: " << expected << "\n     got: " << message;
  }
}

TEST(SearchParams, TooManyWords) {
  std::string q;
  for (int i = 0; i < 128; ++i) q += "w" + std::to_string(i) + (i % 2 ? "\t" : "  ");
  EXPECT_EQ(error_message_for({{"q", q}}), "(accepted)");
  EXPECT_EQ(error_message_for({{"q", q + "one-more"}}), "q: has 129 words; the limit is 128");
}

TEST(SearchParams, TooManyCompanies) {
  Params p;
  for (int i = 0; i < 21; ++i) p.emplace("company", "c" + std::to_string(i));
  EXPECT_EQ(error_message_for(p), "company: given more than 20 times");
  p.erase(p.begin());
  EXPECT_EQ(error_message_for(p), "(accepted)");
}

TEST(SearchParams, LongValuesAreCutInMessages) {
  std::string message = error_message_for({{"sort", std::string(5000, 'z')}});
  EXPECT_LT(message.size(), 200u);
  EXPECT_NE(message.find("(5000 bytes)"), std::string::npos);
}

TEST(ErrorMapping, StatusPerCode) {
  EXPECT_EQ(http_status(ErrorCode::invalid_argument), 400);
  EXPECT_EQ(http_status(ErrorCode::not_found), 404);
  EXPECT_EQ(http_status(ErrorCode::unavailable), 503);
  EXPECT_EQ(http_status(ErrorCode::io_error), 503);
  EXPECT_EQ(http_status(ErrorCode::internal), 500);
  ApiResponse r = error_response(418, "teapot", "short and stout");
  EXPECT_EQ(r.status, 418);
  EXPECT_EQ(body_of(r), json::parse(R"({"error":{"code":"teapot","message":"short and stout"}})"));
}

class ApiRoutes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { api_ = new Api({corpus_db(), 2, {}, std::chrono::milliseconds(5000), {}}); }
  static void TearDownTestSuite() {
    delete api_;
    api_ = nullptr;
  }
  static ApiResponse handle(const std::string& path, Params params = {}, const std::string& method = "GET") {
    ApiRequest r = get(path, std::move(params));
    r.method = method;
    return api_->handle(r);
  }
  static Api* api_;
};
Api* ApiRoutes::api_ = nullptr;

TEST_F(ApiRoutes, SeedSearchWithCompanyFilter) {
  ApiResponse r = handle("/api/search", {{"q", "amministrazione"}, {"company", "Oracle"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  json j = body_of(r);
  EXPECT_EQ(j["query"], "amministrazione");
  EXPECT_EQ(j["total"], 1);
  EXPECT_EQ(j["total_exact"], true);
  EXPECT_EQ(j["page"], 1);
  EXPECT_EQ(j["size"], 10);
  EXPECT_TRUE(j["took_ms"].is_number());
  ASSERT_EQ(j["hits"].size(), 1u);
  const json& hit = j["hits"][0];
  EXPECT_EQ(hit["id"], kSeedId);
  for (const char* key : {"id", "title", "date", "lang", "source", "url", "companies", "score", "snippet"}) {
    EXPECT_TRUE(hit.contains(key)) << key;
  }
  EXPECT_NE(hit["snippet"].get<std::string>().find("<mark>amministrazione</mark>"), std::string::npos);
  EXPECT_NE(std::find(hit["companies"].begin(), hit["companies"].end(), "Oracle"), hit["companies"].end());
  ASSERT_TRUE(j.contains("facets"));
  EXPECT_FALSE(j["facets"]["company"].empty());
  EXPECT_TRUE(j["facets"]["company"][0].contains("value"));
  EXPECT_TRUE(j["facets"]["company"][0].contains("count"));
  EXPECT_TRUE(j["facets"]["date"].contains("granularity"));
  EXPECT_TRUE(j["facets"]["date"]["buckets"].is_array());
  const auto cache = std::find(r.headers.begin(), r.headers.end(), std::pair<std::string, std::string>("Cache-Control", "no-store"));
  EXPECT_NE(cache, r.headers.end());
}

TEST_F(ApiRoutes, SearchWithoutFacetsPagingAndSort) {
  json all = body_of(handle("/api/search", {{"size", "100"}, {"facets", "0"}}));
  EXPECT_EQ(all["total"], test::kCorpusArticles);
  EXPECT_EQ(all["hits"].size(), 100u);
  EXPECT_FALSE(all.contains("facets"));

  json page2 = body_of(handle("/api/search", {{"q", "tiktok"}, {"size", "2"}, {"page", "2"}, {"facets", "0"}}));
  json page1 = body_of(handle("/api/search", {{"q", "tiktok"}, {"size", "4"}, {"facets", "0"}}));
  ASSERT_GE(page1["hits"].size(), 4u);
  EXPECT_EQ(page2["page"], 2);
  EXPECT_EQ(page2["hits"][0]["id"], page1["hits"][2]["id"]);

  json by_date = body_of(handle("/api/search", {{"sort", "date"}, {"size", "20"}, {"lang", "en"}, {"facets", "0"}}));
  std::string previous = "9999";
  for (const auto& h : by_date["hits"]) {
    EXPECT_EQ(h["lang"], "en");
    std::string d = h["date"];
    if (d.empty()) continue;
    EXPECT_LE(d.substr(0, 10), previous.substr(0, 10));
    previous = d;
  }

  json far = body_of(handle("/api/search", {{"q", "tiktok"}, {"page", "50"}}));
  EXPECT_TRUE(far["hits"].empty());
  EXPECT_GT(far["total"].get<int>(), 0);
}

TEST_F(ApiRoutes, DateFilterAndFacet) {
  json j = body_of(handle("/api/search", {{"from", "2020"}, {"to", "2020-12-31"}}));
  ASSERT_TRUE(j.contains("facets"));
  for (const auto& h : j["hits"]) EXPECT_EQ(h["date"].get<std::string>().substr(0, 4), "2020");
}

TEST_F(ApiRoutes, SearchErrorsNameTheParameter) {
  auto message = [&](Params p) {
    ApiResponse r = handle("/api/search", std::move(p));
    EXPECT_EQ(r.status, 400) << r.body;
    json j = body_of(r);
    EXPECT_EQ(j["error"]["code"], "invalid_argument");
    return j["error"]["message"].get<std::string>();
  };
  EXPECT_EQ(message({{"q", "\"never closed"}}).rfind("q: error at position", 0), 0u);
  EXPECT_EQ(message({{"q", "(a OR b"}}).rfind("q: ", 0), 0u);
  EXPECT_EQ(message({{"from", "yesterday"}}).rfind("from: 'yesterday' is not a date", 0), 0u);
  EXPECT_EQ(message({{"to", "2020-13-01"}}).rfind("to: ", 0), 0u);
  EXPECT_EQ(message({{"from", "2021"}, {"to", "2020"}}).rfind("to: '2020' is before from: '2021'", 0), 0u);
  EXPECT_EQ(message({{"size", "1000"}}).rfind("size: ", 0), 0u);
}

TEST_F(ApiRoutes, HostileQueriesNeverFail) {
  const std::vector<std::string> queries = {
      "'; DROP TABLE articles; --", "<script>alert(1)</script>", "../../../../etc/passwd", "${jndi:ldap://x/a}",
      "*:*", "title:(", "company:", "company:\"", "\"", ")))(((", "NOT", "OR OR OR", "-", "+", "date:..",
      "date:9999-99-99..", "lang:xx", "%00%ff", "\\", "a AND NOT b OR (c -d) \"e f\" title:g", "🙂 ü ß ł",
      std::string(4096, 'x'), std::string(2000, ' ') + "a", "a b c d e f g h i j k l m n o p q r s t u v w x y z",
      [] {
        std::string many;
        for (int i = 0; i < 127; ++i) many += "parola" + std::to_string(i) + " OR ";
        return many + "fine";
      }(),
  };
  for (const auto& q : queries) {
    ApiResponse r = handle("/api/search", {{"q", q}});
    EXPECT_TRUE(r.status == 200 || r.status == 400) << q << " -> " << r.status << " " << r.body;
    json j = body_of(r);
    EXPECT_TRUE(j.contains("hits") || j.contains("error")) << q;
    for (const auto& h : j.value("hits", json::array())) {
      EXPECT_EQ(h["snippet"].get<std::string>().find("<script"), std::string::npos);
    }
  }
}

TEST_F(ApiRoutes, ArticleWithAndWithoutHighlights) {
  ApiResponse r = handle(std::string("/api/articles/") + kSeedId);
  ASSERT_EQ(r.status, 200) << r.body;
  json a = body_of(r);
  EXPECT_EQ(a["id"], kSeedId);
  EXPECT_NE(a["body"].get<std::string>().find("amministrazione"), std::string::npos);
  EXPECT_FALSE(a["companies"].empty());
  EXPECT_FALSE(a.contains("body_html"));

  json h = body_of(handle(std::string("/api/articles/") + kSeedId, {{"q", "amministrazione"}}));
  EXPECT_NE(h["body_html"].get<std::string>().find("<mark>amministrazione</mark>"), std::string::npos);

  ApiResponse bad_q = handle(std::string("/api/articles/") + kSeedId, {{"q", "\"open"}});
  EXPECT_EQ(bad_q.status, 400);
  EXPECT_EQ(body_of(bad_q)["error"]["message"].get<std::string>().rfind("q: ", 0), 0u);
}

TEST_F(ApiRoutes, UnknownArticlesAreNotFound) {
  for (const std::string& id : std::vector<std::string>{"no-such-id", "", "a/b", "\xFF\xFE", "' OR 1=1 --", std::string(5000, 'x')}) {
    ApiResponse r = handle("/api/articles/" + id);
    EXPECT_EQ(r.status, 404) << id;
    json j = body_of(r);
    EXPECT_EQ(j["error"]["code"], "not_found");
    EXPECT_LT(j["error"]["message"].get<std::string>().size(), 200u);
  }
}

TEST_F(ApiRoutes, HealthStatsOpenApi) {
  ApiResponse health = handle("/api/health");
  ASSERT_EQ(health.status, 200) << health.body;
  json h = body_of(health);
  EXPECT_EQ(h["status"], "ok");
  EXPECT_EQ(h["database"]["available"], true);
  EXPECT_EQ(h["database"]["articles"], test::kCorpusArticles);

  ApiResponse stats = handle("/api/stats");
  ASSERT_EQ(stats.status, 200);
  json s = body_of(stats);
  EXPECT_EQ(s["articles"], test::kCorpusArticles);
  EXPECT_EQ(s["by_lang"]["it"].get<int>() + s["by_lang"]["en"].get<int>(), static_cast<int>(test::kCorpusArticles));
  EXPECT_FALSE(s["first_date"].get<std::string>().empty());
  EXPECT_FALSE(s["last_date"].get<std::string>().empty());
  EXPECT_FALSE(s["last_update"].get<std::string>().empty());

  ApiResponse doc = handle("/api/openapi.json");
  ASSERT_EQ(doc.status, 200);
  json o = body_of(doc);
  EXPECT_EQ(o["openapi"].get<std::string>().substr(0, 2), "3.");
  for (const char* path : {"/api/search", "/api/articles/{id}", "/api/health", "/api/stats", "/api/openapi.json"}) {
    EXPECT_TRUE(o["paths"].contains(path)) << path;
  }
  // Every parameter the server reads is documented.
  std::set<std::string> documented;
  for (const auto& p : o["paths"]["/api/search"]["get"]["parameters"]) documented.insert(p["name"]);
  EXPECT_EQ(documented, (std::set<std::string>{"q", "company", "lang", "from", "to", "sort", "page", "size", "facets"}));
}

TEST_F(ApiRoutes, UnknownPathsAndMethods) {
  for (const char* path : {"/api", "/api/", "/api/nope", "/api/search/extra", "/api/articles", "/other"}) {
    ApiResponse r = handle(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(body_of(r)["error"]["code"], "not_found");
  }
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH"}) {
    ApiResponse r = handle("/api/search", {}, method);
    EXPECT_EQ(r.status, 405) << method;
    EXPECT_EQ(body_of(r)["error"]["code"], "method_not_allowed");
    EXPECT_NE(std::find(r.headers.begin(), r.headers.end(), std::pair<std::string, std::string>("Allow", "GET, HEAD")),
              r.headers.end());
  }
  EXPECT_EQ(handle("/api/health", {}, "HEAD").status, 200);
}

TEST(ApiEscaping, SnippetsNeverCarryArticleMarkup) {
  test::TempDir dir;
  test::write_jsonl(dir / "hostile.jsonl",
                    {{{"id", "hostile-1"},
                      {"title", "<b>Bold</b> title"},
                      {"lang", "en"},
                      {"date", "2021-05-04"},
                      {"body", "The <script>alert('x')</script> board of <b>Acme</b> & partners met the "
                               "administration on <img src=x onerror=alert(1)> Tuesday, when 3 < 4 and "
                               "\"quotes\" and 'apostrophes' and <notatag administration> appeared."}}});
  test::index_into(dir / "db", {dir / "hostile.jsonl"});
  Api api({dir / "db", 1, {}, std::chrono::milliseconds(1000), {}});
  ApiRequest r = get("/api/search", {{"q", "administration"}});
  ApiResponse res = api.handle(r);
  ASSERT_EQ(res.status, 200) << res.body;
  json j = body_of(res);
  ASSERT_EQ(j["hits"].size(), 1u);
  std::string snippet = j["hits"][0]["snippet"];
  EXPECT_EQ(snippet.find("<script"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("<b>"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("<img"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("<mark>administration</mark>"), std::string::npos) << snippet;
  std::string without_marks = snippet;
  for (const std::string& tag : std::vector<std::string>{"<mark>", "</mark>"}) {
    for (size_t p; (p = without_marks.find(tag)) != std::string::npos;) without_marks.erase(p, tag.size());
  }
  EXPECT_EQ(without_marks.find('<'), std::string::npos) << snippet;

  json a = body_of(api.handle(get("/api/articles/hostile-1", {{"q", "administration"}})));
  std::string html = a["body_html"];
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  // The indexer drops tags; whatever text remains is escaped.
  EXPECT_NE(html.find("&amp;"), std::string::npos) << html;
  EXPECT_EQ(html.find(" & "), std::string::npos) << html;
}

TEST(ApiDatabase, MissingDatabaseIs503UntilItAppears) {
  test::TempDir dir;
  const std::string db = dir / "later";
  std::vector<std::string> logged;
  Api api({db, 2, {}, std::chrono::milliseconds(1000), [&](const std::string& m) { logged.push_back(m); }});

  ApiResponse search = api.handle(get("/api/search", {{"q", "oracle"}}));
  EXPECT_EQ(search.status, 503);
  json e = body_of(search);
  EXPECT_EQ(e["error"]["code"], "unavailable");
  EXPECT_NE(e["error"]["message"].get<std::string>().find("the database is not available"), std::string::npos);
  EXPECT_EQ(api.handle(get("/api/stats")).status, 503);
  EXPECT_EQ(api.handle(get(std::string("/api/articles/") + kSeedId)).status, 503);
  ApiResponse health = api.handle(get("/api/health"));
  EXPECT_EQ(health.status, 503);
  json h = body_of(health);
  EXPECT_EQ(h["status"], "degraded");
  EXPECT_EQ(h["database"]["available"], false);
  EXPECT_FALSE(h["database"]["message"].get<std::string>().empty());
  // Requests that need no database still work.
  EXPECT_EQ(api.handle(get("/api/openapi.json")).status, 200);
  EXPECT_EQ(api.handle(get("/api/search", {{"size", "0"}})).status, 400);

  test::index_into(db, {test::seed_article_path()});
  ApiResponse now = api.handle(get("/api/search", {{"q", "amministrazione"}, {"company", "Oracle"}}));
  ASSERT_EQ(now.status, 200) << now.body;
  EXPECT_EQ(body_of(now)["hits"][0]["id"], kSeedId);
  EXPECT_EQ(body_of(api.handle(get("/api/health")))["status"], "ok");
  EXPECT_TRUE(logged.empty());  // an absent database is not an internal error
}

TEST(ApiDatabase, NotADatabaseIs503) {
  test::TempDir dir;
  { std::ofstream(dir / "file") << "not a database"; }
  Api api({dir / "file", 1, {}, std::chrono::milliseconds(1000), {}});
  ApiResponse r = api.handle(get("/api/search"));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(body_of(r)["error"]["code"], "unavailable");
}

TEST(SearcherPoolTest, LendsEachSearcherToOneBorrowerAtATime) {
  SearcherPool pool(corpus_db(), 2);
  auto a = pool.borrow(std::chrono::milliseconds(100));
  auto b = pool.borrow(std::chrono::milliseconds(100));
  EXPECT_NE(&*a, &*b);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(pool.borrow(std::chrono::milliseconds(50)), PoolTimeout);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(45));

  Searcher* first = &*a;
  std::thread giver([moved = std::move(a)]() mutable {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    auto gone = std::move(moved);  // returned when `gone` dies
  });
  auto c = pool.borrow(std::chrono::milliseconds(2000));  // waits for the giver
  giver.join();
  EXPECT_EQ(&*c, first);  // reused, not reopened
}

TEST(SearcherPoolTest, DiscardedSearchersAreReopened) {
  SearcherPool pool(corpus_db(), 1);
  {
    auto a = pool.borrow(std::chrono::milliseconds(100));
    a.discard();
  }
  auto b = pool.borrow(std::chrono::milliseconds(100));
  EXPECT_EQ(b->stats().articles, test::kCorpusArticles);
}

TEST(SearcherPoolTest, FailedOpenFreesTheSlot) {
  SearcherPool pool("/nonexistent/rassegna-db", 1);
  for (int i = 0; i < 3; ++i) EXPECT_THROW(pool.borrow(std::chrono::milliseconds(50)), Error);
}

}  // namespace
}  // namespace rassegna::api
