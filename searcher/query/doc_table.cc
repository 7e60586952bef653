#include "searcher/query/doc_table.h"
#include "searcher/query/revision_cache.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <map>

#include <rassegna/analysis/languages.h>
#include <rassegna/change_log.h>
#include <rassegna/dates.h>
#include <rassegna/schema.h>

namespace rassegna {

namespace {

std::atomic<size_t> summary_budget_bytes{DocTable::kMaxSummaryBytes};
std::atomic<uint64_t> full_builds{0};
std::atomic<uint64_t> incremental_builds{0};

constexpr uint64_t kMaxChunkOffset = (uint64_t{1} << 34) - 1;
constexpr size_t kMaxSummaryChunks = 1024;  // 10 bits of a summary ref

uint64_t summary_ref(size_t chunk, size_t offset, size_t length) {
  return (static_cast<uint64_t>(chunk) << 54) | (static_cast<uint64_t>(offset) << 20) | length;
}
constexpr uint64_t kUnheldRef = DocTable::kUnheldSummary;  // chunk 0, offset 0, "not held"

size_t ref_chunk(uint64_t ref) { return ref >> 54; }
size_t ref_offset(uint64_t ref) { return (ref >> 20) & kMaxChunkOffset; }
size_t ref_length(uint64_t ref) { return ref & DocTable::kUnheldSummary; }
bool ref_held(uint64_t ref) { return ref_length(ref) != DocTable::kUnheldSummary; }

// What the table takes as the budget (a chunk offset has 34 bits).
size_t effective_budget() { return std::min<size_t>(summary_budget_bytes, kMaxChunkOffset); }

uint32_t day_of(std::string_view value) {
  const uint64_t day = parse_digits(value).value_or(0);
  return day <= 99991231 ? static_cast<uint32_t>(day) : 0;
}

// A story key a story number names without doubt (story_number reads "0000000000000000" as 1).
bool canonical_story_key(std::string_view key) {
  if (key.size() != 16) return false;
  bool zero = true;
  for (char c : key) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    zero = zero && c == '0';
  }
  return !zero;
}

std::string story_term(uint64_t story) {
  static const char kHex[] = "0123456789abcdef";
  std::string term(schema::kStory);
  for (int shift = 60; shift >= 0; shift -= 4) term += kHex[(story >> shift) & 0xF];
  return term;
}

}  // namespace

uint64_t story_number(std::string_view key) {
  uint64_t n = 0;
  for (char c : key) {
    const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0) return 0;
    n = n * 16 + static_cast<uint64_t>(digit);
  }
  return n == 0 && !key.empty() ? 1 : n;  // 0 means none
}

void DocTable::set_summary_budget(size_t bytes) { summary_budget_bytes = bytes; }
size_t DocTable::summary_budget() { return summary_budget_bytes; }

DocTable::Builds DocTable::builds() { return Builds{full_builds.load(), incremental_builds.load()}; }

std::shared_ptr<const DocTable> DocTable::build(const Xapian::Database& db) {
  auto table = std::make_shared<DocTable>();
  if (!table->fill(db)) return nullptr;
  ++full_builds;
  return table;
}

bool DocTable::is_current(const Xapian::Database& db) const {
  try {
    return db.get_revision() == revision_ && db.get_uuid() == uuid_;
  } catch (const Xapian::Error&) {
    return false;
  }
}

std::shared_ptr<const DocTable> DocTable::current(const Xapian::Database& db) {
  static RevisionCache<DocTable> tables;
  return tables.get(db, [](const Xapian::Database& d, const DocTable* older) {
    std::shared_ptr<const DocTable> fresh;
    if (older != nullptr && older->uuid_ == d.get_uuid()) fresh = refreshed(*older, d);
    return fresh ? fresh : build(d);
  });
}

