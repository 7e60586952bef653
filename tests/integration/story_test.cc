// Wire-story collapse at index time (indexer/dedup/): a republished copy of an article (another
// headline, its last paragraph cut, a sign-off added) joins the article's story; another story
// about the same company does not; the grouping does not depend on the order the articles
// arrive in, on one run or several, on the parallel or the in-place writer; deleting or
// replacing the article whose key the story carries leaves the others grouped.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <filesystem>
#include <set>

#include <rassegna/change_log.h>
#include <rassegna/collection.h>
#include <rassegna/dates.h>
#include <rassegna/stored_article.h>
#include <rassegna/schema.h>

#include "indexer/dedup/fingerprint.h"
#include "indexer/document_builder.h"
#include "indexer/index_writer.h"
#include "searcher/query/searcher.h"
#include "near_duplicates.h"
#include "tests/common/test_support.h"

namespace rassegna {
namespace {

using testing::TempDir;

// An article's own story key, as the indexer computes it from its id and date.
std::string own_key(const Article& a) {
  const std::optional<Date> date = parse_article_date(a.date);
  return dedup::own_story_key(a.id, date ? date->timestamp_key() : std::string());
}

// Article id -> story key, read from the database.
std::map<std::string, std::string> stories_of(const std::string& db_path) {
  Xapian::Database db(db_path);
  std::map<std::string, std::string> out;
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    Xapian::Document d = db.get_document(*p);
    const std::string key = d.get_value(schema::kSlotStory);
    out[stored_id(d)] = key;
    // The XG term and the collapse slot must agree.
    EXPECT_TRUE(db.term_exists(std::string(schema::kStory) + key)) << key;
  }
  return out;
}

IndexStats run(const std::string& db, const std::vector<std::string>& inputs, size_t threads,
               const std::vector<std::string>& deletes = {}) {
  IndexRunOptions o;
  o.db_path = db;
  o.inputs = inputs;
  o.threads = threads;
  o.writer.batch_size = 7;  // commits mid-run: candidates are found committed and pending
  o.delete_ids = deletes;
  return run_indexing(o);
}

// Long English and Italian articles of the bundled sample, with copies.
struct Sample {
  std::vector<Article> originals, copies;
};

Sample sample(size_t n) {
  Sample s;
  for (const Article& a : testing::read_jsonl(testing::source_path(testing::kSampleJsonl))) {
    if (a.body.size() < 1500 || testing::trim_last_paragraph(a.body) == a.body) continue;
    s.originals.push_back(a);
    if (s.originals.size() == n) break;
  }
  for (size_t i = 0; i < s.originals.size(); ++i) {
    s.copies.push_back(testing::republished(s.originals[i], s.originals[i].id + "-copy", static_cast<int>(i % 3)));
  }
  return s;
}

TEST(Stories, ARepublishedCopyJoinsItsStoryAndOtherStoriesDoNot) {
  const Sample s = sample(24);
  ASSERT_EQ(s.originals.size(), 24u);
  TempDir tmp;
  std::vector<Article> all = s.originals;
  all.insert(all.end(), s.copies.begin(), s.copies.end());
  run(tmp / "db", {testing::write_jsonl(tmp / "in.jsonl", all)}, 1);
  const auto key = stories_of(tmp / "db");
  std::set<std::string> keys;
  for (const auto& a : s.originals) {
    EXPECT_EQ(key.at(a.id), key.at(a.id + "-copy")) << a.id << " and its copy: " << a.title;
    keys.insert(key.at(a.id));
  }
  EXPECT_EQ(keys.size(), s.originals.size()) << "different articles of the sample were put in one story";
}

// A feed: copies published hours after their originals join the originals' stories, and the
// commit that adds them changes no original (own keys begin with the minute of the date, so a
// story keeps its earliest article's key). Copies dated before their originals (late-arriving
// older wire copy) take the key, and then every original is rewritten: the change log shows it.
TEST(Stories, ACopyPublishedLaterJoinsWithoutRewritingItsOriginal) {
  const Sample s = sample(12);
  ASSERT_EQ(s.originals.size(), 12u);
  for (const bool copies_later : {true, false}) {
    SCOPED_TRACE(copies_later ? "copies published later" : "copies published earlier");
    TempDir tmp;
    const std::string db = tmp / "db";
    std::vector<Article> originals = s.originals, copies = s.copies;
    for (auto& a : originals) a.date = "2024-03-05T09:00:00";
    for (auto& c : copies) c.date = copies_later ? "2024-03-05T11:30:00" : "2024-03-05T07:45:00";
    run(db, {testing::write_jsonl(tmp / "originals.jsonl", originals)}, 1);
    const Xapian::rev before = Xapian::Database(db).get_revision();
    run(db, {testing::write_jsonl(tmp / "copies.jsonl", copies)}, 1);

    const auto key = stories_of(db);
    Xapian::Database read(db);
    std::set<Xapian::docid> original_docs, copy_docs;
    for (size_t i = 0; i < originals.size(); ++i) {
      const Article& earliest = copies_later ? originals[i] : copies[i];
      EXPECT_EQ(key.at(originals[i].id), own_key(earliest)) << originals[i].id;
      EXPECT_EQ(key.at(copies[i].id), own_key(earliest)) << copies[i].id;
      original_docs.insert(*read.postlist_begin(std::string(schema::kId) + originals[i].id));
      copy_docs.insert(*read.postlist_begin(std::string(schema::kId) + copies[i].id));
    }
    const auto changed = change_log::changed_since(read, before);
    ASSERT_TRUE(changed.has_value());
    std::set<Xapian::docid> expected = copy_docs;
    if (!copies_later) expected.insert(original_docs.begin(), original_docs.end());
    EXPECT_EQ(std::set<Xapian::docid>(changed->begin(), changed->end()), expected);
  }
}

// Own keys: 16 lowercase hex digits, the minute of the date first (1970-01-02 00:01 is minute
// 1,441 = 0x5a1), then a hash of the id; so a later article's key is greater whatever the ids.
TEST(Stories, OwnKeysOrderByTheMinuteOfTheDateThenTheId) {
  const std::string k = dedup::own_story_key("x", "19700102000100");
  ASSERT_EQ(k.size(), 16u);
  EXPECT_EQ(k.substr(0, 8), "000005a1");
  EXPECT_EQ(dedup::own_story_key("x", "19700102000159"), k) << "seconds do not count";
  EXPECT_EQ(dedup::own_story_key("x", "").substr(0, 8), "00000000") << "undated";
  EXPECT_NE(dedup::own_story_key("y", "19700102000100"), k);
  for (int i = 0; i < 200; ++i) {
    const std::string a = "id-" + std::to_string(i), b = "other-" + std::to_string(i * 7919);
    const std::string earlier = dedup::own_story_key(a, "20240305085900");
    const std::string later = dedup::own_story_key(b, "20240305090000");
    EXPECT_LT(earlier, later) << a << " " << b;
    for (char c : earlier) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << earlier;
  }
}

TEST(Stories, AnotherStoryAboutTheSameCompanyStaysApart) {
  // The bundled corpus, tagged: pairs of articles naming one company are different stories,
  // but for the real copies it holds (read and checked by hand): an iPad 2 factbox and its
  // extended re-issue, one Italian story published twice, and one event told by two papers
  // that share most of their text. No other same-company pair may share a key.
  const std::set<std::pair<std::string, std::string>> copies = {
      {"reuters-fin-20110303-us-ipad-idUSTRE7220CP20110303", "reuters-fin-20110303-us-ipad-idUSTRE7220FN20110303"},
      {"covid2020-5c3ebb283758", "covid2020-7afecbbf8f3c"},
      {"covid2020-c2763b6d36f2", "covid2020-c9882d432e6f"}};
  const auto key = stories_of(testing::bundled_db());
  Xapian::Database db(testing::bundled_db());
  size_t pairs = 0;
  const std::string prefix(schema::kCompany);
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    std::vector<std::string> ids;
    for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
      ids.push_back(stored_id(db.get_document(*p)));
    }
    for (size_t i = 0; i < ids.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        ++pairs;
        const auto pair = std::minmax(ids[i], ids[j]);
        if (copies.count({pair.first, pair.second})) {
          EXPECT_EQ(key.at(ids[i]), key.at(ids[j])) << ids[i] << " and " << ids[j] << " are copies";
        } else {
          EXPECT_NE(key.at(ids[i]), key.at(ids[j])) << ids[i] << " and " << ids[j] << " both name " << *t;
        }
      }
    }
  }
  EXPECT_GT(pairs, 1000u);  // the test must look at many same-company pairs
}

