#include "searcher/query/snippet.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>
#include <vector>
#include <rassegna/analysis/languages.h>

namespace rassegna {
namespace {

struct Match {
  size_t token;  // index into tokens
  int word;      // which query word (distinct id)
};

// Cheap test before stemming: a word can match only if it begins like a query word or stem.
// Snowball stems keep the start of the (folded) word, so three bytes are a safe filter.
class PrefixFilter {
 public:
  explicit PrefixFilter(const ParsedQuery& q) {
    for (const auto* set : {&q.highlight_exact, &q.highlight_stems}) {
      for (const auto& w : *set) {
        if (w.size() < kLen) short_.insert(w);
        prefixes_.insert(w.substr(0, kLen));
      }
    }
  }
  bool may_match(const std::string& term) const {
    if (prefixes_.count(std::string_view(term).substr(0, kLen))) return true;
    for (const auto& s : short_) {
      if (term.compare(0, s.size(), s) == 0) return true;
    }
    return false;
  }

 private:
  static constexpr size_t kLen = 3;
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_set<std::string, Hash, std::equal_to<>> prefixes_;
  std::unordered_set<std::string> short_;
};

// Finds the tokens that match the query: the exact folded word, or its stem in the text's language.
std::vector<Match> find_matches(const std::vector<analysis::Token>& tokens, std::string_view lang,
                                const ParsedQuery& query, analysis::Analyzer& analyzer) {
  std::vector<Match> matches;
  std::unordered_map<std::string, int> ids;
  auto id_of = [&](const std::string& key) {
    auto [it, inserted] = ids.emplace(key, static_cast<int>(ids.size()));
    return it->second;
  };
  const PrefixFilter filter(query);
  const bool stemmed = analysis::is_stemmed_language(lang);
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& term = tokens[i].term;
    if (!filter.may_match(term)) continue;
    if (query.highlight_exact.count(term)) {
      std::string key = stemmed ? "Z" + analyzer.stem(term, lang) : term;
      matches.push_back(Match{i, id_of(key)});
      continue;
    }
    if (stemmed && !query.highlight_stems.empty()) {
      const std::string& stem = analyzer.stem(term, lang);
      if (query.highlight_stems.count(stem)) matches.push_back(Match{i, id_of("Z" + stem)});
    }
  }
  return matches;
}

void append_marked(std::string& out, std::string_view text, size_t begin, size_t end,
                   const std::vector<analysis::Token>& tokens, const std::vector<Match>& matches) {
  size_t pos = begin;
  for (const Match& m : matches) {
    const auto& t = tokens[m.token];
    if (t.begin < begin || t.end > end) continue;
    append_html_escaped(out, text.substr(pos, t.begin - pos));
    out += "<mark>";
    append_html_escaped(out, text.substr(t.begin, t.end - t.begin));
    out += "</mark>";
    pos = t.end;
  }
  append_html_escaped(out, text.substr(pos, end - pos));
}

}  // namespace

void append_html_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  append_html_escaped(out, text);
  return out;
}

std::string make_snippet(std::string_view full_text, std::string_view lang, const ParsedQuery& query,
                         analysis::Analyzer& analyzer, const SnippetOptions& options) {
  std::string_view text = full_text.substr(0, std::min(full_text.size(), options.scan_bytes));
  std::vector<analysis::Token> tokens;
  analyzer.tokenize(text, tokens);
  std::vector<Match> matches = find_matches(tokens, lang, query, analyzer);

  // The window holding the most distinct query words (then the most matches), earliest first.
  size_t best_first = 0, best_last = 0;
  int best_distinct = 0, best_count = 0;
  if (!matches.empty()) {
    std::unordered_map<int, int> in_window;
    size_t left = 0;
    for (size_t right = 0; right < matches.size(); ++right) {
      ++in_window[matches[right].word];
      while (tokens[matches[right].token].end - tokens[matches[left].token].begin > options.max_bytes) {
        if (--in_window[matches[left].word] == 0) in_window.erase(matches[left].word);
        ++left;
      }
      int distinct = static_cast<int>(in_window.size());
      int count = static_cast<int>(right - left + 1);
      if (distinct > best_distinct || (distinct == best_distinct && count > best_count)) {
        best_distinct = distinct;
        best_count = count;
        best_first = left;
        best_last = right;
      }
    }
  }

  size_t begin = 0, end;
  if (matches.empty() || tokens.empty()) {
    end = std::min(text.size(), options.max_bytes);
  } else {
    size_t span_begin = tokens[matches[best_first].token].begin;
    size_t span_end = tokens[matches[best_last].token].end;
    size_t slack = options.max_bytes > span_end - span_begin ? options.max_bytes - (span_end - span_begin) : 0;
    // Some words of context before the first match, the rest after.
    size_t before = std::min(span_begin, slack / 3);
    begin = span_begin - before;
    end = std::min(text.size(), span_end + (slack - before));
    // Start at a sentence or paragraph when one begins shortly before.
    for (size_t k = span_begin; k > begin && k > 0; --k) {
      char c = text[k - 1];
      if (c == '\n' || ((c == ' ') && k >= 2 && (text[k - 2] == '.' || text[k - 2] == '!' || text[k - 2] == '?'))) {
        begin = k;
        break;
      }
    }
  }
  // Snap to word boundaries: never cut a word or a UTF-8 sequence.
  auto token_at_or_after = [&](size_t byte) {
    return std::lower_bound(tokens.begin(), tokens.end(), byte,
                            [](const analysis::Token& t, size_t b) { return t.end <= b; });
  };
  if (begin > 0) {
    auto it = token_at_or_after(begin);
    if (it != tokens.end() && it->begin < begin) ++it;  // begin falls inside a word: skip it
    begin = it != tokens.end() ? std::min<size_t>(it->begin, begin == 0 ? 0 : it->begin) : begin;
  }
  if (end < text.size()) {
    auto it = token_at_or_after(end);
    if (it != tokens.end() && it->begin < end) end = it == tokens.begin() ? it->end : (it - 1)->end;
    if (end <= begin) end = std::min(text.size(), begin + options.max_bytes);
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  }

  std::string out;
  out.reserve(end - begin + 64);
  if (begin > 0) out += "… ";
  append_marked(out, text, begin, end, tokens, matches);
  std::replace(out.begin(), out.end(), '\n', ' ');
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (end < full_text.size()) out += " …";
  return out;
}

std::string highlight_all(std::string_view text, std::string_view lang, const ParsedQuery& query,
                          analysis::Analyzer& analyzer) {
  std::vector<analysis::Token> tokens;
  analyzer.tokenize(text, tokens);
  std::vector<Match> matches = find_matches(tokens, lang, query, analyzer);
  std::string out;
  out.reserve(text.size() + matches.size() * 13);
  append_marked(out, text, 0, text.size(), tokens, matches);
  return out;
}

}  // namespace rassegna
