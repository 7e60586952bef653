// End-to-end search over real databases built from the bundled corpus and small fixtures.
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>

#include <rassegna/error.h>
#include <rassegna/schema.h>
#include <rassegna/stored_article.h>

#include "searcher/query/searcher.h"
#include "tests/common/test_support.h"

namespace rassegna {
namespace {

using testing::bundled_db;

const std::string kSeed = "000_2554df1404ea1ded";

SearchResult run(const std::string& q, std::function<void(SearchRequest&)> tweak = nullptr) {
  static Searcher searcher(bundled_db());
  SearchRequest r;
  r.query = q;
  if (tweak) tweak(r);
  return searcher.search(r);
}

TEST(Search, SeedIsTopHitWithTheWordMarked) {
  SearchResult r = run("amministrazione Oracle");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].id, kSeed);
  EXPECT_NE(r.hits[0].snippet.find("dell’<mark>amministrazione</mark>"), std::string::npos) << r.hits[0].snippet;
  EXPECT_EQ(r.hits[0].title, "TikTok: Microsoft fuori dai giochi, la spunta Oracle");
}

TEST(Search, ElidedWordsAreFoundByBaseAndInflectedForms) {
  for (const char* q : {"amministrazione", "amministrazioni", "Amministrazione", "dell'amministrazione"}) {
    SearchResult r = run(q, [](SearchRequest& s) { s.limit = 100; });
    bool found = std::any_of(r.hits.begin(), r.hits.end(), [](const Hit& h) { return h.id == kSeed; });
    EXPECT_TRUE(found) << q;
  }
}

TEST(Search, AccentFoldingWorksBothWays) {
  // Each pair must find the same articles.
  for (auto [plain, accented] : std::vector<std::pair<std::string, std::string>>{
           {"perche", "perché"}, {"citta", "città"}, {"societa", "società"}}) {
    SearchResult a = run(plain, [](SearchRequest& s) { s.facets = true; });
    SearchResult b = run(accented, [](SearchRequest& s) { s.facets = true; });
    EXPECT_GT(a.total, 0u) << plain;
    EXPECT_EQ(a.total, b.total) << plain;
    ASSERT_FALSE(a.hits.empty());
    EXPECT_NE(a.hits[0].snippet.find("<mark>"), std::string::npos);
  }
}

TEST(Search, PossessivesMatchTheName) {
  SearchResult r = run("\"Microsoft’s\"", [](SearchRequest& s) { s.facets = true; });
  SearchResult plain = run("\"microsoft\"", [](SearchRequest& s) { s.facets = true; });
  EXPECT_EQ(r.total, plain.total);
  EXPECT_GT(r.total, 0u);
}

TEST(Search, QuotedPhraseMatchesExactly) {
  SearchResult r = run("\"la spunta Oracle\"", [](SearchRequest& s) { s.facets = true; });
  ASSERT_EQ(r.total, 1u);
  EXPECT_EQ(r.hits[0].id, kSeed);
  EXPECT_EQ(run("\"la spunta Microsoft\"", [](SearchRequest& s) { s.facets = true; }).total, 0u);
}

TEST(Search, TitleFieldAndNegation) {
  SearchResult t = run("title:spunta title:oracle", [](SearchRequest& s) { s.facets = true; });
  ASSERT_EQ(t.total, 1u);
  EXPECT_EQ(t.hits[0].id, kSeed);
  // "amministrazione" is in the seed's body, not its title.
  SearchResult body_only = run("title:amministrazione title:oracle", [](SearchRequest& s) { s.facets = true; });
  EXPECT_EQ(body_only.total, 0u);
  SearchResult all = run("tiktok", [](SearchRequest& s) { s.facets = true; });
  SearchResult without = run("tiktok -oracle", [](SearchRequest& s) { s.facets = true; });
  EXPECT_LT(without.total, all.total);
  for (const auto& h : without.hits) EXPECT_NE(h.id, kSeed);
}

TEST(Search, TitleWeighsMoreThanBody) {
  // Articles whose title has the word rank above those that only have it in the body.
  SearchResult r = run("coronavirus", [](SearchRequest& s) { s.limit = 5; });
  ASSERT_EQ(r.hits.size(), 5u);
  for (const auto& h : r.hits) {
    std::string t = h.title;
    std::transform(t.begin(), t.end(), t.begin(), ::tolower);
    EXPECT_NE(t.find("coronavirus"), std::string::npos) << h.title;
  }
}

