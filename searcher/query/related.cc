// Searcher's story-aware parts: the near-duplicates a hit stands for, and related coverage.
#include <chrono>
#include <cstdio>

#include <rassegna/stored_article.h>
#include <rassegna/error.h>
#include <rassegna/schema.h>

#include "searcher/query/lowering.h"
#include "searcher/query/ranking.h"
#include "searcher/query/read_retry.h"
#include "searcher/query/searcher.h"

namespace rassegna {
namespace {

// Terms of the expand set: words only (unprefixed terms: prefixes are capitals), at least
// three bytes, not bare numbers (they say little about what an article is about), and held by
// a few other articles (a word of this article alone, or of one other, would fill the set with
// chance matches).
constexpr Xapian::doccount kMinTermFreq = 3;
class WordsOnly : public Xapian::ExpandDecider {
 public:
  explicit WordsOnly(const Xapian::Database& db) : db_(db) {}
  bool operator()(const std::string& term) const override {
    if (term.size() < 3 || (term[0] >= 'A' && term[0] <= 'Z')) return false;
    bool digits = true;
    for (char c : term) digits = digits && c >= '0' && c <= '9';
    return !digits && db_.get_termfreq(term) >= kMinTermFreq;
  }

 private:
  const Xapian::Database& db_;
};

// Terms of the article that make the related-coverage query.
constexpr Xapian::termcount kExpandTerms = 25;
constexpr size_t kMaxDays = 36600;

// YYYYMMDD moved by `days` (negative: earlier).
std::string shift_day(const std::string& day_key, long days) {
  using namespace std::chrono;
  const year_month_day ymd{year{std::stoi(day_key.substr(0, 4))}, month{static_cast<unsigned>(std::stoi(day_key.substr(4, 2)))},
                           day{static_cast<unsigned>(std::stoi(day_key.substr(6, 2)))}};
  const year_month_day moved{sys_days{ymd} + std::chrono::days{days}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(moved.year()), static_cast<unsigned>(moved.month()),
                static_cast<unsigned>(moved.day()));
  return buf;
}

}  // namespace

void Searcher::add_duplicates(Hit& h, Xapian::docid id, Xapian::Database& part_db, Xapian::docid local,
                              std::optional<size_t> part) {
  const std::string key = part_db.get_document(local, Xapian::DOC_ASSUME_VALID).get_value(schema::kSlotStory);
  if (key.empty()) return;
  const std::string term = std::string(schema::kStory) + key;
  Xapian::Database& where = part ? part_db : db_;
  const Xapian::docid self = part ? local : id;
  for (auto p = where.postlist_begin(term); p != where.postlist_end(term); ++p) {
    if (*p == self) continue;
    ++h.duplicate_count;
    if (h.duplicate_ids.size() < Hit::kMaxDuplicateIds) {
      h.duplicate_ids.push_back(stored_id(where.get_document(*p, Xapian::DOC_ASSUME_VALID)));
    }
  }
}

SearchResult Searcher::related(const std::string& id, size_t days, size_t limit) {
  if (limit > options_.limits.max_limit) {
    throw Error(ErrorCode::invalid_argument, "limit",
                std::to_string(limit) + " is more than " + std::to_string(options_.limits.max_limit));
  }
  if (days > kMaxDays) {
    throw Error(ErrorCode::invalid_argument, "days", std::to_string(days) + " is more than " + std::to_string(kMaxDays));
  }
  const auto start = std::chrono::steady_clock::now();
  return on_newest_revision([&] {
    refresh();
    SearchResult r = related_once(id, days, limit);
    r.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return r;
  });
}

SearchResult Searcher::related_once(const std::string& id, size_t days, size_t limit) {
  const std::string id_term = std::string(schema::kId) + id;
  Xapian::PostingIterator p = db_.postlist_begin(id_term);
  if (p == db_.postlist_end(id_term)) throw Error(ErrorCode::not_found, "no article with id '" + id + "'");
  const Xapian::docid self = *p;
  const Xapian::Document doc = db_.get_document(self);
  const std::string story = doc.get_value(schema::kSlotStory), day = doc.get_value(schema::kSlotDay);

  Xapian::Enquire enquire(db_);
  enquire.set_weighting_scheme(ranking::bm25_weight());
  Xapian::RSet rset;
  rset.add_document(self);
  WordsOnly words(db_);
  const Xapian::ESet eset = enquire.get_eset(kExpandTerms, rset, &words);
  std::vector<Xapian::Query> terms;
  for (auto t = eset.begin(); t != eset.end(); ++t) {
    terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*t), t.get_weight());
  }
  SearchResult result;
  result.collapsed = true;
  if (terms.empty()) return result;  // an article without words: nothing is like it
  Xapian::Query query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  std::vector<Xapian::Query> itself = {Xapian::Query(id_term)};
  if (!story.empty()) itself.emplace_back(std::string(schema::kStory) + story);
  query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, Xapian::Query(Xapian::Query::OP_OR, itself.begin(), itself.end()));
  if (days > 0 && day.size() == 8) {
    const long n = static_cast<long>(days);
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, date_range_query(shift_day(day, -n), shift_day(day, n)));
  }
  enquire.set_query(query);
  enquire.set_collapse_key(schema::kSlotStory);
  const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
  result.total = mset.get_matches_estimated();
  result.total_articles = mset.get_uncollapsed_matches_estimated();
  result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  SearchRequest request;
  request.snippets = false;
  const ParsedQuery parsed;
  for (auto it = mset.begin(); it != mset.end(); ++it) result.hits.push_back(make_hit(*it, it.get_weight(), request, parsed));
  return result;
}

}  // namespace rassegna
