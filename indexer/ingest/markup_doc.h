#pragma once
// libxml2 behind a narrow adapter for the readers of feeds and pages: safe parsing (no network,
// no external entities, no DTD loading, no entity substitution), the encoding decided from the
// bytes when the declaration is wrong, and the text of a subtree.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <libxml/tree.h>

namespace rassegna::ingest {

struct DocDeleter {
  void operator()(xmlDoc* doc) const;
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;

struct ParseOutcome {
  DocPtr doc;                         // null when nothing could be parsed
  std::vector<std::string> repairs;   // e.g. an encoding that did not match the bytes
  std::string error;                  // first well-formedness error (XML only), empty if none
  int error_line = 0;
};

// True when the bytes of an XML document declare entities (<!ENTITY in an internal DTD
// subset): the way to XXE and "billion laughs". Checked before parsing; such documents are refused.
bool has_entity_declarations(std::string_view bytes);

// Parses a feed that has no entity declarations (has_entity_declarations). Recovers what precedes a well-formedness error (reported in `error`).
ParseOutcome parse_xml(const std::string& bytes, const std::string& name);

// The page as a browser running scripts reads it, where libxml2's HTML parser would not:
//  - without its <noscript> elements, which a browser reads as raw text up to the first
//    </noscript> (libxml2 parses their content as markup, so a mis-nested
//    `<noscript><div></noscript>` would swallow the rest of the page into the <noscript>);
//  - without a DOCTYPE's internal subset and `<!ENTITY`, `<!ELEMENT` … declarations, which a
//    browser reads as comments (libxml2 shows them as text; it never expands them).
// Comments, scripts and styles are left alone.
std::string as_browsers_read(std::string_view html);

// Parses an HTML page (libxml2's HTML parser: forgiving, as browsers are), as_browsers_read.
ParseOutcome parse_html(std::string_view bytes, const std::string& name);

// The same on a parsed document (a second line of defence).
bool declares_entities(const xmlDoc* doc);

// The text of a subtree: text nodes joined, line breaks around block elements and at <br>,
// nothing from script, style, noscript, template or comments.
std::string node_text(const xmlNode* node);

// An attribute's value ("" when absent); local names, case-insensitive for HTML.
std::string attribute(const xmlNode* node, const char* name);

// The element's local name in lower case ("" for other nodes).
std::string element_name(const xmlNode* node);

}  // namespace rassegna::ingest
