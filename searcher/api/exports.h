#pragma once
// Exports of a whole search (every match, not one page) as CSV or JSON Lines, made while they
// are sent: the ids of the matches are listed first (they stay valid across commits), then the
// articles are read in batches, each batch with a database handle borrowed for it alone, so a
// slow download never holds a search worker.

#include <functional>
#include <string>
#include <vector>

#include <rassegna/article.h>

namespace rassegna::api {

enum class ExportFormat { csv, jsonl };

// CSV (RFC 4180, CRLF, UTF-8): id,date,lang,source,title,url,companies (companies joined by "; ").
// A cell that a spreadsheet would run as a formula (starting with = + - @ or a tab) gets a
// leading apostrophe (OWASP's advice for CSV injection).
std::string csv_header();
std::string csv_row(const Article& a);
// One JSON object per line: id, date, lang, source, title, url, companies, body.
std::string jsonl_row(const Article& a);

// Reads the articles of some ids (ids no longer found are left out).
using ArticleReader = std::function<std::vector<Article>(const std::vector<std::string>& ids)>;

// The stream of an export of `ids` (ApiResponse::stream): the header, then rows, `batch` ids
// read per call. An error while reading ends the stream early (after `on_error` is told).
std::function<bool(std::string&)> export_stream(std::vector<std::string> ids, ExportFormat format, ArticleReader read,
                                                size_t batch, std::function<void(const std::string&)> on_error);

}  // namespace rassegna::api
