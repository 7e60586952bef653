#pragma once
// What every reader does to the fields it found before an article is handed on.

#include <string>
#include <string_view>
#include <vector>

#include <rassegna/article.h>

namespace rassegna::ingest {

// Checks and repairs an article whose text is already clean: throws std::runtime_error when it
// has no body; fills a missing title from the body, drops an unreadable date and normalises the
// language code, each reported in `repairs`.
void validate_article(Article& a, std::vector<std::string>& repairs);

// The most text one article may have: a record with more is skipped by the readers of web
// formats (feeds, pages, crawls, spreadsheets), before any cleaning.
inline constexpr size_t kMaxArticleBytes = size_t{16} << 20;

// An article id from a key such as a URL or a feed guid: the key itself when it fits the 200
// bytes ids may have, else its first 180 bytes and a hash of the whole key (still unique and
// the same on every run).
std::string id_from_key(std::string_view key);

// A publication date as feeds and pages write it, as ISO-8601: RFC 822 ("Mon, 14 Sep 2020
// 10:05:00 +0200", zone names GMT, UT, EST … CET, CEST, military letters) becomes
// "2020-09-14T10:05:00+02:00"; "14/09/2020" (also with . or -, and a time) is read day first;
// RFC 3339 and ISO-8601 forms pass as they are.
// Anything else is returned trimmed, unchanged, for validate_article to report.
std::string normalise_date(std::string_view text);

// Collapses white space (also line breaks) to single spaces and trims: titles and names.
std::string one_line_text(std::string_view text);

// Windows-1252 (what spreadsheet programs and old CMSs write when not told otherwise) to UTF-8.
std::string cp1252_to_utf8(std::string_view in);

}  // namespace rassegna::ingest
