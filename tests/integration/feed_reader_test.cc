// RSS and Atom feeds: the field mapping on fixtures written like real feeds, and hostile feeds
// (external entities, entity bombs, malformed XML, wrong encodings, binary garbage).
#include <chrono>
#include <fstream>
#include <gtest/gtest.h>

#include "tests/common/test_support.h"
#include "tests/integration/reader_support.h"

namespace rassegna {
namespace {

using testing::data_path;
using testing::read_one;
using testing::TempDir;
using testing::write_file;

TEST(FeedReader, Rss2FieldsMapToTheArticle) {
  auto r = read_one(data_path("feeds/ilpost.rss"));
  const Article* a = r.by_id("https://www.ilpost.it/?p=2503390");
  ASSERT_NE(a, nullptr) << r.describe_issues();
  EXPECT_EQ(a->title, "Oracle ha vinto la gara per TikTok");
  EXPECT_EQ(a->url, "https://www.ilpost.it/2020/09/14/oracle-tiktok/");
  EXPECT_EQ(a->date, "2020-09-14T10:05:00+02:00");
  EXPECT_EQ(a->source, "Il Post – Economia");
  EXPECT_EQ(a->lang, "it");  // it-IT from the channel
  // content:encoded wins over description; HTML, entities and shortcodes removed.
  EXPECT_NE(a->body.find("L’amministrazione Trump ha scelto Oracle"), std::string::npos) << a->body;
  EXPECT_NE(a->body.find("Microsoft era l’altra pretendente."), std::string::npos) << a->body;
  EXPECT_EQ(a->body.find("Breve riassunto"), std::string::npos);
  EXPECT_EQ(a->body.find('<'), std::string::npos);
  EXPECT_EQ(a->body.find("gallery_embed"), std::string::npos);
  EXPECT_EQ(r.where[0].line, 7u);  // the line of the <item>
}

TEST(FeedReader, Rss2LinkIsTheIdWithoutGuidAndZonesAreKept) {
  auto r = read_one(data_path("feeds/ilpost.rss"));
  const Article* a = r.by_id("https://www.ilpost.it/2020/09/15/borse/");
  ASSERT_NE(a, nullptr) << r.describe_issues();
  EXPECT_EQ(a->date, "2020-09-15T23:30:00+02:00");  // CEST, and the local day stays the 15th
  EXPECT_EQ(a->body, "Piazza Affari chiude in calo & lo spread sale.");  // escaped HTML, one decoding
  const Article* en = r.by_id("https://www.ilpost.it/?p=5");
  ASSERT_NE(en, nullptr);
  EXPECT_EQ(en->lang, "en");                        // the item's dc:language beats the channel's
  EXPECT_EQ(en->date, "2020-09-16T09:00:00+00:00");  // two-digit year, no seconds, GMT
}

TEST(FeedReader, BadItemsAreReportedWithTheirLineAndTheOthersKept) {
  auto r = read_one(data_path("feeds/ilpost.rss"));
  EXPECT_EQ(r.articles.size(), 4u) << r.describe_issues();
  const auto* no_id = r.issue_with("no guid, id or link");
  ASSERT_NE(no_id, nullptr) << r.describe_issues();
  EXPECT_TRUE(no_id->skipped);
  EXPECT_EQ(no_id->where.line, 21u);
  const auto* no_body = r.issue_with("body is missing");
  ASSERT_NE(no_body, nullptr) << r.describe_issues();
  EXPECT_EQ(no_body->where.line, 25u);
  const auto* bad_date = r.issue_with("date 'ieri sera'");
  ASSERT_NE(bad_date, nullptr) << r.describe_issues();
  EXPECT_FALSE(bad_date->skipped);
  ASSERT_NE(r.by_id("https://www.ilpost.it/?p=4"), nullptr);
  EXPECT_EQ(r.by_id("https://www.ilpost.it/?p=4")->date, "");
}

TEST(FeedReader, AtomEntries) {
  auto r = read_one(data_path("feeds/reuters.atom"));
  ASSERT_EQ(r.articles.size(), 3u) << r.describe_issues();
  const Article* a = r.by_id("tag:reuters.com,2020:oracle-tiktok");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->title, "Oracle & TikTok: the deal");
  EXPECT_EQ(a->url, "https://www.reuters.com/article/oracle-tiktok");  // rel=alternate, not self
  EXPECT_EQ(a->date, "2020-09-14T08:05:00.250-04:00");                // published beats updated
  EXPECT_EQ(a->source, "Reuters: Business News");
  EXPECT_EQ(a->lang, "en");
  EXPECT_EQ(a->body, "Oracle Corp won the bid for TikTok's U.S. operations.\n\nShares rose.");
  const Article* it = r.by_id("tag:reuters.com,2020:borsa-milano");
  ASSERT_NE(it, nullptr);
  EXPECT_EQ(it->lang, "it");  // the entry's xml:lang
  EXPECT_EQ(it->date, "2020-09-15T17:45:00+02:00");
  EXPECT_NE(it->body.find("Seduta positiva per Piazza Affari."), std::string::npos) << it->body;
  EXPECT_NE(it->body.find("Bene le banche."), std::string::npos);
  // No id: the link identifies the entry; a summary is the body when there is no content,
  // and a Reuters ticker in angle brackets is text, not HTML.
  const Article* s = r.by_id("https://www.reuters.com/article/summary-only");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->body, "Only a summary, no content <MONI.MI> ticker kept.");
}

