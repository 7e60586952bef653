#include "searcher/query/remote_parts.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <rassegna/error.h>
#include <rassegna/schema.h>

namespace rassegna {

namespace fs = std::filesystem;

std::vector<StubPart> read_stub(const std::string& stub) {
  std::ifstream in(stub);
  if (!in) throw Error(ErrorCode::unavailable, "cannot read the stub file '" + stub + "'");
  const fs::path dir = fs::path(stub).parent_path();
  std::vector<StubPart> out;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;  // as Xapian's open_stub
    const size_t space = line.find(' ');
    const std::string type = line.substr(0, space);
    const std::string rest = space == std::string::npos ? std::string() : line.substr(space + 1);
    auto bad = [&](const std::string& why) {
      return Error(ErrorCode::unavailable, stub + ":" + std::to_string(number) + ": " + why);
    };
    StubPart p;
    p.line = number;
    if ((type == "auto" || type == "glass") && !rest.empty()) {
      const fs::path where(rest);
      p.path = (where.is_absolute() ? where : dir / where).string();
    } else if (type == "remote" && !rest.empty()) {
      if (rest[0] == ':') {
        throw bad("'remote :PROGRAM' parts are not supported; serve the database with xapian-tcpsrv and write 'remote HOST:PORT'");
      }
      const size_t colon = rest.rfind(':');
      if (colon == std::string::npos || colon + 1 == rest.size() || (rest[0] == '[' && rest.back() == ']')) {
        throw bad("a remote part is 'remote HOST:PORT'");
      }
      p.remote = true;
      p.host = rest.substr(0, colon);
      if (p.host.size() >= 2 && p.host.front() == '[' && p.host.back() == ']') p.host = p.host.substr(1, p.host.size() - 2);
      // Xapian reads the port with atoi, so text after it is ignored; a bad number is refused here.
      const unsigned long port = std::strtoul(rest.c_str() + colon + 1, nullptr, 10);
      if (port == 0 || port > 65535) throw bad("'" + rest.substr(colon + 1) + "' is not a TCP port");
      p.port = static_cast<unsigned>(port);
    } else {
      throw bad("not a part Xapian reads ('auto PATH', 'glass PATH' or 'remote HOST:PORT')");
    }
    out.push_back(std::move(p));
  }
  return out;
}

RemoteParts::RemoteParts(std::string stub, RemoteOptions options) : stub_(std::move(stub)), options_(std::move(options)) {
  for (auto& where : read_stub(stub_)) parts_.push_back(Part{std::move(where), std::nullopt, {}, {}});
  if (parts_.empty()) throw Error(ErrorCode::unavailable, "the stub file '" + stub_ + "' lists no database");
  for (auto& p : parts_) {
    if (!connect(p)) mark_failed(p, p.error);
  }
  throw_when_none_answers();
  try {
    rebuild();
  } catch (const Xapian::NetworkError& e) {
    recover(e);
  }
}

bool RemoteParts::connect(Part& p) {
  try {
    Xapian::Database db = p.where.remote
                              ? Xapian::Remote::open(p.where.host, p.where.port,
                                                     static_cast<useconds_t>(options_.timeout.count()),
                                                     static_cast<useconds_t>(options_.connect_timeout.count()))
                              : Xapian::Database(p.where.path);
    schema::check_schema_version(db, p.where.name());
    p.db = std::move(db);
    p.error.clear();
    return true;
  } catch (const Xapian::Error& e) {
    p.db.reset();
    p.error = e.get_type() + std::string(": ") + e.get_msg();
    return false;
  }
}

void RemoteParts::log(const std::string& line) const {
  if (options_.log) {
    options_.log(line);
  } else {
    std::cerr << "rassegna: " << line << '\n';
  }
}

void RemoteParts::mark_failed(Part& p, const std::string& why) {
  p.db.reset();
  p.error = why;
  p.retry_at = Clock::now() + options_.retry;
  log("part " + p.where.name() + " (" + stub_ + ":" + std::to_string(p.where.line) + ") failed: " + why +
      "; searching without it, next try in " + std::to_string(options_.retry.count()) + " ms");
}

