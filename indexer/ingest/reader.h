#pragma once
// Readers turn input files into Articles, one reader per format (corpus/FORMAT.md):
//   .jsonl / .jsonl.gz  one JSON object a line
//   .txt                one article a file: id from the path, title from the text, no date
//   .rss .atom (.xml)   feeds: one article per item or entry (feed_reader.h)
//   .html .htm          one article a page: metadata and main text (html_reader.h)
//   .warc               crawls: one article per HTML response (warc_reader.h)
//   .csv .tsv           one article a row, columns named by the header (csv_reader.h)
// Any of them may be gzip-compressed (.gz). The format is forced by ReaderOptions, else taken
// from the extension, else from the first bytes.
// A bad article never stops a file: it is reported through `on_issue` with file, line and
// reason, and reading goes on. Articles come out cleaned (markup removed, valid UTF-8, NFC).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <rassegna/article.h>

#include "indexer/ingest/formats.h"

namespace rassegna::ingest {

struct IngestIssue {
  SourceLocation where;
  std::string reason;
  bool skipped = true;  // false: the article was repaired and indexed
};

struct ReadCallbacks {
  std::function<void(Article&&, const SourceLocation&)> on_article;
  std::function<void(const IngestIssue&)> on_issue;
  // Records passed over by design, neither indexed nor problems (WARC request and metadata
  // records, responses that are not HTML pages); may be empty.
  std::function<void(const IngestIssue&)> on_note;
  // Called now and then with the bytes of this file consumed so far (compressed bytes for .gz).
  std::function<void(uint64_t)> on_progress;
};

struct ReaderOptions {
  // The reader for every input (--format); nullopt: by extension, then by content.
  std::optional<Format> format;
  // CSV/TSV: article field -> column name, before the header's own names (--csv-map).
  std::vector<std::pair<std::string, std::string>> csv_map;
};

// Files to read for the given paths: files as given, folders searched recursively for
// readable formats (sorted, so runs are repeatable). Unknown paths are reported as issues.
// Files in folders are taken when their extension is one of the formats' (a .csv/.tsv only
// when its header names a text column, an .xml only when it is a feed; with a forced format,
// every file not starting with a dot); other files there are passed over in silence.
std::vector<std::string> expand_inputs(const std::vector<std::string>& paths,
                                       const std::function<void(const IngestIssue&)>& on_issue,
                                       const ReaderOptions& options = {});

// Size on disk of a file, for progress.
uint64_t file_size(const std::string& path);

// Reads one file with the reader `options` force, else the one its extension or content
// names; an unknown file is reported as skipped, with the reason.
void read_file(const std::string& path, const ReadCallbacks& callbacks, const ReaderOptions& options = {});

// The reader read_file would use for `path`; nullopt with `why` filled when there is none.
std::optional<Format> choose_format(const std::string& path, const ReaderOptions& options, std::string& why);

// Builds an article from one JSON line; throws std::runtime_error with the reason on failure.
// Exposed for tests and for other line-oriented inputs.
Article article_from_json_line(std::string& line, std::vector<std::string>& repairs);

// Builds an article from a plain-text file's contents.
Article article_from_text(const std::string& id, std::string text, std::vector<std::string>& repairs);

}  // namespace rassegna::ingest
