#include "indexer/dedup/fingerprint.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <cstdio>
#include <limits>

#include <rassegna/analysis/languages.h>
#include <rassegna/dates.h>
#include <rassegna/schema.h>

namespace rassegna::dedup {
namespace {

// splitmix64's finaliser: a cheap bijective mixer with good avalanche.
uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

uint64_t fnv1a(std::string_view s, uint64_t h = 0xCBF29CE484222325ULL) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001B3ULL;
  }
  return h;
}

std::string hex(uint64_t v, int digits) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%0*llx", digits, static_cast<unsigned long long>(v));
  return std::string(buf, static_cast<size_t>(digits));
}

}  // namespace

Fingerprinter::Fingerprinter(FingerprintOptions options) : options_(options) {
  const size_t n = options_.bands * options_.rows;
  seeds_.reserve(n);
  for (size_t i = 0; i < n; ++i) seeds_.push_back(mix(0x5EED0000ULL + i));
}

Fingerprint Fingerprinter::of(std::string_view body, std::string_view lang) {
  tokens_.clear();
  analyzer_.tokenize(body, tokens_);
  return of_tokens(tokens_, lang, analyzer_);
}

Fingerprint Fingerprinter::of_tokens(const std::vector<analysis::Token>& tokens, std::string_view lang,
                                     analysis::Analyzer& analyzer) const {
  const bool stemmed = analysis::is_stemmed_language(lang);
  std::vector<uint64_t> words;
  words.reserve(tokens.size());
  for (const auto& t : tokens) {
    words.push_back(word_hash(stemmed ? std::string_view(analyzer.stem(t.term, lang)) : std::string_view(t.term)));
  }
  return of_words(words);
}

uint64_t Fingerprinter::word_hash(std::string_view word) { return fnv1a(word); }

Fingerprint Fingerprinter::of_words(const std::vector<uint64_t>& words) const {
  Fingerprint f;
  const size_t k = std::max<size_t>(options_.shingle_words, 1);
  if (words.size() >= k) {
    f.shingles.reserve(words.size() - k + 1);
    for (size_t i = 0; i + k <= words.size(); ++i) {
      uint64_t h = 0;
      for (size_t j = 0; j < k; ++j) h = mix(h ^ words[i + j]);
      f.shingles.push_back(h);
    }
    std::sort(f.shingles.begin(), f.shingles.end());
    f.shingles.erase(std::unique(f.shingles.begin(), f.shingles.end()), f.shingles.end());
  }
  if (f.shingles.size() < options_.min_shingles) return f;
  std::vector<uint64_t> minima(seeds_.size(), std::numeric_limits<uint64_t>::max());
  for (uint64_t s : f.shingles) {
    for (size_t i = 0; i < seeds_.size(); ++i) minima[i] = std::min(minima[i], mix(s ^ seeds_[i]));
  }
  f.bands.reserve(options_.bands);
  for (size_t b = 0; b < options_.bands; ++b) {
    uint64_t h = mix(b);
    for (size_t r = 0; r < options_.rows; ++r) h = mix(h ^ minima[b * options_.rows + r]);
    f.bands.push_back(static_cast<uint32_t>(h >> 32));
  }
  return f;
}

bool Fingerprinter::close_in_time(int64_t day_a, int64_t day_b) const {
  if ((day_a < 0) != (day_b < 0)) return false;
  const int64_t gap = day_a > day_b ? day_a - day_b : day_b - day_a;
  return gap <= options_.max_days_apart;
}

bool Fingerprinter::same_story(const Fingerprint& a, const Fingerprint& b) const {
  if (a.bands.empty() || a.bands.size() != b.bands.size()) return false;
  if (!close_in_time(a.day, b.day)) return false;
  bool shared = false;
  for (size_t i = 0; i < a.bands.size() && !shared; ++i) shared = a.bands[i] == b.bands[i];
  return shared && jaccard(a.shingles, b.shingles) >= options_.threshold;
}

namespace {

constexpr int64_t kDayOffset = 1;  // so that -1 (undated) encodes as 0

void put32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

uint32_t get32(std::string_view s, size_t at) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

}  // namespace

std::string encode_bands(const Fingerprint& f) {
  std::string out;
  if (f.bands.empty()) return out;
  out.reserve(4 * (f.bands.size() + 1));
  const int64_t day = std::clamp<int64_t>(f.day, -1, std::numeric_limits<uint32_t>::max() - kDayOffset);
  put32(out, static_cast<uint32_t>(day + kDayOffset));
  for (uint32_t b : f.bands) put32(out, b);
  return out;
}

bool decode_bands(std::string_view value, size_t bands, int64_t& day, std::vector<uint32_t>& out) {
  if (bands == 0 || value.size() != 4 * (bands + 1)) return false;
  day = static_cast<int64_t>(get32(value, 0)) - kDayOffset;
  out.resize(bands);
  for (size_t b = 0; b < bands; ++b) out[b] = get32(value, 4 * (b + 1));
  return true;
}

double jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() && b.empty()) return 0;
  size_t common = 0;
  auto i = a.begin(), j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

int64_t fingerprint_day(std::string_view article_date) {
  const std::optional<Date> d = parse_article_date(article_date);
  if (!d) return -1;
  using namespace std::chrono;
  const year_month_day ymd{year{d->year}, month{static_cast<unsigned>(std::max(d->month, 1))},
                           day{static_cast<unsigned>(std::max(d->day, 1))}};
  return sys_days{ymd}.time_since_epoch().count();
}

std::string own_story_key(std::string_view article_id, std::string_view timestamp_key) {
  uint64_t minute = 0;
  if (timestamp_key.size() == 14) {
    const auto field = [&](size_t at, size_t n) { return parse_digits(timestamp_key.substr(at, n)).value_or(0); };
    using namespace std::chrono;
    const year_month_day ymd{year{static_cast<int>(field(0, 4))}, month{static_cast<unsigned>(field(4, 2))},
                             day{static_cast<unsigned>(field(6, 2))}};
    if (ymd.ok()) {
      const int64_t days = sys_days{ymd}.time_since_epoch().count();
      const int64_t m = days * 1440 + static_cast<int64_t>(field(8, 2) * 60 + field(10, 2));
      minute = m > 0 ? static_cast<uint64_t>(std::min<int64_t>(m, 0xFFFFFFFF)) : 0;
    }
  }
  return hex(minute, 8) + hex(mix(fnv1a(article_id)) >> 32, 8);
}

}  // namespace rassegna::dedup
