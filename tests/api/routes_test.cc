// The router and its handlers without sockets: every route through Api::handle, on the bundled
// corpus, on hostile articles and on a database that is missing or is not one.
#include <algorithm>
#include <fstream>
#include <map>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <set>

#include "searcher/api/routes.h"
#include "tests/common/test_support.h"

namespace rassegna::api {
namespace {

using nlohmann::json;
using Params = std::multimap<std::string, std::string>;
using testing::bundled_db;
using testing::index_files;
using testing::kCorpusArticles;
using testing::kSeedArticle;
using testing::kSeedId;
using testing::source_path;
using testing::TempDir;
using testing::write_file;

ApiRequest get(const std::string& path, Params params = {}) {
  ApiRequest r;
  r.path = path;
  r.params = std::move(params);
  return r;
}

json body_of(const ApiResponse& r) { return json::parse(r.body); }

class ApiRoutes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { api_ = new Api({bundled_db(), 2, {}, std::chrono::milliseconds(5000), {}}); }
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
  EXPECT_EQ(all["total_articles"], kCorpusArticles);
  EXPECT_EQ(all["counts"]["total"], "stories");  // the corpus's own near-duplicates count once
  EXPECT_LT(all["total"], kCorpusArticles);
  EXPECT_EQ(body_of(handle("/api/search", {{"size", "1"}, {"facets", "0"}, {"collapse", "0"}}))["total"], kCorpusArticles);
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
  EXPECT_EQ(h["database"]["articles"], kCorpusArticles);

  ApiResponse stats = handle("/api/stats");
  ASSERT_EQ(stats.status, 200);
  json s = body_of(stats);
  EXPECT_EQ(s["articles"], kCorpusArticles);
  EXPECT_EQ(s["by_lang"]["it"].get<int>() + s["by_lang"]["en"].get<int>(), static_cast<int>(kCorpusArticles));
  EXPECT_FALSE(s["first_date"].get<std::string>().empty());
  EXPECT_FALSE(s["last_date"].get<std::string>().empty());
  EXPECT_FALSE(s["last_update"].get<std::string>().empty());

  ApiResponse doc = handle("/api/openapi.json");
  ASSERT_EQ(doc.status, 200);
  json o = body_of(doc);
  EXPECT_EQ(o["openapi"].get<std::string>().substr(0, 2), "3.");
  for (const char* path : {"/api/search", "/api/articles/{id}", "/api/articles/{id}/related", "/api/health",
                           "/api/stats", "/api/openapi.json"}) {
    EXPECT_TRUE(o["paths"].contains(path)) << path;
  }
  // Every parameter the server reads is documented.
  std::set<std::string> documented;
  for (const auto& p : o["paths"]["/api/search"]["get"]["parameters"]) documented.insert(p["name"]);
  EXPECT_EQ(documented,
            (std::set<std::string>{"q", "company", "lang", "from", "to", "sort", "page", "size", "facets", "collapse"}));
  documented.clear();
  for (const auto& p : o["paths"]["/api/articles/{id}/related"]["get"]["parameters"]) documented.insert(p["name"]);
  EXPECT_EQ(documented, (std::set<std::string>{"id", "days", "limit"}));
}

TEST_F(ApiRoutes, RelatedCoverage) {
  ApiResponse r = handle("/api/articles/reuters-fin-20110303-us-ipad-idUSTRE7220CP20110303/related", {{"limit", "3"}});
  ASSERT_EQ(r.status, 200) << r.body;
  json b = body_of(r);
  ASSERT_EQ(b["hits"].size(), 3u);
  EXPECT_EQ(b["counts"]["total"], "stories");
  for (const auto& h : b["hits"]) {
    EXPECT_NE(h["id"], "reuters-fin-20110303-us-ipad-idUSTRE7220CP20110303");
    EXPECT_NE(h["id"], "reuters-fin-20110303-us-ipad-idUSTRE7220FN20110303");  // its near-duplicate
    EXPECT_TRUE(h.contains("duplicates"));
  }
  EXPECT_EQ(handle("/api/articles/nope/related").status, 404);
  ApiResponse bad = handle("/api/articles/reuters-fin-20110303-us-ipad-idUSTRE7220CP20110303/related", {{"days", "x"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(body_of(bad)["error"]["message"].get<std::string>().find("days"), std::string::npos);
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
  TempDir dir;
  const json hostile = {{"id", "hostile-1"},
                        {"title", "<b>Bold</b> title"},
                        {"lang", "en"},
                        {"date", "2021-05-04"},
                        {"body", "The <script>alert('x')</script> board of <b>Acme</b> & partners met the "
                                 "administration on <img src=x onerror=alert(1)> Tuesday, when 3 < 4 and "
                                 "\"quotes\" and 'apostrophes' and <notatag administration> appeared."}};
  write_file(dir / "hostile.jsonl", hostile.dump() + "\n");
  index_files(dir / "db", {dir / "hostile.jsonl"});
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
  TempDir dir;
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

  index_files(db, {source_path(kSeedArticle)});
  ApiResponse now = api.handle(get("/api/search", {{"q", "amministrazione"}, {"company", "Oracle"}}));
  ASSERT_EQ(now.status, 200) << now.body;
  EXPECT_EQ(body_of(now)["hits"][0]["id"], kSeedId);
  EXPECT_EQ(body_of(api.handle(get("/api/health")))["status"], "ok");
  EXPECT_TRUE(logged.empty());  // an absent database is not an internal error
}

TEST(ApiDatabase, NotADatabaseIs503) {
  TempDir dir;
  { std::ofstream(dir / "file") << "not a database"; }
  Api api({dir / "file", 1, {}, std::chrono::milliseconds(1000), {}});
  ApiResponse r = api.handle(get("/api/search"));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(body_of(r)["error"]["code"], "unavailable");
}

}  // namespace
}  // namespace rassegna::api