bool DocTable::fill(const Xapian::Database& db) {
  revision_ = db.get_revision();
  uuid_ = db.get_uuid();
  const Xapian::docid last = db.get_lastdocid();

  auto& lengths = lengths_;
  lengths.assign(last + 1, kMissing);
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    lengths[*it] = static_cast<uint32_t>(std::min<Xapian::termcount>(it.get_doclength(), kMissing - 1));
  }

  // Days: collect the distinct ones, then give each document the index of its day.
  std::vector<uint32_t> raw_days(last + 1, 0);
  for (auto it = db.valuestream_begin(schema::kSlotDay); it != db.valuestream_end(schema::kSlotDay); ++it) {
    raw_days[it.get_docid()] = day_of(*it);
  }
  auto& days = days_;
  days = raw_days;
  days.push_back(0);
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  auto& day_index = day_index_;
  day_index.assign(last + 1, 0);
  day_counts_.assign(days.size(), 0);
  for (Xapian::docid d = 1; d <= last; ++d) {
    if (raw_days[d] != 0) {
      day_index[d] = static_cast<uint32_t>(std::lower_bound(days.begin(), days.end(), raw_days[d]) - days.begin());
      ++day_counts_[day_index[d]];
    }
  }

  auto& timestamps = timestamps_;
  timestamps.assign(last + 1, 0);
  for (auto it = db.valuestream_begin(schema::kSlotTimestamp); it != db.valuestream_end(schema::kSlotTimestamp);
       ++it) {
    timestamps[it.get_docid()] = parse_digits(*it).value_or(0);
  }

  stories_.assign(last + 1, 0);
  canonical_stories_ = true;
  for (auto it = db.valuestream_begin(schema::kSlotStory); it != db.valuestream_end(schema::kSlotStory); ++it) {
    const std::string key = *it;
    stories_[it.get_docid()] = story_number(key);
    if (!key.empty() && !canonical_story_key(key)) canonical_stories_ = false;
  }
  {  // keep only the numbers two or more documents hold
    std::vector<uint64_t> sorted(stories_.begin() + 1, stories_.end());
    std::sort(sorted.begin(), sorted.end());
    for (uint64_t& s : stories_) {
      if (s == 0) continue;
      auto [lo, hi] = std::equal_range(sorted.begin(), sorted.end(), s);
      if (hi - lo < 2) s = 0;
    }
  }

  auto& languages = languages_;
  languages.assign(last + 1, kNoLanguage);
  auto& codes = language_codes_;
  const std::string lang_prefix(schema::kLang);
  for (auto t = db.allterms_begin(lang_prefix); t != db.allterms_end(lang_prefix); ++t) {
    if (codes.size() == kNoLanguage) break;  // 255 languages: the rest count as none
    const auto id = static_cast<uint8_t>(codes.size());
    codes.push_back((*t).substr(lang_prefix.size()));
    for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) languages[*p] = id;
  }

  std::vector<std::vector<uint16_t>> lists(last + 1);
  auto companies = std::make_shared<Companies>();
  auto& ids = companies->by_name;
  auto& names = companies->names;
  for (auto it = db.valuestream_begin(schema::kSlotCompanies); it != db.valuestream_end(schema::kSlotCompanies);
       ++it) {
    auto& list = lists[it.get_docid()];
    const std::string value = *it;
    std::string_view rest = value;
    while (!rest.empty()) {
      size_t end = rest.find(schema::kListSeparator);
      std::string_view name = rest.substr(0, end);
      if (!name.empty()) {
        auto [pos, added] = ids.emplace(std::string(name), static_cast<uint16_t>(names.size()));
        if (added) {
          if (names.size() == 0xFFFF) return false;  // too many distinct companies for 16-bit ids
          names.emplace_back(name);
        }
        list.push_back(pos->second);
      }
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 1);
    }
  }
  auto& offsets = offsets_;
  offsets.assign(last + 2, 0);
  auto& flat = ids_;
  for (Xapian::docid d = 0; d <= last; ++d) {
    offsets[d] = static_cast<uint32_t>(flat.size());
    flat.insert(flat.end(), lists[d].begin(), lists[d].end());
  }
  offsets[last + 1] = static_cast<uint32_t>(flat.size());
  for (size_t i = 0; i < names.size(); ++i) {
    companies->by_key.emplace(schema::company_key(names[i]), static_cast<uint16_t>(i));
  }
  companies_ = std::move(companies);

  // Summaries: sized first (growing a string of tens of MB copies it several times over and
  // page-faults each copy in), then copied once, into the first chunk.
  const size_t budget = effective_budget();
  summary_budget_ = budget;
  size_t total = 0;
  for (auto it = db.valuestream_begin(schema::kSlotSummary);
       budget > 0 && it != db.valuestream_end(schema::kSlotSummary) && total <= budget; ++it) {
    const size_t size = (*it).size();
    if (size < kUnheldSummary) total += size;
  }
  if (budget > 0 && total <= budget) {  // else too big to hold: hits read them from Xapian
    auto chunk = std::make_shared<SummaryChunk>();
    chunk->bytes.reserve(total);
    summary_refs_.assign(last + 1, 0);
    for (auto it = db.valuestream_begin(schema::kSlotSummary); it != db.valuestream_end(schema::kSlotSummary); ++it) {
      const std::string value = *it;
      if (value.size() >= kUnheldSummary) {
        summary_refs_[it.get_docid()] = kUnheldRef;
        continue;
      }
      summary_refs_[it.get_docid()] = summary_ref(0, chunk->bytes.size(), value.size());
      chunk->bytes += value;
    }
    summary_chunks_ = {std::move(chunk)};
    summary_bytes_ = total;
  }

  doc_count_ = db.get_doccount();
  average_length_ = db.get_avlength();
  find_unstemmed_docs();
  mark_shared_stories();
  return true;
}

