#pragma once
// DocTable: a few numbers per article held in memory, read from Xapian once per database
// revision: length (for BM25), day, timestamp, language and companies. Facet counting, date
// and company filters, date sorting and the direct matcher (direct_match.h) read them from
// here instead of decoding value slots or walking filter postlists per match, the way Lucene
// keeps doc values. About 25 bytes an article (2.5 MB for 100,000 articles), plus each
// article's summary (what a hit shows: ~270 bytes on en-reuters-financial) while they total
// under 256 MiB, so hit lists need no B-tree seek per hit (~6 us each through Xapian).
//
// A table belongs to one revision of one database (by UUID); a database made of several
// shards has no single revision, so it gets none and callers fall back to Xapian alone.
// Every Searcher of a process that reads the same database shares one table per revision.
// After a commit, the next table is made from the previous one and the documents the commit
// changed, as the writer logged them (rassegna/change_log.h), reading only those from Xapian;
// without a log that covers every commit since, the table is read again in full.

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>
#include <xapian.h>

namespace rassegna {

// A story key (16 hex digits, schema.h) as a number; 0 for an empty or malformed key.
uint64_t story_number(std::string_view key);

class DocTable {
 public:
  // The table of `db`'s current revision, shared with the other callers that read the same
  // database; the first caller after a commit builds it while the others wait. Null when the
  // database cannot have one (several shards, or more than 65,535 distinct companies).
  static std::shared_ptr<const DocTable> current(const Xapian::Database& db);
  // A table of its own (not shared); null as above.
  static std::shared_ptr<const DocTable> build(const Xapian::Database& db);
  // Whether this table is still the one for `db` (same database, same revision).
  bool is_current(const Xapian::Database& db) const;

  // How many tables this process built by reading a whole database, and how many it made
  // from the previous revision's table and a change log (for tests and benchmarks).
  struct Builds {
    uint64_t full = 0;
    uint64_t incremental = 0;
  };
  static Builds builds();

  Xapian::docid last_docid() const { return lengths_.empty() ? 0 : static_cast<Xapian::docid>(lengths_.size() - 1); }
  bool exists(Xapian::docid id) const { return id < lengths_.size() && lengths_[id] != kMissing; }
  uint32_t length(Xapian::docid id) const { return lengths_[id]; }  // id must exist
  double average_length() const { return average_length_; }
  Xapian::doccount doc_count() const { return doc_count_; }

  // Days: distinct YYYYMMDD values ascending, index 0 standing for "undated" (value 0).
  uint32_t day_index(Xapian::docid id) const { return id < day_index_.size() ? day_index_[id] : 0; }
  uint32_t day(Xapian::docid id) const { return days_[day_index(id)]; }
  const std::vector<uint32_t>& days() const { return days_; }
  // Indexes [first, last] of the days within [from, to] (YYYYMMDD, 0 = open); first > last when none.
  std::pair<uint32_t, uint32_t> day_range(uint32_t from, uint32_t to) const;

  uint64_t timestamp(Xapian::docid id) const { return id < timestamps_.size() ? timestamps_[id] : 0; }  // YYYYMMDDhhmmss

  // Language of a document as an index into languages(); kNoLanguage when it has none.
  static constexpr uint8_t kNoLanguage = 0xFF;
  uint8_t language(Xapian::docid id) const { return id < languages_.size() ? languages_[id] : kNoLanguage; }
  int language_id(std::string_view code) const;  // -1 when no document has it
  const std::vector<std::string>& language_codes() const { return language_codes_; }  // by language id
  // The documents whose language Rassegna does not stem (languages.h), or that have none,
  // ascending: they hold their words' exact forms without stems.
  const std::vector<Xapian::docid>& unstemmed_docs() const { return unstemmed_docs_; }

  // Companies of a document as [begin, end) into company_ids(); ids index company_names().
  std::pair<uint32_t, uint32_t> companies(Xapian::docid id) const {
    return id + 1 < offsets_.size() ? std::make_pair(offsets_[id], offsets_[id + 1]) : std::make_pair(0u, 0u);
  }
  const std::vector<uint16_t>& company_ids() const { return ids_; }
  // Every company a document of this table holds. A table made from a change log keeps the
  // names of companies whose last document went away (no document has their id).
  const std::vector<std::string>& company_names() const { return companies_->names; }
  int company_id(std::string_view key) const;  // by company_key(); -1 when no document has it

  // The story (near-duplicate group) of a document, as its story key read as a number, when
  // another document of this table shares it; 0 when it is alone (or has no key): collapsing
  // and hit lists then have nothing to look up, which is the case of most matches.
  uint64_t story(Xapian::docid id) const {
    return id < stories_.size() && (shared_bits_[id / 64] >> (id % 64) & 1) != 0 ? stories_[id] : 0;
  }

