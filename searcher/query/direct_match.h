#pragma once
// The direct matcher: runs a query that is a plain conjunction of words (a Conjunction lowered
// from the query tree by to_conjunction(), most of what people type) straight over Xapian's
// posting lists, with filters, facets, BM25 ranking and date sorting read from the in-memory
// DocTable, in one pass.
//
// Why: Xapian's Enquire must weigh every match and build a Document per match for the facet
// MatchSpies once it is asked for exact counts (checkatleast = database size), and it needs a
// second and third pass when a facet's own filter is set. Here each match costs a few skip_to
// calls on the word groups' posting lists and array lookups, so facets and exact totals cost
// little more than the top ten. Phrases, OR and negated groups still go through Enquire.
//
// Ranking is BM25 with the parameters of ranking.h and Xapian's idf, scored exactly as Enquire
// scores the same tree (lowering.h): a word's group (its exact form and stems, Xapian's
// OP_SYNONYM) counts as one term whose wdf is the sum over the group's terms (at most the
// document's length) and whose document frequency is Xapian's estimate for a union
// (synonym_termfreq()).

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>
#include <xapian.h>

#include "searcher/query/doc_table.h"
#include "searcher/query/lowering.h"
#include "searcher/query/search_request.h"

namespace rassegna {

// A whole collection's statistics, for running the matcher on each of its partitions.
struct CollectionStats {
  Xapian::doccount doc_count = 0;
  double average_length = 0;
  std::unordered_map<std::string, Xapian::doccount> termfreqs;  // of every term of the query
};

// The statistics of `db` (all sub-databases of a collection) for the terms of `text`.
CollectionStats collection_stats(const Xapian::Database& db, const Conjunction& text);

struct DirectQuery {
  const Conjunction* text = nullptr;               // required: the words
  std::optional<int> language;                     // DocTable language id to keep (-1: none matches)
  // Company filters: an article must have one of the ids of every group (an empty group:
  // nothing matches). The company facet ignores them all.
  std::vector<std::vector<uint16_t>> companies;
  std::optional<std::pair<uint32_t, uint32_t>> days;  // keep day indexes in [first, last]
  SortOrder sort = SortOrder::relevance;
  size_t offset = 0, limit = 10;
  bool facets = false;
  // On one partition of a collection: the whole collection's statistics, so scores equal those
  // of one database holding every article. Null: the table's own and `db`'s.
  const CollectionStats* collection = nullptr;
  // On a partition: the frequencies in `db` of text's terms, required groups' terms first, then
  // excluded groups', in order (the caller looked them up for the collection's sums). Null:
  // looked up here.
  const Xapian::doccount* local_termfreqs = nullptr;
  // Facets counted into the caller's collection-wide arrays instead of DirectResult's: company
  // id c at (*company_counts_out)[company_map[c]], day index i at (*day_counts_out)[day_map[i]]
  // (facet_registry.h). Both or neither.
  std::vector<uint64_t>* company_counts_out = nullptr;
  const uint32_t* company_map = nullptr;
  std::vector<uint64_t>* day_counts_out = nullptr;
  const uint32_t* day_map = nullptr;
  // One hit per story (DocTable::story), the best by the sort order, as Xapian's
  // Enquire::set_collapse_key keeps it; facets still count every matching article.
  bool collapse = false;
  // With collapse: also list the story of every match in DirectResult::stories (to merge the
  // partitions of a collection, whose stories may span several).
  bool list_stories = false;
  // The languages whose stems text's words carry (the language the query was parsed in, or
  // every stemmed language; query_parser.h); empty: not known. An article of one of them that
  // holds a word's exact form also holds its stem, with at least as many occurrences
  // (document_builder.cc indexes a stem beside every word of a stemmed language). So when the
  // query accepts only such articles (its language filter is one of them), or names every
  // stemmed language and the others' articles are looked up apart (DocTable::unstemmed_docs),
  // the stems say which articles match, and the exact form's posting list is read only for
  // the articles whose score could enter the top hits.
  std::vector<std::string> stem_languages;
};

struct DirectResult {
  std::vector<std::pair<Xapian::docid, double>> hits;  // ranked, from `offset` on, at most `limit`
  uint64_t total = 0;                                  // exact; articles
  uint64_t total_stories = 0;                          // with collapse: stories among them
  std::vector<uint64_t> stories;                       // with list_stories: each matched story once
  // Facets, each ignoring its own filter: matches by company id and by day index (0: undated);
  // empty when counted into DirectQuery's arrays.
  std::vector<uint64_t> company_counts, day_counts;
};

DirectResult direct_match(const Xapian::Database& db, const DocTable& table, const DirectQuery& query);

// BM25 weight of one term (group) in one document, as Xapian's BM25Weight computes it with
// ranking.h's parameters; `df` is the term's document frequency, `wdf` its frequency in the document.
double bm25(Xapian::doccount doc_count, Xapian::doccount df, Xapian::termcount wdf, uint32_t length,
            double average_length);

// The document frequency Xapian 1.4 gives a union of terms (OP_SYNONYM, OP_OR) of these
// frequencies: the two smallest are merged first, as l + r - l * r / doc_count (independence),
// rounded to the nearest integer, until one is left.
Xapian::doccount synonym_termfreq(std::vector<Xapian::doccount> termfreqs, Xapian::doccount doc_count);

}  // namespace rassegna