void DocTable::mark_shared_stories() {
  shared_bits_.assign(stories_.size() / 64 + 1, 0);
  for (size_t d = 0; d < stories_.size(); ++d) {
    if (stories_[d] != 0) shared_bits_[d / 64] |= uint64_t{1} << (d % 64);
  }
}

void DocTable::find_unstemmed_docs() {
  std::vector<char> stemmed(language_codes_.size() + 1, 0);  // by language id; the last: none
  for (size_t l = 0; l < language_codes_.size(); ++l) stemmed[l] = analysis::is_stemmed_language(language_codes_[l]);
  unstemmed_docs_.clear();
  for (size_t d = 0; d < lengths_.size(); ++d) {
    if (lengths_[d] == kMissing) continue;
    const uint8_t l = languages_[d];
    if (!stemmed[l < language_codes_.size() ? l : language_codes_.size()]) unstemmed_docs_.push_back(static_cast<Xapian::docid>(d));
  }
}

// A document the change log names (or one past the old table's last), as the new revision has it.
struct DocTable::Fresh {
  Xapian::docid id = 0;
  bool exists = false;
  uint32_t length = kMissing;
  uint32_t day = 0;
  uint64_t timestamp = 0;
  std::string story;
  std::string language;  // code, empty: none
  std::string companies;
  std::string summary;
};

