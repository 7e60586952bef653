#pragma once
// One indexing run, as rassegna-index performs it: read the inputs, analyse and tag each
// article, write the documents, delete what was asked, and account for every record.
// Reading and analysis run on their own thread while the writer thread updates the database.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "indexer/index_writer.h"
#include "indexer/ingest/reader.h"

namespace rassegna {

namespace entities {
class CompanyTagger;
}

struct IndexProgress {
  uint64_t bytes_done = 0;
  uint64_t bytes_total = 0;
  size_t articles = 0;
  double seconds = 0;
};

struct IndexRunOptions {
  std::string db_path;
  std::vector<std::string> inputs;      // files and folders
  std::vector<std::string> delete_ids;  // articles to remove (after the inputs are indexed)
  IndexWriterOptions writer;
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
  std::function<void(const IndexProgress&)> on_progress;     // now and then
};

struct IndexStats {
  size_t files = 0;
  size_t records = 0;   // articles read: added + replaced + skipped
  size_t added = 0;
  size_t replaced = 0;
  size_t skipped = 0;   // records and files that could not be indexed
  size_t repaired = 0;  // indexed after a repair (see the issues)
  size_t deleted = 0;
  size_t delete_missing = 0;
  uint64_t bytes = 0;
  double seconds = 0;
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
