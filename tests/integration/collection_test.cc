// Collections partitioned by time, as rassegna-index builds them: the layout Xapian opens as one
// database, the recorded partitioning, ids that move between partitions, deletions across them,
// searchers that see new partitions, and DocTables rebuilt only for the partition a commit changed.
#include <filesystem>
#include <map>
#include <sstream>
#include <gtest/gtest.h>

#include <rassegna/collection.h>
#include <rassegna/error.h>
#include <rassegna/schema.h>
#include <rassegna/stored_article.h>

#include "indexer/collection_writer.h"
#include "indexer/compact.h"
#include "indexer/document_builder.h"
#include "indexer/indexing_run.h"
#include "searcher/query/doc_table.h"
#include "searcher/query/searcher.h"
#include "tests/common/test_support.h"

namespace rassegna {
namespace {

namespace fs = std::filesystem;
using collection::Granularity;
using testing::index_files;
using testing::source_path;
using testing::TempDir;
using testing::write_file;

std::string article(const std::string& id, const std::string& date, const std::string& title) {
  std::string json = R"({"id": ")" + id + R"(", "title": ")" + title + R"(", "body": "Testo di prova sul mercato )" +
                     title + R"(", "lang": "it")";
  if (!date.empty()) json += R"(, "date": ")" + date + R"(")";
  return json + "}\n";
}

// The document of article() with these fields, for writing through a CollectionWriter.
Xapian::Document build_article(DocumentBuilder& builder, const std::string& id, const std::string& date,
                               const std::string& title) {
  Article a;
  a.id = id;
  a.title = title;
  a.body = "Testo di prova sul mercato " + title;
  a.lang = "it";
  a.date = date;
  return builder.build(a);
}

// Every (id, partition) pair of the collection, read from each partition on its own.
std::multimap<std::string, std::string> where(const std::string& path) {
  std::multimap<std::string, std::string> out;
  for (const auto& name : collection::partitions(path)) {
    Xapian::Database db(path + "/" + name);
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
      out.emplace(decode_article(db.get_document(*p).get_value(schema::kSlotSummary)).id, name);
    }
  }
  return out;
}

SearchResult search(const std::string& db, const std::string& q) {
  Searcher s(db);
  SearchRequest r;
  r.query = q;
  r.limit = 100;
  r.facets = true;
  return s.search(r);
}

TEST(Collection, OneDatabasePerMonthListedInAStubXapianOpens) {
  const std::string& path = testing::bundled_collection();
  EXPECT_TRUE(fs::is_regular_file(path + "/XAPIANDB"));
  EXPECT_EQ(collection::recorded_granularity(path), Granularity::month);
  const std::vector<std::string> names = collection::partitions(path);
  ASSERT_GT(names.size(), 3u);
  EXPECT_EQ(names.back(), "undated");  // the seed article has no date
  size_t sum = 0;
  for (const auto& name : names) {
    Xapian::Database part(path + "/" + name);
    sum += part.get_doccount();
    for (auto p = part.postlist_begin(""); p != part.postlist_end(""); ++p) {
      const std::string day = part.get_document(*p).get_value(schema::kSlotDay);
      if (name == "undated") {
        EXPECT_EQ(day, "") << name;
      } else {
        EXPECT_EQ(day.substr(0, 4) + "-" + day.substr(4, 2), name) << "article in the wrong partition";
      }
    }
  }
  EXPECT_EQ(sum, testing::kCorpusArticles);
  // Xapian itself, given the folder, opens the stub: every article, one database.
  Xapian::Database whole(path);
  EXPECT_EQ(whole.get_doccount(), testing::kCorpusArticles);
  EXPECT_EQ(whole.get_doccount(), Xapian::Database(testing::bundled_db()).get_doccount());
}

