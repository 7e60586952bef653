// The analyzer (tokenizer, folding, elision, stems) on arbitrary bytes: every token is a
// non-empty valid UTF-8 term of at most kMaxTermBytes, its offsets lie inside the text, and
// stemming it in either language gives valid UTF-8.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <rassegna/analysis/analyzer.h>
#include <rassegna/utf8.h>

#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static rassegna::analysis::Analyzer analyzer;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<rassegna::analysis::Token> tokens;
  analyzer.tokenize(text, tokens);
  for (const auto& t : tokens) {
    FUZZ_CHECK(!t.term.empty() && t.term.size() <= rassegna::analysis::kMaxTermBytes, "a token's length");
    FUZZ_CHECK(rassegna::is_valid_utf8(t.term), "a token is not UTF-8");
    FUZZ_CHECK(t.begin <= t.end && t.end <= size, "a token's offsets");
    for (const char* lang : {"it", "en"}) {
      FUZZ_CHECK(rassegna::is_valid_utf8(analyzer.stem(t.term, lang)), "a stem is not UTF-8");
    }
  }
  return 0;
}
