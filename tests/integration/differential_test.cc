// One query, two paths, one meaning. For every grammar form of the README's query table and for
// a few hundred random queries (fixed seed) over the corpus's own words, the direct matcher and
// Xapian's Enquire must return the same hits, scores (to 1e-9), totals and facets, and both
// must equal a brute-force oracle (tree_oracle.h) that evaluates the expected tree itself over
// every article's terms. The expected tree is written here, not taken from the parser, and the
// parser must produce exactly it, so a parser that misreads a query cannot fool the test.
#include <chrono>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <map>
#include <set>

#include <rassegna/collection.h>
#include <rassegna/dates.h>
#include <rassegna/schema.h>

#include "grammar_forms.h"
#include "query_generator.h"
#include "indexer/compact.h"
#include "searcher/query/doc_table.h"
#include "searcher/query/facets.h"
#include "searcher/query/lowering.h"
#include "searcher/query/query_parser.h"
#include "searcher/query/searcher.h"
#include "tests/common/expected_trees.h"
#include "tests/common/test_support.h"
#include "near_duplicates.h"
#include "tree_oracle.h"

namespace rassegna {
namespace {

using testing::GeneratedQuery;
using Kind = QueryNode::Kind;

SearcherOptions enquire_only() {
  SearcherOptions o;
  o.direct_match = false;
  return o;
}

std::string describe_request(const SearchRequest& r) {
  std::string s = "q='" + r.query + "'";
  if (!r.lang.empty()) s += " lang=" + r.lang;
  for (const auto& c : r.companies) s += " company=" + c;
  if (!r.from.empty()) s += " from=" + r.from;
  if (!r.to.empty()) s += " to=" + r.to;
  if (r.sort == SortOrder::date) s += " by date";
  if (!r.collapse) s += " collapse=0";
  return s + " offset=" + std::to_string(r.offset) + " limit=" + std::to_string(r.limit) +
         (r.facets ? "" : " no facets");
}

// Runs requests on both paths and the oracle over one database, and compares everything.
class Differential {
 public:
  explicit Differential(const std::string& db_path)
      : oracle_(db_path), direct_(db_path), enquire_(db_path, enquire_only()) {
    const std::string text = oracle_.database().get_metadata(std::string(schema::kGazetteerMetadataKey));
    if (!text.empty()) gazetteer_ = std::make_unique<entities::Gazetteer>(entities::Gazetteer::parse(text, "test"));
    parser_ = std::make_unique<QueryParser>(analyzer_, gazetteer_.get());
  }

  testing::TreeOracle& oracle() { return oracle_; }
  analysis::Analyzer& analyzer() { return analyzer_; }
  size_t cases = 0, on_direct_path = 0, with_hits = 0, failed = 0;

  void check(const SearchRequest& r, const QueryNode& want_tree) {
    const std::string what = describe_request(r) + "\n  tree " + describe(want_tree);
    const bool failing_before = ::testing::Test::HasFailure();
    ParsedQuery parsed = parser_->parse(r.query, r.lang);
    EXPECT_EQ(parsed.tree, want_tree) << what << "\n  parsed as " << describe(parsed.tree);
    ++cases;
    if (to_conjunction(split_filters(parsed.tree).text)) ++on_direct_path;  // statistics only

    testing::OracleRequest o;
    o.tree = want_tree;
    for (const auto& c : r.companies) o.any_company.push_back(parser_->resolve_company(c));
    if (!r.from.empty()) o.from = parse_date_bound(r.from, false)->day_key();
    if (!r.to.empty()) o.to = parse_date_bound(r.to, true)->day_key();
    o.lang = r.lang;
    o.sort = r.sort;
    o.offset = r.offset;
    o.limit = r.limit;
    o.collapse = r.collapse;
    const testing::OracleResult want = oracle_.run(o);
    const SearchResult direct = direct_.search(r), enquire = enquire_.search(r);
    compare(direct, want, r, what + "\n  direct path vs oracle");
    compare(enquire, want, r, what + "\n  Enquire vs oracle");
    compare_paths(direct, enquire, what + "\n  direct path vs Enquire");
    if (want.total > 0) ++with_hits;
    if (!failing_before && ::testing::Test::HasFailure()) ++failed;
  }