TEST(Collection, KeepsItsPartitioningAndRefusesAnother) {
  TempDir dir;
  const std::string path = dir / "c", plain = dir / "plain";
  write_file(dir / "a.jsonl", article("a", "2020-01-15", "alfa"));
  index_files(path, {dir / "a.jsonl"}, 100, Granularity::year);
  EXPECT_EQ(collection::partitions(path), std::vector<std::string>{"2020"});
  // A later run without --partition keeps the year partitions.
  write_file(dir / "b.jsonl", article("b", "2021-03-02", "beta"));
  index_files(path, {dir / "b.jsonl"});
  EXPECT_EQ(collection::partitions(path), (std::vector<std::string>{"2020", "2021"}));
  try {
    index_files(path, {dir / "b.jsonl"}, 100, Granularity::month);
    FAIL() << "month partitions on a year collection";
  } catch (const Error& e) {
    EXPECT_EQ(e.param(), "--partition");
    EXPECT_NE(std::string(e.what()).find("partitioned by year"), std::string::npos) << e.what();
  }
  // A plain database stays one.
  index_files(plain, {dir / "a.jsonl"});
  EXPECT_THROW(index_files(plain, {dir / "b.jsonl"}, 100, Granularity::month), Error);
  EXPECT_EQ(Xapian::Database(plain).get_doccount(), 1u);
  EXPECT_FALSE(fs::exists(plain + "/XAPIANDB"));
}

TEST(Collection, AnIdWhoseDateMovedIsInOnePartitionOnly) {
  TempDir dir;
  const std::string path = dir / "c";
  write_file(dir / "1.jsonl", article("x", "2020-01-15", "vecchio") + article("y", "2020-01-20", "fermo"));
  auto first = index_files(path, {dir / "1.jsonl"}, 100, Granularity::month);
  EXPECT_EQ(first.stats.added, 2u);
  // Next run: x moves to March, then to undated within one run, and z comes twice in one run.
  write_file(dir / "2.jsonl", article("x", "2020-03-02", "nuovo") + article("z", "2020-05-01", "zeta") +
                                  article("x", "", "senza data") + article("z", "2020-06-01", "zeta"));
  auto second = index_files(path, {dir / "2.jsonl"});
  EXPECT_EQ(second.stats.added, 1u);
  EXPECT_EQ(second.stats.replaced, 3u);
  const auto ids = where(path);
  EXPECT_EQ(ids.count("x"), 1u);
  EXPECT_EQ(ids.find("x")->second, "undated");
  EXPECT_EQ(ids.count("z"), 1u);
  EXPECT_EQ(ids.find("z")->second, "2020-06");
  EXPECT_EQ(ids.find("y")->second, "2020-01");
  EXPECT_EQ(search(path, "senza").total, 1u);
  EXPECT_EQ(search(path, "vecchio").total, 0u);
  EXPECT_EQ(search(path, "").total, 3u);
}

TEST(Collection, DeleteFindsTheIdInAnyPartition) {
  TempDir dir;
  const std::string path = dir / "c";
  write_file(dir / "1.jsonl", article("a", "2019-01-15", "alfa") + article("b", "2020-07-01", "beta") +
                                  article("c", "", "gamma"));
  index_files(path, {dir / "1.jsonl"}, 100, Granularity::year);
  IndexRunOptions o;
  o.db_path = path;
  o.delete_ids = {"b", "c", "nope"};
  IndexStats s = run_indexing(o);
  EXPECT_EQ(s.deleted, 2u);
  EXPECT_EQ(s.delete_missing, 1u);
  const auto ids = where(path);
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(ids.count("a"), 1u);
}

TEST(Collection, AnOpenSearcherSeesANewPartition) {
  TempDir dir;
  const std::string path = dir / "c";
  write_file(dir / "1.jsonl", article("a", "2019-01-15", "alfa"));
  index_files(path, {dir / "1.jsonl"}, 100, Granularity::month);
  Searcher s(path);
  SearchRequest r;
  r.query = "mercato";
  r.facets = true;
  EXPECT_EQ(s.search(r).total, 1u);
  write_file(dir / "2.jsonl", article("b", "2024-02-03", "beta") + article("c", "", "gamma"));
  index_files(path, {dir / "2.jsonl"});
  const SearchResult after = s.search(r);
  EXPECT_EQ(after.total, 3u);
  ASSERT_TRUE(after.facets);
  EXPECT_EQ(after.facets->date.undated, 1u);
  EXPECT_EQ(s.stats().articles, 3u);
  EXPECT_EQ(s.article("b").title, "beta");
}

