#pragma once
// Spreadsheets exported as CSV or TSV: one article a row, the header row naming the columns
// (RFC 4180 quoting, fields over several lines, a `;` or tab delimiter detected in .csv files).
// Column names and their synonyms: corpus/FORMAT.md.

#include <string>
#include <utility>
#include <vector>

#include "indexer/ingest/reader.h"

namespace rassegna::ingest {

// Parses --csv-map "body=Testo articolo,date=Data": pairs of (article field, column name or
// 1-based number). Sets `error` (naming the bad part and the valid fields) on failure.
std::vector<std::pair<std::string, std::string>> parse_csv_map(const std::string& spec, std::string& error);

// Reads a CSV (`delimiter` 0: detect among , ; and tab from the header) or TSV file.
void read_csv(const std::string& path, char delimiter, const ReaderOptions& options, const ReadCallbacks& cb);

// True when the header row of the file maps a text (body) column: whether a .csv met in a
// folder is a spreadsheet of articles (and not, say, a gazetteer).
bool csv_has_text_column(const std::string& path, char delimiter, const ReaderOptions& options);

}  // namespace rassegna::ingest
