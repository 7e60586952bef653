#pragma once
// Every form of the README's query table as a request, with the tree it must parse to (written
// by hand, not taken from the parser): the differential test holds both search paths to the
// oracle on them, and the remote test holds remote parts to one local database.

#include <utility>
#include <vector>

#include <rassegna/analysis/analyzer.h>

#include "searcher/query/query_tree.h"
#include "searcher/query/search_request.h"

namespace rassegna::testing {

// Snippets off; facets on (with every company) except for two queries whose Enquire totals
// may be estimates.
std::vector<std::pair<SearchRequest, QueryNode>> grammar_forms(analysis::Analyzer& analyzer);

}  // namespace rassegna::testing
