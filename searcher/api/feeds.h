#pragma once
// Every search as an Atom 1.0 feed (RFC 4287), so any feed reader becomes an alert: newest
// first, one entry per article, entry ids built from the article id (stable across re-indexing
// and servers), `updated` from the article's date.

#include <string>
#include <string_view>
#include <vector>

#include "searcher/query/search_request.h"

namespace rassegna::api {

struct FeedInfo {
  SearchRequest request;     // the search the feed follows (its query and filters)
  std::string base_url;      // "http://host:port" as the client named the server; empty: relative links
  std::string self_query;    // the feed's own query string, without '?' (for rel="self")
  std::string fallback_updated;  // RFC 3339 time for a feed without dated entries
  std::string version;       // the generator's version
};

// The feed document for `hits` (already in newest-first order).
std::string atom_feed(const FeedInfo& info, const std::vector<Hit>& hits);

// RFC 3339 date-time of an article date (YYYY-MM-DD, or ISO-8601 date-time, as Article::date):
// a date alone is midnight UTC, a time without offset is taken as UTC, an offset is kept.
// Empty when the date cannot be read.
std::string rfc3339(std::string_view article_date);

// The entry id of an article: tag:rassegna,2026:article:<id %-encoded>.
std::string entry_id(std::string_view article_id);

// The search's canonical identity as a query string (q, then companies sorted, lang, from, to;
// %-encoded): equal searches give equal feed ids whatever the order or paging of parameters.
std::string canonical_search(const SearchRequest& request);

// Text for XML character data and attribute values: & < > " escaped, characters XML 1.0
// forbids dropped, invalid UTF-8 replaced by U+FFFD.
std::string xml_escape(std::string_view text);

// %-encoding of everything but RFC 3986 unreserved characters.
std::string percent_encode(std::string_view text);

}  // namespace rassegna::api
