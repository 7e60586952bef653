#include "indexer/ingest/formats.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace rassegna::ingest {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && lower(s.substr(0, prefix.size())) == prefix;
}

// Skips a UTF-8 byte-order mark, white space, the XML declaration, comments and processing
// instructions, so that `head` starts at the first element or doctype.
std::string_view skip_prolog(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  while (true) {
    size_t i = head.find_first_not_of(" \t\r\n");
    if (i == std::string_view::npos) return {};
    head.remove_prefix(i);
    std::string_view end;
    if (head.substr(0, 2) == "<?") {
      end = "?>";
    } else if (head.substr(0, 4) == "<!--") {
      end = "-->";
    } else {
      return head;
    }
    size_t e = head.find(end);
    if (e == std::string_view::npos) return {};
    head.remove_prefix(e + end.size());
  }
}

}  // namespace

const char* format_name(Format format) {
  switch (format) {
    case Format::jsonl: return "jsonl";
    case Format::text: return "text";
    case Format::feed: return "feed";
    case Format::html: return "html";
    case Format::warc: return "warc";
    case Format::csv: return "csv";
    case Format::tsv: return "tsv";
  }
  return "?";
}

std::optional<Format> parse_format_name(std::string_view name) {
  const std::string n = lower(name);
  if (n == "jsonl" || n == "ndjson") return Format::jsonl;
  if (n == "text" || n == "txt") return Format::text;
  if (n == "feed" || n == "rss" || n == "atom") return Format::feed;
  if (n == "html" || n == "htm") return Format::html;
  if (n == "warc") return Format::warc;
  if (n == "csv") return Format::csv;
  if (n == "tsv") return Format::tsv;
  return std::nullopt;
}

std::string format_names() { return "jsonl, text, feed (rss, atom), html, warc, csv, tsv"; }

std::string extension_of(const std::string& path) {
  std::filesystem::path p(lower(std::filesystem::path(path).filename().string()));
  if (p.extension() == ".gz") p = p.stem();
  std::string ext = p.extension().string();
  return ext.empty() ? ext : ext.substr(1);
}

std::optional<Format> format_from_extension(const std::string& path) {
  const std::string ext = extension_of(path);
  if (ext == "jsonl" || ext == "ndjson") return Format::jsonl;
  if (ext == "txt") return Format::text;
  if (ext == "rss" || ext == "atom") return Format::feed;
  if (ext == "html" || ext == "htm" || ext == "xhtml") return Format::html;
  if (ext == "warc") return Format::warc;
  if (ext == "csv") return Format::csv;
  if (ext == "tsv") return Format::tsv;
  return std::nullopt;
}

std::optional<Format> sniff_format(std::string_view head) {
  if (head.substr(0, 7) == "WARC/1.") return Format::warc;
  std::string_view s = skip_prolog(head);
  if (s.empty()) return std::nullopt;
  if (s.front() == '{') return Format::jsonl;
  if (starts_with_ci(s, "<!doctype html") || starts_with_ci(s, "<html")) return Format::html;
  // Feeds: the root element, after an optional doctype.
  if (starts_with_ci(s, "<!doctype")) {
    // An internal subset ([ ... ]) holds '>' of its own.
    size_t bracket = s.find('['), first_gt = s.find('>');
    size_t e = bracket != std::string_view::npos && bracket < first_gt ? s.find("]>", bracket) : first_gt;
    if (e != std::string_view::npos && e != first_gt) ++e;
    s = e == std::string_view::npos ? std::string_view{} : skip_prolog(s.substr(e + 1));
  }
  if (s.substr(0, 4) == "<rss" || s.substr(0, 5) == "<feed" || s.substr(0, 8) == "<rdf:RDF") return Format::feed;
  if (s.substr(0, 1) == "<") {
    // XHTML with a namespace prefix, or HTML without doctype starting with <head>.
    if (starts_with_ci(s, "<head") || starts_with_ci(s, "<body")) return Format::html;
  }
  return std::nullopt;
}

}  // namespace rassegna::ingest
