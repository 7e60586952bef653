#pragma once
// What the tests that build real databases share (integration and API tests): temporary
// folders, files in the checkout, and databases indexed from the bundled corpus with the real
// indexer and gazetteer, as rassegna-index builds them.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "indexer/indexing_run.h"

namespace rassegna::testing {

// A fresh folder under $TMPDIR (mkdtemp, so parallel test processes never collide), removed with
// everything in it when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  std::string operator/(const std::string& name) const { return file(name); }

 private:
  std::string path_;
};

// The bundled corpus (corpus/): its seed article and its size.
inline constexpr const char* kSeedId = "000_2554df1404ea1ded";
inline constexpr const char* kSeedArticle = "corpus/000_2554df1404ea1ded.txt";
inline constexpr const char* kSampleJsonl = "corpus/sample-mixed.jsonl";
inline constexpr size_t kCorpusArticles = 583;

// `relative` inside the checkout ("corpus/companies.tsv").
std::string source_path(const std::string& relative);

// Writes `content` to `path` as it is; returns `path`.
std::string write_file(const std::string& path, const std::string& content);

// The bytes of the regular files under `dir` (a database's size on disk).
uintmax_t directory_bytes(const std::string& dir);

struct RunResult {
  IndexStats stats;
  std::vector<ingest::IngestIssue> issues;
};

// Indexes `inputs` into `db` as rassegna-index does: companies tagged with the bundled
// gazetteer, which is also stored in the database; a commit every `batch` articles.
// `partition`: build `db` as a collection partitioned by time (rassegna/collection.h).
RunResult index_files(const std::string& db, const std::vector<std::string>& inputs, size_t batch = 10000,
                      std::optional<collection::Granularity> partition = std::nullopt);

// The bundled corpus, indexed once per test process; read-only for the tests.
const std::string& bundled_db();
// The same articles as a collection partitioned by month, indexed once per test process.
const std::string& bundled_collection();

}  // namespace rassegna::testing
