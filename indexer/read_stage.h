#pragma once
// The read stage of an indexing run: the input files -> Articles, on the calling thread and in
// input order. Every skipped or repaired record is counted and passed on, and progress is reported
// now and then. It knows nothing of writing: whoever calls it decides where articles go (one
// IndexWriter, or shards).

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <rassegna/article.h>

#include "indexer/index_stats.h"
#include "indexer/ingest/reader.h"

namespace rassegna {

struct ReadStageOptions {
  std::vector<std::string> inputs;                            // files and folders
  ingest::ReaderOptions reader;                               // forced format, CSV columns
  std::function<void(const ingest::IngestIssue&)> on_issue;   // every skip and repair
  std::function<void(const ingest::IngestIssue&)> on_note;    // every record passed over (counted)
  std::function<void(const IndexProgress&)> on_progress;      // at most every kProgressInterval
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();  // progress.seconds from here
};

inline constexpr std::chrono::milliseconds kProgressInterval{200};

// Reads every input and hands each article to `sink`. Problems with the inputs themselves
// (missing paths, unknown types) and with single records are reported and counted, never thrown;
// what `sink` throws stops the reading and is passed on. Sets stats.files, bytes, records,
// skipped and repaired.
void read_inputs(const ReadStageOptions& options, const std::function<void(Article&&)>& sink, IndexStats& stats);

}  // namespace rassegna
