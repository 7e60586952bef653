#include "indexer/compact.h"

#include <fcntl.h>
#include <stdio.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <map>
#include <sstream>
#include <xapian.h>

#include <rassegna/collection.h>
#include <rassegna/error.h>
#include <rassegna/schema.h>

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

// A Xapian error as a reason, with the system's words (Xapian keeps errno's text in the
// description) and what to do when the disk is full.
std::string why_not(const Xapian::Error& e) {
  std::string why = e.get_description();
  if (why.find("No space left on device") != std::string::npos) {
    why += " (the disk is full: a compacted copy needs about as much free space as what it copies)";
  }
  return why;
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
    // STANDARD, not FULLER: compacted databases take late articles, and writing into a
    // FULLER-compacted archive overflowed a heap buffer inside libxapian 1.4.22's B-tree code
    // (AddressSanitizer, in IndexWriter::commit's set_metadata) and left it corrupt.
    source.compact(tmp, Xapian::DBCOMPACT_NO_RENUMBER | Xapian::Compactor::STANDARD);
  } catch (const Xapian::Error& e) {
    fs::remove_all(tmp, ec);
    throw Error(ErrorCode::io_error, "cannot compact '" + dir + "': " + why_not(e) + "; it is unchanged");
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

namespace {

// Sets, in `db`, every metadata key of `sources` to its value in the source last updated (the
// merged archive then says what the newest of its periods said: gazetteer, last update); the
// sources' change logs are left out.
void merge_metadata(Xapian::WritableDatabase& db, const std::vector<Xapian::Database>& sources) {
  const std::string update_key(schema::kLastUpdateMetadataKey);
  std::map<std::string, std::pair<std::string, std::string>> chosen;  // key -> (update, value)
  for (const auto& src : sources) {
    const std::string update = src.get_metadata(update_key);
    for (auto k = src.metadata_keys_begin(); k != src.metadata_keys_end(); ++k) {
      // A source's change log (change_log.h) says nothing of the archive, a new database.
      if ((*k).starts_with(schema::kChangesMetadataPrefix)) continue;
      auto [it, added] = chosen.try_emplace(*k, update, src.get_metadata(*k));
      if (!added && update >= it->second.first) it->second = {update, src.get_metadata(*k)};
    }
  }
  for (const auto& [key, v] : chosen) {
    if (db.get_metadata(key) != v.second) db.set_metadata(key, v.second);
  }
  // Xapian's compactor copied the first source's change log: dropped (an empty value deletes).
  const std::string log_prefix(schema::kChangesMetadataPrefix);
  std::vector<std::string> logs;
  for (auto k = db.metadata_keys_begin(log_prefix); k != db.metadata_keys_end(log_prefix); ++k) logs.push_back(*k);
  for (const auto& key : logs) db.set_metadata(key, std::string());
  db.commit();
}

// Merges `names` (in stub order) of collection `path` into one new database `merged` (an
// archive, or a period's merged segments), lists it in place of them (one stub rewrite), then
// removes them. Each source's write lock is held throughout (`locks`). Returns its outcome.
CompactOutcome merge_partitions(const std::string& path, const std::vector<std::string>& names,
                                const std::string& merged_name, std::map<std::string, Record>* records) {
  const auto start = std::chrono::steady_clock::now();
  CompactOutcome out;
  out.name = merged_name;
  const std::string dest = (fs::path(path) / out.name).string();
  const std::string tmp = dest + ".compacting";
  std::error_code ec;
  fs::remove_all(tmp, ec);
  fs::remove_all(dest, ec);  // never listed: left by a run killed before it listed it
  std::vector<Xapian::Database> sources;
  Xapian::Database all;
  for (const auto& name : names) {
    const std::string dir = (fs::path(path) / name).string();
    out.bytes_before += folder_bytes(dir);
    try {
      sources.emplace_back(dir);
    } catch (const Xapian::Error& e) {
      throw Error(ErrorCode::unavailable, "cannot open '" + dir + "': " + e.get_msg());
    }
    // The archive takes late articles: every source must be of the schema this build writes.
    schema::check_schema_version(sources.back(), dir, true);
    all.add_database(sources.back());
  }
  try {
    // Document ids are renumbered (each source's after the previous one's): ids are internal
    // to a database; articles are found by their Q term.
    all.compact(tmp, Xapian::Compactor::STANDARD);  // not FULLER: see compact_one
    Xapian::WritableDatabase merged(tmp, Xapian::DB_OPEN);
    merge_metadata(merged, sources);
    merged.close();
  } catch (const Xapian::Error& e) {
    fs::remove_all(tmp, ec);
    throw Error(ErrorCode::io_error, "cannot merge partitions into '" + dest + "': " + why_not(e) +
                                         "; the collection is unchanged");
  }
  fs::rename(tmp, dest, ec);
  if (ec) {
    fs::remove_all(tmp, ec);
    throw Error(ErrorCode::io_error, "cannot move the merged database into place at '" + dest + "': " + ec.message());
  }
  // One atomic rewrite of the stub: a reader opens the sources or the archive, never both.
  collection::update_stub(path, [&](std::vector<std::string>& listed) {
    std::erase_if(listed, [&](const std::string& n) { return std::find(names.begin(), names.end(), n) != names.end(); });
    listed.push_back(out.name);
  });
  sources.clear();
  all = Xapian::Database();
  for (const auto& name : names) {
    // Searchers that opened a source keep reading it (its files stay until they let go) and
    // open the archive at their next request, when they see the stub changed.
    fs::remove_all(fs::path(path) / name, ec);
    records->erase(name);
  }
  out.bytes_after = folder_bytes(dest);
  Xapian::Database result(dest);
  (*records)[out.name] = Record{result.get_uuid(), result.get_revision()};
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace

namespace {

// The outcomes of a merge: each source went into `merged`, then the merged database's own.
void report_merge(std::vector<CompactOutcome>& outcomes, const std::vector<std::string>& sources,
                  CompactOutcome merged) {
  for (const auto& name : sources) {
    CompactOutcome o;
    o.name = name;
    o.what = CompactOutcome::What::archived;
    o.detail = merged.name;
    outcomes.push_back(o);
  }
  outcomes.push_back(std::move(merged));
}

}  // namespace

std::vector<CompactOutcome> compact_database(const std::string& path, std::time_t now) {
  std::vector<CompactOutcome> outcomes;
  const std::optional<collection::Granularity> g = collection::recorded_granularity(path);
  if (!g) {
    outcomes.push_back(compact_one(path, path, nullptr));
    return outcomes;
  }
  // Only one --compact at a time on a collection.
  const collection::FolderLock only_one(path, "rassegna.compact.lock", false);
  if (!only_one.held()) throw Error(ErrorCode::unavailable, "another --compact is running on '" + path + "'");
  const std::string current = collection::partition_of(day_key_of(now), *g);
  std::map<std::string, Record> records = read_records(path);
  const std::vector<std::string> listed = collection::partitions(path);

  // Left over by a run killed midway: copies never listed.
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(path, ec)) {
    const std::string name = e.path().filename().string();
    const bool unlisted = std::find(listed.begin(), listed.end(), name) == listed.end();
    // (Merged segments, "2026.1-3", are made by --compact alone; a writer's new segment may be
    // on disk a moment before it is listed, and is left alone.)
    const std::optional<collection::Segment> seg = collection::parse_segment(name);
    const bool ours = collection::parse_archive(name) || (seg && seg->first < seg->number);
    if (e.is_directory(ec) && ((unlisted && ours) || name.ends_with(".compacting"))) fs::remove_all(e.path(), ec);
  }

  // The archive and the past periods go into one new archive; a database a writer holds (its
  // Xapian lock taken) stays as it is. The locks are held until the merged copy is listed.
  // Past: every segment of a period before the current one (undated is never past).
  auto is_past = [&](const std::string& name) {
    const std::string period = collection::period_of(name);
    return !collection::parse_archive(name) && period != collection::kUndated && period < current;
  };
  std::vector<std::string> archives, past;
  for (const auto& name : listed) {
    if (collection::parse_archive(name)) {
      archives.push_back(name);
    } else if (is_past(name)) {
      past.push_back(name);
    }
  }
  std::map<std::string, Xapian::WritableDatabase> locks;
  auto lock = [&](const std::string& name) {
    const std::string dir = (fs::path(path) / name).string();
    try {
      locks.emplace(name, Xapian::WritableDatabase(dir, Xapian::DB_OPEN));
      return true;
    } catch (const Xapian::DatabaseLockError& e) {
      CompactOutcome o;
      o.name = name;
      o.what = CompactOutcome::What::busy;
      o.detail = "a writer holds it (" + e.get_msg() + ")";
      outcomes.push_back(o);
      return false;
    } catch (const Xapian::Error& e) {
      throw Error(ErrorCode::unavailable, "cannot lock '" + dir + "' for compacting: " + e.get_msg());
    }
  };
  bool archives_free = true;
  for (const auto& name : archives) archives_free = lock(name) && archives_free;
  std::vector<std::string> sources;
  if (archives_free) {
    for (const auto& name : past) {
      if (lock(name)) sources.push_back(name);
    }
  }
  if (!sources.empty()) {
    std::string last;
    unsigned generation = 0;
    for (const auto& name : archives) {
      const auto a = collection::parse_archive(name);
      last = std::max(last, a->last_period);
      generation = std::max(generation, a->generation);
    }
    for (const auto& name : sources) last = std::max(last, collection::period_of(name));
    std::vector<std::string> names = archives;
    names.insert(names.end(), sources.begin(), sources.end());
    CompactOutcome merged = merge_partitions(path, names, collection::archive_name(last, generation + 1), &records);
    locks.clear();
    write_records(path, records);
    report_merge(outcomes, names, std::move(merged));
  } else {
    locks.clear();
    if (archives_free) {
      for (const auto& name : archives) {  // late articles may have reopened it
        outcomes.push_back(compact_one((fs::path(path) / name).string(), name, &records));
        if (outcomes.back().what == CompactOutcome::What::compacted) write_records(path, records);
      }
    }
  }

  // The other periods (the current one, later ones, undated): the sealed segments of a period
  // cut into several (all but its newest, which takes new articles) are merged into one; the
  // newest of the current period and of undated is left to its writer; later periods (articles
  // dated in the future) are compacted in place, not archived.
  std::map<std::string, std::vector<std::pair<unsigned, std::string>>> periods;
  for (const auto& name : listed) {
    if (collection::parse_archive(name) || is_past(name)) continue;
    const collection::Segment seg = *collection::parse_segment(name);
    periods[seg.period].emplace_back(seg.number, name);
  }
  for (auto& [period, segments] : periods) {
    std::sort(segments.begin(), segments.end());
    const std::string newest = segments.back().second;
    std::vector<std::string> sealed;
    for (size_t i = 0; i + 1 < segments.size(); ++i) sealed.push_back(segments[i].second);
    if (sealed.size() >= 2) {
      bool free = true;
      for (const auto& name : sealed) free = lock(name) && free;
      if (free) {
        const collection::Segment first = *collection::parse_segment(sealed.front());
        const collection::Segment last = *collection::parse_segment(sealed.back());
        CompactOutcome merged =
            merge_partitions(path, sealed, collection::merged_segment_name(period, first.first, last.number), &records);
        write_records(path, records);
        report_merge(outcomes, sealed, std::move(merged));
      }
      locks.clear();
    } else if (sealed.size() == 1) {
      outcomes.push_back(compact_one((fs::path(path) / sealed[0]).string(), sealed[0], &records));
      if (outcomes.back().what == CompactOutcome::What::compacted) write_records(path, records);
    }
    if (period == current || period == collection::kUndated) {
      CompactOutcome o;
      o.name = newest;
      o.what = CompactOutcome::What::current;
      o.detail = period == current ? "the current period: still written" : "undated articles arrive at any time";
      outcomes.push_back(o);
      continue;
    }
    outcomes.push_back(compact_one((fs::path(path) / newest).string(), newest, &records));
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
