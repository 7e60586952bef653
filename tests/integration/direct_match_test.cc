// The direct matcher's (direct_match.h) parts against Xapian: BM25 for single terms and for
// synonyms, and the DocTable it reads. Whole searches on both paths are compared with a
// brute-force oracle in differential_test.cc.
#include <algorithm>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <rassegna/analysis/analyzer.h>
#include <rassegna/schema.h>

#include "indexer/document_builder.h"
#include "searcher/query/ranking.h"
#include "searcher/query/direct_match.h"
#include "searcher/query/searcher.h"
#include "tests/common/test_support.h"

namespace rassegna {
namespace {

using testing::bundled_db;

TEST(DirectMatch, Bm25IsXapiansForSingleTerms) {
  Xapian::Database db(bundled_db());
  size_t checked = 0;
  for (auto t = db.allterms_begin("Z"); t != db.allterms_end("Z") && checked < 400; ++t) {
    if (t.get_termfreq() < 3 || t.get_termfreq() > 150) continue;
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(ranking::bm25_weight());
    enquire.set_query(Xapian::Query(*t));
    Xapian::MSet mset = enquire.get_mset(0, 20);
    for (auto m = mset.begin(); m != mset.end(); ++m) {
      Xapian::PostingIterator p = db.postlist_begin(*t);
      p.skip_to(*m);
      ASSERT_EQ(*p, *m);
      const double ours = bm25(db.get_doccount(), t.get_termfreq(), p.get_wdf(),
                               static_cast<uint32_t>(db.get_doclength(*m)), db.get_avlength());
      EXPECT_NEAR(ours, m.get_weight(), 1e-9) << *t << " in document " << *m;
      ++checked;
    }
  }
  EXPECT_GT(checked, 300u);
}

// A word is an OP_SYNONYM of its exact form and stems: Xapian weighs it with its own estimate
// of the union's document frequency, which synonym_termfreq() must reproduce exactly.
TEST(DirectMatch, SynonymScoresAreXapians) {
  Xapian::Database db(bundled_db());
  analysis::Analyzer analyzer;
  size_t checked = 0;
  for (const char* word : {"tiktok", "amministrazione", "mercati", "shares", "companies", "governo", "profit", "banca"}) {
    std::vector<std::string> terms = {word};
    for (const char* lang : {"it", "en"}) {
      std::string stem = "Z" + analyzer.stem(word, lang);
      if (std::find(terms.begin(), terms.end(), stem) == terms.end()) terms.push_back(stem);
    }
    terms.push_back("Znessunaparolacosi");  // a term no article has changes nothing
    std::vector<Xapian::doccount> freqs;
    for (const auto& t : terms) freqs.push_back(db.get_termfreq(t));
    const Xapian::doccount df = synonym_termfreq(freqs, db.get_doccount());
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(ranking::bm25_weight());
    enquire.set_query(Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end()));
    Xapian::MSet mset = enquire.get_mset(0, 30);
    for (auto m = mset.begin(); m != mset.end(); ++m) {
      Xapian::termcount wdf = 0;
      for (const auto& t : terms) {
        Xapian::PostingIterator p = db.postlist_begin(t);
        p.skip_to(*m);
        if (p != db.postlist_end(t) && *p == *m) wdf += p.get_wdf();
      }
      const double ours = bm25(db.get_doccount(), df, wdf, static_cast<uint32_t>(db.get_doclength(*m)), db.get_avlength());
      EXPECT_NEAR(ours, m.get_weight(), 1e-9) << word << " in document " << *m;
      ++checked;
    }
  }
  EXPECT_GT(checked, 100u);
  EXPECT_EQ(synonym_termfreq({10, 0}, 100), 10u);
  EXPECT_EQ(synonym_termfreq({50, 50}, 100), 75u);
  EXPECT_EQ(synonym_termfreq({3, 4, 5}, 10), 8u);  // 3 and 4 -> 5.8 -> 6; 5 and 6 -> 8
}

std::string article_line(const std::string& id, const std::string& date, const std::string& company) {
  nlohmann::json j = {{"id", id}, {"title", company + " e la borsa"}, {"date", date}, {"lang", "it"},
                      {"body", company + " sale in borsa dopo i conti del trimestre."}};
  return j.dump() + "\n";
}

TEST(DocTable, OneTablePerRevisionSharedByEveryReader) {
  testing::TempDir dir;
  const std::string db_path = dir.file("db");
  testing::index_files(db_path, {testing::write_file(dir.file("a.jsonl"), article_line("a", "2020-09-01", "Oracle"))});
  Xapian::Database one(db_path), two(db_path);
  auto first = DocTable::current(one);
  ASSERT_TRUE(first);
  EXPECT_EQ(first, DocTable::current(two));  // the same table, built once
  EXPECT_EQ(first->doc_count(), 1u);
  EXPECT_EQ(first->company_names(), std::vector<std::string>{"Oracle"});

  testing::index_files(db_path, {testing::write_file(dir.file("b.jsonl"), article_line("b", "", "Microsoft"))});
  EXPECT_TRUE(first->is_current(one));  // `one` still reads the old revision
  one.reopen();
  EXPECT_FALSE(first->is_current(one));
  auto second = DocTable::current(one);
  ASSERT_TRUE(second);
  EXPECT_NE(first, second);
  EXPECT_EQ(second->doc_count(), 2u);
  EXPECT_EQ(second->days(), (std::vector<uint32_t>{0, 20200901}));  // 0: undated
  EXPECT_EQ(first->doc_count(), 1u);  // a reader still holding the old one is not disturbed
}

TEST(DocTable, HoldsWhatTheValueSlotsSay) {
  Xapian::Database db(bundled_db());
  auto table = DocTable::current(db);
  ASSERT_TRUE(table);
  size_t with_companies = 0;
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    Xapian::Document doc = db.get_document(*p);
    ASSERT_TRUE(table->exists(*p));
    EXPECT_EQ(table->length(*p), p.get_doclength());
    auto summary = table->summary(*p);
    ASSERT_TRUE(summary);
    EXPECT_EQ(*summary, doc.get_value(schema::kSlotSummary)) << *p;
    const std::string day = doc.get_value(schema::kSlotDay);
    EXPECT_EQ(table->day(*p), day.empty() ? 0u : static_cast<uint32_t>(std::stoul(day))) << *p;
    std::string names;
    auto [begin, end] = table->companies(*p);
    for (uint32_t k = begin; k < end; ++k) {
      names += (names.empty() ? "" : std::string(1, schema::kListSeparator)) + table->company_names()[table->company_ids()[k]];
    }
    EXPECT_EQ(names, doc.get_value(schema::kSlotCompanies)) << *p;
    with_companies += begin < end;
  }
  EXPECT_GT(with_companies, 100u);
  EXPECT_FALSE(table->exists(db.get_lastdocid() + 1));
}

TEST(DocTable, ShardedDatabasesFallBackToEnquire) {
  testing::TempDir dir;
  testing::index_files(dir.file("s1"), {testing::write_file(dir.file("a.jsonl"), article_line("a", "2020-09-01", "Oracle"))});
  testing::index_files(dir.file("s2"), {testing::write_file(dir.file("b.jsonl"), article_line("b", "2020-09-02", "Microsoft"))});
  Xapian::Database both(dir.file("s1"));
  both.add_database(Xapian::Database(dir.file("s2")));
  EXPECT_EQ(DocTable::current(both), nullptr);
  // A stub database file makes the two shards one database for rassegna's programs.
  testing::write_file(dir.file("all.stub"), "auto " + dir.file("s1") + "\nauto " + dir.file("s2") + "\n");
  Searcher searcher(dir.file("all.stub"));
  SearchRequest r;
  r.query = "borsa";
  r.facets = true;
  SearchResult got = searcher.search(r);
  EXPECT_EQ(got.total, 2u);
  ASSERT_TRUE(got.facets);
  EXPECT_EQ(got.facets->company.size(), 2u);
  EXPECT_EQ(got.facets->date.buckets.size(), 2u);
}

}  // namespace
}  // namespace rassegna
