#include "tree_oracle.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <rassegna/schema.h>
#include <rassegna/stored_article.h>

#include "searcher/query/ranking.h"

namespace rassegna::testing {
namespace {

// The formula is written out here; only the parameters are shared with the searcher.
using ranking::kB;
using ranking::kK1;
using ranking::kMinNormLength;

// Xapian 1.4 estimates the document frequency of a union of terms (OP_SYNONYM) by merging the
// two smallest frequencies into l + r - l.r/N, rounded, until one is left.
Xapian::doccount union_estimate(std::vector<Xapian::doccount> freqs, Xapian::doccount n) {
  std::multiset<Xapian::doccount> pending(freqs.begin(), freqs.end());
  while (pending.size() > 1) {
    const double r = *pending.begin();
    pending.erase(pending.begin());
    const double l = *pending.begin();
    pending.erase(pending.begin());
    pending.insert(static_cast<Xapian::doccount>(l + r - l * r / n + 0.5));
  }
  return pending.empty() ? 0 : *pending.begin();
}

// A leaf's index terms, by schema.h (not by query_tree.h's word_terms, which the lowerings use).
std::vector<std::string> terms_of(const QueryNode& n) {
  const std::string exact(n.title ? schema::kTitle : ""), stem(n.title ? schema::kTitleStem : schema::kStem);
  std::vector<std::string> terms;
  for (const auto& w : n.words) terms.push_back(exact + w);
  if (n.kind == QueryNode::Kind::word) {
    for (const auto& s : n.stems) terms.push_back(stem + s);
  }
  return terms;
}

}  // namespace

TreeOracle::TreeOracle(const std::string& db_path) : db_(db_path) {
  doc_count_ = db_.get_doccount();
  average_length_ = db_.get_avlength();
  for (auto p = db_.postlist_begin(""); p != db_.postlist_end(""); ++p) {
    Xapian::Document d = db_.get_document(*p);
    OracleArticle a;
    a.doc = *p;
    a.id = decode_article(d.get_value(schema::kSlotSummary)).id;
    a.day = d.get_value(schema::kSlotDay);
    a.timestamp = d.get_value(schema::kSlotTimestamp);
    a.story = d.get_value(schema::kSlotStory);
    a.length = static_cast<uint32_t>(p.get_doclength());
    std::string list = d.get_value(schema::kSlotCompanies);
    size_t start = 0;
    while (start < list.size()) {
      size_t end = list.find(schema::kListSeparator, start);
      if (end == std::string::npos) end = list.size();
      if (end > start) a.companies.push_back(list.substr(start, end - start));
      start = end + 1;
    }
    for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) a.terms[*t] = t.get_wdf();
    articles_.push_back(std::move(a));
  }
}

const std::vector<Xapian::termpos>& TreeOracle::positions(Xapian::docid doc, const std::string& term) {
  auto [it, fresh] = positions_.try_emplace({doc, term});
  if (fresh) {
    for (auto p = db_.positionlist_begin(doc, term); p != db_.positionlist_end(doc, term); ++p) it->second.push_back(*p);
  }
  return it->second;
}

double TreeOracle::term_weight(Xapian::doccount df, Xapian::termcount wdf, uint32_t length) const {
  if (df == 0 || wdf == 0) return 0;
  double ratio = (static_cast<double>(doc_count_) - df + 0.5) / (df + 0.5);
  if (ratio < 2) ratio = ratio * 0.5 + 1;
  const double idf = std::log(ratio) * (kK1 + 1);
  const double norm = std::max(length / average_length_, kMinNormLength);
  return idf * wdf / (kK1 * (norm * kB + (1 - kB)) + wdf);
}

double TreeOracle::word_weight(const std::vector<std::string>& terms, const OracleArticle& a) {
  std::vector<Xapian::doccount> freqs;
  Xapian::termcount wdf = 0;
  for (const auto& t : terms) {
    freqs.push_back(db_.get_termfreq(t));
    auto it = a.terms.find(t);
    if (it != a.terms.end()) wdf += it->second;
  }
  const Xapian::doccount df = terms.size() == 1 ? freqs[0] : union_estimate(freqs, doc_count_);
  return term_weight(df, std::min<Xapian::termcount>(wdf, a.length), a.length);
}

bool TreeOracle::phrase_at_some_position(const std::vector<std::string>& terms, const OracleArticle& a) {
  for (Xapian::termpos start : positions(a.doc, terms[0])) {
    bool all = true;
    for (size_t k = 1; k < terms.size() && all; ++k) {
      const auto& p = positions(a.doc, terms[k]);
      all = std::binary_search(p.begin(), p.end(), start + static_cast<Xapian::termpos>(k));
    }
    if (all) return true;
  }
  return false;
}

