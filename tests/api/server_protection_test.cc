// What a server does with hostile or broken clients: bad parameters, oversized requests,
// garbage instead of HTTP, clients that stall and clients that hang up.
#include <chrono>
#include <gtest/gtest.h>
#include <signal.h>
#include <string>
#include <vector>

#include "tests/api/server_support.h"

namespace rassegna::api {
namespace {

using nlohmann::json;
using testing::bundled_db;
using testing::client;
using testing::expect_error;
using testing::hang_up_after_sending;
using testing::raw_http;
using testing::raw_status;
using testing::TestServer;
using testing::url_encode;

class ServerProtection : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(bundled_db()); }
  static void TearDownTestSuite() { delete server_; }
  static httplib::Result get(const std::string& target) { return server_->get(target); }
  static int port() { return server_->port(); }

  static TestServer* server_;
};
TestServer* ServerProtection::server_ = nullptr;

TEST_F(ServerProtection, HostileParameters) {
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

TEST_F(ServerProtection, RequestSizeLimits) {
  // URI longer than cpp-httplib's 8 KiB limit.
  std::string huge = "/api/search?q=" + std::string(9000, 'a');
  auto uri = get(huge);
  ASSERT_TRUE(uri);
  EXPECT_EQ(uri->status, 414);
  // Body larger than the payload limit.
  httplib::Client c = client(port());
  auto body = c.Post("/api/search", std::string(100 * 1024, 'x'), "text/plain");
  if (body) {
    EXPECT_EQ(body->status, 413);
  }  // else: the server hung up while the client was still sending, which is also a refusal
  // Garbage instead of a request line.
  std::string raw = raw_http(port(), "HELLO\r\n\r\n");
  EXPECT_EQ(raw_status(raw), 400) << raw;
  // The server is still fine.
  auto ok = get("/api/health");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(ServerProtection, SlowClientsAreDropped) {
  // Half a request, then silence: the read timeout (1 s here) ends the request with a 400 and
  // the keep-alive timeout (1 s here) closes the connection.
  const auto start = std::chrono::steady_clock::now();
  std::string raw = raw_http(port(), "GET /api/health HTTP/1.1\r\nHost: x\r\n", 8000);
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_LT(waited, std::chrono::milliseconds(4000)) << "the connection was not closed";
  EXPECT_EQ(raw.find("200 OK"), std::string::npos) << raw;
}

TEST_F(ServerProtection, ClientsThatHangUpDoNotKillTheProcess) {
  // cpp-httplib writes without MSG_NOSIGNAL: writing to a reset connection raises SIGPIPE, which
  // would end the whole process. httplib::Server's constructor ignores SIGPIPE (process-wide);
  // rassegna-server does too.
  struct sigaction current {};
  ASSERT_EQ(sigaction(SIGPIPE, nullptr, &current), 0);
  EXPECT_EQ(current.sa_handler, SIG_IGN);
  for (int i = 0; i < 20; ++i) {
    hang_up_after_sending(port(), "GET /api/search?size=100&q=the HTTP/1.1\r\nHost: x\r\n\r\n");
  }
  auto ok = get("/api/health");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

}  // namespace
}  // namespace rassegna::api
