// Saved web pages: metadata, and the main text measured against hand-marked text (word-level
// precision and recall) on real news pages from Mozilla Readability's test set
// (tests/data/html/README.md) and a hand-written Italian page.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <vector>

#include <libxml/HTMLparser.h>

#include "indexer/ingest/byte_stream.h"
#include "indexer/ingest/html_reader.h"
#include "indexer/ingest/markup_doc.h"
#include "tests/common/test_support.h"
#include "tests/integration/reader_support.h"

namespace rassegna {
namespace {

using testing::data_path;
using testing::read_one;
using testing::TempDir;
using testing::write_file;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Words for scoring: lower-case ASCII letters and digits, bytes of other UTF-8 characters kept.
std::map<std::string, int> bag_of_words(const std::string& text) {
  std::map<std::string, int> bag;
  std::string word;
  for (char ch : text + " ") {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c >= 0x80) {
      word.push_back(static_cast<char>(std::tolower(c)));
    } else if (!word.empty()) {
      ++bag[word];
      word.clear();
    }
  }
  return bag;
}

struct Score {
  double precision = 0, recall = 0;
};

Score score(const std::string& got, const std::string& expected) {
  auto g = bag_of_words(got), e = bag_of_words(expected);
  double common = 0, ng = 0, ne = 0;
  for (const auto& [w, n] : g) {
    ng += n;
    if (auto it = e.find(w); it != e.end()) common += std::min(n, it->second);
  }
  for (const auto& [w, n] : e) ne += n;
  return {ng > 0 ? common / ng : 0, ne > 0 ? common / ne : 0};
}

// The text of Readability's expected.html: every text node (an oracle independent of our
// scorer: it is the page's article as a person marked it).
std::string expected_text(const std::string& path) {
  std::string html = slurp(path);
  htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), path.c_str(), "UTF-8",
                                  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  xmlChar* c = xmlNodeGetContent(xmlDocGetRootElement(doc));
  std::string text = c != nullptr ? reinterpret_cast<const char*>(c) : "";
  xmlFree(c);
  xmlFreeDoc(doc);
  return text;
}

// Floors a little under what corpus/FORMAT.md reports, per language: a change to the extractor or the
// scorer that loses much of either fails here.
constexpr double kItalianPrecisionFloor = 0.90;
constexpr double kItalianRecallFloor = 0.90;
constexpr double kEnglishPrecisionFloor = 0.90;
constexpr double kEnglishRecallFloor = 0.90;

const char* const kReadabilityPages[] = {"bbc-1",     "cnn",       "nytimes-1", "wapo-1",       "telegraph", "herald-sun-1",
                                         "seattletimes-1", "lemonde-1", "la-nacion", "heise", "liberation-1", "folha"};
// The language of each Readability page (not every metadata.json names it).
const char* const kReadabilityLangs[] = {"en", "en", "en", "en", "en", "en", "en", "fr", "es", "de", "fr", "pt"};

struct RealPage {
  std::string name, lang, html, expected;  // expected: plain text, or Readability's expected.html
  bool expected_is_html = false;
};