bool TreeOracle::match(const QueryNode& n, const OracleArticle& a, double& score) {
  using Kind = QueryNode::Kind;
  auto has = [&a](const std::string& term) { return a.terms.count(term) > 0; };
  switch (n.kind) {
    case Kind::all:
      return true;
    case Kind::word: {
      const std::vector<std::string> terms = terms_of(n);
      if (!std::any_of(terms.begin(), terms.end(), has)) return false;
      score += word_weight(terms, a);
      return true;
    }
    case Kind::phrase: {
      const std::vector<std::string> terms = terms_of(n);
      if (!std::all_of(terms.begin(), terms.end(), has) || !phrase_at_some_position(terms, a)) return false;
      for (const auto& t : terms) score += term_weight(db_.get_termfreq(t), a.terms.at(t), a.length);
      return true;
    }
    case Kind::company:
      return has(std::string(schema::kCompany) + schema::company_key(n.name));
    case Kind::lang:
      return has(std::string(schema::kLang) + n.name);
    case Kind::date:
      return !a.day.empty() && (n.from.empty() || a.day >= n.from) && (n.to.empty() || a.day <= n.to);
    case Kind::and_: {
      double sum = 0;
      for (const auto& c : n.children) {
        if (!match(c, a, sum)) return false;
      }
      score += sum;
      return true;
    }
    case Kind::or_: {
      bool any = false;
      for (const auto& c : n.children) any = match(c, a, score) || any;
      return any;
    }
    case Kind::not_: {
      double ignored = 0;
      return !match(n.children.at(0), a, ignored);
    }
  }
  return false;
}

bool TreeOracle::match_root(const QueryNode& root, const OracleArticle& a, int ignore, double& score) {
  auto ignored = [ignore](const QueryNode& n) {
    return ((ignore & company_filters) && n.kind == QueryNode::Kind::company) ||
           ((ignore & date_filters) && n.kind == QueryNode::Kind::date);
  };
  if (ignored(root)) return true;
  if (root.kind != QueryNode::Kind::and_) return match(root, a, score);
  double sum = 0;
  for (const auto& c : root.children) {
    if (!ignored(c) && !match(c, a, sum)) return false;
  }
  score += sum;
  return true;
}

OracleResult TreeOracle::run(const OracleRequest& r) {
  struct Ranked {
    double score;
    const OracleArticle* a;
  };
  std::vector<Ranked> ranked;
  OracleResult out;
  for (const OracleArticle& a : articles_) {
    if (!r.lang.empty() && !a.terms.count(std::string(schema::kLang) + r.lang)) continue;
    const bool company_ok = r.any_company.empty() ||
                            std::any_of(r.any_company.begin(), r.any_company.end(), [&a](const std::string& c) {
                              return a.terms.count(std::string(schema::kCompany) + schema::company_key(c)) > 0;
                            });
    const bool date_ok = (r.from.empty() && r.to.empty()) ||
                         (!a.day.empty() && (r.from.empty() || a.day >= r.from) && (r.to.empty() || a.day <= r.to));
    double score = 0, unused = 0;
    if (date_ok && match_root(r.tree, a, company_filters, unused)) {
      for (const auto& c : a.companies) ++out.companies[c];
    }
    if (company_ok && match_root(r.tree, a, date_filters, unused)) {
      if (a.day.empty()) {
        ++out.undated;
      } else {
        ++out.days[static_cast<uint32_t>(std::stoul(a.day))];
      }
    }
    if (!company_ok || !date_ok || !match_root(r.tree, a, none, score)) continue;
    ++out.total;
    ranked.push_back({score, &a});
  }
  std::sort(ranked.begin(), ranked.end(), [&r](const Ranked& x, const Ranked& y) {
    if (r.sort == SortOrder::date && x.a->timestamp != y.a->timestamp) return x.a->timestamp > y.a->timestamp;
    if (x.score != y.score) return x.score > y.score;
    return x.a->doc < y.a->doc;
  });
  out.total_articles = out.total;
  if (r.collapse) {  // keep each story's first in the ranking; an article without a key is its own story
    std::set<std::string> seen;
    std::vector<Ranked> kept;
    for (const Ranked& x : ranked) {
      if (x.a->story.empty() || seen.insert(x.a->story).second) kept.push_back(x);
    }
    ranked = std::move(kept);
    out.total = ranked.size();
  }
  for (size_t i = r.offset; i < ranked.size() && i < r.offset + r.limit; ++i) {
    out.hits.emplace_back(ranked[i].a->id, ranked[i].score);
  }
  return out;
}

}  // namespace rassegna::testing
