#include "searcher/query/query_tree.h"

#include <algorithm>

#include <rassegna/schema.h>

namespace rassegna {

std::vector<std::string> word_terms(const QueryNode& word) {
  const std::string exact_prefix(word.title ? schema::kTitle : "");
  const std::string stem_prefix(word.title ? schema::kTitleStem : schema::kStem);
  std::vector<std::string> terms;
  terms.reserve(1 + word.stems.size());
  terms.push_back(exact_prefix + word.words.at(0));
  for (const auto& s : word.stems) terms.push_back(stem_prefix + s);
  return terms;
}

std::vector<std::string> phrase_terms(const QueryNode& phrase) {
  const std::string prefix(phrase.title ? schema::kTitle : "");
  std::vector<std::string> terms;
  terms.reserve(phrase.words.size());
  for (const auto& w : phrase.words) terms.push_back(prefix + w);
  return terms;
}

std::string company_term(const QueryNode& company) {
  return std::string(schema::kCompany) + schema::company_key(company.name);
}

std::string lang_term(const QueryNode& lang) { return std::string(schema::kLang) + lang.name; }

SplitQuery split_filters(const QueryNode& root) {
  using Kind = QueryNode::Kind;
  SplitQuery out;
  std::vector<QueryNode> rest;
  auto take = [&](const QueryNode& n) {
    switch (n.kind) {
      case Kind::company:
        out.companies.push_back(n.name);
        break;
      case Kind::lang:
        out.langs.push_back(n.name);
        break;
      case Kind::date:
        if (!n.from.empty()) out.from = std::max(out.from, n.from);
        if (!n.to.empty()) out.to = out.to.empty() ? n.to : std::min(out.to, n.to);
        break;
      default:
        rest.push_back(n);
    }
  };
  if (root.kind == Kind::and_) {
    for (const auto& c : root.children) take(c);
  } else {
    take(root);
  }
  if (rest.size() == 1) {
    out.text = std::move(rest[0]);
  } else if (rest.size() > 1) {
    out.text.kind = Kind::and_;
    out.text.children = std::move(rest);
  }
  return out;
}

namespace {

void collect_highlights(const QueryNode& n, HighlightWords& out) {
  switch (n.kind) {
    case QueryNode::Kind::word:
      out.exact.insert(n.words.begin(), n.words.end());
      out.stems.insert(n.stems.begin(), n.stems.end());
      break;
    case QueryNode::Kind::phrase:
      out.exact.insert(n.words.begin(), n.words.end());
      break;
    case QueryNode::Kind::and_:
    case QueryNode::Kind::or_:
      for (const auto& c : n.children) collect_highlights(c, out);
      break;
    default:  // not_ (never marked), filters, all
      break;
  }
}

std::string join(const std::vector<std::string>& parts, char sep) {
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) s += sep;
    s += parts[i];
  }
  return s;
}

}  // namespace

HighlightWords highlight_words(const QueryNode& root) {
  HighlightWords out;
  collect_highlights(root, out);
  return out;
}

std::string describe(const QueryNode& n) {
  using Kind = QueryNode::Kind;
  const std::string field = n.title ? "title:" : "";
  switch (n.kind) {
    case Kind::all:
      return "ALL";
    case Kind::word: {
      std::vector<std::string> forms = n.words;
      forms.insert(forms.end(), n.stems.begin(), n.stems.end());
      return field + "word(" + join(forms, '|') + ")";
    }
    case Kind::phrase:
      return field + "phrase(" + join(n.words, ' ') + ")";
    case Kind::company:
      return "company(" + n.name + ")";
    case Kind::lang:
      return "lang(" + n.name + ")";
    case Kind::date:
      return "date(" + n.from + ".." + n.to + ")";
    case Kind::and_:
    case Kind::or_:
    case Kind::not_: {
      std::string s = n.kind == Kind::and_ ? "AND(" : n.kind == Kind::or_ ? "OR(" : "NOT(";
      for (size_t i = 0; i < n.children.size(); ++i) s += (i > 0 ? " " : "") + describe(n.children[i]);
      return s + ")";
    }
  }
  return "?";
}

}  // namespace rassegna
