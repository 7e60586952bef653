// Analysis tables: tokenization, elision, possessives, folding, stemming, language detection.
#include <gtest/gtest.h>

#include <rassegna/analysis/analyzer.h>
#include <rassegna/analysis/tokenizer.h>

#include "indexer/analysis/language.h"

namespace rassegna::analysis {
namespace {

std::vector<std::string> terms(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& t : tokenize(text)) out.push_back(t.term);
  return out;
}

using Terms = std::vector<std::string>;

TEST(Tokenizer, ItalianElisionWithBothApostrophes) {
  const std::vector<std::string> prefixes = {"l", "dell", "all", "dall", "nell", "sull", "un", "d", "c",
                                             "quest", "quell", "coll", "bell", "sant", "nessun", "tutt"};
  for (const std::string apostrophe : {"'", "\u2019"}) {
    for (const auto& prefix : prefixes) {
      std::string text = prefix + apostrophe + "amministrazione";
      EXPECT_EQ(terms(text), Terms{"amministrazione"}) << text;
      // Capitalised at the start of a sentence too.
      std::string upper = text;
      upper[0] = static_cast<char>(std::toupper(upper[0]));
      EXPECT_EQ(terms(upper), Terms{"amministrazione"}) << upper;
    }
  }
}

TEST(Tokenizer, ElisionOffsetsPointAtTheWord) {
  std::string text = "esponenti dell\u2019amministrazione USA";
  auto tokens = tokenize(text);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(text.substr(tokens[1].begin, tokens[1].end - tokens[1].begin), "amministrazione");
}

TEST(Tokenizer, PoStaysAWord) {
  EXPECT_EQ(terms("un po\u2019 di tempo"), (Terms{"un", "po", "di", "tempo"}));
  EXPECT_EQ(terms("un po' di tempo"), (Terms{"un", "po", "di", "tempo"}));
}

TEST(Tokenizer, EnglishPossessivesAndClitics) {
  EXPECT_EQ(terms("Microsoft\u2019s cloud"), (Terms{"microsoft", "cloud"}));
  EXPECT_EQ(terms("Microsoft's cloud"), (Terms{"microsoft", "cloud"}));
  EXPECT_EQ(terms("we're here"), (Terms{"we", "here"}));
  EXPECT_EQ(terms("don't"), Terms{"dont"});
  EXPECT_EQ(terms("O'Brien"), Terms{"obrien"});
}

TEST(Tokenizer, FoldsCaseAccentsAndCompatibilityForms) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Perché", "perche"},   {"CITTÀ", "citta"},     {"società", "societa"}, {"Nestlé", "nestle"},
      {"ﬁnanza", "finanza"},  {"ＩＢＭ", "ibm"},       {"Straße", "strasse"},  {"è", "e"},
      {"perche\u0301", "perche"},  // decomposed accent
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(terms(in), Terms{out}) << in;
}

TEST(Tokenizer, NumbersAndPunctuation) {
  EXPECT_EQ(terms("il 3,5% e 2.5 milioni"), (Terms{"il", "3,5", "e", "2.5", "milioni"}));
  EXPECT_EQ(terms("e-commerce, S&P 500."), (Terms{"e", "commerce", "s", "p", "500"}));
  EXPECT_EQ(terms("fine."), Terms{"fine"});
  EXPECT_TRUE(terms("… — « » !?").empty());
}

TEST(Tokenizer, DropsAbsurdlyLongTokens) {
  std::string long_word(200, 'a');
  EXPECT_EQ(terms(long_word + " ok"), Terms{"ok"});
}

TEST(Analyzer, ItalianStemsConflateSingularAndPlural) {
  Analyzer a;
  EXPECT_EQ(a.stem("amministrazioni", "it"), a.stem("amministrazione", "it"));
  EXPECT_EQ(a.stem("aziende", "it"), a.stem("azienda", "it"));
  EXPECT_EQ(a.stem("citta", "it"), a.stem("citta", "it"));
  EXPECT_EQ(a.stem("companies", "en"), a.stem("company", "en"));
  EXPECT_EQ(a.stem("word", "fr"), "word");  // unstemmed languages pass through
  EXPECT_EQ(a.stem("2020", "en"), "2020");
}

struct LanguageCase {
  const char* title;
  const char* body;
  const char* lang;
};

TEST(Language, DetectsItalianAndEnglishAndOthers) {
  const std::vector<LanguageCase> cases = {
      {"TikTok: Microsoft fuori dai giochi, la spunta Oracle",
       "Alla fine la spunterà Oracle: il gruppo californiano diventerà Trusted Tech Partner di TikTok per quanto "
       "riguarda l’attività della piattaforma negli Stati Uniti.",
       "it"},
      {"BAHIA COCOA REVIEW",
       "SHOWERS CONTINUED THROUGHOUT THE WEEK IN THE BAHIA COCOA ZONE, ALLEVIATING THE DROUGHT SINCE EARLY JANUARY "
       "AND IMPROVING PROSPECTS FOR THE COMING TEMPORAO.",
       "en"},
      {"Oracle beats estimates", "Oracle said on Thursday that its quarterly profit rose more than expected.", "en"},
      {"Il governo vara la manovra", "Il consiglio dei ministri ha approvato la legge di bilancio per il 2024.", "it"},
      {"Le gouvernement présente son budget",
       "Le conseil des ministres a adopté mercredi le projet de loi de finances pour l'année prochaine, avec des "
       "économies importantes dans la plupart des ministères.",
       "fr"},
      {"Die Regierung legt den Haushalt vor",
       "Das Kabinett hat am Mittwoch den Entwurf für den Bundeshaushalt des kommenden Jahres beschlossen, mit "
       "deutlichen Einsparungen in den meisten Ministerien.",
       "de"},
  };
  for (const auto& c : cases) EXPECT_EQ(detect_language(c.title, c.body), c.lang) << c.title;
}

TEST(Language, NothingToSayIsUndetermined) {
  EXPECT_EQ(detect_language("", "12345 67890"), "und");
}

}  // namespace
}  // namespace rassegna::analysis