TEST(Collection, ACommitRebuildsOnlyTheTableOfItsPartition) {
  TempDir dir;
  const std::string path = dir / "c";
  write_file(dir / "1.jsonl", article("a", "2019-01-15", "alfa") + article("b", "2020-07-01", "beta"));
  index_files(path, {dir / "1.jsonl"}, 100, Granularity::year);
  Xapian::Database old_part(path + "/2019"), new_part(path + "/2020");
  const auto old_table = DocTable::current(old_part), new_table = DocTable::current(new_part);
  ASSERT_TRUE(old_table && new_table);
  write_file(dir / "2.jsonl", article("c", "2020-08-01", "gamma"));
  index_files(path, {dir / "2.jsonl"});
  old_part.reopen();
  new_part.reopen();
  EXPECT_EQ(DocTable::current(old_part), old_table) << "an unchanged partition keeps its table";
  const auto rebuilt = DocTable::current(new_part);
  EXPECT_NE(rebuilt, new_table);
  EXPECT_EQ(rebuilt->doc_count(), 2u);
}

// --compact merges the past periods into one archive while a writer that opened the collection
// before (as a running --watch does) keeps writing: what it writes afterwards for a merged period
// goes into the archive, an archived id it replaces or deletes is found there, no merged
// partition comes back, and a Searcher open across the merge sees every article once.
TEST(Collection, AWriterOpenAcrossAMergeWritesIntoTheArchive) {
  TempDir dir;
  const std::string path = dir / "c";
  write_file(dir / "old.jsonl", article("a", "2019-03-01", "alfa") + article("b", "2020-07-09", "beta") +
                                    article("c", "2020-08-10", "gamma"));
  index_files(path, {dir / "old.jsonl"}, 100, Granularity::year);
  Searcher searcher(path);
  SearchRequest all;
  all.query = "mercato";
  EXPECT_EQ(searcher.search(all).total, 3u);

  DocumentBuilder builder;
  auto doc = [&](const std::string& id, const std::string& date, const std::string& title) {
    return build_article(builder, id, date, title);
  };
  IndexWriterOptions options;
  options.batch_size = 1;
  CollectionWriter writer(path, std::nullopt, options, {});
  writer.put("n1", "20261001", doc("n1", "2026-10-01", "nuovo"));
  writer.commit();

  const std::time_t now = 1796083200;  // 2026-12-01: 2019 and 2020 are past, 2026 is current
  {  // a second --compact while one runs is refused, naming the collection
    const collection::FolderLock running(path, "rassegna.compact.lock", false);
    ASSERT_TRUE(running.held());
    try {
      compact_database(path, now);
      FAIL() << "two --compact at once";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("another --compact is running"), std::string::npos) << e.what();
    }
    EXPECT_EQ(collection::partitions(path), (std::vector<std::string>{"2019", "2020", "2026"}));
  }
  size_t archived = 0;
  for (const auto& o : compact_database(path, now)) archived += o.what == CompactOutcome::What::archived;
  EXPECT_EQ(archived, 2u);
  ASSERT_EQ(collection::partitions(path), (std::vector<std::string>{"archive-to-2020.1", "2026"}));
  EXPECT_FALSE(fs::exists(path + "/2019"));
  EXPECT_FALSE(fs::exists(path + "/2020"));
  {  // the archive keeps the sources' metadata (schema, last update), not their change logs
    Xapian::Database archive(path + "/archive-to-2020.1");
    EXPECT_EQ(archive.get_metadata(std::string(schema::kSchemaMetadataKey)), schema::kSchemaVersion);
    EXPECT_FALSE(archive.get_metadata(std::string(schema::kLastUpdateMetadataKey)).empty());
    const std::string prefix(schema::kChangesMetadataPrefix);
    EXPECT_EQ(archive.metadata_keys_begin(prefix), archive.metadata_keys_end(prefix));
  }

  // The writer opened before the merge: a late 2019 article, b moved to 2026, c deleted.
  writer.put("late", "20191231", doc("late", "2019-12-31", "tardivo"));
  EXPECT_TRUE(writer.put("b", "20261002", doc("b", "2026-10-02", "spostato")));
  EXPECT_TRUE(writer.remove("c"));
  writer.commit();
  writer.close();

  EXPECT_EQ(collection::partitions(path), (std::vector<std::string>{"archive-to-2020.1", "2026"}));
  EXPECT_FALSE(fs::exists(path + "/2019")) << "a merged partition came back";
  const std::multimap<std::string, std::string> expected{
      {"a", "archive-to-2020.1"}, {"late", "archive-to-2020.1"}, {"b", "2026"}, {"n1", "2026"}};
  EXPECT_EQ(where(path), expected);
  EXPECT_EQ(searcher.search(all).total, 4u);
  SearchRequest late;
  late.query = "tardivo";
  EXPECT_EQ(searcher.search(late).total, 1u);
  EXPECT_EQ(search(path, "gamma").total, 0u);
}