TEST(FeedReader, RdfFeedIsRecognisedByContent) {
  auto r = read_one(data_path("feeds/ansa-rdf.xml"));
  ASSERT_EQ(r.articles.size(), 1u) << r.describe_issues();
  EXPECT_EQ(r.articles[0].id, "https://www.ansa.it/economia/1.html");
  EXPECT_EQ(r.articles[0].source, "ANSA.it");
  EXPECT_EQ(r.articles[0].lang, "it");
  EXPECT_EQ(r.articles[0].date, "2020-09-14T11:00:00+02:00");
}

TEST(FeedReader, XmlThatIsNotAFeedIsSkippedWithTheReason) {
  auto r = read_one(data_path("feeds/not-a-feed.xml"));
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_NE(r.issues[0].reason.find("neither an RSS nor an Atom feed"), std::string::npos) << r.issues[0].reason;
  // Forced, the feed reader names the root element it found.
  ingest::ReaderOptions forced;
  forced.format = ingest::Format::feed;
  auto f = read_one(data_path("feeds/not-a-feed.xml"), forced);
  ASSERT_EQ(f.issues.size(), 1u);
  EXPECT_NE(f.issues[0].reason.find("root element is <catalog>"), std::string::npos) << f.issues[0].reason;
}

TEST(FeedReader, ExternalEntitiesAreRefusedAndNothingIsRead) {
  for (const char* name : {"feeds/xxe.rss", "feeds/param-entity.rss"}) {
    auto r = read_one(data_path(name));
    EXPECT_TRUE(r.articles.empty()) << name;
    ASSERT_EQ(r.issues.size(), 1u) << name << r.describe_issues();
    EXPECT_TRUE(r.issues[0].skipped);
    EXPECT_NE(r.issues[0].reason.find("declares its own XML entities"), std::string::npos) << r.issues[0].reason;
    EXPECT_EQ(r.issues[0].reason.find("root:"), std::string::npos);  // nothing of /etc/passwd
  }
}

TEST(FeedReader, BillionLaughsIsRefusedQuickly) {
  const auto start = std::chrono::steady_clock::now();
  auto r = read_one(data_path("feeds/billion-laughs.rss"));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(r.articles.empty());
  ASSERT_NE(r.issue_with("declares its own XML entities"), nullptr) << r.describe_issues();
  // Not a timing assertion of speed, a guard against expansion: 10^9 "lol"s would take minutes.
  EXPECT_LT(seconds, 30.0);
}

