#include "indexer/collection_writer.h"

#include "indexer/compact.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <limits>

#include <rassegna/error.h>
#include <rassegna/schema.h>

namespace rassegna {
namespace fs = std::filesystem;
namespace {

// Partitions held open for writing at once (each holds a few file descriptors and its own
// buffered changes); past this, every one is committed and closed before another is opened.
constexpr size_t kMaxOpenPartitions = 256;

bool is_empty_or_missing(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return true;
  return fs::is_directory(path, ec) && fs::is_empty(path, ec);
}

}  // namespace

bool CollectionWriter::is_collection(const std::string& path, std::optional<collection::Granularity> partition) {
  return partition.has_value() || collection::recorded_granularity(path).has_value();
}

CollectionWriter::CollectionWriter(const std::string& path, std::optional<collection::Granularity> partition,
                                   IndexWriterOptions options,
                                   std::vector<std::pair<std::string, std::string>> metadata)
    : path_(path), options_(options), metadata_(std::move(metadata)) {
  const std::optional<collection::Granularity> recorded = collection::recorded_granularity(path);
  if (recorded) {
    if (partition && *partition != *recorded) {
      throw Error(ErrorCode::invalid_argument, "--partition",
                  std::string(collection::granularity_name(*partition)) + ": '" + path + "' is partitioned by " +
                      std::string(collection::granularity_name(*recorded)) +
                      " (leave --partition out, or index into a new folder)");
    }
    granularity_ = recorded;
  } else if (partition) {
    if (!is_empty_or_missing(path)) {
      throw Error(ErrorCode::invalid_argument, "--partition",
                  "'" + path + "' already exists and is not a collection (a single database stays one; " +
                      "give a new folder to build a partitioned collection)");
    }
    collection::create(path, *partition);
    granularity_ = partition;
  }
  if (!granularity_) {
    single_ = std::make_unique<IndexWriter>(path, options_);
    single_->set_metadata(metadata_);
    return;
  }
  listed_ = collection::partitions(path);
  reopen_existing();
  started_empty_ = existing_.get_doccount() == 0;
}

CollectionWriter::~CollectionWriter() {
  try {
    close();
  } catch (...) {
    // A destructor must not throw; callers that care call close() themselves.
  }
}

std::vector<std::string> CollectionWriter::database_paths() const {
  if (single_) return {path_};
  std::vector<std::string> out;
  for (const auto& name : listed_) out.push_back((fs::path(path_) / name).string());
  return out;
}

void CollectionWriter::reopen_existing() {
  if (started_empty_) return;  // since_commit_ knows every id there is
  since_commit_.clear();
  listed_ = collection::partitions(path_);  // a --compact may have merged some into the archive
  if (existing_names_ == listed_) {
    existing_.reopen();
    return;
  }
  existing_ = Xapian::Database();
  for (const auto& name : listed_) {
    const std::string p = (fs::path(path_) / name).string();
    try {
      Xapian::Database part(p);
      schema::check_schema_version(part, p, true);
      existing_.add_database(part);
    } catch (const Xapian::Error& e) {
      throw Error(ErrorCode::unavailable, "cannot open partition '" + p + "': " + e.get_msg());
    }
  }
  existing_names_ = listed_;
}

std::string CollectionWriter::resolve(const std::string& period) {
  if (open_.count(period) != 0) return period;  // held open (locked): no --compact merged it
  // A --compact may have merged partitions into the archive since this run last looked.
  listed_ = collection::partitions(path_);
  return collection::route(listed_, period);
}

IndexWriter& CollectionWriter::partition(const std::string& name) {
  auto it = open_.find(name);
  if (it != open_.end()) return *it->second;
  if (open_.size() >= kMaxOpenPartitions) {
    commit();
    for (auto& [n, w] : open_) w->close();
    open_.clear();
  }
  if (std::find(listed_.begin(), listed_.end(), name) != listed_.end() && is_compacted(path_, name)) {
    // Decided: a late article for a compacted period is written (Xapian's compacted databases
    // stay writable); the partition is named so that it gets compacted again.
    std::cerr << "rassegna-index: partition '" << name << "' of " << path_
              << " was compacted; it takes this run's articles for it and is no longer compact (run --compact "
                 "again)\n";
  }
  IndexWriterOptions o = options_;
  o.batch_size = std::numeric_limits<size_t>::max();  // committed all together, here
  auto writer = std::make_unique<IndexWriter>((fs::path(path_) / name).string(), o);
  writer->set_metadata(metadata_);
  if (std::find(listed_.begin(), listed_.end(), name) == listed_.end()) {
    // The database exists now: list it, so readers opening the collection from here on see it.
    listed_ = collection::update_stub(path_, [&](std::vector<std::string>& names) { names.push_back(name); });
  }
  return *open_.emplace(name, std::move(writer)).first->second;
}

std::optional<std::string> CollectionWriter::where_is(const std::string& id) {
  if (auto it = since_commit_.find(id); it != since_commit_.end()) {
    return it->second.empty() ? std::nullopt : std::optional<std::string>(it->second);
  }
  if (started_empty_ || existing_names_.empty()) return std::nullopt;
  const std::string term = std::string(schema::kId) + id;
  Xapian::PostingIterator p = existing_.postlist_begin(term);
  if (p == existing_.postlist_end(term)) return std::nullopt;
  // In a database of n sub-databases, document d of sub-database k is (d - 1) * n + k + 1.
  return existing_names_[(*p - 1) % existing_names_.size()];
}

bool CollectionWriter::put(const std::string& id, const std::string& day_key, const Xapian::Document& doc) {
  if (single_) return single_->put(id, doc);
  const std::string target = resolve(collection::partition_of(day_key, *granularity_));
  std::optional<std::string> was = where_is(id);
  if (was) was = resolve(*was);
  if (was && *was != target) partition(*was).remove(id);  // its date moved it: one copy only
  partition(target).put(id, doc);
  since_commit_[id] = target;
  maybe_commit();
  return was.has_value();
}

bool CollectionWriter::remove(const std::string& id) {
  if (single_) return single_->remove(id);
  const std::optional<std::string> found = where_is(id);
  if (!found) return false;
  const std::string was = resolve(*found);
  partition(was).remove(id);
  since_commit_[id] = std::string();
  maybe_commit();
  return true;
}

void CollectionWriter::maybe_commit() {
  if (++pending_ >= options_.batch_size) commit();
}

void CollectionWriter::commit() {
  if (single_) {
    single_->commit();
    return;
  }
  if (pending_ == 0) return;
  for (auto& [name, writer] : open_) writer->commit();
  pending_ = 0;
  reopen_existing();
}

void CollectionWriter::close() {
  if (closed_) return;
  closed_ = true;
  if (single_) {
    single_->close();
    return;
  }
  for (auto& [name, writer] : open_) writer->close();
  open_.clear();
}

}  // namespace rassegna
