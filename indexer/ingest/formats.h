#pragma once
// Which reader a file goes to: forced by the user (--format), else by its extension (under an
// optional .gz), else by its first bytes.

#include <optional>
#include <string>
#include <string_view>

namespace rassegna::ingest {

enum class Format { jsonl, text, feed, html, warc, csv, tsv };

// "jsonl", "text", "feed", "html", "warc", "csv", "tsv".
const char* format_name(Format format);

// The names format_name gives, also "rss", "atom", "txt", "ndjson"; nullopt for anything else.
std::optional<Format> parse_format_name(std::string_view name);

// "jsonl, text, feed (rss, atom), html, warc, csv, tsv", for messages and --help.
std::string format_names();

// By extension, case-insensitive, looking under a final .gz: .jsonl/.ndjson, .txt, .rss/.atom,
// .html/.htm, .warc, .csv, .tsv. `.xml` and unknown extensions give nullopt (sniff them).
std::optional<Format> format_from_extension(const std::string& path);

// By the first bytes of the (decompressed) file: "WARC/1.", an RSS/Atom/RDF root element, an
// HTML doctype or <html>, a JSON object. nullopt when none of them.
std::optional<Format> sniff_format(std::string_view head);

// The extension ("xml", "pdf"; "" when none) under a final .gz, lower case, for messages.
std::string extension_of(const std::string& path);

}  // namespace rassegna::ingest
