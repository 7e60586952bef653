#pragma once
// Helpers for tests that build real databases on disk.

#include <filesystem>
#include <string>
#include <vector>

#include "indexer/indexing_run.h"
#include "temp_dir.h"

namespace rassegna::testing {

using TempDir = test_common::TempDir;

std::string source_path(const std::string& relative);  // inside the checkout
std::string write_file(const std::string& path, const std::string& content);

struct RunResult {
  IndexStats stats;
  std::vector<ingest::IngestIssue> issues;
};

// Indexes `inputs` into `db` with the bundled gazetteer.
RunResult index_files(const std::string& db, const std::vector<std::string>& inputs, size_t batch = 10000);

// Indexes the bundled corpus (corpus/) once per test binary; returns the database path.
const std::string& bundled_db();

}  // namespace rassegna::testing
