// A server's life: options (CORS, no page, no access log, bad values, a busy port), starting
// before the database exists, and stopping cleanly, by stop() or by the destructor.
#include <atomic>
#include <chrono>
#include <gtest/gtest.h>
#include <thread>
#include <vector>

#include <rassegna/error.h>

#include "tests/api/server_support.h"

namespace rassegna::api {
namespace {

using nlohmann::json;
using testing::bundled_db;
using testing::client;
using testing::expect_error;
using testing::index_files;
using testing::kSeedArticle;
using testing::kSeedId;
using testing::LogSink;
using testing::raw_http;
using testing::server_options;
using testing::source_path;
using testing::TempDir;

TEST(ServerOptionsTest, CorsWhenAsked) {
  LogSink log;
  ServerOptions o = server_options(bundled_db(), log);
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
  LogSink log;
  ServerOptions o = server_options(bundled_db(), log);
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
  LogSink log;
  ServerOptions o = server_options(bundled_db(), log);
  o.access_log = false;
  HttpServer server(o);
  int port = server.start();
  httplib::Client c = client(port);
  ASSERT_TRUE(c.Get("/api/health"));
  server.stop();
  EXPECT_TRUE(log.lines().empty());
}

TEST(ServerOptionsTest, BadOptionsAndBusyPorts) {
  LogSink log;
  ServerOptions o = server_options(bundled_db(), log);
  o.port = 70000;
  EXPECT_THROW(HttpServer{o}, Error);

  HttpServer first(server_options(bundled_db(), log));
  int port = first.start();
  ServerOptions same = server_options(bundled_db(), log);
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
  TempDir dir;
  LogSink log;
  const std::string db = dir / "db";
  HttpServer server(server_options(db, log));
  int port = server.start();
  httplib::Client c = client(port);

  json e = expect_error(c.Get("/api/search?q=oracle"), 503, "unavailable");
  EXPECT_NE(e["error"]["message"].get<std::string>().find("not available"), std::string::npos);
  auto health = c.Get("/api/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 503);
  EXPECT_EQ(json::parse(health->body)["status"], "degraded");
  EXPECT_FALSE(health->get_header_value("Retry-After").empty());

  index_files(db, {source_path(kSeedArticle)});
  auto res = c.Get("/api/search?q=amministrazione&company=Oracle");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["hits"][0]["id"], kSeedId);
  auto ok = c.Get("/api/health");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST(ServerShutdown, StopIsCleanIdempotentAndFreesThePort) {
  LogSink log;
  for (int round = 0; round < 3; ++round) {
    HttpServer server(server_options(bundled_db(), log));
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
    EXPECT_TRUE(raw_http(port, "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n", 300).empty());
  }
}

TEST(ServerShutdown, DestructorStopsARunningServer) {
  LogSink log;
  int port;
  {
    HttpServer server(server_options(bundled_db(), log));
    port = server.start();
    httplib::Client c = client(port);
    ASSERT_TRUE(c.Get("/api/health"));
  }
  EXPECT_TRUE(raw_http(port, "GET / HTTP/1.1\r\n\r\n", 300).empty());
}

}  // namespace
}  // namespace rassegna::api
