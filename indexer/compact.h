#pragma once
// rassegna-index --db PATH --compact: rewrites a collection's old partitions (every period but
// the current one, and not the undated partition, which takes articles at any time) with
// Xapian's compactor, full blocks and no free space, keeping document ids; a plain database is
// compacted whole. Readers never see a half-written partition: the compacted copy is built
// beside it (NAME.compacting) and swapped in with one atomic exchange of the two folders
// (renameat2 RENAME_EXCHANGE); a running Searcher sees the partition's version file change and
// reopens it. A partition a writer holds (its Xapian lock is taken) is skipped and named.
//
// What was compacted is recorded in PATH/rassegna.compacted (name, UUID, revision): a second
// --compact skips those still unchanged. A late article for a compacted period is still
// accepted: Xapian's compacted databases stay writable; the writer names the partition (it is
// no longer compact) and the next --compact compacts it again.

#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

namespace rassegna {

inline constexpr const char* kCompactedFile = "rassegna.compacted";

struct CompactOutcome {
  std::string name;  // partition (or the database path)
  enum class What { compacted, unchanged, current, busy } what = What::compacted;
  uint64_t bytes_before = 0, bytes_after = 0;
  double seconds = 0;
  std::string detail;  // why skipped
};

// Compacts `path` (collection or database) as above; `now` chooses the current period.
// Throws rassegna::Error(unavailable / io_error) naming the partition when one cannot be read
// or written; partitions already swapped stay compacted.
std::vector<CompactOutcome> compact_database(const std::string& path, std::time_t now);

// The partitions of collection `path` recorded as compacted and unchanged since (by UUID and
// revision): the writer warns when a late article reopens one.
bool is_compacted(const std::string& collection_path, const std::string& partition);

}  // namespace rassegna
