#pragma once
// Word positions of one article, kept in one value per document (schema::kSlotPositions) instead
// of Xapian's position table. Xapian stores one B-tree entry per (term, document), keyed by the
// whole term and the docid: on news (72 % of those entries hold a single position) the keys cost
// ~17 bytes for ~1 byte of position, and the table was 43 % of the database and 40 % of the
// indexing CPU (docs/benchmarks.md). Here an article's positional words are listed once, sorted and
// front-coded, each with its delta-coded positions: the same facts in about a quarter of the bytes.
//
// Positions are numbered as DocumentBuilder numbers them: title words 1..title_end, body words
// after schema::kBodyPositionGap more, so no phrase spans the two. Phrases are checked with
// phrase_at(), which is exact: the same answer Xapian's OP_PHRASE gave over the position table.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rassegna {

class WordPositionsBuilder {
 public:
  void clear();
  // Positions must be added in increasing order (they are: the builder walks the text).
  void add(std::string_view word, uint32_t position);
  // The last position of the title (0 when the title has no words).
  void set_title_end(uint32_t position) { title_end_ = position; }
  // The encoded value; the builder can then be cleared and reused.
  std::string encode();

 private:
  std::vector<std::pair<std::string, uint32_t>> entries_;
  size_t used_ = 0;  // entries_ beyond this are spare (their strings keep their capacity)
  uint32_t title_end_ = 0;
};

// Whether `words` (folded, in order) occur at consecutive positions of the article whose encoded
// positions are `encoded`; with `title_only`, inside the title. Throws rassegna::Error(internal)
// when `encoded` is not an encoding of this version.
bool phrase_at(std::string_view encoded, const std::vector<std::string>& words, bool title_only);

// Every word with its positions, in word order (for tests and tools).
struct WordPositions {
  uint32_t title_end = 0;
  std::vector<std::pair<std::string, std::vector<uint32_t>>> words;
};
WordPositions decode_word_positions(std::string_view encoded);

}  // namespace rassegna
