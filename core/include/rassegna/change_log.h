#pragma once
// The change log a writer leaves in a database's metadata for readers that keep something in
// memory per revision (searcher/query/doc_table.cc refreshes its DocTable from it instead of
// reading the whole database again). One entry per commit, in a ring of schema::kChangesRing
// keys (schema.h): the commit that made revision R+1 wrote, under key_for(R + 1),
//
//   "<R> <database UUID> <docids>"
//
// <docids>: every document the commit added, replaced, rewrote (a story key the grouper moved)
// or deleted, ascending, one space apart, a run of consecutive ids written "first-last"; or "*"
// when they were too many to list (over kMaxListedChanges) or are unknown (a caller wrote
// through the raw database). A reader at revision R that finds, for each revision r from R up
// to its new one, the entry of r + 1 with base r and its database's UUID, knows every document
// that changed. Anything else sends it back to a full read: a commit by a writer that keeps no
// log (the parallel bulk loader, a raw WritableDatabase) leaves the ring's older entry in place,
// whose base does not match; compaction copies metadata into a database of a new UUID.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <xapian.h>

namespace rassegna::change_log {

inline constexpr size_t kMaxListedChanges = 100000;

// The key the commit that makes `revision` writes its entry under.
std::string key_for(Xapian::rev revision);

// An entry for a commit on top of revision `base` of the database `uuid`. `docids`: ascending,
// distinct; more than kMaxListedChanges are written as "*".
std::string encode(Xapian::rev base, std::string_view uuid, const std::vector<Xapian::docid>& docids);
// An entry saying the commit changed documents it cannot list.
std::string encode_unlisted(Xapian::rev base, std::string_view uuid);

struct Entry {
  Xapian::rev base = 0;
  std::string uuid;
  bool listed = false;                // false: "*", the changes are not listed
  std::vector<Xapian::docid> docids;  // ascending, distinct
};
// Nullopt when `value` is not an entry (or lists more than kMaxListedChanges documents).
std::optional<Entry> decode(std::string_view value);

// Every document changed between revision `from` and `db`'s current revision, ascending, by
// the log; nullopt when the log does not cover every commit in between (or `db` has no single
// revision: several sub-databases).
std::optional<std::vector<Xapian::docid>> changed_since(const Xapian::Database& db, Xapian::rev from);

}  // namespace rassegna::change_log
