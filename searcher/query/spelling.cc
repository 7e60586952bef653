#include "searcher/query/spelling.h"
#include "searcher/query/revision_cache.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <vector>

#include <rassegna/schema.h>

namespace rassegna::spelling {
namespace {

std::u32string to_u32(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    const size_t len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : 4;
    char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
    for (size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::string to_utf8(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

// Documents holding `term` in `lang` (all languages when empty).
uint64_t frequency(const Xapian::Database& db, const std::string& term, const std::string& lang) {
  const uint64_t all = db.get_termfreq(term);
  if (lang.empty() || all == 0) return all;
  Xapian::Enquire e(db);
  e.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(term), Xapian::Query(std::string(schema::kLang) + lang)));
  e.set_weighting_scheme(Xapian::BoolWeight());
  return e.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

// How many times more frequent a replacement must be than a word that is indexed.
constexpr uint64_t kMoreFrequent = 20;
constexpr size_t kCandidates = 8;  // closest words re-counted in the query's language

}  // namespace

unsigned edit_distance(std::u32string_view a, std::u32string_view b, unsigned max) {
  const size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > max) return max + 1;
  std::vector<unsigned> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = static_cast<unsigned>(j);
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<unsigned>(i);
    unsigned row_min = cur[0];
    for (size_t j = 1; j <= m; ++j) {
      const unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > max) return max + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], max + 1);
}

Lexicon::Lexicon(const Xapian::Database& db) {
  // Unprefixed terms are digits, lower case letters and non-ASCII letters; prefixed ones begin
  // with upper case ASCII, skipped over in one jump.
  Xapian::TermIterator it = db.allterms_begin();
  const Xapian::TermIterator end = db.allterms_end();
  while (it != end) {
    const std::string term = *it;
    if (!term.empty() && term[0] >= 'A' && term[0] <= 'Z') {
      it.skip_to("a");
      continue;
    }
    const std::u32string word = to_u32(term);
    if (!word.empty() && word.size() < 0xFFFF) {
      buckets_[key(word[0], word.size())].push_back(static_cast<uint32_t>(text_.size()));
      text_ += word;
      ++words_;
    }
    ++it;
  }
  text_.shrink_to_fit();
}

std::shared_ptr<const Lexicon> Lexicon::current(const Xapian::Database& db) {
  static RevisionCache<Lexicon> lexicons;
  return lexicons.get(db, [](const Xapian::Database& d, const Lexicon*) { return std::make_shared<const Lexicon>(d); });
}

std::string best_word(const Xapian::Database& db, const std::string& folded, const std::string& lang,
                      const std::vector<WordSource>& sources) {
  const std::u32string word = to_u32(folded);
  if (word.size() < 3) return {};
  if (std::all_of(word.begin(), word.end(), [](char32_t c) { return c >= '0' && c <= '9'; })) return {};
  const unsigned max = word.size() <= 4 ? 1 : 2;
  const uint64_t own = frequency(db, folded, lang);

  struct Candidate {
    std::string term;
    unsigned distance;
    uint64_t freq;
  };
  // The words within the distance, from every source (a word may be in several parts).
  std::map<std::string, unsigned> near;
  auto scan = [&](const Xapian::Database& part) {
    // Terms sharing the first letter (its UTF-8 bytes): unprefixed terms are lower case,
    // prefixes upper case, so none of the prefixed terms is read.
    size_t first = 1;
    while (first < folded.size() && (static_cast<unsigned char>(folded[first]) & 0xC0) == 0x80) ++first;
    const std::string start = folded.substr(0, first);
    for (auto it = part.allterms_begin(start); it != part.allterms_end(start); ++it) {
      const std::string term = *it;
      const size_t bytes = term.size();
      if (bytes + 4 * max < folded.size() || bytes > folded.size() + 4 * max || term == folded) continue;
      const unsigned d = edit_distance(word, to_u32(term), max);
      if (d <= max) near.emplace(term, d);
    }
  };
  if (sources.empty()) scan(db);
  for (const WordSource& source : sources) {
    if (!source.lexicon) {
      scan(*source.db);
      continue;
    }
    source.lexicon->each(word[0], word.size() > max ? word.size() - max : 1, word.size() + max,
                         [&](std::u32string_view other) {
                           if (other == word) return;
                           const unsigned d = edit_distance(word, other, max);
                           if (d <= max) near.emplace(to_utf8(other), d);
                         });
  }
  std::vector<Candidate> close;
  for (const auto& [term, d] : near) {
    const uint64_t freq = db.get_termfreq(term);
    if (freq > own) close.push_back(Candidate{term, d, freq});
  }
  auto better = [](const Candidate& a, const Candidate& b) {
    if (a.distance != b.distance) return a.distance < b.distance;
    if (a.freq != b.freq) return a.freq > b.freq;
    return a.term < b.term;
  };
  std::sort(close.begin(), close.end(), better);
  if (close.size() > kCandidates) close.resize(kCandidates);
  if (!lang.empty()) {
    for (auto& c : close) c.freq = frequency(db, c.term, lang);
    close.erase(std::remove_if(close.begin(), close.end(), [&](const Candidate& c) { return c.freq <= own; }), close.end());
    std::sort(close.begin(), close.end(), better);
  }
  if (close.empty()) return {};
  const Candidate& best = close.front();
  if (own > 0 && best.freq < own * kMoreFrequent) return {};
  return best.term;
}

std::string suggest_query(const Xapian::Database& db, const analysis::Analyzer& analyzer, const std::string& query,
                          const std::string& lang, const std::vector<WordSource>& sources) {
  // Bytes that belong to a field's value (company:"Intesa Sanpaolo", lang:it, date:...): never
  // corrected. title: values are words, so they are.
  std::vector<char> value(query.size(), 0);
  for (size_t colon = query.find(':'); colon != std::string::npos; colon = query.find(':', colon + 1)) {
    size_t field_start = colon;
    while (field_start > 0 && std::isalpha(static_cast<unsigned char>(query[field_start - 1]))) --field_start;
    if (query.compare(field_start, colon - field_start, "title") == 0) continue;
    size_t end = colon + 1;
    if (end < query.size() && query[end] == '"') {
      end = query.find('"', end + 1);
      end = end == std::string::npos ? query.size() : end + 1;
    } else {
      while (end < query.size() && query[end] != ' ' && query[end] != '\t' && query[end] != ')') ++end;
    }
    std::fill(value.begin() + static_cast<std::ptrdiff_t>(field_start), value.begin() + static_cast<std::ptrdiff_t>(end), 1);
  }
  const std::vector<analysis::Token> tokens = analyzer.tokenize(query);
  std::string out;
  size_t copied = 0;
  bool changed = false;
  for (const analysis::Token& t : tokens) {
    const std::string_view raw(query.data() + t.begin, t.end - t.begin);
    if (raw == "AND" || raw == "OR" || raw == "NOT" || raw == "NEAR") continue;
    if (t.end < query.size() && query[t.end] == ':') continue;  // a field name
    if (t.begin < value.size() && value[t.begin]) continue;
    const std::string better = best_word(db, t.term, lang, sources);
    if (better.empty()) continue;
    out.append(query, copied, t.begin - copied);
    out += better;
    copied = t.end;
    changed = true;
  }
  if (!changed) return {};
  out.append(query, copied, std::string::npos);
  return out;
}

}  // namespace rassegna::spelling
