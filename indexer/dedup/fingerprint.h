#pragma once
// The near-duplicate fingerprint of an article: the set of its body's word shingles, and their
// MinHash signature cut into LSH bands (stored in a value slot, schema::kSlotBands) so that the
// writer's StoryGrouper finds an article's likely near-duplicates by exact band look-ups.
//
// Why MinHash and not SimHash: the test of "the same wire story" is the share of text two
// articles have in common (Jaccard similarity of their shingle sets), which MinHash estimates
// without bias and LSH banding turns into exact term lookups with a tunable threshold. SimHash
// approximates cosine similarity of weighted features and needs a Hamming-distance search
// (several permuted tables) that Xapian's term index does not give for free.
//
// Language-aware: shingles are made of the words as the shared Analyzer produces them (folded,
// elisions split off) and then stemmed in the article's language, so accents, apostrophes and
// inflection changes by an editor do not break shingles. Only the body counts: a rewritten
// headline changes nothing, and a trimmed last paragraph or an added sign-off changes only the
// share of shingles they hold.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <rassegna/analysis/analyzer.h>

namespace rassegna::dedup {

struct FingerprintOptions {
  size_t shingle_words = 3;  // words per shingle
  size_t bands = 20;         // LSH bands per article
  size_t rows = 3;           // MinHash values per band: bands * rows hashes in all
  // Articles with fewer shingles than this get no bands: too little text to call two of them
  // the same story (a two-line price flash resembles every other one).
  size_t min_shingles = 12;
  // Two articles sharing a band are the same story when the Jaccard similarity of their
  // shingle sets is at least this (measured on the labelled sample: docs/quality.md).
  double threshold = 0.5;
  // ... and published at most this many days apart: a wire story is republished within days,
  // while a daily template (the Fed's repurchases, a price table) repeats the same sentences
  // every day about other figures. An undated article is compared with undated ones only (as
  // in a collection, where they have a partition of their own).
  int max_days_apart = 3;
};

struct Fingerprint {
  std::vector<uint64_t> shingles;  // hashes, sorted, unique
  std::vector<uint32_t> bands;     // one hash per band; empty when too short
  int64_t day = -1;                // days since 1970-01-01 of the article's date; -1 undated
};

// The `day` of a fingerprint for an article's date (as stored: YYYY-MM-DD or ISO-8601); -1 when none.
int64_t fingerprint_day(std::string_view article_date);

class Fingerprinter {
 public:
  explicit Fingerprinter(FingerprintOptions options = {});
  Fingerprint of(std::string_view body, std::string_view lang);
  // The same from the body's tokens already made by `analyzer` (the DocumentBuilder's).
  Fingerprint of_tokens(const std::vector<analysis::Token>& tokens, std::string_view lang,
                        analysis::Analyzer& analyzer) const;
  // The same from the words already hashed with word_hash() (the stem in a stemmed language,
  // the word itself otherwise), in text order: the indexer hashes them as it stems.
  Fingerprint of_words(const std::vector<uint64_t>& words) const;
  static uint64_t word_hash(std::string_view word);
  // Whether two articles of these days may be one story (the date part of same_story).
  bool close_in_time(int64_t day_a, int64_t day_b) const;
  // Whether two fingerprints are of one story: a band in common, Jaccard >= threshold, both
  // undated or both dated at most max_days_apart apart.
  // Symmetric, so grouping by it does not depend on the order articles arrive in.
  bool same_story(const Fingerprint& a, const Fingerprint& b) const;
  const FingerprintOptions& options() const { return options_; }

 private:
  FingerprintOptions options_;
  std::vector<uint64_t> seeds_;
  analysis::Analyzer analyzer_;
  std::vector<analysis::Token> tokens_;
};

// The value of schema::kSlotBands: the day (4 bytes, big-endian, offset so -1 sorts first) then
// each band's hash (4 bytes, big-endian). Empty when the fingerprint has no bands.
std::string encode_bands(const Fingerprint& f);
// The day and bands of such a value; false when `value` is not one (of `bands` bands).
bool decode_bands(std::string_view value, size_t bands, int64_t& day, std::vector<uint32_t>& out);

// Exact Jaccard similarity of two sorted, unique hash sets (0 when both are empty).
double jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);

// An article's own story key, 16 hex digits: the minute of its date (since 1970, 8 digits; 0
// when undated) then a hash of its id (8 digits). A story's key is the least own key of its
// articles, so it does not depend on the order they were indexed in; and as the minute comes
// first, it is the key of the story's earliest article, which a copy published later joins
// without the older articles being rewritten (StoryGrouper). `timestamp_key` is the stored
// YYYYMMDDhhmmss (schema::kSlotTimestamp), empty when undated.
std::string own_story_key(std::string_view article_id, std::string_view timestamp_key);

}  // namespace rassegna::dedup