std::shared_ptr<const DocTable> DocTable::refreshed(const DocTable& old, const Xapian::Database& db) {
  if (!old.canonical_stories_ || old.summary_budget_ != effective_budget()) return nullptr;
  try {
    const auto changes = change_log::changed_since(db, old.revision_);
    if (!changes) return nullptr;
    const Xapian::docid old_last = old.last_docid();
    const Xapian::docid last = db.get_lastdocid();
    if (last < old_last || (!changes->empty() && changes->back() > last)) return nullptr;
    // Rewritten documents scattered through the database cost a seek in every list each, many
    // times what a document costs a full read: past a sixteenth of them, read everything.
    const auto past_old = std::upper_bound(changes->begin(), changes->end(), old_last);
    const size_t rewritten = static_cast<size_t>(past_old - changes->begin());
    if (rewritten > 64 && rewritten > old_last / 16) return nullptr;

    auto table = std::make_shared<DocTable>();
    table->revision_ = db.get_revision();
    table->uuid_ = old.uuid_;
    const std::string lang_prefix(schema::kLang);

    // Every document to read: those of the log the old table has, then the ones added since.
    // Each list is walked once along them in docid order, as fill() walks it whole: the
    // documents a commit rewrites are mostly recent ones (a story's older articles, days apart
    // at most), so they share the value chunks of the tail, and an added run reads like fill().
    std::vector<Fresh> fresh(rewritten + (last - old_last));
    for (size_t i = 0; i < rewritten; ++i) fresh[i].id = (*changes)[i];
    for (Xapian::docid d = old_last + 1; d <= last; ++d) fresh[rewritten + (d - old_last - 1)].id = d;
    auto walk = [&](auto it, const auto& end, auto&& docid_of, auto&& take) {
      for (Fresh& f : fresh) {
        if (it == end) break;
        if (docid_of(it) < f.id) {
          ++it;  // (the next document, when they run on)
          if (it != end && docid_of(it) < f.id) it.skip_to(f.id);
          if (it == end) break;
        }
        if (docid_of(it) == f.id) take(f, it);
      }
    };
    auto posting = [](const Xapian::PostingIterator& p) { return *p; };
    walk(db.postlist_begin(""), db.postlist_end(""), posting, [](Fresh& f, const Xapian::PostingIterator& p) {
      f.exists = true;
      f.length = static_cast<uint32_t>(std::min<Xapian::termcount>(p.get_doclength(), kMissing - 1));
    });
    auto read_slot = [&](Xapian::valueno slot, auto&& store) {
      walk(db.valuestream_begin(slot), db.valuestream_end(slot), [](const Xapian::ValueIterator& v) { return v.get_docid(); },
           [&](Fresh& f, const Xapian::ValueIterator& v) { store(f, *v); });
    };
    read_slot(schema::kSlotDay, [](Fresh& f, const std::string& v) { f.day = day_of(v); });
    read_slot(schema::kSlotTimestamp, [](Fresh& f, const std::string& v) { f.timestamp = parse_digits(v).value_or(0); });
    read_slot(schema::kSlotStory, [](Fresh& f, const std::string& v) { f.story = v; });
    read_slot(schema::kSlotCompanies, [](Fresh& f, const std::string& v) { f.companies = v; });
    if (!old.summary_refs_.empty()) {
      read_slot(schema::kSlotSummary, [](Fresh& f, const std::string& v) { f.summary = v; });
    }
    for (auto l = db.allterms_begin(lang_prefix); l != db.allterms_end(lang_prefix); ++l) {
      const std::string term = *l;
      const std::string code = term.substr(lang_prefix.size());
      // (in term order: a document with two languages keeps the last, as in fill())
      walk(db.postlist_begin(term), db.postlist_end(term), posting,
           [&](Fresh& f, const Xapian::PostingIterator&) { f.language = code; });
    }

    auto& t = *table;
    t.lengths_ = old.lengths_;
    t.lengths_.resize(last + 1, kMissing);
    t.timestamps_ = old.timestamps_;
    t.timestamps_.resize(last + 1, 0);
    t.languages_ = old.languages_;
    t.languages_.resize(last + 1, kNoLanguage);
    t.language_codes_ = old.language_codes_;
    for (const Fresh& f : fresh) {
      t.lengths_[f.id] = f.exists ? f.length : kMissing;
      t.timestamps_[f.id] = f.timestamp;
      uint8_t language = kNoLanguage;
      if (!f.language.empty()) {
        const int id = t.language_id(f.language);
        if (id >= 0) {
          language = static_cast<uint8_t>(id);
        } else {
          if (t.language_codes_.size() + 1 >= kNoLanguage) return nullptr;  // fill() keeps the first 255
          language = static_cast<uint8_t>(t.language_codes_.size());
          t.language_codes_.push_back(f.language);
        }
      }
      t.languages_[f.id] = language;
    }
    t.refresh_days(old, fresh);
    if (!t.refresh_stories(old, db, fresh)) return nullptr;
    if (!t.refresh_companies(old, fresh)) return nullptr;
    t.refresh_summaries(old, fresh);
    t.doc_count_ = db.get_doccount();
    t.average_length_ = db.get_avlength();
    t.find_unstemmed_docs();
    t.mark_shared_stories();
    ++incremental_builds;
    return table;
  } catch (const Xapian::Error&) {
    return nullptr;  // (the database moved on under us, ...): read it again in full
  }
}