TEST(Stories, GroupingDoesNotDependOnOrderOrWriter) {
  const Sample s = sample(15);
  TempDir tmp;
  std::vector<Article> forward = s.originals, backward = s.copies;
  forward.insert(forward.end(), s.copies.begin(), s.copies.end());
  backward.insert(backward.end(), s.originals.begin(), s.originals.end());
  std::reverse(backward.begin(), backward.end());
  const std::string f = testing::write_jsonl(tmp / "forward.jsonl", forward);
  const std::string b = testing::write_jsonl(tmp / "backward.jsonl", backward);
  run(tmp / "in-place", {f}, 1);
  run(tmp / "backward", {b}, 1);
  run(tmp / "parallel", {f}, 2);  // grouped across the shards, then merged
  // Two runs, the copies first: the originals find their copies already committed.
  run(tmp / "two-runs", {testing::write_jsonl(tmp / "copies.jsonl", s.copies)}, 1);
  run(tmp / "two-runs", {testing::write_jsonl(tmp / "originals.jsonl", s.originals)}, 1);
  const auto want = stories_of(tmp / "in-place");
  size_t grouped = 0;
  for (const auto& a : s.originals) grouped += want.at(a.id) == want.at(a.id + "-copy");
  EXPECT_EQ(grouped, s.originals.size());
  EXPECT_EQ(stories_of(tmp / "backward"), want);
  EXPECT_EQ(stories_of(tmp / "parallel"), want);
  EXPECT_EQ(stories_of(tmp / "two-runs"), want);
  // The parallel writer groups before it merges: its output is what compacting it again gives
  // (grouping the merged database rewrote the grouped articles into it after the compaction).
  Xapian::Database(tmp / "parallel").compact(tmp / "recompacted");
  // (The run's metadata is committed after the merge: a few blocks.)
  EXPECT_LE(testing::directory_bytes(tmp / "parallel"), testing::directory_bytes(tmp / "recompacted") + 32 * 1024);
}

