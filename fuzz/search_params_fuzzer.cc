// The HTTP API's parameter parser on arbitrary name=value&... bytes (as cpp-httplib hands them
// over, already decoded): a SearchParams within the limits, or a refusal naming one of the
// parameters given.
#include <cstdint>
#include <string>
#include <string_view>

#include <rassegna/error.h>

#include "fuzz/fuzz_support.h"
#include "searcher/api/params.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  rassegna::api::Params params;
  size_t start = 0;
  while (start <= text.size()) {
    size_t amp = text.find('&', start);
    if (amp == std::string_view::npos) amp = text.size();
    const std::string_view pair = text.substr(start, amp - start);
    const size_t eq = pair.find('=');
    params.emplace(std::string(pair.substr(0, eq)), eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1)));
    start = amp + 1;
  }
  const rassegna::SearchLimits limits;
  try {
    const rassegna::api::SearchParams p = rassegna::api::parse_search_params(params, limits);
    FUZZ_CHECK(p.size >= 1 && p.size <= limits.max_limit, "size out of range");
    FUZZ_CHECK(p.request.offset <= limits.max_offset, "paging past the limit");
    FUZZ_CHECK(p.request.query.size() <= limits.max_query_bytes, "a query over the byte limit");
    FUZZ_CHECK(p.request.companies.size() <= limits.max_companies, "too many companies");
  } catch (const rassegna::Error& e) {
    FUZZ_CHECK(e.code() == rassegna::ErrorCode::invalid_argument, "a refusal that is not invalid_argument");
    FUZZ_CHECK(params.count(std::string(e.param())) > 0, "a refusal naming a parameter that was not given");
  }
  return 0;
}