void DocTable::refresh_days(const DocTable& old, const std::vector<Fresh>& fresh) {
  const Xapian::docid last = static_cast<Xapian::docid>(lengths_.size() - 1);
  // Counts by the old days, and the days no old document had.
  std::vector<int64_t> counts(old.day_counts_.begin(), old.day_counts_.end());
  std::map<uint32_t, int64_t> added;
  for (const Fresh& f : fresh) {
    if (f.id < old.day_index_.size() && old.day_index_[f.id] != 0) --counts[old.day_index_[f.id]];
    if (!f.exists || f.day == 0) continue;
    auto at = std::lower_bound(old.days_.begin() + 1, old.days_.end(), f.day);
    if (at != old.days_.end() && *at == f.day) {
      ++counts[at - old.days_.begin()];
    } else {
      ++added[f.day];
    }
  }
  bool same = added.empty();
  for (size_t i = 1; i < counts.size() && same; ++i) same = counts[i] > 0;
  day_index_ = old.day_index_;
  day_index_.resize(last + 1, 0);
  if (same) {
    days_ = old.days_;
    day_counts_.assign(counts.begin(), counts.end());
  } else {
    // The days that are left and the new ones, in order; old indexes move to their new place.
    days_.assign(1, 0);
    day_counts_.assign(1, 0);
    std::vector<uint32_t> moved(old.days_.size(), 0);
    auto next_added = added.begin();
    for (size_t i = 1; i <= old.days_.size(); ++i) {
      const uint32_t old_day = i < old.days_.size() ? old.days_[i] : UINT32_MAX;
      for (; next_added != added.end() && next_added->first < old_day; ++next_added) {
        days_.push_back(next_added->first);
        day_counts_.push_back(static_cast<uint32_t>(next_added->second));
      }
      if (i < old.days_.size() && counts[i] > 0) {
        moved[i] = static_cast<uint32_t>(days_.size());
        days_.push_back(old_day);
        day_counts_.push_back(static_cast<uint32_t>(counts[i]));
      }
    }
    bool identity = true;
    for (size_t i = 0; i < moved.size() && identity; ++i) identity = moved[i] == i || counts[i] <= 0;
    if (!identity) {
      for (uint32_t& index : day_index_) index = moved[index];
    }
  }
  for (const Fresh& f : fresh) {
    day_index_[f.id] = !f.exists || f.day == 0
                           ? 0
                           : static_cast<uint32_t>(std::lower_bound(days_.begin(), days_.end(), f.day) - days_.begin());
  }
}

bool DocTable::refresh_stories(const DocTable& old, const Xapian::Database& db, const std::vector<Fresh>& fresh) {
  const Xapian::docid last = static_cast<Xapian::docid>(lengths_.size() - 1);
  stories_ = old.stories_;
  stories_.resize(last + 1, 0);
  // The stories whose membership may have changed: those the rewritten documents left (only
  // shared ones matter: a story of one is no one's when its document leaves) and those the
  // fresh documents are in. A story's members are its XG term's postings; when the fresh
  // documents are all of them (the term frequency says), the postings need not be read: a new
  // article alone in its story costs one lookup.
  std::vector<uint64_t> affected;
  std::vector<std::pair<uint64_t, size_t>> in_story;  // (story, index in fresh), by story
  for (size_t i = 0; i < fresh.size(); ++i) {
    const Fresh& f = fresh[i];
    if (f.id < old.stories_.size() && old.stories_[f.id] != 0) affected.push_back(old.stories_[f.id]);
    stories_[f.id] = 0;
    if (!f.exists || f.story.empty()) continue;
    if (!canonical_story_key(f.story)) return false;  // fill() then decides, as it always did
    in_story.emplace_back(story_number(f.story), i);
    affected.push_back(in_story.back().first);
  }
  std::sort(affected.begin(), affected.end());
  affected.erase(std::unique(affected.begin(), affected.end()), affected.end());
  std::sort(in_story.begin(), in_story.end());
  auto fresh_index = [&](Xapian::docid d) -> size_t {  // fresh is ascending by id
    auto it = std::lower_bound(fresh.begin(), fresh.end(), d, [](const Fresh& f, Xapian::docid id) { return f.id < id; });
    return it != fresh.end() && it->id == d ? static_cast<size_t>(it - fresh.begin()) : fresh.size();
  };
  size_t next = 0;  // in in_story
  for (uint64_t story : affected) {
    const size_t first = next;
    while (next < in_story.size() && in_story[next].first == story) ++next;
    const size_t fresh_members = next - first;
    const std::string term = story_term(story);
    const Xapian::doccount members = db.get_termfreq(term);
    if (members < fresh_members) return false;  // a story slot without its XG term
    if (members == fresh_members) {
      for (size_t k = first; k < next; ++k) stories_[fresh[in_story[k].second].id] = members >= 2 ? story : 0;
      continue;
    }
    size_t found = 0;
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
      if (*p > last) return false;
      stories_[*p] = members >= 2 ? story : 0;
      const size_t i = fresh_index(*p);
      if (i == fresh.size()) continue;
      if (fresh[i].story.empty() || story_number(fresh[i].story) != story) return false;  // term and slot disagree
      ++found;
    }
    if (found != fresh_members) return false;
  }
  canonical_stories_ = true;
  return true;
}

