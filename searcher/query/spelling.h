#pragma once
// "Did you mean": spelling suggestions from the words a database already holds, without a
// spelling table. A query word that is missing (or rare) is replaced by the most frequent
// indexed word within a small edit distance (Damerau, optimal string alignment: 1 for words of up
// to 4 letters, else 2), found by scanning the unprefixed terms that share its first letter.
// Why not Xapian's spelling table: docs/press.md (it grows the index, this costs a scan).

#include <string>
#include <string_view>
#include <xapian.h>

#include <rassegna/analysis/analyzer.h>

namespace rassegna::spelling {

// Edit distance (insertions, deletions, substitutions, adjacent transpositions) between two
// strings of code points; any value above `max` is returned as max + 1.
unsigned edit_distance(std::u32string_view a, std::u32string_view b, unsigned max);

// The replacement for a folded word, or empty when the word is frequent enough or nothing
// close is. `lang` ("it", "en"; empty: every language) counts frequencies in that language.
std::string best_word(const Xapian::Database& db, const std::string& folded, const std::string& lang);

// `query` with its misspelt words replaced (operators, field names and company/source/lang/date
// values are left alone); empty when no word changes.
std::string suggest_query(const Xapian::Database& db, const analysis::Analyzer& analyzer, const std::string& query,
                          const std::string& lang);

}  // namespace rassegna::spelling
