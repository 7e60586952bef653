#include <rassegna/analysis/folding.h>

#include <array>
#include <memory>
#include <mutex>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>
#include <vector>

namespace rassegna::analysis {
namespace {

std::string compute_fold(UChar32 cp) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  icu::UnicodeString source(cp);
  icu::UnicodeString decomposed = U_SUCCESS(status) ? nfkd->normalize(source, status) : source;
  if (U_FAILURE(status)) decomposed = source;
  icu::UnicodeString kept;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK) continue;  // accents
    kept.append(c);
  }
  kept.foldCase();
  std::string out;
  kept.toUTF8String(out);
  return out;
}

// Folded forms of the Basic Multilingual Plane, computed once.
class FoldTable {
 public:
  FoldTable() : folded_(0x10000) {
    for (UChar32 cp = 0; cp < 0x10000; ++cp) {
      if (cp < 0x80) {
        char c = static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        folded_[cp].assign(1, c);
      } else if (cp >= 0xD800 && cp <= 0xDFFF) {
        folded_[cp] = "\xEF\xBF\xBD";
      } else {
        folded_[cp] = compute_fold(cp);
      }
    }
  }
  std::string_view get(UChar32 cp) const { return folded_[static_cast<size_t>(cp)]; }

 private:
  std::vector<std::string> folded_;
};

const FoldTable& fold_table() {
  static const FoldTable table;
  return table;
}

}  // namespace

std::string_view fold_codepoint(UChar32 cp) {
  if (cp >= 0 && cp < 0x10000) return fold_table().get(cp);
  thread_local std::string scratch;
  scratch = compute_fold(cp);
  return scratch;
}

std::string fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  while (i < n) {
    if (s[i] < 0x80) {
      char c = static_cast<char>(s[i]);
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
      ++i;
      continue;
    }
    UChar32 cp;
    U8_NEXT(s, i, n, cp);
    if (cp < 0) cp = 0xFFFD;
    out.append(fold_codepoint(cp));
  }
  return out;
}

bool is_word_char(UChar32 cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  }
  if (u_isalnum(cp)) return true;
  int8_t type = u_charType(cp);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}

bool is_letter(UChar32 cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  return u_isalpha(cp);
}

bool is_apostrophe(UChar32 cp) {
  switch (cp) {
    case 0x27:    // '
    case 0x60:    // `
    case 0xB4:    // ´
    case 0x2018:  // ‘ (often typed for ’)
    case 0x2019:  // ’
    case 0x02BC:  // ʼ
    case 0xFF07:  // fullwidth '
      return true;
    default:
      return false;
  }
}

}  // namespace rassegna::analysis