TEST(Search, CompanyFilterAcceptsAliasesAndTickers) {
  SearchResult by_alias = run("tiktok", [](SearchRequest& s) {
    s.companies = {"gruppo di Redmond"};
    s.facets = true;
  });
  SearchResult by_name = run("tiktok", [](SearchRequest& s) {
    s.companies = {"Microsoft"};
    s.facets = true;
  });
  SearchResult by_ticker = run("tiktok", [](SearchRequest& s) {
    s.companies = {"MSFT"};
    s.facets = true;
  });
  EXPECT_GT(by_name.total, 0u);
  EXPECT_EQ(by_alias.total, by_name.total);
  EXPECT_EQ(by_ticker.total, by_name.total);
  for (const auto& h : by_alias.hits) {
    EXPECT_NE(std::find(h.companies.begin(), h.companies.end(), "Microsoft"), h.companies.end()) << h.id;
  }
  SearchResult syntax = run("tiktok company:\"gruppo di Redmond\"", [](SearchRequest& s) { s.facets = true; });
  EXPECT_EQ(syntax.total, by_name.total);
}

TEST(Search, EmptyQueryWithFiltersIsValid) {
  SearchResult r = run("", [](SearchRequest& s) {
    s.companies = {"Microsoft"};
    s.from = "2020-09";
    s.to = "2020-09";
    s.facets = true;
  });
  for (const auto& h : r.hits) EXPECT_EQ(h.date.substr(0, 7), "2020-09");
  SearchResult everything = run("", [](SearchRequest& s) { s.facets = true; });
  EXPECT_EQ(everything.total_articles, 583u);  // total counts stories: the corpus holds a few real copies
  EXPECT_EQ(everything.total, 578u);
}

// Brute force: decode every article of the match set and count companies and days by hand.
struct Counts {
  std::map<std::string, uint64_t> companies;
  std::map<std::string, uint64_t> months;
  uint64_t undated = 0;
  uint64_t total = 0;
};

Counts brute_force(const SearchRequest& request) {
  Searcher searcher(bundled_db());
  SearchRequest all = request;
  all.facets = false;
  all.snippets = false;
  all.collapse = false;  // facets count articles: every one of them
  all.limit = 100;
  Counts c;
  for (all.offset = 0;; all.offset += 100) {
    SearchResult page = searcher.search(all);
    for (const auto& h : page.hits) {
      ++c.total;
      for (const auto& co : h.companies) ++c.companies[co];
      if (h.date.empty()) {
        ++c.undated;
      } else {
        ++c.months[h.date.substr(0, 7)];
      }
    }
    if (page.hits.size() < 100) break;
  }
  return c;
}

TEST(Facets, CountsEqualABruteForceCount) {
  struct Case {
    std::string query;
    std::vector<std::string> companies;
    std::string from, to, lang;
  };
  const std::vector<Case> cases = {
      {"tiktok", {}, "", "", ""},        {"microsoft", {}, "", "", ""},        {"", {}, "", "", "en"},
      {"tiktok", {"Oracle", "Microsoft"}, "", "", ""}, {"", {"Apple"}, "2008", "2012", "en"},
      {"banca", {}, "2020", "2024", ""}, {"apple OR google", {}, "", "", ""}, {"", {}, "2008-01", "2008-12", ""},
      {"profit", {}, "", "", "en"},
  };
  Searcher searcher(bundled_db());
  for (const auto& c : cases) {
    SearchRequest r;
    r.query = c.query;
    r.companies = c.companies;
    r.from = c.from;
    r.to = c.to;
    r.lang = c.lang;
    r.facets = true;
    r.facet_size = 1000;
    SearchResult got = searcher.search(r);
    Counts want = brute_force(r);
    // Each facet ignores its own filter: companies are counted without the company filter,
    // dates without the date filter.
    SearchRequest no_company = r;
    no_company.companies.clear();
    SearchRequest no_dates = r;
    no_dates.from.clear();
    no_dates.to.clear();
    Counts want_companies = brute_force(no_company);
    Counts want_dates = brute_force(no_dates);
    ASSERT_TRUE(got.facets);
    EXPECT_TRUE(got.total_exact) << c.query;
    EXPECT_EQ(got.total_articles, want.total) << c.query;
    std::map<std::string, uint64_t> got_companies;
    for (const auto& b : got.facets->company) got_companies[b.value] = b.count;
    EXPECT_EQ(got_companies, want_companies.companies) << c.query;
    EXPECT_EQ(got.facets->date.undated, want_dates.undated) << c.query;
    uint64_t dated = 0;
    for (const auto& b : got.facets->date.buckets) dated += b.count;
    EXPECT_EQ(dated + got.facets->date.undated, want_dates.total) << c.query;
    if (got.facets->date.granularity == "month") {
      std::map<std::string, uint64_t> got_months;
      for (const auto& b : got.facets->date.buckets) {
        if (b.count) got_months[b.value] = b.count;
      }
      EXPECT_EQ(got_months, want_dates.months) << c.query;
    }
  }
}

