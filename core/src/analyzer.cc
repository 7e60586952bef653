#include <rassegna/analysis/analyzer.h>

namespace rassegna::analysis {
namespace {
// Bounds each stem cache: news vocabularies are large but Zipfian, and a cleared cache
// just refills from the frequent words.
constexpr size_t kMaxCachedStems = 200000;
}  // namespace

Analyzer::Analyzer() {
  for (size_t i = 0; i < kStemmedLanguages.size(); ++i) {
    stemmers_[i].stem = Xapian::Stem(std::string(kStemmedLanguages[i].snowball));
  }
}

void Analyzer::tokenize(std::string_view text, std::vector<Token>& out) const {
  analysis::tokenize(text, out);
}

std::vector<Token> Analyzer::tokenize(std::string_view text) const { return analysis::tokenize(text); }

Analyzer::Stemmer* Analyzer::stemmer_for(std::string_view lang) {
  for (size_t i = 0; i < kStemmedLanguages.size(); ++i) {
    if (kStemmedLanguages[i].code == lang) return &stemmers_[i];
  }
  return nullptr;
}

const std::string& Analyzer::stem(const std::string& folded, std::string_view lang) {
  Stemmer* s = stemmer_for(lang);
  if (s == nullptr) {
    passthrough_ = folded;
    return passthrough_;
  }
  auto it = s->cache.find(folded);
  if (it != s->cache.end()) return it->second;
  if (s->cache.size() >= kMaxCachedStems) s->cache.clear();
  // Numbers are not words: stemming "1990s" or "3,5" helps nobody.
  bool numeric = !folded.empty() && folded[0] >= '0' && folded[0] <= '9';
  return s->cache.emplace(folded, numeric ? folded : s->stem(folded)).first->second;
}

const std::vector<std::string>& Analyzer::query_languages() {
  static const std::vector<std::string> langs = [] {
    std::vector<std::string> codes;
    for (const auto& l : kStemmedLanguages) codes.emplace_back(l.code);
    return codes;
  }();
  return langs;
}

}  // namespace rassegna::analysis
