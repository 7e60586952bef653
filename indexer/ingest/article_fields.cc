// Field validation shared by the readers: what makes an article indexable, what is repaired.
#include <nlohmann/json.hpp>
#include <stdexcept>

#include <rassegna/dates.h>

#include "indexer/analysis/text_cleaner.h"
#include "indexer/ingest/article_fields.h"
#include "indexer/ingest/reader.h"

namespace rassegna::ingest {
namespace {

using nlohmann::json;

std::string string_field(const json& obj, const char* name, std::vector<std::string>& repairs) {
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) {
    repairs.push_back(std::string("field '") + name + "' is a number; read as text");
    return it->dump();
  }
  throw std::runtime_error(std::string("field '") + name + "' must be a string, not " + it->type_name());
}

// Titles are one line.
std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

// A title from text: the first short line that reads like a headline (no final full stop),
// else the first line cut at a word boundary.
std::string title_from_text(const std::string& text, size_t& title_line_end) {
  size_t pos = 0;
  for (int line_no = 0; line_no < 3 && pos < text.size(); ++line_no) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    if (!line.empty() && line.size() <= 200 && line.back() != '.') {
      title_line_end = end;
      if (line_no > 0) title_line_end = std::string::npos;  // not the first line: keep the body whole
      return line;
    }
    pos = end + 1;
    while (pos < text.size() && text[pos] == '\n') ++pos;
  }
  title_line_end = std::string::npos;
  std::string first = text.substr(0, text.find('\n'));
  if (first.size() > 120) {
    size_t cut = first.rfind(' ', 120);
    if (cut == std::string::npos) {
      cut = 120;  // no space: cut between characters, never inside one (found by fuzz/text_reader)
      while (cut > 0 && (static_cast<unsigned char>(first[cut]) & 0xC0) == 0x80) --cut;
    }
    first = first.substr(0, cut) + "…";
  }
  return first;
}

// Checks and repairs the fields of an article whose text is already clean (each reader cleans
// its text exactly once: cleaning twice would decode "&amp;amp;" to "&").
void validate(Article& a, std::vector<std::string>& repairs) {
  if (a.body.empty()) throw std::runtime_error("body is missing or empty");
  if (a.title.empty()) {
    size_t unused;
    a.title = title_from_text(a.body, unused);
    repairs.push_back("title missing; taken from the body");
  }
  if (!a.date.empty() && !parse_article_date(a.date)) {
    repairs.push_back("date '" + a.date + "' is not YYYY-MM-DD or ISO-8601; indexed without a date");
    a.date.clear();
  }
  if (!a.lang.empty()) {
    std::string lang;
    for (char c : a.lang) lang.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (lang.size() > 2 && (lang[2] == '-' || lang[2] == '_')) lang.resize(2);  // it-IT -> it
    if (lang.size() != 2 || !std::isalpha(static_cast<unsigned char>(lang[0])) ||
        !std::isalpha(static_cast<unsigned char>(lang[1]))) {
      repairs.push_back("lang '" + a.lang + "' is not a language code; detected instead");
      lang.clear();
    }
    a.lang = lang;
  }
}

}  // namespace

void validate_article(Article& a, std::vector<std::string>& repairs) { validate(a, repairs); }

Article article_from_json_line(std::string& line, std::vector<std::string>& repairs) {
  if (analysis::repair_utf8(line)) repairs.push_back("invalid UTF-8 replaced with U+FFFD");
  json obj;
  try {
    obj = json::parse(line);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: ..." -> keep the useful part
    size_t at = what.find("column");
    throw std::runtime_error("malformed JSON (" + (at == std::string::npos ? what : what.substr(at)) + ")");
  }
  if (!obj.is_object()) throw std::runtime_error(std::string("expected a JSON object, got ") + obj.type_name());
  Article a;
  a.id = string_field(obj, "id", repairs);
  if (a.id.empty()) throw std::runtime_error("field 'id' is missing or empty");
  if (a.id.size() > 200) throw std::runtime_error("field 'id' is longer than 200 bytes");
  a.title = one_line(analysis::clean_text(string_field(obj, "title", repairs)));
  a.body = analysis::clean_text(string_field(obj, "body", repairs));
  a.date = string_field(obj, "date", repairs);
  a.lang = string_field(obj, "lang", repairs);
  a.source = one_line(analysis::clean_text(string_field(obj, "source", repairs)));
  a.url = string_field(obj, "url", repairs);
  if (auto it = obj.find("orgs"); it != obj.end() && !it->is_null()) {
    if (!it->is_array()) throw std::runtime_error("field 'orgs' must be an array of strings");
    for (const json& org : *it) {
      if (org.is_string() && !org.get<std::string>().empty()) a.orgs.push_back(org.get<std::string>());
    }
  }
  validate(a, repairs);
  return a;
}

Article article_from_text(const std::string& id, std::string text, std::vector<std::string>& repairs) {
  if (analysis::repair_utf8(text)) repairs.push_back("invalid UTF-8 replaced with U+FFFD");
  Article a;
  a.id = id;
  std::string cleaned = analysis::clean_text(text);
  if (cleaned.empty()) throw std::runtime_error("no text");
  size_t title_end = std::string::npos;
  a.title = title_from_text(cleaned, title_end);
  if (title_end != std::string::npos && title_end < cleaned.size()) {
    a.body = cleaned.substr(title_end + 1);
  } else {
    a.body = cleaned;
  }
  validate(a, repairs);
  return a;
}

std::string cp1252_to_utf8(std::string_view in) {
  static const char16_t high[32] = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                                    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
  std::string out;
  for (unsigned char c : in) {
    char32_t cp = c < 0x80 ? c : (c < 0xA0 ? high[c - 0x80] : c);
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

}  // namespace rassegna::ingest
