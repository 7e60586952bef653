#include "indexer/dedup/story_grouper.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <stdexcept>

#include <rassegna/schema.h>
#include <rassegna/stored_article.h>

namespace rassegna::dedup {
namespace {

const std::string kBandPrefix(schema::kBand);
const std::string kStoryPrefix(schema::kStory);

// Union-find over small integer indexes, with path halving.
struct Components {
  std::vector<size_t> parent;
  explicit Components(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  size_t find(size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void join(size_t a, size_t b) { parent[find(a)] = find(b); }
};

}  // namespace

StoryGrouper::StoryGrouper(Xapian::WritableDatabase& db, FingerprintOptions options)
    : db_(db), writable_(&db), fingerprinter_(options) {}

StoryGrouper::StoryGrouper(const Xapian::Database& db, FingerprintOptions options)
    : db_(db), fingerprinter_(options) {}

const Fingerprint& StoryGrouper::fingerprint(Xapian::docid did) {
  auto it = cache_.find(did);
  if (it != cache_.end()) return it->second;
  const Article a = decode_document(db_.get_document(did, Xapian::DOC_ASSUME_VALID));
  Fingerprint f = fingerprinter_.of(a.body, a.lang);
  f.day = fingerprint_day(a.date);
  return cache_.emplace(did, std::move(f)).first->second;
}

std::string StoryGrouper::own_key(Xapian::docid did) {
  return own_story_key(stored_id(db_.get_document(did, Xapian::DOC_ASSUME_VALID)));
}

std::string StoryGrouper::key_of(Xapian::docid did) {
  return db_.get_document(did, Xapian::DOC_ASSUME_VALID).get_value(schema::kSlotStory);
}

bool set_story_key(Xapian::WritableDatabase& db, Xapian::docid did, const std::string& key) {
  Xapian::Document doc = db.get_document(did);
  const std::string old = doc.get_value(schema::kSlotStory);
  if (old == key) return false;
  if (!old.empty()) {
    try {
      doc.remove_term(kStoryPrefix + old);
    } catch (const Xapian::InvalidArgumentError&) {
      // no such term: the value alone was set
    }
  }
  doc.add_boolean_term(kStoryPrefix + key);
  doc.add_value(schema::kSlotStory, key);
  db.replace_document(did, doc);
  return true;
}

void StoryGrouper::set_key(Xapian::docid did, const std::string& key) {
  if (writable_ == nullptr) throw std::logic_error("StoryGrouper: a read-only grouper cannot set keys");
  if (set_story_key(*writable_, did, key) && on_rewrite_) on_rewrite_(did);
}

std::vector<Xapian::docid> StoryGrouper::members(const std::string& key) {
  std::vector<Xapian::docid> out;
  const std::string term = kStoryPrefix + key;
  for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p) out.push_back(*p);
  return out;
}

void StoryGrouper::place(Xapian::docid did) {
  cache_.clear();
  // Candidates: the other holders of its band terms, most bands in common first.
  std::map<Xapian::docid, size_t> shared;
  {
    Xapian::Document doc = db_.get_document(did);
    auto t = doc.termlist_begin();
    t.skip_to(kBandPrefix);
    for (; t != doc.termlist_end(); ++t) {
      const std::string term = *t;
      if (term.compare(0, kBandPrefix.size(), kBandPrefix) != 0) break;
      if (db_.get_termfreq(term) < 2) continue;
      for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p) {
        if (*p != did) ++shared[*p];
      }
    }
  }
  if (shared.empty()) return;  // the usual case: no article shares a band, nothing to verify
  std::vector<std::pair<Xapian::docid, size_t>> candidates(shared.begin(), shared.end());
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  const std::string current = key_of(did);
  std::set<std::string> joined;  // stories it belongs to; a candidate already in one is skipped
  joined.insert(current);
  const Fingerprint& mine = fingerprint(did);
  for (const auto& [other, count] : candidates) {
    const std::string k = key_of(other);
    if (joined.count(k)) continue;
    if (fingerprinter_.same_story(mine, fingerprint(other))) joined.insert(k);
  }
  if (joined.size() == 1) return;
  const std::string least = *joined.begin();
  for (const auto& k : joined) {
    if (k == least) continue;
    for (Xapian::docid m : members(k)) set_key(m, least);
  }
  cache_.clear();
}

void StoryGrouper::regroup(const std::string& key) {
  cache_.clear();
  if (key.empty()) return;
  const std::vector<Xapian::docid> docs = members(key);
  if (docs.empty() || docs.size() > kMaxRegroup) return;
  Components parts(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (parts.find(i) == parts.find(j)) continue;
      if (fingerprinter_.same_story(fingerprint(docs[i]), fingerprint(docs[j]))) parts.join(i, j);
    }
  }
  std::map<size_t, std::string> least;  // component root -> least own key
  std::vector<std::string> own(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    own[i] = own_key(docs[i]);
    auto [it, fresh] = least.emplace(parts.find(i), own[i]);
    if (!fresh) it->second = std::min(it->second, own[i]);
  }
  for (size_t i = 0; i < docs.size(); ++i) set_key(docs[i], least[parts.find(i)]);
  cache_.clear();
}

