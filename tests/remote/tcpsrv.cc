#include "tcpsrv.h"

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <xapian.h>

namespace rassegna::testing {

std::string tcpsrv_program() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    const std::string candidate = dirs.substr(start, end - start) + "/xapian-tcpsrv";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return {};
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("no free port on 127.0.0.1");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

namespace {

bool accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  if (fd >= 0) ::close(fd);
  return ok;
}

}  // namespace

TcpSrv::TcpSrv(std::string db, int port, int idle_timeout_ms)
    : db_(std::move(db)), port_(port), idle_timeout_ms_(idle_timeout_ms) {
  for (int attempt = 0;; ++attempt) {
    if (port == 0) port_ = free_port();
    try {
      start();
      return;
    } catch (const std::runtime_error&) {
      if (port != 0 || attempt == 4) throw;  // a free port taken meanwhile: another one
    }
  }
}

TcpSrv::~TcpSrv() { kill(); }

void TcpSrv::start() {
  const std::string program = tcpsrv_program();
  const std::string port = std::to_string(port_);
  const std::string idle = std::to_string(idle_timeout_ms_ > 0 ? idle_timeout_ms_ : 60000);  // 60000: its default
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a test that crashes leaves no server behind
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) {
      ::dup2(null, STDOUT_FILENO);
      ::dup2(null, STDERR_FILENO);
    }
    ::execl(program.c_str(), "xapian-tcpsrv", "--interface", "127.0.0.1", "--port", port.c_str(), "--quiet",
            "--idle-timeout", idle.c_str(), db_.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also here: no race with kill() before the child ran
  pid_ = pid;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("xapian-tcpsrv exited at start on port " + port);
    }
    if (accepts(port_)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill();
  throw std::runtime_error("xapian-tcpsrv did not listen on port " + port + " within 10 s");
}

void TcpSrv::kill() {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGCONT);
  ::kill(-pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void TcpSrv::pause() {
  if (pid_ > 0) ::kill(-pid_, SIGSTOP);
}

void TcpSrv::resume() {
  if (pid_ > 0) ::kill(-pid_, SIGCONT);
}

std::vector<std::string> split_database(const std::string& db, size_t n, const std::string& dir) {
  Xapian::Database src(db);
  std::vector<std::string> paths;
  std::vector<Xapian::WritableDatabase> parts;
  for (size_t k = 0; k < n; ++k) {
    paths.push_back(dir + "/part-" + std::to_string(k));
    parts.emplace_back(paths.back(), Xapian::DB_CREATE_OR_OVERWRITE);
  }
  for (auto p = src.postlist_begin(""); p != src.postlist_end(""); ++p) {
    const Xapian::docid d = *p;
    parts[(d - 1) % n].replace_document(static_cast<Xapian::docid>((d - 1) / n + 1), src.get_document(d));
  }
  for (auto key = src.metadata_keys_begin(); key != src.metadata_keys_end(); ++key) {
    for (auto& part : parts) part.set_metadata(*key, src.get_metadata(*key));
  }
  for (auto& part : parts) part.commit();
  return paths;
}

void write_stub(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path);
  for (const auto& line : lines) out << line << '\n';
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace rassegna::testing
