// What the browser page builds on in a search answer: the paging limit (max_offset), each hit's
// title_html, and the selected companies kept in facets.company; and that /api/openapi.json
// documents all three.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "searcher/api/routes.h"
#include "tests/common/test_support.h"

namespace rassegna::api {
namespace {

using nlohmann::json;
using Params = std::multimap<std::string, std::string>;

ApiResponse get(Api& api, const std::string& path, Params params = {}) {
  ApiRequest r;
  r.path = path;
  r.params = std::move(params);
  return api.handle(r);
}

Api& default_api() {
  static Api api({testing::bundled_db(), 1, {}, std::chrono::milliseconds(5000), {}});
  return api;
}

TEST(SearchResponse, SaysWherePagingStops) {
  ApiResponse r = get(default_api(), "/api/search", {{"q", "tiktok"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["max_offset"], 10000);

  // A server with another limit says so, and the last page it names is the last it serves.
  SearchLimits limits;
  limits.max_offset = 50;
  Api small({testing::bundled_db(), 1, limits, std::chrono::milliseconds(5000), {}});
  json j = json::parse(get(small, "/api/search", {{"size", "10"}}).body);
  ASSERT_EQ(j["max_offset"], 50);
  ASSERT_GT(j["total"].get<size_t>(), 100u);  // more hits than the pages reach
  const size_t last = j["max_offset"].get<size_t>() / j["size"].get<size_t>() + 1;
  EXPECT_EQ(get(small, "/api/search", {{"page", std::to_string(last)}}).status, 200);
  EXPECT_EQ(get(small, "/api/search", {{"page", std::to_string(last + 1)}}).status, 400);
}

TEST(SearchResponse, HitsCarryTheirTitleMarked) {
  // "Perché" only in the title of that article: the snippet cannot mark it, title_html must.
  json j = json::parse(get(default_api(), "/api/search", {{"q", "perche enasarco"}}).body);
  bool marked = false;
  for (const json& hit : j["hits"]) {
    ASSERT_TRUE(hit.contains("title_html")) << hit.dump();
    const std::string html = hit["title_html"];
    if (html.find("<mark>Perché</mark>") != std::string::npos) marked = true;
    std::string rest = html;  // no markup but <mark>
    for (const char* tag : {"<mark>", "</mark>"}) {
      for (size_t at; (at = rest.find(tag)) != std::string::npos;) rest.erase(at, std::string(tag).size());
    }
    EXPECT_EQ(rest.find('<'), std::string::npos) << html;
  }
  EXPECT_TRUE(marked) << "no hit has <mark>Perché</mark> in its title: " << j["hits"].dump();

  // The article view marks its title too (with ?q=), as it marks the body.
  const std::string id = j["hits"][0]["id"];
  json a = json::parse(get(default_api(), "/api/articles/" + id, {{"q", "perche enasarco"}}).body);
  EXPECT_EQ(a["title_html"], j["hits"][0]["title_html"]);
  EXPECT_FALSE(json::parse(get(default_api(), "/api/articles/" + id).body).contains("title_html"));
}

TEST(SearchResponse, SelectedCompaniesStayInTheirFacet) {
  json plain = json::parse(get(default_api(), "/api/search", {}).body);
  for (const json& b : plain["facets"]["company"]) {
    ASSERT_NE(b["value"], "Oracle") << "Oracle is in the top 20 of the whole corpus: pick a rarer company";
    EXPECT_FALSE(b.contains("selected"));
  }
  json oracle = json::parse(get(default_api(), "/api/search", {{"company", "ORCL"}}).body);
  const json* bucket = nullptr;
  for (const json& b : oracle["facets"]["company"]) {
    if (b["value"] == "Oracle") bucket = &b;
  }
  ASSERT_NE(bucket, nullptr) << oracle["facets"]["company"].dump();
  EXPECT_EQ((*bucket)["selected"], true);
  EXPECT_EQ((*bucket)["count"], oracle["total"]);  // no words: every Oracle article matches
}

TEST(SearchResponse, OpenApiDocumentsThem) {
  json o = json::parse(Api::openapi_json());
  const json& schemas = o["components"]["schemas"];
  EXPECT_TRUE(schemas["SearchResult"]["properties"].contains("max_offset"));
  EXPECT_NE(std::find(schemas["SearchResult"]["required"].begin(), schemas["SearchResult"]["required"].end(), "max_offset"),
            schemas["SearchResult"]["required"].end());
  EXPECT_TRUE(schemas["Hit"]["properties"].contains("title_html"));
  EXPECT_TRUE(schemas["Article"]["properties"].contains("title_html"));
  EXPECT_TRUE(schemas["FacetBucket"]["properties"].contains("selected"));
  // The page parameter points at the limit.
  for (const json& p : o["paths"]["/api/search"]["get"]["parameters"]) {
    if (p["name"] == "page") {
      EXPECT_NE(p["description"].get<std::string>().find("max_offset"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace rassegna::api