TEST(Collection, RoutesArticlesOfArchivedPeriodsToTheArchive) {
  const std::vector<std::string> listed{"archive-to-2020.3", "2019", "2024", "undated"};
  EXPECT_EQ(collection::route(listed, "2019"), "2019");  // still a partition of its own (a writer held it)
  EXPECT_EQ(collection::route(listed, "2018"), "archive-to-2020.3");
  EXPECT_EQ(collection::route(listed, "2020"), "archive-to-2020.3");
  EXPECT_EQ(collection::route(listed, "2021"), "2021");  // after the archive: a new partition
  EXPECT_EQ(collection::route(listed, "undated"), "undated");
  EXPECT_EQ(collection::route(listed, "archive-to-2017.2"), "archive-to-2020.3");  // merged since
  EXPECT_EQ(collection::route({"2020"}, "2019"), "2019");
  const auto a = collection::parse_archive("archive-to-2020-08.12");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->last_period, "2020-08");
  EXPECT_EQ(a->generation, 12u);
  EXPECT_FALSE(collection::parse_archive("2020"));
  EXPECT_FALSE(collection::parse_archive("archive-to-2020"));
  EXPECT_FALSE(collection::parse_archive("archive-to-2020.x"));
  EXPECT_EQ(collection::archive_name("2020-08", 12), "archive-to-2020-08.12");
}

