// Hostile inputs for the formats whose own tests do not cover them (see the table in
// corpus/FORMAT.md, "What happens to bad input"): a record far over the 16 MB an article may
// have in JSON Lines and plain text, a page over 16 MB, entity declarations (the "billion
// laughs") in a web page and in a crawled page, and a crawled page whose HTTP header declares
// the wrong encoding. Each must be refused or repaired with a message, never stop the run, and
// leave the neighbouring records indexed.
#include <chrono>
#include <fstream>
#include <gtest/gtest.h>

#include "tests/common/test_support.h"
#include "tests/integration/reader_support.h"

namespace rassegna {
namespace {

using testing::read_one;
using testing::TempDir;
using testing::write_file;

// `mb` megabytes of words.
void write_words(std::ofstream& out, size_t mb) {
  std::string chunk(1 << 20, 'a');
  for (size_t i = 0; i < chunk.size(); i += 10) chunk[i] = ' ';
  for (size_t i = 0; i < mb; ++i) out << chunk;
}

TEST(HostileInputs, JsonLinesRecordOf100MbIsSkippedAndTheNextLinesRead) {
  TempDir dir;
  const std::string path = dir / "huge.jsonl";
  {
    std::ofstream out(path, std::ios::binary);
    out << "{\"id\": \"small\", \"title\": \"Piccolo\", \"body\": \"Un testo breve.\"}\n";
    out << "{\"id\": \"huge\", \"title\": \"Enorme\", \"body\": \"";
    write_words(out, 100);
    out << "\"}\n{\"id\": \"after\", \"title\": \"Dopo\", \"body\": \"Anche questo.\"}\n";
  }
  const auto start = std::chrono::steady_clock::now();
  auto r = read_one(path);
  EXPECT_NE(r.by_id("small"), nullptr) << r.describe_issues();
  EXPECT_NE(r.by_id("after"), nullptr) << r.describe_issues();
  EXPECT_EQ(r.by_id("huge"), nullptr);
  const auto* e = r.issue_with("line longer than 16 MB");
  ASSERT_NE(e, nullptr) << r.describe_issues();
  EXPECT_TRUE(e->skipped);
  EXPECT_EQ(e->where.line, 2u);
  EXPECT_EQ(r.skipped(), 1u);
  // Passed over without being parsed (it took 44 s and 900 MB when it was indexed).
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
}

TEST(HostileInputs, TextAndPagesOver16MbAreSkippedWithTheReason) {
  TempDir dir;
  {
    std::ofstream txt(dir / "big.txt", std::ios::binary);
    txt << "Titolo enorme\n";
    write_words(txt, 20);
    std::ofstream html(dir / "big.html", std::ios::binary);
    html << "<html><body><p>";
    write_words(html, 20);
    html << "</p></body></html>";
    std::ofstream huge(dir / "huge.html", std::ios::binary);
    huge << "<html><body><p>";
    write_words(huge, 100);
  }
  auto txt = read_one(dir / "big.txt");
  EXPECT_TRUE(txt.articles.empty());
  EXPECT_NE(txt.issue_with("text larger than 16 MB"), nullptr) << txt.describe_issues();
  auto html = read_one(dir / "big.html");
  EXPECT_TRUE(html.articles.empty());
  EXPECT_NE(html.issue_with("page larger than 16 MB"), nullptr) << html.describe_issues();
  auto huge = read_one(dir / "huge.html");
  EXPECT_TRUE(huge.articles.empty());
  EXPECT_NE(huge.issue_with("larger than 64 MB"), nullptr) << huge.describe_issues();
}

// Nine levels of ten references: 10^10 bytes if expanded.
std::string entity_bomb_doctype() {
  std::string d = "<!DOCTYPE html [\n<!ENTITY a \"aaaaaaaaaa\">\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    d += std::string("<!ENTITY ") + c + " \"";
    for (int i = 0; i < 10; ++i) d += std::string("&") + static_cast<char>(c - 1) + ";";
    d += "\">\n";
  }
  return d + "]>\n";
}

TEST(HostileInputs, EntityDeclarationsInAWebPageAreNeverExpanded) {
  TempDir dir;
  const std::string page = entity_bomb_doctype() +
                           "<html><head><title>Bomba &j;</title></head><body><p>Il testo della pagina con una bomba &j; "
                           "dentro, e un punto finale.</p></body></html>";
  const auto start = std::chrono::steady_clock::now();
  auto r = read_one(write_file(dir / "bomb.html", page));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  ASSERT_EQ(r.articles.size(), 1u) << r.describe_issues();
  EXPECT_LT(r.articles[0].body.size(), 200u) << "an entity was expanded:\n" << r.articles[0].body;
  EXPECT_EQ(r.articles[0].body.find("aaaaaaaaaa"), std::string::npos);
  EXPECT_NE(r.articles[0].body.find("Il testo della pagina"), std::string::npos);
}

std::string warc_record(const std::string& uri, const std::string& block) {
  return "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri +
         "\r\nWARC-Date: 2021-01-02T03:04:05Z\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block +
         "\r\n\r\n";
}

TEST(HostileInputs, CrawledPagesWithEntityBombsAndWrongCharsetsAreReadSafely) {
  TempDir dir;
  const std::string bomb = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + entity_bomb_doctype() +
                           "<html><body><p>Pagina con la bomba &j; nel mezzo, e un punto.</p></body></html>";
  // The HTTP header says Latin-1; the bytes are UTF-8.
  const std::string utf8 = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n<html><head><title>Citt\xC3\xA0"
                           "</title></head><body><p>Perch\xC3\xA9 la citt\xC3\xA0 cambia, con un punto.</p></body></html>";
  // The header says UTF-8; the bytes are Windows-1252.
  const std::string latin = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Perch\xE9 la "
                            "citt\xE0 \x80 cambia, con un punto.</p></body></html>";
  const std::string path = write_file(dir / "crawl.warc", warc_record("https://a.example/bomb", bomb) +
                                                              warc_record("https://a.example/utf8", utf8) +
                                                              warc_record("https://a.example/latin", latin));
  auto r = read_one(path);
  ASSERT_EQ(r.articles.size(), 3u) << r.describe_issues();
  EXPECT_LT(r.by_id("https://a.example/bomb")->body.size(), 200u);
  EXPECT_EQ(r.by_id("https://a.example/utf8")->title, "Città");
  EXPECT_EQ(r.by_id("https://a.example/utf8")->body, "Perché la città cambia, con un punto.");
  EXPECT_EQ(r.by_id("https://a.example/latin")->body, "Perché la città € cambia, con un punto.");
  EXPECT_NE(r.issue_with("not UTF-8; read as Windows-1252"), nullptr) << r.describe_issues();
}

TEST(HostileInputs, TextFileInWindows1252KeepsItsAccents) {
  TempDir dir;
  auto r = read_one(write_file(dir / "vecchio.txt", "Titolo breve\nPerch\xE9 la citt\xE0 \x80 cambia, con un punto."));
  ASSERT_EQ(r.articles.size(), 1u) << r.describe_issues();
  EXPECT_NE(r.articles[0].body.find("Perché la città € cambia"), std::string::npos) << r.articles[0].body;
  const auto* e = r.issue_with("not UTF-8; read as Windows-1252");
  ASSERT_NE(e, nullptr) << r.describe_issues();
  EXPECT_FALSE(e->skipped);
}

}  // namespace
}  // namespace rassegna
