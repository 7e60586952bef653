#pragma once
// Writes documents into a Xapian database: one document per article id (re-indexing an id
// replaces it), commits in batches so a killed run leaves the last commit intact and a rerun
// completes it without duplicates.

#include <memory>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>
#include <xapian.h>

#include "indexer/dedup/story_grouper.h"

namespace rassegna {

struct IndexWriterOptions {
  // Articles per commit: a killed run loses at most this many. Measured (docs/benchmarks.md):
  // Xapian's buffered changes cost more per document the more are held, so 1,000 indexes with
  // ~45% less CPU and ~70% less memory than 10,000.
  size_t batch_size = 1000;
  // Skip fsync at each batch commit (safe against a killed process, not a power cut);
  // the files are synced once when the writer is closed.
  bool no_sync = true;
  // Give each article the story key of its near-duplicates as it is written (dedup/). Off for
  // the temporary shards of a parallel build, which are grouped as a whole once merged.
  bool group_stories = true;
  // Log the documents each commit changes in the database's metadata (rassegna/change_log.h),
  // so searchers refresh their in-memory table from them. Off for temporary shards.
  bool log_changes = true;
  // In a collection (CollectionWriter): a period's newest database takes at most this many
  // articles before a new segment of the period is started (collection.h); 0: no limit.
  size_t segment_docs = 0;
};

class IndexWriter {
 public:
  // Creates the database if needed. Throws rassegna::Error(unavailable) when it cannot be
  // opened (another writer holds the lock, no permission, not a database) or holds articles
  // of another schema version (schema::check_schema_version).
  IndexWriter(const std::string& path, IndexWriterOptions options = {});
  ~IndexWriter();
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  // Adds or replaces the article `id`. Returns true when it replaced an existing one. A new
  // article's document is given its story's key before it is written (Xapian::Document is a
  // handle: the caller's document holds that key afterwards).
  bool put(const std::string& id, Xapian::Document doc);
  // The same for a new article whose story the caller looked for already with the grouper
  // (StoryGrouper::prepare, the key set on `doc`): written, then placed.
  bool put_prepared(const std::string& id, Xapian::Document doc);
  // Stores key/value pairs in the database's metadata (committed with the next commit).
  void set_metadata(const std::vector<std::pair<std::string, std::string>>& entries);
  // Deletes the article `id`. Returns false when there was none.
  bool remove(const std::string& id);
  // Commits pending changes (also done every batch_size changes and on close()); a writer that
  // changed nothing since its last commit makes no new revision.
  void commit();
  // Commits and syncs to disk. Called by the destructor if not called before.
  void close();

  // The database itself. What a caller writes through it is not logged: the next commit's
  // change log entry then says "unlisted", and readers rebuild their tables in full.
  Xapian::WritableDatabase& database() {
    unlisted_ = true;
    return db_;
  }
  const std::string& path() const { return path_; }
  // The articles held, pending ones included.
  Xapian::doccount size() const { return db_.get_doccount(); }

  // Groups stories with `grouper` (the CollectionWriter's, over a WritableDatabase made of the
  // databases of all of a period's segments, this one being sub-database `shard` of `shards`)
  // instead of its own, so that an article finds its near-duplicates in the other segments.
  // The caller routes the grouper's rewrites to the segment holding them (note_rewritten).
  // Null: a grouper of its own again.
  void share_grouper(dedup::StoryGrouper* grouper, size_t shard, size_t shards);
  // The database handle, for building such a grouper's database (writes through it are the
  // grouper's, reported with note_rewritten).
  const Xapian::WritableDatabase& handle() const { return db_; }
  // Logs document `did` of this database as changed by the next commit (a story rewrite).
  void note_rewritten(Xapian::docid did) { changed(did); }

 private:
  void maybe_commit();
  bool put(const std::string& id, Xapian::Document doc, bool prepared_by_caller);
  std::string story_of(const std::string& id_term);  // of the article holding id_term, or empty
  void changed(Xapian::docid did);  // logs a document the next commit changes
  // This database's document `did` in the grouper's database.
  Xapian::docid in_grouper(Xapian::docid did) const {
    return static_cast<Xapian::docid>((did - 1) * shards_ + shard_ + 1);
  }

  std::string path_;
  IndexWriterOptions options_;
  Xapian::WritableDatabase db_;
  size_t pending_ = 0;
  bool closed_ = false;
  // While the database was empty when opened, ids seen in this run are the only ones that
  // exist: no lookup in the database is needed to tell an add from a replace.
  bool started_empty_ = false;
  std::unordered_set<std::string> seen_;
  std::unique_ptr<dedup::StoryGrouper> own_grouper_;
  dedup::StoryGrouper* grouper_ = nullptr;  // own_grouper_ or a shared one; null when !options_.group_stories
  size_t shard_ = 0, shards_ = 1;
  bool dirty_ = false;  // changed since the last commit (metadata included)
  // Documents changed since the last commit (not sorted, may repeat), for the change log;
  // unlisted_: too many, or written through database().
  std::vector<Xapian::docid> changed_;
  bool unlisted_ = false;
};

}  // namespace rassegna
