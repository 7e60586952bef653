#pragma once
// What the reader tests share: one file read through the real dispatch, everything collected.

#include <string>
#include <vector>

#include "indexer/ingest/reader.h"

namespace rassegna::testing {

struct Collected {
  std::vector<Article> articles;
  std::vector<SourceLocation> where;  // of each article
  std::vector<ingest::IngestIssue> issues;

  const Article* by_id(const std::string& id) const;
  size_t skipped() const;
  size_t repaired() const;
  // The first issue whose reason contains `text`, or nullptr.
  const ingest::IngestIssue* issue_with(const std::string& text) const;
  std::string describe_issues() const;  // for failure messages
};

Collected read_one(const std::string& path, const ingest::ReaderOptions& options = {});

// tests/data/<relative>
std::string data_path(const std::string& relative);

}  // namespace rassegna::testing