 private:
  static void compare_hits(const std::vector<std::pair<std::string, double>>& got,
                           const std::vector<std::pair<std::string, double>>& want, const std::string& what) {
    ASSERT_EQ(got.size(), want.size()) << what;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_NEAR(got[i].second, want[i].second, 1e-9) << what << "\n  hit " << i << " " << got[i].first;
      // Only articles of equal score (summed in another order) may trade places.
      if (got[i].first != want[i].first) {
        EXPECT_NEAR(got[i].second, want[i].second, 1e-12) << what << "\n  hit " << i << " is " << got[i].first
                                                          << ", not " << want[i].first;
      }
    }
  }

  static std::vector<std::pair<std::string, double>> hits_of(const SearchResult& r) {
    std::vector<std::pair<std::string, double>> out;
    for (const auto& h : r.hits) out.emplace_back(h.id, h.score);
    return out;
  }

  static std::map<std::string, uint64_t> companies_of(const Facets& f) {
    std::map<std::string, uint64_t> out;
    // A selected company stays in its facet even with no match (selected_facets_test.cc checks
    // that); the oracle lists only companies that matches have.
    for (const auto& b : f.company) {
      if (!(b.selected && b.count == 0)) out[b.value] = b.count;
    }
    return out;
  }

  static void compare_dates(const DateFacet& got, const DateFacet& want, const std::string& what) {
    EXPECT_EQ(got.undated, want.undated) << what;
    EXPECT_EQ(got.granularity, want.granularity) << what;
    ASSERT_EQ(got.buckets.size(), want.buckets.size()) << what;
    for (size_t i = 0; i < got.buckets.size(); ++i) {
      EXPECT_EQ(got.buckets[i].value, want.buckets[i].value) << what;
      EXPECT_EQ(got.buckets[i].count, want.buckets[i].count) << what << " " << got.buckets[i].value;
    }
  }

  static void compare(const SearchResult& got, const testing::OracleResult& want, const SearchRequest& r,
                      const std::string& what) {
    if (r.facets) {
      EXPECT_TRUE(got.total_exact) << what;
    }
    if (got.total_exact) {
      EXPECT_EQ(got.total, want.total) << what;
      EXPECT_EQ(got.total_articles, want.total_articles) << what;
    }
    EXPECT_EQ(got.collapsed, r.collapse) << what;
    compare_hits(hits_of(got), want.hits, what);
    ASSERT_EQ(got.facets.has_value(), r.facets) << what;
    if (!r.facets) return;
    EXPECT_EQ(companies_of(*got.facets), want.companies) << what << "\n  company facet";
    std::vector<std::pair<uint32_t, uint64_t>> days(want.days.begin(), want.days.end());
    compare_dates(got.facets->date, date_histogram(days, want.undated), what + "\n  date facet");
  }

  public:
  static void compare_paths(const SearchResult& a, const SearchResult& b, const std::string& what) {
    if (a.total_exact && b.total_exact) {
      EXPECT_EQ(a.total, b.total) << what;
      EXPECT_EQ(a.total_articles, b.total_articles) << what;
    }
    EXPECT_EQ(a.collapsed, b.collapsed) << what;
    compare_hits(hits_of(a), hits_of(b), what);
    ASSERT_EQ(a.facets.has_value(), b.facets.has_value()) << what;
    if (!a.facets) return;
    EXPECT_EQ(companies_of(*a.facets), companies_of(*b.facets)) << what;
    compare_dates(a.facets->date, b.facets->date, what + "\n  date facet");
  }

