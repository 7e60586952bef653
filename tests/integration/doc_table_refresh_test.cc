// The DocTable a reader makes after a commit from the previous revision's table and the
// writer's change log (rassegna/change_log.h) against an independent oracle: the table read
// in full (DocTable::build) from the same revision, field by field for every document, over
// random commits of a real database written by IndexWriter (adds, replaces, deletes,
// republished copies whose story the grouper merges into older articles, days before the
// first, new companies and languages). And the cases that must read the database in full.
#include <algorithm>
#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <set>

#include <rassegna/change_log.h>
#include <rassegna/schema.h>
#include <rassegna/stored_article.h>

#include "indexer/document_builder.h"
#include "indexer/entities/company_tagger.h"
#include "indexer/index_writer.h"
#include "indexer/indexing_run.h"
#include "near_duplicates.h"
#include "searcher/query/doc_table.h"
#include "tests/common/test_support.h"

namespace rassegna {
namespace {

using testing::TempDir;

// The companies of a document, by name, in the table's order.
std::vector<std::string> company_names_of(const DocTable& t, Xapian::docid d) {
  std::vector<std::string> out;
  auto [begin, end] = t.companies(d);
  for (uint32_t k = begin; k < end; ++k) out.push_back(t.company_names()[t.company_ids()[k]]);
  return out;
}

std::string language_of(const DocTable& t, Xapian::docid d) {
  const uint8_t id = t.language(d);
  return id == DocTable::kNoLanguage ? std::string("(none)") : t.language_codes().at(id);
}

// `got` holds what `want` (the oracle) holds, for every document and as a whole.
void expect_same_table(const DocTable& got, const DocTable& want, const std::string& where) {
  SCOPED_TRACE(where);
  ASSERT_EQ(got.last_docid(), want.last_docid());
  EXPECT_EQ(got.doc_count(), want.doc_count());
  EXPECT_DOUBLE_EQ(got.average_length(), want.average_length());
  EXPECT_EQ(got.days(), want.days());
  size_t differing = 0;
  for (Xapian::docid d = 0; d <= want.last_docid() + 1 && differing < 10; ++d) {
    const int failures_before = ::testing::UnitTest::GetInstance()->current_test_info()->result()->total_part_count();
    EXPECT_EQ(got.exists(d), want.exists(d)) << "document " << d;
    if (want.exists(d) && got.exists(d)) {
      EXPECT_EQ(got.length(d), want.length(d)) << "document " << d;
    }
    EXPECT_EQ(got.day(d), want.day(d)) << "document " << d;
    EXPECT_EQ(got.day_index(d), want.day_index(d)) << "document " << d;
    EXPECT_EQ(got.timestamp(d), want.timestamp(d)) << "document " << d;
    EXPECT_EQ(got.story(d), want.story(d)) << "document " << d;
    EXPECT_EQ(language_of(got, d), language_of(want, d)) << "document " << d;
    EXPECT_EQ(company_names_of(got, d), company_names_of(want, d)) << "document " << d;
    EXPECT_EQ(got.summary(d), want.summary(d)) << "document " << d;
    if (::testing::UnitTest::GetInstance()->current_test_info()->result()->total_part_count() != failures_before) {
      ++differing;
    }
  }
  // Lookups by name: every company and language a document holds resolves to the same one.
  for (const auto& name : want.company_names()) {
    const int w = want.company_id(schema::company_key(name));
    const int g = got.company_id(schema::company_key(name));
    ASSERT_GE(g, 0) << name;
    EXPECT_EQ(got.company_names()[static_cast<size_t>(g)], want.company_names()[static_cast<size_t>(w)]);
  }
  for (const auto& code : want.language_codes()) EXPECT_GE(got.language_id(code), 0) << code;
  // The documents of languages without stems (the direct matcher finds their exact forms apart).
  EXPECT_EQ(got.unstemmed_docs(), want.unstemmed_docs());
  for (auto [from, to] : std::vector<std::pair<uint32_t, uint32_t>>{{0, 0}, {19990101, 20200131}, {20200215, 0}, {20200301, 20200310}}) {
    EXPECT_EQ(got.day_range(from, to), want.day_range(from, to)) << from << ".." << to;
  }
}

// What of a document a table reads (its values, length and filter terms), to tell which
// documents a commit changed without trusting the change log.
std::map<Xapian::docid, std::string> document_states(const Xapian::Database& db) {
  std::map<Xapian::docid, std::string> out;
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    Xapian::Document doc = db.get_document(*p);
    std::string state = std::to_string(p.get_doclength());
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) state += "|" + std::to_string(v.get_valueno()) + "=" + *v;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      const std::string term = *t;
      if (term[0] == 'L' || term.rfind("XG", 0) == 0 || term.rfind("XC", 0) == 0) state += "|" + term;
    }
    out[*p] = state;
  }
  return out;
}