TEST(Facets, CompanyFacetIgnoresItsOwnFilter) {
  SearchResult unfiltered = run("tiktok", [](SearchRequest& s) { s.facets = true; });
  SearchResult filtered = run("tiktok", [](SearchRequest& s) {
    s.facets = true;
    s.companies = {"Oracle"};
  });
  EXPECT_LT(filtered.total, unfiltered.total);
  // The company facet still shows what the other companies would give.
  std::map<std::string, uint64_t> a, b;
  for (const auto& x : unfiltered.facets->company) a[x.value] = x.count;
  for (const auto& x : filtered.facets->company) b[x.value] = x.count;
  EXPECT_EQ(a, b);
  // The date facet does follow the company filter.
  uint64_t dated = filtered.facets->date.undated;
  for (const auto& x : filtered.facets->date.buckets) dated += x.count;
  EXPECT_EQ(dated, filtered.total);
}

TEST(Facets, DateHistogramGranularityFollowsTheSpan) {
  // The whole corpus spans 1987..2025: years.
  EXPECT_EQ(run("", [](SearchRequest& s) { s.facets = true; }).facets->date.granularity, "year");
  // Articles of 2023-11 (Il Sole 24 Ore sample) only: days.
  SearchResult day = run("", [](SearchRequest& s) {
    s.facets = true;
    s.companies = {"Nonexistent"};
  });
  EXPECT_EQ(day.total, 0u);
  EXPECT_TRUE(day.facets->date.buckets.empty());
}

TEST(Facets, DateFacetIgnoresTheDateFilterButFollowsTheOthers) {
  SearchResult all = run("", [](SearchRequest& s) { s.facets = true; });
  SearchResult filtered = run("", [](SearchRequest& s) {
    s.facets = true;
    s.from = "2008";
    s.to = "2008";
  });
  EXPECT_LT(filtered.total, all.total);
  ASSERT_EQ(filtered.facets->date.buckets.size(), all.facets->date.buckets.size());
  for (size_t i = 0; i < all.facets->date.buckets.size(); ++i) {
    EXPECT_EQ(filtered.facets->date.buckets[i].count, all.facets->date.buckets[i].count);
  }
}

class DateFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    std::string content;
    auto add = [&](const std::string& id, const std::string& date) {
      nlohmann::json j = {{"id", id}, {"title", "Notizia " + id}, {"body", "mercati e borsa oggi"}, {"lang", "it"}};
      if (!date.empty()) j["date"] = date;
      content += j.dump() + "\n";
    };
    add("before", "2020-08-31T23:59:59");
    add("first", "2020-09-01T00:00:00");
    add("mid-a", "2020-09-15T10:00:00");
    add("mid-b", "2020-09-15T10:00:00");
    add("mid-c", "2020-09-15T10:00:00");
    add("last", "2020-09-30T23:59:59");
    add("after", "2020-10-01");
    add("undated", "");
    testing::index_files(dir_->file("db"), {testing::write_file(dir_->file("dates.jsonl"), content)});
  }
  static void TearDownTestSuite() { delete dir_; }
  static SearchResult search(std::function<void(SearchRequest&)> tweak) {
    Searcher s(dir_->file("db"));
    SearchRequest r;
    r.query = "borsa";
    r.limit = 20;
    tweak(r);
    return s.search(r);
  }
  static std::vector<std::string> ids(const SearchResult& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.id);
    return out;
  }
  static testing::TempDir* dir_;
};
testing::TempDir* DateFixture::dir_ = nullptr;

TEST_F(DateFixture, BoundariesAreInclusive) {
  auto r = search([](SearchRequest& s) {
    s.from = "2020-09-01";
    s.to = "2020-09-30";
    s.sort = SortOrder::date;
  });
  EXPECT_EQ(ids(r), (std::vector<std::string>{"last", "mid-a", "mid-b", "mid-c", "first"}));
  auto month = search([](SearchRequest& s) {
    s.from = "2020-09";
    s.to = "2020-09";
  });
  EXPECT_EQ(month.hits.size(), 5u);
  auto syntax = search([](SearchRequest& s) { s.query = "borsa date:2020-09-01..2020-09-30"; });
  EXPECT_EQ(syntax.hits.size(), 5u);
}

