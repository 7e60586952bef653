#include "indexer/indexing_run.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <thread>

#include <rassegna/stored_article.h>

#include "indexer/bounded_queue.h"
#include "indexer/document_builder.h"
#include "indexer/entities/company_tagger.h"
#include "indexer/indexing_internal.h"

namespace rassegna {
namespace {

struct BuiltArticle {
  std::string id;
  Xapian::Document doc;
};

// Messages between the reading thread and the writing thread.
struct Item {
  std::optional<BuiltArticle> article;
  std::optional<ingest::IngestIssue> issue;
  uint64_t bytes_done = 0;
};

}  // namespace

std::vector<std::string> plan_inputs(const IndexRunOptions& options, IndexStats& stats) {
  std::vector<ingest::IngestIssue> early_issues;
  std::vector<std::string> files =
      ingest::expand_inputs(options.inputs, [&](const ingest::IngestIssue& i) { early_issues.push_back(i); });
  for (const auto& i : early_issues) {
    ++stats.skipped;
    if (options.on_issue) options.on_issue(i);
  }
  stats.files = files.size();
  for (const auto& f : files) stats.bytes += ingest::file_size(f);
  return files;
}

void IssueCounter::operator()(const ingest::IngestIssue& issue) {
  if (issue.skipped) {
    ++stats_.skipped;
    ++stats_.records;
  } else if (issue.where.to_string() != last_repaired_) {
    ++stats_.repaired;
    last_repaired_ = issue.where.to_string();
  }
  if (options_.on_issue) options_.on_issue(issue);
}

void finish_run(const IndexRunOptions& options, IndexWriter& writer, IndexStats& stats, IndexProgress& progress,
                std::chrono::steady_clock::time_point start) {
  for (const auto& id : options.delete_ids) {
    if (writer.remove(id)) {
      ++stats.deleted;
    } else {
      ++stats.delete_missing;
    }
  }
  writer.close();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (options.on_progress) {
    progress.bytes_done = stats.bytes;
    progress.seconds = stats.seconds;
    options.on_progress(progress);
  }
}

void tag_companies(const IndexRunOptions& options, Article& a) {
  a.companies = options.tagger != nullptr ? options.tagger->tag(a) : entities::CompanyTagger::plain_orgs(a);
}

IndexStats run_indexing(const IndexRunOptions& options) {
  size_t threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  if (threads > 1 && !options.inputs.empty() && is_new_database(options.db_path)) {
    return run_bulk_indexing(options, threads);
  }
  return run_incremental_indexing(options);
}

IndexStats run_incremental_indexing(const IndexRunOptions& options) {
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  IndexStats stats;
  IndexWriter writer(options.db_path, options.writer);
  for (const auto& [key, value] : options.metadata) writer.database().set_metadata(key, value);

  std::vector<std::string> files = plan_inputs(options, stats);
  const uint64_t bytes_total = stats.bytes;

  BoundedQueue<Item> queue(512);
  std::exception_ptr producer_error;
  std::thread producer([&] {
    try {
      DocumentBuilder builder;
      uint64_t bytes_before = 0;
      for (const auto& file : files) {
        ingest::ReadCallbacks cb;
        cb.on_article = [&](Article&& a, const SourceLocation& where) {
          tag_companies(options, a);
          Item item;
          item.article = BuiltArticle{a.id, builder.build(a)};
          queue.push(std::move(item));
        };
        cb.on_issue = [&](const ingest::IngestIssue& issue) {
          Item item;
          item.issue = issue;
          queue.push(std::move(item));
        };
        cb.on_progress = [&](uint64_t done) {
          Item item;
          item.bytes_done = bytes_before + done;
          queue.push(std::move(item));
        };
        ingest::read_file(file, cb);
        bytes_before += ingest::file_size(file);
      }
    } catch (...) {
      producer_error = std::current_exception();
    }
    queue.close();
  });

  IndexProgress progress;
  progress.bytes_total = bytes_total;
  auto last_report = clock::now();
  IssueCounter count_issue(options, stats);
  try {
    while (auto item = queue.pop()) {
      if (item->article) {
        ++stats.records;
        if (writer.put(item->article->id, item->article->doc)) {
          ++stats.replaced;
        } else {
          ++stats.added;
        }
        ++progress.articles;
      } else if (item->issue) {
        count_issue(*item->issue);
      } else {
        progress.bytes_done = item->bytes_done;
      }
      auto now = clock::now();
      if (options.on_progress && now - last_report > std::chrono::milliseconds(200)) {
        progress.seconds = std::chrono::duration<double>(now - start).count();
        options.on_progress(progress);
        last_report = now;
      }
    }
  } catch (...) {
    queue.close();
    producer.join();
    throw;
  }
  producer.join();
  if (producer_error) std::rethrow_exception(producer_error);

  finish_run(options, writer, stats, progress, start);
  return stats;
}

size_t retag_database(const std::string& db_path, const entities::CompanyTagger& tagger,
                      const std::vector<std::pair<std::string, std::string>>& metadata,
                      IndexWriterOptions writer_options) {
  IndexWriter writer(db_path, writer_options);
  Xapian::WritableDatabase& db = writer.database();
  for (const auto& [key, value] : metadata) db.set_metadata(key, value);
  std::vector<Xapian::docid> ids;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) ids.push_back(*it);
  DocumentBuilder builder;
  size_t changed = 0;
  for (Xapian::docid id : ids) {
    Article a = decode_article(db.get_document(id).get_data());
    std::vector<std::string> companies = tagger.tag(a);
    if (companies == a.companies) continue;
    a.companies = std::move(companies);
    db.replace_document(id, builder.build(a));
    ++changed;
  }
  writer.close();
  return changed;
}

}  // namespace rassegna