class Feed {
 public:
  explicit Feed(const std::string& path, unsigned seed) : rng_(seed) {
    for (const Article& a : testing::read_jsonl(testing::source_path(testing::kSampleJsonl))) {
      (a.body.size() >= 1500 && testing::trim_last_paragraph(a.body) != a.body ? longs_ : pool_).push_back(a);
    }
    IndexWriterOptions o;
    o.batch_size = 1000000;  // the test commits
    writer_ = std::make_unique<IndexWriter>(path, o);
  }

  IndexWriter& writer() { return *writer_; }
  void close() { writer_.reset(); }
  void reopen(const std::string& path) {
    IndexWriterOptions o;
    o.batch_size = 1000000;
    writer_ = std::make_unique<IndexWriter>(path, o);
  }
  const std::set<std::string>& live() const { return live_; }

  // A new article from the sample (long ones kept for republished copies).
  void add() {
    const bool take_long = !longs_.empty() && pick(3) == 0;
    std::vector<Article>& from = take_long ? longs_ : pool_;
    if (from.empty()) return;
    Article a = from[next_[take_long] % from.size()];
    const size_t round = next_[take_long]++ / from.size();
    if (round > 0) a.id += "-again" + std::to_string(round);
    vary(a, false);
    put(a);
    if (take_long) originals_.push_back(a);
  }
  // The same id again, another date, companies, title or language.
  void replace() {
    if (live_.empty()) return;
    Article a = by_id_.at(any_live());
    vary(a, true);
    put(a);
  }
  void remove() {
    if (live_.empty()) return;
    const std::string id = any_live();
    ASSERT_TRUE(writer_->remove(id)) << id;
    live_.erase(id);
  }
  // A republished copy of a long article still in the database: joins its story, and when its
  // own key is the least, the grouper rewrites the older articles' keys.
  void republish() {
    std::vector<const Article*> candidates;
    for (const Article& a : originals_) {
      if (live_.count(a.id) && by_id_.at(a.id).body == a.body) candidates.push_back(&a);
    }
    if (candidates.empty()) return add();
    const Article& a = *candidates[pick(candidates.size())];
    put(testing::republished(a, a.id + "-copy" + std::to_string(copies_++), static_cast<int>(pick(3))));
  }
  // One of the above, at random.
  void step() {
    const size_t r = pick(100);
    if (r < 35) {
      add();
    } else if (r < 55) {
      replace();
    } else if (r < 70) {
      remove();
    } else {
      republish();
    }
  }

 private:
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  std::string any_live() {
    auto it = live_.begin();
    std::advance(it, static_cast<long>(pick(live_.size())));
    return *it;
  }
  void vary(Article& a, bool again) {
    const size_t r = pick(100);
    char date[32];
    if (r < 12) {
      a.date.clear();
    } else if (r < 20) {  // before every day so far: every day index moves
      std::snprintf(date, sizeof date, "%04zu-%02zu-%02zu", 1990 + pick(25), 1 + pick(12), 1 + pick(28));
      a.date = date;
    } else {
      std::snprintf(date, sizeof date, "2020-%02zu-%02zuT%02zu:%02zu:00Z", 1 + pick(3), 1 + pick(28), pick(24), pick(60));
      a.date = date;
    }
    static const std::vector<std::string> kKnown = {"Eni", "Enel", "Intesa Sanpaolo", "UniCredit", "Oracle", "Microsoft"};
    a.companies.clear();
    for (size_t k = pick(4); k > 0; --k) {
      a.companies.push_back(pick(8) == 0 ? "Nuova Societa " + std::to_string(new_companies_++) : kKnown[pick(kKnown.size())]);
    }
    if (pick(8) == 0) {
      static const std::vector<std::string> kOther = {"de", "fr", "es", "pt", "nl", "sv"};
      a.lang = kOther[pick(kOther.size())];
    }
    if (again) a.title += " (agg. " + std::to_string(pick(1000)) + ")";
  }
  void put(Article a) {
    Article stored = a;
    writer_->put(a.id, builder_.build(a));
    live_.insert(a.id);
    by_id_[a.id] = stored;
  }

