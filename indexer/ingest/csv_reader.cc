#include "indexer/ingest/csv_reader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>

#include <rassegna/utf8.h>

#include "indexer/analysis/text_cleaner.h"
#include "indexer/ingest/article_fields.h"
#include "indexer/ingest/byte_stream.h"

namespace rassegna::ingest {
namespace {

constexpr size_t kMaxRowBytes = kMaxArticleBytes;  // a row (an article) larger than this is skipped

enum Field { kId, kTitle, kBody, kDate, kLang, kSource, kUrl, kOrgs, kFieldCount };
constexpr std::array<const char*, kFieldCount> kFieldNames = {"id", "title", "body", "date",
                                                              "lang", "source", "url", "orgs"};

// Header names that mean each field (compared after lower-casing and trimming; spaces, '-' and
// '_' are ignored, so "Published At" = "published_at").
const std::array<std::vector<std::string>, kFieldCount>& synonyms() {
  static const std::array<std::vector<std::string>, kFieldCount> table = {{
      {"id", "guid", "uid", "articleid", "docid", "identificativo"},
      {"title", "headline", "titolo", "heading", "subject", "oggetto"},
      {"body", "text", "content", "testo", "fulltext", "article", "articolo", "contenuto", "corpo", "description",
       "descrizione"},
      {"date", "published", "pubdate", "publishedat", "publicationdate", "datetime", "data", "datapubblicazione",
       "pubblicato", "time"},
      {"lang", "language", "lingua", "locale"},
      {"source", "fonte", "testata", "publication", "publisher", "outlet", "media", "sourcename"},
      {"url", "link", "href", "permalink", "uri"},
      {"orgs", "companies", "organizations", "organisations", "aziende", "società", "societa"},
  }};
  return table;
}

std::string normal_name(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '_' || c == '-' || c == '\t' || c == '\r' || c == '\n') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

int field_index(std::string_view name) {
  for (int i = 0; i < kFieldCount; ++i) {
    if (name == kFieldNames[static_cast<size_t>(i)]) return i;
  }
  return -1;
}

// One row of fields, and where it went wrong.
struct Row {
  std::vector<std::string> fields;
  size_t line = 0;         // where the row starts
  std::string error;       // empty when well-formed
  size_t bytes = 0;
  bool oversized = false;
};

// RFC 4180 records over a byte stream, counting lines for messages.
class RowParser {
 public:
  RowParser(ByteStream& in, char delimiter) : in_(in), delim_(delimiter) {}

  // False at the end of the file.
  bool next(Row& row) {
    row.fields.clear();
    row.error.clear();
    row.bytes = 0;
    row.oversized = false;
    // Blank lines between rows are not rows.
    while (in_.peek() == '\n' || in_.peek() == '\r') {
      if (in_.get() == '\n') ++line_;
    }
    if (in_.peek() < 0) return false;
    row.line = line_;
    std::string field;
    size_t column = 1, col_char = 1;  // field number, and character position in the line
    bool quoted = false, after_quote = false;
    size_t quote_line = 0, quote_col = 0;
    auto add = [&](int c) {
      if (row.bytes++ < kMaxRowBytes) {
        field.push_back(static_cast<char>(c));
      } else {
        row.oversized = true;
      }
    };
    auto fail = [&](const std::string& what) {
      if (row.error.empty()) row.error = what;
    };
    while (true) {
      int c = in_.get();
      if (c < 0) {
        if (quoted) {
          fail("unclosed quote (opened at line " + std::to_string(quote_line) + ", column " +
               std::to_string(quote_col) + "; the rest of the file is inside it)");
        }
        row.fields.push_back(std::move(field));
        return true;
      }
      ++col_char;
      if (quoted) {
        if (c == '"') {
          if (in_.peek() == '"') {
            in_.get();
            ++col_char;
            add('"');
          } else {
            quoted = false;
            after_quote = true;
          }
        } else {
          if (c == '\n') {
            ++line_;
            col_char = 1;
          }
          add(c);
        }
        continue;
      }
      if (c == delim_) {
        row.fields.push_back(std::move(field));
        field.clear();
        ++column;
        after_quote = false;
        continue;
      }
      if (c == '\n' || (c == '\r' && in_.peek() == '\n')) {
        if (c == '\r') in_.get();
        ++line_;
        row.fields.push_back(std::move(field));
        return true;
      }
      if (c == '"' && field.empty() && !after_quote) {
        quoted = true;
        quote_line = line_;
        quote_col = col_char - 1;
        continue;
      }
      if (after_quote) {
        fail("unexpected text after a closing quote (line " + std::to_string(line_) + ", column " +
             std::to_string(col_char - 1) + ", field " + std::to_string(column) +
             "; a quote inside a quoted field is written twice: \"\")");
      }
      add(c);
    }
  }

  size_t line() const { return line_; }

