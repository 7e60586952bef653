#pragma once
// Phrases on Enquire: a Xapian::PostingSource that yields the articles where a phrase's words
// stand at consecutive positions, read from each article's positions value (word_positions.h,
// schema::kSlotPositions), since the database has no position table. Its candidates are the
// articles holding every one of the phrase's terms (their posting lists, rarest first); the
// positions value is read only for those, in docid order through one value-stream cursor.
//
// Used as the right side of OP_FILTER over the AND of the phrase's terms, it weighs nothing, so a
// phrase scores as OP_PHRASE did: the sum of its terms' BM25 weights.
// It has no serialisation, so remote shards (xapian-tcpsrv) cannot run phrase queries.

#include <string>
#include <vector>
#include <xapian.h>

namespace rassegna {

class PhraseSource : public Xapian::PostingSource {
 public:
  // `terms`: the terms every candidate holds (the words, S-prefixed for a title phrase);
  // `words`: the folded words in phrase order; `title_only`: the phrase must lie in the title.
  PhraseSource(std::vector<std::string> terms, std::vector<std::string> words, bool title_only);

  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return termfreq_max_ / 2; }
  Xapian::doccount get_termfreq_max() const override { return termfreq_max_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool check(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return at_end_; }
  Xapian::docid get_docid() const override { return current_; }
  PostingSource* clone() const override;
  std::string get_description() const override;

 private:
  // Moves to the first candidate >= `from` whose positions hold the phrase.
  void find_from(Xapian::docid from);
  bool has_phrase(Xapian::docid did);

  std::vector<std::string> terms_, words_;
  bool title_only_;

  Xapian::Database db_;
  std::vector<Xapian::PostingIterator> lists_;  // rarest first
  Xapian::ValueIterator positions_;
  bool positions_done_ = false;
  Xapian::doccount termfreq_max_ = 0;
  Xapian::docid current_ = 0;
  bool at_end_ = false;
};

}  // namespace rassegna