bool DocTable::refresh_companies(const DocTable& old, const std::vector<Fresh>& fresh) {
  const Xapian::docid last = static_cast<Xapian::docid>(lengths_.size() - 1);
  const Xapian::docid old_last = old.last_docid();
  companies_ = old.companies_;
  std::shared_ptr<Companies> grown;  // a copy, once a company is new
  std::vector<uint16_t> list;
  offsets_.assign(last + 2, 0);
  ids_.clear();
  ids_.reserve(old.ids_.size() + fresh.size() * 2);
  Xapian::docid next = 0;  // documents before it have their companies in place
  // Documents [from, to) keep the old table's companies (none past the old last).
  auto keep = [&](Xapian::docid from, Xapian::docid to) {
    const Xapian::docid end = std::min<Xapian::docid>(to, old_last + 1);
    if (from < end) {
      const uint32_t begin_at = old.offsets_[from], end_at = old.offsets_[end];
      const int64_t shift = static_cast<int64_t>(ids_.size()) - begin_at;
      ids_.insert(ids_.end(), old.ids_.begin() + begin_at, old.ids_.begin() + end_at);
      for (Xapian::docid d = from; d < end; ++d) offsets_[d] = static_cast<uint32_t>(old.offsets_[d] + shift);
    }
    for (Xapian::docid d = std::max(from, end); d < to; ++d) offsets_[d] = static_cast<uint32_t>(ids_.size());
  };
  for (const Fresh& f : fresh) {
    keep(next, f.id);
    offsets_[f.id] = static_cast<uint32_t>(ids_.size());
    next = f.id + 1;
    if (!f.exists) continue;
    std::string_view rest = f.companies;
    while (!rest.empty()) {
      const size_t end = rest.find(schema::kListSeparator);
      const std::string name(rest.substr(0, end));
      if (!name.empty()) {
        const Companies& now = grown ? *grown : *companies_;
        auto it = now.by_name.find(name);
        if (it != now.by_name.end()) {
          ids_.push_back(it->second);
        } else {
          if (!grown) grown = std::make_shared<Companies>(*companies_);
          if (grown->names.size() == 0xFFFF) return false;  // as fill(): no table
          const auto id = static_cast<uint16_t>(grown->names.size());
          grown->names.push_back(name);
          grown->by_name.emplace(name, id);
          grown->by_key.emplace(schema::company_key(name), id);
          ids_.push_back(id);
        }
      }
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 1);
    }
  }
  keep(next, last + 1);
  offsets_[last + 1] = static_cast<uint32_t>(ids_.size());
  if (grown) companies_ = std::move(grown);
  return true;
}

