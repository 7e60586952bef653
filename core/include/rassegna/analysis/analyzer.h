#pragma once
// The one analyzer that indexing and querying share, so a word is turned into the same terms
// on both sides: tokenize (elision, possessives, folding) then stem in the text's language.
// Not thread-safe (stemmers and caches are per object): use one Analyzer per thread.

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>
#include <xapian.h>

#include <rassegna/analysis/languages.h>
#include <rassegna/analysis/tokenizer.h>

namespace rassegna::analysis {

class Analyzer {
 public:
  Analyzer();

  // Folded words of `text` with byte offsets (see tokenizer.h).
  void tokenize(std::string_view text, std::vector<Token>& out) const;
  std::vector<Token> tokenize(std::string_view text) const;

  // Snowball stem of a folded word for a language of kStemmedLanguages; the word itself for others.
  // Results are cached; the reference stays valid until the next call.
  const std::string& stem(const std::string& folded, std::string_view lang);

  // The languages a query is stemmed for when it does not name one (kStemmedLanguages' codes).
  static const std::vector<std::string>& query_languages();

 private:
  struct Stemmer {
    Xapian::Stem stem;
    std::unordered_map<std::string, std::string> cache;
  };
  Stemmer* stemmer_for(std::string_view lang);

  std::array<Stemmer, kStemmedLanguages.size()> stemmers_;  // in the order of kStemmedLanguages
  std::string passthrough_;
};

}  // namespace rassegna::analysis