  std::mt19937 rng_;
  std::vector<Article> pool_, longs_, originals_;
  size_t next_[2] = {0, 0};
  size_t copies_ = 0, new_companies_ = 0;
  std::set<std::string> live_;
  std::map<std::string, Article> by_id_;
  DocumentBuilder builder_;
  std::unique_ptr<IndexWriter> writer_;
};

TEST(DocTableRefresh, EqualsAFullReadAfterRandomCommits) {
  constexpr unsigned kSeed = 20261130;
  SCOPED_TRACE("seed " + std::to_string(kSeed));
  TempDir tmp;
  const std::string path = tmp / "db";
  Feed feed(path, kSeed);
  for (int i = 0; i < 120; ++i) feed.add();
  feed.writer().commit();

  Xapian::Database db(path);
  std::shared_ptr<const DocTable> table = DocTable::current(db);
  ASSERT_TRUE(table);
  std::map<Xapian::docid, std::string> states = document_states(db);
  size_t rewritten_by_grouper = 0, shared_stories = 0, multi_commit_rounds = 0;
  std::mt19937 rng(kSeed + 1);
  for (int round = 0; round < 60; ++round) {
    const std::string where = "round " + std::to_string(round);
    // Most rounds one commit, some several before the reader looks (their logs are joined).
    const int commits = round % 7 == 3 ? 3 : 1;
    multi_commit_rounds += commits > 1;
    std::set<Xapian::docid> logged;
    for (int c = 0; c < commits; ++c) {
      const Xapian::rev base = Xapian::Database(path).get_revision();
      for (int k = 1 + static_cast<int>(rng() % 8); k > 0; --k) feed.step();
      feed.writer().commit();
      Xapian::Database now(path);
      ASSERT_EQ(now.get_revision(), base + 1) << where;
      auto entry = change_log::decode(now.get_metadata(change_log::key_for(base + 1)));
      ASSERT_TRUE(entry) << where;
      EXPECT_EQ(entry->base, base);
      EXPECT_EQ(entry->uuid, now.get_uuid());
      ASSERT_TRUE(entry->listed);
      logged.insert(entry->docids.begin(), entry->docids.end());
    }
    db.reopen();
    // The log lists every document whose values, length or filter terms changed (read from
    // Xapian, document by document), and some the grouper rewrote.
    const auto now_states = document_states(db);
    for (const auto& [d, state] : now_states) {
      auto before = states.find(d);
      if (before == states.end() || before->second != state) {
        EXPECT_TRUE(logged.count(d)) << where << ": document " << d << " changed, not in the log";
        if (before != states.end() && state.find("XG") != std::string::npos &&
            before->second.substr(0, before->second.find("|7=")) == state.substr(0, state.find("|7="))) {
          ++rewritten_by_grouper;  // everything up to the story slot alike: only the story moved
        }
      }
    }
    for (const auto& [d, state] : states) {
      if (!now_states.count(d)) {
        EXPECT_TRUE(logged.count(d)) << where << ": document " << d << " deleted, not in the log";
      }
    }
    states = now_states;

    const DocTable::Builds before = DocTable::builds();
    auto next = DocTable::current(db);
    const DocTable::Builds after = DocTable::builds();
    ASSERT_TRUE(next);
    EXPECT_EQ(after.incremental, before.incremental + 1) << where << ": the table was not made from the log";
    EXPECT_EQ(after.full, before.full) << where;
    EXPECT_TRUE(next->is_current(db));
    auto oracle = DocTable::build(db);
    ASSERT_TRUE(oracle);
    expect_same_table(*next, *oracle, where);
    if (::testing::Test::HasFatalFailure()) return;
    table = next;
    for (Xapian::docid d = 1; d <= oracle->last_docid(); ++d) shared_stories += oracle->story(d) != 0;
  }
  // The run covered what it is meant to.
  EXPECT_GT(rewritten_by_grouper, 0u) << "no story key was rewritten by the grouper";
  EXPECT_GT(shared_stories, 0u) << "no story was shared";
  EXPECT_GT(multi_commit_rounds, 0u);
  EXPECT_GT(table->company_names().size(), 8u);
  EXPECT_GT(table->language_codes().size(), 2u);
}

