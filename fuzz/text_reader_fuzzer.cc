// The plain-text reader (one article a file) on arbitrary bytes: an article or a refusal with a
// reason, never a crash; the article's fields are valid UTF-8.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <rassegna/utf8.h>

#include "fuzz/fuzz_support.h"
#include "indexer/ingest/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> repairs;
  try {
    rassegna::Article a =
        rassegna::ingest::article_from_text("fuzz/article.txt", std::string(reinterpret_cast<const char*>(data), size), repairs);
    FUZZ_CHECK(rassegna::is_valid_utf8(a.title) && rassegna::is_valid_utf8(a.body), "an article field is not UTF-8");
  } catch (const std::runtime_error& e) {
    FUZZ_CHECK(*e.what() != '\0', "a refusal without a reason");
  }
  return 0;
}
