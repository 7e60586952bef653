#pragma once
// What the API tests add to tests/common: a server under test (options, captured log lines),
// an HTTP client with the checks every answer gets, and raw HTTP for requests a polite client
// never sends.

#include <functional>
#include <httplib.h>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "searcher/api/http_server.h"
#include "tests/common/test_support.h"

namespace rassegna::testing {

// Collects log lines from a server (thread-safe).
class LogSink {
 public:
  void add(const std::string& line);
  std::vector<std::string> lines() const;
  bool contains(const std::string& text) const;
  std::function<void(const std::string&)> sink();

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

// Options for a server under test: `db`, a free port, 2 workers, log lines into `log`, and
// 1 s timeouts (stop() waits for idle keep-alive connections that long).
api::ServerOptions server_options(const std::string& db, LogSink& log);

// A server over `db` on a free port with server_options() (and `web_dir` as its page, when
// given), for a test suite to share; stopped and joined when it goes away.
class TestServer {
 public:
  explicit TestServer(const std::string& db, const std::string& web_dir = "");
  api::HttpServer& server() { return *server_; }
  LogSink& log() { return log_; }
  int port() const { return port_; }
  // GET `target` on a new connection.
  httplib::Result get(const std::string& target) const;

 private:
  LogSink log_;
  std::unique_ptr<api::HttpServer> server_;
  int port_ = 0;
};

// A client for 127.0.0.1:port: 2 s to connect, 10 s to read.
httplib::Client client(int port);

// Checks that `res` is a JSON error with this status and code (and the JSON content type);
// returns the body, or null when there was none to parse.
nlohmann::json expect_error(const httplib::Result& res, int status, const std::string& code);

// Checks the headers every response carries (and no CORS, which is off by default).
void expect_security_headers(const httplib::Response& r);

// A TCP connection to 127.0.0.1:port, or -1 when nothing listens there.
int connect_loopback(int port);

// Sends `bytes` as they are on a new connection to 127.0.0.1:port and returns everything the
// server answers until it closes the connection (or `timeout_ms` passes).
std::string raw_http(int port, const std::string& bytes, int timeout_ms = 3000);

// Sends `bytes` on a new connection and resets it (RST) at once, before any answer is read.
void hang_up_after_sending(int port, const std::string& bytes);

// The status code of a raw HTTP response ("HTTP/1.1 400 ..." -> 400), or -1.
int raw_status(const std::string& response);

// Percent-encodes every byte that is not unreserved (for building query strings by hand).
std::string url_encode(const std::string& s);

}  // namespace rassegna::testing