// A hit names the other articles of its story. On a month collection they are looked for in the
// hit's own partition only (stories are grouped per period); the oracle is the
// story keys stored in every partition, read through the stub as one database.
TEST(Stories, HitsNameTheOtherArticlesOfTheirStoryOnACollection) {
  const Sample s = sample(15);
  TempDir tmp;
  std::vector<Article> all = s.originals;
  all.insert(all.end(), s.copies.begin(), s.copies.end());
  for (size_t i = 0; i < all.size(); ++i) all[i].date = "2024-0" + std::to_string(1 + i % 5) + "-10";  // 5 months
  for (size_t i = 0; i < s.originals.size(); ++i) all[s.originals.size() + i].date = all[i].date;  // copy: same day
  testing::index_files(tmp / "c", {testing::write_jsonl(tmp / "all.jsonl", all)}, 10000, collection::Granularity::month);
  std::map<std::string, std::set<std::string>> members;  // story key -> article ids
  const auto key_of = stories_of(tmp / "c");
  for (const auto& [id, key] : key_of) members[key].insert(id);
  Searcher searcher(tmp / "c");
  SearchRequest r;
  r.limit = 100;
  const SearchResult got = searcher.search(r);
  ASSERT_EQ(got.hits.size(), members.size()) << "one hit per story";
  size_t grouped = 0;
  for (const auto& h : got.hits) {
    std::set<std::string> others = members.at(key_of.at(h.id));
    others.erase(h.id);
    EXPECT_EQ(h.duplicate_count, others.size()) << h.id;
    EXPECT_EQ(std::set<std::string>(h.duplicate_ids.begin(), h.duplicate_ids.end()), others) << h.id;
    grouped += !others.empty();
  }
  EXPECT_EQ(grouped, s.originals.size()) << "every original and its copy share a story";
}

