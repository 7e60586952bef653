// The press-office routes through Api::handle on the bundled corpus (and the same articles as a
// partitioned collection), each held against an oracle built from /api/search itself: feeds,
// CSV/JSONL exports, company trends and profiles, the press review and spelling suggestions.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <deque>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "searcher/api/exports.h"
#include "searcher/api/feeds.h"
#include "searcher/api/routes.h"
#include "searcher/query/spelling.h"
#include "searcher/query/trends.h"
#include <rassegna/analysis/analyzer.h>
#include <rassegna/collection.h>
#include "tests/common/test_support.h"

namespace rassegna::api {
namespace {

using nlohmann::json;
using Params = std::multimap<std::string, std::string>;
using testing::bundled_collection;
using testing::bundled_db;
using testing::kCorpusArticles;
using testing::source_path;
using testing::TempDir;

class Press : public ::testing::TestWithParam<bool> {  // false: one database, true: a collection
 protected:
  static void SetUpTestSuite() {
    db_ = new Api({bundled_db(), 2, {}, std::chrono::milliseconds(5000), {}});
    collection_ = new Api({bundled_collection(), 2, {}, std::chrono::milliseconds(5000), {}});
  }
  static void TearDownTestSuite() {
    delete db_;
    delete collection_;
  }
  static ApiResponse handle(const std::string& path, Params params = {}, const std::string& method = "GET") {
    ApiRequest r;
    r.path = path;
    r.params = std::move(params);
    r.method = method;
    return (GetParam() ? collection_ : db_)->handle(r);
  }
  static json get_json(const std::string& path, Params params = {}) {
    ApiResponse r = handle(path, std::move(params));
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return json::parse(r.body);
  }
  // Every hit of a search, page by page through /api/search: the oracle.
  static std::vector<json> all_hits(Params params) {
    std::vector<json> hits;
    for (int page = 1;; ++page) {
      Params p = params;
      p.emplace("size", "100");
      p.emplace("page", std::to_string(page));
      p.emplace("facets", "0");
      json j = get_json("/api/search", p);
      for (auto& h : j["hits"]) hits.push_back(h);
      if (j["hits"].size() < 100) break;
    }
    return hits;
  }
  static std::string drain(ApiResponse& r) {
    if (!r.stream) return r.body;
    std::string out, piece;
    bool more = true;
    while (more) {
      piece.clear();
      more = r.stream(piece);
      out += piece;
    }
    return out;
  }
  static Api* db_;
  static Api* collection_;
};
Api* Press::db_ = nullptr;
Api* Press::collection_ = nullptr;

// --- feeds ---------------------------------------------------------------------------------

std::vector<std::pair<std::string, std::string>> entries_of(const std::string& feed) {  // (id, updated)
  std::vector<std::pair<std::string, std::string>> out;
  std::regex entry(R"(<entry[^>]*>\s*<id>([^<]*)</id>[\s\S]*?<updated>([^<]*)</updated>)");
  for (auto it = std::sregex_iterator(feed.begin(), feed.end(), entry); it != std::sregex_iterator(); ++it) {
    out.emplace_back((*it)[1], (*it)[2]);
  }
  return out;
}

// xmllint's verdict on `xml` against the Atom schema; skips when xmllint is missing.
std::string validate_atom(const std::string& xml) {
  if (std::system("command -v xmllint >/dev/null 2>&1") != 0) return "no xmllint";
  TempDir dir;
  testing::write_file(dir / "feed.xml", xml);
  const std::string cmd = "xmllint --noout --relaxng '" + source_path("tests/data/atom/atom.rng") + "' '" +
                          (dir / "feed.xml") + "' >'" + (dir / "out") + "' 2>&1";
  const int status = std::system(cmd.c_str());
  std::ifstream in(dir / "out");
  std::string out((std::istreambuf_iterator<char>(in)), {});
  return status == 0 ? std::string() : out;
}

TEST_P(Press, FeedIsValidAtomNewestFirstWithTheSearchsArticles) {
  ApiResponse r = handle("/api/search.atom", {{"q", "tiktok"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/atom+xml; charset=utf-8");
  const std::string verdict = validate_atom(r.body);
  if (verdict == "no xmllint") GTEST_SKIP() << "xmllint is missing (scripts/install-deps.sh --test installs libxml2-utils)";
  EXPECT_EQ(verdict, "") << r.body.substr(0, 2000);

  // The oracle: the same search by date through the JSON API.
  json j = get_json("/api/search", {{"q", "tiktok"}, {"sort", "date"}, {"size", "50"}});
  auto entries = entries_of(r.body);
  ASSERT_EQ(entries.size(), j["hits"].size());
  ASSERT_GT(entries.size(), 5u);
  std::set<std::string> ids;
  const size_t feed_updated_at = r.body.find("<updated>");
  ASSERT_NE(feed_updated_at, std::string::npos);
  const std::string feed_updated = r.body.substr(feed_updated_at + 9, r.body.find("</updated>", feed_updated_at) - feed_updated_at - 9);
  EXPECT_EQ(feed_updated.find("1970"), std::string::npos);
  for (size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].first, entry_id(j["hits"][i]["id"].get<std::string>()));
    const std::string when = rfc3339(j["hits"][i]["date"].get<std::string>());
    EXPECT_EQ(entries[i].second, when.empty() ? feed_updated : when) << "undated: the feed's time, never 1970";
    if (i > 0 && !when.empty()) {
      EXPECT_GE(entries[i - 1].second.substr(0, 19), entries[i].second.substr(0, 19)) << "not newest first at " << i;
    }
    ids.insert(entries[i].first);
  }
  EXPECT_EQ(ids.size(), entries.size()) << "entry ids repeat";
  // Stable: asked again (and with the parameters in another order), the same document.
  EXPECT_EQ(handle("/api/search.atom", {{"q", "tiktok"}}).body, r.body);
}

TEST_P(Press, FeedFollowsFiltersAndRefusesBadParameters) {
  ApiResponse r = handle("/api/search.atom", {{"company", "Oracle"}, {"size", "100"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(validate_atom(r.body).find("fails"), std::string::npos);
  json j = get_json("/api/search", {{"company", "Oracle"}, {"facets", "1"}});
  EXPECT_EQ(entries_of(r.body).size(), std::min<size_t>(100, j["total"].get<size_t>()));
  EXPECT_NE(r.body.find("<category term=\"Oracle\""), std::string::npos);
  EXPECT_EQ(handle("/api/search.atom", {{"size", "0"}}).status, 400);
  ApiResponse bad = handle("/api/search.atom", {{"from", "2020-13"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("from"), std::string::npos);
}

TEST(FeedText, DatesIdsAndEscaping) {
  EXPECT_EQ(rfc3339("2020-09-14"), "2020-09-14T00:00:00Z");
  EXPECT_EQ(rfc3339("2020-09-14T10:05:00+02:00"), "2020-09-14T10:05:00+02:00");
  EXPECT_EQ(rfc3339("1987-02-26 15:02:20"), "1987-02-26T15:02:20Z");
  EXPECT_EQ(rfc3339("2020-09-14T10:05:00Z"), "2020-09-14T10:05:00Z");
  EXPECT_EQ(rfc3339("not a date"), "");
  EXPECT_EQ(entry_id("a b/ç"), "tag:rassegna,2026:article:a%20b%2F%C3%A7");
  EXPECT_EQ(xml_escape("<a href=\"x\">&\x01\xff"), "&lt;a href=&quot;x&quot;&gt;&amp;\xEF\xBF\xBD");
  SearchRequest a, b;
  a.query = b.query = "x";
  a.companies = {"B", "A"};
  b.companies = {"A", "B", "A"};
  EXPECT_EQ(canonical_search(a), canonical_search(b));
}

TEST(FeedText, HostileArticleTextStaysValidXml) {
  Hit h;
  h.id = "x<&>\"'";
  h.title = "<script>alert(1)</script> \x01 & \xC3";
  h.date = "2021-03-04";
  h.source = "<b>";
  h.url = "javascript:alert(1)";
  h.companies = {"A&B"};
  h.snippet = "<mark>x</mark> & y";
  FeedInfo info;
  info.version = "t";
  const std::string feed = atom_feed(info, {h});
  EXPECT_EQ(feed.find("<script>"), std::string::npos);
  EXPECT_EQ(feed.find("javascript:"), std::string::npos) << "a non-web URL is never linked";
  const std::string verdict = validate_atom(feed);
  if (verdict != "no xmllint") {
    EXPECT_EQ(verdict, "") << feed;
  }
}

TEST(FeedText, UndatedEntriesTakeTheFeedsTimeNever1970) {
  Hit dated, undated;
  dated.id = "a";
  dated.date = "2021-03-04T05:06:07+01:00";
  undated.id = "b";
  FeedInfo info;
  info.version = "t";
  info.fallback_updated = "2026-01-02T03:04:05Z";
  const std::string feed = atom_feed(info, {dated, undated});
  EXPECT_EQ(feed.find("1970"), std::string::npos) << feed;
  // The feed's updated is its newest entry's; the undated entry carries it, without <published>.
  const size_t b = feed.find("article:b");
  ASSERT_NE(b, std::string::npos);
  const std::string entry_b = feed.substr(b, feed.find("</entry>", b) - b);
  EXPECT_NE(entry_b.find("<updated>2021-03-04T05:06:07+01:00</updated>"), std::string::npos) << entry_b;
  EXPECT_EQ(entry_b.find("<published>"), std::string::npos) << entry_b;
  // Only undated entries: the database's last update.
  const std::string only = atom_feed(info, {undated});
  EXPECT_NE(only.find("<updated>2026-01-02T03:04:05Z</updated>"), std::string::npos) << only;
  EXPECT_EQ(only.find("1970"), std::string::npos) << only;
  info.fallback_updated.clear();
  EXPECT_EQ(atom_feed(info, {undated}).find("1970"), std::string::npos);
}

// --- exports -------------------------------------------------------------------------------

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      rows.emplace_back(1);
    } else {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

TEST_P(Press, CsvExportListsEveryMatchInOrder) {
  for (const Params& search : {Params{{"q", "tiktok"}}, Params{{"company", "Microsoft"}, {"sort", "date"}}, Params{}}) {
    ApiResponse r = handle("/api/search.csv", search);
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_TRUE(static_cast<bool>(r.stream)) << "an export is streamed";
    EXPECT_EQ(r.content_type, "text/csv; charset=utf-8");
    auto rows = parse_csv(drain(r));
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows[0], (std::vector<std::string>{"id", "date", "lang", "source", "title", "url", "companies"}));
    std::vector<json> oracle = all_hits(search);
    ASSERT_EQ(rows.size() - 1, oracle.size()) << "every match, not one page";
    for (size_t i = 0; i < oracle.size(); ++i) {
      ASSERT_EQ(rows[i + 1].size(), 7u) << "row " << i + 1;
      EXPECT_EQ(rows[i + 1][0], oracle[i]["id"]) << "row " << i + 1;
      std::string title = oracle[i]["title"];
      if (!title.empty() && std::string("=+-@").find(title[0]) != std::string::npos) title = "'" + title;
      EXPECT_EQ(rows[i + 1][4], title);
    }
    if (search.empty()) {  // every story of the archive (near-duplicates collapse, as in a search)
      EXPECT_EQ(rows.size() - 1, get_json("/api/search", {{"size", "1"}})["total"].get<size_t>());
      EXPECT_LT(rows.size() - 1, kCorpusArticles);
    }
  }
}

TEST_P(Press, JsonlExportHoldsWholeArticles) {
  ApiResponse r = handle("/api/search.jsonl", {{"q", "amministrazione"}});
  ASSERT_EQ(r.status, 200);
  const std::string text = drain(r);
  std::vector<json> oracle = all_hits({{"q", "amministrazione"}});
  size_t n = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    json line = json::parse(text.substr(start, end - start));
    ASSERT_LT(n, oracle.size());
    EXPECT_EQ(line["id"], oracle[n]["id"]);
    json full = get_json("/api/articles/" + line["id"].get<std::string>());
    EXPECT_EQ(line["body"], full["body"]);
    ++n;
    start = end + 1;
  }
  EXPECT_EQ(n, oracle.size());
  EXPECT_EQ(handle("/api/search.csv", {{"q", "(oracle"}}).status, 400);
}

TEST(ExportText, CsvQuotingAndFormulas) {
  Article a;
  a.id = "1";
  a.title = "=HYPERLINK(\"x\")";
  a.source = "a,b";
  a.body = "not exported";
  a.companies = {"A", "B"};
  EXPECT_EQ(csv_row(a), "1,,,\"a,b\",\"'=HYPERLINK(\"\"x\"\")\",,A; B\r\n");
}

// --- trends and company profiles ------------------------------------------------------------

TEST_P(Press, TrendsCountEachMonthExactly) {
  json t = get_json("/api/trends", {{"company", "Microsoft"}, {"company", "Apple"}, {"granularity", "month"}});
  EXPECT_EQ(t["granularity"], "month");
  ASSERT_EQ(t["series"].size(), 2u);
  const auto& periods = t["periods"];
  ASSERT_GT(periods.size(), 1u);
  for (const auto& s : t["series"]) {
    ASSERT_EQ(s["counts"].size(), periods.size());
    uint64_t sum = 0;
    for (size_t i = 0; i < periods.size(); ++i) {
      const std::string month = periods[i];
      json oracle = get_json("/api/search", {{"company", s["name"]}, {"from", month}, {"to", month}, {"size", "1"}});
      EXPECT_EQ(s["counts"][i], oracle["total_articles"]) << s["name"] << " " << month;  // articles, not stories
      sum += s["counts"][i].get<uint64_t>();
    }
    json all = get_json("/api/search", {{"company", s["name"]}, {"size", "1"}});
    EXPECT_EQ(sum + s["undated"].get<uint64_t>(), all["total_articles"].get<uint64_t>());
    EXPECT_EQ(s["total"], all["total_articles"]);
  }
}

TEST_P(Press, TrendsWithinASearchByWeekAndDay) {
  json weeks = get_json("/api/trends", {{"q", "tiktok"}, {"company", "Microsoft"}, {"granularity", "week"}});
  json days = get_json("/api/trends", {{"q", "tiktok"}, {"company", "Microsoft"}, {"granularity", "day"}});
  json oracle = get_json("/api/search", {{"q", "tiktok"}, {"company", "Microsoft"}, {"size", "1"}});
  auto sum = [](const json& s) {
    uint64_t n = 0;
    for (const auto& c : s["counts"]) n += c.get<uint64_t>();
    return n;
  };
  EXPECT_EQ(sum(weeks["series"][0]) + weeks["series"][0]["undated"].get<uint64_t>(), oracle["total"].get<uint64_t>());
  EXPECT_EQ(sum(days["series"][0]), sum(weeks["series"][0]));
  for (const auto& w : weeks["periods"]) {  // each week starts on a Monday, 7 days after the last
    const std::string d = w;
    std::tm tm{};
    tm.tm_year = std::stoi(d.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(d.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(d.substr(8, 2));
    tm.tm_hour = 12;
    timegm(&tm);
    EXPECT_EQ(tm.tm_wday, 1) << d;
  }
  // Every week: the oracle is the search limited to the seven days.
  for (size_t i = 0; i < weeks["periods"].size() && i < 6; ++i) {
    const std::string monday = weeks["periods"][i];
    std::tm tm{};
    tm.tm_year = std::stoi(monday.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(monday.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(monday.substr(8, 2)) + 6;
    tm.tm_hour = 12;
    timegm(&tm);
    char sunday[16];
    std::strftime(sunday, sizeof sunday, "%Y-%m-%d", &tm);
    json week = get_json("/api/search",
                         {{"q", "tiktok"}, {"company", "Microsoft"}, {"from", monday}, {"to", sunday}, {"size", "1"}});
    EXPECT_EQ(weeks["series"][0]["counts"][i], week["total"]) << monday;
  }
  EXPECT_EQ(handle("/api/trends", {{"granularity", "month"}}).status, 400);
  ApiResponse bad = handle("/api/trends", {{"company", "Apple"}, {"granularity", "hour"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("granularity"), std::string::npos);
  Params six;
  for (const char* c : {"A", "B", "C", "D", "E", "F"}) six.emplace("company", c);
  EXPECT_EQ(handle("/api/trends", six).status, 400);
}

TEST_P(Press, CompanyProfileAgreesWithTheHits) {
  json p = get_json("/api/companies/MSFT");  // a ticker resolves to the company
  EXPECT_EQ(p["name"], "Microsoft");
  EXPECT_EQ(p["in_gazetteer"], true);
  EXPECT_NE(std::find(p["aliases"].begin(), p["aliases"].end(), "Microsoft"), p["aliases"].end());
  std::vector<json> hits = all_hits({{"company", "Microsoft"}, {"sort", "date"}});
  EXPECT_EQ(p["mentions"], hits.size());
  std::map<std::string, uint64_t> co;
  std::string first = "9999", last;
  for (const auto& h : hits) {
    for (const auto& c : h["companies"]) {
      if (c != "Microsoft") ++co[c.get<std::string>()];
    }
    const std::string d = h["date"].get<std::string>().substr(0, 10);
    if (!d.empty()) {
      first = std::min(first, d);
      last = std::max(last, d);
    }
  }
  EXPECT_EQ(p["first_date"], first);
  EXPECT_EQ(p["last_date"], last);
  ASSERT_FALSE(p["co_mentions"].empty());
  uint64_t previous = UINT64_MAX;
  for (const auto& c : p["co_mentions"]) {
    EXPECT_EQ(c["count"], co[c["company"].get<std::string>()]) << c["company"];
    EXPECT_LE(c["count"].get<uint64_t>(), previous);
    previous = c["count"];
  }
  uint64_t best = 0;
  for (const auto& [name, n] : co) best = std::max(best, n);
  EXPECT_EQ(p["co_mentions"][0]["count"], best);
  EXPECT_EQ(handle("/api/companies/No Such Company Ltd").status, 404);
  EXPECT_EQ(handle("/api/companies/Microsoft", {{"top", "0"}}).status, 400);
}

TEST(TrendBuckets, WeeksMonthsYearsWithZeros) {
  std::vector<std::string> periods;
  std::vector<uint64_t> counts;
  bucket_days({{20240226, 1}, {20240303, 2}, {20240304, 5}}, 20240226, 20240318, Granularity::week, periods, counts);
  EXPECT_EQ(periods, (std::vector<std::string>{"2024-02-26", "2024-03-04", "2024-03-11", "2024-03-18"}));
  EXPECT_EQ(counts, (std::vector<uint64_t>{3, 5, 0, 0}));
  bucket_days({{20231231, 1}, {20240201, 2}}, 20231231, 20240201, Granularity::month, periods, counts);
  EXPECT_EQ(periods, (std::vector<std::string>{"2023-12", "2024-01", "2024-02"}));
  EXPECT_EQ(counts, (std::vector<uint64_t>{1, 0, 2}));
  bucket_days({{20200101, 4}}, 20200101, 20220101, Granularity::year, periods, counts);
  EXPECT_EQ(counts, (std::vector<uint64_t>{4, 0, 0}));
}

// --- the press review ----------------------------------------------------------------------

TEST_P(Press, ReviewOfChosenArticlesInTheirOrder) {
  std::vector<json> hits = all_hits({{"q", "tiktok"}});
  ASSERT_GE(hits.size(), 3u);
  const std::string a = hits[2]["id"], b = hits[0]["id"], c = hits[1]["id"];
  ApiResponse r = handle("/api/review", {{"id", a}, {"id", b}, {"id", c}, {"group", "none"}, {"ui", "en"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("Press review"), std::string::npos);
  EXPECT_NE(r.body.find("3 articles"), std::string::npos);
  EXPECT_NE(r.body.find("/api/review.css"), std::string::npos);
  // The articles in the order given, each with its whole text.
  size_t pos = 0;
  for (const auto& id : {a, b, c}) {
    json full = get_json("/api/articles/" + id);
    const std::string start = "<article class=\"item\" id=\"art-";
    size_t at = r.body.find(start, pos);
    ASSERT_NE(at, std::string::npos);
    size_t end = r.body.find("</article>", at);
    std::string item = r.body.substr(at, end - at);
    std::string first_words = full["body"].get<std::string>().substr(0, 20);
    if (first_words.find_first_of("<>&\"'") == std::string::npos) {
      EXPECT_NE(item.find(first_words), std::string::npos) << id;
    }
    pos = end;
  }
  // POST (the page's form) gives the same document, bar nothing.
  ApiResponse posted = handle("/api/review", {{"id", a}, {"id", b}, {"id", c}, {"group", "none"}, {"ui", "en"}}, "POST");
  EXPECT_EQ(posted.status, 200);
  EXPECT_EQ(posted.body, r.body);
  EXPECT_EQ(handle("/api/review", {{"id", "no-such-article"}}).status, 404);
  ApiResponse none = handle("/api/review", {{"group", "source"}});
  EXPECT_EQ(none.status, 400);
  EXPECT_NE(none.body.find("id"), std::string::npos);
  EXPECT_EQ(handle("/api/review", {{"id", a}, {"group", "date"}}).status, 400);
  EXPECT_EQ(handle("/api/review.css").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(handle("/api/search.atom", {}, "POST").status, 405);
}

TEST_P(Press, ReviewOfASearchGroupedByCompany) {
  ApiResponse r = handle("/api/review", {{"q", "tiktok"}, {"size", "5"}, {"group", "company"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("Rassegna stampa"), std::string::npos);
  EXPECT_NE(r.body.find("<q>tiktok</q>"), std::string::npos);
  size_t items = 0;
  for (size_t at = r.body.find("<article "); at != std::string::npos; at = r.body.find("<article ", at + 1)) ++items;
  EXPECT_EQ(items, 5u);
  EXPECT_NE(r.body.find("<h3>"), std::string::npos) << "contents grouped under company headings";
}

// --- did you mean ----------------------------------------------------------------------------

TEST_P(Press, SuggestionForAMisspeltWord) {
  json j = get_json("/api/search", {{"q", "amministrazone"}});
  EXPECT_EQ(j["total"], 0);
  ASSERT_TRUE(j.contains("suggestion")) << j.dump();
  EXPECT_EQ(j["suggestion"], "amministrazione");
  json right = get_json("/api/search", {{"q", "amministrazione"}, {"size", "1"}});
  EXPECT_EQ(j["suggestion_total"], right["total"]);
  EXPECT_FALSE(right.contains("suggestion"));
  // Operators and field values stay; only the word changes.
  json k = get_json("/api/search", {{"q", "tiktik AND company:Oracle"}});
  if (k.contains("suggestion")) {
    EXPECT_EQ(k["suggestion"], "tiktok AND company:Oracle");
  }
  json l = get_json("/api/search", {{"q", "microsfot"}, {"lang", "en"}});
  ASSERT_TRUE(l.contains("suggestion")) << l.dump();
  EXPECT_EQ(l["suggestion"], "microsoft");
}

// Articles in `lang` holding the exact word.
uint64_t articles_with(const Xapian::Database& db, const std::string& word, const std::string& lang) {
  Xapian::Enquire e(db);
  e.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(word), Xapian::Query("L" + lang)));
  return e.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

TEST(Spelling, OnlyWordsAreCorrectedNotOperatorsOrFieldValues) {
  Xapian::Database db(bundled_db());
  analysis::Analyzer analyzer;
  using spelling::suggest_query;
  EXPECT_EQ(suggest_query(db, analyzer, "amministrazone", ""), "amministrazione");
  EXPECT_EQ(suggest_query(db, analyzer, "amministrazione", ""), "") << "a word that is there";
  // A company value in quotes is a name, not words; operators stay; title: words are words.
  EXPECT_EQ(suggest_query(db, analyzer, "amministrazone AND company:\"Intesa Sanpaoli\"", ""),
            "amministrazione AND company:\"Intesa Sanpaoli\"");
  EXPECT_EQ(suggest_query(db, analyzer, "title:amministrazone OR source:reutres", ""),
            "title:amministrazione OR source:reutres");
  EXPECT_EQ(suggest_query(db, analyzer, "microsfot NOT tiktik", ""), "microsoft NOT tiktok");
  // Per language: the corpus's tiktok articles are Italian, so an English search keeps tiktik.
  ASSERT_EQ(articles_with(db, "tiktok", "en"), 0u);
  ASSERT_GT(articles_with(db, "tiktok", "it"), 0u);
  EXPECT_EQ(suggest_query(db, analyzer, "microsfot NOT tiktik", "en"), "microsoft NOT tiktik");
  EXPECT_EQ(suggest_query(db, analyzer, "tiktik", "it"), "tiktok");
}

// The oracle: every unprefixed term of the database within the distance, more frequent than the
// word, the closest then the most frequent then the first in byte order.
std::string brute_force_best(const Xapian::Database& db, const std::string& word) {
  std::u32string w;
  for (char32_t c : std::u32string(word.begin(), word.end())) w.push_back(c);  // (ASCII words here)
  if (w.size() < 3) return {};
  const unsigned max = w.size() <= 4 ? 1 : 2;
  const uint64_t own = db.get_termfreq(word);
  std::string best;
  unsigned best_d = max + 1;
  uint64_t best_f = 0;
  const std::string first(1, word[0]);  // (the rule: a suggestion shares the word's first letter)
  for (auto it = db.allterms_begin(first); it != db.allterms_end(first); ++it) {
    const std::string t = *it;
    if (t == word) continue;
    std::u32string u;  // UTF-8 decoded (2- and 3-byte sequences are all the corpus has)
    for (size_t i = 0; i < t.size();) {
      const auto b = static_cast<unsigned char>(t[i]);
      if (b < 0x80) {
        u.push_back(b);
        i += 1;
      } else if ((b & 0xE0) == 0xC0 && i + 1 < t.size()) {
        u.push_back(((b & 0x1Fu) << 6) | (static_cast<unsigned char>(t[i + 1]) & 0x3Fu));
        i += 2;
      } else if (i + 2 < t.size()) {
        u.push_back(((b & 0x0Fu) << 12) | ((static_cast<unsigned char>(t[i + 1]) & 0x3Fu) << 6) |
                    (static_cast<unsigned char>(t[i + 2]) & 0x3Fu));
        i += 3;
      } else {
        break;
      }
    }
    const unsigned d = spelling::edit_distance(w, u, max);
    const uint64_t f = it.get_termfreq();
    if (d > max || f <= own) continue;
    if (d < best_d || (d == best_d && (f > best_f || (f == best_f && t < best)))) best = t, best_d = d, best_f = f;
  }
  if (best.empty() || (own > 0 && best_f < own * 20)) return {};
  return best;
}

// Misspellings of the corpus's own words (a letter dropped, doubled, swapped, replaced) and of
// none: the lexicon (words in memory, by first letter and length) suggests what scanning the
// database through Xapian does, and both what comparing with every word does; on a collection
// too, whose parts each have their lexicon.
TEST(Spelling, TheLexiconSuggestsWhatScanningDoes) {
  Xapian::Database db(bundled_db());
  std::vector<std::string> words;
  for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) {
    const std::string t = *it;
    const bool plain = t.size() >= 4 && std::all_of(t.begin(), t.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (plain && it.get_termfreq() >= 3) words.push_back(t);
  }
  ASSERT_GT(words.size(), 500u);
  std::vector<std::string> queries;
  for (size_t i = 0; i < words.size(); i += words.size() / 150) {
    std::string w = words[i];
    const size_t k = 1 + i % (w.size() - 2);
    switch (i % 4) {
      case 0: queries.push_back(w.substr(0, k) + w.substr(k + 1)); break;
      case 1: queries.push_back(w.substr(0, k) + w[k] + w.substr(k)); break;
      case 2: std::swap(w[k], w[k + 1]); queries.push_back(w); break;
      default: w[k] = static_cast<char>('a' + (w[k] - 'a' + 7) % 26); queries.push_back(w); break;
    }
  }
  queries.push_back("zzzqqq");
  const std::vector<spelling::WordSource> whole{{&db, std::make_shared<const spelling::Lexicon>(db)}};
  size_t suggested = 0;
  for (const auto& q : queries) {
    const std::string scanned = spelling::best_word(db, q, "");
    EXPECT_EQ(scanned, brute_force_best(db, q)) << q;
    EXPECT_EQ(spelling::best_word(db, q, "", whole), scanned) << q;
    EXPECT_EQ(spelling::best_word(db, q, "it", whole), spelling::best_word(db, q, "it")) << q;
    suggested += !scanned.empty();
  }
  EXPECT_GT(suggested, queries.size() / 2) << "most misspellings have a suggestion";

  // A collection: its parts' lexicons, and one part scanned, give what scanning it whole does.
  Xapian::Database all;
  std::deque<Xapian::Database> kept;
  std::vector<spelling::WordSource> parts;
  for (const auto& name : collection::partitions(bundled_collection())) {
    kept.emplace_back(bundled_collection() + "/" + name);
    all.add_database(kept.back());
    parts.push_back(spelling::WordSource{&kept.back(), parts.size() == 1 ? nullptr : std::make_shared<const spelling::Lexicon>(kept.back())});
  }
  ASSERT_GT(parts.size(), 2u);
  for (const auto& q : queries) {
    EXPECT_EQ(spelling::best_word(all, q, "", parts), spelling::best_word(all, q, "")) << q;
  }
}

TEST(Spelling, EditDistance) {
  EXPECT_EQ(spelling::edit_distance(U"microsoft", U"microsfot", 2), 1u);  // a transposition
  EXPECT_EQ(spelling::edit_distance(U"abc", U"abc", 2), 0u);
  EXPECT_EQ(spelling::edit_distance(U"città", U"citta", 2), 1u);
  EXPECT_EQ(spelling::edit_distance(U"kitten", U"sitting", 2), 3u);  // capped at max + 1
  EXPECT_EQ(spelling::edit_distance(U"a", U"abcdef", 2), 3u);
}

INSTANTIATE_TEST_SUITE_P(DatabaseAndCollection, Press, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& param) { return param.param ? "Collection" : "Database"; });

}  // namespace
}  // namespace rassegna::api
