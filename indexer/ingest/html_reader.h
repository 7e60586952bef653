#pragma once
// Saved news pages: metadata from the page's own markup (Open Graph, article:published_time,
// schema.org NewsArticle JSON-LD, <time>, <title>) and the body as the page's main text, found
// by main_text.h. Field mapping: corpus/FORMAT.md.

#include <string>
#include <string_view>
#include <vector>

#include "indexer/ingest/reader.h"

namespace rassegna::ingest {

// What the page says about itself; empty strings where it says nothing.
struct PageFields {
  std::string title, date, source, url, lang;
  std::string base;       // <base href>, as written
  std::string body;       // main text, clean
  std::string json_body;  // the JSON-LD articleBody, when the page has one (clean)
};

// Parses a page and finds its fields. `repairs` receives encoding repairs.
PageFields extract_page(std::string_view html, const std::string& name, std::vector<std::string>& repairs);

// An article from a page: id from the page's canonical URL (a relative one resolved against
// <base href>, itself resolved against `fallback_url`, else against `fallback_url`), else
// `fallback_url`, else `fallback_id`; date from the page, else `fallback_date`. Throws std::runtime_error when the
// page has no text.
Article article_from_html(std::string_view html, const std::string& name, const std::string& fallback_id,
                          const std::string& fallback_url, const std::string& fallback_date,
                          std::vector<std::string>& repairs);

// Reads one page (plain or gzip): one article, id from the page's URL, else the file name.
void read_html(const std::string& path, const ReadCallbacks& cb);

}  // namespace rassegna::ingest