TEST_F(DateFixture, HistogramUsesDaysForShortSpansWithZeroDaysFilledIn) {
  auto r = search([](SearchRequest& s) { s.facets = true; });
  EXPECT_EQ(r.facets->date.granularity, "day");
  // 2020-08-31 .. 2020-10-01: 32 days, every one present.
  ASSERT_EQ(r.facets->date.buckets.size(), 32u);
  EXPECT_EQ(r.facets->date.buckets[1].value, "2020-09-01");
  EXPECT_EQ(r.facets->date.buckets[2].count, 0u);
  EXPECT_EQ(r.facets->date.buckets[15].value, "2020-09-15");
  EXPECT_EQ(r.facets->date.buckets[15].count, 3u);
}

TEST_F(DateFixture, UndatedArticlesAreCountedApartNeverAs1970) {
  auto r = search([](SearchRequest& s) { s.facets = true; });
  ASSERT_TRUE(r.facets);
  EXPECT_EQ(r.facets->date.undated, 1u);
  for (const auto& b : r.facets->date.buckets) EXPECT_NE(b.value.substr(0, 4), "1970");
  EXPECT_EQ(r.facets->date.buckets.front().value, "2020-08-31");
  auto filtered = search([](SearchRequest& s) { s.to = "2020-09-30"; });
  for (const auto& h : filtered.hits) EXPECT_NE(h.id, "undated");
}

TEST_F(DateFixture, SortByDateIsNewestFirstStableAndUndatedLast) {
  auto r = search([](SearchRequest& s) { s.sort = SortOrder::date; });
  std::vector<std::string> expected = {"after", "last", "mid-a", "mid-b", "mid-c", "first", "before", "undated"};
  EXPECT_EQ(ids(r), expected);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(ids(search([](SearchRequest& s) { s.sort = SortOrder::date; })), expected);
  // Paging through the same order gives the same sequence.
  std::vector<std::string> paged;
  for (size_t off = 0; off < 8; off += 3) {
    auto page = search([&](SearchRequest& s) {
      s.sort = SortOrder::date;
      s.offset = off;
      s.limit = 3;
    });
    for (const auto& h : page.hits) paged.push_back(h.id);
  }
  EXPECT_EQ(paged, expected);
}

TEST(Search, BadParametersNameTheParameter) {
  Searcher s(bundled_db());
  auto expect_error = [&](std::function<void(SearchRequest&)> tweak, const std::string& param) {
    SearchRequest r;
    tweak(r);
    try {
      s.search(r);
      ADD_FAILURE() << "no error for " << param;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
      EXPECT_EQ(std::string(e.what()).rfind(param + ":", 0), 0u) << e.what();
    }
  };
  expect_error([](SearchRequest& r) { r.from = "2020-13"; }, "from");
  expect_error([](SearchRequest& r) { r.to = "tomorrow"; }, "to");
  expect_error([](SearchRequest& r) { r.lang = "fr"; }, "lang");
  expect_error([](SearchRequest& r) { r.limit = 1000; }, "limit");
  expect_error([](SearchRequest& r) { r.offset = 1000000; }, "offset");
  expect_error(
      [](SearchRequest& r) {
        r.from = "2021";
        r.to = "2020";
      },
      "to");
}

TEST(Search, MissingDatabaseIsUnavailable) {
  try {
    Searcher s("/nonexistent/rassegna.db");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unavailable);
  }
}

}  // namespace
}  // namespace rassegna

namespace rassegna {
namespace {

TEST(Facets, ALongLivedSearcherSeesNewCommitsInItsCounts) {
  testing::TempDir dir;
  auto doc = [](const std::string& id, const std::string& date) {
    nlohmann::json j = {{"id", id}, {"title", "Oracle e TikTok"}, {"date", date}, {"lang", "it"},
                        {"body", "Oracle, il gruppo californiano, tratta con TikTok."}};
    return j.dump() + "\n";
  };
  testing::index_files(dir.file("db"), {testing::write_file(dir.file("a.jsonl"), doc("a", "2020-09-01"))});
  Searcher s(dir.file("db"));
  SearchRequest r;
  r.query = "tiktok";
  r.facets = true;
  SearchResult before = s.search(r);
  ASSERT_EQ(before.total, 1u);
  ASSERT_FALSE(before.facets->company.empty());
  EXPECT_EQ(before.facets->company[0].count, 1u);
  testing::index_files(dir.file("db"), {testing::write_file(dir.file("b.jsonl"), doc("b", "2020-09-02"))});
  SearchResult after = s.search(r);
  EXPECT_EQ(after.total, 2u);
  EXPECT_EQ(after.facets->company[0].count, 2u);
  EXPECT_EQ(after.facets->date.buckets.size(), 2u);
}

}  // namespace
}  // namespace rassegna
