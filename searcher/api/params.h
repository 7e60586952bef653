#pragma once
// The HTTP API's query parameters, checked and turned into what the searcher takes. A refusal
// is a rassegna::Error(invalid_argument) whose param() is the HTTP parameter ("size", "q") and
// whose what() reads "size: '0' is not between 1 and 100". Values must be UTF-8 without NUL
// bytes; a single-valued parameter given twice is refused; unknown parameters are ignored.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "searcher/query/search_limits.h"
#include "searcher/query/search_request.h"

namespace rassegna::api {

using Params = std::multimap<std::string, std::string>;

// A search request as the HTTP parameters give it, plus the page arithmetic.
struct SearchParams {
  SearchRequest request;
  size_t page = 1;
  size_t size = 10;
};

// The parameters of GET /api/search: q, company (repeatable), lang, from, to, sort, page,
// size, facets. Pages past limits.max_offset are refused here, before any database work.
SearchParams parse_search_params(const Params& params, const SearchLimits& limits = {});

// The optional q of GET /api/articles/{id} (the words to mark in body_html); empty when absent.
// GET /api/articles/{id}/related: `days` (0..36600, 0 = any date) and `limit` (1..max_limit,
// default default_limit).
struct RelatedParams {
  size_t days = 0;
  size_t limit = 10;
};
RelatedParams parse_related_params(const Params& params, const SearchLimits& limits = {});

std::string parse_highlight_query(const Params& params, const SearchLimits& limits = {});

// True when `value` is well-formed UTF-8 without NUL bytes: what the API takes as text.
bool is_parameter_text(std::string_view value) noexcept;

// `value` in quotes for a message, cut short (at a character boundary) when long.
std::string quote_value(std::string_view value);

}  // namespace rassegna::api
