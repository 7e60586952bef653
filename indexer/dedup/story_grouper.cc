#include "indexer/dedup/story_grouper.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>
#include <stdexcept>

#include <rassegna/schema.h>
#include <rassegna/stored_article.h>

namespace rassegna::dedup {
namespace {

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
  const Xapian::Document doc = db_.get_document(did, Xapian::DOC_ASSUME_VALID);
  return own_story_key(stored_id(doc), doc.get_value(schema::kSlotTimestamp));
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

bool StoryGrouper::alive(Xapian::docid did) {
  try {
    db_.get_document(did);
    return true;
  } catch (const Xapian::DocNotFoundError&) {
    return false;
  }
}

void StoryGrouper::index_days() {
  if (days_indexed_) return;
  days_indexed_ = true;
  std::vector<uint32_t> bands;  // reused: one pass over every article's value
  for (auto v = db_.valuestream_begin(schema::kSlotBands); v != db_.valuestream_end(schema::kSlotBands); ++v) {
    int64_t day = 0;
    if (decode_bands(*v, fingerprinter_.options().bands, day, bands)) days_[day].push_back(v.get_docid());
  }
}

void StoryGrouper::add_to_buckets(Xapian::docid did, int64_t day, const std::vector<uint32_t>& bands) {
  if (!in_buckets_.insert(did).second) return;
  for (size_t b = 0; b < bands.size(); ++b) buckets_[band_key(b, bands[b])].push_back(Holder{did, day});
}

void StoryGrouper::load_days_around(int64_t day) {
  const int64_t reach = day < 0 ? 0 : fingerprinter_.options().max_days_apart;
  std::vector<int64_t> wanted;
  for (int64_t d = day - reach; d <= day + reach; ++d) {
    if (!loaded_days_.count(d)) wanted.push_back(d);
  }
  if (wanted.empty()) return;
  if (loaded_days_.size() + wanted.size() > kMaxLoadedDays) {  // bounded memory on a long --watch
    buckets_.clear();
    in_buckets_.clear();
    loaded_days_.clear();
    wanted.clear();
    for (int64_t d = day - reach; d <= day + reach; ++d) wanted.push_back(d);
  }
  // The articles of those days, read in docid order from one stream of the bands slot (a
  // look-up per document costs ~10x more on a partition fed a few hundred thousand articles).
  std::vector<std::pair<Xapian::docid, int64_t>> docs;
  for (int64_t d : wanted) {
    loaded_days_.insert(d);
    auto it = days_.find(d);
    if (it == days_.end()) continue;
    std::vector<Xapian::docid>& listed = it->second;
    std::sort(listed.begin(), listed.end());
    listed.erase(std::unique(listed.begin(), listed.end()), listed.end());
    for (Xapian::docid did : listed) docs.emplace_back(did, d);
  }
  std::sort(docs.begin(), docs.end());
  docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
  std::vector<uint32_t> bands;
  Xapian::ValueIterator v = db_.valuestream_begin(schema::kSlotBands);
  const Xapian::ValueIterator end = db_.valuestream_end(schema::kSlotBands);
  for (const auto& [did, d] : docs) {
    if (v == end) break;
    if (v.get_docid() < did) v.skip_to(did);
    if (v == end) break;
    if (v.get_docid() != did) continue;  // deleted since (or its bands went)
    int64_t now = 0;
    // A replaced article that moved to another day is listed under that day too.
    if (decode_bands(*v, fingerprinter_.options().bands, now, bands) && now == d) add_to_buckets(did, d, bands);
  }
}

std::vector<Xapian::docid> StoryGrouper::candidates(int64_t day, const std::vector<uint32_t>& bands,
                                                    Xapian::docid self) {
  std::unordered_map<Xapian::docid, size_t> shared;
  for (size_t b = 0; b < bands.size(); ++b) {
    auto it = buckets_.find(band_key(b, bands[b]));
    if (it == buckets_.end()) continue;
    for (const Holder& h : it->second) {
      if (h.did != self && fingerprinter_.close_in_time(day, h.day)) ++shared[h.did];
    }
  }
  std::vector<std::pair<Xapian::docid, size_t>> ranked(shared.begin(), shared.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::vector<Xapian::docid> out;
  out.reserve(ranked.size());
  for (const auto& [did, count] : ranked) out.push_back(did);
  return out;
}

void StoryGrouper::verify(const Fingerprint& mine, const std::vector<Xapian::docid>& candidates,
                          std::set<std::string>& joined) {
  for (Xapian::docid other : candidates) {
    if (!alive(other)) continue;  // deleted since its bands were read
    const std::string k = key_of(other);
    if (joined.count(k)) continue;  // already in a story it joins
    if (fingerprinter_.same_story(mine, fingerprint(other))) joined.insert(k);
  }
}

void StoryGrouper::merge(const std::set<std::string>& joined) {
  if (joined.size() < 2) return;
  const std::string least = *joined.begin();
  for (const auto& k : joined) {
    if (k == least) continue;
    for (Xapian::docid m : members(k)) set_key(m, least);
  }
}

std::string StoryGrouper::prepare(const Xapian::Document& doc) {
  cache_.clear();
  prepared_ = Prepared{};
  prepared_.valid = true;
  const std::string own = doc.get_value(schema::kSlotStory);
  prepared_.joined.insert(own);
  if (!decode_bands(doc.get_value(schema::kSlotBands), fingerprinter_.options().bands, prepared_.day,
                    prepared_.bands)) {
    prepared_.bands.clear();
    return own;  // too short to have bands: a story of its own
  }
  index_days();
  load_days_around(prepared_.day);
  const std::vector<Xapian::docid> found = candidates(prepared_.day, prepared_.bands, 0);
  if (found.empty()) return own;  // the usual case: no article shares a band
  const Article a = decode_document(doc);
  Fingerprint mine = fingerprinter_.of(a.body, a.lang);
  mine.day = prepared_.day;
  verify(mine, found, prepared_.joined);
  cache_.clear();
  return *prepared_.joined.begin();
}

std::vector<std::string> StoryGrouper::prepared_stories() const {
  std::vector<std::string> out;
  if (prepared_.joined.size() < 2) return out;
  for (const auto& k : prepared_.joined) out.push_back(k);
  return out;
}

Xapian::docid StoryGrouper::holder_of(const std::string& key) const {
  const std::string term = kStoryPrefix + key;
  Xapian::PostingIterator p = db_.postlist_begin(term);
  return p == db_.postlist_end(term) ? 0 : *p;
}

void StoryGrouper::place_prepared(Xapian::docid did) {
  if (!prepared_.valid) throw std::logic_error("StoryGrouper::place_prepared without prepare");
  Prepared p = std::move(prepared_);
  prepared_ = Prepared{};
  if (p.bands.empty()) return;
  days_[p.day].push_back(did);
  in_buckets_.erase(did);
  add_to_buckets(did, p.day, p.bands);
  merge(p.joined);
  cache_.clear();
}

void StoryGrouper::place(Xapian::docid did) {
  prepared_ = Prepared{};  // a prepare() whose document was never added (its write failed)
  cache_.clear();
  int64_t day = 0;
  std::vector<uint32_t> bands;
  if (!decode_bands(db_.get_document(did).get_value(schema::kSlotBands), fingerprinter_.options().bands, day, bands)) {
    return;  // too short to have bands: a story of its own
  }
  index_days();
  load_days_around(day);
  const std::vector<Xapian::docid> found = candidates(day, bands, did);
  days_[day].push_back(did);
  in_buckets_.erase(did);  // a replaced article: its new bands (the old ones only add candidates)
  add_to_buckets(did, day, bands);
  if (found.empty()) return;  // the usual case: no article shares a band, nothing to verify
  std::set<std::string> joined;  // stories it belongs to; a candidate already in one is skipped
  joined.insert(key_of(did));
  verify(fingerprint(did), found, joined);
  merge(joined);
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
  // Every article with bands: (band key, its index) pairs, sorted so that each band's holders
  // are neighbours.
  std::vector<Xapian::docid> docs;
  std::vector<int64_t> days;
  std::vector<std::pair<uint64_t, uint32_t>> holders;
  {
    std::vector<uint32_t> bands;
    for (auto v = db_.valuestream_begin(schema::kSlotBands); v != db_.valuestream_end(schema::kSlotBands); ++v) {
      int64_t day = 0;
      if (!decode_bands(*v, fingerprinter_.options().bands, day, bands)) continue;
      const auto index = static_cast<uint32_t>(docs.size());
      docs.push_back(v.get_docid());
      days.push_back(day);
      for (size_t b = 0; b < bands.size(); ++b) holders.emplace_back(band_key(b, bands[b]), index);
    }
  }
  std::sort(holders.begin(), holders.end());
  Components parts(docs.size());
  for (size_t start = 0, end = 0; start < holders.size(); start = end) {
    end = start;
    while (end < holders.size() && holders[end].first == holders[start].first) ++end;
    const size_t n = end - start;
    if (n < 2 || n > kMaxBucket) continue;
    for (size_t i = start + 1; i < end; ++i) {
      for (size_t j = start; j < i; ++j) {
        const uint32_t a = holders[i].second, b = holders[j].second;
        if (parts.find(a) == parts.find(b) || !fingerprinter_.close_in_time(days[a], days[b])) continue;
        if (fingerprinter_.same_story(fingerprint(docs[a]), fingerprint(docs[b]))) parts.join(a, b);
      }
    }
  }
  cache_.clear();
  holders = {};
  // Every article: the least own key of its component (alone: its own key).
  std::unordered_map<Xapian::docid, uint32_t> index;  // articles of components of two or more
  std::unordered_map<size_t, size_t> size;
  for (size_t i = 0; i < docs.size(); ++i) ++size[parts.find(i)];
  std::unordered_map<size_t, std::string> least;
  for (size_t i = 0; i < docs.size(); ++i) {
    const size_t root = parts.find(i);
    if (size[root] < 2) continue;
    index.emplace(docs[i], static_cast<uint32_t>(i));
    const std::string own = own_key(docs[i]);
    auto [it, fresh] = least.emplace(root, own);
    if (!fresh) it->second = std::min(it->second, own);
  }
  std::vector<std::pair<Xapian::docid, std::string>> changes;
  for (auto p = db_.postlist_begin(""); p != db_.postlist_end(""); ++p) {
    const Xapian::docid d = *p;
    auto it = index.find(d);
    std::string want = it == index.end() ? own_key(d) : least[parts.find(it->second)];
    if (key_of(d) != want) changes.emplace_back(d, std::move(want));
  }
  return changes;
}

void keep_story(const Xapian::Document& from, Xapian::Document& to) {
  const std::string key = from.get_value(schema::kSlotStory);
  if (!key.empty()) set_key_of(to, key);
}

void set_key_of(Xapian::Document& to, const std::string& key) {
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
