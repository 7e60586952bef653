// Slow and idle clients (issue 15): connections that send their headers a line at a time and never
// finish, or send nothing, must not keep ordinary searches waiting, and the server's threads stay
// as they were. With cpp-httplib's own connection handling (a thread per connection from accept to
// close) a search behind 200 such connections waited 21 s; behind 1,000 idle ones, over 30 s.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <gtest/gtest.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "tests/api/server_support.h"

namespace rassegna::api {
namespace {

using nlohmann::json;
using testing::bundled_db;
using testing::connect_loopback;
using testing::LogSink;
using testing::raw_http;
using testing::raw_status;
using testing::server_options;
using Clock = std::chrono::steady_clock;

// A number from /proc/self/status ("Threads:", "VmRSS:" in kB); -1 when absent.
long status_field(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(field.size()));
  }
  return -1;
}
int threads_of_this_process() { return static_cast<int>(status_field("Threads:")); }

// Under a sanitizer timings and memory are the sanitizer's (ASan keeps freed memory in quarantine).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

// Connections that the test holds open; closed when it goes away.
struct Clients {
  std::vector<int> fds;
  ~Clients() {
    for (int fd : fds) close(fd);
  }
  void open(int port, size_t n, const std::string& first_bytes) {
    for (size_t i = 0; i < n; ++i) {
      int fd = connect_loopback(port);
      ASSERT_GE(fd, 0) << "connection " << i;
      if (!first_bytes.empty()) send(fd, first_bytes.data(), first_bytes.size(), MSG_NOSIGNAL);
      fds.push_back(fd);
    }
  }
  // Another header line on every connection, as a slowloris does to stay alive.
  void trickle(int line) {
    const std::string bytes = "X-Slow-" + std::to_string(line) + ": 1\r\n";
    for (int fd : fds) send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  }
  // How many the server has not closed.
  size_t still_open() const {
    size_t n = 0;
    for (int fd : fds) {
      pollfd p{fd, POLLIN, 0};
      char c;
      if (poll(&p, 1, 0) == 0 || recv(fd, &c, 1, MSG_DONTWAIT | MSG_PEEK) > 0) ++n;
    }
    return n;
  }
};

// 200 slow and 1,000 idle connections need ~2,400 descriptors in this process (both ends).
bool enough_descriptors(size_t needed) { return raise_descriptor_limit(needed) >= needed; }

