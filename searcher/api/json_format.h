#pragma once
// JSON shapes of the public interface (CLI --json and the HTTP API share them).

#include <nlohmann/json.hpp>

#include <rassegna/article.h>

#include "searcher/query/search_request.h"
#include "searcher/query/searcher.h"

namespace rassegna::api {

nlohmann::json to_json(const Hit& hit);
nlohmann::json to_json(const Facets& facets);
// {"query", "total", "total_exact", "took_ms", "hits": [...], "facets": {...}}
nlohmann::json to_json(const SearchResult& result);
nlohmann::json to_json(const Article& article);
nlohmann::json to_json(const DatabaseStats& stats);

// Serialises without ever throwing on invalid UTF-8 (replaced with U+FFFD). indent < 0: compact.
std::string dump(const nlohmann::json& j, int indent = -1);

}  // namespace rassegna::api
