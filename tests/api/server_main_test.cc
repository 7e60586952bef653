// The rassegna-server program: starts, prints where it listens, serves, logs each request, and
// stops cleanly (exit 0) on SIGTERM and SIGINT.
#include <atomic>
#include <chrono>
#include <functional>
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "tests/common/test_support.h"

namespace rassegna::testing {
namespace {

const std::string kServer = std::string(RASSEGNA_BUILD_DIR) + "/rassegna-server";

// rassegna-server as a child process, its stderr on a pipe.
class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> args) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], STDERR_FILENO);
      close(fds[0]);
      close(fds[1]);
      std::vector<char*> argv;
      argv.push_back(const_cast<char*>(kServer.c_str()));
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(kServer.c_str(), argv.data());
      _exit(127);
    }
    close(fds[1]);
    err_ = fds[0];
  }
  ~ServerProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(err_);
  }

  // Reads stderr until `done(text)` holds (returns true) or `ms` pass (returns false).
  bool wait_until(const std::function<bool(const std::string&)>& done, int ms = 10000) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    for (;;) {
      if (done(text_)) return true;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{err_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      char buf[4096];
      ssize_t n = read(err_, buf, sizeof buf);
      if (n <= 0) return false;
      text_.append(buf, static_cast<size_t>(n));
    }
  }
  bool wait_for(const std::string& text, int ms = 10000) {
    return wait_until([&](const std::string& all) { return all.find(text) != std::string::npos; }, ms);
  }

  // Sends `sig` and returns the exit status (or -1 when it did not exit within `ms`).
  int stop_with(int sig, int ms = 10000) {
    kill(pid_, sig);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        wait_until([](const std::string&) { return false; }, 200);  // collects the last words
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
  }

  int wait_exit(int ms = 10000) { return stop_with(0, ms); }
  const std::string& stderr_text() const { return text_; }

 private:
  pid_t pid_ = -1;
  int err_ = -1;
  std::string text_;
};

int port_of(ServerProcess& p) {
  const std::string prefix = "listening on http://127.0.0.1:";
  if (!p.wait_until([&](const std::string& t) {
        size_t at = t.find(prefix);
        return at != std::string::npos && t.find('/', at + prefix.size()) != std::string::npos;
      })) {
    return -1;
  }
  return std::atoi(p.stderr_text().c_str() + p.stderr_text().find(prefix) + prefix.size());
}

TEST(ServerMain, ServesLogsAndStopsOnSigterm) {
  ServerProcess p({"--db", bundled_db(), "--port", "0", "--threads", "2", "--no-web"});
  int port = port_of(p);
  ASSERT_GT(port, 0) << p.stderr_text();
  httplib::Client c("127.0.0.1", port);
  auto res = c.Get("/api/search?q=amministrazione&company=Oracle");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find(kSeedId), std::string::npos);
  EXPECT_TRUE(p.wait_for("GET /api/search?q=amministrazione&company=Oracle 200 ")) << p.stderr_text();
  EXPECT_TRUE(p.wait_for(" ms\n")) << p.stderr_text();
  EXPECT_EQ(p.stop_with(SIGTERM), 0) << p.stderr_text();
  EXPECT_NE(p.stderr_text().find("stopped"), std::string::npos) << p.stderr_text();
}

TEST(ServerMain, StopsOnSigintWhileClientsAreBusy) {
  ServerProcess p({"--db", bundled_db(), "--port", "0", "--quiet", "--no-web"});
  int port = port_of(p);
  ASSERT_GT(port, 0) << p.stderr_text();
  std::atomic<bool> go{true};
  std::thread client([&] {
    httplib::Client c("127.0.0.1", port);
    while (go && c.Get("/api/search?q=tiktok")) {
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(p.stop_with(SIGINT), 0) << p.stderr_text();
  go = false;
  client.join();
  EXPECT_EQ(p.stderr_text().find(" 200 "), std::string::npos) << "--quiet still logged";
}

TEST(ServerMain, StartsWithoutADatabaseAndSaysSo) {
  TempDir dir;
  ServerProcess p({"--db", dir / "missing", "--port", "0", "--no-web"});
  int port = port_of(p);
  ASSERT_GT(port, 0) << p.stderr_text();
  EXPECT_NE(p.stderr_text().find("503 until the database can be read"), std::string::npos) << p.stderr_text();
  httplib::Client c("127.0.0.1", port);
  auto res = c.Get("/api/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(p.stop_with(SIGTERM), 0);
}

TEST(ServerMain, BadUsageExits2) {
  ServerProcess p({"--db", "x", "--port", "70000"});
  EXPECT_EQ(p.wait_exit(), 2);
  ServerProcess q({"--port", "0"});
  EXPECT_EQ(q.wait_exit(), 2);
}

}  // namespace
}  // namespace rassegna::testing
