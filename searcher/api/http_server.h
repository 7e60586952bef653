#pragma once
// rassegna-server's HTTP side: cpp-httplib glue over api::Api (routes.h), the static browser
// page, security headers, CORS, limits and the access log. Usable from tests:
//
//   HttpServer server(options);   // options.port = 0: any free port
//   int port = server.start();    // bound and accepting when it returns
//   ...                           // requests to 127.0.0.1:port
//   server.stop();                // waits for the running requests; also done by the destructor
//
// cpp-httplib stays behind this header (pimpl). Note: httplib::Server's constructor makes the
// whole process ignore SIGPIPE (the library writes without MSG_NOSIGNAL).

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "searcher/api/routes.h"

namespace rassegna::api {

struct ServerOptions {
  std::string db_path;                 // the database; it may not exist yet (503 until it does)
  std::string host = "127.0.0.1";      // loopback unless told otherwise
  int port = 8080;                     // 0: any free port (see HttpServer::port)
  size_t threads = 0;                  // search workers, one database handle each; 0: CPU cores
  // Threads that answer requests. A connection holds one only while one of its requests is
  // answered: idle and half-sent requests wait in the gate (connections.h). 0: max(64, 4 * threads).
  size_t connection_threads = 0;
  // Open connections at once (waiting or being answered); beyond it new ones get a 503.
  // 0: from the descriptor limit, at most 10,000.
  size_t max_connections = 0;
  std::string web_dir;                 // static page mounted at /; empty or missing: API only
  std::string cors_origin;             // Access-Control-Allow-Origin for the API; empty: no CORS
  bool access_log = true;              // one line per request on `log`
  // Limits. URIs (8 KiB) and headers (8 KiB) are limited inside cpp-httplib itself.
  size_t max_body_bytes = 64 * 1024;   // the API takes no request bodies
  // A request's line, headers and body must arrive within this from its first byte (slowloris).
  std::chrono::milliseconds request_timeout{10000};
  std::chrono::milliseconds read_timeout{5000};   // a request in progress that goes silent this long is dropped
  std::chrono::milliseconds write_timeout{5000};  // an answer not taken by the client within this is dropped
  // Idle keep-alive connections are closed after this (they hold no thread meanwhile).
  std::chrono::milliseconds keep_alive_timeout{2000};
  std::chrono::milliseconds queue_wait{5000};  // a request waits this long for a worker, then 503
  SearchLimits limits;  // what one search may ask for (search_limits.h)
  RemoteOptions remote; // timeouts for a stub's remote parts (remote_parts.h); failures go to `log`
  // Receives access-log lines and error reports (without newline). Default: stderr.
  std::function<void(const std::string&)> log;
};

class HttpServer {
 public:
  // Throws rassegna::Error(invalid_argument) for unusable options.
  explicit HttpServer(ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving on a thread of its own; returns the port. Throws
  // rassegna::Error(unavailable) when the address cannot be bound. Call once.
  int start();
  // Stops accepting, lets running requests finish and joins every thread. Idempotent; safe to
  // call from any thread except the server's own workers (not from a signal handler).
  void stop();

  bool running() const;
  int port() const;
  // The worker count actually used (ServerOptions::threads resolved) and the connection threads.
  size_t workers() const;
  size_t connection_threads() const;
  // Connections open now: waiting for a request (idle or half-sent) or being answered.
  size_t open_connections() const;
  // The static page folder being served, or empty when none.
  const std::string& web_dir() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Raises this process's soft descriptor limit towards its hard limit (at most `wanted`), so that
// many waiting connections do not run it out. Returns the soft limit in force afterwards.
size_t raise_descriptor_limit(size_t wanted);

// The web/ folder of the checkout the executable was built from (found next to build/), or
// empty when there is none.
std::string default_web_dir();

}  // namespace rassegna::api
