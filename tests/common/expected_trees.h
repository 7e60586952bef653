#pragma once
// Expected query trees written by hand, for the tests that hold the parser to a tree (the parser's
// unit tests and the differential test). A word's stems come from the Analyzer (tested on its
// own), in `lang` only when it names one, else in every stemmed language.

#include <algorithm>
#include <string>
#include <vector>

#include <rassegna/analysis/analyzer.h>
#include <rassegna/analysis/languages.h>

#include "searcher/query/query_tree.h"

namespace rassegna::testing {

struct Trees {
  using Kind = QueryNode::Kind;

  analysis::Analyzer& analyzer;
  std::string lang;

  QueryNode word(const std::string& folded, bool title = false) const {
    QueryNode n;
    n.kind = Kind::word;
    n.title = title;
    n.words = {folded};
    for (const auto& l : analysis::kStemmedLanguages) {
      const std::string code(l.code);
      if (!lang.empty() && code != lang) continue;
      std::string s = analyzer.stem(folded, code);
      if (std::find(n.stems.begin(), n.stems.end(), s) == n.stems.end()) n.stems.push_back(s);
    }
    return n;
  }
  // The exact form only (a quoted word).
  static QueryNode exact(const std::string& folded) {
    QueryNode n;
    n.kind = Kind::word;
    n.words = {folded};
    return n;
  }
  static QueryNode phrase(std::vector<std::string> words, bool title = false) {
    QueryNode n;
    n.kind = Kind::phrase;
    n.words = std::move(words);
    n.title = title;
    return n;
  }
  // company / date / lang: `name` (canonical company or language), or the YYYYMMDD bounds.
  static QueryNode filter(Kind kind, const std::string& name, const std::string& from = "",
                          const std::string& to = "") {
    QueryNode n;
    n.kind = kind;
    n.name = name;
    n.from = from;
    n.to = to;
    return n;
  }
  static QueryNode op(Kind kind, std::vector<QueryNode> children) {
    QueryNode n;
    n.kind = kind;
    n.children = std::move(children);
    return n;
  }
  static QueryNode no(QueryNode child) { return op(Kind::not_, {std::move(child)}); }
};

}  // namespace rassegna::testing
