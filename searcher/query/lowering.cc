#include "searcher/query/lowering.h"

#include <rassegna/schema.h>

namespace rassegna {
namespace {

using Kind = QueryNode::Kind;

Xapian::Query weightless(const Xapian::Query& q) { return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0); }

// Every article; Xapian gives the empty term (MatchAll) no weight. A new query each time, not a
// copy of the static Xapian::Query::MatchAll: copying that one object bumps its reference count,
// which is not atomic, from every searcher thread at once (a data race ThreadSanitizer found).
Xapian::Query everything() { return Xapian::Query(std::string()); }

Xapian::Query combined(Xapian::Query::op op, const std::vector<Xapian::Query>& parts) {
  if (parts.size() == 1) return parts[0];
  return Xapian::Query(op, parts.begin(), parts.end());
}

}  // namespace

Xapian::Query date_range_query(const std::string& from, const std::string& to) {
  if (!from.empty() && !to.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDay, from, to);
  if (!from.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDay, from);
  return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kSlotDay, to);
}

Xapian::Query to_xapian(const QueryNode& n, const TermWeights* weights) {
  auto weighed = [weights](Xapian::Query q, const std::vector<std::string>& terms) {
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, (*weights)(terms));
  };
  switch (n.kind) {
    case Kind::all:
      return everything();
    case Kind::word: {
      const std::vector<std::string> terms = word_terms(n);
      Xapian::Query q = terms.size() == 1 ? Xapian::Query(terms[0])
                                          : Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
      return weights ? weighed(q, terms) : q;
    }
    case Kind::phrase: {
      const std::vector<std::string> terms = phrase_terms(n);
      Xapian::Query phrase(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                           static_cast<Xapian::termcount>(terms.size()));
      if (!weights) return phrase;
      std::vector<Xapian::Query> each;
      for (const auto& t : terms) each.push_back(weighed(Xapian::Query(t), {t}));
      return Xapian::Query(Xapian::Query::OP_FILTER, combined(Xapian::Query::OP_AND, each), phrase);
    }
    case Kind::company:
      return weightless(Xapian::Query(company_term(n)));
    case Kind::lang:
      return weightless(Xapian::Query(lang_term(n)));
    case Kind::date:
      return date_range_query(n.from, n.to);
    case Kind::and_: {
      // AND(a, NOT b, NOT c) runs as a AND_NOT (b OR c): no complement is built.
      std::vector<Xapian::Query> positive, negative;
      for (const auto& c : n.children) {
        if (c.kind == Kind::not_) {
          negative.push_back(to_xapian(c.children.at(0), weights));
        } else {
          positive.push_back(to_xapian(c, weights));
        }
      }
      Xapian::Query result = positive.empty() ? everything() : combined(Xapian::Query::OP_AND, positive);
      if (negative.empty()) return result;
      return Xapian::Query(Xapian::Query::OP_AND_NOT, result, combined(Xapian::Query::OP_OR, negative));
    }
    case Kind::or_: {
      std::vector<Xapian::Query> parts;
      for (const auto& c : n.children) parts.push_back(to_xapian(c, weights));
      return combined(Xapian::Query::OP_OR, parts);
    }
    case Kind::not_:
      return Xapian::Query(Xapian::Query::OP_AND_NOT, everything(), to_xapian(n.children.at(0), weights));
  }
  return Xapian::Query::MatchNothing;
}

std::optional<Conjunction> to_conjunction(const QueryNode& n) {
  Conjunction out;
  auto add = [&out](const QueryNode& c) {
    if (c.kind == Kind::word) {
      out.required.push_back(word_terms(c));
      return true;
    }
    if (c.kind == Kind::not_ && c.children.at(0).kind == Kind::word) {
      out.excluded.push_back(word_terms(c.children[0]));
      return true;
    }
    return false;
  };
  if (n.kind == Kind::all) return out;
  if (n.kind == Kind::and_) {
    for (const auto& c : n.children) {
      if (!add(c)) return std::nullopt;
    }
    return out;
  }
  if (!add(n)) return std::nullopt;
  return out;
}

}  // namespace rassegna