void DocTable::refresh_summaries(const DocTable& old, const std::vector<Fresh>& fresh) {
  summary_budget_ = old.summary_budget_;
  if (old.summary_refs_.empty()) return;  // none held (see summary()): none now
  const Xapian::docid last = static_cast<Xapian::docid>(lengths_.size() - 1);
  size_t bytes = old.summary_bytes_, dead = old.summary_dead_, added = 0;
  for (const Fresh& f : fresh) {
    if (f.id < old.summary_refs_.size() && ref_held(old.summary_refs_[f.id])) {
      const size_t length = ref_length(old.summary_refs_[f.id]);
      bytes -= length;
      dead += length;
    }
    if (f.exists && f.summary.size() < kUnheldSummary) added += f.summary.size();
  }
  bytes += added;
  if (bytes > summary_budget_) return;  // as fill(): more than the budget, none held
  summary_bytes_ = bytes;
  summary_dead_ = dead;
  summary_chunks_ = old.summary_chunks_;
  summary_refs_ = old.summary_refs_;
  summary_refs_.resize(last + 1, 0);
  auto chunk = std::make_shared<SummaryChunk>();
  chunk->bytes.reserve(added);
  const size_t index = summary_chunks_.size();
  for (const Fresh& f : fresh) {
    if (!f.exists || f.summary.empty()) {
      summary_refs_[f.id] = 0;
    } else if (f.summary.size() >= kUnheldSummary) {
      summary_refs_[f.id] = kUnheldRef;
    } else {
      summary_refs_[f.id] = summary_ref(index, chunk->bytes.size(), f.summary.size());
      chunk->bytes += f.summary;
      chunk->docs.push_back(f.id);
    }
  }
  if (!chunk->bytes.empty()) summary_chunks_.push_back(std::move(chunk));
  // Chunks after the first are merged while one is no more than twice the next (so there are
  // a few, each byte copied a few times); when they have grown as large as half the first, or
  // replaced summaries leave as many dead bytes, everything goes back into one chunk.
  while (summary_chunks_.size() > 2) {
    const size_t n = summary_chunks_.size();
    if (summary_chunks_[n - 2]->bytes.size() > 2 * summary_chunks_[n - 1]->bytes.size()) break;
    merge_summary_chunks(n - 2);
  }
  size_t later = 0;
  for (size_t i = 1; i < summary_chunks_.size(); ++i) later += summary_chunks_[i]->bytes.size();
  if (summary_chunks_.size() >= kMaxSummaryChunks || 2 * later > summary_chunks_[0]->bytes.size() ||
      2 * summary_dead_ > summary_bytes_ + (size_t{64} << 10)) {
    repack_summaries();
  }
}

void DocTable::merge_summary_chunks(size_t first) {
  auto merged = std::make_shared<SummaryChunk>();
  size_t size = 0, docs = 0;
  for (size_t c = first; c < summary_chunks_.size(); ++c) {
    size += summary_chunks_[c]->bytes.size();
    docs += summary_chunks_[c]->docs.size();
  }
  merged->bytes.reserve(size);
  merged->docs.reserve(docs);
  for (size_t c = first; c < summary_chunks_.size(); ++c) {
    const SummaryChunk& from = *summary_chunks_[c];
    for (Xapian::docid d : from.docs) {  // the summaries still in this chunk
      const uint64_t ref = summary_refs_[d];
      if (ref_chunk(ref) != c || !ref_held(ref) || ref_length(ref) == 0) continue;
      summary_refs_[d] = summary_ref(first, merged->bytes.size(), ref_length(ref));
      merged->bytes.append(from.bytes, ref_offset(ref), ref_length(ref));
      merged->docs.push_back(d);
    }
  }
  summary_dead_ -= std::min(summary_dead_, size - merged->bytes.size());
  summary_chunks_.resize(first);
  summary_chunks_.push_back(std::move(merged));
}

void DocTable::repack_summaries() {
  auto chunk = std::make_shared<SummaryChunk>();
  chunk->bytes.reserve(summary_bytes_);
  for (uint64_t& ref : summary_refs_) {
    if (!ref_held(ref) || ref_length(ref) == 0) continue;
    const std::string& from = summary_chunks_[ref_chunk(ref)]->bytes;
    const size_t offset = chunk->bytes.size();
    chunk->bytes.append(from, ref_offset(ref), ref_length(ref));
    ref = summary_ref(0, offset, ref_length(ref));
  }
  summary_chunks_ = {std::move(chunk)};
  summary_dead_ = 0;
}

std::pair<uint32_t, uint32_t> DocTable::day_range(uint32_t from, uint32_t to) const {
  // days_[0] is the undated marker; dated days start at index 1.
  auto first = std::lower_bound(days_.begin() + 1, days_.end(), std::max<uint32_t>(from, 1));
  auto last = to == 0 ? days_.end() : std::upper_bound(days_.begin() + 1, days_.end(), to);
  return {static_cast<uint32_t>(first - days_.begin()), static_cast<uint32_t>(last - days_.begin()) - 1};
}

int DocTable::language_id(std::string_view code) const {
  for (size_t i = 0; i < language_codes_.size(); ++i) {
    if (language_codes_[i] == code) return static_cast<int>(i);
  }
  return -1;
}

int DocTable::company_id(std::string_view key) const {
  auto it = companies_->by_key.find(std::string(key));
  return it == companies_->by_key.end() ? -1 : it->second;
}

}  // namespace rassegna
