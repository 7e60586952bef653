#pragma once
// Keeps the story keys of a writable database true as articles come and go: every article
// carries the key of its story (value slot kSlotStory and an XG term, schema.h), the least own
// key (own_story_key) of the articles connected to it by Fingerprinter::same_story. Groups are
// the connected components of that symmetric relation, so they do not depend on the order the
// articles were indexed in: an article indexed before its near-duplicate ends up in the same
// story as one indexed after it.
//
// Candidates come from the database itself: the articles sharing an XB band term with the new
// one, committed or not (a WritableDatabase reads its own pending changes), so this works for
// one run, across runs and for an index fed all day by --watch. Each candidate is verified on
// its stored body (the fingerprint is computed again from the document data).

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>
#include <xapian.h>

#include "indexer/dedup/fingerprint.h"

namespace rassegna::dedup {

class StoryGrouper {
 public:
  explicit StoryGrouper(Xapian::WritableDatabase& db, FingerprintOptions options = {});
  // Read-only: only plan_all() may be called (for databases about to be merged).
  explicit StoryGrouper(const Xapian::Database& db, FingerprintOptions options = {});

  // After document `did` was added or replaced (it holds its own key, or the key regroup()
  // left it): joins it to the stories of its near-duplicates, merging the stories it bridges.
  void place(Xapian::docid did);
  // The story key of a document (empty when it has none).
  std::string key_of(Xapian::docid did);
  // After an article of story `key` was deleted or replaced: splits what is left of the story
  // into its connected parts, each under its own least key.
  void regroup(const std::string& key);
  // Groups every article of the database (after a parallel build, whose shards could not see
  // each other). Returns the number of articles whose key changed.
  size_t group_all();
  // What group_all() would change, without changing it: (document, its new story key) for every
  // article whose key differs from the key of its group.
  std::vector<std::pair<Xapian::docid, std::string>> plan_all();

  // Called with every document whose story key this grouper rewrites (IndexWriter logs them
  // as changed by the commit: rassegna/change_log.h).
  void on_rewrite(std::function<void(Xapian::docid)> observer) { on_rewrite_ = std::move(observer); }

  // Stories larger than this are not regrouped pairwise on a delete (their keys stay); no
  // real wire story is republished this often.
  static constexpr size_t kMaxRegroup = 2000;
  // Band terms held by more articles than this are skipped by group_all (templates, not stories).
  static constexpr size_t kMaxBucket = 5000;

 private:
  const Fingerprint& fingerprint(Xapian::docid did);
  std::string own_key(Xapian::docid did);
  void set_key(Xapian::docid did, const std::string& key);
  std::vector<Xapian::docid> members(const std::string& key);

  const Xapian::Database& db_;
  Xapian::WritableDatabase* writable_ = nullptr;  // null: read-only (plan_all only)
  Fingerprinter fingerprinter_;
  std::unordered_map<Xapian::docid, Fingerprint> cache_;  // cleared by every public call
  std::function<void(Xapian::docid)> on_rewrite_;
};

// Sets the story key of document `did` of `db` (its XG term and story slot), unless it has it.
// Returns whether it changed the document.
bool set_story_key(Xapian::WritableDatabase& db, Xapian::docid did, const std::string& key);

// Copies the story key of `from` into `to` (a rebuilt document of the same article, which
// would otherwise start again under its own key).
void keep_story(const Xapian::Document& from, Xapian::Document& to);

}  // namespace rassegna::dedup
