// The project's one UTF-8 validity check (core: rassegna/utf8.h), as a table.
#include <gtest/gtest.h>
#include <string>
#include <utility>
#include <vector>

#include <rassegna/utf8.h>

namespace rassegna {
namespace {

TEST(Utf8Validity, Table) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"", true},
      {"plain ASCII, longer than one eight-byte block", true},
      {"città perché ß ł", true},
      {"\xE2\x80\x99", true},                      // ’ U+2019
      {"\xF0\x9F\x99\x82", true},                  // 🙂 U+1F642
      {"\xF4\x8F\xBF\xBF", true},                  // U+10FFFF, the last code point
      {std::string("a\0b", 3), true},              // NUL is a character; callers refuse it themselves
      {"caf\xC3", false},                          // truncated at the end
      {"caf\xC3 au lait", false},                  // a lead byte without its continuation
      {"\x80", false},                             // a stray continuation byte
      {"abcdefgh\x80", false},                     // ... after a whole ASCII block
      {"\xC0\xAF", false},                         // overlong '/'
      {"\xE0\x80\xAF", false},                     // overlong '/' in three bytes
      {"\xF0\x80\x80\xAF", false},                 // overlong '/' in four bytes
      {"\xED\xA0\x80", false},                     // U+D800, a surrogate
      {"\xED\xBF\xBF", false},                     // U+DFFF, a surrogate
      {"\xF4\x90\x80\x80", false},                 // U+110000, past the last code point
      {"\xF8\x88\x80\x80\x80", false},             // a five-byte form
      {"\xFF\xFE", false},                         // never in UTF-8
  };
  for (const auto& [text, valid] : cases) {
    EXPECT_EQ(is_valid_utf8(text), valid) << ::testing::PrintToString(text);
  }
}

}  // namespace
}  // namespace rassegna
