#include "searcher/query/doc_table.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>

#include <rassegna/dates.h>
#include <rassegna/schema.h>

namespace rassegna {

namespace {

std::atomic<size_t> summary_budget_bytes{DocTable::kMaxSummaryBytes};

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

std::shared_ptr<const DocTable> DocTable::build(const Xapian::Database& db) {
  auto table = std::make_shared<DocTable>();
  if (!table->fill(db)) return nullptr;
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
  Xapian::rev revision;
  std::string uuid;
  try {
    revision = db.get_revision();
    uuid = db.get_uuid();
  } catch (const Xapian::Error&) {
    return nullptr;  // several sub-databases: no single revision to key a table on
  }
  struct Entry {
    Xapian::rev revision = 0;
    std::weak_ptr<const DocTable> table;
  };
  static std::mutex mutex;
  static std::map<std::string, Entry> tables;  // by database UUID; tables die with their last user
  std::lock_guard<std::mutex> lock(mutex);
  std::erase_if(tables, [](const auto& e) { return e.second.table.expired(); });
  Entry& entry = tables[uuid];
  if (auto shared = entry.table.lock(); shared && entry.revision == revision) return shared;
  auto fresh = build(db);
  if (fresh && revision >= entry.revision) entry = Entry{revision, fresh};
  return fresh;
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
    uint64_t day = parse_digits(*it).value_or(0);
    raw_days[it.get_docid()] = day <= 99991231 ? static_cast<uint32_t>(day) : 0;
  }
  auto& days = days_;
  days = raw_days;
  days.push_back(0);
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  auto& day_index = day_index_;
  day_index.assign(last + 1, 0);
  for (Xapian::docid d = 1; d <= last; ++d) {
    if (raw_days[d] != 0) {
      day_index[d] = static_cast<uint32_t>(std::lower_bound(days.begin(), days.end(), raw_days[d]) - days.begin());
    }
  }

  auto& timestamps = timestamps_;
  timestamps.assign(last + 1, 0);
  for (auto it = db.valuestream_begin(schema::kSlotTimestamp); it != db.valuestream_end(schema::kSlotTimestamp);
       ++it) {
    timestamps[it.get_docid()] = parse_digits(*it).value_or(0);
  }

  stories_.assign(last + 1, 0);
  for (auto it = db.valuestream_begin(schema::kSlotStory); it != db.valuestream_end(schema::kSlotStory); ++it) {
    stories_[it.get_docid()] = story_number(*it);
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
  std::unordered_map<std::string, uint16_t> ids;
  auto& names = names_;
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
  auto& by_key = by_key_;
  for (size_t i = 0; i < names.size(); ++i) by_key.emplace(schema::company_key(names[i]), static_cast<uint16_t>(i));

  // Summaries: sized first (growing a string of tens of MB copies it several times over and
  // page-faults each copy in), then copied once.
  auto& summaries = summaries_;
  auto& summary_offsets = summary_offsets_;
  const size_t budget = summary_budget();
  size_t total = 0;
  for (auto it = db.valuestream_begin(schema::kSlotSummary);
       budget > 0 && it != db.valuestream_end(schema::kSlotSummary) && total <= budget; ++it) {
    total += (*it).size();
  }
  if (budget > 0 && total <= budget) {  // else too big to hold: hits read them from Xapian
    summaries.reserve(total);
    summary_offsets.assign(last + 2, 0);
    Xapian::docid next = 0;  // documents up to here have their offset set
    for (auto it = db.valuestream_begin(schema::kSlotSummary); it != db.valuestream_end(schema::kSlotSummary); ++it) {
      const Xapian::docid d = it.get_docid();
      while (next <= d) summary_offsets[next++] = summaries.size();
      summaries += *it;
    }
    while (next <= last + 1) summary_offsets[next++] = summaries.size();
  }

  doc_count_ = db.get_doccount();
  average_length_ = db.get_avlength();
  return true;
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
  auto it = by_key_.find(std::string(key));
  return it == by_key_.end() ? -1 : it->second;
}

}  // namespace rassegna