 private:
  testing::TreeOracle oracle_;
  Searcher direct_, enquire_;
  analysis::Analyzer analyzer_;
  std::unique_ptr<entities::Gazetteer> gazetteer_;
  std::unique_ptr<QueryParser> parser_;
};

using testing::grammar_forms;  // every form of the README's query table (grammar_forms.h)

Differential& bundled() {
  static Differential d(testing::bundled_db());
  return d;
}

TEST(Differential, NotMeansTheSameAsMinus) {  // issue 10, finding 1
  Searcher searcher(testing::bundled_db());
  auto total = [&](const std::string& q) {
    SearchRequest r;
    r.query = q;
    r.facets = true;
    r.limit = 100;
    return searcher.search(r);
  };
  const SearchResult with_not = total("tiktok NOT oracle"), with_minus = total("tiktok -oracle");
  const SearchResult both = total("tiktok oracle"), all = total("tiktok");
  ASSERT_GT(both.total, 0u);
  EXPECT_EQ(with_not.total, all.total - both.total);
  EXPECT_EQ(with_not.total, with_minus.total);
  std::vector<std::string> oracle_ids;
  for (const auto& h : both.hits) oracle_ids.push_back(h.id);
  for (const auto& h : with_not.hits) {
    EXPECT_EQ(std::find(oracle_ids.begin(), oracle_ids.end(), h.id), oracle_ids.end()) << h.id << " has oracle";
    EXPECT_EQ(h.snippet.find("<mark>Oracle</mark>"), std::string::npos) << h.snippet;  // never marked
  }
}

TEST(Differential, EveryGrammarFormOnBothPathsEqualsTheOracle) {
  Differential& d = bundled();
  for (const auto& [request, tree] : grammar_forms(d.analyzer())) {
    d.check(request, tree);
    ASSERT_LT(d.failed, 10u) << "stopping after 10 failing cases";
  }
  EXPECT_GE(d.with_hits, 45u);  // the forms must exercise real matches
  EXPECT_GE(d.on_direct_path, 25u);
}

void random_queries(Differential& d, size_t count, uint32_t seed) {
  testing::QueryGenerator generator(d.oracle(), d.analyzer(), seed);
  const auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < count; ++i) {
    GeneratedQuery g = generator.next(i % 2 == 0);
    d.check(g.request, g.tree);
    ASSERT_LT(d.failed, 10u) << "stopping after 10 failing cases";
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << count << " random queries in " << seconds << " s: " << d.on_direct_path << " on the direct path, "
            << d.with_hits << " with hits\n";
  EXPECT_GE(d.on_direct_path, count * 2 / 5);
  EXPECT_GE(d.with_hits, count / 2);
}

TEST(Differential, RandomQueriesOnBothPathsEqualTheOracle) {
  Differential d(testing::bundled_db());
  random_queries(d, 400, 20260110);
}

// A collection partitioned by month (one database per month, one for undated articles, opened
// through its stub) holds the same articles as bundled_db(): both paths on it must equal the
// oracle, which reads the collection through Xapian alone, and every result must equal the one
// database's, scores to 1e-9, totals and both facets exactly.
TEST(Differential, CollectionOnBothPathsEqualsTheOracle) {
  Differential d(testing::bundled_collection());
  ASSERT_EQ(d.oracle().database().get_doccount(), testing::kCorpusArticles);
  ASSERT_GT(collection::partitions(testing::bundled_collection()).size(), 3u)
      << "the bundled corpus should span several months";
  for (const auto& [request, tree] : grammar_forms(d.analyzer())) {
    d.check(request, tree);
    ASSERT_LT(d.failed, 10u) << "stopping after 10 failing cases";
  }
  EXPECT_GE(d.with_hits, 45u);
  EXPECT_GE(d.on_direct_path, 25u);
  random_queries(d, 200, 1313);
}

TEST(Differential, CollectionEqualsOneDatabase) {
  Searcher one(testing::bundled_db()), parts(testing::bundled_collection());
  Searcher parts_enquire(testing::bundled_collection(), enquire_only());
  Differential& d = bundled();
  size_t cases = 0, with_hits = 0;
  auto same = [&](SearchRequest r) {
    const std::string what = describe_request(r);
    const SearchResult a = one.search(r), b = parts.search(r), c = parts_enquire.search(r);
    Differential::compare_paths(a, b, what + "\n  one database vs collection");
    Differential::compare_paths(a, c, what + "\n  one database vs collection through Enquire");
    if (r.facets) {
      EXPECT_TRUE(b.total_exact && c.total_exact) << what;
    }
    ++cases;
    if (a.total > 0) ++with_hits;
  };
  for (auto [request, tree] : grammar_forms(d.analyzer())) {
    same(request);
    request.snippets = true;  // hits from each partition's documents, not only the summaries
    request.facet_size = 10;
    same(request);
  }
  testing::QueryGenerator generator(d.oracle(), d.analyzer(), 424242);
  for (size_t i = 0; i < 300; ++i) {
    same(generator.next(i % 2 == 0).request);
    if (::testing::Test::HasFailure() && i > 10) break;
  }
  EXPECT_GE(with_hits, cases / 2);
}

// Compacting a collection's past partitions (rassegna-index --compact) changes no answer: a
// Searcher opened before the compaction (it must reopen the swapped partitions) and one opened
// after it both equal the one database, scores to 1e-9, totals and facets exactly.
TEST(Differential, CompactedCollectionEqualsOneDatabase) {
  testing::TempDir tmp;
  const std::string path = tmp.file("compacted");
  std::filesystem::copy(testing::bundled_collection(), path, std::filesystem::copy_options::recursive);
  Searcher one(testing::bundled_db()), before(path);
  SearchRequest warm;
  warm.query = "mercato";
  warm.facets = true;
  const uint64_t warm_total = before.search(warm).total;  // opens everything, builds the tables
  const size_t parts_before = collection::partitions(path).size();
  size_t archived = 0, compacted = 0;
  for (const auto& o : compact_database(path, std::time(nullptr))) {
    if (o.what == CompactOutcome::What::archived) ++archived;
    if (o.what == CompactOutcome::What::compacted) {
      ++compacted;
      EXPECT_TRUE(collection::parse_archive(o.name)) << o.name;
      EXPECT_LE(o.bytes_after, o.bytes_before) << o.name;
    }
  }
  // The past months went into one archive: the searches below run on far fewer databases.
  ASSERT_GE(archived, 3u);
  EXPECT_EQ(compacted, 1u);
  EXPECT_EQ(collection::partitions(path).size(), parts_before - archived + 1);
  EXPECT_EQ(before.search(warm).total, warm_total);
  Searcher after(path);
  Differential& d = bundled();
  size_t cases = 0;
  auto same = [&](const SearchRequest& r) {
    const std::string what = describe_request(r);
    const SearchResult a = one.search(r), b = before.search(r), c = after.search(r);
    Differential::compare_paths(a, b, what + "\n  one database vs collection open across the compaction");
    Differential::compare_paths(a, c, what + "\n  one database vs compacted collection");
    ++cases;
  };
  for (auto [request, tree] : grammar_forms(d.analyzer())) {
    same(request);
    request.snippets = true;
    same(request);
  }
  testing::QueryGenerator generator(d.oracle(), d.analyzer(), 777);
  for (size_t i = 0; i < 100; ++i) {
    same(generator.next(i % 2 == 0).request);
    if (::testing::Test::HasFailure() && i > 10) break;
  }
  EXPECT_GE(cases, 150u);
}

// Stories: the bundled articles plus republished copies of one long article in ten (another
// headline, a paragraph cut, a sign-off: near-duplicates the indexer groups), in one database
// and as a collection by month. Both paths, with collapse (one hit per story, totals of
// stories) and without, must equal the oracle, which collapses by the story slot itself.
// This test found that Enquire over a collection weighed some words differently from one
// database: Xapian 1.4 estimates an OP_SYNONYM's frequency per partition ('(veri Duomo (italia))
// AND "italia" giunta' scored 16.0347 on the collection, 16.0488 in one database and the oracle).
// Enquire on collections now takes each word's weight from the whole collection
// (given_idf_weight.h).
TEST(Differential, CollapsedStoriesOnBothPathsEqualTheOracle) {
  std::vector<Article> all = testing::read_jsonl(testing::source_path(testing::kSampleJsonl));
  const size_t originals = all.size();
  size_t copied = 0;
  for (size_t i = 0; i < originals; ++i) {
    if (all[i].body.size() < 1500 || i % 10 != 0) continue;
    for (int v = 0; v <= static_cast<int>(copied % 3); ++v) {
      all.push_back(testing::republished(all[i], all[i].id + "-copy" + std::to_string(v), v));
    }
    ++copied;
  }
  ASSERT_GE(copied, 20u);
  testing::TempDir tmp;
  const std::string in = testing::write_jsonl(tmp / "stories.jsonl", all);
  testing::index_files(tmp / "one.db", {in});
  testing::index_files(tmp / "by-month", {in}, 10000, collection::Granularity::month);
  for (const std::string& db : {tmp / "one.db", tmp / "by-month"}) {
    Differential d(db);
    size_t collapsed_something = 0;
    for (auto [request, tree] : grammar_forms(d.analyzer())) {
      for (bool collapse : {true, false}) {
        request.collapse = collapse;
        d.check(request, tree);
      }
      ASSERT_LT(d.failed, 10u) << "stopping after 10 failing cases";
    }
    testing::QueryGenerator generator(d.oracle(), d.analyzer(), 99);
    for (size_t i = 0; i < 200; ++i) {
      GeneratedQuery g = generator.next(i % 2 == 0);
      g.request.collapse = i % 4 != 3;
      d.check(g.request, g.tree);
      ASSERT_LT(d.failed, 10u) << "stopping after 10 failing cases";
    }
    // The copies must really collapse: an empty query lists every article once per story.
    Searcher searcher(db);
    SearchRequest every;
    every.facets = true;
    const SearchResult stories = searcher.search(every);
    every.collapse = false;
    const SearchResult articles = searcher.search(every);
    EXPECT_EQ(articles.total, all.size());
    collapsed_something = articles.total - stories.total;
    EXPECT_GE(collapsed_something, all.size() - originals) << db;  // every copy, plus the corpus's own
    EXPECT_EQ(stories.total_articles, articles.total);
  }
}

// An article of a language Rassegna does not stem holds its words' exact forms and no stems.
// The direct matcher finds matches by the stems and reads a word's exact form only for the
// articles whose score could enter the top hits, except in the articles of other languages
// (DocTable::unstemmed_docs), which it looks up by the exact forms apart. Here every eighth
// article of the bundled corpus is there again as German: a query in no language must find
// those copies by the exact forms, with their scores; one in English or Italian leaves them out.
TEST(Differential, ArticlesOfUnstemmedLanguagesOnBothPathsEqualTheOracle) {
  testing::TempDir tmp;
  std::ifstream in(testing::source_path("corpus/sample-mixed.jsonl"));
  ASSERT_TRUE(in);
  std::string line, text;
  size_t read = 0;
  std::vector<std::string> copies;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    text += line + "\n";
    if (read++ % 8 != 0) continue;
    nlohmann::json article = nlohmann::json::parse(line);
    article["id"] = article["id"].get<std::string>() + "-de";
    article["lang"] = "de";
    copies.push_back(article["id"].get<std::string>());
    text += article.dump() + "\n";
  }
  ASSERT_GT(copies.size(), 50u);
  testing::index_files(tmp.file("mixed.db"), {testing::write_file(tmp.file("mixed.jsonl"), text)});
  Differential d(tmp.file("mixed.db"));
  ASSERT_EQ(d.oracle().database().get_termfreq(std::string(schema::kLang) + "de"), copies.size());
  ASSERT_EQ(DocTable::build(d.oracle().database())->unstemmed_docs().size(), copies.size());

