// The query parser on arbitrary text within the API's byte limit: a parsed tree or a refusal
// (Error invalid_argument naming "query"), nothing else.
#include <cstdint>
#include <string>

#include <rassegna/analysis/analyzer.h>
#include <rassegna/error.h>
#include <rassegna/gazetteer.h>

#include "fuzz/fuzz_support.h"
#include "searcher/query/query_parser.h"
#include "searcher/query/search_limits.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static rassegna::analysis::Analyzer analyzer;
  static const auto gazetteer =
      rassegna::entities::Gazetteer::load(rassegna::fuzz::source_path("corpus/companies.tsv"));
  static rassegna::QueryParser parser(analyzer, &gazetteer);
  if (size > rassegna::SearchLimits{}.max_query_bytes) return -1;  // refused before parsing
  const std::string query(reinterpret_cast<const char*>(data), size);
  for (const char* lang : {"", "it"}) {
    try {
      (void)parser.parse(query, lang);
    } catch (const rassegna::Error& e) {
      FUZZ_CHECK(e.code() == rassegna::ErrorCode::invalid_argument, "a refusal that is not invalid_argument");
      FUZZ_CHECK(e.param() == "query", "a refusal that does not name the query");
    }
  }
  return 0;
}
