#pragma once
// rassegna-index --db PATH --compact. A plain database is compacted whole with Xapian's
// compactor (no free blocks; STANDARD, not FULLER, as the database stays writable; document ids
// kept). A collection's past periods (every
// partition before the current period's, not undated/) are merged with the archive, when there
// is one, into a new archive database (collection.h: "archive-to-LAST.GEN"), so that a query
// opens the archive and the few live partitions instead of one database per period. The new
// archive is built beside the others (NAME.compacting), then listed in their place with one
// atomic rewrite of the stub; a running Searcher keeps reading the old ones until its next
// request, when it sees the stub changed and opens the new list; then they are removed.
// Partitions of later periods (future dates) are compacted in place, each with one atomic
// exchange of folders (renameat2 RENAME_EXCHANGE). A period cut into segments (collection.h):
// in the past, all of them go into the archive; else its sealed segments (all but the newest)
// are merged into one, named for the range it holds ("2026.1-4"), listed in their place with
// one stub rewrite; while a writer (a --watch) holds them, they are skipped as busy. A database a writer holds (its Xapian lock
// is taken) is skipped and named; every source's lock is held until the archive is listed.
//
// What was compacted is recorded in PATH/rassegna.compacted (name, UUID, revision): a second
// --compact with no new past period leaves the archive alone while it is unchanged. A late
// article for an archived period is still accepted: it is written into the archive (Xapian's
// compacted databases stay writable); the writer names it (no longer compact) and the next
// --compact compacts it again. Only one --compact runs at a time on a collection.

#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

namespace rassegna {

inline constexpr const char* kCompactedFile = "rassegna.compacted";

struct CompactOutcome {
  std::string name;  // partition (or the database path)
  // archived: merged into the database named in `detail` (the archive, or a period's merged segments).
  enum class What { compacted, unchanged, current, busy, archived } what = What::compacted;
  uint64_t bytes_before = 0, bytes_after = 0;
  double seconds = 0;
  std::string detail;  // why skipped; for `archived`, the archive it went into
};

// Compacts `path` (collection or database) as above; `now` chooses the current period.
// Throws rassegna::Error(unavailable / io_error) naming the partition when one cannot be read
// or written; partitions already swapped stay compacted.
std::vector<CompactOutcome> compact_database(const std::string& path, std::time_t now);

// The partitions of collection `path` recorded as compacted and unchanged since (by UUID and
// revision): the writer warns when a late article reopens one.
bool is_compacted(const std::string& collection_path, const std::string& partition);

}  // namespace rassegna
