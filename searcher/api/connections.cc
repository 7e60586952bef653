#include "searcher/api/connections.h"

#include <algorithm>
#include <cerrno>
#include <mutex>
#include <netdb.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <vector>

#include "searcher/api/errors.h"

namespace rassegna::api {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::string address_of(int fd, bool peer) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  int rc = peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len)
                : getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  if (rc != 0) return {};
  char host[NI_MAXHOST];
  char port[NI_MAXSERV];
  if (getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host, sizeof host, port, sizeof port,
                  NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
    return {};
  }
  return std::string(host) + " " + port;
}

void split_address(const std::string& both, std::string& ip, int& port) {
  const auto space = both.find(' ');
  ip = both.substr(0, space);
  port = space == std::string::npos ? 0 : std::atoi(both.c_str() + space + 1);
}

// Writes a whole small answer if the socket takes it at once; a client that does not read is
// not waited for (the gate never blocks).
void send_and_close(int fd, int status, const char* reason, const std::string& code, const std::string& message) {
  const ApiResponse r = error_response(status, code, message);
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: " + r.content_type +
                    "\r\nContent-Length: " + std::to_string(r.body.size()) +
                    "\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n";
  for (const auto& [name, value] : r.headers) out += name + ": " + value + "\r\n";
  out += "\r\n" + r.body;
  (void)!send(fd, out.data(), out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  shutdown(fd, SHUT_RDWR);
  close(fd);
}

}  // namespace

// One client connection between requests or during one.
struct GatedServer::Connection {
  explicit Connection(int f) : fd(f), idle_since(Clock::now()) {}
  int fd;
  std::string buf;      // bytes received and not yet consumed by a request
  size_t served = 0;    // requests answered on this connection
  Clock::time_point idle_since;     // when the connection last had no request in progress
  Clock::time_point request_start;  // first byte of the request in progress (buf not empty)
  Clock::time_point last_byte;      // the latest byte received

  // The buffered bytes hold a whole request head, or a first line that is no HTTP request line
  // (cpp-httplib answers that with 400 at once).
  bool request_ready() const {
    if (buf.find("\r\n\r\n") != std::string::npos) return true;
    const auto eol = buf.find('\n');
    if (eol == std::string::npos) return false;
    const std::string_view line(buf.data(), eol);
    return !(line.size() > 10 && (line.substr(line.size() - 10) == " HTTP/1.1\r" ||
                                  line.substr(line.size() - 10) == " HTTP/1.0\r"));
  }
  void received(size_t n, Clock::time_point now) {
    if (buf.size() == n) request_start = now;  // the first bytes of a request
    last_byte = now;
  }
};

namespace {

// cpp-httplib's view of a connection while one request is answered: reads come first from the
// bytes the gate already received; every read and write is bounded by the request's deadlines.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(GatedServer::Connection& c, const ConnectionLimits& limits)
      : c_(c), limits_(limits), read_deadline_(c.request_start + limits.request_timeout) {}

  size_t consumed() const { return pos_; }
  // The status of the answer written, from its status line; 0 before one was written.
  int status() const { return status_; }

  bool is_readable() const override {
    if (pos_ < c_.buf.size()) return true;
    return wait(POLLIN, std::min(read_deadline_, Clock::now() + limits_.read_timeout));
  }
  bool is_writable() const override { return wait(POLLOUT, write_deadline()); }

  ssize_t read(char* ptr, size_t size) override {
    if (pos_ >= c_.buf.size()) {
      c_.buf.clear();
      pos_ = 0;
      char chunk[4096];
      for (;;) {
        if (!is_readable()) return -1;
        ssize_t n = recv(c_.fd, chunk, sizeof chunk, MSG_DONTWAIT);
        if (n > 0) {
          c_.buf.append(chunk, static_cast<size_t>(n));
          c_.last_byte = Clock::now();
          break;
        }
        if (n == 0) return 0;
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
      }
    }
    const size_t n = std::min(size, c_.buf.size() - pos_);
    std::copy_n(c_.buf.data() + pos_, n, ptr);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!write_started_) {
      write_started_ = true;
      write_deadline_ = Clock::now() + limits_.write_timeout;
    }
    if (status_ == 0 && size >= 12 && std::string_view(ptr, 9) == "HTTP/1.1 ") status_ = std::atoi(std::string(ptr + 9, 3).c_str());
    for (;;) {
      if (!is_writable()) return -1;
      ssize_t n = send(c_.fd, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n >= 0) return n;
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    split_address(address_of(c_.fd, true), ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    split_address(address_of(c_.fd, false), ip, port);
  }
  socket_t socket() const override { return c_.fd; }

 private:
  Clock::time_point write_deadline() const {
    return write_started_ ? write_deadline_ : Clock::now() + limits_.write_timeout;
  }
  bool wait(short events, Clock::time_point deadline) const {
    for (;;) {
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return false;
      pollfd p{c_.fd, events, 0};
      const int rc = poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
      if (rc > 0) return (p.revents & (events | POLLHUP | POLLERR)) != 0;
      if (rc < 0 && errno != EINTR) return false;
    }
  }

  GatedServer::Connection& c_;
  const ConnectionLimits& limits_;
  Clock::time_point read_deadline_;
  bool write_started_ = false;
  Clock::time_point write_deadline_;
  size_t pos_ = 0;
  int status_ = 0;
};

}  // namespace

