// The indexer on real databases: every record accounted for, replace and delete by id,
// bad input skipped or repaired with file and line, a killed run leaves the last commit.
#include <chrono>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <iterator>
#include <sstream>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <rassegna/error.h>
#include <rassegna/schema.h>
#include <rassegna/stored_article.h>

#include "indexer/analysis/language.h"
#include "indexer/entities/company_tagger.h"
#include "indexer/ingest/reader.h"
#include "searcher/query/searcher.h"
#include "tests/common/test_support.h"

namespace rassegna {
namespace {

using testing::index_files;
using testing::source_path;
using testing::TempDir;
using testing::write_file;

std::string line(const std::string& id, const std::string& title, const std::string& body,
                 const std::string& date = "2020-09-14", const std::string& lang = "it") {
  nlohmann::json j = {{"id", id}, {"title", title}, {"body", body}, {"date", date}, {"lang", lang}, {"source", "Test"}};
  return j.dump() + "\n";
}

Xapian::doccount doc_count(const std::string& db) { return Xapian::Database(db).get_doccount(); }

TEST(Indexer, BundledCorpusIndexesEveryRecord) {
  TempDir dir;
  auto r = index_files(dir.file("db"), {source_path("corpus")});
  EXPECT_EQ(r.stats.files, 2u);
  EXPECT_EQ(r.stats.records, 583u);
  EXPECT_EQ(r.stats.added, 583u);
  EXPECT_EQ(r.stats.skipped, 0u);
  EXPECT_EQ(doc_count(dir.file("db")), 583u);
}

TEST(Indexer, ReindexingAnIdReplacesIt) {
  TempDir dir;
  std::string db = dir.file("db");
  write_file(dir.file("a.jsonl"), line("a1", "Primo titolo", "Testo originale sulla borsa") +
                                      line("a2", "Secondo", "Altro testo"));
  auto first = index_files(db, {dir.file("a.jsonl")});
  EXPECT_EQ(first.stats.added, 2u);
  write_file(dir.file("b.jsonl"), line("a1", "Titolo corretto", "Testo aggiornato sulle obbligazioni"));
  auto second = index_files(db, {dir.file("b.jsonl")});
  EXPECT_EQ(second.stats.replaced, 1u);
  EXPECT_EQ(second.stats.added, 0u);
  EXPECT_EQ(doc_count(db), 2u);
  Searcher s(db);
  EXPECT_EQ(s.article("a1").title, "Titolo corretto");
  SearchRequest old_words;
  old_words.query = "borsa";
  EXPECT_EQ(s.search(old_words).total, 0u);
  SearchRequest new_words;
  new_words.query = "obbligazioni";
  EXPECT_EQ(s.search(new_words).total, 1u);
}

TEST(Indexer, DeleteRemovesByIdAndReportsUnknownIds) {
  TempDir dir;
  std::string db = dir.file("db");
  write_file(dir.file("a.jsonl"), line("a1", "Uno", "Testo uno") + line("a2", "Due", "Testo due"));
  index_files(db, {dir.file("a.jsonl")});
  IndexRunOptions o;
  o.db_path = db;
  o.delete_ids = {"a1", "missing"};
  IndexStats s = run_indexing(o);
  EXPECT_EQ(s.deleted, 1u);
  EXPECT_EQ(s.delete_missing, 1u);
  EXPECT_EQ(doc_count(db), 1u);
  Searcher searcher(db);
  EXPECT_THROW(searcher.article("a1"), Error);
  EXPECT_EQ(searcher.article("a2").title, "Due");
}

struct BadInputCase {
  std::string name;
  std::string content;  // one JSONL line (or whole file)
  bool skipped;         // false: repaired and indexed
  std::string reason;   // part of the message
};

TEST(Indexer, BadRecordsAreSkippedOrRepairedWithFileAndLine) {
  const std::vector<BadInputCase> cases = {
      {"malformed", "{\"id\": \"m\", \"title\": \"x\", \"body\": \n", true, "malformed JSON"},
      {"not_object", "[1, 2, 3]\n", true, "expected a JSON object"},
      {"no_id", "{\"title\": \"t\", \"body\": \"b\"}\n", true, "'id'"},
      {"no_body", "{\"id\": \"nb\", \"title\": \"t\"}\n", true, "body is missing"},
      {"empty_body", "{\"id\": \"eb\", \"title\": \"t\", \"body\": \"  <p></p> \"}\n", true, "body is missing"},
      {"bad_type", "{\"id\": \"bt\", \"title\": \"t\", \"body\": [\"b\"]}\n", true, "must be a string"},
      {"bad_orgs", "{\"id\": \"bo\", \"title\": \"t\", \"body\": \"b\", \"orgs\": \"x\"}\n", true, "'orgs'"},
      {"no_title", "{\"id\": \"nt\", \"body\": \"Un titolo dal testo\\nE poi il resto.\"}\n", false, "title missing"},
      {"bad_date", "{\"id\": \"bd\", \"title\": \"t\", \"body\": \"b\", \"date\": \"ieri\"}\n", false, "date 'ieri'"},
      {"bad_utf8", "{\"id\": \"bu\", \"title\": \"caf\xE9\", \"body\": \"testo\"}\n", false, "invalid UTF-8"},
      {"numeric_id", "{\"id\": 42, \"title\": \"t\", \"body\": \"b\"}\n", false, "number"},
  };
  TempDir dir;
  std::string content = line("good-1", "Buono", "Primo articolo valido");
  for (const auto& c : cases) content += c.content;
  content += "\n   \n";  // blank lines are not records
  content += line("good-2", "Buono", "Ultimo articolo valido");
  std::string file = write_file(dir.file("mixed.jsonl"), content);
  auto r = index_files(dir.file("db"), {file});

  size_t expected_skips = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    expected_skips += c.skipped;
    const size_t line_no = i + 2;
    auto it = std::find_if(r.issues.begin(), r.issues.end(), [&](const ingest::IngestIssue& issue) {
      return issue.where.line == line_no && issue.reason.find(c.reason) != std::string::npos;
    });
    ASSERT_NE(it, r.issues.end()) << c.name << ": no issue at line " << line_no << " mentioning " << c.reason;
    EXPECT_EQ(it->skipped, c.skipped) << c.name;
    EXPECT_EQ(it->where.file, file) << c.name;
  }
  EXPECT_EQ(r.stats.skipped, expected_skips);
  EXPECT_EQ(r.stats.added, 2 + cases.size() - expected_skips);
  EXPECT_EQ(r.stats.records, 2 + cases.size());
  Searcher s(dir.file("db"));
  EXPECT_EQ(s.article("good-2").title, "Buono");  // nothing after the bad lines was lost
  EXPECT_EQ(s.article("nt").title, "Un titolo dal testo");
  EXPECT_EQ(s.article("bd").date, "");
  EXPECT_EQ(s.article("bu").title, "caf\uFFFD");
  EXPECT_EQ(s.article("42").title, "t");
}

TEST(Indexer, EmptyBinaryUnknownAndMissingFilesAreReported) {
  TempDir dir;
  write_file(dir.file("empty.jsonl"), "");
  write_file(dir.file("blank.txt"), "\n\n  \n");
  write_file(dir.file("binary.txt"), std::string("\x7f" "ELF\0\0\0\x01", 8));
  write_file(dir.file("binary.jsonl"), std::string("\0\0\0garbage\n", 11));
  write_file(dir.file("notes.odt"), "a,b\n");
  write_file(dir.file("ok.txt"), "Titolo breve\nTesto dell'articolo in italiano.");
  auto r = index_files(dir.file("db"), {dir.file("empty.jsonl"), dir.file("blank.txt"), dir.file("binary.txt"),
                                        dir.file("binary.jsonl"), dir.file("notes.odt"), dir.file("missing.jsonl"),
                                        dir.file("ok.txt")});
  EXPECT_EQ(r.stats.added, 1u);
  auto has = [&](const std::string& file, const std::string& text) {
    return std::any_of(r.issues.begin(), r.issues.end(), [&](const ingest::IngestIssue& i) {
      return i.where.file == dir.file(file) && i.reason.find(text) != std::string::npos && i.skipped;
    });
  };
  EXPECT_TRUE(has("empty.jsonl", "empty file"));
  EXPECT_TRUE(has("blank.txt", "empty file"));
  EXPECT_TRUE(has("binary.txt", "binary"));
  EXPECT_TRUE(has("binary.jsonl", "binary"));
  EXPECT_TRUE(has("notes.odt", "unknown file type"));
  EXPECT_TRUE(has("missing.jsonl", "no such file"));
}

TEST(Indexer, GzipInputsAndFoldersAreRead) {
  TempDir dir;
  std::filesystem::create_directories(dir.file("in/sub"));
  write_file(dir.file("in/sub/a.jsonl"), line("g1", "Uno", "testo"));
  std::string plain = line("g2", "Due", "testo") + line("g3", "Tre", "testo");
  write_file(dir.file("plain.jsonl"), plain);
  ASSERT_EQ(std::system(("gzip -c " + dir.file("plain.jsonl") + " > " + dir.file("in/b.jsonl.gz")).c_str()), 0);
  auto r = index_files(dir.file("db"), {dir.file("in")});
  EXPECT_EQ(r.stats.files, 2u);
  EXPECT_EQ(r.stats.added, 3u);
}

TEST(Indexer, TextFilesTakeIdFromPathAndTitleFromText) {
  TempDir dir;
  auto r = index_files(dir.file("db"), {source_path("corpus/000_2554df1404ea1ded.txt")});
  ASSERT_EQ(r.stats.added, 1u);
  Searcher s(dir.file("db"));
  Article seed = s.article("000_2554df1404ea1ded");
  EXPECT_EQ(seed.title, "TikTok: Microsoft fuori dai giochi, la spunta Oracle");
  EXPECT_EQ(seed.date, "");  // no invented date
  EXPECT_EQ(seed.lang, "it");
  EXPECT_EQ(seed.body.find("gallery_embed"), std::string::npos);  // shortcode removed
  EXPECT_NE(seed.body.find("dell’amministrazione"), std::string::npos);
}

// Cleaning decodes one level of entities; a text file used to be cleaned twice.
TEST(Indexer, TextAndJsonInputsAreCleanedOnce) {
  TempDir dir;
  const std::string title = "Ricerca &amp;amp; sviluppo";
  const std::string body = "Scrivere &amp;amp; in HTML, e &lt;b&gt; per il grassetto. Montedison <MONI.MI>.";
  write_file(dir.file("once.txt"), title + "\n" + body);
  write_file(dir.file("once.jsonl"), line("once-json", title, body));
  auto r = index_files(dir.file("db"), {dir.file("once.txt"), dir.file("once.jsonl")});
  ASSERT_EQ(r.stats.added, 2u);
  Searcher s(dir.file("db"));
  for (const char* id : {"once", "once-json"}) {
    Article a = s.article(id);
    EXPECT_EQ(a.title, "Ricerca &amp; sviluppo") << id;
    EXPECT_EQ(a.body, "Scrivere &amp; in HTML, e <b> per il grassetto. Montedison <MONI.MI>.") << id;
  }
}

// The seed article as it came: its CMS shortcode goes (a blank line in its place), every other
// line stays as written.
TEST(Indexer, SeedArticleLosesOnlyItsShortcode) {
  TempDir dir;
  const std::string path = source_path("corpus/000_2554df1404ea1ded.txt");
  index_files(dir.file("db"), {path});
  std::ifstream in(path);
  std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string expected;
  std::istringstream lines(raw);
  for (std::string l; std::getline(lines, l);) {
    if (l == "[gallery_embed id=144246]") l.clear();
    if (!expected.empty()) expected += "\n";
    expected += l;
  }
  EXPECT_EQ(Searcher(dir.file("db")).article("000_2554df1404ea1ded").body, expected);
}

TEST(Indexer, LanguageIsDetectedWhenTheFieldIsHidden) {
  // Every article of the bundled sample, with its lang field removed.
  std::ifstream in(source_path("corpus/sample-mixed.jsonl"));
  std::string l;
  size_t total = 0, right = 0;
  while (std::getline(in, l)) {
    auto j = nlohmann::json::parse(l);
    ++total;
    right += analysis::detect_language(j["title"].get<std::string>(), j["body"].get<std::string>()) ==
             j["lang"].get<std::string>();
  }
  ASSERT_EQ(total, 582u);
  EXPECT_GE(static_cast<double>(right) / static_cast<double>(total), 0.98) << right << "/" << total;
}

// The real executable, killed mid-run. `threads` 1: the database opens at its last commit and
// a rerun completes it without duplicates. Bulk mode (2 shards): no partial database is left,
// and a rerun builds it whole.
class KilledRun : public ::testing::TestWithParam<int> {};

TEST_P(KilledRun, LeavesTheLastCommitAndARerunCompletes) {
  const int threads = GetParam();
  TempDir dir;
  std::string content;
  std::string body;
  for (int w = 0; w < 400; ++w) body += "parola" + std::to_string(w % 50) + " ";
  const int kArticles = 6000;
  for (int i = 0; i < kArticles; ++i) content += line("k" + std::to_string(i), "Titolo " + std::to_string(i), body);
  std::string input = write_file(dir.file("many.jsonl"), content);
  std::string db = dir.file("db");
  std::string exe = std::string(RASSEGNA_BUILD_DIR) + "/rassegna-index";
  std::string threads_arg = std::to_string(threads);

  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    execl(exe.c_str(), exe.c_str(), "-q", "--batch", "500", "--threads", threads_arg.c_str(), "--db", db.c_str(),
          input.c_str(), nullptr);
    _exit(127);
  }
  // Single writer: wait for a commit. Bulk: wait for the shards to fill. Then kill without warning.
  // The deadline is generous: under AddressSanitizer on a loaded machine the first commit of 500
  // articles took over 10 s. (A run that finishes first is handled below: nothing was killed.)
  bool started = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!started && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    try {
      started = threads == 1 ? Xapian::Database(db).get_doccount() > 0
                             : Xapian::Database(db + ".shard-0.tmp").get_doccount() > 0;
    } catch (const Xapian::Error&) {
    }
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(started) << "nothing committed before the kill";
  Xapian::doccount after_kill = 0;
  if (threads == 1) {
    after_kill = doc_count(db);
    if (WIFSIGNALED(status)) {
      EXPECT_EQ(after_kill % 500, 0u) << "a killed run exposes only whole batches";
      EXPECT_LT(after_kill, static_cast<Xapian::doccount>(kArticles));
    }
  } else if (WIFSIGNALED(status)) {
    EXPECT_FALSE(std::filesystem::exists(db + "/iamglass")) << "a killed bulk load leaves no partial database";
  }
  auto r = index_files(db, {input});
  EXPECT_EQ(r.stats.added + r.stats.replaced, static_cast<size_t>(kArticles));
  EXPECT_EQ(r.stats.replaced, after_kill);
  EXPECT_EQ(doc_count(db), static_cast<Xapian::doccount>(kArticles));
  EXPECT_FALSE(std::filesystem::exists(db + ".shard-0.tmp")) << "shards are cleaned up";
}

