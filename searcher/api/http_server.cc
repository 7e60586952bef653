#include "searcher/api/http_server.h"

#include <cctype>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <httplib.h>
#include <iostream>
#include <mutex>
#include <optional>
#include <sys/socket.h>
#include <thread>

#include <rassegna/dates.h>
#include <rassegna/error.h>
#include <rassegna/paths.h>

#include "searcher/api/connections.h"
#include "searcher/api/errors.h"

namespace rassegna::api {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// A page with its own script and style files only: nothing inline, nothing from elsewhere.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// When the request being served on this thread started; set by the pre-routing hook, read and
// cleared by the access log. Unset for requests cpp-httplib refused before routing (400, 414).
thread_local std::optional<Clock::time_point> request_started;

bool is_api_path(const std::string& path) { return path == "/api" || path.rfind("/api/", 0) == 0; }

// The request target for a log line: printable ASCII kept, everything else %-escaped, so a
// hostile target cannot forge log lines or smuggle terminal escapes.
std::string loggable(const std::string& target) {
  constexpr size_t kMax = 2048;
  std::string out;
  out.reserve(std::min(target.size(), kMax) + 16);
  for (size_t i = 0; i < target.size() && i < kMax; ++i) {
    const auto c = static_cast<unsigned char>(target[i]);
    if (c > 0x20 && c < 0x7f && c != '"' && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  if (target.size() > kMax) out += "...";
  return out;
}

void apply(const ApiResponse& r, httplib::Response& res) {
  res.status = r.status;
  for (const auto& [name, value] : r.headers) res.set_header(name, value);
  if (!r.stream) {
    res.set_content(r.body, r.content_type);
    return;
  }
  res.set_chunked_content_provider(r.content_type, [stream = r.stream](size_t, httplib::DataSink& sink) {
    std::string piece;
    const bool more = stream(piece);
    if (!piece.empty() && !sink.write(piece.data(), piece.size())) return false;  // the client left
    if (!more) sink.done();
    return true;
  });
}

// The scheme the client used: https when a reverse proxy that ended TLS says so
// (X-Forwarded-Proto, or proto= in RFC 7239's Forwarded), else http.
std::string scheme_of(const httplib::Request& req) {
  auto lower = [](std::string v) {
    for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return v;
  };
  std::string proto = lower(req.get_header_value("X-Forwarded-Proto"));
  if (proto.empty()) {
    const std::string forwarded = lower(req.get_header_value("Forwarded"));
    const size_t at = forwarded.find("proto=");
    if (at != std::string::npos) {
      proto = forwarded.substr(at + 6, forwarded.find_first_of(";, ", at + 6) - (at + 6));
      if (!proto.empty() && proto.front() == '"') proto = proto.substr(1, proto.find('"', 1) - 1);
    }
  }
  proto = proto.substr(0, proto.find(','));  // the first proxy's, when several appended theirs
  return proto == "https" ? "https" : "http";
}

// The server as the client named it, for absolute links (Atom feeds): only a plausible
// host[:port] is used, anything else gives relative links.
std::string base_url_of(const httplib::Request& req) {
  const std::string host = req.get_header_value("Host");
  if (host.empty() || host.size() > 255) return {};
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
                    c == ':' || c == '[' || c == ']';
    if (!ok) return {};
  }
  return scheme_of(req) + "://" + host;
}

const char* error_code_for_status(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 408:
      return "timeout";
    case 413:
      return "payload_too_large";
    case 414:
      return "uri_too_long";
    case 416:
      return "range_not_satisfiable";
    case 431:
      return "headers_too_large";
    default:
      return status >= 500 ? "internal" : "bad_request";
  }
}

}  // namespace

std::string default_web_dir() {
  std::error_code ec;
  for (const fs::path& candidate : {fs::path(executable_dir()) / ".." / "web",
                                    fs::path(executable_dir()) / ".." / "share" / "rassegna" / "web", fs::path("web")}) {
    if (fs::is_directory(candidate, ec)) return fs::weakly_canonical(candidate, ec).string();
  }
  return {};
}

