#include "indexer/sharded_writer.h"

#include <filesystem>
#include <functional>

#include "indexer/dedup/story_grouper.h"
#include "indexer/document_builder.h"
#include "indexer/entities/company_tagger.h"
#include "indexer/worker.h"

namespace rassegna {
namespace fs = std::filesystem;
namespace {

constexpr size_t kMaxShards = 64;      // also how many leftovers of a killed run are looked for
constexpr size_t kQueuedArticles = 256;  // per shard

std::string shard_path(const std::string& target, size_t k) {
  return target + ".shard-" + std::to_string(k) + ".tmp";
}

void remove_shards(const std::string& target) {
  std::error_code ec;
  for (size_t k = 0; k < kMaxShards; ++k) fs::remove_all(shard_path(target, k), ec);
}

}  // namespace

struct ShardedWriter::Shard {
  Shard(const std::string& path, const IndexWriterOptions& options, const entities::CompanyTagger* tagger)
      : writer(path, options),
        worker(
            kQueuedArticles,
            [this, tagger](Article& a) {
              a.companies = entities::companies_of(tagger, a);
              counts.count(writer.put(a.id, builder.build(a)));
            },
            [this] { writer.close(); }) {}

  IndexWriter writer;
  DocumentBuilder builder;
  WriteCounts counts;
  Worker<Article> worker;  // last: stopped before the writer it uses goes away
};

bool ShardedWriter::can_load(const std::string& target) {
  std::error_code ec;
  if (!fs::exists(target, ec)) return true;
  try {
    return Xapian::Database(target).get_doccount() == 0;
  } catch (const Xapian::Error&) {
    return false;  // not a database we can read: let the single writer report it
  }
}

ShardedWriter::ShardedWriter(const std::string& target, size_t shards, const IndexWriterOptions& options,
                             const entities::CompanyTagger* tagger)
    : target_(target) {
  remove_shards(target);  // a killed run's leftovers
  IndexWriterOptions shard_options = options;
  shard_options.no_sync = true;  // shards are temporary; the merged database is synced
  shard_options.group_stories = false;  // a shard sees a part of the articles: grouped once merged
  shard_options.log_changes = false;    // the merged database is a new one: its readers read it whole
  const size_t n = std::min(std::max<size_t>(shards, 1), kMaxShards);
  for (size_t k = 0; k < n; ++k) {
    shards_.push_back(std::make_unique<Shard>(shard_path(target, k), shard_options, tagger));
  }
}

ShardedWriter::~ShardedWriter() {
  shards_.clear();
  remove_shards(target_);
}

void ShardedWriter::put(Article&& a) {
  const size_t k = std::hash<std::string>{}(a.id) % shards_.size();
  shards_[k]->worker.push(std::move(a));
}

WriteCounts ShardedWriter::finish() {
  WriteCounts total;
  for (auto& shard : shards_) shard->worker.close();
  for (auto& shard : shards_) shard->worker.finish();
  for (auto& shard : shards_) {
    total.added += shard->counts.added;
    total.replaced += shard->counts.replaced;
  }
  // Stories are grouped across the shards before they are merged, so the compactor writes the
  // final documents once and the target comes out compact (grouping the merged database
  // afterwards rewrote every grouped article into it and left it a fifth larger).
  const size_t n = shards_.size();
  auto all_shards = [&] {
    Xapian::Database all;
    for (size_t k = 0; k < n; ++k) all.add_database(Xapian::Database(shard_path(target_, k)));
    return all;
  };
  std::vector<std::pair<Xapian::docid, std::string>> changes;
  {
    const Xapian::Database all = all_shards();
    changes = dedup::StoryGrouper(all).plan_all();
  }
  if (!changes.empty()) {
    std::vector<Xapian::WritableDatabase> writable;
    for (size_t k = 0; k < n; ++k) writable.emplace_back(shard_path(target_, k), Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
    for (const auto& [did, key] : changes) {  // a merged docid names shard (did-1) % n, its (did-1) / n + 1
      dedup::set_story_key(writable[(did - 1) % n], (did - 1) / n + 1, key);
    }
    for (auto& db : writable) db.commit();
  }
  // The compactor writes the target from all shards at once.
  Xapian::Database all = all_shards();
  std::error_code ec;
  fs::remove_all(target_, ec);  // absent or empty (can_load)
  all.compact(target_);
  return total;
}

}  // namespace rassegna