INSTANTIATE_TEST_SUITE_P(Indexer, KilledRun, ::testing::Values(1, 2),
                         [](const auto& param_info) { return param_info.param == 1 ? "SingleWriter" : "Bulk"; });

TEST(Indexer, BulkAndSingleWriterBuildTheSameIndex) {
  TempDir dir;
  IndexRunOptions o;
  o.inputs = {source_path("corpus")};
  o.db_path = dir.file("single");
  o.threads = 1;
  IndexStats single = run_indexing(o);
  o.db_path = dir.file("bulk");
  o.threads = 3;
  IndexStats bulk = run_indexing(o);
  EXPECT_EQ(single.added, bulk.added);
  Xapian::Database a(dir.file("single")), b(dir.file("bulk"));
  EXPECT_EQ(a.get_doccount(), b.get_doccount());
  EXPECT_EQ(a.get_termfreq("Zamministr"), b.get_termfreq("Zamministr"));
  EXPECT_EQ(a.get_collection_freq("oracle"), b.get_collection_freq("oracle"));
  for (const char* id : {"Q000_2554df1404ea1ded", "Qsole24ore-2023-085e520de209"}) {
    EXPECT_EQ(a.get_termfreq(id), 1u);
    EXPECT_EQ(b.get_termfreq(id), 1u);
  }
}