// Every real page with marked body text: Readability's twelve, and tests/data/html/pages/ (listed
// in pages.tsv with their language; provenance in tests/data/html/README.md).
std::vector<RealPage> real_pages() {
  std::vector<RealPage> pages;
  for (size_t i = 0; i < std::size(kReadabilityPages); ++i) {
    const std::string base = data_path(std::string("html/readability/") + kReadabilityPages[i]);
    pages.push_back({kReadabilityPages[i], kReadabilityLangs[i], base + ".html.gz", base + ".expected.html", true});
  }
  std::ifstream list(data_path("html/pages/pages.tsv"));
  std::string line;
  while (std::getline(list, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string name, lang;
    std::getline(fields, name, '\t');
    std::getline(fields, lang, '\t');
    const std::string base = data_path("html/pages/" + name);
    pages.push_back({name, lang, base + ".html.gz", base + ".expected.txt", false});
  }
  return pages;
}

// Two figures per page: the article's body as indexed (the publisher's JSON-LD articleBody when
// the page carries it whole, else the main text), and the main text found in the page alone (the
// extractor, without the publisher's help).
TEST(HtmlReader, RealNewsPagesPrecisionAndRecall) {
  struct Sums {
    Score body, main;
    int n = 0, from_json = 0;
  };
  std::map<std::string, Sums> by_lang;
  std::printf("%-24s %4s %9s %9s %9s %9s %s\n", "page", "lang", "precision", "recall", "main p", "main r", "body from");
  const auto pages = real_pages();
  ASSERT_GE(pages.size(), 25u) << "tests/data/html/pages/pages.tsv not read";
  for (const RealPage& page : pages) {
    auto r = read_one(page.html);
    ASSERT_EQ(r.articles.size(), 1u) << page.name << "\n" << r.describe_issues();
    const std::string expected = page.expected_is_html ? expected_text(page.expected) : slurp(page.expected);
    const Score s = score(r.articles[0].body, expected);
    std::vector<std::string> repairs;
    const auto fields = ingest::extract_page(ingest::read_whole_file(page.html, size_t{64} << 20), page.name, repairs);
    const Score m = score(fields.body, expected);
    const bool from_json = r.articles[0].body == fields.json_body;
    std::printf("%-24s %4s %9.3f %9.3f %9.3f %9.3f %s\n", page.name.c_str(), page.lang.c_str(), s.precision,
                s.recall, m.precision, m.recall, from_json ? "JSON-LD" : "page");
    // To see what was extracted: RASSEGNA_SHOW_BODY=<page> build/reader_tests --gtest_filter=*PrecisionAndRecall
    if (const char* show = std::getenv("RASSEGNA_SHOW_BODY"); show != nullptr && page.name == show) {
      std::printf("----\n%s\n---- main text:\n%s\n----\n", r.articles[0].body.c_str(), fields.body.c_str());
    }
    auto& sums = by_lang[page.lang == "it" || page.lang == "en" ? page.lang : "other"];
    sums.body.precision += s.precision;
    sums.body.recall += s.recall;
    sums.main.precision += m.precision;
    sums.main.recall += m.recall;
    ++sums.n;
    sums.from_json += from_json ? 1 : 0;
  }
  for (const auto& [group, sums] : by_lang) {
    std::printf("%-24s %4s %9.3f %9.3f %9.3f %9.3f (mean of %d pages, %d bodies from JSON-LD)\n", "all",
                group.c_str(), sums.body.precision / sums.n, sums.body.recall / sums.n, sums.main.precision / sums.n,
                sums.main.recall / sums.n, sums.n, sums.from_json);
  }
  ASSERT_GE(by_lang["it"].n, 6);
  ASSERT_GE(by_lang["en"].n, 12);
  for (const char* group : {"it", "en"}) {
    const Sums& sums = by_lang[group];
    for (const Score* sc : {&sums.body, &sums.main}) {
      EXPECT_GE(sc->precision / sums.n, group == std::string("it") ? kItalianPrecisionFloor : kEnglishPrecisionFloor)
          << group;
      EXPECT_GE(sc->recall / sums.n, group == std::string("it") ? kItalianRecallFloor : kEnglishRecallFloor) << group;
    }
  }
}

TEST(HtmlReader, ItalianPageMetadataAndMainText) {
  auto r = read_one(data_path("html/borsa-milano.html"));
  ASSERT_EQ(r.articles.size(), 1u) << r.describe_issues();
  const Article& a = r.articles[0];
  EXPECT_EQ(a.id, "https://www.quotidiano-economico.example/borsa/2020/09/15/piazza-affari-rialzo");
  EXPECT_EQ(a.url, a.id);
  EXPECT_EQ(a.title, "Piazza Affari chiude in rialzo, bene le banche");  // og:title before JSON-LD headline
  EXPECT_EQ(a.date, "2020-09-15T17:45:00+02:00");                        // article:published_time first
  EXPECT_EQ(a.source, "Il Quotidiano Economico");
  EXPECT_EQ(a.lang, "it");
  for (const char* noise : {"cookie", "Accetta", "Tecnologia", "Home", "Facebook", "Pubblicità", "conto trading",
                            "Leggi anche", "Wall Street", "Commenti", "Finalmente", "più letti", "Tutti i diritti",
                            "Maria Rossi", "non indicizzare", "borsa banche spread"}) {
    EXPECT_EQ(a.body.find(noise), std::string::npos) << noise << " in:\n" << a.body;
  }
  const Score s = score(a.body, slurp(data_path("html/borsa-milano.expected.txt")));
  EXPECT_EQ(s.precision, 1.0) << a.body;
  EXPECT_EQ(s.recall, 1.0) << a.body;
}

TEST(HtmlReader, MetadataFallsBackToJsonLdThenTimeThenTitle) {
  TempDir dir;
  auto ld = read_one(write_file(
      dir / "ld.html",
      "<html><head><title>Tag title - Site</title><script type=\"application/ld+json\">[{\"@type\": [\"NewsArticle\"], "
      "\"headline\": \"JSON-LD headline\", \"datePublished\": \"2021-03-04T05:06:07Z\", \"inLanguage\": \"en-GB\", "
      "\"publisher\": {\"name\": \"The Publisher\"}, \"mainEntityOfPage\": {\"@id\": \"https://example.com/a\"}}]"
      "</script></head><body><p>A paragraph long enough to count as the text of this page, with a full stop.</p>"
      "</body></html>"));
  ASSERT_EQ(ld.articles.size(), 1u) << ld.describe_issues();
  EXPECT_EQ(ld.articles[0].title, "JSON-LD headline");
  EXPECT_EQ(ld.articles[0].date, "2021-03-04T05:06:07Z");
  EXPECT_EQ(ld.articles[0].source, "The Publisher");
  EXPECT_EQ(ld.articles[0].lang, "en");
  EXPECT_EQ(ld.articles[0].id, "https://example.com/a");

  auto bare = read_one(write_file(
      dir / "bare-page.htm",
      "<html><head><title>Only a title</title><script type=\"application/ld+json\">{broken json</script></head>"
      "<body><p><time datetime=\"2019-12-01\">1 dicembre</time></p><p>Un testo sufficiente per essere il corpo della "
      "pagina, con un punto finale.</p></body></html>"));
  ASSERT_EQ(bare.articles.size(), 1u) << bare.describe_issues();
  EXPECT_EQ(bare.articles[0].title, "Only a title");
  EXPECT_EQ(bare.articles[0].date, "2019-12-01");
  EXPECT_EQ(bare.articles[0].id, "bare-page");  // no URL in the page: the file name
}

TEST(HtmlReader, PublisherArticleBodyInJsonLdIsPreferred) {
  TempDir dir;
  std::string body(300, 'x');
  for (size_t i = 0; i < body.size(); i += 6) body[i] = ' ';
  auto r = read_one(write_file(dir / "p.html",
                               "<html><head><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
                               "\"articleBody\": \"Il testo dell'editore." + body +
                                   "\"}</script></head><body><p>Teaser breve della pagina, diverso dal testo.</p></body></html>"));
  ASSERT_EQ(r.articles.size(), 1u) << r.describe_issues();
  EXPECT_EQ(r.articles[0].body.rfind("Il testo dell'editore.", 0), 0u) << r.articles[0].body;
}

TEST(HtmlReader, RealNewsPagesMetadata) {
  int dates = 0, langs = 0, titles = 0;
  for (const char* page : kReadabilityPages) {
    const std::string base = data_path(std::string("html/readability/") + page);
    auto r = read_one(base + ".html.gz");
    ASSERT_EQ(r.articles.size(), 1u) << page;
    const Article& a = r.articles[0];
    const auto meta = nlohmann::json::parse(slurp(base + ".metadata.json"));
    // operator[] on a const json with a key it lacks reads out of bounds (ASan found it): find().
    auto text = [&meta](const char* key) -> std::optional<std::string> {
      auto it = meta.find(key);
      if (it == meta.end() || !it->is_string()) return std::nullopt;
      return it->get<std::string>();
    };
    if (auto lang = text("lang")) {
      EXPECT_EQ(a.lang, lang->substr(0, 2)) << page;
      ++langs;
    }
    if (auto published = text("publishedTime")) {
      EXPECT_EQ(a.date.substr(0, 10), published->substr(0, 10)) << page;
      ++dates;
    }
    if (auto title = text("title"); title && a.title == *title) ++titles;
    EXPECT_FALSE(a.title.empty()) << page;
  }
  EXPECT_GE(langs, 8);
  EXPECT_GE(dates, 4);
  EXPECT_GE(titles, 8);
}

// What the Italian pages taught the extractor, each on a page of its own shape.
TEST(HtmlReader, ExtractorRulesFromRealPages) {
  TempDir dir;
  const std::string para1 = "<p>Primo paragrafo dell'articolo, abbastanza lungo da essere testo vero e con un punto.</p>";
  const std::string para2 = "<p>Secondo paragrafo dell'articolo, anch'esso lungo a sufficienza e con un punto.</p>";
  // The standfirst in the article's <header> is text; its title, date line and byline are not.
  auto header = read_one(write_file(
      dir / "header.html",
      "<html><body><header class=\"site-header\"><p>Il quotidiano di tutti, ogni giorno in edicola e online.</p></header>"
      "<main><article><header class=\"story__hero\"><div class=\"story__header\"><h1>Titolo</h1>"
      "<div class=\"meta\">Pubblicato il 5 gennaio 2025 alle ore 12 e aggiornato alle 14</div>"
      "<div class=\"story__summary\"><p>Il sommario racconta in breve il fatto del giorno, sotto il titolo</p></div>"
      "</div></header><div class=\"story__text\">" + para1 + para2 + "</div></article></main></body></html>"));
  ASSERT_EQ(header.articles.size(), 1u) << header.describe_issues();
  EXPECT_EQ(header.articles[0].body.rfind("Il sommario racconta", 0), 0u) << header.articles[0].body;
  EXPECT_EQ(header.articles[0].body.find("Pubblicato"), std::string::npos) << header.articles[0].body;
  EXPECT_EQ(header.articles[0].body.find("quotidiano di tutti"), std::string::npos) << header.articles[0].body;

  // A sentence that is mostly one inline link is text; a list of linked headlines is not.
  auto links = read_one(write_file(
      dir / "links.html",
      "<html><body><div class=\"story\">" + para1 +
          "<p>It also <a href=\"/x\">co-ordinates military plans and carries out joint exercises</a>.</p>" + para2 +
          "</div><ul><li><a href=\"/a\">Un titolo di un altro articolo che finisce con un punto.</a></li>"
          "<li><a href=\"/b\">Un secondo titolo di un altro articolo con un punto.</a></li></ul></body></html>"));
  ASSERT_EQ(links.articles.size(), 1u) << links.describe_issues();
  EXPECT_NE(links.articles[0].body.find("co-ordinates military plans"), std::string::npos) << links.articles[0].body;
  EXPECT_EQ(links.articles[0].body.find("altro articolo"), std::string::npos) << links.articles[0].body;

  // <noscript><div></noscript> (mis-nested) does not swallow the rest of the page.
  auto noscript = read_one(write_file(
      dir / "noscript.html", "<html><body><noscript><div id=\"nojs\"></noscript><div id=\"testo\">" + para1 + para2 +
                                 "</div><noscript><p>Attiva JavaScript per vedere questa pagina, per favore.</p></noscript>"
                                 "</body></html>"));
  ASSERT_EQ(noscript.articles.size(), 1u) << noscript.describe_issues();
  EXPECT_NE(noscript.articles[0].body.find("Secondo paragrafo"), std::string::npos);
  EXPECT_EQ(noscript.articles[0].body.find("JavaScript"), std::string::npos);
  EXPECT_EQ(ingest::as_browsers_read("<p>a</p><script>if (x) document.write('<noscript>');</script><p>b</p>"),
            "<p>a</p><script>if (x) document.write('<noscript>');</script><p>b</p>");

  // A JSON-LD articleBody written twice over is read once; the page's own text wins when it
  // holds all of the JSON-LD's (here it does not: the page shows a teaser).
  std::string text;
  for (int i = 0; i < 6; ++i) text += "Frase numero " + std::to_string(i) + " del testo completo dell'editore, con un punto. ";
  auto twice = read_one(write_file(dir / "twice.html",
                                   "<html><head><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
                                   "\"articleBody\": \"" + text + text + "\"}</script></head><body>"
                                   "<p>Solo un breve estratto della pagina, con un punto.</p></body></html>"));
  ASSERT_EQ(twice.articles.size(), 1u) << twice.describe_issues();
  EXPECT_EQ(twice.articles[0].body, text.substr(0, text.size() - 1));
}

// A relative canonical URL is resolved against <base href>; without a base it cannot be, and
// the page keeps its file name as id.
TEST(HtmlReader, RelativeCanonicalUrlIsResolvedAgainstTheBase) {
  TempDir dir;
  const std::string text = "<p>Un paragrafo abbastanza lungo per essere il testo di questa pagina, con un punto.</p>";
  auto based = read_one(write_file(dir / "based.html",
                                   "<html><head><base href=\"https://www.giornale.example/economia/\">"
                                   "<link rel=\"canonical\" href=\"../politica/2020/09/14/pezzo.html\"></head><body>" +
                                       text + "</body></html>"));
  ASSERT_EQ(based.articles.size(), 1u) << based.describe_issues();
  EXPECT_EQ(based.articles[0].url, "https://www.giornale.example/politica/2020/09/14/pezzo.html");
  EXPECT_EQ(based.articles[0].id, based.articles[0].url);
  auto og = read_one(write_file(dir / "og.html",
                                "<html><head><base href=\"https://www.giornale.example/\"><meta property=\"og:url\" "
                                "content=\"/sport/pezzo\"></head><body>" + text + "</body></html>"));
  ASSERT_EQ(og.articles.size(), 1u) << og.describe_issues();
  EXPECT_EQ(og.articles[0].url, "https://www.giornale.example/sport/pezzo");
  auto bare = read_one(write_file(dir / "bare.html", "<html><head><link rel=\"canonical\" href=\"/sport/pezzo\"></head><body>" +
                                                         text + "</body></html>"));
  ASSERT_EQ(bare.articles.size(), 1u) << bare.describe_issues();
  EXPECT_EQ(bare.articles[0].url, "/sport/pezzo");  // nothing to resolve it against: kept as written
}

TEST(HtmlReader, HostilePages) {
  TempDir dir;
  std::string garbage;
  for (int i = 0; i < 9000; ++i) garbage.push_back(static_cast<char>((i * 131) % 256));
  auto bin = read_one(write_file(dir / "garbage.html", garbage));
  EXPECT_TRUE(bin.articles.empty());
  EXPECT_NE(bin.issue_with("binary data"), nullptr) << bin.describe_issues();

  auto empty = read_one(write_file(dir / "empty.html", "<html><body><nav><a href=/>Home</a></nav></body></html>"));
  EXPECT_TRUE(empty.articles.empty());
  EXPECT_NE(empty.issue_with("no text found"), nullptr) << empty.describe_issues();

  // Deep nesting, unclosed tags: the parser copes, the text is found.
  std::string deep = "<html><body>";
  for (int i = 0; i < 5000; ++i) deep += "<div>";
  deep += "<p>Testo annidato molto in profondità, con un punto.";
  auto nested = read_one(write_file(dir / "deep.html", deep));
  EXPECT_EQ(nested.articles.size() + nested.skipped(), 1u) << nested.describe_issues();

  // Declared Latin-1, bytes UTF-8 (a common CMS mistake): read as UTF-8 and reported.
  auto wrong = read_one(write_file(
      dir / "wrong.html",
      "<html><head><meta charset=\"iso-8859-1\"><title>Citt\xc3\xa0</title></head><body><p>Perch\xc3\xa9 la "
      "citt\xc3\xa0 cambia, con un punto.</p></body></html>"));
  ASSERT_EQ(wrong.articles.size(), 1u) << wrong.describe_issues();
  EXPECT_EQ(wrong.articles[0].title, "Città");
  EXPECT_NE(wrong.issue_with("bytes are UTF-8"), nullptr);
  // No charset at all and Windows-1252 bytes.
  auto legacy = read_one(write_file(dir / "legacy.html", "<html><body><p>Perch\xe9 la citt\xe0 \x80 cambia.</p></body></html>"));
  ASSERT_EQ(legacy.articles.size(), 1u) << legacy.describe_issues();
  EXPECT_EQ(legacy.articles[0].body, "Perché la città € cambia.");
}

}  // namespace
}  // namespace rassegna
