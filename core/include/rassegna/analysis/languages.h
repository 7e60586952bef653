#pragma once
// The languages Rassegna stems, named once for all the C++ code: the analyzer builds its
// stemmers from this list, the indexer decides which articles get stem terms with it, and
// request validation and messages can list it. (The web page keeps its own list.)

#include <array>
#include <string>
#include <string_view>

namespace rassegna::analysis {

struct StemmedLanguage {
  std::string_view code;      // ISO 639-1, as stored in the L prefix and given in `lang`
  std::string_view snowball;  // Xapian::Stem's name for it
};

// In the order a query that names no language is stemmed.
inline constexpr std::array<StemmedLanguage, 2> kStemmedLanguages = {{{"it", "italian"}, {"en", "english"}}};

inline bool is_stemmed_language(std::string_view code) {
  for (const auto& l : kStemmedLanguages) {
    if (l.code == code) return true;
  }
  return false;
}

// "it, en": for messages that list the good values.
inline std::string stemmed_language_list() {
  std::string out;
  for (const auto& l : kStemmedLanguages) {
    if (!out.empty()) out += ", ";
    out += l.code;
  }
  return out;
}

}  // namespace rassegna::analysis
