#include "indexer/entities/company_tagger.h"

#include <algorithm>
#include <array>
#include <set>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <rassegna/analysis/tokenizer.h>

namespace rassegna::entities {
namespace {

// Folded words that, near a name, say "this is a company".
constexpr std::array<std::string_view, 72> kCueWords = {
    "azionista", "azionisti", "shareholder", "shareholders", "stake", "partecipazione", "piattaforma", "operatore",
    "inc",       "corp",       "corporation", "co",        "ltd",        "plc",       "llc",     "spa",
    "nv",        "ag",         "sa",          "company",   "companies",  "shares",    "share",   "stock",
    "stocks",    "ceo",        "chief",       "executive", "spokesman",  "spokeswoman", "maker", "firm",
    "group",     "azienda",    "gruppo",      "societa",   "colosso",    "titolo",    "titoli",  "azioni",
    "amministratore", "delegato", "multinazionale", "marchio", "brand", "earnings", "revenue", "profit",
    "quarterly", "trimestrale", "ricavi",     "utile",     "fatturato",  "acquisizione", "acquisition", "deal",
    "tech",      "software",   "cloud",       "analyst",   "analysts",   "investors", "nasdaq",  "nyse",
    "borsa",     "listed",     "quotata",     "partner",   "contratto",  "offerta",   "bid",     "merger"};

bool is_cue(const std::string& folded) {
  return std::find(kCueWords.begin(), kCueWords.end(), folded) != kCueWords.end();
}

bool starts_upper(std::string_view text, uint32_t offset) {
  int32_t i = static_cast<int32_t>(offset);
  UChar32 cp;
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, static_cast<int32_t>(text.size()), cp);
  return cp >= 0 && u_isupper(cp);
}

// Text written all in capitals (wire headlines) says nothing through capitalisation.
bool mostly_upper(std::string_view text, uint32_t begin, uint32_t end) {
  int upper = 0, lower = 0;
  uint32_t from = begin > 80 ? begin - 80 : 0;
  uint32_t to = std::min<uint32_t>(static_cast<uint32_t>(text.size()), end + 80);
  for (uint32_t k = from; k < to; ++k) {
    char c = text[k];
    if (c >= 'A' && c <= 'Z') ++upper;
    if (c >= 'a' && c <= 'z') ++lower;
  }
  return upper > 3 * lower;
}

// No lower-case letter in text[begin, end).
bool written_in_capitals(std::string_view text, uint32_t begin, uint32_t end) {
  for (uint32_t k = begin; k < end; ++k) {
    if (text[k] >= 'a' && text[k] <= 'z') return false;
  }
  return true;
}

// Only spaces between two tokens (no punctuation, no line break).
bool adjacent(std::string_view text, const analysis::Token& a, const analysis::Token& b) {
  for (uint32_t k = a.end; k < b.begin; ++k) {
    if (text[k] != ' ') return false;
  }
  return true;
}

bool is_ticker_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

// Tickers written "( XOM.N )", "(MSFT)", "<SRD>" or "NYSE: XOM".
void find_tickers(std::string_view text, const Gazetteer& g, std::set<int>& found) {
  auto try_symbol = [&](std::string_view sym) {
    if (sym.empty() || sym.size() > 12) return;
    if (std::none_of(sym.begin(), sym.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) return;
    auto it = g.tickers().find(std::string(sym));
    if (it != g.tickers().end()) found.insert(it->second);
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char open = text[i];
    if (open != '(' && open != '<' && open != ':') continue;
    size_t j = i + 1;
    while (j < text.size() && text[j] == ' ') ++j;
    size_t start = j;
    while (j < text.size() && is_ticker_char(text[j])) ++j;
    std::string_view sym = text.substr(start, j - start);
    while (j < text.size() && text[j] == ' ') ++j;
    if (open == ':') {
      // "NYSE: XOM" / "Nasdaq: MSFT"
      std::string_view before = text.substr(i >= 6 ? i - 6 : 0, i >= 6 ? 6 : i);
      if (before.find("NYSE") != std::string_view::npos || before.find("asdaq") != std::string_view::npos ||
          before.find("NASDAQ") != std::string_view::npos) {
        try_symbol(sym);
      }
      continue;
    }
    char close = open == '(' ? ')' : '>';
    if (j < text.size() && text[j] == close) try_symbol(sym);
  }
}

}  // namespace

std::vector<std::string> CompanyTagger::plain_orgs(const Article& a) {
  std::vector<std::string> out = a.orgs;
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> CompanyTagger::tag(const Article& a) const {
  std::string text;
  text.reserve(a.title.size() + a.body.size() + 1);
  text += a.title;
  text += '\n';
  text += a.body;

  std::set<int> firm;  // companies established beyond doubt
  find_tickers(text, gazetteer_, firm);
  for (const auto& org : a.orgs) {
    int c = gazetteer_.resolve(org);
    if (c >= 0) firm.insert(c);
  }

  std::vector<analysis::Token> tokens = analysis::tokenize(text);
  struct Tentative {
    int company;
    size_t token;
    bool weak;
  };
  std::vector<Tentative> tentative;  // need evidence
  std::vector<size_t> firm_at;       // token positions of firm alias mentions
  const size_t max_words = gazetteer_.max_alias_words();
  std::string key;
  for (size_t i = 0; i < tokens.size();) {
    // The longest alias starting at token i, extended word by word while some alias begins so.
    size_t longest = 0;
    std::string longest_key;
    key = tokens[i].term;
    for (size_t len = 1; len <= max_words && i + len <= tokens.size(); ++len) {
      if (len > 1) {
        key.push_back(' ');
        key += tokens[i + len - 1].term;
      }
      if (!gazetteer_.is_alias_prefix(key)) break;
      if (gazetteer_.aliases().count(key)) {
        longest = len;
        longest_key = key;
      }
    }
    size_t matched = 0;
    if (longest > 0) {
      const size_t len = longest;
      auto range = gazetteer_.aliases().equal_range(longest_key);
      for (auto it = range.first; it != range.second; ++it) {
        const auto& entry = it->second;
        const uint32_t begin = tokens[i].begin, end = tokens[i + len - 1].end;
        bool upper_context = mostly_upper(text, begin, end);
        if (entry.needs_capital && !upper_context && !starts_upper(text, begin)) continue;
        if (entry.all_caps && !upper_context && !written_in_capitals(text, begin, end)) continue;
        if (len == 1 && (entry.ambiguous || gazetteer_.companies()[static_cast<size_t>(entry.company)].common) &&
            !upper_context) {
          // "Tim Cook", "Enzo Ferrari", "Kamala Harris": part of a longer proper name.
          bool name_after = i + 1 < tokens.size() && adjacent(text, tokens[i], tokens[i + 1]) &&
                            starts_upper(text, tokens[i + 1].begin) && !is_cue(tokens[i + 1].term);
          bool name_before = i > 0 && adjacent(text, tokens[i - 1], tokens[i]) &&
                             starts_upper(text, tokens[i - 1].begin) && !is_cue(tokens[i - 1].term) &&
                             tokens[i - 1].begin > 0 && text[tokens[i - 1].begin - 1] != '\n';
          if (name_after || name_before) {
            matched = len;
            continue;
          }
        }
        if (entry.ambiguous || (upper_context && len == 1 && entry.needs_capital &&
                                gazetteer_.companies()[static_cast<size_t>(entry.company)].common)) {
          tentative.push_back(Tentative{entry.company, i, entry.weak});
        } else {
          firm.insert(entry.company);
          firm_at.push_back(i);
        }
        matched = len;
      }
    }
    i += matched > 0 ? matched : 1;
  }

  // A tentative mention stands when the company is otherwise established or a cue word is near.
  constexpr size_t kWindow = 3;
  for (const auto& t : tentative) {
    if (firm.count(t.company)) continue;
    if (t.weak) continue;  // a context alias ("Redmond") never stands on its own
    size_t from = t.token >= kWindow ? t.token - kWindow : 0;
    size_t to = std::min(tokens.size(), t.token + kWindow + 1);
    bool evidence = false;
    for (size_t k = from; k < to && !evidence; ++k) evidence = k != t.token && is_cue(tokens[k].term);
    // In a list of companies ("in Apple, Amazon e Yahoo") the neighbours vouch for each other.
    for (size_t p : firm_at) evidence = evidence || (p + kWindow >= t.token && p <= t.token + kWindow);
    // Italian gives brands an article ("la Ferrari di Leclerc", "il titolo della Shell"), people not.
    if (t.token > 0 && adjacent(text, tokens[t.token - 1], tokens[t.token])) {
      const std::string& before = tokens[t.token - 1].term;
      evidence = evidence || before == "la" || before == "il" || before == "lo" || before == "della" ||
                 before == "alla" || before == "dalla" || before == "sulla" || before == "nella";
    }
    if (evidence) firm.insert(t.company);
  }

  std::vector<std::string> names;
  names.reserve(firm.size());
  for (int c : firm) names.push_back(gazetteer_.companies()[static_cast<size_t>(c)].name);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace rassegna::entities
