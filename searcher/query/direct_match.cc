#include "searcher/query/direct_match.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>

#include <rassegna/analysis/languages.h>

#include "searcher/query/ranking.h"

namespace rassegna {

namespace {

using ranking::kB;
using ranking::kK1;
using ranking::kMinNormLength;

using ranking::bm25_idf;

// The K of BM25's wdf / (K + wdf) for a document of `length` words.
double length_factor(uint32_t length, double average_length) {
  const double norm = average_length > 0 ? std::max(length / average_length, kMinNormLength) : kMinNormLength;
  return kK1 * (norm * kB + (1 - kB));
}

// The union of one word's posting lists (its exact form and stems), advanced together. With
// `lazy_exact`, terms[0] (the exact form) does not take part in the union as a whole: the stems
// decide which documents the word matches, except `unstemmed` ones (ascending; documents of
// languages without stems), which match where the exact form's list has them; and the exact
// form is read only when exact_wdf() asks for it (DirectQuery::stem_languages says when that is
// right).
class WordCursor {
 public:
  // `stats`: the whole collection's term frequencies (null: db's own); `db` has the postings;
  // `local`: the terms' frequencies in `db` when known (null: looked up).
  WordCursor(const Xapian::Database& db, const CollectionStats* stats, const std::vector<std::string>& terms,
             Xapian::doccount doc_count, const Xapian::doccount* local, bool lazy_exact,
             const std::vector<Xapian::docid>* unstemmed = nullptr) {
    std::vector<Xapian::doccount> freqs;
    for (size_t i = 0; i < terms.size(); ++i) {
      const std::string& t = terms[i];
      Xapian::doccount tf = local != nullptr ? local[i] : db.get_termfreq(t);
      if (stats == nullptr) {
        freqs.push_back(tf);
      } else {
        auto it = stats->termfreqs.find(t);
        freqs.push_back(it == stats->termfreqs.end() ? tf : it->second);
      }
      if (tf == 0) continue;
      Member m{db.postlist_begin(t), db.postlist_end(t), 0};
      m.doc = m.it == m.end ? 0 : *m.it;
      if (lazy_exact && i == 0) {
        if (unstemmed != nullptr && !unstemmed->empty()) {
          unstemmed_ = unstemmed;
          rare_ = Member{db.postlist_begin(t), db.postlist_end(t), 0};
          seek_rare(1);
        }
        exact_ = std::move(m);
        lazy_ = true;
      } else {
        members_.push_back(std::move(m));
      }
    }
    settle();
    df_ = synonym_termfreq(std::move(freqs), doc_count);
    idf_ = df_ > 0 ? bm25_idf(doc_count, df_) : 0;
  }

  Xapian::doccount df() const { return df_; }
  double idf() const { return idf_; }
  Xapian::docid doc() const { return doc_; }  // 0 once exhausted
  bool lazy() const { return lazy_; }

  void skip_to(Xapian::docid target) {
    if (doc_ == 0 || doc_ >= target) return;
    for (auto& m : members_) {
      if (m.doc != 0 && m.doc < target) {
        m.it.skip_to(target);
        m.doc = m.it == m.end ? 0 : *m.it;
      }
    }
    if (rare_.doc != 0 && rare_.doc < target) seek_rare(target);
    settle();
  }

  // Whether the current document is one of the unstemmed ones (its exact form is then all it
  // has of the word: the stems bound nothing).
  bool at_unstemmed() const { return rare_.doc != 0 && rare_.doc == doc_; }

  // Of the current document: the united lists' wdfs summed (without the exact form when lazy).
  Xapian::termcount united_wdf() const {
    Xapian::termcount sum = 0;
    for (const auto& m : members_) {
      if (m.doc == doc_) sum += m.it.get_wdf();
    }
    return sum;
  }

  // The exact form's wdf in the current document, read from its list (lazy only).
  Xapian::termcount exact_wdf() {
    if (exact_.doc != 0 && exact_.doc < doc_) {
      exact_.it.skip_to(doc_);
      exact_.doc = exact_.it == exact_.end ? 0 : *exact_.it;
    }
    return exact_.doc == doc_ && doc_ != 0 ? exact_.it.get_wdf() : 0;
  }

