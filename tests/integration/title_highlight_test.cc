// A hit's title_html: the title HTML-escaped, with <mark> around the words the query matches,
// found the way the snippet finds them (the shared Analyzer: inflections through the stems,
// accents folded, elisions split), on the direct matcher and on Xapian's Enquire alike.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "searcher/query/searcher.h"
#include "tests/common/test_support.h"

namespace rassegna {
namespace {

class TitleHighlight : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    std::string lines;
    for (const nlohmann::json& a : {
             nlohmann::json{{"id", "citta"}, {"lang", "it"}, {"date", "2021-05-04"},
                            {"title", "Le città e l’amministrazione dei porti"},
                            {"body", "Nel corpo del testo non compare nessuna delle parole cercate."}},
             nlohmann::json{{"id", "markup"}, {"lang", "en"}, {"date", "2021-05-05"},
                            {"title", "AT&T's shares & bonds \"rallied\" for the companies"},
                            {"body", "Markets were calm; a plain body with other words."}},
         }) {
      lines += a.dump() + "\n";
    }
    testing::index_files(dir_->file("db"), {testing::write_file(dir_->file("a.jsonl"), lines)});
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  // The title_html of article `id` for `query`, on the direct matcher or on Enquire.
  static std::string title_html(const std::string& query, const std::string& id, bool direct) {
    SearcherOptions o;
    o.direct_match = direct;
    Searcher s(dir_->file("db"), o);
    SearchRequest r;
    r.query = query;
    for (const Hit& h : s.search(r).hits) {
      if (h.id == id) return h.title_html;
    }
    ADD_FAILURE() << "'" << query << "' does not find " << id;
    return {};
  }

  static testing::TempDir* dir_;
};
testing::TempDir* TitleHighlight::dir_ = nullptr;

TEST_F(TitleHighlight, InflectedAndAccentFreeQueryWordsMarkTheTitleWord) {
  const std::string want = "Le <mark>città</mark> e l’<mark>amministrazione</mark> dei porti";
  for (bool direct : {true, false}) {
    const char* path = direct ? "direct" : "Enquire";
    // accents dropped, another inflection (plural), on either path
    EXPECT_EQ(title_html("citta amministrazioni", "citta", direct), want) << path;
    // the same words through Enquire-only syntax: a phrase of one word and OR
    EXPECT_EQ(title_html("\"città\" OR nessunaparola amministrazioni", "citta", direct), want) << path;
    // title: words are marked in the title too
    EXPECT_EQ(title_html("title:amministrazioni", "citta", direct), "Le città e l’<mark>amministrazione</mark> dei porti")
        << path;
  }
}

TEST_F(TitleHighlight, TitleIsEscapedWithOnlyMarkAsMarkup) {
  for (bool direct : {true, false}) {
    EXPECT_EQ(title_html("company bond", "markup", direct),
              "AT&amp;T&#39;s shares &amp; <mark>bonds</mark> &quot;rallied&quot; for the <mark>companies</mark>")
        << (direct ? "direct" : "Enquire");
  }
}

TEST_F(TitleHighlight, WithoutSnippetsTheTitleIsEscapedUnmarked) {
  Searcher s(dir_->file("db"));
  SearchRequest r;
  r.query = "bonds";
  r.snippets = false;
  SearchResult got = s.search(r);
  ASSERT_EQ(got.hits.size(), 1u);
  EXPECT_EQ(got.hits[0].title_html, "AT&amp;T&#39;s shares &amp; bonds &quot;rallied&quot; for the companies");
}

TEST_F(TitleHighlight, TheArticleViewMarksItsTitleTheSameWay) {
  Searcher s(dir_->file("db"));
  Article a = s.article("citta");
  EXPECT_EQ(s.highlighted_title(a, "citta amministrazioni"),
            "Le <mark>città</mark> e l’<mark>amministrazione</mark> dei porti");
  EXPECT_EQ(s.highlighted_title(a, ""), "Le città e l’amministrazione dei porti");
}

}  // namespace
}  // namespace rassegna