TEST(SlowClients, SearchesAreAnsweredWhileSlowAndIdleConnectionsAreHeld) {
  if (!enough_descriptors(3000)) GTEST_SKIP() << "needs 3000 file descriptors (ulimit -n)";
  LogSink log;
  ServerOptions o = server_options(bundled_db(), log);
  // Long enough that the held connections are still held when the searches are made: the
  // searches must get through beside them, not after the server dropped them.
  o.request_timeout = std::chrono::seconds(60);
  o.read_timeout = std::chrono::seconds(60);
  o.keep_alive_timeout = std::chrono::seconds(60);
  HttpServer server(o);
  const int port = server.start();
  ASSERT_EQ(raw_status(raw_http(port, "GET /api/search?q=tiktok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), 200);
  const int threads_before = threads_of_this_process();
  const long rss_before_kb = status_field("VmRSS:");

  Clients slow;
  Clients idle;
  slow.open(port, 200, "GET /api/search?q=x HTTP/1.1\r\nHost: x\r\n");
  idle.open(port, 1000, "");
  std::vector<long> took_ms;
  for (int round = 0; round < 5; ++round) {
    slow.trickle(round);
    // A client that waits at most 5 s: on cpp-httplib's own handling this waited 21-30 s.
    const auto start = Clock::now();
    const std::string answer =
        raw_http(port, "GET /api/search?q=tiktok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5000);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    ASSERT_EQ(raw_status(answer), 200) << "round " << round << ": no answer within 5 s (" << took.count() << " ms)";
    took_ms.push_back(took.count());
    const json body = json::parse(answer.substr(answer.find("\r\n\r\n") + 4), nullptr, false);
    ASSERT_FALSE(body.is_discarded());
    EXPECT_GT(body["total"].get<int>(), 0);
  }
  EXPECT_EQ(slow.still_open(), 200u) << "the searches got through only because slow clients were dropped";
  EXPECT_EQ(idle.still_open(), 1000u);
  // The last search's own connection may still be closing on the server's side: give it 2 s.
  for (int i = 0; i < 200 && server.open_connections() > 1200u; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(server.open_connections(), 1200u);
  // The held connections hold no thread.
  EXPECT_EQ(threads_of_this_process(), threads_before);
  // ... and little memory: a waiting connection costs its unfinished headers (this process also
  // holds the clients' ends; both are kernel memory, not RSS).
  const long rss_grew_kb = status_field("VmRSS:") - rss_before_kb;
  std::sort(took_ms.begin(), took_ms.end());
  RecordProperty("median_search_ms", static_cast<int>(took_ms[took_ms.size() / 2]));
  RecordProperty("rss_growth_kb", static_cast<int>(rss_grew_kb));
  if (!kSanitized) {
    // The bar is 1 s; each search may take up to 5 s above (a loaded CI machine), the
    // typical one must not.
    EXPECT_LT(took_ms[took_ms.size() / 2], 1000) << "median of 5 searches behind 1,200 held connections";
    EXPECT_LT(rss_grew_kb, 32 * 1024) << "RSS grew by " << rss_grew_kb << " kB holding 1,200 connections";
  }
  server.stop();
}

TEST(SlowClients, ARequestThatTricklesInPastTheDeadlineGets408) {
  LogSink log;
  ServerOptions o = server_options(bundled_db(), log);
  o.request_timeout = std::chrono::milliseconds(1500);
  o.read_timeout = std::chrono::seconds(5);  // longer than the gaps: only the whole-request deadline fires
  HttpServer server(o);
  const int port = server.start();
  const int fd = connect_loopback(port);
  ASSERT_GE(fd, 0);
  const auto start = Clock::now();
  std::string answer;
  const std::string head = "GET /api/health HTTP/1.1\r\nHost: x\r\n";
  send(fd, head.data(), head.size(), MSG_NOSIGNAL);
  for (int i = 0; i < 40 && answer.empty(); ++i) {
    const std::string line = "X-Trickle-" + std::to_string(i) + ": 1\r\n";
    send(fd, line.data(), line.size(), MSG_NOSIGNAL);
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 200) > 0) {
      char buf[4096];
      ssize_t n;
      while ((n = recv(fd, buf, sizeof buf, 0)) > 0) answer.append(buf, static_cast<size_t>(n));
    }
  }
  close(fd);
  const auto waited = Clock::now() - start;
  EXPECT_LT(waited, std::chrono::seconds(6)) << "a trickling client was never dropped";
  ASSERT_EQ(raw_status(answer), 408) << answer;
  const json body = json::parse(answer.substr(answer.find("\r\n\r\n") + 4), nullptr, false);
  ASSERT_FALSE(body.is_discarded()) << answer;
  EXPECT_EQ(body["error"]["code"], "timeout");
  EXPECT_NE(body["error"]["message"].get<std::string>().find("1500 ms"), std::string::npos);
  EXPECT_TRUE(log.contains("dropped connection from 127.0.0.1"));
  EXPECT_EQ(raw_status(raw_http(port, "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), 200);
}

TEST(SlowClients, ConnectionsBeyondTheLimitGet503) {
  LogSink log;
  ServerOptions o = server_options(bundled_db(), log);
  o.max_connections = 5;
  o.keep_alive_timeout = std::chrono::seconds(30);
  HttpServer server(o);
  const int port = server.start();
  Clients idle;
  idle.open(port, 5, "");
  for (int i = 0; i < 100 && server.open_connections() < 5; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(server.open_connections(), 5u);
  const std::string refused = raw_http(port, "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(raw_status(refused), 503) << refused;
  EXPECT_NE(refused.find("\"code\":\"unavailable\""), std::string::npos) << refused;
  EXPECT_TRUE(log.contains("refused connection"));
  for (int fd : idle.fds) close(fd);
  idle.fds.clear();
  for (int i = 0; i < 300 && server.open_connections() > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(raw_status(raw_http(port, "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), 200);
}

TEST(SlowClients, PipelinedAndKeptAliveRequestsAreAllAnswered) {
  LogSink log;
  HttpServer server(server_options(bundled_db(), log));
  const int port = server.start();
  // Three requests in one write: three answers, in order, then the close the last one asked for.
  const std::string answer = raw_http(port,
                                      "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"
                                      "GET /api/search?q=tiktok HTTP/1.1\r\nHost: x\r\n\r\n"
                                      "GET /api/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::vector<int> statuses;
  for (size_t at = answer.find("HTTP/1.1 "); at != std::string::npos; at = answer.find("HTTP/1.1 ", at + 1)) {
    statuses.push_back(std::stoi(answer.substr(at + 9, 3)));
  }
  EXPECT_EQ(statuses, (std::vector<int>{200, 200, 404})) << answer;
  // A client that sends its request and at once shuts down its side (as `printf ... | nc` does)
  // still gets the answer.
  {
    const int fd = testing::connect_loopback(port);
    ASSERT_GE(fd, 0);
    const std::string req = "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n";
    send(fd, req.data(), req.size(), MSG_NOSIGNAL);
    shutdown(fd, SHUT_WR);
    std::string got;
    char buf[4096];
    pollfd p{fd, POLLIN, 0};
    while (poll(&p, 1, 3000) > 0) {
      const ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      got.append(buf, static_cast<size_t>(n));
    }
    close(fd);
    EXPECT_EQ(raw_status(got), 200) << got;
  }
  // One keep-alive connection, many requests, with pauses between them shorter than the
  // keep-alive timeout: the connection goes back to the gate and comes out again.
  httplib::Client c = testing::client(port);
  c.set_keep_alive(true);
  for (int i = 0; i < 5; ++i) {
    auto res = c.Get("/api/search?q=oracle");
    ASSERT_TRUE(res) << i;
    EXPECT_EQ(res->status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(server.open_connections(), 1u);
}

}  // namespace
}  // namespace rassegna::api