// The task queue cpp-httplib asks for: the gate thread and the connection threads. cpp-httplib
// enqueues each accepted socket; that call only parks the connection, so it runs at once on the
// accepting thread.
class GatedServer::Queue final : public httplib::TaskQueue {
 public:
  explicit Queue(GatedServer& server)
      : server_(server), pool_(server.limits_.threads), epoll_(epoll_create1(EPOLL_CLOEXEC)),
        wake_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wake_;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &ev);
    gate_ = std::thread([this] { run(); });
  }
  ~Queue() override {
    shutdown();
    server_.queue_ = nullptr;
    close(epoll_);
    close(wake_);
  }

  void enqueue(std::function<void()> fn) override { fn(); }

  void shutdown() override {
    {
      std::lock_guard lock(mutex_);
      if (stopped_) return;
      stopped_ = true;
    }
    uint64_t one = 1;
    (void)!::write(wake_, &one, sizeof one);
    gate_.join();
    std::vector<Connection*> left;
    {
      std::lock_guard lock(mutex_);
      for (auto& [fd, c] : parked_) left.push_back(c);
      parked_.clear();
    }
    for (Connection* c : left) server_.close_connection(c);
    pool_.shutdown();  // lets the requests being answered finish
  }

  // Hands a connection to the gate to wait for its next request; false once stopping (then the
  // caller closes it).
  bool park(Connection* c) {
    std::lock_guard lock(mutex_);
    if (stopped_) return false;
    parked_[c->fd] = c;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.fd = c->fd;
    if (epoll_ctl(epoll_, EPOLL_CTL_ADD, c->fd, &ev) != 0) {
      parked_.erase(c->fd);
      return false;
    }
    return true;
  }

 private:
  void run() {
    std::vector<epoll_event> events(256);
    auto next_sweep = Clock::now();
    for (;;) {
      const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 100);
      std::lock_guard lock(mutex_);
      if (stopped_) return;
      const auto now = Clock::now();
      for (int i = 0; i < n; ++i) {
        if (events[i].data.fd != wake_) on_readable(events[i].data.fd, now);
      }
      if (now >= next_sweep) {
        sweep(now);
        next_sweep = now + milliseconds(100);
      }
    }
  }

  // Caller holds mutex_.
  void unpark(Connection* c) {
    epoll_ctl(epoll_, EPOLL_CTL_DEL, c->fd, nullptr);
    parked_.erase(c->fd);
  }

  void on_readable(int fd, Clock::time_point now) {
    auto it = parked_.find(fd);
    if (it == parked_.end()) return;
    Connection* c = it->second;
    char chunk[4096];
    for (;;) {
      ssize_t n = recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
      if (n > 0) {
        c->buf.append(chunk, static_cast<size_t>(n));
        c->received(static_cast<size_t>(n), now);
        if (c->buf.size() > server_.limits_.max_header_bytes) break;
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      if (n < 0 && errno == EINTR) continue;
      if (n == 0 && c->request_ready()) break;  // a whole request, then the client's FIN: answer it
      // The client hung up (or the connection failed) before sending a whole request.
      unpark(c);
      server_.close_connection(c);
      return;
    }
    if (c->request_ready()) {
      unpark(c);
      pool_.enqueue([this, c] { server_.serve(c); });
    } else if (c->buf.size() > server_.limits_.max_header_bytes) {
      unpark(c);
      drop(c, 431, "Request Header Fields Too Large", "headers_too_large",
           "the request headers are larger than " + std::to_string(server_.limits_.max_header_bytes) + " bytes");
    }
  }

  void sweep(Clock::time_point now) {
    const ConnectionLimits& l = server_.limits_;
    std::vector<Connection*> idle;
    std::vector<std::pair<Connection*, std::string>> late;
    for (auto& [fd, c] : parked_) {
      if (c->buf.empty()) {
        if (now - c->idle_since >= l.keep_alive_timeout) idle.push_back(c);
      } else if (now - c->request_start >= l.request_timeout) {
        late.emplace_back(c, "the request was not complete within " + std::to_string(l.request_timeout.count()) + " ms");
      } else if (now - c->last_byte >= l.read_timeout) {
        late.emplace_back(c, "the client sent nothing for " + std::to_string(l.read_timeout.count()) +
                                 " ms in the middle of a request");
      }
    }
    for (Connection* c : idle) {
      unpark(c);
      server_.close_connection(c);
    }
    for (auto& [c, why] : late) {
      unpark(c);
      drop(c, 408, "Request Timeout", "timeout", why);
    }
  }

  void drop(Connection* c, int status, const char* reason, const std::string& code, const std::string& why) {
    server_.log("dropped connection from " + address_of(c->fd, true) + ": " + why + " (" + std::to_string(status) + ")");
    const int fd = c->fd;
    c->fd = -1;
    server_.close_connection(c);
    send_and_close(fd, status, reason, code, why);
  }

  GatedServer& server_;
  httplib::ThreadPool pool_;
  int epoll_;
  int wake_;
  std::thread gate_;
  std::mutex mutex_;
  bool stopped_ = false;
  std::unordered_map<int, Connection*> parked_;
};

