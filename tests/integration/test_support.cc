#include "test_support.h"

#include <fstream>

#include <rassegna/schema.h>

#include "indexer/entities/company_tagger.h"

namespace rassegna::testing {

std::string source_path(const std::string& relative) { return std::string(RASSEGNA_SOURCE_DIR) + "/" + relative; }

std::string write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  return path;
}

RunResult index_files(const std::string& db, const std::vector<std::string>& inputs, size_t batch) {
  static const entities::Gazetteer gazetteer = entities::Gazetteer::load(source_path("corpus/companies.tsv"));
  static const entities::CompanyTagger tagger(gazetteer);
  RunResult r;
  IndexRunOptions o;
  o.db_path = db;
  o.inputs = inputs;
  o.writer.batch_size = batch;
  o.tagger = &tagger;
  o.metadata = {{std::string(schema::kGazetteerMetadataKey), [] {
                   std::ifstream in(source_path("corpus/companies.tsv"));
                   return std::string(std::istreambuf_iterator<char>(in), {});
                 }()}};
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

}  // namespace rassegna::testing