// A table read in full from `db` and the one current() gives: the same, and how it was made.
struct Refresh {
  bool incremental = false;
  bool full = false;
};
Refresh refresh(Xapian::Database& db, std::shared_ptr<const DocTable>& table, const std::string& where) {
  db.reopen();
  const DocTable::Builds before = DocTable::builds();
  auto next = DocTable::current(db);
  const DocTable::Builds after = DocTable::builds();
  EXPECT_TRUE(next) << where;
  if (!next) return {};
  auto oracle = DocTable::build(db);
  expect_same_table(*next, *oracle, where);
  table = next;
  return Refresh{after.incremental == before.incremental + 1, after.full == before.full + 1};
}

TEST(DocTableRefresh, ReadsInFullWhenTheLogDoesNotCoverTheCommits) {
  TempDir tmp;
  const std::string path = tmp / "db";
  Feed feed(path, 7);
  for (int i = 0; i < 40; ++i) feed.add();
  feed.writer().commit();
  Xapian::Database db(path);
  std::shared_ptr<const DocTable> table = DocTable::current(db);
  ASSERT_TRUE(table);

  feed.add();
  feed.writer().commit();
  Refresh r = refresh(db, table, "one commit");
  EXPECT_TRUE(r.incremental);

  // The ring holds 16 commits: 16 are covered, 17 are not.
  for (int i = 0; i < 16; ++i) {
    feed.step();
    feed.writer().commit();
  }
  r = refresh(db, table, "16 commits");
  EXPECT_TRUE(r.incremental);
  for (int i = 0; i < 17; ++i) {
    feed.step();
    feed.writer().commit();
  }
  r = refresh(db, table, "17 commits");
  EXPECT_TRUE(r.full);
  EXPECT_FALSE(r.incremental);

  // A commit by a writer that keeps no log (a raw WritableDatabase, as the parallel bulk loader
  // and other tools write): the ring's entry there is an older one, whose base does not match.
  feed.close();
  {
    Xapian::WritableDatabase w(path, Xapian::DB_OPEN);
    const Xapian::docid d = w.get_lastdocid();
    Xapian::Document doc = w.get_document(d);
    doc.add_value(schema::kSlotDay, "19800101");
    doc.add_value(schema::kSlotCompanies, "Azienda Senza Log");
    w.replace_document(d, doc);
    w.commit();
  }
  r = refresh(db, table, "a commit without a log");
  EXPECT_TRUE(r.full);
  EXPECT_EQ(table->day(table->last_docid()), 19800101u);
  EXPECT_GE(table->company_id(schema::company_key("Azienda Senza Log")), 0);

  // The next logged commit builds on the table read in full.
  feed.reopen(path);
  feed.add();
  feed.writer().commit();
  r = refresh(db, table, "a logged commit after it");
  EXPECT_TRUE(r.incremental);

  // Writing through IndexWriter::database() (as --retag does): the entry says "unlisted".
  {
    Xapian::WritableDatabase& w = feed.writer().database();
    Xapian::Document doc = w.get_document(1);
    doc.add_value(schema::kSlotTimestamp, "19800101000000");
    w.replace_document(1, doc);
    feed.writer().commit();
  }
  db.reopen();
  auto entry = change_log::decode(db.get_metadata(change_log::key_for(db.get_revision())));
  ASSERT_TRUE(entry);
  EXPECT_FALSE(entry->listed);
  r = refresh(db, table, "a commit through database()");
  EXPECT_TRUE(r.full);
  EXPECT_EQ(table->timestamp(1), 19800101000000u);

  // A commit with nothing of the table's in it still makes a new table, from the log.
  feed.writer().set_metadata({{"rassegna.test", "x"}});
  feed.writer().commit();
  r = refresh(db, table, "a commit of metadata alone");
  EXPECT_TRUE(r.incremental);

  // --retag (rassegna-index): with a gazetteer of no company, the tagged articles lose theirs.
  feed.close();
  const size_t tagged = table->company_ids().size();
  const entities::Gazetteer empty = entities::Gazetteer::from_companies({});
  entities::CompanyTagger none(empty);  // (holds a reference to it)
  EXPECT_GT(retag_database(path, none, {}), 0u);
  r = refresh(db, table, "--retag");
  EXPECT_TRUE(r.full);
  EXPECT_LT(table->company_ids().size(), tagged);
}

