// WARC crawls: HTML responses become articles, everything else is passed over and counted;
// plain, one gzip member per record, or one member for all read alike; broken files lose only
// what follows the break. tests/data/warc/make_fixture.py wrote the fixture.
#include <fstream>
#include <gtest/gtest.h>
#include <zlib.h>

#include "indexer/ingest/warc_reader.h"
#include "tests/common/test_support.h"
#include "tests/integration/reader_support.h"

namespace rassegna {
namespace {

using testing::data_path;
using testing::TempDir;
using testing::write_file;

struct WarcRun {
  testing::Collected c;
  std::vector<ingest::IngestIssue> notes;
};

WarcRun read_warc_file(const std::string& path) {
  WarcRun r;
  ingest::ReadCallbacks cb;
  cb.on_article = [&](Article&& a, const SourceLocation& where) {
    r.c.articles.push_back(std::move(a));
    r.c.where.push_back(where);
  };
  cb.on_issue = [&](const ingest::IngestIssue& i) { r.c.issues.push_back(i); };
  cb.on_note = [&](const ingest::IngestIssue& i) { r.notes.push_back(i); };
  ingest::read_file(path, cb);
  return r;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string record(const std::string& type, const std::string& uri, const std::string& block) {
  return "WARC/1.1\r\nWARC-Type: " + type + "\r\nWARC-Target-URI: " + uri +
         "\r\nWARC-Date: 2021-01-02T03:04:05Z\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block +
         "\r\n\r\n";
}

std::string html_response(const std::string& html) {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n" + html;
}

void check_fixture(const WarcRun& r, const std::string& label) {
  ASSERT_EQ(r.c.articles.size(), 2u) << label << "\n" << r.c.describe_issues();
  EXPECT_TRUE(r.c.issues.empty()) << label << "\n" << r.c.describe_issues();
  const Article* it = r.c.by_id("https://www.quotidiano-economico.example/borsa/2020/09/15/piazza-affari-rialzo?utm=crawl");
  ASSERT_NE(it, nullptr) << label;
  EXPECT_EQ(it->url, it->id);                             // WARC-Target-URI, not the page's canonical URL
  EXPECT_EQ(it->date, "2020-09-15T17:45:00+02:00");       // the page's date beats WARC-Date
  EXPECT_EQ(it->title, "Piazza Affari chiude in rialzo, bene le banche");
  EXPECT_EQ(it->lang, "it");
  EXPECT_EQ(it->body.rfind("Seduta positiva per Piazza Affari", 0), 0u) << it->body;
  EXPECT_EQ(it->body.find("cookie"), std::string::npos);
  EXPECT_EQ(r.c.where[0].line, 3u);  // the third record
  const Article* en = r.c.by_id("https://wire.example.com/oracle-tiktok");
  ASSERT_NE(en, nullptr) << label;
  EXPECT_EQ(en->date, "2020-09-14T16:30:00Z");  // no date in the page: WARC-Date
  EXPECT_EQ(en->source, "Example Wire");
  EXPECT_EQ(en->body.rfind("Oracle Corp won the bid", 0), 0u) << en->body;  // chunked and gzip undone
  EXPECT_EQ(en->body.find("Markets"), std::string::npos);
  std::vector<std::string> reasons;
  for (const auto& n : r.notes) reasons.push_back(n.reason);
  EXPECT_EQ(reasons, (std::vector<std::string>{"WARC warcinfo record", "WARC request record",
                                                "WARC response that is not HTML (image/png)",
                                                "WARC response with HTTP status 301", "WARC metadata record"}))
      << label;
}

TEST(WarcReader, ResponsesBecomeArticlesAndTheRestIsCounted) {
  check_fixture(read_warc_file(data_path("warc/crawl.warc")), "plain");
}

TEST(WarcReader, GzipOneMemberPerRecordAndOneForAll) {
  check_fixture(read_warc_file(data_path("warc/crawl.warc.gz")), "member per record");
  TempDir dir;
  const std::string one = dir / "one-member.warc.gz";
  gzFile gz = gzopen(one.c_str(), "wb");
  const std::string plain = slurp(data_path("warc/crawl.warc"));
  gzwrite(gz, plain.data(), static_cast<unsigned>(plain.size()));
  gzclose(gz);
  check_fixture(read_warc_file(one), "one member");
}

TEST(WarcReader, ContentSniffingFindsAWarcWithoutItsExtension) {
  TempDir dir;
  const std::string path = write_file(dir / "crawl-2020-09.dat", slurp(data_path("warc/crawl.warc")));
  check_fixture(read_warc_file(path), "sniffed");
}

TEST(WarcReader, TruncatedFileKeepsTheRecordsBeforeTheCut) {
  TempDir dir;
  const std::string plain = slurp(data_path("warc/crawl.warc"));
  const std::string extra = record("response", "https://cut.example/", html_response("<p>Cut short here, never finished.</p>"));
  const std::string path = write_file(dir / "cut.warc", plain + extra.substr(0, extra.size() - 30));
  auto r = read_warc_file(path);
  EXPECT_EQ(r.c.articles.size(), 2u) << r.c.describe_issues();
  const auto* e = r.c.issue_with("the file ends inside it");
  ASSERT_NE(e, nullptr) << r.c.describe_issues();
  EXPECT_EQ(e->where.line, 8u);
}

TEST(WarcReader, GarbageBetweenRecordsIsReportedWithItsOffset) {
  TempDir dir;
  const std::string first = record("response", "https://a.example/1", html_response("<p>Primo articolo, con un punto.</p>"));
  const std::string path = write_file(
      dir / "garbage.warc",
      first + "this is not a record\r\n" +
          record("response", "https://a.example/2", html_response("<p>Secondo articolo, con un punto.</p>")));
  auto r = read_warc_file(path);
  ASSERT_EQ(r.c.articles.size(), 1u) << r.c.describe_issues();
  const auto* e = r.c.issue_with("expected a WARC record (at byte " + std::to_string(first.size()));
  ASSERT_NE(e, nullptr) << r.c.describe_issues();
}

TEST(WarcReader, NotAWarcAndBadLengthAndBinary) {
  TempDir dir;
  auto not_warc = read_warc_file(write_file(dir / "x.warc", "hello\nworld\n"));
  ASSERT_NE(not_warc.c.issue_with("not a WARC file"), nullptr) << not_warc.c.describe_issues();
  auto bad_len = read_warc_file(write_file(dir / "y.warc", "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: lots\r\n\r\nx"));
  ASSERT_NE(bad_len.c.issue_with("without a valid Content-Length ('lots')"), nullptr) << bad_len.c.describe_issues();
  std::string garbage;
  for (int i = 0; i < 4000; ++i) garbage.push_back(static_cast<char>((i * 37) % 256));
  auto bin = read_warc_file(write_file(dir / "z.warc.gz", garbage));
  EXPECT_TRUE(bin.c.articles.empty());
  EXPECT_EQ(bin.c.skipped(), 1u) << bin.c.describe_issues();
}

TEST(WarcReader, HugeRecordIsSkippedWithoutReadingItIntoMemory) {
  // 100 MB of HTML in one response: over the 16 MB an article may have. It is skipped as it
  // streams by, and the next record is read.
  TempDir dir;
  const std::string path = dir / "huge.warc";
  {
    std::ofstream out(path, std::ios::binary);
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>";
    const size_t n = size_t{100} << 20;
    out << "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://big.example/\r\nContent-Length: "
        << head.size() + n << "\r\n\r\n"
        << head;
    std::string chunk(1 << 20, 'a');
    for (size_t i = 0; i < chunk.size(); i += 7) chunk[i] = ' ';
    for (size_t i = 0; i < n; i += chunk.size()) out << chunk;
    out << "\r\n\r\n" << record("response", "https://small.example/", html_response("<p>Dopo il gigante, con un punto.</p>"));
  }
  auto r = read_warc_file(path);
  ASSERT_EQ(r.c.articles.size(), 1u) << r.c.describe_issues();
  EXPECT_EQ(r.c.articles[0].id, "https://small.example/");
  const auto* e = r.c.issue_with("HTML page larger than 16 MB (https://big.example/)");
  ASSERT_NE(e, nullptr) << r.c.describe_issues();
  EXPECT_EQ(e->where.line, 1u);
}

TEST(WarcReader, IndexingCountsPassedOverRecordsApart) {
  TempDir dir;
  auto run = testing::index_files(dir / "db", {data_path("warc/crawl.warc.gz")});
  EXPECT_EQ(run.stats.added, 2u);
  EXPECT_EQ(run.stats.skipped, 0u);
  EXPECT_EQ(run.stats.passed_over, 5u);
}

}  // namespace
}  // namespace rassegna