void RemoteParts::rebuild() {
  db_ = Xapian::Database();
  for (const auto& p : parts_) {
    if (p.db) db_.add_database(*p.db);
  }
  // An article's k-th company slot holds a value only when its (k-1)-th does: count up to the
  // first slot no article uses.
  company_slots_ = 0;
  while (company_slots_ < schema::kCompanySlots &&
         db_.get_value_freq(schema::kSlotCompanyFirst + company_slots_) > 0) {
    ++company_slots_;
  }
}

bool RemoteParts::refresh() {
  const auto now = Clock::now();
  bool joined = false;
  for (auto& p : parts_) {
    if (p.db || now < p.retry_at) continue;
    if (connect(p)) {
      log("part " + p.where.name() + " answers again; searching it");
      joined = true;
    } else {
      p.retry_at = now + options_.retry;
    }
  }
  if (joined) {
    rebuild();
    return true;
  }
  if (!db_.reopen()) return false;
  rebuild();  // a new revision may use more company slots
  return true;
}

void RemoteParts::recover(const Xapian::NetworkError& e) {
  recover_parts(e);
  // Rebuilding reads every part again: one whose idle connection closed meanwhile fails now.
  for (size_t attempt = 0;; ++attempt) {
    try {
      rebuild();
      return;
    } catch (const Xapian::NetworkError& again) {
      if (attempt > parts_.size()) {
        throw Error(ErrorCode::unavailable, "the parts of '" + stub_ + "' keep failing: " + again.get_msg());
      }
      recover_parts(again);
    }
  }
}

void RemoteParts::recover_parts(const Xapian::NetworkError& e) {
  const std::string context = e.get_context();
  const std::string why = e.get_type() + std::string(": ") + e.get_msg();
  Part* named = nullptr;
  for (auto& p : parts_) {
    // Xapian names a TCP part "remote:tcp(HOST:PORT)" in its errors' context.
    if (p.db && p.where.remote && context.find(p.where.name() + ")") != std::string::npos) named = &p;
  }
  std::vector<const Part*> fresh;
  if (named != nullptr) {
    // A part that hung is left alone until its retry; one whose connection broke (restarted,
    // say) is tried at once, which costs nothing when it is down (connection refused). A timeout
    // the part itself reports ("REMOTE:" in front, as Xapian marks an error sent by the server)
    // is xapian-tcpsrv closing a connection left idle past its --idle-timeout (default 60 s):
    // the part is up, so it is reconnected at once too, and the search stays whole.
    const bool hung = std::string(e.get_type()) == "NetworkTimeoutError" &&  // Xapian errors have no RTTI
                      e.get_msg().rfind("REMOTE:", 0) != 0;
    if (!hung && connect(*named)) {
      fresh.push_back(named);
      log("part " + named->where.name() + " reconnected after: " + why);
    } else {
      mark_failed(*named, why);
    }
  }
  for (auto& p : parts_) {
    if (!p.db || !p.where.remote || std::find(fresh.begin(), fresh.end(), &p) != fresh.end()) continue;
    if (!connect(p)) mark_failed(p, named == nullptr ? p.error + " (after: " + why + ")" : p.error);
  }
  throw_when_none_answers();
}

void RemoteParts::throw_when_none_answers() const {
  std::string down;
  for (const auto& p : parts_) {
    if (p.db) return;
    down += (down.empty() ? "" : "; ") + p.where.name() + ": " + p.error;
  }
  throw Error(ErrorCode::unavailable, "no part of '" + stub_ + "' answers (" + down + ")");
}

std::vector<std::string> RemoteParts::failed() const {
  std::vector<std::string> out;
  for (const auto& p : parts_) {
    if (!p.db) out.push_back(p.where.name());
  }
  return out;
}

}  // namespace rassegna
