// A real server on a free port: every endpoint over HTTP, headers, the static page, error
// answers, the access log and concurrent clients.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <thread>

#include "tests/api/server_support.h"

namespace rassegna::api {
namespace {

using nlohmann::json;
using testing::bundled_db;
using testing::client;
using testing::expect_error;
using testing::expect_security_headers;
using testing::kCorpusArticles;
using testing::kSeedId;
using testing::raw_http;
using testing::raw_status;
using testing::TestServer;
using testing::url_encode;

// A web folder with a page, a script, ES modules in a sub-folder and a style sheet.
class WebDir {
 public:
  WebDir() {
    std::ofstream(dir_ / "index.html") << "<!doctype html><title>Rassegna test page</title><script src=app.js></script>";
    std::ofstream(dir_ / "app.js") << "console.log('ok');";
    std::filesystem::create_directory(dir_ / "js");
    std::ofstream(dir_ / "js/main.js") << "import { x } from './x.mjs'; console.log(x);";
    std::ofstream(dir_ / "js/x.mjs") << "export const x = 1;";
    std::ofstream(dir_ / "style.css") << "body{}";
  }
  const std::string& path() const { return dir_.path(); }

 private:
  testing::TempDir dir_;
};

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    web_ = new WebDir();
    server_ = new TestServer(bundled_db(), web_->path());
  }
  static void TearDownTestSuite() {
    delete server_;  // stops and joins
    delete web_;
  }
  static httplib::Result get(const std::string& target) { return server_->get(target); }
  static int port() { return server_->port(); }

  static WebDir* web_;
  static TestServer* server_;
};
WebDir* ServerTest::web_ = nullptr;
TestServer* ServerTest::server_ = nullptr;

TEST_F(ServerTest, StartsOnAFreePortWithWorkers) {
  EXPECT_GT(port(), 0);
  EXPECT_TRUE(server_->server().running());
  EXPECT_EQ(server_->server().workers(), 2u);
  EXPECT_GE(server_->server().connection_threads(), server_->server().workers());
  EXPECT_EQ(server_->server().web_dir(), web_->path());
}

TEST_F(ServerTest, TheDoneWhenExample) {
  auto res = get("/api/search?q=amministrazione&company=Oracle");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  expect_security_headers(*res);
  json j = json::parse(res->body);
  ASSERT_EQ(j["hits"].size(), 1u);
  EXPECT_EQ(j["hits"][0]["id"], kSeedId);
  EXPECT_NE(j["hits"][0]["snippet"].get<std::string>().find("<mark>amministrazione</mark>"), std::string::npos);
  EXPECT_FALSE(j["facets"]["company"].empty());
  EXPECT_EQ(j["total"], 1);
  EXPECT_EQ(j["total_exact"], true);
}

TEST_F(ServerTest, EveryEndpoint) {
  auto article = get(std::string("/api/articles/") + kSeedId + "?q=amministrazione");
  ASSERT_TRUE(article);
  EXPECT_EQ(article->status, 200);
  json a = json::parse(article->body);
  EXPECT_EQ(a["id"], kSeedId);
  EXPECT_NE(a["body_html"].get<std::string>().find("<mark>"), std::string::npos);

  auto health = get("/api/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(json::parse(health->body)["status"], "ok");

  auto stats = get("/api/stats");
  ASSERT_TRUE(stats);
  EXPECT_EQ(json::parse(stats->body)["articles"], kCorpusArticles);

  auto doc = get("/api/openapi.json");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->status, 200);
  EXPECT_TRUE(json::parse(doc->body).contains("paths"));

  httplib::Client c = client(port());
  auto head = c.Head("/api/health");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
}

// Feeds link back with absolute URLs: the Host the client used, and https when a reverse
// proxy that ended TLS says so (X-Forwarded-Proto or Forwarded), so feed readers behind nginx
// do not get http links to an https site.
TEST_F(ServerTest, FeedLinksFollowTheSchemeTheProxyReports) {
  httplib::Client c = client(port());
  auto self_link = [&](const httplib::Headers& headers) {
    auto r = c.Get("/api/search.atom?q=tiktok", headers);
    EXPECT_TRUE(r && r->status == 200);
    if (!r) return std::string();
    const size_t at = r->body.find("rel=\"self\"");
    const size_t href = at == std::string::npos ? at : r->body.find("href=\"", at);
    if (href == std::string::npos) return std::string("(no self link) ") + r->body.substr(0, 300);
    const size_t start = href + 6;
    return r->body.substr(start, r->body.find('"', start) - start);
  };
  EXPECT_EQ(self_link({{"Host", "news.example.org"}}).rfind("http://news.example.org/", 0), 0u);
  EXPECT_EQ(self_link({{"Host", "news.example.org"}, {"X-Forwarded-Proto", "https"}}).rfind("https://news.example.org/", 0), 0u);
  EXPECT_EQ(self_link({{"Host", "news.example.org"}, {"Forwarded", "for=10.0.0.1;proto=https"}})
                .rfind("https://news.example.org/", 0),
            0u);
  EXPECT_EQ(self_link({{"Host", "news.example.org"}, {"X-Forwarded-Proto", "gopher"}}).rfind("http://news.example.org/", 0), 0u);
}