struct HttpServer::Impl {
  explicit Impl(ServerOptions o)
      : options(std::move(o)),
        workers(options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency())),
        // Idle keep-alive connections hold a connection thread: many more of them than workers,
        // so that a few idle or slow clients do not lock the others out.
        connection_threads(options.connection_threads > 0 ? options.connection_threads
                                                          : std::max<size_t>(64, 4 * workers)),
        api([&] {
          ApiOptions a;
          a.db_path = options.db_path;
          a.searchers = workers;
          a.limits = options.limits;
          a.remote = options.remote;
          if (!a.remote.log) a.remote.log = [this](const std::string& m) { log("remote: " + m); };
          a.queue_wait = options.queue_wait;
          a.log_error = [this](const std::string& m) { log("error: " + m); };
          return a;
        }()) {}

  void log(const std::string& line) {
    std::lock_guard lock(log_mutex);
    if (options.log) {
      options.log(line);
    } else {
      std::cerr << line << '\n';
    }
  }

  void configure();
  void access_log(const httplib::Request& req, const httplib::Response& res);

  ServerOptions options;
  size_t workers;
  size_t connection_threads;
  Api api;
  GatedServer server;
  std::string web_dir;  // mounted at /, empty when none
  std::thread thread;
  int port = -1;
  std::mutex log_mutex;
  std::mutex stop_mutex;
};

void HttpServer::Impl::configure() {
  // Connections wait for their requests in the gate (connections.h), not in a thread.
  ConnectionLimits limits;
  limits.threads = connection_threads;
  limits.request_timeout = options.request_timeout;
  limits.read_timeout = options.read_timeout;
  limits.write_timeout = options.write_timeout;
  limits.keep_alive_timeout = options.keep_alive_timeout;
  limits.max_connections = effective_max_connections(options.max_connections, workers);
  server.set_limits(limits);
  server.set_log([this](const std::string& line) { log(line); });
  server.set_payload_max_length(options.max_body_bytes);
  server.set_tcp_nodelay(true);
  // cpp-httplib's default also sets SO_REUSEPORT, which lets a second server bind a port that
  // is in use and share its traffic silently. Only SO_REUSEADDR (quick restarts).
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });

  if (!options.web_dir.empty()) {
    std::error_code ec;
    if (fs::is_directory(options.web_dir, ec) && server.set_mount_point("/", options.web_dir, {{"Cache-Control", "no-cache"}})) {
      web_dir = options.web_dir;
    } else {
      log("warning: no browser page: '" + options.web_dir + "' is not a readable folder; serving the API only");
    }
  }

  server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    request_started = Clock::now();
    return httplib::Server::HandlerResponse::Unhandled;
  });

  auto api_handler = [this](const httplib::Request& req, httplib::Response& res) {
    ApiRequest r;
    r.method = req.method;
    r.path = req.path;
    r.params = req.params;
    r.base_url = base_url_of(req);
    apply(api.handle(r), res);
  };
  server.Get(R"(/api(/.*)?)", api_handler);
  // Other methods reach the API (405 on its paths, 404 elsewhere) after their body was read,
  // so a keep-alive connection stays in step.
  server.Post(".*", api_handler);
  server.Put(".*", api_handler);
  server.Patch(".*", api_handler);
  server.Delete(".*", api_handler);
  server.Options(".*", [this](const httplib::Request& req, httplib::Response& res) {
    res.status = 204;
    res.set_header("Allow", "GET, HEAD, OPTIONS");
    if (!options.cors_origin.empty() && is_api_path(req.path)) {
      res.set_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
      res.set_header("Access-Control-Allow-Headers", "Content-Type");
      res.set_header("Access-Control-Max-Age", "600");
    }
  });

  // Statuses cpp-httplib sets itself (unknown path, 413, 414, bad request line) get a JSON body
  // too; responses that already have one are left alone.
  server.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string message;
    if (res.status == 404 && web_dir.empty() && (req.path == "/" || req.path == "/index.html")) {
      message = "no browser page is served here (start rassegna-server with --web DIR); the API is under /api/";
    } else if (res.status == 404) {
      message = "no such path: '" + loggable(req.path) + "'";
    } else if (res.status == 413) {
      message = "the request body is larger than " + std::to_string(options.max_body_bytes) + " bytes";
    } else if (res.status == 414) {
      message = "the request URI is too long";
    } else {
      message = "the request could not be served (HTTP " + std::to_string(res.status) + ")";
    }
    ApiResponse r = error_response(res.status, error_code_for_status(res.status), message);
    res.set_content(r.body, r.content_type);
    return httplib::Server::HandlerResponse::Handled;
  }));

  server.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      log("error: " + req.method + " " + loggable(req.target) + ": " + e.what());
    } catch (...) {
      log("error: " + req.method + " " + loggable(req.target) + ": unknown exception");
    }
    apply(internal_error_response(), res);
  });

  // Every response, files and errors included, gets the security headers (and CORS on the API).
  server.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Content-Security-Policy", kContentSecurityPolicy);
    res.set_header("Cross-Origin-Opener-Policy", "same-origin");
    if (!options.cors_origin.empty() && is_api_path(req.path)) {
      res.set_header("Access-Control-Allow-Origin", options.cors_origin);
      if (options.cors_origin != "*") res.set_header("Vary", "Origin");
    }
  });

  if (options.access_log) {
    server.set_logger([this](const httplib::Request& req, const httplib::Response& res) { access_log(req, res); });
  }
}