TEST(Stories, DeletingOrReplacingTheKeyHolderKeepsTheRestTogether) {
  const Sample s = sample(1);
  ASSERT_EQ(s.originals.size(), 1u);
  const Article& a = s.originals[0];
  std::vector<Article> story = {a};
  for (int v = 0; v < 3; ++v) story.push_back(testing::republished(a, a.id + "-copy" + std::to_string(v), v));
  TempDir tmp;
  const std::string db = tmp / "db";
  run(db, {testing::write_jsonl(tmp / "story.jsonl", story)}, 1);
  auto key = stories_of(db);
  // The story's key is the least own key of its articles: find the article holding it.
  std::string holder;
  for (const auto& x : story) {
    EXPECT_EQ(key.at(x.id), key.at(a.id));
    if (own_key(x) == key.at(x.id)) holder = x.id;
  }
  ASSERT_FALSE(holder.empty());
  Article holder_article;
  for (const auto& x : story) {
    if (x.id == holder) holder_article = x;
  }

  // Replaced by another text: it leaves, the other three stay one story (under a new key).
  Article other = a;
  other.id = holder;
  other.body = "A different article entirely, about the weather in the mountains and nothing else. "
               "Snow is expected on the passes over the weekend, the forecasters said, and the roads may close. "
               "Skiers are advised to check the conditions before they set off, and to carry chains.";
  run(db, {testing::write_jsonl(tmp / "replace.jsonl", {other})}, 1);
  key = stories_of(db);
  std::set<std::string> rest;
  for (const auto& x : story) {
    if (x.id != holder) rest.insert(key.at(x.id));
  }
  EXPECT_EQ(rest.size(), 1u);
  EXPECT_EQ(key.at(holder), own_key(other));
  EXPECT_NE(*rest.begin(), key.at(holder));
  EXPECT_NE(*rest.begin(), own_key(holder_article));

  // Put back: it rejoins, and the story carries its key again.
  std::vector<Article> back;
  for (const auto& x : story) {
    if (x.id == holder) back.push_back(x);
  }
  run(db, {testing::write_jsonl(tmp / "back.jsonl", back)}, 1);
  key = stories_of(db);
  for (const auto& x : story) EXPECT_EQ(key.at(x.id), own_key(holder_article)) << x.id;

  // Deleted: the other three stay one story, under the least key left.
  run(db, {}, 1, {holder});
  key = stories_of(db);
  ASSERT_EQ(key.count(holder), 0u);
  std::string least;
  for (const auto& x : story) {
    if (x.id != holder && (least.empty() || own_key(x) < least)) least = own_key(x);
  }
  for (const auto& x : story) {
    if (x.id != holder) {
      EXPECT_EQ(key.at(x.id), least) << x.id;
    }
  }
}

// The oracle: every pair of stored articles compared with Fingerprinter::same_story (no bands
// looked up, no window of days, no order), joined into connected components, each under the
// least own key of its articles.
std::map<std::string, std::string> brute_force_stories(const std::string& db_path) {
  Xapian::Database db(db_path);
  std::vector<Article> articles;
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) articles.push_back(decode_document(db.get_document(*p)));
  dedup::Fingerprinter f;
  std::vector<dedup::Fingerprint> prints;
  for (const Article& a : articles) {
    prints.push_back(f.of(a.body, a.lang));
    prints.back().day = dedup::fingerprint_day(a.date);
  }
  std::vector<size_t> parent(articles.size());
  for (size_t i = 0; i < parent.size(); ++i) parent[i] = i;
  auto find = [&](size_t x) {
    while (parent[x] != x) x = parent[x];
    return x;
  };
  for (size_t i = 0; i < articles.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (f.same_story(prints[i], prints[j])) parent[find(i)] = find(j);
    }
  }
  std::map<size_t, std::string> least;
  for (size_t i = 0; i < articles.size(); ++i) {
    const std::string own = own_key(articles[i]);
    auto [it, fresh] = least.emplace(find(i), own);
    if (!fresh) it->second = std::min(it->second, own);
  }
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < articles.size(); ++i) out[articles[i].id] = least[find(i)];
  return out;
}

