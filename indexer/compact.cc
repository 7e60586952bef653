#include "indexer/compact.h"

#include <fcntl.h>
#include <stdio.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <xapian.h>

#include <rassegna/collection.h>
#include <rassegna/error.h>

namespace rassegna {
namespace fs = std::filesystem;
namespace {

struct Record {
  std::string uuid;
  Xapian::rev revision = 0;
};

std::map<std::string, Record> read_records(const std::string& path) {
  std::map<std::string, Record> records;
  std::ifstream in(fs::path(path) / kCompactedFile);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string name;
    Record r;
    if (fields >> name >> r.uuid >> r.revision) records[name] = r;
  }
  return records;
}

void write_records(const std::string& path, const std::map<std::string, Record>& records) {
  const fs::path file = fs::path(path) / kCompactedFile;
  const fs::path tmp = fs::path(path) / (std::string(kCompactedFile) + ".tmp");
  {
    std::ofstream out(tmp);
    for (const auto& [name, r] : records) out << name << " " << r.uuid << " " << r.revision << "\n";
    if (!out.flush()) throw Error(ErrorCode::io_error, "cannot write '" + tmp.string() + "'");
  }
  std::error_code ec;
  fs::rename(tmp, file, ec);
  if (ec) throw Error(ErrorCode::io_error, "cannot replace '" + file.string() + "': " + ec.message());
}

uint64_t folder_bytes(const std::string& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  }
  return total;
}

std::string day_key_of(std::time_t now) {
  std::tm t{};
  gmtime_r(&now, &t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday);
  return buf;
}

// Compacts database `dir` in place (see compact.h); `name` names it in outcomes and records.
CompactOutcome compact_one(const std::string& dir, const std::string& name, std::map<std::string, Record>* records) {
  CompactOutcome out;
  out.name = name;
  const auto start = std::chrono::steady_clock::now();
  Record now;
  try {
    Xapian::Database current(dir);
    now = Record{current.get_uuid(), current.get_revision()};
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::unavailable, "cannot open '" + dir + "': " + e.get_msg());
  }
  if (records != nullptr) {
    auto it = records->find(name);
    if (it != records->end() && it->second.uuid == now.uuid && it->second.revision == now.revision) {
      out.what = CompactOutcome::What::unchanged;
      out.bytes_before = out.bytes_after = folder_bytes(dir);
      return out;
    }
  }
  // The write lock, held until the compacted copy is in place: no writer changes the
  // database while it is copied (and a writer holding it makes this one skip it).
  Xapian::WritableDatabase lock;
  try {
    lock = Xapian::WritableDatabase(dir, Xapian::DB_OPEN);
  } catch (const Xapian::DatabaseLockError& e) {
    out.what = CompactOutcome::What::busy;
    out.detail = "a writer holds it (" + e.get_msg() + ")";
    return out;
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::unavailable, "cannot lock '" + dir + "' for compacting: " + e.get_msg());
  }
  out.bytes_before = folder_bytes(dir);
  const std::string tmp = dir + ".compacting";
  std::error_code ec;
  fs::remove_all(tmp, ec);  // left by an interrupted run
  try {
    Xapian::Database source(dir);
    source.compact(tmp, Xapian::DBCOMPACT_NO_RENUMBER | Xapian::Compactor::FULLER);
  } catch (const Xapian::Error& e) {
    fs::remove_all(tmp, ec);
    throw Error(ErrorCode::io_error, "cannot compact '" + dir + "': " + e.get_msg());
  }
  // One atomic exchange: a reader opens the old folder or the new one, never neither.
  if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) != 0) {
    const std::string why = std::strerror(errno);
    fs::remove_all(tmp, ec);
    throw Error(ErrorCode::io_error, "cannot swap the compacted copy of '" + dir + "' in: " + why);
  }
  lock.close();
  fs::remove_all(tmp, ec);  // now the old database
  out.bytes_after = folder_bytes(dir);
  if (records != nullptr) {
    Xapian::Database compacted(dir);
    (*records)[name] = Record{compacted.get_uuid(), compacted.get_revision()};
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace

std::vector<CompactOutcome> compact_database(const std::string& path, std::time_t now) {
  std::vector<CompactOutcome> outcomes;
  const std::optional<collection::Granularity> g = collection::recorded_granularity(path);
  if (!g) {
    outcomes.push_back(compact_one(path, path, nullptr));
    return outcomes;
  }
  const std::string current = collection::partition_of(day_key_of(now), *g);
  std::map<std::string, Record> records = read_records(path);
  for (const auto& name : collection::partitions(path)) {
    if (name == current || name == collection::kUndated) {
      CompactOutcome o;
      o.name = name;
      o.what = CompactOutcome::What::current;
      o.detail = name == current ? "the current period: still written" : "undated articles arrive at any time";
      outcomes.push_back(o);
      continue;
    }
    outcomes.push_back(compact_one((fs::path(path) / name).string(), name, &records));
    if (outcomes.back().what == CompactOutcome::What::compacted) write_records(path, records);
  }
  return outcomes;
}

bool is_compacted(const std::string& collection_path, const std::string& partition) {
  const std::map<std::string, Record> records = read_records(collection_path);
  auto it = records.find(partition);
  if (it == records.end()) return false;
  try {
    Xapian::Database db((fs::path(collection_path) / partition).string());
    return db.get_uuid() == it->second.uuid && db.get_revision() == it->second.revision;
  } catch (const Xapian::Error&) {
    return false;
  }
}

}  // namespace rassegna
