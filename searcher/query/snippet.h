#pragma once
// Highlighted snippets: the window of an article's text that holds the most distinct query
// words, HTML-escaped, with <mark> around every matched word. Words are matched through the
// shared Analyzer, so an elided, accented or inflected form in the text ("dell’amministrazione",
// "città", "companies") is marked when the query asked for its base form.

#include <string>
#include <string_view>

#include <rassegna/analysis/analyzer.h>

#include "searcher/query/query_parser.h"

namespace rassegna {

struct SnippetOptions {
  size_t max_bytes = 260;         // length of the window of text shown
  size_t scan_bytes = 1 << 20;    // only this much of a long article is scanned for matches
};

std::string make_snippet(std::string_view text, std::string_view lang, const ParsedQuery& query,
                         analysis::Analyzer& analyzer, const SnippetOptions& options = {});

// The whole text HTML-escaped with every matched word marked (for showing a full article).
std::string highlight_all(std::string_view text, std::string_view lang, const ParsedQuery& query,
                          analysis::Analyzer& analyzer);

// Escapes & < > " ' for HTML text and attributes.
void append_html_escaped(std::string& out, std::string_view text);
std::string html_escape(std::string_view text);

}  // namespace rassegna