// 2024-01-01 plus `days`, as YYYY-MM-DD.
std::string iso_day(int days) {
  using namespace std::chrono;
  const year_month_day d{sys_days{2024y / January / 1} + std::chrono::days{days}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

// Copies published 0 to 6 days after their original, some undated, some copies of copies
// (chains join through the middle article), over four months, shuffled.
struct Chains {
  std::vector<Article> all;
  size_t undated = 0, far = 0;
};

Chains chains(const Sample& s) {
  Chains out;
  std::mt19937 rng(20261130);
  for (size_t i = 0; i < s.originals.size(); ++i) {
    Article a = s.originals[i];
    const int day = 4 * static_cast<int>(i);  // over four months: more days than a grouper holds at once
    a.date = i % 7 == 3 ? "" : iso_day(day);
    out.all.push_back(a);
    Article prev = a;
    for (int k = 0; k < 1 + static_cast<int>(i % 3); ++k) {  // 1 to 3 copies, each of the one before
      Article c = testing::republished(prev, a.id + "-copy" + std::to_string(k), static_cast<int>((i + k) % 3));
      const int gap = static_cast<int>(rng() % 7);  // 0..6 days later: beyond 3 not the same story
      if (a.date.empty() || (i + k) % 11 == 5) {
        c.date = (a.date.empty() && k % 2 == 0) ? "" : iso_day(200);  // undated with undated; dated with undated
      } else {
        c.date = iso_day(day + gap);
      }
      out.undated += c.date.empty() != a.date.empty();
      out.far += gap > 3;
      out.all.push_back(c);
      prev = c;
    }
  }
  std::shuffle(out.all.begin(), out.all.end(), rng);
  return out;
}

// Fed in a shuffled order in small commits, over two runs, and by the parallel writer: every
// way ends in the oracle's stories.
TEST(Stories, GroupingEqualsComparingEveryPair) {
  const Sample s = sample(30);
  ASSERT_GE(s.originals.size(), 20u);
  const Chains c = chains(s);
  const std::vector<Article>& all = c.all;
  EXPECT_GT(c.undated, 0u);
  EXPECT_GT(c.far, 0u);
  TempDir tmp;
  const std::string in = testing::write_jsonl(tmp / "all.jsonl", all);
  run(tmp / "in-place", {in}, 1);
  const auto want = brute_force_stories(tmp / "in-place");
  size_t grouped = 0, apart = 0;
  for (const auto& a : s.originals) {
    (want.at(a.id) == want.at(a.id + "-copy0") ? grouped : apart)++;
  }
  EXPECT_GT(grouped, 5u) << "the oracle must group many copies";
  EXPECT_GT(apart, 2u) << "and keep some apart (days, dates)";
  EXPECT_EQ(stories_of(tmp / "in-place"), want);
  run(tmp / "parallel", {in}, 2);
  EXPECT_EQ(stories_of(tmp / "parallel"), want);
  const size_t half = all.size() / 2;
  run(tmp / "two-runs", {testing::write_jsonl(tmp / "a.jsonl", {all.begin(), all.begin() + half})}, 1);
  run(tmp / "two-runs", {testing::write_jsonl(tmp / "b.jsonl", {all.begin() + half, all.end()})}, 1);
  EXPECT_EQ(stories_of(tmp / "two-runs"), want);
  // Deleting a middle copy splits its chain where the oracle says it does.
  std::vector<std::string> gone;
  for (size_t i = 0; i < s.originals.size(); i += 4) gone.push_back(s.originals[i].id + "-copy0");
  run(tmp / "in-place", {}, 1, gone);
  EXPECT_EQ(stories_of(tmp / "in-place"), brute_force_stories(tmp / "in-place"));
}

// A year collection whose periods are cut into segments of a few articles (as --watch does at
// 25,000): an article finds its near-duplicates in the period's sealed segments, so the stories
// are the oracle's, read through the stub, over two runs and after deletes and replacements.
TEST(Stories, TheSegmentsOfAPeriodAreGroupedAsOneDatabase) {
  const Sample s = sample(30);
  const Chains c = chains(s);
  TempDir tmp;
  const std::string db = tmp / "c";
  auto run_segmented = [&](const std::vector<Article>& articles, const std::vector<std::string>& deletes,
                           const std::string& name) {
    IndexRunOptions o;
    o.db_path = db;
    if (!articles.empty()) o.inputs = {testing::write_jsonl(tmp / name, articles)};
    o.threads = 1;
    o.partition = collection::Granularity::year;
    o.writer.batch_size = 7;
    o.writer.segment_docs = 9;
    o.delete_ids = deletes;
    return run_indexing(o);
  };
  const size_t half = c.all.size() / 2;
  run_segmented({c.all.begin(), c.all.begin() + half}, {}, "a.jsonl");
  run_segmented({c.all.begin() + half, c.all.end()}, {}, "b.jsonl");
  const std::vector<std::string> parts = collection::partitions(db);
  size_t segments_2024 = 0;
  for (const auto& name : parts) {
    const auto seg = collection::parse_segment(name);
    ASSERT_TRUE(seg) << name;
    segments_2024 += seg->period == "2024";  // (a segment takes copies of its stories past 9)
  }
  EXPECT_GE(segments_2024, 5u) << "the period was cut into segments";
  const auto want = brute_force_stories(db);
  EXPECT_EQ(stories_of(db), want);
  // The same articles in one database group the same way.
  run(tmp / "one", {testing::write_jsonl(tmp / "all.jsonl", c.all)}, 1);
  EXPECT_EQ(stories_of(tmp / "one"), want);
  // Deleting middle copies splits chains as the oracle says; a replaced original stays in its
  // segment, once.
  std::vector<std::string> gone;
  for (size_t i = 0; i < s.originals.size(); i += 4) gone.push_back(s.originals[i].id + "-copy0");
  Article changed = s.originals[1];
  changed.date = iso_day(4);
  changed.body = "A different article entirely, about the weather in the mountains and nothing else. "
                 "Snow is expected on the passes over the weekend, the forecasters said, and the roads may "
                 "close. Skiers are advised to check the conditions before they set off, and to carry chains.";
  auto holder = [&](const std::string& id) {
    std::vector<std::string> in;
    for (const auto& name : collection::partitions(db)) {
      if (Xapian::Database((std::filesystem::path(db) / name).string()).term_exists(std::string(schema::kId) + id)) {
        in.push_back(name);
      }
    }
    return in;
  };
  const std::vector<std::string> before = holder(changed.id);
  ASSERT_EQ(before.size(), 1u);
  run_segmented({changed}, gone, "changed.jsonl");
  EXPECT_EQ(holder(changed.id), before);
  for (const auto& id : gone) EXPECT_TRUE(holder(id).empty()) << id;
  EXPECT_EQ(stories_of(db), brute_force_stories(db));
}

// Stories whose articles are in more than one partition of collection `db`.
size_t stories_across_partitions(const std::string& db) {
  std::map<std::string, std::set<std::string>> where;  // story -> partitions
  for (const auto& name : collection::partitions(db)) {
    Xapian::Database part((std::filesystem::path(db) / name).string());
    for (auto p = part.postlist_begin(""); p != part.postlist_end(""); ++p) {
      where[part.get_document(*p).get_value(schema::kSlotStory)].insert(name);
    }
  }
  size_t across = 0;
  for (const auto& [key, names] : where) across += names.size() > 1;
  return across;
}

// Fed in the order of their dates, as a --watch is: a copy goes to the segment of the story it
// joins, so every story lives in one segment, and the searcher (which looks for a hit's story in
// the hit's partition) collapses each story to one hit naming the oracle's other members.
TEST(Stories, AFeedInDateOrderKeepsEachStoryInOneSegment) {
  const Sample s = sample(30);
  std::vector<Article> feed = chains(s).all;
  std::stable_sort(feed.begin(), feed.end(), [](const Article& a, const Article& b) {
    if (a.date.empty() != b.date.empty()) return b.date.empty();
    return a.date < b.date;
  });
  TempDir tmp;
  const std::string db = tmp / "c";
  IndexRunOptions o;
  o.db_path = db;
  o.inputs = {testing::write_jsonl(tmp / "feed.jsonl", feed)};
  o.threads = 1;
  o.partition = collection::Granularity::year;
  o.writer.batch_size = 7;
  o.writer.segment_docs = 9;
  run_indexing(o);
  ASSERT_GE(collection::partitions(db).size(), 5u);
  const auto key_of = stories_of(db);
  EXPECT_EQ(key_of, brute_force_stories(db));
  EXPECT_EQ(stories_across_partitions(db), 0u);
  std::map<std::string, std::set<std::string>> members;  // story key -> article ids
  for (const auto& [id, key] : key_of) members[key].insert(id);
  size_t grouped = 0;
  for (const auto& [key, ids] : members) grouped += ids.size() > 1;
  EXPECT_GT(grouped, 5u);
  Searcher searcher(db);
  SearchRequest r;
  r.limit = 100;
  ASSERT_LE(members.size(), 100u);
  const SearchResult got = searcher.search(r);
  ASSERT_EQ(got.hits.size(), members.size()) << "one hit per story";
  for (const auto& h : got.hits) {
    std::set<std::string> others = members.at(key_of.at(h.id));
    others.erase(h.id);
    EXPECT_EQ(std::set<std::string>(h.duplicate_ids.begin(), h.duplicate_ids.end()), others) << h.id;
  }
}

// A new article whose write fails (here a term longer than Xapian takes) after the grouper
// looked for its story leaves nothing behind: the next article, a replacement placed the other
// way, is grouped as if the failed one had never come (the oracle's stories).
TEST(Stories, AFailedWriteLeavesTheGrouperAsItWas) {
  const Sample s = sample(1);
  ASSERT_EQ(s.originals.size(), 1u);
  TempDir tmp;
  const std::string db = tmp / "db";
  DocumentBuilder builder;
  Article original = s.originals[0];
  original.date = "2024-03-05T09:00:00";
  {
    IndexWriter writer(db);
    writer.put(original.id, builder.build(original));
    // Its copy, dated earlier (its own key would be the story's), cannot be written.
    Article copy = s.copies[0];
    copy.date = "2024-03-05T08:00:00";
    Xapian::Document bad = builder.build(copy);
    bad.add_term(std::string(300, 'x'));
    EXPECT_THROW(writer.put(copy.id, bad), Xapian::Error);
    // The original is replaced by another text: placed by place(), not by a prepare().
    Article other = original;
    other.body = "A different article entirely, about the weather in the mountains and nothing else. "
                 "Snow is expected on the passes over the weekend, the forecasters said, and the roads may "
                 "close. Skiers are advised to check the conditions before they set off, and to carry chains.";
    writer.put(other.id, builder.build(other));
    writer.close();
  }
  const auto key = stories_of(db);
  ASSERT_EQ(key.size(), 1u) << "the failed copy was not written";
  EXPECT_EQ(key, brute_force_stories(db));
  EXPECT_EQ(key.at(original.id), own_key(original));
}

TEST(Stories, ShortTextsAndUnrelatedTextsStayAlone) {
  dedup::Fingerprinter f;
  const auto flash1 = f.of("Shares of Acme rose 3 percent in early trading.", "en");
  const auto flash2 = f.of("Shares of Acme rose 3 percent in early trading.", "en");
  EXPECT_TRUE(flash1.bands.empty());  // too short to call anything a copy of it
  EXPECT_FALSE(f.same_story(flash1, flash2));
  const Sample s = sample(2);
  const auto a = f.of(s.originals[0].body, s.originals[0].lang), b = f.of(s.originals[1].body, s.originals[1].lang);
  EXPECT_LT(dedup::jaccard(a.shingles, b.shingles), 0.05);
  EXPECT_FALSE(f.same_story(a, b));
  const auto copy = f.of(s.copies[0].body, s.copies[0].lang);
  EXPECT_TRUE(f.same_story(a, copy));
  EXPECT_TRUE(f.same_story(copy, a));  // symmetric
}

}  // namespace
}  // namespace rassegna
