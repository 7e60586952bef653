#pragma once
// A collection: one Xapian database per period (month or year, plus one for undated articles) in
// a folder, with a Xapian stub file (XAPIANDB) listing them, so that Xapian itself, xapian-delve
// and every Rassegna program open the folder as one database. The partitioning is recorded in
// the folder (kCollectionFile), so later runs keep it without being told.
//
//   PATH/XAPIANDB              "auto 2020-09" one line per partition (Xapian's stub format)
//   PATH/rassegna.collection   "partition month"
//   PATH/2020-09/ PATH/undated/  glass databases
//   PATH/2026.2/ PATH/2026.3/   later segments of a period (below)
//   PATH/archive-to-2020-08.3/  the archive: every past period up to 2020-08 merged into one
//                              database by `rassegna-index --compact` (3: its generation)
//
// The archive exists because a query pays Xapian a B-tree descent per word per database (a
// frequency look-up and a posting-list open): 26 yearly partitions cost a query 5x one database
// of the same articles (docs/benchmarks.md). Past periods rarely change, so --compact merges
// them, as Lucene merges its segments; the current period, later ones and undated articles
// stay in partitions of their own, which keeps a commit's refresh small. An article of an
// archived period (a late one, a correction) is written into the archive itself.
//
// Segments. A writer given a segment size (rassegna-index --watch does by default) starts a new
// database for a period once the period's newest one holds that many articles: "2026", then
// "2026.2", "2026.3"... New articles go to the newest segment; a replaced one stays in the segment
// that holds it. A feed's commits then touch a small database: Xapian rewrites every B-tree block
// a commit touches, and the blocks an added article touches are more and more distinct blocks as
// the database grows (docs/benchmarks.md). --compact merges a period's sealed segments.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rassegna::collection {

enum class Granularity { month, year };

inline constexpr std::string_view kStubFile = "XAPIANDB";
inline constexpr std::string_view kCollectionFile = "rassegna.collection";
inline constexpr std::string_view kUndated = "undated";
inline constexpr std::string_view kArchivePrefix = "archive-to-";
inline constexpr std::string_view kLockFile = "rassegna.lock";  // held while the stub is rewritten

// "month" / "year"; nullopt for anything else.
std::optional<Granularity> parse_granularity(std::string_view text);
std::string_view granularity_name(Granularity g);

// The partition an article of day `day_key` (YYYYMMDD, empty: undated) belongs to:
// "2020-09" by month, "2020" by year, kUndated.
std::string partition_of(std::string_view day_key, Granularity g);

// The granularity recorded in `path`, when `path` is a collection folder. Throws
// rassegna::Error(unavailable) when the record is unreadable or names no granularity.
std::optional<Granularity> recorded_granularity(const std::string& path);

// Creates the folder (when missing) and records `g` in it.
void create(const std::string& path, Granularity g);

// The stub file of `path`: path/XAPIANDB for a folder holding one, `path` itself when it is a
// file (a stub written by hand); empty otherwise (a plain database, or nothing).
std::string stub_of(const std::string& path);

// The local databases a stub lists, as paths (relative ones resolved against the stub's
// folder, as Xapian does). nullopt when a line is not a local database ("remote ...", or
// unreadable): such a stub is only searchable through Xapian as a whole.
std::optional<std::vector<std::string>> local_parts(const std::string& stub);

// The partition names (folders) listed in path/XAPIANDB, in file order.
std::vector<std::string> partitions(const std::string& path);

// Rewrites path/XAPIANDB to list `names` (archives first, then periods in order, kUndated last),
// atomically (temporary file, then rename): a reader sees the old list or the new one.
void write_stub(const std::string& path, std::vector<std::string> names);

// An exclusive flock on PATH/`file` (created when missing), released when the object dies.
// `wait`: block until it is free; else held() tells whether it was taken.
class FolderLock {
 public:
  FolderLock(const std::string& path, std::string_view file, bool wait);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;
  bool held() const { return held_; }

 private:
  int fd_ = -1;
  bool held_ = false;
};

// Reads the stub's list, lets `change` edit it, writes it back (write_stub), all under an
// exclusive lock on path/kLockFile, so that a writer adding a partition and a --compact
// replacing partitions by the archive never lose each other's change. Returns the new list.
std::vector<std::string> update_stub(const std::string& path,
                                     const std::function<void(std::vector<std::string>&)>& change);

// A partition's name split into its period and segment number: "2026.3" -> {"2026", 3},
// "2026" -> {"2026", 1}, "undated.2" -> {"undated", 2}; "2026.1-3" -> {"2026", 3, first 1}: the
// segments 1 to 3 merged by --compact. Archives are not segments (nullopt).
struct Segment {
  std::string period;
  unsigned number = 1;
  unsigned first = 1;
};
std::optional<Segment> parse_segment(std::string_view name);
// "2026" for number 1, "2026.3" for 3.
std::string segment_name(std::string_view period, unsigned number);
// "2026.1-3": segments 1 to 3 merged (segment_name when first == last).
std::string merged_segment_name(std::string_view period, unsigned first, unsigned last);
// The period a partition name holds articles of: its segment's period, or an archive's last period.
std::string period_of(std::string_view name);

// The archive's folder name: "archive-to-2020-08.3" (every period up to 2020-08, generation 3).
std::string archive_name(std::string_view last_period, unsigned generation);
struct Archive {
  std::string last_period;
  unsigned generation = 0;
};
// The parts of an archive's name; nullopt for any other name.
std::optional<Archive> parse_archive(std::string_view name);

// Where an article of `period` (partition_of) is written, given the stub's list `listed`: its own
// partition when listed (its newest segment when it has several; a segment's name given resolves
// to itself while listed); else the archive when one covers the period (kUndated never is); else
// `period` (a new partition). A name of an archive no longer listed (replaced by a newer one)
// resolves to the archive that covers its periods now.
std::string route(const std::vector<std::string>& listed, const std::string& period);
// Where the articles of partition `name` (a name listed when they were found there) are now:
// `name` while listed; else where --compact merged it (route()).
std::string relocate(const std::vector<std::string>& listed, const std::string& name);

// A collection keeps a few files open per partition and per reader (4 per partition for each
// Searcher, measured), past the usual soft limit of 1,024 with a few hundred partitions and
// several server workers. Programs call this at start: it raises the soft limit on open files
// to the hard limit, as far as the system allows (nothing happens when it does not).
void raise_open_file_limit();

}  // namespace rassegna::collection
