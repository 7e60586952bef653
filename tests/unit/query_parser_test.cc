// The query language: what parses, what is refused with a message, what filters come out.
#include <gtest/gtest.h>

#include <rassegna/error.h>

#include "searcher/query/query_parser.h"

namespace rassegna {
namespace {

entities::Gazetteer test_gazetteer() {
  return entities::Gazetteer::from_companies({
      {"Microsoft", {"Microsoft", "Microsoft Corp", "gruppo di Redmond"}, {"MSFT", "MSFT.O"}, {"Redmond"}, false},
      {"Oracle", {"Oracle", "Oracle Corp"}, {"ORCL", "ORCL.N"}, {}, true},
  });
}

class QueryParserTest : public ::testing::Test {
 protected:
  analysis::Analyzer analyzer_;
  entities::Gazetteer gazetteer_ = test_gazetteer();
  QueryParser parser_{analyzer_, &gazetteer_};

  std::string describe(const std::string& q, const std::string& lang = "") {
    return parser_.parse(q, lang).text.get_description();
  }
};

TEST_F(QueryParserTest, WordsMatchExactFormAndStemsInBothLanguages) {
  std::string d = describe("Amministrazioni");
  EXPECT_NE(d.find("amministrazioni"), std::string::npos) << d;
  EXPECT_NE(d.find("Zamministr"), std::string::npos) << d;
  EXPECT_NE(d.find("SYNONYM"), std::string::npos) << d;
  // Restricted to one language, only its stem.
  std::string en = describe("companies", "en");
  EXPECT_NE(en.find("Zcompani"), std::string::npos) << en;
}

TEST_F(QueryParserTest, ElisionsAndAccentsAreNormalisedLikeTheIndex) {
  ParsedQuery p = parser_.parse("dell’Amministrazione CITTÀ");
  EXPECT_TRUE(p.highlight_exact.count("amministrazione"));
  EXPECT_TRUE(p.highlight_exact.count("citta"));
  EXPECT_TRUE(p.has_text);
}

TEST_F(QueryParserTest, PhrasesAndFields) {
  EXPECT_NE(describe("\"la spunta Oracle\"").find("PHRASE 3"), std::string::npos);
  std::string title = describe("title:oracle");
  EXPECT_NE(title.find("Soracle"), std::string::npos) << title;
  EXPECT_NE(describe("title:\"spunta oracle\"").find("Sspunta"), std::string::npos);
}

TEST_F(QueryParserTest, BooleanOperators) {
  EXPECT_NE(describe("oracle OR microsoft").find(" OR "), std::string::npos);
  EXPECT_NE(describe("oracle -microsoft").find("AND_NOT"), std::string::npos);
  EXPECT_NE(describe("oracle NOT microsoft").find("AND_NOT"), std::string::npos);
  EXPECT_NE(describe("(oracle OR tiktok) AND microsoft").find("AND"), std::string::npos);
  // Lower-case operators are words.
  EXPECT_EQ(describe("oracle or microsoft").find(" OR "), std::string::npos);
}

TEST_F(QueryParserTest, TopLevelFiltersBecomeRequestFilters) {
  ParsedQuery p = parser_.parse("tiktok company:\"gruppo di Redmond\" date:2020-09 lang:it");
  EXPECT_EQ(p.companies, std::vector<std::string>{"Microsoft"});
  EXPECT_EQ(p.date_from, "20200901");
  EXPECT_EQ(p.date_to, "20200930");
  EXPECT_EQ(p.lang, "it");
  ParsedQuery range = parser_.parse("date:2020-09-01..2020-09-30");
  EXPECT_EQ(range.date_from, "20200901");
  EXPECT_EQ(range.date_to, "20200930");
  EXPECT_FALSE(range.has_text);
  ParsedQuery open = parser_.parse("date:..2019");
  EXPECT_EQ(open.date_from, "");
  EXPECT_EQ(open.date_to, "20191231");
  EXPECT_EQ(parser_.parse("company:msft").companies, std::vector<std::string>{"Microsoft"});
  EXPECT_EQ(parser_.parse("company:ORCL.N").companies, std::vector<std::string>{"Oracle"});
}

TEST_F(QueryParserTest, PlainConjunctionsAreHandedToTheDirectMatcher) {
  ParsedQuery p = parser_.parse("Banche -fusione company:oracle date:2020 title:governo", "it");
  ASSERT_TRUE(p.conjunction);
  ASSERT_EQ(p.conjunction->required.size(), 2u);
  EXPECT_EQ(p.conjunction->required[0], (std::vector<std::string>{"banche", "Zbanc"}));
  EXPECT_EQ(p.conjunction->required[1], (std::vector<std::string>{"Sgoverno", "ZSgovern"}));
  ASSERT_EQ(p.conjunction->excluded.size(), 1u);
  EXPECT_EQ(p.conjunction->excluded[0].front(), "fusione");
  EXPECT_EQ(p.companies, std::vector<std::string>{"Oracle"});  // filters stay request filters
  EXPECT_TRUE(parser_.parse("").conjunction);                      // everything
  EXPECT_TRUE(parser_.parse("NOT borsa").conjunction);
  EXPECT_EQ(parser_.parse("\"Borsa\"").conjunction->required[0], std::vector<std::string>{"borsa"});  // exact only
  // Anything that is not a flat AND of words goes to Xapian's Enquire.
  for (const char* q : {"\"borsa italiana\"", "borsa OR mercati", "(borsa)", "borsa NOT company:oracle",
                        "-\"borsa italiana\"", "title:\"borsa italiana\""}) {
    EXPECT_FALSE(parser_.parse(q).conjunction) << q;
  }
}

TEST_F(QueryParserTest, EmptyAndPunctuationOnlyQueriesMatchEverything) {
  EXPECT_FALSE(parser_.parse("").has_text);
  EXPECT_FALSE(parser_.parse("  ... !!").has_text);
}

TEST_F(QueryParserTest, ColonsInOrdinaryTextAreNotFields) {
  ParsedQuery p = parser_.parse("ratio 3:1 TikTok:");
  EXPECT_TRUE(p.has_text);
}

TEST_F(QueryParserTest, BadQueriesGetPositionedMessages) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"(oracle", "position 1"},          {"oracle)", "without a matching"},  {"\"la spunta", "never closed"},
      {"oracle AND", "AND needs"},        {"OR oracle", "OR needs"},          {"oracle NOT", "NOT needs"},
      {"date:2020-13", "not a date"},     {"date:2021..2020", "ends before"}, {"lang:italiano", "lang:it"},
      {"company:", "needs a value"},
  };
  for (const auto& [q, message] : bad) {
    try {
      parser_.parse(q);
      ADD_FAILURE() << "no error for " << q;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::invalid_argument) << q;
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << q << " -> " << e.what();
    }
  }
  // The query's length is bounded by the Searcher (SearchLimits; tests/api/limits_test.cc).
}

}  // namespace
}  // namespace rassegna
