// Snippets: the matched words are marked even inside elided, accented or inflected forms,
// and the text is always escaped.
#include <gtest/gtest.h>

#include "searcher/query/query_parser.h"
#include "searcher/query/snippet.h"

namespace rassegna {
namespace {

class SnippetTest : public ::testing::Test {
 protected:
  std::string snippet(const std::string& text, const std::string& query, const std::string& lang = "it",
                      size_t max_bytes = 260) {
    ParsedQuery p = parser_.parse(query);
    SnippetOptions o;
    o.max_bytes = max_bytes;
    return make_snippet(text, lang, p, analyzer_, o);
  }
  analysis::Analyzer analyzer_;
  QueryParser parser_{analyzer_, nullptr};
};

TEST_F(SnippetTest, MarksElidedWordsAndInflections) {
  std::string s = snippet("Gli esponenti dell’amministrazione USA e delle amministrazioni locali.", "amministrazione");
  EXPECT_NE(s.find("dell’<mark>amministrazione</mark>"), std::string::npos) << s;
  EXPECT_NE(s.find("<mark>amministrazioni</mark>"), std::string::npos) << s;
}

TEST_F(SnippetTest, MarksAccentedWordsFromUnaccentedQueries) {
  std::string s = snippet("La città è cambiata, perché la società cresce.", "citta perche societa");
  EXPECT_NE(s.find("<mark>città</mark>"), std::string::npos) << s;
  EXPECT_NE(s.find("<mark>perché</mark>"), std::string::npos) << s;
  EXPECT_NE(s.find("<mark>società</mark>"), std::string::npos) << s;
}

TEST_F(SnippetTest, MarksPossessives) {
  std::string s = snippet("Microsoft’s offer was rejected.", "microsoft", "en");
  EXPECT_NE(s.find("<mark>Microsoft</mark>’s"), std::string::npos) << s;
}

TEST_F(SnippetTest, NeverMarksNegatedWords) {
  const std::string text = "TikTok: Microsoft fuori dai giochi, la spunta Oracle.";
  for (const char* q : {"tiktok NOT oracle", "tiktok -oracle", "tiktok AND NOT (oracle OR microsoft)", "NOT oracle"}) {
    std::string s = snippet(text, q);
    EXPECT_EQ(s.find("<mark>Oracle</mark>"), std::string::npos) << q << " -> " << s;
  }
  EXPECT_NE(snippet(text, "tiktok NOT oracle").find("<mark>TikTok</mark>"), std::string::npos);
}

TEST_F(SnippetTest, EscapesMarkupInText) {
  std::string s = snippet("Attack: <script>alert(1)</script> & <img src=x onerror=alert(2)> alert", "alert", "en");
  EXPECT_EQ(s.find("<script>"), std::string::npos) << s;
  EXPECT_EQ(s.find("<img"), std::string::npos) << s;
  EXPECT_NE(s.find("&lt;script&gt;"), std::string::npos) << s;
  EXPECT_NE(s.find("&amp;"), std::string::npos) << s;
}

TEST_F(SnippetTest, ChoosesTheWindowWithMostQueryWords) {
  std::string filler;
  for (int i = 0; i < 80; ++i) filler += "parola ";
  std::string text = "Oracle apre. " + filler + "Oracle e TikTok firmano l'accordo. " + filler;
  std::string s = snippet(text, "oracle tiktok", "it", 120);
  EXPECT_NE(s.find("<mark>TikTok</mark>"), std::string::npos) << s;
  EXPECT_NE(s.find("<mark>Oracle</mark> e"), std::string::npos) << s;
  EXPECT_EQ(s.rfind("… ", 0), 0u) << s;  // cut at the start
  EXPECT_LE(s.size(), 120u + 80u);
}

TEST_F(SnippetTest, NoMatchGivesTheOpening) {
  std::string s = snippet("Prima frase. Seconda frase.", "assente");
  EXPECT_EQ(s, "Prima frase. Seconda frase.");
}

TEST_F(SnippetTest, NeverCutsInsideAWordOrCharacter) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "perché città ";
  std::string s = snippet(text + "fine", "fine", "it", 50);
  EXPECT_NE(s.find("<mark>fine</mark>"), std::string::npos);
  EXPECT_TRUE(s.find("perch ") == std::string::npos) << s;
}

}  // namespace
}  // namespace rassegna