TEST(Collection, NamesSegmentsAndRoutesToThem) {
  const auto s = collection::parse_segment("2026.3");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->period, "2026");
  EXPECT_EQ(s->number, 3u);
  EXPECT_EQ(collection::parse_segment("2026")->number, 1u);
  EXPECT_EQ(collection::parse_segment("2026-11")->period, "2026-11");  // a month, not a segment
  EXPECT_EQ(collection::parse_segment("2026-11.12")->number, 12u);
  EXPECT_EQ(collection::parse_segment("undated.2")->period, "undated");
  const auto merged = collection::parse_segment("2026.1-4");
  EXPECT_EQ(merged->period, "2026");
  EXPECT_EQ(merged->first, 1u);
  EXPECT_EQ(merged->number, 4u);
  EXPECT_FALSE(collection::parse_segment("archive-to-2025.2"));
  EXPECT_EQ(collection::period_of("archive-to-2025.2"), "2025");
  EXPECT_EQ(collection::segment_name("2026", 1), "2026");
  EXPECT_EQ(collection::merged_segment_name("2026", 1, 4), "2026.1-4");

  const std::vector<std::string> listed{"2025", "2026", "2026.2", "2026.3"};
  EXPECT_EQ(collection::route(listed, "2026"), "2026.3") << "new articles go to the newest segment";
  EXPECT_EQ(collection::relocate(listed, "2026"), "2026") << "an article found in the first stays there";
  EXPECT_EQ(collection::relocate(listed, "2026.2"), "2026.2");
  EXPECT_EQ(collection::route(listed, "2025"), "2025");
  const std::vector<std::string> after{"archive-to-2025.1", "2026.1-3", "2026.4"};  // after a --compact
  EXPECT_EQ(collection::route(after, "2026"), "2026.4");
  EXPECT_EQ(collection::relocate(after, "2026"), "2026.1-3");
  EXPECT_EQ(collection::relocate(after, "2026.2"), "2026.1-3");
  EXPECT_EQ(collection::relocate(after, "2026.4"), "2026.4");
  EXPECT_EQ(collection::relocate(after, "2025.7"), "archive-to-2025.1");
  EXPECT_EQ(collection::route(after, "2025"), "archive-to-2025.1");

  TempDir dir;
  collection::create(dir / "c", Granularity::year);
  collection::write_stub(dir / "c", {"2026.10", "undated", "2026.9", "archive-to-2024.1", "2026", "2025.2", "undated.2",
                                     "2026.1-8"});
  EXPECT_EQ(collection::partitions(dir / "c"),
            (std::vector<std::string>{"archive-to-2024.1", "2025.2", "2026", "2026.1-8", "2026.9", "2026.10", "undated",
                                      "undated.2"}));
}

// A writer given a segment size cuts a period into segments of at most that many articles; the
// collection searches as one database of the same articles; a replaced article stays in its
// segment; --compact merges the current period's sealed segments (and a past period's, into
// the archive), and a writer opened afterwards carries on from the newest.
TEST(Collection, SegmentsRollAtTheirSizeAndCompactMergesTheSealedOnes) {
  TempDir dir;
  const std::string path = dir / "c";
  std::string first, all_text;
  for (int i = 0; i < 23; ++i) {
    first += article("n" + std::to_string(i), "2026-11-" + std::to_string(10 + i % 9), "voce" + std::to_string(i % 5));
  }
  for (int i = 0; i < 8; ++i) {
    first += article("p" + std::to_string(i), "2024-05-0" + std::to_string(1 + i), "voce" + std::to_string(i % 5));
  }
  write_file(dir / "first.jsonl", first);
  auto run = [&](const std::string& file, size_t segment) {
    IndexRunOptions o;
    o.db_path = path;
    o.inputs = {file};
    o.threads = 1;
    o.partition = Granularity::year;
    o.writer.batch_size = 4;
    o.writer.segment_docs = segment;
    return run_indexing(o);
  };
  run(dir / "first.jsonl", 5);
  EXPECT_EQ(collection::partitions(path),
            (std::vector<std::string>{"2024", "2024.2", "2026", "2026.2", "2026.3", "2026.4", "2026.5"}));
  for (const auto& name : collection::partitions(path)) {
    EXPECT_LE(Xapian::Database(path + "/" + name).get_doccount(), 5u) << name;
  }
  index_files(dir / "one", {dir / "first.jsonl"});
  auto same_as_one = [&](const std::string& q) {
    const SearchResult got = search(path, q), want = search(dir / "one", q);
    ASSERT_EQ(got.total, want.total) << q;
    ASSERT_EQ(got.hits.size(), want.hits.size()) << q;
    // Every hit is shown (limit 100); equal scores may come in another order.
    auto by_id = [](const SearchResult& r) {
      std::map<std::string, double> out;
      for (const auto& h : r.hits) out[h.id] = h.score;
      return out;
    };
    const auto g = by_id(got), w = by_id(want);
    ASSERT_EQ(g.size(), w.size()) << q;
    for (const auto& [id, score] : w) {
      ASSERT_TRUE(g.count(id)) << q << ": " << id;
      EXPECT_NEAR(g.at(id), score, 1e-9) << q << ": " << id;
    }
    for (size_t i = 0; i < got.hits.size(); ++i) EXPECT_NEAR(got.hits[i].score, want.hits[i].score, 1e-9) << q << " #" << i;
  };
  for (const char* q : {"mercato", "voce3", "voce1 OR voce2", "\"prova sul\""}) same_as_one(q);

  // A replacement stays in the segment that holds it; a new article goes to the newest.
  write_file(dir / "second.jsonl", article("n0", "2026-11-20", "cambiato") + article("x1", "2026-11-21", "nuovo"));
  run(dir / "second.jsonl", 5);
  auto holders = [&](const std::string& id) {
    std::vector<std::string> out;
    for (const auto& [i, name] : where(path)) {
      if (i == id) out.push_back(name);
    }
    return out;
  };
  EXPECT_EQ(holders("n0"), std::vector<std::string>{"2026"});
  EXPECT_EQ(holders("x1"), std::vector<std::string>{"2026.5"});

  const std::time_t now = 1796083200;  // 2026-12-01
  size_t merged = 0;
  for (const auto& o : compact_database(path, now)) merged += o.what == CompactOutcome::What::archived;
  EXPECT_EQ(merged, 2u + 4u);
  EXPECT_EQ(collection::partitions(path), (std::vector<std::string>{"archive-to-2024.1", "2026.1-4", "2026.5"}));
  EXPECT_EQ(where(path).size(), 32u);
  EXPECT_EQ(holders("n0"), std::vector<std::string>{"2026.1-4"});
  EXPECT_EQ(search(path, "cambiato").total, 1u);
  EXPECT_EQ(search(path, "mercato").total, 32u);

  // A later writer: new articles fill the newest and roll past it; a replacement finds its
  // article in the merged segment.
  std::string third = article("n1", "2026-11-22", "ancora");
  for (int i = 0; i < 6; ++i) third += article("y" + std::to_string(i), "2026-11-23", "dopo");
  write_file(dir / "third.jsonl", third);
  run(dir / "third.jsonl", 5);
  EXPECT_EQ(collection::partitions(path),
            (std::vector<std::string>{"archive-to-2024.1", "2026.1-4", "2026.5", "2026.6"}));  // 5 held 4 + 1
  EXPECT_EQ(holders("n1"), std::vector<std::string>{"2026.1-4"});
  EXPECT_EQ(search(path, "mercato").total, 38u);
  compact_database(path, now);
  EXPECT_EQ(collection::partitions(path), (std::vector<std::string>{"archive-to-2024.1", "2026.1-5", "2026.6"}));
  EXPECT_EQ(search(path, "mercato").total, 38u);
  EXPECT_EQ(search(path, "dopo").total, 6u);
}