  // A word of the copies whose stem differs from it: found in them by its exact form only.
  Searcher searcher(tmp.file("mixed.db"));
  SearchRequest r;
  r.query = "companies";
  r.collapse = false;
  r.limit = 100;
  auto german_hits = [&]() {  // over every page
    size_t german = 0;
    for (r.offset = 0;; r.offset += r.limit) {
      const SearchResult page = searcher.search(r);
      for (const auto& h : page.hits) german += h.id.size() > 3 && h.id.compare(h.id.size() - 3, 3, "-de") == 0;
      if (page.hits.size() < r.limit) return german;
    }
  };
  EXPECT_GT(german_hits(), 0u) << "no German copy holds 'companies'";
  r.lang = "en";
  EXPECT_EQ(german_hits(), 0u);
  r.offset = 0;

  for (const auto& [request, tree] : grammar_forms(d.analyzer())) {
    d.check(request, tree);
    ASSERT_LT(d.failed, 10u) << "stopping after 10 failing cases";
  }
  random_queries(d, 300, 4242);
}

// A run on other data when ../shared/corpus is present: three small Italian sets of other
// sources (389 articles). RASSEGNA_FULL=1 adds it-dice and all of Reuters-21578 (~21,000
// articles, some minutes) and runs 1,000 queries.
TEST(Differential, RandomQueriesOnTheSharedCorpora) {
  const std::string dir = std::string(RASSEGNA_SHARED_DIR) + "/corpus/";
  const bool full = std::getenv("RASSEGNA_FULL") != nullptr;
  std::vector<std::string> names = {"it-sole24ore-2023.jsonl.gz", "it-ansa-ilpost-2024.jsonl.gz",
                                    "it-newstopics-2025.jsonl.gz"};
  if (full) names.insert(names.end(), {"it-dice.jsonl.gz", "reuters21578.jsonl.gz"});
  std::vector<std::string> files;
  for (const auto& name : names) {
    if (std::filesystem::exists(dir + name)) files.push_back(dir + name);
  }
  if (files.empty()) GTEST_SKIP() << dir << " is absent (the shared corpora are not in a clone)";
  testing::TempDir tmp;
  testing::index_files(tmp.file("shared.db"), files);
  Differential d(tmp.file("shared.db"));
  random_queries(d, full ? 1000 : 200, 7);
}

}  // namespace
}  // namespace rassegna
