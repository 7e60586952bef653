#include <rassegna/analysis/tokenizer.h>

#include <algorithm>
#include <array>
#include <unicode/utf8.h>

#include <rassegna/analysis/folding.h>

namespace rassegna::analysis {
namespace {

struct Cursor {
  const uint8_t* s;
  int32_t n;

  // Decodes the code point at `i`; `next` is set past it. Invalid bytes read as U+FFFD.
  UChar32 at(int32_t i, int32_t& next) const {
    if (i >= n) {
      next = n;
      return -1;
    }
    if (s[i] < 0x80) {
      next = i + 1;
      return s[i];
    }
    next = i;
    UChar32 cp;
    U8_NEXT(s, next, n, cp);
    return cp < 0 ? 0xFFFD : cp;
  }
};

void append_folded(std::string& out, UChar32 cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
  } else {
    out.append(fold_codepoint(cp));
  }
}

bool is_digit(UChar32 cp) { return cp >= '0' && cp <= '9'; }

void emit(std::vector<Token>& out, std::string& term, int32_t begin, int32_t end) {
  if (!term.empty() && term.size() <= kMaxTermBytes) {
    out.push_back(Token{term, static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
  }
  term.clear();
}

}  // namespace

bool is_elision_prefix(std::string_view folded) {
  static constexpr std::array<std::string_view, 44> prefixes = {
      "l",     "dell",  "all",  "dall", "nell", "sull", "coll", "pell", "un",    "d",     "c",
      "quest", "quell", "bell", "sant", "nessun", "buon", "tutt", "mezz", "senz", "com",   "dov",
      "cos",   "anch",  "gl",   "agl",  "dagl", "degl", "negl", "sugl", "m",    "t",     "s",
      "v",     "n",     "ch",   "qual", "grand", "nient", "sott", "sopr", "fors", "tant", "alcun"};
  return std::find(prefixes.begin(), prefixes.end(), folded) != prefixes.end();
}

void tokenize(std::string_view text, std::vector<Token>& out) {
  Cursor cur{reinterpret_cast<const uint8_t*>(text.data()), static_cast<int32_t>(text.size())};
  std::string term;
  int32_t i = 0;
  while (i < cur.n) {
    int32_t next;
    UChar32 cp = cur.at(i, next);
    if (!is_word_char(cp)) {
      i = next;
      continue;
    }
    int32_t word_begin = i;
    UChar32 last = -1;
    term.clear();
    while (true) {
      int32_t after;
      cp = cur.at(i, after);
      if (cp >= 0 && is_word_char(cp)) {
        append_folded(term, cp);
        last = cp;
        i = after;
        continue;
      }
      if (cp < 0) {  // end of text
        emit(out, term, word_begin, i);
        break;
      }
      int32_t after2;
      UChar32 following = cur.at(after, after2);
      // 3.5 and 1,5: a decimal separator between digits stays inside the number.
      if ((cp == '.' || cp == ',') && is_digit(last) && is_digit(following)) {
        term.push_back(static_cast<char>(cp));
        last = cp;
        i = after;
        continue;
      }
      if (is_apostrophe(cp) && !term.empty() && following >= 0 && is_letter(following)) {
        if (is_elision_prefix(term)) {  // dell’amministrazione: drop the article
          term.clear();
          i = after;
          word_begin = after;
          continue;
        }
        // Read the letters after the apostrophe to recognise English clitics.
        std::string suffix;
        int32_t j = after;
        while (true) {
          int32_t k;
          UChar32 c = cur.at(j, k);
          if (c < 0 || !is_word_char(c)) break;
          append_folded(suffix, c);
          j = k;
        }
        if (suffix == "s" || suffix == "re" || suffix == "ve" || suffix == "ll" || suffix == "d" ||
            suffix == "m") {
          emit(out, term, word_begin, i);  // Microsoft’s -> microsoft; we're -> we
          i = j;
          break;
        }
        // don't -> dont, O'Brien -> obrien: one word without the apostrophe.
        term += suffix;
        i = j;
        last = 'a';
        continue;
      }
      emit(out, term, word_begin, i);
      break;
    }
  }
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> out;
  tokenize(text, out);
  return out;
}

}  // namespace rassegna::analysis
