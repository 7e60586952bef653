// Which reader a file goes to: --format, else the extension (under .gz), else the first bytes;
// files no reader takes are skipped with the reason.
#include <cstdlib>
#include <gtest/gtest.h>

#include "indexer/ingest/formats.h"
#include "tests/common/test_support.h"
#include "tests/integration/reader_support.h"

namespace rassegna {
namespace {

using ingest::Format;
using testing::read_one;
using testing::TempDir;
using testing::write_file;

TEST(FormatDispatch, Extensions) {
  EXPECT_EQ(ingest::format_from_extension("a/b.JSONL.gz"), Format::jsonl);
  EXPECT_EQ(ingest::format_from_extension("x.ndjson"), Format::jsonl);
  EXPECT_EQ(ingest::format_from_extension("x.txt.gz"), Format::text);
  EXPECT_EQ(ingest::format_from_extension("feed.rss"), Format::feed);
  EXPECT_EQ(ingest::format_from_extension("feed.atom.gz"), Format::feed);
  EXPECT_EQ(ingest::format_from_extension("page.htm"), Format::html);
  EXPECT_EQ(ingest::format_from_extension("CC-NEWS-2020.warc.gz"), Format::warc);
  EXPECT_EQ(ingest::format_from_extension("clips.csv"), Format::csv);
  EXPECT_EQ(ingest::format_from_extension("clips.tsv"), Format::tsv);
  EXPECT_EQ(ingest::format_from_extension("feed.xml"), std::nullopt);  // by content
  EXPECT_EQ(ingest::format_from_extension("notes.pdf"), std::nullopt);
  EXPECT_EQ(ingest::format_from_extension("archive.gz"), std::nullopt);
}

TEST(FormatDispatch, Sniffing) {
  EXPECT_EQ(ingest::sniff_format("WARC/1.1\r\nWARC-Type: warcinfo"), Format::warc);
  EXPECT_EQ(ingest::sniff_format("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"2.0\">"), Format::feed);
  EXPECT_EQ(ingest::sniff_format("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"), Format::feed);
  EXPECT_EQ(ingest::sniff_format("<!DOCTYPE rss [ <!ENTITY a \"b\"> ]>\n<rss>"), Format::feed);
  EXPECT_EQ(ingest::sniff_format("  <!doctype html><html>"), Format::html);
  EXPECT_EQ(ingest::sniff_format("<HTML><HEAD>"), Format::html);
  EXPECT_EQ(ingest::sniff_format("{\"id\": \"1\"}\n"), Format::jsonl);
  EXPECT_EQ(ingest::sniff_format("<?xml version=\"1.0\"?><catalog/>"), std::nullopt);
  EXPECT_EQ(ingest::sniff_format("Just some words."), std::nullopt);
  EXPECT_EQ(ingest::parse_format_name("RSS"), Format::feed);
  EXPECT_EQ(ingest::parse_format_name("pdf"), std::nullopt);
}

TEST(FormatDispatch, GzipWithoutInnerExtensionIsSniffed) {
  TempDir dir;
  const std::string path = dir / "download.gz";
  ASSERT_EQ(std::system(("printf '%s' '<rss><channel><title>T</title><item><guid>g</guid><title>A</title>"
                         "<description>Testo.</description></item></channel></rss>' | gzip > '" + path + "'").c_str()),
            0);
  auto r = read_one(path);
  ASSERT_EQ(r.articles.size(), 1u) << r.describe_issues();
  EXPECT_EQ(r.articles[0].id, "g");
}

TEST(FormatDispatch, ForcedFormatBeatsTheExtension) {
  TempDir dir;
  const std::string path = write_file(dir / "export.dat", "{\"id\": \"j1\", \"body\": \"Testo del giornale.\"}\n");
  auto sniffed = read_one(path);
  EXPECT_EQ(sniffed.articles.size(), 1u) << sniffed.describe_issues();
  const std::string odd = write_file(dir / "export.txt", "titolo\ttesto\nUno\tTesto uno.\n");
  ingest::ReaderOptions tsv;
  tsv.format = Format::tsv;
  auto forced = read_one(odd, tsv);
  ASSERT_EQ(forced.articles.size(), 1u) << forced.describe_issues();
  EXPECT_EQ(forced.articles[0].title, "Uno");
  auto as_text = read_one(odd);  // by extension: one plain-text article
  ASSERT_EQ(as_text.articles.size(), 1u);
  EXPECT_EQ(as_text.articles[0].id, "export");
}

TEST(FormatDispatch, UnknownFilesAreSkippedWithTheReason) {
  TempDir dir;
  auto pdf = read_one(write_file(dir / "scan.pdf", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"));
  ASSERT_EQ(pdf.issues.size(), 1u);
  EXPECT_NE(pdf.issues[0].reason.find("unknown file type .pdf"), std::string::npos) << pdf.issues[0].reason;
  EXPECT_NE(pdf.issues[0].reason.find("--format"), std::string::npos);
  auto bin = read_one(write_file(dir / "blob", std::string("\x7f" "ELF\0\0\0\x01\0\0", 10)));
  ASSERT_EQ(bin.issues.size(), 1u);
  EXPECT_NE(bin.issues[0].reason.find("binary file"), std::string::npos) << bin.issues[0].reason;
  auto empty = read_one(write_file(dir / "nothing.xml", ""));
  ASSERT_EQ(empty.issues.size(), 1u);
  EXPECT_NE(empty.issues[0].reason.find("empty file"), std::string::npos) << empty.issues[0].reason;
  auto corrupt = read_one(write_file(dir / "broken.jsonl.gz", std::string("\x1f\x8b\x08\x00garbage-not-deflate", 23)));
  EXPECT_TRUE(corrupt.articles.empty());
  EXPECT_EQ(corrupt.skipped(), 1u) << corrupt.describe_issues();
}

// Every format gzipped reads the same articles, in the same order, as the plain file.
TEST(FormatDispatch, EveryFormatGzippedReadsAsThePlainFile) {
  TempDir dir;
  for (const std::string fixture : {"csv/rassegna.csv", "csv/clips.tsv", "feeds/ilpost.rss", "feeds/reuters.atom",
                                    "feeds/ansa-rdf.xml", "html/borsa-milano.html", "warc/crawl.warc"}) {
    const std::string plain = testing::data_path(fixture);
    const std::string name = fixture.substr(fixture.find('/') + 1);
    const std::string gz = dir / (name + ".gz");
    ASSERT_EQ(std::system(("gzip -c '" + plain + "' > '" + gz + "'").c_str()), 0);
    auto a = read_one(plain), b = read_one(gz);
    ASSERT_GT(a.articles.size(), 0u) << fixture << "\n" << a.describe_issues();
    ASSERT_EQ(a.articles.size(), b.articles.size()) << fixture << "\n" << b.describe_issues();
    for (size_t k = 0; k < a.articles.size(); ++k) {
      EXPECT_EQ(a.articles[k].id, b.articles[k].id) << fixture;
      EXPECT_EQ(a.articles[k].body, b.articles[k].body) << fixture;
      EXPECT_EQ(a.articles[k].date, b.articles[k].date) << fixture;
    }
  }
  // Plain text and JSON Lines too.
  const std::string txt = write_file(dir / "nota.txt", "Titolo della nota\nIl testo della nota, con un punto.");
  ASSERT_EQ(std::system(("gzip -k '" + txt + "'").c_str()), 0);
  auto t = read_one(txt + ".gz");
  ASSERT_EQ(t.articles.size(), 1u) << t.describe_issues();
  EXPECT_EQ(t.articles[0].id, "nota");
  EXPECT_EQ(t.articles[0].body, read_one(txt).articles[0].body);
}

}  // namespace
}  // namespace rassegna
