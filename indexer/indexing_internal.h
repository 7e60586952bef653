#pragma once
// Pieces of indexing_run.cc shared with bulk_indexing.cc.

#include <chrono>
#include <string>
#include <vector>

#include "indexer/indexing_run.h"

namespace rassegna {

// Tags the article's companies with the run's tagger (or keeps its orgs without one).
void tag_companies(const IndexRunOptions& options, Article& a);

// The files the inputs name (folders expanded); problems with the inputs themselves are
// reported and counted as skips. Sets stats.files and stats.bytes.
std::vector<std::string> plan_inputs(const IndexRunOptions& options, IndexStats& stats);

// Counts one reader issue (a skipped record, or the first repair of an article) and passes it on.
class IssueCounter {
 public:
  IssueCounter(const IndexRunOptions& options, IndexStats& stats) : options_(options), stats_(stats) {}
  void operator()(const ingest::IngestIssue& issue);

 private:
  const IndexRunOptions& options_;
  IndexStats& stats_;
  std::string last_repaired_;  // one article may need several repairs: count it once
};

// The end of a run: the requested deletions, the final commit and sync, the closing figures.
void finish_run(const IndexRunOptions& options, IndexWriter& writer, IndexStats& stats, IndexProgress& progress,
                std::chrono::steady_clock::time_point start);

// True when `path` holds no database yet, or one without documents.
bool is_new_database(const std::string& path);

// One writer thread committing in batches into the database in place.
IndexStats run_incremental_indexing(const IndexRunOptions& options);

// Several writer threads into temporary shards, merged into `options.db_path` at the end.
IndexStats run_bulk_indexing(const IndexRunOptions& options, size_t threads);

}  // namespace rassegna
