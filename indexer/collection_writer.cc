#include "indexer/collection_writer.h"

#include "indexer/compact.h"
#include "indexer/dedup/story_grouper.h"

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
  set_listed(collection::partitions(path));
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
  set_listed(collection::partitions(path_));  // a --compact may have merged some into the archive
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
  // While this run holds a segment of the period open (locked), no --compact merged it and no
  // one else added one: the list as this run last wrote it holds.
  if (held_periods_.count(period) != 0) {
    auto it = routes_.find(period);
    if (it != routes_.end()) return it->second;
    return routes_[period] = collection::route(listed_, period);
  }
  // Else a --compact may have merged partitions into the archive since this run last looked.
  set_listed(collection::partitions(path_));
  return collection::route(listed_, period);
}

void CollectionWriter::set_listed(std::vector<std::string> names) {
  if (names == listed_) return;
  listed_ = std::move(names);
  ++listed_version_;
  routes_.clear();
}

std::string CollectionWriter::target_for_new(const std::string& period) {
  const std::string target = resolve(period);
  if (options_.segment_docs == 0 || collection::parse_archive(target)) return target;
  if (partition(target).size() < options_.segment_docs) return target;
  const collection::Segment full = *collection::parse_segment(target);
  return collection::segment_name(full.period, full.number + 1);
}

void CollectionWriter::drop_groups() {
  for (auto& [name, writer] : open_) writer->share_grouper(nullptr, 0, 1);
  groups_.clear();
  grouped_at_.clear();
  held_periods_.clear();  // (called when every writer is about to be closed)
}

void CollectionWriter::group_period(const std::string& name) {
  if (!options_.group_stories) return;
  auto [seen, fresh] = grouped_at_.try_emplace(name, listed_version_);
  if (!fresh && seen->second == listed_version_) return;  // the list did not change since
  seen->second = listed_version_;
  const std::string period = collection::period_of(name);
  std::vector<std::pair<unsigned, std::string>> numbered;
  for (const auto& n : listed_) {
    const std::optional<collection::Segment> s = collection::parse_segment(n);
    if (s && s->period == period) numbered.emplace_back(s->number, n);
  }
  if (numbered.size() < 2) return;
  std::sort(numbered.begin(), numbered.end());
  std::vector<std::string> names;
  for (const auto& [number, n] : numbered) names.push_back(n);
  auto it = groups_.find(period);
  if (it != groups_.end() && it->second.names == names) return;
  if (open_.size() + names.size() > kMaxOpenPartitions) {  // make room first (closes every writer)
    commit();
    drop_groups();
    for (auto& [n, w] : open_) w->close();
    open_.clear();
  }
  std::vector<IndexWriter*> writers;
  for (const auto& n : names) writers.push_back(&partition(n));
  groups_.erase(period);
  PeriodGroup& group = groups_[period];
  group.names = names;
  for (IndexWriter* w : writers) group.all.add_database(w->handle());
  group.grouper = std::make_unique<dedup::StoryGrouper>(group.all);
  const size_t shards = writers.size();
  group.grouper->on_rewrite([writers, shards](Xapian::docid did) {
    writers[(did - 1) % shards]->note_rewritten(static_cast<Xapian::docid>((did - 1) / shards + 1));
  });
  for (size_t i = 0; i < shards; ++i) writers[i]->share_grouper(group.grouper.get(), i, shards);
}

IndexWriter& CollectionWriter::partition(const std::string& name) {
  auto it = open_.find(name);
  if (it != open_.end()) return *it->second;
  if (open_.size() >= kMaxOpenPartitions) {
    commit();
    drop_groups();
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
    set_listed(collection::update_stub(path_, [&](std::vector<std::string>& names) { names.push_back(name); }));
  }
  held_periods_.insert(collection::period_of(name));
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
  const std::string period = collection::partition_of(day_key, *granularity_);
  std::optional<std::string> was = where_is(id);
  if (was) {
    // (A partition this run holds was merged by no --compact: the list is read again only
    // for one it does not.)
    if (open_.count(*was) == 0) set_listed(collection::partitions(path_));
    was = collection::relocate(listed_, *was);
  }
  // A replacement stays in the segment that holds it; a new article goes to the newest.
  const bool stays = was && !collection::parse_archive(*was) && collection::period_of(*was) == period;
  std::string target = stays ? *was : target_for_new(period);
  if (was && *was != target) {  // its date moved it: one copy only
    group_period(*was);
    partition(*was).remove(id);
    written_at_[collection::period_of(*was)] = commits_;
  }
  partition(target);  // a new segment is listed from here
  group_period(target);
  auto group = groups_.find(collection::period_of(target));
  if (!was && group != groups_.end()) {
    // A new article of a period in segments joins the segment of the story it joins, so that a
    // story lives in one segment (the searcher looks for a hit's story in the hit's partition);
    // only an article that bridges stories of two segments leaves one across them.
    Xapian::Document written = doc;  // (a handle: the caller's document gets the key, as IndexWriter::put does)
    dedup::set_key_of(written, group->second.grouper->prepare(written));
    for (const std::string& key : group->second.grouper->prepared_stories()) {
      const Xapian::docid member = group->second.grouper->holder_of(key);
      if (member == 0) continue;
      target = group->second.names[(member - 1) % group->second.names.size()];
      break;
    }
    partition(target).put_prepared(id, written);
  } else {
    partition(target).put(id, doc);
  }
  since_commit_[id] = target;
  written_at_[collection::period_of(target)] = commits_;
  maybe_commit();
  return was.has_value();
}

bool CollectionWriter::remove(const std::string& id) {
  if (single_) return single_->remove(id);
  const std::optional<std::string> found = where_is(id);
  if (!found) return false;
  if (open_.count(*found) == 0) set_listed(collection::partitions(path_));
  const std::string was = collection::relocate(listed_, *found);
  group_period(was);
  partition(was).remove(id);
  since_commit_[id] = std::string();
  written_at_[collection::period_of(was)] = commits_;
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
  ++commits_;
  release_idle();
}

void CollectionWriter::release_idle() {
  std::vector<std::string> idle;
  for (const auto& period : held_periods_) {
    auto it = written_at_.find(period);
    if (commits_ - (it == written_at_.end() ? 0 : it->second) >= kIdleCommits) idle.push_back(period);
  }
  for (const auto& period : idle) {
    groups_.erase(period);  // (its grouper calls back into these writers)
    for (auto it = open_.begin(); it != open_.end();) {
      if (collection::period_of(it->first) != period) {
        ++it;
        continue;
      }
      it->second->close();  // committed above: this releases the lock
      grouped_at_.erase(it->first);
      it = open_.erase(it);
    }
    held_periods_.erase(period);
    routes_.erase(period);
    written_at_.erase(period);
  }
}

void CollectionWriter::close() {
  if (closed_) return;
  closed_ = true;
  if (single_) {
    single_->close();
    return;
  }
  for (auto& [name, writer] : open_) writer->close();
  drop_groups();
  open_.clear();
}

}  // namespace rassegna
