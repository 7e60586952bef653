// The direct matcher (direct_match.h) against two references on the bundled corpus:
// Xapian's own BM25Weight for single terms, and a brute-force oracle that reads every
// article's term list and values (not the DocTable, not posting lists) and ranks by hand.
// It must also agree with the Enquire path on totals and facets.
#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include <rassegna/analysis/analyzer.h>
#include <rassegna/schema.h>

#include "indexer/document_builder.h"
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

// Every article's terms, values and length, read once from the database itself.
struct Article {
  Xapian::docid doc;
  std::string id, day, timestamp, companies_value;
  uint32_t length;
  std::unordered_map<std::string, Xapian::termcount> terms;
};

const std::vector<Article>& articles() {
  static const std::vector<Article> all = [] {
    Xapian::Database db(bundled_db());
    std::vector<Article> out;
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
      Xapian::Document d = db.get_document(*p);
      Article a{*p, d.get_value(schema::kSlotId), d.get_value(schema::kSlotDay), d.get_value(schema::kSlotTimestamp),
                d.get_value(schema::kSlotCompanies), static_cast<uint32_t>(p.get_doclength()), {}};
      for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) a.terms[*t] = t.get_wdf();
      out.push_back(std::move(a));
    }
    return out;
  }();
  return all;
}

struct Expected {
  std::vector<std::pair<std::string, double>> hits;  // id, score
  uint64_t total = 0;
  std::map<std::string, uint64_t> companies, days;  // facets, each without its own filter
  uint64_t undated = 0;
};

Expected oracle(const SearchRequest& r) {
  Xapian::Database db(bundled_db());
  analysis::Analyzer analyzer;
  QueryParser parser(analyzer, nullptr);
  ParsedQuery q = parser.parse(r.query, r.lang);
  EXPECT_TRUE(q.conjunction) << r.query;
  std::string lang = r.lang.empty() ? q.lang : r.lang;
  std::vector<std::string> company_terms;
  for (const auto& c : r.companies) company_terms.push_back(std::string(schema::kCompany) + schema::company_key(c));
  auto day_key = [](std::string d) {  // YYYY-MM-DD -> YYYYMMDD, as in the day slot
    d.erase(std::remove(d.begin(), d.end(), '-'), d.end());
    return d;
  };
  const std::string from = day_key(r.from), to = day_key(r.to);

  std::vector<Xapian::doccount> df;
  for (const auto& group : q.conjunction->required) {
    Xapian::doccount most = 0;
    for (const auto& t : group) most = std::max(most, db.get_termfreq(t));
    df.push_back(most);
  }
  struct Ranked {
    double score;
    std::string timestamp;
    Xapian::docid doc;
    std::string id;
  };
  std::vector<Ranked> ranked;
  Expected e;
  for (const auto& a : articles()) {
    auto wdf = [&](const std::vector<std::string>& group) {
      Xapian::termcount sum = 0;
      for (const auto& t : group) {
        auto it = a.terms.find(t);
        if (it != a.terms.end()) sum += it->second;
      }
      return sum;
    };
    auto has_any = [&](const std::vector<std::string>& group) {
      return std::any_of(group.begin(), group.end(), [&](const std::string& t) { return a.terms.count(t) > 0; });
    };
    if (!std::all_of(q.conjunction->required.begin(), q.conjunction->required.end(), has_any)) continue;
    if (std::any_of(q.conjunction->excluded.begin(), q.conjunction->excluded.end(), has_any)) continue;
    if (!lang.empty() && !a.terms.count(std::string(schema::kLang) + lang)) continue;
    bool company_ok = company_terms.empty() || std::any_of(company_terms.begin(), company_terms.end(),
                                                           [&](const std::string& t) { return a.terms.count(t) > 0; });
    bool date_ok = (from.empty() && to.empty()) ||
                   (!a.day.empty() && (from.empty() || a.day >= from) && (to.empty() || a.day <= to));
    if (date_ok) {
      std::string_view rest = a.companies_value;
      while (!rest.empty()) {
        size_t end = rest.find(schema::kListSeparator);
        if (end != 0) ++e.companies[std::string(rest.substr(0, end))];
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
      }
    }
    if (company_ok) {
      if (a.day.empty()) {
        ++e.undated;
      } else {
        ++e.days[a.day];
      }
    }
    if (!company_ok || !date_ok) continue;
    ++e.total;
    double score = 0;
    for (size_t g = 0; g < df.size(); ++g) {
      score += bm25(db.get_doccount(), df[g], wdf(q.conjunction->required[g]), a.length, db.get_avlength());
    }
    ranked.push_back({score, a.timestamp, a.doc, a.id});
  }
  std::sort(ranked.begin(), ranked.end(), [&](const Ranked& x, const Ranked& y) {
    if (r.sort == SortOrder::date && x.timestamp != y.timestamp) return x.timestamp > y.timestamp;
    if (x.score != y.score) return x.score > y.score;
    return x.doc < y.doc;
  });
  for (size_t i = r.offset; i < ranked.size() && i < r.offset + r.limit; ++i) {
    e.hits.emplace_back(ranked[i].id, ranked[i].score);
  }
  return e;
}

