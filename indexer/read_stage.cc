#include "indexer/read_stage.h"

#include <exception>

namespace rassegna {
namespace {

// Counts one reader issue (a skipped record, or the first repair of an article) and passes it on.
class IssueCounter {
 public:
  IssueCounter(const ReadStageOptions& options, IndexStats& stats) : options_(options), stats_(stats) {}

  void operator()(const ingest::IngestIssue& issue) {
    if (issue.skipped) {
      ++stats_.skipped;
      ++stats_.records;
    } else if (issue.where.to_string() != last_repaired_) {
      ++stats_.repaired;
      last_repaired_ = issue.where.to_string();
    }
    if (options_.on_issue) options_.on_issue(issue);
  }

 private:
  const ReadStageOptions& options_;
  IndexStats& stats_;
  std::string last_repaired_;  // one article may need several repairs: count it once
};

// Carries the sink's exception past the readers, which report the std::exceptions of a file as
// problems of that file: a failing writer is not a bad record.
struct SinkFailed {};

}  // namespace

void read_inputs(const ReadStageOptions& options, const std::function<void(Article&&)>& sink, IndexStats& stats) {
  using clock = std::chrono::steady_clock;
  std::vector<ingest::IngestIssue> early_issues;
  const std::vector<std::string> files =
      ingest::expand_inputs(
          options.inputs, [&](const ingest::IngestIssue& i) { early_issues.push_back(i); }, options.reader);
  for (const auto& issue : early_issues) {
    ++stats.skipped;  // a path, not a record
    if (options.on_issue) options.on_issue(issue);
  }
  stats.files = files.size();
  for (const auto& f : files) stats.bytes += ingest::file_size(f);

  IndexProgress progress;
  progress.bytes_total = stats.bytes;
  auto last_report = clock::now();
  IssueCounter count_issue(options, stats);
  std::exception_ptr sink_error;
  uint64_t bytes_before = 0;
  ingest::ReadCallbacks cb;
  cb.on_article = [&](Article&& a, const SourceLocation&) {
    ++stats.records;
    ++progress.articles;
    try {
      sink(std::move(a));
    } catch (...) {
      sink_error = std::current_exception();
      throw SinkFailed{};
    }
  };
  cb.on_issue = [&](const ingest::IngestIssue& issue) { count_issue(issue); };
  cb.on_note = [&](const ingest::IngestIssue& note) {
    ++stats.passed_over;
    if (options.on_note) options.on_note(note);
  };
  cb.on_progress = [&](uint64_t done) {
    progress.bytes_done = bytes_before + done;
    const auto now = clock::now();
    if (options.on_progress && now - last_report > kProgressInterval) {
      progress.seconds = std::chrono::duration<double>(now - options.start).count();
      options.on_progress(progress);
      last_report = now;
    }
  };
  try {
    for (const auto& file : files) {
      ingest::read_file(file, cb, options.reader);
      bytes_before += ingest::file_size(file);
    }
  } catch (const SinkFailed&) {
    std::rethrow_exception(sink_error);
  }
}

}  // namespace rassegna
