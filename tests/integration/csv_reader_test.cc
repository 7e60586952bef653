// CSV and TSV exports: header synonyms, RFC 4180 quoting over several lines, --csv-map, and
// bad rows reported by line and column without losing the good ones.
#include <fstream>
#include <gtest/gtest.h>

#include "indexer/ingest/csv_reader.h"
#include "tests/common/test_support.h"
#include "tests/integration/reader_support.h"

namespace rassegna {
namespace {

using testing::data_path;
using testing::read_one;
using testing::TempDir;
using testing::write_file;

TEST(CsvReader, ItalianHeaderSemicolonsAndQuotedLineBreaks) {
  auto r = read_one(data_path("csv/rassegna.csv"));
  const Article* a = r.by_id("https://www.ilsole24ore.com/art/1");  // no id column: the link
  ASSERT_NE(a, nullptr) << r.describe_issues();
  EXPECT_EQ(a->title, "Oracle e TikTok");
  EXPECT_EQ(a->body, "L’accordo tra Oracle e TikTok.\nSecondo paragrafo con \"virgolette\" e; punto e virgola.");
  EXPECT_EQ(a->date, "2020-09-14T10:05:00");  // 14/09/2020: day first
  EXPECT_EQ(a->source, "Il Sole 24 Ore");
  EXPECT_EQ(a->lang, "it");
  EXPECT_EQ((a->orgs), (std::vector<std::string>{"Oracle", "ByteDance"}));
  EXPECT_EQ(r.where[0].line, 2u);
  // The row after a two-line field starts on line 4; no link: an id from the file and content.
  ASSERT_GE(r.articles.size(), 2u);
  EXPECT_EQ(r.articles[1].title, "Seconda");
  EXPECT_EQ(r.where[1].line, 4u);
  EXPECT_EQ(r.articles[1].id.rfind("rassegna-", 0), 0u) << r.articles[1].id;
  EXPECT_EQ(read_one(data_path("csv/rassegna.csv")).articles[1].id, r.articles[1].id);  // stable
}

TEST(CsvReader, BadRowsAreReportedByLineAndColumnAndTheRestKept) {
  auto r = read_one(data_path("csv/rassegna.csv"));
  EXPECT_EQ(r.articles.size(), 3u) << r.describe_issues();
  EXPECT_NE(r.by_id("https://www.ansa.it/6"), nullptr);  // the row after the broken ones
  const auto* empty = r.issue_with("empty text");
  ASSERT_NE(empty, nullptr) << r.describe_issues();
  EXPECT_EQ(empty->where.line, 6u);
  EXPECT_NE(empty->reason.find("column 2 ('Testo')"), std::string::npos) << empty->reason;
  const auto* short_row = r.issue_with("2 fields where the header has 7");
  ASSERT_NE(short_row, nullptr) << r.describe_issues();
  EXPECT_EQ(short_row->where.line, 7u);
  EXPECT_NE(short_row->reason.find("column 3 'Data'"), std::string::npos) << short_row->reason;
  const auto* quote = r.issue_with("after a closing quote");
  ASSERT_NE(quote, nullptr) << r.describe_issues();
  EXPECT_EQ(quote->where.line, 8u);
  EXPECT_NE(quote->reason.find("line 8, column 26, field 2"), std::string::npos) << quote->reason;
  EXPECT_EQ(r.skipped(), 3u);
}

TEST(CsvReader, TsvWithEnglishNamesAndRfc822Dates) {
  auto r = read_one(data_path("csv/clips.tsv"));
  ASSERT_EQ(r.articles.size(), 2u) << r.describe_issues();
  EXPECT_EQ(r.articles[0].id, "r1");
  EXPECT_EQ(r.articles[0].title, "Oracle wins TikTok bid");
  EXPECT_EQ(r.articles[0].date, "2020-09-14T08:05:00-04:00");
  EXPECT_EQ(r.articles[0].url, "https://www.reuters.com/1");
  EXPECT_EQ(r.articles[1].body, "Quoted tab inside and\nnew line");
}

TEST(CsvReader, CsvMapNamesOtherColumns) {
  auto plain = read_one(data_path("csv/export.csv"));
  EXPECT_TRUE(plain.articles.empty());
  ASSERT_NE(plain.issue_with("no text column"), nullptr) << plain.describe_issues();
  EXPECT_NE(plain.issue_with("--csv-map body=COLUMN"), nullptr);

  std::string error;
  ingest::ReaderOptions options;
  options.csv_map = ingest::parse_csv_map("body=Corpo del pezzo,id=1,date=quando", error);
  ASSERT_EQ(error, "");
  auto mapped = read_one(data_path("csv/export.csv"), options);
  ASSERT_EQ(mapped.articles.size(), 1u) << mapped.describe_issues();
  EXPECT_EQ(mapped.articles[0].id, "c1");
  EXPECT_EQ(mapped.articles[0].title, "Titolo mappato");  // "Oggetto" is a synonym of title
  EXPECT_EQ(mapped.articles[0].body, "Testo mappato con --csv-map");
  EXPECT_EQ(mapped.articles[0].date, "2020-09-14");

  options.csv_map = ingest::parse_csv_map("body=Nessuna", error);
  auto missing = read_one(data_path("csv/export.csv"), options);
  ASSERT_NE(missing.issue_with("--csv-map body=Nessuna: the header has no such column"), nullptr)
      << missing.describe_issues();
}

TEST(CsvReader, CsvMapSyntaxErrorsNameThePart) {
  std::string error;
  ingest::parse_csv_map("body", error);
  EXPECT_NE(error.find("'body' is not field=column"), std::string::npos) << error;
  error.clear();
  ingest::parse_csv_map("testo=Corpo", error);
  EXPECT_NE(error.find("'testo' is not an article field"), std::string::npos) << error;
}

TEST(CsvReader, UnclosedQuoteIsReportedWhereItOpened) {
  auto r = read_one(data_path("csv/unclosed-quote.csv"));
  EXPECT_TRUE(r.articles.empty());
  const auto* e = r.issue_with("unclosed quote");
  ASSERT_NE(e, nullptr) << r.describe_issues();
  EXPECT_NE(e->reason.find("opened at line 2, column 1"), std::string::npos) << e->reason;
}

TEST(CsvReader, Windows1252FieldsAreRepaired) {
  TempDir dir;
  auto r = read_one(write_file(dir / "excel.csv", "titolo,testo\nCitt\xe0,Perch\xe9 l\x92" "azienda \x80 100\n"));
  ASSERT_EQ(r.articles.size(), 1u) << r.describe_issues();
  EXPECT_EQ(r.articles[0].title, "Città");
  EXPECT_EQ(r.articles[0].body, "Perché l’azienda € 100");
  EXPECT_NE(r.issue_with("not UTF-8, read as Windows-1252"), nullptr);
  EXPECT_EQ(r.repaired(), 2u);  // title and body, each reported
}

TEST(CsvReader, HugeRowIsSkippedAndTheNextKept) {
  TempDir dir;
  const std::string path = dir / "huge.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "id,title,body\n1,Prima,Breve\n2,Enorme,\"";
    std::string chunk(1 << 20, 'x');
    for (size_t i = 0; i < chunk.size(); i += 8) chunk[i] = ' ';
    for (int i = 0; i < 100; ++i) out << chunk;
    out << "\"\n3,Dopo,Anche questa\n";
  }
  auto r = read_one(path);
  EXPECT_NE(r.by_id("1"), nullptr) << r.describe_issues();
  EXPECT_NE(r.by_id("3"), nullptr);
  EXPECT_EQ(r.by_id("2"), nullptr);
  const auto* e = r.issue_with("row longer than");
  ASSERT_NE(e, nullptr) << r.describe_issues();
  EXPECT_EQ(e->where.line, 3u);
  EXPECT_EQ(r.where.back().line, 4u);
}

TEST(CsvReader, GarbageIsSkipped) {
  TempDir dir;
  std::string garbage = "\x89PNG\r\n\x1a\n";
  garbage += std::string(100, '\0');
  auto r = read_one(write_file(dir / "image.csv", garbage));
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.issues.size(), 1u) << r.describe_issues();
  EXPECT_NE(r.issues[0].reason.find("binary file"), std::string::npos);
}

TEST(CsvReader, AFolderTakesSpreadsheetsOfArticlesOnly) {
  // corpus/ holds companies.tsv (a gazetteer, no text column): not an input.
  std::vector<ingest::IngestIssue> issues;
  auto files = ingest::expand_inputs({testing::source_path("corpus")},
                                     [&](const ingest::IngestIssue& i) { issues.push_back(i); });
  EXPECT_TRUE(issues.empty());
  EXPECT_EQ(files.size(), 2u);
  for (const auto& f : files) EXPECT_EQ(f.find("companies.tsv"), std::string::npos) << f;
  auto data = ingest::expand_inputs({data_path("csv")}, [&](const ingest::IngestIssue& i) { issues.push_back(i); });
  for (const auto& f : data) EXPECT_EQ(f.find("no-text-column"), std::string::npos) << f;
  EXPECT_EQ(data.size(), 3u);  // rassegna.csv, clips.tsv, unclosed-quote.csv (export.csv needs --csv-map)
}

}  // namespace
}  // namespace rassegna
