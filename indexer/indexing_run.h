#pragma once
// One indexing run, as rassegna-index performs it: the read stage (read_stage.h) turns the
// inputs into articles, which go either to one IndexWriter updating the database in place
// (reading and analysis on this thread, Xapian's writing on another) or, for a bulk load into a
// new database, to a ShardedWriter (sharded_writer.h); then the requested deletions, the
// metadata and the final commit, with every record accounted for.

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <rassegna/collection.h>

#include "indexer/index_stats.h"
#include "indexer/index_writer.h"
#include "indexer/ingest/reader.h"

namespace rassegna {

namespace entities {
class CompanyTagger;
}

struct IndexRunOptions {
  std::string db_path;
  std::vector<std::string> inputs;      // files and folders
  ingest::ReaderOptions reader;         // forced format (--format), CSV columns (--csv-map)
  std::vector<std::string> delete_ids;  // articles to remove (after the inputs are indexed)
  IndexWriterOptions writer;
  // Makes db_path a collection partitioned by time (rassegna/collection.h) when it is new; an
  // existing collection keeps its own partitioning without it. Collections are written by one
  // writer thread (the partitions are committed together).
  std::optional<collection::Granularity> partition;
  // Writer threads for a bulk load into a new (or empty) database: each writes a shard of its
  // own and the shards are merged with Xapian's compactor at the end. 0: one per core.
  // 1, or an existing non-empty database: one writer, committing every writer.batch_size.
  // A bulk load that is killed leaves no partial database; a rerun starts it over.
  size_t threads = 0;
  // Tags companies in each article; nullptr: only the input's own `orgs` are kept.
  const entities::CompanyTagger* tagger = nullptr;
  // Stored in the database's metadata (e.g. the gazetteer the companies were tagged with).
  std::vector<std::pair<std::string, std::string>> metadata;
  std::function<void(const ingest::IngestIssue&)> on_issue;  // every skip and repair
  std::function<void(const ingest::IngestIssue&)> on_note;   // every record passed over by design
  std::function<void(const IndexProgress&)> on_progress;     // now and then
};

// Re-tags every article of an existing database with `tagger` (after the gazetteer was
// edited), from the stored articles: the corpus files are not read again. Returns how many
// articles changed their companies.
size_t retag_database(const std::string& db_path, const entities::CompanyTagger& tagger,
                      const std::vector<std::pair<std::string, std::string>>& metadata,
                      IndexWriterOptions writer_options = {});

// Throws rassegna::Error when the database cannot be opened; problems with single inputs
// are reported through on_issue and counted, never thrown.
IndexStats run_indexing(const IndexRunOptions& options);

}  // namespace rassegna
