#pragma once
// The company gazetteer: canonical names, aliases, tickers and context words, loaded from
// corpus/companies.tsv (format in corpus/FORMAT.md).

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace rassegna::entities {

struct Company {
  std::string name;                  // canonical display name
  std::vector<std::string> aliases;  // surface forms (the name included)
  std::vector<std::string> tickers;  // MSFT, MSFT.O, ENI.MI
  std::vector<std::string> context;  // weak aliases: count only with other evidence
  bool common = false;               // a name that is also an ordinary word: needs evidence
};

class Gazetteer {
 public:
  // Reads a TSV gazetteer. Throws rassegna::Error(invalid_argument) naming file and line
  // for a malformed row.
  static Gazetteer load(const std::string& path);
  // Parses gazetteer text; `name` is used in messages.
  static Gazetteer parse(std::string_view text, const std::string& name);
  static Gazetteer from_companies(std::vector<Company> companies);

  const std::vector<Company>& companies() const { return companies_; }
  size_t size() const { return companies_.size(); }

  // Resolves what a user or an input calls a company: a canonical name, an alias (in any
  // case, with or without elisions and possessives) or a ticker. Returns -1 if unknown.
  int resolve(std::string_view name_or_alias) const;

  // Alias phrases keyed by their folded words joined by ' ': company index and whether weak.
  struct AliasEntry {
    int company;
    bool weak;
    bool needs_capital;  // single-word, or the company is `common`
    bool all_caps;       // written in capitals ("TIM", "IBM"): the text must be too
    bool ambiguous;      // an ordinary word as well (the name of a `common` company, or weak)
  };
  const std::unordered_multimap<std::string, AliasEntry>& aliases() const { return alias_index_; }
  const std::unordered_map<std::string, int>& tickers() const { return ticker_index_; }
  size_t max_alias_words() const { return max_alias_words_; }
  // True when `key` (folded words joined by ' ') is an alias or begins one, word by word.
  bool is_alias_prefix(const std::string& key) const { return prefixes_.count(key) > 0; }

 private:
  void build_indexes();

  std::vector<Company> companies_;
  std::unordered_multimap<std::string, AliasEntry> alias_index_;
  std::unordered_map<std::string, int> ticker_index_;  // exact ticker as written -> company
  std::unordered_set<std::string> prefixes_;
  size_t max_alias_words_ = 1;
};

// Folded words of a phrase joined by single spaces: "Gruppo di Redmond" -> "gruppo di redmond".
std::string alias_key(std::string_view phrase);

}  // namespace rassegna::entities
