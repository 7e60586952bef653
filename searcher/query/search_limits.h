#pragma once
// What one search may ask for, in one place. The Searcher enforces the limits on its own input
// (query bytes, hits, paging depth) for every caller, the CLI included; the HTTP API refuses
// requests past any of them up front, before a worker is taken (searcher/api/params.h).

#include <cstddef>

namespace rassegna {

struct SearchLimits {
  // Bytes of query text. The parser recurses into parentheses, and parsing and matching time
  // grow with the text.
  size_t max_query_bytes = 4096;
  // Words (operators included) in a query: parsing and matching cost grows with them, and
  // Xapian 1.4 cannot stop a running match, so long queries are refused up front (600 words:
  // ~150 ms).
  size_t max_query_words = 128;
  size_t max_value_bytes = 256;  // any other value: a company, a date, an article id
  size_t max_companies = 20;     // company filters in one request (OR-ed)
  size_t max_limit = 100;        // hits in one answer
  size_t default_limit = 10;     // hits in one answer when the caller does not say
  size_t max_offset = 10000;     // hits skipped at most: how deep paging goes
  size_t facet_size = 20;        // companies in the company facet
};

}  // namespace rassegna
