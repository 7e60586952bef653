#pragma once
// Real xapian-tcpsrv processes on loopback for the remote tests, and databases split into
// parts the way a stub of remote parts would hold them.

#include <string>
#include <sys/types.h>
#include <vector>

namespace rassegna::testing {

// The xapian-tcpsrv program on PATH, or "" when it is not installed (the tests then skip).
std::string tcpsrv_program();

// A port on 127.0.0.1 that nothing listens on now.
int free_port();

// One xapian-tcpsrv serving `db` on 127.0.0.1, in a process group of its own: xapian-tcpsrv
// forks a child per connection, and a part that goes down takes those with it, so kill()
// and pause() act on the whole group.
class TcpSrv {
 public:
  // Starts at once on a free port (or `port`); throws std::runtime_error when it cannot.
  // `idle_timeout_ms` > 0: xapian-tcpsrv's --idle-timeout (it closes a connection idle that long;
  // its default is 60 s).
  explicit TcpSrv(std::string db, int port = 0, int idle_timeout_ms = 0);
  ~TcpSrv();
  TcpSrv(const TcpSrv&) = delete;
  TcpSrv& operator=(const TcpSrv&) = delete;

  int port() const { return port_; }
  std::string name() const { return "127.0.0.1:" + std::to_string(port_); }
  void kill();    // SIGKILL to the group, reaped
  void start();   // again, on the same port; returns when it accepts connections
  void pause();   // SIGSTOP: connections open, nothing answers
  void resume();  // SIGCONT

 private:
  std::string db_;
  int port_ = 0;
  int idle_timeout_ms_ = 0;
  pid_t pid_ = -1;
};

// Copies `db` into `n` new databases under `dir` (part-0 ...), document d into part (d - 1) % n
// as docid (d - 1) / n + 1, with every metadata key: opened in order as one database, they
// number the documents as `db` does. Returns the parts' paths.
std::vector<std::string> split_database(const std::string& db, size_t n, const std::string& dir);

// A stub file at `path` listing `lines` ("remote 127.0.0.1:PORT", "auto PATH").
void write_stub(const std::string& path, const std::vector<std::string>& lines);

}  // namespace rassegna::testing
