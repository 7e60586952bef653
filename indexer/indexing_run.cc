#include "indexer/indexing_run.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>

#include <rassegna/collection.h>
#include <rassegna/dates.h>
#include <rassegna/stored_article.h>

#include "indexer/collection_writer.h"
#include "indexer/dedup/story_grouper.h"
#include "indexer/document_builder.h"
#include "indexer/entities/company_tagger.h"
#include "indexer/read_stage.h"
#include "indexer/sharded_writer.h"
#include "indexer/worker.h"

namespace rassegna {
namespace {

using Clock = std::chrono::steady_clock;

// Articles built but not yet written; the reading thread waits when the writer is this far behind.
constexpr size_t kQueuedDocuments = 512;

ReadStageOptions read_options(const IndexRunOptions& options, Clock::time_point start) {
  ReadStageOptions read;
  read.inputs = options.inputs;
  read.reader = options.reader;
  read.on_issue = options.on_issue;
  read.on_note = options.on_note;
  read.on_progress = options.on_progress;
  read.start = start;
  return read;
}

// Into the database in place, committing every batch: this thread reads, tags and builds while
// a writer thread adds the documents, since Xapian's writing is the slower half.
WriteCounts write_in_place(CollectionWriter& writer, const IndexRunOptions& options, const ReadStageOptions& read,
                           IndexStats& stats) {
  struct Built {
    std::string id, day;  // day: YYYYMMDD or empty, for a collection's partition
    Xapian::Document doc;
  };
  WriteCounts counts;
  Worker<Built> write(kQueuedDocuments, [&](Built& b) { counts.count(writer.put(b.id, b.day, b.doc)); });
  DocumentBuilder builder;
  read_inputs(
      read,
      [&](Article&& a) {
        a.companies = entities::companies_of(options.tagger, a);
        Xapian::Document doc = builder.build(a);
        const std::optional<Date> date = parse_article_date(a.date);
        write.push(Built{std::move(a.id), date ? date->day_key() : std::string(), std::move(doc)});
      },
      stats);
  write.finish();
  return counts;
}

}  // namespace

IndexStats run_indexing(const IndexRunOptions& options) {
  const auto start = Clock::now();
  const ReadStageOptions read = read_options(options, start);
  const size_t threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  IndexStats stats;
  WriteCounts counts;
  std::unique_ptr<CollectionWriter> writer;
  const bool collection = CollectionWriter::is_collection(options.db_path, options.partition);
  if (!collection && threads > 1 && !options.inputs.empty() && ShardedWriter::can_load(options.db_path)) {
    {
      ShardedWriter shards(options.db_path, threads, options.writer, options.tagger);
      read_inputs(read, [&](Article&& a) { shards.put(std::move(a)); }, stats);
      counts = shards.finish();
    }
    writer = std::make_unique<CollectionWriter>(options.db_path, std::nullopt, options.writer, options.metadata);
  } else {
    writer = std::make_unique<CollectionWriter>(options.db_path, options.partition, options.writer, options.metadata);
    counts = write_in_place(*writer, options, read, stats);
  }
  stats.added = counts.added;
  stats.replaced = counts.replaced;

  for (const auto& id : options.delete_ids) {
    if (writer->remove(id)) {
      ++stats.deleted;
    } else {
      ++stats.delete_missing;
    }
  }
  writer->close();
  stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (options.on_progress) {
    IndexProgress done;
    done.bytes_done = done.bytes_total = stats.bytes;
    done.articles = stats.added + stats.replaced;
    done.seconds = stats.seconds;
    options.on_progress(done);
  }
  return stats;
}

size_t retag_database(const std::string& db_path, const entities::CompanyTagger& tagger,
                      const std::vector<std::pair<std::string, std::string>>& metadata,
                      IndexWriterOptions writer_options) {
  if (collection::recorded_granularity(db_path)) {  // each partition on its own: dates do not change
    size_t changed = 0;
    for (const auto& name : collection::partitions(db_path)) {
      changed += retag_database(db_path + "/" + name, tagger, metadata, writer_options);
    }
    return changed;
  }
  IndexWriter writer(db_path, writer_options);
  writer.set_metadata(metadata);
  Xapian::WritableDatabase& db = writer.database();
  std::vector<Xapian::docid> ids;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) ids.push_back(*it);
  DocumentBuilder builder;
  size_t changed = 0;
  for (Xapian::docid id : ids) {
    Article a = decode_document(db.get_document(id));
    std::vector<std::string> companies = tagger.tag(a);
    if (companies == a.companies) continue;
    a.companies = std::move(companies);
    Xapian::Document rebuilt = builder.build(a);
    dedup::keep_story(db.get_document(id), rebuilt);  // same text, same story
    db.replace_document(id, rebuilt);
    ++changed;
  }
  writer.close();
  return changed;
}

}  // namespace rassegna
