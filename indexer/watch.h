#pragma once
// Watch mode (rassegna-index --watch DIR): indexes the files already in a folder, then every file
// that appears in it, complete, until asked to stop. A file counts as complete when it is closed
// after writing (inotify IN_CLOSE_WRITE) or renamed into the folder (IN_MOVED_TO), so a file being
// written is never read half; a file whose inode, size and modification time are those already
// indexed is not read again. Hidden files (".name") and editors' or downloaders' temporaries
// (*.tmp, *.part, *~) are ignored: write one of those and rename it into place.
//
// Commits come at most every commit_interval (and every writer.batch_size articles within a big
// file), after the last change, so an article is searchable about commit_interval after its file
// is complete. SIGINT and SIGTERM stop it after a final commit. Problems with a file are logged
// with its name and never stop the watch; a failing database does.

#include <chrono>
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

struct WatchOptions {
  std::string db_path;
  std::string folder;
  std::chrono::milliseconds commit_interval{5000};  // at most one commit per interval
  std::optional<collection::Granularity> partition;  // as IndexRunOptions::partition
  IndexWriterOptions writer;                         // batch_size: the most articles held uncommitted
  ingest::ReaderOptions reader;                      // forced format (--format), CSV columns (--csv-map)
  const entities::CompanyTagger* tagger = nullptr;
  std::vector<std::pair<std::string, std::string>> metadata;
  std::function<void(const ingest::IngestIssue&)> on_issue;  // every skip and repair, with file and line
  std::function<void(const std::string&)> log;               // one line per file and per commit
};

// Runs until SIGINT or SIGTERM (which it handles from the start: the process is not killed by
// them) and returns the totals. Throws rassegna::Error when the folder cannot be watched or the
// database cannot be written.
IndexStats watch_folder(const WatchOptions& options);

}  // namespace rassegna
