#pragma once
// The two lowerings of a query tree (query_tree.h): to a Xapian::Query for Enquire, and to the
// direct matcher's conjunction (direct_match.h) when the tree is a flat AND of words. Both keep
// the tree's meaning, scores included; tests/integration/differential_test.cc holds them equal
// to an evaluator of the tree itself.

#include <functional>
#include <optional>
#include <string>
#include <vector>
#include <xapian.h>

#include "searcher/query/query_tree.h"

namespace rassegna {

// The Xapian query for `tree`. Filters, `all` and negations weigh nothing (OP_SCALE_WEIGHT 0,
// MatchAll, the right side of OP_AND_NOT),
// a word is an OP_SYNONYM of its terms, a phrase an OP_PHRASE of its exact words.
//
// With `weights` (for ranking::GivenIdfWeight, over a collection's partitions), every word is
// wrapped in OP_SCALE_WEIGHT by weights(its terms), and a phrase becomes its exact words, each
// so wrapped, filtered by the OP_PHRASE (the same matches and the same sum of term weights).
using TermWeights = std::function<double(const std::vector<std::string>& terms)>;
Xapian::Query to_xapian(const QueryNode& tree, const TermWeights* weights = nullptr);

// Xapian filter for a date range given as YYYYMMDD bounds (either may be empty, not both).
Xapian::Query date_range_query(const std::string& from, const std::string& to);

// A flat AND of words: each group holds one word's terms (word_terms()); a document matches
// when it has a term of every required group and none of any excluded group's terms.
struct Conjunction {
  std::vector<std::vector<std::string>> required, excluded;
};

// The conjunction for `tree` when it is `all`, a word, a negated word, or an AND whose children
// are all words or negated words; nullopt for anything else (phrases, OR, filters left in the
// text, negated groups), which Enquire runs.
std::optional<Conjunction> to_conjunction(const QueryNode& tree);

}  // namespace rassegna
