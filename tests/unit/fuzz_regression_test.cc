// Inputs the fuzzers (fuzz/) found, kept as tests of what they broke.
#include <gtest/gtest.h>
#include <string>
#include <vector>

#include <rassegna/utf8.h>

#include "indexer/ingest/reader.h"

namespace rassegna {
namespace {

// fuzz/text_reader: a first line of 120+ bytes without a space, made of multi-byte characters
// (invalid bytes become U+FFFD, three bytes each), was cut for the title in the middle of a
// character: the title was not UTF-8.
TEST(FuzzRegression, TextTitleIsCutBetweenCharacters) {
  for (const std::string unit : {"\xff", "\xc3\xa0", "\xe2\x82\xac", "\xf0\x9f\x99\x82"}) {
    for (size_t n = 30; n < 70; ++n) {
      std::string text = "I";
      for (size_t i = 0; i < n; ++i) text += unit;
      text += "n Italia crescono TikTok e Twitch.\n\nCrescono tra i giovanissimi TikTok e Twitch.";
      std::vector<std::string> repairs;
      const Article a = ingest::article_from_text("fuzz/article.txt", text, repairs);
      ASSERT_TRUE(is_valid_utf8(a.title)) << n << " x " << unit.size() << "-byte units";
      ASSERT_TRUE(is_valid_utf8(a.body));
      EXPECT_LE(a.title.size(), 120u + 3u);  // the cut, then the ellipsis
    }
  }
}

}  // namespace
}  // namespace rassegna
