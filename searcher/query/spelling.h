#pragma once
// "Did you mean": spelling suggestions from the words a database already holds, without a
// spelling table. A query word that is missing (or rare) is replaced by the most frequent
// indexed word within a small edit distance (Damerau, optimal string alignment: 1 for words of up
// to 4 letters, else 2), found by scanning the unprefixed terms that share its first letter.
// Why not Xapian's spelling table: docs/press.md (it grows the index, this costs a scan).
// A large database's words are scanned in memory (Lexicon), a small one's through Xapian.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>
#include <xapian.h>

#include <rassegna/analysis/analyzer.h>

namespace rassegna::spelling {

// Edit distance (insertions, deletions, substitutions, adjacent transpositions) between two
// strings of code points; any value above `max` is returned as max + 1.
unsigned edit_distance(std::u32string_view a, std::u32string_view b, unsigned max);

// The unprefixed terms (words) of one database, as code points, by first code point and
// length: the words a suggestion may come from are then the few buckets of the query word's
// first letter and lengths, read from memory. Scanning a 1M-article archive's words of one
// first letter through Xapian took ~250 ms per query word (docs/benchmarks.md).
class Lexicon {
 public:
  explicit Lexicon(const Xapian::Database& db);
  // The lexicon of `db`'s newest revision, shared by every caller asking for the same database
  // (by UUID) at the same revision; null when `db` is not a single database.
  static std::shared_ptr<const Lexicon> current(const Xapian::Database& db);
  // Calls visit(word) for every word beginning with code point `first`, of `min_len` to
  // `max_len` code points.
  template <class Visit>
  void each(char32_t first, size_t min_len, size_t max_len, Visit&& visit) const {
    for (size_t len = min_len; len <= max_len; ++len) {
      auto it = buckets_.find(key(first, len));
      if (it == buckets_.end()) continue;
      for (uint32_t offset : it->second) visit(std::u32string_view(text_.data() + offset, len));
    }
  }
  size_t size() const { return words_; }

 private:
  static uint64_t key(char32_t first, size_t len) { return (static_cast<uint64_t>(first) << 16) | (len & 0xFFFF); }
  std::u32string text_;                                         // every word, one after another
  std::unordered_map<uint64_t, std::vector<uint32_t>> buckets_;  // (first, length) -> offsets
  size_t words_ = 0;
};

// Where suggestions come from: the parts of a database, each read through its lexicon when it
// has one, else scanned through Xapian (`db` itself when the list is empty).
struct WordSource {
  const Xapian::Database* db = nullptr;
  std::shared_ptr<const Lexicon> lexicon;  // null: scan db
};

// Databases from this many documents up get a Lexicon (smaller ones, such as a feed's live
// segment, are scanned: it changes at every commit, and costs little to scan).
inline constexpr Xapian::doccount kLexiconDocs = 50000;

// The replacement for a folded word, or empty when the word is frequent enough or nothing
// close is. `lang` ("it", "en"; empty: every language) counts frequencies in that language.
// Frequencies are `db`'s; the words are looked for in `sources` (all of db when empty).
std::string best_word(const Xapian::Database& db, const std::string& folded, const std::string& lang,
                      const std::vector<WordSource>& sources = {});

// `query` with its misspelt words replaced (operators, field names and company/source/lang/date
// values are left alone); empty when no word changes.
std::string suggest_query(const Xapian::Database& db, const analysis::Analyzer& analyzer, const std::string& query,
                          const std::string& lang, const std::vector<WordSource>& sources = {});

}  // namespace rassegna::spelling
