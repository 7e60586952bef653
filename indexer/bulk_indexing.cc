// Bulk loads on several cores. The Xapian writer is the bottleneck of indexing (profiles in
// docs/benchmarks.md), and a database has one writer, so each thread writes a shard of its own:
// an article goes to the shard its id hashes to (a repeated id replaces within that shard), and
// at the end Xapian's compactor merges the shards into the target, which also leaves it compact.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include <rassegna/error.h>
#include <rassegna/schema.h>

#include "indexer/bounded_queue.h"
#include "indexer/document_builder.h"
#include "indexer/index_writer.h"
#include "indexer/indexing_internal.h"

namespace rassegna {
namespace fs = std::filesystem;

bool is_new_database(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return true;
  try {
    return Xapian::Database(path).get_doccount() == 0;
  } catch (const Xapian::Error&) {
    return false;  // not a database we can read: let the single writer report it
  }
}

namespace {

std::string shard_path(const std::string& db, size_t k) { return db + ".shard-" + std::to_string(k) + ".tmp"; }

struct Shard {
  explicit Shard(const std::string& path, const IndexWriterOptions& o) : writer(path, o) {}
  IndexWriter writer;
  BoundedQueue<Article> queue{256};
  std::thread thread;
  size_t added = 0, replaced = 0;
  std::exception_ptr error;
};

}  // namespace

IndexStats run_bulk_indexing(const IndexRunOptions& options, size_t threads) {
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  IndexStats stats;
  std::error_code ec;
  for (size_t k = 0; k < 64; ++k) fs::remove_all(shard_path(options.db_path, k), ec);  // a killed run's leftovers

  std::vector<std::string> files = plan_inputs(options, stats);

  IndexWriterOptions shard_options = options.writer;
  shard_options.no_sync = true;  // shards are temporary; the merged database is synced
  std::vector<std::unique_ptr<Shard>> shards;
  for (size_t k = 0; k < threads; ++k) {
    shards.push_back(std::make_unique<Shard>(shard_path(options.db_path, k), shard_options));
  }
  for (auto& shard_ptr : shards) {
    Shard* shard = shard_ptr.get();
    shard->thread = std::thread([shard, &options] {
      try {
        DocumentBuilder builder;
        while (auto a = shard->queue.pop()) {
          tag_companies(options, *a);
          if (shard->writer.put(a->id, builder.build(*a))) {
            ++shard->replaced;
          } else {
            ++shard->added;
          }
        }
        shard->writer.close();
      } catch (...) {
        shard->error = std::current_exception();
        shard->queue.close();
      }
    });
  }
  auto stop_all = [&] {
    for (auto& s : shards) s->queue.close();
    for (auto& s : shards) {
      if (s->thread.joinable()) s->thread.join();
    }
  };

  // This thread reads and parses; the shards analyse, tag and write.
  IndexProgress progress;
  progress.bytes_total = stats.bytes;
  auto last_report = clock::now();
  IssueCounter count_issue(options, stats);
  try {
    uint64_t bytes_before = 0;
    for (const auto& file : files) {
      ingest::ReadCallbacks cb;
      cb.on_article = [&](Article&& a, const SourceLocation&) {
        ++stats.records;
        ++progress.articles;
        size_t k = std::hash<std::string>{}(a.id) % shards.size();
        if (!shards[k]->queue.push(std::move(a))) std::rethrow_exception(shards[k]->error);
      };
      cb.on_issue = [&](const ingest::IngestIssue& issue) { count_issue(issue); };
      cb.on_progress = [&](uint64_t done) {
        progress.bytes_done = bytes_before + done;
        auto now = clock::now();
        if (options.on_progress && now - last_report > std::chrono::milliseconds(200)) {
          progress.seconds = std::chrono::duration<double>(now - start).count();
          options.on_progress(progress);
          last_report = now;
        }
      };
      ingest::read_file(file, cb);
      bytes_before += ingest::file_size(file);
    }
  } catch (...) {
    stop_all();
    throw;
  }
  stop_all();
  for (auto& s : shards) {
    if (s->error) std::rethrow_exception(s->error);
    stats.added += s->added;
    stats.replaced += s->replaced;
  }

  // Merge: the compactor writes the target from all shards at once.
  {
    Xapian::Database all;
    for (size_t k = 0; k < shards.size(); ++k) all.add_database(Xapian::Database(shard_path(options.db_path, k)));
    fs::remove_all(options.db_path, ec);  // absent or empty (is_new_database)
    all.compact(options.db_path);
  }
  for (size_t k = 0; k < shards.size(); ++k) fs::remove_all(shard_path(options.db_path, k), ec);

  IndexWriter writer(options.db_path, options.writer);
  for (const auto& [key, value] : options.metadata) writer.database().set_metadata(key, value);
  finish_run(options, writer, stats, progress, start);
  return stats;
}

}  // namespace rassegna