size_t StoryGrouper::group_all() {
  const auto changes = plan_all();
  for (const auto& [did, key] : changes) set_key(did, key);
  return changes.size();
}

std::vector<std::pair<Xapian::docid, std::string>> StoryGrouper::plan_all() {
  cache_.clear();
  std::unordered_map<Xapian::docid, size_t> index;  // docid -> union-find index
  std::vector<Xapian::docid> docs;
  Components parts(0);
  auto index_of = [&](Xapian::docid d) {
    auto [it, fresh] = index.emplace(d, docs.size());
    if (fresh) {
      docs.push_back(d);
      parts.parent.push_back(parts.parent.size());
    }
    return it->second;
  };
  auto find = [&](size_t x) { return parts.find(x); };
  for (auto t = db_.allterms_begin(kBandPrefix); t != db_.allterms_end(kBandPrefix); ++t) {
    const Xapian::doccount n = t.get_termfreq();
    if (n < 2 || n > kMaxBucket) continue;
    std::vector<size_t> bucket;
    for (auto p = db_.postlist_begin(*t); p != db_.postlist_end(*t); ++p) bucket.push_back(index_of(*p));
    for (size_t i = 0; i < bucket.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (find(bucket[i]) == find(bucket[j])) continue;
        if (fingerprinter_.same_story(fingerprint(docs[bucket[i]]), fingerprint(docs[bucket[j]]))) {
          parts.join(bucket[i], bucket[j]);
        }
      }
    }
  }
  cache_.clear();
  // Every article: the least own key of its component (alone: its own key).
  std::map<size_t, std::string> least;
  std::vector<std::string> own(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    own[i] = own_key(docs[i]);
    auto [it, fresh] = least.emplace(find(i), own[i]);
    if (!fresh) it->second = std::min(it->second, own[i]);
  }
  std::vector<std::pair<Xapian::docid, std::string>> changes;
  for (auto p = db_.postlist_begin(""); p != db_.postlist_end(""); ++p) {
    const Xapian::docid d = *p;
    auto it = index.find(d);
    std::string want = it == index.end() ? own_key(d) : least[find(it->second)];
    if (key_of(d) != want) changes.emplace_back(d, std::move(want));
  }
  return changes;
}

void keep_story(const Xapian::Document& from, Xapian::Document& to) {
  const std::string key = from.get_value(schema::kSlotStory);
  if (key.empty()) return;
  const std::string old = to.get_value(schema::kSlotStory);
  if (old == key) return;
  if (!old.empty()) {
    try {
      to.remove_term(kStoryPrefix + old);
    } catch (const Xapian::InvalidArgumentError&) {
    }
  }
  to.add_boolean_term(kStoryPrefix + key);
  to.add_value(schema::kSlotStory, key);
}

}  // namespace rassegna::dedup
