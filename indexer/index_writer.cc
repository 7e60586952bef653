#include "indexer/index_writer.h"

#include <algorithm>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

#include <rassegna/change_log.h>
#include <rassegna/dates.h>
#include <rassegna/error.h>
#include <rassegna/schema.h>

namespace rassegna {
namespace {

Xapian::WritableDatabase open_writable(const std::string& path, bool no_sync) {
  try {
    int flags = Xapian::DB_CREATE_OR_OPEN | (no_sync ? Xapian::DB_NO_SYNC : 0);
    return Xapian::WritableDatabase(path, flags);
  } catch (const Xapian::DatabaseLockError&) {
    throw Error(ErrorCode::unavailable,
                "database '" + path + "' is locked by another writer (is rassegna-index already running?)");
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::unavailable, "cannot open database '" + path + "' for writing: " + e.get_description());
  }
}

void fsync_tree(const std::string& path) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    int fd = ::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      ::fsync(fd);
      ::close(fd);
    }
  }
  int dir = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

}  // namespace

IndexWriter::IndexWriter(const std::string& path, IndexWriterOptions options)
    : path_(path), options_(options), db_(open_writable(path, options.no_sync)) {
  schema::check_schema_version(db_, path, true);
  set_metadata({{std::string(schema::kSchemaMetadataKey), std::string(schema::kSchemaVersion)}});
  started_empty_ = db_.get_doccount() == 0;
  if (options_.group_stories) {
    own_grouper_ = std::make_unique<dedup::StoryGrouper>(db_);
    own_grouper_->on_rewrite([this](Xapian::docid did) { changed(did); });
    grouper_ = own_grouper_.get();
  }
}

void IndexWriter::share_grouper(dedup::StoryGrouper* grouper, size_t shard, size_t shards) {
  if (!options_.group_stories) return;
  if (grouper == nullptr) {  // back to a grouper of its own
    own_grouper_ = std::make_unique<dedup::StoryGrouper>(db_);
    own_grouper_->on_rewrite([this](Xapian::docid did) { changed(did); });
    grouper_ = own_grouper_.get();
    shard_ = 0;
    shards_ = 1;
    return;
  }
  own_grouper_.reset();
  grouper_ = grouper;
  shard_ = shard;
  shards_ = shards;
}

IndexWriter::~IndexWriter() {
  try {
    close();
  } catch (...) {
    // A destructor must not throw; callers that care call close() themselves.
  }
}

std::string IndexWriter::story_of(const std::string& id_term) {
  if (!grouper_) return {};
  Xapian::PostingIterator p = db_.postlist_begin(id_term);
  return p == db_.postlist_end(id_term) ? std::string() : grouper_->key_of(in_grouper(*p));
}

void IndexWriter::changed(Xapian::docid did) {
  dirty_ = true;
  if (!options_.log_changes || unlisted_) return;
  changed_.push_back(did);
  if (changed_.size() > 2 * change_log::kMaxListedChanges) {  // (repeats are dropped at commit)
    std::sort(changed_.begin(), changed_.end());
    changed_.erase(std::unique(changed_.begin(), changed_.end()), changed_.end());
    if (changed_.size() > change_log::kMaxListedChanges) {
      unlisted_ = true;
      changed_ = {};
    }
  }
}

bool IndexWriter::put(const std::string& id, Xapian::Document doc) { return put(id, std::move(doc), false); }

bool IndexWriter::put_prepared(const std::string& id, Xapian::Document doc) { return put(id, std::move(doc), true); }

bool IndexWriter::put(const std::string& id, Xapian::Document doc, bool prepared_by_caller) {
  std::string id_term = std::string(schema::kId) + id;
  const bool existed = started_empty_ ? !seen_.insert(id).second : db_.term_exists(id_term);
  const std::string old_story = existed ? story_of(id_term) : std::string();
  if (existed && options_.log_changes) {  // replace_document(term) replaces the first holder, deletes any other
    for (auto p = db_.postlist_begin(id_term); p != db_.postlist_end(id_term); ++p) changed(*p);
  }
  // A new article is written once, already under its story's key (a rewrite of a written
  // document reads back all its terms and positions).
  const bool prepared = grouper_ && !existed;
  if (prepared && !prepared_by_caller) dedup::set_key_of(doc, grouper_->prepare(doc));
  const Xapian::docid did = existed || !started_empty_ ? db_.replace_document(id_term, doc) : db_.add_document(doc);
  changed(did);
  if (prepared) {
    grouper_->place_prepared(in_grouper(did));
  } else if (grouper_) {
    grouper_->regroup(old_story);  // the old text may have held its story together
    grouper_->place(in_grouper(did));
  }
  maybe_commit();
  return existed;
}

void IndexWriter::set_metadata(const std::vector<std::pair<std::string, std::string>>& entries) {
  for (const auto& [key, value] : entries) {
    if (db_.get_metadata(key) == value) continue;
    db_.set_metadata(key, value);
    dirty_ = true;
  }
}

bool IndexWriter::remove(const std::string& id) {
  std::string id_term = std::string(schema::kId) + id;
  if (!db_.term_exists(id_term)) return false;
  const std::string story = story_of(id_term);
  if (options_.log_changes) {
    for (auto p = db_.postlist_begin(id_term); p != db_.postlist_end(id_term); ++p) changed(*p);
  }
  db_.delete_document(id_term);
  dirty_ = true;
  if (grouper_) grouper_->regroup(story);
  seen_.erase(id);
  maybe_commit();
  return true;
}

void IndexWriter::maybe_commit() {
  if (++pending_ >= options_.batch_size) commit();
}

void IndexWriter::commit() {
  if (!dirty_ && !unlisted_ && pending_ == 0) return;  // nothing to commit: no new revision
  if (options_.log_changes) {  // the entry of the revision this commit makes (change_log.h)
    const Xapian::rev base = db_.get_revision();
    std::string entry;
    if (unlisted_) {
      entry = change_log::encode_unlisted(base, db_.get_uuid());
    } else {
      std::sort(changed_.begin(), changed_.end());
      changed_.erase(std::unique(changed_.begin(), changed_.end()), changed_.end());
      entry = change_log::encode(base, db_.get_uuid(), changed_);
    }
    db_.set_metadata(change_log::key_for(base + 1), entry);
  }
  db_.set_metadata(std::string(schema::kLastUpdateMetadataKey), utc_now_iso8601());
  db_.commit();
  pending_ = 0;
  changed_.clear();
  unlisted_ = false;
  dirty_ = false;
}

void IndexWriter::close() {
  if (closed_) return;
  closed_ = true;
  commit();
  db_.close();
  if (options_.no_sync) fsync_tree(path_);
}

}  // namespace rassegna