// Designated initializers leave the other fields at their defaults on purpose; g++ 12 warns
// about that anyway (fixed in later releases).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
std::vector<SearchRequest> requests() {
  const auto rel = SortOrder::relevance, date = SortOrder::date;
  std::vector<SearchRequest> out = {
      {.query = "tiktok"},
      {.query = "microsoft", .sort = date},
      {.query = "banca", .lang = "it", .limit = 20},
      {.query = "profit", .lang = "en", .offset = 5, .limit = 7},
      {.query = "shares company", .lang = "en"},
      {.query = "tiktok -oracle"},
      {.query = "governo italia", .from = "2020-01-01", .to = "2024-12-31", .sort = date},
      {.companies = {"Apple"}, .lang = "en", .from = "2008-01-01", .to = "2012-12-31", .sort = date, .offset = 3},
      {.companies = {"TikTok", "Microsoft"}, .sort = rel},
      {.query = "title:apple"},
      {.query = "-the", .limit = 15},
      {.query = "mercato milioni", .lang = "it", .to = "2022-12-31"},
      {.query = "sales", .companies = {"Apple", "Google", "Microsoft"}, .from = "2009-01-01"},
      {.query = "nessunaparolacosi"},
      {.query = "\"Microsoft\" cloud"},
  };
  for (auto& r : out) {
    r.snippets = false;
    r.facets = true;
    r.facet_size = 10000;
  }
  return out;
}
#pragma GCC diagnostic pop

std::string describe(const SearchRequest& r) {
  std::string s = "q='" + r.query + "' lang=" + r.lang + " from=" + r.from + " to=" + r.to;
  for (const auto& c : r.companies) s += " company=" + c;
  return s + (r.sort == SortOrder::date ? " by date" : "") + " offset=" + std::to_string(r.offset);
}

TEST(DirectMatch, AgreesWithABruteForceOracle) {
  Searcher searcher(bundled_db());
  size_t nonempty = 0;
  for (const SearchRequest& r : requests()) {
    SearchResult got = searcher.search(r);
    Expected want = oracle(r);
    const std::string what = describe(r);
    EXPECT_TRUE(got.total_exact) << what;
    EXPECT_EQ(got.total, want.total) << what;
    ASSERT_EQ(got.hits.size(), want.hits.size()) << what;
    for (size_t i = 0; i < got.hits.size(); ++i) {
      EXPECT_NEAR(got.hits[i].score, want.hits[i].second, 1e-9) << what << " hit " << i;
      // Only articles with the same score (summed in another order) may swap places.
      if (got.hits[i].id != want.hits[i].first) {
        EXPECT_NEAR(got.hits[i].score, want.hits[i].second, 1e-12) << what << " hit " << i << " is another article";
      }
    }
    ASSERT_TRUE(got.facets);
    std::map<std::string, uint64_t> companies;
    for (const auto& b : got.facets->company) companies[b.value] = b.count;
    EXPECT_EQ(companies, want.companies) << what;
    EXPECT_EQ(got.facets->date.undated, want.undated) << what;
    uint64_t dated = 0, want_dated = 0;
    for (const auto& b : got.facets->date.buckets) dated += b.count;
    for (const auto& [day, n] : want.days) want_dated += n;
    EXPECT_EQ(dated, want_dated) << what;
    if (got.facets->date.granularity == "day") {
      std::map<std::string, uint64_t> days;
      for (const auto& b : got.facets->date.buckets) {
        if (b.count > 0) days[b.value.substr(0, 4) + b.value.substr(5, 2) + b.value.substr(8, 2)] = b.count;
      }
      EXPECT_EQ(days, want.days) << what;
    }
    if (want.total > 0) ++nonempty;
  }
  EXPECT_GE(nonempty, 11u);  // the cases must exercise real matches
}

TEST(DirectMatch, SameMatchesAndFacetsAsXapiansEnquire) {
  Searcher direct(bundled_db());
  SearcherOptions enquire_only;
  enquire_only.direct_match = false;
  Searcher enquire(bundled_db(), enquire_only);
  for (SearchRequest r : requests()) {
    r.limit = 100;
    r.offset = 0;
    SearchResult a = direct.search(r), b = enquire.search(r);
    const std::string what = describe(r);
    EXPECT_EQ(a.total, b.total) << what;
    ASSERT_TRUE(a.facets && b.facets);
    std::map<std::string, uint64_t> ca, cb;
    for (const auto& x : a.facets->company) ca[x.value] = x.count;
    for (const auto& x : b.facets->company) cb[x.value] = x.count;
    EXPECT_EQ(ca, cb) << what;
    EXPECT_EQ(a.facets->date.granularity, b.facets->date.granularity) << what;
    ASSERT_EQ(a.facets->date.buckets.size(), b.facets->date.buckets.size()) << what;
    for (size_t i = 0; i < a.facets->date.buckets.size(); ++i) {
      EXPECT_EQ(a.facets->date.buckets[i].value, b.facets->date.buckets[i].value) << what;
      EXPECT_EQ(a.facets->date.buckets[i].count, b.facets->date.buckets[i].count) << what;
    }
    EXPECT_EQ(a.facets->date.undated, b.facets->date.undated) << what;
    // The same articles come back (ranking differs only where a word has several terms).
    std::vector<std::string> ia, ib;
    for (const auto& h : a.hits) ia.push_back(h.id);
    for (const auto& h : b.hits) ib.push_back(h.id);
    if (a.total <= 100) {
      std::sort(ia.begin(), ia.end());
      std::sort(ib.begin(), ib.end());
      EXPECT_EQ(ia, ib) << what;
    }
  }
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