// Every program refuses a database of another schema version, naming the version found, the
// version it reads and the command that rebuilds it. An empty database is stamped, not refused.
TEST(Indexer, AnotherSchemaVersionIsRefusedWithTheCure) {
  TempDir dir;
  const std::string db = dir.file("db");
  const std::string input = write_file(dir.file("a.jsonl"), line("a1", "Uno", "Testo uno"));
  index_files(db, {input});
  auto set_version = [](const std::string& path, const std::string& version) {
    Xapian::WritableDatabase w(path, Xapian::DB_CREATE_OR_OPEN);
    w.set_metadata(std::string(schema::kSchemaMetadataKey), version);  // "" removes the key
    w.commit();
  };
  const std::string reads = "reads schema version '" + std::string(schema::kSchemaVersion) + "'";
  auto expect_refused = [&](const std::function<void()>& open, const std::string& found, const char* who,
                            const std::string& says = "") {
    try {
      open();
      ADD_FAILURE() << who << " opened a database of another schema version";
    } catch (const Error& e) {
      const std::string m = e.what();
      EXPECT_EQ(e.code(), ErrorCode::unavailable) << who;
      EXPECT_NE(m.find("database '" + db + "' has " + found), std::string::npos) << who << ": " << m;
      EXPECT_NE(m.find(says.empty() ? reads : says), std::string::npos) << who << ": " << m;
      EXPECT_NE(m.find("rm -r '" + db + "' && rassegna-index --db '" + db + "'"), std::string::npos) << who << ": " << m;
    }
  };
  IndexRunOptions delete_run;
  delete_run.db_path = db;
  delete_run.delete_ids = {"a1"};
  const entities::Gazetteer gazetteer = entities::Gazetteer::parse("Eni\tEni\n", "test");
  const entities::CompanyTagger tagger(gazetteer);

  set_version(db, "0");
  expect_refused([&] { Searcher s(db); }, "schema version '0'", "searcher");
  expect_refused([&] { index_files(db, {input}); }, "schema version '0'", "indexer");
  expect_refused([&] { run_indexing(delete_run); }, "schema version '0'", "--delete");
  expect_refused([&] { retag_database(db, tagger, {}); }, "schema version '0'", "--retag");
  set_version(db, "");
  expect_refused([&] { Searcher s(db); }, "no schema version", "searcher");
  EXPECT_EQ(doc_count(db), 1u);  // nothing was changed

  // The previous version is searched, not written: its articles' near-duplicate bands are not
  // where this build's grouper looks for them.
  ASSERT_EQ(schema::kOldestReadableSchemaVersion, "2");
  set_version(db, "2");
  {
    Searcher s(db);
    SearchRequest r;
    r.query = "uno";
    EXPECT_EQ(s.search(r).total, 1u);
  }
  const std::string writes = "can be searched, but this build of Rassegna writes schema version '" +
                             std::string(schema::kSchemaVersion) + "' only";
  expect_refused([&] { index_files(db, {input}); }, "schema version '2'", "indexer", writes);
  expect_refused([&] { run_indexing(delete_run); }, "schema version '2'", "--delete", writes);
  expect_refused([&] { retag_database(db, tagger, {}); }, "schema version '2'", "--retag", writes);
  EXPECT_EQ(doc_count(db), 1u);

  const std::string empty = dir.file("empty");
  set_version(empty, "0");
  EXPECT_NO_THROW(Searcher s(empty));
  auto r = index_files(empty, {input});
  EXPECT_EQ(r.stats.added, 1u);
  EXPECT_EQ(Xapian::Database(empty).get_metadata(std::string(schema::kSchemaMetadataKey)), schema::kSchemaVersion);
}

TEST(Indexer, StoresWhatAHitNeeds) {
  Searcher s(testing::bundled_db());
  Article a = s.article("reuters-fin-20070830-us-microsoft-decree-idUSN3028414020070830");
  EXPECT_EQ(a.lang, "en");
  EXPECT_EQ(a.source, "Reuters");
  EXPECT_FALSE(a.title.empty());
  EXPECT_FALSE(a.date.empty());
  EXPECT_FALSE(a.url.empty());
}

}  // namespace
}  // namespace rassegna
