#pragma once
// The parts of a Xapian stub that lists remote databases (`remote HOST:PORT`, served by a stock
// xapian-tcpsrv) and local ones, searched as one Xapian::Database, so Xapian combines the
// parts' statistics and every score equals the one the same articles would get in one database.
//
// A part that is down or too slow does not stop the search: Xapian's own timeouts
// (Xapian::Remote::open) bound every operation on it; the Searcher then calls recover(), which
// rebuilds the database from the parts that answer and names the failed ones (failed()), and
// searches again. A failed part is tried again every RemoteOptions::retry, so results are whole
// again soon after it returns. While a part is missing, its articles are missing from the
// statistics too: the scores are those of a database holding the parts that answered.
//
// Xapian 1.4 reads no timeout from a stub line ("FIXME: timeouts" in its open_stub), so the
// timeouts are options here, the same for every remote part.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>
#include <xapian.h>

namespace rassegna {

struct RemoteOptions {
  // Every operation on a remote part (open, search, reading a document) must answer within
  // this, or the part counts as failed for the search. A search on a part that hangs thus
  // answers after about this long (plus reconnecting to the others), with the rest.
  std::chrono::milliseconds timeout{2000};
  // Connecting to a part (the TCP handshake alone; Xapian's greeting is under `timeout`).
  std::chrono::milliseconds connect_timeout{1000};
  // A failed part is tried again at most this often: a try of a part that hangs costs a search
  // up to `timeout`; one of a part that is down (connection refused) costs next to nothing.
  std::chrono::milliseconds retry{2000};
  // Receives one line when a part fails and when it answers again. Default: stderr.
  std::function<void(const std::string&)> log;
};

// One line of a stub file, as Xapian 1.4 reads it.
struct StubPart {
  int line = 0;
  bool remote = false;
  std::string path;  // local: the database, resolved against the stub's folder
  std::string host;  // remote (TCP)
  unsigned port = 0;
  std::string name() const { return remote ? host + ":" + std::to_string(port) : path; }
};

// The parts a stub lists. Throws rassegna::Error(unavailable) naming the file and line for a line
// Xapian would refuse, and for `remote :PROGRAM` lines (not supported: use xapian-tcpsrv).
std::vector<StubPart> read_stub(const std::string& stub);

class RemoteParts {
 public:
  // Opens every part; the ones that fail are listed by failed(). Throws rassegna::Error(unavailable)
  // when none answers, or when a part holds a database of another schema.
  RemoteParts(std::string stub, RemoteOptions options);

  // The parts that answer, as one database. Parts keep the stub's order, so docids interleave
  // as Xapian's own opening of the stub numbers them when every part answers.
  const Xapian::Database& database() const { return db_; }

  // Before a search: reopens the parts to their newest revision and tries failed parts whose
  // retry time has come. True when database() changed (a part joined, or a part has a new
  // revision). May throw Xapian::NetworkError (then call recover()).
  bool refresh();

  // After `e`, thrown by an operation on database(): drops the part that failed (the one the
  // error names, else every part that does not answer a fresh connection), reconnects the
  // others (a failed operation may leave their connections mid-reply) and rebuilds database().
  // Throws rassegna::Error(unavailable) when no part is left; never a Xapian error (another
  // part failing during the rebuild is recovered from in turn).
  void recover(const Xapian::NetworkError& e);

  // The parts not in database(), by name (HOST:PORT or path), in stub order.
  std::vector<std::string> failed() const;

  // How many of the company slots (schema::kSlotCompanyFirst...) hold a value in some article:
  // the ValueCountMatchSpies a facet needs.
  unsigned company_slots() const { return company_slots_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Part {
    StubPart where;
    std::optional<Xapian::Database> db;  // open: answers; empty: failed
    Clock::time_point retry_at{};
    std::string error;  // why it failed
  };
  // Opens `p` (a fresh connection for a remote one); false, with p.error set, when it fails.
  bool connect(Part& p);
  void mark_failed(Part& p, const std::string& why);
  void recover_parts(const Xapian::NetworkError& e);  // recover() without the rebuild
  void rebuild();
  void throw_when_none_answers() const;  // Error(unavailable) naming each part's failure
  void log(const std::string& line) const;

  std::string stub_;
  RemoteOptions options_;
  std::vector<Part> parts_;
  Xapian::Database db_;
  unsigned company_slots_ = 0;
};

}  // namespace rassegna
