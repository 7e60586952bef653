#pragma once
// Keeps the story keys of a writable database true as articles come and go: every article
// carries the key of its story (value slot kSlotStory and an XG term, schema.h), the least own
// key (own_story_key) of the articles connected to it by Fingerprinter::same_story. Groups are
// the connected components of that symmetric relation, so they do not depend on the order the
// articles were indexed in: an article indexed before its near-duplicate ends up in the same
// story as one indexed after it.
//
// Candidates are the articles sharing an LSH band with the new one, within its dates' window
// (Fingerprinter::close_in_time). The bands are in a value slot (schema::kSlotBands), read into
// memory a few days at a time: on the first article of a day, the grouper reads the bands of
// every article of the days around it, committed or not (a WritableDatabase reads its own
// pending changes), and adds each article it places; so this works for one run, across runs
// and for an index fed all day by --watch. Each candidate is verified on its stored body (the
// fingerprint is computed again from the document data).

#include <functional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
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
  // The same in two steps for a new article, so that it is written once, already under its
  // story's key: prepare() finds and verifies its near-duplicates before `doc` is added, and
  // returns the key it must carry (the least of its own and theirs); the writer sets it
  // (set_key_of) and adds the document, then calls place_prepared() with its id, which files
  // its bands and rewrites the articles of any other story it bridged (under the least key, as
  // place()). A copy published after its original joins the original's key (own keys begin
  // with the minute of the date), so no older article is rewritten. When the add fails, the
  // next prepare() or place() forgets what this one found.
  std::string prepare(const Xapian::Document& doc);
  void place_prepared(Xapian::docid did);
  // The keys of the stories the prepared document joins, least first, its own among them (no
  // document holds that one yet); empty when it joins none.
  std::vector<std::string> prepared_stories() const;
  // A document of story `key` (0 when none has it).
  Xapian::docid holder_of(const std::string& key) const;
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
  // Bands held by more articles than this are skipped by group_all (templates, not stories).
  static constexpr size_t kMaxBucket = 5000;
  // Days of bands held in memory by place() before it drops them all and reads again.
  static constexpr size_t kMaxLoadedDays = 64;

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

  // place()'s band index.
  struct Holder {
    Xapian::docid did;
    int64_t day;
  };
  static uint64_t band_key(size_t band, uint32_t hash) { return (static_cast<uint64_t>(band) << 32) | hash; }
  void index_days();                  // fills days_ from the band slot, once
  void load_days_around(int64_t day);  // puts the bands of those days into buckets_
  void add_to_buckets(Xapian::docid did, int64_t day, const std::vector<uint32_t>& bands);
  bool alive(Xapian::docid did);

  // What prepare() found for the document place() is about to be given.
  struct Prepared {
    bool valid = false;
    int64_t day = 0;
    std::vector<uint32_t> bands;       // empty: too short to have bands
    std::set<std::string> joined;      // the keys of the stories it joins, its own included
  } prepared_;
  // The candidates sharing a band with these bands (close enough in time), most bands in
  // common first; `self` is left out.
  std::vector<Xapian::docid> candidates(int64_t day, const std::vector<uint32_t>& bands, Xapian::docid self);
  // Adds to `joined` the story keys of the candidates whose fingerprint is of one story with `mine`.
  void verify(const Fingerprint& mine, const std::vector<Xapian::docid>& candidates, std::set<std::string>& joined);
  // Rewrites every article of the stories in `joined` but the least under the least key.
  void merge(const std::set<std::string>& joined);

  bool days_indexed_ = false;
  std::unordered_map<int64_t, std::vector<Xapian::docid>> days_;  // day (-1: undated) -> articles with bands
  std::unordered_set<int64_t> loaded_days_;
  std::unordered_map<uint64_t, std::vector<Holder>> buckets_;  // band_key -> articles holding it
  std::unordered_set<Xapian::docid> in_buckets_;
};

// Sets the story key of document `did` of `db` (its XG term and story slot), unless it has it.
// Returns whether it changed the document.
bool set_story_key(Xapian::WritableDatabase& db, Xapian::docid did, const std::string& key);

// Copies the story key of `from` into `to` (a rebuilt document of the same article, which
// would otherwise start again under its own key).
void keep_story(const Xapian::Document& from, Xapian::Document& to);
// Sets the story key of a document not yet written (its XG term and story slot).
void set_key_of(Xapian::Document& doc, const std::string& key);

}  // namespace rassegna::dedup