// A writer lets go of a period that took nothing for kIdleCommits commits: a --watch fed today's
// articles releases last year's partition and the sealed segments it no longer writes, so a
// --compact run meanwhile archives and merges them; an article for a released period reopens it.
TEST(Collection, AWriterReleasesIdlePeriodsForCompact) {
  TempDir dir;
  const std::string path = dir / "c";
  DocumentBuilder builder;
  auto doc = [&](const std::string& id, const std::string& date, const std::string& title) {
    return build_article(builder, id, date, title);
  };
  IndexWriterOptions options;
  options.segment_docs = 3;
  CollectionWriter writer(path, Granularity::year, options, {});
  writer.put("old", "20251230", doc("old", "2025-12-30", "vecchio"));
  for (int i = 0; i < 7; ++i) writer.put("n" + std::to_string(i), "20261130", doc("n" + std::to_string(i), "2026-11-30", "nuovo"));
  writer.commit();
  EXPECT_EQ(collection::partitions(path), (std::vector<std::string>{"2025", "2026", "2026.2", "2026.3"}));
  const std::time_t now = 1796083200;  // 2026-12-01
  auto busy = [&] {
    size_t n = 0;
    for (const auto& o : compact_database(path, now)) n += o.what == CompactOutcome::What::busy;
    return n;
  };
  EXPECT_GT(busy(), 0u) << "held while written";
  // Only 2026 is written from here; 2025 goes idle. Then 2026 too.
  for (size_t c = 0; c < CollectionWriter::kIdleCommits; ++c) {
    writer.put("m" + std::to_string(c), "20261130", doc("m" + std::to_string(c), "2026-11-30", "altro"));
    writer.commit();
  }
  // 2025 was released and archived; the sealed segments of 2026, which the writer still writes,
  // are held (its story grouper reads them all) and skipped.
  const size_t held = busy();
  std::vector<std::string> parts = collection::partitions(path);
  ASSERT_TRUE(collection::parse_archive(parts.front())) << parts.front();
  EXPECT_EQ(held, parts.size() - 2) << "every 2026 segment but the newest";
  EXPECT_GE(held, 2u);
  for (size_t c = 0; c < CollectionWriter::kIdleCommits; ++c) {
    writer.put("x", "20251231", doc("x", "2025-12-31", "tardivo"));  // only the archive is written
    writer.commit();
  }
  // Now 2026 is idle and released: its sealed segments are merged (the archive, written, is busy).
  compact_database(path, now);
  parts = collection::partitions(path);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(collection::parse_segment(parts[1])->first, 1u) << parts[1];
  EXPECT_GT(collection::parse_segment(parts[1])->number, 1u) << parts[1];
  writer.put("last", "20261201", doc("last", "2026-12-01", "ultimo"));  // reopens 2026's newest
  writer.close();
  EXPECT_EQ(search(path, "mercato").total, 1u + 7u + CollectionWriter::kIdleCommits + 1u + 1u);
  EXPECT_EQ(where(path).count("x"), 1u);
  EXPECT_EQ(where(path).find("x")->second, collection::partitions(path).front());
}

