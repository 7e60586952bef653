// The query language: the tree each form parses to, what is refused with a message, which
// filters stand beside the text, and which trees the direct matcher may take.
#include <gtest/gtest.h>

#include <rassegna/error.h>

#include "searcher/query/lowering.h"
#include "searcher/query/query_parser.h"
#include "tests/common/expected_trees.h"

namespace rassegna {
namespace {

using Kind = QueryNode::Kind;

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

  QueryNode tree(const std::string& q, const std::string& lang = "") { return parser_.parse(q, lang).tree; }

  // Expected trees, built by hand (tests/common/expected_trees.h).
  testing::Trees trees_{analyzer_, ""};
  QueryNode word(const std::string& folded, bool title = false) const { return trees_.word(folded, title); }
  static QueryNode exact(const std::string& folded) { return testing::Trees::exact(folded); }
  static QueryNode phrase(std::vector<std::string> words, bool title = false) {
    return testing::Trees::phrase(std::move(words), title);
  }
  static QueryNode filter(Kind kind, const std::string& name, const std::string& from = "", const std::string& to = "") {
    return testing::Trees::filter(kind, name, from, to);
  }
  static QueryNode op(Kind kind, std::vector<QueryNode> children) { return testing::Trees::op(kind, std::move(children)); }
  static QueryNode no(QueryNode child) { return testing::Trees::no(std::move(child)); }
};

TEST_F(QueryParserTest, WordsMatchExactFormAndStemsInBothLanguages) {
  QueryNode n = tree("Amministrazioni");
  ASSERT_EQ(n.kind, Kind::word);
  EXPECT_EQ(n.words, std::vector<std::string>{"amministrazioni"});
  EXPECT_NE(std::find(n.stems.begin(), n.stems.end(), "amministr"), n.stems.end()) << describe(n);
  EXPECT_EQ(word_terms(n).front(), "amministrazioni");
  EXPECT_EQ(word_terms(n).at(1), "Z" + n.stems[0]);
  // Restricted to one language, only its stem.
  EXPECT_EQ(tree("companies", "en").stems, std::vector<std::string>{"compani"});
}

TEST_F(QueryParserTest, ElisionsAndAccentsAreNormalisedLikeTheIndex) {
  ParsedQuery p = parser_.parse("dell’Amministrazione CITTÀ");
  EXPECT_EQ(p.tree, op(Kind::and_, {word("amministrazione"), word("citta")})) << describe(p.tree);
  EXPECT_TRUE(p.highlight_exact.count("amministrazione"));
  EXPECT_TRUE(p.highlight_exact.count("citta"));
}

TEST_F(QueryParserTest, PhrasesAndFields) {
  EXPECT_EQ(tree("\"la spunta Oracle\""), phrase({"la", "spunta", "oracle"}));
  EXPECT_EQ(tree("\"Borsa\""), exact("borsa"));  // one quoted word: its exact form only
  EXPECT_EQ(tree("title:oracle"), word("oracle", true));
  EXPECT_EQ(tree("title:\"spunta oracle\""), phrase({"spunta", "oracle"}, true));
  EXPECT_EQ(word_terms(word("oracle", true)).front(), "Soracle");
  QueryNode colon = tree("ratio 3:1 TikTok:");  // colons in ordinary text are not fields
  ASSERT_EQ(colon.kind, Kind::and_) << describe(colon);
  for (const auto& c : colon.children) EXPECT_TRUE(c.kind == Kind::word || c.kind == Kind::phrase) << describe(colon);
}

TEST_F(QueryParserTest, OperatorsNegationAndPrecedence) {
  const QueryNode a = word("alfa"), b = word("beta"), c = word("gamma");
  const std::vector<std::pair<std::string, QueryNode>> cases = {
      {"alfa NOT beta", op(Kind::and_, {a, no(b)})},
      {"alfa -beta", op(Kind::and_, {a, no(b)})},
      {"alfa AND NOT beta", op(Kind::and_, {a, no(b)})},
      {"NOT beta alfa", op(Kind::and_, {no(b), a})},
      {"NOT beta", no(b)},
      {"-alfa -beta", op(Kind::and_, {no(a), no(b)})},
      {"NOT NOT alfa", a},
      {"+alfa", a},
      {"alfa AND beta", op(Kind::and_, {a, b})},
      {"alfa OR beta gamma", op(Kind::or_, {a, op(Kind::and_, {b, c})})},
      {"alfa OR NOT beta", op(Kind::or_, {a, no(b)})},
      {"(alfa OR beta) gamma", op(Kind::and_, {op(Kind::or_, {a, b}), c})},
      {"-(alfa OR beta) gamma", op(Kind::and_, {no(op(Kind::or_, {a, b})), c})},
      {"NOT (alfa beta)", no(op(Kind::and_, {a, b}))},
      {"(alfa beta) gamma", op(Kind::and_, {a, b, c})},  // nested ANDs are one
      {"alfa OR (beta OR gamma)", op(Kind::or_, {a, b, c})},
      {"alfa or beta", op(Kind::and_, {a, word("or"), b})},  // lower case: a word
      {"alfa !! OR beta", op(Kind::or_, {a, b})},             // no word: left out
      {"alfa \"\" - beta", op(Kind::and_, {a, b})},
      {"!! ...", QueryNode{}},
      {"", QueryNode{}},
  };
  for (const auto& [q, want] : cases) {
    QueryNode got = tree(q);
    EXPECT_EQ(got, want) << q << "\n got  " << describe(got) << "\n want " << describe(want);
  }
}

TEST_F(QueryParserTest, FiltersAreLeavesAndTopLevelOnesStandApart) {
  QueryNode t = tree("tiktok company:\"gruppo di Redmond\" date:2020-09 lang:IT");
  EXPECT_EQ(t, op(Kind::and_, {word("tiktok"), filter(Kind::company, "Microsoft"),
                               filter(Kind::date, "", "20200901", "20200930"), filter(Kind::lang, "it")}))
      << describe(t);
  SplitQuery s = split_filters(t);
  EXPECT_EQ(s.text, word("tiktok"));
  EXPECT_EQ(s.companies, std::vector<std::string>{"Microsoft"});
  EXPECT_EQ(s.from, "20200901");
  EXPECT_EQ(s.to, "20200930");
  EXPECT_EQ(s.langs, std::vector<std::string>{"it"});

  EXPECT_EQ(tree("date:..2019"), filter(Kind::date, "", "", "20191231"));
  EXPECT_EQ(tree("company:msft"), filter(Kind::company, "Microsoft"));
  EXPECT_EQ(tree("company:ORCL.N"), filter(Kind::company, "Oracle"));
  EXPECT_EQ(split_filters(tree("date:2020 date:2020-03..2021")).from, "20200301");
  EXPECT_EQ(split_filters(tree("date:2020 date:2020-03..2021")).to, "20201231");
  EXPECT_EQ(split_filters(tree("company:msft")).text, QueryNode{});
  // Under OR or NOT a filter is part of the text.
  for (const char* q : {"tiktok OR company:oracle", "tiktok -company:oracle", "(tiktok OR bytedance) -lang:en"}) {
    SplitQuery o = split_filters(tree(q));
    EXPECT_TRUE(o.companies.empty() && o.langs.empty()) << q;
  }
}

TEST_F(QueryParserTest, HighlightingNeverMarksNegatedWords) {
  ParsedQuery p = parser_.parse("tiktok NOT oracle -microsoft (bytedance OR NOT apple) \"la spunta\"");
  EXPECT_EQ(p.highlight_exact, (std::set<std::string>{"tiktok", "bytedance", "la", "spunta"}));
  for (const char* negated : {"oracl", "microsoft", "appl"}) EXPECT_FALSE(p.highlight_stems.count(negated)) << negated;
}

TEST_F(QueryParserTest, OnlyFlatConjunctionsOfWordsLowerToTheDirectMatcher) {
  QueryNode t = tree("Banche -fusione title:governo", "it");
  std::optional<Conjunction> c = to_conjunction(t);
  ASSERT_TRUE(c);
  ASSERT_EQ(c->required.size(), 2u);
  EXPECT_EQ(c->required[0], (std::vector<std::string>{"banche", "Zbanc"}));
  EXPECT_EQ(c->required[1], (std::vector<std::string>{"Sgoverno", "ZSgovern"}));
  ASSERT_EQ(c->excluded.size(), 1u);
  EXPECT_EQ(c->excluded[0].front(), "fusione");
  // The finding of issue 10: NOT excluded nothing on the direct path.
  c = to_conjunction(tree("tiktok NOT oracle"));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->required.size(), 1u);
  EXPECT_EQ(c->excluded.size(), 1u);
  EXPECT_TRUE(to_conjunction(QueryNode{}));
  EXPECT_TRUE(to_conjunction(tree("NOT borsa")));
  EXPECT_TRUE(to_conjunction(split_filters(tree("borsa company:oracle date:2020")).text));
  EXPECT_EQ(to_conjunction(tree("\"Borsa\""))->required[0], std::vector<std::string>{"borsa"});
  for (const char* q : {"\"borsa italiana\"", "borsa OR mercati", "borsa NOT company:oracle", "-\"borsa italiana\"",
                        "title:\"borsa italiana\"", "NOT (borsa mercati)", "borsa OR NOT mercati"}) {
    EXPECT_FALSE(to_conjunction(split_filters(tree(q)).text)) << q;
  }
}

