#pragma once
// Splits text into folded words with their byte offsets in the original text.
// Italian elisions are split off ("dell’amministrazione" -> "amministrazione", with either
// apostrophe), English possessives dropped ("Microsoft’s" -> "microsoft"), decimal numbers
// kept whole ("3,5"), and every word folded (case, accents, compatibility forms).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rassegna::analysis {

struct Token {
  std::string term;     // folded form
  uint32_t begin = 0;   // byte offset of the word in the text (after an elided article)
  uint32_t end = 0;     // one past its last byte
};

// Words longer than this (in bytes, folded) are dropped: they are noise, not words.
inline constexpr size_t kMaxTermBytes = 64;

// Appends the tokens of `text` to `out`.
void tokenize(std::string_view text, std::vector<Token>& out);
std::vector<Token> tokenize(std::string_view text);

// True for the folded Italian articles and prepositions that elide: l, dell, all, un, d, c, ...
bool is_elision_prefix(std::string_view folded);

}  // namespace rassegna::analysis
