// Checks on the large shared corpora (../shared/corpus). A clone without them skips these
// tests with a message. RASSEGNA_FULL=1 reads every article instead of the first 3,000 of
// each file.
#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>

#include "indexer/analysis/language.h"
#include "indexer/ingest/reader.h"
#include "tests/common/test_support.h"

namespace rassegna {
namespace {

std::string shared_corpus(const std::string& name) { return std::string(RASSEGNA_SHARED_DIR) + "/corpus/" + name; }

class SharedCorpus : public ::testing::TestWithParam<std::string> {};

TEST_P(SharedCorpus, LanguageDetectionWithTheFieldHidden) {
  const std::string path = shared_corpus(GetParam());
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent (the shared corpora are not in a clone)";
  const bool full = std::getenv("RASSEGNA_FULL") != nullptr;
  const size_t limit = full ? SIZE_MAX : 3000;
  size_t total = 0, right = 0;
  std::map<std::string, size_t> wrong;
  ingest::ReadCallbacks cb;
  cb.on_article = [&](Article&& a, const SourceLocation&) {
    if (total >= limit) return;
    ++total;
    std::string detected = analysis::detect_language(a.title, a.body);
    if (detected == a.lang) {
      ++right;
    } else {
      ++wrong[a.lang + "->" + detected];
    }
  };
  cb.on_issue = [](const ingest::IngestIssue&) {};
  ingest::read_file(path, cb);
  ASSERT_GT(total, 0u);
  double accuracy = static_cast<double>(right) / static_cast<double>(total);
  std::cout << GetParam() << ": language detection " << right << "/" << total << " = " << accuracy * 100 << "%";
  for (const auto& [k, v] : wrong) std::cout << "  " << k << ":" << v;
  std::cout << "\n";
  EXPECT_GE(accuracy, 0.98);
}

INSTANTIATE_TEST_SUITE_P(Corpora, SharedCorpus,
                         ::testing::Values("reuters21578.jsonl.gz", "en-reuters-financial.jsonl.gz",
                                           "it-dice.jsonl.gz", "it-covid-news-2020.jsonl.gz",
                                           "it-sole24ore-2023.jsonl.gz", "it-ansa-ilpost-2024.jsonl.gz",
                                           "it-newstopics-2025.jsonl.gz"),
                         [](const auto& param_info) {
                           std::string n = param_info.param.substr(0, param_info.param.find('.'));
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

}  // namespace
}  // namespace rassegna