TEST(FeedReader, MalformedXmlKeepsTheItemsBeforeTheError) {
  auto r = read_one(data_path("feeds/malformed.rss"));
  EXPECT_NE(r.by_id("ok-1"), nullptr) << r.describe_issues();
  EXPECT_NE(r.by_id("ok-2"), nullptr);
  const auto* err = r.issue_with("malformed XML");
  ASSERT_NE(err, nullptr) << r.describe_issues();
  EXPECT_TRUE(err->skipped);
  EXPECT_GE(err->where.line, 5u);  // where libxml2 noticed, at or after the broken item
}

TEST(FeedReader, WrongDeclaredEncodingsAreRepaired) {
  auto latin1 = read_one(data_path("feeds/latin1-declared-utf8.rss"));
  ASSERT_EQ(latin1.articles.size(), 1u) << latin1.describe_issues();
  EXPECT_EQ(latin1.articles[0].title, "Perché la città");
  ASSERT_NE(latin1.issue_with("read as Windows-1252"), nullptr);
  EXPECT_FALSE(latin1.issue_with("read as Windows-1252")->skipped);
  auto utf8 = read_one(data_path("feeds/utf8-declared-latin1.rss"));
  ASSERT_EQ(utf8.articles.size(), 1u) << utf8.describe_issues();
  EXPECT_EQ(utf8.articles[0].title, "Perché la città");  // not "PerchÃ© la cittÃ "
  ASSERT_NE(utf8.issue_with("declared iso-8859-1 but the bytes are UTF-8"), nullptr) << utf8.describe_issues();
}

TEST(FeedReader, GarbageAndEmptyFilesAreSkippedWithTheReason) {
  TempDir dir;
  std::string garbage;
  for (int i = 0; i < 5000; ++i) garbage.push_back(static_cast<char>((i * 7919) % 256));
  auto r = read_one(write_file(dir / "garbage.rss", garbage));
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.issues.size(), 1u) << r.describe_issues();
  EXPECT_NE(r.issues[0].reason.find("binary file"), std::string::npos) << r.issues[0].reason;
  auto e = read_one(write_file(dir / "empty.atom", "  \n"));
  ASSERT_EQ(e.issues.size(), 1u);
  EXPECT_NE(e.issues[0].reason.find("empty file"), std::string::npos);
  auto t = read_one(write_file(dir / "truncated.rss", "<rss><channel><title>x</title><item><guid>1</guid><title>T"));
  EXPECT_TRUE(t.articles.empty());
  EXPECT_NE(t.issue_with("malformed XML"), nullptr) << t.describe_issues();
}

TEST(FeedReader, HugeItemIsReportedAndItsNeighboursKept) {
  // A 100 MB description: over the 16 MB an article may have, so skipped with the reason; the
  // items around it are indexed.
  TempDir dir;
  const std::string path = dir / "huge.rss";
  {
    std::ofstream out(path, std::ios::binary);
    out << "<rss version=\"2.0\"><channel><title>Big</title>\n"
        << "<item><guid>small</guid><title>Small</title><description>Fine.</description></item>\n"
        << "<item><guid>huge</guid><title>Huge</title><description>";
    std::string chunk(1 << 20, 'a');
    for (size_t i = 0; i < chunk.size(); i += 10) chunk[i] = ' ';
    for (int i = 0; i < 100; ++i) out << chunk;
    out << "</description></item>\n"
        << "<item><guid>after</guid><title>After</title><description>Also fine.</description></item>\n"
        << "</channel></rss>\n";
  }
  auto r = read_one(path);
  EXPECT_NE(r.by_id("small"), nullptr) << r.describe_issues();
  EXPECT_NE(r.by_id("after"), nullptr);
  EXPECT_EQ(r.by_id("huge"), nullptr);
  const auto* e = r.issue_with("item text longer than 16 MB");
  ASSERT_NE(e, nullptr) << r.describe_issues();
  EXPECT_EQ(e->where.line, 3u);
}

