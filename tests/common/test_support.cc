#include "tests/common/test_support.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <stdlib.h>

#include <rassegna/gazetteer.h>
#include <rassegna/schema.h>

#include "indexer/entities/company_tagger.h"

namespace rassegna::testing {

TempDir::TempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/rassegna-test-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string source_path(const std::string& relative) { return std::string(RASSEGNA_SOURCE_DIR) + "/" + relative; }

std::string write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  return path;
}

uintmax_t directory_bytes(const std::string& dir) {
  uintmax_t total = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) total += e.file_size();
  }
  return total;
}

RunResult index_files(const std::string& db, const std::vector<std::string>& inputs, size_t batch,
                      std::optional<collection::Granularity> partition) {
  const std::string gazetteer_path = source_path("corpus/companies.tsv");
  static const entities::Gazetteer gazetteer = entities::Gazetteer::load(gazetteer_path);
  static const entities::CompanyTagger tagger(gazetteer);
  static const std::string gazetteer_text = [&] {
    std::ifstream in(gazetteer_path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }();
  RunResult r;
  IndexRunOptions o;
  o.db_path = db;
  o.inputs = inputs;
  o.writer.batch_size = batch;
  o.partition = partition;
  o.tagger = &tagger;
  o.metadata = {{std::string(schema::kGazetteerMetadataKey), gazetteer_text}};
  o.on_issue = [&](const ingest::IngestIssue& i) { r.issues.push_back(i); };
  r.stats = run_indexing(o);
  return r;
}

const std::string& bundled_db() {
  static TempDir dir;
  static const std::string db = [] {
    std::string path = dir.file("bundled.db");
    index_files(path, {source_path("corpus")});
    return path;
  }();
  return db;
}

const std::string& bundled_collection() {
  static TempDir dir;
  static const std::string db = [] {
    std::string path = dir.file("bundled-collection");
    index_files(path, {source_path("corpus")}, 10000, collection::Granularity::month);
    return path;
  }();
  return db;
}

}  // namespace rassegna::testing