TEST_F(ServerTest, RepeatedCompaniesAndUtf8Parameters) {
  auto res = get("/api/search?company=Oracle&company=Microsoft&facets=0&size=100");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  json j = json::parse(res->body);
  EXPECT_GT(j["total"].get<int>(), 1);
  for (const auto& h : j["hits"]) {
    const auto& c = h["companies"];
    EXPECT_TRUE(std::find(c.begin(), c.end(), "Oracle") != c.end() || std::find(c.begin(), c.end(), "Microsoft") != c.end());
  }
  auto accented = get("/api/search?q=" + url_encode("spunterà") + "&lang=it");
  ASSERT_TRUE(accented);
  EXPECT_EQ(accented->status, 200);
  EXPECT_EQ(json::parse(accented->body)["query"], "spunterà");
}

TEST_F(ServerTest, StaticPage) {
  auto index = get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_NE(index->body.find("Rassegna test page"), std::string::npos);
  EXPECT_NE(index->get_header_value("Content-Type").find("text/html"), std::string::npos);
  expect_security_headers(*index);

  auto script = get("/app.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_NE(script->get_header_value("Content-Type").find("javascript"), std::string::npos);
  // Browsers run an ES module only when it comes with a JavaScript MIME type (nosniff is on).
  for (const char* module : {"/js/main.js", "/js/x.mjs"}) {
    auto m = get(module);
    ASSERT_TRUE(m) << module;
    EXPECT_EQ(m->status, 200) << module;
    EXPECT_NE(m->get_header_value("Content-Type").find("javascript"), std::string::npos)
        << module << ": " << m->get_header_value("Content-Type");
    EXPECT_NE(m->get_header_value("Content-Security-Policy").find("script-src 'self'"), std::string::npos) << module;
  }

  expect_error(get("/missing.js"), 404, "not_found");
  // Traversal out of the web folder: refused, and never the file.
  for (const char* target : {"/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd"}) {
    std::string raw = raw_http(port(), std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(raw.find("root:"), std::string::npos) << target;
    EXPECT_GE(raw_status(raw), 400) << target << "\n" << raw;
  }
}

TEST_F(ServerTest, ErrorPaths) {
  json e = expect_error(get("/api/search?size=0"), 400, "invalid_argument");
  EXPECT_EQ(e["error"]["message"].get<std::string>().rfind("size:", 0), 0u);
  expect_error(get("/api/search?page=0"), 400, "invalid_argument");
  expect_error(get("/api/search?page=100000"), 400, "invalid_argument");
  expect_error(get("/api/search?size=101"), 400, "invalid_argument");
  expect_error(get("/api/search?sort=random"), 400, "invalid_argument");
  expect_error(get("/api/search?lang=de"), 400, "invalid_argument");
  expect_error(get("/api/search?facets=maybe"), 400, "invalid_argument");
  expect_error(get("/api/search?from=ieri"), 400, "invalid_argument");
  expect_error(get("/api/search?q=%22open"), 400, "invalid_argument");
  expect_error(get("/api/nope"), 404, "not_found");
  expect_error(get("/nope/at/all"), 404, "not_found");
  expect_error(get("/api/articles/no-such-article"), 404, "not_found");
  expect_error(get("/api/articles/"), 404, "not_found");

  httplib::Client c = client(port());
  auto post = c.Post("/api/search", "q=x", "application/x-www-form-urlencoded");
  expect_error(post, 405, "method_not_allowed");
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
  expect_error(c.Delete("/api/articles/x"), 405, "method_not_allowed");
  auto options = c.Options("/api/search");
  ASSERT_TRUE(options);
  EXPECT_EQ(options->status, 204);
}

TEST_F(ServerTest, AccessLogOneLinePerRequest) {
  auto res = get("/api/search?q=access-log-probe");
  ASSERT_TRUE(res);
  get("/api/articles/access-log-missing");
  // A log line is written after its response, by whichever worker answered: wait for both.
  for (int i = 0; i < 200 && !(server_->log().contains("access-log-missing") && server_->log().contains("access-log-probe"));
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  bool found_search = false, found_missing = false;
  for (const auto& line : server_->log().lines()) {
    if (line.find("GET /api/search?q=access-log-probe 200 ") != std::string::npos &&
        line.find(" ms") != std::string::npos) {
      found_search = true;
    }
    if (line.find("GET /api/articles/access-log-missing 404 ") != std::string::npos) found_missing = true;
  }
  EXPECT_TRUE(found_search);
  EXPECT_TRUE(found_missing);

  // Control bytes in a target are escaped, so a request cannot forge log lines.
  raw_http(port(), "GET /api/x\x1b[31m\rFAKE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1000);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  for (const auto& line : server_->log().lines()) {
    EXPECT_EQ(line.find('\x1b'), std::string::npos);
    EXPECT_EQ(line.find('\r'), std::string::npos);
  }
}

TEST_F(ServerTest, ConcurrentClients) {
  constexpr int kThreads = 8, kRequests = 25;
  std::atomic<int> failures{0}, done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client c = client(port());
      c.set_keep_alive(t % 2 == 0);
      const std::vector<std::string> targets = {"/api/search?q=tiktok", "/api/search?q=oracle&facets=0",
                                                std::string("/api/articles/") + kSeedId, "/api/stats",
                                                "/api/search?company=Oracle&sort=date"};
      for (int i = 0; i < kRequests; ++i) {
        auto res = c.Get(targets[static_cast<size_t>(i + t) % targets.size()].c_str());
        if (!res || res->status != 200) ++failures;
        ++done;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(done.load(), kThreads * kRequests);
}

}  // namespace
}  // namespace rassegna::api
