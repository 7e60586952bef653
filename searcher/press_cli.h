#pragma once
// rassegna-search's press-office outputs (press_cli.cc): feeds, exports, reviews, trends,
// company profiles and the spelling suggestion, with the HTTP API's formats.

#include <string>
#include <vector>

#include "searcher/query/search_request.h"
#include "searcher/query/searcher.h"

namespace rassegna::cli {

struct PressOptions {
  std::string format;                 // "", "atom", "csv", "jsonl", "review"
  std::vector<std::string> trends;    // --trend companies
  std::string granularity = "month";  // of --trend
  std::string profile;                // --profile company
  std::string review_group = "company";
  bool json = false;
};

// True when an option asks for one of these outputs (then run_press prints it).
bool wants_press_output(const PressOptions& o);
// Prints the output to stdout; throws rassegna::Error like the searcher.
void run_press(Searcher& searcher, const SearchRequest& request, const PressOptions& o);
// The "did you mean" line for a search with few hits, or empty.
std::string suggestion_for(Searcher& searcher, const SearchRequest& request, uint64_t total);

}  // namespace rassegna::cli