void HttpServer::Impl::access_log(const httplib::Request& req, const httplib::Response& res) {
  std::string ms = "-";
  if (request_started) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f",
                  std::chrono::duration<double, std::milli>(Clock::now() - *request_started).count());
    ms = buf;
    request_started.reset();
  }
  log(utc_now_iso8601() + " " + req.remote_addr + " " + loggable(req.method) + " " + loggable(req.target) + " " +
      std::to_string(res.status) + " " + ms + " ms");
}

HttpServer::HttpServer(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  if (impl_->options.port < 0 || impl_->options.port > 65535) {
    throw Error(ErrorCode::invalid_argument,
                "port: " + std::to_string(impl_->options.port) + " is not between 0 and 65535");
  }
  if (impl_->options.host.empty()) throw Error(ErrorCode::invalid_argument, "host: empty; give an address");
  impl_->configure();
}

HttpServer::~HttpServer() { stop(); }

int HttpServer::start() {
  Impl& s = *impl_;
  if (s.thread.joinable()) throw Error(ErrorCode::internal, "HttpServer::start called twice");
  errno = 0;
  s.port = s.options.port == 0 ? s.server.bind_to_any_port(s.options.host)
                               : (s.server.bind_to_port(s.options.host, s.options.port) ? s.options.port : -1);
  if (s.port < 0) {
    const int err = errno;
    throw Error(ErrorCode::unavailable, "cannot listen on " + s.options.host + ":" + std::to_string(s.options.port) +
                                            (err != 0 ? std::string(": ") + std::strerror(err) : std::string()) +
                                            " (is another server using the port? try --port)");
  }
  s.server.raise_backlog();
  s.thread = std::thread([&s] { s.server.listen_after_bind(); });
  // stop() before the accept loop runs would be lost: return only once it runs.
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!s.server.is_running()) {
    if (Clock::now() > deadline) {
      s.server.stop();
      s.thread.join();
      throw Error(ErrorCode::unavailable, "the HTTP server did not start");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return s.port;
}

void HttpServer::stop() {
  std::lock_guard lock(impl_->stop_mutex);
  if (!impl_->thread.joinable()) return;
  impl_->server.stop();
  impl_->thread.join();
}

bool HttpServer::running() const { return impl_->server.is_running(); }
int HttpServer::port() const { return impl_->port; }
size_t HttpServer::workers() const { return impl_->workers; }
size_t HttpServer::connection_threads() const { return impl_->connection_threads; }
size_t HttpServer::open_connections() const { return impl_->server.open_connections(); }
const std::string& HttpServer::web_dir() const { return impl_->web_dir; }

}  // namespace rassegna::api