  // The summary slot's value (stored_article.h), when the table holds summaries (all of them
  // but those of kUnheldSummary bytes or more). A table that holds none because they passed
  // the budget holds none after the commits that follow either (deletions may bring them under
  // it): the next full read (another process, a compaction) takes them in again.
  std::optional<std::string_view> summary(Xapian::docid id) const {
    if (id >= summary_refs_.size()) return std::nullopt;
    const uint64_t ref = summary_refs_[id];
    const size_t length = ref & kUnheldSummary;
    if (length == kUnheldSummary) return std::nullopt;
    return std::string_view(summary_chunks_[ref >> 54]->bytes).substr((ref >> 20) & ((uint64_t{1} << 34) - 1), length);
  }
  static constexpr size_t kUnheldSummary = (size_t{1} << 20) - 1;
  static constexpr size_t kMaxSummaryBytes = size_t{256} << 20;
  // The most summary bytes a table built from now on holds (default kMaxSummaryBytes; 0: none,
  // hits then read their summary from Xapian). For measuring (bench/search_bench, refresh_bench).
  static void set_summary_budget(size_t bytes);
  static size_t summary_budget();

 private:
  static constexpr uint32_t kMissing = 0xFFFFFFFF;
  struct Companies {
    std::vector<std::string> names;                     // company id -> canonical name
    std::unordered_map<std::string, uint16_t> by_name;  // canonical name -> company id
    std::unordered_map<std::string, uint16_t> by_key;   // company_key -> (first) company id
  };
  // Summaries are held in chunks, shared by the tables of successive revisions: a table made
  // from a change log adds one chunk with the changed documents' summaries (small chunks are
  // merged as they pile up, and all of them when the dead bytes of replaced summaries or the
  // chunks added since grow as large as the first).
  struct SummaryChunk {
    std::string bytes;
    std::vector<Xapian::docid> docs;  // whose summaries were written here (empty: every one)
  };
  struct Fresh;  // a document read again (doc_table.cc)

  bool fill(const Xapian::Database& db);
  // The table of `db`'s revision made from `old` (of an earlier revision of the same database)
  // and the change log; null when the log does not cover the commits in between, or the
  // changes are too many to be worth it.
  static std::shared_ptr<const DocTable> refreshed(const DocTable& old, const Xapian::Database& db);
  void refresh_days(const DocTable& old, const std::vector<Fresh>& fresh);
  bool refresh_stories(const DocTable& old, const Xapian::Database& db, const std::vector<Fresh>& fresh);
  bool refresh_companies(const DocTable& old, const std::vector<Fresh>& fresh);
  void refresh_summaries(const DocTable& old, const std::vector<Fresh>& fresh);
  void merge_summary_chunks(size_t first);  // chunks [first, end) into one
  void repack_summaries();                  // every chunk into one

  Xapian::rev revision_ = 0;
  std::string uuid_;
  Xapian::doccount doc_count_ = 0;
  double average_length_ = 0;
  std::vector<uint32_t> lengths_;    // by docid; kMissing: no such document
  std::vector<uint32_t> day_index_;  // by docid
  std::vector<uint32_t> days_;
  std::vector<uint32_t> day_counts_;  // by day index: documents of that day (0 for index 0)
  std::vector<uint64_t> timestamps_;
  std::vector<uint64_t> stories_;  // by docid: its story number when shared, else 0
  // Bit d: stories_[d] is not 0. Most articles are alone in their story, so a match reads a bit
  // from a small array (that stays in the cache) instead of a number from a large one.
  std::vector<uint64_t> shared_bits_;
  void mark_shared_stories();
  // Every story key is 16 lower-case hex digits (not all 0), so that a story number names its
  // XG term: only such a table is refreshed from a change log.
  bool canonical_stories_ = true;
  std::vector<uint8_t> languages_;
  std::vector<std::string> language_codes_;
  std::vector<Xapian::docid> unstemmed_docs_;
  void find_unstemmed_docs();
  std::vector<uint32_t> offsets_;    // by docid: start of its companies in ids_
  std::vector<uint16_t> ids_;
  std::shared_ptr<const Companies> companies_ = std::make_shared<const Companies>();  // shared until one is added
  std::vector<std::shared_ptr<const SummaryChunk>> summary_chunks_;
  // By docid: chunk (10 bits), offset in it (34 bits), length (20 bits; kUnheldSummary: not
  // held). Empty: no summary held.
  std::vector<uint64_t> summary_refs_;
  size_t summary_bytes_ = 0;   // of every held summary (what the budget limits)
  size_t summary_dead_ = 0;    // bytes in the chunks that no document's summary is any more
  size_t summary_budget_ = 0;  // the budget the table was made under
};

}  // namespace rassegna