  // The whole group's wdf in the current document, at most its length (as Xapian's synonyms
  // clamp it).
  Xapian::termcount wdf(uint32_t length) {
    const Xapian::termcount sum = united_wdf() + (lazy_ ? exact_wdf() : 0);
    return std::min<Xapian::termcount>(sum, length);
  }

 private:
  struct Member {
    Xapian::PostingIterator it, end;
    Xapian::docid doc;
  };
  void settle() {
    doc_ = rare_.doc;
    for (const auto& m : members_) {
      if (m.doc != 0 && (doc_ == 0 || m.doc < doc_)) doc_ = m.doc;
    }
  }
  // rare_ to the first unstemmed document from `target` on that the exact form's list holds (0:
  // none): the two ascending lists intersected by skipping each to the other.
  void seek_rare(Xapian::docid target) {
    const auto& docs = *unstemmed_;
    auto next = std::lower_bound(docs.begin() + static_cast<std::ptrdiff_t>(rare_next_), docs.end(), target);
    rare_.doc = 0;
    while (next != docs.end()) {
      rare_.it.skip_to(*next);
      if (rare_.it == rare_.end) break;
      const Xapian::docid at = *rare_.it;
      if (at == *next) {
        rare_.doc = at;
        break;
      }
      next = std::lower_bound(next, docs.end(), at);
    }
    rare_next_ = static_cast<size_t>(next - docs.begin());
  }
  std::vector<Member> members_;
  Member exact_{{}, {}, 0};
  bool lazy_ = false;
  const std::vector<Xapian::docid>* unstemmed_ = nullptr;
  Member rare_{{}, {}, 0};  // the exact form's list again, at rare_.doc: an unstemmed document
  size_t rare_next_ = 0;    // in *unstemmed_: where seek_rare() looks from
  Xapian::doccount df_ = 0;
  double idf_ = 0;
  Xapian::docid doc_ = 0;
};

struct Candidate {
  double score;
  uint64_t timestamp;
  Xapian::docid doc;
};

}  // namespace

CollectionStats collection_stats(const Xapian::Database& db, const Conjunction& text) {
  CollectionStats s;
  s.doc_count = db.get_doccount();
  s.average_length = db.get_avlength();
  for (const auto* groups : {&text.required, &text.excluded}) {
    for (const auto& group : *groups) {
      for (const auto& t : group) {
        if (!s.termfreqs.count(t)) s.termfreqs.emplace(t, db.get_termfreq(t));
      }
    }
  }
  return s;
}

Xapian::doccount synonym_termfreq(std::vector<Xapian::doccount> termfreqs, Xapian::doccount doc_count) {
  if (termfreqs.empty() || doc_count == 0) return 0;
  std::priority_queue<Xapian::doccount, std::vector<Xapian::doccount>, std::greater<>> smallest(
      termfreqs.begin(), termfreqs.end());
  while (smallest.size() > 1) {
    const double r = smallest.top();
    smallest.pop();
    const double l = smallest.top();
    smallest.pop();
    smallest.push(static_cast<Xapian::doccount>(l + r - (l * r / doc_count) + 0.5));
  }
  return smallest.top();
}

double bm25(Xapian::doccount doc_count, Xapian::doccount df, Xapian::termcount wdf, uint32_t length,
            double average_length) {
  if (wdf == 0 || df == 0) return 0;
  return bm25_idf(doc_count, df) * wdf / (length_factor(length, average_length) + wdf);
}

DirectResult direct_match(const Xapian::Database& db, const DocTable& table, const DirectQuery& query) {
  DirectResult result;
  uint64_t* company_counts = nullptr;
  uint64_t* day_counts = nullptr;
  const uint32_t* company_map = nullptr;
  const uint32_t* day_map = nullptr;
  if (query.facets && query.company_counts_out != nullptr) {
    company_counts = query.company_counts_out->data();
    day_counts = query.day_counts_out->data();
    company_map = query.company_map;
    day_map = query.day_map;
  } else if (query.facets) {
    result.company_counts.assign(table.company_names().size(), 0);
    result.day_counts.assign(table.days().size(), 0);
    company_counts = result.company_counts.data();
    day_counts = result.day_counts.data();
  }
  const CollectionStats* stats = query.collection;
  const Xapian::doccount doc_count = stats != nullptr ? stats->doc_count : table.doc_count();
  const double average_length = stats != nullptr ? stats->average_length : table.average_length();
  // Whether an article the query can accept holds a word's stem wherever it holds the word
  // (DirectQuery::stem_languages): then exact forms are read lazily. With a language filter,
  // every accepted article is in that language; without one, the words were stemmed in every
  // stemmed language, and only the articles of the others (DocTable::unstemmed_docs) are
  // looked for by their exact forms.
  bool stems_cover = false;
  const std::vector<Xapian::docid>* unstemmed = nullptr;
  if (!query.stem_languages.empty()) {
    const auto& codes = table.language_codes();
    auto stemmed_here = [&](std::string_view code) {
      return std::find(query.stem_languages.begin(), query.stem_languages.end(), code) != query.stem_languages.end();
    };
    if (query.language) {
      const int id = *query.language;
      stems_cover = id >= 0 && static_cast<size_t>(id) < codes.size() && stemmed_here(codes[id]);
    } else {
      stems_cover = std::all_of(analysis::kStemmedLanguages.begin(), analysis::kStemmedLanguages.end(),
                                [&](const analysis::StemmedLanguage& l) { return stemmed_here(l.code); });
      unstemmed = &table.unstemmed_docs();
    }
  }
  std::vector<WordCursor> required, excluded;
  required.reserve(query.text->required.size());
  excluded.reserve(query.text->excluded.size());
  const Xapian::doccount* local = query.local_termfreqs;
  bool any_lazy = false;
  for (const auto& group : query.text->required) {
    required.emplace_back(db, stats, group, doc_count, local, stems_cover && group.size() > 1, unstemmed);
    any_lazy = any_lazy || required.back().lazy();
    if (local != nullptr) local += group.size();
  }
  for (const auto& group : query.text->excluded) {
    excluded.emplace_back(db, stats, group, doc_count, local, false);
    if (local != nullptr) local += group.size();
  }
  for (const auto& w : required) {
    if (w.doc() == 0) return result;  // a word no article has: nothing matches
  }
  // Rarest word first: it leads, the others skip to its documents.
  std::sort(required.begin(), required.end(), [](const WordCursor& a, const WordCursor& b) { return a.df() < b.df(); });

  // wanted[g][id]: company `id` satisfies company group g.
  std::vector<std::vector<char>> wanted(query.companies.size(), std::vector<char>(table.company_names().size(), 0));
  for (size_t g = 0; g < query.companies.size(); ++g) {
    for (uint16_t id : query.companies[g]) {
      if (id < wanted[g].size()) wanted[g][id] = 1;
    }
  }
  const size_t keep = query.offset + query.limit;
  const bool by_date = query.sort == SortOrder::date;
  auto better = [by_date](const Candidate& a, const Candidate& b) {
    if (by_date && a.timestamp != b.timestamp) return a.timestamp > b.timestamp;
    if (a.score != b.score) return a.score > b.score;
    return a.doc < b.doc;
  };
  std::priority_queue<Candidate, std::vector<Candidate>, decltype(better)> worst_first(better);
  auto offer = [&](const Candidate& c) {
    if (keep == 0) return;  // counting only (limit 0)
    if (worst_first.size() < keep) {
      worst_first.push(c);
    } else if (better(c, worst_first.top())) {
      worst_first.pop();
      worst_first.push(c);
    }
  };
  std::unordered_map<uint64_t, Candidate> best_of_story;  // with collapse
  uint64_t keyless = 0;                                    // with collapse: matches without a story

  // Whether the current match is a document of a language without stems (found by its exact
  // forms): its score is computed outright, the stems bound nothing there.
  const bool may_be_unstemmed = unstemmed != nullptr && !unstemmed->empty();
  auto unstemmed_match = [&] {
    return may_be_unstemmed &&
           std::any_of(required.begin(), required.end(), [](const WordCursor& w) { return w.at_unstemmed(); });
  };
  // With collapse: c stands for its story when it is the story's best so far.
  auto keep_if_best_of_story = [&](uint64_t story, const Candidate& c) {
    auto [it, fresh] = best_of_story.try_emplace(story, c);
    if (!fresh && better(c, it->second)) it->second = c;
  };
  auto consider = [&](Xapian::docid d) {
    for (auto& w : excluded) {
      w.skip_to(d);
      if (w.doc() == d) return;
    }
    if (query.language && table.language(d) != *query.language) return;
    bool company_ok = true, date_ok = true;
    auto [begin, end] = table.companies(d);
    for (size_t g = 0; g < wanted.size() && company_ok; ++g) {
      company_ok = false;
      for (uint32_t k = begin; k < end && !company_ok; ++k) company_ok = wanted[g][table.company_ids()[k]] != 0;
    }
    const uint32_t day = table.day_index(d);
    if (query.days) date_ok = day >= query.days->first && day <= query.days->second;
    if (query.facets) {
      if (date_ok) {
        for (uint32_t k = begin; k < end; ++k) {
          const uint16_t id = table.company_ids()[k];
          ++company_counts[company_map != nullptr ? company_map[id] : id];
        }
      }
      if (company_ok) ++day_counts[day_map != nullptr ? day_map[day] : day];
    }
    if (!company_ok || !date_ok) return;
    ++result.total;
    if (keep == 0 && !query.collapse) return;
    const uint64_t story = query.collapse ? table.story(d) : 0;
    if (query.collapse && story == 0) ++keyless;
    double score = 0;
    if (!required.empty()) {
      const uint32_t length = table.length(d);
      const double k = length_factor(length, average_length);
      if (any_lazy && !unstemmed_match()) {
        // The most the score can be: a lazy word's exact form occurs at most as often as its
        // stems. When even that cannot enter the top hits, the exact forms are not read: the
        // article is left out, or (in a story) kept with the least its score can be, which
        // cannot enter them either (the top hits only get better as the match goes on).
        double most = 0, least = 0;
        for (const auto& w : required) {
          const Xapian::termcount united = w.united_wdf();
          const double low = std::min<Xapian::termcount>(united, length);
          const double high = w.lazy() ? std::min<Xapian::termcount>(2 * united, length) : low;
          least += w.idf() * low / (k + low);
          most += w.idf() * high / (k + high);
        }
        const uint64_t timestamp = by_date ? table.timestamp(d) : 0;
        if (keep == 0 || (worst_first.size() >= keep && !better(Candidate{most, timestamp, d}, worst_first.top()))) {
          if (story != 0) keep_if_best_of_story(story, Candidate{least, timestamp, d});
          return;
        }
      }
      for (auto& w : required) {
        const double wdf = w.wdf(length);
        score += w.idf() * wdf / (k + wdf);
      }
    }
    Candidate c{score, by_date ? table.timestamp(d) : 0, d};
    if (story != 0) {
      keep_if_best_of_story(story, c);
      return;
    }
    offer(c);
  };

  if (required.empty()) {  // only excluded words, or no words: every article is a candidate
    for (Xapian::docid d = 1; d <= table.last_docid(); ++d) {
      if (table.exists(d)) consider(d);
    }
  } else {
    WordCursor& lead = required.front();
    Xapian::docid d = lead.doc();
    while (d != 0) {
      bool aligned = true;
      for (size_t k = 1; k < required.size(); ++k) {
        required[k].skip_to(d);
        const Xapian::docid at = required[k].doc();
        if (at == 0) {
          d = 0;
          break;
        }
        if (at != d) {
          d = at;
          aligned = false;
          break;
        }
      }
      if (d == 0) break;
      if (!aligned) {
        lead.skip_to(d);
        d = lead.doc();
        continue;
      }
      if (table.exists(d)) consider(d);
      lead.skip_to(d + 1);
      d = lead.doc();
    }
  }

  if (query.collapse) {
    result.total_stories = keyless + best_of_story.size();
    for (const auto& [story, c] : best_of_story) {
      offer(c);
      if (query.list_stories) result.stories.push_back(story);
    }
  }
  std::vector<Candidate> ranked;
  ranked.reserve(worst_first.size());
  while (!worst_first.empty()) {
    ranked.push_back(worst_first.top());
    worst_first.pop();
  }
  std::reverse(ranked.begin(), ranked.end());
  for (size_t i = query.offset; i < ranked.size(); ++i) result.hits.emplace_back(ranked[i].doc, ranked[i].score);
  return result;
}

}  // namespace rassegna