// Late articles and corrections written into a merged archive over many commits leave it
// consistent by Xapian's own check (a FULLER-compacted archive did not survive such writes in
// libxapian 1.4.22: a heap overflow in its B-tree code, then "dir_end invalid" on reading).
TEST(Collection, AnArchiveTakesManyLateWritesAndStaysConsistent) {
  TempDir dir;
  const std::string path = dir / "c";
  std::string old;
  for (int i = 0; i < 400; ++i) {
    old += article("o" + std::to_string(i), std::to_string(2015 + i % 5) + "-0" + std::to_string(1 + i % 9) + "-1" +
                                                 std::to_string(i % 9),
                   "notizia" + std::to_string(i) + " voce" + std::to_string(i * 7 % 101));
  }
  write_file(dir / "old.jsonl", old);
  index_files(path, {dir / "old.jsonl"}, 100, Granularity::year);
  compact_database(path, 1796083200);  // 2026-12-01
  const std::vector<std::string> parts = collection::partitions(path);
  ASSERT_EQ(parts.size(), 1u);
  ASSERT_TRUE(collection::parse_archive(parts[0]));
  DocumentBuilder builder;
  IndexWriterOptions options;
  CollectionWriter writer(path, std::nullopt, options, {});
  for (int round = 0; round < 20; ++round) {
    for (int i = 0; i < 20; ++i) {
      const int k = (round * 37 + i * 11) % 400;
      Article a;
      a.id = round % 2 == 0 ? "o" + std::to_string(k) : "late" + std::to_string(round) + "-" + std::to_string(i);
      a.title = "correzione " + std::to_string(round) + " " + std::to_string(i);
      a.body = "Testo corretto sul mercato, giro " + std::to_string(round) + ", voce " + std::to_string(k);
      a.lang = "it";
      a.date = "2017-05-0" + std::to_string(1 + i % 9);
      writer.put(a.id, "2017050" + std::to_string(1 + i % 9), builder.build(a));
    }
    writer.commit();
  }
  writer.close();
  std::ostringstream report;
  EXPECT_EQ(Xapian::Database::check(path + "/" + parts[0], Xapian::DBCHECK_FULL_TREE, &report), 0u) << report.str();
  EXPECT_EQ(search(path, "mercato").total, 400u + 200u);
}

}  // namespace
}  // namespace rassegna
