#include "searcher/api/params.h"

#include <charconv>
#include <initializer_list>
#include <iterator>
#include <limits>

#include <rassegna/analysis/languages.h>
#include <rassegna/error.h>
#include <rassegna/utf8.h>

namespace rassegna::api {
namespace {

[[noreturn]] void refuse(const std::string& param, const std::string& why) {
  throw Error(ErrorCode::invalid_argument, param, why);
}

// A value checked for encoding and length; `max_bytes` 0: no length check here.
const std::string& checked(const std::string& param, const std::string& value, size_t max_bytes) {
  if (!is_parameter_text(value)) refuse(param, "is not valid UTF-8 text (or holds a NUL byte)");
  if (max_bytes > 0 && value.size() > max_bytes) {
    refuse(param, "is " + std::to_string(value.size()) + " bytes long; the limit is " + std::to_string(max_bytes));
  }
  return value;
}

// The one value of a parameter that may be given once; nullptr when absent.
const std::string* single(const Params& params, const std::string& param) {
  auto [first, last] = params.equal_range(param);
  if (first == last) return nullptr;
  if (std::next(first) != last) {
    refuse(param, "given " + std::to_string(std::distance(first, last)) + " times; give it once");
  }
  return &first->second;
}

size_t parse_count(const std::string& param, const std::string& value, size_t min, size_t max) {
  checked(param, value, 0);
  size_t n = 0;
  const char* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, n);
  const std::string range = "between " + std::to_string(min) + " and " + std::to_string(max);
  if (value.empty() || ec == std::errc::invalid_argument || ptr != end) {
    refuse(param, quote_value(value) + " is not a whole number " + range);
  }
  if (ec == std::errc::result_out_of_range || n < min || n > max) refuse(param, quote_value(value) + " is not " + range);
  return n;
}

bool parse_flag(const std::string& param, const std::string& value) {
  if (value == "1" || value == "true") return true;
  if (value == "0" || value == "false") return false;
  refuse(param, quote_value(value) + " is not one of: 1, 0, true, false");
}

// One of `allowed`; the empty value stands for the first. Returns the value's index.
size_t parse_choice(const std::string& param, const std::string& value, std::initializer_list<const char*> allowed) {
  size_t i = 0;
  std::string list;
  for (const char* choice : allowed) {
    if (value == choice) return i;
    list += (i++ == 0 ? "" : ", ") + std::string(choice);
  }
  if (value.empty()) return 0;
  refuse(param, quote_value(checked(param, value, 0)) + " is not one of: " + list);
}

size_t count_words(std::string_view text) {
  size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

const std::string& checked_query(const std::string& q, const SearchLimits& limits) {
  checked("q", q, limits.max_query_bytes);
  if (size_t words = count_words(q); words > limits.max_query_words) {
    refuse("q", "has " + std::to_string(words) + " words; the limit is " + std::to_string(limits.max_query_words));
  }
  return q;
}

}  // namespace

bool is_parameter_text(std::string_view value) noexcept {
  return is_valid_utf8(value) && value.find('\0') == std::string_view::npos;
}

std::string quote_value(std::string_view value) {
  constexpr size_t kMax = 60;
  if (value.size() <= kMax) return "'" + std::string(value) + "'";
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return "'" + std::string(value.substr(0, cut)) + "...' (" + std::to_string(value.size()) + " bytes)";
}

SearchParams parse_search_params(const Params& params, const SearchLimits& limits) {
  SearchParams out;
  SearchRequest& req = out.request;
  if (const std::string* q = single(params, "q")) req.query = checked_query(*q, limits);
  auto [first, last] = params.equal_range("company");
  for (auto it = first; it != last; ++it) {
    if (it->second.empty()) continue;
    if (req.companies.size() == limits.max_companies) {
      refuse("company", "given more than " + std::to_string(limits.max_companies) + " times");
    }
    req.companies.push_back(checked("company", it->second, limits.max_value_bytes));
  }
  if (const std::string* lang = single(params, "lang")) {
    req.lang = *lang;
    if (!lang->empty() && !analysis::is_stemmed_language(*lang)) {
      refuse("lang", quote_value(checked("lang", *lang, 0)) + " is not one of: " + analysis::stemmed_language_list());
    }
  }
  if (const std::string* from = single(params, "from")) req.from = checked("from", *from, limits.max_value_bytes);
  if (const std::string* to = single(params, "to")) req.to = checked("to", *to, limits.max_value_bytes);
  if (const std::string* sort = single(params, "sort")) {
    req.sort = parse_choice("sort", *sort, {"relevance", "date"}) == 1 ? SortOrder::date : SortOrder::relevance;
  }
  out.size = limits.default_limit;
  if (const std::string* size = single(params, "size")) out.size = parse_count("size", *size, 1, limits.max_limit);
  const size_t max_page = limits.max_offset / out.size + 1;
  if (const std::string* page = single(params, "page")) {
    out.page = parse_count("page", *page, 1, std::numeric_limits<size_t>::max());
    if (out.page > max_page) {
      refuse("page", std::to_string(out.page) + " is too deep: with size " + std::to_string(out.size) +
                         " the last page is " + std::to_string(max_page) + " (" + std::to_string(limits.max_offset) +
                         " hits); narrow the search with filters");
    }
  }
  req.facets = true;
  if (const std::string* facets = single(params, "facets")) req.facets = parse_flag("facets", *facets);
  if (const std::string* collapse = single(params, "collapse")) req.collapse = parse_flag("collapse", *collapse);
  req.offset = (out.page - 1) * out.size;
  req.limit = out.size;
  req.snippets = true;
  req.facet_size = limits.facet_size;
  return out;
}

RelatedParams parse_related_params(const Params& params, const SearchLimits& limits) {
  RelatedParams out;
  out.limit = limits.default_limit;
  if (const std::string* days = single(params, "days")) out.days = parse_count("days", *days, 0, 36600);
  if (const std::string* limit = single(params, "limit")) out.limit = parse_count("limit", *limit, 1, limits.max_limit);
  return out;
}

std::string parse_highlight_query(const Params& params, const SearchLimits& limits) {
  const std::string* q = single(params, "q");
  return q != nullptr ? checked_query(*q, limits) : std::string();
}

}  // namespace rassegna::api
