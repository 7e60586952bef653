#include "searcher/query/phrase_source.h"

#include <algorithm>

#include <rassegna/schema.h>
#include <rassegna/word_positions.h>

namespace rassegna {

PhraseSource::PhraseSource(std::vector<std::string> terms, std::vector<std::string> words, bool title_only)
    : terms_(std::move(terms)), words_(std::move(words)), title_only_(title_only) {
  std::sort(terms_.begin(), terms_.end());
  terms_.erase(std::unique(terms_.begin(), terms_.end()), terms_.end());
}

void PhraseSource::init(const Xapian::Database& db) {
  db_ = db;
  std::vector<std::pair<Xapian::doccount, std::string>> by_freq;
  for (const auto& t : terms_) by_freq.emplace_back(db_.get_termfreq(t), t);
  std::sort(by_freq.begin(), by_freq.end());
  lists_.clear();
  termfreq_max_ = by_freq.empty() ? 0 : by_freq.front().first;
  for (const auto& [freq, term] : by_freq) lists_.push_back(db_.postlist_begin(term));
  positions_ = db_.valuestream_begin(schema::kSlotPositions);
  positions_done_ = positions_ == db_.valuestream_end(schema::kSlotPositions);
  current_ = 0;
  at_end_ = termfreq_max_ == 0;
}

bool PhraseSource::has_phrase(Xapian::docid did) {
  if (positions_done_) return false;
  if (positions_.get_docid() < did) {
    positions_.skip_to(did);
    if (positions_ == db_.valuestream_end(schema::kSlotPositions)) {
      positions_done_ = true;
      return false;
    }
  }
  if (positions_.get_docid() != did) return false;
  return phrase_at(*positions_, words_, title_only_);
}

void PhraseSource::find_from(Xapian::docid from) {
  const Xapian::PostingIterator end;
  while (!at_end_) {
    // The candidate: the first docid >= from in every list.
    Xapian::docid candidate = from;
    for (size_t k = 0; k < lists_.size();) {
      auto& list = lists_[k];
      list.skip_to(candidate);
      if (list == end) {
        at_end_ = true;
        return;
      }
      if (*list > candidate) {
        candidate = *list;
        if (k != 0) {
          k = 0;  // a later list moved past: the earlier ones must catch up
          continue;
        }
      }
      ++k;
    }
    if (has_phrase(candidate)) {
      current_ = candidate;
      return;
    }
    from = candidate + 1;
  }
}

void PhraseSource::next(double) { find_from(current_ + 1); }

void PhraseSource::skip_to(Xapian::docid did, double) {
  if (did > current_) find_from(did);
}

bool PhraseSource::check(Xapian::docid did, double) {
  // The terms' own posting lists run beside this one (OP_FILTER over their AND), so `did` holds
  // them all: only the positions need looking at. A miss leaves the position indeterminate, as
  // the interface allows; next() then goes on after `did`.
  if (did <= current_) return did == current_;
  current_ = did;
  if (has_phrase(did)) return true;
  return false;
}

Xapian::PostingSource* PhraseSource::clone() const { return new PhraseSource(terms_, words_, title_only_); }

std::string PhraseSource::get_description() const {
  std::string d = "PhraseSource(";
  for (size_t k = 0; k < words_.size(); ++k) d += (k ? " " : "") + words_[k];
  return d + (title_only_ ? ", title)" : ")");
}

}  // namespace rassegna
