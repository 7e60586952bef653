// The text cleaner and the HTML detector on arbitrary bytes: the result is always valid UTF-8,
// and repair_utf8 leaves valid UTF-8 that a second repair does not change.
#include <cstdint>
#include <string>
#include <string_view>

#include <rassegna/utf8.h>

#include "fuzz/fuzz_support.h"
#include "indexer/analysis/html_markup.h"
#include "indexer/analysis/text_cleaner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  const std::string cleaned = rassegna::analysis::clean_text(raw);
  FUZZ_CHECK(rassegna::is_valid_utf8(cleaned), "clean_text gave invalid UTF-8");
  if (rassegna::analysis::looks_like_html(raw)) (void)rassegna::analysis::strip_html(raw);
  std::string repaired(raw);
  rassegna::analysis::repair_utf8(repaired);
  FUZZ_CHECK(rassegna::is_valid_utf8(repaired), "repair_utf8 left invalid UTF-8");
  std::string again = repaired;
  FUZZ_CHECK(!rassegna::analysis::repair_utf8(again) && again == repaired, "repair_utf8 is not idempotent");
  return 0;
}