TEST(FeedReader, GzipFeedReadsLikeThePlainOne) {
  TempDir dir;
  const std::string gz = dir / "ilpost.rss.gz";
  ASSERT_EQ(std::system(("gzip -c '" + data_path("feeds/ilpost.rss") + "' > '" + gz + "'").c_str()), 0);
  auto plain = read_one(data_path("feeds/ilpost.rss"));
  auto packed = read_one(gz);
  ASSERT_EQ(packed.articles.size(), plain.articles.size()) << packed.describe_issues();
  for (size_t i = 0; i < plain.articles.size(); ++i) {
    EXPECT_EQ(packed.articles[i].id, plain.articles[i].id);
    EXPECT_EQ(packed.articles[i].body, plain.articles[i].body);
  }
}

TEST(FeedReader, RelativeLinksAreResolvedAgainstTheFeedsBase) {
  auto r = read_one(data_path("feeds/relative-links.rss"));
  ASSERT_EQ(r.articles.size(), 4u) << r.describe_issues();
  // From the root of the feed's own URL (atom:link rel="self"); the id is the resolved link.
  EXPECT_NE(r.by_id("https://www.cronache.example/politica/2020/09/14/senza-data"), nullptr) << r.describe_issues();
  // Relative to the feed's URL, as feed readers do.
  const Article* rel = r.by_id("https://www.cronache.example/rss/politica/articolo-relativo.html");
  ASSERT_NE(rel, nullptr);
  EXPECT_EQ(rel->url, rel->id);
  const Article* based = r.by_id("archivio-42");  // the guid stays the id
  ASSERT_NE(based, nullptr);
  EXPECT_EQ(based->url, "https://archivio.cronache.example/2019/vecchio.html");
  EXPECT_NE(r.by_id("http://altro.example/pezzo"), nullptr);

  auto atom = read_one(data_path("feeds/relative-links.atom"));
  ASSERT_EQ(atom.articles.size(), 2u) << atom.describe_issues();
  EXPECT_EQ(atom.by_id("urn:example:1")->url, "https://news.example/world/2021/03/04/story-one");
  EXPECT_EQ(atom.by_id("urn:example:2")->url, "https://other.example/a/story-two");
}

TEST(FeedReader, UndatedItemsTakeTheFeedsDateOrStayUndated) {
  auto r = read_one(data_path("feeds/relative-links.rss"));
  const Article* undated = r.by_id("https://www.cronache.example/politica/2020/09/14/senza-data");
  ASSERT_NE(undated, nullptr) << r.describe_issues();
  EXPECT_EQ(undated->date, "2020-09-15T08:00:00+02:00");  // the channel's lastBuildDate
  const auto* repair = r.issue_with("item has no date; dated as the feed (<lastBuildDate>");
  ASSERT_NE(repair, nullptr) << r.describe_issues();
  EXPECT_FALSE(repair->skipped);
  EXPECT_EQ(r.skipped(), 0u);
  // Dated items keep their own date.
  EXPECT_EQ(r.by_id("https://www.cronache.example/rss/politica/articolo-relativo.html")->date,
            "2020-09-14T10:05:00+02:00");

  auto atom = read_one(data_path("feeds/relative-links.atom"));
  EXPECT_EQ(atom.by_id("urn:example:2")->date, "2021-03-04T10:00:00Z");  // the feed's <updated>
  EXPECT_NE(atom.issue_with("dated as the feed (<updated>"), nullptr) << atom.describe_issues();

  // No date anywhere: indexed without one (not 1970, not today).
  auto none = read_one(data_path("feeds/undated.rss"));
  ASSERT_EQ(none.articles.size(), 1u) << none.describe_issues();
  EXPECT_EQ(none.articles[0].date, "");
}

}  // namespace
}  // namespace rassegna