GatedServer::GatedServer() {
  new_task_queue = [this] {
    auto* q = new Queue(*this);
    queue_ = q;
    return q;
  };
}

GatedServer::~GatedServer() = default;

void GatedServer::set_limits(const ConnectionLimits& limits) {
  limits_ = limits;
  limits_.threads = std::max<size_t>(1, limits_.threads);
  limits_.max_requests_per_connection = std::max<size_t>(1, limits_.max_requests_per_connection);
  // What cpp-httplib announces in its Keep-Alive header.
  set_keep_alive_max_count(limits_.max_requests_per_connection);
  set_keep_alive_timeout(std::max<time_t>(1, std::chrono::duration_cast<std::chrono::seconds>(limits_.keep_alive_timeout).count()));
}

void GatedServer::raise_backlog() {
  if (svr_sock_ != INVALID_SOCKET) ::listen(svr_sock_, SOMAXCONN);
}

void GatedServer::log(const std::string& line) const {
  if (log_) log_(line);
}

bool GatedServer::process_and_close_socket(socket_t sock) {
  Queue* q = queue_.load();
  if (open_.load() >= limits_.max_connections || q == nullptr) {
    log("refused connection from " + address_of(sock, true) + ": " + std::to_string(open_.load()) +
        " connections are open (503)");
    send_and_close(sock, 503, "Service Unavailable", "unavailable",
                   "the server has too many open connections; retry shortly");
    return false;
  }
  ++open_;
  auto* c = new Connection(sock);
  if (!q->park(c)) close_connection(c);
  return true;
}

void GatedServer::serve(Connection* c) {
  for (;;) {
    const bool last = c->served + 1 >= limits_.max_requests_per_connection || stopping();
    bool closed = false;
    size_t consumed = 0;
    bool ok = false;
    int status = 0;
    {
      ConnectionStream stream(*c, limits_);
      // Byte ranges are not served: the answers are small, and cpp-httplib would cut error
      // answers into ranges too (a 404 whose body is not JSON).
      ok = process_request(stream, last, closed, [](httplib::Request& req) { req.ranges.clear(); });
      consumed = stream.consumed();
      status = stream.status();
    }
    ++c->served;
    c->buf.erase(0, std::min(consumed, c->buf.size()));
    // After a request that could not be parsed (bad line or headers, too long, bad length), where
    // the next one starts is unknown: reading on would answer the rest as requests of their own.
    const bool unparsed = status == 400 || status == 413 || status == 414 || status == 431;
    if (!ok || closed || last || unparsed || stopping()) break;
    const auto now = Clock::now();
    c->idle_since = now;
    if (!c->buf.empty()) {  // the start of the next request came with this one
      c->request_start = c->last_byte = now;
      if (c->request_ready()) continue;
    }
    Queue* q = queue_.load();
    if (q != nullptr && q->park(c)) return;
    break;
  }
  close_connection(c);
}

void GatedServer::close_connection(Connection* c) {
  if (c->fd >= 0) {
    // Unread input at close() makes the kernel send a reset, which can destroy the answer
    // before the client reads it: send the FIN first, then discard what has already arrived.
    shutdown(c->fd, SHUT_WR);
    char sink[4096];
    for (int i = 0; i < 64 && recv(c->fd, sink, sizeof sink, MSG_DONTWAIT) > 0; ++i) {
    }
    close(c->fd);
  }
  delete c;
  --open_;
}

size_t effective_max_connections(size_t requested, size_t workers) {
  if (requested > 0) return requested;
  rlimit lim{};
  size_t fds = 1024;
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY) fds = lim.rlim_cur;
  // Each searcher keeps a handful of database files open; keep room for them and for the rest.
  const size_t reserved = 64 + 16 * workers;
  const size_t room = fds > reserved + 16 ? fds - reserved : 16;
  return std::min<size_t>(room, 10000);
}

size_t raise_descriptor_limit(size_t wanted) {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return 0;
  if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < wanted) {
    rlimit raised = lim;
    raised.rlim_cur = lim.rlim_max == RLIM_INFINITY ? wanted : std::min<rlim_t>(wanted, lim.rlim_max);
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) lim = raised;
  }
  return lim.rlim_cur == RLIM_INFINITY ? wanted : lim.rlim_cur;
}

}  // namespace rassegna::api
