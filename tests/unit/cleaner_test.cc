// Markup clean-up and UTF-8 repair.
#include <gtest/gtest.h>

#include "indexer/analysis/text_cleaner.h"

namespace rassegna::analysis {
namespace {

TEST(Cleaner, RemovesCmsShortcodes) {
  EXPECT_EQ(clean_text("aspetti.\n[gallery_embed id=144246]\nRiportiamo"), "aspetti.\n\nRiportiamo");
  EXPECT_EQ(clean_text("a [caption id=\"x\" align=\"left\"]foto[/caption] b"), "a foto b");
  EXPECT_EQ(clean_text("[embed]https://x.y/z[/embed]"), "https://x.y/z");
}

TEST(Cleaner, KeepsBracketsThatAreText) {
  EXPECT_EQ(clean_text("come ha scritto [sic] il giudice [1]"), "come ha scritto [sic] il giudice [1]");
  EXPECT_EQ(clean_text("[Reuters] Rome"), "[Reuters] Rome");
}

TEST(Cleaner, RemovesHtmlTagsAndDecodesEntities) {
  EXPECT_EQ(clean_text("<p>Primo</p><p>Secondo &amp; terzo</p>"), "Primo\n\nSecondo & terzo");
  EXPECT_EQ(clean_text("<b>Micro</b>soft"), "Microsoft");
  EXPECT_EQ(clean_text("perch&eacute; citt&#224; caf&#xE9;"), "perché città café");
  EXPECT_EQ(clean_text("dell&rsquo;amministrazione"), "dell\u2019amministrazione");
  EXPECT_EQ(clean_text("x<script>alert(1)</script>y"), "xy");
  EXPECT_EQ(clean_text("<!-- nota -->testo"), "testo");
}

TEST(Cleaner, EntityEncodedMarkupStaysVisibleText) {
  EXPECT_EQ(clean_text("&lt;script&gt;alert(1)&lt;/script&gt;"), "<script>alert(1)</script>");
}

TEST(Cleaner, LeavesComparisonsAlone) {
  EXPECT_EQ(clean_text("if a < b and c > d"), "if a < b and c > d");
  EXPECT_EQ(clean_text("AT&T and S&P"), "AT&T and S&P");
}

TEST(Cleaner, TidiesWhitespaceKeepingParagraphs) {
  EXPECT_EQ(clean_text("  uno   due \t tre \r\n\n\n\nquattro  "), "uno due tre\n\nquattro");
  EXPECT_EQ(clean_text("a\u00A0b"), "a b");
}

TEST(Cleaner, NormalisesToNfc) {
  EXPECT_EQ(clean_text("perche\u0301"), "perché");
}

TEST(Utf8, RepairsInvalidSequences) {
  std::string s = "caf\xE9 ok";
  EXPECT_FALSE(is_valid_utf8(s));
  EXPECT_TRUE(repair_utf8(s));
  EXPECT_EQ(s, "caf\uFFFD ok");
  EXPECT_TRUE(is_valid_utf8(s));
  std::string good = "città";
  EXPECT_FALSE(repair_utf8(good));
  EXPECT_EQ(good, "città");
}

}  // namespace
}  // namespace rassegna::analysis