 private:
  ByteStream& in_;
  char delim_;
  size_t line_ = 1;
};

// The delimiter a .csv header uses: the most frequent of , ; and tab outside quotes.
char detect_delimiter(const std::string& header_line) {
  size_t comma = 0, semi = 0, tab = 0;
  bool quoted = false;
  for (char c : header_line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    comma += c == ',';
    semi += c == ';';
    tab += c == '\t';
  }
  if (tab > comma && tab > semi) return '\t';
  return semi > comma ? ';' : ',';
}

struct ColumnMap {
  std::array<int, kFieldCount> column{};  // column index per field, -1 when absent
  std::vector<std::string> header;
  std::string error;
};

ColumnMap map_columns(const std::vector<std::string>& header, const ReaderOptions& options) {
  ColumnMap m;
  m.column.fill(-1);
  m.header = header;
  std::vector<std::string> names;
  for (const auto& h : header) names.push_back(normal_name(h));
  for (const auto& [field, column] : options.csv_map) {
    int f = field_index(field);
    if (f < 0) continue;  // refused by parse_csv_map already
    int index = -1;
    if (!column.empty() && std::all_of(column.begin(), column.end(), [](unsigned char c) { return std::isdigit(c); })) {
      index = std::stoi(column) - 1;
      if (index >= static_cast<int>(header.size())) index = -1;
    } else {
      for (size_t i = 0; i < header.size(); ++i) {
        if (normal_name(header[i]) == normal_name(column)) index = static_cast<int>(i);
      }
    }
    if (index < 0) {
      m.error = "--csv-map " + field + "=" + column + ": the header has no such column";
      return m;
    }
    m.column[static_cast<size_t>(f)] = index;
  }
  for (int f = 0; f < kFieldCount; ++f) {
    if (m.column[static_cast<size_t>(f)] >= 0) continue;
    for (const auto& syn : synonyms()[static_cast<size_t>(f)]) {
      auto it = std::find(names.begin(), names.end(), syn);
      bool taken = it != names.end() &&
                   std::find(m.column.begin(), m.column.end(), static_cast<int>(it - names.begin())) != m.column.end();
      if (it != names.end() && !taken) {
        m.column[static_cast<size_t>(f)] = static_cast<int>(it - names.begin());
        break;
      }
    }
  }
  if (m.column[kBody] < 0) {
    std::string found;
    for (const auto& h : header) found += (found.empty() ? "'" : ", '") + h.substr(0, 40) + "'";
    m.error = "no text column in the header (looked for body, text, content, testo, articolo …; found " + found +
              "); name one with --csv-map body=COLUMN";
  }
  return m;
}

std::string column_label(const ColumnMap& m, int f) {
  int c = m.column[static_cast<size_t>(f)];
  return "column " + std::to_string(c + 1) + " ('" + m.header[static_cast<size_t>(c)] + "')";
}

std::string hex_hash(const std::string& a, const std::string& b, const std::string& c) {
  uint64_t h = 1469598103934665603ULL;
  for (const std::string* s : {&a, &b, &c}) {
    for (unsigned char ch : *s) {
      h ^= ch;
      h *= 1099511628211ULL;
    }
    h ^= 0xff;
    h *= 1099511628211ULL;
  }
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

Article article_from_row(Row& row, const ColumnMap& m, const std::string& stem, std::vector<std::string>& repairs) {
  if (row.fields.size() < m.header.size()) {
    throw std::runtime_error(std::to_string(row.fields.size()) + " fields where the header has " +
                             std::to_string(m.header.size()) + " (column " + std::to_string(row.fields.size() + 1) +
                             " '" + m.header[row.fields.size()] + "' and after are missing)");
  }
  if (row.fields.size() > m.header.size()) {
    throw std::runtime_error(std::to_string(row.fields.size()) + " fields where the header has " +
                             std::to_string(m.header.size()) + " (column " + std::to_string(m.header.size() + 1) +
                             " has no name): a delimiter inside a field that is not quoted?");
  }
  auto get = [&](int f) -> std::string {
    int c = m.column[static_cast<size_t>(f)];
    if (c < 0) return {};
    std::string& v = row.fields[static_cast<size_t>(c)];
    if (!is_valid_utf8(v)) {
      v = cp1252_to_utf8(v);
      repairs.push_back("not UTF-8, read as Windows-1252 (" + column_label(m, f) + ")");
    }
    return v;
  };
  Article a;
  a.title = one_line_text(analysis::clean_text(get(kTitle)));
  a.body = analysis::clean_text(get(kBody));
  a.date = normalise_date(get(kDate));
  a.lang = one_line_text(get(kLang));
  a.source = one_line_text(analysis::clean_text(get(kSource)));
  a.url = one_line_text(get(kUrl));
  std::string orgs = get(kOrgs);
  for (size_t pos = 0; pos <= orgs.size();) {
    size_t end = orgs.find_first_of(";|", pos);
    if (end == std::string::npos) end = orgs.size();
    std::string org = one_line_text(orgs.substr(pos, end - pos));
    if (!org.empty()) a.orgs.push_back(org);
    pos = end + 1;
  }
  std::string id = one_line_text(get(kId));
  if (m.column[kId] >= 0 && id.empty()) throw std::runtime_error("empty id (" + column_label(m, kId) + ")");
  if (id.size() > 200) throw std::runtime_error("id longer than 200 bytes (" + column_label(m, kId) + ")");
  if (id.empty()) id = !a.url.empty() ? id_from_key(a.url) : stem + "-" + hex_hash(a.title, a.date, a.body);
  a.id = id;
  if (a.body.empty()) throw std::runtime_error("empty text (" + column_label(m, kBody) + ")");
  validate_article(a, repairs);
  return a;
}

char delimiter_for(const std::string& path, char delimiter) {
  if (delimiter != 0) return delimiter;
  std::string head = read_head(path, 65536);
  return detect_delimiter(head.substr(0, head.find('\n')));
}

void strip_bom(std::vector<std::string>& header) {
  if (!header.empty() && header[0].rfind("\xEF\xBB\xBF", 0) == 0) header[0].erase(0, 3);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_csv_map(const std::string& spec, std::string& error) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t pos = 0;
  while (pos <= spec.size()) {
    size_t end = spec.find(',', pos);
    if (end == std::string::npos) end = spec.size();
    std::string part = spec.substr(pos, end - pos);
    pos = end + 1;
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string field = eq == std::string::npos ? part : part.substr(0, eq);
    std::string column = eq == std::string::npos ? "" : part.substr(eq + 1);
    if (eq == std::string::npos || column.empty()) {
      error = "'" + part + "' is not field=column";
      return {};
    }
    if (field_index(field) < 0) {
      error = "'" + field + "' is not an article field; expected id, title, body, date, lang, source, url or orgs";
      return {};
    }
    out.emplace_back(field, column);
  }
  return out;
}

bool csv_has_text_column(const std::string& path, char delimiter, const ReaderOptions& options) {
  try {
    ByteStream in(path);
    RowParser parser(in, delimiter_for(path, delimiter));
    Row header;
    if (!parser.next(header)) return false;
    strip_bom(header.fields);
    return map_columns(header.fields, options).error.empty();
  } catch (const std::exception&) {
    return true;  // unreadable: let read_csv report it
  }
}

void read_csv(const std::string& path, char delimiter, const ReaderOptions& options, const ReadCallbacks& cb) {
  delimiter = delimiter_for(path, delimiter);
  ByteStream in(path);
  if (in.peek() < 0) {
    cb.on_issue(IngestIssue{SourceLocation{path, 0}, "empty file: no header row", true});
    return;
  }
  std::string head;
  {
    ByteStream probe(path);
    probe.read(head, 4096);
  }
  if (head.find('\0') != std::string::npos) {
    cb.on_issue(IngestIssue{SourceLocation{path, 0}, "binary file, not CSV or TSV; file skipped", true});
    return;
  }
  RowParser parser(in, delimiter);
  Row row;
  parser.next(row);
  strip_bom(row.fields);
  for (auto& h : row.fields) {
    if (!is_valid_utf8(h)) h = cp1252_to_utf8(h);
  }
  const ColumnMap map = map_columns(row.fields, options);
  if (!map.error.empty()) {
    cb.on_issue(IngestIssue{SourceLocation{path, 1}, map.error + "; file skipped", true});
    return;
  }
  const std::string stem = std::filesystem::path(path).filename().string().substr(
      0, std::filesystem::path(path).filename().string().find('.'));
  std::vector<std::string> repairs;
  size_t rows = 0;
  while (parser.next(row)) {
    ++rows;
    SourceLocation where{path, row.line};
    if (row.oversized) {
      cb.on_issue(IngestIssue{where, "row longer than " + std::to_string(kMaxRowBytes >> 20) + " MB", true});
      continue;
    }
    if (!row.error.empty()) {
      cb.on_issue(IngestIssue{where, row.error, true});
      continue;
    }
    try {
      Article a = article_from_row(row, map, stem, repairs);
      for (auto& r : repairs) cb.on_issue(IngestIssue{where, std::move(r), false});
      repairs.clear();
      cb.on_article(std::move(a), where);
    } catch (const std::exception& e) {
      repairs.clear();
      cb.on_issue(IngestIssue{where, e.what(), true});
    }
    if ((rows & 255) == 0 && cb.on_progress) cb.on_progress(in.consumed());
  }
  if (rows == 0) cb.on_issue(IngestIssue{SourceLocation{path, 1}, "a header row and no articles", true});
  if (cb.on_progress) cb.on_progress(file_size(path));
}

}  // namespace rassegna::ingest
