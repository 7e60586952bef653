#pragma once
// Pieces of indexing_run.cc shared with bulk_indexing.cc.

#include <string>

#include "indexing_run.h"

namespace rassegna {

// Tags the article's companies with the run's tagger (or keeps its orgs without one).
void tag_companies(const IndexRunOptions& options, Article& a);

// True when `path` holds no database yet, or one without documents.
bool is_new_database(const std::string& path);

// One writer thread committing in batches into the database in place.
IndexStats run_incremental_indexing(const IndexRunOptions& options);

// Several writer threads into temporary shards, merged into `options.db_path` at the end.
IndexStats run_bulk_indexing(const IndexRunOptions& options, size_t threads);

}  // namespace rassegna
