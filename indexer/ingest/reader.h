#pragma once
// Readers turn input files into Articles, one reader per format:
//   .jsonl / .jsonl.gz  one JSON object a line (see corpus/FORMAT.md)
//   .txt                one article a file: id from the path, title from the text, no date
// A bad article never stops a file: it is reported through `on_issue` with file, line and
// reason, and reading goes on. Articles come out cleaned (markup removed, valid UTF-8, NFC).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <rassegna/article.h>

namespace rassegna::ingest {

struct IngestIssue {
  SourceLocation where;
  std::string reason;
  bool skipped = true;  // false: the article was repaired and indexed
};

struct ReadCallbacks {
  std::function<void(Article&&, const SourceLocation&)> on_article;
  std::function<void(const IngestIssue&)> on_issue;
  // Called now and then with the bytes of this file consumed so far (compressed bytes for .gz).
  std::function<void(uint64_t)> on_progress;
};

// Files to read for the given paths: files as given, folders searched recursively for
// readable formats (sorted, so runs are repeatable). Unknown paths are reported as issues.
std::vector<std::string> expand_inputs(const std::vector<std::string>& paths,
                                       const std::function<void(const IngestIssue&)>& on_issue);

// Size on disk of a file, for progress.
uint64_t file_size(const std::string& path);

// Reads one file, dispatching on its extension.
void read_file(const std::string& path, const ReadCallbacks& callbacks);

// Builds an article from one JSON line; throws std::runtime_error with the reason on failure.
// Exposed for tests and for other line-oriented inputs.
Article article_from_json_line(std::string& line, std::vector<std::string>& repairs);

// Builds an article from a plain-text file's contents.
Article article_from_text(const std::string& id, std::string text, std::vector<std::string>& repairs);

}  // namespace rassegna::ingest