// The summaries a table holds follow the budget as a full read does: once they pass it, none.
TEST(DocTableRefresh, SummaryBudget) {
  struct Restore {
    size_t budget = DocTable::summary_budget();
    ~Restore() { DocTable::set_summary_budget(budget); }
  } restore;
  TempDir tmp;
  const std::string path = tmp / "db";
  Feed feed(path, 11);
  for (int i = 0; i < 30; ++i) feed.add();
  feed.writer().commit();
  Xapian::Database db(path);
  size_t bytes = 0;
  for (auto v = db.valuestream_begin(schema::kSlotSummary); v != db.valuestream_end(schema::kSlotSummary); ++v) {
    bytes += (*v).size();
  }
  DocTable::set_summary_budget(bytes + 2000);  // a few more summaries fit, not many
  std::shared_ptr<const DocTable> table = DocTable::current(db);
  ASSERT_TRUE(table);
  ASSERT_TRUE(table->summary(1));
  bool dropped = false;
  for (int round = 0; round < 12 && !dropped; ++round) {
    for (int k = 0; k < 3; ++k) feed.add();
    feed.writer().commit();
    const Refresh r = refresh(db, table, "round " + std::to_string(round));
    EXPECT_TRUE(r.incremental);
    dropped = !table->summary(1).has_value();
  }
  EXPECT_TRUE(dropped) << "the summaries never passed the budget";
  // A table made under another budget is read again in full.
  DocTable::set_summary_budget(DocTable::kMaxSummaryBytes);
  feed.add();
  feed.writer().commit();
  const Refresh r = refresh(db, table, "another budget");
  EXPECT_TRUE(r.full);
  EXPECT_TRUE(table->summary(1));
}

TEST(ChangeLog, EntriesReadBackAsWritten) {
  const std::string uuid = "6f1c2a1e-0000-4000-8000-000000000001";
  const std::vector<Xapian::docid> ids = {1, 2, 3, 7, 9, 10, 100};
  const std::string text = change_log::encode(41, uuid, ids);
  EXPECT_EQ(text, "41 " + uuid + " 1-3 7 9-10 100");
  auto e = change_log::decode(text);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->base, 41u);
  EXPECT_EQ(e->uuid, uuid);
  EXPECT_TRUE(e->listed);
  EXPECT_EQ(e->docids, ids);
  auto none = change_log::decode(change_log::encode(0, uuid, {}));
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->listed);
  EXPECT_TRUE(none->docids.empty());
  auto star = change_log::decode(change_log::encode_unlisted(5, uuid));
  ASSERT_TRUE(star);
  EXPECT_FALSE(star->listed);
  std::vector<Xapian::docid> many(change_log::kMaxListedChanges + 1);
  for (size_t i = 0; i < many.size(); ++i) many[i] = static_cast<Xapian::docid>(2 * i + 1);
  EXPECT_FALSE(change_log::decode(change_log::encode(5, uuid, many))->listed);
  EXPECT_EQ(change_log::key_for(17), std::string(schema::kChangesMetadataPrefix) + "1");
  for (const char* bad : {"", "x", "5", "5 ", "5 uuid", "5 uuid 3 2", "5 uuid 2-1", "5 uuid 0", "5 uuid 1 ",
                          "5 uuid 1,2", "5 uuid 1-", "5 uuid 1 -2", "-1 uuid 1", "5 uuid 1-4000000000"}) {
    EXPECT_FALSE(change_log::decode(bad)) << "'" << bad << "'";
  }
}

}  // namespace
}  // namespace rassegna