TEST_F(QueryParserTest, XapianLoweringKeepsTheMeaning) {
  auto xq = [&](const std::string& q) { return to_xapian(split_filters(tree(q)).text).get_description(); };
  EXPECT_NE(xq("alfa NOT beta").find("AND_NOT"), std::string::npos);
  EXPECT_NE(xq("alfa").find("SYNONYM"), std::string::npos);
  EXPECT_NE(xq("\"alfa beta\"").find("PHRASE 2"), std::string::npos);
  EXPECT_NE(xq("NOT alfa").find("AND_NOT"), std::string::npos);
  EXPECT_NE(xq("alfa OR NOT beta").find("OR"), std::string::npos);
}

TEST_F(QueryParserTest, BadQueriesGetPositionedMessages) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"(oracle", "position 1: the '(' opened here is never closed"},
      {"oracle)", "position 7: ')' without a matching '('"},
      {"città \"la spunta", "position 7: the quote opened here is never closed"},  // characters, not bytes
      {"oracle AND", "position 8: AND needs a term on both sides"},
      {"AND oracle", "position 1: AND needs"},
      {"oracle AND OR tiktok", "position 8: AND needs"},
      {"OR oracle", "position 1: OR needs a term before it"},
      {"oracle OR", "position 8: OR needs a term after it"},
      {"(OR oracle)", "position 2: OR needs"},
      {"oracle NOT", "position 8: NOT needs a term after it"},
      {"NOT OR a", "position 1: NOT needs"},
      {"a () b", "position 3: empty parentheses"},
      {"-()", "position 1: empty parentheses"},
      {"date:2020-13", "not a date"},
      {"date:2021..2020", "ends before"},
      {"lang:italiano", "lang:it"},
      {"company:", "needs a value"},
      {"title:\"\"", "needs a value"},
      {std::string(70, '(') + "a" + std::string(70, ')'), "nest more than 64"},
      {"NOT " + [] {
         std::string s;
         for (int i = 0; i < 70; ++i) s += "NOT ";
         return s;
       }() + "a",
       "nest more than 64"},
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
