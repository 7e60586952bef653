#include <rassegna/gazetteer.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <rassegna/analysis/tokenizer.h>
#include <rassegna/error.h>

namespace rassegna::entities {
namespace {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view part = s.substr(start, end - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && (part.back() == ' ' || part.back() == '\r')) part.remove_suffix(1);
    out.emplace_back(part);
    start = end + 1;
  }
  return out;
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  for (auto& part : split(s, '|')) {
    if (!part.empty()) out.push_back(std::move(part));
  }
  return out;
}

}  // namespace

std::string alias_key(std::string_view phrase) {
  std::string key;
  for (const auto& t : analysis::tokenize(phrase)) {
    if (!key.empty()) key.push_back(' ');
    key += t.term;
  }
  return key;
}

Gazetteer Gazetteer::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorCode::io_error, "cannot read gazetteer '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

Gazetteer Gazetteer::parse(std::string_view text, const std::string& path) {
  std::istringstream in{std::string(text)};
  std::vector<Company> companies;
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto cols = split(line, '\t');
    if (cols.size() < 2 || cols[0].empty()) {
      throw Error(ErrorCode::invalid_argument,
                  path + ":" + std::to_string(line_no) + ": expected name<TAB>aliases<TAB>tickers<TAB>context<TAB>flags");
    }
    Company c;
    c.name = cols[0];
    c.aliases = split_list(cols[1]);
    if (std::find(c.aliases.begin(), c.aliases.end(), c.name) == c.aliases.end()) c.aliases.push_back(c.name);
    if (cols.size() > 2) c.tickers = split_list(cols[2]);
    if (cols.size() > 3) c.context = split_list(cols[3]);
    if (cols.size() > 4) {
      for (const auto& flag : split(cols[4], ',')) {
        if (flag == "common") {
          c.common = true;
        } else if (!flag.empty()) {
          throw Error(ErrorCode::invalid_argument,
                      path + ":" + std::to_string(line_no) + ": unknown flag '" + flag + "' (known: common)");
        }
      }
    }
    companies.push_back(std::move(c));
  }
  return from_companies(std::move(companies));
}

Gazetteer Gazetteer::from_companies(std::vector<Company> companies) {
  Gazetteer g;
  g.companies_ = std::move(companies);
  g.build_indexes();
  return g;
}

void Gazetteer::build_indexes() {
  for (int i = 0; i < static_cast<int>(companies_.size()); ++i) {
    const Company& c = companies_[static_cast<size_t>(i)];
    const std::string name_key = alias_key(c.name);
    auto add = [&](const std::string& phrase, bool weak) {
      std::string key = alias_key(phrase);
      if (key.empty()) return;
      size_t words = static_cast<size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
      for (size_t sp = key.find(' '); sp != std::string::npos; sp = key.find(' ', sp + 1)) {
        prefixes_.insert(key.substr(0, sp));
      }
      prefixes_.insert(key);
      max_alias_words_ = std::max(max_alias_words_, words);
      bool needs_capital = words == 1 || c.common;
      bool all_caps = words == 1 && phrase.size() >= 2 &&
                      std::none_of(phrase.begin(), phrase.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; });
      bool ambiguous = weak || (c.common && words == 1 && key == name_key);
      auto range = alias_index_.equal_range(key);
      for (auto it = range.first; it != range.second; ++it) {
        if (it->second.company == i) {
          // The same word written two ways ("TIM", "Tim"): the laxer spelling rule wins.
          it->second.all_caps = it->second.all_caps && all_caps;
          return;
        }
      }
      alias_index_.emplace(key, AliasEntry{i, weak, needs_capital, all_caps, ambiguous});
    };
    for (const auto& a : c.aliases) add(a, false);
    for (const auto& a : c.context) add(a, true);
    for (const auto& t : c.tickers) ticker_index_.emplace(t, i);
  }
}

int Gazetteer::resolve(std::string_view name) const {
  if (auto it = ticker_index_.find(std::string(name)); it != ticker_index_.end()) return it->second;
  std::string key = alias_key(name);
  int weak_match = -1;
  auto range = alias_index_.equal_range(key);
  for (auto it = range.first; it != range.second; ++it) {
    if (!it->second.weak) return it->second.company;
    if (weak_match < 0) weak_match = it->second.company;
  }
  if (weak_match >= 0) return weak_match;
  // Upper-case tickers typed in lower case ("msft").
  std::string upper(name);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  if (auto it = ticker_index_.find(upper); it != ticker_index_.end()) return it->second;
  return -1;
}

}  // namespace rassegna::entities
