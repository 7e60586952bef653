#include "query_generator.h"

#include <algorithm>
#include <map>
#include <set>

#include <rassegna/schema.h>

namespace rassegna::testing {
namespace {

using Kind = QueryNode::Kind;

// Words that read back as themselves (operators aside: "AND" written in capitals is one).
bool plain_word(const std::string& t) {
  return t.size() >= 3 && t.size() <= 20 && t != "and" && t != "not" &&
         std::all_of(t.begin(), t.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool starts_with_vowel(const std::string& w) { return std::string("aeiou").find(w[0]) != std::string::npos; }

int days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

QueryNode branch(Kind kind, std::vector<QueryNode> children) {
  QueryNode n;
  n.kind = kind;
  n.children = std::move(children);
  return n;
}

}  // namespace

QueryNode normalised(QueryNode n) {
  for (auto& c : n.children) c = normalised(std::move(c));
  if (n.kind == Kind::not_ && n.children[0].kind == Kind::not_) return std::move(n.children[0].children[0]);
  if (n.kind == Kind::and_ || n.kind == Kind::or_) {
    std::vector<QueryNode> flat;
    for (auto& c : n.children) {
      if (c.kind == n.kind) {
        for (auto& g : c.children) flat.push_back(std::move(g));
      } else {
        flat.push_back(std::move(c));
      }
    }
    n.children = std::move(flat);
  }
  return n;
}

QueryGenerator::QueryGenerator(TreeOracle& oracle, analysis::Analyzer& analyzer, uint32_t seed)
    : oracle_(oracle), analyzer_(analyzer), rng_(seed) {
  Xapian::Database& db = oracle_.database();
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    const std::string term = *t;
    if (plain_word(term) && t.get_termfreq() >= 2) {
      vocabulary_.push_back(term);
    }
  }
  std::set<std::string> companies;
  for (const auto& a : oracle_.articles()) companies.insert(a.companies.begin(), a.companies.end());
  all_companies_.assign(companies.begin(), companies.end());
}

void QueryGenerator::pick_article() {
  const auto& all = oracle_.articles();
  article_ = &all[below(all.size())];
  article_words_.clear();
  article_title_words_.clear();
  for (const auto& [term, wdf] : article_->terms) {
    if (plain_word(term)) article_words_.push_back(term);
    const std::string title_prefix(schema::kTitle);
    if (term.compare(0, title_prefix.size(), title_prefix) == 0 && plain_word(term.substr(title_prefix.size()))) {
      article_title_words_.push_back(term.substr(title_prefix.size()));
    }
  }
  std::sort(article_words_.begin(), article_words_.end());  // the map's order is not fixed
  std::sort(article_title_words_.begin(), article_title_words_.end());
}

std::string QueryGenerator::pick_word() {
  if (!article_words_.empty() && chance(75)) return article_words_[below(article_words_.size())];
  return vocabulary_[below(vocabulary_.size())];
}

GeneratedQuery QueryGenerator::next(bool flat) {
  GeneratedQuery g;
  SearchRequest& r = g.request;
  pick_article();
  lang_ = chance(15) ? "it" : chance(12) ? "en" : "";
  r.lang = lang_;
  if (chance(10) && !all_companies_.empty()) {
    r.companies.push_back(article_->companies.empty() || chance(30) ? all_companies_[below(all_companies_.size())]
                                                                     : article_->companies[0]);
    if (chance(30)) r.companies.push_back(all_companies_[below(all_companies_.size())]);
  }
  if (chance(10) && article_->day.size() == 8) {
    const int year = std::stoi(article_->day.substr(0, 4));
    r.from = std::to_string(year - static_cast<int>(below(2)));
    if (chance(60)) r.to = std::to_string(year) + "-" + article_->day.substr(4, 2);
  }
  r.sort = chance(30) ? SortOrder::date : SortOrder::relevance;
  static const size_t offsets[] = {0, 0, 0, 0, 0, 3, 10, 25};
  static const size_t limits[] = {10, 10, 10, 1, 5, 50, 100};
  r.offset = offsets[below(8)];
  r.limit = limits[below(7)];
  r.facets = !chance(10);
  r.facet_size = 100000;
  r.snippets = false;

  Rendered q;
  if (flat) {
    std::vector<Rendered> parts;
    const size_t words = below(4), negations = below(3), filters = below(3);
    for (size_t i = 0; i < words; ++i) parts.push_back(chance(15) ? word(pick_word(), true, false) : word(pick_word(), false, chance(10)));
    for (size_t i = 0; i < negations; ++i) parts.push_back(negated(word(pick_word(), false, false)));
    for (size_t i = 0; i < filters; ++i) {
      const size_t k = below(3);
      QueryNode lang;
      lang.kind = Kind::lang;
      lang.name = chance(50) ? "it" : "en";
      parts.push_back(k == 0 ? company() : k == 1 ? date() : Rendered{lang, "lang:" + lang.name});
    }
    std::shuffle(parts.begin(), parts.end(), rng_);
    std::vector<QueryNode> children;
    for (const auto& p : parts) {
      q.text += (q.text.empty() ? "" : chance(25) ? " AND " : " ") + p.text;
      children.push_back(p.tree);
    }
    if (children.size() == 1) q.tree = children[0];
    if (children.size() > 1) q.tree = branch(Kind::and_, std::move(children));
  } else {
    q = node(0);
  }
  r.query = q.text;
  g.tree = normalised(std::move(q.tree));
  return g;
}

QueryGenerator::Rendered QueryGenerator::node(int depth) {
  const size_t r = below(100);
  Rendered out;
  if (depth >= 2 || r < 40) {
    out = leaf();
  } else if (r < 85) {
    const bool is_and = r < 65;
    const size_t n = 2 + below(2);
    std::vector<QueryNode> children;
    for (size_t i = 0; i < n; ++i) {
      Rendered c = node(depth + 1);
      // An OR under an AND needs its parentheses; an AND under an OR may have them.
      const bool paren = c.tree.kind == Kind::or_ && is_and ? true : c.tree.kind == Kind::and_ && chance(50);
      if (paren) c.text = "(" + c.text + ")";
      std::string sep = is_and ? (chance(30) ? " AND " : " ") : " OR ";
      // `a AND NOT b` is also written `a NOT b` and `a -b`.
      out.text += (i == 0 ? "" : sep) + c.text;
      children.push_back(std::move(c.tree));
    }
    out.tree = branch(is_and ? Kind::and_ : Kind::or_, std::move(children));
  } else {
    out = negated(node(depth + 1));
  }
  if (chance(8)) out.text = "(" + out.text + ")";
  return out;
}

QueryGenerator::Rendered QueryGenerator::negated(Rendered inner) {
  const bool simple = inner.tree.kind != Kind::and_ && inner.tree.kind != Kind::or_ && inner.tree.kind != Kind::not_;
  Rendered out;
  out.tree = branch(Kind::not_, {std::move(inner.tree)});
  out.text = (chance(50) ? "NOT " : "-") + (simple ? inner.text : "(" + inner.text + ")");
  return out;
}

QueryGenerator::Rendered QueryGenerator::leaf() {
  const size_t r = below(100);
  if (r < 50) return word(pick_word(), false, false);
  if (r < 58 && !article_title_words_.empty()) {
    return word(article_title_words_[below(article_title_words_.size())], true, chance(20));
  }
  if (r < 63) return word(pick_word(), false, true);
  if (r < 78) return phrase(chance(20));
  if (r < 86) return company();
  if (r < 94) return date();
  QueryNode n;
  n.kind = Kind::lang;
  n.name = chance(50) ? "it" : "en";
  return {n, (chance(20) ? "lang:" + std::string(n.name == "it" ? "IT" : "EN") : "lang:" + n.name)};
}

QueryGenerator::Rendered QueryGenerator::word(const std::string& folded, bool title, bool exact) {
  Rendered out;
  out.tree.kind = Kind::word;
  out.tree.words = {folded};
  out.tree.title = title;
  if (!exact) {
    for (const std::string l : {"it", "en"}) {
      if (!lang_.empty() && l != lang_) continue;
      const std::string& s = analyzer_.stem(folded, l);
      if (std::find(out.tree.stems.begin(), out.tree.stems.end(), s) == out.tree.stems.end()) out.tree.stems.push_back(s);
    }
  }
  std::string written = folded;
  const size_t style = below(10);
  if (style < 3) written[0] = static_cast<char>(written[0] - 'a' + 'A');
  if (style == 3) std::transform(written.begin(), written.end(), written.begin(), [](char c) { return c - 'a' + 'A'; });
  if (style >= 8 && starts_with_vowel(folded) && !exact) written = (style == 8 ? "l’" : "dell'") + written;
  if (exact) written = "\"" + written + "\"";
  out.text = (title ? "title:" : "") + written;
  return out;
}

QueryGenerator::Rendered QueryGenerator::phrase(bool title) {
  // Two or three words that follow each other in the article, so the phrase matches it.
  const std::string prefix(title ? schema::kTitle : "");
  std::map<Xapian::termpos, std::string> at;
  Xapian::Database& db = oracle_.database();
  for (const auto& [term, wdf] : article_->terms) {
    if (term.compare(0, prefix.size(), prefix) != 0 || !plain_word(term.substr(prefix.size()))) continue;
    if (!title && !plain_word(term)) continue;
    for (auto p = db.positionlist_begin(article_->doc, term); p != db.positionlist_end(article_->doc, term); ++p) {
      at[*p] = term.substr(prefix.size());
    }
  }
  const size_t length = 2 + below(2);
  std::vector<std::vector<std::string>> candidates;
  for (const auto& [pos, w] : at) {
    std::vector<std::string> words = {w};
    for (size_t k = 1; k < length; ++k) {
      auto next = at.find(pos + static_cast<Xapian::termpos>(k));
      if (next == at.end()) break;
      words.push_back(next->second);
    }
    if (words.size() == length) candidates.push_back(std::move(words));
  }
  if (candidates.empty()) return word(pick_word(), false, false);
  Rendered out;
  out.tree.kind = Kind::phrase;
  out.tree.title = title;
  out.tree.words = candidates[below(candidates.size())];
  std::string joined;
  for (const auto& w : out.tree.words) joined += (joined.empty() ? "" : " ") + w;
  out.text = (title ? "title:\"" : "\"") + joined + "\"";
  return out;
}

QueryGenerator::Rendered QueryGenerator::company() {
  Rendered out;
  out.tree.kind = Kind::company;
  if (all_companies_.empty()) return word(pick_word(), false, false);
  out.tree.name = !article_->companies.empty() && chance(70) ? article_->companies[below(article_->companies.size())]
                                                             : all_companies_[below(all_companies_.size())];
  out.text = "company:\"" + out.tree.name + "\"";
  return out;
}

QueryGenerator::Rendered QueryGenerator::date() {
  Rendered out;
  out.tree.kind = Kind::date;
  std::string day = article_->day.size() == 8 ? article_->day : "20200915";
  const int y = std::stoi(day.substr(0, 4)), m = std::stoi(day.substr(4, 2));
  const std::string year = day.substr(0, 4), month = year + "-" + two(m), iso = month + "-" + day.substr(6, 2);
  const std::string month_end = year + two(m) + two(days_in_month(y, m));
  switch (below(5)) {
    case 0:
      out.text = "date:" + year;
      out.tree.from = year + "0101";
      out.tree.to = year + "1231";
      break;
    case 1:
      out.text = "date:" + month;
      out.tree.from = year + two(m) + "01";
      out.tree.to = month_end;
      break;
    case 2:
      out.text = "date:" + iso + ".." + month + "-" + two(days_in_month(y, m));
      out.tree.from = day;
      out.tree.to = month_end;
      break;
    case 3:
      out.text = "date:.." + month;
      out.tree.to = month_end;
      break;
    default:
      out.text = "date:" + year + "..";
      out.tree.from = year + "0101";
  }
  return out;
}

}  // namespace rassegna::testing
