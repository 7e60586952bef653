#include "tests/api/server_support.h"

#include <arpa/inet.h>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace rassegna::testing {

void LogSink::add(const std::string& line) {
  std::lock_guard lock(mutex_);
  lines_.push_back(line);
}

std::vector<std::string> LogSink::lines() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

bool LogSink::contains(const std::string& text) const {
  std::lock_guard lock(mutex_);
  for (const auto& l : lines_) {
    if (l.find(text) != std::string::npos) return true;
  }
  return false;
}

std::function<void(const std::string&)> LogSink::sink() {
  return [this](const std::string& line) { add(line); };
}

api::ServerOptions server_options(const std::string& db, LogSink& log) {
  api::ServerOptions o;
  o.db_path = db;
  o.port = 0;
  o.threads = 2;
  o.log = log.sink();
  o.read_timeout = std::chrono::seconds(1);
  o.write_timeout = std::chrono::seconds(1);
  o.keep_alive_timeout = std::chrono::seconds(1);
  return o;
}

TestServer::TestServer(const std::string& db, const std::string& web_dir) {
  api::ServerOptions o = server_options(db, log_);
  o.web_dir = web_dir;
  server_ = std::make_unique<api::HttpServer>(o);
  port_ = server_->start();
}

httplib::Result TestServer::get(const std::string& target) const {
  httplib::Client c = client(port_);
  return c.Get(target.c_str());
}

httplib::Client client(int port) {
  httplib::Client c("127.0.0.1", port);
  c.set_connection_timeout(2);
  c.set_read_timeout(10);
  return c;
}

nlohmann::json expect_error(const httplib::Result& res, int status, const std::string& code) {
  EXPECT_TRUE(res) << "no response";
  if (!res) return {};
  EXPECT_EQ(res->status, status) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
  nlohmann::json j = nlohmann::json::parse(res->body, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << res->body;
  if (j.is_discarded()) return {};
  EXPECT_EQ(j["error"]["code"], code) << res->body;
  EXPECT_TRUE(j["error"]["message"].is_string());
  return j;
}

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

int connect_loopback(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

std::string raw_http(int port, const std::string& bytes, int timeout_ms) {
  int fd = connect_loopback(port);
  if (fd < 0) return {};
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may hang up early on a request it refuses
    sent += static_cast<size_t>(n);
  }
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

void hang_up_after_sending(int port, const std::string& bytes) {
  int fd = connect_loopback(port);
  if (fd < 0) return;
  send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  linger reset{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
  close(fd);
}

int raw_status(const std::string& response) {
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return -1;
  return std::atoi(response.substr(9, 3).c_str());
}

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

}  // namespace rassegna::testing
