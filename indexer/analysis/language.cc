#include "indexer/analysis/language.h"

#include <algorithm>
#include <array>
#include <cld2/public/compact_lang_det.h>
#include <string>

#include <rassegna/analysis/tokenizer.h>

#include "indexer/analysis/text_cleaner.h"

namespace rassegna::analysis {
namespace {

// The most frequent function words of each language, folded; chosen not to overlap.
// News and finance vocabulary of each language: telegraphic copy ("NET 5 MLN DLRS VS 4 MLN",
// "UTILE IN CALO") has few function words but plenty of these.
constexpr std::array<std::string_view, 24> kItalianNewsWords = {
    "milioni", "miliardi", "euro",   "utile",  "perdita",  "ricavi",   "azioni",  "titolo",
    "borsa",   "anno",     "mese",   "governo", "ministro", "presidente", "secondo", "ieri",
    "oggi",    "societa",  "gruppo", "mercato", "prezzi",  "aumento",  "calo",    "sono"};
constexpr std::array<std::string_view, 24> kEnglishNewsWords = {
    "vs",   "shr",    "cts",   "net",    "qtr",     "mln",   "dlrs",  "revs",
    "pct",  "billion", "profit", "loss",  "sales",   "shares", "oper", "avg",
    "shrs", "inc",    "corp",  "ltd",    "company", "year",  "note",  "qtly"};

constexpr std::array<std::string_view, 40> kItalianWords = {
    "il",   "lo",    "la",    "gli",  "le",    "di",   "del",   "della", "dei",  "delle",
    "che",  "non",   "per",   "con",  "una",   "sono", "nel",   "nella", "alla", "anche",
    "dopo", "piu",   "ma",    "questo", "questa", "ha", "hanno", "essere", "stato", "dal",
    "dalla", "sul",  "sulla", "tra",  "fra",   "cui",  "se",    "ancora", "gia", "e"};
constexpr std::array<std::string_view, 40> kEnglishWords = {
    "the",   "of",    "and",  "to",    "in",    "is",   "that",  "for",   "it",   "with",
    "was",   "on",    "as",   "by",    "at",    "from", "this",  "be",    "are",  "have",
    "has",   "said",  "which", "will", "were",  "would", "its",  "their", "an",   "or",
    "been",  "not",   "but",  "than",  "they",  "about", "after", "also", "we",   "year"};

struct Counts {
  int italian = 0;
  int english = 0;
  int words = 0;
};

Counts count_function_words(std::string_view text) {
  Counts c;
  std::vector<Token> tokens;
  tokenize(text.substr(0, std::min<size_t>(text.size(), 6000)), tokens);
  auto in = [](const auto& list, const std::string& w) { return std::find(list.begin(), list.end(), w) != list.end(); };
  for (const Token& t : tokens) {
    ++c.words;
    if (in(kItalianWords, t.term) || in(kItalianNewsWords, t.term)) ++c.italian;
    if (in(kEnglishWords, t.term) || in(kEnglishNewsWords, t.term)) ++c.english;
  }
  return c;
}

}  // namespace

std::string detect_language(std::string_view title, std::string_view body) {
  std::string sample;
  sample.reserve(std::min<size_t>(body.size(), 8000) + title.size() + 1);
  sample.append(title);
  sample.push_back('\n');
  sample.append(body.substr(0, std::min<size_t>(body.size(), 8000)));
  repair_utf8(sample);  // CLD2 requires valid UTF-8
  // CLD2's models are of mixed-case text; all-capitals wire copy reads better in lower case.
  size_t upper = 0, lower = 0;
  for (char c : sample) {
    upper += c >= 'A' && c <= 'Z';
    lower += c >= 'a' && c <= 'z';
  }
  if (upper > 2 * lower) {
    for (char& c : sample) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
  }

  CLD2::Language top3[3];
  int percent3[3];
  int text_bytes = 0;
  bool reliable = false;
  CLD2::Language lang = CLD2::ExtDetectLanguageSummary(sample.data(), static_cast<int>(sample.size()), true,
                                                       top3, percent3, &text_bytes, &reliable);
  Counts counts = count_function_words(sample);
  // Function words decide between Italian and English when they clearly lean one way:
  // they are robust on all-caps wire copy and on short texts.
  int lead = counts.italian - counts.english;
  bool clear_lean = counts.words >= 6 && std::abs(lead) >= 3 && std::abs(lead) * 4 >= counts.italian + counts.english;
  if (lang == CLD2::ITALIAN || lang == CLD2::ENGLISH) {
    if (clear_lean) return lead > 0 ? "it" : "en";
    return lang == CLD2::ITALIAN ? "it" : "en";
  }
  if (reliable && lang != CLD2::UNKNOWN_LANGUAGE && percent3[0] >= 70) {
    // CLD2 is sure of a third language; trust it unless the function words say otherwise.
    int share = counts.words > 0 ? 100 * std::max(counts.italian, counts.english) / counts.words : 0;
    if (!(clear_lean && share >= 15)) return CLD2::LanguageCode(lang);
  }
  if (clear_lean || (counts.italian != counts.english && counts.italian + counts.english >= 2)) {
    return lead > 0 ? "it" : "en";
  }
  return "und";
}

}  // namespace rassegna::analysis
