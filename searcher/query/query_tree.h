#pragma once
// The syntax tree of a query: what the parser (query_parser.h) produces and what everything
// else reads. Words arrive already analysed (folded, elisions split, stemmed), so the tree
// says exactly which index terms a query looks for. Two lowerings run it (lowering.h): to a
// Xapian::Query for Enquire, and to the direct matcher's conjunction when it is a flat AND
// of words; a test holds both equal to an evaluator of the tree itself.
// Plain structs: no Xapian types, so tests and tools can build and compare trees.
//
// Meaning (match, then score):
//   all       every article; weight 0
//   word      any of its terms (word_terms()): BM25 of them as one term, like Xapian's OP_SYNONYM
//   phrase    its exact words at consecutive positions, in order; BM25 of each word, summed
//   company, date, lang   filters; weight 0
//   and_      every child; the children's weights summed
//   or_       at least one child; the weights of the children that match, summed
//   not_      the articles its child does not match (a complement over the whole database);
//             weight 0, so a negated word never counts towards a score

#include <set>
#include <string>
#include <vector>

namespace rassegna {

struct QueryNode {
  enum class Kind { all, word, phrase, company, date, lang, and_, or_, not_ };
  Kind kind = Kind::all;
  // word: one folded word; phrase: two or more, in order.
  std::vector<std::string> words;
  // word: its distinct stems in the query languages (empty: the exact form only, as when quoted).
  std::vector<std::string> stems;
  bool title = false;  // word, phrase: in the title only
  // company: canonical name (or the name as given when unknown); lang: two-letter code;
  // date: `from` and `to`, inclusive YYYYMMDD bounds, either may be empty (open).
  std::string name, from, to;
  std::vector<QueryNode> children;  // and_, or_: two or more; not_: exactly one

  bool operator==(const QueryNode&) const = default;
};

// The index terms a word leaf matches (its exact form first, then its stems, prefixed for
// the body or the title as in schema.h); a phrase leaf's terms, one per word, in order.
std::vector<std::string> word_terms(const QueryNode& word);
std::vector<std::string> phrase_terms(const QueryNode& phrase);

// The term of a company or language filter.
std::string company_term(const QueryNode& company);
std::string lang_term(const QueryNode& lang);

// A query's filters that stand beside its text (children of a top-level AND, or the whole
// query), apart from the rest: these combine with a request's own filters, and a facet
// leaves out the filters of its own kind ("company:oracle" still shows Microsoft's count).
// Filters anywhere else (under OR or NOT, in parentheses with OR) stay in `text`.
struct SplitQuery {
  QueryNode text;                      // the rest; Kind::all when nothing is left
  std::vector<std::string> companies;  // canonical names; an article must have each of them
  std::string from, to;                // the intersection of the date ranges (YYYYMMDD, empty: open)
  std::vector<std::string> langs;      // an article must be in each of them
};
SplitQuery split_filters(const QueryNode& root);

// Words to mark in snippets: the folded words and (unprefixed) stems of every word and phrase
// that is not under a NOT. A negated word is never marked.
struct HighlightWords {
  std::set<std::string> exact;
  std::set<std::string> stems;
};
HighlightWords highlight_words(const QueryNode& root);

// A compact, unambiguous rendering for messages and tests:
// AND(word(tiktok|tiktok) NOT(word(oracle|oracl)) company(Oracle)).
std::string describe(const QueryNode& node);

}  // namespace rassegna
