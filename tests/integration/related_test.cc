// Related coverage (Searcher::related) on the bundled corpus's real articles, with republished
// copies added: the articles most like a Reuters factbox on Apple's iPad 2 are about Apple and
// tablets, never the article itself nor its copies (a real one in the corpus, three made here),
// one hit per story, and a date window keeps only articles near the article's date.
#include <algorithm>
#include <chrono>
#include <gtest/gtest.h>
#include <set>

#include <rassegna/analysis/folding.h>
#include <rassegna/dates.h>
#include <rassegna/error.h>

#include "near_duplicates.h"
#include "searcher/query/searcher.h"
#include "tests/common/test_support.h"

namespace rassegna {
namespace {

// Days between two YYYYMMDD keys.
long days_between(const std::string& a, const std::string& b) {
  using namespace std::chrono;
  auto at = [](const std::string& k) {
    return sys_days{year_month_day{year{std::stoi(k.substr(0, 4))}, month{static_cast<unsigned>(std::stoi(k.substr(4, 2)))},
                                   day{static_cast<unsigned>(std::stoi(k.substr(6, 2)))}}};
  };
  return std::labs((at(a) - at(b)).count());
}

bool about_tablets(const Article& a) {
  const std::string text = analysis::fold(a.title + " " + a.body);
  return text.find("apple") != std::string::npos || text.find("tablet") != std::string::npos;
}

// The bundled corpus (583 real articles, 300 English from Reuters), plus copies: three of the
// seed, an iPad 2 factbox (which already has a real copy in the corpus, ...FN...), three of a
// Samsung Galaxy Tab story, and one of a Samsung results story re-dated to two days after the
// seed (months from its original: a story of its own).
constexpr const char* kSeed = "reuters-fin-20110303-us-ipad-idUSTRE7220CP20110303";
constexpr const char* kSeedCopy = "reuters-fin-20110303-us-ipad-idUSTRE7220FN20110303";
constexpr const char* kGalaxy = "reuters-fin-20120928-us-apple-samsung-ruling-idUSBRE88R11V20120928";
constexpr const char* kResults = "reuters-fin-20110128-us-samsung-idUSTRE70Q51B20110128";

class Related : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    std::vector<Article> all = testing::read_jsonl(testing::source_path(testing::kSampleJsonl));
    std::vector<Article> added;
    for (const auto& a : all) {
      if (a.id == kSeed) {
        seed_ = new Article(a);
        for (int v = 0; v < 3; ++v) added.push_back(testing::republished(a, a.id + "-copy" + std::to_string(v), v));
      }
      if (a.id == kGalaxy) {
        for (int v = 0; v < 3; ++v) added.push_back(testing::republished(a, a.id + "-copy" + std::to_string(v), v));
      }
      if (a.id == kResults) {
        added.push_back(testing::republished(a, a.id + "-redated", 0));
        added.back().date = "2011-03-04";
      }
    }
    ASSERT_NE(seed_, nullptr);
    ASSERT_EQ(added.size(), 7u);
    all.insert(all.end(), added.begin(), added.end());
    testing::index_files(dir_->file("db"), {testing::write_jsonl(dir_->file("in.jsonl"), all)});
  }
  static void TearDownTestSuite() {
    delete seed_;
    delete dir_;
  }
  static testing::TempDir* dir_;
  static Article* seed_;
};
testing::TempDir* Related::dir_ = nullptr;
Article* Related::seed_ = nullptr;

TEST_F(Related, SameTopicFirstWithoutItselfOrItsCopies) {
  Searcher searcher(dir_->file("db"));
  const SearchResult r = searcher.related(kSeed, 0, 10);
  ASSERT_EQ(r.hits.size(), 10u);
  EXPECT_TRUE(r.collapsed);
  size_t on_topic = 0, rank = 0;
  std::set<std::string> seen;
  for (const auto& h : r.hits) {
    EXPECT_EQ(h.id.find(kSeed), std::string::npos) << "the article or a copy of it came back: " << h.id;
    EXPECT_NE(h.id, kSeedCopy) << "the corpus's own copy of the article came back";
    if (rank++ < 5) on_topic += about_tablets(searcher.article(h.id));
    // One hit per story: never an article and a copy of it.
    const std::string base = h.id.substr(0, h.id.find("-copy"));
    EXPECT_TRUE(seen.insert(base).second) << "two copies of " << base;
  }
  // About 100 of the 590 articles name Apple or tablets: by chance one of the first five would
  // (three or more: about 3% by chance).
  EXPECT_GE(on_topic, 3u);
  for (size_t i = 1; i < r.hits.size(); ++i) EXPECT_GE(r.hits[i - 1].score, r.hits[i].score);
}

TEST_F(Related, DateWindowKeepsArticlesNearItsDate) {
  Searcher searcher(dir_->file("db"));
  const auto day = parse_article_date(seed_->date);
  ASSERT_TRUE(day.has_value());
  const SearchResult all = searcher.related(kSeed, 0, 50);
  const SearchResult near = searcher.related(kSeed, 3, 50);
  EXPECT_LT(near.total, all.total);
  ASSERT_FALSE(near.hits.empty()) << "the copy dated 2011-03-04 is within 3 days";
  for (const auto& h : near.hits) {
    const auto d = parse_article_date(h.date);
    ASSERT_TRUE(d.has_value()) << h.id << " has no date but the window asked for one";
    EXPECT_LE(days_between(d->day_key(), day->day_key()), 3) << h.id << " " << h.date << " is not within 3 days of "
                                                             << seed_->date;
  }
  // The re-dated copy is there, alone in its story: its original is weeks away (a wire story is
  // republished within days; max_days_apart), so it is no near-duplicate of it.
  const auto redated = std::find_if(near.hits.begin(), near.hits.end(), [](const Hit& h) { return h.id.rfind(kResults, 0) == 0; });
  ASSERT_NE(redated, near.hits.end());
  EXPECT_EQ(redated->id, std::string(kResults) + "-redated");
  EXPECT_EQ(redated->duplicate_count, 0u);
}

TEST_F(Related, RefusesUnknownIdsAndBadLimits) {
  Searcher searcher(dir_->file("db"));
  try {
    searcher.related("no-such-article");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::not_found);
  }
  try {
    searcher.related(kSeed, 0, 100000);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
    EXPECT_EQ(e.param(), "limit");
  }
}

}  // namespace
}  // namespace rassegna
