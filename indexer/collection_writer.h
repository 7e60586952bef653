#pragma once
// Writes articles either into one database (an IndexWriter, as before collections existed) or
// into a collection partitioned by time (rassegna/collection.h): each article goes to the
// partition of its date, a new partition is listed in the stub as soon as it exists, and an
// article whose date moved it to another period is removed from the old one, so an id is in
// exactly one partition. Every partition is committed together every batch_size changes (or on
// commit()), so a killed run leaves each partition at its last commit and a rerun completes it.
//
// Given options.segment_docs, a period's newest partition that holds that many articles is
// sealed: new articles of the period go to a new segment (collection.h). The segments of a
// period are grouped into stories as one database: their writers share one StoryGrouper over a
// Xapian WritableDatabase made of all of them, so an article finds its near-duplicates in the
// sealed segments too, and a story's key is the same wherever its articles are.
//
// A period that took no article for kIdleCommits commits has its databases closed (their locks
// released): a --watch fed for months lets go of last month's partition, and of the current
// period's segments while no article of that period comes, so --compact can merge them.

#include <map>
#include <set>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>
#include <xapian.h>

#include <rassegna/collection.h>

#include "indexer/index_writer.h"

namespace rassegna {

class CollectionWriter {
 public:
  // Opens `path`: a collection when it is one or when `partition` is given (then it must not be
  // a plain database, nor a collection partitioned otherwise: Error(invalid_argument) naming
  // both); else one database, created when missing. `metadata` goes into every database written.
  CollectionWriter(const std::string& path, std::optional<collection::Granularity> partition,
                   IndexWriterOptions options, std::vector<std::pair<std::string, std::string>> metadata);
  ~CollectionWriter();
  CollectionWriter(const CollectionWriter&) = delete;
  CollectionWriter& operator=(const CollectionWriter&) = delete;

  // Whether `path` is (or, given `partition`, will be) a collection.
  static bool is_collection(const std::string& path, std::optional<collection::Granularity> partition);

  bool partitioned() const { return granularity_.has_value(); }

  // Adds or replaces article `id`; `day_key` (YYYYMMDD, empty: undated) chooses the partition.
  // Returns true when the id existed (in any partition).
  bool put(const std::string& id, const std::string& day_key, const Xapian::Document& doc);
  // Deletes article `id` wherever it is; false when there was none.
  bool remove(const std::string& id);
  // Commits every database with changes.
  void commit();
  // Commits and syncs. Called by the destructor if not called before.
  void close();

  // The folders of the partitions (or the one database), for --retag and tests.
  std::vector<std::string> database_paths() const;

 private:
  IndexWriter& partition(const std::string& name);
  // The partition that takes articles of `period` (or of a partition name found earlier) now:
  // collection::route() over the stub as it is on disk.
  std::string resolve(const std::string& period);
  std::optional<std::string> where_is(const std::string& id);  // partition name holding `id`
  void reopen_existing();
  void maybe_commit();
  // The partition a new article of `period` goes to: its newest segment, or a new one when that
  // is full (options_.segment_docs).
  std::string target_for_new(const std::string& period);
  // Opens every listed segment of the period of partition `name` and has them share one story
  // grouper, when the period has more than one (else each writer groups its own).
  void group_period(const std::string& name);
  void drop_groups();
  void release_idle();  // closes the writers of periods idle for kIdleCommits commits
  void set_listed(std::vector<std::string> names);  // listed_, and what is worked out from it

  std::string path_;
  std::optional<collection::Granularity> granularity_;
  IndexWriterOptions options_;
  std::vector<std::pair<std::string, std::string>> metadata_;
  std::unique_ptr<IndexWriter> single_;                       // a plain database
  std::map<std::string, std::unique_ptr<IndexWriter>> open_;  // partitions written in this run
  // The story grouping of periods with several segments (group_period).
  struct PeriodGroup {
    std::vector<std::string> names;       // the segments, in sub-database order
    Xapian::WritableDatabase all;         // their databases, as one
    std::unique_ptr<dedup::StoryGrouper> grouper;
  };
  std::map<std::string, PeriodGroup> groups_;  // by period
  std::vector<std::string> listed_;                           // partitions in the stub
  uint64_t listed_version_ = 0;                               // changes of listed_
  std::set<std::string> held_periods_;                        // periods of open_ writers
  std::map<std::string, std::string> routes_;                 // period -> route(), for held periods
  std::map<std::string, uint64_t> grouped_at_;                // partition -> listed_version_ of its group_period()
  size_t commits_ = 0;
  std::map<std::string, size_t> written_at_;                  // period -> commits_ when last written
 public:
  static constexpr size_t kIdleCommits = 12;  // a minute of a --watch's 5-second commits

 private:
  // What was committed when this run started or last committed, to find an id's partition;
  // ids written since then are in since_commit_ (partition name, empty: deleted).
  Xapian::Database existing_;
  std::vector<std::string> existing_names_;  // existing_'s sub-databases in order
  std::unordered_map<std::string, std::string> since_commit_;
  // The collection was empty when opened: every id there is was written by this run, and
  // since_commit_ keeps them all (no lookups in existing_, which stays empty).
  bool started_empty_ = false;
  size_t pending_ = 0;
  bool closed_ = false;
};

}  // namespace rassegna
