// The JSONL reader on arbitrary bytes: the whole file path (line splitting, BOM, CR, blank and
// broken lines) through read_file, as the indexer reads it. Every line gives an article or an
// issue naming the file and line; articles come out as valid UTF-8 with an id.
#include <cstdint>
#include <fstream>
#include <string>
#include <unistd.h>

#include <rassegna/utf8.h>

#include "fuzz/fuzz_support.h"
#include "indexer/ingest/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/rassegna-fuzz-" + std::to_string(getpid()) + ".jsonl";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  rassegna::ingest::ReadCallbacks callbacks;
  callbacks.on_article = [](rassegna::Article&& a, const rassegna::SourceLocation&) {
    FUZZ_CHECK(!a.id.empty(), "an article without an id");
    FUZZ_CHECK(rassegna::is_valid_utf8(a.title) && rassegna::is_valid_utf8(a.body), "an article field is not UTF-8");
  };
  callbacks.on_issue = [](const rassegna::ingest::IngestIssue& issue) {
    FUZZ_CHECK(!issue.reason.empty(), "an issue without a reason");
  };
  rassegna::ingest::read_file(path, callbacks);
  return 0;
}
