#pragma once
// What a caller asks of the searcher, and what it gets back: plain structs that the CLI,
// the HTTP API and tests share, with no Xapian types.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rassegna {

enum class SortOrder { relevance, date };

struct SearchRequest {
  std::string query;                   // query syntax: see query_parser.h; empty = every article
  std::vector<std::string> companies;  // names, aliases or tickers; OR-ed
  std::string lang;                    // "it", "en" or empty for all
  std::string from, to;                // inclusive bounds: YYYY, YYYY-MM or YYYY-MM-DD; empty = open
  SortOrder sort = SortOrder::relevance;
  size_t offset = 0;                   // hits to skip
  size_t limit = 10;                   // hits to return
  bool snippets = true;                // highlighted snippet per hit
  bool facets = false;                 // company and date facets over the whole match set
  size_t facet_size = 20;              // companies in the company facet (plus the selected ones)
  // One hit per story (the near-duplicates of a wire story, schema.h's story key): the best
  // ranked one stands for the others, `total` counts stories. Facets always count articles.
  bool collapse = true;
};

struct Hit {
  std::string id, title, date, lang, source, url;
  std::vector<std::string> companies;
  double score = 0;
  std::string snippet;     // HTML-escaped text with <mark> around matched words
  std::string title_html;  // the title HTML-escaped, its matched words marked as in the snippet
  // The other articles of its story (near-duplicates, whether or not they match the search):
  // how many, and the ids of up to kMaxDuplicateIds of them, oldest first.
  uint64_t duplicate_count = 0;
  std::vector<std::string> duplicate_ids;
  static constexpr size_t kMaxDuplicateIds = 50;
};

struct FacetBucket {
  std::string value;
  uint64_t count = 0;
  bool selected = false;  // a company the search is filtered by (kept in the facet whatever its count)
};

struct DateFacet {
  std::string granularity;  // "year", "month" or "day"
  std::vector<FacetBucket> buckets;  // every period from the first match to the last, zeros included
  uint64_t undated = 0;     // matches without a date, counted apart
  std::vector<std::pair<uint32_t, uint64_t>> days;  // the per-day counts folded into buckets (YYYYMMDD, ascending)
};

struct Facets {
  std::vector<FacetBucket> company;  // top companies by count, plus every selected one
  DateFacet date;
};

struct SearchResult {
  std::string query;
  uint64_t total = 0;
  bool total_exact = true;  // false: `total` is Xapian's estimate
  bool collapsed = false;   // true: `total` counts stories, and total_articles the articles in them
  uint64_t total_articles = 0;
  std::vector<Hit> hits;
  std::optional<Facets> facets;
  double took_ms = 0;
  // A database of remote parts (remote_parts.h) answers with the parts that answered: `partial`
  // is then true and `failed_parts` names the others (HOST:PORT or path).
  bool partial = false;
  std::vector<std::string> failed_parts;
};

}  // namespace rassegna
