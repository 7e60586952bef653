#pragma once
// The direct matcher: runs a query that is a plain conjunction of words (ParsedQuery::
// Conjunction, most of what people type) straight over Xapian's posting lists, with filters,
// facets, BM25 ranking and date sorting read from the in-memory DocTable, in one pass.
//
// Why: Xapian's Enquire must weigh every match and build a Document per match for the facet
// MatchSpies once it is asked for exact counts (checkatleast = database size), and it needs a
// second and third pass when a facet's own filter is set. Here each match costs a few skip_to
// calls on the word groups' posting lists and array lookups, so facets and exact totals cost
// little more than the top ten. Phrases, OR and parentheses still go through Enquire.
//
// Ranking is BM25 with Xapian's default parameters (k1 = 1, b = 0.5, minimum normalised
// length 0.5, Xapian's idf). A word's group (its exact form and stems, like Xapian's
// OP_SYNONYM) counts as one term: wdf is the sum over the group's terms, and the document
// frequency is the largest of theirs (Xapian estimates the union instead, so scores of
// multi-term groups differ slightly from the Enquire path; single terms score the same).

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>
#include <xapian.h>

#include "searcher/query/doc_table.h"
#include "searcher/query/query_parser.h"
#include "searcher/query/search_request.h"

namespace rassegna {

struct DirectQuery {
  const ParsedQuery::Conjunction* text = nullptr;  // required: the words
  std::optional<int> language;                     // DocTable language id to keep (-1: none matches)
  std::optional<std::vector<uint16_t>> companies;  // keep articles with any of these company ids
  std::optional<std::pair<uint32_t, uint32_t>> days;  // keep day indexes in [first, last]
  SortOrder sort = SortOrder::relevance;
  size_t offset = 0, limit = 10;
  bool facets = false;
};

struct DirectResult {
  std::vector<std::pair<Xapian::docid, double>> hits;  // ranked, from `offset` on, at most `limit`
  uint64_t total = 0;                                  // exact
  // Facets, each ignoring its own filter: matches by company id and by day index (0: undated).
  std::vector<uint64_t> company_counts, day_counts;
};

DirectResult direct_match(const Xapian::Database& db, const DocTable& table, const DirectQuery& query);

// BM25 weight of one term (group) in one document, as Xapian's BM25Weight computes it with
// default parameters; `df` is the term's document frequency, `wdf` its frequency in the document.
double bm25(Xapian::doccount doc_count, Xapian::doccount df, Xapian::termcount wdf, uint32_t length,
            double average_length);

}  // namespace rassegna
