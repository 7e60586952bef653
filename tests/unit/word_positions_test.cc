#include <rassegna/word_positions.h>

#include <map>
#include <random>

#include <gtest/gtest.h>

#include <rassegna/error.h>

namespace rassegna {
namespace {

// The positions of a word sequence numbered from 1, as a plain map (the oracle).
std::map<std::string, std::vector<uint32_t>> by_word(const std::vector<std::string>& text) {
  std::map<std::string, std::vector<uint32_t>> out;
  for (size_t i = 0; i < text.size(); ++i) out[text[i]].push_back(static_cast<uint32_t>(i + 1));
  return out;
}

bool phrase_in(const std::vector<std::string>& text, const std::vector<std::string>& words, uint32_t limit) {
  for (size_t i = 0; i + words.size() <= text.size() && i + words.size() <= limit; ++i) {
    if (std::equal(words.begin(), words.end(), text.begin() + static_cast<std::ptrdiff_t>(i))) return true;
  }
  return false;
}

std::string encode(const std::vector<std::string>& text, uint32_t title_end) {
  WordPositionsBuilder b;
  for (size_t i = 0; i < text.size(); ++i) b.add(text[i], static_cast<uint32_t>(i + 1));
  b.set_title_end(title_end);
  return b.encode();
}

TEST(WordPositions, RoundTripsEveryWordAndPosition) {
  const std::vector<std::string> text = {"la", "spunta", "oracle", "la", "casa", "case", "casa", "città", "la"};
  const WordPositions d = decode_word_positions(encode(text, 3));
  EXPECT_EQ(d.title_end, 3u);
  const auto expected = by_word(text);
  ASSERT_EQ(d.words.size(), expected.size());
  size_t k = 0;
  for (const auto& [word, positions] : expected) {
    EXPECT_EQ(d.words[k].first, word);
    EXPECT_EQ(d.words[k].second, positions) << word;
    ++k;
  }
}

TEST(WordPositions, PhrasesMatchOnlyConsecutiveWordsInOrder) {
  const std::vector<std::string> text = {"la", "spunta", "oracle", "su", "microsoft", "la", "la"};
  const std::string e = encode(text, 3);
  EXPECT_TRUE(phrase_at(e, {"la", "spunta", "oracle"}, false));
  EXPECT_TRUE(phrase_at(e, {"la", "la"}, false));
  EXPECT_FALSE(phrase_at(e, {"spunta", "la"}, false));
  EXPECT_FALSE(phrase_at(e, {"la", "oracle"}, false));
  EXPECT_FALSE(phrase_at(e, {"la", "absent"}, false));
  EXPECT_TRUE(phrase_at(e, {"spunta", "oracle"}, true));
  EXPECT_FALSE(phrase_at(e, {"oracle", "su"}, true));  // crosses the end of the title
  EXPECT_FALSE(phrase_at(e, {}, false));
}

// Random texts over a small vocabulary (so words repeat and share prefixes), every phrase of two
// to four words against a brute-force scan of the text.
TEST(WordPositions, AgreesWithAScanOfTheText) {
  const std::vector<std::string> vocabulary = {"a", "ab", "abc", "abd", "b", "ba", "città", "citta", "z", ""};
  std::mt19937 rng(12);
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> text(1 + rng() % 40);
    for (auto& w : text) w = vocabulary[rng() % (vocabulary.size() - 1)];
    const auto title_end = static_cast<uint32_t>(rng() % (text.size() + 1));
    const std::string e = encode(text, title_end);
    for (int q = 0; q < 20; ++q) {
      std::vector<std::string> words(2 + rng() % 3);
      for (auto& w : words) w = vocabulary[rng() % vocabulary.size()];
      for (bool title : {false, true}) {
        const uint32_t limit = title ? title_end : static_cast<uint32_t>(text.size());
        EXPECT_EQ(phrase_at(e, words, title), phrase_in(text, words, limit)) << "round " << round;
      }
    }
  }
}

TEST(WordPositions, RefusesDataItDidNotWrite) {
  EXPECT_THROW(phrase_at("", {"a", "b"}, false), Error);
  EXPECT_THROW(phrase_at(std::string(1, '\x7f'), {"a", "b"}, false), Error);
  std::string truncated = encode({"one", "two", "three"}, 1);
  truncated.resize(truncated.size() - 2);
  EXPECT_THROW(decode_word_positions(truncated), Error);
}

}  // namespace
}  // namespace rassegna
