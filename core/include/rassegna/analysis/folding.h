#pragma once
// Character folding shared by indexing and querying: each code point is decomposed with ICU's
// NFKD (compatibility forms split: "ﬁ" -> "fi", full-width letters to plain ones, "à" -> "a" +
// grave), its non-spacing and enclosing marks (accents) are dropped and the rest is case-folded,
// so "Città", "CITTA" and "citta" all fold to "citta". Nothing is recomposed afterwards (this
// is not NFKC).
// Backed by ICU; results are tabulated per code point on first use, so folding is a lookup.

#include <string>
#include <string_view>
#include <unicode/umachine.h>

namespace rassegna::analysis {

// The folded form of one code point, as UTF-8 (may be empty for ignorable marks,
// or several characters for ligatures such as "ﬁ" -> "fi").
std::string_view fold_codepoint(UChar32 cp);

// Folds a whole string code point by code point.
std::string fold(std::string_view text);

// Character classes the tokenizer needs.
bool is_word_char(UChar32 cp);     // letters, digits and combining marks
bool is_apostrophe(UChar32 cp);    // ' ’ ʼ ` ´ and the like
bool is_letter(UChar32 cp);

}  // namespace rassegna::analysis
