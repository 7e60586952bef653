#pragma once
// How rassegna-server holds its connections: a gate in front of cpp-httplib's request handling.
//
// cpp-httplib 0.11 (Debian 12) gives each connection a thread from the moment it is accepted
// until it closes, and its read timeout restarts with every byte: 200 clients sending their
// headers a byte a second (a slowloris), or simply idle keep-alive connections, hold every
// thread and the next search waits for one. Here a connection holds a thread only while one
// complete request is being answered:
//
//   accept ─► gate (one epoll thread): reads bytes until the request's headers are complete,
//             drops clients that do not finish a request within `request_timeout` (408) or stay
//             silent for `read_timeout`, closes idle keep-alive connections after
//             `keep_alive_timeout`, refuses connections beyond `max_connections` (503)
//          ─► a connection thread: cpp-httplib parses and routes the request (Server's own
//             process_request) and writes the answer within `write_timeout`, then hands the
//             connection back to the gate to wait for the next request.
//
// A waiting connection costs a descriptor and the bytes of its unfinished headers, no thread.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <httplib.h>
#include <string>

namespace rassegna::api {

struct ConnectionLimits {
  size_t threads = 64;  // connection threads: requests answered at once
  // A request's line, headers and body must all arrive within this from its first byte.
  std::chrono::milliseconds request_timeout{10000};
  // A request in progress is dropped when the client sends nothing for this long.
  std::chrono::milliseconds read_timeout{5000};
  // An answer must be written within this (a client that does not read it is dropped).
  std::chrono::milliseconds write_timeout{5000};
  // An idle keep-alive connection is closed after this.
  std::chrono::milliseconds keep_alive_timeout{2000};
  size_t max_requests_per_connection = 100;  // then the answer says Connection: close
  // Headers larger than this are refused (431) without being handed on; cpp-httplib's own limits
  // (8 KiB URI, 8 KiB per header line) are smaller and apply first.
  size_t max_header_bytes = 64 * 1024;
  // Open connections at once, waiting or being answered; more are answered 503 and closed.
  // 0: from the process's descriptor limit (see effective_max_connections).
  size_t max_connections = 0;
};

// The connection limit used for `requested` (0: derived from RLIMIT_NOFILE, leaving room for the
// database handles of `workers` searchers).
size_t effective_max_connections(size_t requested, size_t workers);

// An httplib::Server whose connections go through the gate described above. Configure routes
// and handlers on it as usual, then set_limits() before listening.
class GatedServer : public httplib::Server {
 public:
  GatedServer();
  ~GatedServer() override;

  void set_limits(const ConnectionLimits& limits);
  const ConnectionLimits& limits() const { return limits_; }
  // Receives one line per connection the gate drops or refuses (without newline).
  void set_log(std::function<void(const std::string&)> log) { log_ = std::move(log); }
  // cpp-httplib listens with a backlog of 5; raise it once bound.
  void raise_backlog();
  // Connections open now (waiting in the gate or being answered).
  size_t open_connections() const { return open_.load(); }

  class Queue;
  struct Connection;

 private:
  bool process_and_close_socket(socket_t sock) override;  // cpp-httplib's hook for each accepted socket
  void serve(Connection* conn);                           // on a connection thread
  void close_connection(Connection* conn);
  bool stopping() const { return svr_sock_ == INVALID_SOCKET; }
  void log(const std::string& line) const;

  ConnectionLimits limits_;
  std::function<void(const std::string&)> log_;
  std::atomic<Queue*> queue_{nullptr};
  std::atomic<size_t> open_{0};
};

}  // namespace rassegna::api
