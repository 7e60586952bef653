#pragma once
// Bulk loads on several cores. The Xapian writer is the bottleneck of indexing (profiles in
// docs/benchmarks.md), and a database has one writer, so each thread writes a shard of its own:
// an article goes to the shard its id hashes to (a repeated id replaces within that shard), and
// at the end Xapian's compactor merges the shards into the target, which also leaves it compact.
// A bulk load that is killed leaves no partial database (only shards, removed by the next run).

#include <memory>
#include <string>
#include <vector>

#include <rassegna/article.h>

#include "indexer/index_stats.h"
#include "indexer/index_writer.h"

namespace rassegna {

namespace entities {
class CompanyTagger;
}

class ShardedWriter {
 public:
  // True when `target` can take a bulk load: it does not exist, or holds no documents.
  static bool can_load(const std::string& target);

  // Opens `shards` temporary databases beside `target`, each written by a thread of its own that
  // tags (with `tagger`, or keeps the input's orgs when null) and builds the documents.
  ShardedWriter(const std::string& target, size_t shards, const IndexWriterOptions& options,
                const entities::CompanyTagger* tagger);
  ~ShardedWriter();  // stops the threads and removes the shards
  ShardedWriter(const ShardedWriter&) = delete;
  ShardedWriter& operator=(const ShardedWriter&) = delete;

  // Queues the article for its shard; blocks while that shard is behind. Throws what a shard threw.
  void put(Article&& a);

  // Waits for every shard, then merges them into the target (replacing it: it was absent or
  // empty) and removes them. Returns what the shards added and replaced.
  WriteCounts finish();

 private:
  struct Shard;
  std::string target_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace rassegna
