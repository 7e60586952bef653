// Company tagging on real text with the bundled gazetteer, and its precision and recall on
// the hand-checked sample (tests/data/companies_gold.jsonl).
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <set>

#include "indexer/entities/company_tagger.h"
#include "indexer/indexing_run.h"
#include "searcher/query/searcher.h"
#include "tests/common/test_support.h"

namespace rassegna {
namespace {

using testing::source_path;

const entities::Gazetteer& gazetteer() {
  static const entities::Gazetteer g = entities::Gazetteer::load(source_path("corpus/companies.tsv"));
  return g;
}

std::vector<std::string> tag(const std::string& title, const std::string& body, std::vector<std::string> orgs = {}) {
  Article a;
  a.title = title;
  a.body = body;
  a.orgs = std::move(orgs);
  return entities::CompanyTagger(gazetteer()).tag(a);
}

using Names = std::vector<std::string>;

TEST(Companies, SeedIsTaggedWithItsFourCompanies) {
  Searcher s(testing::bundled_db());
  Article seed = s.article("000_2554df1404ea1ded");
  EXPECT_EQ(seed.companies, (Names{"ByteDance", "Microsoft", "Oracle", "TikTok"}));
}

TEST(Companies, AliasesPossessivesElisionsAndTickers) {
  EXPECT_EQ(tag("", "Fino ai giorni scorsi il gruppo di Redmond era dato come favorito."), Names{"Microsoft"});
  EXPECT_EQ(tag("", "Microsoft’s offer was turned down."), Names{"Microsoft"});
  EXPECT_EQ(tag("", "Le azioni dell’Oracle sono salite."), Names{"Oracle"});
  EXPECT_EQ(tag("", "Big Blue said it would cut jobs."), Names{"IBM"});
  EXPECT_EQ(tag("", "Exxon Mobil Corp ( XOM.N ) rose 2 percent."), Names{"Exxon Mobil"});
  EXPECT_EQ(tag("", "Shares of the company ( GOOG.O ) fell."), Names{"Google"});
}

TEST(Companies, InputOrgsAreMergedWhenKnown) {
  EXPECT_EQ(tag("Markets", "Stocks fell.", {"JPM.N", "not-a-company"}), Names{"JPMorgan Chase"});
}

TEST(Companies, OrdinaryWordsAreNotCompanies) {
  EXPECT_EQ(tag("", "She ate an apple and walked along the shell-covered beach."), Names{});
  EXPECT_EQ(tag("", "The Amazon river floods every year, and the rainforest suffers."), Names{});
  EXPECT_EQ(tag("", "Per i greci l’oracolo di Delfi era un oracle da consultare."), Names{});
  EXPECT_EQ(tag("", "Redmond is a city in Washington state with many parks."), Names{});
  // ... but the same names with company evidence are.
  EXPECT_EQ(tag("", "Apple Inc reported record iPhone sales."), Names{"Apple"});
  EXPECT_EQ(tag("", "Shell said its quarterly profit rose as oil prices climbed; the company will buy back shares."),
            Names{"Shell"});
}

TEST(Companies, PrecisionAndRecallOnTheHandCheckedSample) {
  // Gold labels were made by reading each article; the articles are in the bundled corpus.
  std::map<std::string, std::set<std::string>> gold;
  std::ifstream in(source_path("tests/data/companies_gold.jsonl"));
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    gold[j["id"]] = j["companies"].get<std::set<std::string>>();
  }
  ASSERT_GE(gold.size(), 100u);
  Searcher s(testing::bundled_db());
  size_t tp = 0, fp = 0, fn = 0;
  for (const auto& [id, want] : gold) {
    Article a = s.article(id);
    std::set<std::string> got(a.companies.begin(), a.companies.end());
    for (const auto& c : got) {
      if (want.count(c)) {
        ++tp;
      } else {
        ++fp;
        std::cout << "  false positive: " << id << " " << c << "\n";
      }
    }
    for (const auto& c : want) {
      if (!got.count(c)) {
        ++fn;
        std::cout << "  missed: " << id << " " << c << "\n";
      }
    }
  }
  double precision = static_cast<double>(tp) / static_cast<double>(tp + fp);
  double recall = static_cast<double>(tp) / static_cast<double>(tp + fn);
  std::cout << "company tagging on " << gold.size() << " articles: precision " << precision << ", recall " << recall
            << " (tp " << tp << ", fp " << fp << ", fn " << fn << ")\n";
  EXPECT_GE(precision, 0.90);
  EXPECT_GE(recall, 0.85);
}

}  // namespace
}  // namespace rassegna

namespace rassegna {
namespace {

TEST(Companies, RetagAfterEditingTheGazetteerWithoutReadingTheCorpus) {
  testing::TempDir dir;
  std::string input = testing::write_file(
      dir.file("a.jsonl"),
      "{\"id\": \"r1\", \"title\": \"Acquisti\", \"body\": \"La Zanzibarite Holding compra la Gamma Srl.\", "
      "\"lang\": \"it\"}\n");
  testing::index_files(dir.file("db"), {input});
  std::filesystem::remove(input);  // the corpus is gone: re-tagging must not need it
  {
    Searcher s(dir.file("db"));
    EXPECT_TRUE(s.article("r1").companies.empty());
  }
  auto edited = entities::Gazetteer::from_companies({{"Zanzibarite", {"Zanzibarite Holding"}, {}, {}, false}});
  entities::CompanyTagger tagger(edited);
  EXPECT_EQ(retag_database(dir.file("db"), tagger, {}), 1u);
  Searcher s(dir.file("db"));
  EXPECT_EQ(s.article("r1").companies, (Names{"Zanzibarite"}));
  SearchRequest r;
  r.companies = {"Zanzibarite"};
  EXPECT_EQ(s.search(r).total, 1u);
  // Nothing else changed: the text is still searchable.
  r.companies.clear();
  r.query = "gamma";
  EXPECT_EQ(s.search(r).total, 1u);
}

}  // namespace
}  // namespace rassegna
